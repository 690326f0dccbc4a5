-- collection: the payment number (納付番号) with its Luhn check digit,
-- reconciliation (消込) by payment number or notice number, unknown numbers
-- to suspense with the reason, 速報 (仮消込) confirmed by 確報, and the
-- set-based import allocating exactly as post_payment (doc/collection.md §14).
--
-- Luhn (ISO/IEC 7812-1): from the right, double every other digit starting
-- with the rightmost digit of the body, subtract 9 from products over 9, the
-- check digit brings the sum to a multiple of 10.
--   body 7992739871: 1×2=2, 7, 8×2=16→7, 9, 3×2=6, 7, 2×2=4, 9, 9×2=18→9, 7
--     = 67 → check 3 (the textbook example 79927398713)
--   131130 + installment 42 → body 13113000000000042: 2×2=4, 4, ten zeros,
--     3×2=6, 1, 1×2=2, 3, 1×2=2 = 22 → check 8 → 131130000000000428
BEGIN;
SELECT plan(28);

SELECT is(zeimu.payment_no_check_digit('7992739871'), 3, 'Luhn: 7992739871 → 3 (sum 67)');
SELECT is(zeimu.collection_payment_no('131130', 42), '131130000000000428', 'municipality 131130, installment 42 → …0428 (sum 22 → 8)');
SELECT ok(zeimu.payment_no_is_valid('131130000000000428'), 'a correct number is valid');
SELECT ok(NOT zeimu.payment_no_is_valid('131130000000000418'), 'one wrong digit (2 → 1) is caught');
SELECT ok(NOT zeimu.payment_no_is_valid('131130000000000248'), 'two adjacent digits swapped (42 → 24) are caught');
SELECT ok(NOT zeimu.payment_no_is_valid('13113000000000428'), '17 digits are not a payment number');
SELECT ok(NOT zeimu.payment_no_is_valid('13113000000000042a'), 'a letter is not a digit');
SELECT throws_ok($$SELECT zeimu.payment_no_check_digit('12a')$$, '22P02', 'payment number body must consist of digits only',
	'the check digit of a non-digit body is an error');

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 4001, 'fixed_asset', 2025, 'PN-1', 1, '2025-04-30', '2025-04-30', 30000),
	('131130', 4002, 'fixed_asset', 2025, 'PN-2', 1, '2025-04-30', '2025-04-30', 20000),
	('131130', 4003, 'fixed_asset', 2025, 'PN-D', 1, '2025-04-30', '2025-04-30', 1000),
	('131130', 4003, 'light_vehicle', 2025, 'PN-D', 1, '2025-06-02', '2025-06-02', 1000),
	('131130', 4004, 'fixed_asset', 2025, 'PN-4', 1, '2025-04-30', '2025-04-30', 10000),
	('131130', 4005, 'fixed_asset', 2025, 'PN-5', 1, '2025-04-30', '2025-04-30', 15000),
	('131130', 4006, 'fixed_asset', 2024, 'PN-6', 4, '2025-01-31', '2025-01-31', 100000),
	('131041', 4100, 'fixed_asset', 2025, 'PN-X', 1, '2025-04-30', '2025-04-30', 5000);
CREATE TEMP TABLE inst AS
SELECT notice_no || '/' || tax_kind AS k, installment_id AS id, payment_no AS no FROM zeimu.collection_installment WHERE notice_no LIKE 'PN-%';
GRANT SELECT ON inst TO PUBLIC;
-- a number with the check digit changed: (last digit + 1) mod 10
CREATE FUNCTION pg_temp.bad_check(n text) RETURNS text LANGUAGE sql AS
	$$SELECT substr(n, 1, 17) || ((substr(n, 18, 1)::int + 1) % 10)::text$$;

SELECT is((SELECT count(*) FROM inst WHERE no ~ '^[0-9]{18}$' AND zeimu.payment_no_is_valid(no)
	AND substr(no, 7, 11)::bigint = id), 8::bigint, 'every installment carries a valid payment number that holds its id');

