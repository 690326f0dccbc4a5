/*-------------------------------------------------------------------------
 *
 * wareki.c
 *	  Japanese era dates (和暦) in and out: zeimu.to_wareki and
 *	  zeimu.wareki_to_date.
 *
 * Three notations are read and written:
 *	long	令和8年4月1日 (the first year of an era is 元年)
 *	short	R8.4.1 (M 明治, T 大正, S 昭和, H 平成, R 令和)
 *	code7	5080401: the 7-digit EYYMMDD code of legacy systems, with E = 1
 *			明治, 2 大正, 3 昭和, 4 平成, 5 令和
 *
 * An era runs from the day of its change of era (元号法, 昭和54年法律第43号,
 * and the 政令 naming each era) to the day before the next one.  明治 dates
 * are supported from 明治6年1月1日 = 1873-01-01 only, the day Japan adopted
 * the Gregorian calendar (明治5年太政官布告第337号); 明治 is taken to start
 * on 1868-01-25, the Gregorian day of 明治元年1月1日 by that convention.
 *
 * Input comes in many hands: full-width digits, letters and punctuation,
 * spaces anywhere, lower-case letters.  Errors never echo the input (it may
 * be anything a clerk pasted); they name the character position instead.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

#include "calendar.h"

typedef struct Era
{
	int			code;			/* E of code7 */
	const char *name;			/* kanji, UTF-8 */
	char		letter;
	int			year,			/* first day, Gregorian */
				month,
				day;
} Era;

static const Era eras[] = {
	{1, "明治", 'M', 1868, 1, 25},
	{2, "大正", 'T', 1912, 7, 30},
	{3, "昭和", 'S', 1926, 12, 25},
	{4, "平成", 'H', 1989, 1, 8},
	{5, "令和", 'R', 2019, 5, 1},
};

#define NERAS			lengthof(eras)
#define SUPPORT_Y		1873
#define SUPPORT_M		1
#define SUPPORT_D		1

static const char *
srv(const char *utf8)
{
	return pg_any_to_server(utf8, strlen(utf8), PG_UTF8);
}

/* First day of an era, as a Julian day; for 明治 the supported first day. */
static int
era_first_j(int i)
{
	if (i == 0)
		return date2j(SUPPORT_Y, SUPPORT_M, SUPPORT_D);
	return date2j(eras[i].year, eras[i].month, eras[i].day);
}

/* Last day of an era as a Julian day, or -1 for the current era. */
static int
era_last_j(int i)
{
	if (i + 1 >= NERAS)
		return -1;
	return date2j(eras[i + 1].year, eras[i + 1].month, eras[i + 1].day) - 1;
}

static char *
iso_from_j(int j)
{
	int			y,
				m,
				d;

	j2date(j, &y, &m, &d);
	return psprintf("%04d-%02d-%02d", y, m, d);
}

/* The range sentence for errdetail, e.g. "平成 runs from ... to ...". */
static char *
era_range_sentence(int i)
{
	if (i == 0)
		return psprintf("%s is supported from 1873-01-01 (明治6年1月1日, when the Gregorian calendar was adopted) to %s.",
						eras[i].name, iso_from_j(era_last_j(i)));
	if (era_last_j(i) < 0)
		return psprintf("%s runs from %s.", eras[i].name,
						iso_from_j(era_first_j(i)));
	return psprintf("%s runs from %s to %s.", eras[i].name,
					iso_from_j(era_first_j(i)), iso_from_j(era_last_j(i)));
}

static int
era_of_j(int j)
{
	int			i;

	for (i = NERAS - 1; i > 0; i--)
		if (j >= era_first_j(i))
			return i;
	return 0;
}

/* Long form, UTF-8: 令和8年4月1日, 令和元年5月1日. */
static char *
format_long(int i, int eyear, int m, int d)
{
	if (eyear == 1)
		return psprintf("%s元年%d月%d日", eras[i].name, m, d);
	return psprintf("%s%d年%d月%d日", eras[i].name, eyear, m, d);
}

PG_FUNCTION_INFO_V1(to_wareki);
Datum
to_wareki(PG_FUNCTION_ARGS)
{
	DateADT		date = PG_GETARG_DATEADT(0);
	char	   *style = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int			j,
				i,
				y,
				m,
				d,
				eyear;
	char	   *out;

	if (pg_strcasecmp(style, "long") != 0 &&
		pg_strcasecmp(style, "short") != 0 &&
		pg_strcasecmp(style, "code7") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown wareki style \"%s\"", style),
				 errhint("Use long (令和8年4月1日), short (R8.4.1) or code7 (5080401).")));

	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date is infinite"),
				 errdetail("Only a real date has an era date.")));

	j = date + POSTGRES_EPOCH_JDATE;
	if (j < era_first_j(0))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date is before the supported range of era dates"),
				 errdetail("Era dates are supported from 1873-01-01 (明治6年1月1日), when Japan adopted the Gregorian calendar."),
				 errhint("Check the year of the date.")));

	i = era_of_j(j);
	j2date(j, &y, &m, &d);
	eyear = y - eras[i].year + 1;

	if (pg_strcasecmp(style, "long") == 0)
		out = format_long(i, eyear, m, d);
	else if (pg_strcasecmp(style, "short") == 0)
		out = psprintf("%c%d.%d.%d", eras[i].letter, eyear, m, d);
	else
	{
		if (eyear > 99)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("date does not fit the code7 format"),
					 errdetail("Year %d of %s needs three digits; code7 has two.",
							   eyear, srv(eras[i].name)),
					 errhint("Use the long or short style for this date.")));
		out = psprintf("%d%02d%02d%02d", eras[i].code, eyear, m, d);
	}

	PG_RETURN_TEXT_P(cstring_to_text(srv(out)));
}

