-- collection: a payment file loaded with COPY into the staging table, its bad
-- line listed, nothing posted; then the corrected file posted (doc/collection.md §10).
-- One transaction, rolled back at the end, so later files see none of it.
BEGIN;
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 3001, 'fixed_asset', 2025, 'R-1', 1, '2025-04-30', '2025-04-30', 30000),
	('131130', 3002, 'fixed_asset', 2025, 'R-2', 1, '2025-04-30', '2025-04-30', 20000);
SET zeimu_import.lg_code = '131130';
SET zeimu_import.batch_id = 'bank-2025-04-25';
COPY zeimu.collection_import_line (channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date)
FROM STDIN (FORMAT csv, HEADER true);
channel,record_id,notice_no,period_no,amount,receipt_date,revenue_date
bank,20250425-0001,R-1,1,30000,2025-04-25,2025-04-28
bank,20250425-0002,R-2,1,2O000,2025-04-25,2025-04-28
bank,20250425-0003,,,5000,2025-04-25,2025-04-28
\.
SELECT line_no, reason FROM zeimu.collection_import_problem WHERE batch_id = 'bank-2025-04-25' ORDER BY line_no;
SAVEPOINT refused;
SELECT * FROM zeimu.import_payments('131130', 'bank-2025-04-25');
ROLLBACK TO SAVEPOINT refused;
SELECT count(*) AS payments FROM zeimu.collection_payment WHERE channel_record_id LIKE '20250425-%';
-- the corrected file, under a new batch id
SET zeimu_import.batch_id = 'bank-2025-04-25-fixed';
COPY zeimu.collection_import_line (channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date)
FROM STDIN (FORMAT csv, HEADER true);
channel,record_id,notice_no,period_no,amount,receipt_date,revenue_date
bank,20250425-0001,R-1,1,30000,2025-04-25,2025-04-28
bank,20250425-0002,R-2,1,20000,2025-04-25,2025-04-28
bank,20250425-0003,,,5000,2025-04-25,2025-04-28
\.
SELECT * FROM zeimu.import_payments('131130', 'bank-2025-04-25-fixed');
SELECT notice_no, principal_paid, principal_unpaid FROM zeimu.collection_installment_balance
 WHERE notice_no IN ('R-1', 'R-2') ORDER BY notice_no;
SELECT channel_record_id, amount FROM zeimu.collection_suspense_queue WHERE channel_record_id LIKE '20250425-%';
-- sent again: nothing posted twice
SELECT * FROM zeimu.import_payments('131130', 'bank-2025-04-25-fixed');
ROLLBACK;
