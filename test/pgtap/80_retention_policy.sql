-- retention: municipal overrides of a class and the end day of a hold.
-- One paid installment of person 1, 法定納期限 2019-03-31 (family start
-- 2019-03-31: paid 2019-03-01, before it).  National collection_ledger: 7
-- years, as of 2026-04-01 cutoff 2019-04-01 -> the family (installment,
-- payment, allocation = 3 rows) goes.
BEGIN;
SELECT plan(10);

INSERT INTO zeimu.municipality VALUES ('131130', 'テスト区', '東京都', false);
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal)
VALUES ('131130', 1, 'fixed_asset', 2018, 'P1', 1, '2019-03-31', '2019-04-01', 5000);
DO $$ BEGIN PERFORM zeimu.post_payment('131130', 'bank', 'P1', (SELECT installment_id FROM zeimu.collection_installment WHERE notice_no = 'P1'),
	5000, '2019-03-01', '2019-03-02'); END $$;

SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130')), 3::bigint, 'national 7 years: the family goes (3 rows)');
SELECT is((SELECT cutoff FROM zeimu.purge_plan('2026-04-01', '131130') WHERE table_name = 'collection_installment'),
	DATE '2019-04-01', 'cutoff 2026-04-01 - 7 years = 2019-04-01');

-- A municipal row of 8 years from 2026-01-01: cutoff 2018-04-01 > 2019-03-31 is not before it -> stays.
INSERT INTO zeimu.retention_class VALUES ('131130', 'collection_ledger', '2026-01-01', 'statutory_due_date', 8, 'archive_delete', false, 'test', 'test: 8 years');
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130')), 0::bigint, 'municipal 8 years: cutoff 2018-04-01, nothing goes');
-- As of 2025-12-31 the municipal row does not apply yet: national 7 years, cutoff 2018-12-31 -> 2019-03-31 stays too.
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2025-12-31', '131130')), 0::bigint, 'as of 2025-12-31 (national row, cutoff 2018-12-31): nothing goes');
-- Another municipality is not affected by 131130's row.
SELECT is((SELECT years FROM zeimu.retention_effective_class('271004', 'collection_ledger', '2026-04-01')), 7,
	'271004 keeps the national 7 years');
DELETE FROM zeimu.retention_class WHERE lg_code OPERATOR(zeimu.=) '131130';

-- Holds end: a hold ending on the as-of day still holds; one ending the day before does not.
INSERT INTO zeimu.retention_hold (lg_code, atena_no, kind, reason, staff_id, approver_id, starts_on, ends_on)
VALUES ('131130', 1, 'correction_request', '訂正請求', 'S1', 'S2', '2026-01-01', '2026-04-01');
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130')), 0::bigint, 'hold ending 2026-04-01 holds on 2026-04-01');
UPDATE zeimu.retention_hold SET ends_on = '2026-03-31';
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130')), 3::bigint, 'hold ended 2026-03-31 no longer holds on 2026-04-01');
DELETE FROM zeimu.retention_hold;

-- place_hold: the approver (the caller) must differ from the requesting staff.
SET zeimu.staff_id = 'S9';
SELECT throws_ok($$SELECT zeimu.place_hold('131130', 1, 'legal', 'x', 'S9')$$, '42501', NULL, 'a staff member cannot approve their own hold');
SELECT throws_ok($$SELECT zeimu.place_hold('131130', 1, 'vacation', 'x', 'S8')$$, '22023', NULL, 'unknown hold kind refused');
DO $$ BEGIN PERFORM zeimu.place_hold('131130', 1, 'legal', 'x', 'S8'); END $$;
SELECT is((SELECT count(*) FROM zeimu.purge_plan_rows('2026-04-01', '131130')), 0::bigint,
	'a legal hold placed today (no end) keeps the family from the run as of 2026-04-01');
RESET zeimu.staff_id;

SELECT * FROM finish();
ROLLBACK;
