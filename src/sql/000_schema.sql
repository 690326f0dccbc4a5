-- zeimu install script.  Sources live in src/sql/, one file per object family,
-- concatenated in file-name order by make.  Every function pins search_path;
-- nothing is granted to PUBLIC (see 990_privileges.sql).

-- The schema comes from the control file (schema = zeimu).  Nobody but the
-- roles zeimu grants to may use it.
REVOKE ALL ON SCHEMA @extschema@ FROM PUBLIC;

-- The base role every zeimu user is a member of (directly or through a duty
-- role): it may use the schema, the identifier types and the calendar.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'zeimu_user') THEN
		CREATE ROLE zeimu_user NOLOGIN;
	END IF;
END
$$;
COMMENT ON ROLE zeimu_user IS 'zeimu: base role for every zeimu user; may use the identifier types and the calendar';
GRANT USAGE ON SCHEMA @extschema@ TO zeimu_user;
