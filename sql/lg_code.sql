-- zeimu.lg_code: the local government code (全国地方公共団体コード).
--
-- Check digit (総務省「全国地方公共団体コード」): weights 6,5,4,3,2 over the
-- 5-digit base; r = sum mod 11; check = units digit of 11 - r, so r = 0 gives
-- 11 -> 1 and r = 1 gives 10 -> 0.  Real, published codes:
--
--   北海道   01000: 0*6+1*5+0*4+0*3+0*2 =  5;  5 mod 11 =  5; 11-5  = 6  -> 010006
--   札幌市   01100: 0+1*5+1*4+0+0       =  9;  9 mod 11 =  9; 11-9  = 2  -> 011002
--   石巻市   04202: 0+4*5+2*4+0*3+2*2   = 32; 32 = 22+10;      11-10 = 1  -> 042021
--   越谷市   11222: 6+5+2*4+2*3+2*2     = 29; 29 = 22+7;       11-7  = 4  -> 112224
--   千葉市   12100: 6+2*5+1*4+0+0       = 20; 20 = 11+9;       11-9  = 2  -> 121002
--   東京都   13000: 6+3*5+0+0+0         = 21; 21 = 11+10;      11-10 = 1  -> 130001
--   千代田区 13101: 6+15+4+0+1*2        = 27; 27 = 22+5;       11-5  = 6  -> 131016
--   新宿区   13104: 6+15+4+0+4*2        = 33; 33 = 33+0;       11-0  = 11 -> 1 -> 131041
--   渋谷区   13113: 6+15+4+1*3+3*2      = 34; 34 = 33+1;       11-1  = 10 -> 0 -> 131130
--   横浜市   14100: 6+4*5+1*4+0+0       = 30; 30 = 22+8;       11-8  = 3  -> 141003
--   大阪市   27100: 2*6+7*5+1*4+0+0     = 51; 51 = 44+7;       11-7  = 4  -> 271004
--   熊本市   43100: 4*6+3*5+1*4+0+0     = 43; 43 = 33+10;      11-10 = 1  -> 431001
--   那覇市   47201: 4*6+7*5+2*4+0*3+1*2 = 69; 69 = 66+3;       11-3  = 8  -> 472018
-- The first two digits are the prefecture (JIS X 0401): 01 to 47.

-- Helpers pg_temp.err(sql) and pg_temp.leaks(sql, digits).
\set ECHO none
\i sql/include/ident_helpers.psql
\set ECHO all

CREATE TEMP TABLE lg_real (name text, code text);
INSERT INTO lg_real VALUES
	('北海道', '010006'), ('札幌市', '011002'), ('石巻市', '042021'), ('越谷市', '112224'),
	('千葉市', '121002'), ('東京都', '130001'), ('千代田区', '131016'), ('新宿区', '131041'),
	('渋谷区', '131130'), ('横浜市', '141003'), ('大阪市', '271004'), ('熊本市', '431001'),
	('那覇市', '472018');
-- Every real code is accepted in its 6-digit form, and its 5-digit form
-- gets the same check digit appended; the prefecture is the first two digits.
SELECT name, code::zeimu.lg_code AS six,
       left(code, 5)::zeimu.lg_code AS from_five,
       zeimu.lg_code_check_digit(left(code, 5)) AS check_digit,
       zeimu.lg_code_prefecture(code::zeimu.lg_code) AS prefecture,
       zeimu.lg_code_is_valid(code) AS is_valid
FROM lg_real ORDER BY code;
-- Any other last digit is rejected (9 wrong digits for each of 13 codes).
SELECT count(*) AS wrong_check_digits, count(*) FILTER (WHERE zeimu.lg_code_is_valid(left(code, 5) || d)) AS accepted
FROM lg_real, generate_series(0, 9) d
WHERE d::text <> right(code, 1);

-- Every notation and every invalid class, through the input function and
-- lg_code_is_valid (they must agree).
CREATE TEMP TABLE lg_case (n serial, input text, note text);
INSERT INTO lg_case (input, note) VALUES
	('131041', '6 digits'),
	('13104', '5-digit form, check digit appended'),
	('１３１０４１', 'full-width digits'),
	('１３１０４', 'full-width 5-digit form'),
	(' 131041 ', 'padded with blanks'),
	('　131041', 'padded with U+3000'),
	('131042', 'check digit wrong'),
	('131130', 'remainder 1 gives 0'),
	('131131', 'remainder 1 written as 1'),
	('000001', 'prefecture 00 (check digit right)'),
	('000000', 'the national-standard sentinel (国), accepted'),
	('00000', 'prefecture 00, 5-digit form'),
	('480002', 'prefecture 48 (check digit right: 4*6+8*5 = 64 = 55+9; 11-9 = 2)'),
	('99999', 'prefecture 99, 5-digit form'),
	('1310', '4 digits'),
	('1310411', '7 digits'),
	('', 'empty'),
	('13104a', 'letter at position 6'),
	('13104-1', 'separator before the check digit'),
	('131 041', 'space inside');
SELECT n, note, zeimu.lg_code_is_valid(input) AS is_valid,
       pg_temp.err(format('SELECT %L::zeimu.lg_code', input)) AS cast
