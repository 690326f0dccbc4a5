-- levy (inhabitant tax): intake of tax documents (課税資料) and the merge per
-- person (資料併合).  A document is stored as received and never edited: a
-- correction is a new document that supersedes it.  The only change a row
-- ever takes is the one-time assignment of its atena number.  The Individual
-- Number as received is not stored (only whether one was received).
-- See doc/levy-inhabitant.md, "Intake and merge".

CREATE TABLE @extschema@.tax_document (
	lg_code			@extschema@.lg_code NOT NULL REFERENCES @extschema@.municipality,
	document_id		bigint GENERATED ALWAYS AS IDENTITY,
	fiscal_year		integer NOT NULL CHECK (fiscal_year BETWEEN 2021 AND 2100),	-- 年度
	income_year		integer NOT NULL GENERATED ALWAYS AS (fiscal_year - 1) STORED,	-- 所得年
	kind			text NOT NULL CHECK (kind = ANY (ARRAY['salary_report', 'pension_report', 'final_return',
						'inhabitant_return', 'onestop_notice'])),
	facts			jsonb NOT NULL CHECK (pg_catalog.jsonb_typeof(facts) = 'object'),
	employer_name	text,				-- 給与支払者 (salary_report)
	employer_no		text,				-- 指定番号 (salary_report)
	name			text,				-- basic items as received
	name_kana		text,
	sex				smallint CHECK (sex = ANY (ARRAY[1, 2, 9]::smallint[])),
	birth_date		date,
	address			text,
	mynumber_received boolean NOT NULL,	-- the number itself is not kept
	source			text NOT NULL CHECK (source <> ''),
	channel			text NOT NULL CHECK (channel = ANY (ARRAY['paper', 'media', 'eltax'])),
	received_on		date NOT NULL,
	supersedes		bigint,
	atena_no		bigint,
	match_method	text CHECK (match_method = ANY (ARRAY['mynumber', 'basic_info', 'supersedes', 'clerk'])),
	status			text NOT NULL GENERATED ALWAYS AS (CASE WHEN atena_no IS NULL THEN 'unmatched' ELSE 'assigned' END) STORED,
	received_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	received_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	assigned_by		text,
	assigned_at		timestamptz,
	PRIMARY KEY (lg_code, document_id),
	UNIQUE (lg_code, supersedes),
	FOREIGN KEY (lg_code, supersedes) REFERENCES @extschema@.tax_document (lg_code, document_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person (lg_code, atena_no),
	CHECK ((atena_no IS NULL) = (match_method IS NULL)),
	CHECK (kind <> 'salary_report' OR employer_name IS NOT NULL)
);
CREATE INDEX ON @extschema@.tax_document (lg_code, atena_no, fiscal_year);
COMMENT ON TABLE @extschema@.tax_document IS '課税資料 as received (never edited; corrections supersede); atena assigned once';

-- The identity of the spouse and of each dependant claimed on a document
-- (資料間チェック): taken out of the facts at receipt (the facts keep only
-- the computation keys), one row per claimed person.  relation 'spouse' has
-- seq 0; a dependant has its 1-based position in the "dependants" array.
-- atena_no is the resolved person (given, by Individual Number through the
-- blind index, or by name + birth date); the number itself is never stored.
-- See doc/levy-inhabitant.md, "Dependant cross-check".
CREATE TABLE @extschema@.tax_document_relative (
	lg_code			@extschema@.lg_code NOT NULL,
	document_id		bigint NOT NULL,
	relation		text NOT NULL CHECK (relation = ANY (ARRAY['spouse', 'dependant'])),
	seq				integer NOT NULL CHECK (seq BETWEEN 0 AND 32),
	atena_no		bigint,
	name			text CHECK (name <> ''),
	name_key		text GENERATED ALWAYS AS (@extschema@.normalize_name(name)) STORED,
	birth_date		date,
	mynumber_received boolean NOT NULL,	-- the number itself is not kept
	match_method	text CHECK (match_method = ANY (ARRAY['atena_no', 'mynumber', 'name_birth'])),
	PRIMARY KEY (lg_code, document_id, relation, seq),
	FOREIGN KEY (lg_code, document_id) REFERENCES @extschema@.tax_document (lg_code, document_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person (lg_code, atena_no),
	CHECK ((relation = 'spouse') = (seq = 0)),
	CHECK ((atena_no IS NULL) = (match_method IS NULL))
);
CREATE INDEX ON @extschema@.tax_document_relative (lg_code, atena_no);
CREATE INDEX ON @extschema@.tax_document_relative (lg_code, name_key, birth_date);
COMMENT ON TABLE @extschema@.tax_document_relative IS
	'identity of the spouse and dependants claimed on a tax document (資料間チェック); never the Individual Number';

-- Rows are written once, with their document.
CREATE FUNCTION @extschema@.tax_document_relative_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = '55000',
		MESSAGE = pg_catalog.format('the relatives of tax document %s cannot be edited after receipt', OLD.document_id),
		HINT = 'Receive a correcting document that supersedes it.';
END
$$;
CREATE TRIGGER tax_document_relative_guard BEFORE UPDATE ON @extschema@.tax_document_relative
	FOR EACH ROW EXECUTE FUNCTION @extschema@.tax_document_relative_guard();

-- The identity keys of one spouse or dependant object: validated and
-- resolved to a person.  p_where names the object in errors
-- ("spouse", "dependants[2]").  Order: atena_no as given (must exist);
-- else the Individual Number through the blind index
-- (find_person_by_mynumber, one access-log row under p_purpose); else the
-- one person with this name (normalised) and birth date.  With atena_no and
-- a number both given they must agree.
CREATE FUNCTION @extschema@.tax_document_relative_resolve(p_lg_code @extschema@.lg_code, p_where text, p_ident jsonb,
	p_purpose text, OUT atena_no bigint, OUT name text, OUT birth_date date, OUT mynumber_received boolean,
	OUT match_method text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_num @extschema@.mynumber;
	v_by_num bigint;
	v_ids bigint[];
BEGIN
	mynumber_received := p_ident ? 'mynumber';
	IF p_ident ? 'atena_no' THEN
		IF pg_catalog.jsonb_typeof(p_ident -> 'atena_no') <> 'number'
		   OR (p_ident ->> 'atena_no') !~ '^[1-9][0-9]{0,17}$' THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('invalid inhabitant tax fact "%s.atena_no"', p_where),
				DETAIL = 'The atena number must be a positive whole JSON number.';
		END IF;
		atena_no := (p_ident ->> 'atena_no')::bigint;
		IF NOT EXISTS (SELECT FROM @extschema@.person p
					   WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) tax_document_relative_resolve.atena_no) THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('invalid inhabitant tax fact "%s.atena_no"', p_where),
				DETAIL = pg_catalog.format('No person %s in municipality %s (or not visible to you).', atena_no, p_lg_code),
				HINT = 'Leave atena_no out and give name and birth_date when the person is not registered.';
		END IF;
		match_method := 'atena_no';
	END IF;
	IF p_ident ? 'name' THEN
		IF pg_catalog.jsonb_typeof(p_ident -> 'name') <> 'string' OR pg_catalog.btrim(p_ident ->> 'name') = '' THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('invalid inhabitant tax fact "%s.name"', p_where),
				DETAIL = 'The name must be a non-empty JSON string.';
		END IF;
		name := p_ident ->> 'name';
	END IF;
	IF p_ident ? 'birth_date' THEN
		BEGIN
			IF pg_catalog.jsonb_typeof(p_ident -> 'birth_date') <> 'string'
			   OR (p_ident ->> 'birth_date') !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
				RAISE EXCEPTION USING ERRCODE = '22007';
			END IF;
			birth_date := (p_ident ->> 'birth_date')::date;
		EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('invalid inhabitant tax fact "%s.birth_date"', p_where),
				DETAIL = 'The birth date must be an existing date written YYYY-MM-DD.';
		END;
	END IF;
	IF mynumber_received THEN
		BEGIN
			IF pg_catalog.jsonb_typeof(p_ident -> 'mynumber') <> 'string' THEN
				RAISE EXCEPTION USING ERRCODE = '22P02';
			END IF;
			v_num := (p_ident ->> 'mynumber')::@extschema@.mynumber;
		EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range OR string_data_right_truncation
			OR invalid_parameter_value THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('invalid inhabitant tax fact "%s.mynumber"', p_where),
				DETAIL = 'Not a valid Individual Number (12 digits with a correct check digit, as a JSON string).';
		END;
		v_by_num := @extschema@.find_person_by_mynumber(p_lg_code, v_num, p_purpose);
		IF atena_no IS NULL THEN
			atena_no := v_by_num;
			match_method := CASE WHEN v_by_num IS NOT NULL THEN 'mynumber' END;
		ELSIF v_by_num IS NOT NULL AND v_by_num <> atena_no THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('invalid inhabitant tax fact "%s.atena_no"', p_where),
				DETAIL = 'The Individual Number given belongs to another person than the atena number.';
		END IF;
	END IF;
	IF atena_no IS NULL AND name IS NOT NULL AND birth_date IS NOT NULL THEN
		SELECT pg_catalog.array_agg(p.atena_no) INTO v_ids
		  FROM @extschema@.person p
		 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.birth_date OPERATOR(pg_catalog.=) tax_document_relative_resolve.birth_date
		   AND p.name_key OPERATOR(pg_catalog.=) @extschema@.normalize_name(tax_document_relative_resolve.name);
		IF pg_catalog.cardinality(v_ids) = 1 THEN
			atena_no := v_ids[1];
			match_method := 'name_birth';
		END IF;
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.tax_document_relative_resolve(@extschema@.lg_code, text, jsonb, text) IS
	'validates the identity keys of a claimed spouse or dependant and resolves the person (never keeps the number)';

-- Refuses every change but the one-time atena assignment, and every delete.
CREATE FUNCTION @extschema@.tax_document_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = pg_catalog.format('tax document %s cannot be deleted', OLD.document_id),
			DETAIL = 'Tax documents are kept as received.',
			HINT = 'Receive a correcting document that supersedes it.';
	END IF;
	IF OLD.atena_no IS NOT NULL OR NEW.atena_no IS NULL
	   OR (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) ARRAY['atena_no', 'match_method', 'status', 'income_year', 'assigned_by', 'assigned_at'])
		  OPERATOR(pg_catalog.<>)
		  (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) ARRAY['atena_no', 'match_method', 'status', 'income_year', 'assigned_by', 'assigned_at']) THEN
		RAISE EXCEPTION USING ERRCODE = '55000',
			MESSAGE = pg_catalog.format('tax document %s cannot be edited after receipt', OLD.document_id),
			DETAIL = 'Only the atena number of an unmatched document can be set, once.',
			HINT = 'Receive a correcting document that supersedes it.';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER tax_document_guard BEFORE UPDATE OR DELETE ON @extschema@.tax_document
	FOR EACH ROW EXECUTE FUNCTION @extschema@.tax_document_guard();

