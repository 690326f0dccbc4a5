-- zeimu.mynumber: the Individual Number (個人番号) type.
--
-- Check digit, 平成26年総務省令第85号第5条: weights 6,5,4,3,2,7,6,5,4,3,2 over
-- the 11-digit base read left to right; r = sum mod 11; check = 0 when r <= 1,
-- else 11 - r.  Every valid vector below carries its arithmetic.
--
-- 123456789018: 1*6+2*5+3*4+4*3+5*2+6*7+7*6+8*5+9*4+0*3+1*2
--             = 6+10+12+12+10+42+42+40+36+0+2 = 212; 212 = 11*19+3; 11-3 = 8
-- 012345678903: 0+1*5+2*4+3*3+4*2+5*7+6*6+7*5+8*4+9*3+0*2
--             = 0+5+8+9+8+35+36+35+32+27+0 = 195; 195 = 11*17+8; 11-8 = 3
-- 110000000000: 1*6+1*5 = 11; 11 = 11*1+0; r = 0 -> 0
-- 271828182840: 2*6+7*5+1*4+8*3+2*2+8*7+1*6+8*5+2*4+8*3+4*2
--             = 12+35+4+24+4+56+6+40+8+24+8 = 221; 221 = 11*20+1; r = 1 -> 0
-- 000000000019: 1*2 = 2; r = 2 -> 11-2 = 9
-- 314159265352: 3*6+1*5+4*4+1*3+5*2+9*7+2*6+6*5+5*4+3*3+5*2
--             = 18+5+16+3+10+63+12+30+20+9+10 = 196; 196 = 11*17+9; 11-9 = 2
-- 999999999996: 9*(6+5+4+3+2+7+6+5+4+3+2) = 9*47 = 423; 423 = 11*38+5; 11-5 = 6
-- 621498320257 (python-stdnum stdnum/jp/in_.py doctest, cross-check):
--               6*6+2*5+1*4+4*3+9*2+8*7+3*6+2*5+0*4+2*3+5*2
--             = 36+10+4+12+18+56+18+10+0+6+10 = 180; 180 = 11*16+4; 11-4 = 7

-- Helpers pg_temp.err(sql) and pg_temp.leaks(sql, digits).
\set ECHO none
\i sql/include/ident_helpers.psql
\set ECHO all

-- Valid numbers, output always 12 ASCII digits with leading zeros kept.
SELECT '123456789018'::zeimu.mynumber AS plain,
       '012345678903'::zeimu.mynumber AS leading_zero,
       '110000000000'::zeimu.mynumber AS rem0,
       '271828182840'::zeimu.mynumber AS rem1,
       '000000000019'::zeimu.mynumber AS rem2,
       '314159265352'::zeimu.mynumber AS pi,
       '999999999996'::zeimu.mynumber AS nines,
       '621498320257'::zeimu.mynumber AS stdnum;
