-- collection: 延滞金 on one installment paid in full (zeimu.late_charge) and
-- the rate history it reads.  Every expected value is derived by hand from
-- 地方税法第326条①, 附則第3条の2 and 第20条の4の2②⑤ with the national rates
-- (domain_rules §6.1): first month / later =
--   2020 2.6/8.9, 2021 2.5/8.8, 2022–2025 2.4/8.7, 2026 2.8/9.1 (percent a year).
-- Each segment = base × rate × days / 365, truncated to whole yen; the sum is
-- truncated to ¥100 and dropped under ¥1,000.
BEGIN;
SELECT plan(49);

-- ---------------------------------------------------------------- rate table
SELECT is((SELECT count(*) FROM zeimu.collection_rate WHERE lg_code::text = '000000'
            AND valid_from BETWEEN '2014-01-01' AND '2026-01-01'), 13::bigint,
          'the national rate history covers every calendar year 2014–2026');
-- 附則3条の2: 延滞金特例基準割合 = 平均貸付割合 + 1; first = min(基準 + 1, 7.3); later = min(基準 + 7.3, 14.6)
SELECT is((SELECT count(*) FROM zeimu.collection_rate WHERE lg_code::text = '000000'
            AND (late_charge_base_rate <> average_lending_rate + 1
              OR late_charge_first_rate <> least(late_charge_base_rate + 1, 7.3)
              OR late_charge_later_rate <> least(late_charge_base_rate + 7.3, 14.6))), 0::bigint,
          'every seeded 特例 rate follows 基準割合 + 1 / + 7.3 (附則3条の2)');
-- 猶予特例 and 還付加算金: 平均貸付割合 + 0.5 from 2021; the 特例基準割合 before
SELECT is((SELECT count(*) FROM zeimu.collection_rate WHERE lg_code::text = '000000'
            AND CASE WHEN valid_from >= '2021-01-01'
                     THEN deferral_rate <> average_lending_rate + 0.5 OR refund_interest_rate <> average_lending_rate + 0.5
                     ELSE deferral_rate <> late_charge_base_rate OR refund_interest_rate <> late_charge_base_rate END),
          0::bigint, 'every seeded 猶予特例 and 還付加算金 rate follows its base');
SELECT results_eq(
	$$SELECT valid_from, late_first, late_later, deferral, refund FROM zeimu.collection_rate_schedule('000000')
	   WHERE valid_from IN ('2021-01-01', '2025-01-01', '2026-01-01') ORDER BY 1$$,
	$$VALUES ('2021-01-01'::date, 2500, 8800, 1000, 1000), ('2025-01-01', 2400, 8700, 900, 900),
	         ('2026-01-01', 2800, 9100, 1300, 1300)$$,
	'the schedule gives least(本則, 特例) in thousandths of a percent');

-- ------------------------------------------------- 民法第143条: 1月を経過する日
-- first counted day 2025-02-01 is the 1st: the whole of February
SELECT is(zeimu.civil_period_end('2025-02-01', 1), '2025-02-28'::date, '143条: 起算 02-01 → 02-28');
-- 起算 2025-01-31: 応当日 02-31 does not exist → last day of February
SELECT is(zeimu.civil_period_end('2025-01-31', 1), '2025-02-28'::date, '143条②但書: 起算 01-31 → 02-28');
-- 起算 2025-05-01 (納期限 04-30): 応当日 06-01, the day before is 05-31 (not 05-30)
SELECT is(zeimu.civil_period_end('2025-05-01', 1), '2025-05-31'::date, '143条: 起算 05-01 → 05-31');
-- 起算 2024-01-30 in a leap year: no 02-30 → 02-29
SELECT is(zeimu.civil_period_end('2024-01-30', 1), '2024-02-29'::date, '143条②但書 in a leap year → 02-29');
-- 起算 2024-01-29: 応当日 02-29 exists → 02-28
SELECT is(zeimu.civil_period_end('2024-01-29', 1), '2024-02-28'::date, '143条②: 起算 01-29/2024 → 02-28');
-- 5 years (60 months) from 2023-03-01: 応当日 2028-03-01 → 2028-02-29
SELECT is(zeimu.civil_period_end('2023-03-01', 60), '2028-02-29'::date, '143条②: 5 years from 03-01 end on 02-29 of a leap year');
SELECT throws_ok($$SELECT zeimu.civil_period_end('2025-01-01', 0)$$, '22003', NULL, 'a period of 0 months is rejected');

