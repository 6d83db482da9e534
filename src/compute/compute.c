/* The compute stage: turn collected rows into metric values per period. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "compute/compute.h"
#include "compute/dora_commits.h"
#include "compute/metric_defs.h"
#include "compute/ownership.h"
#include "store/metrics.h"
#include "util/defs.h"
#include "util/xalloc.h"

void flagset_add(struct flagset *f, const char *flag)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i], flag))
			return;
	if (f->n < sizeof(f->v) / sizeof(f->v[0]))
		f->v[f->n++] = flag;
}

char *flagset_json(const struct flagset *f)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; f && i < f->n; i++)
		json_array_append_new(a, json_string(f->v[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

int compute_put(struct compute_ctx *ctx, const struct period *p, const char *metric, const char *scope, double value,
		int64_t n, const struct flagset *flags, const char *detail, struct strbuf *err)
{
	const struct metric_def *def = metric_def_find(metric);
	struct metric_value mv;
	char *fl;
	int ret;

	if (!def) {
		strbuf_addf(err, "internal error: unknown metric '%s'", metric);
		return -1;
	}
	fl = flagset_json(flags);
	mv.metric = metric;
	mv.period = p->label;
	mv.scope = scope;
	mv.value = value;
	mv.unit = def->unit;
	mv.n = n;
	mv.band = classify(ctx->bands, metric, value);
	mv.tier = classify(ctx->tiers, metric, value);
	mv.flags = fl;
	mv.detail = detail;
	ret = store_metric_put(ctx->db, &mv, ctx->now, err);
	free(fl);
	return ret;
}

int compute_period(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	if (db_begin(ctx->db, err))
		return -1;
	if (store_metrics_delete_period(ctx->db, p->label, err))
		goto fail;
	for (const struct metric_module *const *m = metric_modules; *m; m++) {
		if ((*m)->compute(ctx, p, err)) {
			strbuf_addf(err, " (computing %s for %s)", (*m)->name, p->label);
			goto fail;
		}
	}
	return db_commit(ctx->db, err);
fail:
	db_rollback(ctx->db);
	return -1;
}

int compute_ctx_init(struct compute_ctx *ctx, struct db *db, const struct config *cfg, const struct period_cfg *pcfg,
		     int64_t now, struct log *log, struct strbuf *err)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->db = db;
	ctx->cfg = cfg;
	ctx->pcfg = pcfg;
	ctx->now = now;
	ctx->log = log;
	if (classify_load(cfg, "bands", &ctx->bands, err))
		return -1;
	/* DORA tiers: reports/<dora.benchmarks>.json (dora-2023, dora-2024, or a file in definitions_dir). */
	if (cfg->dora.benchmarks && *cfg->dora.benchmarks && classify_load(cfg, cfg->dora.benchmarks, &ctx->tiers, err)) {
		strbuf_addstr(err, " (set by 'dora.benchmarks'; built in are dora-2023 and dora-2024)");
		classify_free(ctx->bands);
		ctx->bands = NULL;
		return -1;
	}
	return 0;
}

void compute_ctx_release(struct compute_ctx *ctx)
{
	classify_free(ctx->bands);
	classify_free(ctx->tiers);
	ownership_free(ctx->ownership);
	dora_commits_free(ctx->dora_commits);
	ctx->bands = ctx->tiers = NULL;
	ctx->ownership = NULL;
	ctx->dora_commits = NULL;
}
