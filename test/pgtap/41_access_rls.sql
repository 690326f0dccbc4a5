-- access (issue 4), phase 2: the access matrix.  Every duty role (a staff
-- member of municipality 131016, office T1), an HQ staff member, a revoked
-- one, a contractor without a grant and an unmapped login, against every
-- personal-data table and reporting view, for SELECT / INSERT / UPDATE /
-- DELETE of another office's row (and of another municipality's row), and
-- SELECT of their own office's row.  Then the positive cells, partitions,
-- COPY to a file, attacks and plans.  COPY ... TO STDOUT is in
-- sql/access_copy.sql (pg_regress), since pgTAP cannot capture it.
BEGIN;
-- zeimu.lg_code columns compare with zeimu's = operator.
SET LOCAL search_path = public, zeimu;

-- ---- fixture: two municipalities, the same office code T1 in both -------
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES
	('131016', '千代田区', '東京都'), ('271004', '大阪市', '大阪府');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES
	('131016', 'HQ', '税務課', 'hq_division'), ('131016', 'T1', '北部', 'tax_office'),
	('131016', 'T2', '南部', 'tax_office'), ('271004', 'T1', '北部', 'tax_office');
INSERT INTO zeimu.office_area (lg_code, area_code, area_name, office_code) VALUES
	('131016', 'A1', '一丁目', 'T1'), ('131016', 'A2', '二丁目', 'T2'), ('271004', 'A1', '一丁目', 'T1');
-- atena 1, 3: T1 of 131016 (own); 2, 4: T2 of 131016 (other office); 1, 2 in 271004 office T1 (other municipality).
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, office_code) VALUES
	('131016', 1, '北野 一郎', 'キタノ イチロウ', 'T1'), ('131016', 3, '北野 花子', 'キタノ ハナコ', 'T1'),
	('131016', 2, '南野 次郎', 'ミナミノ ジロウ', 'T2'), ('131016', 4, '南野 春子', 'ミナミノ ハルコ', 'T2'),
	('271004', 1, '大阪 一郎', 'オオサカ イチロウ', 'T1'), ('271004', 2, '大阪 次郎', 'オオサカ ジロウ', 'T1');
INSERT INTO zeimu.person_relation (lg_code, atena_no, related_atena_no, kind, started_on) VALUES
	('131016', 1, 3, 'addressee', '2026-04-01'), ('131016', 2, 4, 'addressee', '2026-04-01'),
	('271004', 1, 2, 'addressee', '2026-04-01');
INSERT INTO zeimu.identity_verification (lg_code, atena_no, method, staff_id, verified_on) VALUES
	('131016', 1, 'interview', 'X', '2026-04-01'), ('131016', 2, 'interview', 'X', '2026-04-01'),
	('271004', 1, 'interview', 'X', '2026-04-01');
INSERT INTO zeimu.integrated_atena (lg_code, atena_no, integrated_no) VALUES
	('131016', 1, 901), ('131016', 2, 902), ('271004', 1, 903);
INSERT INTO zeimu.person_history (lg_code, atena_no, changed_by, changed_at, business_date, old_row) VALUES
	('131016', 1, 'x', now(), '2026-04-01', '{}'), ('131016', 2, 'x', now(), '2026-04-01', '{}'),
	('271004', 1, 'x', now(), '2026-04-01', '{}');
INSERT INTO zeimu.same_person_candidate (lg_code, atena_no_a, atena_no_b, reason) VALUES
	('131016', 1, 3, 'same_basic_items'), ('131016', 2, 4, 'same_basic_items'), ('271004', 1, 2, 'same_basic_items');
INSERT INTO zeimu.integrated_atena_issue (lg_code, check_date, atena_no, problem) VALUES
	('131016', '2026-04-01', 1, 'x'), ('131016', '2026-04-01', 2, 'x'), ('271004', '2026-04-01', 1, 'x');
INSERT INTO zeimu.mynumber_vault (lg_code, atena_no, key_id, blind_index, ciphertext, ct_mac, source) VALUES
	('131016', 1, 1, '\x01', '\x01', '\x01', 't'), ('131016', 2, 1, '\x02', '\x02', '\x02', 't'),
	('271004', 1, 1, '\x03', '\x03', '\x03', 't');
