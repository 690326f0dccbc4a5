-- collection: the data file of the 督促状 and 催告書 for the printing
-- contractor (印刷・封入封緘の委託), and the contractor as a provision
-- recipient (catalogue rows under 000000, copied to a municipality by
-- zeimu.provision_seed).  The file carries name, postal code, address and
-- the notices (amounts, payment reference), never an Individual Number, and
-- leaves through zeimu.provide: permitted items only, pre-checked, recorded
-- with date and record count, and a 受渡票 for the contractor.  It lives in
-- the 7xx range because it needs the provision module.  doc/collection.md §15.
INSERT INTO @extschema@.provision_item (lg_code, item_code, label, source_kind, source_ref, check_kind) VALUES
	('000000', 'collection_notices', '督促状・催告書の内容 (税目, 年度, 通知書番号, 期別, 納期限, 未納額, 督促手数料, 延滞金)',
	 'function', 'collection_print_notices', 'object');

INSERT INTO @extschema@.provision_recipient (lg_code, recipient_code, name, direction, body_kind, medium, frequency,
											 paper_or_media, encryption_required, operator_role, seed_ref) VALUES
	('000000', 'print_contractor', '印刷委託事業者 (督促状・催告書の印刷・封入封緘)', 'provide', 'contractor',
	 '電子媒体 (受渡票により授受)', '督促・催告の発送の都度', false, false, 'zeimu_collection',
	 '003 (収納・滞納) 委託: 督促状等の印刷; 個人番号は含めない');

INSERT INTO @extschema@.provision_basis (lg_code, recipient_code, basis_code, legal_article, purpose, seed_ref) VALUES
	('000000', 'print_contractor', 'itaku_print',
	 '個人情報の保護に関する法律第66条② (委託を受けた者の安全管理措置), 第69条; 地方税法第22条 (秘密漏えい) を契約で担保; 個人番号を含まない',
	 '督促状 (地方税法第329条①, 第371条①) 及び催告書の印刷・封入封緘', '003 (収納・滞納) 委託');

INSERT INTO @extschema@.provision_permitted_item (lg_code, recipient_code, basis_code, item_code, mandatory) VALUES
	('000000', 'print_contractor', 'itaku_print', 'name', true),
	('000000', 'print_contractor', 'itaku_print', 'postal_code', false),
	('000000', 'print_contractor', 'itaku_print', 'address', true),
	('000000', 'print_contractor', 'itaku_print', 'collection_notices', true);

CREATE TABLE @extschema@.collection_print_file (
	lg_code @extschema@.lg_code NOT NULL,
	provision_id bigint NOT NULL,
	kind text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['dunning', 'reminder'])),
	issued_on date NOT NULL,
	notices integer NOT NULL CHECK (notices > 0),
	persons integer NOT NULL CHECK (persons > 0),
	contract_ref text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	created_by text NOT NULL DEFAULT session_user,
	PRIMARY KEY (lg_code, provision_id)
);
COMMENT ON TABLE @extschema@.collection_print_file IS
	'collection: each 督促状 / 催告書 data file handed to the printing contractor: the provision record, the run day, notices and persons';

-- The notices of one person in the file being built (an item function of
-- the provision module: called by zeimu.provide as the extension owner,
-- granted to nobody).  The run is named by the transaction-local settings
-- zeimu_print.kind and zeimu_print.issued_on that collection_print_file sets.
CREATE FUNCTION @extschema@.collection_print_notices(p_lg_code @extschema@.lg_code, p_atena_no bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_kind text := NULLIF(pg_catalog.current_setting('zeimu_print.kind', true), '');
	v_on date := NULLIF(pg_catalog.current_setting('zeimu_print.issued_on', true), '')::date;
	v jsonb;
BEGIN
	IF v_kind IS NULL OR v_on IS NULL THEN
		RAISE EXCEPTION 'the notices item is built only by zeimu.collection_print_file'
			USING ERRCODE = '55000', DETAIL = 'It needs the run the file is for.', HINT = 'Call zeimu.collection_print_file.';
	END IF;
	SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
			'kind', v_kind, 'round', n.round, 'tax_kind', i.tax_kind, 'fiscal_year', i.fiscal_year,
			'notice_no', i.notice_no, 'period_no', i.period_no,
			'payment_ref', i.notice_no OPERATOR(pg_catalog.||) '-' OPERATOR(pg_catalog.||) i.period_no::text,
			'payment_no', i.payment_no,
			'due_date', i.due_date, 'issued_on', v_on, 'dunning_deadline', d.deadline,
			'principal_unpaid', i.principal OPERATOR(pg_catalog.-) @extschema@.installment_principal_paid_by(i.lg_code, i.installment_id, v_on),
			'dunning_fee', d.fee,
			'late_charge_to_date', @extschema@.installment_late_charge(i.lg_code, i.installment_id, v_on))
			ORDER BY i.fiscal_year, i.tax_kind, i.notice_no, i.period_no), '[]')
	  INTO v
	  FROM @extschema@.collection_dunning d
	  JOIN @extschema@.collection_installment i
		ON i.lg_code OPERATOR(@extschema@.=) d.lg_code AND i.installment_id OPERATOR(pg_catalog.=) d.installment_id
	  LEFT JOIN @extschema@.collection_reminder r
		ON v_kind OPERATOR(pg_catalog.=) 'reminder' AND r.lg_code OPERATOR(@extschema@.=) d.lg_code
	   AND r.installment_id OPERATOR(pg_catalog.=) d.installment_id AND r.issued_on OPERATOR(pg_catalog.=) v_on
	  CROSS JOIN LATERAL (SELECT CASE WHEN v_kind OPERATOR(pg_catalog.=) 'reminder' THEN r.round ELSE 0 END AS round) n
	 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND i.atena_no OPERATOR(pg_catalog.=) p_atena_no
	   AND ((v_kind OPERATOR(pg_catalog.=) 'dunning' AND d.issued_on OPERATOR(pg_catalog.=) v_on)
			OR (v_kind OPERATOR(pg_catalog.=) 'reminder' AND r.installment_id IS NOT NULL));
	RETURN v;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_print_notices(@extschema@.lg_code, bigint) IS
	'collection: provision item collection_notices — the 督促 / 催告 of one person in the print file being built (amounts, payment reference; no Individual Number)';

