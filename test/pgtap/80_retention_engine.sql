-- retention: the engine on a hand-built municipality.
--
-- as_of 2026-04-01.  collection_ledger = 7 years from the 法定納期限
-- (seed rows): cutoff 2026-04-01 - 7 years = 2019-04-01; a start date
-- before it goes, on it stays.  access_log = 5 years: cutoff 2021-04-01.
--
-- persons (all installments 10,000 yen, paid 2018-05-20 unless stated):
--   1  N1 due 2019-03-31, paid             -> goes; number linked -> goes
--   2  N2 due 2019-03-31, unpaid           -> held (unpaid_balance)
--   3  N3-1 due 2019-04-01 (on the cutoff) -> stays; N3-2 due 2018-05-31 -> goes
--   4  N4 due 2019-03-31, paid, legal hold -> held
--   5  N5 due 2019-03-31, paid 12,000      -> 10,000 principal + 2,000 over-payment,
--      received 2018-05-20 < 2021-04-01 (= as_of - 5 years, 法18条の3) -> not
--      refundable any more -> goes; no number linked
--   6  no data, number linked              -> number stays (never had data)
-- rows that go: allocations 1 (P1) + 1 (P3) + 2 (P5) = 4; payments 3;
-- installments 3; access_log 1 (2021-03-31 23:59:59 JST; 2021-04-01 00:00
-- JST is on the cutoff and stays); vault 1 (P1).  Total 12.
BEGIN;
SELECT plan(49);

-- retention_cutoff: N full years, month-end clamped.
SELECT is(zeimu.retention_cutoff('2025-02-28', 5), DATE '2020-02-28', 'cutoff 2025-02-28 - 5y = 2020-02-28 (2020-02-29 stays a day longer)');
SELECT is(zeimu.retention_cutoff('2025-03-01', 5), DATE '2020-03-01', 'cutoff 2025-03-01 - 5y = 2020-03-01');
SELECT is(zeimu.retention_cutoff('2024-02-29', 1), DATE '2023-02-28', 'cutoff 2024-02-29 - 1y = 2023-02-28 (clamped)');

INSERT INTO zeimu.municipality VALUES ('131130','テスト区','東京都',false);
-- The purge operator and approver act through mapped staff logins
-- (zeimu.assert_staff_for: an unmapped member of the duty role can call nothing).
CREATE ROLE regress_purge_operator NOLOGIN IN ROLE zeimu_purge_operator;
CREATE ROLE regress_purge_approver NOLOGIN IN ROLE zeimu_purge_approver;
SELECT zeimu.register_staff('131130', 'PURGE-OP', 'regress_purge_operator', 'Purge operator', ARRAY['purge_operator'], '{}', true);
SELECT zeimu.register_staff('131130', 'PURGE-AP', 'regress_purge_approver', 'Purge approver', ARRAY['auditor'], '{}', true);
INSERT INTO zeimu.person (lg_code, atena_no, name) SELECT '131130', g, '人'||g FROM generate_series(1,6) g;
DO $$ BEGIN PERFORM zeimu.link_mynumber('131130', g, zeimu.sample_mynumber(7, g), 'test') FROM generate_series(1,6) g WHERE g IN (1,2,3,4,6); END $$;
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no, statutory_due_date, due_date, principal) VALUES
 ('131130',1,'fixed_asset',2018,'N1',1,'2019-03-31','2019-04-01',10000),
 ('131130',2,'fixed_asset',2018,'N2',1,'2019-03-31','2019-04-01',10000),
 ('131130',3,'fixed_asset',2018,'N3',1,'2019-04-01','2019-04-01',10000),
 ('131130',3,'fixed_asset',2018,'N3',2,'2018-05-31','2018-05-31',10000),
 ('131130',4,'fixed_asset',2018,'N4',1,'2019-03-31','2019-04-01',10000),
 ('131130',5,'fixed_asset',2018,'N5',1,'2019-03-31','2019-04-01',10000);
DO $$ BEGIN PERFORM zeimu.post_payment('131130','bank','R'||notice_no||period_no, installment_id, CASE WHEN atena_no=5 THEN 12000 ELSE 10000 END, '2018-05-20','2018-05-21')
  FROM zeimu.collection_installment WHERE atena_no <> 2 ORDER BY installment_id; END $$;
INSERT INTO zeimu.access_log (lg_code, logged_at, session_user_name, current_user_name, atena_no, function_name, txid) VALUES
 ('131130','2021-03-31 23:59:59+09','x','x',1,'t',1), ('131130','2021-04-01 00:00:00+09','x','x',1,'t',1);
SET zeimu.staff_id = 'S200';
DO $$ BEGIN PERFORM zeimu.place_hold('131130', 4, 'legal', '訴訟', 'S100'); END $$;
RESET zeimu.staff_id;

