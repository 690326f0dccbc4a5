-- registry: the Individual Number vault (src/vault_crypto.c), the review
-- queue, same-person candidates, the integrated atena check and key
-- rotation.

CREATE FUNCTION @extschema@.link_mynumber(lg_code @extschema@.lg_code, atena_no bigint, mynumber @extschema@.mynumber,
										  source text, verification bigint DEFAULT NULL)
	RETURNS text
	AS 'MODULE_PATHNAME', 'vault_link_mynumber' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.link_mynumber(@extschema@.lg_code, bigint, @extschema@.mynumber, text, bigint) IS
	'links an Individual Number to a person: linked | unchanged; ZR001/ZR002 + a review row on conflict';

CREATE FUNCTION @extschema@.find_person_by_mynumber(lg_code @extschema@.lg_code, mynumber @extschema@.mynumber, purpose text)
	RETURNS bigint
	AS 'MODULE_PATHNAME', 'vault_find_person' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.find_person_by_mynumber(@extschema@.lg_code, @extschema@.mynumber, text) IS
	'the atena number holding this Individual Number (blind-index lookup), or NULL; logged';

CREATE FUNCTION @extschema@.reveal_mynumber(lg_code @extschema@.lg_code, atena_no bigint, purpose text)
	RETURNS @extschema@.mynumber
	AS 'MODULE_PATHNAME', 'vault_reveal_mynumber' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.reveal_mynumber(@extschema@.lg_code, bigint, text) IS
	'decrypts a person''s Individual Number for a registered purpose; logged';

CREATE FUNCTION @extschema@.mynumber_blind_indexes(@extschema@.mynumber)
	RETURNS bytea[]
	AS 'MODULE_PATHNAME', 'vault_blind_indexes' LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION @extschema@.mynumber_blind_indexes(@extschema@.mynumber) IS
	'blind indexes under every loaded key; superuser only (an oracle for guessing numbers)';

CREATE FUNCTION @extschema@.vault_reencrypt_batch(lg_code @extschema@.lg_code, batch_size integer)
	RETURNS integer
	AS 'MODULE_PATHNAME', 'vault_reencrypt_batch' LANGUAGE C VOLATILE STRICT;

CREATE FUNCTION @extschema@.vault_check_row(lg_code @extschema@.lg_code, atena_no bigint)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'vault_check_row' LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION @extschema@.vault_check_row(@extschema@.lg_code, bigint) IS
	'true when the vault row passes its MAC check (XX001 otherwise), false when there is none; reveals nothing';

-- zeimu.rotate_mynumber_keys: re-encrypts every vault row not under the
-- active key, batch_size rows per transaction (src/registry_batches.c
-- commits after each call of rotate_mynumber_keys_batch).  Idempotent and
-- resumable: a second call finds nothing left; an interrupted call is simply
-- repeated.
CREATE FUNCTION @extschema@.rotate_mynumber_keys_batch(p_lg_code @extschema@.lg_code, p_batch_size integer)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_batch_size IS NULL OR p_batch_size < 1 THEN
		RAISE EXCEPTION 'batch_size must be at least 1' USING ERRCODE = '22023';
	END IF;
	-- One batch at a time per municipality; a concurrent call waits.
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu rotate_mynumber_keys ' || p_lg_code));
	RETURN @extschema@.vault_reencrypt_batch(p_lg_code, p_batch_size);
END
$$;
CREATE PROCEDURE @extschema@.rotate_mynumber_keys(lg_code @extschema@.lg_code, batch_size integer DEFAULT 10000)
	AS 'MODULE_PATHNAME', 'registry_rotate_keys' LANGUAGE C;
COMMENT ON PROCEDURE @extschema@.rotate_mynumber_keys(@extschema@.lg_code, integer) IS
	're-encrypts the vault under the active key in batches (COMMIT between batches)';

