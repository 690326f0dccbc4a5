-- collection: 消滅時効 (prescription of the right to collect, 地方税法第18条,
-- 第18条の2), extinction after 3 years of 執行停止 (第15条の7④⑤), and the
-- 督促 deadline (第329条①, 第371条①).  The lengths are data.

CREATE TABLE @extschema@.collection_period_rule (
	lg_code @extschema@.lg_code NOT NULL,
	rule text NOT NULL CHECK (rule OPERATOR(pg_catalog.=) ANY (ARRAY['prescription', 'suspension_extinction',
		'dunning_renewal_days', 'dunning_deadline_days', 'collection_deferral_max', 'conversion_deferral_max'])),
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	months integer CHECK (months BETWEEN 1 AND 1200),
	days integer CHECK (days BETWEEN 1 AND 3650),
	source text NOT NULL,
	PRIMARY KEY (lg_code, rule, valid_from),
	CHECK ((months IS NULL) OPERATOR(pg_catalog.<>) (days IS NULL))
);
COMMENT ON TABLE @extschema@.collection_period_rule IS
	'collection: statutory periods of collection (prescription 5 years, 執行停止 3 years, 督促 20 days, renewal by 督促 after 10 days), by municipality and the date they apply from';

INSERT INTO @extschema@.collection_period_rule VALUES
	('000000', 'prescription', DATE '1950-07-31', 60, NULL,
	 '地方税法第18条①: 法定納期限の翌日から起算して5年 (domain_rules §6.5 [H])'),
	('000000', 'suspension_extinction', DATE '1950-07-31', 36, NULL,
	 '地方税法第15条の7④: 執行の停止が3年間継続したときは消滅'),
	('000000', 'dunning_renewal_days', DATE '1950-07-31', NULL, 10,
	 '地方税法第18条の2①二: 督促状を発した日から起算して10日を経過した日から更に進行 [M]'),
	('000000', 'dunning_deadline_days', DATE '1950-07-31', NULL, 20,
	 '地方税法第329条① (住民税), 第371条① (固定資産税): 納期限後20日以内に督促状を発する; 条例で別段の定め可 (329条③)'),
	('000000', 'collection_deferral_max', DATE '1950-07-31', 12, NULL,
	 '地方税法第15条①②: 徴収の猶予は1年以内 (延長は第15条③により別の猶予として記録, 通算2年まで)'),
	('000000', 'conversion_deferral_max', DATE '1950-07-31', 12, NULL,
	 '地方税法第15条の5①, 第15条の6①: 換価の猶予は1年を超えない範囲 (延長は第15条の5の2③ 等により別の猶予として記録)');

GRANT SELECT ON @extschema@.collection_period_rule TO zeimu_user;

