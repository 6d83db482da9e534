/*
 * Collectors: the registry of sources and the run bookkeeping around each.
 *
 * Adding a source: write collect/<source>.c exporting a
 * `const struct collector <source>_collector` that describes it (collect,
 * doctor checks, demo generators, status and oldest-data queries, config
 * sections: see collectors.h); talk HTTP only through collect/http.c; write
 * through store/ functions inside transactions that each leave the database
 * consistent; add one line below; add a fixture server and end-to-end tests
 * under tests/e2e/; document it in docs/sources/.  docs/ARCHITECTURE.md walks
 * through it.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/argocd.h"
#include "collect/catalog.h"
#include "collect/collectors.h"
#include "collect/github.h"
#include "collect/importers.h"
#include "collect/jira.h"
#include "collect/onboarding.h"
#include "collect/pagerduty.h"
#include "collect/scaffolder.h"
#include "collect/surveys.h"
#include "collect/tickets.h"
#include "store/runs.h"
#include "util/config_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* The sources, in the order 'collect' and 'run' collect them (and doctor checks, and the demo generates). */
const struct collector *const collectors[] = {
	&scaffolder_collector,
	&github_collector,
	&surveys_collector,
	&catalog_collector,
	&jira_collector,
	&argocd_collector,     /* after the catalog: its annotations map applications to services */
	&pagerduty_collector,
	NULL
};

/* The file imports ('import NAME FILE'). */
const struct importer *const importers[] = {
	&survey_importer,
	&onboarding_importer,
	&tickets_importer,
	NULL
};

