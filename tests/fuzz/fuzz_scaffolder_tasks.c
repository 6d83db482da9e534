/* Fuzz target: a Backstage scaffolder task list page as the collector reads it (tasks, totalTasks, repoUrl). */
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
	struct strbuf err = STRBUF_INIT;
	struct scaffolder_page page;
	json_t *doc = json_parse_body((const char *)data, size, "https://bs/api/scaffolder/v2/tasks", &err), *back;

	if (!doc) {
		if (!err.len)
			abort();
		goto out;
	}
	if (scaffolder_parse_page(doc, "https://bs/api/scaffolder/v2/tasks", 0, &page, &err)) {
		if (!err.len || page.n || page.tasks)
			abort(); /* a refused page says why and keeps nothing */
		goto out;
	}
	if (page.has_total && page.total < 0)
		abort();
	for (size_t i = 0; i < page.n; i++) {
		const struct scaffolder_task_info *t = &page.tasks[i];

		if (!t->id || !*t->id || !t->status || !*t->status || t->created_at == TIME_NONE || !t->raw)
			abort();
		/* the stored JSON never carries the task's secrets, and reads back as an object */
		back = json_loads(t->raw, 0, NULL);
		if (!json_is_object(back) || json_object_get(back, "secrets"))
			abort();
		json_decref(back);
		if (t->repo.name && !*t->repo.name)
			abort();
	}
	scaffolder_page_release(&page);
out:
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
