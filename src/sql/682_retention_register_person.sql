-- retention: the registry's person rows (宛名) and their parts.  A person
-- goes when their own class (person_record: the last relevant date + 7
-- years) has expired, no hold applies and nothing else of them is left
-- (doc/retention.md "Person purge").  The Individual Number vault row
-- (990) goes first, then the parts (993), then the person (996).
--
-- The last relevant date: the death date (or a later change of the row),
-- else for a person no longer resident (住登外 / 転出) the business date of
-- the last change; a resident person never goes.

INSERT INTO @extschema@.purge_target (table_name, class_code, kind, start_expr, person_expr, person_data, purge_order, registered_by)
VALUES ('person', 'person_record', 'person',
		'CASE WHEN t.death_date IS NOT NULL THEN GREATEST(t.death_date, t.business_date)'
		' WHEN NOT t.resident THEN t.business_date ELSE ''infinity''::date END',
		't.atena_no', false, 996, 'retention');

-- Parts: go with their person (the column naming the person is the one in
-- person_expr; a relation naming the person as someone else's agent or
-- heir keeps the person until that relation goes).
INSERT INTO @extschema@.purge_target (table_name, class_code, kind, person_expr, person_data, purge_order, registered_by) VALUES
	('person_history', 'person_record', 'person_part', 't.atena_no', false, 993, 'retention'),
	('person_relation', 'person_record', 'person_part', 't.atena_no', false, 993, 'retention'),
	('identity_verification', 'person_record', 'person_part', 't.atena_no', false, 993, 'retention'),
	('integrated_atena', 'person_record', 'person_part', 't.atena_no', false, 993, 'retention'),
	('link_review', 'person_record', 'person_part', 't.atena_no', false, 993, 'retention'),
	('same_person_candidate', 'person_record', 'person_part', 't.atena_no_a', false, 993, 'retention');

-- Person rows are deleted by the purge only: every other DELETE is
-- refused, the table owner's included (the registry's history triggers
-- guard the parts the same way; registering them gave those a purge path).
CREATE TRIGGER person_purge_only BEFORE DELETE ON @extschema@.person
	FOR EACH ROW WHEN (NOT @extschema@.retention_purging()) EXECUTE FUNCTION @extschema@.retention_delete_guard();
