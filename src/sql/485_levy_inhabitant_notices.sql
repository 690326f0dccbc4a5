-- levy (inhabitant tax): notices from the stored assessment versions
-- (src/sql/470).  None carries the Individual Number (seed 001 §13.5): the
-- content is built from the assessment, the schedules and the person's name
-- and address only.
--   special_employer  特別徴収税額の決定・変更通知書 (特別徴収義務者用), one per
--                     employer (name and 指定番号) per run, listing its
--                     employees (地方税法321条の4①);
--   special_taxpayer  the same notice 納税義務者用 (法321条の4②), per employee;
--   ordinary          普通徴収 納税通知書 (法319条の2, 法13条) with the breakdown
--                     and the installments;
--   pension           税額決定・納税通知書 for a person in 年金特別徴収
--                     (法321条の7の2 - 321条の7の8, 法13条): the 普通徴収
--                     installments (first year: half of the pension share in
--                     the first two periods) and the amounts the pension
--                     payer withholds per month (仮徴収 April/June/August,
--                     本徴収 October/December/February); issued besides the
--                     special_taxpayer notice when the person is also in
--                     給与特別徴収, instead of the ordinary notice otherwise;
--   pension_payer     年金保険者への特別徴収税額通知 (法321条の7の5), one per
--                     pension payer per run, listing its pensioners.
-- A person's first notice for the year is a decision (決定); a notice for a
-- later version is a change (変更通知, 法321条の6 / 法13条), with the total
-- of the previous notice.  See doc/levy-inhabitant.md, "Notices and certificates".

CREATE TABLE @extschema@.inhabitant_notice (
	lg_code			@extschema@.lg_code NOT NULL,
	notice_id		bigint GENERATED ALWAYS AS IDENTITY,
	fiscal_year		integer NOT NULL CHECK (fiscal_year BETWEEN 2021 AND 2100),
	notice_kind		text NOT NULL CHECK (notice_kind = ANY (ARRAY['special_employer', 'special_taxpayer', 'ordinary',
						'pension', 'pension_payer'])),
	notice_type		text NOT NULL CHECK (notice_type = ANY (ARRAY['decision', 'change'])),
	atena_no		bigint,				-- the taxpayer (NULL: employer or pension payer notice)
	version			integer,			-- the assessment version (taxpayer notices)
	employer_name	text,				-- the employer, or the pension payer (pension, pension_payer)
	employer_no		text,
	content			jsonb NOT NULL,
	issued_on		date NOT NULL,
	created_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, notice_id),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version),
	CHECK ((notice_kind = ANY (ARRAY['special_employer', 'pension_payer'])) = (atena_no IS NULL)),
	CHECK ((atena_no IS NULL) = (version IS NULL)),
	CHECK (notice_kind = 'ordinary' OR employer_name IS NOT NULL)
);
CREATE INDEX ON @extschema@.inhabitant_notice (lg_code, fiscal_year, atena_no);
COMMENT ON TABLE @extschema@.inhabitant_notice IS '個人住民税 notices (決定・変更通知書, 納税通知書) from the assessment versions; no Individual Number';

-- Who and which version each notice covers: one row per taxpayer notice,
-- one row per employee line of an employer notice and per pensioner line of
-- a pension payer notice.  line_status for such a line: new (first line of
-- the person to this employer or payer), change, ended (no longer collected
-- by this employer or payer: amounts 0).
CREATE TABLE @extschema@.inhabitant_notice_subject (
	lg_code			@extschema@.lg_code NOT NULL,
	notice_id		bigint NOT NULL,
	atena_no		bigint NOT NULL,
	fiscal_year		integer NOT NULL,
	notice_kind		text NOT NULL,
	version			integer NOT NULL,
	employer_name	text NOT NULL DEFAULT '',
	line_status		text NOT NULL CHECK (line_status = ANY (ARRAY['new', 'change', 'ended'])),
	total			bigint NOT NULL CHECK (total >= 0),
	PRIMARY KEY (lg_code, notice_id, atena_no),
	UNIQUE (lg_code, notice_kind, fiscal_year, atena_no, version, employer_name),
	FOREIGN KEY (lg_code, notice_id) REFERENCES @extschema@.inhabitant_notice (lg_code, notice_id),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version)
);
CREATE INDEX ON @extschema@.inhabitant_notice_subject (lg_code, fiscal_year, atena_no, notice_kind);
COMMENT ON TABLE @extschema@.inhabitant_notice_subject IS 'the persons and assessment versions each inhabitant tax notice covers';

