-- retention (保存期間と消去): policy as data, holds, purge targets, run
-- records and the archive.  doc/retention.md describes every table and
-- function; the engine is in 610_retention_engine.sql, scheduling in
-- 620_retention_schedule.sql, the registrations of the tables that exist so
-- far in 680_retention_register.sql.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'zeimu_purge_approver') THEN
		CREATE ROLE zeimu_purge_approver NOLOGIN;
	END IF;
END
$$;
COMMENT ON ROLE zeimu_purge_approver IS 'zeimu: may approve a purge run over the approval threshold and place legal holds (retention module)';
GRANT zeimu_user TO zeimu_purge_approver;

-- ---------------------------------------------------------------------------
-- Retention classes.  lg_code '000000' rows are the national standard; a
-- municipality's row for the same class overrides it.  A row applies from
-- valid_from (the as-of date of a run picks the latest row not after it).
-- A class marked statutory_minimum cannot be shortened by a municipality.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.retention_class (
	lg_code			@extschema@.lg_code NOT NULL,
	class_code		text NOT NULL CHECK (class_code OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,39}$'),
	valid_from		date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	start_event		text NOT NULL CHECK (start_event OPERATOR(pg_catalog.=) ANY (ARRAY['tax_year_end', 'statutory_due_date',
						'refund_deadline', 'log_time', 'person_last_date'])),
	years			integer NOT NULL CHECK (years BETWEEN 0 AND 100),
	action			text NOT NULL CHECK (action OPERATOR(pg_catalog.=) ANY (ARRAY['delete', 'archive_delete'])),
	statutory_minimum boolean NOT NULL DEFAULT false,
	description		text NOT NULL,
	source			text NOT NULL CHECK (source OPERATOR(pg_catalog.<>) ''),
	PRIMARY KEY (lg_code, class_code, valid_from)
);
COMMENT ON TABLE @extschema@.retention_class IS
	'retention classes: start event, length in years and action (delete | archive_delete), with their source; 000000 = national standard';

-- A municipality may lengthen a statutory-minimum class, never shorten it.
CREATE FUNCTION @extschema@.retention_class_check() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_min integer;
BEGIN
	IF NEW.lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code THEN
		SELECT c.years INTO v_min FROM @extschema@.retention_class c
		 WHERE c.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code AND c.class_code = NEW.class_code
		   AND c.statutory_minimum
		 ORDER BY c.valid_from DESC LIMIT 1;
		IF v_min IS NOT NULL AND NEW.years < v_min THEN
			RAISE EXCEPTION 'retention class % cannot be shorter than % years', NEW.class_code, v_min
				USING ERRCODE = '22023',
					  DETAIL = 'The national standard row is a statutory minimum.',
					  HINT = 'A municipality may only lengthen this class.';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER retention_class_check BEFORE INSERT OR UPDATE ON @extschema@.retention_class
	FOR EACH ROW EXECUTE FUNCTION @extschema@.retention_class_check();

