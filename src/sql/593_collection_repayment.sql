-- collection: 返還金 — repayments of tax paid for years the law no longer
-- lets the municipality correct (地方税法第17条の5: a reducing 更正 or
-- 賦課決定 is not made once 5 years have passed from the day after the
-- 法定納期限), under the municipality's own scheme (固定資産税等返還金支払
-- 要綱; seed 000: 千葉市 "返還金要綱上、最長の返還期間が10年間").  The law
-- gives no such repayment, so there is no national row: a municipality
-- without a scheme in force cannot repay.  doc/collection.md §17.
--
-- Flow: decide_repayment (checks the scheme, the years, the ledger and the
-- evidence, and asks a second staff member's approval, kind
-- collection_repayment) → zeimu.approve by a colleague → mark_repayment_paid
-- (uses the approval); cancel_repayment before it is paid (a new entry).

-- The statutory correction period is the levy's parameter correction_years
-- (301_levy_param_seed.sql: 5 years, 法17条の5, national row from fiscal year
-- 2024).  A 返還金 reads it for older years, so the same national value is
-- entered from fiscal year 1950 (the law's period for a reducing 更正 or
-- 賦課決定 is 5 years for every year a repayment can reach); one source.
INSERT INTO @extschema@.levy_param (lg_code, name, from_fy, num, den, unit, basis, note) VALUES
	('000000', 'correction_years', 1950, 5, 1, 'years', '地方税法第17条の5 (法定納期限の翌日から5年)',
	 'the years before 2024, read by the collection 返還金 (593_collection_repayment.sql)');

-- The municipality's scheme (要綱).  No national row, by design.
CREATE TABLE @extschema@.collection_repayment_scheme (
	lg_code @extschema@.lg_code NOT NULL CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	-- NULL: the municipality abolished its scheme from valid_from
	max_years integer CHECK (max_years BETWEEN 1 AND 30),
	-- none: the amount only; refund_interest: 還付加算金 (法17条の4) as the 要綱 says
	interest_rule text NOT NULL DEFAULT 'none'
		CHECK (interest_rule OPERATOR(pg_catalog.=) ANY (ARRAY['none', 'refund_interest'])),
	source text NOT NULL CHECK (source OPERATOR(pg_catalog.<>) ''),
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.collection_repayment_scheme IS
	'collection: a municipality''s 返還金 scheme (要綱): how many years back it repays and with what interest; no national row — without a scheme nothing is repaid';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_repayment_scheme', '');
GRANT SELECT ON @extschema@.collection_repayment_scheme TO zeimu_user;

CREATE TABLE @extschema@.collection_repayment (
	lg_code @extschema@.lg_code NOT NULL,
	repayment_id bigint GENERATED ALWAYS AS IDENTITY,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	tax_kind text NOT NULL CHECK (tax_kind OPERATOR(pg_catalog.~) '^[a-z_]{1,40}$'),
	fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 1950 AND 2200),
	statutory_due_date date NOT NULL,		-- 法定納期限 of the year (its first installment's)
	amount bigint NOT NULL CHECK (amount > 0),
	interest bigint NOT NULL CHECK (interest >= 0),
	interest_start date,					-- first day counted, when the scheme pays interest
	evidence text NOT NULL CHECK (pg_catalog.length(evidence) BETWEEN 1 AND 400),
	reason text NOT NULL CHECK (pg_catalog.length(reason) BETWEEN 1 AND 400),
	decided_on date NOT NULL CHECK (pg_catalog.isfinite(decided_on)),
	scheme_valid_from date NOT NULL,		-- the scheme row applied
	payee text NOT NULL CHECK (pg_catalog.length(payee) BETWEEN 1 AND 200),
	-- stored as given (needed to pay); never written into a message or log line
	account text NOT NULL CHECK (pg_catalog.length(account) BETWEEN 1 AND 100),
	approval_id bigint NOT NULL,
	status text NOT NULL DEFAULT 'decided' CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['decided', 'paid'])),
	paid_on date CHECK ((status OPERATOR(pg_catalog.=) 'paid') OPERATOR(pg_catalog.=) (paid_on IS NOT NULL)),
	approved_by text,
	decided_by name NOT NULL DEFAULT CURRENT_USER,
	paid_by name,
	PRIMARY KEY (lg_code, repayment_id),
	FOREIGN KEY (lg_code, scheme_valid_from) REFERENCES @extschema@.collection_repayment_scheme (lg_code, valid_from),
	CHECK (paid_on IS NULL OR paid_on >= decided_on)
);
CREATE INDEX ON @extschema@.collection_repayment (lg_code, atena_no, tax_kind, fiscal_year);
COMMENT ON TABLE @extschema@.collection_repayment IS
	'collection: 返還金 under the municipality''s 要綱 for a year past the 更正 period (法17条の5), with evidence, reason, approval and payment status';

