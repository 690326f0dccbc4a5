-- provision: the recipients, legal bases, item lists and network permits
-- the assessments list, as a catalogue under lg_code 000000 (copied to a
-- municipality by zeimu.provision_seed).  Each row cites its seed section
-- (seed_ref).  A municipality deactivates what it does not use
-- (provision_recipient.active) and adds its own rows.

INSERT INTO @extschema@.provision_item (lg_code, item_code, label, source_kind, source_ref, check_kind) VALUES
	('000000', 'mynumber',			'個人番号',						'mynumber',	NULL,							'mynumber'),
	('000000', 'name',				'氏名・名称',					'person',	'name',							'text'),
	('000000', 'name_kana',			'フリガナ',						'person',	'name_kana',					'text'),
	('000000', 'sex',				'性別',							'person',	'sex',							'sex'),
	('000000', 'birth_date',		'生年月日',						'person',	'birth_date',					'date'),
	('000000', 'address',			'住所',							'person',	'address',						'text'),
	('000000', 'postal_code',		'郵便番号',						'person',	'postal_code',					'postal_code'),
	('000000', 'corporate_number',	'法人番号',						'person',	'corporate_number',				'corporate_number'),
	('000000', 'local_tax_info',	'地方税関係情報',				'function',	'provision_local_tax_info',		'object'),
	('000000', 'delinquency_info',	'滞納者の実態に関する情報',		'function',	'provision_delinquency_info',	'object'),
	('000000', 'income_facts',		'所得の状況 (住民税課税情報)',	'function',	'pension_income_facts_item',	'object'),
	('000000', 'pension_notification', '国民年金の届出内容',		'function',	'pension_notification_item',	'object');

INSERT INTO @extschema@.provision_recipient (lg_code, recipient_code, name, direction, body_kind, medium, frequency,
											 paper_or_media, encryption_required, operator_role, seed_ref) VALUES
	-- seed 000 (千葉市 固定資産税) §8, req. 21
	('000000', 'taxpayer_notice', '納税義務者・申告者 (納税通知書・償却資産申告書)', 'provide', 'taxpayer',
	 '郵送', '課税時 (年1回) 及び随時', false, false, 'zeimu_provision', '000 §8 提供先1, req. 21(a), 23'),
	('000000', 'eltax_jlta', '地方税共同機構 (地方税ポータルセンタ, eLTAX審査システム)', 'provide', 'outside_body',
	 'LGWAN (暗号化)', '随時', false, true, 'zeimu_provision', '000 §8 提供先2, req. 21(b), 24'),
	('000000', 'nta_inheritance', '国税庁 (相続税法第58条: 死亡者の固定資産評価額)', 'provide', 'outside_body',
	 '電子媒体', '随時', false, true, 'zeimu_provision', '000 §8 flow ⑬, req. 21(c)'),
	-- seed 001 (熊本市 個人住民税) §8.1
	('000000', 'nta_income', '国税庁長官 (扶養是正・資料連絡箋)', 'provide', 'outside_body',
	 'eLTAX / 資料連絡箋', '7月以降 扶養是正データ作成の都度; 調査で所得税が変わる都度', false, false, 'zeimu_provision', '001 §8.1 #2'),
	('000000', 'other_municipality', '他市町村長 (294条3項通知・資料回送)', 'provide', 'outside_body',
	 '郵送 / eLTAX', '随時', false, false, 'zeimu_provision', '001 §8.1 #3'),
	('000000', 'prefecture', '都道府県知事', 'provide', 'outside_body',
	 '郵送 / eLTAX', '随時', false, false, 'zeimu_provision', '001 §8.1 #4, R-TR-04'),
	-- seed 003 (石巻市 収納・滞納) B.8
	('000000', 'nta_delinquency', '国税庁長官 (滞納者の実態)', 'provide', 'outside_body',
	 '情報提供ネットワークシステム + 紙', '随時 (依頼のあった滞納者のみ)', false, false, 'zeimu_provision', '003 B.8 #1, R-003-32'),
	('000000', 'prefecture_delinquency', '都道府県知事 (滞納者の実態)', 'provide', 'outside_body',
	 '情報提供ネットワークシステム + 紙', '随時 (依頼のあった滞納者のみ)', false, false, 'zeimu_provision', '003 B.8 #2, R-003-32'),
	('000000', 'mayor_delinquency', '市町村長 (滞納者の実態)', 'provide', 'outside_body',
	 '情報提供ネットワークシステム + 紙', '随時 (依頼のあった滞納者のみ)', false, false, 'zeimu_provision', '003 B.8 #3, R-003-32'),
	('000000', 'mhlw_delinquency', '厚生労働省 (滞納者の実態)', 'provide', 'outside_body',
	 '情報提供ネットワークシステム + 紙', '随時 (依頼のあった滞納者のみ)', false, false, 'zeimu_provision', '003 B.8 #4, R-003-32'),
	-- seed 002 (千葉市 国民年金) A.8, A.7 委託事項3
	('000000', 'jps', '日本年金機構', 'provide', 'outside_body',
	 '既に確立されている搬送手段 (電子媒体, 機構指定パスワード)', '随時 (届出の都度)', false, true, 'zeimu_pension', '002 A.8, A.10.4, R-002-08..11'),
	('000000', 'pension_office_center', '区政事務センター (株式会社パソナ; データ入力及び被保険者の資格に係る業務)', 'provide', 'contractor',
	 '専用線, 紙', '随時', false, false, 'zeimu_pension', '002 A.7 委託事項3, A.12 #29 (受渡票), R-002-12'),
	-- seed 004 (越谷市 軽自動車税) §8
	('000000', 'koshigaya_welfare', '福祉部 生活福祉課', 'transfer', 'internal_department',
	 '庁内連携システム', '照会の都度随時', false, false, 'zeimu_provision', '004 §8 移転先1'),
	('000000', 'koshigaya_collection', '行財政部 収納課', 'transfer', 'internal_department',
	 '庁内連携システム, 紙', '照会の都度随時', true, false, 'zeimu_provision', '004 §8 移転先2, §10.4');

