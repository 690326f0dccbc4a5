-- fixed asset / city planning tax: land tax base (住宅用地の特例, 負担調整)
-- and the new-house reduction.  Every expected value is derived by hand.
BEGIN;
-- lg_code columns are zeimu.lg_code: its operators live in schema zeimu
SET LOCAL search_path = public, zeimu;
SELECT plan(55);

-- ---- residential land, fixed asset tax: price 12,000,000, 200 ㎡ all small
-- 本則 H = 12,000,000 x 1/6 = 2,000,000; increment H x 5% = 100,000; floor H x 20% = 400,000
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 2100000, 200, 200, 0), 2000000::bigint,
	'負担水準 105% >= 100%: 本則 2,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 2000000, 200, 200, 0), 2000000::bigint,
	'負担水準 exactly 100%: 本則 2,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 1500000, 200, 200, 0), 1600000::bigint,
	'負担水準 75%: 1,500,000 + 100,000 = 1,600,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 1950000, 200, 200, 0), 2000000::bigint,
	'1,950,000 + 100,000 = 2,050,000 capped at 本則 2,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 100000, 200, 200, 0), 400000::bigint,
	'100,000 + 100,000 = 200,000 raised to the 20% floor 400,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 300000, 200, 200, 0), 400000::bigint,
	'300,000 + 100,000 = 400,000 exactly the floor');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 300001, 200, 200, 0), 400001::bigint,
	'300,001 + 100,000 = 400,001 just above the floor');
-- city planning tax on the same parcel: H = 12,000,000 x 1/3 = 4,000,000; +5% = 200,000
SELECT is(zeimu.land_tax_base('121002', 2026, 'city_planning', 12000000, 3000000, 200, 200, 0), 3200000::bigint,
	'CPT small residential: 3,000,000 + 200,000 = 3,200,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'city_planning', 12000000, 5000000, 200, 200, 0), 4000000::bigint,
	'CPT small residential at 本則 4,000,000');
-- small + general: price 9,000,000, 300 ㎡ = 200 small + 100 general
-- small share 9,000,000 x 200/300 = 6,000,000, general 3,000,000
-- FA: 6,000,000/6 + 3,000,000/3 = 1,000,000 + 1,000,000 = 2,000,000
-- CPT: 6,000,000/3 + 3,000,000 x 2/3 = 2,000,000 + 2,000,000 = 4,000,000
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 9000000, 9000000, 300, 200, 100), 2000000::bigint,
	'FA small + general 本則 2,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'city_planning', 9000000, 9000000, 300, 200, 100), 4000000::bigint,
	'CPT small + general 本則 4,000,000');
-- yen truncation: 1,000,001 / 6 = 166,666.83 -> 166,666
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 1000001, 999999999, 100, 100, 0), 166666::bigint,
	'本則 truncated to the yen: 1,000,001 / 6 -> 166,666');
-- split with fractions: price 1,000,000 over 200 + 100 ㎡: small 666,666 (truncated), general 333,334
-- FA: 666,666/6 = 111,111 + 333,334/3 = 111,111.33 -> 111,111 => 222,222
-- CPT: 666,666/3 = 222,222 + 333,334 x 2/3 = 222,222.67 -> 222,222 => 444,444
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 1000000, 999999999, 300, 200, 100), 222222::bigint,
	'FA split price truncation: 111,111 + 111,111');
SELECT is(zeimu.land_tax_base('121002', 2026, 'city_planning', 1000000, 999999999, 300, 200, 100), 444444::bigint,
	'CPT split price truncation: 222,222 + 222,222');

