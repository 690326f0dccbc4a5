-- registry: persons -- normalised name and furigana search, basic-information
-- matching, change history, relations and identity verifications that are
-- never overwritten, same-person candidates and the integrated atena check.
BEGIN;
SELECT plan(44);
SET LOCAL search_path = public, zeimu, pg_catalog;

SELECT is((SELECT rows_created FROM zeimu.generate_sample('479021', 30, 3) WHERE step = 'registry'), 30::bigint,
		  'a 30-person sample municipality');

INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, postal_code, office_code)
VALUES ('479021', 501, '山田　太郎', 'ヤマダ　タロウ', 1, '1980-04-01', '架空県サンプル市本町１丁目２番３号', '1000101', 'T1'),
	   ('479021', 502, 'ＪＯＨＮ　ＳＭＩＴＨ', 'ジョン　スミス', 1, '1975-07-07', '架空県サンプル市栄町2丁目1番1号', NULL, 'T2'),
	   ('479021', 503, '鈴木　花子', 'スズキ　ハナコ', 2, '1990-12-24', '架空県サンプル市緑町3丁目3番3号', NULL, 'T1'),
	   ('479021', 504, '鈴木 花子', 'すずき はなこ', 2, '1990-12-24', '架空県サンプル市緑町3丁目3番3号', NULL, 'T1');

-- Keys: NFKC, white space removed; furigana also hiragana -> katakana.
SELECT is((SELECT array[name_key, kana_key] FROM zeimu.person WHERE lg_code = '479021' AND atena_no = 501),
		  ARRAY['山田太郎', 'ヤマダタロウ'], 'the stored keys of 山田　太郎 / ヤマダ　タロウ');
SELECT is(zeimu.normalize_name('ＪＯＨＮ　ＳＭＩＴＨ'), 'JOHNSMITH', 'full-width Latin letters and the ideographic space fold');
SELECT is(zeimu.normalize_kana('ﾔﾏﾀﾞ ﾀﾛｳ'), 'ヤマダタロウ', 'half-width katakana with a voiced mark folds to full width');
SELECT is(zeimu.normalize_kana('やまだ　たろう'), 'ヤマダタロウ', 'hiragana folds to katakana');
SELECT is(zeimu.normalize_name(E'山田\t 太郎 '), '山田太郎', 'tabs and several spaces are removed');

SELECT is(ARRAY(SELECT atena_no FROM zeimu.find_persons_by_name('479021', '山田 太郎')), ARRAY[501::bigint],
		  'an ASCII space finds 山田　太郎');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.find_persons_by_name('479021', '山田太郎')), ARRAY[501::bigint],
		  'no space finds 山田　太郎');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.find_persons_by_name('479021', NULL, 'ﾔﾏﾀﾞ ﾀﾛｳ')), ARRAY[501::bigint],
		  'half-width furigana finds ヤマダ　タロウ');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.find_persons_by_name('479021', 'JOHN SMITH')), ARRAY[502::bigint],
		  'half-width Latin finds ＪＯＨＮ　ＳＭＩＴＨ');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.find_persons_by_name('479021', '鈴木花子', 'スズキハナコ')), ARRAY[503::bigint, 504],
		  'name and furigana together find both 鈴木 花子 rows (one stored in hiragana)');
SELECT is(ARRAY(SELECT atena_no FROM zeimu.find_persons_by_name('479021', '山田 次郎')), '{}'::bigint[],
		  'a different given name finds nobody');
SELECT throws_ok($$SELECT * FROM zeimu.find_persons_by_name('479021', NULL, NULL)$$, '22023', NULL,
				 'a search needs a name or a furigana');
SELECT is((SELECT count(*) FROM zeimu.access_log WHERE lg_code = '479021' AND function_name = 'find_persons_by_name'),
		  -- 501 three times, 502 once, 503 and 504 once each = 6 rows
		  6::bigint, 'one access-log row per person each search returned');

-- The search stays an index condition for a clerk under FORCE RLS.
CREATE ROLE regress_registry_clerk2 NOLOGIN IN ROLE zeimu_registry;
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS
$$DECLARE l text; BEGIN FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT l; END LOOP; END$$;
ANALYZE zeimu.person;
SET LOCAL enable_seqscan = off;
SET LOCAL ROLE regress_registry_clerk2;
SELECT ok(EXISTS (SELECT FROM pg_temp.plan_of(
			$q$SELECT atena_no FROM zeimu.person WHERE lg_code = '479021' AND name_key = zeimu.normalize_name('山田 太郎')$q$) l
		  WHERE l ~ 'Index Cond: .*name_key = '),
		  'the normalised name search is an Index Cond under row-level security');
