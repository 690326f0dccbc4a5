-- calendar: era dates (和暦) both ways.  Era first days (元号を改める政令):
-- 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01; 明治 is
-- supported from 明治6年1月1日 = 1873-01-01 (Gregorian calendar adopted).
-- Era year = Gregorian year - (first Gregorian year of the era) + 1:
--   明治 Y-1867, 大正 Y-1911, 昭和 Y-1925, 平成 Y-1988, 令和 Y-2018.
BEGIN;
SELECT plan(60);

-- The last day of each era and the first day of the next, in all three styles.
CREATE TEMP TABLE era_boundary (d date PRIMARY KEY, long text, short text, code7 text) ON COMMIT DROP;
INSERT INTO era_boundary VALUES
	('1873-01-01', '明治6年1月1日',     'M6.1.1',    '1060101'),  -- 1873-1867 = 6, first supported day
	('1912-07-29', '明治45年7月29日',   'M45.7.29',  '1450729'),  -- 1912-1867 = 45, last day of 明治
	('1912-07-30', '大正元年7月30日',   'T1.7.30',   '2010730'),  -- first day of 大正
	('1926-12-24', '大正15年12月24日',  'T15.12.24', '2151224'),  -- 1926-1911 = 15, last day of 大正
	('1926-12-25', '昭和元年12月25日',  'S1.12.25',  '3011225'),  -- first day of 昭和
	('1989-01-07', '昭和64年1月7日',    'S64.1.7',   '3640107'),  -- 1989-1925 = 64, last day of 昭和
	('1989-01-08', '平成元年1月8日',    'H1.1.8',    '4010108'),  -- first day of 平成
	('2019-04-30', '平成31年4月30日',   'H31.4.30',  '4310430'),  -- 2019-1988 = 31, last day of 平成
	('2019-05-01', '令和元年5月1日',    'R1.5.1',    '5010501'),  -- first day of 令和
	('2026-04-01', '令和8年4月1日',     'R8.4.1',    '5080401');  -- 2026-2018 = 8

-- 1-4: era boundaries, date to wareki in all styles, and back from each style.
SELECT results_eq(
	$$SELECT zeimu.to_wareki(d), zeimu.to_wareki(d, 'short'), zeimu.to_wareki(d, 'code7') FROM era_boundary ORDER BY d$$,
	$$SELECT long, short, code7 FROM era_boundary ORDER BY d$$,
	'era boundaries, date to wareki, all styles');
SELECT results_eq($$SELECT zeimu.wareki_to_date(long) FROM era_boundary ORDER BY d$$,
	$$SELECT d FROM era_boundary ORDER BY d$$, 'era boundaries, long form to date');
SELECT results_eq($$SELECT zeimu.wareki_to_date(short) FROM era_boundary ORDER BY d$$,
	$$SELECT d FROM era_boundary ORDER BY d$$, 'era boundaries, short form to date');
SELECT results_eq($$SELECT zeimu.wareki_to_date(code7) FROM era_boundary ORDER BY d$$,
	$$SELECT d FROM era_boundary ORDER BY d$$, 'era boundaries, code7 to date');

-- 5: round trips over every day from 1873-01-01 to 2030-12-31 (57,708 days), per style.
SELECT results_eq(
	$$SELECT s.style, count(*) FILTER (WHERE zeimu.wareki_to_date(zeimu.to_wareki(g.d::date, s.style)) <> g.d::date)
	  FROM (VALUES ('code7'), ('long'), ('short')) s(style),
	       pg_catalog.generate_series('1873-01-01'::date, '2030-12-31', '1 day') g(d)
	  GROUP BY s.style ORDER BY s.style$$,
	$$VALUES ('code7', 0::bigint), ('long', 0), ('short', 0)$$,
	'round trips 1873-2030 in every style');

