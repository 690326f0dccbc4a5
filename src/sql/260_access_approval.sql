-- access: generic two-person approval (二者承認).  An operation kind is
-- registered as needing approval; a staff member requests it with a subject
-- (the operation's parameters as jsonb); a different staff member approves;
-- the operation, inside its own SECURITY DEFINER function, calls
-- zeimu.consume_approval() which lets it run exactly once.
-- SQLSTATEs: ZA001 self-approval refused, ZA002 not pending/approved,
-- ZA003 already used, ZA004 expired, ZA005 subject or kind mismatch.

CREATE FUNCTION @extschema@.register_approval_kind(p_kind text, p_description text,
	p_approver_duties text[] DEFAULT NULL, p_valid_for interval DEFAULT interval '24 hours')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_lg text;
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['sysadmin', 'security_officer'], false);
	SELECT p.lg_code INTO v_lg FROM @extschema@.access_principal() p WHERE p.staff_id IS NOT NULL;
	IF p_kind IS NULL OR p_kind OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]{0,62}$' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid approval kind',
			HINT = 'A kind is lower-case letters, digits and underscores, e.g. mynumber_link_override.';
	END IF;
	IF p_description IS NULL OR pg_catalog.btrim(p_description) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'describe the operation that needs approval';
	END IF;
	INSERT INTO @extschema@.approval_kind (lg_code, kind, description, approver_duties, valid_for, registered_by)
	VALUES (v_lg, p_kind, p_description, p_approver_duties, p_valid_for, @extschema@.access_outer_role())
	ON CONFLICT (lg_code, kind) DO UPDATE
	   SET description = EXCLUDED.description, approver_duties = EXCLUDED.approver_duties,
		   valid_for = EXCLUDED.valid_for, registered_by = EXCLUDED.registered_by,
		   registered_at = pg_catalog.now();
END
$$;

-- true when the municipality has registered the kind as needing approval.
CREATE FUNCTION @extschema@.requires_approval(p_lg_code text, p_kind text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT FROM @extschema@.approval_kind k
				   WHERE k.lg_code OPERATOR(pg_catalog.=) p_lg_code AND k.kind OPERATOR(pg_catalog.=) p_kind)
$$;

