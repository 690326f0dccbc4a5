/*-------------------------------------------------------------------------
 *
 * access_log.c
 *	  Writing the access log: one row in zeimu.access_log per person whose
 *	  identifying data a function hands out, plus one server-log line.
 *
 * The row is written in the caller's transaction, as the owner of the
 * access log (clerks hold no privilege on it), so a caller that rolls back
 * also removes it.  The server-log line is written at once with
 * LOG_SERVER_ONLY and survives any rollback; it carries who, when (the log
 * line prefix), municipality, atena number, function and purpose, never an
 * Individual Number, and never the statement (errhidestmt).  doc/registry.md
 * describes what each path covers.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/typcache.h"
#include "utils/lsyscache.h"

#include "registry.h"

char	   *zeimu_staff_id = NULL;

static SPIPlanPtr log_plan = NULL;
static Oid	log_plan_nsp = InvalidOid;

/*
 * Appends one access-log row and emits the server-log line.  Must be called
 * inside SPI_connect.
 */
void
access_log_write(Oid nsp, const char *lg_code, int64 atena_no,
				 const char *function_name, const char *purpose)
{
	Datum		args[7];
	char		nulls[7];
	Oid			saved_user;
	int			saved_sec;
	const char *session_name = GetUserNameFromId(GetSessionUserId(), false);
	const char *current_name = GetUserNameFromId(GetUserId(), false);
	const char *staff = (zeimu_staff_id && zeimu_staff_id[0]) ? zeimu_staff_id : NULL;
	int			rc;

	if (log_plan_nsp != nsp || log_plan == NULL)
	{
		Oid			types[7] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT8OID, TEXTOID, TEXTOID};
		char	   *sql;

		if (log_plan)
			SPI_freeplan(log_plan);
		log_plan = NULL;
		sql = psprintf("INSERT INTO %s.access_log (lg_code, session_user_name, current_user_name, staff_id, "
					   "atena_no, function_name, purpose, client_addr, txid) "
					   "VALUES ($1, $2, $3, $4, $5, $6, $7, pg_catalog.inet_client_addr(), pg_catalog.txid_current())",
					   quote_identifier(get_namespace_name(nsp)));
		log_plan = SPI_prepare(sql, 7, types);
		if (log_plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(log_plan);
		log_plan_nsp = nsp;
	}

	memset(nulls, ' ', sizeof(nulls));
	args[0] = CStringGetTextDatum(lg_code);
	args[1] = CStringGetTextDatum(session_name);
	args[2] = CStringGetTextDatum(current_name);
	if (staff)
		args[3] = CStringGetTextDatum(staff);
	else
		nulls[3] = 'n';
	args[4] = Int64GetDatum(atena_no);
	args[5] = CStringGetTextDatum(function_name);
	if (purpose)
		args[6] = CStringGetTextDatum(purpose);
	else
		nulls[6] = 'n';

	GetUserIdAndSecContext(&saved_user, &saved_sec);
	SetUserIdAndSecContext(registry_table_owner(nsp, "access_log"), saved_sec | SECURITY_LOCAL_USERID_CHANGE);
	rc = SPI_execute_plan(log_plan, args, nulls, false, 0);
	SetUserIdAndSecContext(saved_user, saved_sec);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "access log insert failed: %s", SPI_result_code_string(rc));

	access_log_server_line(lg_code, atena_no, function_name, purpose);
}

/*
 * The server-log copy of an access-log row: written at once, survives any
 * rollback.  Carries no Individual Number and hides the statement.
 */
void
access_log_server_line(const char *lg_code, int64 atena_no,
					   const char *function_name, const char *purpose)
{
	const char *staff = (zeimu_staff_id && zeimu_staff_id[0]) ? zeimu_staff_id : NULL;

	ereport(LOG_SERVER_ONLY,
			(errmsg("zeimu access: lg_code=%s atena_no=%lld function=%s purpose=%s session_user=%s current_user=%s staff_id=%s",
					lg_code, (long long) atena_no, function_name,
					purpose ? purpose : "-",
					GetUserNameFromId(GetSessionUserId(), false),
					GetUserNameFromId(GetUserId(), false),
					staff ? staff : "-"),
			 errhidestmt(true),
			 errhidecontext(true)));
}

/*
 * zeimu.log_access(lg_code text, atena_no bigint, function_name text,
 *					purpose text) RETURNS void
 *
 * For SQL-level functions that hand out identifying data (name search,
 * basic-information matching).  Records the caller's identity itself; a
 * caller can add rows but never choose who they are attributed to.
 */
PG_FUNCTION_INFO_V1(access_log_write_sql);
Datum
access_log_write_sql(PG_FUNCTION_ARGS)
{
	char	   *lg_code;
	char	   *fn;
	char	   *purpose = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lg_code, atena_no and function_name are required")));
	{
		Oid			out;
		bool		isvarlena;

		getTypeOutputInfo(get_fn_expr_argtype(fcinfo->flinfo, 0), &out, &isvarlena);
		lg_code = OidOutputFunctionCall(out, PG_GETARG_DATUM(0));
	}
	fn = text_to_cstring(PG_GETARG_TEXT_PP(2));
	SPI_connect();
	access_log_write(get_func_namespace(fcinfo->flinfo->fn_oid), lg_code,
					 PG_GETARG_INT64(1), fn, purpose);
	SPI_finish();
	PG_RETURN_VOID();
}