INSERT INTO zeimu.link_review (lg_code, atena_no, reason, key_id, blind_index, ciphertext, ct_mac, source) VALUES
	('131016', 1, 'person_has_other_number', 1, '\x01', '\x01', '\x01', 't'),
	('131016', 2, 'person_has_other_number', 1, '\x02', '\x02', '\x02', 't'),
	('271004', 1, 'person_has_other_number', 1, '\x03', '\x03', '\x03', 't');
INSERT INTO zeimu.access_log (lg_code, session_user_name, current_user_name, atena_no, function_name, txid) VALUES
	('131016', 'x', 'x', 1, 'f', 1), ('271004', 'x', 'x', 1, 'f', 1);

-- ---- principals -----------------------------------------------------------
SELECT zeimu.register_staff('131016', 'D_' || d.duty, 'regress_d_' || d.duty, 'Staff ' || d.duty,
							ARRAY[d.duty], ARRAY['T1'])
FROM zeimu.duty d WHERE d.duty <> 'contractor';
SELECT zeimu.register_staff('131016', 'HQ1', 'regress_hq', 'HQ levy', ARRAY['levy'], '{}', true);
SELECT zeimu.register_staff('131016', 'R1', 'regress_revoked', 'Revoked levy', ARRAY['levy'], ARRAY['T1']);
SELECT zeimu.revoke_staff('131016', 'R1', '退職');
GRANT zeimu_levy TO regress_revoked;		-- granted back by hand: still nothing
CREATE ROLE regress_contractor NOLOGIN IN ROLE zeimu_contractor;
CREATE ROLE regress_unmapped NOLOGIN IN ROLE zeimu_levy, zeimu_reporting, zeimu_auditor, zeimu_counter;

