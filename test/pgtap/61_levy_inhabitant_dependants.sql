-- levy (inhabitant tax): identity of the claimed spouse and dependants on
-- tax documents and the cross-check between documents (資料間チェック),
-- src/sql/450 (receipt) and 451 (zeimu.tax_document_crosscheck).
-- Municipality 131130, national standard limits:
--   令和7年度 (2025): dependant_income_limit 480,000 (法292条①九),
--                     spouse_special_income_limit 1,330,000 (法314条の2①十の二);
--   令和8年度 (2026): dependant 580,000, 特定親族 (age 19-22) 1,230,000.
-- Own 合計所得 is given as other_income, so 合計所得 = other_income exactly.
BEGIN;
SELECT plan(26);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
INSERT INTO zeimu.mynumber_purpose (lg_code, purpose_code, description, legal_basis)
	VALUES ('131130', 'resident_tax', '個人住民税の賦課', '番号法第9条第1項 別表第一 第16項');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'HQ', '税務課', 'hq_division');
-- 1 A, 2 B, 10 J: taxpayers.  3 C: child claimed by A and B.  4: A's spouse.
-- 5, 6, 9: dependants.  7: B's spouse (special), 11: J's spouse (special).
-- 8: claimed by A, and by B on a report the final return overrides.
-- 12, 13: A's dependants for 2026.
INSERT INTO zeimu.person (lg_code, atena_no, name, sex, birth_date, address, office_code, business_date)
SELECT '131130', n, nm, 1, bd::date, 'テスト区本町' || n || '番', 'HQ', '2020-04-01'
FROM (VALUES (1, '甲野 一郎', '1980-04-01'), (2, '乙川 二郎', '1975-06-15'), (3, '丁山 子', '2015-05-05'),
			 (4, '甲野 花子', '1981-01-01'), (5, '乙川 五郎', '1995-01-01'), (6, '乙川 六子', '1985-01-01'),
			 (7, '乙川 七子', '1976-01-01'), (8, '甲野 八郎', '2013-01-01'), (9, '甲野 九子', '1950-01-01'),
			 (10, '己野 十郎', '1970-01-01'), (11, '己野 十一', '1971-01-01'), (12, '甲野 十二', '2005-01-01'),
			 (13, '甲野 十三', '1995-03-03')) v(n, nm, bd);
DO $$ BEGIN PERFORM zeimu.link_mynumber('131130', 5, zeimu.sample_mynumber(7, 5), 'test'); END $$;

-- Receives a document for a registered person (matched by the basic items).
CREATE FUNCTION pg_temp.rcv(p_atena bigint, p_kind text, p_fy integer, p_facts jsonb, p_on date DEFAULT '2025-02-01')
RETURNS bigint LANGUAGE sql AS $$
	SELECT zeimu.receive_tax_document('131130', p_kind, p_fy, p_facts, p_name => p.name, p_sex => p.sex,
		p_birth_date => p.birth_date, p_address => p.address, p_source => 'test', p_received_on => p_on,
		p_employer_name => CASE WHEN p_kind = 'salary_report' THEN 'エックス' END)
	FROM zeimu.person p WHERE p.lg_code::text = '131130' AND p.atena_no = p_atena
$$;
CREATE TEMP TABLE doc (tag text PRIMARY KEY, id bigint);

-- A: spouse 4 (配偶者控除, declared 0); dependants 3, 8, 9 and an
-- unregistered 戊野 太郎.
INSERT INTO doc SELECT 'a', pg_temp.rcv(1, 'salary_report', 2025, '{"salary": 5000000,
	"spouse": {"atena_no": 4, "income": 0, "age": 43},
	"dependants": [{"atena_no": 3, "age": 9}, {"atena_no": 8, "age": 11}, {"atena_no": 9, "age": 74, "income": 0},
				   {"name": "戊野 太郎", "birth_date": "2010-01-01", "age": 14}]}');
-- B: an earlier salary report claiming 8, overridden by the final return.
INSERT INTO doc SELECT 'b_rep', pg_temp.rcv(2, 'salary_report', 2025, '{"salary": 6000000,
	"dependants": [{"atena_no": 8, "age": 11}]}', '2025-01-20');
