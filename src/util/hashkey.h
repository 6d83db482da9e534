/* Salted SHA-256 keys that identify a response or a person without storing who it was. */
#ifndef IDPM_HASHKEY_H
#define IDPM_HASHKEY_H

#include <stddef.h>

#define HASHKEY_LEN 64 /* hex digits; buffers need HASHKEY_LEN + 1 */

/*
 * Write into OUT the lower-case hex SHA-256 (GLib GChecksum) of SALT followed
 * by each of the N PARTS, every one terminated by a 0x1F separator (so
 * ("ab", "c") and ("a", "bc") differ).  NULL parts count as empty.
 */
void hashkey_make(const char *salt, const char *const *parts, size_t n, char out[HASHKEY_LEN + 1]);

#endif
