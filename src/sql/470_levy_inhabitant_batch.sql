-- levy (inhabitant tax): the annual batch (当初賦課).  For every person with
-- current tax documents for the year who lived in the municipality on
-- 1 January (賦課期日, 地方税法318条), the merged facts (資料併合) are
-- computed with the same kernel as zeimu.inhabitant_tax and stored as a
-- decision version; the collection schedule goes with it: 給与特別徴収
-- (法321条の3, 321条の5①: 12 amounts June-May, the fraction in June) when a
-- current salary report names an employer, else 普通徴収 (法319条の2,
-- 320条: the ordinance periods, 法20条の4の2⑥ for the rounding).
-- See doc/levy-inhabitant.md, "Annual batch".

-- The unit of the ordinary installments (法20条の4の2⑥: ¥1,000, or ¥100 by
-- ordinance; a municipality overrides with its own row).
INSERT INTO @extschema@.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
	('000000', 2021, 'ordinary_collection_unit', 1000, '法20条の4の2⑥ (各期 千円未満は第1期へ; 条例で百円も可)');

-- The ordinary-collection periods (法320条: June, August, October, January
-- unless the ordinance says otherwise).  due_day 31 = the last day of the
-- month; year_offset 1 = the calendar year after the fiscal year.  A
-- municipality's rows for a from_fy replace the national set as a whole.
CREATE TABLE @extschema@.inhabitant_ordinary_period (
	lg_code		@extschema@.lg_code NOT NULL,
	from_fy		integer NOT NULL CHECK (from_fy BETWEEN 1950 AND 2200),
	period		integer NOT NULL CHECK (period BETWEEN 1 AND 12),
	due_month	integer NOT NULL CHECK (due_month BETWEEN 1 AND 12),
	due_day		integer NOT NULL CHECK (due_day BETWEEN 1 AND 31),
	year_offset	integer NOT NULL DEFAULT 0 CHECK (year_offset BETWEEN 0 AND 1),
	PRIMARY KEY (lg_code, from_fy, period)
);
COMMENT ON TABLE @extschema@.inhabitant_ordinary_period IS '普通徴収 納期 per municipality (法320条); lg_code 000000 = national standard';
INSERT INTO @extschema@.inhabitant_ordinary_period (lg_code, from_fy, period, due_month, due_day, year_offset) VALUES
	('000000', 2021, 1, 6, 31, 0),
	('000000', 2021, 2, 8, 31, 0),
	('000000', 2021, 3, 10, 31, 0),
	('000000', 2021, 4, 1, 31, 1);

-- 年金特別徴収 (法321条の7の2): who qualifies.  A person aged 65 or more on
-- the first day of the fiscal year (1 April) who receives a 老齢等年金 of at
-- least the amount set by 政令 (年額18万円) per year.  Ordinance-free: the
-- national rows apply everywhere, a municipality row only for tests.
INSERT INTO @extschema@.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
	('000000', 2021, 'pension_special_age', 65, '法321条の7の2① (当該年度の初日において65歳以上)'),
	('000000', 2021, 'pension_special_min', 180000, '法321条の7の2①, 地方税法施行令48条の9の10 (年額18万円以上) [M]');

-- Assessments: one row per decision or correction version.
CREATE TABLE @extschema@.inhabitant_assessment (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL CHECK (fiscal_year BETWEEN 2021 AND 2100),
	atena_no		bigint NOT NULL,
	version			integer NOT NULL CHECK (version > 0),
	kind			text NOT NULL CHECK (kind = ANY (ARRAY['decision', 'correction'])),
	income_levy_city bigint NOT NULL CHECK (income_levy_city >= 0),	-- 所得割 市
	income_levy_pref bigint NOT NULL CHECK (income_levy_pref >= 0),	-- 所得割 県
	per_capita_city	bigint NOT NULL CHECK (per_capita_city >= 0),		-- 均等割 市
	per_capita_pref	bigint NOT NULL CHECK (per_capita_pref >= 0),		-- 均等割 県
	forest_env_tax	bigint NOT NULL CHECK (forest_env_tax >= 0),		-- 森林環境税
	total			bigint NOT NULL CHECK (total >= 0),
	collection_mode	text NOT NULL CHECK (collection_mode = ANY (ARRAY['special', 'ordinary', 'pension', 'none'])),
	employer_name	text,
	employer_no		text,
	pension_amount	bigint NOT NULL DEFAULT 0 CHECK (pension_amount >= 0),	-- collected by the pension payer
	pension_payer	text,
	reason			text CHECK (reason = ANY (ARRAY['report', 'return', 'amended_return', 'dependant_denied',
						'ex_officio', 'moved_out', 'death', 'employment_change'])),
	overpaid		bigint NOT NULL DEFAULT 0 CHECK (overpaid >= 0),	-- fixed amounts above the new total
	note			text,
	breakdown		jsonb NOT NULL,
	decided_on		date NOT NULL,
	staff			text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, version),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person (lg_code, atena_no),
	CHECK ((kind = 'decision') = (version = 1)),
	CHECK ((kind = 'decision') = (reason IS NULL)),
	CHECK ((collection_mode = 'none') = (total = 0)),
	CHECK ((collection_mode = 'special') = (employer_name IS NOT NULL)),
	CHECK ((pension_amount > 0) <= (pension_payer IS NOT NULL))
);
COMMENT ON TABLE @extschema@.inhabitant_assessment IS '個人住民税 assessments: decision (version 1) and correction versions with their reason';