-- ---- a bank file matched by payment number, then notice number ---------------
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date, payment_no)
VALUES
	('131130', 'PN1', 'bank', 'PN-B1', NULL, NULL, '30000', '2025-04-25', '2025-04-28', (SELECT no FROM inst WHERE k = 'PN-1/fixed_asset')),
	('131130', 'PN1', 'bank', 'PN-B2', NULL, NULL, '100', '2025-04-25', '2025-04-28', pg_temp.bad_check((SELECT no FROM inst WHERE k = 'PN-2/fixed_asset'))),
	('131130', 'PN1', 'bank', 'PN-B3', NULL, NULL, '100', '2025-04-25', '2025-04-28', (SELECT no FROM inst WHERE k = 'PN-X/fixed_asset')),
	('131130', 'PN1', 'bank', 'PN-B4', NULL, NULL, '100', '2025-04-25', '2025-04-28', zeimu.collection_payment_no('131130', 99999999999)),
	('131130', 'PN1', 'bank', 'PN-B5', NULL, NULL, '100', '2025-04-25', '2025-04-28', '12345'),
	('131130', 'PN1', 'bank', 'PN-B6', 'PN-2', '1', '20000', '2025-04-25', '2025-04-28', NULL),
	('131130', 'PN1', 'bank', 'PN-B7', 'PN-2', '1', '1000', '2025-04-25', '2025-04-28', pg_temp.bad_check((SELECT no FROM inst WHERE k = 'PN-2/fixed_asset'))),
	('131130', 'PN1', 'bank', 'PN-B8', 'PN-D', '1', '100', '2025-04-25', '2025-04-28', NULL),
	('131130', 'PN1', 'bank', 'PN-B9', NULL, NULL, '100', '2025-04-25', '2025-04-28', NULL);
SELECT is_empty($$SELECT * FROM zeimu.collection_import_problem WHERE batch_id = 'PN1'$$, 'unknown numbers are not bad lines');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'PN1')$$, $$VALUES (9, 9, 0, 6, 0)$$,
	'9 lines posted, 6 to suspense (B2, B3, B4, B5, B8, B9)');
SELECT results_eq($$SELECT p.channel_record_id, i.k FROM zeimu.collection_payment p JOIN inst i ON i.id = p.installment_id
	WHERE p.channel_record_id LIKE 'PN-B%' ORDER BY 1$$,
	$$VALUES ('PN-B1'::text, 'PN-1/fixed_asset'::text), ('PN-B6', 'PN-2/fixed_asset'), ('PN-B7', 'PN-2/fixed_asset')$$,
	'B1 by payment number; B6 by notice number; B7 (wrong check digit) falls back to its notice number');
SELECT results_eq($$SELECT channel_record_id, reason FROM zeimu.collection_suspense_queue WHERE channel_record_id LIKE 'PN-B%' ORDER BY 1$$,
	$$VALUES ('PN-B2'::text, format('payment number %s has a wrong check digit', pg_temp.bad_check((SELECT no FROM inst WHERE k = 'PN-2/fixed_asset')))),
	         ('PN-B3', format('payment number %s belongs to municipality 131041', (SELECT no FROM inst WHERE k = 'PN-X/fixed_asset'))),
	         ('PN-B4', format('no installment has payment number %s', zeimu.collection_payment_no('131130', 99999999999))),
	         ('PN-B5', 'payment number "12345" is not 18 digits'),
	         ('PN-B8', 'notice number PN-D period 1 matches 2 installments'),
	         ('PN-B9', 'no payment number and no notice number')$$,
	'each suspense payment carries the reason it matched nothing');