const struct collector *collector_find(const char *name)
{
	for (const struct collector *const *c = collectors; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

char *collector_names(void)
{
	struct strbuf sb = STRBUF_INIT;

	for (const struct collector *const *c = collectors; *c; c++)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", (*c)->name);
	return strbuf_detach(&sb, NULL);
}

const struct importer *importer_find(const char *name)
{
	for (const struct importer *const *im = importers; *im; im++)
		if (!strcmp((*im)->name, name))
			return *im;
	return NULL;
}

/* The key NAME among the top-level sections of the registered sources and imports (config_parse.h). */
const struct ckey *config_source_key(const char *name)
{
	for (const struct collector *const *c = collectors; *c; c++)
		for (const struct ckey *k = (*c)->config; k && k->name; k++)
			if (!strcmp(k->name, name))
				return k;
	for (const struct importer *const *im = importers; *im; im++)
		for (const struct ckey *k = (*im)->config; k && k->name; k++)
			if (!strcmp(k->name, name))
				return k;
	return NULL;
}

/* Register the tokens of the keys KEYS of the struct at BASE, and of their sections. */
static void register_tokens(const struct ckey *keys, const char *base, struct log *log)
{
	for (const struct ckey *k = keys; k && k->name; k++) {
		if (k->type == T_TOKEN)
			log_add_secret(log, ((const struct token_ref *)(const void *)(base + k->off))->value);
		else if (k->sub) /* a section, or a custom section that declares its keys (github) */
			register_tokens(k->sub, base + k->off, log);
	}
}

void sources_register_secrets(const struct config *cfg, struct log *log)
{
	for (const struct collector *const *c = collectors; *c; c++)
		register_tokens((*c)->config, (const char *)cfg, log);
	for (const struct importer *const *im = importers; *im; im++)
		register_tokens((*im)->config, (const char *)cfg, log);
}

/* The earlier of *OUT and what the embedded query NAME says (NULL: nothing). */
static int oldest_of(struct db *db, const char *name, int64_t *out, struct strbuf *err)
{
	int64_t t;

	if (!name)
		return 0;
	if (store_oldest_time(db, name, &t, err))
		return -1;
	if (t != TIME_NONE && (*out == TIME_NONE || t < *out))
		*out = t;
	return 0;
}

int sources_oldest_data(struct db *db, int64_t *out, struct strbuf *err)
{
	*out = TIME_NONE;
	for (const struct collector *const *c = collectors; *c; c++)
		if (oldest_of(db, (*c)->oldest_data, out, err))
			return -1;
	for (const struct importer *const *im = importers; *im; im++)
		if (oldest_of(db, (*im)->oldest_data, out, err))
			return -1;
	return 0;
}

const char *sources_status_rows(const char *source)
{
	for (const struct collector *const *c = collectors; *c; c++)
		if (!strcmp((*c)->name, source))
			return (*c)->status_rows;
	for (const struct importer *const *im = importers; *im; im++)
		if (!strcmp((*im)->source, source))
			return (*im)->status_rows;
	return NULL;
}

/* Begin a collection_runs row for SOURCE; counters of CTX reset. */
static int run_begin(struct collect_ctx *ctx, const char *source, int64_t *id, struct strbuf *err)
{
	memset(&ctx->stats, 0, sizeof(ctx->stats));
	ctx->partial = 0;
	ctx->partial_fails = 0;
	return store_run_begin(ctx->db, source, ctx->now, id, err);
}

/* End run ID that returned RC ('ok', 'partial' or 'failed'); WARN0 and WALL0 as at its start. */
static int run_end(struct collect_ctx *ctx, int64_t id, int rc, unsigned warn0, int64_t wall0, struct strbuf *err)
{
	const char *status;
	struct strbuf end_err = STRBUF_INIT;
	char *message = NULL;

	/* A failed collector may leave its transaction open: roll back what is half-done. */
	db_rollback(ctx->db);
	ctx->stats.warnings += ctx->log->counts[LOG_WARN] - warn0;
	if (rc)
		ctx->stats.errors++;
	status = rc ? "failed" : ctx->partial ? "partial" : "ok";
	/*
	 * A partial run may leave its reason (when to resume) in ERR.  What a
	 * server said is part of it: tokens it echoed are redacted like the log's.
	 */
	if (rc || (ctx->partial && err->len))
		message = log_redact(ctx->log, err->buf);
	if (store_run_end(ctx->db, id, ctx->now + (time_now() - wall0), status, &ctx->stats, message, &end_err)) {
		if (!rc)
			strbuf_addstr(err, end_err.buf);
		else
			strbuf_addstr(err, " (this run's outcome could not be recorded either)");
		rc = -1;
	}
	strbuf_release(&end_err);
	free(message);
	return rc;
}

int collect_source(const struct collector *c, struct collect_ctx *ctx, struct strbuf *err)
{
	unsigned warn0 = ctx->log->counts[LOG_WARN];
	int64_t wall0 = time_now(), id;

	if (run_begin(ctx, c->name, &id, err))
		return -1;
	return run_end(ctx, id, c->run(ctx, err), warn0, wall0, err);
}

int import_source(const struct importer *im, const struct import_args *args, struct collect_ctx *ctx,
		  struct strbuf *err)
{
	unsigned warn0 = ctx->log->counts[LOG_WARN];
	int64_t wall0 = time_now(), id;

	if (run_begin(ctx, im->source, &id, err))
		return -1;
	return run_end(ctx, id, im->run(ctx, args, err), warn0, wall0, err);
}

void collect_progress(struct collect_ctx *ctx, const char *what, int64_t done, int64_t total)
{
	if (ctx->progress)
		ctx->progress(ctx->progress_data, what, done, total);
}

int64_t collect_retention_before(struct collect_ctx *ctx)
{
	struct strbuf err = STRBUF_INIT;
	char *v = NULL;
	int64_t t = TIME_NONE;

	if (store_state_get(ctx->db, "prune", "before", &v, &err))
		log_warn(ctx->log, "%s", err.buf);
	else if (v && time_parse_iso(v, NULL, &t))
		t = TIME_NONE;
	free(v);
	strbuf_release(&err);
	return t;
}
