/*-------------------------------------------------------------------------
 *
 * levy_property.c
 *	  Arithmetic kernels of the fixed asset tax (固定資産税) and the city
 *	  planning tax (都市計画税).
 *
 * The kernels take every statutory figure as an argument: the SQL wrappers
 * in src/sql/310_levy_property.sql read the municipality's parameters and
 * pass them in, so law values stay data.  Ratios are exact fractions.
 *
 *	land:		本則課税標準額 with the 住宅用地の特例 (法349条の3の2, 702条の3) and
 *				the 負担調整措置 (法附則18条・19条; domain_rules §3.3)
 *	house:		新築住宅の減額 (法附則15条の6; domain_rules §3.4)
 *	depreciable: 評価額 (固定資産評価基準 第3章: half-year first year, 減価率,
 *				yen truncation each year, 5% floor; domain_rules §3.5)
 *	tax:		免税点 (法351条), 課税標準額 truncated to ¥1,000 and the tax
 *				(地方税法第20条の4の2第1項)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "levy.h"

/*
 * fa_land_principal(price, area, small_area, general_area,
 *					 small_num, small_den, general_num, general_den) -> bigint
 *
 * 本則課税標準額 of one parcel part.  Areas are in hundredths of a square
 * metre.  With no residential area the part is 商業地等 and the principal is
 * the price.  Otherwise the small and general residential areas must cover
 * the whole part: the price is split in proportion to area (the small share
 * truncated to the yen, the general share the rest) and each share is
 * multiplied by its ratio and truncated to the yen.
 */
static int64
land_principal(int64 price, int64 area, int64 small, int64 general,
			   int64 s_num, int64 s_den, int64 g_num, int64 g_den)
{
	int64		p_small;

	levy_require_nonneg(price, "land price");
	levy_require_nonneg(small, "small residential area");
	levy_require_nonneg(general, "general residential area");
	levy_require_fraction(s_num, s_den, "small residential ratio");
	levy_require_fraction(g_num, g_den, "general residential ratio");
	if (area <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("land area must be positive"),
				 errhint("Correct the parcel area in the ledger.")));
	if (small == 0 && general == 0)
		return price;
	if (small + general != area)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("residential areas do not cover the parcel part"),
				 errdetail("Small plus general residential area must equal the area of the part, or both be zero."),
				 errhint("Split a mixed parcel into a residential and a non-residential part.")));

	p_small = levy_muldiv(price, small, area);
	return levy_muldiv(p_small, s_num, s_den) +
		levy_muldiv(price - p_small, g_num, g_den);
}

/*
 * The burden adjustment; b holds res_inc, res_floor, comm_cap, comm_hold,
 * comm_inc, comm_floor as num, den pairs (12 values).
 */
static int64
land_adjusted(int64 h, int64 prev, bool residential, const int64 *b)
{
	int64		x;
	int64		lo;
	int64		hi;
	int			i;

	levy_require_nonneg(h, "principal tax base");
	levy_require_nonneg(prev, "previous year's tax base");
	for (i = 0; i < 12; i += 2)
		levy_require_fraction(b[i], b[i + 1], "burden adjustment");

	if (residential)
	{
		if (prev >= h)
			return h;
		x = prev + levy_muldiv(h, b[0], b[1]);
		if (x > h)
			x = h;
		lo = levy_muldiv(h, b[2], b[3]);
		return x < lo ? lo : x;
	}

	/* 商業地等: compare 負担水準 prev/A with the bands exactly */
	if ((int128) prev * b[5] > (int128) h * b[4])
		return levy_muldiv(h, b[4], b[5]);
	if ((int128) prev * b[7] >= (int128) h * b[6])
		return prev;
	x = prev + levy_muldiv(h, b[8], b[9]);
	hi = levy_muldiv(h, b[6], b[7]);
	if (x > hi)
		x = hi;
	lo = levy_muldiv(h, b[10], b[11]);
	return x < lo ? lo : x;
}

PG_FUNCTION_INFO_V1(fa_land_principal);
Datum
fa_land_principal(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(land_principal(PG_GETARG_INT64(0), PG_GETARG_INT64(1),
								   PG_GETARG_INT64(2), PG_GETARG_INT64(3),
								   PG_GETARG_INT64(4), PG_GETARG_INT64(5),
								   PG_GETARG_INT64(6), PG_GETARG_INT64(7)));
}

