/* Fuzz target: the events of one scaffolder task (completion, cancel, recovery, duplicates, output links). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/scaffolder_parse.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *url = "https://bs/api/scaffolder/v2/tasks/t/events";
	struct strbuf err = STRBUF_INIT;
	struct scaffolder_events ev;
	struct scaffolder_repo repo = { 0 };
	json_t *doc = json_parse_body((const char *)data, size, url, &err);

	if (!doc)
		goto out;
	memset(&ev, 0, sizeof(ev));
	if (scaffolder_parse_events(doc, url, &ev, &err)) {
		if (!err.len)
			abort();
		goto out;
	}
	if (ev.unique + ev.duplicates != json_array_size(doc))
		abort();
	if (ev.outcome && strcmp(ev.outcome, "completed") && strcmp(ev.outcome, "failed") &&
	    strcmp(ev.outcome, "cancelled"))
		abort();
	if (ev.output && !scaffolder_parse_output_repo(ev.output, &repo) && (!repo.name || !*repo.name))
		abort();
out:
	scaffolder_repo_release(&repo);
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
