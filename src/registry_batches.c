/*-------------------------------------------------------------------------
 *
 * registry_batches.c
 *	  Batch procedures of the registry module that COMMIT between batches:
 *	  zeimu.seal_access_log and zeimu.rotate_mynumber_keys.
 *
 * A PL/pgSQL procedure cannot both pin search_path with a SET clause and
 * COMMIT, so the loop lives here: it calls a batch function (which pins its
 * search_path and takes the advisory lock for its own transaction) until
 * that function reports 0 rows, committing after each batch.  Every batch is
 * whole or absent; a call after an interruption simply continues.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/fmgroids.h"

#include "registry.h"

/*
 * Runs "SELECT <schema>.<fn>(args)" until it returns 0, committing after
 * each call; returns the total and the number of batches.
 */
static void
run_batches(FunctionCallInfo fcinfo, const char *fn, int nargs, Oid *types,
			Datum *values, int64 *total, int *batches)
{
	char	   *sql;
	bool		atomic = true;

	if (fcinfo->context && IsA(fcinfo->context, CallContext))
		atomic = castNode(CallContext, fcinfo->context)->atomic;
	if (atomic)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
				 errmsg("this procedure commits between batches and cannot run inside a transaction block"),
				 errhint("Run it with CALL outside BEGIN ... COMMIT.")));

	sql = psprintf("SELECT %s.%s(%s)",
				   quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid))),
				   fn, nargs == 2 ? "$1, $2" : "$1, $2, $3");
	*total = 0;
	*batches = 0;
	SPI_connect_ext(SPI_OPT_NONATOMIC);
	for (;;)
	{
		bool		isnull;
		int64		n;
		int			rc;

		rc = SPI_execute_with_args(sql, nargs, types, values, NULL, false, 1);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "batch call failed: %s", SPI_result_code_string(rc));
		n = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		SPI_commit();
		if (isnull || n <= 0)
			break;
		*total += n;
		(*batches)++;
	}
	SPI_finish();
}

/* CALL zeimu.seal_access_log(lg_code text, batch_size int, settle interval) */
PG_FUNCTION_INFO_V1(registry_seal_access_log);
Datum
registry_seal_access_log(PG_FUNCTION_ARGS)
{
	Oid			types[3] = {get_fn_expr_argtype(fcinfo->flinfo, 0), INT4OID, INTERVALOID};
	Datum		values[3];
	int64		total;
	int			batches;
	char	   *lg_code;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lg_code, batch_size and settle are required")));
	{
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(types[0], &out, &isvarlena);
		lg_code = OidOutputFunctionCall(out, PG_GETARG_DATUM(0));
	}
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	values[2] = PG_GETARG_DATUM(2);
	run_batches(fcinfo, "seal_access_log_batch", 3, types, values, &total, &batches);
	ereport(NOTICE,
			(errmsg("zeimu.seal_access_log: %lld rows sealed in %d batches for municipality %s",
					(long long) total, batches, lg_code)));
	PG_RETURN_VOID();
}

/* CALL zeimu.rotate_mynumber_keys(lg_code text, batch_size int) */
PG_FUNCTION_INFO_V1(registry_rotate_keys);
Datum
registry_rotate_keys(PG_FUNCTION_ARGS)
{
	Oid			types[2] = {get_fn_expr_argtype(fcinfo->flinfo, 0), INT4OID};
	Datum		values[2];
	int64		total;
	int			batches;
	char	   *lg_code;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lg_code and batch_size are required")));
	{
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(types[0], &out, &isvarlena);
		lg_code = OidOutputFunctionCall(out, PG_GETARG_DATUM(0));
	}
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	run_batches(fcinfo, "rotate_mynumber_keys_batch", 2, types, values, &total, &batches);
	ereport(NOTICE,
			(errmsg("zeimu.rotate_mynumber_keys: %lld rows re-encrypted in %d batches for municipality %s",
					(long long) total, batches, lg_code)));
	PG_RETURN_VOID();
}
