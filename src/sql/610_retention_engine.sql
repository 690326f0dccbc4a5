-- retention: the engine.  One function, zeimu.retention_predicate, writes
-- the SQL condition that decides whether a row goes; zeimu.purge_plan_rows
-- (the dry run) and zeimu.purge_batch (the real run) both use it, so a dry
-- run lists exactly what a run in the same state removes.

-- Retention ends as_of - years: a row whose start date is before the
-- cutoff goes.  A start date on the cutoff is kept (it has been kept for
-- exactly N years only at the end of that day).  Month-end clamping:
-- 2025-02-28 - 5 years = 2020-02-28, so 2020-02-29 is kept one more day.
CREATE FUNCTION @extschema@.retention_cutoff(as_of date, years integer) RETURNS date
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN (as_of OPERATOR(pg_catalog.-) pg_catalog.make_interval(years => years))::date;
COMMENT ON FUNCTION @extschema@.retention_cutoff(date, integer) IS
	'retention: rows whose start date is before this date are past their period';

-- The class in force for a municipality on a day: its own row, else the
-- national standard.
CREATE FUNCTION @extschema@.retention_effective_class(p_lg_code @extschema@.lg_code, p_class_code text, p_as_of date)
	RETURNS @extschema@.retention_class
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT c.* FROM @extschema@.retention_class c
	 WHERE c.class_code OPERATOR(pg_catalog.=) p_class_code
	   AND (c.lg_code OPERATOR(@extschema@.=) p_lg_code OR c.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND c.valid_from OPERATOR(pg_catalog.<=) p_as_of
	 ORDER BY (c.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC, c.valid_from DESC
	 LIMIT 1;
END;

CREATE FUNCTION @extschema@.retention_effective_setting(p_lg_code @extschema@.lg_code, p_as_of date)
	RETURNS @extschema@.retention_setting
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT s.* FROM @extschema@.retention_setting s
	 WHERE (s.lg_code OPERATOR(@extschema@.=) p_lg_code OR s.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND s.valid_from OPERATOR(pg_catalog.<=) p_as_of
	 ORDER BY (s.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC, s.valid_from DESC
	 LIMIT 1;
END;

-- A registered expression with its row alias t renamed.
CREATE FUNCTION @extschema@.retention_alias(p_expr text, p_alias text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN pg_catalog.regexp_replace(p_expr, '\mt\.', p_alias OPERATOR(pg_catalog.||) '.', 'g');

-- The equality operator of a column type, schema-qualified (the engine's
-- dynamic SQL runs with search_path = pg_catalog, pg_temp).
CREATE FUNCTION @extschema@.retention_eq(p_type oid) RETURNS text
	LANGUAGE sql STABLE STRICT
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT coalesce((SELECT pg_catalog.format('OPERATOR(%I.=)', n.nspname)
					   FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) o.oprnamespace
					  WHERE o.oprname OPERATOR(pg_catalog.=) '=' AND o.oprleft OPERATOR(pg_catalog.=) p_type
						AND o.oprright OPERATOR(pg_catalog.=) p_type
					  LIMIT 1), 'OPERATOR(pg_catalog.=)');
END;

-- SQL: true when a registered hold check holds the person.
CREATE FUNCTION @extschema@.retention_checks_sql(p_lg text, p_person text, p_as_of text) RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v text := 'false';
	c record;
BEGIN
	FOR c IN SELECT k.expr FROM @extschema@.retention_hold_check k ORDER BY k.check_code LOOP
		v := v || ' OR coalesce(' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(c.expr,
				'{lg_code}', '(' || p_lg || ')'), '{atena_no}', '(' || p_person || ')'), '{as_of}', p_as_of) || ', false)';
	END LOOP;
	RETURN '(' || v || ')';
END
$$;

-- SQL: true while the person is held: a manual hold not released and not
-- ended before as_of (a hold placed today protects even a run with an
-- earlier as-of day), or a registered hold check -- evaluated live
-- (p_run_id NULL: the dry run, the guard) or as frozen when the run started
-- (zeimu.purge_run_hold).  p_lg and p_person are SQL expressions, p_as_of a
-- SQL date expression.
CREATE FUNCTION @extschema@.retention_held_sql(p_lg text, p_person text, p_as_of text, p_run_id bigint DEFAULT NULL)
	RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v text;
BEGIN
	IF p_person IS NULL THEN
		RETURN 'false';
	END IF;
	v := pg_catalog.format(
		'EXISTS (SELECT 1 FROM @extschema@.retention_hold h WHERE h.lg_code OPERATOR(@extschema@.=) (%1$s)'
		' AND h.atena_no OPERATOR(pg_catalog.=) (%2$s) AND h.released_at IS NULL'
		' AND (h.ends_on IS NULL OR h.ends_on OPERATOR(pg_catalog.>=) %3$s))',
		p_lg, p_person, p_as_of);
	IF p_run_id IS NOT NULL THEN
		v := v || pg_catalog.format(
			' OR EXISTS (SELECT 1 FROM @extschema@.purge_run_hold rh WHERE rh.lg_code OPERATOR(@extschema@.=) (%1$s)'
			' AND rh.run_id OPERATOR(pg_catalog.=) %3$s AND rh.atena_no OPERATOR(pg_catalog.=) (%2$s))',
			p_lg, p_person, p_run_id);
	ELSE
		v := v || ' OR ' || @extschema@.retention_checks_sql(p_lg, p_person, p_as_of);
	END IF;
	RETURN '(' || v || ')';
END
$$;

-- SQL matching a foreign key's referencing row (alias p_child) to its
-- referenced row (alias p_parent), column by column, with each type's own
-- equality operator.
CREATE FUNCTION @extschema@.retention_fk_match(p_con oid, p_child text, p_parent text) RETURNS text
	LANGUAGE sql STABLE STRICT
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I %s %I.%I', p_child, ca.attname,
				@extschema@.retention_eq(ca.atttypid), p_parent, pa.attname), ' AND ' ORDER BY k.i)
	  FROM pg_catalog.pg_constraint c
	  CROSS JOIN LATERAL pg_catalog.generate_subscripts(c.conkey, 1) k(i)
	  JOIN pg_catalog.pg_attribute ca ON ca.attrelid OPERATOR(pg_catalog.=) c.conrelid AND ca.attnum OPERATOR(pg_catalog.=) c.conkey[k.i]
	  JOIN pg_catalog.pg_attribute pa ON pa.attrelid OPERATOR(pg_catalog.=) c.confrelid AND pa.attnum OPERATOR(pg_catalog.=) c.confkey[k.i]
	 WHERE c.oid OPERATOR(pg_catalog.=) p_con;
END;

-- The checksum of an archive chunk: sha256 of table name, class and lines
-- (written by zeimu.purge_batch, checked by zeimu.restore_purged_person).
CREATE FUNCTION @extschema@.purge_archive_hash(p_table text, p_class text, p_lines text) RETURNS bytea
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN pg_catalog.sha256(pg_catalog.convert_to(p_table || E'\n' || p_class || E'\n' || p_lines, 'UTF8'));

-- SQL: true when nothing of the person (SQL expression p_person) that
-- needs them stays after this run: every row of the person in a
-- person-data table goes in this run, and no table that is neither a
-- purge target nor listed in retention_nonperson_table has a row of the
-- person.  Shared by the Individual Number vault and the person row, which
-- check that the person is not held themselves.
CREATE FUNCTION @extschema@.retention_person_free_sql(p_lg_code @extschema@.lg_code, p_as_of date, p_classes text[],
													  p_person text, p_run_id bigint, p_depth integer)
	RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_lg text := pg_catalog.format('%L::@extschema@.lg_code', p_lg_code);
	v_conds text[] := ARRAY['true']::text[];
	x record;
	v_n integer := 0;
	v_child text;
	v_match text;
BEGIN
	FOR x IN SELECT t.* FROM @extschema@.purge_target t
			  WHERE t.kind OPERATOR(pg_catalog.=) 'rows' AND t.person_data AND t.person_expr IS NOT NULL
			  ORDER BY t.purge_order, t.table_name
	LOOP
		v_n := v_n + 1;
		v_child := pg_catalog.format('x%s_%s', p_depth, v_n);
		v_match := pg_catalog.format('%I.lg_code OPERATOR(@extschema@.=) %s AND (%s) OPERATOR(pg_catalog.=) %s',
									 v_child, v_lg, @extschema@.retention_alias(x.person_expr, v_child), p_person);
		v_conds := v_conds || pg_catalog.format('NOT EXISTS (SELECT 1 FROM @extschema@.%I %I WHERE %s AND NOT (%s))',
			x.table_name, v_child, v_match,
			@extschema@.retention_predicate(p_lg_code, x.table_name, p_as_of, p_classes, v_child, p_run_id, p_depth + 1, true));
	END LOOP;
	-- Any other table with the person's atena number that is neither a
	-- registered purge target nor listed in retention_nonperson_table
	-- keeps the person (and their number) while it has a row for them.
	FOR x IN SELECT c.relname::text AS table_name, (lt.typname OPERATOR(pg_catalog.=) 'lg_code') AS typed
			   FROM pg_catalog.pg_class c
			   JOIN pg_catalog.pg_attribute la ON la.attrelid OPERATOR(pg_catalog.=) c.oid
					AND la.attname OPERATOR(pg_catalog.=) 'lg_code' AND NOT la.attisdropped
			   JOIN pg_catalog.pg_type lt ON lt.oid OPERATOR(pg_catalog.=) la.atttypid
			  WHERE c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::regnamespace
				AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::"char"[])
				AND NOT c.relispartition
				AND EXISTS (SELECT FROM pg_catalog.pg_attribute aa WHERE aa.attrelid OPERATOR(pg_catalog.=) c.oid
							 AND aa.attname OPERATOR(pg_catalog.=) 'atena_no' AND NOT aa.attisdropped)
				AND NOT EXISTS (SELECT FROM @extschema@.purge_target t WHERE t.table_name OPERATOR(pg_catalog.=) c.relname::text)
				AND NOT EXISTS (SELECT FROM @extschema@.retention_nonperson_table n
								 WHERE n.table_name OPERATOR(pg_catalog.=) c.relname::text
								   AND (n.lg_code OPERATOR(@extschema@.=) p_lg_code
										OR n.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code))
			  ORDER BY 1
	LOOP
		v_conds := v_conds || pg_catalog.format(
			'NOT EXISTS (SELECT 1 FROM @extschema@.%I u WHERE %s AND u.atena_no OPERATOR(pg_catalog.=) %s)',
			x.table_name,
			CASE WHEN x.typed THEN pg_catalog.format('u.lg_code OPERATOR(@extschema@.=) %s', v_lg)
				 ELSE pg_catalog.format('u.lg_code::text OPERATOR(pg_catalog.=) (%s)::text', v_lg) END,
			p_person);
	END LOOP;
	RETURN '(' || pg_catalog.array_to_string(v_conds, ' AND ') || ')';
