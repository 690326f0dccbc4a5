-- access: session sampling, the long-session / out-of-hours report and the
-- rights review.

-- pg_cron, every minute: records every client session of a zeimu user
-- (a mapped staff login, a contractor login, or any member of zeimu_user).
-- Idempotent: a session seen again only moves last_seen.
CREATE FUNCTION @extschema@.sample_sessions(p_now timestamptz DEFAULT pg_catalog.now())
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n integer;
BEGIN
	INSERT INTO @extschema@.session_sample AS t (lg_code, rolname, backend_start, pid, first_seen, last_seen,
		last_activity, client_addr, application_name)
	SELECT COALESCE(s.lg_code, g.lg_code, '000000'), a.usename, a.backend_start, a.pid, p_now, p_now,
		   GREATEST(a.query_start, a.state_change), a.client_addr, a.application_name
	FROM pg_catalog.pg_stat_activity a
	LEFT JOIN @extschema@.staff s ON s.rolname OPERATOR(pg_catalog.=) a.usename
	LEFT JOIN LATERAL (SELECT x.lg_code FROM @extschema@.contractor_grant x
					   WHERE x.rolname OPERATOR(pg_catalog.=) a.usename
					   ORDER BY x.starts_at DESC LIMIT 1) g ON true
	WHERE a.backend_type OPERATOR(pg_catalog.=) 'client backend' AND a.usename IS NOT NULL
	  AND a.backend_start IS NOT NULL
	  AND (s.rolname IS NOT NULL OR g.lg_code IS NOT NULL
		   OR pg_catalog.pg_has_role(a.usename, 'zeimu_user', 'MEMBER'))
	ON CONFLICT (lg_code, rolname, backend_start, pid) DO UPDATE
	   SET last_seen = EXCLUDED.last_seen, last_activity = EXCLUDED.last_activity;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.sample_sessions(timestamptz) IS 'samples pg_stat_activity into zeimu.session_sample (pg_cron, every minute); returns sessions seen';

-- Sessions of the caller's municipality overlapping [p_from, p_to) that are
-- longer than session_limit, touch a closed day (access_is_closed_day), or
-- fall outside office hours (Japan time).  All sessions when p_only_flagged
-- is false.
CREATE FUNCTION @extschema@.session_report(p_from timestamptz, p_to timestamptz, p_only_flagged boolean DEFAULT true)
RETURNS TABLE (lg_code text, rolname name, staff_id text, pid integer, backend_start timestamptz,
			   last_seen timestamptz, duration interval, long_session boolean, out_of_hours boolean,
			   closed_day boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer', 'auditor'], false);
	IF p_from IS NULL OR p_to IS NULL OR p_to OPERATOR(pg_catalog.<=) p_from THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid report period',
			HINT = 'Give a start before the end.';
	END IF;
	RETURN QUERY
	SELECT x.* FROM (
		SELECT t.lg_code, t.rolname, s.staff_id, t.pid, t.backend_start, t.last_seen,
			   t.last_seen OPERATOR(pg_catalog.-) t.backend_start,
			   t.last_seen OPERATOR(pg_catalog.-) t.backend_start OPERATOR(pg_catalog.>) cfg.session_limit,
			   (t.backend_start AT TIME ZONE 'Asia/Tokyo')::time OPERATOR(pg_catalog.<) cfg.office_hours_start
				 OR (t.last_seen AT TIME ZONE 'Asia/Tokyo')::time OPERATOR(pg_catalog.>) cfg.office_hours_end
				 OR (t.backend_start AT TIME ZONE 'Asia/Tokyo')::date OPERATOR(pg_catalog.<>) (t.last_seen AT TIME ZONE 'Asia/Tokyo')::date,
			   @extschema@.access_is_closed_day((t.backend_start AT TIME ZONE 'Asia/Tokyo')::date, t.lg_code)
				 OR @extschema@.access_is_closed_day((t.last_seen AT TIME ZONE 'Asia/Tokyo')::date, t.lg_code)
		FROM @extschema@.session_sample t
		LEFT JOIN @extschema@.staff s ON s.rolname OPERATOR(pg_catalog.=) t.rolname
		CROSS JOIN LATERAL @extschema@.access_setting_for(t.lg_code, (t.backend_start AT TIME ZONE 'Asia/Tokyo')::date) cfg
		WHERE t.lg_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes() OPERATOR(pg_catalog.||) '000000'::text)
		  AND t.backend_start OPERATOR(pg_catalog.<) p_to AND t.last_seen OPERATOR(pg_catalog.>=) p_from
	) x(lg_code, rolname, staff_id, pid, backend_start, last_seen, duration, long_session, out_of_hours, closed_day)
	WHERE NOT p_only_flagged OR x.long_session OR x.out_of_hours OR x.closed_day
	ORDER BY x.backend_start, x.rolname, x.pid;
END
$$;
COMMENT ON FUNCTION @extschema@.session_report(timestamptz, timestamptz, boolean) IS 'long sessions, closed-day and out-of-hours access of the caller''s municipality';

