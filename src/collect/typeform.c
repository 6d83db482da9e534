/* Typeform responses as a survey source: the form's 0-10 question, comments and team, read through the API. */
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/rest.h"
#include "collect/typeform.h"
#include "collect/typeform_parse.h"
#include "store/imports.h"
#include "store/runs.h"
#include "util/hashkey.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define PAGE_SIZE 1000      /* the API's largest page */
#define OVERLAP 3600        /* "very recent responses may not be returned": read an hour again */
#define MAX_PAGES 10000

struct tf_run {
	struct collect_ctx *ctx;
	const struct survey_source *src;
	struct rest_client rc;
	struct typeform_form form;
	char *base, *name, *salt;   /* api_url trimmed; "typeform:FORM_ID" */
	int64_t newest;             /* newest submitted_at seen */
	size_t read, added, updated, unfinished, no_score, bad;
};

static int store_page(struct tf_run *t, const struct typeform_page *p, struct strbuf *err)
{
	if (db_begin(t->ctx->db, err))
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		const struct typeform_response *r = &p->v[i];
		const char *parts[3] = { "survey", "typeform", r->token };
		char key[HASHKEY_LEN + 1];
		struct survey_response_rec rec;
		enum store_put what;

		/* the same key as the form's CSV export ("#" column): an export and the API never double count */
		hashkey_make(t->salt, parts, 3, key);
		rec = (struct survey_response_rec){ key, "typeform", t->name, 0, r->submitted, r->score, r->team, r->comment };
		if (store_survey_response_put(t->ctx->db, &rec, t->ctx->now, &what, err)) {
			db_rollback(t->ctx->db);
			return -1;
		}
		t->added += what == STORE_INSERTED;
		t->updated += what == STORE_UPDATED;
		if (r->submitted > t->newest)
			t->newest = r->submitted;
	}
	t->read += p->n;
	t->unfinished += p->unfinished;
	t->no_score += p->no_score;
	t->bad += p->bad;
	t->ctx->stats.rows += (int64_t)p->n;
	return db_commit(t->ctx->db, err);
}

int typeform_client_init(struct rest_client *rc, char **base, const struct config *cfg,
			 const struct survey_source *src, struct log *log, struct run_stats *stats, struct strbuf *err)
{
	const char *token;
	char *auth;
	size_t n;
	int ret;

	*base = NULL;
	memset(rc, 0, sizeof(*rc));
	if (!(token = config_token(&src->token, "the Typeform survey source's token", err)))
		return -1;
	/* survey sources are a list, not a section the registry walks: register the secret here */
	log_add_secret(log, token);
	n = strlen(src->api_url);
	while (n && src->api_url[n - 1] == '/')
		n--;
	*base = xstrndup(src->api_url, n);
	auth = xasprintf("Authorization: Bearer %s", token);
	ret = rest_client_init(rc, cfg, log, stats, "Typeform", "surveys.sources[].token", src->token.where, token, auth,
			       err);
	memset(auth, 0, strlen(auth));
	free(auth);
	return ret;
}

int typeform_read_form(struct rest_client *rc, const char *base, const struct survey_source *src,
		       struct typeform_form *form, struct strbuf *err)
{
	char *id = http_escape(src->typeform), *url = xasprintf("%s/forms/%s", base, id);
	json_t *doc = NULL;
	int ret = -1;

	memset(form, 0, sizeof(*form));
	if (rest_get_json(rc, url, &doc, err)) {
		if (rc->status == 404)
			strbuf_addf(err, " (no form '%s' for this token: check 'typeform: %s' in the survey sources)",
				    src->typeform, src->typeform);
		goto out;
	}
	ret = typeform_parse_form(doc, url, src->score_field, (const char *const *)src->comment_fields.v,
				  src->comment_fields.n, src->team_field, form, err);
out:
	json_decref(doc);
	free(id);
	free(url);
	return ret;
}