-- all_offices: HQ sees every office of its municipality (by design);
-- all_lg: the purge operator reads the access log of every municipality
-- (the registry's purge policy, kept).
CREATE TEMP TABLE principal (rolname name, no_access boolean, all_offices boolean DEFAULT false);
INSERT INTO principal SELECT 'regress_d_' || duty, false FROM zeimu.duty WHERE duty <> 'contractor';
INSERT INTO principal VALUES ('regress_hq', false, true), ('regress_revoked', true, false), ('regress_contractor', true, false),
	('regress_unmapped', true, false);

-- Objects: own row (T1 of 131016), another office's row (T2 of 131016),
-- another municipality's row (T1 of 271004), and an INSERT of a row of another office.
CREATE TEMP TABLE object (obj text, own text, other_office text, other_lg text, ins_other text);
INSERT INTO object VALUES
	('zeimu.person', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.person (lg_code, atena_no, name, office_code) VALUES ('131016', 99, 'x', 'T2')$$),
	('zeimu.office_area', $$lg_code = '131016' AND area_code = 'A1'$$, $$lg_code = '131016' AND area_code = 'A2'$$,
	 $$lg_code = '271004' AND area_code = 'A1'$$,
	 $$INSERT INTO zeimu.office_area VALUES ('131016', 'A9', 'x', 'T2')$$),
	('zeimu.person_relation', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.person_relation (lg_code, atena_no, related_atena_no, kind, started_on) VALUES ('131016', 4, 2, 'heir', '2026-04-01')$$),
	('zeimu.identity_verification', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.identity_verification (lg_code, atena_no, method, staff_id, verified_on) VALUES ('131016', 2, 'interview', 'x', '2026-04-01')$$),
	('zeimu.integrated_atena', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.integrated_atena (lg_code, atena_no, integrated_no) VALUES ('131016', 4, 904)$$),
	('zeimu.person_history', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.person_history (lg_code, atena_no, changed_by, changed_at, business_date, old_row) VALUES ('131016', 2, 'x', now(), '2026-04-01', '{}')$$),
	('zeimu.same_person_candidate', $$lg_code = '131016' AND atena_no_a = 1$$, $$lg_code = '131016' AND atena_no_a = 2$$,
	 $$lg_code = '271004' AND atena_no_a = 1$$,
	 $$INSERT INTO zeimu.same_person_candidate (lg_code, atena_no_a, atena_no_b, reason) VALUES ('131016', 2, 3, 'same_basic_items')$$),
	('zeimu.integrated_atena_issue', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.integrated_atena_issue VALUES ('131016', '2026-04-02', 2, 'x')$$),
	('zeimu.mynumber_vault', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.mynumber_vault (lg_code, atena_no, key_id, blind_index, ciphertext, ct_mac, source) VALUES ('131016', 4, 1, '\x04', '\x04', '\x04', 't')$$),
	('zeimu.link_review', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu.link_review (lg_code, atena_no, reason, key_id, blind_index, ciphertext, ct_mac, source) VALUES ('131016', 2, 'person_has_other_number', 1, '\x04', '\x04', '\x04', 't')$$),
	('zeimu.access_log', $$lg_code = '131016'$$, $$lg_code = '271004'$$, $$lg_code = '271004'$$,
	 $$INSERT INTO zeimu.access_log (lg_code, session_user_name, current_user_name, function_name, txid) VALUES ('271004', 'x', 'x', 'f', 1)$$),
	('zeimu.staff', $$lg_code = '131016' AND staff_id = 'D_levy'$$, $$lg_code = '271004'$$, $$lg_code = '271004'$$,
	 $$INSERT INTO zeimu.staff (lg_code, staff_id, rolname, full_name, valid_from, created_by) VALUES ('271004', 'Z', 'regress_z', 'z', '2026-01-01', 'x')$$),
	('zeimu_report.person', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu_report.person (lg_code, atena_no, kind, name, office_code) VALUES ('131016', 98, 'individual', 'x', 'T2')$$),
	('zeimu_report.person_relation', $$lg_code = '131016' AND atena_no = 1$$, $$lg_code = '131016' AND atena_no = 2$$,
	 $$lg_code = '271004' AND atena_no = 1$$,
	 $$INSERT INTO zeimu_report.person_relation (lg_code, atena_no, related_atena_no, kind, started_on) VALUES ('131016', 4, 2, 'heir', '2026-04-01')$$),
	('zeimu_report.persons_by_office', $$lg_code = '131016' AND office_code = 'T1'$$, $$lg_code = '131016' AND office_code = 'T2'$$,
	 $$lg_code = '271004'$$, $$INSERT INTO zeimu_report.persons_by_office VALUES ('131016', 'T2', 'individual', true, 1)$$);

-- Runs one statement as a role; returns rows seen/affected, or the SQLSTATE.
CREATE FUNCTION pg_temp.as_role(p_role name, p_sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SET LOCAL ROLE %I', p_role);
	IF p_sql ~* '^\s*SELECT' THEN
		EXECUTE p_sql INTO n;
	ELSE
		EXECUTE p_sql;
		GET DIAGNOSTICS n = ROW_COUNT;
	END IF;
	RESET ROLE;
	RETURN 'rows ' || n;
EXCEPTION WHEN OTHERS THEN
	RETURN 'error ' || SQLSTATE;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.as_role(name, text) TO PUBLIC;

CREATE TEMP TABLE cell AS
SELECT p.rolname, p.no_access, p.all_offices, o.obj, c.op, c.target,
	   pg_temp.as_role(p.rolname, c.sql) AS outcome
FROM principal p CROSS JOIN object o
CROSS JOIN LATERAL (VALUES
	('SELECT', 'other office', format('SELECT count(*) FROM %s WHERE %s', o.obj, o.other_office)),
	('SELECT', 'other municipality', format('SELECT count(*) FROM %s WHERE %s', o.obj, o.other_lg)),
	('SELECT', 'own office', format('SELECT count(*) FROM %s WHERE %s', o.obj, o.own)),
	('UPDATE', 'other office', format('UPDATE %s SET lg_code = lg_code WHERE %s', o.obj, o.other_office)),
	('DELETE', 'other office', format('DELETE FROM %s WHERE %s', o.obj, o.other_office)),
	('INSERT', 'other office', o.ins_other)) c(op, target, sql);

SELECT plan((SELECT count(*)::int FROM cell) + 36 + 15);

-- Safety, one assertion per cell: another office's or municipality's row is
-- never seen, changed or written; a login without access sees not even its
-- own office.  "rows 0" = no row; "error 42501" = permission denied or RLS
-- violation; "error 55000" = a view that cannot be written.
SELECT ok(CASE WHEN c.all_offices AND c.target <> 'other municipality' THEN true
			   WHEN c.rolname = 'regress_d_purge_operator' AND c.obj = 'zeimu.access_log' AND c.op = 'SELECT' THEN true
			   WHEN c.op = 'INSERT' THEN c.outcome LIKE 'error %'
			   WHEN c.target = 'own office' AND NOT c.no_access THEN true
			   ELSE c.outcome = 'rows 0' OR c.outcome LIKE 'error %' END,
		  format('%s %s %s of %s -> %s', c.rolname, c.op, c.target, c.obj, c.outcome))
FROM cell c ORDER BY c.rolname, c.obj, c.op, c.target;

-- ---- positive cells: the matrix can fail ---------------------------------
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_levy' AND obj = 'zeimu.person' AND op = 'SELECT' AND target = 'own office'),
	'rows 1', 'levy staff sees its own office''s person');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_levy' AND obj = 'zeimu.person_relation' AND op = 'SELECT' AND target = 'own office'),
	'rows 1', 'levy staff sees the relation of its own office''s person');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_collection' AND obj = 'zeimu.person' AND op = 'UPDATE'),
	'error 42501', 'collection staff cannot update persons at all');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_levy' AND obj = 'zeimu.person' AND op = 'INSERT'),
	'error 42501', 'levy staff inserting a person into another office violates the policy (42501)');