-- 特別徴収税額: the 12 monthly amounts (June .. May) of a version, per
-- employer (part 1; a transfer to a new employer adds part 2, ...).
CREATE TABLE @extschema@.inhabitant_special_schedule (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	atena_no		bigint NOT NULL,
	version			integer NOT NULL,
	part			integer NOT NULL DEFAULT 1 CHECK (part > 0),
	employer_name	text NOT NULL,
	employer_no		text,
	amounts			bigint[] NOT NULL CHECK (pg_catalog.cardinality(amounts) = 12),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, version, part),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version)
);
COMMENT ON TABLE @extschema@.inhabitant_special_schedule IS '給与特別徴収 monthly amounts June..May per assessment version and employer (法321条の5①)';

-- 普通徴収 installments of a version.
CREATE TABLE @extschema@.inhabitant_ordinary_installment (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	atena_no		bigint NOT NULL,
	version			integer NOT NULL,
	period			integer NOT NULL CHECK (period BETWEEN 1 AND 24),
	nominal_due		date NOT NULL,
	due_date		date NOT NULL,
	amount			bigint NOT NULL CHECK (amount >= 0),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, version, period),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version)
);
COMMENT ON TABLE @extschema@.inhabitant_ordinary_installment IS '普通徴収 installments per assessment version (法320条, 20条の4の2⑥, due dates 法20条の5②)';

-- 年金特別徴収 of a version (法321条の7の2 - 321条の7の8): amounts
-- {April, June, August, October, December, February}.  share = the tax on
-- the pension income (公的年金等に係る所得割 + 均等割 when no salary special
-- collection); previous_share = last year's share (仮徴収 = half of it,
-- 法321条の7の8); first year (no previous share): half of the share by
-- 普通徴収 in the first two periods (ordinary_part), the rest October,
-- December, February (法321条の7の2③ area [M]).
CREATE TABLE @extschema@.inhabitant_pension_schedule (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	atena_no		bigint NOT NULL,
	version			integer NOT NULL,
	payer_name		text NOT NULL,
	share			bigint NOT NULL CHECK (share >= 0),
	previous_share	bigint CHECK (previous_share >= 0),
	first_year		boolean NOT NULL GENERATED ALWAYS AS (previous_share IS NULL) STORED,
	ordinary_part	bigint NOT NULL DEFAULT 0 CHECK (ordinary_part >= 0),
	stopped			boolean NOT NULL DEFAULT false,		-- 転出・死亡: the payer stops
	amounts			bigint[] NOT NULL CHECK (pg_catalog.cardinality(amounts) = 6),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, version),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version)
);
COMMENT ON TABLE @extschema@.inhabitant_pension_schedule IS '年金特別徴収: 仮徴収 April/June/August, 本徴収 October/December/February per version (法321条の7の2-の8)';

