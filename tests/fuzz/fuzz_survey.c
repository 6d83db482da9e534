/* Fuzz target: survey format detection and parsing of a whole export (every layout, columns, scores, times). */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/survey_formats.h"
#include "util/csv.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static GTimeZone *tz;
	struct survey_opts o;
	struct survey_result res;
	struct strbuf err = STRBUF_INIT;
	char *text = NULL;
	size_t len = 0;

	if (!size)
		return 0;
	if (!tz)
		tz = g_time_zone_new_identifier("Asia/Seoul");
	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	/* the first byte: the format a configuration may force (0 = detect) and the date order */
	o.format = (enum survey_format)(data[0] % (SURVEY_GENERIC + 1));
	o.date_order = (enum datetext_order)((data[0] >> 4) % 3);
	if (o.format == SURVEY_GENERIC) {
		o.score_column = "score";
		o.timestamp_column = "time";
	}
	o.tz = tz;
	o.salt = "fuzz-salt";
	if (csv_decode("fuzz.csv", (const char *)data + 1, size - 1, NULL, &text, &len, &err))
		goto out;
	if (survey_parse("fuzz.csv", text, len, &o, &res, &err)) {
		if (!err.len)
			abort();
		goto out;
	}
	if (res.problems.n > CSV_MAX_PROBLEMS || res.problems.n > res.problems.bad)
		abort();
	for (size_t i = 0; i < res.n; i++) {
		const struct survey_row *row = &res.rows[i];

		if (row->score < 0 || row->score > 10 || row->responded_at == TIME_NONE || row->line < 1 ||
		    strlen(row->key) != HASHKEY_LEN)
			abort();
	}
out:
	survey_result_release(&res);
	free(text);
	strbuf_release(&err);
	return 0;
}