SELECT is(pg_temp.as_role('regress_d_levy', $$INSERT INTO zeimu.person (lg_code, atena_no, name, office_code) VALUES ('131016', 97, 'x', 'T1')$$),
	'rows 1', 'levy staff inserts a person into its own office');
SELECT is(pg_temp.as_role('regress_d_levy', $$UPDATE zeimu.person SET address = 'moved' WHERE lg_code = '131016' AND atena_no = 1$$),
	'rows 1', 'levy staff updates its own office''s person');
SELECT is(pg_temp.as_role('regress_d_levy', $$UPDATE zeimu.person SET office_code = 'T2' WHERE lg_code = '131016' AND atena_no = 1$$),
	'error 42501', 'levy staff cannot move a person out of its offices (WITH CHECK)');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_hq' AND obj = 'zeimu.person' AND op = 'SELECT' AND target = 'other office'),
	'rows 1', 'HQ staff sees every office of its municipality');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_hq' AND obj = 'zeimu.person' AND op = 'SELECT' AND target = 'other municipality'),
	'rows 0', 'HQ staff does not see another municipality');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_reporting' AND obj = 'zeimu_report.person' AND target = 'own office' AND op = 'SELECT'),
	'rows 1', 'reporting sees its own office through zeimu_report.person');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_reporting' AND obj = 'zeimu_report.persons_by_office' AND target = 'own office' AND op = 'SELECT'),
	'rows 1', 'reporting sees the count of its own office');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_auditor' AND obj = 'zeimu.access_log' AND target = 'own office' AND op = 'SELECT'),
	'rows 1', 'the auditor reads the access log of its municipality');
SELECT is((SELECT count(*)::int FROM cell WHERE obj = 'zeimu.mynumber_vault' AND outcome <> 'error 42501'),
	0, 'no duty holds any privilege on the vault');
SELECT is_empty($$SELECT r.rolname, a.attname FROM pg_roles r, pg_attribute a
	WHERE r.rolname ~ '^(zeimu_|regress_)' AND a.attrelid = 'zeimu.link_review'::regclass
	  AND a.attname IN ('blind_index', 'ciphertext', 'ct_mac')
	  AND has_column_privilege(r.oid, a.attrelid, a.attnum, 'SELECT')$$,
	'no role but the owner can read the review queue''s blind index, ciphertext or MAC');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_levy' AND obj = 'zeimu.link_review' AND op = 'SELECT' AND target = 'own office'),
	'rows 1', 'levy staff sees the review queue of its own office (without the ciphertext columns)');