-- The 普通徴収 installments of a total for a municipality and year: the
-- periods in force (municipal set, else national), amounts by
-- split_installments with ordinary_collection_unit, due dates moved to the
-- next open day of the municipality (法20条の5②).
CREATE FUNCTION @extschema@.inhabitant_ordinary_plan(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_total bigint)
	RETURNS TABLE (period integer, nominal_due date, due_date date, amount bigint)
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_src @extschema@.lg_code;
	v_from integer;
	v_n integer;
	v_unit bigint;
	v_amounts bigint[];
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_total IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year and total must not be null';
	END IF;
	IF p_total OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'annual tax must not be negative';
	END IF;
	SELECT o.lg_code, o.from_fy INTO v_src, v_from
	  FROM @extschema@.inhabitant_ordinary_period o
	 WHERE (o.lg_code OPERATOR(@extschema@.=) p_lg_code OR o.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND o.from_fy OPERATOR(pg_catalog.<=) p_fiscal_year
	 ORDER BY o.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code, o.from_fy DESC
	 LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = pg_catalog.format('no ordinary collection periods for fiscal year %s', p_fiscal_year),
			HINT = 'Insert the ordinance 納期 into zeimu.inhabitant_ordinary_period.';
	END IF;
	SELECT pg_catalog.count(*) INTO v_n FROM @extschema@.inhabitant_ordinary_period o
	 WHERE o.lg_code OPERATOR(@extschema@.=) v_src AND o.from_fy OPERATOR(pg_catalog.=) v_from;
	SELECT p.value::bigint INTO v_unit FROM @extschema@.inhabitant_param p
	 WHERE (p.lg_code OPERATOR(@extschema@.=) p_lg_code OR p.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND p.fy_from OPERATOR(pg_catalog.<=) p_fiscal_year AND p.name OPERATOR(pg_catalog.=) 'ordinary_collection_unit'
	 ORDER BY p.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code, p.fy_from DESC
	 LIMIT 1;
	IF v_unit IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'inhabitant tax parameter "ordinary_collection_unit" is missing',
			HINT = 'Add the national row (lg_code 000000) to zeimu.inhabitant_param.';
	END IF;
	v_amounts := @extschema@.split_installments(p_total, v_n, v_unit::integer);
	RETURN QUERY
	SELECT o.period, @extschema@.installment_nominal_date(p_fiscal_year, o.due_month, o.due_day, o.year_offset),
	       @extschema@.levy_due_date(@extschema@.installment_nominal_date(p_fiscal_year, o.due_month, o.due_day, o.year_offset), p_lg_code),
	       v_amounts[o.period]
	  FROM @extschema@.inhabitant_ordinary_period o
	 WHERE o.lg_code OPERATOR(@extschema@.=) v_src AND o.from_fy OPERATOR(pg_catalog.=) v_from
	 ORDER BY o.period;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_ordinary_plan(@extschema@.lg_code, integer, bigint) IS
	'普通徴収 installments of an annual inhabitant tax: ordinance 納期 moved to the next open day, amounts per 法20条の4の2⑥';

-- 資料併合 in C, in one pass per person (src/levy_inhabitant_merge.c): the
-- aggregate zeimu.inhabitant_merge_documents over a person's current
-- documents returns the merged facts (the same rules as
-- zeimu.merged_tax_facts: final return > inhabitant return > the reports
-- merged, SUMMED keys added; one-stop notices only without a return), the
-- employer of the latest salary report naming one, the payer of the latest
-- pension report and the reason a change would carry (the latest document: a
-- return superseding a return → amended_return; a return → return; else
-- report).  "Latest" is by receipt date, then document id; the aggregate sorts
-- the documents itself.
CREATE TYPE @extschema@.inhabitant_merged AS (facts jsonb, employer_name text, employer_no text,
	pension_payer text, reason text);
COMMENT ON TYPE @extschema@.inhabitant_merged IS '資料併合 of one person: merged facts, employer, pension payer, reason of a change';
CREATE FUNCTION @extschema@.inhabitant_merge_documents_step(internal, text, jsonb, date, bigint, text, text, text, bigint)
	RETURNS internal AS 'MODULE_PATHNAME', 'inhabitant_merge_documents_step' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION @extschema@.inhabitant_merge_documents_final(internal)
	RETURNS @extschema@.inhabitant_merged AS 'MODULE_PATHNAME', 'inhabitant_merge_documents_final' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE @extschema@.inhabitant_merge_documents(kind text, facts jsonb, received_on date, document_id bigint,
	employer_name text, employer_no text, source text, supersedes bigint) (
	SFUNC = @extschema@.inhabitant_merge_documents_step,
	STYPE = internal,
	FINALFUNC = @extschema@.inhabitant_merge_documents_final,
	FINALFUNC_MODIFY = READ_WRITE,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.inhabitant_merge_documents(text, jsonb, date, bigint, text, text, text, bigint) IS
	'資料併合 in C over one person''s current tax documents: merged facts, employer, pension payer, reason (zeimu.inhabitant_merged)';

-- The input of the batch for every person with current assigned documents
-- for the year, set-based: the merge (zeimu.inhabitant_merge_documents, one
-- aggregate per person), whether the person was 住登内 on 1 January (the same
-- rule as zeimu.person_resident_on) and the birth date.
-- p_assessed: NULL every person; true only persons with a version for the
-- year; false only persons without.
CREATE FUNCTION @extschema@.inhabitant_levy_input(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_assessed boolean DEFAULT NULL)
	RETURNS TABLE (atena_no bigint, facts jsonb, employer_name text, employer_no text, pension_payer text,
		resident boolean, birth_date date, reason text)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
WITH per AS MATERIALIZED (
	SELECT d.atena_no,
		   @extschema@.inhabitant_merge_documents(d.kind, d.facts, d.received_on, d.document_id,
				d.employer_name, d.employer_no, d.source, d.supersedes) AS m
	  FROM @extschema@.tax_document_current d
	 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND d.atena_no IS NOT NULL
	   AND (p_assessed IS NULL OR p_assessed OPERATOR(pg_catalog.=) EXISTS (
			SELECT FROM @extschema@.inhabitant_assessment a
			 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
			   AND a.atena_no OPERATOR(pg_catalog.=) d.atena_no))
	 GROUP BY d.atena_no
)
SELECT per.atena_no, (per.m).facts, (per.m).employer_name, (per.m).employer_no, (per.m).pension_payer,
	   COALESCE(res.resident, false), p.birth_date, (per.m).reason
  FROM per
  LEFT JOIN @extschema@.person p ON p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) per.atena_no
  LEFT JOIN LATERAL (
	SELECT v.resident FROM (
		SELECT p.resident, p.business_date, 9223372036854775807 AS version_no
		 WHERE p.atena_no IS NOT NULL
		UNION ALL
		SELECT (h.old_row OPERATOR(pg_catalog.->>) 'resident')::boolean, h.business_date, h.version_no
		  FROM @extschema@.person_history h
		 WHERE h.lg_code OPERATOR(@extschema@.=) p_lg_code AND h.atena_no OPERATOR(pg_catalog.=) per.atena_no
	) v
	WHERE v.business_date OPERATOR(pg_catalog.<=) pg_catalog.make_date(p_fiscal_year, 1, 1)
	ORDER BY v.business_date DESC, v.version_no DESC
	LIMIT 1) res ON true
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_levy_input(@extschema@.lg_code, integer, boolean) IS
	'個人住民税 batch input, set-based: merged facts (資料併合), employer, pension payer, residence on 1 January, reason of a change';

-- The tax on the pension income (法321条の7の2, 公的年金等に係る所得割額):
-- 所得割 (市 + 県) × 公的年金等所得 / 総所得金額等, truncated to the pension
-- collection unit, plus 均等割 and 森林環境税 when the person is not in
-- 給与特別徴収 (then the 均等割 goes with the salary).  0 without pension income.
-- The numeric divisions round as numeric '/' does, then trunc to the unit.
-- In C (src/levy_inhabitant_collection.c): a SQL function with its own
-- search_path is called, not inlined, once per person in the batch.
CREATE FUNCTION @extschema@.inhabitant_pension_share(p_breakdown jsonb, p_salary_special boolean, p_unit bigint)
	RETURNS bigint AS 'MODULE_PATHNAME', 'inhabitant_pension_share' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inhabitant_pension_share(jsonb, boolean, bigint) IS
	'法321条の7の2: the part of an inhabitant tax that falls on the public pension income (所得割 by income share, 均等割 unless salary special collection)';

-- A scalar parameter for a municipality and year (municipal row, else national).
CREATE FUNCTION @extschema@.inhabitant_param_value(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_name text)
	RETURNS numeric
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v numeric;
BEGIN
	SELECT p.value INTO v FROM @extschema@.inhabitant_param p
	 WHERE (p.lg_code OPERATOR(@extschema@.=) p_lg_code OR p.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND p.fy_from OPERATOR(pg_catalog.<=) p_fiscal_year AND p.name OPERATOR(pg_catalog.=) p_name
	 ORDER BY p.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code, p.fy_from DESC
	 LIMIT 1;
	IF v IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = pg_catalog.format('inhabitant tax parameter "%s" is missing', p_name),
			HINT = 'Add the national row (lg_code 000000) to zeimu.inhabitant_param.';
	END IF;
	RETURN v;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_param_value(@extschema@.lg_code, integer, text) IS
	'a scalar inhabitant tax parameter in force (municipal row, else national; newest fy_from)';

-- The annual batch (当初賦課) and every later run (月例).  Persons without a
-- version get a decision, set-based; persons whose recomputed breakdown
-- differs from their latest version get a correction version
-- (zeimu.inhabitant_write_correction: the difference spread over the
-- remaining installments).  Idempotent: an unchanged breakdown writes
-- nothing.  One run per municipality and year at a time (55P03).
CREATE FUNCTION @extschema@.levy_inhabitant(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_decided_on date DEFAULT CURRENT_DATE)
	RETURNS TABLE (persons integer, decided integer, corrected integer, unchanged integer,
		special integer, ordinary integer, non_taxable integer, not_resident integer,
		pension integer, overpaid bigint)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	SET work_mem = '256MB'			-- the merge sorts 400,000 documents in memory
AS $$
DECLARE
	v_params jsonb;
	v_sunit bigint;
	v_punit bigint;
	v_ounit bigint;
	v_age_limit date;
	v_pen_min bigint;
	v_periods integer[];
	v_nominal date[];
	v_due date[];
	v_n integer;
	r record;
	v_ver integer;
	v_mode text;
	v_over bigint;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_decided_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year and decision date must not be null';
	END IF;
	PERFORM @extschema@.levy_batch_lock('levy_inhabitant', p_lg_code, p_fiscal_year);
	-- The bundle and the collection parameters once per run (the bundle
	-- validates the fiscal year).
	v_params := @extschema@.inhabitant_tax_params(p_fiscal_year, p_lg_code);
	v_sunit := @extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'special_collection_unit');
	v_punit := @extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'pension_collection_unit');
	v_ounit := @extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'ordinary_collection_unit');
	v_pen_min := @extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'pension_special_min');
	-- 65 on 1 April: born on or before 2 April 65 years earlier (an age is
	-- reached on the day before the birthday, 年齢計算ニ関スル法律).
	v_age_limit := pg_catalog.make_date(p_fiscal_year OPERATOR(pg_catalog.-)
		@extschema@.inhabitant_param_value(p_lg_code, p_fiscal_year, 'pension_special_age')::integer, 4, 2);
	SELECT pg_catalog.array_agg(o.period ORDER BY o.period), pg_catalog.array_agg(o.nominal_due ORDER BY o.period),
		   pg_catalog.array_agg(o.due_date ORDER BY o.period)
	  INTO v_periods, v_nominal, v_due
	  FROM @extschema@.inhabitant_ordinary_plan(p_lg_code, p_fiscal_year, 0) o;
	v_n := pg_catalog.cardinality(v_periods);

	-- Corrections first (persons with a version before this run) whose
	-- result changed.
	persons := 0; not_resident := 0; corrected := 0; unchanged := 0;
	special := 0; ordinary := 0; non_taxable := 0; overpaid := 0;
	-- The input is sorted before the breakdowns are computed and compared
	-- with the latest version's (no sort of breakdowns); only a changed
	-- breakdown is passed to the loop.
	FOR r IN
		SELECT i.atena_no, i.reason, i.resident, i.employer_name, i.employer_no, x.same,
			   CASE WHEN x.same THEN NULL ELSE x.b END AS b
		  FROM (SELECT i.* FROM @extschema@.inhabitant_levy_input(p_lg_code, p_fiscal_year, true) i
				 ORDER BY i.atena_no OFFSET 0) i,
			   LATERAL (SELECT b.b, b.b OPERATOR(pg_catalog.=)
						(SELECT a.breakdown FROM @extschema@.inhabitant_assessment a
						  WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
							AND a.atena_no OPERATOR(pg_catalog.=) i.atena_no
						  ORDER BY a.version DESC LIMIT 1) AS same
						  FROM (SELECT @extschema@.inhabitant_tax_compute(v_params, i.facts) AS b OFFSET 0) b) x
		 ORDER BY i.atena_no
	LOOP
		persons := persons OPERATOR(pg_catalog.+) 1;
		IF NOT r.resident THEN
			not_resident := not_resident OPERATOR(pg_catalog.+) 1;
			CONTINUE;
		END IF;
		IF r.same THEN
			unchanged := unchanged OPERATOR(pg_catalog.+) 1;
			CONTINUE;
		END IF;
		v_ver := @extschema@.inhabitant_write_correction(p_lg_code, p_fiscal_year, r.atena_no, r.b, r.reason, p_decided_on,
			NULL, r.employer_name, r.employer_no);
		corrected := corrected OPERATOR(pg_catalog.+) 1;
		SELECT a.collection_mode, a.overpaid INTO v_mode, v_over FROM @extschema@.inhabitant_assessment a
		 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND a.atena_no OPERATOR(pg_catalog.=) r.atena_no AND a.version OPERATOR(pg_catalog.=) v_ver;
		overpaid := overpaid OPERATOR(pg_catalog.+) v_over;
		IF v_mode OPERATOR(pg_catalog.=) 'special' THEN
			special := special OPERATOR(pg_catalog.+) 1;
		ELSIF v_mode OPERATOR(pg_catalog.=) 'ordinary' THEN
			ordinary := ordinary OPERATOR(pg_catalog.+) 1;
		ELSIF v_mode OPERATOR(pg_catalog.=) 'none' THEN
			non_taxable := non_taxable OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;

	-- Decisions, set-based: persons without a version.
	WITH every AS MATERIALIZED (
		SELECT i.* FROM @extschema@.inhabitant_levy_input(p_lg_code, p_fiscal_year, false) i
	), c AS MATERIALIZED (
		-- one slim materialisation (OFFSET 0: each subquery is evaluated once
		-- per row, not flattened into its references); the ~1.2 kB breakdown
		-- is not kept here but computed again (IMMUTABLE, the same value)
		-- where the assessment row is written: c is read by five statements.
		SELECT t.*, CASE WHEN t.pen THEN t.share ELSE 0 END AS p_total,
			   t.total OPERATOR(pg_catalog.-) CASE WHEN t.pen THEN t.share ELSE 0 END AS rest,
			   CASE WHEN NOT t.pen THEN 0 WHEN t.prev_share IS NULL THEN t.share OPERATOR(pg_catalog.-) (t.share OPERATOR(pg_catalog./) 2) ELSE 0 END AS ord_part,
			   CASE WHEN NOT t.pen THEN NULL
					WHEN t.prev_share IS NULL THEN @extschema@.pension_special_collection_split_k(0, t.share OPERATOR(pg_catalog./) 2, v_punit)
					ELSE @extschema@.pension_special_collection_split_k(t.prev_share, t.share, v_punit) END AS pen_amounts,
			   CASE WHEN t.total OPERATOR(pg_catalog.=) 0 THEN 'none'
					WHEN t.pen AND t.total OPERATOR(pg_catalog.=) t.share THEN 'pension'
					WHEN t.employer_name IS NOT NULL THEN 'special'
					ELSE 'ordinary' END AS mode
		  FROM (SELECT t.*, t.pen_ok AND t.share OPERATOR(pg_catalog.>) 0 AND t.share OPERATOR(pg_catalog.<=) t.pension_income
					AND t.share OPERATOR(pg_catalog.<=) t.total AS pen
				  FROM (
					SELECT inp.atena_no, inp.facts, (inp.b OPERATOR(pg_catalog.->>) 'total')::bigint AS total,
						   (inp.b OPERATOR(pg_catalog.->>) 'income_levy_city')::bigint AS income_levy_city,
						   (inp.b OPERATOR(pg_catalog.->>) 'income_levy_pref')::bigint AS income_levy_pref,
						   (inp.b OPERATOR(pg_catalog.->>) 'per_capita_city')::bigint AS per_capita_city,
						   (inp.b OPERATOR(pg_catalog.->>) 'per_capita_pref')::bigint AS per_capita_pref,
						   (inp.b OPERATOR(pg_catalog.->>) 'forest_env_tax')::bigint AS forest_env_tax,
						   inp.employer_name, inp.employer_no, inp.pension_payer,
						   inp.pension_payer IS NOT NULL AND inp.birth_date OPERATOR(pg_catalog.<=) v_age_limit
							AND COALESCE((inp.facts OPERATOR(pg_catalog.->>) 'pension')::bigint, 0) OPERATOR(pg_catalog.>=) v_pen_min AS pen_ok,
						   @extschema@.inhabitant_pension_share(inp.b,
							(inp.b OPERATOR(pg_catalog.->>) 'total')::bigint OPERATOR(pg_catalog.>) 0 AND inp.employer_name IS NOT NULL, v_punit) AS share,
						   COALESCE((inp.facts OPERATOR(pg_catalog.->>) 'pension')::bigint, 0) AS pension_income,
						   (SELECT s.share FROM @extschema@.inhabitant_assessment a
							  LEFT JOIN @extschema@.inhabitant_pension_schedule s
								ON s.lg_code OPERATOR(@extschema@.=) a.lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) a.fiscal_year
							   AND s.atena_no OPERATOR(pg_catalog.=) a.atena_no AND s.version OPERATOR(pg_catalog.=) a.version AND NOT s.stopped
							 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) (p_fiscal_year OPERATOR(pg_catalog.-) 1)
							   AND a.atena_no OPERATOR(pg_catalog.=) inp.atena_no
							 ORDER BY a.version DESC LIMIT 1) AS prev_share
					  FROM (SELECT i.*, @extschema@.inhabitant_tax_compute(v_params, i.facts) AS b
							  FROM every i
							 WHERE i.resident
							OFFSET 0) inp
						OFFSET 0) t
				OFFSET 0) t
	), a AS (
		INSERT INTO @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version, kind,
			income_levy_city, income_levy_pref, per_capita_city, per_capita_pref, forest_env_tax, total,
			collection_mode, employer_name, employer_no, pension_amount, pension_payer, overpaid, breakdown, decided_on)
		SELECT p_lg_code, p_fiscal_year, c.atena_no, 1, 'decision',
			c.income_levy_city, c.income_levy_pref, c.per_capita_city, c.per_capita_pref, c.forest_env_tax, c.total, c.mode,
			CASE WHEN c.mode OPERATOR(pg_catalog.=) 'special' THEN c.employer_name END,
			CASE WHEN c.mode OPERATOR(pg_catalog.=) 'special' THEN c.employer_no END,
			COALESCE((SELECT pg_catalog.sum(x)::bigint FROM pg_catalog.unnest(c.pen_amounts) x), 0),
			CASE WHEN c.pen THEN c.pension_payer END,
			-- 仮徴収 above this year's share (the excess is refunded by collection)
			CASE WHEN c.pen AND c.prev_share IS NOT NULL
				 THEN GREATEST((c.prev_share OPERATOR(pg_catalog./) 2) OPERATOR(pg_catalog.-) c.share, 0) ELSE 0 END,
			@extschema@.inhabitant_tax_compute(v_params, c.facts), p_decided_on
		  FROM c
		RETURNING 1
	), s AS (
		INSERT INTO @extschema@.inhabitant_special_schedule (lg_code, fiscal_year, atena_no, version, part, employer_name, employer_no, amounts)
		SELECT p_lg_code, p_fiscal_year, c.atena_no, 1, 1, c.employer_name, c.employer_no,
			   @extschema@.special_collection_split_k(c.rest, v_sunit)
		  FROM c WHERE c.mode OPERATOR(pg_catalog.=) 'special'
		RETURNING 1
	), pn AS (
		INSERT INTO @extschema@.inhabitant_pension_schedule (lg_code, fiscal_year, atena_no, version, payer_name, share,
			previous_share, ordinary_part, amounts)
		SELECT p_lg_code, p_fiscal_year, c.atena_no, 1, c.pension_payer, c.share, c.prev_share, c.ord_part, c.pen_amounts
		  FROM c WHERE c.pen
		RETURNING 1
	), o AS (
		INSERT INTO @extschema@.inhabitant_ordinary_installment (lg_code, fiscal_year, atena_no, version, period, nominal_due, due_date, amount)
		SELECT p_lg_code, p_fiscal_year, c.atena_no, 1, v_periods[k], v_nominal[k], v_due[k],
			   CASE WHEN c.mode OPERATOR(pg_catalog.=) 'ordinary' THEN (@extschema@.split_installments(c.rest, v_n, v_ounit::integer))[k] ELSE 0 END
			   OPERATOR(pg_catalog.+) CASE WHEN c.ord_part OPERATOR(pg_catalog.>) 0 AND k OPERATOR(pg_catalog.<=) LEAST(2, v_n)
					THEN (@extschema@.split_installments(c.ord_part, LEAST(2, v_n), v_ounit::integer))[k] ELSE 0 END
		  FROM c, pg_catalog.generate_series(1, v_n) k
		 WHERE c.mode OPERATOR(pg_catalog.=) 'ordinary' OR (c.ord_part OPERATOR(pg_catalog.>) 0 AND k OPERATOR(pg_catalog.<=) LEAST(2, v_n))
		RETURNING 1
	)
	SELECT persons OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM every)::integer,
		   not_resident OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM every WHERE NOT every.resident)::integer,
		   pg_catalog.count(*)::integer,
		   special OPERATOR(pg_catalog.+) pg_catalog.count(*) FILTER (WHERE c.mode OPERATOR(pg_catalog.=) 'special')::integer,
		   ordinary OPERATOR(pg_catalog.+) pg_catalog.count(*) FILTER (WHERE c.mode OPERATOR(pg_catalog.=) 'ordinary')::integer,
		   non_taxable OPERATOR(pg_catalog.+) pg_catalog.count(*) FILTER (WHERE c.mode OPERATOR(pg_catalog.=) 'none')::integer,
		   pg_catalog.count(*) FILTER (WHERE c.pen)::integer,
		   overpaid OPERATOR(pg_catalog.+) COALESCE(pg_catalog.sum(CASE WHEN c.pen AND c.prev_share IS NOT NULL
				THEN GREATEST((c.prev_share OPERATOR(pg_catalog./) 2) OPERATOR(pg_catalog.-) c.share, 0) ELSE 0 END), 0)::bigint
	  INTO persons, not_resident, decided, special, ordinary, non_taxable, pension, overpaid
	  FROM c;

	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION @extschema@.levy_inhabitant(@extschema@.lg_code, integer, date) IS
	'個人住民税 batch: decisions (set-based) and correction versions (differences spread over the remaining installments); idempotent, advisory-locked';

