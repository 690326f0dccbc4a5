-- provision: recipients and bases as data, refusals, provision records,
-- the pre-check, hand-over slips, data-use applications, two-person
-- release of notice batches, network permit matching and manual
-- confirmation; national pension notifications flowing to an export;
-- a disclosure report.
BEGIN;
SELECT plan(172);
SET LOCAL search_path = public, zeimu, pg_catalog;
SET LOCAL zeimu.staff_id = 'S-0900';
SET LOCAL client_min_messages = warning;

-- A municipality of our own: two individuals and a corporation, known data.
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('479021', '架空市', '架空県');
SELECT cmp_ok(zeimu.provision_seed('479021'), '>', 0::bigint, 'provision_seed copies the catalogue');
SELECT is(zeimu.provision_seed('479021'), 0::bigint, 'provision_seed is idempotent (second call copies nothing)');
SELECT is((SELECT count(*) FROM zeimu.provision_recipient WHERE lg_code = '479021'),
		  -- 14 named (000 §8: 3, 001 §8.1: 3, 003 B.8: 4, 002: 2, 004 §8: 2) + 16 (001 §8.2) + pension_section
		  -- + print_contractor (775, collection: 督促状・催告書の印刷) = 32
		  32::bigint, '32 recipients documented in the seeds');
SELECT is((SELECT count(*) FROM zeimu.provision_recipient WHERE lg_code = '479021' AND recipient_code LIKE 'kumamoto_t%'),
		  16::bigint, 'the 16 transfer destinations of seed 001 §8.2');

-- The persons belong to an office: row security (access module) shows a
-- person-keyed row to staff whose offices include the person's.
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('479021', 'H1', '本庁税務課', 'hq_division');
-- 9001 has lived here since 2020 (住民, so the inhabitant tax of 2026 is
-- assessed here: 賦課期日 1 January, 地方税法318条).
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, postal_code, office_code, business_date)
VALUES ('479021', 9001, '年金　一郎', 'ネンキン　イチロウ', 1, '2006-04-01', '架空県架空市本町1-1', '1000101', 'H1', '2020-04-01'),
	   ('479021', 9002, '提供　花子', 'テイキョウ　ハナコ', 2, '1980-02-29', '架空県架空市栄町2-2', NULL, 'H1', CURRENT_DATE);
INSERT INTO zeimu.person (lg_code, atena_no, kind, name, address, office_code) VALUES ('479021', 9003, 'corporation', '架空商事株式会社', '架空県架空市', 'H1');
SELECT is(zeimu.link_mynumber('479021', 9001, '123456789018', 'test'), 'linked', 'person 9001 holds 123456789018');

-- ---------------------------------------------------------------------------
-- Refusals: recipient, direction, basis, items
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT zeimu.provide('479021', 'nobody', 'bangou_19_1', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP001', NULL, 'an unregistered recipient is refused');
SELECT throws_ok($$SELECT zeimu.transfer('479021', 'eltax_jlta', 'bangou_19_1', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP001', NULL, 'a provision recipient cannot receive a transfer');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'koshigaya_welfare', 'meirei_42_125', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP001', NULL, 'a transfer destination cannot receive a provision');
UPDATE zeimu.provision_recipient SET active = false WHERE lg_code = '479021' AND recipient_code = 'other_municipality';
SELECT throws_ok($$SELECT zeimu.provide('479021', 'other_municipality', 'bangou_19_10', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP001', NULL, 'a deactivated recipient is refused');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'eltax_jlta', NULL, ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP002', 'no legal basis given for recipient "eltax_jlta"', 'a missing legal basis is refused');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'eltax_jlta', 'sozoku_58', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP002', NULL, 'the basis of another recipient is refused');
UPDATE zeimu.provision_basis SET valid_to = CURRENT_DATE - 1 WHERE lg_code = '479021' AND recipient_code = 'nta_income';
SELECT throws_ok($$SELECT zeimu.provide('479021', 'nta_income', 'bangou_19_10', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP002', NULL, 'a basis that ended yesterday is refused');
UPDATE zeimu.provision_basis SET valid_to = CURRENT_DATE WHERE lg_code = '479021' AND recipient_code = 'nta_income';
SELECT lives_ok($$SELECT zeimu.provide('479021', 'nta_income', 'bangou_19_10', ARRAY['name', 'address'], ARRAY[9001::bigint])$$,
				'a basis that ends today still holds');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'prefecture', 'bangou_19_10', ARRAY['name', 'mynumber'], ARRAY[9001::bigint])$$,
				 'ZP003', 'item(s) mynumber are not permitted for recipient "prefecture" under basis "bangou_19_10"',
				 'the prefecture never receives the Individual Number (seed 001 R-TR-04)');
SELECT is((SELECT array[sqlstate, message, staff_id, session_user_name] FROM zeimu.provision_refusal
		   WHERE lg_code = '479021' AND what = 'prefecture'),
		  ARRAY['ZP003', 'item(s) mynumber are not permitted for recipient "prefecture" under basis "bangou_19_10"', 'S-0900', 'postgres'],
		  'the refusal is recorded in its own transaction: it survived the rolled-back attempt');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'eltax_jlta', 'bangou_19_1', ARRAY['name', 'bank_account'], ARRAY[9001::bigint])$$,
				 'ZP003', NULL, 'an item outside the catalogue is refused');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'eltax_jlta', 'bangou_19_1', '{}'::text[], ARRAY[9001::bigint])$$,
				 'ZP003', NULL, 'an empty item list is refused');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'eltax_jlta', 'bangou_19_1', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP008', NULL, 'eLTAX receives only encrypted exports: no password, refused');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'eltax_jlta', 'bangou_19_1', ARRAY['name'], ARRAY[9001::bigint], 'short')$$,
				 '22023', NULL, 'a password under 8 characters is refused');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'nta_inheritance', 'sozoku_58', ARRAY['name', 'local_tax_info'], ARRAY[9999::bigint], 'pw-12345678')$$,
				 'P0002', NULL, 'an unknown person is refused');

-- Every unlisted item of every recipient and basis is refused (ZP003), and
-- every basis of another recipient (ZP002).
CREATE FUNCTION pg_temp.refusals(p_kind text) RETURNS TABLE (tried bigint, refused bigint)
LANGUAGE plpgsql AS $f$
DECLARE
	c record;
	t bigint := 0;
	r bigint := 0;
BEGIN
	FOR c IN
		SELECT b.recipient_code, rc.direction, b.basis_code, i.item_code
		FROM zeimu.provision_basis b
		JOIN zeimu.provision_recipient rc USING (lg_code, recipient_code)
		CROSS JOIN zeimu.provision_item i
		WHERE b.lg_code = '479021' AND i.lg_code = '479021' AND rc.active AND p_kind = 'item'
		  AND NOT EXISTS (SELECT FROM zeimu.provision_permitted_item p
						  WHERE p.lg_code = '479021' AND p.recipient_code = b.recipient_code
							AND p.basis_code = b.basis_code AND p.item_code = i.item_code)
		UNION ALL
		SELECT rc.recipient_code, rc.direction, b.basis_code, 'name'
		FROM zeimu.provision_recipient rc
		CROSS JOIN (SELECT DISTINCT basis_code FROM zeimu.provision_basis WHERE lg_code = '479021') b
		WHERE rc.lg_code = '479021' AND rc.active AND p_kind = 'basis'
		  AND NOT EXISTS (SELECT FROM zeimu.provision_basis x WHERE x.lg_code = '479021'
						  AND x.recipient_code = rc.recipient_code AND x.basis_code = b.basis_code)
	LOOP
		t := t + 1;
		BEGIN
			PERFORM zeimu.provision_check(c.direction, '479021', c.recipient_code, c.basis_code, ARRAY[c.item_code]);
		EXCEPTION WHEN SQLSTATE 'ZP003' OR SQLSTATE 'ZP002' THEN
			IF (SQLSTATE = 'ZP003') = (p_kind = 'item') THEN
				r := r + 1;
			END IF;
		END;
	END LOOP;
	RETURN QUERY SELECT t, r;
