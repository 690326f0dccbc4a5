-- registry: the synthetic sample municipality.
--
-- zeimu.generate_sample(lg_code, persons, seed) creates the municipality
-- row and then calls, in name order, every function in the zeimu schema
-- named sample_step_<NNN>_<module>(lg_code @extschema@.lg_code, persons integer, seed
-- integer).  The registry's own step is sample_step_100_registry; a later
-- module adds its data by installing e.g. sample_step_200_levy with the same
-- signature -- no change here is needed.  Every step must be deterministic
-- in (lg_code, persons, seed): it derives its pseudo-random choices from
-- zeimu.sample_hash, never from random().

-- Deterministic pseudo-random bigint >= 0 for (seed, stream, i).
CREATE FUNCTION @extschema@.sample_hash(p_seed integer, p_stream integer, p_i bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'registry_sample_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sample_hash(integer, integer, bigint) IS 'deterministic pseudo-random bigint for sample generators';

-- The synthetic Individual Number of sample person i: an 11-digit base
-- (i * 48271 + seed * 1000003) mod 10^11 -- a bijection on i, because 48271
-- is prime to 10^11, so no two persons share a number -- and its check digit
-- (zeimu.mynumber_check_digit, 総務省令第85号第5条).
CREATE FUNCTION @extschema@.sample_mynumber(p_seed integer, p_i bigint) RETURNS @extschema@.mynumber
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	RETURN @extschema@.mynumber(
		((p_i * 48271 + p_seed::bigint * 1000003) % 100000000000)
			* 10
		+ @extschema@.mynumber_check_digit(pg_catalog.lpad(
			((p_i * 48271 + p_seed::bigint * 1000003) % 100000000000)::text, 11, '0')));
COMMENT ON FUNCTION @extschema@.sample_mynumber(integer, bigint) IS 'synthetic, check-digit-valid Individual Number of sample person i';

-- A synthetic 法人番号 for sample corporation i: a 12-digit base and its
-- check digit 9 - (sum Pn*Qn mod 9), Pn counted from the right, Qn = 1 for
-- odd n, 2 for even n (平成26年財務省令第70号第2条), written first.
CREATE FUNCTION @extschema@.sample_corporate_number(p_seed integer, p_i bigint) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
	SELECT (9 - pg_catalog.sum(pg_catalog.substr(b.s, 13 - n, 1)::int
				* (2 - n % 2)) % 9)::text
		   || b.s
	  FROM (SELECT pg_catalog.lpad((@extschema@.sample_hash(p_seed, 12, p_i) % 1000000000000)::text, 12, '0') AS s) b,
		   pg_catalog.generate_series(1, 12) n
	 GROUP BY b.s;
END;

CREATE FUNCTION @extschema@.generate_sample(p_lg_code @extschema@.lg_code, p_persons integer DEFAULT 10000, p_seed integer DEFAULT 1)
	RETURNS TABLE (step text, rows_created bigint)
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	f record;
	v_n bigint;
BEGIN
	IF p_lg_code IS NULL THEN
		RAISE EXCEPTION 'a municipality code is required' USING ERRCODE = '22004';
	END IF;
	IF p_persons IS NULL OR p_persons < 1 OR p_persons > 10000000 THEN
		RAISE EXCEPTION 'persons must be between 1 and 10000000' USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT FROM @extschema@.municipality m WHERE m.lg_code OPERATOR(@extschema@.=) p_lg_code) THEN
		RAISE EXCEPTION 'municipality % already exists', p_lg_code
			USING ERRCODE = '23505', HINT = 'Generate the sample into a new municipality code.';
	END IF;
	INSERT INTO @extschema@.municipality (lg_code, name, prefecture, designated_city)
		VALUES (p_lg_code, 'サンプル市' || p_lg_code, '架空県', p_persons >= 500000);
	step := 'municipality';
	rows_created := 1;
	RETURN NEXT;
	FOR f IN SELECT p.oid::regprocedure AS fn, p.proname
			   FROM pg_catalog.pg_proc p
			  WHERE p.pronamespace = '@extschema@'::regnamespace
				AND p.proname ~ '^sample_step_[0-9]{3}_'
				AND p.pronargs = 3 AND p.proargtypes[0] = '@extschema@.lg_code'::regtype
				AND p.proargtypes[1] = 'integer'::regtype AND p.proargtypes[2] = 'integer'::regtype
			  ORDER BY p.proname
	LOOP
		EXECUTE pg_catalog.format('SELECT %s($1, $2, $3)', f.fn::oid::regproc) INTO v_n USING p_lg_code, p_persons, p_seed;
		step := pg_catalog.substring(f.proname, 17);
		rows_created := v_n;
		RETURN NEXT;
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.generate_sample(@extschema@.lg_code, integer, integer) IS
	'deterministic synthetic municipality; calls every sample_step_NNN_<module>(lg_code, persons, seed) in name order';

