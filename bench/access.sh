#!/usr/bin/env bash
# access: cost of office-scoped row security.  2 000 000 persons across 50
# offices of one municipality; pgbench runs the same lookups (by atena
# number, by name) as a staff member of one office (row security applies)
# and as a BYPASSRLS role, in the same run.  Target: staff >= 80 % of the
# BYPASSRLS throughput.  Run by scripts/run-bench access (PGHOST etc. set).
set -euo pipefail
# zeimu.lg_code columns compare with zeimu's = operator.
export PGOPTIONS="-c search_path=public,zeimu"
N=${ACCESS_BENCH_PERSONS:-2000000}
T=${ACCESS_BENCH_SECONDS:-10}
C=${ACCESS_BENCH_CLIENTS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

echo "loading $N persons across 50 offices ..."
start=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131016', 'ベンチ市', '架空県');
INSERT INTO zeimu.office (lg_code, office_code, name, kind)
SELECT '131016', 'O' || lpad(k::text, 2, '0'), '事務所' || k, 'tax_office' FROM generate_series(1, 50) k;
-- atena n is in office O(1 + n % 50); its name is unique: N<n>.
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, birth_date, address, office_code)
SELECT '131016', n, 'N' || n, 'カナ' || (n % 1000), date '1950-01-01' + (n % 20000),
       '架空県ベンチ市' || (n % 997) || '番地', 'O' || lpad((1 + n % 50)::text, 2, '0')
FROM generate_series(1, $N) n;
VACUUM ANALYZE zeimu.person;
SELECT zeimu.register_staff('131016', 'BENCH1', 'bench_staff', 'Bench Staff', ARRAY['levy'], ARRAY['O01']);
CREATE ROLE bench_bypass LOGIN BYPASSRLS;
GRANT zeimu_levy TO bench_bypass;
ALTER ROLE bench_staff RESET idle_session_timeout;
SQL
echo "loaded in $(( $(date +%s) - start )) s"

# Office O01 holds atena n = 50 m (m = 1 .. N/50).
M=$(( N / 50 ))
cat >"$work/atena.sql" <<SQL
\set m random(1, $M)
SELECT atena_no, name, address FROM zeimu.person WHERE lg_code = '131016' AND atena_no = 50 * :m;
SQL
cat >"$work/name.sql" <<SQL
\set m random(1, $M)
SELECT atena_no, name, address FROM zeimu.person WHERE lg_code = '131016' AND name_key = 'N' || (50 * :m);
SQL

echo "plans (as bench_staff):"
PGUSER=bench_staff psql -X -q -c "EXPLAIN (COSTS OFF) SELECT atena_no, name, address FROM zeimu.person WHERE lg_code = '131016' AND atena_no = 50" \
	-c "EXPLAIN (COSTS OFF) SELECT atena_no, name, address FROM zeimu.person WHERE lg_code = '131016' AND name_key = 'N50'"
echo "rows seen: staff $(PGUSER=bench_staff psql -X -qAt -c 'SELECT count(*) FROM zeimu.person'), bypass $(PGUSER=bench_bypass psql -X -qAt -c 'SELECT count(*) FROM zeimu.person')"

run() {	# role script -> tps
	PGUSER=$1 pgbench -n -M prepared -c "$C" -j 2 -T "$T" -f "$work/$2.sql" 2>/dev/null \
		| sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}
# Alternating runs (bypass, staff) x P so that drift in the machine's load
# falls on both; every pair's ratio is printed, then the totals.
P=${ACCESS_BENCH_PAIRS:-3}
printf '%-8s %4s %12s %12s %8s\n' lookup pair "staff tps" "bypass tps" ratio
for s in atena name; do
	st=0; bt=0
	for i in $(seq 1 "$P"); do
		b=$(run bench_bypass "$s"); t=$(run bench_staff "$s")
		awk -v n="$s" -v i="$i" -v t="$t" -v b="$b" 'BEGIN { printf "%-8s %4d %12.0f %12.0f %8.2f\n", n, i, t, b, t / b }'
		st=$(awk -v a="$st" -v b="$t" 'BEGIN { print a + b }'); bt=$(awk -v a="$bt" -v b="$b" 'BEGIN { print a + b }')
	done
	awk -v n="$s" -v t="$st" -v b="$bt" -v p="$P" 'BEGIN { printf "%-8s %4s %12.0f %12.0f %8.2f   <- mean over %d pairs\n", n, "all", t / p, b / p, t / b, p }'
done
echo "(each lookup returns one row; $C clients, ${T} s per run, -M prepared; ratio = staff / BYPASSRLS, target >= 0.80)"
