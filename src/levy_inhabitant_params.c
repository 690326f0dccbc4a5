/*-------------------------------------------------------------------------
 *
 * levy_inhabitant_params.c
 *	  The parameter bundle of the individual inhabitant tax: the jsonb built
 *	  by zeimu.inhabitant_tax_params(fiscal_year, lg_code) from the tables
 *	  zeimu.inhabitant_param and zeimu.inhabitant_band, parsed once per
 *	  call site and cached in fn_extra while the bundle stays the same.
 *
 * Bundle shape (internal, not a public interface):
 *	  {"s": {"<scalar>": <int, rates in millionths>, ...},
 *	   "b": {"<band_set>:<variant>": [[upto, unit, rate_micro, addend], ...]}}
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/numeric.h"

#include "levy_inhabitant.h"

static const char *const li_scalar_names[] = {
	"city_rate", "pref_rate", "designated_city_rate", "designated_pref_rate",
	"city_rate_surcharge", "pref_rate_surcharge", "designated_city", "kyuchi",
	"per_capita_city", "per_capita_pref", "per_capita_city_surcharge",
	"per_capita_pref_surcharge", "forest_env_tax",
	"nt_special_limit", "nt_pc_base_k1", "nt_pc_base_k2", "nt_pc_base_k3",
	"nt_pc_fixed", "nt_pc_add_k1", "nt_pc_add_k2", "nt_pc_add_k3",
	"nt_inc_base", "nt_inc_fixed", "nt_inc_add",
	"income_adjust_cap", "income_adjust_salary_from", "income_adjust_salary_to",
	"income_adjust_rate", "income_adjust_dep_age", "elderly_age", "pension_other_limit1",
	"pension_other_cut1", "pension_other_limit2", "pension_other_cut2",
	"dependant_income_limit", "spouse_special_income_limit",
	"spouse_taxpayer_limit", "spouse_elderly_age", "dep_min_age",
	"specific_age_from", "specific_age_to", "elderly_dep_age",
	"dep_general", "dep_specific", "dep_elderly", "dep_cohabiting_parent",
	"specific_relative_income_limit",
	"dis_general", "dis_special", "dis_cohabiting_special",
	"widow", "widow_income_limit", "single_parent", "single_parent_income_limit",
	"student", "student_income_limit",
	"medical_floor", "medical_floor_rate", "medical_cap",
	"earthquake_rate", "earthquake_cap",
	"life_cap_new", "life_cap_old", "life_cap_total",
	"adj_city_rate", "adj_pref_rate", "adj_designated_city_rate",
	"adj_designated_pref_rate", "adj_threshold", "adj_min_base",
	"adj_income_limit",
	"jd_basic", "jd_dep_general", "jd_dep_specific", "jd_dep_elderly",
	"jd_dep_cohabiting_parent", "jd_dis_general", "jd_dis_special",
	"jd_dis_cohabiting_special", "jd_widow", "jd_single_mother",
	"jd_single_father", "jd_student", "jd_specific_relative",
	"don_cap_rate", "don_floor", "don_basic_city", "don_basic_pref",
	"don_basic_designated_city", "don_basic_designated_pref",
	"don_special_base", "don_reconstruction", "don_special_cap",
	"don_special_city_share", "don_special_designated_city_share",
	"don_onestop_max_rate",
	"taxable_unit", "tax_unit", "rounding_order", "credit_rounding"
};

/* Scalars that are rates (kept in millionths); every other one is yen or a count. */
static const bool li_scalar_is_rate[LI_NSCALARS] = {
	[LI_CITY_RATE] = true,[LI_PREF_RATE] = true,
	[LI_DESIGNATED_CITY_RATE] = true,[LI_DESIGNATED_PREF_RATE] = true,
	[LI_CITY_RATE_SURCHARGE] = true,[LI_PREF_RATE_SURCHARGE] = true,
	[LI_MEDICAL_FLOOR_RATE] = true,[LI_INCOME_ADJUST_RATE] = true,[LI_EARTHQUAKE_RATE] = true,
	[LI_ADJ_CITY_RATE] = true,[LI_ADJ_PREF_RATE] = true,
	[LI_ADJ_DESIGNATED_CITY_RATE] = true,[LI_ADJ_DESIGNATED_PREF_RATE] = true,
	[LI_DON_CAP_RATE] = true,[LI_DON_BASIC_CITY] = true,[LI_DON_BASIC_PREF] = true,
	[LI_DON_BASIC_DESIGNATED_CITY] = true,[LI_DON_BASIC_DESIGNATED_PREF] = true,
	[LI_DON_SPECIAL_BASE] = true,[LI_DON_RECONSTRUCTION] = true,
	[LI_DON_SPECIAL_CAP] = true,[LI_DON_SPECIAL_CITY_SHARE] = true,
	[LI_DON_SPECIAL_DESIGNATED_CITY_SHARE] = true,[LI_DON_ONESTOP_MAX_RATE] = true
};

