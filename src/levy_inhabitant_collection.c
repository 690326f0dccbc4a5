/*-------------------------------------------------------------------------
 *
 * levy_inhabitant_collection.c
 *	  Splitting an annual individual inhabitant tax into collection amounts:
 *	  給与特別徴収 (地方税法321条の5①: 12 amounts June to May, the fraction
 *	  below the unit, or the whole monthly amount when it is below the unit,
 *	  to June) and 公的年金等特別徴収 (法321条の7の2, 321条の7の8: 仮徴収 in
 *	  April, June and August, 本徴収 in October, December and February).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "levy_inhabitant.h"

static void
li_check_split_args(int64 amount, int64 unit, const char *what)
{
	if (amount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Give the annual tax in yen.")));
	if (unit <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("collection rounding unit must be positive")));
}

static ArrayType *
li_int8_array(const int64 *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * n);
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(v[i]);
	return construct_array(d, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/*
 * special_collection_split_k(annual, unit): 12 amounts, June first.
 * monthly = trunc(annual / 12 to unit); June = annual − 11 × monthly.
 */
PG_FUNCTION_INFO_V1(special_collection_split_k);
Datum
special_collection_split_k(PG_FUNCTION_ARGS)
{
	int64		annual = PG_GETARG_INT64(0);
	int64		unit = PG_GETARG_INT64(1);
	int64		v[12];
	int64		monthly;
	int			i;

	li_check_split_args(annual, unit, "annual tax");
	monthly = (annual / 12) / unit * unit;
	for (i = 1; i < 12; i++)
		v[i] = monthly;
	v[0] = annual - 11 * monthly;
	PG_RETURN_ARRAYTYPE_P(li_int8_array(v, 12));
}

/*
 * pension_special_collection_split_k(previous_annual, annual, unit):
 * {April, June, August, October, December, February}.
 * 仮徴収: each = trunc(previous / 6 to unit), April also takes the fraction
 * of trunc(previous / 2).  本徴収: rest = annual − 仮徴収; each =
 * trunc(rest / 3 to unit), October takes the fraction.  When 仮徴収 already
 * exceeds the annual tax the 本徴収 amounts are 0 (the excess is refunded
 * outside this function).
 */
PG_FUNCTION_INFO_V1(pension_special_collection_split_k);
Datum
pension_special_collection_split_k(PG_FUNCTION_ARGS)
{
	int64		previous = PG_GETARG_INT64(0);
	int64		annual = PG_GETARG_INT64(1);
	int64		unit = PG_GETARG_INT64(2);
	int64		v[6];
	int64		half,
				each,
				rest;

	li_check_split_args(previous, unit, "previous annual tax");
	li_check_split_args(annual, unit, "annual tax");
	half = previous / 2;
	each = (previous / 6) / unit * unit;
	v[1] = v[2] = each;
	v[0] = half - 2 * each;
	rest = annual - half;
	if (rest <= 0)
		v[3] = v[4] = v[5] = 0;
	else
	{
		each = (rest / 3) / unit * unit;
		v[4] = v[5] = each;
		v[3] = rest - 2 * each;
	}
	PG_RETURN_ARRAYTYPE_P(li_int8_array(v, 6));
}

/*
 * A numeric key of a breakdown (zeimu.inhabitant_tax_compute): NULL when the
 * key is absent or JSON null, as (breakdown ->> key) is.
 */
static Numeric
li_breakdown_numeric(Jsonb *b, const char *key)
{
	JsonbValue *v = getKeyJsonValueFromContainer(&b->root, key, strlen(key), NULL);

	if (v == NULL || v->type == jbvNull)
		return NULL;
	if (v->type != jbvNumeric)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("breakdown key \"%s\" is not a number", key),
				 errhint("Pass the breakdown returned by zeimu.inhabitant_tax_compute.")));
	return v->val.numeric;
}

static int64
li_numeric_int8(Numeric n)
{
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(n)));
}

/*
 * inhabitant_pension_share(breakdown, salary_special, unit): the part of the
 * inhabitant tax that falls on the public pension income (法321条の7の2,
 * 公的年金等に係る所得割額): trunc((所得割 市 + 県) × 公的年金等所得 ÷
 * 総所得金額等 to the unit), the numeric divisions of the SQL version it
 * replaces (same rounding), plus 均等割 (市 + 県) and 森林環境税 unless the
 * person is in 給与特別徴収 (then they go with the salary).  0 when the total
 * is 0 or there is no pension or gross income.  NULL when a key of the
 * arithmetic is missing (as the SQL version).
 */
PG_FUNCTION_INFO_V1(inhabitant_pension_share);
Datum
inhabitant_pension_share(PG_FUNCTION_ARGS)
{
	Jsonb	   *b = PG_GETARG_JSONB_P(0);
	bool		salary_special = PG_GETARG_BOOL(1);
	int64		unit = PG_GETARG_INT64(2);
	Numeric		total = li_breakdown_numeric(b, "total");
	Numeric		pension = li_breakdown_numeric(b, "pension_income");
	Numeric		gross = li_breakdown_numeric(b, "gross_income");
	Numeric		city;
	Numeric		pref;
	Numeric		q;
	int64		share;
	int64		pc_city;
	int64		pc_pref;
	int64		forest;

	if ((total != NULL && li_numeric_int8(total) == 0) ||
		(pension == NULL || li_numeric_int8(pension) <= 0) ||
		(gross == NULL || li_numeric_int8(gross) <= 0))
		PG_RETURN_INT64(0);
	city = li_breakdown_numeric(b, "income_levy_city");
	pref = li_breakdown_numeric(b, "income_levy_pref");
	if (city == NULL || pref == NULL)
		PG_RETURN_NULL();
	if (unit == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DIVISION_BY_ZERO),
				 errmsg("pension collection unit must not be zero")));
	/* trunc((city + pref) * pension / gross / unit) */
	q = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(city), NumericGetDatum(pref)));
	q = DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(q), NumericGetDatum(pension)));
	q = DatumGetNumeric(DirectFunctionCall2(numeric_div, NumericGetDatum(q), NumericGetDatum(gross)));
	q = DatumGetNumeric(DirectFunctionCall2(numeric_div, NumericGetDatum(q), NumericGetDatum(int64_to_numeric(unit))));
	q = DatumGetNumeric(DirectFunctionCall2(numeric_trunc, NumericGetDatum(q), Int32GetDatum(0)));
	if (pg_mul_s64_overflow(li_numeric_int8(q), unit, &share))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("bigint out of range")));
	if (salary_special)
		PG_RETURN_INT64(share);
	{
		Numeric		n1 = li_breakdown_numeric(b, "per_capita_city");
		Numeric		n2 = li_breakdown_numeric(b, "per_capita_pref");
		Numeric		n3 = li_breakdown_numeric(b, "forest_env_tax");

		if (n1 == NULL || n2 == NULL || n3 == NULL)
			PG_RETURN_NULL();
		pc_city = li_numeric_int8(n1);
		pc_pref = li_numeric_int8(n2);
		forest = li_numeric_int8(n3);
	}
	if (pg_add_s64_overflow(share, pc_city, &share) ||
		pg_add_s64_overflow(share, pc_pref, &share) ||
		pg_add_s64_overflow(share, forest, &share))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("bigint out of range")));
	PG_RETURN_INT64(share);
}
