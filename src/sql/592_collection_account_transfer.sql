-- collection: account transfer (口座振替, doc/collection.md §16).  A
-- taxpayer registers a bank account (口座振替依頼書); on each 納期限 the
-- office sends the bank a request batch for the installments due; the bank
-- returns a result per request (全銀協 振替結果コード).  Successes are posted
-- through the import's posting path (channel account_transfer, idempotent by
-- record id); failures are counted by reason and queue a 振替不能通知.

-- Registered accounts.  Personal data (who banks where): row security, read
-- by collection staff only, written through add_transfer_account.  No
-- Individual Number is stored.  tax_kind NULL: the account pays every tax of
-- the person; a row for one tax_kind takes precedence for that tax.
CREATE TABLE @extschema@.collection_transfer_account (
	lg_code @extschema@.lg_code NOT NULL CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	account_id bigint GENERATED ALWAYS AS IDENTITY,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	tax_kind text CHECK (tax_kind OPERATOR(pg_catalog.~) '^[a-z_]{1,40}$'),
	bank_code text NOT NULL CHECK (bank_code OPERATOR(pg_catalog.~) '^[0-9]{4}$'),
	branch_code text NOT NULL CHECK (branch_code OPERATOR(pg_catalog.~) '^[0-9]{3}$'),
	account_type text NOT NULL CHECK (account_type OPERATOR(pg_catalog.=) ANY (ARRAY['ordinary', 'current', 'savings'])),
	account_number text NOT NULL CHECK (account_number OPERATOR(pg_catalog.~) '^[0-9]{7}$'),
	holder_kana text NOT NULL CHECK (pg_catalog.length(holder_kana) BETWEEN 1 AND 30),
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	valid_to date CHECK (valid_to IS NULL OR valid_to > valid_from),
	registered_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	registered_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, account_id)
);
CREATE INDEX ON @extschema@.collection_transfer_account (lg_code, atena_no);
COMMENT ON TABLE @extschema@.collection_transfer_account IS
	'collection: bank accounts registered for 口座振替 (bank, branch, type, number, holder), per person and optionally per tax; valid from / to';

-- 全銀協 口座振替 振替結果コード (national standard; a municipality may add
-- the codes of its banks under its own lg_code).
CREATE TABLE @extschema@.collection_transfer_result_code (
	lg_code @extschema@.lg_code NOT NULL,
	code text NOT NULL CHECK (code OPERATOR(pg_catalog.~) '^[0-9A-Z]{1,2}$'),
	transferred boolean NOT NULL,
	meaning text NOT NULL,
	PRIMARY KEY (lg_code, code)
);
COMMENT ON TABLE @extschema@.collection_transfer_result_code IS
	'collection: result codes of an account transfer (全銀協 預金口座振替 振替結果コード)';
INSERT INTO @extschema@.collection_transfer_result_code VALUES
	('000000', '0', true, '振替済'),
	('000000', '1', false, '資金不足'),
	('000000', '2', false, '取引なし (口座なし)'),
	('000000', '3', false, '預金者の都合による振替停止'),
	('000000', '4', false, '預金口座振替依頼書なし'),
	('000000', '8', false, '委託者の都合による振替停止'),
	('000000', '9', false, 'その他');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_transfer_result_code', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');

-- One request per installment and 納期限, in the batch of that day.
CREATE TABLE @extschema@.collection_transfer_request (
	lg_code @extschema@.lg_code NOT NULL,
	request_id bigint GENERATED ALWAYS AS IDENTITY,
	due_date date NOT NULL,
	installment_id bigint NOT NULL,
	account_id bigint NOT NULL,
	amount bigint NOT NULL CHECK (amount > 0),
	requested_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	requested_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, request_id),
	UNIQUE (lg_code, installment_id, due_date),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_installment (lg_code, installment_id),
	FOREIGN KEY (lg_code, account_id) REFERENCES @extschema@.collection_transfer_account (lg_code, account_id)
);
CREATE INDEX ON @extschema@.collection_transfer_request (lg_code, due_date);
COMMENT ON TABLE @extschema@.collection_transfer_request IS
	'collection: 口座振替 requests sent to the banks, one per installment and 納期限 (the amount of 本税 and 督促手数料 owed)';

