-- collection: delinquency cases (滞納整理).  One case per person; every
-- action is an immutable event (財産調査, 差押, 参加差押, 交付要求, 分納誓約
-- and its breach, 徴収猶予, 換価猶予, 執行停止, 即時消滅, 換価, 配当, 解除).
-- What is in force, the counters and the state are derived from the events
-- (zeimu.delinquency_measure, zeimu.delinquency_case_state_on), never
-- edited.  doc/collection.md §13.

CREATE TABLE @extschema@.delinquency_case (
	lg_code @extschema@.lg_code NOT NULL CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	case_id bigint GENERATED ALWAYS AS IDENTITY,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	opened_on date NOT NULL CHECK (pg_catalog.isfinite(opened_on)),
	opened_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	opened_by text NOT NULL DEFAULT session_user,
	PRIMARY KEY (lg_code, case_id),
	UNIQUE (lg_code, atena_no)
);
COMMENT ON TABLE @extschema@.delinquency_case IS
	'collection: the delinquency case (滞納整理) of a person, one per person; its state is derived from its events';

CREATE TABLE @extschema@.delinquency_event (
	lg_code @extschema@.lg_code NOT NULL,
	event_id bigint GENERATED ALWAYS AS IDENTITY,
	case_id bigint NOT NULL,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	kind text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['investigation', 'seizure', 'participating_seizure',
		'demand_for_delivery', 'pledge', 'pledge_breach', 'collection_deferral', 'conversion_deferral', 'suspension',
		'immediate_extinction', 'conversion', 'distribution', 'release'])),
	event_date date NOT NULL CHECK (pg_catalog.isfinite(event_date)),
	end_date date CHECK (end_date >= event_date),			-- last day of a 猶予 or a 分納誓約 schedule
	installment_ids bigint[] NOT NULL,						-- the installments it concerns
	refers_to bigint,										-- the event it ends, breaches, converts or distributes
	property_type text CHECK (property_type OPERATOR(pg_catalog.=) ANY (ARRAY['real_estate', 'deposit', 'salary',
		'receivable', 'movable', 'vehicle', 'securities', 'other'])),
	amount bigint CHECK (amount >= 0),
	schedule jsonb,											-- 分納誓約: [{"date": d, "amount": n}, ...]
	article text NOT NULL,
	note text CHECK (pg_catalog.length(note) <= 400),
	recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by text NOT NULL DEFAULT session_user,
	staff_id text,
	PRIMARY KEY (lg_code, event_id),
	FOREIGN KEY (lg_code, case_id) REFERENCES @extschema@.delinquency_case (lg_code, case_id),
	FOREIGN KEY (lg_code, refers_to) REFERENCES @extschema@.delinquency_event (lg_code, event_id)
);
COMMENT ON TABLE @extschema@.delinquency_event IS
	'collection: delinquency actions as immutable events (財産調査, 差押, 参加差押, 交付要求, 分納誓約, 徴収猶予, 換価猶予, 執行停止, 換価, 配当, 解除)';
CREATE INDEX ON @extschema@.delinquency_event (lg_code, case_id);
CREATE INDEX ON @extschema@.delinquency_event (lg_code, refers_to) WHERE refers_to IS NOT NULL;
CREATE INDEX ON @extschema@.delinquency_event USING gin (installment_ids);

-- Events are never edited; only the retention purge (a running purge batch
-- of zeimu.purge_batch, checked by the retention guard) deletes them.
CREATE FUNCTION @extschema@.delinquency_event_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF TG_OP OPERATOR(pg_catalog.=) 'DELETE'
	   AND NULLIF(pg_catalog.current_setting('zeimu_purge.run_id', true), '') IS NOT NULL THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION '% rows are records and cannot be changed or deleted', TG_TABLE_NAME
		USING ERRCODE = '42501', DETAIL = 'A delinquency action is corrected by a new event (解除), never by an edit.',
			  HINT = 'Record a release with zeimu.record_delinquency_event; only the retention purge deletes records.';
END
$$;
CREATE TRIGGER delinquency_event_guard BEFORE UPDATE OR DELETE ON @extschema@.delinquency_event
	FOR EACH ROW EXECUTE FUNCTION @extschema@.delinquency_event_guard();
CREATE TRIGGER delinquency_case_guard BEFORE UPDATE ON @extschema@.delinquency_case
	FOR EACH ROW EXECUTE FUNCTION @extschema@.delinquency_event_guard();