-- seed 001 §8.2: the 16 transfer destinations of 熊本市 (city ordinance
-- under 番号法第9条第2項); item: 地方税関係情報.
INSERT INTO @extschema@.provision_recipient (lg_code, recipient_code, name, direction, body_kind, medium, frequency,
											 paper_or_media, seed_ref)
SELECT '000000', 'kumamoto_t' || pg_catalog.lpad(v.n::text, 2, '0'), v.name, 'transfer', 'internal_department',
	   v.medium, v.freq, v.medium LIKE '%紙%' OR v.medium LIKE '%フラッシュ%', '001 §8.2 #' || v.n
FROM (VALUES
	(1,  'こども局こども育成部こども支援課', '庁内連携', '随時; 児童扶養手当 8-9月, 児童手当 6月'),
	(2,  'こども局児童相談所', '庁内連携, 紙', '随時'),
	(3,  '健康福祉局障がい者支援部障がい福祉課', '庁内連携', '随時; 特別児童扶養手当等 8-9月'),
	(4,  '健康福祉局保健衛生部感染症予防課', '庁内連携', '随時'),
	(5,  '健康福祉局障がい者支援部こころの健康センター', '庁内連携', '随時'),
	(6,  '健康福祉局福祉部保護管理援護課', '庁内連携, 紙', '随時'),
	(7,  '都市建設局住宅部市営住宅課', '紙', '随時'),
	(8,  '健康福祉局健康福祉部国保年金課', '庁内連携', '国保・年金 毎日; 後期高齢 毎月・毎年; 特別障害給付金 随時'),
	(9,  '健康福祉局高齢支援部高齢福祉課', '庁内連携', '随時'),
	(10, '健康福祉局高齢支援部介護保険課', '庁内連携, 紙', '随時'),
	(11, '健康福祉局障がい者支援部障がい者福祉相談所', '庁内連携', '随時'),
	(12, 'こども局こども育成部保育幼稚園課', '(評価書で判読不能)', '随時'),
	(13, 'こども局こども育成部こども政策課', '(評価書で判読不能)', '随時'),
	(14, '健康福祉局保健衛生部医療対策課', '庁内連携', '随時'),
	(15, '総務局行政管理部労務厚生課', 'フラッシュメモリ (電子媒体)', '随時'),
	(16, '健康福祉局福祉部健康福祉政策課', '庁内連携', '月2回')
) AS v(n, name, medium, freq);