-- B's final return: 3 by name and birth date, 5 by Individual Number, 6 by
-- atena number; spouse 7 (配偶者特別控除, declared 1,000,000).
INSERT INTO doc SELECT 'b_fin', zeimu.receive_tax_document('131130', 'final_return', 2025,
	jsonb_build_object('salary', 6000000,
		'spouse', jsonb_build_object('atena_no', 7, 'income', 1000000, 'age', 49),
		'dependants', jsonb_build_array(
			jsonb_build_object('name', '丁山　子', 'birth_date', '2015-05-05', 'age', 9),
			jsonb_build_object('mynumber', zeimu.sample_mynumber(7, 5)::text, 'age', 29, 'income', 0),
			jsonb_build_object('atena_no', 6, 'age', 39, 'income', 0))),
	p_name => '乙川 二郎', p_sex => 1::smallint, p_birth_date => '1975-06-15', p_address => 'テスト区本町2番',
	p_source => '国税連携', p_channel => 'eltax', p_received_on => '2025-03-15');
-- J: spouse 11 (特別, declared 900,000); the same unregistered child as A.
INSERT INTO doc SELECT 'j', pg_temp.rcv(10, 'inhabitant_return', 2025, '{"other_income": 3000000,
	"spouse": {"atena_no": 11, "income": 900000, "age": 53},
	"dependants": [{"name": "戊野　太郎", "birth_date": "2010-01-01", "age": 14}]}');
-- The claimed persons' own income (合計所得 = other_income):
--   4: 480,001 > 480,000 (配偶者控除 limit)           -> flagged (above)
--   5: 480,000 = dependant limit                      -> not flagged (at)
--   6: 480,001 > 480,000                              -> flagged (above)
--   9: 479,999 < 480,000                              -> not flagged (below)
--   7: 1,330,001 > 1,330,000 (配偶者特別控除 limit)    -> flagged (above)
--  11: 1,330,000 = limit                              -> not flagged (at)
INSERT INTO doc SELECT 'own' || n, pg_temp.rcv(n, 'inhabitant_return', 2025, jsonb_build_object('other_income', inc))
FROM (VALUES (4, 480001), (5, 480000), (6, 480001), (9, 479999), (7, 1330001), (11, 1330000)) v(n, inc);

-- ---- the identities at receipt ---------------------------------------------
SELECT results_eq($$SELECT d.tag, r.relation, r.seq, r.atena_no, r.match_method, r.mynumber_received
					FROM zeimu.tax_document_relative r JOIN doc d ON d.id = r.document_id
					WHERE d.tag IN ('a', 'b_fin') ORDER BY 1, 2 DESC, 3$$,
	$$VALUES ('a', 'spouse', 0, 4::bigint, 'atena_no', false), ('a', 'dependant', 1, 3, 'atena_no', false),
			 ('a', 'dependant', 2, 8, 'atena_no', false), ('a', 'dependant', 3, 9, 'atena_no', false),
			 ('a', 'dependant', 4, NULL, NULL, false),
			 ('b_fin', 'spouse', 0, 7, 'atena_no', false), ('b_fin', 'dependant', 1, 3, 'name_birth', false),
			 ('b_fin', 'dependant', 2, 5, 'mynumber', true), ('b_fin', 'dependant', 3, 6, 'atena_no', false)$$,
	'each claimed person is resolved: by atena number, by name + birth date (normalised), by Individual Number');
SELECT is((SELECT name || '/' || birth_date FROM zeimu.tax_document_relative
			WHERE document_id = (SELECT id FROM doc WHERE tag = 'a') AND seq = 4),
	'戊野 太郎/2010-01-01', 'an unregistered dependant keeps the name and birth date as received');
SELECT is((SELECT facts FROM zeimu.tax_document WHERE document_id = (SELECT id FROM doc WHERE tag = 'b_fin')),
	'{"salary": 6000000, "spouse": {"age": 49, "income": 1000000},
	  "dependants": [{"age": 9}, {"age": 29, "income": 0}, {"age": 39, "income": 0}]}'::jsonb,
	'the stored facts keep only the computation keys');
SELECT is((SELECT count(*) FROM (SELECT to_jsonb(d)::text AS t FROM zeimu.tax_document d
								 UNION ALL SELECT to_jsonb(r)::text FROM zeimu.tax_document_relative r) x
			WHERE x.t ~ zeimu.sample_mynumber(7, 5)::text), 0::bigint,
	'the dependant''s Individual Number is stored nowhere');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code::text = '131130' AND atena_no = 5
			AND function_name = 'find_person_by_mynumber' AND purpose = 'resident_tax'), 1::bigint,
	'the look-up of the dependant by number is in the access log');
SELECT lives_ok($$SELECT zeimu.inhabitant_tax(2025, '131130', zeimu.merged_tax_facts('131130', 2025, 2))$$,
	'the merged facts are valid input of the computation');
-- B's 配偶者特別控除 still works from the stored facts: spouse 合計所得
-- 1,000,000 with B's 合計所得 at most 9,000,000 -> 330,000 (band t1, ≤ 100万).
SELECT is((SELECT (r->>'deduction_spouse_special')::bigint FROM zeimu.inhabitant_tax(2025, '131130',
			zeimu.merged_tax_facts('131130', 2025, 2)) r), 330000::bigint,
	'the spouse deduction is computed from the stripped facts (1,000,000 -> 330,000)');

