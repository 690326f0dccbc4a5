-- provision: building extracts for one recipient from its permitted items,
-- the logical pre-check, provision records, hand-over slips, data-use
-- applications and notice batches.  doc/provision.md.
--
-- SQLSTATEs of this module (doc/provision.md, "SQLSTATEs"):
--   ZP001 recipient not registered (or not for this direction / inactive)
--   ZP002 no legal basis registered for the recipient (or not valid today)
--   ZP003 an item is not permitted for the recipient under that basis
--   ZP004 the extract fails the logical pre-check
--   ZP005 a contractor extract without a contract reference (受渡票)
--   ZP006 a paper/media transfer without an approved, current data-use application
--   ZP007 two-person rule: not confirmed by two different staff / self-approval
--   ZP008 the recipient requires an encrypted export and no password was given
--   ZP010 a network inquiry/provision that does not match the permit list
--   ZP011 a network inquiry outside its documented purpose

CREATE TYPE @extschema@.provision_extract AS (
	provision_id	bigint,
	record_count	integer,
	payload			jsonb,		-- NULL when encrypted
	encrypted		bytea		-- pgp_sym_encrypt(payload::text, password), or NULL
);
COMMENT ON TYPE @extschema@.provision_extract IS 'result of zeimu.provide / zeimu.transfer';

-- Data sources for function items (local-tax information, delinquency
-- information): later modules register a function
-- (lg_code zeimu.lg_code, atena_no bigint) RETURNS jsonb per category.
CREATE TABLE @extschema@.provision_data_source (
	lg_code			@extschema@.lg_code NOT NULL,	-- 000000 = every municipality
	category		text NOT NULL CHECK (category = ANY (ARRAY['local_tax', 'delinquency', 'income'])),
	function_name	text NOT NULL CHECK (function_name ~ '^[a-z0-9_]{1,63}$'),	-- in schema zeimu
	description		text NOT NULL,
	PRIMARY KEY (lg_code, category, function_name)
);
COMMENT ON TABLE @extschema@.provision_data_source IS 'functions that supply local-tax / delinquency / income data to extracts; levy and collection modules register theirs';

-- The staff member: the setting zeimu.staff_id, else the login.
CREATE FUNCTION @extschema@.provision_staff() RETURNS text
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$ SELECT coalesce(nullif(pg_catalog.current_setting('zeimu.staff_id', true), ''), session_user::text) $$;

-- The refusal recorder (src/provision_refusal.c): one provision_refusal row
-- in its own transaction; NULL when no worker slot was free.
CREATE FUNCTION @extschema@.provision_record_refusal(lg_code text, what text, sqlstate text, message text)
	RETURNS bigint
	AS 'MODULE_PATHNAME', 'provision_record_refusal' LANGUAGE C VOLATILE;