END
$$;

-- SQL: true when the row of p_table under alias p_alias goes in a run for
-- (lg_code, as_of, classes).  'false' for a table that is not registered or
-- whose class is not in the run.  A row (kind rows) goes when
--   it belongs to the municipality,
--   its start date is before the class cutoff,
--   its person is not held and its own hold_expr is not true, and
--   no row of a table referencing it (foreign key) stays: a referencing row
--   stays unless it goes itself (the same rule, one level down).
-- The Individual Number vault (kind person_link) goes when the person is
-- not held, nothing of the person that needs the number stays
-- (retention_person_free_sql), and the person had such data (a row going
-- now, or one removed by an earlier run) or the person's own class
-- (person_record) has expired.
-- The person row (kind person) goes when its own class has expired, the
-- person is not held, nothing of the person stays
-- (retention_person_free_sql) and every row referencing it goes -- its
-- person_part rows (history, relations, identity checks ...) go with it;
-- a person_part row that names the person in another column (the agent of
-- someone else's relation) keeps the person.
-- A person_part row goes when its person goes (and, like any row, when
-- every row referencing it goes).
CREATE FUNCTION @extschema@.retention_predicate(p_lg_code @extschema@.lg_code, p_table text, p_as_of date,
												p_classes text[], p_alias text, p_run_id bigint DEFAULT NULL,
												p_depth integer DEFAULT 0, p_person_checked boolean DEFAULT false)
	RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	tg @extschema@.purge_target;
	cl @extschema@.retention_class;
	pt @extschema@.purge_target;
	pcl @extschema@.retention_class;
	ctg @extschema@.purge_target;
	v_rel oid;
	v_lg text := pg_catalog.format('%L::@extschema@.lg_code', p_lg_code);
	v_asof text := pg_catalog.format('%L::date', p_as_of);
	v_conds text[] := ARRAY[]::text[];
	v_person text;
	v_exists text[] := ARRAY[]::text[];
	fk record;
	v_child text;
	v_match text;
	v_n integer := 0;
	v_crel text;
	v_cnsp text;
	v_pa text;
	v_cols text[];
	v_pcol text;
BEGIN
	IF p_depth > 10 THEN
		RETURN 'false';
	END IF;
	SELECT * INTO tg FROM @extschema@.purge_target t WHERE t.table_name OPERATOR(pg_catalog.=) p_table;
	IF NOT FOUND OR (p_classes IS NOT NULL AND NOT (tg.class_code OPERATOR(pg_catalog.=) ANY (p_classes))) THEN
		RETURN 'false';
	END IF;
	cl := @extschema@.retention_effective_class(p_lg_code, tg.class_code, p_as_of);
	IF cl.class_code IS NULL THEN
		RETURN 'false';
	END IF;
	v_rel := pg_catalog.to_regclass('@extschema@.' || pg_catalog.quote_ident(p_table));
	v_conds := v_conds || pg_catalog.format('%I.lg_code OPERATOR(@extschema@.=) %s', p_alias, v_lg);

	IF tg.kind OPERATOR(pg_catalog.=) 'person_link' THEN
		v_person := pg_catalog.format('%I.atena_no', p_alias);
		v_conds := v_conds || ('NOT ' || @extschema@.retention_held_sql(v_lg, v_person, v_asof, p_run_id));
		v_exists := v_exists || pg_catalog.format(
			'EXISTS (SELECT 1 FROM @extschema@.purge_archive pa WHERE pa.lg_code OPERATOR(@extschema@.=) %s'
			' AND pa.persons OPERATOR(pg_catalog.@>) ARRAY[%s]::bigint[] AND pa.person_data)', v_lg, v_person);
		v_n := 0;
		FOR pt IN SELECT t.* FROM @extschema@.purge_target t
				   WHERE t.kind OPERATOR(pg_catalog.=) 'rows' AND t.person_data AND t.person_expr IS NOT NULL
				   ORDER BY t.purge_order, t.table_name
		LOOP
			v_n := v_n + 1;
			v_child := pg_catalog.format('x%s_%s', p_depth, v_n);
			-- any row: with retention_person_free_sql below, it goes now
			v_exists := v_exists || pg_catalog.format(
				'EXISTS (SELECT 1 FROM @extschema@.%I %I WHERE %I.lg_code OPERATOR(@extschema@.=) %s AND (%s) OPERATOR(pg_catalog.=) %s)',
				pt.table_name, v_child, v_child, v_lg, @extschema@.retention_alias(pt.person_expr, v_child), v_person);
		END LOOP;
		-- the person's own class has expired (a person who never had data)
		FOR pt IN SELECT t.* FROM @extschema@.purge_target t
				   WHERE t.kind OPERATOR(pg_catalog.=) 'person'
					 AND (p_classes IS NULL OR t.class_code OPERATOR(pg_catalog.=) ANY (p_classes))
		LOOP
			pcl := @extschema@.retention_effective_class(p_lg_code, pt.class_code, p_as_of);
			v_pa := pg_catalog.format('pp%s', p_depth);
			v_exists := v_exists || pg_catalog.format(
				'EXISTS (SELECT 1 FROM @extschema@.%I %I WHERE %I.lg_code OPERATOR(@extschema@.=) %s AND (%s) OPERATOR(pg_catalog.=) %s'
				' AND (%s) OPERATOR(pg_catalog.<) %L::date)',
				pt.table_name, v_pa, v_pa, v_lg, @extschema@.retention_alias(pt.person_expr, v_pa), v_person,
				@extschema@.retention_alias(pt.start_expr, v_pa), @extschema@.retention_cutoff(p_as_of, pcl.years));
		END LOOP;
		v_conds := v_conds || @extschema@.retention_person_free_sql(p_lg_code, p_as_of, p_classes, v_person, p_run_id, p_depth);
		v_conds := v_conds || ('(' || pg_catalog.array_to_string(v_exists, ' OR ') || ')');
		RETURN '(' || pg_catalog.array_to_string(v_conds, ' AND ') || ')';
	END IF;

	IF tg.kind OPERATOR(pg_catalog.=) 'person_part' THEN
		-- goes with its person
		SELECT * INTO pt FROM @extschema@.purge_target t WHERE t.kind OPERATOR(pg_catalog.=) 'person' LIMIT 1;
		IF NOT FOUND THEN
			RETURN 'false';
		END IF;
		v_pa := pg_catalog.format('pp%s', p_depth);
		v_conds := v_conds || pg_catalog.format(
			'EXISTS (SELECT 1 FROM @extschema@.%I %I WHERE %I.lg_code OPERATOR(@extschema@.=) %s AND (%s) OPERATOR(pg_catalog.=) (%s) AND (%s))',
			pt.table_name, v_pa, v_pa, v_lg, @extschema@.retention_alias(pt.person_expr, v_pa),
			@extschema@.retention_alias(tg.person_expr, p_alias),
			@extschema@.retention_predicate(p_lg_code, pt.table_name, p_as_of, p_classes, v_pa, p_run_id, p_depth + 1));
	ELSE
		v_conds := v_conds || pg_catalog.format('(%s) OPERATOR(pg_catalog.<) %L::date',
			@extschema@.retention_alias(tg.start_expr, p_alias), @extschema@.retention_cutoff(p_as_of, cl.years));
		-- (p_person_checked: the caller already checks this row's person)
		IF tg.person_expr IS NOT NULL AND NOT p_person_checked THEN
			v_conds := v_conds || ('NOT ' || @extschema@.retention_held_sql(pg_catalog.format('%I.lg_code', p_alias),
				@extschema@.retention_alias(tg.person_expr, p_alias), v_asof, p_run_id));
		END IF;
		IF tg.hold_expr IS NOT NULL THEN
			v_conds := v_conds || pg_catalog.format('NOT coalesce((%s), false)',
				pg_catalog.replace(@extschema@.retention_alias(tg.hold_expr, p_alias), '{as_of}', v_asof));
		END IF;
		IF tg.kind OPERATOR(pg_catalog.=) 'person' THEN
			v_conds := v_conds || @extschema@.retention_person_free_sql(p_lg_code, p_as_of, p_classes,
				@extschema@.retention_alias(tg.person_expr, p_alias), p_run_id, p_depth);
		END IF;
	END IF;
	-- Rows of other tables that reference this one.
	FOR fk IN SELECT c.conrelid, c.oid, c.conkey
				FROM pg_catalog.pg_constraint c
			   WHERE c.contype OPERATOR(pg_catalog.=) 'f' AND c.confrelid OPERATOR(pg_catalog.=) v_rel
			   ORDER BY c.oid
	LOOP
		v_n := v_n + 1;
		v_child := pg_catalog.format('c%s_%s', p_depth, v_n);
		v_match := @extschema@.retention_fk_match(fk.oid, v_child, p_alias);
		SELECT r.relname::text, n.nspname::text INTO v_crel, v_cnsp
		  FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) r.relnamespace
		 WHERE r.oid OPERATOR(pg_catalog.=) fk.conrelid;
		SELECT * INTO ctg FROM @extschema@.purge_target t
		 WHERE t.table_name OPERATOR(pg_catalog.=) v_crel AND v_cnsp OPERATOR(pg_catalog.=) '@extschema@';
		IF FOUND AND tg.kind OPERATOR(pg_catalog.=) ANY (ARRAY['person', 'person_part'])
		   AND ctg.kind OPERATOR(pg_catalog.=) 'person_link' THEN
			-- the person's own number goes with the person (its conditions
			-- are part of the person's); a number of another person
			-- referencing this row keeps it
			v_conds := v_conds || pg_catalog.format('NOT EXISTS (SELECT 1 FROM %I.%I %I WHERE %s AND %I.atena_no OPERATOR(pg_catalog.<>) %s)',
				v_cnsp, v_crel, v_child, v_match, v_child,
				CASE WHEN tg.kind OPERATOR(pg_catalog.=) 'person' THEN pg_catalog.format('%I.atena_no', p_alias)
					 ELSE '(' || @extschema@.retention_alias(tg.person_expr, p_alias) || ')' END);
			CONTINUE;
		END IF;
		IF FOUND AND tg.kind OPERATOR(pg_catalog.=) 'person'
		   AND (ctg.kind OPERATOR(pg_catalog.=) 'person_part' OR (ctg.kind OPERATOR(pg_catalog.=) 'rows' AND ctg.person_data)) THEN
			-- the person's own parts go with it, and its data rows are in
			-- retention_person_free_sql above; a row naming the person in
			-- another column (someone else's relation) keeps it
			SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attname) INTO v_cols
			  FROM pg_catalog.pg_attribute a
			 WHERE a.attrelid OPERATOR(pg_catalog.=) fk.conrelid AND a.attnum OPERATOR(pg_catalog.=) ANY (fk.conkey)
			   AND a.attname OPERATOR(pg_catalog.<>) 'lg_code';
			v_pcol := pg_catalog.substring(ctg.person_expr, '^t\.([a-z_0-9]+)$');
			IF v_cols OPERATOR(pg_catalog.=) ARRAY[v_pcol] THEN
				CONTINUE;
			END IF;
			IF ctg.kind OPERATOR(pg_catalog.=) 'person_part' THEN
				v_conds := v_conds || pg_catalog.format('NOT EXISTS (SELECT 1 FROM %I.%I %I WHERE %s)',
					v_cnsp, v_crel, v_child, v_match);
				CONTINUE;
			END IF;
		END IF;
		-- (a table referencing itself -- a correction chain -- is followed
		-- three levels deep; a longer chain goes over several runs)
		v_conds := v_conds || pg_catalog.format('NOT EXISTS (SELECT 1 FROM %I.%I %I WHERE %s AND NOT (%s))',
			v_cnsp, v_crel, v_child, v_match,
			CASE WHEN v_cnsp OPERATOR(pg_catalog.<>) '@extschema@'
					  OR (fk.conrelid OPERATOR(pg_catalog.=) v_rel AND p_depth >= 3) THEN 'false'
				 ELSE @extschema@.retention_predicate(p_lg_code, v_crel, p_as_of, p_classes, v_child, p_run_id, p_depth + 1) END);
	END LOOP;
	RETURN '(' || pg_catalog.array_to_string(v_conds, ' AND ') || ')';
END
$$;
COMMENT ON FUNCTION @extschema@.retention_predicate(@extschema@.lg_code, text, date, text[], text, bigint, integer, boolean) IS
	'retention: the SQL condition deciding whether a row of a registered table goes (shared by the dry run and the run)';

-- The primary key of a table as a jsonb expression over an alias.
CREATE FUNCTION @extschema@.retention_key_sql(p_table text, p_alias text) RETURNS text
	LANGUAGE sql STABLE STRICT
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT 'pg_catalog.jsonb_build_object(' || pg_catalog.string_agg(pg_catalog.format('%L, %I.%I', a.attname, p_alias, a.attname), ', ' ORDER BY k.i) || ')'
	  FROM pg_catalog.pg_index x
	  CROSS JOIN LATERAL pg_catalog.generate_subscripts(x.indkey::int2[], 1) k(i)
	  JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) x.indrelid AND a.attnum OPERATOR(pg_catalog.=) (x.indkey::int2[])[k.i]
	 WHERE x.indrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass('@extschema@.' || pg_catalog.quote_ident(p_table))
	   AND x.indisprimary;
