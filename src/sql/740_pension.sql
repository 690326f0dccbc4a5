-- pension: national pension (国民年金) insured persons, notifications at the
-- counter with the identity check, premium exemption applications with the
-- income facts taken through a registered transfer, and the provision of
-- notifications to 日本年金機構.  doc/pension.md.  Seed 002 Part A.

CREATE TABLE @extschema@.pension_insured (
	lg_code			@extschema@.lg_code NOT NULL,
	atena_no		bigint NOT NULL,
	acquired_on		date NOT NULL,		-- 資格取得日
	category		smallint NOT NULL CHECK (category = ANY (ARRAY[1, 3]::smallint[])),	-- 第1号 / 第3号被保険者
	acquisition_reason text NOT NULL,
	lost_on			date,				-- 資格喪失日
	loss_reason		text,
	notification_id	bigint NOT NULL,	-- the notification that opened the period
	PRIMARY KEY (lg_code, atena_no, acquired_on),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person,
	CHECK (lost_on IS NULL OR lost_on >= acquired_on),
	CHECK ((lost_on IS NULL) = (loss_reason IS NULL))
);
CREATE UNIQUE INDEX pension_insured_open_idx ON @extschema@.pension_insured (lg_code, atena_no) WHERE lost_on IS NULL;
COMMENT ON TABLE @extschema@.pension_insured IS '国民年金 被保険者: category 1/3, acquisition and loss dates with reasons';

CREATE TABLE @extschema@.pension_notification (
	lg_code			@extschema@.lg_code NOT NULL,
	notification_id	bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,
	kind			text NOT NULL CHECK (kind = ANY (ARRAY['acquisition', 'loss', 'category_change', 'exemption_application'])),
	category		smallint CHECK (category = ANY (ARRAY[1, 3]::smallint[])),
	event_date		date NOT NULL,
	reason			text NOT NULL CHECK (reason <> ''),
	submitter		text NOT NULL CHECK (submitter = ANY (ARRAY['self', 'agent'])),	-- 本人 / 代理人 (R-002-16)
	agent_name		text,
	verification_id	bigint NOT NULL,	-- 本人確認 at the counter (002 A.3 1)
	received_on		date NOT NULL DEFAULT CURRENT_DATE,
	received_by		text NOT NULL,
	provision_id	bigint,				-- set when provided to 日本年金機構
	PRIMARY KEY (lg_code, notification_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person,
	FOREIGN KEY (lg_code, verification_id) REFERENCES @extschema@.identity_verification,
	FOREIGN KEY (lg_code, provision_id) REFERENCES @extschema@.provision_record,
	CHECK ((submitter = 'agent') = (agent_name IS NOT NULL)),
	CHECK (kind NOT IN ('acquisition', 'category_change') OR category IS NOT NULL)
);
CREATE INDEX ON @extschema@.pension_notification (lg_code, atena_no);
CREATE INDEX ON @extschema@.pension_notification (lg_code, received_on) WHERE provision_id IS NULL;
COMMENT ON TABLE @extschema@.pension_notification IS '国民年金の届出 received at the counter (国民年金法第12条, 第105条), with the identity check';

-- Income facts from the inhabitant-tax data: the latest assessment version
-- (decision or correction) per person and fiscal year of the inhabitant
-- batch (src/sql/470_levy_inhabitant_batch.sql, zeimu.levy_inhabitant).
-- The pension side never reads this view itself: the item income_facts of
-- the registered transfer pension_section / ordinance_9_2 (番号法第9条第2項
-- ordinance; 国民年金法第90条) does, inside a recorded transfer.
--   total_income  合計所得金額 (breakdown total_income)
--   gross_income  総所得金額等 (breakdown gross_income)
--   dependents    扶養親族等の数 = household_size - 1 (同一生計配偶者 and
--                 扶養親族, those under 16 included)
--   tax_exempt    住民税非課税 (均等割 and 所得割): total 0
--   nontaxable    the batch's 非課税 reason (none, income_levy_threshold,
--                 per_capita_threshold, special_status, public_assistance)
-- Fiscal year Y is assessed on the income of Y-1: the year a premium
-- exemption for July Y .. June Y+1 is judged on (国民年金法第90条: 前年の所得).
CREATE VIEW @extschema@.inhabitant_income_for_pension WITH (security_invoker = true) AS
	SELECT a.lg_code, a.fiscal_year, a.atena_no, a.version AS assessment_version,
		   (a.breakdown OPERATOR(pg_catalog.->>) 'total_income')::bigint AS total_income,
		   (a.breakdown OPERATOR(pg_catalog.->>) 'gross_income')::bigint AS gross_income,
		   GREATEST((a.breakdown OPERATOR(pg_catalog.->>) 'household_size')::integer OPERATOR(pg_catalog.-) 1, 0) AS dependents,
		   a.total OPERATOR(pg_catalog.=) 0 AS tax_exempt,
		   a.breakdown OPERATOR(pg_catalog.->>) 'nontaxable' AS nontaxable,
		   a.decided_on
	FROM @extschema@.inhabitant_assessment a
	WHERE NOT EXISTS (SELECT FROM @extschema@.inhabitant_assessment n
					  WHERE n.lg_code OPERATOR(@extschema@.=) a.lg_code AND n.fiscal_year OPERATOR(pg_catalog.=) a.fiscal_year
						AND n.atena_no OPERATOR(pg_catalog.=) a.atena_no AND n.version OPERATOR(pg_catalog.>) a.version);
