-- collection: rate history and rounding rules for 延滞金 (late charges) and
-- 還付加算金 (refund interest).  Law values are data: the national standard
-- rows carry lg_code '000000'; a municipality adds rows under its own
-- 全国地方公共団体コード.  See doc/collection.md §1.
--
-- Rates are percent per year (7.3 means 年7.3%), at most three decimals.
-- The C kernels receive them as integer thousandths of a percent.

-- ---------------------------------------------------------------------------
-- 本則 (statutory) rates.
--   延滞金: 年14.6%, 年7.3% up to the day one month passes after the 納期限
--     (地方税法第326条① 個人住民税, 第369条① 固定資産税, 第463条の24 軽自動車税
--      種別割, and the like for each tax).
--   還付加算金: 年7.3% (法第17条の4①).
--   還付加算金 floor: 年0.1% (the 還付加算金特例基準割合 is used when it is below
--     7.3%, but never below 0.1%: domain_rules §6.4 [H] 広島市・和歌山県・八街市).
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.collection_statutory_rate (
	lg_code @extschema@.lg_code NOT NULL,
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	late_charge_first_rate numeric NOT NULL,
	late_charge_later_rate numeric NOT NULL,
	refund_interest_rate numeric NOT NULL,
	refund_interest_floor numeric NOT NULL,
	source text NOT NULL,
	PRIMARY KEY (lg_code, valid_from),
	CHECK (late_charge_first_rate BETWEEN 0 AND 100 AND late_charge_first_rate OPERATOR(pg_catalog.=) pg_catalog.round(late_charge_first_rate, 3)),
	CHECK (late_charge_later_rate BETWEEN 0 AND 100 AND late_charge_later_rate OPERATOR(pg_catalog.=) pg_catalog.round(late_charge_later_rate, 3)),
	CHECK (refund_interest_rate BETWEEN 0 AND 100 AND refund_interest_rate OPERATOR(pg_catalog.=) pg_catalog.round(refund_interest_rate, 3)),
	CHECK (refund_interest_floor BETWEEN 0 AND 100 AND refund_interest_floor OPERATOR(pg_catalog.=) pg_catalog.round(refund_interest_floor, 3))
);
COMMENT ON TABLE @extschema@.collection_statutory_rate IS
	'collection: 本則 rates (percent per year) of 延滞金 (法326条① etc.) and 還付加算金 (法17条の4①), by municipality and the date they apply from; lg_code 000000 is the national standard';

-- ---------------------------------------------------------------------------
-- 特例 rates per calendar year (法附則第3条の2).
--   平均貸付割合: announced each December by the 財務大臣 (租税特別措置法第93条②).
--   延滞金特例基準割合 = 平均貸付割合 + 1%  (called 特例基準割合 before 2021).
--   first month  = min(延滞金特例基準割合 + 1%,   7.3%)   (附則3条の2①)
--   later        = min(延滞金特例基準割合 + 7.3%, 14.6%)  (附則3条の2①)
--   猶予特例基準割合 = 平均貸付割合 + 0.5% (from 2021; before 2021 the 猶予
--     periods used the 特例基準割合 itself) — used for 徴収猶予, 換価猶予,
--     執行停止 periods (法15条の9, 附則3条の2②) [M].
--   還付加算金特例基準割合 = 平均貸付割合 + 0.5% (from 2021; before 2021 the
--     特例基準割合) (法附則第3条の2; domain_rules §6.4).
-- The applied rates are stored as published by the cities (they are what the
-- clerk checks); test/pgtap/70_collection_rates.sql checks the relation above
-- on every seeded row.
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.collection_rate (
	lg_code @extschema@.lg_code NOT NULL,
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	average_lending_rate numeric,
	late_charge_base_rate numeric NOT NULL,
	late_charge_first_rate numeric NOT NULL,
	late_charge_later_rate numeric NOT NULL,
	deferral_rate numeric NOT NULL,
	refund_interest_rate numeric NOT NULL,
	source text NOT NULL,
	PRIMARY KEY (lg_code, valid_from),
	CHECK (average_lending_rate BETWEEN 0 AND 100 AND average_lending_rate OPERATOR(pg_catalog.=) pg_catalog.round(average_lending_rate, 3)),
	CHECK (late_charge_base_rate BETWEEN 0 AND 100 AND late_charge_base_rate OPERATOR(pg_catalog.=) pg_catalog.round(late_charge_base_rate, 3)),
	CHECK (late_charge_first_rate BETWEEN 0 AND 100 AND late_charge_first_rate OPERATOR(pg_catalog.=) pg_catalog.round(late_charge_first_rate, 3)),
	CHECK (late_charge_later_rate BETWEEN 0 AND 100 AND late_charge_later_rate OPERATOR(pg_catalog.=) pg_catalog.round(late_charge_later_rate, 3)),
	CHECK (deferral_rate BETWEEN 0 AND 100 AND deferral_rate OPERATOR(pg_catalog.=) pg_catalog.round(deferral_rate, 3)),
	CHECK (refund_interest_rate BETWEEN 0 AND 100 AND refund_interest_rate OPERATOR(pg_catalog.=) pg_catalog.round(refund_interest_rate, 3))
);
COMMENT ON TABLE @extschema@.collection_rate IS
	'collection: 特例 rates (percent per year, 法附則3条の2) of 延滞金, the 猶予特例 rate and the 還付加算金 rate, per calendar year; lg_code 000000 is the national standard';
