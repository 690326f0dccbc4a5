-- 個人住民税: deductions, 調整控除, 寄附金, 非課税, rounding and worked examples,
-- each derived by hand from 地方税法 (domain_rules §4) with the arithmetic in
-- the description.  Municipalities: 132012 (八王子市, ordinary city, national
-- standard 1級地), 431001 (熊本市, designated city, 2級地: rows inserted below);
-- 132021 and 132039 get 級地 2 and 3 rows below (all rolled back).
BEGIN;
SELECT plan(193);

-- 熊本市 (431001), the sample municipality of seed 001: a designated city; 2級地 [L].
-- Municipal rows are configuration, not part of the extension (pg_dump keeps them).
INSERT INTO zeimu.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
	('431001', 2021, 'designated_city', 1, '地方自治法252条の19 (熊本市 指定都市)'),
	('431001', 2021, 'kyuchi', 2, '生活保護 級地 [L]');

CREATE FUNCTION pg_temp.t(fy integer, lg zeimu.lg_code, facts jsonb, k text) RETURNS bigint
	LANGUAGE sql AS $$ SELECT (zeimu.inhabitant_tax(fy, lg, facts) ->> k)::bigint $$;
CREATE FUNCTION pg_temp.o(n bigint) RETURNS jsonb
	LANGUAGE sql AS $$ SELECT jsonb_build_object('other_income', n) $$;

-- ======================================================================
-- Worked examples: salary ¥5,000,000, social insurance ¥750,000, single.
-- 給与所得 = 5,000,000 × 80% − 440,000 = 3,560,000 (both years: the
-- 令和8年度 change is below ¥1.9M).  控除 = 430,000 + 750,000 = 1,180,000.
-- 課税総所得 = 2,380,000.  人的控除差 A = 50,000 (基礎).  B > 2M and
-- A − (B − 2M) < 0 → base 50,000 (minimum) → 調整控除 2,500.
-- Ordinary city: 市 6% = 142,800 − 1,500 = 141,300; 県 4% = 95,200 − 1,000 = 94,200.
-- Designated:    市 8% = 190,400 − 2,000 = 188,400; 県 2% = 47,600 − 500 = 47,100.
-- 均等割 3,000 + 1,000, 森林環境税 1,000 → total 240,500 in both.
SELECT is(zeimu.inhabitant_tax(2025, '132012', '{"salary": 5000000, "social_insurance": 750000}') - 'per_capita_threshold' - 'income_levy_threshold'
	@> '{"employment_income": 3560000, "taxable_income": 2380000, "computed_city": 142800, "computed_pref": 95200,
	     "adjustment_city": 1500, "adjustment_pref": 1000, "income_levy_city": 141300, "income_levy_pref": 94200,
	     "per_capita_city": 3000, "per_capita_pref": 1000, "forest_env_tax": 1000,
	     "total_city": 144300, "total_pref": 95200, "total": 240500, "designated_city": false}', true,
	'R7 ordinary city, salary 5M: 市 141,300 + 県 94,200 + 均等割 4,000 + 森林 1,000 = 240,500');
SELECT is(zeimu.inhabitant_tax(2025, '431001', '{"salary": 5000000, "social_insurance": 750000}')
	@> '{"computed_city": 190400, "computed_pref": 47600, "adjustment_city": 2000, "adjustment_pref": 500,
	     "income_levy_city": 188400, "income_levy_pref": 47100, "total_city": 191400, "total_pref": 48100,
	     "total": 240500, "designated_city": true}', true,
	'R7 designated city (8/2, 調整控除 4%/1%): 市 188,400 + 県 47,100 → total 240,500');
SELECT is(zeimu.inhabitant_tax(2026, '132012', '{"salary": 5000000, "social_insurance": 750000}')
	@> '{"employment_income": 3560000, "income_levy_city": 141300, "income_levy_pref": 94200, "total": 240500}', true,
	'R8 ordinary city, salary 5M: unchanged, 240,500');
SELECT is(zeimu.inhabitant_tax(2026, '431001', '{"salary": 5000000, "social_insurance": 750000}')
	@> '{"income_levy_city": 188400, "income_levy_pref": 47100, "total": 240500}', true,
	'R8 designated city, salary 5M: 240,500');

-- Salary ¥1,100,000 single: R7 給与所得 550,000 → 課税 120,000 → 市 7,200 − 1,500
-- = 5,700, 県 4,800 − 1,000 = 3,800 (50,000 × 3%/2%), + 5,000 → 14,500.
-- R8 給与所得 450,000 ≤ 450,000 (1級地 single) → 均等割 and 所得割 非課税 → 0.
SELECT is(pg_temp.t(2025, '132012', '{"salary": 1100000}', 'total'), 14500::bigint, 'R7 salary 1.1M: 5,700 + 3,800 + 3,000 + 1,000 + 1,000 = 14,500');
SELECT is(pg_temp.t(2026, '132012', '{"salary": 1100000}', 'total'), 0::bigint, 'R8 salary 1.1M: 給与所得 450,000 ≤ 450,000 → 非課税');

-- Salary ¥1,500,000 single, ordinary city.  R7: 1,500,000 − 550,000 = 950,000; 課税 520,000;
-- 市 31,200 − 1,500 = 29,700, 県 20,800 − 1,000 = 19,800; + 5,000 → 54,500.
-- R8: 1,500,000 − 650,000 = 850,000; 課税 420,000; 市 25,200 − 1,500 = 23,700,
-- 県 16,800 − 1,000 = 15,800; + 5,000 → 44,500.
SELECT is(pg_temp.t(2025, '132012', '{"salary": 1500000}', 'total'), 54500::bigint, 'R7 salary 1.5M: 29,700 + 19,800 + 5,000 = 54,500');
SELECT is(pg_temp.t(2026, '132012', '{"salary": 1500000}', 'total'), 44500::bigint, 'R8 salary 1.5M: 23,700 + 15,800 + 5,000 = 44,500');
-- Designated, R8: 市 8% 33,600 − 2,000 = 31,600, 県 2% 8,400 − 500 = 7,900.
SELECT is(pg_temp.t(2026, '431001', '{"salary": 1500000}', 'income_levy_city'), 31600::bigint, 'R8 designated salary 1.5M: 市 33,600 − 2,000 = 31,600');
SELECT is(pg_temp.t(2026, '431001', '{"salary": 1500000}', 'income_levy_pref'), 7900::bigint, 'R8 designated salary 1.5M: 県 8,400 − 500 = 7,900');

