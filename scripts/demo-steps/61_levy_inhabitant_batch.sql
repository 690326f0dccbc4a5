-- demo: individual inhabitant tax — the annual batch (令和8年度): documents received, levy run, totals by collection mode, the employer and pension payer lists, one breakdown, a correction and a job change
-- A small municipality (世田谷区 131121, national standard rates) with five
-- residents registered before 1 January 2026 and one who moved in later.
-- Documents are matched by the basic items; no Individual Number is used or printed.
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131121', 'デモ区', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131121', 'HQ', '課税課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code, business_date) VALUES
	('131121', 1, '甲野 一郎', 'こうの いちろう', 1, '1980-04-01', 'デモ区本町１丁目１番', 'HQ', '2020-04-01'),
	('131121', 2, '乙川 花子', 'おとかわ はなこ', 2, '1960-06-15', 'デモ区本町２丁目２番', 'HQ', '2020-04-01'),
	('131121', 3, '丙田 三郎', 'へいだ さぶろう', 1, '2000-01-20', 'デモ区本町３丁目３番', 'HQ', '2020-04-01'),
	('131121', 4, '丁山 四子', 'ていやま よつこ', 2, '1975-09-09', 'デモ区本町４丁目４番', 'HQ', '2020-04-01'),
	('131121', 5, '戊井 五郎', 'つちのい ごろう', 1, '1990-05-05', 'デモ区本町５丁目５番', 'HQ', '2020-04-01'),
	('131121', 6, '己原 六郎', 'つちのとはら ろくろう', 1, '1988-08-08', 'デモ区本町６丁目６番', 'HQ', '2026-03-01');

\echo '--- receive 令和8年度 documents (salary and pension reports, a final return), matched by basic items'
SELECT p.atena_no, d.kind, d.employer AS source,
       zeimu.receive_tax_document('131121', d.kind, 2026, d.facts::jsonb, p_name => p.name, p_sex => p.sex,
           p_birth_date => p.birth_date, p_address => p.address, p_source => d.employer, p_channel => 'eltax',
           p_received_on => '2026-01-31', p_employer_name => CASE WHEN d.kind = 'salary_report' THEN d.employer END,
           p_employer_no => CASE WHEN d.kind = 'salary_report' THEN d.emp_no END) IS NOT NULL AS received
  FROM (VALUES (1, 'salary_report', '{"salary": 4000000, "social_insurance": 600000}', '株式会社エックス', 'X-0001'),
               (2, 'pension_report', '{"pension": 3300000, "age": 65}', '日本年金機構', NULL),
               (3, 'salary_report', '{"salary": 900000}', 'ワイ商店', 'Y-0002'),
               (4, 'salary_report', '{"salary": 6000000, "social_insurance": 900000}', '株式会社エックス', 'X-0001'),
               (5, 'final_return', '{"other_income": 3000000, "social_insurance": 400000}', '国税連携', NULL),
               (6, 'salary_report', '{"salary": 5000000}', 'ワイ商店', 'Y-0002')) d(atena_no, kind, facts, employer, emp_no)
  JOIN zeimu.person p ON p.lg_code OPERATOR(zeimu.=) '131121' AND p.atena_no = d.atena_no
 ORDER BY p.atena_no;

\echo '--- the batch: zeimu.levy_inhabitant(131121, 2026) (person 6 moved in after 1 January: not assessed)'
SELECT * FROM zeimu.levy_inhabitant('131121', 2026, '2026-05-15');
\echo '--- a re-run creates nothing new'
SELECT * FROM zeimu.levy_inhabitant('131121', 2026, '2026-05-15');

\echo '--- totals by collection mode'
SELECT collection_mode, count(*) AS persons, sum(income_levy_city) AS "所得割 市", sum(income_levy_pref) AS "所得割 県",
       sum(per_capita_city) AS "均等割 市", sum(per_capita_pref) AS "均等割 県", sum(forest_env_tax) AS "森林", sum(total) AS total
  FROM zeimu.inhabitant_assessment_current WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026
 GROUP BY ROLLUP (collection_mode) ORDER BY collection_mode NULLS LAST;

