#!/usr/bin/env bash
# Registry benchmarks (run by: scripts/run-bench registry).  Inside a
# throwaway cluster (PGHOST/PGPORT/PGDATABASE set by scripts/with-cluster).
#
#   1. bulk linking of N persons (encrypt + HMAC + insert) through
#      zeimu.link_mynumber, against a baseline doing the same pgcrypto work in
#      plain SQL with the key as a literal (what the C path exists to avoid);
#   2. lookup by Individual Number with pgbench (TPS, p95): the C function
#      (blind index + access-log row) against plain SQL doing the same;
#   3. sealing N access-log rows and verifying them, against a PL/pgSQL
#      per-row chain loop (run on N/10 rows and scaled).
#
# N defaults to 1,000,000 (BENCH_N to change); pgbench runs BENCH_SECONDS
# (default 30) with BENCH_CLIENTS (default 4) clients over the Unix socket.
set -euo pipefail
# The lg_code and mynumber operators live in schema zeimu.
export PGOPTIONS="-c search_path=public,zeimu,pg_catalog"
N=${BENCH_N:-1000000}
SECS=${BENCH_SECONDS:-30}
CLIENTS=${BENCH_CLIENTS:-4}
LG=271004
BASE_LG=131016
psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "registry bench: N=$N, pgbench ${SECS}s x $CLIENTS clients, $(nproc) cores"

# ---- set-up: N persons without numbers ------------------------------------
psqlq <<SQL
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('$LG', 'ベンチ市', '架空県'), ('$BASE_LG', 'ベースライン市', '架空県');
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date)
SELECT '$LG', i, '試験' || i, 'シケン', 1, date '1950-01-01' + (i % 20000)::int FROM generate_series(1, $N) i;
INSERT INTO zeimu.mynumber_purpose (lg_code, purpose_code, description, legal_basis)
VALUES ('$LG', 'resident_tax', '個人住民税の賦課', '番号法別表第一');
VACUUM ANALYZE zeimu.person;
SQL

# ---- 1. bulk linking ---------------------------------------------------------
BATCH=100000
t0=$(now)
for ((lo = 1; lo <= N; lo += BATCH)); do
	hi=$((lo + BATCH - 1)); [ $hi -gt $N ] && hi=$N
	psqlq -c "SELECT count(zeimu.link_mynumber('$LG', i, zeimu.sample_mynumber(1, i), 'bench')) FROM generate_series($lo, $hi) i" >/dev/null
done
t1=$(now)
link_s=$(secs "$t0" "$t1")
linked=$(psqlq -At -c "SELECT count(*) FROM zeimu.mynumber_vault WHERE lg_code = '$LG'")
link_rate=$(rate "$linked" "$link_s")

# Baseline: the same crypto in plain SQL with pgcrypto, keys as literals.
KEYS=$(psqlq -At -c "SELECT m[1] || ' ' || m[2] FROM regexp_matches(pg_read_file(current_setting('zeimu.key_file')), '(?n)^1 (\S+) (\S+)$') m")
ENC=${KEYS% *}; MAC=${KEYS#* }
psqlq -c "CREATE UNLOGGED TABLE bench_baseline_vault (LIKE zeimu.mynumber_vault INCLUDING DEFAULTS)" >/dev/null
t0=$(now)
for ((lo = 1; lo <= N; lo += BATCH)); do
	hi=$((lo + BATCH - 1)); [ $hi -gt $N ] && hi=$N
	psqlq -c "INSERT INTO bench_baseline_vault (lg_code, atena_no, key_id, blind_index, ciphertext, ct_mac, source)
		SELECT '$LG', i, 1, hmac(convert_to('zeimu-bi' || d, 'UTF8'), decode('$MAC', 'hex'), 'sha256'), c,
		       hmac(c, decode('$MAC', 'hex'), 'sha256'), 'bench'
		  FROM (SELECT i, d, iv || encrypt_iv(convert_to(d, 'UTF8'), decode('$ENC', 'hex'), iv, 'aes-cbc/pad:pkcs') AS c
		          FROM (SELECT i, zeimu.sample_mynumber(1, i)::text AS d, gen_random_bytes(16) AS iv
		                  FROM generate_series($lo, $hi) i) s) x" >/dev/null
done
t1=$(now)
base_s=$(secs "$t0" "$t1")
base_rate=$(rate "$N" "$base_s")
# The baseline's blind index must equal the C one (same HMAC definition).
same=$(psqlq -At -c "SELECT count(*) FROM bench_baseline_vault b JOIN zeimu.mynumber_vault v USING (lg_code, atena_no) WHERE b.blind_index = v.blind_index AND b.atena_no <= 1000")
psqlq -c "DROP TABLE bench_baseline_vault" -c "VACUUM ANALYZE zeimu.mynumber_vault" >/dev/null
echo
echo "## bulk linking ($linked persons)"
echo "C zeimu.link_mynumber:      ${link_s}s  ${link_rate} links/s (target >= 20000)"
echo "baseline SQL pgcrypto:      ${base_s}s  ${base_rate} rows/s (keys as SQL literals; no conflict checks)"
echo "ratio C/baseline:           $(awk -v a="$link_rate" -v b="$base_rate" 'BEGIN { printf "%.2f", a / b }')"
echo "blind indexes equal to the baseline's on 1000 checked rows: $same"

# ---- 2. lookup by Individual Number (pgbench) ---------------------------------
dir=$(mktemp -d)
cat >"$dir/c.sql" <<SQL
\set i random(1, $N)
SELECT zeimu.find_person_by_mynumber('$LG', zeimu.sample_mynumber(1, :i), 'resident_tax');
SQL
cat >"$dir/base.sql" <<SQL
\set i random(1, $N)
SELECT atena_no FROM zeimu.mynumber_vault WHERE lg_code = '$LG' AND blind_index = hmac(convert_to('zeimu-bi' || zeimu.sample_mynumber(1, :i)::text, 'UTF8'), decode('$MAC', 'hex'), 'sha256');
INSERT INTO zeimu.access_log (lg_code, session_user_name, current_user_name, atena_no, function_name, purpose, txid) VALUES ('$LG', session_user, current_user, :i, 'baseline', 'resident_tax', txid_current());
SQL
p95() { cat "$1"/pgbench_log.* | awk '{ print $3 }' | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int(NR * 0.95)] / 1000 }'; }
tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$1" | head -1; }
(cd "$dir" && pgbench -n -M prepared -c "$CLIENTS" -j "$CLIENTS" -T "$SECS" -f c.sql -l >c.out 2>&1)
c_tps=$(tps "$dir/c.out"); c_p95=$(p95 "$dir"); rm -f "$dir"/pgbench_log.*
(cd "$dir" && pgbench -n -M prepared -c "$CLIENTS" -j "$CLIENTS" -T "$SECS" -f base.sql -l >base.out 2>&1)
b_tps=$(tps "$dir/base.out"); b_p95=$(p95 "$dir"); rm -f "$dir"/pgbench_log.*
echo
echo "## lookup by Individual Number (pgbench -M prepared, $CLIENTS clients, ${SECS}s, Unix socket)"
echo "C zeimu.find_person_by_mynumber: ${c_tps} TPS, p95 ${c_p95} ms (target >= 3000 TPS)"
echo "baseline SQL (hmac + log row):   ${b_tps} TPS, p95 ${b_p95} ms"
echo "ratio C/baseline:                $(awk -v a="$c_tps" -v b="$b_tps" 'BEGIN { printf "%.2f", a / b }')"
rm -rf "$dir"

