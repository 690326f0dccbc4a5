-- levy (property and vehicle): ledgers.  Land parcels and their valuation,
-- registry notices (append-only), import conflicts ("needs inquiry"),
-- houses, depreciable-asset declarations, light vehicles and their 減免.
--
-- Owners are persons of the registry (zeimu.person, key (lg_code,
-- atena_no)).  The foreign keys to zeimu.person are added at the end of this
-- file when the registry module is installed (it sorts before this file).
--
-- Row-level security: every table with an owner atena number is ENABLEd and
-- FORCEd, with an INTERIM permissive policy for role zeimu_levy, named
-- levy_interim_* (the registry's convention), for the access module to
-- replace by office-scoped policies.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'zeimu_levy') THEN
		CREATE ROLE zeimu_levy NOLOGIN;
	END IF;
END
$$;
COMMENT ON ROLE zeimu_levy IS 'zeimu: interim duty role for levy (賦課) clerks; replaced by the access module''s office-scoped roles';
GRANT zeimu_user TO zeimu_levy;

-- ---------------------------------------------------------------------------
-- Land
-- ---------------------------------------------------------------------------
-- A parcel (筆) by 地番.  A parcel that is partly residential is kept as
-- parts: part 1, 2, ... each wholly residential (small + general area =
-- area) or wholly non-residential (both 0).
CREATE TABLE @extschema@.land_parcel (
	lg_code			@extschema@.lg_code NOT NULL,
	parcel_no		text NOT NULL CHECK (parcel_no OPERATOR(pg_catalog.<>) ''),	-- 所在 + 地番
	location		text NOT NULL,				-- 所在 (町丁目)
	land_category	text NOT NULL,				-- 地目 (宅地, 田, 畑, 山林, 雑種地 ...)
	registered_area	numeric(12,2) NOT NULL CHECK (registered_area OPERATOR(pg_catalog.>) 0),	-- 登記地積
	in_cpt_area		boolean NOT NULL DEFAULT true,	-- 市街化区域: city planning tax applies (法702条)
	needs_inquiry	boolean NOT NULL DEFAULT false,	-- 要照会: an import conflicts with the ledger
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, parcel_no)
);
COMMENT ON TABLE @extschema@.land_parcel IS 'land parcels (土地課税台帳): 地番, 地目, 地積';

CREATE TABLE @extschema@.land_part (
	lg_code			@extschema@.lg_code NOT NULL,
	parcel_no		text NOT NULL,
	part_no			integer NOT NULL CHECK (part_no OPERATOR(pg_catalog.>=) 1),
	area			numeric(12,2) NOT NULL CHECK (area OPERATOR(pg_catalog.>) 0),
	small_residential_area numeric(12,2) NOT NULL DEFAULT 0 CHECK (small_residential_area OPERATOR(pg_catalog.>=) 0),
	general_residential_area numeric(12,2) NOT NULL DEFAULT 0 CHECK (general_residential_area OPERATOR(pg_catalog.>=) 0),
	PRIMARY KEY (lg_code, parcel_no, part_no),
	FOREIGN KEY (lg_code, parcel_no) REFERENCES @extschema@.land_parcel,
	CHECK (small_residential_area OPERATOR(pg_catalog.+) general_residential_area OPERATOR(pg_catalog.=) 0
	       OR small_residential_area OPERATOR(pg_catalog.+) general_residential_area OPERATOR(pg_catalog.=) area)
);
COMMENT ON TABLE @extschema@.land_part IS 'parts of a parcel: wholly residential (小規模 + 一般 = area) or non-residential';

