-- levy (inhabitant tax): correction versions (賦課更正, 月例更正).  A
-- correction never edits a version: it writes version n+1 with the new
-- breakdown and a reason, keeps every installment that is already fixed
-- and spreads the difference over the remaining ones:
--   * fixed: a 給与特別徴収 month, a 普通徴収 period (by its nominal due
--     date) or a 年金 本徴収 month in or before the month of the decision;
--     the 年金 仮徴収 months (April, June, August) always;
--   * 給与特別徴収 (法321条の6: 特別徴収税額の変更): the rest over the
--     remaining months, each truncated to the unit, the fraction in the
--     first remaining month;
--   * 年金特別徴収 (法321条の7の7: the pension payer can be told a lower
--     amount only): a decrease lowers the remaining 本徴収 months, an
--     increase goes to 普通徴収; 転出・死亡 stop it (the rest to 普通徴収);
--   * 普通徴収: the rest over the remaining periods by split_installments
--     (法20条の4の2⑥); with no period left, one more period due the last
--     day of the next month (随時);
--   * fixed amounts above the new total are the version's over-payment
--     (overpaid), for collection to refund or appropriate.
-- See doc/levy-inhabitant.md, "Corrections".

-- The month (first day) of a 給与特別徴収 position (1 = June .. 12 = May).
CREATE FUNCTION @extschema@.inhabitant_special_month(p_fiscal_year integer, p_idx integer)
	RETURNS date
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN pg_catalog.make_date(p_fiscal_year OPERATOR(pg_catalog.+) (p_idx OPERATOR(pg_catalog.>=) 8)::integer,
		(p_idx OPERATOR(pg_catalog.+) 4) OPERATOR(pg_catalog.%) 12 OPERATOR(pg_catalog.+) 1, 1);
COMMENT ON FUNCTION @extschema@.inhabitant_special_month(integer, integer) IS
	'the calendar month of position 1..12 (June..May) of a 給与特別徴収 schedule';

-- The month (first day) of a 年金特別徴収 position (1 = April, 2 = June,
-- 3 = August, 4 = October, 5 = December, 6 = February of the next year).
CREATE FUNCTION @extschema@.inhabitant_pension_month(p_fiscal_year integer, p_idx integer)
	RETURNS date
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN pg_catalog.make_date(p_fiscal_year OPERATOR(pg_catalog.+) (p_idx OPERATOR(pg_catalog.=) 6)::integer,
		CASE WHEN p_idx OPERATOR(pg_catalog.=) 6 THEN 2 ELSE 2 OPERATOR(pg_catalog.*) p_idx OPERATOR(pg_catalog.+) 2 END, 1);
COMMENT ON FUNCTION @extschema@.inhabitant_pension_month(integer, integer) IS
	'the calendar month of position 1..6 (April..February) of a 年金特別徴収 schedule';

-- Spreads an amount over the open positions of a schedule: each open
-- position trunc(amount / open to the unit), the fraction in the first open
-- one; closed positions keep their amount.
CREATE FUNCTION @extschema@.inhabitant_spread(p_amounts bigint[], p_open boolean[], p_amount bigint, p_unit bigint)
	RETURNS bigint[]
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v bigint[] := p_amounts;
	n integer := 0;
	v_first integer;
	v_each bigint;
BEGIN
	FOR i IN 1 .. pg_catalog.cardinality(p_amounts) LOOP
		IF p_open[i] THEN
			n := n + 1;
			IF v_first IS NULL THEN
				v_first := i;
			END IF;
		END IF;
	END LOOP;
	IF n = 0 THEN
		RETURN v;
	END IF;
	v_each := (p_amount / n) / p_unit * p_unit;
	FOR i IN 1 .. pg_catalog.cardinality(p_amounts) LOOP
		IF p_open[i] THEN
			v[i] := v_each;
		END IF;
	END LOOP;
	v[v_first] := p_amount - (n - 1) * v_each;
	RETURN v;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_spread(bigint[], boolean[], bigint, bigint) IS
	'spreads an amount over the open positions of a schedule (unit per position, the fraction in the first open one)';

