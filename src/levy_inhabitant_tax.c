/*-------------------------------------------------------------------------
 *
 * levy_inhabitant_tax.c
 *	  The individual inhabitant tax pipeline (個人住民税, 地方税法 第2章第1節
 *	  and 第3章第1節): facts of one taxpayer in, the whole breakdown out.
 *
 *	  1. 所得: 給与所得, 公的年金等 雑所得, 所得金額調整控除, 合計所得 and
 *	     総所得金額等 (法313条).
 *	  2. 所得控除 in their 住民税 amounts (法314条の2), 人的控除額の差 (法314条の6).
 *	  3. 課税総所得金額, truncated below taxable_unit (法20条の4の2①).
 *	  4. 算出所得割 per 市 and 県 (法314条の3, 法35条; 指定都市 8/2).
 *	  5. 調整控除 (法314条の6, 法37条), 所得割の非課税 and its 税額調整
 *	     (法附則3条の3), 配当控除 (法附則5), 住宅借入金等特別税額控除 (法附則5条の4の2,
 *	     carried in), 寄附金税額控除 (法314条の7, 法37条の2, 附則5条の6).
 *	  6. 所得割 truncated below tax_unit (法20条の4の2③), in the order the
 *	     parameter rounding_order names.
 *	  7. 均等割 (法310条, 法38条) and 森林環境税, 均等割の非課税 (法295条).
 *
 *	  Every figure comes from the parameter bundle (levy_inhabitant_params.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "levy_inhabitant.h"

#define LI_MAX_AMOUNT	INT64CONST(1000000000000)	/* ¥1 trillion */
#define LI_MAX_DEPENDANTS 32

typedef enum LiDisability
{
	LID_NONE = 0,
	LID_GENERAL,
	LID_SPECIAL,
	LID_COHABITING_SPECIAL
} LiDisability;

typedef struct LiPerson
{
	int64		income;			/* 合計所得金額 */
	int			age;			/* at 31 December of the income year */
	bool		cohabiting_parent;
	LiDisability disability;
} LiPerson;

typedef struct LiFacts
{
	int64		salary;
	int64		pension;
	int			age;
	int64		other_income;
	int64		social_insurance;
	int64		small_enterprise;
	int64		medical_expenses;
	int64		earthquake;
	int64		life_general_new;
	int64		life_general_old;
	int64		life_medical;
	int64		life_pension_new;
	int64		life_pension_old;
	LiDisability disability;
	bool		widow;
	int			single_parent;	/* 0 no, 1 mother, 2 father */
	bool		working_student;
	bool		minor;
	bool		public_assistance;
	bool		has_spouse;
	LiPerson	spouse;
	int			ndependants;
	LiPerson	dependants[LI_MAX_DEPENDANTS];
	int64		don_furusato;
	int64		don_shared;
	int64		don_city;
	int64		don_pref;
	bool		one_stop;
	int64		housing_loan_credit;
	int64		dividend_credit;
} LiFacts;

/* The breakdown; each field is one key of the result. */
typedef struct LiResult
{
	int64		employment_income;
	int64		pension_income;
	int64		income_adjustment;
	int64		total_income;
	int64		gross_income;
	int64		d_basic,
				d_spouse,
				d_spouse_special,
				d_dependants,
				d_specific_relative,
				d_disability,
				d_widow,
				d_single_parent,
				d_student,
				d_social,
				d_small_enterprise,
				d_life,
				d_earthquake,
				d_medical,
				d_total;
	int64		personal_diff;
	int64		household_size;
	int64		taxable_income;
	int64		computed_city,
				computed_pref;
	int64		adj_city,
				adj_pref;
	int64		ntadj_city,
				ntadj_pref;
	int64		div_city,
				div_pref;
	int64		housing_city,
				housing_pref;
	int64		don_basic_city,
				don_basic_pref;
	int64		don_special_city,
				don_special_pref;
	int64		don_onestop_city,
				don_onestop_pref;
	int64		income_levy_city,
				income_levy_pref;
	int64		per_capita_city,
				per_capita_pref;
	int64		forest_env_tax;
	int64		per_capita_threshold;
	int64		income_levy_threshold;
	int64		income_levy,
				total_city,
				total_pref,
				total;
	const char *nontaxable;
	bool		designated_city;
} LiResult;

/* ------------------------------------------------------------------------
 * Reading the facts
 */

static void
li_bad_fact(const char *key, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid inhabitant tax fact \"%s\"", key),
			 errdetail("%s", detail),
			 errhint("See doc/levy-inhabitant.md for the input keys."),
			 errhidestmt(true)));
}

static int64
li_fact_amount(JsonbValue *v, const char *key)
{
	static Numeric max_amount = NULL;
	static Numeric min_amount = NULL;
	Datum		n;
	int64		r;

	if (max_amount == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		max_amount = int64_to_numeric(LI_MAX_AMOUNT);
		min_amount = int64_to_numeric(-LI_MAX_AMOUNT);
		MemoryContextSwitchTo(old);
	}
	if (v->type != jbvNumeric)
		li_bad_fact(key, "The value must be a number of yen.");
	n = NumericGetDatum(v->val.numeric);
	if (numeric_is_nan(v->val.numeric) || numeric_is_inf(v->val.numeric))
		li_bad_fact(key, "The value must be a finite number of yen.");
	/* range first, so that the conversion below cannot overflow */
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, n, NumericGetDatum(max_amount))) > 0)
		li_bad_fact(key, "The value is larger than 1,000,000,000,000 yen.");
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, n, NumericGetDatum(min_amount))) < 0)
		li_bad_fact(key, "The value must not be negative.");
	r = DatumGetInt64(DirectFunctionCall1(numeric_int8, n));
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, n,
										  NumericGetDatum(int64_to_numeric(r)))) != 0)
		li_bad_fact(key, "The value must be a whole number of yen.");
	if (r < 0)
		li_bad_fact(key, "The value must not be negative.");
	return r;
}

