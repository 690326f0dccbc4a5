-- The identifier types as the catalog sees them: complete operator classes,
-- function labels, casts, privileges, and what LEAKPROOF buys under
-- row-level security.

-- contrib/isn's amvalidate query: every operator class zeimu (or anything
-- else installed) defines must validate.
SELECT amname, opcname
FROM (SELECT amname, opcname, opc.oid
      FROM pg_opclass opc LEFT JOIN pg_am am ON am.oid = opcmethod
      WHERE opc.oid >= 16384
      ORDER BY 1, 2 OFFSET 0) ss
WHERE NOT amvalidate(oid);
-- and zeimu has one btree and one hash class per type, all valid
SELECT am.amname, opc.opcname, opc.opcintype::regtype, opc.opcdefault, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcnamespace = 'zeimu'::regnamespace
ORDER BY 3, 1;
-- each btree class has support functions 1 (cmp), 2 (sortsupport), 4 (equalimage);
-- each hash class 1 (hash) and 2 (extended hash)
SELECT opf.opfname, am.amname, string_agg(amp.amprocnum::text, ',' ORDER BY amp.amprocnum) AS support
FROM pg_amproc amp JOIN pg_opfamily opf ON opf.oid = amp.amprocfamily JOIN pg_am am ON am.oid = opf.opfmethod
WHERE opf.opfnamespace = 'zeimu'::regnamespace
GROUP BY 1, 2 ORDER BY 1, 2;

-- Labels of every zeimu function of the identifier types.  LEAKPROOF is
-- exactly the comparison and hash functions (they cannot fail and return
-- only the comparison or hash); input, validation and conversion functions
-- are not, because their errors describe their argument.  All are IMMUTABLE,
-- PARALLEL SAFE, STRICT and not SECURITY DEFINER.
SELECT p.oid::regprocedure AS function,
       l.lanname, p.provolatile, p.proparallel, p.proisstrict, p.proleakproof, p.prosecdef
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'zeimu'::regnamespace
  AND p.proname ~ '^((mynumber|corporate_number|lg_code)(_(in|out|recv|send|eq|ne|lt|le|gt|ge|cmp|sortsupport|hash|hash_extended|is_valid|check_digit|mask|prefecture))?|(to_)?invoice_registration_number(_is_valid)?)$'
ORDER BY p.proname, p.oid::regprocedure::text;
SELECT count(*) AS functions,
       count(*) FILTER (WHERE proleakproof) AS leakproof,
       count(*) FILTER (WHERE proleakproof AND proname !~ '_(eq|ne|lt|le|gt|ge|cmp|hash|hash_extended)$') AS leakproof_not_comparison,
       count(*) FILTER (WHERE NOT proleakproof AND proname ~ '_(eq|ne|lt|le|gt|ge|cmp|hash|hash_extended)$') AS comparison_not_leakproof,
       count(*) FILTER (WHERE provolatile <> 'i' OR proparallel <> 's' OR NOT proisstrict OR prosecdef) AS other_labels
FROM pg_proc
WHERE pronamespace = 'zeimu'::regnamespace
  AND proname ~ '^((mynumber|corporate_number|lg_code)(_(in|out|recv|send|eq|ne|lt|le|gt|ge|cmp|sortsupport|hash|hash_extended|is_valid|check_digit|mask|prefecture))?|(to_)?invoice_registration_number(_is_valid)?)$';

-- Casts: text -> type validates (assignment); type -> text explicit for
-- mynumber, assignment for the public codes; bigint -> mynumber and
-- bigint -> corporate_number explicit through a validating function.
SELECT c.castsource::regtype AS source, c.casttarget::regtype AS target,
       CASE c.castcontext WHEN 'e' THEN 'explicit' WHEN 'a' THEN 'assignment' ELSE 'implicit' END AS context,
       CASE c.castmethod WHEN 'f' THEN c.castfunc::regprocedure::text WHEN 'i' THEN 'inout' ELSE 'binary' END AS method
FROM pg_cast c
WHERE c.castsource IN ('zeimu.mynumber'::regtype, 'zeimu.corporate_number'::regtype, 'zeimu.lg_code'::regtype)
   OR c.casttarget IN ('zeimu.mynumber'::regtype, 'zeimu.corporate_number'::regtype, 'zeimu.lg_code'::regtype)
ORDER BY 2, 1;