-- The bank's answer to each request; payment_id is the posted payment of a
-- success.
CREATE TABLE @extschema@.collection_transfer_result (
	lg_code @extschema@.lg_code NOT NULL,
	request_id bigint NOT NULL,
	result_code text NOT NULL,
	transfer_date date NOT NULL CHECK (pg_catalog.isfinite(transfer_date)),
	batch_id text NOT NULL,
	payment_id bigint,
	recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, request_id),
	FOREIGN KEY (lg_code, request_id) REFERENCES @extschema@.collection_transfer_request (lg_code, request_id),
	FOREIGN KEY (lg_code, payment_id) REFERENCES @extschema@.collection_payment (lg_code, payment_id)
);
COMMENT ON TABLE @extschema@.collection_transfer_result IS
	'collection: the result of each 口座振替 request (振替結果コード), with the payment a success posted';

-- The queue of 振替不能通知 (failed-transfer notices) for the printing
-- contractor: one per failed request.
CREATE TABLE @extschema@.collection_transfer_notice (
	lg_code @extschema@.lg_code NOT NULL,
	request_id bigint NOT NULL,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	installment_id bigint NOT NULL,
	result_code text NOT NULL,
	queued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, request_id),
	FOREIGN KEY (lg_code, request_id) REFERENCES @extschema@.collection_transfer_result (lg_code, request_id)
);
COMMENT ON TABLE @extschema@.collection_transfer_notice IS
	'collection: 振替不能通知 queued for each failed account transfer (口座振替不納通知)';

-- Staging for the bank's result file (COPY target, text columns so a bad
-- line loads and is reported).
CREATE TABLE @extschema@.collection_transfer_result_line (
	lg_code @extschema@.lg_code NOT NULL
		DEFAULT NULLIF(pg_catalog.current_setting('zeimu_import.lg_code', true), '')::@extschema@.lg_code
		CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	batch_id text NOT NULL DEFAULT NULLIF(pg_catalog.current_setting('zeimu_import.batch_id', true), '')
		CHECK (pg_catalog.length(batch_id) BETWEEN 1 AND 80),
	seq bigint GENERATED ALWAYS AS IDENTITY,
	request_id text,
	amount text,
	result_code text,
	transfer_date text,
	loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	loaded_by name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (lg_code, batch_id, seq)
);
COMMENT ON TABLE @extschema@.collection_transfer_result_line IS
	'collection: staged lines of a bank''s account-transfer result file (request id, amount, 振替結果コード, 振替日)';

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['collection_transfer_account', 'collection_transfer_request', 'collection_transfer_result',
							 'collection_transfer_notice']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('CREATE POLICY collection_interim_read ON @extschema@.%I FOR SELECT TO zeimu_collection USING (true)', t);
		EXECUTE pg_catalog.format('GRANT SELECT ON @extschema@.%I TO zeimu_collection', t);
	END LOOP;
END
$$;
ALTER TABLE @extschema@.collection_transfer_result_line ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.collection_transfer_result_line FORCE ROW LEVEL SECURITY;
CREATE POLICY collection_interim_all ON @extschema@.collection_transfer_result_line TO zeimu_collection USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON @extschema@.collection_transfer_result_line TO zeimu_collection;
GRANT SELECT ON @extschema@.collection_transfer_result_code TO zeimu_user;

