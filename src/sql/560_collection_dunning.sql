-- collection: the 督促 run (地方税法第329条① 住民税, 第371条① 固定資産税):
-- a 督促状 for every installment unpaid after its 納期限, once per
-- installment, with the 督促手数料 of the 条例 in force.

-- 督促手数料 is set by 条例 (e.g. ¥100, 富田林市税外収入条例第2条); there is
-- no national amount, so the national row is 0 until the municipality adds
-- its own.
CREATE TABLE @extschema@.collection_dunning_fee (
	lg_code @extschema@.lg_code NOT NULL,
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	fee bigint NOT NULL CHECK (fee BETWEEN 0 AND 100000),
	source text NOT NULL,
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.collection_dunning_fee IS
	'collection: 督促手数料 per 督促状 by 条例, by municipality and the date it applies from; national row 0 (no national amount)';
INSERT INTO @extschema@.collection_dunning_fee VALUES
	('000000', DATE '1950-07-31', 0, '督促手数料は条例で定める (domain_rules §6.3); no national amount');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_dunning_fee', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
GRANT SELECT ON @extschema@.collection_dunning_fee TO zeimu_user;

-- The checks a 督促 or 催告 run makes before it starts, and its lock (one
-- run of a kind per municipality at a time, held to the end of the
-- transaction).
CREATE FUNCTION @extschema@.collection_run_begin(p_lg_code @extschema@.lg_code, p_as_of date, p_run text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_lg_code IS NULL OR p_as_of IS NULL THEN
		RAISE EXCEPTION 'municipality and as-of date are required'
			USING ERRCODE = '22004', DETAIL = pg_catalog.format('A %s run is for one municipality on one day.', p_run),
				  HINT = 'Pass the lg_code and the issue date.';
	END IF;
	IF NOT pg_catalog.isfinite(p_as_of) THEN
		RAISE EXCEPTION 'as-of date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The issue date must be a calendar date.', HINT = 'Pass the date itself, not infinity.';
	END IF;
	IF p_lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code THEN
		RAISE EXCEPTION 'a % run needs a municipality', p_run
			USING ERRCODE = '22023', DETAIL = '000000 stands for the national standard, which has no installments.',
				  HINT = 'Pass the municipality''s own code.';
	END IF;
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('zeimu ' OPERATOR(pg_catalog.||) p_run OPERATOR(pg_catalog.||) ' run'),
			pg_catalog.hashtext(p_lg_code::text)) THEN
		RAISE EXCEPTION 'another % run for municipality % is in progress', p_run, p_lg_code
			USING ERRCODE = '55P03', DETAIL = pg_catalog.format('Only one %s run per municipality runs at a time.', p_run),
				  HINT = 'Wait for it to finish, then run again: what was already issued is skipped.';
	END IF;
END
$$;

-- CALL zeimu.issue_dunning(lg_code, as_of, issued => NULL, skipped => NULL, late => NULL)
-- Issues a 督促 dated as_of for every installment of the municipality whose
-- 納期限 is before as_of, whose 本税 received by as_of falls short, that
-- has no 督促 yet and is not excluded (zeimu.installment_exclusion: 不納欠損,
-- 即時消滅, 執行停止, 徴収猶予 — 法329条② —, 換価猶予, 分納誓約, 差押,
-- 督促停止, 返戻).  Each excluded installment gets one line in
-- collection_dunning_skip (per run day).  A 督促 issued after its deadline
-- (納期限 + 20 days, 法329条①) is still valid (訓示規定) and is counted in
-- `late` and listed by collection_dunning_late.  Idempotent (a second run
-- issues nothing), one run per municipality at a time (advisory lock), all
-- or nothing (one transaction).
CREATE PROCEDURE @extschema@.issue_dunning(p_lg_code @extschema@.lg_code, p_as_of date, INOUT issued integer DEFAULT NULL,
	INOUT skipped integer DEFAULT NULL, INOUT late integer DEFAULT NULL)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_fee bigint;
	c record;
	x record;
	v_deadline date;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	PERFORM @extschema@.collection_run_begin(p_lg_code, p_as_of, 'dunning');

	SELECT f.fee INTO v_fee FROM @extschema@.collection_dunning_fee f
	 WHERE (f.lg_code OPERATOR(@extschema@.=) p_lg_code OR f.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND f.valid_from OPERATOR(pg_catalog.<=) p_as_of
	 ORDER BY f.valid_from DESC, (f.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC LIMIT 1;

	issued := 0;
	skipped := 0;
	late := 0;
	FOR c IN
		SELECT i.lg_code, i.installment_id, i.atena_no, i.due_date
		  FROM @extschema@.collection_installment i
		 WHERE i.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND i.due_date OPERATOR(pg_catalog.<) p_as_of
		   AND i.principal OPERATOR(pg_catalog.>) @extschema@.installment_principal_paid_by(i.lg_code, i.installment_id, p_as_of)
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_dunning d
						   WHERE d.lg_code OPERATOR(@extschema@.=) i.lg_code
							 AND d.installment_id OPERATOR(pg_catalog.=) i.installment_id)
		 ORDER BY i.installment_id
	LOOP
		x := @extschema@.installment_exclusion(c.lg_code, c.installment_id, p_as_of);
		IF x.reason IS NOT NULL THEN
			INSERT INTO @extschema@.collection_dunning_skip (lg_code, run_kind, run_date, installment_id, round, atena_no, reason, detail)
			VALUES (c.lg_code, 'dunning', p_as_of, c.installment_id, 0, c.atena_no, x.reason, x.detail)
			ON CONFLICT DO NOTHING;
			skipped := skipped OPERATOR(pg_catalog.+) 1;
			CONTINUE;
		END IF;
		v_deadline := @extschema@.dunning_deadline(c.due_date, c.lg_code);
		INSERT INTO @extschema@.collection_dunning (lg_code, installment_id, issued_on, deadline, fee)
		VALUES (c.lg_code, c.installment_id, p_as_of, v_deadline, coalesce(v_fee, 0))
		ON CONFLICT DO NOTHING;
		IF FOUND THEN
			issued := issued OPERATOR(pg_catalog.+) 1;
			IF p_as_of OPERATOR(pg_catalog.>) v_deadline THEN
				late := late OPERATOR(pg_catalog.+) 1;
			END IF;
		END IF;
	END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.issue_dunning(@extschema@.lg_code, date, integer, integer, integer) IS
	'collection: 督促 run — a 督促状 dated as_of for each installment unpaid after its 納期限, not yet dunned and not excluded (法329条①②, 371条①), with the 条例 督促手数料; skips recorded with their reason; idempotent, advisory-locked; returns the numbers issued, skipped and issued after the 20-day deadline';

GRANT EXECUTE ON PROCEDURE @extschema@.issue_dunning(@extschema@.lg_code, date, integer, integer, integer) TO zeimu_collection, zeimu_delinquency;

-- 督促 issued after the statutory 20 days (法329条①, 371条①): still valid
-- (訓示規定, 徳島地判S30.12.27), reported so the office can see its delays.
CREATE VIEW @extschema@.collection_dunning_late WITH (security_invoker = true) AS
SELECT d.lg_code, d.installment_id, i.atena_no, i.tax_kind, i.fiscal_year, i.notice_no, i.period_no, i.due_date,
	   d.deadline, d.issued_on, d.issued_on OPERATOR(pg_catalog.-) d.deadline AS days_late
  FROM @extschema@.collection_dunning d
  JOIN @extschema@.collection_installment i
	ON i.lg_code OPERATOR(@extschema@.=) d.lg_code AND i.installment_id OPERATOR(pg_catalog.=) d.installment_id
 WHERE d.issued_on OPERATOR(pg_catalog.>) d.deadline;
COMMENT ON VIEW @extschema@.collection_dunning_late IS
	'collection: 督促 issued after the statutory deadline (納期限 + 20 days, 法329条①, 371条①): valid, but late';
GRANT SELECT ON @extschema@.collection_dunning_late TO zeimu_collection, zeimu_delinquency;

-- Prescription of a ledger installment: its 督促 renews (法18条の2①二),
-- each partial payment of 本税 is an acknowledgement (承認, 民法152条①), and
-- the delinquency events covering it suspend, renew or extinguish it.
-- Paid in full: nothing left to prescribe.
CREATE FUNCTION @extschema@.installment_prescription(p_lg_code @extschema@.lg_code, p_installment_id bigint)
RETURNS @extschema@.prescription_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	i @extschema@.collection_installment;
	ev jsonb;
	r @extschema@.prescription_result;
BEGIN
	SELECT * INTO i FROM @extschema@.collection_installment
	 WHERE lg_code OPERATOR(@extschema@.=) p_lg_code AND installment_id OPERATOR(pg_catalog.=) p_installment_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'installment % of municipality % not found', p_installment_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No installment has that number.', HINT = 'Check the installment number.';
	END IF;
	IF @extschema@.installment_paid(p_lg_code, p_installment_id, 'principal') OPERATOR(pg_catalog.>=) i.principal THEN
		r.ground := 'paid';
		r.explanation := 'the 本税 is paid in full: nothing is left to prescribe';
		RETURN r;
	END IF;
	SELECT coalesce(pg_catalog.jsonb_agg(e), '[]') INTO ev FROM (
		SELECT pg_catalog.jsonb_build_object('kind', 'dunning', 'date', d.issued_on) AS e
		  FROM @extschema@.collection_dunning d
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.installment_id OPERATOR(pg_catalog.=) p_installment_id
		UNION ALL
		SELECT pg_catalog.jsonb_build_object('kind', 'acknowledgement', 'date', p.receipt_date)
		  FROM @extschema@.collection_payment p
		  JOIN @extschema@.collection_allocation a
			ON a.lg_code OPERATOR(@extschema@.=) p.lg_code AND a.payment_id OPERATOR(pg_catalog.=) p.payment_id
		 WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.installment_id OPERATOR(pg_catalog.=) p_installment_id
		   AND a.part OPERATOR(pg_catalog.=) 'principal'
		   AND NOT EXISTS (SELECT FROM @extschema@.collection_reversal rv
			WHERE rv.lg_code OPERATOR(@extschema@.=) p.lg_code AND rv.payment_id OPERATOR(pg_catalog.=) p.payment_id)
		UNION ALL
		-- delinquency measures covering the installment (561): 差押, 参加差押 and
		-- 交付要求 (ended by a release or a conversion), 猶予 (法18条の2④),
		-- 執行停止 (revoked by a release, 法15条の8), 即時消滅 (15条の7⑤), and
		-- 分納誓約 as 承認 (民法152条①)
		SELECT CASE
				 WHEN m.kind OPERATOR(pg_catalog.=) ANY (ARRAY['seizure', 'participating_seizure', 'demand_for_delivery']) THEN
					pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('kind', m.kind, 'date', m.starts_on, 'end', m.ended_on))
				 WHEN m.kind OPERATOR(pg_catalog.=) ANY (ARRAY['collection_deferral', 'conversion_deferral']) THEN
					pg_catalog.jsonb_build_object('kind', 'deferral', 'date', m.starts_on, 'end', m.last_day)
				 WHEN m.kind OPERATOR(pg_catalog.=) 'suspension' THEN
					pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('kind', 'suspension', 'date', m.starts_on, 'end', m.ended_on))
				 WHEN m.kind OPERATOR(pg_catalog.=) 'pledge' THEN
					pg_catalog.jsonb_build_object('kind', 'acknowledgement', 'date', m.starts_on)
			   END
		  FROM @extschema@.delinquency_measure m
		 WHERE m.lg_code OPERATOR(@extschema@.=) p_lg_code AND p_installment_id OPERATOR(pg_catalog.=) ANY (m.installment_ids)
		   AND m.kind OPERATOR(pg_catalog.<>) 'immediate_extinction'
		UNION ALL
		SELECT pg_catalog.jsonb_build_object('kind', 'immediate_extinction', 'date', e.event_date)
		  FROM @extschema@.delinquency_event e
		 WHERE e.lg_code OPERATOR(@extschema@.=) p_lg_code AND p_installment_id OPERATOR(pg_catalog.=) ANY (e.installment_ids)
		   AND e.kind OPERATOR(pg_catalog.=) 'immediate_extinction') x;
	RETURN @extschema@.prescription_date(i.statutory_due_date, ev, p_lg_code);
END
$$;
COMMENT ON FUNCTION @extschema@.installment_prescription(@extschema@.lg_code, bigint) IS
	'collection: prescription of a ledger installment, renewed by its 督促 (法18条の2①二), by partial payments of 本税 and 分納誓約 (承認, 民法152条①) and by 差押 (民法148条), stopped by 猶予 (法18条の2④), extinguished by 執行停止 3 years (15条の7④) or 即時消滅 (⑤); ground paid when nothing is left';
GRANT EXECUTE ON FUNCTION @extschema@.installment_prescription(@extschema@.lg_code, bigint) TO zeimu_collection;
