-- calendar: closing days of local government and the due-date rule.
-- 地方税法第20条の5第2項: a due date on a Saturday, a 民法第142条 休日 (Sunday,
-- national holiday, 1/2, 1/3) or 12/29-12/31 moves to the next day; the
-- national standard closing days (地方自治法第4条の2) are the same set.
-- Weekdays and holidays of each case are worked out in its comment.
BEGIN;
SELECT plan(44);

-- 1-4: New Year.
-- 2026-12-28 is a Monday, not a holiday: open, so it is its own due date.
SELECT is(zeimu.next_open_day('2026-12-28'), '2026-12-28'::date, '2026-12-28 (Mon) is open: itself');
-- 12/29 Tue .. 12/31 Thu year end; 1/1 Fri 元日; 1/2 Sat, 1/3 Sun; 1/4 Mon open.
SELECT is(zeimu.next_open_day('2026-12-29'), '2027-01-04'::date, '2026-12-29 -> 2027-01-04');
SELECT is(zeimu.next_open_day('2027-01-03'), '2027-01-04'::date, '2027-01-03 -> 2027-01-04');
-- 2025-12-27 Sat, 28 Sun, 29-31 year end, 2026-01-01 Thu 元日, 1/2 Fri, 1/3 Sat,
-- 1/4 Sun; Monday 1/5 is the first open day.
SELECT is(zeimu.next_open_day('2025-12-27'), '2026-01-05'::date, '2025-12-27 -> 2026-01-05 (year end plus weekends)');

-- 5-8: Golden Week.
-- 2026-05-02 Sat; 5/3 Sun 憲法記念日; 5/4 Mon みどりの日; 5/5 Tue こどもの日;
-- 5/6 Wed 振替休日 for 5/3 (nearest non-祝日 after a Sunday 祝日); 5/7 Thu open.
SELECT is(zeimu.next_open_day('2026-05-02'), '2026-05-07'::date, '2026-05-02 -> 2026-05-07 (5/6 is a 振替休日)');
-- 2026-04-29 Wed 昭和の日; 4/30 Thu open.
SELECT is(zeimu.next_open_day('2026-04-29'), '2026-04-30'::date, '2026-04-29 昭和の日 -> 2026-04-30');
-- 2019-04-27 Sat, 28 Sun, 29 昭和の日, 30 国民の休日, 5/1 即位の日, 5/2 国民の休日,
-- 5/3, 5/4, 5/5 (Sun), 5/6 振替休日; 5/7 Tue open: ten closed days.
SELECT is(zeimu.next_open_day('2019-04-27'), '2019-05-07'::date, '2019-04-27 -> 2019-05-07 (ten-day Golden Week)');
-- Silver Week 2026: 9/19 Sat, 9/20 Sun, 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日; 9/24 Thu.
SELECT is(zeimu.next_open_day('2026-09-19'), '2026-09-24'::date, '2026-09-19 -> 2026-09-24 (国民の休日 9/22)');

-- 9-17: the standard 納期 of FY2026 (令和8年度).
SELECT is(zeimu.next_open_day('2026-04-30'), '2026-04-30'::date, '4/30 Thu: itself');
SELECT is(zeimu.next_open_day('2026-05-31'), '2026-06-01'::date, '5/31 Sun -> 6/1 Mon');
SELECT is(zeimu.next_open_day('2026-06-30'), '2026-06-30'::date, '6/30 Tue: itself');
SELECT is(zeimu.next_open_day('2026-07-31'), '2026-07-31'::date, '7/31 Fri: itself');
SELECT is(zeimu.next_open_day('2026-08-31'), '2026-08-31'::date, '8/31 Mon: itself');
-- 10/31 Sat, 11/1 Sun, 11/2 Mon open (文化の日 is 11/3, the day after).
SELECT is(zeimu.next_open_day('2026-10-31'), '2026-11-02'::date, '10/31 Sat -> 11/2 Mon');
SELECT is(zeimu.next_open_day('2026-12-25'), '2026-12-25'::date, '12/25 Fri: itself');
SELECT is(zeimu.next_open_day('2027-01-31'), '2027-02-01'::date, '2027-01-31 Sun -> 2/1 Mon');
SELECT is(zeimu.next_open_day('2027-02-28'), '2027-03-01'::date, '2027-02-28 Sun -> 3/1 Mon');

-- 18-25: is_government_closed at and around each kind of closing day.
SELECT ok(NOT zeimu.is_government_closed('2026-11-20'), '2026-11-20 Fri is open');
SELECT ok(zeimu.is_government_closed('2026-11-21'), '2026-11-21 Sat is closed');
SELECT ok(zeimu.is_government_closed('2026-11-22'), '2026-11-22 Sun is closed');
SELECT ok(zeimu.is_government_closed('2026-11-23'), '2026-11-23 Mon 勤労感謝の日 is closed');
SELECT ok(NOT zeimu.is_government_closed('2026-12-28') AND zeimu.is_government_closed('2026-12-29'),
	'12/28 open, 12/29 closed (year end begins)');
SELECT ok(zeimu.is_government_closed('2027-01-03') AND NOT zeimu.is_government_closed('2027-01-04'),
	'1/3 closed, 1/4 open (new year ends)');
SELECT ok(zeimu.is_government_closed('2026-09-22'), '2026-09-22 国民の休日 is closed');
SELECT ok(zeimu.is_government_closed('2026-05-06'), '2026-05-06 振替休日 is closed');

-- 26-27: the national rows of zeimu.closing_day and the C rule agree: every
-- row is closed in every year 2000-2030, and every closed weekday that is not a
-- holiday is one of the rows.
SELECT is((SELECT count(*) FROM zeimu.closing_day c, pg_catalog.generate_series(2000, 2030) y
           WHERE c.lg_code::text = '000000' AND NOT zeimu.is_government_closed(pg_catalog.make_date(y, c.month, c.day))),
	0::bigint, 'every national closing_day row is closed in C');