SELECT is((SELECT outcome FROM cell WHERE rolname = 'regress_d_purge_operator' AND obj = 'zeimu.access_log' AND op = 'SELECT' AND target = 'other municipality'),
	'rows 1', 'the purge operator reads the access log of every municipality (registry purge policy)');

-- ---- reporting never reaches an Individual Number ---------------------------
SELECT is_empty($$SELECT c.table_name, c.column_name FROM information_schema.columns c
	WHERE c.table_schema = 'zeimu_report' AND (c.udt_name IN ('mynumber', 'bytea') OR c.column_name ~ 'mynumber|blind|cipher')$$,
	'no reporting view has a number, blind index or ciphertext column');
SELECT ok(NOT has_table_privilege('regress_d_reporting', 'zeimu.mynumber_vault', 'SELECT')
		  AND NOT has_any_column_privilege('regress_d_reporting', 'zeimu.mynumber_vault', 'SELECT')
		  AND NOT has_any_column_privilege('regress_d_reporting', 'zeimu.link_review', 'SELECT'),
	'reporting has no privilege on any column of the vault or the review queue');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
	WHERE p.pronamespace = 'zeimu'::regnamespace AND has_function_privilege('regress_d_reporting', p.oid, 'EXECUTE')
	  AND p.proname ~ '^(reveal_mynumber|find_person_by_mynumber|link_mynumber|mynumber_blind_indexes|vault_|rotate_mynumber|resolve_link_review|decide_same_person|refresh_same_person)'$$,
	'reporting can execute no function that reads, decrypts, looks up or links an Individual Number');
SELECT ok(NOT has_column_privilege('regress_d_reporting', 'zeimu.person', 'created_by', 'SELECT'),
	'column privileges limit reporting to the view''s columns');
SELECT ok('pgaudit.log=read, function' = ANY ((SELECT rolconfig FROM pg_roles WHERE rolname = 'regress_d_reporting')::text[]),
	'the reporting login is audited by pgaudit (read, function)');
SELECT ok((SELECT bool_and(reloptions @> ARRAY['security_invoker=true']) FROM pg_class
		   WHERE relnamespace = 'zeimu_report'::regnamespace AND relkind = 'v'), 'every reporting view is security_invoker');

-- ---- counter: one person at a time, logged ---------------------------------
SELECT is(pg_temp.as_role('regress_d_counter', $$SELECT count(*) FROM zeimu.counter_person('131016', 1, '課税証明書交付')$$),
	'rows 1', 'the counter gets one person of its office');
SELECT is((SELECT count(*)::int FROM zeimu.access_log WHERE function_name = 'counter_person' AND atena_no = 1
		   AND staff_id = 'D_counter' AND purpose = '課税証明書交付'), 1, 'and the lookup is logged with staff id and purpose');
SELECT is(pg_temp.as_role('regress_d_counter', $$SELECT count(*) FROM zeimu.counter_person('131016', 2, 'x')$$),
	'error P0002', 'a person of another office is "no such person" for the counter');
SELECT is(pg_temp.as_role('regress_d_counter', $$SELECT count(*) FROM zeimu.counter_person('131016', 1, ' ')$$),
	'error 22023', 'the counter must give a purpose');
SELECT is(pg_temp.as_role('regress_d_levy', $$SELECT count(*) FROM zeimu.counter_person('131016', 1, 'x')$$),
	'error 42501', 'only the counter duty calls counter_person');
SELECT is(pg_temp.as_role('regress_unmapped', $$SELECT count(*) FROM zeimu.counter_person('131016', 1, 'x')$$),
	'error 42501', 'an unmapped login in zeimu_counter can call nothing');
SELECT alike(pg_temp.as_role('regress_d_counter', $$SELECT zeimu.counter_verify_identity('131016', 1, 'mynumber_card')$$),
	'rows %', 'the counter records an identity check');