INSERT INTO @extschema@.retention_class (lg_code, class_code, valid_from, start_event, years, action, statutory_minimum, description, source) VALUES
	('000000', 'fixed_asset', '1950-07-31', 'tax_year_end', 10, 'archive_delete', false,
	 '固定資産税の課税・評価データ: the end of the tax year (3月31日 of the 年度) + 10 years',
	 'seed 000 (千葉県 重点項目評価書 III.6 ②保管期間 "10年以上20年未満"): 地方税法17条の5 (更正期限 最長7年) and the 固定資産税返還金要綱 (返還期間 最長10年)'),
	('000000', 'inhabitant_tax', '1950-07-31', 'tax_year_end', 7, 'archive_delete', false,
	 '個人住民税の課税データ: the end of the tax year + 7 years; exported to the archive before deletion',
	 'seed 001 (熊本市 評価書 III.6 ②保管期間 "課税年度から7年間", G-1 管理外データ削除機能: 外部保管用ファイルへ出力): 地方税法17条の5'),
	('000000', 'light_vehicle', '1950-07-31', 'tax_year_end', 7, 'archive_delete', false,
	 '軽自動車税(種別割)の課税・車両データ: the end of the tax year + 7 years',
	 'seed 004 (越谷市 評価書 III.7 "保存期間が過ぎて不要となった特定個人情報は、システムで判別して削除"): period not stated there; 7 years = 地方税法17条の5 更正期限 (domain_rules §8.4)'),
	('000000', 'collection_ledger', '1950-07-31', 'statutory_due_date', 7, 'archive_delete', false,
	 '収納・滞納データ (期別, 入金, 充当, 督促): the statutory due date (法定納期限) + 7 years; open items are held',
	 'seeds 002/003 (no period given; "保管期限切れ情報の削除", never open items): 地方税法17条の5③ (更正 7年 from the day after 法定納期限) >= 法18条 (徴収権 5年)'),
	('000000', 'refund', '1950-07-31', 'refund_deadline', 5, 'archive_delete', false,
	 '還付・過誤納データ: the last day a refund can be claimed + 5 years',
	 '地方税法18条の3 (還付金請求権 5年); domain_rules §8.4'),
	('000000', 'access_log', '1950-07-31', 'log_time', 5, 'delete', true,
	 'アクセスログ: the time of the access + 5 years; never shorter',
	 'seed 000 III.4 and seed 002 p19 (システム/アプリケーションアクセスログ 5年, 公文書管理規則); R-002-07; domain_rules §8.4'),
	('000000', 'mynumber_link', '1950-07-31', 'person_last_date', 0, 'delete', false,
	 '個人番号の紐付け (vault): deleted, irreversibly, as soon as no remaining data of the person needs it',
	 '番号法20条 (保管制限); 個人情報保護委員会 ガイドライン (行政機関等・地方公共団体等編) "保存期間経過後はできるだけ速やかに復元できない手段で削除"; domain_rules §8.4'),
	('000000', 'national_pension', '1950-07-31', 'person_last_date', 5, 'archive_delete', false,
	 '国民年金 (被保険者期間, 届出, 免除申請): the end of the insured period or the event/receipt day + 5 years',
	 'seed 002 Part A (no period stated; "deletion logged with an approver"): 国民年金法102条 (年金給付を受ける権利の時効 5年) -- a municipal choice, overridable'),
	('000000', 'provision_record', '1950-07-31', 'log_time', 7, 'delete', true,
	 '情報提供等記録 and provision records (提供・通知の対象者): the time of the record + 7 years; never shorter',
	 '番号法23条 (情報提供等の記録), 番号法施行令29条 (保存期間 7年)'),
	('000000', 'disclosure', '1950-07-31', 'log_time', 5, 'delete', false,
	 '開示請求 and the reports produced for it: the close of the request (or its receipt) + 5 years; a request in progress is held',
	 '個人情報保護法76条以下 (開示請求); seed 000 req. 52, seed 003 R-003-43; 5 years as the access log (公文書管理規則) -- a municipal choice'),
	('000000', 'person_record', '1950-07-31', 'person_last_date', 7, 'archive_delete', false,
	 '宛名 (person, its history, relations, identity checks, integrated number): the person''s last relevant date (death, or the last change of a person no longer resident) + 7 years, once no other data of the person is left',
	 '地方税法17条の5 (更正・決定 最長7年: a person who moved out or died can still be assessed for 7 years); 番号法20条 and the 個人情報保護委員会 ガイドライン (delete when no 事務 needs it)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.retention_class', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');

-- Engine settings per municipality (000000 = national default).
CREATE TABLE @extschema@.retention_setting (
	lg_code			@extschema@.lg_code NOT NULL,
	valid_from		date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	batch_size		integer NOT NULL CHECK (batch_size BETWEEN 1 AND 1000000),
	lock_timeout_ms	integer NOT NULL CHECK (lock_timeout_ms BETWEEN 1 AND 60000),
	approval_threshold bigint NOT NULL CHECK (approval_threshold >= 0),
	source			text NOT NULL,
	batch_pause_ms	integer NOT NULL DEFAULT 0 CHECK (batch_pause_ms BETWEEN 0 AND 60000),
	-- throttle of CALL zeimu.purge_run (doc/retention.md "Throttle"):
	-- at most this many rows per second (0 = no cap), and the run's
	-- backend lowers its CPU priority by this nice increment (0-19) so that
	-- the day's work wins the CPU while the purge runs (a municipal row
	-- that does not name it keeps the national +10)
	max_rows_per_second integer NOT NULL DEFAULT 0 CHECK (max_rows_per_second BETWEEN 0 AND 10000000),
	cpu_nice		integer NOT NULL DEFAULT 10 CHECK (cpu_nice BETWEEN 0 AND 19),
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.retention_setting IS
	'purge engine settings: batch size, lock_timeout per batch, rows above which a run needs a second staff member''s approval, pause between batches';
INSERT INTO @extschema@.retention_setting (lg_code, valid_from, batch_size, lock_timeout_ms, approval_threshold, source,
										   batch_pause_ms, max_rows_per_second, cpu_nice) VALUES
	('000000', '1950-07-31', 10000, 1000, 10000,
	 'batch of 10,000 rows (security_anchors §4.4); lock wait bounded at 1 s (issue 8); approval over 10,000 rows (seeds 002/003: deletion logged with an approver) -- a municipal choice; '
	 'throttle: no pause, no rate cap, nice +10 (the purge yields the CPU to the day''s work and runs at full speed when the machine is idle; bench/RESULTS.md)',
	 0, 0, 10);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.retention_setting', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');