END
$f$;
SELECT ok((SELECT tried > 200 AND tried = refused FROM pg_temp.refusals('item')),
		  'every unlisted item of every recipient/basis is refused with ZP003');
SELECT ok((SELECT tried > 300 AND tried = refused FROM pg_temp.refusals('basis')),
		  'every recipient with a basis registered only for others is refused with ZP002');
SELECT is((SELECT count(*) FROM zeimu.provision_record WHERE lg_code = '479021'), 1::bigint,
		  'refused requests left no provision record (only the nta_income extract exists)');

-- ---------------------------------------------------------------------------
-- The pre-check (formats, check digits, mandatory items)
-- ---------------------------------------------------------------------------
-- 123456789012: the check digit of 12345678901 is 8, so ...012 is invalid.
-- 2099-01-01 lies in the future; 1980-02-30 does not exist; sex 5 is no code.
SELECT is(ARRAY(SELECT format('%s/%s/%s', record_no, item_code, problem)
				FROM zeimu.provision_precheck('479021', 'eltax_jlta', 'bangou_19_1',
					'[{"record_no":1,"mynumber":"123456789012","name":"甲","birth_date":"2099-01-01"},
					  {"record_no":2,"name":null,"birth_date":"1980-02-30","sex":"5","bank":"x"}]')),
		  ARRAY['1/birth_date/future_date', '1/mynumber/invalid_mynumber', '2/bank/not_permitted',
				'2/birth_date/invalid_date', '2/mynumber/missing', '2/name/missing', '2/sex/invalid_code'],
		  'the pre-check lists every bad value, by record and item');
SELECT is_empty($$SELECT * FROM zeimu.provision_precheck('479021', 'eltax_jlta', 'bangou_19_1',
					'[{"record_no":1,"mynumber":"123456789018","name":"甲","birth_date":"2024-02-29","sex":"9"}]')$$,
				'a clean record (leap day 2024-02-29, valid check digit) passes');
SELECT is(ARRAY(SELECT problem FROM zeimu.provision_precheck('479021', 'eltax_jlta', 'bangou_19_1',
					'[{"mynumber":"123456789018","name":"甲","birth_date":"2023-02-29"}]')),
		  ARRAY['invalid_date'], '2023-02-29 does not exist (2023 is no leap year)');
SELECT is(ARRAY(SELECT problem FROM zeimu.provision_precheck('479021', 'eltax_jlta', 'bangou_19_1',
					format('[{"mynumber":"123456789018","name":"甲","birth_date":"%s"}]', CURRENT_DATE + 1)::jsonb)),
		  ARRAY['future_date'], 'tomorrow is a future birth date');
SELECT is_empty(format($$SELECT * FROM zeimu.provision_precheck('479021', 'eltax_jlta', 'bangou_19_1',
					'[{"mynumber":"123456789018","name":"甲","birth_date":"%s"}]')$$, CURRENT_DATE),
				'today is not in the future');
SELECT is(ARRAY(SELECT problem FROM zeimu.provision_precheck('479021', 'taxpayer_notice', 'notice',
					'[{"name":"甲","address":"x","postal_code":"100-0101"},{"name":"乙","address":"y","postal_code":"100010"}]')),
		  ARRAY['invalid_format', 'invalid_format'], 'postal codes need exactly 7 digits (8 characters with a hyphen, 6 digits: both bad)');
SELECT is(ARRAY(SELECT problem FROM zeimu.provision_precheck('479021', 'eltax_jlta', 'bangou_19_1', '{"a":1}')),
		  ARRAY['not_an_array'], 'an extract must be an array of records');
-- Person 9002 holds no Individual Number, which eLTAX needs (mandatory).
SELECT throws_ok($$SELECT zeimu.provide('479021', 'eltax_jlta', 'bangou_19_1', ARRAY['mynumber', 'name', 'birth_date'],
										ARRAY[9001::bigint, 9002], 'recipient-pw-1')$$,
				 'ZP004', 'the extract for recipient "eltax_jlta" fails the pre-check',
				 'an extract failing the pre-check is not released');
SELECT is((SELECT count(*) FROM zeimu.provision_record WHERE lg_code = '479021'), 1::bigint,
		  'the failed extract left no record');

-- ---------------------------------------------------------------------------
-- A provision: encrypted, recorded, the number only in the extract
-- ---------------------------------------------------------------------------
SELECT is(zeimu.link_mynumber('479021', 9002, zeimu.sample_mynumber(1, 2), 'test'), 'linked', 'person 9002 linked');
CREATE TEMP TABLE x1 AS
	SELECT * FROM zeimu.provide('479021', 'eltax_jlta', 'bangou_19_1', ARRAY['name', 'mynumber', 'birth_date'],
								ARRAY[9002::bigint, 9001, 9001], 'recipient-pw-1');
SELECT is((SELECT record_count FROM x1), 2, 'two persons (9001 given twice counts once)');
SELECT ok((SELECT payload IS NULL AND encrypted IS NOT NULL FROM x1), 'the export is encrypted, no plaintext returned');
SELECT is((SELECT pgp_sym_decrypt(encrypted, 'recipient-pw-1')::jsonb -> 0 FROM x1),
		  '{"record_no": 1, "name": "年金　一郎", "mynumber": "123456789018", "birth_date": "2006-04-01"}'::jsonb,
		  'the recipient''s password opens it: record 1 is atena 9001 with its number');
SELECT throws_like($$SELECT pgp_sym_decrypt(encrypted, 'wrong-password') FROM x1$$, '%',
				   'another password does not open it');
SELECT is((SELECT array[direction, recipient_code, basis_code, legal_article, array_to_string(items, ','),
						r.record_count::text, staff_id, r.encrypted::text, precheck_passed::text, provided_on::text]
		   FROM zeimu.provision_record r JOIN x1 USING (provision_id) WHERE r.lg_code = '479021'),
		  ARRAY['provide', 'eltax_jlta', 'bangou_19_1', '番号法第19条第1号 (2024年以前: 番号法施行規則第3条第1項第5号)',
				'birth_date,mynumber,name', '2', 'S-0900', 'true', 'true', CURRENT_DATE::text],
		  'the record: recipient, basis, article, items, count, staff, date');
SELECT is((SELECT r.extract_sha256 FROM zeimu.provision_record r JOIN x1 USING (provision_id) WHERE r.lg_code = '479021'),
		  (SELECT sha256(convert_to(pgp_sym_decrypt(encrypted, 'recipient-pw-1'), 'UTF8')) FROM x1),
		  'the record holds the SHA-256 of the extract');
SELECT throws_ok($$UPDATE zeimu.provision_record SET record_count = 1 WHERE lg_code = '479021'$$, '42501', NULL,
				 'a provision record cannot be changed');
SELECT throws_ok($$DELETE FROM zeimu.provision_refusal WHERE lg_code = '479021'$$, '42501', NULL,
				 'a refusal record cannot be deleted outside the retention purge (not even by a superuser)');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.provision_record_subject s JOIN x1 USING (provision_id) ORDER BY 1),
		  ARRAY[9001::bigint, 9002], 'the subjects are recorded by atena number');
