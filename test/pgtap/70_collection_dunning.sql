-- collection: the 督促 run (zeimu.issue_dunning; 法329条①, 371条①).
BEGIN;
SELECT plan(18);

INSERT INTO zeimu.collection_dunning_fee VALUES ('131130', '2000-04-01', 100, 'test 条例: ¥100');
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 1, '2025-01-31', '2025-01-31', 100000),  -- A unpaid
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 2, '2025-01-31', '2025-01-31', 100000),  -- B paid on time
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 3, '2025-03-31', '2025-03-31', 100000),  -- C due later
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 4, '2025-01-31', '2025-01-31', 100000),  -- D part-paid
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 5, '2025-01-31', '2025-01-31', 100000),  -- E paid late, before the run
	('131041', 2001, 'fixed_asset', 2024, 'S-1', 1, '2025-01-31', '2025-01-31', 100000);  -- F another municipality
CREATE TEMP TABLE inst AS
SELECT lg_code::text AS lg, period_no AS p, installment_id AS id FROM zeimu.collection_installment;
SELECT zeimu.post_payment('131130', 'counter', 'T-B', (SELECT id FROM inst WHERE lg = '131130' AND p = 2), 100000, '2025-01-30', '2025-01-30');
SELECT zeimu.post_payment('131130', 'counter', 'T-D', (SELECT id FROM inst WHERE lg = '131130' AND p = 4), 50000, '2025-02-05', '2025-02-05');
SELECT zeimu.post_payment('131130', 'counter', 'T-E', (SELECT id FROM inst WHERE lg = '131130' AND p = 5), 100000, '2025-02-05', '2025-02-05');

CREATE TEMP TABLE runs (run int, issued int);
DO $$
DECLARE n integer; s integer; l integer;
BEGIN
	CALL zeimu.issue_dunning('131130', '2025-02-10', n, s, l);
	INSERT INTO runs VALUES (1, n);
	CALL zeimu.issue_dunning('131130', '2025-02-10', n, s, l);
	INSERT INTO runs VALUES (2, n);
	CALL zeimu.issue_dunning('131130', '2025-04-25', n, s, l);
	INSERT INTO runs VALUES (3, n);
END
$$;

-- run 1 on 2025-02-10: A (unpaid) and D (¥50,000 short); not B, E (paid), C (due 03-31), F (other city)
SELECT is((SELECT issued FROM runs WHERE run = 1), 2, 'the run dunned the two unpaid installments past due');
SELECT results_eq($$SELECT i.p::int, d.issued_on, d.deadline, d.fee FROM zeimu.collection_dunning d JOIN inst i ON i.id = d.installment_id
	WHERE d.issued_on = '2025-02-10' ORDER BY i.p$$,
	$$VALUES (1, '2025-02-10'::date, '2025-02-20'::date, 100::bigint), (4, '2025-02-10', '2025-02-20', 100)$$,
	'issued 02-10, deadline 01-31 + 20 days = 02-20, fee ¥100 of the 条例');
SELECT is((SELECT issued FROM runs WHERE run = 2), 0, 'the same run again issues nothing (idempotent)');
-- run 3 on 2025-04-25: C, due 03-31; deadline 03-31 + 20 = 04-20, so issued late (still valid)
SELECT is((SELECT issued FROM runs WHERE run = 3), 1, 'a later run dunns the next installment only');
SELECT results_eq($$SELECT d.deadline, d.issued_on > d.deadline FROM zeimu.collection_dunning d JOIN inst i ON i.id = d.installment_id
	WHERE i.lg = '131130' AND i.p = 3$$, $$VALUES ('2025-04-20'::date, true)$$, 'the deadline is kept; this one was issued after it');
SELECT is((SELECT count(*) FROM zeimu.collection_dunning d JOIN inst i ON i.id = d.installment_id WHERE i.lg = '131041'), 0::bigint,
	'another municipality is untouched');
SELECT is((SELECT count(*) FROM zeimu.collection_dunning d JOIN inst i ON i.id = d.installment_id WHERE i.p IN (2, 5)), 0::bigint,
	'paid installments are not dunned');

