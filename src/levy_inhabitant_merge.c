/*-------------------------------------------------------------------------
 *
 * levy_inhabitant_merge.c
 *	  資料併合 in one pass: an aggregate over one person's current tax
 *	  documents for a fiscal year that returns the merged facts and the
 *	  collection data the annual batch needs (zeimu.inhabitant_merge_documents,
 *	  doc/levy-inhabitant.md, "Annual batch").  The rules are those of
 *	  zeimu.merged_tax_facts (src/sql/450_levy_inhabitant_intake.sql):
 *
 *	  - a final return (確定申告, 国税連携) takes priority over an inhabitant
 *		return (住民税申告, 地方税法317条の2); among returns of one kind the
 *		latest (received_on, then document_id) wins and its facts are used
 *		as they are;
 *	  - else the salary reports (給与支払報告書, 法317条の6①) and pension
 *		reports (公的年金等支払報告書, 法317条の6④) are merged: the amounts
 *		of the summed keys are added across reports (every employer and
 *		payer), every other key comes from the latest report carrying it;
 *	  - one-stop notices (寄附金税額控除に係る申告特例通知書, 法附則7条)
 *		add their furusato donations and one_stop = true, only when no
 *		return was filed.
 *
 *	  Also: the employer (name and 指定番号) of the latest salary report that
 *	  names one, the payer of the latest pension report, and the reason a
 *	  change would carry (latest document: an amended return, a return, or a
 *	  report).  The documents are sorted here, so the input order does not
 *	  matter.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "levy_inhabitant.h"

typedef enum LiDocKind
{
	LI_DOC_SALARY,
	LI_DOC_PENSION,
	LI_DOC_FINAL_RETURN,
	LI_DOC_INHABITANT_RETURN,
	LI_DOC_ONESTOP
} LiDocKind;

typedef struct LiDoc
{
	LiDocKind	kind;
	DateADT		received_on;
	int64		document_id;
	bool		supersedes;
	Jsonb	   *facts;
	text	   *employer_name;
	text	   *employer_no;
	text	   *source;
} LiDoc;

typedef struct LiMergeState
{
	MemoryContext cxt;
	int			n;
	int			cap;
	LiDoc	   *docs;
} LiMergeState;

/* One key of the merged report facts. */
typedef struct LiMergedKey
{
	char	   *key;
	int			keylen;
	bool		summed;
	bool		have_sum;
	int64		sum;
	JsonbValue	latest;			/* the value of the latest report carrying it */
} LiMergedKey;

/*
 * The keys whose amounts are added across reports: the same list as
 * zeimu.merged_tax_facts (c_summed) and zeimu.inhabitant_levy_input.
 */
static const char *const li_summed_keys[] = {
	"salary", "pension", "social_insurance", "small_enterprise_mutual_aid"
};

static LiDocKind
li_doc_kind(text *kind)
{
	char	   *s = VARDATA_ANY(kind);
	int			len = VARSIZE_ANY_EXHDR(kind);

#define LI_KIND_IS(lit) (len == (int) strlen(lit) && memcmp(s, lit, len) == 0)
	if (LI_KIND_IS("salary_report"))
		return LI_DOC_SALARY;
	if (LI_KIND_IS("pension_report"))
		return LI_DOC_PENSION;
	if (LI_KIND_IS("final_return"))
		return LI_DOC_FINAL_RETURN;
	if (LI_KIND_IS("inhabitant_return"))
		return LI_DOC_INHABITANT_RETURN;
	if (LI_KIND_IS("onestop_notice"))
		return LI_DOC_ONESTOP;
#undef LI_KIND_IS
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown tax document kind"),
			 errdetail("The kinds are salary_report, pension_report, final_return, inhabitant_return and onestop_notice.")));
	return LI_DOC_SALARY;		/* keep compiler quiet */
}

static text *
li_copy_text_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		return NULL;
	return (text *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(argno));
}

/*
 * Transition: (state, kind, facts, received_on, document_id, employer_name,
 * employer_no, source, supersedes).  Stores a copy of the document.
 */
