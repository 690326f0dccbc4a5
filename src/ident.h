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

/*
 * One identifier type stored as an integer of ndigits decimal digits
 * (src/ident_type.c): what its input accepts and how its errors read.
 */
typedef struct IdentType
{
	const char *typname;		/* for messages */
	int			ndigits;		/* digits of the stored form */
	const int  *groups;			/* accepted grouping of those digits */
	int			ngroups;
	int			check_pos;		/* 1-based position of the check digit */
	bool		(*digits_ok) (const char *digits);	/* rule on ndigits ASCII digits */
	const char *range_detail;	/* errdetail for a bigint out of range */
	const char *binary_detail;	/* errdetail for a rejected binary value */
} IdentType;

extern bool ident_scanned_ok(const IdentType *t, const IdentDigits *d);
extern void ident_report_scanned(const IdentType *t, const IdentDigits *d)
			pg_attribute_noreturn();
extern int64 ident_parse(const IdentType *t, const char *str, int len);
extern void ident_format(const IdentType *t, int64 v, char *buf);
extern bool ident_int64_ok(const IdentType *t, int64 v);
extern int64 ident_from_int8(const IdentType *t, int64 v);
extern int64 ident_check_binary(const IdentType *t, int64 v);

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

#endif							/* ZEIMU_IDENT_H */
