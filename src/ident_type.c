/*-------------------------------------------------------------------------
 *
 * ident_type.c
 *	  What every integer-stored identifier type does the same way: read
 *	  text (any accepted notation) and check it, format the stored value
 *	  with its leading zeros, and check values that arrive as integers
 *	  (bigint casts, binary input).  Each type supplies an IdentType with
 *	  its digit count, grouping and check-digit rule (src/mynumber.c,
 *	  src/corporate_number.c, src/lg_code.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "ident.h"

/* Largest value of ndigits digits: 10^ndigits - 1. */
static int64
ident_max(const IdentType *t)
{
	int64		max = 1;
	int			i;

	for (i = 0; i < t->ndigits; i++)
		max *= 10;
	return max - 1;
}

/* Scanned text of the right shape whose digits satisfy the type's rule. */
bool
ident_scanned_ok(const IdentType *t, const IdentDigits *d)
{
	return ident_shape_ok(d, t->groups, t->ngroups) && t->digits_ok(d->digits);
}

/* Raises 22P02 for scanned text that ident_scanned_ok rejects. */
void
ident_report_scanned(const IdentType *t, const IdentDigits *d)
{
	char		tail[5];

	if (!ident_shape_ok(d, t->groups, t->ngroups))
		ident_report_shape(t->typname,
						   ident_shape_problem(d, t->groups, t->ngroups));
	ident_tail4(ident_digits_value(d), tail);
	ident_report_check_digit(t->typname, tail, t->check_pos);
}

/* Reads and checks text; raises 22P02 with a masked detail on failure. */
int64
ident_parse(const IdentType *t, const char *str, int len)
{
	IdentDigits d;

	ident_scan(str, len, &d);
	if (!ident_scanned_ok(t, &d))
		ident_report_scanned(t, &d);
	return ident_digits_value(&d);
}

/* The ndigits ASCII digits of v (0 <= v <= max), leading zeros kept. */
void
ident_format(const IdentType *t, int64 v, char *buf)
{
	int			i;

	for (i = t->ndigits - 1; i >= 0; i--)
	{
		buf[i] = (char) ('0' + v % 10);
		v /= 10;
	}
	buf[t->ndigits] = '\0';
}

/* The type's rule on an integer value. */
bool
ident_int64_ok(const IdentType *t, int64 v)
{
	char		buf[IDENT_MAX_DIGITS + 1];

	if (v < 0 || v > ident_max(t))
		return false;
	ident_format(t, v, buf);
	return t->digits_ok(buf);
}

/*
 * An explicit bigint cast: 22003 outside 0..max, 22P02 with the last four
 * digits when the check digit is wrong.
 */
int64
ident_from_int8(const IdentType *t, int64 v)
{
	char		tail[5];

	if (v < 0 || v > ident_max(t))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("bigint value out of range for type %s", t->typname),
				 errhidestmt(true),
				 errhidecontext(true),
				 errdetail_internal("%s", t->range_detail)));
	if (!ident_int64_ok(t, v))
	{
		ident_tail4(v, tail);
		ident_report_check_digit(t->typname, tail, t->check_pos);
	}
	return v;
}

/*
 * Binary input (recv) re-validates: the binary protocol and binary COPY are
 * no way around the rule.  22P03, without the value.
 */
int64
ident_check_binary(const IdentType *t, int64 v)
{
	if (!ident_int64_ok(t, v))
		ident_report_bad_binary(t->typname, t->binary_detail);
	return v;
}
