-- calendar: the messages a clerk sees (errmsg, DETAIL, HINT) and the holiday
-- list of one year, pinned verbatim.
SET client_min_messages = notice;
SET datestyle = ISO;
-- era dates: long, short, code7; 元年
SELECT d, zeimu.to_wareki(d) AS long, zeimu.to_wareki(d, 'short') AS short, zeimu.to_wareki(d, 'code7') AS code7
FROM (VALUES ('1989-01-07'::date), ('1989-01-08'), ('2019-04-30'), ('2019-05-01'), ('2026-04-01')) v(d);
-- dates outside their era name the era's range and the right era
SELECT zeimu.wareki_to_date('平成31年5月1日');
SELECT zeimu.wareki_to_date('令和元年4月30日');
SELECT zeimu.wareki_to_date('昭和64年1月8日');
SELECT zeimu.wareki_to_date('明治5年12月31日');
SELECT zeimu.wareki_to_date('令和8年2月30日');
SELECT zeimu.wareki_to_date('令和0年5月1日');
-- garbage names the character, never echoes the input
SELECT zeimu.wareki_to_date('令和8年4月1日です');
SELECT zeimu.wareki_to_date('123456789012');
SELECT zeimu.wareki_to_date('6010101');
SELECT zeimu.wareki_to_date('令和八年');
SELECT zeimu.to_wareki('1872-12-31');
SELECT zeimu.to_wareki('2026-04-01', 'iso');
SELECT zeimu.to_wareki('2118-01-01', 'code7');
-- holidays of 2026, and the range limits
SELECT day, to_char(day, 'Dy') AS dow, name FROM zeimu.holidays(2026);
SELECT * FROM zeimu.holidays(1947);
SELECT zeimu.is_national_holiday('2100-01-01');
SELECT zeimu.next_open_day('2026-10-01', '1310');