-- A refusal: a provision_refusal row and a server-log line (both survive
-- the caller's rollback; no personal data in them), then the error.
CREATE FUNCTION @extschema@.provision_refuse(p_sqlstate text, p_lg_code text, p_what text, p_message text,
											 p_detail text, p_hint text DEFAULT NULL)
	RETURNS void
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	RAISE LOG 'zeimu provision refused: sqlstate=% lg_code=% what=% reason=% session_user=% staff_id=%',
		p_sqlstate, p_lg_code, p_what, p_message, session_user, @extschema@.provision_staff();
	PERFORM @extschema@.provision_record_refusal(p_lg_code, p_what, p_sqlstate, p_message);
	IF p_detail IS NOT NULL AND p_hint IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, DETAIL = p_detail, HINT = p_hint;
	ELSIF p_detail IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, DETAIL = p_detail;
	ELSIF p_hint IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, HINT = p_hint;
	ELSE
		RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message;
	END IF;
END
$$;

-- Data from the registered sources of one category, as one jsonb object
-- {function_name: value}; an empty object when nothing is registered.
CREATE FUNCTION @extschema@.provision_category_data(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_category text)
	RETURNS jsonb
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	s record;
	v jsonb;
	r jsonb := '{}';
BEGIN
	FOR s IN SELECT DISTINCT function_name FROM @extschema@.provision_data_source
			 WHERE lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'::@extschema@.lg_code]) AND category = p_category
			 ORDER BY function_name
	LOOP
		EXECUTE pg_catalog.format('SELECT @extschema@.%I($1, $2)', s.function_name) INTO v USING p_lg_code, p_atena_no;
		r := r || pg_catalog.jsonb_build_object(s.function_name, v);
	END LOOP;
	RETURN r;
END
$$;

CREATE FUNCTION @extschema@.provision_local_tax_info(p_lg_code @extschema@.lg_code, p_atena_no bigint) RETURNS jsonb
	LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
	AS $$ SELECT @extschema@.provision_category_data(p_lg_code, p_atena_no, 'local_tax') $$;
CREATE FUNCTION @extschema@.provision_delinquency_info(p_lg_code @extschema@.lg_code, p_atena_no bigint) RETURNS jsonb
	LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
	AS $$ SELECT @extschema@.provision_category_data(p_lg_code, p_atena_no, 'delinquency') $$;

-- true when the text is an ISO date (YYYY-MM-DD) that exists.
CREATE FUNCTION @extschema@.provision_is_date(p text) RETURNS boolean
	LANGUAGE plpgsql STABLE PARALLEL SAFE	-- date input is STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
		RETURN false;
	END IF;
	PERFORM p::date;
	RETURN true;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
	RETURN false;
END
$$;

-- ---------------------------------------------------------------------------
-- zeimu.provision_check: the recipient, basis and items of one request;
-- refuses (ZP001/ZP002/ZP003) anything not registered.  Returns the
-- recipient row.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.provision_check(p_direction text, p_lg_code @extschema@.lg_code, p_recipient text,
											p_basis text, p_items text[])
	RETURNS @extschema@.provision_recipient
	LANGUAGE plpgsql VOLATILE	-- a refusal is recorded
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	r @extschema@.provision_recipient;
	b @extschema@.provision_basis;
	bad text[];
BEGIN
	SELECT * INTO r FROM @extschema@.provision_recipient
		WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND recipient_code = p_recipient AND active;
	IF NOT FOUND OR r.direction <> p_direction THEN
		PERFORM @extschema@.provision_refuse('ZP001', p_lg_code::text, p_recipient,
			pg_catalog.format('recipient "%s" is not registered for %s in municipality %s',
							  coalesce(p_recipient, ''), CASE p_direction WHEN 'provide' THEN 'provision (提供)' ELSE 'transfer (移転)' END,
							  p_lg_code),
			'Only the recipients listed in zeimu.provision_recipient may receive data.',
			'Check the recipient code, or register the recipient with its legal basis first.');
	END IF;
	IF p_basis IS NULL THEN
		PERFORM @extschema@.provision_refuse('ZP002', p_lg_code::text, p_recipient,
			pg_catalog.format('no legal basis given for recipient "%s"', p_recipient),
			'Every provision and transfer must name its legal basis.', NULL);
	END IF;
	SELECT * INTO b FROM @extschema@.provision_basis
		WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND recipient_code = p_recipient AND basis_code = p_basis;
	IF NOT FOUND OR b.valid_from > CURRENT_DATE OR (b.valid_to IS NOT NULL AND b.valid_to < CURRENT_DATE) THEN
		PERFORM @extschema@.provision_refuse('ZP002', p_lg_code::text, p_recipient,
			pg_catalog.format('legal basis "%s" is not registered for recipient "%s" on %s', p_basis, p_recipient, CURRENT_DATE),
			'The basis must be listed for this recipient in zeimu.provision_basis and be valid today.', NULL);
	END IF;
	IF p_items IS NULL OR pg_catalog.cardinality(p_items) = 0 THEN
		PERFORM @extschema@.provision_refuse('ZP003', p_lg_code::text, p_recipient,
			'an extract needs at least one item', 'No item was requested.', NULL);
	END IF;
	SELECT pg_catalog.array_agg(DISTINCT i ORDER BY i) INTO bad
		FROM pg_catalog.unnest(p_items) i
		WHERE i IS NULL OR NOT EXISTS (SELECT FROM @extschema@.provision_permitted_item pi
									   WHERE pi.lg_code OPERATOR(@extschema@.=) p_lg_code AND pi.recipient_code = p_recipient
										 AND pi.basis_code = p_basis AND pi.item_code = i);
	IF bad IS NOT NULL THEN
		PERFORM @extschema@.provision_refuse('ZP003', p_lg_code::text, p_recipient,
			pg_catalog.format('item(s) %s are not permitted for recipient "%s" under basis "%s"',
							  pg_catalog.array_to_string(bad, ', ', '(null)'), p_recipient, p_basis),
			'Only the items pre-declared in zeimu.provision_permitted_item may be provided.', NULL);
	END IF;
	RETURN r;
END
$$;

-- ---------------------------------------------------------------------------
-- zeimu.provision_precheck: the logical pre-check of an extract (seed 002
-- A.10.4, R-002-10): mandatory items, formats, check digits.  One row per
-- problem; no row = the extract may be released.  Never returns a value.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.provision_precheck(p_lg_code @extschema@.lg_code, p_recipient text, p_basis text, p_payload jsonb)
	RETURNS TABLE (record_no integer, item_code text, problem text)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
	WITH rec AS (
		SELECT (o.n)::integer AS n, o.r
		FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof(p_payload) = 'array'
											   THEN p_payload ELSE '[]' END) WITH ORDINALITY AS o(r, n)
	), perm AS (
		SELECT pi.item_code, pi.mandatory, it.check_kind
		FROM @extschema@.provision_permitted_item pi
		JOIN @extschema@.provision_item it ON it.lg_code OPERATOR(@extschema@.=) pi.lg_code AND it.item_code = pi.item_code
		WHERE pi.lg_code OPERATOR(@extschema@.=) p_lg_code AND pi.recipient_code = p_recipient AND pi.basis_code = p_basis
	), cell AS (
		SELECT rec.n, perm.item_code, perm.mandatory, perm.check_kind,
			   rec.r -> perm.item_code AS v, rec.r ->> perm.item_code AS t
		FROM rec CROSS JOIN perm
		WHERE rec.r ? perm.item_code OR perm.mandatory
	)
	SELECT 0, NULL::text, 'not_an_array' WHERE pg_catalog.jsonb_typeof(p_payload) IS DISTINCT FROM 'array'
	UNION ALL
	SELECT rec.n, k, 'not_permitted'
	FROM rec, pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(rec.r) = 'object' THEN rec.r ELSE '{}' END) k
	WHERE k <> 'record_no' AND NOT EXISTS (SELECT FROM perm WHERE perm.item_code = k)
	UNION ALL
	SELECT rec.n, NULL, 'not_an_object' FROM rec WHERE pg_catalog.jsonb_typeof(rec.r) <> 'object'
	UNION ALL
	SELECT c.n, c.item_code,
		   CASE
			WHEN c.t IS NULL OR c.t = '' THEN CASE WHEN c.mandatory THEN 'missing' END
			WHEN c.check_kind = 'mynumber' AND NOT (c.t ~ '^[0-9]{12}$' AND @extschema@.mynumber_is_valid(c.t)) THEN 'invalid_mynumber'
			WHEN c.check_kind = 'corporate_number' AND NOT (c.t ~ '^[0-9]{13}$' AND @extschema@.corporate_number_is_valid(c.t)) THEN 'invalid_corporate_number'
			WHEN c.check_kind = 'postal_code' AND c.t !~ '^[0-9]{7}$' THEN 'invalid_format'
			WHEN c.check_kind = 'date' AND NOT @extschema@.provision_is_date(c.t) THEN 'invalid_date'
			WHEN c.check_kind = 'date' AND c.t::date > CURRENT_DATE THEN 'future_date'
			WHEN c.check_kind = 'sex' AND c.t <> ALL (ARRAY['1', '2', '9']) THEN 'invalid_code'
			WHEN c.check_kind = 'text' AND pg_catalog.jsonb_typeof(c.v) <> 'string' THEN 'invalid_format'
			WHEN c.check_kind = 'object' AND pg_catalog.jsonb_typeof(c.v) <> ALL (ARRAY['object', 'array']) THEN 'invalid_format'
		   END
	FROM cell c
	WHERE CASE
			WHEN c.t IS NULL OR c.t = '' THEN c.mandatory
			WHEN c.check_kind = 'mynumber' THEN NOT (c.t ~ '^[0-9]{12}$' AND @extschema@.mynumber_is_valid(c.t))
			WHEN c.check_kind = 'corporate_number' THEN NOT (c.t ~ '^[0-9]{13}$' AND @extschema@.corporate_number_is_valid(c.t))
			WHEN c.check_kind = 'postal_code' THEN c.t !~ '^[0-9]{7}$'
			WHEN c.check_kind = 'date' THEN NOT @extschema@.provision_is_date(c.t) OR c.t::date > CURRENT_DATE
			WHEN c.check_kind = 'sex' THEN c.t <> ALL (ARRAY['1', '2', '9'])
			WHEN c.check_kind = 'text' THEN pg_catalog.jsonb_typeof(c.v) <> 'string'
			WHEN c.check_kind = 'object' THEN pg_catalog.jsonb_typeof(c.v) <> ALL (ARRAY['object', 'array'])
			ELSE false
		  END
	ORDER BY 1, 2
