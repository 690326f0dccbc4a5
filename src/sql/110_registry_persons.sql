-- registry: person maintenance, relations, identity verification, name
-- search and basic-information matching.

-- Stamps and history on every person change.  The row as it was goes to
-- person_history; who/when are taken from the session, the business date
-- from the new row when the caller changed it, otherwise today.
CREATE FUNCTION @extschema@.person_before_update() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NEW.lg_code OPERATOR(@extschema@.<>) OLD.lg_code OR NEW.atena_no <> OLD.atena_no THEN
		RAISE EXCEPTION 'an atena number cannot be changed'
			USING ERRCODE = '22023',
				  DETAIL = 'Atena numbers are permanent; create a new person and record a relation instead.';
	END IF;
	INSERT INTO @extschema@.person_history (lg_code, atena_no, changed_by, changed_at, business_date, old_row)
		VALUES (OLD.lg_code, OLD.atena_no, pg_catalog."current_user"(), pg_catalog.now(),
				OLD.business_date, pg_catalog.to_jsonb(OLD));
	NEW.created_by := OLD.created_by;
	NEW.created_at := OLD.created_at;
	NEW.updated_by := pg_catalog."current_user"();
	NEW.updated_at := pg_catalog.now();
	IF NEW.business_date = OLD.business_date THEN
		NEW.business_date := CURRENT_DATE;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER person_before_update BEFORE UPDATE ON @extschema@.person
	FOR EACH ROW EXECUTE FUNCTION @extschema@.person_before_update();

-- Relations and identity verifications are history: never overwritten.
CREATE FUNCTION @extschema@.relation_guard() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		RAISE EXCEPTION 'relations are history and cannot be deleted'
			USING ERRCODE = '42501', HINT = 'End the relation with zeimu.end_relation.';
	END IF;
	IF OLD.ended_on IS NOT NULL
	   OR (pg_catalog.to_jsonb(NEW) - ARRAY['ended_on', 'ended_by'])
		  <> (pg_catalog.to_jsonb(OLD) - ARRAY['ended_on', 'ended_by']) THEN
		RAISE EXCEPTION 'relation % cannot be changed', OLD.relation_id
			USING ERRCODE = '42501',
				  DETAIL = 'A relation can only be ended once; its other fields are history.',
				  HINT = 'Record a new relation with zeimu.add_relation.';
	END IF;
	NEW.ended_by := pg_catalog."current_user"();
	RETURN NEW;
END
$$;
CREATE TRIGGER relation_guard BEFORE UPDATE OR DELETE ON @extschema@.person_relation
	FOR EACH ROW EXECUTE FUNCTION @extschema@.relation_guard();

CREATE FUNCTION @extschema@.history_guard() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION '% rows are history and cannot be changed or deleted', TG_TABLE_NAME
		USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER history_guard BEFORE UPDATE OR DELETE ON @extschema@.identity_verification
	FOR EACH ROW EXECUTE FUNCTION @extschema@.history_guard();
CREATE TRIGGER history_guard BEFORE UPDATE OR DELETE ON @extschema@.person_history
	FOR EACH ROW EXECUTE FUNCTION @extschema@.history_guard();

