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
