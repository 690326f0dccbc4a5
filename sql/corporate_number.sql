-- zeimu.corporate_number: the Corporate Number (法人番号) type and the
-- invoice registration number (T + 13 digits).
--
-- Check digit, 平成26年財務省令第70号第2条: with Pn the n-th digit of the
-- 12-digit base counted from the right and Qn = 1 (n odd) or 2 (n even),
-- check = 9 - (sum(Pn*Qn) mod 9); it is the FIRST of the 13 digits.  Read
-- left to right the base weights are 2,1,2,1,2,1,2,1,2,1,2,1.
--
-- 7000012050002 (国税庁, published): base 000012050002
--   0*2+0+0*2+0+1*2+2*1+0*2+5*1+0*2+0*1+0*2+2*1 = 2+2+5+2 = 11; 11 = 9+2; 9-2 = 7
-- 1180301018771 (トヨタ自動車株式会社, published): base 180301018771
--   1*2+8+0*2+3+0*2+1+0*2+1+8*2+7+7*2+1 = 2+8+0+3+0+1+0+1+16+7+14+1 = 53; 53 = 45+8; 9-8 = 1
-- 5835678256246 (python-stdnum tests/test_jp_cn.doctest, cross-check): base 835678256246
--   8*2+3+5*2+6+7*2+8+2*2+5+6*2+2+4*2+6 = 16+3+10+6+14+8+4+5+12+2+8+6 = 94; 94 = 90+4; 9-4 = 5
-- 9000000000000: sum 0; 0 mod 9 = 0; 9-0 = 9 (the largest check digit)
-- 9111111111111: six 1s at weight 2 and six at weight 1: 12+6 = 18; 18 mod 9 = 0; 9
-- 7900012050002: the 0 -> 9 substitution the rule cannot see: base 900012050002
--   adds 9*2 = 18 to the 国税庁 sum: 29 = 27+2; 9-2 = 7, still "valid"
-- A leading 0 is never valid: 9 - (s mod 9) is 1..9.

-- Helpers pg_temp.err(sql) and pg_temp.leaks(sql, digits).
\set ECHO none
\i sql/include/ident_helpers.psql
\set ECHO all

-- Valid numbers; output is always 13 ASCII digits.
SELECT '7000012050002'::zeimu.corporate_number AS nta,
       '1180301018771'::zeimu.corporate_number AS toyota,
       '5835678256246'::zeimu.corporate_number AS stdnum,
       '9000000000000'::zeimu.corporate_number AS zeros,
       '9111111111111'::zeimu.corporate_number AS ones,
       '7900012050002'::zeimu.corporate_number AS zero_nine_blind_spot;
-- python-stdnum's negative vector: 5835678256246 with its check digit 5 -> 2.
SELECT '2835678256246'::zeimu.corporate_number;

-- python-stdnum's 40 randomly generated valid numbers: all accepted.
SELECT count(*) AS numbers, count(*) FILTER (WHERE zeimu.corporate_number_is_valid(n)) AS valid,
       count(n::zeimu.corporate_number) AS cast_ok
FROM unnest(ARRAY[
	'1020281079130', '1092280840134', '1878613755182', '2014614971152', '2154272766021',
	'2156020645218', '2190501102051', '2506450764947', '2877943595076', '3102603003473',
	'3677889020488', '3932580304272', '4133937187596', '4322035819249', '4422212699405',
	'4434215752536', '4894094830853', '5385009332457', '5703079264765', '5864353627704',
	'6402078819006', '6457924394338', '6671470548996', '6821550923715', '6862173718594',
	'7030204178342', '7044157771432', '7179487563592', '7360581582900', '7631172336579',
	'7896877317434', '8085647298491', '8166975505797', '8451632537189', '8455957905624',
	'8865890851034', '8911879336082', '9196934167858', '9680537896732', '9863806292730']) n;