static int
li_fact_age(JsonbValue *v, const char *key)
{
	int64		a = li_fact_amount(v, key);

	if (a > 150)
		li_bad_fact(key, "An age is a whole number from 0 to 150.");
	return (int) a;
}

static bool
li_fact_bool(JsonbValue *v, const char *key)
{
	if (v->type != jbvBool)
		li_bad_fact(key, "The value must be true or false.");
	return v->val.boolean;
}

static bool
li_key_is(JsonbValue *k, const char *name)
{
	size_t		len = strlen(name);

	return k->val.string.len == (int) len &&
		memcmp(k->val.string.val, name, len) == 0;
}

static LiDisability
li_fact_disability(JsonbValue *v, const char *key, bool allow_cohabiting)
{
	if (v->type == jbvNull)
		return LID_NONE;
	if (v->type == jbvString)
	{
		if (li_key_is(v, "none"))
			return LID_NONE;
		if (li_key_is(v, "general"))
			return LID_GENERAL;
		if (li_key_is(v, "special"))
			return LID_SPECIAL;
		if (allow_cohabiting && li_key_is(v, "cohabiting_special"))
			return LID_COHABITING_SPECIAL;
	}
	li_bad_fact(key, allow_cohabiting ?
				"The value must be \"none\", \"general\", \"special\" or \"cohabiting_special\"." :
				"The value must be \"none\", \"general\" or \"special\".");
	return LID_NONE;			/* keep compiler quiet */
}

static void
li_unknown_key(const char *where, JsonbValue *k)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown inhabitant tax fact \"%s%.*s\"", where,
					Min(k->val.string.len, 64), k->val.string.val),
			 errhint("See doc/levy-inhabitant.md for the input keys."),
			 errhidestmt(true)));
}

/* Walks the pairs of one object; calls back on each key with its value. */
typedef void (*LiPairFn) (void *state, JsonbValue *k, JsonbValue *v);

static void
li_walk_object(JsonbContainer *c, const char *what, LiPairFn fn, void *state)
{
	JsonbIterator *it;
	JsonbValue	k,
				v;
	JsonbIteratorToken tok;

	if (!JsonContainerIsObject(c))
		li_bad_fact(what, "The value must be a JSON object.");
	it = JsonbIteratorInit(c);
	tok = JsonbIteratorNext(&it, &k, true);	/* WJB_BEGIN_OBJECT */
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		if (tok != WJB_KEY)
			continue;
		tok = JsonbIteratorNext(&it, &v, true);
		fn(state, &k, &v);
	}
}

/*
 * Plain keys: where each one is stored.  Keys with structure (spouse,
 * dependants, the nested objects, the enumerations) are handled by hand.
 */
typedef enum LiFieldKind
{
	LF_AMOUNT,
	LF_AGE,
	LF_BOOL
} LiFieldKind;

typedef struct LiField
{
	const char *name;
	LiFieldKind kind;
	size_t		off;
} LiField;

static const LiField li_person_fields[] = {
	{"income", LF_AMOUNT, offsetof(LiPerson, income)},
	{"age", LF_AGE, offsetof(LiPerson, age)},
	{"cohabiting_parent", LF_BOOL, offsetof(LiPerson, cohabiting_parent)},
	{NULL}
};

static const LiField li_top_fields[] = {
	{"salary", LF_AMOUNT, offsetof(LiFacts, salary)},
	{"pension", LF_AMOUNT, offsetof(LiFacts, pension)},
	{"age", LF_AGE, offsetof(LiFacts, age)},
	{"other_income", LF_AMOUNT, offsetof(LiFacts, other_income)},
	{"social_insurance", LF_AMOUNT, offsetof(LiFacts, social_insurance)},
	{"small_enterprise_mutual_aid", LF_AMOUNT, offsetof(LiFacts, small_enterprise)},
	{"medical_expenses", LF_AMOUNT, offsetof(LiFacts, medical_expenses)},
	{"earthquake_insurance", LF_AMOUNT, offsetof(LiFacts, earthquake)},
	{"widow", LF_BOOL, offsetof(LiFacts, widow)},
	{"working_student", LF_BOOL, offsetof(LiFacts, working_student)},
	{"minor", LF_BOOL, offsetof(LiFacts, minor)},
	{"public_assistance", LF_BOOL, offsetof(LiFacts, public_assistance)},
	{"one_stop", LF_BOOL, offsetof(LiFacts, one_stop)},
	{"housing_loan_credit", LF_AMOUNT, offsetof(LiFacts, housing_loan_credit)},
	{"dividend_credit", LF_AMOUNT, offsetof(LiFacts, dividend_credit)},
	{NULL}
};

static const LiField li_life_fields[] = {
	{"general_new", LF_AMOUNT, offsetof(LiFacts, life_general_new)},
	{"general_old", LF_AMOUNT, offsetof(LiFacts, life_general_old)},
	{"medical", LF_AMOUNT, offsetof(LiFacts, life_medical)},
	{"pension_new", LF_AMOUNT, offsetof(LiFacts, life_pension_new)},
	{"pension_old", LF_AMOUNT, offsetof(LiFacts, life_pension_old)},
	{NULL}
};

static const LiField li_donation_fields[] = {
	{"furusato", LF_AMOUNT, offsetof(LiFacts, don_furusato)},
	{"shared", LF_AMOUNT, offsetof(LiFacts, don_shared)},
	{"city_designated", LF_AMOUNT, offsetof(LiFacts, don_city)},
	{"pref_designated", LF_AMOUNT, offsetof(LiFacts, don_pref)},
	{NULL}
};

/*
 * Stores v in the field named k, if fields has one; false otherwise.
 * prefix ("life_insurance." etc.) only goes into error messages.
 */
