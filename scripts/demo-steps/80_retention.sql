-- demo: retention — dry run and real purge of aged sample data, with the run record
\echo 'A sample municipality of 300 persons with collection data from FY2015 to FY2024'
\echo '(each person: one installment per year, 法定納期限 = 4/30 of the following year; most paid,'
\echo 'every 7th person left one old installment unpaid), access logs of 2019-2022, and a legal hold.'
SELECT step, rows_created FROM zeimu.generate_sample('141003', 300, 8);
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal)
SELECT '141003', p, 'fixed_asset', fy, 'D' || p || '-' || fy, 1, pg_catalog.make_date(fy + 1, 4, 30), pg_catalog.make_date(fy + 1, 4, 30), 10000 + p * 10
  FROM pg_catalog.generate_series(1, 300) p, pg_catalog.generate_series(2015, 2024) fy;
DO $$
BEGIN
	PERFORM zeimu.post_payment('141003', 'bank', 'B' || i.notice_no, i.installment_id, i.principal,
							   i.statutory_due_date - 10, i.statutory_due_date - 9)
	  FROM zeimu.collection_installment i
	 WHERE i.lg_code OPERATOR(zeimu.=) '141003' AND NOT (i.atena_no % 7 = 0 AND i.fiscal_year = 2016)
	 ORDER BY i.installment_id;
END
$$;
INSERT INTO zeimu.access_log (lg_code, logged_at, session_user_name, current_user_name, atena_no, function_name, purpose, txid)
SELECT '141003', timestamptz '2019-06-01 10:00+09' + (g || ' days')::interval, 'clerk', 'clerk', 1 + g % 300, 'find_persons_by_name', 'demo', 1
  FROM pg_catalog.generate_series(0, 1200, 3) g;
\echo 'Three more persons: 901 died 2017-08-10 (one FY2015 installment, paid; identity check; number),'
\echo '902 moved out 2018-03-15 (no data left; number), 903 moved out 2020-05-01 (number).'
INSERT INTO zeimu.person (lg_code, atena_no, name, resident, death_date, business_date) VALUES
	('141003', 901, '山田　太郎', true, '2017-08-10', '2017-08-10'),
	('141003', 902, '佐藤　花子', false, NULL, '2018-03-15'),
	('141003', 903, '鈴木　一郎', false, NULL, '2020-05-01');
DO $$
DECLARE
	v bigint;
BEGIN
	INSERT INTO zeimu.identity_verification (lg_code, atena_no, method, staff_id, verified_on)
		VALUES ('141003', 901, 'id_document', 'C-101', '2015-06-01') RETURNING verification_id INTO v;
	PERFORM zeimu.link_mynumber('141003', 901, zeimu.sample_mynumber(99, 901), 'demo', v);
	PERFORM zeimu.link_mynumber('141003', n, zeimu.sample_mynumber(99, n), 'demo') FROM pg_catalog.generate_series(902, 903) n;
	INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
		statutory_due_date, due_date, principal)
		VALUES ('141003', 901, 'fixed_asset', 2015, 'D901-2015', 1, '2016-04-30', '2016-04-30', 12000) RETURNING installment_id INTO v;
	PERFORM zeimu.post_payment('141003', 'bank', 'B901', v, 12000, '2016-04-20', '2016-04-21');
END
$$;
SET zeimu.staff_id = 'A-017';
SELECT zeimu.place_hold('141003', 5, 'disclosure_request', '開示請求 R7-12 対応中', 'C-101') AS hold_id;

\echo
\echo 'Retention classes in force (national standard rows, 000000):'
SELECT class_code, start_event, years, action, pg_catalog.left(source, 60) || '…' AS source
  FROM zeimu.retention_class WHERE lg_code OPERATOR(zeimu.=) '000000' ORDER BY class_code;

\echo
\echo 'Dry run as of 2026-04-01: collection cutoff 2019-04-01 (7 years), logs 2021-04-01 (5 years),'
\echo 'persons 2019-04-01 (person_record: 7 years after death or moving out).'
\echo 'FY2015-2017 installments (due 2016-04-30 .. 2018-04-30) go; persons 7, 14, ... owe FY2016 and are held;'
\echo 'person 5 is held by the disclosure request (their access-log rows too).  Numbers go only for persons'
\echo 'with nothing left: 901 (their data all goes) and 902 (moved out before the cutoff); with them go the'
\echo 'person rows of 901 and 902 and 901''s identity check.  903 moved out after the cutoff and stays.'
CREATE TEMP TABLE demo_plan AS SELECT * FROM zeimu.purge_plan('2026-04-01', '141003');
SELECT * FROM demo_plan;
SELECT table_name, atena_no FROM zeimu.purge_plan_rows('2026-04-01', '141003')
 WHERE table_name IN ('mynumber_vault', 'identity_verification', 'person') ORDER BY purge_order, atena_no;

