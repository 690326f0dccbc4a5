-- provision, pension, disclosure: row-level security and privileges.
-- Interim policies (provision_interim_*, pension_interim_*) for the duty
-- roles of this module; 795_provision_access.sql drops them and applies the
-- access module's (zeimu.protect_person_table / protect_municipal_table).

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['provision_record_subject', 'notice_batch_subject', 'network_record',
							 'reduction_application', 'disclosure_request', 'disclosure_report_log',
							 'provision_record', 'handover_slip', 'data_use_application', 'notice_batch',
							 'notice_batch_confirmation', 'provision_refusal']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('CREATE POLICY provision_interim_select ON @extschema@.%I FOR SELECT TO zeimu_provision USING (true)', t);
	END LOOP;
END
$$;
CREATE POLICY provision_interim_chief_select ON @extschema@.network_record FOR SELECT TO zeimu_section_chief USING (true);
CREATE POLICY provision_interim_insert ON @extschema@.reduction_application FOR INSERT TO zeimu_provision WITH CHECK (true);

-- Privileges: rows of the access module's rights table (zeimu.add_right
-- grants them at once), so that zeimu.rights_drift() watches them and
-- zeimu.register_staff(..., duties => ARRAY['provision' | 'section_chief' |
-- 'pension']) is all a staff member needs.
DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		-- the catalogue (no personal data)
		SELECT d AS duty, 'table' AS kind, t AS obj, 'SELECT' AS priv
		FROM pg_catalog.unnest(ARRAY['provision', 'section_chief', 'pension']) d,
			 pg_catalog.unnest(ARRAY['@extschema@.provision_item', '@extschema@.provision_recipient',
				'@extschema@.provision_basis', '@extschema@.provision_permitted_item', '@extschema@.provision_data_source',
				'@extschema@.network_permit', '@extschema@.network_param']) t
		UNION ALL
		-- the records (row security of 795 scopes them)
		SELECT 'provision', 'table', t, 'SELECT'
		FROM pg_catalog.unnest(ARRAY['@extschema@.provision_record', '@extschema@.provision_record_subject',
				'@extschema@.handover_slip', '@extschema@.data_use_application', '@extschema@.notice_batch',
				'@extschema@.notice_batch_subject', '@extschema@.notice_batch_confirmation', '@extschema@.network_record',
				'@extschema@.reduction_application', '@extschema@.disclosure_request', '@extschema@.disclosure_report_log',
				'@extschema@.provision_refusal']) t
		UNION ALL
		SELECT 'provision', 'table', '@extschema@.reduction_application', 'INSERT'
		UNION ALL
		SELECT 'section_chief', 'table', t, 'SELECT'
		FROM pg_catalog.unnest(ARRAY['@extschema@.network_record', '@extschema@.data_use_application']) t
		UNION ALL
		SELECT 'pension', 'table', t, 'SELECT'
		FROM pg_catalog.unnest(ARRAY['@extschema@.pension_insured', '@extschema@.pension_notification',
				'@extschema@.pension_exemption_application']) t
		UNION ALL
		SELECT 'provision', 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.provide(@extschema@.lg_code, text, text, text[], bigint[], text, text, bigint)',
			'@extschema@.transfer(@extschema@.lg_code, text, text, text[], bigint[], bigint)',
			'@extschema@.provision_precheck(@extschema@.lg_code, text, text, jsonb)',
			'@extschema@.provision_is_date(text)',
			'@extschema@.close_handover_slip(@extschema@.lg_code, bigint, text)',
			'@extschema@.submit_data_use_application(@extschema@.lg_code, text, text, text, text, text, text, text, text[], text, date, date)',
			'@extschema@.create_notice_batch(@extschema@.lg_code, text, text, text, text[], bigint[])',
			'@extschema@.confirm_notice_batch(@extschema@.lg_code, bigint)',
			'@extschema@.release_notice_batch(@extschema@.lg_code, bigint, text)',
			'@extschema@.network_inquire(@extschema@.lg_code, text, bigint, text, text)',
			'@extschema@.network_record_answer(@extschema@.lg_code, bigint, jsonb, boolean)',
			'@extschema@.network_provide(@extschema@.lg_code, text, bigint, text, text)',
			'@extschema@.receive_disclosure_request(@extschema@.lg_code, bigint, text, text, text, text)',
			'@extschema@.close_disclosure_request(@extschema@.lg_code, bigint, text)',
			'@extschema@.disclosure_report(@extschema@.lg_code, bigint)',
			'@extschema@.disclosure_in_progress(@extschema@.lg_code, bigint)']) f
		UNION ALL
		SELECT 'section_chief', 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.approve_data_use_application(@extschema@.lg_code, bigint)',
			'@extschema@.network_confirm(@extschema@.lg_code, bigint)',
			'@extschema@.load_network_permits(@extschema@.lg_code, jsonb, boolean)']) f
		UNION ALL
		SELECT 'pension', 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.provide(@extschema@.lg_code, text, text, text[], bigint[], text, text, bigint)',
			'@extschema@.provision_precheck(@extschema@.lg_code, text, text, jsonb)',
			'@extschema@.provision_is_date(text)',
			'@extschema@.pension_receive_notification(@extschema@.lg_code, bigint, text, smallint, date, text, text, text, text)',
			'@extschema@.pension_apply_exemption(@extschema@.lg_code, bigint, integer, text, text, text, text, jsonb)',
			'@extschema@.pension_provide_to_jps(@extschema@.lg_code, text, date)']) f
		UNION ALL
		-- the retention module's holds and the network purge
		SELECT 'purge_operator', 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.disclosure_in_progress(@extschema@.lg_code, bigint)',
			'@extschema@.network_purge_results(@extschema@.lg_code, timestamptz)']) f
	LOOP
		PERFORM @extschema@.add_right(r.duty, r.kind, r.obj, r.priv);
	END LOOP;
END
$$;
-- Types are outside the rights table.
GRANT USAGE ON TYPE @extschema@.provision_extract TO zeimu_provision, zeimu_pension;

-- Records are append-only: no UPDATE ever, by anybody the trigger binds
-- (superusers and the owner included); DELETE only by a non-superuser
-- member of zeimu_purge_operator (the retention module), which decides when
-- their retention has passed (and consults zeimu.disclosure_in_progress).
CREATE FUNCTION @extschema@.provision_record_guard() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	-- pg_has_role is true for every superuser: membership must be real.
	IF TG_OP = 'DELETE' AND pg_catalog.pg_has_role(current_user, 'zeimu_purge_operator', 'MEMBER')
	   AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) current_user) THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION '% rows are records and cannot be changed or deleted', TG_TABLE_NAME
		USING ERRCODE = '42501', HINT = 'Only the retention purge (zeimu_purge_operator) deletes records.';
END
$$;
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['provision_record', 'provision_record_subject', 'provision_refusal',
							 'notice_batch_confirmation', 'disclosure_report_log']
	LOOP
		EXECUTE pg_catalog.format('CREATE TRIGGER provision_record_guard BEFORE UPDATE OR DELETE ON @extschema@.%I '
								  'FOR EACH ROW EXECUTE FUNCTION @extschema@.provision_record_guard()', t);
	END LOOP;
END
$$;
-- (Triggers do not need EXECUTE; the grants keep what the module gave.)
SELECT @extschema@.add_right(d, 'function', '@extschema@.provision_record_guard()', 'EXECUTE')
FROM pg_catalog.unnest(ARRAY['purge_operator', 'provision', 'pension']) d;
