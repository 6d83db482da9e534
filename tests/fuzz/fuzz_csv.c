/* Fuzz target: the CSV decoder (BOMs, UTF-16, iconv code pages) and the RFC 4180 record reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the first byte picks the encoding a configuration could name */
	static const char *const encodings[] = { NULL, "utf-8", "cp949", "cp1252" };
	struct strbuf err = STRBUF_INIT;
	struct csv_reader r;
	struct csv_record rec;
	char *text = NULL;
	size_t len = 0;
	long last = 0;
	int rc;

	if (!size)
		return 0;
	if (csv_decode("fuzz.csv", (const char *)data + 1, size - 1, encodings[data[0] % 4], &text, &len, &err)) {
		if (!err.len)
			abort(); /* a refusal always says why */
		strbuf_release(&err);
		return 0;
	}
	/* decoded text is NUL-free UTF-8 of the length reported */
	if (strlen(text) != len)
		abort();
	/* small bounds, so the limits are exercised too */
	csv_reader_init(&r, "fuzz.csv", text, len, 4096, 64);
	while ((rc = csv_reader_next(&r, &rec, &err)) > 0) {
		if (rec.n < 1 || rec.n > 64 || rec.line < 1 || rec.line < last)
			abort();
		for (size_t i = 0; i < rec.n; i++)
			if (strlen(rec.field[i]) > 4096)
				abort();
		last = rec.line;
	}
	if (rc < 0 && !err.len)
		abort();
	csv_reader_release(&r);
	free(text);
	strbuf_release(&err);
	return 0;
}
