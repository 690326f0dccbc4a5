-- demo: levy I — fixed asset, city planning and light vehicle tax arithmetic
SET search_path = public, zeimu;  -- zeimu.lg_code operators
\echo 'Chiba City (121002) sets its city planning tax rate to 0.3% by ordinance; the rest is the national standard.'
INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
VALUES ('121002', 'city_planning_rate', 2024, 3, 1000, 'ratio', '千葉市市税条例 (demo value)');
SELECT name, value, source_lg_code AS from_lg, from_fy, basis
  FROM zeimu.levy_parameters('121002', 2026)
 WHERE family = 'param' AND name = ANY (ARRAY['fixed_asset_rate', 'city_planning_rate', 'exemption_land',
       'res_small_ratio_fixed_asset', 'burden_res_increment', 'fixed_asset_installment_unit'])
 ORDER BY name;

\echo
\echo 'A 200 m2 house plot valued at 12,000,000 yen; last year''s tax base 1,500,000 (FA) / 3,000,000 (CPT).'
\echo 'Principal FA base = 12,000,000 x 1/6 = 2,000,000; burden adjustment: 1,500,000 + 5% x 2,000,000 = 1,600,000.'
SELECT zeimu.land_tax_base('121002', 2026, 'fixed_asset', 12000000, 1500000, 200, 200, 0) AS fa_land_base,
       zeimu.land_tax_base('121002', 2026, 'city_planning', 12000000, 3000000, 200, 200, 0) AS cpt_land_base;

\echo
\echo 'A new 150 m2 house (completed 2025-05-01, base 10,000,000): reduction = 140,000 x 120/150 x 1/2.'
SELECT zeimu.house_new_reduction('121002', 2026, 10000000, 150, 150, '2025-05-01') AS new_house_reduction;

\echo
\echo 'The taxpayer''s fixed asset and city planning tax for FY2026 (令和8年度):'
SELECT f.land_tax, f.house_tax, f.reduction, f.total AS fixed_asset_tax,
       c.total AS city_planning_tax
  FROM zeimu.fixed_asset_tax('121002', 2026, 1600000, 10000000, 0, 56000) f,
       zeimu.city_planning_tax('121002', 2026, 3200000, 10000000, 1600000, 10000000) c;

\echo
\echo 'Installments of the 146,000 yen levied together (106,400 + 39,600; 法702条の8):'
\echo '146,000 / 4 = 36,500 -> 36,000 per period, the rest (38,000) in the first; due dates moved off closed days.'
SELECT * FROM zeimu.installment_plan('121002', 2026, 'fixed_asset', 106400 + 39600);

\echo
\echo 'A machine bought for 1,000,000 yen in June 2025, useful life 5 years (rate 0.369), valued year by year:'
SELECT fy AS fiscal_year, zeimu.depreciable_value('121002', fy, 1000000, '2025-06-01', 5) AS value
  FROM generate_series(2026, 2034) fy;

\echo
\echo 'Light vehicle tax, FY2026 (令和8年度), passenger private 4-wheelers by first inspection:'
SELECT v.note, v.y AS insp_year, v.m AS insp_month, v.fuel,
       zeimu.light_vehicle_rate_kind('121002', 2026, 'kei4_passenger_private', v.y, v.m, v.fuel, false, v.g) AS rate_column,
       zeimu.light_vehicle_tax('121002', 2026, 'kei4_passenger_private', v.y, v.m, v.fuel, false, v.g) AS tax
  FROM (VALUES ('new rate', 2016, 1, 'gasoline', 0), ('old rate (<= 2015-03)', 2014, 5, 'gasoline', 0),
               ('13 years: heavy', 2013, 3, 'gasoline', 0), ('not yet heavy', 2013, 4, 'gasoline', 0),
               ('year-only legacy value', 2003, NULL, 'gasoline', 0), ('EV: never heavy', 2005, 6, 'ev', 0),
               ('EV first inspected in FY2025: green 75%', 2025, 6, 'ev', 75)) AS v(note, y, m, fuel, g);

