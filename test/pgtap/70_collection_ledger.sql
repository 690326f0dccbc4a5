-- collection: first slice of the installment ledger — post_payment
-- (idempotent, allocation order 本税 → 督促手数料 → 延滞金, suspense,
-- over-payment) and installment_late_charge.  Late charges by hand, as in
-- 70_collection_late_charge.sql: ¥100,000 due 2025-01-31 paid 2025-06-30 →
-- 184 + 2907 = 3091 → ¥3,000.
BEGIN;
SELECT plan(24);

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 1, '2025-01-31', '2025-01-31', 100000),
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 2, '2025-01-31', '2025-01-31', 100000),
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 3, '2025-01-31', '2025-01-31', 100000),
	('131130', 1002, 'light_vehicle', 2025, 'K-9', 1, '2025-06-02', '2025-06-02', 10800),
	('131130', 1003, 'fixed_asset', 2024, 'N-2', 1, '2025-01-31', '2025-01-31', 100000);
-- a 督促 with a ¥100 fee on N-1/3 (the run itself is tested in 70_collection_dunning.sql)
INSERT INTO zeimu.collection_dunning (lg_code, installment_id, issued_on, deadline, fee)
SELECT lg_code, installment_id, '2025-02-10', '2025-02-20', 100 FROM zeimu.collection_installment
 WHERE lg_code::text = '131130' AND notice_no = 'N-1' AND period_no = 3;
CREATE TEMP TABLE inst AS
SELECT period_no AS p, notice_no AS n, installment_id AS id FROM zeimu.collection_installment WHERE lg_code::text = '131130';

-- paid on time: principal only
SELECT isnt(zeimu.post_payment('131130', 'counter', 'C-1', (SELECT id FROM inst WHERE n = 'K-9'), 10800, '2025-05-30', '2025-05-30'),
	NULL, 'a payment is posted');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'C-1'$$, $$VALUES ('principal'::text, 10800::bigint)$$, 'on time: all to 本税');

-- late, principal + charge at once: 103,000 on 2025-06-30 → 100,000 + 3,000
SELECT isnt(zeimu.post_payment('131130', 'bank', 'B-1', (SELECT id FROM inst WHERE n = 'N-1' AND p = 1), 103000, '2025-06-30', '2025-07-02'),
	NULL, 'a late payment is posted');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'B-1' ORDER BY part DESC$$,
	$$VALUES ('principal'::text, 100000::bigint), ('late_charge', 3000)$$, '本税 first, then the ¥3,000 延滞金');
SELECT is((SELECT revenue_date FROM zeimu.collection_payment WHERE channel_record_id = 'B-1'), '2025-07-02'::date,
	'収入日 is kept apart from 領収日');

-- the same record again: nothing new
SELECT is(zeimu.post_payment('131130', 'bank', 'B-1', (SELECT id FROM inst WHERE n = 'N-1' AND p = 1), 103000, '2025-06-30', '2025-07-02'),
	(SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'B-1'), 'a re-sent record returns the first payment');
SELECT is((SELECT count(*) FROM zeimu.collection_payment WHERE lg_code::text = '131130'), 2::bigint, 'and posts nothing twice');
SELECT throws_ok($$SELECT zeimu.post_payment('131130', 'bank', 'B-1', NULL, 5000, '2025-06-30', '2025-07-02')$$,
	'23505', 'record B-1 of channel bank was already posted with different content', 'a reused record id with other content is rejected (23505)');
-- the same record id in another channel is another payment
SELECT isnt(zeimu.post_payment('131130', 'convenience_store', 'B-1', NULL, 5000, '2025-06-30', '2025-07-02'), NULL,
	'record ids are per channel');