-- Pensioner aged 70, pension 2,500,000, 社会保険料 150,000 (R7): 年金所得
-- 2,500,000 − 1,100,000 = 1,400,000; 課税 1,400,000 − 580,000 = 820,000;
-- 市 49,200 − 1,500 = 47,700; 県 32,800 − 1,000 = 31,800; + 5,000 → 84,500.
SELECT is(pg_temp.t(2025, '132012', '{"pension": 2500000, "age": 70, "social_insurance": 150000}', 'total'), 84500::bigint,
	'R7 pensioner 70, pension 2.5M: 47,700 + 31,800 + 5,000 = 84,500');
-- 所得金額調整控除: salary 2,000,000 (給与所得 1,320,000) + pension 1,200,000 at 66
-- (年金所得 100,000): min(1,320,000, 100,000) + min(100,000, 100,000) − 100,000 = 100,000.
SELECT is(zeimu.inhabitant_tax(2025, '132012', '{"salary": 2000000, "pension": 1200000, "age": 66}')
	@> '{"income_adjustment": 100000, "employment_income": 1220000, "pension_income": 100000, "total_income": 1320000}', true,
	'所得金額調整控除 100,000: 合計所得 = 1,220,000 + 100,000 = 1,320,000');

-- 所得金額調整控除 for salaries above 8.5M (措置法41条の3の3①): salary 9,000,000 →
-- 給与所得 9,000,000 − 1,950,000 = 7,050,000; with a child under 23:
-- (9,000,000 − 8,500,000) × 10% = 50,000 → 7,000,000.
SELECT is(pg_temp.t(2025, '132012', '{"salary": 9000000, "dependants": [{"age": 10, "income": 0}]}', 'employment_income'), 7000000::bigint,
	'salary 9M with a child: 7,050,000 − 50,000 = 7,000,000');
SELECT is(pg_temp.t(2025, '132012', '{"salary": 12000000, "dependants": [{"age": 22, "income": 0}]}', 'income_adjustment'), 150000::bigint,
	'salary 12M with a dependant of 22: (10,000,000 − 8,500,000) × 10% = 150,000 (capped at 10M)');
SELECT is(pg_temp.t(2025, '132012', '{"salary": 12000000, "dependants": [{"age": 23, "income": 0}]}', 'income_adjustment'), 0::bigint,
	'salary 12M with a dependant of 23 only: no adjustment');
SELECT is(pg_temp.t(2025, '132012', '{"salary": 8500001, "disability": "special"}', 'income_adjustment'), 1::bigint,
	'salary 8,500,001, 特別障害者: 1 × 10% = 0.1 → rounded up to 1');
SELECT is(pg_temp.t(2025, '132012', '{"salary": 9000000, "spouse": {"income": 0, "age": 50, "disability": "special"}}', 'income_adjustment'), 50000::bigint,
	'salary 9M, spouse 特別障害者: 50,000');

-- Family with ふるさと納税 and one-stop (R7, ordinary): salary 7,000,000 →
-- 7,000,000 × 90% − 1,100,000 = 5,200,000.  控除 430,000 + 配偶者 330,000 +
-- 特定扶養 450,000 + 社保 1,000,000 = 2,210,000 → 課税 2,990,000.
-- 市 179,400, 県 119,600.  A = 50,000 + 50,000 + 180,000 = 280,000; B − 2M =
-- 990,000 > A → 調整控除 1,500 / 1,000 → 177,900 / 118,600.
-- 寄附 50,000: base 48,000; 基本 市 2,880, 県 1,920.  特例: 2,990,000 − 280,000 =
-- 2,710,000 → 所得税率 10% → 90% − 10.21% = 79.79%; 市 48,000 × 79.79% × 3/5 =
-- 22,979.52 → 22,980 (round up), total 38,299.2 → 38,300, 県 15,320.
-- 申告特例: × 10.21/79.79: 市 22,980 × 102,100 / 797,900 = 2,940.5 → 2,941;
-- 県 15,320 × 102,100 / 797,900 = 1,960.4 → 1,961.
-- 市 177,900 − 2,880 − 22,980 − 2,941 = 149,099 → 149,000;
-- 県 118,600 − 1,920 − 15,320 − 1,961 = 99,399 → 99,300; total 149,000 + 99,300 + 5,000 = 253,300.
SELECT is(zeimu.inhabitant_tax(2025, '132012',
	'{"salary": 7000000, "social_insurance": 1000000, "spouse": {"income": 0, "age": 40},
	  "dependants": [{"age": 20, "income": 0}, {"age": 10, "income": 0}],
	  "donations": {"furusato": 50000}, "one_stop": true}')
	@> '{"employment_income": 5200000, "deductions_total": 2210000, "taxable_income": 2990000,
	     "personal_deduction_diff": 280000, "household_size": 4,
	     "adjustment_city": 1500, "adjustment_pref": 1000,
	     "donation_basic_city": 2880, "donation_basic_pref": 1920,
	     "donation_special_city": 22980, "donation_special_pref": 15320,
	     "donation_onestop_city": 2941, "donation_onestop_pref": 1961,
	     "income_levy_city": 149000, "income_levy_pref": 99300, "total": 253300}', true,
	'family, salary 7M, ふるさと 50,000 with one-stop: total 253,300');

