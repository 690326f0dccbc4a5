-- collection: 納税証明書 (tax_payment_certificate) and the 督促状 print file
-- for the printing contractor (collection_print_file through zeimu.provide).
--
-- Person 6001 (office H1), 固定資産税 2025, 4 periods of ¥25,000 (¥100,000):
--   1: due 04-30, paid 04-30 in full              → paid 25,000, unpaid 0
--   2: due 07-31, paid ¥10,000 on 07-31           → paid 10,000, unpaid 15,000
--   3: due 12-25, 4: due 2026-03-02, nothing paid → unpaid 25,000 each
--   totals: assessed 100,000, paid 35,000, unpaid 65,000
-- Person 6002 (office B1): 軽自動車税 2025 ¥10,000 due 07-31, unpaid.
-- 督促 run 2025-08-20 (fee ¥100): period 2 of 6001 and 6002's installment.
--   period 2's 延滞金 to 08-20: base 15,000 × 2.4% × 20 d / 365 = 19 → under ¥1,000 → 0
BEGIN;
SELECT plan(20);

INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131130', 'テスト区', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'H1', '本庁', 'hq_division'),
	('131130', 'B1', '北出張所', 'branch');
INSERT INTO zeimu.person (lg_code, atena_no, name, postal_code, address, office_code) VALUES
	('131130', 6001, '納税 一郎', '1000001', '東京都テスト区一丁目1番', 'H1'),
	('131130', 6002, '滞納 次郎', '1000002', '東京都テスト区北二丁目2番', 'B1');
INSERT INTO zeimu.collection_dunning_fee VALUES ('131130', '2000-04-01', 100, 'test 条例: ¥100');
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 6001, 'fixed_asset', 2025, 'C-1', 1, '2025-04-30', '2025-04-30', 25000),
	('131130', 6001, 'fixed_asset', 2025, 'C-1', 2, '2025-07-31', '2025-07-31', 25000),
	('131130', 6001, 'fixed_asset', 2025, 'C-1', 3, '2025-12-25', '2025-12-25', 25000),
	('131130', 6001, 'fixed_asset', 2025, 'C-1', 4, '2026-03-02', '2026-03-02', 25000),
	('131130', 6001, 'light_vehicle', 2025, 'L-1', 1, '2025-06-02', '2025-06-02', 10800),
	('131130', 6002, 'light_vehicle', 2025, 'L-2', 1, '2025-07-31', '2025-07-31', 10000);
CREATE TEMP TABLE inst AS
SELECT notice_no || '/' || period_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE lg_code::text = '131130';
GRANT SELECT ON inst TO PUBLIC;
SELECT zeimu.post_payment('131130', 'bank', 'C1-1', (SELECT id FROM inst WHERE k = 'C-1/1'), 25000, '2025-04-30', '2025-05-01');
SELECT zeimu.post_payment('131130', 'bank', 'C1-2', (SELECT id FROM inst WHERE k = 'C-1/2'), 10000, '2025-07-31', '2025-08-01');
SELECT zeimu.post_payment('131130', 'bank', 'L1-1', (SELECT id FROM inst WHERE k = 'L-1/1'), 10800, '2025-06-02', '2025-06-03');
SELECT zeimu.register_staff('131130', 'CERT-A', 'regress_cert_a', 'Collection clerk', ARRAY['collection'], ARRAY['H1']);
SELECT zeimu.provision_seed('131130') > 0 AS seeded;

-- the certificate
SET LOCAL ROLE regress_cert_a;
CREATE TEMP TABLE cert AS SELECT * FROM zeimu.tax_payment_certificate('131130', 6001, 'fixed_asset', 2025, '融資申込');
SELECT results_eq($$SELECT notice_no, period_no::int, assessed, paid, written_off, unpaid, status FROM cert ORDER BY period_no$$,
	$$VALUES ('C-1', 1, 25000::bigint, 25000::bigint, 0::bigint, 0::bigint, 'paid'),
	         ('C-1', 2, 25000, 10000, 0, 15000, 'unpaid'),
	         ('C-1', 3, 25000, 0, 0, 25000, 'unpaid'),
	         ('C-1', 4, 25000, 0, 0, 25000, 'unpaid')$$,
	'per period: assessed, paid, written off, unpaid (the light vehicle tax is another certificate)');
SELECT throws_ok($$SELECT * FROM zeimu.tax_payment_certificate('131130', 6002, 'light_vehicle', 2025, '融資申込')$$,
	'P0002', 'no such person in your offices', 'a person of another office is refused as if absent (P0002)');
SELECT throws_ok($$SELECT * FROM zeimu.tax_payment_certificate('131130', 6001, 'inhabitant', 2025, '融資申込')$$,
	'P0002', 'no inhabitant installment of fiscal year 2025 for this person', 'nothing assessed for that tax and year (P0002)');
SELECT throws_ok($$SELECT * FROM zeimu.tax_payment_certificate('131130', 6001, 'fixed_asset', 2025, ' ')$$,
	'22023', 'the purpose of the certificate is required', 'a purpose is required (22023)');
RESET ROLE;
SELECT results_eq($$SELECT atena_no, tax_kind, fiscal_year, installments, assessed, paid, unpaid, staff_id, purpose FROM zeimu.collection_certificate$$,
	$$VALUES (6001::bigint, 'fixed_asset', 2025, 4, 100000::bigint, 35000::bigint, 65000::bigint, 'CERT-A', '融資申込')$$,
	'the issuance is recorded with its totals, the staff member and the purpose (refused calls record nothing)');
SELECT results_eq($$SELECT atena_no, function_name, purpose FROM zeimu.access_log WHERE function_name = 'tax_payment_certificate'$$,
	$$VALUES (6001::bigint, 'tax_payment_certificate', '融資申込')$$, 'and written to the access log');
