-- provision: recipients and legal bases as data, provision/transfer records,
-- hand-over slips (受渡票), data-use applications (利用申請), notice batches
-- with two-person confirmation, the information-provision network (中間サー
-- バー) permit list and records.  doc/provision.md.
--
-- Sources: seed 000 §8 and §13 req. 19-25, 38, 52; seed 001 §8, §10.5-10.6,
-- §13.9-13.10; seed 002 A.8, A.10.4, A.13 R-002-08..12; seed 003 B.13
-- R-003-32..36; seed 004 §8, §10.4-10.5.

-- The duty roles zeimu_provision, zeimu_section_chief and zeimu_pension are
-- duties of the access module's catalogue (src/sql/200_access_roles.sql):
-- zeimu.register_staff grants them; 790 records this module's rights in
-- the rights table (zeimu.add_right).
COMMENT ON ROLE zeimu_provision IS 'zeimu: duty provision (提供・移転・開示): provision/transfer, network records and disclosure requests';
COMMENT ON ROLE zeimu_section_chief IS 'zeimu: duty section_chief (所属長): approves data-use applications, confirms flagged network provisions, loads the permit list';
COMMENT ON ROLE zeimu_pension IS 'zeimu: national pension (国民年金) staff; sees pension data only';

-- ---------------------------------------------------------------------------
-- Items that an extract may carry.  source_kind says where the value comes
-- from: a column of zeimu.person, the vault (decrypted by
-- zeimu.reveal_mynumber, logged), or a function (lg_code, atena_no) -> jsonb.
-- check_kind drives the logical pre-check (zeimu.provision_precheck).
-- lg_code 000000 rows are the catalogue every municipality gets
-- (zeimu.provision_seed copies them).
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.provision_item (
	lg_code			@extschema@.lg_code NOT NULL,
	item_code		text NOT NULL CHECK (item_code ~ '^[a-z0-9_]{1,40}$'),
	label			text NOT NULL,
	source_kind		text NOT NULL CHECK (source_kind = ANY (ARRAY['person', 'mynumber', 'function'])),
	source_ref		text,		-- person column, or function name (schema zeimu)
	check_kind		text CHECK (check_kind = ANY (ARRAY['mynumber', 'corporate_number', 'postal_code', 'date',
														'sex', 'text', 'object'])),
	PRIMARY KEY (lg_code, item_code),
	CHECK ((source_kind = 'mynumber') = (source_ref IS NULL))
);
COMMENT ON TABLE @extschema@.provision_item IS 'items an extract may carry, with their source and pre-check kind';

CREATE TABLE @extschema@.provision_recipient (
	lg_code			@extschema@.lg_code NOT NULL,
	recipient_code	text NOT NULL CHECK (recipient_code ~ '^[a-z0-9_]{1,40}$'),
	name			text NOT NULL,
	direction		text NOT NULL CHECK (direction = ANY (ARRAY['provide', 'transfer'])),	-- 提供 / 移転
	body_kind		text NOT NULL CHECK (body_kind = ANY (ARRAY['taxpayer', 'outside_body', 'internal_department',
																  'contractor', 'network'])),
	medium			text NOT NULL,		-- 庁内連携, eLTAX, LGWAN, 紙, 電子媒体, 専用線 ...
	frequency		text NOT NULL,		-- 随時, 毎日, 年1回 ...
	paper_or_media	boolean NOT NULL DEFAULT false,	-- needs an approved data-use application
	encryption_required boolean NOT NULL DEFAULT false,	-- needs a recipient-held password
	operator_role	name NOT NULL DEFAULT 'zeimu_provision',	-- who may build its extracts
	seed_ref		text NOT NULL,		-- where the row comes from (seed section)
	active			boolean NOT NULL DEFAULT true,
	PRIMARY KEY (lg_code, recipient_code)
);
COMMENT ON TABLE @extschema@.provision_recipient IS 'recipients of provision (提供) and transfer (移転); any other destination is refused';