-- The statutory minimum: a municipality cannot shorten the access-log class.
SELECT throws_ok($$INSERT INTO zeimu.retention_class VALUES ('131130', 'access_log', '2020-01-01', 'log_time', 4, 'delete', false, 'x', 'x')$$,
	'22023', 'retention class access_log cannot be shorter than 5 years', 'access logs: 4 years refused (min 5)');
SELECT lives_ok($$INSERT INTO zeimu.retention_class VALUES ('131130', 'access_log', '2020-01-01', 'log_time', 5, 'delete', false, 'x', 'x')$$,
	'access logs: 5 years accepted for a municipality');

-- The dry run.
SELECT results_eq($$SELECT table_name, rows, persons FROM zeimu.purge_plan('2026-04-01', '131130') ORDER BY table_name$$,
	$$VALUES ('access_log', 1::bigint, 1::bigint), ('collection_allocation', 4, 3), ('collection_installment', 3, 3),
			 ('collection_payment', 3, 3), ('mynumber_vault', 1, 1)$$,
	'dry run: 4 allocations, 3 payments, 3 installments, 1 log row, 1 number');
CREATE TEMP TABLE plan_before AS SELECT table_name, row_key, atena_no FROM zeimu.purge_plan_rows('2026-04-01', '131130');
SELECT is((SELECT count(*) FROM plan_before WHERE atena_no IN (2, 4)), 0::bigint, 'held persons 2 (unpaid) and 4 (legal hold) are not in the plan');
SELECT ok(EXISTS (SELECT FROM plan_before p JOIN zeimu.collection_installment i ON p.row_key = jsonb_build_object('lg_code', '131130', 'installment_id', i.installment_id)
				  WHERE i.notice_no = 'N1'), 'due 2019-03-31 (the day before the cutoff) goes');
SELECT ok(NOT EXISTS (SELECT FROM plan_before p JOIN zeimu.collection_installment i ON p.row_key = jsonb_build_object('lg_code', '131130', 'installment_id', i.installment_id)
				  WHERE i.notice_no = 'N3' AND i.period_no = 1), 'due 2019-04-01 (on the cutoff) stays');
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130', ARRAY['access_log'])), 1::bigint,
	'a run restricted to access_log plans the one log row only');
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130', ARRAY['mynumber_link'])), 0::bigint,
	'without the collection classes no number goes: the person''s data stays');
SELECT throws_ok($$SELECT * FROM zeimu.purge_plan(CURRENT_DATE + 1, '131130')$$, '22023', NULL, 'a future as_of is refused');
SELECT throws_ok($$SELECT * FROM zeimu.purge_plan('2026-04-01', '000000')$$, '22023', NULL, '000000 is refused');
SELECT throws_ok($$SELECT * FROM zeimu.purge_plan('2026-04-01', '131130', ARRAY['nope'])$$, '22023', 'unknown retention class "nope"', 'unknown class refused');

-- Only the purge operator runs it.
SET ROLE zeimu_registry;
SELECT throws_ok($$SELECT * FROM zeimu.purge_plan('2026-04-01', '131130')$$, '42501', NULL, 'a registry clerk cannot see the plan');
SELECT throws_ok($$SELECT zeimu.purge_start('2026-04-01', '131130')$$, '42501', NULL, 'a registry clerk cannot start a run');
RESET ROLE;
SET ROLE regress_purge_approver;
SELECT throws_ok($$SELECT zeimu.purge_start('2026-04-01', '131130')$$, '42501', NULL, 'an approver cannot start a run');
RESET ROLE;

-- Approval: 12 rows > a municipal threshold of 5; batches of 2 rows.
INSERT INTO zeimu.retention_setting VALUES ('131130', '2000-01-01', 2, 500, 5, 'test');
SET zeimu.staff_id = 'S001';
SET ROLE regress_purge_operator;
SELECT throws_ok($$SELECT zeimu.purge_start('2026-04-01', '131130')$$, 'ZH001', 'a purge of 12 rows needs a second staff member''s approval',
	'12 rows over the threshold 5 need an approval');
RESET ROLE;
SET ROLE regress_purge_approver;
SELECT ok(zeimu.approve_purge('131130', '2026-04-01', 12) > 0, 'S001 approves their own run');
RESET ROLE;
SET ROLE regress_purge_operator;
SELECT throws_ok($$SELECT zeimu.purge_start('2026-04-01', '131130')$$, 'ZH001', NULL, 'an approval by the runner themself does not count');
RESET ROLE;
SET zeimu.staff_id = 'S002';
SET ROLE regress_purge_approver;
SELECT ok(zeimu.approve_purge('131130', '2026-04-01', 11) > 0, 'S002 approves 11 rows');
RESET ROLE;
SET zeimu.staff_id = 'S001';
SET ROLE regress_purge_operator;
SELECT throws_ok($$SELECT zeimu.purge_start('2026-04-01', '131130')$$, 'ZH001', NULL, 'an approval for 11 rows does not cover 12');
RESET ROLE;
SET zeimu.staff_id = 'S002';
SET ROLE regress_purge_approver;
SELECT ok(zeimu.approve_purge('131130', '2026-04-01', 12) > 0, 'S002 approves 12 rows');
RESET ROLE;
SET zeimu.staff_id = 'S001';
SET ROLE regress_purge_operator;

