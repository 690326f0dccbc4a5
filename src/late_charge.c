/*-------------------------------------------------------------------------
 *
 * late_charge.c
 *	  延滞金 (late charges on local tax) and the accrual engine it shares
 *	  with 還付加算金 (refund interest, refund_interest.c).
 *
 * The law (地方税法第326条① for 個人住民税, 第369条① for 固定資産税 and the
 * like for each tax; 特例 法附則第3条の2; rounding 第20条の4の2②⑤):
 *
 *	- the charge runs from the day after the 納期限 to the payment day,
 *	  inclusive;
 *	- at the first-month rate up to the day one month passes (1月を経過する日,
 *	  民法第143条, civil_period.c), at the later rate after it;
 *	- rates are per calendar year, so days are also split at each 1 January;
 *	- each segment is base x rate x days / 365 (365 even in leap years),
 *	  truncated to whole yen (豊橋市's worked example: "(a)(b)(c)については
 *	  1円未満の端数を切捨て"), and the segments are summed;
 *	- the base is the tax truncated below ¥1,000, nothing when the tax is
 *	  under ¥2,000 (②); the sum is truncated below ¥100 and dropped when it
 *	  is under ¥1,000 (⑤).
 *
 * Partial payments (法326条②): the days after a payment use the reduced tax
 * as the base, truncated again.  Reduced-rate periods (徴収猶予, 換価猶予,
 * 執行停止: 法15条の9, 附則3条の2) use the 猶予特例 rate when it is lower, or
 * no charge (an exempt period).  減免 (by 条例 or 要綱) removes a percentage
 * of each segment that falls in its period.
 *
 * No rate, unit or threshold is written here: they come from the parameter
 * tables through collection_rate_schedule() and collection_rounding_schedule()
 * (src/sql/500_collection_rates.sql), read once per query and kept in
 * fn_extra.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "collection.h"

/* Dates the engine accepts: 1900-01-01 .. 9999-12-31. */
#define COLL_MIN_DATE	(-36524)
#define COLL_MAX_DATE	(2921939)

void
coll_check_date(DateADT d, const char *what)
{
	if (DATE_NOT_FINITE(d) || d < COLL_MIN_DATE || d > COLL_MAX_DATE)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range", what),
				 errdetail("Dates must lie between 1900-01-01 and 9999-12-31."),
				 errhint("Pass the calendar date itself, not infinity.")));
}

/* Amounts above a thousand trillion yen are typing mistakes, not taxes. */
#define COLL_MAX_AMOUNT INT64CONST(1000000000000000)

void
coll_check_amount(int64 v, const char *what)
{
	if (v > COLL_MAX_AMOUNT)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range", what),
				 errdetail("Amounts up to 1,000,000,000,000,000 yen are accepted."),
				 errhint("Check the amount for extra digits.")));
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must not be negative", what),
				 errdetail("The amount given was " INT64_FORMAT " yen.", v),
				 errhint("Pass the amount in whole yen, zero or more.")));
}

/* Run one schedule query (fmt names the schema as %1$s) under SPI. */
static uint64
run_schedule_query(StringInfo q, const char *nsp, const char *fmt,
				   int nargs, Oid *argtypes, Datum *args)
{
	int			rc;

	resetStringInfo(q);
	appendStringInfo(q, fmt, quote_identifier(nsp));
	rc = SPI_execute_with_args(q->data, nargs, argtypes, args, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading the collection schedule failed: %s", SPI_result_code_string(rc));
	return SPI_processed;
}

/* Column col (1-based) of row i of the last SPI result; the columns are NOT NULL. */
static Datum
spi_value(uint64 i, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, col, &isnull);

	if (isnull)
		elog(ERROR, "collection schedule column %d is null", col);
	return d;
}

/*
 * Read the schedule for lg_code through SPI into memory that lives as long
 * as fcinfo's FmgrInfo (one query), unless it is cached there already.
 */
