-- demo: individual inhabitant tax (個人住民税) — breakdowns, year and city differences, collection splits
\echo '--- 熊本市 (431001) configures itself as a designated city, 2級地 (its own rows over the national standard 000000)'
INSERT INTO zeimu.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
	('431001', 2021, 'designated_city', 1, '地方自治法252条の19 (熊本市 指定都市)'),
	('431001', 2021, 'kyuchi', 2, '生活保護 級地 [L]')
ON CONFLICT DO NOTHING;
SELECT lg_code, fy_from, name, value, basis FROM zeimu.inhabitant_param
WHERE name = 'designated_city' OR name = 'kyuchi' ORDER BY name, lg_code;

\echo '--- 給与所得 at the band edges, 令和7年度 vs 令和8年度 (¥650,000 minimum from 令和8年度)'
SELECT s AS salary, zeimu.employment_income(2025, s) AS "R7 給与所得", zeimu.employment_income(2026, s) AS "R8 給与所得"
FROM unnest(ARRAY[550999, 650999, 1100000, 1619000, 1628000, 1900999, 1901000, 3600000, 6600000, 8500000]::bigint[]) s;

\echo '--- salary ¥5,000,000, 社会保険料 ¥750,000, single: ordinary city (八王子市 132012) vs designated city (熊本市 431001)'
SELECT c.lg_code, r->>'designated_city' AS designated, r->>'taxable_income' AS taxable,
       r->>'computed_city' AS "算出 市", r->>'computed_pref' AS "算出 県",
       r->>'adjustment_city' AS "調整 市", r->>'adjustment_pref' AS "調整 県",
       r->>'income_levy_city' AS "所得割 市", r->>'income_levy_pref' AS "所得割 県",
       r->>'per_capita_city' AS "均等割 市", r->>'per_capita_pref' AS "均等割 県",
       r->>'forest_env_tax' AS "森林", r->>'total' AS total
FROM (VALUES ('132012'), ('431001')) c(lg_code),
     LATERAL zeimu.inhabitant_tax(2025, c.lg_code::zeimu.lg_code, '{"salary": 5000000, "social_insurance": 750000}') r;

\echo '--- one family, full breakdown (令和7年度, 八王子市): salary ¥7M, spouse, a student of 20, a child of 10, ふるさと納税 ¥50,000 with one-stop'
SELECT key, value
FROM jsonb_each(zeimu.inhabitant_tax(2025, '132012',
	'{"salary": 7000000, "social_insurance": 1000000, "spouse": {"income": 0, "age": 40},
	  "dependants": [{"age": 20, "income": 0}, {"age": 10, "income": 0}],
	  "donations": {"furusato": 50000}, "one_stop": true}'))
WHERE value <> '0'::jsonb
ORDER BY key;

\echo '--- 非課税 at the 均等割 threshold (熊本市, 2級地: single 415,000): 合計所得 415,000 vs 415,001'
SELECT n AS "合計所得", r->>'nontaxable' AS nontaxable, r->>'per_capita_threshold' AS threshold, r->>'total' AS total
FROM unnest(ARRAY[415000, 415001]::bigint[]) n,
     LATERAL zeimu.inhabitant_tax(2025, '431001', jsonb_build_object('other_income', n)) r;

\echo '--- 令和8年度: a 20-year-old child earning ¥800,000 gives the new 特定親族特別控除'
SELECT fy AS "年度", r->>'deduction_dependants' AS "扶養控除", r->>'deduction_specific_relative' AS "特定親族特別控除", r->>'total' AS total
FROM unnest(ARRAY[2025, 2026]) fy,
     LATERAL zeimu.inhabitant_tax(fy, '431001', '{"salary": 6000000, "social_insurance": 900000, "dependants": [{"age": 20, "income": 800000}]}') r;

\echo '--- 給与特別徴収 of ¥240,500 (June takes the fraction), and leaving after the September salary'
SELECT zeimu.special_collection_split(240500) AS "June..May";
SELECT zeimu.special_collection_after_leaving(zeimu.special_collection_split(240500), 9) AS "after leaving in September";
SELECT zeimu.special_collection_after_leaving(zeimu.special_collection_split(240500), 2) AS "after leaving in February";

\echo '--- 年金特別徴収: previous year ¥61,234, this year ¥70,001 (Apr, Jun, Aug 仮徴収; Oct, Dec, Feb 本徴収)'
SELECT zeimu.pension_special_collection_split(61234, 70001) AS "Apr..Feb";

\echo '--- bad input is refused, never a silent zero'
\set ON_ERROR_STOP 0
SELECT zeimu.inhabitant_tax(2025, '431001', '{"salery": 5000000}');
SELECT zeimu.inhabitant_tax(2025, '431001', '{"salary": -1}');
\set ON_ERROR_STOP 1