$$;

-- pgcrypto's schema (the extension requires pgcrypto; it may live anywhere).
CREATE FUNCTION @extschema@.provision_encrypt(p_data text, p_password text) RETURNS bytea
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	nsp name;
	r bytea;
BEGIN
	SELECT n.nspname INTO nsp FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = 'pgcrypto';
	EXECUTE pg_catalog.format('SELECT %I.pgp_sym_encrypt($1, $2, %L)', nsp, 'cipher-algo=aes256, compress-algo=0')
		INTO r USING p_data, p_password;
	RETURN r;
END
$$;

-- ---------------------------------------------------------------------------
-- The extract builder behind zeimu.provide, zeimu.transfer and the notice
-- batches.  SECURITY DEFINER: it reads persons and the vault as the owner;
-- who may call it for which recipient is decided by the recipient's
-- operator_role (checked against session_user) and by EXECUTE grants.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.provision_build(p_direction text, p_lg_code @extschema@.lg_code, p_recipient text,
											p_basis text, p_items text[], p_atena_nos bigint[], p_password text,
											p_contract_ref text, p_application_id bigint, p_batch_id bigint)
	RETURNS @extschema@.provision_extract
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	r @extschema@.provision_recipient;
	b @extschema@.provision_basis;
	app @extschema@.data_use_application;
	icode text[];
	ikind text[];
	iref text[];
	k integer;
	prow jsonb;
	recs jsonb[] := '{}';
	subj bigint[];
	missing bigint[];
	rec jsonb;
	payload jsonb := '[]';
	n integer := 0;
	a bigint;
	v jsonb;
	problems text;
	pid bigint;
	res @extschema@.provision_extract;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code);
	IF p_lg_code IS NULL OR p_recipient IS NULL THEN
		RAISE EXCEPTION 'lg_code and recipient are required' USING ERRCODE = '22004';
	END IF;
	r := @extschema@.provision_check(p_direction, p_lg_code, p_recipient, p_basis, p_items);
	IF NOT pg_catalog.pg_has_role(session_user, r.operator_role, 'MEMBER') THEN
		PERFORM @extschema@.provision_refuse('42501', p_lg_code::text, p_recipient,
			pg_catalog.format('extracts for recipient "%s" may be built only by members of %s', p_recipient, r.operator_role),
			NULL, 'Ask a member of that role.');
	END IF;
	SELECT * INTO b FROM @extschema@.provision_basis
		WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND recipient_code = p_recipient AND basis_code = p_basis;

	SELECT pg_catalog.array_agg(DISTINCT x ORDER BY x) INTO subj FROM pg_catalog.unnest(p_atena_nos) x WHERE x IS NOT NULL;
	IF subj IS NULL THEN
		RAISE EXCEPTION 'an extract needs at least one person' USING ERRCODE = '22023',
			DETAIL = 'The list of atena numbers is empty.';
	END IF;
	SELECT pg_catalog.array_agg(x) INTO missing FROM pg_catalog.unnest(subj) x
		WHERE NOT EXISTS (SELECT FROM @extschema@.person p WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no = x);
	IF missing IS NOT NULL THEN
		RAISE EXCEPTION 'person(s) % not found in municipality %', pg_catalog.array_to_string(missing, ', '), p_lg_code
			USING ERRCODE = 'P0002';
	END IF;

	IF r.paper_or_media THEN
		SELECT * INTO app FROM @extschema@.data_use_application
			WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND application_id = p_application_id;
		IF p_application_id IS NULL OR NOT FOUND OR app.approved_at IS NULL
		   OR app.recipient_code <> p_recipient OR app.basis_code <> p_basis
		   OR CURRENT_DATE NOT BETWEEN app.period_from AND app.period_to
		   OR NOT (p_items <@ app.items) THEN
			PERFORM @extschema@.provision_refuse('ZP006', p_lg_code::text, p_recipient,
				pg_catalog.format('recipient "%s" receives paper or media: an approved, current data-use application covering these items is required', p_recipient),
				'No approved data-use application (データ使用承認願) for this recipient, basis, items and date was given.',
				'Submit one with zeimu.submit_data_use_application and have it approved.');
		END IF;
	END IF;
	IF r.body_kind = 'contractor' AND coalesce(p_contract_ref, '') = '' THEN
		PERFORM @extschema@.provision_refuse('ZP005', p_lg_code::text, p_recipient,
			pg_catalog.format('an extract for contractor "%s" needs the contract reference for its hand-over slip', p_recipient),
			'Every hand-over to a contractor records a 受渡票.', 'Pass the contract reference.');
	END IF;
	IF r.encryption_required AND p_password IS NULL THEN
		PERFORM @extschema@.provision_refuse('ZP008', p_lg_code::text, p_recipient,
			pg_catalog.format('recipient "%s" receives only encrypted exports', p_recipient),
			NULL, 'Pass the password the recipient specified.');
	END IF;
	IF p_password IS NOT NULL AND pg_catalog.length(p_password) < 8 THEN
		RAISE EXCEPTION 'the export password must have at least 8 characters' USING ERRCODE = '22023';
	END IF;

	-- Build the records: one per person, only the permitted items asked for.
	-- The item list is read once; each person's row once.
	SELECT pg_catalog.array_agg(i.item_code ORDER BY i.item_code), pg_catalog.array_agg(i.source_kind ORDER BY i.item_code),
		   pg_catalog.array_agg(i.source_ref ORDER BY i.item_code)
		INTO icode, ikind, iref
		FROM @extschema@.provision_item i
		WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.item_code = ANY (p_items);
	FOREACH a IN ARRAY subj
	LOOP
		n := n + 1;
		rec := pg_catalog.jsonb_build_object('record_no', n);
		SELECT pg_catalog.to_jsonb(p) INTO prow
			FROM @extschema@.person p WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no = a;
		FOR k IN 1 .. pg_catalog.cardinality(icode)
		LOOP
			IF ikind[k] = 'person' THEN
				v := prow -> iref[k];
			ELSIF ikind[k] = 'mynumber' THEN
				-- decrypted by the vault (C), one access-log row per person
				v := pg_catalog.to_jsonb(@extschema@.reveal_mynumber(p_lg_code, a, 'provision')::text);
			ELSE
				EXECUTE pg_catalog.format('SELECT @extschema@.%I($1, $2)', iref[k]) INTO v USING p_lg_code, a;
			END IF;
			rec := rec || pg_catalog.jsonb_build_object(icode[k], coalesce(v, 'null'::jsonb));
		END LOOP;
		recs := recs || rec;
	END LOOP;
	payload := pg_catalog.to_jsonb(recs);

	SELECT pg_catalog.string_agg(pg_catalog.format('record %s %s: %s', c.record_no, coalesce(c.item_code, '-'), c.problem), '; ')
		INTO problems
		FROM (SELECT * FROM @extschema@.provision_precheck(p_lg_code, p_recipient, p_basis, payload) LIMIT 20) c;
	IF problems IS NOT NULL THEN
		PERFORM @extschema@.provision_refuse('ZP004', p_lg_code::text, p_recipient,
			pg_catalog.format('the extract for recipient "%s" fails the pre-check', p_recipient),
			problems, 'Correct the records (zeimu.provision_precheck lists every problem) and build the extract again.');
	END IF;

	INSERT INTO @extschema@.provision_record (lg_code, direction, recipient_code, basis_code, legal_article, items,
											  record_count, staff_id, medium, encrypted, precheck_passed,
											  extract_sha256, application_id, batch_id)
		VALUES (p_lg_code, p_direction, p_recipient, p_basis, b.legal_article,
				ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(p_items) x ORDER BY x),
				n, @extschema@.provision_staff(), r.medium, p_password IS NOT NULL, true,
				pg_catalog.sha256(pg_catalog.convert_to(payload::text, 'UTF8')),
				CASE WHEN r.paper_or_media THEN p_application_id END, p_batch_id)
		RETURNING provision_id INTO pid;
	INSERT INTO @extschema@.provision_record_subject (lg_code, provision_id, atena_no)
		SELECT p_lg_code, pid, x FROM pg_catalog.unnest(subj) x;
	IF r.body_kind = 'contractor' THEN
		INSERT INTO @extschema@.handover_slip (lg_code, provision_id, contract_ref, record_count, handler_role, handed_by)
			VALUES (p_lg_code, pid, p_contract_ref, n, '情報授受担当者', @extschema@.provision_staff());
	END IF;

	res.provision_id := pid;
	res.record_count := n;
	IF p_password IS NOT NULL THEN
		res.encrypted := @extschema@.provision_encrypt(payload::text, p_password);
	ELSE
		res.payload := payload;
	END IF;
	RETURN res;
