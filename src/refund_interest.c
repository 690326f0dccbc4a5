/*-------------------------------------------------------------------------
 *
 * refund_interest.c
 *	  還付加算金 (refund interest on over- and erroneous payments,
 *	  地方税法第17条の4).
 *
 *	- the interest runs from the day after the date each 号 of 17条の4①
 *	  names (zeimu.refund_interest_start) to the day the refund is decided
 *	  (支出を決定した日) or the 充当 date, both given by the caller;
 *	- at the 還付加算金 rate of each calendar year (年7.3%, or the 還付加算金
 *	  特例基準割合 when lower, never under 0.1%: 附則第3条の2), 365 days a
 *	  year even in leap years;
 *	- base truncated below ¥1,000, nothing under ¥2,000; result truncated
 *	  below ¥100, nothing under ¥1,000 (法20条の4の2②⑤, domain_rules §6.4).
 *
 * The rates and units come from the parameter tables (late_charge.c reads
 * them); the engine is coll_accrue().
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "collection.h"

PG_FUNCTION_INFO_V1(refund_interest);

/*
 * refund_interest(amount bigint, first_day date, last_day date
 *				   [, lg_code zeimu.lg_code]) returns bigint
 */
Datum
refund_interest(PG_FUNCTION_ARGS)
{
	int64		amount = PG_GETARG_INT64(0);
	DateADT		first = PG_GETARG_DATEADT(1);
	DateADT		last = PG_GETARG_DATEADT(2);

	coll_check_amount(amount, "refund amount");
	coll_check_date(first, "first day");
	coll_check_date(last, "last day");
	if (last < first)
		PG_RETURN_INT64(0);

	/* one rate: no first-month boundary */
	PG_RETURN_INT64(coll_simple_amount(fcinfo, COLL_REFUND_INTEREST,
									   PG_NARGS() > 3 ? PG_GETARG_INT32(3) : 0,
									   amount, first, first - 1, last));
}