-- ======================================================================
-- 基礎控除 taper (合計所得 ≤24M 430,000; ≤24.5M 290,000; ≤25M 150,000; above 0)
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(24000000), 'deduction_basic'), 430000::bigint, '基礎控除 at 24,000,000: 430,000');
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(24000001), 'deduction_basic'), 290000::bigint, '基礎控除 at 24,000,001: 290,000');
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(24500000), 'deduction_basic'), 290000::bigint, '基礎控除 at 24,500,000: 290,000');
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(24500001), 'deduction_basic'), 150000::bigint, '基礎控除 at 24,500,001: 150,000');
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(25000000), 'deduction_basic'), 150000::bigint, '基礎控除 at 25,000,000: 150,000');
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(25000001), 'deduction_basic'), 0::bigint, '基礎控除 at 25,000,001: 0');
SELECT is(pg_temp.t(2026, '132012', pg_temp.o(24000001), 'deduction_basic'), 290000::bigint, 'R8 基礎控除 (住民税) unchanged: 290,000 above 24M');

-- 配偶者控除 taper by the taxpayer's 合計所得 (一般 33万/22万/11万, 老人 38万/26万/13万)
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 9000000, "spouse": {"income": 0, "age": 50}}', 'deduction_spouse'), 330000::bigint, '配偶者控除, taxpayer 9,000,000: 330,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 9000001, "spouse": {"income": 0, "age": 50}}', 'deduction_spouse'), 220000::bigint, '配偶者控除, taxpayer 9,000,001: 220,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 9500001, "spouse": {"income": 0, "age": 50}}', 'deduction_spouse'), 110000::bigint, '配偶者控除, taxpayer 9,500,001: 110,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 10000001, "spouse": {"income": 0, "age": 50}}', 'deduction_spouse'), 0::bigint, '配偶者控除, taxpayer 10,000,001: 0');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 9000000, "spouse": {"income": 0, "age": 70}}', 'deduction_spouse'), 380000::bigint, '老人配偶者 (70), taxpayer 9,000,000: 380,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 9500000, "spouse": {"income": 0, "age": 70}}', 'deduction_spouse'), 260000::bigint, '老人配偶者, taxpayer 9,500,000: 260,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 10000000, "spouse": {"income": 0, "age": 70}}', 'deduction_spouse'), 130000::bigint, '老人配偶者, taxpayer 10,000,000: 130,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "spouse": {"income": 0, "age": 69}}', 'deduction_spouse'), 330000::bigint, 'spouse aged 69 is 一般: 330,000');
-- spouse's income: 配偶者控除 up to the dependant limit, then 配偶者特別控除
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "spouse": {"income": 480000, "age": 40}}', 'deduction_spouse'), 330000::bigint, 'R7 spouse 480,000: 配偶者控除 330,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "spouse": {"income": 480001, "age": 40}}', 'deduction_spouse_special'), 330000::bigint, 'R7 spouse 480,001: 配偶者特別控除 330,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "spouse": {"income": 1000000, "age": 40}}', 'deduction_spouse_special'), 330000::bigint, 'spouse 1,000,000: 330,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "spouse": {"income": 1000001, "age": 40}}', 'deduction_spouse_special'), 310000::bigint, 'spouse 1,000,001: 310,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "spouse": {"income": 1330000, "age": 40}}', 'deduction_spouse_special'), 30000::bigint, 'spouse 1,330,000: 30,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "spouse": {"income": 1330001, "age": 40}}', 'deduction_spouse_special'), 0::bigint, 'spouse 1,330,001: 0');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 9200000, "spouse": {"income": 1100000, "age": 40}}', 'deduction_spouse_special'), 180000::bigint, 'taxpayer 9.2M (900万超950万以下), spouse 1.1M: 180,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 9800000, "spouse": {"income": 600000, "age": 40}}', 'deduction_spouse_special'), 110000::bigint, 'taxpayer 9.8M (950万超), spouse 600,000: 110,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "spouse": {"income": 580000, "age": 40}}', 'deduction_spouse'), 330000::bigint, 'R8 spouse 580,000: 配偶者控除 330,000 (limit 58万)');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "spouse": {"income": 580001, "age": 40}}', 'deduction_spouse_special'), 330000::bigint, 'R8 spouse 580,001: 配偶者特別控除 330,000');

-- 扶養控除 (一般 33万, 特定 45万, 老人 38万, 同居老親 45万; under 16 none)
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 15, "income": 0}]}', 'deduction_dependants'), 0::bigint, 'dependant aged 15: no 扶養控除');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 16, "income": 0}]}', 'deduction_dependants'), 330000::bigint, 'dependant aged 16: 一般 330,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 19, "income": 0}]}', 'deduction_dependants'), 450000::bigint, 'dependant aged 19: 特定 450,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 22, "income": 0}]}', 'deduction_dependants'), 450000::bigint, 'dependant aged 22: 特定 450,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 23, "income": 0}]}', 'deduction_dependants'), 330000::bigint, 'dependant aged 23: 一般 330,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 70, "income": 0}]}', 'deduction_dependants'), 380000::bigint, 'dependant aged 70: 老人 380,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 70, "income": 0, "cohabiting_parent": true}]}', 'deduction_dependants'), 450000::bigint, '同居老親等: 450,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 30, "income": 480000}]}', 'deduction_dependants'), 330000::bigint, 'R7 dependant income 480,000: 330,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 30, "income": 480001}]}', 'deduction_dependants'), 0::bigint, 'R7 dependant income 480,001: 0');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 30, "income": 580000}]}', 'deduction_dependants'), 330000::bigint, 'R8 dependant income 580,000: 330,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 30, "income": 580001}]}', 'deduction_dependants'), 0::bigint, 'R8 dependant income 580,001: 0');

-- 特定親族特別控除 (令和8年度〜; 19–22, 58万超123万以下)
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 20, "income": 580001}]}', 'deduction_specific_relative'), 450000::bigint, 'R8 特定親族 income 580,001: 450,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 20, "income": 950000}]}', 'deduction_specific_relative'), 450000::bigint, 'R8 特定親族 950,000: 450,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 20, "income": 950001}]}', 'deduction_specific_relative'), 410000::bigint, 'R8 特定親族 950,001: 410,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 20, "income": 1050001}]}', 'deduction_specific_relative'), 210000::bigint, 'R8 特定親族 1,050,001: 210,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 20, "income": 1230000}]}', 'deduction_specific_relative'), 30000::bigint, 'R8 特定親族 1,230,000: 30,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 20, "income": 1230001}]}', 'deduction_specific_relative'), 0::bigint, 'R8 特定親族 1,230,001: 0');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 3000000, "dependants": [{"age": 23, "income": 700000}]}', 'deduction_specific_relative'), 0::bigint, 'R8 aged 23: not a 特定親族');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 20, "income": 600000}]}', 'deduction_specific_relative'), 0::bigint, 'R7: no 特定親族特別控除');

