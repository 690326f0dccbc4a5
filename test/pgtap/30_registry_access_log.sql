-- registry: the access log -- append-only for everybody but the purge role,
-- sealing into a SHA-256 chain in batches, verification that finds an
-- updated, deleted or re-ordered row, head export, and the server-log line
-- that survives a rollback.
BEGIN;
SELECT plan(32);
SET LOCAL search_path = public, zeimu, pg_catalog;

SELECT is((SELECT rows_created FROM zeimu.generate_sample('479039', 40, 11) WHERE step = 'registry'), 40::bigint, 'sample');
-- Ten lookups of ten individuals -> ten access-log rows; a sequence value is
-- skipped after each so that a forged row can later be slipped in between.
SELECT is((SELECT count(zeimu.find_person_by_mynumber('479039', zeimu.sample_mynumber(11, p.atena_no), 'resident_tax'))
				  + 0 * count(nextval(pg_get_serial_sequence('zeimu.access_log', 'seq')))
		   FROM (SELECT atena_no FROM zeimu.person WHERE lg_code = '479039' AND kind = 'individual' ORDER BY atena_no LIMIT 10) p),
		  10::bigint, 'ten lookups');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code = '479039'), 10::bigint, 'ten access-log rows');

-- Sealing in batches of 4: 4 + 4 + 2, then nothing left.
SELECT is(ARRAY[zeimu.seal_access_log_batch('479039', 4, '0'), zeimu.seal_access_log_batch('479039', 4, '0'),
				zeimu.seal_access_log_batch('479039', 4, '0'), zeimu.seal_access_log_batch('479039', 4, '0')],
		  ARRAY[4, 4, 2, 0]::bigint[], 'sealed 4 + 4 + 2 rows, then 0 (idempotent)');
SELECT is((SELECT array[min(link_no), max(link_no), count(*)] FROM zeimu.access_log_seal WHERE lg_code = '479039'),
		  ARRAY[1, 10, 10]::bigint[], 'links 1..10 without gaps');
-- Link 1 = sha256(32 zero bytes || row_hash 1); link 2 = sha256(link 1 || row_hash 2).
SELECT is((SELECT chain_hash FROM zeimu.access_log_seal WHERE lg_code = '479039' AND link_no = 1),
		  (SELECT sha256(decode(repeat('00', 32), 'hex') || row_hash) FROM zeimu.access_log_seal WHERE lg_code = '479039' AND link_no = 1),
		  'the first link chains from 32 zero bytes');
SELECT is((SELECT s2.chain_hash FROM zeimu.access_log_seal s2 WHERE s2.lg_code = '479039' AND s2.link_no = 2),
		  (SELECT sha256(s1.chain_hash || s2.row_hash) FROM zeimu.access_log_seal s1, zeimu.access_log_seal s2
		   WHERE s1.lg_code = '479039' AND s1.link_no = 1 AND s2.lg_code = '479039' AND s2.link_no = 2),
		  'each link is sha256(previous link || row hash)');
SELECT is((SELECT s.row_hash FROM zeimu.access_log_seal s WHERE s.lg_code = '479039' AND s.link_no = 3),
		  (SELECT zeimu.access_log_row_hash(l) FROM zeimu.access_log l
		   JOIN zeimu.access_log_seal s ON s.lg_code = l.lg_code AND s.seq = l.seq WHERE s.lg_code = '479039' AND s.link_no = 3),
		  'the row hash is zeimu.access_log_row_hash of the row');
SELECT is((SELECT count(DISTINCT zeimu.access_log_row_hash(ROW(l.lg_code, l.seq, l.logged_at, l.session_user_name,
				   l.current_user_name, v.p, l.atena_no, l.function_name, l.purpose, l.client_addr, l.txid)::zeimu.access_log))
		   FROM (SELECT * FROM zeimu.access_log WHERE lg_code = '479039' ORDER BY seq LIMIT 1) l,
				(VALUES (NULL::text), (''), ('a')) v(p)),
		  3::bigint, 'NULL, empty and a letter in one column give three different row hashes');
