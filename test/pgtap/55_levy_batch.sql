-- annual batches, co-ownership, idempotency, corrections and their period,
-- notices, 縦覧帳簿, 概要調書, append-only history, needs-inquiry imports.
-- A small city whose every figure is derived by hand below.
BEGIN;
-- lg_code columns are zeimu.lg_code: its operators live in schema zeimu
SET LOCAL search_path = public, zeimu;
SELECT plan(51);

INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
VALUES ('121002', 'city_planning_rate', 2024, 3, 1000, 'ratio', 'test ordinance 0.3%');
-- with the registry installed, owners must be persons (foreign keys)
DO $$
BEGIN
	IF to_regclass('zeimu.person') IS NOT NULL THEN
		EXECUTE $q$INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('121002', '千葉市', '千葉県') ON CONFLICT DO NOTHING$q$;
		EXECUTE $q$INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('121002', 'T1', '市税事務所', 'tax_office')$q$;
		EXECUTE $q$INSERT INTO zeimu.person (lg_code, atena_no, name, office_code) SELECT '121002', n, 'テスト' || n, 'T1' FROM generate_series(1001, 1005) n$q$;
	END IF;
END
$$;

-- taxpayers: A 1001, B 1002, C 1003 (B and C co-own P2; C is the representative), D 1004, E 1005
INSERT INTO zeimu.land_parcel (lg_code, parcel_no, location, land_category, registered_area) VALUES
	('121002', 'P1', '中央1丁目', '宅地', 200), ('121002', 'P2', '中央2丁目', '宅地', 100), ('121002', 'P3', '若葉1丁目', '田', 1000);
INSERT INTO zeimu.land_part (lg_code, parcel_no, part_no, area, small_residential_area, general_residential_area) VALUES
	('121002', 'P1', 1, 200, 200, 0), ('121002', 'P2', 1, 100, 0, 0), ('121002', 'P3', 1, 1000, 0, 0);
INSERT INTO zeimu.land_valuation (lg_code, parcel_no, part_no, fiscal_year, base_year, price, prev_fa_base, prev_cpt_base) VALUES
	('121002', 'P1', 1, 2026, 2024, 12000000, 1500000, 3000000),
	('121002', 'P2', 1, 2026, 2024, 10000000, 4000000, 4000000),
	('121002', 'P3', 1, 2026, 2024, 250000, 250000, 250000);
INSERT INTO zeimu.land_owner (lg_code, parcel_no, atena_no, acquired_on, share_num, share_den, representative) VALUES
	('121002', 'P1', 1001, '2010-01-01', 1, 1, false),
	('121002', 'P2', 1002, '2010-01-01', 1, 2, false), ('121002', 'P2', 1003, '2010-01-01', 1, 2, true),
	('121002', 'P3', 1004, '2010-01-01', 1, 1, false),
	('121002', 'P3', 1005, '2000-01-01', 1, 1, false);  -- E sold P3 in 2020: not an owner on 1 January 2026
UPDATE zeimu.land_owner SET lost_on = '2020-01-01' WHERE atena_no = 1005;
INSERT INTO zeimu.house (lg_code, house_no, location, parcel_no, structure, floor_area, residential_area, built_on) VALUES
	('121002', 'H1', '中央1丁目', 'P1', '木造', 150, 150, '2025-05-01');
INSERT INTO zeimu.house_valuation VALUES ('121002', 'H1', 2026, 10000000);
INSERT INTO zeimu.house_owner (lg_code, house_no, atena_no, acquired_on) VALUES ('121002', 'H1', 1001, '2025-05-01');
INSERT INTO zeimu.da_filer VALUES ('121002', 1002, 2020, NULL), ('121002', 1005, 2020, NULL);
INSERT INTO zeimu.da_declaration VALUES ('121002', 2026, 1002, '2026-02-03', 'eltax', true);
INSERT INTO zeimu.da_asset_line VALUES ('121002', 2026, 1002, 1, '機械装置', 2000000, '2025-06-01', 5);