COMMENT ON VIEW @extschema@.inhabitant_income_for_pension IS
	'the inhabitant-tax income facts (latest assessment version) a premium exemption is judged on; read only by the pension_section transfer';

CREATE TABLE @extschema@.pension_exemption_application (
	lg_code			@extschema@.lg_code NOT NULL,
	application_id	bigint GENERATED ALWAYS AS IDENTITY,
	atena_no		bigint NOT NULL,
	fiscal_year		integer NOT NULL,	-- the inhabitant-tax year whose income is judged
	exemption_kind	text NOT NULL CHECK (exemption_kind = ANY (ARRAY['full', 'three_quarter', 'half', 'quarter',
																	  'student', 'deferral'])),
	notification_id	bigint NOT NULL,
	income_source	text NOT NULL CHECK (income_source = ANY (ARRAY['inhabitant_tax', 'declaration'])),
	income_transfer_id bigint NOT NULL,	-- the provision record of the transfer that was consulted
	income_facts	jsonb NOT NULL,		-- see zeimu.inhabitant_income_for_pension / the 所得の申立書
	status			text NOT NULL DEFAULT 'received' CHECK (status = ANY (ARRAY['received', 'provided'])),
	PRIMARY KEY (lg_code, application_id),
	FOREIGN KEY (lg_code, atena_no) REFERENCES @extschema@.person,
	FOREIGN KEY (lg_code, notification_id) REFERENCES @extschema@.pension_notification,
	FOREIGN KEY (lg_code, income_transfer_id) REFERENCES @extschema@.provision_record
);
COMMENT ON TABLE @extschema@.pension_exemption_application IS '保険料免除申請 with the income facts it is judged on (taken by a recorded transfer)';