SELECT ok(NOT EXISTS (SELECT FROM zeimu.provision_record r WHERE to_jsonb(r)::text LIKE '%123456789018%')
		  AND NOT EXISTS (SELECT FROM zeimu.provision_record_subject r WHERE to_jsonb(r)::text LIKE '%123456789018%'),
		  'no provision record contains the Individual Number');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code = '479021' AND function_name = 'reveal_mynumber'
		   AND purpose = 'provision' AND staff_id = 'S-0900'), 2::bigint,
		  'each number revealed for the extract is in the access log (2 persons)');

-- A later module registers its local-tax data; the item carries it.
CREATE FUNCTION zeimu.regress_levy_info(p_lg_code zeimu.lg_code, p_atena_no bigint) RETURNS jsonb
	LANGUAGE sql SET search_path = pg_catalog, pg_temp
	AS $f$ SELECT jsonb_build_object('fixed_asset_value', 12345678, 'atena_no', p_atena_no) $f$;
INSERT INTO zeimu.provision_data_source (lg_code, category, function_name, description)
VALUES ('000000', 'local_tax', 'regress_levy_info', 'test levy');
SELECT is((SELECT pgp_sym_decrypt(encrypted, 'pw-12345678')::jsonb -> 0 -> 'local_tax_info'
		   FROM zeimu.provide('479021', 'nta_inheritance', 'sozoku_58', ARRAY['name', 'local_tax_info'], ARRAY[9001::bigint], 'pw-12345678')),
		  '{"regress_levy_info": {"atena_no": 9001, "fixed_asset_value": 12345678}}'::jsonb,
		  'local_tax_info carries what the registered levy function returns');
DELETE FROM zeimu.provision_data_source WHERE function_name = 'regress_levy_info';

-- Contractor: hand-over slip.
SELECT throws_ok($$SELECT zeimu.provide('479021', 'pension_office_center', 'itaku', ARRAY['name', 'pension_notification'], ARRAY[9001::bigint])$$,
				 'ZP005', NULL, 'a contractor extract needs the contract reference');
CREATE TEMP TABLE x2 AS
	SELECT * FROM zeimu.provide('479021', 'pension_office_center', 'itaku', ARRAY['name', 'pension_notification'],
								ARRAY[9001::bigint, 9002], NULL, '委託事項3 (2020)');
SELECT is((SELECT array[contract_ref, h.record_count::text, status, handed_on::text]
		   FROM zeimu.handover_slip h JOIN x2 USING (provision_id)),
		  ARRAY['委託事項3 (2020)', '2', 'provided', CURRENT_DATE::text], 'a 受渡票 with date and count');
SELECT lives_ok($$SELECT zeimu.close_handover_slip('479021', (SELECT slip_id FROM zeimu.handover_slip h JOIN x2 USING (provision_id)), 'returned')$$,
				'the slip is closed as returned');
SELECT throws_ok($$SELECT zeimu.close_handover_slip('479021', (SELECT slip_id FROM zeimu.handover_slip h JOIN x2 USING (provision_id)), 'destroyed')$$,
				 'P0002', NULL, 'a closed slip cannot be closed again');

-- ---------------------------------------------------------------------------
-- Paper/media transfer: data-use application approved by another person
-- ---------------------------------------------------------------------------
-- Each login is mapped to a staff record of 479021 with its duties by
-- zeimu.register_staff, which grants the duty roles (no hand grants).
SELECT zeimu.register_staff('479021', 'PROV-CHIEF', 'regress_prov_chief', 'Section chief', ARRAY['section_chief', 'provision'], '{}', true);
SELECT zeimu.register_staff('479021', 'PROV-CLERK', 'regress_prov_clerk', 'Provision clerk', ARRAY['provision'], '{}', true);
SELECT zeimu.register_staff('479021', 'PROV-PENSION', 'regress_prov_pension', 'Pension clerk', ARRAY['pension'], '{}', true);
SELECT is(ARRAY(SELECT r.rolname::text || '>' || m.rolname FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.member
				JOIN pg_roles m ON m.oid = am.roleid
				WHERE r.rolname LIKE 'regress\_prov\_%' AND m.rolname LIKE 'zeimu\_%' ORDER BY 1),
		  ARRAY['regress_prov_chief>zeimu_provision', 'regress_prov_chief>zeimu_section_chief',
				'regress_prov_clerk>zeimu_provision', 'regress_prov_pension>zeimu_pension'],
		  'register_staff granted exactly the duty roles of the duties given');
SELECT throws_ok($$SELECT zeimu.transfer('479021', 'koshigaya_collection', 'meirei_48', ARRAY['name', 'local_tax_info'], ARRAY[9001::bigint])$$,
				 'ZP006', NULL, 'a paper/media transfer without a data-use application is refused');
-- The application is approved through the access module's two-person
-- approval: submitting requests it, a section chief other than the
-- submitter approves it.
SELECT throws_ok($$SELECT zeimu.submit_data_use_application('479021', 'koshigaya_collection', 'meirei_48',
	'行財政部収納課', '収納　太郎', 'S-0900', '滞納整理', NULL, ARRAY['name', 'local_tax_info'], 'paper',
	CURRENT_DATE, CURRENT_DATE + 30)$$, '42501', 'access denied: the login is not an active staff member',
				 'only a staff member submits an application (the approval request needs one)');
CREATE TEMP TABLE app (id bigint);
CREATE TEMP TABLE app_own (id bigint);
GRANT SELECT, INSERT ON app, app_own TO regress_prov_chief, regress_prov_clerk;
SET SESSION AUTHORIZATION regress_prov_clerk;
INSERT INTO app SELECT zeimu.submit_data_use_application('479021', 'koshigaya_collection', 'meirei_48',
	'行財政部収納課', '収納　太郎', 'S-0900', '滞納整理', NULL, ARRAY['name', 'local_tax_info'], 'paper',
	CURRENT_DATE, CURRENT_DATE + 30);
RESET SESSION AUTHORIZATION;
SELECT is((SELECT keep_until FROM zeimu.data_use_application WHERE application_id = (SELECT id FROM app)),
		  (CURRENT_DATE + interval '5 years')::date, 'the application is kept 5 years');
SELECT is((SELECT array[k.kind, array_to_string(k.approver_duties, ','), k.valid_for::text, a.requested_by,
						(a.subject = jsonb_build_object('lg_code', '479021', 'application_id', (SELECT id FROM app)))::text]
		   FROM zeimu.data_use_application d JOIN zeimu.approval a ON a.approval_id = d.approval_id
		   JOIN zeimu.approval_kind k ON k.lg_code = a.lg_code AND k.kind = a.kind
		   WHERE d.application_id = (SELECT id FROM app)),
		  ARRAY['data_use_application', 'section_chief', '30 days', 'PROV-CLERK', 'true'],
		  'submitting requested the generic approval (kind data_use_application, approver duty section_chief)');
SELECT throws_ok($$SELECT zeimu.transfer('479021', 'koshigaya_collection', 'meirei_48', ARRAY['name', 'local_tax_info'], ARRAY[9001::bigint], (SELECT id FROM app))$$,
				 'ZP006', NULL, 'an application not yet approved does not suffice');