-- A:   land P1: 12,000,000 x 1/6 = 2,000,000; 1,500,000 + 100,000 = 1,600,000 -> FA 22,400
--      CPT: 12,000,000 x 1/3 = 4,000,000; 3,000,000 + 200,000 = 3,200,000 -> 9,600
--      house H1 10,000,000 -> FA 140,000, reduction 140,000 x 120/150 / 2 = 56,000; CPT 30,000
--      FA 22,400 + 140,000 - 56,000 = 106,400; CPT 39,600; total 146,000
--      installments: 146,000 / 4 = 36,500 -> 36,000; first 146,000 - 108,000 = 38,000
-- B+C: P2 商業地等 負担水準 40%: 4,000,000 + 500,000 = 4,500,000 -> FA 63,000, CPT 13,500; total 76,500
--      76,500 / 4 = 19,125 -> 19,000; first 76,500 - 57,000 = 19,500
-- B:   depreciable 2,000,000 x (1 - 0.369/2) = 1,631,000 >= 1,500,000 -> 1,631,000 x 1.4% = 22,834 -> 22,800
--      22,800 / 4 = 5,700 -> 5,000; first 7,800
-- D:   P3 負担水準 100% > 70%: 250,000 x 70% = 175,000 < 免税点 300,000 -> exempt, no assessment
CALL zeimu.levy_fixed_asset('121002', 2026);
SELECT is((SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
	AND classid::bigint = (hashtext('zeimu.levy_fixed_asset')::bigint & 4294967295)
	AND objid::bigint = (hashtext('121002/2026')::bigint & 4294967295)), 1::bigint,
	'the run holds its advisory lock (municipality, year) until its transaction ends');
SELECT is((SELECT count(*) FROM zeimu.fa_assessment WHERE lg_code = '121002' AND fiscal_year = 2026), 3::bigint,
	'three assessments: A, the co-owner group B+C, B alone (D is below 免税点)');
SELECT is((SELECT (fa_total, cpt_total, total, house_reduction)::text FROM zeimu.fa_assessment WHERE taxpayer_key = '1001'),
	'(106400,39600,146000,56000)', 'A: FA 106,400, CPT 39,600, total 146,000, reduction 56,000');
SELECT is((SELECT array_agg(amount ORDER BY period) FROM zeimu.fa_installment i JOIN zeimu.fa_assessment a USING (lg_code, fiscal_year, assessment_no, version)
	WHERE a.taxpayer_key = '1001'), ARRAY[38000, 36000, 36000, 36000]::bigint[], 'A: installments 38,000 + 3 x 36,000');
SELECT is((SELECT array_agg(due_date ORDER BY period) FROM zeimu.fa_installment i JOIN zeimu.fa_assessment a USING (lg_code, fiscal_year, assessment_no, version)
	WHERE a.taxpayer_key = '1001'), ARRAY['2026-04-30', '2026-07-31', '2026-12-25', '2027-03-01']::date[], 'A: due dates, Sunday 2027-02-28 moved');
SELECT is((SELECT (atena_no, owner_atena_nos, fa_total, cpt_total, total)::text FROM zeimu.fa_assessment WHERE taxpayer_key = '1002,1003'),
	'(1003,"{1002,1003}",63000,13500,76500)', 'co-owned P2: one assessment to the group, addressed to the representative 1003');
SELECT is((SELECT array_agg(amount ORDER BY period) FROM zeimu.fa_installment i JOIN zeimu.fa_assessment a USING (lg_code, fiscal_year, assessment_no, version)
	WHERE a.taxpayer_key = '1002,1003'), ARRAY[19500, 19000, 19000, 19000]::bigint[], 'group installments 19,500 + 3 x 19,000');