static bool
li_set_field(const LiField *fields, const char *prefix, void *base,
			 JsonbValue *k, JsonbValue *v)
{
	const LiField *fd;

	for (fd = fields; fd->name != NULL; fd++)
	{
		char	   *dst = (char *) base + fd->off;
		const char *name;

		if (!li_key_is(k, fd->name))
			continue;
		name = prefix[0] ? psprintf("%s%s", prefix, fd->name) : fd->name;
		switch (fd->kind)
		{
			case LF_AMOUNT:
				*(int64 *) dst = li_fact_amount(v, name);
				break;
			case LF_AGE:
				*(int *) dst = li_fact_age(v, name);
				break;
			case LF_BOOL:
				*(bool *) dst = li_fact_bool(v, name);
				break;
		}
		return true;
	}
	return false;
}

typedef struct LiNested
{
	const LiField *fields;
	const char *where;
	void	   *base;
} LiNested;

static void
li_nested_pair(void *state, JsonbValue *k, JsonbValue *v)
{
	LiNested   *n = (LiNested *) state;

	if (!li_set_field(n->fields, n->where, n->base, k, v))
		li_unknown_key(n->where, k);
}

static void
li_person_pair(void *state, JsonbValue *k, JsonbValue *v)
{
	LiPerson   *p = (LiPerson *) state;

	if (li_key_is(k, "disability"))
		p->disability = li_fact_disability(v, "disability", true);
	else if (!li_set_field(li_person_fields, "", p, k, v))
		li_unknown_key("person.", k);
}

static void
li_read_person(JsonbValue *v, const char *what, LiPerson *p)
{
	memset(p, 0, sizeof(*p));
	p->age = -1;
	if (v->type != jbvBinary)
		li_bad_fact(what, "The value must be a JSON object with income and age.");
	li_walk_object(v->val.binary.data, what, li_person_pair, p);
	if (p->age < 0)
		li_bad_fact(what, "Each spouse or dependant needs \"age\" (at 31 December of the income year).");
}

static void
li_read_nested(JsonbValue *v, const char *what, const LiField *fields, LiFacts *f)
{
	LiNested	n;

	if (v->type != jbvBinary)
		li_bad_fact(what, "The value must be a JSON object.");
	n.fields = fields;
	n.where = what;
	n.base = f;
	li_walk_object(v->val.binary.data, what, li_nested_pair, &n);
}

static void
li_fact_pair(void *state, JsonbValue *k, JsonbValue *v)
{
	LiFacts    *f = (LiFacts *) state;

	if (li_set_field(li_top_fields, "", f, k, v))
		return;
	if (li_key_is(k, "life_insurance"))
		li_read_nested(v, "life_insurance.", li_life_fields, f);
	else if (li_key_is(k, "donations"))
		li_read_nested(v, "donations.", li_donation_fields, f);
	else if (li_key_is(k, "disability"))
		f->disability = li_fact_disability(v, "disability", false);
	else if (li_key_is(k, "single_parent"))
	{
		if (v->type == jbvNull)
			f->single_parent = 0;
		else if (v->type == jbvString && li_key_is(v, "mother"))
			f->single_parent = 1;
		else if (v->type == jbvString && li_key_is(v, "father"))
			f->single_parent = 2;
		else
			li_bad_fact("single_parent", "The value must be \"mother\", \"father\" or null.");
	}
	else if (li_key_is(k, "spouse"))
	{
		if (v->type != jbvNull)
		{
			li_read_person(v, "spouse", &f->spouse);
			f->has_spouse = true;
		}
	}
	else if (li_key_is(k, "dependants"))
	{
		JsonbContainer *arr;
		int			n,
					i;

		if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data))
			li_bad_fact("dependants", "The value must be a JSON array of objects.");
		arr = v->val.binary.data;
		n = JsonContainerSize(arr);
		if (n > LI_MAX_DEPENDANTS)
			li_bad_fact("dependants", "At most 32 dependants can be given.");
		for (i = 0; i < n; i++)
		{
			JsonbValue *e = getIthJsonbValueFromContainer(arr, i);

			li_read_person(e, "dependants", &f->dependants[i]);
		}
		f->ndependants = n;
	}
	else
		li_unknown_key("", k);
}

static void
li_read_facts(Jsonb *facts, LiFacts *f)
{
	memset(f, 0, sizeof(*f));
	f->age = -1;
	if (!JB_ROOT_IS_OBJECT(facts) || JB_ROOT_IS_SCALAR(facts))
		li_bad_fact("facts", "The facts must be a JSON object.");
	li_walk_object(&facts->root, "facts", li_fact_pair, f);
	if (f->pension > 0 && f->age < 0)
		li_bad_fact("age", "A taxpayer with pension income needs \"age\" (at 31 December of the income year).");
}

/* ------------------------------------------------------------------------
 * The computation
 */

static int64
li_credit(const LiParams *p, int64 amount, int64 rate)
{
	return p->s[LI_CREDIT_ROUNDING] ? li_mul_rate_ceil(amount, rate)
		: li_mul_rate_floor(amount, rate);
}

/* amount × num / den, rounded by credit_rounding (num, den > 0). */
static int64
li_credit_ratio(const LiParams *p, int64 amount, int64 num, int64 den)
{
	int128		v = (int128) amount * num;

	if (p->s[LI_CREDIT_ROUNDING])
		return (int64) ((v + den - 1) / den);
	return (int64) (v / den);
}

/* 生命保険料控除 for one category with new and old contracts (法314条の2②). */
static int64
li_life_category(const LiParams *p, int64 new_prem, int64 old_prem)
{
	int64		n = new_prem > 0 ? li_band_value(&p->bands[LB_LIFE_NEW], new_prem) : 0;
	int64		o = old_prem > 0 ? li_band_value(&p->bands[LB_LIFE_OLD], old_prem) : 0;

	if (new_prem > 0 && old_prem > 0)
		return Max(Min(n + o, p->s[LI_LIFE_CAP_NEW]), o);
	return n + o;
}

