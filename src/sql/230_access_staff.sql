-- access: registering and revoking staff.  Callers: the security officer or
-- the system administrator of the same municipality, or a superuser (the
-- first registration).  Role DDL runs as the extension owner; role names are
-- always quoted with %I and only roles that carry no special attribute are
-- ever touched.

-- Role-level settings for a staff login: idle_session_timeout from
-- access_setting, pgaudit statement audit for reporting and contractor
-- logins (only when pgaudit is loaded; doc/access.md "Audit").
CREATE FUNCTION @extschema@.access_role_settings(p_rolname name, p_lg_code text, p_audit text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_timeout interval := (@extschema@.access_setting_for(p_lg_code)).idle_session_timeout;
BEGIN
	EXECUTE pg_catalog.format('ALTER ROLE %I SET idle_session_timeout = %s', p_rolname,
		(pg_catalog.date_part('epoch', v_timeout) OPERATOR(pg_catalog.*) 1000)::bigint);
	IF pg_catalog.current_setting('pgaudit.log', true) IS NOT NULL THEN
		IF p_audit IS NULL THEN
			EXECUTE pg_catalog.format('ALTER ROLE %I RESET pgaudit.log', p_rolname);
		ELSE
			EXECUTE pg_catalog.format('ALTER ROLE %I SET pgaudit.log = %L', p_rolname, p_audit);
			EXECUTE pg_catalog.format('ALTER ROLE %I SET pgaudit.log_relation = on', p_rolname);
		END IF;
	END IF;
END
$$;

-- Refuses a role that must never be mapped to a person (22023 / 42501).
CREATE FUNCTION @extschema@.access_check_mappable(p_rolname name) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_rolname IS NULL OR p_rolname OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]{0,62}$' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid login role name',
			DETAIL = 'A login role name is lower-case letters, digits and underscores, starting with a letter.',
			HINT = 'Use a name such as s_123456_0001.';
	END IF;
	IF p_rolname OPERATOR(pg_catalog.~~) 'zeimu\_%' OR p_rolname OPERATOR(pg_catalog.~~) 'pg\_%' THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'a zeimu or system role cannot be a staff login',
			HINT = 'Create one login role per person.';
	END IF;
	IF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) p_rolname
			   AND (r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication)) THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'a privileged role cannot be a staff login',
			DETAIL = 'The role is a superuser or has BYPASSRLS, CREATEROLE, CREATEDB or REPLICATION.',
			HINT = 'Map an ordinary login role; administrators use a separate personal login for staff work.';
	END IF;
END
$$;

