-- Baseline for bench/levy_inhabitant.sh: the same inhabitant tax pipeline as
-- the C kernel zeimu.inhabitant_tax_compute, in PL/pgSQL, over the same
-- parameter bundle, for the facts the synthetic population uses (salary,
-- pension + age, other_income, social_insurance, spouse, dependants,
-- furusato donations with one-stop).  Returns what zeimu.inhabitant_tax_amounts
-- returns: {所得割 市, 所得割 県, 均等割 市, 均等割 県, 森林環境税, total}.
CREATE SCHEMA bench;

CREATE FUNCTION bench.band(p jsonb, set text, x bigint) RETURNS bigint
	LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	r jsonb;
	a bigint;
BEGIN
	FOR r IN SELECT jsonb_array_elements(p -> 'b' -> set) LOOP
		IF x <= (r ->> 0)::bigint THEN
			a := x - x % (r ->> 1)::bigint;
			RETURN floor(a::numeric * (r ->> 2)::numeric / 1000000)::bigint + (r ->> 3)::bigint;
		END IF;
	END LOOP;
	RETURN 0;
END $$;

CREATE FUNCTION bench.band_rate(p jsonb, set text, x bigint) RETURNS bigint
	LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE r jsonb;
BEGIN
	FOR r IN SELECT jsonb_array_elements(p -> 'b' -> set) LOOP
		IF x <= (r ->> 0)::bigint THEN RETURN (r ->> 2)::bigint; END IF;
	END LOOP;
	RETURN 0;
END $$;

CREATE FUNCTION bench.inhabitant_amounts(p jsonb, f jsonb) RETURNS bigint[]
	LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	s jsonb := p -> 's';
	u numeric := 1000000;
	salary bigint := coalesce((f ->> 'salary')::bigint, 0);
	pension bigint := coalesce((f ->> 'pension')::bigint, 0);
	age integer := coalesce((f ->> 'age')::integer, -1);
	other bigint := coalesce((f ->> 'other_income')::bigint, 0);
	emp bigint; pen bigint := 0; adj bigint; total bigint; ded bigint; diff bigint := 0;
	n integer := 1; dep_limit bigint := (s ->> 'dependant_income_limit')::bigint / 1000000;
	d jsonb; dage integer; dinc bigint; sp jsonb; tb bigint;
	designated boolean := (s ->> 'designated_city')::bigint <> 0;
	cr bigint; pr bigint; taxable bigint; c_city bigint; c_pref bigint; l_city bigint; l_pref bigint;
	a bigint; base bigint; thr bigint; cut bigint; cc bigint;
	fur bigint := coalesce((f -> 'donations' ->> 'furusato')::bigint, 0);
	capv bigint; b bigint; bc bigint; bp bigint; sbase bigint; x bigint; itr bigint; pct bigint; share bigint;
	spc bigint; sc bigint; spp bigint; aac bigint; aap bigint; num bigint; den bigint; oc bigint; op bigint;
	pc_thr bigint; k bigint; pc_city bigint; pc_pref bigint; forest bigint;
