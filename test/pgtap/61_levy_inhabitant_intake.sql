-- levy (inhabitant tax): intake of tax documents and the merge per person
-- (src/sql/450_levy_inhabitant_intake.sql).  Municipality 131130 (national
-- standard rates: 市 6 %, 県 4 %), fiscal year 2025 (income of 2024).
-- Person 1 (A): matched by Individual Number; person 2 (B): by basic items;
-- person 3 (C): on nobody's list until a clerk assigns it.
BEGIN;
SELECT plan(48);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
INSERT INTO zeimu.mynumber_purpose (lg_code, purpose_code, description, legal_basis)
	VALUES ('131130', 'resident_tax', '個人住民税の賦課', '番号法第9条第1項 別表第一 第16項');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'HQ', '税務課', 'hq_division');
-- Persons 1-3 registered (処理日) 2020-04-01, residents on 1 January 2025.
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code, business_date) VALUES
	('131130', 1, '甲野 一郎', 'こうの いちろう', 1, '1980-04-01', 'テスト区本町１丁目１番', 'HQ', '2020-04-01'),
	('131130', 2, '乙川 花子', 'おとかわ はなこ', 2, '1975-06-15', 'テスト区本町２丁目２番', 'HQ', '2020-04-01'),
	('131130', 3, '丙田 三郎', 'へいだ さぶろう', 1, '1990-01-20', 'テスト区本町３丁目３番', 'HQ', '2020-04-01');
DO $$ BEGIN PERFORM zeimu.link_mynumber('131130', 1, zeimu.sample_mynumber(7, 1), 'test'); END $$;

CREATE TEMP TABLE doc (tag text PRIMARY KEY, id bigint);

-- ---- receipt and assignment by Individual Number -------------------------
-- A's employer X: 2,800,000 salary, 420,000 social insurance (corrected below).
INSERT INTO doc SELECT 'a_x', zeimu.receive_tax_document('131130', 'salary_report', 2025,
	'{"salary": 2800000, "social_insurance": 420000}', p_mynumber => zeimu.sample_mynumber(7, 1),
	p_source => '株式会社エックス', p_channel => 'eltax', p_received_on => '2025-01-31',
	p_employer_name => '株式会社エックス', p_employer_no => 'X-0001');
SELECT is((SELECT atena_no::text || '/' || match_method || '/' || status || '/' || income_year FROM zeimu.tax_document
			WHERE document_id = (SELECT id FROM doc WHERE tag = 'a_x')),
	'1/mynumber/assigned/2024', 'a salary report is assigned by the Individual Number; income year = fiscal year - 1');
SELECT is((SELECT count(*) FROM zeimu.tax_document d WHERE d.lg_code::text = '131130'
			AND pg_catalog.to_jsonb(d)::text ~ pg_catalog.regexp_replace(zeimu.sample_mynumber(7, 1)::text, '[^0-9]', '', 'g')),
	0::bigint, 'the Individual Number is not stored in the document');
SELECT ok((SELECT mynumber_received FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'a_x')),
	'only the fact that a number was received is kept');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code::text = '131130' AND atena_no = 1 AND function_name = 'find_person_by_mynumber'),
	1::bigint, 'the look-up by number is in the access log');

-- A's employer Y: 1,000,000 salary, 150,000 social insurance (no number: basic items).
INSERT INTO doc SELECT 'a_y', zeimu.receive_tax_document('131130', 'salary_report', 2025,
	'{"salary": 1000000, "social_insurance": 150000}', p_name => '甲野　一郎', p_name_kana => 'コウノ イチロウ',
	p_sex => 1::smallint, p_birth_date => '1980-04-01', p_address => 'テスト区本町１丁目１番',
	p_source => 'ワイ商店', p_channel => 'paper', p_received_on => '2025-01-31', p_employer_name => 'ワイ商店');
SELECT is((SELECT atena_no::text || '/' || match_method FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'a_y')),
	'1/basic_info', 'without a number, the basic items match (full-width space and katakana normalised)');

