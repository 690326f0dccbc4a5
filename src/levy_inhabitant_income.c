/*-------------------------------------------------------------------------
 *
 * levy_inhabitant_income.c
 *	  Income kernels of the individual inhabitant tax: 給与所得 (所得税法28条,
 *	  別表第五; 地方税法313条②), 公的年金等に係る雑所得 (所得税法35条④), and
 *	  the 所得金額調整控除 for a person with both (租税特別措置法41条の3の3②,
 *	  taken into the 住民税 through 地方税法313条②).  The figures come from the
 *	  parameter bundle; nothing statutory is written here.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "levy_inhabitant.h"

/* 給与所得 for a 給与等の収入金額 (salary >= 0); never below zero. */
int64
li_employment_income(const LiParams *p, int64 salary)
{
	int64		v = li_band_value(&p->bands[LB_EMPLOYMENT_INCOME], salary);

	return v < 0 ? 0 : v;
}

/*
 * 公的年金等に係る雑所得: 収入 − 公的年金等控除額, where the deduction
 * depends on the age at 31 December of the income year (65 or over) and is
 * cut when the other 合計所得 exceeds 10M or 20M yen.
 */
int64
li_pension_income(const LiParams *p, int64 pension, int age, int64 other_income)
{
	const LiBands *b;
	int64		ded;
	int64		v;

	if (pension <= 0)
		return 0;
	b = &p->bands[age >= p->s[LI_ELDERLY_AGE] ? LB_PENSION_AGE65 : LB_PENSION_UNDER65];
	ded = li_band_value(b, pension);
	if (other_income > p->s[LI_PENSION_OTHER_LIMIT2])
		ded -= p->s[LI_PENSION_OTHER_CUT2];
	else if (other_income > p->s[LI_PENSION_OTHER_LIMIT1])
		ded -= p->s[LI_PENSION_OTHER_CUT1];
	v = pension - ded;
	return v < 0 ? 0 : v;
}

/*
 * 所得金額調整控除 for 給与所得 and 公的年金等 雑所得 together:
 * min(給与所得, cap) + min(年金所得, cap) − cap, never below zero.
 */
int64
li_income_adjustment(const LiParams *p, int64 employment_income, int64 pension_income)
{
	int64		cap = p->s[LI_INCOME_ADJUST_CAP];
	int64		v;

	if (employment_income <= 0 || pension_income <= 0)
		return 0;
	v = Min(employment_income, cap) + Min(pension_income, cap) - cap;
	return v < 0 ? 0 : v;
}

/*
 * 所得金額調整控除 for a salary above 8.5M when the taxpayer, the spouse or
 * a dependant is 特別障害者 or a dependant is under 23 (租税特別措置法
 * 41条の3の3①): (min(salary, 10M) − 8.5M) × 10%, rounded up to the yen.
 * The caller decides whether the condition holds.
 */
int64
li_salary_adjustment(const LiParams *p, int64 salary)
{
	int64		from = p->s[LI_INCOME_ADJUST_SALARY_FROM];

	if (salary <= from)
		return 0;
	return li_mul_rate_ceil(Min(salary, p->s[LI_INCOME_ADJUST_SALARY_TO]) - from,
							p->s[LI_INCOME_ADJUST_RATE]);
}
