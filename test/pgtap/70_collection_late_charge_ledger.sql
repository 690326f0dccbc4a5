-- collection: 延滞金 with partial payments (法326条②), reduced-rate periods
-- (徴収猶予・換価猶予・執行停止, 法15条の9, 附則3条の2) and 減免
-- (zeimu.late_charge_ledger).  National 2025 rates: first month 2.4%, later
-- 8.7%, 猶予特例 0.9%.  Every value derived by hand; segment = base × rate ×
-- days / 365 truncated to yen; the sum truncated to ¥100, dropped under ¥1,000.
BEGIN;
SELECT plan(22);

-- one payment in full = late_charge (due 2025-01-31, paid 2025-06-30, ¥100,000:
--   184 + 2907 = 3091 → ¥3,000, see 70_collection_late_charge.sql)
SELECT is(zeimu.late_charge_ledger(100000, '2025-01-31', '2025-06-30', '[{"date": "2025-06-30", "amount": 100000}]'),
          3000::bigint, 'paid in full at once: same as late_charge');
SELECT is(zeimu.late_charge_ledger(100000, '2025-01-31', '2025-09-30', '[{"date": "2025-06-30", "amount": 100000}]'),
          3000::bigint, 'nothing runs after the installment is paid in full');
-- unpaid, charged through the as-of date: same as paying on it
SELECT is(zeimu.late_charge_ledger(100000, '2025-01-31', '2025-06-30'), 3000::bigint, 'unpaid: charged through as_of');

-- partial payment: ¥60,500 on 2025-03-15, the rest ¥39,500 on 2025-06-30
--   02-01..02-28  28 d × 2.4% on 100,000: 67200/365   =  184.11 → 184
--   03-01..03-15  15 d × 8.7% on 100,000: 130500/365  =  357.53 → 357
--   03-16..06-30 107 d × 8.7% on 39,500 → base 39,000: 39000×0.087×107/365 = 363051/365 = 994.66 → 994
--   184 + 357 + 994 = 1535 → ¥1,500
SELECT is(zeimu.late_charge_ledger(100000, '2025-01-31', '2025-06-30',
          '[{"date": "2025-03-15", "amount": 60500}, {"date": "2025-06-30", "amount": 39500}]'),
          1500::bigint, 'after a partial payment the reduced tax, truncated to ¥1,000, is the base');
SELECT results_eq(
	$$SELECT first_day, last_day, days, base, amount FROM zeimu.late_charge_ledger_segments(100000, '2025-01-31', '2025-06-30',
	    '[{"date": "2025-06-30", "amount": 39500}, {"date": "2025-03-15", "amount": 60500}]')$$,
	$$VALUES ('2025-02-01'::date, '2025-02-28'::date, 28, 100000::bigint, 184::bigint),
	         ('2025-03-01', '2025-03-15', 15, 100000, 357),
	         ('2025-03-16', '2025-06-30', 107, 39000, 994)$$,
	'the segments of a partial payment (events in any order)');
-- a payment that leaves the truncated base unchanged (100,800 − 500 = 100,300 → 100,000)
-- does not split the segment: 28 d → 184, 122 d × 8.7% on 100,000 → 2907; 3091 → ¥3,000
SELECT is((SELECT count(*) FROM zeimu.late_charge_ledger_segments(100800, '2025-01-31', '2025-06-30',
          '[{"date": "2025-03-15", "amount": 500}, {"date": "2025-06-30", "amount": 100300}]')), 2::bigint,
          'a payment that keeps the same base leaves one segment per rate');
SELECT is(zeimu.late_charge_ledger(100800, '2025-01-31', '2025-06-30',
          '[{"date": "2025-03-15", "amount": 500}, {"date": "2025-06-30", "amount": 100300}]'), 3000::bigint,
          'and the same charge as paying in full');
-- what remains after a payment is under ¥2,000: its base is 0 (法20条の4の2②)
SELECT is((SELECT base FROM zeimu.late_charge_ledger_segments(100000, '2025-01-31', '2025-12-31',
          '[{"date": "2025-02-10", "amount": 98500}]') WHERE first_day = '2025-03-01'), 0::bigint,
          'a remainder of ¥1,500 gives no base');