\echo
\echo '---- The annual levy of a sample city (112224, city planning tax 0.25% by ordinance): 2,000 persons, about 6,700 parcels, 2,000 houses, 1,300 vehicles'
INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
VALUES ('112224', 'city_planning_rate', 2024, 25, 10000, 'ratio', 'sample city ordinance (demo value)');
-- with the registry installed its generator creates the persons and calls the
-- levy step (10/3 parcels, 1 house, 2/3 vehicle per person); without it the
-- levy generator uses atena numbers 1..2000
DO $$
BEGIN
	IF to_regproc('zeimu.generate_sample') IS NOT NULL THEN
		PERFORM zeimu.generate_sample('112224', 2000, 1);
	ELSE
		PERFORM zeimu.generate_levy_property_sample('112224', 2000, 6000, 2000, 1300, 1);
	END IF;
END
$$;
SELECT (SELECT count(*) FROM zeimu.land_parcel WHERE lg_code = '112224') AS parcels,
       (SELECT count(*) FROM zeimu.house WHERE lg_code = '112224') AS houses,
       (SELECT count(*) FROM zeimu.da_declaration WHERE lg_code = '112224') AS declarations,
       (SELECT count(*) FROM zeimu.vehicle WHERE lg_code = '112224') AS vehicles;
\echo 'CALL zeimu.levy_fixed_asset(''112224'', 2026): counts of what it did'
CALL zeimu.levy_fixed_asset('112224', 2026);
\echo 'Run again: idempotent, nothing new'
CALL zeimu.levy_fixed_asset('112224', 2026);
\echo 'CALL zeimu.levy_light_vehicle(''112224'', 2026)'
CALL zeimu.levy_light_vehicle('112224', 2026);

\echo
\echo 'Totals (概要調書 figures, no identifiers):'
SELECT * FROM zeimu.fa_summary_statistics('112224', 2026);
SELECT vehicle_class, rate_kind, vehicles, reduced, tax FROM zeimu.lv_summary_statistics('112224', 2026);

\echo
\echo 'A sample notice (納税通知書 data) for a co-owner group, addressed to its representative (name and address from the registry when installed):'
SELECT assessment_no, version, atena_no, addressee_name, address, co_owners, land_fa_base, house_fa_base, fa_total, cpt_total, total, period, due_date, amount
  FROM zeimu.fa_notice_data('112224', 2026,
       (SELECT atena_no FROM zeimu.fa_assessment WHERE lg_code = '112224' AND cardinality(owner_atena_nos) > 1 ORDER BY assessment_no LIMIT 1));

\echo
\echo 'A correction (更正): the valuation of one house is lowered by 10%; the assessment gets version 2, version 1 stays.'
UPDATE zeimu.house_valuation v SET price = price * 9 / 10
 WHERE v.lg_code = '112224' AND v.fiscal_year = 2026
   AND v.house_no = (SELECT r.house_no FROM zeimu.fa_house_result r WHERE r.lg_code = '112224' AND r.fiscal_year = 2026 ORDER BY r.house_no LIMIT 1);
SELECT zeimu.correct_fixed_asset('112224', 2026, a.assessment_no, '家屋評価の誤り (demo)') AS new_version
  FROM zeimu.fa_assessment a
  JOIN zeimu.fa_house_result r ON r.lg_code = a.lg_code AND r.fiscal_year = a.fiscal_year AND r.taxpayer_key = a.taxpayer_key
 WHERE a.lg_code = '112224' AND a.fiscal_year = 2026 AND a.version = 1
 ORDER BY r.house_no LIMIT 1;
SELECT assessment_no, version, kind, fa_total, cpt_total, total, reason, decided_on
  FROM zeimu.fa_assessment
 WHERE lg_code = '112224' AND assessment_no = (SELECT assessment_no FROM zeimu.fa_assessment WHERE kind = 'correction' LIMIT 1)
 ORDER BY version;
\echo 'A correction more than 5 years after the statutory due date is refused (地方税法第17条の5):'
\set ON_ERROR_STOP 0
SELECT zeimu.correct_fixed_asset('112224', 2026, (SELECT min(assessment_no) FROM zeimu.fa_assessment), 'too late', DATE '2031-05-01');
\set ON_ERROR_STOP 1
