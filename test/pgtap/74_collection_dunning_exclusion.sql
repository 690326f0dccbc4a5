-- collection: exclusions of the 督促 run, the skip list, the 20-day deadline
-- (法329条①, 371条①) and 催告 rounds.  Values by hand.
--
-- Every installment below: 本税 ¥10,000, 納期限 = 法定納期限 = 2025-04-30,
-- so the 督促 deadline is 04-30 + 20 days = 2025-05-20.
BEGIN;
SELECT plan(32);

INSERT INTO zeimu.collection_dunning_fee VALUES ('131130', '2000-04-01', 100, 'test 条例: ¥100');
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 3001, 'fixed_asset', 2025, 'X1', 1, '2025-04-30', '2025-04-30', 10000),  -- nothing: dunned
	('131130', 3002, 'fixed_asset', 2025, 'X2', 1, '2025-04-30', '2025-04-30', 10000),  -- 督促停止 (lifted 06-01)
	('131130', 3003, 'fixed_asset', 2025, 'X3', 1, '2025-04-30', '2025-04-30', 10000),  -- 返戻
	('131130', 3004, 'fixed_asset', 2025, 'X4', 1, '2025-04-30', '2025-04-30', 10000),  -- 徴収猶予
	('131130', 3005, 'fixed_asset', 2025, 'X5', 1, '2025-04-30', '2025-04-30', 10000),  -- 換価猶予
	('131130', 3006, 'fixed_asset', 2025, 'X6', 1, '2025-04-30', '2025-04-30', 10000),  -- 分納誓約
	('131130', 3007, 'fixed_asset', 2025, 'X7', 1, '2025-04-30', '2025-04-30', 10000),  -- 差押 covers it
	('131130', 3007, 'fixed_asset', 2025, 'X7', 2, '2025-04-30', '2025-04-30', 10000),  -- same person, not covered: dunned
	('131130', 3008, 'fixed_asset', 2025, 'X8', 1, '2025-04-30', '2025-04-30', 10000),  -- 執行停止
	('131130', 3009, 'fixed_asset', 2025, 'X9', 1, '2025-04-30', '2025-04-30', 10000),  -- 差押 released 05-15: dunned
	-- the deadline run of 2025-06-20
	('131130', 3010, 'fixed_asset', 2025, 'Y', 1, '2025-05-31', '2025-05-31', 10000),   -- deadline 06-20: on the day
	('131130', 3010, 'fixed_asset', 2025, 'Z', 1, '2025-05-30', '2025-05-30', 10000),   -- deadline 06-19: 1 day late
	('131130', 3010, 'fixed_asset', 2025, 'W', 1, '2025-06-01', '2025-06-01', 10000);   -- deadline 06-21: early
CREATE TEMP TABLE inst AS
SELECT notice_no || '/' || period_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE lg_code::text = '131130';

SELECT zeimu.place_dunning_hold('131130', 3002, 'dunning_stop', '2025-05-01', '分納相談中 (窓口)') AS hold_x2 \gset
SELECT zeimu.place_dunning_hold('131130', 3003, 'returned_notice', '2025-05-10', '納税通知書 返戻 (転居先不明)',
	(SELECT id FROM inst WHERE k = 'X3/1'));
SELECT zeimu.record_delinquency_event('131130', 3004, 'collection_deferral', '2025-05-01', '2025-10-31');
SELECT zeimu.record_delinquency_event('131130', 3005, 'conversion_deferral', '2025-05-01', '2026-04-30');
SELECT zeimu.record_delinquency_event('131130', 3006, 'pledge', '2025-05-02', p_schedule =>
	'[{"date": "2025-05-31", "amount": 5000}, {"date": "2025-06-30", "amount": 5000}]');
SELECT zeimu.record_delinquency_event('131130', 3007, 'seizure', '2025-05-12',
	p_installment_ids => ARRAY[(SELECT id FROM inst WHERE k = 'X7/1')], p_property_type => 'deposit', p_amount => 10000);
SELECT zeimu.record_delinquency_event('131130', 3008, 'suspension', '2025-05-01');
SELECT zeimu.record_delinquency_event('131130', 3009, 'seizure', '2025-05-01', p_property_type => 'salary', p_amount => 8000) AS seize_x9 \gset
SELECT zeimu.record_delinquency_event('131130', 3009, 'release', '2025-05-15', p_refers_to => :seize_x9);

