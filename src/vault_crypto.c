/*-------------------------------------------------------------------------
 *
 * vault_crypto.c
 *	  The Individual Number vault: encryption, blind index, linking,
 *	  lookup, reveal and key rotation.
 *
 * Why in C: the keys (vault_keys.c) must never cross SQL.  Every function
 * here takes the number as a zeimu.mynumber Datum, computes with the key in
 * backend memory and stores or returns only ciphertext, blind indexes,
 * atena numbers or (reveal only) the number itself.
 *
 * Row format (zeimu.mynumber_vault):
 *	  ciphertext  = IV (16 random bytes) || pgcrypto encrypt_iv(12 ASCII digits,
 *					enc_key, IV, 'aes-cbc/pad:pkcs')
 *	  ct_mac	  = HMAC-SHA256(mac_key, "zeimu-ct" || key_id (4 bytes, big
 *					endian) || lg_code || NUL || atena_no (8 bytes, big
 *					endian) || ciphertext)		-- encrypt-then-MAC, bound to
 *												   the row it belongs to
 *	  blind_index = HMAC-SHA256(mac_key, "zeimu-bi" || 12 ASCII digits)
 * pgcrypto's raw encrypt_iv is used (called through its C entry point, so
 * the key travels as an in-memory Datum, never as SQL text) because the PGP
 * functions with their default S2K cost about 0.7 ms per row; the missing
 * integrity of raw mode is supplied by the MAC, checked before decrypting.
 *
 * Privileges: these functions are SECURITY INVOKER.  They read zeimu.person
 * as the caller, so row-level security decides which persons a caller may
 * link, find or reveal; they read and write the vault, the purpose list,
 * the review queue and the access log as the owner of zeimu.mynumber_vault
 * (SetUserIdAndSecContext), so that clerks need no privilege on those
 * tables at all.
 *
 * Refused links: the review row is written by a short-lived background
 * worker in its own transaction, so that it survives the error the caller
 * receives (and the caller's rollback).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/hmac.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port/atomics.h"
#include "postmaster/bgworker.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "tcop/tcopprot.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "registry.h"
#include "zeimu.h"

#define MYNUMBER_DIGITS 12
#define CT_MAX 64
#define SOURCE_MAX 200

PGDLLEXPORT void zeimu_review_worker_main(Datum main_arg);

/* pgcrypto's entry points, loaded once per backend. */
static PGFunction pgc_encrypt_iv = NULL;
static PGFunction pgc_decrypt_iv = NULL;

/* Prepared statements, per schema (reset when the schema oid changes). */
enum
{
	Q_PERSON,
	Q_VAULT_BY_PERSON,
	Q_VAULT_BY_BLIND,
	Q_VAULT_INSERT,
	Q_PURPOSE,
	Q_REENC_SELECT,
	Q_REENC_UPDATE,
	Q_COUNT
};
static SPIPlanPtr plans[Q_COUNT];
static Oid	plans_nsp = InvalidOid;

/* ----------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static void
load_pgcrypto(void)
{
	if (pgc_encrypt_iv && pgc_decrypt_iv)
		return;
	pgc_encrypt_iv = load_external_function("$libdir/pgcrypto", "pg_encrypt_iv", true, NULL);
	pgc_decrypt_iv = load_external_function("$libdir/pgcrypto", "pg_decrypt_iv", true, NULL);
}

static void
number_digits(int64 v, char *out)
{
	int			i;

	for (i = MYNUMBER_DIGITS - 1; i >= 0; i--)
	{
		out[i] = (char) ('0' + v % 10);
		v /= 10;
	}
}

static const int mn_weights[11] = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

static bool
digits_valid(const char *d, int len)
{
	int			sum = 0;
	int			i;
	int			r;

	if (len != MYNUMBER_DIGITS)
		return false;
	for (i = 0; i < MYNUMBER_DIGITS; i++)
		if (d[i] < '0' || d[i] > '9')
			return false;
	for (i = 0; i < 11; i++)
		sum += (d[i] - '0') * mn_weights[i];
	r = sum % 11;
	return (r <= 1 ? 0 : 11 - r) == d[11] - '0';
}

static void
hmac_parts(const uint8 *key, int nparts, const uint8 *const *parts,
		   const size_t *lens, uint8 *out)
{
	pg_hmac_ctx *ctx = pg_hmac_create(PG_SHA256);
	int			i;

	if (ctx == NULL || pg_hmac_init(ctx, key, VAULT_KEY_BYTES) < 0)
		elog(ERROR, "could not initialise HMAC-SHA256");
	for (i = 0; i < nparts; i++)
		if (pg_hmac_update(ctx, parts[i], lens[i]) < 0)
			elog(ERROR, "could not compute HMAC-SHA256");
	if (pg_hmac_final(ctx, out, VAULT_HASH_BYTES) < 0)
		elog(ERROR, "could not compute HMAC-SHA256");
	pg_hmac_free(ctx);
}

static void
blind_index(const VaultKey *k, const char *digits, uint8 *out)
{
	const uint8 *parts[2] = {(const uint8 *) "zeimu-bi", (const uint8 *) digits};
	size_t		lens[2] = {8, MYNUMBER_DIGITS};

	hmac_parts(k->mac, 2, parts, lens, out);
}

static void
ct_mac(const VaultKey *k, const char *lg_code, int64 atena_no,
	   const uint8 *ct, int ctlen, uint8 *out)
{
	uint8		idb[4];
	uint8		ab[8];
	const uint8 *parts[5];
	size_t		lens[5];
	int			i;

	for (i = 0; i < 4; i++)
		idb[i] = (uint8) ((uint32) k->id >> (24 - 8 * i));
	for (i = 0; i < 8; i++)
		ab[i] = (uint8) ((uint64) atena_no >> (56 - 8 * i));
	parts[0] = (const uint8 *) "zeimu-ct";
	lens[0] = 8;
	parts[1] = idb;
	lens[1] = 4;
	parts[2] = (const uint8 *) lg_code;
	lens[2] = strlen(lg_code) + 1;	/* with the NUL as separator */
	parts[3] = ab;
	lens[3] = 8;
	parts[4] = ct;
	lens[4] = ctlen;
	hmac_parts(k->mac, 5, parts, lens, out);
}

