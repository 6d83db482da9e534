/* Onboarding records from CSV: person, team, start date, first productive date; the person is only kept hashed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/csvfile.h"
#include "collect/onboarding.h"
#include "collect/survey_columns.h"
#include "store/imports.h"
#include "util/csv.h"
#include "util/xalloc.h"

static const char *const productive_names[] = { "productive", "first pr", "first merged", "first deploy",
						"first commit", "first contribution", "생산", "첫 pr", "첫 배포",
						"첫 머지", NULL };
static const char *const start_names[] = { "start", "hire", "joined", "입사", "시작", "합류", NULL };
static const char *const person_names[] = { "person", "name", "engineer", "developer", "employee", "email",
					    "login", "user", "이름", "성명", "사람", NULL };
static const char *const team_names[] = { "team", "squad", "팀", NULL };

struct cols {
	int person, team, start, productive;
};

struct ob_ctx {
	const char *name;
	GTimeZone *tz;
	enum datetext_order order;
	const char *salt;
	struct cols c;
	struct onboarding_result *out;
};

static int find_columns(struct ob_ctx *c, const struct csv_record *h, struct strbuf *err)
{
	unsigned char *skip = xcalloc(h->n ? h->n : 1, 1);
	const char *missing = NULL;

	c->c.productive = csvfile_column(h->field, h->n, productive_names, 1, skip);
	if (c->c.productive >= 0)
		skip[c->c.productive] = 1;
	c->c.start = csvfile_column(h->field, h->n, start_names, 1, skip);
	if (c->c.start >= 0)
		skip[c->c.start] = 1;
	c->c.team = csvfile_column(h->field, h->n, team_names, 1, skip);
	if (c->c.team >= 0)
		skip[c->c.team] = 1;
	c->c.person = csvfile_column(h->field, h->n, person_names, 1, skip);
	free(skip);
	if (c->c.person < 0)
		missing = "person (person, name, engineer, ...)";
	else if (c->c.start < 0)
		missing = "start date (start, hire, joined, 입사, ...)";
	else if (c->c.productive < 0)
		missing = "first productive date (productive, first PR, first merged, first deploy, ...)";
	if (missing) {
		strbuf_addf(err, "%s:%ld: no %s column in the header", c->name, h->line, missing);
		return -1;
	}
	return 0;
}

/* Parse a date cell into its local calendar date. */
static int local_date(struct ob_ctx *c, const char *s, GDate *d, char buf[11])
{
	int64_t t;
	GDateTime *u, *l;

	if (datetext_parse(s, c->order, c->tz, &t))
		return -1;
	u = g_date_time_new_from_unix_utc(t);
	l = g_date_time_to_timezone(u, c->tz);
	g_date_clear(d, 1);
	g_date_set_dmy(d, (GDateDay)g_date_time_get_day_of_month(l), (GDateMonth)g_date_time_get_month(l),
		       (GDateYear)g_date_time_get_year(l));
	snprintf(buf, 11, "%04d-%02d-%02d", g_date_time_get_year(l), g_date_time_get_month(l),
		 g_date_time_get_day_of_month(l));
	g_date_time_unref(l);
	g_date_time_unref(u);
	return 0;
}