-- partial payments: 60,500 on 03-15, then 41,000 on 06-30
--   late charge: 184 + 357 + 994 = 1535 → ¥1,500 (70_collection_late_charge_ledger.sql)
SELECT isnt(zeimu.post_payment('131130', 'counter', 'C-2', (SELECT id FROM inst WHERE n = 'N-1' AND p = 2), 60500, '2025-03-15', '2025-03-15'),
	NULL, 'a partial payment');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'C-2'$$, $$VALUES ('principal'::text, 60500::bigint)$$, 'a partial payment pays 本税 only');
SELECT is(zeimu.installment_late_charge('131130', (SELECT id FROM inst WHERE n = 'N-1' AND p = 2), '2025-06-30'), 1500::bigint,
	'the ledger late charge uses the reduced principal after the payment');
SELECT isnt(zeimu.post_payment('131130', 'counter', 'C-3', (SELECT id FROM inst WHERE n = 'N-1' AND p = 2), 41000, '2025-06-30', '2025-06-30'),
	NULL, 'the rest is paid');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'C-3' ORDER BY part DESC$$,
	$$VALUES ('principal'::text, 39500::bigint), ('late_charge', 1500)$$, '39,500 to 本税 and 1,500 to 延滞金');

-- 督促手数料 before 延滞金; the rest is over-payment: 103,600 → 100,000 + 100 + 3,000 + 500
SELECT isnt(zeimu.post_payment('131130', 'mpn', 'M-1', (SELECT id FROM inst WHERE n = 'N-1' AND p = 3), 103600, '2025-06-30', '2025-06-30'),
	NULL, 'a payment with a 督促手数料');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'M-1' ORDER BY a.amount DESC$$,
	$$VALUES ('principal'::text, 100000::bigint), ('late_charge', 3000), ('overpayment', 500), ('dunning_fee', 100)$$,
	'本税, 督促手数料, 延滞金, then over-payment');
SELECT results_eq($$SELECT principal_unpaid, dunning_fee_paid, late_charge_paid, overpaid FROM zeimu.collection_installment_balance
	WHERE notice_no = 'N-1' AND period_no = 3$$, $$VALUES (0::bigint, 100::bigint, 3000::bigint, 500::bigint)$$, 'the balance view');

-- suspense
SELECT isnt(zeimu.post_payment('131130', 'bank', 'B-9', NULL, 7000, '2025-06-30', '2025-07-01'), NULL, 'an unmatched payment');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'B-9' AND p.channel = 'bank'$$, $$VALUES ('suspense'::text, 7000::bigint)$$, 'goes to suspense (未確認入金)');

-- bad input
SELECT throws_ok($$SELECT zeimu.post_payment('131130', 'bank', 'B-10', NULL, -1, '2025-06-30', '2025-07-01')$$,
	'22003', 'payment amount must be positive', 'a negative payment is rejected (22003)');
SELECT throws_ok($$SELECT zeimu.post_payment('131130', 'bank', 'B-11', 999999999, 1000, '2025-06-30', '2025-07-01')$$,
	'22023', 'installment 999999999 of municipality 131130 not found', 'an unknown installment is rejected (22023)');
SELECT throws_ok($$SELECT zeimu.post_payment('131130', 'bank', 'B-12', NULL, NULL, '2025-06-30', '2025-07-01')$$,
	'22004', 'payment is missing a required value', 'a missing amount is rejected (22004)');

-- clerks read, but write only through post_payment
CREATE ROLE regress_collection_clerk IN ROLE zeimu_collection;
SELECT zeimu.register_staff('131130', 'COLL1', 'regress_collection_clerk', 'Collection clerk', ARRAY['collection'], '{}', true);
SET LOCAL ROLE regress_collection_clerk;
SELECT throws_ok($$INSERT INTO zeimu.collection_allocation VALUES ('131130', 1, 'principal', 1)$$, '42501', NULL,
	'a clerk cannot write allocations directly (42501)');
SELECT isnt(zeimu.post_payment('131130', 'counter', 'C-50', (SELECT installment_id FROM zeimu.collection_installment
	WHERE notice_no = 'N-2'), 1000, '2025-01-20', '2025-01-20'), NULL, 'a clerk posts through post_payment');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