-- B6 (20,000) fits the 20,000 owed: set-based; B7 (1,000) goes beyond: allocated one by one → over-payment
SELECT results_eq($$SELECT p.channel_record_id, a.part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id IN ('PN-B1', 'PN-B6', 'PN-B7') ORDER BY 1, 2$$,
	$$VALUES ('PN-B1'::text, 'principal'::text, 30000::bigint), ('PN-B6', 'principal', 20000), ('PN-B7', 'overpayment', 1000)$$,
	'allocations: 30,000 and 20,000 本税; the 1,000 beyond PN-2''s 20,000 is an over-payment');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'PN1')$$, $$VALUES (9, 0, 9, 0, 0)$$, 'a re-run posts nothing');

-- ---- two lines of one installment, the second reaching the 延滞金 --------------
-- PN-6: ¥100,000 due 2025-01-31; 50,000 + 53,000 received 2025-06-30.
-- 延滞金 through 06-30 on the whole 100,000 (both paid that day):
--   02-01..02-28 28 d × 2.4% = 67,200/365 = 184.1 → 184; 03-01..06-30 122 d × 8.7%
--   = 1,061,400/365 = 2,907.9 → 2,907; 3,091 → 3,000.
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, amount, receipt_date, revenue_date, payment_no)
VALUES ('131130', 'PN2', 'bank', 'PN-F1', '50000', '2025-06-30', '2025-07-02', (SELECT no FROM inst WHERE k = 'PN-6/fixed_asset')),
       ('131130', 'PN2', 'bank', 'PN-F2', '53000', '2025-06-30', '2025-07-02', (SELECT no FROM inst WHERE k = 'PN-6/fixed_asset'));
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'PN2')$$, $$VALUES (2, 2, 0, 0, 0)$$, 'two lines posted');
SELECT results_eq($$SELECT p.channel_record_id, a.part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id IN ('PN-F1', 'PN-F2') ORDER BY 1, 3 DESC$$,
	$$VALUES ('PN-F1'::text, 'principal'::text, 50000::bigint), ('PN-F2', 'principal', 50000), ('PN-F2', 'late_charge', 3000)$$,
	'F1 pays 50,000 本税; F2 the other 50,000 and the 3,000 延滞金 (184 + 2,907 → 3,000)');

-- ---- 速報 (仮消込) confirmed by 確報 ------------------------------------------------
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, amount, receipt_date, revenue_date, payment_no, report)
VALUES ('131130', 'CVS-P', 'convenience_store', 'CV-1', '10000', '2025-04-28', '2025-05-07', (SELECT no FROM inst WHERE k = 'PN-4/fixed_asset'), 'preliminary');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'CVS-P')$$, $$VALUES (1, 1, 0, 0, 0)$$, 'the 速報 is posted');
SELECT results_eq($$SELECT b.received, b.provisional, b.unpaid FROM zeimu.collection_balance_as_of('131130', '2025-05-31') b
	JOIN inst i ON i.id = b.installment_id WHERE i.k = 'PN-4/fixed_asset' AND b.part = 'principal'$$,
	$$VALUES (0::bigint, 10000::bigint, 0::bigint)$$, 'a 速報 is 仮消込: 10,000 provisional, 0 received, 0 unpaid');
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, amount, receipt_date, revenue_date, payment_no, report)
VALUES ('131130', 'CVS-C', 'convenience_store', 'CV-1', '10000', '2025-04-28', '2025-05-07', (SELECT no FROM inst WHERE k = 'PN-4/fixed_asset'), 'confirmation'),
       ('131130', 'CVS-C', 'convenience_store', 'CV-2', '15000', '2025-04-28', '2025-05-07', (SELECT no FROM inst WHERE k = 'PN-5/fixed_asset'), 'confirmation');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'CVS-C')$$, $$VALUES (2, 1, 0, 0, 1)$$,
	'the 確報 confirms CV-1 (nothing posted twice) and posts CV-2, which had no 速報');
