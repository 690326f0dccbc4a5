-- collection: 返還金 under a municipal scheme (要綱) for years past the
-- correction period (地方税法第17条の5).  Values by hand.
--
-- Periods (民法第143条: from the day after the 法定納期限, ending the day
-- before the corresponding day):
--   法定納期限 2021-04-30: correction 2021-05-01 + 5 years → last day 2026-04-30
--   法定納期限 2016-04-30: correction ends 2021-04-30; scheme 10 years → last day 2026-04-30
--   法定納期限 2016-02-29 (leap day): from 2016-03-01; 10 years → last day 2026-02-28
--   法定納期限 2017-05-01: correction ends 2022-05-01; 10 years → last day 2027-05-01
-- Scheme of 131130: from 2020-04-01 10 years, no interest; from 2026-06-01
-- 10 years with 還付加算金; abolished from 2027-01-01.
-- 還付加算金 (reduction, 法17条の4①一): R17 (¥1,000,000) paid late on 2025-12-31,
--   start 2026-01-01; decided 2026-06-30: 31+28+31+30+31+30 = 181 days at 1.3% (2026):
--   1,000,000 × 0.013 × 181 / 365 = 2,353,000 / 365 = 6,446.57 → 6,446 → ¥6,400 (truncated to ¥100)
BEGIN;
SELECT plan(43);

INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131130', 'テスト区', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('131130', 'H1', '本庁', 'hq_division'),
	('131130', 'B1', '北出張所', 'branch');
INSERT INTO zeimu.person (lg_code, atena_no, name, postal_code, address, office_code) VALUES
	('131130', 7001, '返還 一郎', '1000001', '東京都テスト区一丁目1番', 'H1'),
	('131130', 7002, '返還 二郎', '1000002', '東京都テスト区北二丁目2番', 'B1');
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal) VALUES
	('131130', 7001, 'fixed_asset', 2016, 'R16', 1, '2016-04-30', '2016-05-02', 50000),
	('131130', 7001, 'fixed_asset', 2016, 'R16', 2, '2016-08-01', '2016-08-01', 50000),
	('131130', 7001, 'fixed_asset', 2021, 'R21', 1, '2021-04-30', '2021-04-30', 30000),
	('131130', 7001, 'fixed_asset', 2017, 'R17', 1, '2017-05-01', '2017-05-01', 1000000),
	('131130', 7001, 'fixed_asset', 2019, 'R19', 1, '2019-04-30', '2019-04-30', 10000),
	('131130', 7001, 'city_planning', 2015, 'L15', 1, '2016-02-29', '2016-02-29', 10000),
	('131130', 7002, 'fixed_asset', 2016, 'S16', 1, '2016-04-30', '2016-05-02', 50000);
CREATE TEMP TABLE inst AS
SELECT notice_no || '/' || period_no AS k, installment_id AS id FROM zeimu.collection_installment WHERE lg_code::text = '131130';
GRANT SELECT ON inst TO PUBLIC;
SELECT zeimu.post_payment('131130', 'bank', 'RP-1', (SELECT id FROM inst WHERE k = 'R16/1'), 50000, '2016-05-02', '2016-05-06');
SELECT zeimu.post_payment('131130', 'bank', 'RP-2', (SELECT id FROM inst WHERE k = 'R16/2'), 50000, '2016-08-01', '2016-08-02');
SELECT zeimu.post_payment('131130', 'bank', 'RP-3', (SELECT id FROM inst WHERE k = 'R21/1'), 30000, '2021-04-30', '2021-05-06');
-- R17 paid late, principal first (allocation order 本税 first)
SELECT zeimu.post_payment('131130', 'bank', 'RP-4', (SELECT id FROM inst WHERE k = 'R17/1'), 1000000, '2025-12-31', '2026-01-05');
SELECT zeimu.post_payment('131130', 'bank', 'RP-5', (SELECT id FROM inst WHERE k = 'L15/1'), 10000, '2016-02-29', '2016-03-01');
SELECT zeimu.post_payment('131130', 'bank', 'RP-6', (SELECT id FROM inst WHERE k = 'S16/1'), 50000, '2016-05-02', '2016-05-06');
SELECT zeimu.register_staff('131130', 'RP-A', 'regress_rp_a', 'Collection clerk', ARRAY['collection'], ARRAY['H1']);
SELECT zeimu.register_staff('131130', 'RP-B', 'regress_rp_b', 'Delinquency clerk', ARRAY['delinquency'], ARRAY['H1']);
SELECT zeimu.register_staff('131130', 'RP-C', 'regress_rp_c', 'Branch clerk', ARRAY['collection'], ARRAY['B1']);
CREATE TEMP TABLE rp (k text, id bigint);
GRANT ALL ON rp TO PUBLIC;