SELECT is_empty($$SELECT * FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')$$, 'an untouched chain verifies');
SELECT is((SELECT array[link_no::text, length(chain_hash)::text] FROM zeimu.export_access_log_head('479039')),
		  ARRAY['10', '64'], 'the exported head is link 10, 64 hex digits');

-- Append-only, even for a superuser with the triggers on.
SELECT throws_ok($$UPDATE zeimu.access_log SET purpose = 'x' WHERE lg_code = '479039'$$, '42501', NULL, 'no UPDATE of log rows');
SELECT throws_ok($$DELETE FROM zeimu.access_log WHERE lg_code = '479039'$$, '42501', NULL, 'no DELETE of recent log rows');
SELECT throws_ok($$TRUNCATE zeimu.access_log$$, '42501', NULL, 'no TRUNCATE of the log');
SELECT throws_ok($$UPDATE zeimu.access_log_seal SET chain_hash = row_hash WHERE lg_code = '479039'$$, '42501', NULL, 'no UPDATE of seals');
SELECT ok((SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'zeimu.access_log'::regclass),
		  'RLS is enabled and forced on the access log (binds its owner)');

-- The purge operator deletes only rows older than 5 years.
INSERT INTO zeimu.access_log (lg_code, logged_at, session_user_name, current_user_name, atena_no, function_name, txid)
VALUES ('479039', now() - interval '5 years 1 day', 'old', 'old', 1, 'reveal_mynumber', 1);
CREATE ROLE regress_purger NOLOGIN IN ROLE zeimu_purge_operator;
SET LOCAL ROLE regress_purger;
WITH d AS (DELETE FROM zeimu.access_log WHERE lg_code = '479039' AND session_user_name <> 'old' RETURNING 1)
SELECT is((SELECT count(*) FROM d), 0::bigint, 'the purge role cannot delete rows younger than 5 years');
WITH d AS (DELETE FROM zeimu.access_log WHERE lg_code = '479039' AND session_user_name = 'old' RETURNING 1)
SELECT is((SELECT count(*) FROM d), 1::bigint, 'the purge role deletes a row of 5 years and 1 day');
SELECT throws_ok($$UPDATE zeimu.access_log SET purpose = 'x' WHERE lg_code = '479039'$$, '42501', NULL, 'the purge role cannot update');
RESET ROLE;

-- Tampering, simulated by a superuser with triggers off; verify names the
-- first broken link.
SET LOCAL session_replication_role = replica;
SAVEPOINT t;
UPDATE zeimu.access_log l SET purpose = 'collection' FROM zeimu.access_log_seal s
 WHERE s.lg_code = '479039' AND s.link_no = 3 AND l.lg_code = s.lg_code AND l.seq = s.seq;
SELECT is((SELECT array[link_no::text, problem] FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')),
		  ARRAY['3', 'row_altered'], 'an updated row is found at its link');
ROLLBACK TO SAVEPOINT t;
DELETE FROM zeimu.access_log l USING zeimu.access_log_seal s
 WHERE s.lg_code = '479039' AND s.link_no = 5 AND l.lg_code = s.lg_code AND l.seq = s.seq;
SELECT is((SELECT array[link_no::text, problem] FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')),
		  ARRAY['5', 'row_deleted'], 'a deleted row is found at its link');
ROLLBACK TO SAVEPOINT t;
-- Re-order: rows 6 and 7 swap their contents (who was read and by which function).
UPDATE zeimu.access_log l SET atena_no = o.atena_no, function_name = o.function_name, logged_at = o.logged_at
  FROM zeimu.access_log_seal s, zeimu.access_log_seal so, zeimu.access_log o
 WHERE s.lg_code = '479039' AND so.lg_code = '479039'
   AND ((s.link_no = 6 AND so.link_no = 7) OR (s.link_no = 7 AND so.link_no = 6))
   AND l.lg_code = s.lg_code AND l.seq = s.seq AND o.lg_code = so.lg_code AND o.seq = so.seq;
SELECT is((SELECT array[link_no::text, problem] FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')),
		  ARRAY['6', 'row_altered'], 'two re-ordered rows are found at the first of them');
ROLLBACK TO SAVEPOINT t;
UPDATE zeimu.access_log_seal SET chain_hash = sha256(chain_hash) WHERE lg_code = '479039' AND link_no = 8;
SELECT is((SELECT array[link_no::text, problem] FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')),
		  ARRAY['8', 'chain_broken'], 'an altered chain hash is found');
ROLLBACK TO SAVEPOINT t;
DELETE FROM zeimu.access_log_seal WHERE lg_code = '479039' AND link_no = 9;
SELECT is((SELECT array[link_no::text, problem] FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')),
		  ARRAY['10', 'link_missing'], 'a removed seal shows as a missing link before link 10');
ROLLBACK TO SAVEPOINT t;
-- A forged row inserted after sealing, inside the sealed range.
INSERT INTO zeimu.access_log (lg_code, seq, session_user_name, current_user_name, atena_no, function_name, txid)
OVERRIDING SYSTEM VALUE
SELECT '479039', s.seq + 1, 'forger', 'forger', 1, 'reveal_mynumber', 1
  FROM zeimu.access_log_seal s WHERE s.lg_code = '479039' AND s.link_no = 4
   AND NOT EXISTS (SELECT FROM zeimu.access_log l WHERE l.lg_code = '479039' AND l.seq = s.seq + 1);
SELECT is((SELECT problem FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')),
		  'unsealed_row_inside_chain', 'a row slipped into the sealed range is found');
ROLLBACK TO SAVEPOINT t;
UPDATE zeimu.access_log_head_export SET chain_hash = sha256(chain_hash) WHERE lg_code = '479039';
SELECT is((SELECT array[link_no::text, problem] FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')),
		  ARRAY['10', 'exported_head_mismatch'], 'a head that differs from the exported one is found');
ROLLBACK TO SAVEPOINT t;
RESET session_replication_role;
SELECT is_empty($$SELECT * FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')$$, 'intact again after the rollbacks');

-- New rows continue the chain from the stored head.
SELECT zeimu.reveal_mynumber('479039', (SELECT min(atena_no) FROM zeimu.mynumber_vault WHERE lg_code = '479039'), 'resident_tax') IS NOT NULL AS revealed;
SELECT is(zeimu.seal_access_log_batch('479039', 100, '0'), 1::bigint, 'one new row sealed');
SELECT is((SELECT s11.chain_hash FROM zeimu.access_log_seal s11 WHERE s11.lg_code = '479039' AND s11.link_no = 11),
		  (SELECT sha256(s10.chain_hash || s11.row_hash) FROM zeimu.access_log_seal s10, zeimu.access_log_seal s11
		   WHERE s10.lg_code = '479039' AND s10.link_no = 10 AND s11.lg_code = '479039' AND s11.link_no = 11),
		  'link 11 continues from link 10');
SELECT is_empty($$SELECT * FROM zeimu.verify_access_log('-infinity', 'infinity', '479039')$$, 'the longer chain verifies');

-- The server-log line survives the caller's rollback; the table row does not.
SELECT set_config('zeimu.staff_id', 'S-RB-' || txid_current(), true) AS staff \gset
SAVEPOINT rb;
SELECT zeimu.reveal_mynumber('479039', (SELECT min(atena_no) FROM zeimu.mynumber_vault WHERE lg_code = '479039'), 'collection') IS NOT NULL AS revealed;
ROLLBACK TO SAVEPOINT rb;
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE staff_id = :'staff'), 0::bigint, 'the rolled-back row is gone from the table');
SELECT ok(pg_read_file(regexp_replace(current_setting('data_directory'), '/data$', '/server.log'))
		  ~ ('zeimu access: lg_code=479039 atena_no=[0-9]+ function=reveal_mynumber purpose=collection session_user=[^ ]+ current_user=[^ ]+ staff_id=' || :'staff'),
		  'the server log kept the access after the rollback');

SELECT * FROM finish();
ROLLBACK;
