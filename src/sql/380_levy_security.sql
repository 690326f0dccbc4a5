-- levy (property and vehicle): row-level security, links to the registry,
-- dump registration.
--
-- Tables holding owners, taxpayers or their taxes are ENABLEd and FORCEd
-- with an INTERIM permissive policy for zeimu_levy (levy_interim_*), the
-- registry's convention, for the access module to replace.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['land_owner', 'land_registry_notice', 'land_registry_notice_applied', 'ledger_inquiry', 'house_owner', 'da_filer',
	                         'da_declaration', 'da_asset_line', 'vehicle', 'vehicle_reduction', 'fa_assessment',
	                         'fa_installment', 'fa_land_result', 'fa_house_result', 'lv_assessment', 'lv_installment']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format(
			'CREATE POLICY levy_interim_all ON @extschema@.%I TO zeimu_levy USING (true) WITH CHECK (true)', t);
		EXECUTE pg_catalog.format('SELECT pg_catalog.pg_extension_config_dump(%L, %L)', '@extschema@.' OPERATOR(pg_catalog.||) t, '');
	END LOOP;
	FOREACH t IN ARRAY ARRAY['land_parcel', 'land_part', 'land_valuation', 'house', 'house_valuation']
	LOOP
		EXECUTE pg_catalog.format('SELECT pg_catalog.pg_extension_config_dump(%L, %L)', '@extschema@.' OPERATOR(pg_catalog.||) t, '');
	END LOOP;
END
$$;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.fa_assessment_no_seq', '');

-- Owners and taxpayers are persons of the registry: when it is installed
-- (it sorts before this module), the atena numbers get foreign keys.
DO $$
DECLARE
	t text;
BEGIN
	IF pg_catalog.to_regclass('@extschema@.person') IS NULL THEN
		RETURN;
	END IF;
	FOREACH t IN ARRAY ARRAY['land_owner', 'house_owner', 'da_filer', 'da_declaration', 'vehicle', 'vehicle_reduction',
	                         'fa_assessment', 'lv_assessment']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ADD FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person (lg_code, atena_no)', t);
	END LOOP;
END
$$;
