/*
 * The scaffolder collector: Backstage scaffolder tasks and their completion times, read incrementally.
 *
 * Every run lists all tasks (the API has no date filter) with
 * limit/offset/order=asc:created_at, one transaction per page.  A task's
 * completion time is the createdAt of its completion event, so the events of
 * a finished task are read once, and again only when the task changed
 * (status or heartbeat: a retried task).  Open tasks are never asked for
 * events: that endpoint long-polls 30 s when there are none.
 */
#include <fnmatch.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/backstage.h"
#include "collect/scaffolder.h"
#include "collect/scaffolder_parse.h"
#include "demo/demo.h"
#include "store/scaffolder.h"
#include "util/config_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define PLUGIN "scaffolder"

/* One task of the page in hand: what was served, what is stored, what will be written. */
struct pending {
	struct scaffolder_task_info info; /* strings borrowed from the page's JSON */
	struct scaffolder_task_row prev;  /* the stored row, when found */
	int found;
	struct scaffolder_repo out_repo;  /* from the completion output, or kept from prev */
	struct scaffolder_task row;       /* what to write; strings borrowed from the above */
	int fetched;                      /* its events were read in this run */
	int write;
};

struct run {
	struct collect_ctx *ctx;
	struct backstage_client bc;
	GHashTable *seen;                 /* ids listed in this run (owned keys) */
	int64_t keep_after;               /* tasks created before this were pruned: leave them out (TIME_NONE: keep all) */
	int64_t listed, fresh, changed, events_read;
};

static int configured(const struct config *cfg)
{
	return cfg->backstage.base_url && *cfg->backstage.base_url;
}

int scaffolder_template_included(const struct config *cfg, const char *ref)
{
	if (!cfg->backstage.templates.n)
		return 1;
	for (size_t i = 0; ref && i < cfg->backstage.templates.n; i++)
		if (!fnmatch(cfg->backstage.templates.v[i], ref, 0))
			return 1;
	return 0;
}

