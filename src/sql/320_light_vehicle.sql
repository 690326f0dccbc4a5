-- levy (vehicle): the light vehicle tax (軽自動車税種別割), 地方税法第463条の15
-- and 附則第30条・第30条の2.  Kernel in src/levy_vehicle.c.

CREATE FUNCTION @extschema@.lv_kernel_rate_kind(fiscal_year integer, inspection_based boolean,
	insp_year integer, insp_month integer, old_until integer, heavy_years integer,
	heavy_exempt boolean, green boolean) RETURNS integer
	AS 'MODULE_PATHNAME', 'lv_kernel_rate_kind' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lv_kernel_rate_kind(integer, boolean, integer, integer, integer, integer, boolean, boolean) IS 'kernel: rate column 0 standard, 1 old, 2 heavy, 3 green';
CREATE FUNCTION @extschema@.lv_kernel_tax(fiscal_year integer, inspection_based boolean,
	insp_year integer, insp_month integer, old_until integer, heavy_years integer,
	heavy_exempt boolean, green_enabled boolean,
	amt_standard bigint, amt_old bigint, amt_heavy bigint, amt_green bigint,
	reduction_num bigint, reduction_den bigint, unit bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'lv_kernel_tax' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lv_kernel_tax(integer, boolean, integer, integer, integer, integer, boolean, boolean, bigint, bigint, bigint, bigint, bigint, bigint, bigint) IS 'kernel: light vehicle tax of one vehicle (法463条の15, 附則30条)';

-- Fuel (動力) codes.  Those marked exempt are never 重課 (附則30条:
-- 電気, 天然ガス, メタノール, 混合メタノール, ガソリン電力併用).
CREATE FUNCTION @extschema@.light_vehicle_heavy_exempt(p_fuel text, p_towed boolean)
	RETURNS boolean
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_fuel IS NULL OR NOT (p_fuel OPERATOR(pg_catalog.=) ANY (ARRAY['gasoline', 'diesel', 'lpg', 'ev', 'cng',
			'methanol', 'mixed_methanol', 'hybrid_gasoline', 'other'])) THEN
		RAISE EXCEPTION 'unknown fuel type "%"', p_fuel
			USING ERRCODE = '22023',
			      HINT = 'Use gasoline, diesel, lpg, ev, cng, methanol, mixed_methanol, hybrid_gasoline or other.';
	END IF;
	RETURN coalesce(p_towed, false)
	    OR p_fuel OPERATOR(pg_catalog.=) ANY (ARRAY['ev', 'cng', 'methanol', 'mixed_methanol', 'hybrid_gasoline']);
END
$$;
COMMENT ON FUNCTION @extschema@.light_vehicle_heavy_exempt(text, boolean) IS 'true when the fuel type or 被けん引車 exempts a vehicle from the 重課 (法附則30条)';

-- Everything the kernel needs for one vehicle, resolved and checked.
CREATE FUNCTION @extschema@.light_vehicle_inputs(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_vehicle_class text,
	p_first_inspection_year integer, p_first_inspection_month integer,
	p_fuel text, p_towed boolean, p_green_level integer, p_reduction numeric,
	OUT inspection_based boolean, OUT insp_year integer, OUT insp_month integer,
	OUT old_until integer, OUT heavy_years integer, OUT heavy_exempt boolean, OUT green_enabled boolean,
	OUT amt_standard bigint, OUT amt_old bigint, OUT amt_heavy bigint, OUT amt_green bigint,
	OUT reduction_num bigint, OUT reduction_den bigint, OUT unit bigint)
	RETURNS record
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.levy_check_fy(p_fiscal_year);
	IF p_lg_code IS NULL THEN
		RAISE EXCEPTION 'municipality code is required' USING ERRCODE = '22004';
	END IF;
	SELECT c.inspection_based INTO inspection_based
	  FROM @extschema@.light_vehicle_class c
	 WHERE c.lg_code OPERATOR(@extschema@.=) '000000' AND c.vehicle_class OPERATOR(pg_catalog.=) p_vehicle_class;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown light vehicle class "%"', p_vehicle_class
			USING ERRCODE = '22023',
			      HINT = 'Use a code of zeimu.light_vehicle_class, e.g. kei4_passenger_private (四輪乗用自家用).';
	END IF;
	heavy_exempt := @extschema@.light_vehicle_heavy_exempt(p_fuel, p_towed);
	IF p_green_level IS NULL OR NOT (p_green_level OPERATOR(pg_catalog.=) ANY (ARRAY[0, 25, 50, 75])) THEN
		RAISE EXCEPTION 'green reduction level must be 0, 25, 50 or 75'
			USING ERRCODE = '22023', HINT = '75 for EV and natural gas vehicles; 50 or 25 for fuel-efficient commercial passenger vehicles.';
	END IF;
	IF p_reduction IS NULL OR p_reduction OPERATOR(pg_catalog.<) 0 OR p_reduction OPERATOR(pg_catalog.>) 1
	   OR p_reduction OPERATOR(pg_catalog.<>) pg_catalog.round(p_reduction, 4) THEN
		RAISE EXCEPTION 'reduction (減免) must be a fraction between 0 and 1 with at most four decimals'
			USING ERRCODE = '22023', HINT = 'Give 1 for full exemption, 0.5 for half.';
	END IF;
	reduction_num := (p_reduction OPERATOR(pg_catalog.*) 10000)::bigint;
	reduction_den := 10000;
	unit := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'tax_amount_unit');
	amt_standard := (@extschema@.light_vehicle_rate_of(p_lg_code, p_fiscal_year, p_vehicle_class, 'standard')).amount;
	IF NOT inspection_based THEN
		insp_year := 0; insp_month := 0; old_until := 0; heavy_years := 0;
		green_enabled := false; amt_old := 0; amt_heavy := 0; amt_green := 0;
		RETURN;
	END IF;
	IF p_first_inspection_year IS NULL THEN
		RAISE EXCEPTION 'first inspection year-month is required for class "%"', p_vehicle_class
			USING ERRCODE = '22023', HINT = 'Give the 初度検査年月 from the vehicle inspection certificate.';
	END IF;
	IF p_first_inspection_month IS NULL THEN
		-- year-only legacy values (certificates before 2003-10-14) are read as
		-- December of that year (改正法附則14条2項); the kernel does that for month 0
		IF p_first_inspection_year OPERATOR(pg_catalog.>) 2003 THEN
			RAISE EXCEPTION 'a year-only first inspection is valid only up to 2003'
				USING ERRCODE = '22023',
				      DETAIL = pg_catalog.format('Got year %s without a month.', p_first_inspection_year),
				      HINT = 'Certificates issued from 14 October 2003 show the month; give it.';
		END IF;
		insp_month := 0;
	ELSIF p_first_inspection_month NOT BETWEEN 1 AND 12 THEN
		RAISE EXCEPTION 'first inspection month % is out of range', p_first_inspection_month
			USING ERRCODE = '22023', HINT = 'Give a month 1-12, or NULL for a year-only value.';
	ELSE
		insp_month := p_first_inspection_month;
	END IF;
	insp_year := p_first_inspection_year;
	old_until := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'light_vehicle_old_until');
	heavy_years := @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'light_vehicle_heavy_years');
	green_enabled := p_green_level OPERATOR(pg_catalog.>) 0
		AND @extschema@.levy_param_int(p_lg_code, p_fiscal_year, 'light_vehicle_green') OPERATOR(pg_catalog.>) 0;
	amt_old := (@extschema@.light_vehicle_rate_of(p_lg_code, p_fiscal_year, p_vehicle_class, 'old')).amount;
	amt_heavy := (@extschema@.light_vehicle_rate_of(p_lg_code, p_fiscal_year, p_vehicle_class, 'heavy')).amount;
	amt_green := CASE WHEN green_enabled
		THEN (@extschema@.light_vehicle_rate_of(p_lg_code, p_fiscal_year, p_vehicle_class,
			'green' OPERATOR(pg_catalog.||) p_green_level::text)).amount ELSE 0 END;
