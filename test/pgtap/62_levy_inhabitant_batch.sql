-- levy (inhabitant tax): the annual batch (src/sql/470_levy_inhabitant_batch.sql).
-- Municipality 131130 (national standard rates: 市 6 %, 県 4 %), fiscal year
-- 2026 (令和8年度, income of 2025).  A: salary report from employer X
-- (special collection); B: pension report only (ordinary collection); C: a
-- small salary (non-taxable); D: registered after 1 January (not assessed).
BEGIN;
SELECT plan(29);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'HQ', '税務課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code, business_date) VALUES
	('131130', 1, '甲野 一郎', 'こうの いちろう', 1, '1980-04-01', 'テスト区本町１丁目１番', 'HQ', '2020-04-01'),
	('131130', 2, '乙川 花子', 'おとかわ はなこ', 2, '1960-06-15', 'テスト区本町２丁目２番', 'HQ', '2020-04-01'),
	('131130', 3, '丙田 三郎', 'へいだ さぶろう', 1, '2000-01-20', 'テスト区本町３丁目３番', 'HQ', '2020-04-01'),
	('131130', 4, '丁山 四郎', 'ていやま しろう', 1, '1985-02-02', 'テスト区本町４丁目４番', 'HQ', '2026-03-01');

CREATE TEMP TABLE doc (tag text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.recv(p_tag text, p_atena bigint, p_kind text, p_facts jsonb, p_employer text, p_no text,
	p_on date, p_supersedes bigint DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	v_id bigint;
	p record;
BEGIN
	SELECT * INTO p FROM zeimu.person WHERE lg_code::text = '131130' AND atena_no = p_atena;
	v_id := zeimu.receive_tax_document('131130', p_kind, 2026, p_facts, p_name => p.name, p_sex => p.sex,
		p_birth_date => p.birth_date, p_address => p.address, p_source => coalesce(p_employer, '年金機構'),
		p_received_on => p_on, p_employer_name => p_employer, p_employer_no => p_no, p_supersedes => p_supersedes);
	INSERT INTO doc VALUES (p_tag, v_id);
END $$;

SELECT pg_temp.recv('a', 1, 'salary_report', '{"salary": 4000000, "social_insurance": 600000}', '株式会社エックス', 'X-0001', '2026-01-31');
SELECT pg_temp.recv('b', 2, 'pension_report', '{"pension": 3300000, "age": 65}', NULL, NULL, '2026-01-31');
SELECT pg_temp.recv('c', 3, 'salary_report', '{"salary": 900000}', 'ワイ商店', 'Y-0002', '2026-01-31');
SELECT pg_temp.recv('d', 4, 'salary_report', '{"salary": 5000000}', 'ワイ商店', 'Y-0002', '2026-01-31');
SELECT is((SELECT count(*) FROM zeimu.tax_document WHERE lg_code::text = '131130' AND atena_no IS NOT NULL), 4::bigint,
	'four documents, all matched by basic items');

-- ---- the first run -------------------------------------------------------
SELECT is((SELECT row(persons, decided, corrected, unchanged, special, ordinary, non_taxable, not_resident)::text
			FROM zeimu.levy_inhabitant('131130', 2026, '2026-05-15')),
	'(4,3,0,0,1,1,1,1)', 'first run: 4 persons, 3 decided (1 special, 1 ordinary, 1 non-taxable), D not resident on 1 January');

-- A: 給与所得 (令和8年度) 4,000,000 x 80% - 440,000 = 2,760,000; 控除 430,000
-- + 600,000; 課税 1,730,000; 算出 6% 103,800 / 4% 69,200; 調整控除
-- min(50,000, 1,730,000) x 5% = 2,500 → 1,500 / 1,000; 所得割 102,300 /
-- 68,200; 均等割 3,000 / 1,000; 森林環境税 1,000; total 175,500.
SELECT is((SELECT row(version, kind, income_levy_city, income_levy_pref, per_capita_city, per_capita_pref, forest_env_tax, total,
				collection_mode, employer_name, employer_no, decided_on)::text
			FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 1),
	'(1,decision,102300,68200,3000,1000,1000,175500,special,株式会社エックス,X-0001,2026-05-15)',
	'A: decision 1, amounts by hand, special collection by the employer of the salary report');
SELECT is((SELECT (breakdown->>'taxable_income')::bigint FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 1),
	1730000::bigint, 'A: the breakdown is stored (課税総所得 1,730,000)');
SELECT is((SELECT total FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 1),
	(zeimu.inhabitant_tax(2026, '131130', zeimu.merged_tax_facts('131130', 2026, 1))->>'total')::bigint,
	'A: the batch total equals zeimu.inhabitant_tax on the merged facts');
-- 法321条の5①: monthly trunc(175,500 / 12 = 14,625 to ¥100) = 14,600; June
-- 175,500 - 11 x 14,600 = 14,900.
SELECT is((SELECT amounts FROM zeimu.inhabitant_special_schedule WHERE lg_code::text = '131130' AND atena_no = 1),
	ARRAY[14900, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600, 14600]::bigint[],
	'A: 12 amounts June-May, the fraction in June (14,900)');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_ordinary_installment WHERE lg_code::text = '131130' AND atena_no = 1),
	0::bigint, 'A: no ordinary installments');

