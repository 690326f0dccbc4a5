-- levy (inhabitant tax): the rights of duty levy on the correction, monthly
-- and job-change objects (471-473).  Everything runs SECURITY INVOKER: the
-- clerk's row security applies to every row read or written.
DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT 'table' AS kind, t AS obj, p AS priv
		FROM pg_catalog.unnest(ARRAY['@extschema@.inhabitant_employment_change']) t, pg_catalog.unnest(ARRAY['SELECT', 'INSERT']) p
		UNION ALL
		SELECT 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.inhabitant_latest_assessment(@extschema@.lg_code, integer, bigint)',
			'@extschema@.inhabitant_special_month(integer, integer)',
			'@extschema@.inhabitant_pension_month(integer, integer)',
			'@extschema@.inhabitant_spread(bigint[], boolean[], bigint, bigint)',
			'@extschema@.inhabitant_ordinary_slots(@extschema@.lg_code, integer, bigint, integer, date)',
			'@extschema@.inhabitant_write_ordinary(@extschema@.lg_code, integer, bigint, integer, integer, bigint, date)',
			'@extschema@.inhabitant_write_correction(@extschema@.lg_code, integer, bigint, jsonb, text, date, text, text, text)',
			'@extschema@.levy_inhabitant_correct(@extschema@.lg_code, integer, bigint, text, date, text)',
			'@extschema@.levy_inhabitant_monthly(@extschema@.lg_code, date)',
			'@extschema@.inhabitant_employment_change(@extschema@.lg_code, integer, bigint, text, date, text, integer, text, text, boolean, bigint, date)']) f
	LOOP
		PERFORM @extschema@.add_right('levy', r.kind, r.obj, r.priv);
	END LOOP;
END
$$;
