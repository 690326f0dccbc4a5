#!/usr/bin/env bash
# Retention bench (run by: scripts/run-bench retention).  Inside a throwaway
# cluster (PGHOST/PGPORT/PGDATABASE set by scripts/with-cluster).
#
# A registered table of N rows (default 10,000,000), EXPIRED of them
# (default 1,000,000) past the collection_ledger cutoff, 10,000 persons.
#   0. sync and a 15-s warm-up of the workload (not measured);
#   1. pgbench mixed read/write workload on the same table for SECS seconds
#      (read one row by key, update one recent row, insert one row): TPS,
#      max latency, WAL -- without the purge;
#   2. the same workload while CALL zeimu.purge_run removes the expired rows
#      (archive + delete, batches of 10,000, SKIP LOCKED, lock_timeout 1 s):
#      TPS, max latency, WAL; the purge's rows/s including the archive and
#      the CPU time of its backend;
#   3. the workload alone again once the purge has ended.  The workload's
#      own throughput drifts by +-15 % between 30-s windows on 2 cores
#      (buffer write-back, checkpoints), so "kept" is the window with the
#      purge against the mean of the windows before and after it;
#   4. baseline: one plain DELETE of the same number of expired rows from a
#      copy holding them plus as many live rows (no archive, no holds).
set -euo pipefail
export PGOPTIONS="-c search_path=public,zeimu,pg_catalog"
N=${BENCH_N:-10000000}
EXPIRED=${BENCH_EXPIRED:-1000000}
SECS=${BENCH_SECONDS:-30}
PAUSE=${BENCH_PAUSE_MS:-0}
RATE=${BENCH_RATE:-0}            # retention_setting.max_rows_per_second (0 = no cap)
NICE=${BENCH_NICE:-10}           # retention_setting.cpu_nice (the national default)
CLIENTS=${BENCH_CLIENTS:-4}
MAXWAL=${BENCH_MAX_WAL:-}          # max_wal_size for the run (empty = the cluster's, 1GB)
ARCHFILE=${BENCH_ARCHIVE_FILE:-0}  # 1 = also write the encrypted archive file (retention_archive_key)
LG=271004
psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
lsn() { psql -X -At -c "SELECT pg_current_wal_lsn()"; }
waldiff() { psql -X -At -c "SELECT pg_size_pretty(pg_wal_lsn_diff('$2', '$1'))"; }
work=$(mktemp -d)

echo "retention bench: N=$N rows, $EXPIRED expired, pgbench ${SECS}s x $CLIENTS clients, throttle: pause ${PAUSE} ms, max ${RATE} rows/s (0 = none), nice +${NICE}, archive file: $ARCHFILE; $(nproc) cores"
echo "machine load at start: $(uptime)"
# Lock waits over 100 ms are logged (deadlock_timeout); the longest is reported.
psqlq -c "ALTER SYSTEM SET log_lock_waits = on" -c "ALTER SYSTEM SET deadlock_timeout = '100ms'" -c "SELECT pg_reload_conf()" >/dev/null
if [ -n "$MAXWAL" ]; then
	psqlq -c "ALTER SYSTEM SET max_wal_size = '$MAXWAL'" -c "SELECT pg_reload_conf()" >/dev/null
	echo "max_wal_size for the run: $MAXWAL"
fi

t0=$(now)
psqlq <<SQL
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('$LG', 'ベンチ市', '架空県');
CREATE TABLE zeimu.bench_event (
	lg_code zeimu.lg_code NOT NULL,
	event_id bigint NOT NULL,
	atena_no bigint NOT NULL,
	happened_on date NOT NULL,
	amount bigint NOT NULL,
	note text,
	PRIMARY KEY (lg_code, event_id)
);
-- rows 1..EXPIRED happened before 2019-04-01 (the 7-year cutoff as of 2026-04-01), the rest after
INSERT INTO zeimu.bench_event
SELECT '$LG', i, 1 + i % 10000,
	   CASE WHEN i <= $EXPIRED THEN date '2012-04-01' + (i % 2500)::int ELSE date '2019-04-01' + (i % 2500)::int END,
	   1000 + i % 90000, 'event ' || i
  FROM generate_series(1, $N) i;
CREATE SEQUENCE zeimu.bench_event_new START 1000000000;
CREATE INDEX bench_event_day ON zeimu.bench_event (lg_code, happened_on);
CREATE INDEX bench_event_person ON zeimu.bench_event (lg_code, atena_no);
CREATE TABLE zeimu.bench_event_base (LIKE zeimu.bench_event INCLUDING ALL);
INSERT INTO zeimu.bench_event_base SELECT * FROM zeimu.bench_event WHERE event_id <= 2 * $EXPIRED;
VACUUM ANALYZE zeimu.bench_event;
VACUUM ANALYZE zeimu.bench_event_base;
-- one INSERT registers the table (collection_ledger: 7 years from happened_on)
INSERT INTO zeimu.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by)
VALUES ('bench_event', 'collection_ledger', 't.happened_on', 't.atena_no', 500, 'bench');
-- the throttle (retention_setting: batch_pause_ms, max_rows_per_second, cpu_nice)
INSERT INTO zeimu.retention_setting (lg_code, valid_from, batch_size, lock_timeout_ms, approval_threshold, source,
									 batch_pause_ms, max_rows_per_second, cpu_nice)
