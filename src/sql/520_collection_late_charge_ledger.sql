-- collection: 延滞金 with partial payments, reduced-rate periods and 減免
-- (src/late_charge_ledger.c), the events given as jsonb so that it works
-- before the installment ledger exists.  doc/collection.md §3.

CREATE FUNCTION @extschema@.late_charge_ledger_kernel(
	tax_amount bigint, due_date date, as_of date,
	pay_dates date[], pay_amounts bigint[],
	reduced_from date[], reduced_to date[], reduced_kind text[],
	remission_from date[], remission_to date[], remission_pct integer[],
	lg_code @extschema@.lg_code) RETURNS bigint
	AS 'MODULE_PATHNAME', 'late_charge_ledger_kernel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.late_charge_ledger_kernel(bigint, date, date, date[], bigint[], date[], date[], text[], date[], date[], integer[], @extschema@.lg_code) IS
	'collection: the C kernel behind late_charge_ledger (events as parallel arrays; remission in hundredths of a percent)';

CREATE FUNCTION @extschema@.late_charge_ledger_segments_kernel(
	tax_amount bigint, due_date date, as_of date,
	pay_dates date[], pay_amounts bigint[],
	reduced_from date[], reduced_to date[], reduced_kind text[],
	remission_from date[], remission_to date[], remission_pct integer[],
	lg_code @extschema@.lg_code)
	RETURNS TABLE (first_day date, last_day date, days integer, principal bigint,
				   base bigint, rate numeric, remission numeric, amount bigint)
	AS 'MODULE_PATHNAME', 'late_charge_ledger_segments_kernel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.late_charge_ledger_segments_kernel(bigint, date, date, date[], bigint[], date[], date[], text[], date[], date[], integer[], @extschema@.lg_code) IS
	'collection: the C kernel behind late_charge_ledger_segments';

-- jsonb → arrays, shared by both wrappers.
--   payments: [{"date": "2025-06-30", "amount": 50000}, ...]
--   reduced periods: [{"from": d, "to": d, "kind": "collection_deferral" |
--     "conversion_deferral" | "suspension" | "exempt"}, ...]
--   remissions (減免): [{"from": d, "to": d, "percent": 50}, ...]
CREATE TYPE @extschema@.late_charge_events AS (
	pay_dates date[], pay_amounts bigint[],
	reduced_from date[], reduced_to date[], reduced_kind text[],
	remission_from date[], remission_to date[], remission_pct integer[]
);
COMMENT ON TYPE @extschema@.late_charge_events IS
	'collection: the events of late_charge_ledger as parallel arrays (remission in hundredths of a percent)';

CREATE FUNCTION @extschema@.late_charge_events(payments jsonb, reduced_periods jsonb, remissions jsonb)
RETURNS @extschema@.late_charge_events
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pa.dates, pa.amounts, rp.froms, rp.tos, rp.kinds, rm.froms, rm.tos, rm.pcts
	  FROM (SELECT coalesce(pg_catalog.array_agg((e OPERATOR(pg_catalog.->>) 'date')::date), '{}') AS dates,
				   coalesce(pg_catalog.array_agg((e OPERATOR(pg_catalog.->>) 'amount')::bigint), '{}') AS amounts
			  FROM pg_catalog.jsonb_array_elements(coalesce(payments, '[]')) e) pa,
		   (SELECT coalesce(pg_catalog.array_agg((e OPERATOR(pg_catalog.->>) 'from')::date), '{}') AS froms,
				   coalesce(pg_catalog.array_agg((e OPERATOR(pg_catalog.->>) 'to')::date), '{}') AS tos,
				   coalesce(pg_catalog.array_agg(e OPERATOR(pg_catalog.->>) 'kind'), '{}') AS kinds
			  FROM pg_catalog.jsonb_array_elements(coalesce(reduced_periods, '[]')) e) rp,
		   (SELECT coalesce(pg_catalog.array_agg((e OPERATOR(pg_catalog.->>) 'from')::date), '{}') AS froms,
				   coalesce(pg_catalog.array_agg((e OPERATOR(pg_catalog.->>) 'to')::date), '{}') AS tos,
				   coalesce(pg_catalog.array_agg(pg_catalog.round(((e OPERATOR(pg_catalog.->>) 'percent')::numeric) OPERATOR(pg_catalog.*) 100)::integer), '{}') AS pcts
			  FROM pg_catalog.jsonb_array_elements(coalesce(remissions, '[]')) e) rm
