/*-------------------------------------------------------------------------
 *
 * installments.c
 *	  Splitting a 確定金額 over its 納期 (地方税法第20条の4の2第6項).
 *
 * The statute: when a tax is paid in two or more installments, a fraction
 * below ¥1,000 of each installment (or the whole installment, when it is
 * below ¥1,000) is added to the first installment; a municipality may set
 * another unit by ordinance (many use ¥100).  Read precisely:
 *
 *		each   = floor(total / periods / unit) * unit	 (periods 2..n)
 *		first  = total - (periods - 1) * each
 *
 * so that the fractions of every installment, the first's own included, end
 * up in the first, and an installment below the unit (total / periods <
 * unit) is 0 with everything in the first.  The sum always equals total.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"

#include "levy.h"

#define LEVY_MAX_PERIODS 12

/*
 * split_installments(total bigint, periods int, unit int) -> bigint[]
 */
PG_FUNCTION_INFO_V1(split_installments);
Datum
split_installments(PG_FUNCTION_ARGS)
{
	int64		total = PG_GETARG_INT64(0);
	int32		periods = PG_GETARG_INT32(1);
	int32		unit = PG_GETARG_INT32(2);
	Datum		elems[LEVY_MAX_PERIODS];
	int64		each;
	int			i;

	if (total < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("installment total must not be negative"),
				 errhint("Split the tax amount, not a refund.")));
	if (periods < 1 || periods > LEVY_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of installments must be between 1 and %d", LEVY_MAX_PERIODS),
				 errdetail("Got %d.", periods)));
	if (unit < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("installment rounding unit must be positive"),
				 errhint("Use 1000 (地方税法第20条の4の2第6項) or the ordinance unit, e.g. 100.")));

	each = levy_trunc(total / periods, unit);
	elems[0] = Int64GetDatum(total - each * (periods - 1));
	for (i = 1; i < periods; i++)
		elems[i] = Int64GetDatum(each);

	PG_RETURN_ARRAYTYPE_P(construct_array(elems, periods, INT8OID,
										  sizeof(int64), FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}