CREATE TABLE @extschema@.provision_basis (
	lg_code			@extschema@.lg_code NOT NULL,
	recipient_code	text NOT NULL,
	basis_code		text NOT NULL CHECK (basis_code ~ '^[a-z0-9_]{1,40}$'),
	legal_article	text NOT NULL CHECK (legal_article <> ''),
	purpose			text NOT NULL,		-- use at the recipient
	valid_from		date NOT NULL DEFAULT '2016-01-01',
	valid_to		date,
	seed_ref		text NOT NULL,
	PRIMARY KEY (lg_code, recipient_code, basis_code),
	FOREIGN KEY (lg_code, recipient_code) REFERENCES @extschema@.provision_recipient
);
COMMENT ON TABLE @extschema@.provision_basis IS 'the legal basis under which a recipient may receive items';

CREATE TABLE @extschema@.provision_permitted_item (
	lg_code			@extschema@.lg_code NOT NULL,
	recipient_code	text NOT NULL,
	basis_code		text NOT NULL,
	item_code		text NOT NULL,
	mandatory		boolean NOT NULL DEFAULT false,
	PRIMARY KEY (lg_code, recipient_code, basis_code, item_code),
	FOREIGN KEY (lg_code, recipient_code, basis_code) REFERENCES @extschema@.provision_basis,
	FOREIGN KEY (lg_code, item_code) REFERENCES @extschema@.provision_item
);
COMMENT ON TABLE @extschema@.provision_permitted_item IS 'pre-declared item list per recipient and basis (seed 000 req. 22)';

-- ---------------------------------------------------------------------------
-- Data-use applications (データ使用承認願 / データ利用申請), kept 5 years.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.data_use_application (
	lg_code			@extschema@.lg_code NOT NULL,
	application_id	bigint GENERATED ALWAYS AS IDENTITY,
	recipient_code	text NOT NULL,
	basis_code		text NOT NULL,
	applicant_dept	text NOT NULL,
	applicant_name	text NOT NULL,
	identity_checked_by text NOT NULL,	-- 申請者の本人確認 (seed 001 §10.5)
	purpose			text NOT NULL,
	conditions		text,
	items			text[] NOT NULL,
	medium			text NOT NULL CHECK (medium = ANY (ARRAY['paper', 'media'])),
	period_from		date NOT NULL,
	period_to		date NOT NULL,
	submitted_on	date NOT NULL DEFAULT CURRENT_DATE,
	submitted_by	text NOT NULL DEFAULT pg_catalog.session_user(),
	approval_id		bigint,				-- the access module's two-person approval (kind data_use_application)
	approved_by		text,				-- the approving staff id (zeimu.approval.approved_by)
	approved_at		timestamptz,
	keep_until		date NOT NULL,		-- submitted_on + 5 years (seed 001 §10.5)
	PRIMARY KEY (lg_code, application_id),
	FOREIGN KEY (lg_code, recipient_code, basis_code) REFERENCES @extschema@.provision_basis,
	CHECK (period_to >= period_from)
);
COMMENT ON TABLE @extschema@.data_use_application IS 'データ使用承認願: needed for paper/media transfers; kept 5 years';

-- ---------------------------------------------------------------------------
-- Provision records (発送記録 / 提供記録).  Never the Individual Number:
-- the items, the count and a SHA-256 of the extract.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.provision_record (
	lg_code			@extschema@.lg_code NOT NULL,
	provision_id	bigint GENERATED ALWAYS AS IDENTITY,
	direction		text NOT NULL,
	recipient_code	text NOT NULL,
	basis_code		text NOT NULL,
	legal_article	text NOT NULL,
	items			text[] NOT NULL,
	record_count	integer NOT NULL,
	provided_on		date NOT NULL DEFAULT CURRENT_DATE,
	provided_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	staff_id		text NOT NULL,
	session_user_name text NOT NULL DEFAULT pg_catalog.session_user(),
	medium			text NOT NULL,
	encrypted		boolean NOT NULL,
	precheck_passed	boolean NOT NULL,
	extract_sha256	bytea NOT NULL,
	application_id	bigint,
	batch_id		bigint,
	purpose_note	text,
	PRIMARY KEY (lg_code, provision_id),
	FOREIGN KEY (lg_code, recipient_code, basis_code) REFERENCES @extschema@.provision_basis,
	FOREIGN KEY (lg_code, application_id) REFERENCES @extschema@.data_use_application
);
COMMENT ON TABLE @extschema@.provision_record IS 'one row per extract: recipient, basis, items, count, date, staff (no Individual Number)';

