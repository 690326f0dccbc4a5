-- levy (property and vehicle): grants.  Staff (zeimu_user) may read the
-- parameters and call the wrappers; the kernels stay internal.  Editing the
-- parameter tables is for the table owner (the DBA) until the access module
-- defines a levy administrator duty role.
GRANT SELECT ON @extschema@.levy_param, @extschema@.depreciation_rate, @extschema@.installment_schedule,
	@extschema@.light_vehicle_class, @extschema@.light_vehicle_rate TO zeimu_user;
GRANT EXECUTE ON FUNCTION
	@extschema@.levy_param_frac(text, integer, text),
	@extschema@.levy_param(text, integer, text),
	@extschema@.levy_param_int(text, integer, text),
	@extschema@.levy_parameters(text, integer),
	@extschema@.installment_schedule_for(text, integer, text),
	@extschema@.light_vehicle_rate_of(text, integer, text, text),
	@extschema@.split_installments(bigint, integer, integer),
	@extschema@.levy_truncate(bigint, bigint),
	@extschema@.land_tax_base(text, integer, text, bigint, bigint, numeric, numeric, numeric),
	@extschema@.land_residential_split(text, integer, numeric, integer, numeric),
	@extschema@.house_new_reduction(text, integer, bigint, numeric, numeric, date, boolean),
	@extschema@.depreciation_rate_of(text, integer, integer),
	@extschema@.depreciable_value(text, integer, bigint, date, integer),
	@extschema@.fa_first_fiscal_year(date),
	@extschema@.fixed_asset_tax(text, integer, bigint, bigint, bigint, bigint),
	@extschema@.city_planning_tax(text, integer, bigint, bigint, bigint, bigint),
	@extschema@.levy_due_date(date),
	@extschema@.installment_plan(text, integer, text, bigint),
	@extschema@.light_vehicle_heavy_exempt(text, boolean),
	@extschema@.light_vehicle_tax(text, integer, text, integer, integer, text, boolean, integer, numeric),
	@extschema@.light_vehicle_rate_kind(text, integer, text, integer, integer, text, boolean, integer),
	@extschema@.light_vehicle_tax(integer, text, integer, integer),
	@extschema@.light_vehicle_tax(integer, text, date)
	TO zeimu_user;

-- Ordinance rows a municipality enters are user data: keep them in dumps.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.levy_param', 'WHERE lg_code <> ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.depreciation_rate', 'WHERE lg_code <> ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.installment_schedule', 'WHERE lg_code <> ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.light_vehicle_rate', 'WHERE lg_code <> ''000000''');