static int is_finished(const char *status)
{
	return !strcmp(status, "completed") || !strcmp(status, "failed") || !strcmp(status, "cancelled");
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void pending_release(struct pending *p)
{
	scaffolder_task_info_release(&p->info);
	store_task_row_release(&p->prev);
	scaffolder_repo_release(&p->out_repo);
}

/*
 * Read the events of P's task into its row.  A 404 (the task vanished) is a
 * warning; anything else that goes wrong fails the page.
 */
static int read_events(struct run *r, struct pending *p, struct strbuf *err)
{
	struct collect_ctx *ctx = r->ctx;
	char *id = http_escape(p->info.id), *path = xasprintf("v2/tasks/%s/events", id);
	char *url = backstage_url(&r->bc, PLUGIN, path, NULL);
	struct strbuf e = STRBUF_INIT;
	struct scaffolder_events sum;
	json_t *doc = NULL;
	int ret = -1;

	r->events_read++;
	if (backstage_get_json(&r->bc, PLUGIN, url, &doc, &e)) {
		if (r->bc.status != 404) {
			strbuf_addstr(err, e.buf);
			goto out;
		}
		log_warn(ctx->log, "scaffolder: %s; task '%s' keeps its last heartbeat as an approximate end", e.buf,
			 p->info.id);
		ctx->partial = 1;
		ret = 0;
		goto out;
	}
	if (scaffolder_parse_events(doc, url, &sum, err))
		goto out;
	p->fetched = 1;
	p->row.events_fetched_at = ctx->now;
	p->row.completed_at = sum.completed_at;
	p->row.cancelled = sum.cancelled;
	if (!p->info.repo.name && sum.output)
		scaffolder_parse_output_repo(sum.output, &p->out_repo);
	if (sum.outcome && strcmp(sum.outcome, p->info.status))
		log_debug(ctx->log, "scaffolder: task '%s' has status '%s' but its completion event says '%s'",
			  p->info.id, p->info.status, sum.outcome);
	if (sum.duplicates)
		log_debug(ctx->log, "scaffolder: %s: %zu repeated events ignored", url, sum.duplicates);
	ret = 0;
out:
	json_decref(doc);
	strbuf_release(&e);
	free(url);
	free(path);
	free(id);
	return ret;
}

/* Decide what to write for P, reading its events when they are new to us. */
static int prepare(struct run *r, struct pending *p, struct strbuf *err)
{
	struct collect_ctx *ctx = r->ctx;
	const struct scaffolder_task_info *in = &p->info;
	struct scaffolder_task *t = &p->row;
	const struct scaffolder_task_row *prev = &p->prev;
	const struct scaffolder_repo *repo;
	int rc = store_task_get(ctx->db, in->id, in->raw, &p->prev, err);

	if (rc < 0)
		return -1;
	p->found = rc;
	memset(t, 0, sizeof(*t));
	t->id = in->id;
	t->template_ref = in->template_ref;
	t->created_by = in->created_by;
	t->status = in->status;
	t->created_at = in->created_at;
	t->last_heartbeat_at = in->last_heartbeat_at;
	t->raw = in->raw;
	t->completed_at = TIME_NONE;
	t->events_fetched_at = TIME_NONE;
	if (is_finished(in->status)) {
		if (p->found && prev->events_fetched_at != TIME_NONE && same_str(prev->status, in->status) &&
		    prev->last_heartbeat_at == in->last_heartbeat_at) {
			/* finished before, unchanged since: what its events said still holds */
			t->completed_at = prev->completed_at;
			t->completed_approx = prev->completed_approx;
			t->cancelled = prev->cancelled;
			t->events_fetched_at = prev->events_fetched_at;
			if (!in->repo.name && prev->repo_name) {
				p->out_repo.host = prev->repo_host ? xstrdup(prev->repo_host) : NULL;
				p->out_repo.owner = prev->repo_owner ? xstrdup(prev->repo_owner) : NULL;
				p->out_repo.name = xstrdup(prev->repo_name);
			}
		} else if (scaffolder_template_included(ctx->cfg, in->template_ref) && read_events(r, p, err)) {
			return -1;
		}
		if (!strcmp(in->status, "cancelled"))
			t->cancelled = 1;
		if (t->completed_at == TIME_NONE && in->last_heartbeat_at != TIME_NONE) {
			/* no completion event (vacuumed, or not read): the last heartbeat is within about 1 s of the end */
			t->completed_at = in->last_heartbeat_at;
			t->completed_approx = 1;
		}
	}
	repo = in->repo.name ? &in->repo : &p->out_repo;
	t->repo_host = repo->host;
	t->repo_owner = repo->owner;
	t->repo_name = repo->name;
	p->write = !p->found || !prev->same_raw || p->fetched || prev->completed_at != t->completed_at ||
		   prev->completed_approx != t->completed_approx || prev->cancelled != t->cancelled ||
		   prev->events_fetched_at != t->events_fetched_at || !same_str(prev->repo_host, t->repo_host) ||
		   !same_str(prev->repo_owner, t->repo_owner) || !same_str(prev->repo_name, t->repo_name);
	if (!p->found)
		r->fresh++;
	else if (p->write)
		r->changed++;
	return 0;
}

/* Write the tasks of one page in one transaction. */
static int commit_page(struct run *r, struct pending *v, size_t n, struct strbuf *err)
{
	struct collect_ctx *ctx = r->ctx;
	int64_t rows = 0;

	if (db_begin(ctx->db, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].write)
			continue;
		if (store_task_upsert(ctx->db, &v[i].row, ctx->now, err))
			return -1; /* the caller's rollback drops the page */
		rows++;
	}
	if (db_commit(ctx->db, err))
		return -1;
	ctx->stats.rows += rows; /* only what was committed counts */
	return 0;
}

struct page {
	int64_t offset;
	size_t served;       /* tasks on the page */
	size_t fresh_ids;    /* of which not yet listed in this run */
	int has_total;
	int64_t total;
};

