/*
 * The catalog collector: Backstage components, groups, users and templates, stored as one snapshot.
 *
 * One listing, GET /api/catalog/entities/by-query with the four kinds as
 * ORed filters, the fields the KPIs use and limit; then the same path with
 * cursor=pageInfo.nextCursor (plus fields and limit: the server ignores
 * filters on cursor pages, the cursor carries them) until no nextCursor
 * comes.  Nothing is written until the whole listing has been read: the
 * snapshot then replaces the stored one in one transaction, so entities
 * removed from the catalog disappear, and a failed listing keeps the
 * previous catalog whole.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/backstage.h"
#include "collect/catalog.h"
#include "collect/catalog_parse.h"
#include "collect/json.h"
#include "demo/demo.h"
#include "store/catalog.h"
#include "util/config_parse.h"
#include "util/xalloc.h"

#define PLUGIN "catalog"
#define PATH "entities/by-query"
#define MAX_WARNINGS 20    /* entity warnings logged one by one; the rest are counted */

/* What the KPIs read, and nothing else (annotations cannot be picked one by one: their keys hold dots). */
static const char fields[] = "kind,metadata.namespace,metadata.name,metadata.title,metadata.annotations,"
			     "metadata.tags,spec.type,spec.lifecycle,spec.system,spec.owner,spec.parent,"
			     "spec.memberOf,spec.profile.displayName,relations";

struct run {
	struct collect_ctx *ctx;
	struct backstage_client bc;
	struct catalog_set set;
	GHashTable *cursors;         /* cursors followed (owned keys) */
	int64_t listed, other_kinds, total, warnings;
};

static int configured(const struct config *cfg)
{
	return cfg->backstage.base_url && *cfg->backstage.base_url;
}

static char *page_url(struct run *r, const char *cursor)
{
	char limit[24];
	const char *first[] = { "filter", "kind=component", "filter", "kind=group", "filter", "kind=user",
				"filter", "kind=template", "fields", fields, "limit", limit, NULL };
	const char *next[] = { "cursor", cursor, "fields", fields, "limit", limit, NULL };

	snprintf(limit, sizeof(limit), "%d", r->ctx->cfg->backstage.page_size);
	return backstage_url(&r->bc, PLUGIN, PATH, cursor ? next : first);
}

/* TEXT names the entity; the page's URL (long, with the cursor) is only worth a debug line. */
static void warn_entity(struct run *r, const char *url, const char *text)
{
	r->warnings++;
	if (r->warnings <= MAX_WARNINGS)
		log_warn(r->ctx->log, "catalog: %s (ignored; the rest of the entity is kept)", text);
	else
		log_debug(r->ctx->log, "catalog: %s", text);
	log_debug(r->ctx->log, "catalog: that entity came from %s", url);
}

/* Read one page into r->set; *NEXT gets its nextCursor (NULL on the last page). */
static int read_page(struct run *r, const char *url, char **next, struct strbuf *err)
{
	json_t *doc = NULL;
	struct catalog_page page;
	int ret = -1;

	*next = NULL;
	memset(&page, 0, sizeof(page));
	if (backstage_get_json(&r->bc, PLUGIN, url, &doc, err))
		goto out;
	/* the whole page is checked before anything of it is kept */
	if (catalog_parse_page(doc, url, &page, err))
		goto out;
	if (page.total >= 0)
		r->total = page.total;
	r->listed += (int64_t)page.listed;
	r->other_kinds += (int64_t)page.other_kinds;
	for (size_t i = 0; i < page.nwarnings; i++)
		warn_entity(r, url, page.warnings[i]);
	for (size_t i = 0; i < page.n; i++)
		catalog_set_add(&r->set, &page.v[i]);
	*next = page.next;
	page.next = NULL;
	log_debug(r->ctx->log, "catalog: %s: %zu entities%s", url, page.listed, *next ? "" : ", last page");
	ret = 0;
out:
	catalog_page_release(&page);
	json_decref(doc);
	return ret;
}