-- Valuation per fiscal year: the 基準年度 price (評価替え every 3 years) and,
-- in the two following years, the price after 下落修正 as the valuation
-- system delivers it.  prev_*_base is the previous year's 課税標準額 as
-- migrated; once zeimu has levied the previous year, the batch uses its own
-- result instead (fa_land_result).
CREATE TABLE @extschema@.land_valuation (
	lg_code			@extschema@.lg_code NOT NULL,
	parcel_no		text NOT NULL,
	part_no			integer NOT NULL,
	fiscal_year		integer NOT NULL,
	base_year		integer NOT NULL,			-- 基準年度
	price			bigint NOT NULL CHECK (price OPERATOR(pg_catalog.>=) 0),	-- 価格 (after 下落修正)
	decline_rate	numeric(6,4),				-- 下落修正率 applied to the 基準年度 price, NULL in the 基準年度
	prev_fa_base	bigint NOT NULL CHECK (prev_fa_base OPERATOR(pg_catalog.>=) 0),
	prev_cpt_base	bigint NOT NULL CHECK (prev_cpt_base OPERATOR(pg_catalog.>=) 0),
	PRIMARY KEY (lg_code, fiscal_year, parcel_no, part_no),
	FOREIGN KEY (lg_code, parcel_no, part_no) REFERENCES @extschema@.land_part,
	CHECK (fiscal_year OPERATOR(pg_catalog.>=) base_year AND fiscal_year OPERATOR(pg_catalog.<) (base_year OPERATOR(pg_catalog.+) 3))
);
COMMENT ON TABLE @extschema@.land_valuation IS 'land price per fiscal year (基準年度 price or 下落修正 price) and the previous year''s tax bases';

-- Owners on the 賦課期日 (1 January): several rows = co-ownership (共有,
-- 連帯納税義務 法10条の2); share is informative (the tax is joint).
CREATE TABLE @extschema@.land_owner (
	lg_code			@extschema@.lg_code NOT NULL,
	parcel_no		text NOT NULL,
	atena_no		bigint NOT NULL,
	acquired_on		date NOT NULL,
	lost_on			date,
	share_num		integer NOT NULL DEFAULT 1 CHECK (share_num OPERATOR(pg_catalog.>) 0),
	share_den		integer NOT NULL DEFAULT 1 CHECK (share_den OPERATOR(pg_catalog.>) 0),
	representative	boolean NOT NULL DEFAULT false,	-- 代表者 (addressee of the co-owners' notice)
	PRIMARY KEY (lg_code, parcel_no, atena_no, acquired_on),
	FOREIGN KEY (lg_code, parcel_no) REFERENCES @extschema@.land_parcel,
	CHECK (lost_on IS NULL OR lost_on OPERATOR(pg_catalog.>) acquired_on)
);
CREATE INDEX land_owner_atena_idx ON @extschema@.land_owner (lg_code, atena_no);
COMMENT ON TABLE @extschema@.land_owner IS 'land owners with co-ownership shares; owner on 1 January is the taxpayer (法343条, 359条)';

-- 登記済通知書 from the Legal Affairs Bureau: append-only, with history.
CREATE TABLE @extschema@.land_registry_notice (
	lg_code			@extschema@.lg_code NOT NULL,
	notice_no		bigint GENERATED ALWAYS AS IDENTITY,
	received_on		date NOT NULL,
	registered_on	date NOT NULL,				-- 登記年月日
	kind			text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['transfer', 'inheritance', 'split', 'merge', 'new', 'change', 'loss'])),
	object_kind		text NOT NULL CHECK (object_kind OPERATOR(pg_catalog.=) ANY (ARRAY['land', 'house'])),
	object_no		text NOT NULL,				-- 地番 or 家屋番号
	atena_no		bigint,						-- new owner when identified
	payload			jsonb NOT NULL DEFAULT '{}',
	recorded_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	recorded_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, notice_no)
);
COMMENT ON TABLE @extschema@.land_registry_notice IS '登記済通知 (registry notices): append-only history; never updated or deleted';

-- Conflicts between imported data and the ledger (seed 000 req. 10).
CREATE TABLE @extschema@.ledger_inquiry (
	lg_code			@extschema@.lg_code NOT NULL,
	inquiry_no		bigint GENERATED ALWAYS AS IDENTITY,
	object_kind		text NOT NULL CHECK (object_kind OPERATOR(pg_catalog.=) ANY (ARRAY['land', 'house'])),
	object_no		text NOT NULL,
	source			text NOT NULL,				-- e.g. building confirmation, farmland conversion
	field			text NOT NULL,
	ledger_value	text,
	imported_value	text,
	status			text NOT NULL DEFAULT 'open' CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['open', 'resolved'])),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	resolved_by		text,
	resolved_at		timestamptz,
	PRIMARY KEY (lg_code, inquiry_no)
);
COMMENT ON TABLE @extschema@.ledger_inquiry IS '要照会: imported values that differ from the ledger, kept instead of overwriting';

