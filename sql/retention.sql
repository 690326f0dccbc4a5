-- retention: CALL zeimu.purge_run, which commits between batches (it cannot
-- run inside pgTAP's transaction).  as_of 2026-04-01: collection_ledger
-- cutoff 2019-04-01 (7 years).  Installments 1-3 of person 1 are due
-- 2019-03-31 and paid: each has 1 payment and 1 allocation -> 9 rows go.
-- Installment 4 (person 2, due 2019-03-31) is unpaid -> held.  Batches of
-- 2 rows (municipal setting): allocations 3 -> 2 batches, payments 3 -> 2,
-- installments 3 -> 2: 6 batches.
SET client_min_messages = warning;
INSERT INTO zeimu.municipality VALUES ('271004', '大阪市', '大阪府', true);
INSERT INTO zeimu.retention_setting VALUES ('271004', '2000-01-01', 2, 500, 1000, 'regression');
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal)
SELECT '271004', CASE WHEN g = 4 THEN 2 ELSE 1 END, 'fixed_asset', 2018, 'R' || g, 1, '2019-03-31', '2019-04-01', 5000
  FROM generate_series(1, 4) g;
SELECT count(zeimu.post_payment('271004', 'bank', 'P' || notice_no, installment_id, 5000, '2019-03-01', '2019-03-02'))
  FROM zeimu.collection_installment WHERE notice_no <> 'R4';
SELECT table_name, rows, persons FROM zeimu.purge_plan('2026-04-01', '271004');
-- Only the purge operator may call it.
SET ROLE zeimu_registry;
CALL zeimu.purge_run('2026-04-01', '271004');
RESET ROLE;
-- Not inside a transaction block.
BEGIN;
CALL zeimu.purge_run('2026-04-01', '271004');
ROLLBACK;
CALL zeimu.purge_run('2026-04-01', '271004');
SELECT run_id > 0 AS has_run, status, planned_rows, deleted_rows, batches, resumed, archive_sha256 ~ '^[0-9a-f]{64}$' AS sha
  FROM zeimu.purge_run;
-- The throttle: the backend ran the call at nice +10 (cpu_nice, by default)
-- in the SCHED_BATCH class (policy 3), and keeps both (/proc/<pid>/stat
-- fields 19 and 41).
SELECT f[19] AS nice, f[41] AS policy
  FROM (SELECT string_to_array(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ') AS f) x;
-- the tables with rows in this run (every registered table has a row)
SELECT table_name, planned, deleted, archived, done FROM zeimu.purge_run_table WHERE planned > 0 OR deleted > 0 ORDER BY purge_order, table_name;
SELECT notice_no FROM zeimu.collection_installment;
-- A second call finds nothing and records an empty run.
CALL zeimu.purge_run('2026-04-01', '271004');
SELECT run_id, status, planned_rows, deleted_rows FROM zeimu.purge_run ORDER BY run_id;
