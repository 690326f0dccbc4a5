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
#include "utils/array.h"

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
