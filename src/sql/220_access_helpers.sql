-- access: who is asking, and what may they see.
--
-- Row policies use the scope of the querying role: zeimu.access_scope
-- (derived from the staff registry and the contractor grants, kept in step
-- by triggers), read through two C functions that cache it per backend, in
-- the indexable shape
--   lg_code = (SELECT zeimu.access_scope_lg_code())
--   AND office_code = ANY ((SELECT zeimu.access_scope_offices())::text[])
-- (each sub-select is an InitPlan evaluated once per query; both are Index
-- Conds of an index led by (lg_code, office_code); security_anchors.md §1.2).
--
-- SECURITY DEFINER code (which bypasses row security as its owner) uses the
-- helper functions below instead: STABLE, SECURITY DEFINER (they read the
-- registry, which callers cannot), returning arrays (= ANY (zeimu.my_offices())),
-- identifying the caller by zeimu.access_outer_role().  A login that is not
-- mapped, revoked, outside its validity, or a contractor without a running
-- grant gets empty arrays and sees no row.

-- Today in Japan, whatever TimeZone the session has set (a session could
-- otherwise move "today" to stretch a validity date by a day).
CREATE FUNCTION @extschema@.access_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::date $$;

-- Every office of a municipality, for HQ staff (all_offices).  The office
-- list is the registry's (zeimu.office).
CREATE FUNCTION @extschema@.access_all_offices(p_lg_code text) RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT o.office_code FROM @extschema@.office o WHERE o.lg_code::text OPERATOR(pg_catalog.=) p_lg_code $$;

-- The principal behind the session: the active staff record of the outer
-- role, or the running contractor grant(s) of it.  Zero rows = no access.
-- Offices of an HQ (all_offices) staff member are every office of the
-- municipality known to the registry, plus those listed for the staff member.
CREATE FUNCTION @extschema@.access_principal(
	OUT lg_code text, OUT staff_id text, OUT grant_id bigint,
	OUT offices text[], OUT duties text[])
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.lg_code, s.staff_id, NULL::bigint,
		   ARRAY(SELECT o.office_code FROM @extschema@.staff_office o
				 WHERE o.lg_code OPERATOR(pg_catalog.=) s.lg_code
				   AND o.staff_id OPERATOR(pg_catalog.=) s.staff_id
				 UNION
				 SELECT f.office_code FROM @extschema@.access_all_offices(s.lg_code) f(office_code)
				 WHERE s.all_offices),
		   ARRAY(SELECT d.duty FROM @extschema@.staff_duty d
				 WHERE d.lg_code OPERATOR(pg_catalog.=) s.lg_code
				   AND d.staff_id OPERATOR(pg_catalog.=) s.staff_id ORDER BY d.duty)
	FROM @extschema@.staff s
	WHERE s.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role()
	  AND s.revoked_at IS NULL
	  AND s.valid_from OPERATOR(pg_catalog.<=) @extschema@.access_today()
	  AND (s.valid_to IS NULL OR s.valid_to OPERATOR(pg_catalog.>=) @extschema@.access_today())
	UNION ALL
	SELECT g.lg_code, NULL, g.grant_id, g.offices, ARRAY[g.duty]
	FROM @extschema@.contractor_grant g
	WHERE g.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role()
	  AND g.ended_at IS NULL
	  AND g.starts_at OPERATOR(pg_catalog.<=) pg_catalog.now()
	  AND g.ends_at OPERATOR(pg_catalog.>) pg_catalog.now()
$$;

-- Municipalities whose rows the session may see (one, or none).
CREATE FUNCTION @extschema@.my_lg_codes() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT ARRAY(SELECT s.lg_code FROM @extschema@.access_scope s
				 WHERE s.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role()
				   AND s.valid_during OPERATOR(pg_catalog.@>) pg_catalog.now())
$$;
COMMENT ON FUNCTION @extschema@.my_lg_codes() IS 'policy helper: the municipality codes the session may see; empty when not an active staff member or contractor';

