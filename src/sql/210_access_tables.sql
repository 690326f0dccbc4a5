-- access: the staff registry, contractor grants, approvals and session
-- samples.  All of it is readable only through the functions in 220-270 or,
-- for the security officer, auditor and system administrator, through RLS
-- limited to their own municipality (policies in 280_access_policies.sql).

-- One staff record per natural person, mapped to exactly one login role.
CREATE TABLE @extschema@.staff (
	lg_code			text NOT NULL CHECK (lg_code OPERATOR(pg_catalog.~) '^[0-9]{6}$'),
	staff_id		text NOT NULL CHECK (staff_id OPERATOR(pg_catalog.~) '^[0-9A-Za-z_-]{1,32}$'),
	rolname			name NOT NULL UNIQUE,
	full_name		text NOT NULL CHECK (full_name OPERATOR(pg_catalog.<>) ''),
	all_offices		boolean NOT NULL DEFAULT false,
	valid_from		date NOT NULL,
	valid_to		date,
	revoked_at		timestamptz,
	revoked_by		name,
	revoked_reason	text,
	last_reviewed_at timestamptz,
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	created_by		name NOT NULL,
	PRIMARY KEY (lg_code, staff_id),
	CHECK (valid_to IS NULL OR valid_to OPERATOR(pg_catalog.>=) valid_from),
	CHECK ((revoked_at IS NULL) OPERATOR(pg_catalog.=) (revoked_reason IS NULL))
);
COMMENT ON TABLE @extschema@.staff IS 'staff registry: one login role per natural person; all_offices marks HQ divisions (本庁) that see every office of their municipality';

CREATE TABLE @extschema@.staff_office (
	lg_code		text NOT NULL,
	staff_id	text NOT NULL,
	office_code	text NOT NULL,
	PRIMARY KEY (lg_code, staff_id, office_code),
	FOREIGN KEY (lg_code, staff_id) REFERENCES @extschema@.staff
);
CREATE TABLE @extschema@.staff_duty (
	lg_code		text NOT NULL,
	staff_id	text NOT NULL,
	duty		text NOT NULL REFERENCES @extschema@.duty (duty),
	PRIMARY KEY (lg_code, staff_id, duty),
	FOREIGN KEY (lg_code, staff_id) REFERENCES @extschema@.staff
);
-- What happened to staff records: registration, changes, revocation, review.
CREATE TABLE @extschema@.staff_event (
	lg_code		text NOT NULL,
	event_id	bigint GENERATED ALWAYS AS IDENTITY,
	staff_id	text NOT NULL,
	event		text NOT NULL CHECK (event OPERATOR(pg_catalog.=) ANY (ARRAY['registered', 'changed', 'revoked', 'reviewed'])),
	detail		jsonb NOT NULL DEFAULT '{}',
	at			timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	by_role		name NOT NULL,
	PRIMARY KEY (lg_code, event_id),
	FOREIGN KEY (lg_code, staff_id) REFERENCES @extschema@.staff
);

-- Time-boxed contractor access (保守・障害対応).  Only one municipality per
-- contractor role at a time (enforced by grant_contractor_access).
CREATE TABLE @extschema@.contractor_grant (
	lg_code		text NOT NULL CHECK (lg_code OPERATOR(pg_catalog.~) '^[0-9]{6}$'),
	grant_id	bigint GENERATED ALWAYS AS IDENTITY,
	rolname		name NOT NULL,
	reason		text NOT NULL CHECK (reason OPERATOR(pg_catalog.=) ANY (ARRAY['failure', 'maintenance'])),
	detail		text NOT NULL CHECK (detail OPERATOR(pg_catalog.<>) ''),
	duty		text NOT NULL REFERENCES @extschema@.duty (duty),
	offices		text[] NOT NULL CHECK (pg_catalog.cardinality(offices) OPERATOR(pg_catalog.>) 0),
	approved_by	text NOT NULL,
	attended_by	text NOT NULL,
	granted_by	name NOT NULL,
	starts_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	ends_at		timestamptz NOT NULL,
	ended_at	timestamptz,
	ended_how	text CHECK (ended_how OPERATOR(pg_catalog.=) ANY (ARRAY['expired', 'ended early'])),
	PRIMARY KEY (lg_code, grant_id),
	CHECK (ends_at OPERATOR(pg_catalog.>) starts_at),
	FOREIGN KEY (lg_code, approved_by) REFERENCES @extschema@.staff,
	FOREIGN KEY (lg_code, attended_by) REFERENCES @extschema@.staff
);
CREATE INDEX ON @extschema@.contractor_grant (rolname) WHERE ended_at IS NULL;