CREATE TEMP TABLE runs (run text, issued int, skipped int, late int);
DO $$
DECLARE n integer; s integer; l integer;
BEGIN
	CALL zeimu.issue_dunning('131130', '2025-05-20', n, s, l);
	INSERT INTO runs VALUES ('05-20', n, s, l);
	CALL zeimu.issue_dunning('131130', '2025-05-20', n, s, l);
	INSERT INTO runs VALUES ('05-20 again', n, s, l);
END
$$;

-- 05-20: X1, X7/2, X9 issued; X2..X8 but X7/2 skipped (7); 05-20 is the deadline itself: not late
SELECT results_eq($$SELECT issued, skipped, late FROM runs WHERE run = '05-20'$$, $$VALUES (3, 7, 0)$$,
	'3 issued, 7 excluded, none after the deadline (05-20 = 04-30 + 20)');
SELECT results_eq($$SELECT i.k FROM zeimu.collection_dunning d JOIN inst i ON i.id = d.installment_id ORDER BY i.k$$,
	$$VALUES ('X1/1'), ('X7/2'), ('X9/1')$$, 'dunned: the plain one, the one the seizure does not cover, the one whose seizure was released');
SELECT results_eq($$SELECT i.k, s.reason FROM zeimu.collection_dunning_skip s JOIN inst i ON i.id = s.installment_id
	WHERE s.run_kind = 'dunning' AND s.run_date = '2025-05-20' ORDER BY i.k$$,
	$$VALUES ('X2/1', 'dunning_stop'), ('X3/1', 'returned_notice'), ('X4/1', 'collection_deferral'),
	         ('X5/1', 'conversion_deferral'), ('X6/1', 'pledge'), ('X7/1', 'seizure'), ('X8/1', 'suspension')$$,
	'the skip list names each excluded installment and its reason');
SELECT ok((SELECT detail FROM zeimu.collection_dunning_skip s JOIN inst i ON i.id = s.installment_id
	WHERE s.run_date = '2025-05-20' AND i.k = 'X4/1') LIKE '%法329条②%', 'the 徴収猶予 skip cites 法329条②');
SELECT ok((SELECT detail FROM zeimu.collection_dunning_skip s JOIN inst i ON i.id = s.installment_id
	WHERE s.run_date = '2025-05-20' AND i.k = 'X2/1') LIKE '%分納相談中%', 'the hold skip carries the clerk''s reason');
SELECT results_eq($$SELECT issued, skipped, late FROM runs WHERE run = '05-20 again'$$, $$VALUES (0, 7, 0)$$,
	'the same run again issues nothing (idempotent); the skips are seen again');
SELECT is((SELECT count(*) FROM zeimu.collection_dunning_skip WHERE run_date = '2025-05-20'), 7::bigint,
	'the skip list has one line per installment and run day');
SELECT is((SELECT count(*) FROM zeimu.collection_dunning_late), 0::bigint, 'nothing late yet');

-- 20-day deadline (法329条①): not moved off holidays; leap year
SELECT is(zeimu.dunning_deadline('2024-02-10'), '2024-03-01'::date, 'leap year: 2024-02-10 + 20 = 03-01 (02-29 counted)');
SELECT is(zeimu.dunning_deadline('2025-02-10'), '2025-03-02'::date, 'common year: 2025-02-10 + 20 = 03-02');

-- X9 is paid on 05-25; X2's 督促停止 is lifted from 06-01
SELECT zeimu.post_payment('131130', 'counter', 'T-X9', (SELECT id FROM inst WHERE k = 'X9/1'), 10100, '2025-05-25', '2025-05-25');
SELECT zeimu.lift_dunning_hold('131130', :hold_x2, '2025-06-01');
SELECT is((zeimu.installment_exclusion('131130', (SELECT id FROM inst WHERE k = 'X2/1'), '2025-05-31')).reason, 'dunning_stop',
	'the hold is in force on its last day (05-31)');
SELECT is((zeimu.installment_exclusion('131130', (SELECT id FROM inst WHERE k = 'X2/1'), '2025-06-01')).reason, NULL,
	'and not from the day it is lifted (06-01)');

DO $$
DECLARE n integer; s integer; l integer;
BEGIN
	CALL zeimu.issue_dunning('131130', '2025-06-20', n, s, l);
	INSERT INTO runs VALUES ('06-20', n, s, l);