\echo
\echo 'The throttle in force (zeimu.retention_setting): the purge backend runs at nice +10, so the'
\echo 'day''s work wins the CPU; max_rows_per_second and batch_pause_ms can slow it further.'
SELECT batch_size, lock_timeout_ms, batch_pause_ms, max_rows_per_second, cpu_nice
  FROM zeimu.retention_effective_setting('141003', '2026-04-01');

\echo
\echo 'A person row can be deleted by the purge only -- not even by the table owner:'
DO $$
BEGIN
	DELETE FROM zeimu.person WHERE lg_code OPERATOR(zeimu.=) '141003' AND atena_no = 902;
EXCEPTION WHEN insufficient_privilege THEN
	RAISE NOTICE 'refused (%): %', SQLSTATE, SQLERRM;
END
$$;

\echo
\echo 'Runs over the threshold need a second staff member: 100 rows for this municipality.'
INSERT INTO zeimu.retention_setting VALUES ('141003', '2000-01-01', 500, 1000, 100, 'demo: approval over 100 rows');
SELECT zeimu.approve_purge('141003', '2026-04-01', (SELECT sum(rows) FROM demo_plan)::bigint, NULL,
						   'checked the dry run') AS approval_id;
SET zeimu.staff_id = 'OP-003';
CALL zeimu.purge_run('2026-04-01', '141003');

\echo
\echo 'The run record (sealed: its hash is in the access log, which seal_access_log chains):'
SELECT run_id, as_of, status, run_by, staff_id, approval_id, planned_rows, deleted_rows, batches,
	   pg_catalog.left(archive_sha256, 16) || '…' AS archive_sha256, pg_catalog.left(record_sha256, 16) || '…' AS record_sha256
  FROM zeimu.purge_run WHERE lg_code OPERATOR(zeimu.=) '141003';
\echo 'Dry run against the real run, per table (tables with rows):'
SELECT t.table_name, t.class_code, t.action, d.rows AS dry_run, t.planned, t.deleted, t.archived,
	   CASE WHEN coalesce(d.rows, 0) = t.deleted THEN 'same' ELSE 'DIFFERENT' END AS check
  FROM zeimu.purge_run_table t LEFT JOIN demo_plan d ON d.table_name = t.table_name
 WHERE t.lg_code OPERATOR(zeimu.=) '141003' AND (t.planned > 0 OR t.deleted > 0)
 ORDER BY t.purge_order, t.table_name;
SELECT (SELECT sum(rows) FROM demo_plan) AS dry_run_rows, r.deleted_rows AS run_rows
  FROM zeimu.purge_run r WHERE r.lg_code OPERATOR(zeimu.=) '141003';
\echo 'Persons 901-903 after the run (901 and 902 are gone with their numbers):'
SELECT p.atena_no, p.resident, p.death_date, p.business_date,
	   EXISTS (SELECT FROM zeimu.mynumber_vault v WHERE v.lg_code OPERATOR(zeimu.=) p.lg_code AND v.atena_no = p.atena_no) AS number_linked
  FROM zeimu.person p WHERE p.lg_code OPERATOR(zeimu.=) '141003' AND p.atena_no > 900;
SELECT l.seq, l.function_name, l.purpose FROM zeimu.access_log l
  JOIN zeimu.purge_run r ON r.access_log_seq = l.seq AND r.lg_code OPERATOR(zeimu.=) l.lg_code
 WHERE r.lg_code OPERATOR(zeimu.=) '141003';
\echo 'The archive: one lz4-compressed chunk of JSON lines per batch and table, each with its sha256:'
SELECT table_name, count(*) AS chunks, sum(row_count) AS rows, sum(row_count) FILTER (WHERE archived) AS rows_archived,
	   pg_catalog.pg_size_pretty(sum(pg_catalog.pg_column_size(lines))) AS stored
  FROM zeimu.purge_archive WHERE lg_code OPERATOR(zeimu.=) '141003'
 GROUP BY table_name ORDER BY min(archive_seq);

\echo
\echo 'After the run the dry run is empty; an audit reads person 1 back from the archive:'
SELECT count(*) AS still_planned FROM zeimu.purge_plan_rows('2026-04-01', '141003');
SELECT table_name, row_data ->> 'notice_no' AS notice_no, row_data ->> 'principal' AS principal, row_data ->> 'amount' AS amount
  FROM zeimu.restore_purged_person('141003', 1, 'demo audit') ORDER BY table_name, row_key::text;