INSERT INTO @extschema@.provision_basis (lg_code, recipient_code, basis_code, legal_article, purpose, seed_ref) VALUES
	('000000', 'taxpayer_notice', 'notice', '地方税法 (納税通知書・償却資産申告書の送付); 評価書 II.5 欠落のため条項不明',
	 '納税義務者・申告者への通知書・申告書の送付', '000 §8 提供先1'),
	('000000', 'eltax_jlta', 'bangou_19_1', '番号法第19条第1号 (2024年以前: 番号法施行規則第3条第1項第5号)',
	 '特定個人情報ファイル (本人確認用) の地方税ポータルセンタへの登録', '000 §8 提供先2'),
	('000000', 'nta_inheritance', 'sozoku_58', '相続税法第58条',
	 '死亡者の固定資産評価額の通知', '000 §8 flow ⑬'),
	('000000', 'nta_income', 'bangou_19_10', '番号法第19条第10号, 施行令第22条',
	 '所得税の適正な賦課', '001 §8.1 #2'),
	('000000', 'other_municipality', 'bangou_19_10', '番号法第19条第10号, 施行令第22条, 地方税法第294条第3項',
	 '住民税の適正な賦課徴収', '001 §8.1 #3'),
	('000000', 'prefecture', 'bangou_19_10', '番号法第19条第10号, 施行令第22条',
	 '住民税の適正な賦課徴収', '001 §8.1 #4'),
	('000000', 'nta_delinquency', 'bangou_19_8', '番号法第19条第8号', '滞納者の実態の把握', '003 B.8 #1'),
	('000000', 'prefecture_delinquency', 'beppyo2_28', '番号法第19条第7号, 別表第二 第28項', '地方税の賦課徴収', '003 B.8 #2'),
	('000000', 'mayor_delinquency', 'beppyo2_27', '番号法第19条第7号, 別表第二 第27項', '地方税の賦課徴収', '003 B.8 #3'),
	('000000', 'mhlw_delinquency', 'beppyo2_29', '番号法第19条第7号, 別表第二 第29項', '地方税の賦課徴収 (評価書の記載のまま)', '003 B.8 #4'),
	('000000', 'jps', 'bangou_19', '番号法第19条 (日本年金機構への提供; 評価書は号を記載せず)',
	 '国民年金の被保険者資格・保険料免除に係る届出の進達', '002 A.8'),
	('000000', 'pension_office_center', 'itaku', '番号法第19条第6号 (委託に伴う提供); 委託事項3 契約',
	 'データ入力及び被保険者の資格に係る業務', '002 A.7 委託事項3'),
	('000000', 'koshigaya_welfare', 'meirei_42_125', '番号法第19条第8号に基づく命令第2条の表第42項・第125項; 越谷市個人番号利用条例 (番号法第9条第2項)',
	 '生活保護の決定・実施, 中国残留邦人等支援給付', '004 §8 移転先1'),
	('000000', 'koshigaya_collection', 'meirei_48', '番号法第19条第8号に基づく命令第2条の表第48項; 越谷市個人番号利用条例 (番号法第9条第2項)',
	 '地方税・森林環境税の賦課徴収', '004 §8 移転先2');

INSERT INTO @extschema@.provision_basis (lg_code, recipient_code, basis_code, legal_article, purpose, seed_ref)
SELECT '000000', recipient_code, 'ordinance_9_2',
	   '熊本市個人番号の利用及び特定個人情報の提供に関する条例 (番号法第9条第2項)', name || ' の事務', seed_ref