FROM lg_case ORDER BY n;
SELECT count(*) AS disagreements
FROM lg_case
WHERE zeimu.lg_code_is_valid(input) IS DISTINCT FROM
      (pg_temp.err(format('SELECT %L::zeimu.lg_code', input)) = 'ok');
SELECT NULL::zeimu.lg_code IS NULL AS null_cast, zeimu.lg_code_is_valid(NULL) IS NULL AS null_valid,
       zeimu.lg_code_prefecture(NULL) IS NULL AS null_prefecture;

-- The errors as a clerk sees them.
SELECT '131042'::zeimu.lg_code;
SELECT '481234'::zeimu.lg_code;
SELECT '1310411'::zeimu.lg_code;
SELECT input, pg_temp.leaks(format('SELECT %L::zeimu.lg_code', input),
                            regexp_replace(translate(input, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g')) AS leaks
FROM lg_case
WHERE NOT zeimu.lg_code_is_valid(input) AND length(regexp_replace(input, '[^0-9０-９]', '', 'g')) >= 5
ORDER BY n;

-- lg_code_check_digit needs exactly the 5-digit base.
SELECT zeimu.lg_code_check_digit('131041');
SELECT zeimu.lg_code_check_digit('1310-4');

-- Casts: text in assignment both ways; output always 6 digits.
CREATE TEMP TABLE lg_assign (c zeimu.lg_code);
INSERT INTO lg_assign SELECT '01100'::text;
INSERT INTO lg_assign SELECT '011003'::text;
CREATE TEMP TABLE lg_text (t text);
INSERT INTO lg_text SELECT c FROM lg_assign;
SELECT t, length(t) FROM lg_text;
-- there is no integer cast: an integer loses the leading zero
SELECT 131041::zeimu.lg_code;

-- Comparisons and ordering (operators are in schema zeimu).
SET search_path = public, zeimu;
SELECT code::zeimu.lg_code AS c FROM lg_real ORDER BY 1 DESC LIMIT 3;
SELECT '131041'::zeimu.lg_code = '13104' AS eq,
       '131041'::zeimu.lg_code <> '131130' AS ne,
       '011002'::zeimu.lg_code < '131041' AS lt,
       '011002'::zeimu.lg_code <= '01100' AS le,
       '472018'::zeimu.lg_code > '431001' AS gt,
       '472018'::zeimu.lg_code >= '47201' AS ge;

-- Binary COPY round trip (int4 on the wire), and recv rejecting bad values.
SELECT current_setting('data_directory') || '/zeimu_regress_lg_code.bin' AS binfile \gset
CREATE TEMP TABLE lg_bin (c zeimu.lg_code);
INSERT INTO lg_bin SELECT code FROM lg_real;
INSERT INTO lg_bin VALUES (NULL);
COPY lg_bin TO :'binfile' (FORMAT binary);
CREATE TEMP TABLE lg_bin2 (c zeimu.lg_code);
COPY lg_bin2 FROM :'binfile' (FORMAT binary);
SELECT count(*) AS rows_back, count(c) AS non_null,
       NOT EXISTS (SELECT c FROM lg_bin EXCEPT SELECT c FROM lg_bin2) AS same_values
FROM lg_bin2;
CREATE TEMP TABLE lg_raw (c integer);
INSERT INTO lg_raw VALUES (131041), (131042);
COPY lg_raw TO :'binfile' (FORMAT binary);
COPY lg_bin2 FROM :'binfile' (FORMAT binary);
TRUNCATE lg_raw;
INSERT INTO lg_raw VALUES (1);		-- 000001: check digit right, prefecture 00
COPY lg_raw TO :'binfile' (FORMAT binary);
COPY lg_bin2 FROM :'binfile' (FORMAT binary);
SELECT count(*) AS still_fourteen FROM lg_bin2;

-- Hash partitioning, and a partitioned table keyed by (lg_code, ...).
CREATE TABLE lg_part (c zeimu.lg_code, id bigint, PRIMARY KEY (c, id)) PARTITION BY HASH (c);
CREATE TABLE lg_part_0 PARTITION OF lg_part FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE lg_part_1 PARTITION OF lg_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO lg_part SELECT code, 1 FROM lg_real;
INSERT INTO lg_part VALUES ('13104', 1);
SELECT count(*) AS total FROM lg_part;
SELECT c, id FROM lg_part WHERE c = '131041';
DROP TABLE lg_part;

-- B-tree deduplication is on; the leading lg_code of a composite key is usable.
CREATE EXTENSION pageinspect;
CREATE TEMP TABLE lg_idx (c zeimu.lg_code, y integer);
INSERT INTO lg_idx SELECT '131041', g % 10 FROM generate_series(1, 1000) g;
CREATE INDEX lg_idx_c ON lg_idx (c);
CREATE INDEX lg_idx_cy ON lg_idx (c, y);
SELECT allequalimage FROM bt_metap('lg_idx_c');
SELECT allequalimage FROM bt_metap('lg_idx_cy');
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM lg_idx WHERE c = '131041' AND y = 3;
RESET enable_seqscan;
DROP EXTENSION pageinspect;
RESET search_path;