-- Current documents: not superseded by a later one.
CREATE VIEW @extschema@.tax_document_current WITH (security_invoker = true) AS
SELECT d.* FROM @extschema@.tax_document d
WHERE NOT EXISTS (SELECT FROM @extschema@.tax_document n
				  WHERE n.lg_code OPERATOR(@extschema@.=) d.lg_code AND n.supersedes OPERATOR(pg_catalog.=) d.document_id);

-- The error list a clerk works through (current documents without a person).
CREATE VIEW @extschema@.tax_document_unmatched WITH (security_invoker = true) AS
SELECT lg_code, document_id, fiscal_year, kind, name, name_kana, sex, birth_date, address,
	   employer_name, employer_no, mynumber_received, source, channel, received_on
FROM @extschema@.tax_document_current
WHERE atena_no IS NULL;

CREATE FUNCTION @extschema@.receive_tax_document(
	p_lg_code @extschema@.lg_code, p_kind text, p_fiscal_year integer, p_facts jsonb,
	p_mynumber @extschema@.mynumber DEFAULT NULL, p_name text DEFAULT NULL, p_name_kana text DEFAULT NULL,
	p_sex smallint DEFAULT NULL, p_birth_date date DEFAULT NULL, p_address text DEFAULT NULL,
	p_source text DEFAULT NULL, p_channel text DEFAULT 'paper', p_received_on date DEFAULT CURRENT_DATE,
	p_supersedes bigint DEFAULT NULL, p_employer_name text DEFAULT NULL, p_employer_no text DEFAULT NULL,
	p_purpose text DEFAULT 'resident_tax')
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_atena bigint;
	v_method text;
	v_old_kind text;
	v_old_fy integer;
	v_old_atena bigint;
	v_id bigint;
	c_ident CONSTANT text[] := ARRAY['atena_no', 'name', 'birth_date', 'mynumber'];
	v_rel record;
	v_rels jsonb := '[]';
	v_deps jsonb;
	v_elem jsonb;
	i integer;