-- ------------------------------------------------------------- month ends
-- due 2025-01-31, paid 2025-06-30, tax 100,000 (base 100,000)
--   02-01..02-28  28 d × 2.4%: 100000×0.024×28/365 =  67200/365 =  184.10 →  184
--   03-01..06-30 122 d × 8.7%: 100000×0.087×122/365 = 1061400/365 = 2907.95 → 2907
--   184 + 2907 = 3091 → ¥3,000
SELECT is(zeimu.late_charge(100000, '2025-01-31', '2025-06-30'), 3000::bigint, 'due 01-31: first month ends 02-28');
-- due 2025-03-31, paid 2025-07-15, tax 250,000
--   04-01..04-30  30 d × 2.4%: 250000×0.024×30/365 =  180000/365 =  493.15 →  493
--   05-01..07-15  76 d × 8.7%: 250000×0.087×76/365 = 1653000/365 = 4528.77 → 4528
--   5021 → ¥5,000
SELECT is(zeimu.late_charge(250000, '2025-03-31', '2025-07-15'), 5000::bigint, 'due 03-31: first month is April');
-- due 2025-08-31, paid 2025-10-31, tax 155,555 → base 155,000
--   09-01..09-30  30 d × 2.4%: 155000×0.024×30/365 = 111600/365 =  305.75 →  305
--   10-01..10-31  31 d × 8.7%: 155000×0.087×31/365 = 418035/365 = 1145.30 → 1145
--   1450 → ¥1,400
SELECT is(zeimu.late_charge(155555, '2025-08-31', '2025-10-31'), 1400::bigint, 'due 08-31: base truncated to ¥1,000, result to ¥100');
-- due 2025-04-30, paid 2025-05-31, tax 1,000,000: 起算 05-01, first month to 05-31
--   05-01..05-31  31 d × 2.4%: 1000000×0.024×31/365 = 744000/365 = 2038.36 → 2038 → ¥2,000
--   (reading "same day next month" would end it 05-30: 1972 + 238 = 2210 → ¥2,200)
SELECT is(zeimu.late_charge(1000000, '2025-04-30', '2025-05-31'), 2000::bigint, 'due 04-30: 05-31 is still in the first month');

-- ----------------------------------------------------------- year boundaries
-- due 2025-11-30, paid 2026-03-31, tax 500,000
--   2025-12-01..12-31  31 d × 2.4% (2025): 500000×0.024×31/365 =  372000/365 =  1019.18 →  1019
--   2026-01-01..03-31  90 d × 9.1% (2026): 500000×0.091×90/365 = 4095000/365 = 11219.18 → 11219
--   12238 → ¥12,200
SELECT is(zeimu.late_charge(500000, '2025-11-30', '2026-03-31'), 12200::bigint, 'the later rate changes on 1 January');
-- due 2025-12-20, paid 2026-02-10, tax 300,000; first month 2025-12-21..2026-01-20
--   2025-12-21..12-31  11 d × 2.4%: 300000×0.024×11/365 =  79200/365 =  216.99 →  216
--   2026-01-01..01-20  20 d × 2.8%: 300000×0.028×20/365 = 168000/365 =  460.27 →  460
--   2026-01-21..02-10  21 d × 9.1%: 300000×0.091×21/365 = 573300/365 = 1570.68 → 1570
--   2246 → ¥2,200
SELECT is(zeimu.late_charge(300000, '2025-12-20', '2026-02-10'), 2200::bigint, 'a first month across 1 January is split at 1 January');

-- -------------------------------------------------------------- leap years
-- due 2024-01-31, paid 2024-03-31, tax 200,000: first month 02-01..02-29
--   29 d × 2.4%: 200000×0.024×29/365 = 139200/365 =  381.37 →  381
--   31 d × 8.7%: 200000×0.087×31/365 = 539400/365 = 1477.81 → 1477
--   1858 → ¥1,800
SELECT is(zeimu.late_charge(200000, '2024-01-31', '2024-03-31'), 1800::bigint, 'leap year: February has 29 days in the first month');
-- due 2024-01-31, paid 2024-12-31, tax 2,000,000: 365 days a year even in 2024
--   02-01..02-29  29 d × 2.4%: 2000000×0.024×29/365 =  1392000/365 =   3813.70 →   3813
--   03-01..12-31 306 d × 8.7%: 2000000×0.087×306/365 = 53244000/365 = 145873.97 → 145873
--   149686 → ¥149,600   (dividing by 366 would give 3803 + 145475 = 149278 → ¥149,200)
SELECT is(zeimu.late_charge(2000000, '2024-01-31', '2024-12-31'), 149600::bigint, 'leap year: 365 days, not 366');
-- due 2024-02-29, paid 2024-04-15, tax 800,000: 起算 03-01, first month is March
--   31 d × 2.4%: 800000×0.024×31/365 = 595200/365 = 1630.68 → 1630
--   15 d × 8.7%: 800000×0.087×15/365 = 1044000/365 = 2860.27 → 2860
--   4490 → ¥4,400
SELECT is(zeimu.late_charge(800000, '2024-02-29', '2024-04-15'), 4400::bigint, 'due 2024-02-29: first month is March');
-- due 2024-01-29, paid 2024-02-29, tax 1,000,000: 起算 01-30, no 02-30 → first month ends 02-29
--   01-30..02-29 31 d × 2.4%: 744000/365 = 2038.36 → 2038 → ¥2,000
--   (ending it 02-28 would give 1972 + 238 = 2210 → ¥2,200)
SELECT is(zeimu.late_charge(1000000, '2024-01-29', '2024-02-29'), 2000::bigint, 'due 2024-01-29: first month ends 02-29');

