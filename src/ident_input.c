/*-------------------------------------------------------------------------
 *
 * ident_input.c
 *	  Shared input scanning and error reporting for the identifier types
 *	  (mynumber, corporate_number, lg_code).
 *
 * Errors never echo the input: an Individual Number typed into the wrong
 * field must not end up in a server log.  A detail names the character
 * position or shows at most the last four digits.  The errors also hide the
 * statement and the context from the server log (errhidestmt,
 * errhidecontext), because both can carry the whole input: a text-mode COPY
 * puts the rejected field in its CONTEXT line.
 *
 * The byte sequences below are UTF-8; zeimu databases are UTF-8 (in any
 * other server encoding only the ASCII notations are recognised).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "ident.h"

/* Separator kinds, so that a number may not mix them. */
#define SEP_NONE		0
#define SEP_SPACE		1		/* U+0020 */
#define SEP_HYPHEN		2		/* U+002D */
#define SEP_FW_HYPHEN	3		/* U+FF0D FULLWIDTH HYPHEN-MINUS: EF BC 8D */
#define SEP_IDEO_SPACE	4		/* U+3000 IDEOGRAPHIC SPACE: E3 80 80 */
#define SEP_MINUS		5		/* U+2212 MINUS SIGN: E2 88 92 */

/*
 * Width in bytes of the blank at p (ASCII space, tab, U+3000), or 0.
 * Leading and trailing blanks are ignored, as fixed-width legacy records pad
 * with them.
 */
int
ident_blank_width(const char *str, const char *strend)
{
	const unsigned char *p = (const unsigned char *) str;
	const unsigned char *end = (const unsigned char *) strend;

	if (p >= end)
		return 0;
	if (*p == ' ' || *p == '\t')
		return 1;
	if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/*
 * Reads digits and separators from str[0..len).  Inside the number a
 * separator is one of ' ', '-', U+FF0D (full-width hyphen), U+3000
 * (ideographic space) or U+2212 (minus sign: the JIS X 0208 mapping of the
 * Shift_JIS full-width hyphen); anything else stops the scan and is
 * reported by its character position, counted from the start of the input
 * with a multibyte character counting as one.
 */
void
ident_scan(const char *str, int len, IdentDigits *d)
{
	const unsigned char *p = (const unsigned char *) str;
	const unsigned char *end = p + len;
	int			width;
	int			charpos = 1;
	int			sepkind = SEP_NONE;
	bool		last_was_sep = false;

	d->ndigits = 0;
	d->ndigits_seen = 0;
	d->nseps = 0;
	d->bad_char_pos = 0;
	d->double_sep_pos = 0;
	d->mixed_sep_pos = 0;
	d->edge_sep = 0;
	d->digits[0] = '\0';

	/* trim blanks at both ends; leading ones still count as characters */
	while ((width = ident_blank_width((const char *) p, (const char *) end)) > 0)
	{
		p += width;
		charpos++;
	}
	while (end > p)
	{
		if (end[-1] == ' ' || end[-1] == '\t')
			end--;
		else if (end - p >= 3 && end[-3] == 0xE3 && end[-2] == 0x80 && end[-1] == 0x80)
			end -= 3;
		else
			break;
	}

	for (; p < end; charpos++)
	{
		int			digit = -1;
		int			kind = SEP_NONE;

		if (*p >= '0' && *p <= '9')
		{
			digit = *p - '0';
			p++;
		}
		else if (*p == ' ')
		{
			kind = SEP_SPACE;
			p++;
		}
		else if (*p == '-')
		{
			kind = SEP_HYPHEN;
			p++;
		}
		else if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC &&
				 p[2] >= 0x90 && p[2] <= 0x99)
		{
			/* U+FF10..U+FF19 FULLWIDTH DIGIT ZERO..NINE */
			digit = p[2] - 0x90;
			p += 3;
		}
		else if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D)
		{
			kind = SEP_FW_HYPHEN;
			p += 3;
		}
		else if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		{
			kind = SEP_IDEO_SPACE;
			p += 3;
		}
		else if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92)
		{
			kind = SEP_MINUS;
			p += 3;
		}
		else
		{
			d->bad_char_pos = charpos;
			break;
		}

		if (kind != SEP_NONE)
		{
			if (d->ndigits_seen == 0)
				d->edge_sep = 1;
			else if (last_was_sep)
			{
				if (d->double_sep_pos == 0)
					d->double_sep_pos = charpos;
			}
			else if (d->nseps < IDENT_MAX_DIGITS + 1)
				d->sep_after[d->nseps++] = d->ndigits_seen;
			if (sepkind == SEP_NONE)
				sepkind = kind;
			else if (kind != sepkind && d->mixed_sep_pos == 0)
				d->mixed_sep_pos = charpos;
			last_was_sep = true;
			continue;
		}

		last_was_sep = false;
		if (d->ndigits < IDENT_MAX_DIGITS)
			d->digits[d->ndigits++] = (char) ('0' + digit);
		d->ndigits_seen++;
	}
	d->digits[d->ndigits] = '\0';
	/* a separator as the last character is not at a group boundary */
	if (last_was_sep && d->bad_char_pos == 0)
		d->edge_sep = 1;
}

