-- collection: over-payments, 充当 (法17条の2) and 還付 (法17条) with 還付加算金
-- (法17条の4; national rates 2025 0.9%, 2026 1.3%; days ÷ 365; base
-- truncated to ¥1,000, nothing under ¥2,000; result truncated to ¥100,
-- nothing under ¥1,000).  Values by hand.
--
-- 誤納 start (法17条の4①四): the day after one month from the day after the payment:
--   paid 2025-05-30 → month from 05-31 ends 06-30 → start 2025-07-01
--   paid 2025-04-10 → month from 04-11 ends 05-10 → start 2025-05-11
BEGIN;
SELECT plan(39);

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	-- person 2001: unpaid ¥1,500 (older) and ¥10,000 paid with ¥12,000
	('131130', 2001, 'fixed_asset', 2025, 'A-1', 1, '2025-04-30', '2025-04-30', 1500),
	('131130', 2001, 'light_vehicle', 2025, 'A-2', 1, '2025-06-02', '2025-06-02', 10000),
	-- person 2002: two taxes unpaid; the inhabitant tax has the lower id but the later 法定納期限
	('131130', 2002, 'inhabitant', 2025, 'B-1', 1, '2025-06-30', '2025-06-30', 1500),
	('131130', 2002, 'fixed_asset', 2025, 'B-2', 1, '2025-04-30', '2025-04-30', 1500),
	('131130', 2002, 'light_vehicle', 2025, 'B-3', 1, '2025-06-02', '2025-06-02', 10000),
	-- person 2003: unpaid, the oldest of all; never touched by the others' over-payments
	('131130', 2003, 'fixed_asset', 2024, 'C-1', 1, '2025-01-31', '2025-01-31', 5000),
	-- person 2004: ¥1,010,000 paid on a ¥10,000 installment, nothing else due
	('131130', 2004, 'fixed_asset', 2025, 'D-1', 1, '2025-04-30', '2025-04-30', 10000),
	-- person 2005: ¥1,010,000 paid; a ¥300,000 installment due 2025-12-31
	('131130', 2005, 'fixed_asset', 2025, 'E-1', 1, '2025-04-30', '2025-04-30', 10000),
	('131130', 2005, 'fixed_asset', 2025, 'E-1', 4, '2025-12-31', '2025-12-31', 300000),
	-- person 2006: over-payment reversed
	('131130', 2006, 'fixed_asset', 2025, 'F-1', 1, '2025-04-30', '2025-04-30', 1500),
	('131130', 2006, 'light_vehicle', 2025, 'F-2', 1, '2025-06-02', '2025-06-02', 10000);
CREATE TEMP TABLE inst AS
SELECT notice_no || '/' || period_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE lg_code::text = '131130';
GRANT SELECT ON inst TO PUBLIC;

DO $$ BEGIN
	PERFORM zeimu.post_payment('131130', 'bank', 'OP-A', (SELECT id FROM inst WHERE k = 'A-2/1'), 12000, '2025-05-30', '2025-06-02');
	PERFORM zeimu.post_payment('131130', 'bank', 'OP-B', (SELECT id FROM inst WHERE k = 'B-3/1'), 12000, '2025-05-30', '2025-06-02');
	PERFORM zeimu.post_payment('131130', 'bank', 'OP-D', (SELECT id FROM inst WHERE k = 'D-1/1'), 1010000, '2025-04-10', '2025-04-11');
	PERFORM zeimu.post_payment('131130', 'bank', 'OP-E', (SELECT id FROM inst WHERE k = 'E-1/1'), 1010000, '2025-04-10', '2025-04-11');
	PERFORM zeimu.post_payment('131130', 'bank', 'OP-F', (SELECT id FROM inst WHERE k = 'F-2/1'), 12000, '2025-05-30', '2025-06-02');
	PERFORM zeimu.reverse_payment('131130', (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'OP-F'), 'test: wrong posting');
END $$;

CREATE ROLE regress_overpay_clerk IN ROLE zeimu_collection;
SELECT zeimu.register_staff('131130', 'OVP1', 'regress_overpay_clerk', 'Collection clerk', ARRAY['collection'], '{}', true);
SET LOCAL ROLE regress_overpay_clerk;

-- detection: 12,000 − 10,000 = 2,000; 1,010,000 − 10,000 = 1,000,000; the reversed one is not listed
SELECT results_eq($$SELECT atena_no, overpaid, remaining FROM zeimu.collection_overpayment ORDER BY atena_no$$,
	$$VALUES (2001::bigint, 2000::bigint, 2000::bigint), (2002, 2000, 2000), (2004, 1000000, 1000000), (2005, 1000000, 1000000)$$,
	'over-payments per person; a reversed payment''s over-payment is not one');

