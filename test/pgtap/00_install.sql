-- The extension installs with its dependencies and its schema is closed to PUBLIC.
BEGIN;
SELECT plan(3);
SELECT has_extension('zeimu');
SELECT has_extension('pgcrypto');
SELECT ok(NOT has_schema_privilege('public', 'zeimu', 'USAGE'), 'PUBLIC cannot use schema zeimu');
SELECT * FROM finish();
ROLLBACK;
