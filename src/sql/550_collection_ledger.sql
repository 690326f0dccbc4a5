-- collection: the first slice of the installment ledger (期別) and payment
-- posting.  Persons come from the registry (atena_no) and installments from
-- the levy modules; neither is on main yet, so atena_no carries no foreign
-- key for now (added when registry lands) and installments are inserted by
-- the caller.  doc/collection.md §8.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'zeimu_collection') THEN
		CREATE ROLE zeimu_collection NOLOGIN;
	END IF;
END
$$;
COMMENT ON ROLE zeimu_collection IS 'zeimu: collection clerks (収納・滞納整理): post payments, read the ledger';
GRANT zeimu_user TO zeimu_collection;

-- The payment number (納付番号) of an installment: 18 digits = the
-- municipality (6) + the installment number zero-padded to 11 + a Luhn check
-- digit over the first 17 (src/payment_no.c; doc/collection.md §14).
CREATE FUNCTION @extschema@.payment_no_check_digit(text) RETURNS integer
	AS 'MODULE_PATHNAME', 'payment_no_check_digit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.payment_no_check_digit(text) IS
	'collection: the Luhn check digit (modulus 10, weights 2-1) of a string of digits';
CREATE FUNCTION @extschema@.payment_no_is_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'payment_no_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.payment_no_is_valid(text) IS
	'collection: true when a payment number has 18 digits and a correct Luhn check digit';
CREATE FUNCTION @extschema@.collection_payment_no(p_lg_code @extschema@.lg_code, p_installment_id bigint)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT b OPERATOR(pg_catalog.||) @extschema@.payment_no_check_digit(b)::text
	  FROM (SELECT p_lg_code::text OPERATOR(pg_catalog.||) pg_catalog.lpad(p_installment_id::text, 11, '0') AS b) x
	 WHERE p_installment_id BETWEEN 1 AND 99999999999
$$;
COMMENT ON FUNCTION @extschema@.collection_payment_no(@extschema@.lg_code, bigint) IS
	'collection: the 18-digit payment number (納付番号) of an installment: municipality, installment number, Luhn check digit';

-- One row per installment across all taxes.
CREATE TABLE @extschema@.collection_installment (
	lg_code @extschema@.lg_code NOT NULL CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	installment_id bigint GENERATED ALWAYS AS IDENTITY,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	tax_kind text NOT NULL CHECK (tax_kind OPERATOR(pg_catalog.~) '^[a-z_]{1,40}$'),
	fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 1950 AND 2200),
	notice_no text NOT NULL CHECK (pg_catalog.length(notice_no) BETWEEN 1 AND 40),
	period_no smallint NOT NULL CHECK (period_no BETWEEN 0 AND 99),
	statutory_due_date date NOT NULL CHECK (pg_catalog.isfinite(statutory_due_date)),
	due_date date NOT NULL CHECK (pg_catalog.isfinite(due_date)),
	principal bigint NOT NULL CHECK (principal >= 0),
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	-- 納付番号 printed on the payment slip; matched by the import (§14)
	payment_no text GENERATED ALWAYS AS (@extschema@.collection_payment_no(lg_code, installment_id)) STORED,
	PRIMARY KEY (lg_code, installment_id),
	UNIQUE (lg_code, tax_kind, fiscal_year, notice_no, period_no)
);
-- the import matches by notice number and period (§10)
CREATE INDEX ON @extschema@.collection_installment (lg_code, notice_no, period_no);
COMMENT ON TABLE @extschema@.collection_installment IS
	'collection: installments (期別) of every tax: 法定納期限, 納期限 (already moved to the next open day, 法20条の5) and principal (本税)';
COMMENT ON COLUMN @extschema@.collection_installment.statutory_due_date IS '法定納期限: prescription runs from the next day (法18条①)';
COMMENT ON COLUMN @extschema@.collection_installment.due_date IS '納期限: 延滞金 runs from the next day (法326条①)';

-- 督促: at most one per installment (法329条①, 371条①), with the 督促手数料
-- charged under the 条例 in force on the issue day.  Written by
-- zeimu.issue_dunning (560_collection_dunning.sql).
CREATE TABLE @extschema@.collection_dunning (
	lg_code @extschema@.lg_code NOT NULL,
	installment_id bigint NOT NULL,
	issued_on date NOT NULL CHECK (pg_catalog.isfinite(issued_on)),
	deadline date NOT NULL,
	fee bigint NOT NULL CHECK (fee >= 0),
	issued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	issued_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, installment_id),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_installment (lg_code, installment_id)
);
COMMENT ON TABLE @extschema@.collection_dunning IS
	'collection: the 督促状 of an installment: issue day, the statutory deadline (納期限 + 20 days; a later issue is still valid), the 督促手数料';