SELECT is((SELECT (depreciable_base, fa_total, total)::text FROM zeimu.fa_assessment WHERE taxpayer_key = '1002'),
	'(1631000,22800,22800)', 'B alone: depreciable 1,631,000 -> 22,800');
SELECT is((SELECT count(*) FROM zeimu.fa_assessment WHERE 1004 = ANY (owner_atena_nos) OR 1005 = ANY (owner_atena_nos)), 0::bigint,
	'D below 免税点 and E (sold before 1 January) get nothing');
SELECT is((SELECT (fa_base, cpt_base)::text FROM zeimu.fa_land_result WHERE parcel_no = 'P3'), '(175000,175000)', 'P3 base 175,000 recorded');

-- idempotent: a re-run creates nothing
CREATE TEMP TABLE rerun (taxpayers bigint, created bigint, already_levied bigint, exempt bigint);
DO $$ DECLARE t bigint; c bigint; a bigint; e bigint;
BEGIN CALL zeimu.levy_fixed_asset('121002', 2026, t, c, a, e); INSERT INTO rerun VALUES (t, c, a, e); END $$;
SELECT is((SELECT (taxpayers, created, already_levied, exempt)::text FROM rerun), '(4,0,3,1)', 're-run: 4 taxpayers, 0 created, 3 already levied, 1 exempt');

-- correction (更正): H1 price corrected to 9,000,000
-- house FA 126,000, reduction 126,000 x 120/150 / 2 = 50,400; FA 22,400 + 126,000 - 50,400 = 98,000
-- CPT 9,600 + 27,000 = 36,600; total 134,600
UPDATE zeimu.house_valuation SET price = 9000000 WHERE house_no = 'H1';
SELECT is(zeimu.correct_fixed_asset('121002', 2026, (SELECT assessment_no FROM zeimu.fa_assessment WHERE taxpayer_key = '1001'),
	'house price corrected'), 2, 'correction (dated today) creates version 2');
SELECT is((SELECT (version, kind, fa_total, cpt_total, total, reason)::text FROM zeimu.fa_assessment_current WHERE taxpayer_key = '1001'),
	'(2,correction,98000,36600,134600,"house price corrected")', 'current version: 134,600 with its reason');
SELECT is((SELECT total FROM zeimu.fa_assessment WHERE taxpayer_key = '1001' AND version = 1), 146000::bigint, 'version 1 is kept unchanged');
SELECT is((SELECT array_agg(amount ORDER BY period) FROM zeimu.fa_installment i JOIN zeimu.fa_assessment_current a USING (lg_code, fiscal_year, assessment_no, version)
	WHERE a.taxpayer_key = '1001'), ARRAY[35600, 33000, 33000, 33000]::bigint[], 'corrected installments: 134,600/4 = 33,650 -> 33,000; first 35,600');
SELECT throws_ok($$UPDATE zeimu.fa_assessment SET total = 0 WHERE taxpayer_key = '1001'$$, '42501', NULL, 'assessments are never updated in place');
SELECT throws_ok($$DELETE FROM zeimu.fa_installment$$, '42501', NULL, 'installments are never deleted');

-- 法17条の5: 法定納期限 2026-04-30; 5 years -> until 2031-04-30; 7 years (extended) -> until 2033-04-30
SELECT lives_ok($$SELECT zeimu.levy_check_correction_period('121002', 2026, '2026-04-30', '2031-04-30', false)$$, 'correction on the last day of 5 years');
SELECT throws_ok($$SELECT zeimu.levy_check_correction_period('121002', 2026, '2026-04-30', '2031-05-01', false)$$, '55000', NULL, 'one day after 5 years -> 55000');
SELECT lives_ok($$SELECT zeimu.levy_check_correction_period('121002', 2026, '2026-04-30', '2033-04-30', true)$$, 'extended case: last day of 7 years');
SELECT throws_ok($$SELECT zeimu.levy_check_correction_period('121002', 2026, '2026-04-30', '2033-05-01', true)$$, '55000', NULL, 'after 7 years -> 55000');
SELECT throws_ok($$SELECT zeimu.correct_fixed_asset('121002', 2026, (SELECT assessment_no FROM zeimu.fa_assessment WHERE taxpayer_key = '1002'), 'late', '2031-05-01')$$,
	'55000', NULL, 'correct_fixed_asset refuses a correction past the period');