-- The latest version of each assessment.
CREATE VIEW @extschema@.inhabitant_assessment_current WITH (security_invoker = true) AS
SELECT a.* FROM @extschema@.inhabitant_assessment a
WHERE NOT EXISTS (SELECT FROM @extschema@.inhabitant_assessment n
				  WHERE n.lg_code OPERATOR(@extschema@.=) a.lg_code AND n.fiscal_year OPERATOR(pg_catalog.=) a.fiscal_year
					AND n.atena_no OPERATOR(pg_catalog.=) a.atena_no AND n.version OPERATOR(pg_catalog.>) a.version);

-- 特別徴収税額の通知 data, per employer: no Individual Number.
CREATE VIEW @extschema@.inhabitant_special_list WITH (security_invoker = true) AS
SELECT a.lg_code, a.fiscal_year, s.employer_name, s.employer_no, a.atena_no, p.name, a.version, a.total,
	   s.amounts[1] AS jun, s.amounts[2] AS jul, s.amounts[3] AS aug, s.amounts[4] AS sep,
	   s.amounts[5] AS oct, s.amounts[6] AS nov, s.amounts[7] AS dec, s.amounts[8] AS jan,
	   s.amounts[9] AS feb, s.amounts[10] AS mar, s.amounts[11] AS apr, s.amounts[12] AS may
