-- Baseline for the pipeline part of bench/levy_inhabitant.sh: the annual
-- levy written the way a PL/pgSQL system would: one person at a time, the
-- PL/pgSQL merge (zeimu.merged_tax_facts), residence on 1 January, the
-- PL/pgSQL kernel (bench.inhabitant_amounts, bench/levy_inhabitant_plpgsql.sql)
-- and the employer, then one assessment row and its schedule (12 special
-- amounts or the ordinary installments).  It does not split pension special
-- collection (less work than the C pipeline, so the ratio is conservative).
CREATE TABLE bench.assessment (lg_code text, fiscal_year integer, atena_no bigint, total bigint, mode text,
	employer_name text, amounts bigint[], PRIMARY KEY (lg_code, fiscal_year, atena_no));
CREATE TABLE bench.installment (lg_code text, fiscal_year integer, atena_no bigint, period integer, amount bigint,
	PRIMARY KEY (lg_code, fiscal_year, atena_no, period));

CREATE FUNCTION bench.levy_plpgsql(p_lg_code zeimu.lg_code, p_fiscal_year integer, p_limit integer)
	RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	v_params jsonb := zeimu.inhabitant_tax_params(p_fiscal_year, p_lg_code);
	r record;
	v_facts jsonb;
	v_amounts bigint[];
	v_total bigint;
	v_emp text;
	v_monthly bigint;
	v_each bigint;
	n integer := 0;
BEGIN
	FOR r IN SELECT DISTINCT d.atena_no FROM zeimu.tax_document_current d
			  WHERE d.lg_code OPERATOR(zeimu.=) p_lg_code AND d.fiscal_year = p_fiscal_year AND d.atena_no IS NOT NULL
			  ORDER BY d.atena_no LIMIT p_limit LOOP
		IF NOT coalesce(zeimu.person_resident_on(p_lg_code, r.atena_no, make_date(p_fiscal_year, 1, 1)), false) THEN
			CONTINUE;
		END IF;
		v_facts := zeimu.merged_tax_facts(p_lg_code, p_fiscal_year, r.atena_no);
		v_amounts := bench.inhabitant_amounts(v_params, v_facts);
		v_total := v_amounts[6];
		SELECT d.employer_name INTO v_emp FROM zeimu.tax_document_current d
		 WHERE d.lg_code OPERATOR(zeimu.=) p_lg_code AND d.fiscal_year = p_fiscal_year AND d.atena_no = r.atena_no
		   AND d.kind = 'salary_report' ORDER BY d.received_on DESC, d.document_id DESC LIMIT 1;
		IF v_total = 0 THEN
			INSERT INTO bench.assessment VALUES (p_lg_code, p_fiscal_year, r.atena_no, 0, 'none', NULL, NULL);
		ELSIF v_emp IS NOT NULL THEN
			v_monthly := (v_total / 12) / 100 * 100;
			INSERT INTO bench.assessment VALUES (p_lg_code, p_fiscal_year, r.atena_no, v_total, 'special', v_emp,
				array_prepend(v_total - 11 * v_monthly, array_fill(v_monthly, ARRAY[11])));
		ELSE
			INSERT INTO bench.assessment VALUES (p_lg_code, p_fiscal_year, r.atena_no, v_total, 'ordinary', NULL, NULL);
			v_each := (v_total / 4) / 1000 * 1000;
			INSERT INTO bench.installment VALUES (p_lg_code, p_fiscal_year, r.atena_no, 1, v_total - 3 * v_each),
				(p_lg_code, p_fiscal_year, r.atena_no, 2, v_each), (p_lg_code, p_fiscal_year, r.atena_no, 3, v_each),
				(p_lg_code, p_fiscal_year, r.atena_no, 4, v_each);
		END IF;
		n := n + 1;
	END LOOP;
	RETURN n;
END $$;