static bytea *
make_bytea(const void *data, int len)
{
	bytea	   *b = palloc(VARHDRSZ + len);

	SET_VARSIZE(b, VARHDRSZ + len);
	memcpy(VARDATA(b), data, len);
	return b;
}

static void
wipe_bytea(bytea *b)
{
	explicit_bzero(VARDATA(b), VARSIZE(b) - VARHDRSZ);
	pfree(b);
}

/* Encrypts 12 digits; writes IV || ciphertext into out, returns its length. */
static int
vault_encrypt(const VaultKey *k, const char *digits, uint8 *out)
{
	uint8		iv[VAULT_IV_BYTES];
	bytea	   *data;
	bytea	   *key;
	bytea	   *ivb;
	bytea	   *ct;
	int			ctlen;

	load_pgcrypto();
	if (!pg_strong_random(iv, sizeof(iv)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random initialisation vector")));
	data = make_bytea(digits, MYNUMBER_DIGITS);
	key = make_bytea(k->enc, VAULT_KEY_BYTES);
	ivb = make_bytea(iv, VAULT_IV_BYTES);
	ct = DatumGetByteaPP(DirectFunctionCall4Coll(pgc_encrypt_iv, InvalidOid,
												 PointerGetDatum(data),
												 PointerGetDatum(key),
												 PointerGetDatum(ivb),
												 CStringGetTextDatum("aes-cbc/pad:pkcs")));
	wipe_bytea(data);
	wipe_bytea(key);
	ctlen = VARSIZE_ANY_EXHDR(ct);
	if (ctlen + VAULT_IV_BYTES > CT_MAX)
		elog(ERROR, "unexpected ciphertext length %d", ctlen);
	memcpy(out, iv, VAULT_IV_BYTES);
	memcpy(out + VAULT_IV_BYTES, VARDATA_ANY(ct), ctlen);
	return ctlen + VAULT_IV_BYTES;
}

static void
report_tampered(const char *lg_code, int64 atena_no, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("the stored Individual Number of atena %lld in municipality %s fails its integrity check",
					(long long) atena_no, lg_code),
			 errdetail("%s", what),
			 errhint("The vault row was altered or the key file does not hold the key it was written with; tell the security officer."),
			 errhidestmt(true)));
}

/*
 * Checks the MAC, then decrypts into digits (12 bytes).  Any mismatch or
 * malformed plaintext raises XX001.
 */
static void
vault_decrypt(const char *lg_code, int64 atena_no, int32 key_id,
			  bytea *ciphertext, bytea *mac, char *digits)
{
	const VaultKey *k = vault_key_by_id(key_id);
	uint8		expect[VAULT_HASH_BYTES];
	const uint8 *ct = (const uint8 *) VARDATA_ANY(ciphertext);
	int			ctlen = VARSIZE_ANY_EXHDR(ciphertext);
	uint8		diff = 0;
	int			i;
	bytea	   *data;
	bytea	   *key;
	bytea	   *ivb;
	bytea	   *plain;

	if (k == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("the key that encrypted this Individual Number is not in the key file"),
				 errdetail("The vault row of atena %lld uses key id %d.", (long long) atena_no, key_id),
				 errhint("Keep old keys in the key file until zeimu.rotate_mynumber_keys has re-encrypted every row.")));
	if (VARSIZE_ANY_EXHDR(mac) != VAULT_HASH_BYTES || ctlen <= VAULT_IV_BYTES)
		report_tampered(lg_code, atena_no, "The stored ciphertext or MAC has the wrong length.");
	ct_mac(k, lg_code, atena_no, ct, ctlen, expect);
	for (i = 0; i < VAULT_HASH_BYTES; i++)
		diff |= expect[i] ^ ((const uint8 *) VARDATA_ANY(mac))[i];
	if (diff != 0)
		report_tampered(lg_code, atena_no, "The message authentication code does not match.");

	load_pgcrypto();
	data = make_bytea(ct + VAULT_IV_BYTES, ctlen - VAULT_IV_BYTES);
	key = make_bytea(k->enc, VAULT_KEY_BYTES);
	ivb = make_bytea(ct, VAULT_IV_BYTES);
	plain = DatumGetByteaPP(DirectFunctionCall4Coll(pgc_decrypt_iv, InvalidOid,
													PointerGetDatum(data),
													PointerGetDatum(key),
													PointerGetDatum(ivb),
													CStringGetTextDatum("aes-cbc/pad:pkcs")));
	wipe_bytea(key);
	if (!digits_valid(VARDATA_ANY(plain), VARSIZE_ANY_EXHDR(plain)))
		report_tampered(lg_code, atena_no, "The decrypted value is not an Individual Number.");
	memcpy(digits, VARDATA_ANY(plain), MYNUMBER_DIGITS);
	explicit_bzero(VARDATA_ANY(plain), VARSIZE_ANY_EXHDR(plain));
}