SELECT is((SELECT count(*) FROM pg_catalog.generate_series('2000-01-01'::date, '2030-12-31', '1 day') g(d)
           WHERE zeimu.is_government_closed(d::date) AND NOT zeimu.is_national_holiday(d::date)
             AND extract(isodow FROM d) < 6
             AND NOT EXISTS (SELECT FROM zeimu.closing_day c WHERE c.lg_code::text = '000000'
                             AND c.month = extract(month FROM d) AND c.day = extract(day FROM d))),
	0::bigint, 'no closed weekday outside the national rows and the holidays');

-- 28-35: a municipality's own closing days (地方自治法第4条の2第2項).  Test
-- municipality 121002 (千葉市) closes on 10/1 from FY2026 to FY2026 and on 3/31 from FY2026.
INSERT INTO zeimu.closing_day (lg_code, fiscal_year_from, fiscal_year_until, month, day, name, basis) VALUES
	('121002', 2026, 2026, 10, 1, '市制記念日 (test)', 'test ordinance'),
	('121002', 2026, NULL, 3, 31, '年度末休日 (test)', 'test ordinance');
-- 2026-10-01 Thu is FY2026: closed for 121002, so the due date moves to Fri 10/2.
SELECT is(zeimu.next_open_day('2026-10-01', '121002'), '2026-10-02'::date, '121002: 2026-10-01 -> 10/2');
SELECT is(zeimu.next_open_day('2026-10-01'), '2026-10-01'::date, 'national standard: 2026-10-01 is open');
SELECT is(zeimu.next_open_day('2026-10-01', '112224'), '2026-10-01'::date, 'another municipality: open');
-- 2025-10-01 Wed is FY2025, before the row; 2027-10-01 Fri is FY2027, after it.
SELECT ok(NOT zeimu.is_government_closed('2025-10-01', '121002'), '121002: FY2025 10/1 open (row starts FY2026)');
SELECT ok(NOT zeimu.is_government_closed('2027-10-01', '121002'), '121002: FY2027 10/1 open (row ends FY2026)');
-- 2026-03-31 Tue is the last day of FY2025: open; 2027-03-31 Wed is FY2026: closed.
SELECT ok(NOT zeimu.is_government_closed('2026-03-31', '121002'), '121002: 2026-03-31 is FY2025, open');
SELECT ok(zeimu.is_government_closed('2027-03-31', '121002'), '121002: 2027-03-31 is FY2026, closed');
-- The national days still apply with an lg_code: 2026-12-29 -> 2027-01-04.
SELECT is(zeimu.next_open_day('2026-12-29', '121002'), '2027-01-04'::date, '121002: year end as the nation');

-- 36-39: rejects.
SELECT throws_ok($$SELECT zeimu.next_open_day('2026-10-01', '121003')$$, '22P02',
	'invalid input syntax for type lg_code', 'an lg_code with a wrong check digit is rejected');
-- 2099-12-31 Thu closed (year end) .. 2100-01-03; 2100 is outside the holiday calendar.
SELECT throws_ok($$SELECT zeimu.next_open_day('2099-12-31')$$, '22008',
	'year 2100 is outside the holiday calendar', 'next_open_day cannot look into 2100');
SELECT throws_ok($$SELECT zeimu.is_government_closed('-infinity')$$, '22008', 'date is infinite', 'infinity');
-- 1947-12-27 is a Saturday: still outside the calendar, like every 1947 day.
SELECT throws_ok($$SELECT zeimu.is_government_closed('1947-12-27')$$, '22008',
	'year 1947 is outside the holiday calendar', 'a 1947 Saturday is rejected like any 1947 day');

-- 40-41: labels.
SELECT is((SELECT pg_catalog.string_agg(p.proname || '/' || p.pronargs::text || ':' || p.provolatile::text || p.proparallel::text, ','
                                        ORDER BY p.proname, p.pronargs)
           FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'zeimu'::regnamespace
             AND p.proname IN ('is_national_holiday', 'holidays', 'is_government_closed', 'next_open_day')),
	'holidays/1:is,is_government_closed/1:is,is_government_closed/2:ss,is_national_holiday/1:is,next_open_day/1:is,next_open_day/2:ss',
	'1-arg forms IMMUTABLE, lg_code forms STABLE, all PARALLEL SAFE');
SELECT is((SELECT count(*) FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'zeimu'::regnamespace
             AND p.proname IN ('to_wareki', 'wareki_to_date', 'is_national_holiday', 'holidays', 'is_government_closed', 'next_open_day')
             AND NOT pg_catalog.has_function_privilege('zeimu_user', p.oid, 'EXECUTE')),
	0::bigint, 'zeimu_user may execute every calendar function');

-- 42-44: a clerk (member of zeimu_user) can use the calendar, with and without
-- an lg_code; a role outside zeimu_user cannot.
CREATE ROLE regress_cal_clerk NOLOGIN IN ROLE zeimu_user;
CREATE ROLE regress_cal_outsider NOLOGIN;
SET LOCAL ROLE regress_cal_clerk;
SELECT is(zeimu.next_open_day('2026-10-01', '121002'), '2026-10-02'::date, 'a zeimu_user member reads municipal closing days');
SELECT is(zeimu.to_wareki(zeimu.next_open_day('2026-12-29')), '令和9年1月4日', 'a zeimu_user member uses the C functions');
RESET ROLE;
SET LOCAL ROLE regress_cal_outsider;
SELECT throws_ok($$SELECT zeimu.next_open_day('2026-12-29')$$, '42501', NULL, 'a role outside zeimu_user is refused');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
