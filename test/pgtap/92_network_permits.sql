-- provision: the network permit list (照会許可用照合リスト).  The seeded rows
-- are the 72 命令第2条の表 items of seed 001 I-6-② (spec §8.3) and the one
-- inquiry item (第48項); zeimu.load_network_permits loads a municipality's
-- full list: validated as a whole, upserted by permit id, rows no longer
-- listed ended (not deleted), idempotent.
BEGIN;
SELECT plan(26);
SET LOCAL client_min_messages = warning;
SET LOCAL search_path = public, zeimu, pg_catalog;
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;

-- ---- the seeded catalogue ----------------------------------------------------
SELECT is((SELECT count(*)::int FROM zeimu.network_permit WHERE lg_code = '000000' AND direction = 'provision'
		   AND permit_id LIKE 'prov\_meirei\_2\_%'), 72,
		  'the 72 provision items of 命令第2条の表 that seed 001 lists');
-- The seed gives the items and the articles as two lists; the spec notes
-- that each article is its item + 2 (命令第3条 .. 第175条 follow the table
-- items 1 .. 173).  Parsing both numbers back out of legal_basis checks that
-- the two lists were paired in order.
SELECT is((SELECT count(*)::int FROM zeimu.network_permit
		   WHERE lg_code = '000000' AND permit_id LIKE 'prov\_meirei\_2\_%'
			 AND (substring(legal_basis FROM '第([0-9]+)条$'))::int = (substring(legal_basis FROM '表第([0-9]+)項'))::int + 2
			 AND (substring(legal_basis FROM '表第([0-9]+)項'))::int = substring(permit_id FROM '[0-9]+$')::int),
		  72, 'every seeded row: article = item + 2, and the id names the item');
SELECT is(ARRAY(SELECT legal_basis FROM zeimu.network_permit WHERE lg_code = '000000'
				AND permit_id IN ('prov_meirei_2_001', 'prov_meirei_2_048', 'prov_meirei_2_173') ORDER BY permit_id),
		  ARRAY['番号法第19条第8号; 命令第2条の表第1項, 第3条', '番号法第19条第8号; 命令第2条の表第48項, 第50条',
				'番号法第19条第8号; 命令第2条の表第173項, 第175条'],
		  'first, 48th-item and last rows by hand (1→3, 48→50, 173→175)');
SELECT is((SELECT count(*)::int FROM zeimu.network_permit WHERE lg_code = '000000' AND permit_id LIKE 'prov\_meirei\_2\_%'
		   AND permit_id IN ('prov_meirei_2_006', 'prov_meirei_2_008', 'prov_meirei_2_174')), 0,
		  'items the seed does not list (6, 8) and one past the end (174) are not seeded');
SELECT is((SELECT array[direction, requester, provider, info_item, purpose_condition] FROM zeimu.network_permit
		   WHERE lg_code = '000000' AND permit_id = 'inq_48_public_assistance'),
		  ARRAY['inquiry', '市町村長', '都道府県知事', '生活保護関係情報', 'pending_reduction_application'],
		  'the one inquiry item (命令第2条の表第48項, 第50条), only while a 減免 application is pending');
SELECT is((SELECT count(*)::int FROM zeimu.network_permit WHERE lg_code = '000000' AND no_auto_response), 0,
		  'no seed names an item without automatic response: none is flagged');

