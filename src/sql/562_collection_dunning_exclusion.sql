-- collection: what keeps an installment out of the 督促 and 催告 runs, and
-- the skip list the clerk reads.  doc/collection.md §9.
--
-- Holds set by the clerk (督促停止, 返戻) live in collection_dunning_hold;
-- the delinquency measures (徴収猶予, 換価猶予, 分納誓約, 差押, 参加差押,
-- 執行停止, 即時消滅) come from the events (561); a written-off installment
-- (566) is never dunned again.

CREATE TABLE @extschema@.collection_dunning_hold (
	lg_code @extschema@.lg_code NOT NULL CHECK (lg_code OPERATOR(@extschema@.<>) '000000'::@extschema@.lg_code),
	hold_id bigint GENERATED ALWAYS AS IDENTITY,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	installment_id bigint,						-- NULL: every installment of the person
	kind text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['dunning_stop', 'returned_notice'])),
	from_date date NOT NULL CHECK (pg_catalog.isfinite(from_date)),
	to_date date CHECK (to_date >= from_date),	-- NULL: until lifted
	reason text NOT NULL CHECK (pg_catalog.length(reason) BETWEEN 1 AND 400),
	recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by text NOT NULL DEFAULT session_user,
	lifted_at timestamptz,
	lifted_by text,
	PRIMARY KEY (lg_code, hold_id),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_installment (lg_code, installment_id)
);
COMMENT ON TABLE @extschema@.collection_dunning_hold IS
	'collection: 督促停止 (dunning suspended by the clerk) and 返戻 (the notice came back undeliverable) per person or installment, with the period';

-- One line per installment a run left out, and why.
CREATE TABLE @extschema@.collection_dunning_skip (
	lg_code @extschema@.lg_code NOT NULL,
	run_kind text NOT NULL CHECK (run_kind OPERATOR(pg_catalog.=) ANY (ARRAY['dunning', 'reminder'])),
	run_date date NOT NULL,
	installment_id bigint NOT NULL,
	round smallint NOT NULL DEFAULT 0,				-- 催告 round (0 for the 督促)
	atena_no bigint NOT NULL,
	reason text NOT NULL,							-- dunning_stop, returned_notice, collection_deferral, ...
	detail text NOT NULL,							-- the hold or event and its article
	recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	PRIMARY KEY (lg_code, run_kind, run_date, installment_id, round),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_installment (lg_code, installment_id)
);
COMMENT ON TABLE @extschema@.collection_dunning_skip IS
	'collection: the installments a 督促 or 催告 run left out, with the reason (skip list for the clerk)';

