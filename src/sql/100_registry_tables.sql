-- registry (宛名): municipalities, offices, persons, relations, identity
-- verification, the integrated atena mapping, the Individual Number vault,
-- the link review queue, same-person candidates and the access log.
-- doc/registry.md describes every table and function.
--
-- Row-level security: every table holding personal data is ENABLEd and
-- FORCEd here, with an INTERIM permissive policy for members of role
-- zeimu_registry.  The access module (issue 4) replaces those policies with
-- office-scoped ones; the names of the interim policies all start with
-- "registry_interim_" so that it can drop them by name.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'zeimu_registry') THEN
		CREATE ROLE zeimu_registry NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'zeimu_purge_operator') THEN
		CREATE ROLE zeimu_purge_operator NOLOGIN;
	END IF;
END
$$;
COMMENT ON ROLE zeimu_registry IS 'zeimu: interim duty role for registry (宛名) clerks; replaced by the access module''s office-scoped roles';
COMMENT ON ROLE zeimu_purge_operator IS 'zeimu: the only role that may delete access-log rows, and only those older than 5 years (retention module)';
GRANT zeimu_user TO zeimu_registry;
GRANT zeimu_user TO zeimu_purge_operator;

-- ---------------------------------------------------------------------------
-- Municipalities and offices
-- ---------------------------------------------------------------------------
-- lg_code: 全国地方公共団体コード (6 digits incl. check digit).  Stored as text
-- with a shape CHECK here; the ident module's zeimu.lg_code type replaces it.
CREATE TABLE @extschema@.municipality (
	lg_code			@extschema@.lg_code NOT NULL,
	name			text NOT NULL CHECK (name <> ''),
	prefecture		text NOT NULL,
	designated_city	boolean NOT NULL DEFAULT false,	-- 政令指定都市
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code)
);
COMMENT ON TABLE @extschema@.municipality IS 'municipalities (地方公共団体) served by this database';

-- Offices: 市税事務所, 出張所 and headquarters divisions (本庁課).
CREATE TABLE @extschema@.office (
	lg_code			@extschema@.lg_code NOT NULL REFERENCES @extschema@.municipality,
	office_code		text NOT NULL CHECK (office_code ~ '^[0-9A-Za-z_]{1,16}$'),
	name			text NOT NULL,
	kind			text NOT NULL CHECK (kind = ANY (ARRAY['tax_office', 'branch', 'hq_division'])),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, office_code)
);
COMMENT ON TABLE @extschema@.office IS 'offices: tax_office (市税事務所), branch (出張所), hq_division (本庁の課)';

-- Areas (町丁目 or district codes) an office covers.  An area belongs to one
-- office at a time.
CREATE TABLE @extschema@.office_area (
	lg_code			@extschema@.lg_code NOT NULL,
	area_code		text NOT NULL,
	area_name		text NOT NULL,
	office_code		text NOT NULL,
	PRIMARY KEY (lg_code, area_code),
	FOREIGN KEY (lg_code, office_code) REFERENCES @extschema@.office
);
CREATE INDEX ON @extschema@.office_area (lg_code, office_code);
COMMENT ON TABLE @extschema@.office_area IS 'areas (町丁目) each office covers';

-- Normalised search keys (src/registry_normalize.c): NFKC folds full-/
-- half-width forms (ｱ -> ア, Ａ -> A, U+3000 -> space), then every white
-- space is removed; for furigana, hiragana is also folded to katakana.
-- IMMUTABLE: the keys are stored in indexed columns and searches compare
-- with =, which stays an index condition under row-level security.
CREATE FUNCTION @extschema@.normalize_name(text) RETURNS text
	AS 'MODULE_PATHNAME', 'registry_normalize_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalize_name(text) IS 'search key for names: NFKC, white space removed';
