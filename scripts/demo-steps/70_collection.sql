-- demo: collection — late charges, refund interest and prescription by the law
\echo 'Rates in force (percent a year; national standard, 附則第3条の2):'
SELECT valid_from AS from_date, (late_first / 1000.0)::numeric(6, 3) AS first_month,
       (late_later / 1000.0)::numeric(6, 3) AS later, (deferral / 1000.0)::numeric(6, 3) AS deferral,
       (refund / 1000.0)::numeric(6, 3) AS refund_interest
  FROM zeimu.collection_rate_schedule('000000') WHERE valid_from >= '2021-01-01';

\echo ''
\echo '延滞金 on installments paid late (地方税法第326条①, 第20条の4の2②⑤):'
SELECT tax_amount, due_date, paid_date, zeimu.late_charge(tax_amount, due_date, paid_date) AS late_charge
  FROM (VALUES (100000::bigint, DATE '2025-01-31', DATE '2025-06-30'),
               (1000000, DATE '2025-04-30', DATE '2025-05-31'),
               (500000, DATE '2025-11-30', DATE '2026-03-31'),
               (1999, DATE '2020-11-30', DATE '2026-12-31'),
               (2000, DATE '2020-11-30', DATE '2026-12-31'),
               (1000000, DATE '2025-05-31', DATE '2025-05-31')) AS t(tax_amount, due_date, paid_date);

\echo ''
\echo 'How ¥1,500 is reached: ¥100,000 due 2025-01-31, ¥60,500 paid 2025-03-15, the rest 2025-06-30:'
SELECT * FROM zeimu.late_charge_ledger_segments(100000, '2025-01-31', '2025-06-30',
	'[{"date": "2025-03-15", "amount": 60500}, {"date": "2025-06-30", "amount": 39500}]');
SELECT zeimu.late_charge_ledger(100000, '2025-01-31', '2025-06-30',
	'[{"date": "2025-03-15", "amount": 60500}, {"date": "2025-06-30", "amount": 39500}]') AS late_charge;

\echo ''
\echo 'With 徴収猶予 from 2025-03-01 to 2025-04-30 on ¥1,000,000 (猶予特例 rate):'
SELECT * FROM zeimu.late_charge_ledger_segments(1000000, '2025-01-31', '2025-06-30', '[]',
	'[{"from": "2025-03-01", "to": "2025-04-30", "kind": "collection_deferral"}]');

\echo ''
\echo '還付加算金 on a ¥1,000,000 over-payment (法17条の4①一: from the day after payment 2025-09-30):'
SELECT zeimu.refund_interest_start('reduction', '2025-09-30') AS first_day,
       zeimu.refund_interest(1000000, zeimu.refund_interest_start('reduction', '2025-09-30'), '2026-03-31') AS refund_interest;

\echo ''
\echo 'Prescription of an installment with 法定納期限 2020-05-31, 督促 2020-07-10, 承認 2022-03-15:'
SELECT last_day, ground FROM zeimu.prescription_date('2020-05-31',
	'[{"kind": "dunning", "date": "2020-07-10"}, {"kind": "acknowledgement", "date": "2022-03-15"}]');
\pset format unaligned
SELECT explanation FROM zeimu.prescription_date('2020-05-31',
	'[{"kind": "dunning", "date": "2020-07-10"}, {"kind": "acknowledgement", "date": "2022-03-15"}]');
\pset format aligned
\echo ''
\echo '督促状 deadline for an installment due 2025-05-31 (法329条①):'
SELECT zeimu.dunning_deadline('2025-05-31') AS send_dunning_by;

\echo ''
\echo 'Ledger (first slice): two installments of a sample municipality, a day of payments.'
BEGIN;
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 1001, 'fixed_asset', 2024, 'N-1', 4, '2025-02-28', '2025-02-28', 100000),
	('131130', 1002, 'light_vehicle', 2025, 'K-9', 1, '2025-06-02', '2025-06-02', 10800);
\echo 'The 条例 sets a ¥100 督促手数料; the 督促 run of 2025-03-10 (run twice: the second issues nothing):'
INSERT INTO zeimu.collection_dunning_fee VALUES ('131130', '2000-04-01', 100, 'sample 条例');
CALL zeimu.issue_dunning('131130', '2025-03-10');
CALL zeimu.issue_dunning('131130', '2025-03-10');
SELECT zeimu.post_payment('131130', 'bank', 'B-0001',
	(SELECT installment_id FROM zeimu.collection_installment WHERE notice_no = 'N-1'), 103500, '2025-06-30', '2025-07-02') AS bank_payment,
       zeimu.post_payment('131130', 'convenience_store', 'S-0001',
	(SELECT installment_id FROM zeimu.collection_installment WHERE notice_no = 'K-9'), 10800, '2025-05-30', '2025-06-03') AS store_payment,
       zeimu.post_payment('131130', 'bank', 'B-0002', NULL, 7000, '2025-06-30', '2025-07-02') AS unmatched;
\echo 'The bank file is sent again: nothing is posted twice.'
SELECT zeimu.post_payment('131130', 'bank', 'B-0001',
	(SELECT installment_id FROM zeimu.collection_installment WHERE notice_no = 'N-1'), 103500, '2025-06-30', '2025-07-02') AS same_payment_id;
SELECT p.channel, p.channel_record_id, p.receipt_date, p.revenue_date, a.part, a.amount
  FROM zeimu.collection_payment p JOIN zeimu.collection_allocation a USING (payment_id)
 ORDER BY p.payment_id, a.amount DESC;