-- Payments: one row per received payment, never edited.  installment_id NULL
-- is suspense (未確認入金).  (channel, channel_record_id) makes re-sent
-- records post nothing twice.
CREATE TABLE @extschema@.collection_payment (
	lg_code @extschema@.lg_code NOT NULL CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	payment_id bigint GENERATED ALWAYS AS IDENTITY,
	-- 'suspense': a transfer out of suspense by resolve_suspense (record id = the suspense payment id)
	-- 'appropriation': 充当 of an over-payment by appropriate_overpayments (590_collection_overpayment.sql)
	channel text NOT NULL CHECK (channel OPERATOR(pg_catalog.=) ANY (ARRAY['counter', 'bank', 'convenience_store',
		'mpn', 'eltax', 'account_transfer', 'suspense', 'appropriation'])),
	channel_record_id text NOT NULL CHECK (pg_catalog.length(channel_record_id) BETWEEN 1 AND 80),
	installment_id bigint,
	amount bigint NOT NULL CHECK (amount > 0),
	receipt_date date NOT NULL CHECK (pg_catalog.isfinite(receipt_date)),
	revenue_date date NOT NULL CHECK (pg_catalog.isfinite(revenue_date)),
	posted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	posted_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, payment_id),
	UNIQUE (lg_code, channel, channel_record_id),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_installment (lg_code, installment_id)
);
COMMENT ON TABLE @extschema@.collection_payment IS
	'collection: payments received, never edited; 領収日 (receipt_date) and 収入日 (revenue_date) kept apart; no installment = suspense (未確認入金)';
CREATE INDEX ON @extschema@.collection_payment (lg_code, installment_id);

-- Where each yen of a payment went.
CREATE TABLE @extschema@.collection_allocation (
	lg_code @extschema@.lg_code NOT NULL,
	payment_id bigint NOT NULL,
	part text NOT NULL CHECK (part OPERATOR(pg_catalog.=) ANY (ARRAY['principal', 'dunning_fee', 'late_charge',
		'overpayment', 'suspense'])),
	amount bigint NOT NULL CHECK (amount > 0),
	PRIMARY KEY (lg_code, payment_id, part),
	FOREIGN KEY (lg_code, payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id)
);
COMMENT ON TABLE @extschema@.collection_allocation IS
	'collection: how each payment was allocated (本税, 督促手数料, 延滞金, 過誤納, 未確認入金); the amounts of a payment sum to it';

-- Reversal of a wrong posting (doc/collection.md §11): a new entry, never an
-- edit.  A reversed payment and its allocations stay, but every balance,
-- late charge, 督促 and prescription reading ignores it.  Written by
-- zeimu.reverse_payment and zeimu.resolve_suspense (575_collection_reversal.sql);
-- at most one per payment.
CREATE TABLE @extschema@.collection_reversal (
	lg_code @extschema@.lg_code NOT NULL,
	payment_id bigint NOT NULL,
	reason text NOT NULL CHECK (pg_catalog.length(reason) BETWEEN 1 AND 400),
	-- reversal: a wrong posting; suspense_resolution: a suspense payment moved to an installment
	kind text NOT NULL DEFAULT 'reversal' CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['reversal', 'suspense_resolution'])),
	reversed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	reversed_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, payment_id),
	FOREIGN KEY (lg_code, payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id)
);
COMMENT ON TABLE @extschema@.collection_reversal IS
	'collection: reversing entries of wrong postings; a reversed payment counts for nothing';

-- 速報 (preliminary report) and 確報 (confirmation): a convenience store
-- reports a payment the day it is made (速報) and confirms it when the money
-- is transferred (確報).  A payment listed in collection_preliminary with no
-- collection_confirmation is 仮消込 (provisionally reconciled): it is
-- allocated like any payment (so 延滞金 stops on its 本税 part) but the
-- balances (§15) count it apart from 収入.  Written by the import (§14).
CREATE TABLE @extschema@.collection_preliminary (
	lg_code @extschema@.lg_code NOT NULL,
	payment_id bigint NOT NULL,
	batch_id text NOT NULL,
	PRIMARY KEY (lg_code, payment_id),
	FOREIGN KEY (lg_code, payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id)
);
COMMENT ON TABLE @extschema@.collection_preliminary IS
	'collection: payments posted from a 速報 (preliminary report); 仮消込 until confirmed';