END;

CREATE FUNCTION @extschema@.retention_check_args(p_as_of date, p_lg_code @extschema@.lg_code, p_classes text[])
	RETURNS void
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v text;
BEGIN
	IF p_as_of IS NULL OR p_lg_code IS NULL THEN
		RAISE EXCEPTION 'as_of and lg_code are required' USING ERRCODE = '22004';
	END IF;
	IF p_lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code THEN
		RAISE EXCEPTION 'a purge runs for one municipality, not for 000000'
			USING ERRCODE = '22023', HINT = 'Give the municipality''s own code.';
	END IF;
	IF p_as_of OPERATOR(pg_catalog.>) CURRENT_DATE OR NOT pg_catalog.isfinite(p_as_of) THEN
		RAISE EXCEPTION 'as_of % is after today', p_as_of
			USING ERRCODE = '22023', DETAIL = 'A purge as of a future day would delete data still within its retention period.',
				  HINT = 'Use CURRENT_DATE or an earlier day.';
	END IF;
	IF p_classes IS NOT NULL THEN
		SELECT c INTO v FROM pg_catalog.unnest(p_classes) c
		 WHERE NOT EXISTS (SELECT FROM @extschema@.retention_class r WHERE r.class_code OPERATOR(pg_catalog.=) c) LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION 'unknown retention class "%"', v
				USING ERRCODE = '22023', HINT = 'See the table zeimu.retention_class.';
		END IF;
	END IF;
END
$$;

-- SQL for the real run only: the row's parents in registered tables (by
-- foreign key, up to the root) can be KEY SHARE locked now, SKIP LOCKED.  A
-- parent locked by a writer (zeimu.post_payment locks its installment FOR
-- UPDATE) keeps the whole family out of this batch, so a payment posted
-- while the purge runs never finds its installment's older payments gone.
-- Not part of the dry run: locks are not allowed there and do not change
-- what goes in a quiet database.
CREATE FUNCTION @extschema@.retention_lock_sql(p_table text, p_alias text, p_depth integer DEFAULT 0) RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_rel oid := pg_catalog.to_regclass('@extschema@.' || pg_catalog.quote_ident(p_table));
	v_conds text[] := ARRAY[]::text[];
	fk record;
	v_parent text;
	v_match text;
	v_notnull text;
	v_n integer := 0;
BEGIN
	IF p_depth > 4 OR v_rel IS NULL THEN
		RETURN 'true';
	END IF;
	FOR fk IN SELECT c.oid, c.confrelid, c.conkey, r.relname::text AS parent
				FROM pg_catalog.pg_constraint c
				JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) c.confrelid
				JOIN @extschema@.purge_target t ON t.table_name OPERATOR(pg_catalog.=) r.relname::text
			   WHERE c.contype OPERATOR(pg_catalog.=) 'f' AND c.conrelid OPERATOR(pg_catalog.=) v_rel
				 AND r.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::regnamespace
			   ORDER BY c.oid
	LOOP
		v_n := v_n + 1;
		v_parent := pg_catalog.format('k%s_%s', p_depth, v_n);
		v_match := @extschema@.retention_fk_match(fk.oid, p_alias, v_parent);
		SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I IS NOT NULL', p_alias, a.attname), ' AND ')
		  INTO v_notnull
		  FROM pg_catalog.pg_attribute a
		 WHERE a.attrelid OPERATOR(pg_catalog.=) v_rel AND a.attnum OPERATOR(pg_catalog.=) ANY (fk.conkey);
		v_conds := v_conds || pg_catalog.format(
			'(NOT (%s) OR EXISTS (SELECT 1 FROM @extschema@.%I %I WHERE %s AND %s FOR KEY SHARE OF %I SKIP LOCKED))',
			v_notnull, fk.parent, v_parent, v_match,
			@extschema@.retention_lock_sql(fk.parent, v_parent, p_depth + 1), v_parent);
	END LOOP;
	IF pg_catalog.cardinality(v_conds) = 0 THEN
		RETURN 'true';
	END IF;
	RETURN '(' || pg_catalog.array_to_string(v_conds, ' AND ') || ')';