static int64
li_disability_amount(const LiParams *p, LiDisability d, int64 *diff)
{
	switch (d)
	{
		case LID_GENERAL:
			*diff += p->s[LI_JD_DIS_GENERAL];
			return p->s[LI_DIS_GENERAL];
		case LID_SPECIAL:
			*diff += p->s[LI_JD_DIS_SPECIAL];
			return p->s[LI_DIS_SPECIAL];
		case LID_COHABITING_SPECIAL:
			*diff += p->s[LI_JD_DIS_COHABITING_SPECIAL];
			return p->s[LI_DIS_COHABITING_SPECIAL];
		default:
			return 0;
	}
}

/* Subtract a credit from what is left of one side's 所得割; returns what was taken. */
static int64
li_take(int64 *left, int64 credit)
{
	int64		t = Min(*left, credit);

	if (t < 0)
		t = 0;
	*left -= t;
	return t;
}

/*
 * Whether the 所得金額調整控除 for salaries above 8.5M applies: the taxpayer
 * is 特別障害者, or a 同一生計配偶者 or 扶養親族 is, or a 扶養親族 is under 23.
 */
static bool
li_salary_adjustment_applies(const LiParams *p, const LiFacts *f)
{
	int64		limit = p->s[LI_DEPENDANT_INCOME_LIMIT];
	int			i;

	if (f->salary <= p->s[LI_INCOME_ADJUST_SALARY_FROM])
		return false;
	if (f->disability == LID_SPECIAL)
		return true;
	if (f->has_spouse && f->spouse.income <= limit && f->spouse.disability >= LID_SPECIAL)
		return true;
	for (i = 0; i < f->ndependants; i++)
	{
		const LiPerson *d = &f->dependants[i];

		if (d->income <= limit &&
			(d->age < p->s[LI_INCOME_ADJUST_DEP_AGE] || d->disability >= LID_SPECIAL))
			return true;
	}
	return false;
}

/* Step 1: 所得 (法313条).  Sets the income fields of r. */
static void
li_step_income(const LiParams *p, const LiFacts *f, LiResult *r)
{
	int64		emp;

	emp = li_employment_income(p, f->salary);
	r->pension_income = li_pension_income(p, f->pension, f->age,
										   emp + f->other_income);
	r->income_adjustment = li_income_adjustment(p, emp, r->pension_income);
	if (li_salary_adjustment_applies(p, f))
		r->income_adjustment += li_salary_adjustment(p, f->salary);
	r->employment_income = Max(emp - r->income_adjustment, 0);
	r->total_income = r->employment_income + r->pension_income + f->other_income;
	/* no separate-taxation income, loss carry-forward or 山林所得: 総所得金額等 = 合計所得 */
	r->gross_income = r->total_income;
}

/*
 * Step 2: 所得控除 in their 住民税 amounts (法314条の2), 人的控除額の差
 * (法314条の6) and the household size used by the 非課税 thresholds.
 */
static void
li_step_deductions(const LiParams *p, const LiFacts *f, LiResult *r)
{
	int64		dep_limit = p->s[LI_DEPENDANT_INCOME_LIMIT];
	int64		total = r->total_income;
	int64		gross = r->gross_income;
	int64		diff = 0;
	int64		n_household = 1;
	int			i;

	r->d_basic = li_band_value(&p->bands[LB_BASIC], total);
	if (r->d_basic > 0)
		diff += p->s[LI_JD_BASIC];

	if (f->has_spouse)
	{
		const LiPerson *s = &f->spouse;

		if (s->income <= dep_limit)
		{
			bool		elderly = s->age >= p->s[LI_SPOUSE_ELDERLY_AGE];

			n_household++;		/* 同一生計配偶者 */
			r->d_spouse = li_band_value(&p->bands[elderly ? LB_SPOUSE_ELDERLY : LB_SPOUSE_GENERAL], total);
			if (r->d_spouse > 0)
				diff += li_band_value(&p->bands[elderly ? LB_JD_SPOUSE_ELDERLY : LB_JD_SPOUSE_GENERAL], total);
			r->d_disability += li_disability_amount(p, s->disability, &diff);
		}
		else if (s->income <= p->s[LI_SPOUSE_SPECIAL_INCOME_LIMIT] &&
				 total <= p->s[LI_SPOUSE_TAXPAYER_LIMIT])
		{
			int64		tb = li_band_value(&p->bands[LB_SPOUSE_TAXPAYER_BAND], total);

			if (tb >= 1 && tb <= 3)
			{
				r->d_spouse_special = li_band_value(&p->bands[LB_SPOUSE_SPECIAL_T1 + (tb - 1)], s->income);
				diff += li_band_value(&p->bands[LB_JD_SPOUSE_SPECIAL_T1 + (tb - 1)], s->income);
			}
		}
	}

	for (i = 0; i < f->ndependants; i++)
	{
		const LiPerson *d = &f->dependants[i];

		if (d->income <= dep_limit)
		{
			n_household++;		/* 扶養親族, under 16 included */
			r->d_disability += li_disability_amount(p, d->disability, &diff);
			if (d->age < p->s[LI_DEP_MIN_AGE])
				continue;		/* 年少扶養親族: no 扶養控除 */
			if (d->age >= p->s[LI_SPECIFIC_AGE_FROM] && d->age <= p->s[LI_SPECIFIC_AGE_TO])
			{
				r->d_dependants += p->s[LI_DEP_SPECIFIC];
				diff += p->s[LI_JD_DEP_SPECIFIC];
			}
			else if (d->age >= p->s[LI_ELDERLY_DEP_AGE] && d->cohabiting_parent)
			{
				r->d_dependants += p->s[LI_DEP_COHABITING_PARENT];
				diff += p->s[LI_JD_DEP_COHABITING_PARENT];
			}
			else if (d->age >= p->s[LI_ELDERLY_DEP_AGE])
			{
				r->d_dependants += p->s[LI_DEP_ELDERLY];
				diff += p->s[LI_JD_DEP_ELDERLY];
			}
			else
			{
				r->d_dependants += p->s[LI_DEP_GENERAL];
				diff += p->s[LI_JD_DEP_GENERAL];
			}
		}
		else if (d->age >= p->s[LI_SPECIFIC_AGE_FROM] && d->age <= p->s[LI_SPECIFIC_AGE_TO] &&
				 d->income <= p->s[LI_SPECIFIC_RELATIVE_INCOME_LIMIT])
		{
			int64		a = li_band_value(&p->bands[LB_SPECIFIC_RELATIVE], d->income);

			r->d_specific_relative += a;
			if (a > 0)
				diff += p->s[LI_JD_SPECIFIC_RELATIVE];
		}
	}
	r->household_size = n_household;

	r->d_disability += li_disability_amount(p, f->disability, &diff);
	if (f->single_parent != 0 && total <= p->s[LI_SINGLE_PARENT_INCOME_LIMIT])
	{
		r->d_single_parent = p->s[LI_SINGLE_PARENT];
		diff += f->single_parent == 1 ? p->s[LI_JD_SINGLE_MOTHER] : p->s[LI_JD_SINGLE_FATHER];
	}
	else if (f->widow && total <= p->s[LI_WIDOW_INCOME_LIMIT])
	{
		r->d_widow = p->s[LI_WIDOW];
		diff += p->s[LI_JD_WIDOW];
	}
	if (f->working_student && total <= p->s[LI_STUDENT_INCOME_LIMIT])
	{
		r->d_student = p->s[LI_STUDENT];
		diff += p->s[LI_JD_STUDENT];
	}
	r->d_social = f->social_insurance;
	r->d_small_enterprise = f->small_enterprise;
	r->d_life = Min(li_life_category(p, f->life_general_new, f->life_general_old) +
					li_life_category(p, f->life_medical, 0) +
					li_life_category(p, f->life_pension_new, f->life_pension_old),
					p->s[LI_LIFE_CAP_TOTAL]);
	r->d_earthquake = Min(li_mul_rate_floor(f->earthquake, p->s[LI_EARTHQUAKE_RATE]),
						  p->s[LI_EARTHQUAKE_CAP]);
	if (f->medical_expenses > 0)
	{
		int64		floor_amt = Min(p->s[LI_MEDICAL_FLOOR],
									li_mul_rate_floor(gross, p->s[LI_MEDICAL_FLOOR_RATE]));

		r->d_medical = Min(Max(f->medical_expenses - floor_amt, 0), p->s[LI_MEDICAL_CAP]);
	}
	r->d_total = r->d_basic + r->d_spouse + r->d_spouse_special + r->d_dependants +
		r->d_specific_relative + r->d_disability + r->d_widow + r->d_single_parent +
		r->d_student + r->d_social + r->d_small_enterprise + r->d_life +
		r->d_earthquake + r->d_medical;
	r->personal_diff = diff;
}

