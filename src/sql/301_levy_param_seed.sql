-- levy (property and vehicle): national standard values (lg_code 000000).
-- Municipalities override them with their own rows (see 300_levy_params.sql).
-- Fixed asset values apply from fiscal year 2024 (the 令和6年度 基準年度, whose
-- burden-adjustment rules run through 令和8年度, domain_rules §3.3); earlier
-- years must be loaded by a municipality that needs them.  Light vehicle
-- rates apply from fiscal year 2016 (the first year of the 平成26年改正 rates).

INSERT INTO @extschema@.levy_param (lg_code, name, from_fy, num, den, unit, basis, note) VALUES
	-- rates
	('000000', 'fixed_asset_rate', 2024, 14, 1000, 'ratio', '地方税法第350条第1項 (標準税率 1.4%)', NULL),
	('000000', 'city_planning_rate_max', 2024, 3, 1000, 'ratio', '地方税法第702条の4 (制限税率 0.3%)',
	 'No national city_planning_rate: each municipality sets its rate by ordinance.'),
	-- 免税点 (per taxpayer, per municipality, per category, on the total 課税標準額)
	('000000', 'exemption_land', 2024, 300000, 1, 'yen', '地方税法第351条 (土地 30万円)', 'taxed when the total is >= the threshold'),
	('000000', 'exemption_house', 2024, 200000, 1, 'yen', '地方税法第351条 (家屋 20万円)', NULL),
	('000000', 'exemption_depreciable', 2024, 1500000, 1, 'yen', '地方税法第351条 (償却資産 150万円)', NULL),
	-- 住宅用地の特例
	('000000', 'res_small_ratio_fixed_asset', 2024, 1, 6, 'ratio', '地方税法第349条の3の2第2項 (小規模住宅用地 1/6)', NULL),
	('000000', 'res_general_ratio_fixed_asset', 2024, 1, 3, 'ratio', '地方税法第349条の3の2第1項 (一般住宅用地 1/3)', NULL),
	('000000', 'res_small_ratio_city_planning', 2024, 1, 3, 'ratio', '地方税法第702条の3第2項 (小規模住宅用地 1/3)', NULL),
	('000000', 'res_general_ratio_city_planning', 2024, 2, 3, 'ratio', '地方税法第702条の3第1項 (一般住宅用地 2/3)', NULL),
	('000000', 'res_small_area_per_dwelling', 2024, 200, 1, 'm2', '地方税法第349条の3の2第2項 (住戸1戸につき200㎡まで)', NULL),
	('000000', 'res_land_floor_multiple', 2024, 10, 1, 'count', '地方税法施行令第52条の11 (家屋の床面積の10倍まで)', NULL),
	-- 負担調整措置
	('000000', 'burden_res_increment', 2024, 5, 100, 'ratio', '地方税法附則第18条 (住宅用地: 前年度課税標準額 + 本則 x 5%)', NULL),
	('000000', 'burden_res_floor', 2024, 20, 100, 'ratio', '地方税法附則第18条 (住宅用地: 本則 x 20% を下限)', NULL),
	('000000', 'burden_comm_cap', 2024, 70, 100, 'ratio', '地方税法附則第18条第5項 (商業地等: 負担水準 70% 超は 価格 x 70%)', NULL),
	('000000', 'burden_comm_hold', 2024, 60, 100, 'ratio', '地方税法附則第18条第4項 (商業地等: 負担水準 60〜70% は据置)', NULL),
	('000000', 'burden_comm_increment', 2024, 5, 100, 'ratio', '地方税法附則第18条 (商業地等: 前年度 + 価格 x 5%)', NULL),
	('000000', 'burden_comm_floor', 2024, 20, 100, 'ratio', '地方税法附則第18条 (商業地等: 価格 x 20% を下限)', NULL),
	-- 新築住宅の減額
	('000000', 'new_house_ratio', 2024, 1, 2, 'ratio', '地方税法附則第15条の6第1項 (税額の1/2)', NULL),
	('000000', 'new_house_area_cap', 2024, 120, 1, 'm2', '地方税法施行令附則第12条 (120㎡まで)', NULL),
	('000000', 'new_house_years', 2024, 3, 1, 'years', '地方税法附則第15条の6第1項 (3年度分)', NULL),
	('000000', 'new_house_years_fireproof', 2024, 5, 1, 'years', '地方税法附則第15条の6第2項 (3階建以上の耐火・準耐火 5年度分)', NULL),
	('000000', 'new_house_area_min', 2024, 50, 1, 'm2', '地方税法施行令附則第12条 (床面積 50㎡以上)', NULL),
	('000000', 'new_house_area_max', 2024, 280, 1, 'm2', '地方税法施行令附則第12条 (床面積 280㎡以下)', NULL),
	('000000', 'new_house_built_by', 2024, 20260331, 1, 'yyyymmdd', '地方税法附則第15条の6 (令和8年3月31日までに新築)',
	 'The 令和8年度 reform is expected to extend this to 2031-03-31 (domain_rules §3.4); enter a new row once enacted.'),
	-- 償却資産
	('000000', 'depreciable_floor', 2024, 5, 100, 'ratio', '固定資産評価基準 第3章第1節 (評価額の最低限度 取得価額の5%)', NULL),
	-- 端数計算
	('000000', 'tax_base_unit', 2000, 1000, 1, 'yen', '地方税法第20条の4の2第1項 (課税標準額 千円未満切捨て)', NULL),
	('000000', 'tax_amount_unit', 2000, 100, 1, 'yen', '地方税法第20条の4の2第3項 (確定金額 百円未満切捨て)', NULL),
	('000000', 'fixed_asset_installment_unit', 2024, 1000, 1, 'yen', '地方税法第20条の4の2第6項 (各期 千円未満は第1期へ; 条例で百円も可)', NULL),
	-- 期間制限 (更正)
	('000000', 'correction_years', 2024, 5, 1, 'years', '地方税法第17条の5第2項 (法定納期限の翌日から5年)', NULL),
	('000000', 'correction_years_extended', 2024, 7, 1, 'years', '地方税法第17条の5第7項 (偽りその他不正の行為 7年)', NULL),
	-- 軽自動車税種別割
	('000000', 'light_vehicle_installment_unit', 2016, 1000, 1, 'yen', '地方税法第20条の4の2第6項', NULL),
	('000000', 'light_vehicle_multiplier_max', 2016, 3, 2, 'ratio', '地方税法第463条の15第2項 (標準税率の1.5倍まで)', NULL),
	('000000', 'light_vehicle_multiplier', 2016, 1, 1, 'ratio', '地方税法第463条の15 (条例: 標準税率に乗じる倍率)', 'applies to national rates a municipality has not replaced'),
	('000000', 'light_vehicle_old_until', 2016, 201503, 1, 'yyyymm', '地方税法附則第30条 (平成27年3月31日以前に最初の新規検査: 旧税率)', NULL),
	('000000', 'light_vehicle_heavy_years', 2016, 13, 1, 'years', '地方税法附則第30条 (最初の新規検査から13年: 重課, 初度検査年月 <= (Y-13)年3月)', NULL),
	('000000', 'light_vehicle_green', 2016, 1, 1, 'flag', '地方税法附則第30条の2 (グリーン化特例 軽課; 前年度に最初の新規検査)',
	 '1 = the 軽課 applies in this fiscal year to vehicles first inspected in the preceding fiscal year');

