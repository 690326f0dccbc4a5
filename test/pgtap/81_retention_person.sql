-- retention: the tables registered this session (fixed asset, light
-- vehicle) through their append-only guards, and the person purge.
--
-- as_of 2026-04-01.  Cutoffs (zeimu.retention_cutoff = as_of - N years):
--   fixed_asset   10 years -> 2016-04-01: FY2015 ends 2016-03-31 (goes),
--                             FY2016 ends 2017-03-31 (stays)
--   light_vehicle  7 years -> 2019-04-01: disposed 2019-02-01 is in FY2018
--                             (2019-02-01 - 3 months = 2018-11-01), which
--                             ends 2019-03-31 (goes); disposed 2019-04-01 is
--                             in FY2019, ending 2020-03-31 (stays)
--   person_record  7 years -> 2019-04-01: the last relevant date must be
--                             before it
-- persons:
--   11 died 2018-06-01 (recorded by an update: one person_history row),
--      identity check, number linked on it, FA assessment FY2015 + 1
--      installment -> everything goes: installment, assessment, number,
--      history, identity check, person
--   12 died 2018-06-01, FA assessment FY2016 -> assessment stays, so the
--      number and the person stay
--   13 resident, FA FY2015 + installment, vehicles V1 (disposed 2019-02-01)
--      and V2 (disposed 2019-04-01), number linked -> FA rows and V1 go;
--      V2 stays, so the number stays; a resident person stays
--   14 moved out (not resident), last change 2019-03-31, no data, number
--      linked -> the number goes (the person's own class expired) and the
--      person goes
--   15 moved out, last change 2019-04-01 (on the cutoff) -> stays, number stays
--   16 died 2018-01-01, legal hold -> stays
--   17 died 2018-01-01, heir in person 18's relation -> stays (the relation
--      of 18, who stays, names 17)
--   18 resident -> stays
--   19 died 2018-01-01, tax agent relation 19 -> 18 -> the relation goes
--      with 19 and 19 goes
-- plan: fa_installment 2, fa_assessment 2, vehicle 1, mynumber_vault 2
-- (11, 14), person_history 1, identity_verification 1, person_relation 1,
-- person 3 (11, 14, 19) = 13 rows.
BEGIN;
SET LOCAL search_path = public, zeimu;
SELECT plan(25);

INSERT INTO zeimu.municipality VALUES ('131148','テスト区','東京都',false);
CREATE ROLE regress_purge_op81 NOLOGIN IN ROLE zeimu_purge_operator;
SELECT zeimu.register_staff('131148', 'PURGE-81', 'regress_purge_op81', 'Purge operator', ARRAY['purge_operator'], '{}', true) \g /dev/null
INSERT INTO zeimu.retention_setting VALUES ('131148', '2000-01-01', 2, 500, 1000, 'test: batches of 2');

INSERT INTO zeimu.person (lg_code, atena_no, name, resident, death_date, business_date) VALUES
 ('131148', 11, '人11', true, NULL, '2015-01-01'),
 ('131148', 12, '人12', true, '2018-06-01', '2018-06-01'),
 ('131148', 13, '人13', true, NULL, '2015-01-01'),
 ('131148', 14, '人14', false, NULL, '2019-03-31'),
 ('131148', 15, '人15', false, NULL, '2019-04-01'),
 ('131148', 16, '人16', true, '2018-01-01', '2018-01-01'),
 ('131148', 17, '人17', true, '2018-01-01', '2018-01-01'),
 ('131148', 18, '人18', true, NULL, '2018-01-01'),
 ('131148', 19, '人19', true, '2018-01-01', '2018-01-01');
UPDATE zeimu.person SET death_date = '2018-06-01', business_date = '2018-06-01' WHERE lg_code = '131148' AND atena_no = 11;
INSERT INTO zeimu.identity_verification (lg_code, atena_no, method, staff_id, verified_on) VALUES ('131148', 11, 'id_document', 'S1', '2015-02-01');
DO $$ BEGIN
	PERFORM zeimu.link_mynumber('131148', 11, zeimu.sample_mynumber(8, 11), 'test',
		(SELECT verification_id FROM zeimu.identity_verification WHERE lg_code = '131148' AND atena_no = 11));
	PERFORM zeimu.link_mynumber('131148', g, zeimu.sample_mynumber(8, g), 'test') FROM generate_series(12, 15) g;