/*
 * Step 5d: 寄附金税額控除 (法314条の7, 法37条の2, 附則5条の6), taken from
 * what is left of each side's 所得割.
 */
static void
li_step_donations(const LiParams *p, const LiFacts *f, LiResult *r,
				  int64 *left_city, int64 *left_pref)
{
	bool		designated = r->designated_city;
	int64		gross = r->gross_income;
	int64		diff = r->personal_diff;

	if (f->don_furusato + f->don_shared + f->don_city + f->don_pref > 0)
	{
		int64		cap = li_mul_rate_floor(gross, p->s[LI_DON_CAP_RATE]);
		int64		base_city = Min(f->don_furusato + f->don_shared + f->don_city, cap) - p->s[LI_DON_FLOOR];
		int64		base_pref = Min(f->don_furusato + f->don_shared + f->don_pref, cap) - p->s[LI_DON_FLOOR];
		int64		after_adj_city = r->computed_city - r->adj_city - r->ntadj_city;
		int64		after_adj_pref = r->computed_pref - r->adj_pref - r->ntadj_pref;

		if (base_city > 0)
			r->don_basic_city = li_credit(p, base_city, designated ?
										  p->s[LI_DON_BASIC_DESIGNATED_CITY] : p->s[LI_DON_BASIC_CITY]);
		if (base_pref > 0)
			r->don_basic_pref = li_credit(p, base_pref, designated ?
										  p->s[LI_DON_BASIC_DESIGNATED_PREF] : p->s[LI_DON_BASIC_PREF]);

		if (f->don_furusato > p->s[LI_DON_FLOOR])
		{
			int64		sbase = f->don_furusato - p->s[LI_DON_FLOOR];
			int64		x = r->taxable_income - diff;
			int64		itr = 0;	/* 所得税率 (micro) */
			int64		pct,
						share,
						special,
						s_city,
						s_pref;

			if (x >= 0)
				itr = li_band_rate(&p->bands[LB_INCOME_TAX_RATE], x);
			/* 特例控除割合 = 90% − 所得税率 × 1.021 */
			pct = p->s[LI_DON_SPECIAL_BASE] - li_mul_rate_floor(itr, p->s[LI_DON_RECONSTRUCTION]);
			share = designated ? p->s[LI_DON_SPECIAL_DESIGNATED_CITY_SHARE] : p->s[LI_DON_SPECIAL_CITY_SHARE];
			special = li_credit(p, sbase, pct);
			s_city = li_credit_ratio(p, sbase, pct * share, LI_MICRO * LI_MICRO);
			s_pref = special - s_city;
			/* cap: 20% of each side's 所得割 after 調整控除 */
			r->don_special_city = Min(s_city, li_mul_rate_floor(Max(after_adj_city, 0), p->s[LI_DON_SPECIAL_CAP]));
			r->don_special_pref = Min(s_pref, li_mul_rate_floor(Max(after_adj_pref, 0), p->s[LI_DON_SPECIAL_CAP]));

			/* 申告特例控除: 特例控除 × (r × 1.021) / (90% − r × 1.021), r <= 33% */
			if (f->one_stop && itr > 0)
			{
				int64		r2 = Min(itr, p->s[LI_DON_ONESTOP_MAX_RATE]);
				int64		num = li_mul_rate_floor(r2, p->s[LI_DON_RECONSTRUCTION]);
				int64		den = p->s[LI_DON_SPECIAL_BASE] - num;

				if (den > 0)
				{
					r->don_onestop_city = li_credit_ratio(p, r->don_special_city, num, den);
					r->don_onestop_pref = li_credit_ratio(p, r->don_special_pref, num, den);
				}
			}
		}
		r->don_basic_city = li_take(left_city, r->don_basic_city);
		r->don_basic_pref = li_take(left_pref, r->don_basic_pref);
		r->don_special_city = li_take(left_city, r->don_special_city);
		r->don_special_pref = li_take(left_pref, r->don_special_pref);
		r->don_onestop_city = li_take(left_city, r->don_onestop_city);
		r->don_onestop_pref = li_take(left_pref, r->don_onestop_pref);
	}
}