-- 6-9: the default style is long; style names ignore case; NULL in, NULL out.
SELECT is(zeimu.to_wareki('2019-05-01'), '令和元年5月1日', 'default style is long, first year is 元年');
SELECT is(zeimu.to_wareki('2019-05-01', 'SHORT'), 'R1.5.1', 'style names ignore case; short writes 1, not 元');
SELECT is(zeimu.to_wareki(NULL::date), NULL, 'NULL date gives NULL');
SELECT is(zeimu.wareki_to_date(NULL), NULL, 'NULL text gives NULL');

-- 10-23: what legacy systems and clerks send.
SELECT is(zeimu.wareki_to_date('令和８年４月１日'), '2026-04-01'::date, 'full-width digits');
SELECT is(zeimu.wareki_to_date('令和 8 年 4 月 1 日'), '2026-04-01'::date, 'ASCII spaces');
SELECT is(zeimu.wareki_to_date('　令和８年　４月　１日　'), '2026-04-01'::date, 'ideographic spaces');
SELECT is(zeimu.wareki_to_date('令和1年5月1日'), '2019-05-01'::date, '1年 as well as 元年');
SELECT is(zeimu.wareki_to_date('r8.4.1'), '2026-04-01'::date, 'lower-case era letter');
SELECT is(zeimu.wareki_to_date('Ｒ８．４．１'), '2026-04-01'::date, 'full-width letter, digits and full stops');
SELECT is(zeimu.wareki_to_date('H元.1.8'), '1989-01-08'::date, 'short form with 元');
SELECT is(zeimu.wareki_to_date('S64/1/7'), '1989-01-07'::date, 'slash separators');
SELECT is(zeimu.wareki_to_date('H31-04-30'), '2019-04-30'::date, 'hyphen separators, zero-padded');
SELECT is(zeimu.wareki_to_date('５０８０４０１'), '2026-04-01'::date, 'full-width code7');
SELECT is(zeimu.wareki_to_date('令和8年4月1'), '2026-04-01'::date, 'the closing 日 may be left out');
SELECT is(zeimu.wareki_to_date('R8年4月1日'), '2026-04-01'::date, 'era letter with the long form');
SELECT is(zeimu.wareki_to_date('平成12年2月29日'), '2000-02-29'::date, '平成12年 = 2000 is a leap year (divisible by 400)');
SELECT is(zeimu.wareki_to_date('令和6年2月29日'), '2024-02-29'::date, '令和6年 = 2024 is a leap year');

-- 24-39: days that do not exist in the era, and impossible days: 22008.
SELECT throws_ok($$SELECT zeimu.wareki_to_date('平成31年5月1日')$$, '22008',
	'date 平成31年5月1日 is outside the era 平成', '平成31年5月1日 does not exist (2019-05-01 is 令和)');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('令和元年4月30日')$$, '22008',
	'date 令和元年4月30日 is outside the era 令和', '令和元年4月30日 does not exist');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('昭和64年1月8日')$$, '22008',
	'date 昭和64年1月8日 is outside the era 昭和', '昭和64年1月8日 does not exist (1989-01-08 is 平成)');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('平成元年1月7日')$$, '22008',
	'date 平成元年1月7日 is outside the era 平成', '平成元年1月7日 does not exist');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('大正元年7月29日')$$, '22008',
	'date 大正元年7月29日 is outside the era 大正', '大正元年7月29日 does not exist');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('明治45年7月30日')$$, '22008',
	'date 明治45年7月30日 is outside the era 明治', '明治45年7月30日 is 大正元年');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('昭和元年12月24日')$$, '22008',
	'date 昭和元年12月24日 is outside the era 昭和', '昭和元年12月24日 is 大正15年');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('明治5年12月31日')$$, '22008',
	'date 明治5年12月31日 is outside the era 明治', '明治5年 is before the supported range');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('5010430')$$, '22008',
	'date 令和元年4月30日 is outside the era 令和', 'code7 5010430 (令和元年4月30日) does not exist');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('4310501')$$, '22008',
	'date 平成31年5月1日 is outside the era 平成', 'code7 4310501 (平成31年5月1日) does not exist');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('令和8年2月29日')$$, '22008',
	'day 29 does not exist in month 2', '令和8年 = 2026 is not a leap year');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('令和8年2月30日')$$, '22008',
	'day 30 does not exist in month 2', '2月30日 never exists');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('令和8年4月31日')$$, '22008',
	'day 31 does not exist in month 4', '4月31日 never exists');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('R8.13.1')$$, '22008',
	'month 13 does not exist', 'month 13');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('R8.0.1')$$, '22008',
	'month 0 does not exist', 'month 0');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('令和0年5月1日')$$, '22008',
	'era year 0 does not exist', 'year 0');

