-- collection: over- and erroneous payments (過誤納金), 充当 (地方税法第17条の2)
-- and refunds (還付, 法17条), with 還付加算金 (法17条の4).  doc/collection.md §13.
--
-- An over-payment is the 'overpayment' allocation of a payment that is not
-- reversed (550_collection_ledger.sql).  充当 posts a new payment of channel
-- 'appropriation' to the target installment through post_payment (so every
-- balance, 延滞金, 督促 and prescription reading sees it) and links it to
-- its source here; a refund takes what is left.  Nothing is edited except a
-- refund's status (decided → paid).

CREATE TABLE @extschema@.collection_appropriation (
	lg_code @extschema@.lg_code NOT NULL,
	payment_id bigint NOT NULL,            -- the 'appropriation' payment posted to the target
	source_payment_id bigint NOT NULL,     -- the payment whose over-payment is used
	installment_id bigint NOT NULL,        -- the target installment
	amount bigint NOT NULL CHECK (amount > 0),
	appropriated_on date NOT NULL CHECK (pg_catalog.isfinite(appropriated_on)),
	-- 充当適状日 [M]: the later of the over-payment's 領収日 and the target's 納期限
	fit_date date NOT NULL CHECK (pg_catalog.isfinite(fit_date)),
	interest_start date NOT NULL,
	refund_interest bigint NOT NULL CHECK (refund_interest >= 0),
	appropriated_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, payment_id),
	FOREIGN KEY (lg_code, payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id),
	FOREIGN KEY (lg_code, source_payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_installment (lg_code, installment_id)
);
CREATE INDEX ON @extschema@.collection_appropriation (lg_code, source_payment_id);
COMMENT ON TABLE @extschema@.collection_appropriation IS
	'collection: 充当 (法17条の2) of an over-payment to an unpaid installment, with 還付加算金 to the 充当 day or earlier 充当適状日 (法17条の4①)';

CREATE TABLE @extschema@.collection_refund (
	lg_code @extschema@.lg_code NOT NULL,
	refund_id bigint GENERATED ALWAYS AS IDENTITY,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	decided_on date NOT NULL CHECK (pg_catalog.isfinite(decided_on)),
	amount bigint NOT NULL CHECK (amount > 0),
	refund_interest bigint NOT NULL CHECK (refund_interest >= 0),
	payee text NOT NULL CHECK (pg_catalog.length(payee) BETWEEN 1 AND 200),
	-- stored as given (needed to pay); never written into a message or log line
	account text NOT NULL CHECK (pg_catalog.length(account) BETWEEN 1 AND 100),
	status text NOT NULL DEFAULT 'decided' CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['decided', 'paid'])),
	paid_on date CHECK ((status OPERATOR(pg_catalog.=) 'paid') OPERATOR(pg_catalog.=) (paid_on IS NOT NULL)),
	decided_by name NOT NULL DEFAULT CURRENT_USER,
	paid_by name,
	PRIMARY KEY (lg_code, refund_id),
	CHECK (paid_on IS NULL OR paid_on >= decided_on)
);
COMMENT ON TABLE @extschema@.collection_refund IS
	'collection: 還付 of what is left of a person''s over-payments after 充当 (法17条), with 還付加算金 to the 支出決定 day (法17条の4①)';

CREATE TABLE @extschema@.collection_refund_part (
	lg_code @extschema@.lg_code NOT NULL,
	refund_id bigint NOT NULL,
	source_payment_id bigint NOT NULL,
	amount bigint NOT NULL CHECK (amount > 0),
	interest_start date NOT NULL,
	refund_interest bigint NOT NULL CHECK (refund_interest >= 0),
	PRIMARY KEY (lg_code, refund_id, source_payment_id),
	FOREIGN KEY (lg_code, refund_id) REFERENCES @extschema@.collection_refund (lg_code, refund_id),
	FOREIGN KEY (lg_code, source_payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id)
);
CREATE INDEX ON @extschema@.collection_refund_part (lg_code, source_payment_id);
COMMENT ON TABLE @extschema@.collection_refund_part IS
	'collection: which over-payment each refund pays back, and its 還付加算金';

