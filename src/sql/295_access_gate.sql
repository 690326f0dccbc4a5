-- access: the gate every public SECURITY DEFINER function of the other
-- modules passes before it acts for a municipality on personal data.
--
-- Row security stops a login that is not mapped, revoked or out of its
-- validity from seeing rows (issue 4: "sees nothing and can call nothing"),
-- but a SECURITY DEFINER function runs as its owner and bypasses row
-- security.  Each such function therefore calls
--     PERFORM @extschema@.assert_staff_for(<its lg_code argument>, <duties>);
-- as its first statement.  The file runs before the 3xx-7xx modules; the
-- registry's functions (120) are PL/pgSQL, resolved when called.
--
-- Gated (doc/access.md, "The gate"): duties in brackets; NULL = any active
-- staff member of the municipality, used where the function is granted to a
-- role that is not a duty of zeimu.duty (zeimu_purge_approver) or to several
-- duties with a check of their own after the gate (provision_build: the
-- recipient's operator role): there the SQL GRANT decides the function, the
-- gate decides the person and the municipality.
--   registry:   resolve_link_review, refresh_same_person_candidates,
--               check_integrated_atena, run_integrated_atena_check [levy]
--   collection: post_payment, import_payments, reverse_payment,
--               resolve_suspense [collection, delinquency];
--               issue_dunning [delinquency, collection]
--   retention:  place_hold, release_hold, approve_purge, purge_plan_rows (NULL);
--               purge_start, purge_batch, purge_finish, purge_archive_export,
--               restore_purged_person, restore_purged_person_from_file,
--               network_purge_results                          [purge_operator]
--   provision:  provision_build (the body of provide and transfer)  (NULL);
--               close_handover_slip, submit_data_use_application,
--               create/confirm/release_notice_batch, network_inquire,
--               network_provide, network_record_answer          [provision];
--               approve_data_use_application, network_confirm,
--               load_network_permits                            [section_chief]
--   pension:    pension_receive_notification, pension_apply_exemption,
--               pension_provide_to_jps                          [pension]
--   disclosure: receive_disclosure_request, close_disclosure_request,
--               disclosure_report                               [provision];
--               disclosure_in_progress           [provision, purge_operator]
--
-- Not gated, and why (test/pgtap/43_access_gate.sql keeps this list):
--   access_principal, my_lg_codes, my_offices, my_duties, my_staff_id,
--   has_duty: the identity helpers the gate and the row policies use; they
--     return the caller's own record, empty when not mapped.
--   requires_approval: reads the approval-kind catalogue (no personal data).
--   retention_row_held, retention_hold_guard: trigger-side checks that only
--     refuse deletes of held rows; they grant nothing.
--   access_office_added: trigger function, not granted.
--   provide, transfer, purge_plan: LANGUAGE sql wrappers whose whole body is
--     provision_build / purge_plan_rows, which are gated.

-- Raises 42501 unless the session may act for p_lg_code: a superuser passes
-- (outside what a database can stop; batch jobs and the demo run as one);
-- otherwise the outer role must be an active staff member (or contractor
-- under a running grant) holding one of p_duties when given
-- (zeimu.assert_access), of municipality p_lg_code.
-- The municipality is read with zeimu.my_lg_codes() (by the outer role), not
-- zeimu.access_scope_lg_code(): the latter caches the scope of current_user,
-- which inside a SECURITY DEFINER function is the owner.
-- SECURITY DEFINER so that a direct call by staff (granted to zeimu_user)
-- gets the clerk-readable 42501 of zeimu.assert_access rather than a bare
-- permission error on it; the caller is still the outer role.
CREATE FUNCTION @extschema@.assert_staff_for(p_lg_code @extschema@.lg_code, p_duties text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF EXISTS (SELECT FROM pg_catalog.pg_roles r
			   WHERE r.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role() AND r.rolsuper) THEN
		RETURN;
	END IF;
	PERFORM @extschema@.assert_access(p_duties);
	IF p_lg_code IS NULL OR NOT (p_lg_code::text OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes())) THEN
		RAISE EXCEPTION USING ERRCODE = '42501',
			MESSAGE = 'access denied: the staff member does not work for this municipality',
			DETAIL = pg_catalog.format('Role %s may act for %s only; the call asked for %s.',
				@extschema@.access_outer_role(),
				COALESCE(NULLIF(pg_catalog.array_to_string(@extschema@.my_lg_codes(), ', '), ''), 'no municipality'),
				COALESCE(p_lg_code::text, 'no municipality')),
			HINT = 'Give the municipality code of your own staff record, or ask the security officer of the other municipality.';
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.assert_staff_for(@extschema@.lg_code, text[]) IS 'raises 42501 unless the session is a superuser or an active staff member of p_lg_code (holding one of p_duties when given)';
GRANT EXECUTE ON FUNCTION @extschema@.assert_staff_for(@extschema@.lg_code, text[]) TO zeimu_user;
