-- levy (inhabitant tax): 所得・課税証明書 (income and tax certificate,
-- 地方税法20条の10: 証明書の交付), from the current assessment version.  It
-- carries no Individual Number (seed 001 §13.5).  Every issue is recorded
-- (who, when, requester, purpose) and access-logged.  SECURITY INVOKER: a
-- person outside the caller's row security is "not found".
-- See doc/levy-inhabitant.md, "Notices and certificates".

CREATE TABLE @extschema@.income_certificate_issue (
	lg_code			@extschema@.lg_code NOT NULL,
	certificate_id	bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,
	fiscal_year		integer NOT NULL,
	version			integer NOT NULL,		-- the assessment version certified
	requester		text NOT NULL CHECK (requester <> ''),	-- 請求者 (本人, 代理人 …)
	purpose			text NOT NULL CHECK (purpose <> ''),	-- 使用目的 / 提出先
	issued_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	staff_id		text,
	issued_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	content_sha256	bytea NOT NULL,
	PRIMARY KEY (lg_code, certificate_id),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version)
);
CREATE INDEX ON @extschema@.income_certificate_issue (lg_code, atena_no, fiscal_year);
COMMENT ON TABLE @extschema@.income_certificate_issue IS '所得・課税証明書 issued: who, when, for whom, why (the content is not kept, its SHA-256 is)';

CREATE FUNCTION @extschema@.income_certificate_issue_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'the record of an issued certificate cannot be edited';
END
$$;
CREATE TRIGGER income_certificate_issue_guard BEFORE UPDATE ON @extschema@.income_certificate_issue
	FOR EACH ROW EXECUTE FUNCTION @extschema@.income_certificate_issue_guard();

CREATE FUNCTION @extschema@.income_certificate(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_fiscal_year integer,
	p_requester text, p_purpose text)
	RETURNS jsonb
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_p record;
	v_a record;
	v_content jsonb;
	v_id bigint;
BEGIN
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_fiscal_year IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, atena number and fiscal year must not be null';
	END IF;
	IF p_requester IS NULL OR pg_catalog.btrim(p_requester) = '' OR p_purpose IS NULL OR pg_catalog.btrim(p_purpose) = '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the requester and the purpose of a certificate must be given',
			HINT = 'Record who asked (本人, 代理人 and name) and for what (提出先 or 使用目的).';
	END IF;
	-- Row security applies: a person the caller may not see is not found.
	SELECT p.name, p.address, p.birth_date INTO v_p
	  FROM @extschema@.person p
	 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = pg_catalog.format('person %s not found in municipality %s', p_atena_no, p_lg_code),
			HINT = 'Check the atena number; a person outside your offices is not visible to you.';
	END IF;
	SELECT a.version, a.breakdown, a.total, a.collection_mode, a.decided_on INTO v_a
	  FROM @extschema@.inhabitant_assessment_current a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND a.atena_no OPERATOR(pg_catalog.=) p_atena_no;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = pg_catalog.format('person %s has no inhabitant tax assessment for fiscal year %s', p_atena_no, p_fiscal_year),
			DETAIL = 'A certificate states assessed figures only.',
			HINT = 'Receive the person''s documents (or an inhabitant tax return) and run zeimu.levy_inhabitant first.';
	END IF;
	v_content := pg_catalog.jsonb_build_object(
		'title', CASE WHEN v_a.total OPERATOR(pg_catalog.=) 0 THEN '所得・非課税証明書' ELSE '所得・課税証明書' END,
		'lg_code', p_lg_code::text,
		'fiscal_year', p_fiscal_year, 'income_year', p_fiscal_year OPERATOR(pg_catalog.-) 1,
		'atena_no', p_atena_no, 'name', v_p.name, 'address', v_p.address, 'birth_date', v_p.birth_date,
		'assessment_version', v_a.version, 'decided_on', v_a.decided_on,
		'figures', @extschema@.inhabitant_notice_figures(v_a.breakdown),
		'total', v_a.total, 'nontaxable', v_a.breakdown -> 'nontaxable',
		'requester', p_requester, 'purpose', p_purpose,
		'issued_at', pg_catalog.now());
	-- The record keeps the fingerprint of what was handed out (the content
	-- without its certificate number, which the record itself gives).
	INSERT INTO @extschema@.income_certificate_issue (lg_code, atena_no, fiscal_year, version, requester, purpose,
		staff_id, content_sha256)
	VALUES (p_lg_code, p_atena_no, p_fiscal_year, v_a.version, p_requester, p_purpose,
		NULLIF(pg_catalog.current_setting('zeimu.staff_id', true), ''),
		pg_catalog.sha256(pg_catalog.convert_to(v_content::text, 'UTF8')))
	RETURNING certificate_id INTO v_id;
	v_content := v_content OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('certificate_no', v_id);
	PERFORM @extschema@.log_access(p_lg_code, p_atena_no, 'income_certificate', p_purpose);
	RETURN v_content;
END
$$;
COMMENT ON FUNCTION @extschema@.income_certificate(@extschema@.lg_code, bigint, integer, text, text) IS
	'所得・課税証明書 of one person and fiscal year from the current assessment; issue recorded and access-logged; no Individual Number';

SELECT @extschema@.protect_person_table('@extschema@.income_certificate_issue'::regclass);

DO $$
BEGIN
	PERFORM @extschema@.add_right('levy', 'table', '@extschema@.income_certificate_issue', 'SELECT');
	PERFORM @extschema@.add_right('levy', 'table', '@extschema@.income_certificate_issue', 'INSERT');
	PERFORM @extschema@.add_right('levy', 'function',
		'@extschema@.income_certificate(@extschema@.lg_code, bigint, integer, text, text)', 'EXECUTE');
END
$$;