-- 取消 of a decided refund before it is paid (a new entry; the refund row
-- keeps status 'decided'): its over-payments are remaining again, to be
-- appropriated or refunded anew.  Written by zeimu.cancel_refund.
CREATE TABLE @extschema@.collection_refund_cancellation (
	lg_code @extschema@.lg_code NOT NULL,
	refund_id bigint NOT NULL,
	cancelled_on date NOT NULL CHECK (pg_catalog.isfinite(cancelled_on)),
	reason text NOT NULL CHECK (pg_catalog.length(reason) BETWEEN 1 AND 400),
	cancelled_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	cancelled_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, refund_id),
	FOREIGN KEY (lg_code, refund_id) REFERENCES @extschema@.collection_refund (lg_code, refund_id)
);
COMMENT ON TABLE @extschema@.collection_refund_cancellation IS
	'collection: 取消 of a decided refund before payment, with its reason; the over-payment is remaining again';

ALTER TABLE @extschema@.collection_refund_cancellation ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_refund_cancellation FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_refund_cancellation FOR SELECT TO zeimu_collection USING (true);
GRANT SELECT ON @extschema@.collection_refund_cancellation TO zeimu_collection;
ALTER TABLE @extschema@.collection_appropriation ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_appropriation FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_appropriation FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_refund ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_refund FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_refund FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_refund_part ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_refund_part FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_refund_part FOR SELECT TO zeimu_collection USING (true);
GRANT SELECT ON @extschema@.collection_appropriation, @extschema@.collection_refund,
	@extschema@.collection_refund_part TO zeimu_collection;

-- Over-payments per payment (and so per person): the over-payment of every
-- payment not reversed, less what was appropriated (by appropriation
-- payments not reversed) and refunded.
CREATE VIEW @extschema@.collection_overpayment WITH (security_invoker = true) AS
SELECT p.lg_code, p.payment_id, i.atena_no, p.installment_id, p.receipt_date,
	   a.amount AS overpaid,
	   coalesce(ap.amount, 0)::bigint AS appropriated,
	   coalesce(rf.amount, 0)::bigint AS refunded,
	   (a.amount OPERATOR(pg_catalog.-) coalesce(ap.amount, 0) OPERATOR(pg_catalog.-) coalesce(rf.amount, 0))::bigint AS remaining
  FROM @extschema@.collection_payment p
  JOIN @extschema@.collection_allocation a
	ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
   AND a.part OPERATOR(pg_catalog.=) 'overpayment'
  JOIN @extschema@.collection_installment i
	ON i.lg_code OPERATOR(@extschema@.=) p.lg_code AND i.installment_id OPERATOR(pg_catalog.=) p.installment_id
  LEFT JOIN LATERAL (
		SELECT pg_catalog.sum(x.amount) AS amount FROM @extschema@.collection_appropriation x
		 WHERE x.lg_code OPERATOR(@extschema@.=) p.lg_code AND x.source_payment_id OPERATOR(pg_catalog.=) p.payment_id
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
				WHERE rv.lg_code OPERATOR(@extschema@.=) x.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) x.payment_id)) ap ON true
  LEFT JOIN LATERAL (
		SELECT pg_catalog.sum(r.amount) AS amount FROM @extschema@.collection_refund_part r
		 WHERE r.lg_code OPERATOR(@extschema@.=) p.lg_code AND r.source_payment_id OPERATOR(pg_catalog.=) p.payment_id
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_refund_cancellation c
				WHERE c.lg_code OPERATOR(@extschema@.=) r.lg_code AND c.refund_id OPERATOR(pg_catalog.=) r.refund_id)) rf ON true
 WHERE NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
		WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id);
COMMENT ON VIEW @extschema@.collection_overpayment IS
	'collection: over-payments (過誤納金) per payment and person: paid over, appropriated (充当), refunded (還付), remaining';