-- ---- bad identity keys ------------------------------------------------------
SELECT throws_ok($$SELECT pg_temp.rcv(1, 'inhabitant_return', 2025, '{"dependants": [{"atena_no": 999, "age": 1}]}')$$,
	'22023', 'invalid inhabitant tax fact "dependants[1].atena_no"', 'an unknown atena number is refused');
SELECT throws_ok($$SELECT pg_temp.rcv(1, 'inhabitant_return', 2025, '{"spouse": {"atena_no": "4", "age": 40}}')$$,
	'22023', 'invalid inhabitant tax fact "spouse.atena_no"', 'an atena number given as a string is refused');
SELECT throws_ok($$SELECT pg_temp.rcv(1, 'inhabitant_return', 2025, '{"dependants": [{"age": 1}, {"name": "x", "birth_date": "2023-02-29", "age": 1}]}')$$,
	'22023', 'invalid inhabitant tax fact "dependants[2].birth_date"', 'a date that does not exist is refused');
SELECT throws_ok($$SELECT pg_temp.rcv(1, 'inhabitant_return', 2025, '{"spouse": {"name": " ", "age": 40}}')$$,
	'22023', 'invalid inhabitant tax fact "spouse.name"', 'an empty name is refused');
SELECT throws_ok($$SELECT pg_temp.rcv(1, 'inhabitant_return', 2025, '{"spouse": {"mynumber": "123456789012", "age": 40}}')$$,
	'22023', 'invalid inhabitant tax fact "spouse.mynumber"', 'a number with a wrong check digit is refused (not echoed)');
SELECT throws_ok(format($$SELECT pg_temp.rcv(1, 'inhabitant_return', 2025, '{"spouse": {"atena_no": 4, "mynumber": "%s", "age": 40}}')$$,
	zeimu.sample_mynumber(7, 5)::text),
	'22023', 'invalid inhabitant tax fact "spouse.atena_no"', 'an atena number and a number of two different persons are refused');
SELECT throws_ok($$SELECT pg_temp.rcv(1, 'inhabitant_return', 2025, '{"spouse": {"atena_no": 4, "age": 40, "hobby": "x"}}')$$,
	'22023', 'unknown inhabitant tax fact "person.hobby"', 'other unknown keys are still refused by the computation');
SELECT throws_ok($$UPDATE zeimu.tax_document_relative SET atena_no = 2 WHERE seq = 1$$, '55000', NULL,
	'the identities are not edited after receipt');

-- ---- the cross-check, 2025 ----------------------------------------------------
CREATE TEMP TABLE cc AS SELECT * FROM zeimu.tax_document_crosscheck('131130', 2025);
-- 3 is claimed by A (atena number) and B (name + birth date); the
-- unregistered 戊野 太郎 by A and J (the full-width space is normalised).
SELECT results_eq($$SELECT claimed_atena_no, claimed_name, claimant_atena_no, relation, claims FROM cc
					WHERE check_code = 'claimed_twice' ORDER BY claimed_atena_no NULLS LAST, claimant_atena_no$$,
	$$VALUES (3::bigint, '丁山 子'::text, 1::bigint, 'dependant'::text, 2), (3, '丁山 子', 2, 'dependant', 2),
			 (NULL, '戊野 太郎', 1, 'dependant', 2), (NULL, '戊野　太郎', 10, 'dependant', 2)$$,
	'a dependant claimed by two taxpayers is listed once per claim (the registry''s name for a registered person)');
SELECT is((SELECT count(*) FROM cc WHERE claimed_atena_no = 8), 0::bigint,
	'8 is claimed once: B''s report is overridden by B''s final return, as in the merge');
SELECT results_eq($$SELECT claimed_atena_no, claimant_atena_no, declared_income, own_income, income_limit FROM cc
					WHERE check_code = 'spouse_income_over_limit' ORDER BY 1$$,
	$$VALUES (4::bigint, 1::bigint, 0::bigint, 480001::bigint, 480000::bigint), (7, 2, 1000000, 1330001, 1330000)$$,
	'spouses above the limit: 配偶者控除 at 480,001 (limit 480,000), 配偶者特別控除 at 1,330,001 (limit 1,330,000)');
SELECT is((SELECT count(*) FROM cc WHERE claimed_atena_no = 11), 0::bigint,
	'a spouse at the 配偶者特別控除 limit (1,330,000) is not listed');
