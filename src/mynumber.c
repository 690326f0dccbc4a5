/*-------------------------------------------------------------------------
 *
 * mynumber.c
 *	  The Individual Number (個人番号) type.
 *
 * Twelve digits, the last a check digit computed by 平成26年総務省令第85号
 * 第5条 (番号法施行令第8条): with Pn the n-th digit of the eleven-digit base
 * counted from the right and Qn = n+1 for n <= 6, n-5 for n >= 7,
 *
 *		check = 11 - (sum(Pn * Qn) mod 11), or 0 when the remainder is <= 1.
 *
 * Read left to right the weights are 6,5,4,3,2,7,6,5,4,3,2.  The value is
 * stored as an int8 so that comparison, hashing and sorting reuse the core
 * int8 functions (see src/sql/010_ident_mynumber.sql), and so does send
 * (int8send: the wire format is a plain int8).  Only input, output and
 * recv are ours, because a number may start with 0 and every way in must
 * check the digit.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "ident.h"

#define MYNUMBER_DIGITS 12

static const int mynumber_groups[3] = {4, 4, 4};
static const int mynumber_weights[11] = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

/* Check digit for eleven ASCII digits. */
static inline int
mynumber_check_digit_of(const char *base)
{
	int			sum = 0;
	int			i;
	int			r;

	for (i = 0; i < 11; i++)
		sum += (base[i] - '0') * mynumber_weights[i];
	r = sum % 11;
	return r <= 1 ? 0 : 11 - r;
}

/* The rule on twelve ASCII digits: the last is the check digit. */
static bool
mynumber_digits_ok(const char *digits)
{
	return mynumber_check_digit_of(digits) == digits[11] - '0';
}

static const IdentType mynumber_type = {
	.typname = "mynumber",
	.ndigits = MYNUMBER_DIGITS,
	.groups = mynumber_groups,
	.ngroups = 3,
	.check_pos = 12,
	.digits_ok = mynumber_digits_ok,
	.range_detail = "An Individual Number is between 0 and 999999999999.",
	.binary_detail = "The value is not a 12-digit number with a valid check digit."
};

PG_FUNCTION_INFO_V1(mynumber_in);
Datum
mynumber_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);

	PG_RETURN_INT64(ident_parse(&mynumber_type, str, (int) strlen(str)));
}

PG_FUNCTION_INFO_V1(mynumber_out);
Datum
mynumber_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(MYNUMBER_DIGITS + 1);

	ident_format(&mynumber_type, PG_GETARG_INT64(0), buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(mynumber_recv);
Datum
mynumber_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);

	PG_RETURN_INT64(ident_check_binary(&mynumber_type, pq_getmsgint64(buf)));
}

/* Explicit cast bigint -> mynumber, validated. */
PG_FUNCTION_INFO_V1(mynumber_from_int8);
Datum
mynumber_from_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(ident_from_int8(&mynumber_type, PG_GETARG_INT64(0)));
}

/*
 * mynumber_is_valid(text) returns boolean: never raises.  Allocation-free,
 * with a fast path for the usual twelve ASCII digits, because reports run it
 * over whole columns.
 */
PG_FUNCTION_INFO_V1(mynumber_is_valid);
Datum
mynumber_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	bool		ok;

	if (len == MYNUMBER_DIGITS)
	{
		int			sum = 0;
		int			i;
		int			r;

		ok = true;
		for (i = 0; i < 11; i++)
		{
			unsigned int c = (unsigned char) s[i] - '0';

			if (c > 9)
			{
				ok = false;
				break;
			}
			sum += (int) c * mynumber_weights[i];
		}
		if (ok)
		{
			unsigned int c = (unsigned char) s[11] - '0';

			r = sum % 11;
			ok = c <= 9 && (int) c == (r <= 1 ? 0 : 11 - r);
			PG_FREE_IF_COPY(t, 0);
			PG_RETURN_BOOL(ok);
		}
		/* not plain digits: fall through to the general scan */
	}

	{
		IdentDigits d;

		ident_scan(s, len, &d);
		ok = ident_scanned_ok(&mynumber_type, &d);
	}
	PG_FREE_IF_COPY(t, 0);
	PG_RETURN_BOOL(ok);
}

/* mynumber_check_digit(text) returns int: the check digit for an 11-digit base. */
PG_FUNCTION_INFO_V1(mynumber_check_digit);
Datum
mynumber_check_digit(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	IdentDigits d;
	static const int base_groups[1] = {11};

	ident_scan(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &d);
	if (!ident_shape_ok(&d, base_groups, 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid base for an Individual Number check digit"),
				 errhidestmt(true),
				 errhidecontext(true),
				 errdetail_internal("%s", ident_shape_problem(&d, base_groups, 1)),
				 errhint("Pass the first 11 digits of the number, without separators.")));
	PG_RETURN_INT32(mynumber_check_digit_of(d.digits));
}

/* mynumber_mask(mynumber) returns text: all but the last four digits hidden. */
PG_FUNCTION_INFO_V1(mynumber_mask);
Datum
mynumber_mask(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);
	char		buf[MYNUMBER_DIGITS + 1];

	memcpy(buf, "********", 8);
	ident_tail4(v, buf + 8);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}
