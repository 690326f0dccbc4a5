-- levy (inhabitant tax): 給与所得者異動届出書 (法321条の7: the employer's
-- notice when a taxpayer in 給与特別徴収 leaves).  The months after the
-- last salary from which tax was withheld (法321条の5②) are
--   * transferred to the new employer when the taxpayer asks for it and
--     names one (引継ぎ, 法321条の4⑤ area);
--   * collected as a lump sum (一括徴収) from the last salary or the
--     retirement allowance: mandatory when the taxpayer leaves between 1
--     January and 30 April, unless the remaining amount exceeds what is
--     still paid out (法321条の5② ただし書); on request otherwise;
--   * otherwise switched to 普通徴収 over the remaining periods.
-- The notice is stored, and a correction version (reason employment_change,
-- the same breakdown and total) carries the changed schedules.  A second
-- call with the same employer and leaving date changes nothing.
-- See doc/levy-inhabitant.md, "Job change".

CREATE TABLE @extschema@.inhabitant_employment_change (
	lg_code				@extschema@.lg_code NOT NULL,
	change_id			bigint GENERATED ALWAYS AS IDENTITY,
	fiscal_year			integer NOT NULL CHECK (fiscal_year BETWEEN 2021 AND 2100),
	atena_no			bigint NOT NULL,
	employer_name		text NOT NULL,
	employer_no			text,
	leaving_date		date NOT NULL,
	change_reason		text NOT NULL CHECK (change_reason = ANY (ARRAY['retirement', 'transfer', 'leave', 'death', 'other'])),
	last_month			integer NOT NULL CHECK (last_month BETWEEN 1 AND 12),
	new_employer_name	text,
	new_employer_no		text,
	lump_sum_requested	boolean NOT NULL,
	last_payment		bigint CHECK (last_payment >= 0),
	action				text NOT NULL CHECK (action = ANY (ARRAY['ordinary', 'lump_sum', 'transfer', 'none'])),
	amount				bigint NOT NULL CHECK (amount >= 0),	-- the remaining amount moved
	version				integer NOT NULL,						-- the version that carries it
	notified_on			date NOT NULL,
	staff				text NOT NULL DEFAULT pg_catalog."current_user"(),
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, change_id),
	UNIQUE (lg_code, fiscal_year, atena_no, employer_name, leaving_date),
	FOREIGN KEY (lg_code, fiscal_year, atena_no, version)
		REFERENCES @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version),
	CHECK ((action = 'transfer') = (new_employer_name IS NOT NULL AND amount > 0) OR action = 'none')
);
COMMENT ON TABLE @extschema@.inhabitant_employment_change IS '給与所得者異動届出書 (法321条の7) and what it did to the special collection';

CREATE FUNCTION @extschema@.inhabitant_employment_change(p_lg_code @extschema@.lg_code, p_fiscal_year integer,
	p_atena_no bigint, p_employer_name text, p_leaving_date date, p_change_reason text DEFAULT 'retirement',
	p_last_month integer DEFAULT NULL, p_new_employer_name text DEFAULT NULL, p_new_employer_no text DEFAULT NULL,
	p_lump_sum_requested boolean DEFAULT false, p_last_payment bigint DEFAULT NULL, p_notified_on date DEFAULT CURRENT_DATE)
	RETURNS TABLE (change_id bigint, version integer, action text, amount bigint, recorded boolean)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_old record;
	v_prev record;
	v_sp record;
	v_month integer;
	v_idx integer;
	v_rest bigint := 0;
	v_new bigint[];
	v_moved bigint[];
	v_action text;
	v_ver integer;
	v_mode text;
	v_cut date;
	v_ord bigint;
	v_id bigint;