-- ---- B: final return by basic items; a salary report it overrides -------
INSERT INTO doc SELECT 'b_rep', zeimu.receive_tax_document('131130', 'salary_report', 2025, '{"salary": 9999999}',
	p_name => '乙川 花子', p_sex => 2::smallint, p_birth_date => '1975-06-15', p_address => 'テスト区本町２丁目２番',
	p_source => 'ゼット社', p_employer_name => 'ゼット社', p_received_on => '2025-01-20');
INSERT INTO doc SELECT 'b_fin', zeimu.receive_tax_document('131130', 'final_return', 2025,
	'{"salary": 5000000, "social_insurance": 750000}',
	p_name => '乙川 花子', p_sex => 2::smallint, p_birth_date => '1975-06-15', p_address => 'テスト区本町２丁目２番',
	p_source => '国税連携', p_channel => 'eltax', p_received_on => '2025-03-20');
SELECT is((SELECT string_agg(atena_no::text || match_method, ',' ORDER BY document_id) FROM zeimu.tax_document
			WHERE document_id IN (SELECT id FROM doc WHERE tag LIKE 'b_%')),
	'2basic_info,2basic_info', 'B''s report and final return are matched by basic items');

-- ---- C: unmatched (address differs), then assigned by a clerk -----------
INSERT INTO doc SELECT 'c_rep', zeimu.receive_tax_document('131130', 'salary_report', 2025, '{"salary": 2000000}',
	p_name => '丙田 三郎', p_sex => 1::smallint, p_birth_date => '1990-01-20', p_address => '他市本町９番',
	p_source => 'ダブリュー社', p_employer_name => 'ダブリュー社', p_received_on => '2025-01-25');
SELECT is((SELECT status FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'c_rep')),
	'unmatched', 'a document that matches nobody is unmatched');
SELECT results_eq($$SELECT document_id, name, address FROM zeimu.tax_document_unmatched WHERE lg_code::text = '131130'$$,
	$$SELECT id, '丙田 三郎'::text, '他市本町９番'::text FROM doc WHERE tag = 'c_rep'$$,
	'it is on the error list, with the items the clerk needs');
SELECT throws_ok($$SELECT zeimu.assign_tax_document('131130', (SELECT id FROM doc WHERE tag = 'c_rep'), 99)$$,
	'P0002', 'person 99 not found', 'assigning to an unknown person is refused');
SELECT lives_ok($$SELECT zeimu.assign_tax_document('131130', (SELECT id FROM doc WHERE tag = 'c_rep'), 3)$$,
	'the clerk assigns it to person 3');
SELECT is((SELECT atena_no::text || '/' || match_method || '/' || status || '/' || (assigned_at IS NOT NULL)
			FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'c_rep')),
	'3/clerk/assigned/true', 'assigned by the clerk');
SELECT is_empty($$SELECT FROM zeimu.tax_document_unmatched WHERE lg_code::text = '131130'$$, 'and off the error list');
SELECT throws_ok($$SELECT zeimu.assign_tax_document('131130', (SELECT id FROM doc WHERE tag = 'c_rep'), 2)$$,
	'55000', NULL, 'an assigned document cannot be reassigned');

-- ---- never edited after receipt -----------------------------------------
SELECT throws_ok($$UPDATE zeimu.tax_document SET facts = '{"salary": 1}' WHERE document_id = (SELECT id FROM doc WHERE tag = 'a_x')$$,
	'55000', NULL, 'an UPDATE of the content is refused');
SELECT throws_ok($$UPDATE zeimu.tax_document SET atena_no = 2 WHERE document_id = (SELECT id FROM doc WHERE tag = 'a_x')$$,
	'55000', NULL, 'so is changing an assigned atena number');
SELECT throws_ok($$UPDATE zeimu.tax_document SET atena_no = 1, match_method = 'clerk', received_on = '2020-01-01'
	WHERE document_id = (SELECT id FROM doc WHERE tag = 'c_rep')$$, '55000', NULL, 'and any other column with it');
SELECT throws_ok($$DELETE FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'a_x')$$,
	'55000', NULL, 'a DELETE is refused');

