/*-------------------------------------------------------------------------
 *
 * registry.h
 *	  Declarations shared by the registry module's C files: the vault keys
 *	  (vault_keys.c), the vault crypto (vault_crypto.c) and the access log
 *	  (access_log.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ZEIMU_REGISTRY_H
#define ZEIMU_REGISTRY_H

#include "fmgr.h"

#define VAULT_KEY_BYTES 32
#define VAULT_HASH_BYTES 32
#define VAULT_IV_BYTES 16

/* Custom SQLSTATEs of the registry module (doc/registry.md). */
#define ERRCODE_ZEIMU_PERSON_HAS_OTHER_NUMBER	MAKE_SQLSTATE('Z','R','0','0','1')
#define ERRCODE_ZEIMU_NUMBER_LINKED_ELSEWHERE	MAKE_SQLSTATE('Z','R','0','0','2')
#define ERRCODE_ZEIMU_UNKNOWN_PURPOSE			MAKE_SQLSTATE('Z','R','0','0','3')

typedef struct VaultKey
{
	int32		id;
	uint8		enc[VAULT_KEY_BYTES];	/* AES-256 key for pgcrypto */
	uint8		mac[VAULT_KEY_BYTES];	/* HMAC-SHA256 key */
} VaultKey;

/* vault_keys.c */
extern void vault_keys_refresh(void);
extern const VaultKey *vault_active_key(void);
extern const VaultKey *vault_key_by_id(int32 id);
extern int	vault_key_count(void);
extern const VaultKey *vault_key_at(int i);

/* vault_crypto.c */
extern void registry_init(void);
extern Oid	registry_table_owner(Oid nsp, const char *relname);

/* access_log.c */
extern char *zeimu_staff_id;
extern void access_log_write(Oid nsp, const char *lg_code, int64 atena_no,
							 const char *function_name, const char *purpose);
extern void access_log_server_line(const char *lg_code, int64 atena_no,
								   const char *function_name, const char *purpose);

#endif							/* ZEIMU_REGISTRY_H */
