/*-------------------------------------------------------------------------
 *
 * vault_keys.c
 *	  Loading the Individual Number vault keys from the file named by the
 *	  superuser-only setting zeimu.key_file.
 *
 * File format (one key per line, '#' starts a comment line):
 *
 *		<id> <encryption key: 64 hex digits> <blind-index/MAC key: 64 hex digits>
 *
 * The highest id is the active key: new links are encrypted with it; rows
 * under older ids stay readable while their key is in the file.
 *
 * The keys are cached in this backend's memory only.  Before every use the
 * file is stat()ed; when the setting (after a SIGHUP) or the file (a
 * rotation) changed, the keys are read again.  The file must be a regular
 * file owned by the server's user with no group or other permissions;
 * otherwise nothing is loaded and an error is raised -- there is no
 * plaintext fallback.  No error message contains the path or any key byte:
 * the path goes to the server log only (errdetail_log).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utils/memutils.h"

#include "registry.h"
#include "zeimu.h"

#define VAULT_MAX_KEYS 64
#define VAULT_MAX_FILE 65536

static VaultKey *vault_keys = NULL; /* in TopMemoryContext */
static int	vault_nkeys = 0;
static int	vault_active = -1;
static char *vault_path = NULL;
static struct stat vault_stat;

static void
vault_forget(void)
{
	if (vault_keys)
	{
		explicit_bzero(vault_keys, sizeof(VaultKey) * VAULT_MAX_KEYS);
		pfree(vault_keys);
		vault_keys = NULL;
	}
	vault_nkeys = 0;
	vault_active = -1;
	if (vault_path)
	{
		pfree(vault_path);
		vault_path = NULL;
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads exactly 64 hex digits into 32 bytes; false on any other shape. */
static bool
parse_hex_key(const char *s, int len, uint8 *out)
{
	int			i;

	if (len != VAULT_KEY_BYTES * 2)
		return false;
	for (i = 0; i < VAULT_KEY_BYTES; i++)
	{
		int			hi = hexval(s[2 * i]);
		int			lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8) ((hi << 4) | lo);
	}
	return true;
}

static void
report_malformed(int lineno, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the Individual Number key file is malformed"),
			 errdetail("Line %d: %s.", lineno, what),
			 errhint("Each key line must read \"<id> <64 hex digits> <64 hex digits>\"; see doc/registry.md.")));
}

/*
 * Parses buf (NUL-terminated) into keys[]; raises on any malformed line.
 */
static int
parse_key_file(char *buf, VaultKey *keys)
{
	int			nkeys = 0;
	int			lineno = 0;
	char	   *line = buf;

	while (line && *line)
	{
		char	   *next = strchr(line, '\n');
		char	   *p;
		char	   *tok[4];
		int			toklen[4];
		int			ntok = 0;
		long		id;
		char	   *end;
		int			i;

		if (next)
			*next++ = '\0';
		lineno++;

		p = line;
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '#')
		{
			line = next;
			continue;
		}
		while (*p && ntok < 4)
		{
			tok[ntok] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\r')
				p++;
			toklen[ntok] = p - tok[ntok];
			ntok++;
			while (*p == ' ' || *p == '\t' || *p == '\r')
				p++;
		}
		if (ntok != 3)
			report_malformed(lineno, "expected three fields");
		if (nkeys >= VAULT_MAX_KEYS)
			report_malformed(lineno, "too many keys");

		errno = 0;
		id = strtol(tok[0], &end, 10);
		if (errno != 0 || end != tok[0] + toklen[0] || id <= 0 || id > PG_INT32_MAX)
			report_malformed(lineno, "the key id must be a positive integer");
		for (i = 0; i < nkeys; i++)
			if (keys[i].id == (int32) id)
				report_malformed(lineno, "the key id is used twice");
		keys[nkeys].id = (int32) id;
		if (!parse_hex_key(tok[1], toklen[1], keys[nkeys].enc))
			report_malformed(lineno, "the encryption key must be 64 hexadecimal digits");
		if (!parse_hex_key(tok[2], toklen[2], keys[nkeys].mac))
			report_malformed(lineno, "the blind-index key must be 64 hexadecimal digits");
		nkeys++;
		line = next;
	}
	if (nkeys == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the Individual Number key file holds no key"),
				 errhint("Create a key with scripts/make-keyfile; see doc/registry.md.")));
	return nkeys;
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
		a->st_size == b->st_size && a->st_mtime == b->st_mtime &&
		a->st_ctime == b->st_ctime && a->st_mode == b->st_mode &&
		a->st_uid == b->st_uid;
}

/*
 * Makes sure the cached keys match the current setting and file; loads
 * them when not.  Raises (and forgets every key) when the file cannot be
 * used.
 */
