-- levy (inhabitant tax): 資料間チェック, the cross-check of the spouse and
-- dependants claimed on the tax documents of one fiscal year.  Lists, for
-- investigation (nothing is changed):
--   claimed_twice               one person claimed (as spouse or dependant)
--                               on more than one claim (法314条の2①十・十一:
--                               a person is the 同一生計配偶者 or 扶養親族 of
--                               one taxpayer only, 地方税法施行令48条の2);
--   spouse_income_over_limit    a spouse whose own 合計所得 (from their own
--                               documents here) is above the limit of the
--                               deduction claimed: 配偶者控除 (declared income
--                               <= dependant_income_limit, 法314条の2①十) or
--                               配偶者特別控除 (spouse_special_income_limit,
--                               法314条の2①十の二);
--   dependant_income_over_limit a dependant whose own 合計所得 is above
--                               dependant_income_limit (法292条①九), or above
--                               specific_relative_income_limit for an
--                               特定親族 claim (age 19-22, declared income above
--                               the dependant limit; from 令和8年度).
-- The name and birth date are the registry's for a resolved person, else
-- as received.  The claims are those the merge uses (merged_tax_facts): the person's
-- latest return (final over inhabitant), else the latest salary or pension
-- report carrying the key "spouse" / "dependants".
-- See doc/levy-inhabitant.md, "Dependant cross-check".

