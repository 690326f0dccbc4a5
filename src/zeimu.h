/*-------------------------------------------------------------------------
 *
 * zeimu.h
 *	  Declarations shared between zeimu's C files.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEIMU_H
#define ZEIMU_H

#include "storage/dsm.h"

/* zeimu.c */
extern char *zeimu_key_file;

/* autonomous.c */
extern bool autonomous_worker_run(dsm_segment *seg, const char *entry,
								  const char *label);

#endif							/* ZEIMU_H */
