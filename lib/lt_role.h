/* lt_role.h — who is an adviser.
 *
 * Built in: an author whose name ends in ", … Adviser" or ", … Advisor"
 * ("Suzie, HFA Adviser"). A configuration can name more accounts and glob
 * patterns (see lt_config.h).
 */
#ifndef LANTERN_LT_ROLE_H
#define LANTERN_LT_ROLE_H

#include "lt_config.h"
#include "lt_thread.h"

/* `config` may be NULL (built-in rule only). */
lt_role lt_role_of_author(const lt_config *config, const char *author);

#endif
