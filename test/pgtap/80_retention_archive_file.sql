-- retention: the encrypted archive file (pgcrypto PGP, public key in
-- zeimu.retention_archive_key) and the audit restore from it.
-- One paid installment of person 1, due 2019-03-31: as of 2026-04-01 past
-- the 7-year cutoff 2019-04-01, so its installment, payment and allocation
-- (3 rows) go, all archived.
\set pub `cat test/fixtures/retention_test_key.pub.asc`
\set sec `cat test/fixtures/retention_test_key.sec.asc`
BEGIN;
SELECT plan(10);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
CREATE ROLE regress_purge_operator NOLOGIN IN ROLE zeimu_purge_operator;
SELECT zeimu.register_staff('131130', 'PURGE-OP', 'regress_purge_operator', 'Purge operator', ARRAY['purge_operator'], '{}', true);
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal)
VALUES ('131130', 1, 'fixed_asset', 2018, 'F1', 1, '2019-03-31', '2019-04-01', 12345);
DO $$ BEGIN PERFORM zeimu.post_payment('131130', 'bank', 'F1', (SELECT installment_id FROM zeimu.collection_installment WHERE notice_no = 'F1'),
	12345, '2019-03-01', '2019-03-02'); END $$;
INSERT INTO zeimu.retention_archive_key VALUES ('131130', current_setting('data_directory'), :'pub', 'test key');

SELECT zeimu.purge_start('2026-04-01', '131130', ARRAY['collection_ledger']) AS run \gset
DO $$ BEGIN WHILE zeimu.purge_batch('131130', (SELECT run_id FROM zeimu.purge_run WHERE status = 'running')) > 0 LOOP END LOOP; END $$;
SELECT is((zeimu.purge_finish('131130', :run) ->> 'deleted_rows')::bigint, 3::bigint, 'the run removed installment, payment and allocation');

SELECT is((SELECT archive_file FROM zeimu.purge_run WHERE run_id = :run),
	current_setting('data_directory') || '/zeimu_purge_131130_' || :run || '.asc', 'the run record names the file');
SELECT is((SELECT encode(sha256(convert_to(pg_read_file(archive_file), 'UTF8')), 'hex') FROM zeimu.purge_run WHERE run_id = :run),
	(SELECT archive_file_sha256 FROM zeimu.purge_run WHERE run_id = :run), 'the file''s sha256 is the one in the run record');
SELECT ok((SELECT pg_read_file(archive_file) LIKE '-----BEGIN PGP MESSAGE-----%' AND pg_read_file(archive_file) NOT LIKE '%12345%'
		   FROM zeimu.purge_run WHERE run_id = :run), 'the file is a PGP message: no amount in clear');
SELECT ok((SELECT l.purpose LIKE '%file %' || r.archive_file_sha256 || '%' FROM zeimu.access_log l JOIN zeimu.purge_run r ON r.access_log_seq = l.seq
		   WHERE r.run_id = :run), 'the sealed log row names the file''s sha256');
SELECT is((SELECT (length(pg_read_file(archive_file)) - length(replace(pg_read_file(archive_file), '-----BEGIN PGP MESSAGE-----', ''))) / 27
			 FROM zeimu.purge_run WHERE run_id = :run),
	(SELECT count(*)::int FROM zeimu.purge_archive WHERE run_id = :run),
	'one PGP message per archive chunk (three tables, three chunks): only one chunk is ever in memory');

SET ROLE regress_purge_operator;
SELECT results_eq(format($$SELECT table_name, coalesce(row_data ->> 'principal', row_data ->> 'amount') FROM zeimu.restore_purged_person_from_file('131130', %s, 1, %L, 'audit') ORDER BY 1$$, :run, :'sec'),
	$$VALUES ('collection_allocation'::text, '12345'::text), ('collection_installment', '12345'), ('collection_payment', '12345')$$,
	'person 1 read back from the decrypted file: 12,345 yen installment, payment and allocation');
SELECT is((SELECT count(*) FROM zeimu.restore_purged_person_from_file('131130', :run, 2, :'sec', 'audit')), 0::bigint,
	'nobody else is in the file');
SELECT throws_ok(format($$SELECT * FROM zeimu.restore_purged_person_from_file('131130', %s, 1, %L, 'audit')$$, :run, :'pub'),
	'28000', NULL, 'the public key cannot decrypt it');
RESET ROLE;
-- The file is replaced.
SELECT format('COPY (SELECT ''-----BEGIN PGP MESSAGE-----'') TO %L', archive_file) AS cp FROM zeimu.purge_run WHERE run_id = :run \gset
:cp;
SET ROLE regress_purge_operator;
SELECT throws_ok(format($$SELECT * FROM zeimu.restore_purged_person_from_file('131130', %s, 1, %L, 'audit')$$, :run, :'sec'),
	'XX001', NULL, 'a replaced file is detected by its checksum');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
