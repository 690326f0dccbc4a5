#!/usr/bin/env bash
# bench/ident.sh: the identifier types against plain SQL and PL/pgSQL, in one run.
#
#   scripts/run-bench ident            (throwaway cluster; PGHOST etc. are set)
#   IDENT_BENCH_ROWS=200000 scripts/run-bench ident   (smaller run)
#
# Measures, over a text column of IDENT_BENCH_ROWS (default 1,000,000) numbers
# of which about 10 % have a wrong check digit:
#   - zeimu.mynumber_is_valid(col) vs a PL/pgSQL implementation of the same
#     check (target: C >= 50x), and vs length(col) = 12 (target: <= 2x);
#   - col::zeimu.mynumber over the valid rows vs the PL/pgSQL equivalent;
#   - the size of a B-tree over the numbers as mynumber vs as bigint
#     (target: no larger).
# Each query runs three times; the best time counts.  Parallel query is off
# so that both sides use one core.
set -euo pipefail
rows=${IDENT_BENCH_ROWS:-1000000}

psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;

-- The baseline: the same rule in PL/pgSQL, with the same notations (ASCII or
-- full-width digits, optional 4-4-4 grouping by one kind of separator).
CREATE FUNCTION public.plpgsql_mynumber_is_valid(p text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	s text := translate(btrim(p, E' \t　'), '０１２３４５６７８９－　−', '0123456789- -');
	w int[] := ARRAY[6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
	total int := 0;
	r int;
	i int;
BEGIN
	IF s !~ '^[0-9]{12}$' THEN
		IF s ~ '^[0-9]{4}([- ])[0-9]{4}\1[0-9]{4}$' THEN
			s := substr(s, 1, 4) || substr(s, 6, 4) || substr(s, 11, 4);
		ELSE
			RETURN false;
		END IF;
	END IF;
	FOR i IN 1..11 LOOP
		total := total + (ascii(substr(s, i, 1)) - 48) * w[i];
	END LOOP;
	r := total % 11;
	RETURN (ascii(substr(s, 12, 1)) - 48) = CASE WHEN r <= 1 THEN 0 ELSE 11 - r END;
END
$$;
-- The cast's baseline: validate and return the value, raising on failure.
CREATE FUNCTION public.plpgsql_mynumber(p text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	IF NOT public.plpgsql_mynumber_is_valid(p) THEN
		RAISE EXCEPTION 'invalid input syntax for type mynumber' USING ERRCODE = '22P02';
	END IF;
	RETURN translate(p, '０１２３４５６７８９－　− -', '0123456789')::bigint;
END
$$;

-- Data: random 11-digit bases with their check digit; every tenth row gets a
-- wrong one.  (Set-up uses the C check-digit function.)
SELECT setseed(0.42);
CREATE UNLOGGED TABLE bench_mn AS
SELECT g AS id,
       b || CASE WHEN g % 10 = 0 THEN ((zeimu.mynumber_check_digit(b) + 1) % 10)::text
                 ELSE zeimu.mynumber_check_digit(b)::text END AS col
FROM (SELECT g, lpad((floor(random() * 1e11))::bigint::text, 11, '0') AS b
      FROM generate_series(1, :rows) g) s;
CREATE UNLOGGED TABLE bench_mn_valid AS SELECT col FROM bench_mn WHERE id % 10 <> 0;
VACUUM ANALYZE bench_mn;
VACUUM ANALYZE bench_mn_valid;

CREATE TEMP TABLE bench_result (name text PRIMARY KEY, rows bigint, seconds numeric, answer bigint);
CREATE FUNCTION pg_temp.timed(p_name text, p_sql text, p_runs int DEFAULT 3) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best numeric;
	secs numeric;
	ans bigint;
	n bigint;
BEGIN
	FOR i IN 1..p_runs LOOP
		t0 := clock_timestamp();
		EXECUTE p_sql INTO n, ans;
		secs := extract(epoch FROM clock_timestamp() - t0);
		best := least(coalesce(best, secs), secs);
	END LOOP;
	INSERT INTO bench_result VALUES (p_name, n, best, ans);
END
$$;

\o /dev/null
SELECT pg_temp.timed('scan: length(col) = 12',
	'SELECT count(*), count(*) FILTER (WHERE length(col) = 12) FROM bench_mn');
SELECT pg_temp.timed('C: mynumber_is_valid(col)',
	'SELECT count(*), count(*) FILTER (WHERE zeimu.mynumber_is_valid(col)) FROM bench_mn');
SELECT pg_temp.timed('PL/pgSQL: is_valid(col)',
	'SELECT count(*), count(*) FILTER (WHERE public.plpgsql_mynumber_is_valid(col)) FROM bench_mn', 1);
SELECT pg_temp.timed('C: col::zeimu.mynumber (valid rows)',
	'SELECT count(*), count(col::zeimu.mynumber) FROM bench_mn_valid');
SELECT pg_temp.timed('PL/pgSQL: cast (valid rows)',
	'SELECT count(*), count(public.plpgsql_mynumber(col)) FROM bench_mn_valid', 1);
\o

\echo
\echo 'mynumber validation throughput (best of 3 runs; PL/pgSQL 1 run; one core):'
SELECT name, rows, round(seconds, 3) AS seconds,
       round(rows / nullif(seconds, 0)) AS rows_per_s, answer AS valid_or_cast
FROM bench_result ORDER BY seconds;

\echo 'Ratios and targets:'
SELECT t.comparison, round(slow.seconds / fast.seconds, 2) AS ratio, t.target,
       CASE WHEN (t.at_least AND slow.seconds / fast.seconds >= t.bound)
              OR (NOT t.at_least AND slow.seconds / fast.seconds <= t.bound)
            THEN 'met' ELSE 'MISSED' END AS result
FROM (VALUES
	(1, 'C is_valid vs PL/pgSQL is_valid (throughput)', 'PL/pgSQL: is_valid(col)', 'C: mynumber_is_valid(col)', '>= 50x', true, 50),
	(2, 'C cast vs PL/pgSQL cast (throughput)', 'PL/pgSQL: cast (valid rows)', 'C: col::zeimu.mynumber (valid rows)', '>= 50x', true, 50),
	(3, 'C is_valid time vs length(col) = 12 time', 'C: mynumber_is_valid(col)', 'scan: length(col) = 12', '<= 2x', false, 2)
) t(ord, comparison, slow_name, fast_name, target, at_least, bound)
JOIN bench_result slow ON slow.name = t.slow_name
JOIN bench_result fast ON fast.name = t.fast_name
ORDER BY t.ord;

-- Index size: the valid numbers as mynumber and as bigint.
CREATE UNLOGGED TABLE bench_idx AS
SELECT col::zeimu.mynumber AS mn, col::bigint AS b FROM bench_mn_valid;
CREATE INDEX bench_idx_mn ON bench_idx (mn);
CREATE INDEX bench_idx_b ON bench_idx (b);
\echo 'B-tree size over the same values:'
SELECT (SELECT count(*) FROM bench_idx) AS values,
       pg_relation_size('bench_idx_mn') AS mynumber_index_bytes,
       pg_relation_size('bench_idx_b') AS bigint_index_bytes,
       round(pg_relation_size('bench_idx_mn')::numeric / pg_relation_size('bench_idx_b'), 3) AS ratio,
       CASE WHEN pg_relation_size('bench_idx_mn') <= pg_relation_size('bench_idx_b') THEN 'met' ELSE 'MISSED' END AS "no larger"
;
SQL