PG_FUNCTION_INFO_V1(inhabitant_merge_documents_step);
Datum
inhabitant_merge_documents_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	MemoryContext old;
	LiMergeState *st;
	LiDoc	   *d;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("inhabitant_merge_documents_step called in non-aggregate context")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("tax document kind, facts, receipt date and id must not be null")));

	old = MemoryContextSwitchTo(aggcxt);
	if (PG_ARGISNULL(0))
	{
		st = (LiMergeState *) palloc(sizeof(LiMergeState));
		st->cxt = aggcxt;
		st->n = 0;
		st->cap = 4;
		st->docs = (LiDoc *) palloc(st->cap * sizeof(LiDoc));
	}
	else
		st = (LiMergeState *) PG_GETARG_POINTER(0);
	if (st->n == st->cap)
	{
		st->cap *= 2;
		st->docs = (LiDoc *) repalloc(st->docs, st->cap * sizeof(LiDoc));
	}
	d = &st->docs[st->n++];
	d->kind = li_doc_kind(PG_GETARG_TEXT_PP(1));
	d->facts = (Jsonb *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(2));
	d->received_on = PG_GETARG_DATEADT(3);
	d->document_id = PG_GETARG_INT64(4);
	d->employer_name = li_copy_text_arg(fcinfo, 5);
	d->employer_no = li_copy_text_arg(fcinfo, 6);
	d->source = li_copy_text_arg(fcinfo, 7);
	d->supersedes = !PG_ARGISNULL(8);
	MemoryContextSwitchTo(old);

	PG_RETURN_POINTER(st);
}

/* Ascending by receipt date, then document id: the last is the latest. */
static int
li_doc_cmp(const void *a, const void *b)
{
	const LiDoc *x = (const LiDoc *) a;
	const LiDoc *y = (const LiDoc *) b;

	if (x->received_on != y->received_on)
		return x->received_on < y->received_on ? -1 : 1;
	if (x->document_id != y->document_id)
		return x->document_id < y->document_id ? -1 : 1;
	return 0;
}

static void
li_bad_amount(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("an amount in a salary or pension report is not a whole number of yen"),
			 errhint("Receive a correcting document with the amount in whole yen."),
			 errhidestmt(true)));
}

/*
 * An amount in a report as the SQL merge reads it ((value #>> '{}')::bigint:
 * optional blanks and sign, digits): false for a JSON null (ignored, as
 * sum() ignores NULL).  The value is not put in the message (personal data).
 */
static bool
li_report_amount(JsonbValue *v, int64 *out)
{
	char	   *s;
	bool		neg = false;
	bool		digits = false;
	int64		r = 0;

	if (v->type == jbvNull)
		return false;
	if (v->type == jbvNumeric)
		s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
	else if (v->type == jbvString)
		s = pnstrdup(v->val.string.val, v->val.string.len);
	else
	{
		li_bad_amount();
		return false;			/* keep compiler quiet */
	}
	while (*s && isspace((unsigned char) *s))
		s++;
	if (*s == '-' || *s == '+')
		neg = (*s++ == '-');
	for (; *s >= '0' && *s <= '9'; s++)
	{
		/* accumulate negatively: INT64_MIN has no positive counterpart */
		if (pg_mul_s64_overflow(r, 10, &r) || pg_sub_s64_overflow(r, *s - '0', &r))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("an amount in a salary or pension report is out of range"),
					 errhidestmt(true)));
		digits = true;
	}
	while (*s && isspace((unsigned char) *s))
		s++;
	if (!digits || *s != '\0')
		li_bad_amount();
	if (!neg && pg_sub_s64_overflow(0, r, &r))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("an amount in a salary or pension report is out of range"),
				 errhidestmt(true)));
	*out = r;
	return true;
}

