-- ident: what zeimu_user needs to use the identifier types (the functions of
-- 010-012, named exactly; later modules grant their own).  Casts and
-- operators call these functions, so they need EXECUTE (type I/O functions
-- are called without a privilege check but are granted for direct use too).
-- 990_privileges.sql then revokes the default EXECUTE from PUBLIC.
DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN
		SELECT p.oid::pg_catalog.regprocedure
		FROM pg_catalog.pg_proc p
		WHERE p.pronamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
		  AND (p.proname OPERATOR(pg_catalog.~) '^((mynumber|corporate_number|lg_code)(_(in|out|recv|send|eq|ne|lt|le|gt|ge|cmp|sortsupport|hash|hash_extended|is_valid|check_digit|mask|prefecture))?|(to_)?invoice_registration_number(_is_valid)?)$')
	LOOP
		EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO zeimu_user', f);
	END LOOP;
END
$$;
-- Types are usable by PUBLIC by default; keep them to zeimu_user like
-- everything else (USAGE matters when creating tables or functions with them).
REVOKE USAGE ON TYPE @extschema@.mynumber, @extschema@.corporate_number, @extschema@.lg_code FROM PUBLIC;
GRANT USAGE ON TYPE @extschema@.mynumber, @extschema@.corporate_number, @extschema@.lg_code TO zeimu_user;
