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