-- RLS: pension data for pension staff only (interim policies;
-- 795_provision_access.sql replaces pension_interim_* with the access module's).
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['pension_insured', 'pension_notification', 'pension_exemption_application']
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
		EXECUTE pg_catalog.format('CREATE POLICY pension_interim_select ON @extschema@.%I FOR SELECT TO zeimu_pension USING (true)', t);
	END LOOP;
END
$$;

-- The pension functions are for pension staff (and superusers).
CREATE FUNCTION @extschema@.pension_require_staff() RETURNS void
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	IF NOT pg_catalog.pg_has_role(session_user, 'zeimu_pension', 'MEMBER') THEN
		RAISE EXCEPTION 'national pension functions are for members of zeimu_pension' USING ERRCODE = '42501';
	END IF;
END
$$;

-- Item function for extracts: the person's notifications not yet provided.
CREATE FUNCTION @extschema@.pension_notification_item(p_lg_code @extschema@.lg_code, p_atena_no bigint) RETURNS jsonb
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
				'notification_id', n.notification_id, 'kind', n.kind, 'category', n.category,
				'event_date', n.event_date, 'reason', n.reason, 'submitter', n.submitter, 'received_on', n.received_on)
			ORDER BY n.notification_id), '[]')
	FROM @extschema@.pension_notification n
	WHERE n.lg_code OPERATOR(@extschema@.=) p_lg_code AND n.atena_no = p_atena_no AND n.provision_id IS NULL
$$;

-- Item function for the transfer: income facts per fiscal year, from the
-- latest assessment version.  pension_apply_exemption narrows the transfer
-- to the one year it judges through the transaction-local setting
-- zeimu_pension.income_year (data minimisation); unset, every assessed year.
CREATE FUNCTION @extschema@.pension_income_facts_item(p_lg_code @extschema@.lg_code, p_atena_no bigint) RETURNS jsonb
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT coalesce(pg_catalog.jsonb_object_agg(f.fiscal_year::text, pg_catalog.jsonb_build_object(
				'total_income', f.total_income, 'gross_income', f.gross_income, 'dependents', f.dependents,
				'tax_exempt', f.tax_exempt, 'nontaxable', f.nontaxable, 'assessment_version', f.assessment_version,
				'decided_on', f.decided_on)), '{}')
	FROM @extschema@.inhabitant_income_for_pension f
	WHERE f.lg_code OPERATOR(@extschema@.=) p_lg_code AND f.atena_no = p_atena_no
	  AND (nullif(pg_catalog.current_setting('zeimu_pension.income_year', true), '') IS NULL
		   OR f.fiscal_year = nullif(pg_catalog.current_setting('zeimu_pension.income_year', true), '')::integer)
$$;

