-- collection: account transfer (口座振替, doc/collection.md §16): registered
-- accounts, the request batch of a 納期限, the bank's result file (全銀協
-- 振替結果コード 0 = 振替済, 1 = 資金不足 …), successes posted through the
-- import's posting path, failures counted by code with a 振替不能通知 queued.
BEGIN;
SELECT plan(18);

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 5001, 'fixed_asset', 2025, 'AT-1', 2, '2025-07-31', '2025-07-31', 20000),
	('131130', 5002, 'inhabitant', 2025, 'AT-2', 2, '2025-07-31', '2025-07-31', 15000),
	('131130', 5003, 'fixed_asset', 2025, 'AT-3', 2, '2025-07-31', '2025-07-31', 8000),
	('131130', 5004, 'fixed_asset', 2025, 'AT-4', 2, '2025-07-31', '2025-07-31', 9000),
	('131130', 5001, 'fixed_asset', 2025, 'AT-1', 3, '2025-09-30', '2025-09-30', 20000);
CREATE TEMP TABLE inst AS
SELECT notice_no || '/' || period_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE notice_no LIKE 'AT-%';
GRANT SELECT ON inst TO PUBLIC;

CREATE ROLE regress_transfer_clerk IN ROLE zeimu_collection;
SELECT zeimu.register_staff('131130', 'ATR1', 'regress_transfer_clerk', 'Collection clerk', ARRAY['collection'], '{}', true);
SET LOCAL ROLE regress_transfer_clerk;

CREATE TEMP TABLE acct AS
SELECT 'A5001' AS k, zeimu.add_transfer_account('131130', 5001, NULL, '0001', '001', 'ordinary', '1234567', 'ﾃｽﾄ ﾀﾛｳ', '2025-01-01') AS id
UNION ALL SELECT 'A5002-all', zeimu.add_transfer_account('131130', 5002, NULL, '0005', '010', 'ordinary', '7654321', 'ﾃｽﾄ ﾊﾅｺ', '2025-01-01')
UNION ALL SELECT 'A5002-inh', zeimu.add_transfer_account('131130', 5002, 'inhabitant', '0009', '100', 'savings', '0000123', 'ﾃｽﾄ ﾊﾅｺ', '2025-01-01')
UNION ALL SELECT 'A5004', zeimu.add_transfer_account('131130', 5004, NULL, '0001', '002', 'current', '1111111', 'ﾃｽﾄ ｼﾞﾛｳ', '2025-01-01');
-- AT-4 is already paid at the counter
SELECT zeimu.post_payment('131130', 'counter', 'AT-C4', (SELECT id FROM inst WHERE k = 'AT-4/2'), 9000, '2025-07-10', '2025-07-10') IS NOT NULL AS paid;

SELECT throws_ok($$SELECT zeimu.add_transfer_account('131130', 5003, NULL, '0001', '001', 'ordinary', '123456', 'ﾃｽﾄ', '2025-01-01')$$,
	'22023', 'bank code, branch code or account number is malformed', 'a 6-digit account number is refused, and not echoed');
SELECT throws_ok($$SELECT zeimu.add_transfer_account('131130', 5003, NULL, '0001', '001', 'loan', '1234567', 'ﾃｽﾄ', '2025-01-01')$$,
	'22023', 'unknown account type "loan"', 'an unknown account type is refused');

-- ---- the request batch of 2025-07-31 -----------------------------------------------
-- AT-1/2 (5001, 20,000) and AT-2/2 (5002, 15,000): 35,000.  AT-3 has no account,
-- AT-4 is paid, AT-1/3 is due another day.
SELECT results_eq($$SELECT * FROM zeimu.account_transfer_request('131130', '2025-07-31')$$,
	$$VALUES (2, 35000::bigint, 0)$$, 'two requests for ¥35,000');
SELECT results_eq($$SELECT * FROM zeimu.account_transfer_request('131130', '2025-07-31')$$,
	$$VALUES (0, 0::bigint, 2)$$, 'a second run requests nothing again');
SELECT results_eq($$SELECT i.k, f.bank_code, f.branch_code, f.account_type, f.amount FROM zeimu.collection_transfer_request_file f
	JOIN inst i ON i.id = f.installment_id ORDER BY 1$$,
	$$VALUES ('AT-1/2'::text, '0001'::text, '001'::text, 'ordinary'::text, 20000::bigint),
	         ('AT-2/2', '0009', '100', 'savings', 15000)$$,
	'the request file: 5001''s account; for 5002''s inhabitant tax the account registered for that tax');

-- ---- the bank's result file ----------------------------------------------------------
CREATE TEMP TABLE req AS SELECT i.k, r.request_id AS id FROM zeimu.collection_transfer_request r JOIN inst i ON i.id = r.installment_id;
GRANT SELECT ON req TO PUBLIC;
INSERT INTO zeimu.collection_transfer_result_line (lg_code, batch_id, request_id, amount, result_code, transfer_date)
VALUES ('131130', 'R0731', (SELECT id FROM req WHERE k = 'AT-1/2')::text, '20000', '0', '2025-07-31'),
       ('131130', 'R0731', (SELECT id FROM req WHERE k = 'AT-2/2')::text, '15000', '1', '2025-07-31');