-- The registry's step: offices, areas, purposes, persons (about 3 %
-- corporations), integrated atena numbers, linked Individual Numbers for
-- every individual.  Returns the number of persons.
CREATE FUNCTION @extschema@.sample_step_100_registry(p_lg_code @extschema@.lg_code, p_persons integer, p_seed integer)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	fam text[] := ARRAY['佐藤','鈴木','高橋','田中','伊藤','渡辺','山本','中村','小林','加藤',
						'吉田','山田','佐々木','山口','松本','井上','木村','林','斎藤','清水',
						'山崎','森','池田','橋本','阿部','石川','山下','中島','石井','小川',
						'前田','岡田','長谷川','藤田','後藤','近藤','村上','遠藤','青木','坂本'];
	famk text[] := ARRAY['サトウ','スズキ','タカハシ','タナカ','イトウ','ワタナベ','ヤマモト','ナカムラ','コバヤシ','カトウ',
						 'ヨシダ','ヤマダ','ササキ','ヤマグチ','マツモト','イノウエ','キムラ','ハヤシ','サイトウ','シミズ',
						 'ヤマザキ','モリ','イケダ','ハシモト','アベ','イシカワ','ヤマシタ','ナカジマ','イシイ','オガワ',
						 'マエダ','オカダ','ハセガワ','フジタ','ゴトウ','コンドウ','ムラカミ','エンドウ','アオキ','サカモト'];
	male text[] := ARRAY['翔','大翔','蓮','悠真','陽翔','湊','健太','大輔','誠','浩',
						 '隆','茂','博','清','勇','翔太','拓海','一郎','健一','和也'];
	malek text[] := ARRAY['ショウ','ヒロト','レン','ユウマ','ハルト','ミナト','ケンタ','ダイスケ','マコト','ヒロシ',
						  'タカシ','シゲル','ヒロシ','キヨシ','イサム','ショウタ','タクミ','イチロウ','ケンイチ','カズヤ'];
	fem text[] := ARRAY['陽菜','結衣','さくら','美咲','葵','凛','花子','恵子','幸子','洋子',
						'裕子','久美子','愛','彩','真由美','由美','明美','芽依','結愛','千尋'];
	femk text[] := ARRAY['ヒナ','ユイ','サクラ','ミサキ','アオイ','リン','ハナコ','ケイコ','サチコ','ヨウコ',
						 'ユウコ','クミコ','アイ','アヤ','マユミ','ユミ','アケミ','メイ','ユア','チヒロ'];
	town text[] := ARRAY['本町','栄町','緑町','旭町','中央','昭和町','大和町','若葉','桜台','東町',
						 '西町','南町','北町','新町','元町','城山','松原','梅田','竹ノ内','港町'];
	corp text[] := ARRAY['商事','建設','工業','運輸','不動産','食品','電機','物産','興業','製作所'];
	corpk text[] := ARRAY['ショウジ','ケンセツ','コウギョウ','ウンユ','フドウサン','ショクヒン','デンキ','ブッサン','コウギョウ','セイサクショ'];
	v_pref text;
	v_n bigint;
