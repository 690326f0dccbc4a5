-- disclosure: 開示請求 (個人情報保護法第76条以下; seed 000 req. 52, 003
-- R-003-43, 004 §10.8).  A request with the requester's identity check; a
-- report of everything zeimu holds about the person; the report logged;
-- requests in progress hold the person's data against purge.
-- doc/provision.md, "Disclosure requests".

CREATE TABLE @extschema@.disclosure_request (
	lg_code			@extschema@.lg_code NOT NULL,
	request_id		bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,	-- whose data
	requester_kind	text NOT NULL CHECK (requester_kind = ANY (ARRAY['self', 'legal_representative', 'agent'])),
	requester_name	text NOT NULL CHECK (requester_name <> ''),
	channel			text NOT NULL CHECK (channel = ANY (ARRAY['counter', 'post'])),
	verification_id	bigint NOT NULL,	-- 本人確認書類の提示
	received_on		date NOT NULL DEFAULT CURRENT_DATE,
	received_by		text NOT NULL,
	status			text NOT NULL DEFAULT 'in_progress' CHECK (status = ANY (ARRAY['in_progress', 'answered', 'withdrawn'])),
	closed_at		timestamptz,
	PRIMARY KEY (lg_code, request_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person,
	FOREIGN KEY (lg_code, verification_id) REFERENCES @extschema@.identity_verification
);
CREATE INDEX ON @extschema@.disclosure_request (lg_code, atena_no) WHERE status = 'in_progress';
COMMENT ON TABLE @extschema@.disclosure_request IS '開示請求: written requests with the identity check; in progress = hold against purge';

CREATE TABLE @extschema@.disclosure_report_log (
	lg_code			@extschema@.lg_code NOT NULL,
	report_id		bigint GENERATED ALWAYS AS IDENTITY,
	request_id		bigint NOT NULL,
	atena_no		bigint NOT NULL,
	produced_at		timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	produced_by		text NOT NULL,
	session_user_name text NOT NULL DEFAULT pg_catalog.session_user(),
	sections		text[] NOT NULL,
	report_sha256	bytea NOT NULL,
	PRIMARY KEY (lg_code, report_id),
	FOREIGN KEY (lg_code, request_id) REFERENCES @extschema@.disclosure_request,
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person
);
COMMENT ON TABLE @extschema@.disclosure_report_log IS 'every disclosure report produced: who, when, which sections, its SHA-256';

-- Columns never put in a report (key material and ciphertext).
CREATE TABLE @extschema@.disclosure_excluded_column (
	lg_code			@extschema@.lg_code NOT NULL DEFAULT '000000',
	column_name		text NOT NULL,
	reason			text NOT NULL,
	PRIMARY KEY (lg_code, column_name)
);
INSERT INTO @extschema@.disclosure_excluded_column (lg_code, column_name, reason) VALUES
	('000000', 'ciphertext', 'Individual Number ciphertext'),
	('000000', 'ct_mac', 'vault MAC'),
	('000000', 'blind_index', 'keyed hash of the Individual Number'),
	('000000', 'key_id', 'vault key id'),
	('000000', 'name_key', 'search key derived from the name'),
	('000000', 'kana_key', 'search key derived from the furigana');

-- zeimu.receive_disclosure_request: telephone and FAX requests are not
-- accepted (seed 004 §10.8); the identity document is recorded.
CREATE FUNCTION @extschema@.receive_disclosure_request(p_lg_code @extschema@.lg_code, p_atena_no bigint,
		p_requester_kind text, p_requester_name text, p_channel text, p_id_method text)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	vid bigint;
	id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR coalesce(p_requester_name, '') = '' OR p_requester_kind IS NULL
	   OR p_channel IS NULL THEN
		RAISE EXCEPTION 'lg_code, atena_no, requester kind and name and channel are required' USING ERRCODE = '22004';
	END IF;
	IF p_channel IN ('phone', 'fax') THEN
		RAISE EXCEPTION 'disclosure requests by telephone or FAX are not accepted' USING ERRCODE = '22023',
			DETAIL = 'It cannot be confirmed that the requester is the person concerned.',
			HINT = 'The requester presents an identity document with the written form at the counter or by post.';
	END IF;
	IF p_channel <> ALL (ARRAY['counter', 'post']) THEN
		RAISE EXCEPTION 'channel must be counter or post' USING ERRCODE = '22023';
	END IF;
	IF p_requester_kind <> ALL (ARRAY['self', 'legal_representative', 'agent']) THEN
		RAISE EXCEPTION 'requester kind must be self, legal_representative or agent' USING ERRCODE = '22023';
	END IF;
	IF p_id_method IS NULL OR p_id_method <> ALL (ARRAY['mynumber_card', 'id_document']) THEN
		RAISE EXCEPTION 'a disclosure request needs an identity document (mynumber_card or id_document)' USING ERRCODE = '22023',
			DETAIL = '本人確認書類の提示 is required; an interview alone is not enough.';
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.person WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no) THEN
		RAISE EXCEPTION 'person % not found in municipality %', p_atena_no, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	vid := @extschema@.record_verification(p_lg_code, p_atena_no, p_id_method, @extschema@.provision_staff(),
										   CURRENT_DATE, 'disclosure request (' || p_requester_kind || ')');
	INSERT INTO @extschema@.disclosure_request (lg_code, atena_no, requester_kind, requester_name, channel,
												verification_id, received_by)
		VALUES (p_lg_code, p_atena_no, p_requester_kind, p_requester_name, p_channel, vid, @extschema@.provision_staff())
		RETURNING request_id INTO id;
	RETURN id;