SELECT throws_ok($$SELECT zeimu.correct_fixed_asset('121002', 2026, (SELECT assessment_no FROM zeimu.fa_assessment WHERE taxpayer_key = '1002'), '')$$,
	'22004', NULL, 'a correction needs a reason');
SELECT throws_ok($$SELECT zeimu.correct_fixed_asset('121002', 2026, (SELECT assessment_no FROM zeimu.fa_assessment WHERE taxpayer_key = '1002'), 'x', '2020-01-01')$$,
	'22023', NULL, 'a correction dated before the decision -> 22023');

-- outputs
SELECT is((SELECT count(*) FROM zeimu.fa_notice_data('121002', 2026, 1003)), 4::bigint, 'notice data for the representative: 4 installments');
SELECT is((SELECT DISTINCT co_owners FROM zeimu.fa_notice_data('121002', 2026, 1003)), 2, 'notice shows 2 co-owners');
SELECT is((SELECT (location, land_category, area, price)::text FROM zeimu.inspection_ledger_land('121002', 2026) WHERE parcel_no = 'P1'),
	'(中央1丁目,宅地,200.00,12000000)', '縦覧帳簿 land row');
SELECT ok(NOT EXISTS (SELECT FROM pg_proc p, unnest(p.proargnames) a
	WHERE p.proname IN ('inspection_ledger_land', 'inspection_ledger_house', 'fa_summary_statistics', 'lv_summary_statistics')
	  AND (a LIKE '%atena%' OR a LIKE '%mynumber%' OR a LIKE '%owner%')), '縦覧帳簿 and 概要調書 carry no owner, atena or Individual Number column');
SELECT is((SELECT objects FROM zeimu.fa_summary_statistics('121002', 2026) WHERE category = 'taxpayers' AND item = 'co-owner groups'), 1::bigint,
	'概要調書: one co-owner group');
SELECT is((SELECT array_agg(status ORDER BY atena_no) FROM zeimu.da_filing_status('121002', 2026)), ARRAY['late', 'not_filed'],
	'B filed on 3 February (late), E did not file');

-- append-only registry notices; imports mark conflicts instead of overwriting
INSERT INTO zeimu.land_registry_notice (lg_code, received_on, registered_on, kind, object_kind, object_no, atena_no)
VALUES ('121002', '2026-02-10', '2026-02-01', 'transfer', 'land', 'P1', 1002);
SELECT throws_ok($$DELETE FROM zeimu.land_registry_notice$$, '42501', NULL, 'registry notices cannot be deleted');
-- applying it: P1 passes from A (1001) to B (1002) on 2026-02-01; A keeps the 2026 levy (owner on 1 January)
SELECT is(zeimu.apply_registry_notice('121002', (SELECT max(notice_no) FROM zeimu.land_registry_notice)), 'applied', 'transfer notice applied');
SELECT is(zeimu.apply_registry_notice('121002', (SELECT max(notice_no) FROM zeimu.land_registry_notice)), 'already_applied', 'a notice is applied once');
SELECT is((SELECT array_agg((atena_no, acquired_on, lost_on)::text ORDER BY acquired_on) FROM zeimu.land_owner WHERE parcel_no = 'P1'),
	ARRAY['(1001,2010-01-01,2026-02-01)', '(1002,2026-02-01,)'], 'A lost P1 on 2026-02-01, B acquired it');
INSERT INTO zeimu.land_registry_notice (lg_code, received_on, registered_on, kind, object_kind, object_no)
VALUES ('121002', '2026-02-11', '2026-02-02', 'split', 'land', 'P2');
SELECT is(zeimu.apply_registry_notice('121002', (SELECT max(notice_no) FROM zeimu.land_registry_notice)), 'needs_inquiry',
	'a split (分筆) notice goes to a clerk as 要照会');