FROM @extschema@.inhabitant_assessment_current a
JOIN @extschema@.inhabitant_special_schedule s
  ON s.lg_code OPERATOR(@extschema@.=) a.lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) a.fiscal_year
 AND s.atena_no OPERATOR(pg_catalog.=) a.atena_no AND s.version OPERATOR(pg_catalog.=) a.version
JOIN @extschema@.person p ON p.lg_code OPERATOR(@extschema@.=) a.lg_code AND p.atena_no OPERATOR(pg_catalog.=) a.atena_no;

-- 年金特別徴収 data per pension payer (特別徴収依頼 / 税額通知): no Individual Number.
CREATE VIEW @extschema@.inhabitant_pension_list WITH (security_invoker = true) AS
SELECT a.lg_code, a.fiscal_year, s.payer_name, a.atena_no, p.name, p.birth_date, a.version, s.share, s.first_year,
	   s.previous_share, s.ordinary_part, s.stopped,
	   s.amounts[1] AS apr, s.amounts[2] AS jun, s.amounts[3] AS aug,
	   s.amounts[4] AS oct, s.amounts[5] AS dec, s.amounts[6] AS feb
FROM @extschema@.inhabitant_assessment_current a
JOIN @extschema@.inhabitant_pension_schedule s
  ON s.lg_code OPERATOR(@extschema@.=) a.lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) a.fiscal_year
 AND s.atena_no OPERATOR(pg_catalog.=) a.atena_no AND s.version OPERATOR(pg_catalog.=) a.version
