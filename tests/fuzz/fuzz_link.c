/* Fuzz target: the Link header parser (rel="next"). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/http.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	char *next = http_link_next(s);

	/* whatever it returns must be a substring of the input */
	if (next && !strstr(s, next))
		abort();
	free(next);
	free(s);
	return 0;
}
