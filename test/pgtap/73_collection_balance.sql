-- collection: the six balances (調定, 収入, 仮消込, 未納, 過誤納, 処理中) per
-- installment and part, 現年度分 / 滞納繰越分, the accounting year and the
-- 出納閉鎖 (doc/collection.md §15).  Values by hand.
--
-- A (person 3002, fixed_asset levy year 2024): ¥1,000,000 due 2025-02-28;
--   督促 2025-03-10, fee ¥100 (the sample 条例);
--   ¥600,000 received 2025-03-15 (収入日 03-17);
--   ¥410,100 at a convenience store 2025-06-30 (収入日 07-02), a 速報: 仮消込.
--   延滞金 (2.4% to 03-31, the whole of March being the first month as the
--   納期限 is a month end; 8.7% from 04-01; ÷365; segments truncated to ¥1):
--     03-01..03-15 15 d × 1,000,000 × 2.4% = 360,000/365 = 986.30 → 986
--     03-16..03-31 16 d ×   400,000 × 2.4% = 153,600/365 = 420.82 → 420
--     04-01..06-30 91 d ×   400,000 × 8.7% = 3,166,800/365 = 8,676.16 → 8,676
--     sum 10,082 → ¥10,000 (truncated to ¥100).  Through 03-31: 1,406 → ¥1,400.
--   so the ¥410,100 pays 本税 400,000, 督促手数料 100, 延滞金 10,000.
-- B (person 3001, levy year 2025): ¥50,000 due 2025-04-30, ¥52,000 paid
--   2025-04-25 (収入日 04-28): 本税 50,000 + over-payment 2,000; a refund of
--   the 2,000 is decided on 2025-05-20 (C is not due yet, so nothing is
--   appropriated) and not paid: 過誤納処理中.
-- C (person 3001, light_vehicle 2025): ¥10,000 due 2025-06-02, unpaid.
--   延滞金 to 07-31: 30 d × 2.4% = 7,200/365 → 19; 29 d × 8.7% = 25,230/365
--   → 69; 88 → under ¥1,000 → 0.
BEGIN;
SELECT plan(22);

INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 3002, 'fixed_asset', 2024, 'BAL-A', 4, '2025-02-28', '2025-02-28', 1000000),
	('131130', 3001, 'fixed_asset', 2025, 'BAL-B', 1, '2025-04-30', '2025-04-30', 50000),
	('131130', 3001, 'light_vehicle', 2025, 'BAL-C', 1, '2025-06-02', '2025-06-02', 10000);
CREATE TEMP TABLE inst AS
SELECT notice_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE notice_no LIKE 'BAL-%';
GRANT SELECT ON inst TO PUBLIC;
INSERT INTO zeimu.collection_dunning (lg_code, installment_id, issued_on, deadline, fee)
SELECT '131130', id, '2025-03-10', '2025-03-20', 100 FROM inst WHERE k = 'BAL-A';

DO $$ BEGIN
	PERFORM zeimu.post_payment('131130', 'bank', 'BAL-1', (SELECT id FROM inst WHERE k = 'BAL-A'), 600000, '2025-03-15', '2025-03-17');
	PERFORM zeimu.post_payment('131130', 'convenience_store', 'BAL-2', (SELECT id FROM inst WHERE k = 'BAL-A'), 410100, '2025-06-30', '2025-07-02');
	PERFORM zeimu.post_payment('131130', 'bank', 'BAL-3', (SELECT id FROM inst WHERE k = 'BAL-B'), 52000, '2025-04-25', '2025-04-28');
	PERFORM zeimu.decide_refund('131130', 3001, '2025-05-20', 'テスト 花子', '0005-001-7654321');
END $$;
-- the convenience store's 速報 (the import writes this row; §14)
INSERT INTO zeimu.collection_preliminary
SELECT lg_code, payment_id, 'CVS-20250630' FROM zeimu.collection_payment WHERE channel_record_id = 'BAL-2';

CREATE ROLE regress_balance_clerk IN ROLE zeimu_collection;
SELECT zeimu.register_staff('131130', 'BAL1', 'regress_balance_clerk', 'Collection clerk', ARRAY['collection'], '{}', true);
SET LOCAL ROLE regress_balance_clerk;

-- ---- accounting year and 出納閉鎖 (地方自治法208条①, 235条の5) -------------
SELECT results_eq($$SELECT zeimu.collection_accounting_year(d) FROM unnest(ARRAY['2025-03-31', '2025-04-01', '2026-03-31', '2024-02-29']::date[]) d$$,
	$$VALUES (2024), (2025), (2025), (2023)$$, 'the accounting year runs 1 April to 31 March (March → the year before)');