BEGIN
	IF p_lg_code IS NULL OR p_kind IS NULL OR p_fiscal_year IS NULL OR p_facts IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, kind, fiscal year and facts must not be null';
	END IF;
	IF p_kind OPERATOR(pg_catalog.<>) ALL (ARRAY['salary_report', 'pension_report', 'final_return',
											   'inhabitant_return', 'onestop_notice']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('unknown tax document kind "%s"', p_kind),
			HINT = 'Use salary_report, pension_report, final_return, inhabitant_return or onestop_notice.';
	END IF;
	IF p_channel IS NULL OR p_channel OPERATOR(pg_catalog.<>) ALL (ARRAY['paper', 'media', 'eltax']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('unknown tax document channel "%s"', p_channel),
			HINT = 'Use paper, media or eltax.';
	END IF;
	IF p_source IS NULL OR p_source OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the source of a tax document must be given',
			HINT = 'Name the sender, e.g. the employer, the pension payer or 国税連携.';
	END IF;
	IF p_received_on IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'receipt date must not be null';
	END IF;
	IF p_kind OPERATOR(pg_catalog.=) 'salary_report' AND p_employer_name IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a salary payment report needs the employer name',
			HINT = 'Pass p_employer_name (and p_employer_no, the designation number, when known).';
	END IF;
	-- The identity keys of the spouse and the dependants are taken out of
	-- the facts (the computation does not know them), validated and
	-- resolved; the Individual Number among them is used for the look-up
	-- only and is not kept.
	IF pg_catalog.jsonb_typeof(p_facts) = 'object' THEN
		IF pg_catalog.jsonb_typeof(p_facts -> 'spouse') = 'object' AND (p_facts -> 'spouse') ?| c_ident THEN
			v_rel := @extschema@.tax_document_relative_resolve(p_lg_code, 'spouse', p_facts -> 'spouse', p_purpose);
			v_rels := v_rels || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('relation', 'spouse', 'seq', 0,
				'atena_no', v_rel.atena_no, 'name', v_rel.name, 'birth_date', v_rel.birth_date,
				'mynumber_received', v_rel.mynumber_received, 'match_method', v_rel.match_method));
			p_facts := pg_catalog.jsonb_set(p_facts, '{spouse}', (p_facts -> 'spouse') - c_ident);
		END IF;
		IF pg_catalog.jsonb_typeof(p_facts -> 'dependants') = 'array' THEN
			v_deps := '[]';
			FOR i IN 1 .. pg_catalog.jsonb_array_length(p_facts -> 'dependants') LOOP
				v_elem := p_facts -> 'dependants' -> (i - 1);
				IF pg_catalog.jsonb_typeof(v_elem) = 'object' AND v_elem ?| c_ident THEN
					IF i > 32 THEN
						RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid inhabitant tax fact "dependants"',
							DETAIL = 'At most 32 dependants can be given.';
					END IF;
					v_rel := @extschema@.tax_document_relative_resolve(p_lg_code, pg_catalog.format('dependants[%s]', i), v_elem, p_purpose);
					v_rels := v_rels || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('relation', 'dependant', 'seq', i,
						'atena_no', v_rel.atena_no, 'name', v_rel.name, 'birth_date', v_rel.birth_date,
						'mynumber_received', v_rel.mynumber_received, 'match_method', v_rel.match_method));
					v_elem := v_elem - c_ident;
				END IF;
				v_deps := v_deps || pg_catalog.jsonb_build_array(v_elem);
			END LOOP;
			p_facts := pg_catalog.jsonb_set(p_facts, '{dependants}', v_deps);
		END IF;
	END IF;

	-- The facts must be valid input of zeimu.inhabitant_tax: the same
	-- validation (unknown keys, negative or fractional amounts, bad enums;
	-- 22023), and the fiscal year must be one the computation supports.
	PERFORM @extschema@.inhabitant_tax(p_fiscal_year, p_lg_code, p_facts);

	IF p_supersedes IS NOT NULL THEN
		SELECT d.kind, d.fiscal_year, d.atena_no INTO v_old_kind, v_old_fy, v_old_atena
		FROM @extschema@.tax_document d
		WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.document_id OPERATOR(pg_catalog.=) p_supersedes;
		IF NOT FOUND THEN
			RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = pg_catalog.format('tax document %s not found', p_supersedes);
		END IF;
		IF v_old_kind OPERATOR(pg_catalog.<>) p_kind OR v_old_fy OPERATOR(pg_catalog.<>) p_fiscal_year THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('tax document %s is a %s for %s', p_supersedes, v_old_kind, v_old_fy),
				DETAIL = 'A correction supersedes a document of the same kind and fiscal year.';
		END IF;
		IF EXISTS (SELECT FROM @extschema@.tax_document n
				   WHERE n.lg_code OPERATOR(@extschema@.=) p_lg_code AND n.supersedes OPERATOR(pg_catalog.=) p_supersedes) THEN
			RAISE EXCEPTION USING ERRCODE = '55000',
				MESSAGE = pg_catalog.format('tax document %s is already superseded', p_supersedes),
				HINT = 'Supersede the latest correction instead.';
		END IF;
	END IF;

	-- Atena assignment: the Individual Number (blind index in the vault,
	-- logged under the purpose), else the basic items, else the error list.
	IF p_mynumber IS NOT NULL THEN
		v_atena := @extschema@.find_person_by_mynumber(p_lg_code, p_mynumber, p_purpose);
		v_method := 'mynumber';
	END IF;
	IF v_atena IS NULL AND p_name IS NOT NULL AND p_sex IS NOT NULL AND p_birth_date IS NOT NULL AND p_address IS NOT NULL THEN
		v_atena := @extschema@.match_basic_info(p_lg_code, p_name, p_name_kana, p_sex, p_birth_date, p_address);
		v_method := 'basic_info';
	END IF;
	IF p_supersedes IS NOT NULL AND v_old_atena IS NOT NULL THEN
		IF v_atena IS NULL THEN
			v_atena := v_old_atena;
			v_method := 'supersedes';
		ELSIF v_atena OPERATOR(pg_catalog.<>) v_old_atena THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('tax document %s belongs to another person', p_supersedes),
				DETAIL = 'The correcting document matched a different atena number than the document it supersedes.',
				HINT = 'Check the person on both documents; receive the correction without p_supersedes if it is a new document.';
		END IF;
	END IF;
	IF v_atena IS NULL THEN
		v_method := NULL;
	END IF;

	INSERT INTO @extschema@.tax_document (lg_code, fiscal_year, kind, facts, employer_name, employer_no, name, name_kana,
		sex, birth_date, address, mynumber_received, source, channel, received_on, supersedes, atena_no, match_method,
		assigned_by, assigned_at)
	VALUES (p_lg_code, p_fiscal_year, p_kind, p_facts, p_employer_name, p_employer_no, p_name, p_name_kana,
		p_sex, p_birth_date, p_address, p_mynumber IS NOT NULL, p_source, p_channel, p_received_on, p_supersedes,
		v_atena, v_method,
		CASE WHEN v_atena IS NOT NULL THEN pg_catalog."current_user"() END,
		CASE WHEN v_atena IS NOT NULL THEN pg_catalog.now() END)
	RETURNING document_id INTO v_id;
	INSERT INTO @extschema@.tax_document_relative (lg_code, document_id, relation, seq, atena_no, name, birth_date,
		mynumber_received, match_method)
	SELECT p_lg_code, v_id, r.relation, r.seq, r.atena_no, r.name, r.birth_date, r.mynumber_received, r.match_method
	  FROM pg_catalog.jsonb_to_recordset(v_rels) AS r(relation text, seq integer, atena_no bigint, name text, birth_date date,
		mynumber_received boolean, match_method text);
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.receive_tax_document(@extschema@.lg_code, text, integer, jsonb, @extschema@.mynumber, text,
	text, smallint, date, text, text, text, date, bigint, text, text, text) IS
	'stores a 課税資料 as received and assigns its atena number (Individual Number, else basic items, else the error list)';

