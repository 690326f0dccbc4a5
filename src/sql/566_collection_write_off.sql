-- collection: 不納欠損 (write-off).  Only with a legal ground — 時効 (法18条),
-- 執行停止 3年 (法15条の7④), 即時消滅 (法15条の7⑤) — that the installment's
-- own events establish (zeimu.installment_prescription), and only after a
-- second staff member approved it (access module, two-person approval, kind
-- collection_write_off).  The installment's unpaid balances move to 欠損.
-- doc/collection.md §14.

CREATE TABLE @extschema@.collection_write_off (
	lg_code @extschema@.lg_code NOT NULL,
	installment_id bigint NOT NULL,
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	reason text NOT NULL CHECK (reason OPERATOR(pg_catalog.=) ANY (ARRAY['prescription', 'suspension_3_years', 'immediate_extinction'])),
	article text NOT NULL,
	extinguished_on date NOT NULL,			-- the first day the right no longer exists
	written_off_on date NOT NULL CHECK (written_off_on >= extinguished_on),
	principal bigint NOT NULL CHECK (principal >= 0),		-- 本税 unpaid, moved to 欠損
	dunning_fee bigint NOT NULL CHECK (dunning_fee >= 0),	-- 督促手数料 unpaid
	late_charge bigint NOT NULL CHECK (late_charge >= 0),	-- 延滞金 unpaid through the last day of the right
	explanation text NOT NULL,
	approval_id bigint NOT NULL,
	requested_by text NOT NULL,
	approved_by text NOT NULL,
	recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by text NOT NULL DEFAULT session_user,
	PRIMARY KEY (lg_code, installment_id),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_installment (lg_code, installment_id)
);
COMMENT ON TABLE @extschema@.collection_write_off IS
	'collection: 不納欠損 of an installment: the legal ground and article, the amounts moved to 欠損, who requested and who approved';
CREATE TRIGGER collection_write_off_guard BEFORE UPDATE OR DELETE ON @extschema@.collection_write_off
	FOR EACH ROW EXECUTE FUNCTION @extschema@.delinquency_event_guard();