-- 取消 before payment: a new entry; the row keeps status 'decided'.
CREATE TABLE @extschema@.collection_repayment_cancellation (
	lg_code @extschema@.lg_code NOT NULL,
	repayment_id bigint NOT NULL,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	cancelled_on date NOT NULL CHECK (pg_catalog.isfinite(cancelled_on)),
	reason text NOT NULL CHECK (pg_catalog.length(reason) BETWEEN 1 AND 400),
	cancelled_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	cancelled_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, repayment_id),
	FOREIGN KEY (lg_code, repayment_id) REFERENCES @extschema@.collection_repayment (lg_code, repayment_id)
);
COMMENT ON TABLE @extschema@.collection_repayment_cancellation IS
	'collection: 取消 of a decided 返還金 before payment, with its reason';

SELECT @extschema@.protect_person_table('@extschema@.collection_repayment'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.collection_repayment_cancellation'::regclass);
GRANT SELECT ON @extschema@.collection_repayment, @extschema@.collection_repayment_cancellation
	TO zeimu_collection, zeimu_delinquency;

-- The scheme row in force on a day, or NULL (no scheme, or abolished).
CREATE FUNCTION @extschema@.repayment_scheme_on(p_lg_code @extschema@.lg_code, p_on date)
RETURNS @extschema@.collection_repayment_scheme
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.* FROM @extschema@.collection_repayment_scheme s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.valid_from OPERATOR(pg_catalog.<=) p_on
	 ORDER BY s.valid_from DESC LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.repayment_scheme_on(@extschema@.lg_code, date) IS
	'collection: the 返還金 scheme (要綱) row in force on a day for a municipality, or NULL';

-- The last day a year can still be corrected under 法17条の5: the levy
-- parameter correction_years of the fiscal year, counted from the day after
-- the 法定納期限 as 民法第143条 does (as levy_check_correction_period).
CREATE FUNCTION @extschema@.correction_period_end(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_statutory_due_date date)
RETURNS date
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.civil_period_end(p_statutory_due_date OPERATOR(pg_catalog.+) 1,
		(@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'correction_years') OPERATOR(pg_catalog.*) 12)::integer)
$$;
COMMENT ON FUNCTION @extschema@.correction_period_end(@extschema@.lg_code, integer, date) IS
	'collection: the last day a year with this 法定納期限 can still be corrected (地方税法第17条の5, levy parameter correction_years, counted from the next day)';

