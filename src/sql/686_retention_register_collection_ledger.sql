-- retention: the collection ledger tables added by the coll-ledger work
-- (速報/確報, suspense reasons, account transfer), registered as purge
-- targets of class collection_ledger with their payment's family, as
-- 680_retention_register.sql does for collection_allocation: children of
-- collection_payment (purge order 520) go before it.
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
SELECT t.name, 'collection_ledger',
	   '(SELECT coalesce(@extschema@.retention_installment_start(p.lg_code, p.installment_id), p.receipt_date)'
	   ' FROM @extschema@.collection_payment p WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
	   '(SELECT i.atena_no FROM @extschema@.collection_payment p JOIN @extschema@.collection_installment i'
	   ' ON i.lg_code OPERATOR(@extschema@.=) p.lg_code AND i.installment_id = p.installment_id'
	   ' WHERE p.lg_code OPERATOR(@extschema@.=) t.lg_code AND p.payment_id = t.payment_id)',
	   t.purge_order, 'coll-ledger'
  FROM (VALUES ('collection_confirmation', 505), ('collection_preliminary', 510), ('collection_suspense_reason', 510))
	   AS t (name, purge_order);

-- Account transfer (592): the notice queue and the requests go with their
-- installment's family; a result with its request; a registered account
-- (person data) after its requests, from the day it ended (or began, while
-- in force: a held person keeps it, see doc/retention.md).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by) VALUES
	('collection_transfer_notice', 'collection_ledger',
	 '@extschema@.retention_installment_start(t.lg_code, t.installment_id)', 't.atena_no', 500, 'coll-ledger'),
	('collection_transfer_result', 'collection_ledger',
	 '(SELECT @extschema@.retention_installment_start(r.lg_code, r.installment_id) FROM @extschema@.collection_transfer_request r'
	 ' WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.request_id = t.request_id)',
	 '(SELECT i.atena_no FROM @extschema@.collection_transfer_request r JOIN @extschema@.collection_installment i'
	 ' ON i.lg_code OPERATOR(@extschema@.=) r.lg_code AND i.installment_id = r.installment_id'
	 ' WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.request_id = t.request_id)', 505, 'coll-ledger'),
	('collection_transfer_request', 'collection_ledger',
	 '@extschema@.retention_installment_start(t.lg_code, t.installment_id)',
	 '(SELECT i.atena_no FROM @extschema@.collection_installment i'
	 ' WHERE i.lg_code OPERATOR(@extschema@.=) t.lg_code AND i.installment_id = t.installment_id)', 515, 'coll-ledger'),
	('collection_transfer_account', 'collection_ledger',
	 'coalesce(t.valid_to, t.valid_from)', 't.atena_no', 540, 'coll-ledger');

-- A refund's cancellation (取消) goes with its refund (681: from the payment,
-- else 5 years after the decision), before it: it references the refund.
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by) VALUES
	('collection_refund_cancellation', 'refund',
	 '(SELECT coalesce(r.paid_on, (r.decided_on OPERATOR(pg_catalog.+) ''5 years''::interval)::date)'
	 ' FROM @extschema@.collection_refund r WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.refund_id = t.refund_id)',
	 '(SELECT r.atena_no FROM @extschema@.collection_refund r WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.refund_id = t.refund_id)',
	 505, 'collection');