-- Build the print file of one run day and hand it over through zeimu.provide.
CREATE FUNCTION @extschema@.collection_print_file(p_lg_code @extschema@.lg_code, p_kind text, p_issued_on date,
	p_contract_ref text, p_password text DEFAULT NULL)
RETURNS @extschema@.provision_extract
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET log_min_error_statement = panic		-- the statement may hold the contractor's password
AS $$
DECLARE
	v_atenas bigint[];
	v_notices integer;
	res @extschema@.provision_extract;
BEGIN
	PERFORM @extschema@.assert_staff_for(p_lg_code, ARRAY['delinquency', 'collection']);
	IF p_lg_code IS NULL OR p_kind IS NULL OR p_issued_on IS NULL THEN
		RAISE EXCEPTION 'municipality, kind and run day are required'
			USING ERRCODE = '22004', DETAIL = 'A print file holds the 督促状 or the 催告書 of one run day.',
				  HINT = 'Pass the lg_code, dunning or reminder, and the issue day.';
	END IF;
	IF p_kind OPERATOR(pg_catalog.<>) ALL (ARRAY['dunning', 'reminder']) THEN
		RAISE EXCEPTION 'unknown print file kind "%"', p_kind
			USING ERRCODE = '22023', DETAIL = 'The kinds are dunning (督促状) and reminder (催告書).', HINT = 'Use one of the kinds listed.';
	END IF;
	IF p_kind OPERATOR(pg_catalog.=) 'dunning' THEN
		SELECT pg_catalog.array_agg(DISTINCT i.atena_no ORDER BY i.atena_no), pg_catalog.count(*)
		  INTO v_atenas, v_notices
		  FROM @extschema@.collection_dunning d
		  JOIN @extschema@.collection_installment i
			ON i.lg_code OPERATOR(@extschema@.=) d.lg_code AND i.installment_id OPERATOR(pg_catalog.=) d.installment_id
		 WHERE d.lg_code OPERATOR(@extschema@.=) p_lg_code AND d.issued_on OPERATOR(pg_catalog.=) p_issued_on;
	ELSE
		SELECT pg_catalog.array_agg(DISTINCT r.atena_no ORDER BY r.atena_no), pg_catalog.count(*)
		  INTO v_atenas, v_notices
		  FROM @extschema@.collection_reminder r
		 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code AND r.issued_on OPERATOR(pg_catalog.=) p_issued_on;
	END IF;
	IF v_notices OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION 'no % notices were issued on %', p_kind, p_issued_on
			USING ERRCODE = '22023', DETAIL = 'The print file is built from the notices of one run day.',
				  HINT = 'Run zeimu.issue_dunning or zeimu.issue_reminders first, or check the day.';
	END IF;
	PERFORM pg_catalog.set_config('zeimu_print.kind', p_kind, true);
	PERFORM pg_catalog.set_config('zeimu_print.issued_on', p_issued_on::text, true);
	res := @extschema@.provide(p_lg_code, 'print_contractor', 'itaku_print',
		ARRAY['name', 'postal_code', 'address', 'collection_notices'], v_atenas, p_password, p_contract_ref);
	PERFORM pg_catalog.set_config('zeimu_print.kind', '', true);
	PERFORM pg_catalog.set_config('zeimu_print.issued_on', '', true);
	INSERT INTO @extschema@.collection_print_file (lg_code, provision_id, kind, issued_on, notices, persons, contract_ref)
	VALUES (p_lg_code, res.provision_id, p_kind, p_issued_on, v_notices, pg_catalog.cardinality(v_atenas), p_contract_ref);
	RETURN res;
END
$$;
COMMENT ON FUNCTION @extschema@.collection_print_file(@extschema@.lg_code, text, date, text, text) IS
	'collection: the 督促状 / 催告書 data file of one run day for the printing contractor (no Individual Number), provided through zeimu.provide with its record and 受渡票';

SELECT @extschema@.protect_municipal_table('@extschema@.collection_print_file'::regclass);
GRANT SELECT ON @extschema@.collection_print_file TO zeimu_collection, zeimu_delinquency;
GRANT EXECUTE ON FUNCTION @extschema@.collection_print_file(@extschema@.lg_code, text, date, text, text)
	TO zeimu_collection, zeimu_delinquency;
