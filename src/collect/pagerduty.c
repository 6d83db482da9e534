/*
 * The pagerduty collector: PagerDuty incidents of the services the catalog (or pagerduty.services) names.
 *
 * GET /incidents selects by creation time, in since/until windows of at most 6 months, 100 a
 * page by offset; offset + limit may not pass 10,000, so a window that reaches it is split in two
 * and each half read from offset 0.  Each night reads from the last window's end minus a day,
 * then asks every stored open incident again by id (one created before the window and resolved
 * in it would otherwise stay open forever).  One transaction per page.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/github_dora.h"
#include "collect/gitops_client.h"
#include "collect/pagerduty.h"
#include "collect/pagerduty_parse.h"
#include "store/gitops.h"
#include "store/runs.h"
#include "util/config_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define STATE "pagerduty"
#define OVERLAP 86400
#define PAGE 100
#define SERVICES_PER_QUERY 50     /* service_ids[] per request, to keep URLs short */
#define MAX_WINDOWS 64

struct service {
	char *id, *repo;
};

struct run {
	struct collect_ctx *ctx;
	struct gitops_client c;
	char *base;
	struct service *svc;
	size_t nsvc, svc_alloc;
	int64_t pages, incidents, counted, merged, filtered, splits, reread;
};

const char pagerduty_token_fix[] = "create a REST API key (Integrations > API Access Keys; a read-only key is "
				  "enough) and give it through the variable or file pagerduty.token names";
const char pagerduty_permission_fix[] = "a user's key needs a role that can see the services' incidents; an "
				       "account's read-only REST API key can";

static int configured(const struct config *cfg)
{
	return cfg->pagerduty.token.value || cfg->pagerduty.token.missing_var || cfg->pagerduty.services.n ||
	       (cfg->dora.incidents && !strcmp(cfg->dora.incidents, "pagerduty"));
}

static void add_service(void *data, const char *id, const char *unused, const char *repo)
{
	struct run *r = data;

	(void)unused;
	for (size_t i = 0; i < r->nsvc; i++)
		if (!strcmp(r->svc[i].id, id)) {
			/* the first component naming it with a repository wins; pagerduty.services maps the rest */
			if (!r->svc[i].repo && repo && *repo)
				r->svc[i].repo = xstrdup(repo);
			return;
		}
	XGROW(r->svc, r->svc_alloc, r->nsvc + 1);
	r->svc[r->nsvc].id = xstrdup(id);
	r->svc[r->nsvc++].repo = repo && *repo ? xstrdup(repo) : NULL;
}

static const char *repo_of(const struct run *r, const char *service)
{
	for (size_t i = 0; i < r->nsvc; i++)
		if (!strcmp(r->svc[i].id, service))
			return r->svc[i].repo;
	return NULL;
}

/* Store one incident element; a malformed one is skipped with a warning naming URL. */
static int put(struct run *r, const json_t *item, const char *url, struct strbuf *err)
{
	const struct config *cfg = r->ctx->cfg;
	struct strbuf why = STRBUF_INIT;
	struct pd_incident in;
	struct pd_incident_row row;
	int ret;

	if (pagerduty_parse_incident(item, &in, &why)) {
		log_warn(r->ctx->log, "pagerduty: %s: %s; skipped", url, why.buf);
		r->ctx->partial = 1;
		strbuf_release(&why);
		return 0;
	}
	memset(&row, 0, sizeof(row));
	row.id = in.id;
	row.service_id = in.service_id;
	row.repo = repo_of(r, in.service_id);
	row.status = in.status;
	row.urgency = in.urgency;
	row.number = in.number;
	row.created_at = in.created_at;
	row.resolved_at = in.resolved_at;
	row.merged = in.merged;
	row.counts = row.repo && !in.merged &&
		     pagerduty_urgency_ok(in.urgency, cfg->pagerduty.urgencies.v, cfg->pagerduty.urgencies.n);
	r->incidents++;
	r->counted += row.counts;
	r->merged += in.merged;
	r->filtered += row.repo && !in.merged && !row.counts;
	ret = store_pd_incident_put(r->ctx->db, &row, r->ctx->now, err);
	pd_incident_release(&in);
	return ret;
}