END $$;
INSERT INTO zeimu.person_relation (lg_code, atena_no, related_atena_no, kind, started_on) VALUES
 ('131148', 18, 17, 'heir', '2018-01-01'),
 ('131148', 19, 18, 'tax_agent', '2017-01-01');
INSERT INTO zeimu.fa_assessment (lg_code, fiscal_year, assessment_no, version, kind, taxpayer_key, owner_atena_nos, atena_no,
	land_fa_base, house_fa_base, depreciable_base, land_cpt_base, house_cpt_base, fa_land_tax, fa_house_tax, fa_depreciable_tax,
	house_reduction, fa_total, cpt_total, total, statutory_due, decided_on) VALUES
 ('131148', 2015, 1, 1, 'decision', '11', '{11}', 11, 0,0,0,0,0,0,0,0,0,0,0,0, '2015-04-30', '2015-04-01'),
 ('131148', 2016, 2, 1, 'decision', '12', '{12}', 12, 0,0,0,0,0,0,0,0,0,0,0,0, '2016-04-30', '2016-04-01'),
 ('131148', 2015, 3, 1, 'decision', '13', '{13}', 13, 0,0,0,0,0,0,0,0,0,0,0,0, '2015-04-30', '2015-04-01');
INSERT INTO zeimu.fa_installment VALUES ('131148', 2015, 1, 1, 1, '2015-04-30', 0), ('131148', 2015, 3, 1, 1, '2015-04-30', 0);
INSERT INTO zeimu.vehicle (lg_code, vehicle_id, vehicle_class, plate, atena_no, storage_place, acquired_on, disposed_on) VALUES
 ('131148', 1, 'kei_4w_private', 'V1', 13, 'x', '2010-01-01', '2019-02-01'),
 ('131148', 2, 'kei_4w_private', 'V2', 13, 'x', '2010-01-01', '2019-04-01');
SET zeimu.staff_id = 'S200';
DO $$ BEGIN PERFORM zeimu.place_hold('131148', 16, 'legal', '訴訟', 'S100'); END $$;
RESET zeimu.staff_id;

-- The dry run.
SELECT results_eq($$SELECT table_name, rows FROM zeimu.purge_plan('2026-04-01', '131148') ORDER BY table_name$$,
	$$VALUES ('fa_assessment', 2::bigint), ('fa_installment', 2), ('identity_verification', 1), ('mynumber_vault', 2),
			 ('person', 3), ('person_history', 1), ('person_relation', 1), ('vehicle', 1)$$,
	'dry run: 2 FA installments and assessments, 1 vehicle, 2 numbers, and persons 11, 14, 19 with their history, check and relation');
CREATE TEMP TABLE plan81 AS SELECT table_name, row_key, atena_no FROM zeimu.purge_plan_rows('2026-04-01', '131148');
SELECT set_eq($$SELECT atena_no FROM plan81 WHERE table_name = 'person'$$, $$VALUES (11::bigint), (14), (19)$$,
	'persons 11 (died, data expired), 14 (moved out 2019-03-31, no data) and 19 (died, own relation) go');
SELECT set_eq($$SELECT atena_no FROM plan81 WHERE table_name = 'mynumber_vault'$$, $$VALUES (11::bigint), (14)$$,
	'the numbers of 11 (data gone) and 14 (own class expired) go; 12 and 13 keep data, 15 is on the cutoff');
SELECT set_eq($$SELECT (row_key ->> 'vehicle_id')::bigint FROM plan81 WHERE table_name = 'vehicle'$$, $$VALUES (1::bigint)$$,
	'vehicle disposed 2019-02-01 (FY2018) goes, 2019-04-01 (FY2019) stays');

-- Ad-hoc deletes are refused for everybody, the owner (superuser) included.
SELECT throws_ok($$DELETE FROM zeimu.person WHERE lg_code = '131148' AND atena_no = 14$$, '42501',
	'person rows can only be deleted by the retention purge', 'the table owner cannot delete a person row, even an expired one');
SELECT throws_ok($$DELETE FROM zeimu.fa_assessment WHERE lg_code = '131148' AND assessment_no = 1$$, '42501', NULL,
	'the append-only FA assessment still refuses a DELETE outside the purge');
SELECT throws_ok($$DELETE FROM zeimu.person_history WHERE lg_code = '131148'$$, '42501', NULL,
	'person history still refuses a DELETE outside the purge');
-- A hand-set purge flag does not open the path.
SET zeimu_purge.run_id = '1';
SELECT throws_ok($$DELETE FROM zeimu.person WHERE lg_code = '131148' AND atena_no = 14$$, '42501', NULL,
	'setting zeimu_purge.run_id by hand does not let a person row be deleted');