END
$$;

-- The full form: municipality, fiscal year, class, 初度検査 year and month
-- (month NULL = year-only legacy value), fuel, 被けん引車, グリーン化特例 level
-- (0/25/50/75) and 減免 fraction.
CREATE FUNCTION @extschema@.light_vehicle_tax(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_vehicle_class text,
	p_first_inspection_year integer, p_first_inspection_month integer,
	p_fuel text DEFAULT 'gasoline', p_towed boolean DEFAULT false,
	p_green_level integer DEFAULT 0, p_reduction numeric DEFAULT 0)
	RETURNS bigint
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.lv_kernel_tax(p_fiscal_year, i.inspection_based, i.insp_year, i.insp_month,
	       i.old_until, i.heavy_years, i.heavy_exempt, i.green_enabled,
	       i.amt_standard, i.amt_old, i.amt_heavy, i.amt_green, i.reduction_num, i.reduction_den, i.unit)
	  FROM @extschema@.light_vehicle_inputs(p_lg_code, p_fiscal_year, p_vehicle_class,
	       p_first_inspection_year, p_first_inspection_month, p_fuel, p_towed, p_green_level, p_reduction) i
$$;
COMMENT ON FUNCTION @extschema@.light_vehicle_tax(@extschema@.lg_code, integer, text, integer, integer, text, boolean, integer, numeric) IS 'light vehicle tax (法463条の15): old/standard/heavy by 初度検査, 重課 exemptions, 軽課, ordinance rates, 減免, ¥100 truncation';

