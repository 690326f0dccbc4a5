-- levy (property and vehicle): assessments (decision and correction
-- versions, never updated), installments, object-level results, the annual
-- batches and corrections.  doc/levy-property-vehicle.md §8-§10.

CREATE SEQUENCE @extschema@.fa_assessment_no_seq;

-- One assessment per taxpayer and fiscal year for the fixed asset tax and
-- the city planning tax levied together (法702条の8).  The taxpayer is a
-- person or a co-owner group (連帯納税義務, 法10条の2): taxpayer_key is the
-- sorted owner atena numbers joined by ','; the notice goes to atena_no,
-- the group's representative.
CREATE TABLE @extschema@.fa_assessment (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	assessment_no	bigint NOT NULL,
	version			integer NOT NULL CHECK (version OPERATOR(pg_catalog.>=) 1),
	kind			text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['decision', 'correction'])),
	taxpayer_key	text NOT NULL,
	owner_atena_nos	bigint[] NOT NULL,
	atena_no		bigint NOT NULL,			-- addressee (representative)
	land_fa_base	bigint NOT NULL,
	house_fa_base	bigint NOT NULL,
	depreciable_base bigint NOT NULL,
	land_cpt_base	bigint NOT NULL,
	house_cpt_base	bigint NOT NULL,
	fa_land_tax		bigint NOT NULL,
	fa_house_tax	bigint NOT NULL,
	fa_depreciable_tax bigint NOT NULL,
	house_reduction	bigint NOT NULL,
	fa_total		bigint NOT NULL,
	cpt_total		bigint NOT NULL,
	total			bigint NOT NULL,
	statutory_due	date NOT NULL,				-- 法定納期限 (first period), start of the 法17条の5 period
	reason			text,
	decided_on		date NOT NULL,
	staff			text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, fiscal_year, assessment_no, version),
	UNIQUE (lg_code, fiscal_year, taxpayer_key, version),
	CHECK (kind OPERATOR(pg_catalog.=) 'decision' OR reason IS NOT NULL)
);
COMMENT ON TABLE @extschema@.fa_assessment IS 'fixed asset + city planning tax assessments: version 1 decision (賦課決定), later versions corrections (更正); never updated';

CREATE TABLE @extschema@.fa_installment (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	assessment_no	bigint NOT NULL,
	version			integer NOT NULL,
	period			integer NOT NULL,
	due_date		date NOT NULL,
	amount			bigint NOT NULL CHECK (amount OPERATOR(pg_catalog.>=) 0),
	PRIMARY KEY (lg_code, fiscal_year, assessment_no, version, period),
	FOREIGN KEY (lg_code, fiscal_year, assessment_no, version) REFERENCES @extschema@.fa_assessment
);

-- Object-level results of the latest computation: the next year's
-- 前年度課税標準額, the 縦覧帳簿 and the 概要調書 read them.
CREATE TABLE @extschema@.fa_land_result (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	parcel_no		text NOT NULL,
	part_no			integer NOT NULL,
	taxpayer_key	text NOT NULL,
	price			bigint NOT NULL,
	fa_base			bigint NOT NULL,
	cpt_base		bigint NOT NULL,
	PRIMARY KEY (lg_code, fiscal_year, parcel_no, part_no)
);
CREATE INDEX fa_land_result_tp_idx ON @extschema@.fa_land_result (lg_code, fiscal_year, taxpayer_key);

CREATE TABLE @extschema@.fa_house_result (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	house_no		text NOT NULL,
	taxpayer_key	text NOT NULL,
	price			bigint NOT NULL,
	cpt_base		bigint NOT NULL,
	reduction		bigint NOT NULL,
	PRIMARY KEY (lg_code, fiscal_year, house_no)
);
CREATE INDEX fa_house_result_tp_idx ON @extschema@.fa_house_result (lg_code, fiscal_year, taxpayer_key);

-- Light vehicle tax: one assessment per vehicle and fiscal year (seed 004 R15).
CREATE TABLE @extschema@.lv_assessment (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	vehicle_id		bigint NOT NULL,
	version			integer NOT NULL CHECK (version OPERATOR(pg_catalog.>=) 1),
	kind			text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['decision', 'correction'])),
	atena_no		bigint NOT NULL,
	vehicle_class	text NOT NULL,
	rate_kind		text NOT NULL,				-- 税率フラグ: standard, old, heavy, green75 ...
	annual_rate		bigint NOT NULL,
	reduction		numeric(5,4) NOT NULL DEFAULT 0,
	tax				bigint NOT NULL,
	statutory_due	date NOT NULL,
	reason			text,
	decided_on		date NOT NULL,
	staff			text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, fiscal_year, vehicle_id, version),
	CHECK (kind OPERATOR(pg_catalog.=) 'decision' OR reason IS NOT NULL)
);
CREATE INDEX lv_assessment_atena_idx ON @extschema@.lv_assessment (lg_code, fiscal_year, atena_no);
COMMENT ON TABLE @extschema@.lv_assessment IS 'light vehicle tax assessments per vehicle: decision and correction versions; never updated';

CREATE TABLE @extschema@.lv_installment (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	vehicle_id		bigint NOT NULL,
	version			integer NOT NULL,
	period			integer NOT NULL,
	due_date		date NOT NULL,
	amount			bigint NOT NULL CHECK (amount OPERATOR(pg_catalog.>=) 0),
	PRIMARY KEY (lg_code, fiscal_year, vehicle_id, version, period),
	FOREIGN KEY (lg_code, fiscal_year, vehicle_id, version) REFERENCES @extschema@.lv_assessment
);

CREATE TRIGGER fa_assessment_append_only BEFORE UPDATE OR DELETE ON @extschema@.fa_assessment
	FOR EACH ROW EXECUTE FUNCTION @extschema@.levy_append_only();
CREATE TRIGGER fa_installment_append_only BEFORE UPDATE OR DELETE ON @extschema@.fa_installment
	FOR EACH ROW EXECUTE FUNCTION @extschema@.levy_append_only();
