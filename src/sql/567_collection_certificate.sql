-- collection: 納税証明書 (tax payment certificate) of one person, tax and
-- fiscal year: per installment the 本税 assessed, paid, written off and
-- unpaid.  No Individual Number.  Each issuance is recorded
-- (collection_certificate) and written to the access log with its purpose;
-- a person the caller may not see (another office) is refused as if absent.
-- doc/collection.md §16.

CREATE TABLE @extschema@.collection_certificate (
	lg_code @extschema@.lg_code NOT NULL,
	certificate_id bigint GENERATED ALWAYS AS IDENTITY,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	tax_kind text NOT NULL,
	fiscal_year integer NOT NULL,
	as_of date NOT NULL,
	purpose text NOT NULL CHECK (pg_catalog.length(purpose) BETWEEN 1 AND 200),
	installments integer NOT NULL,
	assessed bigint NOT NULL,
	paid bigint NOT NULL,
	unpaid bigint NOT NULL,
	issued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	issued_by text NOT NULL DEFAULT session_user,
	staff_id text,
	PRIMARY KEY (lg_code, certificate_id)
);
COMMENT ON TABLE @extschema@.collection_certificate IS
	'collection: every 納税証明書 issued: whose, which tax and year, the totals certified, who issued it and why';

CREATE FUNCTION @extschema@.tax_payment_certificate(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_tax text,
	p_fiscal_year integer, p_purpose text DEFAULT '納税証明書交付')
RETURNS TABLE (certificate_id bigint, tax_kind text, fiscal_year integer, notice_no text, period_no smallint,
	due_date date, assessed bigint, paid bigint, written_off bigint, unpaid bigint, status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
	v_today date := @extschema@.access_today();
	v_super boolean;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['collection', 'delinquency', 'counter']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_tax IS NULL OR p_fiscal_year IS NULL THEN
		RAISE EXCEPTION 'municipality, person, tax and fiscal year are required'
			USING ERRCODE = '22004', DETAIL = 'A certificate is for one person, one tax and one fiscal year.',
				  HINT = 'Pass the lg_code, the atena number, the tax (e.g. fixed_asset) and the fiscal year.';
	END IF;
	IF p_purpose IS NULL OR pg_catalog.btrim(p_purpose) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'the purpose of the certificate is required'
			USING ERRCODE = '22023', DETAIL = 'Every issuance is logged with its purpose.', HINT = 'Say what it is for, e.g. 融資申込.';
	END IF;
	-- The owner bypasses row security: check the caller may see the person
	-- (P0002 for a person of another office, as for a missing one).
	SELECT r.rolsuper INTO v_super FROM pg_catalog.pg_roles r
	 WHERE r.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role();
	IF coalesce(v_super, false) THEN
		IF NOT EXISTS (SELECT FROM @extschema@.person p
					   WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no) THEN
			RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such person in your offices',
				HINT = 'Check the atena number; persons of other offices are handled there.';
		END IF;
	ELSE
		PERFORM @extschema@.access_assert_person_visible(p_lg_code::text, p_atena_no);
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.collection_installment i
				   WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no
					 AND i.tax_kind OPERATOR(pg_catalog.=) p_tax AND i.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year) THEN
		RAISE EXCEPTION 'no % installment of fiscal year % for this person', p_tax, p_fiscal_year
			USING ERRCODE = 'P0002', DETAIL = 'Nothing was assessed on the person for that tax and year.',
				  HINT = 'Check the tax and the fiscal year; a 非課税 or 未課税 certificate is issued by the levy section.';
	END IF;

	INSERT INTO @extschema@.collection_certificate (lg_code, atena_no, tax_kind, fiscal_year, as_of, purpose, installments,
		assessed, paid, unpaid, staff_id)
	SELECT p_lg_code, p_atena_no, p_tax, p_fiscal_year, v_today, p_purpose, pg_catalog.count(*),
		   pg_catalog.sum(ps.principal), pg_catalog.sum(ps.principal_paid), pg_catalog.sum(ps.principal_unpaid),
		   @extschema@.my_staff_id()
	  FROM @extschema@.collection_installment_position ps
	 WHERE ps.lg_code OPERATOR(@extschema@.=) p_lg_code AND ps.atena_no OPERATOR(pg_catalog.=) p_atena_no
	   AND ps.tax_kind OPERATOR(pg_catalog.=) p_tax AND ps.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	RETURNING collection_certificate.certificate_id INTO v_id;
	PERFORM @extschema@.access_log_as_staff(p_lg_code::text, p_atena_no, 'tax_payment_certificate', p_purpose);

	RETURN QUERY
	SELECT v_id, ps.tax_kind, ps.fiscal_year, ps.notice_no, ps.period_no, ps.due_date, ps.principal, ps.principal_paid,
		   ps.principal_written_off, ps.principal_unpaid, ps.status
	  FROM @extschema@.collection_installment_position ps
	 WHERE ps.lg_code OPERATOR(@extschema@.=) p_lg_code AND ps.atena_no OPERATOR(pg_catalog.=) p_atena_no
	   AND ps.tax_kind OPERATOR(pg_catalog.=) p_tax AND ps.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	 ORDER BY ps.notice_no, ps.period_no;
END
$$;
COMMENT ON FUNCTION @extschema@.tax_payment_certificate(@extschema@.lg_code, bigint, text, integer, text) IS
	'collection: 納税証明書 of a person, tax and fiscal year — per installment 本税 assessed, paid, written off and unpaid; no Individual Number; recorded and access-logged; refuses persons the caller may not see';

SELECT @extschema@.protect_person_table('@extschema@.collection_certificate'::regclass);
GRANT SELECT ON @extschema@.collection_certificate TO zeimu_collection, zeimu_delinquency;
GRANT EXECUTE ON FUNCTION @extschema@.tax_payment_certificate(@extschema@.lg_code, bigint, text, integer, text)
	TO zeimu_collection, zeimu_delinquency, zeimu_counter;