-- ---------------------------------------------------------------------------
-- Tables that hold an atena number but are not data for which the person's
-- Individual Number must be kept: the registry (宛名) itself, logs and the
-- purge bookkeeping.  Every OTHER table of the schema with (lg_code,
-- atena_no) that is not a registered purge target keeps the person's number
-- linked while it has a row for the person: an unregistered module's data
-- never loses the number it still needs (番号法第20条 allows keeping it only
-- while a 番号利用事務 needs it; doc/retention.md "Registering a table").
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.retention_nonperson_table (
	lg_code		@extschema@.lg_code NOT NULL,
	table_name	text NOT NULL,
	reason		text NOT NULL,
	PRIMARY KEY (lg_code, table_name)
);
COMMENT ON TABLE @extschema@.retention_nonperson_table IS
	'retention: tables with atena numbers that do not keep a person''s Individual Number linked (registry, logs, bookkeeping); lg_code 000000 = every municipality';
INSERT INTO @extschema@.retention_nonperson_table (lg_code, table_name, reason) VALUES
	('000000', 'person', 'the registry (宛名) itself: persons are kept, their number goes with their business data'),
	('000000', 'person_history', 'the registry (宛名) itself'),
	('000000', 'person_relation', 'the registry (宛名) itself'),
	('000000', 'identity_verification', 'the registry (宛名) itself'),
	('000000', 'integrated_atena', 'the registry (宛名) itself'),
	('000000', 'integrated_atena_issue', 'the registry (宛名) itself'),
	('000000', 'link_review', 'the link review queue of the vault'),
	('000000', 'mynumber_vault', 'the vault itself'),
	('000000', 'access_log', 'a log (its own retention class)'),
	('000000', 'purge_archive', 'purge bookkeeping'),
	('000000', 'purge_run_hold', 'purge bookkeeping'),
	('000000', 'retention_hold', 'holds are checked as holds'),
	('000000', 'disclosure_request', 'a request in progress is a hold (disclosure_in_progress)'),
	('000000', 'disclosure_report_log', 'a log of what was disclosed'),
	('000000', 'provision_record_subject', 'a log of what was provided'),
	('000000', 'notice_batch_subject', 'a log of who a notice batch named'),
	('000000', 'network_record', 'a log of network inquiries and provisions');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.retention_nonperson_table', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');

-- ---------------------------------------------------------------------------
-- Purge targets: one row per purgeable table (doc/retention.md "Registering
-- a table").  Expressions are SQL over the row alias t:
--   start_expr   the date retention starts from (the class gives its length);
--   person_expr  the atena_no the row belongs to (NULL: no person);
--   hold_expr    optional: true while this row must be kept.
-- kind 'rows' is an ordinary table; 'person_link' is the Individual Number
-- vault, deleted when no remaining data of the person needs it; 'person' is
-- the registry's person row (宛名), deleted when its own class has expired
-- and nothing of the person is left; 'person_part' rows (history,
-- relations, identity checks, integrated number) go with their person.
-- batch_order: optional ORDER BY of a batch over alias t, for a table that
-- references itself (newest first, so that a batch never takes a row
-- without the rows that reference it).
-- person_data: the table's rows need the person's Individual Number.
-- purge_order: lower first (children before parents).
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.purge_target (
	lg_code			@extschema@.lg_code NOT NULL DEFAULT '000000'
					CHECK (lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code),
	table_name		text NOT NULL CHECK (table_name OPERATOR(pg_catalog.~) '^[a-z_][a-z0-9_]{0,62}$'),
	class_code		text NOT NULL,
	kind			text NOT NULL DEFAULT 'rows' CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['rows', 'person_link', 'person', 'person_part'])),
	start_expr		text,
	person_expr		text,
	hold_expr		text,
	person_data		boolean NOT NULL DEFAULT true,
	purge_order		integer NOT NULL DEFAULT 500,
	registered_by	text NOT NULL,
	batch_order		text,
	PRIMARY KEY (lg_code, table_name),
	CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['person_link', 'person_part']) OR start_expr IS NOT NULL),
	CHECK (NOT (kind OPERATOR(pg_catalog.=) ANY (ARRAY['person', 'person_part'])) OR person_expr IS NOT NULL)
);
COMMENT ON TABLE @extschema@.purge_target IS
	'tables the retention purge may delete from, with their class and the expressions giving start date, person and row hold';