-- a payment before the due date reduces the base from the start: 100,000 − 60,000 = 40,000
--   28 d × 2.4% on 40,000: 26880/365 = 73.64 → 73; 122 d × 8.7%: 424560/365 = 1163.18 → 1163; 1236 → ¥1,200
SELECT is(zeimu.late_charge_ledger(100000, '2025-01-31', '2025-06-30', '[{"date": "2025-01-20", "amount": 60000}]'),
          1200::bigint, 'a payment before the due date lowers the whole base');
-- over-payment: the principal never goes below 0
SELECT is(zeimu.late_charge_ledger(100000, '2025-01-31', '2025-06-30', '[{"date": "2025-01-20", "amount": 150000}]'),
          0::bigint, 'paid more than due before the due date: nothing');

-- reduced periods, ¥1,000,000 due 2025-01-31, as of 2025-06-30
--   02-01..02-28  28 d × 2.4%: 672000/365   =  1841.10 →  1841
--   03-01..04-30  61 d × 0.9%: 549000/365   =  1504.11 →  1504   (徴収猶予)
--   05-01..06-30  61 d × 8.7%: 5307000/365  = 14539.73 → 14539
--   17884 → ¥17,800
SELECT is(zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]',
          '[{"from": "2025-03-01", "to": "2025-04-30", "kind": "collection_deferral"}]'), 17800::bigint,
          '徴収猶予 is charged at the 猶予特例 rate 0.9%');
SELECT is(zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]',
          '[{"from": "2025-03-01", "to": "2025-04-30", "kind": "conversion_deferral"}]'), 17800::bigint,
          '換価猶予 likewise');
-- exempt: 1841 + 0 + 14539 = 16380 → ¥16,300
SELECT is(zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]',
          '[{"from": "2025-03-01", "to": "2025-04-30", "kind": "exempt"}]'), 16300::bigint,
          'an exempt period is not charged');
-- 執行停止 over the first month: 28 d × 0.9%: 252000/365 = 690.41 → 690;
--   03-01..06-30 122 d × 8.7%: 10614000/365 = 29079.45 → 29079; 29769 → ¥29,700
SELECT is(zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]',
          '[{"from": "2025-02-01", "to": "2025-02-28", "kind": "suspension"}]'), 29700::bigint,
          '執行停止 lowers the first-month rate too');

-- 減免 50% from 2025-05-01 to 06-30: 1841 + 14539 (03-01..04-30 at 8.7%) + 14539 × 50% = 7269.5 → 7269
--   = 23649 → ¥23,600
SELECT is(zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]', '[]',
          '[{"from": "2025-05-01", "to": "2025-06-30", "percent": 50}]'), 23600::bigint,
          '減免 of 50% halves the segments in its period');
SELECT is(zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]', '[]',
          '[{"from": "2025-01-01", "to": "2025-12-31", "percent": 100}]'), 0::bigint, '減免 of 100%: nothing');

-- bad input
SELECT throws_ok($$SELECT zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]',
          '[{"from": "2025-03-01", "to": "2025-04-30", "kind": "holiday"}]')$$, '22023',
          'unknown reduced-period kind "holiday"', 'an unknown kind is rejected (22023)');
SELECT throws_ok($$SELECT zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]',
          '[{"from": "2025-04-30", "to": "2025-03-01", "kind": "exempt"}]')$$, '22023',
          'reduced period ends before it starts', 'a period ending before it starts is rejected (22023)');
SELECT throws_ok($$SELECT zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[]', '[]',
          '[{"from": "2025-05-01", "to": "2025-06-30", "percent": 101}]')$$, '22003',
          'remission percentage is out of range', 'a remission over 100% is rejected (22003)');
SELECT throws_ok($$SELECT zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[{"date": "2025-03-01", "amount": -5}]')$$,
          '22003', 'payment amount must not be negative', 'a negative payment is rejected (22003)');
SELECT throws_ok($$SELECT zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-06-30', '[{"date": "2025-03-01"}]')$$,
          '22004', 'a value is missing in the payment amounts', 'a payment with no amount is rejected (22004)');
SELECT is(zeimu.late_charge_ledger(1000000, '2025-01-31', '2025-01-31'), 0::bigint, 'as of the due date: nothing');

SELECT * FROM finish();
ROLLBACK;
