-- collection: 消滅時効 (地方税法第18条, 18条の2; 民法第143条・148条・152条),
-- 執行停止 3 years (法15条の7④⑤), and the 督促 deadline (法329条①, 371条①).
-- Periods counted by 民法143条: N months from the first counted day end on
-- the day before its corresponding day, or the month's last day.
BEGIN;
SELECT plan(29);

-- 法定納期限 2020-05-31 → 起算 2020-06-01 → 60 months → 応当日 2025-06-01 → last day 2025-05-31
SELECT results_eq($$SELECT last_day, extinguished_on, ground FROM zeimu.prescription_date('2020-05-31')$$,
	$$VALUES ('2025-05-31'::date, '2025-06-01'::date, 'prescription'::text)$$, '5 years from the day after the 法定納期限');
-- 法定納期限 2023-02-28 → 起算 03-01 → 応当日 2028-03-01 → 2028-02-29 (leap year)
SELECT is((zeimu.prescription_date('2023-02-28')).last_day, '2028-02-29'::date, 'a period starting 03-01 ends on 02-29 of a leap year');
-- 督促 sent 2020-07-10: 10th day counted from sending is 07-19; runs again from 07-20 → 2025-07-19
SELECT is((zeimu.prescription_date('2020-05-31', '[{"kind": "dunning", "date": "2020-07-10"}]')).last_day,
	'2025-07-19'::date, '督促 renews: 5 years from the 11th day after sending (法18条の2①二)');
-- then 承認 2022-03-15: runs again from 03-16 → 2027-03-15
SELECT is((zeimu.prescription_date('2020-05-31',
	'[{"kind": "acknowledgement", "date": "2022-03-15"}, {"kind": "dunning", "date": "2020-07-10"}]')).last_day,
	'2027-03-15'::date, '承認 renews again (events in any order)');
-- 承認 on the last day 2025-05-31 still renews: from 2025-06-01 → 2030-05-31
SELECT is((zeimu.prescription_date('2020-05-31', '[{"kind": "acknowledgement", "date": "2025-05-31"}]')).last_day,
	'2030-05-31'::date, 'a renewal on the last day counts');
-- 承認 on 2025-06-01, a day late: no revival (法18条②)
SELECT is((zeimu.prescription_date('2020-05-31', '[{"kind": "acknowledgement", "date": "2025-06-01"}]')).last_day,
	'2025-05-31'::date, 'a renewal after extinction has no effect');
SELECT matches((zeimu.prescription_date('2020-05-31', '[{"kind": "acknowledgement", "date": "2025-06-01"}]')).explanation,
	'after the right was extinguished, no effect', 'and the explanation says so');
-- 差押 2021-04-01 ended 2021-09-30: runs again from 10-01 → 2026-09-30
SELECT is((zeimu.prescription_date('2020-05-31', '[{"kind": "seizure", "date": "2021-04-01", "end": "2021-09-30"}]')).last_day,
	'2026-09-30'::date, '差押 renews when it ends (民法148条②)');
-- 差押 still in force: no date
SELECT results_eq($$SELECT last_day, ground FROM zeimu.prescription_date('2020-05-31', '[{"kind": "seizure", "date": "2021-04-01"}]')$$,
	$$VALUES (NULL::date, 'suspended_by_seizure'::text)$$, 'a seizure in force suspends completion');
-- 執行停止 2021-04-01: 3 years counted from 04-02 → 応当日 2024-04-02 → last day 2024-04-01 (before 2025-05-31)
SELECT results_eq($$SELECT last_day, extinguished_on, ground FROM zeimu.prescription_date('2020-05-31', '[{"kind": "suspension", "date": "2021-04-01"}]')$$,
	$$VALUES ('2024-04-01'::date, '2024-04-02'::date, 'suspension_3_years'::text)$$, '3 years of 執行停止 extinguish (法15条の7④)');
-- revoked 2022-01-15: prescription as without it
SELECT results_eq($$SELECT last_day, ground FROM zeimu.prescription_date('2020-05-31', '[{"kind": "suspension", "date": "2021-04-01", "end": "2022-01-15"}]')$$,
	$$VALUES ('2025-05-31'::date, 'prescription'::text)$$, 'a revoked 執行停止 does not extinguish');
-- 執行停止 2023-01-10 would end 2026-01-10, after prescription on 2025-05-31
SELECT results_eq($$SELECT last_day, ground FROM zeimu.prescription_date('2020-05-31', '[{"kind": "suspension", "date": "2023-01-10"}]')$$,
	$$VALUES ('2025-05-31'::date, 'prescription'::text)$$, 'prescription comes first when it completes first');