static void
li_compute(const LiParams *p, const LiFacts *f, LiResult *r)
{
	int64		total,
				gross,
				diff,
				n_household;
	bool		designated = p->s[LI_DESIGNATED_CITY] != 0;
	int64		city_rate,
				pref_rate,
				total_rate;
	int64		left_city,
				left_pref;

	memset(r, 0, sizeof(*r));
	r->designated_city = designated;
	r->nontaxable = "none";

	li_step_income(p, f, r);
	li_step_deductions(p, f, r);
	total = r->total_income;
	gross = r->gross_income;
	diff = r->personal_diff;
	n_household = r->household_size;

	/* 3. 課税総所得金額 (法20条の4の2①) */
	r->taxable_income = li_trunc_unit(gross - r->d_total, p->s[LI_TAXABLE_UNIT]);

	/* 4. 算出所得割 */
	city_rate = (designated ? p->s[LI_DESIGNATED_CITY_RATE] : p->s[LI_CITY_RATE]) +
		p->s[LI_CITY_RATE_SURCHARGE];
	pref_rate = (designated ? p->s[LI_DESIGNATED_PREF_RATE] : p->s[LI_PREF_RATE]) +
		p->s[LI_PREF_RATE_SURCHARGE];
	total_rate = city_rate + pref_rate;
	r->computed_city = li_mul_rate_floor(r->taxable_income, city_rate);
	r->computed_pref = li_mul_rate_floor(r->taxable_income, pref_rate);
	left_city = r->computed_city;
	left_pref = r->computed_pref;
	if (p->s[LI_ROUNDING_ORDER] == 1)
	{
		left_city = li_trunc_unit(left_city, p->s[LI_TAX_UNIT]);
		left_pref = li_trunc_unit(left_pref, p->s[LI_TAX_UNIT]);
	}

	/* 5a. 調整控除 (法314条の6, 法37条) */
	if (total <= p->s[LI_ADJ_INCOME_LIMIT] && r->taxable_income > 0)
	{
		int64		a = diff;
		int64		b = r->taxable_income;
		int64		base;
		int64		adj_city_rate;
		int64		adj_pref_rate;

		if (b <= p->s[LI_ADJ_THRESHOLD])
			base = Min(a, b);
		else
			base = Max(a - (b - p->s[LI_ADJ_THRESHOLD]), p->s[LI_ADJ_MIN_BASE]);
		adj_city_rate = designated ? p->s[LI_ADJ_DESIGNATED_CITY_RATE] : p->s[LI_ADJ_CITY_RATE];
		adj_pref_rate = designated ? p->s[LI_ADJ_DESIGNATED_PREF_RATE] : p->s[LI_ADJ_PREF_RATE];
		r->adj_city = li_take(&left_city, li_credit(p, base, adj_city_rate));
		r->adj_pref = li_take(&left_pref, li_credit(p, base, adj_pref_rate));
	}

	/* 5b. 所得割の非課税 and 税額調整 (法附則3条の3①④) */
	r->income_levy_threshold = n_household == 1
		? p->s[LI_NT_INC_BASE] + p->s[LI_NT_INC_FIXED]
		: p->s[LI_NT_INC_BASE] * n_household + p->s[LI_NT_INC_FIXED] + p->s[LI_NT_INC_ADD];
	if (gross <= r->income_levy_threshold)
	{
		r->ntadj_city = li_take(&left_city, left_city);
		r->ntadj_pref = li_take(&left_pref, left_pref);
		r->nontaxable = "income_levy_threshold";
	}
	else if (left_city + left_pref > gross - r->income_levy_threshold)
	{
		int64		cut = left_city + left_pref - (gross - r->income_levy_threshold);
		int64		cut_city = li_credit_ratio(p, cut, city_rate, total_rate);

		r->ntadj_city = li_take(&left_city, cut_city);
		r->ntadj_pref = li_take(&left_pref, cut - r->ntadj_city);
	}

	/* 5c. 配当控除 and 住宅借入金等特別税額控除: amounts carried in, split by the rates */
	if (f->dividend_credit > 0)
	{
		int64		c = li_credit_ratio(p, f->dividend_credit, city_rate, total_rate);

		r->div_city = li_take(&left_city, c);
		r->div_pref = li_take(&left_pref, f->dividend_credit - c);
	}
	if (f->housing_loan_credit > 0)
	{
		int64		c = li_credit_ratio(p, f->housing_loan_credit, city_rate, total_rate);

		r->housing_city = li_take(&left_city, c);
		r->housing_pref = li_take(&left_pref, f->housing_loan_credit - c);
	}

	li_step_donations(p, f, r, &left_city, &left_pref);

	/* 6. 所得割 (法20条の4の2③) */
	r->income_levy_city = li_trunc_unit(left_city, p->s[LI_TAX_UNIT]);
	r->income_levy_pref = li_trunc_unit(left_pref, p->s[LI_TAX_UNIT]);

	/* 7. 均等割 and 森林環境税; 均等割の非課税 (法295条③, 施行令47条の3) */
	r->per_capita_city = p->s[LI_PER_CAPITA_CITY] + p->s[LI_PER_CAPITA_CITY_SURCHARGE];
	r->per_capita_pref = p->s[LI_PER_CAPITA_PREF] + p->s[LI_PER_CAPITA_PREF_SURCHARGE];
	r->forest_env_tax = p->s[LI_FOREST_ENV_TAX];
	{
		/* kyuchi is 1, 2 or 3 (checked when the bundle is parsed) */
		int			k = (int) p->s[LI_KYUCHI] - 1;
		int64		base = p->s[LI_NT_PC_BASE_K1 + k];
		int64		add = p->s[LI_NT_PC_ADD_K1 + k];

		r->per_capita_threshold = n_household == 1
			? base + p->s[LI_NT_PC_FIXED]
			: base * n_household + p->s[LI_NT_PC_FIXED] + add;
	}

	/* 法295条①: 生活扶助; 障害者・未成年者・寡婦・ひとり親 with 合計所得 <= 135万 */
	if (f->public_assistance)
		r->nontaxable = "public_assistance";
	else if ((f->disability != LID_NONE || f->minor || f->widow || f->single_parent != 0) &&
			 total <= p->s[LI_NT_SPECIAL_LIMIT])
		r->nontaxable = "special_status";
	else if (total <= r->per_capita_threshold)
		r->nontaxable = "per_capita_threshold";

	if (strcmp(r->nontaxable, "none") != 0 &&
		strcmp(r->nontaxable, "income_levy_threshold") != 0)
	{
		r->per_capita_city = r->per_capita_pref = r->forest_env_tax = 0;
		r->income_levy_city = r->income_levy_pref = 0;
	}
	r->income_levy = r->income_levy_city + r->income_levy_pref;
	r->total_city = r->income_levy_city + r->per_capita_city;
	r->total_pref = r->income_levy_pref + r->per_capita_pref;
	r->total = r->total_city + r->total_pref + r->forest_env_tax;
}