-- Run: one batch (2 rows), then a crash.
SELECT zeimu.purge_start('2026-04-01', '131130') AS run \gset
SELECT is(zeimu.purge_batch('131130', :run), 2::bigint, 'first batch removes 2 rows');
RESET ROLE;
SELECT is((SELECT approved_by FROM zeimu.purge_approval a JOIN zeimu.purge_run r USING (approval_id) WHERE r.run_id = :run),
	'S002', 'the run uses S002''s approval');
-- The run's session dies: its pid is no longer a backend.
UPDATE zeimu.purge_run SET backend_pid = 2147483647 WHERE run_id = :run;
-- A second run while a live session owns the run is refused.
UPDATE zeimu.purge_run SET backend_pid = (SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() ORDER BY pid LIMIT 1) WHERE run_id = :run;
SELECT throws_ok($$SELECT zeimu.purge_start('2026-04-01', '131130')$$, '55P03', NULL, 'a second run while the first is alive is refused');
UPDATE zeimu.purge_run SET backend_pid = 2147483647 WHERE run_id = :run;
SELECT throws_ok($$SELECT zeimu.purge_start('2026-03-31', '131130')$$, '55000', NULL, 'an interrupted run must be resumed with its own as_of');
SET ROLE regress_purge_operator;
SELECT is(zeimu.purge_start('2026-04-01', '131130'), :run::bigint, 'the next call resumes the interrupted run');
SELECT set_config('x.run', :'run', false) \g /dev/null
DO $$ BEGIN WHILE zeimu.purge_batch('131130', current_setting('x.run')::bigint) > 0 LOOP END LOOP; END $$;
SELECT is((zeimu.purge_finish('131130', :run) ->> 'deleted_rows')::bigint, 12::bigint, 'the finished run removed 12 rows');
RESET ROLE;
RESET zeimu.staff_id;

-- Dry run = real run: the rows the run recorded are exactly the plan's.
SELECT set_eq($$SELECT table_name, row_key FROM zeimu.purge_archive_row WHERE run_id = $$ || :run,
	$$SELECT table_name, row_key FROM plan_before$$, 'the rows removed are exactly the rows the dry run listed');
SELECT results_eq($$SELECT status, planned_rows, deleted_rows, batches, resumed, staff_id FROM zeimu.purge_run WHERE run_id = $$ || :run,
	$$VALUES ('done', 12::bigint, 12::bigint, 8, 1, 'S001')$$,
	'run record: done, 12 planned = 12 deleted in 8 batches (per table: 2+2+2+1+1 of at most 2 rows), resumed once, run by S001');
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130')), 0::bigint, 'after the run the dry run is empty');
-- The archive: one chunk per committed batch (the batch lost to the crash
-- left none), each matching its checksum and listing its persons.
SELECT results_eq($$SELECT count(*), sum(row_count) FROM zeimu.purge_archive WHERE run_id = $$ || :run,
	$$VALUES (8::bigint, 12::bigint)$$, 'eight chunks, one per committed batch, holding the 12 rows');
SELECT is((SELECT count(*) FROM zeimu.purge_archive WHERE run_id = :run
			AND chunk_hash <> zeimu.purge_archive_hash(table_name, class_code, lines)), 0::bigint,
	'every chunk matches its sha256 of table, class and lines');
SELECT is((SELECT count(*) FROM zeimu.purge_archive a WHERE a.run_id = :run
			AND a.persons <> (SELECT coalesce(array_agg(DISTINCT r.atena_no) FILTER (WHERE r.atena_no IS NOT NULL), '{}')
							    FROM zeimu.purge_archive_row r WHERE r.run_id = a.run_id AND r.archive_seq = a.archive_seq)),
	0::bigint, 'each chunk lists exactly the persons of its lines');
-- Even a role granted SELECT reads nothing of the archive: row security is
-- forced with no policy, and the view runs with the reader's rights.
GRANT SELECT ON zeimu.purge_archive, zeimu.purge_archive_row TO regress_purge_operator;
SET ROLE regress_purge_operator;
SELECT is((SELECT count(*) FROM zeimu.purge_archive_row) + (SELECT count(*) FROM zeimu.purge_archive), 0::bigint,
	'granted SELECT, the purge operator still reads no archive chunk or row directly (only the restore functions do)');
