-- registry: the vault's key file.  A wrong key, a missing file and a
-- malformed file each give a clear error and never a plaintext; a second
-- key (highest id = active) lets zeimu.rotate_mynumber_keys re-encrypt every
-- row; dropping the old key afterwards is safe, dropping the new one is not.
-- The key file path and the keys are never printed: they only travel in
-- psql variables.
SET client_min_messages = warning;
SET search_path = public, zeimu;
-- Runs a statement and shows its SQLSTATE and message instead of failing.
CREATE FUNCTION regress_try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r text;
BEGIN
	EXECUTE q INTO r;
	RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
-- Waits until this backend has reloaded the configuration.
CREATE FUNCTION regress_reload() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_reload_conf();
	PERFORM pg_sleep(0.3);
END
$$;
SELECT rows_created FROM zeimu.generate_sample('479055', 20, 9) WHERE step = 'registry';
SELECT count(*) AS linked, min(key_id) AS min_key, max(key_id) AS max_key FROM zeimu.mynumber_vault WHERE lg_code = '479055';
SELECT zeimu.reveal_mynumber('479055', 1, 'resident_tax') = zeimu.sample_mynumber(9, 1) AS reveals_with_the_right_key;
-- Paths of the alternative key files, next to the real one.
SELECT current_setting('zeimu.key_file') AS keyfile,
	   current_setting('zeimu.key_file') || '.wrong' AS wrongfile,
	   current_setting('zeimu.key_file') || '.missing' AS missingfile,
	   current_setting('zeimu.key_file') || '.bad' AS badfile,
	   current_setting('zeimu.key_file') || '.two' AS twofile,
	   current_setting('zeimu.key_file') || '.new' AS newfile,
	   (regexp_match(pg_read_file(current_setting('zeimu.key_file')), '(?n)^1 (\S+ \S+)$'))[1] AS key1,
	   encode(gen_random_bytes(32), 'hex') || ' ' || encode(gen_random_bytes(32), 'hex') AS key2
\gset
COPY (SELECT '1 ' || repeat('ab', 32) || ' ' || repeat('cd', 32)) TO :'wrongfile';
COPY (SELECT 'this is not a key') TO :'badfile';
COPY (SELECT l FROM unnest(ARRAY['# old and new key', '1 ' || :'key1', '2 ' || :'key2']) l) TO :'twofile';
COPY (SELECT '2 ' || :'key2') TO :'newfile';
-- 0. COPY writes files readable by group and others (0644): refused.
ALTER SYSTEM SET zeimu.key_file = :'wrongfile';
SELECT regress_reload();
SELECT regress_try($$SELECT zeimu.reveal_mynumber('479055', 1, 'resident_tax')::text$$);
\setenv ZEIMU_KF :keyfile
\! chmod 0600 "$ZEIMU_KF.wrong" "$ZEIMU_KF.bad" "$ZEIMU_KF.two" "$ZEIMU_KF.new"
-- 1. A wrong key: the MAC check fails (XX001), the blind index finds nobody.
SELECT regress_try($$SELECT zeimu.reveal_mynumber('479055', 1, 'resident_tax')::text$$);
SELECT zeimu.find_person_by_mynumber('479055', zeimu.sample_mynumber(9, 1), 'resident_tax') AS found_with_wrong_key;
-- 2. A missing file (58P01) and a malformed one (22023): no fallback.
ALTER SYSTEM SET zeimu.key_file = :'missingfile';
SELECT regress_reload();
SELECT regress_try($$SELECT zeimu.reveal_mynumber('479055', 1, 'resident_tax')::text$$);
SELECT regress_try($$SELECT zeimu.link_mynumber('479055', 2, zeimu.sample_mynumber(9, 2), 'x')$$);
ALTER SYSTEM SET zeimu.key_file = :'badfile';
SELECT regress_reload();
SELECT regress_try($$SELECT zeimu.find_person_by_mynumber('479055', zeimu.sample_mynumber(9, 1), 'resident_tax')::text$$);
ALTER SYSTEM SET zeimu.key_file = '';
SELECT regress_reload();
SELECT regress_try($$SELECT zeimu.reveal_mynumber('479055', 1, 'resident_tax')::text$$);
-- 3. Rotation: keys 1 and 2 loaded, 2 is active.  New links use key 2;
-- rotate_mynumber_keys re-encrypts the rest in batches of 7.
ALTER SYSTEM SET zeimu.key_file = :'twofile';
SELECT regress_reload();
INSERT INTO zeimu.person (lg_code, atena_no, name) VALUES ('479055', 101, 'ローテーション　試験');
SELECT zeimu.link_mynumber('479055', 101, zeimu.sample_mynumber(9, 101), 'rotation test');
SELECT key_id, count(*) FROM zeimu.mynumber_vault WHERE lg_code = '479055' GROUP BY key_id ORDER BY key_id;
SELECT zeimu.find_person_by_mynumber('479055', zeimu.sample_mynumber(9, 1), 'resident_tax') AS found_under_old_key_while_rotating;
CALL zeimu.rotate_mynumber_keys('479055', 7);
SELECT key_id, count(*) FROM zeimu.mynumber_vault WHERE lg_code = '479055' GROUP BY key_id ORDER BY key_id;
CALL zeimu.rotate_mynumber_keys('479055', 7);
-- 4. Only the new key: everything still works.
ALTER SYSTEM SET zeimu.key_file = :'newfile';
SELECT regress_reload();
SELECT count(*) FILTER (WHERE zeimu.reveal_mynumber(lg_code, atena_no, 'resident_tax') = zeimu.sample_mynumber(9, atena_no)) AS reveal_ok,
	   count(*) FILTER (WHERE zeimu.find_person_by_mynumber(lg_code, zeimu.sample_mynumber(9, atena_no), 'resident_tax') = atena_no) AS find_ok,
	   count(*) AS total
  FROM zeimu.mynumber_vault WHERE lg_code = '479055';
-- 5. Back to the old key only: the rotated rows cannot be read (F0000).
ALTER SYSTEM RESET zeimu.key_file;
SELECT regress_reload();
SELECT regress_try($$SELECT zeimu.reveal_mynumber('479055', 1, 'resident_tax')::text$$);
-- The procedure refuses to run inside a transaction block.
BEGIN;
CALL zeimu.rotate_mynumber_keys('479055', 7);
ROLLBACK;
DROP FUNCTION regress_try(text);
DROP FUNCTION regress_reload();
\! rm -f "$ZEIMU_KF.wrong" "$ZEIMU_KF.bad" "$ZEIMU_KF.two" "$ZEIMU_KF.new"