CREATE FUNCTION @extschema@.normalize_kana(text) RETURNS text
	AS 'MODULE_PATHNAME', 'registry_normalize_kana' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalize_kana(text) IS 'search key for furigana: NFKC, white space removed, hiragana folded to katakana';

-- ---------------------------------------------------------------------------
-- Persons (宛名)
-- ---------------------------------------------------------------------------
CREATE SEQUENCE @extschema@.atena_no_seq;

CREATE TABLE @extschema@.person (
	lg_code			@extschema@.lg_code NOT NULL REFERENCES @extschema@.municipality,
	atena_no		bigint NOT NULL CHECK (atena_no > 0),
	kind			text NOT NULL DEFAULT 'individual'
					CHECK (kind = ANY (ARRAY['individual', 'corporation'])),
	corporate_number @extschema@.corporate_number,
	name			text NOT NULL CHECK (name <> ''),	-- 氏名・名称
	name_kana		text,				-- フリガナ
	name_key		text NOT NULL GENERATED ALWAYS AS (@extschema@.normalize_name(name)) STORED,
	kana_key		text GENERATED ALWAYS AS (@extschema@.normalize_kana(name_kana)) STORED,
	sex				smallint CHECK (sex = ANY (ARRAY[1, 2, 9]::smallint[])),	-- 1 male, 2 female, 9 not stated
	birth_date		date,
	postal_code		text CHECK (postal_code ~ '^[0-9]{7}$'),
	address			text,
	area_code		text,
	resident		boolean NOT NULL DEFAULT true,	-- true 住登内, false 住登外
	office_code		text,				-- responsible office
	death_date		date,
	created_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	updated_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	updated_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	business_date	date NOT NULL DEFAULT CURRENT_DATE,	-- 処理日 (業務日付)
	PRIMARY KEY (lg_code, atena_no),
	FOREIGN KEY (lg_code, office_code) REFERENCES @extschema@.office,
	CHECK (kind = 'corporation' OR corporate_number IS NULL),
	CHECK (death_date IS NULL OR birth_date IS NULL OR death_date >= birth_date),
	CHECK (kind = 'individual' OR (sex IS NULL AND death_date IS NULL))
);
CREATE INDEX person_name_key_idx ON @extschema@.person (lg_code, name_key);
CREATE INDEX person_kana_key_idx ON @extschema@.person (lg_code, kana_key);
CREATE INDEX person_birth_idx ON @extschema@.person (lg_code, birth_date, name_key);
CREATE INDEX person_office_idx ON @extschema@.person (lg_code, office_code);
CREATE UNIQUE INDEX person_corporate_number_idx ON @extschema@.person (lg_code, corporate_number)
	WHERE corporate_number IS NOT NULL;
COMMENT ON TABLE @extschema@.person IS 'persons (宛名): individuals and corporations; atena_no unique per municipality';
COMMENT ON COLUMN @extschema@.person.resident IS 'true: 住登内 (in the resident register of this municipality); false: 住登外';

-- Every change to a person is kept: the row as it was before the change.
CREATE TABLE @extschema@.person_history (
	lg_code			@extschema@.lg_code NOT NULL,
	atena_no		bigint NOT NULL,
	version_no		bigint GENERATED ALWAYS AS IDENTITY,
	changed_by		text NOT NULL,
	changed_at		timestamptz NOT NULL,
	business_date	date NOT NULL,
	old_row			jsonb NOT NULL,
	PRIMARY KEY (lg_code, atena_no, version_no)
);
COMMENT ON TABLE @extschema@.person_history IS 'previous versions of person rows, written by the update trigger';

