-- retention: privileges.  The purge operator runs and reads runs; the
-- approver approves large runs and places holds; nothing else is granted.
-- schedule_purge stays superuser-only (it schedules jobs as another role).
GRANT SELECT ON @extschema@.retention_class, @extschema@.retention_setting, @extschema@.purge_target,
	@extschema@.retention_hold_check, @extschema@.purge_run, @extschema@.purge_run_table,
	@extschema@.retention_hold, @extschema@.purge_approval, @extschema@.retention_nonperson_table
	TO zeimu_purge_operator, zeimu_purge_approver;
GRANT EXECUTE ON FUNCTION
	@extschema@.retention_cutoff(date, integer),
	@extschema@.purge_plan(date, @extschema@.lg_code, text[]),
	@extschema@.purge_plan_rows(date, @extschema@.lg_code, text[])
	TO zeimu_purge_operator, zeimu_purge_approver;
GRANT EXECUTE ON FUNCTION
	@extschema@.purge_start(date, @extschema@.lg_code, text[], bigint),
	@extschema@.purge_batch(@extschema@.lg_code, bigint),
	@extschema@.purge_finish(@extschema@.lg_code, bigint),
	@extschema@.restore_purged_person(@extschema@.lg_code, bigint, text),
	@extschema@.restore_purged_person_from_file(@extschema@.lg_code, bigint, bigint, text, text, text)
	TO zeimu_purge_operator;
GRANT EXECUTE ON FUNCTION @extschema@.retention_effective_setting(@extschema@.lg_code, date) TO zeimu_purge_operator;
GRANT EXECUTE ON PROCEDURE @extschema@.purge_run(date, @extschema@.lg_code, text[], bigint) TO zeimu_purge_operator;
GRANT EXECUTE ON FUNCTION
	@extschema@.approve_purge(@extschema@.lg_code, date, bigint, text[], text),
	@extschema@.place_hold(@extschema@.lg_code, bigint, text, text, text, date, date),
	@extschema@.release_hold(@extschema@.lg_code, bigint)
	TO zeimu_purge_approver;
-- The hold guard fires on DELETE by anybody who may delete from a
-- registered table.
GRANT EXECUTE ON FUNCTION @extschema@.retention_hold_guard(), @extschema@.retention_hold_guard_row(),
	@extschema@.retention_row_held(text, jsonb) TO zeimu_user;
-- The purge path's WHEN clause runs as the deleting role.
GRANT EXECUTE ON FUNCTION @extschema@.retention_purging(), @extschema@.retention_delete_guard() TO zeimu_user, zeimu_purge_operator;
GRANT SELECT ON @extschema@.purge_batch_active TO zeimu_user, zeimu_purge_operator;