CREATE TABLE @extschema@.provision_record_subject (
	lg_code			@extschema@.lg_code NOT NULL,
	provision_id	bigint NOT NULL,
	atena_no		bigint NOT NULL,
	PRIMARY KEY (lg_code, provision_id, atena_no),
	FOREIGN KEY (lg_code, provision_id) REFERENCES @extschema@.provision_record,
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person
);
CREATE INDEX ON @extschema@.provision_record_subject (lg_code, atena_no);
COMMENT ON TABLE @extschema@.provision_record_subject IS 'whose data an extract carried (atena numbers)';

-- 受渡票: one per extract handed to a contractor (seed 000 req. 38, 002 R-002-12).
CREATE TABLE @extschema@.handover_slip (
	lg_code			@extschema@.lg_code NOT NULL,
	slip_id			bigint GENERATED ALWAYS AS IDENTITY,
	provision_id	bigint NOT NULL,
	contract_ref	text NOT NULL CHECK (contract_ref <> ''),
	handed_on		date NOT NULL DEFAULT CURRENT_DATE,
	record_count	integer NOT NULL,
	handler_role	text NOT NULL,		-- 情報授受担当者
	handed_by		text NOT NULL,
	status			text NOT NULL DEFAULT 'provided' CHECK (status = ANY (ARRAY['provided', 'returned', 'destroyed'])),
	status_checked_by text,
	status_at		timestamptz,
	PRIMARY KEY (lg_code, slip_id),
	FOREIGN KEY (lg_code, provision_id) REFERENCES @extschema@.provision_record
);
COMMENT ON TABLE @extschema@.handover_slip IS '受渡票: hand-over of an extract to a contractor (date, count, handler); ledger status';

-- ---------------------------------------------------------------------------
-- Notice and declaration-form batches: released only after two different
-- staff members confirmed the recipients (seed 000 req. 23).
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.notice_batch (
	lg_code			@extschema@.lg_code NOT NULL,
	batch_id		bigint GENERATED ALWAYS AS IDENTITY,
	kind			text NOT NULL CHECK (kind = ANY (ARRAY['tax_notice', 'declaration_form'])),
	recipient_code	text NOT NULL,
	basis_code		text NOT NULL,
	items			text[] NOT NULL,
	created_by		text NOT NULL DEFAULT pg_catalog.session_user(),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	status			text NOT NULL DEFAULT 'draft' CHECK (status = ANY (ARRAY['draft', 'released'])),
	provision_id	bigint,
	released_at		timestamptz,
	approval_id		bigint,			-- zeimu.approval of kind notice_batch_release (first confirmation)
	PRIMARY KEY (lg_code, batch_id),
	FOREIGN KEY (lg_code, recipient_code, basis_code) REFERENCES @extschema@.provision_basis
);
CREATE TABLE @extschema@.notice_batch_subject (
	lg_code			@extschema@.lg_code NOT NULL,
	batch_id		bigint NOT NULL,
	atena_no		bigint NOT NULL,
	PRIMARY KEY (lg_code, batch_id, atena_no),
	FOREIGN KEY (lg_code, batch_id) REFERENCES @extschema@.notice_batch,
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person
);
CREATE TABLE @extschema@.notice_batch_confirmation (
	lg_code			@extschema@.lg_code NOT NULL,
	batch_id		bigint NOT NULL,
	confirmed_by	text NOT NULL,		-- session_user: one login per person (R-002-01)
	staff_id		text,
	confirmed_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, batch_id, confirmed_by),
	FOREIGN KEY (lg_code, batch_id) REFERENCES @extschema@.notice_batch
);
COMMENT ON TABLE @extschema@.notice_batch_confirmation IS 'recipient confirmations of a notice batch; release needs the approval of two different staff members';

