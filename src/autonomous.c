/*-------------------------------------------------------------------------
 *
 * autonomous.c
 *	  Running a short piece of work in its own transaction, in a dynamic
 *	  background worker, so that it survives the caller's error or rollback.
 *
 * The registry records refused Individual Number links for review and the
 * provision module records refused provisions this way: the refusal raises
 * an error in the caller, yet its record must stay.  The caller fills a
 * dynamic shared memory segment, this starts the worker on it and waits for
 * it to finish; the worker's entry point reads the segment, does its work in
 * a transaction of its own and writes its result back into the segment.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port/atomics.h"
#include "postmaster/bgworker.h"
#include "storage/dsm.h"

#include "zeimu.h"

/*
 * Starts zeimu's worker function `entry` on `seg` and waits for it to stop.
 * Returns false when no worker could be started (max_worker_processes is
 * used up) or it did not stop normally; the caller then reports the failure
 * in its own way (every caller also writes a server-log line).
 */
bool
autonomous_worker_run(dsm_segment *seg, const char *entry, const char *label)
{
	BackgroundWorker w;
	BackgroundWorkerHandle *h;

	memset(&w, 0, sizeof(w));
	w.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
	w.bgw_start_time = BgWorkerStart_RecoveryFinished;
	w.bgw_restart_time = BGW_NEVER_RESTART;
	snprintf(w.bgw_library_name, BGW_MAXLEN, "zeimu");
	snprintf(w.bgw_function_name, BGW_MAXLEN, "%s", entry);
	snprintf(w.bgw_name, BGW_MAXLEN, "%s", label);
	snprintf(w.bgw_type, BGW_MAXLEN, "%s", label);
	w.bgw_main_arg = UInt32GetDatum(dsm_segment_handle(seg));
	w.bgw_notify_pid = MyProcPid;

	if (!RegisterDynamicBackgroundWorker(&w, &h))
		return false;
	if (WaitForBackgroundWorkerShutdown(h) != BGWH_STOPPED)
		return false;
	/* the worker's writes to the segment happen before it stops */
	pg_read_barrier();
	return true;
}