-- The 普通徴収 positions of a version as seen on a decision day: the
-- ordinance periods with the version's rows laid over them (plus any extra
-- period of the version); open = the nominal due date is after the month
-- of the decision (cut = its first day).
CREATE FUNCTION @extschema@.inhabitant_ordinary_slots(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_atena_no bigint, p_version integer, p_cut date)
	RETURNS TABLE (period integer, nominal_due date, due_date date, amount bigint, old boolean, open boolean)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE(o.period, pl.period), COALESCE(o.nominal_due, pl.nominal_due), COALESCE(o.due_date, pl.due_date),
		   COALESCE(o.amount, 0), o.period IS NOT NULL,
		   pg_catalog.date_trunc('month', COALESCE(o.nominal_due, pl.nominal_due))::date OPERATOR(pg_catalog.>) p_cut
	  FROM @extschema@.inhabitant_ordinary_plan(p_lg_code, p_fiscal_year, 0) pl
	  FULL JOIN (SELECT i.* FROM @extschema@.inhabitant_ordinary_installment i
				  WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
					AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no AND i.version OPERATOR(pg_catalog.=) p_version) o
		ON o.period OPERATOR(pg_catalog.=) pl.period
	 ORDER BY 1
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_ordinary_slots(@extschema@.lg_code, integer, bigint, integer, date) IS
	'普通徴収 positions of an assessment version (ordinance periods and the version''s rows), open when due after the decision month';

-- Writes the 普通徴収 rows of version p_new from version p_old so that they
-- add up to p_target: fixed rows stay, the rest is split over the open
-- periods (法20条の4の2⑥); with no open period, one more period due the
-- last day of the month after the decision (随時).  Returns the amount by
-- which the fixed rows exceed the target (an over-payment).
CREATE FUNCTION @extschema@.inhabitant_write_ordinary(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_atena_no bigint, p_old integer, p_new integer, p_target bigint, p_cut date)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_fixed bigint;
	v_n integer;
	v_rest bigint;
	v_over bigint := 0;
	v_split bigint[];
	v_extra date;
BEGIN
	SELECT COALESCE(pg_catalog.sum(s.amount) FILTER (WHERE NOT s.open), 0), pg_catalog.count(*) FILTER (WHERE s.open)
	  INTO v_fixed, v_n
	  FROM @extschema@.inhabitant_ordinary_slots(p_lg_code, p_fiscal_year, p_atena_no, p_old, p_cut) s;
	v_rest := p_target - v_fixed;
	IF v_rest < 0 THEN
		v_over := -v_rest;
		v_rest := 0;
	END IF;
	-- fixed rows as they were
	INSERT INTO @extschema@.inhabitant_ordinary_installment (lg_code, fiscal_year, atena_no, version, period, nominal_due, due_date, amount)
	SELECT p_lg_code, p_fiscal_year, p_atena_no, p_new, s.period, s.nominal_due, s.due_date, s.amount
	  FROM @extschema@.inhabitant_ordinary_slots(p_lg_code, p_fiscal_year, p_atena_no, p_old, p_cut) s
	 WHERE NOT s.open AND s.old;
	IF v_n = 0 THEN
		IF v_rest > 0 THEN
			v_extra := (p_cut + interval '2 month')::date - 1;
			INSERT INTO @extschema@.inhabitant_ordinary_installment (lg_code, fiscal_year, atena_no, version, period, nominal_due, due_date, amount)
			SELECT p_lg_code, p_fiscal_year, p_atena_no, p_new, COALESCE(pg_catalog.max(s.period), 0) + 1, v_extra,
				   @extschema@.levy_due_date(v_extra, p_lg_code), v_rest
			  FROM @extschema@.inhabitant_ordinary_slots(p_lg_code, p_fiscal_year, p_atena_no, p_old, p_cut) s;
		END IF;
		RETURN v_over;
	END IF;
	v_split := @extschema@.split_installments(v_rest, v_n,
		@extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'ordinary_collection_unit')::integer);
	INSERT INTO @extschema@.inhabitant_ordinary_installment (lg_code, fiscal_year, atena_no, version, period, nominal_due, due_date, amount)
	SELECT p_lg_code, p_fiscal_year, p_atena_no, p_new, x.period, x.nominal_due, x.due_date, v_split[x.k]
	  FROM (SELECT s.*, pg_catalog.row_number() OVER (ORDER BY s.period)::integer AS k
			  FROM @extschema@.inhabitant_ordinary_slots(p_lg_code, p_fiscal_year, p_atena_no, p_old, p_cut) s
			 WHERE s.open) x
	 WHERE v_split[x.k] > 0 OR x.old;
	RETURN v_over;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_write_ordinary(@extschema@.lg_code, integer, bigint, integer, integer, bigint, date) IS
	'writes the 普通徴収 rows of a new version: fixed rows kept, the rest to the target split over the open periods (or one 随時 period)';

