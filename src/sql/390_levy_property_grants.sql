-- levy (property and vehicle): grants.  Staff (zeimu_user) may read the
-- parameters and call the wrappers; the kernels stay internal.  Editing the
-- parameter tables is for the table owner (the DBA) until the access module
-- defines a levy administrator duty role.
GRANT SELECT ON @extschema@.levy_param, @extschema@.depreciation_rate, @extschema@.installment_schedule,
	@extschema@.light_vehicle_class, @extschema@.light_vehicle_rate TO zeimu_user;
GRANT EXECUTE ON FUNCTION
	@extschema@.levy_param_frac(@extschema@.lg_code, integer, text),
	@extschema@.levy_param(@extschema@.lg_code, integer, text),
	@extschema@.levy_param_int(@extschema@.lg_code, integer, text),
	@extschema@.levy_parameters(@extschema@.lg_code, integer),
	@extschema@.installment_schedule_for(@extschema@.lg_code, integer, text),
	@extschema@.light_vehicle_rate_of(@extschema@.lg_code, integer, text, text),
	@extschema@.split_installments(bigint, integer, integer),
	@extschema@.levy_truncate(bigint, bigint),
	@extschema@.fa_burden_params(@extschema@.lg_code, integer),
	@extschema@.land_tax_base(@extschema@.lg_code, integer, text, bigint, bigint, numeric, numeric, numeric),
	@extschema@.land_residential_split(@extschema@.lg_code, integer, numeric, integer, numeric),
	@extschema@.house_new_reduction(@extschema@.lg_code, integer, bigint, numeric, numeric, date, boolean),
	@extschema@.depreciation_rate_of(@extschema@.lg_code, integer, integer),
	@extschema@.depreciable_value(@extschema@.lg_code, integer, bigint, date, integer),
	@extschema@.fa_first_fiscal_year(date),
	@extschema@.fixed_asset_tax(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint),
	@extschema@.city_planning_tax(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint),
	@extschema@.levy_due_date(date, @extschema@.lg_code),
	@extschema@.installment_plan(@extschema@.lg_code, integer, text, bigint),
	@extschema@.light_vehicle_heavy_exempt(text, boolean),
	@extschema@.light_vehicle_tax(@extschema@.lg_code, integer, text, integer, integer, text, boolean, integer, numeric),
	@extschema@.light_vehicle_rate_kind(@extschema@.lg_code, integer, text, integer, integer, text, boolean, integer),
	@extschema@.light_vehicle_tax(integer, text, integer, integer),
	@extschema@.light_vehicle_tax(integer, text, date)
	TO zeimu_user;

-- Ordinance rows a municipality enters are user data: keep them in dumps.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.levy_param', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.depreciation_rate', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.installment_schedule', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.light_vehicle_rate', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');

-- Phase 2: ledgers, assessments, batches, outputs.  Levy clerks (zeimu_levy)
-- read and write the ledgers and run the batches; assessments are written
-- only by the batch and correction functions (append-only triggers).
GRANT SELECT, INSERT, UPDATE ON @extschema@.land_parcel, @extschema@.land_part, @extschema@.land_valuation,
	@extschema@.land_owner, @extschema@.house, @extschema@.house_valuation, @extschema@.house_owner,
	@extschema@.da_filer, @extschema@.da_declaration, @extschema@.da_asset_line,
	@extschema@.vehicle, @extschema@.vehicle_reduction, @extschema@.ledger_inquiry TO zeimu_levy;
GRANT SELECT, INSERT ON @extschema@.land_registry_notice, @extschema@.land_registry_notice_applied, @extschema@.fa_assessment, @extschema@.fa_installment,
	@extschema@.lv_assessment, @extschema@.lv_installment TO zeimu_levy;
GRANT SELECT, INSERT, DELETE ON @extschema@.fa_land_result, @extschema@.fa_house_result TO zeimu_levy;
GRANT SELECT ON @extschema@.fa_assessment_current, @extschema@.lv_assessment_current TO zeimu_levy;
GRANT USAGE ON SEQUENCE @extschema@.fa_assessment_no_seq TO zeimu_levy;
GRANT EXECUTE ON FUNCTION
	@extschema@.import_house_data(@extschema@.lg_code, text, text, text, numeric, date, text),
	@extschema@.import_land_category(@extschema@.lg_code, text, text, text),
	@extschema@.apply_registry_notice(@extschema@.lg_code, bigint),
	@extschema@.da_filing_status(@extschema@.lg_code, integer),
	@extschema@.levy_due_dates(@extschema@.lg_code, integer, text),
	@extschema@.levy_batch_lock(text, @extschema@.lg_code, integer),
	@extschema@.levy_statutory_due(@extschema@.lg_code, integer, text),
	@extschema@.fa_stage(@extschema@.lg_code, integer, text),
	@extschema@.fa_write(@extschema@.lg_code, integer, text, text, date, bigint, integer),
	@extschema@.lv_stage(@extschema@.lg_code, integer, bigint),
	@extschema@.lv_write(@extschema@.lg_code, integer, text, text, date, integer),
	@extschema@.levy_check_correction_period(@extschema@.lg_code, integer, date, date, boolean),
	@extschema@.levy_check_correction(@extschema@.lg_code, integer, text, date, date, date, boolean),
	@extschema@.correct_fixed_asset(@extschema@.lg_code, integer, bigint, text, date, boolean),
	@extschema@.correct_light_vehicle(@extschema@.lg_code, integer, bigint, text, date, boolean),
	@extschema@.levy_addressee_join(),
	@extschema@.fa_notice_data(@extschema@.lg_code, integer, bigint),
	@extschema@.lv_notice_data(@extschema@.lg_code, integer, bigint),
	@extschema@.inspection_ledger_land(@extschema@.lg_code, integer),
	@extschema@.inspection_ledger_house(@extschema@.lg_code, integer),
	@extschema@.fa_summary_statistics(@extschema@.lg_code, integer),
	@extschema@.lv_summary_statistics(@extschema@.lg_code, integer),
	@extschema@.lv_invalid_vehicles(@extschema@.lg_code, integer),
	@extschema@.levy_append_only(),
	@extschema@.fa_land_principal(bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint),
	@extschema@.fa_land_adjusted(bigint, bigint, boolean, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint),
	@extschema@.fa_land_base(bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint),
	@extschema@.fa_house_reduction(bigint, bigint, bigint, bigint, bigint, integer, integer, bigint, bigint, bigint, bigint, bigint),
	@extschema@.fa_depreciable_value(bigint, integer, integer, bigint, bigint),
	@extschema@.fa_category_tax(bigint, bigint, bigint, bigint, bigint, bigint),
	@extschema@.lv_kernel_rate_kind(integer, boolean, integer, integer, integer, integer, boolean, boolean),
	@extschema@.lv_kernel_tax(integer, boolean, integer, integer, integer, integer, boolean, boolean, bigint, bigint, bigint, bigint, bigint, bigint, bigint),
	@extschema@.installment_nominal_date(integer, integer, integer, integer),
	@extschema@.levy_area_c(numeric, text),
	@extschema@.levy_check_amount(bigint, text),
	@extschema@.levy_check_fy(integer)
	TO zeimu_levy;
GRANT EXECUTE ON PROCEDURE @extschema@.levy_fixed_asset(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint),
	@extschema@.levy_light_vehicle(@extschema@.lg_code, integer, bigint, bigint, bigint, bigint) TO zeimu_levy;