CREATE TRIGGER lv_assessment_append_only BEFORE UPDATE OR DELETE ON @extschema@.lv_assessment
	FOR EACH ROW EXECUTE FUNCTION @extschema@.levy_append_only();
CREATE TRIGGER lv_installment_append_only BEFORE UPDATE OR DELETE ON @extschema@.lv_installment
	FOR EACH ROW EXECUTE FUNCTION @extschema@.levy_append_only();

-- The current (latest) version of each assessment.
CREATE VIEW @extschema@.fa_assessment_current WITH (security_invoker = true) AS
	SELECT DISTINCT ON (a.lg_code, a.fiscal_year, a.assessment_no) a.*
	  FROM @extschema@.fa_assessment a
	 ORDER BY a.lg_code, a.fiscal_year, a.assessment_no, a.version DESC;
CREATE VIEW @extschema@.lv_assessment_current WITH (security_invoker = true) AS
	SELECT DISTINCT ON (a.lg_code, a.fiscal_year, a.vehicle_id) a.*
	  FROM @extschema@.lv_assessment a
	 ORDER BY a.lg_code, a.fiscal_year, a.vehicle_id, a.version DESC;

-- ---------------------------------------------------------------------------
-- Due dates of a levy for a year: the schedule in force, each date moved
-- by levy_due_date (the one place that knows closed days).
CREATE FUNCTION @extschema@.levy_due_dates(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_tax text)
	RETURNS date[]
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	d date[];
BEGIN
	SELECT pg_catalog.array_agg(@extschema@.levy_due_date(@extschema@.installment_nominal_date(p_fiscal_year, s.due_month, s.due_day, s.year_offset), p_lg_code)
	       ORDER BY s.period)
	  INTO d
	  FROM @extschema@.installment_schedule_for(p_lg_code, p_fiscal_year, p_tax) s;
	IF d IS NULL THEN
		RAISE EXCEPTION 'no installment schedule for % in fiscal year %', p_tax, p_fiscal_year
			USING ERRCODE = 'P0002', HINT = 'Insert the ordinance due dates into zeimu.installment_schedule.';
	END IF;
	RETURN d;
END
$$;

