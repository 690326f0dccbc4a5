-- retention: the tables that exist so far, registered as purge targets.  A
-- later module registers its own tables the same way, one INSERT each, in
-- its own SQL file (doc/retention.md "Registering a table").

-- The access log: 5 years from the access (JST day), never less; its seal
-- rows are kept (they hold no personal data and anchor the hash chain).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, person_data, purge_order, registered_by)
VALUES ('access_log', 'access_log', 'pg_catalog.timezone(''Asia/Tokyo'', t.logged_at)::date', 't.atena_no', false, 900, 'retention');

-- Collection: children before parents.  A payment or allocation starts from
-- the later of its receipt day and the installment's 法定納期限.
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_allocation', 'collection_ledger',
		'(SELECT GREATEST(p.receipt_date, i.statutory_due_date) FROM @extschema@.collection_payment p'
		' LEFT JOIN @extschema@.collection_installment i ON i.lg_code OPERATOR(@extschema@.=) p.lg_code AND i.installment_id = p.installment_id'
		' WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
		'(SELECT i.atena_no FROM @extschema@.collection_payment p JOIN @extschema@.collection_installment i'
		' ON i.lg_code OPERATOR(@extschema@.=) p.lg_code AND i.installment_id = p.installment_id'
		' WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
		510, 'retention');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_payment', 'collection_ledger',
		'GREATEST(t.receipt_date, (SELECT i.statutory_due_date FROM @extschema@.collection_installment i'
		' WHERE i.lg_code OPERATOR(@extschema@.=) t.lg_code AND i.installment_id = t.installment_id))',
		'(SELECT i.atena_no FROM @extschema@.collection_installment i'
		' WHERE i.lg_code OPERATOR(@extschema@.=) t.lg_code AND i.installment_id = t.installment_id)',
		520, 'retention');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_dunning', 'collection_ledger', 't.issued_on',
		'(SELECT i.atena_no FROM @extschema@.collection_installment i'
		' WHERE i.lg_code OPERATOR(@extschema@.=) t.lg_code AND i.installment_id = t.installment_id)',
		520, 'retention');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('collection_installment', 'collection_ledger', 't.statutory_due_date', 't.atena_no', 530, 'retention');

-- The Individual Number vault: last, once the person's data is gone.
INSERT INTO @extschema@.purge_target (table_name, class_code, kind, person_data, purge_order, registered_by)
VALUES ('mynumber_vault', 'mynumber_link', 'person_link', false, 990, 'retention');