-- zeimu.pension_receive_notification: a notification at the counter.  The
-- identity check is recorded in the registry (identity_verification) and
-- the insured-person periods follow the notification.
CREATE FUNCTION @extschema@.pension_receive_notification(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_kind text,
		p_category smallint, p_event_date date, p_reason text, p_submitter text, p_id_method text,
		p_agent_name text DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	vid bigint;
	nid bigint;
	pkind text;
	open_row @extschema@.pension_insured;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['pension']);
	PERFORM @extschema@.pension_require_staff();
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_kind IS NULL OR p_event_date IS NULL
	   OR coalesce(p_reason, '') = '' OR p_submitter IS NULL THEN
		RAISE EXCEPTION 'lg_code, atena_no, kind, event date, reason and submitter are required' USING ERRCODE = '22004';
	END IF;
	IF p_kind <> ALL (ARRAY['acquisition', 'loss', 'category_change', 'exemption_application']) THEN
		RAISE EXCEPTION 'unknown notification kind "%"', p_kind USING ERRCODE = '22023',
			HINT = 'acquisition, loss, category_change or exemption_application.';
	END IF;
	IF p_submitter <> ALL (ARRAY['self', 'agent']) OR ((p_submitter = 'agent') <> (coalesce(p_agent_name, '') <> '')) THEN
		RAISE EXCEPTION 'submitter must be self, or agent with the agent''s name' USING ERRCODE = '22023';
	END IF;
	IF p_kind IN ('acquisition', 'category_change') AND (p_category IS NULL OR p_category <> ALL (ARRAY[1, 3]::smallint[])) THEN
		RAISE EXCEPTION 'the category must be 1 or 3' USING ERRCODE = '22023',
			DETAIL = 'The municipality receives notifications of 第1号 and 第3号被保険者.';
	END IF;
	IF p_event_date > CURRENT_DATE THEN
		RAISE EXCEPTION 'the event date % lies in the future', p_event_date USING ERRCODE = '22023';
	END IF;
	IF coalesce(p_id_method, '') = '' THEN
		PERFORM @extschema@.provision_refuse('ZP020', p_lg_code::text, 'pension',
			'a notification is accepted only after the identity check', 'No identity-check method was given.',
			'mynumber_card, notification_card, id_document or interview.');
	END IF;
	SELECT kind INTO pkind FROM @extschema@.person WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'person % not found in municipality %', p_atena_no, p_lg_code USING ERRCODE = 'P0002';
	END IF;
	IF pkind <> 'individual' THEN
		RAISE EXCEPTION 'a national pension notification needs an individual' USING ERRCODE = '22023',
			DETAIL = pg_catalog.format('Atena %s is a corporation.', p_atena_no);
	END IF;
	vid := @extschema@.record_verification(p_lg_code, p_atena_no, p_id_method, @extschema@.provision_staff(),
										   CURRENT_DATE, 'national pension notification (' || p_kind || ')');

	SELECT * INTO open_row FROM @extschema@.pension_insured
		WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no AND lost_on IS NULL FOR UPDATE;
	IF p_kind = 'acquisition' AND FOUND THEN
		PERFORM @extschema@.provision_refuse('ZP021', p_lg_code::text, 'pension',
			pg_catalog.format('atena %s is already insured since %s', p_atena_no, open_row.acquired_on), NULL,
			'Use a loss or category_change notification.');
	ELSIF p_kind IN ('loss', 'category_change') AND NOT FOUND THEN
		PERFORM @extschema@.provision_refuse('ZP021', p_lg_code::text, 'pension',
			pg_catalog.format('atena %s has no open insured period', p_atena_no), NULL, NULL);
	ELSIF p_kind IN ('loss', 'category_change') AND p_event_date < open_row.acquired_on THEN
		RAISE EXCEPTION 'the event date % precedes the acquisition on %', p_event_date, open_row.acquired_on
			USING ERRCODE = '22023';
	END IF;

	INSERT INTO @extschema@.pension_notification (lg_code, atena_no, kind, category, event_date, reason, submitter,
												  agent_name, verification_id, received_by)
		VALUES (p_lg_code, p_atena_no, p_kind, p_category, p_event_date, p_reason, p_submitter,
				nullif(p_agent_name, ''), vid, @extschema@.provision_staff())
		RETURNING notification_id INTO nid;

	IF p_kind = 'acquisition' THEN
		INSERT INTO @extschema@.pension_insured (lg_code, atena_no, acquired_on, category, acquisition_reason, notification_id)
			VALUES (p_lg_code, p_atena_no, p_event_date, p_category, p_reason, nid);
	ELSIF p_kind = 'loss' THEN
		UPDATE @extschema@.pension_insured SET lost_on = p_event_date, loss_reason = p_reason
		 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no AND acquired_on = open_row.acquired_on;
	ELSIF p_kind = 'category_change' THEN
		UPDATE @extschema@.pension_insured SET lost_on = p_event_date, loss_reason = 'category_change: ' || p_reason
		 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no AND acquired_on = open_row.acquired_on;
		INSERT INTO @extschema@.pension_insured (lg_code, atena_no, acquired_on, category, acquisition_reason, notification_id)
			VALUES (p_lg_code, p_atena_no, p_event_date, p_category, 'category_change: ' || p_reason, nid);
	END IF;
	RETURN nid;
END
$$;

