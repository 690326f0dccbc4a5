/*-------------------------------------------------------------------------
 *
 * lg_code.c
 *	  The local government code (全国地方公共団体コード) type.
 *
 * Six digits: the prefecture (2), the municipality within it (3) and a
 * check digit, defined by 総務省「全国地方公共団体コード」 (昭和43年 自治省
 * 行政局長通知, JIS X 0402 for the first five digits).  With the five-digit
 * base weighted 6,5,4,3,2 from the left,
 *
 *		check = 11 - (sum mod 11), and of that only the units digit:
 *		remainder 0 gives 11 -> 1, remainder 1 gives 10 -> 0.
 *
 * This differs from the Individual Number, where remainder 0 gives 0.
 * Examples: 新宿区 13104: 6+15+4+0+8 = 33, 33 mod 11 = 0 -> 1 (131041);
 * 渋谷区 13113: 6+15+4+3+6 = 34, 34 mod 11 = 1 -> 0 (131130).
 *
 * The value is stored as an int4 (every later table leads its primary key
 * with lg_code, so four bytes instead of eight count); comparisons reuse the
 * core int4 functions (src/sql/012_ident_lg_code.sql).  The first two digits
 * must be a prefecture code, 01 to 47 (JIS X 0401).
 *
 * One value outside the code list is accepted on purpose: 000000, written
 * with all six digits, stands for the nation (国) in parameter tables, whose
 * rows hold the national standard values that a municipality's own rows
 * override.  Tables of municipal data refuse it with a CHECK.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "ident.h"

#define LG_CODE_DIGITS 6
#define LG_PREF_MIN 1
#define LG_PREF_MAX 47
#define LG_CODE_NATIONAL 0		/* 000000: the national standard */

static const int lg_code_groups6[1] = {6};
static const int lg_code_groups5[1] = {5};

/* Check digit for a five-digit base given as a number 0..99999. */
static inline int
lg_code_check_digit_of(int base)
{
	static const int weights[5] = {2, 3, 4, 5, 6};	/* from the right */
	int			sum = 0;
	int			i;

	for (i = 0; i < 5; i++)
	{
		sum += (base % 10) * weights[i];
		base /= 10;
	}
	return (11 - sum % 11) % 10;
}

static inline bool
lg_code_pref_ok(int code6)
{
	int			pref = code6 / 10000;

	return pref >= LG_PREF_MIN && pref <= LG_PREF_MAX;
}

/* The rule on six ASCII digits: a prefecture code and the check digit. */
static bool
lg_code_digits_ok(const char *digits)
{
	int			v = 0;
	int			i;

	for (i = 0; i < LG_CODE_DIGITS; i++)
		v = v * 10 + (digits[i] - '0');
	if (v == LG_CODE_NATIONAL)
		return true;
	return lg_code_pref_ok(v) && lg_code_check_digit_of(v / 10) == v % 10;
}

static const IdentType lg_code_type = {
	.typname = "lg_code",
	.ndigits = LG_CODE_DIGITS,
	.groups = lg_code_groups6,
	.ngroups = 1,
	.check_pos = 6,
	.digits_ok = lg_code_digits_ok,
	.range_detail = "A local government code has six digits.",
	.binary_detail = "The value is not a 6-digit local government code with a valid prefecture and check digit."
};

typedef enum LgCodeProblem
{
	LG_OK,
	LG_BAD_SHAPE,
	LG_BAD_PREFECTURE,
	LG_BAD_CHECK
} LgCodeProblem;

/*
 * Scans text in the 6-digit or the 5-digit form; on LG_OK *result holds the
 * six-digit code (check digit appended for the 5-digit form).
 */
