-- levy (inhabitant tax): 資料併合 in C (zeimu.inhabitant_merge_documents,
-- src/levy_inhabitant_merge.c) and the pension share in C
-- (zeimu.inhabitant_pension_share).  The rules are those of
-- zeimu.merged_tax_facts (doc/levy-inhabitant.md, "Annual batch"); the
-- aggregate reads no table, so the documents are given as VALUES.
BEGIN;
SELECT plan(14);

CREATE TEMP TABLE d (who int, kind text, facts jsonb, received_on date, id bigint, emp text, emp_no text, src text, sup bigint);
INSERT INTO d VALUES
	-- 1: two employers and a pension payer; the later salary report names the employer
	(1, 'salary_report', '{"salary": 3000000, "social_insurance": 400000, "spouse": {"income": 0, "age": 40}}', '2026-01-31', 10, '株式会社エックス', 'X-1', '株式会社エックス', NULL),
	(1, 'salary_report', '{"salary": 500000, "spouse": {"income": 100000, "age": 40}}', '2026-02-10', 11, '副業先', 'S-2', '副業先', NULL),
	(1, 'pension_report', '{"pension": 800000, "age": 66}', '2026-01-31', 9, NULL, NULL, '年金機構', NULL),
	-- 2: same receipt date: the higher document id is the latest
	(2, 'salary_report', '{"salary": 1000000, "age": 30}', '2026-01-31', 21, '乙社', NULL, '乙社', NULL),
	(2, 'salary_report', '{"salary": 2000000, "age": 31}', '2026-01-31', 20, '甲社', 'K-1', '甲社', NULL),
	-- 3: an inhabitant return received after a final return: the final return wins;
	-- the latest document is the return that supersedes another
	(3, 'final_return', '{"salary": 4000000}', '2026-03-15', 30, NULL, NULL, '国税連携', NULL),
	(3, 'inhabitant_return', '{"salary": 3900000}', '2026-03-20', 31, NULL, NULL, '窓口', 5),
	(3, 'salary_report', '{"salary": 4000000}', '2026-01-31', 32, '丙社', 'H-1', '丙社', NULL),
	(3, 'onestop_notice', '{"donations": {"furusato": 20000}}', '2026-02-20', 33, NULL, NULL, '寄附先', NULL),
	-- 4: two one-stop notices (one without furusato) and a report that carries other donations
	(4, 'salary_report', '{"salary": 2500000, "donations": {"other": 5000, "furusato": 999}}', '2026-01-31', 40, '丁社', 'T-1', '丁社', NULL),
	(4, 'onestop_notice', '{"donations": {"furusato": 30000}}', '2026-02-20', 41, NULL, NULL, '寄附先', NULL),
	(4, 'onestop_notice', '{"donations": {}}', '2026-02-21', 42, NULL, NULL, '寄附先', NULL),
	-- 5: two inhabitant returns: the later one
	(5, 'inhabitant_return', '{"salary": 1}', '2026-03-01', 50, NULL, NULL, '窓口', NULL),
	(5, 'inhabitant_return', '{"salary": 2}', '2026-03-02', 51, NULL, NULL, '窓口', NULL);
CREATE TEMP VIEW m AS
SELECT who, zeimu.inhabitant_merge_documents(kind, facts, received_on, id, emp, emp_no, src, sup) AS m FROM d GROUP BY who;

-- 1: salary 3,000,000 + 500,000 = 3,500,000; social insurance 400,000 (one report);
-- spouse from the later report; pension and age from the pension report.
SELECT is((SELECT (m).facts FROM m WHERE who = 1),
	'{"salary": 3500000, "social_insurance": 400000, "spouse": {"income": 100000, "age": 40}, "pension": 800000, "age": 66}'::jsonb,
	'reports: summed keys added, other keys from the latest report carrying them');
SELECT is((SELECT row((m).employer_name, (m).employer_no, (m).pension_payer, (m).reason)::text FROM m WHERE who = 1),
	'(副業先,S-2,年金機構,report)', 'the employer of the latest salary report, the pension payer, reason report');
-- 2: 1,000,000 + 2,000,000; age from id 21 (same date, higher id); its employer 乙社 has no number.
SELECT is((SELECT (m).facts FROM m WHERE who = 2), '{"salary": 3000000, "age": 30}'::jsonb,
	'same receipt date: the higher document id is the latest');
