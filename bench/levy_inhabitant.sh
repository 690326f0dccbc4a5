#!/usr/bin/env bash
# Benchmark: the inhabitant tax pipeline for a synthetic municipality.
# C kernel (zeimu.inhabitant_tax_compute) against a PL/pgSQL version of the
# same pipeline (bench/levy_inhabitant_plpgsql.sql) over the same rows and
# the same parameter bundle, in one run.  Run by: scripts/run-bench levy_inhabitant
#   N (default 300000) taxpayers for the C path; PLN (default N) for PL/pgSQL.
# Then the whole levy pipeline (documents → merge → compute → schedules):
#   PIPE_N (default 300000) taxpayers with 4/3 documents each, levied by
#   zeimu.levy_inhabitant; PIPE_PLN (default 30000) of them by the PL/pgSQL
#   pipeline (bench/levy_inhabitant_pipeline.sql); PIPE=0 skips this part.
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

[ "${PIPE:-1}" = 0 ] && exit 0
PN=${PIPE_N:-300000}
PPLN=${PIPE_PLN:-30000}
psql -f "$top/bench/levy_inhabitant_pipeline.sql"
echo
echo "Levy pipeline, 令和8年度, 熊本市 431001: generating $PN persons and their documents ..."
t0=$(date +%s.%N)
psql <<SQL
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('431001', '熊本市', '熊本県') ON CONFLICT DO NOTHING;
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES ('431001', 'HQ', '市民税課', 'hq_division') ON CONFLICT DO NOTHING;
-- persons: every 5th a pensioner (65-89 on 1 April 2026), the others 26-65
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code, business_date)
SELECT '431001', i, '納税者' || i, 'のうぜいしゃ', 1 + i % 2,
	CASE WHEN i % 5 = 0 THEN make_date(1936 + i % 25, 1 + i % 12, 1 + i % 28) ELSE make_date(1960 + i % 40, 1 + i % 12, 1 + i % 28) END,
	'熊本市中央区' || i, 'HQ', '2020-04-01'
FROM generate_series(1, $PN) i;
-- 400,000 documents per 300,000 persons: a salary report for 4 in 5, a
-- pension report for 1 in 5, a second employer for 4 in 30, a final return
-- (国税連携) for 1 in 10 and a one-stop notice for 1 in 10.
INSERT INTO zeimu.tax_document (lg_code, fiscal_year, kind, facts, employer_name, employer_no, mynumber_received, source, channel,
	received_on, atena_no, match_method, assigned_by, assigned_at)