-- Why an installment is excluded on a date (NULL: it is not).  The first
-- ground in this order: written off, 即時消滅, 執行停止, 徴収猶予, 換価猶予,
-- 分納誓約, 差押 / 参加差押, 督促停止, 返戻.
CREATE FUNCTION @extschema@.installment_exclusion(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_as_of date,
	OUT reason text, OUT detail text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	m record;
	h record;
	v_atena bigint;
BEGIN
	SELECT i.atena_no INTO v_atena FROM @extschema@.collection_installment i
	 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.installment_id OPERATOR(pg_catalog.=) p_installment_id;
	IF EXISTS (SELECT FROM @extschema@.collection_write_off w
			   WHERE w.lg_code OPERATOR(@extschema@.=) p_lg_code AND w.installment_id OPERATOR(pg_catalog.=) p_installment_id
				 AND w.written_off_on OPERATOR(pg_catalog.<=) p_as_of) THEN
		reason := 'written_off';
		detail := '不納欠損 (the right to collect is extinguished)';
		RETURN;
	END IF;
	SELECT x.kind, x.event_id, x.starts_on INTO m
	  FROM @extschema@.installment_measures_on(p_lg_code, p_installment_id, p_as_of) x
	 WHERE x.kind OPERATOR(pg_catalog.<>) 'demand_for_delivery'
	 ORDER BY pg_catalog.array_position(ARRAY['immediate_extinction', 'suspension', 'collection_deferral',
			'conversion_deferral', 'pledge', 'seizure', 'participating_seizure'], x.kind), x.starts_on
	 LIMIT 1;
	IF FOUND THEN
		reason := m.kind;
		detail := pg_catalog.format('event %s of %s: %s', m.event_id, m.starts_on, @extschema@.delinquency_event_article(m.kind));
		RETURN;
	END IF;
	SELECT x.kind, x.hold_id, x.from_date, x.reason INTO h
	  FROM @extschema@.collection_dunning_hold x
	 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.atena_no OPERATOR(pg_catalog.=) v_atena
	   AND (x.installment_id IS NULL OR x.installment_id OPERATOR(pg_catalog.=) p_installment_id)
	   AND x.from_date OPERATOR(pg_catalog.<=) p_as_of AND (x.to_date IS NULL OR x.to_date OPERATOR(pg_catalog.>=) p_as_of)
	 ORDER BY pg_catalog.array_position(ARRAY['dunning_stop', 'returned_notice'], x.kind), x.from_date
	 LIMIT 1;
	IF FOUND THEN
		reason := h.kind;
		detail := pg_catalog.format('hold %s from %s: %s', h.hold_id, h.from_date, h.reason);
	END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.installment_exclusion(@extschema@.lg_code, bigint, date) IS
	'collection: why an installment is left out of the 督促 and 催告 runs on a date (written off, 即時消滅, 執行停止, 猶予, 分納誓約, 差押, 督促停止, 返戻), or NULL';

-- Place a hold (督促停止 or 返戻).  Returns its id.
CREATE FUNCTION @extschema@.place_dunning_hold(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_kind text,
	p_from date, p_reason text, p_installment_id bigint DEFAULT NULL, p_to date DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_kind IS NULL OR p_from IS NULL
	   OR p_reason IS NULL OR pg_catalog.btrim(p_reason) OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'municipality, person, kind, start and reason of the hold are required'
			USING ERRCODE = '22004', DETAIL = 'A hold says whose dunning stops, from when and why.',
				  HINT = 'Pass every argument; the reason is read by the next clerk.';
	END IF;
	IF p_kind OPERATOR(pg_catalog.<>) ALL (ARRAY['dunning_stop', 'returned_notice']) THEN
		RAISE EXCEPTION 'unknown hold kind "%"', p_kind
			USING ERRCODE = '22023', DETAIL = 'The kinds are dunning_stop (督促停止) and returned_notice (返戻).',
				  HINT = 'Use one of the kinds listed.';
	END IF;
	IF NOT pg_catalog.isfinite(p_from) OR (p_to IS NOT NULL AND NOT pg_catalog.isfinite(p_to)) THEN
		RAISE EXCEPTION 'hold date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The dates must be calendar dates.', HINT = 'Pass NULL as the end of an open hold.';
	END IF;
	IF p_to OPERATOR(pg_catalog.<) p_from THEN
		RAISE EXCEPTION 'the hold ends before it starts'
			USING ERRCODE = '22023', DETAIL = 'The end date precedes the start date.', HINT = 'Correct the dates.';
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.collection_installment i
				   WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no
					 AND (p_installment_id IS NULL OR i.installment_id OPERATOR(pg_catalog.=) p_installment_id)) THEN
		RAISE EXCEPTION 'no such installment of person % in municipality %', p_atena_no, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'A hold is placed on a person''s installments.',
				  HINT = 'Check the atena and installment numbers.';
	END IF;
	INSERT INTO @extschema@.collection_dunning_hold (lg_code, atena_no, installment_id, kind, from_date, to_date, reason)
	VALUES (p_lg_code, p_atena_no, p_installment_id, p_kind, p_from, p_to, p_reason)
	RETURNING hold_id INTO v_id;
	RETURN v_id;
END
$$;
COMMENT ON FUNCTION @extschema@.place_dunning_hold(@extschema@.lg_code, bigint, text, date, text, bigint, date) IS
	'collection: places a 督促停止 or 返戻 hold on a person (or one installment) from a date; returns its id';

-- Lift a hold from a date on (its last day becomes the day before).
CREATE FUNCTION @extschema@.lift_dunning_hold(p_lg_code @extschema@.lg_code, p_hold_id bigint, p_from date)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	h @extschema@.collection_dunning_hold;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	IF p_lg_code IS NULL OR p_hold_id IS NULL OR p_from IS NULL THEN
		RAISE EXCEPTION 'municipality, hold and date are required'
			USING ERRCODE = '22004', DETAIL = 'Lifting names the hold and the first day without it.', HINT = 'Pass every argument.';
	END IF;
	SELECT * INTO h FROM @extschema@.collection_dunning_hold x
	 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.hold_id OPERATOR(pg_catalog.=) p_hold_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'hold % of municipality % not found', p_hold_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No hold has that number.', HINT = 'Check the hold number.';
	END IF;
	IF h.lifted_at IS NOT NULL THEN
		RAISE EXCEPTION 'hold % was already lifted', p_hold_id
			USING ERRCODE = '55000', DETAIL = pg_catalog.format('Its last day is %s.', h.to_date), HINT = 'Place a new hold if needed.';
	END IF;
	IF p_from OPERATOR(pg_catalog.<=) h.from_date THEN
		RAISE EXCEPTION 'a hold is lifted after the day it starts'
			USING ERRCODE = '22023', DETAIL = pg_catalog.format('The hold starts on %s.', h.from_date), HINT = 'Pass a later date.';
	END IF;
	UPDATE @extschema@.collection_dunning_hold x
	   SET to_date = least(coalesce(x.to_date, 'infinity'::date), p_from OPERATOR(pg_catalog.-) 1),
		   lifted_at = pg_catalog.now(), lifted_by = session_user
	 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.hold_id OPERATOR(pg_catalog.=) p_hold_id;
END
$$;
COMMENT ON FUNCTION @extschema@.lift_dunning_hold(@extschema@.lg_code, bigint, date) IS
	'collection: lifts a 督促停止 or 返戻 hold from a date on';

SELECT @extschema@.protect_person_table('@extschema@.collection_dunning_hold'::regclass);
SELECT @extschema@.protect_person_table('@extschema@.collection_dunning_skip'::regclass);
GRANT SELECT ON @extschema@.collection_dunning_hold, @extschema@.collection_dunning_skip TO zeimu_collection, zeimu_delinquency;
GRANT EXECUTE ON FUNCTION @extschema@.installment_exclusion(@extschema@.lg_code, bigint, date),
	@extschema@.place_dunning_hold(@extschema@.lg_code, bigint, text, date, text, bigint, date),
	@extschema@.lift_dunning_hold(@extschema@.lg_code, bigint, date) TO zeimu_collection, zeimu_delinquency;