/* The lg_code argument (type zeimu.lg_code, or text) as a C string. */
static char *
lg_code_arg(FunctionCallInfo fcinfo, int argno)
{
	Oid			typ = get_fn_expr_argtype(fcinfo->flinfo, argno);
	Oid			out;
	bool		isvarlena;

	if (!OidIsValid(typ))
		elog(ERROR, "could not determine the type of argument %d", argno + 1);
	getTypeOutputInfo(typ, &out, &isvarlena);
	return OidOutputFunctionCall(out, PG_GETARG_DATUM(argno));
}

static Oid
registry_nsp(FunctionCallInfo fcinfo)
{
	return get_func_namespace(fcinfo->flinfo->fn_oid);
}

/* The owner of a zeimu table: the role its rows are handled as. */
Oid
registry_table_owner(Oid nsp, const char *relname)
{
	Oid			relid = get_relname_relid(relname, nsp);
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		elog(ERROR, "table %s is missing from the zeimu schema", relname);
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

static SPIPlanPtr
get_plan(Oid nsp, int which)
{
	const char *n;
	char	   *sql = NULL;
	Oid			types[10];
	int			nargs = 0;

	if (plans_nsp != nsp)
	{
		int			i;

		for (i = 0; i < Q_COUNT; i++)
		{
			if (plans[i])
				SPI_freeplan(plans[i]);
			plans[i] = NULL;
		}
		plans_nsp = nsp;
	}
	if (plans[which])
		return plans[which];

	n = quote_identifier(get_namespace_name(nsp));
	types[0] = TEXTOID;
	types[1] = INT8OID;
	switch (which)
	{
		case Q_PERSON:
			sql = psprintf("SELECT death_date IS NOT NULL FROM %s.person "
						   "WHERE lg_code OPERATOR(%s.=) $1::%s.lg_code AND atena_no OPERATOR(pg_catalog.=) $2", n, n, n);
			nargs = 2;
			break;
		case Q_VAULT_BY_PERSON:
			sql = psprintf("SELECT key_id, blind_index, ciphertext, ct_mac FROM %s.mynumber_vault "
						   "WHERE lg_code OPERATOR(%s.=) $1::%s.lg_code AND atena_no OPERATOR(pg_catalog.=) $2", n, n, n);
			nargs = 2;
			break;
		case Q_VAULT_BY_BLIND:
			sql = psprintf("SELECT atena_no FROM %s.mynumber_vault "
						   "WHERE lg_code OPERATOR(%s.=) $1::%s.lg_code AND blind_index OPERATOR(pg_catalog.=) $2", n, n, n);
			types[1] = BYTEAOID;
			nargs = 2;
			break;
		case Q_VAULT_INSERT:
			sql = psprintf("INSERT INTO %s.mynumber_vault (lg_code, atena_no, key_id, blind_index, "
						   "ciphertext, ct_mac, source, verification_id, linked_by) "
						   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING", n);
			types[2] = INT4OID;
			types[3] = BYTEAOID;
			types[4] = BYTEAOID;
			types[5] = BYTEAOID;
			types[6] = TEXTOID;
			types[7] = INT8OID;
			types[8] = TEXTOID;
			nargs = 9;
			break;
		case Q_PURPOSE:
			sql = psprintf("SELECT 1 FROM %s.mynumber_purpose WHERE lg_code OPERATOR(%s.=) $1::%s.lg_code "
						   "AND purpose_code OPERATOR(pg_catalog.=) $2 AND active", n, n, n);
			types[1] = TEXTOID;
			nargs = 2;
			break;
		case Q_REENC_SELECT:
			sql = psprintf("SELECT atena_no, key_id, ciphertext, ct_mac FROM %s.mynumber_vault "
						   "WHERE lg_code OPERATOR(%s.=) $1::%s.lg_code AND key_id OPERATOR(pg_catalog.<>) $2 "
						   "ORDER BY atena_no LIMIT $3 FOR UPDATE SKIP LOCKED", n, n, n);
			types[1] = INT4OID;
			types[2] = INT4OID;
			nargs = 3;
			break;
		case Q_REENC_UPDATE:
			sql = psprintf("UPDATE %s.mynumber_vault SET key_id = $3, blind_index = $4, ciphertext = $5, ct_mac = $6 "
						   "WHERE lg_code OPERATOR(%s.=) $1::%s.lg_code AND atena_no OPERATOR(pg_catalog.=) $2", n, n, n);
			types[2] = INT4OID;
			types[3] = BYTEAOID;
			types[4] = BYTEAOID;
			types[5] = BYTEAOID;
			nargs = 6;
			break;
	}
	plans[which] = SPI_prepare(sql, nargs, types);
	if (plans[which] == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	SPI_keepplan(plans[which]);
	return plans[which];
}

static void
check_lg_code(const char *lg_code)
{
	int			i;

	for (i = 0; lg_code[i]; i++)
		if (lg_code[i] < '0' || lg_code[i] > '9')
			break;
	if (i != 6 || lg_code[i] != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid municipality code \"%s\"", lg_code),
				 errdetail("A municipality code (全国地方公共団体コード) has 6 digits."),
				 errhidestmt(true)));
}

/* Switches to the vault owner; returns what to restore. */
typedef struct SavedUser
{
	Oid			userid;
	int			sec;
} SavedUser;

static SavedUser
become_owner(Oid owner)
{
	SavedUser	s;

	GetUserIdAndSecContext(&s.userid, &s.sec);
	SetUserIdAndSecContext(owner, s.sec | SECURITY_LOCAL_USERID_CHANGE);
	return s;
}

static void
restore_user(SavedUser s)
{
	SetUserIdAndSecContext(s.userid, s.sec);
}

/*
 * Checks that the caller can see the person (row-level security applies);
 * returns false when not.  *deceased is set when found.
 */
static bool
person_visible(Oid nsp, const char *lg_code, int64 atena_no, bool *deceased)
{
	Datum		args[2];
	bool		isnull;
	int			rc;

	args[0] = CStringGetTextDatum(lg_code);
	args[1] = Int64GetDatum(atena_no);
	rc = SPI_execute_plan(get_plan(nsp, Q_PERSON), args, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "person lookup failed: %s", SPI_result_code_string(rc));
	if (SPI_processed == 0)
		return false;
	if (deceased)
		*deceased = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	return true;
}

static void
check_purpose(Oid nsp, const char *lg_code, const char *purpose)
{
	Datum		args[2];
	int			rc;

	args[0] = CStringGetTextDatum(lg_code);
	args[1] = CStringGetTextDatum(purpose);
	rc = SPI_execute_plan(get_plan(nsp, Q_PURPOSE), args, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "purpose lookup failed: %s", SPI_result_code_string(rc));
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ZEIMU_UNKNOWN_PURPOSE),
				 errmsg("\"%s\" is not a registered purpose for Individual Number use in municipality %s",
						purpose, lg_code),
				 errhint("Use a purpose code listed in zeimu.mynumber_purpose for this municipality."),
				 errhidestmt(true)));
}