-- ---------------------------------------------------------------------------
-- Review queue resolution
-- ---------------------------------------------------------------------------
-- resolution: 'rejected' (the offered number was wrong: nothing changes),
-- 'relinked' (the offered number replaces the person's number; for a number
-- linked elsewhere, it is taken from the other person), 'same_person' (the
-- two atena numbers are one person: the pair is recorded as a same-person
-- decision, both kept, the number stays where it is).
CREATE FUNCTION @extschema@.resolve_link_review(p_lg_code @extschema@.lg_code, p_review_id bigint, p_resolution text,
												p_note text DEFAULT NULL)
	RETURNS text
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.link_review;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['levy']);
	SELECT * INTO r FROM @extschema@.link_review
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND review_id = p_review_id
	 FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'review % not found in municipality %', p_review_id, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF r.status <> 'open' THEN
		RAISE EXCEPTION 'review % is already resolved (%)', p_review_id, r.status
			USING ERRCODE = '55000', HINT = 'A resolved review cannot be resolved again.';
	END IF;
	IF p_resolution IS NULL OR NOT (p_resolution = ANY (ARRAY['rejected', 'relinked', 'same_person'])) THEN
		RAISE EXCEPTION 'unknown resolution "%"', p_resolution
			USING ERRCODE = '22023', HINT = 'Use rejected, relinked or same_person.';
	END IF;
	IF p_resolution = 'same_person' AND r.other_atena_no IS NULL THEN
		RAISE EXCEPTION 'review % concerns one person only', p_review_id
			USING ERRCODE = '22023', HINT = 'same_person applies to a number linked to another person.';
	END IF;

	IF p_resolution = 'relinked' THEN
		IF r.other_atena_no IS NOT NULL THEN
			DELETE FROM @extschema@.mynumber_vault
			 WHERE lg_code OPERATOR(@extschema@.=) r.lg_code AND atena_no = r.other_atena_no;
		END IF;
		DELETE FROM @extschema@.mynumber_vault
		 WHERE lg_code OPERATOR(@extschema@.=) r.lg_code AND atena_no = r.atena_no;
		-- The review row's MAC is bound to (lg_code, atena_no), so it is valid in the vault.
		INSERT INTO @extschema@.mynumber_vault (lg_code, atena_no, key_id, blind_index, ciphertext, ct_mac, source, linked_by)
			VALUES (r.lg_code, r.atena_no, r.key_id, r.blind_index, r.ciphertext, r.ct_mac,
					r.source || ' (review ' || r.review_id || ')',
					pg_catalog.session_user());
	ELSIF p_resolution = 'same_person' THEN
		PERFORM @extschema@.decide_same_person(r.lg_code, r.atena_no, r.other_atena_no, 'same',
											   pg_catalog.concat('review ', r.review_id, ': ', p_note));
	END IF;

	UPDATE @extschema@.link_review
	   SET status = p_resolution, resolved_by = pg_catalog.session_user(), resolved_at = pg_catalog.now(),
		   resolution_note = p_note
	 WHERE lg_code OPERATOR(@extschema@.=) r.lg_code AND review_id = r.review_id;
	RETURN p_resolution;
END
$$;

-- ---------------------------------------------------------------------------
-- Same-person candidates (同一人チェック)
-- ---------------------------------------------------------------------------
-- zeimu.refresh_same_person_candidates: adds new candidate pairs from (a)
-- refused links of a number held by another person and (b) persons with the
-- same normalised name, birth date and sex.  Pairs already present --
-- decided or not -- are left as they are, so a clerk's decision is never
-- proposed again.  Returns the number of new pairs.
CREATE FUNCTION @extschema@.refresh_same_person_candidates(p_lg_code @extschema@.lg_code)
	RETURNS bigint
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_n bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['levy']);
	INSERT INTO @extschema@.same_person_candidate (lg_code, atena_no_a, atena_no_b, reason)
	SELECT DISTINCT ON (a, b) p_lg_code, a, b, reason
	  FROM (SELECT least(r.atena_no, r.other_atena_no) AS a,
				   greatest(r.atena_no, r.other_atena_no) AS b,
				   'same_mynumber' AS reason, 1 AS pri
			  FROM @extschema@.link_review r
			 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.other_atena_no IS NOT NULL
			UNION ALL
			SELECT p.atena_no, q.atena_no, 'same_basic_items', 2
			  FROM @extschema@.person p
			  JOIN @extschema@.person q
				ON q.lg_code OPERATOR(@extschema@.=) p.lg_code
			   AND q.birth_date = p.birth_date
			   AND q.name_key = p.name_key
			   AND q.sex = p.sex
			   AND q.atena_no > p.atena_no
			 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.kind = 'individual') c
	 ORDER BY a, b, pri
	ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS v_n = ROW_COUNT;
	RETURN v_n;
END
$$;

-- zeimu.decide_same_person: a clerk's decision on a pair ('same' = 関連宛名:
-- both atena numbers are kept and linked; 'different').  Records the pair
-- when it was not a candidate yet.  A decision can be changed only by a
-- new call, which keeps who and when.
CREATE FUNCTION @extschema@.decide_same_person(p_lg_code @extschema@.lg_code, p_atena_no_1 bigint, p_atena_no_2 bigint,
											   p_decision text, p_note text DEFAULT NULL)
	RETURNS void
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_decision IS NULL OR NOT (p_decision = ANY (ARRAY['same', 'different'])) THEN
		RAISE EXCEPTION 'unknown decision "%"', p_decision USING ERRCODE = '22023', HINT = 'Use same or different.';
	END IF;
	IF p_atena_no_1 = p_atena_no_2 THEN
		RAISE EXCEPTION 'a pair needs two different atena numbers' USING ERRCODE = '22023';
	END IF;
	INSERT INTO @extschema@.same_person_candidate AS c (lg_code, atena_no_a, atena_no_b, reason, decision, decided_by, decided_at, note)
		VALUES (p_lg_code, least(p_atena_no_1, p_atena_no_2), greatest(p_atena_no_1, p_atena_no_2),
				'same_basic_items', p_decision, pg_catalog.session_user(), pg_catalog.now(), p_note)
	ON CONFLICT (lg_code, atena_no_a, atena_no_b) DO UPDATE
		SET decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by,
			decided_at = EXCLUDED.decided_at, note = EXCLUDED.note;
END
$$;

