-- levy (property): C kernels of the fixed asset and city planning taxes and
-- their SQL wrappers.  The wrappers resolve the municipality's parameters
-- (300_levy_params.sql) and pass the figures to the kernels
-- (src/levy_property.c, src/installments.c).  doc/levy-property-vehicle.md.

-- ---------------------------------------------------------------------------
-- Kernels: pure integer arithmetic on figures passed in.  Areas are in
-- hundredths of a square metre; ratios are num, den pairs.
CREATE FUNCTION @extschema@.fa_land_principal(price bigint, area_c bigint, small_c bigint, general_c bigint,
	small_num bigint, small_den bigint, general_num bigint, general_den bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'fa_land_principal' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fa_land_principal(bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint) IS 'kernel: 本則課税標準額 of a parcel part (法349条の3の2, 702条の3)';
CREATE FUNCTION @extschema@.fa_land_adjusted(principal bigint, prev_base bigint, residential boolean,
	res_inc_num bigint, res_inc_den bigint, res_floor_num bigint, res_floor_den bigint,
	comm_cap_num bigint, comm_cap_den bigint, comm_hold_num bigint, comm_hold_den bigint,
	comm_inc_num bigint, comm_inc_den bigint, comm_floor_num bigint, comm_floor_den bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'fa_land_adjusted' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fa_land_adjusted(bigint, bigint, boolean, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint) IS 'kernel: 課税標準額 after the 負担調整措置 (法附則18条)';
CREATE FUNCTION @extschema@.fa_land_base(price bigint, area_c bigint, small_c bigint, general_c bigint, prev_base bigint,
	small_num bigint, small_den bigint, general_num bigint, general_den bigint,
	res_inc_num bigint, res_inc_den bigint, res_floor_num bigint, res_floor_den bigint,
	comm_cap_num bigint, comm_cap_den bigint, comm_hold_num bigint, comm_hold_den bigint,
	comm_inc_num bigint, comm_inc_den bigint, comm_floor_num bigint, comm_floor_den bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'fa_land_base' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fa_land_base(bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint) IS 'kernel: fa_land_principal and fa_land_adjusted in one call';
CREATE FUNCTION @extschema@.fa_house_reduction(base bigint, rate_num bigint, rate_den bigint,
	floor_area_c bigint, residential_area_c bigint, year_index integer, years integer,
	area_min_c bigint, area_max_c bigint, area_cap_c bigint, ratio_num bigint, ratio_den bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'fa_house_reduction' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fa_house_reduction(bigint, bigint, bigint, bigint, bigint, integer, integer, bigint, bigint, bigint, bigint, bigint) IS 'kernel: 新築住宅の減額 in yen (法附則15条の6)';
CREATE FUNCTION @extschema@.fa_depreciable_value(cost bigint, elapsed integer, rate_milli integer,
	floor_num bigint, floor_den bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'fa_depreciable_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fa_depreciable_value(bigint, integer, integer, bigint, bigint) IS 'kernel: 償却資産 評価額 (固定資産評価基準 第3章)';
CREATE FUNCTION @extschema@.fa_category_tax(base bigint, threshold_base bigint, threshold bigint,
	rate_num bigint, rate_den bigint, base_unit bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'fa_category_tax' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fa_category_tax(bigint, bigint, bigint, bigint, bigint, bigint) IS 'kernel: 算出税額 of one category after the 免税点 (法351条) and the ¥1,000 base truncation (法20条の4の2①)';
CREATE FUNCTION @extschema@.levy_truncate(amount bigint, unit bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'levy_truncate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.levy_truncate(bigint, bigint) IS 'amount truncated to a multiple of unit (法20条の4の2③: ¥100)';
CREATE FUNCTION @extschema@.split_installments(total bigint, periods integer, unit integer DEFAULT 1000) RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'split_installments' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.split_installments(bigint, integer, integer) IS 'installments per 地方税法第20条の4の2第6項: each = floor(total/periods) to the unit, the rest in the first';

-- ---------------------------------------------------------------------------
-- Helpers.

-- An area in ㎡ (at most two decimals, not negative) as hundredths.
CREATE FUNCTION @extschema@.levy_area_c(p_area numeric, p_what text)
	RETURNS bigint
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_area IS NULL THEN
		RAISE EXCEPTION '% is required', p_what USING ERRCODE = '22004';
	END IF;
	IF p_area OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION '% must not be negative', p_what
			USING ERRCODE = '22023', DETAIL = pg_catalog.format('Got %s ㎡.', p_area),
			      HINT = 'Correct the area in the ledger.';
	END IF;
	IF p_area OPERATOR(pg_catalog.<>) pg_catalog.round(p_area, 2) THEN
		RAISE EXCEPTION '% has more than two decimals', p_what
			USING ERRCODE = '22023', DETAIL = pg_catalog.format('Got %s ㎡.', p_area),
			      HINT = 'Areas are recorded in ㎡ to 0.01 ㎡ as in the land register.';
	END IF;
	RETURN (p_area OPERATOR(pg_catalog.*) 100)::bigint;
END
$$;

-- Rejects NULL or negative money.
CREATE FUNCTION @extschema@.levy_check_amount(p_amount bigint, p_what text)
	RETURNS bigint
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_amount IS NULL THEN
		RAISE EXCEPTION '% is required', p_what USING ERRCODE = '22004';
	END IF;
	IF p_amount OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION '% must not be negative', p_what
			USING ERRCODE = '22023', DETAIL = pg_catalog.format('Got %s yen.', p_amount),
			      HINT = 'Correct the ledger value before computing the tax.';
	END IF;
	RETURN p_amount;
END
$$;

-- The first fiscal year in which an asset acquired (or a house completed) on
-- day d is taxed: the 賦課期日 is 1 January (法359条), so anything held on
-- 1 January of Y is taxed in Y; acquired 2 January Y-1 .. 1 January Y
-- -> first year Y.
CREATE FUNCTION @extschema@.fa_first_fiscal_year(p_date date)
	RETURNS integer
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.date_part('year', p_date OPERATOR(pg_catalog.-) 1)::integer OPERATOR(pg_catalog.+) 1
$$;
COMMENT ON FUNCTION @extschema@.fa_first_fiscal_year(date) IS 'first fiscal year an asset acquired on the date is taxed (賦課期日 1 January, 法359条)';

CREATE FUNCTION @extschema@.levy_check_fy(p_fiscal_year integer)
	RETURNS integer
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_fiscal_year IS NULL THEN
		RAISE EXCEPTION 'fiscal year is required' USING ERRCODE = '22004';
	END IF;
	IF p_fiscal_year NOT BETWEEN 1950 AND 2200 THEN
		RAISE EXCEPTION 'fiscal year % is out of range', p_fiscal_year
			USING ERRCODE = '22023', HINT = 'Give the fiscal year as a Western year, e.g. 2026 for 令和8年度.';
	END IF;
	RETURN p_fiscal_year;
END
$$;

-- ---------------------------------------------------------------------------
-- Wrappers.

-- The burden-adjustment parameters (法附則18条) as the twelve numbers
-- fa_land_adjusted takes after (principal, prev, residential):
-- res increment, res floor, comm cap, comm hold, comm increment, comm floor,
-- each as num, den.
CREATE FUNCTION @extschema@.fa_burden_params(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS bigint[]
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.array_agg(x.v ORDER BY n.o, x.k)
	  FROM pg_catalog.unnest(ARRAY['burden_res_increment', 'burden_res_floor', 'burden_comm_cap', 'burden_comm_hold',
	                               'burden_comm_increment', 'burden_comm_floor']) WITH ORDINALITY AS n(name, o)
	 CROSS JOIN LATERAL @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, n.name) f
	 CROSS JOIN LATERAL (VALUES (1, f.num), (2, f.den)) AS x(k, v)
$$;

-- 課税標準額 of one parcel part for the fixed asset tax ('fixed_asset') or
-- the city planning tax ('city_planning'): 本則 with the 住宅用地の特例, then
-- the 負担調整措置 against the previous year's 課税標準額 of the same tax.
-- A part with small + general residential area 0 is 商業地等 (非住宅用地);
-- otherwise small + general must equal the area (see land_residential_split).
CREATE FUNCTION @extschema@.land_tax_base(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_tax text,
	p_price bigint, p_prev_base bigint, p_area numeric,
	p_small_residential_area numeric DEFAULT 0, p_general_residential_area numeric DEFAULT 0)
	RETURNS bigint
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	sr record; gr record;
	b bigint[];
	area_c bigint := @extschema@.levy_area_c(p_area, 'land area');
	small_c bigint := @extschema@.levy_area_c(p_small_residential_area, 'small residential area');
	general_c bigint := @extschema@.levy_area_c(p_general_residential_area, 'general residential area');
BEGIN
	PERFORM @extschema@.levy_check_fy(p_fiscal_year);
	PERFORM @extschema@.levy_check_amount(p_price, 'land price');
	PERFORM @extschema@.levy_check_amount(p_prev_base, 'previous year''s tax base');
	IF p_tax IS NULL OR NOT (p_tax OPERATOR(pg_catalog.=) ANY (ARRAY['fixed_asset', 'city_planning'])) THEN
		RAISE EXCEPTION 'unknown tax "%"', p_tax
			USING ERRCODE = '22023', HINT = 'Use ''fixed_asset'' or ''city_planning''.';
	END IF;
	sr := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'res_small_ratio_' OPERATOR(pg_catalog.||) p_tax);
	gr := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'res_general_ratio_' OPERATOR(pg_catalog.||) p_tax);
	b := @extschema@.fa_burden_params(p_lg_code, p_fiscal_year);
	RETURN @extschema@.fa_land_base(p_price, area_c, small_c, general_c, p_prev_base, sr.num, sr.den, gr.num, gr.den,
		b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12]);
END
$$;
COMMENT ON FUNCTION @extschema@.land_tax_base(@extschema@.lg_code, integer, text, bigint, bigint, numeric, numeric, numeric) IS '課税標準額 of a parcel part for fixed_asset or city_planning: 住宅用地の特例 and 負担調整 (法349条の3の2, 702条の3, 附則18条)';

-- How much of a parcel is 小規模住宅用地, 一般住宅用地 and 非住宅用地: the
-- residential land is at most floor area x 10 (令52条の11); of it, 200 ㎡ per
-- dwelling is small (法349条の3の2第2項), the rest general.
CREATE FUNCTION @extschema@.land_residential_split(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_area numeric, p_dwellings integer, p_house_floor_area numeric,
	OUT small_residential_area numeric, OUT general_residential_area numeric, OUT non_residential_area numeric)
	RETURNS record
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	per_dwelling bigint := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'res_small_area_per_dwelling');
	multiple bigint := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'res_land_floor_multiple');
	res numeric;
BEGIN
	PERFORM @extschema@.levy_area_c(p_area, 'land area');
	PERFORM @extschema@.levy_area_c(p_house_floor_area, 'house floor area');
	IF p_dwellings IS NULL OR p_dwellings OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION 'number of dwellings must be given and not negative'
			USING ERRCODE = '22023', HINT = 'Give 0 for land without a house.';
	END IF;
	res := LEAST(p_area, p_house_floor_area OPERATOR(pg_catalog.*) multiple);
	IF p_dwellings OPERATOR(pg_catalog.=) 0 THEN
		res := 0;
	END IF;
	small_residential_area := LEAST(res, per_dwelling OPERATOR(pg_catalog.*) p_dwellings);
	general_residential_area := res OPERATOR(pg_catalog.-) small_residential_area;
	non_residential_area := p_area OPERATOR(pg_catalog.-) res;
END
$$;
COMMENT ON FUNCTION @extschema@.land_residential_split(@extschema@.lg_code, integer, numeric, integer, numeric) IS 'splits a parcel into small / general residential and non-residential area (法349条の3の2, 令52条の11)';

-- 新築住宅の減額 of one house in yen for the fixed asset tax.
CREATE FUNCTION @extschema@.house_new_reduction(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_base bigint,
	p_floor_area numeric, p_residential_area numeric, p_built_on date,
	p_fireproof_3storey boolean DEFAULT false)
	RETURNS bigint
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	fa_c bigint := @extschema@.levy_area_c(p_floor_area, 'house floor area');
	ra_c bigint := @extschema@.levy_area_c(p_residential_area, 'residential floor area');
	rate record; ratio record;
	built_by bigint;
	first_fy integer;
BEGIN
	PERFORM @extschema@.levy_check_fy(p_fiscal_year);
	PERFORM @extschema@.levy_check_amount(p_base, 'house tax base');
	IF p_built_on IS NULL THEN
		RAISE EXCEPTION 'construction date is required' USING ERRCODE = '22004';
	END IF;
	first_fy := @extschema@.fa_first_fiscal_year(p_built_on);
	IF first_fy OPERATOR(pg_catalog.>) p_fiscal_year THEN
		RAISE EXCEPTION 'house completed after the assessment date of fiscal year %', p_fiscal_year
			USING ERRCODE = '22023',
			      DETAIL = pg_catalog.format('Completed %s; the 賦課期日 is 1 January %s.', p_built_on, p_fiscal_year),
			      HINT = 'A house is first taxed in the fiscal year after its first 1 January.';
	END IF;
	built_by := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'new_house_built_by');
	IF pg_catalog.to_char(p_built_on, 'YYYYMMDD')::bigint OPERATOR(pg_catalog.>) built_by THEN
		RETURN 0;
	END IF;
	rate := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'fixed_asset_rate');
	ratio := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'new_house_ratio');
	RETURN @extschema@.fa_house_reduction(p_base, rate.num, rate.den, fa_c, ra_c,
		p_fiscal_year OPERATOR(pg_catalog.-) first_fy OPERATOR(pg_catalog.+) 1,
		(@extschema@.levy_param(p_lg_code, p_fiscal_year,
			CASE WHEN coalesce(p_fireproof_3storey, false) THEN 'new_house_years_fireproof' ELSE 'new_house_years' END))::integer,
		(@extschema@.levy_param(p_lg_code, p_fiscal_year, 'new_house_area_min') OPERATOR(pg_catalog.*) 100)::bigint,
		(@extschema@.levy_param(p_lg_code, p_fiscal_year, 'new_house_area_max') OPERATOR(pg_catalog.*) 100)::bigint,
		(@extschema@.levy_param(p_lg_code, p_fiscal_year, 'new_house_area_cap') OPERATOR(pg_catalog.*) 100)::bigint,
		ratio.num, ratio.den);