-- zeimu.pension_apply_exemption: a premium exemption application.  The
-- income facts come from the inhabitant-tax data through the registered
-- transfer pension_section / ordinance_9_2 (recorded like every transfer,
-- and logged in the access log); only when the person has no assessment of
-- that year here (moved in after 1 January, no declaration filed) may the
-- applicant's 所得の申立書 (p_declared_income) stand in for it.
CREATE FUNCTION @extschema@.pension_apply_exemption(p_lg_code @extschema@.lg_code, p_atena_no bigint, p_fiscal_year integer,
		p_exemption_kind text, p_submitter text, p_id_method text, p_agent_name text DEFAULT NULL,
		p_declared_income jsonb DEFAULT NULL)
	RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	nid bigint;
	x @extschema@.provision_extract;
	facts jsonb;
	src text := 'inhabitant_tax';
	bad text;
	id bigint;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['pension']);
	PERFORM @extschema@.pension_require_staff();
	IF p_lg_code IS NULL OR p_atena_no IS NULL OR p_fiscal_year IS NULL OR p_exemption_kind IS NULL THEN
		RAISE EXCEPTION 'lg_code, atena_no, fiscal year and exemption kind are required' USING ERRCODE = '22004';
	END IF;
	IF p_exemption_kind <> ALL (ARRAY['full', 'three_quarter', 'half', 'quarter', 'student', 'deferral']) THEN
		RAISE EXCEPTION 'unknown exemption kind "%"', p_exemption_kind USING ERRCODE = '22023',
			HINT = 'The kinds are full, three_quarter, half, quarter, student and deferral.';
	END IF;
	IF p_declared_income IS NOT NULL THEN
		IF pg_catalog.jsonb_typeof(p_declared_income) <> 'object' THEN
			RAISE EXCEPTION 'the declared income must be a JSON object' USING ERRCODE = '22023',
				HINT = 'Give {"total_income": yen, "dependents": count, "note": text}.';
		END IF;
		SELECT k INTO bad FROM pg_catalog.jsonb_object_keys(p_declared_income) k
		 WHERE k <> ALL (ARRAY['total_income', 'dependents', 'note']) LIMIT 1;
		IF bad IS NOT NULL THEN
			RAISE EXCEPTION 'unknown key "%" in the declared income', bad USING ERRCODE = '22023',
				HINT = 'The keys are total_income, dependents and note.';
		END IF;
		IF coalesce(p_declared_income ->> 'total_income', '') !~ '^[0-9]{1,13}$'
		   OR coalesce(p_declared_income ->> 'dependents', '') !~ '^[0-9]{1,2}$'
		   OR pg_catalog.jsonb_typeof(p_declared_income -> 'total_income') <> 'number'
		   OR pg_catalog.jsonb_typeof(p_declared_income -> 'dependents') <> 'number' THEN
			RAISE EXCEPTION 'the declared income needs total_income (whole yen) and dependents (a count)' USING ERRCODE = '22023',
				DETAIL = 'Both are whole, non-negative numbers.';
		END IF;
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.pension_insured
				   WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND atena_no = p_atena_no AND lost_on IS NULL AND category = 1) THEN
		PERFORM @extschema@.provision_refuse('ZP021', p_lg_code::text, 'pension',
			pg_catalog.format('atena %s is not an insured person of category 1', p_atena_no),
			'Premium exemption applies to 第1号被保険者 only (国民年金法第90条).', NULL);
	END IF;
	-- The transfer carries the one year judged (see pension_income_facts_item).
	PERFORM pg_catalog.set_config('zeimu_pension.income_year', p_fiscal_year::text, true);
	x := @extschema@.provision_build('transfer', p_lg_code, 'pension_section', 'ordinance_9_2',
									 ARRAY['name', 'income_facts'], ARRAY[p_atena_no], NULL, NULL, NULL, NULL);
	PERFORM pg_catalog.set_config('zeimu_pension.income_year', '', true);
	PERFORM @extschema@.log_access(p_lg_code, p_atena_no, 'pension_income_transfer', 'pension_exemption');
	facts := x.payload -> 0 -> 'income_facts' -> p_fiscal_year::text;
	IF facts IS NOT NULL AND p_declared_income IS NOT NULL THEN
		RAISE EXCEPTION 'the inhabitant tax of fiscal year % is assessed here: the application is judged on it', p_fiscal_year
			USING ERRCODE = '22023', HINT = 'Leave the declared income out; a 所得の申立書 is only for income not assessed here.';
	ELSIF facts IS NULL AND p_declared_income IS NULL THEN
		RAISE EXCEPTION 'no inhabitant-tax income facts for atena % in fiscal year %', p_atena_no, p_fiscal_year
			USING ERRCODE = 'P0002',
			HINT = 'Judge it once the inhabitant tax of that year is assessed here, or take the applicant''s 所得の申立書 (declared income).';
	ELSIF facts IS NULL THEN
		src := 'declaration';
		facts := pg_catalog.jsonb_build_object('total_income', (p_declared_income ->> 'total_income')::bigint,
											   'dependents', (p_declared_income ->> 'dependents')::integer,
											   'declared', true)
				 || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('note', p_declared_income ->> 'note'));
	END IF;
	nid := @extschema@.pension_receive_notification(p_lg_code, p_atena_no, 'exemption_application', NULL::smallint,
													CURRENT_DATE, 'premium exemption: ' || p_exemption_kind,
													p_submitter, p_id_method, p_agent_name);
	INSERT INTO @extschema@.pension_exemption_application (lg_code, atena_no, fiscal_year, exemption_kind, notification_id,
														   income_source, income_transfer_id, income_facts)
		VALUES (p_lg_code, p_atena_no, p_fiscal_year, p_exemption_kind, nid, src, x.provision_id, facts)
		RETURNING application_id INTO id;
	RETURN id;
