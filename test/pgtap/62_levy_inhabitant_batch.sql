-- levy (inhabitant tax): the annual batch (src/sql/470_levy_inhabitant_batch.sql).
-- Municipality 131130 (national standard rates: 市 6 %, 県 4 %, 1級地), fiscal
-- year 2026 (令和8年度, income of 2025).  A: salary (給与特別徴収); B: pension
-- only, 65 on 1 April (年金特別徴収, first year); C: a small salary
-- (non-taxable); D: registered after 1 January (not assessed); E: pension
-- but 64 on 1 April (普通徴収); F: salary and pension, in pension special
-- collection in 2025 too (仮徴収 from last year's share); G / H: born 2 / 3
-- April 1961 (the age edge); I: a pension of ¥1,999,999 under a test
-- minimum of ¥2,000,000 (the pension edge); M: salary.
BEGIN;
SELECT plan(52);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'HQ', '税務課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code, business_date) VALUES
	('131130', 1, '甲野 一郎', 'こうの いちろう', 1, '1980-04-01', 'テスト区本町１丁目１番', 'HQ', '2020-04-01'),
	('131130', 2, '乙川 花子', 'おとかわ はなこ', 2, '1960-06-15', 'テスト区本町２丁目２番', 'HQ', '2020-04-01'),
	('131130', 3, '丙田 三郎', 'へいだ さぶろう', 1, '2000-01-20', 'テスト区本町３丁目３番', 'HQ', '2020-04-01'),
	('131130', 4, '丁山 四郎', 'ていやま しろう', 1, '1985-02-02', 'テスト区本町４丁目４番', 'HQ', '2026-03-01'),
	('131130', 5, '戊井 五子', 'つちのい いつこ', 2, '1962-01-10', 'テスト区本町５丁目５番', 'HQ', '2020-04-01'),
	('131130', 6, '己原 六郎', 'つちのとはら ろくろう', 1, '1955-03-03', 'テスト区本町６丁目６番', 'HQ', '2020-04-01'),
	('131130', 7, '庚塚 七子', 'かのえづか ななこ', 2, '1961-04-02', 'テスト区本町７丁目７番', 'HQ', '2020-04-01'),
	('131130', 8, '辛野 八郎', 'かのとの はちろう', 1, '1961-04-03', 'テスト区本町８丁目８番', 'HQ', '2020-04-01'),
	('131130', 9, '壬生 九子', 'みぶ きゅうこ', 2, '1950-01-01', 'テスト区本町９丁目９番', 'HQ', '2020-04-01'),
	('131130', 10, '癸山 十郎', 'みずのとやま じゅうろう', 1, '1950-01-02', 'テスト区本町１０丁目１０番', 'HQ', '2020-04-01'),
	('131130', 11, '甲斐 十一', 'かい じゅういち', 1, '1985-05-05', 'テスト区本町１１丁目１１番', 'HQ', '2020-04-01');

CREATE TEMP TABLE doc (tag text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.recv(p_tag text, p_atena bigint, p_kind text, p_facts jsonb, p_employer text, p_no text,
	p_on date, p_supersedes bigint DEFAULT NULL, p_fy integer DEFAULT 2026) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	v_id bigint;
	p record;
BEGIN
	SELECT * INTO p FROM zeimu.person WHERE lg_code::text = '131130' AND atena_no = p_atena;
	v_id := zeimu.receive_tax_document('131130', p_kind, p_fy, p_facts, p_name => p.name, p_sex => p.sex,
		p_birth_date => p.birth_date, p_address => p.address,
		p_source => coalesce(p_employer, CASE WHEN p_kind = 'pension_report' THEN '日本年金機構' ELSE '国税連携' END),
		p_received_on => p_on, p_employer_name => p_employer, p_employer_no => p_no, p_supersedes => p_supersedes);
	INSERT INTO doc VALUES (p_tag, v_id);
END $$;
CREATE FUNCTION pg_temp.run(p_fy integer, p_on date) RETURNS text LANGUAGE sql AS $$
	SELECT row(persons, decided, corrected, unchanged, special, ordinary, non_taxable, not_resident, pension, overpaid)::text
	FROM zeimu.levy_inhabitant('131130', p_fy, p_on)
$$;
CREATE FUNCTION pg_temp.ord(p_atena bigint, p_fy integer DEFAULT 2026) RETURNS text LANGUAGE sql AS $$
	SELECT string_agg(period || ':' || amount, ' ' ORDER BY period) FROM zeimu.inhabitant_ordinary_installment i
	WHERE i.lg_code::text = '131130' AND i.fiscal_year = p_fy AND i.atena_no = p_atena
	  AND i.version = (SELECT max(version) FROM zeimu.inhabitant_assessment a
					   WHERE a.lg_code::text = '131130' AND a.fiscal_year = p_fy AND a.atena_no = p_atena)
$$;

SELECT pg_temp.recv('a', 1, 'salary_report', '{"salary": 4000000, "social_insurance": 600000}', '株式会社エックス', 'X-0001', '2026-01-31');
SELECT pg_temp.recv('b', 2, 'pension_report', '{"pension": 3300000, "age": 65}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('c', 3, 'salary_report', '{"salary": 900000}', 'ワイ商店', 'Y-0002', '2026-01-31');
SELECT pg_temp.recv('d', 4, 'salary_report', '{"salary": 5000000}', 'ワイ商店', 'Y-0002', '2026-01-31');
SELECT pg_temp.recv('e', 5, 'pension_report', '{"pension": 3300000, "age": 63}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('f25s', 6, 'salary_report', '{"salary": 2000000}', 'ゼット商事', 'Z-0003', '2025-01-31', NULL, 2025);
SELECT pg_temp.recv('f25p', 6, 'pension_report', '{"pension": 2000000, "age": 69}', NULL, NULL, '2025-01-31', NULL, 2025);
SELECT pg_temp.recv('fs', 6, 'salary_report', '{"salary": 2000000}', 'ゼット商事', 'Z-0003', '2026-01-31');
SELECT pg_temp.recv('fp', 6, 'pension_report', '{"pension": 2000000, "age": 70}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('g', 7, 'pension_report', '{"pension": 2000000, "age": 64}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('h', 8, 'pension_report', '{"pension": 2000000, "age": 64}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('ip', 9, 'pension_report', '{"pension": 1999999, "age": 75}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('m', 11, 'salary_report', '{"salary": 4000000, "social_insurance": 600000}', '株式会社エックス', 'X-0001', '2026-01-31');
SELECT is((SELECT count(*) FROM zeimu.tax_document WHERE lg_code::text = '131130' AND atena_no IS NOT NULL), 13::bigint,
	'thirteen documents, all matched by basic items');

-- The set-based merge of the batch equals zeimu.merged_tax_facts, person by person.
SELECT is((SELECT count(*) FROM zeimu.inhabitant_levy_input('131130', 2026) i
			WHERE i.facts IS DISTINCT FROM zeimu.merged_tax_facts('131130', 2026, i.atena_no)), 0::bigint,
	'batch input: the set-based merge gives zeimu.merged_tax_facts for every person');
SELECT is((SELECT string_agg(atena_no || ':' || resident, ' ' ORDER BY atena_no) FROM zeimu.inhabitant_levy_input('131130', 2026)),
	'1:true 2:true 3:true 4:false 5:true 6:true 7:true 8:true 9:true 11:true',
	'batch input: residence on 1 January as zeimu.person_resident_on (D moved in on 2026-03-01)');

-- ---- 令和7年度 for F (to have last year's pension share) ------------------
-- F (令和7年度): 給与所得 2,000,000 (1.8M-3.6M band: A = 2,000,000,
-- x 70% - 80,000) = 1,320,000; 年金 2,000,000 (65+: - 1,100,000) = 900,000;
-- 所得金額調整控除 100,000 + 100,000 - 100,000 = 100,000 → 給与 1,220,000;
-- 総所得 2,120,000; 課税 2,120,000 - 430,000 = 1,690,000; 算出 101,400 /
-- 67,600; 調整控除 min(50,000, 1,690,000) x 3% / 2% = 1,500 / 1,000;
-- 所得割 99,900 / 66,600 = 166,500; + 5,000 = 171,500.
SELECT is(pg_temp.run(2025, '2025-05-15'), '(1,1,0,0,1,0,0,0,1,0)', '2025: F decided, special and pension collection');
-- Pension share (法321条の7の2; salary special, so 均等割 with the salary):
-- trunc(166,500 x 900,000 / 2,120,000 = 70,683.9 to ¥100) = 70,600.  First
-- year: special half trunc(70,600 / 2) = 35,300 → Oct 35,300 - 2 x 11,700 =
-- 11,900, Dec, Feb trunc(35,300 / 3 = 11,766 to ¥100) = 11,700; ordinary
-- half 35,300 over periods 1-2: trunc(17,650 to ¥1,000) = 17,000, first
-- 35,300 - 17,000 = 18,300.
SELECT is((SELECT row(share, previous_share, first_year, ordinary_part, amounts)::text FROM zeimu.inhabitant_pension_schedule
			WHERE lg_code::text = '131130' AND fiscal_year = 2025 AND atena_no = 6),
	'(70600,,t,35300,"{0,0,0,11900,11700,11700}")', 'F 2025: first year, share 70,600, half in Oct/Dec/Feb');
SELECT is(pg_temp.ord(6, 2025), '1:18300 2:17000', 'F 2025: the other half by 普通徴収 in periods 1 and 2');
-- Salary: 171,500 - 70,600 = 100,900; monthly trunc(8,408 to ¥100) = 8,400; June 100,900 - 92,400 = 8,500.
SELECT is((SELECT amounts FROM zeimu.inhabitant_special_schedule WHERE lg_code::text = '131130' AND fiscal_year = 2025 AND atena_no = 6),
	ARRAY[8500, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400]::bigint[], 'F 2025: the rest by the employer');

-- ---- 令和8年度 -------------------------------------------------------------
-- The pension minimum of the 政令 (¥180,000) never binds at 65+ (年金所得
-- is 0 below ¥1,100,000, so there is no share); the comparison is tested
-- with a municipal row of ¥2,000,000 (test only): G and F at ¥2,000,000
-- qualify (≥), I at ¥1,999,999 does not.
INSERT INTO zeimu.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES ('131130', 2026, 'pension_special_min', 2000000, 'test');
-- persons 10 (D not resident); decided 9: special A, F, M; ordinary E, H, I;
-- none C; pension-only B, G; in pension collection B, F, G.
SELECT is(pg_temp.run(2026, '2026-05-15'), '(10,9,0,0,3,3,1,1,3,0)', 'first run: the counts by collection mode');

-- A: 給与所得 4,000,000 x 80% - 440,000 = 2,760,000; 控除 430,000 + 600,000;
-- 課税 1,730,000; 算出 103,800 / 69,200; 調整控除 min(50,000, 1,730,000) x
-- 5% = 2,500 → 1,500 / 1,000; 所得割 102,300 / 68,200; 均等割 3,000 /
-- 1,000; 森林環境税 1,000; total 175,500.
SELECT is((SELECT row(version, kind, income_levy_city, income_levy_pref, per_capita_city, per_capita_pref, forest_env_tax, total,
				collection_mode, employer_name, employer_no, pension_amount, reason, decided_on)::text
			FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 1),
	'(1,decision,102300,68200,3000,1000,1000,175500,special,株式会社エックス,X-0001,0,,2026-05-15)',
	'A: decision 1, amounts by hand, special collection by the employer of the salary report');
SELECT is((SELECT total FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 1),
	(zeimu.inhabitant_tax(2026, '131130', zeimu.merged_tax_facts('131130', 2026, 1))->>'total')::bigint,
	'A: the batch total equals zeimu.inhabitant_tax on the merged facts');
-- 法321条の5①: monthly trunc(175,500 / 12 = 14,625 to ¥100) = 14,600; June 175,500 - 11 x 14,600 = 14,900.
SELECT is((SELECT amounts FROM zeimu.inhabitant_special_schedule WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 1),
	ARRAY[14900, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600]::bigint[],
	'A: 12 amounts June-May, the fraction in June (14,900)');
SELECT is(pg_temp.ord(1), NULL, 'A: no ordinary installments');

-- B (65+ on 1 April 2026, first year): 公的年金等所得 3,300,000 x 75% -
-- 275,000 = 2,200,000; 課税 1,770,000; 算出 106,200 / 70,800; 調整控除 1,500 /
-- 1,000; 所得割 104,700 / 69,800; + 5,000 = 179,500.  Share = the whole tax
-- (all income is pension, 均等割 included: no salary) = 179,500.  Special
-- half 89,750: Dec, Feb trunc(29,916 to ¥100) = 29,900, Oct 89,750 - 59,800 =
-- 29,950; ordinary half 89,750: trunc(44,875 to ¥1,000) = 44,000, first 45,750.
SELECT is((SELECT row(total, collection_mode, employer_name, pension_amount, pension_payer)::text
			FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 2),
	'(179500,pension,,89750,日本年金機構)', 'B: the whole tax by pension special collection (first year)');
SELECT is((SELECT row(payer_name, share, previous_share, first_year, ordinary_part, amounts)::text FROM zeimu.inhabitant_pension_schedule
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 2),
	'(日本年金機構,179500,,t,89750,"{0,0,0,29950,29900,29900}")', 'B: no 仮徴収, October/December/February 本徴収');
SELECT is(pg_temp.ord(2), '1:45750 2:44000', 'B: the first-year half in periods 1 and 2');

-- C: 給与所得 900,000 - 650,000 = 250,000 ≤ 450,000 → total 0, mode none.
SELECT is((SELECT row(total, collection_mode, employer_name)::text FROM zeimu.inhabitant_assessment
			WHERE lg_code::text = '131130' AND atena_no = 3),
	'(0,none,)', 'C: non-taxable, total 0, mode none');
SELECT is((SELECT (SELECT count(*) FROM zeimu.inhabitant_special_schedule WHERE lg_code::text = '131130' AND atena_no = 3)
				+ (SELECT count(*) FROM zeimu.inhabitant_ordinary_installment WHERE lg_code::text = '131130' AND atena_no = 3)),
	0::bigint, 'C: no schedule');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 4),
	0::bigint, 'D: not a resident on 1 January 2026, not assessed');

-- E (64 on 1 April 2026): under-65 年金控除 for 3,300,000 (1.3M-4.1M band)
-- 3,300,000 x 25% + 275,000 = 1,100,000, the same 2,200,000 and 179,500 as
-- B, but 普通徴収: 179,500 / 4 = 44,875 → 44,000; first 47,500.  Due dates
-- (法20条の5②): 2026-10-31 Sat → 11-02, 2027-01-31 Sun → 02-01.
SELECT is((SELECT row(total, collection_mode, pension_amount, pension_payer)::text FROM zeimu.inhabitant_assessment
			WHERE lg_code::text = '131130' AND atena_no = 5),
	'(179500,ordinary,0,)', 'E: under 65 on 1 April: ordinary collection');
SELECT is((SELECT string_agg(period || ':' || amount || ':' || nominal_due || ':' || due_date, ' ' ORDER BY period)
			FROM zeimu.inhabitant_ordinary_installment WHERE lg_code::text = '131130' AND atena_no = 5),
	'1:47500:2026-06-30:2026-06-30 2:44000:2026-08-31:2026-08-31 3:44000:2026-10-31:2026-11-02 4:44000:2027-01-31:2027-02-01',
	'E: 4 periods, the fraction in the first, due dates moved off the weekend');

-- F (2026, same figures as 2025: total 171,500, share 70,600): 仮徴収 =
-- half of last year's share 35,300: Jun, Aug trunc(70,600 / 6 = 11,766 to
-- ¥100) = 11,700, Apr 35,300 - 23,400 = 11,900; 本徴収 70,600 - 35,300 =
-- 35,300: Dec, Feb 11,700, Oct 11,900 (法321条の7の8).
SELECT is((SELECT row(share, previous_share, first_year, ordinary_part, amounts)::text FROM zeimu.inhabitant_pension_schedule
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 6),
	'(70600,70600,f,0,"{11900,11700,11700,11900,11700,11700}")', 'F: 仮徴収 from last year''s share, 本徴収 the rest');
SELECT is((SELECT row(collection_mode, employer_name, pension_amount, total)::text FROM zeimu.inhabitant_assessment
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 6),
	'(special,ゼット商事,70600,171500)', 'F: pension share by the pension payer, the rest by the employer');
SELECT is((SELECT amounts FROM zeimu.inhabitant_special_schedule WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 6),
	ARRAY[8500, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400, 8400]::bigint[], 'F: the employer collects 100,900');
SELECT is(pg_temp.ord(6), NULL, 'F: no ordinary installments in the second year');

-- G (born 1961-04-02: 65 at the end of 1 April 2026) and H (born 04-03).
-- Both: under-65 控除 2,000,000 x 25% + 275,000 = 775,000 → 1,225,000;
-- 課税 795,000; 算出 47,700 / 31,800; 調整控除 1,500 / 1,000 → 46,200 /
-- 30,800; total 82,000.  G: special half 41,000: trunc(13,666) = 13,600, Oct
-- 13,800; ordinary half 41,000: 20,000, first 21,000.  H: 82,000 / 4 →
-- 20,000, first 22,000.
SELECT is((SELECT row(share, amounts)::text FROM zeimu.inhabitant_pension_schedule
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 7),
	'(82000,"{0,0,0,13800,13600,13600}")', 'G: 65 on 1 April (born 2 April 1961): pension special collection');
SELECT is(pg_temp.ord(7), '1:21000 2:20000', 'G: the first-year half by 普通徴収');
SELECT is((SELECT row(collection_mode, pension_amount)::text FROM zeimu.inhabitant_assessment
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 8),
	'(ordinary,0)', 'H: born 3 April 1961, not yet 65 on 1 April: no pension special collection');
SELECT is(pg_temp.ord(8), '1:22000 2:20000 3:20000 4:20000', 'H: 普通徴収 of 82,000');

-- I (75): 年金 1,999,999 - 1,100,000 = 899,999; 課税 469,999 → 469,000
-- (¥1,000); 算出 28,140 / 18,760; 調整控除 1,500 / 1,000; 所得割 26,640 →
-- 26,600, 17,760 → 17,700 (¥100); total 44,300 + 5,000 = 49,300.  Below the
-- (test) minimum: 普通徴収 49,300 / 4 = 12,325 → 12,000, first 13,300.
SELECT is((SELECT row(total, collection_mode, pension_amount)::text FROM zeimu.inhabitant_assessment
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 9),
	'(49300,ordinary,0)', 'I: pension ¥1 below the minimum: no pension special collection');
SELECT is(pg_temp.ord(9), '1:13300 2:12000 3:12000 4:12000', 'I: 普通徴収');

-- ---- the per-employer and per-payer lists ----------------------------------
SELECT is((SELECT string_agg(employer_no || ':' || atena_no || ':' || total || ':' || jun, ' ' ORDER BY employer_no, atena_no)
			FROM zeimu.inhabitant_special_list WHERE lg_code::text = '131130' AND fiscal_year = 2026),
	'X-0001:1:175500:14900 X-0001:11:175500:14900 Z-0003:6:171500:8500', 'the employer list: A and M at X, F at Z');
SELECT is((SELECT string_agg(atena_no || ':' || share || ':' || first_year || ':' || apr || ':' || oct, ' ' ORDER BY atena_no)
			FROM zeimu.inhabitant_pension_list WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND payer_name = '日本年金機構'),
	'2:179500:true:0:29950 6:70600:false:11900:11900 7:82000:true:0:13800',
	'the pension payer list: B, F, G');
SELECT ok(NOT EXISTS (SELECT FROM information_schema.columns WHERE table_schema = 'zeimu'
			AND table_name = ANY (ARRAY['inhabitant_special_list', 'inhabitant_pension_list']) AND column_name ~ 'mynumber|individual'),
	'neither list has an Individual Number column');

-- ---- idempotent re-run -----------------------------------------------------
SELECT is(pg_temp.run(2026, '2026-05-16'), '(10,0,0,9,0,0,0,1,0,0)', 're-run: nothing new, nine unchanged');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND fiscal_year = 2026), 9::bigint,
	're-run: still nine assessments');

-- ---- a corrected document before June: the whole schedule is re-spread ---
-- A's employer corrects the salary to 4,400,000: 給与所得 3,080,000; 課税
-- 2,050,000; 算出 123,000 / 82,000; 調整控除 50,000 - 50,000 = 0 → the
-- minimum 2,500 → 1,500 / 1,000; 所得割 121,500 / 81,000; total 207,500.
-- Decided 2026-05-20: no month is fixed, so the 12 months are spread anew:
-- trunc(17,291 to ¥100) = 17,200, June 207,500 - 189,200 = 18,300.
SELECT pg_temp.recv('a2', 1, 'salary_report', '{"salary": 4400000, "social_insurance": 600000}', '株式会社エックス', 'X-0001',
	'2026-02-10', (SELECT id FROM doc WHERE tag = 'a'));
SELECT is(pg_temp.run(2026, '2026-05-20'), '(10,0,1,8,1,0,0,1,0,0)', 'after the correction: A corrected, the others unchanged');
SELECT is((SELECT row(version, kind, reason, total, overpaid, decided_on)::text FROM zeimu.inhabitant_assessment_current
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 1),
	'(2,correction,report,207500,0,2026-05-20)', 'A: correction version 2 (reason report) with the new total');
SELECT is((SELECT row(total, jun, jul, may)::text FROM zeimu.inhabitant_special_list
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 1),
	'(207500,18300,17200,17200)', 'the employer list shows the latest version only');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 1), 2::bigint,
	'A: version 1 is kept');