-- 障害者, 寡婦, ひとり親, 勤労学生
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "disability": "general"}', 'deduction_disability'), 260000::bigint, '障害者 260,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "disability": "special"}', 'deduction_disability'), 300000::bigint, '特別障害者 300,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "dependants": [{"age": 10, "income": 0, "disability": "cohabiting_special"}]}', 'deduction_disability'), 530000::bigint, '同居特別障害者 (a child under 16 counts): 530,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 5000000, "widow": true}', 'deduction_widow'), 260000::bigint, '寡婦, 合計所得 5,000,000: 260,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 5000001, "widow": true}', 'deduction_widow'), 0::bigint, '寡婦, 合計所得 5,000,001: 0');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 5000000, "single_parent": "mother"}', 'deduction_single_parent'), 300000::bigint, 'ひとり親 5,000,000: 300,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 5000001, "single_parent": "father"}', 'deduction_single_parent'), 0::bigint, 'ひとり親 5,000,001: 0');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 750000, "working_student": true}', 'deduction_working_student'), 260000::bigint, 'R7 勤労学生 750,000: 260,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 750001, "working_student": true}', 'deduction_working_student'), 0::bigint, 'R7 勤労学生 750,001: 0');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 850000, "working_student": true}', 'deduction_working_student'), 260000::bigint, 'R8 勤労学生 850,000: 260,000');
SELECT is(pg_temp.t(2026, '132012', '{"other_income": 850001, "working_student": true}', 'deduction_working_student'), 0::bigint, 'R8 勤労学生 850,001: 0');

-- 医療費控除: expenses − min(100,000, 総所得金額等 × 5%), cap 2,000,000
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "medical_expenses": 150000}', 'deduction_medical'), 50000::bigint, '医療費 150,000, 所得 3M: 150,000 − 100,000 = 50,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1000000, "medical_expenses": 150000}', 'deduction_medical'), 100000::bigint, '医療費 150,000, 所得 1M: 150,000 − 50,000 (5%) = 100,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 10000000, "medical_expenses": 3000000}', 'deduction_medical'), 2000000::bigint, '医療費 3,000,000: 2,900,000 capped at 2,000,000');
-- 生命保険料控除 (住民税: 新 28,000, 旧 35,000, 合計 70,000)
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "life_insurance": {"general_new": 12000}}', 'deduction_life_insurance'), 12000::bigint, '新 12,000: 全額');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "life_insurance": {"general_new": 20000}}', 'deduction_life_insurance'), 16000::bigint, '新 20,000: 10,000 + 6,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "life_insurance": {"general_new": 56000}}', 'deduction_life_insurance'), 28000::bigint, '新 56,000: 14,000 + 14,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "life_insurance": {"general_old": 30000}}', 'deduction_life_insurance'), 22500::bigint, '旧 30,000: 15,000 + 7,500');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "life_insurance": {"general_new": 56000, "general_old": 100000}}', 'deduction_life_insurance'), 35000::bigint, '新 + 旧: max(min(28,000 + 35,000, 28,000), 35,000) = 35,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "life_insurance": {"general_new": 100000, "medical": 100000, "pension_new": 100000}}', 'deduction_life_insurance'), 70000::bigint, '3 × 28,000 = 84,000 capped at 70,000');
-- 地震保険料控除: premium / 2, cap 25,000
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "earthquake_insurance": 40000}', 'deduction_earthquake_insurance'), 20000::bigint, '地震 40,000 / 2 = 20,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "earthquake_insurance": 60000}', 'deduction_earthquake_insurance'), 25000::bigint, '地震 60,000 / 2 = 30,000 → cap 25,000');

-- ======================================================================
-- 調整控除 (法314条の6).  Family: spouse (0) + two 特定 dependants:
-- 控除 430,000 + 330,000 + 900,000 = 1,660,000; A = 50,000 + 50,000 + 2 × 180,000 = 460,000.
CREATE TEMP TABLE fam AS SELECT '{"spouse": {"income": 0, "age": 45}, "dependants": [{"age": 20, "income": 0}, {"age": 19, "income": 0}]}'::jsonb AS f;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(2000000), 'adjustment_city'), 10200::bigint, 'B = 340,000 ≤ 2M, A = 460,000 > B: min(A, B) × 3% = 10,200') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(2000000), 'adjustment_pref'), 6800::bigint, 'same, 県 340,000 × 2% = 6,800') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(2000000), 'total'), 22000::bigint, 'same: 市 20,400 − 10,200 + 県 13,600 − 6,800 + 5,000 = 22,000') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(3660000), 'adjustment_city'), 13800::bigint, 'B = 2,000,000 exactly: min(460,000, 2,000,000) × 3% = 13,800') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(3700000), 'adjustment_city'), 12600::bigint, 'B = 2,040,000: (460,000 − 40,000) × 3% = 12,600') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(3700000), 'adjustment_pref'), 8400::bigint, 'B = 2,040,000: 420,000 × 2% = 8,400') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(4060000), 'adjustment_city'), 1800::bigint, 'B = 2,400,000: 60,000 × 3% = 1,800') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(4070000), 'adjustment_city'), 1500::bigint, 'B = 2,410,000: 50,000 × 3% = 1,500') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(4080000), 'adjustment_city'), 1500::bigint, 'B = 2,420,000: 40,000 < 50,000 → minimum 1,500') FROM fam;
SELECT is(pg_temp.t(2025, '132012', f || pg_temp.o(4080000), 'adjustment_pref'), 1000::bigint, 'B = 2,420,000: minimum 県 1,000') FROM fam;
SELECT is(pg_temp.t(2025, '431001', f || pg_temp.o(4080000), 'adjustment_city'), 2000::bigint, 'designated: minimum 市 50,000 × 4% = 2,000') FROM fam;
SELECT is(pg_temp.t(2025, '431001', f || pg_temp.o(4080000), 'adjustment_pref'), 500::bigint, 'designated: minimum 県 50,000 × 1% = 500') FROM fam;
SELECT is(pg_temp.t(2025, '431001', f || pg_temp.o(3700000), 'adjustment_city'), 16800::bigint, 'designated B = 2,040,000: 420,000 × 4% = 16,800') FROM fam;
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(25000000), 'adjustment_city'), 1500::bigint, '合計所得 25,000,000: 調整控除 still applies (基礎 150,000 → A 50,000, minimum)');
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(25000001), 'adjustment_city'), 0::bigint, '合計所得 25,000,001: no 調整控除');