CREATE TABLE @extschema@.collection_confirmation (
	lg_code @extschema@.lg_code NOT NULL,
	payment_id bigint NOT NULL,
	batch_id text NOT NULL,
	confirmed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	confirmed_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, payment_id),
	FOREIGN KEY (lg_code, payment_id) REFERENCES @extschema@.collection_preliminary (lg_code, payment_id)
);
COMMENT ON TABLE @extschema@.collection_confirmation IS
	'collection: the 確報 that confirms a preliminary payment (仮消込 becomes 収入)';

-- Why a payment went to suspense (未確認入金), written by the import: the
-- number matched nothing, its check digit is wrong, …
CREATE TABLE @extschema@.collection_suspense_reason (
	lg_code @extschema@.lg_code NOT NULL,
	payment_id bigint NOT NULL,
	reason text NOT NULL CHECK (pg_catalog.length(reason) BETWEEN 1 AND 400),
	PRIMARY KEY (lg_code, payment_id),
	FOREIGN KEY (lg_code, payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id)
);
COMMENT ON TABLE @extschema@.collection_suspense_reason IS
	'collection: the reason a payment could not be matched to an installment (suspense, 未確認入金)';

-- The order in which a payment pays the parts of an installment.
CREATE TABLE @extschema@.collection_allocation_order (
	lg_code @extschema@.lg_code NOT NULL,
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	parts text[] NOT NULL CHECK (parts OPERATOR(pg_catalog.<@) ARRAY['principal', 'dunning_fee', 'late_charge']
		AND pg_catalog.cardinality(parts) OPERATOR(pg_catalog.=) 3),
	source text NOT NULL,
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.collection_allocation_order IS
	'collection: allocation order of a payment inside an installment, by municipality';
INSERT INTO @extschema@.collection_allocation_order VALUES
	('000000', DATE '1950-07-31', ARRAY['principal', 'dunning_fee', 'late_charge'],
	 '本税 first, so that 延滞金 stops running on the paid part (法326条②); common municipal practice [M] domain_rules §6.2; configurable by 要綱');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_allocation_order', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');

-- Row-level security: interim policies for the collection role until the
-- access module brings offices and jurisdictions.
ALTER TABLE @extschema@.collection_installment ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_installment FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_all ON @extschema@.collection_installment TO zeimu_collection USING (true) WITH CHECK (true);
ALTER TABLE @extschema@.collection_payment ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_payment FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_payment FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_dunning ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_dunning FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_dunning FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_allocation ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_allocation FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_allocation FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_reversal ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_reversal FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_reversal FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_preliminary ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_preliminary FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_preliminary FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_confirmation ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_confirmation FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_confirmation FOR SELECT TO zeimu_collection USING (true);
ALTER TABLE @extschema@.collection_suspense_reason ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_suspense_reason FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_read ON @extschema@.collection_suspense_reason FOR SELECT TO zeimu_collection USING (true);

-- Installments are written by the levy modules (interim: clerks may insert);
-- payments and allocations only through post_payment.
GRANT SELECT, INSERT ON @extschema@.collection_installment TO zeimu_collection;
GRANT SELECT ON @extschema@.collection_payment, @extschema@.collection_allocation,
	@extschema@.collection_dunning, @extschema@.collection_reversal, @extschema@.collection_preliminary,
	@extschema@.collection_confirmation, @extschema@.collection_suspense_reason TO zeimu_collection;
GRANT SELECT ON @extschema@.collection_allocation_order TO zeimu_user;

-- 延滞金 of a ledger installment through as_of: the principal allocations are
-- its payments (dated by 領収日).  Reduced periods will come from the
-- delinquency events once they exist.
CREATE FUNCTION @extschema@.installment_late_charge(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_as_of date)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	i @extschema@.collection_installment;
	dates date[];
	amounts bigint[];
	rfrom date[] := '{}';
	rto date[] := '{}';
	rkind text[] := '{}';
