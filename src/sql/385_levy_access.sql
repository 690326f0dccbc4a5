-- levy (property and vehicle): the access module's row security replaces
-- the interim levy_interim_* policies of 380_levy_security.sql.  Tables
-- keyed by a person are visible when the person is (office scope through
-- zeimu.person's policy); the others are scoped to the municipality.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['land_owner', 'land_registry_notice', 'house_owner', 'da_filer', 'da_declaration',
	                         'da_asset_line', 'vehicle', 'vehicle_reduction', 'fa_assessment', 'lv_assessment']
	LOOP
		EXECUTE pg_catalog.format('DROP POLICY levy_interim_all ON @extschema@.%I', t);
		PERFORM @extschema@.protect_person_table(('@extschema@.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t))::regclass);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['land_registry_notice_applied', 'ledger_inquiry', 'fa_installment', 'fa_land_result',
	                         'fa_house_result', 'lv_installment']
	LOOP
		EXECUTE pg_catalog.format('DROP POLICY levy_interim_all ON @extschema@.%I', t);
		PERFORM @extschema@.protect_municipal_table(('@extschema@.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t))::regclass);
	END LOOP;
END
$$;
