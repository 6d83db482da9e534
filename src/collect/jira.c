/*
 * The jira collector: tickets (jira.tickets_jql) and incidents (jira.incidents_jql) from Jira
 * Cloud or Data Center, incrementally by update time.
 *
 * Which API: Cloud answers /rest/api/3/search/jql (token pages); a server that answers it 404 is
 * Data Center, read with /rest/api/2/search (startAt pages).  The old /rest/api/3/search is never
 * used (Cloud answers it 410).  JQL date literals are read in the API user's time zone, so the
 * incremental bound is written in the zone /myself reports.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "collect/jira.h"
#include "collect/jira_parse.h"
#include "collect/json.h"
#include "collect/rest.h"
#include "store/imports.h"
#include "store/jira.h"
#include "store/runs.h"
#include "util/config_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define OVERLAP (24 * 3600) /* search is eventually consistent: read a day again */
#define MAX_PAGES 100000

enum jira_kind { JIRA_UNKNOWN, JIRA_CLOUD, JIRA_DC };

struct jira_run {
	struct collect_ctx *ctx;
	struct rest_client rc;
	char *base;                 /* base_url without trailing slashes */
	enum jira_kind kind;
	GTimeZone *tz;              /* the API user's zone */
	char *fields;               /* fields= of every search */
	/* this query's counts */
	int64_t issues, added, updated, skipped;
	GHashTable *seen;           /* a full read: the keys it returned (the others are forgotten after it) */
};

/* What a search is for. */
struct jira_query {
	const char *what;           /* "tickets" or "incidents": the state key too */
	const char *jql;
	int (*put)(struct jira_run *j, const struct jira_issue *is, struct strbuf *err);
};

static int put_ticket(struct jira_run *j, const struct jira_issue *is, struct strbuf *err)
{
	struct ticket_rec rec = { is->key, is->created, is->resolved, is->team, is->labels, is->components, "jira", 0, 1 };
	enum store_put what;

	if (store_ticket_put(j->ctx->db, &rec, j->ctx->now, &what, err))
		return -1;
	if (j->seen)
		g_hash_table_add(j->seen, g_strdup(is->key));
	j->added += what == STORE_INSERTED;
	j->updated += what == STORE_UPDATED;
	return 0;
}

