/*
 * The argocd collector: Argo CD applications and their sync history, as DORA deployments.
 *
 * Each run lists the applications, maps each one to a service (catalog annotation, argocd.apps,
 * or its GitHub source repository), reads every production application's own object for its
 * history (oldest first, cut to revisionHistoryLimit) and last operation, and records each new
 * entry once by (uid, id).  A gap between the newest id seen before and the oldest id in hand is
 * an exact count of syncs that were lost.  One transaction per application: a killed run keeps
 * the applications done and the next one continues from the stored ids.
 */
#include <glib.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/argocd.h"
#include "collect/argocd_map.h"
#include "collect/argocd_parse.h"
#include "collect/github_app.h"
#include "collect/github_client.h"
#include "collect/github_dora.h"
#include "collect/gitops_client.h"
#include "store/gitops.h"
#include "util/config_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define DEFAULT_HISTORY_LIMIT 10

struct run {
	struct collect_ctx *ctx;
	struct gitops_client c;
	char *base;
	struct argocd_map map;
	regex_t prod_rx, image_rx;
	int have_prod, have_image, have_map, derive;
	int64_t keep_after;               /* the retention boundary of the last prune, TIME_NONE: none */
	int64_t apps, production, unmapped, entries, resyncs, failed, lost, read;
	struct strbuf unmapped_names;
};

const char argocd_token_fix[] =
	"generate an account token with 'argocd account generate-token --account <account>' (an account with the "
	"apiKey capability in argocd-cm) and give it through the variable or file argocd.token names";
const char argocd_permission_fix[] =
	"give the account 'get' on applications in argocd-rbac-cm: 'p, role:idpmetrics, applications, get, */*, "
	"allow' and 'g, <account>, role:idpmetrics'";

static int configured(const struct config *cfg)
{
	return cfg->argocd.base_url && *cfg->argocd.base_url;
}

char *argocd_github_host(const char *api_url)
{
	const char *p = api_url, *end;

	if (!p)
		return xstrdup("github.com");
	if (!strncmp(p, "https://", 8))
		p += 8;
	else if (!strncmp(p, "http://", 7))
		p += 7;
	end = p + strcspn(p, "/:");
	if ((size_t)(end - p) == 14 && !strncasecmp(p, "api.github.com", 14))
		return xstrdup("github.com");
	return xstrndup(p, (size_t)(end - p));
}

/* The application commit of entry E of a service REPO: a source revision, else an image tag. */
static const char *commit_of(struct run *r, const struct argocd_app *a, const struct argocd_entry *e, int newest,
			     const char *repo, char **owned)
{
	*owned = NULL;
	for (size_t k = 0; repo && k < e->nrev; k++) {
		char *src = argocd_map_repo_of(&r->map, e->repos[k]);
		int same = src && !strcasecmp(src, repo);

		free(src);
		if (same && argocd_is_sha(e->revisions[k])) {
			*owned = g_ascii_strdown(e->revisions[k], -1);
			return "source";
		}
	}
	if (r->have_image && newest && (*owned = argocd_image_commit(a->images, a->nimages, &r->image_rx)))
		return "image";
	return "no_lead_time_source";
}