SET SESSION AUTHORIZATION regress_prov_clerk;
SELECT throws_ok($$SELECT zeimu.approve_data_use_application('479021', (SELECT id FROM app))$$,
				 '42501', NULL, 'a clerk without the duty section_chief cannot approve');
SELECT throws_ok($$SELECT zeimu.approve((SELECT approval_id FROM zeimu.data_use_application WHERE application_id = (SELECT id FROM app)))$$,
				 'ZA001', 'self-approval is not allowed', 'nor approve their own request through zeimu.approve');
RESET SESSION AUTHORIZATION;
SELECT throws_ok($$SELECT zeimu.approve_data_use_application('479021', (SELECT id FROM app))$$,
				 '42501', 'access denied: the login is not an active staff member', 'a login without a staff record approves nothing');
SET SESSION AUTHORIZATION regress_prov_chief;
INSERT INTO app_own SELECT zeimu.submit_data_use_application('479021', 'koshigaya_collection', 'meirei_48',
	'行財政部収納課', '収納　次郎', 'S-0901', '滞納整理', NULL, ARRAY['name'], 'paper', CURRENT_DATE, CURRENT_DATE + 30);
SELECT throws_ok($$SELECT zeimu.approve_data_use_application('479021', (SELECT id FROM app_own))$$,
				 'ZA001', 'self-approval is not allowed', 'a section chief cannot approve the application they submitted (ZA001)');
SELECT lives_ok($$SELECT zeimu.approve_data_use_application('479021', (SELECT id FROM app))$$, 'the section chief approves the clerk''s application');
SELECT throws_ok($$SELECT zeimu.approve_data_use_application('479021', (SELECT id FROM app))$$, '55000', NULL, 'approved once only');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT array[d.approved_by, a.requested_by, a.approved_by, (a.consumed_at IS NOT NULL)::text, a.consumed_by::text]
		   FROM zeimu.data_use_application d JOIN zeimu.approval a ON a.approval_id = d.approval_id
		   WHERE d.application_id = (SELECT id FROM app)),
		  ARRAY['PROV-CHIEF', 'PROV-CLERK', 'PROV-CHIEF', 'true', 'regress_prov_chief'],
		  'the approval: requested by the clerk, approved and used by the chief; the application names the approver');
SELECT is((SELECT approved_at FROM zeimu.data_use_application WHERE application_id = (SELECT id FROM app_own)), NULL,
		  'the self-approved application stays unapproved');
SELECT throws_ok($$SELECT zeimu.transfer('479021', 'koshigaya_collection', 'meirei_48', ARRAY['name', 'address', 'local_tax_info'], ARRAY[9001::bigint], (SELECT id FROM app))$$,
				 'ZP006', NULL, 'items beyond the application are refused');
CREATE TEMP TABLE x3 AS SELECT * FROM zeimu.transfer('479021', 'koshigaya_collection', 'meirei_48', ARRAY['name', 'local_tax_info'],
							   ARRAY[9001::bigint], (SELECT id FROM app));
SELECT is((SELECT array[r.direction, r.application_id::text, r.record_count::text]
		   FROM x3 JOIN zeimu.provision_record r ON r.lg_code = '479021' AND r.provision_id = x3.provision_id),
		  ARRAY['transfer', (SELECT id FROM app)::text, '1'], 'the approved transfer is recorded with its application');

-- ---------------------------------------------------------------------------
-- Notice batch: two different staff confirm before release
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE nb AS SELECT zeimu.create_notice_batch('479021', 'tax_notice', 'taxpayer_notice', 'notice',
	ARRAY['name', 'address', 'postal_code'], ARRAY[9001::bigint, 9002]) AS id;
GRANT SELECT ON nb TO regress_prov_clerk;
SELECT throws_ok($$SELECT zeimu.create_notice_batch('479021', 'tax_notice', 'eltax_jlta', 'bangou_19_1', ARRAY['name'], ARRAY[9001::bigint])$$,
				 'ZP001', NULL, 'only taxpayer recipients take notice batches');
SELECT throws_ok($$SELECT zeimu.release_notice_batch('479021', (SELECT id FROM nb))$$, 'ZP007', NULL,
				 'no confirmation: not released');
-- Confirmations go through the access module's two-person approval: only
-- staff members confirm (the superuser of this test has no staff record).
SELECT throws_ok($$SELECT zeimu.confirm_notice_batch('479021', (SELECT id FROM nb))$$, '42501', NULL,
				 'a login without a staff record does not confirm');
GRANT SELECT ON nb TO regress_prov_chief;
SET SESSION AUTHORIZATION regress_prov_clerk;
SELECT is(zeimu.confirm_notice_batch('479021', (SELECT id FROM nb)), 1, 'first confirmation (requests the approval)');
SELECT is(zeimu.confirm_notice_batch('479021', (SELECT id FROM nb)), 1, 'the same staff member confirming again still counts once');
SELECT throws_ok($$SELECT zeimu.release_notice_batch('479021', (SELECT id FROM nb))$$, 'ZP007', NULL,
				 'one person''s confirmation: not released');
SELECT throws_ok($$SELECT zeimu.approve((SELECT approval_id FROM zeimu.notice_batch WHERE lg_code = '479021' AND batch_id = (SELECT id FROM nb)))$$,
				 'ZA001', NULL, 'the confirming clerk cannot approve the release themself');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_prov_chief;
SELECT is(zeimu.confirm_notice_batch('479021', (SELECT id FROM nb)), 2, 'another staff member confirms (approves)');
SELECT is((SELECT record_count FROM zeimu.release_notice_batch('479021', (SELECT id FROM nb))), 2, 'two confirmations: released');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT array[a.kind, a.requested_by, a.approved_by, (a.consumed_at IS NOT NULL)::text, a.consumed_by::text]
		   FROM zeimu.notice_batch b JOIN zeimu.approval a ON a.approval_id = b.approval_id
		   WHERE b.lg_code = '479021' AND b.batch_id = (SELECT id FROM nb)),
		  ARRAY['notice_batch_release', 'PROV-CLERK', 'PROV-CHIEF', 'true', 'regress_prov_chief'],
		  'the approval: requested by the clerk, approved by the chief, used by the release');
SELECT is((SELECT array[b.status, r.batch_id::text] FROM zeimu.notice_batch b
		   JOIN zeimu.provision_record r ON r.lg_code = b.lg_code AND r.provision_id = b.provision_id
		   WHERE b.lg_code = '479021' AND b.batch_id = (SELECT id FROM nb)),
		  ARRAY['released', (SELECT id FROM nb)::text], 'the batch is released and its provision recorded');
SELECT throws_ok($$SELECT zeimu.confirm_notice_batch('479021', (SELECT id FROM nb))$$, '55000', NULL,
				 'a released batch takes no more confirmations');