SELECT notice_no, period_no, principal, principal_unpaid, dunning_issued_on, dunning_fee, dunning_fee_paid, late_charge_paid, overpaid
  FROM zeimu.collection_installment_balance ORDER BY notice_no;
ROLLBACK;

\echo ''
\echo '==== A day of payments (2025-07-31) for the sample municipality 131130'
BEGIN;
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 7001, 'fixed_asset', 2025, 'D-101', 2, '2025-07-31', '2025-07-31', 25000),
	('131130', 7002, 'fixed_asset', 2025, 'D-102', 2, '2025-07-31', '2025-07-31', 18000),
	('131130', 7003, 'inhabitant', 2025, 'D-103', 2, '2025-09-01', '2025-09-01', 12000),
	('131130', 7004, 'light_vehicle', 2025, 'D-104', 1, '2025-06-02', '2025-06-02', 10800),
	('131130', 7004, 'fixed_asset', 2024, 'D-105', 4, '2025-02-28', '2025-02-28', 30000);
\echo 'Each installment carries a payment number (納付番号: municipality + installment + Luhn check digit):'
SELECT notice_no, period_no, tax_kind, fiscal_year, principal, payment_no, zeimu.payment_no_is_valid(payment_no) AS valid
  FROM zeimu.collection_installment WHERE notice_no LIKE 'D-1%' ORDER BY notice_no;

\echo ''
\echo 'At the counter, D-103 is paid by its payment number (read from the slip''s barcode):'
SELECT zeimu.post_payment_by_number('131130', 'counter', 'CTR-20250731-001', payment_no, 12000, '2025-07-31', '2025-07-31') IS NOT NULL AS posted
  FROM zeimu.collection_installment WHERE notice_no = 'D-103';

\echo ''
\echo 'The bank''s reconciliation file (COPY) has a malformed amount on line 4:'
SET zeimu_import.lg_code = '131130';
SET zeimu_import.batch_id = 'bank-2025-07-31';
COPY zeimu.collection_import_line (channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date)
FROM STDIN (FORMAT csv, HEADER true);
channel,record_id,notice_no,period_no,amount,receipt_date,revenue_date
bank,B20250731-0001,D-101,2,25000,2025-07-31,2025-08-01
bank,B20250731-0002,D-102,2,18000,2025-07-31,2025-08-01
bank,B20250731-0003,D-104,1,13000,2025-07-31,2025-08-01
bank,B20250731-0004,D-102,2,"1,000",2025-07-31,2025-08-01
bank,B20250731-0005,D-999,1,5000,2025-07-31,2025-08-01
\.
SELECT line_no, reason FROM zeimu.collection_import_problem WHERE batch_id = 'bank-2025-07-31' ORDER BY line_no;
SAVEPOINT bad_file;
\set ON_ERROR_STOP 0
SELECT * FROM zeimu.import_payments('131130', 'bank-2025-07-31');
\set ON_ERROR_STOP 1
ROLLBACK TO SAVEPOINT bad_file;
\echo 'Nothing was posted.  The bank sends the corrected file (line 4 removed; D-999 is unknown):'
SET zeimu_import.batch_id = 'bank-2025-07-31-fixed';
COPY zeimu.collection_import_line (channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date)
FROM STDIN (FORMAT csv, HEADER true);
channel,record_id,notice_no,period_no,amount,receipt_date,revenue_date
bank,B20250731-0001,D-101,2,25000,2025-07-31,2025-08-01
bank,B20250731-0002,D-102,2,18000,2025-07-31,2025-08-01
bank,B20250731-0003,D-104,1,13000,2025-07-31,2025-08-01
bank,B20250731-0005,D-999,1,5000,2025-07-31,2025-08-01
\.
SELECT * FROM zeimu.import_payments('131130', 'bank-2025-07-31-fixed');
\echo 'Sent again, it posts nothing:'
SELECT * FROM zeimu.import_payments('131130', 'bank-2025-07-31-fixed');
\echo 'The suspense queue (未確認入金), with the reason:'
SELECT channel, channel_record_id, amount, receipt_date, reason FROM zeimu.collection_suspense_queue
 WHERE channel_record_id LIKE 'B20250731-%';

\echo ''
\echo 'The six balances of the day''s installments as of 2025-08-01 (accounting year 2025; levy 2024 = 滞納繰越分):'
SELECT b.notice_no, b.year_class, b.part, b.assessed, b.received, b.provisional, b.unpaid, b.overpaid, b.in_process
  FROM zeimu.collection_balance_as_of('131130', '2025-08-01') b
 WHERE b.notice_no LIKE 'D-1%' AND (b.part = 'principal' OR b.assessed > 0)
 ORDER BY b.notice_no, b.part DESC;
SELECT year_class, part, installments, assessed, received, unpaid, overpaid
  FROM zeimu.collection_year_summary('131130', '2025-08-01') WHERE part = 'principal';

\echo ''
\echo 'Person 7004 paid D-104 (¥10,800) with ¥13,000: the ¥2,200 over-payment is appropriated (充当, 法17条の2)'
\echo 'to the unpaid 2024 installment D-105 before any refund:'
SELECT * FROM zeimu.appropriate_overpayments('131130', 7004, '2025-08-01');
SELECT i.notice_no AS target, a.amount, a.fit_date, a.refund_interest
  FROM zeimu.collection_appropriation a JOIN zeimu.collection_installment i USING (installment_id) WHERE i.atena_no = 7004;
SELECT b.notice_no, b.year_class, b.received, b.unpaid, b.overpaid
  FROM zeimu.collection_balance_as_of('131130', '2025-08-01') b
 WHERE b.atena_no = 7004 AND b.part = 'principal' ORDER BY b.notice_no;
ROLLBACK;