END
$$;
COMMENT ON FUNCTION @extschema@.house_new_reduction(@extschema@.lg_code, integer, bigint, numeric, numeric, date, boolean) IS '新築住宅の減額 in yen (法附則15条の6): 税額 x min(居住部分,120㎡)/床面積 x 1/2 for 3 (5) years';

-- The 減価率 of a useful life for a municipality and year.
CREATE FUNCTION @extschema@.depreciation_rate_of(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_useful_life integer)
	RETURNS numeric
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r numeric;
BEGIN
	SELECT d.rate INTO r
	  FROM @extschema@.depreciation_rate d
	 WHERE d.lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'])
	   AND d.useful_life OPERATOR(pg_catalog.=) p_useful_life
	   AND d.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	 ORDER BY (d.lg_code OPERATOR(@extschema@.=) '000000'), d.from_fy DESC
	 LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no depreciation rate for a useful life of % years in fiscal year %', p_useful_life, p_fiscal_year
			USING ERRCODE = '22023',
			      HINT = 'Useful lives 2 to 50 years are seeded (固定資産評価基準 別表第15); check the asset line.';
	END IF;
	RETURN r;
END
$$;

-- 評価額 of one depreciable asset line for fiscal year Y.
CREATE FUNCTION @extschema@.depreciable_value(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_cost bigint,
	p_acquired_on date, p_useful_life integer)
	RETURNS bigint
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	f record;
	elapsed integer;