-- ---- a salary report from a new employer: 普通徴収 switches to 特別徴収 ----
-- H (ordinary, 82,000: 22,000 + 3 x 20,000) takes a job at ブイ物産, which
-- reports a salary of 1,000,000: 給与所得 1,000,000 - 650,000 = 350,000;
-- 所得金額調整控除 min(350,000, 100,000) + min(1,225,000, 100,000) - 100,000 =
-- 100,000 → 250,000; 総所得 250,000 + 1,225,000 = 1,475,000; 課税 1,045,000;
-- 算出 62,700 / 41,800; 調整控除 1,500 / 1,000; total 61,200 + 40,800 + 5,000
-- = 107,000.  Decided 2026-06-20: period 1 (June, 22,000) is fixed; the
-- employer takes the rest, 107,000 - 22,000 = 85,000, over July-May:
-- trunc(7,727 to ¥100) = 7,700, July 85,000 - 77,000 = 8,000; periods 2-4 → 0.
SELECT pg_temp.recv('h2', 8, 'salary_report', '{"salary": 1000000}', 'ブイ物産', 'V-0009', '2026-06-10');
SELECT is(pg_temp.run(2026, '2026-06-20'), '(10,0,1,8,1,0,0,1,0,0)', 'H corrected into special collection');
SELECT is((SELECT row(version, reason, total, collection_mode, employer_name, employer_no)::text FROM zeimu.inhabitant_assessment_current
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 8),
	'(2,report,107000,special,ブイ物産,V-0009)', 'H: version 2 by the new employer');
