/*-------------------------------------------------------------------------
 *
 * retention_run.c
 *	  CALL zeimu.purge_run(as_of, lg_code, classes, approval): the retention
 *	  purge.  Opens (or resumes) the run with zeimu.purge_start, calls
 *	  zeimu.purge_batch until it returns 0 and closes the run with
 *	  zeimu.purge_finish, committing after each call.
 *
 * A PL/pgSQL procedure cannot both pin search_path with a SET clause and
 * COMMIT, so the loop lives here (as in registry_batches.c).  Each batch
 * deletes and archives together or not at all; a run interrupted by a
 * crash, a cancel or an error is resumed by the next call with the same
 * as_of and classes and ends in the same state.  On a standby the
 * procedure does nothing (a pg_cron job scheduled on both nodes is a no-op
 * until promotion).
 *
 * Throttle (zeimu.retention_setting, doc/retention.md "Throttle"): the
 * backend lowers its own CPU priority by cpu_nice before the plan
 * (an unprivileged process cannot raise it again, so the session keeps the
 * lower priority until it disconnects; a pg_cron job's connection ends
 * with the job), sleeps batch_pause_ms between batches and holds the run
 * to max_rows_per_second on average.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sched.h>
#include <sys/resource.h>
#include <errno.h>

#include "access/xlog.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

/* Runs one "SELECT fn(...)" returning a single value; NULL-safe. */
static Datum
retention_call(const char *sql, int nargs, Oid *types, Datum *values,
			   const char *nulls, bool *isnull)
{
	int			rc;

	rc = SPI_execute_with_args(sql, nargs, types, values, nulls, false, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "purge call failed: %s", SPI_result_code_string(rc));
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, isnull);
}

/* Sleeps ms milliseconds in slices, answering a cancel between them. */
static void
retention_sleep(int64 ms)
{
	while (ms > 0)
	{
		int64		slice = Min(ms, 100);

		pg_usleep((long) slice * 1000L);
		CHECK_FOR_INTERRUPTS();
		ms -= slice;
	}
}

/*
 * Lowers this backend's CPU priority by inc (0: unchanged) and, on Linux,
 * puts it in the SCHED_BATCH class: a batch task does not preempt the
 * day's sessions when it wakes up (after a pause or the rate cap's sleep),
 * it waits for the next tick.  Any process may lower its own priority.
 */
static void
retention_nice(int inc)
{
	int			cur;

	if (inc <= 0)
		return;
	errno = 0;
	cur = getpriority(PRIO_PROCESS, 0);
	if (errno != 0)
		return;
	if (setpriority(PRIO_PROCESS, 0, Min(cur + inc, 19)) != 0)
		ereport(NOTICE,
				(errmsg("zeimu.purge_run: the CPU priority could not be lowered: %m")));
#ifdef SCHED_BATCH
	{
		struct sched_param param;

		param.sched_priority = 0;
		if (sched_setscheduler(0, SCHED_BATCH, &param) != 0)
			ereport(NOTICE,
					(errmsg("zeimu.purge_run: the batch scheduling class could not be set: %m")));
	}
#endif
}