static char *list_url(struct run *r, size_t first, size_t n, int64_t since, int64_t until, int64_t offset)
{
	char a[32], b[32];
	struct strbuf sb = STRBUF_INIT;

	time_format_iso(since, a, sizeof(a));
	time_format_iso(until, b, sizeof(b));
	strbuf_addf(&sb, "%s/incidents?", r->base);
	for (size_t i = first; i < first + n; i++) {
		char *v = http_escape(r->svc[i].id);

		strbuf_addf(&sb, "service_ids%%5B%%5D=%s&", v);
		free(v);
	}
	strbuf_addf(&sb, "since=%s&until=%s&time_zone=UTC&sort_by=created_at%%3Aasc&limit=%d&offset=%lld", a, b, PAGE,
		    (long long)offset);
	return strbuf_detach(&sb, NULL);
}

/* Read the incidents of services [FIRST, FIRST+N) created in [SINCE, UNTIL), splitting at the offset cap. */
static int read_window(struct run *r, size_t first, size_t n, int64_t since, int64_t until, struct strbuf *err)
{
	struct db *db = r->ctx->db;

	for (int64_t offset = 0;; offset += PAGE) {
		char *url;
		json_t *doc = NULL;
		struct pd_page page;
		const json_t *item;
		size_t i;
		int rc = -1;

		if (offset + PAGE > PAGERDUTY_MAX_OFFSET) {
			int64_t mid = since + (until - since) / 2;

			if (mid <= since) {
				strbuf_addf(err, "pagerduty: more than %d incidents created within one second; cannot read them "
						 "all", PAGERDUTY_MAX_OFFSET);
				return -1;
			}
			r->splits++;
			return read_window(r, first, n, since, mid, err) || read_window(r, first, n, mid, until, err) ? -1
														       : 0;
		}
		url = list_url(r, first, n, since, until, offset);
		if (gitops_get_json(&r->c, url, &doc, err) || pagerduty_parse_page(doc, url, &page, err))
			goto page_out;
		r->pages++;
		if (db_begin(db, err))
			goto page_out;
		json_array_foreach(page.incidents, i, item) {
			if (put(r, item, url, err)) {
				db_rollback(db);
				goto page_out;
			}
		}
		if (db_commit(db, err))
			goto page_out;
		rc = page.more && json_array_size(page.incidents) ? 1 : 0;
page_out:
		json_decref(doc);
		free(url);
		if (rc <= 0)
			return rc;
	}
}

