-- levy (inhabitant tax): the outputs that carry the Individual Number and
-- leave the city, through the provision module (src/sql/700-730,
-- zeimu.provide): the number is decrypted only inside the extract (vault,
-- one access-log row per person), the provision record keeps recipient,
-- basis, items, persons and the SHA-256 of the extract — never the number,
-- and neither do the tables below.
--   294条3項通知: documents received here for a person who lived in another
--     municipality on 1 January (the forwarding list, src/sql/450) go to that
--     municipality (recipient other_municipality, basis bangou_19_10:
--     番号法19条10号, 施行令22条, 地方税法294条3項).
--   資料連絡箋: information for the tax office found in the levy (e.g. a
--     dependant claimed twice, zeimu.tax_document_crosscheck) goes to the
--     国税庁長官 (recipient nta_income, basis bangou_19_10; seed 001 §8.1 #2).
-- This file runs after the provision module's; it adds two function items to
-- the catalogue (lg_code 000000, copied by zeimu.provision_seed) and permits
-- them for those two recipients.
-- See doc/levy-inhabitant.md, "Outputs with the Individual Number".

INSERT INTO @extschema@.provision_item (lg_code, item_code, label, source_kind, source_ref, check_kind) VALUES
	('000000', 'inhabitant_forwarded_documents', '課税資料 (地方税法294条3項 通知)', 'function', 'inhabitant_forwarding_item', 'object'),
	('000000', 'inhabitant_liaison', '資料連絡箋 (個人住民税の課税情報)', 'function', 'inhabitant_liaison_item', 'object');
INSERT INTO @extschema@.provision_permitted_item (lg_code, recipient_code, basis_code, item_code, mandatory) VALUES
	('000000', 'other_municipality', 'bangou_19_10', 'inhabitant_forwarded_documents', false),
	('000000', 'nta_income', 'bangou_19_10', 'inhabitant_liaison', false);

-- ---------------------------------------------------------------------------
-- 294条3項: one row per forwarded document.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.inhabitant_forwarding (
	lg_code			@extschema@.lg_code NOT NULL,
	document_id		bigint NOT NULL,
	atena_no		bigint NOT NULL,
	fiscal_year		integer NOT NULL,
	destination		@extschema@.lg_code NOT NULL,	-- the municipality of residence on 1 January
	provision_id	bigint NOT NULL,
	forwarded_on	date NOT NULL DEFAULT CURRENT_DATE,
	forwarded_by	text NOT NULL DEFAULT pg_catalog."current_user"(),
	PRIMARY KEY (lg_code, document_id),
	FOREIGN KEY (lg_code, document_id) REFERENCES @extschema@.tax_document (lg_code, document_id),
	FOREIGN KEY (lg_code, provision_id) REFERENCES @extschema@.provision_record (lg_code, provision_id),
	CHECK (destination <> lg_code)
);
CREATE INDEX ON @extschema@.inhabitant_forwarding (lg_code, atena_no, fiscal_year);
COMMENT ON TABLE @extschema@.inhabitant_forwarding IS '294条3項通知: which tax documents went to which municipality, by which provision record (no Individual Number)';

-- The documents on the forwarding list not yet forwarded, of one person, for
-- the fiscal year in the transaction setting zeimu_inhabitant.provision_fy
-- (set by zeimu.inhabitant_send_294_3; unset: every year).
CREATE FUNCTION @extschema@.inhabitant_forwarding_pending(p_lg_code @extschema@.lg_code, p_atena_no bigint)
	RETURNS TABLE (document_id bigint, fiscal_year integer, kind text, facts jsonb, source text, received_on date,
		employer_name text, employer_no text)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT d.document_id, d.fiscal_year, d.kind, d.facts, d.source, d.received_on, d.employer_name, d.employer_no
	  FROM @extschema@.tax_document_forwarding f
	  JOIN @extschema@.tax_document d ON d.lg_code OPERATOR(@extschema@.=) f.lg_code AND d.document_id OPERATOR(pg_catalog.=) f.document_id
	 WHERE f.lg_code OPERATOR(@extschema@.=) p_lg_code AND f.atena_no OPERATOR(pg_catalog.=) p_atena_no
	   AND (NULLIF(pg_catalog.current_setting('zeimu_inhabitant.provision_fy', true), '') IS NULL
			OR f.fiscal_year OPERATOR(pg_catalog.=) pg_catalog.current_setting('zeimu_inhabitant.provision_fy', true)::integer)
	   AND NOT EXISTS (SELECT FROM @extschema@.inhabitant_forwarding x
					   WHERE x.lg_code OPERATOR(@extschema@.=) f.lg_code AND x.document_id OPERATOR(pg_catalog.=) f.document_id)
	 ORDER BY d.fiscal_year, d.received_on, d.document_id
$$;

-- The extract item: the pending documents as received (facts in the input
-- keys of zeimu.inhabitant_tax).
CREATE FUNCTION @extschema@.inhabitant_forwarding_item(p_lg_code @extschema@.lg_code, p_atena_no bigint)
	RETURNS jsonb
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('document_id', p.document_id,
			'fiscal_year', p.fiscal_year, 'income_year', p.fiscal_year OPERATOR(pg_catalog.-) 1, 'kind', p.kind,
			'facts', p.facts, 'source', p.source, 'received_on', p.received_on,
			'employer_name', p.employer_name, 'employer_no', p.employer_no) ORDER BY p.fiscal_year, p.received_on, p.document_id),
		'[]'::jsonb)
	  FROM @extschema@.inhabitant_forwarding_pending(p_lg_code, p_atena_no) p
