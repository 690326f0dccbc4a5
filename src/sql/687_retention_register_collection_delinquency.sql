-- retention: the delinquency, dunning-exclusion, reminder, write-off and
-- certificate tables of the collection module (561-567), registered as
-- purge targets of class collection_ledger (法定納期限 + 7 years; open
-- items are held by the person-level check unpaid_balance).  Children go
-- before their parents (collection_dunning 520, collection_installment 530).

-- A case and its events go together: from the latest of the opening day,
-- the event days and the last days of the measures.
CREATE FUNCTION @extschema@.retention_delinquency_case_start(p_lg_code @extschema@.lg_code, p_case_id bigint)
	RETURNS date
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT GREATEST(c.opened_on,
					(SELECT pg_catalog.max(GREATEST(e.event_date, e.end_date)) FROM @extschema@.delinquency_event e
					  WHERE e.lg_code OPERATOR(@extschema@.=) c.lg_code AND e.case_id OPERATOR(pg_catalog.=) c.case_id))
	  FROM @extschema@.delinquency_case c
	 WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.case_id OPERATOR(pg_catalog.=) p_case_id;
END;
COMMENT ON FUNCTION @extschema@.retention_delinquency_case_start(@extschema@.lg_code, bigint) IS
	'retention: the start date of a delinquency case and its events (the latest opening, event or measure end day)';

INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('delinquency_event', 'collection_ledger', '@extschema@.retention_delinquency_case_start(t.lg_code, t.case_id)',
		't.atena_no', 500, 'coll-delinq');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('delinquency_case', 'collection_ledger', '@extschema@.retention_delinquency_case_start(t.lg_code, t.case_id)',
		't.atena_no', 540, 'coll-delinq');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_reminder', 'collection_ledger',
		'GREATEST(@extschema@.retention_installment_start(t.lg_code, t.installment_id), t.issued_on)',
		't.atena_no', 505, 'coll-delinq');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_dunning_skip', 'collection_ledger', 't.run_date', 't.atena_no', 505, 'coll-delinq');
-- An open hold (no end, not lifted) is kept.
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, hold_expr, purge_order, registered_by)
VALUES ('collection_dunning_hold', 'collection_ledger', 'coalesce(t.to_date, t.from_date)', 't.atena_no',
		't.to_date IS NULL', 505, 'coll-delinq');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_write_off', 'collection_ledger',
		'GREATEST(@extschema@.retention_installment_start(t.lg_code, t.installment_id), t.written_off_on)',
		't.atena_no', 505, 'coll-delinq');
-- A certificate record: from its issue day (the person's own request record).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_certificate', 'collection_ledger', 'pg_catalog.timezone(''Asia/Tokyo'', t.issued_at)::date',
		't.atena_no', 505, 'coll-delinq');