/* Ask every stored open incident again by id. */
static int reread_open(struct run *r, struct strbuf *err)
{
	char **ids = NULL;
	size_t n = 0;
	int ret = -1;

	if (store_pd_open(r->ctx->db, &ids, &n, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char *id = http_escape(ids[i]), *url = xasprintf("%s/incidents/%s", r->base, id);
		json_t *doc = NULL;
		const json_t *inc;
		int rc = -1;

		if (gitops_get_json(&r->c, url, &doc, err)) {
			if (r->c.status == 404) {
				log_warn(r->ctx->log, "pagerduty: %s; incident '%s' stays as last read", err->buf, ids[i]);
				strbuf_reset(err);
				rc = 0;
			}
			goto one_out;
		}
		inc = json_object_get(doc, "incident");
		if (!json_is_object(inc)) {
			strbuf_addf(err, "%s: expected an object with an 'incident'", url);
			goto one_out;
		}
		r->reread++;
		if (db_begin(r->ctx->db, err))
			goto one_out;
		if (put(r, inc, url, err)) {
			db_rollback(r->ctx->db);
			goto one_out;
		}
		rc = db_commit(r->ctx->db, err);
one_out:
		json_decref(doc);
		free(id);
		free(url);
		if (rc)
			goto out;
	}
	ret = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ret;
}

static int run(struct collect_ctx *ctx, struct strbuf *err)
{
	const struct config *cfg = ctx->cfg;
	struct run r;
	int64_t from, starts[MAX_WINDOWS];
	char *mark = NULL, buf[32];
	size_t nw;
	int ret = -1, client = 0;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	if (gitops_base_url(cfg->pagerduty.api_url, "pagerduty.api_url", &r.base, err))
		goto out;
	if (gitops_client_init(&r.c, cfg, ctx->log, &ctx->stats, "pagerduty", &cfg->pagerduty.token, "pagerduty.token",
			       "Token token=", "Accept: application/vnd.pagerduty+json;version=2",
			       pagerduty_token_fix, pagerduty_permission_fix, err))
		goto out;
	client = 1;
	if (store_catalog_annotations_each(ctx->db, 1, add_service, &r, err))
		goto out;
	for (size_t i = 0; i < cfg->pagerduty.services.n; i++)
		add_service(&r, cfg->pagerduty.services.key[i], NULL, cfg->pagerduty.services.val[i]);
	if (!r.nsvc) {
		log_warn(ctx->log, "pagerduty: no service to read: annotate catalog components with "
				   "pagerduty.com/service-id or list them under pagerduty.services");
		ret = 0;
		goto out;
	}
	if (store_state_get(ctx->db, STATE, "until", &mark, err))
		goto out;
	if (!mark || time_parse_iso(mark, NULL, &from)) {
		if (github_dora_horizon(cfg, ctx->pcfg, ctx->now, &from, err))
			goto out;
	} else {
		from -= OVERLAP;
	}
	nw = pagerduty_windows(from, ctx->now, PAGERDUTY_MAX_WINDOW, starts, MAX_WINDOWS);
	for (size_t w = 0; w < nw; w++) {
		int64_t until = w + 1 < nw ? starts[w + 1] : ctx->now;

		for (size_t first = 0; first < r.nsvc; first += SERVICES_PER_QUERY) {
			size_t n = r.nsvc - first < SERVICES_PER_QUERY ? r.nsvc - first : SERVICES_PER_QUERY;

			if (read_window(&r, first, n, starts[w], until, err))
				goto out;
		}
		time_format_iso(until, buf, sizeof(buf));
		if (store_state_set(ctx->db, STATE, "until", buf, ctx->now, err))
			goto out;
	}
	if (reread_open(&r, err))
		goto out;
	log_info(ctx->log, "pagerduty: %zu services; %lld pages (%lld window splits), %lld incidents read (%lld open ones "
			   "asked again): %lld count for DORA, %lld merged, %lld filtered out by urgency",
		 r.nsvc, (long long)r.pages, (long long)r.splits, (long long)r.incidents, (long long)r.reread,
		 (long long)r.counted, (long long)r.merged, (long long)r.filtered);
	ctx->stats.rows += r.incidents;
	ret = 0;
out:
	if (client)
		gitops_client_release(&r.c);
	for (size_t i = 0; i < r.nsvc; i++) {
		free(r.svc[i].id);
		free(r.svc[i].repo);
	}
	free(r.svc);
	free(r.base);
	free(mark);
	return ret;
}

static void describe(const struct config *cfg, struct strbuf *out)
{
	strbuf_addf(out, "pagerduty at %s", cfg->pagerduty.api_url);
}

const struct collector pagerduty_collector = {
	.name = "pagerduty",
	.summary = "PagerDuty incidents of the catalog's services (DORA incidents)",
	.configured = configured,
	.run = run,
	.configured_by = "pagerduty.token",
	.describe = describe,
	.doctor = pagerduty_doctor,
	.demo = demo_pagerduty_list,
	.status_rows = "status/rows_pagerduty",
	.oldest_data = "status/oldest_pagerduty",
	.config = config_pagerduty_section,
};