/* Blind indexes of a number under every loaded key, as bytea[]. */
static ArrayType *
blind_indexes(const char *digits)
{
	int			n = vault_key_count();
	Datum	   *elems = palloc(sizeof(Datum) * n);
	int			i;

	for (i = 0; i < n; i++)
	{
		uint8		bi[VAULT_HASH_BYTES];

		blind_index(vault_key_at(i), digits, bi);
		elems[i] = PointerGetDatum(make_bytea(bi, VAULT_HASH_BYTES));
	}
	return construct_array(elems, n, BYTEAOID, -1, false, TYPALIGN_INT);
}

/*
 * The atena number holding this number (under any loaded key), or 0.  One
 * equality lookup per key on the unique (lg_code, blind_index) index: the
 * planner knows it returns at most one row, so even a generic plan on a
 * table that grew since it was last analysed uses that index.
 */
static int64
vault_holder(Oid nsp, const char *lg_code, const char *digits)
{
	int			n = vault_key_count();
	int			i;
	Datum		args[2];

	args[0] = CStringGetTextDatum(lg_code);
	for (i = n - 1; i >= 0; i--)
	{
		uint8		bi[VAULT_HASH_BYTES];
		int			rc;

		blind_index(vault_key_at(i), digits, bi);
		args[1] = PointerGetDatum(make_bytea(bi, VAULT_HASH_BYTES));
		rc = SPI_execute_plan(get_plan(nsp, Q_VAULT_BY_BLIND), args, NULL, false, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "vault lookup failed: %s", SPI_result_code_string(rc));
		if (SPI_processed > 0)
		{
			bool		isnull;

			return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		}
	}
	return 0;
}

/*
 * Reads the person's vault row (as the vault owner) and decrypts it into
 * digits; false when the person has none.  Raises XX001 / F0000 like
 * vault_decrypt.
 */
static bool
vault_read(Oid nsp, Oid owner, const char *lg_code, int64 atena_no, char *digits)
{
	SavedUser	saved = become_owner(owner);
	Datum		args[2];
	int			rc;
	bool		found = false;

	args[0] = CStringGetTextDatum(lg_code);
	args[1] = Int64GetDatum(atena_no);
	rc = SPI_execute_plan(get_plan(nsp, Q_VAULT_BY_PERSON), args, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "vault lookup failed: %s", SPI_result_code_string(rc));
	if (SPI_processed > 0)
	{
		bool		isnull;
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	d = SPI_tuptable->tupdesc;

		vault_decrypt(lg_code, atena_no,
					  DatumGetInt32(SPI_getbinval(t, d, 1, &isnull)),
					  DatumGetByteaPP(SPI_getbinval(t, d, 3, &isnull)),
					  DatumGetByteaPP(SPI_getbinval(t, d, 4, &isnull)),
					  digits);
		found = true;
	}
	restore_user(saved);
	return found;
}

/* ----------------------------------------------------------------------
 * The review queue writer (background worker)
 * ---------------------------------------------------------------------- */

typedef struct ReviewMsg
{
	Oid			dbid;
	Oid			userid;
	char		nspname[NAMEDATALEN];
	char		lg_code[8];
	int64		atena_no;
	int64		other_atena_no;
	bool		has_other;
	char		reason[32];
	int32		key_id;
	uint8		blind[VAULT_HASH_BYTES];
	uint8		ct[CT_MAX];
	int			ctlen;
	uint8		mac[VAULT_HASH_BYTES];
	char		source[SOURCE_MAX + 1];
	char		queued_by[NAMEDATALEN];
	char		current_user_name[NAMEDATALEN];
	char		staff_id[64];
	bool		has_staff;
	char		client_addr[64];
	bool		has_client;
	bool		done;
	int64		review_id;
} ReviewMsg;

