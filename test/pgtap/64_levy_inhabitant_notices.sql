-- levy (inhabitant tax): notices (src/sql/485) and the income certificate
-- (src/sql/486) from the assessment versions of the annual batch (470).
-- Municipality 131130 (national standard: 市 6 %, 県 4 %, 1級地), 令和8年度
-- (2026, income of 2025).  A: salary from X (special); B: pension, aged 63
-- (under 65 on 1 April: not 年金特別徴収, ordinary); C: small salary
-- (非課税); D: moved in after 1 January (not assessed); E: salary from Y,
-- later also from Z (employer change); F: pension only, aged 75 (年金特別徴収,
-- first year); G: salary from W and a pension, aged 67 (給与特別徴収 +
-- 年金特別徴収, first year); H: a pension and other income, aged 70 (普通徴収 +
-- 年金特別徴収, first year).
BEGIN;
SELECT plan(54);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'HQ', '税務課', 'hq_division'),
	('131130', 'N', '北支所', 'branch');
INSERT INTO zeimu.person (lg_code, atena_no, name, sex, birth_date, address, office_code, business_date) VALUES
	('131130', 1, '甲野 一郎', 1, '1980-04-01', 'テスト区本町１丁目１番', 'HQ', '2020-04-01'),
	('131130', 2, '乙川 花子', 2, '1962-06-15', 'テスト区本町２丁目２番', 'HQ', '2020-04-01'),
	('131130', 3, '丙田 三郎', 1, '2000-01-20', 'テスト区本町３丁目３番', 'HQ', '2020-04-01'),
	('131130', 4, '丁山 四郎', 1, '1985-02-02', 'テスト区本町４丁目４番', 'HQ', '2026-03-01'),
	('131130', 5, '戊田 五郎', 1, '1990-05-05', 'テスト区北町５番', 'N', '2020-04-01'),
	('131130', 6, '己野 六子', 2, '1950-09-09', 'テスト区本町６丁目６番', 'HQ', '2020-04-01'),
	('131130', 7, '庚山 七郎', 1, '1958-03-03', 'テスト区本町７丁目７番', 'HQ', '2020-04-01'),
	('131130', 8, '辛川 八重', 2, '1955-08-08', 'テスト区本町８丁目８番', 'HQ', '2020-04-01');
DO $$ BEGIN PERFORM zeimu.link_mynumber('131130', g, zeimu.sample_mynumber(11, g), 'test') FROM generate_series(1, 8) g; END $$;