VALUES ('$LG', '2000-01-01', 10000, 1000, 10000, 'bench', $PAUSE, $RATE, $NICE);
-- the encrypted archive file (BENCH_ARCHIVE_FILE=1): the test key pair, the data directory
INSERT INTO zeimu.retention_archive_key
SELECT '$LG', current_setting('data_directory'), '$(cat test/fixtures/retention_test_key.pub.asc)', 'bench'
 WHERE $ARCHFILE = 1;
-- a legal hold on person 42: its expired rows stay
SET zeimu.staff_id = 'BENCH-A';
SELECT zeimu.place_hold('$LG', 42, 'legal', 'bench', 'BENCH-S') \g /dev/null
-- the second staff member approves the run (over the 10,000-row threshold)
SELECT zeimu.approve_purge('$LG', '2026-04-01', $N, ARRAY['collection_ledger']) \g /dev/null
CHECKPOINT;
SQL
echo "set-up: $(secs $t0 $(now)) s"

cat > $work/workload.sql <<'W'
\set id random(1000001, 9000000)
\set id2 random(1000001, 9000000)
BEGIN;
SELECT amount FROM zeimu.bench_event WHERE lg_code OPERATOR(zeimu.=) '271004' AND event_id = :id;
UPDATE zeimu.bench_event SET amount = amount + 1 WHERE lg_code OPERATOR(zeimu.=) '271004' AND event_id = :id2;
INSERT INTO zeimu.bench_event VALUES ('271004', nextval('zeimu.bench_event_new'), :id % 10000 + 1, date '2026-04-01', 1, 'new');
END;
W
sed -i "s/1000001, 9000000/$((EXPIRED + 1)), $((N - 1))/" $work/workload.sql
maxlat() { cat "$1"/pgbench_log.* | awk 'BEGIN{m=0} { if ($3 > m) m = $3 } END { printf "%.1f", m / 1000 }'; }

# Steady state first: the set-up leaves ~1.5 GB of freshly written files in
# the page cache (fsync is off), whose write-back would slow whichever window
# came first, and a cold buffer pool; flush them and warm up (not measured).
sync
pgbench -n -f $work/workload.sql -c $CLIENTS -j $CLIENTS -T ${BENCH_WARMUP:-15} "$PGDATABASE" > /dev/null 2>&1
sync

# ---- 1. workload alone ------------------------------------------------------
mkdir -p $work/a && cd $work/a
w0=$(lsn)
pgbench -n -f $work/workload.sql -c $CLIENTS -j $CLIENTS -T $SECS -l --random-seed=1 "$PGDATABASE" > $work/a.out 2>&1
w1=$(lsn)
tps_a=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' $work/a.out)
walb_a=$(psql -X -At -c "SELECT pg_wal_lsn_diff('$w1', '$w0')::bigint")
echo "workload alone:      tps $tps_a, max latency $(maxlat $work/a) ms, WAL $(waldiff $w0 $w1)"
cd - >/dev/null

# ---- 2. workload + purge ----------------------------------------------------
psqlq -c "SELECT table_name, rows FROM zeimu.purge_plan('2026-04-01', '$LG', ARRAY['collection_ledger'])" | sed 's/^/plan: /'
mkdir -p $work/b && cd $work/b
w0=$(lsn)
p0=$(now)
( PGOPTIONS="$PGOPTIONS -c zeimu.staff_id=BENCH-OP" psqlq -At -c "SELECT pg_backend_pid()" -c "CALL zeimu.purge_run('2026-04-01', '$LG', ARRAY['collection_ledger'])" > $work/purge.out 2>&1 || cat $work/purge.out; date +%s.%N > $work/purge.end ) &
purge=$!
# the purge backend's CPU time (utime + stime, clock ticks), read while it runs
( cpu=0; pid=""
  while kill -0 $purge 2>/dev/null; do
	[ -n "$pid" ] || pid=$(head -1 $work/purge.out 2>/dev/null | grep -E '^[0-9]+$' || true)
	if [ -n "$pid" ]; then c=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null) && cpu=$c; fi
	sleep 0.2
  done; echo $cpu > $work/purge.cpu ) &
