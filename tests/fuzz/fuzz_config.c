/* Fuzz target: the configuration reader (YAML, schema tables, substitution, tokens). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct strbuf err = STRBUF_INIT;

	config_init(&cfg);
	config_load_text(&cfg, "fuzz.yaml", (const char *)data, size, &err);
	config_release(&cfg);
	strbuf_release(&err);
	return 0;
}
