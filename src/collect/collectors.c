/*
 * Collectors: the registry of sources and the run bookkeeping around each.
 *
 * Adding a collector: write collect/<source>.c exporting a
 * `const struct collector <source>_collector` (name, summary, configured, run);
 * talk HTTP only through collect/http.c; write through store/ functions inside
 * transactions that each leave the database consistent; list it below; add a
 * fixture server and end-to-end tests under tests/e2e/; document it in docs/sources/
 */
#include <stdlib.h>
#include <string.h>

#include "collect/catalog.h"
#include "collect/collectors.h"
#include "collect/github.h"
#include "collect/jira.h"
#include "collect/scaffolder.h"
#include "collect/surveys.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

const struct collector *const collectors[] = {
	&scaffolder_collector,
	&github_collector,
	&surveys_collector,
	&catalog_collector,
	&jira_collector,
	NULL
};

const struct collector *collector_find(const char *name)
{
	for (const struct collector *const *c = collectors; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

int collect_source(const struct collector *c, struct collect_ctx *ctx, struct strbuf *err)
{
	int64_t id;
	int rc;
	const char *status;
	struct strbuf end_err = STRBUF_INIT;
	char *message = NULL;
	unsigned warn0 = ctx->log->counts[LOG_WARN];
	int64_t wall0 = time_now();

	memset(&ctx->stats, 0, sizeof(ctx->stats));
	ctx->partial = 0;
	ctx->partial_fails = 0;
	if (store_run_begin(ctx->db, c->name, ctx->now, &id, err))
		return -1;
	rc = c->run(ctx, err);
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