-- The 法定納期限 (the first period's nominal ordinance date).
CREATE FUNCTION @extschema@.levy_statutory_due(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_tax text)
	RETURNS date
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.installment_nominal_date(p_fiscal_year, s.due_month, s.due_day, s.year_offset)
	  FROM @extschema@.installment_schedule_for(p_lg_code, p_fiscal_year, p_tax) s
	 ORDER BY s.period LIMIT 1
$$;

-- The advisory lock of a levy run for one municipality and year (held until
-- the end of the transaction); a second concurrent run is refused (55P03).
CREATE FUNCTION @extschema@.levy_batch_lock(p_job text, p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS void
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext(p_job),
			pg_catalog.hashtext(p_lg_code::text OPERATOR(pg_catalog.||) '/' OPERATOR(pg_catalog.||) p_fiscal_year::text)) THEN
		RAISE EXCEPTION '% for % fiscal year % is already running', p_job, p_lg_code, p_fiscal_year
			USING ERRCODE = '55P03', HINT = 'Wait for it to finish, then call again; a re-run only adds what is missing.';
	END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Fixed asset computation, staged in temporary tables so that the batch
-- and a correction run the same code:
--   pg_temp.fa_stage_land  (one row per parcel part)
--   pg_temp.fa_stage_house (one row per house)
--   pg_temp.fa_stage_tp    (one row per taxpayer, with the taxes)
-- p_taxpayer_key NULL = every taxpayer.  Parameters are resolved once and
-- passed to the kernels.
CREATE FUNCTION @extschema@.fa_stage(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_taxpayer_key text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	jan1 date := pg_catalog.make_date(@extschema@.levy_check_fy(p_fiscal_year), 1, 1);
	rate record; cpt record; sf record; gf record; sc record; gc record;
	b bigint[]; nr record; fl record;
	cpt_on boolean;
	ex_land bigint; ex_house bigint; ex_dep bigint; base_unit bigint; tax_unit bigint;
	nh_years integer; nh_years_fp integer; nh_min bigint; nh_max bigint; nh_cap bigint; nh_by date;
	n bigint;
BEGIN
	IF p_lg_code IS NULL THEN
		RAISE EXCEPTION 'municipality code is required' USING ERRCODE = '22004';
	END IF;
	rate := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'fixed_asset_rate');
	cpt_on := EXISTS (SELECT FROM @extschema@.levy_param p
	                   WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.name OPERATOR(pg_catalog.=) 'city_planning_rate'
	                     AND p.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year);
	IF cpt_on THEN
		cpt := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'city_planning_rate');
	ELSE
		SELECT 0::bigint AS num, 1::bigint AS den INTO cpt;
	END IF;
	sf := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'res_small_ratio_fixed_asset');
	gf := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'res_general_ratio_fixed_asset');
	sc := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'res_small_ratio_city_planning');
	gc := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'res_general_ratio_city_planning');
	b := @extschema@.fa_burden_params(p_lg_code, p_fiscal_year);
	nr := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'new_house_ratio');
	ex_land := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_land');
	ex_house := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_house');
	ex_dep := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_depreciable');
	base_unit := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_base_unit');
	tax_unit := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_amount_unit');
	nh_years := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'new_house_years');
	nh_years_fp := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'new_house_years_fireproof');
	nh_min := (@extschema@.levy_param(p_lg_code, p_fiscal_year, 'new_house_area_min') OPERATOR(pg_catalog.*) 100)::bigint;
	nh_max := (@extschema@.levy_param(p_lg_code, p_fiscal_year, 'new_house_area_max') OPERATOR(pg_catalog.*) 100)::bigint;
	nh_cap := (@extschema@.levy_param(p_lg_code, p_fiscal_year, 'new_house_area_cap') OPERATOR(pg_catalog.*) 100)::bigint;
	nh_by := pg_catalog.to_date(@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'new_house_built_by')::text, 'YYYYMMDD');
	fl := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'depreciable_floor');

	IF pg_catalog.to_regclass('pg_temp.fa_stage_land') IS NOT NULL THEN
		DROP TABLE pg_temp.fa_stage_land, pg_temp.fa_stage_house, pg_temp.fa_stage_dep, pg_temp.fa_stage_tp;
	END IF;

	-- owners on 1 January, per object: the sorted owner set is the taxpayer
	CREATE TEMP TABLE fa_stage_land ON COMMIT DROP AS
	WITH own AS (
		SELECT o.parcel_no,
		       pg_catalog.array_agg(o.atena_no ORDER BY o.atena_no) AS owners,
		       coalesce(pg_catalog.min(o.atena_no) FILTER (WHERE o.representative), pg_catalog.min(o.atena_no)) AS rep
		  FROM @extschema@.land_owner o
		 WHERE o.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND o.acquired_on OPERATOR(pg_catalog.<=) jan1
		   AND (o.lost_on IS NULL OR o.lost_on OPERATOR(pg_catalog.>) jan1)
		   AND (p_taxpayer_key IS NULL OR o.parcel_no OPERATOR(pg_catalog.=) ANY (ARRAY(
		        SELECT k.parcel_no FROM @extschema@.land_owner k
		         WHERE k.lg_code OPERATOR(@extschema@.=) p_lg_code
		           AND k.atena_no OPERATOR(pg_catalog.=) ANY (pg_catalog.string_to_array(p_taxpayer_key, ',')::bigint[]))))
		 GROUP BY o.parcel_no
	), parts AS (
		SELECT v.parcel_no, v.part_no, v.price, own.owners, own.rep, lp.in_cpt_area,
		       pg_catalog.array_to_string(own.owners, ',') AS taxpayer_key,
		       (pt.area OPERATOR(pg_catalog.*) 100)::bigint AS area_c,
		       (pt.small_residential_area OPERATOR(pg_catalog.*) 100)::bigint AS small_c,
		       (pt.general_residential_area OPERATOR(pg_catalog.*) 100)::bigint AS general_c,
		       coalesce(r.fa_base, v.prev_fa_base) AS prev_fa,
		       coalesce(r.cpt_base, v.prev_cpt_base) AS prev_cpt
		  FROM @extschema@.land_valuation v
		  JOIN @extschema@.land_part pt ON pt.lg_code OPERATOR(@extschema@.=) v.lg_code
		   AND pt.parcel_no OPERATOR(pg_catalog.=) v.parcel_no AND pt.part_no OPERATOR(pg_catalog.=) v.part_no
		  JOIN @extschema@.land_parcel lp ON lp.lg_code OPERATOR(@extschema@.=) v.lg_code AND lp.parcel_no OPERATOR(pg_catalog.=) v.parcel_no
		  JOIN own ON own.parcel_no OPERATOR(pg_catalog.=) v.parcel_no
		  LEFT JOIN @extschema@.fa_land_result r ON r.lg_code OPERATOR(@extschema@.=) v.lg_code
		   AND r.fiscal_year OPERATOR(pg_catalog.=) (p_fiscal_year OPERATOR(pg_catalog.-) 1)
		   AND r.parcel_no OPERATOR(pg_catalog.=) v.parcel_no AND r.part_no OPERATOR(pg_catalog.=) v.part_no
		 WHERE v.lg_code OPERATOR(@extschema@.=) p_lg_code AND v.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	)
	SELECT parts.parcel_no, parts.part_no, parts.price, parts.owners, parts.rep, parts.taxpayer_key,
	       @extschema@.fa_land_base(parts.price, parts.area_c, parts.small_c, parts.general_c, parts.prev_fa,
	           sf.num, sf.den, gf.num, gf.den, b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12]) AS fa_base,
	       CASE WHEN cpt_on AND parts.in_cpt_area THEN @extschema@.fa_land_base(parts.price, parts.area_c, parts.small_c, parts.general_c,
	           parts.prev_cpt, sc.num, sc.den, gc.num, gc.den, b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12])
	           ELSE 0 END AS cpt_base
	  FROM parts
	 WHERE p_taxpayer_key IS NULL OR parts.taxpayer_key OPERATOR(pg_catalog.=) p_taxpayer_key;

	CREATE TEMP TABLE fa_stage_house ON COMMIT DROP AS
	WITH own AS (
		SELECT o.house_no,
		       pg_catalog.array_agg(o.atena_no ORDER BY o.atena_no) AS owners,
		       coalesce(pg_catalog.min(o.atena_no) FILTER (WHERE o.representative), pg_catalog.min(o.atena_no)) AS rep
		  FROM @extschema@.house_owner o
		 WHERE o.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND o.acquired_on OPERATOR(pg_catalog.<=) jan1
		   AND (o.lost_on IS NULL OR o.lost_on OPERATOR(pg_catalog.>) jan1)
		   AND (p_taxpayer_key IS NULL OR o.house_no OPERATOR(pg_catalog.=) ANY (ARRAY(
		        SELECT k.house_no FROM @extschema@.house_owner k
		         WHERE k.lg_code OPERATOR(@extschema@.=) p_lg_code
		           AND k.atena_no OPERATOR(pg_catalog.=) ANY (pg_catalog.string_to_array(p_taxpayer_key, ',')::bigint[]))))
		 GROUP BY o.house_no
	)
	SELECT h.house_no, v.price, own.owners, own.rep, pg_catalog.array_to_string(own.owners, ',') AS taxpayer_key,
	       CASE WHEN cpt_on AND h.in_cpt_area THEN v.price ELSE 0 END AS cpt_base,
	       CASE WHEN h.new_house_eligible AND h.built_on OPERATOR(pg_catalog.<=) nh_by
	            THEN @extschema@.fa_house_reduction(v.price, rate.num, rate.den,
	                 (h.floor_area OPERATOR(pg_catalog.*) 100)::bigint, (h.residential_area OPERATOR(pg_catalog.*) 100)::bigint,
	                 p_fiscal_year OPERATOR(pg_catalog.-) @extschema@.fa_first_fiscal_year(h.built_on) OPERATOR(pg_catalog.+) 1,
	                 CASE WHEN h.fireproof_3storey THEN nh_years_fp ELSE nh_years END,
	                 nh_min, nh_max, nh_cap, nr.num, nr.den)
	            ELSE 0 END AS reduction
	  FROM @extschema@.house_valuation v
	  JOIN @extschema@.house h ON h.lg_code OPERATOR(@extschema@.=) v.lg_code AND h.house_no OPERATOR(pg_catalog.=) v.house_no
	  JOIN own ON own.house_no OPERATOR(pg_catalog.=) v.house_no
	 WHERE v.lg_code OPERATOR(@extschema@.=) p_lg_code AND v.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND h.built_on OPERATOR(pg_catalog.<=) jan1
	   AND (p_taxpayer_key IS NULL OR pg_catalog.array_to_string(own.owners, ',') OPERATOR(pg_catalog.=) p_taxpayer_key);

	-- depreciable assets: the declarant alone is the taxpayer
	CREATE TEMP TABLE fa_stage_dep ON COMMIT DROP AS
	SELECT l.atena_no::text AS taxpayer_key, l.atena_no,
	       pg_catalog.sum(@extschema@.fa_depreciable_value(l.acquisition_cost,
	           p_fiscal_year OPERATOR(pg_catalog.-) @extschema@.fa_first_fiscal_year(l.acquired_on) OPERATOR(pg_catalog.+) 1,
	           (d.rate OPERATOR(pg_catalog.*) 1000)::integer, fl.num, fl.den))::bigint AS dep_base
	  FROM @extschema@.da_asset_line l
	  JOIN LATERAL (SELECT r.rate FROM @extschema@.depreciation_rate r
	                 WHERE r.lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'])
	                   AND r.useful_life OPERATOR(pg_catalog.=) l.useful_life AND r.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	                 ORDER BY (r.lg_code OPERATOR(@extschema@.=) '000000'), r.from_fy DESC LIMIT 1) d ON true
	 WHERE l.lg_code OPERATOR(@extschema@.=) p_lg_code AND l.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND l.acquired_on OPERATOR(pg_catalog.<=) jan1
	   AND (p_taxpayer_key IS NULL OR l.atena_no::text OPERATOR(pg_catalog.=) p_taxpayer_key)
	 GROUP BY l.atena_no;

	CREATE TEMP TABLE fa_stage_tp ON COMMIT DROP AS
	WITH t AS (
		SELECT u.taxpayer_key, pg_catalog.min(u.owners::text)::bigint[] AS owners, pg_catalog.min(u.rep) AS rep,
		       pg_catalog.sum(u.lf)::bigint AS lf, pg_catalog.sum(u.lc)::bigint AS lc,
		       pg_catalog.sum(u.hf)::bigint AS hf, pg_catalog.sum(u.hc)::bigint AS hc,
		       pg_catalog.sum(u.hr)::bigint AS hr, pg_catalog.sum(u.dp)::bigint AS dp
		  FROM (SELECT taxpayer_key, owners, rep, fa_base AS lf, cpt_base AS lc, 0 AS hf, 0 AS hc, 0 AS hr, 0 AS dp FROM pg_temp.fa_stage_land
		        UNION ALL
		        SELECT taxpayer_key, owners, rep, 0, 0, price, cpt_base, reduction, 0 FROM pg_temp.fa_stage_house
		        UNION ALL
		        SELECT taxpayer_key, ARRAY[atena_no], atena_no, 0, 0, 0, 0, 0, dep_base FROM pg_temp.fa_stage_dep) u
		 GROUP BY u.taxpayer_key
	), x AS (
		SELECT t.*,
		       @extschema@.fa_category_tax(t.lf, t.lf, ex_land, rate.num, rate.den, base_unit) AS tl,
		       @extschema@.fa_category_tax(t.hf, t.hf, ex_house, rate.num, rate.den, base_unit) AS th,
		       @extschema@.fa_category_tax(t.dp, t.dp, ex_dep, rate.num, rate.den, base_unit) AS td,
		       @extschema@.fa_category_tax(t.lc, t.lf, ex_land, cpt.num, cpt.den, base_unit)
		         OPERATOR(pg_catalog.+) @extschema@.fa_category_tax(t.hc, t.hf, ex_house, cpt.num, cpt.den, base_unit) AS tc
		  FROM t
	)
	SELECT x.taxpayer_key, x.owners, x.rep, x.lf, x.hf, x.dp, x.lc, x.hc, x.tl, x.th, x.td,
	       LEAST(x.hr, x.th) AS reduction,
	       @extschema@.levy_truncate(x.tl OPERATOR(pg_catalog.+) x.th OPERATOR(pg_catalog.+) x.td
	           OPERATOR(pg_catalog.-) LEAST(x.hr, x.th), tax_unit) AS fa_total,
	       @extschema@.levy_truncate(x.tc, tax_unit) AS cpt_total
	  FROM x;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.fa_stage(@extschema@.lg_code, integer, text) IS 'internal: computes land, house, depreciable bases and taxes per taxpayer into temporary tables';

