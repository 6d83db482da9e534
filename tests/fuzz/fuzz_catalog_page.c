/* Fuzz target: a Backstage catalog listing page (entities of every kind, refs, relations, slugs, cursors). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/catalog_parse.h"
#include "collect/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *url = "https://bs/api/catalog/entities/by-query";
	struct strbuf err = STRBUF_INIT;
	struct catalog_page page;
	struct catalog_set set;
	json_t *doc = json_parse_body((const char *)data, size, url, &err);

	if (!doc)
		goto out;
	if (catalog_parse_page(doc, url, &page, &err)) {
		if (!err.len || page.n || page.next)
			abort();
		goto out;
	}
	if (page.n + page.other_kinds != page.listed || page.nwarnings > page.n)
		abort();
	/* what the collector does next: a set, resolved (member counts, teams of components) */
	catalog_set_init(&set);
	for (size_t i = 0; i < page.n; i++) {
		struct catalog_entity *e = &page.v[i];

		if (!e->ref || !e->name || strchr(e->ref, ':') == NULL)
			abort();
		if (e->repo && strchr(e->repo, '/') == NULL)
			abort();
		catalog_set_add(&set, e);
	}
	catalog_set_resolve(&set);
	for (size_t i = 0; i < set.n; i++)
		if (set.v[i].members < 0 || set.v[i].members_total < set.v[i].members)
			abort();
	catalog_set_release(&set);
	catalog_page_release(&page);
out:
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