END
$$;

CREATE FUNCTION @extschema@.close_disclosure_request(p_lg_code @extschema@.lg_code, p_request_id bigint, p_status text)
	RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	IF p_status IS NULL OR p_status <> ALL (ARRAY['answered', 'withdrawn']) THEN
		RAISE EXCEPTION 'status must be answered or withdrawn' USING ERRCODE = '22023';
	END IF;
	UPDATE @extschema@.disclosure_request SET status = p_status, closed_at = pg_catalog.now()
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND request_id = p_request_id AND status = 'in_progress';
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no disclosure request % in progress in municipality %', p_request_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
END
$$;

-- For the retention module: true while a disclosure request about the
-- person is in progress (its data must not be purged).
CREATE FUNCTION @extschema@.disclosure_in_progress(lg_code @extschema@.lg_code, atena_no bigint) RETURNS boolean
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(disclosure_in_progress.lg_code, ARRAY['provision', 'purge_operator']);
	RETURN EXISTS (SELECT FROM @extschema@.disclosure_request r
				   WHERE r.lg_code OPERATOR(@extschema@.=) disclosure_in_progress.lg_code AND r.atena_no = disclosure_in_progress.atena_no
					 AND r.status = 'in_progress');
END
$$;
COMMENT ON FUNCTION @extschema@.disclosure_in_progress(@extschema@.lg_code, bigint) IS
	'true while a disclosure request about the person is in progress (hold against purge)';