-- Offices whose rows the session may see, within my_lg_codes().
CREATE FUNCTION @extschema@.my_offices() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE((SELECT s.offices FROM @extschema@.access_scope s
					 WHERE s.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role()
					   AND s.valid_during OPERATOR(pg_catalog.@>) pg_catalog.now()), '{}')
$$;
COMMENT ON FUNCTION @extschema@.my_offices() IS 'policy helper: the office codes the session may see; every office of the municipality for HQ staff; empty when no access';

-- Duties of the session (from the staff record or the running grant).
CREATE FUNCTION @extschema@.my_duties() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT ARRAY(SELECT DISTINCT d FROM @extschema@.access_principal() p, pg_catalog.unnest(p.duties) d ORDER BY d)
$$;

-- The staff id of the session, NULL when it is not an active staff member.
CREATE FUNCTION @extschema@.my_staff_id() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT p.staff_id FROM @extschema@.access_principal() p WHERE p.staff_id IS NOT NULL
$$;

-- true when the session is an active staff member (or contractor under a
-- running grant) holding the duty.
CREATE FUNCTION @extschema@.has_duty(p_duty text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT FROM @extschema@.access_principal() p WHERE p_duty OPERATOR(pg_catalog.=) ANY (p.duties))
$$;

-- The check every public SECURITY DEFINER function of zeimu calls first.
-- Raises 42501 unless the session is an active staff member or a contractor
-- under a running grant, and, when p_duties is given, holds one of them.
-- A superuser session passes only when p_allow_superuser (the DBA's first
-- registration of staff).
CREATE FUNCTION @extschema@.assert_access(p_duties text[] DEFAULT NULL, p_allow_superuser boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_duties text[];
	v_found boolean;
BEGIN
	IF p_allow_superuser AND EXISTS (SELECT FROM pg_catalog.pg_roles r
			WHERE r.rolname OPERATOR(pg_catalog.=) @extschema@.access_outer_role() AND r.rolsuper) THEN
		RETURN;
	END IF;
	SELECT ARRAY(SELECT pg_catalog.unnest(p.duties) FROM @extschema@.access_principal() p),
		   EXISTS (SELECT FROM @extschema@.access_principal())
	  INTO v_duties, v_found;
	IF NOT v_found THEN
		RAISE EXCEPTION USING ERRCODE = '42501',
			MESSAGE = 'access denied: the login is not an active staff member',
			DETAIL = pg_catalog.format('Role %s has no staff record in force and no running contractor grant.', @extschema@.access_outer_role()),
			HINT = 'Ask the security officer to register the login with zeimu.register_staff, or check its validity dates.';
	END IF;
	IF p_duties IS NOT NULL AND NOT (COALESCE(v_duties, '{}') OPERATOR(pg_catalog.&&) p_duties) THEN
		RAISE EXCEPTION USING ERRCODE = '42501',
			MESSAGE = 'access denied: the staff member does not hold the duty this needs',
			DETAIL = pg_catalog.format('Needed one of %s.', p_duties),
			HINT = 'Ask the security officer to add the duty to the staff record.';
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.assert_access(text[], boolean) IS 'raises 42501 unless the session is an active staff member (holding one of p_duties when given)';

-- The scope of the current role for the row policies, cached per backend
-- (src/access_scope.c): its municipality (NULL when none now) and offices
-- ('{}' when none now).  Reloaded after zeimu.access_scope changes.
CREATE FUNCTION @extschema@.access_scope_lg_code() RETURNS text
	AS 'MODULE_PATHNAME', 'access_scope_lg_code' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.access_scope_lg_code() IS 'policy helper: the municipality the current role may see now, or NULL';
CREATE FUNCTION @extschema@.access_scope_offices() RETURNS text[]
	AS 'MODULE_PATHNAME', 'access_scope_offices' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.access_scope_offices() IS 'policy helper: the offices the current role may see now, or {}';
CREATE FUNCTION @extschema@.access_scope_changed(regclass) RETURNS void
	AS 'MODULE_PATHNAME', 'access_scope_changed' LANGUAGE C VOLATILE STRICT;

-- Rebuilds the scope rows of one role from the staff registry and its
-- running contractor grants (internal; called after every change).
CREATE FUNCTION @extschema@.access_refresh_scope(p_rolname name) RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	DELETE FROM @extschema@.access_scope s WHERE s.rolname OPERATOR(pg_catalog.=) p_rolname;
	INSERT INTO @extschema@.access_scope (lg_code, rolname, offices, valid_during, staff_id)
	SELECT s.lg_code, s.rolname,
		   ARRAY(SELECT x.office_code FROM @extschema@.staff_office x
				 WHERE x.lg_code OPERATOR(pg_catalog.=) s.lg_code AND x.staff_id OPERATOR(pg_catalog.=) s.staff_id
				 UNION
				 SELECT f FROM @extschema@.access_all_offices(s.lg_code) f WHERE s.all_offices
				 ORDER BY 1),
		   pg_catalog.tstzrange(s.valid_from::timestamp AT TIME ZONE 'Asia/Tokyo',
								(s.valid_to OPERATOR(pg_catalog.+) 1)::timestamp AT TIME ZONE 'Asia/Tokyo'),
		   s.staff_id
	FROM @extschema@.staff s
	WHERE s.rolname OPERATOR(pg_catalog.=) p_rolname AND s.revoked_at IS NULL;
	IF NOT FOUND THEN
		INSERT INTO @extschema@.access_scope (lg_code, rolname, offices, valid_during, grant_id)
		SELECT g.lg_code, g.rolname, g.offices, pg_catalog.tstzrange(g.starts_at, g.ends_at), g.grant_id
		FROM @extschema@.contractor_grant g
		WHERE g.rolname OPERATOR(pg_catalog.=) p_rolname AND g.ended_at IS NULL
		ORDER BY g.ends_at DESC LIMIT 1;
	END IF;
	PERFORM @extschema@.access_scope_changed('@extschema@.access_scope'::pg_catalog.regclass);
END
$$;

-- Keeps access_scope in step with any change to the staff registry or the
-- grants, whoever makes it (the functions, or a DBA by hand).
CREATE FUNCTION @extschema@.access_scope_sync() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_role name;
BEGIN
	FOR v_role IN
		SELECT DISTINCT r FROM (
			SELECT (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.->>) 'rolname')::name WHERE TG_OP OPERATOR(pg_catalog.<>) 'DELETE'
			UNION ALL SELECT (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.->>) 'rolname')::name WHERE TG_OP OPERATOR(pg_catalog.<>) 'INSERT'
			UNION ALL SELECT s.rolname FROM @extschema@.staff s
			 WHERE TG_TABLE_NAME OPERATOR(pg_catalog.=) 'staff_office' AND TG_OP OPERATOR(pg_catalog.<>) 'DELETE'
			   AND s.lg_code OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.->>) 'lg_code')
			   AND s.staff_id OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.->>) 'staff_id')
			UNION ALL SELECT s.rolname FROM @extschema@.staff s
			 WHERE TG_TABLE_NAME OPERATOR(pg_catalog.=) 'staff_office' AND TG_OP OPERATOR(pg_catalog.<>) 'INSERT'
			   AND s.lg_code OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.->>) 'lg_code')
			   AND s.staff_id OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.->>) 'staff_id')
		) x(r) WHERE r IS NOT NULL
	LOOP
		PERFORM @extschema@.access_refresh_scope(v_role);
	END LOOP;
	RETURN NULL;
END
$$;
CREATE TRIGGER access_scope_sync AFTER INSERT OR UPDATE OR DELETE ON @extschema@.staff
	FOR EACH ROW EXECUTE FUNCTION @extschema@.access_scope_sync();
CREATE TRIGGER access_scope_sync AFTER INSERT OR UPDATE OR DELETE ON @extschema@.staff_office
	FOR EACH ROW EXECUTE FUNCTION @extschema@.access_scope_sync();
CREATE TRIGGER access_scope_sync AFTER INSERT OR UPDATE OR DELETE ON @extschema@.contractor_grant
	FOR EACH ROW EXECUTE FUNCTION @extschema@.access_scope_sync();
