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
	collection_mode	text NOT NULL CHECK (collection_mode = ANY (ARRAY['special', 'ordinary', 'none'])),
	employer_name	text,
	employer_no		text,
	breakdown		jsonb NOT NULL,
	decided_on		date NOT NULL,
	staff			text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, version),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person (lg_code, atena_no),
	CHECK ((kind = 'decision') = (version = 1)),
	CHECK ((collection_mode = 'none') = (total = 0)),
	CHECK ((collection_mode = 'special') = (employer_name IS NOT NULL))
);
COMMENT ON TABLE @extschema@.inhabitant_assessment IS '個人住民税 assessments: decision (version 1) and correction versions';

-- 特別徴収税額: the 12 monthly amounts (June .. May) of a special version.
CREATE TABLE @extschema@.inhabitant_special_schedule (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	atena_no		bigint NOT NULL,
	version			integer NOT NULL,
	employer_name	text NOT NULL,
	employer_no		text,
	amounts			bigint[] NOT NULL CHECK (pg_catalog.cardinality(amounts) = 12),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, version),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version)
);
COMMENT ON TABLE @extschema@.inhabitant_special_schedule IS '給与特別徴収 monthly amounts June..May per assessment version (法321条の5①)';

-- 普通徴収 installments of an ordinary version.
CREATE TABLE @extschema@.inhabitant_ordinary_installment (
	lg_code			@extschema@.lg_code NOT NULL,
	fiscal_year		integer NOT NULL,
	atena_no		bigint NOT NULL,
	version			integer NOT NULL,
	period			integer NOT NULL CHECK (period BETWEEN 1 AND 12),
	nominal_due		date NOT NULL,
	due_date		date NOT NULL,
	amount			bigint NOT NULL CHECK (amount >= 0),
	PRIMARY KEY (lg_code, fiscal_year, atena_no, version, period),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version)
);
COMMENT ON TABLE @extschema@.inhabitant_ordinary_installment IS '普通徴収 installments per assessment version (法320条, 20条の4の2⑥, due dates 法20条の5②)';

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

