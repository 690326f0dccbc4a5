/*-------------------------------------------------------------------------
 *
 * late_charge_ledger.c
 *	  延滞金 on an installment with partial payments, reduced-rate periods
 *	  and 減免, before the installment ledger exists: the events come in as
 *	  arrays (the SQL wrapper zeimu.late_charge_ledger reads them from jsonb).
 *
 *	- payments of 本税 (法326条②): the paid part is charged through the
 *	  payment day, the rest from the next day on the reduced tax, truncated
 *	  to ¥1,000 again (法20条の4の2②, applied to the reduced base);
 *	- reduced periods: 徴収猶予 (法15条), 換価猶予 (法15条の5, 15条の6) and
 *	  執行停止 (法15条の7) are charged at the 猶予特例 rate when it is lower
 *	  (法15条の9, 附則3条の2); "exempt" periods are not charged at all;
 *	- 減免 (by 条例 or 要綱): a percentage of each segment in the period is
 *	  remitted; the kept part is truncated to whole yen.
 *
 * The engine is coll_accrue() in late_charge.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/numeric.h"

#include "collection.h"

static void
report_null_element(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("a value is missing in the %s", what),
			 errdetail("Every event needs all of its fields."),
			 errhint("Check the event list for a missing or misspelt key.")));
}

static int
array_elems(ArrayType *a, Oid typid, int16 typlen, bool byval, char align,
			Datum **values, const char *what)
{
	bool	   *nulls;
	int			n;
	int			i;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what)));
	deconstruct_array(a, typid, typlen, byval, align, values, &nulls, &n);
	for (i = 0; i < n; i++)
		if (nulls[i])
			report_null_element(what);
	return n;
}

static void
report_length_mismatch(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("the arrays of %s differ in length", what),
			 errdetail("Each event needs one value in every array."),
			 errhint("Pass the events through zeimu.late_charge_ledger, which builds the arrays.")));
}

static int
cmp_payment(const void *a, const void *b)
{
	const CollPayment *x = (const CollPayment *) a;
	const CollPayment *y = (const CollPayment *) b;

	return x->date < y->date ? -1 : (x->date > y->date ? 1 : 0);
}

static void
check_period(CollPeriod *p, const char *what)
{
	coll_check_date(p->from, what);
	coll_check_date(p->to, what);
	if (p->to < p->from)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s ends before it starts", what),
				 errdetail("A period runs from its first day to its last day, both included."),
				 errhint("Swap the dates or correct the one mistyped.")));
}

/* Read the arguments shared by both entry points into *in. */
static void
read_ledger_args(FunctionCallInfo fcinfo, CollInput *in, DateADT *due_out)
{
	int64		tax = PG_GETARG_INT64(0);
	DateADT		due = PG_GETARG_DATEADT(1);
	DateADT		as_of = PG_GETARG_DATEADT(2);
	Datum	   *pd,
			   *pa,
			   *rf,
			   *rt,
			   *rk,
			   *mf,
			   *mt,
			   *mp;
	int			np,
				npa,
				nrf,
				nrt,
				nrk,
				nmf,
				nmt,
				nmp;
	int			i;

	coll_check_amount(tax, "tax amount");
	coll_check_date(due, "due date");
	coll_check_date(as_of, "as-of date");

	np = array_elems(PG_GETARG_ARRAYTYPE_P(3), DATEOID, 4, true, TYPALIGN_INT, &pd, "payment dates");
	npa = array_elems(PG_GETARG_ARRAYTYPE_P(4), INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &pa, "payment amounts");
	if (np != npa)
		report_length_mismatch("payments");
	nrf = array_elems(PG_GETARG_ARRAYTYPE_P(5), DATEOID, 4, true, TYPALIGN_INT, &rf, "reduced-period starts");
	nrt = array_elems(PG_GETARG_ARRAYTYPE_P(6), DATEOID, 4, true, TYPALIGN_INT, &rt, "reduced-period ends");
	nrk = array_elems(PG_GETARG_ARRAYTYPE_P(7), TEXTOID, -1, false, TYPALIGN_INT, &rk, "reduced-period kinds");
	if (nrf != nrt || nrf != nrk)
		report_length_mismatch("reduced periods");
	nmf = array_elems(PG_GETARG_ARRAYTYPE_P(8), DATEOID, 4, true, TYPALIGN_INT, &mf, "remission starts");
	nmt = array_elems(PG_GETARG_ARRAYTYPE_P(9), DATEOID, 4, true, TYPALIGN_INT, &mt, "remission ends");
	nmp = array_elems(PG_GETARG_ARRAYTYPE_P(10), INT4OID, 4, true, TYPALIGN_INT, &mp, "remission percentages");
	if (nmf != nmt || nmf != nmp)
		report_length_mismatch("remissions");

	memset(in, 0, sizeof(CollInput));
	in->principal = tax;
	in->start = due + 1;
	in->first_end = civil_period_last_day(in->start, 1);
	in->end = as_of;
	*due_out = due;

	in->npayments = np;
	in->payments = (CollPayment *) palloc(sizeof(CollPayment) * (np + 1));
	for (i = 0; i < np; i++)
	{
		in->payments[i].date = DatumGetDateADT(pd[i]);
		in->payments[i].amount = DatumGetInt64(pa[i]);
		coll_check_date(in->payments[i].date, "payment date");
		coll_check_amount(in->payments[i].amount, "payment amount");
	}
	qsort(in->payments, np, sizeof(CollPayment), cmp_payment);

	in->nreduced = nrf;
	in->reduced = (CollPeriod *) palloc(sizeof(CollPeriod) * (nrf + 1));
	for (i = 0; i < nrf; i++)
	{
		char	   *k = TextDatumGetCString(rk[i]);

		in->reduced[i].from = DatumGetDateADT(rf[i]);
		in->reduced[i].to = DatumGetDateADT(rt[i]);
		check_period(&in->reduced[i], "reduced period");
		if (strcmp(k, "collection_deferral") == 0 ||
			strcmp(k, "conversion_deferral") == 0 ||
			strcmp(k, "suspension") == 0)
			in->reduced[i].value = COLL_REDUCED_DEFERRAL;
		else if (strcmp(k, "exempt") == 0)
			in->reduced[i].value = COLL_REDUCED_EXEMPT;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown reduced-period kind \"%s\"", k),
					 errdetail("The kinds are collection_deferral (徴収猶予), conversion_deferral (換価猶予), suspension (執行停止) and exempt."),
					 errhint("Use one of the kinds listed.")));
	}

	in->nremissions = nmf;
	in->remissions = (CollPeriod *) palloc(sizeof(CollPeriod) * (nmf + 1));
	for (i = 0; i < nmf; i++)
	{
		in->remissions[i].from = DatumGetDateADT(mf[i]);
		in->remissions[i].to = DatumGetDateADT(mt[i]);
		in->remissions[i].value = DatumGetInt32(mp[i]);
		check_period(&in->remissions[i], "remission period");
		if (in->remissions[i].value < 0 || in->remissions[i].value > COLL_PCT_SCALE)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("remission percentage is out of range"),
					 errdetail("A remission removes from 0 to 100 percent of the charge."),
					 errhint("Give the percentage as a number from 0 to 100.")));
	}
}