# ---- 3. sealing and verifying N access-log rows -------------------------------
psqlq <<SQL
INSERT INTO zeimu.access_log (lg_code, session_user_name, current_user_name, staff_id, atena_no, function_name, purpose, txid)
SELECT '$BASE_LG', 'bench', 'bench', 'S-' || (i % 100), i, 'find_person_by_mynumber', 'resident_tax', 1
  FROM generate_series(1, $N) i;
VACUUM ANALYZE zeimu.access_log;
SQL
t0=$(now)
psqlq -c "CALL zeimu.seal_access_log('$BASE_LG', 100000, '0')" 2>&1 | grep -v '^$' || true
t1=$(now)
seal_s=$(secs "$t0" "$t1")
t0=$(now)
broken=$(psqlq -At -c "SELECT count(*) FROM zeimu.verify_access_log('-infinity', 'infinity', '$BASE_LG')")
t1=$(now)
verify_s=$(secs "$t0" "$t1")
sealed=$(psqlq -At -c "SELECT count(*) FROM zeimu.access_log_seal WHERE lg_code = '$BASE_LG'")

# Baseline: a PL/pgSQL loop chaining row by row (same row hash), on N/10 rows.
M=$((N / 10))
t0=$(now)
psqlq <<SQL >/dev/null
CREATE UNLOGGED TABLE bench_chain (seq bigint, h bytea);
DO \$\$
DECLARE
	r record;
	h bytea := decode(repeat('00', 32), 'hex');
BEGIN
	FOR r IN SELECT l FROM zeimu.access_log l WHERE lg_code = '$BASE_LG' ORDER BY seq LIMIT $M LOOP
		h := sha256(h || zeimu.access_log_row_hash(r.l));
		INSERT INTO bench_chain VALUES ((r.l).seq, h);
	END LOOP;
END
\$\$;
SQL
t1=$(now)
bl_s=$(secs "$t0" "$t1")
bl_scaled=$(awk -v s="$bl_s" -v n="$N" -v m="$M" 'BEGIN { printf "%.2f", s * n / m }')
# The baseline's head at row M equals the seal's link M.
same=$(psqlq -At -c "SELECT (SELECT h FROM bench_chain ORDER BY seq DESC LIMIT 1) = (SELECT chain_hash FROM zeimu.access_log_seal WHERE lg_code = '$BASE_LG' AND link_no = $M)")
echo
echo "## access-log chain ($sealed rows)"
echo "seal (window aggregate, batches of 100000): ${seal_s}s  $(rate "$sealed" "$seal_s") rows/s (target <= 30 s)"
echo "verify_access_log:                          ${verify_s}s  $(rate "$sealed" "$verify_s") rows/s (target <= 15 s), broken links: $broken"
echo "baseline PL/pgSQL row loop on $M rows:      ${bl_s}s, scaled to $N: ${bl_scaled}s"
echo "ratio baseline/seal:                        $(awk -v a="$bl_scaled" -v b="$seal_s" 'BEGIN { printf "%.2f", a / b }')"
echo "baseline head equals seal link $M:          $same"

# ---- 4. the sample generator at scale --------------------------------------------
SAMPLE_N=${BENCH_SAMPLE_N:-$N}
t0=$(now)
psqlq -c "SELECT * FROM zeimu.generate_sample('479098', $SAMPLE_N, 1)" >/dev/null
t1=$(now)
gen_s=$(secs "$t0" "$t1")
echo
echo "## generate_sample ($SAMPLE_N persons, linked)"
echo "zeimu.generate_sample:      ${gen_s}s  $(rate "$SAMPLE_N" "$gen_s") persons/s"
