-- levy-inhabitant: parameter tables for the individual inhabitant tax
-- (個人住民税, 地方税法 第2章第1節).  Law and ordinance values are data, keyed
-- by (lg_code, fiscal year from).  Convention (doc/levy-inhabitant.md):
--   * lg_code '000000' holds the national standard values;
--   * a row under a municipality's own lg_code overrides the national row of
--     the same name (scalars) or the whole band set (bands), whatever its
--     fy_from, as long as fy_from <= the fiscal year asked for;
--   * among rows of one lg_code, the newest fy_from <= the fiscal year wins.
-- Fiscal years are 年度 as the Western year in which the 年度 starts:
-- 令和7年度 = 2025 (income of calendar 2024), 令和8年度 = 2026.

CREATE TABLE @extschema@.inhabitant_param (
	lg_code		@extschema@.lg_code NOT NULL,
	fy_from		integer NOT NULL CHECK (fy_from BETWEEN 1950 AND 2200),
	name		text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]*$'),
	value		numeric NOT NULL,
	basis		text NOT NULL,
	PRIMARY KEY (lg_code, fy_from, name)
);
COMMENT ON TABLE @extschema@.inhabitant_param IS
	'個人住民税 scalar parameters (rates as fractions, amounts in yen) per municipality and fiscal year from; lg_code 000000 = national standard';

CREATE TABLE @extschema@.inhabitant_band (
	lg_code		@extschema@.lg_code NOT NULL,
	fy_from		integer NOT NULL CHECK (fy_from BETWEEN 1950 AND 2200),
	band_set	text NOT NULL CHECK (band_set ~ '^[a-z][a-z0-9_]*$'),
	variant		text NOT NULL DEFAULT '' CHECK (variant ~ '^[a-z0-9_]*$'),
	seq			integer NOT NULL CHECK (seq > 0),
	upto		bigint NOT NULL CHECK (upto >= 0),
	unit		bigint NOT NULL DEFAULT 1 CHECK (unit > 0),
	rate		numeric NOT NULL DEFAULT 0 CHECK (rate >= 0),
	addend		bigint NOT NULL DEFAULT 0,
	basis		text NOT NULL,
	PRIMARY KEY (lg_code, fy_from, band_set, variant, seq)
);
COMMENT ON TABLE @extschema@.inhabitant_band IS
	'個人住民税 band tables: for argument x the first band (by seq) with x <= upto gives trunc(trunc(x / unit) * unit * rate) + addend; upto 9223372036854775807 = open';

GRANT SELECT ON @extschema@.inhabitant_param, @extschema@.inhabitant_band TO zeimu_user;
-- A municipality's own rows are configuration: pg_dump keeps them.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.inhabitant_param', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.inhabitant_band', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');