-- the correction period (levy parameter correction_years = 5, from fiscal year 1950 for old years):
--   2016-04-30 → from 2016-05-01, 60 months → 2021-04-30; 2016-02-29 → from 2016-03-01 → 2021-02-28
SELECT is(zeimu.correction_period_end('131130', 2016, '2016-04-30'), '2021-04-30'::date, 'correction period of 2016 ends 2021-04-30');
SELECT is(zeimu.correction_period_end('131130', 2015, '2016-02-29'), '2021-02-28'::date, 'leap-day 法定納期限: ends 2021-02-28');

SET LOCAL ROLE regress_rp_a;
-- no scheme yet (the law gives no repayment; no national row)
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 1000, '領収書', '住宅用地特例の適用漏れ',
	'2026-04-30', '返還 一郎', '0001-001-1111111')$$,
	'55000', 'municipality 131130 has no repayment scheme in force on 2026-04-30', 'no scheme: nothing is repaid (55000)');
RESET ROLE;
INSERT INTO zeimu.collection_repayment_scheme VALUES
	('131130', '2020-04-01', 10, 'none', 'test 要綱: 10 years, no interest'),
	('131130', '2026-06-01', 10, 'refund_interest', 'test 要綱 改正: with 還付加算金'),
	('131130', '2027-01-01', NULL, 'none', 'test: scheme abolished');
SET LOCAL ROLE regress_rp_a;
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 1000, '領収書', '住宅用地特例の適用漏れ',
	'2020-03-31', '返還 一郎', '0001-001-1111111')$$,
	'55000', 'municipality 131130 has no repayment scheme in force on 2020-03-31', 'before the scheme''s first day (55000)');

-- the correction-period edge (法17条の5): 2021 year, last day 2026-04-30
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, 30000, '収納記録', '住宅用地特例の適用漏れ',
	'2026-04-30', '返還 一郎', '0001-001-1111111')$$,
	'55000', 'fiscal year 2021 of fixed_asset can still be corrected on 2026-04-30',
	'on the last day of the correction period: 更正 and decide_refund, not a repayment (55000)');
INSERT INTO rp SELECT 'R21', zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, 30000, '収納記録', '住宅用地特例の適用漏れ',
	'2026-05-01', '返還 一郎', '0001-001-1111111');
SELECT ok((SELECT id FROM rp WHERE k = 'R21') IS NOT NULL, 'the day after (2026-05-01) the year can be repaid, all ¥30,000 paid');

-- the scheme edge: 2016 year, 10 years from 2016-05-01 → last day 2026-04-30
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 60000, '領収書', '住宅用地特例の適用漏れ',
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'fiscal year 2016 of fixed_asset is older than the scheme allows', 'the day after the 10 years (22023)');
INSERT INTO rp SELECT 'R16a', zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 60000, '領収書 H28 1期・2期', '住宅用地特例の適用漏れ',
	'2026-04-30', '返還 一郎', '0001-001-1111111');
SELECT results_eq($$SELECT statutory_due_date, amount, interest, interest_start, status, scheme_valid_from FROM zeimu.collection_repayment
	WHERE repayment_id = (SELECT id FROM rp WHERE k = 'R16a')$$,
	$$VALUES ('2016-04-30'::date, 60000::bigint, 0::bigint, NULL::date, 'decided'::text, '2020-04-01'::date)$$,
	'on the last day of the 10 years: decided; 法定納期限 = the first period''s; no interest under this scheme');

-- leap day: 法定納期限 2016-02-29 → 10 years from 2016-03-01 end 2026-02-28
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'city_planning', 2015, 10000, '領収書', '課税誤り',
	'2026-03-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'fiscal year 2015 of city_planning is older than the scheme allows', 'leap-day due date: 2026-03-01 is too late (22023)');
SELECT lives_ok($$INSERT INTO rp SELECT 'L15', zeimu.decide_repayment('131130', 7001, 'city_planning', 2015, 10000, '領収書', '課税誤り',
	'2026-02-28', '返還 一郎', '0001-001-1111111')$$, 'leap-day due date: 2026-02-28 is the last day');

