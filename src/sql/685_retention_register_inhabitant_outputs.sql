-- retention: the inhabitant-tax tables of the intake cross-check and the
-- outputs (src/sql/450, 485-487) as purge targets, class inhabitant_tax
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

-- Notices: the subject lines before their notice (the foreign key).  An
-- employer notice has no person (person_expr NULL).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('inhabitant_notice_subject', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no',
		441, 'inh-outputs');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('inhabitant_notice', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no',
		442, 'inh-outputs');
-- Certificate issues: from the end of the tax year, or from the issue when
-- that is later (a certificate for an old year issued today is kept as long).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('income_certificate_issue', 'inhabitant_tax',
		'GREATEST(pg_catalog.make_date(t.fiscal_year + 1, 3, 31), pg_catalog.timezone(''Asia/Tokyo'', t.issued_at)::date)',
		't.atena_no', 443, 'inh-outputs');