CREATE TEMP TABLE doc (tag text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.recv(p_tag text, p_atena bigint, p_kind text, p_facts jsonb, p_employer text, p_no text,
	p_on date, p_supersedes bigint DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	p record;
BEGIN
	SELECT * INTO p FROM zeimu.person WHERE lg_code::text = '131130' AND atena_no = p_atena;
	INSERT INTO doc VALUES (p_tag, zeimu.receive_tax_document('131130', p_kind, 2026, p_facts, p_name => p.name, p_sex => p.sex,
		p_birth_date => p.birth_date, p_address => p.address, p_source => coalesce(p_employer, '年金機構'),
		p_received_on => p_on, p_employer_name => p_employer, p_employer_no => p_no, p_supersedes => p_supersedes));
END $$;
SELECT pg_temp.recv('a', 1, 'salary_report', '{"salary": 4000000, "social_insurance": 600000}', '株式会社エックス', 'X-0001', '2026-01-31');
SELECT pg_temp.recv('b', 2, 'pension_report', '{"pension": 3300000, "age": 63}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('c', 3, 'salary_report', '{"salary": 900000}', 'ワイ商店', 'Y-0002', '2026-01-31');
SELECT pg_temp.recv('d', 4, 'salary_report', '{"salary": 5000000}', 'ワイ商店', 'Y-0002', '2026-01-31');
SELECT pg_temp.recv('e', 5, 'salary_report', '{"salary": 2000000}', 'ワイ商店', 'Y-0002', '2026-01-31');
SELECT pg_temp.recv('f', 6, 'pension_report', '{"pension": 2500000, "age": 75}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('g', 7, 'salary_report', '{"salary": 1500000}', 'ダブリュー工業', 'W-0004', '2026-01-31');
SELECT pg_temp.recv('g2', 7, 'pension_report', '{"pension": 1200000, "age": 67}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('h', 8, 'pension_report', '{"pension": 2000000, "age": 70, "other_income": 600000}', NULL, NULL, '2026-01-31');
-- B (born 1962-06-15) is 63 on 1 April 2026: under 65, so 普通徴収 (法321条の7の2①);
-- F (1950), G (1958) and H (1955) are 65 or more with a pension of 180,000 or more.
SELECT is((SELECT row(persons, decided, special, ordinary, non_taxable, not_resident, pension)::text
			FROM zeimu.levy_inhabitant('131130', 2026, '2026-05-15')), '(8,7,3,2,1,1,3)',
	'the levy: 7 decided (A, E, G special; B, H ordinary; C 非課税; F pension), D not resident; F, G and H in 年金特別徴収');

-- ---- the first notices --------------------------------------------------------
SELECT is((SELECT row(g.*)::text FROM zeimu.inhabitant_notices_generate('131130', 2026, '2026-05-20') g),
	'(3,3,1,0,3,1)', 'decision notices: employers X, Y, W; employees A, E, G; ordinary B; pension F, G and H; one pension payer; none for C (非課税) or D');
SELECT is((SELECT row(g.*)::text FROM zeimu.inhabitant_notices_generate('131130', 2026, '2026-05-21') g),
	'(0,0,0,0,0,0)', 'a second call issues nothing (idempotent)');

-- A (special, 納税義務者用): 給与所得 4,000,000 x 80% - 440,000 = 2,760,000;
-- 課税 2,760,000 - 430,000 - 600,000 = 1,730,000; 所得割 103,800 - 1,500 =
-- 102,300 and 69,200 - 1,000 = 68,200; + 5,000 = 175,500; monthly
-- trunc(175,500 / 12 = 14,625 to ¥100) = 14,600, June 175,500 - 11 x 14,600 = 14,900.
SELECT is((SELECT row(notice_type, employer_name, employer_no, content->>'title', content->>'total',
				content->'figures'->>'taxable_income', content->'monthly'->>0, content->'monthly'->>1, content->>'name')::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_taxpayer' AND atena_no = 1),
	'(decision,株式会社エックス,X-0001,"特別徴収税額の決定通知書 (納税義務者用)",175500,1730000,14900,14600,"甲野 一郎")',
	'A''s notice: the breakdown and the 12 monthly amounts, June first');
-- B (ordinary): 公的年金等 (under 65, 1,300,000 to 4,100,000: 控除 3,300,000 x
-- 25% + 275,000 = 1,100,000, the same as at 65 and over in this band)
-- 3,300,000 - 1,100,000 = 2,200,000; 課税 1,770,000;
-- 所得割 106,200 - 1,500 = 104,700 and 70,800 - 1,000 = 69,800; total 179,500;
-- 4 periods of trunc(179,500 / 4 to ¥1,000) = 44,000, the first 179,500 - 132,000 = 47,500.
SELECT is((SELECT content->'installments' FROM zeimu.inhabitant_notice
			WHERE lg_code::text = '131130' AND notice_kind = 'ordinary' AND atena_no = 2),
	'[{"period": 1, "due_date": "2026-06-30", "amount": 47500}, {"period": 2, "due_date": "2026-08-31", "amount": 44000},
	  {"period": 3, "due_date": "2026-11-02", "amount": 44000}, {"period": 4, "due_date": "2027-02-01", "amount": 44000}]'::jsonb,
	'B''s 納税通知書: 47,500 + 3 x 44,000 with due dates moved to open days (10-31 Sat, 01-31 Sun)');
SELECT is((SELECT content->>'title' || '/' || (content->>'total') || '/' || (content->'figures'->>'total_income')
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'ordinary' AND atena_no = 2),
	'市民税・県民税 納税通知書 (普通徴収)/179500/2200000', 'B: title, total 179,500, 合計所得 2,200,000');
-- F (年金特別徴収, first year: no 2025 share): 公的年金等 (65 and over, under
-- 3,300,000: 控除 1,100,000) 2,500,000 - 1,100,000 = 1,400,000; 課税
-- 1,400,000 - 430,000 = 970,000; 算出 58,200 / 38,800; 調整控除 50,000 x 5%
-- -> 1,500 / 1,000; 所得割 56,700 + 37,800 = 94,500; + 均等割 4,000 + 森林環境税
-- 1,000 = 99,500.  Pension share (法321条の7の2) = trunc(94,500 x 1,400,000 /
-- 1,400,000 to ¥100) + 5,000 = 99,500 = the total: mode pension.  First year:
-- 普通徴収 99,500 - trunc(99,500 / 2) = 49,750 in periods 1 and 2
-- (trunc(24,875 to ¥1,000) = 24,000, period 1 49,750 - 24,000 = 25,750);
-- 本徴収 49,750: trunc(16,583 to ¥100) = 16,500, October 49,750 - 33,000 = 16,750;
-- no 仮徴収 (April, June, August 0).
SELECT is((SELECT row(notice_type, employer_name, content->>'title', content->>'total', content->>'collection_mode',
				content->>'ordinary_total', content->>'special_total', content->'pension'->>'payer_name',
				content->'pension'->>'share', content->'pension'->>'first_year', content->'pension'->>'total', content->>'name')::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'pension' AND atena_no = 6),
	'(decision,年金機構,"市民税・県民税 税額決定・納税通知書 (年金特別徴収)",99500,pension,49750,0,年金機構,99500,true,49750,"己野 六子")',
	'F''s 税額決定・納税通知書 (年金特別徴収): 99,500 = 49,750 普通徴収 + 49,750 from the pension');
SELECT is((SELECT content->'installments' FROM zeimu.inhabitant_notice
			WHERE lg_code::text = '131130' AND notice_kind = 'pension' AND atena_no = 6),
	'[{"period": 1, "due_date": "2026-06-30", "amount": 25750}, {"period": 2, "due_date": "2026-08-31", "amount": 24000}]'::jsonb,
	'F: the 普通徴収 half in the first two periods, 25,750 + 24,000 (2026-06-30 Tue, 2026-08-31 Mon)');
SELECT is((SELECT content->'pension'->'months' FROM zeimu.inhabitant_notice
			WHERE lg_code::text = '131130' AND notice_kind = 'pension' AND atena_no = 6),
	'[{"kind": "仮徴収", "month": "2026-04", "amount": 0}, {"kind": "仮徴収", "month": "2026-06", "amount": 0},
	  {"kind": "仮徴収", "month": "2026-08", "amount": 0}, {"kind": "本徴収", "month": "2026-10", "amount": 16750},
	  {"kind": "本徴収", "month": "2026-12", "amount": 16500}, {"kind": "本徴収", "month": "2027-02", "amount": 16500}]'::jsonb,
	'F: the amounts the pension payer withholds, 16,750 + 16,500 + 16,500 = 49,750 (October takes the fraction)');
-- G (給与 + 年金): 給与所得 (令和8年度, 1,900,000 and under: 控除 650,000)
-- 1,500,000 - 650,000 = 850,000; 公的年金等 1,200,000 - 1,100,000 = 100,000;
-- 所得金額調整控除 (給与 and 年金) min(850,000, 100,000) + min(100,000, 100,000)
-- - 100,000 = 100,000, so 給与所得 750,000; 合計 850,000; 課税 420,000; 算出
-- 25,200 / 16,800; 調整控除 1,500 / 1,000; 所得割 23,700 + 15,800 = 39,500;
-- total 39,500 + 5,000 = 44,500.  Pension share = trunc(39,500 x 100,000 /
-- 850,000 = 4,647 to ¥100) = 4,600 (均等割 with the salary); 給与特別徴収
-- 44,500 - 4,600 = 39,900: monthly trunc(3,325) = 3,300, June 39,900 - 36,300
-- = 3,600.  First year: 普通徴収 4,600 - 2,300 = 2,300 (1,300 + 1,000);
-- 本徴収 2,300: trunc(766 to ¥100) = 700, October 2,300 - 1,400 = 900.
SELECT is((SELECT row(n.notice_type, n.content->>'total', n.content->>'special_total', n.content->>'employer_name',
				n.content->>'ordinary_total', n.content->'pension'->>'share', n.content->'pension'->>'total',
				(SELECT string_agg(m->>'amount', ',') FROM jsonb_array_elements(n.content->'pension'->'months') m),
				(SELECT string_agg(i->>'amount', ',') FROM jsonb_array_elements(n.content->'installments') i))::text
			FROM zeimu.inhabitant_notice n WHERE lg_code::text = '131130' AND notice_kind = 'pension' AND atena_no = 7),
	'(decision,44500,39900,ダブリュー工業,2300,4600,2300,"0,0,0,900,700,700","1300,1000")',
	'G''s 納税通知書 (年金特別徴収): 39,900 by the employer + 2,300 普通徴収 + 2,300 from the pension = 44,500');
SELECT is((SELECT row(notice_type, employer_no, content->>'total', content->>'special_total', content->'monthly'->>0,
				content->'monthly'->>1)::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_taxpayer' AND atena_no = 7),
	'(decision,W-0004,44500,39900,3600,3300)', 'G also gets the 特別徴収税額の決定通知書 (納税義務者用) for the salary part: 39,900 of 44,500');
SELECT is((SELECT row(content->'employees'->0->>'total', content->'employees'->0->>'special_total', content->'monthly_total'->>0)::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_employer' AND employer_no = 'W-0004'),
	'(44500,39900,3600)', 'employer W is told G''s tax 44,500 and the 39,900 it withholds (3,600 + 11 x 3,300)');
-- H (pension 2,000,000 and other income 600,000): 公的年金等 2,000,000 -
-- 1,100,000 = 900,000; 合計 1,500,000; 課税 1,070,000; 算出 64,200 / 42,800;
-- 所得割 62,700 + 41,800 = 104,500; total 109,500.  Share = trunc(104,500 x
-- 900,000 / 1,500,000 = 62,700 to ¥100) + 5,000 = 67,700 < total: mode
-- ordinary.  The rest 109,500 - 67,700 = 41,800 in 4 periods (trunc(10,450 to
-- ¥1,000) = 10,000, period 1 11,800); first year: 67,700 - 33,850 = 33,850 in
-- periods 1 and 2 (16,000, period 1 17,850).  Periods: 11,800 + 17,850 =
-- 29,650; 10,000 + 16,000 = 26,000; 10,000; 10,000 (75,650).  Pension 33,850:
-- trunc(11,283 to ¥100) = 11,200, October 33,850 - 22,400 = 11,450.
SELECT is((SELECT row(n.notice_type, n.content->>'collection_mode', n.content->>'total', n.content->>'ordinary_total',
				n.content->'pension'->>'share', n.content->'pension'->>'total',
				(SELECT string_agg(m->>'amount', ',') FROM jsonb_array_elements(n.content->'pension'->'months') m),
				(SELECT string_agg(i->>'amount', ',') FROM jsonb_array_elements(n.content->'installments') i))::text
			FROM zeimu.inhabitant_notice n WHERE lg_code::text = '131130' AND notice_kind = 'pension' AND atena_no = 8),
	'(decision,ordinary,109500,75650,67700,33850,"0,0,0,11450,11200,11200","29650,26000,10000,10000")',
	'H''s 納税通知書 (年金特別徴収): 75,650 普通徴収 in 4 periods + 33,850 from the pension = 109,500');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND atena_no = 8 AND notice_kind <> 'pension'),
	0::bigint, 'H gets no separate ordinary notice: the pension notice carries the installments');
-- The pension payer (法321条の7の5): F, G and H, 49,750 + 2,300 + 33,850 =
-- 85,900 in total; October 16,750 + 900 + 11,450 = 29,100, December and
-- February 16,500 + 700 + 11,200 = 28,400.
SELECT is((SELECT row(notice_type, employer_name, content->>'title', content->>'pensioner_count',
				content->'pensioners'->0->>'name', content->'pensioners'->0->>'total', content->'pensioners'->1->>'total',
				content->'pensioners'->2->>'total', content->'pensioners'->1->>'status', content->'monthly_total', content->'months')::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'pension_payer'),
	'(decision,年金機構,"年金所得に係る特別徴収税額通知書 (年金保険者用)",3,"己野 六子",49750,2300,33850,new,"[0, 0, 0, 29100, 28400, 28400]","[""2026-04"", ""2026-06"", ""2026-08"", ""2026-10"", ""2026-12"", ""2027-02""]")',
	'the pension payer''s notice: F 49,750, G 2,300, H 33,850; monthly totals 0, 0, 0, 29,100, 28,400, 28,400');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND atena_no = 2 AND notice_kind <> 'ordinary'),
	0::bigint, 'B (63) gets only the ordinary notice');
-- E: 給与所得 (令和8年度, 1,901,000 and over) 2,000,000 x 70% - 80,000 =
-- 1,320,000; 課税 890,000; 所得割 53,400 - 1,500 = 51,900 and 35,600 - 1,000
-- = 34,600; total 91,500; monthly trunc(7,625) = 7,600, June 91,500 - 83,600 = 7,900.
SELECT is((SELECT row(notice_type, content->>'employee_count', content->'employees'->0->>'name', content->'employees'->0->>'status',
				content->'employees'->0->>'total', content->'monthly_total'->>0, content->'monthly_total'->>11)::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_employer' AND employer_no = 'Y-0002'),
	'(decision,1,"戊田 五郎",new,91500,7900,7600)', 'employer Y (特別徴収義務者用): E only (C is 非課税), 91,500 = 7,900 + 11 x 7,600');
SELECT is((SELECT (content->'monthly_total')::text FROM zeimu.inhabitant_notice
			WHERE lg_code::text = '131130' AND notice_kind = 'special_employer' AND employer_no = 'X-0001'),
	'[14900, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600]',
	'employer X: the monthly totals of its employees');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND atena_no IN (3, 4)), 0::bigint,
	'no notice for the 非課税 C nor for D (not assessed)');

-- ---- corrections: A's salary corrected; E gets a second employer; F's pension
-- corrected down ----------------------------------------------------------
SELECT pg_temp.recv('a2', 1, 'salary_report', '{"salary": 4400000, "social_insurance": 600000}', '株式会社エックス', 'X-0001',
	'2026-06-10', (SELECT id FROM doc WHERE tag = 'a'));
SELECT pg_temp.recv('e2', 5, 'salary_report', '{"salary": 500000}', 'ゼット社', 'Z-0003', '2026-06-15');
SELECT pg_temp.recv('f2', 6, 'pension_report', '{"pension": 2200000, "age": 75}', NULL, NULL, '2026-06-20',
	(SELECT id FROM doc WHERE tag = 'f'));
SELECT is((SELECT row(corrected, unchanged)::text FROM zeimu.levy_inhabitant('131130', 2026, '2026-07-01')),
	'(3,4)', 'the levy writes version 2 for A, E and F; B, C, G and H unchanged');
SELECT is((SELECT row(g.*)::text FROM zeimu.inhabitant_notices_generate('131130', 2026, '2026-07-05') g),
	'(3,2,0,6,1,1)', 'change notices: employers X, Y (E ended) and Z (new), employees A and E, F''s pension notice and the pension payer; 6 of them are 変更通知');
-- A version 2: 4,400,000 x 80% - 440,000 = 3,080,000; 課税 2,050,000; 算出
-- 123,000 / 82,000; 調整控除 max(50,000 - 50,000, 50,000) = 50,000 -> 1,500 /
-- 1,000; 121,500 + 81,000 + 5,000 = 207,500; difference 207,500 - 175,500 =
-- 32,000.  Decided 2026-07-01: June 14,900 and July 14,600 are fixed (法321条の6,
-- src/sql/471); the rest 207,500 - 29,500 = 178,000 over August..May, 10 x 17,800.
SELECT is((SELECT row(notice_type, version, content->>'title', content->>'total', content->>'previous_total',
				content->>'difference', content->'monthly'->>0, content->'monthly'->>1, content->'monthly'->>2,
				content->'monthly'->>11)::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_taxpayer' AND atena_no = 1
			AND version = 2),
	'(change,2,"特別徴収税額の変更通知書 (納税義務者用)",207500,175500,32000,14900,14600,17800,17800)',
	'A''s 変更通知: the new total, the previous one and the difference');
SELECT is((SELECT row(notice_type, content->'employees'->0->>'status', content->'employees'->0->>'total')::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_employer'
			AND employer_no = 'X-0001' AND notice_type = 'change'),
	'(change,change,207500)', 'employer X gets a 変更通知 for A');
SELECT is((SELECT row(notice_type, content->'employees'->0->>'status', content->'employees'->0->>'total',
				content->'employees'->0->'monthly')::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_employer'
			AND employer_no = 'Y-0002' AND notice_type = 'change'),
	'(change,ended,0,"[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]")', 'employer Y is told E no longer is collected by it');
-- E version 2: salary 2,500,000 x 70% - 80,000 = 1,670,000; 課税 1,240,000;
-- 74,400 - 1,500 = 72,900 and 49,600 - 1,000 = 48,600; total 126,500.  The new
-- employer takes the months after the decision (2026-07-01, src/sql/471): Y
-- keeps June 7,900 + July 7,600 = 15,500; Z 126,500 - 15,500 = 111,000 over
-- August..May, 10 x 11,100; Z's June and July are 0.
SELECT is((SELECT row(notice_type, content->'employees'->0->>'status', content->'employees'->0->>'total',
				content->'employees'->0->>'special_total', content->'monthly_total'->>0, content->'monthly_total'->>1,
				content->'monthly_total'->>2, content->'monthly_total'->>11)::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_employer' AND employer_no = 'Z-0003'),
	'(decision,new,126500,111000,0,0,11100,11100)', 'employer Z gets its first notice (決定) for E: tax 126,500, Z withholds 111,000');
SELECT is((SELECT content->>'employer_name' || '/' || (content->>'previous_total') || '/' || (content->>'difference')
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'special_taxpayer' AND atena_no = 5 AND version = 2),
	'ゼット社/91500/35000', 'E''s 変更通知 names the new employer; 126,500 - 91,500 = 35,000');
-- F version 2 (decided 2026-07-01, src/sql/471): 公的年金等 2,200,000 -
-- 1,100,000 = 1,100,000; 課税 670,000; 算出 40,200 / 26,800; 所得割 38,700 +
-- 25,800 = 64,500; total 69,500 = the new share.  Fixed: period 1 (June) 25,750;
-- no pension month yet.  The payer may only be told a lower amount (法321条の7の7):
-- pension part min(49,750, 69,500 - 49,750) = 19,750 over October, December,
-- February: trunc(6,583 to ¥100) = 6,500, October 19,750 - 13,000 = 6,750.
-- 普通徴収 69,500 - 19,750 - 25,750 = 24,000 over the open periods 2-4, 8,000
-- each; difference 69,500 - 99,500 = -30,000.
SELECT is((SELECT row(n.notice_type, n.version, n.content->>'title', n.content->>'total', n.content->>'previous_total',
				n.content->>'difference', n.content->'pension'->>'total',
				(SELECT string_agg(m->>'amount', ',') FROM jsonb_array_elements(n.content->'pension'->'months') m),
				(SELECT string_agg(i->>'amount', ',') FROM jsonb_array_elements(n.content->'installments') i))::text
			FROM zeimu.inhabitant_notice n WHERE lg_code::text = '131130' AND notice_kind = 'pension' AND atena_no = 6 AND version = 2),
	'(change,2,"市民税・県民税 税額変更通知書 (年金特別徴収)",69500,99500,-30000,19750,"0,0,0,6750,6500,6500","25750,8000,8000,8000")',
	'F''s 変更通知 (年金特別徴収): 69,500, 30,000 less; the payer withholds 19,750, the rest by 普通徴収');
SELECT is((SELECT row(notice_type, content->>'title', content->>'pensioner_count', content->'pensioners'->0->>'status',
				content->'pensioners'->0->>'total', content->'monthly_total')::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'pension_payer' AND notice_type = 'change'),
	'(change,"年金所得に係る特別徴収税額変更通知書 (年金保険者用)",1,change,19750,"[0, 0, 0, 6750, 6500, 6500]")',
	'the pension payer gets a 変更通知 for F only: 19,750');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_notice_subject WHERE lg_code::text = '131130'), 20::bigint,
	'20 subject rows: taxpayer notices 7 (A, B, E, F pension, G special, G pension, H pension) + 3 (A, E, F); employer lines 3 (X: A, Y: E, W: G) + 3 (X: A, Y: E ended, Z: E); pension payer lines 3 (F, G, H) + 1 (F)');
