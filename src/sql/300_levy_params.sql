-- levy (property and vehicle): parameter tables.
--
-- Law and ordinance values are data.  Every parameter row is keyed by the
-- municipality (lg_code) and the fiscal year it applies from.  Convention:
-- lg_code '000000' holds the national standard values (it is not a real
-- 全国地方公共団体コード); a row for a real lg_code is the municipality's
-- ordinance value and wins over the national row.  For a municipality M and
-- fiscal year Y each parameter resolves to
--   1. M's row with the greatest from_fy <= Y, if there is one; else
--   2. the national row with the greatest from_fy <= Y; else
--   3. error P0002 (no parameter for that year).
-- An ordinance value therefore stays in force until the municipality enters
-- a new row, even if the national standard changes later.
-- zeimu.levy_parameters(lg_code, fiscal_year) shows the resolved set.

-- Scalar parameters.  The value is the exact fraction num/den, so that 1/6,
-- 2/3 or 1.4% = 14/1000 are exact and the C kernels work in integers
-- (a rate, ratio, amount in yen, area in ㎡, or a count).
CREATE TABLE @extschema@.levy_param (
	lg_code		@extschema@.lg_code NOT NULL,
	name		text NOT NULL CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
	from_fy		integer NOT NULL CHECK (from_fy BETWEEN 1950 AND 2200),
	num			bigint NOT NULL CHECK (num OPERATOR(pg_catalog.>=) 0),
	den			bigint NOT NULL DEFAULT 1 CHECK (den OPERATOR(pg_catalog.>) 0),
	unit		text NOT NULL CHECK (unit OPERATOR(pg_catalog.=) ANY (ARRAY['ratio', 'yen', 'm2', 'count', 'years', 'yyyymm', 'yyyymmdd', 'flag'])),
	basis		text NOT NULL,
	note		text,
	PRIMARY KEY (lg_code, name, from_fy)
);
COMMENT ON TABLE @extschema@.levy_param IS 'levy parameters: value num/den per (lg_code, name, from_fy); lg_code 000000 = national standard, a municipality row wins (doc/levy-property-vehicle.md)';

-- The 耐用年数に応ずる減価率 (固定資産評価基準 第3章 別表第15; the 旧定率法 rate
-- of 減価償却資産の耐用年数等に関する省令 別表第九): r = 1 - 0.1^(1/n), rounded to
-- three decimals.  Checked against the rates in domain_rules §3.5
-- (5年 0.369, 10年 0.206, 15年 0.142) and by test/pgtap/50_levy_params.sql.
CREATE TABLE @extschema@.depreciation_rate (
	lg_code		@extschema@.lg_code NOT NULL,
	useful_life	integer NOT NULL CHECK (useful_life BETWEEN 2 AND 100),
	from_fy		integer NOT NULL CHECK (from_fy BETWEEN 1950 AND 2200),
	rate		numeric(4,3) NOT NULL CHECK (rate OPERATOR(pg_catalog.>) 0 AND rate OPERATOR(pg_catalog.<) 1),
	PRIMARY KEY (lg_code, useful_life, from_fy)
);
COMMENT ON TABLE @extschema@.depreciation_rate IS '減価率 r by 耐用年数 (固定資産評価基準 別表第15); lg_code 000000 = national';