-- ---------------------------------------------------------------------------
-- Houses
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.house (
	lg_code			@extschema@.lg_code NOT NULL,
	house_no		text NOT NULL CHECK (house_no OPERATOR(pg_catalog.<>) ''),	-- 家屋番号
	location		text NOT NULL,
	parcel_no		text,						-- the land it stands on
	structure		text NOT NULL,				-- 構造 (木造, 鉄骨造, RC造 ...)
	use_kind		text NOT NULL DEFAULT 'residence',	-- 用途
	floor_area		numeric(12,2) NOT NULL CHECK (floor_area OPERATOR(pg_catalog.>) 0),
	residential_area numeric(12,2) NOT NULL DEFAULT 0 CHECK (residential_area OPERATOR(pg_catalog.>=) 0),
	dwellings		integer NOT NULL DEFAULT 1 CHECK (dwellings OPERATOR(pg_catalog.>=) 0),
	built_on		date NOT NULL,				-- 新築年月日
	fireproof_3storey boolean NOT NULL DEFAULT false,	-- 3階建以上の耐火・準耐火 (5-year reduction)
	new_house_eligible boolean NOT NULL DEFAULT true,	-- 新築住宅の減額 applies if the statutory conditions hold
	in_cpt_area		boolean NOT NULL DEFAULT true,
	needs_inquiry	boolean NOT NULL DEFAULT false,
	PRIMARY KEY (lg_code, house_no),
	CHECK (residential_area OPERATOR(pg_catalog.<=) floor_area)
);
COMMENT ON TABLE @extschema@.house IS 'houses (家屋課税台帳): 家屋番号, structure, floor area, completion, new-house reduction eligibility';

CREATE TABLE @extschema@.house_valuation (
	lg_code			@extschema@.lg_code NOT NULL,
	house_no		text NOT NULL,
	fiscal_year		integer NOT NULL,
	price			bigint NOT NULL CHECK (price OPERATOR(pg_catalog.>=) 0),	-- 価格 = 課税標準額 (法349条)
	PRIMARY KEY (lg_code, fiscal_year, house_no),
	FOREIGN KEY (lg_code, house_no) REFERENCES @extschema@.house
);

CREATE TABLE @extschema@.house_owner (
	lg_code			@extschema@.lg_code NOT NULL,
	house_no		text NOT NULL,
	atena_no		bigint NOT NULL,
	acquired_on		date NOT NULL,
	lost_on			date,
	share_num		integer NOT NULL DEFAULT 1 CHECK (share_num OPERATOR(pg_catalog.>) 0),
	share_den		integer NOT NULL DEFAULT 1 CHECK (share_den OPERATOR(pg_catalog.>) 0),
	representative	boolean NOT NULL DEFAULT false,
	PRIMARY KEY (lg_code, house_no, atena_no, acquired_on),
	FOREIGN KEY (lg_code, house_no) REFERENCES @extschema@.house,
	CHECK (lost_on IS NULL OR lost_on OPERATOR(pg_catalog.>) acquired_on)
);
CREATE INDEX house_owner_atena_idx ON @extschema@.house_owner (lg_code, atena_no);

-- ---------------------------------------------------------------------------
-- Depreciable assets (償却資産): declarations as of 1 January, due 31 January
-- (法383条), paper / eLTAX / data punch; asset lines; expected filers.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.da_filer (
	lg_code			@extschema@.lg_code NOT NULL,
	atena_no		bigint NOT NULL,
	since_fy		integer NOT NULL,
	until_fy		integer,
	PRIMARY KEY (lg_code, atena_no, since_fy)
);
COMMENT ON TABLE @extschema@.da_filer IS 'persons expected to declare depreciable assets (for the non-filer list)';

CREATE TABLE @extschema@.da_declaration (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	atena_no		bigint NOT NULL,
	received_on		date NOT NULL,
	channel			text NOT NULL CHECK (channel OPERATOR(pg_catalog.=) ANY (ARRAY['paper', 'eltax', 'data_punch'])),
	preprinted		boolean NOT NULL DEFAULT true,
	PRIMARY KEY (lg_code, fiscal_year, atena_no)
);
COMMENT ON TABLE @extschema@.da_declaration IS '償却資産申告 as of 1 January of the fiscal year (法383条)';

CREATE TABLE @extschema@.da_asset_line (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	atena_no		bigint NOT NULL,
	line_no			integer NOT NULL,
	asset_name		text NOT NULL,
	acquisition_cost bigint NOT NULL CHECK (acquisition_cost OPERATOR(pg_catalog.>=) 0),
	acquired_on		date NOT NULL,
	useful_life		integer NOT NULL CHECK (useful_life BETWEEN 2 AND 50),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, line_no),
	FOREIGN KEY (lg_code, fiscal_year, atena_no) REFERENCES @extschema@.da_declaration
);