RESET ROLE;
RESET enable_seqscan;

-- Basic-information matching (seed 000 req. 43).
SELECT is(zeimu.match_basic_info('479021', '山田 太郎', 'やまだ たろう', 1::smallint, '1980-04-01', '架空県サンプル市本町1丁目2番3号'),
		  501::bigint, 'all basic items match after normalisation (half-width digits, spaces, hiragana)');
SELECT is(zeimu.match_basic_info('479021', '山田 太郎', NULL, 1::smallint, '1980-04-01', '架空県サンプル市本町1丁目2番3号'),
		  501::bigint, 'furigana is optional');
SELECT is(zeimu.match_basic_info('479021', '山田 太郎', NULL, 1::smallint, '1980-04-02', '架空県サンプル市本町1丁目2番3号'),
		  NULL::bigint, 'a birth date one day off matches nobody');
SELECT is(zeimu.match_basic_info('479021', '山田 太郎', NULL, 2::smallint, '1980-04-01', '架空県サンプル市本町1丁目2番3号'),
		  NULL::bigint, 'a different sex matches nobody');
SELECT is(zeimu.match_basic_info('479021', '山田 太郎', NULL, 1::smallint, '1980-04-01', '架空県サンプル市本町1丁目2番4号'),
		  NULL::bigint, 'a different house number matches nobody');
SELECT is(zeimu.match_basic_info('479021', '山田 太郎', 'ヤマダ ジロウ', 1::smallint, '1980-04-01', '架空県サンプル市本町1丁目2番3号'),
		  NULL::bigint, 'a different furigana matches nobody');
SELECT is(zeimu.match_basic_info('479021', '鈴木花子', NULL, 2::smallint, '1990-12-24', '架空県サンプル市緑町3丁目3番3号'),
		  NULL::bigint, 'two matching persons are ambiguous: nothing is returned');
SELECT throws_ok($$SELECT zeimu.match_basic_info('479021', '山田 太郎', NULL, 1::smallint, '1980-04-01', NULL)$$,
				 '22023', NULL, 'a record without an address cannot be matched');

-- History: a change keeps the old row and stamps who/when.
UPDATE zeimu.person SET address = '架空県サンプル市栄町5丁目5番5号', business_date = '2026-04-01'
 WHERE lg_code = '479021' AND atena_no = 501;
SELECT is((SELECT old_row ->> 'address' FROM zeimu.person_history WHERE lg_code = '479021' AND atena_no = 501),
		  '架空県サンプル市本町１丁目２番３号', 'the previous address is kept in person_history');
SELECT is((SELECT array[updated_by, business_date::text] FROM zeimu.person WHERE lg_code = '479021' AND atena_no = 501),
		  ARRAY[current_user::text, '2026-04-01'], 'updated_by and the business date are stamped');
SELECT throws_ok($$UPDATE zeimu.person SET atena_no = 9501 WHERE lg_code = '479021' AND atena_no = 501$$,
				 '22023', NULL, 'an atena number cannot change');
SELECT throws_ok($$UPDATE zeimu.person_history SET business_date = '2000-01-01' WHERE lg_code = '479021'$$,
				 '42501', NULL, 'history rows cannot be changed');

-- Relations: never overwritten.
SELECT ok(zeimu.add_relation('479021', 501, 502, 'tax_agent', '2026-01-01', '海外転出') > 0, 'a tax agent is recorded');
SELECT zeimu.end_relation('479021', (SELECT relation_id FROM zeimu.person_relation WHERE lg_code = '479021' AND atena_no = 501), '2026-06-30');
SELECT is((SELECT array[kind, started_on::text, ended_on::text] FROM zeimu.person_relation WHERE lg_code = '479021' AND atena_no = 501),
		  ARRAY['tax_agent', '2026-01-01', '2026-06-30'], 'the relation is ended, its start kept');