-- zeimu.add_relation: records a relation from today (or started_on).
CREATE FUNCTION @extschema@.add_relation(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_related_atena_no bigint,
										 p_kind text, p_started_on date DEFAULT CURRENT_DATE,
										 p_note text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
BEGIN
	IF p_kind IS NULL OR NOT (p_kind = ANY (ARRAY['tax_agent', 'addressee', 'heir', 'coowner_representative'])) THEN
		RAISE EXCEPTION 'unknown relation kind "%"', p_kind
			USING ERRCODE = '22023', HINT = 'Use tax_agent, addressee, heir or coowner_representative.';
	END IF;
	INSERT INTO @extschema@.person_relation (lg_code, atena_no, related_atena_no, kind, started_on, note)
		VALUES (p_lg_code, p_atena_no, p_related_atena_no, p_kind, p_started_on, p_note)
		RETURNING relation_id INTO v_id;
	RETURN v_id;
END
$$;

-- zeimu.end_relation: ends a relation (once).
CREATE FUNCTION @extschema@.end_relation(p_lg_code @extschema@.lg_code, p_relation_id bigint,
										 p_ended_on date DEFAULT CURRENT_DATE)
	RETURNS void
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	UPDATE @extschema@.person_relation SET ended_on = p_ended_on
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND relation_id = p_relation_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'relation % not found in municipality %', p_relation_id, p_lg_code
			USING ERRCODE = 'P0002';
	END IF;
END
$$;

-- zeimu.record_verification: records an identity verification (本人確認).
CREATE FUNCTION @extschema@.record_verification(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_method text,
												p_staff_id text, p_verified_on date DEFAULT CURRENT_DATE,
												p_note text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
BEGIN
	IF p_method IS NULL OR NOT (p_method = ANY (ARRAY['mynumber_card', 'notification_card', 'id_document', 'interview'])) THEN
		RAISE EXCEPTION 'unknown verification method "%"', p_method
			USING ERRCODE = '22023', HINT = 'Use mynumber_card, notification_card, id_document or interview.';
	END IF;
	IF p_staff_id IS NULL OR p_staff_id = '' THEN
		RAISE EXCEPTION 'the verifying staff id is required' USING ERRCODE = '22023';
	END IF;
	INSERT INTO @extschema@.identity_verification (lg_code, atena_no, method, staff_id, verified_on, note)
		VALUES (p_lg_code, p_atena_no, p_method, p_staff_id, p_verified_on, p_note)
		RETURNING verification_id INTO v_id;
	RETURN v_id;
END
$$;

-- ---------------------------------------------------------------------------
-- The access-log writer for SQL functions (src/access_log.c).
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.log_access(lg_code @extschema@.lg_code, atena_no bigint, function_name text, purpose text)
	RETURNS void
	AS 'MODULE_PATHNAME', 'access_log_write_sql' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.log_access(@extschema@.lg_code, bigint, text, text) IS 'appends one access-log row attributed to the calling session';

-- zeimu.find_persons_by_name: persons whose normalised name (and furigana,
-- when given) match; one access-log row per person returned.
CREATE FUNCTION @extschema@.find_persons_by_name(p_lg_code @extschema@.lg_code, p_name text, p_name_kana text DEFAULT NULL,
												 p_purpose text DEFAULT NULL)
	RETURNS TABLE (atena_no bigint, name text, name_kana text, sex smallint, birth_date date,
				   address text, death_date date)
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r record;
BEGIN
	IF p_name IS NULL AND p_name_kana IS NULL THEN
		RAISE EXCEPTION 'a name or a furigana is required' USING ERRCODE = '22023';
	END IF;
	FOR r IN
		SELECT p.atena_no, p.name, p.name_kana, p.sex, p.birth_date, p.address, p.death_date
		  FROM @extschema@.person p
		 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND (p_name IS NULL OR p.name_key = @extschema@.normalize_name(p_name))
		   AND (p_name_kana IS NULL OR p.kana_key = @extschema@.normalize_kana(p_name_kana))
		 ORDER BY p.atena_no
		 LIMIT 1000
	LOOP
		PERFORM @extschema@.log_access(p_lg_code, r.atena_no, 'find_persons_by_name', p_purpose);
		atena_no := r.atena_no; name := r.name; name_kana := r.name_kana; sex := r.sex;
		birth_date := r.birth_date; address := r.address; death_date := r.death_date;
		RETURN NEXT;
	END LOOP;
END
$$;

-- zeimu.match_basic_info: the one person whose basic items all match a
-- record received from another body (seed 000 req. 43), after
-- normalisation; NULL when none or more than one matches -- the caller
-- then queues the record for a clerk.  Name, sex, birth date and address
-- are required; furigana is compared when given.
CREATE FUNCTION @extschema@.match_basic_info(p_lg_code @extschema@.lg_code, p_name text, p_name_kana text, p_sex smallint,
											 p_birth_date date, p_address text)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_ids bigint[];
BEGIN
	IF p_name IS NULL OR p_sex IS NULL OR p_birth_date IS NULL OR p_address IS NULL THEN
		RAISE EXCEPTION 'name, sex, birth date and address are required for matching'
			USING ERRCODE = '22023', HINT = 'A record missing a basic item cannot be matched; queue it for a clerk.';
	END IF;
	SELECT pg_catalog.array_agg(p.atena_no) INTO v_ids
	  FROM (SELECT p.atena_no
			  FROM @extschema@.person p
			 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code
			   AND p.birth_date = p_birth_date
			   AND p.name_key = @extschema@.normalize_name(p_name)
			   AND p.sex = p_sex
			   AND @extschema@.normalize_name(p.address) = @extschema@.normalize_name(p_address)
			   AND (p_name_kana IS NULL OR p.kana_key = @extschema@.normalize_kana(p_name_kana))
			 LIMIT 2) p;
	IF pg_catalog.cardinality(v_ids) = 1 THEN
		PERFORM @extschema@.log_access(p_lg_code, v_ids[1], 'match_basic_info', NULL);
		RETURN v_ids[1];
	END IF;
	RETURN NULL;
END
$$;