-- ======================================================================
-- 寄附金: the 30% cap on the base and the 20% cap on the 特例.
-- 所得 2,000,000, ふるさと 200,000: 課税 1,570,000; 市 94,200 − 1,500 = 92,700,
-- 県 62,800 − 1,000 = 61,800.  基本 (200,000 − 2,000) × 6% = 11,880, × 4% = 7,920.
-- 特例 198,000 × 84.895% × 3/5 = 100,856 > 92,700 × 20% = 18,540 → 18,540;
-- 県 > 61,800 × 20% = 12,360 → 12,360.  市 92,700 − 11,880 − 18,540 = 62,280 →
-- 62,200; 県 61,800 − 7,920 − 12,360 = 41,520 → 41,500; total 108,700.
SELECT is(zeimu.inhabitant_tax(2025, '132012', '{"other_income": 2000000, "donations": {"furusato": 200000}}')
	@> '{"donation_basic_city": 11880, "donation_basic_pref": 7920, "donation_special_city": 18540,
	     "donation_special_pref": 12360, "income_levy_city": 62200, "income_levy_pref": 41500, "total": 108700}', true,
	'特例控除 capped at 20% of 所得割 after 調整控除: total 108,700');
-- 所得 1,000,000, ふるさと 400,000: the base is capped at 30% = 300,000 → (300,000 − 2,000) × 6% = 17,880.
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1000000, "donations": {"furusato": 400000}}', 'donation_basic_city'), 17880::bigint, '30% cap: (300,000 − 2,000) × 6% = 17,880');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1000000, "donations": {"furusato": 400000}}', 'donation_basic_pref'), 11920::bigint, '30% cap: 298,000 × 4% = 11,920');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1000000, "donations": {"furusato": 2000}}', 'donation_basic_city'), 0::bigint, 'donation of 2,000: no credit');
SELECT is(pg_temp.t(2025, '431001', '{"other_income": 3000000, "donations": {"shared": 12000}}', 'donation_basic_city'), 800::bigint, 'designated 基本: (12,000 − 2,000) × 8% = 800');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 3000000, "donations": {"city_designated": 12000}}', 'donation_basic_pref'), 0::bigint, '市の条例指定寄附: no 県 credit');

-- Designated split of the 特例 (4/5 : 1/5): 熊本市, 所得 3,000,000, ふるさと 12,000:
-- 課税 2,570,000, A = 50,000 → 2,520,000 → 10% → 79.79%; 10,000 × 79.79% × 4/5 = 6,383.2
-- → 6,384; total 7,979 → 県 1,595.
SELECT is(zeimu.inhabitant_tax(2025, '431001', '{"other_income": 3000000, "donations": {"furusato": 12000}}')
	@> '{"donation_basic_city": 800, "donation_basic_pref": 200, "donation_special_city": 6384, "donation_special_pref": 1595}', true,
	'designated: 基本 8% / 2% = 800 / 200, 特例 4/5 : 1/5 = 6,384 / 1,595');
-- 申告特例 with 所得税率 40% capped at 33%: 所得 30,000,000 (基礎控除 0, no 人的控除差,
-- no 調整控除), ふるさと 102,000: 40% → 90% − 40.84% = 49.16%; 特例 100,000 × 49.16% =
-- 49,160: 市 29,496, 県 19,664.  申告特例 × 33.693 / 56.307: 市 29,496 × 336,930 / 563,070
-- = 17,649.8 → 17,650; 県 19,664 × 336,930 / 563,070 = 11,766.6 → 11,767.
SELECT is(zeimu.inhabitant_tax(2025, '132012', '{"other_income": 30000000, "donations": {"furusato": 102000}, "one_stop": true}')
	@> '{"adjustment_city": 0, "donation_special_city": 29496, "donation_special_pref": 19664,
	     "donation_onestop_city": 17650, "donation_onestop_pref": 11767}', true,
	'申告特例 at 所得税率 40% uses 33%: 17,650 / 11,767');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 30000000, "donations": {"furusato": 102000}}', 'donation_onestop_city'), 0::bigint,
	'no one_stop: no 申告特例控除');

-- ======================================================================
-- Carried-in credits, split by the rates (市 share rounded up) and capped at what is left.
-- Salary 5M, ordinary: 141,300 / 94,200 after 調整控除; 住宅ローン 50,001: 市 50,001 × 6/10
-- = 30,000.6 → 30,001, 県 20,000 → 111,299 → 111,200 and 74,200.
SELECT is(zeimu.inhabitant_tax(2025, '132012', '{"salary": 5000000, "social_insurance": 750000, "housing_loan_credit": 50001}')
	@> '{"housing_loan_credit_city": 30001, "housing_loan_credit_pref": 20000, "income_levy_city": 111200, "income_levy_pref": 74200}', true,
	'住宅借入金等特別税額控除 50,001: 30,001 / 20,000 → 111,200 / 74,200');
