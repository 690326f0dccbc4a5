-- access: the rights table.  Every privilege a duty role holds on an object
-- in schemas zeimu and zeimu_report is a row here; zeimu.apply_rights()
-- derives the GRANTs (and REVOKEs what is not in the table), and
-- zeimu.rights_drift() reports any difference between the table and the
-- catalogue.  Modules add their rows with zeimu.add_right() in their own
-- install file; doc/access.md lists the rows that ship.  Roles are
-- cluster-wide, so rows carry lg_code '000000'.

CREATE TABLE @extschema@.duty_right (
	lg_code		text NOT NULL DEFAULT '000000' CHECK (lg_code OPERATOR(pg_catalog.=) '000000'),
	duty		text NOT NULL REFERENCES @extschema@.duty (duty),
	object_kind	text NOT NULL CHECK (object_kind OPERATOR(pg_catalog.=) ANY (ARRAY['schema', 'table', 'column', 'sequence', 'function'])),
	object_name	text NOT NULL,
	column_name	text NOT NULL DEFAULT '',
	privilege	text NOT NULL,
	added_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, duty, object_kind, object_name, column_name, privilege),
	CHECK ((object_kind OPERATOR(pg_catalog.=) 'column') OPERATOR(pg_catalog.=) (column_name OPERATOR(pg_catalog.<>) '')),
	CHECK (CASE object_kind
		   WHEN 'schema' THEN privilege OPERATOR(pg_catalog.=) 'USAGE'
		   WHEN 'function' THEN privilege OPERATOR(pg_catalog.=) 'EXECUTE'
		   WHEN 'column' THEN privilege OPERATOR(pg_catalog.=) ANY (ARRAY['SELECT', 'INSERT', 'UPDATE'])
		   WHEN 'sequence' THEN privilege OPERATOR(pg_catalog.=) ANY (ARRAY['USAGE', 'SELECT', 'UPDATE'])
		   ELSE privilege OPERATOR(pg_catalog.=) ANY (ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) END)
);
COMMENT ON TABLE @extschema@.duty_right IS 'rights table: duty -> privilege on a zeimu object; GRANTs are derived from it by zeimu.apply_rights()';

-- A function's signature as the rights table stores it: schema-qualified
-- whatever the caller's search_path (internal).
CREATE FUNCTION @extschema@.access_proc_signature(p_proc oid) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT p_proc::pg_catalog.regprocedure::text $$;

-- The privileges duty roles (or, given p_role, that one role, reported under
-- its own name) actually hold on objects in zeimu / zeimu_report, read from
-- the catalogue ACLs.
CREATE FUNCTION @extschema@.rights_actual(p_role name DEFAULT NULL)
RETURNS TABLE (duty text, object_kind text, object_name text, column_name text, privilege text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	WITH ns AS (
		SELECT n.oid, n.nspname, n.nspacl FROM pg_catalog.pg_namespace n
		WHERE n.nspname OPERATOR(pg_catalog.=) ANY (ARRAY['@extschema@', 'zeimu_report'])
	), dr AS (
		SELECT d.duty, r.oid AS roleid FROM @extschema@.duty d
		JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) d.rolname
		WHERE p_role IS NULL
		UNION ALL
		SELECT r.rolname::text, r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) p_role
	)
	SELECT dr.duty, 'schema', pg_catalog.quote_ident(ns.nspname), '', a.privilege_type
	FROM ns, pg_catalog.aclexplode(ns.nspacl) a, dr WHERE a.grantee OPERATOR(pg_catalog.=) dr.roleid
	UNION ALL
	SELECT dr.duty, CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN 'sequence' ELSE 'table' END,
		   pg_catalog.format('%I.%I', ns.nspname, c.relname), '', a.privilege_type
	FROM ns JOIN pg_catalog.pg_class c ON c.relnamespace OPERATOR(pg_catalog.=) ns.oid,
		 pg_catalog.aclexplode(c.relacl) a, dr
	WHERE a.grantee OPERATOR(pg_catalog.=) dr.roleid
	UNION ALL
	SELECT dr.duty, 'column', pg_catalog.format('%I.%I', ns.nspname, c.relname), at.attname::text, a.privilege_type
	FROM ns JOIN pg_catalog.pg_class c ON c.relnamespace OPERATOR(pg_catalog.=) ns.oid
	JOIN pg_catalog.pg_attribute at ON at.attrelid OPERATOR(pg_catalog.=) c.oid AND at.attnum OPERATOR(pg_catalog.>) 0 AND NOT at.attisdropped,
		 pg_catalog.aclexplode(at.attacl) a, dr
	WHERE a.grantee OPERATOR(pg_catalog.=) dr.roleid
	UNION ALL
	SELECT dr.duty, 'function', p.oid::pg_catalog.regprocedure::text, '', a.privilege_type
	FROM ns JOIN pg_catalog.pg_proc p ON p.pronamespace OPERATOR(pg_catalog.=) ns.oid,
		 pg_catalog.aclexplode(p.proacl) a, dr
	WHERE a.grantee OPERATOR(pg_catalog.=) dr.roleid