END
$$;

CREATE FUNCTION @extschema@.provide(p_lg_code @extschema@.lg_code, p_recipient text, p_basis text, p_items text[],
									p_atena_nos bigint[], p_password text DEFAULT NULL, p_contract_ref text DEFAULT NULL,
									p_application_id bigint DEFAULT NULL)
	RETURNS @extschema@.provision_extract
	LANGUAGE sql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	SET log_min_error_statement = panic	-- the statement may hold the recipient's password
	AS $$ SELECT @extschema@.provision_build('provide', p_lg_code, p_recipient, p_basis, p_items, p_atena_nos,
											 p_password, p_contract_ref, p_application_id, NULL) $$;
COMMENT ON FUNCTION @extschema@.provide(@extschema@.lg_code, text, text, text[], bigint[], text, text, bigint) IS
	'provision (提供) to a registered outside recipient: permitted items only, pre-checked, recorded';

CREATE FUNCTION @extschema@.transfer(p_lg_code @extschema@.lg_code, p_recipient text, p_basis text, p_items text[],
									 p_atena_nos bigint[], p_application_id bigint DEFAULT NULL)
	RETURNS @extschema@.provision_extract
	LANGUAGE sql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$ SELECT @extschema@.provision_build('transfer', p_lg_code, p_recipient, p_basis, p_items, p_atena_nos,
											 NULL, NULL, p_application_id, NULL) $$;
