/*
 * Fuzz target: what idpmetrics reads from Argo CD.  The body is an application list or one
 * Application; every application is parsed, its history checked (ids and times usable, one repo
 * per revision) and its repository URLs, image tags and labels run through the helpers.
 */
#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/argocd_parse.h"
#include "collect/json.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static regex_t rx;
static int have_rx;

static void one(const json_t *item)
{
	struct argocd_app a;
	struct strbuf why = STRBUF_INIT;
	size_t skipped = 0;

	if (argocd_parse_app(item, &a, &skipped, &why)) {
		if (!why.len)
			abort();
		strbuf_release(&why);
		return;
	}
	if (!a.name || !a.uid)
		abort();
	for (size_t i = 0; i < a.nhistory; i++) {
		const struct argocd_entry *e = &a.history[i];

		if (e->deployed_at == TIME_NONE || !e->revision || !e->nrev)
			abort();
		for (size_t k = 0; k < e->nrev; k++) {
			char *repo = argocd_repo_of_url(e->repos[k], "github.com");

			if (repo && (!strchr(repo, '/') || strchr(strchr(repo, '/') + 1, '/')))
				abort();
			free(repo);
			(void)argocd_is_sha(e->revisions[k]);
		}
	}
	for (size_t i = 0; i < a.nsources; i++)
		free(argocd_repo_of_url(a.source_repos[i], "github.com"));
	free(argocd_image_commit(a.images, a.nimages, have_rx ? &rx : NULL));
	for (size_t i = 0; i < a.nlabels; i++)
		(void)argocd_selector_match(a.labels[i], a.labels, a.nlabels);
	argocd_app_release(&a);
	strbuf_release(&why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	const json_t *items, *item;
	json_t *doc;
	size_t i;

	if (!have_rx)
		have_rx = !regcomp(&rx, "[-_]([0-9a-f]{7,40})$", REG_EXTENDED);
	doc = json_parse_body((const char *)data, size, "https://argocd/fuzz", &err);
	if (doc && json_object_get(doc, "items") && !argocd_list_items(doc, "https://argocd/fuzz", &items, &err)) {
		json_array_foreach(items, i, item)
			one(item);
	} else if (doc) {
		one(doc);
	}
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
