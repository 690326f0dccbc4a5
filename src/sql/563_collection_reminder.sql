-- collection: 催告 (reminders) after the 督促.  A 催告 is not required by the
-- law (and does not renew prescription conclusively; domain_rules §6.5): it
-- is the office's practice, in rounds, with the same exclusions as the 督促.
-- The spacing is data (collection_reminder_rule).  doc/collection.md §9.

CREATE TABLE @extschema@.collection_reminder_rule (
	lg_code @extschema@.lg_code NOT NULL,
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	days_after_dunning integer NOT NULL CHECK (days_after_dunning BETWEEN 1 AND 3650),
	days_between_rounds integer NOT NULL CHECK (days_between_rounds BETWEEN 1 AND 3650),
	max_rounds smallint NOT NULL CHECK (max_rounds BETWEEN 1 AND 99),
	source text NOT NULL,
	PRIMARY KEY (lg_code, valid_from)
);
COMMENT ON TABLE @extschema@.collection_reminder_rule IS
	'collection: when 催告 may follow the 督促 (days after it, days between rounds, number of rounds), by municipality';
INSERT INTO @extschema@.collection_reminder_rule VALUES
	('000000', DATE '1950-07-31', 10, 30, 3,
	 '催告 is practice, not statute [L]: the first after the 10 days counted from the 督促 (法331条①: 差押 must follow '
	 'when unpaid by then; the same day 法18条の2①二 restarts prescription), then every 30 days, 3 rounds; a 要綱 sets its own');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.collection_reminder_rule', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');
GRANT SELECT ON @extschema@.collection_reminder_rule TO zeimu_user;

CREATE TABLE @extschema@.collection_reminder (
	lg_code @extschema@.lg_code NOT NULL,
	installment_id bigint NOT NULL,
	round smallint NOT NULL CHECK (round BETWEEN 1 AND 99),
	atena_no bigint NOT NULL CHECK (atena_no > 0),
	issued_on date NOT NULL CHECK (pg_catalog.isfinite(issued_on)),
	principal_unpaid bigint NOT NULL CHECK (principal_unpaid > 0),
	issued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	issued_by text NOT NULL DEFAULT session_user,
	PRIMARY KEY (lg_code, installment_id, round),
	FOREIGN KEY (lg_code, installment_id) REFERENCES @extschema@.collection_dunning (lg_code, installment_id)
);
COMMENT ON TABLE @extschema@.collection_reminder IS
	'collection: 催告 of a dunned installment, one per round, with the 本税 unpaid on the day';

-- CALL zeimu.issue_reminders(lg_code, as_of, issued => NULL, skipped => NULL)
-- For each installment of the municipality that has a 督促, is still short
-- of its 本税 on as_of and is not excluded: the next round when it is due
-- (round 1: as_of >= 督促 day + days_after_dunning; round n: >= round n-1 +
-- days_between_rounds; at most max_rounds).  Idempotent per installment and
-- round; one run per municipality at a time; all or nothing.
CREATE PROCEDURE @extschema@.issue_reminders(p_lg_code @extschema@.lg_code, p_as_of date, INOUT issued integer DEFAULT NULL,
	INOUT skipped integer DEFAULT NULL)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rule @extschema@.collection_reminder_rule;
	c record;
	x record;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	PERFORM @extschema@.collection_run_begin(p_lg_code, p_as_of, 'reminder');
	SELECT * INTO rule FROM @extschema@.collection_reminder_rule r
	 WHERE (r.lg_code OPERATOR(@extschema@.=) p_lg_code OR r.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND r.valid_from OPERATOR(pg_catalog.<=) p_as_of
	 ORDER BY r.valid_from DESC, (r.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no reminder rule in force on %', p_as_of
			USING ERRCODE = '22023', DETAIL = 'zeimu.collection_reminder_rule has no row for that date.',
				  HINT = 'Add the municipality''s rule.';
	END IF;

	issued := 0;
	skipped := 0;
	FOR c IN
		SELECT i.lg_code, i.installment_id, i.atena_no,
			   i.principal OPERATOR(pg_catalog.-) @extschema@.installment_principal_paid_by(i.lg_code, i.installment_id, p_as_of) AS unpaid,
			   coalesce(pg_catalog.max(r.round), 0) OPERATOR(pg_catalog.+) 1 AS next_round,
			   coalesce(pg_catalog.max(r.issued_on) OPERATOR(pg_catalog.+) rule.days_between_rounds,
						d.issued_on OPERATOR(pg_catalog.+) rule.days_after_dunning) AS due_on
		  FROM @extschema@.collection_dunning d
		  JOIN @extschema@.collection_installment i
			ON i.lg_code OPERATOR(@extschema@.=) d.lg_code AND i.installment_id OPERATOR(pg_catalog.=) d.installment_id
		  LEFT JOIN @extschema@.collection_reminder r
			ON r.lg_code OPERATOR(@extschema@.=) d.lg_code AND r.installment_id OPERATOR(pg_catalog.=) d.installment_id
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.issued_on OPERATOR(pg_catalog.<=) p_as_of
		 GROUP BY i.lg_code, i.installment_id, i.atena_no, i.principal, d.issued_on
		 ORDER BY i.installment_id
	LOOP
		CONTINUE WHEN c.unpaid OPERATOR(pg_catalog.<=) 0 OR c.next_round OPERATOR(pg_catalog.>) rule.max_rounds
			OR c.due_on OPERATOR(pg_catalog.>) p_as_of;
		x := @extschema@.installment_exclusion(c.lg_code, c.installment_id, p_as_of);
		IF x.reason IS NOT NULL THEN
			INSERT INTO @extschema@.collection_dunning_skip (lg_code, run_kind, run_date, installment_id, round, atena_no, reason, detail)
			VALUES (c.lg_code, 'reminder', p_as_of, c.installment_id, c.next_round, c.atena_no, x.reason, x.detail)
			ON CONFLICT DO NOTHING;
			skipped := skipped OPERATOR(pg_catalog.+) 1;
			CONTINUE;
		END IF;
		INSERT INTO @extschema@.collection_reminder (lg_code, installment_id, round, atena_no, issued_on, principal_unpaid)
		VALUES (c.lg_code, c.installment_id, c.next_round, c.atena_no, p_as_of, c.unpaid)
		ON CONFLICT DO NOTHING;
		IF FOUND THEN
			issued := issued OPERATOR(pg_catalog.+) 1;
		END IF;
	END LOOP;
END
$$;
COMMENT ON PROCEDURE @extschema@.issue_reminders(@extschema@.lg_code, date, integer, integer) IS
	'collection: 催告 run — the next round for each dunned installment still unpaid and not excluded, spaced by the municipality''s rule; skips recorded; idempotent per installment and round; returns the numbers issued and skipped';

SELECT @extschema@.protect_person_table('@extschema@.collection_reminder'::regclass);
GRANT SELECT ON @extschema@.collection_reminder TO zeimu_collection, zeimu_delinquency;
GRANT EXECUTE ON PROCEDURE @extschema@.issue_reminders(@extschema@.lg_code, date, integer, integer) TO zeimu_collection, zeimu_delinquency;
