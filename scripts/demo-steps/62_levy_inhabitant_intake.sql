-- demo: individual inhabitant tax — intake to outputs (令和8年度): documents received (one unmatched, one to forward), the cross-check, the levy, notices, a certificate and the 294-3 notice; no Individual Number printed
-- A small municipality (武蔵野市 132039, national standard rates), eight
-- persons registered in 2020; person 8 is 住登外 (not a resident on 1 January
-- 2026): the documents received for her are forwarded (地方税法294条3項).
-- The Individual Numbers are synthetic (zeimu.sample_mynumber) and never printed.
SET zeimu.staff_id = 'S-0620';
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('132039', 'デモ市', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('132039', 'HQ', '市民税課', 'hq_division');
INSERT INTO zeimu.mynumber_purpose (lg_code, purpose_code, description, legal_basis)
	VALUES ('132039', 'resident_tax', '個人住民税の賦課', '番号法第9条第1項 別表第一 第16項');
SELECT zeimu.provision_seed('132039') > 0 AS "provision catalogue copied";
INSERT INTO zeimu.person (lg_code, atena_no, name, sex, birth_date, address, office_code, resident, business_date) VALUES
	('132039', 1, '甲野 一郎', 1, '1980-04-01', 'デモ市中町１番', 'HQ', true, '2020-04-01'),
	('132039', 2, '乙川 花子', 2, '1960-06-15', 'デモ市中町２番', 'HQ', true, '2020-04-01'),
	('132039', 3, '丙田 三郎', 1, '1975-01-20', 'デモ市中町３番', 'HQ', true, '2020-04-01'),
	('132039', 4, '丙田 四子', 2, '1977-09-09', 'デモ市中町３番', 'HQ', true, '2020-04-01'),
	('132039', 5, '丙田 五郎', 1, '2012-05-05', 'デモ市中町３番', 'HQ', true, '2020-04-01'),
	('132039', 6, '丁山 六郎', 1, '2003-08-08', 'デモ市中町６番', 'HQ', true, '2020-04-01'),
	('132039', 7, '戊井 七子', 2, '1985-07-07', 'デモ市中町７番', 'HQ', true, '2020-04-01'),
	('132039', 8, '己原 八重', 2, '1970-08-18', '大阪市北区梅田８番', 'HQ', false, '2020-04-01');
SELECT count(*) AS "numbers linked" FROM (SELECT zeimu.link_mynumber('132039', g, zeimu.sample_mynumber(3, g), 'demo')
	FROM generate_series(1, 8) g) x;

\echo '--- receive the 令和8年度 documents (1 by Individual Number; the others by the basic items; 7''s address is mistyped)'
CREATE TEMP TABLE demo_doc (tag text, atena_no bigint, document_id bigint);
INSERT INTO demo_doc SELECT 'p1', 1, zeimu.receive_tax_document('132039', 'salary_report', 2026,
	'{"salary": 4000000, "social_insurance": 600000}', p_mynumber => zeimu.sample_mynumber(3, 1),
	p_source => '株式会社エックス', p_channel => 'eltax', p_received_on => '2026-01-31',
	p_employer_name => '株式会社エックス', p_employer_no => 'X-0001');
INSERT INTO demo_doc SELECT d.tag, d.atena_no, zeimu.receive_tax_document('132039', d.kind, 2026, d.facts::jsonb,
		p_name => p.name, p_sex => p.sex, p_birth_date => p.birth_date,
		p_address => CASE WHEN d.atena_no = 7 THEN 'デモ市仲町７番' ELSE p.address END,
		p_source => d.src, p_channel => 'eltax', p_received_on => '2026-01-31',
		p_employer_name => CASE WHEN d.kind = 'salary_report' THEN d.src END,
		p_employer_no => CASE WHEN d.kind = 'salary_report' THEN d.emp_no END)
  FROM (VALUES
	('p2', 2, 'pension_report', '{"pension": 3300000, "age": 65}', '日本年金機構', NULL),
	-- 3 claims his wife 4 (配偶者控除, declared 0) and son 5 by name and birth date
	('p3', 3, 'final_return', '{"salary": 6000000, "social_insurance": 900000,
		"spouse": {"atena_no": 4, "income": 0, "age": 48},
		"dependants": [{"name": "丙田　五郎", "birth_date": "2012-05-05", "age": 13}]}', '国税連携', NULL),
	-- 4 works part-time: 給与所得 1,300,000 - 650,000 = 650,000 > 580,000
	('p4', 4, 'salary_report', '{"salary": 1300000}', 'ワイ商店', 'Y-0002'),
	('p6', 6, 'salary_report', '{"salary": 900000}', 'ワイ商店', 'Y-0002'),
	('p7', 7, 'salary_report', '{"salary": 3000000, "social_insurance": 450000}', 'ワイ商店', 'Y-0002'),
	('p8', 8, 'salary_report', '{"salary": 2500000}', 'ゼット社', 'Z-0003')) d(tag, atena_no, kind, facts, src, emp_no)
  JOIN zeimu.person p ON p.lg_code OPERATOR(zeimu.=) '132039' AND p.atena_no = d.atena_no;
SELECT d.document_id, d.kind, d.source, d.atena_no, d.match_method, d.status, d.mynumber_received
  FROM zeimu.tax_document d WHERE d.lg_code OPERATOR(zeimu.=) '132039' ORDER BY d.document_id;

\echo '--- the error list (a clerk works through it) and the assignment of the unmatched report'
SELECT document_id, kind, name, address, employer_name FROM zeimu.tax_document_unmatched WHERE lg_code OPERATOR(zeimu.=) '132039';
SELECT zeimu.assign_tax_document('132039', (SELECT document_id FROM demo_doc WHERE tag = 'p7'), 7);
SELECT count(*) AS "still unmatched" FROM zeimu.tax_document_unmatched WHERE lg_code OPERATOR(zeimu.=) '132039';

\echo '--- the forwarding list: documents of persons who did not live here on 1 January 2026'
SELECT document_id, kind, atena_no, source FROM zeimu.tax_document_forwarding WHERE lg_code OPERATOR(zeimu.=) '132039';

\echo '--- the spouse and dependant claimed by 3, resolved to persons (a number given there would be looked up, never kept)'
SELECT relation, seq, atena_no, name, birth_date, match_method FROM zeimu.tax_document_relative
 WHERE lg_code OPERATOR(zeimu.=) '132039' ORDER BY document_id, relation DESC, seq;

\echo '--- 資料間チェック: 4''s own 合計所得 (650,000) is above the 配偶者控除 limit (580,000 in 令和8年度)'
SELECT check_code, claimed_atena_no, claimed_name, claimant_atena_no, declared_income, own_income, income_limit
  FROM zeimu.tax_document_crosscheck('132039', 2026);

\echo '--- 資料併合: the merged facts of 3 (the final return; the identity keys are not in the facts)'
SELECT zeimu.merged_tax_facts('132039', 2026, 3) AS merged;

\echo '--- the levy: zeimu.levy_inhabitant(132039, 2026) (8 is not a resident on 1 January: forwarded, not assessed)'
SELECT * FROM zeimu.levy_inhabitant('132039', 2026, '2026-05-15');

\echo '--- totals by collection mode'
SELECT collection_mode, count(*) AS persons, sum(income_levy_city) AS "所得割 市", sum(income_levy_pref) AS "所得割 県",
       sum(per_capita_city + per_capita_pref) AS "均等割", sum(forest_env_tax) AS "森林", sum(total) AS total
  FROM zeimu.inhabitant_assessment_current WHERE lg_code OPERATOR(zeimu.=) '132039' AND fiscal_year = 2026
 GROUP BY ROLLUP (collection_mode) ORDER BY collection_mode NULLS LAST;

\echo '--- notices: zeimu.inhabitant_notices_generate (decision notices; 6 is 非課税: none)'
SELECT * FROM zeimu.inhabitant_notices_generate('132039', 2026, '2026-05-20');
SELECT notice_id, notice_kind, notice_type, coalesce(atena_no::text, employer_no, employer_name) AS "to", content->>'title' AS title,
       coalesce(content->>'total', content->>'employee_count' || ' employee(s)', content->>'pensioner_count' || ' pensioner(s)') AS total
  FROM zeimu.inhabitant_notice WHERE lg_code OPERATOR(zeimu.=) '132039' ORDER BY notice_id;

\echo '--- one taxpayer: 甲野 一郎 (1), his 特別徴収税額の決定通知書 (納税義務者用): the breakdown and the months'
SELECT key, value FROM zeimu.inhabitant_notice n, jsonb_each(n.content->'figures')
 WHERE n.lg_code OPERATOR(zeimu.=) '132039' AND n.notice_kind = 'special_taxpayer' AND n.atena_no = 1 AND value NOT IN ('0'::jsonb)
 ORDER BY key;
SELECT m AS month, a AS amount FROM zeimu.inhabitant_notice n,
       LATERAL (SELECT jsonb_array_elements_text(n.content->'months') m, jsonb_array_elements_text(n.content->'monthly') a) x
 WHERE n.lg_code OPERATOR(zeimu.=) '132039' AND n.notice_kind = 'special_taxpayer' AND n.atena_no = 1;

\echo '--- 乙川 花子 (2): 納税通知書 (普通徴収) installments'
SELECT i->>'period' AS period, i->>'due_date' AS due_date, i->>'amount' AS amount
  FROM zeimu.inhabitant_notice n, jsonb_array_elements(n.content->'installments') i
 WHERE n.lg_code OPERATOR(zeimu.=) '132039' AND n.notice_kind = 'ordinary' AND n.atena_no = 2;

\echo '--- a 所得・課税証明書 for 甲野 一郎 (issue recorded and access-logged; no Individual Number)'
SELECT jsonb_pretty(zeimu.income_certificate('132039', 1, 2026, '本人', '住宅ローン審査 (金融機関提出)') - 'issued_at') AS certificate;
SELECT certificate_id, atena_no, fiscal_year, version, requester, purpose, staff_id FROM zeimu.income_certificate_issue
 WHERE lg_code OPERATOR(zeimu.=) '132039';

\echo '--- 294条3項 notice for 8 to 大阪市 (271004), through zeimu.provide: the extract carries the number (not printed here)'
SELECT provision_id, record_count,
       zeimu.mynumber_is_valid(payload->0->>'mynumber') AS "valid number in the extract (not printed)",
       payload->0->>'name' AS name, jsonb_array_length(payload->0->'inhabitant_forwarded_documents') AS documents
  FROM zeimu.inhabitant_send_294_3('132039', 2026, '271004', ARRAY[8]::bigint[]);
SELECT document_id, atena_no, destination, provision_id FROM zeimu.inhabitant_forwarding WHERE lg_code OPERATOR(zeimu.=) '132039';

\echo '--- 資料連絡箋 to the tax office for the spouse finding'
SELECT zeimu.inhabitant_liaison_add('132039', 2026, 3, '配偶者控除: 配偶者の合計所得が限度額超 (資料間チェック)',
       (SELECT to_jsonb(c) - 'claimed_name' FROM zeimu.tax_document_crosscheck('132039', 2026) c LIMIT 1)) AS slip_id;
SELECT provision_id, record_count FROM zeimu.inhabitant_liaison_send('132039', 2026);
SELECT provision_id, recipient_code, basis_code, items, record_count, staff_id FROM zeimu.provision_record
 WHERE lg_code OPERATOR(zeimu.=) '132039' ORDER BY provision_id;

\echo '--- check: no valid 12-digit Individual Number in any notice, certificate record or levy table of 132039'
SELECT count(*) AS "numbers found" FROM (
	SELECT content::text AS t FROM zeimu.inhabitant_notice WHERE lg_code OPERATOR(zeimu.=) '132039'
	UNION ALL SELECT to_jsonb(d)::text FROM zeimu.tax_document d WHERE lg_code OPERATOR(zeimu.=) '132039'
	UNION ALL SELECT to_jsonb(r)::text FROM zeimu.tax_document_relative r WHERE lg_code OPERATOR(zeimu.=) '132039'
	UNION ALL SELECT to_jsonb(i)::text FROM zeimu.income_certificate_issue i WHERE lg_code OPERATOR(zeimu.=) '132039'
	UNION ALL SELECT to_jsonb(s)::text FROM zeimu.inhabitant_liaison_slip s WHERE lg_code OPERATOR(zeimu.=) '132039') o,
	LATERAL regexp_matches(o.t, '(?<![0-9])[0-9]{12}(?![0-9])', 'g') m
 WHERE zeimu.mynumber_is_valid(m[1]);
RESET zeimu.staff_id;