-- The article each kind of event rests on (地方税法 unless stated).
CREATE FUNCTION @extschema@.delinquency_event_article(p_kind text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE p_kind
		WHEN 'investigation' THEN '法331条⑥等 (国税徴収法141条 の例): 財産調査'
		WHEN 'seizure' THEN '法331条①, 373条① 等 (国税徴収法47条 の例): 差押; 時効の完成猶予・更新 (法18条③, 民法148条)'
		WHEN 'participating_seizure' THEN '法331条⑥等 (国税徴収法86条 の例): 参加差押'
		WHEN 'demand_for_delivery' THEN '法331条⑥等 (国税徴収法82条 の例): 交付要求'
		WHEN 'pledge' THEN '分納誓約 (要綱): 債務の承認 (民法152条①, 法18条③) による時効の更新'
		WHEN 'pledge_breach' THEN '分納誓約の不履行 (要綱)'
		WHEN 'collection_deferral' THEN '法15条: 徴収の猶予 (督促をしない, 法329条②; 時効は進行しない, 法18条の2④)'
		WHEN 'conversion_deferral' THEN '法15条の5 (職権), 15条の6 (申請): 換価の猶予 (時効は進行しない, 法18条の2④)'
		WHEN 'suspension' THEN '法15条の7①: 滞納処分の執行停止 (3年継続で消滅, 同④)'
		WHEN 'immediate_extinction' THEN '法15条の7⑤: 徴収できないことが明らかなときの即時消滅'
		WHEN 'conversion' THEN '法331条⑥等 (国税徴収法89条 の例): 換価'
		WHEN 'distribution' THEN '法331条⑥等 (国税徴収法128条 の例): 配当'
		WHEN 'release' THEN '解除: 差押 (国税徴収法79条 の例), 猶予の取消 (法15条の3, 15条の5の3), 執行停止の取消 (法15条の8)'
	END
$$;

-- Each event's period: when it starts, the last day it is in force (NULL
-- = open), and the event that ended it.  A release, breach or conversion
-- ends the event it refers to on its own date (the measure is no longer in
-- force that day).
CREATE VIEW @extschema@.delinquency_measure WITH (security_invoker = true) AS
SELECT e.lg_code, e.event_id, e.case_id, e.atena_no, e.kind, e.event_date AS starts_on,
	   x.ended_on, x.ended_by,
	   CASE WHEN x.ended_on IS NULL THEN e.end_date
			ELSE least(e.end_date, x.ended_on OPERATOR(pg_catalog.-) 1) END AS last_day,
	   e.installment_ids, e.property_type, e.amount
  FROM @extschema@.delinquency_event e
  LEFT JOIN LATERAL (
		SELECT r.event_date AS ended_on, r.event_id AS ended_by
		  FROM @extschema@.delinquency_event r
		 WHERE r.lg_code OPERATOR(@extschema@.=) e.lg_code AND r.refers_to OPERATOR(pg_catalog.=) e.event_id
		   AND r.kind OPERATOR(pg_catalog.=) ANY (ARRAY['release', 'pledge_breach', 'conversion'])
		 ORDER BY r.event_date, r.event_id LIMIT 1) x ON true
 WHERE e.kind OPERATOR(pg_catalog.=) ANY (ARRAY['seizure', 'participating_seizure', 'demand_for_delivery', 'pledge',
		'collection_deferral', 'conversion_deferral', 'suspension', 'immediate_extinction']);
COMMENT ON VIEW @extschema@.delinquency_measure IS
	'collection: each delinquency measure with its start, the last day it is in force (NULL = open) and the event that ended it';