SELECT results_eq($$SELECT * FROM zeimu.import_account_transfer_result('131130', 'R0731')$$,
	$$VALUES (2, 1, 1, 0, '{"1": 1}'::jsonb)$$, 'one transferred, one failed for 資金不足 (code 1)');
SELECT results_eq($$SELECT p.channel, p.channel_record_id, p.receipt_date, p.revenue_date, a.part, a.amount
	FROM zeimu.collection_payment p JOIN zeimu.collection_allocation a USING (payment_id) WHERE p.installment_id = (SELECT id FROM inst WHERE k = 'AT-1/2')$$,
	$$VALUES ('account_transfer'::text, 'AT-' || (SELECT id FROM req WHERE k = 'AT-1/2'), '2025-07-31'::date, '2025-07-31'::date, 'principal'::text, 20000::bigint)$$,
	'the success is a payment of channel account_transfer, record AT-<request>, received on the transfer day, allocated to 本税');
SELECT results_eq($$SELECT k, principal_unpaid FROM zeimu.collection_installment_balance b JOIN inst ON id = b.installment_id
	WHERE k IN ('AT-1/2', 'AT-2/2') ORDER BY 1$$,
	$$VALUES ('AT-1/2'::text, 0::bigint), ('AT-2/2', 15000::bigint)$$, 'AT-1/2 paid; AT-2/2 still owes 15,000');
SELECT results_eq($$SELECT n.atena_no, i.k, n.result_code FROM zeimu.collection_transfer_notice n JOIN inst i ON i.id = n.installment_id$$,
	$$VALUES (5002::bigint, 'AT-2/2'::text, '1'::text)$$, 'a 振替不能通知 is queued for the failed installment');
SELECT results_eq($$SELECT atena_no, failures FROM zeimu.collection_transfer_failure_count$$,
	$$VALUES (5002::bigint, 1::bigint)$$, '口振不能回数 of 5002: 1');
SELECT results_eq($$SELECT result_code, payment_id IS NOT NULL FROM zeimu.collection_transfer_result r JOIN req ON req.id = r.request_id ORDER BY k$$,
	$$VALUES ('0'::text, true), ('1', false)$$, 'each result is recorded; the success with its payment');

-- ---- sent again: nothing twice -------------------------------------------------------
INSERT INTO zeimu.collection_transfer_result_line (lg_code, batch_id, request_id, amount, result_code, transfer_date)
SELECT lg_code, 'R0731-again', request_id, amount, result_code, transfer_date FROM zeimu.collection_transfer_result_line WHERE batch_id = 'R0731' ORDER BY seq;
SELECT results_eq($$SELECT * FROM zeimu.import_account_transfer_result('131130', 'R0731-again')$$,
	$$VALUES (2, 0, 0, 2, '{}'::jsonb)$$, 'the same results again post nothing and queue nothing');
SELECT is((SELECT count(*) FROM zeimu.collection_payment WHERE channel = 'account_transfer'), 1::bigint, 'still one transfer payment');

-- ---- a bad result file: nothing posted -----------------------------------------------
INSERT INTO zeimu.collection_transfer_result_line (lg_code, batch_id, request_id, amount, result_code, transfer_date)
VALUES ('131130', 'RBAD', '999999999', '100', '0', '2025-07-31'),
       ('131130', 'RBAD', (SELECT id FROM req WHERE k = 'AT-2/2')::text, '14000', '0', '2025-07-31'),
       ('131130', 'RBAD', (SELECT id FROM req WHERE k = 'AT-2/2')::text, '15000', 'X', '2025-02-30'),
       ('131130', 'RBAD', (SELECT id FROM req WHERE k = 'AT-1/2')::text, '20000', '1', '2025-07-31');
SELECT results_eq($$SELECT line_no, reason FROM zeimu.collection_transfer_result_problem WHERE batch_id = 'RBAD' ORDER BY 1, 2$$,
	$$VALUES (1::bigint, 'request "999999999" is not a request of this municipality'),
	         (2, 'amount "14000" differs from the amount requested'),
	         (2, 'the request already has a different result'),
	         (2, 'the same request appears on more than one line of the batch'),
	         (3, 'the request already has a different result'),
	         (3, 'the same request appears on more than one line of the batch'),
	         (3, 'transfer date "2025-02-30" is not a date YYYY-MM-DD'),
	         (3, 'unknown result code "X"'),
	         (4, 'the request already has a different result')$$,
	'an unknown request, a wrong amount, an unknown code, a date that does not exist, a duplicate and a changed result are listed');
SELECT throws_ok($$SELECT * FROM zeimu.import_account_transfer_result('131130', 'RBAD')$$, '22P04',
	'batch RBAD has 4 bad line(s); nothing was posted', 'and the batch is refused');
SELECT is((SELECT count(*) FROM zeimu.collection_payment WHERE channel = 'account_transfer'), 1::bigint, 'nothing was posted');
SELECT throws_ok($$SELECT * FROM zeimu.account_transfer_request('131130', NULL)$$, '22004',
	'municipality and a finite due date are required', 'a due date is required');
SELECT is((SELECT count(*) FROM zeimu.collection_transfer_account WHERE atena_no = 5002), 2::bigint,
	'a collection clerk reads the registered accounts');

SELECT * FROM finish();
ROLLBACK;