-- Relations: tax agent (納税管理人), addressee (送付先), heir (相続人),
-- representative of co-owners (共有者代表).  Rows are never overwritten: a
-- relation is ended by setting ended_on once (zeimu.end_relation), and a
-- change is a new row.
CREATE TABLE @extschema@.person_relation (
	lg_code			@extschema@.lg_code NOT NULL,
	relation_id		bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,		-- the taxpayer
	related_atena_no bigint NOT NULL,		-- the agent / addressee / heir / representative
	kind			text NOT NULL CHECK (kind = ANY (ARRAY['tax_agent', 'addressee', 'heir', 'coowner_representative'])),
	started_on		date NOT NULL,
	ended_on		date,
	note			text,
	created_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	ended_by		text,
	PRIMARY KEY (lg_code, relation_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person,
	FOREIGN KEY (lg_code, related_atena_no) REFERENCES @extschema@.person,
	CHECK (atena_no <> related_atena_no),
	CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX ON @extschema@.person_relation (lg_code, atena_no, kind);
CREATE INDEX ON @extschema@.person_relation (lg_code, related_atena_no);

-- Identity verification (本人確認).
CREATE TABLE @extschema@.identity_verification (
	lg_code			@extschema@.lg_code NOT NULL,
	verification_id	bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,
	method			text NOT NULL CHECK (method = ANY (ARRAY['mynumber_card', 'notification_card', 'id_document', 'interview'])),
	staff_id		text NOT NULL,
	verified_on		date NOT NULL,
	note			text,
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, verification_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person
);
CREATE INDEX ON @extschema@.identity_verification (lg_code, atena_no);
COMMENT ON TABLE @extschema@.identity_verification IS 'identity verification (本人確認): 個人番号カード, 通知カード, 身分証明書, 聞き取り';

-- Integrated atena number (団体内統合宛名番号) mapping.
CREATE TABLE @extschema@.integrated_atena (
	lg_code			@extschema@.lg_code NOT NULL,
	atena_no		bigint NOT NULL,
	integrated_no	bigint NOT NULL,
	mapped_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	mapped_by		text NOT NULL DEFAULT pg_catalog."current_user"(),
	PRIMARY KEY (lg_code, atena_no),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person
);
CREATE INDEX ON @extschema@.integrated_atena (lg_code, integrated_no);
COMMENT ON TABLE @extschema@.integrated_atena IS '団体内統合宛名番号: the number the municipality''s integration platform uses for this person';

-- ---------------------------------------------------------------------------
-- Purposes (利用目的) for which an Individual Number may be used or shown.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.mynumber_purpose (
	lg_code			@extschema@.lg_code NOT NULL REFERENCES @extschema@.municipality,
	purpose_code	text NOT NULL CHECK (purpose_code ~ '^[a-z0-9_]{1,32}$'),
	description		text NOT NULL,
	legal_basis		text NOT NULL,		-- 番号法別表 item etc.
	active			boolean NOT NULL DEFAULT true,
	PRIMARY KEY (lg_code, purpose_code)
);
COMMENT ON TABLE @extschema@.mynumber_purpose IS 'registered purposes (利用事務) for Individual Number use; find/reveal require one';

-- ---------------------------------------------------------------------------
-- The Individual Number vault
-- ---------------------------------------------------------------------------
-- ciphertext = IV (16) || pgcrypto encrypt_iv(number, enc_key, IV, 'aes-cbc/pad:pkcs')
-- ct_mac     = HMAC-SHA256(mac_key, 'zeimu-ct' || key_id || lg_code || atena_no || ciphertext)
-- blind_index = HMAC-SHA256(mac_key, 'zeimu-bi' || 12 digits)
-- All three are computed in C (src/vault_crypto.c); no key reaches SQL.
CREATE TABLE @extschema@.mynumber_vault (
	lg_code			@extschema@.lg_code NOT NULL,
	atena_no		bigint NOT NULL,
	key_id			integer NOT NULL,
	blind_index		bytea NOT NULL,
	ciphertext		bytea NOT NULL,
	ct_mac			bytea NOT NULL,
	source			text NOT NULL,		-- where the number came from (申告書, 住基, ...)
	verification_id	bigint,				-- identity verification backing the link
	linked_by		text NOT NULL DEFAULT pg_catalog.session_user(),
	linked_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, atena_no),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person,
	FOREIGN KEY (lg_code, verification_id) REFERENCES @extschema@.identity_verification
);
-- One person per number: unique per key.  During a key rotation a number
-- has one blind index per key, so zeimu.link_mynumber also looks the number
-- up under every loaded key before inserting.
CREATE UNIQUE INDEX mynumber_vault_blind_idx ON @extschema@.mynumber_vault (lg_code, blind_index);
COMMENT ON TABLE @extschema@.mynumber_vault IS 'Individual Numbers: pgcrypto ciphertext + HMAC blind index, one per person; written only by zeimu.link_mynumber';

-- Link review queue: refused links wait here for a clerk.
CREATE TABLE @extschema@.link_review (
	lg_code			@extschema@.lg_code NOT NULL,
	review_id		bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,
	other_atena_no	bigint,			-- the person already holding the number
	reason			text NOT NULL CHECK (reason = ANY (ARRAY['person_has_other_number', 'number_linked_elsewhere'])),
	key_id			integer NOT NULL,
	blind_index		bytea NOT NULL,
	ciphertext		bytea NOT NULL,		-- the number offered, encrypted like the vault
	ct_mac			bytea NOT NULL,
	source			text NOT NULL,
	queued_by		text NOT NULL DEFAULT pg_catalog.session_user(),
	queued_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	status			text NOT NULL DEFAULT 'open'
					CHECK (status = ANY (ARRAY['open', 'relinked', 'rejected', 'same_person'])),
	resolved_by		text,
	resolved_at		timestamptz,
	resolution_note	text,
	PRIMARY KEY (lg_code, review_id)
);
CREATE INDEX ON @extschema@.link_review (lg_code, status);
CREATE INDEX ON @extschema@.link_review (lg_code, atena_no);
COMMENT ON TABLE @extschema@.link_review IS 'refused Individual Number links awaiting a clerk (no silent overwrite)';

-- Same-person candidates (同一人チェック).  The pair is stored smaller
-- atena_no first.  A clerk's decision is remembered: a pair decided once is
-- never proposed again.
CREATE TABLE @extschema@.same_person_candidate (
	lg_code			@extschema@.lg_code NOT NULL,
	atena_no_a		bigint NOT NULL,
	atena_no_b		bigint NOT NULL,
	reason			text NOT NULL CHECK (reason = ANY (ARRAY['same_mynumber', 'same_basic_items'])),
	found_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	decision		text CHECK (decision = ANY (ARRAY['same', 'different'])),
	decided_by		text,
	decided_at		timestamptz,
	note			text,
	PRIMARY KEY (lg_code, atena_no_a, atena_no_b),
	FOREIGN KEY (lg_code, atena_no_a) REFERENCES @extschema@.person,
	FOREIGN KEY (lg_code, atena_no_b) REFERENCES @extschema@.person,
	CHECK (atena_no_a < atena_no_b)
);
COMMENT ON TABLE @extschema@.same_person_candidate IS '同一人チェック: candidate pairs and the clerk''s decision (same = 関連宛名)';

-- ---------------------------------------------------------------------------
-- Access log
-- ---------------------------------------------------------------------------
-- One row per person whose identifying data a function handed out.  Rows
-- are append-only (trigger + FORCE RLS); zeimu.seal_access_log chains them.
CREATE TABLE @extschema@.access_log (
	lg_code			@extschema@.lg_code NOT NULL,
	seq				bigint GENERATED ALWAYS AS IDENTITY,
	logged_at		timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	session_user_name text NOT NULL,
	current_user_name text NOT NULL,
	staff_id		text,			-- setting zeimu.staff_id when the application sets it
	atena_no		bigint,
	function_name	text NOT NULL,
	purpose			text,
	client_addr		inet,
	txid			bigint NOT NULL,
	PRIMARY KEY (lg_code, seq)
);
CREATE INDEX ON @extschema@.access_log (lg_code, atena_no, logged_at);
CREATE INDEX ON @extschema@.access_log (lg_code, logged_at);
COMMENT ON TABLE @extschema@.access_log IS 'who obtained whose identifying data, when, through which function, for which purpose (append-only, sealed)';

-- The hash chain over access_log, one chain per municipality.
--   row_hash   = sha256(canonical text of the row, zeimu.access_log_row_text)
--   chain_hash = sha256(previous chain_hash || row_hash); the first link uses
--                32 zero bytes as previous.
CREATE TABLE @extschema@.access_log_seal (
	lg_code			@extschema@.lg_code NOT NULL,
	seq				bigint NOT NULL,
	link_no			bigint NOT NULL,		-- 1, 2, 3 ... without gaps
	row_hash		bytea NOT NULL,
	chain_hash		bytea NOT NULL,
	sealed_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, seq)
);
CREATE UNIQUE INDEX ON @extschema@.access_log_seal (lg_code, link_no);
COMMENT ON TABLE @extschema@.access_log_seal IS 'hash chain over access_log rows, written in batches by zeimu.seal_access_log';