-- An expired request (the kind's validity: 24 hours) is not approved: the
-- next confirmation starts a new request.
CREATE TEMP TABLE nb2 AS SELECT zeimu.create_notice_batch('479021', 'declaration_form', 'taxpayer_notice', 'notice',
	ARRAY['name', 'address'], ARRAY[9001::bigint]) AS id;
GRANT SELECT ON nb2 TO regress_prov_clerk, regress_prov_chief;
SET SESSION AUTHORIZATION regress_prov_clerk;
SELECT is(zeimu.confirm_notice_batch('479021', (SELECT id FROM nb2)), 1, 'the clerk confirms a second batch');
RESET SESSION AUTHORIZATION;
UPDATE zeimu.approval SET requested_at = requested_at - interval '25 hours'	-- 25 h > 24 h: expired
 WHERE approval_id = (SELECT approval_id FROM zeimu.notice_batch WHERE lg_code = '479021' AND batch_id = (SELECT id FROM nb2));
SET SESSION AUTHORIZATION regress_prov_chief;
SELECT is(zeimu.confirm_notice_batch('479021', (SELECT id FROM nb2)), 1,
		  'after 25 hours the request has expired: the chief''s confirmation starts a new one');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT array[a.requested_by, coalesce(a.approved_by, '-')] FROM zeimu.notice_batch b
		   JOIN zeimu.approval a ON a.approval_id = b.approval_id
		   WHERE b.lg_code = '479021' AND b.batch_id = (SELECT id FROM nb2)),
		  ARRAY['PROV-CHIEF', '-'], 'the new request is the chief''s, not approved');
SET SESSION AUTHORIZATION regress_prov_clerk;
SELECT is(zeimu.confirm_notice_batch('479021', (SELECT id FROM nb2)), 2, 'the clerk''s confirmation now approves it');
RESET SESSION AUTHORIZATION;

-- ---------------------------------------------------------------------------
-- Information-provision network
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT zeimu.network_inquire('479021', NULL, 9001, '生活保護関係情報')$$, 'ZP010', NULL,
				 'an inquiry without a permit id is refused');
SELECT throws_ok($$SELECT zeimu.network_inquire('479021', 'no_such_permit', 9001, '生活保護関係情報')$$, 'ZP010', NULL,
				 'an unknown permit is refused');
SELECT throws_ok($$SELECT zeimu.network_inquire('479021', 'inq_48_public_assistance', 9001, '地方税関係情報')$$, 'ZP010', NULL,
				 'an item the permit does not list is refused');
SELECT throws_ok($$SELECT zeimu.network_inquire('479021', 'prov_meirei_2_001', 9001, '地方税関係情報')$$, 'ZP010', NULL,
				 'a provision permit does not allow inquiries');
SELECT throws_ok($$SELECT zeimu.network_inquire('479021', 'inq_48_public_assistance', 9001, '生活保護関係情報')$$, 'ZP011', NULL,
				 'public-assistance status without a pending reduction application is refused (seed 000 req. 19)');
INSERT INTO zeimu.reduction_application (lg_code, atena_no, tax_kind, filed_on) VALUES ('479021', 9001, 'fixed_asset', CURRENT_DATE);
CREATE TEMP TABLE nq AS SELECT zeimu.network_inquire('479021', 'inq_48_public_assistance', 9001, '生活保護関係情報') AS id;
SELECT is((SELECT array[direction, permit_id, atena_no::text, info_item, counterpart, staff_id, result]
		   FROM zeimu.network_record WHERE lg_code = '479021' AND record_id = (SELECT id FROM nq)),
		  ARRAY['inquiry', 'inq_48_public_assistance', '9001', '生活保護関係情報', '都道府県知事', 'S-0900', 'sent'],
		  'with a pending application the inquiry is recorded: permit, subject, item, staff, result');
UPDATE zeimu.reduction_application SET status = 'granted' WHERE lg_code = '479021' AND atena_no = 9001;
SELECT throws_ok($$SELECT zeimu.network_inquire('479021', 'inq_48_public_assistance', 9001, '生活保護関係情報')$$, 'ZP011', NULL,
				 'once the application is decided, the inquiry is refused again');
CREATE TEMP TABLE np0 AS SELECT zeimu.network_provide('479021', 'prov_meirei_2_001', 9001, '地方税関係情報', '命令第2条の表第1項の情報照会者') AS id;
SELECT is((SELECT result FROM zeimu.network_record WHERE lg_code = '479021' AND record_id = (SELECT id FROM np0)),
		  'sent', 'a provision matching the list is sent automatically');
SELECT throws_ok($$SELECT zeimu.network_provide('479021', 'prov_meirei_2_001', 9001, '地方税関係情報', '民間企業')$$, 'ZP010', NULL,
				 'a requester the permit does not name is refused');
INSERT INTO zeimu.network_permit (lg_code, permit_id, direction, requester, provider, business, info_item, legal_basis,
								  no_auto_response, seed_ref)
VALUES ('479021', 'prov_sensitive', 'provision', '都道府県知事', '市町村長', '生活保護の決定', '地方税関係情報',
		'命令第2条の表第42項', true, 'test');
CREATE TEMP TABLE np AS SELECT zeimu.network_provide('479021', 'prov_sensitive', 9001, '地方税関係情報', '都道府県知事') AS id;
GRANT SELECT ON np TO regress_prov_clerk, regress_prov_chief;
SELECT is((SELECT result FROM zeimu.network_record WHERE lg_code = '479021' AND record_id = (SELECT id FROM np)),
		  'awaiting_confirmation', 'a flagged item waits for manual confirmation');
SET SESSION AUTHORIZATION regress_prov_clerk;
SELECT throws_ok($$SELECT zeimu.network_confirm('479021', (SELECT id FROM np))$$, '42501', NULL,
				 'a clerk cannot confirm');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_prov_chief;
SELECT lives_ok($$SELECT zeimu.network_confirm('479021', (SELECT id FROM np))$$, 'a section chief confirms');
SELECT throws_ok($$SELECT zeimu.network_confirm('479021', (SELECT id FROM np))$$, '55000', NULL, 'confirmed once only');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT array[result, confirmed_by] FROM zeimu.network_record WHERE lg_code = '479021' AND record_id = (SELECT id FROM np)),
		  ARRAY['confirmed', 'regress_prov_chief'], 'the confirmation and the confirmer are recorded');
-- Inquiry results are deleted after their retention (1 year set here).
SELECT lives_ok($$SELECT zeimu.network_record_answer('479021', (SELECT id FROM nq), '{"protected": true}')$$, 'the answer is stored');
SELECT throws_ok($$SELECT zeimu.network_purge_results('479021')$$, '22023', NULL, 'no retention set: the purge refuses to guess');
INSERT INTO zeimu.network_param (lg_code, valid_from, result_retention) VALUES ('479021', '2016-01-01', '1 year');
SELECT is(zeimu.network_purge_results('479021', now() + interval '364 days'), 0::bigint, 'kept 364 days later');
SELECT is(zeimu.network_purge_results('479021', now() + interval '1 year'), 0::bigint,
		  'kept exactly one year later (recorded a moment after now())');
SELECT is(zeimu.network_purge_results('479021', now() + interval '1 year 1 day'), 1::bigint, 'deleted one year and a day later');
SELECT is((SELECT array[(result_payload IS NULL)::text, (result_deleted_at IS NOT NULL)::text, result]
		   FROM zeimu.network_record WHERE lg_code = '479021' AND record_id = (SELECT id FROM nq)),
		  ARRAY['true', 'true', 'answered'], 'the answer is gone, the record stays');
SELECT is(zeimu.network_purge_results('479021', now() + interval '2 years'), 0::bigint, 'a second purge finds nothing');

-- ---------------------------------------------------------------------------
-- National pension: notification -> insured period -> exemption with income
-- facts by transfer -> provision to 日本年金機構
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT zeimu.pension_receive_notification('479021', 9001, 'acquisition', 1::smallint, '2026-04-01', '20歳到達', 'self', NULL)$$,
				 'ZP020', NULL, 'no identity check: the notification is refused');