COMMENT ON COLUMN @extschema@.collection_rate.average_lending_rate IS '平均貸付割合 (租税特別措置法第93条②), announced by the 財務大臣';
COMMENT ON COLUMN @extschema@.collection_rate.late_charge_base_rate IS '延滞金特例基準割合 = 平均貸付割合 + 1% (特例基準割合 before 2021)';
COMMENT ON COLUMN @extschema@.collection_rate.late_charge_first_rate IS 'applied 延滞金 rate up to the day one month passes after the 納期限 = min(基準割合 + 1, 7.3)';
COMMENT ON COLUMN @extschema@.collection_rate.late_charge_later_rate IS 'applied 延滞金 rate after that = min(基準割合 + 7.3, 14.6)';
COMMENT ON COLUMN @extschema@.collection_rate.deferral_rate IS '猶予特例 rate (平均貸付割合 + 0.5% from 2021; the 特例基準割合 before) for 徴収猶予・換価猶予・執行停止 periods';
COMMENT ON COLUMN @extschema@.collection_rate.refund_interest_rate IS '還付加算金 rate (還付加算金特例基準割合 = 平均貸付割合 + 0.5% from 2021; the 特例基準割合 before)';

-- ---------------------------------------------------------------------------
-- Rounding and thresholds (地方税法第20条の4の2②⑤), per kind.
--   base_unit       ② the tax is truncated below this (¥1,000)
--   base_minimum    ② a tax under this gives nothing (¥2,000)
--   result_unit     ⑤ the result is truncated below this (¥100)
--   result_minimum  ⑤ a result under this becomes 0 (¥1,000)
--   days_per_year   365 even in leap years ("閏年の日を含む期間についても、
--                   365日当たりの割合とする", 法附則第3条の2, quoted by
--                   中央市・袋井市; domain_rules §6.2 [H])
-- ---------------------------------------------------------------------------
CREATE TABLE @extschema@.collection_rounding_rule (
	lg_code @extschema@.lg_code NOT NULL,
	kind text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) 'late_charge' OR kind OPERATOR(pg_catalog.=) 'refund_interest'),
	valid_from date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
	base_unit bigint NOT NULL CHECK (base_unit > 0),
	base_minimum bigint NOT NULL CHECK (base_minimum >= 0),
	result_unit bigint NOT NULL CHECK (result_unit > 0),
	result_minimum bigint NOT NULL CHECK (result_minimum >= 0),
	days_per_year integer NOT NULL CHECK (days_per_year BETWEEN 360 AND 366),
	source text NOT NULL,
	PRIMARY KEY (lg_code, kind, valid_from)
);
COMMENT ON TABLE @extschema@.collection_rounding_rule IS
	'collection: rounding and thresholds of 延滞金 and 還付加算金 (地方税法第20条の4の2②⑤) and the 365-day year';