static const char *const li_band_names[] = {
	"employment_income:", "pension_deduction:under65", "pension_deduction:age65",
	"basic_deduction:", "spouse_deduction:general", "spouse_deduction:elderly",
	"spouse_taxpayer_band:", "spouse_special:t1", "spouse_special:t2",
	"spouse_special:t3", "jd_spouse:general", "jd_spouse:elderly",
	"jd_spouse_special:t1", "jd_spouse_special:t2", "jd_spouse_special:t3",
	"specific_relative:", "life_insurance:new", "life_insurance:old",
	"income_tax_rate:"
};

StaticAssertDecl(lengthof(li_scalar_names) == LI_NSCALARS,
				 "li_scalar_names must match enum LiScalar");
StaticAssertDecl(lengthof(li_band_names) == LB_NSETS,
				 "li_band_names must match enum LiBandSet");

typedef struct LiParamCache
{
	Size		len;
	char	   *bytes;
	LiParams	params;
} LiParamCache;

static void
li_missing(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("inhabitant tax parameter \"%s\" is missing", what),
			 errdetail("The parameter bundle has no value for it."),
			 errhint("Add a row for the fiscal year to zeimu.inhabitant_param or zeimu.inhabitant_band.")));
}

static int64
li_jsonb_int8(JsonbValue *v, const char *what)
{
	if (v->type != jbvNumeric)
		li_missing(what);
	return DatumGetInt64(DirectFunctionCall1(numeric_int8,
											 NumericGetDatum(v->val.numeric)));
}

/* A parameter that selects among a few values must hold one of them. */
static void
li_check_choice(const LiParams *p, LiScalar which, int64 lo, int64 hi)
{
	if (p->s[which] < lo || p->s[which] > hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("inhabitant tax parameter \"%s\" must be between %lld and %lld",
						li_scalar_names[which], (long long) lo, (long long) hi),
				 errhint("Correct the row in zeimu.inhabitant_param.")));
}