-- Writes object results and assessments (kind, version) for the staged
-- taxpayers in p_keys (NULL = all staged taxpayers without an assessment),
-- and their installments.  Returns the number of assessments written.
CREATE FUNCTION @extschema@.fa_write(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_kind text, p_reason text,
	p_decided_on date, p_assessment_no bigint DEFAULT NULL, p_version integer DEFAULT 1)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	due date[] := @extschema@.levy_due_dates(p_lg_code, p_fiscal_year, 'fixed_asset');
	statutory date := @extschema@.levy_statutory_due(p_lg_code, p_fiscal_year, 'fixed_asset');
	unit integer := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'fixed_asset_installment_unit')::integer;
	periods integer := pg_catalog.array_length(due, 1);
	n bigint;
BEGIN
	-- taxpayers the batch already levied are left alone (idempotent re-run);
	-- a correction (p_assessment_no given) writes its one taxpayer
	CREATE TEMP TABLE fa_write_skip ON COMMIT DROP AS
	SELECT s.taxpayer_key FROM pg_temp.fa_stage_tp s
	 WHERE p_assessment_no IS NULL
	   AND EXISTS (SELECT FROM @extschema@.fa_assessment a
	                WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	                  AND a.taxpayer_key OPERATOR(pg_catalog.=) s.taxpayer_key);

	-- object results (derived data: replaced for the objects written)
	DELETE FROM @extschema@.fa_land_result r USING pg_temp.fa_stage_land s
	 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND r.parcel_no OPERATOR(pg_catalog.=) s.parcel_no AND r.part_no OPERATOR(pg_catalog.=) s.part_no
	   AND NOT EXISTS (SELECT FROM pg_temp.fa_write_skip k WHERE k.taxpayer_key OPERATOR(pg_catalog.=) s.taxpayer_key);
	INSERT INTO @extschema@.fa_land_result (lg_code, fiscal_year, parcel_no, part_no, taxpayer_key, price, fa_base, cpt_base)
	SELECT p_lg_code, p_fiscal_year, s.parcel_no, s.part_no, s.taxpayer_key, s.price, s.fa_base, s.cpt_base
	  FROM pg_temp.fa_stage_land s
	 WHERE NOT EXISTS (SELECT FROM pg_temp.fa_write_skip k WHERE k.taxpayer_key OPERATOR(pg_catalog.=) s.taxpayer_key);
	DELETE FROM @extschema@.fa_house_result r USING pg_temp.fa_stage_house s
	 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND r.house_no OPERATOR(pg_catalog.=) s.house_no
	   AND NOT EXISTS (SELECT FROM pg_temp.fa_write_skip k WHERE k.taxpayer_key OPERATOR(pg_catalog.=) s.taxpayer_key);
	INSERT INTO @extschema@.fa_house_result (lg_code, fiscal_year, house_no, taxpayer_key, price, cpt_base, reduction)
	SELECT p_lg_code, p_fiscal_year, s.house_no, s.taxpayer_key, s.price, s.cpt_base, s.reduction
	  FROM pg_temp.fa_stage_house s
	 WHERE NOT EXISTS (SELECT FROM pg_temp.fa_write_skip k WHERE k.taxpayer_key OPERATOR(pg_catalog.=) s.taxpayer_key);

	CREATE TEMP TABLE fa_write_new ON COMMIT DROP AS
	SELECT coalesce(p_assessment_no, pg_catalog.nextval('@extschema@.fa_assessment_no_seq')) AS assessment_no, s.*
	  FROM pg_temp.fa_stage_tp s
	 WHERE (p_assessment_no IS NOT NULL OR s.fa_total OPERATOR(pg_catalog.+) s.cpt_total OPERATOR(pg_catalog.>) 0)
	   AND NOT EXISTS (SELECT FROM pg_temp.fa_write_skip k WHERE k.taxpayer_key OPERATOR(pg_catalog.=) s.taxpayer_key);
	INSERT INTO @extschema@.fa_assessment (lg_code, fiscal_year, assessment_no, version, kind, taxpayer_key, owner_atena_nos,
		atena_no, land_fa_base, house_fa_base, depreciable_base, land_cpt_base, house_cpt_base, fa_land_tax, fa_house_tax,
		fa_depreciable_tax, house_reduction, fa_total, cpt_total, total, statutory_due, reason, decided_on)
	SELECT p_lg_code, p_fiscal_year, w.assessment_no, p_version, p_kind, w.taxpayer_key, w.owners, w.rep,
	       w.lf, w.hf, w.dp, w.lc, w.hc, w.tl, w.th, w.td, w.reduction, w.fa_total, w.cpt_total,
	       w.fa_total OPERATOR(pg_catalog.+) w.cpt_total, statutory, p_reason, p_decided_on
	  FROM pg_temp.fa_write_new w;
	GET DIAGNOSTICS n = ROW_COUNT;
	-- the two taxes are levied and split together (法702条の8, 法20条の4の2⑥)
	INSERT INTO @extschema@.fa_installment (lg_code, fiscal_year, assessment_no, version, period, due_date, amount)
	SELECT p_lg_code, p_fiscal_year, w.assessment_no, p_version, k.period, due[k.period], k.amount
	  FROM pg_temp.fa_write_new w
	 CROSS JOIN LATERAL pg_catalog.unnest(@extschema@.split_installments(w.fa_total OPERATOR(pg_catalog.+) w.cpt_total, periods, unit))
	       WITH ORDINALITY AS k(amount, period);
	DROP TABLE pg_temp.fa_write_new, pg_temp.fa_write_skip;
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.fa_write(@extschema@.lg_code, integer, text, text, date, bigint, integer) IS 'internal: writes staged results, assessments and installments';