SELECT results_eq($$SELECT claimed_atena_no, claimant_atena_no, own_income, income_limit FROM cc
					WHERE check_code = 'dependant_income_over_limit' ORDER BY 1$$,
	$$VALUES (6::bigint, 2::bigint, 480001::bigint, 480000::bigint)$$,
	'a dependant above the limit (480,001) is listed; at (480,000, person 5) and below (479,999, person 9) are not');
SELECT is((SELECT count(*) FROM cc), 7::bigint, 'seven findings in all (4 claims + 2 spouses + 1 dependant)');

-- A correction by B without dependant 3 removes the double claim.
INSERT INTO doc SELECT 'b_fin2', zeimu.receive_tax_document('131130', 'final_return', 2025,
	'{"salary": 6000000, "dependants": [{"atena_no": 6, "age": 39}]}', p_source => '国税連携',
	p_received_on => '2025-04-01', p_supersedes => (SELECT id FROM doc WHERE tag = 'b_fin'));
SELECT is((SELECT string_agg(check_code || ':' || coalesce(claimed_atena_no::text, claimed_name), ',' ORDER BY check_code, claimed_atena_no)
			FROM zeimu.tax_document_crosscheck('131130', 2025) WHERE claimant_atena_no = 2),
	'dependant_income_over_limit:6', 'after B''s correction only 6 remains on B''s side (3 and spouse 7 no longer claimed)');

-- ---- 2026: dependant limit 580,000, 特定親族 (19-22) 1,230,000 ----------------
INSERT INTO doc SELECT 'a26', pg_temp.rcv(1, 'salary_report', 2026, '{"salary": 5000000,
	"dependants": [{"atena_no": 12, "age": 20, "income": 1000000}, {"atena_no": 13, "age": 30, "income": 0},
				   {"atena_no": 5, "age": 30, "income": 0}]}', '2026-01-31');
-- The spouses of 2026, at and below their limits: A's spouse 4 (配偶者控除,
-- declared 0) at 580,000; B's spouse 7 (配偶者控除) at 579,999; J's spouse 11
-- (配偶者特別控除, declared 900,000) at 1,329,999; B's dependant 9 (特定親族,
-- age 21, declared 1,000,000) at 1,230,000.
INSERT INTO doc SELECT 'a26s', pg_temp.rcv(1, 'inhabitant_return', 2026, '{"salary": 5000000,
	"spouse": {"atena_no": 4, "income": 0, "age": 44},
	"dependants": [{"atena_no": 12, "age": 20, "income": 1000000}, {"atena_no": 13, "age": 30, "income": 0},
				   {"atena_no": 5, "age": 30, "income": 0}]}', '2026-02-15');
INSERT INTO doc SELECT 'b26', pg_temp.rcv(2, 'inhabitant_return', 2026, '{"salary": 6000000,
	"spouse": {"atena_no": 7, "income": 0, "age": 50},
	"dependants": [{"atena_no": 9, "age": 21, "income": 1000000}]}', '2026-02-15');
INSERT INTO doc SELECT 'j26', pg_temp.rcv(10, 'inhabitant_return', 2026, '{"other_income": 3000000,
	"spouse": {"atena_no": 11, "income": 900000, "age": 54}}', '2026-02-15');
INSERT INTO doc SELECT 'own26_' || n, pg_temp.rcv(n, 'inhabitant_return', 2026, jsonb_build_object('other_income', inc), '2026-02-01')
FROM (VALUES (12, 1230001), (13, 580000), (5, 580001), (4, 580000), (7, 579999), (11, 1329999), (9, 1230000)) v(n, inc);
SELECT results_eq($$SELECT claimed_atena_no, declared_income, own_income, income_limit
					FROM zeimu.tax_document_crosscheck('131130', 2026) ORDER BY 1$$,
	$$VALUES (5::bigint, 0::bigint, 580001::bigint, 580000::bigint), (12, 1000000, 1230001, 1230000)$$,
	'2026: dependants above 580,000 listed, at 580,000 (13) not; 特定親族 (age 20, declared 1,000,000) above 1,230,000 listed, at (9) not; spouses at 580,000 (4), below it (7) and below 1,330,000 (11) not');

-- ---- errors -------------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM zeimu.tax_document_crosscheck('131130', NULL)$$, '22004',
	'lg_code and fiscal year must not be null', 'NULL fiscal year');
SELECT throws_ok($$SELECT * FROM zeimu.tax_document_crosscheck('131130', 2020)$$, '22023',
	'fiscal year 2020 is not supported by the inhabitant tax', 'an unsupported fiscal year');
SELECT is((SELECT count(*) FROM zeimu.tax_document_crosscheck('131130', 2027)), 0::bigint,
	'a year without documents has no findings');

SELECT * FROM finish();
ROLLBACK;