END
$$;

-- zeimu.pension_provide_to_jps: every notification not yet provided,
-- received up to p_through, goes to 日本年金機構 in one encrypted extract
-- (password specified by the recipient), after the pre-check, with a
-- provision record.  Returns NULL when there is nothing to provide.
-- Idempotent: provided notifications carry the provision id.
CREATE FUNCTION @extschema@.pension_provide_to_jps(p_lg_code @extschema@.lg_code, p_password text,
												  p_through date DEFAULT CURRENT_DATE)
	RETURNS @extschema@.provision_extract
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	SET log_min_error_statement = panic	-- the statement may hold the recipient's password
	AS $$
DECLARE
	subj bigint[];
	x @extschema@.provision_extract;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['pension']);
	PERFORM @extschema@.pension_require_staff();
	IF p_lg_code IS NULL OR p_through IS NULL THEN
		RAISE EXCEPTION 'lg_code and the closing date are required' USING ERRCODE = '22004';
	END IF;
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu.pension_provide_to_jps'), pg_catalog.hashtext(p_lg_code::text));
	SELECT pg_catalog.array_agg(DISTINCT atena_no ORDER BY atena_no) INTO subj
		FROM @extschema@.pension_notification
		WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND provision_id IS NULL AND received_on <= p_through;
	IF subj IS NULL THEN
		RAISE NOTICE 'no notification waits for provision to 日本年金機構';
		RETURN NULL;
	END IF;
	x := @extschema@.provision_build('provide', p_lg_code, 'jps', 'bangou_19',
									 ARRAY['mynumber', 'name', 'name_kana', 'sex', 'birth_date', 'address', 'pension_notification'],
									 subj, p_password, NULL, NULL, NULL);
	UPDATE @extschema@.pension_notification SET provision_id = x.provision_id
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND provision_id IS NULL AND received_on <= p_through;
	UPDATE @extschema@.pension_exemption_application a SET status = 'provided'
	  FROM @extschema@.pension_notification n
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code AND n.lg_code OPERATOR(@extschema@.=) a.lg_code AND n.notification_id = a.notification_id
	   AND n.provision_id = x.provision_id;
	RAISE NOTICE '% notification record(s) of % person(s) provided to 日本年金機構 as provision %',
		(SELECT pg_catalog.count(*) FROM @extschema@.pension_notification WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND provision_id = x.provision_id),
		x.record_count, x.provision_id;
	RETURN x;
END
$$;