BEGIN
	emp := greatest(bench.band(p, 'employment_income:', salary), 0);
	IF pension > 0 THEN
		pen := pension - bench.band(p, CASE WHEN age >= (s ->> 'elderly_age')::bigint / 1000000
		                                    THEN 'pension_deduction:age65' ELSE 'pension_deduction:under65' END, pension);
		IF emp + other > (s ->> 'pension_other_limit2')::bigint / 1000000 THEN pen := pen + (s ->> 'pension_other_cut2')::bigint / 1000000;
		ELSIF emp + other > (s ->> 'pension_other_limit1')::bigint / 1000000 THEN pen := pen + (s ->> 'pension_other_cut1')::bigint / 1000000;
		END IF;
		pen := greatest(pen, 0);
	END IF;
	adj := 0;
	IF emp > 0 AND pen > 0 THEN
		adj := greatest(least(emp, 100000) + least(pen, 100000) - 100000, 0);
	END IF;
	-- 所得金額調整控除 above 8.5M: a dependant under 23 (the synthetic data has no disability)
	IF salary > (s ->> 'income_adjust_salary_from')::bigint / 1000000 AND EXISTS (
		SELECT FROM jsonb_array_elements(coalesce(f -> 'dependants', '[]')) e
		 WHERE (e ->> 'income')::bigint <= dep_limit
		   AND (e ->> 'age')::integer < (s ->> 'income_adjust_dep_age')::bigint / 1000000) THEN
		adj := adj + ceil((least(salary, (s ->> 'income_adjust_salary_to')::bigint / 1000000)
		                   - (s ->> 'income_adjust_salary_from')::bigint / 1000000)
		                  * (s ->> 'income_adjust_rate')::numeric / u)::bigint;
	END IF;
	emp := greatest(emp - adj, 0);
	total := emp + pen + other;

	ded := bench.band(p, 'basic_deduction:', total);
	IF ded > 0 THEN diff := diff + (s ->> 'jd_basic')::bigint / 1000000; END IF;
	sp := f -> 'spouse';
	IF sp IS NOT NULL AND jsonb_typeof(sp) = 'object' THEN
		IF (sp ->> 'income')::bigint <= dep_limit THEN
			n := n + 1;
			IF (sp ->> 'age')::integer >= 70 THEN
				b := bench.band(p, 'spouse_deduction:elderly', total);
				ded := ded + b;
				IF b > 0 THEN diff := diff + bench.band(p, 'jd_spouse:elderly', total); END IF;
			ELSE
				b := bench.band(p, 'spouse_deduction:general', total);
				ded := ded + b;
				IF b > 0 THEN diff := diff + bench.band(p, 'jd_spouse:general', total); END IF;
			END IF;
		ELSIF (sp ->> 'income')::bigint <= 1330000 AND total <= 10000000 THEN
			tb := bench.band(p, 'spouse_taxpayer_band:', total);
			IF tb BETWEEN 1 AND 3 THEN
				ded := ded + bench.band(p, 'spouse_special:t' || tb, (sp ->> 'income')::bigint);
				diff := diff + bench.band(p, 'jd_spouse_special:t' || tb, (sp ->> 'income')::bigint);
			END IF;
		END IF;
	END IF;
	FOR d IN SELECT jsonb_array_elements(coalesce(f -> 'dependants', '[]')) LOOP
		dage := (d ->> 'age')::integer;
		dinc := (d ->> 'income')::bigint;
		IF dinc <= dep_limit THEN
			n := n + 1;
			IF dage < 16 THEN CONTINUE; END IF;
			IF dage BETWEEN 19 AND 22 THEN ded := ded + 450000; diff := diff + 180000;
			ELSIF dage >= 70 THEN ded := ded + 380000; diff := diff + 100000;
			ELSE ded := ded + 330000; diff := diff + 50000;
			END IF;
		ELSIF dage BETWEEN 19 AND 22 AND dinc <= (s ->> 'specific_relative_income_limit')::bigint / 1000000 THEN
			ded := ded + bench.band(p, 'specific_relative:', dinc);
		END IF;
	END LOOP;
	ded := ded + coalesce((f ->> 'social_insurance')::bigint, 0);
	taxable := greatest(total - ded, 0);
	taxable := taxable - taxable % 1000;

	IF designated THEN
		cr := (s ->> 'designated_city_rate')::bigint; pr := (s ->> 'designated_pref_rate')::bigint;
	ELSE
		cr := (s ->> 'city_rate')::bigint; pr := (s ->> 'pref_rate')::bigint;
	END IF;
	cr := cr + (s ->> 'city_rate_surcharge')::bigint; pr := pr + (s ->> 'pref_rate_surcharge')::bigint;
	c_city := floor(taxable * cr / u)::bigint;
	c_pref := floor(taxable * pr / u)::bigint;
	l_city := c_city; l_pref := c_pref;
	aac := 0; aap := 0;
	IF total <= 25000000 AND taxable > 0 THEN
		IF taxable <= 2000000 THEN base := least(diff, taxable);
		ELSE base := greatest(diff - (taxable - 2000000), 50000);
		END IF;
		aac := least(l_city, ceil(base * CASE WHEN designated THEN 40000 ELSE 30000 END / u)::bigint);
		aap := least(l_pref, ceil(base * CASE WHEN designated THEN 10000 ELSE 20000 END / u)::bigint);
		l_city := l_city - aac; l_pref := l_pref - aap;
	END IF;
	thr := CASE WHEN n = 1 THEN 450000 ELSE 350000 * n + 420000 END;
	IF total <= thr THEN
		l_city := 0; l_pref := 0;
	ELSIF l_city + l_pref > total - thr THEN
		cut := l_city + l_pref - (total - thr);
		cc := least(l_city, ceil(cut::numeric * cr / (cr + pr))::bigint);
		l_city := l_city - cc;
		l_pref := l_pref - least(l_pref, cut - cc);
	END IF;
	IF fur > 0 THEN
		capv := floor(total * 0.3)::bigint;
		b := least(fur, capv) - 2000;
		bc := 0; bp := 0;
		IF b > 0 THEN
			bc := ceil(b * CASE WHEN designated THEN 80000 ELSE 60000 END / u)::bigint;
			bp := ceil(b * CASE WHEN designated THEN 20000 ELSE 40000 END / u)::bigint;
		END IF;
		sc := 0; spp := 0; oc := 0; op := 0;
		IF fur > 2000 THEN
			sbase := fur - 2000;
			x := taxable - diff;
			itr := CASE WHEN x >= 0 THEN bench.band_rate(p, 'income_tax_rate:', x) ELSE 0 END;
			pct := 900000 - floor(itr * 1021000 / u)::bigint;
			share := CASE WHEN designated THEN 800000 ELSE 600000 END;
			spc := ceil(sbase::numeric * pct / u)::bigint;
			sc := ceil(sbase::numeric * pct * share / (u * u))::bigint;
			spp := spc - sc;
			-- cap: 20% of 所得割 after 調整控除 (and 税額調整)
			sc := least(sc, floor(l_city * 0.2)::bigint);
			spp := least(spp, floor(l_pref * 0.2)::bigint);
			IF coalesce((f ->> 'one_stop')::boolean, false) AND itr > 0 THEN
				num := floor(least(itr, 330000) * 1021000 / u)::bigint;
				den := 900000 - num;
				oc := ceil(sc::numeric * num / den)::bigint;
				op := ceil(spp::numeric * num / den)::bigint;
			END IF;
		END IF;
		l_city := l_city - least(l_city, bc); l_pref := l_pref - least(l_pref, bp);
		l_city := l_city - least(l_city, sc); l_pref := l_pref - least(l_pref, spp);
		l_city := l_city - least(l_city, oc); l_pref := l_pref - least(l_pref, op);
	END IF;
	l_city := l_city - l_city % 100;
	l_pref := l_pref - l_pref % 100;

	k := (s ->> 'kyuchi')::bigint / 1000000;
	pc_thr := CASE WHEN n = 1 THEN CASE k WHEN 3 THEN 380000 WHEN 2 THEN 415000 ELSE 450000 END
	               ELSE CASE k WHEN 3 THEN 280000 * n + 268000 WHEN 2 THEN 315000 * n + 289000 ELSE 350000 * n + 310000 END END;
	pc_city := (s ->> 'per_capita_city')::bigint / 1000000 + (s ->> 'per_capita_city_surcharge')::bigint / 1000000;
	pc_pref := (s ->> 'per_capita_pref')::bigint / 1000000 + (s ->> 'per_capita_pref_surcharge')::bigint / 1000000;
	forest := (s ->> 'forest_env_tax')::bigint / 1000000;
	IF total <= pc_thr THEN
		RETURN ARRAY[0, 0, 0, 0, 0, 0]::bigint[];
	END IF;
	RETURN ARRAY[l_city, l_pref, pc_city, pc_pref, forest, l_city + l_pref + pc_city + pc_pref + forest];
END $$;
