-- access: row security.  Every table with personal data has RLS ENABLED and
-- FORCED; with no policy that applies, nobody but a superuser or BYPASSRLS
-- role sees a row (default deny).  Policies take the indexable shape
--   lg_code = ANY ((SELECT zeimu.my_lg_codes())::text[])
--   AND <office column> = ANY ((SELECT zeimu.my_offices())::text[])
-- and apply to zeimu_user (every duty role is a member), so a login that
-- belongs to no zeimu role gets no policy at all.  Modules numbered 300 and
-- up protect their own tables by calling zeimu.protect_office_table() or
-- zeimu.protect_municipal_table() in their install file; both also protect
-- every existing partition, because a partition reached directly uses only
-- its own policies (security_anchors.md §1.1).

-- The policy expressions (internal).  Each ARRAY(sub-select) is an
-- InitPlan over zeimu.access_scope, evaluated once per query; current_user
-- is the querying role (a policy is never evaluated inside our SECURITY
-- DEFINER code: its owner bypasses row security).
CREATE FUNCTION @extschema@.access_policy_expr(p_table regclass, p_office_column name)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- lg_code is zeimu.lg_code in the registry and later modules, text in
	-- the access module's own tables: compare with the column's own operator.
	v_typed boolean := EXISTS (SELECT FROM pg_catalog.pg_attribute a
		WHERE a.attrelid OPERATOR(pg_catalog.=) p_table AND a.attname OPERATOR(pg_catalog.=) 'lg_code'
		  AND a.atttypid OPERATOR(pg_catalog.=) '@extschema@.lg_code'::pg_catalog.regtype);
BEGIN
	RETURN CASE WHEN v_typed
			THEN 'lg_code OPERATOR(@extschema@.=) (SELECT @extschema@.access_scope_lg_code()::@extschema@.lg_code)'
			ELSE 'lg_code OPERATOR(pg_catalog.=) (SELECT @extschema@.access_scope_lg_code())' END
		OPERATOR(pg_catalog.||) CASE WHEN p_office_column IS NULL THEN ''
			ELSE pg_catalog.format(' AND %I OPERATOR(pg_catalog.=) ANY ((SELECT @extschema@.access_scope_offices())::text[])',
								   p_office_column) END;
END
$$;

-- Enables and forces RLS on a table and its partitions and (re)creates the
-- scope policies zeimu_scope_<command>: municipality AND office (p_office_column)
-- or, with p_office_column NULL, municipality only.  p_commands: the commands
-- the policies cover (default every command); grants stay with the rights table.
CREATE FUNCTION @extschema@.protect_office_table(p_table regclass, p_office_column name DEFAULT 'office_code',
	p_commands text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_rel regclass;
	v_cmd text;
	v_pol text;
	v_expr text;
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid OPERATOR(pg_catalog.=) p_table
				   AND a.attname OPERATOR(pg_catalog.=) 'lg_code' AND NOT a.attisdropped)
	   OR (p_office_column IS NOT NULL AND NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
				   WHERE a.attrelid OPERATOR(pg_catalog.=) p_table AND a.attname OPERATOR(pg_catalog.=) p_office_column
				   AND NOT a.attisdropped)) THEN
		RAISE EXCEPTION USING ERRCODE = '42703', MESSAGE = 'the table lacks the scope column',
			DETAIL = pg_catalog.format('Table %s needs lg_code%s.', p_table,
				CASE WHEN p_office_column IS NULL THEN '' ELSE ' and ' OPERATOR(pg_catalog.||) p_office_column END);
	END IF;
	FOR v_rel IN SELECT t.relid FROM pg_catalog.pg_partition_tree(p_table) t
				 UNION SELECT p_table LOOP
		v_expr := @extschema@.access_policy_expr(v_rel, p_office_column);
		EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_rel);
		EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_rel);
		FOREACH v_cmd IN ARRAY COALESCE(p_commands, ARRAY['ALL']) LOOP
			v_pol := 'zeimu_scope_' OPERATOR(pg_catalog.||) pg_catalog.lower(v_cmd);
			EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON %s', v_pol, v_rel);
			IF v_cmd OPERATOR(pg_catalog.=) 'INSERT' THEN
				EXECUTE pg_catalog.format('CREATE POLICY %I ON %s FOR INSERT TO zeimu_user WITH CHECK (%s)',
					v_pol, v_rel, v_expr);
			ELSIF v_cmd OPERATOR(pg_catalog.=) ANY (ARRAY['ALL', 'UPDATE']) THEN
				EXECUTE pg_catalog.format('CREATE POLICY %I ON %s FOR %s TO zeimu_user USING (%s) WITH CHECK (%s)',
					v_pol, v_rel, v_cmd, v_expr, v_expr);
			ELSIF v_cmd OPERATOR(pg_catalog.=) ANY (ARRAY['SELECT', 'DELETE']) THEN
				EXECUTE pg_catalog.format('CREATE POLICY %I ON %s FOR %s TO zeimu_user USING (%s)',
					v_pol, v_rel, v_cmd, v_expr);
			ELSE
				RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown command for a policy',
					HINT = 'Use ALL, SELECT, INSERT, UPDATE or DELETE.';
			END IF;
		END LOOP;
	END LOOP;