-- ---------------------------------------------------------------------------
-- Light vehicles
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.vehicle (
	lg_code			@extschema@.lg_code NOT NULL,
	vehicle_id		bigint NOT NULL,
	vehicle_class	text NOT NULL,
	plate			text NOT NULL,				-- 標識番号
	first_inspection_year integer,				-- 初度検査 (NULL for classes without inspection)
	first_inspection_month integer CHECK (first_inspection_month BETWEEN 1 AND 12),	-- NULL = year-only legacy value
	atena_no		bigint NOT NULL,			-- owner (所有者; 所有権留保 -> the user)
	storage_place	text NOT NULL,				-- 主たる定置場
	acquired_on		date NOT NULL,
	disposed_on		date,
	fuel			text NOT NULL DEFAULT 'gasoline',
	towed			boolean NOT NULL DEFAULT false,
	green_level		integer NOT NULL DEFAULT 0 CHECK (green_level OPERATOR(pg_catalog.=) ANY (ARRAY[0, 25, 50, 75])),
	PRIMARY KEY (lg_code, vehicle_id),
	CHECK (disposed_on IS NULL OR disposed_on OPERATOR(pg_catalog.>=) acquired_on)
);
CREATE INDEX vehicle_atena_idx ON @extschema@.vehicle (lg_code, atena_no);
COMMENT ON TABLE @extschema@.vehicle IS 'light vehicles (軽自動車等): class, plate, 初度検査, owner, storage place, fuel';

-- 減免 (法463条の23; 条例): one decision per vehicle and fiscal year.
CREATE TABLE @extschema@.vehicle_reduction (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	vehicle_id		bigint NOT NULL,
	atena_no		bigint NOT NULL,			-- the disabled person (身体障害者等)
	certificate_type text NOT NULL,				-- 手帳の種類 (身体, 療育, 精神)
	disability_category text NOT NULL,			-- 障害の区分
	disability_grade text NOT NULL,				-- 障害の級別
	decision_no		text NOT NULL,				-- 減免決定番号
	reduction		numeric(5,4) NOT NULL DEFAULT 1 CHECK (reduction OPERATOR(pg_catalog.>) 0 AND reduction OPERATOR(pg_catalog.<=) 1),
	decided_on		date NOT NULL,
	PRIMARY KEY (lg_code, fiscal_year, vehicle_id),
	FOREIGN KEY (lg_code, vehicle_id) REFERENCES @extschema@.vehicle
);
-- one reduced vehicle per disabled person and year (seed 004 R23)
CREATE UNIQUE INDEX vehicle_reduction_one_per_person ON @extschema@.vehicle_reduction (lg_code, fiscal_year, atena_no);

-- ---------------------------------------------------------------------------
-- Append-only registry notices
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.levy_append_only()
	RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME
		USING ERRCODE = '42501',
		      DETAIL = 'Rows of this table are kept as history and are never updated or deleted.',
		      HINT = 'Record a new notice instead.';
END
$$;
CREATE TRIGGER land_registry_notice_append_only BEFORE UPDATE OR DELETE ON @extschema@.land_registry_notice
	FOR EACH ROW EXECUTE FUNCTION @extschema@.levy_append_only();

-- ---------------------------------------------------------------------------
-- Imports that must not overwrite: building confirmations and farmland
-- conversions.  A differing value opens a ledger_inquiry and marks the
-- object needs_inquiry; the ledger keeps its value until a clerk resolves it.
-- Returns 'inserted', 'same' or 'needs_inquiry'.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.import_house_data(p_lg_code @extschema@.lg_code, p_house_no text, p_location text,
	p_structure text, p_floor_area numeric, p_built_on date, p_source text)
	RETURNS text
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	h record;
	n integer := 0;