-- ---- 商業地等 (no residential area), A = price 10,000,000
-- cap 70% = 7,000,000; hold band 60-70%; increment 5% = 500,000; 60% = 6,000,000; floor 20% = 2,000,000
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 7500000, 400), 7000000::bigint,
	'負担水準 75% > 70%: A x 70% = 7,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 7000001, 400), 7000000::bigint,
	'負担水準 just above 70%: lowered to 7,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 7000000, 400), 7000000::bigint,
	'負担水準 exactly 70%: held at 7,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 6500000, 400), 6500000::bigint,
	'負担水準 65%: held (据置) at 6,500,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 6000000, 400), 6000000::bigint,
	'負担水準 exactly 60%: held at 6,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 5999999, 400), 6000000::bigint,
	'負担水準 just below 60%: 5,999,999 + 500,000 capped at 6,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 4000000, 400), 4500000::bigint,
	'負担水準 40%: 4,000,000 + 500,000 = 4,500,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 1000000, 400), 2000000::bigint,
	'負担水準 10%: 1,500,000 raised to the 20% floor 2,000,000');
SELECT is(zeimu.land_tax_base('121002', 2026, 'fixed_asset', 10000000, 1500000, 400), 2000000::bigint,
	'負担水準 15%: 2,000,000 exactly the floor');
SELECT is(zeimu.land_tax_base('121002', 2026, 'city_planning', 10000000, 4000000, 400), 4500000::bigint,
	'CPT 商業地等 uses the same bands: 4,500,000');

-- the one-call kernel agrees with the two-step kernels on residential, mixed and 商業地等 parts
SELECT ok((SELECT bool_and(zeimu.fa_land_base(p, 30000, s, g, q, 1, 6, 1, 3, 5, 100, 20, 100, 70, 100, 60, 100, 5, 100, 20, 100)
	= zeimu.fa_land_adjusted(zeimu.fa_land_principal(p, 30000, s, g, 1, 6, 1, 3), q, s + g > 0, 5, 100, 20, 100, 70, 100, 60, 100, 5, 100, 20, 100))
	FROM generate_series(1000000, 50000000, 4900001) p, generate_series(0, 20000000, 1000000) q,
	     (VALUES (0::bigint, 0::bigint), (20000, 10000), (30000, 0)) AS sg(s, g)), 'fa_land_base = fa_land_adjusted(fa_land_principal(...))');

-- ---- bad input
SELECT throws_ok($$SELECT zeimu.land_tax_base('121002', 2026, 'fixed_asset', 1000000, 0, -1)$$, '22023', NULL, 'negative area -> 22023');
SELECT throws_ok($$SELECT zeimu.land_tax_base('121002', 2026, 'fixed_asset', -1, 0, 100)$$, '22023', NULL, 'negative price -> 22023');
SELECT throws_ok($$SELECT zeimu.land_tax_base('121002', 2026, 'fixed_asset', 1000000, 0, 0)$$, '22023', NULL, 'zero area -> 22023');
SELECT throws_ok($$SELECT zeimu.land_tax_base('121002', 2026, 'fixed_asset', 1000000, 0, 300, 200, 50)$$, '22023', NULL,
	'residential areas not covering the part -> 22023');
SELECT throws_ok($$SELECT zeimu.land_tax_base('121002', 2026, 'fixed_asset', 1000000, 0, 100.001)$$, '22023', NULL, 'area with 3 decimals -> 22023');
SELECT throws_ok($$SELECT zeimu.land_tax_base('121002', 2026, 'property', 1000000, 0, 100)$$, '22023', NULL, 'unknown tax -> 22023');
SELECT throws_ok($$SELECT zeimu.land_tax_base('121002', 2026, 'fixed_asset', NULL, 0, 100)$$, '22004', NULL, 'NULL price -> 22004');

-- ---- residential split: 200 ㎡ per dwelling small, residential land at most 10 x floor area
SELECT is((SELECT (small_residential_area, general_residential_area, non_residential_area)::text
	FROM zeimu.land_residential_split('121002', 2026, 500, 1, 120)), '(200,300,0)', '500 ㎡, 1 dwelling, 120 ㎡ house: 200 small + 300 general');
SELECT is((SELECT (small_residential_area, general_residential_area, non_residential_area)::text
	FROM zeimu.land_residential_split('121002', 2026, 500, 1, 30)), '(200,100,200)', 'house of 30 ㎡: residential land 300 ㎡, 200 non-residential');
