-- levy (property and vehicle): outputs.  Notice data (納税通知書) per
-- taxpayer and installment, the inspection ledger (縦覧帳簿, 法415条) without
-- owners or Individual Numbers, and aggregate statistics for the 概要調書
-- (法418条) without identifiers.

-- Name and address of the addressee come from the registry (zeimu.person)
-- when it is installed; the query is built at run time so that this module
-- installs and works without it.
CREATE FUNCTION @extschema@.levy_addressee_join()
	RETURNS text
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN pg_catalog.to_regclass('@extschema@.person') IS NULL
	            THEN 'LEFT JOIN (SELECT NULL::text AS lg_code, NULL::bigint AS atena_no, NULL::text AS name, NULL::text AS postal_code, NULL::text AS address) p ON false'
	            ELSE 'LEFT JOIN @extschema@.person p ON p.lg_code OPERATOR(@extschema@.=) a.lg_code AND p.atena_no OPERATOR(pg_catalog.=) a.atena_no' END
$$;

-- Notice data for the fixed asset + city planning tax: one row per
-- taxpayer (current version) and installment.
CREATE FUNCTION @extschema@.fa_notice_data(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_atena_no bigint DEFAULT NULL)
	RETURNS TABLE (assessment_no bigint, version integer, atena_no bigint, addressee_name text, postal_code text, address text,
	               co_owners integer, land_fa_base bigint, house_fa_base bigint, depreciable_base bigint,
	               land_cpt_base bigint, house_cpt_base bigint, house_reduction bigint,
	               fa_total bigint, cpt_total bigint, total bigint, period integer, due_date date, amount bigint)
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RETURN QUERY EXECUTE
		'SELECT a.assessment_no, a.version, a.atena_no, p.name, p.postal_code, p.address,
		        pg_catalog.cardinality(a.owner_atena_nos), a.land_fa_base, a.house_fa_base, a.depreciable_base,
		        a.land_cpt_base, a.house_cpt_base, a.house_reduction, a.fa_total, a.cpt_total, a.total,
		        i.period, i.due_date, i.amount
		   FROM @extschema@.fa_assessment_current a
		   JOIN @extschema@.fa_installment i ON i.lg_code OPERATOR(@extschema@.=) a.lg_code
		    AND i.fiscal_year OPERATOR(pg_catalog.=) a.fiscal_year AND i.assessment_no OPERATOR(pg_catalog.=) a.assessment_no
		    AND i.version OPERATOR(pg_catalog.=) a.version ' OPERATOR(pg_catalog.||) @extschema@.levy_addressee_join() OPERATOR(pg_catalog.||) '
		  WHERE a.lg_code OPERATOR(@extschema@.=) $1 AND a.fiscal_year OPERATOR(pg_catalog.=) $2
		    AND ($3 IS NULL OR a.atena_no OPERATOR(pg_catalog.=) $3)
		  ORDER BY a.assessment_no, i.period'
		USING p_lg_code, p_fiscal_year, p_atena_no;
END
$$;
COMMENT ON FUNCTION @extschema@.fa_notice_data(@extschema@.lg_code, integer, bigint) IS '納税通知書 data: per taxpayer (current version) and installment; co-owned property addressed to the representative';

CREATE FUNCTION @extschema@.lv_notice_data(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_atena_no bigint DEFAULT NULL)
	RETURNS TABLE (atena_no bigint, addressee_name text, postal_code text, address text, vehicle_id bigint, version integer,
	               plate text, vehicle_class text, rate_kind text, annual_rate bigint, reduction numeric, tax bigint,
	               due_date date)
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RETURN QUERY EXECUTE
		'SELECT a.atena_no, p.name, p.postal_code, p.address, a.vehicle_id, a.version, v.plate, a.vehicle_class,
		        a.rate_kind, a.annual_rate, a.reduction, a.tax, i.due_date
		   FROM @extschema@.lv_assessment_current a
		   JOIN @extschema@.vehicle v ON v.lg_code OPERATOR(@extschema@.=) a.lg_code AND v.vehicle_id OPERATOR(pg_catalog.=) a.vehicle_id
		   LEFT JOIN @extschema@.lv_installment i ON i.lg_code OPERATOR(@extschema@.=) a.lg_code
		    AND i.fiscal_year OPERATOR(pg_catalog.=) a.fiscal_year AND i.vehicle_id OPERATOR(pg_catalog.=) a.vehicle_id
		    AND i.version OPERATOR(pg_catalog.=) a.version ' OPERATOR(pg_catalog.||) @extschema@.levy_addressee_join() OPERATOR(pg_catalog.||) '
		  WHERE a.lg_code OPERATOR(@extschema@.=) $1 AND a.fiscal_year OPERATOR(pg_catalog.=) $2
		    AND ($3 IS NULL OR a.atena_no OPERATOR(pg_catalog.=) $3)
		  ORDER BY a.atena_no, a.vehicle_id'
		USING p_lg_code, p_fiscal_year, p_atena_no;