END
$$;

-- ---------------------------------------------------------------------------
-- The dry run
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.purge_plan_rows(as_of date, lg_code @extschema@.lg_code, classes text[] DEFAULT NULL)
	RETURNS TABLE (table_name text, class_code text, action text, purge_order integer, row_key jsonb, atena_no bigint)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	tg @extschema@.purge_target;
	cl @extschema@.retention_class;
	v_as_of date := as_of;
	v_lg @extschema@.lg_code := lg_code;
	v_classes text[] := classes;
BEGIN
	PERFORM @extschema@.assert_staff_for(v_lg);
	PERFORM @extschema@.retention_check_args(v_as_of, v_lg, v_classes);
	FOR tg IN SELECT t.* FROM @extschema@.purge_target t
			   WHERE v_classes IS NULL OR t.class_code OPERATOR(pg_catalog.=) ANY (v_classes)
			   ORDER BY t.purge_order, t.table_name
	LOOP
		cl := @extschema@.retention_effective_class(v_lg, tg.class_code, v_as_of);
		RETURN QUERY EXECUTE pg_catalog.format(
			'SELECT %L::text, %L::text, %L::text, %s, %s, (%s)::bigint FROM @extschema@.%I t WHERE %s',
			tg.table_name, tg.class_code, cl.action, tg.purge_order,
			@extschema@.retention_key_sql(tg.table_name, 't'),
			CASE WHEN tg.kind OPERATOR(pg_catalog.=) 'person_link' THEN 't.atena_no' ELSE coalesce(tg.person_expr, 'NULL') END,
			tg.table_name,
			@extschema@.retention_predicate(v_lg, tg.table_name, v_as_of, v_classes, 't'));
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.purge_plan_rows(date, @extschema@.lg_code, text[]) IS
	'retention dry run: every row a purge run as of this day would remove, with its key and person';

CREATE FUNCTION @extschema@.purge_plan(as_of date, lg_code @extschema@.lg_code, classes text[] DEFAULT NULL)
	RETURNS TABLE (table_name text, class_code text, action text, cutoff date, rows bigint, persons bigint)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT p.table_name, p.class_code, p.action,
		   CASE WHEN p.class_code OPERATOR(pg_catalog.<>) 'mynumber_link'
				THEN @extschema@.retention_cutoff(purge_plan.as_of,
						(@extschema@.retention_effective_class(purge_plan.lg_code, p.class_code, purge_plan.as_of)).years) END,
		   pg_catalog.count(*), pg_catalog.count(DISTINCT p.atena_no)
	  FROM @extschema@.purge_plan_rows(purge_plan.as_of, purge_plan.lg_code, purge_plan.classes) p
	 GROUP BY p.table_name, p.class_code, p.action, p.purge_order
	 ORDER BY p.purge_order, p.table_name;
END;
COMMENT ON FUNCTION @extschema@.purge_plan(date, @extschema@.lg_code, text[]) IS
	'retention dry run: per table and class, the rows and persons a purge run as of this day would remove';

-- ---------------------------------------------------------------------------
-- Approvals and holds
-- ---------------------------------------------------------------------------
-- The staff identity: the application's zeimu.staff_id, else the login role.
CREATE FUNCTION @extschema@.retention_staff() RETURNS text
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	RETURN coalesce(NULLIF(pg_catalog.current_setting('zeimu.staff_id', true), ''), pg_catalog.session_user()::text);

CREATE FUNCTION @extschema@.approve_purge(p_lg_code @extschema@.lg_code, p_as_of date, p_max_rows bigint,
										  p_classes text[] DEFAULT NULL, p_note text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code);
	PERFORM @extschema@.retention_check_args(p_as_of, p_lg_code, p_classes);
	IF p_max_rows IS NULL OR p_max_rows < 1 THEN
		RAISE EXCEPTION 'max_rows must be at least 1' USING ERRCODE = '22023',
			HINT = 'Approve the row count zeimu.purge_plan shows.';
	END IF;
	INSERT INTO @extschema@.purge_approval (lg_code, as_of, classes, max_rows, approved_by, approver_staff_id, note)
		VALUES (p_lg_code, p_as_of, p_classes, p_max_rows, @extschema@.retention_staff(),
				NULLIF(pg_catalog.current_setting('zeimu.staff_id', true), ''), p_note)
		RETURNING approval_id INTO v_id;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.approve_purge(@extschema@.lg_code, date, bigint, text[], text) IS
	'retention: a second staff member approves a purge run of up to max_rows rows as of a day';

CREATE FUNCTION @extschema@.place_hold(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_kind text, p_reason text,
									   p_staff_id text, p_starts_on date DEFAULT CURRENT_DATE, p_ends_on date DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
	v_approver text := @extschema@.retention_staff();
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_reason IS NULL OR p_reason = '' OR p_staff_id IS NULL OR p_staff_id = '' THEN
		RAISE EXCEPTION 'municipality, atena number, reason and requesting staff are required' USING ERRCODE = '22004';
	END IF;
	IF p_kind IS NULL OR NOT (p_kind = ANY (ARRAY['legal', 'disclosure_request', 'correction_request',
												  'delinquency_case', 'installment_plan', 'refund'])) THEN
		RAISE EXCEPTION 'unknown hold kind "%"', p_kind USING ERRCODE = '22023',
			HINT = 'Use legal, disclosure_request, correction_request, delinquency_case, installment_plan or refund.';
	END IF;
	IF p_staff_id = v_approver THEN
		RAISE EXCEPTION 'a hold needs an approver other than the requesting staff member' USING ERRCODE = '42501',
			HINT = 'The approver is the caller (zeimu.staff_id or the login role).';
	END IF;
	INSERT INTO @extschema@.retention_hold (lg_code, atena_no, kind, reason, staff_id, approver_id, starts_on, ends_on)
		VALUES (p_lg_code, p_atena_no, p_kind, p_reason, p_staff_id, v_approver, p_starts_on, p_ends_on)
		RETURNING hold_id INTO v_id;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.place_hold(@extschema@.lg_code, bigint, text, text, text, date, date) IS
	'retention: a manual hold on every row of a person (legal hold, disclosure/correction request ...), approved by the caller';

CREATE FUNCTION @extschema@.release_hold(p_lg_code @extschema@.lg_code, p_hold_id bigint)
	RETURNS void
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code);
	UPDATE @extschema@.retention_hold h SET released_at = pg_catalog.now(), released_by = @extschema@.retention_staff()
	 WHERE h.lg_code OPERATOR(@extschema@.=) p_lg_code AND h.hold_id = p_hold_id AND h.released_at IS NULL;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no active hold % in municipality %', p_hold_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
END
$$;

-- The hold guards.  Outside a purge run, a BEFORE DELETE row trigger checks
-- each row a non-owner deletes against the manual holds, the row's
-- hold_expr and the live hold checks, while the row (and what the checks
-- read) still exists.  Inside a
-- purge batch (zeimu_purge.run_id set by zeimu.purge_batch) the row trigger
-- steps aside and the AFTER statement trigger checks all deleted rows at
-- once against the manual holds and the run's frozen hold checks; it
-- refuses a run id that is not this backend's running purge.  The lookups
-- are SECURITY DEFINER so that the caller's row security cannot hide a hold.
CREATE FUNCTION @extschema@.retention_guard_cond(p_table text, p_as_of text, p_run_id bigint) RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	tg @extschema@.purge_target;
	v text;
BEGIN
	SELECT * INTO tg FROM @extschema@.purge_target t WHERE t.table_name OPERATOR(pg_catalog.=) p_table;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	v := @extschema@.retention_held_sql('t.lg_code', tg.person_expr, p_as_of, p_run_id);
	IF tg.hold_expr IS NOT NULL THEN
		v := v || pg_catalog.format(' OR coalesce((%s), false)', pg_catalog.replace(tg.hold_expr, '{as_of}', p_as_of));
	END IF;
	RETURN v;
END
$$;

-- true when this row (as jsonb) of a registered table is held today.
CREATE FUNCTION @extschema@.retention_row_held(p_table text, p_row jsonb) RETURNS boolean
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_cond text := @extschema@.retention_guard_cond(p_table, 'CURRENT_DATE', NULL);
	v_held boolean;
BEGIN
	IF v_cond IS NULL THEN
		RETURN false;
	END IF;
	EXECUTE pg_catalog.format('SELECT %s FROM pg_catalog.jsonb_populate_record(NULL::@extschema@.%I, $1) t', v_cond, p_table)
		INTO v_held USING p_row;
	RETURN coalesce(v_held, false);
END
$$;

-- The row guard runs as the deleting role: the table's owner (and so a
-- superuser) may delete; everybody else is checked.
CREATE FUNCTION @extschema@.retention_hold_guard_row() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NULLIF(pg_catalog.current_setting('zeimu_purge.run_id', true), '') IS NOT NULL
	   OR pg_catalog.pg_has_role(pg_catalog."current_user"(),
								 (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) TG_RELID),
								 'MEMBER') THEN
		RETURN OLD;
	END IF;
	IF @extschema@.retention_row_held(TG_TABLE_NAME, pg_catalog.to_jsonb(OLD)) THEN
		RAISE EXCEPTION 'a row of % is under a retention hold', TG_TABLE_NAME
			USING ERRCODE = 'ZH003',
				  DETAIL = 'An unpaid balance, a pending refund, an open case or request, or a legal hold keeps this row.',
				  HINT = 'See zeimu.retention_hold and zeimu.retention_hold_check; release the hold first.';
	END IF;
	RETURN OLD;