/*
 * Input normalisation: the text as UTF-8 with blanks removed, full-width
 * ASCII (U+FF01..U+FF5E) folded to ASCII and letters upper-cased.  pos[k]
 * is the 1-based character position in the input of normalised byte k.
 */
typedef struct WarekiInput
{
	char	   *s;
	int		   *pos;
	int			len;
	int			nchars;			/* characters in the input */
} WarekiInput;

static void
normalise(const char *in, int inlen, WarekiInput *w)
{
	const unsigned char *p = (const unsigned char *) in;
	const unsigned char *end = p + inlen;
	int			charpos = 0;

	w->s = palloc(inlen + 1);
	w->pos = palloc(sizeof(int) * (inlen + 1));
	w->len = 0;
	while (p < end)
	{
		int			clen = pg_utf_mblen(p);

		charpos++;
		if (clen > end - p)
			clen = end - p;
		if (*p == ' ' || *p == '\t')
		{
			/* skip */
		}
		else if (clen == 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		{
			/* U+3000 ideographic space: skip */
		}
		else if (clen == 3 && p[0] == 0xEF &&
				 ((p[1] == 0xBC && p[2] >= 0x81) || (p[1] == 0xBD && p[2] <= 0x9E)))
		{
			/* U+FF01..U+FF5E: full-width forms of '!'..'~' */
			int			cp = ((p[1] & 0x3F) << 6 | (p[2] & 0x3F)) + 0xF000;

			w->pos[w->len] = charpos;
			w->s[w->len++] = pg_ascii_toupper((unsigned char) (cp - 0xFF01 + '!'));
		}
		else
		{
			int			k;

			for (k = 0; k < clen; k++)
			{
				w->pos[w->len] = charpos;
				w->s[w->len++] = (clen == 1) ? pg_ascii_toupper(p[k]) : p[k];
			}
		}
		p += clen;
	}
	w->s[w->len] = '\0';
	w->pos[w->len] = charpos + 1;
	w->nchars = charpos;
}

static const char *const expected_forms =
"Write a date as 令和8年4月1日, R8.4.1 or the 7-digit code 5080401 (EYYMMDD, E = 1 明治 ... 5 令和).";

static void syntax_error(const char *detail) pg_attribute_noreturn();
static void syntax_error_at(const WarekiInput *w, int k,
							const char *wanted) pg_attribute_noreturn();

static void
syntax_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
			 errmsg("invalid input syntax for a wareki date"),
			 errdetail_internal("%s", srv(detail)),
			 errhint("%s", srv(expected_forms))));
}

static void
syntax_error_at(const WarekiInput *w, int k, const char *wanted)
{
	if (k >= w->len)
		syntax_error(psprintf("The input ends where %s was expected.", wanted));
	syntax_error(psprintf("Character %d is not %s.", w->pos[k], wanted));
}

static bool
match(const WarekiInput *w, int *k, const char *lit)
{
	int			n = strlen(lit);

	if (w->len - *k >= n && memcmp(w->s + *k, lit, n) == 0)
	{
		*k += n;
		return true;
	}
	return false;
}

