-- provision, pension, disclosure: the access module's row security replaces
-- the interim provision_interim_* and pension_interim_* policies of
-- 790_provision_privileges.sql and 740_pension.sql.  Tables keyed by a
-- person are visible when the person is (office scope through zeimu.person's
-- policy); the others are scoped to the municipality.  Grants stay as 790
-- gives them (SELECT for the duty roles; INSERT on reduction_application).
DO $$
DECLARE
	r record;
	rel regclass;
BEGIN
	FOR r IN SELECT v.tbl, v.pol, v.by_person
			 FROM (VALUES ('provision_record_subject', 'provision_interim_select', true),
						  ('notice_batch_subject', 'provision_interim_select', true),
						  ('network_record', 'provision_interim_select', true),
						  ('network_record', 'provision_interim_chief_select', true),
						  ('reduction_application', 'provision_interim_select', true),
						  ('reduction_application', 'provision_interim_insert', true),
						  ('disclosure_request', 'provision_interim_select', true),
						  ('disclosure_report_log', 'provision_interim_select', true),
						  ('pension_insured', 'pension_interim_select', true),
						  ('pension_notification', 'pension_interim_select', true),
						  ('pension_exemption_application', 'pension_interim_select', true),
						  ('provision_record', 'provision_interim_select', false),
						  ('handover_slip', 'provision_interim_select', false),
						  ('data_use_application', 'provision_interim_select', false),
						  ('notice_batch', 'provision_interim_select', false),
						  ('notice_batch_confirmation', 'provision_interim_select', false),
						  ('provision_refusal', 'provision_interim_select', false)) v(tbl, pol, by_person)
	LOOP
		rel := ('@extschema@.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(r.tbl))::regclass;
		EXECUTE pg_catalog.format('DROP POLICY %I ON %s', r.pol, rel);
		-- Both helpers (re)create their zeimu_scope_* policies: a table
		-- listed twice is protected twice, to the same end.
		IF r.by_person THEN
			PERFORM @extschema@.protect_person_table(rel);
		ELSE
			PERFORM @extschema@.protect_municipal_table(rel);
		END IF;
	END LOOP;
END
$$;