END
$$;

CREATE FUNCTION @extschema@.retention_hold_guard() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_held bigint;
	v_cond text;
	v_run bigint;
BEGIN
	v_run := NULLIF(pg_catalog.current_setting('zeimu_purge.run_id', true), '')::bigint;
	IF v_run IS NULL THEN
		RETURN NULL;
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.purge_run u
				   WHERE u.run_id = v_run AND u.status OPERATOR(pg_catalog.=) 'running'
					 AND u.backend_pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid()) THEN
		RAISE EXCEPTION 'zeimu_purge.run_id is set outside a running purge of this session'
			USING ERRCODE = '42501', HINT = 'Only zeimu.purge_batch sets it; RESET zeimu_purge.run_id.';
	END IF;
	v_cond := @extschema@.retention_guard_cond(TG_TABLE_NAME, 'CURRENT_DATE', v_run);
	IF v_cond IS NULL THEN
		RETURN NULL;
	END IF;
	EXECUTE 'SELECT pg_catalog.count(*) FROM retention_old t WHERE ' || v_cond INTO v_held;
	IF v_held > 0 THEN
		RAISE EXCEPTION '% deleted rows of % are under a retention hold', v_held, TG_TABLE_NAME
			USING ERRCODE = 'ZH003',
				  DETAIL = 'A hold was placed after the run started.',
				  HINT = 'The batch is rolled back; call zeimu.purge_run again to continue without these rows.';
	END IF;
	RETURN NULL;
END
$$;

-- The purge path.  True only inside zeimu.purge_batch: its row in
-- zeimu.purge_batch_active (this backend, this transaction) is never
-- committed and nobody but the engine can write that table (no INSERT
-- privilege, row security forced; a session sees only its own backend's
-- row), so no session can fake it -- not staff, not the role owning the
-- tables (only a superuser, who can disable any trigger anyway).
CREATE FUNCTION @extschema@.retention_purging() RETURNS boolean
	LANGUAGE sql VOLATILE
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT EXISTS (SELECT FROM @extschema@.purge_batch_active a
					WHERE a.backend_pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid()
					  AND a.xid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id());
END;
COMMENT ON FUNCTION @extschema@.retention_purging() IS
	'retention: true only while zeimu.purge_batch deletes in this transaction (the purge path through append-only guards)';

-- Refuses a DELETE outside the purge (tables whose rows are deleted only
-- by the retention engine: the registry's person rows).
CREATE FUNCTION @extschema@.retention_delete_guard() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION '% rows can only be deleted by the retention purge', TG_TABLE_NAME
		USING ERRCODE = '42501',
			  DETAIL = 'The row is deleted when its retention period has passed and nothing of the person is left.',
			  HINT = 'See zeimu.purge_plan; a DBA runs CALL zeimu.purge_run.';
END
$$;

-- A registered table's own BEFORE ROW triggers that refuse DELETE
-- (append-only history: levy_append_only, history_guard, tax_document_guard
-- ...) are split: the trigger keeps its other events, and a copy named
-- <name>_unless_purge fires on DELETE WHEN (NOT zeimu.retention_purging()).
-- Outside the engine nothing changes; the engine's batch passes.
CREATE FUNCTION @extschema@.retention_allow_purge_delete(p_table text) RETURNS integer
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	g record;
	v_events text[];
	v_n integer := 0;
BEGIN
	FOR g IN SELECT t.tgname::text AS tgname, t.tgtype::integer AS tgtype, t.tgfoid::regproc::text AS fn,
					t.tgqual IS NOT NULL AS has_when, t.tgnargs, pg_catalog.cardinality(t.tgattr::int2[]) AS ncols
			   FROM pg_catalog.pg_trigger t
			  WHERE t.tgrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass('@extschema@.' || pg_catalog.quote_ident(p_table))
				AND NOT t.tgisinternal
				AND (t.tgtype::integer & 11) OPERATOR(pg_catalog.=) 11		-- ROW | BEFORE | DELETE
				AND t.tgname::text !~ '_unless_purge$'
				AND t.tgfoid OPERATOR(pg_catalog.<>) '@extschema@.retention_hold_guard_row()'::regprocedure
				-- the access log's guard has its own purge rule (5 years)
				AND t.tgfoid OPERATOR(pg_catalog.<>) '@extschema@.access_log_guard()'::regprocedure
			  ORDER BY t.tgname
	LOOP
		IF g.has_when OR g.tgnargs > 0 OR g.ncols > 0 THEN
			RAISE EXCEPTION 'trigger % on % cannot be given a purge path', g.tgname, p_table
				USING ERRCODE = '0A000', HINT = 'Only triggers without WHEN, arguments or column lists are split.';
		END IF;
		v_events := ARRAY[]::text[];
		IF (g.tgtype & 4) <> 0 THEN v_events := v_events || 'INSERT'::text; END IF;
		IF (g.tgtype & 16) <> 0 THEN v_events := v_events || 'UPDATE'::text; END IF;
		EXECUTE pg_catalog.format('DROP TRIGGER %I ON @extschema@.%I', g.tgname, p_table);
		IF pg_catalog.cardinality(v_events) > 0 THEN
			EXECUTE pg_catalog.format('CREATE TRIGGER %I BEFORE %s ON @extschema@.%I FOR EACH ROW EXECUTE FUNCTION %s()',
				g.tgname, pg_catalog.array_to_string(v_events, ' OR '), p_table, g.fn);
		END IF;
		EXECUTE pg_catalog.format('CREATE TRIGGER %I BEFORE DELETE ON @extschema@.%I FOR EACH ROW'
			' WHEN (NOT @extschema@.retention_purging()) EXECUTE FUNCTION %s()',
			pg_catalog.left(g.tgname, 49) || '_unless_purge', p_table, g.fn);
		v_n := v_n + 1;
	END LOOP;
	RETURN v_n;
END
$$;
COMMENT ON FUNCTION @extschema@.retention_allow_purge_delete(text) IS
	'retention: gives the DELETE-refusing row triggers of a registered table a purge path (WHEN NOT zeimu.retention_purging())';

-- Registering a table validates its expressions (by planning the purge
-- query once), installs the hold guard on it and gives its append-only
-- guards a purge path.
CREATE FUNCTION @extschema@.purge_target_register() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_rel oid := pg_catalog.to_regclass('@extschema@.' || pg_catalog.quote_ident(NEW.table_name));
BEGIN
	IF v_rel IS NULL THEN
		RAISE EXCEPTION 'table @extschema@.% does not exist', NEW.table_name USING ERRCODE = '42P01';
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.retention_class c WHERE c.class_code OPERATOR(pg_catalog.=) NEW.class_code
					 AND c.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code) THEN
		RAISE EXCEPTION 'retention class "%" has no national standard row', NEW.class_code USING ERRCODE = '22023';
	END IF;
	IF @extschema@.retention_key_sql(NEW.table_name, 't') IS NULL THEN
		RAISE EXCEPTION 'table @extschema@.% has no primary key', NEW.table_name USING ERRCODE = '22023';
	END IF;
	EXECUTE pg_catalog.format('EXPLAIN SELECT %s, %s FROM @extschema@.%I t WHERE %s',
		@extschema@.retention_key_sql(NEW.table_name, 't'),
		CASE WHEN NEW.kind OPERATOR(pg_catalog.=) 'person_link' THEN 't.atena_no' ELSE coalesce(NEW.person_expr, 'NULL') END,
		NEW.table_name,
		@extschema@.retention_predicate('000000', NEW.table_name, CURRENT_DATE, NULL, 't'));
	IF NEW.kind OPERATOR(pg_catalog.<>) 'person_link' THEN
		PERFORM @extschema@.retention_allow_purge_delete(NEW.table_name);
	END IF;
	IF NEW.kind OPERATOR(pg_catalog.<>) 'person_link'
	   AND NOT EXISTS (SELECT FROM pg_catalog.pg_trigger g WHERE g.tgrelid OPERATOR(pg_catalog.=) v_rel
						 AND g.tgname OPERATOR(pg_catalog.=) 'retention_hold_guard') THEN
		EXECUTE pg_catalog.format('CREATE TRIGGER retention_hold_guard AFTER DELETE ON @extschema@.%I'
			' REFERENCING OLD TABLE AS retention_old FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.retention_hold_guard()',
			NEW.table_name);
		-- (inside a purge batch the row guard steps aside; the WHEN clause
		-- saves a PL/pgSQL call per purged row)
		EXECUTE pg_catalog.format('CREATE TRIGGER retention_hold_guard_row BEFORE DELETE ON @extschema@.%I'
			' FOR EACH ROW WHEN (coalesce(pg_catalog.current_setting(''zeimu_purge.run_id'', true), '''') OPERATOR(pg_catalog.=) '''')'
			' EXECUTE FUNCTION @extschema@.retention_hold_guard_row()', NEW.table_name);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER purge_target_register AFTER INSERT OR UPDATE ON @extschema@.purge_target
	FOR EACH ROW EXECUTE FUNCTION @extschema@.purge_target_register();