SELECT throws_ok($$SELECT zeimu.pension_receive_notification('479021', 9001, 'acquisition', 2::smallint, '2026-04-01', '20歳到達', 'self', 'id_document')$$,
				 '22023', NULL, 'category 2 is not a municipal notification');
SELECT throws_ok($$SELECT zeimu.pension_receive_notification('479021', 9001, 'acquisition', 1::smallint, '2026-04-01', '20歳到達', 'agent', 'id_document')$$,
				 '22023', NULL, 'an agent must be named');
CREATE TEMP TABLE pn AS SELECT zeimu.pension_receive_notification('479021', 9001, 'acquisition', 1::smallint, '2026-04-01',
																 '20歳到達', 'self', 'mynumber_card') AS id;
SELECT is((SELECT array[category::text, acquired_on::text, acquisition_reason, (lost_on IS NULL)::text]
		   FROM zeimu.pension_insured WHERE lg_code = '479021' AND atena_no = 9001),
		  ARRAY['1', '2026-04-01', '20歳到達', 'true'], 'the acquisition opens a category-1 period');
SELECT is((SELECT v.method FROM zeimu.pension_notification n JOIN zeimu.identity_verification v USING (lg_code, verification_id)
		   WHERE n.lg_code = '479021' AND n.notification_id = (SELECT id FROM pn)),
		  'mynumber_card', 'the identity check is recorded with the notification');
SELECT throws_ok($$SELECT zeimu.pension_receive_notification('479021', 9001, 'acquisition', 1::smallint, '2026-05-01', '再取得', 'self', 'id_document')$$,
				 'ZP021', NULL, 'a second acquisition while insured is refused');
SELECT throws_ok($$SELECT zeimu.pension_apply_exemption('479021', 9001, 2026, 'full', 'self', 'id_document')$$,
				 'P0002', NULL, 'no inhabitant tax assessed for 2026 yet: the application cannot be judged');
SELECT is((SELECT count(*) FROM zeimu.provision_record WHERE lg_code = '479021' AND recipient_code = 'pension_section'), 0::bigint,
		  'the refused application left no transfer record');
-- The inhabitant tax of 令和8年度 (income of 2025) is levied by the batch:
-- a salary report of 1,000,000 yen.  給与所得 (所得税法28条, 別表第五 for
-- 2025 income): 1,000,000 - 650,000 = 350,000 = 合計所得 = 総所得金額等;
-- alone in the household (扶養親族等 0).  350,000 is below every 均等割
-- 非課税 limit (地方税法295条③: 1級地 350,000 x 1 + 100,000 = 450,000;
-- 3級地 280,000 + 100,000 = 380,000), so total 0: 非課税.
SELECT ok(zeimu.receive_tax_document('479021', 'salary_report', 2026, '{"salary": 1000000}', p_name => '年金　一郎', p_sex => 1::smallint,
		  p_birth_date => '2006-04-01', p_address => '架空県架空市本町1-1', p_source => 'アルバイト先', p_received_on => '2026-01-31',
		  p_employer_name => '架空書店', p_employer_no => 'K-0001') IS NOT NULL, 'a salary report of 2025 for 9001');
SELECT is((SELECT row(persons, decided, non_taxable)::text FROM zeimu.levy_inhabitant('479021', 2026, '2026-05-15')),
		  '(1,1,1)', 'the inhabitant batch assesses 9001 for 2026 (non-taxable)');
SELECT is((SELECT row(assessment_version, total_income, gross_income, dependents, tax_exempt, nontaxable)::text
		   FROM zeimu.inhabitant_income_for_pension WHERE lg_code = '479021' AND atena_no = 9001 AND fiscal_year = 2026),
		  '(1,350000,350000,0,t,per_capita_threshold)', 'the view: 合計所得 350,000, no dependants, 非課税 (均等割 limit)');
SELECT throws_ok($$SELECT zeimu.pension_apply_exemption('479021', 9001, 2026, 'full', 'self', 'id_document', NULL, '{"total_income": 0, "dependents": 0}')$$,
				 '22023', 'the inhabitant tax of fiscal year 2026 is assessed here: the application is judged on it',
				 'a 所得の申立書 cannot replace an assessment made here');
CREATE TEMP TABLE pe AS SELECT zeimu.pension_apply_exemption('479021', 9001, 2026, 'full', 'self', 'id_document') AS id;
SELECT is((SELECT income_facts FROM zeimu.pension_exemption_application WHERE lg_code = '479021' AND application_id = (SELECT id FROM pe)),
		  '{"total_income": 350000, "gross_income": 350000, "dependents": 0, "tax_exempt": true, "nontaxable": "per_capita_threshold",
			"assessment_version": 1, "decided_on": "2026-05-15"}'::jsonb,
		  'the application holds the income facts of the assessment it is judged on');
SELECT is((SELECT array[a.income_source, r.direction, r.recipient_code, r.basis_code, array_to_string(r.items, ','), r.record_count::text]
		   FROM zeimu.pension_exemption_application a
		   JOIN zeimu.provision_record r ON r.lg_code = a.lg_code AND r.provision_id = a.income_transfer_id
		   WHERE a.lg_code = '479021' AND a.application_id = (SELECT id FROM pe)),
		  ARRAY['inhabitant_tax', 'transfer', 'pension_section', 'ordinance_9_2', 'income_facts,name', '1'],
		  'the income facts came by a recorded transfer (移転, 番号法第9条第2項 ordinance)');
SELECT is((SELECT array_agg(s.atena_no) FROM zeimu.pension_exemption_application a
		   JOIN zeimu.provision_record_subject s ON s.lg_code = a.lg_code AND s.provision_id = a.income_transfer_id
		   WHERE a.lg_code = '479021' AND a.application_id = (SELECT id FROM pe)),
		  ARRAY[9001::bigint], 'the transfer record names its subject');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code = '479021' AND atena_no = 9001
		   AND function_name = 'pension_income_transfer' AND purpose = 'pension_exemption' AND staff_id = 'S-0900'), 1::bigint,
		  'and is in the access log');
SELECT is(current_setting('zeimu_pension.income_year', true), '', 'the one-year narrowing does not outlive the transfer');
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(zeimu.pension_income_facts_item('479021', 9001)) k),
		  ARRAY['2026'], 'the item keys the facts by fiscal year');
-- A correcting salary report (2,000,000): 給与所得 2,000,000 x 70% - 80,000
-- = 1,320,000 (別表第五, 1,900,001-3,600,000 band); 課税 1,320,000 - 430,000
-- = 890,000; 所得割 53,400 / 35,600 less 調整控除 1,500 / 1,000 =
-- 51,900 / 34,600; + 均等割 3,000 + 1,000 + 森林環境税 1,000 = 91,500.
-- The batch writes version 2; the view follows the latest version.
SELECT ok(zeimu.receive_tax_document('479021', 'salary_report', 2026, '{"salary": 2000000}', p_name => '年金　一郎', p_sex => 1::smallint,
		  p_birth_date => '2006-04-01', p_address => '架空県架空市本町1-1', p_source => 'アルバイト先', p_received_on => '2026-06-10',
		  p_employer_name => '架空書店', p_employer_no => 'K-0001',
		  p_supersedes => (SELECT document_id FROM zeimu.tax_document WHERE lg_code = '479021' AND atena_no = 9001)) IS NOT NULL,
		  'a correcting salary report');