pgbench -n -f $work/workload.sql -c $CLIENTS -j $CLIENTS -T $SECS -l --random-seed=1 "$PGDATABASE" > $work/b.out 2>&1
wait
w1=$(lsn)
p1=$(cat $work/purge.end)
tps_b=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' $work/b.out)
walb_b=$(psql -X -At -c "SELECT pg_wal_lsn_diff('$w1', '$w0')::bigint")
cd - >/dev/null
deleted=$(psql -X -At -c "SELECT deleted_rows FROM zeimu.purge_run ORDER BY run_id DESC LIMIT 1")
loadmid=$(uptime)
echo "workload with purge: tps $tps_b ($(awk -v a=$tps_b -v b=$tps_a 'BEGIN{printf "%.0f", 100*a/b}') % of the window before), max latency $(maxlat $work/b) ms, WAL $(waldiff $w0 $w1) (workload + purge)"
echo "purge: $deleted rows archived and deleted in $(secs $p0 $p1) s = $(rate $deleted $(secs $p0 $p1)) rows/s (the run overlapped pgbench for min(${SECS}s, run) )"
echo "purge backend CPU: $(awk -v c=$(cat $work/purge.cpu) -v t=$(getconf CLK_TCK) -v d=$deleted 'BEGIN { printf "%.1f s = %.1f us/row", c / t, c / t / d * 1e6 }')"
psqlq -c "SELECT status, planned_rows, deleted_rows, batches, (SELECT count(*) FROM zeimu.purge_archive) AS archive_chunks,
		  (SELECT sum(row_count) FROM zeimu.purge_archive) AS archived_rows,
		  (SELECT pg_size_pretty(pg_total_relation_size('zeimu.purge_archive'))) AS archive_size,
		  CASE WHEN archive_file IS NOT NULL THEN pg_size_pretty((pg_stat_file(archive_file)).size) END AS archive_file_size FROM zeimu.purge_run"
psqlq -c "SELECT count(*) AS held_rows_left FROM zeimu.bench_event WHERE atena_no = 42 AND happened_on < '2019-04-01'"
echo "machine load right after the window: $loadmid"
# The purge's own WAL: the window's WAL less the workload's, scaled to the
# transactions the workload ran in the window.
echo "purge WAL (estimate): $(awk -v wb=$walb_b -v wa=$walb_a -v tb=$tps_b -v ta=$tps_a -v d=$deleted 'BEGIN { p = wb - wa * tb / ta; printf "%.0f MB = %.0f bytes/row", p / 1048576, p / d }')"
log=${ZEIMU_CLUSTER_DIR:-}/server.log
if [ -r "$log" ]; then
	waits=$(grep -c 'still waiting for' "$log" || true)
	maxwait=$( (grep -o 'acquired [A-Za-z]* on .* after [0-9.]* ms' "$log" || true) | sed 's/.* after \([0-9.]*\) ms/\1/' | sort -g | tail -1)
	grep -E 'still waiting for|acquired .* after' "$log" | sed 's/^/  lock log: /' | head -5 || true
	echo "lock waits over 100 ms (log_lock_waits, deadlock_timeout 100ms): $waits; longest: ${maxwait:-none over 100} ms"
fi

# ---- 3. workload alone again -------------------------------------------------
# (after a sync, like window 1, so that neither window pays the other's write-back)
sync
mkdir -p $work/c && cd $work/c
pgbench -n -f $work/workload.sql -c $CLIENTS -j $CLIENTS -T $SECS -l --random-seed=2 "$PGDATABASE" > $work/c.out 2>&1
tps_c=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' $work/c.out)
cd - >/dev/null
echo "workload alone after the purge: tps $tps_c, max latency $(maxlat $work/c) ms"
echo "workload kept: $(awk -v b=$tps_b -v a=$tps_a -v c=$tps_c 'BEGIN { printf "%.0f %% of the mean of the windows before and after (%.0f tps); %.0f %% of before, %.0f %% of after", 200 * b / (a + c), (a + c) / 2, 100 * b / a, 100 * b / c }')"
psqlq -At -c "SELECT 'autovacuum runs on bench_event during the bench: ' || autovacuum_count || ', autoanalyze: ' || autoanalyze_count FROM pg_stat_user_tables WHERE relname = 'bench_event'"

# ---- 4. baseline: one plain DELETE ------------------------------------------
w0=$(lsn)
b0=$(now)
based=$(psql -X -At -v ON_ERROR_STOP=1 -c "WITH d AS (DELETE FROM zeimu.bench_event_base WHERE happened_on < '2019-04-01' RETURNING 1) SELECT count(*) FROM d")
b1=$(now)
w1=$(lsn)
echo "baseline plain DELETE (no archive, no holds, no batches): $based rows in $(secs $b0 $b1) s = $(rate $based $(secs $b0 $b1)) rows/s, WAL $(waldiff $w0 $w1)"
echo "ratio purge/baseline rows/s: $(awk -v a=$(rate $deleted $(secs $p0 $p1)) -v b=$(rate $based $(secs $b0 $b1)) 'BEGIN{printf "%.3f", a/b}')"
rm -rf $work