/*
 * True when the scan found exactly the digits of the groups and, when
 * separators are present, one separator between every two groups.  Does not
 * allocate: the *_is_valid functions run it over whole columns.
 */
bool
ident_shape_ok(const IdentDigits *d, const int *groups, int ngroups)
{
	int			total = 0;
	int			boundary = 0;
	int			i;

	if (d->bad_char_pos || d->double_sep_pos || d->mixed_sep_pos || d->edge_sep)
		return false;
	for (i = 0; i < ngroups; i++)
		total += groups[i];
	if (d->ndigits_seen != total)
		return false;
	if (d->nseps == 0)
		return true;
	if (d->nseps != ngroups - 1)
		return false;
	for (i = 0; i < d->nseps; i++)
	{
		boundary += groups[i];
		if (d->sep_after[i] != boundary)
			return false;
	}
	return true;
}

/*
 * The reason ident_shape_ok() said no, as a sentence for errdetail that a
 * clerk can act on.  Names positions and counts, never digits.
 */
const char *
ident_shape_problem(const IdentDigits *d, const int *groups, int ngroups)
{
	int			total = 0;
	int			i;

	for (i = 0; i < ngroups; i++)
		total += groups[i];

	if (d->bad_char_pos > 0)
		return psprintf("Character %d is not a digit, space or hyphen.", d->bad_char_pos);
	if (d->ndigits_seen == 0)
		return pstrdup("The value is empty.");
	if (d->ndigits_seen != total)
		return psprintf("Expected %d digits, found %d.", total, d->ndigits_seen);
	if (d->edge_sep)
		return pstrdup("A separator stands before the first or after the last digit.");
	if (d->double_sep_pos > 0)
		return psprintf("Character %d repeats a separator; use one space or hyphen between groups.",
						d->double_sep_pos);
	if (d->mixed_sep_pos > 0)
		return psprintf("Character %d is a different separator from the first; use the same one between all groups.",
						d->mixed_sep_pos);
	if (ngroups == 1)
		return pstrdup("This number is written without separators.");
	else
	{
		StringInfoData pattern;

		initStringInfo(&pattern);
		for (i = 0; i < ngroups; i++)
			appendStringInfo(&pattern, i == 0 ? "%d" : "-%d", groups[i]);
		return psprintf("Separators must split the digits into groups of %s.", pattern.data);
	}
}

/* The digits read, as a number (at most 16 digits, so no overflow). */
int64
ident_digits_value(const IdentDigits *d)
{
	int64		v = 0;
	int			i;

	for (i = 0; i < d->ndigits; i++)
		v = v * 10 + (d->digits[i] - '0');
	return v;
}

/* The last four digits of a non-negative value, zero-padded, into buf[5]. */
void
ident_tail4(int64 value, char *buf)
{
	int			t = (int) (value % 10000);
	int			i;

	for (i = 3; i >= 0; i--)
	{
		buf[i] = (char) ('0' + t % 10);
		t /= 10;
	}
	buf[4] = '\0';
}

void
ident_report_shape(const char *typname, const char *problem)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s", typname),
			 errhidestmt(true),
			 errhidecontext(true),
			 errdetail_internal("%s", problem)));
	pg_unreachable();
}

/*
 * The check digit is wrong.  Only the last four digits are shown, so the
 * clerk can find the record without the number reaching the log.
 */
void
ident_report_check_digit(const char *typname, const char *tail4, int digit_pos)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s", typname),
			 errhidestmt(true),
			 errhidecontext(true),
			 errdetail("The check digit (digit %d) of the number ending in %s does not match.",
					   digit_pos, tail4),
			 errhint("Check the number against the card or document; a single mistyped digit is the usual cause.")));
	pg_unreachable();
}

/*
 * Binary input (recv) of a value that breaks the type's rule: 22P03.  The
 * value itself is not shown.
 */
void
ident_report_bad_binary(const char *typname, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external representation for type %s", typname),
			 errhidestmt(true),
			 errhidecontext(true),
			 errdetail_internal("%s", detail)));
	pg_unreachable();
}
