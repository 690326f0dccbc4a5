-- collection: bulk payment import (doc/collection.md §10) — staged lines,
-- bad lines listed with line number and reason, all or nothing, idempotent
-- by channel + record id, and the suspense queue.  The staging table is
-- loaded with INSERT here (pgTAP has no COPY FROM STDIN); sql/collection_import.sql
-- runs the COPY form.  Late charge by hand as in 70_collection_ledger.sql:
-- ¥100,000 due 2025-01-31 paid 2025-06-30 → 184 + 2907 = 3091 → ¥3,000.
BEGIN;
SELECT plan(48);

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 2001, 'fixed_asset', 2024, 'IM-1', 1, '2025-01-31', '2025-01-31', 100000),
	('131130', 2001, 'fixed_asset', 2025, 'IM-1', 2, '2025-07-31', '2025-07-31', 10000),
	('131130', 2002, 'light_vehicle', 2025, 'IM-K', 1, '2025-06-02', '2025-06-02', 10800),
	('131130', 2003, 'fixed_asset', 2025, 'IM-3', 1, '2025-08-31', '2025-09-01', 50000);
CREATE TEMP TABLE cnt AS SELECT count(*) AS n0 FROM zeimu.collection_payment WHERE lg_code::text = '131130';
CREATE TEMP VIEW npay AS SELECT count(*) - (SELECT n0 FROM cnt) AS n FROM zeimu.collection_payment WHERE lg_code::text = '131130';

-- ---- a good file of 4 lines: 4 payments, one to suspense ----------------
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date) VALUES
	('131130', 'G1', 'bank', 'IB-1', 'IM-1', '1', '103000', '2025-06-30', '2025-07-02'),
	('131130', 'G1', 'convenience_store', 'IS-1', 'IM-1', '2', '10000', '2025-07-10', '2025-07-14'),
	('131130', 'G1', 'counter', 'IC-1', 'IM-K', '1', '10800', '2025-05-30', '2025-05-30'),
	('131130', 'G1', 'bank', 'IB-2', 'IM-404', '1', '7000', '2025-06-30', '2025-07-01');
SELECT is_empty($$SELECT * FROM zeimu.collection_import_problem WHERE batch_id = 'G1'$$, 'a good file has no bad line');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'G1')$$, $$VALUES (4, 4, 0, 1, 0)$$,
	'4 lines: 4 posted, 0 already posted, 1 to suspense');
SELECT is((SELECT n FROM npay), 4::bigint, 'N lines post N payments');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'IB-1' ORDER BY part DESC$$, $$VALUES ('principal'::text, 100000::bigint), ('late_charge', 3000)$$,
	'an imported line is allocated as post_payment does: 本税 100,000 then 延滞金 3,000');
SELECT results_eq($$SELECT receipt_date, revenue_date FROM zeimu.collection_payment WHERE channel_record_id = 'IS-1'$$,
	$$VALUES ('2025-07-10'::date, '2025-07-14'::date)$$, '領収日 and 収入日 are kept apart');
SELECT results_eq($$SELECT channel, channel_record_id, amount FROM zeimu.collection_suspense_queue WHERE lg_code::text = '131130'$$,
	$$VALUES ('bank'::text, 'IB-2'::text, 7000::bigint)$$, 'an unknown notice number goes to the suspense queue');
SELECT is((SELECT principal_unpaid FROM zeimu.collection_installment_balance WHERE notice_no = 'IM-K'), 0::bigint,
	'IM-K is paid in full (10,800 - 10,800)');

-- ---- re-run and re-sent file post nothing ---------------------------------
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'G1')$$, $$VALUES (4, 0, 4, 0, 0)$$, 'a re-run posts 0');
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date)
SELECT lg_code, 'G1-resent', channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date
  FROM zeimu.collection_import_line WHERE batch_id = 'G1' ORDER BY seq;
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'G1-resent')$$, $$VALUES (4, 0, 4, 0, 0)$$,
	'the same file sent again under another batch id posts 0');
SELECT is((SELECT n FROM npay), 4::bigint, 'still 4 payments');