-- ---- supersession ---------------------------------------------------------
-- X corrects A's report to 3,000,000 / 450,000 (no number, no basic items:
-- the correction inherits A).
INSERT INTO doc SELECT 'a_x2', zeimu.receive_tax_document('131130', 'salary_report', 2025,
	'{"salary": 3000000, "social_insurance": 450000}', p_source => '株式会社エックス', p_received_on => '2025-03-01',
	p_employer_name => '株式会社エックス', p_supersedes => (SELECT id FROM doc WHERE tag = 'a_x'));
SELECT is((SELECT atena_no::text || '/' || match_method FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'a_x2')),
	'1/supersedes', 'a correction without identifying items takes the person of the document it supersedes');
SELECT is(ARRAY(SELECT document_id FROM zeimu.tax_document_current WHERE lg_code::text = '131130' AND atena_no = 1 ORDER BY 1),
	ARRAY(SELECT id FROM doc WHERE tag IN ('a_y', 'a_x2') ORDER BY 1), 'the superseded report is no longer current');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'salary_report', 2025, '{"salary": 1}', p_source => 'X',
	p_employer_name => 'X', p_supersedes => (SELECT id FROM doc WHERE tag = 'a_x'))$$,
	'55000', 'tax document ' || (SELECT id FROM doc WHERE tag = 'a_x') || ' is already superseded', 'a document is superseded once');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'salary_report', 2025, '{"salary": 1}', p_source => 'X',
	p_employer_name => 'X', p_name => '乙川 花子', p_sex => 2::smallint, p_birth_date => '1975-06-15',
	p_address => 'テスト区本町２丁目２番', p_supersedes => (SELECT id FROM doc WHERE tag = 'a_x2'))$$,
	'22023', 'tax document ' || (SELECT id FROM doc WHERE tag = 'a_x2') || ' belongs to another person',
	'superseding a document of another person is refused');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'final_return', 2025, '{"salary": 1}', p_source => 'X',
	p_supersedes => (SELECT id FROM doc WHERE tag = 'a_x2'))$$, '22023', NULL,
	'a correction must be of the same kind');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'salary_report', 2025, '{"salary": 1}', p_source => 'X',
	p_employer_name => 'X', p_supersedes => 999999999)$$, 'P0002', 'tax document 999999999 not found',
	'superseding an unknown document is refused');

-- ---- bad input ------------------------------------------------------------
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'tax_return', 2025, '{}', p_source => 'X')$$,
	'22023', 'unknown tax document kind "tax_return"', 'unknown kind');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'inhabitant_return', 2025, '{"salery": 1}', p_source => 'X')$$,
	'22023', 'unknown inhabitant tax fact "salery"', 'unknown facts key (the computation''s own validation)');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'inhabitant_return', 2025, '{"salary": -1}', p_source => 'X')$$,
	'22023', 'invalid inhabitant tax fact "salary"', 'negative amount');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'inhabitant_return', 2025, '{}', p_source => 'X', p_channel => 'fax')$$,
	'22023', 'unknown tax document channel "fax"', 'unknown channel');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'salary_report', 2025, '{"salary": 1}', p_source => 'X')$$,
	'22023', 'a salary payment report needs the employer name', 'a salary report without its employer');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'inhabitant_return', 2025, '{}')$$,
	'22023', 'the source of a tax document must be given', 'no source');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'inhabitant_return', 2020, '{}', p_source => 'X')$$,
	'22023', 'fiscal year 2020 is not supported by the inhabitant tax', 'a fiscal year the computation does not support');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('131130', 'inhabitant_return', 2025, '{}', p_mynumber => zeimu.sample_mynumber(7, 1),
	p_source => 'X', p_purpose => 'fishing')$$, 'ZR003', NULL, 'a look-up by number under an unregistered purpose is refused');

-- ---- merge (資料併合) and the tax -------------------------------------------
-- A: reports only; X (corrected) 3,000,000 + Y 1,000,000 = 4,000,000;
-- social insurance 450,000 + 150,000 = 600,000.
SELECT is(zeimu.merged_tax_facts('131130', 2025, 1), '{"salary": 4000000, "social_insurance": 600000}'::jsonb,
	'A: salary reports summed across employers, the superseded one left out');