$$;

-- zeimu.inhabitant_send_294_3: one extract to one municipality for the
-- persons given (those who lived there on 1 January), then the forwarded
-- documents are recorded.  A person's documents are forwarded once.
CREATE FUNCTION @extschema@.inhabitant_send_294_3(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_destination @extschema@.lg_code, p_atena_nos bigint[], p_password text DEFAULT NULL)
	RETURNS @extschema@.provision_extract
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	SET log_min_error_statement = panic	-- the statement may hold the recipient's password
AS $$
DECLARE
	v_persons bigint[];
	v_missing bigint[];
	v_res @extschema@.provision_extract;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_destination IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year and destination must not be null';
	END IF;
	IF p_destination OPERATOR(@extschema@.=) p_lg_code THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a 294-3 notice goes to another municipality',
			DETAIL = 'The destination is the municipality itself.';
	END IF;
	SELECT pg_catalog.array_agg(DISTINCT x ORDER BY x) INTO v_persons FROM pg_catalog.unnest(p_atena_nos) x WHERE x IS NOT NULL;
	IF v_persons IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a 294-3 notice needs at least one person';
	END IF;
	PERFORM pg_catalog.set_config('zeimu_inhabitant.provision_fy', p_fiscal_year::text, true);
	SELECT pg_catalog.array_agg(x ORDER BY x) INTO v_missing FROM pg_catalog.unnest(v_persons) x
	 WHERE NOT EXISTS (SELECT FROM @extschema@.inhabitant_forwarding_pending(p_lg_code, x));
	IF v_missing IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = pg_catalog.format('person(s) %s have no document to forward for fiscal year %s',
				pg_catalog.array_to_string(v_missing, ', '), p_fiscal_year),
			DETAIL = 'Only current documents of persons who were not residents on 1 January and were not forwarded yet are sent.',
			HINT = 'See zeimu.tax_document_forwarding and zeimu.inhabitant_forwarding.';
	END IF;
	v_res := @extschema@.provide(p_lg_code, 'other_municipality', 'bangou_19_10',
		ARRAY['mynumber', 'name', 'sex', 'birth_date', 'address', 'inhabitant_forwarded_documents'], v_persons, p_password);
	INSERT INTO @extschema@.inhabitant_forwarding (lg_code, document_id, atena_no, fiscal_year, destination, provision_id)
	SELECT p_lg_code, p.document_id, x, p.fiscal_year, p_destination, v_res.provision_id
	  FROM pg_catalog.unnest(v_persons) x, @extschema@.inhabitant_forwarding_pending(p_lg_code, x) p;
	PERFORM pg_catalog.set_config('zeimu_inhabitant.provision_fy', '', true);
	RETURN v_res;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_send_294_3(@extschema@.lg_code, integer, @extschema@.lg_code, bigint[], text) IS
	'地方税法294条3項 通知: forwards the pending documents of the persons to their municipality of 1 January through zeimu.provide';