FROM @extschema@.provision_recipient WHERE lg_code OPERATOR(@extschema@.=) '000000' AND recipient_code LIKE 'kumamoto_t%';

INSERT INTO @extschema@.provision_permitted_item (lg_code, recipient_code, basis_code, item_code, mandatory)
SELECT '000000', v.r, v.b, i.item, i.item = ANY (v.mandatory)
FROM (VALUES
	-- 000 §8 提供先1: 個人番号, 基本5情報, 地方税関係情報
	('taxpayer_notice', 'notice', ARRAY['mynumber', 'name', 'name_kana', 'sex', 'birth_date', 'address', 'postal_code', 'local_tax_info'],
	 ARRAY['name', 'address']),
	-- 000 §8 提供先2: 本人確認用ファイル
	('eltax_jlta', 'bangou_19_1', ARRAY['mynumber', 'name', 'name_kana', 'sex', 'birth_date', 'address'],
	 ARRAY['mynumber', 'name', 'birth_date']),
	-- 000 flow ⑬: assessed value of deceased persons; no Individual Number listed
	('nta_inheritance', 'sozoku_58', ARRAY['name', 'birth_date', 'address', 'local_tax_info'], ARRAY['name', 'local_tax_info']),
	-- 001 §8.1 #2, #3: Individual Number, 4 items, local-tax info
	('nta_income', 'bangou_19_10', ARRAY['mynumber', 'name', 'sex', 'birth_date', 'address', 'local_tax_info'], ARRAY['name', 'address']),
	('other_municipality', 'bangou_19_10', ARRAY['mynumber', 'name', 'sex', 'birth_date', 'address', 'local_tax_info'], ARRAY['name', 'address']),
	-- 001 §8.1 #4: 4 items and local-tax info, no Individual Number (R-TR-04)
	('prefecture', 'bangou_19_10', ARRAY['name', 'sex', 'birth_date', 'address', 'local_tax_info'], ARRAY['name', 'address']),
	-- 003 B.8: information on the delinquent's situation
	('nta_delinquency', 'bangou_19_8', ARRAY['name', 'address', 'delinquency_info'], ARRAY['name', 'delinquency_info']),
	('prefecture_delinquency', 'beppyo2_28', ARRAY['name', 'address', 'delinquency_info'], ARRAY['name', 'delinquency_info']),
	('mayor_delinquency', 'beppyo2_27', ARRAY['name', 'address', 'delinquency_info'], ARRAY['name', 'delinquency_info']),
	('mhlw_delinquency', 'beppyo2_29', ARRAY['name', 'address', 'delinquency_info'], ARRAY['name', 'delinquency_info']),
	-- 002 A.8: items not stated; the notification with the person's identity
	('jps', 'bangou_19', ARRAY['mynumber', 'name', 'name_kana', 'sex', 'birth_date', 'address', 'pension_notification'],
	 ARRAY['name', 'birth_date', 'pension_notification']),
	('pension_office_center', 'itaku', ARRAY['name', 'name_kana', 'sex', 'birth_date', 'address', 'pension_notification'],
	 ARRAY['name', 'pension_notification']),
	-- 004 §8: 軽自動車税(種別割)関係情報
	('koshigaya_welfare', 'meirei_42_125', ARRAY['name', 'address', 'local_tax_info'], ARRAY['name', 'local_tax_info']),
	('koshigaya_collection', 'meirei_48', ARRAY['name', 'address', 'local_tax_info'], ARRAY['name', 'local_tax_info'])
) AS v(r, b, items, mandatory), pg_catalog.unnest(v.items) AS i(item);