SELECT is((SELECT row((m).employer_name, (m).employer_no)::text FROM m WHERE who = 2), '(乙社,)',
	'the employer number goes with the employer name of the same report');
SELECT is((SELECT (m).facts FROM m WHERE who = 3), '{"salary": 4000000}'::jsonb,
	'a final return wins over a later inhabitant return; the one-stop notice is void');
SELECT is((SELECT (m).reason FROM m WHERE who = 3), 'amended_return', 'the latest document supersedes a return: amended_return');
-- 4: furusato 30,000 + 0 (the notice without it) replaces the report's 999; "other" stays.
SELECT is((SELECT (m).facts FROM m WHERE who = 4),
	'{"salary": 2500000, "one_stop": true, "donations": {"other": 5000, "furusato": 30000}}'::jsonb,
	'one-stop notices: furusato summed, one_stop true, other donations kept');
SELECT is((SELECT row((m).facts, (m).reason)::text FROM m WHERE who = 5), row('{"salary": 2}'::jsonb, 'return')::text,
	'two inhabitant returns: the later one, reason return');
-- The C merge equals zeimu.merged_tax_facts' rules for every person above
-- (the batch test 62 compares the two on stored documents).
SELECT throws_ok($$SELECT zeimu.inhabitant_merge_documents('bogus', '{}', '2026-01-01', 1, NULL, NULL, 's', NULL)$$,
	'22023', 'unknown tax document kind', 'an unknown kind');
SELECT throws_ok($$SELECT zeimu.inhabitant_merge_documents('salary_report', '{"salary": 1000.5}', '2026-01-01', 1, 'e', NULL, 's', NULL)$$,
	'22P02', 'an amount in a salary or pension report is not a whole number of yen', 'a summed amount with a fraction');
-- " 7 " and "+8" read as ::bigint would: 7 + 8 = 15; a JSON null is left out of the sum.
SELECT is((SELECT (zeimu.inhabitant_merge_documents(k, f::jsonb, '2026-01-01', i, 'e', NULL, 's', NULL)).facts -> 'salary'
	  FROM (VALUES ('salary_report', '{"salary": " 7 "}', 1), ('salary_report', '{"salary": "+8"}', 2),
			('salary_report', '{"salary": null}', 3)) v(k, f, i)),
	'15'::jsonb, 'amounts as strings with blanks and sign; null ignored');

-- Pension share (法321条の7の2), person F of test 62: 所得割 99,900 + 66,600 = 166,500;
-- 166,500 x 900,000 / 2,120,000 = 70,683.96 → trunc to ¥100 = 70,600; not in salary
-- special collection: + 均等割 3,000 + 1,000 + 森林環境税 1,000 = 75,600.
SELECT is(zeimu.inhabitant_pension_share('{"total": 171500, "pension_income": 900000, "gross_income": 2120000,
	"income_levy_city": 99900, "income_levy_pref": 66600, "per_capita_city": 3000, "per_capita_pref": 1000, "forest_env_tax": 1000}', true, 100),
	70600::bigint, 'pension share with salary special collection: 70,600');
SELECT is(zeimu.inhabitant_pension_share('{"total": 171500, "pension_income": 900000, "gross_income": 2120000,
	"income_levy_city": 99900, "income_levy_pref": 66600, "per_capita_city": 3000, "per_capita_pref": 1000, "forest_env_tax": 1000}', false, 100),
	75600::bigint, 'pension share without: 70,600 + 5,000 = 75,600');
-- 166,500 x 900,000 / 1,800,000 = 83,250 exactly: a multiple of ¥50, not of ¥100 → 83,200; at unit 50 → 83,250.
SELECT is(ARRAY[zeimu.inhabitant_pension_share('{"total": 171500, "pension_income": 900000, "gross_income": 1800000,
	"income_levy_city": 99900, "income_levy_pref": 66600}', true, 100),
	zeimu.inhabitant_pension_share('{"total": 171500, "pension_income": 900000, "gross_income": 1800000,
	"income_levy_city": 99900, "income_levy_pref": 66600}', true, 50),
	zeimu.inhabitant_pension_share('{"total": 0, "pension_income": 900000, "gross_income": 1800000}', false, 100),
	zeimu.inhabitant_pension_share('{"total": 171500, "pension_income": 0, "gross_income": 1800000}', false, 100)],
	ARRAY[83200, 83250, 0, 0]::bigint[], 'rounding to the unit at and below it; 0 without tax or pension income');

SELECT * FROM finish();
ROLLBACK;