-- ---------------------------------------------------------------------------
-- The run: start (or resume), batches, finish.  zeimu.purge_run (C,
-- src/retention_run.c) calls them and commits after each.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.purge_start(p_as_of date, p_lg_code @extschema@.lg_code, p_classes text[] DEFAULT NULL,
										p_approval bigint DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.purge_run;
	s @extschema@.retention_setting;
	a @extschema@.purge_approval;
	tg @extschema@.purge_target;
	v_run bigint;
	v_total bigint;
	v_staff text := @extschema@.retention_staff();
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['purge_operator']);
	PERFORM @extschema@.retention_check_args(p_as_of, p_lg_code, p_classes);
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu purge ' || p_lg_code::text));
	SELECT * INTO r FROM @extschema@.purge_run u
	 WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.status OPERATOR(pg_catalog.=) 'running'
	 FOR UPDATE;
	IF FOUND THEN
		IF r.backend_pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid()
		   AND EXISTS (SELECT FROM pg_catalog.pg_stat_activity x WHERE x.pid OPERATOR(pg_catalog.=) r.backend_pid) THEN
			RAISE EXCEPTION 'purge run % of municipality % is in progress in another session', r.run_id, p_lg_code
				USING ERRCODE = '55P03', HINT = 'Wait for it to finish; a second run is refused.';
		END IF;
		IF r.as_of OPERATOR(pg_catalog.<>) p_as_of OR r.classes IS DISTINCT FROM p_classes THEN
			RAISE EXCEPTION 'purge run % of municipality % (as of %) was interrupted and must be finished first', r.run_id, p_lg_code, r.as_of
				USING ERRCODE = '55000',
					  HINT = 'Call zeimu.purge_run again with the same as_of and classes to resume it.';
		END IF;
		UPDATE @extschema@.purge_run u SET backend_pid = pg_catalog.pg_backend_pid(), resumed = u.resumed + 1
		 WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.run_id = r.run_id;
		RETURN r.run_id;
	END IF;

	INSERT INTO @extschema@.purge_run (lg_code, as_of, classes, run_by, staff_id, backend_pid, planned_rows)
		VALUES (p_lg_code, p_as_of, p_classes, pg_catalog.session_user(), NULLIF(pg_catalog.current_setting('zeimu.staff_id', true), ''),
				pg_catalog.pg_backend_pid(), 0)
		RETURNING run_id INTO v_run;
	-- The planned counts: the dry run's predicate, counted (zeimu.purge_plan
	-- also builds every row's key, which the run does not need).
	FOR tg IN SELECT t.* FROM @extschema@.purge_target t
			   WHERE p_classes IS NULL OR t.class_code OPERATOR(pg_catalog.=) ANY (p_classes)
	LOOP
		EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM @extschema@.%I t WHERE %s', tg.table_name,
								  @extschema@.retention_predicate(p_lg_code, tg.table_name, p_as_of, p_classes, 't'))
			INTO v_total;
		INSERT INTO @extschema@.purge_run_table (lg_code, run_id, table_name, class_code, action, purge_order, planned)
		VALUES (p_lg_code, v_run, tg.table_name, tg.class_code,
				(@extschema@.retention_effective_class(p_lg_code, tg.class_code, p_as_of)).action, tg.purge_order, v_total);
	END LOOP;
	-- Freeze the registered hold checks: every person with a row past its
	-- cutoff is checked once, now, before anything is deleted.
	FOR tg IN SELECT t.* FROM @extschema@.purge_target t
			   WHERE t.kind OPERATOR(pg_catalog.=) ANY (ARRAY['rows', 'person']) AND t.person_expr IS NOT NULL
				 AND (p_classes IS NULL OR t.class_code OPERATOR(pg_catalog.=) ANY (p_classes))
	LOOP
		EXECUTE pg_catalog.format(
			'INSERT INTO @extschema@.purge_run_hold (lg_code, run_id, atena_no)'
			' SELECT $1, $2, c.p FROM (SELECT DISTINCT (%1$s)::bigint AS p FROM @extschema@.%2$I t'
			'  WHERE t.lg_code OPERATOR(@extschema@.=) $1 AND (%3$s) OPERATOR(pg_catalog.<) %4$L::date) c'
			' WHERE c.p IS NOT NULL AND %5$s ON CONFLICT DO NOTHING',
			tg.person_expr, tg.table_name, tg.start_expr,
			@extschema@.retention_cutoff(p_as_of, (@extschema@.retention_effective_class(p_lg_code, tg.class_code, p_as_of)).years),
			@extschema@.retention_checks_sql('$1', 'c.p', pg_catalog.format('%L::date', p_as_of)))
		USING p_lg_code, v_run;
	END LOOP;
	SELECT coalesce(pg_catalog.sum(x.planned), 0) INTO v_total FROM @extschema@.purge_run_table x
	 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.run_id = v_run;

	s := @extschema@.retention_effective_setting(p_lg_code, p_as_of);
	IF v_total > s.approval_threshold THEN
		SELECT * INTO a FROM @extschema@.purge_approval x
		 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND (p_approval IS NULL OR x.approval_id = p_approval)
		   AND x.as_of = p_as_of AND x.classes IS NOT DISTINCT FROM p_classes
		   AND x.max_rows >= v_total AND x.used_by_run IS NULL
		   AND x.approved_by OPERATOR(pg_catalog.<>) v_staff
		 ORDER BY x.approval_id LIMIT 1
		 FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'a purge of % rows needs a second staff member''s approval', v_total
				USING ERRCODE = 'ZH001',
					  DETAIL = pg_catalog.format('Runs over %s rows need an approval for this as-of day, these classes and at least this many rows, given by someone other than %s.',
												 s.approval_threshold, v_staff),
					  HINT = 'Ask a member of zeimu_purge_approver to call zeimu.approve_purge(...).';
		END IF;
		UPDATE @extschema@.purge_approval x SET used_by_run = v_run
		 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.approval_id = a.approval_id;
	END IF;
	UPDATE @extschema@.purge_run u SET planned_rows = v_total, approval_id = a.approval_id
	 WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.run_id = v_run;
	RETURN v_run;
END
$$;
COMMENT ON FUNCTION @extschema@.purge_start(date, @extschema@.lg_code, text[], bigint) IS
	'retention: opens a purge run (plan counts, approval) or returns the interrupted one to resume';

-- One batch: deletes up to batch_size rows of the first table (in purge
-- order) that still has rows to go, archiving them first; marks a table done
-- when nothing of it is left.  Returns the rows deleted; 0 = the run has
-- nothing left.
CREATE FUNCTION @extschema@.purge_batch(p_lg_code @extschema@.lg_code, p_run_id bigint)
	RETURNS bigint
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.purge_run;
	s @extschema@.retention_setting;
	rt @extschema@.purge_run_table;
	tg @extschema@.purge_target;
	v_n bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['purge_operator']);
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('zeimu purge batch ' || p_lg_code::text)) THEN
		RAISE EXCEPTION 'another purge batch of municipality % is running', p_lg_code USING ERRCODE = '55P03';
	END IF;
	SELECT * INTO r FROM @extschema@.purge_run u
	 WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.run_id = p_run_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'purge run % not found in municipality %', p_run_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF r.status OPERATOR(pg_catalog.=) 'done' THEN
		RETURN 0;
	END IF;
	s := @extschema@.retention_effective_setting(p_lg_code, r.as_of);
	PERFORM pg_catalog.set_config('lock_timeout', s.lock_timeout_ms || 'ms', true);
	PERFORM pg_catalog.set_config('zeimu_purge.run_id', p_run_id::text, true);
	INSERT INTO @extschema@.purge_batch_active (lg_code, backend_pid, xid, run_id)
		VALUES (p_lg_code, pg_catalog.pg_backend_pid(), pg_catalog.pg_current_xact_id(), p_run_id);
	FOR rt IN SELECT * FROM @extschema@.purge_run_table x
			   WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.run_id = p_run_id AND NOT x.done
			   ORDER BY x.purge_order, x.table_name
	LOOP
		SELECT * INTO tg FROM @extschema@.purge_target t WHERE t.table_name OPERATOR(pg_catalog.=) rt.table_name;
		-- Lock (SKIP LOCKED), delete, and write the deleted rows as one chunk:
		-- one JSON line per row (row_to_json writes text directly; the key is
		-- the same jsonb text as in zeimu.purge_plan_rows).
		EXECUTE pg_catalog.format(
			'WITH b AS (SELECT t.ctid AS c FROM @extschema@.%1$I t WHERE %2$s AND %10$s %11$s LIMIT %3$s FOR UPDATE OF t SKIP LOCKED),'
			' d AS (DELETE FROM @extschema@.%1$I t USING b WHERE t.ctid OPERATOR(pg_catalog.=) b.c'
			'       RETURNING (%4$s)::text AS k, (%5$s)::bigint AS p, CASE WHEN %6$L THEN pg_catalog.row_to_json(t.*)::text END AS j),'
			' c AS (SELECT pg_catalog.count(*)::integer AS n,'
			'         coalesce(pg_catalog.array_agg(DISTINCT d.p) FILTER (WHERE d.p IS NOT NULL), ''{}'') AS ps,'
			'         pg_catalog.string_agg(''{"key":'' || d.k || '',"atena_no":'' || coalesce(d.p::text, ''null'')'
			'                               || '',"row":'' || coalesce(d.j, ''null'') || ''}'', E''\n'') AS l FROM d)'
			' INSERT INTO @extschema@.purge_archive (lg_code, run_id, table_name, class_code, row_count, archived, person_data, persons, lines, chunk_hash)'
			' SELECT $1, $2, %7$L, %8$L, c.n, %6$L, %9$L, c.ps, c.l,'
			'        @extschema@.purge_archive_hash(%7$L, %8$L, c.l) FROM c WHERE c.n > 0'
			' RETURNING row_count',
			rt.table_name,
			@extschema@.retention_predicate(p_lg_code, rt.table_name, r.as_of, r.classes, 't', p_run_id),
			s.batch_size,
			@extschema@.retention_key_sql(rt.table_name, 't'),
			CASE WHEN tg.kind OPERATOR(pg_catalog.=) 'person_link' THEN 't.atena_no' ELSE coalesce(tg.person_expr, 'NULL') END,
			rt.action OPERATOR(pg_catalog.=) 'archive_delete' AND tg.kind OPERATOR(pg_catalog.<>) 'person_link',
			rt.table_name, rt.class_code, tg.person_data AND tg.kind OPERATOR(pg_catalog.=) 'rows',
			CASE WHEN tg.kind OPERATOR(pg_catalog.<>) 'person_link' THEN @extschema@.retention_lock_sql(rt.table_name, 't') ELSE 'true' END,
			CASE WHEN tg.batch_order IS NOT NULL THEN 'ORDER BY ' || @extschema@.retention_alias(tg.batch_order, 't') ELSE '' END)
		INTO v_n USING p_lg_code, p_run_id;
		v_n := coalesce(v_n, 0);
		IF v_n > 0 THEN
			UPDATE @extschema@.purge_run_table x
			   SET deleted = x.deleted + v_n,
				   archived = x.archived + CASE WHEN rt.action OPERATOR(pg_catalog.=) 'archive_delete'
												  AND tg.kind OPERATOR(pg_catalog.<>) 'person_link' THEN v_n ELSE 0 END
			 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.run_id = p_run_id AND x.table_name = rt.table_name;
			UPDATE @extschema@.purge_run u SET deleted_rows = u.deleted_rows + v_n, batches = u.batches + 1
			 WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.run_id = p_run_id;
			PERFORM pg_catalog.set_config('zeimu_purge.run_id', '', true);
			DELETE FROM @extschema@.purge_batch_active a WHERE a.backend_pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid();
			RETURN v_n;
		END IF;
		UPDATE @extschema@.purge_run_table x SET done = true
		 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.run_id = p_run_id AND x.table_name = rt.table_name;
	END LOOP;
	PERFORM pg_catalog.set_config('zeimu_purge.run_id', '', true);
	DELETE FROM @extschema@.purge_batch_active a WHERE a.backend_pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid();
	RETURN 0;