BEGIN
	PERFORM @extschema@.levy_area_c(p_floor_area, 'floor area');
	SELECT * INTO h FROM @extschema@.house
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND house_no OPERATOR(pg_catalog.=) p_house_no FOR UPDATE;
	IF NOT FOUND THEN
		INSERT INTO @extschema@.house (lg_code, house_no, location, structure, floor_area, residential_area, built_on)
		VALUES (p_lg_code, p_house_no, p_location, p_structure, p_floor_area, p_floor_area, p_built_on);
		RETURN 'inserted';
	END IF;
	IF h.structure OPERATOR(pg_catalog.<>) p_structure THEN
		INSERT INTO @extschema@.ledger_inquiry (lg_code, object_kind, object_no, source, field, ledger_value, imported_value)
		VALUES (p_lg_code, 'house', p_house_no, p_source, 'structure', h.structure, p_structure);
		n := n OPERATOR(pg_catalog.+) 1;
	END IF;
	IF h.floor_area OPERATOR(pg_catalog.<>) p_floor_area THEN
		INSERT INTO @extschema@.ledger_inquiry (lg_code, object_kind, object_no, source, field, ledger_value, imported_value)
		VALUES (p_lg_code, 'house', p_house_no, p_source, 'floor_area', h.floor_area::text, p_floor_area::text);
		n := n OPERATOR(pg_catalog.+) 1;
	END IF;
	IF h.built_on OPERATOR(pg_catalog.<>) p_built_on THEN
		INSERT INTO @extschema@.ledger_inquiry (lg_code, object_kind, object_no, source, field, ledger_value, imported_value)
		VALUES (p_lg_code, 'house', p_house_no, p_source, 'built_on', h.built_on::text, p_built_on::text);
		n := n OPERATOR(pg_catalog.+) 1;
	END IF;
	IF n OPERATOR(pg_catalog.=) 0 THEN
		RETURN 'same';
	END IF;
	UPDATE @extschema@.house SET needs_inquiry = true
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND house_no OPERATOR(pg_catalog.=) p_house_no;
	RETURN 'needs_inquiry';
END
$$;
COMMENT ON FUNCTION @extschema@.import_house_data(@extschema@.lg_code, text, text, text, numeric, date, text) IS 'imports building data; a conflict is recorded in ledger_inquiry (要照会) instead of overwriting';

CREATE FUNCTION @extschema@.import_land_category(p_lg_code @extschema@.lg_code, p_parcel_no text, p_land_category text, p_source text)
	RETURNS text
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	cur text;
BEGIN
	SELECT land_category INTO cur FROM @extschema@.land_parcel
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND parcel_no OPERATOR(pg_catalog.=) p_parcel_no FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'parcel % is not in the land ledger', p_parcel_no
			USING ERRCODE = 'P0002', HINT = 'Register the parcel from the registry notice first.';
	END IF;
	IF cur OPERATOR(pg_catalog.=) p_land_category THEN
		RETURN 'same';
	END IF;
	INSERT INTO @extschema@.ledger_inquiry (lg_code, object_kind, object_no, source, field, ledger_value, imported_value)
	VALUES (p_lg_code, 'land', p_parcel_no, p_source, 'land_category', cur, p_land_category);
	UPDATE @extschema@.land_parcel SET needs_inquiry = true
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND parcel_no OPERATOR(pg_catalog.=) p_parcel_no;
	RETURN 'needs_inquiry';
END
$$;
COMMENT ON FUNCTION @extschema@.import_land_category(@extschema@.lg_code, text, text, text) IS 'imports a 地目 (e.g. farmland conversion); a conflict is marked 要照会 instead of overwriting';

-- Applying a 登記済通知 of a change of owner (transfer, inheritance) to the
-- owner ledger: the current owners lose the object on the registration
-- date and the notice's owner acquires it.  Each notice is applied at most
-- once (land_registry_notice_applied); other kinds, and notices without an
-- identified owner, open a ledger_inquiry for a clerk.  Returns 'applied',
-- 'already_applied' or 'needs_inquiry'.
CREATE TABLE @extschema@.land_registry_notice_applied (
	lg_code			@extschema@.lg_code NOT NULL,
	notice_no		bigint NOT NULL,
	result			text NOT NULL,
	applied_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	applied_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, notice_no),
	FOREIGN KEY (lg_code, notice_no) REFERENCES @extschema@.land_registry_notice
);

CREATE FUNCTION @extschema@.apply_registry_notice(p_lg_code @extschema@.lg_code, p_notice_no bigint)
	RETURNS text
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n record;
	found_object boolean;
