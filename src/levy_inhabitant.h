/*-------------------------------------------------------------------------
 *
 * levy_inhabitant.h
 *	  Shared declarations of the individual inhabitant tax (個人住民税)
 *	  kernels: the parameter bundle read from zeimu.inhabitant_param and
 *	  zeimu.inhabitant_band (doc/levy-inhabitant.md), and the band lookup.
 *
 * All amounts are int64 yen.  Rates travel as int64 millionths ("micro"),
 * so 6% is 60000 and 1.021 is 1021000; no floating point is used.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LEVY_INHABITANT_H
#define LEVY_INHABITANT_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/jsonb.h"

#define LI_MICRO		INT64CONST(1000000)
#define LI_MAX_BANDS	24

/* Scalar parameters, in the order of li_scalar_names[]. */
typedef enum LiScalar
{
	LI_CITY_RATE,
	LI_PREF_RATE,
	LI_DESIGNATED_CITY_RATE,
	LI_DESIGNATED_PREF_RATE,
	LI_CITY_RATE_SURCHARGE,
	LI_PREF_RATE_SURCHARGE,
	LI_DESIGNATED_CITY,
	LI_KYUCHI,
	LI_PER_CAPITA_CITY,
	LI_PER_CAPITA_PREF,
	LI_PER_CAPITA_CITY_SURCHARGE,
	LI_PER_CAPITA_PREF_SURCHARGE,
	LI_FOREST_ENV_TAX,
	LI_NT_SPECIAL_LIMIT,
	LI_NT_PC_BASE_K1,
	LI_NT_PC_BASE_K2,
	LI_NT_PC_BASE_K3,
	LI_NT_PC_FIXED,
	LI_NT_PC_ADD_K1,
	LI_NT_PC_ADD_K2,
	LI_NT_PC_ADD_K3,
	LI_NT_INC_BASE,
	LI_NT_INC_FIXED,
	LI_NT_INC_ADD,
	LI_INCOME_ADJUST_CAP,
	LI_INCOME_ADJUST_SALARY_FROM,
	LI_INCOME_ADJUST_SALARY_TO,
	LI_INCOME_ADJUST_RATE,
	LI_INCOME_ADJUST_DEP_AGE,
	LI_ELDERLY_AGE,
	LI_PENSION_OTHER_LIMIT1,
	LI_PENSION_OTHER_CUT1,
	LI_PENSION_OTHER_LIMIT2,
	LI_PENSION_OTHER_CUT2,
	LI_DEPENDANT_INCOME_LIMIT,
	LI_SPOUSE_SPECIAL_INCOME_LIMIT,
	LI_SPOUSE_TAXPAYER_LIMIT,
	LI_SPOUSE_ELDERLY_AGE,
	LI_DEP_MIN_AGE,
	LI_SPECIFIC_AGE_FROM,
	LI_SPECIFIC_AGE_TO,
	LI_ELDERLY_DEP_AGE,
	LI_DEP_GENERAL,
	LI_DEP_SPECIFIC,
	LI_DEP_ELDERLY,
	LI_DEP_COHABITING_PARENT,
	LI_SPECIFIC_RELATIVE_INCOME_LIMIT,
	LI_DIS_GENERAL,
	LI_DIS_SPECIAL,
	LI_DIS_COHABITING_SPECIAL,
	LI_WIDOW,
	LI_WIDOW_INCOME_LIMIT,
	LI_SINGLE_PARENT,
	LI_SINGLE_PARENT_INCOME_LIMIT,
	LI_STUDENT,
	LI_STUDENT_INCOME_LIMIT,
	LI_MEDICAL_FLOOR,
	LI_MEDICAL_FLOOR_RATE,
	LI_MEDICAL_CAP,
	LI_EARTHQUAKE_RATE,
	LI_EARTHQUAKE_CAP,
	LI_LIFE_CAP_NEW,
	LI_LIFE_CAP_OLD,
	LI_LIFE_CAP_TOTAL,
	LI_ADJ_CITY_RATE,
	LI_ADJ_PREF_RATE,
	LI_ADJ_DESIGNATED_CITY_RATE,
	LI_ADJ_DESIGNATED_PREF_RATE,
	LI_ADJ_THRESHOLD,
	LI_ADJ_MIN_BASE,
	LI_ADJ_INCOME_LIMIT,
	LI_JD_BASIC,
	LI_JD_DEP_GENERAL,
	LI_JD_DEP_SPECIFIC,
	LI_JD_DEP_ELDERLY,
	LI_JD_DEP_COHABITING_PARENT,
	LI_JD_DIS_GENERAL,
	LI_JD_DIS_SPECIAL,
	LI_JD_DIS_COHABITING_SPECIAL,
	LI_JD_WIDOW,
	LI_JD_SINGLE_MOTHER,
	LI_JD_SINGLE_FATHER,
	LI_JD_STUDENT,
	LI_JD_SPECIFIC_RELATIVE,
	LI_DON_CAP_RATE,
	LI_DON_FLOOR,
	LI_DON_BASIC_CITY,
	LI_DON_BASIC_PREF,
	LI_DON_BASIC_DESIGNATED_CITY,
	LI_DON_BASIC_DESIGNATED_PREF,
	LI_DON_SPECIAL_BASE,
	LI_DON_RECONSTRUCTION,
	LI_DON_SPECIAL_CAP,
	LI_DON_SPECIAL_CITY_SHARE,
	LI_DON_SPECIAL_DESIGNATED_CITY_SHARE,
	LI_DON_ONESTOP_MAX_RATE,
	LI_TAXABLE_UNIT,
	LI_TAX_UNIT,
	LI_ROUNDING_ORDER,
	LI_CREDIT_ROUNDING,
	LI_NSCALARS
} LiScalar;