/* Record A's new history entries, its lost syncs and a failed last operation.  The caller holds the transaction. */
static int record(struct run *r, const struct argocd_app *a, const char *repo, int64_t *newest_id, struct strbuf *err)
{
	struct db *db = r->ctx->db;
	int64_t last_id, from_at = TIME_NONE;
	char *old_repo = NULL, *prev = NULL;
	int found, ret = -1;

	*newest_id = -1;
	if (store_argocd_app_get(db, a->uid, &found, &last_id, &old_repo, err))
		goto out;
	if (a->nhistory) {
		const struct argocd_entry *oldest = &a->history[0];

		*newest_id = a->history[a->nhistory - 1].id;
		if (oldest->id > last_id + 1) {
			int64_t lost = oldest->id - last_id - 1;

			if (last_id >= 0 && store_argocd_sync_time(db, a->uid, last_id, &from_at, err))
				goto out;
			if (store_argocd_gap_put(db, a->uid, a->name, last_id, oldest->id, lost, from_at, oldest->deployed_at,
						 r->ctx->now, err))
				goto out;
			r->lost += lost;
			log_warn(r->ctx->log, "argocd: application '%s': %lld syncs were lost (history ids %lld to %lld) %s: "
					      "its history keeps %lld entries; collect more often or raise "
					      "spec.revisionHistoryLimit",
				 a->name, (long long)lost, (long long)(last_id + 1), (long long)(oldest->id - 1),
				 last_id >= 0 ? "since the last collection" : "before the first collection",
				 (long long)(a->history_limit >= 0 ? a->history_limit : DEFAULT_HISTORY_LIMIT));
		}
	}
	for (size_t i = 0; i < a->nhistory; i++) {
		const struct argocd_entry *e = &a->history[i];
		struct argocd_sync_row s;
		char *commit = NULL;

		if (e->id <= last_id)
			continue;
		free(prev);
		prev = NULL;
		if (i > 0)
			prev = xstrdup(a->history[i - 1].revision);
		else if (store_argocd_prev_revision(db, a->name, e->deployed_at, &prev, err))
			goto out;
		memset(&s, 0, sizeof(s));
		s.app_uid = a->uid;
		s.app = a->name;
		s.history_id = e->id;
		s.revision = e->revision;
		s.phase = "Succeeded";
		s.started_at = e->started_at;
		s.deployed_at = e->deployed_at;
		s.resync = prev && !strcmp(prev, e->revision);
		s.lead_source = repo ? commit_of(r, a, e, i + 1 == a->nhistory, repo, &commit) : NULL;
		s.commit_sha = commit;
		r->entries++;
		r->resyncs += s.resync;
		ret = store_argocd_sync_put(db, &s, r->ctx->now, err);
		g_free(commit);
		if (ret)
			goto out;
		ret = -1;
	}
	if (a->op_phase && (!strcmp(a->op_phase, "Failed") || !strcmp(a->op_phase, "Error")) &&
	    a->op_finished != TIME_NONE) {
		struct argocd_sync_row s;

		memset(&s, 0, sizeof(s));
		s.app_uid = a->uid;
		s.app = a->name;
		s.history_id = -1;
		s.revision = a->op_revision ? a->op_revision : "";
		s.phase = a->op_phase;
		s.started_at = a->op_started != TIME_NONE ? a->op_started : a->op_finished;
		s.deployed_at = a->op_finished;
		r->failed++;
		if (store_argocd_sync_put(db, &s, r->ctx->now, err))
			goto out;
	}
	ret = 0;
out:
	free(old_repo);
	free(prev);
	return ret;
}

/* Read one production application's own object and record it; the listing's item is L. */
static int read_app(struct run *r, const struct argocd_app *l, const char *repo, const char *from, struct strbuf *err)
{
	struct db *db = r->ctx->db;
	char *name = http_escape(l->name), *url = xasprintf("%s/api/v1/applications/%s", r->base, name);
	struct strbuf why = STRBUF_INIT, srcs = STRBUF_INIT;
	struct argocd_app a;
	struct argocd_app_row row;
	json_t *doc = NULL;
	size_t skipped = 0;
	int64_t newest = -1;
	int ret = -1, parsed = 0;

	memset(&a, 0, sizeof(a));
	if (gitops_get_json(&r->c, url, &doc, err)) {
		if (r->c.status != 404)
			goto out;
		log_warn(r->ctx->log, "argocd: %s; the application '%s' was deleted after the listing", err->buf, l->name);
		strbuf_reset(err);
		ret = 0;
		goto out;
	}
	if (argocd_parse_app(doc, &a, &skipped, &why)) {
		strbuf_addf(err, "%s: %s", url, why.buf);
		goto out;
	}
	parsed = 1;
	r->read++;
	if (skipped)
		log_warn(r->ctx->log, "argocd: %s: %zu history entries without id or deployedAt were skipped", url, skipped);
	for (size_t i = 0; i < a.nsources; i++)
		strbuf_addf(&srcs, "%s%s", i ? " " : "", a.source_repos[i]);
	if (db_begin(db, err))
		goto out;
	if (record(r, &a, repo, &newest, err))
		goto fail;
	memset(&row, 0, sizeof(row));
	row.uid = a.uid;
	row.name = a.name;
	row.project = a.project;
	row.production = 1;
	row.repo = repo;
	row.mapped_from = from;
	row.source_repos = srcs.buf;
	row.config_repo = 1;
	for (size_t i = 0; repo && i < a.nsources; i++) {
		char *s = argocd_map_repo_of(&r->map, a.source_repos[i]);

		row.config_repo &= !(s && !strcasecmp(s, repo));
		free(s);
	}
	row.history_limit = a.history_limit;
	row.last_id = newest;
	row.syncs_per_day = argocd_sync_rate(&a);
	if (store_argocd_app_put(db, &row, r->ctx->now, err))
		goto fail;
	if (db_commit(db, err))
		goto out;
	ret = 0;
	goto out;
fail:
	db_rollback(db);
out:
	if (parsed)
		argocd_app_release(&a);
	json_decref(doc);
	strbuf_release(&why);
	strbuf_release(&srcs);
	free(name);
	free(url);
	return ret;
}