-- 充当 as of 2025-07-31 (E-1/4 is not due yet):
--   2001: 1,500 to A-1 → 1 row, 1,500
--   2002: 1,500 to B-2 (法定納期限 04-30) then 500 to B-1 (06-30) → 2 rows, 2,000
--   interest: 2001 and 2002 paid 05-30 start 07-01, 充当適状日 = 05-30 (later of 05-30 and the
--   due dates 04-30 / 06-30 → 05-30 / 06-30): periods end before they start → 0
SELECT results_eq($$SELECT * FROM zeimu.appropriate_overpayments('131130', NULL, '2025-07-31')$$,
	$$VALUES (3, 3500::bigint, 0::bigint)$$, 'three appropriations, ¥3,500, no 還付加算金');
SELECT results_eq($$SELECT k, principal_unpaid FROM zeimu.collection_installment_balance b JOIN inst ON id = b.installment_id
	WHERE atena_no IN (2001, 2002) AND principal_unpaid > 0 OR k IN ('A-1/1', 'B-1/1', 'B-2/1') ORDER BY k$$,
	$$VALUES ('A-1/1', 0::bigint), ('B-1/1', 1000::bigint), ('B-2/1', 0::bigint)$$,
	'A-1 paid off; B-2 (older 法定納期限) paid off before B-1 gets the ¥500 left (1,500 − 500 = 1,000)');
SELECT results_eq($$SELECT k, a.amount, a.fit_date FROM zeimu.collection_appropriation a JOIN inst ON id = a.installment_id ORDER BY k$$,
	$$VALUES ('A-1/1', 1500::bigint, '2025-05-30'::date), ('B-1/1', 500, '2025-06-30'), ('B-2/1', 1500, '2025-05-30')$$,
	'appropriation rows with their 充当適状日');
SELECT results_eq($$SELECT p.channel, p.receipt_date, p.revenue_date FROM zeimu.collection_payment p
	JOIN zeimu.collection_appropriation a ON a.payment_id = p.payment_id WHERE a.installment_id = (SELECT id FROM inst WHERE k = 'A-1/1')$$,
	$$VALUES ('appropriation'::text, '2025-05-30'::date, '2025-07-31'::date)$$,
	'posted as a payment deemed made on the 充当適状日 (法17条の2③), recorded on the 充当 day');
SELECT is((SELECT principal_unpaid FROM zeimu.collection_installment_balance WHERE installment_id = (SELECT id FROM inst WHERE k = 'C-1/1')),
	5000::bigint, 'another person''s unpaid installment is never touched');
SELECT is((SELECT principal_unpaid FROM zeimu.collection_installment_balance WHERE installment_id = (SELECT id FROM inst WHERE k = 'F-1/1')),
	1500::bigint, 'a reversed payment''s over-payment is not appropriated');
SELECT is((SELECT principal_unpaid FROM zeimu.collection_installment_balance WHERE installment_id = (SELECT id FROM inst WHERE k = 'E-1/4')),
	300000::bigint, 'an installment whose 納期限 has not come is not appropriated to');
SELECT results_eq($$SELECT atena_no, appropriated, remaining FROM zeimu.collection_overpayment WHERE atena_no IN (2001, 2002) ORDER BY 1$$,
	$$VALUES (2001::bigint, 1500::bigint, 500::bigint), (2002, 2000, 0)$$, '2001 has ¥500 left; 2002 none');

-- idempotent
SELECT results_eq($$SELECT * FROM zeimu.appropriate_overpayments('131130', NULL, '2025-07-31')$$,
	$$VALUES (0, 0::bigint, 0::bigint)$$, 'a re-run appropriates nothing more');
SELECT is((SELECT count(*) FROM zeimu.collection_appropriation), 3::bigint, 'and writes nothing');

-- 還付加算金 runs to the 充当適状日 when it is before the 充当 day (法17条の4①):
--   2005: 300,000 appropriated on 2026-01-15 to E-1/4 due 2025-12-31 → runs 05-11..12-31 = 235 days
--   (May 21 + Jun 30 + Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31):
--   300000×0.009×235/365 = 634500/365 = 1738.36 → 1738 → ¥1,700
--   (to 01-15 it would add 300000×0.013×15/365 = 160.27 → 160: 1898 → ¥1,800)
SELECT results_eq($$SELECT * FROM zeimu.appropriate_overpayments('131130', 2005, '2026-01-15')$$,
	$$VALUES (1, 300000::bigint, 1700::bigint)$$, '2005: ¥300,000 appropriated with ¥1,700 還付加算金 to the 充当適状日');