-- F moves out (転出) on 2026-11-25: version 3, same tax 69,500; the payer stops
-- (src/sql/471): October 6,750 is fixed (paid before the decision month),
-- December and February 0; 普通徴収 fixed 25,750 + 8,000 + 8,000 (periods 1-3,
-- due by October), the rest 69,500 - 6,750 - 41,750 = 21,000 in period 4
-- (2027-02-01).  F gets a 変更通知 (difference 0), the payer a 変更通知 with F
-- stopped, 6,750 in all.
SELECT is((SELECT row(version, written)::text FROM zeimu.levy_inhabitant_correct('131130', 2026, 6, 'moved_out', '2026-11-25')),
	'(3,t)', 'F moved out: version 3');
SELECT is((SELECT row(g.*)::text FROM zeimu.inhabitant_notices_generate('131130', 2026, '2026-11-30') g),
	'(0,0,0,2,1,1)', 'F''s 変更通知 and the payer''s 変更通知');
SELECT is((SELECT row(n.notice_type, n.content->>'collection_mode', n.content->>'total', n.content->>'difference',
				n.content->'pension'->>'stopped', n.content->'pension'->>'total',
				(SELECT string_agg(m->>'amount', ',') FROM jsonb_array_elements(n.content->'pension'->'months') m),
				(SELECT string_agg(i->>'amount', ',') FROM jsonb_array_elements(n.content->'installments') i))::text
			FROM zeimu.inhabitant_notice n WHERE lg_code::text = '131130' AND notice_kind = 'pension' AND atena_no = 6 AND version = 3),
	'(change,ordinary,69500,0,true,6750,"0,0,0,6750,0,0","25750,8000,8000,21000")',
	'F''s 変更通知 after 転出: the payer stopped after October, 21,000 more in period 4');