-- 即時消滅 2022-08-01
SELECT results_eq($$SELECT last_day, extinguished_on, ground FROM zeimu.prescription_date('2020-05-31', '[{"kind": "immediate_extinction", "date": "2022-08-01"}]')$$,
	$$VALUES ('2022-07-31'::date, '2022-08-01'::date, 'immediate_extinction'::text)$$, '即時消滅 (法15条の7⑤)');
-- an event on the 法定納期限 itself: no effect
SELECT is((zeimu.prescription_date('2020-05-31', '[{"kind": "acknowledgement", "date": "2020-05-31"}]')).last_day,
	'2025-05-31'::date, 'an event on the 法定納期限 has no effect');

-- 徴収猶予 / 換価猶予: the period does not run while it lasts (法18条の2④).
-- 2024-02-01..03-31 = 29 + 31 = 60 days (leap February): 2025-05-31 + 60 days = 2025-07-30
SELECT results_eq($$SELECT last_day, ground FROM zeimu.prescription_date('2020-05-31', '[{"kind": "deferral", "date": "2024-02-01", "end": "2024-03-31"}]')$$,
	$$VALUES ('2025-07-30'::date, 'prescription'::text)$$, 'a 60-day 猶予 (leap February) moves the end by 60 days');
SELECT throws_ok($$SELECT zeimu.prescription_date('2020-05-31', '[{"kind": "deferral", "date": "2024-02-01"}]')$$,
	'22004', 'event 1 (deferral) has no end', 'a 猶予 without its end (22004)');
-- 参加差押 ended 2022-02-28: runs again from 03-01 (a month start), 60 months → 2027-02-28
SELECT results_eq($$SELECT last_day, explanation LIKE '%参加差押 ended 2022-02-28%' FROM zeimu.prescription_date('2020-05-31', '[{"kind": "participating_seizure", "date": "2021-01-05", "end": "2022-02-28"}]')$$,
	$$VALUES ('2027-02-28'::date, true)$$, '参加差押 renews when it ends, like a 差押');
-- 交付要求 ended 2023-02-28: from 2023-03-01, 60 months → 2028-02-29 (leap)
SELECT is((zeimu.prescription_date('2020-05-31', '[{"kind": "demand_for_delivery", "date": "2021-06-01", "end": "2023-02-28"}]')).last_day,
	'2028-02-29'::date, '交付要求 ended 2023-02-28: the new period ends on the leap day 2028-02-29');
SELECT results_eq($$SELECT last_day, ground FROM zeimu.prescription_date('2020-05-31', '[{"kind": "demand_for_delivery", "date": "2021-06-01"}]')$$,
	$$VALUES (NULL::date, 'suspended_by_seizure'::text)$$, 'a 交付要求 in force: no end date');

SELECT throws_ok($$SELECT zeimu.prescription_date('2020-05-31', '[{"kind": "phone_call", "date": "2021-01-01"}]')$$,
	'22023', 'unknown prescription event kind "phone_call"', 'an unknown kind is rejected (22023)');
SELECT throws_ok($$SELECT zeimu.prescription_date('2020-05-31', '[{"kind": "dunning"}]')$$,
	'22004', 'event 1 has no kind or no date', 'an event with no date is rejected (22004)');
SELECT throws_ok($$SELECT zeimu.prescription_date('2020-05-31', '[{"kind": "seizure", "date": "2021-04-01", "end": "2021-03-01"}]')$$,
	'22023', 'event 1 ends before it starts', 'an event ending before it starts is rejected (22023)');
SELECT throws_ok($$SELECT zeimu.prescription_date(NULL)$$, '22004', 'statutory due date is required', 'no 法定納期限 (22004)');
SELECT throws_ok($$SELECT zeimu.prescription_date('2020-05-31', '{"kind": "dunning"}')$$, '22023',
	'events must be a JSON array', 'events not in an array (22023)');

-- 督促: 納期限 + 20 days
SELECT is(zeimu.dunning_deadline('2025-05-31'), '2025-06-20'::date, '督促 within 20 days after the 納期限 (法329条①)');
SELECT is(zeimu.dunning_deadline('2025-12-25'), '2026-01-14'::date, 'across the year end: 12-25 + 20 = 01-14');
-- 2024-02-10 + 20: Feb 2024 has 29 days → 02-29 is +19 → 03-01
SELECT is(zeimu.dunning_deadline('2024-02-10'), '2024-03-01'::date, 'leap February');
INSERT INTO zeimu.collection_period_rule VALUES ('131059', 'dunning_deadline_days', '2000-01-01', NULL, 30, 'test: 条例 30 days (329条③)');
SELECT is(zeimu.dunning_deadline('2025-05-31', '131059'), '2025-06-30'::date, 'a municipality''s 条例 period');
SELECT throws_ok($$SELECT zeimu.dunning_deadline('infinity')$$, '22008', 'due date is out of range', 'infinity is rejected (22008)');

SELECT * FROM finish();
ROLLBACK;
