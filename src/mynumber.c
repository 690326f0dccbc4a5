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
#define MYNUMBER_MAX INT64CONST(999999999999)

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

/* Twelve ASCII digits of a value in 0..MYNUMBER_MAX, leading zeros kept. */
static inline void
mynumber_digits_of(int64 v, char *buf)
{
	int			i;

	for (i = MYNUMBER_DIGITS - 1; i >= 0; i--)
	{
		buf[i] = (char) ('0' + v % 10);
		v /= 10;
	}
	buf[MYNUMBER_DIGITS] = '\0';
}

/* Same rule on an int64 value. */
static bool
mynumber_int64_is_valid(int64 v)
{
	char		buf[MYNUMBER_DIGITS + 1];

	if (v < 0 || v > MYNUMBER_MAX)
		return false;
	mynumber_digits_of(v, buf);
	return mynumber_check_digit_of(buf) == buf[11] - '0';
}

/*
 * Parses and validates; raises 22P02 with a masked detail on failure.
 */
static int64
mynumber_parse(const char *str, int len)
{
	IdentDigits d;
	char		tail[5];
	int64		v;

	ident_scan(str, len, &d);
	if (!ident_shape_ok(&d, mynumber_groups, 3))
		ident_report_shape("mynumber",
						   ident_shape_problem(&d, mynumber_groups, 3));
	v = ident_digits_value(&d);
	if (mynumber_check_digit_of(d.digits) != d.digits[11] - '0')
	{
		ident_tail4(v, tail);
		ident_report_check_digit("mynumber", tail, 12);
	}
	return v;
}

PG_FUNCTION_INFO_V1(mynumber_in);
Datum
mynumber_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);

	PG_RETURN_INT64(mynumber_parse(str, (int) strlen(str)));
}

PG_FUNCTION_INFO_V1(mynumber_out);
Datum
mynumber_out(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);
	char	   *buf = palloc(MYNUMBER_DIGITS + 1);

	mynumber_digits_of(v, buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input re-validates: the binary protocol is no way around the rule. */
PG_FUNCTION_INFO_V1(mynumber_recv);
Datum
mynumber_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		v = pq_getmsgint64(buf);

	if (!mynumber_int64_is_valid(v))
		ident_report_bad_binary("mynumber",
								"The value is not a 12-digit number with a valid check digit.");
	PG_RETURN_INT64(v);
}

/* Explicit cast bigint -> mynumber, validated. */
PG_FUNCTION_INFO_V1(mynumber_from_int8);
Datum
mynumber_from_int8(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);
	char		tail[5];

	ident_check_int8_range("mynumber", v, MYNUMBER_MAX,
						   "An Individual Number is between 0 and 999999999999.");
	if (!mynumber_int64_is_valid(v))
	{
		ident_tail4(v, tail);
		ident_report_check_digit("mynumber", tail, 12);
	}
	PG_RETURN_INT64(v);
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
		ok = ident_shape_ok(&d, mynumber_groups, 3) &&
			mynumber_check_digit_of(d.digits) == d.digits[11] - '0';
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