/* ------------------------------------------------------------------------
 * The result as jsonb
 */

/* The integer keys of the result and where each one is held. */
typedef struct LiOutField
{
	const char *key;
	size_t		off;
} LiOutField;

static const LiOutField li_out_fields[] = {
	{"employment_income", offsetof(LiResult, employment_income)},
	{"pension_income", offsetof(LiResult, pension_income)},
	{"income_adjustment", offsetof(LiResult, income_adjustment)},
	{"total_income", offsetof(LiResult, total_income)},
	{"gross_income", offsetof(LiResult, gross_income)},
	{"deduction_basic", offsetof(LiResult, d_basic)},
	{"deduction_spouse", offsetof(LiResult, d_spouse)},
	{"deduction_spouse_special", offsetof(LiResult, d_spouse_special)},
	{"deduction_dependants", offsetof(LiResult, d_dependants)},
	{"deduction_specific_relative", offsetof(LiResult, d_specific_relative)},
	{"deduction_disability", offsetof(LiResult, d_disability)},
	{"deduction_widow", offsetof(LiResult, d_widow)},
	{"deduction_single_parent", offsetof(LiResult, d_single_parent)},
	{"deduction_working_student", offsetof(LiResult, d_student)},
	{"deduction_social_insurance", offsetof(LiResult, d_social)},
	{"deduction_small_enterprise", offsetof(LiResult, d_small_enterprise)},
	{"deduction_life_insurance", offsetof(LiResult, d_life)},
	{"deduction_earthquake_insurance", offsetof(LiResult, d_earthquake)},
	{"deduction_medical", offsetof(LiResult, d_medical)},
	{"deductions_total", offsetof(LiResult, d_total)},
	{"personal_deduction_diff", offsetof(LiResult, personal_diff)},
	{"household_size", offsetof(LiResult, household_size)},
	{"taxable_income", offsetof(LiResult, taxable_income)},
	{"computed_city", offsetof(LiResult, computed_city)},
	{"computed_pref", offsetof(LiResult, computed_pref)},
	{"adjustment_city", offsetof(LiResult, adj_city)},
	{"adjustment_pref", offsetof(LiResult, adj_pref)},
	{"threshold_adjustment_city", offsetof(LiResult, ntadj_city)},
	{"threshold_adjustment_pref", offsetof(LiResult, ntadj_pref)},
	{"dividend_credit_city", offsetof(LiResult, div_city)},
	{"dividend_credit_pref", offsetof(LiResult, div_pref)},
	{"housing_loan_credit_city", offsetof(LiResult, housing_city)},
	{"housing_loan_credit_pref", offsetof(LiResult, housing_pref)},
	{"donation_basic_city", offsetof(LiResult, don_basic_city)},
	{"donation_basic_pref", offsetof(LiResult, don_basic_pref)},
	{"donation_special_city", offsetof(LiResult, don_special_city)},
	{"donation_special_pref", offsetof(LiResult, don_special_pref)},
	{"donation_onestop_city", offsetof(LiResult, don_onestop_city)},
	{"donation_onestop_pref", offsetof(LiResult, don_onestop_pref)},
	{"income_levy_city", offsetof(LiResult, income_levy_city)},
	{"income_levy_pref", offsetof(LiResult, income_levy_pref)},
	{"income_levy", offsetof(LiResult, income_levy)},
	{"per_capita_city", offsetof(LiResult, per_capita_city)},
	{"per_capita_pref", offsetof(LiResult, per_capita_pref)},
	{"forest_env_tax", offsetof(LiResult, forest_env_tax)},
	{"per_capita_threshold", offsetof(LiResult, per_capita_threshold)},
	{"income_levy_threshold", offsetof(LiResult, income_levy_threshold)},
	{"total_city", offsetof(LiResult, total_city)},
	{"total_pref", offsetof(LiResult, total_pref)},
	{"total", offsetof(LiResult, total)},
	{NULL}
};

#define LI_NOUT (lengthof(li_out_fields) - 1 + 2)

/*
 * Key order of a jsonb object: shorter keys first, then bytewise (the
 * order of lengthCompareJsonbStringValue in jsonb_util.c).
 */