-- Open the case of a person (idempotent): returns its case_id.
CREATE FUNCTION @extschema@.open_delinquency_case(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_opened_on date)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_opened_on IS NULL THEN
		RAISE EXCEPTION 'municipality, person and opening date are required'
			USING ERRCODE = '22004', DETAIL = 'A case is opened for one person of one municipality on one day.',
				  HINT = 'Pass the lg_code, the atena number and the date.';
	END IF;
	IF NOT pg_catalog.isfinite(p_opened_on) THEN
		RAISE EXCEPTION 'opening date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The date must be a calendar date.', HINT = 'Pass the date itself, not infinity.';
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.collection_installment i
				   WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no) THEN
		RAISE EXCEPTION 'person % has no installment in municipality %', p_atena_no, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'A delinquency case is about a person''s unpaid installments.',
				  HINT = 'Check the atena number.';
	END IF;
	INSERT INTO @extschema@.delinquency_case (lg_code, atena_no, opened_on)
	VALUES (p_lg_code, p_atena_no, p_opened_on)
	ON CONFLICT (lg_code, atena_no) DO NOTHING
	RETURNING case_id INTO v_id;
	IF v_id IS NULL THEN
		SELECT c.case_id INTO v_id FROM @extschema@.delinquency_case c
		 WHERE c.lg_code OPERATOR(@extschema@.=) p_lg_code AND c.atena_no OPERATOR(pg_catalog.=) p_atena_no;
	END IF;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.open_delinquency_case(@extschema@.lg_code, bigint, date) IS
	'collection: opens the delinquency case (滞納整理) of a person, or returns the one already open';