void
zeimu_review_worker_main(Datum main_arg)
{
	dsm_segment *seg;
	ReviewMsg  *m;
	char	   *sql;
	Datum		args[10];
	char		nulls[10];
	Oid			types[10] = {TEXTOID, INT8OID, INT8OID, TEXTOID, INT4OID, BYTEAOID,
	BYTEAOID, BYTEAOID, TEXTOID, TEXTOID};
	bool		isnull;
	int			rc;

	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	seg = dsm_attach(DatumGetUInt32(main_arg));
	if (seg == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("zeimu review writer could not attach to its request")));
	m = dsm_segment_address(seg);
	BackgroundWorkerInitializeConnectionByOid(m->dbid, m->userid, 0);

	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	SPI_connect();
	PushActiveSnapshot(GetTransactionSnapshot());
	pgstat_report_activity(STATE_RUNNING, "zeimu: queue a refused Individual Number link");

	sql = psprintf("INSERT INTO %s.link_review (lg_code, atena_no, other_atena_no, reason, key_id, "
				   "blind_index, ciphertext, ct_mac, source, queued_by) "
				   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING review_id",
				   quote_identifier(m->nspname));
	memset(nulls, ' ', sizeof(nulls));
	args[0] = CStringGetTextDatum(m->lg_code);
	args[1] = Int64GetDatum(m->atena_no);
	args[2] = Int64GetDatum(m->other_atena_no);
	if (!m->has_other)
		nulls[2] = 'n';
	args[3] = CStringGetTextDatum(m->reason);
	args[4] = Int32GetDatum(m->key_id);
	args[5] = PointerGetDatum(make_bytea(m->blind, VAULT_HASH_BYTES));
	args[6] = PointerGetDatum(make_bytea(m->ct, m->ctlen));
	args[7] = PointerGetDatum(make_bytea(m->mac, VAULT_HASH_BYTES));
	args[8] = CStringGetTextDatum(m->source);
	args[9] = CStringGetTextDatum(m->queued_by);
	rc = SPI_execute_with_args(sql, 10, types, args, nulls, false, 1);
	if (rc != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
		elog(ERROR, "could not queue the refused link: %s", SPI_result_code_string(rc));
	m->review_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));

	/*
	 * The refusal tells the caller who holds the number: that is an access
	 * to the other person, logged here so that it survives the error.
	 */
	if (m->has_other)
	{
		Oid			ltypes[7] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT8OID, TEXTOID, INETOID};

		sql = psprintf("INSERT INTO %s.access_log (lg_code, session_user_name, current_user_name, staff_id, "
					   "atena_no, function_name, client_addr, txid) "
					   "VALUES ($1, $2, $3, $4, $5, $6, $7, pg_catalog.txid_current())",
					   quote_identifier(m->nspname));
		memset(nulls, ' ', sizeof(nulls));
		args[0] = CStringGetTextDatum(m->lg_code);
		args[1] = CStringGetTextDatum(m->queued_by);
		args[2] = CStringGetTextDatum(m->current_user_name);
		args[3] = m->has_staff ? CStringGetTextDatum(m->staff_id) : (Datum) 0;
		if (!m->has_staff)
			nulls[3] = 'n';
		args[4] = Int64GetDatum(m->other_atena_no);
		args[5] = CStringGetTextDatum("link_mynumber");
		args[6] = m->has_client ? DirectFunctionCall1(inet_in, CStringGetDatum(m->client_addr)) : (Datum) 0;
		if (!m->has_client)
			nulls[6] = 'n';
		rc = SPI_execute_with_args(sql, 7, ltypes, args, nulls, false, 0);
		if (rc != SPI_OK_INSERT)
			elog(ERROR, "could not log the disclosure: %s", SPI_result_code_string(rc));
	}

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
 * Writes the review row in its own transaction; returns its id, or -1 when
 * no worker could do it (then the caller reports that too).
 */
static int64
queue_review(ReviewMsg *req)
{
	dsm_segment *seg;
	ReviewMsg  *m;
	int64		id = -1;

	seg = dsm_create(sizeof(ReviewMsg), 0);
	m = dsm_segment_address(seg);
	memcpy(m, req, sizeof(ReviewMsg));
	m->done = false;

	if (autonomous_worker_run(seg, "zeimu_review_worker_main", "zeimu link review writer") &&
		m->done)
		id = m->review_id;
	explicit_bzero(m, sizeof(ReviewMsg));
	dsm_detach(seg);
	return id;
}

/* ----------------------------------------------------------------------
 * SQL-callable functions
 * ---------------------------------------------------------------------- */

/*
 * zeimu.link_mynumber(lg_code text, atena_no bigint, mynumber zeimu.mynumber,
 *					   source text, verification bigint) RETURNS text
 *
 * 'linked' when a new link was made, 'unchanged' when the person already
 * holds this number.  ZR001 / ZR002 (with a review row) on conflicts.
 */