CREATE FUNCTION @extschema@.request_approval(p_kind text, p_subject jsonb, p_reason text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_me record;
	v_id bigint;
BEGIN
	PERFORM @extschema@.assert_access();
	SELECT p.lg_code, p.staff_id INTO v_me FROM @extschema@.access_principal() p WHERE p.staff_id IS NOT NULL;
	IF v_me.staff_id IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'access denied: only staff request approvals';
	END IF;
	IF NOT @extschema@.requires_approval(v_me.lg_code, p_kind) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the operation kind is not registered for approval',
			HINT = 'The system administrator registers kinds with zeimu.register_approval_kind.';
	END IF;
	IF p_subject IS NULL OR p_reason IS NULL OR pg_catalog.btrim(p_reason) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the subject and a reason are required';
	END IF;
	INSERT INTO @extschema@.approval (lg_code, kind, subject, reason, requested_by)
	VALUES (v_me.lg_code, p_kind, p_subject, p_reason, v_me.staff_id)
	RETURNING approval_id INTO v_id;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.request_approval(text, jsonb, text) IS 'asks for a second staff member''s approval of one operation; returns the approval id';

CREATE FUNCTION @extschema@.approve(p_approval_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_me record;
	a @extschema@.approval;
	k @extschema@.approval_kind;
BEGIN
	PERFORM @extschema@.assert_access();
	SELECT p.lg_code, p.staff_id, p.duties INTO v_me FROM @extschema@.access_principal() p WHERE p.staff_id IS NOT NULL;
	SELECT * INTO a FROM @extschema@.approval x WHERE x.approval_id OPERATOR(pg_catalog.=) p_approval_id FOR UPDATE;
	IF NOT FOUND OR v_me.staff_id IS NULL OR a.lg_code OPERATOR(pg_catalog.<>) v_me.lg_code THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such approval request in your municipality';
	END IF;
	IF a.requested_by OPERATOR(pg_catalog.=) v_me.staff_id THEN
		RAISE EXCEPTION USING ERRCODE = 'ZA001', MESSAGE = 'self-approval is not allowed',
			DETAIL = 'The request must be approved by a different staff member.',
			HINT = 'Ask a colleague holding the approving duty to approve it.';
	END IF;
	IF a.approved_at IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'ZA002', MESSAGE = 'the request is already approved';
	END IF;
	SELECT * INTO k FROM @extschema@.approval_kind x WHERE x.lg_code OPERATOR(pg_catalog.=) a.lg_code AND x.kind OPERATOR(pg_catalog.=) a.kind;
	IF a.requested_at OPERATOR(pg_catalog.+) k.valid_for OPERATOR(pg_catalog.<) pg_catalog.now() THEN
		RAISE EXCEPTION USING ERRCODE = 'ZA004', MESSAGE = 'the request has expired',
			HINT = 'Request approval again.';
	END IF;
	IF k.approver_duties IS NOT NULL AND NOT (v_me.duties OPERATOR(pg_catalog.&&) k.approver_duties) THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'access denied: the approver lacks the approving duty',
			DETAIL = pg_catalog.format('Approvers need one of %s.', k.approver_duties);
	END IF;
	UPDATE @extschema@.approval x SET approved_by = v_me.staff_id, approved_at = pg_catalog.now()
	 WHERE x.lg_code OPERATOR(pg_catalog.=) a.lg_code AND x.approval_id OPERATOR(pg_catalog.=) a.approval_id;
END
$$;
COMMENT ON FUNCTION @extschema@.approve(bigint) IS 'approves a request of another staff member (self-approval raises ZA001)';

-- Called by the guarded operation (inside its SECURITY DEFINER function, not
-- granted to anyone): checks the approval matches kind and subject, is
-- approved, unexpired and unused, and marks it used.  Returns the approver.
CREATE FUNCTION @extschema@.consume_approval(p_approval_id bigint, p_kind text, p_subject jsonb)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	a @extschema@.approval;
	k @extschema@.approval_kind;
BEGIN
	SELECT * INTO a FROM @extschema@.approval x WHERE x.approval_id OPERATOR(pg_catalog.=) p_approval_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such approval request';
	END IF;
	IF a.kind OPERATOR(pg_catalog.<>) p_kind OR a.subject OPERATOR(pg_catalog.<>) p_subject
	   OR NOT a.lg_code OPERATOR(pg_catalog.=) ANY (@extschema@.my_lg_codes()) THEN
		RAISE EXCEPTION USING ERRCODE = 'ZA005', MESSAGE = 'the approval is for a different operation',
			HINT = 'Request approval for exactly this operation and these parameters.';
	END IF;
	IF a.approved_at IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'ZA002', MESSAGE = 'the operation is not approved yet',
			HINT = 'A second staff member must call zeimu.approve first.';
	END IF;
	IF a.consumed_at IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'ZA003', MESSAGE = 'the approval has already been used',
			DETAIL = pg_catalog.format('Used at %s.', a.consumed_at), HINT = 'Request approval again.';
	END IF;
	SELECT * INTO k FROM @extschema@.approval_kind x WHERE x.lg_code OPERATOR(pg_catalog.=) a.lg_code AND x.kind OPERATOR(pg_catalog.=) a.kind;
	IF a.approved_at OPERATOR(pg_catalog.+) k.valid_for OPERATOR(pg_catalog.<) pg_catalog.now() THEN
		RAISE EXCEPTION USING ERRCODE = 'ZA004', MESSAGE = 'the approval has expired', HINT = 'Request approval again.';
	END IF;
	UPDATE @extschema@.approval x SET consumed_at = pg_catalog.now(), consumed_by = @extschema@.access_outer_role()
	 WHERE x.lg_code OPERATOR(pg_catalog.=) a.lg_code AND x.approval_id OPERATOR(pg_catalog.=) a.approval_id;
	RETURN a.approved_by;
END
$$;
COMMENT ON FUNCTION @extschema@.consume_approval(bigint, text, jsonb) IS 'for guarded operations: lets an approved operation run exactly once';