$$;

-- Differences between the rights table and the catalogue:
--   missing   the table grants it, the catalogue does not
--   extra     the catalogue grants it, the table does not
--   no object the table names an object that does not exist
CREATE FUNCTION @extschema@.rights_drift()
RETURNS TABLE (duty text, object_kind text, object_name text, column_name text, privilege text, problem text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['security_officer', 'sysadmin', 'auditor'], true);
	RETURN QUERY
	WITH want AS (
		SELECT r.duty, r.object_kind, r.object_name, r.column_name, r.privilege,
			   CASE r.object_kind
			   WHEN 'schema' THEN pg_catalog.to_regnamespace(r.object_name) IS NOT NULL
			   WHEN 'function' THEN pg_catalog.to_regprocedure(r.object_name) IS NOT NULL
			   WHEN 'column' THEN EXISTS (SELECT FROM pg_catalog.pg_attribute at
						WHERE at.attrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(r.object_name)
						  AND at.attname OPERATOR(pg_catalog.=) r.column_name AND NOT at.attisdropped)
			   ELSE pg_catalog.to_regclass(r.object_name) IS NOT NULL END AS present
		FROM @extschema@.duty_right r
	), have AS (SELECT * FROM @extschema@.rights_actual())
	SELECT w.duty, w.object_kind, w.object_name, w.column_name, w.privilege,
		   CASE WHEN w.present THEN 'missing' ELSE 'no object' END
	FROM want w
	WHERE NOT EXISTS (SELECT FROM have h WHERE (h.duty, h.object_kind, h.object_name, h.column_name, h.privilege)
					  OPERATOR(pg_catalog.=) (w.duty, w.object_kind, w.object_name, w.column_name, w.privilege))
	UNION ALL
	SELECT h.duty, h.object_kind, h.object_name, h.column_name, h.privilege, 'extra'
	FROM have h
	WHERE NOT EXISTS (SELECT FROM want w WHERE (h.duty, h.object_kind, h.object_name, h.column_name, h.privilege)
					  OPERATOR(pg_catalog.=) (w.duty, w.object_kind, w.object_name, w.column_name, w.privilege))
	ORDER BY 1, 2, 3, 4, 5;
END
$$;
COMMENT ON FUNCTION @extschema@.rights_drift() IS 'differences between zeimu.duty_right and the catalogue (missing, extra, no object)';