static int
li_key_cmp(const void *a, const void *b)
{
	const JsonbPair *pa = (const JsonbPair *) a;
	const JsonbPair *pb = (const JsonbPair *) b;
	int			la = pa->key.val.string.len;
	int			lb = pb->key.val.string.len;

	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(pa->key.val.string.val, pb->key.val.string.val, la);
}

/* order: index into li_out_fields, or LI_OUT_DESIGNATED / LI_OUT_NONTAXABLE */
#define LI_OUT_DESIGNATED	1000
#define LI_OUT_NONTAXABLE	1001

static void
li_set_key(JsonbPair *pair, const char *key, uint32 order)
{
	pair->key.type = jbvString;
	pair->key.val.string.val = (char *) key;
	pair->key.val.string.len = strlen(key);
	pair->order = order;
}

/*
 * The result as jsonb.  The key set never changes, so the pairs are built
 * already in jsonb key order (sorted once per backend) and converted
 * directly, without the push parser and its per-row sort.
 */
static Jsonb *
li_result_jsonb(const LiResult *r)
{
	static JsonbPair sorted[LI_NOUT];
	static bool sorted_done = false;
	static Numeric zero = NULL;
	JsonbPair	pairs[LI_NOUT];
	JsonbValue	obj;
	int			i;

	if (!sorted_done)
	{
		/* most breakdown fields are 0: one shared numeric zero (copied out below) */
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		zero = int64_to_numeric(0);
		MemoryContextSwitchTo(old);
		for (i = 0; li_out_fields[i].key != NULL; i++)
			li_set_key(&sorted[i], li_out_fields[i].key, i);
		li_set_key(&sorted[i], "designated_city", LI_OUT_DESIGNATED);
		li_set_key(&sorted[i + 1], "nontaxable", LI_OUT_NONTAXABLE);
		qsort(sorted, LI_NOUT, sizeof(JsonbPair), li_key_cmp);
		sorted_done = true;
	}
	for (i = 0; i < (int) LI_NOUT; i++)
	{
		pairs[i] = sorted[i];
		if (sorted[i].order < LI_OUT_DESIGNATED)
		{
			int64		v = *(const int64 *) ((const char *) r + li_out_fields[sorted[i].order].off);

			pairs[i].value.type = jbvNumeric;
			pairs[i].value.val.numeric = v == 0 ? zero : int64_to_numeric(v);
		}
		else if (sorted[i].order == LI_OUT_DESIGNATED)
		{
			pairs[i].value.type = jbvBool;
			pairs[i].value.val.boolean = r->designated_city;
		}
		else
		{
			pairs[i].value.type = jbvString;
			pairs[i].value.val.string.val = (char *) r->nontaxable;
			pairs[i].value.val.string.len = strlen(r->nontaxable);
		}
	}
	obj.type = jbvObject;
	obj.val.object.nPairs = LI_NOUT;
	obj.val.object.pairs = pairs;
	return JsonbValueToJsonb(&obj);
}

/* ------------------------------------------------------------------------
 * SQL entry points (the public wrappers in src/sql/410_levy_inhabitant.sql
 * build the bundle from the parameter tables)
 */

static void
li_check_amount_arg(int64 v, const char *what)
{
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Give the gross amount received, in yen.")));
	if (v > LI_MAX_AMOUNT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is larger than 1,000,000,000,000 yen", what)));
}

PG_FUNCTION_INFO_V1(inhabitant_tax_compute);
Datum
inhabitant_tax_compute(PG_FUNCTION_ARGS)
{
	const LiParams *p = li_get_params(fcinfo, PG_GETARG_JSONB_P(0));
	Jsonb	   *facts = PG_GETARG_JSONB_P(1);
	LiFacts		f;
	LiResult	r;

	li_read_facts(facts, &f);
	li_compute(p, &f, &r);
	PG_RETURN_JSONB_P(li_result_jsonb(&r));
}

PG_FUNCTION_INFO_V1(inhabitant_employment_income_k);
Datum
inhabitant_employment_income_k(PG_FUNCTION_ARGS)
{
	const LiParams *p = li_get_params(fcinfo, PG_GETARG_JSONB_P(0));
	int64		salary = PG_GETARG_INT64(1);

	li_check_amount_arg(salary, "salary");
	PG_RETURN_INT64(li_employment_income(p, salary));
}

PG_FUNCTION_INFO_V1(inhabitant_pension_income_k);
Datum
inhabitant_pension_income_k(PG_FUNCTION_ARGS)
{
	const LiParams *p = li_get_params(fcinfo, PG_GETARG_JSONB_P(0));
	int64		pension = PG_GETARG_INT64(1);
	int32		age = PG_GETARG_INT32(2);
	int64		other = PG_GETARG_INT64(3);

	li_check_amount_arg(pension, "pension");
	li_check_amount_arg(other, "other income");
	if (age < 0 || age > 150)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("age must be between 0 and 150"),
				 errhint("Give the age at 31 December of the income year.")));
	PG_RETURN_INT64(li_pension_income(p, pension, age, other));
}

/*
 * The amounts a batch levy stores, without the breakdown:
 * {所得割 市, 所得割 県, 均等割 市, 均等割 県, 森林環境税, total}.
 */
PG_FUNCTION_INFO_V1(inhabitant_tax_amounts);
Datum
inhabitant_tax_amounts(PG_FUNCTION_ARGS)
{
	const LiParams *p = li_get_params(fcinfo, PG_GETARG_JSONB_P(0));
	Jsonb	   *facts = PG_GETARG_JSONB_P(1);
	LiFacts		f;
	LiResult	r;
	Datum		d[6];

	li_read_facts(facts, &f);
	li_compute(p, &f, &r);
	d[0] = Int64GetDatum(r.income_levy_city);
	d[1] = Int64GetDatum(r.income_levy_pref);
	d[2] = Int64GetDatum(r.per_capita_city);
	d[3] = Int64GetDatum(r.per_capita_pref);
	d[4] = Int64GetDatum(r.forest_env_tax);
	d[5] = Int64GetDatum(r.total);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, 6, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
