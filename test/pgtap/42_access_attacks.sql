-- access (issue 4): attacks on row security and on zeimu's SECURITY DEFINER
-- functions, and the plans of office-scoped lookups.  Staff member
-- regress_a1 (levy, office T1 of 131016) is the attacker throughout; office
-- T2's rows are the target.
BEGIN;
-- zeimu.lg_code columns compare with zeimu's = operator.
SET LOCAL search_path = public, zeimu;

INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131016', '千代田区', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind)
SELECT '131016', 'T' || k, '事務所' || k, 'tax_office' FROM generate_series(1, 40) k;
-- 8 000 persons, 200 in each of 40 offices: atena n is in office
-- T(1 + n % 40); the names of office T2 (the target) start with 'SECRET'.
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, office_code)
SELECT '131016', n, CASE WHEN n % 40 = 1 THEN 'SECRET ' ELSE '公開 ' END || (n % 7), 'カナ', 'T' || (1 + n % 40)
FROM generate_series(1, 8000) n;
ANALYZE zeimu.person;
SELECT zeimu.register_staff('131016', 'A1', 'regress_a1', 'Attacker', ARRAY['levy'], ARRAY['T1']);
SELECT zeimu.register_staff('131016', 'C1', 'regress_c1', 'Counter', ARRAY['counter'], ARRAY['T1']);

SELECT plan(22);