-- ---------------------------------------------------------------------------
-- Information-provision network (中間サーバー): permit list and records.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.network_permit (
	lg_code			@extschema@.lg_code NOT NULL,
	permit_id		text NOT NULL CHECK (permit_id <> ''),	-- 情報提供許可証 / list entry
	direction		text NOT NULL CHECK (direction = ANY (ARRAY['inquiry', 'provision'])),
	requester		text NOT NULL,		-- 情報照会者
	provider		text NOT NULL,		-- 情報提供者
	business		text NOT NULL,		-- 事務
	info_item		text NOT NULL,		-- 特定個人情報
	legal_basis		text NOT NULL,
	no_auto_response boolean NOT NULL DEFAULT false,	-- 自動応答不可フラグ
	purpose_condition text CHECK (purpose_condition = ANY (ARRAY['pending_reduction_application'])),
	valid_from		date NOT NULL DEFAULT '2016-01-01',
	valid_to		date,
	seed_ref		text NOT NULL,
	PRIMARY KEY (lg_code, permit_id)
);
COMMENT ON TABLE @extschema@.network_permit IS '照会許可用照合リスト: requester, provider, business, item; inquiries and provisions must match';

-- 減免 applications the purpose condition looks at (seed 000 req. 19).  The
-- levy modules write here; it is the smallest table that makes the
-- condition checkable.
CREATE TABLE @extschema@.reduction_application (
	lg_code			@extschema@.lg_code NOT NULL,
	application_id	bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,
	tax_kind		text NOT NULL,
	filed_on		date NOT NULL,
	status			text NOT NULL DEFAULT 'pending' CHECK (status = ANY (ARRAY['pending', 'granted', 'rejected', 'withdrawn'])),
	PRIMARY KEY (lg_code, application_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person
);
CREATE INDEX ON @extschema@.reduction_application (lg_code, atena_no, status);

CREATE TABLE @extschema@.network_param (
	lg_code			@extschema@.lg_code NOT NULL,
	valid_from		date NOT NULL,
	result_retention interval NOT NULL,	-- inquiry results deleted after this (seed 001 R-NW-04)
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.network_param IS 'network parameters per municipality (000000 = national default)';

CREATE TABLE @extschema@.network_record (
	lg_code			@extschema@.lg_code NOT NULL,
	record_id		bigint GENERATED ALWAYS AS IDENTITY,
	direction		text NOT NULL CHECK (direction = ANY (ARRAY['inquiry', 'provision'])),
	permit_id		text NOT NULL,
	atena_no		bigint NOT NULL,	-- the subject; never the Individual Number
	info_item		text NOT NULL,
	business		text NOT NULL,
	counterpart		text NOT NULL,		-- provider (inquiry) or requester (provision)
	recorded_at		timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	staff_id		text NOT NULL,
	session_user_name text NOT NULL DEFAULT pg_catalog.session_user(),
	result			text NOT NULL CHECK (result = ANY (ARRAY['sent', 'answered', 'awaiting_confirmation',
															  'confirmed', 'interrupted'])),
	confirmed_by	text,
	confirmed_at	timestamptz,
	result_payload	jsonb,			-- an inquiry's answer, deleted after the retention
	result_deleted_at timestamptz,
	PRIMARY KEY (lg_code, record_id),
	FOREIGN KEY (lg_code, permit_id) REFERENCES @extschema@.network_permit,
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person
);
CREATE INDEX ON @extschema@.network_record (lg_code, atena_no);
COMMENT ON TABLE @extschema@.network_record IS '情報提供等記録: every inquiry and provision with time, staff, subject (atena), item and result';

-- ---------------------------------------------------------------------------
-- Refusals: written by a background worker in its own transaction
-- (src/provision_refusal.c), so they survive the error and the caller's
-- rollback.  No personal data beyond codes and the message.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.provision_refusal (
	lg_code			@extschema@.lg_code NOT NULL,
	refusal_id		bigint GENERATED ALWAYS AS IDENTITY,
	refused_at		timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	what			text NOT NULL,		-- recipient code, 'network', 'pension'
	sqlstate		text NOT NULL,
	message			text NOT NULL,
	session_user_name text NOT NULL,
	current_user_name text NOT NULL,
	staff_id		text,
	PRIMARY KEY (lg_code, refusal_id)
);
CREATE INDEX ON @extschema@.provision_refusal (lg_code, refused_at);
COMMENT ON TABLE @extschema@.provision_refusal IS 'every refused provision, transfer, network request and release (own transaction)';