-- the fee is collected with the tax: A paid 2025-06-30 with ¥103,100 → 100,000 + 100 + 3,000 (184 + 2907 = 3091 → 3000)
SELECT zeimu.post_payment('131130', 'bank', 'T-A', (SELECT id FROM inst WHERE lg = '131130' AND p = 1), 103100, '2025-06-30', '2025-07-01');
SELECT results_eq($$SELECT principal_unpaid, dunning_fee, dunning_fee_paid, late_charge_paid, overpaid
	FROM zeimu.collection_installment_balance WHERE installment_id = (SELECT id FROM inst WHERE lg = '131130' AND p = 1)$$,
	$$VALUES (0::bigint, 100::bigint, 100::bigint, 3000::bigint, 0::bigint)$$, '督促手数料 and 延滞金 are paid after the 本税');

-- no fee row of the municipality: the national 0
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES ('131059', 3001, 'fixed_asset', 2024, 'B-1', 1, '2025-01-31', '2025-01-31', 5000);
CALL zeimu.issue_dunning('131059', '2025-02-10');
SELECT is((SELECT fee FROM zeimu.collection_dunning d JOIN zeimu.collection_installment i USING (installment_id) WHERE i.notice_no = 'B-1'),
	0::bigint, 'no 条例 row: the fee is 0');

-- prescription of a ledger installment: 法定納期限 2020-05-31, 督促 2020-07-10, partial payment 2022-03-15
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES ('131130', 1009, 'fixed_asset', 2020, 'P-1', 1, '2020-05-31', '2020-05-31', 50000);
INSERT INTO inst SELECT lg_code::text, 99, installment_id FROM zeimu.collection_installment WHERE notice_no = 'P-1';
-- no events: 起算 2020-06-01, 60 months → 2025-05-31
SELECT is((zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE p = 99))).last_day, '2025-05-31'::date,
	'a ledger installment prescribes 5 years after its 法定納期限');
INSERT INTO zeimu.collection_dunning (lg_code, installment_id, issued_on, deadline, fee)
SELECT '131130', id, '2020-07-10', '2020-06-20', 0 FROM inst WHERE p = 99;
-- 督促 2020-07-10: runs again from 07-20 → 2025-07-19
SELECT is((zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE p = 99))).last_day, '2025-07-19'::date,
	'its 督促 renews');
-- a partial payment 2022-03-15 acknowledges the debt: from 03-16 → 2027-03-15
SELECT zeimu.post_payment('131130', 'counter', 'T-P1', (SELECT id FROM inst WHERE p = 99), 10000, '2022-03-15', '2022-03-15');
SELECT is((zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE p = 99))).last_day, '2027-03-15'::date,
	'a partial payment renews (承認)');
SELECT zeimu.post_payment('131130', 'counter', 'T-P2', (SELECT id FROM inst WHERE p = 99), 40000, '2022-04-15', '2022-04-15');
SELECT is((zeimu.installment_prescription('131130', (SELECT id FROM inst WHERE p = 99))).ground, 'paid',
	'paid in full: nothing to prescribe');

SELECT throws_ok($$CALL zeimu.issue_dunning('000000', '2025-02-10')$$, '22023', 'a dunning run needs a municipality',
	'the national code is refused (22023)');
SELECT throws_ok($$CALL zeimu.issue_dunning('131130', NULL)$$, '22004', 'municipality and as-of date are required',
	'no date (22004)');
SELECT throws_ok($$CALL zeimu.issue_dunning('131130', 'infinity')$$, '22008', 'as-of date is out of range', 'infinity (22008)');
SELECT ok(has_function_privilege('zeimu_collection', 'zeimu.issue_dunning(zeimu.lg_code, date, integer, integer, integer)', 'EXECUTE'),
	'collection clerks may run it');
SELECT ok(NOT has_function_privilege('public', 'zeimu.issue_dunning(zeimu.lg_code, date, integer, integer, integer)', 'EXECUTE'),
	'PUBLIC may not');

SELECT * FROM finish();
ROLLBACK;