/*
 * fa_land_adjusted(principal, prev, residential,
 *					res_inc, res_floor, comm_cap, comm_hold, comm_inc, comm_floor
 *					(each as num, den)) -> bigint
 *
 * 課税標準額 after the burden adjustment (負担調整, domain_rules §3.3).
 * For 住宅用地 H = principal:  H when prev >= H (負担水準 >= 100%), else
 * min(H, prev + H*inc) but at least H*floor.  For 商業地等 A = principal
 * (the price): 負担水準 prev/A > cap -> A*cap; hold <= prev/A <= cap ->
 * prev (据置); below hold -> prev + A*inc, at most A*hold, at least A*floor.
 * Every product is truncated to the yen.
 */
PG_FUNCTION_INFO_V1(fa_land_adjusted);
Datum
fa_land_adjusted(PG_FUNCTION_ARGS)
{
	int64		b[12];
	int			i;

	for (i = 0; i < 12; i++)
		b[i] = PG_GETARG_INT64(3 + i);
	PG_RETURN_INT64(land_adjusted(PG_GETARG_INT64(0), PG_GETARG_INT64(1),
								  PG_GETARG_BOOL(2), b));
}

/*
 * fa_land_base(price, area, small_area, general_area, prev, residential
 *				ratio num, den x 2, burden parameters x 12) -> bigint
 *
 * fa_land_principal and fa_land_adjusted in one call: the batch computes a
 * million parcel parts, and one function call per part is half the cost.
 * The part is residential when small + general area > 0.
 */
PG_FUNCTION_INFO_V1(fa_land_base);
Datum
fa_land_base(PG_FUNCTION_ARGS)
{
	int64		small = PG_GETARG_INT64(2);
	int64		general = PG_GETARG_INT64(3);
	int64		b[12];
	int			i;

	for (i = 0; i < 12; i++)
		b[i] = PG_GETARG_INT64(9 + i);
	PG_RETURN_INT64(land_adjusted(land_principal(PG_GETARG_INT64(0), PG_GETARG_INT64(1),
												 small, general,
												 PG_GETARG_INT64(5), PG_GETARG_INT64(6),
												 PG_GETARG_INT64(7), PG_GETARG_INT64(8)),
								  PG_GETARG_INT64(4), small + general > 0, b));
}

/*
 * fa_house_reduction(base, rate_num, rate_den, floor_area, residential_area,
 *					  year_index, years, area_min, area_max, area_cap,
 *					  ratio_num, ratio_den) -> bigint
 *
 * The 新築住宅の減額 of one house in yen (法附則15条の6).  Areas in hundredths
 * of a square metre; year_index is 1 in the first fiscal year the house is
 * taxed.  Zero unless year_index is within 1..years, the residential share
 * is at least 1/2 and the floor area is within area_min..area_max.  Then
 *		floor(base * rate * min(residential_area, area_cap) / floor_area * ratio)
 * i.e. 税額 x (居住部分, 120㎡限度) / 床面積 x 1/2, one truncation to the yen.
 */
PG_FUNCTION_INFO_V1(fa_house_reduction);
Datum
fa_house_reduction(PG_FUNCTION_ARGS)
{
	int64		base = PG_GETARG_INT64(0);
	int64		r_num = PG_GETARG_INT64(1);
	int64		r_den = PG_GETARG_INT64(2);
	int64		floor_area = PG_GETARG_INT64(3);
	int64		res_area = PG_GETARG_INT64(4);
	int32		year_index = PG_GETARG_INT32(5);
	int32		years = PG_GETARG_INT32(6);
	int64		area_min = PG_GETARG_INT64(7);
	int64		area_max = PG_GETARG_INT64(8);
	int64		area_cap = PG_GETARG_INT64(9);
	int64		q_num = PG_GETARG_INT64(10);
	int64		q_den = PG_GETARG_INT64(11);
	int64		reducible;
	int128		n;
	int128		d;

	levy_require_nonneg(base, "house tax base");
	levy_require_nonneg(res_area, "residential floor area");
	levy_require_fraction(r_num, r_den, "tax rate");
	levy_require_fraction(q_num, q_den, "reduction ratio");
	if (floor_area <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("house floor area must be positive"),
				 errhint("Correct the floor area in the house ledger.")));
	if (res_area > floor_area)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("residential floor area exceeds the floor area"),
				 errhint("Correct the house ledger.")));

	if (year_index < 1 || year_index > years)
		PG_RETURN_INT64(0);
	if (res_area * 2 < floor_area)
		PG_RETURN_INT64(0);
	if (floor_area < area_min || floor_area > area_max)
		PG_RETURN_INT64(0);

	reducible = res_area < area_cap ? res_area : area_cap;
	n = (int128) base * r_num * reducible * q_num;
	d = (int128) r_den * floor_area * q_den;
	PG_RETURN_INT64((int64) (n / d));
}