GRANT SELECT ON @extschema@.collection_overpayment TO zeimu_collection;

-- 還付加算金 of one part, from start to last (inclusive); nothing for an empty period.
CREATE FUNCTION @extschema@.overpayment_interest(p_lg_code @extschema@.lg_code, p_amount bigint, p_start date, p_last date)
RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN p_last OPERATOR(pg_catalog.<) p_start THEN 0::bigint
				ELSE @extschema@.refund_interest(p_amount, p_start, p_last, p_lg_code) END
$$;
COMMENT ON FUNCTION @extschema@.overpayment_interest(@extschema@.lg_code, bigint, date, date) IS
	'collection: 還付加算金 (法17条の4①②⑤) of an over-payment part from its start day through last day; 0 for an empty period';

-- 充当 (法17条の2①): each remaining over-payment (oldest 領収日 first) goes
-- to the same person's unpaid installments whose 納期限 has passed by as_of,
-- oldest 法定納期限 first across taxes, then installment id: their 本税,
-- 督促手数料 and 延滞金 (the 延滞金 with its 本税, through the 充当適状日), in
-- the allocation order of post_payment.  Idempotent: what was appropriated
-- is no longer remaining.  Advisory-locked per municipality.
CREATE FUNCTION @extschema@.appropriate_overpayments(p_lg_code @extschema@.lg_code, p_atena_no bigint DEFAULT NULL,
	p_as_of date DEFAULT CURRENT_DATE)
