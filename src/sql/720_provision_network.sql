-- provision: information-provision network (中間サーバー) records.  An
-- inquiry or a provision is recorded only when it matches the permit list
-- and carries a permit id; flagged items wait for a section chief; an
-- inquiry with a purpose condition is allowed only while it holds.
-- doc/provision.md, "Network".  Seeds 000 req. 19-20; 001 §10.6, R-NW-01..04;
-- 003 R-003-33/34/36; 004 §10.5.

CREATE FUNCTION @extschema@.network_match(p_lg_code @extschema@.lg_code, p_direction text, p_permit_id text,
										  p_info_item text, p_business text, p_counterpart text)
	RETURNS @extschema@.network_permit
	LANGUAGE plpgsql VOLATILE	-- a refusal is recorded
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	p @extschema@.network_permit;
BEGIN
	IF coalesce(p_permit_id, '') = '' THEN
		PERFORM @extschema@.provision_refuse('ZP010', p_lg_code::text, 'network',
			pg_catalog.format('a network %s needs a permit id', p_direction),
			'Every inquiry and provision carries the id of its 情報提供許可証 / permit-list entry.', NULL);
	END IF;
	SELECT * INTO p FROM @extschema@.network_permit WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND permit_id = p_permit_id;
	IF NOT FOUND OR p.direction <> p_direction OR p.info_item <> p_info_item
	   OR (p_business IS NOT NULL AND p.business <> p_business)
	   OR (p_counterpart IS NOT NULL AND p_counterpart <> CASE p_direction WHEN 'inquiry' THEN p.provider ELSE p.requester END)
	   OR p.valid_from > CURRENT_DATE OR (p.valid_to IS NOT NULL AND p.valid_to < CURRENT_DATE) THEN
		PERFORM @extschema@.provision_refuse('ZP010', p_lg_code::text, 'network',
			pg_catalog.format('the network %s does not match permit "%s"', p_direction, p_permit_id),
			'Direction, item, business and counterpart must equal a current row of zeimu.network_permit.',
			'Inquiries and provisions the law does not permit are refused.');
	END IF;
	RETURN p;
END
$$;

-- zeimu.network_inquire: records an inquiry (情報照会) about one person.
CREATE FUNCTION @extschema@.network_inquire(p_lg_code @extschema@.lg_code, p_permit_id text, p_atena_no bigint,
											p_info_item text, p_business text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	p @extschema@.network_permit;
	id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_info_item IS NULL THEN
		RAISE EXCEPTION 'lg_code, atena_no and info_item are required' USING ERRCODE = '22004';
	END IF;
	p := @extschema@.network_match(p_lg_code, 'inquiry', p_permit_id, p_info_item, p_business, NULL);
	IF NOT EXISTS (SELECT FROM @extschema@.person WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no) THEN
		RAISE EXCEPTION 'person % not found in municipality %', p_atena_no, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	-- seed 000 req. 19: public-assistance status only while a 減免 application is pending
	IF p.purpose_condition = 'pending_reduction_application'
	   AND NOT EXISTS (SELECT FROM @extschema@.reduction_application
					   WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no AND status = 'pending') THEN
		PERFORM @extschema@.provision_refuse('ZP011', p_lg_code::text, 'network',
			pg_catalog.format('permit "%s" allows inquiries only while a reduction (減免) application of the person is pending', p_permit_id),
			pg_catalog.format('Atena %s has no pending reduction application.', p_atena_no), NULL);
	END IF;
	INSERT INTO @extschema@.network_record (lg_code, direction, permit_id, atena_no, info_item, business, counterpart,
											staff_id, result)
		VALUES (p_lg_code, 'inquiry', p.permit_id, p_atena_no, p.info_item, p.business, p.provider,
				@extschema@.provision_staff(), 'sent')
		RETURNING record_id INTO id;
	RETURN id;
END
$$;

-- zeimu.network_record_answer: the answer to an inquiry (or its interruption).
CREATE FUNCTION @extschema@.network_record_answer(p_lg_code @extschema@.lg_code, p_record_id bigint, p_answer jsonb,
												  p_interrupted boolean DEFAULT false)
	RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	UPDATE @extschema@.network_record
	   SET result = CASE WHEN p_interrupted THEN 'interrupted' ELSE 'answered' END,
		   result_payload = CASE WHEN p_interrupted THEN NULL ELSE p_answer END
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND record_id = p_record_id AND direction = 'inquiry' AND result = 'sent';
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no open inquiry % in municipality %', p_record_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
END
$$;

-- zeimu.network_provide: records a provision (情報提供) answering a request.
-- Items flagged no_auto_response wait for zeimu.network_confirm.
CREATE FUNCTION @extschema@.network_provide(p_lg_code @extschema@.lg_code, p_permit_id text, p_atena_no bigint,
											p_info_item text, p_requester text)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	p @extschema@.network_permit;
	id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_info_item IS NULL OR p_requester IS NULL THEN
		RAISE EXCEPTION 'lg_code, atena_no, info_item and requester are required' USING ERRCODE = '22004';
	END IF;
	p := @extschema@.network_match(p_lg_code, 'provision', p_permit_id, p_info_item, NULL, p_requester);
	IF NOT EXISTS (SELECT FROM @extschema@.person WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no) THEN
		RAISE EXCEPTION 'person % not found in municipality %', p_atena_no, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	INSERT INTO @extschema@.network_record (lg_code, direction, permit_id, atena_no, info_item, business, counterpart,
											staff_id, result)
		VALUES (p_lg_code, 'provision', p.permit_id, p_atena_no, p.info_item, p.business, p.requester,
				@extschema@.provision_staff(),
				CASE WHEN p.no_auto_response THEN 'awaiting_confirmation' ELSE 'sent' END)
		RETURNING record_id INTO id;
	RETURN id;
END
$$;

-- zeimu.network_confirm: a section chief re-checks a flagged provision.
CREATE FUNCTION @extschema@.network_confirm(p_lg_code @extschema@.lg_code, p_record_id bigint)
	RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	nr @extschema@.network_record;
BEGIN
	-- Only a section chief (duty section_chief) confirms flagged provisions.
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['section_chief']);
	SELECT * INTO nr FROM @extschema@.network_record WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND record_id = p_record_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'network record % not found in municipality %', p_record_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF nr.result <> 'awaiting_confirmation' THEN
		RAISE EXCEPTION 'network record % is not waiting for confirmation', p_record_id USING ERRCODE = '55000';
	END IF;
	UPDATE @extschema@.network_record SET result = 'confirmed', confirmed_by = session_user, confirmed_at = pg_catalog.now()
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND record_id = p_record_id;
END
$$;

