/* Tickets from a Jira CSV export: key, created, resolved, labels, components and a team when there is one. */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "collect/csvfile.h"
#include "collect/survey_columns.h"
#include "collect/tickets.h"
#include "store/imports.h"
#include "util/config_parse.h"
#include "util/csv.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const char *const key_names[] = { "issue key", "key", NULL };
static const char *const created_names[] = { "created", NULL };
static const char *const resolved_names[] = { "resolved", "resolution date", NULL };
static const char *const team_names[] = { "team", "team name", "custom field (team)", "custom field (team name)", "팀",
					  NULL };

struct tk_ctx {
	const char *name;
	GTimeZone *tz;
	enum datetext_order order;
	struct ticket_result *out;
	int key, created, resolved, team;
	unsigned char *is_label, *is_component; /* per column */
	size_t ncols;
};

static int find_columns(struct tk_ctx *c, const struct csv_record *h, struct strbuf *err)
{
	c->key = csvfile_column(h->field, h->n, key_names, 0, NULL);
	c->created = csvfile_column(h->field, h->n, created_names, 0, NULL);
	c->resolved = csvfile_column(h->field, h->n, resolved_names, 0, NULL);
	c->team = csvfile_column(h->field, h->n, team_names, 0, NULL);
	c->ncols = h->n;
	c->is_label = xcalloc(h->n ? h->n : 1, 1);
	c->is_component = xcalloc(h->n ? h->n : 1, 1);
	for (size_t i = 0; i < h->n; i++) {
		char *f = survey_fold(h->field[i]);

		c->is_label[i] = !strcmp(f, "labels") || !strcmp(f, "label");
		c->is_component[i] = !strcmp(f, "components") || !strcmp(f, "component/s") || !strcmp(f, "component");
		c->out->has_labels |= c->is_label[i];
		c->out->has_components |= c->is_component[i];
		g_free(f);
	}
	c->out->has_team = c->team >= 0;
	if (c->key < 0 || c->created < 0) {
		strbuf_addf(err, "%s:%ld: no '%s' column in the header: is this a Jira CSV export?", c->name, h->line,
			    c->key < 0 ? "Issue key" : "Created");
		return -1;
	}
	return 0;
}

static void add_unique(json_t *a, const char *s, size_t n)
{
	char *v = xstrndup(s, n);
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
		if (!strcmp(json_string_value(e), v)) {
			free(v);
			return;
		}
	json_array_append_new(a, json_string(v));
	free(v);
}

/* A JSON array of the cells of the marked columns; labels are also split on spaces and commas. */
static char *collect(const struct csv_record *rec, const unsigned char *mark, size_t ncols, int split)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; i < rec->n && i < ncols; i++) {
		const char *p = rec->field[i];

		if (!mark[i])
			continue;
		while (*p) {
			size_t skip = strspn(p, split ? " \t\r\n," : " \t\r\n");
			size_t n;

			p += skip;
			n = split ? strcspn(p, " \t\r\n,") : strlen(p);
			while (!split && n && strchr(" \t\r\n", p[n - 1]))
				n--;
			if (n)
				add_unique(a, p, n);
			p += split ? n : strlen(p);
		}
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static void read_row(struct tk_ctx *c, const struct csv_record *rec)
{
	const char *key = csv_cell(rec, c->key), *created = csv_cell(rec, c->created), *resolved = csv_cell(rec, c->resolved);
	struct ticket_row *row;
	int64_t tc, tr = TIME_NONE;
	char *k, *team;

	k = g_strstrip(xstrdup(key));
	if (!*k) {
		csv_problem(&c->out->problems, c->name, rec->line, "the issue key is empty");
		free(k);
		return;
	}
	if (datetext_parse(created, c->order, c->tz, &tc)) {
		csv_problem(&c->out->problems, c->name, rec->line, "%s: Created '%s' is not a date and time", k, created);
		free(k);
		return;
	}
	if (resolved[strspn(resolved, " ")] && datetext_parse(resolved, c->order, c->tz, &tr)) {
		csv_problem(&c->out->problems, c->name, rec->line, "%s: Resolved '%s' is not a date and time", k, resolved);
		free(k);
		return;
	}
	XGROW(c->out->rows, c->out->alloc, c->out->n + 1);
	row = &c->out->rows[c->out->n++];
	row->key = k;
	row->created_at = tc;
	row->resolved_at = tr;
	team = g_strstrip(xstrdup(csv_cell(rec, c->team)));
	row->team = *team ? team : (free(team), NULL);
	row->labels = collect(rec, c->is_label, c->ncols, 1);
	row->components = collect(rec, c->is_component, c->ncols, 0);
	row->line = rec->line;
}

/* csvfile_read_table callbacks */
static int table_header(void *data, const struct csv_record *rec, int *date_cols, struct strbuf *err)
{
	struct tk_ctx *c = data;

	if (find_columns(c, rec, err))
		return -1;
	date_cols[0] = c->created;
	date_cols[1] = c->resolved;
	return 0;
}

static void table_row(void *data, const struct csv_record *rec, enum datetext_order order)
{
	struct tk_ctx *c = data;

	c->order = order;
	read_row(c, rec);
}

int tickets_parse(const char *name, const char *text, size_t len, GTimeZone *tz, enum datetext_order order,
		  struct ticket_result *out, struct strbuf *err)
{
	struct tk_ctx c;
	struct csvfile_table t = { name, table_header, table_row, &c };
	int ret;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.tz = tz;
	c.order = order;
	c.out = out;
	ret = csvfile_read_table(&t, text, len, order, err);
	free(c.is_label);
	free(c.is_component);
	return ret;
}

void ticket_result_release(struct ticket_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].key);
		free(r->rows[i].team);
		free(r->rows[i].labels);
		free(r->rows[i].components);
	}
	free(r->rows);
	csv_problems_release(&r->problems);
	memset(r, 0, sizeof(*r));
}

