/*-------------------------------------------------------------------------
 *
 * zeimu.h
 *	  Declarations shared between zeimu's C files.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEIMU_H
#define ZEIMU_H

/* zeimu.c */
extern char *zeimu_key_file;

#endif							/* ZEIMU_H */