-- The annual batch.  Idempotent: a person whose latest version has the same
-- breakdown, mode and employer is left alone; a changed result becomes a
-- correction version.  One run per municipality and year at a time (55P03).
CREATE FUNCTION @extschema@.levy_inhabitant(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_decided_on date DEFAULT CURRENT_DATE)
	RETURNS TABLE (persons integer, decided integer, corrected integer, unchanged integer,
		special integer, ordinary integer, non_taxable integer, not_resident integer)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_params jsonb;
	r record;
	v_facts jsonb;
	v_b jsonb;
	v_total bigint;
	v_mode text;
	v_emp_name text;
	v_emp_no text;
	v_last record;
	v_version integer;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_decided_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year and decision date must not be null';
	END IF;
	PERFORM @extschema@.levy_batch_lock('levy_inhabitant', p_lg_code, p_fiscal_year);
	-- The bundle once per run (inhabitant_tax validates the fiscal year).
	v_params := @extschema@.inhabitant_tax_params(p_fiscal_year, p_lg_code);
	persons := 0; decided := 0; corrected := 0; unchanged := 0;
	special := 0; ordinary := 0; non_taxable := 0; not_resident := 0;

	FOR r IN
		SELECT DISTINCT d.atena_no FROM @extschema@.tax_document_current d
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND d.atena_no IS NOT NULL
		 ORDER BY d.atena_no
	LOOP
		persons := persons OPERATOR(pg_catalog.+) 1;
		-- 賦課期日: residents on 1 January only (the others are forwarded).
		IF NOT COALESCE(@extschema@.person_resident_on(p_lg_code, r.atena_no, pg_catalog.make_date(p_fiscal_year, 1, 1)), false) THEN
			not_resident := not_resident OPERATOR(pg_catalog.+) 1;
			CONTINUE;
		END IF;
		v_facts := @extschema@.merged_tax_facts(p_lg_code, p_fiscal_year, r.atena_no);
		v_b := @extschema@.inhabitant_tax_compute(v_params, v_facts);
		v_total := (v_b OPERATOR(pg_catalog.->>) 'total')::bigint;

		-- The employer of the latest current salary report.
		SELECT d.employer_name, d.employer_no INTO v_emp_name, v_emp_no
		  FROM @extschema@.tax_document_current d
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND d.atena_no OPERATOR(pg_catalog.=) r.atena_no AND d.kind OPERATOR(pg_catalog.=) 'salary_report'
		   AND d.employer_name IS NOT NULL
		 ORDER BY d.received_on DESC, d.document_id DESC
		 LIMIT 1;
		IF NOT FOUND THEN
			v_emp_name := NULL;
			v_emp_no := NULL;
		END IF;
		IF v_total OPERATOR(pg_catalog.=) 0 THEN
			v_mode := 'none';
			v_emp_name := NULL;
			v_emp_no := NULL;
		ELSIF v_emp_name IS NOT NULL THEN
			v_mode := 'special';
		ELSE
			v_mode := 'ordinary';
		END IF;

		SELECT a.version, a.breakdown, a.collection_mode, a.employer_name, a.employer_no INTO v_last
		  FROM @extschema@.inhabitant_assessment a
		 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND a.atena_no OPERATOR(pg_catalog.=) r.atena_no
		 ORDER BY a.version DESC
		 LIMIT 1;
		IF FOUND THEN
			IF v_last.breakdown OPERATOR(pg_catalog.=) v_b AND v_last.collection_mode OPERATOR(pg_catalog.=) v_mode
			   AND v_last.employer_name IS NOT DISTINCT FROM v_emp_name AND v_last.employer_no IS NOT DISTINCT FROM v_emp_no THEN
				unchanged := unchanged OPERATOR(pg_catalog.+) 1;
				CONTINUE;
			END IF;
			v_version := v_last.version OPERATOR(pg_catalog.+) 1;
			corrected := corrected OPERATOR(pg_catalog.+) 1;
		ELSE
			v_version := 1;
			decided := decided OPERATOR(pg_catalog.+) 1;
		END IF;

		INSERT INTO @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version, kind,
			income_levy_city, income_levy_pref, per_capita_city, per_capita_pref, forest_env_tax, total,
			collection_mode, employer_name, employer_no, breakdown, decided_on)
		VALUES (p_lg_code, p_fiscal_year, r.atena_no, v_version,
			CASE WHEN v_version OPERATOR(pg_catalog.=) 1 THEN 'decision' ELSE 'correction' END,
			(v_b OPERATOR(pg_catalog.->>) 'income_levy_city')::bigint, (v_b OPERATOR(pg_catalog.->>) 'income_levy_pref')::bigint,
			(v_b OPERATOR(pg_catalog.->>) 'per_capita_city')::bigint, (v_b OPERATOR(pg_catalog.->>) 'per_capita_pref')::bigint,
			(v_b OPERATOR(pg_catalog.->>) 'forest_env_tax')::bigint, v_total,
			v_mode, v_emp_name, v_emp_no, v_b, p_decided_on);

		IF v_mode OPERATOR(pg_catalog.=) 'special' THEN
			special := special OPERATOR(pg_catalog.+) 1;
			INSERT INTO @extschema@.inhabitant_special_schedule (lg_code, fiscal_year, atena_no, version, employer_name, employer_no, amounts)
			VALUES (p_lg_code, p_fiscal_year, r.atena_no, v_version, v_emp_name, v_emp_no,
				@extschema@.special_collection_split(v_total));
		ELSIF v_mode OPERATOR(pg_catalog.=) 'ordinary' THEN
			ordinary := ordinary OPERATOR(pg_catalog.+) 1;
			INSERT INTO @extschema@.inhabitant_ordinary_installment (lg_code, fiscal_year, atena_no, version, period, nominal_due, due_date, amount)
			SELECT p_lg_code, p_fiscal_year, r.atena_no, v_version, o.period, o.nominal_due, o.due_date, o.amount
			  FROM @extschema@.inhabitant_ordinary_plan(p_lg_code, p_fiscal_year, v_total) o;
		ELSE
			non_taxable := non_taxable OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;
	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION @extschema@.levy_inhabitant(@extschema@.lg_code, integer, date) IS
	'個人住民税 annual batch: decision (or correction) versions with their special or ordinary schedule; idempotent, advisory-locked';

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

SELECT @extschema@.protect_person_table('@extschema@.inhabitant_assessment'::regclass);
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
			'@extschema@.inhabitant_ordinary_installment']) t, pg_catalog.unnest(ARRAY['SELECT', 'INSERT']) p
		UNION ALL
		SELECT 'table', t, 'SELECT'
		FROM pg_catalog.unnest(ARRAY['@extschema@.inhabitant_assessment_current', '@extschema@.inhabitant_special_list']) t
		UNION ALL
		SELECT 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.levy_inhabitant(@extschema@.lg_code, integer, date)',
			'@extschema@.inhabitant_ordinary_plan(@extschema@.lg_code, integer, bigint)']) f
	LOOP
		PERFORM @extschema@.add_right('levy', r.kind, r.obj, r.priv);
	END LOOP;
END
$$;