int tickets_import_file(struct collect_ctx *ctx, const char *path, const char *encoding, int strict,
			struct strbuf *err)
{
	const struct config *cfg = ctx->cfg;
	struct ticket_result r;
	char *text = NULL, *base = csvfile_basename(path);
	size_t len = 0, added = 0, updated = 0;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	if (csvfile_read(path, encoding, &text, &len, err) ||
	    tickets_parse(path, text, len, ctx->pcfg->tz, DATETEXT_AUTO, &r, err))
		goto out;
	if (csvfile_check_problems(ctx, path, &r.problems, strict, err))
		goto out;
	if ((cfg->tickets.labels.n && !r.has_labels) || (cfg->tickets.components.n && !r.has_components))
		log_warn(ctx->log, "%s: tickets.infra_filter names %s but the export has no %s column: export all fields",
			 path, cfg->tickets.labels.n && !r.has_labels ? "labels" : "components",
			 cfg->tickets.labels.n && !r.has_labels ? "Labels" : "Components");
	if (db_begin(ctx->db, err))
		goto out;
	for (size_t i = 0; i < r.n; i++) {
		const struct ticket_row *row = &r.rows[i];
		struct ticket_rec rec = { row->key, row->created_at, row->resolved_at, row->team, row->labels,
					  row->components, base, row->line, 0 };
		enum store_put what;

		if (store_ticket_put(ctx->db, &rec, ctx->now, &what, err)) {
			db_rollback(ctx->db);
			goto out;
		}
		added += what == STORE_INSERTED;
		updated += what == STORE_UPDATED;
	}
	if (db_commit(ctx->db, err))
		goto out;
	ctx->stats.rows += (int64_t)(added + updated);
	if (r.problems.bad)
		ctx->partial = ctx->partial_fails = 1;
	log_info(ctx->log, "%s: %zu tickets read: %zu new, %zu updated, %zu already stored; %zu bad rows skipped%s", path,
		 r.n, added, updated, r.n - added - updated, r.problems.bad, r.has_team ? "" : "; no team column (org only)");
	ret = 0;
out:
	ticket_result_release(&r);
	free(text);
	free(base);
	return ret;
}

static int import(struct collect_ctx *ctx, const struct import_args *a, struct strbuf *err)
{
	return tickets_import_file(ctx, a->file, a->encoding, a->strict, err);
}

const struct importer tickets_importer = {
	.name = "tickets",
	.source = "tickets",
	.usage = "FILE [--strict] [--encoding E]",
	.summary = "a Jira CSV export of infrastructure tickets (tickets.infra_filter selects them)",
	.run = import,
	.status_rows = "status/rows_tickets",
	.oldest_data = "status/oldest_tickets",
	.config = config_tickets_section,
};