-- Related atena numbers (関連宛名): pairs a clerk decided are one person.
CREATE VIEW @extschema@.related_atena WITH (security_invoker = true) AS
	SELECT lg_code, atena_no_a, atena_no_b, decided_by, decided_at, note
	  FROM @extschema@.same_person_candidate
	 WHERE decision = 'same';

-- ---------------------------------------------------------------------------
-- Integrated atena number consistency
-- ---------------------------------------------------------------------------
-- Problems reported:
--   integrated_no_with_different_numbers: persons sharing an integrated
--     number carry different Individual Numbers (compared by blind index
--     under the same key);
--   same_number_different_integrated_no: a refused link or a same-person
--     decision shows one number / one person under two integrated numbers;
--   linked_without_integrated_no: a person holds a number but has no
--     integrated number.
CREATE FUNCTION @extschema@.check_integrated_atena(p_lg_code @extschema@.lg_code)
	RETURNS TABLE (atena_no bigint, integrated_no bigint, problem text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	-- PL/pgSQL (not an SQL body) so that it can call the access gate, created later (295).
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['levy']);
	RETURN QUERY
	SELECT DISTINCT i.atena_no, i.integrated_no, 'integrated_no_with_different_numbers'::text
	  FROM @extschema@.integrated_atena i
	  JOIN @extschema@.mynumber_vault v ON v.lg_code OPERATOR(@extschema@.=) i.lg_code AND v.atena_no = i.atena_no
	  JOIN @extschema@.integrated_atena j ON j.lg_code OPERATOR(@extschema@.=) i.lg_code
		   AND j.integrated_no = i.integrated_no AND j.atena_no <> i.atena_no
	  JOIN @extschema@.mynumber_vault w ON w.lg_code OPERATOR(@extschema@.=) j.lg_code AND w.atena_no = j.atena_no
	 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code
	   AND w.key_id = v.key_id
	   AND w.blind_index <> v.blind_index
	UNION
	SELECT x.atena_no, i.integrated_no, 'same_number_different_integrated_no'
	  FROM (SELECT c.atena_no_a AS atena_no, c.atena_no_b AS other FROM @extschema@.same_person_candidate c
			 WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.decision = 'same'
			UNION ALL
			SELECT c.atena_no_b, c.atena_no_a FROM @extschema@.same_person_candidate c
			 WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.decision = 'same'
			UNION ALL
			SELECT r.atena_no, r.other_atena_no FROM @extschema@.link_review r
			 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.other_atena_no IS NOT NULL
			   AND r.status <> 'rejected') x
	  JOIN @extschema@.integrated_atena i ON i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.atena_no = x.atena_no
	  JOIN @extschema@.integrated_atena j ON j.lg_code OPERATOR(@extschema@.=) p_lg_code AND j.atena_no = x.other
	 WHERE i.integrated_no <> j.integrated_no
	UNION
	SELECT v.atena_no, NULL::bigint, 'linked_without_integrated_no'
	  FROM @extschema@.mynumber_vault v
	 WHERE v.lg_code OPERATOR(@extschema@.=) p_lg_code
	   AND NOT EXISTS (SELECT FROM @extschema@.integrated_atena i
					   WHERE i.lg_code OPERATOR(@extschema@.=) v.lg_code AND i.atena_no = v.atena_no)
	ORDER BY 1, 3;
END
$$;

-- Results of the daily check, one set per municipality and day.
CREATE TABLE @extschema@.integrated_atena_issue (
	lg_code			@extschema@.lg_code NOT NULL,
	check_date		date NOT NULL,
	atena_no		bigint NOT NULL,
	problem			text NOT NULL,
	integrated_no	bigint,
	PRIMARY KEY (lg_code, check_date, atena_no, problem)
);
ALTER TABLE @extschema@.integrated_atena_issue ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.integrated_atena_issue FORCE ROW LEVEL SECURITY;
CREATE POLICY registry_interim_all ON @extschema@.integrated_atena_issue TO zeimu_registry USING (true) WITH CHECK (true);

-- zeimu.run_integrated_atena_check: the daily job (pg_cron, doc/registry.md).
-- Idempotent: a second run on the same day replaces that day's result.
CREATE PROCEDURE @extschema@.run_integrated_atena_check(p_lg_code @extschema@.lg_code)
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_n bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['levy']);
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('zeimu integrated_atena_check ' || p_lg_code)) THEN
		RAISE EXCEPTION 'the integrated atena check for % is already running', p_lg_code USING ERRCODE = '55P03';
	END IF;
	DELETE FROM @extschema@.integrated_atena_issue
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND check_date = CURRENT_DATE;
	INSERT INTO @extschema@.integrated_atena_issue (lg_code, check_date, atena_no, problem, integrated_no)
	SELECT p_lg_code, CURRENT_DATE, c.atena_no, c.problem, c.integrated_no
	  FROM @extschema@.check_integrated_atena(p_lg_code) c;
	GET DIAGNOSTICS v_n = ROW_COUNT;
	RAISE NOTICE 'zeimu.run_integrated_atena_check: % problems found for municipality %', v_n, p_lg_code;
END
$$;