SELECT results_eq($$SELECT i.k, b.received, b.provisional FROM zeimu.collection_balance_as_of('131130', '2025-05-31') b
	JOIN inst i ON i.id = b.installment_id WHERE i.k IN ('PN-4/fixed_asset', 'PN-5/fixed_asset') AND b.part = 'principal' ORDER BY 1$$,
	$$VALUES ('PN-4/fixed_asset'::text, 10000::bigint, 0::bigint), ('PN-5/fixed_asset', 15000, 0)$$,
	'confirmed: 仮消込 became 収入; a 確報 without 速報 is received at once');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'CVS-C')$$, $$VALUES (2, 0, 2, 0, 0)$$, 'a 確報 sent again confirms nothing twice');
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, amount, receipt_date, revenue_date, payment_no, report)
VALUES ('131130', 'CVS-E', 'convenience_store', 'CV-1', '9000', '2025-04-28', '2025-05-07', (SELECT no FROM inst WHERE k = 'PN-4/fixed_asset'), 'confirmation'),
       ('131130', 'CVS-E', 'bank', 'CV-3', '9000', '2025-04-28', '2025-05-07', NULL, 'preliminary'),
       ('131130', 'CVS-E', 'convenience_store', 'CV-4', '9000', '2025-04-28', '2025-05-07', NULL, 'final');
SELECT results_eq($$SELECT line_no, reason FROM zeimu.collection_import_problem WHERE batch_id = 'CVS-E' ORDER BY 1$$,
	$$VALUES (1::bigint, 'record was already posted with different content (payment '
				|| (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'CV-1') || ')'),
	         (2, 'only convenience-store lines are reported as preliminary (速報) or confirmation (確報)'),
	         (3, 'report "final" is not preliminary or confirmation')$$,
	'a 確報 differing from its 速報, a report on a bank line and an unknown report are bad lines');

-- ---- one payment by number -----------------------------------------------------
CREATE TEMP TABLE byno AS
SELECT 'C1' AS k, zeimu.post_payment_by_number('131130', 'counter', 'PN-C1',
	(SELECT no FROM inst WHERE k = 'PN-D/light_vehicle'), 1000, '2025-05-30', '2025-05-30') AS pid
UNION ALL SELECT 'C2', zeimu.post_payment_by_number('131130', 'counter', 'PN-C2', NULL, 500, '2025-05-30', '2025-05-30', 'PN-2', 1)
UNION ALL SELECT 'C3', zeimu.post_payment_by_number('131130', 'counter', 'PN-C3', '131130000000000418', 700, '2025-05-30', '2025-05-30');
GRANT SELECT ON byno TO PUBLIC;
SELECT is((SELECT installment_id FROM zeimu.collection_payment WHERE payment_id = (SELECT pid FROM byno WHERE k = 'C1')),
	(SELECT id FROM inst WHERE k = 'PN-D/light_vehicle'), 'post_payment_by_number matches the payment number');
SELECT is((SELECT installment_id FROM zeimu.collection_payment WHERE payment_id = (SELECT pid FROM byno WHERE k = 'C2')),
	(SELECT id FROM inst WHERE k = 'PN-2/fixed_asset'), '... or the notice number and period');
SELECT results_eq($$SELECT amount, reason FROM zeimu.collection_suspense_queue WHERE payment_id = (SELECT pid FROM byno WHERE k = 'C3')$$,
	$$VALUES (700::bigint, 'payment number 131130000000000418 has a wrong check digit')$$, 'an unknown number goes to suspense with the reason');
SELECT is(zeimu.post_payment_by_number('131130', 'counter', 'PN-C3', '131130000000000418', 700, '2025-05-30', '2025-05-30'),
	(SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'PN-C3'), 'and is idempotent by channel and record id');
SELECT results_eq($$SELECT installment_id, reason FROM zeimu.collection_match('131130', NULL, 'PN-1', '2')$$,
	$$VALUES (NULL::bigint, 'no installment has notice number PN-1 period 2')$$, 'collection_match explains a miss');

SELECT * FROM finish();
ROLLBACK;