BEGIN
	IF p_lg_code IS NULL OR p_fiscal_year IS NULL OR p_atena_no IS NULL OR p_employer_name IS NULL
	   OR p_leaving_date IS NULL OR p_notified_on IS NULL OR p_change_reason IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = '22004',
			MESSAGE = 'lg_code, fiscal year, atena number, employer, leaving date, reason and notice date must not be null';
	END IF;
	IF p_change_reason OPERATOR(pg_catalog.<>) ALL (ARRAY['retirement', 'transfer', 'leave', 'death', 'other']) THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('unknown job change reason "%s"', p_change_reason),
			HINT = 'Use retirement (退職), transfer (転勤), leave (休職), death (死亡) or other.';
	END IF;
	v_month := COALESCE(p_last_month, pg_catalog.date_part('month', p_leaving_date)::integer);
	IF v_month OPERATOR(pg_catalog.<) 1 OR v_month OPERATOR(pg_catalog.>) 12 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = pg_catalog.format('last month %s is not a month', v_month),
			HINT = 'Give the calendar month (1-12) of the last salary from which tax was withheld.';
	END IF;
	IF p_leaving_date OPERATOR(pg_catalog.<) pg_catalog.make_date(p_fiscal_year, 1, 1)
	   OR p_leaving_date OPERATOR(pg_catalog.>) pg_catalog.make_date(p_fiscal_year OPERATOR(pg_catalog.+) 1, 5, 31) THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = pg_catalog.format('leaving date %s is outside fiscal year %s', p_leaving_date, p_fiscal_year),
			HINT = 'The special collection of a fiscal year runs from June to May of the next year.';
	END IF;
	IF p_last_payment OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the last payment must not be negative';
	END IF;
	IF p_new_employer_name OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the new employer''s name must not be empty',
			HINT = 'Pass NULL when there is no new employer.';
	END IF;
	PERFORM @extschema@.levy_batch_lock('levy_inhabitant', p_lg_code, p_fiscal_year);

	-- The same notice again: nothing new.
	SELECT c.change_id, c.version, c.action, c.amount INTO v_prev FROM @extschema@.inhabitant_employment_change c
	 WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND c.atena_no OPERATOR(pg_catalog.=) p_atena_no AND c.employer_name OPERATOR(pg_catalog.=) p_employer_name
	   AND c.leaving_date OPERATOR(pg_catalog.=) p_leaving_date;
	IF FOUND THEN
		RETURN QUERY SELECT v_prev.change_id, v_prev.version, v_prev.action, v_prev.amount, false;
		RETURN;
	END IF;

	v_old := @extschema@.inhabitant_latest_assessment(p_lg_code, p_fiscal_year, p_atena_no);
	SELECT s.* INTO v_sp FROM @extschema@.inhabitant_special_schedule s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
	   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version
	 ORDER BY s.part DESC LIMIT 1;
	IF NOT FOUND OR v_old.collection_mode OPERATOR(pg_catalog.<>) 'special' OR v_sp.employer_name OPERATOR(pg_catalog.<>) p_employer_name THEN
		RAISE EXCEPTION USING ERRCODE = '22023',
			MESSAGE = pg_catalog.format('person %s is not in special collection by that employer for fiscal year %s', p_atena_no, p_fiscal_year),
			DETAIL = 'Only the employer that currently withholds the tax can report the taxpayer leaving.',
			HINT = 'Check the employer name against zeimu.inhabitant_special_list.';
	END IF;

	-- Position of the last withheld month (June = 1 .. May = 12); 0 when
	-- the taxpayer left before June (nothing withheld this year).
	IF p_leaving_date OPERATOR(pg_catalog.<) pg_catalog.make_date(p_fiscal_year, 6, 1) THEN
		v_idx := 0;
	ELSE
		v_idx := (v_month OPERATOR(pg_catalog.+) 6) OPERATOR(pg_catalog.%) 12 OPERATOR(pg_catalog.+) 1;
	END IF;
	v_new := v_sp.amounts;
	v_moved := pg_catalog.array_fill(0::bigint, ARRAY[12]);
	FOR i IN v_idx OPERATOR(pg_catalog.+) 1 .. 12 LOOP
		v_rest := v_rest OPERATOR(pg_catalog.+) v_sp.amounts[i];
		v_moved[i] := v_sp.amounts[i];
		v_new[i] := 0;
	END LOOP;

	IF v_rest OPERATOR(pg_catalog.=) 0 THEN
		v_action := 'none';
	ELSIF p_new_employer_name IS NOT NULL THEN
		v_action := 'transfer';
	ELSIF v_idx OPERATOR(pg_catalog.>) 0 AND (pg_catalog.date_part('month', p_leaving_date) OPERATOR(pg_catalog.<=) 4
			OR p_lump_sum_requested)
		  AND (p_last_payment IS NULL OR v_rest OPERATOR(pg_catalog.<=) p_last_payment) THEN
		-- 1 January - 30 April: 一括徴収 unless the rest exceeds what is still paid
		v_action := 'lump_sum';
	ELSE
		v_action := 'ordinary';
	END IF;

	IF v_action OPERATOR(pg_catalog.=) 'none' THEN
		v_ver := v_old.version;
	ELSE
		v_ver := v_old.version OPERATOR(pg_catalog.+) 1;
		v_mode := CASE v_action WHEN 'ordinary' THEN 'ordinary' ELSE 'special' END;
		IF v_action OPERATOR(pg_catalog.=) 'lump_sum' THEN
			v_new[v_idx] := v_new[v_idx] OPERATOR(pg_catalog.+) v_rest;
		END IF;
		INSERT INTO @extschema@.inhabitant_assessment (lg_code, fiscal_year, atena_no, version, kind,
			income_levy_city, income_levy_pref, per_capita_city, per_capita_pref, forest_env_tax, total,
			collection_mode, employer_name, employer_no, pension_amount, pension_payer, reason, overpaid, note, breakdown, decided_on)
		VALUES (p_lg_code, p_fiscal_year, p_atena_no, v_ver, 'correction',
			v_old.income_levy_city, v_old.income_levy_pref, v_old.per_capita_city, v_old.per_capita_pref, v_old.forest_env_tax,
			v_old.total, v_mode,
			CASE v_action WHEN 'transfer' THEN p_new_employer_name WHEN 'lump_sum' THEN v_sp.employer_name END,
			CASE v_action WHEN 'transfer' THEN p_new_employer_no WHEN 'lump_sum' THEN v_sp.employer_no END,
			v_old.pension_amount, v_old.pension_payer, 'employment_change', 0,
			pg_catalog.format('異動届 %s: %s', p_employer_name, v_action), v_old.breakdown, p_notified_on);
		-- earlier parts as they were, the current part cut after the last month
		INSERT INTO @extschema@.inhabitant_special_schedule (lg_code, fiscal_year, atena_no, version, part, employer_name, employer_no, amounts)
		SELECT s.lg_code, s.fiscal_year, s.atena_no, v_ver, s.part, s.employer_name, s.employer_no,
			   CASE WHEN s.part OPERATOR(pg_catalog.=) v_sp.part THEN v_new ELSE s.amounts END
		  FROM @extschema@.inhabitant_special_schedule s
		 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version;
		IF v_action OPERATOR(pg_catalog.=) 'transfer' THEN
			INSERT INTO @extschema@.inhabitant_special_schedule (lg_code, fiscal_year, atena_no, version, part, employer_name, employer_no, amounts)
			VALUES (p_lg_code, p_fiscal_year, p_atena_no, v_ver, v_sp.part OPERATOR(pg_catalog.+) 1, p_new_employer_name, p_new_employer_no, v_moved);
		END IF;
		INSERT INTO @extschema@.inhabitant_pension_schedule (lg_code, fiscal_year, atena_no, version, payer_name, share,
			previous_share, ordinary_part, stopped, amounts)
		SELECT s.lg_code, s.fiscal_year, s.atena_no, v_ver, s.payer_name, s.share, s.previous_share, s.ordinary_part, s.stopped, s.amounts
		  FROM @extschema@.inhabitant_pension_schedule s
		 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code AND s.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND s.atena_no OPERATOR(pg_catalog.=) p_atena_no AND s.version OPERATOR(pg_catalog.=) v_old.version;
		-- 普通徴収: the old rows, plus the rest when switched to ordinary
		-- (over the periods due after the month of the notice).
		v_cut := pg_catalog.date_trunc('month', p_notified_on)::date;
		SELECT COALESCE(pg_catalog.sum(i.amount), 0) INTO v_ord FROM @extschema@.inhabitant_ordinary_installment i
		 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
		   AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no AND i.version OPERATOR(pg_catalog.=) v_old.version;
		IF v_action OPERATOR(pg_catalog.=) 'ordinary' THEN
			PERFORM @extschema@.inhabitant_write_ordinary(p_lg_code, p_fiscal_year, p_atena_no, v_old.version, v_ver,
				v_ord OPERATOR(pg_catalog.+) v_rest, v_cut);
		ELSE
			INSERT INTO @extschema@.inhabitant_ordinary_installment (lg_code, fiscal_year, atena_no, version, period, nominal_due, due_date, amount)
			SELECT i.lg_code, i.fiscal_year, i.atena_no, v_ver, i.period, i.nominal_due, i.due_date, i.amount
			  FROM @extschema@.inhabitant_ordinary_installment i
			 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.fiscal_year OPERATOR(pg_catalog.=) p_fiscal_year
			   AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no AND i.version OPERATOR(pg_catalog.=) v_old.version;
		END IF;
	END IF;

	INSERT INTO @extschema@.inhabitant_employment_change AS c (lg_code, fiscal_year, atena_no, employer_name, employer_no, leaving_date,
		change_reason, last_month, new_employer_name, new_employer_no, lump_sum_requested, last_payment, action, amount, version, notified_on)
	VALUES (p_lg_code, p_fiscal_year, p_atena_no, p_employer_name, v_sp.employer_no, p_leaving_date, p_change_reason, v_month,
		p_new_employer_name, p_new_employer_no, COALESCE(p_lump_sum_requested, false), p_last_payment, v_action, v_rest, v_ver, p_notified_on)
	RETURNING c.change_id INTO v_id;
	RETURN QUERY SELECT v_id, v_ver, v_action, v_rest, true;
END
$$;
COMMENT ON FUNCTION @extschema@.inhabitant_employment_change(@extschema@.lg_code, integer, bigint, text, date, text, integer, text, text, boolean, bigint, date) IS
	'給与所得者異動届出書 (法321条の7): the months after the last salary to the new employer, a lump sum or 普通徴収 (法321条の5②); a correction version; idempotent';

SELECT @extschema@.protect_person_table('@extschema@.inhabitant_employment_change'::regclass);