SELECT is((SELECT row(persons, corrected)::text FROM zeimu.levy_inhabitant('479021', 2026, '2026-06-15')), '(1,1)',
		  'the batch writes a correction');
SELECT is((SELECT row(assessment_version, total_income, dependents, tax_exempt, nontaxable)::text
		   FROM zeimu.inhabitant_income_for_pension WHERE lg_code = '479021' AND atena_no = 9001),
		  '(2,1320000,0,f,none)', 'the view shows only the latest version: 合計所得 1,320,000, taxable');
SELECT is((SELECT total FROM zeimu.inhabitant_assessment WHERE lg_code = '479021' AND atena_no = 9001 AND version = 2),
		  91500::bigint, 'version 2: total 91,500 by hand');
-- A second assessed year (2027, written here by hand) shows that the
-- transfer carries only the year the application is for.
INSERT INTO zeimu.inhabitant_assessment (lg_code, fiscal_year, atena_no, version, kind, income_levy_city, income_levy_pref,
	per_capita_city, per_capita_pref, forest_env_tax, total, collection_mode, breakdown, decided_on)
VALUES ('479021', 2027, 9001, 1, 'decision', 0, 0, 0, 0, 0, 0, 'none',
		'{"total_income": 300000, "gross_income": 300000, "household_size": 1, "nontaxable": "per_capita_threshold", "total": 0}', '2026-06-20');
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(zeimu.pension_income_facts_item('479021', 9001)) k),
		  ARRAY['2026', '2027'], 'unnarrowed, the item carries every assessed year');
CREATE TEMP TABLE pe2 AS SELECT zeimu.pension_apply_exemption('479021', 9001, 2026, 'quarter', 'self', 'id_document') AS id;
SELECT is((SELECT r.extract_sha256 FROM zeimu.pension_exemption_application a
		   JOIN zeimu.provision_record r ON r.lg_code = a.lg_code AND r.provision_id = a.income_transfer_id
		   WHERE a.lg_code = '479021' AND a.application_id = (SELECT id FROM pe2)),
		  (SELECT sha256(convert_to(jsonb_build_array(jsonb_build_object('record_no', 1, 'name', '年金　一郎',
					'income_facts', jsonb_build_object('2026', a.income_facts)))::text, 'UTF8'))
		   FROM zeimu.pension_exemption_application a WHERE a.lg_code = '479021' AND a.application_id = (SELECT id FROM pe2)),
		  'the transfer''s extract (by its SHA-256) held the name and the 2026 facts only, not 2027');
SELECT is((SELECT income_facts - 'decided_on' FROM zeimu.pension_exemption_application WHERE lg_code = '479021' AND application_id = (SELECT id FROM pe2)),
		  '{"total_income": 1320000, "gross_income": 1320000, "dependents": 0, "tax_exempt": false, "nontaxable": "none",
			"assessment_version": 2}'::jsonb,
		  'a later application is judged on the corrected assessment');
-- Fiscal year 2025 (July 2025 - June 2026, covering April-June 2026) was
-- not assessed here: the applicant's 所得の申立書 stands in for it.
SELECT throws_ok($$SELECT zeimu.pension_apply_exemption('479021', 9001, 2025, 'student', 'self', 'id_document')$$,
				 'P0002', NULL, 'fiscal year 2025 is not assessed here: no facts without a declaration');
SELECT throws_ok($$SELECT zeimu.pension_apply_exemption('479021', 9001, 2025, 'student', 'self', 'id_document', NULL, '{"total_income": -1, "dependents": 0}')$$,
				 '22023', NULL, 'a negative declared income is refused');
SELECT throws_ok($$SELECT zeimu.pension_apply_exemption('479021', 9001, 2025, 'student', 'self', 'id_document', NULL, '{"total_income": 0, "dependents": 0, "salary": 5}')$$,
				 '22023', 'unknown key "salary" in the declared income', 'an unknown key in the declaration is refused');
CREATE TEMP TABLE pe3 AS SELECT zeimu.pension_apply_exemption('479021', 9001, 2025, 'student', 'self', 'id_document', NULL,
																'{"total_income": 0, "dependents": 0, "note": "学生・収入なし"}') AS id;
SELECT is((SELECT array[income_source, income_facts::text] FROM zeimu.pension_exemption_application
		   WHERE lg_code = '479021' AND application_id = (SELECT id FROM pe3)),
		  ARRAY['declaration', '{"note": "学生・収入なし", "declared": true, "dependents": 0, "total_income": 0}'],
		  'the declared income is recorded as such (the transfer found nothing for 2025 and is still recorded)');
CREATE TEMP TABLE jx AS SELECT * FROM zeimu.pension_provide_to_jps('479021', 'jps-password-1');
SELECT is((SELECT record_count FROM jx), 1, 'one person''s notifications go to 日本年金機構');
SELECT is((SELECT jsonb_path_query_array(pgp_sym_decrypt(encrypted, 'jps-password-1')::jsonb, '$[0].pension_notification[*].kind') FROM jx),
		  '["acquisition", "exemption_application", "exemption_application", "exemption_application"]'::jsonb,
		  'the export carries the acquisition and the three applications');
SELECT is((SELECT pgp_sym_decrypt(encrypted, 'jps-password-1')::jsonb -> 0 ->> 'mynumber' FROM jx), '123456789018',
		  'with the Individual Number the recipient may receive');
SELECT is((SELECT count(*) FROM zeimu.pension_notification WHERE lg_code = '479021' AND provision_id = (SELECT provision_id FROM jx)),
		  4::bigint, 'the four notifications point at the provision record');
SELECT is((SELECT array_agg(DISTINCT status) FROM zeimu.pension_exemption_application WHERE lg_code = '479021' AND atena_no = 9001),
		  ARRAY['provided'], 'the applications are marked provided');
SELECT ok((SELECT provision_id IS NULL FROM zeimu.pension_provide_to_jps('479021', 'jps-password-1')),
		  'a second run finds nothing to provide');
SELECT lives_ok($$SELECT zeimu.pension_receive_notification('479021', 9001, 'category_change', 3::smallint, '2026-10-01', '婚姻 (第3号)', 'self', 'id_document')$$,
				'a category change');
SELECT is(ARRAY(SELECT format('%s:%s-%s', category, acquired_on, coalesce(lost_on::text, '')) FROM zeimu.pension_insured
				WHERE lg_code = '479021' AND atena_no = 9001 ORDER BY acquired_on),
		  ARRAY['1:2026-04-01-2026-10-01', '3:2026-10-01-'], 'the category-1 period ends, a category-3 period starts');
-- Pension staff see pension data only.
SET SESSION AUTHORIZATION regress_prov_pension;
SELECT is((SELECT count(*) FROM zeimu.pension_insured WHERE lg_code = '479021'), 2::bigint, 'pension staff read the insured periods');
-- The access module grants pension staff the 宛名 (SELECT on zeimu.person, as the
-- pension business needs names and addresses) scoped by row security to the
-- offices of their staff record; this one is HQ (every office): 9001, 9002, 9003.
SELECT is((SELECT count(*) FROM zeimu.person), 3::bigint, 'pension staff of every office see the three persons');
SELECT throws_ok($$SELECT count(*) FROM zeimu.provision_record$$, '42501', NULL, 'nor the provision records');
SELECT throws_ok($$SELECT count(*) FROM zeimu.inhabitant_income_for_pension$$, '42501', NULL,
				 'nor the inhabitant-tax income facts directly (only through the recorded transfer)');
