-- collection: bulk payment import through COPY (doc/collection.md §10).
-- A file is COPYed into a staging table of text columns, so a malformed line
-- loads and is reported instead of aborting COPY.  The view
-- collection_import_problem lists every bad line with its line number and
-- reason; import_payments posts a batch only when it has no bad line (all or
-- nothing), each line through post_payment, so a re-sent file (same channel
-- and record id) posts nothing twice.

-- Staging: one row per file line.  batch_id and lg_code default to the
-- session settings zeimu_import.batch_id and zeimu_import.lg_code, so a COPY
-- of the seven file columns fills them.  seq keeps the file order (COPY
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

-- Each staged line, parsed: line number, typed values, the installment it
-- resolves to (by notice number and period, when exactly one installment of
-- the municipality has them; otherwise NULL = suspense) and the payment an
-- earlier posting of the same channel + record id made.
CREATE VIEW @extschema@.collection_import_parsed WITH (security_invoker = true) AS
SELECT l.lg_code, l.batch_id, l.seq,
	   pg_catalog.row_number() OVER (PARTITION BY l.lg_code, l.batch_id ORDER BY l.seq) AS line_no,
	   l.channel, l.record_id, l.notice_no, l.period_no,
	   CASE WHEN l.amount OPERATOR(pg_catalog.~) '^[0-9]{1,15}$' THEN l.amount::bigint END AS amount,
	   @extschema@.collection_import_date(l.receipt_date) AS receipt_date,
	   @extschema@.collection_import_date(l.revenue_date) AS revenue_date,
	   l.amount AS amount_text, l.receipt_date AS receipt_text, l.revenue_date AS revenue_text,
	   (SELECT CASE WHEN pg_catalog.count(*) OPERATOR(pg_catalog.=) 1 THEN pg_catalog.min(i.installment_id) END
		  FROM @extschema@.collection_installment i
		 WHERE i.lg_code OPERATOR(@extschema@.=) l.lg_code AND i.notice_no OPERATOR(pg_catalog.=) l.notice_no
		   AND l.period_no OPERATOR(pg_catalog.~) '^[0-9]{1,2}$'
		   AND i.period_no OPERATOR(pg_catalog.=) l.period_no::smallint) AS installment_id,
	   pg_catalog.count(*) OVER (PARTITION BY l.lg_code, l.batch_id, l.channel, l.record_id) AS same_record_lines
  FROM @extschema@.collection_import_line l;
COMMENT ON VIEW @extschema@.collection_import_parsed IS
	'collection: staged payment lines with their line number, typed values and resolved installment (NULL = suspense)';

-- Bad lines: one row per line and reason.
CREATE VIEW @extschema@.collection_import_problem WITH (security_invoker = true) AS
SELECT x.lg_code, x.batch_id, x.line_no, r.reason
  FROM @extschema@.collection_import_parsed x
  LEFT JOIN @extschema@.collection_payment prev
	ON prev.lg_code OPERATOR(@extschema@.=) x.lg_code AND prev.channel OPERATOR(pg_catalog.=) x.channel
   AND prev.channel_record_id OPERATOR(pg_catalog.=) x.record_id
 CROSS JOIN LATERAL (VALUES
	(CASE WHEN x.channel IS NULL OR NOT (x.channel OPERATOR(pg_catalog.=) ANY (ARRAY['counter', 'bank',
		'convenience_store', 'mpn', 'eltax', 'account_transfer']))
		  THEN pg_catalog.format('unknown channel "%s"', x.channel) END),
	(CASE WHEN x.record_id IS NULL OR pg_catalog.length(x.record_id) NOT BETWEEN 1 AND 80
		  THEN 'record id is missing or longer than 80 characters' END),
	(CASE WHEN x.amount IS NULL OR x.amount OPERATOR(pg_catalog.<=) 0
		  THEN pg_catalog.format('amount "%s" is not a positive whole number of yen', x.amount_text) END),
	(CASE WHEN x.receipt_date IS NULL
		  THEN pg_catalog.format('receipt date (領収日) "%s" is not a date YYYY-MM-DD', x.receipt_text) END),
	(CASE WHEN x.revenue_date IS NULL
		  THEN pg_catalog.format('revenue date (収入日) "%s" is not a date YYYY-MM-DD', x.revenue_text) END),
	(CASE WHEN x.revenue_date OPERATOR(pg_catalog.<) x.receipt_date
		  THEN 'revenue date (収入日) is before the receipt date (領収日)' END),
	(CASE WHEN x.notice_no IS NOT NULL AND x.period_no IS NOT NULL AND x.period_no OPERATOR(pg_catalog.!~) '^[0-9]{1,2}$'
		  THEN pg_catalog.format('period "%s" is not a number 0-99', x.period_no) END),
	(CASE WHEN x.same_record_lines OPERATOR(pg_catalog.>) 1
		  THEN 'the same channel and record id appear on more than one line of the batch' END),
	(CASE WHEN prev.payment_id IS NOT NULL AND (prev.amount IS DISTINCT FROM x.amount
			OR prev.installment_id IS DISTINCT FROM x.installment_id OR prev.receipt_date IS DISTINCT FROM x.receipt_date
			OR prev.revenue_date IS DISTINCT FROM x.revenue_date)
		  THEN pg_catalog.format('record was already posted with different content (payment %s)', prev.payment_id) END)
	) r (reason)
 WHERE r.reason IS NOT NULL;
COMMENT ON VIEW @extschema@.collection_import_problem IS
	'collection: the bad lines of staged payment files, with line number (header not counted) and reason';
GRANT SELECT ON @extschema@.collection_import_parsed, @extschema@.collection_import_problem TO zeimu_collection;

-- Post one staged batch, all or nothing.  Any bad line → 22P04 and nothing is
-- posted; otherwise every line goes through post_payment (idempotent by
-- channel + record id).  One import of a batch at a time (advisory lock).
CREATE FUNCTION @extschema@.import_payments(p_lg_code @extschema@.lg_code, p_batch_id text,
	OUT lines integer, OUT posted integer, OUT already_posted integer, OUT to_suspense integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	x record;
	bad integer;
	first_bad text;
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
	SELECT pg_catalog.count(*) INTO lines FROM @extschema@.collection_import_line l
	 WHERE l.lg_code OPERATOR(@extschema@.=) p_lg_code AND l.batch_id OPERATOR(pg_catalog.=) p_batch_id;
	IF lines OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION 'batch % of municipality % has no lines', p_batch_id, p_lg_code
			USING ERRCODE = '22023', HINT = 'Load the file with COPY into zeimu.collection_import_line first.';
	END IF;
	SELECT pg_catalog.count(DISTINCT e.line_no), (pg_catalog.array_agg(pg_catalog.format('line %s: %s', e.line_no, e.reason) ORDER BY e.line_no, e.reason))[1]
	  INTO bad, first_bad
	  FROM @extschema@.collection_import_problem e
	 WHERE e.lg_code OPERATOR(@extschema@.=) p_lg_code AND e.batch_id OPERATOR(pg_catalog.=) p_batch_id;
	IF bad OPERATOR(pg_catalog.>) 0 THEN
		RAISE EXCEPTION 'batch % has % bad line(s); nothing was posted', p_batch_id, bad
			USING ERRCODE = '22P04', DETAIL = pg_catalog.format('First: %s.', first_bad),
				  HINT = pg_catalog.format('List them with SELECT * FROM zeimu.collection_import_problem WHERE batch_id = %L; load the corrected file under a new batch id and import it.', p_batch_id);
	END IF;

	posted := 0; already_posted := 0; to_suspense := 0;
	FOR x IN SELECT * FROM @extschema@.collection_import_parsed q
			  WHERE q.lg_code OPERATOR(@extschema@.=) p_lg_code AND q.batch_id OPERATOR(pg_catalog.=) p_batch_id
			  ORDER BY q.seq LOOP
		IF EXISTS (SELECT FROM @extschema@.collection_payment p
					WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.channel OPERATOR(pg_catalog.=) x.channel
					  AND p.channel_record_id OPERATOR(pg_catalog.=) x.record_id) THEN
			already_posted := already_posted OPERATOR(pg_catalog.+) 1;
			CONTINUE;
		END IF;
		PERFORM @extschema@.post_payment(p_lg_code, x.channel, x.record_id, x.installment_id, x.amount,
			x.receipt_date, x.revenue_date);
		posted := posted OPERATOR(pg_catalog.+) 1;
		IF x.installment_id IS NULL THEN
			to_suspense := to_suspense OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.import_payments(@extschema@.lg_code, text) IS
	'collection: post a staged payment file (batch) all or nothing; bad lines in collection_import_problem; idempotent by channel and record id';

-- The clerk's queue of unmatched payments (未確認入金), without the reversed
-- ones.  Resolution to an installment is not built yet.
CREATE VIEW @extschema@.collection_suspense_queue WITH (security_invoker = true) AS
SELECT p.lg_code, p.payment_id, p.channel, p.channel_record_id, a.amount, p.receipt_date, p.revenue_date,
	   p.posted_at, p.posted_by
  FROM @extschema@.collection_payment p
  JOIN @extschema@.collection_allocation a
	ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
 WHERE a.part OPERATOR(pg_catalog.=) 'suspense'
   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
				   WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id);
COMMENT ON VIEW @extschema@.collection_suspense_queue IS
	'collection: payments held in suspense (未確認入金), oldest first by payment id';
GRANT SELECT ON @extschema@.collection_suspense_queue TO zeimu_collection;

GRANT EXECUTE ON FUNCTION @extschema@.collection_import_date(text),
	@extschema@.import_payments(@extschema@.lg_code, text) TO zeimu_collection;
