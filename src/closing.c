/*-------------------------------------------------------------------------
 *
 * closing.c
 *	  Closing days of local government and the due-date rule.
 *
 * 地方税法第20条の5第2項: a time limit for filing or payment that falls on
 * a 休日 of 民法第142条 (Sunday, a holiday under the holiday law, and other
 * days off such as 1/2 and 1/3), a Saturday, or 12/29, 12/30 or 12/31 moves
 * to the next day.  Those are exactly the national standard closing days of
 * 地方自治法第4条の2 (Saturday, Sunday, national holidays, 12/29 to 1/3),
 * so the one-argument functions here use that set and read no table.
 *
 * A municipality may close on further days by ordinance (地方自治法第4条の2
 * 第2項, e.g. its founding anniversary); those live in the parameter table
 * zeimu.closing_day and the two-argument SQL forms add them
 * (src/sql/020_calendar.sql).  The national rows seeded there are the same
 * 12/29 to 1/3 used here; a test keeps the two in step.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/datetime.h"

#include "calendar.h"

/*
 * The national standard year-end and new-year closing days, 12/29 to 1/3
 * (地方自治法第4条の2第1項第3号; 地方税法第20条の5第2項 with 民法第142条).
 */
static inline bool
is_year_end(int month, int day)
{
	return (month == 12 && day >= 29) || (month == 1 && day <= 3);
}

bool
calendar_is_closed(DateADT date)
{
	int			year,
				month,
				day;
	int			dow;

	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date is infinite"),
				 errdetail("The closing-day calendar needs a real date.")));

	j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	/* the same range for every date, weekend or not */
	holiday_check_year(year);
	dow = j2day(date + POSTGRES_EPOCH_JDATE);
	if (dow == 0 || dow == 6 || is_year_end(month, day))
		return true;
	return holiday_kind(year, month, day, NULL) != HOLIDAY_NONE;
}

PG_FUNCTION_INFO_V1(is_government_closed);
Datum
is_government_closed(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(calendar_is_closed(PG_GETARG_DATEADT(0)));
}

/*
 * The first open day on or after the date.  Runs of closing days are short
 * (the longest, Golden Week 2019, is 4/27 to 5/6: ten days), so the loop
 * ends quickly; the holiday check raises 22008 past 2099.
 */
PG_FUNCTION_INFO_V1(next_open_day);
Datum
next_open_day(PG_FUNCTION_ARGS)
{
	DateADT		date = PG_GETARG_DATEADT(0);

	while (calendar_is_closed(date))
		date++;
	PG_RETURN_DATEADT(date);
}
