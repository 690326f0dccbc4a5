-- access: the rights that ship with the access module, granted through the
-- rights table (zeimu.add_right).  The policy helpers are base rights of
-- zeimu_user: every policy calls them as the querying role.
GRANT EXECUTE ON FUNCTION @extschema@.my_lg_codes(), @extschema@.my_offices(), @extschema@.my_duties(),
	@extschema@.my_staff_id(), @extschema@.has_duty(text), @extschema@.access_scope_lg_code(),
	@extschema@.access_scope_offices() TO zeimu_user;

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT d AS duty, 'function' AS kind, f AS obj, 'EXECUTE' AS priv
		FROM pg_catalog.unnest(ARRAY['security_officer', 'sysadmin']) d,
			 pg_catalog.unnest(ARRAY[
				'@extschema@.register_staff(text, text, name, text, text[], text[], boolean, date, date)',
				'@extschema@.revoke_staff(text, text, text)',
				'@extschema@.grant_contractor_access(name, text, text, text, text[], text, text, timestamptz)',
				'@extschema@.end_contractor_access(bigint)',
				'@extschema@.register_approval_kind(text, text, text[], interval)',
				'@extschema@.rights_drift()']) f
		UNION ALL
		SELECT 'sysadmin', 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY['@extschema@.apply_rights()',
				'@extschema@.add_right(text, text, text, text, text)']) f
		UNION ALL
		SELECT d, 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY['security_officer', 'auditor']) d,
			 pg_catalog.unnest(ARRAY['@extschema@.rights_review()',
				'@extschema@.session_report(timestamptz, timestamptz, boolean)']) f
		UNION ALL
		SELECT 'security_officer', 'function', '@extschema@.record_rights_review(text, text, text)', 'EXECUTE'
		UNION ALL
		SELECT 'auditor', 'function', '@extschema@.rights_drift()', 'EXECUTE'
		UNION ALL
		SELECT d.duty, 'function', f, 'EXECUTE'
		FROM @extschema@.duty d,
			 pg_catalog.unnest(ARRAY['@extschema@.request_approval(text, jsonb, text)',
				'@extschema@.approve(bigint)']) f
		WHERE d.duty OPERATOR(pg_catalog.<>) 'contractor'
		UNION ALL
		SELECT d, 'table', t, 'SELECT'
		FROM pg_catalog.unnest(ARRAY['security_officer', 'auditor', 'sysadmin']) d,
			 pg_catalog.unnest(ARRAY['@extschema@.staff', '@extschema@.staff_office', '@extschema@.staff_duty',
				'@extschema@.staff_event', '@extschema@.contractor_grant', '@extschema@.approval_kind',
				'@extschema@.approval', '@extschema@.duty', '@extschema@.duty_right',
				'@extschema@.access_setting']) t
		UNION ALL
		SELECT d, 'table', '@extschema@.session_sample', 'SELECT'
		FROM pg_catalog.unnest(ARRAY['security_officer', 'auditor']) d
	LOOP
		PERFORM @extschema@.add_right(r.duty, r.kind, r.obj, r.priv);
	END LOOP;
END
$$;