-- the amount against the ledger: 2016 paid 50,000 + 50,000 = 100,000; 60,000 decided → 40,000 left
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 40001, '領収書', '住宅用地特例の適用漏れ',
	'2026-04-30', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'the amount is more than was paid for that tax and year', '¥40,001 is ¥1 more than is left (22023)');
INSERT INTO rp SELECT 'R16b', zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 40000, '領収書', '住宅用地特例の適用漏れ',
	'2026-04-30', '返還 一郎', '0001-001-1111111');
SELECT ok((SELECT id FROM rp WHERE k = 'R16b') IS NOT NULL, '¥40,000, exactly what is left, is accepted');
-- 2019: assessed ¥10,000, nothing paid (correction ended 2024-04-30)
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2019, 1, '領収書', '課税誤り',
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'the amount is more than was paid for that tax and year', 'nothing paid: even ¥1 is refused (22023)');
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2018, 1000, '領収書', '課税誤り',
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'no fixed_asset installment of fiscal year 2018 for this person', 'no such year in the ledger (22023)');

-- bad input
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, 0, '領収書', '課税誤り',
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'the amount to repay must be more than zero', 'amount 0 (22023)');
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, -1, '領収書', '課税誤り',
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'the amount to repay must be more than zero', 'amount −1 (22023)');
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, 1000, '  ', '課税誤り',
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'evidence of the payment is required', 'blank evidence (22023)');
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, 1000, NULL, '課税誤り',
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'evidence of the payment is required', 'missing evidence (22023)');
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, 1000, '領収書', NULL,
	'2026-05-01', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'the reason for the repayment is required', 'missing reason (22023)');
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2021, 1000, '領収書', '課税誤り',
	'2026-05-01', '返還 一郎', NULL)$$,
	'22004', 'municipality, person, tax, fiscal year, decision date, payee and account are required', 'missing account (22004)');

-- another office's person (B1) is refused as if absent
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7002, 'fixed_asset', 2016, 1000, '領収書', '課税誤り',
	'2026-04-30', '返還 二郎', '0001-001-2222222')$$,
	'P0002', 'no such person in your offices', 'a person of another office (P0002)');

-- approval: not yet approved, self-approval
SELECT throws_ok($$SELECT zeimu.mark_repayment_paid('131130', (SELECT id FROM rp WHERE k = 'R21'), '2026-05-20')$$,
	'ZA002', 'the operation is not approved yet', 'no payment before a second staff member approved (ZA002)');
SELECT throws_ok($$SELECT zeimu.approve((SELECT approval_id FROM zeimu.collection_repayment WHERE repayment_id = (SELECT id FROM rp WHERE k = 'R21')))$$,
	'ZA001', 'self-approval is not allowed', 'the clerk who decided cannot approve (ZA001)');
RESET ROLE;
SET LOCAL ROLE regress_rp_c;
SELECT is((SELECT count(*) FROM zeimu.collection_repayment), 0::bigint, 'RLS: the branch clerk sees none of the other office''s repayments');
SELECT throws_ok($$SELECT zeimu.mark_repayment_paid('131130', (SELECT id FROM rp WHERE k = 'R21'), '2026-05-20')$$,
	'P0002', 'no such person in your offices', 'nor can pay one (P0002)');
SELECT throws_ok($$SELECT zeimu.cancel_repayment('131130', (SELECT id FROM rp WHERE k = 'R21'), '2026-05-20', '誤り')$$,
	'P0002', 'no such person in your offices', 'nor cancel one (P0002)');
RESET ROLE;
SET LOCAL ROLE regress_rp_b;
SELECT lives_ok($$SELECT zeimu.approve((SELECT approval_id FROM zeimu.collection_repayment WHERE repayment_id = (SELECT id FROM rp WHERE k = 'R21')))$$,
	'a second staff member approves');
RESET ROLE;
SET LOCAL ROLE regress_rp_a;
SELECT is((SELECT count(*) FROM zeimu.collection_repayment), 4::bigint, 'RLS: the clerk of the person''s office sees the four repayments');
SELECT throws_ok($$SELECT zeimu.mark_repayment_paid('131130', (SELECT id FROM rp WHERE k = 'R21'), '2026-04-30')$$,
	'22008', 'a repayment cannot be paid before it was decided', 'paid before decided (22008)');