CollSchedule *
coll_get_schedule(FunctionCallInfo fcinfo, int32 lg_code, CollMode mode)
{
	CollSchedule *s = (CollSchedule *) fcinfo->flinfo->fn_extra;
	MemoryContext oldcxt;
	char	   *nsp;
	StringInfoData q;
	Oid			argtypes[2] = {TEXTOID, TEXTOID};
	Datum		args[2];
	uint64		i;
	int			rc;

	if (s != NULL && s->valid && s->mode == mode && s->lg_code == lg_code)
		return s;

	nsp = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	oldcxt = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (s == NULL)
		s = (CollSchedule *) palloc0(sizeof(CollSchedule));
	else
	{
		if (s->rates)
			pfree(s->rates);
		if (s->rules)
			pfree(s->rules);
		s->rates = NULL;
		s->rules = NULL;
	}
	MemoryContextSwitchTo(oldcxt);
	s->lg_code = lg_code;
	s->mode = mode;
	/* unusable until it is complete */
	s->valid = false;
	fcinfo->flinfo->fn_extra = s;

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	initStringInfo(&q);

	/* the lg_code type's text form is its six digits */
	args[0] = CStringGetTextDatum(psprintf("%06d", lg_code));
	args[1] = CStringGetTextDatum(mode == COLL_LATE_CHARGE ? "late_charge" : "refund_interest");

	s->nrates = (int) run_schedule_query(&q, nsp,
										 "SELECT valid_from, late_first, late_later, deferral, refund "
										 "FROM %1$s.collection_rate_schedule($1::%1$s.lg_code) ORDER BY valid_from",
										 1, argtypes, args);
	s->rates = (CollRate *) MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
												   sizeof(CollRate) * (s->nrates + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		s->rates[i].from = DatumGetDateADT(spi_value(i, 1));
		s->rates[i].late_first = DatumGetInt32(spi_value(i, 2));
		s->rates[i].late_later = DatumGetInt32(spi_value(i, 3));
		s->rates[i].deferral = DatumGetInt32(spi_value(i, 4));
		s->rates[i].refund = DatumGetInt32(spi_value(i, 5));
	}

	s->nrules = (int) run_schedule_query(&q, nsp,
										 "SELECT valid_from, base_unit, base_minimum, result_unit, result_minimum, days_per_year "
										 "FROM %1$s.collection_rounding_schedule($1::%1$s.lg_code, $2) ORDER BY valid_from",
										 2, argtypes, args);
	s->rules = (CollRule *) MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
												   sizeof(CollRule) * (s->nrules + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		s->rules[i].from = DatumGetDateADT(spi_value(i, 1));
		s->rules[i].base_unit = DatumGetInt64(spi_value(i, 2));
		s->rules[i].base_minimum = DatumGetInt64(spi_value(i, 3));
		s->rules[i].result_unit = DatumGetInt64(spi_value(i, 4));
		s->rules[i].result_minimum = DatumGetInt64(spi_value(i, 5));
		s->rules[i].days_per_year = DatumGetInt32(spi_value(i, 6));
	}
	SPI_finish();

	s->valid = true;
	return s;
}

static void
report_no_rate(DateADT d, bool rule)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no %s in force on %s", rule ? "rounding rule" : "rate",
					DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)))),
			 errdetail("The rate history starts later than the period to be charged."),
			 errhint("Add the missing years to zeimu.collection_rate or zeimu.collection_rounding_rule.")));
}

/* Index of the row in force on d (latest from <= d), starting the search at hint. */
static int
rate_index(const CollSchedule *s, DateADT d, int hint)
{
	int			i = hint < 0 ? 0 : hint;

	if (i < s->nrates && s->rates[i].from > d)
		i = 0;
	if (s->nrates == 0 || s->rates[0].from > d)
		report_no_rate(d, false);
	while (i + 1 < s->nrates && s->rates[i + 1].from <= d)
		i++;
	return i;
}

/* 1 January of the year after d. */
static DateADT
next_jan1(DateADT d)
{
	int			y,
				m,
				dd;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	return date2j(y + 1, 1, 1) - POSTGRES_EPOCH_JDATE;
}

static inline int64
truncate_to(int64 v, int64 unit)
{
	return (v / unit) * unit;
}

