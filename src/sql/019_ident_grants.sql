-- ident: what zeimu_user needs to use the identifier types.  Casts and
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
		  AND (p.proname OPERATOR(pg_catalog.~) '^(mynumber|corporate_number|lg_code|invoice_registration_number|to_invoice_registration_number)(_|$)')
	LOOP
		EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO zeimu_user', f);
	END LOOP;
END
$$;