-- The caller may see the person (P0002 otherwise, as for a missing one).
CREATE FUNCTION @extschema@.repayment_assert_person(p_lg_code @extschema@.lg_code, p_atena_no bigint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_super boolean;
BEGIN
	SELECT r.rolsuper INTO v_super FROM pg_catalog.pg_roles r
	 WHERE r.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role();
	IF coalesce(v_super, false) THEN
		IF NOT EXISTS (SELECT FROM @extschema@.person p
					   WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no) THEN
			RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such person in your offices',
				HINT = 'Check the atena number; persons of other offices are handled there.';
		END IF;
	ELSE
		PERFORM @extschema@.access_assert_person_visible(p_lg_code::text, p_atena_no);
	END IF;
END
$$;

-- 返還金 decision.  Returns the repayment id; the approval id is in the row.
CREATE FUNCTION @extschema@.decide_repayment(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_tax_kind text,
	p_fiscal_year integer, p_amount bigint, p_evidence text, p_reason text, p_decided_on date,
	p_payee text, p_account text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	s @extschema@.collection_repayment_scheme;
	v_due date;
	v_paid bigint;
	v_repaid bigint;
	v_last_paid date;
	v_start date;
	v_interest bigint := 0;
	v_approval bigint;
	v_id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_tax_kind IS NULL OR p_fiscal_year IS NULL OR p_decided_on IS NULL
	   OR pg_catalog.btrim(coalesce(p_payee, '')) OPERATOR(pg_catalog.=) '' OR pg_catalog.btrim(coalesce(p_account, '')) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'municipality, person, tax, fiscal year, decision date, payee and account are required'
			USING ERRCODE = '22004', HINT = 'Pass every argument; the account is where the repayment is paid.';
	END IF;
	IF NOT pg_catalog.isfinite(p_decided_on) THEN
		RAISE EXCEPTION 'decision date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The date must be a calendar date.', HINT = 'Pass the date itself, not infinity.';
	END IF;
	PERFORM @extschema@.repayment_assert_person(p_lg_code, p_atena_no);
	IF p_amount IS NULL OR p_amount OPERATOR(pg_catalog.<=) 0 THEN
		RAISE EXCEPTION 'the amount to repay must be more than zero'
			USING ERRCODE = '22023', DETAIL = 'A repayment pays back tax that was paid.', HINT = 'Give the amount in yen.';
	END IF;
	IF pg_catalog.btrim(coalesce(p_evidence, '')) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'evidence of the payment is required'
			USING ERRCODE = '22023', DETAIL = 'The scheme repays only what receipts (領収書) or the municipality''s own records show was paid.',
				  HINT = 'Describe the evidence, e.g. 領収書 H28-1期 or 収納記録.';
	END IF;
	IF pg_catalog.btrim(coalesce(p_reason, '')) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'the reason for the repayment is required'
			USING ERRCODE = '22023', DETAIL = 'The decision records why the tax was over-assessed.',
				  HINT = 'State the reason, e.g. 住宅用地特例の適用漏れ.';
	END IF;
	s := @extschema@.repayment_scheme_on(p_lg_code, p_decided_on);
	IF s.lg_code IS NULL OR s.max_years IS NULL THEN
		RAISE EXCEPTION 'municipality % has no repayment scheme in force on %', p_lg_code, p_decided_on
			USING ERRCODE = '55000', DETAIL = 'The law gives no repayment for years past the correction period; only a municipal scheme (返還金要綱) does.',
				  HINT = 'Record the municipality''s scheme in zeimu.collection_repayment_scheme first.';
	END IF;

	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu.collection_repayment'), pg_catalog.hashtext(p_lg_code::text));
	-- 法定納期限 of the year: the first installment's (法11条の4 [M]); the
	-- principal paid according to the ledger (payments not reversed)
	SELECT pg_catalog.min(b.statutory_due_date), pg_catalog.sum(b.principal_paid)::bigint
	  INTO v_due, v_paid
	  FROM @extschema@.collection_installment_balance b
	 WHERE b.lg_code OPERATOR(@extschema@.=) p_lg_code AND b.atena_no OPERATOR(pg_catalog.=) p_atena_no
	   AND b.tax_kind OPERATOR(pg_catalog.=) p_tax_kind AND b.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year;
	IF v_due IS NULL THEN
		RAISE EXCEPTION 'no % installment of fiscal year % for this person', p_tax_kind, p_fiscal_year
			USING ERRCODE = '22023', DETAIL = 'The ledger has nothing assessed on the person for that tax and year.',
				  HINT = 'Check the tax and the fiscal year.';
	END IF;
	-- 法17条の5: within the period the year is corrected and refunded by law
	IF p_decided_on OPERATOR(pg_catalog.<=) @extschema@.correction_period_end(p_lg_code, p_fiscal_year, v_due) THEN
		RAISE EXCEPTION 'fiscal year % of % can still be corrected on %', p_fiscal_year, p_tax_kind, p_decided_on
			USING ERRCODE = '55000',
				  DETAIL = pg_catalog.format('Its 法定納期限 is %s; the correction period (地方税法第17条の5) runs through %s.',
					v_due, @extschema@.correction_period_end(p_lg_code, p_fiscal_year, v_due)),
				  HINT = 'Correct the assessment (更正) and refund it with zeimu.decide_refund.';
	END IF;
	-- the scheme: max_years from the day after the 法定納期限, counted the same way
	IF p_decided_on OPERATOR(pg_catalog.>) @extschema@.civil_period_end(v_due OPERATOR(pg_catalog.+) 1, s.max_years OPERATOR(pg_catalog.*) 12) THEN
		RAISE EXCEPTION 'fiscal year % of % is older than the scheme allows', p_fiscal_year, p_tax_kind
			USING ERRCODE = '22023',
				  DETAIL = pg_catalog.format('The scheme repays %s years from the day after the 法定納期限 %s, through %s.',
					s.max_years, v_due, @extschema@.civil_period_end(v_due OPERATOR(pg_catalog.+) 1, s.max_years OPERATOR(pg_catalog.*) 12)),
				  HINT = 'That year cannot be repaid under the scheme.';
	END IF;
	SELECT coalesce(pg_catalog.sum(r.amount), 0)::bigint INTO v_repaid
	  FROM @extschema@.collection_repayment r
	 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.atena_no OPERATOR(pg_catalog.=) p_atena_no
	   AND r.tax_kind OPERATOR(pg_catalog.=) p_tax_kind AND r.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND NOT EXISTS (SELECT FROM @extschema@.collection_repayment_cancellation c
			WHERE c.lg_code OPERATOR(@extschema@.=) r.lg_code AND c.repayment_id OPERATOR(pg_catalog.=) r.repayment_id);
	IF p_amount OPERATOR(pg_catalog.>) (coalesce(v_paid, 0) OPERATOR(pg_catalog.-) v_repaid) THEN
		RAISE EXCEPTION 'the amount is more than was paid for that tax and year'
			USING ERRCODE = '22023',
				  DETAIL = pg_catalog.format('The ledger shows %s yen of tax paid, of which %s yen is already repaid.', coalesce(v_paid, 0), v_repaid),
				  HINT = 'Repay at most what was paid and not yet repaid.';
	END IF;
	-- interest by the scheme: 還付加算金 as for a reducing 賦課決定
	-- (法17条の4①一: from the day after the payment), counted from the last
	-- 本税 payment of the year, through the decision day
	IF s.interest_rule OPERATOR(pg_catalog.=) 'refund_interest' THEN
		SELECT pg_catalog.max(p.receipt_date) INTO v_last_paid
		  FROM @extschema@.collection_payment p
		  JOIN @extschema@.collection_installment i
			ON i.lg_code OPERATOR(@extschema@.=) p.lg_code AND i.installment_id OPERATOR(pg_catalog.=) p.installment_id
		  JOIN @extschema@.collection_allocation a
			ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
		 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no
		   AND i.tax_kind OPERATOR(pg_catalog.=) p_tax_kind AND i.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND a.part OPERATOR(pg_catalog.=) 'principal'
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
				WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id);
		v_start := @extschema@.refund_interest_start('reduction', v_last_paid);
		v_interest := @extschema@.overpayment_interest(p_lg_code, p_amount, v_start, p_decided_on);
	END IF;

	INSERT INTO @extschema@.approval_kind (lg_code, kind, description, approver_duties, valid_for, registered_by)
	VALUES (p_lg_code::text, 'collection_repayment', '返還金 (repayment under the municipality''s 要綱)',
			ARRAY['collection', 'delinquency'], interval '90 days', 'zeimu')
	ON CONFLICT DO NOTHING;
	INSERT INTO @extschema@.collection_repayment (lg_code, atena_no, tax_kind, fiscal_year, statutory_due_date, amount, interest,
		interest_start, evidence, reason, decided_on, scheme_valid_from, payee, account, approval_id)
	VALUES (p_lg_code, p_atena_no, p_tax_kind, p_fiscal_year, v_due, p_amount, v_interest, v_start, p_evidence, p_reason,
		p_decided_on, s.valid_from, p_payee, p_account, 0)
	RETURNING repayment_id INTO v_id;
	v_approval := @extschema@.request_approval('collection_repayment',
		pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'repayment_id', v_id),
		pg_catalog.format('返還金 %s: %s %s年度 %s円', v_id, p_tax_kind, p_fiscal_year, p_amount));
	UPDATE @extschema@.collection_repayment SET approval_id = v_approval
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND repayment_id OPERATOR(pg_catalog.=) v_id;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.decide_repayment(@extschema@.lg_code, bigint, text, integer, bigint, text, text, date, text, text) IS
	'collection: decide a 返還金 under the municipality''s 要綱 for a year past the 更正 period (法17条の5), and ask a second staff member''s approval';