-- ---------------------------------------------------------------------------
-- National standard scalars, 令和3年度 (2021) onward, with the 令和8年度
-- (2026) changes of the 令和7年度税制改正 as their own rows.
INSERT INTO @extschema@.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
-- 所得割 rates (法35条, 法314条の3; 指定都市 8/2 since 平成30年度, 法37条の2?/314条の3②)
('000000', 2021, 'city_rate', 0.06, '法314条の3①'),
('000000', 2021, 'pref_rate', 0.04, '法35条①'),
('000000', 2021, 'designated_city_rate', 0.08, '法314条の3②'),
('000000', 2021, 'designated_pref_rate', 0.02, '法35条②'),
('000000', 2021, 'city_rate_surcharge', 0, '条例 (超過課税)'),
('000000', 2021, 'pref_rate_surcharge', 0, '条例 (超過課税)'),
('000000', 2021, 'designated_city', 0, '地方自治法252条の19 (指定都市): 1 = designated city'),
('000000', 2021, 'kyuchi', 1, '生活保護法 級地 (1, 2 or 3) used for the 均等割 非課税 threshold'),
-- 均等割 and 森林環境税
('000000', 2021, 'per_capita_city', 3000, '法310条'),
('000000', 2021, 'per_capita_pref', 1000, '法38条'),
('000000', 2021, 'per_capita_city_surcharge', 0, '条例 (超過課税)'),
('000000', 2021, 'per_capita_pref_surcharge', 0, '条例 (超過課税, e.g. 森林環境 surcharges)'),
('000000', 2021, 'forest_env_tax', 0, '森林環境税及び森林環境譲与税に関する法律 (from 令和6年度)'),
('000000', 2024, 'forest_env_tax', 1000, '森林環境税及び森林環境譲与税に関する法律4条'),
-- 非課税 (法295条, 法24条の5, 施行令47条の3, 附則3条の3)
('000000', 2021, 'nt_special_limit', 1350000, '法295条①二 (障害者・未成年者・寡婦・ひとり親)'),
('000000', 2021, 'nt_pc_base_k1', 350000, '法295条③, 施行令47条の3 (1級地)'),
('000000', 2021, 'nt_pc_base_k2', 315000, '施行令47条の3 (2級地 = 0.9)'),
('000000', 2021, 'nt_pc_base_k3', 280000, '施行令47条の3 (3級地 = 0.8)'),
('000000', 2021, 'nt_pc_fixed', 100000, '施行令47条の3'),
('000000', 2021, 'nt_pc_add_k1', 210000, '施行令47条の3 (扶養加算 1級地)'),
('000000', 2021, 'nt_pc_add_k2', 189000, '施行令47条の3 (2級地)'),
('000000', 2021, 'nt_pc_add_k3', 168000, '施行令47条の3 (3級地)'),
('000000', 2021, 'nt_inc_base', 350000, '附則3条の3①'),
('000000', 2021, 'nt_inc_fixed', 100000, '附則3条の3①'),
('000000', 2021, 'nt_inc_add', 320000, '附則3条の3① (扶養加算)'),
-- Income computation
('000000', 2021, 'income_adjust_salary_from', 8500000, '措置法41条の3の3① 所得金額調整控除 (給与 850万超)'),
('000000', 2021, 'income_adjust_salary_to', 10000000, '措置法41条の3の3① (1,000万を限度)'),
('000000', 2021, 'income_adjust_rate', 0.10, '措置法41条の3の3① (10%, 1円未満切上げ)'),
('000000', 2021, 'income_adjust_dep_age', 23, '措置法41条の3の3① (年齢23歳未満の扶養親族)'),
('000000', 2021, 'income_adjust_cap', 100000, '所得税法附則 / 法附則3条の3 所得金額調整控除 (給与と年金)'),
('000000', 2021, 'elderly_age', 65, '法附則17条の2 (公的年金等控除 年齢区分: 65歳以上)'),
('000000', 2021, 'pension_other_limit1', 10000000, '所得税法35条④ (他所得 1,000万超)'),
('000000', 2021, 'pension_other_cut1', 100000, '所得税法35条④'),
('000000', 2021, 'pension_other_limit2', 20000000, '所得税法35条④ (他所得 2,000万超)'),
('000000', 2021, 'pension_other_cut2', 200000, '所得税法35条④'),
-- 所得控除 (法314条の2)
('000000', 2021, 'dependant_income_limit', 480000, '法292条①七・九 (同一生計配偶者・扶養親族 48万)'),
('000000', 2026, 'dependant_income_limit', 580000, '令和7年度改正: 58万'),
('000000', 2021, 'spouse_special_income_limit', 1330000, '法314条の2①十の二'),
('000000', 2021, 'spouse_taxpayer_limit', 10000000, '法314条の2①十 (納税義務者 1,000万以下)'),
('000000', 2021, 'spouse_elderly_age', 70, '法292条①八 (老人控除対象配偶者 70歳以上)'),
('000000', 2021, 'dep_min_age', 16, '法314条の2①十一 (控除対象扶養親族 16歳以上)'),
('000000', 2021, 'specific_age_from', 19, '法292条①九の二 (特定扶養 19–22)'),
('000000', 2021, 'specific_age_to', 22, '法292条①九の二'),
('000000', 2021, 'elderly_dep_age', 70, '法292条①十 (老人扶養 70歳以上)'),
('000000', 2021, 'dep_general', 330000, '法314条の2①十一'),
('000000', 2021, 'dep_specific', 450000, '法314条の2①十一'),
('000000', 2021, 'dep_elderly', 380000, '法314条の2①十一'),
('000000', 2021, 'dep_cohabiting_parent', 450000, '法附則5条 (同居老親等)'),
('000000', 2021, 'specific_relative_income_limit', 0, '特定親族特別控除 (none before 令和8年度)'),
('000000', 2026, 'specific_relative_income_limit', 1230000, '令和7年度改正 特定親族特別控除 (58万超123万以下)'),
('000000', 2021, 'dis_general', 260000, '法314条の2①六'),
('000000', 2021, 'dis_special', 300000, '法314条の2①六'),
('000000', 2021, 'dis_cohabiting_special', 530000, '法314条の2④'),
('000000', 2021, 'widow', 260000, '法314条の2①八'),
('000000', 2021, 'widow_income_limit', 5000000, '法292条①十一 (寡婦 合計所得 500万以下)'),
('000000', 2021, 'single_parent', 300000, '法314条の2①八の二'),
('000000', 2021, 'single_parent_income_limit', 5000000, '法292条①十二 (ひとり親 合計所得 500万以下)'),
('000000', 2021, 'student', 260000, '法314条の2①九'),
('000000', 2021, 'student_income_limit', 750000, '法292条①十三'),
('000000', 2026, 'student_income_limit', 850000, '令和7年度改正: 85万'),
('000000', 2021, 'medical_floor', 100000, '法314条の2①一'),
('000000', 2021, 'medical_floor_rate', 0.05, '法314条の2①一 (総所得金額等の5%)'),
('000000', 2021, 'medical_cap', 2000000, '法314条の2①一'),
('000000', 2021, 'earthquake_rate', 0.5, '法314条の2⑤ (地震保険料の1/2)'),
('000000', 2021, 'earthquake_cap', 25000, '法314条の2⑤'),
('000000', 2021, 'life_cap_new', 28000, '法314条の2② (新契約 各28,000)'),
('000000', 2021, 'life_cap_old', 35000, '法314条の2② (旧契約 各35,000)'),
('000000', 2021, 'life_cap_total', 70000, '法314条の2② (合計 70,000)'),
-- 調整控除 (法314条の6, 法37条) and 人的控除額の差 (法314条の6一イ〜ル)
('000000', 2021, 'adj_city_rate', 0.03, '法314条の6'),
('000000', 2021, 'adj_pref_rate', 0.02, '法37条'),
('000000', 2021, 'adj_designated_city_rate', 0.04, '法314条の6 (指定都市)'),
('000000', 2021, 'adj_designated_pref_rate', 0.01, '法37条 (指定都市)'),
('000000', 2021, 'adj_threshold', 2000000, '法314条の6'),
('000000', 2021, 'adj_min_base', 50000, '法314条の6一ロ (5万円 → 2,500円)'),
('000000', 2021, 'adj_income_limit', 25000000, '法314条の6 (合計所得 2,500万以下)'),
('000000', 2021, 'jd_basic', 50000, '法314条の6 人的控除差 基礎'),
('000000', 2021, 'jd_dep_general', 50000, '同 扶養 一般'),
('000000', 2021, 'jd_dep_specific', 180000, '同 扶養 特定'),
('000000', 2021, 'jd_dep_elderly', 100000, '同 扶養 老人'),
('000000', 2021, 'jd_dep_cohabiting_parent', 130000, '同 同居老親等'),
('000000', 2021, 'jd_dis_general', 10000, '同 障害者'),
('000000', 2021, 'jd_dis_special', 100000, '同 特別障害者'),
('000000', 2021, 'jd_dis_cohabiting_special', 220000, '同 同居特別障害者'),
('000000', 2021, 'jd_widow', 10000, '同 寡婦'),
('000000', 2021, 'jd_single_mother', 50000, '同 ひとり親 (母)'),
('000000', 2021, 'jd_single_father', 10000, '同 ひとり親 (父)'),
('000000', 2021, 'jd_student', 10000, '同 勤労学生'),
('000000', 2021, 'jd_specific_relative', 0, '特定親族特別控除: no 人的控除差 known [L]'),
-- 寄附金税額控除 (法314条の7, 法37条の2)
('000000', 2021, 'don_cap_rate', 0.30, '法314条の7① (総所得金額等の30%)'),
('000000', 2021, 'don_floor', 2000, '法314条の7①'),
('000000', 2021, 'don_basic_city', 0.06, '法314条の7①'),
('000000', 2021, 'don_basic_pref', 0.04, '法37条の2①'),
('000000', 2021, 'don_basic_designated_city', 0.08, '法314条の7① (指定都市)'),
('000000', 2021, 'don_basic_designated_pref', 0.02, '法37条の2① (指定都市)'),
('000000', 2021, 'don_special_base', 0.90, '法314条の7② (90% − 所得税率 × 1.021)'),
('000000', 2021, 'don_reconstruction', 1.021, '復興財源確保法 (復興特別所得税 2.1%)'),
('000000', 2021, 'don_special_cap', 0.20, '法314条の7③ (所得割額の20%)'),
('000000', 2021, 'don_special_city_share', 0.6, '法314条の7② (3/5)'),
('000000', 2021, 'don_special_designated_city_share', 0.8, '法314条の7② (指定都市 4/5)'),
('000000', 2021, 'don_onestop_max_rate', 0.33, '法附則5条の6 (申告特例: 所得税率 33% 上限)'),
-- Rounding (法20条の4の2) and collection
('000000', 2021, 'taxable_unit', 1000, '法20条の4の2① (課税標準 1,000円未満切捨て)'),
('000000', 2021, 'tax_unit', 100, '法20条の4の2③ (確定金額 100円未満切捨て)'),
('000000', 2021, 'rounding_order', 0, '0 = subtract 税額控除 from unrounded 算出所得割, then truncate to tax_unit; 1 = truncate 算出所得割 first, subtract, truncate again (見附市)'),
('000000', 2021, 'credit_rounding', 1, '税額控除 yen fractions: 1 = round up (taxpayer''s favour), 0 = truncate [L]');