-- zeimu.network_purge_results: deletes inquiry answers whose retention
-- (network_param.result_retention, the municipality's row or 000000) has
-- passed; the record itself stays.  Idempotent.  Returns the count.
CREATE FUNCTION @extschema@.network_purge_results(p_lg_code @extschema@.lg_code, p_as_of timestamptz DEFAULT pg_catalog.now())
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	keep interval;
	n bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['purge_operator']);
	SELECT result_retention INTO keep FROM @extschema@.network_param
		WHERE lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'::@extschema@.lg_code]) AND valid_from <= p_as_of::date
		ORDER BY (lg_code OPERATOR(@extschema@.=) p_lg_code) DESC, valid_from DESC LIMIT 1;
	IF keep IS NULL THEN
		RAISE EXCEPTION 'no retention period for network inquiry results is set for municipality %', p_lg_code
			USING ERRCODE = '22023', HINT = 'Insert a row into zeimu.network_param (the seeds give no period).';
	END IF;
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu.network_purge_results'), pg_catalog.hashtext(p_lg_code::text));
	UPDATE @extschema@.network_record SET result_payload = NULL, result_deleted_at = pg_catalog.now()
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND direction = 'inquiry' AND result = ANY (ARRAY['answered', 'interrupted'])
	   AND result_deleted_at IS NULL AND recorded_at + keep < p_as_of;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;