-- Installment schedules (法362条 固定資産税: 4月・7月・12月・2月 by 条例;
-- 軽自動車税種別割: 4月 by law, most 条例 5月末).  due_day 31 means the last day
-- of the month; year_offset 1 puts the period in the next calendar year
-- (February of FY+1).  The rounding unit of each levy is the parameter
-- <tax>_installment_unit (地方税法第20条の4の2第6項).
CREATE TABLE @extschema@.installment_schedule (
	lg_code		@extschema@.lg_code NOT NULL,
	tax			text NOT NULL CHECK (tax OPERATOR(pg_catalog.=) ANY (ARRAY['fixed_asset', 'light_vehicle'])),
	from_fy		integer NOT NULL CHECK (from_fy BETWEEN 1950 AND 2200),
	period		integer NOT NULL CHECK (period BETWEEN 1 AND 12),
	due_month	integer NOT NULL CHECK (due_month BETWEEN 1 AND 12),
	due_day		integer NOT NULL CHECK (due_day BETWEEN 1 AND 31),
	year_offset	integer NOT NULL DEFAULT 0 CHECK (year_offset BETWEEN 0 AND 1),
	PRIMARY KEY (lg_code, tax, from_fy, period)
);
COMMENT ON TABLE @extschema@.installment_schedule IS 'ordinance due dates per levy and period; a municipality''s rows for a from_fy replace the national set as a whole';

-- Light vehicle classes: every row of 地方税法第463条の15第1項 (domain_rules §5.1).
CREATE TABLE @extschema@.light_vehicle_class (
	lg_code		@extschema@.lg_code NOT NULL,
	vehicle_class text NOT NULL CHECK (vehicle_class OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
	inspection_based boolean NOT NULL,
	description	text NOT NULL,
	basis		text NOT NULL,
	PRIMARY KEY (lg_code, vehicle_class)
);
COMMENT ON TABLE @extschema@.light_vehicle_class IS 'light vehicle class codes (法463条の15); inspection_based = 3/4-wheelers whose rate depends on 初度検査年月';

-- Light vehicle rates by class and column: standard (新税率), old (旧税率,
-- 初度検査 <= light_vehicle_old_until), heavy (重課), green75/green50/green25
-- (グリーン化特例 軽課, 法附則30条).
CREATE TABLE @extschema@.light_vehicle_rate (
	lg_code		@extschema@.lg_code NOT NULL,
	vehicle_class text NOT NULL,
	rate_kind	text NOT NULL CHECK (rate_kind OPERATOR(pg_catalog.=) ANY (ARRAY['standard', 'old', 'heavy', 'green75', 'green50', 'green25'])),
	from_fy		integer NOT NULL CHECK (from_fy BETWEEN 1950 AND 2200),
	amount		bigint NOT NULL CHECK (amount OPERATOR(pg_catalog.>=) 0),
	PRIMARY KEY (lg_code, vehicle_class, rate_kind, from_fy)
);
COMMENT ON TABLE @extschema@.light_vehicle_rate IS 'annual light vehicle tax in yen by class and rate column (法463条の15, 附則30条); a municipality row is its ordinance rate';

-- ---------------------------------------------------------------------------
-- Resolution.

-- The resolved fraction of one scalar parameter, with where it came from.
CREATE FUNCTION @extschema@.levy_param_frac(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_name text,
	OUT num bigint, OUT den bigint, OUT source_lg_code @extschema@.lg_code, OUT from_fy integer)
	RETURNS record
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_name IS NULL THEN
		RAISE EXCEPTION 'levy parameter lookup needs lg_code, fiscal year and name'
			USING ERRCODE = '22004';
	END IF;
	SELECT p.num, p.den, p.lg_code, p.from_fy
	  INTO num, den, source_lg_code, from_fy
	  FROM @extschema@.levy_param p
	 WHERE p.lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'])
	   AND p.name OPERATOR(pg_catalog.=) p_name
	   AND p.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	 ORDER BY (p.lg_code OPERATOR(@extschema@.=) '000000'), p.from_fy DESC
	 LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no levy parameter "%" for municipality % in fiscal year %', p_name, p_lg_code, p_fiscal_year
			USING ERRCODE = 'P0002',
			      DETAIL = 'Neither the municipality nor the national standard (lg_code 000000) has a row applying from that year or earlier.',
			      HINT = 'Insert the ordinance value into zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis).';
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.levy_param_frac(@extschema@.lg_code, integer, text) IS 'resolved parameter as num/den, with the lg_code and from_fy of the row used; P0002 when none applies';

CREATE FUNCTION @extschema@.levy_param(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_name text)
	RETURNS numeric
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT f.num::numeric OPERATOR(pg_catalog./) f.den::numeric
	  FROM @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, p_name) f
