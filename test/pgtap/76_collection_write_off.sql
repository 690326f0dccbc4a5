-- collection: 不納欠損 (write-off) with its legal ground and a second staff
-- member's approval.  Values by hand.
--
-- W1: 本税 ¥80,000, 法定納期限 = 納期限 2018-05-31, 督促 2018-07-10 (fee ¥100):
--   prescription restarts after the 10th day (法18条の2①二): from 07-20,
--   60 months → last day 2023-07-19, extinguished 2023-07-20.
--   延滞金 through 2023-07-19 (base 80,000; 365-day years):
--     2018-06-01..06-30  30 d × 2.6% = 62,400 / 365      =   170
--     2018-07-01..12-31 184 d × 8.9% = 7,120 × 184 / 365  = 3,589
--     2019             365 d × 8.9%                      = 7,120
--     2020             366 d × 8.9% = 7,120 × 366 / 365  = 7,139
--     2021             365 d × 8.8%                      = 7,040
--     2022             365 d × 8.7%                      = 6,960
--     2023-01-01..07-19 200 d × 8.7% = 6,960 × 200 / 365 = 3,813
--     sum 35,831 → 35,800 (truncated to ¥100)
-- W2: 本税 ¥20,000, 法定納期限 2018-05-31, 執行停止 2019-01-10: 3 years from
--   2019-01-11 → last day 2022-01-10, extinguished 2022-01-11 (法15条の7④),
--   before prescription (2023-05-31).
BEGIN;
SELECT plan(23);

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 5001, 'fixed_asset', 2018, 'W1', 1, '2018-05-31', '2018-05-31', 80000),
	('131130', 5002, 'fixed_asset', 2018, 'W2', 1, '2018-05-31', '2018-05-31', 20000),
	('131130', 5003, 'fixed_asset', 2018, 'W3', 1, '2018-05-31', '2018-05-31', 20000),
	('131130', 5004, 'fixed_asset', 2018, 'W4', 1, '2018-05-31', '2018-05-31', 20000);
CREATE TEMP TABLE inst AS
SELECT notice_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE lg_code::text = '131130';
GRANT SELECT ON inst TO PUBLIC;
INSERT INTO zeimu.collection_dunning (lg_code, installment_id, issued_on, deadline, fee)
SELECT '131130', id, '2018-07-10', '2018-06-20', 100 FROM inst WHERE k = 'W1';
SELECT zeimu.record_delinquency_event('131130', 5002, 'suspension', '2019-01-10');
-- W4: 執行停止 2020-01-10, 即時消滅 2020-06-01 (法15条の7⑤)
SELECT zeimu.record_delinquency_event('131130', 5004, 'suspension', '2020-01-10') AS susp4 \gset
SELECT zeimu.record_delinquency_event('131130', 5004, 'immediate_extinction', '2020-06-01', p_refers_to => :susp4);
SELECT zeimu.post_payment('131130', 'counter', 'T-W3', (SELECT id FROM inst WHERE k = 'W3'), 20000, '2018-05-31', '2018-05-31');

SELECT zeimu.register_staff('131130', 'WO-A', 'regress_wo_a', 'Clerk A', ARRAY['collection'], '{}', true);
SELECT zeimu.register_staff('131130', 'WO-B', 'regress_wo_b', 'Clerk B', ARRAY['delinquency'], '{}', true);
SELECT zeimu.register_staff('131130', 'WO-C', 'regress_wo_c', 'Counter clerk', ARRAY['counter'], '{}', true);

