-- access: the reporting schema zeimu_report for end-user computing (EUC).
-- Views are security_invoker (the querying role's privileges and row
-- security apply, not the owner's: a plain view owned by the extension owner
-- would bypass RLS, security_anchors.md §1.1) and security_barrier.  No view
-- has an Individual Number column, and none reads the vault or the link
-- review queue; the reporting role holds no privilege on those tables and no
-- EXECUTE on any function that decrypts or looks up a number.

CREATE SCHEMA zeimu_report;
REVOKE ALL ON SCHEMA zeimu_report FROM PUBLIC;
COMMENT ON SCHEMA zeimu_report IS 'zeimu: reporting views for EUC; row security of the querying role applies; no Individual Number';

CREATE VIEW zeimu_report.person WITH (security_invoker = true, security_barrier = true) AS
	SELECT p.lg_code, p.atena_no, p.kind, p.name, p.name_kana, p.sex, p.birth_date, p.postal_code,
		   p.address, p.area_code, p.resident, p.office_code, p.death_date
	FROM @extschema@.person p;
COMMENT ON VIEW zeimu_report.person IS 'persons (basic items) the querying staff member may see; no Individual Number';

CREATE VIEW zeimu_report.person_relation WITH (security_invoker = true, security_barrier = true) AS
	SELECT r.lg_code, r.relation_id, r.atena_no, r.related_atena_no, r.kind, r.started_on, r.ended_on
	FROM @extschema@.person_relation r;
COMMENT ON VIEW zeimu_report.person_relation IS 'relations (tax agent, addressee, heir, representative) of visible persons';

CREATE VIEW zeimu_report.persons_by_office WITH (security_invoker = true, security_barrier = true) AS
	SELECT p.lg_code, p.office_code, p.kind, p.resident, pg_catalog.count(*) AS persons
	FROM @extschema@.person p
	GROUP BY p.lg_code, p.office_code, p.kind, p.resident;
COMMENT ON VIEW zeimu_report.persons_by_office IS 'person counts per office, kind and residence, over the rows the querying staff member may see';

-- Statement-level audit of the reporting role (pgaudit): set per login by
-- zeimu.register_staff (pgaudit.log = 'read, function', log_relation on),
-- because role settings apply only to the role a session logs in as, never
-- to the roles it is a member of or SET ROLEs to.  The setting on the group
-- role below records the intent (it applies only if zeimu_reporting were
-- ever given LOGIN).
DO $$
BEGIN
	IF pg_catalog.current_setting('pgaudit.log', true) IS NOT NULL THEN
		ALTER ROLE zeimu_reporting SET pgaudit.log = 'read, function';
		ALTER ROLE zeimu_reporting SET pgaudit.log_relation = on;
	END IF;
END
$$;