-- Record one action.  The case is opened when the person has none.
-- installment_ids NULL: for a release, breach, 即時消滅, 換価 or 配当 those of
-- the event referred to; otherwise every installment of the person with
-- 本税 unpaid on the event date (by 領収日), not written off.
CREATE FUNCTION @extschema@.record_delinquency_event(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_kind text,
	p_event_date date, p_end_date date DEFAULT NULL, p_installment_ids bigint[] DEFAULT NULL,
	p_refers_to bigint DEFAULT NULL, p_property_type text DEFAULT NULL, p_amount bigint DEFAULT NULL,
	p_schedule jsonb DEFAULT NULL, p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_case bigint;
	v_ids bigint[] := p_installment_ids;
	v_end date := p_end_date;
	v_bad bigint;
	ref @extschema@.delinquency_event;
	m @extschema@.delinquency_measure;
	rule @extschema@.collection_period_rule;
	v_id bigint;
	v_n integer;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_kind IS NULL OR p_event_date IS NULL THEN
		RAISE EXCEPTION 'municipality, person, kind and date of the event are required'
			USING ERRCODE = '22004', DETAIL = 'Every delinquency event is one action on one day for one person.',
				  HINT = 'Pass the lg_code, the atena number, the kind and the date.';
	END IF;
	IF @extschema@.delinquency_event_article(p_kind) IS NULL THEN
		RAISE EXCEPTION 'unknown delinquency event kind "%"', p_kind
			USING ERRCODE = '22023',
				  DETAIL = 'The kinds are investigation, seizure, participating_seizure, demand_for_delivery, pledge, pledge_breach, collection_deferral, conversion_deferral, suspension, immediate_extinction, conversion, distribution and release.',
				  HINT = 'Use one of the kinds listed.';
	END IF;
	IF NOT pg_catalog.isfinite(p_event_date) OR (v_end IS NOT NULL AND NOT pg_catalog.isfinite(v_end)) THEN
		RAISE EXCEPTION 'event date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The dates must be calendar dates.', HINT = 'Pass the dates themselves, not infinity.';
	END IF;
	IF v_end IS NOT NULL AND v_end OPERATOR(pg_catalog.<) p_event_date THEN
		RAISE EXCEPTION 'the event ends before it starts'
			USING ERRCODE = '22023', DETAIL = 'The end date precedes the event date.', HINT = 'Correct the dates.';
	END IF;
	IF p_amount IS NOT NULL AND p_amount OPERATOR(pg_catalog.<) 0 THEN
		RAISE EXCEPTION 'amount must not be negative'
			USING ERRCODE = '22003', DETAIL = 'Seized, converted and distributed amounts are yen >= 0.', HINT = 'Correct the amount.';
	END IF;

	-- the event referred to: needed by release, breach, conversion, distribution and 即時消滅
	IF p_kind OPERATOR(pg_catalog.=) ANY (ARRAY['release', 'pledge_breach', 'conversion', 'distribution', 'immediate_extinction']) THEN
		IF p_refers_to IS NULL THEN
			RAISE EXCEPTION 'a % must name the event it refers to', p_kind
				USING ERRCODE = '22004', DETAIL = 'Releases, breaches, conversions, distributions and 即時消滅 act on an earlier event.',
					  HINT = 'Pass refers_to, the event id (see zeimu.delinquency_measure).';
		END IF;
		SELECT * INTO ref FROM @extschema@.delinquency_event e
		 WHERE e.lg_code OPERATOR(@extschema@.=) p_lg_code AND e.event_id OPERATOR(pg_catalog.=) p_refers_to
		   AND e.atena_no OPERATOR(pg_catalog.=) p_atena_no
		 FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'event % of this person not found', p_refers_to
				USING ERRCODE = '22023', DETAIL = 'The event referred to must be one of the same person''s case.',
					  HINT = 'Check the event id.';
		END IF;
		IF p_event_date OPERATOR(pg_catalog.<) ref.event_date THEN
			RAISE EXCEPTION 'the % is dated before the event it refers to', p_kind
				USING ERRCODE = '22023', DETAIL = pg_catalog.format('Event %s is dated %s.', ref.event_id, ref.event_date),
					  HINT = 'Correct the date.';
		END IF;
		IF NOT ((p_kind OPERATOR(pg_catalog.=) 'release' AND ref.kind OPERATOR(pg_catalog.=) ANY (ARRAY['seizure',
					'participating_seizure', 'demand_for_delivery', 'pledge', 'collection_deferral', 'conversion_deferral', 'suspension']))
			 OR (p_kind OPERATOR(pg_catalog.=) 'pledge_breach' AND ref.kind OPERATOR(pg_catalog.=) 'pledge')
			 OR (p_kind OPERATOR(pg_catalog.=) 'conversion' AND ref.kind OPERATOR(pg_catalog.=) ANY (ARRAY['seizure', 'participating_seizure']))
			 OR (p_kind OPERATOR(pg_catalog.=) 'distribution' AND ref.kind OPERATOR(pg_catalog.=) ANY (ARRAY['conversion', 'seizure', 'demand_for_delivery', 'participating_seizure']))
			 OR (p_kind OPERATOR(pg_catalog.=) 'immediate_extinction' AND ref.kind OPERATOR(pg_catalog.=) 'suspension')) THEN
			RAISE EXCEPTION 'a % cannot refer to a %', p_kind, ref.kind
				USING ERRCODE = '22023',
					  DETAIL = 'release: a seizure, demand, pledge, 猶予 or 執行停止; pledge_breach: a pledge; conversion: a seizure; distribution: a conversion, seizure or demand; immediate_extinction: a 執行停止 (法15条の7⑤).',
					  HINT = 'Name the right event.';
		END IF;
		IF p_kind OPERATOR(pg_catalog.<>) 'distribution' THEN
			SELECT * INTO m FROM @extschema@.delinquency_measure x
			 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.event_id OPERATOR(pg_catalog.=) p_refers_to;
			IF m.ended_on IS NOT NULL OR (m.last_day IS NOT NULL AND m.last_day OPERATOR(pg_catalog.<) p_event_date) THEN
				RAISE EXCEPTION 'event % is no longer in force on %', p_refers_to, p_event_date
					USING ERRCODE = '55000', DETAIL = pg_catalog.format('It ended on %s.', coalesce(m.ended_on, m.last_day OPERATOR(pg_catalog.+) 1)),
						  HINT = 'Only a measure in force can be released, breached, converted or made final.';
			END IF;
		END IF;
		IF v_ids IS NULL THEN
			v_ids := ref.installment_ids;
		END IF;
	ELSIF p_refers_to IS NOT NULL THEN
		RAISE EXCEPTION 'a % does not refer to another event', p_kind
			USING ERRCODE = '22023', DETAIL = 'Only release, pledge_breach, conversion, distribution and immediate_extinction refer to an event.',
				  HINT = 'Pass refers_to NULL.';
	END IF;

	IF p_kind OPERATOR(pg_catalog.=) ANY (ARRAY['seizure', 'participating_seizure']) THEN
		IF p_property_type IS NULL OR p_amount IS NULL OR p_amount OPERATOR(pg_catalog.=) 0 THEN
			RAISE EXCEPTION 'a % needs the property type and its amount', p_kind
				USING ERRCODE = '22004', DETAIL = 'The type (real_estate, deposit, salary, receivable, movable, vehicle, securities, other) and the amount seized (yen) are recorded.',
					  HINT = 'Pass property_type and amount.';
		END IF;
	ELSIF p_property_type IS NOT NULL THEN
		RAISE EXCEPTION 'only a seizure has a property type'
			USING ERRCODE = '22023', DETAIL = 'property_type is recorded for seizure and participating_seizure.', HINT = 'Pass property_type NULL.';
	END IF;
	IF p_kind OPERATOR(pg_catalog.=) ANY (ARRAY['conversion', 'distribution']) AND p_amount IS NULL THEN
		RAISE EXCEPTION 'a % needs its amount', p_kind
			USING ERRCODE = '22004', DETAIL = 'The proceeds of a 換価 and the amount of a 配当 are recorded.', HINT = 'Pass amount.';
	END IF;

	IF p_kind OPERATOR(pg_catalog.=) 'pledge' THEN
		IF p_schedule IS NULL OR pg_catalog.jsonb_typeof(p_schedule) OPERATOR(pg_catalog.<>) 'array'
		   OR pg_catalog.jsonb_array_length(p_schedule) OPERATOR(pg_catalog.=) 0 THEN
			RAISE EXCEPTION 'an installment pledge needs its schedule'
				USING ERRCODE = '22004', DETAIL = 'The schedule is a JSON array of {"date": "YYYY-MM-DD", "amount": yen}.',
					  HINT = 'Pass the pledged payments.';
		END IF;
		SELECT pg_catalog.count(*) FILTER (WHERE NOT (x ? 'date' AND x ? 'amount')
				OR pg_catalog.jsonb_typeof(x OPERATOR(pg_catalog.->) 'amount') OPERATOR(pg_catalog.<>) 'number'
				OR (x OPERATOR(pg_catalog.->>) 'amount')::numeric OPERATOR(pg_catalog.<=) 0
				OR (x OPERATOR(pg_catalog.->>) 'amount')::numeric OPERATOR(pg_catalog.<>) pg_catalog.trunc((x OPERATOR(pg_catalog.->>) 'amount')::numeric)),
			   pg_catalog.max((x OPERATOR(pg_catalog.->>) 'date')::date)
		  INTO v_n, v_end
		  FROM pg_catalog.jsonb_array_elements(p_schedule) x;
		IF v_n OPERATOR(pg_catalog.>) 0 THEN
			RAISE EXCEPTION 'the pledge schedule has % bad line(s)', v_n
				USING ERRCODE = '22023', DETAIL = 'Each line needs a date and a whole positive amount of yen.', HINT = 'Correct the schedule.';
		END IF;
		IF (SELECT pg_catalog.min((x OPERATOR(pg_catalog.->>) 'date')::date) FROM pg_catalog.jsonb_array_elements(p_schedule) x)
				OPERATOR(pg_catalog.<) p_event_date THEN
			RAISE EXCEPTION 'the pledge schedule starts before the pledge'
				USING ERRCODE = '22023', DETAIL = 'Pledged payments fall on or after the day of the pledge.', HINT = 'Correct the schedule.';
		END IF;
	ELSIF p_schedule IS NOT NULL THEN
		RAISE EXCEPTION 'only an installment pledge has a schedule'
			USING ERRCODE = '22023', DETAIL = 'schedule is recorded for kind pledge.', HINT = 'Pass schedule NULL.';
	END IF;

	IF p_kind OPERATOR(pg_catalog.=) ANY (ARRAY['collection_deferral', 'conversion_deferral']) THEN
		IF v_end IS NULL THEN
			RAISE EXCEPTION 'a % needs its last day', p_kind
				USING ERRCODE = '22004', DETAIL = 'A 猶予 is granted for a fixed period.', HINT = 'Pass end_date.';
		END IF;
		rule := @extschema@.collection_period(p_kind OPERATOR(pg_catalog.||) '_max', p_event_date, p_lg_code);
		IF v_end OPERATOR(pg_catalog.>) @extschema@.civil_period_end(p_event_date, rule.months) THEN
			RAISE EXCEPTION 'a % is granted for at most % months', p_kind, rule.months
				USING ERRCODE = '22023', DETAIL = pg_catalog.format('From %s the period may last to %s (%s).', p_event_date,
					@extschema@.civil_period_end(p_event_date, rule.months), rule.source),
					  HINT = 'Record an extension as a new 猶予 starting the next day.';
		END IF;
	ELSIF p_kind OPERATOR(pg_catalog.<>) 'pledge' AND v_end IS NOT NULL THEN
		RAISE EXCEPTION 'a % has no end date', p_kind
			USING ERRCODE = '22023', DETAIL = 'Seizures, demands and 執行停止 last until released (record a release).',
				  HINT = 'Pass end_date NULL.';
	END IF;

	IF v_ids IS NULL THEN
		SELECT coalesce(pg_catalog.array_agg(i.installment_id ORDER BY i.installment_id), '{}') INTO v_ids
		  FROM @extschema@.collection_installment i
		 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no
		   AND i.principal OPERATOR(pg_catalog.>) @extschema@.installment_principal_paid_by(i.lg_code, i.installment_id, p_event_date)
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_write_off w
						   WHERE w.lg_code OPERATOR(@extschema@.=) i.lg_code AND w.installment_id OPERATOR(pg_catalog.=) i.installment_id);
	ELSE
		SELECT x INTO v_bad FROM pg_catalog.unnest(v_ids) x
		 WHERE NOT EXISTS (SELECT FROM @extschema@.collection_installment i
						   WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.installment_id OPERATOR(pg_catalog.=) x
							 AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no)
		 LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION 'installment % is not one of this person''s', v_bad
				USING ERRCODE = '22023', DETAIL = 'An event concerns installments of the person of its case.',
					  HINT = 'Check the installment numbers.';
		END IF;
		SELECT pg_catalog.array_agg(DISTINCT x ORDER BY x) INTO v_ids FROM pg_catalog.unnest(v_ids) x;
		v_ids := coalesce(v_ids, '{}');
	END IF;
	IF pg_catalog.cardinality(v_ids) OPERATOR(pg_catalog.=) 0
	   AND p_kind OPERATOR(pg_catalog.<>) ALL (ARRAY['investigation', 'release', 'pledge_breach', 'conversion', 'distribution']) THEN
		RAISE EXCEPTION 'person % has no unpaid installment on %', p_atena_no, p_event_date
			USING ERRCODE = '22023', DETAIL = 'A measure concerns unpaid installments.',
				  HINT = 'Pass the installments explicitly, or check the date.';
	END IF;

	v_case := @extschema@.open_delinquency_case(p_lg_code, p_atena_no, p_event_date);
	INSERT INTO @extschema@.delinquency_event (lg_code, case_id, atena_no, kind, event_date, end_date, installment_ids,
		refers_to, property_type, amount, schedule, article, note, staff_id)
	VALUES (p_lg_code, v_case, p_atena_no, p_kind, p_event_date,
		CASE WHEN p_kind OPERATOR(pg_catalog.=) ANY (ARRAY['pledge', 'collection_deferral', 'conversion_deferral']) THEN v_end END,
		v_ids, p_refers_to, p_property_type, p_amount, p_schedule,
		@extschema@.delinquency_event_article(p_kind), p_note, @extschema@.my_staff_id())
	RETURNING event_id INTO v_id;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.record_delinquency_event(@extschema@.lg_code, bigint, text, date, date, bigint[], bigint, text, bigint, jsonb, text) IS
	'collection: records one delinquency action as an immutable event (opens the case when needed); returns the event id';