$$;
COMMENT ON FUNCTION @extschema@.late_charge_events(jsonb, jsonb, jsonb) IS
	'collection: reads the payment, reduced-period and remission events of late_charge_ledger from jsonb into arrays';

CREATE FUNCTION @extschema@.late_charge_ledger(
	tax_amount bigint, due_date date, as_of date,
	payments jsonb DEFAULT '[]', reduced_periods jsonb DEFAULT '[]',
	remissions jsonb DEFAULT '[]', lg_code @extschema@.lg_code DEFAULT '000000') RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.late_charge_ledger_kernel(tax_amount, due_date, as_of,
		e.pay_dates, e.pay_amounts, e.reduced_from, e.reduced_to, e.reduced_kind,
		e.remission_from, e.remission_to, e.remission_pct, lg_code)
	  FROM @extschema@.late_charge_events(payments, reduced_periods, remissions) e
$$;
COMMENT ON FUNCTION @extschema@.late_charge_ledger(bigint, date, date, jsonb, jsonb, jsonb, @extschema@.lg_code) IS
	'collection: 延滞金 through as_of on an installment with partial payments of 本税 (法326条②), reduced-rate periods (徴収猶予・換価猶予・執行停止, 法15条の9, 附則3条の2) and 減免';

CREATE FUNCTION @extschema@.late_charge_ledger_segments(
	tax_amount bigint, due_date date, as_of date,
	payments jsonb DEFAULT '[]', reduced_periods jsonb DEFAULT '[]',
	remissions jsonb DEFAULT '[]', lg_code @extschema@.lg_code DEFAULT '000000')
	RETURNS TABLE (first_day date, last_day date, days integer, principal bigint,
				   base bigint, rate numeric, remission numeric, amount bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.*
	  FROM @extschema@.late_charge_events(payments, reduced_periods, remissions) e,
		   LATERAL @extschema@.late_charge_ledger_segments_kernel(tax_amount, due_date, as_of,
				e.pay_dates, e.pay_amounts, e.reduced_from, e.reduced_to, e.reduced_kind,
				e.remission_from, e.remission_to, e.remission_pct, lg_code) s
$$;
COMMENT ON FUNCTION @extschema@.late_charge_ledger_segments(bigint, date, date, jsonb, jsonb, jsonb, @extschema@.lg_code) IS
	'collection: the segments of late_charge_ledger — days, base, rate (percent a year), remission (percent) and the truncated amount of each — to explain a charge';

GRANT USAGE ON TYPE @extschema@.late_charge_events TO zeimu_user;
GRANT EXECUTE ON FUNCTION
	@extschema@.late_charge_events(jsonb, jsonb, jsonb),
	@extschema@.late_charge_ledger(bigint, date, date, jsonb, jsonb, jsonb, @extschema@.lg_code),
	@extschema@.late_charge_ledger_segments(bigint, date, date, jsonb, jsonb, jsonb, @extschema@.lg_code),
	@extschema@.late_charge_ledger_kernel(bigint, date, date, date[], bigint[], date[], date[], text[], date[], date[], integer[], @extschema@.lg_code),
	@extschema@.late_charge_ledger_segments_kernel(bigint, date, date, date[], bigint[], date[], date[], text[], date[], date[], integer[], @extschema@.lg_code)
	TO zeimu_user;