-- The article of each ground.
CREATE FUNCTION @extschema@.write_off_article(p_reason text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE p_reason
		WHEN 'prescription' THEN '地方税法第18条①②: 徴収権の消滅時効 (援用を要しない)'
		WHEN 'suspension_3_years' THEN '地方税法第15条の7④: 執行停止が3年間継続したことによる消滅'
		WHEN 'immediate_extinction' THEN '地方税法第15条の7⑤: 執行停止中の即時消滅'
	END
$$;

-- Checks that the installment may be written off on the day for the ground
-- given; returns its prescription result.
CREATE FUNCTION @extschema@.write_off_check(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_reason text,
	p_on date)
RETURNS @extschema@.prescription_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r @extschema@.prescription_result;
BEGIN
	IF p_lg_code IS NULL OR p_installment_id IS NULL OR p_reason IS NULL OR p_on IS NULL THEN
		RAISE EXCEPTION 'municipality, installment, legal ground and date are required'
			USING ERRCODE = '22004', DETAIL = 'A write-off (不納欠損) names the installment, its legal ground and the day.',
				  HINT = 'Pass every argument.';
	END IF;
	IF @extschema@.write_off_article(p_reason) IS NULL THEN
		RAISE EXCEPTION 'unknown write-off ground "%"', p_reason
			USING ERRCODE = '22023',
				  DETAIL = 'The grounds are prescription (法18条), suspension_3_years (法15条の7④) and immediate_extinction (法15条の7⑤).',
				  HINT = 'A write-off needs one of the legal grounds listed.';
	END IF;
	IF NOT pg_catalog.isfinite(p_on) THEN
		RAISE EXCEPTION 'write-off date is out of range'
			USING ERRCODE = '22008', DETAIL = 'The date must be a calendar date.', HINT = 'Pass the date itself, not infinity.';
	END IF;
	r := @extschema@.installment_prescription(p_lg_code, p_installment_id);
	IF r.ground OPERATOR(pg_catalog.=) 'paid' THEN
		RAISE EXCEPTION 'installment % is paid: there is nothing to write off', p_installment_id
			USING ERRCODE = '55000', DETAIL = 'The 本税 is paid in full.', HINT = 'Check the installment number.';
	END IF;
	IF r.ground OPERATOR(pg_catalog.<>) p_reason OR r.extinguished_on IS NULL
	   OR r.extinguished_on OPERATOR(pg_catalog.>) p_on THEN
		RAISE EXCEPTION 'the right to collect installment % is not extinguished by % on %', p_installment_id, p_reason, p_on
			USING ERRCODE = '55000',
				  DETAIL = pg_catalog.format('Its events give: %s, extinguished on %s.', r.ground, coalesce(r.extinguished_on::text, 'no date')),
				  HINT = 'See zeimu.installment_prescription(lg_code, installment_id) for the explanation; write off only once the ground is reached.';
	END IF;
	RETURN r;
END
$$;

-- Ask for the second staff member's approval.  Returns the approval id.
CREATE FUNCTION @extschema@.request_write_off(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_reason text,
	p_on date)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	PERFORM @extschema@.write_off_check(p_lg_code, p_installment_id, p_reason, p_on);
	INSERT INTO @extschema@.approval_kind (lg_code, kind, description, approver_duties, registered_by)
	VALUES (p_lg_code::text, 'collection_write_off', '不納欠損 (write-off of an installment whose right to collect is extinguished)',
			ARRAY['delinquency', 'collection'], 'zeimu')
	ON CONFLICT DO NOTHING;
	RETURN @extschema@.request_approval('collection_write_off',
		pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'installment_id', p_installment_id, 'reason', p_reason, 'on', p_on),
		pg_catalog.format('不納欠損 of installment %s: %s', p_installment_id, @extschema@.write_off_article(p_reason)));
END
$$;
COMMENT ON FUNCTION @extschema@.request_write_off(@extschema@.lg_code, bigint, text, date) IS
	'collection: asks a second staff member to approve the 不納欠損 of an installment (checks the ground first); returns the approval id';

-- The write-off itself: idempotent (an installment written off already
-- returns its row and uses no approval).
CREATE FUNCTION @extschema@.write_off(p_lg_code @extschema@.lg_code, p_installment_id bigint, p_reason text, p_on date,
	p_approval_id bigint)