-- 本税 received on an installment by a date (by 領収日), reversals excluded.
CREATE FUNCTION @extschema@.installment_principal_paid_by(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_as_of date)
RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(pg_catalog.sum(a.amount), 0)::bigint
	  FROM @extschema@.collection_payment p
	  JOIN @extschema@.collection_allocation a
		ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
	 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.installment_id OPERATOR(pg_catalog.=) p_installment_id
	   AND a.part OPERATOR(pg_catalog.=) 'principal' AND p.receipt_date OPERATOR(pg_catalog.<=) p_as_of
	   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
			WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)
$$;
COMMENT ON FUNCTION @extschema@.installment_principal_paid_by(@extschema@.lg_code, bigint, date) IS
	'collection: 本税 received on an installment by a date (領収日), reversed payments left out';

-- The state of every visible case on a date, derived from the events.
CREATE FUNCTION @extschema@.delinquency_case_state_on(p_as_of date)
RETURNS TABLE (lg_code @extschema@.lg_code, case_id bigint, atena_no bigint, opened_on date, events bigint,
	investigations bigint, seizures bigint, seizures_in_force bigint, seized_amount_in_force bigint,
	participating_seizures_in_force bigint, demands_in_force bigint, pledges bigint, pledge_in_force boolean,
	pledge_breaches bigint, deferral_in_force text, suspended boolean, suspended_since date, extinguished boolean,
	converted_amount bigint, distributed_amount bigint, last_event_on date, state text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT c.lg_code, c.case_id, c.atena_no, c.opened_on, s.events, s.investigations, s.seizures,
		   coalesce(f.seizures, 0), coalesce(f.seized_amount, 0), coalesce(f.participating, 0), coalesce(f.demands, 0),
		   s.pledges, coalesce(f.pledges, 0) OPERATOR(pg_catalog.>) 0, s.breaches,
		   f.deferral, coalesce(f.suspensions, 0) OPERATOR(pg_catalog.>) 0, f.suspended_since,
		   coalesce(f.extinctions, 0) OPERATOR(pg_catalog.>) 0,
		   s.converted, s.distributed, s.last_on,
		   CASE WHEN coalesce(f.extinctions, 0) OPERATOR(pg_catalog.>) 0 THEN 'extinguished'
				WHEN coalesce(f.suspensions, 0) OPERATOR(pg_catalog.>) 0 THEN 'suspended'
				WHEN f.deferral IS NOT NULL THEN 'deferred'
				WHEN coalesce(f.pledges, 0) OPERATOR(pg_catalog.>) 0 THEN 'pledged'
				WHEN coalesce(f.seizures, 0) OPERATOR(pg_catalog.+) coalesce(f.participating, 0)
					 OPERATOR(pg_catalog.+) coalesce(f.demands, 0) OPERATOR(pg_catalog.>) 0 THEN 'seized'
				WHEN s.investigations OPERATOR(pg_catalog.>) 0 THEN 'investigating'
				ELSE 'open' END
	  FROM @extschema@.delinquency_case c
	  CROSS JOIN LATERAL (
		SELECT pg_catalog.count(*) AS events,
			   pg_catalog.count(*) FILTER (WHERE e.kind OPERATOR(pg_catalog.=) 'investigation') AS investigations,
			   pg_catalog.count(*) FILTER (WHERE e.kind OPERATOR(pg_catalog.=) 'seizure') AS seizures,
			   pg_catalog.count(*) FILTER (WHERE e.kind OPERATOR(pg_catalog.=) 'pledge') AS pledges,
			   pg_catalog.count(*) FILTER (WHERE e.kind OPERATOR(pg_catalog.=) 'pledge_breach') AS breaches,
			   coalesce(pg_catalog.sum(e.amount) FILTER (WHERE e.kind OPERATOR(pg_catalog.=) 'conversion'), 0)::bigint AS converted,
			   coalesce(pg_catalog.sum(e.amount) FILTER (WHERE e.kind OPERATOR(pg_catalog.=) 'distribution'), 0)::bigint AS distributed,
			   pg_catalog.max(e.event_date) AS last_on
		  FROM @extschema@.delinquency_event e
		 WHERE e.lg_code OPERATOR(@extschema@.=) c.lg_code AND e.case_id OPERATOR(pg_catalog.=) c.case_id
		   AND e.event_date OPERATOR(pg_catalog.<=) p_as_of) s
	  CROSS JOIN LATERAL (
		SELECT pg_catalog.count(*) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'seizure') AS seizures,
			   coalesce(pg_catalog.sum(m.amount) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'seizure'), 0)::bigint AS seized_amount,
			   pg_catalog.count(*) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'participating_seizure') AS participating,
			   pg_catalog.count(*) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'demand_for_delivery') AS demands,
			   pg_catalog.count(*) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'pledge') AS pledges,
			   pg_catalog.min(m.kind) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) ANY (ARRAY['collection_deferral', 'conversion_deferral'])) AS deferral,
			   pg_catalog.count(*) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'suspension') AS suspensions,
			   pg_catalog.min(m.starts_on) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'suspension') AS suspended_since,
			   pg_catalog.count(*) FILTER (WHERE m.kind OPERATOR(pg_catalog.=) 'immediate_extinction') AS extinctions
		  FROM @extschema@.delinquency_measure m
		 WHERE m.lg_code OPERATOR(@extschema@.=) c.lg_code AND m.case_id OPERATOR(pg_catalog.=) c.case_id
		   AND m.starts_on OPERATOR(pg_catalog.<=) p_as_of
		   AND (m.last_day IS NULL OR m.last_day OPERATOR(pg_catalog.>=) p_as_of)
		   AND (m.ended_on IS NULL OR m.ended_on OPERATOR(pg_catalog.>) p_as_of)) f