SELECT is(zeimu.collection_closing_day(2024), '2025-05-31'::date, '出納閉鎖 of year 2024 is 2025-05-31 (two months after 2025-03-31)');
SELECT results_eq($$SELECT zeimu.collection_year_class(y, 2025) FROM unnest(ARRAY[2025, 2024, 2019, 2026]) y$$,
	$$VALUES ('current'), ('arrears'), ('arrears'), ('next_year')$$, '現年度分 = levy year equal to the accounting year; earlier = 滞納繰越分');

-- ---- as of 2025-07-31, accounting year 2025 ---------------------------------
CREATE TEMP VIEW b0731 AS
SELECT i.k, b.year_class, b.part, b.assessed, b.received, b.provisional, b.unpaid, b.overpaid, b.in_process
  FROM zeimu.collection_balance_as_of('131130', '2025-07-31') b JOIN inst i ON i.id = b.installment_id;
SELECT results_eq($$SELECT * FROM b0731 WHERE k = 'BAL-A'$$,
	$$VALUES ('BAL-A'::text, 'arrears'::text, 'principal'::text, 1000000::bigint, 600000::bigint, 400000::bigint, 0::bigint, 0::bigint, 0::bigint),
	         ('BAL-A', 'arrears', 'dunning_fee', 100, 0, 100, 0, 0, 0),
	         ('BAL-A', 'arrears', 'late_charge', 10000, 0, 10000, 0, 0, 0)$$,
	'A (levy 2024, 滞納繰越分): 600,000 received, the 速報 400,000 + 100 + 10,000 is 仮消込, nothing unpaid');
SELECT results_eq($$SELECT * FROM b0731 WHERE k = 'BAL-B'$$,
	$$VALUES ('BAL-B'::text, 'current'::text, 'principal'::text, 50000::bigint, 50000::bigint, 0::bigint, 0::bigint, 0::bigint, 2000::bigint),
	         ('BAL-B', 'current', 'dunning_fee', 0, 0, 0, 0, 0, 0),
	         ('BAL-B', 'current', 'late_charge', 0, 0, 0, 0, 0, 0)$$,
	'B (現年度分): paid; its 2,000 over-payment is in a refund decided and not paid (処理中), so 過誤納 is 0');
SELECT results_eq($$SELECT * FROM b0731 WHERE k = 'BAL-C'$$,
	$$VALUES ('BAL-C'::text, 'current'::text, 'principal'::text, 10000::bigint, 0::bigint, 0::bigint, 10000::bigint, 0::bigint, 0::bigint),
	         ('BAL-C', 'current', 'dunning_fee', 0, 0, 0, 0, 0, 0),
	         ('BAL-C', 'current', 'late_charge', 0, 0, 0, 0, 0, 0)$$,
	'C: 10,000 unpaid; its 延滞金 (19 + 69 = 88) is under ¥1,000, so none is assessed');
SELECT results_eq($$SELECT year_class, part, installments, assessed, received, provisional, unpaid, overpaid, in_process
	FROM zeimu.collection_year_summary('131130', '2025-07-31') WHERE part = 'principal'$$,
	$$VALUES ('current'::text, 'principal'::text, 2::bigint, 60000::bigint, 50000::bigint, 0::bigint, 10000::bigint, 0::bigint, 2000::bigint),
	         ('arrears', 'principal', 1, 1000000, 600000, 400000, 0, 0, 0)$$,
	'summary: 現年度分 B + C = 60,000 assessed, 50,000 received, 10,000 unpaid; 滞納繰越分 A');

-- ---- the 確報 confirms the 速報: 仮消込 becomes 収入 -------------------------
RESET ROLE;
INSERT INTO zeimu.collection_confirmation (lg_code, payment_id, batch_id)
SELECT lg_code, payment_id, 'CVS-20250705' FROM zeimu.collection_preliminary;
SET LOCAL ROLE regress_balance_clerk;
SELECT results_eq($$SELECT part, received, provisional, unpaid FROM b0731 WHERE k = 'BAL-A'$$,
	$$VALUES ('principal'::text, 1000000::bigint, 0::bigint, 0::bigint), ('dunning_fee', 100, 0, 0), ('late_charge', 10000, 0, 0)$$,
	'confirmed: 600,000 + 400,000 = 1,000,000 received, 100 and 10,000 received, nothing provisional');

-- ---- as of 2025-03-31 (accounting year 2024): A is 現年度分 --------------------
SELECT results_eq($$SELECT b.year_class, b.part, b.assessed, b.received, b.unpaid FROM zeimu.collection_balance_as_of('131130', '2025-03-31') b
	JOIN inst i ON i.id = b.installment_id WHERE i.k = 'BAL-A'$$,
	$$VALUES ('current'::text, 'principal'::text, 1000000::bigint, 600000::bigint, 400000::bigint),
	         ('current', 'dunning_fee', 100, 0, 100), ('current', 'late_charge', 1400, 0, 1400)$$,
	'as of 03-31: 400,000 unpaid, the ¥100 fee (督促 03-10) unpaid, 延滞金 986 + 420 = 1,406 → 1,400 accrued');