-- ------------------------------------------------ thresholds (法20条の4の2)
-- ② tax 2,000 over 2020-12-01..2026-12-31 (first month is December 2020):
--   2020-12   31 d × 2.6%: 2000×0.026×31/365  =  1612/365 =   4.42 →   4
--   2021     365 d × 8.8%: 2000×0.088×365/365 =              176
--   2022, 2023, 2025  365 d × 8.7%: 174 each                   522
--   2024     366 d × 8.7%: 2000×0.087×366/365 = 63684/365 = 174.48 → 174
--   2026     365 d × 9.1%: 182
--   4 + 176 + 522 + 174 + 182 = 1058 → ¥1,000
SELECT is(zeimu.late_charge(2000, '2020-11-30', '2026-12-31'), 1000::bigint, '②: tax ¥2,000 is charged');
SELECT is(zeimu.late_charge(1999, '2020-11-30', '2026-12-31'), 0::bigint, '②: tax ¥1,999 gives nothing');
-- tax 2,999 → base 2,000: the same ¥1,000
SELECT is(zeimu.late_charge(2999, '2020-11-30', '2026-12-31'), 1000::bigint, '②: ¥2,999 is charged on ¥2,000');
-- ⑤ result ¥999: due 2025-01-31, paid 2025-07-15, tax 29,000
--   28 d × 2.4%:  29000×0.024×28/365  =  19488/365 =  53.39 →  53
--   137 d × 8.7%: 29000×0.087×137/365 = 345651/365 = 946.99 → 946
--   999 → ¥900 → under ¥1,000 → 0
SELECT is(zeimu.late_charge(29000, '2025-01-31', '2025-07-15'), 0::bigint, '⑤: a charge of ¥999 is dropped');
-- ⑤ result ¥1,000: due 2025-01-31, paid 2025-06-08, tax 39,000
--   28 d × 2.4%:  39000×0.024×28/365  =  26208/365 =  71.80 →  71
--   100 d × 8.7%: 39000×0.087×100/365 = 339300/365 = 929.59 → 929
--   1000 → ¥1,000
SELECT is(zeimu.late_charge(39000, '2025-01-31', '2025-06-08'), 1000::bigint, '⑤: a charge of ¥1,000 is kept');
-- segments truncated before summing (豊橋市): due 2025-01-31, paid 2025-11-27, tax 18,000
--   28 d × 2.4%:  18000×0.024×28/365  =  12096/365 =   33.14 →   33
--   272 d × 8.7%: 18000×0.087×272/365 = 425952/365 = 1166.99 → 1166
--   1199 → ¥1,100   (truncating only the sum, 1200.13, would give ¥1,200)
SELECT is(zeimu.late_charge(18000, '2025-01-31', '2025-11-27'), 1100::bigint, 'each segment is truncated to whole yen before summing');

-- --------------------------------------------------- on time, early, late
SELECT is(zeimu.late_charge(1000000, '2025-05-31', '2025-05-31'), 0::bigint, 'paid on the due date: nothing');
SELECT is(zeimu.late_charge(1000000, '2025-05-31', '2025-05-01'), 0::bigint, 'paid before the due date: nothing');
-- one day late: 1000000×0.024×1/365 = 65.75 → 65 → under ¥1,000 → 0
SELECT is(zeimu.late_charge(1000000, '2025-05-31', '2025-06-01'), 0::bigint, 'one day late on ¥1,000,000: ¥65, dropped');
SELECT is(zeimu.late_charge(0, '2025-05-31', '2026-06-01'), 0::bigint, 'tax 0: nothing');

-- ------------------------------------------------------------- bad input
SELECT throws_ok($$SELECT zeimu.late_charge(-1, '2025-05-31', '2025-06-30')$$, '22003',
	'tax amount must not be negative', 'a negative tax is rejected (22003)');
SELECT throws_ok($$SELECT zeimu.late_charge(1000000000000001, '2025-05-31', '2025-06-30')$$, '22003',
	'tax amount is out of range', 'a tax over ¥10^15 is rejected (22003)');