COMMENT ON FUNCTION @extschema@.transfer(@extschema@.lg_code, text, text, text[], bigint[], bigint) IS
	'transfer (移転) to a registered internal department: permitted items only, pre-checked, recorded';

-- ---------------------------------------------------------------------------
-- Hand-over slip ledger: returned / destroyed, checked by staff.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.close_handover_slip(p_lg_code @extschema@.lg_code, p_slip_id bigint, p_status text)
	RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	IF p_status IS NULL OR p_status <> ALL (ARRAY['returned', 'destroyed']) THEN
		RAISE EXCEPTION 'status must be returned or destroyed' USING ERRCODE = '22023';
	END IF;
	UPDATE @extschema@.handover_slip SET status = p_status, status_checked_by = @extschema@.provision_staff(),
		   status_at = pg_catalog.now()
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND slip_id = p_slip_id AND status = 'provided';
	IF NOT FOUND THEN
		RAISE EXCEPTION 'hand-over slip % of municipality % is not open', p_slip_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Data-use applications (データ使用承認願): submit, approve.  The approval is
-- the access module's generic two-person approval (260_access_approval.sql):
-- submitting requests it (kind data_use_application, subject {"lg_code",
-- "application_id"}), a different staff member holding the duty
-- section_chief approves it (zeimu.approve: ZA001 self-approval), and the
-- approval is consumed at once by approve_data_use_application.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.submit_data_use_application(p_lg_code @extschema@.lg_code, p_recipient text, p_basis text,
		p_applicant_dept text, p_applicant_name text, p_identity_checked_by text, p_purpose text, p_conditions text,
		p_items text[], p_medium text, p_period_from date, p_period_to date)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	r @extschema@.provision_recipient;
	id bigint;
	aid bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	IF coalesce(p_applicant_dept, '') = '' OR coalesce(p_applicant_name, '') = ''
	   OR coalesce(p_identity_checked_by, '') = '' OR coalesce(p_purpose, '') = ''
	   OR p_period_from IS NULL OR p_period_to IS NULL THEN
		RAISE EXCEPTION 'applicant department, name, identity check, purpose and period are required'
			USING ERRCODE = '22004';
	END IF;
	IF p_medium IS NULL OR p_medium <> ALL (ARRAY['paper', 'media']) THEN
		RAISE EXCEPTION 'medium must be paper or media' USING ERRCODE = '22023';
	END IF;
	IF p_period_to < p_period_from THEN
		RAISE EXCEPTION 'the period ends before it starts' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO r FROM @extschema@.provision_recipient WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND recipient_code = p_recipient;
	r := @extschema@.provision_check(coalesce(r.direction, 'transfer'), p_lg_code, p_recipient, p_basis, p_items);
	INSERT INTO @extschema@.data_use_application (lg_code, recipient_code, basis_code, applicant_dept, applicant_name,
			identity_checked_by, purpose, conditions, items, medium, period_from, period_to, keep_until)
		VALUES (p_lg_code, p_recipient, p_basis, p_applicant_dept, p_applicant_name, p_identity_checked_by, p_purpose,
				p_conditions, p_items, p_medium, p_period_from, p_period_to,
				(CURRENT_DATE + interval '5 years')::date)
		RETURNING application_id INTO id;
	-- The kind is registered for the municipality on its first application
	-- (approver duty section_chief, 30 days to decide); a sysadmin may
	-- re-register it with zeimu.register_approval_kind.
	INSERT INTO @extschema@.approval_kind (lg_code, kind, description, approver_duties, valid_for, registered_by)
		VALUES (p_lg_code::text, 'data_use_application',
				'approval of a data-use application (データ使用承認願) for a paper or media transfer',
				ARRAY['section_chief'], interval '30 days', 'zeimu')
		ON CONFLICT DO NOTHING;
	aid := @extschema@.request_approval('data_use_application',
		pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'application_id', id),
		pg_catalog.format('data-use application %s: %s for %s', id, p_purpose, p_applicant_dept));
	UPDATE @extschema@.data_use_application SET approval_id = aid
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND application_id = id;
	RETURN id;
