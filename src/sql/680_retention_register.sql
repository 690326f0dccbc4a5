-- retention: the tables that exist so far, registered as purge targets.  A
-- later module registers its own tables the same way, one INSERT each, in
-- its own SQL file (doc/retention.md "Registering a table").

-- The access log: 5 years from the access (JST day), never less; its seal
-- rows are kept (they hold no personal data and anchor the hash chain).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, person_data, purge_order, registered_by)
VALUES ('access_log', 'access_log', 'pg_catalog.timezone(''Asia/Tokyo'', t.logged_at)::date', 't.atena_no', false, 900, 'retention');

-- Collection: children before parents.  An installment's family (its
-- payments, their allocations, its 督促) shares one start date: the latest
-- of the 法定納期限, the receipt days of its payments and the 督促 issue day,
-- so a family goes together (a late payment on an old installment restarts
-- the clock of all of it).  A suspense payment (no installment) starts from
-- its receipt day.
CREATE FUNCTION @extschema@.retention_installment_start(p_lg_code @extschema@.lg_code, p_installment_id bigint)
	RETURNS date
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT GREATEST(i.statutory_due_date,
					(SELECT pg_catalog.max(p.receipt_date) FROM @extschema@.collection_payment p
					  WHERE p.lg_code OPERATOR(@extschema@.=) i.lg_code AND p.installment_id OPERATOR(pg_catalog.=) i.installment_id),
					(SELECT pg_catalog.max(d.issued_on) FROM @extschema@.collection_dunning d
					  WHERE d.lg_code OPERATOR(@extschema@.=) i.lg_code AND d.installment_id OPERATOR(pg_catalog.=) i.installment_id))
	  FROM @extschema@.collection_installment i
	 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.installment_id OPERATOR(pg_catalog.=) p_installment_id;
END;
COMMENT ON FUNCTION @extschema@.retention_installment_start(@extschema@.lg_code, bigint) IS
	'retention: the start date of an installment''s family (法定納期限, last receipt, 督促), shared by its rows';

-- A reversal goes with its payment's family (it references the payment).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_reversal', 'collection_ledger',
		'(SELECT coalesce(@extschema@.retention_installment_start(p.lg_code, p.installment_id), p.receipt_date)'
		' FROM @extschema@.collection_payment p WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
		'(SELECT i.atena_no FROM @extschema@.collection_payment p JOIN @extschema@.collection_installment i'
		' ON i.lg_code OPERATOR(@extschema@.=) p.lg_code AND i.installment_id = p.installment_id'
		' WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
		510, 'retention');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_allocation', 'collection_ledger',
		'(SELECT coalesce(@extschema@.retention_installment_start(p.lg_code, p.installment_id), p.receipt_date)'
		' FROM @extschema@.collection_payment p WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
		'(SELECT i.atena_no FROM @extschema@.collection_payment p JOIN @extschema@.collection_installment i'
		' ON i.lg_code OPERATOR(@extschema@.=) p.lg_code AND i.installment_id = p.installment_id'
		' WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
		510, 'retention');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_payment', 'collection_ledger',
		'coalesce(@extschema@.retention_installment_start(t.lg_code, t.installment_id), t.receipt_date)',
		'(SELECT i.atena_no FROM @extschema@.collection_installment i'
		' WHERE i.lg_code OPERATOR(@extschema@.=) t.lg_code AND i.installment_id = t.installment_id)',
		520, 'retention');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_dunning', 'collection_ledger', '@extschema@.retention_installment_start(t.lg_code, t.installment_id)',
		'(SELECT i.atena_no FROM @extschema@.collection_installment i'
		' WHERE i.lg_code OPERATOR(@extschema@.=) t.lg_code AND i.installment_id = t.installment_id)',
		520, 'retention');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_installment', 'collection_ledger', '@extschema@.retention_installment_start(t.lg_code, t.installment_id)',
		't.atena_no', 530, 'retention');

-- The Individual Number vault: last, once the person's data is gone.
INSERT INTO @extschema@.purge_target (table_name, class_code, kind, person_data, purge_order, registered_by)
VALUES ('mynumber_vault', 'mynumber_link', 'person_link', false, 990, 'retention');