SELECT is((SELECT remaining FROM zeimu.collection_overpayment WHERE atena_no = 2005), 700000::bigint, '2005 has ¥700,000 left');

-- refunds
--   2001: ¥500 decided 2025-08-29: base under ¥2,000 → no 還付加算金 (法17条の4②)
SELECT ok(zeimu.decide_refund('131130', 2001, '2025-08-29', 'テスト 太郎', '0001-001-1234567') IS NOT NULL, 'a refund is decided');
SELECT results_eq($$SELECT amount, refund_interest, status FROM zeimu.collection_refund WHERE atena_no = 2001$$,
	$$VALUES (500::bigint, 0::bigint, 'decided'::text)$$, '¥500 refunded, no 還付加算金 (base under ¥2,000)');
SELECT is((SELECT remaining FROM zeimu.collection_overpayment WHERE atena_no = 2001), 0::bigint, 'nothing left after the refund');
SELECT throws_ok($$SELECT zeimu.decide_refund('131130', 2001, '2025-08-30', 'テスト 太郎', '0001-001-1234567')$$,
	'55000', 'person 2001 of municipality 131130 has no over-payment left to refund', 'a second refund finds nothing (55000)');
--   2004: ¥1,000,000 decided 2025-12-31: start 05-11, 235 days:
--   1000000×0.009×235/365 = 2115000/365 = 5794.52 → 5794 → ¥5,700
SELECT ok(zeimu.decide_refund('131130', 2004, '2025-12-31', 'テスト 花子', '0005-002-7654321') IS NOT NULL, 'a large refund is decided');
SELECT results_eq($$SELECT amount, refund_interest FROM zeimu.collection_refund WHERE atena_no = 2004$$,
	$$VALUES (1000000::bigint, 5700::bigint)$$, '¥1,000,000 with ¥5,700 還付加算金 to the decision day');

SELECT throws_ok($$SELECT zeimu.mark_refund_paid('131130', (SELECT refund_id FROM zeimu.collection_refund WHERE atena_no = 2004), '2025-12-30')$$,
	'22008', 'a refund cannot be paid before it was decided', 'paid before decided is rejected (22008)');
SELECT lives_ok($$SELECT zeimu.mark_refund_paid('131130', (SELECT refund_id FROM zeimu.collection_refund WHERE atena_no = 2004), '2026-01-09')$$,
	'the refund is paid');
SELECT results_eq($$SELECT status, paid_on FROM zeimu.collection_refund WHERE atena_no = 2004$$,
	$$VALUES ('paid'::text, '2026-01-09'::date)$$, 'status paid with its day');
SELECT throws_ok($$SELECT zeimu.mark_refund_paid('131130', (SELECT refund_id FROM zeimu.collection_refund WHERE atena_no = 2004), '2026-01-10')$$,
	'55000', NULL, 'a refund is paid once (55000)');

-- ---- 充当 to 延滞金 (法17条の2①: the 延滞金 is a 徴収金 too) ----------------------
-- 2007: G-1 ¥100,000 due 2025-01-31, its 本税 paid 2025-06-30 without the 延滞金:
--   02-01..02-28 28 d × 2.4% = 67,200/365 → 184; 03-01..06-30 122 d × 8.7%
--   = 1,061,400/365 → 2,907; 3,091 → ¥3,000 owed.
-- G-2 ¥10,000 paid with ¥15,000 on 2025-05-30: ¥5,000 over.
-- 充当 as of 2025-07-31: 充当適状日 = the later of 05-30 (over-payment), 01-31 (納期限)
-- and 06-30 (the 延滞金 is fixed when the 本税 is paid) = 06-30; 還付加算金 from
-- 07-01 (誤納: a month after 05-30) to 06-30 → none.  3,000 to G-1's 延滞金, 2,000 left.
RESET ROLE;
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 2007, 'fixed_asset', 2024, 'G-1', 4, '2025-01-31', '2025-01-31', 100000),
	('131130', 2007, 'light_vehicle', 2025, 'G-2', 1, '2025-06-02', '2025-06-02', 10000);
INSERT INTO inst SELECT notice_no || '/' || period_no, installment_id FROM zeimu.collection_installment WHERE atena_no = 2007;
SELECT is(zeimu.post_payment('131130', 'bank', 'OP-G1', (SELECT id FROM inst WHERE k = 'G-1/4'), 100000, '2025-06-30', '2025-07-02')
	+ zeimu.post_payment('131130', 'bank', 'OP-G2', (SELECT id FROM inst WHERE k = 'G-2/1'), 15000, '2025-05-30', '2025-06-02') > 0, true,
	'2007 pays G-1''s 本税 late and G-2 with ¥5,000 too much');
