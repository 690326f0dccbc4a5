/*-------------------------------------------------------------------------
 *
 * ident_input.c
 *	  Shared input scanning and error reporting for the identifier types
 *	  (mynumber, corporate_number, lg_code).
 *
 * Errors never echo the input: an Individual Number typed into the wrong
 * field must not end up in a server log.  A detail names the character
 * position or shows at most the last four digits.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "ident.h"

/* Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8. */
#define FW_LEAD0 0xEF
#define FW_LEAD1 0xBC

static inline bool
is_blank_at(const unsigned char *p, const unsigned char *end, int *width)
{
	if (*p == ' ' || *p == '\t')
	{
		*width = 1;
		return true;
	}
	/* U+3000 ideographic space: E3 80 80 */
	if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
	{
		*width = 3;
		return true;
	}
	return false;
}

/*
 * Reads digits and separators from str[0..len).  Leading and trailing blanks
 * (ASCII space, tab, ideographic space) are ignored, as fixed-width legacy
 * records pad with them.  Inside the number a separator is one of ' ', '-',
 * U+FF0D (full-width hyphen) or U+3000; anything else stops the scan and is
 * reported by its character position.
 */
void
ident_scan(const char *str, int len, IdentDigits *d)
{
	const unsigned char *p = (const unsigned char *) str;
	const unsigned char *end = p + len;
	int			width;
	int			charpos;
	bool		last_was_sep = false;

	d->ndigits = 0;
	d->ndigits_seen = 0;
	d->nseps = 0;
	d->bad_char_pos = 0;
	d->double_sep_pos = 0;
	d->edge_sep = 0;

	/* trim blanks at both ends */
	while (p < end && is_blank_at(p, end, &width))
		p += width;
	while (end > p)
	{
		if (end[-1] == ' ' || end[-1] == '\t')
			end--;
		else if (end - p >= 3 && end[-3] == 0xE3 && end[-2] == 0x80 && end[-1] == 0x80)
			end -= 3;
		else
			break;
	}

	for (charpos = 1; p < end; charpos++)
	{
		int			digit = -1;
		bool		sep = false;

		if (*p >= '0' && *p <= '9')
		{
			digit = *p - '0';
			p++;
		}
		else if (end - p >= 3 && p[0] == FW_LEAD0 && p[1] == FW_LEAD1 &&
				 p[2] >= 0x90 && p[2] <= 0x99)
		{
			digit = p[2] - 0x90;
			p += 3;
		}
		else if (*p == '-' || *p == ' ')
		{
			sep = true;
			p++;
		}
		else if (end - p >= 3 && ((p[0] == FW_LEAD0 && p[1] == FW_LEAD1 && p[2] == 0x8D) ||
								  (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)))
		{
			sep = true;
			p += 3;
		}
		else
		{
			d->bad_char_pos = charpos;
			return;
		}

		if (sep)
		{
			if (d->ndigits_seen == 0)
				d->edge_sep = 1;
			else if (last_was_sep)
			{
				if (d->double_sep_pos == 0)
					d->double_sep_pos = charpos;
			}
			else if (d->nseps <= IDENT_MAX_DIGITS)
				d->sep_after[d->nseps++] = d->ndigits_seen;
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
	if (last_was_sep)
		d->edge_sep = 1;
}

/*
 * Checks the digit count and, when separators are present, that they sit
 * exactly between the groups.  Returns NULL when the shape is right, else a
 * sentence for errdetail that a clerk can act on.
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
	if (d->double_sep_pos > 0)
		return psprintf("Character %d repeats a separator; use one space or hyphen between groups.",
						d->double_sep_pos);
	if (d->edge_sep)
		return pstrdup("A separator stands before the first or after the last digit.");
	if (d->nseps > 0)
	{
		int			boundary = 0;
		bool		ok = (d->nseps == ngroups - 1);

		for (i = 0; ok && i < d->nseps; i++)
		{
			boundary += groups[i];
			ok = (d->sep_after[i] == boundary);
		}
		if (!ok)
		{
			StringInfoData pattern;

			if (ngroups == 1)
				return pstrdup("This number is written without separators.");
			initStringInfo(&pattern);
			for (i = 0; i < ngroups; i++)
				appendStringInfo(&pattern, i == 0 ? "%d" : "-%d", groups[i]);
			return psprintf("Separators must split the digits into groups of %s.", pattern.data);
		}
	}
	return NULL;
}

void
ident_report_shape(const char *typname, const char *problem)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s", typname),
			 errhidestmt(true),
			 errdetail_internal("%s", problem)));
}

/*
 * The check digit is wrong.  Only the last four digits are shown, so the
 * clerk can find the record without the number reaching the log.
 */
void
ident_report_check_digit(const char *typname, const IdentDigits *d,
						 int expected_pos)
{
	const char *tail = d->digits + (d->ndigits > 4 ? d->ndigits - 4 : 0);

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s", typname),
			 errhidestmt(true),
			 errdetail("The check digit (digit %d) of the number ending in %s does not match.",
					   expected_pos, tail),
			 errhint("Check the number against the card or document; a single mistyped digit is the usual cause.")));
}