-- The repayment row for a payment or cancellation, checked.
CREATE FUNCTION @extschema@.repayment_for_update(p_lg_code @extschema@.lg_code, p_repayment_id bigint)
RETURNS @extschema@.collection_repayment
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_repayment;
BEGIN
	SELECT * INTO r FROM @extschema@.collection_repayment x
	 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.repayment_id OPERATOR(pg_catalog.=) p_repayment_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'repayment % of municipality % not found', p_repayment_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No repayment has that number.', HINT = 'Check the repayment number.';
	END IF;
	PERFORM @extschema@.repayment_assert_person(p_lg_code, r.atena_no);
	IF r.status OPERATOR(pg_catalog.=) 'paid' THEN
		RAISE EXCEPTION 'repayment % was already paid', p_repayment_id
			USING ERRCODE = '55000', DETAIL = pg_catalog.format('It was paid on %s.', r.paid_on),
				  HINT = 'A repayment is paid once and a paid one is not cancelled.';
	END IF;
	IF EXISTS (SELECT FROM @extschema@.collection_repayment_cancellation c
			   WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.repayment_id OPERATOR(pg_catalog.=) p_repayment_id) THEN
		RAISE EXCEPTION 'repayment % was cancelled', p_repayment_id
			USING ERRCODE = '55000', DETAIL = 'A cancelled repayment is neither paid nor cancelled again.',
				  HINT = 'Decide a new repayment (zeimu.decide_repayment).';
	END IF;
	RETURN r;