-- Two-person approval (二者承認).
CREATE TABLE @extschema@.approval_kind (
	lg_code			text NOT NULL CHECK (lg_code OPERATOR(pg_catalog.~) '^[0-9]{6}$'),
	kind			text NOT NULL CHECK (kind OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
	description		text NOT NULL CHECK (description OPERATOR(pg_catalog.<>) ''),
	approver_duties	text[],
	valid_for		interval NOT NULL DEFAULT interval '24 hours' CHECK (valid_for OPERATOR(pg_catalog.>) interval '0'),
	registered_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	registered_by	name NOT NULL,
	PRIMARY KEY (lg_code, kind)
);
CREATE TABLE @extschema@.approval (
	lg_code		text NOT NULL,
	approval_id	bigint GENERATED ALWAYS AS IDENTITY,
	kind		text NOT NULL,
	subject		jsonb NOT NULL,
	reason		text NOT NULL CHECK (reason OPERATOR(pg_catalog.<>) ''),
	requested_by text NOT NULL,
	requested_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	approved_by	text,
	approved_at	timestamptz,
	consumed_at	timestamptz,
	consumed_by	name,
	PRIMARY KEY (lg_code, approval_id),
	UNIQUE (approval_id),
	FOREIGN KEY (lg_code, kind) REFERENCES @extschema@.approval_kind,
	FOREIGN KEY (lg_code, requested_by) REFERENCES @extschema@.staff,
	FOREIGN KEY (lg_code, approved_by) REFERENCES @extschema@.staff,
	CHECK (approved_by IS NULL OR approved_by OPERATOR(pg_catalog.<>) requested_by),
	CHECK (consumed_at IS NULL OR approved_at IS NOT NULL)
);

-- Sessions of zeimu users, sampled from pg_stat_activity by
-- zeimu.sample_sessions() (pg_cron, every minute).  lg_code '000000' for a
-- login that is not mapped to a staff record or contractor grant.
CREATE TABLE @extschema@.session_sample (
	lg_code			text NOT NULL,
	rolname			name NOT NULL,
	backend_start	timestamptz NOT NULL,
	pid				integer NOT NULL,
	first_seen		timestamptz NOT NULL,
	last_seen		timestamptz NOT NULL,
	last_activity	timestamptz,
	client_addr		inet,
	application_name text,
	PRIMARY KEY (lg_code, rolname, backend_start, pid)
);

-- The scope each role may see, derived from the staff registry and the
-- contractor grants by zeimu.access_refresh_scope() (triggers keep it in
-- step with every change): one row per role (a login is a staff member or a
-- contractor with one running grant, never both), its municipality, its
-- offices, and when (the Japan days of the staff record's validity, or the
-- grant's start to end).  Row policies read it in two InitPlans, each one
-- probe of the unique index on rolname, which a prepared statement keeps
-- planned (bench/RESULTS.md).  A role reads only its own row.
CREATE TABLE @extschema@.access_scope (
	lg_code			text NOT NULL,
	rolname			name NOT NULL UNIQUE,
	offices			text[] NOT NULL,
	valid_during	tstzrange NOT NULL,
	staff_id		text,
	grant_id		bigint,
	PRIMARY KEY (lg_code, rolname),
	CHECK ((staff_id IS NULL) OPERATOR(pg_catalog.<>) (grant_id IS NULL))
);
COMMENT ON TABLE @extschema@.access_scope IS 'derived: what each login may see (municipality, offices, when); read by the row policies';
