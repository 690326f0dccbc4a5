/*-------------------------------------------------------------------------
 *
 * levy_vehicle.c
 *	  Arithmetic kernel of the light vehicle tax (軽自動車税種別割).
 *
 * The SQL wrappers (src/sql/320_light_vehicle.sql) look up the rates of the
 * class for the municipality and year and pass them in with the rule
 * parameters; this file only decides which rate column applies and applies
 * the 減免 and the ¥100 truncation.
 *
 * Rate column for fiscal year Y of a 3/4-wheeler first inspected in year-
 * month ym (domain_rules §5.2, 地方税法附則第30条・第30条の2):
 *	- green (軽課): the 軽課 is enabled for Y, a green amount is given and ym
 *	  lies in fiscal year Y-1, i.e. (Y-1)04 <= ym <= Y03;
 *	- heavy (重課): ym <= (Y - heavy_years)03 and the vehicle is not exempt
 *	  (EV, natural gas, methanol, hybrid, towed);
 *	- old (旧税率): ym <= old_until (201503);
 *	- standard otherwise.
 * A year-only value (month 0) is read as December of that year (改正法
 * 附則14条2項).  A vehicle first inspected after April of Y did not exist on
 * the 賦課期日 (1 April) and is rejected.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "levy.h"

#define LV_STANDARD 0
#define LV_OLD		1
#define LV_HEAVY	2
#define LV_GREEN	3

static int
lv_rate_kind(int32 fy, bool inspection_based, int32 year, int32 month,
			 int32 old_until, int32 heavy_years, bool heavy_exempt,
			 bool green)
{
	int32		ym;

	if (!inspection_based)
		return LV_STANDARD;
	if (year < 1900 || year > 9999 || month < 0 || month > 12)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid first inspection year-month %d-%02d", year, month),
				 errhint("Give the 初度検査年月 from the vehicle inspection certificate; month 0 means year only.")));
	ym = year * 100 + (month == 0 ? 12 : month);
	if (ym > fy * 100 + 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("vehicle first inspected after the assessment date of fiscal year %d", fy),
				 errdetail("The first inspection %d-%02d is after 1 April %d, so the vehicle did not exist on the 賦課期日.",
						   ym / 100, ym % 100, fy),
				 errhint("Check the fiscal year and the first inspection year-month.")));
	if (green && ym >= (fy - 1) * 100 + 4 && ym <= fy * 100 + 3)
		return LV_GREEN;
	if (!heavy_exempt && ym <= (fy - heavy_years) * 100 + 3)
		return LV_HEAVY;
	if (ym <= old_until)
		return LV_OLD;
	return LV_STANDARD;
}

/*
 * lv_rate_kind(fy, inspection_based, year, month, old_until, heavy_years,
 *				heavy_exempt, green) -> int
 * 0 standard, 1 old, 2 heavy, 3 green.
 */
PG_FUNCTION_INFO_V1(lv_kernel_rate_kind);
Datum
lv_kernel_rate_kind(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(lv_rate_kind(PG_GETARG_INT32(0), PG_GETARG_BOOL(1),
								 PG_GETARG_INT32(2), PG_GETARG_INT32(3),
								 PG_GETARG_INT32(4), PG_GETARG_INT32(5),
								 PG_GETARG_BOOL(6), PG_GETARG_BOOL(7)));
}

/*
 * lv_kernel_tax(fy, inspection_based, year, month, old_until, heavy_years,
 *				 heavy_exempt, green_enabled, amt_standard, amt_old, amt_heavy,
 *				 amt_green, reduction_num, reduction_den, unit) -> bigint
 *
 * amt_green 0 means no 軽課 amount applies.  The tax is the amount of the
 * column minus the 減免 (amount x reduction, truncated to the yen),
 * truncated to a multiple of unit (¥100, 地方税法第20条の4の2第3項).
 */
PG_FUNCTION_INFO_V1(lv_kernel_tax);
Datum
lv_kernel_tax(PG_FUNCTION_ARGS)
{
	int64		amt_std = PG_GETARG_INT64(8);
	int64		amt_old = PG_GETARG_INT64(9);
	int64		amt_heavy = PG_GETARG_INT64(10);
	int64		amt_green = PG_GETARG_INT64(11);
	int64		red_num = PG_GETARG_INT64(12);
	int64		red_den = PG_GETARG_INT64(13);
	int64		unit = PG_GETARG_INT64(14);
	int64		a;

	levy_require_fraction(red_num, red_den, "reduction");
	if (red_num > red_den)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("reduction must be between 0 and 1")));
	if (unit <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rounding unit must be positive")));

	switch (lv_rate_kind(PG_GETARG_INT32(0), PG_GETARG_BOOL(1),
						 PG_GETARG_INT32(2), PG_GETARG_INT32(3),
						 PG_GETARG_INT32(4), PG_GETARG_INT32(5),
						 PG_GETARG_BOOL(6),
						 PG_GETARG_BOOL(7) && amt_green > 0))
	{
		case LV_GREEN:
			a = amt_green;
			break;
		case LV_HEAVY:
			a = amt_heavy;
			break;
		case LV_OLD:
			a = amt_old;
			break;
		default:
			a = amt_std;
			break;
	}
	levy_require_nonneg(a, "light vehicle rate");
	a -= levy_muldiv(a, red_num, red_den);
	PG_RETURN_INT64(levy_trunc(a, unit));
}