-- ---- a file with bad lines: nothing posted, each bad line listed ----------
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date) VALUES
	('131130', 'E1', 'counter', 'IC-10', 'IM-3', '1', '20000', '2025-08-01', '2025-08-01'),
	('131130', 'E1', 'bank', 'IB-10', 'IM-3', '1', '5000', '2025-13-01', '2025-08-04'),
	('131130', 'E1', 'bank', 'IB-11', 'IM-3', '1', '-500', '2025-08-03', '2025-08-04'),
	('131130', 'E1', 'fax', 'IF-1', 'IM-3', '1', '1000', '2025-08-04', '2025-08-04'),
	('131130', 'E1', 'bank', 'IB-12', 'IM-3', '1', '1000', '2025-08-05', '2025-08-04'),
	('131130', 'E1', 'bank', 'IB-13', 'IM-3', '1', '1000', '2023-02-29', '2023-03-01'),
	('131130', 'E1', 'bank', 'IB-14', 'IM-3', '1', '0', '2025-08-05', '2025-08-05');
SELECT results_eq($$SELECT line_no, reason FROM zeimu.collection_import_problem WHERE batch_id = 'E1' ORDER BY line_no$$,
	$$VALUES (2::bigint, 'receipt date (領収日) "2025-13-01" is not a date YYYY-MM-DD'),
			 (3, 'amount "-500" is not a positive whole number of yen'),
			 (4, 'unknown channel "fax"'),
			 (5, 'revenue date (収入日) is before the receipt date (領収日)'),
			 (6, 'receipt date (領収日) "2023-02-29" is not a date YYYY-MM-DD'),
			 (7, 'amount "0" is not a positive whole number of yen')$$,
	'each bad line is listed with its line number and reason (2023 is not a leap year; ¥0 is not a payment)');
SELECT throws_ok($$SELECT * FROM zeimu.import_payments('131130', 'E1')$$, '22P04', 'batch E1 has 6 bad line(s); nothing was posted',
	'a file with bad lines is refused (22P04)');
SELECT is((SELECT n FROM npay), 4::bigint, 'nothing was posted, not even the good line 1');

-- ---- the corrected file: all posted ---------------------------------------
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date) VALUES
	('131130', 'E2', 'counter', 'IC-10', 'IM-3', '1', '20000', '2025-08-01', '2025-08-01'),
	('131130', 'E2', 'bank', 'IB-10', 'IM-3', '1', '5000', '2025-08-02', '2025-08-04'),
	('131130', 'E2', 'bank', 'IB-11', 'IM-3', '1', '500', '2025-08-03', '2025-08-04'),
	('131130', 'E2', 'counter', 'IF-1', 'IM-3', '1', '1000', '2025-08-04', '2025-08-04'),
	('131130', 'E2', 'bank', 'IB-12', 'IM-3', '1', '1000', '2025-08-05', '2025-08-05'),
	('131130', 'E2', 'bank', 'IB-13', 'IM-3', '1', '1000', '2024-02-29', '2024-03-01'),
	('131130', 'E2', 'bank', 'IB-14', 'IM-3', '1', '1', '2025-08-05', '2025-08-05');
SELECT is_empty($$SELECT * FROM zeimu.collection_import_problem WHERE batch_id = 'E2'$$, 'the corrected file has no bad line (2024-02-29 exists)');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'E2')$$, $$VALUES (7, 7, 0, 0, 0)$$, 'a corrected re-run posts all 7');
-- 20000 + 5000 + 500 + 1000 + 1000 + 1000 + 1 = 28501 paid, 50000 - 28501 = 21499 unpaid
SELECT results_eq($$SELECT principal_paid, principal_unpaid FROM zeimu.collection_installment_balance WHERE notice_no = 'IM-3'$$,
	$$VALUES (28501::bigint, 21499::bigint)$$, 'IM-3: 28,501 paid, 21,499 unpaid');