BEGIN
	SELECT m.prefecture || m.name INTO v_pref FROM @extschema@.municipality m
	 WHERE m.lg_code OPERATOR(@extschema@.=) p_lg_code;

	INSERT INTO @extschema@.office (lg_code, office_code, name, kind) VALUES
		(p_lg_code, 'HQ', '財政局税務部税制課', 'hq_division'),
		(p_lg_code, 'T1', '北部市税事務所', 'tax_office'),
		(p_lg_code, 'T2', '中部市税事務所', 'tax_office'),
		(p_lg_code, 'T3', '南部市税事務所', 'tax_office'),
		(p_lg_code, 'B1', '東出張所', 'branch'),
		(p_lg_code, 'B2', '西出張所', 'branch');
	-- 20 towns x 5 丁目; towns 1-7 -> T1, 8-14 -> T2, 15-20 -> T3.
	INSERT INTO @extschema@.office_area (lg_code, area_code, area_name, office_code)
	SELECT p_lg_code, pg_catalog.lpad(t::text, 3, '0') || c::text, town[t] || c::text || '丁目',
		   CASE WHEN t <= 7 THEN 'T1' WHEN t <= 14 THEN 'T2' ELSE 'T3' END
	  FROM pg_catalog.generate_series(1, 20) t, pg_catalog.generate_series(1, 5) c;

	INSERT INTO @extschema@.mynumber_purpose (lg_code, purpose_code, description, legal_basis) VALUES
		(p_lg_code, 'resident_tax', '個人住民税の賦課', '番号法第9条第1項 別表第一 第16項'),
		(p_lg_code, 'property_tax', '固定資産税の賦課', '番号法第9条第1項 別表第一 第16項'),
		(p_lg_code, 'light_vehicle_tax', '軽自動車税の賦課', '番号法第9条第1項 別表第一 第16項'),
		(p_lg_code, 'collection', '地方税の徴収', '番号法第9条第1項 別表第一 第16項'),
		(p_lg_code, 'identity_check', '本人確認・宛名の同一人確認', '番号法第16条');

	INSERT INTO @extschema@.person (lg_code, atena_no, kind, corporate_number, name, name_kana, sex, birth_date,
									postal_code, address, area_code, resident, office_code, death_date,
									created_by, updated_by)
	SELECT p_lg_code, g.i, g.kind,
		   CASE WHEN g.kind = 'corporation' THEN @extschema@.sample_corporate_number(p_seed, g.i) END,
		   CASE WHEN g.kind = 'corporation' THEN '株式会社' || fam[g.f] || corp[g.c]
				WHEN g.sex = 1 THEN fam[g.f] || '　' || male[g.g]
				ELSE fam[g.f] || '　' || fem[g.g] END,
		   CASE WHEN g.kind = 'corporation' THEN 'カブシキガイシャ' || famk[g.f] || corpk[g.c]
				WHEN g.sex = 1 THEN famk[g.f] || '　' || malek[g.g]
				ELSE famk[g.f] || '　' || femk[g.g] END,
		   CASE WHEN g.kind = 'individual' THEN g.sex END,
		   CASE WHEN g.kind = 'individual' THEN g.birth END,
		   pg_catalog.lpad((1000000 + g.t * 100 + g.ch)::text, 7, '0'),
		   v_pref || town[g.t] || g.ch || '丁目'
			   || g.ban || '番' || g.go || '号',
		   pg_catalog.lpad(g.t::text, 3, '0') || g.ch::text,
		   g.resident,
		   CASE WHEN g.t <= 7 THEN 'T1' WHEN g.t <= 14 THEN 'T2' ELSE 'T3' END,
		   CASE WHEN g.kind = 'individual' AND g.dead
				THEN least(g.birth + 20000, date '2025-12-31') END,
		   'generate_sample', 'generate_sample'
	  FROM (SELECT i,
				   CASE WHEN @extschema@.sample_hash(p_seed, 1, i) % 100 < 3
						THEN 'corporation' ELSE 'individual' END AS kind,
				   1 + (@extschema@.sample_hash(p_seed, 2, i) % 40)::int AS f,
				   1 + (@extschema@.sample_hash(p_seed, 3, i) % 20)::int AS g,
				   1 + (@extschema@.sample_hash(p_seed, 3, i) % 10)::int AS c,
				   (1 + @extschema@.sample_hash(p_seed, 4, i) % 2)::smallint AS sex,
				   date '1930-01-01' + (@extschema@.sample_hash(p_seed, 5, i) % 27000)::int AS birth,
				   1 + (@extschema@.sample_hash(p_seed, 6, i) % 20)::int AS t,
				   1 + (@extschema@.sample_hash(p_seed, 7, i) % 5)::int AS ch,
				   1 + @extschema@.sample_hash(p_seed, 8, i) % 30 AS ban,
				   1 + @extschema@.sample_hash(p_seed, 9, i) % 20 AS go,
				   @extschema@.sample_hash(p_seed, 10, i) % 100 >= 5 AS resident,
				   @extschema@.sample_hash(p_seed, 11, i) % 100 < 2 AS dead
			  FROM pg_catalog.generate_series(1, p_persons) i) g;
	GET DIAGNOSTICS v_n = ROW_COUNT;
	PERFORM pg_catalog.setval('@extschema@.atena_no_seq',
							  greatest(pg_catalog.nextval('@extschema@.atena_no_seq'), p_persons::bigint));

	-- 団体内統合宛名番号: 9 followed by the atena number.
	INSERT INTO @extschema@.integrated_atena (lg_code, atena_no, integrated_no)
	SELECT p_lg_code, i, 900000000000 + i FROM pg_catalog.generate_series(1, p_persons) i;

	PERFORM @extschema@.link_mynumber(p.lg_code, p.atena_no, @extschema@.sample_mynumber(p_seed, p.atena_no), 'sample', NULL)
	   FROM @extschema@.person p
	  WHERE p.lg_code OPERATOR(@extschema@.=) p_lg_code AND p.kind = 'individual'
	  ORDER BY p.atena_no;
	RETURN v_n;
END
$$;
