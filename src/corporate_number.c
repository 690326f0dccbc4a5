/*-------------------------------------------------------------------------
 *
 * corporate_number.c
 *	  The Corporate Number (法人番号) type and the invoice registration
 *	  number (適格請求書発行事業者登録番号) written as "T" + 13 digits.
 *
 * Thirteen digits, the FIRST a check digit computed by 平成26年財務省令第70号
 * 「法人番号の指定等に関する省令」第2条 (番号法施行令第35条第1項): with Pn the
 * n-th digit of the twelve-digit base counted from the right and Qn = 1 for
 * odd n, 2 for even n,
 *
 *		check = 9 - (sum(Pn * Qn) mod 9),
 *
 * which is always 1..9, so a corporate number never starts with 0.  Read
 * left to right the weights over the base are 2,1,2,1,2,1,2,1,2,1,2,1.  The
 * rule cannot see a 0 <-> 9 substitution (both weigh the same mod 9).
 *
 * Stored as an int8 like mynumber; comparisons reuse the core int8
 * functions (src/sql/011_ident_corporate_number.sql).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "ident.h"

#define CORPNUM_DIGITS 13

static const int corpnum_groups[4] = {1, 4, 4, 4};

/* Check digit for the twelve ASCII digits of the base (left to right). */
static inline int
corpnum_check_digit_of(const char *base)
{
	int			sum = 0;
	int			i;

	/* base[11] is P1 (weight 1), base[10] is P2 (weight 2), ... */
	for (i = 0; i < 12; i++)
		sum += (base[i] - '0') * ((12 - i) % 2 == 1 ? 1 : 2);
	return 9 - sum % 9;
}

/* The rule on thirteen ASCII digits: the first is the check digit. */
static bool
corpnum_digits_ok(const char *digits)
{
	return corpnum_check_digit_of(digits + 1) == digits[0] - '0';
}

static const IdentType corpnum_type = {
	.typname = "corporate_number",
	.ndigits = CORPNUM_DIGITS,
	.groups = corpnum_groups,
	.ngroups = 4,
	.check_pos = 1,
	.digits_ok = corpnum_digits_ok,
	.range_detail = "A corporate number is between 0 and 9999999999999.",
	.binary_detail = "The value is not a 13-digit number with a valid leading check digit."
};

/*
 * Reads the invoice registration number form: optional blanks, "T" or
 * full-width "Ｔ" (U+FF34: EF BC B4), then the corporate number in any
 * accepted notation.  Returns false when the letter is missing; otherwise
 * fills d, with character positions counted from the start of the input.
 */
static bool
invoice_scan(const char *str, int len, IdentDigits *d)
{
	const char *p = str;
	const char *end = str + len;
	int			width;
	int			skipped = 0;

	while ((width = ident_blank_width(p, end)) > 0)
	{
		p += width;
		skipped++;
	}
	if (p < end && *p == 'T')
		p += 1;
	else if (end - p >= 3 && (unsigned char) p[0] == 0xEF &&
			 (unsigned char) p[1] == 0xBC && (unsigned char) p[2] == 0xB4)
		p += 3;
	else
		return false;
	skipped++;

	ident_scan(p, (int) (end - p), d);
	if (d->bad_char_pos)
		d->bad_char_pos += skipped;
	if (d->double_sep_pos)
		d->double_sep_pos += skipped;
	if (d->mixed_sep_pos)
		d->mixed_sep_pos += skipped;
	return true;
}

PG_FUNCTION_INFO_V1(corporate_number_in);
Datum
corporate_number_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);

	PG_RETURN_INT64(ident_parse(&corpnum_type, str, (int) strlen(str)));
}

PG_FUNCTION_INFO_V1(corporate_number_out);
Datum
corporate_number_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(CORPNUM_DIGITS + 1);

	ident_format(&corpnum_type, PG_GETARG_INT64(0), buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(corporate_number_recv);
Datum
corporate_number_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);

	PG_RETURN_INT64(ident_check_binary(&corpnum_type, pq_getmsgint64(buf)));
}

/* Explicit cast bigint -> corporate_number, validated. */
PG_FUNCTION_INFO_V1(corporate_number_from_int8);
Datum
corporate_number_from_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(ident_from_int8(&corpnum_type, PG_GETARG_INT64(0)));
}

/* corporate_number_is_valid(text) returns boolean: never raises. */
PG_FUNCTION_INFO_V1(corporate_number_is_valid);
Datum
corporate_number_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	IdentDigits d;
	bool		ok;

	ident_scan(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &d);
	ok = ident_scanned_ok(&corpnum_type, &d);
	PG_FREE_IF_COPY(t, 0);
	PG_RETURN_BOOL(ok);
}

/* corporate_number_check_digit(text) returns int: the leading check digit for a 12-digit base. */
PG_FUNCTION_INFO_V1(corporate_number_check_digit);
Datum
corporate_number_check_digit(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	IdentDigits d;
	static const int base_groups[1] = {12};

	ident_scan(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &d);
	if (!ident_shape_ok(&d, base_groups, 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid base for a corporate number check digit"),
				 errhidestmt(true),
				 errhidecontext(true),
				 errdetail_internal("%s", ident_shape_problem(&d, base_groups, 1)),
				 errhint("Pass the 12-digit base (会社法人等番号), without separators.")));
	PG_RETURN_INT32(corpnum_check_digit_of(d.digits));
}

/*
 * invoice_registration_number(text) returns corporate_number: reads
 * "T" + 13 digits (登録番号 under 消費税法第57条の2) and returns the corporate
 * number inside it.
 */
PG_FUNCTION_INFO_V1(invoice_registration_number);
Datum
invoice_registration_number(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	IdentDigits d;

	if (!invoice_scan(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type corporate_number"),
				 errhidestmt(true),
				 errhidecontext(true),
				 errdetail("An invoice registration number starts with the letter T."),
				 errhint("Write it as T followed by the 13 digits of the corporate number.")));
	if (!ident_scanned_ok(&corpnum_type, &d))
		ident_report_scanned(&corpnum_type, &d);
	PG_FREE_IF_COPY(t, 0);
	PG_RETURN_INT64(ident_digits_value(&d));
}

/* invoice_registration_number_is_valid(text) returns boolean: never raises. */
PG_FUNCTION_INFO_V1(invoice_registration_number_is_valid);
Datum
invoice_registration_number_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	IdentDigits d;
	bool		ok;

	ok = invoice_scan(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &d) &&
		ident_scanned_ok(&corpnum_type, &d);
	PG_FREE_IF_COPY(t, 0);
	PG_RETURN_BOOL(ok);
}

/* to_invoice_registration_number(corporate_number) returns text: "T" + 13 digits. */
PG_FUNCTION_INFO_V1(to_invoice_registration_number);
Datum
to_invoice_registration_number(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);
	char		buf[CORPNUM_DIGITS + 2];

	buf[0] = 'T';
	ident_format(&corpnum_type, v, buf + 1);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}