/* Record a non-production application (no history read). */
static int note_app(struct run *r, const struct argocd_app *a, const char *repo, const char *from, struct strbuf *err)
{
	struct argocd_app_row row;

	memset(&row, 0, sizeof(row));
	row.uid = a->uid;
	row.name = a->name;
	row.project = a->project;
	row.repo = repo;
	row.mapped_from = from;
	row.history_limit = a->history_limit;
	row.last_id = -1;
	row.syncs_per_day = NAN;
	return store_argocd_app_put(r->ctx->db, &row, r->ctx->now, err);
}

static char *list_url(struct run *r)
{
	const struct config *cfg = r->ctx->cfg;
	struct strbuf sb = STRBUF_INIT;
	char sep = '?';

	strbuf_addf(&sb, "%s/api/v1/applications", r->base);
	for (size_t i = 0; i < cfg->argocd.projects.n; i++, sep = '&') {
		char *v = http_escape(cfg->argocd.projects.v[i]);

		strbuf_addf(&sb, "%cprojects=%s", sep, v);
		free(v);
	}
	if (cfg->argocd.selector && *cfg->argocd.selector) {
		char *v = http_escape(cfg->argocd.selector);

		strbuf_addf(&sb, "%cselector=%s", sep, v);
		free(v);
	}
	return strbuf_detach(&sb, NULL);
}

static int list_apps(struct run *r, struct strbuf *err)
{
	char *url = list_url(r);
	const json_t *items, *item;
	json_t *doc = NULL;
	size_t i;
	int ret = -1;

	if (gitops_get_json(&r->c, url, &doc, err) || argocd_list_items(doc, url, &items, err))
		goto out;
	json_array_foreach(items, i, item) {
		struct argocd_app a;
		struct strbuf why = STRBUF_INIT;
		const char *from = NULL;
		char *repo;
		int prod, rc;

		if (argocd_parse_app(item, &a, NULL, &why)) {
			log_warn(r->ctx->log, "argocd: %s: item %zu skipped: %s", url, i, why.buf);
			r->ctx->partial = 1;
			strbuf_release(&why);
			continue;
		}
		strbuf_release(&why);
		r->apps++;
		repo = argocd_map_app(&r->map, &a, &from);
		prod = !regexec(&r->prod_rx, a.name, 0, NULL, 0);
		r->production += prod;
		if (prod && !repo) {
			r->unmapped++;
			strbuf_addf(&r->unmapped_names, "%s%s", r->unmapped_names.len ? ", " : "", a.name);
		}
		rc = prod ? read_app(r, &a, repo, from, err) : note_app(r, &a, repo, from, err);
		free(repo);
		argocd_app_release(&a);
		if (rc)
			goto out;
		collect_progress(r->ctx, "Argo CD applications", (int64_t)i + 1, (int64_t)json_array_size(items));
	}
	ret = 0;
out:
	json_decref(doc);
	free(url);
	return ret;
}

static int derive_one(void *data, const char *uid, const char *repo, int production, struct strbuf *err)
{
	struct run *r = data;

	return store_argocd_derive(r->ctx->db, uid, r->derive && production ? repo : NULL, r->keep_after, r->ctx->now,
				   err);
}

struct pending_repo {
	char **repo, **branch;
	size_t n, a1, a2;
};

static void add_pending(void *data, const char *repo, const char *branch)
{
	struct pending_repo *p = data;

	XGROW(p->repo, p->a1, p->n + 1);
	XGROW(p->branch, p->a2, p->n + 1);
	p->repo[p->n] = xstrdup(repo);
	p->branch[p->n++] = branch ? xstrdup(branch) : NULL;
}

/* The changes of the new deployments: the mapped repositories' commits through the GitHub client. */
static int work_out_changes(struct run *r, struct strbuf *err)
{
	struct collect_ctx *ctx = r->ctx;
	struct pending_repo p = { NULL, NULL, 0, 0, 0 };
	struct github_client gh;
	int64_t done = 0;
	int rc = 0, client = 0;

	if (store_argocd_repos_each(ctx->db, 1, add_pending, &p, err))
		return -1;
	if (!p.n)
		goto out;
	if (!ctx->cfg->github.token.value && !github_app_configured(ctx->cfg)) {
		log_warn(ctx->log, "argocd: %zu services wait for their changes (lead time), but neither 'github.token' "
				   "nor a GitHub App ('github.app_id') is configured to read their commits", p.n);
		goto out;
	}
	if (github_client_init(&gh, ctx->cfg, ctx->db, ctx->log, &ctx->stats, ctx->now, err)) {
		rc = -1;
		goto out;
	}
	client = 1;
	for (size_t i = 0; i < p.n; i++) {
		struct strbuf why = STRBUF_INIT;
		int g = github_dora_changes_of(ctx, &gh, p.repo[i], p.branch[i], &done, &why);

		if (g == GITHUB_STOPPED || g == GITHUB_UNAVAILABLE) {
			log_warn(ctx->log, "argocd: the changes of '%s' wait for the next run: %s", p.repo[i], why.buf);
			ctx->partial = 1;
		} else if (g != GITHUB_OK) {
			strbuf_addstr(err, why.buf);
			strbuf_release(&why);
			rc = -1;
			break;
		}
		strbuf_release(&why);
		if (g == GITHUB_STOPPED)
			break;
	}
	log_info(ctx->log, "argocd: the changes of %lld deployments of %zu services worked out", (long long)done, p.n);
out:
	if (client)
		github_client_release(&gh);
	for (size_t i = 0; i < p.n; i++) {
		free(p.repo[i]);
		free(p.branch[i]);
	}
	free(p.repo);
	free(p.branch);
	return rc;
}