-- Designated: 50,001 × 8/10 = 40,000.8 → 40,001, 県 10,000 → 188,400 − 40,001 = 148,399 → 148,300; 47,100 − 10,000 = 37,100.
SELECT is(zeimu.inhabitant_tax(2025, '431001', '{"salary": 5000000, "social_insurance": 750000, "housing_loan_credit": 50001}')
	@> '{"housing_loan_credit_city": 40001, "housing_loan_credit_pref": 10000, "income_levy_city": 148300, "income_levy_pref": 37100}', true,
	'designated: 住宅ローン split 8/10 : 2/10 → 148,300 / 37,100');
-- 配当控除 100,000 against 所得割 32,700 / 21,800 (所得 1,000,000): capped, 所得割 0, 均等割 remains.
SELECT is(zeimu.inhabitant_tax(2025, '132012', '{"other_income": 1000000, "dividend_credit": 100000}')
	@> '{"dividend_credit_city": 32700, "dividend_credit_pref": 21800, "income_levy": 0, "total": 5000}', true,
	'配当控除 larger than the tax: capped at 32,700 / 21,800; total 5,000 (均等割 + 森林)');

-- ======================================================================
-- Rounding order.  所得 2,811,000, 共同募金 49,500: 課税 2,381,000; 市 142,860,
-- 県 95,240; 調整控除 1,500 / 1,000; 基本 47,500 × 6% = 2,850, × 4% = 1,900.
-- rounding_order 0: 142,860 − 1,500 − 2,850 = 138,510 → 138,500.
-- rounding_order 1: trunc(142,860) = 142,800 − 1,500 − 2,850 = 138,450 → 138,400.
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 2811000, "donations": {"shared": 49500}}', 'income_levy_city'), 138500::bigint, 'rounding_order 0 (default): truncate after credits → 138,500');
INSERT INTO zeimu.inhabitant_param VALUES ('132012', 2021, 'rounding_order', 1, 'test');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 2811000, "donations": {"shared": 49500}}', 'income_levy_city'), 138400::bigint, 'rounding_order 1 (municipality row): truncate 算出所得割 first → 138,400');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 2811000, "donations": {"shared": 49500}}', 'income_levy_pref'), 92300::bigint, 'rounding_order 1, 県: 95,200 − 1,000 − 1,900 = 92,300');
DELETE FROM zeimu.inhabitant_param WHERE lg_code OPERATOR(zeimu.=) '132012' AND name = 'rounding_order';
-- A municipality surcharge row overrides the national value.
INSERT INTO zeimu.inhabitant_param VALUES ('132012', 2021, 'per_capita_pref_surcharge', 300, 'test: 県 均等割 超過課税');
SELECT is(pg_temp.t(2026, '132012', pg_temp.o(3000000), 'per_capita_pref'), 1300::bigint, '県 均等割 1,000 + surcharge 300 = 1,300');
-- A 所得割 rate surcharge (神奈川県 style, 県 +0.025%): salary 5M, 課税 2,380,000 × 4.025%
-- = 95,795 − 1,000 = 94,795 → 94,700.
INSERT INTO zeimu.inhabitant_param VALUES ('132012', 2021, 'pref_rate_surcharge', 0.00025, 'test: 県 超過課税');
SELECT is(pg_temp.t(2025, '132012', '{"salary": 5000000, "social_insurance": 750000}', 'computed_pref'), 95795::bigint, '県 4.025%: 2,380,000 × 4.025% = 95,795');
SELECT is(pg_temp.t(2025, '132012', '{"salary": 5000000, "social_insurance": 750000}', 'income_levy_pref'), 94700::bigint, '県 95,795 − 1,000 = 94,795 → 94,700');
DELETE FROM zeimu.inhabitant_param WHERE lg_code OPERATOR(zeimu.=) '132012';

-- ======================================================================
-- 非課税.  均等割: 合計所得 ≤ base × N + 100,000 (+ add if N > 1);
-- 1級地 350,000/210,000, 2級地 315,000/189,000, 3級地 280,000/168,000.
INSERT INTO zeimu.inhabitant_param VALUES ('132021', 2021, 'kyuchi', 2, 'test'), ('132039', 2021, 'kyuchi', 3, 'test');
CREATE TEMP TABLE nt (lg zeimu.lg_code, n integer, thr bigint, why text);
INSERT INTO nt VALUES
	('132012', 1,  450000, '1級地 single: 350,000 + 100,000'),
	('132012', 2, 1010000, '1級地 N=2: 700,000 + 100,000 + 210,000'),
	('132012', 3, 1360000, '1級地 N=3: 1,050,000 + 100,000 + 210,000'),
	('132021', 1,  415000, '2級地 single: 315,000 + 100,000'),
	('132021', 2,  919000, '2級地 N=2: 630,000 + 100,000 + 189,000'),
	('132021', 3, 1234000, '2級地 N=3: 945,000 + 100,000 + 189,000'),
	('132039', 1,  380000, '3級地 single: 280,000 + 100,000'),
	('132039', 2,  828000, '3級地 N=2: 560,000 + 100,000 + 168,000'),
	('132039', 3, 1108000, '3級地 N=3: 840,000 + 100,000 + 168,000');
-- N counts 本人 and dependants under 16.
CREATE FUNCTION pg_temp.kids(n integer, income bigint) RETURNS jsonb LANGUAGE sql AS $$
	SELECT jsonb_build_object('other_income', income, 'dependants',
		coalesce((SELECT jsonb_agg(jsonb_build_object('age', 10, 'income', 0)) FROM generate_series(1, n - 1)), '[]'))
$$;
SELECT is(pg_temp.t(2025, lg, pg_temp.kids(n, thr - 1), 'per_capita_city'), 0::bigint, why || ': at −1 非課税') FROM nt ORDER BY lg, n;
SELECT is(pg_temp.t(2025, lg, pg_temp.kids(n, thr), 'per_capita_city'), 0::bigint, why || ': at the threshold 非課税') FROM nt ORDER BY lg, n;
SELECT is(pg_temp.t(2025, lg, pg_temp.kids(n, thr + 1), 'per_capita_city'), 3000::bigint, why || ': at +1 均等割 3,000') FROM nt ORDER BY lg, n;
SELECT is(pg_temp.t(2026, '132039', pg_temp.kids(1, 380001), 'forest_env_tax'), 1000::bigint, '3級地 single +1: 森林環境税 1,000');
SELECT is(pg_temp.t(2026, '132039', pg_temp.kids(1, 380000), 'forest_env_tax'), 0::bigint, '3級地 single at threshold: no 森林環境税');