END
$$;
-- 06-20: Y (deadline 06-20), Z (06-19), W (06-21), X2 (05-20) issued = 4; late: Z and X2 = 2; skipped X3..X8 but X7/2 = 6
SELECT results_eq($$SELECT issued, skipped, late FROM runs WHERE run = '06-20'$$, $$VALUES (4, 6, 2)$$,
	'06-20: four issued, two of them after their deadline, six still excluded');
SELECT results_eq($$SELECT notice_no, deadline, issued_on, days_late FROM zeimu.collection_dunning_late ORDER BY notice_no$$,
	$$VALUES ('X2', '2025-05-20'::date, '2025-06-20'::date, 31), ('Z', '2025-06-19', '2025-06-20', 1)$$,
	'late 督促 are reported: X2 31 days (05-20 → 06-20), Z 1 day; Y on its deadline and W before it are not');

-- 催告: rule 10 days after the 督促, 30 days between rounds, 3 rounds
DO $$
DECLARE n integer; s integer;
BEGIN
	CALL zeimu.issue_reminders('131130', '2025-05-29', n, s);
	INSERT INTO runs VALUES ('r 05-29', n, s, NULL);
	CALL zeimu.issue_reminders('131130', '2025-05-30', n, s);
	INSERT INTO runs VALUES ('r 05-30', n, s, NULL);
	CALL zeimu.issue_reminders('131130', '2025-05-30', n, s);
	INSERT INTO runs VALUES ('r 05-30 again', n, s, NULL);
	CALL zeimu.issue_reminders('131130', '2025-06-28', n, s);
	INSERT INTO runs VALUES ('r 06-28', n, s, NULL);
	CALL zeimu.issue_reminders('131130', '2025-06-29', n, s);
	INSERT INTO runs VALUES ('r 06-29', n, s, NULL);
END
$$;
-- X1 and X7/2 dunned 05-20: round 1 from 05-20 + 10 = 05-30 (X9 paid: none)
SELECT results_eq($$SELECT issued, skipped FROM runs WHERE run = 'r 05-29'$$, $$VALUES (0, 0)$$, '05-29: one day early, nothing');
SELECT results_eq($$SELECT issued, skipped FROM runs WHERE run = 'r 05-30'$$, $$VALUES (2, 0)$$,
	'05-30 (督促 05-20 + 10 days): round 1 for X1 and X7/2; not for the paid X9');
SELECT results_eq($$SELECT issued, skipped FROM runs WHERE run = 'r 05-30 again'$$, $$VALUES (0, 0)$$, 'the same run again issues nothing');
-- round 2 from 05-30 + 30 = 06-29; those dunned 06-20 get round 1 from 06-30
SELECT results_eq($$SELECT issued FROM runs WHERE run = 'r 06-28'$$, $$VALUES (0)$$, '06-28: round 2 is not due yet');
SELECT results_eq($$SELECT issued FROM runs WHERE run = 'r 06-29'$$, $$VALUES (2)$$, '06-29 (05-30 + 30): round 2 for X1 and X7/2');
SELECT results_eq($$SELECT i.k, r.round, r.issued_on, r.principal_unpaid FROM zeimu.collection_reminder r JOIN inst i ON i.id = r.installment_id
	WHERE i.k = 'X1/1' ORDER BY r.round$$,
	$$VALUES ('X1/1', 1::smallint, '2025-05-30'::date, 10000::bigint), ('X1/1', 2::smallint, '2025-06-29'::date, 10000::bigint)$$,
	'X1: rounds 1 and 2 with the 本税 unpaid');

-- exclusions apply to reminders: X1's notice comes back (返戻) from 07-01
SELECT zeimu.place_dunning_hold('131130', 3001, 'returned_notice', '2025-07-01', '督促状 返戻');
DO $$
DECLARE n integer; s integer;
BEGIN
	CALL zeimu.issue_reminders('131130', '2025-07-29', n, s);
	INSERT INTO runs VALUES ('r 07-29', n, s, NULL);
	CALL zeimu.issue_reminders('131130', '2025-10-01', n, s);
	INSERT INTO runs VALUES ('r 10-01', n, s, NULL);
END
$$;
-- 07-29: round 3 of X1 (skipped: 返戻) and of X7/2 (06-29 + 30 = 07-29); round 1 of Y, Z, W, X2 (06-20 + 10 = 06-30)
SELECT results_eq($$SELECT issued, skipped FROM runs WHERE run = 'r 07-29'$$, $$VALUES (5, 1)$$,
	'07-29: X7/2 round 3 and four rounds 1 issued; X1 skipped');