-- By hand (FY2025, 6 % / 4 %): 給与所得 4,000,000 × 80 % − 440,000 = 2,760,000;
-- 控除 基礎 430,000 + 社保 600,000 = 1,030,000; 課税 1,730,000;
-- 算出 市 103,800, 県 69,200; 調整控除 A = 50,000, B = 1,730,000 ≤ 2M:
-- min = 50,000 → 市 1,500, 県 1,000; 所得割 102,300 / 68,200;
-- total 102,300 + 68,200 + 3,000 + 1,000 + 1,000 (森林環境税) = 175,500.
SELECT is((SELECT r->>'taxable_income' || '/' || (r->>'income_levy_city') || '/' || (r->>'income_levy_pref') || '/' || (r->>'total')
			 FROM zeimu.inhabitant_tax(2025, '131130', zeimu.merged_tax_facts('131130', 2025, 1)) r),
	'1730000/102300/68200/175500', 'A''s tax from the merged facts, by hand');
-- B: the final return wins over the 9,999,999 report.  By hand (doc example,
-- ordinary city): 給与所得 3,560,000; 課税 2,380,000; 142,800 − 1,500 = 141,300,
-- 95,200 − 1,000 = 94,200; + 5,000 = 240,500.
SELECT is(zeimu.merged_tax_facts('131130', 2025, 2), '{"salary": 5000000, "social_insurance": 750000}'::jsonb,
	'B: the final return is taken over the salary report');
SELECT is((SELECT (r->>'total')::bigint FROM zeimu.inhabitant_tax(2025, '131130', zeimu.merged_tax_facts('131130', 2025, 2)) r),
	240500::bigint, 'B''s tax from the final return, by hand');
-- C: inhabitant return over the report; a one-stop notice is void once a
-- return is filed.
INSERT INTO doc SELECT 'x1', zeimu.receive_tax_document('131130', 'onestop_notice', 2025, '{"donations": {"furusato": 30000}}',
	p_name => '丙田 三郎', p_sex => 1::smallint, p_birth_date => '1990-01-20', p_address => 'テスト区本町３丁目３番',
	p_source => '熊本市', p_received_on => '2025-02-10');
INSERT INTO doc SELECT 'x2', zeimu.receive_tax_document('131130', 'inhabitant_return', 2025, '{"salary": 2100000, "medical_expenses": 300000}',
	p_name => '丙田 三郎', p_sex => 1::smallint, p_birth_date => '1990-01-20', p_address => 'テスト区本町３丁目３番',
	p_source => '窓口', p_received_on => '2025-03-10');
SELECT is(zeimu.merged_tax_facts('131130', 2025, 3), '{"salary": 2100000, "medical_expenses": 300000}'::jsonb,
	'C: the inhabitant return is taken over the report, the one-stop notice is void');
INSERT INTO doc SELECT 'x3', zeimu.receive_tax_document('131130', 'final_return', 2025, '{"salary": 2100000}',
	p_name => '丙田 三郎', p_sex => 1::smallint, p_birth_date => '1990-01-20', p_address => 'テスト区本町３丁目３番',
	p_source => '国税連携', p_received_on => '2025-03-05');
SELECT is(zeimu.merged_tax_facts('131130', 2025, 3), '{"salary": 2100000}'::jsonb,
	'C: a final return wins over an inhabitant return, even one received later');
-- A: a one-stop notice without a return adds the donation and one_stop.
INSERT INTO doc SELECT 'x4', zeimu.receive_tax_document('131130', 'onestop_notice', 2025, '{"donations": {"furusato": 30000}}',
	p_mynumber => zeimu.sample_mynumber(7, 1), p_source => '熊本市', p_received_on => '2025-02-01');
SELECT is(zeimu.merged_tax_facts('131130', 2025, 1),
	'{"salary": 4000000, "social_insurance": 600000, "one_stop": true, "donations": {"furusato": 30000}}'::jsonb,
	'A: the one-stop notice adds its donation when no return was filed');
SELECT is(zeimu.merged_tax_facts('131130', 2024, 1), NULL, 'no documents for the year: NULL');