SET LOCAL ROLE regress_overpay_clerk;
SELECT results_eq($$SELECT * FROM zeimu.appropriate_overpayments('131130', 2007, '2025-07-31')$$,
	$$VALUES (1, 3000::bigint, 0::bigint)$$, '¥3,000 appropriated to G-1''s 延滞金, no 還付加算金');
SELECT results_eq($$SELECT a.part, a.amount, p.receipt_date FROM zeimu.collection_allocation a JOIN zeimu.collection_payment p USING (payment_id)
	WHERE p.channel = 'appropriation' AND p.installment_id = (SELECT id FROM inst WHERE k = 'G-1/4')$$,
	$$VALUES ('late_charge'::text, 3000::bigint, '2025-06-30'::date)$$,
	'posted as a 延滞金 payment deemed made on the 充当適状日 06-30 (184 + 2,907 → 3,000)');
SELECT is((SELECT remaining FROM zeimu.collection_overpayment WHERE atena_no = 2007), 2000::bigint, '2007 has ¥2,000 left');

-- ---- refund 取消 (before payment) -----------------------------------------------------
-- 2007's ¥2,000 decided 2025-08-01: 還付加算金 07-01..08-01 32 d × 0.9% × 2,000 = 1.57 → under ¥1,000 → 0
CREATE TEMP TABLE r2007 AS SELECT zeimu.decide_refund('131130', 2007, '2025-08-01', 'テスト 次郎', '0001-009-7777777') AS id;
SELECT results_eq($$SELECT amount, refund_interest FROM zeimu.collection_refund WHERE refund_id = (SELECT id FROM r2007)$$,
	$$VALUES (2000::bigint, 0::bigint)$$, '¥2,000 refund decided, no 還付加算金');
SELECT results_eq($$SELECT b.overpaid, b.in_process FROM zeimu.collection_balance_as_of('131130', '2025-08-04') b
	WHERE b.installment_id = (SELECT id FROM inst WHERE k = 'G-2/1') AND b.part = 'principal'$$,
	$$VALUES (0::bigint, 2000::bigint)$$, 'the decided refund is 過誤納処理中');
SELECT throws_ok($$SELECT zeimu.cancel_refund('131130', (SELECT id FROM r2007), '2025-08-05', ' ')$$, '22004',
	'municipality, refund, cancellation date and reason are required', 'a cancellation needs a reason');
SELECT throws_ok($$SELECT zeimu.cancel_refund('131130', (SELECT id FROM r2007), '2025-07-31', 'x')$$, '22008',
	'a refund cannot be cancelled before it was decided', 'not before the decision');
SELECT lives_ok($$SELECT zeimu.cancel_refund('131130', (SELECT id FROM r2007), '2025-08-05', 'the account was closed')$$,
	'a decided refund is cancelled');
SELECT results_eq($$SELECT cancelled_on, reason FROM zeimu.collection_refund_cancellation WHERE refund_id = (SELECT id FROM r2007)$$,
	$$VALUES ('2025-08-05'::date, 'the account was closed'::text)$$, 'the cancellation is a new entry with its reason');
SELECT is((SELECT remaining FROM zeimu.collection_overpayment WHERE atena_no = 2007), 2000::bigint, 'the ¥2,000 is remaining again');
SELECT results_eq($$SELECT b.overpaid, b.in_process FROM zeimu.collection_balance_as_of('131130', '2025-08-05') b
	WHERE b.installment_id = (SELECT id FROM inst WHERE k = 'G-2/1') AND b.part = 'principal'$$,
	$$VALUES (2000::bigint, 0::bigint)$$, 'and 過誤納 again, no longer in process');
SELECT throws_ok($$SELECT zeimu.mark_refund_paid('131130', (SELECT id FROM r2007), '2025-08-06')$$, '55000',
	format('refund %s was cancelled', (SELECT id FROM r2007)), 'a cancelled refund is not paid');
SELECT throws_ok($$SELECT zeimu.cancel_refund('131130', (SELECT id FROM r2007), '2025-08-06', 'again')$$, '55000',
	format('refund %s was already cancelled', (SELECT id FROM r2007)), 'a refund is cancelled once');
SELECT throws_ok($$SELECT zeimu.cancel_refund('131130', (SELECT refund_id FROM zeimu.collection_refund WHERE atena_no = 2004), '2026-02-01', 'late')$$,
	'55000', format('refund %s was already paid', (SELECT refund_id FROM zeimu.collection_refund WHERE atena_no = 2004)),
	'a paid refund is not cancelled');
SELECT isnt(zeimu.decide_refund('131130', 2007, '2025-08-20', 'テスト 次郎', '0001-009-8888888'), (SELECT id FROM r2007),
	'a new refund of the ¥2,000 is decided');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
