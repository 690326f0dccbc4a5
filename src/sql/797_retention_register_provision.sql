-- retention: the pension, provision and disclosure tables of the 7xx
-- modules, registered as purge targets (this file runs after them).
-- doc/retention.md lists each class with its source.

-- 国民年金 (national_pension: 5 years).  An insured period from its loss
-- (an open period never goes); a notification from its receipt; an
-- exemption application with its notification.
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by) VALUES
	('pension_exemption_application', 'national_pension',
	 '(SELECT n.received_on FROM @extschema@.pension_notification n'
	 ' WHERE n.lg_code OPERATOR(@extschema@.=) t.lg_code AND n.notification_id = t.notification_id)',
	 't.atena_no', 740, 'retention'),
	('pension_notification', 'national_pension', 't.received_on', 't.atena_no', 750, 'retention'),
	('pension_insured', 'national_pension', 'coalesce(t.lost_on, ''infinity''::date)', 't.atena_no', 750, 'retention');

-- 減免 applications: from the end of the tax year of filing; the longest
-- tax class (fixed_asset, 10 years) since the table serves every tax; a
-- pending application is held.
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, hold_expr, purge_order, registered_by) VALUES
	('reduction_application', 'fixed_asset',
	 'pg_catalog.make_date(pg_catalog.date_part(''year'', t.filed_on OPERATOR(pg_catalog.-) ''3 months''::interval)::integer + 1, 3, 31)',
	 't.atena_no', 't.status = ''pending''', 750, 'retention');

-- Records of provision (情報提供等記録 and extracts: provision_record, 7
-- years, 番号法施行令29条) and of disclosure (disclosure, 5 years after the
-- request closed; a request in progress is held).  They do not need the
-- person's Individual Number (person_data false).
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, hold_expr, person_data, purge_order, registered_by) VALUES
	('network_record', 'provision_record', 'pg_catalog.timezone(''Asia/Tokyo'', t.recorded_at)::date', 't.atena_no', NULL, false, 900, 'retention'),
	('provision_record_subject', 'provision_record',
	 '(SELECT r.provided_on FROM @extschema@.provision_record r'
	 ' WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.provision_id = t.provision_id)', 't.atena_no', NULL, false, 900, 'retention'),
	('notice_batch_subject', 'provision_record',
	 '(SELECT pg_catalog.timezone(''Asia/Tokyo'', coalesce(b.released_at, b.created_at))::date FROM @extschema@.notice_batch b'
	 ' WHERE b.lg_code OPERATOR(@extschema@.=) t.lg_code AND b.batch_id = t.batch_id)', 't.atena_no', NULL, false, 900, 'retention'),
	('disclosure_report_log', 'disclosure',
	 '(SELECT coalesce(pg_catalog.timezone(''Asia/Tokyo'', r.closed_at)::date, ''infinity''::date) FROM @extschema@.disclosure_request r'
	 ' WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.request_id = t.request_id)', 't.atena_no', NULL, false, 890, 'retention'),
	('disclosure_request', 'disclosure',
	 'coalesce(pg_catalog.timezone(''Asia/Tokyo'', t.closed_at)::date, ''infinity''::date)', 't.atena_no',
	 't.status = ''in_progress''', false, 900, 'retention');