BEGIN
	PERFORM @extschema@.levy_check_fy(p_fiscal_year);
	PERFORM @extschema@.levy_check_amount(p_cost, 'acquisition cost');
	IF p_acquired_on IS NULL OR p_useful_life IS NULL THEN
		RAISE EXCEPTION 'acquisition date and useful life are required' USING ERRCODE = '22004';
	END IF;
	elapsed := p_fiscal_year OPERATOR(pg_catalog.-) @extschema@.fa_first_fiscal_year(p_acquired_on) OPERATOR(pg_catalog.+) 1;
	IF elapsed OPERATOR(pg_catalog.<) 1 THEN
		RAISE EXCEPTION 'asset acquired after the assessment date of fiscal year %', p_fiscal_year
			USING ERRCODE = '22023',
			      DETAIL = pg_catalog.format('Acquired %s; the 賦課期日 is 1 January %s.', p_acquired_on, p_fiscal_year),
			      HINT = 'Declare the asset for the next fiscal year.';
	END IF;
	f := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'depreciable_floor');
	RETURN @extschema@.fa_depreciable_value(p_cost, elapsed,
		(@extschema@.depreciation_rate_of(p_lg_code, p_fiscal_year, p_useful_life) OPERATOR(pg_catalog.*) 1000)::integer,
		f.num, f.den);