static LiMergedKey *
li_merged_key(LiMergedKey **keys, int *n, int *cap, const char *key, int keylen)
{
	int			i;
	LiMergedKey *k;

	for (i = 0; i < *n; i++)
		if ((*keys)[i].keylen == keylen && memcmp((*keys)[i].key, key, keylen) == 0)
			return &(*keys)[i];
	if (*n == *cap)
	{
		*cap *= 2;
		*keys = (LiMergedKey *) repalloc(*keys, *cap * sizeof(LiMergedKey));
	}
	k = &(*keys)[(*n)++];
	k->key = (char *) key;
	k->keylen = keylen;
	k->summed = false;
	for (i = 0; i < lengthof(li_summed_keys); i++)
		if (keylen == (int) strlen(li_summed_keys[i]) && memcmp(key, li_summed_keys[i], keylen) == 0)
			k->summed = true;
	k->have_sum = false;
	k->sum = 0;
	return k;
}

static void
li_push_key(JsonbParseState **ps, const char *key, int keylen)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = keylen;
	pushJsonbValue(ps, WJB_KEY, &k);
}

static void
li_push_amount(JsonbParseState **ps, int64 amount)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = int64_to_numeric(amount);
	pushJsonbValue(ps, WJB_VALUE, &v);
}

/* The facts of the reports merged, with the one-stop notices when any. */
static Jsonb *
li_merge_reports(LiDoc *docs, int n)
{
	LiMergedKey *keys;
	int			nkeys = 0;
	int			cap = 16;
	bool		onestop = false;
	int64		furusato = 0;
	LiMergedKey *donations = NULL;
	JsonbParseState *ps = NULL;
	JsonbValue *res;
	int			i;

	keys = (LiMergedKey *) palloc(cap * sizeof(LiMergedKey));
	for (i = 0; i < n; i++)
	{
		LiDoc	   *d = &docs[i];
		JsonbIterator *it;
		JsonbIteratorToken tok;
		JsonbValue	k;
		JsonbValue	v;

		if (d->kind == LI_DOC_ONESTOP)
		{
			/* COALESCE((facts #>> '{donations,furusato}')::bigint, 0) */
			JsonbValue *don;

			onestop = true;
			don = getKeyJsonValueFromContainer(&d->facts->root, "donations", 9, NULL);
			if (don != NULL && don->type == jbvBinary && JsonContainerIsObject(don->val.binary.data))
			{
				JsonbValue *f = getKeyJsonValueFromContainer(don->val.binary.data, "furusato", 8, NULL);
				int64		amount;

				if (f != NULL && li_report_amount(f, &amount) &&
					pg_add_s64_overflow(furusato, amount, &furusato))
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("furusato donations of the one-stop notices are out of range"),
							 errhidestmt(true)));
			}
			continue;
		}
		if (d->kind != LI_DOC_SALARY && d->kind != LI_DOC_PENSION)
			continue;
		it = JsonbIteratorInit(&d->facts->root);
		while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
		{
			LiMergedKey *m;
			int64		amount;

			if (tok != WJB_KEY)
				continue;
			tok = JsonbIteratorNext(&it, &v, true);
			Assert(tok == WJB_VALUE);
			m = li_merged_key(&keys, &nkeys, &cap, k.val.string.val, k.val.string.len);
			m->latest = v;
			if (m->summed && li_report_amount(&v, &amount))
			{
				if (pg_add_s64_overflow(m->sum, amount, &m->sum))
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("the amounts of the reports are out of range"),
							 errdetail("The sum of \"%.*s\" over the reports does not fit in bigint.",
									   k.val.string.len, k.val.string.val),
							 errhidestmt(true)));
				m->have_sum = true;
			}
		}
	}

	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < nkeys; i++)
	{
		LiMergedKey *m = &keys[i];

		if (onestop && m->keylen == 8 && memcmp(m->key, "one_stop", 8) == 0)
			continue;
		if (onestop && m->keylen == 9 && memcmp(m->key, "donations", 9) == 0)
		{
			donations = m;
			continue;
		}
		li_push_key(&ps, m->key, m->keylen);
		if (m->have_sum)
			li_push_amount(&ps, m->sum);
		else
			pushJsonbValue(&ps, WJB_VALUE, &m->latest);
	}
	if (onestop)
	{
		/* facts || {"one_stop": true, "donations": (facts->'donations' or {}) || {"furusato": n}} */
		JsonbValue	b;

		li_push_key(&ps, "one_stop", 8);
		b.type = jbvBool;
		b.val.boolean = true;
		pushJsonbValue(&ps, WJB_VALUE, &b);
		li_push_key(&ps, "donations", 9);
		pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
		if (donations != NULL)
		{
			JsonbIterator *it;
			JsonbIteratorToken tok;
			JsonbValue	k;
			JsonbValue	v;

			if (donations->latest.type != jbvBinary || !JsonContainerIsObject(donations->latest.val.binary.data))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("\"donations\" in a salary or pension report is not an object"),
						 errhint("Receive a correcting document with the donations as an object."),
						 errhidestmt(true)));
			it = JsonbIteratorInit(donations->latest.val.binary.data);
			while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
			{
				if (tok != WJB_KEY)
					continue;
				tok = JsonbIteratorNext(&it, &v, true);
				if (k.val.string.len == 8 && memcmp(k.val.string.val, "furusato", 8) == 0)
					continue;
				pushJsonbValue(&ps, WJB_KEY, &k);
				pushJsonbValue(&ps, WJB_VALUE, &v);
			}
		}
		li_push_key(&ps, "furusato", 8);
		li_push_amount(&ps, furusato);
		pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	}
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	return JsonbValueToJsonb(res);
}

