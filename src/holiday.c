/*-------------------------------------------------------------------------
 *
 * holiday.c
 *	  Japanese national holidays under 国民の祝日に関する法律 (昭和23年法律
 *	  第178号, "the holiday law") and the one-off laws, 1948-2099.
 *
 * A year's holidays are built once per backend from the rules below and
 * kept in a small table indexed by day of year.  Every rule names the
 * provision and the amendment that brought it in; the dates a rule applies
 * from are those amendments' dates of effect.
 *
 *	法第2条			the list of 国民の祝日 (amended 1966, 1989, 1995, 1998,
 *					2001, 2005, 2014, 2017, 2018)
 *	法第3条第2項	振替休日: from 1973-04-12 (昭和48年法律第10号) the day
 *					after a 祝日 falling on a Sunday; from 2007-01-01
 *					(平成17年法律第43号) the nearest following day that is
 *					not a 祝日
 *	法第3条第3項	国民の休日: from 1985-12-27 (昭和60年法律第103号) a day
 *					whose day before and day after are both 祝日, unless it
 *					is a Sunday or a 振替休日
 *
 * The equinox days (春分日, 秋分日) are fixed each February for the next
 * year by the 国立天文台 (暦要項); beyond the published years we use the
 * standard approximation formula, valid for 1900-2099 (doc/calendar.md).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

#include "calendar.h"

#define YMD(y, m, d)	((y) * 10000 + (m) * 100 + (d))

/* Dates of effect of the holiday law and its amendments. */
#define LAW_IN_FORCE		YMD(1948, 7, 20)	/* 昭和23年法律第178号 */
#define SUBSTITUTE_FROM		YMD(1973, 4, 12)	/* 昭和48年法律第10号 */
#define CITIZENS_FROM		YMD(1985, 12, 27)	/* 昭和60年法律第103号 */
#define SUBSTITUTE_2007		2007		/* 平成17年法律第43号 */

typedef struct HolidayYear
{
	uint8		kind[367];		/* HolidayKind by day of year (1-based) */
	const char *name[367];
} HolidayYear;

static HolidayYear *holiday_cache[HOLIDAY_LAST_YEAR - HOLIDAY_FIRST_YEAR + 1];

static inline int
day_of_year(int year, int month, int day)
{
	return date2j(year, month, day) - date2j(year, 1, 1) + 1;
}

/* 0 = Sunday ... 6 = Saturday */
static inline int
weekday(int year, int month, int day)
{
	return j2day(date2j(year, month, day));
}

/* The n-th Monday of a month ("ハッピーマンデー", 平成10年・13年改正). */
static int
nth_monday(int year, int month, int n)
{
	int			first = 1 + (8 - weekday(year, month, 1)) % 7;

	return first + 7 * (n - 1);
}

/*
 * Equinox days by the standard approximation (valid 1900-2099), in integer
 * arithmetic with coefficients scaled by 10^6:
 *	1980-2099: 春分 = int(20.8431 + 0.242194 (Y-1980) - int((Y-1980)/4))
 *			   秋分 = int(23.2488 + 0.242194 (Y-1980) - int((Y-1980)/4))
 *	1900-1979: 春分 = int(20.8357 + 0.242194 (Y-1980) - int((Y-1983)/4))
 *			   秋分 = int(23.2588 + 0.242194 (Y-1980) - int((Y-1983)/4))
 * int() truncates toward zero, as C's integer division does.
 */
static int
equinox_day(int year, bool spring)
{
	int			base;
	int			leap;

	if (year >= 1980)
	{
		base = spring ? 20843100 : 23248800;
		leap = (year - 1980) / 4;
	}
	else
	{
		base = spring ? 20835700 : 23258800;
		leap = (year - 1983) / 4;
	}
	return (base + 242194 * (year - 1980)) / 1000000 - leap;
}

static void
mark(HolidayYear *h, int year, int month, int day, HolidayKind kind,
	 const char *name)
{
	int			doy;

	if (YMD(year, month, day) < LAW_IN_FORCE)
		return;
	doy = day_of_year(year, month, day);
	h->kind[doy] = (uint8) kind;
	h->name[doy] = name;
}

static void
shukujitsu(HolidayYear *h, int year, int month, int day, const char *name)
{
	mark(h, year, month, day, HOLIDAY_SHUKUJITSU, name);
}