-- ---------------------------------------------------------------------------
-- zeimu.load_network_permits: the municipality's permit list (照会許可用照合
-- リスト) as a whole, from a jsonb array (a CSV goes through a staging table
-- and jsonb_agg: doc/provision.md, "The permit list").  Every element is
-- validated first and the call writes nothing unless all are valid (22023,
-- DETAIL lists up to 20 problems as "element N field: problem").  Rows are
-- inserted or updated by permit id; with p_complete (the default) the rows
-- of the municipality the list no longer names are ended (valid_to =
-- yesterday), never deleted: network records keep pointing at them.
-- Idempotent (a second identical load changes nothing), advisory-locked per
-- municipality; reports its counts.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.load_network_permits(p_lg_code @extschema@.lg_code, p_permits jsonb,
												 p_complete boolean DEFAULT true)
	RETURNS TABLE (inserted integer, updated integer, unchanged integer, ended integer)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	problems text[];
	ref text;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['section_chief']);
	IF p_lg_code IS NULL OR p_permits IS NULL OR p_complete IS NULL THEN
		RAISE EXCEPTION 'lg_code, the permit list and p_complete are required' USING ERRCODE = '22004';
	END IF;
	IF p_lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code THEN
		RAISE EXCEPTION 'the national catalogue (000000) is not loaded: give the municipality''s code' USING ERRCODE = '22023';
	END IF;
	IF pg_catalog.jsonb_typeof(p_permits) <> 'array' OR pg_catalog.jsonb_array_length(p_permits) = 0 THEN
		RAISE EXCEPTION 'the permit list must be a non-empty JSON array of objects' USING ERRCODE = '22023',
			HINT = 'Give one object per permit with permit_id, direction, requester, provider, business, info_item and legal_basis.';
	END IF;
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu.load_network_permits'), pg_catalog.hashtext(p_lg_code::text));

	WITH e AS (
		SELECT x.n::integer AS n, x.o FROM pg_catalog.jsonb_array_elements(p_permits) WITH ORDINALITY AS x(o, n)
	), pr AS (
		SELECT e.n, NULL::text AS field, 'not an object' AS problem FROM e WHERE pg_catalog.jsonb_typeof(e.o) <> 'object'
		UNION ALL
		SELECT e.n, k, 'unknown field' FROM e, pg_catalog.jsonb_object_keys(e.o) k
		 WHERE pg_catalog.jsonb_typeof(e.o) = 'object'
		   AND k <> ALL (ARRAY['permit_id', 'direction', 'requester', 'provider', 'business', 'info_item', 'legal_basis',
							   'no_auto_response', 'purpose_condition', 'valid_from', 'valid_to', 'seed_ref'])
		UNION ALL
		SELECT e.n, f, 'missing' FROM e,
			pg_catalog.unnest(ARRAY['permit_id', 'direction', 'requester', 'provider', 'business', 'info_item', 'legal_basis']) f
		 WHERE pg_catalog.jsonb_typeof(e.o) = 'object'
		   AND (pg_catalog.jsonb_typeof(e.o -> f) IS DISTINCT FROM 'string' OR pg_catalog.btrim(e.o ->> f) = '')
		UNION ALL
		SELECT e.n, 'permit_id', 'not 1-64 letters, digits, _ . or -' FROM e
		 WHERE pg_catalog.jsonb_typeof(e.o -> 'permit_id') = 'string' AND (e.o ->> 'permit_id') !~ '^[A-Za-z0-9_.-]{1,64}$'
		UNION ALL
		SELECT e.n, 'permit_id', 'given twice' FROM e
		 WHERE pg_catalog.jsonb_typeof(e.o) = 'object' AND e.o ? 'permit_id'
		   AND EXISTS (SELECT FROM e e2 WHERE e2.n < e.n AND pg_catalog.jsonb_typeof(e2.o) = 'object'
						AND e2.o ->> 'permit_id' = e.o ->> 'permit_id')
		UNION ALL
		SELECT e.n, 'direction', 'not inquiry or provision' FROM e
		 WHERE pg_catalog.jsonb_typeof(e.o -> 'direction') = 'string' AND (e.o ->> 'direction') <> ALL (ARRAY['inquiry', 'provision'])
		UNION ALL
		SELECT e.n, 'no_auto_response', 'not true or false' FROM e
		 WHERE pg_catalog.jsonb_typeof(e.o) = 'object' AND e.o ? 'no_auto_response'
		   AND pg_catalog.jsonb_typeof(e.o -> 'no_auto_response') <> ALL (ARRAY['boolean', 'null'])
		   AND coalesce(e.o ->> 'no_auto_response', '') <> ALL (ARRAY['true', 'false'])
		UNION ALL
		SELECT e.n, 'purpose_condition', 'unknown condition' FROM e
		 WHERE pg_catalog.jsonb_typeof(e.o) = 'object' AND coalesce(e.o ->> 'purpose_condition', '') <> ''
		   AND (e.o ->> 'purpose_condition') <> ALL (ARRAY['pending_reduction_application'])
		UNION ALL
		SELECT e.n, f, 'not a date (YYYY-MM-DD)' FROM e, pg_catalog.unnest(ARRAY['valid_from', 'valid_to']) f
		 WHERE pg_catalog.jsonb_typeof(e.o) = 'object' AND coalesce(e.o ->> f, '') <> ''
		   AND NOT ((e.o ->> f) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND @extschema@.provision_is_date(e.o ->> f))
		UNION ALL
		SELECT e.n, 'valid_to', 'before valid_from' FROM e
		 WHERE pg_catalog.jsonb_typeof(e.o) = 'object'
		   AND coalesce(e.o ->> 'valid_to', '') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND @extschema@.provision_is_date(e.o ->> 'valid_to')
		   AND (e.o ->> 'valid_to')::date < CASE WHEN coalesce(e.o ->> 'valid_from', '') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
												  AND @extschema@.provision_is_date(e.o ->> 'valid_from')
											 THEN (e.o ->> 'valid_from')::date ELSE DATE '2016-01-01' END
	)
	SELECT pg_catalog.array_agg(pg_catalog.format('element %s%s: %s', pr.n, coalesce(' ' || pr.field, ''), pr.problem)
								ORDER BY pr.n, pr.field)
	  INTO problems FROM pr;
	IF problems IS NOT NULL THEN
		RAISE EXCEPTION 'the permit list has % problem(s); nothing was loaded', pg_catalog.cardinality(problems)
			USING ERRCODE = '22023',
			DETAIL = pg_catalog.array_to_string(problems[1:20], '; ') || CASE WHEN pg_catalog.cardinality(problems) > 20 THEN '; …' ELSE '' END || '.',
			HINT = 'Correct the list and load it again (doc/provision.md, "The permit list").';
	END IF;

	ref := pg_catalog.format('municipal permit list loaded %s by %s', CURRENT_DATE, @extschema@.provision_staff());
	-- (No temporary table: a SECURITY DEFINER function must not write to a
	-- relation the caller could have placed in pg_temp.)
	WITH l AS (
		SELECT p_lg_code AS lg_code, o ->> 'permit_id' AS permit_id, o ->> 'direction' AS direction,
			   o ->> 'requester' AS requester, o ->> 'provider' AS provider, o ->> 'business' AS business,
			   o ->> 'info_item' AS info_item, o ->> 'legal_basis' AS legal_basis,
			   coalesce((o ->> 'no_auto_response')::boolean, false) AS no_auto_response,
			   nullif(o ->> 'purpose_condition', '') AS purpose_condition,
			   coalesce(nullif(o ->> 'valid_from', '')::date, DATE '2016-01-01') AS valid_from,
			   nullif(o ->> 'valid_to', '')::date AS valid_to, coalesce(nullif(o ->> 'seed_ref', ''), ref) AS seed_ref
		FROM pg_catalog.jsonb_array_elements(p_permits) o
	), cmp AS (
		SELECT l.*, c.permit_id IS NULL AS is_new,
			   (c.direction, c.requester, c.provider, c.business, c.info_item, c.legal_basis, c.no_auto_response,
				c.purpose_condition, c.valid_from, c.valid_to)
			   IS DISTINCT FROM (l.direction, l.requester, l.provider, l.business, l.info_item, l.legal_basis,
								 l.no_auto_response, l.purpose_condition, l.valid_from, l.valid_to) AS changed
		FROM l LEFT JOIN @extschema@.network_permit c
		  ON c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.permit_id = l.permit_id
	), w AS (
		-- An unchanged row is not written (its seed reference stays).
		INSERT INTO @extschema@.network_permit AS c (lg_code, permit_id, direction, requester, provider, business, info_item,
													 legal_basis, no_auto_response, purpose_condition, valid_from, valid_to, seed_ref)
		SELECT cmp.lg_code, cmp.permit_id, cmp.direction, cmp.requester, cmp.provider, cmp.business, cmp.info_item,
			   cmp.legal_basis, cmp.no_auto_response, cmp.purpose_condition, cmp.valid_from, cmp.valid_to, cmp.seed_ref
		FROM cmp WHERE cmp.changed
		ON CONFLICT (lg_code, permit_id) DO UPDATE
		   SET direction = EXCLUDED.direction, requester = EXCLUDED.requester, provider = EXCLUDED.provider,
			   business = EXCLUDED.business, info_item = EXCLUDED.info_item, legal_basis = EXCLUDED.legal_basis,
			   no_auto_response = EXCLUDED.no_auto_response, purpose_condition = EXCLUDED.purpose_condition,
			   valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, seed_ref = EXCLUDED.seed_ref
		RETURNING 1
	)
	SELECT pg_catalog.count(*) FILTER (WHERE cmp.is_new), pg_catalog.count(*) FILTER (WHERE cmp.changed AND NOT cmp.is_new),
		   pg_catalog.count(*) FILTER (WHERE NOT cmp.changed)
	  INTO inserted, updated, unchanged
	  FROM cmp;	-- (the INSERT of w runs whether or not it is read)
	ended := 0;

	IF p_complete THEN
		UPDATE @extschema@.network_permit c SET valid_to = CURRENT_DATE - 1
		 WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND (c.valid_to IS NULL OR c.valid_to >= CURRENT_DATE)
		   AND c.permit_id <> ALL (ARRAY(SELECT o ->> 'permit_id' FROM pg_catalog.jsonb_array_elements(p_permits) o));
		GET DIAGNOSTICS ended = ROW_COUNT;
	END IF;
	RAISE NOTICE 'permit list of %: % inserted, % updated, % unchanged, % ended', p_lg_code, inserted, updated, unchanged, ended;
	RETURN NEXT;
END
$$;
COMMENT ON FUNCTION @extschema@.load_network_permits(@extschema@.lg_code, jsonb, boolean) IS
	'loads the municipality''s permit list (照会許可用照合リスト) from jsonb: validated as a whole, upserted, missing rows ended';