RESET ROLE;
REVOKE SELECT ON zeimu.purge_archive, zeimu.purge_archive_row FROM regress_purge_operator;
-- Same end state as an uninterrupted run: what is left is everything but the plan.
SELECT results_eq($$SELECT notice_no, period_no FROM zeimu.collection_installment ORDER BY 1, 2$$,
	$$VALUES ('N2'::text, 1::smallint), ('N3', 1::smallint), ('N4', 1::smallint)$$, 'installments left: N2 (unpaid), N3-1 (on the cutoff), N4 (legal hold)');
SELECT results_eq($$SELECT atena_no FROM zeimu.mynumber_vault ORDER BY 1$$,
	$$VALUES (2::bigint), (3), (4), (6)$$, 'numbers left: 2, 3, 4 (data left) and 6 (never had data); 1 is gone');
-- Logs within 5 years survive.
SELECT results_eq($$SELECT logged_at FROM zeimu.access_log WHERE function_name = 't' ORDER BY 1$$,
	$$VALUES ('2021-04-01 00:00:00+09'::timestamptz)$$, 'the log row of 2021-04-01 00:00 JST (on the 5-year cutoff) survives');
SELECT ok(EXISTS (SELECT FROM zeimu.access_log l JOIN zeimu.purge_run r ON r.access_log_seq = l.seq
				  WHERE r.run_id = :run AND l.function_name = 'purge_run' AND l.purpose LIKE '%record sha256 ' || r.record_sha256 || '%'),
	'the run record''s hash is in the access log (sealed with the chain)');

-- Audit: a purged person read back from the archive.
SET ROLE regress_purge_operator;
SELECT results_eq($$SELECT table_name, row_data ->> 'principal', row_data ->> 'amount' FROM zeimu.restore_purged_person('131130', 1, 'audit 2026-01') ORDER BY table_name$$,
	$$VALUES ('collection_allocation'::text, NULL::text, '10000'::text), ('collection_installment', '10000', NULL), ('collection_payment', NULL, '10000')$$,
	'person 1 restored: installment of 10,000, its payment and allocation of 10,000; no Individual Number');
RESET ROLE;
UPDATE zeimu.purge_archive SET lines = replace(lines, '"amount":10000', '"amount":1') WHERE persons @> '{1}' AND table_name = 'collection_payment';
SELECT throws_ok($$SELECT * FROM zeimu.restore_purged_person('131130', 1, 'audit')$$, 'XX001', NULL, 'an altered archive row is detected');

-- Holds win over ad-hoc deletes by non-owners.
CREATE ROLE regress_retention_clerk IN ROLE zeimu_collection;
GRANT SELECT, DELETE ON zeimu.collection_installment, zeimu.collection_allocation, zeimu.collection_payment TO regress_retention_clerk;
CREATE POLICY regress_delete ON zeimu.collection_allocation FOR DELETE TO regress_retention_clerk USING (true);
SET ROLE regress_retention_clerk;
SELECT throws_ok($$DELETE FROM zeimu.collection_installment WHERE notice_no = 'N2'$$, 'ZH003', NULL, 'the unpaid installment of person 2 cannot be deleted');
SELECT throws_ok($$DELETE FROM zeimu.collection_allocation a USING zeimu.collection_payment p, zeimu.collection_installment i
				   WHERE a.payment_id = p.payment_id AND p.installment_id = i.installment_id AND i.notice_no = 'N4'$$,
	'ZH003', NULL, 'the allocations of person 4 (legal hold) cannot be deleted');
SELECT throws_ok($$SET zeimu_purge.run_id = '1'; DELETE FROM zeimu.collection_allocation a USING zeimu.collection_payment p, zeimu.collection_installment i
				   WHERE a.payment_id = p.payment_id AND p.installment_id = i.installment_id AND i.notice_no = 'N4'$$,
	'42501', NULL, 'setting zeimu_purge.run_id by hand does not bypass the guard');
RESET zeimu_purge.run_id;
SELECT lives_ok($$DELETE FROM zeimu.collection_allocation a USING zeimu.collection_payment p, zeimu.collection_installment i
				   WHERE a.payment_id = p.payment_id AND p.installment_id = i.installment_id AND i.notice_no = 'N3'$$,
	'the allocation of person 3 (no hold) can be deleted');
RESET ROLE;
SELECT is((SELECT count(*) FROM zeimu.collection_allocation), 1::bigint,
	'allocations left: only person 4''s (2 unpaid has none; 3''s was deleted)');
SELECT lives_ok($$SELECT zeimu.release_hold('131130', (SELECT hold_id FROM zeimu.retention_hold WHERE atena_no = 4))$$, 'the legal hold is released');
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130') WHERE atena_no = 4), 4::bigint,
	'released: person 4''s allocation, payment, installment and then number are planned (1 + 1 + 1 + 1)');
