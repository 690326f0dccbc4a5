-- 個人住民税: collection splits.  給与特別徴収 (法321条の5①): monthly =
-- trunc(annual / 12 to ¥100), June = annual − 11 × monthly.  年金特別徴収
-- (法321条の7の8): 仮徴収 = previous / 6 each, 本徴収 = (annual − 仮徴収) / 3.
-- 退職 (法321条の5②).
BEGIN;
SELECT plan(17);

SELECT is(zeimu.special_collection_split(12345), ARRAY[1345,1000,1000,1000,1000,1000,1000,1000,1000,1000,1000,1000]::bigint[],
	'12,345 / 12 = 1,028.75 → 1,000 a month; June = 12,345 − 11,000 = 1,345');
SELECT is(zeimu.special_collection_split(240500), ARRAY[20500,20000,20000,20000,20000,20000,20000,20000,20000,20000,20000,20000]::bigint[],
	'240,500 / 12 = 20,041.67 → 20,000; June = 240,500 − 220,000 = 20,500');
SELECT is(zeimu.special_collection_split(1100), ARRAY[1100,0,0,0,0,0,0,0,0,0,0,0]::bigint[],
	'1,100 / 12 = 91.67 is under ¥100: the whole amount in June');
SELECT is(zeimu.special_collection_split(1200), ARRAY[100,100,100,100,100,100,100,100,100,100,100,100]::bigint[],
	'1,200 / 12 = 100 exactly: 100 each month');
SELECT is(zeimu.special_collection_split(0), ARRAY[0,0,0,0,0,0,0,0,0,0,0,0]::bigint[], '0: twelve zeros');
SELECT is((SELECT sum(x) FROM unnest(zeimu.special_collection_split(987654)) x), 987654::numeric, 'the 12 amounts add up to the annual tax (987,654)');
SELECT throws_ok($$SELECT zeimu.special_collection_split(-1)$$, '22023', 'annual tax must not be negative', 'negative annual tax is rejected');

SELECT is(zeimu.pension_special_collection_split(60000, 72000), ARRAY[10000,10000,10000,14000,14000,14000]::bigint[],
	'仮徴収 60,000 / 6 = 10,000 × 3; 本徴収 (72,000 − 30,000) / 3 = 14,000 × 3');
SELECT is(zeimu.pension_special_collection_split(61234, 70001), ARRAY[10217,10200,10200,13184,13100,13100]::bigint[],
	'61,234: half 30,617, 10,205 → 10,200, April 30,617 − 20,400 = 10,217; rest 39,384: 13,128 → 13,100, October 39,384 − 26,200 = 13,184');
SELECT is(zeimu.pension_special_collection_split(60000, 20000), ARRAY[10000,10000,10000,0,0,0]::bigint[],
	'仮徴収 30,000 ≥ annual 20,000: no 本徴収');

-- 退職: schedule of 240,500 = {20,500, 20,000 × 11}.
SELECT is(zeimu.special_collection_after_leaving(zeimu.special_collection_split(240500), 9),
	'{"mode": "ordinary", "ordinary": 160000, "special": [20500,20000,20000,20000,0,0,0,0,0,0,0,0]}'::jsonb,
	'leaves after the September salary: October–May (8 × 20,000 = 160,000) to 普通徴収');
SELECT is(zeimu.special_collection_after_leaving(zeimu.special_collection_split(240500), 2),
	'{"mode": "lump_sum", "ordinary": 0, "special": [20500,20000,20000,20000,20000,20000,20000,20000,80000,0,0,0]}'::jsonb,
	'leaves after the February salary: March–May (60,000) added to February = 80,000 (一括徴収)');
SELECT is(zeimu.special_collection_after_leaving(zeimu.special_collection_split(240500), 12, true),
	'{"mode": "lump_sum", "ordinary": 0, "special": [20500,20000,20000,20000,20000,20000,120000,0,0,0,0,0]}'::jsonb,
	'leaves in December asking for 一括徴収: January–May (100,000) added to December');
SELECT is(zeimu.special_collection_after_leaving(zeimu.special_collection_split(240500), 5) ->> 'mode', 'none',
	'leaves after the May salary: nothing remains');
SELECT throws_ok($$SELECT zeimu.special_collection_after_leaving(ARRAY[1,2,3]::bigint[], 9)$$, '22023', NULL, 'a schedule without 12 amounts is rejected');
SELECT throws_ok($$SELECT zeimu.special_collection_after_leaving(zeimu.special_collection_split(1200), 13)$$, '22023', 'last month 13 is not a month', 'month 13 is rejected');

DELETE FROM zeimu.inhabitant_param WHERE name = 'special_collection_unit';
SELECT throws_ok($$SELECT zeimu.special_collection_split(12345)$$, 'P0002', 'inhabitant tax parameter "special_collection_unit" is missing',
	'a missing collection unit is an error, not a NULL schedule');

SELECT * FROM finish();
ROLLBACK;