-- The period rule in force on a date for a municipality (its own row first).
CREATE FUNCTION @extschema@.collection_period(p_rule text, p_on date, p_lg_code @extschema@.lg_code DEFAULT '000000')
RETURNS @extschema@.collection_period_rule
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_period_rule;
BEGIN
	SELECT * INTO r FROM @extschema@.collection_period_rule c
	 WHERE (c.lg_code OPERATOR(@extschema@.=) p_lg_code OR c.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND c.rule OPERATOR(pg_catalog.=) p_rule AND c.valid_from OPERATOR(pg_catalog.<=) p_on
	 ORDER BY c.valid_from DESC, (c.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC
	 LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no % rule in force on %', p_rule, p_on
			USING ERRCODE = '22023', DETAIL = 'zeimu.collection_period_rule has no row for that date.',
				  HINT = 'Add the rule to zeimu.collection_period_rule.';
	END IF;
	RETURN r;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_period(text, date, @extschema@.lg_code) IS
	'collection: the statutory period rule (prescription, suspension_extinction, dunning_renewal_days, dunning_deadline_days) in force on a date';

-- 督促: 納期限後20日以内 (法329条①, 371条①).  The deadline is for the office,
-- a 訓示規定 (a late 督促 is still valid, 徳島地判S30.12.27), so it is not
-- moved off holidays.
CREATE FUNCTION @extschema@.dunning_deadline(due_date date, lg_code @extschema@.lg_code DEFAULT '000000') RETURNS date
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.collection_period_rule;
BEGIN
	IF NOT pg_catalog.isfinite(due_date) THEN
		RAISE EXCEPTION 'due date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The due date must be a calendar date.', HINT = 'Pass the date itself, not infinity.';
	END IF;
	r := @extschema@.collection_period('dunning_deadline_days', due_date, lg_code);
	RETURN due_date OPERATOR(pg_catalog.+) r.days;
END
$$;
COMMENT ON FUNCTION @extschema@.dunning_deadline(date, @extschema@.lg_code) IS
	'collection: last day to send the 督促状: 納期限 + 20 days (地方税法第329条①, 第371条①; 条例 may differ, 329条③)';

CREATE TYPE @extschema@.prescription_result AS (
	last_day date,				-- last day the right to collect exists; NULL while suspended
	extinguished_on date,		-- the first day it no longer exists; NULL while suspended
	ground text,				-- prescription | suspension_3_years | immediate_extinction | suspended_by_seizure | paid
	explanation text			-- one line per step, with the article
);
COMMENT ON TYPE @extschema@.prescription_result IS
	'collection: result of zeimu.prescription_date: the last day of the right to collect, why, and how it was reached';

-- Events (jsonb array, any order):
--   {"kind": "dunning", "date": d}            督促状 sent: renewed (法18条の2①二); runs again after
--                                             the 10th day counted from the sending day
--   {"kind": "acknowledgement", "date": d}    承認 (partial payment, 分納誓約 …): renewed at once
--                                             (民法152条①, 法18条③), runs again from the next day
--   {"kind": "seizure", "date": d, "end": d}  差押: completion suspended while it lasts, renewed when it
--                                             ends (民法148条, 法18条③); no "end" = still in force
--   {"kind": "suspension", "date": d, "end": d}  執行停止 (法15条の7①): extinguished when it lasts 3
--                                             years (④); "end" = revoked (法15条の8) before that
--   {"kind": "immediate_extinction", "date": d}  即時消滅 (法15条の7⑤)
--   {"kind": "participating_seizure" | "demand_for_delivery", "date": d, "end": d}
--                                             参加差押 / 交付要求: as a 差押 (completion suspended while in
--                                             force, renewed when it ends; 法18条③, 民法148条) [M]
--   {"kind": "deferral", "date": d, "end": d} 徴収猶予 / 換価猶予: the period does not run while the
--                                             猶予 lasts (法18条の2④ [M]): the end moves by its days
CREATE FUNCTION @extschema@.prescription_date(statutory_due_date date, events jsonb DEFAULT '[]',
	lg_code @extschema@.lg_code DEFAULT '000000')
RETURNS @extschema@.prescription_result
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	pres @extschema@.collection_period_rule;
	susp @extschema@.collection_period_rule;
	dun @extschema@.collection_period_rule;
	last_day date;				-- last day of the running prescription period
	pending_seizure date;		-- a seizure in force with no end
	susp_end date;				-- last day of the 3 years of an unrevoked 執行停止
	ev record;
	lines text[] := '{}';
	restart date;
	label text;
	r @extschema@.prescription_result;
BEGIN
	IF statutory_due_date IS NULL THEN
		RAISE EXCEPTION 'statutory due date is required'
			USING ERRCODE = '22004', DETAIL = 'Prescription runs from the day after the 法定納期限 (法18条①).',
				  HINT = 'Pass the 法定納期限 of the installment.';
	END IF;
	IF NOT pg_catalog.isfinite(statutory_due_date) THEN
		RAISE EXCEPTION 'statutory due date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The date must be a calendar date.', HINT = 'Pass the date itself, not infinity.';
	END IF;
	IF events IS NULL THEN
		events := '[]';
	END IF;
	IF pg_catalog.jsonb_typeof(events) OPERATOR(pg_catalog.<>) 'array' THEN
		RAISE EXCEPTION 'events must be a JSON array'
			USING ERRCODE = '22023', DETAIL = 'Each event is an object with kind and date.',
				  HINT = 'Pass [] when there are no events.';
	END IF;

	pres := @extschema@.collection_period('prescription', statutory_due_date, lg_code);
	susp := @extschema@.collection_period('suspension_extinction', statutory_due_date, lg_code);
	dun := @extschema@.collection_period('dunning_renewal_days', statutory_due_date, lg_code);

	last_day := @extschema@.civil_period_end(statutory_due_date OPERATOR(pg_catalog.+) 1, pres.months);
	lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
		'法定納期限 %s: %s months counted from %s (法18条①, 民法143条) end on %s',
		statutory_due_date, pres.months, statutory_due_date OPERATOR(pg_catalog.+) 1, last_day);

	FOR ev IN
		SELECT e OPERATOR(pg_catalog.->>) 'kind' AS kind,
			   (e OPERATOR(pg_catalog.->>) 'date')::date AS d,
			   (e OPERATOR(pg_catalog.->>) 'end')::date AS e_end,
			   o AS ord
		  FROM pg_catalog.jsonb_array_elements(events) WITH ORDINALITY AS x(e, o)
		 ORDER BY 2, o
	LOOP
		IF ev.kind IS NULL OR ev.d IS NULL THEN
			RAISE EXCEPTION 'event % has no kind or no date', ev.ord
				USING ERRCODE = '22004', DETAIL = 'Every event needs "kind" and "date".',
					  HINT = 'Check the event for a missing or misspelt key.';
		END IF;
		IF NOT (ev.kind OPERATOR(pg_catalog.=) ANY (ARRAY['dunning', 'acknowledgement', 'seizure', 'suspension', 'immediate_extinction',
				'participating_seizure', 'demand_for_delivery', 'deferral'])) THEN
			RAISE EXCEPTION 'unknown prescription event kind "%"', ev.kind
				USING ERRCODE = '22023',
					  DETAIL = 'The kinds are dunning, acknowledgement, seizure, participating_seizure, demand_for_delivery, deferral, suspension and immediate_extinction.',
					  HINT = 'Use one of the kinds listed.';
		END IF;
		IF ev.e_end IS NOT NULL AND ev.e_end OPERATOR(pg_catalog.<) ev.d THEN
			RAISE EXCEPTION 'event % ends before it starts', ev.ord
				USING ERRCODE = '22023', DETAIL = 'An event''s "end" cannot precede its "date".',
					  HINT = 'Correct the dates of the event.';
		END IF;
		IF ev.d OPERATOR(pg_catalog.<=) statutory_due_date THEN
			lines := lines OPERATOR(pg_catalog.||) pg_catalog.format('%s %s: on or before the 法定納期限, no effect', ev.d, ev.kind);
			CONTINUE;
		END IF;
		-- the right is gone already: nothing revives it (法18条②)
		IF pending_seizure IS NULL AND (ev.d OPERATOR(pg_catalog.>) last_day
				OR (susp_end IS NOT NULL AND ev.d OPERATOR(pg_catalog.>) susp_end)) THEN
			lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
				'%s %s: after the right was extinguished, no effect (法18条②: no 援用 needed, cannot be waived)', ev.d, ev.kind);
			CONTINUE;
		END IF;

		IF ev.kind OPERATOR(pg_catalog.=) 'dunning' THEN
			restart := ev.d OPERATOR(pg_catalog.+) dun.days;
			IF pending_seizure IS NULL THEN
				last_day := @extschema@.civil_period_end(restart, pres.months);
				lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
					'%s 督促: renewed (法18条の2①二); runs again from %s (after the %sth day counted from sending), ends on %s',
					ev.d, restart, dun.days, last_day);
			END IF;
		ELSIF ev.kind OPERATOR(pg_catalog.=) 'acknowledgement' THEN
			restart := ev.d OPERATOR(pg_catalog.+) 1;
			IF pending_seizure IS NULL THEN
				last_day := @extschema@.civil_period_end(restart, pres.months);
				lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
					'%s 承認: renewed (民法152条①, 法18条③); runs again from %s, ends on %s', ev.d, restart, last_day);
			END IF;
		ELSIF ev.kind OPERATOR(pg_catalog.=) ANY (ARRAY['seizure', 'participating_seizure', 'demand_for_delivery']) THEN
			label := CASE ev.kind WHEN 'seizure' THEN '差押' WHEN 'participating_seizure' THEN '参加差押' ELSE '交付要求' END;
			IF ev.e_end IS NULL THEN
				pending_seizure := ev.d;
				lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
					'%s %s: completion suspended while it lasts (民法148条①, 法18条③); it has not ended', ev.d, label);
			ELSE
				restart := ev.e_end OPERATOR(pg_catalog.+) 1;
				last_day := greatest(last_day, @extschema@.civil_period_end(restart, pres.months));
				lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
					'%s %s ended %s: renewed when it ended (民法148条②); runs again from %s, ends on %s',
					ev.d, label, ev.e_end, restart, last_day);
			END IF;
		ELSIF ev.kind OPERATOR(pg_catalog.=) 'deferral' THEN
			IF ev.e_end IS NULL THEN
				RAISE EXCEPTION 'event % (deferral) has no end', ev.ord
					USING ERRCODE = '22004', DETAIL = 'A 徴収猶予 or 換価猶予 is granted for a fixed period.',
						  HINT = 'Pass "end", the last day of the 猶予.';
			END IF;
			IF pending_seizure IS NULL THEN
				last_day := last_day OPERATOR(pg_catalog.+) (ev.e_end OPERATOR(pg_catalog.-) ev.d OPERATOR(pg_catalog.+) 1);
				lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
					'%s 猶予 to %s: the period does not run while it lasts (法18条の2④), %s days; ends on %s',
					ev.d, ev.e_end, ev.e_end OPERATOR(pg_catalog.-) ev.d OPERATOR(pg_catalog.+) 1, last_day);
			END IF;
		ELSIF ev.kind OPERATOR(pg_catalog.=) 'suspension' THEN
			IF ev.e_end IS NOT NULL AND ev.e_end OPERATOR(pg_catalog.<=) @extschema@.civil_period_end(ev.d OPERATOR(pg_catalog.+) 1, susp.months) THEN
				lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
					'%s 執行停止, revoked %s (法15条の8) before %s months: no extinction by 15条の7④; prescription ran on', ev.d, ev.e_end, susp.months);
			ELSE
				susp_end := least(coalesce(susp_end, 'infinity'::date),
								  @extschema@.civil_period_end(ev.d OPERATOR(pg_catalog.+) 1, susp.months));
				lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
					'%s 執行停止 (法15条の7①): extinguished when it has lasted %s months, after %s (法15条の7④); prescription runs on meanwhile',
					ev.d, susp.months, susp_end);
			END IF;
		ELSIF ev.kind OPERATOR(pg_catalog.=) 'immediate_extinction' THEN
			r.last_day := ev.d OPERATOR(pg_catalog.-) 1;
			r.extinguished_on := ev.d;
			r.ground := 'immediate_extinction';
			lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
				'%s 即時消滅 (法15条の7⑤): extinguished on that day', ev.d);
			r.explanation := pg_catalog.array_to_string(lines, E'\n');
			RETURN r;
		END IF;
	END LOOP;

	IF pending_seizure IS NOT NULL THEN
		r.ground := 'suspended_by_seizure';
		lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
			'result: no end date while the seizure of %s lasts', pending_seizure);
	ELSIF susp_end IS NOT NULL AND susp_end OPERATOR(pg_catalog.<) last_day THEN
		r.last_day := susp_end;
		r.ground := 'suspension_3_years';
		lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
			'result: extinguished after %s by 3 years of 執行停止 (法15条の7④), before prescription on %s', susp_end, last_day);
	ELSE
		r.last_day := last_day;
		r.ground := 'prescription';
		lines := lines OPERATOR(pg_catalog.||) pg_catalog.format(
			'result: prescription completes at the end of %s; the right is extinguished from %s with no 援用 (法18条①②)',
			last_day, last_day OPERATOR(pg_catalog.+) 1);
	END IF;
	r.extinguished_on := r.last_day OPERATOR(pg_catalog.+) 1;
	r.explanation := pg_catalog.array_to_string(lines, E'\n');
	RETURN r;
END
$$;
COMMENT ON FUNCTION @extschema@.prescription_date(date, jsonb, @extschema@.lg_code) IS
	'collection: when the right to collect an installment is extinguished — 5 years from the day after the 法定納期限 (法18条①), renewed by 督促 (18条の2), 承認 and the end of a 差押, or 3 years of 執行停止 (15条の7④) — with the explanation';

GRANT EXECUTE ON FUNCTION @extschema@.collection_period(text, date, @extschema@.lg_code),
	@extschema@.dunning_deadline(date, @extschema@.lg_code),
	@extschema@.prescription_date(date, jsonb, @extschema@.lg_code) TO zeimu_user;
GRANT USAGE ON TYPE @extschema@.prescription_result TO zeimu_user;

-- Municipality rows of the parameter tables are user data: pg_dump keeps
-- them; the national standard rows (lg_code 000000) come from this script.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_statutory_rate', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_rate', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_rounding_rule', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_period_rule', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
