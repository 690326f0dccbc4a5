-- levy (inhabitant tax): one person's correction with a clerk's reason, and
-- the monthly run (月例更正) over every fiscal year with documents.
-- See doc/levy-inhabitant.md, "Corrections".

-- Recomputes one person's tax from the current documents (the same merge
-- and kernel as the batch) and writes a correction version with the reason
-- when the result changed, or when 転出・死亡 stop a running pension special
-- collection.  Otherwise nothing is written and the latest version is
-- returned (written = false): calling twice is harmless.
CREATE FUNCTION @extschema@.levy_inhabitant_correct(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_atena_no bigint,
	p_reason text, p_decided_on date DEFAULT CURRENT_DATE, p_note text DEFAULT NULL)
	RETURNS TABLE (version integer, written boolean, total bigint, overpaid bigint)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_last record;
	v_facts jsonb;
	v_b jsonb;
	v_stop boolean;
	v_ver integer;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_atena_no IS NULL OR p_reason IS NULL OR p_decided_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year, atena number, reason and decision date must not be null';
	END IF;
	IF p_reason OPERATOR(pg_catalog.<>) ALL (ARRAY['report', 'return', 'amended_return', 'dependant_denied',
			'ex_officio', 'moved_out', 'death', 'employment_change']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('unknown correction reason "%s"', p_reason),
			HINT = 'Use report, return, amended_return, dependant_denied, ex_officio, moved_out or death (employment_change: zeimu.inhabitant_employment_change).';
	END IF;
	PERFORM @extschema@.levy_batch_lock('levy_inhabitant', p_lg_code, p_fiscal_year);
	v_last := @extschema@.inhabitant_latest_assessment(p_lg_code, p_fiscal_year, p_atena_no);
	v_facts := @extschema@.merged_tax_facts(p_lg_code, p_fiscal_year, p_atena_no);
	IF v_facts IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = pg_catalog.format('person %s has no current tax document for fiscal year %s', p_atena_no, p_fiscal_year),
			HINT = 'Receive the document (申告, 職権 資料) first: zeimu.receive_tax_document.';
	END IF;
	v_b := @extschema@.inhabitant_tax(p_fiscal_year, p_lg_code, v_facts);
	v_stop := p_reason OPERATOR(pg_catalog.=) ANY (ARRAY['moved_out', 'death']) AND EXISTS (
		SELECT FROM @extschema@.inhabitant_pension_schedule s
		 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_last.version AND NOT s.stopped);
	IF v_b OPERATOR(pg_catalog.=) v_last.breakdown AND NOT v_stop THEN
		RETURN QUERY SELECT v_last.version, false, v_last.total, v_last.overpaid;
		RETURN;
	END IF;
	v_ver := @extschema@.inhabitant_write_correction(p_lg_code, p_fiscal_year, p_atena_no, v_b, p_reason, p_decided_on, p_note);
	RETURN QUERY SELECT a.version, true, a.total, a.overpaid FROM @extschema@.inhabitant_assessment a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND a.atena_no OPERATOR(pg_catalog.=) p_atena_no AND a.version OPERATOR(pg_catalog.=) v_ver;
END
$$;
COMMENT ON FUNCTION @extschema@.levy_inhabitant_correct(@extschema@.lg_code, integer, bigint, text, date, text) IS
	'賦課更正 of one person with a reason: a correction version when the recomputed tax changed (or 転出・死亡 stop 年金特徴); idempotent';

-- 月例更正: zeimu.levy_inhabitant for every fiscal year with current
-- documents and an annual levy already run in the municipality (the
-- initial levy of a year is zeimu.levy_inhabitant itself), from the year of
-- the decision back to the
-- limit of 更正 (法17条の5②: 5 years from the 法定納期限; the parameter
-- correction_years), one row per year.  Each year takes its own lock;
-- the call is one transaction (an error leaves nothing written).
CREATE FUNCTION @extschema@.levy_inhabitant_monthly(p_lg_code @extschema@.lg_code, p_decided_on date DEFAULT CURRENT_DATE)
	RETURNS TABLE (fiscal_year integer, persons integer, decided integer, corrected integer, unchanged integer,
		special integer, ordinary integer, non_taxable integer, not_resident integer, pension integer, overpaid bigint)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_years integer;
	v_fy integer;
BEGIN
	IF p_lg_code IS NULL OR p_decided_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code and decision date must not be null';
	END IF;
	v_years := @extschema@.inhabitant_param_value(p_lg_code, pg_catalog.date_part('year', p_decided_on)::integer, 'correction_years')::integer;
	FOR v_fy IN
		SELECT DISTINCT d.fiscal_year FROM @extschema@.tax_document_current d
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.atena_no IS NOT NULL
		   AND d.fiscal_year OPERATOR(pg_catalog.<=) pg_catalog.date_part('year', p_decided_on)::integer
		   AND d.fiscal_year OPERATOR(pg_catalog.>) (pg_catalog.date_part('year', p_decided_on)::integer OPERATOR(pg_catalog.-) v_years)
		   -- a year whose annual levy (当初賦課) has run: documents for the next
		   -- year arrive from January and wait for its annual run
		   AND EXISTS (SELECT FROM @extschema@.inhabitant_assessment a
						WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) d.fiscal_year)
		 ORDER BY 1
	LOOP
		fiscal_year := v_fy;
		SELECT l.persons, l.decided, l.corrected, l.unchanged, l.special, l.ordinary, l.non_taxable, l.not_resident, l.pension, l.overpaid
		  INTO persons, decided, corrected, unchanged, special, ordinary, non_taxable, not_resident, pension, overpaid
		  FROM @extschema@.levy_inhabitant(p_lg_code, v_fy, p_decided_on) l;
		RETURN NEXT;
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.levy_inhabitant_monthly(@extschema@.lg_code, date) IS
	'月例更正: levy_inhabitant for every fiscal year with documents within the 更正 period; one row per year';

INSERT INTO @extschema@.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
	('000000', 2021, 'correction_years', 5, '法17条の5② (更正・決定の期間制限: 法定納期限の翌日から5年)');