SELECT is((SELECT row(content->'pensioners'->0->>'status', content->'pensioners'->0->>'stopped', content->'pensioners'->0->>'total',
				content->'monthly_total')::text
			FROM zeimu.inhabitant_notice WHERE lg_code::text = '131130' AND notice_kind = 'pension_payer' AND issued_on = '2026-11-30'),
	'(change,true,6750,"[0, 0, 0, 6750, 0, 0]")', 'the payer is told F stopped: 6,750 (October) in all');
SELECT throws_ok($$UPDATE zeimu.inhabitant_notice SET issued_on = '2026-01-01'$$, '55000',
	'an issued inhabitant tax notice cannot be edited', 'notices are not edited');

-- ---- the certificate ------------------------------------------------------------
CREATE TEMP TABLE cert AS SELECT zeimu.income_certificate('131130', 1, 2026, '本人', '児童手当の申請') AS c;
SELECT is((SELECT row(c->>'title', c->>'assessment_version', c->'figures'->>'total_income', c->'figures'->>'taxable_income',
				c->'figures'->>'income_levy_city', c->'figures'->>'income_levy_pref', c->>'total', c->>'name')::text FROM cert),
	'(所得・課税証明書,2,3080000,2050000,121500,81000,207500,"甲野 一郎")',
	'A''s certificate states the current version''s figures (3,080,000; 2,050,000; 121,500 / 81,000; 207,500)');