$$;
COMMENT ON FUNCTION @extschema@.levy_param(@extschema@.lg_code, integer, text) IS 'resolved parameter value (num/den as numeric)';

-- A parameter that is a whole number (an amount, area, count, year-month).
CREATE FUNCTION @extschema@.levy_param_int(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_name text)
	RETURNS bigint
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	f record := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, p_name);
BEGIN
	IF f.num OPERATOR(pg_catalog.%) f.den OPERATOR(pg_catalog.<>) 0 THEN
		RAISE EXCEPTION 'levy parameter "%" is not a whole number', p_name
			USING ERRCODE = '22023', DETAIL = pg_catalog.format('Value %s/%s in the row of %s from %s.', f.num, f.den, f.source_lg_code, f.from_fy),
			      HINT = 'Correct the parameter row.';
	END IF;
	RETURN f.num OPERATOR(pg_catalog./) f.den;
END
$$;
COMMENT ON FUNCTION @extschema@.levy_param_int(@extschema@.lg_code, integer, text) IS 'resolved parameter that must be a whole number';

-- The annual amount of one light vehicle class and rate column, with where it
-- came from.  A municipality's own rate row wins; otherwise the national
-- amount times the ordinance multiplier light_vehicle_multiplier, truncated
-- to ¥100 (法463条の15第2項; 地方税法第20条の4の2第3項).
CREATE FUNCTION @extschema@.light_vehicle_rate_of(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_vehicle_class text, p_rate_kind text,
	OUT amount bigint, OUT source_lg_code @extschema@.lg_code, OUT from_fy integer)
	RETURNS record
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	m record;
BEGIN
	SELECT r.amount, r.lg_code, r.from_fy INTO amount, source_lg_code, from_fy
	  FROM @extschema@.light_vehicle_rate r
	 WHERE r.lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'])
	   AND r.vehicle_class OPERATOR(pg_catalog.=) p_vehicle_class
	   AND r.rate_kind OPERATOR(pg_catalog.=) p_rate_kind
	   AND r.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	 ORDER BY (r.lg_code OPERATOR(@extschema@.=) '000000'), r.from_fy DESC
	 LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no light vehicle rate for class "%" (%) in fiscal year %', p_vehicle_class, p_rate_kind, p_fiscal_year
			USING ERRCODE = 'P0002',
			      DETAIL = 'The rate table (zeimu.light_vehicle_rate) has no row for that class and column applying from that year or earlier.',
			      HINT = 'Check the class code and fiscal year; national rates are seeded from fiscal year 2016.';
	END IF;
	IF source_lg_code OPERATOR(@extschema@.=) '000000' AND p_lg_code OPERATOR(@extschema@.<>) '000000' THEN
		m := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'light_vehicle_multiplier');
		IF m.num OPERATOR(pg_catalog.<>) m.den THEN
			-- integer division of non-negative values truncates
			amount := amount OPERATOR(pg_catalog.*) m.num OPERATOR(pg_catalog./) m.den
			          OPERATOR(pg_catalog./) 100 OPERATOR(pg_catalog.*) 100;
			source_lg_code := m.source_lg_code;
		END IF;
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.light_vehicle_rate_of(@extschema@.lg_code, integer, text, text) IS 'annual amount of one light vehicle class and rate column for a municipality and year (own ordinance rate, else national x multiplier truncated to ¥100)';

