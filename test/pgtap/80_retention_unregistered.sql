-- retention: an unregistered table holding the person keeps the Individual
-- Number linked (src/sql/600 retention_nonperson_table, 610 the predicate).
--
-- as_of 2026-04-01; collection_ledger = 7 years: cutoff 2019-04-01.
-- person 1: installment due 2019-03-31, paid -> the ledger rows go, and the
--           number goes with them (as in 80_retention_engine).
-- person 2: the same, plus a row in an unregistered business table
--           -> the ledger rows go, the number stays while that row exists.
BEGIN;
SELECT plan(6);

INSERT INTO zeimu.municipality VALUES ('131130','テスト区','東京都',false);
INSERT INTO zeimu.person (lg_code, atena_no, name) SELECT '131130', g, '人'||g FROM generate_series(1,2) g;
DO $$ BEGIN PERFORM zeimu.link_mynumber('131130', g, zeimu.sample_mynumber(7, g), 'test') FROM generate_series(1,2) g; END $$;
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no, statutory_due_date, due_date, principal) VALUES
 ('131130',1,'fixed_asset',2018,'N1',1,'2019-03-31','2019-04-01',10000),
 ('131130',2,'fixed_asset',2018,'N2',1,'2019-03-31','2019-04-01',10000);
DO $$ BEGIN PERFORM zeimu.post_payment('131130','bank','R'||notice_no, installment_id, 10000, '2018-05-20','2018-05-21')
  FROM zeimu.collection_installment ORDER BY installment_id; END $$;

-- A module's business table that has not registered with the purge engine
-- (one lg_code typed as text, as some modules do).
CREATE TABLE zeimu.regress_unregistered_business (lg_code text, atena_no bigint, PRIMARY KEY (lg_code, atena_no));
INSERT INTO zeimu.regress_unregistered_business VALUES ('131130', 2);

SELECT results_eq($$SELECT atena_no FROM zeimu.purge_plan_rows('2026-04-01', '131130') WHERE table_name = 'collection_installment' ORDER BY 1$$,
	$$VALUES (1::bigint), (2::bigint)$$, 'both persons'' expired installments go');
SELECT results_eq($$SELECT atena_no FROM zeimu.purge_plan_rows('2026-04-01', '131130') WHERE table_name = 'mynumber_vault' ORDER BY 1$$,
	$$VALUES (1::bigint)$$, 'only person 1''s number goes: person 2 still has a row in an unregistered table');

-- Listing the table as non-person data lets the number go.
INSERT INTO zeimu.retention_nonperson_table VALUES ('131130', 'regress_unregistered_business', 'test: a log');
SELECT results_eq($$SELECT atena_no FROM zeimu.purge_plan_rows('2026-04-01', '131130') WHERE table_name = 'mynumber_vault' ORDER BY 1$$,
	$$VALUES (1::bigint), (2::bigint)$$, 'listed as non-person data, the table no longer keeps the number');
DELETE FROM zeimu.retention_nonperson_table WHERE table_name = 'regress_unregistered_business';

-- So does removing the person's row there.
DELETE FROM zeimu.regress_unregistered_business;
SELECT results_eq($$SELECT atena_no FROM zeimu.purge_plan_rows('2026-04-01', '131130') WHERE table_name = 'mynumber_vault' ORDER BY 1$$,
	$$VALUES (1::bigint), (2::bigint)$$, 'once the row is gone, person 2''s number goes too');

-- Every table of the schema with atena_no is either a purge target or listed.
SELECT is_empty($$
	SELECT c.relname FROM pg_class c
	WHERE c.relnamespace = 'zeimu'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
	  AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'atena_no')
	  AND c.relname NOT IN (SELECT table_name FROM zeimu.purge_target)
	  AND c.relname NOT IN (SELECT table_name FROM zeimu.retention_nonperson_table)
	  AND c.relname <> 'regress_unregistered_business'
$$, 'every person table is a purge target or listed as non-person data');
-- A table that references a purge target through a foreign key that blocks
-- the delete must itself be a purge target that goes first (a lower purge
-- order); otherwise the parent's purge fails once the child has a row.
SELECT is_empty($$
	SELECT c.conrelid::regclass::text || ' -> ' || c.confrelid::regclass::text
	  FROM pg_constraint c
	  JOIN zeimu.purge_target pp ON pp.table_name = (SELECT r.relname FROM pg_class r WHERE r.oid = c.confrelid)
	  LEFT JOIN zeimu.purge_target pc ON pc.table_name = (SELECT r.relname FROM pg_class r WHERE r.oid = c.conrelid)
	 WHERE c.contype = 'f' AND c.connamespace = 'zeimu'::regnamespace AND c.conrelid <> c.confrelid
	   AND c.confdeltype NOT IN ('c', 'n', 'd')
	   AND (pc.table_name IS NULL OR pc.purge_order > pp.purge_order)
$$, 'every table referencing a purge target is a purge target purged before it');
SELECT * FROM finish();
ROLLBACK;