/* Reads 1..maxdigits ASCII digits; -1 if none. */
static int
read_number(const WarekiInput *w, int *k, int maxdigits, const char *what)
{
	int			v = 0;
	int			n = 0;

	while (*k < w->len && w->s[*k] >= '0' && w->s[*k] <= '9')
	{
		if (++n > maxdigits)
			syntax_error(psprintf("The %s at character %d has more than %d digits.",
								  what, w->pos[*k - n + 1], maxdigits));
		v = v * 10 + (w->s[*k] - '0');
		(*k)++;
	}
	return n == 0 ? -1 : v;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/*
 * Checks that era year / month / day is a real day inside the era and
 * returns it as a Julian day; raises 22008 otherwise.
 */
static int
era_date_to_j(int i, int eyear, int m, int d)
{
	int			y = eras[i].year + eyear - 1;
	int			j;
	int			last;
	const char *written;

	if (eyear < 1)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("era year 0 does not exist"),
				 errdetail("The first year of an era is 元年 (1).")));
	if (m < 1 || m > 12)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("month %d does not exist", m),
				 errdetail("The month must be between 1 and 12.")));
	if (d < 1 || d > days_in_month(y, m))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("day %d does not exist in month %d", d, m),
				 errdetail("%s has %d days in %s (%d).",
						   srv(psprintf("%d月", m)), days_in_month(y, m),
						   srv(eyear == 1 ? psprintf("%s元年", eras[i].name) :
							   psprintf("%s%d年", eras[i].name, eyear)), y)));

	j = date2j(y, m, d);
	last = era_last_j(i);
	written = format_long(i, eyear, m, d);
	if (j < era_first_j(i) || (last >= 0 && j > last))
	{
		char	   *hint = NULL;

		if (j >= era_first_j(0))
		{
			int			right = era_of_j(j);

			hint = psprintf("That day (%04d-%02d-%02d) is %s.", y, m, d,
							format_long(right, y - eras[right].year + 1, m, d));
		}
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("date %s is outside the era %s",
						srv(written), srv(eras[i].name)),
				 errdetail_internal("%s", srv(era_range_sentence(i))),
				 hint ? errhint("%s", srv(hint)) : 0));
	}
	return j;
}

static int
parse_code7(const WarekiInput *w)
{
	int			e = w->s[0] - '0';
	int			yy = (w->s[1] - '0') * 10 + (w->s[2] - '0');
	int			mm = (w->s[3] - '0') * 10 + (w->s[4] - '0');
	int			dd = (w->s[5] - '0') * 10 + (w->s[6] - '0');

	if (e < 1 || e > (int) NERAS)
		syntax_error(psprintf("The first digit of a code7 date is the era (1 明治, 2 大正, 3 昭和, 4 平成, 5 令和), not %d.", e));
	return era_date_to_j(e - 1, yy, mm, dd);
}

static int
parse_wareki(const WarekiInput *w)
{
	int			k = 0;
	int			i;
	int			eyear;
	int			m,
				d;
	bool		all_digits = (w->len > 0);

	if (w->len == 0)
		syntax_error("The input is empty.");

	for (k = 0; k < w->len; k++)
		if (w->s[k] < '0' || w->s[k] > '9')
			all_digits = false;
	if (all_digits)
	{
		if (w->len != 7)
			syntax_error(psprintf("A date written only in digits is a 7-digit code7 date (EYYMMDD); the input has %d digits.", w->len));
		return parse_code7(w);
	}

	/* era: kanji name or letter */
	k = 0;
	for (i = 0; i < (int) NERAS; i++)
	{
		if (match(w, &k, eras[i].name))
			break;
		if (w->s[0] == eras[i].letter)
		{
			k = 1;
			break;
		}
	}
	if (i == (int) NERAS)
		syntax_error_at(w, 0, "an era (明治, 大正, 昭和, 平成, 令和 or M, T, S, H, R)");

	/* year: digits or 元 */
	if (match(w, &k, "元"))
		eyear = 1;
	else if ((eyear = read_number(w, &k, 3, "year")) < 0)
		syntax_error_at(w, k, "a year number or 元");

	if (match(w, &k, "年"))
	{
		if ((m = read_number(w, &k, 2, "month")) < 0)
			syntax_error_at(w, k, "a month number");
		if (!match(w, &k, "月"))
			syntax_error_at(w, k, "月");
		if ((d = read_number(w, &k, 2, "day")) < 0)
			syntax_error_at(w, k, "a day number");
		(void) match(w, &k, "日");
	}
	else if (k < w->len && (w->s[k] == '.' || w->s[k] == '/' || w->s[k] == '-'))
	{
		char		sep = w->s[k++];

		if ((m = read_number(w, &k, 2, "month")) < 0)
			syntax_error_at(w, k, "a month number");
		if (k >= w->len || w->s[k] != sep)
			syntax_error_at(w, k, psprintf("the separator \"%c\"", sep));
		k++;
		if ((d = read_number(w, &k, 2, "day")) < 0)
			syntax_error_at(w, k, "a day number");
	}
	else
		syntax_error_at(w, k, "年 or a separator (. / -)");

	if (k < w->len)
		syntax_error(psprintf("Character %d follows a complete date.", w->pos[k]));

	return era_date_to_j(i, eyear, m, d);
}

PG_FUNCTION_INFO_V1(wareki_to_date);
Datum
wareki_to_date(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *in = VARDATA_ANY(t);
	int			inlen = VARSIZE_ANY_EXHDR(t);
	const char *utf8 = pg_server_to_any(in, inlen, PG_UTF8);
	WarekiInput w;

	if (utf8 != in)
		inlen = strlen(utf8);
	normalise(utf8, inlen, &w);
	PG_RETURN_DATEADT(parse_wareki(&w) - POSTGRES_EPOCH_JDATE);
}