-- The installment schedule in force: the municipality's set with the
-- greatest from_fy <= Y if it has one, else the national set.
CREATE FUNCTION @extschema@.installment_schedule_for(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_tax text DEFAULT NULL)
	RETURNS SETOF @extschema@.installment_schedule
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.*
	  FROM @extschema@.installment_schedule s
	  JOIN (SELECT DISTINCT ON (q.tax) q.tax, q.lg_code, q.from_fy
	          FROM @extschema@.installment_schedule q
	         WHERE q.lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'])
	           AND q.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	           AND (p_tax IS NULL OR q.tax OPERATOR(pg_catalog.=) p_tax)
	         ORDER BY q.tax, (q.lg_code OPERATOR(@extschema@.=) '000000'), q.from_fy DESC) w
	    ON s.tax OPERATOR(pg_catalog.=) w.tax AND s.lg_code OPERATOR(@extschema@.=) w.lg_code
	   AND s.from_fy OPERATOR(pg_catalog.=) w.from_fy
	 ORDER BY s.tax, s.period
$$;
COMMENT ON FUNCTION @extschema@.installment_schedule_for(@extschema@.lg_code, integer, text) IS 'installment periods and ordinance due dates in force for a municipality, year and levy';

-- Statutory limits on ordinance values, checked when a municipality enters
-- them: 都市計画税 rate <= 制限税率 0.3% (法702条の4); light vehicle rates and
-- multiplier <= 1.5 x 標準税率 (法463条の15第2項).
CREATE FUNCTION @extschema@.levy_param_check()
	RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	lim record;
	std bigint;
BEGIN
	IF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'levy_param' THEN
		-- national rows are the limits themselves
		IF NEW.lg_code OPERATOR(@extschema@.<>) '000000'
		   AND NEW.name OPERATOR(pg_catalog.=) ANY (ARRAY['city_planning_rate', 'light_vehicle_multiplier']) THEN
			lim := @extschema@.levy_param_frac(NEW.lg_code, NEW.from_fy, NEW.name OPERATOR(pg_catalog.||) '_max');
			IF (NEW.num::numeric OPERATOR(pg_catalog.*) lim.den) OPERATOR(pg_catalog.>) (lim.num::numeric OPERATOR(pg_catalog.*) NEW.den) THEN
				RAISE EXCEPTION '% %/% exceeds the statutory limit %/%', NEW.name, NEW.num, NEW.den, lim.num, lim.den
					USING ERRCODE = '23514',
					      DETAIL = 'The limit is the parameter ' OPERATOR(pg_catalog.||) NEW.name OPERATOR(pg_catalog.||) '_max (地方税法第702条の4 / 第463条の15第2項).',
					      HINT = 'Enter a value at or below the limit.';
			END IF;
		END IF;
	ELSIF NEW.lg_code OPERATOR(@extschema@.<>) '000000' THEN
		-- light_vehicle_rate: an ordinance rate may not exceed 1.5 x the national one
		SELECT r.amount INTO std
		  FROM @extschema@.light_vehicle_rate r
		 WHERE r.lg_code OPERATOR(@extschema@.=) '000000'
		   AND r.vehicle_class OPERATOR(pg_catalog.=) NEW.vehicle_class
		   AND r.rate_kind OPERATOR(pg_catalog.=) NEW.rate_kind
		   AND r.from_fy OPERATOR(pg_catalog.<=) NEW.from_fy
		 ORDER BY r.from_fy DESC LIMIT 1;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'unknown light vehicle class "%" or rate column "%"', NEW.vehicle_class, NEW.rate_kind
				USING ERRCODE = '23514', HINT = 'Use a class code of zeimu.light_vehicle_class.';
		END IF;
		lim := @extschema@.levy_param_frac(NEW.lg_code, NEW.from_fy, 'light_vehicle_multiplier_max');
		IF (NEW.amount::numeric OPERATOR(pg_catalog.*) lim.den) OPERATOR(pg_catalog.>) (std::numeric OPERATOR(pg_catalog.*) lim.num) THEN
			RAISE EXCEPTION 'light vehicle rate % for "%" exceeds % times the standard rate %', NEW.amount, NEW.vehicle_class,
				(lim.num::numeric OPERATOR(pg_catalog./) lim.den)::numeric(4,2), std
				USING ERRCODE = '23514', DETAIL = '地方税法第463条の15第2項.', HINT = 'Enter a rate at or below the limit.';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER levy_param_check BEFORE INSERT OR UPDATE ON @extschema@.levy_param
	FOR EACH ROW EXECUTE FUNCTION @extschema@.levy_param_check();