-- Rights review (at least monthly): each staff member of the caller's
-- municipality with duties, offices, last access and anomalies, plus every
-- login that belongs to a zeimu role without a staff record or grant.
-- Anomalies: revoked_but_can_login, revoked_but_member, duty_mismatch,
-- unused_rights, review_overdue, unmapped_member, login_missing.
CREATE FUNCTION @extschema@.rights_review()
RETURNS TABLE (lg_code text, staff_id text, rolname name, full_name text, duties text[], offices text[],
			   all_offices boolean, valid_from date, valid_to date, revoked_at timestamptz,
			   last_reviewed_at timestamptz, last_access timestamptz, anomalies text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer', 'auditor'], false);
	RETURN QUERY
	WITH st AS (
		SELECT s.*, cfg.review_interval, cfg.unused_after,
			   ARRAY(SELECT d.duty FROM @extschema@.staff_duty d WHERE d.lg_code OPERATOR(pg_catalog.=) s.lg_code
					 AND d.staff_id OPERATOR(pg_catalog.=) s.staff_id ORDER BY 1) AS duties,
			   ARRAY(SELECT o.office_code FROM @extschema@.staff_office o WHERE o.lg_code OPERATOR(pg_catalog.=) s.lg_code
					 AND o.staff_id OPERATOR(pg_catalog.=) s.staff_id ORDER BY 1) AS offices,
			   ARRAY(SELECT d.duty FROM @extschema@.duty d
					 JOIN pg_catalog.pg_roles g ON g.rolname OPERATOR(pg_catalog.=) d.rolname
					 JOIN pg_catalog.pg_auth_members m ON m.roleid OPERATOR(pg_catalog.=) g.oid
					 WHERE m.member OPERATOR(pg_catalog.=) r.oid ORDER BY 1) AS member_of,
			   r.oid AS roleid, r.rolcanlogin,
			   (SELECT pg_catalog.max(t.last_seen) FROM @extschema@.session_sample t
				WHERE t.rolname OPERATOR(pg_catalog.=) s.rolname) AS last_access,
			   (s.revoked_at IS NOT NULL OR COALESCE(s.valid_to OPERATOR(pg_catalog.<) @extschema@.access_today(), false)) AS ended
		FROM @extschema@.staff s
		LEFT JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) s.rolname
		CROSS JOIN LATERAL @extschema@.access_setting_for(s.lg_code) cfg
		WHERE s.lg_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes())
	)
	SELECT st.lg_code, st.staff_id, st.rolname, st.full_name, st.duties, st.offices, st.all_offices,
		   st.valid_from, st.valid_to, st.revoked_at, st.last_reviewed_at, st.last_access,
		   ARRAY(SELECT a FROM pg_catalog.unnest(ARRAY[
			   CASE WHEN st.roleid IS NULL THEN 'login_missing' END,
			   CASE WHEN st.ended AND st.rolcanlogin THEN 'revoked_but_can_login' END,
			   CASE WHEN st.ended AND pg_catalog.cardinality(st.member_of) OPERATOR(pg_catalog.>) 0
					 OR st.ended AND pg_catalog.pg_has_role(st.roleid, 'zeimu_user'::pg_catalog.regrole, 'MEMBER')
					THEN 'revoked_but_member' END,
			   CASE WHEN NOT st.ended AND st.roleid IS NOT NULL AND st.member_of OPERATOR(pg_catalog.<>) st.duties
					THEN 'duty_mismatch' END,
			   CASE WHEN NOT st.ended AND st.valid_from OPERATOR(pg_catalog.<) (@extschema@.access_today() OPERATOR(pg_catalog.-) st.unused_after)
					 AND (st.last_access IS NULL OR st.last_access OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) st.unused_after))
					THEN 'unused_rights' END,
			   CASE WHEN NOT st.ended AND COALESCE(st.last_reviewed_at, st.created_at)
					OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) st.review_interval)
					THEN 'review_overdue' END]) a WHERE a IS NOT NULL)
	FROM st
	UNION ALL
	SELECT '000000'::text, NULL::text, r.rolname, NULL::text, NULL::text[], NULL::text[], NULL::boolean,
		   NULL::date, NULL::date, NULL::timestamptz, NULL::timestamptz,
		   (SELECT pg_catalog.max(t.last_seen) FROM @extschema@.session_sample t WHERE t.rolname OPERATOR(pg_catalog.=) r.rolname),
		   ARRAY['unmapped_member']
	FROM pg_catalog.pg_roles r
	WHERE r.rolname OPERATOR(pg_catalog.!~~) 'zeimu\_%'
	  AND NOT r.rolsuper
	  AND pg_catalog.pg_has_role(r.oid, 'zeimu_user'::pg_catalog.regrole, 'MEMBER')
	  AND NOT EXISTS (SELECT FROM @extschema@.staff s WHERE s.rolname OPERATOR(pg_catalog.=) r.rolname)
	  AND NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members m WHERE m.member OPERATOR(pg_catalog.=) r.oid
					  AND m.roleid OPERATOR(pg_catalog.=) 'zeimu_contractor'::pg_catalog.regrole)
	ORDER BY 1, 2, 3;
END
$$;
COMMENT ON FUNCTION @extschema@.rights_review() IS 'monthly rights review: staff, duties, offices, last access and anomalies';

-- Schedules the access jobs with pg_cron when it is installed in this
-- database (pg_cron schedules in GMT; both jobs run every minute).
CREATE FUNCTION @extschema@.schedule_access_jobs() RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'pg_cron') THEN
		RETURN;
	END IF;
	EXECUTE 'SELECT cron.schedule($1, $2, $3)' USING 'zeimu-access-sample-sessions', '* * * * *',
		'SELECT @extschema@.sample_sessions()';
	EXECUTE 'SELECT cron.schedule($1, $2, $3)' USING 'zeimu-access-expire-contractors', '* * * * *',
		'SELECT @extschema@.expire_contractor_access()';
END
$$;
SELECT @extschema@.schedule_access_jobs();
