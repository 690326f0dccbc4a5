-- fixed asset tax: depreciable-asset valuation, 免税点 per category, the
-- rounding steps of 地方税法第20条の4の2, the city planning tax.
BEGIN;
-- lg_code columns are zeimu.lg_code: its operators live in schema zeimu
SET LOCAL search_path = public, zeimu;
SELECT plan(33);

-- ---- depreciable assets: cost 1,000,000, useful life 5 (r = 0.369)
-- year 1: 1,000,000 x (1 - 0.369/2) = 1,000,000 x 0.8155 = 815,500
SELECT is(zeimu.depreciable_value('121002', 2026, 1000000, '2025-06-01', 5), 815500::bigint, 'year 1 (half-year): 815,500');
-- year 2: 815,500 x 0.631 = 514,580.5 -> 514,580
SELECT is(zeimu.depreciable_value('121002', 2027, 1000000, '2025-06-01', 5), 514580::bigint, 'year 2: 815,500 x 0.631 = 514,580.5 -> 514,580');
-- year 3: 514,580 x 0.631 = 324,699.98 -> 324,699 (each year truncated, not once at the end)
SELECT is(zeimu.depreciable_value('121002', 2028, 1000000, '2025-06-01', 5), 324699::bigint, 'year 3: 514,580 x 0.631 = 324,699.98 -> 324,699');
-- years 4..7: 204,885; 129,282; 81,576; 51,474; year 8 would be 32,480 < floor 50,000
SELECT is(zeimu.depreciable_value('121002', 2032, 1000000, '2025-06-01', 5), 51474::bigint, 'year 7: 81,576 x 0.631 = 51,474.46 -> 51,474 (above floor)');
SELECT is(zeimu.depreciable_value('121002', 2033, 1000000, '2025-06-01', 5), 50000::bigint, 'year 8: 32,480 < 5% floor -> 50,000');
SELECT is(zeimu.depreciable_value('121002', 2060, 1000000, '2025-06-01', 5), 50000::bigint, 'year 35: still the 5% floor');
SELECT is(zeimu.depreciable_value('121002', 2026, 1000000, '2025-06-01', 10), 897000::bigint, '10 years: 1 - 0.206/2 = 0.897 -> 897,000');
SELECT is(zeimu.depreciable_value('121002', 2026, 1000000, '2025-06-01', 15), 929000::bigint, '15 years: 1 - 0.142/2 = 0.929 -> 929,000');
SELECT is(zeimu.depreciable_value('121002', 2026, 123457, '2025-06-01', 5), 100679::bigint, '123,457 x 0.8155 = 100,679.18 -> 100,679');
-- the 賦課期日 is 1 January: acquired 2025-01-01 is first taxed in FY2025, 2025-01-02 in FY2026
SELECT is(zeimu.depreciable_value('121002', 2025, 1000000, '2025-01-01', 5), 815500::bigint, 'acquired on 1 January 2025: first year FY2025');
SELECT is(zeimu.depreciable_value('121002', 2026, 1000000, '2025-01-01', 5), 514580::bigint, 'acquired on 1 January 2025: FY2026 is year 2');
SELECT throws_ok($$SELECT zeimu.depreciable_value('121002', 2025, 1000000, '2025-01-02', 5)$$, '22023', NULL,
	'acquired 2 January 2025, FY2025 -> 22023 (not held on the 賦課期日)');
SELECT throws_ok($$SELECT zeimu.depreciable_value('121002', 2026, 1000000, '2025-06-01', 51)$$, '22023', NULL, 'useful life 51 -> 22023');
SELECT throws_ok($$SELECT zeimu.depreciable_value('121002', 2026, -1, '2025-06-01', 5)$$, '22023', NULL, 'negative cost -> 22023');