PG_FUNCTION_INFO_V1(late_charge_ledger_kernel);

/*
 * late_charge_ledger_kernel(tax bigint, due date, as_of date,
 *		pay_dates date[], pay_amounts bigint[],
 *		reduced_from date[], reduced_to date[], reduced_kind text[],
 *		remission_from date[], remission_to date[], remission_pct integer[],
 *		lg_code zeimu.lg_code) returns bigint
 */
Datum
late_charge_ledger_kernel(PG_FUNCTION_ARGS)
{
	CollInput	in;
	CollResult	res;
	DateADT		due;
	CollSchedule *s;

	read_ledger_args(fcinfo, &in, &due);
	if (in.end <= due)
		PG_RETURN_INT64(0);
	s = coll_get_schedule(fcinfo, PG_GETARG_INT32(11), COLL_LATE_CHARGE);
	coll_accrue(s, &in, &res, false);
	PG_RETURN_INT64(res.amount);
}

PG_FUNCTION_INFO_V1(late_charge_ledger_segments_kernel);

/*
 * Same arguments; returns the segments:
 *	(first_day date, last_day date, days integer, principal bigint,
 *	 base bigint, rate numeric, remission numeric, amount bigint)
 */
Datum
late_charge_ledger_segments_kernel(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CollInput	in;
	CollResult	res;
	DateADT		due;
	CollSchedule *s;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	read_ledger_args(fcinfo, &in, &due);
	if (in.end <= due)
		return (Datum) 0;
	s = coll_get_schedule(fcinfo, PG_GETARG_INT32(11), COLL_LATE_CHARGE);
	coll_accrue(s, &in, &res, true);

	for (i = 0; i < res.nsegments; i++)
	{
		CollSegment *g = &res.segments[i];
		Datum		values[8];
		bool		nulls[8] = {0};

		values[0] = DateADTGetDatum(g->from);
		values[1] = DateADTGetDatum(g->to);
		values[2] = Int32GetDatum(g->days);
		values[3] = Int64GetDatum(g->principal);
		values[4] = Int64GetDatum(g->base);
		values[5] = NumericGetDatum(int64_div_fast_to_numeric(g->rate, 3));
		values[6] = NumericGetDatum(int64_div_fast_to_numeric(g->remission, 2));
		values[7] = Int64GetDatum(g->amount);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