SELECT is((SELECT row(atena_no, fiscal_year, version, requester, purpose, issued_by = current_user,
				content_sha256 = sha256(convert_to(((SELECT c FROM cert) - 'certificate_no')::text, 'UTF8')))::text
			FROM zeimu.income_certificate_issue WHERE lg_code::text = '131130' AND certificate_id = (SELECT (c->>'certificate_no')::bigint FROM cert)),
	'(1,2026,2,本人,児童手当の申請,t,t)', 'the issue is recorded: who, for whom, why, and the fingerprint of the content');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code::text = '131130' AND atena_no = 1
			AND function_name = 'income_certificate' AND purpose = '児童手当の申請'), 1::bigint, 'and access-logged');
SELECT is((SELECT zeimu.income_certificate('131130', 3, 2026, '本人', '保育園') ->> 'title'), '所得・非課税証明書',
	'a 非課税 person gets a 非課税証明書');
SELECT throws_ok($$SELECT zeimu.income_certificate('131130', 4, 2026, '本人', '保育園')$$, '55000',
	'person 4 has no inhabitant tax assessment for fiscal year 2026', 'a person not assessed (D) is refused');
SELECT throws_ok($$SELECT zeimu.income_certificate('131130', 1, 2025, '本人', '保育園')$$, '55000',
	'person 1 has no inhabitant tax assessment for fiscal year 2025', 'a year without an assessment is refused');
