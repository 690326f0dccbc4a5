-- collection: 延滞金 (late charges).  C kernels in src/late_charge.c and
-- src/civil_period.c; law values from 500_collection_rates.sql.

CREATE FUNCTION @extschema@.civil_period_end(first_day date, months integer) RETURNS date
	AS 'MODULE_PATHNAME', 'civil_period_end' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.civil_period_end(date, integer) IS
	'collection: last day of a period of N months whose first counted day is first_day (民法第143条, 地方税法第20条の5): the day before the corresponding day N months later, or the last day of that month when it has no such day';

CREATE FUNCTION @extschema@.late_charge(tax_amount bigint, due_date date, paid_date date) RETURNS bigint
	AS 'MODULE_PATHNAME', 'late_charge' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.late_charge(bigint, date, date) IS
	'collection: 延滞金 on one installment paid in full on paid_date, at the national standard rates (地方税法第326条①・第369条①, 附則第3条の2, 第20条の4の2②⑤); 0 when paid on or before the due date';

CREATE FUNCTION @extschema@.late_charge(tax_amount bigint, due_date date, paid_date date, lg_code @extschema@.lg_code) RETURNS bigint
	AS 'MODULE_PATHNAME', 'late_charge' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.late_charge(bigint, date, date, @extschema@.lg_code) IS
	'collection: 延滞金 on one installment paid in full, at the rates in force for municipality lg_code (its own rows, else the national standard)';

GRANT EXECUTE ON FUNCTION @extschema@.civil_period_end(date, integer),
	@extschema@.late_charge(bigint, date, date),
	@extschema@.late_charge(bigint, date, date, @extschema@.lg_code),
	@extschema@.collection_rate_schedule(@extschema@.lg_code),
	@extschema@.collection_rounding_schedule(@extschema@.lg_code, text) TO zeimu_user;
