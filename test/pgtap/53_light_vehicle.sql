-- light vehicle tax (軽自動車税種別割): every class, old / standard / heavy
-- by 初度検査, year-only values, 重課 exemptions, 軽課, ordinance rates, 減免.
BEGIN;
-- lg_code columns are zeimu.lg_code: its operators live in schema zeimu
SET LOCAL search_path = public, zeimu;
SELECT plan(51);

-- ---- classes without an inspection-based rate (法463条の15第1項), FY2026
SELECT is(zeimu.light_vehicle_tax(2026, 'moped_50', NULL::date), 2000::bigint, '原付一種 2,000');
SELECT is(zeimu.light_vehicle_tax(2026, 'moped_specified_small', NULL::date), 2000::bigint, '特定小型原付 2,000');
SELECT is(zeimu.light_vehicle_tax(2026, 'moped_new_standard', NULL::date), 2000::bigint, '新基準原付 2,000');
SELECT is(zeimu.light_vehicle_tax(2026, 'moped_2b', NULL::date), 2000::bigint, '原付二種乙 2,000');
SELECT is(zeimu.light_vehicle_tax(2026, 'moped_2a', NULL::date), 2400::bigint, '原付二種甲 2,400');
SELECT is(zeimu.light_vehicle_tax(2026, 'minicar', NULL::date), 3700::bigint, 'ミニカー 3,700');
SELECT is(zeimu.light_vehicle_tax(2026, 'kei2', NULL::date), 3600::bigint, '軽二輪 3,600');
SELECT is(zeimu.light_vehicle_tax(2026, 'snowmobile', NULL::date), 3600::bigint, '雪上車 3,600');
SELECT is(zeimu.light_vehicle_tax(2026, 'small_special_farm', NULL::date), 2400::bigint, '小型特殊 農耕 2,400');
SELECT is(zeimu.light_vehicle_tax(2026, 'small_special_other', NULL::date), 5900::bigint, '小型特殊 その他 5,900');
SELECT is(zeimu.light_vehicle_tax(2026, 'small2', NULL::date), 6000::bigint, '小型二輪 6,000');