SELECT throws_ok($$SELECT zeimu.income_certificate('131130', 99, 2026, '本人', '保育園')$$, 'P0002',
	'person 99 not found in municipality 131130', 'an unknown person is refused');
SELECT throws_ok($$SELECT zeimu.income_certificate('131130', 1, 2026, ' ', '保育園')$$, '22023',
	'the requester and the purpose of a certificate must be given', 'the requester must be given');
SELECT throws_ok($$SELECT zeimu.income_certificate('131130', 1, 2026, '本人', NULL)$$, '22023',
	'the requester and the purpose of a certificate must be given', 'the purpose must be given');
SELECT throws_ok($$SELECT zeimu.income_certificate('131130', NULL, 2026, '本人', 'x')$$, '22004', NULL, 'NULL person');

-- ---- no output carries an Individual Number ------------------------------------
CREATE TEMP TABLE outputs AS
	SELECT content::text AS t FROM zeimu.inhabitant_notice
	UNION ALL SELECT c::text FROM cert
	UNION ALL SELECT zeimu.income_certificate('131130', g, 2026, '本人', 'test')::text FROM unnest(ARRAY[1, 2, 3, 6, 7, 8]) g
	UNION ALL SELECT to_jsonb(s)::text FROM zeimu.inhabitant_notice_subject s
	UNION ALL SELECT to_jsonb(i)::text FROM zeimu.income_certificate_issue i;
