-- registry: the vault keys never leave the C module.  After a scripted run
-- (links, a conflict, lookups, reveals, errors) no key appears in any
-- catalogue view, in pg_settings, in pg_stat_activity, in any zeimu table or
-- in the server log, and no Individual Number appears in the server log.
BEGIN;
SELECT plan(15);
SET LOCAL search_path = public, zeimu, pg_catalog;

-- The keys, read here as superuser only to look for them elsewhere.
CREATE TEMP TABLE regress_keys AS
	SELECT m[1] AS hex FROM regexp_matches(pg_read_file(current_setting('zeimu.key_file')), '([0-9a-fA-F]{64})', 'g') m;
SELECT cmp_ok((SELECT count(*) FROM regress_keys), '>=', 2::bigint, 'the key file holds an encryption and a blind-index key');

-- The scripted run.
SELECT is((SELECT rows_created FROM zeimu.generate_sample('479063', 50, 13) WHERE step = 'registry'), 50::bigint, 'sample of 50');
SELECT is((SELECT count(*) FROM (SELECT zeimu.reveal_mynumber('479063', atena_no, 'resident_tax'),
										zeimu.find_person_by_mynumber('479063', zeimu.sample_mynumber(13, atena_no), 'collection')
								   FROM zeimu.mynumber_vault WHERE lg_code = '479063') x),
		  (SELECT count(*) FROM zeimu.mynumber_vault WHERE lg_code = '479063'), 'every linked person revealed and found');
SELECT throws_ok($$SELECT zeimu.link_mynumber('479063', (SELECT min(atena_no) FROM zeimu.mynumber_vault WHERE lg_code = '479063'),
											   zeimu.sample_mynumber(13, 9999), 'x')$$, 'ZR001', NULL, 'a conflict');
SELECT throws_ok($$SELECT zeimu.reveal_mynumber('479063', 1, 'no_such_purpose')$$, 'ZR003', NULL, 'a refused purpose');

-- Catalogue views: not one row of any pg_catalog or information_schema view
-- contains a key.
CREATE FUNCTION pg_temp.views_with(p text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	v record;
	n bigint;
BEGIN
	FOR v IN SELECT c.oid::regclass AS rel FROM pg_class c
			  WHERE c.relkind = 'v' AND c.relnamespace IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
	LOOP
		BEGIN
			EXECUTE format('SELECT count(*) FROM %s t WHERE strpos(lower(t::text), lower(%L)) > 0', v.rel, p) INTO n;
		EXCEPTION WHEN OTHERS THEN
			n := 0;		-- a view that cannot be read here (e.g. needs a feature off) holds nothing
		END;
		IF n > 0 THEN
			RETURN NEXT v.rel::text;
		END IF;
	END LOOP;
END
$$;
SELECT ok('pg_settings' IN (SELECT * FROM pg_temp.views_with('zeimu.staff_id')),
		  'control: the view scan does find a string that is there (a zeimu setting''s name)');
SELECT is_empty($$SELECT * FROM regress_keys k, pg_temp.views_with(k.hex)$$, 'no catalogue view shows a key');
SELECT is((SELECT count(*) FROM pg_settings WHERE name = 'zeimu.key_file'), 0::bigint,
		  'zeimu.key_file is not listed in pg_settings, even for a superuser (GUC_NO_SHOW_ALL)');
SELECT is((SELECT count(*) FROM pg_settings s, regress_keys k WHERE strpos(lower(s::text), lower(k.hex)) > 0), 0::bigint,
		  'pg_settings shows no key (zeimu.key_file holds a path, not keys)');
SELECT is((SELECT count(*) FROM pg_stat_activity a, regress_keys k WHERE strpos(lower(coalesce(a.query, '')), lower(k.hex)) > 0), 0::bigint,
		  'no session''s query text holds a key');

-- zeimu's own tables: no key, no plaintext number.
CREATE FUNCTION pg_temp.zeimu_tables_with(p text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	v record;
	n bigint;
BEGIN
	FOR v IN SELECT c.oid::regclass AS rel FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'zeimu'::regnamespace
	LOOP
		EXECUTE format('SELECT count(*) FROM %s t WHERE strpos(t::text, %L) > 0', v.rel, p) INTO n;
		IF n > 0 THEN
			RETURN NEXT v.rel::text;
		END IF;
	END LOOP;
END
$$;
SELECT is_empty($$SELECT * FROM regress_keys k, pg_temp.zeimu_tables_with(lower(k.hex))$$, 'no zeimu table holds a key');
SELECT is_empty($$SELECT * FROM zeimu.mynumber_vault v, pg_temp.zeimu_tables_with(zeimu.sample_mynumber(13, v.atena_no)::text)
				  WHERE v.lg_code = '479063' AND v.atena_no <= 10$$,
				'no zeimu table holds a plaintext Individual Number (checked for ten persons)');

-- The server log (this cluster's, written by every suite so far).
CREATE TEMP TABLE regress_log AS
	SELECT pg_read_file(regexp_replace(current_setting('data_directory'), '/data$', '/server.log')) AS log;
SELECT ok((SELECT log ~ 'zeimu access: lg_code=479063 atena_no=[0-9]+ function=reveal_mynumber purpose=resident_tax' FROM regress_log),
		  'the server log recorded the accesses of this run');
SELECT is((SELECT count(*) FROM regress_keys k, regress_log l WHERE strpos(lower(l.log), lower(k.hex)) > 0), 0::bigint,
		  'the server log holds no key');
SELECT is((SELECT count(*) FROM zeimu.mynumber_vault v, regress_log l
		   WHERE v.lg_code = '479063' AND strpos(l.log, zeimu.sample_mynumber(13, v.atena_no)::text) > 0), 0::bigint,
		  'the server log holds none of the Individual Numbers just used');

SELECT * FROM finish();
ROLLBACK;
