-- access: time-boxed contractor access (委託事業者の保守・障害対応).
-- A contractor login has no access by default: it is a member of
-- zeimu_contractor, which holds no privilege.  A grant records the reason,
-- the approving and the attending staff member and an end time; it makes the
-- login a member of one duty role for the offices named.  Access ends by
-- itself: the policy helpers ignore a grant past ends_at at once, and
-- zeimu.expire_contractor_access() (pg_cron, every minute) revokes the
-- membership and ends the contractor's sessions.  Everything done under a
-- grant is logged: pgaudit.log = 'all' on the login and session sampling.

CREATE FUNCTION @extschema@.grant_contractor_access(
	p_rolname name, p_reason text, p_detail text, p_duty text, p_offices text[],
	p_approved_by text, p_attended_by text, p_ends_at timestamptz)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_lg text;
	v_id bigint;
	v_duty_role name;
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer', 'sysadmin'], false);
	SELECT p.lg_code INTO v_lg FROM @extschema@.access_principal() p WHERE p.staff_id IS NOT NULL;
	IF v_lg IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'access denied: only staff grant contractor access';
	END IF;
	IF p_reason IS NULL OR p_reason OPERATOR(pg_catalog.<>) ALL (ARRAY['failure', 'maintenance']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the reason must be failure or maintenance',
			HINT = 'failure = 障害対応, maintenance = 保守作業.';
	END IF;
	IF p_detail IS NULL OR pg_catalog.btrim(p_detail) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'describe the work the contractor will do';
	END IF;
	IF p_duty IS NULL OR p_duty OPERATOR(pg_catalog.=) ANY (ARRAY['security_officer', 'sysadmin', 'auditor', 'contractor'])
	   OR NOT EXISTS (SELECT FROM @extschema@.duty d WHERE d.duty OPERATOR(pg_catalog.=) p_duty) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a contractor cannot be given this duty',
			HINT = 'Give an operational duty such as levy or collection.';
	END IF;
	IF p_offices IS NULL OR pg_catalog.cardinality(p_offices) OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'name the offices the contractor may see';
	END IF;
	IF p_ends_at IS NULL OR p_ends_at OPERATOR(pg_catalog.<=) pg_catalog.now()
	   OR p_ends_at OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.+) interval '7 days') THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the end time must be in the future and within 7 days',
			HINT = 'Grant again when the work continues.';
	END IF;
	IF p_approved_by IS NULL OR p_attended_by IS NULL
	   OR NOT EXISTS (SELECT FROM @extschema@.staff s WHERE s.lg_code OPERATOR(pg_catalog.=) v_lg
					  AND s.staff_id OPERATOR(pg_catalog.=) p_approved_by AND s.revoked_at IS NULL)
	   OR NOT EXISTS (SELECT FROM @extschema@.staff s WHERE s.lg_code OPERATOR(pg_catalog.=) v_lg
					  AND s.staff_id OPERATOR(pg_catalog.=) p_attended_by AND s.revoked_at IS NULL) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the approving and attending staff must be active staff of your municipality';
	END IF;
	PERFORM @extschema@.access_check_mappable(p_rolname);
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members m
				   WHERE m.roleid OPERATOR(pg_catalog.=) 'zeimu_contractor'::pg_catalog.regrole
					 AND m.member OPERATOR(pg_catalog.=) pg_catalog.to_regrole(p_rolname)) THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the login is not a contractor login',
			HINT = 'A contractor login is a member of zeimu_contractor (GRANT zeimu_contractor TO the login).';
	END IF;
	IF EXISTS (SELECT FROM @extschema@.staff s WHERE s.rolname OPERATOR(pg_catalog.=) p_rolname) THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'a staff login cannot receive a contractor grant';
	END IF;
	-- A grant past its end that the job has not ended yet is ended now.
	PERFORM @extschema@.access_end_grant(g.lg_code, g.grant_id, 'expired') FROM @extschema@.contractor_grant g
	 WHERE g.rolname OPERATOR(pg_catalog.=) p_rolname AND g.ended_at IS NULL
	   AND g.ends_at OPERATOR(pg_catalog.<=) pg_catalog.now();
	IF EXISTS (SELECT FROM @extschema@.contractor_grant g WHERE g.rolname OPERATOR(pg_catalog.=) p_rolname
			   AND g.ended_at IS NULL AND g.ends_at OPERATOR(pg_catalog.>) pg_catalog.now()) THEN
		RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = 'the contractor already has a running grant',
			HINT = 'End it with zeimu.end_contractor_access first.';
	END IF;
	INSERT INTO @extschema@.contractor_grant (lg_code, rolname, reason, detail, duty, offices,
		approved_by, attended_by, granted_by, ends_at)
	VALUES (v_lg, p_rolname, p_reason, p_detail, p_duty, p_offices, p_approved_by, p_attended_by,
			@extschema@.access_outer_role(), p_ends_at)
	RETURNING grant_id INTO v_id;
	v_duty_role := (SELECT d.rolname FROM @extschema@.duty d WHERE d.duty OPERATOR(pg_catalog.=) p_duty);
	EXECUTE pg_catalog.format('GRANT %I TO %I', v_duty_role, p_rolname);
	EXECUTE pg_catalog.format('ALTER ROLE %I LOGIN', p_rolname);
	PERFORM @extschema@.access_role_settings(p_rolname, v_lg, 'all');
	PERFORM @extschema@.access_refresh_scope(p_rolname);
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.grant_contractor_access(name, text, text, text, text[], text, text, timestamptz) IS 'time-boxed contractor access with reason, approving and attending staff; ends by itself';

