-- access: the counter (窓口) — certificates and identity checks for one
-- person at a time.  The counter duty holds no SELECT on person: it reaches
-- one person per call through these functions, each call logged in the
-- registry's access log with its purpose.

-- One access-log row attributed to the calling staff member: the registry's
-- writer records zeimu.staff_id when set; it is set here for the call only.
CREATE FUNCTION @extschema@.access_log_as_staff(p_lg_code text, p_atena_no bigint, p_function text, p_purpose text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_prev text := pg_catalog.current_setting('zeimu.staff_id', true);
BEGIN
	IF v_prev IS NOT NULL THEN
		PERFORM pg_catalog.set_config('zeimu.staff_id', COALESCE(@extschema@.my_staff_id(), ''), true);
	END IF;
	PERFORM @extschema@.log_access(p_lg_code::@extschema@.lg_code, p_atena_no, p_function, p_purpose);
	IF v_prev IS NOT NULL THEN
		PERFORM pg_catalog.set_config('zeimu.staff_id', v_prev, true);
	END IF;
END
$$;

-- The office check SECURITY DEFINER code must make itself (the owner is not
-- bound by row security).  Raises P0002 when the person is not visible, so
-- that an invisible person and a missing one look the same.
CREATE FUNCTION @extschema@.access_assert_person_visible(p_lg_code text, p_atena_no bigint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT EXISTS (SELECT FROM @extschema@.person p
				   WHERE p.lg_code::text OPERATOR(pg_catalog.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no
					 AND p.lg_code::text OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes())
					 AND p.office_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_offices())) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such person in your offices',
			HINT = 'Check the atena number; persons of other offices are handled there.';
	END IF;
END
$$;

CREATE FUNCTION @extschema@.counter_person(p_lg_code text, p_atena_no bigint, p_purpose text)
RETURNS TABLE (atena_no bigint, name text, name_kana text, sex smallint, birth_date date,
			   postal_code text, address text, death_date date)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['counter'], false);
	IF p_purpose IS NULL OR pg_catalog.btrim(p_purpose) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the purpose of the lookup is required',
			HINT = 'Say what the certificate or check is for, e.g. 課税証明書交付.';
	END IF;
	PERFORM @extschema@.access_assert_person_visible(p_lg_code, p_atena_no);
	PERFORM @extschema@.access_log_as_staff(p_lg_code, p_atena_no, 'counter_person', p_purpose);
	RETURN QUERY
	SELECT p.atena_no, p.name, p.name_kana, p.sex, p.birth_date, p.postal_code, p.address, p.death_date
	FROM @extschema@.person p
	WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code::@extschema@.lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no;
END
$$;
COMMENT ON FUNCTION @extschema@.counter_person(text, bigint, text) IS 'counter: the basic items of one person of the caller''s offices, logged with the purpose';

CREATE FUNCTION @extschema@.counter_verify_identity(p_lg_code text, p_atena_no bigint, p_method text,
	p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['counter'], false);
	PERFORM @extschema@.access_assert_person_visible(p_lg_code, p_atena_no);
	v_id := @extschema@.record_verification(p_lg_code::@extschema@.lg_code, p_atena_no, p_method, @extschema@.my_staff_id(),
											 @extschema@.access_today(), p_note);
	PERFORM @extschema@.access_log_as_staff(p_lg_code, p_atena_no, 'counter_verify_identity', 'identity check: ' OPERATOR(pg_catalog.||) p_method);
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.counter_verify_identity(text, bigint, text, text) IS 'counter: records an identity check (本人確認) of one person by the calling staff member, logged';