-- Person-level hold checks: SQL boolean expressions with the tokens
-- {lg_code}, {atena_no} and {as_of}; true = every row of the person is kept.
CREATE TABLE @extschema@.retention_hold_check (
	lg_code			@extschema@.lg_code NOT NULL DEFAULT '000000'
					CHECK (lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code),
	check_code		text NOT NULL CHECK (check_code OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,39}$'),
	expr			text NOT NULL,
	description		text NOT NULL,
	registered_by	text NOT NULL,
	PRIMARY KEY (lg_code, check_code)
);
COMMENT ON TABLE @extschema@.retention_hold_check IS
	'registered hold checks (unpaid balance, pending refund, open cases ...): while one is true for a person, nothing of the person is purged or deleted';

-- Manual holds: legal holds, disclosure / correction requests in progress.
CREATE TABLE @extschema@.retention_hold (
	lg_code			@extschema@.lg_code NOT NULL,
	hold_id			bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,
	kind			text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['legal', 'disclosure_request',
						'correction_request', 'delinquency_case', 'installment_plan', 'refund'])),
	reason			text NOT NULL CHECK (pg_catalog.length(reason) BETWEEN 1 AND 1000),
	staff_id		text NOT NULL,
	approver_id		text NOT NULL,
	starts_on		date NOT NULL,
	ends_on			date,
	released_at		timestamptz,
	released_by		text,
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, hold_id),
	CHECK (staff_id OPERATOR(pg_catalog.<>) approver_id),
	CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX ON @extschema@.retention_hold (lg_code, atena_no);
COMMENT ON TABLE @extschema@.retention_hold IS
	'manual holds (legal hold, 開示・訂正請求 in progress, ...): the person''s rows survive every purge and every DELETE while active';

-- Second-person approvals of large runs (used until the access module's
-- two-person approval is on main).
CREATE TABLE @extschema@.purge_approval (
	lg_code			@extschema@.lg_code NOT NULL,
	approval_id		bigint GENERATED ALWAYS AS IDENTITY,
	as_of			date NOT NULL,
	classes			text[],
	max_rows		bigint NOT NULL CHECK (max_rows > 0),
	approved_by		text NOT NULL,
	approver_staff_id text,
	note			text,
	approved_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	used_by_run		bigint,
	PRIMARY KEY (lg_code, approval_id)
);

-- Where a municipality's archive files go: a directory on the database
-- server and the PGP public key (RSA, ASCII-armored) each run's archive is
-- encrypted to.  The private key stays with the auditors; only the public
-- key is stored.  No row: the archive stays in zeimu.purge_archive only.
CREATE TABLE @extschema@.retention_archive_key (
	lg_code			@extschema@.lg_code NOT NULL,
	directory		text NOT NULL CHECK (directory OPERATOR(pg_catalog.~) '^/[^\n\r]*[^/]$'),
	public_key		text NOT NULL CHECK (public_key OPERATOR(pg_catalog.~) '^-----BEGIN PGP PUBLIC KEY BLOCK-----'),
	key_label		text NOT NULL,
	PRIMARY KEY (lg_code)
);
COMMENT ON TABLE @extschema@.retention_archive_key IS
	'per municipality: server directory and PGP public key for the encrypted archive file of each purge run';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.retention_archive_key', '');

-- Run records.
CREATE TABLE @extschema@.purge_run (
	lg_code			@extschema@.lg_code NOT NULL,
	run_id			bigint GENERATED ALWAYS AS IDENTITY,
	as_of			date NOT NULL,
	classes			text[],
	status			text NOT NULL DEFAULT 'running' CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['running', 'done'])),
	run_by			text NOT NULL,
	staff_id		text,
	backend_pid		integer,
	approval_id		bigint,
	planned_rows	bigint NOT NULL,
	deleted_rows	bigint NOT NULL DEFAULT 0,
	batches			integer NOT NULL DEFAULT 0,
	resumed			integer NOT NULL DEFAULT 0,
	started_at		timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	finished_at		timestamptz,
	archive_ref		text,
	archive_sha256	text,
	archive_file	text,
	archive_file_sha256 text,
	record_sha256	text,
	access_log_seq	bigint,
	PRIMARY KEY (lg_code, run_id),
	FOREIGN KEY (lg_code, approval_id) REFERENCES @extschema@.purge_approval
);
CREATE UNIQUE INDEX purge_run_one_running ON @extschema@.purge_run (lg_code) WHERE status OPERATOR(pg_catalog.=) 'running';
COMMENT ON TABLE @extschema@.purge_run IS
	'one row per purge run: who, as-of, classes, counts, archive reference and checksum, approval, start/end; sealed into the access log';

