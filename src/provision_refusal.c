/*-------------------------------------------------------------------------
 *
 * provision_refusal.c
 *	  The refusal recorder of the provision module: a refused provision,
 *	  transfer, network inquiry or two-person release is written to
 *	  zeimu.provision_refusal by a short-lived background worker in its own
 *	  transaction, so the record survives the error that follows it and the
 *	  caller's rollback (seed 000 req. 21-22, 001 §10.5-10.6: refused
 *	  requests are recorded).  Refusals are rare, so the cost of a worker
 *	  start per refusal is acceptable; no personal data beyond the atena
 *	  number is carried (never an Individual Number).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port/atomics.h"
#include "postmaster/bgworker.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "zeimu.h"

#define REFUSAL_TEXT_MAX 480

typedef struct RefusalMsg
{
	Oid			dbid;
	Oid			userid;
	char		nspname[NAMEDATALEN];
	char		lg_code[8];
	char		what[64];
	char		sqlstate[6];
	char		message[REFUSAL_TEXT_MAX + 1];
	char		session_user_name[NAMEDATALEN];
	char		current_user_name[NAMEDATALEN];
	char		staff_id[64];
	bool		has_staff;
	bool		done;
	int64		refusal_id;
} RefusalMsg;

PGDLLEXPORT void zeimu_refusal_worker_main(Datum main_arg);

/* Copies at most size-1 bytes, never cutting a multibyte character. */
static void
copy_text(char *dst, int size, text *src)
{
	char	   *s = text_to_cstring(src);
	int			len = pg_mbcliplen(s, strlen(s), size - 1);

	memcpy(dst, s, len);
	dst[len] = '\0';
	pfree(s);
}

void
zeimu_refusal_worker_main(Datum main_arg)
{
	dsm_segment *seg;
	RefusalMsg *m;
	char	   *sql;
	Datum		args[8];
	char		nulls[8];
	Oid			types[8] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	bool		isnull;
	int			rc;

	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	seg = dsm_attach(DatumGetUInt32(main_arg));
	if (seg == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("zeimu refusal recorder could not attach to its request")));
	m = dsm_segment_address(seg);
	BackgroundWorkerInitializeConnectionByOid(m->dbid, m->userid, 0);

	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	SPI_connect();
	PushActiveSnapshot(GetTransactionSnapshot());
	pgstat_report_activity(STATE_RUNNING, "zeimu: record a refused provision");

	sql = psprintf("INSERT INTO %s.provision_refusal (lg_code, what, sqlstate, message, "
				   "session_user_name, current_user_name, staff_id) "
				   "VALUES ($1::%s.lg_code, $2, $3, $4, $5, $6, $7) RETURNING refusal_id",
				   quote_identifier(m->nspname), quote_identifier(m->nspname));
	memset(nulls, ' ', sizeof(nulls));
	args[0] = CStringGetTextDatum(m->lg_code);
	args[1] = CStringGetTextDatum(m->what);
	args[2] = CStringGetTextDatum(m->sqlstate);
	args[3] = CStringGetTextDatum(m->message);
	args[4] = CStringGetTextDatum(m->session_user_name);
	args[5] = CStringGetTextDatum(m->current_user_name);
	args[6] = m->has_staff ? CStringGetTextDatum(m->staff_id) : (Datum) 0;
	if (!m->has_staff)
		nulls[6] = 'n';
	rc = SPI_execute_with_args(sql, 7, types, args, nulls, false, 1);
	if (rc != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
		elog(ERROR, "could not record the refusal: %s", SPI_result_code_string(rc));
	m->refusal_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));

	SPI_finish();
	PopActiveSnapshot();
	CommitTransactionCommand();
	pgstat_report_activity(STATE_IDLE, NULL);
	pg_write_barrier();
	m->done = true;
	dsm_detach(seg);
	proc_exit(0);
}

/*
 * zeimu.provision_record_refusal(lg_code text, what text, sqlstate text,
 *								  message text) RETURNS bigint
 *
 * The id of the refusal row written in its own transaction, or NULL when
 * no worker slot was free (the caller's server-log line still records it).
 */
PG_FUNCTION_INFO_V1(provision_record_refusal);

Datum
provision_record_refusal(PG_FUNCTION_ARGS)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Oid			relid;
	HeapTuple	tup;
	dsm_segment *seg;
	RefusalMsg *m;
	const char *staff;
	int64		id = -1;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lg_code, what, sqlstate and message are required")));

	relid = get_relname_relid("provision_refusal", nsp);
	if (!OidIsValid(relid))
		elog(ERROR, "table provision_refusal is missing from the zeimu schema");

	seg = dsm_create(sizeof(RefusalMsg), 0);
	m = dsm_segment_address(seg);
	memset(m, 0, sizeof(RefusalMsg));
	m->dbid = MyDatabaseId;
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	m->userid = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	strlcpy(m->nspname, get_namespace_name(nsp), NAMEDATALEN);
	copy_text(m->lg_code, sizeof(m->lg_code), PG_GETARG_TEXT_PP(0));
	copy_text(m->what, sizeof(m->what), PG_GETARG_TEXT_PP(1));
	copy_text(m->sqlstate, sizeof(m->sqlstate), PG_GETARG_TEXT_PP(2));
	copy_text(m->message, sizeof(m->message), PG_GETARG_TEXT_PP(3));
	strlcpy(m->session_user_name, GetUserNameFromId(GetSessionUserId(), false), NAMEDATALEN);
	strlcpy(m->current_user_name, GetUserNameFromId(GetUserId(), false), NAMEDATALEN);
	staff = GetConfigOption("zeimu.staff_id", true, false);
	if (staff != NULL && staff[0] != '\0')
	{
		strlcpy(m->staff_id, staff, sizeof(m->staff_id));
		m->has_staff = true;
	}

	if (autonomous_worker_run(seg, "zeimu_refusal_worker_main", "zeimu provision refusal recorder") &&
		m->done)
		id = m->refusal_id;
	dsm_detach(seg);
	if (id < 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(id);
}