SELECT throws_ok(format($$SELECT zeimu.end_relation('479021', %s, '2026-07-31')$$,
						(SELECT relation_id FROM zeimu.person_relation WHERE lg_code = '479021' AND atena_no = 501)),
				 '42501', NULL, 'an ended relation cannot be ended again');
SELECT throws_ok($$UPDATE zeimu.person_relation SET kind = 'heir' WHERE lg_code = '479021' AND atena_no = 501$$,
				 '42501', NULL, 'a relation''s kind cannot be overwritten');
SELECT throws_ok($$DELETE FROM zeimu.person_relation WHERE lg_code = '479021'$$, '42501', NULL, 'relations cannot be deleted');
SELECT throws_ok($$SELECT zeimu.add_relation('479021', 501, 502, 'friend')$$, '22023', NULL, 'an unknown relation kind is 22023');

-- Identity verification.
SELECT ok(zeimu.record_verification('479021', 503, 'mynumber_card', 'S-0001', '2026-05-01') > 0, 'a verification is recorded');
SELECT throws_ok($$SELECT zeimu.record_verification('479021', 503, 'telepathy', 'S-0001')$$, '22023', NULL,
				 'an unknown verification method is 22023');

-- Same-person candidates by basic items: 503 and 504 share name key,
-- birth date and sex.
SELECT cmp_ok(zeimu.refresh_same_person_candidates('479021'), '>=', 1::bigint, 'candidates found');
SELECT is((SELECT reason FROM zeimu.same_person_candidate WHERE lg_code = '479021' AND atena_no_a = 503 AND atena_no_b = 504),
		  'same_basic_items', '503 and 504 are a candidate pair');
SELECT zeimu.decide_same_person('479021', 504, 503, 'same', '同一人: 旧姓併記');
SELECT is((SELECT count(*) FROM zeimu.related_atena WHERE lg_code = '479021' AND atena_no_a = 503 AND atena_no_b = 504), 1::bigint,
		  'a pair decided as the same person is a related atena (both kept)');

-- Integrated atena consistency: the sample maps atena i -> 900000000000 + i.
SELECT is((SELECT count(*) FROM zeimu.check_integrated_atena('479021') WHERE atena_no <= 30), 0::bigint,
		  'the sample is consistent');
UPDATE zeimu.integrated_atena SET integrated_no = 900000000001 WHERE lg_code = '479021' AND atena_no = 2;
SELECT is(ARRAY(SELECT atena_no || ':' || problem FROM zeimu.check_integrated_atena('479021')
				WHERE problem = 'integrated_no_with_different_numbers' AND atena_no <= 30),
		  ARRAY['1:integrated_no_with_different_numbers', '2:integrated_no_with_different_numbers'],
		  'two persons with different numbers under one integrated number are both reported');
SELECT is(zeimu.link_mynumber('479021', 503, zeimu.sample_mynumber(3, 7503), '申告書'), 'linked', 'person 503 linked');
SELECT is(ARRAY(SELECT problem FROM zeimu.check_integrated_atena('479021') WHERE atena_no = 503),
		  ARRAY['linked_without_integrated_no'], 'a linked person without an integrated number is reported');
-- 503 and 504 were decided to be one person; different integrated numbers disagree.
INSERT INTO zeimu.integrated_atena (lg_code, atena_no, integrated_no)
VALUES ('479021', 503, 900000000503), ('479021', 504, 900000000504);
SELECT is(ARRAY(SELECT atena_no || ':' || problem FROM zeimu.check_integrated_atena('479021') WHERE atena_no > 500),
		  ARRAY['503:same_number_different_integrated_no', '504:same_number_different_integrated_no'],
		  'one person under two integrated numbers is reported for both atena numbers');
-- The daily job stores the day's result: 1, 2, 503 and 504; a second run replaces it.
CALL zeimu.run_integrated_atena_check('479021');
CALL zeimu.run_integrated_atena_check('479021');
SELECT is(ARRAY(SELECT atena_no || ':' || problem FROM zeimu.integrated_atena_issue
				WHERE lg_code = '479021' AND check_date = current_date ORDER BY atena_no),
		  ARRAY['1:integrated_no_with_different_numbers', '2:integrated_no_with_different_numbers',
				'503:same_number_different_integrated_no', '504:same_number_different_integrated_no'],
		  'the daily check stored four problems once, though it ran twice');
SELECT * FROM finish();
ROLLBACK;
