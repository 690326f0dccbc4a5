#!/usr/bin/env bash
# bench/calendar.sh: zeimu.to_wareki and zeimu.next_open_day (C) against
# PL/pgSQL versions of the same rules, in one run on the same rows.
#   scripts/run-bench calendar            (N rows, default 1,000,000)
#   BENCH_ROWS=200000 scripts/run-bench calendar
# The PL/pgSQL next_open_day uses a holiday master table (loaded from
# zeimu.holidays, primary key on the day), the way a municipal system without
# zeimu would.  Each query runs 3 times; the best time counts.
set -euo pipefail
rows=${BENCH_ROWS:-1000000}
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
SET client_min_messages = notice;
SET max_parallel_workers_per_gather = 0;

CREATE TABLE bench_dates AS
	SELECT DATE '1990-01-01' + (pg_catalog.hashint4(i) & 2147483647) % 14610 AS d   -- 1990-01-01 .. 2029-12-31
	FROM pg_catalog.generate_series(1, :rows) i;
ANALYZE bench_dates;

CREATE TABLE bench_holiday (day date PRIMARY KEY);
INSERT INTO bench_holiday SELECT h.day FROM pg_catalog.generate_series(1948, 2099) y, zeimu.holidays(y) h;
ANALYZE bench_holiday;

CREATE FUNCTION bench_to_wareki(d date, style text DEFAULT 'long') RETURNS text
	LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	era text; letter text; code int; base int; ey int; m int; dd int;
BEGIN
	IF d < DATE '1873-01-01' THEN
		RAISE EXCEPTION 'date is before the supported range of era dates' USING ERRCODE = '22008';
	END IF;
	IF d >= DATE '2019-05-01' THEN era := '令和'; letter := 'R'; code := 5; base := 2018;
	ELSIF d >= DATE '1989-01-08' THEN era := '平成'; letter := 'H'; code := 4; base := 1988;
	ELSIF d >= DATE '1926-12-25' THEN era := '昭和'; letter := 'S'; code := 3; base := 1925;
	ELSIF d >= DATE '1912-07-30' THEN era := '大正'; letter := 'T'; code := 2; base := 1911;
	ELSE era := '明治'; letter := 'M'; code := 1; base := 1867;
	END IF;
	ey := extract(year FROM d)::int - base;
	m := extract(month FROM d)::int;
	dd := extract(day FROM d)::int;
	IF style = 'long' THEN
		RETURN era || CASE WHEN ey = 1 THEN '元' ELSE ey::text END || '年' || m || '月' || dd || '日';
	ELSIF style = 'short' THEN
		RETURN letter || ey || '.' || m || '.' || dd;
	ELSIF style = 'code7' THEN
		RETURN code::text || lpad(ey::text, 2, '0') || lpad(m::text, 2, '0') || lpad(dd::text, 2, '0');
	END IF;
	RAISE EXCEPTION 'unknown wareki style "%"', style USING ERRCODE = '22023';
END
$$;

CREATE FUNCTION bench_next_open_day(d date) RETURNS date
	LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	r date := d;
BEGIN
	WHILE extract(isodow FROM r) >= 6
	      OR (extract(month FROM r) = 12 AND extract(day FROM r) >= 29)
	      OR (extract(month FROM r) = 1 AND extract(day FROM r) <= 3)
	      OR EXISTS (SELECT FROM bench_holiday h WHERE h.day = r) LOOP
		r := r + 1;
	END LOOP;
	RETURN r;
END
$$;

-- The two paths must agree before they are timed.
DO $$
BEGIN
	IF EXISTS (SELECT FROM bench_dates WHERE zeimu.to_wareki(d) <> bench_to_wareki(d)
	                                      OR zeimu.to_wareki(d, 'code7') <> bench_to_wareki(d, 'code7')
	                                      OR zeimu.next_open_day(d) <> bench_next_open_day(d)) THEN
		RAISE EXCEPTION 'C and PL/pgSQL disagree';
	END IF;
END
$$;

CREATE FUNCTION bench_best_ms(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz; best numeric; ms numeric;
BEGIN
	FOR i IN 1..3 LOOP
		t0 := clock_timestamp();
		EXECUTE q;
		ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
		best := least(coalesce(best, ms), ms);
	END LOOP;
	RETURN round(best, 1);
END
$$;

-- sum(length(...)) and max(...) make every row call the function.
CREATE TEMP TABLE bench_result AS
WITH q(name, c_sql, base_sql) AS (VALUES
	('to_wareki long',
	 'SELECT sum(length(zeimu.to_wareki(d))) FROM bench_dates',
	 'SELECT sum(length(bench_to_wareki(d))) FROM bench_dates'),
	('to_wareki code7',
	 'SELECT sum(length(zeimu.to_wareki(d, ''code7''))) FROM bench_dates',
	 'SELECT sum(length(bench_to_wareki(d, ''code7''))) FROM bench_dates'),
	('next_open_day',
	 'SELECT max(zeimu.next_open_day(d)) FROM bench_dates',
	 'SELECT max(bench_next_open_day(d)) FROM bench_dates'),
	('baseline: scan only',
	 'SELECT max(d) FROM bench_dates',
	 'SELECT max(d) FROM bench_dates'))
SELECT name, bench_best_ms(c_sql) AS c_ms, bench_best_ms(base_sql) AS plpgsql_ms FROM q;

\echo
SELECT :rows AS rows;
SELECT name,
       c_ms AS "C ms",
       plpgsql_ms AS "PL/pgSQL ms",
       round(plpgsql_ms / nullif(c_ms, 0), 1) AS "ratio (PL/pgSQL / C)",
       round(:rows / nullif(c_ms, 0) * 1000) AS "C rows/s",
       round(:rows / nullif(plpgsql_ms, 0) * 1000) AS "PL/pgSQL rows/s"
FROM bench_result;
SQL