-- ---- forwarding: not a resident on 1 January of the fiscal year ----------
-- 4: registered 2025-01-02 (moved in after 1 January 2025); 5: registered
-- 2025-01-01 (on the day: resident); 6: 住登外 since 2020; 7: resident on
-- 2020-04-01, moved out (resident = false) with 処理日 2024-12-31 -> the
-- version valid on 2025-01-01 is the non-resident one.
INSERT INTO zeimu.person (lg_code, atena_no, name, resident, business_date) VALUES
	('131130', 4, '丁', true, '2025-01-02'), ('131130', 5, '戊', true, '2025-01-01'),
	('131130', 6, '己', false, '2020-04-01'), ('131130', 7, '庚', true, '2020-04-01');
UPDATE zeimu.person SET resident = false, business_date = '2024-12-31' WHERE lg_code::text = '131130' AND atena_no = 7;
INSERT INTO doc SELECT 'f' || g, zeimu.receive_tax_document('131130', 'inhabitant_return', 2025, '{}', p_source => 'X')
	FROM generate_series(4, 7) g;
DO $$ BEGIN PERFORM zeimu.assign_tax_document('131130', (SELECT id FROM doc WHERE tag = 'f' || g), g) FROM generate_series(4, 7) g; END $$;
SELECT is(ARRAY(SELECT atena_no FROM zeimu.tax_document_forwarding WHERE lg_code::text = '131130' ORDER BY 1),
	ARRAY[4, 6, 7]::bigint[], 'moved in after 1 January, 住登外 and moved out before it are listed for forwarding; 1-3 and 5 are not');
SELECT is(zeimu.person_resident_on('131130', 7, '2024-12-30'), true, 'person 7 was a resident the day before the move-out');
SELECT is(zeimu.person_resident_on('131130', 4, '2025-01-01'), NULL, 'person 4 had no registry version on 1 January');

-- ---- row security and grants ------------------------------------------------
SELECT ok((SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'zeimu.tax_document'::regclass),
	'tax_document has forced row security');
SELECT ok(has_table_privilege('zeimu_levy', 'zeimu.tax_document', 'INSERT')
	AND NOT has_table_privilege('zeimu_levy', 'zeimu.tax_document', 'DELETE')
	AND NOT has_column_privilege('zeimu_levy', 'zeimu.tax_document', 'facts', 'UPDATE')
	AND has_function_privilege('zeimu_levy', 'zeimu.merged_tax_facts(zeimu.lg_code, integer, bigint)', 'EXECUTE'),
	'levy may receive and merge, not delete nor edit the content');

-- ---- as a levy clerk of 131130 (row security applies: SECURITY INVOKER) ---
-- pgTAP keeps its state in temporary tables; the clerk writes to them too.
CREATE TEMP TABLE mn AS SELECT zeimu.sample_mynumber(7, 1) AS n;
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
INSERT INTO zeimu.municipality VALUES ('271004', '他市', '大阪府', false) ON CONFLICT DO NOTHING;
INSERT INTO doc SELECT 'other', zeimu.receive_tax_document('271004', 'inhabitant_return', 2025, '{"salary": 1}', p_source => 'X');
CREATE ROLE regress_intake_levy NOLOGIN IN ROLE zeimu_levy;
SELECT zeimu.register_staff('131130', 'INTAKE-L', 'regress_intake_levy', 'Levy clerk', ARRAY['levy'], '{}', true);
SET LOCAL ROLE regress_intake_levy;
INSERT INTO doc SELECT 'clerk', zeimu.receive_tax_document('131130', 'pension_report', 2025, '{"pension": 1200000, "age": 70}',
	p_mynumber => (SELECT n FROM mn), p_source => '日本年金機構', p_channel => 'media');
SELECT is((SELECT atena_no FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'clerk')), 1::bigint,
	'the clerk receives a pension report, assigned by the number');
SELECT is((SELECT count(*) FROM zeimu.tax_document WHERE lg_code::text = '271004'), 0::bigint,
	'the clerk sees no document of another municipality');
SELECT throws_ok($$SELECT zeimu.receive_tax_document('271004', 'inhabitant_return', 2025, '{}', p_source => 'X')$$,
	'42501', NULL, 'nor can store one for it');
SELECT throws_ok($$UPDATE zeimu.tax_document SET facts = '{}' WHERE document_id = (SELECT id FROM doc WHERE tag = 'clerk')$$,
	'42501', NULL, 'the clerk has no UPDATE right on the content at all');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
