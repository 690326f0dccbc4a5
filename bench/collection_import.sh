#!/usr/bin/env bash
# bench/collection_import.sh — bulk import and reconciliation (消込) of
# 1,000,000 payments by payment number (target ≤ 60 s on 2 cores), against a
# row-by-row baseline (a PL/pgSQL loop posting each line through
# zeimu.post_payment_by_number) over a smaller sample, extrapolated linearly.
# Run: scripts/run-bench collection_import   (PGHOST/PGPORT/PGDATABASE set by it)
#   N   lines of the bulk file (default 1,000,000)
#   NB  lines of the row-by-row baseline (default 20,000)
set -euo pipefail
N=${N:-1000000}
NB=${NB:-20000}
work=$(mktemp -d /tmp/zeimu-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
-- N + NB installments of the sample municipality, ¥1,000-¥500,000, due 2025-04-30
INSERT INTO zeimu.collection_installment (lg_code, atena_no, tax_kind, fiscal_year, notice_no, period_no,
	statutory_due_date, due_date, principal)
SELECT '131130', g, 'fixed_asset', 2025, 'BN-' || g, 1, '2025-04-30', '2025-04-30',
       1000 + (hashint4(g) & 2147483647) % 499001
  FROM generate_series(1, $N + $NB) g;
ANALYZE zeimu.collection_installment;
SQL

# The bank file: one line per installment, paid in full before the due date,
# except: one line in 1,000 pays ¥1,000 more (an over-payment, allocated one
# by one) and every 500th carries an unknown payment number (suspense).
psql -X -q -v ON_ERROR_STOP=1 -c "\copy (
	SELECT 'bank', 'BK-' || i.atena_no, NULL, NULL,
	       i.principal + CASE WHEN i.atena_no % 1000 = 1 THEN 1000 ELSE 0 END,
	       '2025-04-25', '2025-04-28',
	       CASE WHEN i.atena_no % 500 = 0 THEN zeimu.collection_payment_no('131130', 99999999999) ELSE i.payment_no END, NULL
	  FROM zeimu.collection_installment i WHERE i.atena_no <= $N ORDER BY i.atena_no)
	TO '$work/bank.csv' (FORMAT csv, HEADER true)"
psql -X -q -v ON_ERROR_STOP=1 -c "\copy (
	SELECT 'CT-' || i.atena_no, i.payment_no, i.principal
	  FROM zeimu.collection_installment i WHERE i.atena_no > $N ORDER BY i.atena_no)
	TO '$work/counter.csv' (FORMAT csv)"

t0=$(now)
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET zeimu_import.lg_code = '131130';
SET zeimu_import.batch_id = 'bench-bank';
\copy zeimu.collection_import_line (channel, record_id, notice_no, period_no, amount, receipt_date, revenue_date, payment_no, report) FROM '$work/bank.csv' (FORMAT csv, HEADER true)
SQL
t1=$(now)
psql -X -q -A -t -v ON_ERROR_STOP=1 -c "SELECT format('import_payments: lines %s, posted %s, already %s, suspense %s', lines, posted, already_posted, to_suspense) FROM zeimu.import_payments('131130', 'bench-bank')"
t2=$(now)

# Baseline: the same kind of lines posted one by one in a PL/pgSQL loop.
psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE bl (record_id text, payment_no text, amount bigint);
\copy bl FROM '$work/counter.csv' (FORMAT csv)
\o /dev/null
SELECT clock_timestamp() AS start \gset
DO \$\$
DECLARE r record;
BEGIN
	FOR r IN SELECT * FROM bl ORDER BY record_id LOOP
		PERFORM zeimu.post_payment_by_number('131130', 'counter', r.record_id, r.payment_no, r.amount, '2025-04-25', '2025-04-25');
	END LOOP;
END
\$\$;
\o
SELECT extract(epoch FROM clock_timestamp() - :'start'::timestamptz) AS secs \gset
\pset tuples_only on
\pset format unaligned
\o $work/baseline.txt
SELECT :'secs';
\o
SQL
tb=$(tr -d ' \n' < "$work/baseline.txt")

psql -X -q -A -t -v ON_ERROR_STOP=1 <<SQL
SELECT format('check: %s payments, %s allocated in full, %s in suspense, %s with an over-payment',
	count(*), count(*) FILTER (WHERE s.allocated = p.amount), count(*) FILTER (WHERE p.installment_id IS NULL),
	count(*) FILTER (WHERE s.over > 0))
  FROM zeimu.collection_payment p
  JOIN (SELECT a.payment_id, sum(a.amount) AS allocated, sum(a.amount) FILTER (WHERE a.part = 'overpayment') AS over
		  FROM zeimu.collection_allocation a GROUP BY a.payment_id) s ON s.payment_id = p.payment_id
 WHERE p.channel = 'bank';
SQL

awk -v n="$N" -v nb="$NB" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v tb="$tb" 'BEGIN {
	copy = t1 - t0; imp = t2 - t1; tot = t2 - t0;
	printf "bulk: %d lines, COPY %.1f s + import_payments %.1f s = %.1f s, %.0f rows/s (target <= 60 s)\n", n, copy, imp, tot, n / tot;
	printf "row-by-row baseline (PL/pgSQL loop over post_payment_by_number): %d lines in %.1f s, %.0f rows/s; extrapolated to %d lines: %.0f s\n", nb, tb, nb / tb, n, tb * n / nb;
	printf "ratio (baseline rows/s -> bulk rows/s): %.1fx\n", (n / tot) / (nb / tb);
}'
