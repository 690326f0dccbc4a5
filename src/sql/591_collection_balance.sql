-- collection: the six balances of every installment (調定, 収入, 仮消込,
-- 未納, 過誤納, 過誤納処理中) for each of 本税, 督促手数料 and 延滞金, and
-- the split into 現年度分 and 滞納繰越分 (doc/collection.md §15).  Every
-- figure is derived from the entries (installments, 督促, payments and their
-- allocations, reversals, 速報/確報, 充当, refunds and their 取消); nothing is
-- stored as a counter.

-- The accounting year (会計年度) and its closing (出納閉鎖) are law values:
-- a year starts on 1 April (地方自治法第208条①) and its books close on
-- 31 May of the next year (第235条の5), the two months between being the
-- 出納整理期間.
CREATE TABLE @extschema@.collection_accounting_rule (
	lg_code @extschema@.lg_code NOT NULL,
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	start_month integer NOT NULL CHECK (start_month BETWEEN 1 AND 12),
	-- the books of year Y close at the end of this many months after year Y ends
	closing_months integer NOT NULL CHECK (closing_months BETWEEN 0 AND 11),
	source text NOT NULL,
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.collection_accounting_rule IS
	'collection: the accounting year (会計年度) start month and the 出納整理期間 length, by municipality and the date they apply from';
INSERT INTO @extschema@.collection_accounting_rule VALUES
	('000000', DATE '1947-05-03', 4, 2,
	 '地方自治法第208条① (会計年度は4月1日に始まり翌年3月31日に終わる), 第235条の5 (出納は翌年度の5月31日をもって閉鎖する)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_accounting_rule', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
GRANT SELECT ON @extschema@.collection_accounting_rule TO zeimu_user;

CREATE FUNCTION @extschema@.collection_accounting_rule_on(p_lg_code @extschema@.lg_code, p_day date)
RETURNS @extschema@.collection_accounting_rule
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_accounting_rule;
BEGIN
	SELECT * INTO r FROM @extschema@.collection_accounting_rule c
	 WHERE (c.lg_code OPERATOR(@extschema@.=) p_lg_code OR c.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND c.valid_from OPERATOR(pg_catalog.<=) p_day
	 ORDER BY c.valid_from DESC, (c.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC
	 LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no accounting year rule in force on %', p_day
			USING ERRCODE = '22023', DETAIL = 'zeimu.collection_accounting_rule has no row for that date.',
				  HINT = 'Add the rule to zeimu.collection_accounting_rule.';
	END IF;
	RETURN r;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_accounting_rule_on(@extschema@.lg_code, date) IS
	'collection: the accounting year rule in force on a day (the municipality''s own row first)';

-- The accounting year a day falls in: 2025-04-01 .. 2026-03-31 is year 2025.
CREATE FUNCTION @extschema@.collection_accounting_year(p_day date, p_lg_code @extschema@.lg_code DEFAULT '000000')
RETURNS integer
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_accounting_rule;
BEGIN
	IF p_day IS NULL OR NOT pg_catalog.isfinite(p_day) THEN
		RAISE EXCEPTION 'a finite day is required'
			USING ERRCODE = '22008', HINT = 'Pass a calendar date.';
	END IF;
	r := @extschema@.collection_accounting_rule_on(p_lg_code, p_day);
	RETURN pg_catalog.date_part('year', p_day)::integer
		OPERATOR(pg_catalog.-) CASE WHEN pg_catalog.date_part('month', p_day)::integer OPERATOR(pg_catalog.<) r.start_month
									THEN 1 ELSE 0 END;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_accounting_year(date, @extschema@.lg_code) IS
	'collection: the accounting year (会計年度, 地方自治法第208条①) a day falls in';

-- The last day of the 出納整理期間 of accounting year Y (出納閉鎖, 第235条の5):
-- 2025 → 2026-05-31.
CREATE FUNCTION @extschema@.collection_closing_day(p_year integer, p_lg_code @extschema@.lg_code DEFAULT '000000')
RETURNS date
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_accounting_rule;
	start_day date;
BEGIN
	IF p_year IS NULL OR p_year NOT BETWEEN 1950 AND 2200 THEN
		RAISE EXCEPTION 'accounting year % is out of range', p_year
			USING ERRCODE = '22003', HINT = 'Give a year between 1950 and 2200.';
	END IF;
	start_day := pg_catalog.make_date(p_year, 1, 1);
	r := @extschema@.collection_accounting_rule_on(p_lg_code, start_day);
	start_day := pg_catalog.make_date(p_year, r.start_month, 1);
	-- the year ends the day before start_day + 12 months; the books close
	-- closing_months later, at the end of that month
	RETURN (start_day OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => 12 OPERATOR(pg_catalog.+) r.closing_months))::date
		OPERATOR(pg_catalog.-) 1;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_closing_day(integer, @extschema@.lg_code) IS
	'collection: 出納閉鎖 day of an accounting year (地方自治法第235条の5): the last day receipts count for that year';

-- 現年度分 / 滞納繰越分 of an installment in the books of an accounting year:
-- the levy year (賦課年度) equal to the accounting year is 現年度分 ('current');
-- an earlier levy year was carried forward as arrears at the 出納閉鎖 of its
-- year ('arrears', 滞納繰越分); a later one belongs to a later year's books
-- ('next_year').
CREATE FUNCTION @extschema@.collection_year_class(p_levy_year integer, p_accounting_year integer)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN p_levy_year OPERATOR(pg_catalog.=) p_accounting_year THEN 'current'
				WHEN p_levy_year OPERATOR(pg_catalog.<) p_accounting_year THEN 'arrears'
				ELSE 'next_year' END
$$;
COMMENT ON FUNCTION @extschema@.collection_year_class(integer, integer) IS
	'collection: current (現年度分), arrears (滞納繰越分) or next_year, by the levy year relative to the accounting year';

-- The six balances of every installment of a municipality as of a day, one
-- row per installment and part.  Entries count when their 収入日 (or their
-- 充当 / decision / payment day) is on or before as_of; reversed payments
-- count for nothing; 仮消込 and 確報 are read as recorded now.
--   assessed     本税: the principal; 督促手数料: the fee of a 督促 issued by
--                as_of; 延滞金: the charge accrued through as_of on the 本税
--                still unpaid (installment_late_charge), or what was received
--                if more
--   received     allocations of payments that are not provisional
--   provisional  allocations of 速報 payments not yet confirmed (仮消込)
--   unpaid       assessed − received − provisional, never below 0
--   overpaid     本税 row only: over-payments of the installment's payments not
--                yet appropriated, refunded or in a refund in process
--   in_process   本税 row only: over-payments in a refund decided and neither
--                paid nor cancelled by as_of (過誤納処理中)
CREATE FUNCTION @extschema@.collection_balance_as_of(p_lg_code @extschema@.lg_code, p_as_of date,
	p_accounting_year integer DEFAULT NULL)
RETURNS TABLE (lg_code @extschema@.lg_code, installment_id bigint, atena_no bigint, tax_kind text, fiscal_year integer,
	notice_no text, period_no smallint, payment_no text, due_date date, accounting_year integer, year_class text,
	part text, assessed bigint, received bigint, provisional bigint, unpaid bigint, overpaid bigint, in_process bigint)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cur integer;
	ay integer;
BEGIN
	IF p_lg_code IS NULL OR p_as_of IS NULL OR NOT pg_catalog.isfinite(p_as_of) THEN
		RAISE EXCEPTION 'municipality and a finite as-of date are required'
			USING ERRCODE = '22004', HINT = 'Pass the municipality code and the day the balances are taken.';
	END IF;
	cur := @extschema@.collection_accounting_year(p_as_of, p_lg_code);
	ay := coalesce(p_accounting_year, cur);
	IF ay OPERATOR(pg_catalog.>) cur THEN
		RAISE EXCEPTION 'accounting year % has not begun on %', ay, p_as_of
			USING ERRCODE = '22023', DETAIL = pg_catalog.format('On %s the accounting year is %s.', p_as_of, cur),
				  HINT = 'Leave the accounting year out to use the year of the as-of date.';
	END IF;
	IF ay OPERATOR(pg_catalog.<) cur AND p_as_of OPERATOR(pg_catalog.>) @extschema@.collection_closing_day(ay, p_lg_code) THEN
		RAISE EXCEPTION 'the books of accounting year % were closed on %', ay, @extschema@.collection_closing_day(ay, p_lg_code)
			USING ERRCODE = '22023', DETAIL = 'After the 出納閉鎖 (地方自治法第235条の5) a year''s unpaid installments are 滞納繰越分 of the next year.',
				  HINT = 'Take the balances as of a day up to the 出納閉鎖, or use the later year.';
	END IF;
	RETURN QUERY
	WITH alloc AS (
		SELECT p.installment_id AS iid, a.part AS apart, a.amount,
			   (pr.payment_id IS NOT NULL AND cf.payment_id IS NULL) AS prov
		  FROM @extschema@.collection_payment p
		  JOIN @extschema@.collection_allocation a
			ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
		  LEFT JOIN @extschema@.collection_preliminary pr
			ON pr.lg_code OPERATOR(@extschema@.=) p.lg_code AND pr.payment_id OPERATOR(pg_catalog.=) p.payment_id
		  LEFT JOIN @extschema@.collection_confirmation cf
			ON cf.lg_code OPERATOR(@extschema@.=) p.lg_code AND cf.payment_id OPERATOR(pg_catalog.=) p.payment_id
		 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.installment_id IS NOT NULL
		   AND p.revenue_date OPERATOR(pg_catalog.<=) p_as_of
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
				WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)
	), per AS (
		SELECT x.iid,
			   coalesce(pg_catalog.sum(x.amount) FILTER (WHERE x.apart OPERATOR(pg_catalog.=) 'principal' AND NOT x.prov), 0)::bigint AS pr_rec,
			   coalesce(pg_catalog.sum(x.amount) FILTER (WHERE x.apart OPERATOR(pg_catalog.=) 'principal' AND x.prov), 0)::bigint AS pr_prov,
			   coalesce(pg_catalog.sum(x.amount) FILTER (WHERE x.apart OPERATOR(pg_catalog.=) 'dunning_fee' AND NOT x.prov), 0)::bigint AS df_rec,
			   coalesce(pg_catalog.sum(x.amount) FILTER (WHERE x.apart OPERATOR(pg_catalog.=) 'dunning_fee' AND x.prov), 0)::bigint AS df_prov,
			   coalesce(pg_catalog.sum(x.amount) FILTER (WHERE x.apart OPERATOR(pg_catalog.=) 'late_charge' AND NOT x.prov), 0)::bigint AS lc_rec,
			   coalesce(pg_catalog.sum(x.amount) FILTER (WHERE x.apart OPERATOR(pg_catalog.=) 'late_charge' AND x.prov), 0)::bigint AS lc_prov,
			   coalesce(pg_catalog.sum(x.amount) FILTER (WHERE x.apart OPERATOR(pg_catalog.=) 'overpayment'), 0)::bigint AS op
		  FROM alloc x GROUP BY x.iid
	), dealt AS (
		-- what became of each installment's over-payments by as_of
		SELECT src.installment_id AS iid,
			   coalesce(pg_catalog.sum(ap.amount), 0)::bigint AS appropriated,
			   0::bigint AS refunded, 0::bigint AS pending
		  FROM @extschema@.collection_appropriation ap
		  JOIN @extschema@.collection_payment src
			ON src.lg_code OPERATOR(@extschema@.=) ap.lg_code AND src.payment_id OPERATOR(pg_catalog.=) ap.source_payment_id
		 WHERE ap.lg_code OPERATOR(@extschema@.=) p_lg_code AND ap.appropriated_on OPERATOR(pg_catalog.<=) p_as_of
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
				WHERE rv.lg_code OPERATOR(@extschema@.=) ap.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) ap.payment_id)
		 GROUP BY src.installment_id
		UNION ALL
		SELECT src.installment_id,
			   0::bigint,
			   coalesce(pg_catalog.sum(rp.amount) FILTER (WHERE r.paid_on OPERATOR(pg_catalog.<=) p_as_of), 0)::bigint,
			   coalesce(pg_catalog.sum(rp.amount) FILTER (WHERE r.paid_on IS NULL OR r.paid_on OPERATOR(pg_catalog.>) p_as_of), 0)::bigint
		  FROM @extschema@.collection_refund_part rp
		  JOIN @extschema@.collection_refund r
			ON r.lg_code OPERATOR(@extschema@.=) rp.lg_code AND r.refund_id OPERATOR(pg_catalog.=) rp.refund_id
		  JOIN @extschema@.collection_payment src
			ON src.lg_code OPERATOR(@extschema@.=) rp.lg_code AND src.payment_id OPERATOR(pg_catalog.=) rp.source_payment_id
		 WHERE rp.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.decided_on OPERATOR(pg_catalog.<=) p_as_of
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_refund_cancellation c
				WHERE c.lg_code OPERATOR(@extschema@.=) r.lg_code AND c.refund_id OPERATOR(pg_catalog.=) r.refund_id
				  AND c.cancelled_on OPERATOR(pg_catalog.<=) p_as_of)
		 GROUP BY src.installment_id
	), dealt_sum AS (
		SELECT d.iid, pg_catalog.sum(d.appropriated)::bigint AS appropriated, pg_catalog.sum(d.refunded)::bigint AS refunded,
			   pg_catalog.sum(d.pending)::bigint AS pending
		  FROM dealt d GROUP BY d.iid
	), inst AS (
		SELECT i.*, coalesce(pe.pr_rec, 0) AS pr_rec, coalesce(pe.pr_prov, 0) AS pr_prov,
			   coalesce(pe.df_rec, 0) AS df_rec, coalesce(pe.df_prov, 0) AS df_prov,
			   coalesce(pe.lc_rec, 0) AS lc_rec, coalesce(pe.lc_prov, 0) AS lc_prov, coalesce(pe.op, 0) AS op,
			   coalesce(ds.appropriated, 0) AS appropriated, coalesce(ds.refunded, 0) AS refunded,
			   coalesce(ds.pending, 0) AS pending,
			   (SELECT coalesce(pg_catalog.sum(d.fee), 0)::bigint FROM @extschema@.collection_dunning d
				 WHERE d.lg_code OPERATOR(@extschema@.=) i.lg_code AND d.installment_id OPERATOR(pg_catalog.=) i.installment_id
				   AND d.issued_on OPERATOR(pg_catalog.<=) p_as_of) AS fee,
			   @extschema@.installment_late_charge(i.lg_code, i.installment_id, p_as_of) AS lc_accrued
		  FROM @extschema@.collection_installment i
		  LEFT JOIN per pe ON pe.iid OPERATOR(pg_catalog.=) i.installment_id
		  LEFT JOIN dealt_sum ds ON ds.iid OPERATOR(pg_catalog.=) i.installment_id
		 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code
	)
	SELECT n.lg_code, n.installment_id, n.atena_no, n.tax_kind, n.fiscal_year, n.notice_no, n.period_no, n.payment_no,
		   n.due_date, ay, @extschema@.collection_year_class(n.fiscal_year, ay),
		   v.part, v.assessed, v.received, v.provisional,
		   greatest(v.assessed OPERATOR(pg_catalog.-) v.received OPERATOR(pg_catalog.-) v.provisional, 0)::bigint,
		   v.overpaid, v.in_process
	  FROM inst n
	 CROSS JOIN LATERAL (VALUES
		(1, 'principal'::text, n.principal, n.pr_rec, n.pr_prov,
		 (n.op OPERATOR(pg_catalog.-) n.appropriated OPERATOR(pg_catalog.-) n.refunded OPERATOR(pg_catalog.-) n.pending)::bigint,
		 n.pending::bigint),
		(2, 'dunning_fee', n.fee, n.df_rec, n.df_prov, 0::bigint, 0::bigint),
		(3, 'late_charge', greatest(n.lc_accrued, n.lc_rec OPERATOR(pg_catalog.+) n.lc_prov)::bigint, n.lc_rec, n.lc_prov,
		 0::bigint, 0::bigint)
		) v (ord, part, assessed, received, provisional, overpaid, in_process)
	 ORDER BY n.installment_id, v.ord;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_balance_as_of(@extschema@.lg_code, date, integer) IS
	'collection: the six balances (調定, 収入, 仮消込, 未納, 過誤納, 処理中) of each installment and part as of a day, with 現年度分/滞納繰越分';