SELECT is((SELECT string_agg(part || employer_name || amounts::text, ' ' ORDER BY part) FROM zeimu.inhabitant_special_schedule
			WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = 8 AND version = 2),
	'1ブイ物産{0,8000,7700,7700,7700,7700,7700,7700,7700,7700,7700,7700}', 'H: the employer from July, the fraction in July');
SELECT is(pg_temp.ord(8), '1:22000 2:0 3:0 4:0', 'H: the June installment kept, the later ones 0');

-- ---- parameters -------------------------------------------------------------
-- An ordinance unit of ¥100: 179,500 / 4 = 44,875 → 44,800; first 179,500 - 134,400 = 45,100.
INSERT INTO zeimu.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES ('131130', 2026, 'ordinary_collection_unit', 100, 'test');
SELECT is((SELECT array_agg(amount ORDER BY period) FROM zeimu.inhabitant_ordinary_plan('131130', 2026, 179500)),
	ARRAY[45100, 44800, 44800, 44800]::bigint[], 'the municipality''s ¥100 unit');
SELECT throws_ok($$SELECT * FROM zeimu.inhabitant_ordinary_plan('131130', 2026, -1)$$, '22023', 'annual tax must not be negative',
	'a negative total is refused');
SELECT throws_ok($$SELECT * FROM zeimu.levy_inhabitant('131130', 2019)$$, NULL, NULL, 'an unsupported fiscal year is refused');
SELECT throws_ok($$SELECT * FROM zeimu.levy_inhabitant('131130', NULL)$$, '22004',
	'lg_code, fiscal year and decision date must not be null', 'a NULL fiscal year is refused');