SELECT results_eq($$SELECT s.round, s.reason FROM zeimu.collection_dunning_skip s JOIN inst i ON i.id = s.installment_id
	WHERE s.run_kind = 'reminder' AND i.k = 'X1/1' AND s.run_date = '2025-07-29'$$, $$VALUES (3::smallint, 'returned_notice')$$, 'the skip names round 3 and the reason');
-- 10-01: X7/2 has had 3 rounds (the maximum); Y, Z, W, X2 round 2 (07-29 + 30 = 08-28)
SELECT results_eq($$SELECT issued, skipped FROM runs WHERE run = 'r 10-01'$$, $$VALUES (4, 1)$$,
	'10-01: no fourth round for X7/2; round 2 for the four others; X1 still skipped');

-- another municipality: a 参加差押 excludes, a 交付要求 does not, a breached 分納誓約 no longer does
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131059', 3011, 'fixed_asset', 2025, 'X11', 1, '2025-04-30', '2025-04-30', 10000),
	('131059', 3012, 'fixed_asset', 2025, 'X12', 1, '2025-04-30', '2025-04-30', 10000),
	('131059', 3013, 'fixed_asset', 2025, 'X13', 1, '2025-04-30', '2025-04-30', 10000);
SELECT zeimu.record_delinquency_event('131059', 3011, 'participating_seizure', '2025-05-12', p_property_type => 'real_estate', p_amount => 500000);
SELECT zeimu.record_delinquency_event('131059', 3012, 'demand_for_delivery', '2025-05-12');
SELECT zeimu.record_delinquency_event('131059', 3013, 'pledge', '2025-05-02', p_schedule => '[{"date": "2025-06-30", "amount": 10000}]') AS pledge13 \gset
SELECT zeimu.record_delinquency_event('131059', 3013, 'pledge_breach', '2025-05-15', p_refers_to => :pledge13);
DO $$
DECLARE n integer; s integer; l integer;
BEGIN
	CALL zeimu.issue_dunning('131059', '2025-05-20', n, s, l);
	INSERT INTO runs VALUES ('131059 05-20', n, s, l);
END
$$;
SELECT results_eq($$SELECT issued, skipped FROM runs WHERE run = '131059 05-20'$$, $$VALUES (2, 1)$$,
	'X12 (交付要求) and X13 (pledge breached 05-15) dunned; X11 (参加差押) skipped');
SELECT results_eq($$SELECT s.atena_no, s.reason FROM zeimu.collection_dunning_skip s WHERE s.lg_code::text = '131059'$$,
	$$VALUES (3011::bigint, 'participating_seizure')$$, 'the 参加差押 is the reason');
SELECT results_eq($$SELECT state, pledges, pledge_in_force, pledge_breaches FROM zeimu.delinquency_case_state_on('2025-05-20') WHERE atena_no = 3013$$,
	$$VALUES ('open', 1::bigint, false, 1::bigint)$$, 'the breached pledge counts but is no longer in force');

-- errors
SELECT throws_ok($$SELECT zeimu.place_dunning_hold('131130', 3001, 'forever', '2025-07-01', 'x')$$, '22023',
	'unknown hold kind "forever"', 'unknown hold kind (22023)');
SELECT throws_ok($$SELECT zeimu.place_dunning_hold('131130', 3001, 'dunning_stop', '2025-07-01', ' ')$$, '22004',
	'municipality, person, kind, start and reason of the hold are required', 'a hold needs a reason (22004)');
SELECT throws_ok(format('SELECT zeimu.lift_dunning_hold(%L, %s, %L)', '131130', :hold_x2, '2025-07-01'), '55000',
	format('hold %s was already lifted', :hold_x2), 'a hold is lifted once (55000)');
SELECT throws_ok($$CALL zeimu.issue_reminders('000000', '2025-07-01')$$, '22023', 'a reminder run needs a municipality',
	'the national code is refused (22023)');
SELECT throws_ok($$CALL zeimu.issue_reminders('131130', 'infinity')$$, '22008', 'as-of date is out of range', 'infinity (22008)');
SELECT ok(has_function_privilege('zeimu_delinquency', 'zeimu.issue_reminders(zeimu.lg_code, date, integer, integer)', 'EXECUTE')
	AND NOT has_function_privilege('public', 'zeimu.issue_reminders(zeimu.lg_code, date, integer, integer)', 'EXECUTE'),
	'delinquency staff may run the reminders; PUBLIC may not');

SELECT * FROM finish();
ROLLBACK;