static int list_all(struct run *r, struct strbuf *err)
{
	struct collect_ctx *ctx = r->ctx;
	char *cursor = NULL, *next = NULL, *url = NULL;
	int ret = -1;

	for (int pages = 0;; pages++) {
		/* a server that hands out new cursors forever is broken */
		if (pages >= ctx->cfg->http.max_pages) {
			strbuf_addf(err, "stopped after %d pages of catalog entities (http.max_pages): the server keeps "
					 "sending new cursors; the previous catalog is kept",
				    pages);
			goto out;
		}
		free(url);
		url = page_url(r, cursor);
		if (read_page(r, url, &next, err))
			goto out;
		if (ctx->progress)
			ctx->progress(ctx->progress_data, "catalog entities", r->listed, r->total);
		free(cursor);
		cursor = next;
		next = NULL;
		if (!cursor)
			break;
		if (g_hash_table_contains(r->cursors, cursor)) {
			strbuf_addf(err, "%s: the server sent a cursor it had sent before: the listing would never end", url);
			goto out;
		}
		g_hash_table_add(r->cursors, xstrdup(cursor));
	}
	ret = 0;
out:
	free(url);
	free(cursor);
	free(next);
	return ret;
}

/* Refuse an empty listing in place of a catalog: a permission policy can hide every entity from a token. */
static int check_not_emptied(struct run *r, struct strbuf *err)
{
	int64_t components, groups;

	if (catalog_set_count(&r->set, CATALOG_COMPONENT) || catalog_set_count(&r->set, CATALOG_GROUP))
		return 0;
	if (store_catalog_counts(r->ctx->db, &components, &groups, err))
		return -1;
	if (!components && !groups)
		return 0;
	strbuf_addf(err, "the catalog listing returned no components and no groups, but the stored catalog has %lld "
			 "components and %lld groups: keeping it. If the catalog really is empty now, delete "
			 "them with 'DELETE FROM catalog_components; DELETE FROM catalog_groups;'; otherwise check "
			 "that Backstage's permission policy lets the token's subject read catalog entities",
		    (long long)components, (long long)groups);
	return -1;
}

static size_t with_repo(const struct catalog_set *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i].kind == CATALOG_COMPONENT && s->v[i].repo;
	return n;
}

static int collect_catalog(struct collect_ctx *ctx, struct strbuf *err)
{
	struct run r;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	catalog_set_init(&r.set);
	r.cursors = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	if (backstage_client_init(&r.bc, ctx->cfg, ctx->log, &ctx->stats, err))
		goto out;
	if (list_all(&r, err))
		goto out;
	if (r.warnings > MAX_WARNINGS)
		log_warn(ctx->log, "catalog: %lld more entity warnings (shown with -v)", (long long)(r.warnings - MAX_WARNINGS));
	if (check_not_emptied(&r, err))
		goto out;
	catalog_set_resolve(&r.set);
	if (db_begin(ctx->db, err) || store_catalog_replace(ctx->db, &r.set, ctx->now, &ctx->stats.rows, err) ||
	    db_commit(ctx->db, err))
		goto out; /* collect_source() rolls back: the previous snapshot stays */
	log_info(ctx->log,
		 "catalog: %lld entities listed: %zu components (%zu with a repository), %zu groups, %zu users, "
		 "%zu templates%s",
		 (long long)r.listed, catalog_set_count(&r.set, CATALOG_COMPONENT), with_repo(&r.set),
		 catalog_set_count(&r.set, CATALOG_GROUP), catalog_set_count(&r.set, CATALOG_USER),
		 catalog_set_count(&r.set, CATALOG_TEMPLATE), r.set.duplicates ? " (some listed twice)" : "");
	ret = 0;
out:
	backstage_client_release(&r.bc);
	catalog_set_release(&r.set);
	g_hash_table_destroy(r.cursors);
	return ret;
}

static const struct demo_generator *const demo[] = { &demo_catalog, NULL };

const struct collector catalog_collector = {
	.name = "catalog",
	.summary = "Backstage catalog: component owners and repositories, groups and team sizes (per-team KPIs)",
	.configured = configured,
	.run = collect_catalog,
	.configured_by = "backstage.base_url",
	.describe = backstage_describe,
	.doctor = backstage_doctor,
	.demo = demo,
	.status_rows = "status/rows_catalog",
	.oldest_data = NULL,   /* the catalog is a snapshot: no period of its own */
	.config = config_catalog_section,
};