CREATE FUNCTION @extschema@.assign_tax_document(p_lg_code @extschema@.lg_code, p_document_id bigint, p_atena_no bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_doc record;
	v_old bigint;
BEGIN
	IF p_lg_code IS NULL OR p_document_id IS NULL OR p_atena_no IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'lg_code, document id and atena number must not be null';
	END IF;
	SELECT d.atena_no, d.supersedes INTO v_doc
	FROM @extschema@.tax_document d
	WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.document_id OPERATOR(pg_catalog.=) p_document_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = pg_catalog.format('tax document %s not found', p_document_id);
	END IF;
	IF v_doc.atena_no IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = pg_catalog.format('tax document %s is already assigned', p_document_id),
			HINT = 'A wrong assignment is corrected by a superseding document.';
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.person p
				   WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no) THEN
		RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = pg_catalog.format('person %s not found', p_atena_no),
			HINT = 'Register the person (or a 住登外 record) first.';
	END IF;
	IF v_doc.supersedes IS NOT NULL THEN
		SELECT d.atena_no INTO v_old FROM @extschema@.tax_document d
		WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.document_id OPERATOR(pg_catalog.=) v_doc.supersedes;
		IF v_old IS NOT NULL AND v_old OPERATOR(pg_catalog.<>) p_atena_no THEN
			RAISE EXCEPTION USING ERRCODE = '22023',
				MESSAGE = pg_catalog.format('tax document %s belongs to another person', v_doc.supersedes),
				DETAIL = 'The document it supersedes is assigned to a different atena number.';
		END IF;
	END IF;
	UPDATE @extschema@.tax_document d
	SET atena_no = p_atena_no, match_method = 'clerk', assigned_by = pg_catalog."current_user"(), assigned_at = pg_catalog.now()
	WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.document_id OPERATOR(pg_catalog.=) p_document_id;