/* 法第2条: the 国民の祝日 of a year, with every change of the list. */
static void
build_shukujitsu(HolidayYear *h, int y)
{
	shukujitsu(h, y, 1, 1, "元日");

	/* 成人の日: 1/15; 1月の第2月曜日 from 2000 (平成10年法律第141号) */
	shukujitsu(h, y, 1, y < 2000 ? 15 : nth_monday(y, 1, 2), "成人の日");

	/* 建国記念の日: 政令で定める日 = 2/11, from 1967 (昭和41年法律第86号) */
	if (y >= 1967)
		shukujitsu(h, y, 2, 11, "建国記念の日");

	/*
	 * 天皇誕生日: 4/29 until 1988; 12/23 from 1989 (平成元年法律第5号); 2/23
	 * from 2020 (天皇の退位等に関する皇室典範特例法 附則, in force
	 * 2019-04-30).  There is none in 2019.
	 */
	if (y <= 1988)
		shukujitsu(h, y, 4, 29, "天皇誕生日");
	else if (y <= 2018)
		shukujitsu(h, y, 12, 23, "天皇誕生日");
	else if (y >= 2020)
		shukujitsu(h, y, 2, 23, "天皇誕生日");

	shukujitsu(h, y, 3, equinox_day(y, true), "春分の日");

	/* 4/29: みどりの日 1989-2006; 昭和の日 from 2007 (平成17年法律第43号) */
	if (y >= 1989 && y <= 2006)
		shukujitsu(h, y, 4, 29, "みどりの日");
	else if (y >= 2007)
		shukujitsu(h, y, 4, 29, "昭和の日");

	shukujitsu(h, y, 5, 3, "憲法記念日");
	/* 5/4 みどりの日 from 2007 (平成17年法律第43号) */
	if (y >= 2007)
		shukujitsu(h, y, 5, 4, "みどりの日");
	shukujitsu(h, y, 5, 5, "こどもの日");

	/*
	 * 海の日: 7/20 from 1996 (平成7年法律第22号); 7月の第3月曜日 from 2003
	 * (平成13年法律第59号); moved for the Olympic Games to 2020-07-23 and
	 * 2021-07-22 (東京オリンピック・パラリンピック特別措置法, as amended in
	 * 2018 and 2020).
	 */
	if (y == 2020)
		shukujitsu(h, y, 7, 23, "海の日");
	else if (y == 2021)
		shukujitsu(h, y, 7, 22, "海の日");
	else if (y >= 2003)
		shukujitsu(h, y, 7, nth_monday(y, 7, 3), "海の日");
	else if (y >= 1996)
		shukujitsu(h, y, 7, 20, "海の日");

	/* 山の日: 8/11 from 2016 (平成26年法律第43号); 2020-08-10, 2021-08-08 */
	if (y == 2020)
		shukujitsu(h, y, 8, 10, "山の日");
	else if (y == 2021)
		shukujitsu(h, y, 8, 8, "山の日");
	else if (y >= 2016)
		shukujitsu(h, y, 8, 11, "山の日");

	/*
	 * 敬老の日: 9/15 from 1966 (昭和41年法律第86号); 9月の第3月曜日 from
	 * 2003 (平成13年法律第59号).
	 */
	if (y >= 2003)
		shukujitsu(h, y, 9, nth_monday(y, 9, 3), "敬老の日");
	else if (y >= 1966)
		shukujitsu(h, y, 9, 15, "敬老の日");

	shukujitsu(h, y, 9, equinox_day(y, false), "秋分の日");

	/*
	 * 体育の日: 10/10 from 1966 (昭和41年法律第86号); 10月の第2月曜日 from
	 * 2000 (平成10年法律第141号); renamed スポーツの日 from 2020 (平成30年
	 * 法律第57号), on 2020-07-24 and 2021-07-23 for the Olympic Games
	 * (特別措置法, as above).
	 */
	if (y == 2020)
		shukujitsu(h, y, 7, 24, "スポーツの日");
	else if (y == 2021)
		shukujitsu(h, y, 7, 23, "スポーツの日");
	else if (y >= 2022)
		shukujitsu(h, y, 10, nth_monday(y, 10, 2), "スポーツの日");
	else if (y >= 2000)
		shukujitsu(h, y, 10, nth_monday(y, 10, 2), "体育の日");
	else if (y >= 1966)
		shukujitsu(h, y, 10, 10, "体育の日");

	shukujitsu(h, y, 11, 3, "文化の日");
	shukujitsu(h, y, 11, 23, "勤労感謝の日");
}

/* Days off by their own laws. */
static void
build_one_off(HolidayYear *h, int y)
{
	switch (y)
	{
		case 1959:
			/* 皇太子明仁親王の結婚の儀の行われる日を休日とする法律 */
			mark(h, y, 4, 10, HOLIDAY_ONE_OFF, "皇太子明仁親王の結婚の儀");
			break;
		case 1989:
			/* 昭和天皇の大喪の礼の行われる日を休日とする法律 */
			mark(h, y, 2, 24, HOLIDAY_ONE_OFF, "昭和天皇の大喪の礼");
			break;
		case 1990:
			/* 即位礼正殿の儀の行われる日を休日とする法律 */
			mark(h, y, 11, 12, HOLIDAY_ONE_OFF, "即位礼正殿の儀");
			break;
		case 1993:
			/* 皇太子徳仁親王の結婚の儀の行われる日を休日とする法律 */
			mark(h, y, 6, 9, HOLIDAY_ONE_OFF, "皇太子徳仁親王の結婚の儀");
			break;
		case 2019:

			/*
			 * 平成30年法律第99号: both days are 休日 treated as 国民の祝日,
			 * so 4/30 and 5/2 become 国民の休日 by 法第3条第3項.
			 */
			mark(h, y, 5, 1, HOLIDAY_SHUKUJITSU, "天皇の即位の日");
			mark(h, y, 10, 22, HOLIDAY_SHUKUJITSU, "即位礼正殿の儀");
			break;
		default:
			break;
	}
}