/*
 * Final: the composite zeimu.inhabitant_merged (facts, employer_name,
 * employer_no, pension_payer, reason).
 */
PG_FUNCTION_INFO_V1(inhabitant_merge_documents_final);
Datum
inhabitant_merge_documents_final(PG_FUNCTION_ARGS)
{
	LiMergeState *st;
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, true, true, true, false};
	LiDoc	   *ret = NULL;
	LiDoc	   *last;
	int			i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (LiMergeState *) PG_GETARG_POINTER(0);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);

	/* The final function may run more than once on the same state. */
	qsort(st->docs, st->n, sizeof(LiDoc), li_doc_cmp);
	for (i = 0; i < st->n; i++)
	{
		LiDoc	   *d = &st->docs[i];

		switch (d->kind)
		{
			case LI_DOC_FINAL_RETURN:
			case LI_DOC_INHABITANT_RETURN:
				/* a final return before an inhabitant return, then the latest */
				if (ret == NULL || d->kind == LI_DOC_FINAL_RETURN || ret->kind != LI_DOC_FINAL_RETURN)
					ret = d;
				break;
			case LI_DOC_SALARY:
				if (d->employer_name != NULL)
				{
					values[1] = PointerGetDatum(d->employer_name);
					nulls[1] = false;
					if (d->employer_no != NULL)
					{
						values[2] = PointerGetDatum(d->employer_no);
						nulls[2] = false;
					}
					else
						nulls[2] = true;
				}
				break;
			case LI_DOC_PENSION:
				if (d->source != NULL)
				{
					values[3] = PointerGetDatum(d->source);
					nulls[3] = false;
				}
				else
					nulls[3] = true;
				break;
			case LI_DOC_ONESTOP:
				break;
		}
	}
	if (nulls[1])
		nulls[2] = true;
	if (st->n == 0)
		PG_RETURN_NULL();

	if (ret != NULL)
		values[0] = JsonbPGetDatum(ret->facts);
	else
		values[0] = JsonbPGetDatum(li_merge_reports(st->docs, st->n));

	last = &st->docs[st->n - 1];
	if (last->kind == LI_DOC_FINAL_RETURN || last->kind == LI_DOC_INHABITANT_RETURN)
		values[4] = CStringGetTextDatum(last->supersedes ? "amended_return" : "return");
	else
		values[4] = CStringGetTextDatum("report");
	nulls[4] = false;

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