-- ---------------------------------------------------------------------------
-- Band tables.  M = 9223372036854775807 (open upper band).
INSERT INTO @extschema@.inhabitant_band (lg_code, fy_from, band_set, variant, seq, upto, unit, rate, addend, basis) VALUES
-- 給与所得 (所得税法28条, 別表第五; 法313条②), 令和3年度〜令和7年度
('000000', 2021, 'employment_income', '', 1,   550999, 1, 0, 0, '別表第五: 550,999以下 0'),
('000000', 2021, 'employment_income', '', 2,  1618999, 1, 1, -550000, '別表第五: 収入 − 550,000'),
('000000', 2021, 'employment_income', '', 3,  1619999, 1, 0, 1069000, '別表第五: 1,619,000 → 1,069,000'),
('000000', 2021, 'employment_income', '', 4,  1621999, 1, 0, 1070000, '別表第五: 1,620,000 → 1,070,000'),
('000000', 2021, 'employment_income', '', 5,  1623999, 1, 0, 1072000, '別表第五: 1,622,000 → 1,072,000'),
('000000', 2021, 'employment_income', '', 6,  1627999, 1, 0, 1074000, '別表第五: 1,624,000 → 1,074,000'),
('000000', 2021, 'employment_income', '', 7,  1799999, 4000, 0.6, 100000, '別表第五: A × 60% + 100,000'),
('000000', 2021, 'employment_income', '', 8,  3599999, 4000, 0.7, -80000, '別表第五: A × 70% − 80,000'),
('000000', 2021, 'employment_income', '', 9,  6599999, 4000, 0.8, -440000, '別表第五: A × 80% − 440,000'),
('000000', 2021, 'employment_income', '', 10, 8499999, 1, 0.9, -1100000, '所得税法28条③: 収入 × 90% − 1,100,000'),
('000000', 2021, 'employment_income', '', 11, 9223372036854775807, 1, 1, -1950000, '所得税法28条③: 収入 − 1,950,000'),
-- 給与所得, 令和8年度〜 (令和7年度税制改正: 最低保障 650,000)
('000000', 2026, 'employment_income', '', 1,   650999, 1, 0, 0, '別表第五 (改正後): 650,999以下 0'),
('000000', 2026, 'employment_income', '', 2,  1900999, 1, 1, -650000, '別表第五 (改正後): 収入 − 650,000'),
('000000', 2026, 'employment_income', '', 3,  3599999, 4000, 0.7, -80000, '別表第五: A × 70% − 80,000'),
('000000', 2026, 'employment_income', '', 4,  6599999, 4000, 0.8, -440000, '別表第五: A × 80% − 440,000'),
('000000', 2026, 'employment_income', '', 5,  8499999, 1, 0.9, -1100000, '所得税法28条③'),
('000000', 2026, 'employment_income', '', 6, 9223372036854775807, 1, 1, -1950000, '所得税法28条③'),
-- 公的年金等控除額 (所得税法35条④, 措置法41条の15の3; 他所得 1,000万以下の額)
('000000', 2021, 'pension_deduction', 'under65', 1,  1300000, 1, 0, 600000, '65歳未満: 600,000'),
('000000', 2021, 'pension_deduction', 'under65', 2,  4100000, 1, 0.25, 275000, '収入 × 25% + 275,000'),
('000000', 2021, 'pension_deduction', 'under65', 3,  7700000, 1, 0.15, 685000, '収入 × 15% + 685,000'),
('000000', 2021, 'pension_deduction', 'under65', 4, 10000000, 1, 0.05, 1455000, '収入 × 5% + 1,455,000'),
('000000', 2021, 'pension_deduction', 'under65', 5, 9223372036854775807, 1, 0, 1955000, '上限 1,955,000'),
('000000', 2021, 'pension_deduction', 'age65', 1,  3300000, 1, 0, 1100000, '65歳以上: 1,100,000'),
('000000', 2021, 'pension_deduction', 'age65', 2,  4100000, 1, 0.25, 275000, '収入 × 25% + 275,000'),
('000000', 2021, 'pension_deduction', 'age65', 3,  7700000, 1, 0.15, 685000, '収入 × 15% + 685,000'),
('000000', 2021, 'pension_deduction', 'age65', 4, 10000000, 1, 0.05, 1455000, '収入 × 5% + 1,455,000'),
('000000', 2021, 'pension_deduction', 'age65', 5, 9223372036854775807, 1, 0, 1955000, '上限 1,955,000'),
-- 基礎控除 (法314条の2②, 住民税額)
('000000', 2021, 'basic_deduction', '', 1, 24000000, 1, 0, 430000, '合計所得 2,400万以下 430,000'),
('000000', 2021, 'basic_deduction', '', 2, 24500000, 1, 0, 290000, '2,450万以下 290,000'),
('000000', 2021, 'basic_deduction', '', 3, 25000000, 1, 0, 150000, '2,500万以下 150,000'),
('000000', 2021, 'basic_deduction', '', 4, 9223372036854775807, 1, 0, 0, '2,500万超 0'),
-- 配偶者控除 by the taxpayer's 合計所得 (法314条の2①十)
('000000', 2021, 'spouse_deduction', 'general', 1,  9000000, 1, 0, 330000, '900万以下 330,000'),
('000000', 2021, 'spouse_deduction', 'general', 2,  9500000, 1, 0, 220000, '950万以下 220,000'),
('000000', 2021, 'spouse_deduction', 'general', 3, 10000000, 1, 0, 110000, '1,000万以下 110,000'),
('000000', 2021, 'spouse_deduction', 'general', 4, 9223372036854775807, 1, 0, 0, '1,000万超 0'),
('000000', 2021, 'spouse_deduction', 'elderly', 1,  9000000, 1, 0, 380000, '老人 900万以下 380,000'),
('000000', 2021, 'spouse_deduction', 'elderly', 2,  9500000, 1, 0, 260000, '老人 950万以下 260,000'),
('000000', 2021, 'spouse_deduction', 'elderly', 3, 10000000, 1, 0, 130000, '老人 1,000万以下 130,000'),
('000000', 2021, 'spouse_deduction', 'elderly', 4, 9223372036854775807, 1, 0, 0, '1,000万超 0'),
-- taxpayer band for 配偶者特別控除 and 人的控除差 (1: ≤900万, 2: ≤950万, 3: ≤1,000万, 0: above)
('000000', 2021, 'spouse_taxpayer_band', '', 1,  9000000, 1, 0, 1, '900万以下'),
('000000', 2021, 'spouse_taxpayer_band', '', 2,  9500000, 1, 0, 2, '950万以下'),
('000000', 2021, 'spouse_taxpayer_band', '', 3, 10000000, 1, 0, 3, '1,000万以下'),
('000000', 2021, 'spouse_taxpayer_band', '', 4, 9223372036854775807, 1, 0, 0, '1,000万超'),
-- 配偶者特別控除 (法314条の2①十の二), by the spouse's 合計所得; applies above dependant_income_limit
('000000', 2021, 'spouse_special', 't1', 1, 1000000, 1, 0, 330000, '100万以下 330,000'),
('000000', 2021, 'spouse_special', 't1', 2, 1050000, 1, 0, 310000, '105万以下'),
('000000', 2021, 'spouse_special', 't1', 3, 1100000, 1, 0, 260000, '110万以下'),
('000000', 2021, 'spouse_special', 't1', 4, 1150000, 1, 0, 210000, '115万以下'),
('000000', 2021, 'spouse_special', 't1', 5, 1200000, 1, 0, 160000, '120万以下'),
('000000', 2021, 'spouse_special', 't1', 6, 1250000, 1, 0, 110000, '125万以下'),
('000000', 2021, 'spouse_special', 't1', 7, 1300000, 1, 0,  60000, '130万以下'),
('000000', 2021, 'spouse_special', 't1', 8, 1330000, 1, 0,  30000, '133万以下'),
('000000', 2021, 'spouse_special', 't1', 9, 9223372036854775807, 1, 0, 0, '133万超'),
('000000', 2021, 'spouse_special', 't2', 1, 1000000, 1, 0, 220000, '900万超950万以下'),
('000000', 2021, 'spouse_special', 't2', 2, 1050000, 1, 0, 210000, ''),
('000000', 2021, 'spouse_special', 't2', 3, 1100000, 1, 0, 180000, ''),
('000000', 2021, 'spouse_special', 't2', 4, 1150000, 1, 0, 140000, ''),
('000000', 2021, 'spouse_special', 't2', 5, 1200000, 1, 0, 110000, ''),
('000000', 2021, 'spouse_special', 't2', 6, 1250000, 1, 0,  80000, ''),
('000000', 2021, 'spouse_special', 't2', 7, 1300000, 1, 0,  40000, ''),
('000000', 2021, 'spouse_special', 't2', 8, 1330000, 1, 0,  20000, ''),
('000000', 2021, 'spouse_special', 't2', 9, 9223372036854775807, 1, 0, 0, ''),
('000000', 2021, 'spouse_special', 't3', 1, 1000000, 1, 0, 110000, '950万超1,000万以下'),
('000000', 2021, 'spouse_special', 't3', 2, 1050000, 1, 0, 110000, ''),
('000000', 2021, 'spouse_special', 't3', 3, 1100000, 1, 0,  90000, ''),
('000000', 2021, 'spouse_special', 't3', 4, 1150000, 1, 0,  70000, ''),
('000000', 2021, 'spouse_special', 't3', 5, 1200000, 1, 0,  60000, ''),
('000000', 2021, 'spouse_special', 't3', 6, 1250000, 1, 0,  40000, ''),
('000000', 2021, 'spouse_special', 't3', 7, 1300000, 1, 0,  20000, ''),
('000000', 2021, 'spouse_special', 't3', 8, 1330000, 1, 0,  10000, ''),
('000000', 2021, 'spouse_special', 't3', 9, 9223372036854775807, 1, 0, 0, ''),
-- 人的控除差 for 配偶者控除 (法314条の6), by taxpayer band
('000000', 2021, 'jd_spouse', 'general', 1,  9000000, 1, 0,  50000, '一般 900万以下 5万'),
('000000', 2021, 'jd_spouse', 'general', 2,  9500000, 1, 0,  40000, '950万以下 4万'),
('000000', 2021, 'jd_spouse', 'general', 3, 10000000, 1, 0,  20000, '1,000万以下 2万'),
('000000', 2021, 'jd_spouse', 'general', 4, 9223372036854775807, 1, 0, 0, ''),
('000000', 2021, 'jd_spouse', 'elderly', 1,  9000000, 1, 0, 100000, '老人 900万以下 10万'),
('000000', 2021, 'jd_spouse', 'elderly', 2,  9500000, 1, 0,  60000, '950万以下 6万'),
('000000', 2021, 'jd_spouse', 'elderly', 3, 10000000, 1, 0,  30000, '1,000万以下 3万'),
('000000', 2021, 'jd_spouse', 'elderly', 4, 9223372036854775807, 1, 0, 0, ''),
-- 人的控除差 for 配偶者特別控除, by spouse 合計所得 (48万超50万未満, 50万以上55万未満)
('000000', 2021, 'jd_spouse_special', 't1', 1,  499999, 1, 0, 50000, '50万未満 5万'),
('000000', 2021, 'jd_spouse_special', 't1', 2,  549999, 1, 0, 30000, '55万未満 3万'),
('000000', 2021, 'jd_spouse_special', 't1', 3, 9223372036854775807, 1, 0, 0, ''),
('000000', 2021, 'jd_spouse_special', 't2', 1,  499999, 1, 0, 40000, ''),
('000000', 2021, 'jd_spouse_special', 't2', 2,  549999, 1, 0, 20000, ''),
('000000', 2021, 'jd_spouse_special', 't2', 3, 9223372036854775807, 1, 0, 0, ''),
('000000', 2021, 'jd_spouse_special', 't3', 1,  499999, 1, 0, 20000, ''),
('000000', 2021, 'jd_spouse_special', 't3', 2,  549999, 1, 0, 10000, ''),
('000000', 2021, 'jd_spouse_special', 't3', 3, 9223372036854775807, 1, 0, 0, ''),
-- 令和8年度: spouse thresholds shift with the 58万 limit [L: domain_rules 4.3]
('000000', 2026, 'jd_spouse_special', 't1', 1,  599999, 1, 0, 50000, '60万未満 5万 [L]'),
('000000', 2026, 'jd_spouse_special', 't1', 2,  649999, 1, 0, 30000, '65万未満 3万 [L]'),
('000000', 2026, 'jd_spouse_special', 't1', 3, 9223372036854775807, 1, 0, 0, ''),
('000000', 2026, 'jd_spouse_special', 't2', 1,  599999, 1, 0, 40000, ''),
('000000', 2026, 'jd_spouse_special', 't2', 2,  649999, 1, 0, 20000, ''),
('000000', 2026, 'jd_spouse_special', 't2', 3, 9223372036854775807, 1, 0, 0, ''),
('000000', 2026, 'jd_spouse_special', 't3', 1,  599999, 1, 0, 20000, ''),
('000000', 2026, 'jd_spouse_special', 't3', 2,  649999, 1, 0, 10000, ''),
('000000', 2026, 'jd_spouse_special', 't3', 3, 9223372036854775807, 1, 0, 0, ''),
-- 特定親族特別控除 (令和8年度〜), by the relative's 合計所得 (above dependant_income_limit)
('000000', 2021, 'specific_relative', '', 1, 9223372036854775807, 1, 0, 0, 'none before 令和8年度'),
('000000', 2026, 'specific_relative', '', 1,  950000, 1, 0, 450000, '95万以下 45万 [M]'),
('000000', 2026, 'specific_relative', '', 2, 1000000, 1, 0, 410000, '100万以下 41万'),
('000000', 2026, 'specific_relative', '', 3, 1050000, 1, 0, 310000, '105万以下 31万'),
('000000', 2026, 'specific_relative', '', 4, 1100000, 1, 0, 210000, '110万以下 21万'),
('000000', 2026, 'specific_relative', '', 5, 1150000, 1, 0, 110000, '115万以下 11万'),
('000000', 2026, 'specific_relative', '', 6, 1200000, 1, 0,  60000, '120万以下 6万'),
('000000', 2026, 'specific_relative', '', 7, 1230000, 1, 0,  30000, '123万以下 3万'),
('000000', 2026, 'specific_relative', '', 8, 9223372036854775807, 1, 0, 0, '123万超 0'),
-- 生命保険料控除 (法314条の2②), 住民税 amounts
('000000', 2021, 'life_insurance', 'new', 1, 12000, 1, 1, 0, '新契約 12,000以下 全額'),
('000000', 2021, 'life_insurance', 'new', 2, 32000, 1, 0.5, 6000, '× 1/2 + 6,000'),
('000000', 2021, 'life_insurance', 'new', 3, 56000, 1, 0.25, 14000, '× 1/4 + 14,000'),
('000000', 2021, 'life_insurance', 'new', 4, 9223372036854775807, 1, 0, 28000, '28,000'),
('000000', 2021, 'life_insurance', 'old', 1, 15000, 1, 1, 0, '旧契約 15,000以下 全額'),
('000000', 2021, 'life_insurance', 'old', 2, 40000, 1, 0.5, 7500, '× 1/2 + 7,500'),
('000000', 2021, 'life_insurance', 'old', 3, 70000, 1, 0.25, 17500, '× 1/4 + 17,500'),
('000000', 2021, 'life_insurance', 'old', 4, 9223372036854775807, 1, 0, 35000, '35,000'),
-- 所得税率 used by the 寄附金 特例控除 and 申告特例控除 (所得税法89条), looked up
-- by 課税総所得金額 − 人的控除差調整額 (法314条の7②, 附則5条の6)
('000000', 2021, 'income_tax_rate', '', 1,  1950000, 1, 0.05, 0, '195万以下 5%'),
('000000', 2021, 'income_tax_rate', '', 2,  3300000, 1, 0.10, 0, '330万以下 10%'),
('000000', 2021, 'income_tax_rate', '', 3,  6950000, 1, 0.20, 0, '695万以下 20%'),
('000000', 2021, 'income_tax_rate', '', 4,  9000000, 1, 0.23, 0, '900万以下 23%'),
('000000', 2021, 'income_tax_rate', '', 5, 18000000, 1, 0.33, 0, '1,800万以下 33%'),
('000000', 2021, 'income_tax_rate', '', 6, 40000000, 1, 0.40, 0, '4,000万以下 40%'),
('000000', 2021, 'income_tax_rate', '', 7, 9223372036854775807, 1, 0.45, 0, '4,000万超 45%');

-- Collection (法321条の5①: 100円未満 fraction to June; 法321条の7の8)
INSERT INTO @extschema@.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
('000000', 2021, 'special_collection_unit', 100, '法321条の5① (100円未満の端数は最初の月)'),
('000000', 2021, 'pension_collection_unit', 100, '法321条の7の8 (100円未満の端数は最初の月) [M]');