-- ---- 3/4-wheelers, each column (first inspected 2016-01 = standard; 2014-05 = old; 2010-01 in FY2026 = heavy)
SELECT is(zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', '2016-01-15'::date), 10800::bigint, '四輪乗用自家用 new rate 10,800 (2016-01, FY2026)');
SELECT is(zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', '2014-05-20'::date), 7200::bigint, '四輪乗用自家用 old rate 7,200 (2014-05, FY2026)');
SELECT is(zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', '2010-01-10'::date), 12900::bigint, '四輪乗用自家用 heavy 12,900 (2010-01)');
SELECT is(ARRAY[zeimu.light_vehicle_tax(2026, 'kei3', 2016, 1), zeimu.light_vehicle_tax(2026, 'kei3', 2014, 5), zeimu.light_vehicle_tax(2026, 'kei3', 2010, 1)],
	ARRAY[3900, 3100, 4600]::bigint[], '三輪 3,900 / 3,100 / 4,600');
SELECT is(ARRAY[zeimu.light_vehicle_tax(2026, 'kei4_passenger_commercial', 2016, 1), zeimu.light_vehicle_tax(2026, 'kei4_passenger_commercial', 2014, 5),
	zeimu.light_vehicle_tax(2026, 'kei4_passenger_commercial', 2010, 1)], ARRAY[6900, 5500, 8200]::bigint[], '四輪乗用営業用 6,900 / 5,500 / 8,200');
SELECT is(ARRAY[zeimu.light_vehicle_tax(2026, 'kei4_goods_private', 2016, 1), zeimu.light_vehicle_tax(2026, 'kei4_goods_private', 2014, 5),
	zeimu.light_vehicle_tax(2026, 'kei4_goods_private', 2010, 1)], ARRAY[5000, 4000, 6000]::bigint[], '四輪貨物自家用 5,000 / 4,000 / 6,000');
SELECT is(ARRAY[zeimu.light_vehicle_tax(2026, 'kei4_goods_commercial', 2016, 1), zeimu.light_vehicle_tax(2026, 'kei4_goods_commercial', 2014, 5),
	zeimu.light_vehicle_tax(2026, 'kei4_goods_commercial', 2010, 1)], ARRAY[3800, 3000, 4500]::bigint[], '四輪貨物営業用 3,800 / 3,000 / 4,500');

-- ---- old / new boundary: 2015-03 old, 2015-04 new
SELECT is(zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', 2015, 3), 7200::bigint, '2015-03: old rate');
SELECT is(zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', 2015, 4), 10800::bigint, '2015-04: new rate');

-- ---- heavy rate: FY Y heavy iff 初度検査 <= (Y-13)年3月
SELECT is(zeimu.light_vehicle_tax(2025, 'kei4_passenger_private', 2012, 3), 12900::bigint, '2012-03 in FY2025: 2012-03 <= 2012-03, first heavy year');
SELECT is(zeimu.light_vehicle_tax(2024, 'kei4_passenger_private', 2012, 3), 7200::bigint, '2012-03 in FY2024: 2012-03 > 2011-03, the year before: old');
SELECT is(zeimu.light_vehicle_tax(2025, 'kei4_passenger_private', 2012, 4), 7200::bigint, '2012-04 in FY2025: not yet heavy');
SELECT is(zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', 2012, 4), 12900::bigint, '2012-04 in FY2026: 2012-04 <= 2013-03, heavy');

-- ---- year-only legacy values are read as December (改正法附則14条2項)
SELECT is(zeimu.light_vehicle_tax(2016, 'kei4_passenger_private', 2003, NULL), 7200::bigint, 'year-only 2003 = 2003-12 > 2003-03: FY2016 not heavy');
SELECT is(zeimu.light_vehicle_tax(2017, 'kei4_passenger_private', 2003, NULL), 12900::bigint, 'year-only 2003 = 2003-12 <= 2004-03: FY2017 heavy');
SELECT is(zeimu.light_vehicle_tax(2016, 'kei4_passenger_private', 2003, 1), 12900::bigint, 'the same year with month 1 is heavy already in FY2016');
SELECT throws_ok($$SELECT zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', 2004, NULL)$$, '22023', NULL, 'year-only value after 2003 -> 22023');

-- ---- heavy-rate exemptions (法附則30条)
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', 2005, 6, 'ev'), 7200::bigint, 'EV first inspected 2005: old rate, never heavy');
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', 2005, 6, 'hybrid_gasoline'), 7200::bigint, 'gasoline hybrid: not heavy');
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_goods_private', 2005, 6, 'gasoline', true), 4000::bigint, '被けん引車: not heavy');
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', 2005, 6, 'diesel'), 12900::bigint, 'diesel 2005: heavy');

-- ---- green reduction (軽課): only in the fiscal year after the first inspection
SELECT is(zeimu.light_vehicle_tax('121002', 2025, 'kei4_passenger_private', 2024, 6, 'ev', false, 75), 2700::bigint, 'EV 2024-06, FY2025: 75% 軽課 2,700');
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', 2024, 6, 'ev', false, 75), 10800::bigint, 'EV 2024-06, FY2026: standard 10,800');
SELECT is(zeimu.light_vehicle_tax('121002', 2025, 'kei4_passenger_private', 2024, 4, 'ev', false, 75), 2700::bigint, 'first month of FY2024 (2024-04): 軽課 in FY2025');
SELECT is(zeimu.light_vehicle_tax('121002', 2025, 'kei4_passenger_private', 2025, 3, 'ev', false, 75), 2700::bigint, 'last month of FY2024 (2025-03): 軽課 in FY2025');
SELECT is(zeimu.light_vehicle_tax('121002', 2025, 'kei4_passenger_private', 2024, 3, 'ev', false, 75), 10800::bigint, '2024-03 belongs to FY2023: no 軽課 in FY2025');
SELECT is(zeimu.light_vehicle_tax('121002', 2025, 'kei4_passenger_commercial', 2024, 6, 'gasoline', false, 50), 3500::bigint, '営業用乗用 50% 軽課 3,500');
SELECT is(zeimu.light_vehicle_rate_kind('121002', 2025, 'kei4_passenger_private', 2024, 6, 'ev', false, 75), 'green75', 'rate column green75');
SELECT is(zeimu.light_vehicle_rate_kind('121002', 2026, 'kei4_passenger_private', 2010, 1), 'heavy', 'rate column heavy');

-- ---- ordinance: own rate row, multiplier, and 減免
INSERT INTO zeimu.light_vehicle_rate VALUES ('121002', 'kei2', 'standard', 2026, 4000);
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei2', NULL, NULL), 4000::bigint, 'ordinance rate 4,000 for 軽二輪 in 121002');
INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis) VALUES ('112224', 'light_vehicle_multiplier', 2026, 12, 10, 'ratio', 'test');
SELECT is(zeimu.light_vehicle_tax('112224', 2026, 'kei4_passenger_private', 2016, 1), 12900::bigint, 'multiplier 1.2: 10,800 x 1.2 = 12,960 -> 12,900');
SELECT is(zeimu.light_vehicle_tax('112224', 2026, 'kei2', NULL, NULL), 4300::bigint, 'multiplier 1.2: 3,600 x 1.2 = 4,320 -> 4,300');
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', 2016, 1, 'gasoline', false, 0, 1), 0::bigint, '減免 full: 0');
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', 2016, 1, 'gasoline', false, 0, 0.5), 5400::bigint, '減免 1/2: 5,400');
SELECT is(zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', 2016, 1, 'gasoline', false, 0, 0.3333), 7200::bigint,
	'減免 0.3333: 10,800 - 3,599 = 7,201 -> 7,200');

-- ---- bad input
SELECT throws_ok($$SELECT zeimu.light_vehicle_tax(2026, 'kei4_sports', '2016-01-01'::date)$$, '22023', NULL, 'unknown class -> 22023');
SELECT throws_ok($$SELECT zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', '2026-04-02'::date)$$, '22023', NULL,
	'first inspection after 1 April of the FY -> 22023');
SELECT is(zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', '2026-04-01'::date), 10800::bigint, 'first inspection on 1 April: taxed');
SELECT throws_ok($$SELECT zeimu.light_vehicle_tax(2026, 'kei4_passenger_private', 2026, 5)$$, '22023', NULL, 'first inspection 2026-05 for FY2026 -> 22023');
SELECT throws_ok($$SELECT zeimu.light_vehicle_tax(2015, 'kei4_passenger_private', 2010, 1)$$, 'P0002', NULL, 'FY2015 before the rate table -> P0002');

SELECT * FROM finish();
ROLLBACK;
