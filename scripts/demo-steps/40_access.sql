-- demo: access — two offices, two staff members, different rows; reporting never reaches a number
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET search_path = public, zeimu;	-- zeimu.lg_code compares with zeimu's =
\echo 'A municipality with two tax offices (北部 N1, 南部 S1) and four persons.'
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('401307', 'デモ市', '福岡県');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES
	('401307', 'N1', '北部市税事務所', 'tax_office'), ('401307', 'S1', '南部市税事務所', 'tax_office'),
	('401307', 'HQ', '税制課', 'hq_division');
INSERT INTO zeimu.mynumber_purpose (lg_code, purpose_code, description, legal_basis) VALUES
	('401307', 'resident_tax', '個人住民税の賦課', '番号法第9条第1項 別表第一 第16項');
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, birth_date, address, office_code) VALUES
	('401307', 1, '北川 一郎', 'キタガワ イチロウ', '1970-04-01', 'デモ市北町1-1', 'N1'),
	('401307', 2, '北川 花子', 'キタガワ ハナコ', '1972-05-02', 'デモ市北町1-1', 'N1'),
	('401307', 3, '南田 次郎', 'ミナミダ ジロウ', '1980-06-03', 'デモ市南町2-2', 'S1'),
	('401307', 4, '南田 春子', 'ミナミダ ハルコ', '1985-07-04', 'デモ市南町2-2', 'S1');

\echo
\echo 'Staff: one login per person, mapped to a staff record (duties, offices, validity).'
SELECT count(*) AS staff_registered FROM (VALUES
	('K0001', 'demo_kita', '北 課税担当', ARRAY['levy'], ARRAY['N1'], false),
	('K0002', 'demo_minami', '南 課税担当', ARRAY['levy'], ARRAY['S1'], false),
	('E0001', 'demo_euc', 'EUC 担当', ARRAY['reporting'], ARRAY['N1', 'S1'], false),
	('A0001', 'demo_sec', 'セキュリティ責任者', ARRAY['security_officer'], '{}', true)) v(id, rol, nm, duties, offices, hq),
	LATERAL zeimu.register_staff('401307', v.id, v.rol::name, v.nm, v.duties, v.offices, v.hq);
SELECT s.staff_id, s.rolname, s.full_name, array_agg(DISTINCT d.duty) AS duties,
	   CASE WHEN s.all_offices THEN 'every office (HQ)' ELSE string_agg(DISTINCT o.office_code, ', ') END AS offices
FROM zeimu.staff s JOIN zeimu.staff_duty d USING (lg_code, staff_id) LEFT JOIN zeimu.staff_office o USING (lg_code, staff_id)
WHERE s.lg_code = '401307' GROUP BY s.staff_id, s.rolname, s.full_name, s.all_offices ORDER BY 1;

\echo
\echo 'The same query, as the clerk of office N1:'
SET ROLE demo_kita;
SELECT atena_no, name, office_code FROM zeimu.person WHERE lg_code = '401307' ORDER BY atena_no;
\echo '... who links an Individual Number for person 1 (a synthetic number):'
SELECT zeimu.link_mynumber('401307', 1, '123456789018', '申告書') AS link;
RESET ROLE;
\echo
\echo 'The same query, as the clerk of office S1:'
SET ROLE demo_minami;
SELECT atena_no, name, office_code FROM zeimu.person WHERE lg_code = '401307' ORDER BY atena_no;
\echo '... who cannot look up a person of office N1 by number (not visible: NULL):'
SELECT zeimu.find_person_by_mynumber('401307', '123456789018', 'resident_tax') AS found;
RESET ROLE;

\echo
\echo 'The reporting (EUC) role: security_invoker views, no Individual Number column.'
SET ROLE demo_euc;
SELECT * FROM zeimu_report.persons_by_office ORDER BY office_code, kind;
SELECT atena_no, name, birth_date, office_code FROM zeimu_report.person ORDER BY atena_no;
\echo 'Trying to reach a number (each attempt fails):'
\set ON_ERROR_STOP off
SELECT * FROM zeimu.mynumber_vault;
SELECT zeimu.reveal_mynumber('401307', 1, 'resident_tax');
SELECT ciphertext FROM zeimu.link_review;
\set ON_ERROR_STOP on
RESET ROLE;

\echo
\echo 'A login that is not mapped to a staff record sees nothing, even in a duty role:'
CREATE ROLE demo_unmapped LOGIN IN ROLE zeimu_levy;
SET ROLE demo_unmapped;
SELECT count(*) AS persons_seen FROM zeimu.person;
RESET ROLE;

\echo
\echo 'Transfer: revoking the N1 clerk is one call; the record stays.'
SET ROLE demo_sec;
SELECT zeimu.revoke_staff('401307', 'K0001', '異動 (福祉課へ)');
SELECT staff_id, rolname, duties, offices, revoked_at IS NOT NULL AS revoked, anomalies FROM zeimu.rights_review() WHERE lg_code = '401307' ORDER BY staff_id;
RESET ROLE;
SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = 'demo_kita';

\echo
\echo 'Two-person approval: the requester cannot approve its own request.'
SET ROLE demo_sec;
SELECT zeimu.register_approval_kind('mynumber_link_override', 'overriding an Individual Number link');
RESET ROLE;
SET ROLE demo_minami;
SELECT zeimu.request_approval('mynumber_link_override', '{"atena_no": 3}', 'the number was keyed wrongly') AS approval_id \gset
\set ON_ERROR_STOP off
SELECT zeimu.approve(:approval_id);
\set ON_ERROR_STOP on
RESET ROLE;
SET ROLE demo_sec;
SELECT zeimu.approve(:approval_id);
SELECT approval_id, kind, requested_by, approved_by FROM zeimu.approval WHERE approval_id = :approval_id;
RESET ROLE;
SELECT * FROM zeimu.rights_drift();