SELECT is((SELECT count(*) FROM outputs o, LATERAL regexp_matches(o.t, '(?<![0-9])[0-9]{12}(?![0-9])', 'g') m
			WHERE zeimu.mynumber_is_valid(m[1])), 0::bigint, 'no 12-digit valid Individual Number appears in any output');
SELECT is((SELECT count(*) FROM outputs o, generate_series(1, 8) g
			WHERE o.t LIKE '%' || zeimu.sample_mynumber(11, g)::text || '%'), 0::bigint,
	'none of the eight persons'' linked numbers appears in any output');
-- 20 notices (11 + 7 + 2) + the certificate + 6 certificates + 22 subject
-- rows + 2 issue rows (A's and C's earlier; the 6 issued by this same statement
-- are not yet visible to it) = 51.
SELECT ok((SELECT count(*) FROM outputs) >= 51, 'the check covered every notice and certificate');
SELECT is((SELECT count(*) FROM (VALUES ('{"name": "x", "n": "' || zeimu.sample_mynumber(11, 3)::text || '"}')) o(t),
			LATERAL regexp_matches(o.t, '(?<![0-9])[0-9]{12}(?![0-9])', 'g') m WHERE zeimu.mynumber_is_valid(m[1])), 1::bigint,
	'the detector itself finds a planted number (the check can fail)');