-- The latest version of a person's assessment for a year, or P0002.
CREATE FUNCTION @extschema@.inhabitant_latest_assessment(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_atena_no bigint)
	RETURNS @extschema@.inhabitant_assessment
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v @extschema@.inhabitant_assessment;
BEGIN
	SELECT a.* INTO v FROM @extschema@.inhabitant_assessment a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND a.atena_no OPERATOR(pg_catalog.=) p_atena_no
	 ORDER BY a.version DESC LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = pg_catalog.format('person %s has no inhabitant tax assessment for fiscal year %s', p_atena_no, p_fiscal_year),
			HINT = 'Run zeimu.levy_inhabitant for the year first.';
	END IF;
	RETURN v;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_latest_assessment(@extschema@.lg_code, integer, bigint) IS
	'the latest assessment version of a person and year (P0002 when there is none)';

-- Writes correction version n+1 of a person's assessment for a breakdown,
-- with the re-spread schedules.  Returns the new version.  Internal to the
-- batch, zeimu.levy_inhabitant_correct and the job-change notice; SECURITY
-- INVOKER (row security of the caller applies).
CREATE FUNCTION @extschema@.inhabitant_write_correction(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_atena_no bigint, p_breakdown jsonb, p_reason text, p_decided_on date, p_note text DEFAULT NULL,
	p_employer_name text DEFAULT NULL, p_employer_no text DEFAULT NULL)
	RETURNS integer
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_old record;
	v_pr record;
	v_ver integer;
	v_total bigint := (p_breakdown OPERATOR(pg_catalog.->>) 'total')::bigint;
	v_cut date := pg_catalog.date_trunc('month', p_decided_on)::date;
	v_sunit bigint;
	v_punit bigint;
	-- the current (last) special part
	v_sp bigint[];
	v_sp_part integer;
	v_sp_name text;
	v_sp_no text;
	v_sp_open boolean[] := ARRAY[]::boolean[];
	v_sp_other bigint := 0;
	v_special boolean;		-- the salary route is open in the new version
	v_new_emp boolean;		-- a salary report names an employer not seen before
	v_left bigint[];		-- the previous employer's part after a new employer
	-- pension
	v_pen bigint[];
	v_pen_open boolean[] := ARRAY[]::boolean[];
	v_pen_active boolean := false;
	v_has_pen boolean;
	v_pen_stop boolean := false;
	v_share bigint := 0;
	-- buckets
	v_sf bigint := 0;
	v_pf bigint := 0;
	v_of bigint := 0;
	v_sbd bigint := 0;
	v_pbd bigint := 0;
	v_obd bigint;
	v_rs bigint;
	v_rp bigint;
	v_ro bigint;
	v_sum bigint;
	v_neg bigint;
	v_take bigint;
	v_over bigint := 0;
	v_mode text;
	v_split bigint[];
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_atena_no IS NULL OR p_breakdown IS NULL OR p_decided_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year, atena number, breakdown and decision date must not be null';
	END IF;
	IF p_reason IS NULL OR p_reason OPERATOR(pg_catalog.<>) ALL (ARRAY['report', 'return', 'amended_return', 'dependant_denied',
			'ex_officio', 'moved_out', 'death', 'employment_change']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('unknown correction reason "%s"', p_reason),
			HINT = 'Use report, return, amended_return, dependant_denied, ex_officio, moved_out, death or employment_change.';
	END IF;
	v_old := @extschema@.inhabitant_latest_assessment(p_lg_code, p_fiscal_year, p_atena_no);
	v_ver := v_old.version + 1;
	v_sunit := @extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'special_collection_unit');
	v_punit := @extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'pension_collection_unit');

	-- 給与特別徴収: the last part is the current employer; earlier parts
	-- (employers left) are kept as they are.
	SELECT s.part, s.employer_name, s.employer_no, s.amounts INTO v_sp_part, v_sp_name, v_sp_no, v_sp
	  FROM @extschema@.inhabitant_special_schedule s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version
	 ORDER BY s.part DESC LIMIT 1;
	SELECT COALESCE(pg_catalog.sum(x), 0) INTO v_sp_other
	  FROM @extschema@.inhabitant_special_schedule s, pg_catalog.unnest(s.amounts) x
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version
	   AND s.part OPERATOR(pg_catalog.<>) v_sp_part;
	v_special := v_old.collection_mode OPERATOR(pg_catalog.=) 'special';
	-- The latest salary report names an employer that never withheld this
	-- year's tax (a new job, or 普通徴収 switched to 特別徴収): the new
	-- employer takes the months after the decision; the previous one keeps
	-- its fixed months.  An employer already in the schedule (e.g. one the
	-- taxpayer left, 異動届) does not reopen it.
	v_new_emp := p_employer_name IS NOT NULL AND v_total OPERATOR(pg_catalog.>) 0 AND NOT EXISTS (
		SELECT FROM @extschema@.inhabitant_special_schedule s
		 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version
		   AND s.employer_name OPERATOR(pg_catalog.=) p_employer_name);
	IF v_new_emp THEN
		IF v_sp IS NOT NULL THEN
			v_left := v_sp;
			FOR i IN 1 .. 12 LOOP
				IF @extschema@.inhabitant_special_month(p_fiscal_year, i) OPERATOR(pg_catalog.>) v_cut THEN
					v_left[i] := 0;
				END IF;
			END LOOP;
			v_sp_other := v_sp_other + (SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(v_left) x)::bigint;
		END IF;
		v_sp := pg_catalog.array_fill(0::bigint, ARRAY[12]);
		v_sp_part := COALESCE(v_sp_part, 0) + 1;
		v_sp_name := p_employer_name;
		v_sp_no := p_employer_no;
		v_special := true;
	END IF;
	IF v_sp IS NOT NULL THEN
		v_sf := v_sp_other;
		FOR i IN 1 .. 12 LOOP
			v_sp_open := v_sp_open || (v_special
				AND @extschema@.inhabitant_special_month(p_fiscal_year, i) OPERATOR(pg_catalog.>) v_cut);
			IF NOT v_sp_open[i] THEN
				v_sf := v_sf + v_sp[i];
			END IF;
		END LOOP;
	END IF;

	-- 年金特別徴収.
	SELECT s.* INTO v_pr FROM @extschema@.inhabitant_pension_schedule s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version;
	v_has_pen := FOUND;
	IF v_has_pen THEN
		v_pen := v_pr.amounts;
		v_pen_stop := v_pr.stopped OR p_reason OPERATOR(pg_catalog.=) ANY (ARRAY['moved_out', 'death']);
		v_pen_active := NOT v_pen_stop;
		v_share := @extschema@.inhabitant_pension_share(p_breakdown, v_special, v_punit);
		FOR i IN 1 .. 6 LOOP
			v_pen_open := v_pen_open || (NOT v_pr.stopped AND i OPERATOR(pg_catalog.>=) 4
				AND @extschema@.inhabitant_pension_month(p_fiscal_year, i) OPERATOR(pg_catalog.>) v_cut);
			IF NOT v_pen_open[i] THEN
				v_pf := v_pf + v_pen[i];
			END IF;
		END LOOP;
		IF v_pen_active THEN
			-- the payer may be told a lower amount, never a higher one
			v_pbd := LEAST((SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(v_pen) x)::bigint,
						   GREATEST(v_share - v_pr.ordinary_part, 0));
		ELSE
			v_pbd := v_pf;
		END IF;
	END IF;

	-- 普通徴収: what is fixed.
	SELECT COALESCE(pg_catalog.sum(s.amount) FILTER (WHERE NOT s.open), 0) INTO v_of
	  FROM @extschema@.inhabitant_ordinary_slots(p_lg_code, p_fiscal_year, p_atena_no, v_old.version, v_cut) s;

	-- What each route should now carry.
	IF v_special THEN
		v_sbd := GREATEST(v_total - CASE WHEN v_has_pen THEN v_share ELSE 0 END, 0);
	END IF;
	v_sbd := LEAST(v_sbd, GREATEST(v_total - v_pbd, 0));
	v_obd := v_total - v_pbd - v_sbd;
	v_rs := v_sbd - v_sf;
	v_rp := v_pbd - v_pf;
	v_ro := v_obd - v_of;
	v_sum := v_total - (v_sf + v_pf + v_of);
	IF v_sum < 0 THEN
		-- more is fixed than the new total: nothing left to collect
		v_over := -v_sum;
		v_rs := 0; v_rp := 0; v_ro := 0;
	ELSE
		v_neg := GREATEST(-v_rs, 0) + GREATEST(-v_rp, 0) + GREATEST(-v_ro, 0);
		v_rs := GREATEST(v_rs, 0); v_rp := GREATEST(v_rp, 0); v_ro := GREATEST(v_ro, 0);
		v_take := LEAST(v_neg, v_ro); v_ro := v_ro - v_take; v_neg := v_neg - v_take;
		v_take := LEAST(v_neg, v_rs); v_rs := v_rs - v_take; v_neg := v_neg - v_take;
		v_take := LEAST(v_neg, v_rp); v_rp := v_rp - v_take; v_neg := v_neg - v_take;
	END IF;
	-- No open position left in a route: the rest goes to 普通徴収.
	IF v_rs > 0 AND NOT (true = ANY (v_sp_open)) THEN
		v_ro := v_ro + v_rs; v_rs := 0;
	END IF;
	IF v_rp > 0 AND NOT (true = ANY (v_pen_open)) THEN
		v_ro := v_ro + v_rp; v_rp := 0;
	END IF;
	-- Spread.
	IF v_sp IS NOT NULL THEN
		v_sp := @extschema@.inhabitant_spread(v_sp, v_sp_open, v_rs, v_sunit);
	END IF;
	IF v_pen IS NOT NULL THEN
		v_pen := @extschema@.inhabitant_spread(v_pen, v_pen_open, v_rp, v_punit);
	END IF;
	v_mode := CASE WHEN v_total = 0 THEN 'none'
				   WHEN v_special AND v_sbd > 0 AND v_sp_name IS NOT NULL THEN 'special'
				   WHEN v_pen_active AND v_pbd > 0 AND v_obd <= v_pr.ordinary_part THEN 'pension'
				   WHEN v_obd > 0 OR v_ro > 0 THEN 'ordinary'
				   WHEN v_pbd > 0 THEN 'pension'
				   ELSE 'ordinary' END;

	INSERT INTO @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version, kind,
		income_levy_city, income_levy_pref, per_capita_city, per_capita_pref, forest_env_tax, total,
		collection_mode, employer_name, employer_no, pension_amount, pension_payer, reason, overpaid, note, breakdown, decided_on)
	VALUES (p_lg_code, p_fiscal_year, p_atena_no, v_ver, 'correction',
		(p_breakdown OPERATOR(pg_catalog.->>) 'income_levy_city')::bigint, (p_breakdown OPERATOR(pg_catalog.->>) 'income_levy_pref')::bigint,
		(p_breakdown OPERATOR(pg_catalog.->>) 'per_capita_city')::bigint, (p_breakdown OPERATOR(pg_catalog.->>) 'per_capita_pref')::bigint,
		(p_breakdown OPERATOR(pg_catalog.->>) 'forest_env_tax')::bigint, v_total, v_mode,
		CASE WHEN v_mode = 'special' THEN v_sp_name END, CASE WHEN v_mode = 'special' THEN v_sp_no END,
		COALESCE((SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(v_pen) x), 0)::bigint,
		CASE WHEN v_has_pen THEN v_pr.payer_name END,
		p_reason, v_over, p_note, p_breakdown, p_decided_on);
	INSERT INTO @extschema@.inhabitant_special_schedule (lg_code, fiscal_year, atena_no, version, part, employer_name, employer_no, amounts)
	SELECT s.lg_code, s.fiscal_year, s.atena_no, v_ver, s.part, s.employer_name, s.employer_no,
		   CASE WHEN s.part = v_sp_part THEN v_sp WHEN s.part = v_sp_part - 1 AND v_left IS NOT NULL THEN v_left ELSE s.amounts END
	  FROM @extschema@.inhabitant_special_schedule s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version;
	IF v_new_emp THEN
		INSERT INTO @extschema@.inhabitant_special_schedule (lg_code, fiscal_year, atena_no, version, part, employer_name, employer_no, amounts)
		VALUES (p_lg_code, p_fiscal_year, p_atena_no, v_ver, v_sp_part, v_sp_name, v_sp_no, v_sp);
	END IF;
	IF v_has_pen THEN
		INSERT INTO @extschema@.inhabitant_pension_schedule (lg_code, fiscal_year, atena_no, version, payer_name, share,
			previous_share, ordinary_part, stopped, amounts)
		VALUES (p_lg_code, p_fiscal_year, p_atena_no, v_ver, v_pr.payer_name,
			CASE WHEN v_pen_active THEN v_share ELSE v_pr.share END, v_pr.previous_share, v_pr.ordinary_part, v_pen_stop, v_pen);
	END IF;
	-- the target is never below the fixed rows here, so no further over-payment
	PERFORM @extschema@.inhabitant_write_ordinary(p_lg_code, p_fiscal_year, p_atena_no, v_old.version, v_ver,
		v_of + v_ro, v_cut);
	RETURN v_ver;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_write_correction(@extschema@.lg_code, integer, bigint, jsonb, text, date, text, text, text) IS
	'writes correction version n+1 of an inhabitant tax assessment; fixed installments stay, the difference is spread over the remaining ones';