END
$$;
COMMENT ON FUNCTION @extschema@.depreciable_value(@extschema@.lg_code, integer, bigint, date, integer) IS '償却資産 評価額: cost x (1-r/2), then x (1-r) yearly, yen-truncated, floor 5% of cost';

-- The fixed asset tax of one taxpayer from the totals of the three
-- categories.  Each category: zero below its 免税点 (法351条), else the total
-- truncated to ¥1,000 (法20条の4の2①) x rate (法350条), truncated to the yen.
-- The 確定金額 is the sum less the new-house reductions (at most the house
-- tax), truncated to ¥100 (法20条の4の2③).
CREATE FUNCTION @extschema@.fixed_asset_tax(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_land_base bigint, p_house_base bigint, p_depreciable_base bigint, p_house_reduction bigint DEFAULT 0,
	OUT land_tax bigint, OUT house_tax bigint, OUT depreciable_tax bigint, OUT reduction bigint, OUT total bigint)
	RETURNS record
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rate record;
	unit bigint;
BEGIN
	PERFORM @extschema@.levy_check_fy(p_fiscal_year);
	PERFORM @extschema@.levy_check_amount(p_land_base, 'land tax base');
	PERFORM @extschema@.levy_check_amount(p_house_base, 'house tax base');
	PERFORM @extschema@.levy_check_amount(p_depreciable_base, 'depreciable asset tax base');
	PERFORM @extschema@.levy_check_amount(p_house_reduction, 'new house reduction');
	rate := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'fixed_asset_rate');
	unit := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_base_unit');
	land_tax := @extschema@.fa_category_tax(p_land_base, p_land_base,
		@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_land'), rate.num, rate.den, unit);
	house_tax := @extschema@.fa_category_tax(p_house_base, p_house_base,
		@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_house'), rate.num, rate.den, unit);
	depreciable_tax := @extschema@.fa_category_tax(p_depreciable_base, p_depreciable_base,
		@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_depreciable'), rate.num, rate.den, unit);
	reduction := LEAST(p_house_reduction, house_tax);
	total := @extschema@.levy_truncate(land_tax OPERATOR(pg_catalog.+) house_tax OPERATOR(pg_catalog.+) depreciable_tax
		OPERATOR(pg_catalog.-) reduction,
		@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_amount_unit'));
END
$$;
COMMENT ON FUNCTION @extschema@.fixed_asset_tax(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint) IS 'fixed asset tax of one taxpayer: 免税点 per category, ¥1,000 base truncation, rate, less reductions, ¥100 truncation';

-- The city planning tax of one taxpayer (land and houses only, 法702条).  It
-- is not levied on a category the fixed asset tax exempts by 免税点
-- (法702条第3項), so the thresholds are judged on the fixed asset tax bases.
CREATE FUNCTION @extschema@.city_planning_tax(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_land_base bigint, p_house_base bigint, p_fa_land_base bigint, p_fa_house_base bigint,
	OUT land_tax bigint, OUT house_tax bigint, OUT total bigint)
	RETURNS record
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rate record;
	unit bigint;
BEGIN
	PERFORM @extschema@.levy_check_fy(p_fiscal_year);
	PERFORM @extschema@.levy_check_amount(p_land_base, 'land tax base');
	PERFORM @extschema@.levy_check_amount(p_house_base, 'house tax base');
	PERFORM @extschema@.levy_check_amount(p_fa_land_base, 'fixed asset land tax base');
	PERFORM @extschema@.levy_check_amount(p_fa_house_base, 'fixed asset house tax base');
	rate := @extschema@.levy_param_frac(p_lg_code, p_fiscal_year, 'city_planning_rate');
	unit := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_base_unit');
	land_tax := @extschema@.fa_category_tax(p_land_base, p_fa_land_base,
		@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_land'), rate.num, rate.den, unit);
	house_tax := @extschema@.fa_category_tax(p_house_base, p_fa_house_base,
		@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'exemption_house'), rate.num, rate.den, unit);
	total := @extschema@.levy_truncate(land_tax OPERATOR(pg_catalog.+) house_tax,
		@extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_amount_unit'));
END
$$;
COMMENT ON FUNCTION @extschema@.city_planning_tax(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint) IS 'city planning tax of one taxpayer (法702条の4 rate set by ordinance; 免税点 follows the fixed asset tax)';

-- ---------------------------------------------------------------------------
-- Due dates and installment plans.

-- The due date moved past closing days (地方税法第20条の5第2項): the one
-- place levies shift a due date.  It asks the calendar module: the
-- municipality's own closing days count when lg_code is given, otherwise the
-- national standard (weekends, holidays, 12/29-1/3).
CREATE FUNCTION @extschema@.levy_due_date(p_date date, p_lg_code @extschema@.lg_code DEFAULT NULL)
	RETURNS date
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN p_lg_code IS NULL OR p_lg_code OPERATOR(@extschema@.=) '000000'
	            THEN @extschema@.next_open_day(p_date)
	            ELSE @extschema@.next_open_day(p_date, p_lg_code::@extschema@.lg_code) END
$$;
COMMENT ON FUNCTION @extschema@.levy_due_date(date, @extschema@.lg_code) IS 'due date moved to the next open day of the municipality (法20条の5②, calendar module)';

-- The ordinance due date of one schedule row for fiscal year Y (day 31 =
-- the last day of the month), before shifting.
CREATE FUNCTION @extschema@.installment_nominal_date(p_fiscal_year integer, p_month integer, p_day integer, p_year_offset integer)
	RETURNS date
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.make_date(p_fiscal_year OPERATOR(pg_catalog.+) p_year_offset, p_month, 1)
	       OPERATOR(pg_catalog.+) (LEAST(p_day,
	           pg_catalog.date_part('day', (pg_catalog.make_date(p_fiscal_year OPERATOR(pg_catalog.+) p_year_offset, p_month, 1)
	               OPERATOR(pg_catalog.+) interval '1 month' OPERATOR(pg_catalog.-) interval '1 day'))::integer)
	           OPERATOR(pg_catalog.-) 1)
$$;

-- The installments of a 確定金額 for a levy: periods and due dates from the
-- schedule in force, amounts by split_installments with the municipality's
-- unit (parameter <tax>_installment_unit).
CREATE FUNCTION @extschema@.installment_plan(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_tax text, p_total bigint)
	RETURNS TABLE (period integer, nominal_due date, due_date date, amount bigint)
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n integer;
	amounts bigint[];
	unit bigint;
BEGIN
	PERFORM @extschema@.levy_check_fy(p_fiscal_year);
	PERFORM @extschema@.levy_check_amount(p_total, 'tax amount');
	IF p_tax IS NULL OR NOT (p_tax OPERATOR(pg_catalog.=) ANY (ARRAY['fixed_asset', 'light_vehicle'])) THEN
		RAISE EXCEPTION 'unknown levy "%"', p_tax
			USING ERRCODE = '22023', HINT = 'Use ''fixed_asset'' or ''light_vehicle''.';
	END IF;
	SELECT pg_catalog.count(*) INTO n FROM @extschema@.installment_schedule_for(p_lg_code, p_fiscal_year, p_tax);
	IF n OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION 'no installment schedule for % in fiscal year %', p_tax, p_fiscal_year
			USING ERRCODE = 'P0002', HINT = 'Insert the ordinance due dates into zeimu.installment_schedule.';
	END IF;
	unit := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, p_tax OPERATOR(pg_catalog.||) '_installment_unit');
	amounts := @extschema@.split_installments(p_total, n, unit::integer);
	RETURN QUERY
	SELECT s.period, @extschema@.installment_nominal_date(p_fiscal_year, s.due_month, s.due_day, s.year_offset),
	       @extschema@.levy_due_date(@extschema@.installment_nominal_date(p_fiscal_year, s.due_month, s.due_day, s.year_offset), p_lg_code),
	       amounts[s.period]
	  FROM @extschema@.installment_schedule_for(p_lg_code, p_fiscal_year, p_tax) s
	 ORDER BY s.period;
END
$$;
COMMENT ON FUNCTION @extschema@.installment_plan(@extschema@.lg_code, integer, text, bigint) IS 'installments of a tax amount: ordinance due dates moved to the next open day, amounts per 法20条の4の2⑥';