CREATE FUNCTION @extschema@.tax_document_crosscheck(p_lg_code @extschema@.lg_code, p_fiscal_year integer)
	RETURNS TABLE (check_code text, claimed_atena_no bigint, claimed_name text, claimed_birth_date date,
		claimant_atena_no bigint, document_id bigint, relation text, declared_income bigint, own_income bigint,
		income_limit bigint, claims integer)
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v_params jsonb;
	v_dep bigint;
	v_spec bigint;
	v_sp bigint;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code and fiscal year must not be null';
	END IF;
	-- The limits in force for the year and municipality (the bundle holds
	-- scalars in millionths); this also refuses an unsupported year.
	v_params := @extschema@.inhabitant_tax_params(p_fiscal_year, p_lg_code);
	v_dep := (v_params #>> '{s,dependant_income_limit}')::bigint OPERATOR(pg_catalog./) 1000000;
	v_spec := COALESCE((v_params #>> '{s,specific_relative_income_limit}')::bigint, 0) OPERATOR(pg_catalog./) 1000000;
	v_sp := (v_params #>> '{s,spouse_special_income_limit}')::bigint OPERATOR(pg_catalog./) 1000000;
	IF v_dep IS NULL OR v_sp IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = 'inhabitant tax parameter "dependant_income_limit" or "spouse_special_income_limit" is missing';
	END IF;

	RETURN QUERY
	WITH cur AS (
		SELECT d.document_id, d.atena_no, d.kind, d.facts, d.received_on
		  FROM @extschema@.tax_document_current d
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND d.atena_no IS NOT NULL AND d.kind OPERATOR(pg_catalog.<>) 'onestop_notice'
	), ret AS (
		SELECT DISTINCT ON (c.atena_no) c.atena_no, c.document_id
		  FROM cur c WHERE c.kind = ANY (ARRAY['final_return', 'inhabitant_return'])
		 ORDER BY c.atena_no, (c.kind OPERATOR(pg_catalog.=) 'final_return') DESC, c.received_on DESC, c.document_id DESC
	), src AS (
		SELECT r.atena_no, k.relation, r.document_id
		  FROM ret r CROSS JOIN (VALUES ('spouse'), ('dependant')) k(relation)
		UNION ALL
		(SELECT DISTINCT ON (c.atena_no, k.relation) c.atena_no, k.relation, c.document_id
		   FROM cur c CROSS JOIN (VALUES ('spouse', 'spouse'), ('dependant', 'dependants')) k(relation, key)
		  WHERE c.kind = ANY (ARRAY['salary_report', 'pension_report']) AND c.facts ? k.key
		    AND NOT EXISTS (SELECT FROM ret WHERE ret.atena_no OPERATOR(pg_catalog.=) c.atena_no)
		  ORDER BY c.atena_no, k.relation, c.received_on DESC, c.document_id DESC)
	), cl AS (
		SELECT s.atena_no AS claimant, s.document_id AS doc, t.relation AS rel, t.seq, t.atena_no AS who,
			   COALESCE(p.name, t.name) AS who_name, COALESCE(p.birth_date, t.birth_date) AS who_birth,
			   COALESCE(t.atena_no::text, t.name_key OPERATOR(pg_catalog.||) '/' OPERATOR(pg_catalog.||) t.birth_date::text) AS ident,
			   COALESCE((CASE WHEN t.relation OPERATOR(pg_catalog.=) 'spouse' THEN d.facts #>> '{spouse,income}'
							  ELSE d.facts -> 'dependants' -> (t.seq OPERATOR(pg_catalog.-) 1) ->> 'income' END)::bigint, 0) AS declared,
			   (CASE WHEN t.relation OPERATOR(pg_catalog.=) 'spouse' THEN d.facts #>> '{spouse,age}'
					 ELSE d.facts -> 'dependants' -> (t.seq OPERATOR(pg_catalog.-) 1) ->> 'age' END)::integer AS age
		  FROM src s
		  JOIN @extschema@.tax_document_relative t
			ON t.lg_code OPERATOR(@extschema@.=) p_lg_code AND t.document_id OPERATOR(pg_catalog.=) s.document_id
		   AND t.relation OPERATOR(pg_catalog.=) s.relation
		  JOIN @extschema@.tax_document d
			ON d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.document_id OPERATOR(pg_catalog.=) s.document_id
		  LEFT JOIN @extschema@.person p
			ON p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) t.atena_no
		 WHERE t.atena_no IS NOT NULL OR (t.name_key IS NOT NULL AND t.birth_date IS NOT NULL)
	), counted AS (
		SELECT cl.*, (pg_catalog.count(*) OVER (PARTITION BY cl.ident))::integer AS n
		  FROM cl
	), own AS (
		-- The claimed person's own 合計所得 from their own documents (NULL:
		-- no document here).
		SELECT w.who, (@extschema@.inhabitant_tax_compute(v_params,
				@extschema@.merged_tax_facts(p_lg_code, p_fiscal_year, w.who)) ->> 'total_income')::bigint AS income
		  FROM (SELECT DISTINCT c.who FROM cl c WHERE c.who IS NOT NULL) w
	), lim AS (
		SELECT c.*, o.income,
			   CASE WHEN c.rel OPERATOR(pg_catalog.=) 'spouse' THEN
						CASE WHEN c.declared OPERATOR(pg_catalog.<=) v_dep THEN v_dep ELSE v_sp END
					WHEN v_spec OPERATOR(pg_catalog.>) 0 AND c.age BETWEEN 19 AND 22 AND c.declared OPERATOR(pg_catalog.>) v_dep THEN v_spec
					ELSE v_dep END AS lmt
		  FROM counted c LEFT JOIN own o ON o.who OPERATOR(pg_catalog.=) c.who
	)
	SELECT x.code, l.who, l.who_name, l.who_birth, l.claimant, l.doc, l.rel, l.declared, l.income, l.lmt, l.n
	  FROM lim l
	 CROSS JOIN LATERAL (VALUES
		(CASE WHEN l.n OPERATOR(pg_catalog.>) 1 THEN 'claimed_twice' END),
		(CASE WHEN l.income OPERATOR(pg_catalog.>) l.lmt THEN
			CASE WHEN l.rel OPERATOR(pg_catalog.=) 'spouse' THEN 'spouse_income_over_limit' ELSE 'dependant_income_over_limit' END END)
	 ) x(code)
	 WHERE x.code IS NOT NULL
	 ORDER BY x.code, l.ident, l.claimant, l.rel, l.seq;
END
$$;
COMMENT ON FUNCTION @extschema@.tax_document_crosscheck(@extschema@.lg_code, integer) IS
	'資料間チェック: spouses and dependants claimed twice or with own income above the limit, for investigation';

SELECT @extschema@.add_right('levy', 'function',
	'@extschema@.tax_document_crosscheck(@extschema@.lg_code, integer)', 'EXECUTE');