-- 令和8年度 in salary terms (浮羽市, 3級地): 給与 1,030,000 − 650,000 = 380,000 ≤ 380,000 →
-- 非課税; 1,031,000 → 381,000 > 380,000 → 均等割; 1,100,000 → 450,000 → no 所得割.
SELECT is(zeimu.inhabitant_tax(2026, '132039', '{"salary": 1030000}') ->> 'nontaxable', 'per_capita_threshold', 'R8 3級地 salary 1,030,000: 非課税');
SELECT is(zeimu.inhabitant_tax(2026, '132039', '{"salary": 1031000}') ->> 'nontaxable', 'income_levy_threshold', 'R8 3級地 salary 1,031,000: 均等割 only');
SELECT is(zeimu.inhabitant_tax(2026, '132039', '{"salary": 1100000}') ->> 'total', '5000', 'R8 3級地 salary 1,100,000: 3,000 + 1,000 + 1,000, no 所得割');

-- 所得割: 総所得金額等 ≤ 450,000 single, 350,000 × N + 100,000 + 320,000 otherwise (no 級地).
SELECT is(zeimu.inhabitant_tax(2025, '132039', pg_temp.kids(1, 450000)) ->> 'nontaxable', 'income_levy_threshold', '3級地 single 450,000: 所得割 非課税, 均等割 charged');
SELECT is(pg_temp.t(2025, '132039', pg_temp.kids(1, 450000), 'total'), 5000::bigint, '3級地 single 450,000: only 3,000 + 1,000 + 1,000');
SELECT is(zeimu.inhabitant_tax(2025, '132039', pg_temp.kids(1, 450001)) ->> 'nontaxable', 'none', '3級地 single 450,001: 所得割 taxable');
-- 450,001: 課税 20,000 → 1,200 / 800; 調整控除 600 / 400 → 1,000 left; limit 450,001 − 450,000 = 1
-- → cut 999: 市 ceil(999 × 6/10) = 600, 県 399 → 0 / 1 → 所得割 0.
SELECT is(pg_temp.t(2025, '132039', pg_temp.kids(1, 450001), 'threshold_adjustment_city'), 600::bigint, '税額調整 at +1: 市 cut 600');
SELECT is(pg_temp.t(2025, '132039', pg_temp.kids(1, 450001), 'income_levy'), 0::bigint, '税額調整 at +1: 所得割 0');
-- 451,000: 課税 21,000 → 1,260 / 840 − 630 / 420 = 1,050 > 1,000 → cut 50: 市 30, 県 20 → 600 / 400.
SELECT is(zeimu.inhabitant_tax(2025, '132012', pg_temp.kids(1, 451000))
	@> '{"threshold_adjustment_city": 30, "threshold_adjustment_pref": 20, "income_levy_city": 600, "income_levy_pref": 400}', true,
	'税額調整 at 451,000: 所得割 limited to 1,000 (600 + 400)');
SELECT is(zeimu.inhabitant_tax(2025, '132012', pg_temp.kids(2, 1020000)) ->> 'nontaxable', 'income_levy_threshold', 'N=2: 所得割 threshold 700,000 + 100,000 + 320,000 = 1,120,000 (1,020,000 below)');
SELECT is(zeimu.inhabitant_tax(2025, '132012', pg_temp.kids(2, 1120000)) ->> 'nontaxable', 'income_levy_threshold', 'N=2 at 1,120,000: 所得割 非課税');
SELECT is(zeimu.inhabitant_tax(2025, '132012', pg_temp.kids(2, 1120001)) ->> 'nontaxable', 'none', 'N=2 at 1,120,001: 所得割 taxable');

-- 障害者・未成年者・寡婦・ひとり親 with 合計所得 ≤ 1,350,000; 生活扶助.
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1350000, "disability": "general"}', 'total'), 0::bigint, '障害者 1,350,000: 非課税');
-- 1,350,001: 課税 1,350,001 − 690,000 = 660,000; 市 39,600 − 1,800 (A 60,000 × 3%) = 37,800;
-- 県 26,400 − 1,200 = 25,200; + 5,000 = 68,000.
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1350001, "disability": "general"}', 'total'), 68000::bigint, '障害者 1,350,001: 37,800 + 25,200 + 5,000 = 68,000');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1350000, "minor": true}', 'total'), 0::bigint, '未成年者 1,350,000: 非課税');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1350000, "widow": true}', 'total'), 0::bigint, '寡婦 1,350,000: 非課税');
SELECT is(pg_temp.t(2025, '132012', '{"other_income": 1350000, "single_parent": "father"}', 'total'), 0::bigint, 'ひとり親 1,350,000: 非課税');
SELECT is(zeimu.inhabitant_tax(2025, '132012', '{"salary": 5000000, "public_assistance": true}') ->> 'total', '0', '生活扶助: 非課税 whatever the income');