END
$$;

CREATE FUNCTION @extschema@.approve_data_use_application(p_lg_code @extschema@.lg_code, p_application_id bigint)
	RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	a @extschema@.data_use_application;
	approver text;
BEGIN
	-- Only a section chief (duty section_chief) approves.
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['section_chief']);
	SELECT * INTO a FROM @extschema@.data_use_application WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND application_id = p_application_id
		FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'data-use application % not found in municipality %', p_application_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF a.approved_at IS NOT NULL THEN
		RAISE EXCEPTION 'data-use application % is already approved', p_application_id USING ERRCODE = '55000';
	END IF;
	-- zeimu.approve: ZA001 for the staff member who submitted it, 42501
	-- without the approving duty, ZA004 once the request has expired.
	PERFORM @extschema@.approve(a.approval_id);
	approver := @extschema@.consume_approval(a.approval_id, 'data_use_application',
		pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'application_id', p_application_id));
	UPDATE @extschema@.data_use_application SET approved_by = approver, approved_at = pg_catalog.now()
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND application_id = p_application_id;
END
$$;

-- ---------------------------------------------------------------------------
-- Notice and declaration-form batches (seed 000 req. 23).
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.create_notice_batch(p_lg_code @extschema@.lg_code, p_kind text, p_recipient text,
												p_basis text, p_items text[], p_atena_nos bigint[])
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	r @extschema@.provision_recipient;
	id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	IF p_kind IS NULL OR p_kind <> ALL (ARRAY['tax_notice', 'declaration_form']) THEN
		RAISE EXCEPTION 'kind must be tax_notice or declaration_form' USING ERRCODE = '22023';
	END IF;
	r := @extschema@.provision_check('provide', p_lg_code, p_recipient, p_basis, p_items);
	IF r.body_kind <> 'taxpayer' THEN
		PERFORM @extschema@.provision_refuse('ZP001', p_lg_code::text, p_recipient,
			pg_catalog.format('recipient "%s" does not receive notices or declaration forms', p_recipient), NULL, NULL);
	END IF;
	IF p_atena_nos IS NULL OR pg_catalog.cardinality(p_atena_nos) = 0 THEN
		RAISE EXCEPTION 'a notice batch needs at least one person' USING ERRCODE = '22023';
	END IF;
	INSERT INTO @extschema@.notice_batch (lg_code, kind, recipient_code, basis_code, items)
		VALUES (p_lg_code, p_kind, p_recipient, p_basis, p_items) RETURNING batch_id INTO id;
	INSERT INTO @extschema@.notice_batch_subject (lg_code, batch_id, atena_no)
		SELECT DISTINCT p_lg_code, id, x FROM pg_catalog.unnest(p_atena_nos) x WHERE x IS NOT NULL;
	RETURN id;
