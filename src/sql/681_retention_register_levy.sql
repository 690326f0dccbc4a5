-- retention: the property, vehicle, inhabitant-tax, refund and pension-side
-- tables of the 3xx-5xx modules, registered as purge targets (their own
-- files run before 600, where zeimu.purge_target is created).  Children
-- before parents (purge_order); a family shares its start date.  Every
-- start expression returns 'infinity' for a row whose period has not begun
-- (an owner who still owns, a filer still expected), never NULL.
--
-- Tax years: the fixed asset tax year FY is levied on the owner of 1 January
-- FY (賦課期日, 地方税法359条) and ends on 31 March FY+1; the light vehicle
-- tax year on the owner of 1 April FY (法463条の19); the inhabitant tax year
-- on the resident of 1 January FY (法318条).  "End of the tax year" =
-- make_date(FY + 1, 3, 31).

-- ---------------------------------------------------------------------------
-- Fixed asset and city planning tax (fixed_asset: end of the tax year + 10
-- years; seed 000 III.6).
-- ---------------------------------------------------------------------------
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by) VALUES
	('fa_installment', 'fixed_asset', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)',
	 '(SELECT a.atena_no FROM @extschema@.fa_assessment a WHERE a.lg_code OPERATOR(@extschema@.=) t.lg_code'
	 ' AND a.fiscal_year = t.fiscal_year AND a.assessment_no = t.assessment_no AND a.version = t.version)', 340, 'retention'),
	-- object-level results: the taxpayer key is the sorted owner atena
	-- numbers; the first one stands for the person (holds, dry run)
	('fa_land_result', 'fixed_asset', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)',
	 'pg_catalog.split_part(t.taxpayer_key, '','', 1)::bigint', 340, 'retention'),
	('fa_house_result', 'fixed_asset', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)',
	 'pg_catalog.split_part(t.taxpayer_key, '','', 1)::bigint', 340, 'retention'),
	('fa_assessment', 'fixed_asset', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 350, 'retention'),
	('da_asset_line', 'fixed_asset', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 340, 'retention'),
	('da_declaration', 'fixed_asset', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 350, 'retention'),
	-- expected filers: from the end of the last year they were expected
	('da_filer', 'fixed_asset',
	 'CASE WHEN t.until_fy IS NULL THEN ''infinity''::date ELSE pg_catalog.make_date(t.until_fy + 1, 3, 31) END',
	 't.atena_no', 360, 'retention'),
	-- owners: from the end of the last tax year they were owner on 1 January
	-- (the year they lost the object; a loss on 1 January itself keeps one
	-- year more than needed)
	('land_owner', 'fixed_asset',
	 'CASE WHEN t.lost_on IS NULL THEN ''infinity''::date'
	 ' ELSE pg_catalog.make_date(pg_catalog.date_part(''year'', t.lost_on)::integer + 1, 3, 31) END',
	 't.atena_no', 360, 'retention'),
	('house_owner', 'fixed_asset',
	 'CASE WHEN t.lost_on IS NULL THEN ''infinity''::date'
	 ' ELSE pg_catalog.make_date(pg_catalog.date_part(''year'', t.lost_on)::integer + 1, 3, 31) END',
	 't.atena_no', 360, 'retention'),
	-- 登記済通知: from the end of the first tax year it affects (a
	-- registration in year Y changes the owner of 1 January Y+1)
	('land_registry_notice_applied', 'fixed_asset',
	 '(SELECT pg_catalog.make_date(pg_catalog.date_part(''year'', n.registered_on)::integer + 2, 3, 31)'
	 ' FROM @extschema@.land_registry_notice n WHERE n.lg_code OPERATOR(@extschema@.=) t.lg_code AND n.notice_no = t.notice_no)',
	 '(SELECT n.atena_no FROM @extschema@.land_registry_notice n WHERE n.lg_code OPERATOR(@extschema@.=) t.lg_code AND n.notice_no = t.notice_no)',
	 340, 'retention'),
	('land_registry_notice', 'fixed_asset',
	 'pg_catalog.make_date(pg_catalog.date_part(''year'', t.registered_on)::integer + 2, 3, 31)', 't.atena_no', 350, 'retention');

-- ---------------------------------------------------------------------------
-- Light vehicle tax (light_vehicle: end of the tax year + 7 years).
-- ---------------------------------------------------------------------------
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by) VALUES
	('lv_installment', 'light_vehicle', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)',
	 '(SELECT a.atena_no FROM @extschema@.lv_assessment a WHERE a.lg_code OPERATOR(@extschema@.=) t.lg_code'
	 ' AND a.fiscal_year = t.fiscal_year AND a.vehicle_id = t.vehicle_id AND a.version = t.version)', 340, 'retention'),
	('lv_assessment', 'light_vehicle', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 350, 'retention'),
	('vehicle_reduction', 'light_vehicle', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 350, 'retention'),
	-- a vehicle: from the end of the tax year in which it was disposed of
	-- (the tax year of a day d is the year of d - 3 months: April .. March)
	('vehicle', 'light_vehicle',
	 'CASE WHEN t.disposed_on IS NULL THEN ''infinity''::date'
	 ' ELSE pg_catalog.make_date(pg_catalog.date_part(''year'', t.disposed_on OPERATOR(pg_catalog.-) ''3 months''::interval)::integer + 1, 3, 31) END',
	 't.atena_no', 360, 'retention');

-- ---------------------------------------------------------------------------
-- Inhabitant tax (inhabitant_tax: end of the tax year + 7 years, archived
-- before deletion; seed 001 III.6 and G-1).  A tax document superseded by a
-- correction goes with it (same year); the batch takes the newest first so
-- that it never takes a document without the one superseding it.
-- ---------------------------------------------------------------------------
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by, batch_order) VALUES
	('inhabitant_special_schedule', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 440, 'retention', NULL),
	('inhabitant_ordinary_installment', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 440, 'retention', NULL),
	('inhabitant_assessment', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 450, 'retention', NULL),
	('tax_document', 'inhabitant_tax', 'pg_catalog.make_date(t.fiscal_year + 1, 3, 31)', 't.atena_no', 460, 'retention',
	 't.document_id DESC');

-- ---------------------------------------------------------------------------
-- Collection: 充当 goes with the target installment's family
-- (collection_ledger); refunds (refund: the last day the refund can be
-- claimed + 5 years).  The claim ends when paid, else 5 years after the
-- 支出決定 (地方税法18条の3: 還付金請求権 5年).  A refund part references the
-- over-payment, so the payment's family waits for the refund.
-- ---------------------------------------------------------------------------
INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by) VALUES
	('collection_appropriation', 'collection_ledger', '@extschema@.retention_installment_start(t.lg_code, t.installment_id)',
	 '(SELECT i.atena_no FROM @extschema@.collection_installment i'
	 ' WHERE i.lg_code OPERATOR(@extschema@.=) t.lg_code AND i.installment_id = t.installment_id)', 505, 'retention'),
	('collection_refund_part', 'refund',
	 '(SELECT coalesce(r.paid_on, (r.decided_on OPERATOR(pg_catalog.+) ''5 years''::interval)::date)'
	 ' FROM @extschema@.collection_refund r WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.refund_id = t.refund_id)',
	 '(SELECT r.atena_no FROM @extschema@.collection_refund r WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.refund_id = t.refund_id)',
	 505, 'retention'),
	('collection_refund', 'refund', 'coalesce(t.paid_on, (t.decided_on OPERATOR(pg_catalog.+) ''5 years''::interval)::date)',
	 't.atena_no', 540, 'retention');