SELECT is(zeimu.import_house_data('121002', 'H1', '中央1丁目', '木造', 150, '2025-05-01', 'building confirmation'), 'same', 'identical import: same');
SELECT is(zeimu.import_house_data('121002', 'H1', '中央1丁目', '木造', 165.5, '2025-05-01', 'building confirmation'), 'needs_inquiry',
	'different floor area: needs inquiry');
SELECT is((SELECT (floor_area, needs_inquiry)::text FROM zeimu.house WHERE house_no = 'H1'), '(150.00,t)', 'ledger keeps 150 ㎡ and is marked 要照会');
SELECT is(zeimu.import_land_category('121002', 'P3', '宅地', 'farmland conversion'), 'needs_inquiry', 'farmland conversion conflicting with 田: needs inquiry');
SELECT is((SELECT count(*) FROM zeimu.ledger_inquiry WHERE status = 'open'), 3::bigint, 'three open inquiries (split notice, floor area, 地目)');

-- ---- light vehicle batch, FY2026 (賦課期日 2026-04-01)
INSERT INTO zeimu.vehicle (lg_code, vehicle_id, vehicle_class, plate, first_inspection_year, first_inspection_month, atena_no,
	storage_place, acquired_on, disposed_on, fuel, green_level) VALUES
	('121002', 1, 'kei4_passenger_private', '千葉 580 あ 1', 2016, 1, 1001, '中央1丁目', '2016-01-10', NULL, 'gasoline', 0),   -- 10,800
	('121002', 2, 'kei4_passenger_private', '千葉 580 あ 2', 2012, 3, 1002, '中央2丁目', '2012-03-10', NULL, 'gasoline', 0),   -- heavy 12,900
	('121002', 3, 'kei4_passenger_private', '千葉 580 あ 3', 2026, 4, 1002, '中央2丁目', '2026-04-02', NULL, 'gasoline', 0),   -- acquired 2 April: not levied
	('121002', 4, 'kei2', '千葉 あ 4', NULL, NULL, 1003, '中央2丁目', '2019-05-01', '2026-04-02', 'gasoline', 0),                  -- scrapped 2 April: 3,600
	('121002', 5, 'kei2', '千葉 あ 5', NULL, NULL, 1003, '中央2丁目', '2019-05-01', '2026-04-01', 'gasoline', 0),                  -- scrapped 1 April: not levied
	('121002', 6, 'kei4_passenger_private', '千葉 580 あ 6', 2025, 6, 1004, '若葉1丁目', '2025-06-01', NULL, 'ev', 75),          -- green 2,700
	('121002', 7, 'kei4_goods_private', '千葉 480 あ 7', NULL, NULL, 1004, '若葉1丁目', '2020-01-01', NULL, 'gasoline', 0),      -- no first inspection: invalid
	('121002', 8, 'kei4_goods_private', '千葉 480 あ 8', 2016, 5, 1003, '中央2丁目', '2016-05-01', NULL, 'gasoline', 0);       -- 5,000, 減免 1/2 -> 2,500
INSERT INTO zeimu.vehicle_reduction VALUES ('121002', 2026, 8, 1003, '身体障害者手帳', '下肢', '3級', 'R8-001', 0.5, '2026-05-10');
CREATE TEMP TABLE lvrun (vehicles bigint, created bigint, already_levied bigint, invalid bigint);
DO $$ DECLARE v bigint; c bigint; a bigint; i bigint;
BEGIN CALL zeimu.levy_light_vehicle('121002', 2026, v, c, a, i); INSERT INTO lvrun VALUES (v, c, a, i); END $$;
SELECT is((SELECT (vehicles, created, already_levied, invalid)::text FROM lvrun), '(6,5,0,1)',
	'6 vehicles owned on 1 April, 5 levied, 1 invalid (no first inspection)');
