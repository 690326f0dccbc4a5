-- retention: the inhabitant-tax tables of the intake cross-check and the
-- outputs (src/sql/450, 452-455) as purge targets, class inhabitant_tax
-- (課税年度から7年間, seed 001 III.6): the retention starts at the end of the
-- tax year, 31 March after the 年度 (fiscal_year + 1).  The person is the
-- taxpayer the row is about (for a relative: the claimant of the document).
-- See doc/levy-inhabitant.md, "Dependant cross-check" and "Notices and certificates".

INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('tax_document_relative', 'inhabitant_tax',
		'(SELECT pg_catalog.make_date(d.fiscal_year + 1, 3, 31) FROM @extschema@.tax_document d'
		' WHERE d.lg_code OPERATOR(@extschema@.=) t.lg_code AND d.document_id = t.document_id)',
		'(SELECT d.atena_no FROM @extschema@.tax_document d'
		' WHERE d.lg_code OPERATOR(@extschema@.=) t.lg_code AND d.document_id = t.document_id)',
		440, 'inh-outputs');
