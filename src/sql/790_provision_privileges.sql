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

GRANT SELECT ON @extschema@.provision_item, @extschema@.provision_recipient, @extschema@.provision_basis,
	@extschema@.provision_permitted_item, @extschema@.provision_data_source, @extschema@.network_permit,
	@extschema@.network_param
	TO zeimu_provision, zeimu_section_chief, zeimu_pension;
GRANT SELECT ON @extschema@.provision_record, @extschema@.provision_record_subject, @extschema@.handover_slip,
	@extschema@.data_use_application, @extschema@.notice_batch, @extschema@.notice_batch_subject,
	@extschema@.notice_batch_confirmation, @extschema@.network_record, @extschema@.reduction_application,
	@extschema@.disclosure_request, @extschema@.disclosure_report_log, @extschema@.provision_refusal
	TO zeimu_provision;
GRANT INSERT ON @extschema@.reduction_application TO zeimu_provision;
GRANT SELECT ON @extschema@.network_record TO zeimu_section_chief;
GRANT SELECT ON @extschema@.pension_insured, @extschema@.pension_notification, @extschema@.pension_exemption_application
	TO zeimu_pension;

GRANT EXECUTE ON FUNCTION
	@extschema@.provide(@extschema@.lg_code, text, text, text[], bigint[], text, text, bigint),
	@extschema@.transfer(@extschema@.lg_code, text, text, text[], bigint[], bigint),
	@extschema@.provision_precheck(@extschema@.lg_code, text, text, jsonb),
	@extschema@.provision_is_date(text),
	@extschema@.close_handover_slip(@extschema@.lg_code, bigint, text),
	@extschema@.submit_data_use_application(@extschema@.lg_code, text, text, text, text, text, text, text, text[], text, date, date),
	@extschema@.create_notice_batch(@extschema@.lg_code, text, text, text, text[], bigint[]),
	@extschema@.confirm_notice_batch(@extschema@.lg_code, bigint),
	@extschema@.release_notice_batch(@extschema@.lg_code, bigint, text),
	@extschema@.network_inquire(@extschema@.lg_code, text, bigint, text, text),
	@extschema@.network_record_answer(@extschema@.lg_code, bigint, jsonb, boolean),
	@extschema@.network_provide(@extschema@.lg_code, text, bigint, text, text),
	@extschema@.receive_disclosure_request(@extschema@.lg_code, bigint, text, text, text, text),
	@extschema@.close_disclosure_request(@extschema@.lg_code, bigint, text),
	@extschema@.disclosure_report(@extschema@.lg_code, bigint),
	@extschema@.disclosure_in_progress(@extschema@.lg_code, bigint)
TO zeimu_provision;
GRANT EXECUTE ON FUNCTION
	@extschema@.approve_data_use_application(@extschema@.lg_code, bigint),
	@extschema@.network_confirm(@extschema@.lg_code, bigint)
TO zeimu_section_chief;
GRANT EXECUTE ON FUNCTION
	@extschema@.provide(@extschema@.lg_code, text, text, text[], bigint[], text, text, bigint),
	@extschema@.provision_precheck(@extschema@.lg_code, text, text, jsonb),
	@extschema@.provision_is_date(text),
	@extschema@.pension_receive_notification(@extschema@.lg_code, bigint, text, smallint, date, text, text, text, text),
	@extschema@.pension_apply_exemption(@extschema@.lg_code, bigint, integer, text, text, text, text, jsonb),
	@extschema@.pension_provide_to_jps(@extschema@.lg_code, text, date)
TO zeimu_pension;
-- For the retention module's holds.
GRANT EXECUTE ON FUNCTION @extschema@.disclosure_in_progress(@extschema@.lg_code, bigint) TO zeimu_purge_operator;
GRANT EXECUTE ON FUNCTION @extschema@.network_purge_results(@extschema@.lg_code, timestamptz) TO zeimu_purge_operator;
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
GRANT EXECUTE ON FUNCTION @extschema@.provision_record_guard() TO zeimu_purge_operator, zeimu_provision, zeimu_pension;