SELECT is((SELECT year_class FROM zeimu.collection_balance_as_of('131130', '2025-03-31') b JOIN inst i ON i.id = b.installment_id
	WHERE i.k = 'BAL-B' AND part = 'principal'), 'next_year', 'as of 03-31 a levy-2025 installment belongs to next year''s books');
SELECT is((SELECT received FROM zeimu.collection_balance_as_of('131130', '2025-03-16') b JOIN inst i ON i.id = b.installment_id
	WHERE i.k = 'BAL-A' AND part = 'principal'), 0::bigint, 'a payment counts from its 収入日 (03-17), not its 領収日 (03-15)');
SELECT is((SELECT received FROM zeimu.collection_balance_as_of('131130', '2025-03-17') b JOIN inst i ON i.id = b.installment_id
	WHERE i.k = 'BAL-A' AND part = 'principal'), 600000::bigint, '... and on its 収入日 it is received');
SELECT is((SELECT assessed FROM zeimu.collection_balance_as_of('131130', '2025-03-09') b JOIN inst i ON i.id = b.installment_id
	WHERE i.k = 'BAL-A' AND part = 'dunning_fee'), 0::bigint, 'the 督促手数料 is assessed from the 督促 day (03-10), not before');

-- ---- 出納整理期間: the closed year may be read up to 05-31 ----------------------
SELECT is((SELECT year_class FROM zeimu.collection_balance_as_of('131130', '2025-05-31', 2024) b JOIN inst i ON i.id = b.installment_id
	WHERE i.k = 'BAL-A' AND part = 'principal'), 'current', 'on 2025-05-31 the books of 2024 are open: A is still 現年度分 there');
SELECT is((SELECT year_class FROM zeimu.collection_balance_as_of('131130', '2025-05-31') b JOIN inst i ON i.id = b.installment_id
	WHERE i.k = 'BAL-A' AND part = 'principal'), 'arrears', '... and 滞納繰越分 in the books of 2025');
SELECT throws_ok($$SELECT * FROM zeimu.collection_balance_as_of('131130', '2025-06-01', 2024)$$, '22023',
	'the books of accounting year 2024 were closed on 2025-05-31', 'on 06-01 (the day after 出納閉鎖) year 2024 is closed');
SELECT throws_ok($$SELECT * FROM zeimu.collection_balance_as_of('131130', '2025-07-31', 2026)$$, '22023',
	'accounting year 2026 has not begun on 2025-07-31', 'a future accounting year is refused');
SELECT throws_ok($$SELECT * FROM zeimu.collection_balance_as_of('131130', NULL)$$, '22004',
	'municipality and a finite as-of date are required', 'as-of date is required');

-- ---- derived, never stored: a reversal restores the balance ------------------
RESET ROLE;
SELECT zeimu.reverse_payment('131130', (SELECT payment_id FROM zeimu.collection_payment WHERE channel_record_id = 'BAL-1'), 'test');
SET LOCAL ROLE regress_balance_clerk;
SELECT results_eq($$SELECT part, received, unpaid FROM b0731 WHERE k = 'BAL-A'$$,
	$$VALUES ('principal'::text, 400000::bigint, 600000::bigint), ('dunning_fee', 100, 0), ('late_charge', 10000, 18100)$$,
	'after reversing the 600,000 payment: 400,000 received, 600,000 unpaid again, 延滞金 28,100 − 10,000 unpaid');
-- 延滞金 without the reversed payment, through 07-31:
--   03-01..03-31 31 d × 1,000,000 × 2.4% = 744,000/365 = 2,038.35 → 2,038
--   04-01..06-30 91 d × 1,000,000 × 8.7% = 7,917,000/365 = 21,690.41 → 21,690
--   07-01..07-31 31 d ×   600,000 × 8.7% = 1,618,200/365 = 4,433.42 → 4,433
--   28,161 → 28,100
SELECT is((SELECT assessed FROM b0731 WHERE k = 'BAL-A' AND part = 'late_charge'), 28100::bigint,
	'the 延滞金 assessed runs again on the 600,000 that was never paid: 2,038 + 21,690 + 4,433 → 28,100');
-- the view as of today: one row per installment and part
SELECT is((SELECT count(*) FROM zeimu.collection_balance b JOIN inst i ON i.id = b.installment_id), 9::bigint,
	'collection_balance: 3 installments × 3 parts');
SELECT is((SELECT sum(unpaid)::bigint FROM zeimu.collection_balance b JOIN inst i ON i.id = b.installment_id WHERE part = 'principal'),
	610000::bigint, 'as of today: A 600,000 + C 10,000 unpaid 本税');

-- refund cancellation puts the over-payment back (§13): tested in 72.
SELECT * FROM finish();
ROLLBACK;
