-- Privileges, last: nothing in zeimu is executable by PUBLIC.  Each module
-- grants what its roles need in its own file; this closes the default
-- EXECUTE-to-PUBLIC that CREATE FUNCTION gives.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL PROCEDURES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA @extschema@ FROM PUBLIC;