-- Register an account (口座振替依頼書).  Returns its id.
CREATE FUNCTION @extschema@.add_transfer_account(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_tax_kind text,
	p_bank_code text, p_branch_code text, p_account_type text, p_account_number text, p_holder_kana text, p_valid_from date)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	aid bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_bank_code IS NULL OR p_branch_code IS NULL OR p_account_type IS NULL
	   OR p_account_number IS NULL OR p_holder_kana IS NULL OR p_valid_from IS NULL THEN
		RAISE EXCEPTION 'municipality, person, bank, branch, account type, account number, holder and start date are required'
			USING ERRCODE = '22004', HINT = 'Copy them from the 口座振替依頼書; only the tax may be left out (all taxes).';
	END IF;
	IF p_bank_code OPERATOR(pg_catalog.!~) '^[0-9]{4}$' OR p_branch_code OPERATOR(pg_catalog.!~) '^[0-9]{3}$'
	   OR p_account_number OPERATOR(pg_catalog.!~) '^[0-9]{7}$' THEN
		-- the values themselves stay out of the message (personal data)
		RAISE EXCEPTION 'bank code, branch code or account number is malformed'
			USING ERRCODE = '22023', DETAIL = 'The bank code has 4 digits, the branch code 3 and the account number 7.',
				  HINT = 'Pad the account number with leading zeros to 7 digits.';
	END IF;
	IF NOT (p_account_type OPERATOR(pg_catalog.=) ANY (ARRAY['ordinary', 'current', 'savings'])) THEN
		RAISE EXCEPTION 'unknown account type "%"', p_account_type
			USING ERRCODE = '22023', HINT = 'Use ordinary (普通), current (当座) or savings (貯蓄).';
	END IF;
	-- a new registration ends the person's earlier one for the same tax
	UPDATE @extschema@.collection_transfer_account a SET valid_to = p_valid_from
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.atena_no OPERATOR(pg_catalog.=) p_atena_no
	   AND a.tax_kind IS NOT DISTINCT FROM p_tax_kind AND a.valid_from OPERATOR(pg_catalog.<) p_valid_from
	   AND (a.valid_to IS NULL OR a.valid_to OPERATOR(pg_catalog.>) p_valid_from);
	INSERT INTO @extschema@.collection_transfer_account (lg_code, atena_no, tax_kind, bank_code, branch_code, account_type,
		account_number, holder_kana, valid_from)
	VALUES (p_lg_code, p_atena_no, p_tax_kind, p_bank_code, p_branch_code, p_account_type, p_account_number, p_holder_kana, p_valid_from)
	RETURNING account_id INTO aid;
	RETURN aid;
END
$$;
COMMENT ON FUNCTION @extschema@.add_transfer_account(@extschema@.lg_code, bigint, text, text, text, text, text, text, date) IS
	'collection: register a 口座振替 account for a person (all taxes, or one tax); ends the earlier registration';

-- Build the request batch of one 納期限: every installment of the
-- municipality whose 納期限 is p_due_date, whose person has an account in
-- force that day (the one for the installment's tax first), and which still
-- owes 本税 or 督促手数料.  Idempotent: an installment is requested once per
-- 納期限.  Advisory-locked per municipality.
CREATE FUNCTION @extschema@.account_transfer_request(p_lg_code @extschema@.lg_code, p_due_date date,
	OUT requested integer, OUT amount bigint, OUT already_requested integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_due_date IS NULL OR NOT pg_catalog.isfinite(p_due_date) THEN
		RAISE EXCEPTION 'municipality and a finite due date are required'
			USING ERRCODE = '22004', HINT = 'Pass the 納期限 the banks are to debit.';
	END IF;
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('zeimu.account_transfer'), pg_catalog.hashtext(p_lg_code::text)) THEN
		RAISE EXCEPTION 'another account transfer run for municipality % is in progress', p_lg_code
			USING ERRCODE = '55P03', HINT = 'Wait for it to finish, then run again (nothing is requested twice).';
	END IF;
	SELECT pg_catalog.count(*) INTO already_requested FROM @extschema@.collection_transfer_request r
	 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.due_date OPERATOR(pg_catalog.=) p_due_date;
	WITH todo AS (
		SELECT b.installment_id,
			   (b.principal_unpaid OPERATOR(pg_catalog.+) b.dunning_fee OPERATOR(pg_catalog.-) b.dunning_fee_paid) AS owed,
			   (SELECT a.account_id FROM @extschema@.collection_transfer_account a
				 WHERE a.lg_code OPERATOR(@extschema@.=) b.lg_code AND a.atena_no OPERATOR(pg_catalog.=) b.atena_no
				   AND (a.tax_kind IS NULL OR a.tax_kind OPERATOR(pg_catalog.=) b.tax_kind)
				   AND a.valid_from OPERATOR(pg_catalog.<=) p_due_date
				   AND (a.valid_to IS NULL OR a.valid_to OPERATOR(pg_catalog.>) p_due_date)
				 ORDER BY (a.tax_kind IS NOT NULL) DESC, a.valid_from DESC, a.account_id DESC LIMIT 1) AS account_id
		  FROM @extschema@.collection_installment_balance b
		 WHERE b.lg_code OPERATOR(@extschema@.=) p_lg_code AND b.due_date OPERATOR(pg_catalog.=) p_due_date
	), ins AS (
		INSERT INTO @extschema@.collection_transfer_request (lg_code, due_date, installment_id, account_id, amount)
		SELECT p_lg_code, p_due_date, t.installment_id, t.account_id, t.owed
		  FROM todo t
		 WHERE t.account_id IS NOT NULL AND t.owed OPERATOR(pg_catalog.>) 0
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_transfer_request r
				WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.installment_id OPERATOR(pg_catalog.=) t.installment_id
				  AND r.due_date OPERATOR(pg_catalog.=) p_due_date)
		 ORDER BY t.installment_id
		RETURNING collection_transfer_request.amount)
	SELECT pg_catalog.count(*), coalesce(pg_catalog.sum(ins.amount), 0) INTO requested, amount FROM ins;
