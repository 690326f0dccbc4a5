-- 個人住民税: the C kernel against the independent PL/pgSQL reading of the same
-- pipeline (bench/levy_inhabitant_plpgsql.sql, written separately with its own
-- hard-coded thresholds) on 3,000 synthetic taxpayers in an ordinary and a
-- designated city, both years.  Any row where they differ is a defect in one.
BEGIN;
SELECT plan(4);
\ir ../../bench/levy_inhabitant_plpgsql.sql
INSERT INTO zeimu.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
	('431001', 2021, 'designated_city', 1, 'test'), ('431001', 2021, 'kyuchi', 2, 'test');
CREATE TEMP TABLE tp AS
SELECT i AS id,
	jsonb_strip_nulls(jsonb_build_object(
		'salary', CASE WHEN i % 5 <> 0 THEN 400000 + (hashint4(i) & 65535) * 160 END,
		'pension', CASE WHEN i % 5 = 0 THEN 500000 + (hashint4(i + 1) & 65535) * 50 END,
		'age', CASE WHEN i % 5 = 0 THEN 60 + i % 25 ELSE 25 + i % 40 END,
		'other_income', CASE WHEN i % 13 = 0 THEN (hashint4(i + 2) & 65535) * 20 END,
		'social_insurance', CASE WHEN i % 5 <> 0 THEN 60000 + (hashint4(i) & 65535) * 20 ELSE 80000 END,
		'spouse', CASE WHEN i % 3 = 0 THEN jsonb_build_object('income', (hashint4(i + 3) & 65535) * 25, 'age', 30 + i % 45) END,
		'dependants', CASE WHEN i % 4 = 0 THEN jsonb_build_array(jsonb_build_object('age', i % 23, 'income', (hashint4(i + 5) & 3) * 300000)) END,
		'donations', CASE WHEN i % 7 = 0 THEN jsonb_build_object('furusato', 10000 + (hashint4(i + 4) & 1023) * 100) END,
		'one_stop', CASE WHEN i % 7 = 0 THEN i % 2 = 0 END)) AS facts
FROM generate_series(1, 3000) i;

SELECT is((SELECT count(*) FROM tp, (SELECT zeimu.inhabitant_tax_params(2025, '132012') AS p OFFSET 0) b
           WHERE zeimu.inhabitant_tax_amounts(b.p, tp.facts) <> bench.inhabitant_amounts(b.p, tp.facts)), 0::bigint,
	'R7 ordinary city: C and PL/pgSQL agree on all 3,000 taxpayers');
SELECT is((SELECT count(*) FROM tp, (SELECT zeimu.inhabitant_tax_params(2026, '132012') AS p OFFSET 0) b
           WHERE zeimu.inhabitant_tax_amounts(b.p, tp.facts) <> bench.inhabitant_amounts(b.p, tp.facts)), 0::bigint,
	'R8 ordinary city: C and PL/pgSQL agree on all 3,000 taxpayers');
SELECT is((SELECT count(*) FROM tp, (SELECT zeimu.inhabitant_tax_params(2025, '431001') AS p OFFSET 0) b
           WHERE zeimu.inhabitant_tax_amounts(b.p, tp.facts) <> bench.inhabitant_amounts(b.p, tp.facts)), 0::bigint,
	'R7 designated city, 2級地: C and PL/pgSQL agree on all 3,000 taxpayers');
-- The sample is not trivial: a good share is taxed, some are 非課税.
SELECT ok((SELECT count(*) FILTER (WHERE (a)[6] = 0) BETWEEN 50 AND 2000 FROM
             (SELECT zeimu.inhabitant_tax_amounts(b.p, tp.facts) AS a FROM tp,
                     (SELECT zeimu.inhabitant_tax_params(2026, '431001') AS p OFFSET 0) b) s),
	'the sample has both 非課税 and taxed persons');

SELECT * FROM finish();
ROLLBACK;