/*
 * zeimu.hash_chain_step(state bytea, link bytea) RETURNS bytea
 *
 * Transition function of the aggregate zeimu.hash_chain: the first value
 * becomes the state (the previous chain head); each further value v gives
 * sha256(state || v).  Used as a window aggregate ordered by link number by
 * zeimu.seal_access_log and zeimu.verify_access_log.
 */
PG_FUNCTION_INFO_V1(access_log_chain_step);
Datum
access_log_chain_step(PG_FUNCTION_ARGS)
{
	bytea	   *state;
	bytea	   *link;
	bytea	   *result;
	pg_cryptohash_ctx *ctx;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	state = PG_GETARG_BYTEA_PP(0);
	link = PG_GETARG_BYTEA_PP(1);
	result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	ctx = pg_cryptohash_create(PG_SHA256);
	if (ctx == NULL || pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) VARDATA_ANY(state), VARSIZE_ANY_EXHDR(state)) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) VARDATA_ANY(link), VARSIZE_ANY_EXHDR(link)) < 0 ||
		pg_cryptohash_final(ctx, (uint8 *) VARDATA(result), PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute SHA-256");
	pg_cryptohash_free(ctx);
	PG_RETURN_BYTEA_P(result);
}

/* Per-call cache of the send functions of a row type's columns. */
typedef struct RowHashCache
{
	Oid			tuptype;
	int			natts;
	FmgrInfo   *send;			/* one per column */
} RowHashCache;

/*
 * zeimu.access_log_row_hash(zeimu.access_log) RETURNS bytea
 *
 * sha256 over the row's canonical binary form: for every column in order,
 * one byte (0 = NULL, 1 = value), then for a value its length (4 bytes, big
 * endian) and the bytes of the type's binary send function.  The send form
 * does not depend on DateStyle, TimeZone or any other setting (a timestamptz
 * is its microsecond count), and NULL and '' differ.
 */
PG_FUNCTION_INFO_V1(access_log_row_hash);
Datum
access_log_row_hash(PG_FUNCTION_ARGS)
{
	HeapTupleHeader td = PG_GETARG_HEAPTUPLEHEADER(0);
	Oid			tuptype = HeapTupleHeaderGetTypeId(td);
	int32		tuptypmod = HeapTupleHeaderGetTypMod(td);
	TupleDesc	tupdesc = lookup_rowtype_tupdesc(tuptype, tuptypmod);
	RowHashCache *cache = (RowHashCache *) fcinfo->flinfo->fn_extra;
	HeapTupleData tuple;
	Datum	   *values;
	bool	   *nulls;
	pg_cryptohash_ctx *ctx;
	bytea	   *result;
	int			i;

	if (cache == NULL || cache->tuptype != tuptype || cache->natts != tupdesc->natts)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RowHashCache));
		cache->tuptype = tuptype;
		cache->natts = tupdesc->natts;
		cache->send = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FmgrInfo) * tupdesc->natts);
		for (i = 0; i < tupdesc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(tupdesc, i);
			Oid			sendfn;
			bool		isvarlena;

			if (att->attisdropped)
				continue;
			getTypeBinaryOutputInfo(att->atttypid, &sendfn, &isvarlena);
			fmgr_info_cxt(sendfn, &cache->send[i], fcinfo->flinfo->fn_mcxt);
		}
		fcinfo->flinfo->fn_extra = cache;
	}

	tuple.t_len = HeapTupleHeaderGetDatumLength(td);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = td;
	values = palloc(sizeof(Datum) * tupdesc->natts);
	nulls = palloc(sizeof(bool) * tupdesc->natts);
	heap_deform_tuple(&tuple, tupdesc, values, nulls);

	ctx = pg_cryptohash_create(PG_SHA256);
	if (ctx == NULL || pg_cryptohash_init(ctx) < 0)
		elog(ERROR, "could not initialise SHA-256");
	for (i = 0; i < tupdesc->natts; i++)
	{
		uint8		flag;

		if (TupleDescAttr(tupdesc, i)->attisdropped)
			continue;
		flag = nulls[i] ? 0 : 1;
		if (pg_cryptohash_update(ctx, &flag, 1) < 0)
			elog(ERROR, "could not compute SHA-256");
		if (!nulls[i])
		{
			bytea	   *b = SendFunctionCall(&cache->send[i], values[i]);
			uint32		len = VARSIZE(b) - VARHDRSZ;
			uint8		lenb[4];

			lenb[0] = (uint8) (len >> 24);
			lenb[1] = (uint8) (len >> 16);
			lenb[2] = (uint8) (len >> 8);
			lenb[3] = (uint8) len;
			if (pg_cryptohash_update(ctx, lenb, 4) < 0 ||
				pg_cryptohash_update(ctx, (const uint8 *) VARDATA(b), len) < 0)
				elog(ERROR, "could not compute SHA-256");
			pfree(b);
		}
	}
	result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	if (pg_cryptohash_final(ctx, (uint8 *) VARDATA(result), PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute SHA-256");
	pg_cryptohash_free(ctx);
	pfree(values);
	pfree(nulls);
	ReleaseTupleDesc(tupdesc);
	PG_RETURN_BYTEA_P(result);
}
