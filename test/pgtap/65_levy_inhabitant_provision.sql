-- levy (inhabitant tax): outputs that carry the Individual Number, through
-- the provision module (src/sql/799): 294条3項 notices to the municipality
-- of residence on 1 January and 資料連絡箋 to the tax office.
-- Municipality 131130, fiscal year 2025.  Person 1 resident; persons 2 and 3
-- 住登外 (not residents on 1 January 2025): their documents are on the
-- forwarding list.
BEGIN;
SELECT plan(25);
SET LOCAL zeimu.staff_id = 'S-0650';

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
SELECT cmp_ok(zeimu.provision_seed('131130'), '>', 0::bigint, 'the provision catalogue is copied');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'HQ', '税務課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, sex, birth_date, address, office_code, resident, business_date) VALUES
	('131130', 1, '甲野 一郎', 1, '1980-04-01', 'テスト区本町１番', 'HQ', true, '2020-04-01'),
	('131130', 2, '乙川 花子', 2, '1975-06-15', '大阪市北区梅田１番', 'HQ', false, '2020-04-01'),
	('131130', 3, '丙田 三郎', 1, '1990-01-20', '横浜市中区本町３番', 'HQ', false, '2020-04-01');
DO $$ BEGIN PERFORM zeimu.link_mynumber('131130', g, zeimu.sample_mynumber(13, g), 'test') FROM generate_series(1, 3) g; END $$;

CREATE TEMP TABLE doc (tag text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.recv(p_tag text, p_atena bigint, p_kind text, p_facts jsonb, p_employer text, p_on date,
	p_supersedes bigint DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	p record;
BEGIN
	SELECT * INTO p FROM zeimu.person WHERE lg_code::text = '131130' AND atena_no = p_atena;
	INSERT INTO doc VALUES (p_tag, zeimu.receive_tax_document('131130', p_kind, 2025, p_facts, p_name => p.name, p_sex => p.sex,
		p_birth_date => p.birth_date, p_address => p.address, p_source => coalesce(p_employer, '年金機構'),
		p_received_on => p_on, p_employer_name => p_employer, p_supersedes => p_supersedes));
END $$;
SELECT pg_temp.recv('1s', 1, 'salary_report', '{"salary": 3000000}', 'エックス', '2025-01-31');
SELECT pg_temp.recv('2s', 2, 'salary_report', '{"salary": 2500000, "social_insurance": 300000}', 'エックス', '2025-01-31');
SELECT pg_temp.recv('2p', 2, 'pension_report', '{"pension": 800000, "age": 66}', NULL, '2025-02-10');
SELECT pg_temp.recv('3s', 3, 'salary_report', '{"salary": 1800000}', 'ワイ', '2025-01-31');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.tax_document_forwarding WHERE lg_code::text = '131130' ORDER BY 1),
	ARRAY[2, 2, 3]::bigint[], 'the forwarding list: the documents of the two non-residents');

-- ---- 294条3項: person 2 to 大阪市 (271004) -------------------------------------
CREATE TEMP TABLE ex AS SELECT * FROM zeimu.inhabitant_send_294_3('131130', 2025, '271004', ARRAY[2]::bigint[]);
SELECT is((SELECT record_count FROM ex), 1, 'one person in the extract');
SELECT is((SELECT payload->0->>'mynumber' FROM ex), zeimu.sample_mynumber(13, 2)::text,
	'the extract carries the Individual Number (decrypted only here)');
SELECT is((SELECT payload->0->>'name' || '/' || (payload->0->>'address') FROM ex), '乙川 花子/大阪市北区梅田１番',
	'with the name and address');
SELECT is((SELECT jsonb_agg(d->'document_id' ORDER BY d->>'document_id') FROM ex, jsonb_array_elements(payload->0->'inhabitant_forwarded_documents') d),
	(SELECT jsonb_agg(id ORDER BY id) FROM doc WHERE tag IN ('2s', '2p')), 'and both of her documents');
SELECT is((SELECT payload->0->'inhabitant_forwarded_documents'->0->'facts' FROM ex),
	'{"salary": 2500000, "social_insurance": 300000}'::jsonb, 'each as received (facts, source, kind)');
SELECT is((SELECT row(recipient_code, basis_code, record_count, 'mynumber' = ANY (items), staff_id)::text
			FROM zeimu.provision_record WHERE lg_code::text = '131130' AND provision_id = (SELECT provision_id FROM ex)),
	'(other_municipality,bangou_19_10,1,t,S-0650)', 'the provision record: recipient, basis, items, staff');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.provision_record_subject WHERE lg_code::text = '131130'
				AND provision_id = (SELECT provision_id FROM ex)), ARRAY[2]::bigint[], 'and whose data it carried');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code::text = '131130' AND atena_no = 2
			AND function_name = 'reveal_mynumber' AND purpose = 'provision'), 1::bigint, 'the decryption is access-logged');