-- Notices are issued, never edited.
CREATE FUNCTION @extschema@.inhabitant_notice_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'an issued inhabitant tax notice cannot be edited',
		HINT = 'A changed assessment gets a change notice (zeimu.inhabitant_notices_generate).';
END
$$;
CREATE TRIGGER inhabitant_notice_guard BEFORE UPDATE ON @extschema@.inhabitant_notice
	FOR EACH ROW EXECUTE FUNCTION @extschema@.inhabitant_notice_guard();
CREATE TRIGGER inhabitant_notice_subject_guard BEFORE UPDATE ON @extschema@.inhabitant_notice_subject
	FOR EACH ROW EXECUTE FUNCTION @extschema@.inhabitant_notice_guard();

-- The figures a notice or certificate shows, from an assessment breakdown
-- (the output keys of zeimu.inhabitant_tax); never anything else.
CREATE FUNCTION @extschema@.inhabitant_notice_figures(p_breakdown jsonb)
	RETURNS jsonb
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT pg_catalog.jsonb_object_agg(k, p_breakdown -> k)
	  FROM pg_catalog.unnest(ARRAY['employment_income', 'pension_income', 'income_adjustment', 'total_income',
			'gross_income', 'deduction_basic', 'deduction_spouse', 'deduction_spouse_special', 'deduction_dependants',
			'deduction_specific_relative', 'deduction_disability', 'deduction_widow', 'deduction_single_parent',
			'deduction_working_student', 'deduction_social_insurance', 'deduction_small_enterprise',
			'deduction_life_insurance', 'deduction_earthquake_insurance', 'deduction_medical', 'deductions_total',
			'taxable_income', 'computed_city', 'computed_pref', 'adjustment_city', 'adjustment_pref',
			'income_levy_city', 'income_levy_pref', 'per_capita_city', 'per_capita_pref', 'forest_env_tax',
			'total', 'nontaxable', 'household_size']) k
	 WHERE p_breakdown ? k
$$;

-- The last employer or pension payer line (p_kind special_employer or
-- pension_payer) issued about a person for a year: the version it covered,
-- to whom (name, 指定番号) and its status; no row when none.
CREATE FUNCTION @extschema@.inhabitant_notice_last_line(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_atena_no bigint, p_kind text)
	RETURNS TABLE (version integer, employer_name text, employer_no text, line_status text)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT ns.version, ns.employer_name, n.employer_no, ns.line_status
	  FROM @extschema@.inhabitant_notice_subject ns
	  JOIN @extschema@.inhabitant_notice n ON n.lg_code OPERATOR(@extschema@.=) ns.lg_code AND n.notice_id OPERATOR(pg_catalog.=) ns.notice_id
	 WHERE ns.lg_code OPERATOR(@extschema@.=) p_lg_code AND ns.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND ns.atena_no OPERATOR(pg_catalog.=) p_atena_no AND ns.notice_kind OPERATOR(pg_catalog.=) p_kind
	 ORDER BY ns.notice_id DESC LIMIT 1
$$;