END
$$;

CREATE FUNCTION @extschema@.mark_repayment_paid(p_lg_code @extschema@.lg_code, p_repayment_id bigint, p_paid_on date)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_repayment;
	v_approver text;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_repayment_id IS NULL OR p_paid_on IS NULL OR NOT pg_catalog.isfinite(p_paid_on) THEN
		RAISE EXCEPTION 'municipality, repayment and payment date are required'
			USING ERRCODE = '22004', HINT = 'Pass the repayment number and the day it was paid.';
	END IF;
	r := @extschema@.repayment_for_update(p_lg_code, p_repayment_id);
	IF p_paid_on OPERATOR(pg_catalog.<) r.decided_on THEN
		RAISE EXCEPTION 'a repayment cannot be paid before it was decided'
			USING ERRCODE = '22008', DETAIL = pg_catalog.format('It was decided on %s.', r.decided_on),
				  HINT = 'Give the day the money was paid out.';
	END IF;
	-- the second staff member's approval (ZA002 when not yet approved)
	v_approver := @extschema@.consume_approval(r.approval_id, 'collection_repayment',
		pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'repayment_id', p_repayment_id));
	UPDATE @extschema@.collection_repayment SET status = 'paid', paid_on = p_paid_on, paid_by = CURRENT_USER,
		approved_by = v_approver
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND repayment_id OPERATOR(pg_catalog.=) p_repayment_id;
END
$$;
COMMENT ON FUNCTION @extschema@.mark_repayment_paid(@extschema@.lg_code, bigint, date) IS
	'collection: record that an approved 返還金 was paid out (uses its approval once)';

CREATE FUNCTION @extschema@.cancel_repayment(p_lg_code @extschema@.lg_code, p_repayment_id bigint, p_cancelled_on date, p_reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_repayment;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_repayment_id IS NULL OR p_cancelled_on IS NULL OR NOT pg_catalog.isfinite(p_cancelled_on)
	   OR pg_catalog.btrim(coalesce(p_reason, '')) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'municipality, repayment, cancellation date and reason are required'
			USING ERRCODE = '22004', HINT = 'State why the repayment is cancelled; the reason is kept with the cancellation.';
	END IF;
	r := @extschema@.repayment_for_update(p_lg_code, p_repayment_id);
	IF p_cancelled_on OPERATOR(pg_catalog.<) r.decided_on THEN
		RAISE EXCEPTION 'a repayment cannot be cancelled before it was decided'
			USING ERRCODE = '22008', DETAIL = pg_catalog.format('It was decided on %s.', r.decided_on),
				  HINT = 'Give the day of the cancellation.';
	END IF;
	INSERT INTO @extschema@.collection_repayment_cancellation (lg_code, repayment_id, atena_no, cancelled_on, reason)
	VALUES (p_lg_code, p_repayment_id, r.atena_no, p_cancelled_on, p_reason);
END
$$;
COMMENT ON FUNCTION @extschema@.cancel_repayment(@extschema@.lg_code, bigint, date, text) IS
	'collection: cancel (取消) a decided 返還金 before it is paid, with the reason (a new entry)';

GRANT EXECUTE ON FUNCTION @extschema@.repayment_scheme_on(@extschema@.lg_code, date),
	@extschema@.correction_period_end(@extschema@.lg_code, integer, date),
	@extschema@.decide_repayment(@extschema@.lg_code, bigint, text, integer, bigint, text, text, date, text, text),
	@extschema@.mark_repayment_paid(@extschema@.lg_code, bigint, date),
	@extschema@.cancel_repayment(@extschema@.lg_code, bigint, date, text) TO zeimu_collection, zeimu_delinquency;
