-- provision, pension, disclosure: the access module's row security replaces
-- the interim provision_interim_* and pension_interim_* policies of
-- 790_provision_privileges.sql and 740_pension.sql.  Tables keyed by a
-- person are visible when the person is (office scope through zeimu.person's
-- policy); the others are scoped to the municipality.  Grants stay as 790
-- gives them (SELECT for the duty roles; INSERT on reduction_application).
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['provision_record_subject', 'notice_batch_subject', 'network_record',
							 'reduction_application', 'disclosure_request', 'disclosure_report_log']
	LOOP
		EXECUTE pg_catalog.format('DROP POLICY provision_interim_select ON @extschema@.%I', t);
		PERFORM @extschema@.protect_person_table(('@extschema@.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t))::regclass);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['pension_insured', 'pension_notification', 'pension_exemption_application']
	LOOP
		EXECUTE pg_catalog.format('DROP POLICY pension_interim_select ON @extschema@.%I', t);
		PERFORM @extschema@.protect_person_table(('@extschema@.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t))::regclass);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['provision_record', 'handover_slip', 'data_use_application', 'notice_batch',
							 'notice_batch_confirmation', 'provision_refusal']
	LOOP
		EXECUTE pg_catalog.format('DROP POLICY provision_interim_select ON @extschema@.%I', t);
		PERFORM @extschema@.protect_municipal_table(('@extschema@.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t))::regclass);
	END LOOP;
END
$$;
DROP POLICY provision_interim_chief_select ON @extschema@.network_record;
DROP POLICY provision_interim_insert ON @extschema@.reduction_application;