CREATE TABLE @extschema@.purge_run_table (
	lg_code			@extschema@.lg_code NOT NULL,
	run_id			bigint NOT NULL,
	table_name		text NOT NULL,
	class_code		text NOT NULL,
	action			text NOT NULL,
	purge_order		integer NOT NULL,
	planned			bigint NOT NULL,
	deleted			bigint NOT NULL DEFAULT 0,
	archived		bigint NOT NULL DEFAULT 0,
	done			boolean NOT NULL DEFAULT false,
	PRIMARY KEY (lg_code, run_id, table_name),
	FOREIGN KEY (lg_code, run_id) REFERENCES @extschema@.purge_run
);

-- The persons a registered hold check held when the run started.  Checks
-- are computed from the data (an unpaid balance reads the allocations the
-- run itself deletes), so a run evaluates them once, before it deletes
-- anything -- on exactly the state its dry run saw -- and keeps the result.
CREATE TABLE @extschema@.purge_run_hold (
	lg_code			@extschema@.lg_code NOT NULL,
	run_id			bigint NOT NULL,
	atena_no		bigint NOT NULL,
	PRIMARY KEY (lg_code, run_id, atena_no),
	FOREIGN KEY (lg_code, run_id) REFERENCES @extschema@.purge_run
);

-- The purge path: a row here exists only inside zeimu.purge_batch, in the
-- batch's own transaction (inserted at its start, deleted before it
-- returns, never committed), so zeimu.retention_purging() is true only
-- while the engine deletes.  Guards of append-only tables and of the
-- registry let a DELETE through only then.  Nobody holds a privilege on
-- it; row security is forced.
CREATE TABLE @extschema@.purge_batch_active (
	lg_code			@extschema@.lg_code NOT NULL,
	backend_pid		integer NOT NULL,
	xid				xid8 NOT NULL,
	run_id			bigint NOT NULL,
	PRIMARY KEY (lg_code, backend_pid)
);
COMMENT ON TABLE @extschema@.purge_batch_active IS
	'retention: the purge batch running in this transaction (never committed); read by zeimu.retention_purging()';

-- The archive and deletion record: one chunk per purge batch and table.
-- lines holds one JSON line per deleted row, {"key":..,"atena_no":..,
-- "row":..}; row is null for delete classes (the key alone records the
-- deletion).  The Individual Number vault is never archived.  A chunk
-- rather than a row per deleted row: one compressed (lz4) insert per batch
-- writes about a fifth of the WAL and dirty pages of 10,000 row inserts
-- with two index entries each, and the day's workload beside the purge
-- pays for those (bench/RESULTS.md, "retention").  persons lists the
-- chunk's persons for the person lookups (GIN).  chunk_hash = sha256 of
-- table name, class and lines (zeimu.purge_archive_hash).
CREATE TABLE @extschema@.purge_archive (
	lg_code			@extschema@.lg_code NOT NULL,
	run_id			bigint NOT NULL,
	archive_seq		bigint GENERATED ALWAYS AS IDENTITY,
	table_name		text NOT NULL,
	class_code		text NOT NULL,
	row_count		integer NOT NULL CHECK (row_count > 0),
	archived		boolean NOT NULL,
	person_data		boolean NOT NULL,
	persons			bigint[] NOT NULL,
	lines			text COMPRESSION lz4 NOT NULL,
	chunk_hash		bytea NOT NULL,
	PRIMARY KEY (lg_code, run_id, archive_seq)
	-- no foreign key to purge_run: chunks are written only by
	-- zeimu.purge_batch inside its run
);
CREATE INDEX ON @extschema@.purge_archive USING gin (persons);
COMMENT ON TABLE @extschema@.purge_archive IS
	'rows removed by purge runs, one chunk per batch and table: key always, full row for archive_delete classes; read back through zeimu.restore_purged_person';