/* The components and labels of IS in one JSON array: the names that may name a service. */
static char *service_names(const struct jira_issue *is)
{
	json_t *a = json_loads(is->components ? is->components : "[]", 0, NULL);
	json_t *b = json_loads(is->labels ? is->labels : "[]", 0, NULL);
	char *s;

	if (!json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	if (json_is_array(b))
		json_array_extend(a, b);
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	json_decref(b);
	return s;
}

static int put_incident(struct jira_run *j, const struct jira_issue *is, struct strbuf *err)
{
	char *names;
	struct jira_incident_rec rec;
	int rc;

	if (is->id < 0) {
		j->skipped++;
		return 0;
	}
	names = service_names(is);
	rec = (struct jira_incident_rec){ is->key, is->id, is->created, is->resolved, names,
					  is->updated != TIME_NONE ? is->updated : is->created };
	rc = store_jira_incident_put(j->ctx->db, &rec, err);
	j->added += !rc;
	if (!rc && j->seen)
		g_hash_table_add(j->seen, g_strdup(is->key));
	free(names);
	return rc;
}

static char *url_of(struct jira_run *j, const char *path, const char *jql, const char *token, int64_t start_at)
{
	struct strbuf sb = STRBUF_INIT;
	char num[32];

	strbuf_addf(&sb, "%s%s", j->base, path);
	rest_add_param(&sb, "jql", jql);
	rest_add_param(&sb, "fields", j->fields);
	snprintf(num, sizeof(num), "%d", j->ctx->cfg->jira.page_size);
	rest_add_param(&sb, "maxResults", num);
	if (token)
		rest_add_param(&sb, "nextPageToken", token);
	if (start_at >= 0) {
		snprintf(num, sizeof(num), "%lld", (long long)start_at);
		rest_add_param(&sb, "startAt", num);
	}
	return strbuf_detach(&sb, NULL);
}

/* Store one page in one transaction. */
static int store_page(struct jira_run *j, const struct jira_query *q, const struct jira_page *p, const char *url,
		      struct strbuf *err)
{
	if (p->skipped) {
		j->skipped += (int64_t)p->skipped;
		log_warn(j->ctx->log, "jira: %s: %zu issue%s skipped (%s)", url, p->skipped, p->skipped == 1 ? "" : "s",
			 p->first_skipped);
		j->ctx->partial = 1;
	}
	if (db_begin(j->ctx->db, err))
		return -1;
	for (size_t i = 0; i < p->n; i++)
		if (q->put(j, &p->v[i], err)) {
			db_rollback(j->ctx->db);
			return -1;
		}
	j->issues += (int64_t)p->n;
	j->ctx->stats.rows += (int64_t)p->n;
	return db_commit(j->ctx->db, err);
}

/* GET one page; on the first page of an unknown server, decide Cloud or Data Center by the answer. */
static int get_page(struct jira_run *j, const char *jql, const char *token, int64_t start_at, struct jira_page *p,
		    char **url, struct strbuf *err)
{
	json_t *doc = NULL;
	int ret = -1;

	*url = url_of(j, j->kind == JIRA_DC ? "/rest/api/2/search" : "/rest/api/3/search/jql", jql, token,
		      j->kind == JIRA_DC ? start_at : -1);
	if (rest_get_json(&j->rc, *url, &doc, err)) {
		if (j->kind != JIRA_UNKNOWN || j->rc.status != 404)
			goto out;
		/* No search/jql: a Data Center (or Server) site. */
		strbuf_reset(err);
		j->kind = JIRA_DC;
		log_debug(j->ctx->log, "jira: %s answered 404: a Data Center site, searching with /rest/api/2/search", *url);
		free(*url);
		return get_page(j, jql, token, start_at, p, url, err);
	}
	if (j->kind == JIRA_UNKNOWN)
		j->kind = JIRA_CLOUD;
	ret = jira_parse_page(doc, *url, j->ctx->cfg->jira.team_field, p, err);
out:
	if (ret && j->rc.status == 410)
		strbuf_addstr(err, " (this search API was removed from the server: Jira Cloud sites answer "
				   "/rest/api/3/search/jql, which answered 404 here)");
	json_decref(doc);
	return ret;
}

/* Every page of Q's JQL (bounded by SINCE), stored page by page. */
static int search(struct jira_run *j, const struct jira_query *q, const char *jql, struct strbuf *err)
{
	struct jira_page p;
	char *url = NULL, *token = NULL;
	int64_t start_at = 0;
	int ret = -1;

	memset(&p, 0, sizeof(p));
	for (int page = 0; page < MAX_PAGES; page++) {
		if (get_page(j, jql, token, start_at, &p, &url, err) || store_page(j, q, &p, url, err))
			goto out;
		collect_progress(j->ctx, q->what, j->issues, p.total > 0 ? p.total : 0);
		if (j->kind == JIRA_CLOUD) {
			if (p.is_last || !p.next_token)
				break;
			if (token && !strcmp(token, p.next_token)) {
				strbuf_addf(err, "%s: Jira answered the same nextPageToken again: stopping rather than looping", url);
				goto out;
			}
			free(token);
			token = p.next_token;
			p.next_token = NULL;
		} else {
			start_at = (p.start_at >= 0 ? p.start_at : start_at) + (int64_t)p.listed;
			if (!p.listed || (p.total >= 0 && start_at >= p.total) || p.total < 0)
				break;
		}
		jira_page_release(&p);
		free(url);
		url = NULL;
	}
	ret = 0;
out:
	jira_page_release(&p);
	free(url);
	free(token);
	return ret;
}

/* The query's incremental bound: its last run minus a day, unless the query or team field changed. */
static int bound_of(struct jira_run *j, const struct jira_query *q, char **query_id, int64_t *since,
		    struct strbuf *err)
{
	char *mark = NULL, *stored = NULL, *key = xasprintf("%s_query", q->what);
	int ret = -1;

	*since = TIME_NONE;
	*query_id = xasprintf("%s\x1f%s", q->jql, j->ctx->cfg->jira.team_field ? j->ctx->cfg->jira.team_field : "");
	if (store_state_get(j->ctx->db, "jira", q->what, &mark, err) ||
	    store_state_get(j->ctx->db, "jira", key, &stored, err))
		goto out;
	if (mark && stored && !strcmp(stored, *query_id) && !time_parse_iso(mark, NULL, since))
		*since -= OVERLAP;
	else
		*since = TIME_NONE;
	ret = 0;
out:
	free(mark);
	free(stored);
	free(key);
	return ret;
}

static int run_query(struct jira_run *j, const struct jira_query *q, struct strbuf *err)
{
	char *query_id = NULL, *jql = NULL, *key = xasprintf("%s_query", q->what), started[32];
	int64_t since, forgotten = 0;
	int ret = -1;

	j->issues = j->added = j->updated = j->skipped = 0;
	if (bound_of(j, q, &query_id, &since, err))
		goto out;
	if (since == TIME_NONE)
		j->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	jql = jira_jql_bounded(q->jql, since, j->tz);
	log_debug(j->ctx->log, "jira: %s: JQL %s", q->what, jql);
	if (search(j, q, jql, err))
		goto out;
	/* A full read (the first, or the query changed) is the whole set: what it did not return goes. */
	if (j->seen && !j->skipped && store_jira_forget(j->ctx->db, q->what, j->seen, &forgotten, err))
		goto out;
	if (forgotten)
		log_info(j->ctx->log, "jira: %s: %lld stored no longer match the query and were dropped", q->what,
			 (long long)forgotten);
	/* the next run starts from this one's start (minus the overlap) */
	time_format_iso(j->ctx->now, started, sizeof(started));
	if (store_state_set(j->ctx->db, "jira", q->what, started, j->ctx->now, err) ||
	    store_state_set(j->ctx->db, "jira", key, query_id, j->ctx->now, err))
		goto out;
	log_info(j->ctx->log, "jira: %s: %lld issues read (%s): %lld new, %lld updated%s", q->what, (long long)j->issues,
		 since == TIME_NONE ? "all" : "updated since the last run", (long long)j->added, (long long)j->updated,
		 j->skipped ? "; some skipped (see the warnings)" : "");
	ret = 0;
out:
	if (j->seen)
		g_hash_table_destroy(j->seen);
	j->seen = NULL;
	free(query_id);
	free(jql);
	free(key);
	return ret;
}

static int attribute_incidents(struct jira_run *j, struct strbuf *err)
{
	int64_t rows, none;
	char *first = NULL;

	if (store_jira_incidents_attribute(j->ctx->db, &rows, &none, &first, err))
		return -1;
	log_info(j->ctx->log, "jira: incidents: %lld attributed to services", (long long)rows);
	if (none)
		log_warn(j->ctx->log,
			 "jira: %lld incident%s name%s no GitHub repository or catalog component (as a component or a "
			 "label) and count%s nowhere: %s%s", (long long)none, none == 1 ? "" : "s", none == 1 ? "s" : "",
			 none == 1 ? "s" : "", first ? first : "", none > 5 ? ", ..." : "");
	free(first);
	return 0;
}

/* The API user's time zone (GET /rest/api/2/myself, which Cloud and Data Center both answer). */
static int user_zone(struct jira_run *j, struct strbuf *err)
{
	char *url = xasprintf("%s/rest/api/2/myself", j->base), *name = NULL;
	json_t *doc = NULL;
	int ret = -1;

	if (rest_get_json(&j->rc, url, &doc, err) || !(name = jira_parse_myself(doc, url, err)))
		goto out;
	j->tz = g_time_zone_new_identifier(name);
	if (!j->tz) {
		log_warn(j->ctx->log, "jira: %s: unknown time zone '%s': JQL bounds are written in UTC", url, name);
		j->tz = g_time_zone_new_utc();
	}
	log_debug(j->ctx->log, "jira: the API user's time zone is %s", name);
	ret = 0;
out:
	json_decref(doc);
	free(name);
	free(url);
	return ret;
}

int jira_client_init(struct rest_client *rc, char **base, const struct config *cfg, struct log *log,
		     struct run_stats *stats, struct strbuf *err)
{
	const char *token;
	char *auth, *pair, *b64 = NULL;
	size_t n;
	int ret;

	*base = NULL;
	memset(rc, 0, sizeof(*rc));
	if (!cfg->jira.base_url || !*cfg->jira.base_url) {
		strbuf_addstr(err, "no 'jira.base_url' configured: set it to the site's URL, e.g. https://acme.atlassian.net");
		return -1;
	}
	if (!(token = config_token(&cfg->jira.token, "jira.token", err)))
		return -1;
	log_add_secret(log, token);
	n = strlen(cfg->jira.base_url);
	while (n && cfg->jira.base_url[n - 1] == '/')
		n--;
	*base = xstrndup(cfg->jira.base_url, n);
	if (cfg->jira.email && *cfg->jira.email) {
		/* Cloud: Basic email:API token */
		pair = xasprintf("%s:%s", cfg->jira.email, token);
		b64 = g_base64_encode((const guchar *)pair, strlen(pair));
		log_add_secret(log, b64);
		auth = xasprintf("Authorization: Basic %s", b64);
		memset(pair, 0, strlen(pair));
		free(pair);
	} else {
		/* Data Center: a personal access token */
		auth = xasprintf("Authorization: Bearer %s", token);
	}
	ret = rest_client_init(rc, cfg, log, stats, "Jira", "jira.token", cfg->jira.token.where, token, auth, err);
	memset(auth, 0, strlen(auth));
	free(auth);
	g_free(b64);
	return ret;
}

static int client_init(struct jira_run *j, struct strbuf *err)
{
	const struct config *cfg = j->ctx->cfg;

	if (jira_client_init(&j->rc, &j->base, cfg, j->ctx->log, &j->ctx->stats, err))
		return -1;
	j->fields = cfg->jira.team_field && *cfg->jira.team_field && strcmp(cfg->jira.team_field, "components") &&
				    strcmp(cfg->jira.team_field, "labels")
			    ? xasprintf("%s,%s", JIRA_FIELDS, cfg->jira.team_field)
			    : xstrdup(JIRA_FIELDS);
	return 0;
}

static int configured(const struct config *cfg)
{
	return cfg->jira.base_url && *cfg->jira.base_url &&
	       ((cfg->jira.tickets_jql && *cfg->jira.tickets_jql) || (cfg->jira.incidents_jql && *cfg->jira.incidents_jql));
}

static int run(struct collect_ctx *ctx, struct strbuf *err)
{
	const struct config *cfg = ctx->cfg;
	const struct jira_query tickets = { "tickets", cfg->jira.tickets_jql, put_ticket };
	const struct jira_query incidents = { "incidents", cfg->jira.incidents_jql, put_incident };
	int want_tickets = cfg->jira.tickets_jql && *cfg->jira.tickets_jql;
	int want_incidents = cfg->jira.incidents_jql && *cfg->jira.incidents_jql && config_incidents_from(cfg, "jira");
	struct jira_run j;
	int ret = -1;

	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	if (!configured(cfg)) {
		strbuf_addstr(err, "jira is not configured: set jira.base_url and jira.tickets_jql or jira.incidents_jql");
		goto out;
	}
	if (cfg->jira.incidents_jql && *cfg->jira.incidents_jql && !want_incidents)
		log_warn(ctx->log, "jira.incidents_jql is set but dora.incidents does not name jira: incidents are not read");
	if (config_incidents_from(cfg, "jira") && !(cfg->jira.incidents_jql && *cfg->jira.incidents_jql))
		log_warn(ctx->log, "dora.incidents names jira but jira.incidents_jql is empty: no incident is read from Jira");
	if (client_init(&j, err) || user_zone(&j, err))
		goto out;
	if (want_tickets && run_query(&j, &tickets, err))
		goto out;
	if (want_incidents && (run_query(&j, &incidents, err) || attribute_incidents(&j, err)))
		goto out;
	ret = 0;
out:
	if (ret && j.rc.waited > 0)
		strbuf_addf(err, " (after %.0f s of rate-limit waits)", j.rc.waited);
	rest_client_release(&j.rc);
	if (j.tz)
		g_time_zone_unref(j.tz);
	free(j.base);
	free(j.fields);
	return ret;
}

static void describe(const struct config *cfg, struct strbuf *out)
{
	strbuf_addf(out, "jira at %s", cfg->jira.base_url);
}

const struct collector jira_collector = {
	.name = "jira",
	.summary = "Jira Cloud or Data Center: tickets (jira.tickets_jql) and incidents (jira.incidents_jql)",
	.configured = configured,
	.run = run,
	.configured_by = "jira.base_url",
	.describe = describe,
	.doctor = jira_doctor,
	.status_rows = "status/rows_jira",
	.oldest_data = "status/oldest_jira",
	.config = config_jira_section,
};
