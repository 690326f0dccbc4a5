-- collection: reversal of a wrong posting as a new entry (doc/collection.md
-- §11).  The payment and its allocations are never updated or deleted; a
-- row in collection_reversal makes every balance, late charge, 督促 and
-- prescription reading ignore them, so the installment's balance is restored.

CREATE FUNCTION @extschema@.reverse_payment(p_lg_code @extschema@.lg_code, p_payment_id bigint, p_reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	pay @extschema@.collection_payment;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_payment_id IS NULL OR p_reason IS NULL OR pg_catalog.btrim(p_reason) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'municipality, payment and reason are required'
			USING ERRCODE = '22004', HINT = 'State why the posting is wrong; the reason is kept with the reversal.';
	END IF;
	-- the payment row is locked, so two reversals of one payment run one after the other
	SELECT * INTO pay FROM @extschema@.collection_payment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND payment_id OPERATOR(pg_catalog.=) p_payment_id
	 FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'payment % of municipality % not found', p_payment_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No payment has that number.', HINT = 'Check the payment number.';
	END IF;
	IF pay.installment_id IS NOT NULL THEN
		-- as post_payment does: postings and reversals on one installment serialise
		PERFORM FROM @extschema@.collection_installment
		 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND installment_id OPERATOR(pg_catalog.=) pay.installment_id
		 FOR UPDATE;
	END IF;
	IF EXISTS (SELECT FROM @extschema@.collection_reversal r
			   WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.payment_id OPERATOR(pg_catalog.=) p_payment_id) THEN
		RAISE EXCEPTION 'payment % was already reversed', p_payment_id
			USING ERRCODE = '55000', DETAIL = 'A payment is reversed at most once.',
				  HINT = 'Post the correct payment as a new entry.';
	END IF;
	INSERT INTO @extschema@.collection_reversal (lg_code, payment_id, reason) VALUES (p_lg_code, p_payment_id, p_reason);
END
$$;
COMMENT ON FUNCTION @extschema@.reverse_payment(@extschema@.lg_code, bigint, text) IS
	'collection: reverse a wrong posting with a reversing entry (never an edit); the installment''s balance is restored';
GRANT EXECUTE ON FUNCTION @extschema@.reverse_payment(@extschema@.lg_code, bigint, text) TO zeimu_collection;

-- Resolve a suspense payment (未確認入金) to an installment: the suspense
-- payment is closed by an entry in collection_reversal (kind
-- suspense_resolution) and its amount is posted, through post_payment, as a
-- new payment of channel 'suspense' whose record id is the suspense payment's
-- id, with the original 領収日 and 収入日.  Nothing is edited.  Returns the new
-- payment's id.
CREATE FUNCTION @extschema@.resolve_suspense(p_lg_code @extschema@.lg_code, p_payment_id bigint, p_installment_id bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	pay @extschema@.collection_payment;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_payment_id IS NULL OR p_installment_id IS NULL THEN
		RAISE EXCEPTION 'municipality, payment and installment are required'
			USING ERRCODE = '22004', HINT = 'Pick the payment from zeimu.collection_suspense_queue.';
	END IF;
	SELECT * INTO pay FROM @extschema@.collection_payment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND payment_id OPERATOR(pg_catalog.=) p_payment_id
	 FOR UPDATE;
	IF NOT FOUND OR NOT EXISTS (
			SELECT FROM @extschema@.collection_suspense_queue q
			 WHERE q.lg_code OPERATOR(@extschema@.=) p_lg_code AND q.payment_id OPERATOR(pg_catalog.=) p_payment_id) THEN
		RAISE EXCEPTION 'payment % of municipality % is not in the suspense queue', p_payment_id, p_lg_code
			USING ERRCODE = '55000', DETAIL = 'It does not exist, was matched to an installment, or was already resolved or reversed.',
				  HINT = 'Pick the payment from zeimu.collection_suspense_queue.';
	END IF;
	INSERT INTO @extschema@.collection_reversal (lg_code, payment_id, reason, kind)
	VALUES (p_lg_code, p_payment_id, pg_catalog.format('resolved to installment %s', p_installment_id), 'suspense_resolution');
	RETURN @extschema@.post_payment(p_lg_code, 'suspense', p_payment_id::text, p_installment_id, pay.amount,
		pay.receipt_date, pay.revenue_date);
END
$$;
COMMENT ON FUNCTION @extschema@.resolve_suspense(@extschema@.lg_code, bigint, bigint) IS
	'collection: move a suspense payment (未確認入金) to an installment by a closing entry and a new payment; never an edit';
GRANT EXECUTE ON FUNCTION @extschema@.resolve_suspense(@extschema@.lg_code, bigint, bigint) TO zeimu_collection;