static int compile(const char *key, const char *rx, regex_t *out, struct strbuf *err)
{
	char msg[128];
	int code = regcomp(out, rx, REG_EXTENDED);

	if (code) {
		regerror(code, out, msg, sizeof(msg));
		strbuf_addf(err, "'%s' is not a valid extended regular expression: %s", key, msg);
		return -1;
	}
	return 0;
}

static int run(struct collect_ctx *ctx, struct strbuf *err)
{
	const struct config *cfg = ctx->cfg;
	struct run r;
	int ret = -1, client = 0;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	{
		struct strbuf empty = STRBUF_INIT;

		r.unmapped_names = empty;
	}
	r.derive = cfg->dora.source && !strcmp(cfg->dora.source, "argocd");
	r.keep_after = collect_retention_before(ctx);
	if (gitops_base_url(cfg->argocd.base_url, "argocd.base_url", &r.base, err))
		goto out;
	if (compile("argocd.production_apps", cfg->argocd.production_apps ? cfg->argocd.production_apps : "", &r.prod_rx,
		    err))
		goto out;
	r.have_prod = 1;
	if (cfg->argocd.image_tag_pattern && *cfg->argocd.image_tag_pattern) {
		if (compile("argocd.image_tag_pattern", cfg->argocd.image_tag_pattern, &r.image_rx, err))
			goto out;
		r.have_image = 1;
	}
	if (gitops_client_init(&r.c, cfg, ctx->log, &ctx->stats, "argocd", &cfg->argocd.token, "argocd.token",
			       "Bearer ", "Accept: application/json",
			       argocd_token_fix, argocd_permission_fix, err))
		goto out;
	client = 1;
	r.have_map = 1;
	if (argocd_map_init(&r.map, cfg, ctx->db, err) || list_apps(&r, err))
		goto out;
	if (db_begin(ctx->db, err))
		goto out;
	if (store_argocd_apps_gone(ctx->db, ctx->now, err) || store_argocd_apps_each(ctx->db, derive_one, &r, err)) {
		db_rollback(ctx->db);
		goto out;
	}
	if (db_commit(ctx->db, err))
		goto out;
	if (r.derive && work_out_changes(&r, err))
		goto out;
	if (r.unmapped)
		log_warn(ctx->log, "argocd: %lld production applications map to no service (add the catalog annotation "
				   "argocd/app-name, or argocd.apps): %s", (long long)r.unmapped, r.unmapped_names.buf);
	if (!r.derive)
		log_info(ctx->log, "argocd: dora.source is '%s': the syncs are kept, DORA deployments come from GitHub",
			 cfg->dora.source);
	log_info(ctx->log, "argocd: %lld applications, %lld production (%lld read, %lld unmapped); %lld new history "
			   "entries (%lld re-syncs), %lld failed syncs, %lld syncs lost",
		 (long long)r.apps, (long long)r.production, (long long)r.read, (long long)r.unmapped,
		 (long long)r.entries, (long long)r.resyncs, (long long)r.failed, (long long)r.lost);
	ctx->stats.rows += r.entries + r.failed;
	ret = 0;
out:
	if (client)
		gitops_client_release(&r.c);
	if (r.have_prod)
		regfree(&r.prod_rx);
	if (r.have_image)
		regfree(&r.image_rx);
	if (r.have_map)
		argocd_map_release(&r.map);
	free(r.base);
	strbuf_release(&r.unmapped_names);
	return ret;
}

static void describe(const struct config *cfg, struct strbuf *out)
{
	strbuf_addf(out, "argocd at %s", cfg->argocd.base_url);
}

const struct collector argocd_collector = {
	.name = "argocd",
	.summary = "Argo CD applications and their sync history (DORA deployments)",
	.configured = configured,
	.run = run,
	.configured_by = "argocd.base_url",
	.describe = describe,
	.doctor = argocd_doctor,
	.demo = demo_argocd_list,
	.status_rows = "status/rows_argocd",
	.oldest_data = "status/oldest_argocd",
	.config = config_argocd_section,
};