static void
build_year(HolidayYear *h, int y)
{
	int			ndays = day_of_year(y, 12, 31);
	int			jan1 = date2j(y, 1, 1);
	int			doy;

	build_shukujitsu(h, y);
	build_one_off(h, y);

	/* 法第3条第2項: 振替休日 */
	for (doy = 1; doy <= ndays; doy++)
	{
		int			year,
					month,
					day;
		int			next;

		if (h->kind[doy] != HOLIDAY_SHUKUJITSU || j2day(jan1 + doy - 1) != 0)
			continue;
		j2date(jan1 + doy - 1, &year, &month, &day);
		if (YMD(year, month, day) < SUBSTITUTE_FROM)
			continue;
		next = doy + 1;
		if (y >= SUBSTITUTE_2007)
		{
			/* the nearest following day that is not a 国民の祝日 */
			while (next <= ndays && h->kind[next] == HOLIDAY_SHUKUJITSU)
				next++;
		}
		if (next <= ndays && h->kind[next] == HOLIDAY_NONE)
		{
			h->kind[next] = HOLIDAY_SUBSTITUTE;
			h->name[next] = "振替休日";
		}
	}

	/* 法第3条第3項: 国民の休日 */
	for (doy = 2; doy < ndays; doy++)
	{
		int			year,
					month,
					day;

		if (h->kind[doy] != HOLIDAY_NONE ||
			h->kind[doy - 1] != HOLIDAY_SHUKUJITSU ||
			h->kind[doy + 1] != HOLIDAY_SHUKUJITSU ||
			j2day(jan1 + doy - 1) == 0)
			continue;
		j2date(jan1 + doy - 1, &year, &month, &day);
		if (YMD(year, month, day) < CITIZENS_FROM)
			continue;
		h->kind[doy] = HOLIDAY_CITIZENS;
		h->name[doy] = "国民の休日";
	}
}

/*
 * Raises 22008 for a year outside 1948-2099, saying what the clerk can do.
 */
void
holiday_check_year(int year)
{
	if (year < HOLIDAY_FIRST_YEAR || year > HOLIDAY_LAST_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("year %d is outside the holiday calendar", year),
				 errdetail("zeimu knows the national holidays for %d to %d: 国民の祝日に関する法律 took effect on 1948-07-20 and the equinox formula holds to 2099.",
						   HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR),
				 errhint("Check the year of the date; for other years consult the 官報.")));
}

static HolidayYear *
holiday_year(int year)
{
	int			i;

	holiday_check_year(year);
	i = year - HOLIDAY_FIRST_YEAR;
	if (holiday_cache[i] == NULL)
	{
		HolidayYear *h = MemoryContextAllocZero(TopMemoryContext,
												sizeof(HolidayYear));

		build_year(h, year);
		holiday_cache[i] = h;
	}
	return holiday_cache[i];
}

/*
 * The kind of day off a date is, and its name (NULL for an ordinary day).
 */
HolidayKind
holiday_kind(int year, int month, int day, const char **name)
{
	HolidayYear *h = holiday_year(year);
	int			doy = day_of_year(year, month, day);

	if (name)
		*name = h->name[doy];
	return (HolidayKind) h->kind[doy];
}

static void
check_finite(DateADT date)
{
	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date is infinite"),
				 errdetail("The holiday calendar needs a real date.")));
}

PG_FUNCTION_INFO_V1(is_national_holiday);
Datum
is_national_holiday(PG_FUNCTION_ARGS)
{
	DateADT		date = PG_GETARG_DATEADT(0);
	int			year,
				month,
				day;

	check_finite(date);
	j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	PG_RETURN_BOOL(holiday_kind(year, month, day, NULL) != HOLIDAY_NONE);
}

PG_FUNCTION_INFO_V1(holidays);
Datum
holidays(PG_FUNCTION_ARGS)
{
	int32		year = PG_GETARG_INT32(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HolidayYear *h;
	int			jan1;
	int			ndays;
	int			doy;

	h = holiday_year(year);
	InitMaterializedSRF(fcinfo, 0);

	jan1 = date2j(year, 1, 1);
	ndays = date2j(year, 12, 31) - jan1 + 1;
	for (doy = 1; doy <= ndays; doy++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		const char *name = h->name[doy];

		if (h->kind[doy] == HOLIDAY_NONE)
			continue;
		name = pg_any_to_server(name, strlen(name), PG_UTF8);
		values[0] = DateADTGetDatum(jan1 + doy - 1 - POSTGRES_EPOCH_JDATE);
		values[1] = CStringGetTextDatum(name);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}
	return (Datum) 0;
}