-- One row per archived row, read from the chunks (for the DBA and the
-- auditors; granted to nobody, like the table).  security_invoker: the
-- reader's own row security on purge_archive applies, not the owner's.
CREATE VIEW @extschema@.purge_archive_row WITH (security_invoker = true) AS
SELECT a.lg_code, a.run_id, a.archive_seq, x.line_no, a.table_name, a.class_code,
	   x.j OPERATOR(pg_catalog.->) 'key' AS row_key,
	   (x.j OPERATOR(pg_catalog.->>) 'atena_no')::bigint AS atena_no,
	   a.person_data,
	   CASE WHEN pg_catalog.jsonb_typeof(x.j OPERATOR(pg_catalog.->) 'row') OPERATOR(pg_catalog.<>) 'null'
			THEN x.j OPERATOR(pg_catalog.->) 'row' END AS payload
  FROM @extschema@.purge_archive a
 CROSS JOIN LATERAL (SELECT l.line::jsonb AS j, l.line_no
					   FROM pg_catalog.string_to_table(a.lines, E'\n') WITH ORDINALITY l(line, line_no)) x;
COMMENT ON VIEW @extschema@.purge_archive_row IS
	'retention: one row per archived row of zeimu.purge_archive (key, person, row or NULL for delete classes)';

-- Nothing here is reachable except through the functions; row security
-- forced with no policy keeps direct reads out even for granted roles.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['retention_hold', 'purge_approval', 'purge_run', 'purge_run_table', 'purge_run_hold', 'purge_archive',
							 'purge_batch_active']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
	END LOOP;
END
$$;
-- A session sees only its own backend's batch row (zeimu.retention_purging
-- runs as the deleting role).
CREATE POLICY purge_batch_own ON @extschema@.purge_batch_active FOR SELECT
	USING (backend_pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid());
CREATE POLICY retention_read ON @extschema@.purge_run FOR SELECT TO zeimu_purge_operator, zeimu_purge_approver USING (true);
CREATE POLICY retention_read ON @extschema@.purge_run_table FOR SELECT TO zeimu_purge_operator, zeimu_purge_approver USING (true);
CREATE POLICY retention_read ON @extschema@.retention_hold FOR SELECT TO zeimu_purge_operator, zeimu_purge_approver USING (true);
CREATE POLICY retention_read ON @extschema@.purge_approval FOR SELECT TO zeimu_purge_operator, zeimu_purge_approver USING (true);

-- Hold checks of the modules on main.  A person with an unpaid installment
-- (本税 or 督促手数料) not written off (不納欠損 extinguishes it) or an over-payment still refundable (法18条の3: 5 years)
-- keeps all their data.
CREATE INDEX collection_installment_person_idx ON @extschema@.collection_installment (lg_code, atena_no);
INSERT INTO @extschema@.retention_hold_check (check_code, expr, description, registered_by) VALUES
	('unpaid_balance',
	 'EXISTS (SELECT 1 FROM @extschema@.collection_installment i WHERE i.lg_code OPERATOR(@extschema@.=) {lg_code} AND i.atena_no = {atena_no}'
	 ' AND i.principal + @extschema@.installment_dunning_fee(i.lg_code, i.installment_id)'
	 ' > @extschema@.installment_paid(i.lg_code, i.installment_id, ''principal'') + @extschema@.installment_paid(i.lg_code, i.installment_id, ''dunning_fee'')'
	 ' AND NOT EXISTS (SELECT 1 FROM @extschema@.collection_write_off w WHERE w.lg_code OPERATOR(@extschema@.=) i.lg_code AND w.installment_id = i.installment_id))',
	 '未納: an installment of the person has unpaid 本税 or 督促手数料 that is not written off (不納欠損 ends the debt: collection module)', 'retention'),
	('pending_refund',
	 'EXISTS (SELECT 1 FROM @extschema@.collection_installment i JOIN @extschema@.collection_payment p ON p.lg_code OPERATOR(@extschema@.=) i.lg_code AND p.installment_id = i.installment_id'
	 ' JOIN @extschema@.collection_allocation a ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id = p.payment_id'
	 ' WHERE i.lg_code OPERATOR(@extschema@.=) {lg_code} AND i.atena_no = {atena_no} AND a.part = ''overpayment'''
	 ' AND p.receipt_date >= ({as_of} - interval ''5 years'')::date)',
	 '過誤納: an over-payment received in the last 5 years may still be refunded (法18条の3)', 'retention');