\echo '--- 特別徴収税額の通知 data per employer (no Individual Number)'
SELECT employer_no, employer_name, atena_no, name, total, jun, jul, aug, sep, oct, nov, dec, jan, feb, mar, apr, may
  FROM zeimu.inhabitant_special_list WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026
 ORDER BY employer_no, atena_no;

\echo '--- 普通徴収 installments (June, August, October, January; 2026-10-31 is a Saturday, 2027-01-31 a Sunday)'
SELECT i.atena_no, p.name, i.period, i.nominal_due, i.due_date, i.amount
  FROM zeimu.inhabitant_ordinary_installment i
  JOIN zeimu.person p ON p.lg_code OPERATOR(zeimu.=) i.lg_code AND p.atena_no = i.atena_no
 WHERE i.lg_code OPERATOR(zeimu.=) '131121' AND i.fiscal_year = 2026
 ORDER BY i.atena_no, i.period;

\echo '--- person 1 (甲野 一郎): the stored breakdown (non-zero items)'
SELECT key, value FROM zeimu.inhabitant_assessment_current a, jsonb_each(a.breakdown)
 WHERE a.lg_code OPERATOR(zeimu.=) '131121' AND a.fiscal_year = 2026 AND a.atena_no = 1 AND value NOT IN ('0'::jsonb, 'false'::jsonb)
 ORDER BY key;

\echo '--- 年金特別徴収 per pension payer (person 2 is 65 on 1 April 2026: first year, half in October/December/February, half by 普通徴収 in June and August)'
SELECT payer_name, atena_no, name, share, first_year, ordinary_part, apr, jun, aug, oct, dec, feb
  FROM zeimu.inhabitant_pension_list WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026 ORDER BY atena_no;

\echo '--- 月例更正: person 1 files a final return with medical expenses on 2026-07-10; the monthly run of 2026-08-20'
SELECT zeimu.receive_tax_document('131121', 'final_return', 2026, '{"salary": 4000000, "social_insurance": 600000, "medical_expenses": 300000}',
       p_name => p.name, p_sex => p.sex, p_birth_date => p.birth_date, p_address => p.address, p_source => '国税連携',
       p_channel => 'eltax', p_received_on => '2026-07-10') IS NOT NULL AS received
  FROM zeimu.person p WHERE p.lg_code OPERATOR(zeimu.=) '131121' AND p.atena_no = 1;
SELECT * FROM zeimu.levy_inhabitant_monthly('131121', '2026-08-20');
\echo '--- person 1: the versions (never edited) and the employer schedule: June-August kept, the rest re-spread from September'
SELECT version, kind, reason, total, collection_mode, overpaid, decided_on
  FROM zeimu.inhabitant_assessment WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026 AND atena_no = 1 ORDER BY version;
SELECT employer_name, total, jun, jul, aug, sep, oct, nov, dec, jan, feb, mar, apr, may
  FROM zeimu.inhabitant_special_list WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026 AND atena_no = 1;

\echo '--- 異動届: person 4 leaves 株式会社エックス on 2026-12-31 (notice 2027-01-05): January-May go to 普通徴収'
SELECT * FROM zeimu.inhabitant_employment_change('131121', 2026, 4, '株式会社エックス', '2026-12-31', p_notified_on => '2027-01-05');
SELECT part, employer_name, amounts AS "June..May"
  FROM zeimu.inhabitant_special_schedule WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026 AND atena_no = 4
   AND version = (SELECT max(version) FROM zeimu.inhabitant_assessment WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026 AND atena_no = 4)
 ORDER BY part;
SELECT period, nominal_due, due_date, amount FROM zeimu.inhabitant_ordinary_installment
 WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026 AND atena_no = 4
   AND version = (SELECT max(version) FROM zeimu.inhabitant_assessment WHERE lg_code OPERATOR(zeimu.=) '131121' AND fiscal_year = 2026 AND atena_no = 4)
 ORDER BY period;