SELECT is((SELECT (small_residential_area, general_residential_area, non_residential_area)::text
	FROM zeimu.land_residential_split('121002', 2026, 500, 3, 300)), '(500,0,0)', '3 dwellings: 600 ㎡ small allowance covers 500');
SELECT is((SELECT (small_residential_area, general_residential_area, non_residential_area)::text
	FROM zeimu.land_residential_split('121002', 2026, 500, 0, 0)), '(0,0,500)', 'no dwelling: all non-residential');

-- ---- new-house reduction (法附則15条の6): base 10,000,000 -> tax 10,000,000 x 1.4% = 140,000
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 120, 120, '2025-05-01'), 70000::bigint,
	'120 ㎡ (at the cap): 140,000 x 1/2 = 70,000');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 150, 150, '2025-05-01'), 56000::bigint,
	'150 ㎡: 140,000 x 120/150 x 1/2 = 56,000');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 120.01, 120.01, '2025-05-01'), 69994::bigint,
	'120.01 ㎡: 140,000 x 12000/12001 / 2 = 69,994.17 -> 69,994');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 280, 280, '2025-05-01'), 30000::bigint,
	'280 ㎡ (upper limit): 140,000 x 120/280 / 2 = 30,000');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 280.01, 280.01, '2025-05-01'), 0::bigint, '280.01 ㎡: not eligible');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 50, 50, '2025-05-01'), 70000::bigint, '50 ㎡ (lower limit): 70,000');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 49.99, 49.99, '2025-05-01'), 0::bigint, '49.99 ㎡: not eligible');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 100, 50, '2025-05-01'), 35000::bigint,
	'併用住宅, residential exactly 1/2: 140,000 x 50/100 / 2 = 35,000');
SELECT is(zeimu.house_new_reduction('121002', 2026, 10000000, 100, 49.99, '2025-05-01'), 0::bigint, 'residential share below 1/2: none');
-- years: completed 2025-05-01 -> first taxed FY2026; 3 years = FY2026..2028
SELECT is(zeimu.house_new_reduction('121002', 2028, 10000000, 120, 120, '2025-05-01'), 70000::bigint, 'last (3rd) year FY2028: reduced');
SELECT is(zeimu.house_new_reduction('121002', 2029, 10000000, 120, 120, '2025-05-01'), 0::bigint, 'FY2029: period over');
-- completed on 1 January is held on the 賦課期日: first year FY2025, last FY2027
SELECT is(zeimu.house_new_reduction('121002', 2027, 10000000, 120, 120, '2025-01-01'), 70000::bigint, 'completed 2025-01-01: FY2027 is the 3rd year');
SELECT is(zeimu.house_new_reduction('121002', 2028, 10000000, 120, 120, '2025-01-01'), 0::bigint, 'completed 2025-01-01: FY2028 is over');
-- 3-storey fire-resistant: 5 years = FY2026..2030
SELECT is(zeimu.house_new_reduction('121002', 2030, 10000000, 120, 120, '2025-05-01', true), 70000::bigint, 'fire-resistant: 5th year FY2030 reduced');
SELECT is(zeimu.house_new_reduction('121002', 2031, 10000000, 120, 120, '2025-05-01', true), 0::bigint, 'fire-resistant: FY2031 over');
-- construction deadline 2026-03-31
SELECT is(zeimu.house_new_reduction('121002', 2027, 10000000, 120, 120, '2026-03-31'), 70000::bigint, 'completed on the deadline 2026-03-31: reduced');
SELECT is(zeimu.house_new_reduction('121002', 2027, 10000000, 120, 120, '2026-04-01'), 0::bigint, 'completed after the deadline: none');
SELECT throws_ok($$SELECT zeimu.house_new_reduction('121002', 2026, 10000000, 120, 120, '2026-01-02')$$, '22023', NULL,
	'house completed after the 賦課期日 -> 22023');
SELECT throws_ok($$SELECT zeimu.house_new_reduction('121002', 2026, 10000000, 100, 120, '2025-05-01')$$, '22023', NULL,
	'residential area larger than floor area -> 22023');

SELECT * FROM finish();
ROLLBACK;