-- 耐用年数に応ずる減価率表 (固定資産評価基準 第3章 別表第15), 2..50 years.
-- These equal round(1 - 0.1^(1/n), 3) except 24年 (0.092; the formula gives
-- 0.0915 -> 0.091) and 34年 (0.066; formula 0.0655 -> 0.065): the official
-- table is the authority, so its values are seeded, not the formula's.
-- Source: the table as published by 秦野市 (domain_rules §3.5 source).
INSERT INTO @extschema@.depreciation_rate (lg_code, useful_life, from_fy, rate)
SELECT '000000', v.n, 2024, v.r
  FROM (VALUES (2, 0.684), (3, 0.536), (4, 0.438), (5, 0.369), (6, 0.319), (7, 0.280),
	(8, 0.250), (9, 0.226), (10, 0.206), (11, 0.189), (12, 0.175), (13, 0.162), (14, 0.152),
	(15, 0.142), (16, 0.134), (17, 0.127), (18, 0.120), (19, 0.114), (20, 0.109), (21, 0.104),
	(22, 0.099), (23, 0.095), (24, 0.092), (25, 0.088), (26, 0.085), (27, 0.082), (28, 0.079),
	(29, 0.076), (30, 0.074), (31, 0.072), (32, 0.069), (33, 0.067), (34, 0.066), (35, 0.064),
	(36, 0.062), (37, 0.060), (38, 0.059), (39, 0.057), (40, 0.056), (41, 0.055), (42, 0.053),
	(43, 0.052), (44, 0.051), (45, 0.050), (46, 0.049), (47, 0.048), (48, 0.047), (49, 0.046),
	(50, 0.045)) AS v(n, r);

-- Installment schedules: typical ordinance dates (the statute fixes only the
-- months).  Municipalities enter their own.
INSERT INTO @extschema@.installment_schedule (lg_code, tax, from_fy, period, due_month, due_day, year_offset) VALUES
	('000000', 'fixed_asset', 2024, 1, 4, 30, 0),
	('000000', 'fixed_asset', 2024, 2, 7, 31, 0),
	('000000', 'fixed_asset', 2024, 3, 12, 25, 0),
	('000000', 'fixed_asset', 2024, 4, 2, 31, 1),
	('000000', 'light_vehicle', 2016, 1, 5, 31, 0);

