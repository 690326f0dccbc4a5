/*-------------------------------------------------------------------------
 *
 * calendar.h
 *	  Declarations shared by the calendar module: the Japanese era table
 *	  (wareki.c), national holidays (holiday.c) and the closing days of
 *	  local government (closing.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEIMU_CALENDAR_H
#define ZEIMU_CALENDAR_H

#include "utils/date.h"

/*
 * The years the holiday calendar covers: 国民の祝日に関する法律 (昭和23年法律
 * 第178号) took effect on 1948-07-20; the equinox approximation it relies on
 * is valid up to 2099.
 */
#define HOLIDAY_FIRST_YEAR	1948
#define HOLIDAY_LAST_YEAR	2099

/* Kinds of day off under the holiday law and the one-off laws. */
typedef enum HolidayKind
{
	HOLIDAY_NONE = 0,
	HOLIDAY_SHUKUJITSU,			/* 国民の祝日 (法第2条), or a day a law treats
								 * as one (2019-05-01, 2019-10-22) */
	HOLIDAY_ONE_OFF,			/* 休日 by a one-off law (1959, 1989, 1990,
								 * 1993) */
	HOLIDAY_SUBSTITUTE,			/* 振替休日 (法第3条第2項) */
	HOLIDAY_CITIZENS			/* 国民の休日 (法第3条第3項) */
} HolidayKind;

/* holiday.c */
extern void holiday_check_year(int year);
extern HolidayKind holiday_kind(int year, int month, int day,
								const char **name);

/* closing.c */
extern bool calendar_is_closed(DateADT date);

#endif							/* ZEIMU_CALENDAR_H */
