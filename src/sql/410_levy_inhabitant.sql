-- levy-inhabitant: the individual inhabitant tax computation (doc/levy-inhabitant.md).
-- The C kernels take a parameter bundle built from the parameter tables, so the
-- kernels stay pure and a batch builds the bundle once.

CREATE FUNCTION @extschema@.inhabitant_tax_params(p_fiscal_year integer, p_lg_code @extschema@.lg_code) RETURNS jsonb
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_s jsonb;
	v_b jsonb;
	v_bad text;
BEGIN
	IF p_fiscal_year IS NULL OR p_fiscal_year < 2021 OR p_fiscal_year > 2100 THEN
		RAISE EXCEPTION 'fiscal year % is not supported by the inhabitant tax', p_fiscal_year
			USING ERRCODE = '22023',
			      DETAIL = 'Parameters are seeded from 令和3年度 (2021).',
			      HINT = 'Give the 年度 as a Western year, e.g. 2025 for 令和7年度.';
	END IF;
	IF p_lg_code IS NULL THEN
		RAISE EXCEPTION 'lg_code must not be null' USING ERRCODE = '22004',
			HINT = 'Give the municipality''s 全国地方公共団体コード, or 000000 for the national standard.';
	END IF;

	-- Scalars: the municipality's own row wins over the national one; the
	-- newest fy_from not after the fiscal year wins within each.
	SELECT pg_catalog.jsonb_object_agg(name, micro::bigint),
	       pg_catalog.min(name) FILTER (WHERE micro <> pg_catalog.trunc(micro))
	  INTO v_s, v_bad
	  FROM (SELECT DISTINCT ON (name) name, value * 1000000 AS micro
	          FROM @extschema@.inhabitant_param
	         WHERE (lg_code OPERATOR(@extschema@.=) p_lg_code OR lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	           AND fy_from <= p_fiscal_year
	         ORDER BY name, lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code, fy_from DESC) x;
	IF v_bad IS NOT NULL THEN
		RAISE EXCEPTION 'inhabitant tax parameter "%" has more than 6 decimals', v_bad
			USING ERRCODE = '22023';
	END IF;

	-- Band sets: the whole set comes from one (lg_code, fy_from).
	WITH src AS (
		SELECT DISTINCT ON (band_set) band_set, lg_code, fy_from
		  FROM @extschema@.inhabitant_band
		 WHERE (lg_code OPERATOR(@extschema@.=) p_lg_code OR lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
		   AND fy_from <= p_fiscal_year
		 ORDER BY band_set, lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code, fy_from DESC
	)
	SELECT pg_catalog.jsonb_object_agg(k, rows),
	       pg_catalog.min(k) FILTER (WHERE bad)
	  INTO v_b, v_bad
	  FROM (SELECT b.band_set || ':' || b.variant AS k,
	               pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(b.upto, b.unit, pg_catalog.round(b.rate * 1000000)::bigint, b.addend)
	                                    ORDER BY b.seq) AS rows,
	               pg_catalog.bool_or(b.rate * 1000000 <> pg_catalog.trunc(b.rate * 1000000)) AS bad
	          FROM @extschema@.inhabitant_band b
	          JOIN src ON src.band_set = b.band_set AND src.lg_code OPERATOR(@extschema@.=) b.lg_code AND src.fy_from = b.fy_from
	         GROUP BY 1) y;
	IF v_bad IS NOT NULL THEN
		RAISE EXCEPTION 'inhabitant tax band set "%" has a rate with more than 6 decimals', v_bad
			USING ERRCODE = '22023';
	END IF;
	RETURN pg_catalog.jsonb_build_object('s', coalesce(v_s, '{}'), 'b', coalesce(v_b, '{}'));
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_tax_params(integer, @extschema@.lg_code) IS
	'the inhabitant tax parameter bundle for a fiscal year and municipality (internal format, see doc/levy-inhabitant.md)';

-- C kernels (pure: everything they use is in their arguments).
CREATE FUNCTION @extschema@.inhabitant_tax_compute(params jsonb, facts jsonb) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'inhabitant_tax_compute' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inhabitant_tax_compute(jsonb, jsonb) IS
	'C kernel: the inhabitant tax breakdown from a parameter bundle and the facts of one taxpayer';
CREATE FUNCTION @extschema@.inhabitant_tax_amounts(params jsonb, facts jsonb) RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'inhabitant_tax_amounts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inhabitant_tax_amounts(jsonb, jsonb) IS
	'C kernel for batches: {所得割 市, 所得割 県, 均等割 市, 均等割 県, 森林環境税, total}';
CREATE FUNCTION @extschema@.inhabitant_employment_income_k(params jsonb, salary bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'inhabitant_employment_income_k' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.inhabitant_pension_income_k(params jsonb, pension bigint, age integer, other_income bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'inhabitant_pension_income_k' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.special_collection_split_k(annual bigint, unit bigint) RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'special_collection_split_k' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.pension_special_collection_split_k(previous_annual bigint, annual bigint, unit bigint) RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'pension_special_collection_split_k' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Public functions.
CREATE FUNCTION @extschema@.employment_income(fiscal_year integer, salary bigint) RETURNS bigint
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN @extschema@.inhabitant_employment_income_k(@extschema@.inhabitant_tax_params(fiscal_year, '000000'::@extschema@.lg_code), salary);
COMMENT ON FUNCTION @extschema@.employment_income(integer, bigint) IS
	'給与所得 for a salary (所得税法28条, 別表第五) under the national standard of the fiscal year';

CREATE FUNCTION @extschema@.pension_income(fiscal_year integer, pension bigint, age integer, other_income bigint DEFAULT 0) RETURNS bigint
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN @extschema@.inhabitant_pension_income_k(@extschema@.inhabitant_tax_params(fiscal_year, '000000'::@extschema@.lg_code), pension, age, other_income);
COMMENT ON FUNCTION @extschema@.pension_income(integer, bigint, integer, bigint) IS
	'公的年金等に係る雑所得 (所得税法35条④) by age at 31 December of the income year and other 合計所得';

CREATE FUNCTION @extschema@.inhabitant_tax(fiscal_year integer, lg_code @extschema@.lg_code, facts jsonb) RETURNS jsonb
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF facts IS NULL THEN
		RAISE EXCEPTION 'inhabitant tax facts must not be null' USING ERRCODE = '22004',
			HINT = 'Give a JSON object, at least {}.';
	END IF;
	RETURN @extschema@.inhabitant_tax_compute(@extschema@.inhabitant_tax_params(fiscal_year, lg_code), facts);
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_tax(integer, @extschema@.lg_code, jsonb) IS
	'個人住民税: the whole breakdown for one taxpayer (doc/levy-inhabitant.md lists the input keys)';

-- The national collection unit (a statutory figure, not an ordinance one).
CREATE FUNCTION @extschema@.inhabitant_collection_unit(p_name text) RETURNS bigint
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v bigint;
BEGIN
	SELECT p.value::bigint INTO v FROM @extschema@.inhabitant_param p
	 WHERE p.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code AND p.name = p_name
	 ORDER BY p.fy_from DESC LIMIT 1;
	IF v IS NULL THEN
		RAISE EXCEPTION 'inhabitant tax parameter "%" is missing', p_name USING ERRCODE = 'P0002',
			HINT = 'Add the national row (lg_code 000000) to zeimu.inhabitant_param.';
	END IF;
	RETURN v;
END
$$;

CREATE FUNCTION @extschema@.special_collection_split(annual bigint) RETURNS bigint[]
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN @extschema@.special_collection_split_k(annual,
		@extschema@.inhabitant_collection_unit('special_collection_unit'));
COMMENT ON FUNCTION @extschema@.special_collection_split(bigint) IS
	'給与特別徴収 (法321条の5): 12 monthly amounts June to May, the fraction below ¥100 to June';

CREATE FUNCTION @extschema@.pension_special_collection_split(previous_annual bigint, annual bigint) RETURNS bigint[]
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN @extschema@.pension_special_collection_split_k(previous_annual, annual,
		@extschema@.inhabitant_collection_unit('pension_collection_unit'));
COMMENT ON FUNCTION @extschema@.pension_special_collection_split(bigint, bigint) IS
	'年金特別徴収: {April, June, August} 仮徴収 and {October, December, February} 本徴収';

-- 退職 during the year (法321条の5②): the months after the last salary go to
-- 普通徴収, or are added to the last salary as a lump sum (一括徴収) when the
-- last salary is paid in January to May, or when the taxpayer asks for it.
CREATE FUNCTION @extschema@.special_collection_after_leaving(schedule bigint[], last_month integer,
		lump_sum_requested boolean DEFAULT false) RETURNS jsonb
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_idx integer;			-- position of last_month in June..May (1..12)
	v_rest bigint := 0;
	v_new bigint[];
	v_mode text;
BEGIN
	IF schedule IS NULL OR pg_catalog.array_length(schedule, 1) IS DISTINCT FROM 12
	   OR pg_catalog.array_lower(schedule, 1) <> 1 THEN
		RAISE EXCEPTION 'special collection schedule must have 12 amounts, June to May'
			USING ERRCODE = '22023', HINT = 'Pass the result of zeimu.special_collection_split().';
	END IF;
	IF EXISTS (SELECT FROM pg_catalog.unnest(schedule) a WHERE a IS NULL OR a < 0) THEN
		RAISE EXCEPTION 'special collection schedule amounts must not be null or negative'
			USING ERRCODE = '22023';
	END IF;
	IF last_month IS NULL OR last_month < 1 OR last_month > 12 THEN
		RAISE EXCEPTION 'last month % is not a month', last_month
			USING ERRCODE = '22023', HINT = 'Give the calendar month (1-12) of the last salary from which tax was withheld.';
	END IF;
	v_idx := (last_month + 6) % 12 + 1;		-- June → 1, May → 12
	v_new := schedule;
	FOR i IN v_idx + 1 .. 12 LOOP
		v_rest := v_rest + schedule[i];
		v_new[i] := 0;
	END LOOP;
	IF v_rest = 0 THEN
		v_mode := 'none';
	ELSIF last_month <= 5 OR coalesce(lump_sum_requested, false) THEN
		v_mode := 'lump_sum';
		v_new[v_idx] := v_new[v_idx] + v_rest;
	ELSE
		v_mode := 'ordinary';
	END IF;
	RETURN pg_catalog.jsonb_build_object(
		'special', pg_catalog.to_jsonb(v_new),
		'ordinary', CASE WHEN v_mode = 'ordinary' THEN v_rest ELSE 0 END,
		'mode', v_mode);
END
$$;
COMMENT ON FUNCTION @extschema@.special_collection_after_leaving(bigint[], integer, boolean) IS
	'法321条の5②: the new schedule when a taxpayer leaves employment; remaining months to 普通徴収 or a lump sum';

GRANT SELECT ON @extschema@.inhabitant_param, @extschema@.inhabitant_band TO zeimu_user;
GRANT EXECUTE ON FUNCTION
	@extschema@.inhabitant_tax_params(integer, @extschema@.lg_code),
	@extschema@.inhabitant_tax_compute(jsonb, jsonb),
	@extschema@.inhabitant_tax_amounts(jsonb, jsonb),
	@extschema@.inhabitant_employment_income_k(jsonb, bigint),
	@extschema@.inhabitant_pension_income_k(jsonb, bigint, integer, bigint),
	@extschema@.special_collection_split_k(bigint, bigint),
	@extschema@.pension_special_collection_split_k(bigint, bigint, bigint),
	@extschema@.employment_income(integer, bigint),
	@extschema@.pension_income(integer, bigint, integer, bigint),
	@extschema@.inhabitant_tax(integer, @extschema@.lg_code, jsonb),
	@extschema@.inhabitant_collection_unit(text),
	@extschema@.special_collection_split(bigint),
	@extschema@.pension_special_collection_split(bigint, bigint),
	@extschema@.special_collection_after_leaving(bigint[], integer, boolean)
	TO zeimu_user;
