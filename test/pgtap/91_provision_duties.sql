-- provision: zeimu_provision and zeimu_section_chief are duties of the access
-- module's catalogue (src/sql/200_access_roles.sql): register_staff grants
-- them, the rights table holds their privileges (790, zeimu.add_right), the
-- gate asks for the duty, revoke_staff takes them away.  Roles created here
-- are rolled back.
BEGIN;
SELECT plan(16);
SET LOCAL client_min_messages = warning;
SET LOCAL search_path = public, zeimu, pg_catalog;
-- pgTAP keeps its state in temporary tables; staff roles write to them too.
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;

-- ---- the catalogue ---------------------------------------------------------
SELECT is(ARRAY(SELECT duty || '=' || rolname FROM zeimu.duty WHERE duty IN ('provision', 'section_chief', 'pension') ORDER BY 1),
		  ARRAY['pension=zeimu_pension', 'provision=zeimu_provision', 'section_chief=zeimu_section_chief'],
		  'provision and section_chief are duties, each carried by its role (pension already was)');
SELECT is((SELECT count(*)::int FROM pg_roles r
		   WHERE r.rolname IN ('zeimu_provision', 'zeimu_section_chief')
			 AND NOT r.rolcanlogin AND NOT r.rolbypassrls AND NOT r.rolsuper AND pg_has_role(r.oid, 'zeimu_user', 'MEMBER')),
		  2, 'both roles are NOLOGIN, not BYPASSRLS, members of zeimu_user');
SELECT is_empty($$SELECT * FROM zeimu.rights_drift() WHERE duty IN ('provision', 'section_chief', 'pension')$$,
				'no drift for the three duties: every privilege they hold is a row of the rights table and granted');
SELECT is(ARRAY(SELECT duty FROM zeimu.duty_right
				WHERE object_name = 'zeimu.provide(zeimu.lg_code,text,text,text[],bigint[],text,text,bigint)' ORDER BY 1),
		  ARRAY['pension', 'provision'], 'provide is a right of provision and pension (the recipient''s operator role decides further)');
SELECT is(ARRAY(SELECT duty || ':' || split_part(object_name, '(', 1) FROM zeimu.duty_right
				WHERE duty = 'section_chief' AND object_kind = 'function' ORDER BY 1),
		  ARRAY['section_chief:zeimu.approve', 'section_chief:zeimu.approve_data_use_application',
				'section_chief:zeimu.load_network_permits', 'section_chief:zeimu.network_confirm',
				'section_chief:zeimu.request_approval'],
		  'section_chief: approvals (generic and data-use), the permit list, network confirmations');
SELECT ok(NOT EXISTS (SELECT FROM zeimu.duty_right WHERE duty IN ('provision', 'section_chief')
					  AND split_part(object_name, '(', 1) IN ('zeimu.reveal_mynumber', 'zeimu.find_person_by_mynumber',
															   'zeimu.link_mynumber', 'zeimu.mynumber_vault')),
		  'neither duty may reveal, look up or link an Individual Number directly');

-- ---- register_staff grants the duty roles -----------------------------------
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('479021', '架空市', '架空県');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('479021', 'H1', '本庁税務課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, office_code) VALUES ('479021', 9101, '開示　請求', 'H1');
SELECT zeimu.provision_seed('479021');
SELECT zeimu.register_staff('479021', 'DUTY-PROV', 'regress_duty_prov', 'Provision clerk', ARRAY['provision'], ARRAY['H1']);
SELECT zeimu.register_staff('479021', 'DUTY-CHIEF', 'regress_duty_chief', 'Section chief', ARRAY['section_chief'], ARRAY['H1']);
-- A staff member of another duty holding zeimu_provision by hand: the gate
-- asks for the duty on the staff record, not for the role.
SELECT zeimu.register_staff('479021', 'DUTY-COLL', 'regress_duty_coll', 'Collection clerk', ARRAY['collection'], ARRAY['H1']);
GRANT zeimu_provision, zeimu_section_chief TO regress_duty_coll;
SELECT ok(pg_has_role('regress_duty_prov', 'zeimu_provision', 'MEMBER') AND NOT pg_has_role('regress_duty_prov', 'zeimu_section_chief', 'MEMBER')
		  AND pg_has_role('regress_duty_chief', 'zeimu_section_chief', 'MEMBER') AND NOT pg_has_role('regress_duty_chief', 'zeimu_provision', 'MEMBER'),
		  'register_staff grants each login the role of its duty, and only that');

SET LOCAL ROLE regress_duty_prov;
SELECT is(zeimu.my_duties(), ARRAY['provision'], 'the provision clerk holds the duty provision');
SELECT is((SELECT count(*)::int FROM zeimu.person WHERE lg_code = '479021'), 1,
		  'provision reads the 宛名 of its office (to identify the person of a request)');
SELECT ok(zeimu.receive_disclosure_request('479021', 9101, 'self', '開示　請求', 'counter', 'mynumber_card') > 0,
		  'and receives a disclosure request');
SELECT throws_ok($$SELECT zeimu.network_confirm('479021', 1)$$, '42501', 'permission denied for function network_confirm',
				 'a provision clerk is no section chief (no EXECUTE right)');
RESET ROLE;

SET LOCAL ROLE regress_duty_coll;
SELECT throws_ok($$SELECT zeimu.receive_disclosure_request('479021', 9101, 'self', 'x', 'counter', 'mynumber_card')$$, '42501',
				 'access denied: the staff member does not hold the duty this needs',
				 'the role granted by hand without the duty on the staff record: refused');
SELECT throws_ok($$SELECT zeimu.network_confirm('479021', 1)$$, '42501',
				 'access denied: the staff member does not hold the duty this needs',
				 'and no section-chief function either');
RESET ROLE;

SET LOCAL ROLE regress_duty_chief;
SELECT is(zeimu.my_duties(), ARRAY['section_chief'], 'the section chief holds the duty section_chief');
RESET ROLE;

-- ---- revoke_staff takes the duty roles away -----------------------------------
SELECT zeimu.revoke_staff('479021', 'DUTY-PROV', '異動');
SELECT zeimu.revoke_staff('479021', 'DUTY-CHIEF', '異動');
SELECT ok(NOT pg_has_role('regress_duty_prov', 'zeimu_provision', 'MEMBER')
		  AND NOT pg_has_role('regress_duty_chief', 'zeimu_section_chief', 'MEMBER'),
		  'revocation removes both duty roles');
SET LOCAL ROLE regress_duty_prov;
SELECT throws_ok($$SELECT zeimu.disclosure_in_progress('479021', 9101)$$, '42501', NULL,
				 'a revoked provision clerk can call nothing');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