-- ---------------------------------------------------------------------------
-- 資料連絡箋 to the tax office.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.inhabitant_liaison_slip (
	lg_code			@extschema@.lg_code NOT NULL,
	slip_id			bigint GENERATED ALWAYS AS IDENTITY,
	fiscal_year		integer NOT NULL CHECK (fiscal_year BETWEEN 2021 AND 2100),
	atena_no		bigint NOT NULL,
	reason			text NOT NULL CHECK (reason <> ''),
	detail			jsonb,				-- e.g. the cross-check finding
	created_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	provision_id	bigint,				-- set once, when sent
	sent_at			timestamptz,
	PRIMARY KEY (lg_code, slip_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person (lg_code, atena_no),
	FOREIGN KEY (lg_code, provision_id) REFERENCES @extschema@.provision_record (lg_code, provision_id),
	CHECK ((provision_id IS NULL) = (sent_at IS NULL))
);
CREATE INDEX ON @extschema@.inhabitant_liaison_slip (lg_code, fiscal_year, atena_no);
COMMENT ON TABLE @extschema@.inhabitant_liaison_slip IS '資料連絡箋 to the tax office: pending, then sent by a provision record (no Individual Number)';

-- Only the one-time sending may change a slip.
CREATE FUNCTION @extschema@.inhabitant_liaison_slip_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF OLD.provision_id IS NOT NULL OR NEW.provision_id IS NULL
	   OR (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) ARRAY['provision_id', 'sent_at'])
		  OPERATOR(pg_catalog.<>) (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) ARRAY['provision_id', 'sent_at']) THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = pg_catalog.format('liaison slip %s cannot be edited', OLD.slip_id),
			DETAIL = 'A slip is written once and marked sent once.';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER inhabitant_liaison_slip_guard BEFORE UPDATE ON @extschema@.inhabitant_liaison_slip
	FOR EACH ROW EXECUTE FUNCTION @extschema@.inhabitant_liaison_slip_guard();

CREATE FUNCTION @extschema@.inhabitant_liaison_add(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_atena_no bigint,
	p_reason text, p_detail jsonb DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_atena_no IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, fiscal year and atena number must not be null';
	END IF;
	IF p_reason IS NULL OR pg_catalog.btrim(p_reason) = '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a liaison slip needs a reason',
			HINT = 'Say what the tax office should look at, e.g. the cross-check code.';
	END IF;
	IF p_fiscal_year NOT BETWEEN 2021 AND 2100 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('fiscal year %s is not supported by the inhabitant tax', p_fiscal_year);
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.person p
				   WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002',
			MESSAGE = pg_catalog.format('person %s not found in municipality %s', p_atena_no, p_lg_code);
	END IF;
	IF p_detail IS NOT NULL AND pg_catalog.jsonb_typeof(p_detail) <> 'object' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the detail of a liaison slip must be a JSON object';
	END IF;
	IF p_detail IS NOT NULL AND EXISTS (SELECT FROM pg_catalog.regexp_matches(p_detail::text, '(?<![0-9])[0-9]{12}(?![0-9])', 'g') m
										 WHERE @extschema@.mynumber_is_valid(m[1])) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the detail of a liaison slip must not hold an Individual Number',
			DETAIL = 'The number is added from the vault when the slip is sent.';
	END IF;
	INSERT INTO @extschema@.inhabitant_liaison_slip (lg_code, fiscal_year, atena_no, reason, detail)
	VALUES (p_lg_code, p_fiscal_year, p_atena_no, p_reason, p_detail)
	RETURNING slip_id INTO v_id;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_liaison_add(@extschema@.lg_code, integer, bigint, text, jsonb) IS
	'資料連絡箋: records a pending slip for the tax office';

-- The extract item: the person's pending slips for the fiscal year in
-- zeimu_inhabitant.provision_fy, with the current assessment figures.
CREATE FUNCTION @extschema@.inhabitant_liaison_item(p_lg_code @extschema@.lg_code, p_atena_no bigint)
	RETURNS jsonb
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('slip_id', s.slip_id, 'fiscal_year', s.fiscal_year,
			'income_year', s.fiscal_year OPERATOR(pg_catalog.-) 1, 'reason', s.reason, 'detail', s.detail,
			'figures', (SELECT @extschema@.inhabitant_notice_figures(a.breakdown) FROM @extschema@.inhabitant_assessment_current a
						WHERE a.lg_code OPERATOR(@extschema@.=) s.lg_code AND a.fiscal_year OPERATOR(pg_catalog.=) s.fiscal_year
						  AND a.atena_no OPERATOR(pg_catalog.=) s.atena_no)) ORDER BY s.slip_id), '[]'::jsonb)
	  FROM @extschema@.inhabitant_liaison_slip s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.provision_id IS NULL
	   AND (NULLIF(pg_catalog.current_setting('zeimu_inhabitant.provision_fy', true), '') IS NULL
			OR s.fiscal_year OPERATOR(pg_catalog.=) pg_catalog.current_setting('zeimu_inhabitant.provision_fy', true)::integer)