BEGIN
	SELECT * INTO i FROM @extschema@.collection_installment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND installment_id OPERATOR(pg_catalog.=) p_installment_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'installment % of municipality % not found', p_installment_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No installment has that number.',
				  HINT = 'Check the installment number; unmatched payments go to suspense.';
	END IF;
	SELECT coalesce(pg_catalog.array_agg(p.receipt_date), '{}'), coalesce(pg_catalog.array_agg(a.amount), '{}')
	  INTO dates, amounts
	  FROM @extschema@.collection_payment p
	  JOIN @extschema@.collection_allocation a
		ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
	 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.installment_id OPERATOR(pg_catalog.=) p_installment_id
	   AND a.part OPERATOR(pg_catalog.=) 'principal' AND p.receipt_date OPERATOR(pg_catalog.<=) p_as_of
	   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
			WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id);
	-- 徴収猶予, 換価猶予 and 執行停止 recorded as delinquency events (561) are
	-- charged at the 猶予特例 rate (法15条の9, 附則3条の2); only persons with
	-- a case pay for the lookup.
	IF EXISTS (SELECT FROM @extschema@.delinquency_case c
				WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.atena_no OPERATOR(pg_catalog.=) i.atena_no) THEN
		SELECT r.reduced_from, r.reduced_to, r.reduced_kind INTO rfrom, rto, rkind
		  FROM @extschema@.installment_reduced_periods(p_lg_code, p_installment_id, p_as_of) r;
	END IF;
	RETURN @extschema@.late_charge_ledger_kernel(i.principal, i.due_date, p_as_of, dates, amounts,
		rfrom, rto, rkind, '{}', '{}', '{}', p_lg_code);
END
$$;
COMMENT ON FUNCTION @extschema@.installment_late_charge(@extschema@.lg_code, bigint, date) IS
	'collection: 延滞金 of a ledger installment through as_of, on the principal still unpaid after each payment (法326条②), at the 猶予特例 rate during 猶予 and 執行停止';

