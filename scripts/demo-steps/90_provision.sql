-- demo: provision — one provision, one refused provision, one disclosure report
SET client_min_messages = notice;
SET search_path = public, zeimu;
SET zeimu.staff_id = 'S-1001';
\echo 'A sample municipality (121002) with the provision catalogue of the assessments (seeds 000-004):'
SELECT step, rows_created FROM zeimu.generate_sample('121002', 50, 1);
SELECT recipient_code, name, direction, medium, seed_ref
FROM zeimu.provision_recipient WHERE lg_code = '121002' AND recipient_code NOT LIKE 'kumamoto_t%'
ORDER BY seed_ref, recipient_code;

SELECT min(atena_no) AS a1, min(atena_no) FILTER (WHERE atena_no > 1) AS a2
FROM zeimu.person WHERE lg_code = '121002' AND kind = 'individual' AND death_date IS NULL \gset

\echo
\echo '1. A provision to the prefecture (番号法第19条第10号, 施行令第22条): 4 items and local-tax info, no Individual Number'
CREATE TEMP TABLE demo_x AS
	SELECT * FROM zeimu.provide('121002', 'prefecture', 'bangou_19_10',
								ARRAY['name', 'sex', 'birth_date', 'address', 'local_tax_info'], ARRAY[:a1, :a2]::bigint[]);
SELECT jsonb_pretty(payload) AS extract FROM demo_x;
\echo 'Its provision record (never the number itself: items, count, staff, SHA-256 of the extract):'
SELECT provision_id, recipient_code, basis_code, legal_article, items, record_count, provided_on, staff_id, medium,
       encode(extract_sha256, 'hex') AS sha256
FROM zeimu.provision_record WHERE lg_code = '121002';

\echo
\echo '2. The same recipient asked for the Individual Number: refused (seed 001 R-TR-04), nothing recorded'
DO $$
BEGIN
	PERFORM zeimu.provide('121002', 'prefecture', 'bangou_19_10', ARRAY['name', 'mynumber'], ARRAY[1::bigint]);
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'refused: SQLSTATE % — %', SQLSTATE, SQLERRM;
END
$$;
DO $$
BEGIN
	PERFORM zeimu.provide('121002', 'private_company', 'none', ARRAY['name'], ARRAY[1::bigint]);
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'refused: SQLSTATE % — %', SQLSTATE, SQLERRM;
END
$$;
SELECT count(*) AS provision_records FROM zeimu.provision_record WHERE lg_code = '121002';

\echo
\echo '3. A disclosure request (開示請求) by the person, identity document shown at the counter, and the report'
SELECT zeimu.receive_disclosure_request('121002', :a1, 'self', 'the person', 'counter', 'mynumber_card') AS request_id \gset
SELECT zeimu.disclosure_in_progress('121002', :a1) AS held_against_purge;
CREATE TEMP TABLE demo_r AS SELECT zeimu.disclosure_report('121002', :request_id) AS r;
SELECT jsonb_pretty(r - 'tables' - 'access_log') AS report FROM demo_r;
SELECT k AS "table", jsonb_array_length(r -> 'tables' -> k) AS rows FROM demo_r, jsonb_object_keys(r -> 'tables') k ORDER BY 1;
SELECT e ->> 'function' AS function, e ->> 'purpose' AS purpose, e ->> 'staff_id' AS staff_id
FROM demo_r, jsonb_array_elements(r -> 'access_log') e;
\echo 'The report itself is logged:'
SELECT report_id, request_id, atena_no, produced_by, sections FROM zeimu.disclosure_report_log WHERE lg_code = '121002';
