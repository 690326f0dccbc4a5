/*-------------------------------------------------------------------------
 *
 * access_role.c
 *	  The role a session acts as, seen from inside SECURITY DEFINER code.
 *
 * Inside a SECURITY DEFINER function current_user is the function's owner,
 * so a policy helper that reads the staff registry as its owner cannot use
 * current_user to learn who is asking.  The "outer" user is the role the
 * session acts as at top level: the login role, or the role chosen with SET
 * ROLE (which needs membership).  A SECURITY DEFINER function does not change
 * it, so every access check in src/sql/2xx_access_*.sql identifies the
 * caller with zeimu.access_outer_role().
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(access_outer_role);

/*
 * access_outer_role() returns name
 *
 * The name of the role the session acts as outside any SECURITY DEFINER
 * function: the session user, or the role set with SET ROLE.
 */
Datum
access_outer_role(PG_FUNCTION_ARGS)
{
	Name		result = (Name) palloc0(NAMEDATALEN);

	namestrcpy(result, GetUserNameFromId(GetOuterUserId(), false));
	PG_RETURN_NAME(result);
}