-- Every notation and every invalid class, through the input function and
-- corporate_number_is_valid (they must agree).
CREATE TEMP TABLE cn_case (n serial, input text, note text);
INSERT INTO cn_case (input, note) VALUES
	('7000012050002', 'plain ASCII'),
	('7-0000-1205-0002', '1-4-4-4 with hyphens'),
	('7 0000 1205 0002', '1-4-4-4 with spaces'),
	('７００００１２０５０００２', 'full-width digits'),
	('７－００００－１２０５－０００２', 'full-width digits and U+FF0D hyphens'),
	('７　００００　１２０５　０００２', 'full-width digits and U+3000 spaces'),
	(' 7000012050002 ', 'padded with blanks'),
	('700001205000', 'too short (12 digits)'),
	('70000120500020', 'too long (14 digits)'),
	('', 'empty'),
	('7000O12050002', 'letter O for zero at position 5'),
	('T7000012050002', 'invoice form is not a corporate number'),
	('7000012050003', 'last digit changed'),
	('8000012050002', 'check digit changed'),
	('0000000000000', 'leading 0 is never a check digit'),
	('7000-0120-5000-2', '4-4-4-1 grouping'),
	('70000-1205-0002', 'first group of 5'),
	('7--0000-1205-0002', 'double separator'),
	('7-0000 1205-0002', 'mixed separators'),
	('-7000012050002', 'leading separator');
SELECT n, note, zeimu.corporate_number_is_valid(input) AS is_valid,
       pg_temp.err(format('SELECT %L::zeimu.corporate_number', input)) AS cast
FROM cn_case ORDER BY n;
SELECT count(*) AS disagreements
FROM cn_case
WHERE zeimu.corporate_number_is_valid(input) IS DISTINCT FROM
      (pg_temp.err(format('SELECT %L::zeimu.corporate_number', input)) = 'ok');
SELECT NULL::zeimu.corporate_number IS NULL AS null_cast,
       zeimu.corporate_number_is_valid(NULL) IS NULL AS null_valid;

-- The error as a clerk sees it: the check digit is digit 1.
SELECT '8000012050002'::zeimu.corporate_number;
SELECT '7-0000-1205-000'::zeimu.corporate_number;