-- ---------------------------------------------------------------------------
-- Seed: the national standard (lg_code 000000).
-- ---------------------------------------------------------------------------
-- The 本則 has applied since 1950, but it is seeded from 2014 only: before
-- 2014 the 特例 (前年11月30日の公定歩合 + 4%) applied and is not seeded here, so
-- a period before 2014 raises "no rate in force" rather than being charged
-- silently at the 本則.  A municipality that needs older years adds both rows.
INSERT INTO @extschema@.collection_statutory_rate VALUES
	('000000', DATE '2014-01-01', 7.3, 14.6, 7.3, 0.1,
	 '地方税法第326条①・第369条①ほか (延滞金 7.3%/14.6%); 第17条の4① (還付加算金 7.3%); floor 0.1% (domain_rules §6.4 [H])');

-- Sources: domain_rules §6.1 — 袋井市 https://www.city.fukuroi.shizuoka.jp/soshiki/nouzei/3/nozei/9403.html ,
-- 米沢市 http://www.city.yonezawa.yamagata.jp/soshiki/1/1004/2/10389.html ,
-- 中央市 https://www.city.chuo.yamanashi.jp/soshiki/zeimu/shuunou/10746.html ,
-- imidas (2018), 広島市・八街市 (還付加算金 2014–2020).
-- 2014–2020: 平均貸付割合 = 特例基準割合 − 1% and the 猶予 rate = 特例基準割合
-- are derived from the published first-month rates (特例基準割合 + 1%) [M].
INSERT INTO @extschema@.collection_rate
	(lg_code, valid_from, average_lending_rate, late_charge_base_rate, late_charge_first_rate,
	 late_charge_later_rate, deferral_rate, refund_interest_rate, source) VALUES
	('000000', DATE '2014-01-01', 0.9, 1.9, 2.9, 9.2, 1.9, 1.9, 'H26: 延滞金 [M] domain_rules §6.1; 還付加算金 1.9% [H] 広島市'),
	('000000', DATE '2015-01-01', 0.8, 1.8, 2.8, 9.1, 1.8, 1.8, 'H27: 延滞金 [M]; 還付加算金 [H] 広島市・八街市'),
	('000000', DATE '2016-01-01', 0.8, 1.8, 2.8, 9.1, 1.8, 1.8, 'H28: 延滞金 [M]; 還付加算金 [H] 広島市・八街市'),
	('000000', DATE '2017-01-01', 0.7, 1.7, 2.7, 9.0, 1.7, 1.7, 'H29: 延滞金 [M]; 還付加算金 [H] 広島市・八街市'),
	('000000', DATE '2018-01-01', 0.6, 1.6, 2.6, 8.9, 1.6, 1.6, 'H30: [H] imidas 2018; 還付加算金 [H] 広島市・八街市'),
	('000000', DATE '2019-01-01', 0.6, 1.6, 2.6, 8.9, 1.6, 1.6, 'H31/R1: [M]; 還付加算金 [H] 広島市・八街市'),
	('000000', DATE '2020-01-01', 0.6, 1.6, 2.6, 8.9, 1.6, 1.6, 'R2: [M]; 還付加算金 [H] 広島市・八街市'),
	('000000', DATE '2021-01-01', 0.5, 1.5, 2.5, 8.8, 1.0, 1.0, 'R3: [H] 袋井市・米沢市・中央市'),
	('000000', DATE '2022-01-01', 0.4, 1.4, 2.4, 8.7, 0.9, 0.9, 'R4: [H] 袋井市・米沢市・中央市'),
	('000000', DATE '2023-01-01', 0.4, 1.4, 2.4, 8.7, 0.9, 0.9, 'R5: [H] 袋井市・米沢市・中央市'),
	('000000', DATE '2024-01-01', 0.4, 1.4, 2.4, 8.7, 0.9, 0.9, 'R6: [H] 袋井市・米沢市・中央市'),
	('000000', DATE '2025-01-01', 0.4, 1.4, 2.4, 8.7, 0.9, 0.9, 'R7: [H] 袋井市・米沢市・中央市'),
	('000000', DATE '2026-01-01', 0.8, 1.8, 2.8, 9.1, 1.3, 1.3, 'R8: [H] 袋井市 (updated 2026-01-01), 中央市; 還付加算金 1.3% [M–H] 袋井市');

INSERT INTO @extschema@.collection_rounding_rule VALUES
	('000000', 'late_charge', DATE '1950-07-31', 1000, 2000, 100, 1000, 365,
	 '地方税法第20条の4の2② (base: truncate below ¥1,000; nothing under ¥2,000), ⑤ (truncate below ¥100; nothing under ¥1,000); 365 days even in leap years: 法附則第3条の2 (domain_rules §6.2 [H])'),
	('000000', 'refund_interest', DATE '1950-07-31', 1000, 2000, 100, 1000, 365,
	 '地方税法第20条の4の2②⑤ as applied to 還付加算金 (広島市・和歌山県・八街市 [H]); 365 days even in leap years');