$$;

-- zeimu.inhabitant_liaison_send: one extract to the tax office with every
-- pending slip of the fiscal year; the slips are marked sent.  NULL fields
-- (provision_id NULL, record_count 0) when nothing is pending.
CREATE FUNCTION @extschema@.inhabitant_liaison_send(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_password text DEFAULT NULL)
	RETURNS @extschema@.provision_extract
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	SET log_min_error_statement = panic	-- the statement may hold the recipient's password
AS $$
DECLARE
	v_persons bigint[];
	v_res @extschema@.provision_extract;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code and fiscal year must not be null';
	END IF;
	SELECT pg_catalog.array_agg(DISTINCT s.atena_no ORDER BY s.atena_no) INTO v_persons
	  FROM @extschema@.inhabitant_liaison_slip s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year AND s.provision_id IS NULL;
	IF v_persons IS NULL THEN
		v_res.record_count := 0;
		RETURN v_res;
	END IF;
	PERFORM pg_catalog.set_config('zeimu_inhabitant.provision_fy', p_fiscal_year::text, true);
	v_res := @extschema@.provide(p_lg_code, 'nta_income', 'bangou_19_10',
		ARRAY['mynumber', 'name', 'sex', 'birth_date', 'address', 'inhabitant_liaison'], v_persons, p_password);
	UPDATE @extschema@.inhabitant_liaison_slip s SET provision_id = v_res.provision_id, sent_at = pg_catalog.now()
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year AND s.provision_id IS NULL;
	PERFORM pg_catalog.set_config('zeimu_inhabitant.provision_fy', '', true);
	RETURN v_res;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_liaison_send(@extschema@.lg_code, integer, text) IS
	'資料連絡箋: sends the pending slips of a fiscal year to the tax office through zeimu.provide';

SELECT @extschema@.protect_person_table('@extschema@.inhabitant_forwarding'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.inhabitant_liaison_slip'::regclass);

-- Registered with the retention purge (class inhabitant_tax: end of the tax
-- year + 7 years; a record younger than that end starts from its own date).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('inhabitant_forwarding', 'inhabitant_tax',
		'GREATEST(pg_catalog.make_date(t.fiscal_year + 1, 3, 31), t.forwarded_on)', 't.atena_no', 444, 'inh-outputs');
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('inhabitant_liaison_slip', 'inhabitant_tax',
		'GREATEST(pg_catalog.make_date(t.fiscal_year + 1, 3, 31), pg_catalog.timezone(''Asia/Tokyo'', t.created_at)::date)',
		't.atena_no', 445, 'inh-outputs');

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT 'table' AS kind, t AS obj, p AS priv
		FROM pg_catalog.unnest(ARRAY['@extschema@.inhabitant_forwarding', '@extschema@.inhabitant_liaison_slip']) t,
			pg_catalog.unnest(ARRAY['SELECT', 'INSERT']) p
		UNION ALL
		SELECT 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.inhabitant_send_294_3(@extschema@.lg_code, integer, @extschema@.lg_code, bigint[], text)',
			'@extschema@.inhabitant_forwarding_pending(@extschema@.lg_code, bigint)',
			'@extschema@.inhabitant_liaison_add(@extschema@.lg_code, integer, bigint, text, jsonb)',
			'@extschema@.inhabitant_liaison_send(@extschema@.lg_code, integer, text)']) f
	LOOP
		PERFORM @extschema@.add_right('levy', r.kind, r.obj, r.priv);
	END LOOP;
	-- Marking a slip sent (the guard allows nothing else).
	PERFORM @extschema@.add_right('levy', 'column', '@extschema@.inhabitant_liaison_slip', 'UPDATE', c)
	FROM pg_catalog.unnest(ARRAY['provision_id', 'sent_at']) c;
END
$$;