-- the largest accepted tax, ¥10^15, one year late: no overflow
--   2025-06-01..06-30 30 d × 2.4%: 10^15×0.024×30/365 = 1972602739726.03 → 1972602739726
--   2025-07-01..12-31 184 d × 8.7%: 10^15×0.087×184/365 = 43857534246575.34 → 43857534246575
--   2026-01-01..05-31 151 d × 9.1%: 10^15×0.091×151/365 = 37646575342465.75 → 37646575342465
--   sum 83476712328766 → 83476712328700
SELECT is(zeimu.late_charge(1000000000000000, '2025-05-31', '2026-05-31'), 83476712328700::bigint, 'the largest tax does not overflow');
SELECT throws_ok($$SELECT zeimu.late_charge(1000, 'infinity', '2025-06-30')$$, '22008',
	'due date is out of range', 'an infinite due date is rejected (22008)');
SELECT throws_ok($$SELECT zeimu.late_charge(1000, '2025-05-31', 'infinity')$$, '22008',
	'payment date is out of range', 'an infinite payment date is rejected (22008)');
SELECT throws_ok($$SELECT zeimu.late_charge(100000, '2013-10-31', '2014-02-28')$$, '22023',
	'no rate in force on 2013-11-01', 'a period before the rate history is rejected (22023)');
-- 131017: the check digit of 13101 is 6 (6+15+4+0+2 = 27, 27 mod 11 = 5, 11 − 5 = 6)
SELECT throws_ok($$SELECT zeimu.late_charge(100000, '2025-05-31', '2025-06-30', '131017')$$, '22P02',
	NULL, 'a municipality code with a wrong check digit is rejected (22P02, by the lg_code type)');
SELECT is(zeimu.late_charge(NULL, '2025-05-31', '2025-06-30'), NULL, 'NULL tax: NULL');
SELECT is(zeimu.late_charge(1000, NULL, '2025-06-30'), NULL, 'NULL due date: NULL');
SELECT is(zeimu.late_charge(1000, '2025-05-31', NULL), NULL, 'NULL payment date: NULL');

-- --------------------------------------------------- a municipality's rows
-- lg 131016 with its own 2025 row (first 2.0, later 8.0); national unchanged.
INSERT INTO zeimu.collection_rate VALUES ('131016', '2025-01-01', 0.4, 1.4, 2.0, 8.0, 0.9, 0.9, 'test');
-- due 2025-01-31, paid 2025-06-30, tax 100,000
--   28 d × 2.0%: 100000×0.020×28/365 =  56000/365 =  153.42 →  153
--   122 d × 8.0%: 100000×0.080×122/365 = 976000/365 = 2673.97 → 2673
--   2826 → ¥2,800
SELECT is(zeimu.late_charge(100000, '2025-01-31', '2025-06-30', '131016'), 2800::bigint, 'a municipality row overrides the national one');
SELECT is(zeimu.late_charge(100000, '2025-01-31', '2025-06-30', '000000'), 3000::bigint, 'the national standard is unchanged');
-- 2026 has no row of 131016: the national 2026 row (later than 131016's 2025 row) applies.
-- due 2025-12-31, paid 2026-02-28, tax 100,000: 01-01..01-31 31 d × 2.8% = 86800/365 = 237.81 → 237;
--   02-01..02-28 28 d × 9.1% = 254800/365 = 698.08 → 698; 935 → under ¥1,000 → 0
SELECT is(zeimu.late_charge(100000, '2025-12-31', '2026-02-28', '131016'), 0::bigint, 'a later national row applies to the municipality');
-- tax 1,000,000: 2378.08 → 2378; 6980.82 → 6980; 9358 → ¥9,300
SELECT is(zeimu.late_charge(1000000, '2025-12-31', '2026-02-28', '131016'), 9300::bigint, 'national 2026 rates for the municipality');
-- The rate cannot exceed the 本則 (least(本則, 特例)).
INSERT INTO zeimu.collection_rate VALUES ('131024', '2025-01-01', 9.0, 10.0, 11.0, 17.3, 10.5, 10.5, 'test: above 本則');
-- 28 d × 7.3%: 100000×0.073×28/365 = 204400/365 = 560; 122 d × 14.6%: 1781200/365 = 4880 → 5440 → ¥5,400
SELECT is(zeimu.late_charge(100000, '2025-01-31', '2025-06-30', '131024'), 5400::bigint, 'rates are capped at the 本則 7.3%/14.6%');

-- ------------------------------------------------------------- labels
SELECT volatility_is('zeimu', 'late_charge', ARRAY['bigint', 'date', 'date'], 'stable', 'late_charge reads tables: STABLE');
SELECT ok(NOT has_function_privilege('public', 'zeimu.late_charge(bigint, date, date)', 'EXECUTE'), 'PUBLIC cannot execute late_charge');
SELECT ok(has_function_privilege('zeimu_user', 'zeimu.late_charge(bigint, date, date)', 'EXECUTE'), 'zeimu_user can execute late_charge');

SELECT * FROM finish();
ROLLBACK;