PG_FUNCTION_INFO_V1(vault_link_mynumber);
Datum
vault_link_mynumber(PG_FUNCTION_ARGS)
{
	char	   *lg_code;
	int64		atena_no;
	int64		number;
	char	   *source;
	bool		has_verif = !PG_ARGISNULL(4);
	int64		verif = has_verif ? PG_GETARG_INT64(4) : 0;
	Oid			nsp = registry_nsp(fcinfo);
	Oid			owner = registry_table_owner(nsp, "mynumber_vault");
	char		digits[MYNUMBER_DIGITS];
	const VaultKey *active;
	uint8		bi[VAULT_HASH_BYTES];
	uint8		ct[CT_MAX];
	int			ctlen;
	uint8		mac[VAULT_HASH_BYTES];
	bool		deceased = false;
	SavedUser	saved;
	Datum		args[9];
	char		nulls[9];
	int			rc;
	const char *reason = NULL;
	int64		other = 0;
	bool		has_other = false;
	const char *result = "linked";
	int			attempt;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lg_code, atena_no, mynumber and source are required"),
				 errhidestmt(true)));
	lg_code = lg_code_arg(fcinfo, 0);
	atena_no = PG_GETARG_INT64(1);
	number = PG_GETARG_INT64(2);
	source = text_to_cstring(PG_GETARG_TEXT_PP(3));
	check_lg_code(lg_code);
	if (source[0] == '\0' || strlen(source) > SOURCE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("source must name where the number came from in 1 to %d bytes", SOURCE_MAX),
				 errhidestmt(true)));

	number_digits(number, digits);
	active = vault_active_key();
	blind_index(active, digits, bi);

	SPI_connect();

	/* The caller must be able to see the person (RLS decides). */
	if (!person_visible(nsp, lg_code, atena_no, &deceased))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("person %lld not found in municipality %s", (long long) atena_no, lg_code),
				 errhint("Check the atena number; a person outside your offices is not visible to you."),
				 errhidestmt(true)));

	saved = become_owner(owner);

	/*
	 * Insert with ON CONFLICT DO NOTHING (the unique indexes on (lg_code,
	 * atena_no) and (lg_code, blind_index) make a concurrent link of the same
	 * person or number wait for the other transaction); when the insert was
	 * skipped, check why -- the competing link is now visible.
	 */
	for (attempt = 0; attempt < 2 && reason == NULL; attempt++)
	{
		/*
		 * With one key loaded, try the insert first: the unique indexes do
		 * the checks, and the common case costs one statement.  With more
		 * keys (during a rotation) the number may be held under an older
		 * key's blind index, which the index cannot see: check first.
		 */
		if (attempt > 0 || vault_key_count() > 1)
		{
			/* Does the person already hold a number? */
			args[0] = CStringGetTextDatum(lg_code);
			args[1] = Int64GetDatum(atena_no);
			rc = SPI_execute_plan(get_plan(nsp, Q_VAULT_BY_PERSON), args, NULL, false, 1);
			if (rc != SPI_OK_SELECT)
				elog(ERROR, "vault lookup failed: %s", SPI_result_code_string(rc));
			if (SPI_processed > 0)
			{
				bool		isnull;
				int32		key_id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
				bytea	   *stored = DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
				const VaultKey *k = vault_key_by_id(key_id);
				uint8		mine[VAULT_HASH_BYTES];

				if (k == NULL)
					ereport(ERROR,
							(errcode(ERRCODE_CONFIG_FILE_ERROR),
							 errmsg("the key that encrypted this Individual Number is not in the key file"),
							 errdetail("The vault row of atena %lld uses key id %d.", (long long) atena_no, key_id),
							 errhidestmt(true)));
				blind_index(k, digits, mine);
				if (VARSIZE_ANY_EXHDR(stored) == VAULT_HASH_BYTES &&
					memcmp(VARDATA_ANY(stored), mine, VAULT_HASH_BYTES) == 0)
					result = "unchanged";
				else
					reason = "person_has_other_number";
				break;
			}

			/* Is the number held by somebody else? */
			other = vault_holder(nsp, lg_code, digits);
			if (other != 0)
			{
				has_other = true;
				reason = "number_linked_elsewhere";
				break;
			}

		}

		ctlen = vault_encrypt(active, digits, ct);
		ct_mac(active, lg_code, atena_no, ct, ctlen, mac);
		memset(nulls, ' ', sizeof(nulls));
		args[0] = CStringGetTextDatum(lg_code);
		args[1] = Int64GetDatum(atena_no);
		args[2] = Int32GetDatum(active->id);
		args[3] = PointerGetDatum(make_bytea(bi, VAULT_HASH_BYTES));
		args[4] = PointerGetDatum(make_bytea(ct, ctlen));
		args[5] = PointerGetDatum(make_bytea(mac, VAULT_HASH_BYTES));
		args[6] = CStringGetTextDatum(source);
		args[7] = Int64GetDatum(verif);
		if (!has_verif)
			nulls[7] = 'n';
		args[8] = CStringGetTextDatum(GetUserNameFromId(GetSessionUserId(), false));
		rc = SPI_execute_plan(get_plan(nsp, Q_VAULT_INSERT), args, nulls, false, 0);
		if (rc != SPI_OK_INSERT)
			elog(ERROR, "vault insert failed: %s", SPI_result_code_string(rc));
		if (SPI_processed == 1)
			break;				/* linked */
		if (attempt == 1)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("a concurrent link of atena %lld could not be resolved", (long long) atena_no),
					 errhint("Retry the transaction."),
					 errhidestmt(true)));
	}
	restore_user(saved);

	if (reason != NULL)
	{
		ReviewMsg	req;
		int64		review_id;

		memset(&req, 0, sizeof(req));
		req.dbid = MyDatabaseId;
		req.userid = owner;
		strlcpy(req.nspname, get_namespace_name(nsp), NAMEDATALEN);
		strlcpy(req.lg_code, lg_code, sizeof(req.lg_code));
		req.atena_no = atena_no;
		req.other_atena_no = other;
		req.has_other = has_other;
		strlcpy(req.reason, reason, sizeof(req.reason));
		req.key_id = active->id;
		memcpy(req.blind, bi, VAULT_HASH_BYTES);
		req.ctlen = vault_encrypt(active, digits, req.ct);
		ct_mac(active, lg_code, atena_no, req.ct, req.ctlen, req.mac);
		strlcpy(req.source, source, sizeof(req.source));
		strlcpy(req.queued_by, GetUserNameFromId(GetSessionUserId(), false), NAMEDATALEN);
		strlcpy(req.current_user_name, GetUserNameFromId(GetUserId(), false), NAMEDATALEN);
		if (zeimu_staff_id && zeimu_staff_id[0])
		{
			req.has_staff = true;
			strlcpy(req.staff_id, zeimu_staff_id, sizeof(req.staff_id));
		}
		if (SPI_execute("SELECT pg_catalog.host(pg_catalog.inet_client_addr())", true, 1) == SPI_OK_SELECT &&
			SPI_processed == 1)
		{
			char	   *addr = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

			if (addr)
			{
				req.has_client = true;
				strlcpy(req.client_addr, addr, sizeof(req.client_addr));
			}
		}
		review_id = queue_review(&req);
		explicit_bzero(digits, sizeof(digits));

		/* The row itself was written by the worker, with the review row. */
		if (has_other)
			access_log_server_line(lg_code, other, "link_mynumber", NULL);
		SPI_finish();

		if (review_id < 0)
			ereport(ERROR,
					(errcode(has_other ? ERRCODE_ZEIMU_NUMBER_LINKED_ELSEWHERE : ERRCODE_ZEIMU_PERSON_HAS_OTHER_NUMBER),
					 errmsg("the Individual Number link for atena %lld was refused and could not be queued for review",
							(long long) atena_no),
					 errdetail("No background worker was available to write the review row."),
					 errhint("Retry later; a database administrator may raise max_worker_processes."),
					 errhidestmt(true)));
		if (has_other)
			ereport(ERROR,
					(errcode(ERRCODE_ZEIMU_NUMBER_LINKED_ELSEWHERE),
					 errmsg("this Individual Number is already linked to atena %lld in municipality %s",
							(long long) other, lg_code),
					 errdetail("The link to atena %lld was refused and queued for review as review %lld%s.",
							   (long long) atena_no, (long long) review_id,
							   deceased ? " (the person is deceased)" : ""),
					 errhint("A clerk resolves the case in zeimu.link_review (zeimu.resolve_link_review)."),
					 errhidestmt(true)));
		ereport(ERROR,
				(errcode(ERRCODE_ZEIMU_PERSON_HAS_OTHER_NUMBER),
				 errmsg("atena %lld in municipality %s is already linked to a different Individual Number",
						(long long) atena_no, lg_code),
				 errdetail("The new number was refused and queued for review as review %lld%s.",
						   (long long) review_id, deceased ? " (the person is deceased)" : ""),
				 errhint("A clerk resolves the case in zeimu.link_review (zeimu.resolve_link_review)."),
				 errhidestmt(true)));
	}

	explicit_bzero(digits, sizeof(digits));
	SPI_finish();
	PG_RETURN_TEXT_P(cstring_to_text(result));
}

