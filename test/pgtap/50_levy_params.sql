-- levy parameters: national standard rows (lg_code 000000), municipal
-- overrides, statutory limits, the 減価率 table, which set applies.
BEGIN;
-- lg_code columns are zeimu.lg_code: its operators live in schema zeimu
SET LOCAL search_path = public, zeimu;
SELECT plan(27);

-- national standard values (domain_rules §3.1, §3.2, §3.5)
SELECT is(zeimu.levy_param('121002', 2026, 'fixed_asset_rate'), 0.014, 'FA rate 1.4% (法350条)');
SELECT is(zeimu.levy_param('121002', 2026, 'exemption_land'), 300000::numeric, 'land 免税点 ¥300,000 (法351条)');
SELECT is(zeimu.levy_param('121002', 2026, 'exemption_house'), 200000::numeric, 'house 免税点 ¥200,000');
SELECT is(zeimu.levy_param('121002', 2026, 'exemption_depreciable'), 1500000::numeric, 'depreciable 免税点 ¥1,500,000');
SELECT is((SELECT (num, den)::text FROM zeimu.levy_param_frac('121002', 2026, 'res_small_ratio_fixed_asset')), '(1,6)', 'small residential FA ratio is exactly 1/6');
SELECT is((SELECT (num, den)::text FROM zeimu.levy_param_frac('121002', 2026, 'res_general_ratio_city_planning')), '(2,3)', 'general residential CPT ratio is exactly 2/3');

-- a municipality row wins over the national row
INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
VALUES ('121002', 'fixed_asset_rate', 2024, 15, 1000, 'ratio', 'test ordinance (超過税率)');
SELECT is(zeimu.levy_param('121002', 2026, 'fixed_asset_rate'), 0.015, 'municipal rate 1.5% wins for 121002');
SELECT is(zeimu.levy_param('112224', 2026, 'fixed_asset_rate'), 0.014, 'another municipality keeps the national 1.4%');
SELECT is((zeimu.levy_param_frac('121002', 2026, 'fixed_asset_rate')).source_lg_code, '121002', 'source of the resolved rate is the municipality');
-- an ordinance row from a later year applies only from that year
INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
VALUES ('121002', 'fixed_asset_installment_unit', 2027, 100, 1, 'yen', 'test ordinance: ¥100 unit');
SELECT is(zeimu.levy_param('121002', 2026, 'fixed_asset_installment_unit'), 1000::numeric, 'FY2026: national ¥1,000 unit');
SELECT is(zeimu.levy_param('121002', 2027, 'fixed_asset_installment_unit'), 100::numeric, 'FY2027: the ordinance ¥100 unit');
SELECT is((SELECT source_lg_code FROM zeimu.levy_parameters('121002', 2026) WHERE name = 'fixed_asset_rate'), '121002',
	'levy_parameters shows where the applied rate comes from');

-- no parameter for a year before the seeds, and no national CPT rate
SELECT throws_ok($$SELECT zeimu.levy_param('121002', 2023, 'exemption_land')$$, 'P0002', NULL, 'no parameter for FY2023 -> P0002');
SELECT throws_ok($$SELECT zeimu.levy_param('112224', 2026, 'city_planning_rate')$$, 'P0002', NULL, 'CPT rate must be set by the municipality -> P0002');

-- CPT rate limit 0.3% (法702条の4): 0.31% refused, 0.3% and 0.25% accepted
SELECT throws_ok($$INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
	VALUES ('121002', 'city_planning_rate', 2024, 31, 10000, 'ratio', 'x')$$, '23514', NULL, 'CPT rate 0.31% > 0.3% refused');
SELECT lives_ok($$INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
	VALUES ('121002', 'city_planning_rate', 2024, 3, 1000, 'ratio', 'x')$$, 'CPT rate exactly 0.3% accepted');
SELECT lives_ok($$INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
	VALUES ('112224', 'city_planning_rate', 2024, 25, 10000, 'ratio', 'x')$$, 'CPT rate 0.25% accepted');

-- 減価率 table: the three rates of domain_rules §3.5
SELECT is(zeimu.depreciation_rate_of('000000', 2026, 5), 0.369, '5年 0.369');
SELECT is(zeimu.depreciation_rate_of('000000', 2026, 10), 0.206, '10年 0.206');
SELECT is(zeimu.depreciation_rate_of('000000', 2026, 15), 0.142, '15年 0.142');
SELECT is((SELECT count(*) FROM zeimu.depreciation_rate WHERE lg_code = '000000'), 49::bigint, 'useful lives 2..50 seeded');
-- r = 1 - 0.1^(1/n) rounded to 3 decimals matches the official table except 24 and 34 years
SELECT is((SELECT array_agg(useful_life ORDER BY useful_life) FROM zeimu.depreciation_rate
	WHERE lg_code = '000000' AND rate <> round(1 - power(0.1::numeric, 1::numeric / useful_life), 3)),
	ARRAY[24, 34], 'formula 1-0.1^(1/n) reproduces the table except 24年 (0.092) and 34年 (0.066)');

-- light vehicle: every statutory row has a class code; ordinance rate limit 1.5x
SELECT is((SELECT count(*) FROM zeimu.light_vehicle_class WHERE lg_code = '000000'), 16::bigint, '16 light vehicle class codes');
SELECT throws_ok($$INSERT INTO zeimu.light_vehicle_rate VALUES ('121002', 'kei4_passenger_private', 'standard', 2026, 16201)$$,
	'23514', NULL, 'ordinance rate 16,201 > 1.5 x 10,800 = 16,200 refused');
SELECT lives_ok($$INSERT INTO zeimu.light_vehicle_rate VALUES ('121002', 'kei4_passenger_private', 'standard', 2026, 16200)$$,
	'ordinance rate exactly 1.5 x 10,800 accepted');
SELECT throws_ok($$INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
	VALUES ('112224', 'light_vehicle_multiplier', 2026, 16, 10, 'ratio', 'x')$$, '23514', NULL, 'multiplier 1.6 refused');

-- the installment schedule of a municipality replaces the national set
INSERT INTO zeimu.installment_schedule VALUES
	('121002', 'fixed_asset', 2026, 1, 5, 31, 0), ('121002', 'fixed_asset', 2026, 2, 9, 30, 0), ('121002', 'fixed_asset', 2026, 3, 1, 31, 1);
SELECT is((SELECT array_agg(due_month ORDER BY period) FROM zeimu.installment_schedule_for('121002', 2026, 'fixed_asset')),
	ARRAY[5, 9, 1], 'municipal 3-period schedule replaces the national 4 periods');

SELECT * FROM finish();
ROLLBACK;
