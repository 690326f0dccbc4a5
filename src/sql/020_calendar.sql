-- calendar: era dates (和暦), national holidays, closing days of local
-- government and the due-date rule (doc/calendar.md).
--
-- The one-argument functions are C and read no table: IMMUTABLE PARALLEL
-- SAFE.  The forms that take an lg_code read zeimu.closing_day: STABLE.

CREATE FUNCTION @extschema@.to_wareki(date, style text DEFAULT 'long') RETURNS text
	AS 'MODULE_PATHNAME', 'to_wareki' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.to_wareki(date, text) IS
	'era date (和暦) of a date: style long (令和8年4月1日), short (R8.4.1) or code7 (5080401); from 1873-01-01';

CREATE FUNCTION @extschema@.wareki_to_date(text) RETURNS date
	AS 'MODULE_PATHNAME', 'wareki_to_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wareki_to_date(text) IS
	'date of an era date written long, short or as code7; full-width characters, 元年 and spaces accepted';

CREATE FUNCTION @extschema@.is_national_holiday(date) RETURNS boolean
	AS 'MODULE_PATHNAME', 'is_national_holiday' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_national_holiday(date) IS
	'true on a 国民の祝日, 振替休日, 国民の休日 or one-off 休日 under 国民の祝日に関する法律 (1948-2099)';

CREATE FUNCTION @extschema@.holidays(year integer) RETURNS TABLE (day date, name text)
	AS 'MODULE_PATHNAME', 'holidays' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION @extschema@.holidays(integer) IS
	'the national holidays of a year (1948-2099) with their Japanese names, in date order';

CREATE FUNCTION @extschema@.is_government_closed(date) RETURNS boolean
	AS 'MODULE_PATHNAME', 'is_government_closed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_government_closed(date) IS
	'true on the national standard closing days of local government: Saturday, Sunday, national holidays, 12-29 to 01-03 (地方自治法第4条の2)';

CREATE FUNCTION @extschema@.next_open_day(date) RETURNS date
	AS 'MODULE_PATHNAME', 'next_open_day' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_open_day(date) IS
	'the date itself when open, else the next open day: the due-date rule of 地方税法第20条の5第2項';

-- Closing days set by ordinance (地方自治法第4条の2第1項第3号 and 第2項).
-- lg_code '000000' holds the national standard, 12-29 to 01-03, which every
-- municipality keeps; a municipality adds its own days (e.g. the anniversary
-- of its founding) under its own code.  A row applies to dates in the fiscal
-- years fiscal_year_from .. fiscal_year_until (open-ended when NULL).
CREATE TABLE @extschema@.closing_day (
	lg_code @extschema@.lg_code NOT NULL,
	fiscal_year_from integer NOT NULL
		CONSTRAINT closing_day_fy_from_check CHECK (fiscal_year_from BETWEEN 1948 AND 2099),
	month smallint NOT NULL CONSTRAINT closing_day_month_check CHECK (month BETWEEN 1 AND 12),
	day smallint NOT NULL CONSTRAINT closing_day_day_check CHECK (day BETWEEN 1 AND 31),
	fiscal_year_until integer
		CONSTRAINT closing_day_fy_until_check CHECK (fiscal_year_until >= fiscal_year_from),
	name text NOT NULL,
	basis text NOT NULL,
	CONSTRAINT closing_day_pkey PRIMARY KEY (lg_code, fiscal_year_from, month, day),
	CONSTRAINT closing_day_date_check CHECK (
		day OPERATOR(pg_catalog.<=) (ARRAY[31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]::smallint[])[month])
);
COMMENT ON TABLE @extschema@.closing_day IS
	'closing days of local government by ordinance (地方自治法第4条の2); lg_code 000000 is the national standard 12-29..01-03';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.closing_day', 'WHERE lg_code OPERATOR(@extschema@.<>) ''000000''');

INSERT INTO @extschema@.closing_day (lg_code, fiscal_year_from, month, day, name, basis) VALUES
	('000000', 1948, 12, 29, '年末の休日', '地方自治法第4条の2第1項第3号; 地方税法第20条の5第2項'),
	('000000', 1948, 12, 30, '年末の休日', '地方自治法第4条の2第1項第3号; 地方税法第20条の5第2項'),
	('000000', 1948, 12, 31, '年末の休日', '地方自治法第4条の2第1項第3号; 地方税法第20条の5第2項'),
	('000000', 1948, 1, 1, '年始の休日', '地方自治法第4条の2第1項第3号; 民法第142条'),
	('000000', 1948, 1, 2, '年始の休日', '地方自治法第4条の2第1項第3号; 民法第142条'),
	('000000', 1948, 1, 3, '年始の休日', '地方自治法第4条の2第1項第3号; 民法第142条');

CREATE FUNCTION @extschema@.is_government_closed(d date, lg_code @extschema@.lg_code) RETURNS boolean
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	fy integer;
BEGIN
	-- Saturday, Sunday, national holidays and the national 12-29..01-03.
	IF @extschema@.is_government_closed(d) THEN
		RETURN true;
	END IF;
	-- The fiscal year of d starts on April 1 (地方自治法第208条第1項).
	fy := pg_catalog.date_part('year', d OPERATOR(pg_catalog.-) interval '3 months')::integer;
	RETURN EXISTS (
		SELECT FROM @extschema@.closing_day c
		WHERE (c.lg_code OPERATOR(@extschema@.=) is_government_closed.lg_code
		       OR c.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
		  AND c.month OPERATOR(pg_catalog.=) pg_catalog.date_part('month', d)::smallint
		  AND c.day OPERATOR(pg_catalog.=) pg_catalog.date_part('day', d)::smallint
		  AND c.fiscal_year_from OPERATOR(pg_catalog.<=) fy
		  AND (c.fiscal_year_until IS NULL OR c.fiscal_year_until OPERATOR(pg_catalog.>=) fy));
END
$$;
COMMENT ON FUNCTION @extschema@.is_government_closed(date, @extschema@.lg_code) IS
	'true on a closing day of the municipality: the national standard days plus its own days in zeimu.closing_day';

CREATE FUNCTION @extschema@.next_open_day(d date, lg_code @extschema@.lg_code) RETURNS date
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r date := d;
BEGIN
	WHILE @extschema@.is_government_closed(r, lg_code) LOOP
		r := r OPERATOR(pg_catalog.+) 1;
	END LOOP;
	RETURN r;
END
$$;
COMMENT ON FUNCTION @extschema@.next_open_day(date, @extschema@.lg_code) IS
	'the date itself when the municipality is open, else its next open day (地方税法第20条の5第2項, 地方自治法第4条の2第4項)';

GRANT EXECUTE ON FUNCTION
	@extschema@.to_wareki(date, text),
	@extschema@.wareki_to_date(text),
	@extschema@.is_national_holiday(date),
	@extschema@.holidays(integer),
	@extschema@.is_government_closed(date),
	@extschema@.next_open_day(date),
	@extschema@.is_government_closed(date, @extschema@.lg_code),
	@extschema@.next_open_day(date, @extschema@.lg_code)
	TO zeimu_user;
GRANT SELECT ON @extschema@.closing_day TO zeimu_user;