-- B (age 65): 公的年金等所得 3,300,000 x 75% - 275,000 = 2,200,000; 控除
-- 430,000; 課税 1,770,000; 算出 106,200 / 70,800; 調整控除 1,500 / 1,000;
-- 所得割 104,700 / 69,800; + 3,000 + 1,000 + 1,000 = 179,500.
SELECT is((SELECT row(income_levy_city, income_levy_pref, total, collection_mode, employer_name)::text
			FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 2),
	'(104700,69800,179500,ordinary,)', 'B: amounts by hand, ordinary collection (no salary report)');
-- 法20条の4の2⑥: 179,500 / 4 = 44,875 → 44,000 per period; the first
-- 179,500 - 3 x 44,000 = 47,500.  Due dates (法320条, 法20条の5②):
-- 2026-06-30 Tue; 2026-08-31 Mon; 2026-10-31 Sat → Mon 2026-11-02;
-- 2027-01-31 Sun → Mon 2027-02-01.
SELECT is((SELECT string_agg(period || ':' || amount || ':' || nominal_due || ':' || due_date, ' ' ORDER BY period)
			FROM zeimu.inhabitant_ordinary_installment WHERE lg_code::text = '131130' AND atena_no = 2),
	'1:47500:2026-06-30:2026-06-30 2:44000:2026-08-31:2026-08-31 3:44000:2026-10-31:2026-11-02 4:44000:2027-01-31:2027-02-01',
	'B: 4 periods, the fraction in the first, due dates moved off the weekend');
SELECT is((SELECT sum(amount) FROM zeimu.inhabitant_ordinary_installment WHERE lg_code::text = '131130' AND atena_no = 2),
	179500::numeric, 'B: the installments add up to the total');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_special_schedule WHERE lg_code::text = '131130' AND atena_no = 2),
	0::bigint, 'B: no special schedule');

-- C: 給与所得 (令和8年度) 900,000 - 650,000 = 250,000: under every
-- 均等割 threshold → total 0, no schedule although an employer reported.
SELECT is((SELECT row(total, collection_mode, employer_name)::text FROM zeimu.inhabitant_assessment
			WHERE lg_code::text = '131130' AND atena_no = 3),
	'(0,none,)', 'C: non-taxable, total 0, mode none');
SELECT is((SELECT (SELECT count(*) FROM zeimu.inhabitant_special_schedule WHERE lg_code::text = '131130' AND atena_no = 3)
				+ (SELECT count(*) FROM zeimu.inhabitant_ordinary_installment WHERE lg_code::text = '131130' AND atena_no = 3)),
	0::bigint, 'C: no schedule');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 4),
	0::bigint, 'D: not a resident on 1 January 2026, not assessed');

-- ---- the per-employer list -------------------------------------------------
SELECT is((SELECT row(employer_name, employer_no, atena_no, name, total, jun, jul, may)::text
			FROM zeimu.inhabitant_special_list WHERE lg_code::text = '131130' AND fiscal_year = 2026),
	'(株式会社エックス,X-0001,1,"甲野 一郎",175500,14900,14600,14600)', 'the employer list: one row, A''s 12 amounts');
SELECT ok(NOT EXISTS (SELECT FROM information_schema.columns WHERE table_schema = 'zeimu' AND table_name = 'inhabitant_special_list'
			AND column_name ~ 'mynumber|individual'), 'the employer list has no Individual Number column');