END
$$;

-- Confirmations go through the access module's two-person approval (kind
-- notice_batch_release, subject {"lg_code", "batch_id"}): the first staff
-- member's confirmation requests it, a different staff member's approves it
-- (zeimu.approve refuses self-approval with ZA001), the release consumes it.
-- The kind is registered for the municipality on its first confirmation
-- (approval_kind is per municipality; a sysadmin may re-register it with
-- zeimu.register_approval_kind to change approver duties or validity).
CREATE FUNCTION @extschema@.confirm_notice_batch(p_lg_code @extschema@.lg_code, p_batch_id bigint)
	RETURNS integer
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	nb @extschema@.notice_batch;
	me text;
	a @extschema@.approval;
	valid interval;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	SELECT * INTO nb FROM @extschema@.notice_batch WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND batch_id = p_batch_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'notice batch % not found in municipality %', p_batch_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF nb.status <> 'draft' THEN
		RAISE EXCEPTION 'notice batch % is already released', p_batch_id USING ERRCODE = '55000';
	END IF;
	SELECT p.staff_id INTO me FROM @extschema@.access_principal() p
	 WHERE p.staff_id IS NOT NULL AND p.lg_code OPERATOR(pg_catalog.=) p_lg_code::text;
	IF me IS NULL THEN
		RAISE EXCEPTION 'only staff members of municipality % confirm notice batches', p_lg_code USING ERRCODE = '42501',
			HINT = 'The security officer maps your login to a staff record with zeimu.register_staff.';
	END IF;
	IF nb.approval_id IS NOT NULL THEN
		SELECT * INTO a FROM @extschema@.approval x WHERE x.approval_id = nb.approval_id;
		SELECT k.valid_for INTO valid FROM @extschema@.approval_kind k
		 WHERE k.lg_code OPERATOR(pg_catalog.=) a.lg_code AND k.kind OPERATOR(pg_catalog.=) a.kind;
		-- An expired request or approval is not used again: this
		-- confirmation starts a new request.
		IF coalesce(a.approved_at, a.requested_at) OPERATOR(pg_catalog.+) valid OPERATOR(pg_catalog.<) pg_catalog.now() THEN
			nb.approval_id := NULL;
		END IF;
	END IF;
	IF nb.approval_id IS NULL THEN
		INSERT INTO @extschema@.approval_kind (lg_code, kind, description, registered_by)
			VALUES (p_lg_code::text, 'notice_batch_release',
					'release of a notice or declaration-form batch after two staff members confirmed its recipients',
					'zeimu')
			ON CONFLICT DO NOTHING;
		nb.approval_id := @extschema@.request_approval('notice_batch_release',
			pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'batch_id', p_batch_id),
			pg_catalog.format('recipients of notice batch %s confirmed', p_batch_id));
		UPDATE @extschema@.notice_batch SET approval_id = nb.approval_id
		 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND batch_id = p_batch_id;
		SELECT * INTO a FROM @extschema@.approval x WHERE x.approval_id = nb.approval_id;
	ELSIF a.approved_by IS NULL AND a.requested_by <> me THEN
		PERFORM @extschema@.approve(nb.approval_id);
		a.approved_by := me;
	END IF;
	-- (The same staff member confirming again changes nothing.)
	INSERT INTO @extschema@.notice_batch_confirmation (lg_code, batch_id, confirmed_by, staff_id)
		VALUES (p_lg_code, p_batch_id, session_user, me)
		ON CONFLICT DO NOTHING;
	-- 1: requested, 2: approved by a second staff member.
	RETURN CASE WHEN a.approved_by IS NULL THEN 1 ELSE 2 END;
