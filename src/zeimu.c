/*-------------------------------------------------------------------------
 *
 * zeimu.c
 *	  Module entry point: the module magic block and the settings zeimu
 *	  defines when it is loaded.
 *
 * zeimu is loaded through shared_preload_libraries so that its settings
 * exist, with their protection, before any session can look at them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "registry.h"
#include "zeimu.h"

PG_MODULE_MAGIC;

/* Path of the key file for the Individual Number vault (doc/registry.md). */
char	   *zeimu_key_file = NULL;

void		_PG_init(void);

void
_PG_init(void)
{
	/*
	 * The path is superuser-only and hidden from SHOW ALL: knowing where the
	 * key lives is a first step towards reading it.
	 */
	DefineCustomStringVariable("zeimu.key_file",
							   "Path of the file holding the Individual Number vault keys.",
							   "Read by the zeimu module only; owner postgres, mode 0400.",
							   &zeimu_key_file,
							   NULL,
							   PGC_SIGHUP,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							   NULL, NULL, NULL);

	/* Settings of the registry module (zeimu.staff_id). */
	registry_init();

	MarkGUCPrefixReserved("zeimu");
}