-- No error shows more than the last four digits.
SELECT input, pg_temp.leaks(format('SELECT %L::zeimu.corporate_number', input),
                            regexp_replace(translate(input, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g')) AS leaks
FROM cn_case
WHERE NOT zeimu.corporate_number_is_valid(input) AND length(regexp_replace(input, '[^0-9０-９]', '', 'g')) >= 5
ORDER BY n;

-- corporate_number_check_digit: the leading check digit for a 12-digit base.
SELECT zeimu.corporate_number_check_digit('000012050002') AS d7,
       zeimu.corporate_number_check_digit('180301018771') AS d1,
       zeimu.corporate_number_check_digit('000000000000') AS d9,
       zeimu.corporate_number_check_digit('８３５６７８２５６２４６') AS d5_fullwidth;
SELECT zeimu.corporate_number_check_digit('7000012050002');

-- Invoice registration numbers (適格請求書発行事業者登録番号): T + 13 digits.
CREATE TEMP TABLE inv_case (n serial, input text, note text);
INSERT INTO inv_case (input, note) VALUES
	('T7000012050002', 'ASCII T'),
	('Ｔ7000012050002', 'full-width Ｔ'),
	('Ｔ７００００１２０５０００２', 'all full-width'),
	('T7-0000-1205-0002', 'T and 1-4-4-4 grouping'),
	('  T7000012050002  ', 'padded'),
	('t7000012050002', 'lower-case t'),
	('7000012050002', 'no T'),
	('TT7000012050002', 'T twice'),
	('T', 'T alone'),
	('T7000012050003', 'check digit wrong'),
	('T700001205000', '12 digits'),
	('T7000012050002X', 'trailing letter at position 15');
SELECT n, note, zeimu.invoice_registration_number_is_valid(input) AS is_valid,
       pg_temp.err(format('SELECT zeimu.invoice_registration_number(%L)', input)) AS result
FROM inv_case ORDER BY n;
SELECT count(*) AS disagreements
FROM inv_case
WHERE zeimu.invoice_registration_number_is_valid(input) IS DISTINCT FROM
      (pg_temp.err(format('SELECT zeimu.invoice_registration_number(%L)', input)) = 'ok');
SELECT zeimu.invoice_registration_number('Ｔ7000012050002') AS corporate_number,
       zeimu.to_invoice_registration_number('7000012050002') AS registration_number,
       zeimu.to_invoice_registration_number(zeimu.invoice_registration_number('T1180301018771')) AS round_trip,
       zeimu.invoice_registration_number(NULL) IS NULL AS null_in;
SELECT zeimu.invoice_registration_number('7000012050002');
SELECT input, pg_temp.leaks(format('SELECT zeimu.invoice_registration_number(%L)', input),
                            regexp_replace(translate(input, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g')) AS leaks
FROM inv_case
WHERE NOT zeimu.invoice_registration_number_is_valid(input) AND length(regexp_replace(input, '[^0-9０-９]', '', 'g')) >= 5
ORDER BY n;

-- bigint -> corporate_number: explicit only, validated.
SELECT 7000012050002::zeimu.corporate_number AS ok, zeimu.corporate_number(1180301018771) AS fn;
SELECT (-1)::bigint::zeimu.corporate_number;
SELECT 10000000000000::zeimu.corporate_number;
SELECT 7000012050003::zeimu.corporate_number;
-- twelve digits read as 0 + 12 digits: a leading 0 check digit never matches
SELECT 123456789012::zeimu.corporate_number;
CREATE TEMP TABLE cn_assign (c zeimu.corporate_number);
INSERT INTO cn_assign VALUES (7000012050002::bigint);
-- text -> corporate_number and back are allowed in assignment (the number is public).
INSERT INTO cn_assign SELECT '7-0000-1205-0002'::text;
CREATE TEMP TABLE cn_text (t text);
INSERT INTO cn_text SELECT c FROM cn_assign;
SELECT t FROM cn_text;

-- Comparisons and ordering (operators are in schema zeimu).
SET search_path = public, zeimu;
SELECT c FROM (VALUES ('9111111111111'::zeimu.corporate_number), ('1180301018771'), ('7000012050002')) v(c) ORDER BY c;
SELECT '7000012050002'::zeimu.corporate_number = '7-0000-1205-0002' AS eq,
       '7000012050002'::zeimu.corporate_number <> '1180301018771' AS ne,
       '1180301018771'::zeimu.corporate_number < '7000012050002' AS lt,
       '1180301018771'::zeimu.corporate_number <= '1180301018771' AS le,
       '9111111111111'::zeimu.corporate_number > '7000012050002' AS gt,
       '9111111111111'::zeimu.corporate_number >= '9111111111111' AS ge;

-- Binary COPY round trip, and recv rejecting a bad value.
SELECT current_setting('data_directory') || '/zeimu_regress_corporate_number.bin' AS binfile \gset
CREATE TEMP TABLE cn_bin (c zeimu.corporate_number);
INSERT INTO cn_bin VALUES ('7000012050002'), ('1180301018771'), (NULL), ('9000000000000');
COPY cn_bin TO :'binfile' (FORMAT binary);
CREATE TEMP TABLE cn_bin2 (c zeimu.corporate_number);
COPY cn_bin2 FROM :'binfile' (FORMAT binary);
SELECT c FROM cn_bin2 ORDER BY c NULLS LAST;
SELECT NOT EXISTS (SELECT c FROM cn_bin EXCEPT SELECT c FROM cn_bin2) AS same_values;
CREATE TEMP TABLE cn_raw (c bigint);
INSERT INTO cn_raw VALUES (7000012050002), (8000012050002);
COPY cn_raw TO :'binfile' (FORMAT binary);
COPY cn_bin2 FROM :'binfile' (FORMAT binary);
SELECT count(*) AS still_four FROM cn_bin2;

-- Hash partitioning.
CREATE TABLE cn_part (c zeimu.corporate_number) PARTITION BY HASH (c);
CREATE TABLE cn_part_0 PARTITION OF cn_part FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE cn_part_1 PARTITION OF cn_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO cn_part SELECT c FROM cn_bin WHERE c IS NOT NULL;
SELECT count(*) AS total FROM cn_part;
SELECT count(*) AS found FROM cn_part WHERE c = '7000012050002';
DROP TABLE cn_part;

-- B-tree deduplication is on.
CREATE EXTENSION pageinspect;
CREATE TEMP TABLE cn_idx (c zeimu.corporate_number);
INSERT INTO cn_idx SELECT '7000012050002' FROM generate_series(1, 1000);
CREATE INDEX cn_idx_c ON cn_idx (c);
SELECT allequalimage FROM bt_metap('cn_idx_c');
DROP EXTENSION pageinspect;
RESET search_path;