/*
 * zeimu.find_person_by_mynumber(lg_code text, mynumber zeimu.mynumber,
 *								 purpose text) RETURNS bigint
 *
 * The atena number holding the number, or NULL.  Logs one access row when
 * a person is returned.
 */
PG_FUNCTION_INFO_V1(vault_find_person);
Datum
vault_find_person(PG_FUNCTION_ARGS)
{
	char	   *lg_code;
	int64		number;
	char	   *purpose;
	Oid			nsp = registry_nsp(fcinfo);
	Oid			owner = registry_table_owner(nsp, "mynumber_vault");
	char		digits[MYNUMBER_DIGITS];
	SavedUser	saved;
	bool		found = false;
	int64		atena_no = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lg_code, mynumber and purpose are required"),
				 errhidestmt(true)));
	lg_code = lg_code_arg(fcinfo, 0);
	number = PG_GETARG_INT64(1);
	purpose = text_to_cstring(PG_GETARG_TEXT_PP(2));
	check_lg_code(lg_code);

	number_digits(number, digits);

	SPI_connect();
	saved = become_owner(owner);
	check_purpose(nsp, lg_code, purpose);
	atena_no = vault_holder(nsp, lg_code, digits);
	found = (atena_no != 0);
	explicit_bzero(digits, sizeof(digits));
	restore_user(saved);

	if (found && person_visible(nsp, lg_code, atena_no, NULL))
		access_log_write(nsp, lg_code, atena_no, "find_person_by_mynumber", purpose);
	else
		found = false;
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_INT64(atena_no);
}

/*
 * zeimu.reveal_mynumber(lg_code text, atena_no bigint, purpose text)
 *	RETURNS zeimu.mynumber
 *
 * The person's number, or NULL when the person has none.  Logs one access
 * row.
 */
