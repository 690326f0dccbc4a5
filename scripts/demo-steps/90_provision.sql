-- demo: provision — one provision, one refused provision, a pension exemption judged on the inhabitant tax, one disclosure report
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
\echo '3. National pension (seed 002, Chiba City): a premium exemption judged on the inhabitant-tax data'
\echo '   A resident since 2020 turns 20 and becomes a category-1 insured person; the 令和8年度 inhabitant tax is levied'
SELECT office_code AS demo_office FROM zeimu.office WHERE lg_code = '121002' ORDER BY office_code LIMIT 1 \gset
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, postal_code, office_code, business_date)
VALUES ('121002', 900001, '年金　一郎', 'ネンキン　イチロウ', 1, '2006-04-01', '千葉県千葉市中央区千葉港1-1', '2608722',
		:'demo_office', '2020-04-01');
SELECT zeimu.pension_receive_notification('121002', 900001, 'acquisition', 1::smallint, '2026-04-01', '20歳到達',
										  'self', 'mynumber_card') AS notification_id;
SELECT zeimu.receive_tax_document('121002', 'salary_report', 2026, '{"salary": 1000000}', p_name => '年金　一郎',
		p_sex => 1::smallint, p_birth_date => '2006-04-01', p_address => '千葉県千葉市中央区千葉港1-1',
		p_source => 'アルバイト先', p_received_on => '2026-01-31', p_employer_name => '架空書店', p_employer_no => 'K-0001')
	   IS NOT NULL AS salary_report_received;
SELECT persons, decided, non_taxable FROM zeimu.levy_inhabitant('121002', 2026, '2026-05-15');
\echo 'What the pension side may take (view inhabitant_income_for_pension, latest assessment version):'
SELECT fiscal_year, atena_no, assessment_version, total_income AS "合計所得", dependents AS "扶養親族等", tax_exempt AS "非課税",
	   nontaxable
FROM zeimu.inhabitant_income_for_pension WHERE lg_code = '121002' AND atena_no = 900001;
\echo 'The application takes the facts through the registered transfer pension_section (移転), recorded and logged:'
SELECT zeimu.pension_apply_exemption('121002', 900001, 2026, 'full', 'self', 'id_document') AS application_id \gset
SELECT a.application_id, a.fiscal_year, a.exemption_kind, a.income_source, jsonb_pretty(a.income_facts) AS income_facts
FROM zeimu.pension_exemption_application a WHERE a.lg_code = '121002' AND a.application_id = :application_id;
SELECT r.provision_id, r.direction, r.recipient_code, r.legal_article, r.items, r.record_count, r.staff_id
FROM zeimu.pension_exemption_application a
JOIN zeimu.provision_record r ON r.lg_code = a.lg_code AND r.provision_id = a.income_transfer_id
WHERE a.lg_code = '121002' AND a.application_id = :application_id;
SELECT function_name, purpose, staff_id FROM zeimu.access_log
WHERE lg_code = '121002' AND atena_no = 900001 AND function_name = 'pension_income_transfer';

\echo
\echo '4. A disclosure request (開示請求) by the person, identity document shown at the counter, and the report'
SELECT zeimu.receive_disclosure_request('121002', :a1, 'self', 'the person', 'counter', 'mynumber_card') AS request_id \gset
SELECT zeimu.disclosure_in_progress('121002', :a1) AS held_against_purge;
CREATE TEMP TABLE demo_r AS SELECT zeimu.disclosure_report('121002', :request_id) AS r;
SELECT jsonb_pretty(r - 'tables' - 'access_log') AS report FROM demo_r;
SELECT k AS "table", jsonb_array_length(r -> 'tables' -> k) AS rows FROM demo_r, jsonb_object_keys(r -> 'tables') k ORDER BY 1;
SELECT e ->> 'function' AS function, e ->> 'purpose' AS purpose, e ->> 'staff_id' AS staff_id
FROM demo_r, jsonb_array_elements(r -> 'access_log') e;
\echo 'The report itself is logged:'
SELECT report_id, request_id, atena_no, produced_by, sections FROM zeimu.disclosure_report_log WHERE lg_code = '121002';
