/* Fuzz target: the onboarding and Jira ticket CSV readers on whole files (the first byte picks which). */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/onboarding.h"
#include "collect/tickets.h"
#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static GTimeZone *tz;
	struct strbuf err = STRBUF_INIT;
	char *text = NULL;
	size_t len = 0;
	enum datetext_order order;

	if (!size)
		return 0;
	if (!tz)
		tz = g_time_zone_new_utc();
	order = (enum datetext_order)((data[0] >> 1) % 3);
	if (csv_decode("fuzz.csv", (const char *)data + 1, size - 1, NULL, &text, &len, &err))
		goto out;
	if (data[0] & 1) {
		struct ticket_result t;

		memset(&t, 0, sizeof(t));
		if (tickets_parse("fuzz.csv", text, len, tz, order, &t, &err) && !err.len)
			abort();
		for (size_t i = 0; i < t.n && !err.len; i++)
			if (!t.rows[i].key || !*t.rows[i].key)
				abort();
		ticket_result_release(&t);
	} else {
		struct onboarding_result ob;

		memset(&ob, 0, sizeof(ob));
		if (onboarding_parse("fuzz.csv", text, len, tz, order, "fuzz-salt", &ob, &err) && !err.len)
			abort();
		for (size_t i = 0; i < ob.n && !err.len; i++)
			if (ob.rows[i].days < 0 || strlen(ob.rows[i].start_date) != 10)
				abort();
		onboarding_result_release(&ob);
	}
out:
	free(text);
	strbuf_release(&err);
	return 0;
}
