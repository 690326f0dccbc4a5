-- demo: calendar — era dates and due dates of FY2026 (令和8年度)
\echo 'The standard 納期 of FY2026: each due date, its weekday and era forms, and the day'
\echo 'it really falls due (地方税法第20条の5第2項: Saturdays, Sundays, holidays and 12/29-1/3 move it on).'
SELECT t.tax AS "税目・期別",
       t.due AS "納期限",
       pg_catalog.to_char(t.due, 'Dy') AS dow,
       zeimu.to_wareki(t.due) AS "和暦",
       zeimu.to_wareki(t.due, 'short') AS short,
       zeimu.to_wareki(t.due, 'code7') AS code7,
       zeimu.next_open_day(t.due) AS "実際の納期限",
       pg_catalog.to_char(zeimu.next_open_day(t.due), 'Dy') AS dow2,
       CASE WHEN zeimu.next_open_day(t.due) <> t.due THEN 'moved' ELSE '' END AS note
FROM (VALUES
	('固定資産税 第1期', '2026-04-30'::date),
	('(5/2 の場合)',     '2026-05-02'),
	('軽自動車税',       '2026-05-31'),
	('住民税 第1期',     '2026-06-30'),
	('固定資産税 第2期', '2026-07-31'),
	('住民税 第2期',     '2026-08-31'),
	('住民税 第3期',     '2026-10-31'),
	('固定資産税 第3期', '2026-12-28'),
	('(12/29 の場合)',   '2026-12-29'),
	('住民税 第4期',     '2027-01-31'),
	('固定資産税 第4期', '2027-02-28')) AS t(tax, due)
ORDER BY t.due;

\echo 'Era dates typed by clerks or sent by legacy systems, read back:'
SELECT w AS input, zeimu.wareki_to_date(w) AS date
FROM (VALUES ('令和８年４月１日'), ('R8.4.1'), ('5080401'), ('平成元年1月8日'), ('Ｈ３１．４．３０')) v(w);

\echo 'A date that does not exist in its era is refused with the era range:'
\set ON_ERROR_STOP 0
SELECT zeimu.wareki_to_date('平成31年5月1日');
\set ON_ERROR_STOP 1

\echo 'Holidays of 2026 (国民の祝日に関する法律):'
SELECT day, pg_catalog.to_char(day, 'Dy') AS dow, name FROM zeimu.holidays(2026);