RETURNS TABLE (appropriation_count integer, appropriated_amount bigint, interest_total bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	src record;
	tgt record;
	rest bigint;
	owed bigint;
	take bigint;
	fit date;
	istart date;
	interest bigint;
	pid bigint;
	seq bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_as_of IS NULL OR NOT pg_catalog.isfinite(p_as_of) THEN
		RAISE EXCEPTION 'municipality and a finite as-of date are required'
			USING ERRCODE = '22004', HINT = 'Pass the municipality code and the 充当 date.';
	END IF;
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu.collection_overpayment'), pg_catalog.hashtext(p_lg_code::text));
	appropriation_count := 0;
	appropriated_amount := 0;
	interest_total := 0;
	FOR src IN
		SELECT o.* FROM @extschema@.collection_overpayment o
		 WHERE o.lg_code OPERATOR(@extschema@.=) p_lg_code AND o.remaining OPERATOR(pg_catalog.>) 0
		   AND (p_atena_no IS NULL OR o.atena_no OPERATOR(pg_catalog.=) p_atena_no)
		   AND o.receipt_date OPERATOR(pg_catalog.<=) p_as_of
		 ORDER BY o.receipt_date, o.payment_id
	LOOP
		rest := src.remaining;
		-- 誤納: the period starts a month after the payment (法17条の4①四)
		istart := @extschema@.refund_interest_start('erroneous', src.receipt_date);
		-- targets: the person's installments due by as_of that owe 本税, 督促手数料
		-- or 延滞金 (法17条の2①: 地方団体の徴収金, which includes 延滞金)
		FOR tgt IN
			SELECT b.installment_id, b.due_date FROM @extschema@.collection_installment_balance b
			 WHERE b.lg_code OPERATOR(@extschema@.=) p_lg_code AND b.atena_no OPERATOR(pg_catalog.=) src.atena_no
			   AND b.due_date OPERATOR(pg_catalog.<=) p_as_of
			 ORDER BY b.statutory_due_date, b.installment_id
		LOOP
			EXIT WHEN rest OPERATOR(pg_catalog.=) 0;
			PERFORM FROM @extschema@.collection_installment
			 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND installment_id OPERATOR(pg_catalog.=) tgt.installment_id FOR UPDATE;
			-- 充当適状日 [M]: both the over-payment and the target's 納期限 have come,
			-- and, for a target whose 本税 is paid, the day its 延滞金 became fixed
			-- (the last 本税 payment); the target is deemed paid on it (法17条の2③)
			-- and 還付加算金 runs to it when it is before the 充当 day (法17条の4①)
			SELECT greatest(src.receipt_date, tgt.due_date,
						CASE WHEN b.principal_unpaid OPERATOR(pg_catalog.=) 0 THEN
							(SELECT pg_catalog.max(p.receipt_date) FROM @extschema@.collection_payment p
							  JOIN @extschema@.collection_allocation a
								ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
							 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.installment_id OPERATOR(pg_catalog.=) tgt.installment_id
							   AND a.part OPERATOR(pg_catalog.=) 'principal'
							   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
									WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)) END),
				   b.principal_unpaid OPERATOR(pg_catalog.+) b.dunning_fee OPERATOR(pg_catalog.-) b.dunning_fee_paid
			  INTO fit, owed
			  FROM @extschema@.collection_installment_balance b
			 WHERE b.lg_code OPERATOR(@extschema@.=) p_lg_code AND b.installment_id OPERATOR(pg_catalog.=) tgt.installment_id;
			CONTINUE WHEN fit OPERATOR(pg_catalog.>) p_as_of;
			-- with the 延滞金 accrued through the 充当適状日 (the 本税 being deemed
			-- paid that day), less what was paid of it
			owed := owed OPERATOR(pg_catalog.+) greatest(@extschema@.installment_late_charge(p_lg_code, tgt.installment_id, fit)
				OPERATOR(pg_catalog.-) @extschema@.installment_paid(p_lg_code, tgt.installment_id, 'late_charge'), 0);
			take := least(rest, owed);
			CONTINUE WHEN take OPERATOR(pg_catalog.<=) 0;
			interest := @extschema@.overpayment_interest(p_lg_code, take, istart, least(fit, p_as_of));
			SELECT pg_catalog.count(*) OPERATOR(pg_catalog.+) 1 INTO seq FROM @extschema@.collection_appropriation x
			 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.source_payment_id OPERATOR(pg_catalog.=) src.payment_id
			   AND x.installment_id OPERATOR(pg_catalog.=) tgt.installment_id;
			pid := @extschema@.post_payment(p_lg_code, 'appropriation',
				pg_catalog.format('%s-%s-%s', src.payment_id, tgt.installment_id, seq),
				tgt.installment_id, take, fit, p_as_of);
			INSERT INTO @extschema@.collection_appropriation (lg_code, payment_id, source_payment_id, installment_id, amount,
				appropriated_on, fit_date, interest_start, refund_interest)
			VALUES (p_lg_code, pid, src.payment_id, tgt.installment_id, take, p_as_of, fit, istart, interest);
			rest := rest OPERATOR(pg_catalog.-) take;
			appropriation_count := appropriation_count OPERATOR(pg_catalog.+) 1;
			appropriated_amount := appropriated_amount OPERATOR(pg_catalog.+) take;
			interest_total := interest_total OPERATOR(pg_catalog.+) interest;
		END LOOP;
	END LOOP;
	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION @extschema@.appropriate_overpayments(@extschema@.lg_code, bigint, date) IS
	'collection: 充当 (法17条の2) of remaining over-payments to the same person''s unpaid installments, oldest 法定納期限 first; idempotent';

