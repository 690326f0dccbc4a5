-- collection: the C late charge against an independent PL/pgSQL reading of
-- the same rules (法326条①, 附則3条の2, 法20条の4の2②⑤, 民法143条) on 3,000
-- generated installments, and the three C paths against each other.  The
-- hand-derived cases are in 70_collection_late_charge.sql; this catches what
-- a handful of cases can miss (month ends, year ends, leap days).
BEGIN;
SELECT plan(5);

CREATE FUNCTION pg_temp.reference_late_charge(tax bigint, due date, paid date) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
	s date := due + 1;
	fe date;				-- 1月を経過する日
	cur date;
	nxt date;
	base bigint;
	r numeric;
	total bigint := 0;
BEGIN
	IF paid <= due OR tax < 2000 THEN RETURN 0; END IF;
	base := tax / 1000 * 1000;
	-- 民法143条: the day before the same day-of-month a month later, or the
	-- last day of that month when it has no such day
	IF extract(day FROM s) > extract(day FROM (date_trunc('month', s) + interval '2 month - 1 day')) THEN
		fe := (date_trunc('month', s) + interval '2 month - 1 day')::date;
	ELSE
		fe := make_date(extract(year FROM s + interval '1 month')::int, extract(month FROM s + interval '1 month')::int,
		                extract(day FROM s)::int) - 1;
	END IF;
	cur := s;
	WHILE cur <= paid LOOP
		nxt := least(paid + 1, make_date(extract(year FROM cur)::int + 1, 1, 1));
		IF cur <= fe THEN nxt := least(nxt, fe + 1); END IF;
		SELECT CASE WHEN cur <= fe THEN least(7.3, late_charge_first_rate) ELSE least(14.6, late_charge_later_rate) END
		  INTO r FROM zeimu.collection_rate
		 WHERE lg_code::text = '000000' AND valid_from <= cur ORDER BY valid_from DESC LIMIT 1;
		total := total + floor(base * r * (nxt - cur) / 36500)::bigint;
		cur := nxt;
	END LOOP;
	total := total / 100 * 100;
	RETURN CASE WHEN total < 1000 THEN 0 ELSE total END;
END
$$;

-- due dates: every day of 2022-01-01 .. 2025-12-31 in turn (month ends and
-- 2024-02-29 included); paid 1..800 days later; tax ¥1,000 .. ¥3,000,000
CREATE TEMP TABLE sample AS
SELECT g,
       (1000 + (hashint4(g) & 2147483647) % 2999001)::bigint AS tax,
       DATE '2022-01-01' + (g % 1461) AS due,
       DATE '2022-01-01' + (g % 1461) + 1 + (hashint4(g + 1) & 2147483647) % 800 AS paid
  FROM generate_series(1, 3000) g;

SELECT is((SELECT count(DISTINCT due) FROM sample WHERE due IN ('2024-01-31', '2024-02-29', '2025-04-30', '2022-12-31')), 4::bigint,
	'the sample holds the tricky due dates');
SELECT is((SELECT count(*) FROM sample WHERE zeimu.late_charge(tax, due, paid) > 0), (SELECT count(*) FROM sample WHERE pg_temp.reference_late_charge(tax, due, paid) > 0),
	'as many charged installments as the reference');
SELECT is_empty($$SELECT g, tax, due, paid FROM sample
	WHERE zeimu.late_charge(tax, due, paid) IS DISTINCT FROM pg_temp.reference_late_charge(tax, due, paid)$$,
	'C late_charge equals the PL/pgSQL reference on 3,000 installments');
SELECT is_empty($$SELECT g FROM sample
	WHERE zeimu.late_charge(tax, due, paid) IS DISTINCT FROM
	      zeimu.late_charge_ledger(tax, due, paid, jsonb_build_array(jsonb_build_object('date', paid, 'amount', tax)))$$,
	'late_charge_ledger with one full payment equals late_charge');
SELECT is_empty($$SELECT g FROM sample
	WHERE zeimu.late_charge(tax, due, paid) IS DISTINCT FROM
	      (SELECT CASE WHEN t / 100 * 100 < 1000 THEN 0 ELSE t / 100 * 100 END
	         FROM (SELECT sum(amount)::bigint AS t FROM zeimu.late_charge_ledger_segments(tax, due, paid)) x)
	  AND paid > due$$,
	'the segments add up to the charge');

SELECT * FROM finish();
ROLLBACK;
