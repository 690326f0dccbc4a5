-- retention: 返還金 (593_collection_repayment.sql).  Class repayment: 10
-- years from the payment (or the cancellation, or the decision of one never
-- paid), after seed 000 (千葉市 評価書 II.6② / III.7: "固定資産税返還金要綱上、
-- 最長の返還期間が10年間であるため、10年間保存").  A cancellation references
-- its repayment and goes before it.
INSERT INTO @extschema@.retention_class (lg_code, class_code, valid_from, start_event, years, action, statutory_minimum, description, source) VALUES
	('000000', 'repayment', '1950-07-31', 'refund_deadline', 10, 'archive_delete', false,
	 '返還金 (要綱による返還) records: the day paid out (or cancelled, or decided when neither) + 10 years',
	 'seed 000 (千葉市 重点項目評価書 II.6②, III.7 "10年以上20年未満"): 固定資産税返還金要綱 (返還期間 最長10年) -- a municipal scheme, overridable');

INSERT INTO @extschema@.purge_target (table_name, class_code, start_expr, person_expr, purge_order, registered_by) VALUES
	('collection_repayment_cancellation', 'repayment',
	 '(SELECT coalesce(r.paid_on, t.cancelled_on) FROM @extschema@.collection_repayment r'
	 ' WHERE r.lg_code OPERATOR(@extschema@.=) t.lg_code AND r.repayment_id = t.repayment_id)',
	 't.atena_no', 505, 'coll-repayment'),
	('collection_repayment', 'repayment',
	 'coalesce(t.paid_on, (SELECT c.cancelled_on FROM @extschema@.collection_repayment_cancellation c'
	 ' WHERE c.lg_code OPERATOR(@extschema@.=) t.lg_code AND c.repayment_id = t.repayment_id), t.decided_on)',
	 't.atena_no', 540, 'coll-repayment');