static void read_row(struct ob_ctx *c, const struct csv_record *rec)
{
	const char *person = csv_cell(rec, c->c.person), *start = csv_cell(rec, c->c.start);
	const char *prod = csv_cell(rec, c->c.productive), *team = csv_cell(rec, c->c.team);
	struct onboarding_row *row;
	GDate ds, dp;
	char sbuf[11], pbuf[11] = "";
	char *folded, *t;
	const char *parts[2];

	if (!person[strspn(person, " ")]) {
		csv_problem(&c->out->problems, c->name, rec->line, "the person is empty");
		return;
	}
	if (!start[strspn(start, " ")]) {
		csv_problem(&c->out->problems, c->name, rec->line, "the start date is empty");
		return;
	}
	if (local_date(c, start, &ds, sbuf)) {
		csv_problem(&c->out->problems, c->name, rec->line, "start date '%s' is not a date", start);
		return;
	}
	if (prod[strspn(prod, " ")]) {
		if (local_date(c, prod, &dp, pbuf)) {
			csv_problem(&c->out->problems, c->name, rec->line, "first productive date '%s' is not a date", prod);
			return;
		}
		if (g_date_compare(&dp, &ds) < 0) {
			csv_problem(&c->out->problems, c->name, rec->line, "the first productive date %s is before the start date %s", pbuf, sbuf);
			return;
		}
	}
	XGROW(c->out->rows, c->out->alloc, c->out->n + 1);
	row = &c->out->rows[c->out->n++];
	memset(row, 0, sizeof(*row));
	folded = survey_fold(person);
	parts[0] = "person";
	parts[1] = folded;
	hashkey_make(c->salt, parts, 2, row->key);
	g_free(folded);
	t = g_strstrip(xstrdup(team));
	row->team = *t ? t : (free(t), NULL);
	memcpy(row->start_date, sbuf, sizeof(sbuf));
	memcpy(row->productive_date, pbuf, sizeof(pbuf));
	row->days = *pbuf ? g_date_days_between(&ds, &dp) : 0;
	row->line = rec->line;
}

/* csvfile_read_table callbacks */
static int table_header(void *data, const struct csv_record *rec, int *date_cols, struct strbuf *err)
{
	struct ob_ctx *c = data;

	if (find_columns(c, rec, err))
		return -1;
	date_cols[0] = c->c.start;
	date_cols[1] = c->c.productive;
	return 0;
}

static void table_row(void *data, const struct csv_record *rec, enum datetext_order order)
{
	struct ob_ctx *c = data;

	c->order = order;
	read_row(c, rec);
}

int onboarding_parse(const char *name, const char *text, size_t len, GTimeZone *tz, enum datetext_order order,
		     const char *salt, struct onboarding_result *out, struct strbuf *err)
{
	struct ob_ctx c;
	struct csvfile_table t = { name, table_header, table_row, &c };

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.tz = tz;
	c.order = order;
	c.salt = salt;
	c.out = out;
	return csvfile_read_table(&t, text, len, order, err);
}

void onboarding_result_release(struct onboarding_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->rows[i].team);
	free(r->rows);
	csv_problems_release(&r->problems);
	memset(r, 0, sizeof(*r));
}

int onboarding_import_file(struct collect_ctx *ctx, const char *path, const char *encoding, int strict,
			   struct strbuf *err)
{
	struct onboarding_result r;
	char *text = NULL, *salt = NULL, *base = csvfile_basename(path);
	size_t len = 0, added = 0, updated = 0;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	if (csvfile_read(path, encoding, &text, &len, err) || store_privacy_salt(ctx->db, ctx->now, &salt, err) ||
	    onboarding_parse(path, text, len, ctx->pcfg->tz, DATETEXT_AUTO, salt, &r, err))
		goto out;
	if (csvfile_check_problems(ctx, path, &r.problems, strict, err))
		goto out;
	if (db_begin(ctx->db, err))
		goto out;
	for (size_t i = 0; i < r.n; i++) {
		const struct onboarding_row *row = &r.rows[i];
		struct onboarding_rec rec = { row->key, row->team, row->start_date,
					      *row->productive_date ? row->productive_date : NULL, row->days, base,
					      row->line };
		enum store_put what;

		if (store_onboarding_put(ctx->db, &rec, ctx->now, &what, err)) {
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
	log_info(ctx->log, "%s: %zu people read: %zu new, %zu updated, %zu already stored; %zu bad rows skipped", path,
		 r.n, added, updated, r.n - added - updated, r.problems.bad);
	ret = 0;
out:
	onboarding_result_release(&r);
	free(text);
	free(salt);
	free(base);
	return ret;
}

static int import(struct collect_ctx *ctx, const struct import_args *a, struct strbuf *err)
{
	return onboarding_import_file(ctx, a->file, a->encoding, a->strict, err);
}

const struct importer onboarding_importer = {
	.name = "onboarding",
	.source = "onboarding",
	.usage = "FILE [--strict] [--encoding E]",
	.summary = "onboarding records: person, team, start date, first productive date (the person kept hashed)",
	.run = import,
	.status_rows = "status/rows_onboarding",
	.oldest_data = "status/oldest_onboarding",
	.config = NULL,
};
