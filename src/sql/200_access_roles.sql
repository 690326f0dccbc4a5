-- access: duty roles, the duty catalogue and the access settings.
-- See doc/access.md.  Every check below identifies the caller with
-- zeimu.access_outer_role() (src/access_role.c): inside SECURITY DEFINER code
-- current_user is the owner, the outer role is the session's own role.

CREATE FUNCTION @extschema@.access_outer_role() RETURNS name
	AS 'MODULE_PATHNAME', 'access_outer_role' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.access_outer_role() IS 'the role the session acts as (login role or SET ROLE target), unchanged inside SECURITY DEFINER functions';

-- NOLOGIN duty roles, all members of zeimu_user.  IF NOT EXISTS: the roles
-- are cluster-wide and survive DROP EXTENSION; another module (registry) may
-- already have created zeimu_purge_operator.
DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['zeimu_levy', 'zeimu_collection', 'zeimu_delinquency', 'zeimu_counter',
							 'zeimu_pension', 'zeimu_reporting', 'zeimu_auditor', 'zeimu_security_officer',
							 'zeimu_sysadmin', 'zeimu_purge_operator', 'zeimu_contractor', 'zeimu_provision',
							 'zeimu_section_chief']
	LOOP
		IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r) THEN
			EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
		END IF;
		EXECUTE pg_catalog.format('GRANT zeimu_user TO %I', r);
	END LOOP;
END
$$;

-- The duty catalogue.  Roles are cluster-wide, so the catalogue is too: its
-- rows carry lg_code '000000' (every municipality in this database).
CREATE TABLE @extschema@.duty (
	lg_code		text NOT NULL DEFAULT '000000' CHECK (lg_code OPERATOR(pg_catalog.=) '000000'),
	duty		text NOT NULL,
	rolname		name NOT NULL UNIQUE,
	title_ja	text NOT NULL,
	description	text NOT NULL,
	PRIMARY KEY (lg_code, duty),
	UNIQUE (duty)
);
COMMENT ON TABLE @extschema@.duty IS 'duties (事務) and the NOLOGIN role that carries each one';

INSERT INTO @extschema@.duty (duty, rolname, title_ja, description) VALUES
	('levy',			'zeimu_levy',				'課税',					'assessment of municipal taxes'),
	('collection',		'zeimu_collection',			'収納',					'payments, reconciliation and refunds'),
	('delinquency',		'zeimu_delinquency',		'滞納整理',				'demands, seizure and write-off'),
	('counter',			'zeimu_counter',			'窓口・証明',			'certificates and identity checks, one person at a time'),
	('pension',			'zeimu_pension',			'国民年金',				'national pension affairs'),
	('reporting',		'zeimu_reporting',			'EUC・統計',			'end-user reporting through zeimu_report, never an Individual Number'),
	('auditor',			'zeimu_auditor',			'監査',					'reads logs and reports, changes nothing'),
	('security_officer', 'zeimu_security_officer',	'情報セキュリティ責任者', 'staff registry, rights review, contractor grants'),
	('sysadmin',		'zeimu_sysadmin',			'システム利用管理者',		'staff registry, rights table, approval kinds'),
	('purge_operator',	'zeimu_purge_operator',		'消去担当',				'runs retention purges'),
	('contractor',		'zeimu_contractor',			'委託事業者',			'no access except under a time-boxed contractor grant'),
	('provision',		'zeimu_provision',			'提供・移転・開示',		'provision and transfer of specific personal information, network records, disclosure requests (doc/provision.md)'),
	('section_chief',	'zeimu_section_chief',		'所属長 (課長)',			'approves data-use applications, confirms network provisions flagged no-automatic-response, loads the permit list');

-- Access settings, keyed (lg_code, applies_from).  lg_code '000000' is the
-- default every municipality inherits until it sets its own row.  These are
-- operating rules of the security policy (情報セキュリティポリシー), not law.
CREATE TABLE @extschema@.access_setting (
	lg_code				text NOT NULL CHECK (lg_code OPERATOR(pg_catalog.~) '^[0-9]{6}$'),
	applies_from		date NOT NULL,
	session_limit		interval NOT NULL CHECK (session_limit OPERATOR(pg_catalog.>) interval '0'),
	office_hours_start	time NOT NULL,
	office_hours_end	time NOT NULL,
	review_interval		interval NOT NULL CHECK (review_interval OPERATOR(pg_catalog.>) interval '0'),
	unused_after		interval NOT NULL CHECK (unused_after OPERATOR(pg_catalog.>) interval '0'),
	idle_session_timeout interval NOT NULL CHECK (idle_session_timeout OPERATOR(pg_catalog.>) interval '0'),
	PRIMARY KEY (lg_code, applies_from),
	CHECK (office_hours_start OPERATOR(pg_catalog.<) office_hours_end)
);
COMMENT ON TABLE @extschema@.access_setting IS 'session limit, office hours, review interval, idle timeout; lg_code 000000 is the default';
INSERT INTO @extschema@.access_setting VALUES
	('000000', '2000-01-01', interval '10 hours', time '07:30', time '20:00',
	 interval '1 month', interval '90 days', interval '30 minutes');

-- The setting row in force for a municipality on a date: its own latest row
-- applying from on or before the date, else the '000000' default.
CREATE FUNCTION @extschema@.access_setting_for(p_lg_code text, p_on date DEFAULT CURRENT_DATE)
RETURNS @extschema@.access_setting
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT s.* FROM @extschema@.access_setting s
	WHERE s.lg_code OPERATOR(pg_catalog.=) ANY (ARRAY[p_lg_code, '000000'])
	  AND s.applies_from OPERATOR(pg_catalog.<=) p_on
	ORDER BY (s.lg_code OPERATOR(pg_catalog.=) p_lg_code) DESC, s.applies_from DESC
	LIMIT 1
$$;

-- Closed days of a municipality, used by the out-of-hours report: the
-- calendar module's closing days (地方自治法第4条の2: Saturdays, Sundays,
-- national holidays, 29 Dec - 3 Jan, plus the municipality's own days in
-- zeimu.closing_day).  The one place the access module calls the calendar.
CREATE FUNCTION @extschema@.access_is_closed_day(p_day date, p_lg_code text DEFAULT '000000') RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.is_government_closed(p_day, p_lg_code::@extschema@.lg_code)
$$;
