-- collection: 還付加算金 (refund interest, 地方税法第17条の4).  C kernel in
-- src/refund_interest.c; rates from 500_collection_rates.sql.

CREATE FUNCTION @extschema@.refund_interest(amount bigint, first_day date, last_day date) RETURNS bigint
	AS 'MODULE_PATHNAME', 'refund_interest' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.refund_interest(bigint, date, date) IS
	'collection: 還付加算金 on an over- or erroneous payment from first_day to last_day inclusive (法17条の4①, 附則第3条の2, 法20条の4の2②⑤), national standard rates';
CREATE FUNCTION @extschema@.refund_interest(amount bigint, first_day date, last_day date, lg_code @extschema@.lg_code) RETURNS bigint
	AS 'MODULE_PATHNAME', 'refund_interest' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.refund_interest(bigint, date, date, @extschema@.lg_code) IS
	'collection: 還付加算金 at the rates in force for municipality lg_code';

-- The first day counted, per 17条の4① (the day after the date each 号 names):
--   reduction              一号: 更正・決定・賦課決定 lowered the tax → the day after the payment
--   claim                  二号: 更正の請求に基づく更正 → the day after the earlier of
--                          (claim day + 1 counted 3 months) and (更正 day + 1 counted 1 month),
--                          not before the day after the payment [M]
--   income_tax_correction  三号: 所得税の更正 notified → the day after (notice day + 1 counted
--                          1 month), not before the day after the payment [M]
--   erroneous              四号 (誤納 and the rest) → the day after (payment day + 1 counted
--                          1 month) [L: check against the 条文 before relying on it]
CREATE FUNCTION @extschema@.refund_interest_start(kind text, paid_date date,
	event_date date DEFAULT NULL, claim_date date DEFAULT NULL) RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF kind IS NULL OR paid_date IS NULL THEN
		RAISE EXCEPTION 'kind and payment date are required'
			USING ERRCODE = '22004', DETAIL = 'The start of 還付加算金 depends on the kind of refund and the payment day.',
				  HINT = 'Pass the kind (reduction, claim, income_tax_correction, erroneous) and the payment date.';
	END IF;
	IF kind OPERATOR(pg_catalog.=) 'reduction' THEN
		RETURN paid_date OPERATOR(pg_catalog.+) 1;
	ELSIF kind OPERATOR(pg_catalog.=) 'claim' THEN
		IF event_date IS NULL OR claim_date IS NULL THEN
			RAISE EXCEPTION 'a refund after a claim needs the claim date and the correction date'
				USING ERRCODE = '22004', DETAIL = '17条の4①二 counts from the 更正の請求 and from the 更正.',
					  HINT = 'Pass event_date (the 更正) and claim_date (the 更正の請求).';
		END IF;
		RETURN greatest(paid_date,
			least(@extschema@.civil_period_end(claim_date OPERATOR(pg_catalog.+) 1, 3),
				  @extschema@.civil_period_end(event_date OPERATOR(pg_catalog.+) 1, 1))) OPERATOR(pg_catalog.+) 1;
	ELSIF kind OPERATOR(pg_catalog.=) 'income_tax_correction' THEN
		IF event_date IS NULL THEN
			RAISE EXCEPTION 'a refund after an income tax correction needs the notice date'
				USING ERRCODE = '22004', DETAIL = '17条の4①三 counts from the day the 所得税の更正 was notified.',
					  HINT = 'Pass event_date (the notice day).';
		END IF;
		RETURN greatest(paid_date, @extschema@.civil_period_end(event_date OPERATOR(pg_catalog.+) 1, 1)) OPERATOR(pg_catalog.+) 1;
	ELSIF kind OPERATOR(pg_catalog.=) 'erroneous' THEN
		RETURN @extschema@.civil_period_end(paid_date OPERATOR(pg_catalog.+) 1, 1) OPERATOR(pg_catalog.+) 1;
	END IF;
	RAISE EXCEPTION 'unknown refund kind "%"', kind
		USING ERRCODE = '22023', DETAIL = 'The kinds are reduction, claim, income_tax_correction and erroneous.',
			  HINT = 'Use one of the kinds listed.';
END
$$;
COMMENT ON FUNCTION @extschema@.refund_interest_start(text, date, date, date) IS
	'collection: first day counted for 還付加算金 per 地方税法第17条の4① 各号 (reduction, claim, income_tax_correction, erroneous)';

GRANT EXECUTE ON FUNCTION @extschema@.refund_interest(bigint, date, date),
	@extschema@.refund_interest(bigint, date, date, @extschema@.lg_code),
	@extschema@.refund_interest_start(text, date, date, date) TO zeimu_user;