END
$$;

COMMENT ON FUNCTION @extschema@.protect_office_table(regclass, name, text[]) IS 'enables and forces RLS on a table and its partitions with the office scope policy';

-- For tables scoped to a municipality only (staff registry, logs).
CREATE FUNCTION @extschema@.protect_municipal_table(p_table regclass, p_commands text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.protect_office_table(p_table, NULL, p_commands);
END
$$;
COMMENT ON FUNCTION @extschema@.protect_municipal_table(regclass, text[]) IS 'enables and forces RLS on a table and its partitions with the municipality scope policy';

-- For tables whose rows belong to a person (atena_no) without an office
-- column: a row is visible when the person is, through person's own policy.
CREATE FUNCTION @extschema@.protect_person_table(p_table regclass, p_atena_column name DEFAULT 'atena_no')
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_rel regclass;
	v_expr text;
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid OPERATOR(pg_catalog.=) p_table
				   AND a.attname OPERATOR(pg_catalog.=) p_atena_column AND NOT a.attisdropped) THEN
		RAISE EXCEPTION USING ERRCODE = '42703', MESSAGE = 'the table lacks the person column',
			DETAIL = pg_catalog.format('Table %s has no column %s.', p_table, p_atena_column);
	END IF;
	FOR v_rel IN SELECT t.relid FROM pg_catalog.pg_partition_tree(p_table) t UNION SELECT p_table LOOP
		-- The outer row is named by its table name: inside the sub-select an
		-- unqualified lg_code would be the person's.
		v_expr := @extschema@.access_policy_expr(v_rel, NULL) OPERATOR(pg_catalog.||) pg_catalog.format(
			' AND EXISTS (SELECT FROM @extschema@.person p '
			'WHERE p.lg_code OPERATOR(@extschema@.=) (%1$I.lg_code)::@extschema@.lg_code AND p.atena_no OPERATOR(pg_catalog.=) %1$I.%2$I)',
			(SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) v_rel), p_atena_column);
		EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_rel);
		EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_rel);
		EXECUTE pg_catalog.format('DROP POLICY IF EXISTS zeimu_scope_all ON %s', v_rel);
		EXECUTE pg_catalog.format('CREATE POLICY zeimu_scope_all ON %s FOR ALL TO zeimu_user USING (%s) WITH CHECK (%s)',
			v_rel, v_expr, v_expr);
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.protect_person_table(regclass, name) IS 'enables and forces RLS on a person-keyed table and its partitions: a row is visible when its person is';

-- The scope table is read by the policy functions as its owner; a role
-- reads its own row.
ALTER TABLE @extschema@.access_scope ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.access_scope FORCE ROW LEVEL SECURITY;
CREATE POLICY access_scope_own ON @extschema@.access_scope FOR SELECT TO zeimu_user
	USING (rolname OPERATOR(pg_catalog.=) CURRENT_USER);
GRANT SELECT ON @extschema@.access_scope TO zeimu_user;

-- Our own tables: read-only for the roles the rights table names, within
-- their municipality; every write goes through the functions above.
SELECT @extschema@.protect_municipal_table(t, ARRAY['SELECT'])
FROM pg_catalog.unnest(ARRAY['@extschema@.staff', '@extschema@.staff_office', '@extschema@.staff_duty',
	'@extschema@.staff_event', '@extschema@.contractor_grant', '@extschema@.approval_kind',
	'@extschema@.approval', '@extschema@.session_sample']::pg_catalog.regclass[]) t;