RETURNS @extschema@.collection_write_off
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	w @extschema@.collection_write_off;
	i @extschema@.collection_installment;
	r @extschema@.prescription_result;
	a record;
	v_approver text;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	SELECT * INTO i FROM @extschema@.collection_installment x
	 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.installment_id OPERATOR(pg_catalog.=) p_installment_id FOR UPDATE;
	IF NOT FOUND AND p_lg_code IS NOT NULL AND p_installment_id IS NOT NULL THEN
		RAISE EXCEPTION 'installment % of municipality % not found', p_installment_id, p_lg_code
			USING ERRCODE = '22023', DETAIL = 'No installment has that number.', HINT = 'Check the installment number.';
	END IF;
	SELECT * INTO w FROM @extschema@.collection_write_off x
	 WHERE x.lg_code OPERATOR(@extschema@.=) p_lg_code AND x.installment_id OPERATOR(pg_catalog.=) p_installment_id;
	IF FOUND THEN
		RETURN w;
	END IF;
	r := @extschema@.write_off_check(p_lg_code, p_installment_id, p_reason, p_on);
	IF p_approval_id IS NULL THEN
		RAISE EXCEPTION 'a write-off needs an approval'
			USING ERRCODE = '22004', DETAIL = 'A second staff member approves every 不納欠損.',
				  HINT = 'Call zeimu.request_write_off, have a colleague run zeimu.approve, then pass the approval id.';
	END IF;
	v_approver := @extschema@.consume_approval(p_approval_id, 'collection_write_off',
		pg_catalog.jsonb_build_object('lg_code', p_lg_code::text, 'installment_id', p_installment_id, 'reason', p_reason, 'on', p_on));
	SELECT x.requested_by INTO a FROM @extschema@.approval x WHERE x.approval_id OPERATOR(pg_catalog.=) p_approval_id;

	INSERT INTO @extschema@.collection_write_off (lg_code, installment_id, atena_no, reason, article, extinguished_on,
		written_off_on, principal, dunning_fee, late_charge, explanation, approval_id, requested_by, approved_by)
	VALUES (p_lg_code, p_installment_id, i.atena_no, p_reason, @extschema@.write_off_article(p_reason), r.extinguished_on, p_on,
		greatest(i.principal OPERATOR(pg_catalog.-) @extschema@.installment_paid(p_lg_code, p_installment_id, 'principal'), 0),
		greatest(@extschema@.installment_dunning_fee(p_lg_code, p_installment_id)
			OPERATOR(pg_catalog.-) @extschema@.installment_paid(p_lg_code, p_installment_id, 'dunning_fee'), 0),
		greatest(@extschema@.installment_late_charge(p_lg_code, p_installment_id, r.last_day)
			OPERATOR(pg_catalog.-) @extschema@.installment_paid(p_lg_code, p_installment_id, 'late_charge'), 0),
		r.explanation, p_approval_id, a.requested_by, v_approver)
	RETURNING * INTO w;
	RETURN w;
END
$$;
COMMENT ON FUNCTION @extschema@.write_off(@extschema@.lg_code, bigint, text, date, bigint) IS
	'collection: 不納欠損 of an installment with its legal ground (法18条, 15条の7④⑤), after a second staff member''s approval; idempotent';

-- Per installment: assessed, paid, written off (欠損) and still unpaid.
CREATE VIEW @extschema@.collection_installment_position WITH (security_invoker = true) AS
SELECT b.lg_code, b.installment_id, b.atena_no, b.tax_kind, b.fiscal_year, b.notice_no, b.period_no,
	   b.statutory_due_date, b.due_date, b.principal, b.principal_paid,
	   coalesce(w.principal, 0) AS principal_written_off,
	   greatest(b.principal_unpaid OPERATOR(pg_catalog.-) coalesce(w.principal, 0), 0) AS principal_unpaid,
	   b.dunning_fee, b.dunning_fee_paid, coalesce(w.dunning_fee, 0) AS dunning_fee_written_off,
	   b.late_charge_paid, coalesce(w.late_charge, 0) AS late_charge_written_off,
	   w.reason AS write_off_reason, w.written_off_on,
	   CASE WHEN w.installment_id IS NOT NULL THEN 'written_off'
			WHEN b.principal_unpaid OPERATOR(pg_catalog.<=) 0 THEN 'paid'
			ELSE 'unpaid' END AS status
  FROM @extschema@.collection_installment_balance b
  LEFT JOIN @extschema@.collection_write_off w
	ON w.lg_code OPERATOR(@extschema@.=) b.lg_code AND w.installment_id OPERATOR(pg_catalog.=) b.installment_id;
COMMENT ON VIEW @extschema@.collection_installment_position IS
	'collection: per installment, 本税 assessed, paid, written off (不納欠損) and unpaid, and its status';

SELECT @extschema@.protect_person_table('@extschema@.collection_write_off'::regclass);
GRANT SELECT ON @extschema@.collection_write_off, @extschema@.collection_installment_position TO zeimu_collection, zeimu_delinquency;
GRANT EXECUTE ON FUNCTION @extschema@.request_write_off(@extschema@.lg_code, bigint, text, date),
	@extschema@.write_off(@extschema@.lg_code, bigint, text, date, bigint),
	@extschema@.write_off_article(text) TO zeimu_collection, zeimu_delinquency;