SELECT throws_ok($$SELECT count(*) FROM zeimu.inhabitant_assessment$$, '42501', NULL, 'nor the assessments');
SELECT throws_ok($$SELECT zeimu.provide('479021', 'nta_inheritance', 'sozoku_58', ARRAY['name', 'local_tax_info'], ARRAY[9001::bigint], 'pw-12345678')$$,
				 '42501', NULL, 'nor build extracts for tax recipients');
-- The whole flow as a pension clerk (no superuser): notification, export.
SELECT lives_ok($$SELECT zeimu.pension_receive_notification('479021', 9002, 'acquisition', 3::smallint, '2026-09-01', '配偶者の扶養', 'agent', 'id_document', '提供　太郎')$$,
				'a pension clerk receives a notification brought by an agent');
SELECT is((SELECT record_count FROM zeimu.pension_provide_to_jps('479021', 'jps-password-2')), 2,
		  'and provides the pending ones to 日本年金機構: 9002''s acquisition and 9001''s category change = 2 persons');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code = '479021' AND atena_no = 9002 AND purpose = 'provision'
		   AND session_user_name = 'regress_prov_pension'), 1::bigint,
		  'the number revealed for that export is logged under the pension clerk''s login');
SET SESSION AUTHORIZATION regress_prov_pension;
SELECT throws_ok($$SELECT zeimu.pension_receive_notification('479021', 9003, 'acquisition', 1::smallint, '2026-09-01', 'x', 'self', 'id_document')$$,
				 '22023', 'a national pension notification needs an individual', 'a corporation cannot be insured');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_prov_clerk;
SELECT is((SELECT record_count FROM zeimu.provide('479021', 'prefecture', 'bangou_19_10', ARRAY['name', 'address'], ARRAY[9001::bigint, 9002])),
		  2, 'a provision clerk (no superuser) builds a provision');
SELECT throws_ok($$SELECT zeimu.pension_provide_to_jps('479021', 'jps-password-2')$$, '42501', NULL,
				 'but not the pension export');
RESET SESSION AUTHORIZATION;

-- ---------------------------------------------------------------------------
-- Row security (access module): person-keyed tables follow the person's
-- office, the others the municipality; no interim policy is left.
-- ---------------------------------------------------------------------------
SELECT is_empty($$SELECT polname FROM pg_catalog.pg_policy
				 WHERE polname LIKE 'provision\_interim%' OR polname LIKE 'pension\_interim%'$$,
				'no interim provision or pension policy is left');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('479021', 'B1', '北出張所', 'branch');
SELECT zeimu.register_staff('479021', 'PROV-BRANCH', 'regress_prov_branch', 'Branch clerk', ARRAY['provision', 'pension'], ARRAY['B1']);
CREATE TEMP TABLE rls_su AS
	SELECT (SELECT count(*) FROM zeimu.provision_record_subject WHERE lg_code = '479021') AS subjects,
		   (SELECT count(*) FROM zeimu.provision_record WHERE lg_code = '479021') AS records;
GRANT SELECT ON rls_su TO regress_prov_branch, regress_prov_chief;
SET SESSION AUTHORIZATION regress_prov_branch;
SELECT is((SELECT count(*) FROM zeimu.provision_record_subject), 0::bigint,
		  'staff of office B1 see no provision subjects of office H1''s persons');
SELECT is((SELECT count(*) FROM zeimu.pension_insured), 0::bigint, 'nor their insured periods');
SELECT is((SELECT count(*) FROM zeimu.provision_record), (SELECT records FROM rls_su),
		  'the provision records themselves are municipal: every one is visible');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_prov_chief;
SELECT is((SELECT count(*) FROM zeimu.provision_record_subject), (SELECT subjects FROM rls_su),
		  'HQ staff (every office) see every provision subject');
RESET SESSION AUTHORIZATION;

-- ---------------------------------------------------------------------------
-- Disclosure request
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT zeimu.receive_disclosure_request('479021', 9001, 'self', '年金　一郎', 'phone', 'id_document')$$,
				 '22023', 'disclosure requests by telephone or FAX are not accepted', 'no request by telephone');
SELECT throws_ok($$SELECT zeimu.receive_disclosure_request('479021', 9001, 'self', '年金　一郎', 'counter', 'interview')$$,
				 '22023', NULL, 'an interview is no identity document');
SELECT is(zeimu.disclosure_in_progress('479021', 9001), false, 'no request yet: no hold');
CREATE TEMP TABLE dr AS SELECT zeimu.receive_disclosure_request('479021', 9001, 'self', '年金　一郎', 'counter', 'mynumber_card') AS id;
SELECT is(zeimu.disclosure_in_progress('479021', 9001), true, 'a request in progress holds the person''s data');
SELECT is(zeimu.disclosure_in_progress('479021', 9002), false, 'and nobody else''s');
CREATE TEMP TABLE rep AS SELECT zeimu.disclosure_report('479021', (SELECT id FROM dr)) AS r;
SELECT is((SELECT r -> 'person' ->> 'name' FROM rep), '年金　一郎', 'the report holds the registry row');
SELECT is((SELECT r -> 'mynumber' FROM rep), '{"linked": true, "masked": "********9018"}'::jsonb,
		  'the number appears masked only');
SELECT ok((SELECT r::text NOT LIKE '%123456789018%' FROM rep), 'the full Individual Number is nowhere in the report');
SELECT is(ARRAY(SELECT jsonb_object_keys(r -> 'tables') FROM rep ORDER BY 1),
		  ARRAY['disclosure_request', 'identity_verification', 'inhabitant_assessment', 'inhabitant_special_schedule',
				'network_record', 'notice_batch_subject', 'pension_exemption_application', 'pension_insured',
				'pension_notification', 'provision_record_subject', 'reduction_application', 'tax_document'],
		  'every table holding rows of the person is found in the catalogue');
SELECT is((SELECT jsonb_array_length(r -> 'provisions') FROM rep),
		  -- nta_income, eltax_jlta, pension_office_center, koshigaya_collection, notice batch,
		  -- pension_section x 3 (2026 version 1, 2026 version 2, 2025 declared), jps,
		  -- nta_inheritance, jps again (category change), prefecture by the clerk = 12
		  12, 'the twelve extracts that carried the person''s data');
SELECT ok((SELECT jsonb_path_exists(r, '$.access_log[*] ? (@.purpose == "provision")') FROM rep),
		  'the access-log entries about the person are in the report');
SELECT is((SELECT count(*) FROM zeimu.disclosure_report_log WHERE lg_code = '479021' AND request_id = (SELECT id FROM dr)),
		  1::bigint, 'the report is logged');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code = '479021' AND atena_no = 9001 AND function_name = 'disclosure_report'),
		  1::bigint, 'and in the access log');
SELECT lives_ok($$SELECT zeimu.close_disclosure_request('479021', (SELECT id FROM dr), 'answered')$$, 'the request is answered');
SELECT is(zeimu.disclosure_in_progress('479021', 9001), false, 'an answered request holds nothing');
SELECT throws_ok($$SELECT zeimu.disclosure_report('479021', (SELECT id FROM dr))$$, '55000', NULL,
				 'no report for a closed request');

SELECT * FROM finish();
ROLLBACK;