-- The annual fixed asset + city planning tax batch (賦課期日 1 January).
-- Idempotent: a taxpayer that already has an assessment for the year is
-- left alone, so a re-run creates nothing new and a run after new ledger
-- entries adds only the missing taxpayers (resumable).  One transaction: a
-- failed run leaves nothing.  A second concurrent run for the same
-- municipality and year is refused (55P03).
CREATE PROCEDURE @extschema@.levy_fixed_asset(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	INOUT taxpayers bigint DEFAULT NULL, INOUT created bigint DEFAULT NULL,
	INOUT already_levied bigint DEFAULT NULL, INOUT exempt bigint DEFAULT NULL)
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.levy_batch_lock('zeimu.levy_fixed_asset', p_lg_code, p_fiscal_year);
	-- a whole-city run joins every ledger row: hash joins, whatever the
	-- statistics of freshly loaded tables say (transaction-local)
	PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
	taxpayers := @extschema@.fa_stage(p_lg_code, p_fiscal_year);
	SELECT pg_catalog.count(*) FILTER (WHERE s.fa_total OPERATOR(pg_catalog.+) s.cpt_total OPERATOR(pg_catalog.=) 0),
	       pg_catalog.count(*) FILTER (WHERE EXISTS (SELECT FROM @extschema@.fa_assessment a
	           WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	             AND a.taxpayer_key OPERATOR(pg_catalog.=) s.taxpayer_key))
	  INTO exempt, already_levied
	  FROM pg_temp.fa_stage_tp s;
	created := @extschema@.fa_write(p_lg_code, p_fiscal_year, 'decision', NULL, CURRENT_DATE);