END
$$;
COMMENT ON FUNCTION @extschema@.purge_batch(@extschema@.lg_code, bigint) IS
	'retention: one batch of a run (archive, then delete, SKIP LOCKED, lock_timeout); 0 when nothing is left';

-- The encrypted archive file of a run: every archived row of the run as one
-- JSON line (table, class, key, atena_no, row); each chunk's lines one PGP
-- message (pgcrypto pgp_pub_encrypt, zlib) to the municipality's public
-- key, the messages ASCII-armored one after the other, written with
-- COPY ... TO <directory>/zeimu_purge_<lg_code>_<run>.asc.  Returns the file
-- name and the sha256 of its bytes; NULL when the municipality has no
-- retention_archive_key row.
CREATE FUNCTION @extschema@.purge_archive_export(p_lg_code @extschema@.lg_code, p_run_id bigint,
												 OUT file text, OUT sha256 text)
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	k @extschema@.retention_archive_key;
	v_nsp text;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['purge_operator']);
	SELECT * INTO k FROM @extschema@.retention_archive_key a WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	SELECT e.extnamespace::regnamespace::text INTO v_nsp FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'pgcrypto';
	file := pg_catalog.format('%s/zeimu_purge_%s_%s.asc', k.directory, p_lg_code, p_run_id);
	-- One PGP message per chunk, so that only one chunk is in memory at a
	-- time whatever the size of the run.  Each line is prefixed with its
	-- table and class; zlib level 1 inside the message shrinks the JSON
	-- lines ~16x, and armoring the smaller message is what saves the time
	-- (pgcrypto's armor() runs at ~35 MB/s; bench/RESULTS.md).  Plain
	-- string functions only: rtrim() or a regular expression on a large
	-- text of a multibyte database allocates 4-12 bytes per character.
	CREATE TEMP TABLE IF NOT EXISTS zeimu_purge_export_lines (s bigint, n bigint, l text) ON COMMIT DROP;
	DELETE FROM pg_temp.zeimu_purge_export_lines;
	EXECUTE pg_catalog.format(
		'INSERT INTO pg_temp.zeimu_purge_export_lines'
		' SELECT a.archive_seq, x.n, x.l FROM @extschema@.purge_archive a'
		' CROSS JOIN LATERAL (SELECT %1$s.armor(%1$s.pgp_pub_encrypt_bytea(pg_catalog.convert_to(pg_catalog.substr(pg_catalog.replace(E''\n'' || a.lines, E''\n{'','
		'          pg_catalog.format(E''\n{"table":%%s,"class":%%s,'', pg_catalog.to_json(a.table_name), pg_catalog.to_json(a.class_code))), 2), ''UTF8''),'
		'        %1$s.dearmor($3), ''compress-algo=1, compress-level=1'')) AS m) e'
		' CROSS JOIN LATERAL pg_catalog.string_to_table(CASE WHEN pg_catalog."right"(e.m, 1) OPERATOR(pg_catalog.=) E''\n'''
		'          THEN pg_catalog."left"(e.m, -1) ELSE e.m END, E''\n'') WITH ORDINALITY x(l, n)'
		' WHERE a.lg_code OPERATOR(@extschema@.=) $1 AND a.run_id = $2', v_nsp)
		USING p_lg_code, p_run_id, k.public_key;
	EXECUTE pg_catalog.format('COPY (SELECT l FROM pg_temp.zeimu_purge_export_lines ORDER BY s, n) TO %L', file);
	SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(coalesce(pg_catalog.string_agg(x.l || E'\n', '' ORDER BY x.s, x.n), ''), 'UTF8')), 'hex')
	  INTO sha256 FROM pg_temp.zeimu_purge_export_lines x;
END
$$;

-- Closes a run: archive checksum, the record and its hash, and one sealed
-- access-log row naming both.  Idempotent.
CREATE FUNCTION @extschema@.purge_finish(p_lg_code @extschema@.lg_code, p_run_id bigint)
	RETURNS jsonb
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.purge_run;
	v_sum text;
	v_archived bigint;
	v_rec jsonb;
	v_hash text;
	v_seq bigint;
	v_end timestamptz := pg_catalog.clock_timestamp();
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['purge_operator']);
	SELECT * INTO r FROM @extschema@.purge_run u
	 WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.run_id = p_run_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'purge run % not found in municipality %', p_run_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF r.status OPERATOR(pg_catalog.=) 'running' THEN
		IF EXISTS (SELECT FROM @extschema@.purge_run_table x
				   WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.run_id = p_run_id AND NOT x.done) THEN
			RAISE EXCEPTION 'purge run % still has rows to remove', p_run_id
				USING ERRCODE = '55000', HINT = 'Call zeimu.purge_batch until it returns 0.';
		END IF;
		-- the archive checksum chains the chunks' hashes in order
		SELECT pg_catalog.encode(@extschema@.hash_chain(x.h ORDER BY x.o), 'hex'),
			   coalesce(pg_catalog.sum(x.n) FILTER (WHERE x.archived), 0) INTO v_sum, v_archived
		  FROM (SELECT 0::bigint AS o, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex') AS h, false AS archived, 0 AS n
				UNION ALL
				SELECT a.archive_seq, a.chunk_hash, a.archived, a.row_count FROM @extschema@.purge_archive a
				 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.run_id = p_run_id) x;
		r.archive_ref := pg_catalog.format('@extschema@.purge_archive lg_code=%s run_id=%s (%s rows archived)', p_lg_code, p_run_id, v_archived);
		SELECT x.file, x.sha256 INTO r.archive_file, r.archive_file_sha256 FROM @extschema@.purge_archive_export(p_lg_code, p_run_id) x;
		v_rec := pg_catalog.jsonb_build_object(
			'run_id', r.run_id, 'lg_code', r.lg_code::text, 'as_of', r.as_of, 'classes', r.classes,
			'run_by', r.run_by, 'staff_id', r.staff_id, 'approval_id', r.approval_id,
			'approved_by', (SELECT a.approved_by FROM @extschema@.purge_approval a
							 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.approval_id = r.approval_id),
			'planned_rows', r.planned_rows, 'deleted_rows', r.deleted_rows, 'batches', r.batches, 'resumed', r.resumed,
			'started_at', r.started_at, 'finished_at', v_end,
			'archive_ref', r.archive_ref, 'archive_sha256', v_sum,
			'archive_file', r.archive_file, 'archive_file_sha256', r.archive_file_sha256,
			'tables', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('table', x.table_name, 'class', x.class_code,
							'action', x.action, 'planned', x.planned, 'deleted', x.deleted, 'archived', x.archived)
							ORDER BY x.purge_order, x.table_name)
						 FROM @extschema@.purge_run_table x
						WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.run_id = p_run_id));
		v_hash := pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(v_rec::text, 'UTF8')), 'hex');
		INSERT INTO @extschema@.access_log (lg_code, session_user_name, current_user_name, staff_id, atena_no,
											function_name, purpose, client_addr, txid)
			VALUES (p_lg_code, pg_catalog.session_user(), pg_catalog."current_user"(), r.staff_id, NULL, 'purge_run',
					pg_catalog.format('retention purge run %s as of %s: %s rows deleted; record sha256 %s; archive sha256 %s; file %s sha256 %s',
									  r.run_id, r.as_of, r.deleted_rows, v_hash, v_sum,
									  coalesce(r.archive_file, '-'), coalesce(r.archive_file_sha256, '-')),
					pg_catalog.inet_client_addr(), pg_catalog.txid_current())
			RETURNING seq INTO v_seq;
		UPDATE @extschema@.purge_run u
		   SET status = 'done', finished_at = v_end, archive_ref = r.archive_ref, archive_sha256 = v_sum,
			   archive_file = r.archive_file, archive_file_sha256 = r.archive_file_sha256,
			   record_sha256 = v_hash, access_log_seq = v_seq, backend_pid = NULL
		 WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.run_id = p_run_id;
		RETURN v_rec || pg_catalog.jsonb_build_object('record_sha256', v_hash, 'access_log_seq', v_seq);
	END IF;
	RETURN pg_catalog.jsonb_build_object('run_id', r.run_id, 'status', r.status, 'deleted_rows', r.deleted_rows,
										 'record_sha256', r.record_sha256, 'access_log_seq', r.access_log_seq);