-- Light vehicle classes: every row of 地方税法第463条の15第1項.
INSERT INTO @extschema@.light_vehicle_class (lg_code, vehicle_class, inspection_based, description, basis) VALUES
	('000000', 'moped_50', false, '原動機付自転車 第一種 (総排気量50cc以下 / 定格出力0.6kW以下)', '法463条の15第1項第1号イ'),
	('000000', 'moped_specified_small', false, '特定小型原動機付自転車', '法463条の15第1項第1号イ (令和5年7月〜)'),
	('000000', 'moped_new_standard', false, '新基準原付 (125cc以下かつ最高出力4.0kW以下)', '法463条の15第1項第1号イ (令和7年4月〜)'),
	('000000', 'moped_2b', false, '原動機付自転車 第二種乙 (50cc超90cc以下 / 0.6kW超0.8kW以下)', '法463条の15第1項第1号ロ'),
	('000000', 'moped_2a', false, '原動機付自転車 第二種甲 (90cc超125cc以下 / 0.8kW超1.0kW以下)', '法463条の15第1項第1号ハ'),
	('000000', 'minicar', false, 'ミニカー (三輪以上, 20cc超50cc以下 / 0.25kW超0.6kW以下)', '法463条の15第1項第1号ニ'),
	('000000', 'kei2', false, '軽自動車 二輪 (125cc超250cc以下, 側車付・ボートトレーラを含む)', '法463条の15第1項第2号イ'),
	('000000', 'kei3', true, '軽自動車 三輪', '法463条の15第1項第2号ロ'),
	('000000', 'kei4_passenger_commercial', true, '軽自動車 四輪以上 乗用 営業用', '法463条の15第1項第2号ハ(1)(i)'),
	('000000', 'kei4_passenger_private', true, '軽自動車 四輪以上 乗用 自家用', '法463条の15第1項第2号ハ(1)(ii)'),
	('000000', 'kei4_goods_commercial', true, '軽自動車 四輪以上 貨物 営業用', '法463条の15第1項第2号ハ(2)(i)'),
	('000000', 'kei4_goods_private', true, '軽自動車 四輪以上 貨物 自家用', '法463条の15第1項第2号ハ(2)(ii)'),
	('000000', 'snowmobile', false, '雪上車 (専ら雪上を走行するもの)', '法463条の15第1項第2号ニ'),
	('000000', 'small_special_farm', false, '小型特殊自動車 農耕作業用', '法463条の15第1項第3号イ'),
	('000000', 'small_special_other', false, '小型特殊自動車 その他 (フォークリフト等)', '法463条の15第1項第3号ロ'),
	('000000', 'small2', false, '二輪の小型自動車 (250cc超)', '法463条の15第1項第4号');

INSERT INTO @extschema@.light_vehicle_rate (lg_code, vehicle_class, rate_kind, from_fy, amount)
SELECT '000000', v.c, k.kind, v.fy, k.amount
  FROM (VALUES
	('moped_50', 2016, 2000, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint),
	('moped_specified_small', 2024, 2000, NULL, NULL, NULL, NULL, NULL),
	('moped_new_standard', 2025, 2000, NULL, NULL, NULL, NULL, NULL),
	('moped_2b', 2016, 2000, NULL, NULL, NULL, NULL, NULL),
	('moped_2a', 2016, 2400, NULL, NULL, NULL, NULL, NULL),
	('minicar', 2016, 3700, NULL, NULL, NULL, NULL, NULL),
	('kei2', 2016, 3600, NULL, NULL, NULL, NULL, NULL),
	('snowmobile', 2016, 3600, NULL, NULL, NULL, NULL, NULL),
	('small_special_farm', 2016, 2400, NULL, NULL, NULL, NULL, NULL),
	('small_special_other', 2016, 5900, NULL, NULL, NULL, NULL, NULL),
	('small2', 2016, 6000, NULL, NULL, NULL, NULL, NULL),
	-- class, from, 標準(新), 旧, 重課, 軽課75%, 50%, 25% (附則30条, 30条の2)
	('kei3', 2016, 3900, 3100, 4600, 1000, 2000, 3000),
	('kei4_passenger_private', 2016, 10800, 7200, 12900, 2700, 5400, 8100),
	('kei4_passenger_commercial', 2016, 6900, 5500, 8200, 1800, 3500, 5200),
	('kei4_goods_private', 2016, 5000, 4000, 6000, 1300, 2500, 3800),
	('kei4_goods_commercial', 2016, 3800, 3000, 4500, 1000, 1900, 2900)
	) AS v(c, fy, std, old, heavy, g75, g50, g25)
 CROSS JOIN LATERAL (VALUES ('standard', v.std), ('old', v.old), ('heavy', v.heavy),
	('green75', v.g75), ('green50', v.g50), ('green25', v.g25)) AS k(kind, amount)
 WHERE k.amount IS NOT NULL;