END
$$;
COMMENT ON PROCEDURE @extschema@.levy_fixed_asset(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint) IS 'annual fixed asset + city planning tax levy: idempotent, resumable, advisory-locked; returns counts';

-- The 更正 limit of 地方税法第17条の5: p_years after the 法定納期限.
CREATE FUNCTION @extschema@.levy_check_correction_period(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_statutory_due date,
	p_corrected_on date, p_extended boolean)
	RETURNS void
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	yrs bigint := @extschema@.levy_param_int(p_lg_code, p_fiscal_year,
		CASE WHEN p_extended THEN 'correction_years_extended' ELSE 'correction_years' END);
	last_day date := (p_statutory_due OPERATOR(pg_catalog.+) pg_catalog.make_interval(years => yrs::integer))::date;
BEGIN
	IF p_corrected_on IS NULL OR p_corrected_on OPERATOR(pg_catalog.>) last_day THEN
		RAISE EXCEPTION 'correction period has expired'
			USING ERRCODE = '55000',
			      DETAIL = pg_catalog.format('地方税法第17条の5: a correction is possible for %s years from the day after the statutory due date %s, i.e. until %s; correction date %s.',
			                                 yrs, p_statutory_due, last_day, p_corrected_on),
			      HINT = CASE WHEN p_extended THEN 'No correction is possible any more.'
			                  ELSE 'Only the cases 法17条の5 names (e.g. 偽りその他不正の行為) allow 7 years: pass extended => true with the reason.' END;
	END IF;
END
$$;

-- Everything a correction checks before it recomputes: a reason, a date not
-- before the decision it corrects, and the 法17条の5 period.
CREATE FUNCTION @extschema@.levy_check_correction(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_reason text,
	p_decided_on date, p_statutory_due date, p_corrected_on date, p_extended boolean)
	RETURNS void
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_reason IS NULL OR pg_catalog.btrim(p_reason) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'a correction needs a reason' USING ERRCODE = '22004';
	END IF;
	IF p_corrected_on OPERATOR(pg_catalog.<) p_decided_on THEN
		RAISE EXCEPTION 'correction date % is before the decision it corrects (%)', p_corrected_on, p_decided_on
			USING ERRCODE = '22023', HINT = 'Give the date of the correction decision.';
	END IF;
	PERFORM @extschema@.levy_check_correction_period(p_lg_code, p_fiscal_year, p_statutory_due, p_corrected_on, p_extended);
END
$$;

-- 更正: recomputes one fixed-asset assessment from the current ledger and
-- records it as a new version with reason, date and staff.
CREATE FUNCTION @extschema@.correct_fixed_asset(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_assessment_no bigint,
	p_reason text, p_corrected_on date DEFAULT CURRENT_DATE, p_extended boolean DEFAULT false)
	RETURNS integer
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cur record;
	n bigint;
BEGIN
	SELECT * INTO cur FROM @extschema@.fa_assessment_current a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND a.assessment_no OPERATOR(pg_catalog.=) p_assessment_no;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no fixed asset assessment % for % fiscal year %', p_assessment_no, p_lg_code, p_fiscal_year
			USING ERRCODE = 'P0002';
	END IF;
	PERFORM @extschema@.levy_check_correction(p_lg_code, p_fiscal_year, p_reason, cur.decided_on, cur.statutory_due,
		p_corrected_on, coalesce(p_extended, false));
	PERFORM @extschema@.levy_batch_lock('zeimu.levy_fixed_asset', p_lg_code, p_fiscal_year);
	PERFORM @extschema@.fa_stage(p_lg_code, p_fiscal_year, cur.taxpayer_key);
	IF NOT EXISTS (SELECT FROM pg_temp.fa_stage_tp) THEN
		-- the taxpayer owns nothing taxable any more: a correction to zero
		INSERT INTO pg_temp.fa_stage_tp
		SELECT cur.taxpayer_key, cur.owner_atena_nos, cur.atena_no, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0;
	END IF;
	n := @extschema@.fa_write(p_lg_code, p_fiscal_year, 'correction', p_reason, p_corrected_on, p_assessment_no,
		cur.version OPERATOR(pg_catalog.+) 1);
	RETURN cur.version OPERATOR(pg_catalog.+) 1;
END
$$;
COMMENT ON FUNCTION @extschema@.correct_fixed_asset(@extschema@.lg_code, integer, bigint, text, date, boolean) IS '更正: new version recomputed from the ledger; refused (55000) after the 法17条の5 period';

-- ---------------------------------------------------------------------------
-- Light vehicle tax (賦課期日 1 April): owners on 1 April; scrapped on
-- 2 April or later -> taxed for the whole year (no proration).
CREATE FUNCTION @extschema@.lv_stage(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_vehicle_id bigint DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	apr1 date := pg_catalog.make_date(@extschema@.levy_check_fy(p_fiscal_year), 4, 1);
	old_until integer := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'light_vehicle_old_until')::integer;
	heavy_years integer := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'light_vehicle_heavy_years')::integer;
	green_on boolean := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'light_vehicle_green') OPERATOR(pg_catalog.>) 0;
	unit bigint := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_amount_unit');
	n bigint;
