-- demo: collection — 督促 with exclusions, 催告, the print file, a delinquency case, prescription, a 納税証明書
BEGIN;
SET LOCAL search_path = public, zeimu;  -- for the lg_code operators in the joins below
\echo 'A municipality, three taxpayers and their 固定資産税 2025 (¥30,000 a period, 納期限 2025-04-30 and 07-31):'
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131130', 'デモ区', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'H1', '本庁 納税課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, postal_code, address, office_code) VALUES
	('131130', 7001, '督促 一郎', '1500001', '東京都デモ区神宮前一丁目1番', 'H1'),
	('131130', 7002, '猶予 花子', '1500002', '東京都デモ区渋谷二丁目2番', 'H1'),
	('131130', 7003, '差押 三郎', '1500003', '東京都デモ区宇田川町3番', 'H1');
SELECT zeimu.provision_seed('131130') > 0 AS provision_catalogue_copied;
INSERT INTO zeimu.collection_dunning_fee VALUES ('131130', '2000-04-01', 100, 'デモ区税外収入条例: 督促手数料 ¥100');
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal)
SELECT '131130', a, 'fixed_asset', 2025, 'D-' || a, p, d, d, 30000
  FROM unnest(ARRAY[7001, 7002, 7003]) a, (VALUES (1, DATE '2025-04-30'), (2, DATE '2025-07-31')) v(p, d);
SELECT atena_no, notice_no, period_no, due_date, principal FROM zeimu.collection_installment ORDER BY atena_no, period_no;

\echo ''
\echo '猶予 花子 is granted a 徴収猶予 (法15条) from 2025-05-01 to 2025-10-31: no 督促 while it lasts (法329条②).'
SELECT zeimu.record_delinquency_event('131130', 7002, 'collection_deferral', '2025-05-01', '2025-10-31') AS event_id;

\echo ''
\echo '督促 run of 2025-05-20 (deadline 04-30 + 20 days = 05-20), run twice: issued, skipped, after the deadline'
CALL zeimu.issue_dunning('131130', '2025-05-20');
CALL zeimu.issue_dunning('131130', '2025-05-20');
SELECT i.atena_no, i.notice_no, i.period_no, d.issued_on, d.deadline, d.fee
  FROM zeimu.collection_dunning d JOIN zeimu.collection_installment i USING (lg_code, installment_id) ORDER BY 1, 3;
\echo 'The skip list the clerk reads:'
SELECT run_date, atena_no, reason, detail FROM zeimu.collection_dunning_skip ORDER BY atena_no;

\echo ''
\echo '催告 run of 2025-05-30 (10 days after the 督促; the national rule row, a 要綱 may differ):'
CALL zeimu.issue_reminders('131130', '2025-05-30');
SELECT r.atena_no, i.notice_no, i.period_no, r.round, r.issued_on, r.principal_unpaid
  FROM zeimu.collection_reminder r JOIN zeimu.collection_installment i USING (lg_code, installment_id) ORDER BY 1;

\echo ''
\echo 'The 督促状 data file for the printing contractor (through zeimu.provide; no Individual Number):'
SELECT provision_id, record_count FROM zeimu.collection_print_file('131130', 'dunning', '2025-05-20', '印刷委託契約 R7-3');
SELECT p.recipient_code, p.basis_code, p.record_count, p.items, h.contract_ref AS handover_slip_contract, h.record_count AS slip_records
  FROM zeimu.provision_record p JOIN zeimu.handover_slip h USING (lg_code, provision_id)
 WHERE p.lg_code = '131130'::zeimu.lg_code;
SELECT kind, issued_on, notices, persons FROM zeimu.collection_print_file;

\echo ''
\echo '差押 三郎: a delinquency case — property investigation, then a seizure of a deposit on 2025-06-10:'
SELECT zeimu.record_delinquency_event('131130', 7003, 'investigation', '2025-06-02', p_note => '預金照会 2行') AS investigation,
       zeimu.record_delinquency_event('131130', 7003, 'seizure', '2025-06-10', p_property_type => 'deposit', p_amount => 60000,
	   p_installment_ids => ARRAY(SELECT installment_id FROM zeimu.collection_installment WHERE atena_no = 7003 AND period_no = 1)) AS seizure;
SELECT atena_no, state, events, investigations, seizures, seizures_in_force, seized_amount_in_force, deferral_in_force
  FROM zeimu.delinquency_case_state_on('2025-06-30') ORDER BY atena_no;

\echo ''
\echo 'Prescription of 差押 三郎''s first period, explained (督促 renews, 差押 suspends completion):'
\pset format unaligned
SELECT (zeimu.installment_prescription('131130', installment_id)).explanation
  FROM zeimu.collection_installment WHERE atena_no = 7003 AND period_no = 1;
\pset format aligned

\echo ''
\echo '督促 一郎 pays period 1 (¥30,100 on 2025-06-05) and asks for a 納税証明書:'
SELECT zeimu.post_payment('131130', 'counter', 'DEMO-71-1',
	(SELECT installment_id FROM zeimu.collection_installment WHERE atena_no = 7001 AND period_no = 1),
	30100, '2025-06-05', '2025-06-05') AS payment_id;
SELECT certificate_id, tax_kind, fiscal_year, notice_no, period_no, due_date, assessed, paid, written_off, unpaid, status
  FROM zeimu.tax_payment_certificate('131130', 7001, 'fixed_asset', 2025, '融資申込');
SELECT atena_no, installments, assessed, paid, unpaid, purpose FROM zeimu.collection_certificate;
ROLLBACK;
