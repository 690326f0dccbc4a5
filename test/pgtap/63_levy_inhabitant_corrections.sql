-- levy (inhabitant tax): corrections (月例更正), the job-change notice and
-- the monthly run (src/sql/471-473), all run by a levy clerk of 131130 (not
-- a superuser: row security and the duty's rights apply).  Municipality
-- 131130 (national rates 市 6 % / 県 4 %), fiscal year 2026.
--   A salary 4,000,000 (employer X): decision 175,500 → 申告 → job change;
--   B pension 65+: a higher pension report (the increase goes to 普通徴収);
--   E pension under 65 (ordinary): a return lowers the tax below what is
--     already due (over-payment);
--   F salary and pension 65+: 転出 stops the pension collection, then a
--     lump sum on leaving in February;
--   G pension 65+: a lower pension report (the payer is told less);
--   M salary (employer X): transfer to a new employer.
BEGIN;
SELECT plan(44);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'HQ', '税務課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code, business_date) VALUES
	('131130', 1, '甲野 一郎', 'こうの いちろう', 1, '1980-04-01', 'テスト区本町１丁目１番', 'HQ', '2020-04-01'),
	('131130', 2, '乙川 花子', 'おとかわ はなこ', 2, '1960-06-15', 'テスト区本町２丁目２番', 'HQ', '2020-04-01'),
	('131130', 5, '戊井 五子', 'つちのい いつこ', 2, '1962-01-10', 'テスト区本町５丁目５番', 'HQ', '2020-04-01'),
	('131130', 6, '己原 六郎', 'つちのとはら ろくろう', 1, '1955-03-03', 'テスト区本町６丁目６番', 'HQ', '2020-04-01'),
	('131130', 7, '庚塚 七子', 'かのえづか ななこ', 2, '1961-04-02', 'テスト区本町７丁目７番', 'HQ', '2020-04-01'),
	('131130', 11, '甲斐 十一', 'かい じゅういち', 1, '1985-05-05', 'テスト区本町１１丁目１１番', 'HQ', '2020-04-01');

CREATE TEMP TABLE doc (tag text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.recv(p_tag text, p_atena bigint, p_kind text, p_facts jsonb, p_employer text, p_no text,
	p_on date, p_supersedes bigint DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	v_id bigint;
	p record;
BEGIN
	SELECT * INTO p FROM zeimu.person WHERE lg_code::text = '131130' AND atena_no = p_atena;
	v_id := zeimu.receive_tax_document('131130', p_kind, 2026, p_facts, p_name => p.name, p_sex => p.sex,
		p_birth_date => p.birth_date, p_address => p.address,
		p_source => coalesce(p_employer, CASE WHEN p_kind = 'pension_report' THEN '日本年金機構' ELSE '国税連携' END),
		p_received_on => p_on, p_employer_name => p_employer, p_employer_no => p_no, p_supersedes => p_supersedes);
	INSERT INTO doc VALUES (p_tag, v_id);
END $$;
CREATE FUNCTION pg_temp.ord(p_atena bigint) RETURNS text LANGUAGE sql AS $$
	SELECT string_agg(period || ':' || amount, ' ' ORDER BY period) FROM zeimu.inhabitant_ordinary_installment i
	WHERE i.lg_code::text = '131130' AND i.fiscal_year = 2026 AND i.atena_no = p_atena
	  AND i.version = (SELECT max(version) FROM zeimu.inhabitant_assessment a
					   WHERE a.lg_code::text = '131130' AND a.fiscal_year = 2026 AND a.atena_no = p_atena)
$$;
CREATE FUNCTION pg_temp.cur(p_atena bigint) RETURNS text LANGUAGE sql AS $$
	SELECT row(version, reason, total, collection_mode, employer_name, pension_amount, overpaid)::text
	FROM zeimu.inhabitant_assessment_current WHERE lg_code::text = '131130' AND fiscal_year = 2026 AND atena_no = p_atena
$$;
CREATE FUNCTION pg_temp.sp(p_atena bigint) RETURNS text LANGUAGE sql AS $$
	SELECT string_agg(employer_name || amounts::text, ' ' ORDER BY part) FROM zeimu.inhabitant_special_schedule s
	WHERE s.lg_code::text = '131130' AND s.fiscal_year = 2026 AND s.atena_no = p_atena
	  AND s.version = (SELECT max(version) FROM zeimu.inhabitant_assessment a
					   WHERE a.lg_code::text = '131130' AND a.fiscal_year = 2026 AND a.atena_no = p_atena)
$$;
CREATE FUNCTION pg_temp.pen(p_atena bigint) RETURNS text LANGUAGE sql AS $$
	SELECT row(share, stopped, amounts)::text FROM zeimu.inhabitant_pension_schedule s
	WHERE s.lg_code::text = '131130' AND s.fiscal_year = 2026 AND s.atena_no = p_atena
	  AND s.version = (SELECT max(version) FROM zeimu.inhabitant_assessment a
					   WHERE a.lg_code::text = '131130' AND a.fiscal_year = 2026 AND a.atena_no = p_atena)
$$;

-- ---- the levy clerk ---------------------------------------------------------
-- pgTAP keeps its state in temporary tables; the clerk writes to them too.
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE regress_batch_levy NOLOGIN IN ROLE zeimu_levy;
SELECT zeimu.register_staff('131130', 'BATCH-L', 'regress_batch_levy', 'Levy clerk', ARRAY['levy'], '{}', true);
SET LOCAL ROLE regress_batch_levy;
SELECT ok(NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), 'the batch runs as a levy clerk, not a superuser');

SELECT pg_temp.recv('a', 1, 'salary_report', '{"salary": 4000000, "social_insurance": 600000}', '株式会社エックス', 'X-0001', '2026-01-31');
SELECT pg_temp.recv('b', 2, 'pension_report', '{"pension": 3300000, "age": 65}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('e', 5, 'pension_report', '{"pension": 3300000, "age": 63}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('fs', 6, 'salary_report', '{"salary": 2000000}', 'ゼット商事', 'Z-0003', '2026-01-31');
SELECT pg_temp.recv('fp', 6, 'pension_report', '{"pension": 2000000, "age": 70}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('g', 7, 'pension_report', '{"pension": 2000000, "age": 64}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('m', 11, 'salary_report', '{"salary": 4000000, "social_insurance": 600000}', '株式会社エックス', 'X-0001', '2026-01-31');

-- Decisions (figures by hand in 62_levy_inhabitant_batch.sql): A and M
-- 175,500 (14,900 + 11 x 14,600); B 179,500 (pension first year: Oct 29,950,
-- Dec/Feb 29,900; ordinary 45,750 + 44,000); E 179,500 ordinary (47,500 + 3 x
-- 44,000); F 171,500, first year: share 70,600 (Oct 11,900, Dec/Feb 11,700;
-- ordinary 18,300 + 17,000), salary 100,900 (8,500 + 11 x 8,400); G 82,000
-- (Oct 13,800, Dec/Feb 13,600; ordinary 21,000 + 20,000).
SELECT is((SELECT row(persons, decided, corrected, unchanged, special, ordinary, non_taxable, not_resident, pension, overpaid)::text
			FROM zeimu.levy_inhabitant('131130', 2026, '2026-05-15')),
	'(6,6,0,0,3,1,0,0,3,0)', 'the clerk''s annual run: six decisions (special A, F, M; ordinary E; pension B, F, G)');
SELECT is(pg_temp.pen(6), '(70600,f,"{0,0,0,11900,11700,11700}")', 'F: first-year pension schedule');

-- ---- 申告 after the decision: the monthly run ------------------------------
-- A files a final return (salary 4,400,000, social insurance 600,000, medical
-- 300,000): 給与所得 3,080,000; 医療費控除 300,000 - min(100,000, 5% x
-- 3,080,000 = 154,000) = 200,000; 課税 3,080,000 - 430,000 - 600,000 - 200,000
-- = 1,850,000; 算出 111,000 / 74,000; 調整控除 1,500 / 1,000; total 109,500 +
-- 73,000 + 5,000 = 187,500.  Decided 2026-08-20: June-August are fixed
-- (14,900 + 14,600 + 14,600 = 44,100); 187,500 - 44,100 = 143,400 over the
-- nine months September-May: trunc(15,933 to ¥100) = 15,900, September
-- 143,400 - 8 x 15,900 = 16,200.
SELECT pg_temp.recv('ar', 1, 'final_return', '{"salary": 4400000, "social_insurance": 600000, "medical_expenses": 300000}',
	NULL, NULL, '2026-07-10');
SELECT is((SELECT string_agg(row(fiscal_year, persons, decided, corrected, unchanged, special, ordinary, non_taxable,
				not_resident, pension, overpaid)::text, ' ') FROM zeimu.levy_inhabitant_monthly('131130', '2026-08-20')),
	'(2026,6,0,1,5,1,0,0,0,0,0)', 'monthly run: one year with documents, A corrected, five unchanged');
SELECT is(pg_temp.cur(1), '(2,return,187500,special,株式会社エックス,0,0)', 'A: version 2, reason return (申告)');
SELECT is(pg_temp.sp(1), '株式会社エックス{14900,14600,14600,16200,15900,15900,15900,15900,15900,15900,15900,15900}',
	'A: June-August kept, the rest over September-May, the fraction in September');
SELECT is((SELECT string_agg(row(fiscal_year, corrected, unchanged)::text, ' ') FROM zeimu.levy_inhabitant_monthly('131130', '2026-08-21')),
	'(2026,0,6)', 'monthly run again: nothing to do');
SELECT is((SELECT row(version, total)::text FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 1 AND version = 1),
	'(1,175500)', 'A: version 1 is never edited');

-- ---- a decrease below what is already due: over-payment ----------------
-- E files an inhabitant return with social insurance 2,000,000: 課税
-- 2,200,000 - 430,000 - 2,000,000 < 0 → 0; 所得割 0; 均等割 (合計所得
-- 2,200,000 > 450,000) 5,000.  Decided 2026-11-10: periods 1-3 (nominal
-- June, August, October) are fixed: 47,500 + 44,000 + 44,000 = 135,500 >
-- 5,000 → over-payment 130,500; period 4 becomes 0.
SELECT pg_temp.recv('er', 5, 'inhabitant_return', '{"pension": 3300000, "age": 63, "social_insurance": 2000000}',
	NULL, NULL, '2026-11-01');
SELECT is((SELECT row(version, written, total, overpaid)::text FROM zeimu.levy_inhabitant_correct('131130', 2026, 5, 'return', '2026-11-10')),
	'(2,t,5000,130500)', 'E: correction version 2, 5,000, over-payment 130,500');
SELECT is(pg_temp.ord(5), '1:47500 2:44000 3:44000 4:0', 'E: fixed periods kept, period 4 cut to 0');
SELECT is((SELECT row(atena_no, version, reason, overpaid)::text FROM zeimu.inhabitant_overpaid_list WHERE lg_code::text = '131130'),
	'(5,2,return,130500)', 'the over-payment list for collection');
SELECT is((SELECT row(version, written, total, overpaid)::text FROM zeimu.levy_inhabitant_correct('131130', 2026, 5, 'return', '2026-11-11')),
	'(2,f,5000,130500)', 'E: the same correction again writes nothing');

-- ---- pension: an increase goes to 普通徴収 ---------------------------------
-- B's payer corrects the pension to 3,700,000: 年金所得 3,700,000 x 25% +
-- 275,000 = 1,200,000 控除 → 2,500,000; 課税 2,070,000; 算出 124,200 / 82,800;
-- 調整控除 the minimum 1,500 / 1,000; total 122,700 + 81,800 + 5,000 = 209,500.
-- The payer cannot be told a higher amount (法321条の7の7): October-February
-- stay 29,950 / 29,900 / 29,900.  普通徴収: 209,500 - 89,750 = 119,750; fixed
-- periods 1-2 (45,750 + 44,000 = 89,750); the rest 30,000 over periods 3-4:
-- 15,000 each.
SELECT pg_temp.recv('b2', 2, 'pension_report', '{"pension": 3700000, "age": 65}', NULL, NULL, '2026-09-01', (SELECT id FROM doc WHERE tag = 'b'));
SELECT is((SELECT row(version, written, total, overpaid)::text FROM zeimu.levy_inhabitant_correct('131130', 2026, 2, 'report', '2026-09-15')),
	'(2,t,209500,0)', 'B: correction version 2, 209,500');
SELECT is(pg_temp.pen(2), '(209500,f,"{0,0,0,29950,29900,29900}")', 'B: the pension amounts are not raised');
SELECT is(pg_temp.ord(2), '1:45750 2:44000 3:15000 4:15000', 'B: the increase of 30,000 by 普通徴収 periods 3 and 4');
SELECT is(pg_temp.cur(2), '(2,report,209500,ordinary,,89750,0)', 'B: mode ordinary (普通徴収 carries more than the first-year half)');

-- ---- pension: a decrease tells the payer less ----------------------------
-- G's payer corrects the pension to 1,500,000 (under 65 控除 1,500,000 x 25%
-- + 275,000 = 650,000 → 850,000); 課税 420,000; 算出 25,200 / 16,800; 調整控除
-- 1,500 / 1,000; total 23,700 + 15,800 + 5,000 = 44,500.  Decided 2026-11-05:
-- pension October (13,800) and ordinary periods 1-3 (21,000 + 20,000 + 0) are
-- fixed: 54,800 > 44,500 → December and February 0, over-payment 10,300.
SELECT pg_temp.recv('g2', 7, 'pension_report', '{"pension": 1500000, "age": 64}', NULL, NULL, '2026-10-20', (SELECT id FROM doc WHERE tag = 'g'));
SELECT is((SELECT row(version, written, total, overpaid)::text FROM zeimu.levy_inhabitant_correct('131130', 2026, 7, 'report', '2026-11-05')),
	'(2,t,44500,10300)', 'G: correction 44,500, over-payment 10,300');
SELECT is(pg_temp.pen(7), '(44500,f,"{0,0,0,13800,0,0}")', 'G: December and February cut to 0');
SELECT is(pg_temp.cur(7), '(2,report,44500,pension,,13800,10300)', 'G: still in pension special collection');

-- ---- 転出: the pension payer stops --------------------------------------
-- F moves out (the tax of the year stays: 賦課期日 1 January).  Decided
-- 2026-11-25: the pension October (11,900) is kept, December and February
-- stop; F's salary part stays 100,900 with the employer; 普通徴収 carries
-- 171,500 - 11,900 - 100,900 = 58,700, of which periods 1-3 are fixed
-- (18,300 + 17,000 + 0): the rest 23,400 in period 4.
SELECT is((SELECT row(version, written, total, overpaid)::text FROM zeimu.levy_inhabitant_correct('131130', 2026, 6, 'moved_out', '2026-11-25')),
	'(2,t,171500,0)', 'F: 転出 writes version 2 with the same total');
SELECT is(pg_temp.pen(6), '(70600,t,"{0,0,0,11900,0,0}")', 'F: pension collection stopped after October');
SELECT is(pg_temp.ord(6), '1:18300 2:17000 4:23400', 'F: the stopped pension amounts by 普通徴収 in January');
SELECT is(pg_temp.sp(6), 'ゼット商事{8500,8400,8400,8400,8400,8400,8400,8400,8400,8400,8400,8400}', 'F: the employer''s months unchanged');
SELECT is((SELECT row(version, written)::text FROM zeimu.levy_inhabitant_correct('131130', 2026, 6, 'moved_out', '2026-11-26')),
	'(2,f)', 'F: 転出 again writes nothing');

-- ---- job change (法321条の5②, 321条の7) -----------------------------------
-- A leaves X on 2026-10-31 (last salary October, notice 2026-11-10, no
-- request): the 7 months November-May (7 x 15,900 = 111,300) go to 普通徴収,
-- the only open period is January (period 4).
SELECT is((SELECT row(version, action, amount, recorded)::text FROM zeimu.inhabitant_employment_change('131130', 2026, 1, '株式会社エックス',
			'2026-10-31', p_notified_on => '2026-11-10')),
	'(3,ordinary,111300,t)', 'A leaves in October: 111,300 switched to 普通徴収');
SELECT is(pg_temp.sp(1), '株式会社エックス{14900,14600,14600,16200,15900,0,0,0,0,0,0,0}', 'A: the employer''s months after October are 0');
SELECT is(pg_temp.ord(1), '4:111300', 'A: 普通徴収 in January');
SELECT is(pg_temp.cur(1), '(3,employment_change,187500,ordinary,,0,0)', 'A: version 3, reason employment_change, mode ordinary');
SELECT is((SELECT row(version, action, amount, recorded)::text FROM zeimu.inhabitant_employment_change('131130', 2026, 1, '株式会社エックス',
			'2026-10-31', p_notified_on => '2026-11-12')),
	'(3,ordinary,111300,f)', 'A: the same notice again changes nothing');
-- M moves to a new employer on 2026-08-31 and asks to continue there: the
-- 9 months September-May (9 x 14,600 = 131,400) go to ダブリュー工業.
SELECT is((SELECT row(version, action, amount, recorded)::text FROM zeimu.inhabitant_employment_change('131130', 2026, 11, '株式会社エックス',
			'2026-08-31', 'retirement', NULL, 'ダブリュー工業', 'W-0003', p_notified_on => '2026-09-05')),
	'(2,transfer,131400,t)', 'M: transfer of 131,400 to the new employer');
SELECT is(pg_temp.sp(11), '株式会社エックス{14900,14600,14600,0,0,0,0,0,0,0,0,0} ダブリュー工業{0,0,0,14600,14600,14600,14600,14600,14600,14600,14600,14600}',
	'M: the old employer to August, the new one from September');
SELECT is((SELECT string_agg(employer_no || ':' || sep, ' ' ORDER BY employer_no) FROM zeimu.inhabitant_special_list
			WHERE lg_code::text = '131130' AND atena_no = 11), 'W-0003:14600 X-0001:0', 'the employer list shows both employers');
-- F leaves Z on 2027-02-20 (last salary February, 1 January - 30 April:
-- 一括徴収 is mandatory): March-May 3 x 8,400 = 25,200 ≤ the last payment
-- 30,000 → added to February: 8,400 + 25,200 = 33,600.
SELECT is((SELECT row(version, action, amount, recorded)::text FROM zeimu.inhabitant_employment_change('131130', 2026, 6, 'ゼット商事',
			'2027-02-20', p_last_payment => 30000, p_notified_on => '2027-02-25')),
	'(3,lump_sum,25200,t)', 'F leaves in February: lump sum of 25,200 from the last salary');
SELECT is(pg_temp.sp(6), 'ゼット商事{8500,8400,8400,8400,8400,8400,8400,8400,33600,0,0,0}', 'F: February 33,600, March-May 0');
SELECT is(pg_temp.pen(6), '(70600,t,"{0,0,0,11900,0,0}")', 'F: the pension schedule is carried over');

-- M then leaves ダブリュー工業 on 2027-03-31 (last salary March; 1 January -
-- 30 April, so 一括徴収 would be mandatory) but only 10,000 is still paid out
-- while April-May are 2 x 14,600 = 29,200: the rest goes to 普通徴収.  Notice
-- 2027-04-05: every ordinance period is due by April, so one 随時 period 5
-- due 2027-05-31 (a Monday).
SELECT is((SELECT row(version, action, amount, recorded)::text FROM zeimu.inhabitant_employment_change('131130', 2026, 11, 'ダブリュー工業',
			'2027-03-31', p_last_payment => 10000, p_notified_on => '2027-04-05')),
	'(3,ordinary,29200,t)', 'M leaves in March but the rest exceeds the last payment: 普通徴収, not a lump sum');
SELECT is(pg_temp.sp(11), '株式会社エックス{14900,14600,14600,0,0,0,0,0,0,0,0,0} ダブリュー工業{0,0,0,14600,14600,14600,14600,14600,14600,14600,0,0}',
	'M: the new employer to March');
SELECT is((SELECT string_agg(period || ':' || nominal_due || ':' || due_date || ':' || amount, ' ') FROM zeimu.inhabitant_ordinary_installment
			WHERE lg_code::text = '131130' AND atena_no = 11 AND version = 3), '5:2027-05-31:2027-05-31:29200',
	'M: one 随時 period at the end of the next month');

-- ---- errors -----------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM zeimu.inhabitant_employment_change('131130', 2026, 2, '株式会社エックス', '2026-10-31')$$,
	'22023', 'person 2 is not in special collection by that employer for fiscal year 2026', 'B is not in salary special collection');
SELECT throws_ok($$SELECT * FROM zeimu.inhabitant_employment_change('131130', 2026, 11, 'ダブリュー工業', '2027-06-01')$$,
	'22023', 'leaving date 2027-06-01 is outside fiscal year 2026', 'a leaving date after May of the next year');
SELECT throws_ok($$SELECT * FROM zeimu.inhabitant_employment_change('131130', 2026, 11, 'ダブリュー工業', '2026-12-31', 'fired')$$,
	'22023', 'unknown job change reason "fired"', 'an unknown job change reason');
SELECT throws_ok($$SELECT * FROM zeimu.levy_inhabitant_correct('131130', 2026, 1, 'whim')$$,
	'22023', 'unknown correction reason "whim"', 'an unknown correction reason');
SELECT throws_ok($$SELECT * FROM zeimu.levy_inhabitant_correct('131130', 2025, 1, 'return')$$,
	'P0002', 'person 1 has no inhabitant tax assessment for fiscal year 2025', 'no assessment for the year');

-- After all this the monthly run finds nothing to recompute; A's salary
-- report for 令和9年度 (received in January 2027) waits for that year's
-- annual run.
SELECT zeimu.receive_tax_document('131130', 'salary_report', 2027, '{"salary": 3000000}', p_name => '甲野 一郎', p_sex => 1::smallint,
	p_birth_date => '1980-04-01', p_address => 'テスト区本町１丁目１番', p_source => 'ダブリュー工業', p_employer_name => 'ダブリュー工業',
	p_received_on => '2027-01-31');
SELECT is((SELECT string_agg(row(fiscal_year, corrected, unchanged)::text, ' ') FROM zeimu.levy_inhabitant_monthly('131130', '2027-03-01')),
	'(2026,0,6)', 'monthly run after the job changes: all unchanged, 令和9年度 not levied before its annual run');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