END
$$;

-- The two-person rule, in one place: the batch's approval is granted by a
-- second staff member and not yet used.  Internal (not granted).
CREATE FUNCTION @extschema@.provision_two_person_approved(p_lg_code @extschema@.lg_code, p_batch_id bigint)
	RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT EXISTS (SELECT FROM @extschema@.notice_batch b
				   JOIN @extschema@.approval a ON a.approval_id = b.approval_id
				   WHERE b.lg_code OPERATOR(@extschema@.=) p_lg_code AND b.batch_id = p_batch_id
					 AND a.approved_by IS NOT NULL AND a.approved_by <> a.requested_by AND a.consumed_at IS NULL)
$$;

CREATE FUNCTION @extschema@.release_notice_batch(p_lg_code @extschema@.lg_code, p_batch_id bigint,
												 p_password text DEFAULT NULL)
	RETURNS @extschema@.provision_extract
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	SET log_min_error_statement = panic	-- the statement may hold the recipient's password
	AS $$
DECLARE
	nb @extschema@.notice_batch;
	res @extschema@.provision_extract;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	SELECT * INTO nb FROM @extschema@.notice_batch WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND batch_id = p_batch_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'notice batch % not found in municipality %', p_batch_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF nb.status <> 'draft' THEN
		RAISE EXCEPTION 'notice batch % is already released', p_batch_id USING ERRCODE = '55000';
	END IF;
	IF NOT @extschema@.provision_two_person_approved(p_lg_code, p_batch_id) THEN
		PERFORM @extschema@.provision_refuse('ZP007', p_lg_code::text, nb.recipient_code,
			pg_catalog.format('notice batch %s has not been confirmed by two different staff members', p_batch_id),
			'Two different staff members must confirm the recipients with zeimu.confirm_notice_batch before release.', NULL);
	END IF;
	PERFORM @extschema@.consume_approval(nb.approval_id, 'notice_batch_release',
		pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'batch_id', p_batch_id));
	res := @extschema@.provision_build('provide', p_lg_code, nb.recipient_code, nb.basis_code, nb.items,
		ARRAY(SELECT atena_no FROM @extschema@.notice_batch_subject WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND batch_id = p_batch_id),
		p_password, NULL, NULL, p_batch_id);
	UPDATE @extschema@.notice_batch SET status = 'released', provision_id = res.provision_id, released_at = pg_catalog.now()
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND batch_id = p_batch_id;
	RETURN res;
END
$$;
