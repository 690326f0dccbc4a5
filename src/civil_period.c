/*-------------------------------------------------------------------------
 *
 * civil_period.c
 *	  Periods counted in months or years, the way 民法第143条 counts them
 *	  (applied to local tax by 地方税法第20条の5①).
 *
 * A period of N months whose first counted day (起算日) is S:
 *
 *	- 143条①: months are counted by the calendar, not in days;
 *	- when S is the first day of a month, the period ends on the last day of
 *	  the N-th month (a whole calendar month counted from its start);
 *	- 143条②: otherwise it ends on the day before the day of the final month
 *	  that corresponds to S (応当日); when the final month has no such day,
 *	  on the last day of that month.
 *
 * The first case is the second with 応当日 = the 1st of the month after, so
 * one rule covers both: the day before S's day-of-month N months later,
 * or the last day of that month when the day does not exist.
 *
 *	S = 2025-02-01 (納期限 01-31), N = 1: 応当日 03-01, ends 2025-02-28
 *	S = 2025-01-31 (納期限 01-30), N = 1: no 02-31, ends 2025-02-28
 *	S = 2025-05-01 (納期限 04-30), N = 1: 応当日 06-01, ends 2025-05-31
 *	S = 2024-01-30 (納期限 01-29), N = 1: no 02-30, ends 2024-02-29
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "collection.h"

static int
days_in_month(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/*
 * Last day of the period of `months` months whose first counted day is
 * `start`.  The caller has checked that start is finite.
 */
DateADT
civil_period_last_day(DateADT start, int months)
{
	int			y,
				m,
				d;
	int			total;

	j2date(start + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	total = (m - 1) + months;
	y += total / 12;
	m = total % 12 + 1;
	if (d > days_in_month(y, m))
		return date2j(y, m, days_in_month(y, m)) - POSTGRES_EPOCH_JDATE;
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE - 1;
}

PG_FUNCTION_INFO_V1(civil_period_end);

/*
 * civil_period_end(first_day date, months integer) returns date
 */
Datum
civil_period_end(PG_FUNCTION_ARGS)
{
	DateADT		start = PG_GETARG_DATEADT(0);
	int32		months = PG_GETARG_INT32(1);

	coll_check_date(start, "first_day");
	if (months < 1 || months > 1200)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("period length %d months is out of range", months),
				 errdetail("A period is counted in whole months from 1 to 1200."),
				 errhint("Count years as 12 months each.")));
	PG_RETURN_DATEADT(civil_period_last_day(start, months));
}