-- ---- as a levy clerk of the head office (row security) --------------------------
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE regress_notice_levy NOLOGIN IN ROLE zeimu_levy;
SELECT zeimu.register_staff('131130', 'NOTICE-L', 'regress_notice_levy', 'Levy clerk', ARRAY['levy'], ARRAY['HQ']);
SET LOCAL ROLE regress_notice_levy;
SELECT is((SELECT zeimu.income_certificate('131130', 1, 2026, '代理人 乙川', '扶養認定') ->> 'total'), '207500',
	'a clerk of HQ issues A''s certificate');
SELECT throws_ok($$SELECT zeimu.income_certificate('131130', 5, 2026, '本人', '保育園')$$, 'P0002',
	'person 5 not found in municipality 131130', 'a person of another office (E, 北支所) is not visible: refused');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_notice_subject WHERE atena_no = 5), 0::bigint,
	'nor are E''s notice lines');
SELECT is((SELECT row(g.*)::text FROM zeimu.inhabitant_notices_generate('131130', 2026, '2026-07-06') g), '(0,0,0,0,0,0)',
	'the clerk may run the notice generation (nothing new to issue)');
SELECT is((SELECT count(*) FROM zeimu.tax_document_crosscheck('131130', 2026)), 0::bigint,
	'and the cross-check (no spouse or dependant claimed here)');
SELECT throws_ok($$UPDATE zeimu.income_certificate_issue SET purpose = 'x'$$, '42501', NULL,
	'the clerk cannot edit an issue record');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
