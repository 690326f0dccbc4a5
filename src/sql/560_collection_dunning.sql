-- collection: the 督促 run (地方税法第329条① 住民税, 第371条① 固定資産税):
-- a 督促状 for every installment unpaid after its 納期限, once per
-- installment, with the 督促手数料 of the 条例 in force.

-- 督促手数料 is set by 条例 (e.g. ¥100, 富田林市税外収入条例第2条); there is
-- no national amount, so the national row is 0 until the municipality adds
-- its own.
CREATE TABLE @extschema@.collection_dunning_fee (
	lg_code @extschema@.lg_code NOT NULL,
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	fee bigint NOT NULL CHECK (fee BETWEEN 0 AND 100000),
	source text NOT NULL,
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.collection_dunning_fee IS
	'collection: 督促手数料 per 督促状 by 条例, by municipality and the date it applies from; national row 0 (no national amount)';
INSERT INTO @extschema@.collection_dunning_fee VALUES
	('000000', DATE '1950-07-31', 0, '督促手数料は条例で定める (domain_rules §6.3); no national amount');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_dunning_fee', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
GRANT SELECT ON @extschema@.collection_dunning_fee TO zeimu_user;

-- CALL zeimu.issue_dunning(lg_code, as_of, issued => NULL)
-- Issues a 督促 dated as_of for every installment of the municipality whose
-- 納期限 is before as_of, whose 本税 received by as_of falls short, and that
-- has no 督促 yet.  Idempotent (a second run issues nothing), one run per
-- municipality at a time (advisory lock), all or nothing (one statement).
-- Not yet: the exclusions (徴収猶予 in force — 法329条② —, 督促停止,
-- returned notices, installment plans, seizure), which need the delinquency
-- events.
CREATE PROCEDURE @extschema@.issue_dunning(p_lg_code @extschema@.lg_code, p_as_of date, INOUT issued integer DEFAULT NULL)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_fee bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	IF p_lg_code IS NULL OR p_as_of IS NULL THEN
		RAISE EXCEPTION 'municipality and as-of date are required'
			USING ERRCODE = '22004', DETAIL = 'A dunning run is for one municipality on one day.',
				  HINT = 'Pass the lg_code and the issue date.';
	END IF;
	IF NOT pg_catalog.isfinite(p_as_of) THEN
		RAISE EXCEPTION 'as-of date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The issue date must be a calendar date.', HINT = 'Pass the date itself, not infinity.';
	END IF;
	IF p_lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code THEN
		RAISE EXCEPTION 'a dunning run needs a municipality'
			USING ERRCODE = '22023', DETAIL = '000000 stands for the national standard, which has no installments.',
				  HINT = 'Pass the municipality''s own code.';
	END IF;
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('zeimu issue_dunning'),
			pg_catalog.hashtext(p_lg_code::text)) THEN
		RAISE EXCEPTION 'another dunning run for municipality % is in progress', p_lg_code
			USING ERRCODE = '55P03', DETAIL = 'Only one dunning run per municipality runs at a time.',
				  HINT = 'Wait for it to finish, then run again: installments already dunned are skipped.';
	END IF;

	SELECT f.fee INTO v_fee FROM @extschema@.collection_dunning_fee f
	 WHERE (f.lg_code OPERATOR(@extschema@.=) p_lg_code OR f.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND f.valid_from OPERATOR(pg_catalog.<=) p_as_of
	 ORDER BY f.valid_from DESC, (f.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC LIMIT 1;

	INSERT INTO @extschema@.collection_dunning (lg_code, installment_id, issued_on, deadline, fee)
	SELECT i.lg_code, i.installment_id, p_as_of, @extschema@.dunning_deadline(i.due_date, i.lg_code), coalesce(v_fee, 0)
	  FROM @extschema@.collection_installment i
	 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code
	   AND i.due_date OPERATOR(pg_catalog.<) p_as_of
	   AND i.principal OPERATOR(pg_catalog.>) (
			SELECT coalesce(pg_catalog.sum(a.amount), 0)
			  FROM @extschema@.collection_payment p
			  JOIN @extschema@.collection_allocation a
				ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
			 WHERE p.lg_code OPERATOR(@extschema@.=) i.lg_code AND p.installment_id OPERATOR(pg_catalog.=) i.installment_id
			   AND a.part OPERATOR(pg_catalog.=) 'principal' AND p.receipt_date OPERATOR(pg_catalog.<=) p_as_of
			   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
			WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id))
	   AND NOT EXISTS (SELECT FROM @extschema@.collection_dunning d
					   WHERE d.lg_code OPERATOR(@extschema@.=) i.lg_code
						 AND d.installment_id OPERATOR(pg_catalog.=) i.installment_id)
	ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS issued = ROW_COUNT;
END
$$;
COMMENT ON PROCEDURE @extschema@.issue_dunning(@extschema@.lg_code, date, integer) IS
	'collection: 督促 run — a 督促状 dated as_of for each installment unpaid after its 納期限 and not yet dunned (法329条①, 371条①), with the 条例 督促手数料; idempotent, advisory-locked, returns the number issued';

GRANT EXECUTE ON PROCEDURE @extschema@.issue_dunning(@extschema@.lg_code, date, integer) TO zeimu_collection;

-- Prescription of a ledger installment: its 督促 renews (法18条の2①二) and
-- each partial payment of 本税 is an acknowledgement (承認, 民法152条①).
-- Paid in full: nothing left to prescribe.
CREATE FUNCTION @extschema@.installment_prescription(p_lg_code @extschema@.lg_code, p_installment_id bigint)
RETURNS @extschema@.prescription_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	i @extschema@.collection_installment;
	ev jsonb;
	r @extschema@.prescription_result;
BEGIN
	SELECT * INTO i FROM @extschema@.collection_installment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND installment_id OPERATOR(pg_catalog.=) p_installment_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'installment % of municipality % not found', p_installment_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No installment has that number.', HINT = 'Check the installment number.';
	END IF;
	IF @extschema@.installment_paid(p_lg_code, p_installment_id, 'principal') OPERATOR(pg_catalog.>=) i.principal THEN
		r.ground := 'paid';
		r.explanation := 'the 本税 is paid in full: nothing is left to prescribe';
		RETURN r;
	END IF;
	SELECT coalesce(pg_catalog.jsonb_agg(e), '[]') INTO ev FROM (
		SELECT pg_catalog.jsonb_build_object('kind', 'dunning', 'date', d.issued_on) AS e
		  FROM @extschema@.collection_dunning d
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.installment_id OPERATOR(pg_catalog.=) p_installment_id
		UNION ALL
		SELECT pg_catalog.jsonb_build_object('kind', 'acknowledgement', 'date', p.receipt_date)
		  FROM @extschema@.collection_payment p
		  JOIN @extschema@.collection_allocation a
			ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
		 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.installment_id OPERATOR(pg_catalog.=) p_installment_id
		   AND a.part OPERATOR(pg_catalog.=) 'principal'
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
			WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)) x;
	RETURN @extschema@.prescription_date(i.statutory_due_date, ev, p_lg_code);
END
$$;
COMMENT ON FUNCTION @extschema@.installment_prescription(@extschema@.lg_code, bigint) IS
	'collection: prescription of a ledger installment, renewed by its 督促 (法18条の2①二) and by partial payments of 本税 (承認, 民法152条①); ground paid when nothing is left';
GRANT EXECUTE ON FUNCTION @extschema@.installment_prescription(@extschema@.lg_code, bigint) TO zeimu_collection;