-- 還付 (法17条): after 充当 as of the decision day, what is left of the
-- person's over-payments is refunded with 還付加算金 to the decision day.
CREATE FUNCTION @extschema@.decide_refund(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_decided_on date,
	p_payee text, p_account text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rid bigint;
	src record;
	istart date;
	interest bigint;
	total bigint := 0;
	total_interest bigint := 0;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_decided_on IS NULL OR NOT pg_catalog.isfinite(p_decided_on)
	   OR pg_catalog.btrim(coalesce(p_payee, '')) OPERATOR(pg_catalog.=) '' OR pg_catalog.btrim(coalesce(p_account, '')) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'municipality, person, decision date, payee and account are required'
			USING ERRCODE = '22004', HINT = 'Pass all five; the account is where the refund is paid.';
	END IF;
	-- 充当 comes first (法17条の2①)
	PERFORM @extschema@.appropriate_overpayments(p_lg_code, p_atena_no, p_decided_on);
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu.collection_overpayment'), pg_catalog.hashtext(p_lg_code::text));
	FOR src IN
		SELECT o.* FROM @extschema@.collection_overpayment o
		 WHERE o.lg_code OPERATOR(@extschema@.=) p_lg_code AND o.atena_no OPERATOR(pg_catalog.=) p_atena_no
		   AND o.remaining OPERATOR(pg_catalog.>) 0 AND o.receipt_date OPERATOR(pg_catalog.<=) p_decided_on
		 ORDER BY o.receipt_date, o.payment_id
	LOOP
		IF rid IS NULL THEN
			INSERT INTO @extschema@.collection_refund (lg_code, atena_no, decided_on, amount, refund_interest, payee, account)
			VALUES (p_lg_code, p_atena_no, p_decided_on, src.remaining, 0, p_payee, p_account)
			RETURNING refund_id INTO rid;
		END IF;
		istart := @extschema@.refund_interest_start('erroneous', src.receipt_date);
		interest := @extschema@.overpayment_interest(p_lg_code, src.remaining, istart, p_decided_on);
		INSERT INTO @extschema@.collection_refund_part VALUES (p_lg_code, rid, src.payment_id, src.remaining, istart, interest);
		total := total OPERATOR(pg_catalog.+) src.remaining;
		total_interest := total_interest OPERATOR(pg_catalog.+) interest;
	END LOOP;
	IF rid IS NULL THEN
		RAISE EXCEPTION 'person % of municipality % has no over-payment left to refund', p_atena_no, p_lg_code
			USING ERRCODE = '55000', DETAIL = 'Every over-payment was appropriated or refunded, or there is none.',
				  HINT = 'See zeimu.collection_overpayment.';
	END IF;
	UPDATE @extschema@.collection_refund SET amount = total, refund_interest = total_interest
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND refund_id OPERATOR(pg_catalog.=) rid;
	RETURN rid;
END
$$;
COMMENT ON FUNCTION @extschema@.decide_refund(@extschema@.lg_code, bigint, date, text, text) IS
	'collection: decide the 還付 of what is left of a person''s over-payments after 充当, with 還付加算金 to the decision day (法17条, 17条の4)';

CREATE FUNCTION @extschema@.mark_refund_paid(p_lg_code @extschema@.lg_code, p_refund_id bigint, p_paid_on date)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_refund;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_refund_id IS NULL OR p_paid_on IS NULL OR NOT pg_catalog.isfinite(p_paid_on) THEN
		RAISE EXCEPTION 'municipality, refund and payment date are required'
			USING ERRCODE = '22004', HINT = 'Pass the refund number and the day it was paid.';
	END IF;
	SELECT * INTO r FROM @extschema@.collection_refund
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND refund_id OPERATOR(pg_catalog.=) p_refund_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'refund % of municipality % not found', p_refund_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No refund has that number.', HINT = 'Check the refund number.';
	END IF;
	IF EXISTS (SELECT FROM @extschema@.collection_refund_cancellation c
			   WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.refund_id OPERATOR(pg_catalog.=) p_refund_id) THEN
		RAISE EXCEPTION 'refund % was cancelled', p_refund_id
			USING ERRCODE = '55000', DETAIL = 'A cancelled refund is not paid.', HINT = 'Decide a new refund (zeimu.decide_refund).';
	END IF;
	IF r.status OPERATOR(pg_catalog.<>) 'decided' THEN
		RAISE EXCEPTION 'refund % was already paid', p_refund_id
			USING ERRCODE = '55000', DETAIL = pg_catalog.format('It was paid on %s.', r.paid_on), HINT = 'A refund is paid once.';
	END IF;
	IF p_paid_on OPERATOR(pg_catalog.<) r.decided_on THEN
		RAISE EXCEPTION 'a refund cannot be paid before it was decided'
			USING ERRCODE = '22008', DETAIL = pg_catalog.format('It was decided on %s.', r.decided_on),
				  HINT = 'Give the day the money was paid out.';
	END IF;
	UPDATE @extschema@.collection_refund SET status = 'paid', paid_on = p_paid_on, paid_by = CURRENT_USER
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND refund_id OPERATOR(pg_catalog.=) p_refund_id;
END
$$;
COMMENT ON FUNCTION @extschema@.mark_refund_paid(@extschema@.lg_code, bigint, date) IS
	'collection: record that a decided refund was paid out';

-- 取消 of a decided refund before it is paid: a new entry with the reason;
-- its over-payments are remaining again (collection_overpayment), to be
-- appropriated or refunded anew.  A paid refund cannot be cancelled.
CREATE FUNCTION @extschema@.cancel_refund(p_lg_code @extschema@.lg_code, p_refund_id bigint, p_cancelled_on date, p_reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_refund;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_refund_id IS NULL OR p_cancelled_on IS NULL OR NOT pg_catalog.isfinite(p_cancelled_on)
	   OR pg_catalog.btrim(coalesce(p_reason, '')) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'municipality, refund, cancellation date and reason are required'
			USING ERRCODE = '22004', HINT = 'State why the refund is cancelled; the reason is kept with the cancellation.';
	END IF;
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu.collection_overpayment'), pg_catalog.hashtext(p_lg_code::text));
	SELECT * INTO r FROM @extschema@.collection_refund
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND refund_id OPERATOR(pg_catalog.=) p_refund_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'refund % of municipality % not found', p_refund_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No refund has that number.', HINT = 'Check the refund number.';
	END IF;
	IF r.status OPERATOR(pg_catalog.=) 'paid' THEN
		RAISE EXCEPTION 'refund % was already paid', p_refund_id
			USING ERRCODE = '55000', DETAIL = pg_catalog.format('It was paid on %s.', r.paid_on),
				  HINT = 'A paid refund is not cancelled; a wrong payment out is recovered separately.';
	END IF;
	IF EXISTS (SELECT FROM @extschema@.collection_refund_cancellation c
			   WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.refund_id OPERATOR(pg_catalog.=) p_refund_id) THEN
		RAISE EXCEPTION 'refund % was already cancelled', p_refund_id
			USING ERRCODE = '55000', DETAIL = 'A refund is cancelled at most once.', HINT = 'See zeimu.collection_refund_cancellation.';
	END IF;
	IF p_cancelled_on OPERATOR(pg_catalog.<) r.decided_on THEN
		RAISE EXCEPTION 'a refund cannot be cancelled before it was decided'
			USING ERRCODE = '22008', DETAIL = pg_catalog.format('It was decided on %s.', r.decided_on),
				  HINT = 'Give the day of the cancellation.';
	END IF;
	INSERT INTO @extschema@.collection_refund_cancellation (lg_code, refund_id, cancelled_on, reason)
	VALUES (p_lg_code, p_refund_id, p_cancelled_on, p_reason);
END
$$;
COMMENT ON FUNCTION @extschema@.cancel_refund(@extschema@.lg_code, bigint, date, text) IS
	'collection: cancel (取消) a decided refund before it is paid, with the reason; its over-payments are remaining again';

GRANT EXECUTE ON FUNCTION @extschema@.cancel_refund(@extschema@.lg_code, bigint, date, text) TO zeimu_collection;
GRANT EXECUTE ON FUNCTION @extschema@.overpayment_interest(@extschema@.lg_code, bigint, date, date),
	@extschema@.appropriate_overpayments(@extschema@.lg_code, bigint, date),
	@extschema@.decide_refund(@extschema@.lg_code, bigint, date, text, text),
	@extschema@.mark_refund_paid(@extschema@.lg_code, bigint, date) TO zeimu_collection;