SELECT is((SELECT string_agg(destination::text || ':' || (provision_id = (SELECT provision_id FROM ex)), ',')
			FROM zeimu.inhabitant_forwarding WHERE lg_code::text = '131130' AND atena_no = 2), '271004:true,271004:true',
	'the two documents are recorded as forwarded to 271004 by that extract');
SELECT throws_ok($$SELECT zeimu.inhabitant_send_294_3('131130', 2025, '271004', ARRAY[2]::bigint[])$$, '22023',
	'person(s) 2 have no document to forward for fiscal year 2025', 'a document is forwarded once');
SELECT throws_ok($$SELECT zeimu.inhabitant_send_294_3('131130', 2025, '271004', ARRAY[1, 3]::bigint[])$$, '22023',
	'person(s) 1 have no document to forward for fiscal year 2025', 'a resident''s documents are not forwarded');
SELECT throws_ok($$SELECT zeimu.inhabitant_send_294_3('131130', 2025, '131130', ARRAY[3]::bigint[])$$, '22023',
	'a 294-3 notice goes to another municipality', 'not to the municipality itself');
SELECT throws_ok($$SELECT zeimu.inhabitant_send_294_3('131130', 2025, '271004', '{}'::bigint[])$$, '22023',
	'a 294-3 notice needs at least one person', 'an empty person list');
-- A correction received after the notice is forwarded again (only it).
SELECT pg_temp.recv('2s2', 2, 'salary_report', '{"salary": 2600000, "social_insurance": 300000}', 'エックス', '2025-03-01',
	(SELECT id FROM doc WHERE tag = '2s'));
SELECT is((SELECT jsonb_agg(d->'document_id') FROM zeimu.inhabitant_send_294_3('131130', 2025, '271004', ARRAY[2]::bigint[]) x,
			jsonb_array_elements(x.payload->0->'inhabitant_forwarded_documents') d),
	(SELECT jsonb_agg(id) FROM doc WHERE tag = '2s2'), 'a later correction goes in a new notice, alone');

-- ---- 資料連絡箋 -----------------------------------------------------------------
SELECT lives_ok($$SELECT zeimu.inhabitant_liaison_add('131130', 2025, 1, '扶養控除の重複 (資料間チェック)',
	'{"check_code": "claimed_twice", "claimed_atena_no": 3}')$$, 'a clerk records a slip for the tax office');
SELECT throws_ok(format($$SELECT zeimu.inhabitant_liaison_add('131130', 2025, 1, 'x', '{"note": "%s"}')$$, zeimu.sample_mynumber(13, 3)::text),
	'22023', 'the detail of a liaison slip must not hold an Individual Number', 'a number typed into the detail is refused');
SELECT throws_ok($$SELECT zeimu.inhabitant_liaison_add('131130', 2025, 1, ' ')$$, '22023', 'a liaison slip needs a reason', 'no reason');
SELECT throws_ok($$SELECT zeimu.inhabitant_liaison_add('131130', 2025, 99, 'x')$$, 'P0002',
	'person 99 not found in municipality 131130', 'an unknown person');
CREATE TEMP TABLE ls AS SELECT * FROM zeimu.inhabitant_liaison_send('131130', 2025);
SELECT is((SELECT row(record_count, payload->0->>'mynumber' = zeimu.sample_mynumber(13, 1)::text,
				payload->0->'inhabitant_liaison'->0->>'reason', payload->0->'inhabitant_liaison'->0->'detail'->>'check_code')::text FROM ls),
	'(1,t,"扶養控除の重複 (資料間チェック)",claimed_twice)', 'the slip goes to the tax office with the number and the reason');
SELECT is((SELECT row(recipient_code, basis_code)::text FROM zeimu.provision_record
			WHERE lg_code::text = '131130' AND provision_id = (SELECT provision_id FROM ls)),
	'(nta_income,bangou_19_10)', 'recorded as a provision to the 国税庁長官');
SELECT is((SELECT row(record_count, provision_id IS NULL)::text FROM zeimu.inhabitant_liaison_send('131130', 2025)),
	'(0,t)', 'a second send finds nothing pending');
SELECT throws_ok($$UPDATE zeimu.inhabitant_liaison_slip SET reason = 'x'$$, '55000', NULL, 'a sent slip is not edited');

-- ---- the number stays in the vault ------------------------------------------------
SELECT is((SELECT count(*) FROM (
		SELECT to_jsonb(f)::text AS t FROM zeimu.inhabitant_forwarding f
		UNION ALL SELECT to_jsonb(s)::text FROM zeimu.inhabitant_liaison_slip s
		UNION ALL SELECT to_jsonb(r)::text FROM zeimu.provision_record r WHERE lg_code::text = '131130'
		UNION ALL SELECT to_jsonb(d)::text FROM zeimu.tax_document d WHERE lg_code::text = '131130') x,
		generate_series(1, 3) g WHERE x.t LIKE '%' || zeimu.sample_mynumber(13, g)::text || '%'), 0::bigint,
	'no Individual Number in the forwarding and slip tables, the provision records or the documents');

SELECT * FROM finish();
ROLLBACK;