void
vault_keys_refresh(void)
{
	const char *path = zeimu_key_file;
	struct stat st;
	int			fd;
	char	   *buf;
	ssize_t		n;
	VaultKey   *keys;
	int			nkeys;
	int			i;

	if (path == NULL || path[0] == '\0')
	{
		vault_forget();
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("the Individual Number vault has no key file"),
				 errdetail("The setting zeimu.key_file is empty."),
				 errhint("A database administrator must set zeimu.key_file in postgresql.conf and reload; see doc/registry.md.")));
	}

	if (stat(path, &st) != 0)
	{
		int			save_errno = errno;

		vault_forget();
		ereport(ERROR,
				(errcode(save_errno == ENOENT ? ERRCODE_UNDEFINED_FILE : ERRCODE_IO_ERROR),
				 errmsg("the Individual Number key file cannot be read"),
				 errdetail_log("stat(\"%s\") failed: %s.", path, strerror(save_errno)),
				 errhint("A database administrator must check zeimu.key_file; see doc/registry.md.")));
	}

	if (vault_keys && vault_path && strcmp(vault_path, path) == 0 &&
		same_file(&st, &vault_stat))
		return;

	vault_forget();

	if (!S_ISREG(st.st_mode))
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("the Individual Number key file is not a regular file"),
				 errdetail_log("zeimu.key_file = \"%s\".", path),
				 errhint("A database administrator must check zeimu.key_file; see doc/registry.md.")));
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0 || st.st_uid != geteuid())
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("the Individual Number key file is not protected"),
				 errdetail("The key file must be owned by the database server's user and readable by it alone (mode 0400 or 0600)."),
				 errdetail_log("zeimu.key_file = \"%s\", mode %04o, owner uid %u.",
							   path, (unsigned) (st.st_mode & 07777), (unsigned) st.st_uid),
				 errhint("Run chown postgres and chmod 0400 on the key file; see doc/registry.md.")));
	if (st.st_size <= 0 || st.st_size > VAULT_MAX_FILE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the Individual Number key file is malformed"),
				 errdetail("The file is empty or larger than %d bytes.", VAULT_MAX_FILE)));

	fd = open(path, O_RDONLY | PG_BINARY, 0);
	if (fd < 0)
	{
		int			save_errno = errno;

		ereport(ERROR,
				(errcode(save_errno == ENOENT ? ERRCODE_UNDEFINED_FILE : ERRCODE_IO_ERROR),
				 errmsg("the Individual Number key file cannot be read"),
				 errdetail_log("open(\"%s\") failed: %s.", path, strerror(save_errno)),
				 errhint("A database administrator must check zeimu.key_file; see doc/registry.md.")));
	}

	buf = MemoryContextAllocZero(TopMemoryContext, VAULT_MAX_FILE + 1);
	keys = MemoryContextAllocZero(TopMemoryContext, sizeof(VaultKey) * VAULT_MAX_KEYS);
	n = read(fd, buf, VAULT_MAX_FILE);
	close(fd);

	PG_TRY();
	{
		if (n < 0)
			ereport(ERROR,
					(errcode(ERRCODE_IO_ERROR),
					 errmsg("the Individual Number key file cannot be read"),
					 errdetail_log("read(\"%s\") failed: %m.", path)));
		buf[n] = '\0';
		nkeys = parse_key_file(buf, keys);
	}
	PG_CATCH();
	{
		explicit_bzero(buf, VAULT_MAX_FILE + 1);
		pfree(buf);
		explicit_bzero(keys, sizeof(VaultKey) * VAULT_MAX_KEYS);
		pfree(keys);
		PG_RE_THROW();
	}
	PG_END_TRY();
	explicit_bzero(buf, VAULT_MAX_FILE + 1);
	pfree(buf);

	vault_keys = keys;
	vault_nkeys = nkeys;
	vault_active = 0;
	for (i = 1; i < nkeys; i++)
		if (keys[i].id > keys[vault_active].id)
			vault_active = i;
	vault_path = MemoryContextStrdup(TopMemoryContext, path);
	vault_stat = st;
}

const VaultKey *
vault_active_key(void)
{
	vault_keys_refresh();
	return &vault_keys[vault_active];
}

/* The key with this id, or NULL when the file no longer holds it. */
const VaultKey *
vault_key_by_id(int32 id)
{
	int			i;

	vault_keys_refresh();
	for (i = 0; i < vault_nkeys; i++)
		if (vault_keys[i].id == id)
			return &vault_keys[i];
	return NULL;
}

int
vault_key_count(void)
{
	vault_keys_refresh();
	return vault_nkeys;
}

const VaultKey *
vault_key_at(int i)
{
	Assert(i >= 0 && i < vault_nkeys);
	return &vault_keys[i];
}
