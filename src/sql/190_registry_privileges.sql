-- registry: privileges.  Interim: the access module (issue 4) replaces the
-- zeimu_registry role and the registry_interim_* policies with office-scoped
-- duty roles; these grants show what a registry clerk needs.
--
-- The vault, the review queue's ciphertext, the purpose list and the access
-- log are reached only through the functions (src/vault_crypto.c handles
-- them as their owner); a clerk holds no privilege on them.

GRANT SELECT ON @extschema@.municipality, @extschema@.office, @extschema@.office_area TO zeimu_registry;
GRANT SELECT, INSERT, UPDATE ON @extschema@.person TO zeimu_registry;
GRANT USAGE ON SEQUENCE @extschema@.atena_no_seq TO zeimu_registry;
GRANT SELECT, INSERT ON @extschema@.person_history TO zeimu_registry;
GRANT SELECT, INSERT ON @extschema@.person_relation TO zeimu_registry;
GRANT UPDATE (ended_on, ended_by) ON @extschema@.person_relation TO zeimu_registry;
GRANT SELECT, INSERT ON @extschema@.identity_verification TO zeimu_registry;
GRANT SELECT, INSERT, UPDATE ON @extschema@.integrated_atena TO zeimu_registry;
GRANT SELECT ON @extschema@.mynumber_purpose TO zeimu_registry;
GRANT SELECT (lg_code, review_id, atena_no, other_atena_no, reason, source, queued_by, queued_at,
			  status, resolved_by, resolved_at, resolution_note) ON @extschema@.link_review TO zeimu_registry;
GRANT SELECT, INSERT, UPDATE ON @extschema@.same_person_candidate TO zeimu_registry;
GRANT SELECT ON @extschema@.related_atena TO zeimu_registry;
GRANT SELECT ON @extschema@.integrated_atena_issue TO zeimu_registry;

GRANT SELECT, DELETE ON @extschema@.access_log, @extschema@.access_log_seal TO zeimu_purge_operator;

GRANT EXECUTE ON FUNCTION
	@extschema@.normalize_name(text),
	@extschema@.normalize_kana(text),
	@extschema@.add_relation(@extschema@.lg_code, bigint, bigint, text, date, text),
	@extschema@.end_relation(@extschema@.lg_code, bigint, date),
	@extschema@.record_verification(@extschema@.lg_code, bigint, text, text, date, text),
	@extschema@.log_access(@extschema@.lg_code, bigint, text, text),
	@extschema@.find_persons_by_name(@extschema@.lg_code, text, text, text),
	@extschema@.match_basic_info(@extschema@.lg_code, text, text, smallint, date, text),
	@extschema@.link_mynumber(@extschema@.lg_code, bigint, @extschema@.mynumber, text, bigint),
	@extschema@.find_person_by_mynumber(@extschema@.lg_code, @extschema@.mynumber, text),
	@extschema@.reveal_mynumber(@extschema@.lg_code, bigint, text),
	@extschema@.vault_check_row(@extschema@.lg_code, bigint),
	@extschema@.resolve_link_review(@extschema@.lg_code, bigint, text, text),
	@extschema@.refresh_same_person_candidates(@extschema@.lg_code),
	@extschema@.decide_same_person(@extschema@.lg_code, bigint, bigint, text, text),
	@extschema@.check_integrated_atena(@extschema@.lg_code)
TO zeimu_registry;
-- Trigger functions run as the table's user; they need EXECUTE too.
GRANT EXECUTE ON FUNCTION
	@extschema@.person_before_update(),
	@extschema@.relation_guard(),
	@extschema@.history_guard(),
	@extschema@.access_log_guard(),
	@extschema@.access_log_no_truncate()
TO zeimu_registry, zeimu_purge_operator;