SELECT is((SELECT array_agg(tax ORDER BY vehicle_id) FROM zeimu.lv_assessment WHERE lg_code = '121002' AND fiscal_year = 2026),
	ARRAY[10800, 12900, 3600, 2700, 2500]::bigint[], 'taxes: 10,800 / heavy 12,900 / scrapped 2 April 3,600 / green 2,700 / 減免 2,500');
SELECT is((SELECT array_agg(rate_kind ORDER BY vehicle_id) FROM zeimu.lv_assessment WHERE lg_code = '121002' AND fiscal_year = 2026),
	ARRAY['standard', 'heavy', 'standard', 'green75', 'standard'], '税率フラグ per vehicle');
SELECT is((SELECT array_agg(DISTINCT due_date) FROM zeimu.lv_installment WHERE lg_code = '121002'), ARRAY['2026-06-01'::date],
	'due 2026-05-31 (Sunday) -> 2026-06-01');
DELETE FROM lvrun;
DO $$ DECLARE v bigint; c bigint; a bigint; i bigint;
BEGIN CALL zeimu.levy_light_vehicle('121002', 2026, v, c, a, i); INSERT INTO lvrun VALUES (v, c, a, i); END $$;
SELECT is((SELECT (created, already_levied)::text FROM lvrun), '(0,5)', 'light vehicle re-run creates nothing');
-- correction: vehicle 2 is in fact a gasoline hybrid -> not heavy; first inspected 2012-03 -> old rate 7,200
UPDATE zeimu.vehicle SET fuel = 'hybrid_gasoline' WHERE vehicle_id = 2;
SELECT is(zeimu.correct_light_vehicle('121002', 2026, 2, 'fuel type corrected', '2031-05-31'), 2,
	'correction on the last day (法定納期限 2026-05-31 + 5 years)');
SELECT is((SELECT (version, rate_kind, tax)::text FROM zeimu.lv_assessment_current WHERE vehicle_id = 2), '(2,old,7200)', 'corrected: old rate 7,200');
SELECT throws_ok($$SELECT zeimu.correct_light_vehicle('121002', 2026, 2, 'again', '2031-06-01')$$, '55000', NULL, 'a day later -> 55000');

-- one reduced vehicle per disabled person and year (seed 004 R23)
SELECT throws_ok($$INSERT INTO zeimu.vehicle_reduction VALUES ('121002', 2026, 1, 1003, '身体障害者手帳', '下肢', '3級', 'R1-001', 1, '2026-05-10')$$,
	'23505', NULL, 'a second 減免 vehicle for the same person and year is refused');

-- row-level security: a role granted SELECT but outside the levy duty role sees no rows;
-- a levy clerk with a staff record sees them
CREATE ROLE regress_levy_outsider NOLOGIN;
CREATE ROLE regress_levy_clerk NOLOGIN IN ROLE zeimu_levy;
-- Row security is the access module's: only a mapped staff member sees rows
-- (here an HQ levy clerk of 121002, who sees every office).
DO $$ BEGIN PERFORM zeimu.register_staff('121002', 'LEVY1', 'regress_levy_clerk', 'Levy clerk', ARRAY['levy'], '{}', true); END $$;
GRANT USAGE ON SCHEMA zeimu TO regress_levy_outsider;
GRANT SELECT ON zeimu.vehicle TO regress_levy_outsider;
SET LOCAL ROLE regress_levy_outsider;
SELECT is((SELECT count(*) FROM zeimu.vehicle), 0::bigint, 'RLS: outside the levy duty role, no vehicle is visible');
RESET ROLE;
SET LOCAL ROLE regress_levy_clerk;
SELECT is((SELECT count(*) FROM zeimu.vehicle WHERE lg_code = '121002'), 8::bigint, 'RLS: a levy clerk sees the 8 vehicles');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
