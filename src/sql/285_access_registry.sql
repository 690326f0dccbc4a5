-- access: row security on the registry's personal data (replaces the
-- registry's interim policies), the rights of each duty on registry objects,
-- and the counter's one-person-at-a-time functions.
--
-- Policy shapes (security_anchors.md §1.2, measured in bench/RESULTS.md):
--   person, office_area:
--     lg_code = ANY (ARRAY(SELECT s.lg_code FROM zeimu.access_scope s
--                          WHERE s.rolname = CURRENT_USER AND s.valid_during @> now()))
--     AND office_code = ANY (ARRAY(SELECT s.office_code FROM zeimu.access_scope s WHERE ...))
--     Both are InitPlans; the indexes (lg_code, office_code, ...) take them
--     as Index Conds.
--   tables keyed by a person (history, relations, identity checks, the
--   integrated atena mapping, same-person candidates, integrated atena
--   issues): the person must be visible, through person's own policy:
--     lg_code = ANY (...) AND EXISTS (SELECT FROM zeimu.person p
--                                      WHERE p.lg_code = t.lg_code AND p.atena_no = t.atena_no)
--     (a point lookup by (lg_code, atena_no) costs one primary-key probe).
--   the vault and the link review queue: person-scoped as well, but no duty
--   holds a privilege on the vault or on the queue's ciphertext columns; only
--   the registry's C functions, which check that the caller can see the
--   person first, reach them as their owner.
--   the access log, its seal and the exported heads: municipality-scoped
--   SELECT (auditor, security officer); the purge policies of the registry
--   stay.

-- 1. Drop the registry's interim policies (all named registry_interim_*).
DO $$
DECLARE
	p record;
BEGIN
	FOR p IN SELECT pol.polname, pol.polrelid::pg_catalog.regclass AS rel
			 FROM pg_catalog.pg_policy pol
			 JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) pol.polrelid
			 WHERE c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
			   AND pol.polname OPERATOR(pg_catalog.~~) 'registry\_interim\_%' LOOP
		EXECUTE pg_catalog.format('DROP POLICY %I ON %s', p.polname, p.rel);
	END LOOP;
END
$$;

-- 2. Office-scoped tables.
SELECT @extschema@.protect_office_table('@extschema@.person', 'office_code');
SELECT @extschema@.protect_office_table('@extschema@.office_area', 'office_code');

-- Composite indexes with the policy column leading (security_anchors.md
-- §1.3): a name search under the office policy is one index range per
-- office instead of a filter over the municipality.
CREATE INDEX person_office_name_key_idx ON @extschema@.person (lg_code, office_code, name_key);
CREATE INDEX person_office_kana_key_idx ON @extschema@.person (lg_code, office_code, kana_key);

-- HQ staff (all_offices) see every office, including one added later.
CREATE FUNCTION @extschema@.access_office_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	PERFORM @extschema@.access_refresh_scope(s.rolname) FROM @extschema@.staff s
	 WHERE s.lg_code OPERATOR(pg_catalog.=) NEW.lg_code::text AND s.all_offices AND s.revoked_at IS NULL;
	RETURN NULL;
END
$$;
CREATE TRIGGER access_office_added AFTER INSERT ON @extschema@.office
	FOR EACH ROW EXECUTE FUNCTION @extschema@.access_office_added();

-- 3. Tables keyed by a person: visible when the person is.
SELECT @extschema@.protect_person_table(t::pg_catalog.regclass, c)
FROM (VALUES ('@extschema@.person_history', 'atena_no'), ('@extschema@.person_relation', 'atena_no'),
			 ('@extschema@.identity_verification', 'atena_no'), ('@extschema@.integrated_atena', 'atena_no'),
			 ('@extschema@.same_person_candidate', 'atena_no_a'),
			 ('@extschema@.integrated_atena_issue', 'atena_no'), ('@extschema@.link_review', 'atena_no'),
			 ('@extschema@.mynumber_vault', 'atena_no')) x(t, c)
WHERE pg_catalog.to_regclass(t) IS NOT NULL;

-- 4. The vault: no duty holds any privilege on it (the first line: only
-- the registry's C functions reach it, as its owner, after checking that the
-- caller can see the person).  Its person-scoped policy above is the second
-- line, for a privilege granted by mistake (which rights_drift reports).
-- The review queue is person-scoped too, and nobody holds a privilege on its
-- blind index, ciphertext or MAC.
-- 5. The access log and its seal: read by auditors and security officers of
-- the municipality.
SELECT @extschema@.protect_municipal_table(t::pg_catalog.regclass, ARRAY['SELECT'])
FROM pg_catalog.unnest(ARRAY['@extschema@.access_log', '@extschema@.access_log_seal',
							 '@extschema@.access_log_head_export']) t
WHERE pg_catalog.to_regclass(t) IS NOT NULL;