SELECT is(zeimu.inhabitant_param_value('131130', 2026, 'pension_special_age'), 65::numeric, 'the national pension age 65');
SELECT is(zeimu.inhabitant_pension_share('{"total": 0}'::jsonb, false, 100), 0::bigint, 'no share of a zero tax');

-- ---- the advisory lock ------------------------------------------------------
CREATE EXTENSION dblink;
SELECT dblink_connect('lk', format('dbname=%s port=%s host=%s', current_database(), current_setting('port'),
	split_part(current_setting('unix_socket_directories'), ',', 1)));
SELECT is((SELECT x FROM dblink('lk', $$SELECT pg_try_advisory_lock(hashtext('levy_inhabitant'), hashtext('131130/2024'))::text$$) AS t(x text)),
	'true', 'another session takes the lock of 131130 fiscal year 2024');
SELECT throws_ok($$SELECT * FROM zeimu.levy_inhabitant('131130', 2024)$$, '55P03',
	'levy_inhabitant for 131130 fiscal year 2024 is already running',
	'a run while another session holds the lock is refused');
SELECT is((SELECT x FROM dblink('lk', $$SELECT pg_try_advisory_lock(hashtext('levy_inhabitant'), hashtext('131130/2026'))::text$$) AS t(x text)),
	'false', 'while a run''s transaction is open, its lock (131130/2026) is held');
SELECT dblink_disconnect('lk');

SELECT * FROM finish();
ROLLBACK;
