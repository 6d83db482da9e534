/* The compute stage: turn collected rows into metric values per period. */
#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "compute/compute.h"
#include "compute/dora_input.h"
#include "compute/nps_metrics.h"
#include "compute/metric_defs.h"
#include "compute/ownership.h"
#include "compute/tickets.h"
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

/* The values of the period being computed, in the order they were put. */
struct compute_out {
	struct metric_value *v;
	size_t n, alloc;
	GStringChunk *strings;   /* scopes, flags and details of the values */
	struct {                 /* the definitions of the metric names last put (callers pass literals) */
		const char *name;
		const struct metric_def *def;
	} seen[32];
	size_t nseen;
};

/* FLAGS as JSON array text in OUT's chunk: what json_dumps() writes, without building a JSON tree. */
static const char *flags_text(struct compute_out *out, const struct flagset *f)
{
	char buf[512], *js;
	const char *kept;
	size_t n = 0;

	buf[n++] = '[';
	for (size_t i = 0; f && i < f->n; i++) {
		size_t len = strlen(f->v[i]);
		int plain = n + len + 4 < sizeof(buf);

		for (const char *c = f->v[i]; plain && *c; c++)
			plain = *c != '"' && *c != '\\' && (unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f;
		if (!plain) { /* needs escaping (or is long): let jansson write it */
			js = flagset_json(f);
			kept = g_string_chunk_insert_const(out->strings, js);
			free(js);
			return kept;
		}
		if (i)
			buf[n++] = ',';
		buf[n++] = '"';
		memcpy(buf + n, f->v[i], len);
		n += len;
		buf[n++] = '"';
	}
	buf[n++] = ']';
	buf[n] = 0;
	return g_string_chunk_insert_const(out->strings, buf);
}

/* The definition of METRIC: the callers' literals are remembered (and checked: a name may be in a buffer). */
static const struct metric_def *def_of(struct compute_out *out, const char *metric)
{
	const struct metric_def *def;

	for (size_t i = 0; i < out->nseen; i++)
		if (out->seen[i].name == metric && !strcmp(out->seen[i].def->name, metric))
			return out->seen[i].def;
	def = metric_def_find(metric);
	if (def && out->nseen < sizeof(out->seen) / sizeof(out->seen[0])) {
		out->seen[out->nseen].name = metric;
		out->seen[out->nseen++].def = def;
	}
	return def;
}

int compute_put(struct compute_ctx *ctx, const struct period *p, const char *metric, const char *scope, double value,
		int64_t n, const struct flagset *flags, const char *detail, struct strbuf *err)
{
	struct compute_out *out = ctx->out;
	const struct metric_def *def = out ? def_of(out, metric) : NULL;
	struct metric_value *mv;

	if (!out) {
		strbuf_addf(err, "internal error: %s put outside compute_periods()", metric);
		return -1;
	}
	if (!def) {
		strbuf_addf(err, "internal error: unknown metric '%s'", metric);
		return -1;
	}
	XGROW(out->v, out->alloc, out->n + 1);
	mv = &out->v[out->n++];
	mv->metric = def->name;
	mv->period = p->label;
	mv->scope = g_string_chunk_insert(out->strings, scope);
	mv->value = value;
	mv->unit = def->unit;
	mv->n = n;
	mv->band = classify(ctx->bands, metric, value);
	mv->tier = classify(ctx->tiers, metric, value);
	mv->flags = flags_text(out, flags);
	mv->detail = detail ? g_string_chunk_insert(out->strings, detail) : NULL;
	return 0;
}

/* Run every module for P into CTX->out; 0, or -1 with ERR. */
static int compute_one(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	for (const struct metric_module *const *m = metric_modules; *m; m++) {
		if ((*m)->compute(ctx, p, err)) {
			strbuf_addf(err, " (computing %s for %s)", (*m)->name, p->label);
			return -1;
		}
	}
	return 0;
}

int compute_periods(struct compute_ctx *ctx, const struct period *p, size_t n,
		    void (*done)(void *arg, const struct period *p, const char *error), void *arg,
		    struct metric_sync_stats *stats)
{
	struct compute_out out = { 0 };
	struct strbuf *errs = xcalloc(n ? n : 1, sizeof(*errs));
	struct strbuf txerr = STRBUF_INIT;
	struct metric_sync_stats one;
	size_t failed = 0;
	int tx_failed = 0;

	ctx->periods = p;
	ctx->nperiods = n;
	ctx->out = &out;
	for (size_t i = 0; i < n; i++)
		strbuf_init(&errs[i], 0);
	if (db_begin(ctx->db, &txerr)) {
		tx_failed = 1;
		goto report;
	}
	for (size_t i = 0; i < n; i++) {
		out.n = 0;
		if (out.strings)
			g_string_chunk_clear(out.strings);
		else
			out.strings = g_string_chunk_new(256 * 1024);
		if (compute_one(ctx, &p[i], &errs[i])) {
			if (!db_io_failed(ctx->db))
				continue; /* nothing of this period is written */
			db_rollback(ctx->db); /* the storage failed: the transaction may be gone */
			strbuf_addstr(&txerr, errs[i].buf);
			tx_failed = 1;
			goto report;
		}
		if (store_metrics_sync(ctx->db, p[i].label, out.v, out.n, ctx->now, &one, &txerr)) {
			/* a failed write leaves the transaction unusable: nothing of the run is written */
			db_rollback(ctx->db);
			tx_failed = 1;
			goto report;
		}
		if (stats) {
			stats->written += one.written;
			stats->deleted += one.deleted;
			stats->unchanged += one.unchanged;
		}
	}
	if (db_commit(ctx->db, &txerr))
		tx_failed = 1;
report:
	for (size_t i = 0; i < n; i++) {
		const char *why = tx_failed ? txerr.buf : errs[i].len ? errs[i].buf : NULL;

		failed += why != NULL;
		if (done)
			done(arg, &p[i], why);
		strbuf_release(&errs[i]);
	}
	free(errs);
	strbuf_release(&txerr);
	free(out.v);
	if (out.strings)
		g_string_chunk_free(out.strings);
	/* what was read for this run is not kept for the next one: the data may change in between */
	dora_input_free(ctx->dora_input);
	tickets_run_free(ctx->tickets);
	nps_run_free(ctx->nps);
	ctx->dora_input = NULL;
	ctx->tickets = NULL;
	ctx->nps = NULL;
	ctx->out = NULL;
	ctx->periods = NULL;
	ctx->nperiods = 0;
	return (int)failed;
}

/* compute_period()'s DONE: keep the error. */
static void keep_error(void *arg, const struct period *p, const char *error)
{
	(void)p;
	if (error)
		strbuf_addstr(arg, error);
}

int compute_period(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	return compute_periods(ctx, p, 1, keep_error, err, NULL) ? -1 : 0;
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
	dora_input_free(ctx->dora_input);
	tickets_run_free(ctx->tickets);
	nps_run_free(ctx->nps);
	ctx->tickets = NULL;
	ctx->nps = NULL;
	ctx->bands = ctx->tiers = NULL;
	ctx->ownership = NULL;
	ctx->dora_input = NULL;
}
