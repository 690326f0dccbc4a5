-- demo: collection — 返還金: repaying an old year under the municipality's 要綱, with a second clerk's approval
BEGIN;
SET LOCAL search_path = public, zeimu;  -- for the lg_code operators below
\echo 'A taxpayer whose 住宅用地特例 was never applied: 固定資産税 2016 and 2021 were paid in full.'
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131130', 'デモ区', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'H1', '本庁 納税課', 'hq_division');
INSERT INTO zeimu.person (lg_code, atena_no, name, postal_code, address, office_code) VALUES
	('131130', 7101, '返還 一郎', '1500001', '東京都デモ区神宮前一丁目1番', 'H1');
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 7101, 'fixed_asset', 2016, 'H-2016', 1, '2016-04-30', '2016-05-02', 50000),
	('131130', 7101, 'fixed_asset', 2016, 'H-2016', 2, '2016-08-01', '2016-08-01', 50000),
	('131130', 7101, 'fixed_asset', 2021, 'H-2021', 1, '2021-04-30', '2021-04-30', 30000);
SELECT zeimu.post_payment('131130', 'bank', 'DEMO-RP-' || installment_id, installment_id, principal, due_date, due_date) AS payment_id
  FROM zeimu.collection_installment WHERE lg_code = '131130'::zeimu.lg_code ORDER BY installment_id;
\echo 'Two clerks of the 納税課: A decides, B approves.'
DO $$ BEGIN
	PERFORM zeimu.register_staff('131130', 'DRP-A', 'demo_repay_a', '納税課 担当', ARRAY['collection'], ARRAY['H1']);
	PERFORM zeimu.register_staff('131130', 'DRP-B', 'demo_repay_b', '納税課 係長', ARRAY['collection'], ARRAY['H1']);
END $$;

\echo ''
\echo 'The 要綱 of デモ区 (no national scheme exists: the law gives no repayment past 法17条の5):'
INSERT INTO zeimu.collection_repayment_scheme VALUES
	('131130', '2020-04-01', 10, 'none', 'デモ区固定資産税等返還金支払要綱 第3条 (10年, 利息なし)');
SELECT lg_code, valid_from, max_years, interest_rule FROM zeimu.collection_repayment_scheme;
\echo 'Which years can be corrected, and which repaid (法定納期限 the day after + 5 years / + 10 years):'
SELECT fiscal_year, min(statutory_due_date) AS statutory_due_date,
	   zeimu.correction_period_end('131130', fiscal_year, min(statutory_due_date)) AS correctable_through,
	   zeimu.civil_period_end(min(statutory_due_date) + 1, 120) AS repayable_through
  FROM zeimu.collection_installment WHERE lg_code = '131130'::zeimu.lg_code GROUP BY fiscal_year ORDER BY 1;

SET ROLE demo_repay_a;
\echo ''
\echo 'On 2026-04-30 the 2021 year is still correctable: the clerk is sent to 更正 and decide_refund.'
DO $$ BEGIN
	PERFORM zeimu.decide_repayment('131130', 7101, 'fixed_asset', 2021, 30000, '収納記録', '住宅用地特例の適用漏れ',
		'2026-04-30', '返還 一郎', '0001-001-7654321');
EXCEPTION WHEN object_not_in_prerequisite_state THEN
	RAISE NOTICE 'refused (%): %', SQLSTATE, SQLERRM;
END $$;
\echo 'The 2016 year (last day of the 10 years) is decided by clerk A: ¥60,000 on 領収書:'
SELECT zeimu.decide_repayment('131130', 7101, 'fixed_asset', 2016, 60000, '領収書 H28 1期・2期', '住宅用地特例の適用漏れ',
	'2026-04-30', '返還 一郎', '0001-001-7654321') AS repayment_id \gset
SELECT repayment_id, fiscal_year, statutory_due_date, amount, interest, status, approval_id FROM zeimu.collection_repayment;
SELECT approval_id AS approval_id FROM zeimu.collection_repayment WHERE repayment_id = :repayment_id \gset
RESET ROLE;
SET ROLE demo_repay_b;
\echo 'Clerk B approves (clerk A could not: ZA001):'
SELECT zeimu.approve(:approval_id);
RESET ROLE;
SET ROLE demo_repay_a;
SELECT zeimu.mark_repayment_paid('131130', :repayment_id, '2026-05-20');
SELECT repayment_id, amount, status, paid_on, approved_by FROM zeimu.collection_repayment;
RESET ROLE;
ROLLBACK;