SELECT is((SELECT count(*) FROM cert WHERE certificate_id = (SELECT certificate_id FROM zeimu.collection_certificate)), 4::bigint,
	'every line carries the certificate number');

-- the print file of the 督促 run of 2025-08-20
CALL zeimu.issue_dunning('131130', '2025-08-20');
SET LOCAL ROLE regress_cert_a;
CREATE TEMP TABLE pf AS SELECT * FROM zeimu.collection_print_file('131130', 'dunning', '2025-08-20', '印刷委託契約 R7-12');
SELECT results_eq($$SELECT record_count, encrypted IS NULL FROM pf$$, $$VALUES (2, true)$$, 'one record per person: 2');
SELECT results_eq($$SELECT r->>'name', r->>'postal_code', r->>'address' FROM pf, jsonb_array_elements(pf.payload) r ORDER BY r->>'record_no'$$,
	$$VALUES ('納税 一郎', '1000001', '東京都テスト区一丁目1番'), ('滞納 次郎', '1000002', '東京都テスト区北二丁目2番')$$,
	'name, postal code and address of each addressee');
SELECT results_eq($$SELECT n->>'payment_ref', (n->>'principal_unpaid')::bigint, (n->>'dunning_fee')::bigint, (n->>'late_charge_to_date')::bigint,
	n->>'due_date', n->>'dunning_deadline'
	FROM pf, jsonb_array_elements(pf.payload) r, jsonb_array_elements(r->'collection_notices') n ORDER BY 1$$,
	$$VALUES ('C-1-2', 15000::bigint, 100::bigint, 0::bigint, '2025-07-31', '2025-08-20'),
	         ('L-2-1', 10000, 100, 0, '2025-07-31', '2025-08-20')$$,
	'each notice: payment reference, 本税 unpaid, 督促手数料, 延滞金 to date (19 yen → 0), due date, deadline');
SELECT results_eq($$SELECT n->>'payment_no', zeimu.payment_no_is_valid(n->>'payment_no')
	FROM pf, jsonb_array_elements(pf.payload) r, jsonb_array_elements(r->'collection_notices') n ORDER BY n->>'payment_ref'$$,
	$$SELECT payment_no, true FROM zeimu.collection_installment WHERE installment_id IN (SELECT id FROM inst WHERE k IN ('C-1/2', 'L-2/1')) ORDER BY notice_no$$,
	'each notice carries its installment''s 納付番号 (check digit valid) for the slip');
SELECT is((SELECT count(*) FROM pf, jsonb_array_elements(pf.payload) r, jsonb_object_keys(r) k WHERE k = 'mynumber'), 0::bigint,
	'no Individual Number in the file');
RESET ROLE;
SELECT results_eq($$SELECT p.recipient_code, p.basis_code, p.record_count, p.items FROM zeimu.provision_record p JOIN pf USING (provision_id)$$,
	$$VALUES ('print_contractor', 'itaku_print', 2, ARRAY['address', 'collection_notices', 'name', 'postal_code'])$$,
	'recorded as a provision to the printing contractor with its record count and items');
SELECT results_eq($$SELECT h.record_count, h.contract_ref, h.status FROM zeimu.handover_slip h JOIN pf USING (provision_id)$$,
	$$VALUES (2, '印刷委託契約 R7-12', 'provided')$$, 'with a hand-over slip (受渡票)');
SELECT results_eq($$SELECT kind, issued_on, notices, persons FROM zeimu.collection_print_file$$,
	$$VALUES ('dunning', '2025-08-20'::date, 2, 2)$$, 'the print file names the run day and its notices');
SELECT throws_ok($$SELECT zeimu.collection_print_file('131130', 'dunning', '2025-08-21', '印刷委託契約 R7-12')$$,
	'22023', 'no dunning notices were issued on 2025-08-21', 'a day without notices (22023)');
SELECT throws_ok($$SELECT zeimu.collection_print_file('131130', 'dunning', '2025-08-20', NULL)$$,
	'ZP005', 'an extract for contractor "print_contractor" needs the contract reference for its hand-over slip',
	'the contract reference is required for the 受渡票 (ZP005)');
SELECT throws_ok($$SELECT zeimu.collection_print_notices('131130', 6001)$$,
	'55000', 'the notices item is built only by zeimu.collection_print_file', 'the item function needs the run');

-- the 催告書 file of 2025-08-30 (督促 08-20 + 10 days: round 1 for both)
CALL zeimu.issue_reminders('131130', '2025-08-30');
SELECT results_eq($$SELECT n->>'payment_ref', (n->>'round')::int, (n->>'principal_unpaid')::bigint, n->>'issued_on'
	FROM zeimu.collection_print_file('131130', 'reminder', '2025-08-30', '印刷委託契約 R7-12') pf,
	     jsonb_array_elements(pf.payload) r, jsonb_array_elements(r->'collection_notices') n ORDER BY 1$$,
	$$VALUES ('C-1-2', 1, 15000::bigint, '2025-08-30'), ('L-2-1', 1, 10000, '2025-08-30')$$,
	'the 催告書 file carries round 1 of both, with the 本税 unpaid on its day');

-- row security: a clerk of office H1 sees the delinquency events of H1's persons only
SELECT zeimu.record_delinquency_event('131130', 6001, 'investigation', '2025-09-01');
SELECT zeimu.record_delinquency_event('131130', 6002, 'investigation', '2025-09-01');
SET LOCAL ROLE regress_cert_a;
SELECT results_eq($$SELECT atena_no FROM zeimu.delinquency_event ORDER BY 1$$, $$VALUES (6001::bigint)$$,
	'the clerk of office H1 sees 6001''s event, not 6002''s (office B1)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
