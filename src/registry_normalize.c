/*-------------------------------------------------------------------------
 *
 * registry_normalize.c
 *	  Search keys for names and furigana, and the sample generator's
 *	  pseudo-random numbers.
 *
 * zeimu.normalize_name(text): Unicode NFKC (full-width Latin letters and
 * digits, half-width katakana with their voiced marks and the ideographic
 * space all fold), then every white space character removed.
 * zeimu.normalize_kana(text): the same, and hiragana folded to katakana
 * (U+3041..U+3096 and U+309D..U+309E move up by 0x60).
 *
 * They are stored in generated columns of zeimu.person and compared with =,
 * which keeps a name search an index condition under row-level security.
 * In C because they run for every person row written (twice) and for every
 * address compared by zeimu.match_basic_info.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/unicode_norm.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

/* White space removed from keys (after NFKC most of these are U+0020). */
static bool
is_key_space(pg_wchar c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
		c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
		c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static text *
normalize_key(text *in, bool kana)
{
	int			len = VARSIZE_ANY_EXHDR(in);
	pg_wchar   *chars;
	pg_wchar   *norm;
	int			n;
	int			i;
	int			j;
	unsigned char *out;
	int			outlen;
	text	   *result;

	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("name normalisation needs a UTF8 database")));

	chars = palloc((len + 1) * sizeof(pg_wchar));
	n = pg_mb2wchar_with_len(VARDATA_ANY(in), chars, len);
	chars[n] = 0;
	norm = unicode_normalize(UNICODE_NFKC, chars);
	if (norm == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));

	for (i = 0, j = 0; norm[i]; i++)
	{
		pg_wchar	c = norm[i];

		if (is_key_space(c))
			continue;
		if (kana && ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E))
			c += 0x60;
		norm[j++] = c;
	}
	norm[j] = 0;

	out = palloc(j * MAX_MULTIBYTE_CHAR_LEN + 1);
	outlen = pg_wchar2mb_with_len(norm, (char *) out, j);
	result = cstring_to_text_with_len((char *) out, outlen);
	pfree(out);
	pfree(norm);
	pfree(chars);
	return result;
}

PG_FUNCTION_INFO_V1(registry_normalize_name);
Datum
registry_normalize_name(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(normalize_key(PG_GETARG_TEXT_PP(0), false));
}

PG_FUNCTION_INFO_V1(registry_normalize_kana);
Datum
registry_normalize_kana(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(normalize_key(PG_GETARG_TEXT_PP(0), true));
}

/*
 * zeimu.sample_hash(seed integer, stream integer, i bigint) RETURNS bigint
 *
 * Deterministic pseudo-random value >= 0 for sample generators:
 * abs(hashint8extended(i, seed << 16 + stream) % 4611686018427387903), the
 * core 64-bit hash, so identical on every platform PostgreSQL runs on.
 */
PG_FUNCTION_INFO_V1(registry_sample_hash);
Datum
registry_sample_hash(PG_FUNCTION_ARGS)
{
	int64		seed = ((int64) PG_GETARG_INT32(0) << 16) + PG_GETARG_INT32(1);
	int64		h = DatumGetInt64(DirectFunctionCall2(hashint8extended,
													  Int64GetDatum(PG_GETARG_INT64(2)),
													  Int64GetDatum(seed)));

	h %= INT64CONST(4611686018427387903);
	PG_RETURN_INT64(h < 0 ? -h : h);
}