/* floor(base * rate * days / (days_per_year * COLL_RATE_SCALE)), all >= 0 */
static int64
segment_amount(int64 base, int32 rate, int32 days, int32 days_per_year, int32 remission)
{
	int64		amount;

#ifdef HAVE_INT128
	int128		num = (int128) base * rate * days;

	amount = (int64) (num / ((int128) days_per_year * COLL_RATE_SCALE));
#else
	int64		num;

	if (pg_mul_s64_overflow(base, (int64) rate, &num) ||
		pg_mul_s64_overflow(num, (int64) days, &num))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("charge on " INT64_FORMAT " yen over %d days is out of range", base, days)));
	amount = num / ((int64) days_per_year * COLL_RATE_SCALE);
#endif
	if (remission > 0)
	{
		/* keep the part not remitted, truncated to whole yen */
#ifdef HAVE_INT128
		amount = (int64) (((int128) amount * (COLL_PCT_SCALE - remission)) / COLL_PCT_SCALE);
#else
		amount = amount / COLL_PCT_SCALE * (COLL_PCT_SCALE - remission) +
			(amount % COLL_PCT_SCALE) * (COLL_PCT_SCALE - remission) / COLL_PCT_SCALE;
#endif
	}
	return amount;
}

/* Compute a finished segment's truncated amount; keep it when asked. */
static int64
close_segment(CollSegment *seg, const CollRule *rule, CollResult *res,
			  bool want_segments)
{
	seg->days = seg->to - seg->from + 1;
	seg->amount = segment_amount(seg->base, seg->rate, seg->days,
								 rule->days_per_year, seg->remission);
	if (want_segments)
		res->segments[res->nsegments++] = *seg;
	return seg->amount;
}

/*
 * The engine.  Walks [start, end] in pieces, cutting at every date where
 * the base, the rate or the remission can change, merges neighbouring pieces
 * that agree on all of them and lie in the same calendar year on the same
 * side of the first-month boundary, and sums the truncated segments.
 */
void
coll_accrue(const CollSchedule *s, const CollInput *in, CollResult *res,
			bool want_segments)
{
	const CollRule *rule = NULL;
	DateADT		cur;
	int			ri = 0;
	int			pi = 0;
	int64		outstanding = in->principal;
	int			i;
	int			maxseg = 0;
	bool		open = false;
	CollSegment seg = {0};
	int64		total = 0;

	res->raw_total = 0;
	res->amount = 0;
	res->nsegments = 0;
	res->segments = NULL;

	if (in->end < in->start)
		return;

	/* rounding rule in force on the first day counted */
	for (i = 0; i < s->nrules; i++)
		if (s->rules[i].from <= in->start)
			rule = &s->rules[i];
	if (rule == NULL)
		report_no_rate(in->start, true);

	if (want_segments)
	{
		/* one piece per boundary (1 January, first-month end, rate row, event), doubled for margin */
		maxseg = (in->end - in->start) / 365 + 4 + in->npayments +
			2 * in->nreduced + 2 * in->nremissions + s->nrates;
		res->segments = (CollSegment *) palloc(sizeof(CollSegment) * maxseg * 2);
	}

	/* payments dated on or before the due date lower the base from the start */
	while (pi < in->npayments && in->payments[pi].date < in->start)
	{
		outstanding -= Min(in->payments[pi].amount, outstanding);
		pi++;
	}
	if (outstanding == 0)
		return;

	cur = in->start;
	while (cur <= in->end)
	{
		DateADT		next = in->end + 1;
		DateADT		c;
		int64		base;
		int32		rate;
		int32		remission = 0;
		bool		first_side;
		int			year_key;
		int			y,
					m,
					d;

		/* the next date where anything can change */
		c = next_jan1(cur);
		if (c < next)
			next = c;
		if (s->mode == COLL_LATE_CHARGE && in->first_end >= cur && in->first_end + 1 < next)
			next = in->first_end + 1;
		ri = rate_index(s, cur, ri);
		if (ri + 1 < s->nrates && s->rates[ri + 1].from < next)
			next = s->rates[ri + 1].from;
		if (pi < in->npayments && in->payments[pi].date + 1 < next)
			next = in->payments[pi].date + 1;
		for (i = 0; i < in->nreduced; i++)
		{
			if (in->reduced[i].from > cur && in->reduced[i].from < next)
				next = in->reduced[i].from;
			if (in->reduced[i].to >= cur && in->reduced[i].to + 1 < next)
				next = in->reduced[i].to + 1;
		}
		for (i = 0; i < in->nremissions; i++)
		{
			if (in->remissions[i].from > cur && in->remissions[i].from < next)
				next = in->remissions[i].from;
			if (in->remissions[i].to >= cur && in->remissions[i].to + 1 < next)
				next = in->remissions[i].to + 1;
		}

		/* the base: 法20条の4の2② on what is still unpaid */
		base = outstanding < rule->base_minimum ? 0 : truncate_to(outstanding, rule->base_unit);

		/* the rate */
		first_side = (s->mode == COLL_LATE_CHARGE && cur <= in->first_end);
		if (s->mode == COLL_LATE_CHARGE)
			rate = first_side ? s->rates[ri].late_first : s->rates[ri].late_later;
		else
			rate = s->rates[ri].refund;
		for (i = 0; i < in->nreduced; i++)
		{
			if (in->reduced[i].from <= cur && cur <= in->reduced[i].to)
			{
				if (in->reduced[i].value == COLL_REDUCED_EXEMPT)
					rate = 0;
				else if (s->rates[ri].deferral < rate)
					rate = s->rates[ri].deferral;
			}
		}
		for (i = 0; i < in->nremissions; i++)
			if (in->remissions[i].from <= cur && cur <= in->remissions[i].to &&
				in->remissions[i].value > remission)
				remission = in->remissions[i].value;

		j2date(cur + POSTGRES_EPOCH_JDATE, &y, &m, &d);
		year_key = y * 2 + (first_side ? 1 : 0);

		if (open && seg.base == base && seg.rate == rate &&
			seg.remission == remission && seg.key == year_key)
		{
			/* same segment: extend */
			seg.to = next - 1;
		}
		else
		{
			if (open)
				total += close_segment(&seg, rule, res, want_segments);
			open = true;
			seg.from = cur;
			seg.to = next - 1;
			seg.base = base;
			seg.rate = rate;
			seg.remission = remission;
			seg.principal = outstanding;
			seg.key = year_key;
			seg.days = 0;
		}

		/* payments dated in this piece reduce the principal after it */
		if (pi < in->npayments && in->payments[pi].date == next - 1)
		{
			while (pi < in->npayments && in->payments[pi].date == next - 1)
			{
				outstanding -= Min(in->payments[pi].amount, outstanding);
				pi++;
			}
		}
		/* paid in full: nothing runs after the last payment */
		if (outstanding == 0)
			break;
		cur = next;
	}
	if (open)
		total += close_segment(&seg, rule, res, want_segments);

	/* 法20条の4の2⑤ */
	res->raw_total = total;
	res->amount = truncate_to(total, rule->result_unit);
	if (res->amount < rule->result_minimum)
		res->amount = 0;
}