-- The same as of today, for every municipality the reader may see.
CREATE VIEW @extschema@.collection_balance WITH (security_invoker = true) AS
SELECT b.*
  FROM (SELECT DISTINCT i.lg_code FROM @extschema@.collection_installment i) m
 CROSS JOIN LATERAL @extschema@.collection_balance_as_of(m.lg_code, CURRENT_DATE) b;
COMMENT ON VIEW @extschema@.collection_balance IS
	'collection: the six balances of each installment and part as of today, with 現年度分/滞納繰越分';

-- Totals per 現年度分 / 滞納繰越分 and part, as of a day.
CREATE FUNCTION @extschema@.collection_year_summary(p_lg_code @extschema@.lg_code, p_as_of date,
	p_accounting_year integer DEFAULT NULL)
RETURNS TABLE (accounting_year integer, year_class text, part text, installments bigint, assessed bigint, received bigint,
	provisional bigint, unpaid bigint, overpaid bigint, in_process bigint)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT b.accounting_year, b.year_class, b.part, pg_catalog.count(*),
		   pg_catalog.sum(b.assessed)::bigint, pg_catalog.sum(b.received)::bigint, pg_catalog.sum(b.provisional)::bigint,
		   pg_catalog.sum(b.unpaid)::bigint, pg_catalog.sum(b.overpaid)::bigint, pg_catalog.sum(b.in_process)::bigint
	  FROM @extschema@.collection_balance_as_of(p_lg_code, p_as_of, p_accounting_year) b
	 GROUP BY b.accounting_year, b.year_class, b.part
	 ORDER BY pg_catalog.array_position(ARRAY['current', 'arrears', 'next_year'], b.year_class),
			  pg_catalog.array_position(ARRAY['principal', 'dunning_fee', 'late_charge'], b.part)
$$;
COMMENT ON FUNCTION @extschema@.collection_year_summary(@extschema@.lg_code, date, integer) IS
	'collection: the six balances summed per 現年度分 / 滞納繰越分 and part, as of a day';

GRANT SELECT ON @extschema@.collection_balance TO zeimu_collection;
GRANT EXECUTE ON FUNCTION @extschema@.collection_accounting_rule_on(@extschema@.lg_code, date),
	@extschema@.collection_accounting_year(date, @extschema@.lg_code),
	@extschema@.collection_closing_day(integer, @extschema@.lg_code),
	@extschema@.collection_year_class(integer, integer),
	@extschema@.collection_balance_as_of(@extschema@.lg_code, date, integer),
	@extschema@.collection_year_summary(@extschema@.lg_code, date, integer) TO zeimu_user;