-- Which rate column applies: 'standard', 'old', 'heavy' or 'green75' etc.
CREATE FUNCTION @extschema@.light_vehicle_rate_kind(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_vehicle_class text,
	p_first_inspection_year integer, p_first_inspection_month integer,
	p_fuel text DEFAULT 'gasoline', p_towed boolean DEFAULT false, p_green_level integer DEFAULT 0)
	RETURNS text
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT (ARRAY['standard', 'old', 'heavy', 'green' OPERATOR(pg_catalog.||) p_green_level::text])
	       [@extschema@.lv_kernel_rate_kind(p_fiscal_year, i.inspection_based, i.insp_year, i.insp_month,
	        i.old_until, i.heavy_years, i.heavy_exempt, i.green_enabled AND i.amt_green OPERATOR(pg_catalog.>) 0)
	        OPERATOR(pg_catalog.+) 1]
	  FROM @extschema@.light_vehicle_inputs(p_lg_code, p_fiscal_year, p_vehicle_class,
	       p_first_inspection_year, p_first_inspection_month, p_fuel, p_towed, p_green_level, 0) i
$$;
COMMENT ON FUNCTION @extschema@.light_vehicle_rate_kind(@extschema@.lg_code, integer, text, integer, integer, text, boolean, integer) IS 'the rate column (税率フラグ) that applies: standard, old, heavy or green75/50/25';

-- National standard, year and month (month NULL = year-only legacy value).
CREATE FUNCTION @extschema@.light_vehicle_tax(p_fiscal_year integer, p_vehicle_class text,
	p_first_inspection_year integer, p_first_inspection_month integer)
	RETURNS bigint
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.light_vehicle_tax('000000', p_fiscal_year, p_vehicle_class,
	       p_first_inspection_year, p_first_inspection_month)
$$;
COMMENT ON FUNCTION @extschema@.light_vehicle_tax(integer, text, integer, integer) IS 'light vehicle tax at the national standard rates; month NULL = year-only 初度検査 (read as December)';

-- National standard, first inspection as a date.
CREATE FUNCTION @extschema@.light_vehicle_tax(p_fiscal_year integer, p_vehicle_class text, p_first_inspection date)
	RETURNS bigint
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_first_inspection OPERATOR(pg_catalog.>) pg_catalog.make_date(@extschema@.levy_check_fy(p_fiscal_year), 4, 1) THEN
		RAISE EXCEPTION 'vehicle first inspected after the assessment date of fiscal year %', p_fiscal_year
			USING ERRCODE = '22023',
			      DETAIL = pg_catalog.format('The first inspection %s is after 1 April %s, so the vehicle did not exist on the 賦課期日.',
			                                 p_first_inspection, p_fiscal_year),
			      HINT = 'Check the fiscal year and the first inspection date.';
	END IF;
	RETURN @extschema@.light_vehicle_tax('000000', p_fiscal_year, p_vehicle_class,
		pg_catalog.date_part('year', p_first_inspection)::integer,
		pg_catalog.date_part('month', p_first_inspection)::integer);
END
$$;
COMMENT ON FUNCTION @extschema@.light_vehicle_tax(integer, text, date) IS 'light vehicle tax at the national standard rates for a class and 初度検査 date (NULL for classes without inspection)';