END
$$;
COMMENT ON FUNCTION @extschema@.account_transfer_request(@extschema@.lg_code, date) IS
	'collection: build the 口座振替 request batch of one 納期限 (installments owing 本税 or 督促手数料 of persons with an account); idempotent';

-- The request file for the banks, one line per request (doc §16 layout).
CREATE VIEW @extschema@.collection_transfer_request_file WITH (security_invoker = true) AS
SELECT r.lg_code, r.due_date, r.request_id, a.bank_code, a.branch_code, a.account_type, a.account_number, a.holder_kana,
	   r.amount, i.payment_no, i.atena_no, i.installment_id
  FROM @extschema@.collection_transfer_request r
  JOIN @extschema@.collection_transfer_account a
	ON a.lg_code OPERATOR(@extschema@.=) r.lg_code AND a.account_id OPERATOR(pg_catalog.=) r.account_id
  JOIN @extschema@.collection_installment i
	ON i.lg_code OPERATOR(@extschema@.=) r.lg_code AND i.installment_id OPERATOR(pg_catalog.=) r.installment_id;
COMMENT ON VIEW @extschema@.collection_transfer_request_file IS
	'collection: the 口座振替 request lines for the banks (bank, branch, account, holder, amount, request id)';
GRANT SELECT ON @extschema@.collection_transfer_request_file TO zeimu_collection;