-- ---- other problems --------------------------------------------------------
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date) VALUES
	('131130', 'E3', 'bank', 'IB-1', 'IM-1', '1', '99999', '2025-06-30', '2025-07-02'),
	('131130', 'E3', 'bank', 'IB-20', 'IM-1', 'x', '1000', '2025-06-30', '2025-07-02'),
	('131130', 'E3', 'mpn', 'IM-20', NULL, NULL, '1000', '2025-06-30', '20250702'),
	('131130', 'E3', 'mpn', 'IM-21', NULL, NULL, '1000', '2025-06-30', '2025-07-02'),
	('131130', 'E3', 'mpn', 'IM-21', NULL, NULL, '1000', '2025-06-30', '2025-07-02'),
	('131130', 'E3', 'mpn', NULL, NULL, NULL, '1,000', '2025-06-30', '2025-07-02');
SELECT results_eq($$SELECT line_no, reason FROM zeimu.collection_import_problem WHERE batch_id = 'E3' ORDER BY line_no, reason$$,
	$$VALUES (1::bigint, 'record was already posted with different content (payment '
				|| (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IB-1') || ')'),
			 (2, 'period "x" is not a number 0-99'),
			 (3, 'revenue date (収入日) "20250702" is not a date YYYY-MM-DD'),
			 (4, 'the same channel and record id appear on more than one line of the batch'),
			 (5, 'the same channel and record id appear on more than one line of the batch'),
			 (6, 'amount "1,000" is not a positive whole number of yen'),
			 (6, 'record id is missing or longer than 80 characters')$$,
	'a changed re-sent record, a bad period, a compact date, a duplicated record and a missing record id are listed');
SELECT throws_ok($$SELECT * FROM zeimu.import_payments('131130', 'E3')$$, '22P04', 'batch E3 has 6 bad line(s); nothing was posted',
	'and the batch is refused');
-- the DETAIL names the first bad line by number (line 2, not line 10 by text order)
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date)
SELECT '131130', 'E4', 'counter', 'IE4-' || g, 'IM-3', '1', CASE WHEN g IN (2, 10) THEN 'x' ELSE '1' END, '2025-08-01', '2025-08-01'
  FROM generate_series(1, 10) g ORDER BY g;
CREATE TEMP TABLE e4 (msg text, detail text);
DO $$
DECLARE m text; d text;
BEGIN
	PERFORM * FROM zeimu.import_payments('131130', 'E4');
EXCEPTION WHEN bad_copy_file_format THEN
	GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
	INSERT INTO e4 VALUES (m, d);
END
$$;
SELECT results_eq($$SELECT msg, detail FROM e4$$, $$VALUES ('batch E4 has 2 bad line(s); nothing was posted'::text,
	'First: line 2: amount "x" is not a positive whole number of yen.'::text)$$, 'the error counts the bad lines and names the first one');
SELECT throws_ok($$SELECT * FROM zeimu.import_payments('131130', 'none')$$, '22023', 'batch none of municipality 131130 has no lines',
	'an empty batch is refused (22023)');
SELECT throws_ok($$SELECT * FROM zeimu.import_payments('131130', NULL)$$, '22004', 'municipality and batch id are required',
	'a missing batch id is refused (22004)');