SELECT '431001', 2026, d.kind, d.facts, d.emp, d.emp_no, true, coalesce(d.emp, d.src), 'eltax', d.recv, d.i, 'mynumber', 'bench', now()
FROM (
	SELECT i, 'salary_report' AS kind, '2026-01-31'::date AS recv,
		jsonb_strip_nulls(jsonb_build_object('salary', 1000000 + (hashint4(i) & 65535) * 150,
			'social_insurance', 100000 + (hashint4(i) & 65535) * 20,
			'spouse', CASE WHEN i % 3 = 0 THEN jsonb_build_object('income', (hashint4(i + 3) & 65535) * 25, 'age', 30 + i % 45) END,
			'dependants', CASE WHEN i % 4 = 0 THEN jsonb_build_array(jsonb_build_object('age', i % 23, 'income', 0)) END)) AS facts,
		'事業所' || (i % 5000) AS emp, 'E-' || (i % 5000) AS emp_no, NULL AS src
	FROM generate_series(1, $PN) i WHERE i % 5 <> 0
	UNION ALL
	SELECT i, 'pension_report', '2026-01-31', jsonb_build_object('pension', 800000 + (hashint4(i + 1) & 65535) * 50,
		'age', 2025 - (1936 + i % 25)), NULL, NULL, '日本年金機構'
	FROM generate_series(1, $PN) i WHERE i % 5 = 0
	UNION ALL
	SELECT i, 'salary_report', '2026-02-10', jsonb_build_object('salary', 300000 + (hashint4(i + 5) & 1023) * 500),
		'副業先' || (i % 700), 'S-' || (i % 700), NULL
	FROM generate_series(1, $PN) i WHERE i % 30 BETWEEN 1 AND 4
	UNION ALL
	SELECT i, 'final_return', '2026-03-15',
		jsonb_strip_nulls(jsonb_build_object('salary', CASE WHEN i % 5 <> 0 THEN 1000000 + (hashint4(i) & 65535) * 150 END,
			'pension', CASE WHEN i % 5 = 0 THEN 800000 + (hashint4(i + 1) & 65535) * 50 END,
			'age', CASE WHEN i % 5 = 0 THEN 2025 - (1936 + i % 25) ELSE 2025 - (1960 + i % 40) END,
			'other_income', (hashint4(i + 2) & 65535) * 20,
			'social_insurance', 100000 + (hashint4(i) & 65535) * 20)), NULL, NULL, '国税連携'
	FROM generate_series(1, $PN) i WHERE i % 10 = 7
	UNION ALL
	SELECT i, 'onestop_notice', '2026-02-20', jsonb_build_object('donations', jsonb_build_object('furusato', 10000 + (hashint4(i + 4) & 1023) * 100)),
		NULL, NULL, '寄附先市町村'
	FROM generate_series(1, $PN) i WHERE i % 10 = 4
) d;
ANALYZE zeimu.person; ANALYZE zeimu.tax_document;
SQL
t1=$(date +%s.%N)
read -r npers ndocs < <(psql -t -A -F ' ' -c "SELECT (SELECT count(*) FROM zeimu.person WHERE lg_code::text = '431001'),
	(SELECT count(*) FROM zeimu.tax_document WHERE lg_code::text = '431001')")
echo "  persons=$npers documents=$ndocs generated in $(echo "$t1 - $t0" | bc) s"

echo "C pipeline: zeimu.levy_inhabitant('431001', 2026) (merge, compute, pension/special/ordinary schedules, all persons):"
out=$(psql -t -A -F ' ' <<SQL
SELECT clock_timestamp() AS t0 \gset
SELECT persons, decided, special, ordinary, pension, non_taxable FROM zeimu.levy_inhabitant('431001', 2026, '2026-05-15');
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz);
SQL
)
read -r cp cd cs co cpe cnt csec <<<"$(echo $out)"
echo "  persons=$cp decided=$cd special=$cs ordinary=$co pension=$cpe non_taxable=$cnt seconds=$csec persons/s=$(echo "$cp / $csec" | bc)"
out=$(psql -t -A -F ' ' <<SQL
SELECT clock_timestamp() AS t0 \gset
SELECT unchanged FROM zeimu.levy_inhabitant('431001', 2026, '2026-05-16');
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz);
SQL
)
read -r ru rsec <<<"$(echo $out)"
echo "  re-run (the monthly check: merge and compute everyone, write nothing): unchanged=$ru seconds=$rsec"

echo "PL/pgSQL pipeline (per person: merged_tax_facts, bench.inhabitant_amounts, schedule), first $PPLN persons:"
out=$(psql -t -A -F ' ' <<SQL
SELECT clock_timestamp() AS t0 \gset
SELECT bench.levy_plpgsql('431001', 2026, $PPLN);
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz);
SQL
)
read -r pp psec <<<"$(echo $out)"
echo "  persons=$pp seconds=$psec persons/s=$(echo "$pp / $psec" | bc)"
read -r pmis < <(psql -t -A -c "SELECT count(*) FROM bench.assessment b JOIN zeimu.inhabitant_assessment a
	ON a.lg_code::text = b.lg_code AND a.fiscal_year = b.fiscal_year AND a.atena_no = b.atena_no AND a.version = 1
	WHERE a.total <> b.total")
echo "  persons whose total differs between the two pipelines: $pmis"
echo "pipeline ratio (C persons/s ÷ PL/pgSQL persons/s): $(echo "scale=1; ($cp / $csec) / ($pp / $psec)" | bc)"
if [ "$pmis" != 0 ]; then echo "MISMATCH" >&2; exit 1; fi
