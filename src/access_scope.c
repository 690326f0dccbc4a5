/*-------------------------------------------------------------------------
 *
 * access_scope.c
 *	  What the current role may see, for the row policies, cached per backend.
 *
 * Every row policy of zeimu compares a row's municipality and office with the
 * scope of the querying role: one row of zeimu.access_scope (municipality,
 * offices, the period during which it holds).  Reading that table in each
 * query costs two index scans per statement; the functions here read it once
 * per backend and role and keep the answer until the table changes.
 *
 * zeimu.access_refresh_scope(), the only writer of zeimu.access_scope, calls
 * zeimu.access_scope_changed(), which queues a relcache invalidation of the
 * table: every backend drops its cached scope when that transaction commits
 * (and this backend at once, at the next command).  The period is checked
 * against the transaction start time on every call, so a staff record or a
 * contractor grant stops at its end without any invalidation.
 *
 * The row is read as the table's owner (the extension owner), so the answer
 * does not depend on the caller's privileges on zeimu.access_scope.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

typedef struct AccessScopeCache
{
	bool		valid;			/* false: reload before use */
	Oid			roleid;			/* the role the entry is for */
	bool		found;			/* the role has a scope row */
	char	   *lg_code;		/* in TopMemoryContext */
	Datum		offices;		/* text[], in TopMemoryContext */
	bool		from_inf;
	bool		to_inf;
	TimestampTz from;
	TimestampTz to;
} AccessScopeCache;

static AccessScopeCache scope_cache;
static Oid	scope_relid = InvalidOid;
static bool scope_callback_registered = false;

/* Relcache invalidation of zeimu.access_scope (or of everything). */
static void
access_scope_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == scope_relid)
		scope_cache.valid = false;
}

/* Reads the scope row of the current role from zeimu.access_scope. */
static void
access_scope_load(Oid nsp)
{
	Oid			roleid = GetUserId();
	Oid			owner;
	Oid			saved_user;
	int			saved_sec;
	HeapTuple	tup;
	Datum		arg;
	char	   *sql;
	int			rc;

	if (!scope_callback_registered)
	{
		CacheRegisterRelcacheCallback(access_scope_invalidate, (Datum) 0);
		scope_callback_registered = true;
	}
	scope_relid = get_relname_relid("access_scope", nsp);
	if (!OidIsValid(scope_relid))
		elog(ERROR, "zeimu.access_scope is missing");
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(scope_relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", scope_relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);

	if (scope_cache.lg_code)
		pfree(scope_cache.lg_code);
	if (DatumGetPointer(scope_cache.offices))
		pfree(DatumGetPointer(scope_cache.offices));
	scope_cache.lg_code = NULL;
	scope_cache.offices = (Datum) 0;
	scope_cache.found = false;

	sql = psprintf("SELECT s.lg_code::pg_catalog.text, s.offices, "
				   "pg_catalog.lower(s.valid_during), pg_catalog.upper(s.valid_during), "
				   "pg_catalog.lower_inf(s.valid_during), pg_catalog.upper_inf(s.valid_during) "
				   "FROM %s.access_scope s WHERE s.rolname OPERATOR(pg_catalog.=) $1",
				   quote_identifier(get_namespace_name(nsp)));
	arg = CStringGetDatum(GetUserNameFromId(roleid, false));
	arg = DirectFunctionCall1(namein, arg);

	GetUserIdAndSecContext(&saved_user, &saved_sec);
	SetUserIdAndSecContext(owner, saved_sec | SECURITY_LOCAL_USERID_CHANGE);
	PG_TRY();
	{
		Oid			argtype = NAMEOID;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		rc = SPI_execute_with_args(sql, 1, &argtype, &arg, NULL, true, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "access scope lookup failed: %s", SPI_result_code_string(rc));
		if (SPI_processed == 1)
		{
			HeapTuple	row = SPI_tuptable->vals[0];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			Datum		d;
			MemoryContext old;

			old = MemoryContextSwitchTo(TopMemoryContext);
			d = SPI_getbinval(row, desc, 1, &isnull);
			scope_cache.lg_code = isnull ? NULL : TextDatumGetCString(d);
			d = SPI_getbinval(row, desc, 2, &isnull);
			scope_cache.offices = isnull ? (Datum) 0 : datumCopy(d, false, -1);
			MemoryContextSwitchTo(old);
			d = SPI_getbinval(row, desc, 3, &isnull);
			scope_cache.from = isnull ? 0 : DatumGetTimestampTz(d);
			d = SPI_getbinval(row, desc, 4, &isnull);
			scope_cache.to = isnull ? 0 : DatumGetTimestampTz(d);
			scope_cache.from_inf = DatumGetBool(SPI_getbinval(row, desc, 5, &isnull));
			scope_cache.to_inf = DatumGetBool(SPI_getbinval(row, desc, 6, &isnull));
			scope_cache.found = scope_cache.lg_code != NULL &&
				DatumGetPointer(scope_cache.offices) != NULL;
		}
		SPI_finish();
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(saved_user, saved_sec);
	}
	PG_END_TRY();
	pfree(sql);

	scope_cache.roleid = roleid;
	scope_cache.valid = true;
}

/* The cached scope of the current role, loaded when needed. */
static AccessScopeCache *
access_scope_get(FunctionCallInfo fcinfo)
{
	if (!scope_cache.valid || scope_cache.roleid != GetUserId())
		access_scope_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	return &scope_cache;
}

/* true when the cached scope holds at the start of this transaction. */
static bool
access_scope_holds(AccessScopeCache *c)
{
	TimestampTz now = GetCurrentTransactionStartTimestamp();

	if (!c->found)
		return false;
	if (!c->from_inf && now < c->from)
		return false;
	if (!c->to_inf && now >= c->to)
		return false;
	return true;
}

PG_FUNCTION_INFO_V1(access_scope_lg_code);

/*
 * access_scope_lg_code() returns text
 *
 * The municipality the current role may see now, or NULL.
 */
Datum
access_scope_lg_code(PG_FUNCTION_ARGS)
{
	AccessScopeCache *c = access_scope_get(fcinfo);

	if (!access_scope_holds(c))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(c->lg_code));
}

PG_FUNCTION_INFO_V1(access_scope_offices);

/*
 * access_scope_offices() returns text[]
 *
 * The offices the current role may see now; empty when none.
 */
Datum
access_scope_offices(PG_FUNCTION_ARGS)
{
	AccessScopeCache *c = access_scope_get(fcinfo);

	if (!access_scope_holds(c))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	PG_RETURN_DATUM(datumCopy(c->offices, false, -1));
}

PG_FUNCTION_INFO_V1(access_scope_changed);

/*
 * access_scope_changed(regclass) returns void
 *
 * Queues a relcache invalidation of zeimu.access_scope: every backend drops
 * its cached scope when the calling transaction commits.
 */
Datum
access_scope_changed(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);

	CacheInvalidateRelcacheByRelid(relid);
	scope_cache.valid = false;
	PG_RETURN_VOID();
}
