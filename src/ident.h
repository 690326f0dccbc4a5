/*-------------------------------------------------------------------------
 *
 * ident.h
 *	  Reading identifier numbers the way clerks and legacy systems write
 *	  them: ASCII or full-width digits, optionally grouped by single spaces
 *	  or hyphens (ASCII or full-width), padded with blanks.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEIMU_IDENT_H
#define ZEIMU_IDENT_H

#define IDENT_MAX_DIGITS 16

typedef struct IdentDigits
{
	int			ndigits;		/* digits read (capped at IDENT_MAX_DIGITS) */
	int			ndigits_seen;	/* digits present in the input */
	char		digits[IDENT_MAX_DIGITS + 1];	/* ASCII, NUL-terminated */
	int			nseps;			/* separators read */
	int			sep_after[IDENT_MAX_DIGITS + 1];	/* digits before each one */
	int			bad_char_pos;	/* 1-based character position, 0 if none */
	int			double_sep_pos; /* 1-based position of a repeated separator */
	int			mixed_sep_pos;	/* 1-based position of a different separator */
	int			edge_sep;		/* a separator before the first digit */
} IdentDigits;

extern void ident_scan(const char *str, int len, IdentDigits *d);
extern int	ident_blank_width(const char *p, const char *end);
extern bool ident_shape_ok(const IdentDigits *d, const int *groups, int ngroups);
extern const char *ident_shape_problem(const IdentDigits *d,
									   const int *groups, int ngroups);
extern int64 ident_digits_value(const IdentDigits *d);
extern void ident_tail4(int64 value, char *buf);
extern void ident_report_shape(const char *typname, const char *problem)
			pg_attribute_noreturn();
extern void ident_report_check_digit(const char *typname, const char *tail4,
									 int digit_pos) pg_attribute_noreturn();
extern void ident_report_bad_binary(const char *typname, const char *detail)
			pg_attribute_noreturn();
extern void ident_check_int8_range(const char *typname, int64 value,
								   int64 max, const char *detail);

#endif							/* ZEIMU_IDENT_H */