-- zeimu.disclosure_report: everything zeimu holds about the person of a
-- request in progress, as one jsonb document:
--   person             the registry row
--   mynumber           {"linked": bool, "masked": "********NNNN"} (revealed through the vault, logged)
--   tables             every table of schema zeimu with lg_code and atena_no
--                      columns (found in the catalogue, so later modules'
--                      levy/collection tables are included without change),
--                      rows of the person, excluded columns removed
--   related            relations where the person is the related party
--   provisions         the provision/transfer records that carried the person's data
--   access_log         who obtained the person's identifying data, when, why
-- The report itself is logged (access_log + disclosure_report_log).
CREATE FUNCTION @extschema@.disclosure_report(p_lg_code @extschema@.lg_code, p_request_id bigint)
	RETURNS jsonb
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	req @extschema@.disclosure_request;
	a bigint;
	t record;
	rows jsonb;
	tables jsonb := '{}';
	excluded text[];
	mn @extschema@.mynumber;
	rep jsonb;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['provision']);
	SELECT * INTO req FROM @extschema@.disclosure_request WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND request_id = p_request_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'disclosure request % not found in municipality %', p_request_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF req.status <> 'in_progress' THEN
		RAISE EXCEPTION 'disclosure request % is %', p_request_id, req.status USING ERRCODE = '55000';
	END IF;
	a := req.atena_no;
	SELECT pg_catalog.array_agg(DISTINCT column_name) INTO excluded FROM @extschema@.disclosure_excluded_column
		WHERE lg_code OPERATOR(@extschema@.=) ANY (ARRAY[p_lg_code, '000000'::@extschema@.lg_code]);

	FOR t IN
		SELECT c.oid::regclass AS rel, c.relname
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace = '@extschema@'::regnamespace AND c.relkind IN ('r', 'p')
		  AND c.relname <> ALL (ARRAY['person', 'mynumber_vault', 'link_review', 'access_log', 'disclosure_report_log'])
		  AND EXISTS (SELECT FROM pg_catalog.pg_attribute x WHERE x.attrelid = c.oid AND x.attname = 'lg_code' AND NOT x.attisdropped)
		  AND EXISTS (SELECT FROM pg_catalog.pg_attribute x WHERE x.attrelid = c.oid AND x.attname = 'atena_no' AND NOT x.attisdropped)
		ORDER BY c.relname
	LOOP
		EXECUTE pg_catalog.format(
			'SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(t) - $3 ORDER BY pg_catalog.to_jsonb(t)::text) FROM %s t '
			'WHERE t.lg_code OPERATOR(@extschema@.=) $1 AND t.atena_no = $2', t.rel)
			INTO rows USING p_lg_code, a, coalesce(excluded, '{}');
		IF rows IS NOT NULL THEN
			tables := tables || pg_catalog.jsonb_build_object(t.relname, rows);
		END IF;
	END LOOP;

	mn := @extschema@.reveal_mynumber(p_lg_code, a, 'disclosure');

	rep := pg_catalog.jsonb_build_object(
		'request', pg_catalog.jsonb_build_object('lg_code', p_lg_code, 'request_id', p_request_id, 'atena_no', a,
												  'received_on', req.received_on, 'produced_at', pg_catalog.now()),
		'person', (SELECT pg_catalog.to_jsonb(p) - coalesce(excluded, '{}') FROM @extschema@.person p
				   WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no = a),
		'mynumber', pg_catalog.jsonb_build_object('linked', mn IS NOT NULL,
												  'masked', CASE WHEN mn IS NOT NULL THEN @extschema@.mynumber_mask(mn) END),
		'tables', tables,
		'related', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('relation_id', r.relation_id,
						'kind', r.kind, 'of_atena_no', r.atena_no, 'started_on', r.started_on, 'ended_on', r.ended_on)
						ORDER BY r.relation_id), '[]')
					FROM @extschema@.person_relation r WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.related_atena_no = a),
		'provisions', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('provision_id', pr.provision_id,
						'direction', pr.direction, 'recipient', rc.name, 'legal_article', pr.legal_article,
						'items', pr.items, 'provided_on', pr.provided_on, 'medium', pr.medium)
						ORDER BY pr.provision_id), '[]')
					FROM @extschema@.provision_record_subject s
					JOIN @extschema@.provision_record pr ON pr.lg_code OPERATOR(@extschema@.=) s.lg_code AND pr.provision_id = s.provision_id
					JOIN @extschema@.provision_recipient rc ON rc.lg_code OPERATOR(@extschema@.=) pr.lg_code AND rc.recipient_code = pr.recipient_code
					WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.atena_no = a),
		'access_log', (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('logged_at', l.logged_at,
						'function', l.function_name, 'purpose', l.purpose, 'staff_id', l.staff_id,
						'user', l.session_user_name) ORDER BY l.seq), '[]')
					FROM @extschema@.access_log l WHERE l.lg_code OPERATOR(@extschema@.=) p_lg_code AND l.atena_no = a));

	PERFORM @extschema@.log_access(p_lg_code, a, 'disclosure_report', 'disclosure');
	INSERT INTO @extschema@.disclosure_report_log (lg_code, request_id, atena_no, produced_by, sections, report_sha256)
		VALUES (p_lg_code, p_request_id, a, @extschema@.provision_staff(),
				ARRAY(SELECT pg_catalog.jsonb_object_keys(rep) UNION SELECT 'tables.' || pg_catalog.jsonb_object_keys(tables) ORDER BY 1),
				pg_catalog.sha256(pg_catalog.convert_to(rep::text, 'UTF8')));
	RETURN rep;
END
$$;
COMMENT ON FUNCTION @extschema@.disclosure_report(@extschema@.lg_code, bigint) IS
	'everything zeimu holds about the person of a disclosure request, as jsonb; logged';