PG_FUNCTION_INFO_V1(vault_reveal_mynumber);
Datum
vault_reveal_mynumber(PG_FUNCTION_ARGS)
{
	char	   *lg_code;
	int64		atena_no;
	char	   *purpose;
	Oid			nsp = registry_nsp(fcinfo);
	Oid			owner = registry_table_owner(nsp, "mynumber_vault");
	char		digits[MYNUMBER_DIGITS];
	SavedUser	saved;
	int64		v = 0;
	bool		found = false;
	int			i;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lg_code, atena_no and purpose are required")));
	lg_code = lg_code_arg(fcinfo, 0);
	atena_no = PG_GETARG_INT64(1);
	purpose = text_to_cstring(PG_GETARG_TEXT_PP(2));
	check_lg_code(lg_code);

	SPI_connect();
	saved = become_owner(owner);
	check_purpose(nsp, lg_code, purpose);
	restore_user(saved);

	if (!person_visible(nsp, lg_code, atena_no, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("person %lld not found in municipality %s", (long long) atena_no, lg_code),
				 errhint("Check the atena number; a person outside your offices is not visible to you.")));

	if (vault_read(nsp, owner, lg_code, atena_no, digits))
	{
		for (i = 0; i < MYNUMBER_DIGITS; i++)
			v = v * 10 + (digits[i] - '0');
		explicit_bzero(digits, sizeof(digits));
		found = true;
	}

	if (found)
		access_log_write(nsp, lg_code, atena_no, "reveal_mynumber", purpose);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

/*
 * zeimu.mynumber_blind_indexes(zeimu.mynumber) RETURNS bytea[]
 *
 * The blind index under every loaded key.  Not granted to anybody: it is an
 * oracle for guessing numbers.  Superusers use it to show plans.
 */
PG_FUNCTION_INFO_V1(vault_blind_indexes);
Datum
vault_blind_indexes(PG_FUNCTION_ARGS)
{
	char		digits[MYNUMBER_DIGITS];
	ArrayType  *a;

	number_digits(PG_GETARG_INT64(0), digits);
	a = blind_indexes(digits);
	explicit_bzero(digits, sizeof(digits));
	PG_RETURN_ARRAYTYPE_P(a);
}

/*
 * zeimu.vault_reencrypt_batch(lg_code text, batch_size int) RETURNS int
 *
 * Re-encrypts up to batch_size vault rows not under the active key; returns
 * how many it did (0 when none is left).
 */
PG_FUNCTION_INFO_V1(vault_reencrypt_batch);
Datum
vault_reencrypt_batch(PG_FUNCTION_ARGS)
{
	char	   *lg_code = lg_code_arg(fcinfo, 0);
	int32		batch = PG_GETARG_INT32(1);
	Oid			nsp = registry_nsp(fcinfo);
	Oid			owner = registry_table_owner(nsp, "mynumber_vault");
	const VaultKey *active;
	SavedUser	saved;
	Datum		args[6];
	int			rc;
	uint64		n;
	uint64		i;
	SPITupleTable *tt;

	check_lg_code(lg_code);
	if (batch < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("batch_size must be at least 1")));
	active = vault_active_key();

	SPI_connect();
	saved = become_owner(owner);
	args[0] = CStringGetTextDatum(lg_code);
	args[1] = Int32GetDatum(active->id);
	args[2] = Int32GetDatum(batch);
	rc = SPI_execute_plan(get_plan(nsp, Q_REENC_SELECT), args, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "vault scan failed: %s", SPI_result_code_string(rc));
	n = SPI_processed;
	tt = SPI_tuptable;
	for (i = 0; i < n; i++)
	{
		bool		isnull;
		HeapTuple	t = tt->vals[i];
		int64		atena_no = DatumGetInt64(SPI_getbinval(t, tt->tupdesc, 1, &isnull));
		int32		key_id = DatumGetInt32(SPI_getbinval(t, tt->tupdesc, 2, &isnull));
		bytea	   *oldct = DatumGetByteaPP(SPI_getbinval(t, tt->tupdesc, 3, &isnull));
		bytea	   *oldmac = DatumGetByteaPP(SPI_getbinval(t, tt->tupdesc, 4, &isnull));
		char		digits[MYNUMBER_DIGITS];
		uint8		bi[VAULT_HASH_BYTES];
		uint8		ct[CT_MAX];
		int			ctlen;
		uint8		mac[VAULT_HASH_BYTES];

		vault_decrypt(lg_code, atena_no, key_id, oldct, oldmac, digits);
		blind_index(active, digits, bi);
		ctlen = vault_encrypt(active, digits, ct);
		explicit_bzero(digits, sizeof(digits));
		ct_mac(active, lg_code, atena_no, ct, ctlen, mac);
		args[1] = Int64GetDatum(atena_no);
		args[2] = Int32GetDatum(active->id);
		args[3] = PointerGetDatum(make_bytea(bi, VAULT_HASH_BYTES));
		args[4] = PointerGetDatum(make_bytea(ct, ctlen));
		args[5] = PointerGetDatum(make_bytea(mac, VAULT_HASH_BYTES));
		rc = SPI_execute_plan(get_plan(nsp, Q_REENC_UPDATE), args, NULL, false, 0);
		if (rc != SPI_OK_UPDATE)
			elog(ERROR, "vault update failed: %s", SPI_result_code_string(rc));
	}
	restore_user(saved);
	SPI_finish();
	PG_RETURN_INT32((int32) n);
}

/*
 * zeimu.vault_check_row(lg_code text, atena_no bigint) RETURNS boolean
 *
 * true when the person's vault row passes its integrity check (raises
 * XX001 otherwise); false when the person has no row.  Reveals nothing.
 */
PG_FUNCTION_INFO_V1(vault_check_row);
Datum
vault_check_row(PG_FUNCTION_ARGS)
{
	char	   *lg_code = lg_code_arg(fcinfo, 0);
	int64		atena_no = PG_GETARG_INT64(1);
	Oid			nsp = registry_nsp(fcinfo);
	Oid			owner = registry_table_owner(nsp, "mynumber_vault");
	char		digits[MYNUMBER_DIGITS];
	bool		found;

	check_lg_code(lg_code);
	SPI_connect();
	found = vault_read(nsp, owner, lg_code, atena_no, digits);
	explicit_bzero(digits, sizeof(digits));
	SPI_finish();
	PG_RETURN_BOOL(found);
}

/* Called from _PG_init (zeimu.c). */
void
registry_init(void)
{
	DefineCustomStringVariable("zeimu.staff_id",
							   "Staff id of the clerk using this session, recorded in the access log.",
							   "Set by the counter application (SET zeimu.staff_id); not authenticated.",
							   &zeimu_staff_id,
							   NULL,
							   PGC_USERSET,
							   0,
							   NULL, NULL, NULL);
}