SELECT lives_ok($$SELECT zeimu.mark_repayment_paid('131130', (SELECT id FROM rp WHERE k = 'R21'), '2026-05-20')$$, 'the approved repayment is paid');
SELECT results_eq($$SELECT status, paid_on, approved_by FROM zeimu.collection_repayment WHERE repayment_id = (SELECT id FROM rp WHERE k = 'R21')$$,
	$$VALUES ('paid'::text, '2026-05-20'::date, 'RP-B'::text)$$, 'paid, with the day and the approver');
SELECT throws_ok($$SELECT zeimu.mark_repayment_paid('131130', (SELECT id FROM rp WHERE k = 'R21'), '2026-05-21')$$,
	'55000', format('repayment %s was already paid', (SELECT id FROM rp WHERE k = 'R21')), 'paid once (55000)');
SELECT throws_ok($$SELECT zeimu.cancel_repayment('131130', (SELECT id FROM rp WHERE k = 'R21'), '2026-05-21', '誤り')$$,
	'55000', format('repayment %s was already paid', (SELECT id FROM rp WHERE k = 'R21')), 'a paid repayment is not cancelled (55000)');
SELECT throws_ok($$UPDATE zeimu.collection_repayment SET amount = 1$$, '42501', NULL, 'a clerk cannot edit a repayment (42501)');

-- cancellation before payment
SELECT throws_ok($$SELECT zeimu.cancel_repayment('131130', (SELECT id FROM rp WHERE k = 'R16a'), '2026-05-01', ' ')$$,
	'22004', 'municipality, repayment, cancellation date and reason are required', 'a reason is required (22004)');
SELECT lives_ok($$SELECT zeimu.cancel_repayment('131130', (SELECT id FROM rp WHERE k = 'R16a'), '2026-05-01', '金額誤り')$$,
	'a decided repayment is cancelled');
SELECT throws_ok($$SELECT zeimu.mark_repayment_paid('131130', (SELECT id FROM rp WHERE k = 'R16a'), '2026-05-02')$$,
	'55000', format('repayment %s was cancelled', (SELECT id FROM rp WHERE k = 'R16a')), 'a cancelled repayment is not paid (55000)');
-- the cancelled ¥60,000 no longer counts: 100,000 paid − 40,000 (R16b) = 60,000 may be decided again
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 60001, '領収書', '金額訂正',
	'2026-04-30', '返還 一郎', '0001-001-1111111')$$,
	'22023', 'the amount is more than was paid for that tax and year', 'after the cancellation ¥60,001 is still ¥1 too much (22023)');
SELECT lives_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 60000, '領収書', '金額訂正',
	'2026-04-30', '返還 一郎', '0001-001-1111111')$$, 'and ¥60,000 is accepted again');

-- interest under the amended scheme (from 2026-06-01): ¥6,400 (see the head)
INSERT INTO rp SELECT 'R17', zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2017, 1000000, '収納記録', '住宅用地特例の適用漏れ',
	'2026-06-30', '返還 一郎', '0001-001-1111111');
SELECT results_eq($$SELECT amount, interest, interest_start, scheme_valid_from FROM zeimu.collection_repayment WHERE repayment_id = (SELECT id FROM rp WHERE k = 'R17')$$,
	$$VALUES (1000000::bigint, 6400::bigint, '2026-01-01'::date, '2026-06-01'::date)$$,
	'¥1,000,000 with ¥6,400 at the 還付加算金 rate from the day after the payment');
-- the scheme abolished from 2027-01-01 (2017 would still be inside the 10 years)
SELECT throws_ok($$SELECT zeimu.decide_repayment('131130', 7001, 'fixed_asset', 2016, 1000, '領収書', '課税誤り',
	'2027-01-01', '返還 一郎', '0001-001-1111111')$$,
	'55000', 'municipality 131130 has no repayment scheme in force on 2027-01-01', 'an abolished scheme repays nothing (55000)');
RESET ROLE;

-- retention: class repayment, 10 years (seed 000), both tables registered
SELECT results_eq($$SELECT years, start_event FROM zeimu.retention_class WHERE class_code = 'repayment'$$,
	$$VALUES (10, 'refund_deadline'::text)$$, 'retention class repayment: 10 years');
SELECT results_eq($$SELECT table_name FROM zeimu.purge_target WHERE class_code = 'repayment' ORDER BY purge_order$$,
	$$VALUES ('collection_repayment_cancellation'::text), ('collection_repayment'::text)$$,
	'both tables are purge targets, the cancellation first');

SELECT * FROM finish();
ROLLBACK;
