#!/usr/bin/env bash
# bench/collection.sh — 延滞金 for 1,000,000 open installments as of one date
# (target ≤ 5 s), and the C zeimu.late_charge against a PL/pgSQL version of
# the same rules in the same run (target ≥ 20×).
# Run: scripts/run-bench collection   (PGHOST/PGPORT/PGDATABASE set by it)
set -euo pipefail
N=${N:-1000000}
NPL=${NPL:-100000}
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_inst;
-- 1,000,000 open installments: tax ¥1,000–¥2,000,000, due dates 2022-01..2025-12.
CREATE TABLE bench_inst AS
SELECT g AS id,
       (1000 + (hashint4(g) & 2147483647) % 1999001)::bigint AS tax,
       DATE '2022-01-31' + ((hashint4(g + 7) & 2147483647) % 1430) AS due
  FROM generate_series(1, $N) g;
ANALYZE bench_inst;
-- The rows both versions run on, in a table of their own so that neither
-- pays for scanning the other rows.
DROP TABLE IF EXISTS bench_sub;
CREATE TABLE bench_sub AS SELECT * FROM bench_inst WHERE id <= $NPL;
ANALYZE bench_sub;

-- The PL/pgSQL baseline: the same rules, the rates read from the same tables
-- (one lookup per segment, as a plain PL/pgSQL implementation does).
DROP SCHEMA IF EXISTS bench_baseline CASCADE;
CREATE SCHEMA bench_baseline;
CREATE FUNCTION bench_baseline.late_charge_plpgsql(tax bigint, due date, paid date) RETURNS bigint
LANGUAGE plpgsql STABLE AS \$f\$
DECLARE
	s date := due + 1;
	fe date;
	cur date;
	nxt date;
	base bigint;
	r numeric;
	total bigint := 0;
	st record;
	sp record;
BEGIN
	IF paid <= due THEN RETURN 0; END IF;
	IF tax < 2000 THEN RETURN 0; END IF;
	base := tax / 1000 * 1000;
	-- 民法143条: day before the corresponding day a month later, or month end
	IF extract(day FROM s) > extract(day FROM (date_trunc('month', s) + interval '2 month - 1 day')) THEN
		fe := (date_trunc('month', s) + interval '2 month - 1 day')::date;
	ELSE
		fe := (s + interval '1 month')::date - 1;
	END IF;
	cur := s;
	WHILE cur <= paid LOOP
		nxt := least(paid + 1, make_date(extract(year FROM cur)::int + 1, 1, 1));
		IF cur <= fe THEN nxt := least(nxt, fe + 1); END IF;
		SELECT * INTO st FROM zeimu.collection_statutory_rate
		 WHERE lg_code OPERATOR(zeimu.=) '000000'::zeimu.lg_code AND valid_from <= cur ORDER BY valid_from DESC LIMIT 1;
		SELECT * INTO sp FROM zeimu.collection_rate
		 WHERE lg_code OPERATOR(zeimu.=) '000000'::zeimu.lg_code AND valid_from <= cur ORDER BY valid_from DESC LIMIT 1;
		IF cur <= fe THEN
			r := least(st.late_charge_first_rate, sp.late_charge_first_rate);
		ELSE
			r := least(st.late_charge_later_rate, sp.late_charge_later_rate);
		END IF;
		total := total + floor(base * r * (nxt - cur) / 36500)::bigint;
		cur := nxt;
	END LOOP;
	total := total / 100 * 100;
	IF total < 1000 THEN RETURN 0; END IF;
	RETURN total;
END
\$f\$;

\echo '-- correctness: C and PL/pgSQL agree on the first $NPL rows'
SELECT count(*) AS rows_compared,
       count(*) FILTER (WHERE zeimu.late_charge(tax, due, DATE '2026-03-31')
                        IS DISTINCT FROM bench_baseline.late_charge_plpgsql(tax, due, DATE '2026-03-31')) AS mismatches
  FROM bench_sub;
SQL

psql -X -q -v ON_ERROR_STOP=1 <<SQL
\pset footer off
-- Timed with clock_timestamp() around each statement, all in one session.
CREATE FUNCTION pg_temp.timed(q text) RETURNS double precision LANGUAGE plpgsql AS \$t\$
DECLARE t0 timestamptz; r bigint;
BEGIN
	t0 := clock_timestamp();
	EXECUTE q INTO r;
	RETURN extract(epoch FROM clock_timestamp() - t0);
END
\$t\$;
SET max_parallel_workers_per_gather = 2;
SELECT pg_temp.timed('SELECT sum(zeimu.late_charge(tax, due, DATE ''2026-03-31'')) FROM bench_inst') AS warmup \gset
SELECT pg_temp.timed('SELECT sum(zeimu.late_charge(tax, due, DATE ''2026-03-31'')) FROM bench_inst') AS c_par \gset
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.timed('SELECT sum(zeimu.late_charge(tax, due, DATE ''2026-03-31'')) FROM bench_inst') AS c_all \gset
SELECT pg_temp.timed('SELECT sum(zeimu.late_charge(tax, due, DATE ''2026-03-31'')) FROM bench_sub') AS c_sub \gset
SELECT pg_temp.timed('SELECT sum(bench_baseline.late_charge_plpgsql(tax, due, DATE ''2026-03-31'')) FROM bench_sub') AS pl_sub \gset
SELECT format('%s installments, C, up to 2 workers: %s s (%s rows/s)', $N, round(:c_par::numeric, 3), round($N / :c_par)) AS result
UNION ALL SELECT format('%s installments, C, 1 process:     %s s (%s rows/s)', $N, round(:c_all::numeric, 3), round($N / :c_all))
UNION ALL SELECT format('%s installments, C, 1 process:       %s s (%s rows/s)', $NPL, round(:c_sub::numeric, 3), round($NPL / :c_sub))
UNION ALL SELECT format('%s installments, PL/pgSQL, 1 process: %s s (%s rows/s)', $NPL, round(:pl_sub::numeric, 3), round($NPL / :pl_sub))
UNION ALL SELECT format('ratio C / PL/pgSQL (same rows, same process): %s x', round((:pl_sub / :c_sub)::numeric, 1));
SQL