-- The retention hold check 未納 (unpaid_balance), evaluated for one person.
CREATE FUNCTION pg_temp.unpaid_hold(p_atena bigint) RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE r boolean;
BEGIN
	EXECUTE 'SELECT ' || (SELECT replace(replace(replace(expr, '{lg_code}', '''131130''::zeimu.lg_code'), '{atena_no}', p_atena::text), '{as_of}', '''2024-01-01''::date')
							FROM zeimu.retention_hold_check WHERE check_code = 'unpaid_balance') INTO r;
	RETURN r;
END $f$;
SELECT ok(pg_temp.unpaid_hold(5001), 'retention: W1 unpaid (80,000 + fee 100, nothing paid) holds person 5001');
SET LOCAL ROLE regress_wo_a;
SELECT throws_ok($$SELECT zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W1'), 'prescription', '2023-07-19')$$,
	'55000', format('the right to collect installment %s is not extinguished by prescription on 2023-07-19', (SELECT id FROM inst WHERE k = 'W1')),
	'on its last day (2023-07-19) the right still exists: refused (55000)');
SELECT throws_ok($$SELECT zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W1'), 'bankruptcy', '2023-07-20')$$,
	'22023', 'unknown write-off ground "bankruptcy"', 'a ground that is not in the law (22023)');
SELECT throws_ok($$SELECT zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W3'), 'prescription', '2030-01-01')$$,
	'55000', format('installment %s is paid: there is nothing to write off', (SELECT id FROM inst WHERE k = 'W3')),
	'a paid installment (55000)');
SELECT throws_ok($$SELECT zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W2'), 'prescription', '2022-06-01')$$,
	'55000', format('the right to collect installment %s is not extinguished by prescription on 2022-06-01', (SELECT id FROM inst WHERE k = 'W2')),
	'the wrong ground: W2 is extinguished by 執行停止, not yet by prescription (55000)');
SELECT throws_ok($$SELECT zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W2'), 'suspension_3_years', '2022-01-10')$$,
	'55000', format('the right to collect installment %s is not extinguished by suspension_3_years on 2022-01-10', (SELECT id FROM inst WHERE k = 'W2')),
	'執行停止 2019-01-10: on 2022-01-10 the 3 years are not complete (55000)');

CREATE TEMP TABLE ap (k text, id bigint);
GRANT ALL ON ap TO PUBLIC;
INSERT INTO ap SELECT 'W1', zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W1'), 'prescription', '2023-07-20');
INSERT INTO ap SELECT 'W2', zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W2'), 'suspension_3_years', '2022-01-11');
INSERT INTO ap SELECT 'W4', zeimu.request_write_off('131130', (SELECT id FROM inst WHERE k = 'W4'), 'immediate_extinction', '2020-06-01');
SELECT is((SELECT count(*) FROM ap WHERE id IS NOT NULL), 3::bigint, 'requests on the day the right is extinguished are accepted');
SELECT throws_ok($$SELECT zeimu.approve((SELECT id FROM ap WHERE k = 'W1'))$$, 'ZA001', 'self-approval is not allowed',
	'the requester cannot approve (ZA001)');
SELECT throws_ok($$SELECT zeimu.write_off('131130', (SELECT id FROM inst WHERE k = 'W1'), 'prescription', '2023-07-20', (SELECT id FROM ap WHERE k = 'W1'))$$,
	'ZA002', 'the operation is not approved yet', 'no write-off before the approval (ZA002)');
RESET ROLE;
SET LOCAL ROLE regress_wo_c;
SELECT throws_ok($$SELECT zeimu.approve((SELECT id FROM ap WHERE k = 'W1'))$$, '42501', 'access denied: the approver lacks the approving duty',
	'a counter clerk cannot approve a write-off (42501)');
RESET ROLE;
SET LOCAL ROLE regress_wo_b;
SELECT lives_ok($$SELECT zeimu.approve((SELECT id FROM ap WHERE k = 'W1'))$$, 'a second staff member approves');
SELECT lives_ok($$SELECT zeimu.approve((SELECT id FROM ap WHERE k = 'W2'))$$, 'and the second request');
SELECT lives_ok($$SELECT zeimu.approve((SELECT id FROM ap WHERE k = 'W4'))$$, 'and the third');
RESET ROLE;
SET LOCAL ROLE regress_wo_a;
SELECT throws_ok($$SELECT zeimu.write_off('131130', (SELECT id FROM inst WHERE k = 'W1'), 'prescription', '2023-07-21', (SELECT id FROM ap WHERE k = 'W1'))$$,
	'ZA005', 'the approval is for a different operation', 'the approval covers exactly the day approved (ZA005)');
CREATE TEMP TABLE wo AS
SELECT * FROM zeimu.write_off('131130', (SELECT id FROM inst WHERE k = 'W1'), 'prescription', '2023-07-20', (SELECT id FROM ap WHERE k = 'W1'));
SELECT results_eq($$SELECT reason, extinguished_on, principal, dunning_fee, late_charge, requested_by, approved_by FROM wo$$,
	$$VALUES ('prescription', '2023-07-20'::date, 80000::bigint, 100::bigint, 35800::bigint, 'WO-A', 'WO-B')$$,
	'written off: 本税 80,000, 督促手数料 100, 延滞金 35,800 to 欠損; requested by A, approved by B');
SELECT ok((SELECT article FROM wo) LIKE '%第18条%' AND (SELECT explanation FROM wo) LIKE '%2023-07-19%',
	'the row cites 法18条 and keeps the explanation');
SELECT results_eq($$SELECT principal, approval_id FROM zeimu.write_off('131130', (SELECT id FROM inst WHERE k = 'W1'), 'prescription', '2023-07-20', (SELECT id FROM ap WHERE k = 'W1'))$$,
	$$SELECT principal, approval_id FROM wo$$, 'idempotent: a second call returns the same write-off');
SELECT lives_ok($$SELECT zeimu.write_off('131130', (SELECT id FROM inst WHERE k = 'W2'), 'suspension_3_years', '2022-01-11', (SELECT id FROM ap WHERE k = 'W2'))$$,
	'W2 written off for 3 years of 執行停止');
SELECT results_eq($$SELECT reason, extinguished_on, principal FROM zeimu.write_off('131130', (SELECT id FROM inst WHERE k = 'W4'), 'immediate_extinction', '2020-06-01', (SELECT id FROM ap WHERE k = 'W4'))$$,
	$$VALUES ('immediate_extinction', '2020-06-01'::date, 20000::bigint)$$, 'W4 written off on the day of its 即時消滅 (法15条の7⑤)');
RESET ROLE;
SELECT ok(NOT pg_temp.unpaid_hold(5001), 'retention: once W1 is written off, 未納 no longer holds person 5001');

SELECT results_eq($$SELECT k, principal_written_off, principal_unpaid, status FROM zeimu.collection_installment_position p JOIN inst ON inst.id = p.installment_id ORDER BY k$$,
	$$VALUES ('W1', 80000::bigint, 0::bigint, 'written_off'), ('W2', 20000, 0, 'written_off'), ('W3', 0, 0, 'paid'),
	         ('W4', 20000, 0, 'written_off')$$,
	'the balances moved to 欠損');
-- a written-off installment is never dunned again
CREATE TEMP TABLE runs (issued int, skipped int, late int);
DO $$ DECLARE n integer; s integer; l integer;
BEGIN CALL zeimu.issue_dunning('131130', '2022-02-01', n, s, l); INSERT INTO runs VALUES (n, s, l); END $$;
SELECT results_eq($$SELECT r.issued, r.skipped, s.reason FROM runs r, zeimu.collection_dunning_skip s JOIN inst ON inst.id = s.installment_id WHERE inst.k = 'W2'$$,
	$$VALUES (0, 2, 'written_off')$$, 'the 督促 run skips W2 and W4: written_off');
SELECT throws_ok($$UPDATE zeimu.collection_write_off SET principal = 0$$, '42501',
	'collection_write_off rows are records and cannot be changed or deleted', 'a write-off cannot be edited (42501)');

SELECT * FROM finish();
ROLLBACK;
