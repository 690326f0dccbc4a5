/*-------------------------------------------------------------------------
 *
 * levy.h
 *	  Integer arithmetic shared by the levy kernels (levy_property.c,
 *	  levy_vehicle.c, installments.c).
 *
 * Rates and ratios reach the kernels as exact fractions num/den read from
 * the parameter tables (src/sql/300_levy_params.sql); money is int64 yen.
 * Products are formed in 128 bits so that a price of up to 2^63-1 yen times
 * a ratio cannot overflow before the division.
 *
 *-------------------------------------------------------------------------
 */
#ifndef LEVY_H
#define LEVY_H

#include "fmgr.h"

#ifndef HAVE_INT128
#error "zeimu levy kernels need a 128-bit integer type"
#endif

/* floor(a * num / den) for a >= 0, num >= 0, den > 0; 22003 on overflow */
static inline int64
levy_muldiv(int64 a, int64 num, int64 den)
{
	int128		p = (int128) a * (int128) num / (int128) den;

	if (p > (int128) PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("levy amount out of range"),
				 errdetail("An intermediate amount exceeds the bigint range.")));
	return (int64) p;
}

/* a truncated down to a multiple of unit (a >= 0, unit > 0) */
static inline int64
levy_trunc(int64 a, int64 unit)
{
	return a / unit * unit;
}

/* Rejects a negative amount, area or count passed to a kernel. */
static inline void
levy_require_nonneg(int64 v, const char *what)
{
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Correct the ledger value before computing the tax.")));
}

/* Rejects a fraction whose denominator is not positive or numerator negative. */
static inline void
levy_require_fraction(int64 num, int64 den, const char *what)
{
	if (num < 0 || den <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s fraction %lld/%lld", what,
						(long long) num, (long long) den),
				 errhint("Parameters need a numerator >= 0 and a denominator > 0.")));
}

#endif							/* LEVY_H */
