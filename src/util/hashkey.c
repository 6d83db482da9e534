/* Salted SHA-256 keys that identify a response or a person without storing who it was. */
#include <glib.h>
#include <string.h>

#include "util/hashkey.h"

void hashkey_make(const char *salt, const char *const *parts, size_t n, char out[HASHKEY_LEN + 1])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	static const guchar sep = 0x1f;

	g_checksum_update(c, (const guchar *)(salt ? salt : ""), -1);
	g_checksum_update(c, &sep, 1);
	for (size_t i = 0; i < n; i++) {
		if (parts[i])
			g_checksum_update(c, (const guchar *)parts[i], -1);
		g_checksum_update(c, &sep, 1);
	}
	memcpy(out, g_checksum_get_string(c), HASHKEY_LEN);
	out[HASHKEY_LEN] = '\0';
	g_checksum_free(c);
}
