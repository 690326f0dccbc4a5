-- collection: 還付加算金 (地方税法第17条の4; rates 附則第3条の2: 2024–2025 0.9%,
-- 2026 1.3%; 法20条の4の2②⑤).  Each year's days × rate / 365 truncated to
-- yen, summed, truncated to ¥100, nothing under ¥1,000.  Values by hand.
BEGIN;
SELECT plan(19);

-- ¥1,000,000 from 2025-04-01 to 2025-12-31: 275 d × 0.9%: 1000000×0.009×275/365 = 2475000/365 = 6780.82 → 6780 → ¥6,700
SELECT is(zeimu.refund_interest(1000000, '2025-04-01', '2025-12-31'), 6700::bigint, 'one calendar year at 0.9%');
-- across 1 January: 2025-10-01..12-31 92 d × 0.9% = 828000/365 = 2268.49 → 2268;
--   2026-01-01..03-31 90 d × 1.3% = 1170000/365 = 3205.48 → 3205; 5473 → ¥5,400
SELECT is(zeimu.refund_interest(1000000, '2025-10-01', '2026-03-31'), 5400::bigint, 'the rate changes on 1 January');
-- 365 days in a leap year: ¥10,000,000 over 2024 (366 d × 0.9%): 90000×366/365 = 32940000/365 = 90246.58 → 90246 → ¥90,200
--   (dividing by 366 would give exactly ¥90,000)
SELECT is(zeimu.refund_interest(10000000, '2024-01-01', '2024-12-31'), 90200::bigint, 'leap year: 365 days');
-- ⑤: ¥111,000 over 2025 (365 d × 0.9%) = 999 → 0; ¥112,000 → 1008 → ¥1,000
SELECT is(zeimu.refund_interest(111000, '2025-01-01', '2025-12-31'), 0::bigint, '⑤: interest of ¥999 is dropped');
SELECT is(zeimu.refund_interest(112000, '2025-01-01', '2025-12-31'), 1000::bigint, '⑤: interest of ¥1,008 gives ¥1,000');
-- base truncated to ¥1,000: ¥112,999 is charged on ¥112,000 → ¥1,000
SELECT is(zeimu.refund_interest(112999, '2025-01-01', '2025-12-31'), 1000::bigint, '②: the base is truncated to ¥1,000');
-- ②: with a test municipality at 7.3% from 2014: ¥2,000 over 2014-01-01..2020-12-31,
--   7 years × 146 (2000×0.073 = 146; leap years 2016, 2020: 2000×0.073×366/365 = 146.4 → 146) = 1022 → ¥1,000
-- (one row per year: a later national row would otherwise take over from 2015)
INSERT INTO zeimu.collection_rate
SELECT '131032', make_date(y, 1, 1), 6.8, 7.8, 7.3, 14.6, 7.3, 7.3, 'test: 7.3% refund rate' FROM generate_series(2014, 2020) y;
SELECT is(zeimu.refund_interest(2000, '2014-01-01', '2020-12-31', '131032'), 1000::bigint, '②: a refund of ¥2,000 earns interest');
SELECT is(zeimu.refund_interest(1999, '2014-01-01', '2020-12-31', '131032'), 0::bigint, '②: a refund of ¥1,999 earns nothing');
SELECT is(zeimu.refund_interest(2999, '2014-01-01', '2020-12-31', '131032'), 1000::bigint, '②: ¥2,999 earns on ¥2,000');
-- the statutory cap 7.3% holds even if a row says more
INSERT INTO zeimu.collection_rate
SELECT '131041', make_date(y, 1, 1), 9.5, 10.5, 7.3, 14.6, 7.3, 10.0, 'test: above 本則' FROM generate_series(2014, 2020) y;
SELECT is(zeimu.refund_interest(2000, '2014-01-01', '2020-12-31', '131041'), 1000::bigint, 'capped at 年7.3%');
SELECT is(zeimu.refund_interest(1000000, '2025-12-31', '2025-12-30'), 0::bigint, 'an empty period: nothing');

-- start days (17条の4①)
SELECT is(zeimu.refund_interest_start('reduction', '2025-06-30'), '2025-07-01'::date, '一号: the day after the payment');
-- 二号: claim 2025-03-10 → 3 months from 03-11 end 06-10; 更正 2025-05-20 → 1 month from 05-21 ends 06-20;
--   earlier is 06-10; the day after is 06-11
SELECT is(zeimu.refund_interest_start('claim', '2024-05-31', '2025-05-20', '2025-03-10'), '2025-06-11'::date,
          '二号: the earlier of claim + 3 months and 更正 + 1 month, plus one day');
-- 三号: notice 2025-08-31 → 1 month from 09-01 ends 09-30 → 10-01
SELECT is(zeimu.refund_interest_start('income_tax_correction', '2025-05-31', '2025-08-31'), '2025-10-01'::date,
          '三号: a month after the notice, plus one day');
-- 四号: paid 2025-01-31 → 1 month from 02-01 ends 02-28 → 03-01
SELECT is(zeimu.refund_interest_start('erroneous', '2025-01-31'), '2025-03-01'::date, '四号: a month after the payment, plus one day');

SELECT throws_ok($$SELECT zeimu.refund_interest(-1, '2025-01-01', '2025-12-31')$$, '22003',
	'refund amount must not be negative', 'a negative refund is rejected (22003)');
SELECT throws_ok($$SELECT zeimu.refund_interest_start('gift', '2025-01-31')$$, '22023',
	'unknown refund kind "gift"', 'an unknown kind is rejected (22023)');
SELECT throws_ok($$SELECT zeimu.refund_interest_start('claim', '2025-01-31', '2025-05-20')$$, '22004',
	NULL, 'a claim refund with no claim date is rejected (22004)');
SELECT throws_ok($$SELECT zeimu.refund_interest(100000, '2013-06-01', '2014-06-01')$$, '22023',
	'no rate in force on 2013-06-01', 'a period before the rate history is rejected (22023)');

SELECT * FROM finish();
ROLLBACK;