-- ---- reversal: a new entry, never an edit ---------------------------------
-- IM-1/1 (¥100,000 due 2025-01-31) was paid by IB-1 (100,000 + 3,000 延滞金).
-- Unpaid through 2025-07-31: 02-01..02-28 (whole Feb, first month) 28 d at 2.4%
-- = 2400 × 28 / 365 = 184.1 → 184; 03-01..07-31 153 d at 8.7% = 8700 × 153 / 365
-- = 3646.8 → 3646; 3830 → ¥3,800.  With IB-1 counted the charge stops on 06-30: ¥3,000.
CREATE TEMP TABLE ib1 AS SELECT payment_id AS id FROM zeimu.collection_payment WHERE channel_record_id = 'IB-1';
SELECT is(zeimu.installment_late_charge('131130', (SELECT installment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IB-1'),
	'2025-07-31'), 3000::bigint, 'before the reversal the late charge stops at the payment (¥3,000)');
SELECT lives_ok($$SELECT zeimu.reverse_payment('131130', (SELECT id FROM ib1), 'posted to the wrong notice')$$, 'a payment is reversed');
SELECT results_eq($$SELECT principal_paid, principal_unpaid, late_charge_paid FROM zeimu.collection_installment_balance
	WHERE notice_no = 'IM-1' AND period_no = 1$$, $$VALUES (0::bigint, 100000::bigint, 0::bigint)$$,
	'the reversal restores the balance: 100,000 unpaid, no 延滞金 paid');
SELECT is(zeimu.installment_late_charge('131130', (SELECT installment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IB-1'),
	'2025-07-31'), 3800::bigint, 'and the late charge runs on as if unpaid: 184 + 3646 = 3830 → ¥3,800');
SELECT results_eq($$SELECT (SELECT amount FROM zeimu.collection_payment WHERE payment_id = (SELECT id FROM ib1)),
	(SELECT sum(amount)::bigint FROM zeimu.collection_allocation WHERE payment_id = (SELECT id FROM ib1)),
	(SELECT reason FROM zeimu.collection_reversal WHERE payment_id = (SELECT id FROM ib1))$$,
	$$VALUES (103000::bigint, 103000::bigint, 'posted to the wrong notice'::text)$$,
	'the payment and its allocations are kept unchanged, the reversal row holds the reason');
SELECT throws_ok($$SELECT zeimu.reverse_payment('131130', (SELECT id FROM ib1), 'again')$$, '55000',
	'payment ' || (SELECT id FROM ib1) || ' was already reversed', 'a second reversal is refused (55000)');
-- the right payment, posted as a new entry, is allocated as on a fresh installment
SELECT isnt(zeimu.post_payment('131130', 'bank', 'IB-1-fix', (SELECT installment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IB-1'),
	103000, '2025-06-30', '2025-07-02'), NULL, 'the correct posting is a new payment');
SELECT results_eq($$SELECT part, a.amount FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel_record_id = 'IB-1-fix' ORDER BY part DESC$$, $$VALUES ('principal'::text, 100000::bigint), ('late_charge', 3000)$$,
	'it pays 本税 100,000 and 延滞金 3,000 (the reversed payment counts for nothing)');
SELECT lives_ok($$SELECT zeimu.reverse_payment('131130', (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IB-2'),
	'refunded to the payer')$$, 'a suspense payment is reversed');
SELECT is_empty($$SELECT * FROM zeimu.collection_suspense_queue WHERE lg_code::text = '131130'$$, 'and leaves the suspense queue');
SELECT throws_ok($$SELECT zeimu.reverse_payment('131130', 999999999, 'x')$$, '22023', 'payment 999999999 of municipality 131130 not found',
	'an unknown payment is refused (22023)');
SELECT throws_ok($$SELECT zeimu.reverse_payment('131130', (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IC-1'), ' ')$$,
	'22004', 'municipality, payment and reason are required', 'a reversal without a reason is refused (22004)');

-- ---- resolving suspense: a closing entry and a new payment --------------
-- IM-3 (¥50,000, 納期限 2025-09-01) has 28,501 paid, 21,499 unpaid.  A suspense
-- payment of 20,000 received 2025-09-10 is resolved to it: 延滞金 on base 21,000
-- for 9 days at 2.4% = 21000 × 0.024 × 9 / 365 = 12.4 → under ¥1,000 → 0, so all
-- 20,000 goes to 本税 and 21,499 - 20,000 = 1,499 stays unpaid.
CREATE TEMP TABLE sus AS SELECT zeimu.post_payment('131130', 'bank', 'IB-40', NULL, 20000, '2025-09-10', '2025-09-11') AS id;
CREATE TEMP TABLE im3 AS SELECT installment_id AS id FROM zeimu.collection_installment WHERE notice_no = 'IM-3';
SELECT throws_ok($$SELECT zeimu.resolve_suspense('131130', (SELECT id FROM sus), 999999999)$$, '22023',
	'installment 999999999 of municipality 131130 not found', 'resolving to an unknown installment is refused (22023)');
SELECT results_eq($$SELECT payment_id, amount FROM zeimu.collection_suspense_queue WHERE lg_code::text = '131130'$$,
	$$SELECT id, 20000::bigint FROM sus$$, 'and leaves the payment in the queue (nothing half-written)');
SELECT throws_ok($$SELECT zeimu.resolve_suspense('131130', (SELECT id FROM sus), NULL)$$, '22004',
	'municipality, payment and installment are required', 'an installment is required (22004)');
CREATE TEMP TABLE res AS SELECT zeimu.resolve_suspense('131130', (SELECT id FROM sus), (SELECT id FROM im3)) AS id;
SELECT results_eq($$SELECT p.channel, p.channel_record_id, p.installment_id, p.receipt_date, p.revenue_date, a.part, a.amount
	FROM zeimu.collection_payment p JOIN zeimu.collection_allocation a USING (payment_id) WHERE p.payment_id = (SELECT id FROM res)$$,
	$$SELECT 'suspense'::text, (SELECT id FROM sus)::text, (SELECT id FROM im3), '2025-09-10'::date, '2025-09-11'::date, 'principal'::text, 20000::bigint$$,
	'a new payment of channel suspense carries the amount and the original dates to the installment, all to 本税');
SELECT is((SELECT principal_unpaid FROM zeimu.collection_installment_balance WHERE notice_no = 'IM-3'), 1499::bigint,
	'IM-3: 21,499 - 20,000 = 1,499 unpaid');
SELECT results_eq($$SELECT kind, reason FROM zeimu.collection_reversal WHERE payment_id = (SELECT id FROM sus)$$,
	$$VALUES ('suspense_resolution'::text, 'resolved to installment ' || (SELECT id FROM im3))$$,
	'the suspense payment is closed by an entry, not edited');
SELECT is_empty($$SELECT * FROM zeimu.collection_suspense_queue WHERE lg_code::text = '131130'$$, 'the queue is empty again');
SELECT throws_ok($$SELECT zeimu.resolve_suspense('131130', (SELECT id FROM sus), (SELECT id FROM im3))$$, '55000',
	'payment ' || (SELECT id FROM sus) || ' of municipality 131130 is not in the suspense queue', 'a second resolution is refused (55000)');
SELECT throws_ok($$SELECT zeimu.resolve_suspense('131130', (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IC-1'),
	(SELECT id FROM im3))$$, '55000', NULL, 'a matched payment cannot be resolved (55000)');

-- ---- a clerk imports through the function, for her own municipality only ---
CREATE ROLE regress_import_clerk IN ROLE zeimu_collection;
SELECT zeimu.register_staff('131130', 'IMP1', 'regress_import_clerk', 'Import clerk', ARRAY['collection'], '{}', true);
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES ('271004', 2009, 'fixed_asset', 2025, 'IM-B', 1, '2025-08-31', '2025-09-01', 1000);
SET LOCAL ROLE regress_import_clerk;
INSERT INTO zeimu.collection_import_line (lg_code, batch_id, channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date) VALUES
	('131130', 'CL1', 'counter', 'IC-30', 'IM-3', '1', '1000', '2025-08-10', '2025-08-10'),
	('271004', 'CL1', 'counter', 'IC-31', 'IM-B', '1', '1000', '2025-08-10', '2025-08-10');
SELECT results_eq($$SELECT * FROM zeimu.import_payments('131130', 'CL1')$$, $$VALUES (1, 1, 0, 0, 0)$$, 'a clerk imports a batch');
SELECT throws_ok($$SELECT * FROM zeimu.import_payments('271004', 'CL1')$$, '42501', NULL,
	'but not for another municipality (42501)');
SELECT lives_ok($$SELECT zeimu.reverse_payment('131130', (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'IC-30'),
	'keyed twice')$$, 'a clerk reverses through reverse_payment');
SELECT throws_ok($$INSERT INTO zeimu.collection_reversal (lg_code, payment_id, reason)
	SELECT lg_code, payment_id, 'x' FROM zeimu.collection_payment WHERE channel_record_id = 'IC-1'$$, '42501', NULL,
	'but cannot write reversals directly (42501)');
SELECT throws_ok($$INSERT INTO zeimu.collection_payment (lg_code, channel, channel_record_id, amount, receipt_date, revenue_date)
	VALUES ('131130', 'counter', 'IC-99', 1, '2025-08-10', '2025-08-10')$$, '42501', NULL,
	'and cannot write payments directly (42501)');
RESET ROLE;
SELECT is((SELECT n FROM npay), 15::bigint, '4 + 7 + 1 imported, 1 correction, 1 suspense, 1 transfer = 15 payments in all (reversals add none)');

SELECT * FROM finish();
ROLLBACK;
