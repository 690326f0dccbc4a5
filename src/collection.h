/*-------------------------------------------------------------------------
 *
 * collection.h
 *	  Declarations shared by the collection kernels: the accrual engine
 *	  behind 延滞金 (late charges) and 還付加算金 (refund interest), the rate
 *	  schedule it reads, and 民法第143条 period arithmetic.
 *
 * The kernels hold no law value: rates, rounding units and thresholds come
 * from the parameter tables through collection_rate_schedule() and
 * collection_rounding_schedule() (src/sql/500_collection_rates.sql).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEIMU_COLLECTION_H
#define ZEIMU_COLLECTION_H

#include "fmgr.h"
#include "utils/date.h"

/* Rates are thousandths of a percent per year: 7.3% is 7300. */
#define COLL_RATE_SCALE 100000

/* Remission percentages are hundredths of a percent: 100% is 10000. */
#define COLL_PCT_SCALE 10000

typedef enum CollMode
{
	COLL_LATE_CHARGE,			/* 延滞金: first-month and later rates */
	COLL_REFUND_INTEREST		/* 還付加算金: one rate */
} CollMode;

typedef struct CollRate
{
	DateADT		from;			/* in force from this date */
	int32		late_first;		/* 延滞金, up to one month after 納期限 */
	int32		late_later;		/* 延滞金, after that */
	int32		deferral;		/* 猶予特例 rate */
	int32		refund;			/* 還付加算金 */
} CollRate;

typedef struct CollRule
{
	DateADT		from;
	int64		base_unit;		/* 法20条の4の2②: truncate the base below */
	int64		base_minimum;	/* ②: nothing when the tax is under */
	int64		result_unit;	/* ⑤: truncate the result below */
	int64		result_minimum; /* ⑤: nothing when the result is under */
	int32		days_per_year;	/* 365 even in leap years */
} CollRule;

typedef struct CollSchedule
{
	int32		lg_code;		/* zeimu.lg_code is int4-backed; 0 = national */
	bool		valid;			/* fully loaded */
	CollMode	mode;
	int			nrates;
	CollRate   *rates;
	int			nrules;
	CollRule   *rules;
} CollSchedule;

/* A payment of principal: the charge runs on it through its date. */
typedef struct CollPayment
{
	DateADT		date;
	int64		amount;
} CollPayment;

/* Reduced-rate period kinds. */
#define COLL_REDUCED_EXEMPT		0	/* no charge for the period */
#define COLL_REDUCED_DEFERRAL	1	/* 猶予特例 rate */

typedef struct CollPeriod
{
	DateADT		from;			/* first day, inclusive */
	DateADT		to;				/* last day, inclusive */
	int32		value;			/* reduced: kind; remission: percent x 100 */
} CollPeriod;

typedef struct CollSegment
{
	DateADT		from;
	DateADT		to;
	int32		days;
	int64		principal;		/* outstanding before truncation */
	int64		base;			/* after 法20条の4の2② */
	int32		rate;			/* applied, thousandths of a percent */
	int32		remission;		/* percent x 100 */
	int64		amount;			/* whole yen, truncated */
	int32		key;			/* calendar year x 2 + first-month side */
} CollSegment;

typedef struct CollInput
{
	int64		principal;
	DateADT		start;			/* first day counted */
	DateADT		first_end;		/* last day at the first-month rate */
	DateADT		end;			/* last day counted */
	int			npayments;
	CollPayment *payments;		/* sorted by date */
	int			nreduced;
	CollPeriod *reduced;
	int			nremissions;
	CollPeriod *remissions;
} CollInput;

typedef struct CollResult
{
	int64		raw_total;		/* sum of the truncated segments */
	int64		amount;			/* after 法20条の4の2⑤ */
	int			nsegments;
	CollSegment *segments;		/* only when requested */
} CollResult;

/* civil_period.c */
extern DateADT civil_period_last_day(DateADT start, int months);

/* late_charge.c */
extern CollSchedule *coll_get_schedule(FunctionCallInfo fcinfo, int32 lg_code,
									   CollMode mode);
extern void coll_accrue(const CollSchedule *s, const CollInput *in,
						CollResult *res, bool want_segments);
extern int64 coll_simple_amount(FunctionCallInfo fcinfo, CollMode mode,
								int32 lg_code, int64 principal, DateADT start,
								DateADT first_end, DateADT end);
extern void coll_check_date(DateADT d, const char *what);
extern void coll_check_amount(int64 v, const char *what);

#endif							/* ZEIMU_COLLECTION_H */