-- ---- a municipality ------------------------------------------------------------
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('479021', '架空市', '架空県');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('479021', 'H1', '本庁税務課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, office_code) VALUES ('479021', 9201, '照会　対象', 'H1');
SELECT cmp_ok(zeimu.provision_seed('479021'), '>', 0::bigint, 'the catalogue is copied to the municipality');
SELECT is((SELECT count(*)::int FROM zeimu.network_permit WHERE lg_code = '479021'), 73,
		  'with its 73 permits (72 provision items + 1 inquiry)');
SELECT zeimu.register_staff('479021', 'PERMIT-CHIEF', 'regress_permit_chief', 'Section chief', ARRAY['section_chief'], ARRAY['H1']);
SELECT zeimu.register_staff('479021', 'PERMIT-CLERK', 'regress_permit_clerk', 'Provision clerk', ARRAY['provision'], ARRAY['H1']);

-- Errors as text (SQLSTATE, message, detail), to check the detail too.
CREATE FUNCTION pg_temp.err(p_sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	m text;
	d text;
BEGIN
	EXECUTE p_sql;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || m || coalesce(' | ' || nullif(d, ''), '');
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.err(text) TO PUBLIC;

-- ---- validation: all or nothing ------------------------------------------------
SET LOCAL ROLE regress_permit_chief;
SELECT is(pg_temp.err($$SELECT * FROM zeimu.load_network_permits('479021', '[
	{"permit_id": "prov_meirei_2_001", "direction": "provision", "requester": "厚生労働大臣", "provider": "市町村長",
	 "business": "健康保険法による保険給付の支給に関する事務", "info_item": "地方税関係情報", "legal_basis": "命令第2条の表第1項, 第3条"},
	{"permit_id": "x y", "direction": "reply", "requester": "", "provider": "市町村長", "business": "b", "info_item": "i",
	 "legal_basis": "l", "colour": "red", "no_auto_response": "maybe", "valid_from": "2024-02-30"},
	{"permit_id": "prov_meirei_2_001", "direction": "provision", "requester": "r", "provider": "p", "business": "b",
	 "info_item": "i", "legal_basis": "l", "valid_from": "2024-04-01", "valid_to": "2024-03-31", "purpose_condition": "always"}]')$$),
	'22023: the permit list has 9 problem(s); nothing was loaded | element 2 colour: unknown field; element 2 direction: not inquiry or provision; '
	'element 2 no_auto_response: not true or false; element 2 permit_id: not 1-64 letters, digits, _ . or -; element 2 requester: missing; '
	'element 2 valid_from: not a date (YYYY-MM-DD); element 3 permit_id: given twice; element 3 purpose_condition: unknown condition; '
	'element 3 valid_to: before valid_from.',
	'every problem is listed by element and field (2024-02-30 does not exist; 2024-03-31 precedes 2024-04-01)');
RESET ROLE;
SELECT is((SELECT requester FROM zeimu.network_permit WHERE lg_code = '479021' AND permit_id = 'prov_meirei_2_001'),
		  '命令第2条の表第1項の情報照会者', 'a refused list changes nothing (element 1 was valid)');
SET LOCAL ROLE regress_permit_chief;
SELECT is(pg_temp.err($$SELECT * FROM zeimu.load_network_permits('479021', '{"permit_id": "a"}')$$),
		  '22023: the permit list must be a non-empty JSON array of objects', 'an object is not a list');
SELECT is(pg_temp.err($$SELECT * FROM zeimu.load_network_permits('479021', '[]')$$),
		  '22023: the permit list must be a non-empty JSON array of objects', 'an empty list is refused (it would end every permit)');
SELECT is(pg_temp.err($$SELECT * FROM zeimu.load_network_permits('479021', NULL)$$),
		  '22004: lg_code, the permit list and p_complete are required', 'no list');
RESET ROLE;
SELECT is(pg_temp.err($$SELECT * FROM zeimu.load_network_permits('000000', '[{}]')$$),
		  '22023: the national catalogue (000000) is not loaded: give the municipality''s code',
		  'the national catalogue is the extension''s (a superuser passes the gate, the code does not)');

-- ---- who may load ----------------------------------------------------------------
SET LOCAL ROLE regress_permit_clerk;
SELECT is(pg_temp.err($$SELECT * FROM zeimu.load_network_permits('479021', '[{}]')$$),
		  '42501: permission denied for function load_network_permits', 'a provision clerk cannot load the list');
RESET ROLE;

-- ---- a partial load (p_complete false): one update, one new row ---------------------
-- prov_meirei_2_001 gets its real requester and business and the
-- 自動応答不可 flag; a municipal inquiry item is added.
SET LOCAL ROLE regress_permit_chief;
SELECT is((SELECT row(inserted, updated, unchanged, ended)::text FROM zeimu.load_network_permits('479021', '[
	{"permit_id": "prov_meirei_2_001", "direction": "provision", "requester": "厚生労働大臣", "provider": "市町村長",
	 "business": "健康保険法による保険給付の支給に関する事務", "info_item": "地方税関係情報",
	 "legal_basis": "番号法第19条第8号; 命令第2条の表第1項, 第3条", "no_auto_response": true},
	{"permit_id": "inq_municipal_01", "direction": "inquiry", "requester": "市町村長", "provider": "他市町村長",
	 "business": "地方税の賦課徴収に関する事務", "info_item": "住民票関係情報", "legal_basis": "命令第2条の表第48項",
	 "valid_from": "2024-04-01"}]', false)),
		  '(1,1,0,0)', 'partial load: 1 inserted, 1 updated, nothing ended');
RESET ROLE;
SELECT is((SELECT array[requester, no_auto_response::text, (seed_ref LIKE 'municipal permit list loaded % by %')::text]
		   FROM zeimu.network_permit WHERE lg_code = '479021' AND permit_id = 'prov_meirei_2_001'),
		  ARRAY['厚生労働大臣', 'true', 'true'], 'the updated row: real requester, flagged, marked as municipal data');
SELECT is((SELECT count(*)::int FROM zeimu.network_permit WHERE lg_code = '479021' AND (valid_to IS NULL OR valid_to >= CURRENT_DATE)),
		  74, 'a partial load ends nothing: 73 + 1 current');
-- The flagged item now waits for a section chief.
CREATE TEMP TABLE np (id bigint);
GRANT ALL ON np TO PUBLIC;
SET LOCAL ROLE regress_permit_clerk;
INSERT INTO np SELECT zeimu.network_provide('479021', 'prov_meirei_2_001', 9201, '地方税関係情報', '厚生労働大臣');
RESET ROLE;
SELECT is((SELECT result FROM zeimu.network_record WHERE lg_code = '479021' AND record_id = (SELECT id FROM np)),
		  'awaiting_confirmation', 'a provision under the loaded, flagged permit awaits confirmation');

-- ---- a complete load: the list as a whole --------------------------------------------
CREATE TEMP TABLE full_list AS
	SELECT jsonb_agg(jsonb_build_object('permit_id', permit_id, 'direction', direction, 'requester', requester,
										'provider', provider, 'business', business, 'info_item', info_item,
										'legal_basis', legal_basis, 'no_auto_response', no_auto_response,
										'purpose_condition', purpose_condition, 'valid_from', valid_from)
					 ORDER BY permit_id) AS l
	FROM zeimu.network_permit WHERE lg_code = '479021' AND permit_id NOT IN ('prov_meirei_2_002', 'prov_meirei_2_003');
GRANT SELECT ON full_list TO PUBLIC;
SET LOCAL ROLE regress_permit_chief;
SELECT is((SELECT row(inserted, updated, unchanged, ended)::text FROM zeimu.load_network_permits('479021', (SELECT l FROM full_list))),
		  '(0,0,72,2)', 'complete load without items 2 and 3: 72 unchanged, those 2 ended');
SELECT is((SELECT row(inserted, updated, unchanged, ended)::text FROM zeimu.load_network_permits('479021', (SELECT l FROM full_list))),
		  '(0,0,72,0)', 'loading the same list again changes nothing (idempotent)');
RESET ROLE;
SELECT is(ARRAY(SELECT permit_id || ':' || valid_to FROM zeimu.network_permit WHERE lg_code = '479021' AND valid_to IS NOT NULL ORDER BY 1),
		  ARRAY['prov_meirei_2_002:' || (CURRENT_DATE - 1), 'prov_meirei_2_003:' || (CURRENT_DATE - 1)],
		  'the rows no longer listed end yesterday; they are kept for the records that name them');
SET LOCAL ROLE regress_permit_clerk;
SELECT is(pg_temp.err($$SELECT zeimu.network_provide('479021', 'prov_meirei_2_002', 9201, '地方税関係情報', '命令第2条の表第2項の情報照会者')$$),
		  'ZP010: the network provision does not match permit "prov_meirei_2_002" | Direction, item, business and counterpart must equal a current row of zeimu.network_permit.',
		  'an ended permit matches nothing');
SELECT is(pg_temp.err($$SELECT zeimu.network_provide('479021', 'prov_meirei_2_004', 9201, '地方税関係情報', '命令第2条の表第4項の情報照会者')$$),
		  'ok', 'a listed seeded permit still matches');
RESET ROLE;
-- Loading a row back starts it again (valid_to cleared).
SET LOCAL ROLE regress_permit_chief;
SELECT is((SELECT row(inserted, updated, unchanged, ended)::text FROM zeimu.load_network_permits('479021', '[
	{"permit_id": "prov_meirei_2_002", "direction": "provision", "requester": "命令第2条の表第2項の情報照会者", "provider": "市町村長",
	 "business": "命令第2条の表第2項の事務", "info_item": "地方税関係情報", "legal_basis": "番号法第19条第8号; 命令第2条の表第2項, 第4条"}]', false)),
		  '(0,1,0,0)', 'a partial load brings an ended row back (updated)');
RESET ROLE;
SELECT is((SELECT valid_to FROM zeimu.network_permit WHERE lg_code = '479021' AND permit_id = 'prov_meirei_2_002'), NULL::date,
		  'it is current again');

SELECT * FROM finish();
ROLLBACK;