END
$$;
COMMENT ON FUNCTION @extschema@.purge_finish(@extschema@.lg_code, bigint) IS
	'retention: closes a run: archive checksum, run record hash, sealed access-log row; returns the record';

CREATE PROCEDURE @extschema@.purge_run(as_of date, lg_code @extschema@.lg_code, classes text[] DEFAULT NULL,
									   approval bigint DEFAULT NULL)
	AS 'MODULE_PATHNAME', 'retention_purge_run' LANGUAGE C;
COMMENT ON PROCEDURE @extschema@.purge_run(date, @extschema@.lg_code, text[], bigint) IS
	'retention: the purge run: start or resume, batches (COMMIT each), finish; a no-op on a standby';

-- ---------------------------------------------------------------------------
-- Audit: a purged person read back from the archive.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.restore_purged_person(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_purpose text)
	RETURNS TABLE (run_id bigint, as_of date, table_name text, class_code text, row_key jsonb, row_data jsonb)
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_bad bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['purge_operator']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_purpose IS NULL OR p_purpose = '' THEN
		RAISE EXCEPTION 'municipality, atena number and purpose are required' USING ERRCODE = '22004';
	END IF;
	SELECT a.archive_seq INTO v_bad FROM @extschema@.purge_archive a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.persons OPERATOR(pg_catalog.@>) ARRAY[p_atena_no]
	   AND a.chunk_hash OPERATOR(pg_catalog.<>) @extschema@.purge_archive_hash(a.table_name, a.class_code, a.lines)
	 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'archive chunk % does not match its checksum', v_bad
			USING ERRCODE = 'XX001', DETAIL = 'The archive was altered after the purge run.';
	END IF;
	INSERT INTO @extschema@.access_log (lg_code, session_user_name, current_user_name, staff_id, atena_no,
										function_name, purpose, client_addr, txid)
		VALUES (p_lg_code, pg_catalog.session_user(), pg_catalog."current_user"(),
				NULLIF(pg_catalog.current_setting('zeimu.staff_id', true), ''), p_atena_no, 'restore_purged_person', p_purpose,
				pg_catalog.inet_client_addr(), pg_catalog.txid_current());
	RETURN QUERY
	SELECT a.run_id, u.as_of, a.table_name, a.class_code, x.j OPERATOR(pg_catalog.->) 'key', x.j OPERATOR(pg_catalog.->) 'row'
	  FROM @extschema@.purge_archive a
	  JOIN @extschema@.purge_run u ON u.lg_code OPERATOR(@extschema@.=) a.lg_code AND u.run_id = a.run_id
	 CROSS JOIN LATERAL (SELECT l.line::jsonb AS j, l.n FROM pg_catalog.string_to_table(a.lines, E'\n') WITH ORDINALITY l(line, n)) x
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND a.persons OPERATOR(pg_catalog.@>) ARRAY[p_atena_no] AND a.archived
	   AND (x.j OPERATOR(pg_catalog.->>) 'atena_no')::bigint = p_atena_no
	 ORDER BY a.archive_seq, x.n;
END
$$;
COMMENT ON FUNCTION @extschema@.restore_purged_person(@extschema@.lg_code, bigint, text) IS
	'retention audit: the archived rows of a purged person, checksum-verified; logged in the access log';

-- Audit from the file: the archive file of a run, checked against the
-- sha256 in the run record (sealed in the access-log chain), decrypted with
-- the auditors' private key (the PGP message carries its own integrity
-- check), and the person's rows returned.  Pass
-- the key as a bind parameter, never as a literal in the statement text.
CREATE FUNCTION @extschema@.restore_purged_person_from_file(p_lg_code @extschema@.lg_code, p_run_id bigint, p_atena_no bigint,
															p_private_key text, p_purpose text, p_key_passphrase text DEFAULT '')
	RETURNS TABLE (table_name text, class_code text, row_key jsonb, row_data jsonb)
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.purge_run;
	v_nsp text;
	v_text text;
	v_plain text;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['purge_operator']);
	IF p_lg_code IS NULL OR p_run_id IS NULL OR p_atena_no IS NULL OR p_private_key IS NULL
	   OR p_purpose IS NULL OR p_purpose = '' THEN
		RAISE EXCEPTION 'municipality, run, atena number, private key and purpose are required' USING ERRCODE = '22004';
	END IF;
	SELECT * INTO r FROM @extschema@.purge_run u WHERE u.lg_code OPERATOR(@extschema@.=) p_lg_code AND u.run_id = p_run_id;
	IF NOT FOUND OR r.archive_file IS NULL THEN
		RAISE EXCEPTION 'purge run % of municipality % has no archive file', p_run_id, p_lg_code
			USING ERRCODE = 'P0002', HINT = 'Runs write a file only when zeimu.retention_archive_key has a row for the municipality.';
	END IF;
	v_text := pg_catalog.pg_read_file(r.archive_file);
	IF pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(v_text, 'UTF8')), 'hex') OPERATOR(pg_catalog.<>) r.archive_file_sha256 THEN
		RAISE EXCEPTION 'archive file of purge run % does not match its checksum', p_run_id
			USING ERRCODE = 'XX001', DETAIL = 'The file was altered or replaced after the run.';
	END IF;
	SELECT e.extnamespace::regnamespace::text INTO v_nsp FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'pgcrypto';
	BEGIN
		-- one message per chunk: decrypt each and keep only the lines that
		-- can be the person's (checked exactly below)
		EXECUTE pg_catalog.format(
			'SELECT pg_catalog.string_agg(x.l, E''\n'' ORDER BY b.n, x.n)'
			' FROM pg_catalog.string_to_table($1, $4) WITH ORDINALITY b(t, n)'
			' CROSS JOIN LATERAL pg_catalog.string_to_table(CASE WHEN b.t OPERATOR(pg_catalog.<>) '''' THEN'
			'   pg_catalog.convert_from(%1$s.pgp_pub_decrypt_bytea(%1$s.dearmor(b.t || $4), %1$s.dearmor($2), $3), ''UTF8'') END,'
			'   E''\n'') WITH ORDINALITY x(l, n)'
			' WHERE pg_catalog.strpos(x.l, $5) OPERATOR(pg_catalog.>) 0', v_nsp)
			INTO v_plain
			USING v_text, p_private_key, p_key_passphrase, '-----END PGP MESSAGE-----' || E'\n', '"atena_no":' || p_atena_no || ',';
	EXCEPTION WHEN OTHERS THEN
		RAISE EXCEPTION 'the archive file of purge run % cannot be decrypted with this key', p_run_id
			USING ERRCODE = '28000', HINT = 'Use the private key matching the public key the run was encrypted to.';
	END;
	INSERT INTO @extschema@.access_log (lg_code, session_user_name, current_user_name, staff_id, atena_no,
										function_name, purpose, client_addr, txid)
		VALUES (p_lg_code, pg_catalog.session_user(), pg_catalog."current_user"(),
				NULLIF(pg_catalog.current_setting('zeimu.staff_id', true), ''), p_atena_no, 'restore_purged_person_from_file', p_purpose,
				pg_catalog.inet_client_addr(), pg_catalog.txid_current());
	RETURN QUERY
	SELECT x.j ->> 'table', x.j ->> 'class', x.j -> 'key', x.j -> 'row'
	  FROM (SELECT l::jsonb AS j, n FROM pg_catalog.string_to_table(coalesce(v_plain, ''), E'\n') WITH ORDINALITY t(l, n) WHERE l <> '') x
	 WHERE (x.j ->> 'atena_no')::bigint = p_atena_no AND pg_catalog.jsonb_typeof(x.j -> 'row') OPERATOR(pg_catalog.<>) 'null'
	 ORDER BY x.n;
END
$$;
COMMENT ON FUNCTION @extschema@.restore_purged_person_from_file(@extschema@.lg_code, bigint, bigint, text, text, text) IS
	'retention audit: a purged person read back from a run''s encrypted archive file (checksums verified); logged';