BEGIN
	IF pg_catalog.to_regclass('pg_temp.lv_rates') IS NOT NULL THEN
		DROP TABLE pg_temp.lv_rates, pg_temp.lv_stage_v;
	END IF;
	CREATE TEMP TABLE lv_rates ON COMMIT DROP AS
	SELECT c.vehicle_class, c.inspection_based, k.kind, (@extschema@.light_vehicle_rate_of(p_lg_code, p_fiscal_year, c.vehicle_class, k.kind)).amount
	  FROM @extschema@.light_vehicle_class c
	 CROSS JOIN LATERAL pg_catalog.unnest(CASE WHEN c.inspection_based
	       THEN ARRAY['standard', 'old', 'heavy', 'green75', 'green50', 'green25'] ELSE ARRAY['standard'] END) k(kind)
	 WHERE c.lg_code OPERATOR(@extschema@.=) '000000'
	   AND EXISTS (SELECT FROM @extschema@.light_vehicle_rate r WHERE r.vehicle_class OPERATOR(pg_catalog.=) c.vehicle_class
	               AND r.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year);
	CREATE TEMP TABLE lv_stage_v ON COMMIT DROP AS
	WITH v AS (
		SELECT v.*, c.inspection_based,
		       coalesce(rd.reduction, 0) AS reduction,
		       @extschema@.light_vehicle_heavy_exempt(v.fuel, v.towed) AS heavy_exempt,
		       (v.first_inspection_year OPERATOR(pg_catalog.*) 100 OPERATOR(pg_catalog.+) coalesce(v.first_inspection_month, 12)) AS ym
		  FROM @extschema@.vehicle v
		  JOIN @extschema@.light_vehicle_class c ON c.lg_code OPERATOR(@extschema@.=) '000000' AND c.vehicle_class OPERATOR(pg_catalog.=) v.vehicle_class
		  LEFT JOIN @extschema@.vehicle_reduction rd ON rd.lg_code OPERATOR(@extschema@.=) v.lg_code
		   AND rd.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year AND rd.vehicle_id OPERATOR(pg_catalog.=) v.vehicle_id
		 WHERE v.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND v.acquired_on OPERATOR(pg_catalog.<=) apr1
		   AND (v.disposed_on IS NULL OR v.disposed_on OPERATOR(pg_catalog.>) apr1)
		   AND (p_vehicle_id IS NULL OR v.vehicle_id OPERATOR(pg_catalog.=) p_vehicle_id)
	)
	SELECT v.vehicle_id, v.atena_no, v.vehicle_class, v.reduction,
	       -- a 3/4-wheeler without a usable first inspection is not levied but reported
	       (v.inspection_based AND (v.first_inspection_year IS NULL OR v.ym OPERATOR(pg_catalog.>) (p_fiscal_year OPERATOR(pg_catalog.*) 100 OPERATOR(pg_catalog.+) 4)
	            OR (v.first_inspection_month IS NULL AND v.first_inspection_year OPERATOR(pg_catalog.>) 2003))) AS invalid,
	       v.inspection_based, coalesce(v.first_inspection_year, 0) AS y, coalesce(v.first_inspection_month, 0) AS m,
	       v.heavy_exempt, green_on AND v.green_level OPERATOR(pg_catalog.>) 0 AS green,
	       v.green_level,
	       s.amount AS a_std, coalesce(o.amount, 0) AS a_old, coalesce(h.amount, 0) AS a_heavy, coalesce(g.amount, 0) AS a_green
	  FROM v
	  JOIN pg_temp.lv_rates s ON s.vehicle_class OPERATOR(pg_catalog.=) v.vehicle_class AND s.kind OPERATOR(pg_catalog.=) 'standard'
	  LEFT JOIN pg_temp.lv_rates o ON o.vehicle_class OPERATOR(pg_catalog.=) v.vehicle_class AND o.kind OPERATOR(pg_catalog.=) 'old'
	  LEFT JOIN pg_temp.lv_rates h ON h.vehicle_class OPERATOR(pg_catalog.=) v.vehicle_class AND h.kind OPERATOR(pg_catalog.=) 'heavy'
	  LEFT JOIN pg_temp.lv_rates g ON g.vehicle_class OPERATOR(pg_catalog.=) v.vehicle_class
	   AND g.kind OPERATOR(pg_catalog.=) ('green' OPERATOR(pg_catalog.||) v.green_level::text);
	ALTER TABLE pg_temp.lv_stage_v ADD COLUMN rate_kind text, ADD COLUMN annual_rate bigint, ADD COLUMN tax bigint;
	UPDATE pg_temp.lv_stage_v x
	   SET rate_kind = (ARRAY['standard', 'old', 'heavy', 'green' OPERATOR(pg_catalog.||) x.green_level::text])
	           [@extschema@.lv_kernel_rate_kind(p_fiscal_year, x.inspection_based, x.y, x.m, old_until, heavy_years,
	             x.heavy_exempt, x.green AND x.a_green OPERATOR(pg_catalog.>) 0) OPERATOR(pg_catalog.+) 1],
	       tax = @extschema@.lv_kernel_tax(p_fiscal_year, x.inspection_based, x.y, x.m, old_until, heavy_years,
	             x.heavy_exempt, x.green, x.a_std, x.a_old, x.a_heavy, x.a_green,
	             (x.reduction OPERATOR(pg_catalog.*) 10000)::bigint, 10000, unit)
	 WHERE NOT x.invalid;
	UPDATE pg_temp.lv_stage_v x
	   SET annual_rate = CASE x.rate_kind WHEN 'old' THEN x.a_old WHEN 'heavy' THEN x.a_heavy WHEN 'standard' THEN x.a_std ELSE x.a_green END
	 WHERE NOT x.invalid;
	SELECT pg_catalog.count(*) INTO n FROM pg_temp.lv_stage_v;
	RETURN n;
