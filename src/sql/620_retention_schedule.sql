-- retention: scheduling with pg_cron (doc/retention.md "Scheduling").
--
-- pg_cron 1.4 reads every schedule in GMT: 02:00 JST is '0 17 * * *'.
-- The purge job runs as a LOGIN role that is a member of
-- zeimu_purge_operator (cron.schedule_in_database with username); the
-- procedure itself does nothing on a standby.  A second job deletes
-- cron.job_run_details rows older than keep_run_details, which pg_cron
-- never prunes by itself.  pg_cron is looked up at call time: zeimu installs
-- without it.
CREATE FUNCTION @extschema@.schedule_purge(p_cron text, p_lg_code @extschema@.lg_code, p_run_as name,
										   p_keep_run_details interval DEFAULT '30 days',
										   p_cleanup_cron text DEFAULT '30 17 * * *')
	RETURNS TABLE (job_name text, jobid bigint, schedule text, command text, username text)
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_name text;
	v_cmd text;
	v_id bigint;
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'pg_cron') THEN
		RAISE EXCEPTION 'pg_cron is not installed in database %', pg_catalog.current_database()
			USING ERRCODE = '55000', HINT = 'CREATE EXTENSION pg_cron in the database named by cron.database_name.';
	END IF;
	IF p_cron IS NULL OR pg_catalog.btrim(p_cron) = '' OR p_lg_code IS NULL OR p_run_as IS NULL THEN
		RAISE EXCEPTION 'schedule, municipality and run_as role are required' USING ERRCODE = '22004';
	END IF;
	IF p_lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code THEN
		RAISE EXCEPTION 'a purge runs for one municipality, not for 000000' USING ERRCODE = '22023';
	END IF;
	IF p_keep_run_details IS NULL OR p_keep_run_details < interval '1 day' THEN
		RAISE EXCEPTION 'keep_run_details must be at least 1 day' USING ERRCODE = '22023';
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) p_run_as AND r.rolcanlogin) THEN
		RAISE EXCEPTION 'role % does not exist or cannot log in', p_run_as
			USING ERRCODE = '22023', HINT = 'pg_cron connects as this role: CREATE ROLE ... LOGIN IN ROLE zeimu_purge_operator.';
	END IF;
	IF NOT pg_catalog.pg_has_role(p_run_as, 'zeimu_purge_operator', 'MEMBER')
	   OR EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) p_run_as AND r.rolsuper) THEN
		RAISE EXCEPTION 'role % must be a non-superuser member of zeimu_purge_operator', p_run_as
			USING ERRCODE = '42501', HINT = 'GRANT zeimu_purge_operator TO the job role.';
	END IF;

	v_name := 'zeimu_purge_' || p_lg_code::text;
	v_cmd := pg_catalog.format('CALL %I.purge_run(CURRENT_DATE, %L)', '@extschema@', p_lg_code::text);
	EXECUTE 'SELECT cron.unschedule(j.jobid) FROM cron.job j WHERE j.jobname = $1' USING v_name;
	EXECUTE 'SELECT cron.schedule_in_database($1, $2, $3, $4, $5, true)'
		INTO v_id USING v_name, p_cron, v_cmd, pg_catalog.current_database(), p_run_as::text;
	job_name := v_name; jobid := v_id; schedule := p_cron; command := v_cmd; username := p_run_as;
	RETURN NEXT;

	v_name := 'zeimu_cron_run_details_cleanup';
	v_cmd := pg_catalog.format('DELETE FROM cron.job_run_details WHERE end_time < pg_catalog.now() - %L::interval', p_keep_run_details);
	EXECUTE 'SELECT cron.unschedule(j.jobid) FROM cron.job j WHERE j.jobname = $1' USING v_name;
	EXECUTE 'SELECT cron.schedule_in_database($1, $2, $3, $4, $5, true)'
		INTO v_id USING v_name, p_cleanup_cron, v_cmd, pg_catalog.current_database(), pg_catalog.session_user()::text;
	job_name := v_name; jobid := v_id; schedule := p_cleanup_cron; command := v_cmd; username := pg_catalog.session_user();
	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION @extschema@.schedule_purge(text, @extschema@.lg_code, name, interval, text) IS
	'retention: registers the nightly purge job (GMT schedule) and the cron.job_run_details cleanup job; superuser only';
