-- collection: delinquency cases (滞納整理) as immutable events, the derived
-- state, and the events feeding the prescription of an installment.
-- Periods by 民法143条 (zeimu.civil_period_end), worked by hand below.
BEGIN;
SELECT plan(35);

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 4001, 'fixed_asset', 2019, 'P1', 1, '2019-05-31', '2019-05-31', 50000),
	('131130', 4002, 'fixed_asset', 2019, 'P2', 1, '2020-02-29', '2020-03-02', 50000),  -- leap day
	('131130', 4003, 'fixed_asset', 2020, 'P3', 1, '2020-04-30', '2020-04-30', 50000),
	('131130', 4004, 'fixed_asset', 2020, 'P4', 1, '2020-05-31', '2020-06-01', 50000),
	('131130', 4005, 'fixed_asset', 2021, 'P5', 1, '2021-04-30', '2021-04-30', 50000),
	('131130', 4006, 'fixed_asset', 2020, 'P6', 1, '2020-05-31', '2020-06-01', 50000),
	('131130', 4002, 'fixed_asset', 2019, 'P2', 2, '2020-02-29', '2020-03-02', 30000);  -- P2's second period, paid
CREATE TEMP TABLE inst AS
SELECT notice_no || '/' || period_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE lg_code::text = '131130';
SELECT zeimu.post_payment('131130', 'counter', 'T-P22', (SELECT id FROM inst WHERE k = 'P2/2'), 30000, '2020-03-01', '2020-03-01');