JOIN @extschema@.person p ON p.lg_code OPERATOR(@extschema@.=) a.lg_code AND p.atena_no OPERATOR(pg_catalog.=) a.atena_no;

-- Over-payments noted by corrections (fixed installments above the new
-- total), for collection to refund or appropriate (法17条, 17条の2).
CREATE VIEW @extschema@.inhabitant_overpaid_list WITH (security_invoker = true) AS
SELECT a.lg_code, a.fiscal_year, a.atena_no, a.version, a.reason, a.total, a.overpaid, a.decided_on
FROM @extschema@.inhabitant_assessment_current a
WHERE a.overpaid OPERATOR(pg_catalog.>) 0;

SELECT @extschema@.protect_person_table('@extschema@.inhabitant_assessment'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.inhabitant_pension_schedule'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.inhabitant_special_schedule'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.inhabitant_ordinary_installment'::regclass);

GRANT SELECT ON @extschema@.inhabitant_ordinary_period TO zeimu_user;

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT 'table' AS kind, t AS obj, p AS priv
		FROM pg_catalog.unnest(ARRAY['@extschema@.inhabitant_assessment', '@extschema@.inhabitant_special_schedule',
			'@extschema@.inhabitant_ordinary_installment', '@extschema@.inhabitant_pension_schedule']) t, pg_catalog.unnest(ARRAY['SELECT', 'INSERT']) p
		UNION ALL
		SELECT 'table', t, 'SELECT'
		FROM pg_catalog.unnest(ARRAY['@extschema@.inhabitant_assessment_current', '@extschema@.inhabitant_special_list',
			'@extschema@.inhabitant_pension_list', '@extschema@.inhabitant_overpaid_list']) t
		UNION ALL
		SELECT 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.levy_inhabitant(@extschema@.lg_code, integer, date)',
			'@extschema@.inhabitant_ordinary_plan(@extschema@.lg_code, integer, bigint)',
			'@extschema@.inhabitant_levy_input(@extschema@.lg_code, integer, boolean)',
			'@extschema@.inhabitant_merge_documents(text, jsonb, date, bigint, text, text, text, bigint)',
			'@extschema@.inhabitant_pension_share(jsonb, boolean, bigint)',
			'@extschema@.inhabitant_param_value(@extschema@.lg_code, integer, text)']) f
	LOOP
		PERFORM @extschema@.add_right('levy', r.kind, r.obj, r.priv);
	END LOOP;
END
$$;