-- Allocate one payment that has no allocation yet: to suspense when it has
-- no installment, otherwise to the parts of its installment in the order in
-- force on its 領収日 (collection_allocation_order), the rest as over-payment.
-- The 延滞金 part is the charge as of the receipt, with this payment's
-- principal part counted.  Internal: called by post_payment and by the bulk
-- import (570) with the installment row already locked; not granted.
CREATE FUNCTION @extschema@.collection_allocate(p_lg_code @extschema@.lg_code, p_payment_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	pay @extschema@.collection_payment;
	i @extschema@.collection_installment;
	rest bigint;
	part text;
	due bigint;
	take bigint;
	ord text[];
BEGIN
	SELECT * INTO pay FROM @extschema@.collection_payment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND payment_id OPERATOR(pg_catalog.=) p_payment_id;
	rest := pay.amount;
	IF pay.installment_id IS NULL THEN
		INSERT INTO @extschema@.collection_allocation VALUES (p_lg_code, p_payment_id, 'suspense', rest);
		RETURN;
	END IF;
	SELECT * INTO i FROM @extschema@.collection_installment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND installment_id OPERATOR(pg_catalog.=) pay.installment_id;

	SELECT o.parts INTO ord FROM @extschema@.collection_allocation_order o
	 WHERE (o.lg_code OPERATOR(@extschema@.=) p_lg_code OR o.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND o.valid_from OPERATOR(pg_catalog.<=) pay.receipt_date
	 ORDER BY o.valid_from DESC, (o.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC LIMIT 1;

	FOREACH part IN ARRAY ord LOOP
		EXIT WHEN rest OPERATOR(pg_catalog.=) 0;
		IF part OPERATOR(pg_catalog.=) 'principal' THEN
			due := i.principal OPERATOR(pg_catalog.-) @extschema@.installment_paid(p_lg_code, i.installment_id, 'principal');
		ELSIF part OPERATOR(pg_catalog.=) 'dunning_fee' THEN
			due := @extschema@.installment_dunning_fee(p_lg_code, i.installment_id)
				OPERATOR(pg_catalog.-) @extschema@.installment_paid(p_lg_code, i.installment_id, 'dunning_fee');
		ELSE
			-- the charge as of this receipt, with this payment's principal part counted
			due := @extschema@.installment_late_charge(p_lg_code, i.installment_id, pay.receipt_date)
				OPERATOR(pg_catalog.-) @extschema@.installment_paid(p_lg_code, i.installment_id, 'late_charge');
		END IF;
		take := least(rest, greatest(due, 0));
		IF take OPERATOR(pg_catalog.>) 0 THEN
			INSERT INTO @extschema@.collection_allocation VALUES (p_lg_code, p_payment_id, part, take);
			rest := rest OPERATOR(pg_catalog.-) take;
		END IF;
	END LOOP;
	IF rest OPERATOR(pg_catalog.>) 0 THEN
		INSERT INTO @extschema@.collection_allocation VALUES (p_lg_code, p_payment_id, 'overpayment', rest);
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_allocate(@extschema@.lg_code, bigint) IS
	'collection (internal): allocate a posted payment to suspense or to its installment''s parts in the configured order';

-- Post one payment.  Idempotent by (channel, channel_record_id): the same
-- record again returns the first payment_id and posts nothing; the same id
-- with different content is an error.  The installment row is locked, so
-- two postings to one installment run one after the other.
-- SECURITY DEFINER: clerks may read the ledger but not write it directly, so
-- every payment and allocation goes through here (append-only, never edited).
CREATE FUNCTION @extschema@.post_payment(p_lg_code @extschema@.lg_code, p_channel text, p_record_id text,
	p_installment_id bigint, p_amount bigint, p_receipt_date date, p_revenue_date date)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	prev @extschema@.collection_payment;
	pid bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_channel IS NULL OR p_record_id IS NULL OR p_amount IS NULL
	   OR p_receipt_date IS NULL OR p_revenue_date IS NULL THEN
		RAISE EXCEPTION 'payment is missing a required value'
			USING ERRCODE = '22004', DETAIL = 'Municipality, channel, record id, amount, receipt date and revenue date are required.',
				  HINT = 'Only the installment may be NULL (the payment then goes to suspense).';
	END IF;
	IF p_amount <= 0 THEN
		RAISE EXCEPTION 'payment amount must be positive'
			USING ERRCODE = '22003', DETAIL = pg_catalog.format('The amount given was %s yen.', p_amount),
				  HINT = 'A wrong posting is reversed by a new entry, not by a negative payment.';
	END IF;

	-- a re-sent record posts nothing
	SELECT * INTO prev FROM @extschema@.collection_payment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND channel OPERATOR(pg_catalog.=) p_channel
	   AND channel_record_id OPERATOR(pg_catalog.=) p_record_id;
	IF FOUND THEN
		IF prev.amount IS DISTINCT FROM p_amount OR prev.installment_id IS DISTINCT FROM p_installment_id
		   OR prev.receipt_date IS DISTINCT FROM p_receipt_date OR prev.revenue_date IS DISTINCT FROM p_revenue_date THEN
			RAISE EXCEPTION 'record % of channel % was already posted with different content', p_record_id, p_channel
				USING ERRCODE = '23505', DETAIL = pg_catalog.format('It was posted as payment %s.', prev.payment_id),
					  HINT = 'Correct the file or reverse the earlier posting; a record id is posted once.';
		END IF;
		RETURN prev.payment_id;
	END IF;

	IF p_installment_id IS NOT NULL THEN
		PERFORM FROM @extschema@.collection_installment
		 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND installment_id OPERATOR(pg_catalog.=) p_installment_id
		 FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'installment % of municipality % not found', p_installment_id, p_lg_code
				USING ERRCODE = '22023', DETAIL = 'No installment has that number.',
					  HINT = 'Pass NULL to post the payment to suspense (未確認入金).';
		END IF;
	END IF;

	INSERT INTO @extschema@.collection_payment (lg_code, channel, channel_record_id, installment_id, amount,
		receipt_date, revenue_date)
	VALUES (p_lg_code, p_channel, p_record_id, p_installment_id, p_amount, p_receipt_date, p_revenue_date)
	ON CONFLICT (lg_code, channel, channel_record_id) DO NOTHING
	RETURNING payment_id INTO pid;
	IF pid IS NULL THEN
		-- a concurrent posting of the same record won the race
		SELECT payment_id INTO pid FROM @extschema@.collection_payment
		 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND channel OPERATOR(pg_catalog.=) p_channel
		   AND channel_record_id OPERATOR(pg_catalog.=) p_record_id;
		RETURN pid;
	END IF;
	PERFORM @extschema@.collection_allocate(p_lg_code, pid);
	RETURN pid;
END
$$;
COMMENT ON FUNCTION @extschema@.post_payment(@extschema@.lg_code, text, text, bigint, bigint, date, date) IS
	'collection: post one payment to an installment (or to suspense when installment is NULL), allocated in the configured order; idempotent by channel and record id';

CREATE FUNCTION @extschema@.installment_paid(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_part text)
RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(pg_catalog.sum(a.amount), 0)::bigint
	  FROM @extschema@.collection_payment p
	  JOIN @extschema@.collection_allocation a
		ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
	 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.installment_id OPERATOR(pg_catalog.=) p_installment_id
	   AND a.part OPERATOR(pg_catalog.=) p_part
	   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
			WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)
$$;
COMMENT ON FUNCTION @extschema@.installment_paid(@extschema@.lg_code, bigint, text) IS
	'collection: the amount allocated to one part (principal, dunning_fee, late_charge, overpayment) of an installment';

CREATE FUNCTION @extschema@.installment_dunning_fee(p_lg_code @extschema@.lg_code, p_installment_id bigint)
RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(pg_catalog.sum(d.fee), 0)::bigint FROM @extschema@.collection_dunning d
	 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.installment_id OPERATOR(pg_catalog.=) p_installment_id
$$;
COMMENT ON FUNCTION @extschema@.installment_dunning_fee(@extschema@.lg_code, bigint) IS
	'collection: the 督促手数料 charged on an installment (0 before its 督促)';

-- Balances per installment (security_invoker: the reader's row security applies).
CREATE VIEW @extschema@.collection_installment_balance WITH (security_invoker = true) AS
SELECT i.lg_code, i.installment_id, i.atena_no, i.tax_kind, i.fiscal_year, i.notice_no, i.period_no,
	   i.statutory_due_date, i.due_date, i.principal,
	   coalesce(s.principal_paid, 0) AS principal_paid,
	   i.principal OPERATOR(pg_catalog.-) coalesce(s.principal_paid, 0) AS principal_unpaid,
	   coalesce(d.fee, 0) AS dunning_fee, d.issued_on AS dunning_issued_on,
	   coalesce(s.dunning_fee_paid, 0) AS dunning_fee_paid,
	   coalesce(s.late_charge_paid, 0) AS late_charge_paid,
	   coalesce(s.overpaid, 0) AS overpaid
  FROM @extschema@.collection_installment i
  LEFT JOIN (
		SELECT p.lg_code, p.installment_id,
			   pg_catalog.sum(a.amount) FILTER (WHERE a.part OPERATOR(pg_catalog.=) 'principal')::bigint AS principal_paid,
			   pg_catalog.sum(a.amount) FILTER (WHERE a.part OPERATOR(pg_catalog.=) 'dunning_fee')::bigint AS dunning_fee_paid,
			   pg_catalog.sum(a.amount) FILTER (WHERE a.part OPERATOR(pg_catalog.=) 'late_charge')::bigint AS late_charge_paid,
			   pg_catalog.sum(a.amount) FILTER (WHERE a.part OPERATOR(pg_catalog.=) 'overpayment')::bigint AS overpaid
		  FROM @extschema@.collection_payment p
		  JOIN @extschema@.collection_allocation a
			ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
		 WHERE NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
			WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)
		 GROUP BY p.lg_code, p.installment_id) s
	ON s.lg_code OPERATOR(@extschema@.=) i.lg_code AND s.installment_id OPERATOR(pg_catalog.=) i.installment_id
  LEFT JOIN @extschema@.collection_dunning d
	ON d.lg_code OPERATOR(@extschema@.=) i.lg_code AND d.installment_id OPERATOR(pg_catalog.=) i.installment_id;
COMMENT ON VIEW @extschema@.collection_installment_balance IS
	'collection: per installment, principal and 督促手数料 assessed, paid and unpaid, 延滞金 paid, and over-payment';
GRANT SELECT ON @extschema@.collection_installment_balance TO zeimu_collection;

GRANT EXECUTE ON FUNCTION @extschema@.installment_late_charge(@extschema@.lg_code, bigint, date),
	@extschema@.payment_no_check_digit(text), @extschema@.payment_no_is_valid(text),
	@extschema@.collection_payment_no(@extschema@.lg_code, bigint),
	@extschema@.installment_paid(@extschema@.lg_code, bigint, text),
	@extschema@.installment_dunning_fee(@extschema@.lg_code, bigint),
	@extschema@.post_payment(@extschema@.lg_code, text, text, bigint, bigint, date, date) TO zeimu_collection;