static int read_responses(struct tf_run *t, int64_t since, struct strbuf *err)
{
	char *id = http_escape(t->src->typeform), *before = NULL, *url = NULL, num[32], when[32];
	struct typeform_page p;
	json_t *doc = NULL;
	int ret = -1;

	memset(&p, 0, sizeof(p));
	for (int page = 0; page < MAX_PAGES; page++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s/forms/%s/responses", t->base, id);
		snprintf(num, sizeof(num), "%d", PAGE_SIZE);
		rest_add_param(&sb, "page_size", num);
		rest_add_param(&sb, "completed", "true");
		if (since != TIME_NONE) {
			time_format_iso(since, when, sizeof(when));
			when[19] = '\0'; /* 2020-03-20T14:00:59: UTC to the second, as the API reads it */
			rest_add_param(&sb, "since", when);
		}
		if (before)
			rest_add_param(&sb, "before", before);
		free(url);
		url = strbuf_detach(&sb, NULL);
		if (rest_get_json(&t->rc, url, &doc, err) || typeform_parse_responses(doc, url, &t->form, &p, err) ||
		    store_page(t, &p, err))
			goto out;
		json_decref(doc);
		doc = NULL;
		collect_progress(t->ctx, "responses", (int64_t)t->read, p.total_items > 0 ? p.total_items : 0);
		/* newest first; the next page is the one before this page's last response */
		if (p.items < PAGE_SIZE || !p.last_token)
			break;
		if (before && !strcmp(before, p.last_token)) {
			strbuf_addf(err, "%s: Typeform answered the same page again: stopping rather than looping", url);
			goto out;
		}
		free(before);
		before = p.last_token;
		p.last_token = NULL;
		typeform_page_release(&p);
	}
	ret = 0;
out:
	typeform_page_release(&p);
	json_decref(doc);
	free(id);
	free(before);
	free(url);
	return ret;
}

int typeform_collect(struct collect_ctx *ctx, const struct survey_source *src, struct strbuf *err)
{
	struct tf_run t;
	char *mark = NULL, newest[32];
	int64_t since = TIME_NONE;
	int ret = -1;

	memset(&t, 0, sizeof(t));
	t.ctx = ctx;
	t.src = src;
	t.newest = TIME_NONE;
	t.name = xasprintf("typeform:%s", src->typeform);
	if (typeform_client_init(&t.rc, &t.base, ctx->cfg, src, ctx->log, &ctx->stats, err) ||
	    store_privacy_salt(ctx->db, ctx->now, &t.salt, err) || typeform_read_form(&t.rc, t.base, src, &t.form, err))
		goto out;
	if (store_state_get(ctx->db, "typeform", src->typeform, &mark, err))
		goto out;
	if (mark && !time_parse_iso(mark, NULL, &since))
		since -= OVERLAP;
	else
		since = TIME_NONE;
	if (read_responses(&t, since, err))
		goto out;
	if (t.newest != TIME_NONE) {
		time_format_iso(t.newest, newest, sizeof(newest));
		if (store_state_set(ctx->db, "typeform", src->typeform, newest, ctx->now, err))
			goto out;
	}
	if (t.bad) {
		ctx->partial = 1;
		log_warn(ctx->log, "%s: %zu responses skipped: a score outside 0-10 or no response token", t.name, t.bad);
	}
	log_info(ctx->log, "%s: form '%s', 0-10 question %s: %zu responses read (%s): %zu new, %zu updated; skipped: "
		 "%zu unfinished, %zu without a score, %zu bad", t.name, t.form.title ? t.form.title : "",
		 t.form.score_ref ? t.form.score_ref : t.form.score_id, t.read, since == TIME_NONE ? "all" : "since the last run",
		 t.added, t.updated, t.unfinished, t.no_score, t.bad);
	ret = 0;
out:
	rest_client_release(&t.rc);
	typeform_form_release(&t.form);
	free(t.base);
	free(t.name);
	free(t.salt);
	free(mark);
	return ret;
}