-- P1: 法定納期限 2019-05-31 → counted from 06-01, 60 months → 2024-05-31
SELECT is((zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P1/1'))).last_day, '2024-05-31'::date,
	'no event: 5 years from the day after the 法定納期限');
-- a 分納誓約 on 2021-03-10 acknowledges the debt (承認): from 03-11, 60 months → 2026-03-10
SELECT zeimu.record_delinquency_event('131130', 4001, 'pledge', '2021-03-10', p_schedule =>
	'[{"date": "2021-04-30", "amount": 25000}, {"date": "2021-05-31", "amount": 25000}]') AS pledge1 \gset
SELECT results_eq($$SELECT (r).last_day, (r).ground FROM (SELECT zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P1/1')) r) x$$,
	$$VALUES ('2026-03-10'::date, 'prescription')$$, 'a 分納誓約 renews as an acknowledgement: 2021-03-11 + 60 months - 1 day');
SELECT results_eq($$SELECT kind, end_date, installment_ids = ARRAY[(SELECT id FROM inst WHERE k = 'P1/1')] FROM zeimu.delinquency_event WHERE atena_no = 4001$$,
	$$VALUES ('pledge', '2021-05-31'::date, true)$$, 'the pledge ends with its last scheduled payment and covers the unpaid installment');
SELECT is((SELECT count(*) FROM zeimu.delinquency_case WHERE atena_no = 4001), 1::bigint, 'the first event opened the case');

-- P2: 法定納期限 2020-02-29 (leap) → from 03-01, a whole-month start: 60 months → 2025-02-28
SELECT is((zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P2/1'))).last_day, '2025-02-28'::date,
	'leap-day 法定納期限: from 2020-03-01, 60 months end on 2025-02-28');
-- a seizure on 2022-01-10 (of P2/1 only: P2/2 is paid on 2020-03-01)
SELECT zeimu.record_delinquency_event('131130', 4002, 'investigation', '2021-12-01', p_note => '預金照会 3行');
SELECT zeimu.record_delinquency_event('131130', 4002, 'seizure', '2022-01-10', p_property_type => 'deposit', p_amount => 42000) AS seize2 \gset
SELECT results_eq($$SELECT installment_ids = ARRAY[(SELECT id FROM inst WHERE k = 'P2/1')], article LIKE '%民法148条%'
	FROM zeimu.delinquency_event WHERE atena_no = 4002 AND kind = 'seizure'$$,
	$$VALUES (true, true)$$, 'the seizure covers the unpaid period only and cites its article');
SELECT results_eq($$SELECT (r).last_day, (r).ground FROM (SELECT zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P2/1')) r) x$$,
	$$VALUES (NULL::date, 'suspended_by_seizure')$$, 'while the seizure lasts, prescription cannot complete');
SELECT results_eq($$SELECT state, investigations, seizures, seizures_in_force, seized_amount_in_force FROM zeimu.delinquency_case_state_on('2022-02-01') WHERE atena_no = 4002$$,
	$$VALUES ('seized', 1::bigint, 1::bigint, 1::bigint, 42000::bigint)$$, 'state on 2022-02-01: seized, counters from the events');
SELECT results_eq($$SELECT state, seizures_in_force FROM zeimu.delinquency_case_state_on('2022-01-09') WHERE atena_no = 4002$$,
	$$VALUES ('investigating', 0::bigint)$$, 'the day before the seizure: investigating');
-- released 2023-06-15: renewed, runs from 06-16, 60 months → 2028-06-15
SELECT zeimu.record_delinquency_event('131130', 4002, 'release', '2023-06-15', p_refers_to => :seize2);
SELECT results_eq($$SELECT (r).last_day, (r).ground FROM (SELECT zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P2/1')) r) x$$,
	$$VALUES ('2028-06-15'::date, 'prescription')$$, 'released 2023-06-15: renewed from 06-16 → 2028-06-15');
SELECT results_eq($$SELECT state, seizures, seizures_in_force FROM zeimu.delinquency_case_state_on('2023-06-15') WHERE atena_no = 4002$$,
	$$VALUES ('investigating', 1::bigint, 0::bigint)$$, 'on the release day the seizure is no longer in force; it still counts');
SELECT throws_ok(format('SELECT zeimu.record_delinquency_event(%L, 4002, %L, %L, p_refers_to => %s)', '131130', 'release', '2023-07-01', :seize2),
	'55000', format('event %s is no longer in force on 2023-07-01', :seize2), 'a measure is released once (55000)');

-- P3: 法定納期限 2020-04-30 → 2025-04-30; 徴収猶予 2021-01-01..2021-12-31 (365 days) stops it (法18条の2④):
-- 2025-04-30 + 365 days = 2026-04-30
SELECT zeimu.record_delinquency_event('131130', 4003, 'collection_deferral', '2021-01-01', '2021-12-31');
SELECT is((zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P3/1'))).last_day, '2026-04-30'::date,
	'a 365-day 徴収猶予 moves the end by 365 days');
SELECT throws_ok($$SELECT zeimu.record_delinquency_event('131130', 4003, 'pledge', '2022-03-01', p_schedule => '[{"date": "2022-02-28", "amount": 5000}]')$$,
	'22023', 'the pledge schedule starts before the pledge', 'a pledged payment before the pledge (22023)');
SELECT results_eq($$SELECT state, deferral_in_force FROM zeimu.delinquency_case_state_on('2021-12-31') WHERE atena_no = 4003$$,
	$$VALUES ('deferred', 'collection_deferral')$$, 'deferred on its last day');
SELECT results_eq($$SELECT state, deferral_in_force FROM zeimu.delinquency_case_state_on('2022-01-01') WHERE atena_no = 4003$$,
	$$VALUES ('open', NULL::text)$$, 'open again the day after');
-- a 猶予 longer than 1 year is refused: from 2022-01-01 the longest is to 2022-12-31
SELECT throws_ok($$SELECT zeimu.record_delinquency_event('131130', 4003, 'collection_deferral', '2022-01-01', '2023-01-01')$$,
	'22023', 'a collection_deferral is granted for at most 12 months', '徴収猶予 over 1 year (法15条) is refused (22023)');
SELECT lives_ok($$SELECT zeimu.record_delinquency_event('131130', 4003, 'collection_deferral', '2022-01-01', '2022-12-31')$$,
	'exactly 1 year (2022-01-01..12-31) is accepted');

-- P4: 執行停止 2021-04-01 → 3 years from 04-02: 36 months end 2024-04-01 (法15条の7④),
-- before prescription (2025-05-31)
SELECT zeimu.record_delinquency_event('131130', 4004, 'suspension', '2021-04-01');
SELECT results_eq($$SELECT (r).last_day, (r).extinguished_on, (r).ground FROM (SELECT zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P4/1')) r) x$$,
	$$VALUES ('2024-04-01'::date, '2024-04-02'::date, 'suspension_3_years')$$, '3 years of 執行停止 extinguish on 2024-04-02');
SELECT results_eq($$SELECT state, suspended, suspended_since FROM zeimu.delinquency_case_state_on('2022-01-01') WHERE atena_no = 4004$$,
	$$VALUES ('suspended', true, '2021-04-01'::date)$$, 'the case is suspended');

-- P6: 執行停止 2021-04-01 revoked 2022-04-01 (法15条の8): prescription as without it (2020-05-31 → 2025-05-31)
SELECT zeimu.record_delinquency_event('131130', 4006, 'suspension', '2021-04-01') AS susp6 \gset
SELECT zeimu.record_delinquency_event('131130', 4006, 'release', '2022-04-01', p_refers_to => :susp6);
SELECT results_eq($$SELECT (r).last_day, (r).ground FROM (SELECT zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P6/1')) r) x$$,
	$$VALUES ('2025-05-31'::date, 'prescription')$$, 'a revoked 執行停止 does not extinguish');

-- reduced periods for the 延滞金 (猶予特例 rate): P6's 執行停止 2021-04-01, revoked 2022-04-01
SELECT results_eq($$SELECT reduced_from, reduced_to, reduced_kind FROM zeimu.installment_reduced_periods('131130', (SELECT id FROM inst WHERE k = 'P6/1'), '2021-12-31')$$,
	$$VALUES (ARRAY['2021-04-01']::date[], ARRAY['2021-12-31']::date[], ARRAY['suspension'])$$,
	'a 執行停止 open on the as-of day runs to it');
-- 延滞金 of P6 (¥50,000, 納期限 2020-06-01) through 2021-12-31 with that period:
--   2020-06-02..07-01  30 d × 2.6% = 39,000 / 365      =   106
--   2020-07-02..12-31 183 d × 8.9% = 4,450 × 183 / 365 = 2,231
--   2021-01-01..03-31  90 d × 8.8% = 4,400 × 90 / 365  = 1,084
--   2021-04-01..12-31 275 d × 1.0% (猶予特例 2021) = 500 × 275 / 365 = 376
--   3,797 → 3,700 (without the 執行停止 the last segment alone is 4,400 × 275 / 365 = 3,315)
SELECT is((SELECT zeimu.late_charge_ledger_kernel(50000, '2020-06-01', '2021-12-31', '{}', '{}', r.reduced_from, r.reduced_to, r.reduced_kind,
		'{}', '{}', '{}', '131130') FROM zeimu.installment_reduced_periods('131130', (SELECT id FROM inst WHERE k = 'P6/1'), '2021-12-31') r),
	3700::bigint, 'the 執行停止 period is charged at the 猶予特例 rate: 3,797 → 3,700');
SELECT is(zeimu.installment_late_charge('131130', (SELECT id FROM inst WHERE k = 'P6/1'), '2021-12-31'), 3700::bigint,
	'the ledger''s 延滞金 takes the 執行停止 from the events: 3,700, not 106 + 2,231 + 1,084 + 3,315 = 6,736 → 6,700');

-- P5: 執行停止 2022-01-10, 即時消滅 2022-06-01 (法15条の7⑤)
SELECT zeimu.record_delinquency_event('131130', 4005, 'suspension', '2022-01-10') AS susp5 \gset
SELECT throws_ok($$SELECT zeimu.record_delinquency_event('131130', 4005, 'immediate_extinction', '2022-06-01')$$,
	'22004', 'a immediate_extinction must name the event it refers to', '即時消滅 names its 執行停止 (22004)');
SELECT zeimu.record_delinquency_event('131130', 4005, 'immediate_extinction', '2022-06-01', p_refers_to => :susp5);
SELECT results_eq($$SELECT (r).extinguished_on, (r).ground FROM (SELECT zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE k = 'P5/1')) r) x$$,
	$$VALUES ('2022-06-01'::date, 'immediate_extinction')$$, '即時消滅 extinguishes on its day');
SELECT results_eq($$SELECT state FROM zeimu.delinquency_case_state_on('2022-06-01') WHERE atena_no = 4005$$,
	$$VALUES ('extinguished')$$, 'the case state is extinguished');

-- conversion and distribution of a seized property
SELECT zeimu.record_delinquency_event('131130', 4001, 'seizure', '2022-02-01', p_property_type => 'vehicle', p_amount => 300000) AS seize1 \gset
SELECT zeimu.record_delinquency_event('131130', 4001, 'conversion', '2022-05-10', p_refers_to => :seize1, p_amount => 120000) AS conv1 \gset
SELECT zeimu.record_delinquency_event('131130', 4001, 'distribution', '2022-05-31', p_refers_to => :conv1, p_amount => 50000);
SELECT results_eq($$SELECT converted_amount, distributed_amount, seizures, seizures_in_force FROM zeimu.delinquency_case_state_on('2022-06-01') WHERE atena_no = 4001$$,
	$$VALUES (120000::bigint, 50000::bigint, 1::bigint, 0::bigint)$$, '換価 ends the seizure; proceeds and 配当 are summed');

-- events are immutable
SELECT throws_ok($$UPDATE zeimu.delinquency_event SET amount = 1 WHERE atena_no = 4001$$, '42501',
	'delinquency_event rows are records and cannot be changed or deleted', 'an event cannot be edited (42501)');
SELECT throws_ok($$DELETE FROM zeimu.delinquency_event WHERE atena_no = 4001$$, '42501',
	'delinquency_event rows are records and cannot be changed or deleted', 'nor deleted outside the retention purge');

-- bad input
SELECT throws_ok($$SELECT zeimu.record_delinquency_event('131130', 4001, 'auction', '2022-01-01')$$, '22023',
	'unknown delinquency event kind "auction"', 'unknown kind (22023)');
SELECT throws_ok($$SELECT zeimu.record_delinquency_event('131130', 4001, 'seizure', '2022-01-01')$$, '22004',
	'a seizure needs the property type and its amount', 'a seizure without property type and amount (22004)');
SELECT throws_ok($$SELECT zeimu.record_delinquency_event('131130', 4001, 'pledge', '2022-01-01', p_schedule => '[{"date": "2022-02-01", "amount": -5}]')$$,
	'22023', 'the pledge schedule has 1 bad line(s)', 'a pledge line with a negative amount (22023)');
SELECT throws_ok($$SELECT zeimu.record_delinquency_event('131130', 4001, 'seizure', '2022-01-01', p_installment_ids => ARRAY[(SELECT id FROM inst WHERE k = 'P3/1')], p_property_type => 'deposit', p_amount => 1)$$,
	'22023', format('installment %s is not one of this person''s', (SELECT id FROM inst WHERE k = 'P3/1')),
	'another person''s installment (22023)');
SELECT throws_ok(format('SELECT zeimu.record_delinquency_event(%L, 4001, %L, %L, p_refers_to => %s)', '131130', 'release', '2022-01-31', :seize1),
	'22023', 'the release is dated before the event it refers to', 'a release dated before its seizure (22023)');

SELECT * FROM finish();
ROLLBACK;
