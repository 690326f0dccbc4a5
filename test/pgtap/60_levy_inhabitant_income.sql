-- 個人住民税: income tables, hand-derived from 所得税法28条・別表第五 and 35条④
-- (domain_rules §4.2).  A = 収入 rounded down to a multiple of ¥4,000.
BEGIN;
SELECT plan(66);

-- ---- 給与所得, 令和7年度 (2025) ----
SELECT is(zeimu.employment_income(2025, 0), 0::bigint, 'R7 salary 0 → 0');
SELECT is(zeimu.employment_income(2025, 550999), 0::bigint, 'R7 550,999 → 0 (別表第五 first row)');
SELECT is(zeimu.employment_income(2025, 551000), 1000::bigint, 'R7 551,000 − 550,000 = 1,000');
SELECT is(zeimu.employment_income(2025, 1618999), 1068999::bigint, 'R7 1,618,999 − 550,000 = 1,068,999');
SELECT is(zeimu.employment_income(2025, 1619000), 1069000::bigint, 'R7 fixed step 1,619,000 → 1,069,000');
SELECT is(zeimu.employment_income(2025, 1619999), 1069000::bigint, 'R7 1,619,999 still 1,069,000');
SELECT is(zeimu.employment_income(2025, 1620000), 1070000::bigint, 'R7 fixed step 1,620,000 → 1,070,000');
SELECT is(zeimu.employment_income(2025, 1621999), 1070000::bigint, 'R7 1,621,999 → 1,070,000');
SELECT is(zeimu.employment_income(2025, 1622000), 1072000::bigint, 'R7 fixed step 1,622,000 → 1,072,000');
SELECT is(zeimu.employment_income(2025, 1623999), 1072000::bigint, 'R7 1,623,999 → 1,072,000');
SELECT is(zeimu.employment_income(2025, 1624000), 1074000::bigint, 'R7 fixed step 1,624,000 → 1,074,000');
SELECT is(zeimu.employment_income(2025, 1627999), 1074000::bigint, 'R7 1,627,999 → 1,074,000');
SELECT is(zeimu.employment_income(2025, 1628000), 1076800::bigint, 'R7 1,628,000: A=1,628,000 × 60% + 100,000 = 1,076,800');
SELECT is(zeimu.employment_income(2025, 1631999), 1076800::bigint, 'R7 1,631,999: A=1,628,000 (¥4,000 step) → 1,076,800');
SELECT is(zeimu.employment_income(2025, 1632000), 1079200::bigint, 'R7 1,632,000: A × 60% + 100,000 = 979,200 + 100,000 = 1,079,200');
SELECT is(zeimu.employment_income(2025, 1799999), 1177600::bigint, 'R7 1,799,999: A=1,796,000 × 60% = 1,077,600 + 100,000 = 1,177,600');
SELECT is(zeimu.employment_income(2025, 1800000), 1180000::bigint, 'R7 1,800,000 × 70% − 80,000 = 1,180,000');
SELECT is(zeimu.employment_income(2025, 3599999), 2437200::bigint, 'R7 3,599,999: A=3,596,000 × 70% = 2,517,200 − 80,000 = 2,437,200');
SELECT is(zeimu.employment_income(2025, 3600000), 2440000::bigint, 'R7 3,600,000 × 80% − 440,000 = 2,440,000');
SELECT is(zeimu.employment_income(2025, 5000000), 3560000::bigint, 'R7 5,000,000 × 80% − 440,000 = 3,560,000');
SELECT is(zeimu.employment_income(2025, 6599999), 4836800::bigint, 'R7 6,599,999: A=6,596,000 × 80% = 5,276,800 − 440,000 = 4,836,800');
SELECT is(zeimu.employment_income(2025, 6600000), 4840000::bigint, 'R7 6,600,000 × 90% − 1,100,000 = 4,840,000');
SELECT is(zeimu.employment_income(2025, 8499999), 6549999::bigint, 'R7 8,499,999 × 90% = 7,649,999.1 → 7,649,999 − 1,100,000 = 6,549,999');
SELECT is(zeimu.employment_income(2025, 8500000), 6550000::bigint, 'R7 8,500,000 − 1,950,000 = 6,550,000');
SELECT is(zeimu.employment_income(2025, 10000000), 8050000::bigint, 'R7 10,000,000 − 1,950,000 (cap) = 8,050,000');

-- ---- 給与所得, 令和8年度 (2026): minimum ¥650,000 up to ¥1,900,999 ----
SELECT is(zeimu.employment_income(2026, 650999), 0::bigint, 'R8 650,999 → 0');
SELECT is(zeimu.employment_income(2026, 651000), 1000::bigint, 'R8 651,000 − 650,000 = 1,000');
SELECT is(zeimu.employment_income(2026, 1100000), 450000::bigint, 'R8 1,100,000 − 650,000 = 450,000 (R7: 550,000)');
SELECT is(zeimu.employment_income(2026, 1625000), 975000::bigint, 'R8 1,625,000 − 650,000 = 975,000 (old fixed steps gone)');
SELECT is(zeimu.employment_income(2026, 1800000), 1150000::bigint, 'R8 1,800,000 − 650,000 = 1,150,000');
SELECT is(zeimu.employment_income(2026, 1900999), 1250999::bigint, 'R8 1,900,999 − 650,000 = 1,250,999');
SELECT is(zeimu.employment_income(2026, 1901000), 1250000::bigint, 'R8 1,901,000: A=1,900,000 × 70% − 80,000 = 1,250,000');
SELECT is(zeimu.employment_income(2026, 3599999), 2437200::bigint, 'R8 3,599,999 as R7: 2,437,200');
SELECT is(zeimu.employment_income(2026, 3600000), 2440000::bigint, 'R8 3,600,000 → 2,440,000');
SELECT is(zeimu.employment_income(2026, 6599999), 4836800::bigint, 'R8 6,599,999 → 4,836,800');
SELECT is(zeimu.employment_income(2026, 6600000), 4840000::bigint, 'R8 6,600,000 → 4,840,000');
SELECT is(zeimu.employment_income(2026, 8500000), 6550000::bigint, 'R8 8,500,000 → 6,550,000');
SELECT is(zeimu.employment_income(2025, 1100000), 550000::bigint, 'R7 1,100,000 − 550,000 = 550,000');