-- zeimu.inhabitant_notices_generate: the notices not yet issued for the
-- current assessment versions of a fiscal year.  Idempotent (a version that
-- has its notice gets none again), advisory-locked, one transaction.
-- The taxpayer's notices of a version: special_taxpayer when in 給与特別徴収;
-- pension when the version has a 年金特別徴収 schedule (it carries the
-- 普通徴収 installments too); ordinary when in 普通徴収 without one.
CREATE FUNCTION @extschema@.inhabitant_notices_generate(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_issued_on date DEFAULT CURRENT_DATE)
	RETURNS TABLE (employer_notices integer, special_taxpayer_notices integer, ordinary_notices integer,
		change_notices integer, pension_notices integer, pension_payer_notices integer)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a record;
	v_prev_kind text;
	v_prev_total bigint;
	v_pe_ver integer;
	v_pe_name text;
	v_pe_no text;
	v_pe_status text;
	v_kinds text[];
	v_kind text;
	v_type text;
	v_content jsonb;
	v_inst jsonb;
	v_mtotal jsonb;
	v_nid bigint;
	v_lines jsonb := '[]';
	e record;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_issued_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year and issue date must not be null';
	END IF;
	PERFORM @extschema@.levy_batch_lock('inhabitant_notices', p_lg_code, p_fiscal_year);
	employer_notices := 0; special_taxpayer_notices := 0; ordinary_notices := 0; change_notices := 0;
	pension_notices := 0; pension_payer_notices := 0;

	FOR a IN
		SELECT c.*, p.name AS p_name, p.address AS p_address, p.postal_code AS p_postal, p.birth_date AS p_birth,
			   s.amounts AS monthly, ps.payer_name AS pen_payer, ps.amounts AS pen_amounts, ps.share AS pen_share,
			   ps.previous_share AS pen_previous_share, ps.first_year AS pen_first_year,
			   ps.ordinary_part AS pen_ordinary_part, ps.stopped AS pen_stopped
		  FROM @extschema@.inhabitant_assessment_current c
		  JOIN @extschema@.person p ON p.lg_code OPERATOR(@extschema@.=) c.lg_code AND p.atena_no OPERATOR(pg_catalog.=) c.atena_no
		  -- the current employer's part (a new employer adds a part: 471, 473)
		  LEFT JOIN LATERAL (SELECT s.amounts FROM @extschema@.inhabitant_special_schedule s
			 WHERE s.lg_code OPERATOR(@extschema@.=) c.lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) c.fiscal_year
			   AND s.atena_no OPERATOR(pg_catalog.=) c.atena_no AND s.version OPERATOR(pg_catalog.=) c.version
			 ORDER BY s.part DESC LIMIT 1) s ON true
		  LEFT JOIN @extschema@.inhabitant_pension_schedule ps
			ON ps.lg_code OPERATOR(@extschema@.=) c.lg_code AND ps.fiscal_year OPERATOR(pg_catalog.=) c.fiscal_year
		   AND ps.atena_no OPERATOR(pg_catalog.=) c.atena_no AND ps.version OPERATOR(pg_catalog.=) c.version
		 WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		 ORDER BY c.atena_no
	LOOP
		-- ---- the taxpayer's notices -----------------------------------------
		IF NOT EXISTS (SELECT FROM @extschema@.inhabitant_notice_subject ns
					   WHERE ns.lg_code OPERATOR(@extschema@.=) p_lg_code AND ns.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
						 AND ns.atena_no OPERATOR(pg_catalog.=) a.atena_no AND ns.version OPERATOR(pg_catalog.=) a.version
						 AND ns.notice_kind = ANY (ARRAY['special_taxpayer', 'ordinary', 'pension'])) THEN
			v_prev_kind := NULL;
			v_prev_total := NULL;
			SELECT ns.notice_kind, ns.total INTO v_prev_kind, v_prev_total
			  FROM @extschema@.inhabitant_notice_subject ns
			 WHERE ns.lg_code OPERATOR(@extschema@.=) p_lg_code AND ns.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
			   AND ns.atena_no OPERATOR(pg_catalog.=) a.atena_no AND ns.notice_kind = ANY (ARRAY['special_taxpayer', 'ordinary', 'pension'])
			 ORDER BY ns.notice_id DESC LIMIT 1;
			v_kinds := ARRAY[]::text[];
			IF a.collection_mode OPERATOR(pg_catalog.=) 'special' THEN
				v_kinds := v_kinds OPERATOR(pg_catalog.||) 'special_taxpayer'::text;
			END IF;
			IF a.pen_payer IS NOT NULL THEN
				v_kinds := v_kinds OPERATOR(pg_catalog.||) 'pension'::text;
			ELSIF a.collection_mode = ANY (ARRAY['ordinary', 'pension']) THEN
				v_kinds := v_kinds OPERATOR(pg_catalog.||) 'ordinary'::text;
			END IF;
			IF pg_catalog.cardinality(v_kinds) OPERATOR(pg_catalog.=) 0 AND v_prev_kind IS NOT NULL THEN
				v_kinds := ARRAY[v_prev_kind];	-- none: a change to 0 only after an earlier notice
			END IF;
			v_type := CASE WHEN v_prev_kind IS NULL THEN 'decision' ELSE 'change' END;
			v_inst := (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('period', i.period, 'due_date', i.due_date,
								'amount', i.amount) ORDER BY i.period)
						 FROM @extschema@.inhabitant_ordinary_installment i
						WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
						  AND i.atena_no OPERATOR(pg_catalog.=) a.atena_no AND i.version OPERATOR(pg_catalog.=) a.version);
			FOREACH v_kind IN ARRAY v_kinds LOOP
				v_content := pg_catalog.jsonb_build_object(
					'title', CASE v_kind
						WHEN 'special_taxpayer' THEN CASE v_type WHEN 'decision' THEN '特別徴収税額の決定通知書 (納税義務者用)'
															 ELSE '特別徴収税額の変更通知書 (納税義務者用)' END
						WHEN 'pension' THEN CASE v_type WHEN 'decision' THEN '市民税・県民税 税額決定・納税通知書 (年金特別徴収)'
												ELSE '市民税・県民税 税額変更通知書 (年金特別徴収)' END
						ELSE CASE v_type WHEN 'decision' THEN '市民税・県民税 納税通知書 (普通徴収)'
										 ELSE '市民税・県民税 税額変更通知書 (普通徴収)' END END,
					'fiscal_year', p_fiscal_year, 'income_year', p_fiscal_year OPERATOR(pg_catalog.-) 1,
					'atena_no', a.atena_no, 'name', a.p_name, 'address', a.p_address, 'postal_code', a.p_postal,
					'version', a.version, 'collection_mode', a.collection_mode,
					'figures', @extschema@.inhabitant_notice_figures(a.breakdown),
					'total', a.total, 'previous_total', v_prev_total,
					'difference', CASE WHEN v_prev_total IS NOT NULL THEN a.total OPERATOR(pg_catalog.-) v_prev_total END,
					'issued_on', p_issued_on);
				IF v_kind OPERATOR(pg_catalog.=) 'special_taxpayer' AND a.collection_mode OPERATOR(pg_catalog.=) 'special' THEN
					v_content := v_content OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
						'employer_name', a.employer_name, 'employer_no', a.employer_no,
						'special_total', (SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(a.monthly) x),
						'monthly', pg_catalog.to_jsonb(a.monthly), 'months', pg_catalog.to_jsonb(ARRAY[6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5]));
				ELSIF v_kind OPERATOR(pg_catalog.=) 'pension' AND a.pen_payer IS NOT NULL THEN
					-- 普通徴収 part (法321条の7の2②: first year, half of the
					-- pension share in the first two periods), 給与特別徴収
					-- part (when also in it) and the pension payer's amounts.
					v_content := v_content OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
						'installments', COALESCE(v_inst, '[]'::jsonb),
						'ordinary_total', COALESCE((SELECT pg_catalog.sum((x OPERATOR(pg_catalog.->>) 'amount')::bigint)
							FROM pg_catalog.jsonb_array_elements(v_inst) x), 0),
						'special_total', CASE WHEN a.collection_mode OPERATOR(pg_catalog.=) 'special'
							THEN (SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(a.monthly) x) ELSE 0 END,
						'employer_name', CASE WHEN a.collection_mode OPERATOR(pg_catalog.=) 'special' THEN a.employer_name END,
						'pension', pg_catalog.jsonb_build_object(
							'payer_name', a.pen_payer, 'share', a.pen_share, 'previous_share', a.pen_previous_share,
							'first_year', a.pen_first_year, 'ordinary_part', a.pen_ordinary_part, 'stopped', a.pen_stopped,
							'total', (SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(a.pen_amounts) x),
							'months', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
									'month', pg_catalog.to_char(@extschema@.inhabitant_pension_month(p_fiscal_year, k), 'YYYY-MM'),
									'kind', CASE WHEN k OPERATOR(pg_catalog.<=) 3 THEN '仮徴収' ELSE '本徴収' END,
									'amount', a.pen_amounts[k]) ORDER BY k)
								FROM pg_catalog.generate_series(1, 6) k)));
				ELSIF v_kind OPERATOR(pg_catalog.<>) 'special_taxpayer' THEN
					v_content := v_content OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('installments', v_inst);
				END IF;
				INSERT INTO @extschema@.inhabitant_notice (lg_code, fiscal_year, notice_kind, notice_type, atena_no, version,
					employer_name, employer_no, content, issued_on)
				VALUES (p_lg_code, p_fiscal_year, v_kind, v_type, a.atena_no, a.version,
					CASE v_kind WHEN 'special_taxpayer' THEN COALESCE(a.employer_name, '')
								WHEN 'pension' THEN COALESCE(a.pen_payer, '') END,
					CASE WHEN v_kind OPERATOR(pg_catalog.=) 'special_taxpayer' THEN a.employer_no END,
					v_content, p_issued_on)
				RETURNING notice_id INTO v_nid;
				INSERT INTO @extschema@.inhabitant_notice_subject (lg_code, notice_id, atena_no, fiscal_year, notice_kind,
					version, line_status, total)
				VALUES (p_lg_code, v_nid, a.atena_no, p_fiscal_year, v_kind, a.version,
					CASE v_type WHEN 'decision' THEN 'new' ELSE 'change' END, a.total);
				IF v_kind OPERATOR(pg_catalog.=) 'special_taxpayer' THEN
					special_taxpayer_notices := special_taxpayer_notices OPERATOR(pg_catalog.+) 1;
				ELSIF v_kind OPERATOR(pg_catalog.=) 'pension' THEN
					pension_notices := pension_notices OPERATOR(pg_catalog.+) 1;
				ELSE
					ordinary_notices := ordinary_notices OPERATOR(pg_catalog.+) 1;
				END IF;
				IF v_type OPERATOR(pg_catalog.=) 'change' THEN
					change_notices := change_notices OPERATOR(pg_catalog.+) 1;
				END IF;
			END LOOP;
		END IF;

		-- ---- the employer lines ---------------------------------------------
		-- The last line covers an earlier version (or there is none): the
		-- employer last told about this person, unless told it ended.
		v_pe_ver := NULL; v_pe_name := NULL; v_pe_no := NULL; v_pe_status := NULL;
		SELECT l.version, l.employer_name, l.employer_no, l.line_status INTO v_pe_ver, v_pe_name, v_pe_no, v_pe_status
		  FROM @extschema@.inhabitant_notice_last_line(p_lg_code, p_fiscal_year, a.atena_no, 'special_employer') l;
		IF v_pe_ver IS DISTINCT FROM a.version THEN
			IF v_pe_status OPERATOR(pg_catalog.=) 'ended' THEN
				v_pe_name := NULL;
				v_pe_no := NULL;
			END IF;
			IF a.collection_mode OPERATOR(pg_catalog.=) 'special' THEN
				v_lines := v_lines OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
					'kind', 'special_employer',
					'employer_name', a.employer_name, 'employer_no', a.employer_no, 'atena_no', a.atena_no,
					'name', a.p_name, 'address', a.p_address, 'version', a.version, 'total', a.total,
					'special_total', (SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(a.monthly) x),
					'status', CASE WHEN v_pe_name IS NOT DISTINCT FROM a.employer_name
									AND v_pe_no IS NOT DISTINCT FROM a.employer_no THEN 'change' ELSE 'new' END,
					'figures', @extschema@.inhabitant_notice_figures(a.breakdown),
					'monthly', pg_catalog.to_jsonb(a.monthly)));
			END IF;
			IF v_pe_name IS NOT NULL
			   AND (a.collection_mode OPERATOR(pg_catalog.<>) 'special' OR v_pe_name OPERATOR(pg_catalog.<>) a.employer_name
					OR v_pe_no IS DISTINCT FROM a.employer_no) THEN
				v_lines := v_lines OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
					'kind', 'special_employer',
					'employer_name', v_pe_name, 'employer_no', v_pe_no, 'atena_no', a.atena_no,
					'name', a.p_name, 'address', a.p_address, 'version', a.version, 'total', 0, 'special_total', 0,
					'status', 'ended', 'monthly', pg_catalog.to_jsonb(pg_catalog.array_fill(0::bigint, ARRAY[12]))));
			END IF;
		END IF;

		-- ---- the pension payer lines (法321条の7の5) ---------------------------
		-- As for employers: the payer of this version's schedule (new or
		-- change), and the payer told last when it no longer collects (ended).
		-- The line carries the amount withheld, not the whole tax.
		v_pe_ver := NULL; v_pe_name := NULL; v_pe_status := NULL;
		SELECT l.version, l.employer_name, l.line_status INTO v_pe_ver, v_pe_name, v_pe_status
		  FROM @extschema@.inhabitant_notice_last_line(p_lg_code, p_fiscal_year, a.atena_no, 'pension_payer') l;
		IF v_pe_ver IS DISTINCT FROM a.version THEN
			IF v_pe_status OPERATOR(pg_catalog.=) 'ended' THEN
				v_pe_name := NULL;
			END IF;
			IF a.pen_payer IS NOT NULL THEN
				v_lines := v_lines OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
					'kind', 'pension_payer', 'employer_name', a.pen_payer, 'employer_no', NULL::text, 'atena_no', a.atena_no,
					'name', a.p_name, 'address', a.p_address, 'birth_date', a.p_birth, 'version', a.version,
					'total', (SELECT pg_catalog.sum(x) FROM pg_catalog.unnest(a.pen_amounts) x),
					'share', a.pen_share, 'first_year', a.pen_first_year, 'stopped', a.pen_stopped,
					'status', CASE WHEN v_pe_name IS NOT DISTINCT FROM a.pen_payer THEN 'change' ELSE 'new' END,
					'monthly', pg_catalog.to_jsonb(a.pen_amounts)));
			END IF;
			IF v_pe_name IS NOT NULL AND v_pe_name IS DISTINCT FROM a.pen_payer THEN
				v_lines := v_lines OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
					'kind', 'pension_payer', 'employer_name', v_pe_name, 'employer_no', NULL::text, 'atena_no', a.atena_no,
					'name', a.p_name, 'address', a.p_address, 'birth_date', a.p_birth, 'version', a.version,
					'total', 0, 'status', 'ended',
					'monthly', pg_catalog.to_jsonb(pg_catalog.array_fill(0::bigint, ARRAY[6]))));
			END IF;
		END IF;
	END LOOP;

	-- One notice per employer and per pension payer for this run's lines.
	FOR e IN
		SELECT l ->> 'kind' AS kind, l ->> 'employer_name' AS emp_name, l ->> 'employer_no' AS emp_no,
			   pg_catalog.jsonb_agg(l OPERATOR(pg_catalog.-) ARRAY['kind', 'employer_name', 'employer_no'] ORDER BY (l ->> 'atena_no')::bigint) AS lines,
			   pg_catalog.bool_or(l ->> 'status' OPERATOR(pg_catalog.<>) 'new') AS any_change
		  FROM pg_catalog.jsonb_array_elements(v_lines) l
		 GROUP BY 1, 2, 3
		 ORDER BY 1 DESC, 3, 2
	LOOP
		v_type := CASE WHEN e.any_change OR EXISTS (SELECT FROM @extschema@.inhabitant_notice n
						WHERE n.lg_code OPERATOR(@extschema@.=) p_lg_code AND n.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
						  AND n.notice_kind OPERATOR(pg_catalog.=) e.kind
						  AND n.employer_name OPERATOR(pg_catalog.=) e.emp_name AND n.employer_no IS NOT DISTINCT FROM e.emp_no)
					   THEN 'change' ELSE 'decision' END;
		-- the sums per month over the lines (12 from June, or 6 from April)
		v_mtotal := (SELECT pg_catalog.jsonb_agg(m.s ORDER BY m.i) FROM (
			SELECT i, pg_catalog.sum((x -> 'monthly' ->> (i OPERATOR(pg_catalog.-) 1))::bigint) AS s
			  FROM pg_catalog.jsonb_array_elements(e.lines) x,
				   pg_catalog.generate_series(1, CASE e.kind WHEN 'special_employer' THEN 12 ELSE 6 END) i GROUP BY i) m);
		IF e.kind OPERATOR(pg_catalog.=) 'special_employer' THEN
			v_content := pg_catalog.jsonb_build_object(
				'title', CASE v_type WHEN 'decision' THEN '特別徴収税額の決定通知書 (特別徴収義務者用)'
									 ELSE '特別徴収税額の変更通知書 (特別徴収義務者用)' END,
				'fiscal_year', p_fiscal_year, 'employer_name', e.emp_name, 'employer_no', e.emp_no,
				'months', pg_catalog.to_jsonb(ARRAY[6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5]),
				'employees', e.lines,
				'employee_count', pg_catalog.jsonb_array_length(e.lines),
				'monthly_total', v_mtotal,
				'issued_on', p_issued_on);
		ELSE
			v_content := pg_catalog.jsonb_build_object(
				'title', CASE v_type WHEN 'decision' THEN '年金所得に係る特別徴収税額通知書 (年金保険者用)'
									 ELSE '年金所得に係る特別徴収税額変更通知書 (年金保険者用)' END,
				'fiscal_year', p_fiscal_year, 'payer_name', e.emp_name,
				'months', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_char(@extschema@.inhabitant_pension_month(p_fiscal_year, k), 'YYYY-MM')
								ORDER BY k) FROM pg_catalog.generate_series(1, 6) k),
				'pensioners', e.lines,
				'pensioner_count', pg_catalog.jsonb_array_length(e.lines),
				'monthly_total', v_mtotal,
				'issued_on', p_issued_on);
		END IF;
		INSERT INTO @extschema@.inhabitant_notice (lg_code, fiscal_year, notice_kind, notice_type, employer_name, employer_no,
			content, issued_on)
		VALUES (p_lg_code, p_fiscal_year, e.kind, v_type, e.emp_name, e.emp_no, v_content, p_issued_on)
		RETURNING notice_id INTO v_nid;
		INSERT INTO @extschema@.inhabitant_notice_subject (lg_code, notice_id, atena_no, fiscal_year, notice_kind, version,
			employer_name, line_status, total)
		SELECT p_lg_code, v_nid, (x ->> 'atena_no')::bigint, p_fiscal_year, e.kind, (x ->> 'version')::integer,
			   e.emp_name, x ->> 'status', (x ->> 'total')::bigint
		  FROM pg_catalog.jsonb_array_elements(e.lines) x;
		IF e.kind OPERATOR(pg_catalog.=) 'special_employer' THEN
			employer_notices := employer_notices OPERATOR(pg_catalog.+) 1;
		ELSE
			pension_payer_notices := pension_payer_notices OPERATOR(pg_catalog.+) 1;
		END IF;
		IF v_type OPERATOR(pg_catalog.=) 'change' THEN
			change_notices := change_notices OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;
	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_notices_generate(@extschema@.lg_code, integer, date) IS
	'個人住民税: issues the decision and change notices (employer, employee, ordinary, pension taxpayer, pension payer) not yet issued; idempotent, advisory-locked';

SELECT @extschema@.protect_municipal_table('@extschema@.inhabitant_notice'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.inhabitant_notice_subject'::regclass);

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT 'table' AS kind, t AS obj, p AS priv
		FROM pg_catalog.unnest(ARRAY['@extschema@.inhabitant_notice', '@extschema@.inhabitant_notice_subject']) t,
			pg_catalog.unnest(ARRAY['SELECT', 'INSERT']) p
		UNION ALL
		SELECT 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.inhabitant_notices_generate(@extschema@.lg_code, integer, date)',
			'@extschema@.inhabitant_notice_last_line(@extschema@.lg_code, integer, bigint, text)',
			'@extschema@.inhabitant_notice_figures(jsonb)']) f
	LOOP
		PERFORM @extschema@.add_right('levy', r.kind, r.obj, r.priv);
	END LOOP;
END
$$;
