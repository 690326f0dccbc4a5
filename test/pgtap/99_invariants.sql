-- Invariants that hold for every object zeimu installs (DESIGN.md, "Rules
-- that hold everywhere").  They run last so every module's objects exist.
BEGIN;
SELECT plan(8);

-- Nothing executable by PUBLIC: a NULL proacl means the default grant to PUBLIC.
SELECT is_empty($$
	SELECT p.oid::regprocedure::text
	FROM pg_catalog.pg_proc p
	WHERE p.pronamespace = 'zeimu'::regnamespace
	  AND (p.proacl IS NULL
	       OR EXISTS (SELECT FROM pg_catalog.aclexplode(p.proacl) a WHERE a.grantee = 0))
$$, 'no zeimu function or procedure is executable by PUBLIC');

SELECT is_empty($$
	SELECT c.oid::regclass::text
	FROM pg_catalog.pg_class c
	WHERE c.relnamespace IN (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname LIKE 'zeimu%')
	  AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
	  AND EXISTS (SELECT FROM pg_catalog.aclexplode(c.relacl) a WHERE a.grantee = 0)
$$, 'no zeimu table, view or sequence grants anything to PUBLIC');

SELECT is_empty($$
	SELECT n.nspname
	FROM pg_catalog.pg_namespace n
	WHERE n.nspname LIKE 'zeimu%'
	  AND EXISTS (SELECT FROM pg_catalog.aclexplode(n.nspacl) a WHERE a.grantee = 0)
$$, 'no zeimu schema grants anything to PUBLIC');

-- Every SQL or PL/pgSQL function pins search_path (C and internal functions
-- do no name lookup of their own).
SELECT is_empty($$
	SELECT p.oid::regprocedure::text
	FROM pg_catalog.pg_proc p
	JOIN pg_catalog.pg_language l ON l.oid = p.prolang
	WHERE p.pronamespace = 'zeimu'::regnamespace
	  AND l.lanname NOT IN ('c', 'internal')
	  AND NOT EXISTS (SELECT FROM unnest(p.proconfig) cfg WHERE cfg LIKE 'search\_path=%')
$$, 'every SQL and PL/pgSQL function in zeimu pins search_path');

SELECT is_empty($$
	SELECT p.oid::regprocedure::text
	FROM pg_catalog.pg_proc p
	WHERE p.pronamespace = 'zeimu'::regnamespace
	  AND p.prosecdef
	  AND NOT EXISTS (SELECT FROM unnest(p.proconfig) cfg
	                  WHERE cfg LIKE 'search\_path=%pg\_temp%')
$$, 'every SECURITY DEFINER function pins a search_path ending in pg_temp');

-- Personal data: every table holding an atena number has RLS enabled and forced.
SELECT is_empty($$
	SELECT c.oid::regclass::text
	FROM pg_catalog.pg_class c
	WHERE c.relnamespace = 'zeimu'::regnamespace
	  AND c.relkind IN ('r', 'p')
	  AND EXISTS (SELECT FROM pg_catalog.pg_attribute a
	              WHERE a.attrelid = c.oid AND a.attname = 'atena_no' AND NOT a.attisdropped)
	  AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
$$, 'every table with personal data has row level security enabled and forced');

-- Every table leads its primary key with lg_code (DESIGN.md: one database,
-- many municipalities; distribution by that key later).
SELECT is_empty($$
	SELECT c.oid::regclass::text
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'
	JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
	WHERE c.relnamespace = 'zeimu'::regnamespace
	  AND a.attname <> 'lg_code'
$$, 'every zeimu primary key leads with lg_code');

-- The extension is not trusted: a non-superuser cannot create it.
SELECT is((SELECT trusted FROM pg_catalog.pg_available_extension_versions
           WHERE name = 'zeimu' AND installed), false, 'zeimu is not a trusted extension');

SELECT * FROM finish();
ROLLBACK;
