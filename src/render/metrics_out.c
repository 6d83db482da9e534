/* Metric values as the export contract's JSON and CSV. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "render/csvw.h"
#include "render/metrics_out.h"
#include "util/strbuf.h"

static json_t *flags_array(const char *text)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL;

	if (!json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	return a;
}

static json_t *nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

int metrics_write_json(FILE *fp, const char *period, const struct metric_rows *rows, struct strbuf *err)
{
	return metrics_write_json_annotated(fp, period, rows, NULL, NULL, NULL, err);
}

int metrics_write_json_annotated(FILE *fp, const char *period, const struct metric_rows *rows, json_t *extra,
				 json_t *(*annotate)(const struct metric_row *row, void *ctx), void *ctx,
				 struct strbuf *err)
{
	json_t *root = json_object(), *arr = json_array();
	int ret = 0;

	json_object_set_new(root, "period", json_string(period));
	if (extra)
		json_object_update(root, extra);
	for (size_t i = 0; i < rows->n; i++) {
		const struct metric_row *r = &rows->v[i];
		json_t *o = json_object();

		json_object_set_new(o, "metric", json_string(r->metric));
		json_object_set_new(o, "scope", json_string(r->scope));
		json_object_set_new(o, "value", isnan(r->value) ? json_null() : json_real(r->value));
		json_object_set_new(o, "unit", json_string(r->unit));
		json_object_set_new(o, "n", json_integer(r->n));
		json_object_set_new(o, "band", nullable(r->band));
		json_object_set_new(o, "tier", nullable(r->tier));
		json_object_set_new(o, "flags", flags_array(r->flags));
		if (annotate) {
			json_t *more = annotate(r, ctx);

			if (more)
				json_object_update(o, more);
			json_decref(more);
		}
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "metrics", arr);
	if (json_dumpf(root, fp, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) | JSON_INDENT(0) | JSON_COMPACT) ||
	    fputc('\n', fp) == EOF) {
		strbuf_addstr(err, "cannot write the JSON output");
		ret = -1;
	}
	json_decref(root);
	return ret;
}

int metrics_write_csv(FILE *fp, const struct metric_rows *rows, int bom, struct strbuf *err)
{
	static const char *const header[] = { "metric", "period", "scope", "value", "unit", "n", "band", "tier", "flags" };
	struct csvw w;

	csvw_init(&w, fp, bom);
	for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		csvw_raw(&w, header[i]);
	csvw_end(&w);
	for (size_t i = 0; i < rows->n; i++) {
		const struct metric_row *r = &rows->v[i];
		json_t *flags = flags_array(r->flags), *f;
		struct strbuf joined = STRBUF_INIT;
		size_t k;

		json_array_foreach(flags, k, f) {
			if (k)
				strbuf_addch(&joined, ';');
			strbuf_addstr(&joined, json_string_value(f) ? json_string_value(f) : "");
		}
		json_decref(flags);
		csvw_raw(&w, r->metric);
		csvw_raw(&w, r->period);
		csvw_text(&w, r->scope);
		csvw_num(&w, r->value);
		csvw_raw(&w, r->unit);
		csvw_int(&w, (long long)r->n);
		csvw_raw(&w, r->band);
		csvw_raw(&w, r->tier);
		csvw_raw(&w, joined.buf);
		csvw_end(&w);
		strbuf_release(&joined);
	}
	if (ferror(fp)) {
		strbuf_addstr(err, "cannot write the CSV output");
		return -1;
	}
	return 0;
}