static LgCodeProblem
lg_code_read(const char *str, int len, IdentDigits *d, int *result)
{
	int			v;

	ident_scan(str, len, d);
	if (ident_shape_ok(d, lg_code_groups6, 1))
	{
		v = (int) ident_digits_value(d);
		if (v == LG_CODE_NATIONAL)
		{
			*result = v;
			return LG_OK;
		}
		if (!lg_code_pref_ok(v))
			return LG_BAD_PREFECTURE;
		if (lg_code_check_digit_of(v / 10) != v % 10)
			return LG_BAD_CHECK;
	}
	else if (ident_shape_ok(d, lg_code_groups5, 1))
	{
		int			base = (int) ident_digits_value(d);

		v = base * 10 + lg_code_check_digit_of(base);
		if (!lg_code_pref_ok(v))
			return LG_BAD_PREFECTURE;
	}
	else
		return LG_BAD_SHAPE;
	*result = v;
	return LG_OK;
}

static void
lg_code_report(LgCodeProblem problem, const IdentDigits *d)
{
	char		tail[5];

	switch (problem)
	{
		case LG_BAD_SHAPE:
			if (d->bad_char_pos == 0 && d->ndigits_seen > 0 &&
				d->ndigits_seen != 5 && d->ndigits_seen != 6)
				ident_report_shape("lg_code",
								   psprintf("Expected 6 digits (or the 5-digit form without check digit), found %d.",
											d->ndigits_seen));
			ident_report_shape("lg_code",
							   ident_shape_problem(d,
												   d->ndigits_seen == 5 ? lg_code_groups5 : lg_code_groups6,
												   1));
			break;
		case LG_BAD_PREFECTURE:
			ident_report_shape("lg_code",
							   "The first two digits must be a prefecture code from 01 to 47.");
			break;
		case LG_BAD_CHECK:
			ident_tail4(ident_digits_value(d), tail);
			ident_report_check_digit("lg_code", tail, 6);
			break;
		case LG_OK:
			break;
	}
}

PG_FUNCTION_INFO_V1(lg_code_in);
Datum
lg_code_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	IdentDigits d;
	int			v = 0;
	LgCodeProblem problem;

	problem = lg_code_read(str, (int) strlen(str), &d, &v);
	if (problem != LG_OK)
		lg_code_report(problem, &d);
	PG_RETURN_INT32(v);
}

PG_FUNCTION_INFO_V1(lg_code_out);
Datum
lg_code_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(LG_CODE_DIGITS + 1);

	ident_format(&lg_code_type, PG_GETARG_INT32(0), buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(lg_code_recv);
Datum
lg_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);

	PG_RETURN_INT32((int32) ident_check_binary(&lg_code_type,
											   (int32) pq_getmsgint(buf, 4)));
}

PG_FUNCTION_INFO_V1(lg_code_is_valid);
Datum
lg_code_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	IdentDigits d;
	int			v;
	bool		ok;

	ok = lg_code_read(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &d, &v) == LG_OK;
	PG_FREE_IF_COPY(t, 0);
	PG_RETURN_BOOL(ok);
}

/* lg_code_check_digit(text) returns int: the check digit for a 5-digit base. */
PG_FUNCTION_INFO_V1(lg_code_check_digit);
Datum
lg_code_check_digit(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	IdentDigits d;

	ident_scan(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &d);
	if (!ident_shape_ok(&d, lg_code_groups5, 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid base for a local government code check digit"),
				 errhidestmt(true),
				 errhidecontext(true),
				 errdetail_internal("%s", ident_shape_problem(&d, lg_code_groups5, 1)),
				 errhint("Pass the first 5 digits of the code, without separators.")));
	PG_RETURN_INT32(lg_code_check_digit_of((int) ident_digits_value(&d)));
}

/* lg_code_prefecture(lg_code) returns int: the prefecture code, 1..47 (0 for 000000). */
PG_FUNCTION_INFO_V1(lg_code_prefecture);
Datum
lg_code_prefecture(PG_FUNCTION_ARGS)
{
	int32		v = PG_GETARG_INT32(0);

	PG_RETURN_INT32(v / 10000);
}