-- ---- 免税点 per category (法351条), at / below / above, with the ¥1,000 and ¥100 steps
-- land 300,000 x 1.4% = 4,200
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 299999, 0, 0)).total, 0::bigint, 'land 299,999: below 免税点, no tax');
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 300000, 0, 0)).total, 4200::bigint, 'land 300,000: at 免税点, 4,200');
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 300999, 0, 0)).total, 4200::bigint, 'land 300,999 -> base 300,000 -> 4,200');
-- house 200,000 x 1.4% = 2,800
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 0, 199999, 0)).total, 0::bigint, 'house 199,999: no tax');
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 0, 200000, 0)).total, 2800::bigint, 'house 200,000: 2,800');
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 0, 201000, 0)).total, 2800::bigint, 'house 201,000: 2,814 -> 2,800');
-- depreciable 1,500,000 x 1.4% = 21,000
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 0, 0, 1499999)).total, 0::bigint, 'depreciable 1,499,999: no tax');
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 0, 0, 1500000)).total, 21000::bigint, 'depreciable 1,500,000: 21,000');
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 0, 0, 1571428)).total, 21900::bigint, 'depreciable 1,571,428 -> 1,571,000 x 1.4% = 21,994 -> 21,900');
-- thresholds are per category: land below + house above
SELECT is((SELECT (land_tax, house_tax, total)::text FROM zeimu.fixed_asset_tax('121002', 2026, 299999, 200000, 0)),
	'(0,2800,2800)', 'land exempt, house taxed: each category on its own');
-- every rounding step: land 1,234,567 -> 1,234,000 x 1.4% = 17,276; house 2,345,678 -> 2,345,000 x 1.4% = 32,830
-- sum 50,106 -> 50,100
SELECT is((SELECT (land_tax, house_tax, depreciable_tax, total)::text FROM zeimu.fixed_asset_tax('121002', 2026, 1234567, 2345678, 0)),
	'(17276,32830,0,50100)', '¥1,000 base truncation, yen tax per category, ¥100 on the total');
-- new-house reduction subtracted before the ¥100 step: 140,000 - 56,000 = 84,000
SELECT is((zeimu.fixed_asset_tax('121002', 2026, 0, 10000000, 0, 56000)).total, 84000::bigint, 'house 140,000 less reduction 56,000 = 84,000');
SELECT is((SELECT (reduction, total)::text FROM zeimu.fixed_asset_tax('121002', 2026, 0, 199999, 0, 5000)),
	'(0,0)', 'a reduction never exceeds the house tax (exempt house: reduction 0)');
SELECT throws_ok($$SELECT zeimu.fixed_asset_tax('121002', 2026, -1, 0, 0)$$, '22023', NULL, 'negative base -> 22023');

-- ---- city planning tax: 121002 sets 0.3%, 112224 sets 0.25%
INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis) VALUES
	('121002', 'city_planning_rate', 2024, 3, 1000, 'ratio', 'test ordinance'),
	('112224', 'city_planning_rate', 2024, 25, 10000, 'ratio', 'test ordinance');
-- land 1,234,000 x 0.3% = 3,702; house 2,345,000 x 0.3% = 7,035; sum 10,737 -> 10,700
SELECT is((zeimu.city_planning_tax('121002', 2026, 1234567, 2345678, 1234567, 2345678)).total, 10700::bigint, 'CPT 0.3%: 3,702 + 7,035 = 10,737 -> 10,700');
-- 0.25%: 1,234,000 x 25/10000 = 3,085 -> 3,000
SELECT is((zeimu.city_planning_tax('112224', 2026, 1234567, 0, 1234567, 0)).total, 3000::bigint, 'CPT 0.25%: 3,085 -> 3,000');
-- 免税点 follows the fixed asset tax base: CPT base 150,000, FA base 299,999 -> exempt; 300,000 -> 150,000 x 0.3% = 450 -> 400
SELECT is((zeimu.city_planning_tax('121002', 2026, 150000, 0, 299999, 0)).total, 0::bigint, 'CPT not levied where FA land is below 免税点');
SELECT is((zeimu.city_planning_tax('121002', 2026, 150000, 0, 300000, 0)).total, 400::bigint, 'CPT levied where FA land is at 免税点: 450 -> 400');
SELECT throws_ok($$SELECT zeimu.city_planning_tax('131016', 2026, 150000, 0, 300000, 0)$$, 'P0002', NULL,
	'municipality without a CPT rate -> P0002');

SELECT * FROM finish();
ROLLBACK;