-- GRANT or REVOKE one catalogue right (internal).
CREATE FUNCTION @extschema@.access_set_right(p_grant boolean, p_duty text, p_kind text, p_object text,
	p_column text, p_privilege text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_role name := (SELECT d.rolname FROM @extschema@.duty d WHERE d.duty OPERATOR(pg_catalog.=) p_duty);
	v_target text;
	v_priv text := p_privilege;
BEGIN
	IF p_privilege OPERATOR(pg_catalog.<>) ALL (ARRAY['USAGE', 'EXECUTE', 'SELECT', 'INSERT', 'UPDATE', 'DELETE',
													  'TRUNCATE', 'REFERENCES', 'TRIGGER']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown privilege';
	END IF;
	v_target := CASE p_kind
		WHEN 'schema' THEN 'SCHEMA ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(pg_catalog.to_regnamespace(p_object)::text)
		WHEN 'function' THEN 'FUNCTION ' OPERATOR(pg_catalog.||) pg_catalog.to_regprocedure(p_object)::text
		WHEN 'sequence' THEN 'SEQUENCE ' OPERATOR(pg_catalog.||) pg_catalog.to_regclass(p_object)::text
		ELSE 'TABLE ' OPERATOR(pg_catalog.||) pg_catalog.to_regclass(p_object)::text END;
	IF p_kind OPERATOR(pg_catalog.=) 'column' THEN
		v_priv := pg_catalog.format('%s (%I)', p_privilege, p_column);
	END IF;
	IF p_grant THEN
		EXECUTE pg_catalog.format('GRANT %s ON %s TO %I', v_priv, v_target, v_role);
	ELSE
		EXECUTE pg_catalog.format('REVOKE %s ON %s FROM %I', v_priv, v_target, v_role);
	END IF;
END
$$;

-- Makes the catalogue match the rights table; returns what it changed.
CREATE FUNCTION @extschema@.apply_rights()
RETURNS TABLE (duty text, object_kind text, object_name text, column_name text, privilege text, action text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	d record;
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['sysadmin'], true);
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu apply_rights'));
	FOR d IN SELECT * FROM @extschema@.rights_drift() x WHERE x.problem OPERATOR(pg_catalog.<>) 'no object' LOOP
		PERFORM @extschema@.access_set_right(d.problem OPERATOR(pg_catalog.=) 'missing', d.duty, d.object_kind,
											 d.object_name, d.column_name, d.privilege);
		duty := d.duty; object_kind := d.object_kind; object_name := d.object_name;
		column_name := d.column_name; privilege := d.privilege;
		action := CASE d.problem WHEN 'missing' THEN 'granted' ELSE 'revoked' END;
		RETURN NEXT;
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.apply_rights() IS 'grants what zeimu.duty_right lists and revokes what it does not, for every duty role';

-- Records in the rights table every privilege a duty role holds outside it
-- (the "extra" drift), e.g. grants a module made directly in its install
-- file; returns what it recorded.  The review of what is adopted is the
-- caller's: run rights_drift() first.
CREATE FUNCTION @extschema@.adopt_rights()
RETURNS TABLE (duty text, object_kind text, object_name text, column_name text, privilege text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['sysadmin'], true);
	RETURN QUERY
	INSERT INTO @extschema@.duty_right AS r (duty, object_kind, object_name, column_name, privilege)
	SELECT x.duty, x.object_kind, x.object_name, x.column_name, x.privilege
	FROM @extschema@.rights_drift() x WHERE x.problem OPERATOR(pg_catalog.=) 'extra'
	ON CONFLICT DO NOTHING
	RETURNING r.duty, r.object_kind, r.object_name, r.column_name, r.privilege;
END
$$;
COMMENT ON FUNCTION @extschema@.adopt_rights() IS 'records in zeimu.duty_right every privilege a duty role holds outside it';

-- Adds a row to the rights table and grants it at once.  p_object is a
-- schema name, a qualified table/view name, or a function signature.
CREATE FUNCTION @extschema@.add_right(p_duty text, p_object_kind text, p_object text, p_privilege text,
	p_column text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_name text;
BEGIN
	PERFORM @extschema@.assert_access(ARRAY['sysadmin'], true);
	IF NOT EXISTS (SELECT FROM @extschema@.duty d WHERE d.duty OPERATOR(pg_catalog.=) p_duty) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('unknown duty "%s"', p_duty),
			HINT = 'Duties are listed in zeimu.duty.';
	END IF;
	IF p_object_kind OPERATOR(pg_catalog.=) 'schema' THEN
		v_name := pg_catalog.quote_ident(pg_catalog.to_regnamespace(p_object)::text);
	ELSIF p_object_kind OPERATOR(pg_catalog.=) 'function' THEN
		BEGIN
			v_name := pg_catalog.to_regprocedure(p_object)::text;
		EXCEPTION WHEN syntax_error OR invalid_text_representation OR undefined_object THEN
			v_name := NULL;
		END;
	ELSE
		SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) INTO v_name
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
		WHERE c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(p_object)
		  AND (c.relkind OPERATOR(pg_catalog.=) 'S') OPERATOR(pg_catalog.=) (p_object_kind OPERATOR(pg_catalog.=) 'sequence');
	END IF;
	IF v_name IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = 'no such object for the right',
			DETAIL = pg_catalog.format('Kind %s, object %s.', p_object_kind, p_object),
			HINT = 'Give a schema name, schema.table, or schema.function(argument types).';
	END IF;
	IF pg_catalog.split_part(v_name, '.', 1) OPERATOR(pg_catalog.<>) ALL (ARRAY['@extschema@', 'zeimu_report'])
	   AND NOT (p_object_kind OPERATOR(pg_catalog.=) 'schema' AND v_name OPERATOR(pg_catalog.=) ANY (ARRAY['@extschema@', 'zeimu_report'])) THEN
		RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'rights are managed only for zeimu objects';
	END IF;
	INSERT INTO @extschema@.duty_right (duty, object_kind, object_name, column_name, privilege)
	VALUES (p_duty, p_object_kind, v_name, COALESCE(p_column, ''), pg_catalog.upper(p_privilege))
	ON CONFLICT DO NOTHING;
	PERFORM @extschema@.access_set_right(true, p_duty, p_object_kind, v_name, p_column, pg_catalog.upper(p_privilege));
END
$$;
COMMENT ON FUNCTION @extschema@.add_right(text, text, text, text, text) IS 'adds a duty right to zeimu.duty_right and grants it';