-- ======================================================================
-- Bad input: clear errors, never a silent zero.
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"salery": 5000000}')$$, '22023', 'unknown inhabitant tax fact "salery"', 'unknown key is named');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"spouse": {"incme": 1, "age": 3}}')$$, '22023', 'unknown inhabitant tax fact "person.incme"', 'unknown nested key is named');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"donations": {"furusato": -5}}')$$, '22023', 'invalid inhabitant tax fact "donations.furusato"', 'a negative nested amount is named with its path');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"life_insurance": {"general": 5}}')$$, '22023', 'unknown inhabitant tax fact "life_insurance.general"', 'an unknown nested key is named with its path');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"dependants": [{"income": 0}]}')$$, '22023', 'invalid inhabitant tax fact "dependants"', 'a dependant without age is rejected');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"salary": -1}')$$, '22023', 'invalid inhabitant tax fact "salary"', 'negative income is rejected');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"salary": 1000.5}')$$, '22023', 'invalid inhabitant tax fact "salary"', 'fractional yen are rejected');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"salary": 1e30}')$$, '22023', 'invalid inhabitant tax fact "salary"', 'an amount past ¥10^12 is refused (no bigint overflow)');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"salary": -1e30}')$$, '22023', 'invalid inhabitant tax fact "salary"', 'a huge negative amount is refused');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"salary": "5000000"}')$$, '22023', 'invalid inhabitant tax fact "salary"', 'a string amount is rejected');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{"pension": 1000000}')$$, '22023', 'invalid inhabitant tax fact "age"', 'pension without age is rejected');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132013', '{}')$$, '22P02', NULL, 'a bad check digit in lg_code is rejected (zeimu.lg_code input)');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, NULL, '{}')$$, '22004', 'lg_code must not be null', 'a null lg_code is rejected');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', NULL)$$, '22004', NULL, 'null facts are rejected');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '[1]')$$, '22023', NULL, 'facts that are not an object are rejected');

-- The result is a canonical jsonb object: it equals its own text form read back, and has 52 keys.
SELECT ok(r = (r::text)::jsonb AND (SELECT count(*) FROM jsonb_object_keys(r)) = 52, 'the breakdown is canonical jsonb with 52 keys')
FROM zeimu.inhabitant_tax(2025, '431001', '{"salary": 5000000}') r;

-- ======================================================================
-- The batch kernel gives the same amounts as the breakdown.
SELECT is(zeimu.inhabitant_tax_amounts(zeimu.inhabitant_tax_params(2025, '431001'), '{"salary": 5000000, "social_insurance": 750000}'),
	ARRAY[188400, 47100, 3000, 1000, 1000, 240500]::bigint[], 'inhabitant_tax_amounts: {所得割 市, 県, 均等割 市, 県, 森林, total} as the worked example');
SELECT is(zeimu.inhabitant_tax_amounts(zeimu.inhabitant_tax_params(2025, '132012'), '{"other_income": 1350000, "minor": true}'),
	ARRAY[0, 0, 0, 0, 0, 0]::bigint[], 'inhabitant_tax_amounts: 非課税 gives six zeros');

-- A municipality band set replaces the national set as a whole.
INSERT INTO zeimu.inhabitant_band (lg_code, fy_from, band_set, variant, seq, upto, addend, basis)
VALUES ('132012', 2021, 'basic_deduction', '', 1, 9223372036854775807, 500000, 'test');
SELECT is(pg_temp.t(2025, '132012', pg_temp.o(30000000), 'deduction_basic'), 500000::bigint, 'municipality band set: 500,000 at any income (national taper not mixed in)');
SELECT is(pg_temp.t(2025, '132021', pg_temp.o(30000000), 'deduction_basic'), 0::bigint, 'another municipality keeps the national taper: 0 above 25M');
DELETE FROM zeimu.inhabitant_band WHERE lg_code OPERATOR(zeimu.=) '132012';

-- Missing or inexact parameters are errors, never a silent zero.
INSERT INTO zeimu.inhabitant_param VALUES ('132012', 2021, 'kyuchi', 4, 'test: no such 級地');
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{}')$$, '22023', 'inhabitant tax parameter "kyuchi" must be between 1 and 3', 'a 級地 other than 1-3 is refused');
DELETE FROM zeimu.inhabitant_param WHERE lg_code OPERATOR(zeimu.=) '132012';
UPDATE zeimu.inhabitant_param SET value = 0.0612345 WHERE lg_code OPERATOR(zeimu.=) '000000' AND name = 'city_rate';
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{}')$$, '22023', 'inhabitant tax parameter "city_rate" has more than 6 decimals', 'a rate with 7 decimals is refused');
DELETE FROM zeimu.inhabitant_param WHERE lg_code OPERATOR(zeimu.=) '000000' AND name = 'city_rate';
SELECT throws_ok($$SELECT zeimu.inhabitant_tax(2025, '132012', '{}')$$, 'P0002', 'inhabitant tax parameter "city_rate" is missing', 'a missing parameter is an error');

-- pg_dump keeps municipal rows: its condition must work under pg_dump's empty search_path.
CREATE FUNCTION pg_temp.dump_condition_runs(rel regclass) RETURNS boolean
	LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
	c text;
BEGIN
	SELECT u.c INTO c FROM pg_catalog.pg_extension e, ROWS FROM (pg_catalog.unnest(e.extconfig), pg_catalog.unnest(e.extcondition)) AS u(t, c)
	 WHERE e.extname OPERATOR(pg_catalog.=) 'zeimu' AND u.t OPERATOR(pg_catalog.=) rel;
	EXECUTE 'SELECT 1 FROM ' || rel::text || ' ' || c || ' LIMIT 1';
	RETURN c IS NOT NULL;
END $$;
SELECT ok(pg_temp.dump_condition_runs('zeimu.inhabitant_param'), 'pg_dump condition of inhabitant_param runs with an empty search_path');
SELECT ok(pg_temp.dump_condition_runs('zeimu.inhabitant_band'), 'pg_dump condition of inhabitant_band runs with an empty search_path');

-- Labels and rights.
SELECT volatility_is('zeimu', 'inhabitant_tax_compute', ARRAY['jsonb', 'jsonb'], 'immutable', 'the C kernel is IMMUTABLE');
SELECT volatility_is('zeimu', 'inhabitant_tax', ARRAY['integer', 'zeimu.lg_code', 'jsonb'], 'stable', 'inhabitant_tax reads the parameter tables: STABLE');
SELECT ok(has_function_privilege('zeimu_user', 'zeimu.inhabitant_tax(integer, zeimu.lg_code, jsonb)', 'EXECUTE'), 'zeimu_user may call inhabitant_tax');
SELECT ok(has_table_privilege('zeimu_user', 'zeimu.inhabitant_param', 'SELECT') AND NOT has_table_privilege('zeimu_user', 'zeimu.inhabitant_param', 'UPDATE'),
	'zeimu_user reads but does not change the parameters');

SELECT * FROM finish();
ROLLBACK;