CREATE TRIGGER light_vehicle_rate_check BEFORE INSERT OR UPDATE ON @extschema@.light_vehicle_rate
	FOR EACH ROW EXECUTE FUNCTION @extschema@.levy_param_check();

-- Which parameter set applies: every scalar parameter, depreciation rate,
-- installment period and light vehicle rate, resolved for one municipality
-- and fiscal year, each with the row it came from.
CREATE FUNCTION @extschema@.levy_parameters(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (family text, name text, value numeric, num bigint, den bigint, unit text,
	               source_lg_code @extschema@.lg_code, from_fy integer, basis text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT 'param'::text, p.name, (p.num::numeric OPERATOR(pg_catalog./) p.den::numeric), p.num, p.den, p.unit,
	       p.lg_code, p.from_fy, p.basis
	  FROM (SELECT DISTINCT ON (q.name) q.*
	          FROM @extschema@.levy_param q
	         WHERE q.lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'])
	           AND q.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	         ORDER BY q.name, (q.lg_code OPERATOR(@extschema@.=) '000000'), q.from_fy DESC) p
	UNION ALL
	SELECT 'depreciation_rate', 'useful_life_' OPERATOR(pg_catalog.||) d.useful_life::text, d.rate, NULL, NULL, 'ratio',
	       d.lg_code, d.from_fy, '固定資産評価基準 第3章 別表第15'
	  FROM (SELECT DISTINCT ON (q.useful_life) q.*
	          FROM @extschema@.depreciation_rate q
	         WHERE q.lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'])
	           AND q.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	         ORDER BY q.useful_life, (q.lg_code OPERATOR(@extschema@.=) '000000'), q.from_fy DESC) d
	UNION ALL
	SELECT 'installment', s.tax OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) s.period::text,
	       NULL, NULL, NULL, 'due ' OPERATOR(pg_catalog.||) pg_catalog.lpad(s.due_month::text, 2, '0')
	           OPERATOR(pg_catalog.||) '-' OPERATOR(pg_catalog.||) pg_catalog.lpad(s.due_day::text, 2, '0')
	           OPERATOR(pg_catalog.||) (CASE WHEN s.year_offset OPERATOR(pg_catalog.=) 1 THEN ' (next year)' ELSE '' END),
	       s.lg_code, s.from_fy, '地方税法第362条 / 条例'
	  FROM @extschema@.installment_schedule_for(p_lg_code, p_fiscal_year) s
	UNION ALL
	SELECT 'light_vehicle_rate', c.vehicle_class OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) k.kind,
	       r.amount::numeric, r.amount, 1, 'yen', r.source_lg_code, r.from_fy, '地方税法第463条の15 / 附則30条'
	  FROM @extschema@.light_vehicle_class c
	  CROSS JOIN LATERAL pg_catalog.unnest(CASE WHEN c.inspection_based
	        THEN ARRAY['standard', 'old', 'heavy', 'green75', 'green50', 'green25']
	        ELSE ARRAY['standard'] END) AS k(kind)
	  CROSS JOIN LATERAL @extschema@.light_vehicle_rate_of(p_lg_code, p_fiscal_year, c.vehicle_class, k.kind) r
	 WHERE c.lg_code OPERATOR(@extschema@.=) '000000'
	   AND p_fiscal_year OPERATOR(pg_catalog.>=) (SELECT pg_catalog.min(x.from_fy) FROM @extschema@.light_vehicle_rate x)
$$;