RESET zeimu_purge.run_id;
SELECT is(zeimu.retention_purging(), false, 'outside a purge batch retention_purging() is false');
SET ROLE zeimu_registry;
SELECT throws_ok($$DELETE FROM zeimu.person WHERE lg_code = '131148' AND atena_no = 14$$, '42501', NULL,
	'a registry clerk cannot delete a person row');
RESET ROLE;

-- The run: 13 rows in batches of 2.
SET zeimu.staff_id = 'S001';
SET ROLE regress_purge_op81;
SELECT zeimu.purge_start('2026-04-01', '131148') AS run \gset
SELECT set_config('x.run81', :'run', false) \g /dev/null
DO $$ BEGIN WHILE zeimu.purge_batch('131148', current_setting('x.run81')::bigint) > 0 LOOP END LOOP; END $$;
SELECT is((zeimu.purge_finish('131148', :run) ->> 'deleted_rows')::bigint, 13::bigint, 'the run removed 13 rows');
RESET ROLE;
RESET zeimu.staff_id;
SELECT set_eq($$SELECT table_name, row_key FROM zeimu.purge_archive_row WHERE run_id = $$ || :run,
	$$SELECT table_name, row_key FROM plan81$$, 'dry run = real run: exactly the planned rows were removed');
SELECT set_eq($$SELECT atena_no FROM zeimu.person WHERE lg_code = '131148'$$, $$VALUES (12::bigint), (13), (15), (16), (17), (18)$$,
	'persons 12, 13, 15, 16 (held), 17 (heir of 18) and 18 remain');
SELECT set_eq($$SELECT atena_no FROM zeimu.mynumber_vault WHERE lg_code = '131148'$$, $$VALUES (12::bigint), (13), (15)$$,
	'numbers of 12, 13 and 15 remain; 11 and 14 are gone');
SELECT is((SELECT count(*) FROM zeimu.person_history WHERE lg_code = '131148'), 0::bigint, 'person 11''s history is gone');
SELECT is((SELECT count(*) FROM zeimu.identity_verification WHERE lg_code = '131148'), 0::bigint, 'person 11''s identity check is gone');
SELECT set_eq($$SELECT atena_no, related_atena_no FROM zeimu.person_relation WHERE lg_code = '131148'$$, $$VALUES (18::bigint, 17::bigint)$$,
	'19''s relation went with 19; 18''s relation naming 17 stays');
SELECT set_eq($$SELECT assessment_no FROM zeimu.fa_assessment WHERE lg_code = '131148'$$, $$VALUES (2::bigint)$$,
	'the FY2015 assessments went through the append-only guard; FY2016 stays');
SELECT is((SELECT (payload ->> 'death_date') FROM zeimu.purge_archive_row WHERE run_id = :run AND table_name = 'person' AND atena_no = 11),
	'2018-06-01', 'the person row was archived before deletion (person_record is archive_delete)');
SELECT is((SELECT count(*) FROM zeimu.purge_archive_row WHERE run_id = :run AND table_name = 'mynumber_vault' AND payload IS NOT NULL),
	0::bigint, 'the vault rows are never archived');
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131148')), 0::bigint, 'after the run the dry run is empty');
SELECT is(zeimu.retention_purging(), false, 'after the run retention_purging() is false again');

-- The throttle: national defaults and bounds.
SELECT results_eq($$SELECT batch_size, batch_pause_ms, max_rows_per_second, cpu_nice FROM zeimu.retention_effective_setting('131130', '2026-04-01')$$,
	$$VALUES (10000, 0, 0, 10)$$, 'national throttle: batches of 10,000, no pause, no rate cap, nice +10');
SELECT throws_ok($$INSERT INTO zeimu.retention_setting (lg_code, valid_from, batch_size, lock_timeout_ms, approval_threshold, source, cpu_nice)
	VALUES ('131148', '2026-01-01', 10000, 1000, 10, 'x', 20)$$, '23514', NULL, 'cpu_nice above 19 is refused');
SELECT throws_ok($$INSERT INTO zeimu.retention_setting (lg_code, valid_from, batch_size, lock_timeout_ms, approval_threshold, source, max_rows_per_second)
	VALUES ('131148', '2026-01-01', 10000, 1000, 10, 'x', -1)$$, '23514', NULL, 'a negative rate cap is refused');

SELECT * FROM finish();
ROLLBACK;