$$;
COMMENT ON FUNCTION @extschema@.delinquency_case_state_on(date) IS
	'collection: counters and state of every visible delinquency case on a date, derived from its events';

CREATE VIEW @extschema@.delinquency_case_state WITH (security_invoker = true) AS
SELECT * FROM @extschema@.delinquency_case_state_on(pg_catalog.timezone('Asia/Tokyo', pg_catalog.now())::date);
COMMENT ON VIEW @extschema@.delinquency_case_state IS
	'collection: counters and state of every delinquency case today (Japan), derived from its events, never edited';

-- The measures of an installment in force on a date (for the exclusions of
-- the 督促 and 催告 runs).
CREATE FUNCTION @extschema@.installment_measures_on(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_as_of date)
RETURNS SETOF @extschema@.delinquency_measure
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT m.* FROM @extschema@.delinquency_measure m
	 WHERE m.lg_code OPERATOR(@extschema@.=) p_lg_code AND p_installment_id OPERATOR(pg_catalog.=) ANY (m.installment_ids)
	   AND m.starts_on OPERATOR(pg_catalog.<=) p_as_of
	   AND (m.last_day IS NULL OR m.last_day OPERATOR(pg_catalog.>=) p_as_of)
	   AND (m.ended_on IS NULL OR m.ended_on OPERATOR(pg_catalog.>) p_as_of)
	 ORDER BY m.starts_on, m.event_id