-- Each staged result line, parsed, with its problems.
CREATE VIEW @extschema@.collection_transfer_result_parsed WITH (security_invoker = true) AS
SELECT y.*,
	   pg_catalog.array_remove(ARRAY[
		(CASE WHEN y.request IS NULL THEN pg_catalog.format('request "%s" is not a request of this municipality', y.request_text) END),
		(CASE WHEN y.amount IS NULL OR y.amount OPERATOR(pg_catalog.<>) y.request_amount
			  THEN pg_catalog.format('amount "%s" differs from the amount requested', y.amount_text) END),
		(CASE WHEN y.code_known IS NULL THEN pg_catalog.format('unknown result code "%s"', y.result_code) END),
		(CASE WHEN y.transfer_date IS NULL THEN pg_catalog.format('transfer date "%s" is not a date YYYY-MM-DD', y.date_text) END),
		(CASE WHEN y.same_request_lines OPERATOR(pg_catalog.>) 1 THEN 'the same request appears on more than one line of the batch' END),
		(CASE WHEN y.prev_code IS NOT NULL AND (y.prev_code IS DISTINCT FROM y.result_code OR y.prev_date IS DISTINCT FROM y.transfer_date)
			  THEN 'the request already has a different result' END)
	   ]::text[], NULL) AS problems
  FROM (
	SELECT l.lg_code, l.batch_id, l.seq,
		   pg_catalog.row_number() OVER (PARTITION BY l.lg_code, l.batch_id ORDER BY l.seq) AS line_no,
		   l.request_id AS request_text, l.amount AS amount_text, l.result_code, l.transfer_date AS date_text,
		   r.request_id AS request, r.installment_id, r.amount AS request_amount,
		   CASE WHEN l.amount OPERATOR(pg_catalog.~) '^[0-9]{1,15}$' THEN l.amount::bigint END AS amount,
		   @extschema@.collection_import_date(l.transfer_date) AS transfer_date,
		   (SELECT c.transferred FROM @extschema@.collection_transfer_result_code c
			 WHERE (c.lg_code OPERATOR(@extschema@.=) l.lg_code OR c.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
			   AND c.code OPERATOR(pg_catalog.=) l.result_code
			 ORDER BY (c.lg_code OPERATOR(@extschema@.=) l.lg_code) DESC LIMIT 1) AS code_known,
		   pg_catalog.count(*) OVER (PARTITION BY l.lg_code, l.batch_id, l.request_id) AS same_request_lines,
		   pr.result_code AS prev_code, pr.transfer_date AS prev_date
	  FROM @extschema@.collection_transfer_result_line l
	  LEFT JOIN @extschema@.collection_transfer_request r
		ON r.lg_code OPERATOR(@extschema@.=) l.lg_code
	   AND r.request_id OPERATOR(pg_catalog.=) CASE WHEN l.request_id OPERATOR(pg_catalog.~) '^[0-9]{1,18}$' THEN l.request_id::bigint END
	  LEFT JOIN @extschema@.collection_transfer_result pr
		ON pr.lg_code OPERATOR(@extschema@.=) r.lg_code AND pr.request_id OPERATOR(pg_catalog.=) r.request_id
	) y;
COMMENT ON VIEW @extschema@.collection_transfer_result_parsed IS
	'collection: staged account-transfer result lines with the request they answer and their problems';
CREATE VIEW @extschema@.collection_transfer_result_problem WITH (security_invoker = true) AS
SELECT x.lg_code, x.batch_id, x.line_no, r.reason
  FROM @extschema@.collection_transfer_result_parsed x
 CROSS JOIN LATERAL pg_catalog.unnest(x.problems) AS r (reason);
COMMENT ON VIEW @extschema@.collection_transfer_result_problem IS
	'collection: the bad lines of staged account-transfer result files, with line number and reason';
GRANT SELECT ON @extschema@.collection_transfer_result_parsed, @extschema@.collection_transfer_result_problem TO zeimu_collection;

-- Import one result batch, all or nothing: any bad line → 22P04.  Each
-- success (a code with transferred = true) is posted as a payment of channel
-- account_transfer, record id AT-<request id>, received and revenue on the
-- transfer date, through collection_post_batch (the import's posting path);
-- each failure queues a 振替不能通知.  A request already answered with the
-- same result counts as already recorded.  Failures are counted by code.
CREATE FUNCTION @extschema@.import_account_transfer_result(p_lg_code @extschema@.lg_code, p_batch_id text,
	OUT lines integer, OUT transferred integer, OUT failed integer, OUT already_recorded integer, OUT failures_by_code jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency']);
	IF p_lg_code IS NULL OR p_batch_id IS NULL THEN
		RAISE EXCEPTION 'municipality and batch id are required'
			USING ERRCODE = '22004', HINT = 'Give the batch id the result file was loaded under (zeimu_import.batch_id).';
	END IF;
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('zeimu.account_transfer'), pg_catalog.hashtext(p_lg_code::text)) THEN
		RAISE EXCEPTION 'another account transfer run for municipality % is in progress', p_lg_code
			USING ERRCODE = '55P03', HINT = 'Wait for it to finish, then run again (nothing is posted twice).';
	END IF;
	lines := @extschema@.collection_stage_batch(p_lg_code, p_batch_id, 'collection_transfer_result_parsed', 'zeimu_transfer_batch',
		'collection_transfer_result_line', 'collection_transfer_result_problem');
	SELECT pg_catalog.count(*) INTO already_recorded FROM pg_temp.zeimu_transfer_batch t WHERE t.prev_code IS NOT NULL;

	-- successes: posted through the import's posting path
	IF pg_catalog.to_regclass('pg_temp.zeimu_import_batch') IS NOT NULL THEN
		DROP TABLE pg_temp.zeimu_import_batch;
	END IF;
	CREATE TEMP TABLE zeimu_import_batch ON COMMIT DROP AS
	SELECT t.seq, 'account_transfer'::text AS channel, 'AT-' OPERATOR(pg_catalog.||) t.request::text AS record_id,
		   t.installment_id, t.amount, t.transfer_date AS receipt_date, t.transfer_date AS revenue_date,
		   NULL::text AS report, NULL::text AS suspense_reason, prev.payment_id AS prev_payment_id
	  FROM pg_temp.zeimu_transfer_batch t
	  LEFT JOIN @extschema@.collection_payment prev
		ON prev.lg_code OPERATOR(@extschema@.=) p_lg_code AND prev.channel OPERATOR(pg_catalog.=) 'account_transfer'
	   AND prev.channel_record_id OPERATOR(pg_catalog.=) ('AT-' OPERATOR(pg_catalog.||) t.request::text)
	 WHERE t.code_known AND t.prev_code IS NULL;
	SELECT r.posted INTO transferred FROM @extschema@.collection_post_batch(p_lg_code, p_batch_id) r;

	INSERT INTO @extschema@.collection_transfer_result (lg_code, request_id, result_code, transfer_date, batch_id, payment_id)
	SELECT p_lg_code, t.request, t.result_code, t.transfer_date, p_batch_id, p.payment_id
	  FROM pg_temp.zeimu_transfer_batch t
	  LEFT JOIN @extschema@.collection_payment p
		ON t.code_known AND p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.channel OPERATOR(pg_catalog.=) 'account_transfer'
	   AND p.channel_record_id OPERATOR(pg_catalog.=) ('AT-' OPERATOR(pg_catalog.||) t.request::text)
	 WHERE t.prev_code IS NULL;

	INSERT INTO @extschema@.collection_transfer_notice (lg_code, request_id, atena_no, installment_id, result_code)
	SELECT p_lg_code, t.request, i.atena_no, t.installment_id, t.result_code
	  FROM pg_temp.zeimu_transfer_batch t
	  JOIN @extschema@.collection_installment i
		ON i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.installment_id OPERATOR(pg_catalog.=) t.installment_id
	 WHERE NOT t.code_known AND t.prev_code IS NULL;
	GET DIAGNOSTICS failed = ROW_COUNT;

	SELECT coalesce(pg_catalog.jsonb_object_agg(c.result_code, c.n), '{}'::jsonb) INTO failures_by_code
	  FROM (SELECT t.result_code, pg_catalog.count(*) AS n FROM pg_temp.zeimu_transfer_batch t
			 WHERE NOT t.code_known AND t.prev_code IS NULL GROUP BY t.result_code) c;
END
$$;
COMMENT ON FUNCTION @extschema@.import_account_transfer_result(@extschema@.lg_code, text) IS
	'collection: import a bank''s 口座振替 result file: successes posted (channel account_transfer, idempotent), failures counted by code and a 振替不能通知 queued';

-- 口振不能回数: failed transfers per person.
CREATE VIEW @extschema@.collection_transfer_failure_count WITH (security_invoker = true) AS
SELECT n.lg_code, n.atena_no, pg_catalog.count(*) AS failures, pg_catalog.max(r.transfer_date) AS last_failure
  FROM @extschema@.collection_transfer_notice n
  JOIN @extschema@.collection_transfer_result r
	ON r.lg_code OPERATOR(@extschema@.=) n.lg_code AND r.request_id OPERATOR(pg_catalog.=) n.request_id
 GROUP BY n.lg_code, n.atena_no;
COMMENT ON VIEW @extschema@.collection_transfer_failure_count IS
	'collection: 口振不能回数, the failed account transfers of each person';
GRANT SELECT ON @extschema@.collection_transfer_failure_count TO zeimu_collection;

GRANT EXECUTE ON FUNCTION
	@extschema@.add_transfer_account(@extschema@.lg_code, bigint, text, text, text, text, text, text, date),
	@extschema@.account_transfer_request(@extschema@.lg_code, date),
	@extschema@.import_account_transfer_result(@extschema@.lg_code, text) TO zeimu_collection;