/*
 * One amount paid in full, with no events: the body of late_charge and
 * refund_interest.  lg_code 0 is the national standard.
 */
int64
coll_simple_amount(FunctionCallInfo fcinfo, CollMode mode, int32 lg_code,
				   int64 principal, DateADT start, DateADT first_end,
				   DateADT end)
{
	CollSchedule *s = coll_get_schedule(fcinfo, lg_code, mode);
	CollInput	in = {0};
	CollResult	res;

	in.principal = principal;
	in.start = start;
	in.first_end = first_end;
	in.end = end;
	coll_accrue(s, &in, &res, false);
	return res.amount;
}

PG_FUNCTION_INFO_V1(late_charge);

/*
 * late_charge(tax_amount bigint, due_date date, paid_date date
 *			   [, lg_code zeimu.lg_code]) returns bigint
 *
 * One installment paid in full on paid_date.  Paid on or before the due
 * date: 0.
 */
Datum
late_charge(PG_FUNCTION_ARGS)
{
	int64		tax = PG_GETARG_INT64(0);
	DateADT		due = PG_GETARG_DATEADT(1);
	DateADT		paid = PG_GETARG_DATEADT(2);

	coll_check_amount(tax, "tax amount");
	coll_check_date(due, "due date");
	coll_check_date(paid, "payment date");
	if (paid <= due)
		PG_RETURN_INT64(0);

	PG_RETURN_INT64(coll_simple_amount(fcinfo, COLL_LATE_CHARGE,
									   PG_NARGS() > 3 ? PG_GETARG_INT32(3) : 0,
									   tax, due + 1,
									   civil_period_last_day(due + 1, 1), paid));
}
