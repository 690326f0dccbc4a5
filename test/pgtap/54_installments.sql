-- installments (地方税法第20条の4の2第6項) and due dates (第20条の5).
BEGIN;
-- lg_code columns are zeimu.lg_code: its operators live in schema zeimu
SET LOCAL search_path = public, zeimu;
SELECT plan(21);

SELECT is(zeimu.split_installments(10100, 4), ARRAY[4100, 2000, 2000, 2000]::bigint[],
	'10,100/4 = 2,525 -> 2,000 each; first 10,100 - 6,000 = 4,100');
SELECT is(zeimu.split_installments(10000, 4), ARRAY[4000, 2000, 2000, 2000]::bigint[], '10,000/4 = 2,500 -> 2,000; first 4,000');
SELECT is(zeimu.split_installments(8000, 4), ARRAY[2000, 2000, 2000, 2000]::bigint[], '8,000/4 = 2,000 exactly');
SELECT is(zeimu.split_installments(4000, 4), ARRAY[1000, 1000, 1000, 1000]::bigint[], '4,000/4 = 1,000: exactly the unit');
SELECT is(zeimu.split_installments(3900, 4), ARRAY[3900, 0, 0, 0]::bigint[], '3,900/4 = 975 < ¥1,000: everything in the first');
SELECT is(zeimu.split_installments(10100, 4, 100), ARRAY[2600, 2500, 2500, 2500]::bigint[], '¥100 unit: 2,525 -> 2,500; first 2,600');
SELECT is(zeimu.split_installments(25200, 4), ARRAY[7200, 6000, 6000, 6000]::bigint[], '25,200/4 = 6,300 -> 6,000; first 7,200');
SELECT is(zeimu.split_installments(12345, 1), ARRAY[12345]::bigint[], 'one period: the whole amount');
SELECT is(zeimu.split_installments(0, 4), ARRAY[0, 0, 0, 0]::bigint[], 'zero total');
SELECT ok((SELECT bool_and((SELECT sum(x) FROM unnest(zeimu.split_installments(t, p, u)) x) = t)
	FROM generate_series(0, 30000, 137) t, generate_series(1, 12) p, unnest(ARRAY[100, 1000]) u),
	'the installments always add up to the total');
SELECT throws_ok($$SELECT zeimu.split_installments(1000, 0)$$, '22023', NULL, '0 periods -> 22023');
SELECT throws_ok($$SELECT zeimu.split_installments(1000, 13)$$, '22023', NULL, '13 periods -> 22023');
SELECT throws_ok($$SELECT zeimu.split_installments(1000, 4, 0)$$, '22023', NULL, 'unit 0 -> 22023');
SELECT throws_ok($$SELECT zeimu.split_installments(-1, 4)$$, '22023', NULL, 'negative total -> 22023');

-- due dates: FY2026 fixed asset tax, national schedule 4/30, 7/31, 12/25, 2/末
-- 2027-02-28 is a Sunday -> Monday 2027-03-01
SELECT is((SELECT array_agg(due_date ORDER BY period) FROM zeimu.installment_plan('121002', 2026, 'fixed_asset', 10100)),
	ARRAY['2026-04-30', '2026-07-31', '2026-12-25', '2027-03-01']::date[], 'FY2026 due dates; Sunday 2027-02-28 -> 2027-03-01');
SELECT is((SELECT array_agg(amount ORDER BY period) FROM zeimu.installment_plan('121002', 2026, 'fixed_asset', 10100)),
	ARRAY[4100, 2000, 2000, 2000]::bigint[], 'plan amounts use the ¥1,000 unit');
-- leap year: FY2027 4th period = 2028-02-29 (Tuesday)
SELECT is((SELECT nominal_due FROM zeimu.installment_plan('121002', 2027, 'fixed_asset', 10100) WHERE period = 4),
	'2028-02-29'::date, 'end of February in a leap year is the 29th');
-- light vehicle: 5/31/2026 is a Sunday -> 2026-06-01
SELECT is((SELECT due_date FROM zeimu.installment_plan('121002', 2026, 'light_vehicle', 10800)), '2026-06-01'::date,
	'light vehicle due 2026-05-31 (Sunday) -> 2026-06-01');
-- year-end closing (法20条の5): 2026-12-29 -> 2027-01-04
SELECT is(zeimu.levy_due_date('2026-12-29'), '2027-01-04'::date, '12/29 - 1/3 closed: -> 2027-01-04');
-- national holidays (calendar module): 2026-05-04..06 are holidays (みどりの日, こどもの日, 振替休日)
SELECT is(zeimu.levy_due_date('2026-05-04'), '2026-05-07'::date, 'Golden Week: 2026-05-04 -> 2026-05-07');
-- ordinance ¥100 unit
INSERT INTO zeimu.levy_param (lg_code, name, from_fy, num, den, unit, basis)
VALUES ('121002', 'fixed_asset_installment_unit', 2026, 100, 1, 'yen', 'test ordinance');
SELECT is((SELECT array_agg(amount ORDER BY period) FROM zeimu.installment_plan('121002', 2026, 'fixed_asset', 10100)),
	ARRAY[2600, 2500, 2500, 2500]::bigint[], 'ordinance ¥100 unit applies to the plan');

SELECT * FROM finish();
ROLLBACK;
