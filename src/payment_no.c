/*-------------------------------------------------------------------------
 *
 * payment_no.c
 *	  The payment number (納付番号) printed on every installment's payment
 *	  slip, with its check digit.
 *
 * The number has 18 digits:
 *
 *		digits  1-6   the municipality (全国地方公共団体コード, with its own
 *					  check digit);
 *		digits  7-17  the installment number (collection_installment.
 *					  installment_id), zero-padded to 11 digits;
 *		digit   18    a check digit over digits 1-17 by the Luhn scheme
 *					  (ISO/IEC 7812-1 Annex B, "modulus 10, weights 2-1").
 *
 * Luhn: from the rightmost digit of the body leftwards, every other digit
 * (starting with the rightmost) is doubled and, when the product exceeds 9,
 * 9 is subtracted; the check digit is the amount that brings the sum to a
 * multiple of 10.  It catches every single wrong digit and every swap of two
 * adjacent digits except 09/90.  Example: 131130 and installment 42 give the
 * body 13113000000000042; from the right 2x2=4, 4, ten zeros, 3x2=6, 1, 1x2=2,
 * 3, 1x2=2 sum to 22, so the check digit is 8: 131130000000000428.
 *
 * Only the digit arithmetic is here; the SQL side (src/sql/550) builds and
 * splits the number.  The functions are the hot path of the bulk import
 * (every line's number is checked), hence C.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#define PAYMENT_NO_DIGITS 18

PG_FUNCTION_INFO_V1(payment_no_check_digit);
PG_FUNCTION_INFO_V1(payment_no_is_valid);

/*
 * Luhn sum of the digits s[0 .. len-1], doubling from the rightmost when
 * double_rightmost, else from the second rightmost.  Returns -1 when a
 * character is not an ASCII digit.
 */
static int
luhn_sum(const char *s, int len, bool double_rightmost)
{
	int			sum = 0;
	int			i;
	bool		dbl = double_rightmost;

	for (i = len - 1; i >= 0; i--)
	{
		int			d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = s[i] - '0';
		if (dbl)
		{
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		dbl = !dbl;
	}
	return sum;
}

/*
 * payment_no_check_digit(body text) returns integer
 *
 * The Luhn check digit of a string of digits (any length from 1 to 40).
 */
Datum
payment_no_check_digit(PG_FUNCTION_ARGS)
{
	text	   *body = PG_GETARG_TEXT_PP(0);
	int			len = VARSIZE_ANY_EXHDR(body);
	int			sum;

	if (len < 1 || len > 40)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("payment number body must have 1 to 40 digits"),
				 errdetail("The body given has %d characters.", len),
				 errhint("Pass the digits without the check digit.")));
	sum = luhn_sum(VARDATA_ANY(body), len, true);
	if (sum < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("payment number body must consist of digits only"),
				 errhint("Remove spaces, hyphens and other characters.")));
	PG_RETURN_INT32((10 - sum % 10) % 10);
}

/*
 * payment_no_is_valid(no text) returns boolean
 *
 * True when the value has exactly 18 ASCII digits and its last digit is the
 * Luhn check digit of the first 17.  Never raises: the import uses it to
 * send a mistyped number to suspense with a reason.
 */
Datum
payment_no_is_valid(PG_FUNCTION_ARGS)
{
	text	   *no = PG_GETARG_TEXT_PP(0);
	int			sum;

	if (VARSIZE_ANY_EXHDR(no) != PAYMENT_NO_DIGITS)
		PG_RETURN_BOOL(false);
	sum = luhn_sum(VARDATA_ANY(no), PAYMENT_NO_DIGITS, false);
	PG_RETURN_BOOL(sum >= 0 && sum % 10 == 0);
}