$$;
COMMENT ON FUNCTION @extschema@.installment_measures_on(@extschema@.lg_code, bigint, date) IS
	'collection: the delinquency measures covering an installment that are in force on a date';

-- The reduced-rate periods of an installment through as_of, as the arrays
-- zeimu.late_charge_ledger_kernel takes (法15条の9, 附則3条の2: 徴収猶予,
-- 換価猶予 and 執行停止 are charged at the 猶予特例 rate when it is lower).
-- A measure still open on as_of runs to as_of.
CREATE FUNCTION @extschema@.installment_reduced_periods(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_as_of date,
	OUT reduced_from date[], OUT reduced_to date[], OUT reduced_kind text[])
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(pg_catalog.array_agg(m.starts_on ORDER BY m.starts_on, m.event_id), '{}'),
		   coalesce(pg_catalog.array_agg(least(coalesce(m.last_day, p_as_of), p_as_of) ORDER BY m.starts_on, m.event_id), '{}'),
		   coalesce(pg_catalog.array_agg(m.kind ORDER BY m.starts_on, m.event_id), '{}')
	  FROM @extschema@.delinquency_measure m
	 WHERE m.lg_code OPERATOR(@extschema@.=) p_lg_code AND p_installment_id OPERATOR(pg_catalog.=) ANY (m.installment_ids)
	   AND m.kind OPERATOR(pg_catalog.=) ANY (ARRAY['collection_deferral', 'conversion_deferral', 'suspension'])
	   AND m.starts_on OPERATOR(pg_catalog.<=) p_as_of
	   AND least(coalesce(m.last_day, p_as_of), p_as_of) OPERATOR(pg_catalog.>=) m.starts_on
