#!/usr/bin/env bash
# Benchmark: the inhabitant tax pipeline for a synthetic municipality.
# C kernel (zeimu.inhabitant_tax_compute) against a PL/pgSQL version of the
# same pipeline (bench/levy_inhabitant_plpgsql.sql) over the same rows and
# the same parameter bundle, in one run.  Run by: scripts/run-bench levy_inhabitant
#   N (default 300000) taxpayers for the C path; PLN (default N) for PL/pgSQL.
set -euo pipefail
N=${N:-300000}
PLN=${PLN:-$N}
top=$(cd "$(dirname "$0")/.." && pwd)
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

psql -f "$top/bench/levy_inhabitant_plpgsql.sql"
# 熊本市: a designated city, 2級地 (municipal parameter rows).
psql -c "INSERT INTO zeimu.inhabitant_param (lg_code, fy_from, name, value, basis) VALUES
	('431001', 2021, 'designated_city', 1, 'bench'), ('431001', 2021, 'kyuchi', 2, 'bench')"
psql <<SQL
CREATE TABLE bench.taxpayer AS
SELECT i AS id,
	jsonb_strip_nulls(jsonb_build_object(
		'salary', CASE WHEN i % 5 <> 0 THEN 1000000 + (hashint4(i) & 65535) * 150 END,
		'pension', CASE WHEN i % 5 = 0 THEN 800000 + (hashint4(i + 1) & 65535) * 50 END,
		'age', CASE WHEN i % 5 = 0 THEN 60 + i % 25 ELSE 25 + i % 40 END,
		'other_income', CASE WHEN i % 13 = 0 THEN (hashint4(i + 2) & 65535) * 20 END,
		'social_insurance', CASE WHEN i % 5 <> 0 THEN 100000 + (hashint4(i) & 65535) * 20 ELSE 80000 END,
		'spouse', CASE WHEN i % 3 = 0 THEN jsonb_build_object('income', (hashint4(i + 3) & 65535) * 25, 'age', 30 + i % 45) END,
		'dependants', CASE WHEN i % 4 = 0 THEN jsonb_build_array(jsonb_build_object('age', i % 23, 'income', 0)) END,
		'donations', CASE WHEN i % 7 = 0 THEN jsonb_build_object('furusato', 10000 + (hashint4(i + 4) & 1023) * 100) END,
		'one_stop', CASE WHEN i % 7 = 0 THEN i % 2 = 0 END)) AS facts
FROM generate_series(1, $N) i;
ANALYZE bench.taxpayer;
SQL

run() {
	psql -t -A <<SQL
\\timing off
SELECT clock_timestamp() AS t0 \\gset
SELECT count(*) AS n, sum(x) AS total FROM (SELECT $1 AS x FROM bench.taxpayer t,
	(SELECT zeimu.inhabitant_tax_params(2025, '431001') AS p OFFSET 0) b WHERE t.id <= $2) s \\gset
SELECT :n || ' ' || :total || ' ' || extract(epoch FROM clock_timestamp() - :'t0'::timestamptz);
SQL
}

echo "C kernel zeimu.inhabitant_tax_amounts, $N taxpayers (令和7年度, 熊本市 431001):"
read -r cn ctotal csec < <(run "(zeimu.inhabitant_tax_amounts(b.p, t.facts))[6]" "$N")
echo "  rows=$cn total=$ctotal seconds=$csec rows/s=$(echo "$cn / $csec" | bc)"
echo "PL/pgSQL pipeline, $PLN taxpayers:"
read -r pn ptotal psec < <(run "(bench.inhabitant_amounts(b.p, t.facts))[6]" "$PLN")
echo "  rows=$pn total=$ptotal seconds=$psec rows/s=$(echo "$pn / $psec" | bc)"
echo "C kernel with the full jsonb breakdown (zeimu.inhabitant_tax_compute), $N taxpayers:"
read -r jn jtotal jsec < <(run "(zeimu.inhabitant_tax_compute(b.p, t.facts) ->> 'total')::bigint" "$N")
echo "  rows=$jn total=$jtotal seconds=$jsec rows/s=$(echo "$jn / $jsec" | bc)"

# Same answers on the rows both paths computed.
read -r mism < <(psql -t -A -c "SELECT count(*) FROM bench.taxpayer t, (SELECT zeimu.inhabitant_tax_params(2025, '431001') AS p OFFSET 0) b
	WHERE t.id <= $PLN AND (zeimu.inhabitant_tax_amounts(b.p, t.facts) <> bench.inhabitant_amounts(b.p, t.facts)
	   OR (zeimu.inhabitant_tax_compute(b.p, t.facts) ->> 'total')::bigint <> (bench.inhabitant_amounts(b.p, t.facts))[6])")
echo "rows where the two pipelines disagree: $mism"
crate=$(echo "scale=1; $cn / $csec" | bc)
prate=$(echo "scale=1; $pn / $psec" | bc)
echo "ratio (C rows/s ÷ PL/pgSQL rows/s): $(echo "scale=1; $crate / $prate" | bc)"
echo "ratio (C breakdown rows/s ÷ PL/pgSQL rows/s): $(echo "scale=1; ($jn / $jsec) / $prate" | bc)"
if [ "$mism" != 0 ]; then echo "MISMATCH" >&2; exit 1; fi