-- ---------------------------------------------------------------------------
-- The schedule the C kernels read: one row per date on which any rate row
-- starts, with the rates in force from that date (thousandths of a percent).
-- For each date the latest row with valid_from <= date wins; on the same
-- valid_from a municipality's own row wins over the national standard.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.collection_rate_schedule(p_lg_code @extschema@.lg_code)
RETURNS TABLE (valid_from date, late_first integer, late_later integer,
			   deferral integer, refund integer)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	WITH starts AS (
		SELECT s.valid_from FROM @extschema@.collection_statutory_rate s
		 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code OR s.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code
		UNION
		SELECT r.valid_from FROM @extschema@.collection_rate r
		 WHERE r.lg_code OPERATOR(@extschema@.=) p_lg_code OR r.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code
	)
	SELECT d.valid_from,
		   (least(st.late_charge_first_rate, coalesce(sp.late_charge_first_rate, st.late_charge_first_rate)) OPERATOR(pg_catalog.*) 1000)::integer,
		   (least(st.late_charge_later_rate, coalesce(sp.late_charge_later_rate, st.late_charge_later_rate)) OPERATOR(pg_catalog.*) 1000)::integer,
		   (least(st.late_charge_first_rate, coalesce(sp.deferral_rate, st.late_charge_first_rate)) OPERATOR(pg_catalog.*) 1000)::integer,
		   (greatest(st.refund_interest_floor,
				least(st.refund_interest_rate, coalesce(sp.refund_interest_rate, st.refund_interest_rate))) OPERATOR(pg_catalog.*) 1000)::integer
	  FROM starts d
	  JOIN LATERAL (
			SELECT s.* FROM @extschema@.collection_statutory_rate s
			 WHERE (s.lg_code OPERATOR(@extschema@.=) p_lg_code OR s.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
			   AND s.valid_from OPERATOR(pg_catalog.<=) d.valid_from
			 ORDER BY s.valid_from DESC, (s.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC
			 LIMIT 1) st ON true
	  LEFT JOIN LATERAL (
			SELECT r.* FROM @extschema@.collection_rate r
			 WHERE (r.lg_code OPERATOR(@extschema@.=) p_lg_code OR r.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
			   AND r.valid_from OPERATOR(pg_catalog.<=) d.valid_from
			 ORDER BY r.valid_from DESC, (r.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC
			 LIMIT 1) sp ON true
	 ORDER BY d.valid_from
$$;
COMMENT ON FUNCTION @extschema@.collection_rate_schedule(@extschema@.lg_code) IS
	'collection: the applied rates (thousandths of a percent per year) in force from each date for a municipality: least(本則, 特例) for 延滞金, the 猶予特例 rate, and the 還付加算金 rate floored at the statutory floor';

CREATE FUNCTION @extschema@.collection_rounding_schedule(p_lg_code @extschema@.lg_code, p_kind text)
RETURNS TABLE (valid_from date, base_unit bigint, base_minimum bigint, result_unit bigint,
			   result_minimum bigint, days_per_year integer)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT DISTINCT ON (r.valid_from) r.valid_from, r.base_unit, r.base_minimum, r.result_unit,
		   r.result_minimum, r.days_per_year
	  FROM @extschema@.collection_rounding_rule r
	 WHERE (r.lg_code OPERATOR(@extschema@.=) p_lg_code OR r.lg_code OPERATOR(@extschema@.=) '000000'::@extschema@.lg_code)
	   AND r.kind OPERATOR(pg_catalog.=) p_kind
	 ORDER BY r.valid_from, (r.lg_code OPERATOR(@extschema@.=) p_lg_code) DESC
$$;
COMMENT ON FUNCTION @extschema@.collection_rounding_schedule(@extschema@.lg_code, text) IS
	'collection: rounding rules (法20条の4の2②⑤) of a kind (late_charge, refund_interest) in force from each date for a municipality';

GRANT SELECT ON @extschema@.collection_statutory_rate, @extschema@.collection_rate,
	@extschema@.collection_rounding_rule TO zeimu_user;