END
$$;
COMMENT ON FUNCTION @extschema@.lv_notice_data(@extschema@.lg_code, integer, bigint) IS 'light vehicle 納税通知書 data per taxpayer and vehicle';

-- 土地価格等縦覧帳簿 / 家屋価格等縦覧帳簿 (法415条): location, number,
-- category, area and price; no owner, no atena number, no Individual Number.
CREATE FUNCTION @extschema@.inspection_ledger_land(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (location text, parcel_no text, land_category text, area numeric, price bigint)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT lp.location, lp.parcel_no, lp.land_category, pg_catalog.sum(pt.area), pg_catalog.sum(v.price)::bigint
	  FROM @extschema@.land_parcel lp
	  JOIN @extschema@.land_part pt ON pt.lg_code OPERATOR(@extschema@.=) lp.lg_code AND pt.parcel_no OPERATOR(pg_catalog.=) lp.parcel_no
	  JOIN @extschema@.land_valuation v ON v.lg_code OPERATOR(@extschema@.=) pt.lg_code AND v.parcel_no OPERATOR(pg_catalog.=) pt.parcel_no
	   AND v.part_no OPERATOR(pg_catalog.=) pt.part_no AND v.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 WHERE lp.lg_code OPERATOR(@extschema@.=) p_lg_code
	 GROUP BY lp.location, lp.parcel_no, lp.land_category
	 ORDER BY lp.location, lp.parcel_no
$$;
COMMENT ON FUNCTION @extschema@.inspection_ledger_land(@extschema@.lg_code, integer) IS '土地価格等縦覧帳簿 (法415条): no owner data';

CREATE FUNCTION @extschema@.inspection_ledger_house(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (location text, house_no text, structure text, use_kind text, floor_area numeric, built_on date, price bigint)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT h.location, h.house_no, h.structure, h.use_kind, h.floor_area, h.built_on, v.price
	  FROM @extschema@.house h
	  JOIN @extschema@.house_valuation v ON v.lg_code OPERATOR(@extschema@.=) h.lg_code AND v.house_no OPERATOR(pg_catalog.=) h.house_no
	   AND v.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 WHERE h.lg_code OPERATOR(@extschema@.=) p_lg_code
	 ORDER BY h.location, h.house_no
$$;
COMMENT ON FUNCTION @extschema@.inspection_ledger_house(@extschema@.lg_code, integer) IS '家屋価格等縦覧帳簿 (法415条): no owner data';

-- 概要調書 statistics (法418条): totals per category, no identifiers.
CREATE FUNCTION @extschema@.fa_summary_statistics(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (category text, item text, objects bigint, area numeric, price bigint, fa_base bigint, cpt_base bigint)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT 'land', lp.land_category, pg_catalog.count(*), pg_catalog.sum(pt.area), pg_catalog.sum(r.price)::bigint,
	       pg_catalog.sum(r.fa_base)::bigint, pg_catalog.sum(r.cpt_base)::bigint
	  FROM @extschema@.fa_land_result r
	  JOIN @extschema@.land_parcel lp ON lp.lg_code OPERATOR(@extschema@.=) r.lg_code AND lp.parcel_no OPERATOR(pg_catalog.=) r.parcel_no
	  JOIN @extschema@.land_part pt ON pt.lg_code OPERATOR(@extschema@.=) r.lg_code AND pt.parcel_no OPERATOR(pg_catalog.=) r.parcel_no
	   AND pt.part_no OPERATOR(pg_catalog.=) r.part_no
	 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 GROUP BY lp.land_category
	UNION ALL
	SELECT 'house', h.structure, pg_catalog.count(*), pg_catalog.sum(h.floor_area), pg_catalog.sum(r.price)::bigint,
	       pg_catalog.sum(r.price)::bigint, pg_catalog.sum(r.cpt_base)::bigint
	  FROM @extschema@.fa_house_result r
	  JOIN @extschema@.house h ON h.lg_code OPERATOR(@extschema@.=) r.lg_code AND h.house_no OPERATOR(pg_catalog.=) r.house_no
	 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 GROUP BY h.structure
	UNION ALL
	SELECT 'taxpayers', CASE WHEN a.total OPERATOR(pg_catalog.>) 0 THEN 'taxed' ELSE 'corrected to zero' END,
	       pg_catalog.count(*), NULL, NULL, pg_catalog.sum(a.fa_total)::bigint, pg_catalog.sum(a.cpt_total)::bigint
	  FROM @extschema@.fa_assessment_current a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 GROUP BY 2
	UNION ALL
	SELECT 'taxpayers', 'co-owner groups', pg_catalog.count(*), NULL, NULL, pg_catalog.sum(a.fa_total)::bigint, pg_catalog.sum(a.cpt_total)::bigint
	  FROM @extschema@.fa_assessment_current a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND pg_catalog.cardinality(a.owner_atena_nos) OPERATOR(pg_catalog.>) 1
	ORDER BY 1, 2
$$;
COMMENT ON FUNCTION @extschema@.fa_summary_statistics(@extschema@.lg_code, integer) IS '概要調書 (法418条) figures: objects, area, price, bases per category; tax totals; no identifiers';

CREATE FUNCTION @extschema@.lv_summary_statistics(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (vehicle_class text, rate_kind text, vehicles bigint, reduced bigint, tax bigint)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT a.vehicle_class, a.rate_kind, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE a.reduction OPERATOR(pg_catalog.>) 0),
	       pg_catalog.sum(a.tax)::bigint
	  FROM @extschema@.lv_assessment_current a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 GROUP BY 1, 2 ORDER BY 1, 2
$$;
COMMENT ON FUNCTION @extschema@.lv_summary_statistics(@extschema@.lg_code, integer) IS 'light vehicle 概要調書 figures per class and rate column';

-- Vehicles the batch could not levy (first inspection missing or after 1 April).
CREATE FUNCTION @extschema@.lv_invalid_vehicles(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (vehicle_id bigint, vehicle_class text, plate text, first_inspection_year integer, first_inspection_month integer)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT v.vehicle_id, v.vehicle_class, v.plate, v.first_inspection_year, v.first_inspection_month
	  FROM @extschema@.vehicle v
	  JOIN @extschema@.light_vehicle_class c ON c.lg_code OPERATOR(@extschema@.=) '000000' AND c.vehicle_class OPERATOR(pg_catalog.=) v.vehicle_class
	 WHERE v.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.inspection_based
	   AND v.acquired_on OPERATOR(pg_catalog.<=) pg_catalog.make_date(p_fiscal_year, 4, 1)
	   AND (v.disposed_on IS NULL OR v.disposed_on OPERATOR(pg_catalog.>) pg_catalog.make_date(p_fiscal_year, 4, 1))
	   AND (v.first_inspection_year IS NULL
	        OR (v.first_inspection_year OPERATOR(pg_catalog.*) 100 OPERATOR(pg_catalog.+) coalesce(v.first_inspection_month, 12))
	           OPERATOR(pg_catalog.>) (p_fiscal_year OPERATOR(pg_catalog.*) 100 OPERATOR(pg_catalog.+) 4)
	        OR (v.first_inspection_month IS NULL AND v.first_inspection_year OPERATOR(pg_catalog.>) 2003))
	 ORDER BY 1
$$;