-- ---- a leaky function in a user predicate ------------------------------------
-- As in PostgreSQL's rowsecurity test: a very cheap function that leaks its
-- argument (here into a table the attacker owns; RAISE NOTICE is the same
-- channel, shown in sql/access_copy.sql).  The policy is evaluated first.
SET LOCAL ROLE regress_a1;
CREATE TEMP TABLE loot (v text);
CREATE FUNCTION pg_temp.leak(text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
	INSERT INTO pg_temp.loot VALUES ($1);
	RETURN true;
END $$;
SELECT count(*) FROM zeimu.person WHERE pg_temp.leak(name) \g /dev/null
RESET ROLE;
SELECT is((SELECT count(*)::int FROM loot), 200, 'the leaky function saw the 200 rows of office T1 only');
SELECT is((SELECT count(*)::int FROM loot WHERE v LIKE 'SECRET%'), 0, 'and no name of office T2');

-- ---- a user-defined operator ---------------------------------------------------
SET LOCAL ROLE regress_a1;
CREATE FUNCTION pg_temp.leak2(text, text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
	INSERT INTO pg_temp.loot VALUES ($1);
	RETURN true;
END $$;
CREATE OPERATOR pg_temp.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_temp.leak2, RESTRICT = eqsel);
TRUNCATE loot;
SELECT count(*) FROM zeimu.person WHERE name OPERATOR(pg_temp.===) 'x' \g /dev/null
RESET ROLE;
SELECT is((SELECT count(*)::int FROM loot WHERE v LIKE 'SECRET%'), 0, 'a user-defined operator sees no name of office T2');
SELECT is((SELECT count(*)::int FROM loot), 200, 'it sees the 200 rows of office T1');

-- ---- leaks through a sub-select or a join ------------------------------------
SET LOCAL ROLE regress_a1;
TRUNCATE loot;
SELECT count(*) FROM zeimu.person p JOIN zeimu.person q ON pg_temp.leak(q.name) AND q.atena_no = p.atena_no \g /dev/null
RESET ROLE;
SELECT is((SELECT count(*)::int FROM loot WHERE v LIKE 'SECRET%'), 0, 'a leaky join condition sees no name of office T2');

-- ---- search_path hijack ----------------------------------------------------------
-- The attacker shadows functions and operators a SECURITY DEFINER function
-- uses (pg_temp first, then a schema of its own), then calls it.  Every zeimu
-- function pins search_path = pg_catalog, pg_temp and qualifies its calls,
-- and the policies were bound to their operators when created.
SET LOCAL ROLE regress_c1;
CREATE FUNCTION pg_temp.btrim(text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
CREATE FUNCTION pg_temp.my_offices() RETURNS text[] LANGUAGE sql AS $$ SELECT ARRAY['T1', 'T2', 'T3', 'T4'] $$;
CREATE FUNCTION pg_temp.texteq_true(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR pg_temp.= (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_temp.texteq_true);
SET LOCAL search_path = pg_temp, zeimu, public, pg_catalog;
SELECT throws_ok($$SELECT * FROM zeimu.counter_person('131016', 1, 'x')$$, 'P0002', 'no such person in your offices',
	'a shadowed = and my_offices() do not open another office to a SECURITY DEFINER function');
SELECT throws_ok($$SELECT * FROM zeimu.counter_person('131016', 4, ' ')$$, '22023', 'the purpose of the lookup is required',
	'a shadowed btrim() does not defeat the purpose check');
SET LOCAL search_path = public, zeimu;
RESET ROLE;
-- (the session's pg_temp still holds the shadowing = and my_offices())
SET LOCAL ROLE regress_a1;
SET LOCAL search_path = pg_temp, zeimu, public, pg_catalog;
SELECT is((SELECT count(*)::int FROM zeimu.person), 200, 'a hijacked search_path does not change what the policy lets through');
SET LOCAL search_path = public, zeimu;
SELECT throws_ok($$CREATE FUNCTION public.my_offices() RETURNS text[] LANGUAGE sql AS 'SELECT NULL::text[]'$$, '42501', NULL,
	'staff cannot create functions in public (nothing to shadow with but pg_temp)');
SELECT throws_ok($$CREATE FUNCTION zeimu.my_offices2() RETURNS text[] LANGUAGE sql AS 'SELECT NULL::text[]'$$, '42501', NULL,
	'staff cannot create objects in schema zeimu');
RESET ROLE;

-- ---- SECURITY DEFINER misuse ------------------------------------------------------
-- (1) every SQL or PL/pgSQL SECURITY DEFINER function of the access module
-- that a role can execute calls assert_access first (or is a policy helper
-- that returns nothing to a login without access).
SELECT is_empty($$
	SELECT p.oid::regprocedure FROM pg_proc p
	WHERE p.pronamespace = 'zeimu'::regnamespace AND p.prosecdef
	  AND p.proname IN ('register_staff', 'revoke_staff', 'record_rights_review', 'rights_drift', 'apply_rights',
						'add_right', 'grant_contractor_access', 'end_contractor_access', 'register_approval_kind',
						'request_approval', 'approve', 'session_report', 'rights_review', 'counter_person',
						'counter_verify_identity')
	  AND p.prosrc NOT LIKE '%PERFORM @extschema@.assert_access(%' AND p.prosrc NOT LIKE '%PERFORM zeimu.assert_access(%'$$,
	'every public SECURITY DEFINER function of the access module calls assert_access first');
SELECT is_empty($$
	SELECT p.oid::regprocedure FROM pg_proc p
	WHERE p.pronamespace = 'zeimu'::regnamespace AND p.prosecdef
	  AND p.proname IN ('access_principal', 'assert_access', 'consume_approval', 'access_end_grant',
						'access_set_right', 'access_role_settings', 'sample_sessions', 'expire_contractor_access')
	  AND EXISTS (SELECT FROM aclexplode(p.proacl) a WHERE a.grantee <> p.proowner)$$,
	'internal functions are executable by nobody but their owner');
-- (2) a caller cannot borrow a SECURITY DEFINER function's identity for the
-- policies: inside it the helpers still see the caller (the outer role).
CREATE FUNCTION public.regress_definer_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp AS $$ SELECT pg_catalog.cardinality(zeimu.my_offices())::bigint $$;
GRANT EXECUTE ON FUNCTION public.regress_definer_count() TO regress_a1;
SET LOCAL ROLE regress_a1;
SELECT is(public.regress_definer_count(), 1::bigint, 'inside a superuser''s SECURITY DEFINER function my_offices() is still the caller''s (1 office)');
-- (3) the attacker's own SECURITY DEFINER function runs as the attacker: no gain.
CREATE FUNCTION pg_temp.mine() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT count(*) FROM zeimu.person $$;
SELECT is(pg_temp.mine(), 200::bigint, 'a SECURITY DEFINER function of the attacker sees what the attacker sees');
-- (4) SET ROLE to a duty role, or to another staff member, does not widen anything.
RESET ROLE;
SELECT ok(NOT pg_has_role('regress_a1', 'regress_c1', 'MEMBER') AND NOT pg_has_role('regress_a1', 'zeimu_counter', 'MEMBER'),
	'a staff member is no member of a colleague''s login nor of duties it does not hold (cannot SET ROLE to them)');
SET LOCAL ROLE regress_a1;
SET LOCAL ROLE zeimu_levy;
SELECT is((SELECT count(*)::int FROM zeimu.person), 0, 'SET ROLE to the duty role itself sees nothing (no staff record)');
RESET ROLE;
-- (5) the internal check refuses the superuser path unless asked: a superuser
-- is not an active staff member of any municipality.
SELECT throws_ok($$SELECT zeimu.request_approval('x', '{}', 'y')$$, '42501', 'access denied: the login is not an active staff member',
	'a superuser session is not a staff member either');

-- ---- plans: the office-scoped lookups stay index scans ---------------------------
CREATE FUNCTION pg_temp.plan_as(p_role name, p_sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r record;
	out text := '';
BEGIN
	EXECUTE format('SET LOCAL ROLE %I', p_role);
	FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || p_sql LOOP
		out := out || r."QUERY PLAN" || E'\n';
	END LOOP;
	RESET ROLE;
	RETURN out;
END $$;
-- by atena number: the primary key; the policy's municipality (InitPlan $0)
-- becomes a one-time check against the query's, the office a filter on the
-- one row; no per-row SubPlan.
SELECT matches(pg_temp.plan_as('regress_a1', $$SELECT * FROM zeimu.person WHERE lg_code = '131016' AND atena_no = 42$$),
	'One-Time Filter: \(\$0 = ''131016''::lg_code\).*Index Scan using person_pkey on person\s+Index Cond: \(\(lg_code = ''131016''::lg_code\) AND \(atena_no = 42\)\)\s+Filter: \(office_code = ANY \(\$1\)\)',
	'lookup by atena number: Index Cond on the primary key, the policy checked once');
SELECT unalike(pg_temp.plan_as('regress_a1', $$SELECT * FROM zeimu.person WHERE lg_code = '131016' AND atena_no = 42$$),
	'%SubPlan%', 'lookup by atena number: the policy is no per-row SubPlan');
-- by name: the name key is an Index Cond (of (lg_code, name_key) or of
-- (lg_code, office_code, name_key), as the statistics make it cheaper).
SELECT matches(pg_temp.plan_as('regress_a1', $$SELECT * FROM zeimu.person WHERE lg_code = '131016' AND name_key = zeimu.normalize_name('公開 4')$$),
	'Index Cond: \(\(lg_code = ''131016''::lg_code\) AND .*\(name_key = ''公開4''::text\)\)',
	'lookup by name: the name key is an Index Cond under the policy');
SELECT unalike(pg_temp.plan_as('regress_a1', $$SELECT * FROM zeimu.person WHERE lg_code = '131016' AND name_key = zeimu.normalize_name('公開 4')$$),
	'%Seq Scan%', 'lookup by name: no sequential scan');
-- the office's rows: the policy alone drives an index led by (lg_code, office_code).
SELECT matches(pg_temp.plan_as('regress_a1', $$SELECT count(*) FROM zeimu.person$$),
	'Index Cond: \(\(lg_code = \$0\) AND \(office_code = ANY \(\$1\)\)\)',
	'listing the office: lg_code = (its municipality) AND office_code = ANY(its offices) is the Index Cond');

SELECT * FROM finish();
ROLLBACK;