-- 001 §8.2: 地方税関係情報 (with the name and address that identify the
-- person at the recipient; the national pension section (#8) also receives
-- the income facts the premium exemption is judged on).
INSERT INTO @extschema@.provision_permitted_item (lg_code, recipient_code, basis_code, item_code, mandatory)
SELECT '000000', r.recipient_code, 'ordinance_9_2', i.item, i.item IN ('name', 'local_tax_info')
FROM @extschema@.provision_recipient r, pg_catalog.unnest(ARRAY['name', 'address', 'local_tax_info']) AS i(item)
WHERE r.lg_code OPERATOR(@extschema@.=) '000000' AND r.recipient_code LIKE 'kumamoto_t%';

-- The registered transfer of income facts to the pension section (seed 001
-- §8.2 #8 国保年金課 ②; seed 002 intake from the tax system A.2).
INSERT INTO @extschema@.provision_recipient (lg_code, recipient_code, name, direction, body_kind, medium, frequency,
											 operator_role, seed_ref) VALUES
	('000000', 'pension_section', '国民年金担当課 (保険料免除審査)', 'transfer', 'internal_department',
	 '庁内連携', '申請の都度', 'zeimu_pension', '001 §8.2 #8 ②; 002 A.2 (税務システム連携)');
INSERT INTO @extschema@.provision_basis (lg_code, recipient_code, basis_code, legal_article, purpose, seed_ref) VALUES
	('000000', 'pension_section', 'ordinance_9_2', '番号法第9条第2項に基づく条例; 国民年金法第90条 (保険料免除の所得審査)',
	 '国民年金保険料の免除審査', '001 §8.2 #8 ②');
INSERT INTO @extschema@.provision_permitted_item (lg_code, recipient_code, basis_code, item_code, mandatory) VALUES
	('000000', 'pension_section', 'ordinance_9_2', 'name', true),
	('000000', 'pension_section', 'ordinance_9_2', 'income_facts', true);

-- Network permit list (seed 000 req. 20, seed 001 §8.1 #1 / §8.3).
INSERT INTO @extschema@.network_permit (lg_code, permit_id, direction, requester, provider, business, info_item,
										legal_basis, no_auto_response, purpose_condition, seed_ref) VALUES
	('000000', 'inq_48_public_assistance', 'inquiry', '市町村長', '都道府県知事',
	 '地方税の賦課徴収に関する事務 (減免審査)', '生活保護関係情報',
	 '番号法第19条第8号; 命令第2条の表第48項, 第50条', false, 'pending_reduction_application', '000 req. 19-20; 001 §8.3');

-- The provision side of the list: the 72 items of 命令第2条の表 under which the
-- municipality (市町村長) provides 地方税関係情報, each with its 命令 article,
-- exactly as seed 001 I-6-② lists them (令和6年7月31日; §8.3 of the spec):
-- items and articles are two lists of 72, paired in order (article = item
-- + 2 throughout, which test/pgtap/92_network_permits.sql checks).  The
-- seeds do not name each item's 情報照会者 and 事務 (別紙1 is not included)
-- nor the 自動応答不可 items: those columns hold a placeholder naming the
-- item, and the municipality loads its own list with
-- zeimu.load_network_permits (doc/provision.md, "The permit list").
INSERT INTO @extschema@.network_permit (lg_code, permit_id, direction, requester, provider, business, info_item,
										legal_basis, no_auto_response, purpose_condition, seed_ref)
SELECT '000000', pg_catalog.format('prov_meirei_2_%s', pg_catalog.lpad(t.item::text, 3, '0')), 'provision',
	   pg_catalog.format('命令第2条の表第%s項の情報照会者', t.item), '市町村長',
	   pg_catalog.format('命令第2条の表第%s項の事務', t.item), '地方税関係情報',
	   pg_catalog.format('番号法第19条第8号; 命令第2条の表第%s項, 第%s条', t.item, t.article), false, NULL,
	   '001 §8.1 #1, §8.3 (I-6-② 令和6年7月31日); 照会者・事務: 別紙1 (not in the seed)'
FROM ROWS FROM (pg_catalog.unnest(ARRAY[
		1, 2, 3, 4, 5, 7, 11, 13, 15, 20, 28, 37, 39, 42, 48, 49, 53, 57, 58, 59, 63, 65, 66, 69, 73, 75,
		76, 81, 83, 84, 86, 87, 88, 89, 90, 91, 92, 96, 98, 106, 108, 115, 124, 125, 129, 130, 132, 137,
		138, 140, 141, 142, 144, 147, 151, 152, 155, 156, 158, 160, 161, 163, 164, 165, 166, 167, 168,
		169, 170, 171, 172, 173]::integer[]),
	pg_catalog.unnest(ARRAY[
		3, 4, 5, 6, 7, 9, 13, 15, 17, 22, 30, 39, 41, 44, 50, 51, 55, 59, 60, 61, 65, 67, 68, 71, 75, 77,
		78, 83, 85, 86, 88, 89, 90, 91, 92, 93, 94, 98, 100, 108, 110, 117, 126, 127, 131, 132, 134, 139,
		140, 142, 143, 144, 146, 149, 153, 154, 157, 158, 160, 162, 163, 165, 166, 167, 168, 169, 170,
		171, 172, 173, 174, 175]::integer[])) AS t (item, article);

-- zeimu.provision_seed: copies the catalogue to a municipality (idempotent)
-- and registers the Individual Number purpose 'provision'.
CREATE FUNCTION @extschema@.provision_seed(p_lg_code @extschema@.lg_code) RETURNS bigint
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	n bigint := 0;
	c bigint;
BEGIN
	IF p_lg_code IS NULL OR p_lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code THEN
		RAISE EXCEPTION 'a municipality code is required' USING ERRCODE = '22023';
	END IF;
	INSERT INTO @extschema@.mynumber_purpose (lg_code, purpose_code, description, legal_basis)
		VALUES (p_lg_code, 'provision', '特定個人情報の提供・移転', '番号法第19条, 第9条第2項'),
			   (p_lg_code, 'disclosure', '開示請求への回答', '個人情報の保護に関する法律第76条以下')
		ON CONFLICT DO NOTHING;
	INSERT INTO @extschema@.provision_item SELECT p_lg_code, item_code, label, source_kind, source_ref, check_kind
		FROM @extschema@.provision_item WHERE lg_code OPERATOR(@extschema@.=) '000000' ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
	INSERT INTO @extschema@.provision_recipient SELECT p_lg_code, recipient_code, name, direction, body_kind, medium,
			frequency, paper_or_media, encryption_required, operator_role, seed_ref, active
		FROM @extschema@.provision_recipient WHERE lg_code OPERATOR(@extschema@.=) '000000' ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
	INSERT INTO @extschema@.provision_basis SELECT p_lg_code, recipient_code, basis_code, legal_article, purpose,
			valid_from, valid_to, seed_ref
		FROM @extschema@.provision_basis WHERE lg_code OPERATOR(@extschema@.=) '000000' ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
	INSERT INTO @extschema@.provision_permitted_item SELECT p_lg_code, recipient_code, basis_code, item_code, mandatory
		FROM @extschema@.provision_permitted_item WHERE lg_code OPERATOR(@extschema@.=) '000000' ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
	INSERT INTO @extschema@.network_permit SELECT p_lg_code, permit_id, direction, requester, provider, business,
			info_item, legal_basis, no_auto_response, purpose_condition, valid_from, valid_to, seed_ref
		FROM @extschema@.network_permit WHERE lg_code OPERATOR(@extschema@.=) '000000' ON CONFLICT DO NOTHING;
	GET DIAGNOSTICS c = ROW_COUNT; n := n + c;
	RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.provision_seed(@extschema@.lg_code) IS 'copies the documented recipients, bases, items and permits to a municipality';

-- Sample municipality step (doc/registry.md, "Adding a module's sample data").
CREATE FUNCTION @extschema@.sample_step_700_provision(p_lg_code @extschema@.lg_code, p_persons integer, p_seed integer)
	RETURNS bigint
	LANGUAGE sql VOLATILE
	SET search_path = pg_catalog, pg_temp
	AS $$ SELECT @extschema@.provision_seed(p_lg_code) $$;