CREATE FUNCTION @extschema@.register_staff(
	p_lg_code text, p_staff_id text, p_rolname name, p_full_name text,
	p_duties text[], p_offices text[] DEFAULT '{}', p_all_offices boolean DEFAULT false,
	p_valid_from date DEFAULT NULL, p_valid_to date DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_duty text;
	v_bad text;
	v_from date := COALESCE(p_valid_from, @extschema@.access_today());
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer', 'sysadmin'], true);
	IF p_lg_code IS NULL OR p_lg_code OPERATOR(pg_catalog.!~) '^[0-9]{6}$' OR NOT @extschema@.lg_code_is_valid(p_lg_code)
	   OR p_lg_code OPERATOR(pg_catalog.=) '000000' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid municipality code',
			HINT = 'Give the six-digit 全国地方公共団体コード with its check digit, e.g. 131016.';
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role() AND r.rolsuper)
	   AND NOT p_lg_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes()) THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'access denied: staff of another municipality',
			HINT = 'Staff are registered by the security officer of their own municipality.';
	END IF;
	IF p_staff_id IS NULL OR p_staff_id OPERATOR(pg_catalog.!~) '^[0-9A-Za-z_-]{1,32}$' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid staff id',
			HINT = 'A staff id is 1 to 32 letters, digits, hyphens or underscores.';
	END IF;
	IF p_full_name IS NULL OR pg_catalog.btrim(p_full_name) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the staff member''s name is missing';
	END IF;
	IF p_duties IS NULL OR pg_catalog.cardinality(p_duties) OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a staff member needs at least one duty',
			HINT = 'Duties are listed in zeimu.duty.';
	END IF;
	SELECT d INTO v_bad FROM pg_catalog.unnest(p_duties) d
	 WHERE d IS NULL OR d OPERATOR(pg_catalog.=) 'contractor'
		OR NOT EXISTS (SELECT FROM @extschema@.duty x WHERE x.duty OPERATOR(pg_catalog.=) d) LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('unknown duty "%s"', v_bad),
			HINT = 'Duties are listed in zeimu.duty; contractors get access through zeimu.grant_contractor_access.';
	END IF;
	IF NOT p_all_offices AND (p_offices IS NULL OR pg_catalog.cardinality(p_offices) OPERATOR(pg_catalog.=) 0
							  OR pg_catalog.array_position(p_offices, NULL) IS NOT NULL) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a staff member needs at least one office',
			HINT = 'List the office codes, or pass p_all_offices => true for an HQ division.';
	END IF;
	IF p_valid_to IS NOT NULL AND p_valid_to OPERATOR(pg_catalog.<) v_from THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'validity ends before it starts';
	END IF;
	PERFORM @extschema@.access_check_mappable(p_rolname);
	IF EXISTS (SELECT FROM @extschema@.staff s WHERE s.rolname OPERATOR(pg_catalog.=) p_rolname)
	   OR EXISTS (SELECT FROM @extschema@.staff s WHERE s.lg_code OPERATOR(pg_catalog.=) p_lg_code
				  AND s.staff_id OPERATOR(pg_catalog.=) p_staff_id) THEN
		RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'the login or the staff id is already registered',
			DETAIL = 'One login role maps to one staff record, for good (revoked records stay).',
			HINT = 'Create a new login role for the person.';
	END IF;

	IF pg_catalog.to_regrole(p_rolname) IS NOT NULL
	   AND pg_catalog.pg_has_role(pg_catalog.to_regrole(p_rolname), 'zeimu_contractor'::pg_catalog.regrole, 'MEMBER') THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'a contractor login cannot be a staff login',
			HINT = 'Contractors get access through zeimu.grant_contractor_access.';
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) p_rolname) THEN
		EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', p_rolname);
	ELSE
		EXECUTE pg_catalog.format('ALTER ROLE %I LOGIN', p_rolname);
	END IF;
	FOREACH v_duty IN ARRAY p_duties LOOP
		EXECUTE pg_catalog.format('GRANT %I TO %I',
			(SELECT x.rolname FROM @extschema@.duty x WHERE x.duty OPERATOR(pg_catalog.=) v_duty), p_rolname);
	END LOOP;
	PERFORM @extschema@.access_role_settings(p_rolname, p_lg_code,
		CASE WHEN 'reporting' OPERATOR(pg_catalog.=) ANY (p_duties) THEN 'read, function' END);

	INSERT INTO @extschema@.staff (lg_code, staff_id, rolname, full_name, all_offices, valid_from, valid_to, created_by)
	VALUES (p_lg_code, p_staff_id, p_rolname, p_full_name, p_all_offices, v_from, p_valid_to,
			@extschema@.access_outer_role());
	INSERT INTO @extschema@.staff_office SELECT DISTINCT p_lg_code, p_staff_id, o FROM pg_catalog.unnest(p_offices) o;
	INSERT INTO @extschema@.staff_duty SELECT DISTINCT p_lg_code, p_staff_id, d FROM pg_catalog.unnest(p_duties) d;
	INSERT INTO @extschema@.staff_event (lg_code, staff_id, event, detail, by_role)
	VALUES (p_lg_code, p_staff_id, 'registered',
			pg_catalog.jsonb_build_object('rolname', p_rolname, 'duties', p_duties, 'offices', p_offices,
				'all_offices', p_all_offices, 'valid_from', v_from, 'valid_to', p_valid_to),
			@extschema@.access_outer_role());
	PERFORM @extschema@.access_refresh_scope(p_rolname);
END
$$;
COMMENT ON FUNCTION @extschema@.register_staff(text, text, name, text, text[], text[], boolean, date, date) IS 'maps a login role (created when missing) to a new staff record with duties and offices';