/* Band sets (set:variant), in the order of li_band_names[]. */
typedef enum LiBandSet
{
	LB_EMPLOYMENT_INCOME,
	LB_PENSION_UNDER65,
	LB_PENSION_AGE65,
	LB_BASIC,
	LB_SPOUSE_GENERAL,
	LB_SPOUSE_ELDERLY,
	LB_SPOUSE_TAXPAYER_BAND,
	LB_SPOUSE_SPECIAL_T1,
	LB_SPOUSE_SPECIAL_T2,
	LB_SPOUSE_SPECIAL_T3,
	LB_JD_SPOUSE_GENERAL,
	LB_JD_SPOUSE_ELDERLY,
	LB_JD_SPOUSE_SPECIAL_T1,
	LB_JD_SPOUSE_SPECIAL_T2,
	LB_JD_SPOUSE_SPECIAL_T3,
	LB_SPECIFIC_RELATIVE,
	LB_LIFE_NEW,
	LB_LIFE_OLD,
	LB_INCOME_TAX_RATE,
	LB_NSETS
} LiBandSet;

typedef struct LiBand
{
	int64		upto;
	int64		unit;
	int64		rate;			/* micro */
	int64		addend;
} LiBand;

typedef struct LiBands
{
	int			n;
	LiBand		b[LI_MAX_BANDS];
} LiBands;

typedef struct LiParams
{
	int64		s[LI_NSCALARS];	/* rates in micro, amounts in yen */
	LiBands		bands[LB_NSETS];
} LiParams;

/* levy_inhabitant_params.c */
extern const LiParams *li_get_params(FunctionCallInfo fcinfo, Jsonb *bundle);
extern int64 li_band_value(const LiBands *bands, int64 x);
extern int64 li_band_rate(const LiBands *bands, int64 x);
extern int64 li_mul_rate_floor(int64 amount, int64 rate_micro);
extern int64 li_mul_rate_ceil(int64 amount, int64 rate_micro);
extern int64 li_trunc_unit(int64 amount, int64 unit);

/* levy_inhabitant_income.c */
extern int64 li_employment_income(const LiParams *p, int64 salary);
extern int64 li_pension_income(const LiParams *p, int64 pension, int age,
							   int64 other_income);
extern int64 li_salary_adjustment(const LiParams *p, int64 salary);
extern int64 li_income_adjustment(const LiParams *p, int64 employment_income,
								  int64 pension_income);

#endif							/* LEVY_INHABITANT_H */