PG_FUNCTION_INFO_V1(retention_purge_run);
Datum
retention_purge_run(PG_FUNCTION_ARGS)
{
	bool		atomic = true;
	const char *nsp;
	Oid			start_types[4];
	Datum		start_values[4];
	char		start_nulls[4] = {' ', ' ', ' ', ' '};
	Oid			batch_types[2];
	Datum		batch_values[2];
	char	   *sql_start;
	char	   *sql_batch;
	char	   *sql_finish;
	char	   *sql_pause;
	int32		pause_ms = 0;
	int32		max_rate = 0;
	int32		cpu_nice = 0;
	TimestampTz loop_start;
	bool		isnull;
	int64		run_id;
	int64		total = 0;
	int			batches = 0;

	if (fcinfo->context && IsA(fcinfo->context, CallContext))
		atomic = castNode(CallContext, fcinfo->context)->atomic;
	if (atomic)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
				 errmsg("zeimu.purge_run commits between batches and cannot run inside a transaction block"),
				 errhint("Run it with CALL outside BEGIN ... COMMIT, or use zeimu.purge_start, zeimu.purge_batch and zeimu.purge_finish.")));
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of and lg_code are required")));
	if (RecoveryInProgress())
	{
		ereport(NOTICE,
				(errmsg("zeimu.purge_run: this server is a standby; nothing done")));
		PG_RETURN_VOID();
	}

	nsp = quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)));
	start_types[0] = DATEOID;
	start_types[1] = get_fn_expr_argtype(fcinfo->flinfo, 1);
	start_types[2] = TEXTARRAYOID;
	start_types[3] = INT8OID;
	start_values[0] = PG_GETARG_DATUM(0);
	start_values[1] = PG_GETARG_DATUM(1);
	start_values[2] = PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2);
	start_values[3] = PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3);
	if (PG_ARGISNULL(2))
		start_nulls[2] = 'n';
	if (PG_ARGISNULL(3))
		start_nulls[3] = 'n';
	sql_start = psprintf("SELECT %s.purge_start($1, $2, $3, $4)", nsp);
	sql_batch = psprintf("SELECT %s.purge_batch($1, $2)", nsp);
	sql_finish = psprintf("SELECT %s.purge_finish($1, $2)::text", nsp);
	sql_pause = psprintf("SELECT s.batch_pause_ms, s.max_rows_per_second, s.cpu_nice"
						 " FROM %s.retention_effective_setting($1, $2) s", nsp);

	SPI_connect_ext(SPI_OPT_NONATOMIC);

	{
		Oid			pause_types[2] = {start_types[1], DATEOID};
		Datum		pause_values[2] = {start_values[1], start_values[0]};
		Datum		d;
		int			rc;

		rc = SPI_execute_with_args(sql_pause, 2, pause_types, pause_values, NULL, false, 1);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "purge settings not found: %s", SPI_result_code_string(rc));
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		pause_ms = isnull ? 0 : DatumGetInt32(d);
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
		max_rate = isnull ? 0 : DatumGetInt32(d);
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull);
		cpu_nice = isnull ? 0 : DatumGetInt32(d);
	}
	/* The plan and the hold freeze at the start run at the lower priority too. */
	retention_nice(cpu_nice);
	run_id = DatumGetInt64(retention_call(sql_start, 4, start_types, start_values, start_nulls, &isnull));
	SPI_commit();
	loop_start = GetCurrentTimestamp();

	batch_types[0] = start_types[1];
	batch_types[1] = INT8OID;
	batch_values[0] = start_values[1];
	batch_values[1] = Int64GetDatum(run_id);
	for (;;)
	{
		int64		n;

		n = DatumGetInt64(retention_call(sql_batch, 2, batch_types, batch_values, NULL, &isnull));
		SPI_commit();
		if (isnull || n <= 0)
			break;
		total += n;
		batches++;
		/* Leave the machine to the day's work between batches. */
		if (pause_ms > 0)
			retention_sleep(pause_ms);
		/* Hold the average rate to max_rows_per_second. */
		if (max_rate > 0)
		{
			int64		due_ms = total * 1000 / max_rate;
			int64		spent_ms = (GetCurrentTimestamp() - loop_start) / 1000;

			if (due_ms > spent_ms)
				retention_sleep(due_ms - spent_ms);
		}
	}
	(void) retention_call(sql_finish, 2, batch_types, batch_values, NULL, &isnull);
	SPI_commit();
	SPI_finish();

	ereport(NOTICE,
			(errmsg("zeimu.purge_run: run %lld: %lld rows removed in %d batches in this call",
					(long long) run_id, (long long) total, batches)));
	PG_RETURN_VOID();
}
