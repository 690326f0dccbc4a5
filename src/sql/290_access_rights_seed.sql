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
		FROM pg_catalog.unnest(ARRAY['@extschema@.apply_rights()', '@extschema@.adopt_rights()',
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

-- Rights on the registry's objects.  The registry's install file grants its
-- interim clerk role zeimu_registry what a registry clerk needs; the levy
-- duty (課税, which maintains the 宛名) gets exactly that, the other
-- operational duties its read part, each row recorded in the rights table.
DO $$
DECLARE
	r record;
	readers text[] := ARRAY['collection', 'delinquency', 'pension'];
BEGIN
	FOR r IN
		WITH reg AS (
			SELECT x.object_kind, x.object_name, x.column_name, x.privilege
			FROM @extschema@.rights_actual('zeimu_registry') x
		)
		SELECT 'levy' AS duty, reg.object_kind AS kind, reg.object_name AS obj, reg.privilege AS priv,
			   NULLIF(reg.column_name, '') AS col
		FROM reg
		UNION ALL
		SELECT d, reg.object_kind, reg.object_name, reg.privilege, NULLIF(reg.column_name, '')
		FROM reg, pg_catalog.unnest(readers) d
		WHERE (reg.object_kind OPERATOR(pg_catalog.=) ANY (ARRAY['table', 'column']) AND reg.privilege OPERATOR(pg_catalog.=) 'SELECT')
		   OR (reg.object_kind OPERATOR(pg_catalog.=) 'function' AND pg_catalog.split_part(reg.object_name, '(', 1) OPERATOR(pg_catalog.=) ANY (ARRAY[
				'@extschema@.normalize_name', '@extschema@.normalize_kana', '@extschema@.find_persons_by_name',
				'@extschema@.match_basic_info', '@extschema@.find_person_by_mynumber', '@extschema@.reveal_mynumber',
				'@extschema@.log_access']))
		UNION ALL
		-- provision (提供・移転・開示) identifies the persons of extracts and
		-- disclosure requests: it reads the 宛名 tables (row security still
		-- limits them to its offices), never the number functions
		SELECT 'provision', reg.object_kind, reg.object_name, reg.privilege, NULLIF(reg.column_name, '')
		FROM reg
		WHERE reg.object_kind OPERATOR(pg_catalog.=) ANY (ARRAY['table', 'column']) AND reg.privilege OPERATOR(pg_catalog.=) 'SELECT'
		  AND pg_catalog.split_part(reg.object_name, '.', 2) OPERATOR(pg_catalog.=) ANY (ARRAY['person', 'person_relation',
				'municipality', 'office'])
		UNION ALL
		-- reference tables (not personal data) for the other duties
		SELECT d, 'table', t, 'SELECT', NULL
		FROM pg_catalog.unnest(ARRAY['counter', 'reporting', 'auditor', 'security_officer', 'sysadmin', 'section_chief']) d,
			 pg_catalog.unnest(ARRAY['@extschema@.municipality', '@extschema@.office']) t
		UNION ALL
		SELECT d, 'table', t, 'SELECT', NULL
		FROM pg_catalog.unnest(ARRAY['auditor', 'security_officer']) d,
			 pg_catalog.unnest(ARRAY['@extschema@.access_log', '@extschema@.access_log_seal',
				'@extschema@.access_log_head_export']) t
		UNION ALL
		-- reporting: the columns its views show, never the vault or the review queue
		SELECT 'reporting', 'column', '@extschema@.person', 'SELECT', c
		FROM pg_catalog.unnest(ARRAY['lg_code', 'atena_no', 'kind', 'name', 'name_kana', 'sex', 'birth_date',
				'postal_code', 'address', 'area_code', 'resident', 'office_code', 'death_date']) c
		UNION ALL
		SELECT 'reporting', 'column', '@extschema@.person_relation', 'SELECT', c
		FROM pg_catalog.unnest(ARRAY['lg_code', 'relation_id', 'atena_no', 'related_atena_no', 'kind',
				'started_on', 'ended_on']) c
		UNION ALL
		SELECT 'reporting', 'schema', 'zeimu_report', 'USAGE', NULL
		UNION ALL
		SELECT 'reporting', 'table', pg_catalog.format('zeimu_report.%I', c.relname), 'SELECT', NULL
		FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) 'zeimu_report'::pg_catalog.regnamespace
		UNION ALL
		SELECT 'counter', 'function', f, 'EXECUTE', NULL
		FROM pg_catalog.unnest(ARRAY['@extschema@.counter_person(text, bigint, text)',
				'@extschema@.counter_verify_identity(text, bigint, text, text)']) f
		UNION ALL
		SELECT d, 'function', @extschema@.access_proc_signature(p.oid), 'EXECUTE', NULL
		FROM pg_catalog.unnest(ARRAY['auditor', 'security_officer']) d
		JOIN pg_catalog.pg_proc p ON p.proname OPERATOR(pg_catalog.=) ANY (ARRAY['verify_access_log', 'export_access_log_head'])
			AND p.pronamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
	LOOP
		IF r.kind OPERATOR(pg_catalog.=) ANY (ARRAY['table', 'column']) AND pg_catalog.to_regclass(r.obj) IS NULL THEN
			CONTINUE;
		END IF;
		PERFORM @extschema@.add_right(r.duty, r.kind, r.obj, r.priv, r.col);
	END LOOP;
END
$$;

-- Grants earlier modules (100-199) made to duty roles directly are adopted
-- into the rights table, so that from here on any change shows as drift.
SELECT count(*) AS adopted FROM @extschema@.adopt_rights();