-- ---- idempotent re-run -----------------------------------------------------
SELECT is((SELECT row(persons, decided, corrected, unchanged, special, ordinary, non_taxable, not_resident)::text
			FROM zeimu.levy_inhabitant('131130', 2026, '2026-05-16')),
	'(4,0,0,3,0,0,0,1)', 're-run: nothing new, three unchanged');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130'), 3::bigint,
	're-run: still three assessments');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_ordinary_installment WHERE lg_code::text = '131130'), 4::bigint,
	're-run: still four installments');

-- ---- a corrected document becomes a correction version -------------------
-- A's employer corrects the salary to 4,400,000: 給与所得 3,080,000; 課税
-- 2,050,000; 算出 123,000 / 82,000; 調整控除: 50,000 - (2,050,000 -
-- 2,000,000) = 0 → the minimum 50,000 x 5% = 2,500 → 1,500 / 1,000; 所得割
-- 121,500 / 81,000; total 202,500 + 5,000 = 207,500.  Monthly trunc(17,291
-- to ¥100) = 17,200; June 207,500 - 11 x 17,200 = 18,300.
SELECT pg_temp.recv('a2', 1, 'salary_report', '{"salary": 4400000, "social_insurance": 600000}', '株式会社エックス', 'X-0001',
	'2026-02-10', (SELECT id FROM doc WHERE tag = 'a'));
SELECT is((SELECT row(persons, decided, corrected, unchanged, special, ordinary, non_taxable, not_resident)::text
			FROM zeimu.levy_inhabitant('131130', 2026, '2026-06-20')),
	'(4,0,1,2,1,0,0,1)', 'after the correction: A corrected, the others unchanged');
SELECT is((SELECT row(version, kind, total, decided_on)::text FROM zeimu.inhabitant_assessment_current
			WHERE lg_code::text = '131130' AND atena_no = 1),
	'(2,correction,207500,2026-06-20)', 'A: correction version 2 with the new total');
SELECT is((SELECT row(total, jun, jul)::text FROM zeimu.inhabitant_special_list WHERE lg_code::text = '131130' AND atena_no = 1),
	'(207500,18300,17200)', 'the employer list shows the latest version only');
SELECT is((SELECT count(*) FROM zeimu.inhabitant_assessment WHERE lg_code::text = '131130' AND atena_no = 1), 2::bigint,
	'A: version 1 is kept');

-- ---- parameters -------------------------------------------------------------
-- An ordinance unit of ¥100: 179,500 / 4 = 44,875 → 44,800; first 179,500 - 134,400 = 45,100.
INSERT INTO zeimu.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES ('131130', 2026, 'ordinary_collection_unit', 100, 'test');
SELECT is((SELECT array_agg(amount ORDER BY period) FROM zeimu.inhabitant_ordinary_plan('131130', 2026, 179500)),
	ARRAY[45100, 44800, 44800, 44800]::bigint[], 'the municipality''s ¥100 unit');
SELECT throws_ok($$SELECT * FROM zeimu.inhabitant_ordinary_plan('131130', 2026, -1)$$, '22023', 'annual tax must not be negative',
	'a negative total is refused');
SELECT throws_ok($$SELECT * FROM zeimu.levy_inhabitant('131130', 2019)$$, NULL, NULL, 'an unsupported fiscal year is refused');

-- ---- the advisory lock ------------------------------------------------------
-- Another session holds the lock of (levy_inhabitant, 131130/2025): this
-- transaction already holds 131130/2026 from the runs above, so the other
-- session only tries (never waits on us).
CREATE EXTENSION dblink;
SELECT dblink_connect('lk', format('dbname=%s port=%s host=%s', current_database(), current_setting('port'),
	split_part(current_setting('unix_socket_directories'), ',', 1)));
SELECT is((SELECT x FROM dblink('lk', $$SELECT pg_try_advisory_lock(hashtext('levy_inhabitant'), hashtext('131130/2025'))::text$$) AS t(x text)),
	'true', 'another session takes the lock of 131130 fiscal year 2025');
SELECT throws_ok($$SELECT * FROM zeimu.levy_inhabitant('131130', 2025)$$, '55P03',
	'levy_inhabitant for 131130 fiscal year 2025 is already running',
	'a run while another session holds the lock is refused');
SELECT is((SELECT x FROM dblink('lk', $$SELECT pg_try_advisory_lock(hashtext('levy_inhabitant'), hashtext('131130/2026'))::text$$) AS t(x text)),
	'false', 'while a run''s transaction is open, its lock (131130/2026) is held');
SELECT dblink_disconnect('lk');

SELECT * FROM finish();
ROLLBACK;