END
$$;
COMMENT ON FUNCTION @extschema@.assign_tax_document(@extschema@.lg_code, bigint, bigint) IS
	'a clerk assigns the atena number of an unmatched tax document (once)';

-- 資料併合: the facts of one person and fiscal year from the current
-- documents.  Priority: the latest final_return; else the latest
-- inhabitant_return; else the salary and pension reports, the amounts of
-- SUMMED keys added across reports (all employers, all payers) and every
-- other key taken from the latest report carrying it.  One-stop notices add
-- their furusato donations and one_stop = true only when no return was filed
-- (filing a return voids the 申告特例, 地方税法附則7条; paragraph to confirm).  NULL when the
-- person has no current document for the year.
CREATE FUNCTION @extschema@.merged_tax_facts(p_lg_code @extschema@.lg_code, p_fiscal_year integer, p_atena_no bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	c_summed CONSTANT text[] := ARRAY['salary', 'pension', 'social_insurance', 'small_enterprise_mutual_aid'];
	v_facts jsonb;
	v_any boolean := false;
	v_furusato bigint := 0;
	v_onestop boolean := false;
	r record;
	k text;
	v jsonb;
BEGIN
	SELECT d.facts INTO v_facts
	FROM @extschema@.tax_document_current d
	WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	  AND d.atena_no OPERATOR(pg_catalog.=) p_atena_no AND d.kind = ANY (ARRAY['final_return', 'inhabitant_return'])
	ORDER BY (d.kind OPERATOR(pg_catalog.=) 'final_return') DESC, d.received_on DESC, d.document_id DESC
	LIMIT 1;
	IF FOUND THEN
		RETURN v_facts;
	END IF;

	v_facts := '{}';
	FOR r IN
		SELECT d.kind, d.facts FROM @extschema@.tax_document_current d
		WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		  AND d.atena_no OPERATOR(pg_catalog.=) p_atena_no
		ORDER BY d.received_on, d.document_id
	LOOP
		v_any := true;
		IF r.kind OPERATOR(pg_catalog.=) 'onestop_notice' THEN
			v_onestop := true;
			v_furusato := v_furusato OPERATOR(pg_catalog.+)
				COALESCE((r.facts OPERATOR(pg_catalog.#>>) ARRAY['donations', 'furusato'])::bigint, 0);
			CONTINUE;
		END IF;
		FOR k, v IN SELECT e.key, e.value FROM pg_catalog.jsonb_each(r.facts) e LOOP
			IF k OPERATOR(pg_catalog.=) ANY (c_summed) AND v_facts ? k THEN
				v_facts := pg_catalog.jsonb_set(v_facts, ARRAY[k],
					pg_catalog.to_jsonb((v_facts OPERATOR(pg_catalog.->>) k)::bigint OPERATOR(pg_catalog.+) (v #>> '{}')::bigint));
			ELSE
				v_facts := pg_catalog.jsonb_set(v_facts, ARRAY[k], v);
			END IF;
		END LOOP;
	END LOOP;
	IF NOT v_any THEN
		RETURN NULL;
	END IF;
	IF v_onestop THEN
		v_facts := v_facts OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('one_stop', true,
			'donations', COALESCE(v_facts OPERATOR(pg_catalog.->) 'donations', '{}'::jsonb)
				OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('furusato', v_furusato));
	END IF;
	RETURN v_facts;
END
$$;
COMMENT ON FUNCTION @extschema@.merged_tax_facts(@extschema@.lg_code, integer, bigint) IS
	'資料併合: one person''s inhabitant tax facts for a fiscal year from the current documents (final return > inhabitant return > reports)';

-- 賦課期日 (1 January, 地方税法318条): whether the person was a resident
-- (住登内) of the municipality on a date, from the registry's versions: the
-- current row and the old rows in person_history, each valid from its
-- business_date (処理日).  NULL when the person had no version yet.  The
-- 処理日 stands in for the legal date of the move (異動日).
CREATE FUNCTION @extschema@.person_resident_on(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_date date)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT v.resident FROM (
		SELECT p.resident, p.business_date, 9223372036854775807 AS version_no
		FROM @extschema@.person p
		WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.atena_no OPERATOR(pg_catalog.=) p_atena_no
		UNION ALL
		SELECT (h.old_row OPERATOR(pg_catalog.->>) 'resident')::boolean, h.business_date, h.version_no
		FROM @extschema@.person_history h
		WHERE h.lg_code OPERATOR(@extschema@.=) p_lg_code AND h.atena_no OPERATOR(pg_catalog.=) p_atena_no
	) v
	WHERE v.business_date OPERATOR(pg_catalog.<=) p_date
	ORDER BY v.business_date DESC, v.version_no DESC
	LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.person_resident_on(@extschema@.lg_code, bigint, date) IS
	'whether the person was 住登内 on the date, from the registry versions by 処理日 (NULL: no version yet)';

-- Documents of persons who were not residents on 1 January of the fiscal
-- year: to be forwarded to the municipality of residence on that day.
CREATE VIEW @extschema@.tax_document_forwarding WITH (security_invoker = true) AS
SELECT d.lg_code, d.document_id, d.fiscal_year, d.kind, d.atena_no, d.source, d.received_on
FROM @extschema@.tax_document_current d
WHERE d.atena_no IS NOT NULL
  AND NOT COALESCE(@extschema@.person_resident_on(d.lg_code, d.atena_no, pg_catalog.make_date(d.fiscal_year, 1, 1)), false);

-- Row security: documents are scoped to the municipality (an unmatched
-- document has no person yet, so the person scope would hide the error list).
SELECT @extschema@.protect_municipal_table('@extschema@.tax_document'::regclass);
SELECT @extschema@.protect_municipal_table('@extschema@.tax_document_relative'::regclass);

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT 'table' AS kind, t AS obj, p AS priv
		FROM pg_catalog.unnest(ARRAY['@extschema@.tax_document', '@extschema@.tax_document_relative']) t,
			pg_catalog.unnest(ARRAY['SELECT', 'INSERT']) p
		UNION ALL
		SELECT 'column', '@extschema@.tax_document', 'UPDATE'
		UNION ALL
		SELECT 'table', t, 'SELECT'
		FROM pg_catalog.unnest(ARRAY['@extschema@.tax_document_current', '@extschema@.tax_document_unmatched',
			'@extschema@.tax_document_forwarding']) t
		UNION ALL
		SELECT 'function', f, 'EXECUTE'
		FROM pg_catalog.unnest(ARRAY[
			'@extschema@.receive_tax_document(@extschema@.lg_code, text, integer, jsonb, @extschema@.mynumber, text, text, smallint, date, text, text, text, date, bigint, text, text, text)',
			'@extschema@.assign_tax_document(@extschema@.lg_code, bigint, bigint)',
			'@extschema@.tax_document_relative_resolve(@extschema@.lg_code, text, jsonb, text)',
			'@extschema@.merged_tax_facts(@extschema@.lg_code, integer, bigint)',
			'@extschema@.person_resident_on(@extschema@.lg_code, bigint, date)']) f
	LOOP
		IF r.kind OPERATOR(pg_catalog.=) 'column' THEN
			PERFORM @extschema@.add_right('levy', 'column', r.obj, 'UPDATE', c)
			FROM pg_catalog.unnest(ARRAY['atena_no', 'match_method', 'assigned_by', 'assigned_at']) c;
		ELSE
			PERFORM @extschema@.add_right('levy', r.kind, r.obj, r.priv);
		END IF;
	END LOOP;
END
$$;