SELECT ok(EXISTS (SELECT FROM zeimu.identity_verification WHERE atena_no = 1 AND staff_id = 'D_counter' AND method = 'mynumber_card'),
	'the counter records an identity check under its own staff id');

-- ---- functions: an unmapped login in every duty role can call nothing ------
-- Every public SECURITY DEFINER function of the access module, called with
-- NULL arguments by a login that holds every duty role but has no staff
-- record, stops at assert_access (42501) before looking at its arguments.
CREATE ROLE regress_everything NOLOGIN IN ROLE zeimu_levy, zeimu_collection, zeimu_delinquency, zeimu_counter,
	zeimu_pension, zeimu_reporting, zeimu_auditor, zeimu_security_officer, zeimu_sysadmin, zeimu_purge_operator;
CREATE TEMP TABLE fcall AS
SELECT p.proname, pg_temp.as_role('regress_everything', format('SELECT count(*) FROM (SELECT zeimu.%I(%s)) x', p.proname,
		   (SELECT string_agg('NULL::' || format_type(t, NULL), ', ' ORDER BY i)
			FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, i)))) AS outcome
FROM pg_proc p
WHERE p.pronamespace = 'zeimu'::regnamespace AND p.prosecdef
  AND p.proname IN ('register_staff', 'revoke_staff', 'record_rights_review', 'rights_drift', 'apply_rights',
					'add_right', 'grant_contractor_access', 'end_contractor_access', 'register_approval_kind',
					'request_approval', 'approve', 'session_report', 'rights_review', 'counter_person',
					'counter_verify_identity');
SELECT is(outcome, 'error 42501', 'unmapped login with every duty role: zeimu.' || proname || ' refuses (42501)')
FROM fcall ORDER BY proname;

-- ---- partitions: a partition reached directly has its own policy --------------
CREATE TABLE zeimu.regress_notice (lg_code text, office_code text, fiscal_year int, amount bigint)
	PARTITION BY LIST (fiscal_year);
CREATE TABLE zeimu.regress_notice_2025 PARTITION OF zeimu.regress_notice FOR VALUES IN (2025);
CREATE TABLE zeimu.regress_notice_2026 PARTITION OF zeimu.regress_notice FOR VALUES IN (2026);
INSERT INTO zeimu.regress_notice VALUES ('131016', 'T1', 2025, 100), ('131016', 'T2', 2025, 200),
	('131016', 'T1', 2026, 300), ('131016', 'T2', 2026, 400);
GRANT SELECT ON zeimu.regress_notice, zeimu.regress_notice_2025, zeimu.regress_notice_2026 TO zeimu_levy;
SELECT zeimu.protect_office_table('zeimu.regress_notice');
SELECT is((SELECT count(*)::int FROM pg_class WHERE relname ~ '^regress_notice' AND relrowsecurity AND relforcerowsecurity), 3,
	'protect_office_table enables and forces RLS on the parent and each partition');
SELECT is(pg_temp.as_role('regress_d_levy', 'SELECT sum(amount) FROM zeimu.regress_notice'), 'rows 400',
	'through the parent: office T1 only (100 + 300)');
SELECT is(pg_temp.as_role('regress_d_levy', 'SELECT sum(amount) FROM zeimu.regress_notice_2026'), 'rows 300',
	'directly on a partition: office T1 only (300)');
SELECT is(pg_temp.as_role('regress_unmapped', 'SELECT count(*) FROM zeimu.regress_notice_2025'), 'rows 0',
	'directly on a partition: an unmapped login sees nothing');

-- ---- COPY to a file or a program is a superuser's --------------------------
SELECT is(pg_temp.as_role('regress_d_levy', $$COPY zeimu.person TO '/tmp/regress_person.copy'$$), 'error 42501',
	'COPY TO a server file is refused');
SELECT is(pg_temp.as_role('regress_d_levy', $$COPY (SELECT * FROM zeimu.person) TO PROGRAM 'cat >/dev/null'$$), 'error 42501',
	'COPY TO PROGRAM is refused');

SELECT * FROM finish();
ROLLBACK;
