-- collection: bulk payment import through COPY (doc/collection.md §10).
-- A file is COPYed into a staging table of text columns, so a malformed line
-- loads and is reported instead of aborting COPY.  The view
-- collection_import_problem lists every bad line with its line number and
-- reason; import_payments posts a batch only when it has no bad line (all or
-- nothing), each line through post_payment, so a re-sent file (same channel
-- and record id) posts nothing twice.

-- Staging: one row per file line.  batch_id and lg_code default to the
-- session settings zeimu_import.batch_id and zeimu_import.lg_code, so a COPY
-- of the file columns (seven, or nine with payment number and report) fills them.  seq keeps the file order (COPY
-- inserts in order); the line number is the rank of seq inside the batch.
CREATE TABLE @extschema@.collection_import_line (
	lg_code @extschema@.lg_code NOT NULL
		DEFAULT NULLIF(pg_catalog.current_setting('zeimu_import.lg_code', true), '')::@extschema@.lg_code
		CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	batch_id text NOT NULL DEFAULT NULLIF(pg_catalog.current_setting('zeimu_import.batch_id', true), '')
		CHECK (pg_catalog.length(batch_id) BETWEEN 1 AND 80),
	seq bigint GENERATED ALWAYS AS IDENTITY,
	channel text,
	record_id text,
	notice_no text,
	period_no text,
	amount text,
	receipt_date text,
	revenue_date text,
	-- columns 8 and 9 of the file (optional): 納付番号 and 速報/確報 (§14)
	payment_no text,
	report text,
	loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	loaded_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, batch_id, seq)
);
COMMENT ON TABLE @extschema@.collection_import_line IS
	'collection: staged lines of a payment file (COPY target, text columns so bad lines load and are reported)';
ALTER TABLE @extschema@.collection_import_line ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_import_line FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_all ON @extschema@.collection_import_line TO zeimu_collection USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON @extschema@.collection_import_line TO zeimu_collection;