BEGIN
	SELECT * INTO n FROM @extschema@.land_registry_notice r
	 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.notice_no OPERATOR(pg_catalog.=) p_notice_no;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no registry notice % for municipality %', p_notice_no, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	PERFORM FROM @extschema@.land_registry_notice_applied a
	  WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.notice_no OPERATOR(pg_catalog.=) p_notice_no FOR UPDATE;
	IF FOUND THEN
		RETURN 'already_applied';
	END IF;
	IF n.object_kind OPERATOR(pg_catalog.=) 'land' THEN
		found_object := EXISTS (SELECT FROM @extschema@.land_parcel x
		                         WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.parcel_no OPERATOR(pg_catalog.=) n.object_no);
	ELSE
		found_object := EXISTS (SELECT FROM @extschema@.house x
		                         WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.house_no OPERATOR(pg_catalog.=) n.object_no);
	END IF;
	IF NOT (n.kind OPERATOR(pg_catalog.=) ANY (ARRAY['transfer', 'inheritance'])) OR n.atena_no IS NULL OR NOT found_object THEN
		INSERT INTO @extschema@.ledger_inquiry (lg_code, object_kind, object_no, source, field, ledger_value, imported_value)
		VALUES (p_lg_code, n.object_kind, n.object_no, 'registry notice ' OPERATOR(pg_catalog.||) p_notice_no::text, n.kind,
		        NULL, coalesce(n.atena_no::text, 'owner not identified'));
		INSERT INTO @extschema@.land_registry_notice_applied (lg_code, notice_no, result) VALUES (p_lg_code, p_notice_no, 'needs_inquiry');
		RETURN 'needs_inquiry';
	END IF;
	IF n.object_kind OPERATOR(pg_catalog.=) 'land' THEN
		UPDATE @extschema@.land_owner o SET lost_on = n.registered_on
		 WHERE o.lg_code OPERATOR(@extschema@.=) p_lg_code AND o.parcel_no OPERATOR(pg_catalog.=) n.object_no
		   AND o.lost_on IS NULL AND o.acquired_on OPERATOR(pg_catalog.<) n.registered_on;
		INSERT INTO @extschema@.land_owner (lg_code, parcel_no, atena_no, acquired_on, representative)
		VALUES (p_lg_code, n.object_no, n.atena_no, n.registered_on, false);
	ELSE
		UPDATE @extschema@.house_owner o SET lost_on = n.registered_on
		 WHERE o.lg_code OPERATOR(@extschema@.=) p_lg_code AND o.house_no OPERATOR(pg_catalog.=) n.object_no
		   AND o.lost_on IS NULL AND o.acquired_on OPERATOR(pg_catalog.<) n.registered_on;
		INSERT INTO @extschema@.house_owner (lg_code, house_no, atena_no, acquired_on, representative)
		VALUES (p_lg_code, n.object_no, n.atena_no, n.registered_on, false);
	END IF;
	INSERT INTO @extschema@.land_registry_notice_applied (lg_code, notice_no, result) VALUES (p_lg_code, p_notice_no, 'applied');
	RETURN 'applied';
END
$$;
COMMENT ON FUNCTION @extschema@.apply_registry_notice(@extschema@.lg_code, bigint) IS 'applies a 登記済通知 (transfer, inheritance) to the owner ledger once; other notices open a 要照会';

-- Late filers (received after 31 January, 法383条) and non-filers.
CREATE FUNCTION @extschema@.da_filing_status(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (atena_no bigint, status text, received_on date)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT f.atena_no,
	       CASE WHEN d.atena_no IS NULL THEN 'not_filed'
	            WHEN d.received_on OPERATOR(pg_catalog.>) pg_catalog.make_date(p_fiscal_year, 1, 31) THEN 'late'
	            ELSE 'on_time' END,
	       d.received_on
	  FROM @extschema@.da_filer f
	  LEFT JOIN @extschema@.da_declaration d
	    ON d.lg_code OPERATOR(@extschema@.=) f.lg_code AND d.atena_no OPERATOR(pg_catalog.=) f.atena_no
	   AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 WHERE f.lg_code OPERATOR(@extschema@.=) p_lg_code
	   AND f.since_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	   AND (f.until_fy IS NULL OR f.until_fy OPERATOR(pg_catalog.>=) p_fiscal_year)
	 ORDER BY 2 DESC, 1
$$;
COMMENT ON FUNCTION @extschema@.da_filing_status(@extschema@.lg_code, integer) IS 'expected depreciable-asset filers: on_time, late (after 31 January) or not_filed';