$$;
COMMENT ON FUNCTION @extschema@.installment_reduced_periods(@extschema@.lg_code, bigint, date) IS
	'collection: the 徴収猶予, 換価猶予 and 執行停止 periods of an installment through as_of, as the reduced-period arrays of late_charge_ledger_kernel';

SELECT @extschema@.protect_person_table('@extschema@.delinquency_case'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.delinquency_event'::regclass);
GRANT SELECT ON @extschema@.delinquency_case, @extschema@.delinquency_event, @extschema@.delinquency_measure,
	@extschema@.delinquency_case_state TO zeimu_collection, zeimu_delinquency;
GRANT EXECUTE ON FUNCTION @extschema@.open_delinquency_case(@extschema@.lg_code, bigint, date),
	@extschema@.record_delinquency_event(@extschema@.lg_code, bigint, text, date, date, bigint[], bigint, text, bigint, jsonb, text),
	@extschema@.delinquency_case_state_on(date),
	@extschema@.installment_measures_on(@extschema@.lg_code, bigint, date),
	@extschema@.installment_principal_paid_by(@extschema@.lg_code, bigint, date),
	@extschema@.installment_reduced_periods(@extschema@.lg_code, bigint, date),
	@extschema@.delinquency_event_article(text) TO zeimu_collection, zeimu_delinquency;