-- A date of the file: YYYY-MM-DD, a real calendar day, finite; NULL otherwise.
CREATE FUNCTION @extschema@.collection_import_date(p text)
RETURNS date
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p IS NULL OR p OPERATOR(pg_catalog.!~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
		RETURN NULL;
	END IF;
	RETURN p::date;  -- the format is fixed above; a day that does not exist raises
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_import_date(text) IS
	'collection: a file date YYYY-MM-DD as a date, NULL when it is not a calendar day';

-- Why a line matches no installment (it then goes to suspense), from the
-- facts the matching found: the payment number is tried first, then the
-- notice number and period.  NULL when the line matched.
CREATE FUNCTION @extschema@.collection_match_reason(p_lg_code @extschema@.lg_code, p_payment_no text, p_notice_no text,
	p_period_no text, p_notice_matches bigint)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT NULLIF(pg_catalog.concat_ws('; ',
		CASE WHEN p_payment_no IS NULL THEN NULL
			 WHEN NOT @extschema@.payment_no_is_valid(p_payment_no) AND p_payment_no OPERATOR(pg_catalog.~) '^[0-9]{18}$'
				  THEN pg_catalog.format('payment number %s has a wrong check digit', p_payment_no)
			 WHEN NOT @extschema@.payment_no_is_valid(p_payment_no)
				  THEN pg_catalog.format('payment number "%s" is not 18 digits', p_payment_no)
			 WHEN pg_catalog.substr(p_payment_no, 1, 6) OPERATOR(pg_catalog.<>) p_lg_code::text
				  THEN pg_catalog.format('payment number %s belongs to municipality %s', p_payment_no, pg_catalog.substr(p_payment_no, 1, 6))
			 ELSE pg_catalog.format('no installment has payment number %s', p_payment_no) END,
		CASE WHEN p_notice_no IS NULL THEN NULL
			 WHEN coalesce(p_notice_matches, 0) OPERATOR(pg_catalog.=) 0
				  THEN pg_catalog.format('no installment has notice number %s period %s', p_notice_no, coalesce(p_period_no, '(none)'))
			 WHEN p_notice_matches OPERATOR(pg_catalog.>) 1
				  THEN pg_catalog.format('notice number %s period %s matches %s installments', p_notice_no, p_period_no, p_notice_matches) END,
		CASE WHEN p_payment_no IS NULL AND p_notice_no IS NULL THEN 'no payment number and no notice number' END), '')
$$;
COMMENT ON FUNCTION @extschema@.collection_match_reason(@extschema@.lg_code, text, text, text, bigint) IS
	'collection: why a payment matched no installment (wrong check digit, other municipality, unknown number, …)';

-- The installment a payment number or notice number designates (消込): the
-- payment number first (18 digits, correct check digit, this municipality,
-- an existing installment), else the notice number with its period when
-- exactly one installment of the municipality has them.  installment_id NULL
-- means suspense, with the reason.  The import (view collection_import_parsed)
-- applies the same rule as set-based joins.
CREATE FUNCTION @extschema@.collection_match(p_lg_code @extschema@.lg_code, p_payment_no text, p_notice_no text DEFAULT NULL,
	p_period_no text DEFAULT NULL, OUT installment_id bigint, OUT reason text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint := 0;
BEGIN
	p_payment_no := NULLIF(pg_catalog.btrim(p_payment_no), '');
	p_notice_no := NULLIF(pg_catalog.btrim(p_notice_no), '');
	IF @extschema@.payment_no_is_valid(p_payment_no)
	   AND pg_catalog.substr(p_payment_no, 1, 6) OPERATOR(pg_catalog.=) p_lg_code::text THEN
		SELECT i.installment_id INTO installment_id FROM @extschema@.collection_installment i
		 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND i.installment_id OPERATOR(pg_catalog.=) pg_catalog.substr(p_payment_no, 7, 11)::bigint;
	END IF;
	IF installment_id IS NULL AND p_notice_no IS NOT NULL AND p_period_no OPERATOR(pg_catalog.~) '^[0-9]{1,2}$' THEN
		SELECT pg_catalog.count(*), pg_catalog.min(i.installment_id) INTO n, installment_id
		  FROM @extschema@.collection_installment i
		 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.notice_no OPERATOR(pg_catalog.=) p_notice_no
		   AND i.period_no OPERATOR(pg_catalog.=) p_period_no::smallint;
		IF n OPERATOR(pg_catalog.<>) 1 THEN
			installment_id := NULL;
		END IF;
	END IF;
	IF installment_id IS NULL THEN
		reason := @extschema@.collection_match_reason(p_lg_code, p_payment_no, p_notice_no, p_period_no, n);
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_match(@extschema@.lg_code, text, text, text) IS
	'collection: the installment a payment number (or notice number and period) designates, or NULL and the reason';

-- Each staged line, parsed: line number, typed values, the installment it
-- matches (collection_match's rule, as joins; NULL = suspense, with the
-- reason), the payment an earlier posting of the same channel + record id
-- made, and the line's problems (an empty array when it is good).
CREATE VIEW @extschema@.collection_import_parsed WITH (security_invoker = true) AS
SELECT y.*,
	   pg_catalog.array_remove(ARRAY[
		(CASE WHEN y.channel IS NULL OR NOT (y.channel OPERATOR(pg_catalog.=) ANY (ARRAY['counter', 'bank',
			'convenience_store', 'mpn', 'eltax', 'account_transfer']))
			  THEN pg_catalog.format('unknown channel "%s"', y.channel) END),
		(CASE WHEN y.record_id IS NULL OR pg_catalog.length(y.record_id) NOT BETWEEN 1 AND 80
			  THEN 'record id is missing or longer than 80 characters' END),
		(CASE WHEN y.amount IS NULL OR y.amount OPERATOR(pg_catalog.<=) 0
			  THEN pg_catalog.format('amount "%s" is not a positive whole number of yen', y.amount_text) END),
		(CASE WHEN y.receipt_date IS NULL
			  THEN pg_catalog.format('receipt date (領収日) "%s" is not a date YYYY-MM-DD', y.receipt_text) END),
		(CASE WHEN y.revenue_date IS NULL
			  THEN pg_catalog.format('revenue date (収入日) "%s" is not a date YYYY-MM-DD', y.revenue_text) END),
		(CASE WHEN y.revenue_date OPERATOR(pg_catalog.<) y.receipt_date
			  THEN 'revenue date (収入日) is before the receipt date (領収日)' END),
		(CASE WHEN y.notice_no IS NOT NULL AND y.period_no IS NOT NULL AND y.period_no OPERATOR(pg_catalog.!~) '^[0-9]{1,2}$'
			  THEN pg_catalog.format('period "%s" is not a number 0-99', y.period_no) END),
		(CASE WHEN y.report IS NOT NULL AND NOT (y.report OPERATOR(pg_catalog.=) ANY (ARRAY['preliminary', 'confirmation']))
			  THEN pg_catalog.format('report "%s" is not preliminary or confirmation', y.report)
			  WHEN y.report IS NOT NULL AND y.channel OPERATOR(pg_catalog.<>) 'convenience_store'
			  THEN 'only convenience-store lines are reported as preliminary (速報) or confirmation (確報)' END),
		(CASE WHEN y.same_record_lines OPERATOR(pg_catalog.>) 1
			  THEN 'the same channel and record id appear on more than one line of the batch' END),
		(CASE WHEN y.prev_payment_id IS NOT NULL AND (y.prev_amount IS DISTINCT FROM y.amount
				OR y.prev_installment_id IS DISTINCT FROM y.installment_id OR y.prev_receipt_date IS DISTINCT FROM y.receipt_date
				OR y.prev_revenue_date IS DISTINCT FROM y.revenue_date)
			  THEN pg_catalog.format('record was already posted with different content (payment %s)', y.prev_payment_id) END)
	   ]::text[], NULL) AS problems
  FROM (
	SELECT x.lg_code, x.batch_id, x.seq, x.line_no, x.channel, x.record_id, x.notice_no, x.period_no, x.payment_no, x.report,
		   x.amount, x.receipt_date, x.revenue_date, x.amount_text, x.receipt_text, x.revenue_text,
		   coalesce(x.pno_installment_id, nm.installment_id) AS installment_id,
		   CASE WHEN x.pno_installment_id IS NULL AND nm.installment_id IS NULL
				THEN @extschema@.collection_match_reason(x.lg_code, x.payment_no, x.notice_no, x.period_no, nm.n) END AS suspense_reason,
		   x.same_record_lines,
		   prev.payment_id AS prev_payment_id, prev.amount AS prev_amount, prev.installment_id AS prev_installment_id,
		   prev.receipt_date AS prev_receipt_date, prev.revenue_date AS prev_revenue_date
	  FROM (
		SELECT l.lg_code, l.batch_id, l.seq,
			   pg_catalog.row_number() OVER (PARTITION BY l.lg_code, l.batch_id ORDER BY l.seq) AS line_no,
			   l.channel, l.record_id, NULLIF(pg_catalog.btrim(l.notice_no), '') AS notice_no, l.period_no,
			   NULLIF(pg_catalog.btrim(l.payment_no), '') AS payment_no, NULLIF(pg_catalog.btrim(l.report), '') AS report,
			   CASE WHEN l.amount OPERATOR(pg_catalog.~) '^[0-9]{1,15}$' THEN l.amount::bigint END AS amount,
			   @extschema@.collection_import_date(l.receipt_date) AS receipt_date,
			   @extschema@.collection_import_date(l.revenue_date) AS revenue_date,
			   l.amount AS amount_text, l.receipt_date AS receipt_text, l.revenue_date AS revenue_text,
			   pi.installment_id AS pno_installment_id,
			   pg_catalog.count(*) OVER (PARTITION BY l.lg_code, l.batch_id, l.channel, l.record_id) AS same_record_lines
		  FROM @extschema@.collection_import_line l
		  LEFT JOIN @extschema@.collection_installment pi
			ON pi.lg_code OPERATOR(@extschema@.=) l.lg_code
		   AND pi.installment_id OPERATOR(pg_catalog.=) CASE
				WHEN @extschema@.payment_no_is_valid(pg_catalog.btrim(l.payment_no))
				 AND pg_catalog.substr(pg_catalog.btrim(l.payment_no), 1, 6) OPERATOR(pg_catalog.=) l.lg_code::text
				THEN pg_catalog.substr(pg_catalog.btrim(l.payment_no), 7, 11)::bigint END
		) x
	  LEFT JOIN LATERAL (
		SELECT pg_catalog.count(*) AS n,
			   CASE WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 1 THEN pg_catalog.min(i.installment_id) END AS installment_id
		  FROM @extschema@.collection_installment i
		 WHERE x.pno_installment_id IS NULL AND x.notice_no IS NOT NULL
		   AND i.lg_code OPERATOR(@extschema@.=) x.lg_code AND i.notice_no OPERATOR(pg_catalog.=) x.notice_no
		   AND x.period_no OPERATOR(pg_catalog.~) '^[0-9]{1,2}$'
		   AND i.period_no OPERATOR(pg_catalog.=) (CASE WHEN x.period_no OPERATOR(pg_catalog.~) '^[0-9]{1,2}$' THEN x.period_no::smallint END)
		) nm ON true
	  LEFT JOIN @extschema@.collection_payment prev
		ON prev.lg_code OPERATOR(@extschema@.=) x.lg_code AND prev.channel OPERATOR(pg_catalog.=) x.channel
	   AND prev.channel_record_id OPERATOR(pg_catalog.=) x.record_id
	) y;
COMMENT ON VIEW @extschema@.collection_import_parsed IS
	'collection: staged payment lines with their line number, typed values, matched installment (NULL = suspense, with the reason) and problems';

-- Bad lines: one row per line and reason.
CREATE VIEW @extschema@.collection_import_problem WITH (security_invoker = true) AS
SELECT x.lg_code, x.batch_id, x.line_no, r.reason
  FROM @extschema@.collection_import_parsed x
 CROSS JOIN LATERAL pg_catalog.unnest(x.problems) AS r (reason);
COMMENT ON VIEW @extschema@.collection_import_problem IS
	'collection: the bad lines of staged payment files, with line number (header not counted) and reason';
GRANT SELECT ON @extschema@.collection_import_parsed, @extschema@.collection_import_problem TO zeimu_collection;

-- Post the parsed lines held in pg_temp.zeimu_import_batch (one batch, no bad
-- line), set-based.  Internal to import_payments and
-- import_account_transfer_result (the caller gates, locks and checks):
--   * a line whose channel + record id was posted before posts nothing; a
--     確報 line confirms the 速報 payment it repeats;
--   * the new lines become payments in one INSERT; suspense lines get their
--     reason, 速報 lines are marked preliminary;
--   * their installments are locked (FOR UPDATE, in id order);
--   * a line whose amount, added to the earlier lines of its installment in
--     the batch, stays within the 本税 and 督促手数料 still owed is allocated
--     set-based (when the order in force puts 延滞金 last); every other line
--     of an installment, from the first that reaches beyond, goes through
--     collection_allocate in file order (延滞金 as of its receipt, then
--     over-payment), exactly as post_payment allocates.
CREATE FUNCTION @extschema@.collection_post_batch(p_lg_code @extschema@.lg_code, p_batch_id text,
	OUT posted integer, OUT already_posted integer, OUT to_suspense integer, OUT confirmed integer)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r record;
	n_prev integer;
BEGIN
	INSERT INTO @extschema@.collection_confirmation (lg_code, payment_id, batch_id)
	SELECT p_lg_code, t.prev_payment_id, p_batch_id
	  FROM pg_temp.zeimu_import_batch t
	  JOIN @extschema@.collection_preliminary pr
		ON pr.lg_code OPERATOR(@extschema@.=) p_lg_code AND pr.payment_id OPERATOR(pg_catalog.=) t.prev_payment_id
	 WHERE t.report OPERATOR(pg_catalog.=) 'confirmation'
	   AND NOT EXISTS (SELECT FROM @extschema@.collection_confirmation c
			WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.payment_id OPERATOR(pg_catalog.=) t.prev_payment_id);
	GET DIAGNOSTICS confirmed = ROW_COUNT;
	SELECT pg_catalog.count(*) INTO n_prev FROM pg_temp.zeimu_import_batch t WHERE t.prev_payment_id IS NOT NULL;
	already_posted := n_prev OPERATOR(pg_catalog.-) confirmed;

	IF pg_catalog.to_regclass('pg_temp.zeimu_import_new') IS NOT NULL THEN
		DROP TABLE pg_temp.zeimu_import_new;
	END IF;
	CREATE TEMP TABLE zeimu_import_new (seq bigint, payment_id bigint, installment_id bigint, amount bigint,
		receipt_date date, report text, suspense_reason text) ON COMMIT DROP;
	WITH ins AS (
		INSERT INTO @extschema@.collection_payment (lg_code, channel, channel_record_id, installment_id, amount,
			receipt_date, revenue_date)
		SELECT p_lg_code, t.channel, t.record_id, t.installment_id, t.amount, t.receipt_date, t.revenue_date
		  FROM pg_temp.zeimu_import_batch t WHERE t.prev_payment_id IS NULL ORDER BY t.seq
		RETURNING payment_id, channel, channel_record_id)
	INSERT INTO pg_temp.zeimu_import_new
	SELECT t.seq, ins.payment_id, t.installment_id, t.amount, t.receipt_date, t.report, t.suspense_reason
	  FROM ins JOIN pg_temp.zeimu_import_batch t
		ON t.channel OPERATOR(pg_catalog.=) ins.channel AND t.record_id OPERATOR(pg_catalog.=) ins.channel_record_id;
	GET DIAGNOSTICS posted = ROW_COUNT;
	ANALYZE pg_temp.zeimu_import_new;

	INSERT INTO @extschema@.collection_allocation
	SELECT p_lg_code, n.payment_id, 'suspense', n.amount FROM pg_temp.zeimu_import_new n WHERE n.installment_id IS NULL;
	GET DIAGNOSTICS to_suspense = ROW_COUNT;
	INSERT INTO @extschema@.collection_suspense_reason
	SELECT p_lg_code, n.payment_id, n.suspense_reason FROM pg_temp.zeimu_import_new n WHERE n.installment_id IS NULL;
	INSERT INTO @extschema@.collection_preliminary
	SELECT p_lg_code, n.payment_id, p_batch_id FROM pg_temp.zeimu_import_new n WHERE n.report OPERATOR(pg_catalog.=) 'preliminary';

	-- as post_payment does: postings to one installment run one after the other
	PERFORM FROM @extschema@.collection_installment i
	 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code
	   AND i.installment_id IN (SELECT n.installment_id FROM pg_temp.zeimu_import_new n)
	 ORDER BY i.installment_id FOR UPDATE;

	IF pg_catalog.to_regclass('pg_temp.zeimu_import_alloc') IS NOT NULL THEN
		DROP TABLE pg_temp.zeimu_import_alloc;
	END IF;
	CREATE TEMP TABLE zeimu_import_alloc ON COMMIT DROP AS
	WITH inst AS (
		SELECT i.installment_id, i.principal, coalesce(d.fee, 0) AS fee
		  FROM @extschema@.collection_installment i
		  LEFT JOIN (SELECT d.installment_id, pg_catalog.sum(d.fee) AS fee FROM @extschema@.collection_dunning d
					  WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code GROUP BY d.installment_id) d
			ON d.installment_id OPERATOR(pg_catalog.=) i.installment_id
		 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND i.installment_id IN (SELECT n.installment_id FROM pg_temp.zeimu_import_new n)
	), paid AS (
		-- what earlier postings allocated (the new payments have no allocation yet)
		SELECT p.installment_id,
			   coalesce(pg_catalog.sum(a.amount) FILTER (WHERE a.part OPERATOR(pg_catalog.=) 'principal'), 0) AS principal,
			   coalesce(pg_catalog.sum(a.amount) FILTER (WHERE a.part OPERATOR(pg_catalog.=) 'dunning_fee'), 0) AS fee
		  FROM @extschema@.collection_payment p
		  JOIN @extschema@.collection_allocation a
			ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
		 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND p.installment_id IN (SELECT n.installment_id FROM pg_temp.zeimu_import_new n)
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
				WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)
		 GROUP BY p.installment_id
	), ord AS (
		SELECT d.receipt_date,
			   (SELECT o.parts FROM @extschema@.collection_allocation_order o
				 WHERE (o.lg_code OPERATOR(@extschema@.=) p_lg_code OR o.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
				   AND o.valid_from OPERATOR(pg_catalog.<=) d.receipt_date
				 ORDER BY o.valid_from DESC, (o.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC LIMIT 1) AS parts
		  FROM (SELECT DISTINCT n.receipt_date FROM pg_temp.zeimu_import_new n) d
	), line AS (
		SELECT n.seq, n.payment_id, n.installment_id, n.amount, o.parts,
			   greatest(s.principal OPERATOR(pg_catalog.-) coalesce(pd.principal, 0), 0) AS principal_due,
			   greatest(s.fee OPERATOR(pg_catalog.-) coalesce(pd.fee, 0), 0) AS fee_due,
			   coalesce(pg_catalog.sum(n.amount) OVER (PARTITION BY n.installment_id ORDER BY n.seq
					ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
		  FROM pg_temp.zeimu_import_new n
		  JOIN inst s ON s.installment_id OPERATOR(pg_catalog.=) n.installment_id
		  LEFT JOIN paid pd ON pd.installment_id OPERATOR(pg_catalog.=) n.installment_id
		  JOIN ord o ON o.receipt_date OPERATOR(pg_catalog.=) n.receipt_date
	), judged AS (
		SELECT l.*,
			   pg_catalog.bool_and(l.parts[3] OPERATOR(pg_catalog.=) 'late_charge'
					AND (l.before OPERATOR(pg_catalog.+) l.amount) OPERATOR(pg_catalog.<=) (l.principal_due OPERATOR(pg_catalog.+) l.fee_due))
				 OVER (PARTITION BY l.installment_id ORDER BY l.seq ROWS UNBOUNDED PRECEDING) AS fast,
			   CASE WHEN l.parts[1] OPERATOR(pg_catalog.=) 'principal' THEN l.principal_due ELSE l.fee_due END AS due1
		  FROM line l
	)
	SELECT j.seq, j.payment_id, j.fast, j.parts,
		   least(j.amount, greatest(j.due1 OPERATOR(pg_catalog.-) j.before, 0)) AS take1,
		   j.amount OPERATOR(pg_catalog.-) least(j.amount, greatest(j.due1 OPERATOR(pg_catalog.-) j.before, 0)) AS take2
	  FROM judged j;

	INSERT INTO @extschema@.collection_allocation
	SELECT p_lg_code, a.payment_id, v.part, v.take
	  FROM pg_temp.zeimu_import_alloc a
	 CROSS JOIN LATERAL (VALUES (a.parts[1], a.take1), (a.parts[2], a.take2)) v (part, take)
	 WHERE a.fast AND v.take OPERATOR(pg_catalog.>) 0;

	FOR r IN SELECT a.payment_id FROM pg_temp.zeimu_import_alloc a WHERE NOT a.fast ORDER BY a.seq LOOP
		PERFORM @extschema@.collection_allocate(p_lg_code, r.payment_id);
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_post_batch(@extschema@.lg_code, text) IS
	'collection (internal): post the checked lines of one import batch set-based, allocated as post_payment allocates';

-- Stage one batch for posting: the rows of a parsed view (one batch) are
-- copied once into the temporary table p_temp; an empty batch raises 22023,
-- a batch with bad lines (a non-empty problems array) 22P04 naming the first.
-- Shared by import_payments and import_account_transfer_result (592), which
-- gate, check their arguments and lock first.  Returns the number of lines.
CREATE FUNCTION @extschema@.collection_stage_batch(p_lg_code @extschema@.lg_code, p_batch_id text, p_parsed text,
	p_temp text, p_staging text, p_problem_view text)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n integer;
	bad integer;
	first_bad text;
BEGIN
	IF pg_catalog.to_regclass('pg_temp.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(p_temp)) IS NOT NULL THEN
		EXECUTE pg_catalog.format('DROP TABLE pg_temp.%I', p_temp);
	END IF;
	EXECUTE pg_catalog.format('CREATE TEMP TABLE %I ON COMMIT DROP AS SELECT * FROM @extschema@.%I q'
		' WHERE q.lg_code OPERATOR(@extschema@.=) %L::@extschema@.lg_code AND q.batch_id OPERATOR(pg_catalog.=) %L',
		p_temp, p_parsed, p_lg_code::text, p_batch_id);
	EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM pg_temp.%I', p_temp) INTO n;
	IF n OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION 'batch % of municipality % has no lines', p_batch_id, p_lg_code
			USING ERRCODE = '22023', HINT = pg_catalog.format('Load the file with COPY into zeimu.%s first.', p_staging);
	END IF;
	EXECUTE pg_catalog.format('ANALYZE pg_temp.%I', p_temp);
	EXECUTE pg_catalog.format('SELECT pg_catalog.count(*), (pg_catalog.array_agg(pg_catalog.format(''line %%s: %%s'', t.line_no, t.problems[1])'
		' ORDER BY t.line_no))[1] FROM pg_temp.%I t WHERE pg_catalog.cardinality(t.problems) OPERATOR(pg_catalog.>) 0', p_temp)
		INTO bad, first_bad;
	IF bad OPERATOR(pg_catalog.>) 0 THEN
		RAISE EXCEPTION 'batch % has % bad line(s); nothing was posted', p_batch_id, bad
			USING ERRCODE = '22P04', DETAIL = pg_catalog.format('First: %s.', first_bad),
				  HINT = pg_catalog.format('List them with SELECT * FROM zeimu.%s WHERE batch_id = %L; load the corrected file under a new batch id and import it.',
					p_problem_view, p_batch_id);
	END IF;
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_stage_batch(@extschema@.lg_code, text, text, text, text, text) IS
	'collection (internal): copy one staged batch into a temporary table and refuse it when empty or when a line is bad';

-- Post one staged batch, all or nothing.  Any bad line → 22P04 and nothing is
-- posted; otherwise the lines are posted by collection_post_batch
-- (idempotent by channel + record id).  One import of a batch at a time
-- (advisory lock).
CREATE FUNCTION @extschema@.import_payments(p_lg_code @extschema@.lg_code, p_batch_id text,
	OUT lines integer, OUT posted integer, OUT already_posted integer, OUT to_suspense integer, OUT confirmed integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	res record;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_batch_id IS NULL THEN
		RAISE EXCEPTION 'municipality and batch id are required'
			USING ERRCODE = '22004', HINT = 'Give the batch id the file was loaded under (zeimu_import.batch_id).';
	END IF;
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('zeimu.import_payments'),
			pg_catalog.hashtext(p_lg_code::text OPERATOR(pg_catalog.||) '/' OPERATOR(pg_catalog.||) p_batch_id)) THEN
		RAISE EXCEPTION 'batch % of municipality % is being imported by another session', p_batch_id, p_lg_code
			USING ERRCODE = '55P03', HINT = 'Wait for the other import to finish, then run it again (it posts nothing twice).';
	END IF;
	-- the batch, parsed once
	lines := @extschema@.collection_stage_batch(p_lg_code, p_batch_id, 'collection_import_parsed', 'zeimu_import_batch',
		'collection_import_line', 'collection_import_problem');
	SELECT * INTO res FROM @extschema@.collection_post_batch(p_lg_code, p_batch_id);
	posted := res.posted;
	already_posted := res.already_posted;
	to_suspense := res.to_suspense;
	confirmed := res.confirmed;
END
$$;
COMMENT ON FUNCTION @extschema@.import_payments(@extschema@.lg_code, text) IS
	'collection: post a staged payment file (batch) all or nothing; bad lines in collection_import_problem; idempotent by channel and record id';

-- Post one payment designated by its payment number (or notice number and
-- period) instead of the installment id: an unknown number posts to
-- suspense with the reason.  Same rules as post_payment (§8).
CREATE FUNCTION @extschema@.post_payment_by_number(p_lg_code @extschema@.lg_code, p_channel text, p_record_id text,
	p_payment_no text, p_amount bigint, p_receipt_date date, p_revenue_date date,
	p_notice_no text DEFAULT NULL, p_period_no integer DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	m record;
	pid bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL THEN
		RAISE EXCEPTION 'payment is missing a required value'
			USING ERRCODE = '22004', DETAIL = 'The municipality is required.', HINT = 'Pass the municipality code.';
	END IF;
	SELECT * INTO m FROM @extschema@.collection_match(p_lg_code, p_payment_no, p_notice_no, p_period_no::text);
	pid := @extschema@.post_payment(p_lg_code, p_channel, p_record_id, m.installment_id, p_amount, p_receipt_date, p_revenue_date);
	IF m.installment_id IS NULL THEN
		INSERT INTO @extschema@.collection_suspense_reason VALUES (p_lg_code, pid, m.reason) ON CONFLICT DO NOTHING;
	END IF;
	RETURN pid;
END
$$;
COMMENT ON FUNCTION @extschema@.post_payment_by_number(@extschema@.lg_code, text, text, text, bigint, date, date, text, integer) IS
	'collection: post one payment matched by payment number (納付番号) or notice number; unknown numbers go to suspense with the reason';

-- The clerk's queue of unmatched payments (未確認入金), without the reversed
-- ones.  Resolution to an installment is not built yet.
CREATE VIEW @extschema@.collection_suspense_queue WITH (security_invoker = true) AS
SELECT p.lg_code, p.payment_id, p.channel, p.channel_record_id, a.amount, p.receipt_date, p.revenue_date,
	   p.posted_at, p.posted_by, sr.reason
  FROM @extschema@.collection_payment p
  JOIN @extschema@.collection_allocation a
	ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
  LEFT JOIN @extschema@.collection_suspense_reason sr
	ON sr.lg_code OPERATOR(@extschema@.=) p.lg_code AND sr.payment_id OPERATOR(pg_catalog.=) p.payment_id
 WHERE a.part OPERATOR(pg_catalog.=) 'suspense'
   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
				   WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id);
COMMENT ON VIEW @extschema@.collection_suspense_queue IS
	'collection: payments held in suspense (未確認入金), oldest first by payment id';
GRANT SELECT ON @extschema@.collection_suspense_queue TO zeimu_collection;

GRANT EXECUTE ON FUNCTION @extschema@.collection_import_date(text),
	@extschema@.collection_match_reason(@extschema@.lg_code, text, text, text, bigint),
	@extschema@.collection_match(@extschema@.lg_code, text, text, text),
	@extschema@.import_payments(@extschema@.lg_code, text),
	@extschema@.post_payment_by_number(@extschema@.lg_code, text, text, text, bigint, date, date, text, integer) TO zeimu_collection;
