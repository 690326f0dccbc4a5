-- retention: the inhabitant tax tables created by the levy batch side
-- (470-473) that hold a person's atena number, registered as purge targets
-- of class inhabitant_tax (7 years from the end of the tax year; see
-- 600_retention_tables.sql for its legal source).  Children before the
-- assessment they reference.
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('inhabitant_pension_schedule', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 410, 'levy'),
	   ('inhabitant_employment_change', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 410, 'levy');