-- Changing only the check digit of 621498320257 breaks it (stdnum's negative vector).
SELECT '621498320258'::zeimu.mynumber;

-- Every notation and every invalid class, through both the input function
-- and mynumber_is_valid (they must agree: is_valid is true exactly when the
-- cast succeeds).
CREATE TEMP TABLE mn_case (n serial, input text, note text);
INSERT INTO mn_case (input, note) VALUES
	('123456789018', 'plain ASCII'),
	('1234 5678 9018', '4-4-4 with spaces'),
	('1234-5678-9018', '4-4-4 with hyphens'),
	('１２３４５６７８９０１８', 'full-width digits'),
	('１２３４－５６７８－９０１８', 'full-width digits and U+FF0D hyphens'),
	('１２３４　５６７８　９０１８', 'full-width digits and U+3000 spaces'),
	('1234−5678−9018', 'U+2212 minus signs (JIS X 0208 mapping of the SJIS hyphen)'),
	('12３4５678901８', 'ASCII and full-width digits mixed'),
	('  123456789018	', 'padded with blanks and a tab'),
	('　123456789018　', 'padded with U+3000'),
	('012345678903', 'leading zero'),
	('12345678901', 'too short (11 digits)'),
	('1234567890180', 'too long (13 digits)'),
	('12345678901801234567', 'far too long (20 digits)'),
	('', 'empty'),
	('   ', 'blanks only'),
	('1234a5678901', 'letter at position 5'),
	('  1234a5678901', 'letter at position 7 counting the padding'),
	('１２３４Ａ５６７８９０１', 'full-width letter at position 5'),
	('+123456789018', 'sign'),
	('12345678901.8', 'decimal point'),
	('1234	5678	9018', 'tab as a separator'),
	('123456789017', 'check digit off by one'),
	('213456789018', 'two digits transposed'),
	('12345678-9018', 'one separator only'),
	('123-45678-9018', 'separators in the wrong place'),
	('1234--5678-9018', 'double separator'),
	('1234  5678 9018', 'double space'),
	('-1234-5678-9018', 'leading separator'),
	('1234-5678-9018-', 'trailing separator'),
	('1234-5678 9018', 'mixed separators'),
	('1234－5678-9018', 'full-width and ASCII hyphen mixed');
SELECT n, note, zeimu.mynumber_is_valid(input) AS is_valid,
       pg_temp.err(format('SELECT %L::zeimu.mynumber', input)) AS cast
FROM mn_case ORDER BY n;
SELECT count(*) AS disagreements
FROM mn_case
WHERE zeimu.mynumber_is_valid(input) IS DISTINCT FROM
      (pg_temp.err(format('SELECT %L::zeimu.mynumber', input)) = 'ok');

-- NULL in, NULL out.
SELECT NULL::zeimu.mynumber IS NULL AS null_cast, zeimu.mynumber_is_valid(NULL) IS NULL AS null_valid;

-- The error as a clerk sees it.
SELECT '1234 5678 9017'::zeimu.mynumber;
SELECT '1234a5678901'::zeimu.mynumber;
SELECT ''::zeimu.mynumber;

-- No error ever shows more than the last four digits of the input.
SELECT input, pg_temp.leaks(format('SELECT %L::zeimu.mynumber', input),
                            regexp_replace(translate(input, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g')) AS leaks
FROM mn_case
WHERE NOT zeimu.mynumber_is_valid(input) AND length(regexp_replace(input, '[^0-9０-９]', '', 'g')) >= 5
ORDER BY n;
SELECT pg_temp.leaks('SELECT 123456789017::zeimu.mynumber', '123456789017') AS bigint_cast_leaks,
       pg_temp.leaks('SELECT zeimu.mynumber_check_digit(''1234567890123'')', '1234567890123') AS check_digit_leaks;

-- mynumber_check_digit: the check digit for an 11-digit base (arithmetic above).
SELECT zeimu.mynumber_check_digit('12345678901') AS d8,
       zeimu.mynumber_check_digit('01234567890') AS d3,
       zeimu.mynumber_check_digit('11000000000') AS d0_rem0,
       zeimu.mynumber_check_digit('27182818284') AS d0_rem1,
       zeimu.mynumber_check_digit('00000000001') AS d9,
       zeimu.mynumber_check_digit('６２１４９８３２０２５') AS d7_fullwidth;
SELECT zeimu.mynumber_check_digit('123456789018');
SELECT zeimu.mynumber_check_digit('1234-5678-901');
SELECT zeimu.mynumber_check_digit('');

-- mynumber_mask: only the last four digits.
SELECT zeimu.mynumber_mask('123456789018') AS m1, zeimu.mynumber_mask('000000000019') AS m2;

-- bigint -> mynumber: explicit only, validated.
SELECT 123456789018::zeimu.mynumber AS ok, 19::bigint::zeimu.mynumber AS small, zeimu.mynumber(12345678903) AS leading_zero;
SELECT (-1)::bigint::zeimu.mynumber;
SELECT 1000000000000::zeimu.mynumber;
SELECT 123456789017::zeimu.mynumber;
CREATE TEMP TABLE mn_assign (n zeimu.mynumber);
INSERT INTO mn_assign VALUES (123456789018::bigint);
-- text -> mynumber is allowed in assignment (and validates) ...
INSERT INTO mn_assign SELECT '1234-5678-9018'::text;
INSERT INTO mn_assign SELECT '1234-5678-9017'::text;
-- ... but mynumber -> text/varchar/char is explicit only, so a number cannot
-- slip into a text column by assignment.
CREATE TEMP TABLE mn_text (t text, v varchar(20), c char(12));
INSERT INTO mn_text (t) SELECT n FROM mn_assign;
INSERT INTO mn_text (v) SELECT n FROM mn_assign;
INSERT INTO mn_text (c) SELECT n FROM mn_assign;
INSERT INTO mn_text SELECT n::text, n::varchar, n::char(12) FROM mn_assign;
SELECT * FROM mn_text;

-- Operators live in schema zeimu: without it on the search_path they need
-- OPERATOR(zeimu.=); the rest of this file puts zeimu on the search_path.
SELECT '123456789018'::zeimu.mynumber = '1234-5678-9018' AS not_found;
SELECT '123456789018'::zeimu.mynumber OPERATOR(zeimu.=) '1234-5678-9018' AS qualified;
SET search_path = public, zeimu;

-- Comparisons and ordering follow the numeric value (= the 12-digit text order).
SELECT n FROM (VALUES ('999999999996'::zeimu.mynumber), ('000000000019'), ('123456789018'), ('012345678903')) v(n) ORDER BY n;
SELECT '123456789018'::zeimu.mynumber = '1234-5678-9018' AS eq,
       '123456789018'::zeimu.mynumber <> '012345678903' AS ne,
       '012345678903'::zeimu.mynumber < '123456789018' AS lt,
       '012345678903'::zeimu.mynumber <= '012345678903' AS le,
       '999999999996'::zeimu.mynumber > '123456789018' AS gt,
       '999999999996'::zeimu.mynumber >= '999999999996' AS ge;

-- Binary COPY round trip through a server-side file (send then recv).
SELECT current_setting('data_directory') || '/zeimu_regress_mynumber.bin' AS binfile \gset
CREATE TEMP TABLE mn_bin (n zeimu.mynumber);
INSERT INTO mn_bin VALUES ('123456789018'), ('012345678903'), ('000000000019'), (NULL), ('999999999996');
COPY mn_bin TO :'binfile' (FORMAT binary);
CREATE TEMP TABLE mn_bin2 (n zeimu.mynumber);
COPY mn_bin2 FROM :'binfile' (FORMAT binary);
SELECT n FROM mn_bin2 ORDER BY n NULLS LAST;
SELECT (SELECT count(*) FROM mn_bin2) AS rows_back,
       NOT EXISTS (SELECT n FROM mn_bin EXCEPT SELECT n FROM mn_bin2) AS same_values;
-- recv re-validates: the same bytes from a bigint column holding a bad check digit.
CREATE TEMP TABLE mn_raw (n bigint);
INSERT INTO mn_raw VALUES (123456789018), (123456789017);
COPY mn_raw TO :'binfile' (FORMAT binary);
COPY mn_bin2 FROM :'binfile' (FORMAT binary);
-- and a value longer than 12 digits
TRUNCATE mn_raw;
INSERT INTO mn_raw VALUES (1000000000000);
COPY mn_raw TO :'binfile' (FORMAT binary);
COPY mn_bin2 FROM :'binfile' (FORMAT binary);
SELECT count(*) AS still_five FROM mn_bin2;
-- a text-mode COPY error does not carry the number in its message or detail
-- (its CONTEXT line, which does, is kept out of the server log: errhidecontext)
TRUNCATE mn_raw;
INSERT INTO mn_raw VALUES (123456789017);
COPY mn_raw TO :'binfile';
COPY mn_bin2 FROM :'binfile';

-- Hash partitioning needs the extended hash function (FUNCTION 2).
CREATE TABLE mn_part (n zeimu.mynumber) PARTITION BY HASH (n);
CREATE TABLE mn_part_0 PARTITION OF mn_part FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE mn_part_1 PARTITION OF mn_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO mn_part SELECT n FROM mn_bin WHERE n IS NOT NULL;
SELECT count(*) AS total, count(DISTINCT tableoid) AS partitions_used FROM mn_part;
SELECT count(*) AS pruned_to_one FROM mn_part WHERE n = '123456789018';
EXPLAIN (COSTS OFF) SELECT * FROM mn_part WHERE n = '123456789018';
DROP TABLE mn_part;

-- B-tree deduplication is on (btequalimage) and the index is used.
CREATE EXTENSION pageinspect;
CREATE TEMP TABLE mn_idx (n zeimu.mynumber);
INSERT INTO mn_idx SELECT '123456789018' FROM generate_series(1, 1000);
CREATE INDEX mn_idx_n ON mn_idx (n);
SELECT allequalimage FROM bt_metap('mn_idx_n');
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM mn_idx WHERE n = '123456789018';
RESET enable_seqscan;
DROP EXTENSION pageinspect;
RESET search_path;