-- ---- 公的年金等 雑所得 (所得税法35条④), 65歳以上 ----
SELECT is(zeimu.pension_income(2025, 1100000, 65), 0::bigint, '65+: 1,100,000 − 1,100,000 = 0');
SELECT is(zeimu.pension_income(2025, 1100001, 65), 1::bigint, '65+: 1,100,001 − 1,100,000 = 1');
SELECT is(zeimu.pension_income(2025, 3300000, 65), 2200000::bigint, '65+: 3,300,000 − 1,100,000 = 2,200,000');
SELECT is(zeimu.pension_income(2025, 3300001, 65), 2200001::bigint, '65+: deduction 3,300,001 × 25% = 825,000 + 275,000 = 1,100,000');
SELECT is(zeimu.pension_income(2025, 4100000, 65), 2800000::bigint, '65+: 4,100,000 − (1,025,000 + 275,000) = 2,800,000');
SELECT is(zeimu.pension_income(2025, 4100001, 65), 2800001::bigint, '65+: 4,100,001 − (615,000 + 685,000) = 2,800,001');
SELECT is(zeimu.pension_income(2025, 7700000, 65), 5860000::bigint, '65+: 7,700,000 − (1,155,000 + 685,000) = 5,860,000');
SELECT is(zeimu.pension_income(2025, 7700001, 65), 5860001::bigint, '65+: 7,700,001 − (385,000 + 1,455,000) = 5,860,001');
SELECT is(zeimu.pension_income(2025, 10000000, 65), 8045000::bigint, '65+: 10,000,000 − (500,000 + 1,455,000) = 8,045,000');
SELECT is(zeimu.pension_income(2025, 10000001, 65), 8045001::bigint, '65+: above 10M the deduction is capped at 1,955,000');
-- 65歳未満
SELECT is(zeimu.pension_income(2025, 600000, 64), 0::bigint, '<65: 600,000 − 600,000 = 0');
SELECT is(zeimu.pension_income(2025, 600001, 64), 1::bigint, '<65: 600,001 − 600,000 = 1');
SELECT is(zeimu.pension_income(2025, 1300000, 64), 700000::bigint, '<65: 1,300,000 − 600,000 = 700,000');
SELECT is(zeimu.pension_income(2025, 1300001, 64), 700001::bigint, '<65: 1,300,001 − (325,000 + 275,000) = 700,001');
SELECT is(zeimu.pension_income(2025, 2000000, 64), 1225000::bigint, '<65: 2,000,000 − (500,000 + 275,000) = 1,225,000');
SELECT is(zeimu.pension_income(2025, 2000000, 65), 900000::bigint, '65+: 2,000,000 − 1,100,000 = 900,000');
-- other 合計所得 cuts the deduction (¥100,000 above 10M, ¥200,000 above 20M)
SELECT is(zeimu.pension_income(2025, 2000000, 65, 10000000), 900000::bigint, 'other 10,000,000: no cut → 900,000');
SELECT is(zeimu.pension_income(2025, 2000000, 65, 10000001), 1000000::bigint, 'other 10,000,001: deduction 1,000,000 → 1,000,000');
SELECT is(zeimu.pension_income(2025, 2000000, 65, 20000000), 1000000::bigint, 'other 20,000,000: still −100,000');
SELECT is(zeimu.pension_income(2025, 2000000, 65, 20000001), 1100000::bigint, 'other 20,000,001: deduction 900,000 → 1,100,000');

-- 令和8年度: the pension table is unchanged by the 令和7年度改正
SELECT is(zeimu.pension_income(2026, 1100001, 65), 1::bigint, 'R8 65+: 1,100,001 − 1,100,000 = 1');
SELECT is(zeimu.pension_income(2026, 3300001, 65), 2200001::bigint, 'R8 65+: 3,300,001 − 1,100,000 = 2,200,001');
SELECT is(zeimu.pension_income(2026, 1300001, 64), 700001::bigint, 'R8 <65: 1,300,001 − 600,000 = 700,001');
SELECT is(zeimu.pension_income(2026, 10000001, 70), 8045001::bigint, 'R8 65+: above 10M, − 1,955,000');

-- ---- errors ----
SELECT throws_ok($$SELECT zeimu.employment_income(2025, -1)$$, '22023', 'salary must not be negative', 'negative salary is rejected');
SELECT throws_ok($$SELECT zeimu.employment_income(2019, 1000000)$$, '22023', NULL, 'a fiscal year before the seeded parameters is rejected');
SELECT throws_ok($$SELECT zeimu.pension_income(2025, 1000000, -3)$$, '22023', 'age must be between 0 and 150', 'a negative age is rejected');
SELECT throws_ok($$SELECT zeimu.pension_income(2025, -5, 70)$$, '22023', 'pension must not be negative', 'negative pension is rejected');

SELECT * FROM finish();
ROLLBACK;