-- Exported chain heads (what was handed out to be kept outside the database).
CREATE TABLE @extschema@.access_log_head_export (
	lg_code			@extschema@.lg_code NOT NULL,
	export_id		bigint GENERATED ALWAYS AS IDENTITY,
	link_no			bigint NOT NULL,
	seq				bigint NOT NULL,
	chain_hash		bytea NOT NULL,
	exported_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	exported_by		text NOT NULL DEFAULT pg_catalog.session_user(),
	PRIMARY KEY (lg_code, export_id)
);

-- ---------------------------------------------------------------------------
-- Row-level security: enabled and forced; interim policies (see top).
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['office_area', 'person', 'person_history', 'person_relation',
							 'identity_verification', 'integrated_atena', 'mynumber_vault',
							 'link_review', 'same_person_candidate']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format(
			'CREATE POLICY registry_interim_all ON @extschema@.%I TO zeimu_registry USING (true) WITH CHECK (true)', t);
	END LOOP;
END
$$;

-- The access log: insert and read for registry members; UPDATE never (no
-- policy); DELETE only for the purge operator and only rows older than 5
-- years.  The trigger below adds the same rule for everybody RLS does not
-- bind (owner with row_security off, BYPASSRLS roles), except superusers.
ALTER TABLE @extschema@.access_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.access_log FORCE ROW LEVEL SECURITY;
CREATE POLICY registry_interim_insert ON @extschema@.access_log FOR INSERT TO zeimu_registry WITH CHECK (true);
CREATE POLICY registry_interim_select ON @extschema@.access_log FOR SELECT TO zeimu_registry USING (true);
CREATE POLICY access_log_purge ON @extschema@.access_log FOR DELETE TO zeimu_purge_operator
	USING (logged_at < pg_catalog.now() - interval '5 years');
CREATE POLICY access_log_purge_select ON @extschema@.access_log FOR SELECT TO zeimu_purge_operator USING (true);

ALTER TABLE @extschema@.access_log_seal ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.access_log_seal FORCE ROW LEVEL SECURITY;
CREATE POLICY registry_interim_select ON @extschema@.access_log_seal FOR SELECT TO zeimu_registry USING (true);
CREATE POLICY access_log_seal_purge ON @extschema@.access_log_seal FOR DELETE TO zeimu_purge_operator
	USING (sealed_at < pg_catalog.now() - interval '5 years');
CREATE POLICY access_log_seal_purge_select ON @extschema@.access_log_seal FOR SELECT TO zeimu_purge_operator USING (true);

ALTER TABLE @extschema@.access_log_head_export ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.access_log_head_export FORCE ROW LEVEL SECURITY;
CREATE POLICY registry_interim_select ON @extschema@.access_log_head_export FOR SELECT TO zeimu_registry USING (true);