/* GET one page at PG->offset, read its tasks' events where needed, commit it. */
static int list_page(struct run *r, struct page *pg, struct strbuf *err)
{
	struct collect_ctx *ctx = r->ctx;
	char limit[24], offset[24];
	const char *params[] = { "limit", limit, "offset", offset, "order", "asc:created_at", NULL };
	char *url;
	json_t *doc = NULL;
	struct scaffolder_page page;
	struct pending *v = NULL;
	size_t n = 0, i;
	int ret = -1;

	snprintf(limit, sizeof(limit), "%d", ctx->cfg->backstage.page_size);
	snprintf(offset, sizeof(offset), "%lld", (long long)pg->offset);
	url = backstage_url(&r->bc, PLUGIN, "v2/tasks", params);
	if (backstage_get_json(&r->bc, PLUGIN, url, &doc, err))
		goto out;
	/* Check the whole page before anything of it is used. */
	if (scaffolder_parse_page(doc, url, pg->offset, &page, err))
		goto out;
	pg->has_total = page.has_total;
	pg->total = page.total;
	pg->served = page.n;
	pg->fresh_ids = 0;
	v = xcalloc(page.n + 1, sizeof(*v));
	for (n = 0; n < page.n; n++)
		v[n].info = page.tasks[n]; /* the pending tasks own them now */
	free(page.tasks);
	for (i = 0; i < n; i++) {
		if (g_hash_table_contains(r->seen, v[i].info.id))
			continue; /* listed on an earlier page (or twice here): processed already */
		g_hash_table_add(r->seen, xstrdup(v[i].info.id));
		pg->fresh_ids++;
		r->listed++;
		if (r->keep_after != TIME_NONE && v[i].info.created_at < r->keep_after)
			continue; /* older than the retention of 'idpmetrics prune': do not bring it back */
		if (prepare(r, &v[i], err))
			goto out;
	}
	if (commit_page(r, v, n, err))
		goto out;
	log_debug(ctx->log, "scaffolder: %s: %zu tasks, %zu new in this run", url, pg->served, pg->fresh_ids);
	ret = 0;
out:
	for (i = 0; i < n; i++)
		pending_release(&v[i]);
	free(v);
	json_decref(doc);
	free(url);
	return ret;
}

static int collect_scaffolder(struct collect_ctx *ctx, struct strbuf *err)
{
	struct run r;
	struct page pg;
	int64_t limit = ctx->cfg->backstage.page_size;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	memset(&pg, 0, sizeof(pg));
	r.ctx = ctx;
	r.seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	r.keep_after = collect_retention_before(ctx);
	if (backstage_client_init(&r.bc, ctx->cfg, ctx->log, &ctx->stats, err))
		goto out;
	for (int pages = 0;; pages++) {
		/* a server that never stops sending new tasks (a huge totalTasks, full pages) is broken */
		if (pages >= ctx->cfg->http.max_pages) {
			strbuf_addf(err, "stopped after %d pages of scaffolder tasks (http.max_pages; offset %lld, the "
					 "server counts %lld): the server keeps sending new ones; what was read is kept",
				    pages, (long long)pg.offset, (long long)(pg.has_total ? pg.total : -1));
			goto out;
		}
		if (list_page(&r, &pg, err))
			goto out;
		pg.offset += (int64_t)pg.served;
		if (ctx->progress)
			ctx->progress(ctx->progress_data, "scaffolder tasks", r.listed, pg.has_total ? pg.total : 0);
		if (!pg.served)
			break;
		if (!pg.fresh_ids) {
			/* a server that ignores offset sends the same tasks again: never loop on it */
			if (pg.has_total && r.listed < pg.total) {
				log_warn(ctx->log,
					 "scaffolder: the server sent no new tasks at offset %lld although it counts %lld "
					 "(it seems to ignore 'offset'); %lld tasks collected",
					 (long long)(pg.offset - (int64_t)pg.served), (long long)pg.total,
					 (long long)r.listed);
				ctx->partial = 1;
			}
			break;
		}
		if (!pg.has_total) {
			/* an old server answers everything at once and ignores limit: that page is complete */
			if ((int64_t)pg.served != limit)
				break;
			continue;
		}
		if (pg.offset >= pg.total || (int64_t)pg.served < limit)
			break;
	}
	log_info(ctx->log, "scaffolder: %lld tasks listed (%lld new, %lld changed), events read for %lld",
		 (long long)r.listed, (long long)r.fresh, (long long)r.changed, (long long)r.events_read);
	ret = 0;
out:
	backstage_client_release(&r.bc);
	g_hash_table_destroy(r.seen);
	return ret;
}

static const struct demo_generator *const demo[] = { &demo_scaffolder, NULL };

const struct collector scaffolder_collector = {
	.name = "scaffolder",
	.summary = "Backstage scaffolder tasks and their completion times (service-creation lead time)",
	.configured = configured,
	.run = collect_scaffolder,
	.configured_by = "backstage.base_url",
	.describe = backstage_describe,
	.doctor = backstage_doctor,
	.demo = demo,
	.status_rows = "status/rows_scaffolder",
	.oldest_data = "status/oldest_scaffolder",
	.config = config_backstage_section,
};
