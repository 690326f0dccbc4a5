-- levy (property and vehicle): sample data for a municipality.  Parcels,
-- houses, depreciable-asset declarations and vehicles, owned by the
-- municipality's persons (zeimu.person when the registry is installed, else
-- atena numbers 1..taxpayers).  Deterministic in the arguments: pseudo-
-- random choices come from hashint8extended, never random().

CREATE FUNCTION @extschema@.levy_sample_rand(p_seed integer, p_stream integer, p_i bigint, p_mod bigint)
	RETURNS bigint
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN pg_catalog.abs(pg_catalog.hashint8extended(p_i, (p_seed::bigint OPERATOR(pg_catalog.<<) 16) OPERATOR(pg_catalog.+) p_stream)
	       OPERATOR(pg_catalog.%) p_mod);

CREATE FUNCTION @extschema@.generate_levy_property_sample(p_lg_code @extschema@.lg_code, p_taxpayers integer, p_parcels integer,
	p_houses integer, p_vehicles integer, p_seed integer DEFAULT 1, p_fiscal_year integer DEFAULT 2026)
	RETURNS TABLE (step text, rows_created bigint)
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	atenas bigint[];
	t integer;
	n bigint;
	base_year integer := 2024;	-- 基準年度 (令和6年度)
BEGIN
	IF p_lg_code IS NULL OR p_lg_code OPERATOR(@extschema@.=) '000000' THEN
		RAISE EXCEPTION 'invalid municipality code "%"', p_lg_code USING ERRCODE = '22023';
	END IF;
	IF p_taxpayers IS NULL OR p_taxpayers OPERATOR(pg_catalog.<) 1 OR p_parcels OPERATOR(pg_catalog.<) 0
	   OR p_houses OPERATOR(pg_catalog.<) 0 OR p_vehicles OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION 'counts must not be negative and taxpayers at least 1' USING ERRCODE = '22023';
	END IF;
	IF pg_catalog.to_regclass('@extschema@.person') IS NOT NULL THEN
		EXECUTE 'SELECT pg_catalog.array_agg(atena_no ORDER BY atena_no) FROM (SELECT atena_no FROM @extschema@.person
		          WHERE lg_code OPERATOR(@extschema@.=) $1 ORDER BY atena_no LIMIT $2) s'
		   INTO atenas USING p_lg_code, p_taxpayers;
	END IF;
	IF atenas IS NULL AND pg_catalog.to_regclass('@extschema@.person') IS NOT NULL THEN
		RAISE EXCEPTION 'municipality % has no persons to own the sample property', p_lg_code
			USING ERRCODE = 'P0002',
			      HINT = 'Run zeimu.generate_sample(lg_code, persons), which creates the persons and calls this generator.';
	END IF;
	IF atenas IS NULL THEN
		atenas := ARRAY(SELECT pg_catalog.generate_series(1, p_taxpayers)::bigint);
	END IF;
	t := pg_catalog.cardinality(atenas);

	-- parcels: 70% 宅地 (3 in 4 of them residential), 10% 田, 10% 畑, 10% 雑種地
	INSERT INTO @extschema@.land_parcel (lg_code, parcel_no, location, land_category, registered_area, in_cpt_area)
	SELECT p_lg_code, 'P' OPERATOR(pg_catalog.||) pg_catalog.lpad(i::text, 8, '0'),
	       'サンプル町' OPERATOR(pg_catalog.||) (1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 1, i, 200))::text OPERATOR(pg_catalog.||) '丁目',
	       (ARRAY['宅地', '宅地', '宅地', '宅地', '宅地', '宅地', '宅地', '田', '畑', '雑種地'])[1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 2, i, 10)],
	       (100 OPERATOR(pg_catalog.+) (@extschema@.levy_sample_rand(p_seed, 3, i, 50000) OPERATOR(pg_catalog./) 100.0))::numeric(12,2),
	       @extschema@.levy_sample_rand(p_seed, 4, i, 10) OPERATOR(pg_catalog.<) 9
	  FROM pg_catalog.generate_series(1, p_parcels) i;
	GET DIAGNOSTICS n = ROW_COUNT; step := 'land_parcel'; rows_created := n; RETURN NEXT;

	INSERT INTO @extschema@.land_part (lg_code, parcel_no, part_no, area, small_residential_area, general_residential_area)
	SELECT p.lg_code, p.parcel_no, 1, p.registered_area,
	       CASE WHEN res THEN LEAST(p.registered_area, 200) ELSE 0 END,
	       CASE WHEN res THEN p.registered_area OPERATOR(pg_catalog.-) LEAST(p.registered_area, 200) ELSE 0 END
	  FROM (SELECT q.*, q.land_category OPERATOR(pg_catalog.=) '宅地'
	               AND @extschema@.levy_sample_rand(p_seed, 5, pg_catalog.substr(q.parcel_no, 2)::bigint, 4) OPERATOR(pg_catalog.<) 3 AS res
	          FROM @extschema@.land_parcel q WHERE q.lg_code OPERATOR(@extschema@.=) p_lg_code) p;

	-- price per ㎡ 20,000 - 300,000 (田畑 1,000); previous bases around the
	-- 本則 so that every burden-adjustment band occurs
	INSERT INTO @extschema@.land_valuation (lg_code, parcel_no, part_no, fiscal_year, base_year, price, decline_rate, prev_fa_base, prev_cpt_base)
	SELECT x.lg_code, x.parcel_no, 1, p_fiscal_year, base_year, x.price,
	       CASE WHEN p_fiscal_year OPERATOR(pg_catalog.>) base_year THEN 0.9900 END,
	       (x.principal_fa OPERATOR(pg_catalog.*) (60 OPERATOR(pg_catalog.+) x.r) OPERATOR(pg_catalog./) 100)::bigint,
	       (x.principal_cpt OPERATOR(pg_catalog.*) (60 OPERATOR(pg_catalog.+) x.r) OPERATOR(pg_catalog./) 100)::bigint
	  FROM (SELECT pt.lg_code, pt.parcel_no, y.price, @extschema@.levy_sample_rand(p_seed, 7, pg_catalog.substr(pt.parcel_no, 2)::bigint, 50) AS r,
	               CASE WHEN pt.small_residential_area OPERATOR(pg_catalog.>) 0
	                    THEN y.price OPERATOR(pg_catalog./) 6 ELSE y.price OPERATOR(pg_catalog.*) 6 OPERATOR(pg_catalog./) 10 END AS principal_fa,
	               CASE WHEN pt.small_residential_area OPERATOR(pg_catalog.>) 0
	                    THEN y.price OPERATOR(pg_catalog./) 3 ELSE y.price OPERATOR(pg_catalog.*) 6 OPERATOR(pg_catalog./) 10 END AS principal_cpt
	          FROM @extschema@.land_part pt
	          JOIN @extschema@.land_parcel lp ON lp.lg_code OPERATOR(@extschema@.=) pt.lg_code AND lp.parcel_no OPERATOR(pg_catalog.=) pt.parcel_no
	          CROSS JOIN LATERAL (SELECT (pt.area OPERATOR(pg_catalog.*) CASE WHEN lp.land_category OPERATOR(pg_catalog.=) ANY (ARRAY['田', '畑']) THEN 1000
	                  ELSE 20000 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 6, pg_catalog.substr(pt.parcel_no, 2)::bigint, 280000) END)::bigint AS price) y
	         WHERE pt.lg_code OPERATOR(@extschema@.=) p_lg_code) x;
	GET DIAGNOSTICS n = ROW_COUNT; step := 'land_valuation'; rows_created := n; RETURN NEXT;

	-- owners: one per parcel, 5% co-owned with a second person (the first is representative)
	INSERT INTO @extschema@.land_owner (lg_code, parcel_no, atena_no, acquired_on, share_num, share_den, representative)
	SELECT p_lg_code, 'P' OPERATOR(pg_catalog.||) pg_catalog.lpad(i::text, 8, '0'),
	       atenas[1 OPERATOR(pg_catalog.+) ((i OPERATOR(pg_catalog.-) 1) OPERATOR(pg_catalog.%) t)], DATE '2000-01-01',
	       1, CASE WHEN co THEN 2 ELSE 1 END, co
	  FROM (SELECT i, @extschema@.levy_sample_rand(p_seed, 8, i, 20) OPERATOR(pg_catalog.=) 0 AND t OPERATOR(pg_catalog.>) 1 AS co
	          FROM pg_catalog.generate_series(1, p_parcels) i) s;
	INSERT INTO @extschema@.land_owner (lg_code, parcel_no, atena_no, acquired_on, share_num, share_den, representative)
	SELECT p_lg_code, 'P' OPERATOR(pg_catalog.||) pg_catalog.lpad(i::text, 8, '0'),
	       atenas[1 OPERATOR(pg_catalog.+) (i OPERATOR(pg_catalog.%) t)], DATE '2000-01-01', 1, 2, false
	  FROM pg_catalog.generate_series(1, p_parcels) i
	 WHERE @extschema@.levy_sample_rand(p_seed, 8, i, 20) OPERATOR(pg_catalog.=) 0 AND t OPERATOR(pg_catalog.>) 1;
	GET DIAGNOSTICS n = ROW_COUNT; step := 'land_owner (co-owners)'; rows_created := n; RETURN NEXT;

	-- houses: house i stands on parcel i and has the same owner
	INSERT INTO @extschema@.house (lg_code, house_no, location, parcel_no, structure, floor_area, residential_area, dwellings,
		built_on, fireproof_3storey, in_cpt_area)
	SELECT p_lg_code, 'H' OPERATOR(pg_catalog.||) pg_catalog.lpad(i::text, 8, '0'), 'サンプル町',
	       'P' OPERATOR(pg_catalog.||) pg_catalog.lpad(i::text, 8, '0'),
	       (ARRAY['木造', '木造', '木造', '軽量鉄骨造', '鉄骨造', 'RC造'])[1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 9, i, 6)],
	       a.fa, a.fa, 1,
	       DATE '1970-01-01' OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 11, i, 20450)::integer,
	       @extschema@.levy_sample_rand(p_seed, 12, i, 20) OPERATOR(pg_catalog.=) 0, true
	  FROM pg_catalog.generate_series(1, p_houses) i
	 CROSS JOIN LATERAL (SELECT (40 OPERATOR(pg_catalog.+) (@extschema@.levy_sample_rand(p_seed, 10, i, 26000) OPERATOR(pg_catalog./) 100.0))::numeric(12,2) AS fa) a;
	GET DIAGNOSTICS n = ROW_COUNT; step := 'house'; rows_created := n; RETURN NEXT;
	INSERT INTO @extschema@.house_valuation (lg_code, house_no, fiscal_year, price)
	SELECT h.lg_code, h.house_no, p_fiscal_year,
	       (h.floor_area OPERATOR(pg_catalog.*) (30000 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 13, pg_catalog.substr(h.house_no, 2)::bigint, 120000)))::bigint
	  FROM @extschema@.house h WHERE h.lg_code OPERATOR(@extschema@.=) p_lg_code;
	INSERT INTO @extschema@.house_owner (lg_code, house_no, atena_no, acquired_on, representative)
	SELECT h.lg_code, h.house_no, o.atena_no, o.acquired_on, o.representative
	  FROM @extschema@.house h
	  JOIN @extschema@.land_owner o ON o.lg_code OPERATOR(@extschema@.=) h.lg_code AND o.parcel_no OPERATOR(pg_catalog.=) h.parcel_no
	 WHERE h.lg_code OPERATOR(@extschema@.=) p_lg_code;

	-- depreciable assets: 3% of taxpayers declare 3 lines; 1% more are expected but do not file
	INSERT INTO @extschema@.da_filer (lg_code, atena_no, since_fy)
	SELECT p_lg_code, atenas[k], 2020 FROM pg_catalog.generate_series(1, t) k
	 WHERE @extschema@.levy_sample_rand(p_seed, 14, k, 100) OPERATOR(pg_catalog.<) 4;
	INSERT INTO @extschema@.da_declaration (lg_code, fiscal_year, atena_no, received_on, channel)
	SELECT p_lg_code, p_fiscal_year, atenas[k],
	       pg_catalog.make_date(p_fiscal_year, 1, 5) OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 15, k, 40)::integer,
	       (ARRAY['paper', 'eltax', 'eltax', 'data_punch'])[1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 16, k, 4)]
	  FROM pg_catalog.generate_series(1, t) k
	 WHERE @extschema@.levy_sample_rand(p_seed, 14, k, 100) OPERATOR(pg_catalog.<) 3;
	GET DIAGNOSTICS n = ROW_COUNT; step := 'da_declaration'; rows_created := n; RETURN NEXT;
	INSERT INTO @extschema@.da_asset_line (lg_code, fiscal_year, atena_no, line_no, asset_name, acquisition_cost, acquired_on, useful_life)
	SELECT d.lg_code, d.fiscal_year, d.atena_no, l, (ARRAY['機械装置', '器具備品', '構築物'])[l],
	       500000 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 17, d.atena_no OPERATOR(pg_catalog.*) 3 OPERATOR(pg_catalog.+) l, 5000000),
	       pg_catalog.make_date(p_fiscal_year OPERATOR(pg_catalog.-) 1 OPERATOR(pg_catalog.-) @extschema@.levy_sample_rand(p_seed, 18, d.atena_no OPERATOR(pg_catalog.*) 3 OPERATOR(pg_catalog.+) l, 15)::integer,
	           1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 19, d.atena_no OPERATOR(pg_catalog.*) 3 OPERATOR(pg_catalog.+) l, 12)::integer, 15),
	       (ARRAY[5, 8, 10, 15, 20])[1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 20, d.atena_no OPERATOR(pg_catalog.*) 3 OPERATOR(pg_catalog.+) l, 5)]
	  FROM @extschema@.da_declaration d CROSS JOIN pg_catalog.generate_series(1, 3) l
	 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year;

	-- vehicles: mostly 4-wheel passenger private; first inspection 2000-2025
	INSERT INTO @extschema@.vehicle (lg_code, vehicle_id, vehicle_class, plate, first_inspection_year, first_inspection_month,
		atena_no, storage_place, acquired_on, fuel, green_level)
	SELECT p_lg_code, i, c.cls, 'サンプル ' OPERATOR(pg_catalog.||) i::text,
	       CASE WHEN c.insp THEN 2000 OPERATOR(pg_catalog.+) y ELSE NULL END,
	       CASE WHEN c.insp AND y OPERATOR(pg_catalog.>=) 4 THEN 1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 23, i, 12)::integer ELSE NULL END,
	       atenas[1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 24, i, t)], 'サンプル町',
	       pg_catalog.make_date(LEAST(2000 OPERATOR(pg_catalog.+) y, p_fiscal_year OPERATOR(pg_catalog.-) 1)::integer, 1, 1),
	       CASE WHEN ev THEN 'ev' ELSE 'gasoline' END,
	       CASE WHEN ev AND c.insp THEN 75 ELSE 0 END
	  FROM pg_catalog.generate_series(1, p_vehicles) i
	 CROSS JOIN LATERAL (SELECT @extschema@.levy_sample_rand(p_seed, 21, i, LEAST(p_fiscal_year OPERATOR(pg_catalog.-) 2000, 26))::integer AS y,
	                            @extschema@.levy_sample_rand(p_seed, 25, i, 50) OPERATOR(pg_catalog.=) 0 AS ev) r
	 CROSS JOIN LATERAL (SELECT (ARRAY['kei4_passenger_private', 'kei4_passenger_private', 'kei4_passenger_private', 'kei4_goods_private',
	                                   'kei4_goods_commercial', 'kei3', 'moped_50', 'kei2', 'small2', 'moped_2a'])[1 OPERATOR(pg_catalog.+) @extschema@.levy_sample_rand(p_seed, 22, i, 10)] AS cls) k
	 CROSS JOIN LATERAL (SELECT k.cls AS cls, k.cls OPERATOR(pg_catalog.~) '^kei[34]' AS insp) c;
	GET DIAGNOSTICS n = ROW_COUNT; step := 'vehicle'; rows_created := n; RETURN NEXT;
	-- 減免 for 1% of vehicles, one per person
	INSERT INTO @extschema@.vehicle_reduction (lg_code, fiscal_year, vehicle_id, atena_no, certificate_type, disability_category,
		disability_grade, decision_no, reduction, decided_on)
	SELECT DISTINCT ON (v.atena_no) v.lg_code, p_fiscal_year, v.vehicle_id, v.atena_no, '身体障害者手帳', '下肢', '3級',
	       'R' OPERATOR(pg_catalog.||) v.vehicle_id::text, 1, pg_catalog.make_date(p_fiscal_year, 5, 10)
	  FROM @extschema@.vehicle v
	 WHERE v.lg_code OPERATOR(@extschema@.=) p_lg_code AND @extschema@.levy_sample_rand(p_seed, 26, v.vehicle_id, 100) OPERATOR(pg_catalog.=) 0
	 ORDER BY v.atena_no, v.vehicle_id;
	GET DIAGNOSTICS n = ROW_COUNT; step := 'vehicle_reduction'; rows_created := n; RETURN NEXT;
	-- fresh statistics for the batches that usually follow
	ANALYZE @extschema@.land_parcel, @extschema@.land_part, @extschema@.land_valuation, @extschema@.land_owner,
		@extschema@.house, @extschema@.house_valuation, @extschema@.house_owner, @extschema@.da_declaration,
		@extschema@.da_asset_line, @extschema@.vehicle, @extschema@.vehicle_reduction;
END
$$;
COMMENT ON FUNCTION @extschema@.generate_levy_property_sample(@extschema@.lg_code, integer, integer, integer, integer, integer, integer) IS 'sample parcels, houses, depreciable declarations and vehicles for a municipality (deterministic)';

-- The step zeimu.generate_sample calls when the registry is installed:
-- 10/3 parcels, 1 house and 2/3 vehicle per person (the benchmark ratios).
CREATE FUNCTION @extschema@.sample_step_300_levy_property(p_lg_code @extschema@.lg_code, p_persons integer, p_seed integer)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	SELECT pg_catalog.sum(s.rows_created) INTO n
	  FROM @extschema@.generate_levy_property_sample(p_lg_code, p_persons, p_persons OPERATOR(pg_catalog.*) 10 OPERATOR(pg_catalog./) 3,
	       p_persons, p_persons OPERATOR(pg_catalog.*) 2 OPERATOR(pg_catalog./) 3, p_seed) s;
	RETURN n;
END
$$;