/*
 * fa_depreciable_value(cost, elapsed, rate_milli, floor_num, floor_den) -> bigint
 *
 * 評価額 of one depreciable asset line.  elapsed is 1 in the first fiscal
 * year the asset is taxed (acquired in the preceding year), rate_milli the
 * 減価率 in thousandths.  Year 1: cost x (1 - r/2); later years: previous
 * value x (1 - r); each year truncated to the yen; never below
 * floor(cost x floor) (5% of 取得価額).
 */
PG_FUNCTION_INFO_V1(fa_depreciable_value);
Datum
fa_depreciable_value(PG_FUNCTION_ARGS)
{
	int64		cost = PG_GETARG_INT64(0);
	int32		elapsed = PG_GETARG_INT32(1);
	int32		r = PG_GETARG_INT32(2);
	int64		f_num = PG_GETARG_INT64(3);
	int64		f_den = PG_GETARG_INT64(4);
	int64		v;
	int64		lo;
	int32		i;

	levy_require_nonneg(cost, "acquisition cost");
	levy_require_fraction(f_num, f_den, "depreciation floor");
	if (elapsed < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("asset is not yet taxable in this fiscal year"),
				 errdetail("The first taxed year has index 1; got %d.", elapsed),
				 errhint("Assets acquired after 1 January are first taxed in the next fiscal year.")));
	if (r <= 0 || r >= 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("depreciation rate must be between 0.001 and 0.999")));

	lo = levy_muldiv(cost, f_num, f_den);
	v = levy_muldiv(cost, 2000 - r, 2000);
	for (i = 2; i <= elapsed && v > lo; i++)
		v = levy_muldiv(v, 1000 - r, 1000);
	PG_RETURN_INT64(v < lo ? lo : v);
}

/*
 * fa_category_tax(base_total, threshold_base, threshold, rate_num, rate_den,
 *				   base_unit) -> bigint
 *
 * 算出税額 of one taxpayer's category (land, houses or depreciable assets)
 * in yen, before the ¥100 truncation of the 確定金額.  Zero when
 * threshold_base (the taxpayer's total 固定資産税 課税標準額 of the category)
 * is below the 免税点 (法351条; the city planning tax follows the fixed asset
 * tax, 法702条第3項).  Otherwise the base is truncated to a multiple of
 * base_unit (¥1,000, 地方税法第20条の4の2第1項) and multiplied by the rate,
 * truncated to the yen.
 */
PG_FUNCTION_INFO_V1(fa_category_tax);
Datum
fa_category_tax(PG_FUNCTION_ARGS)
{
	int64		base = PG_GETARG_INT64(0);
	int64		threshold_base = PG_GETARG_INT64(1);
	int64		threshold = PG_GETARG_INT64(2);
	int64		r_num = PG_GETARG_INT64(3);
	int64		r_den = PG_GETARG_INT64(4);
	int64		unit = PG_GETARG_INT64(5);

	levy_require_nonneg(base, "tax base");
	levy_require_nonneg(threshold_base, "tax base");
	levy_require_fraction(r_num, r_den, "tax rate");
	if (unit <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rounding unit must be positive")));
	if (threshold_base < threshold)
		PG_RETURN_INT64(0);
	PG_RETURN_INT64(levy_muldiv(levy_trunc(base, unit), r_num, r_den));
}

/*
 * levy_truncate(amount, unit) -> bigint
 *
 * amount truncated down to a multiple of unit: the 確定金額 rule of
 * 地方税法第20条の4の2第3項 (unit ¥100; an amount under ¥100 becomes 0).
 */
PG_FUNCTION_INFO_V1(levy_truncate);
Datum
levy_truncate(PG_FUNCTION_ARGS)
{
	int64		amount = PG_GETARG_INT64(0);
	int64		unit = PG_GETARG_INT64(1);

	levy_require_nonneg(amount, "amount");
	if (unit <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rounding unit must be positive")));
	PG_RETURN_INT64(levy_trunc(amount, unit));
}