END
$$;

CREATE FUNCTION @extschema@.lv_write(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_kind text, p_reason text,
	p_decided_on date, p_version integer DEFAULT 1)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	due date[] := @extschema@.levy_due_dates(p_lg_code, p_fiscal_year, 'light_vehicle');
	statutory date := @extschema@.levy_statutory_due(p_lg_code, p_fiscal_year, 'light_vehicle');
	unit integer := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'light_vehicle_installment_unit')::integer;
	n bigint;
BEGIN
	CREATE TEMP TABLE lv_write_new ON COMMIT DROP AS
	SELECT s.* FROM pg_temp.lv_stage_v s
	 WHERE NOT s.invalid
	   AND (p_version OPERATOR(pg_catalog.>) 1 OR NOT EXISTS (SELECT FROM @extschema@.lv_assessment a
	        WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	          AND a.vehicle_id OPERATOR(pg_catalog.=) s.vehicle_id));
	INSERT INTO @extschema@.lv_assessment (lg_code, fiscal_year, vehicle_id, version, kind, atena_no, vehicle_class,
		rate_kind, annual_rate, reduction, tax, statutory_due, reason, decided_on)
	SELECT p_lg_code, p_fiscal_year, w.vehicle_id, p_version, p_kind, w.atena_no, w.vehicle_class, w.rate_kind,
	       w.annual_rate, w.reduction, w.tax, statutory, p_reason, p_decided_on
	  FROM pg_temp.lv_write_new w;
	GET DIAGNOSTICS n = ROW_COUNT;
	INSERT INTO @extschema@.lv_installment (lg_code, fiscal_year, vehicle_id, version, period, due_date, amount)
	SELECT p_lg_code, p_fiscal_year, w.vehicle_id, p_version, k.period, due[k.period], k.amount
	  FROM pg_temp.lv_write_new w
	 CROSS JOIN LATERAL pg_catalog.unnest(@extschema@.split_installments(w.tax, pg_catalog.array_length(due, 1), unit))
	       WITH ORDINALITY AS k(amount, period)
	 WHERE w.tax OPERATOR(pg_catalog.>) 0;
	DROP TABLE pg_temp.lv_write_new;
	RETURN n;
END
$$;

-- The annual light vehicle tax batch (賦課期日 1 April, 法463条の19 area):
-- idempotent, resumable, advisory-locked, one transaction.  Vehicles whose
-- first inspection is missing or after 1 April are not levied and counted
-- in invalid (list them with zeimu.lv_invalid_vehicles).
CREATE PROCEDURE @extschema@.levy_light_vehicle(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	INOUT vehicles bigint DEFAULT NULL, INOUT created bigint DEFAULT NULL,
	INOUT already_levied bigint DEFAULT NULL, INOUT invalid bigint DEFAULT NULL)
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.levy_batch_lock('zeimu.levy_light_vehicle', p_lg_code, p_fiscal_year);
	PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
	vehicles := @extschema@.lv_stage(p_lg_code, p_fiscal_year);
	SELECT pg_catalog.count(*) FILTER (WHERE s.invalid),
	       pg_catalog.count(*) FILTER (WHERE EXISTS (SELECT FROM @extschema@.lv_assessment a
	           WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	             AND a.vehicle_id OPERATOR(pg_catalog.=) s.vehicle_id))
	  INTO invalid, already_levied
	  FROM pg_temp.lv_stage_v s;
	created := @extschema@.lv_write(p_lg_code, p_fiscal_year, 'decision', NULL, CURRENT_DATE);
END
$$;
COMMENT ON PROCEDURE @extschema@.levy_light_vehicle(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint) IS 'annual light vehicle tax levy: idempotent, resumable, advisory-locked; returns counts';

CREATE FUNCTION @extschema@.correct_light_vehicle(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_vehicle_id bigint,
	p_reason text, p_corrected_on date DEFAULT CURRENT_DATE, p_extended boolean DEFAULT false)
	RETURNS integer
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cur record;
BEGIN
	SELECT * INTO cur FROM @extschema@.lv_assessment_current a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND a.vehicle_id OPERATOR(pg_catalog.=) p_vehicle_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no light vehicle assessment for vehicle % in % fiscal year %', p_vehicle_id, p_lg_code, p_fiscal_year
			USING ERRCODE = 'P0002';
	END IF;
	PERFORM @extschema@.levy_check_correction(p_lg_code, p_fiscal_year, p_reason, cur.decided_on, cur.statutory_due,
		p_corrected_on, coalesce(p_extended, false));
	PERFORM @extschema@.levy_batch_lock('zeimu.levy_light_vehicle', p_lg_code, p_fiscal_year);
	PERFORM @extschema@.lv_stage(p_lg_code, p_fiscal_year, p_vehicle_id);
	IF NOT EXISTS (SELECT FROM pg_temp.lv_stage_v WHERE NOT invalid) THEN
		RAISE EXCEPTION 'vehicle % is not taxable in fiscal year % with the current ledger', p_vehicle_id, p_fiscal_year
			USING ERRCODE = '22023', HINT = 'Check its acquisition, disposal and first inspection.';
	END IF;
	PERFORM @extschema@.lv_write(p_lg_code, p_fiscal_year, 'correction', p_reason, p_corrected_on, cur.version OPERATOR(pg_catalog.+) 1);
	RETURN cur.version OPERATOR(pg_catalog.+) 1;
END
$$;
COMMENT ON FUNCTION @extschema@.correct_light_vehicle(@extschema@.lg_code, integer, bigint, text, date, boolean) IS '更正 of a light vehicle assessment: new version; refused (55000) after the 法17条の5 period';