-- 40-50: garbage: 22007.
SELECT throws_ok($$SELECT zeimu.wareki_to_date('')$$, '22007', 'invalid input syntax for a wareki date', 'empty');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('2026-04-01')$$, '22007', 'invalid input syntax for a wareki date', 'an ISO date is not a wareki date');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('寛永3年1月1日')$$, '22007', 'invalid input syntax for a wareki date', 'unknown era');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('令和八年四月一日')$$, '22007', 'invalid input syntax for a wareki date', 'kanji numerals are not read');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('令和8年4月')$$, '22007', 'invalid input syntax for a wareki date', 'no day');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('R8.4/1')$$, '22007', 'invalid input syntax for a wareki date', 'mixed separators');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('R8.4.1.')$$, '22007', 'invalid input syntax for a wareki date', 'trailing character');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('508041')$$, '22007', 'invalid input syntax for a wareki date', 'six digits');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('6010101')$$, '22007', 'invalid input syntax for a wareki date', 'code7 era digit 6');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('0010101')$$, '22007', 'invalid input syntax for a wareki date', 'code7 era digit 0');
SELECT throws_ok($$SELECT zeimu.wareki_to_date('R1000.1.1')$$, '22007', 'invalid input syntax for a wareki date', 'four-digit era year');

-- 51-55: to_wareki rejects.
SELECT throws_ok($$SELECT zeimu.to_wareki('1872-12-31')$$, '22008', 'date is before the supported range of era dates',
	'the day before 明治6年1月1日');
SELECT throws_ok($$SELECT zeimu.to_wareki('2026-04-01', 'iso')$$, '22023', 'unknown wareki style "iso"', 'unknown style');
SELECT throws_ok($$SELECT zeimu.to_wareki('infinity')$$, '22008', 'date is infinite', 'infinity');
-- 令和99年 = 2018 + 99 = 2117 fits code7; 令和100年 = 2118 does not.
SELECT is(zeimu.to_wareki('2117-12-31', 'code7'), '5991231', '令和99年 still fits code7');
SELECT throws_ok($$SELECT zeimu.to_wareki('2118-01-01', 'code7')$$, '22008', 'date does not fit the code7 format',
	'令和100年 does not fit code7');

-- 56-57: labels.
SELECT is((SELECT pg_catalog.string_agg(p.proname || ':' || p.provolatile::text || p.proparallel::text, ',' ORDER BY p.proname)
           FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'zeimu'::regnamespace
             AND p.proname IN ('to_wareki', 'wareki_to_date')),
	'to_wareki:is,wareki_to_date:is', 'to_wareki and wareki_to_date are IMMUTABLE PARALLEL SAFE');
SELECT ok(NOT (SELECT bool_or(proleakproof) FROM pg_catalog.pg_proc WHERE pronamespace = 'zeimu'::regnamespace
                 AND proname IN ('to_wareki', 'wareki_to_date')), 'era functions are not LEAKPROOF (their errors describe the input)');

-- 58-60: privileges.
SELECT function_privs_are('zeimu', 'to_wareki', ARRAY['date', 'text'], 'zeimu_user', ARRAY['EXECUTE']);
SELECT function_privs_are('zeimu', 'wareki_to_date', ARRAY['text'], 'zeimu_user', ARRAY['EXECUTE']);
SELECT function_privs_are('zeimu', 'to_wareki', ARRAY['date', 'text'], 'public', ARRAY[]::text[]);

SELECT * FROM finish();
ROLLBACK;