static void
li_parse(Jsonb *bundle, LiParams *p)
{
	JsonbValue	sv,
				bv,
				v;
	JsonbContainer *sc,
			   *bc;
	int			i;

	if (!getKeyJsonValueFromContainer(&bundle->root, "s", 1, &sv) ||
		sv.type != jbvBinary ||
		!getKeyJsonValueFromContainer(&bundle->root, "b", 1, &bv) ||
		bv.type != jbvBinary)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid inhabitant tax parameter bundle"),
				 errhint("Build the bundle with zeimu.inhabitant_tax_params().")));
	sc = sv.val.binary.data;
	bc = bv.val.binary.data;

	for (i = 0; i < LI_NSCALARS; i++)
	{
		const char *name = li_scalar_names[i];
		int64		micro;

		if (!getKeyJsonValueFromContainer(sc, name, strlen(name), &v))
			li_missing(name);
		micro = li_jsonb_int8(&v, name);
		if (li_scalar_is_rate[i])
			p->s[i] = micro;
		else
		{
			if (micro % LI_MICRO != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("inhabitant tax parameter \"%s\" must be a whole number", name)));
			p->s[i] = micro / LI_MICRO;
		}
	}
	if (p->s[LI_TAXABLE_UNIT] <= 0 || p->s[LI_TAX_UNIT] <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("inhabitant tax rounding units must be positive")));
	li_check_choice(p, LI_KYUCHI, 1, 3);
	li_check_choice(p, LI_DESIGNATED_CITY, 0, 1);
	li_check_choice(p, LI_ROUNDING_ORDER, 0, 1);
	li_check_choice(p, LI_CREDIT_ROUNDING, 0, 1);

	for (i = 0; i < LB_NSETS; i++)
	{
		const char *name = li_band_names[i];
		JsonbContainer *arr;
		int			n,
					j;

		if (!getKeyJsonValueFromContainer(bc, name, strlen(name), &v) ||
			v.type != jbvBinary || !JsonContainerIsArray(v.val.binary.data))
			li_missing(name);
		arr = v.val.binary.data;
		n = JsonContainerSize(arr);
		if (n < 1 || n > LI_MAX_BANDS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("inhabitant tax band set \"%s\" has %d bands", name, n),
					 errdetail("A band set has 1 to %d bands.", LI_MAX_BANDS)));
		p->bands[i].n = n;
		for (j = 0; j < n; j++)
		{
			JsonbValue *row = getIthJsonbValueFromContainer(arr, j);
			JsonbContainer *rc;
			int64		f[4];
			int			k;

			if (row == NULL || row->type != jbvBinary ||
				JsonContainerSize(row->val.binary.data) != 4)
				li_missing(name);
			rc = row->val.binary.data;
			for (k = 0; k < 4; k++)
			{
				JsonbValue *e = getIthJsonbValueFromContainer(rc, k);

				if (e == NULL)
					li_missing(name);
				f[k] = li_jsonb_int8(e, name);
			}
			p->bands[i].b[j].upto = f[0];
			p->bands[i].b[j].unit = f[1];
			p->bands[i].b[j].rate = f[2];
			p->bands[i].b[j].addend = f[3];
		}
	}
}

/*
 * The parsed parameters for this bundle.  A batch passes the same bundle on
 * every row; the bytes are compared so a changed bundle is parsed again.
 */
const LiParams *
li_get_params(FunctionCallInfo fcinfo, Jsonb *bundle)
{
	LiParamCache *c = (LiParamCache *) fcinfo->flinfo->fn_extra;
	Size		len = VARSIZE(bundle);

	if (c != NULL && c->len == len && memcmp(c->bytes, bundle, len) == 0)
		return &c->params;
	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LiParamCache));
		fcinfo->flinfo->fn_extra = c;
	}
	else if (c->bytes)
	{
		pfree(c->bytes);
		c->bytes = NULL;
		c->len = 0;
	}
	li_parse(bundle, &c->params);
	c->bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len);
	memcpy(c->bytes, bundle, len);
	c->len = len;
	return &c->params;
}

/* amount × rate, truncated to whole yen (amount >= 0). */
int64
li_mul_rate_floor(int64 amount, int64 rate_micro)
{
	int128		v = (int128) amount * rate_micro;

	if (v < 0)
		return -(int64) ((-v + LI_MICRO - 1) / LI_MICRO);
	return (int64) (v / LI_MICRO);
}

/* amount × rate, rounded up to whole yen (amount >= 0). */
int64
li_mul_rate_ceil(int64 amount, int64 rate_micro)
{
	int128		v = (int128) amount * rate_micro;

	if (v < 0)
		return -(int64) ((-v) / LI_MICRO);
	return (int64) ((v + LI_MICRO - 1) / LI_MICRO);
}

/* Truncate a non-negative amount to a multiple of unit (法20条の4の2). */
int64
li_trunc_unit(int64 amount, int64 unit)
{
	if (amount <= 0)
		return 0;
	return amount - amount % unit;
}

/* The rate (micro) of the band that holds x; 0 when x is past every band. */
int64
li_band_rate(const LiBands *bands, int64 x)
{
	int			i;

	for (i = 0; i < bands->n; i++)
		if (x <= bands->b[i].upto)
			return bands->b[i].rate;
	return 0;
}

/*
 * Value of a band table at x: trunc(trunc(x / unit) * unit * rate) + addend
 * for the first band with x <= upto.  Past the last band: 0.
 */
int64
li_band_value(const LiBands *bands, int64 x)
{
	int			i;

	for (i = 0; i < bands->n; i++)
	{
		const LiBand *b = &bands->b[i];

		if (x <= b->upto)
		{
			int64		a = x - x % b->unit;

			return li_mul_rate_floor(a, b->rate) + b->addend;
		}
	}
	return 0;
}