-- Transfer out or retirement: one call.  The record stays, marked revoked;
-- the login loses LOGIN and every zeimu role, and its sessions end.
CREATE FUNCTION @extschema@.revoke_staff(p_lg_code text, p_staff_id text, p_reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_staff @extschema@.staff;
	v_role name;
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer', 'sysadmin'], true);
	IF p_reason IS NULL OR pg_catalog.btrim(p_reason) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a reason for the revocation is required',
			HINT = 'Say why, e.g. 異動 (transfer to the welfare division) or 退職.';
	END IF;
	SELECT * INTO v_staff FROM @extschema@.staff s
	 WHERE s.lg_code OPERATOR(pg_catalog.=) p_lg_code AND s.staff_id OPERATOR(pg_catalog.=) p_staff_id
	 FOR UPDATE;
	IF NOT FOUND OR (NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role() AND r.rolsuper)
					 AND NOT p_lg_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes())) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such staff member in your municipality',
			HINT = 'Check the municipality code and staff id in the rights review report.';
	END IF;
	IF v_staff.revoked_at IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'the staff member is already revoked',
			DETAIL = pg_catalog.format('Revoked at %s.', v_staff.revoked_at);
	END IF;
	UPDATE @extschema@.staff s
	   SET revoked_at = pg_catalog.now(), revoked_by = @extschema@.access_outer_role(), revoked_reason = p_reason,
		   valid_to = LEAST(COALESCE(s.valid_to, @extschema@.access_today()), @extschema@.access_today())
	 WHERE s.lg_code OPERATOR(pg_catalog.=) p_lg_code AND s.staff_id OPERATOR(pg_catalog.=) p_staff_id;
	IF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) v_staff.rolname) THEN
		PERFORM @extschema@.access_check_mappable(v_staff.rolname);
		FOR v_role IN
			SELECT g.rolname FROM pg_catalog.pg_auth_members m
			JOIN pg_catalog.pg_roles g ON g.oid OPERATOR(pg_catalog.=) m.roleid
			JOIN pg_catalog.pg_roles u ON u.oid OPERATOR(pg_catalog.=) m.member
			WHERE u.rolname OPERATOR(pg_catalog.=) v_staff.rolname AND g.rolname OPERATOR(pg_catalog.~~) 'zeimu\_%'
		LOOP
			EXECUTE pg_catalog.format('REVOKE %I FROM %I', v_role, v_staff.rolname);
		END LOOP;
		EXECUTE pg_catalog.format('ALTER ROLE %I NOLOGIN', v_staff.rolname);
	END IF;
	INSERT INTO @extschema@.staff_event (lg_code, staff_id, event, detail, by_role)
	VALUES (p_lg_code, p_staff_id, 'revoked', pg_catalog.jsonb_build_object('reason', p_reason),
			@extschema@.access_outer_role());
	PERFORM @extschema@.access_refresh_scope(v_staff.rolname);
	PERFORM pg_catalog.pg_terminate_backend(a.pid) FROM pg_catalog.pg_stat_activity a
	 WHERE a.usename OPERATOR(pg_catalog.=) v_staff.rolname AND a.pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid();
END
$$;
COMMENT ON FUNCTION @extschema@.revoke_staff(text, text, text) IS 'transfer or retirement: revokes login and every zeimu role, keeps the record, logs the event';

-- Marks a staff member's rights as reviewed (the monthly rights review).
CREATE FUNCTION @extschema@.record_rights_review(p_lg_code text, p_staff_id text, p_note text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer'], false);
	UPDATE @extschema@.staff s SET last_reviewed_at = pg_catalog.now()
	 WHERE s.lg_code OPERATOR(pg_catalog.=) p_lg_code AND s.staff_id OPERATOR(pg_catalog.=) p_staff_id
	   AND s.lg_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes());
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such staff member in your municipality';
	END IF;
	INSERT INTO @extschema@.staff_event (lg_code, staff_id, event, detail, by_role)
	VALUES (p_lg_code, p_staff_id, 'reviewed', pg_catalog.jsonb_build_object('note', p_note),
			@extschema@.access_outer_role());
END
$$;