-- Privileges: zeimu_user may execute every one of these functions, PUBLIC none.
SELECT count(*) AS functions,
       count(*) FILTER (WHERE has_function_privilege('zeimu_user', p.oid, 'EXECUTE')) AS zeimu_user_can,
       count(*) FILTER (WHERE EXISTS (SELECT FROM aclexplode(p.proacl) a WHERE a.grantee = 0)) AS public_can
FROM pg_proc p
WHERE p.pronamespace = 'zeimu'::regnamespace
  AND p.proname ~ '^((mynumber|corporate_number|lg_code)(_(in|out|recv|send|eq|ne|lt|le|gt|ge|cmp|sortsupport|hash|hash_extended|is_valid|check_digit|mask|prefecture))?|(to_)?invoice_registration_number(_is_valid)?)$';

-- and the types themselves: USAGE for zeimu_user, not PUBLIC
SELECT t::regtype AS type, has_type_privilege('zeimu_user', t, 'USAGE') AS zeimu_user_usage,
       EXISTS (SELECT FROM pg_type ty, aclexplode(ty.typacl) a WHERE ty.oid = t AND a.grantee = 0) AS public_usage
FROM unnest(ARRAY['zeimu.mynumber'::regtype::oid, 'zeimu.corporate_number'::regtype, 'zeimu.lg_code'::regtype]) t;

-- A clerk (member of zeimu_user) can use all three types; a role outside it cannot.
CREATE ROLE regress_ident_clerk LOGIN IN ROLE zeimu_user;
CREATE ROLE regress_ident_outsider LOGIN;
SET ROLE regress_ident_clerk;
SET search_path = public, zeimu;
SELECT '1234-5678-9018'::zeimu.mynumber = '123456789018' AS mn_eq,
       zeimu.mynumber_is_valid('123456789018') AS mn_valid,
       zeimu.mynumber_mask('123456789018') AS mn_mask,
       123456789018::zeimu.mynumber AS mn_from_bigint,
       '7000012050002'::zeimu.corporate_number < '9000000000000' AS cn_lt,
       zeimu.to_invoice_registration_number(zeimu.invoice_registration_number('T7000012050002')) AS invoice,
       zeimu.lg_code_prefecture('13104') AS pref;
RESET search_path;
RESET ROLE;
SET ROLE regress_ident_outsider;
SELECT zeimu.mynumber_is_valid('123456789018');
RESET ROLE;

-- Why LEAKPROOF matters: under row-level security a non-owner's lookup by
-- mynumber can use the index only because mynumber_eq is LEAKPROOF (a
-- non-leakproof qual must wait until after the policy's filter).
CREATE TABLE ident_rls (office integer, n zeimu.mynumber, c zeimu.corporate_number, lg zeimu.lg_code);
INSERT INTO ident_rls
SELECT g % 10, zeimu.mynumber(g::bigint * 10 + zeimu.mynumber_check_digit(lpad(g::text, 11, '0'))),
       NULL, '13104'
FROM generate_series(1, 2000) g;
UPDATE ident_rls SET c = '7000012050002' WHERE office = 1;
CREATE INDEX ON ident_rls (n);
CREATE INDEX ON ident_rls (c);
CREATE INDEX ON ident_rls (lg);
ANALYZE ident_rls;
ALTER TABLE ident_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY ident_rls_office ON ident_rls USING (office = 1);
GRANT SELECT ON ident_rls TO regress_ident_clerk;
SET ROLE regress_ident_clerk;
SET search_path = public, zeimu;
EXPLAIN (COSTS OFF) SELECT * FROM ident_rls WHERE n = '000000000019';
-- the same lookup through a non-leakproof function (the output function
-- behind ::text) cannot go first: it is filtered after the policy, no index
EXPLAIN (COSTS OFF) SELECT * FROM ident_rls WHERE n::text = '000000000019';
-- 1 -> base 00000000001 -> check 9 (1*2 = 2; 11-2 = 9): office 1 sees it
SELECT office, n FROM ident_rls WHERE n = '000000000019';
-- 2 -> base 00000000002, 2*2 = 4; 11-4 = 7: office 2, hidden from this clerk
SELECT count(*) AS hidden FROM ident_rls WHERE n = '000000000027';
RESET search_path;
RESET ROLE;
DROP TABLE ident_rls;
DROP ROLE regress_ident_clerk;
DROP ROLE regress_ident_outsider;