-- Ends grants (internal): revokes the duty membership, NOLOGIN, ends sessions.
CREATE FUNCTION @extschema@.access_end_grant(p_lg_code text, p_grant_id bigint, p_how text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	g @extschema@.contractor_grant;
BEGIN
	UPDATE @extschema@.contractor_grant x SET ended_at = pg_catalog.now(), ended_how = p_how
	 WHERE x.lg_code OPERATOR(pg_catalog.=) p_lg_code AND x.grant_id OPERATOR(pg_catalog.=) p_grant_id
	   AND x.ended_at IS NULL
	RETURNING * INTO g;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	PERFORM @extschema@.access_refresh_scope(g.rolname);
	IF pg_catalog.to_regrole(g.rolname) IS NULL THEN
		RETURN;
	END IF;
	EXECUTE pg_catalog.format('REVOKE %I FROM %I',
		(SELECT d.rolname FROM @extschema@.duty d WHERE d.duty OPERATOR(pg_catalog.=) g.duty), g.rolname);
	EXECUTE pg_catalog.format('ALTER ROLE %I NOLOGIN', g.rolname);
	PERFORM pg_catalog.pg_terminate_backend(a.pid) FROM pg_catalog.pg_stat_activity a
	 WHERE a.usename OPERATOR(pg_catalog.=) g.rolname AND a.pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid();
END
$$;

CREATE FUNCTION @extschema@.end_contractor_access(p_grant_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer', 'sysadmin'], false);
	IF NOT EXISTS (SELECT FROM @extschema@.contractor_grant g WHERE g.grant_id OPERATOR(pg_catalog.=) p_grant_id
				   AND g.lg_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes()) AND g.ended_at IS NULL) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no running contractor grant with this id in your municipality';
	END IF;
	PERFORM @extschema@.access_end_grant(g.lg_code, g.grant_id, 'ended early')
	   FROM @extschema@.contractor_grant g WHERE g.grant_id OPERATOR(pg_catalog.=) p_grant_id;
END
$$;

-- pg_cron, every minute: ends every grant past its end time.  Idempotent.
CREATE FUNCTION @extschema@.expire_contractor_access(p_now timestamptz DEFAULT pg_catalog.now())
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	g record;
	n integer := 0;
BEGIN
	FOR g IN SELECT x.lg_code, x.grant_id FROM @extschema@.contractor_grant x
			 WHERE x.ended_at IS NULL AND x.ends_at OPERATOR(pg_catalog.<=) p_now
			 ORDER BY x.lg_code, x.grant_id FOR UPDATE SKIP LOCKED LOOP
		PERFORM @extschema@.access_end_grant(g.lg_code, g.grant_id, 'expired');
		n := n OPERATOR(pg_catalog.+) 1;
	END LOOP;
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.expire_contractor_access(timestamptz) IS 'ends contractor grants past their end time (run by pg_cron every minute); returns how many';
