/* Jira REST answers, pure: search pages (Cloud search/jql and Data Center search), issues, times, /myself, JQL bounds. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collect/jira_parse.h"
#include "collect/json.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* N decimal digits at *P into *V; advances *P.  0 or -1. */
static int digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

int jira_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	GDateTime *dt;

	if (!s || digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' || digits(&s, 2, &d) ||
	    (*s != 'T' && *s != ' ') || (s++, digits(&s, 2, &h)) || *s++ != ':' || digits(&s, 2, &mi))
		return -1;
	if (*s == ':') {
		s++;
		if (digits(&s, 2, &sec))
			return -1;
		if (*s == '.' || *s == ',') {
			s++;
			if (!isdigit((unsigned char)*s))
				return -1;
			while (isdigit((unsigned char)*s))
				s++;
		}
	}
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh))
			return -1;
		if (*s == ':')
			s++;
		if (*s && digits(&s, 2, &om))
			return -1;
		if (oh > 18 || om > 59)
			return -1;
	} else {
		return -1; /* Jira always sends an offset: a time without one is not Jira's */
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	dt = g_date_time_new_utc(y, mo, d, h, mi, sec > 59 ? 59 : sec);
	if (!dt)
		return -1;
	if (g_date_time_get_day_of_month(dt) != d) {
		g_date_time_unref(dt);
		return -1;
	}
	*out = g_date_time_to_unix(dt) - (int64_t)sign * (oh * 3600 + om * 60);
	g_date_time_unref(dt);
	return 0;
}

/* A member that is a Jira time string, or TIME_NONE. */
static int64_t time_of(const json_t *obj, const char *key)
{
	int64_t t;

	return jira_time_parse(json_str(obj, key), &t) ? TIME_NONE : t;
}

/* The text a field value names: a string, an option's value, a team's name or title, a component's name. */
static const char *value_text(const json_t *v)
{
	static const char *const keys[] = { "value", "name", "title", "displayName", NULL };

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_array(v))
		return json_array_size(v) ? value_text(json_array_get(v, 0)) : NULL;
	for (int i = 0; json_is_object(v) && keys[i]; i++)
		if (json_str(v, keys[i]) && *json_str(v, keys[i]))
			return json_str(v, keys[i]);
	return NULL;
}

/* A JSON array text of the string names of array V (components: their "name"). */
static char *names_of(const json_t *v)
{
	json_t *a = json_array(), *e;
	size_t i;
	char *s;

	json_array_foreach(v, i, e) {
		const char *t = json_is_string(e) ? json_string_value(e) : json_str(e, "name");

		if (t && *t)
			json_array_append_new(a, json_string(t));
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static void skip(struct jira_page *p, const char *key, const char *why)
{
	p->skipped++;
	if (!p->first_skipped)
		p->first_skipped = xasprintf("%s: %s", key ? key : "(an issue without a key)", why);
}

static void read_issue(struct jira_page *p, const json_t *item, const char *team_field)
{
	const json_t *f = json_object_get(item, "fields");
	const char *key = json_str(item, "key"), *id = json_str(item, "id"), *cat, *team = NULL;
	struct jira_issue *is;
	int64_t created, resolution;
	char *end = NULL;

	if (!key || !*key || !json_is_object(f)) {
		skip(p, key, "no key or no fields");
		return;
	}
	if ((created = time_of(f, "created")) == TIME_NONE) {
		skip(p, key, "no readable 'created' time (was 'created' in the fields asked for?)");
		return;
	}
	XGROW(p->v, p->alloc, p->n + 1);
	is = &p->v[p->n++];
	memset(is, 0, sizeof(*is));
	is->key = xstrdup(key);
	is->id = id ? strtoll(id, &end, 10) : -1;
	if (!id || !*id || *end || is->id < 0)
		is->id = -1;
	is->created = created;
	is->updated = time_of(f, "updated");
	resolution = time_of(f, "resolutiondate");
	cat = json_str(json_path(f, "status.statusCategory"), "key");
	if (cat)
		is->resolved = strcmp(cat, "done") ? TIME_NONE
			       : resolution != TIME_NONE ? resolution
			       : time_of(f, "statuscategorychangedate") != TIME_NONE ? time_of(f, "statuscategorychangedate")
			       : is->updated;
	else
		is->resolved = resolution;
	if (is->resolved != TIME_NONE && is->resolved < created)
		is->resolved = created; /* a clock skew between Jira nodes must not make a negative duration */
	is->labels = names_of(json_object_get(f, "labels"));
	is->components = names_of(json_object_get(f, "components"));
	if (team_field && *team_field)
		team = value_text(json_object_get(f, team_field));
	is->team = team && *team ? xstrdup(team) : NULL;
}

int jira_parse_page(const json_t *doc, const char *url, const char *team_field, struct jira_page *out,
		    struct strbuf *err)
{
	const json_t *issues = json_object_get(doc, "issues"), *item;
	const char *token;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->start_at = out->max_results = out->total = -1;
	if (!json_is_object(doc) || !json_is_array(issues)) {
		strbuf_addf(err, "%s: not a Jira search answer (no 'issues' list)", url);
		return -1;
	}
	json_array_foreach(issues, i, item) {
		out->listed++;
		read_issue(out, item, team_field);
	}
	token = json_str(doc, "nextPageToken");
	out->next_token = token && *token ? xstrdup(token) : NULL;
	out->is_last = json_bool(doc, "isLast", 0) || !out->next_token;
	if (json_int(doc, "startAt", &out->start_at))
		out->start_at = -1;
	if (json_int(doc, "maxResults", &out->max_results))
		out->max_results = -1;
	if (json_int(doc, "total", &out->total))
		out->total = -1;
	return 0;
}

void jira_page_release(struct jira_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].team);
		free(p->v[i].labels);
		free(p->v[i].components);
	}
	free(p->v);
	free(p->first_skipped);
	free(p->next_token);
	memset(p, 0, sizeof(*p));
}

char *jira_parse_myself(const json_t *doc, const char *url, struct strbuf *err)
{
	const char *tz = json_str(doc, "timeZone");

	if (!json_is_object(doc) || !tz || !*tz) {
		strbuf_addf(err, "%s: no 'timeZone' in the answer (is this Jira's /myself?)", url);
		return NULL;
	}
	return xstrdup(tz);
}

/* Where a trailing ORDER BY starts in JQL (outside quotes), or NULL. */
static const char *order_by(const char *jql)
{
	const char *found = NULL;
	char quote = 0;

	for (const char *p = jql; *p; p++) {
		if (quote) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			quote = *p;
			continue;
		}
		if ((p == jql || isspace((unsigned char)p[-1])) && !g_ascii_strncasecmp(p, "order", 5)) {
			const char *q = p + 5;

			while (isspace((unsigned char)*q))
				q++;
			if (q > p + 5 && !g_ascii_strncasecmp(q, "by", 2) && (!q[2] || isspace((unsigned char)q[2])))
				found = p;
		}
	}
	return found;
}

char *jira_jql_bounded(const char *jql, int64_t since, GTimeZone *tz)
{
	struct strbuf sb = STRBUF_INIT;
	const char *ob = order_by(jql ? jql : "");
	size_t n = ob ? (size_t)(ob - jql) : strlen(jql ? jql : "");

	while (n && isspace((unsigned char)jql[n - 1]))
		n--;
	if (since != TIME_NONE) {
		GDateTime *u = g_date_time_new_from_unix_utc(since), *l = u ? g_date_time_to_timezone(u, tz) : NULL;
		char *when = l ? g_date_time_format(l, "%Y-%m-%d %H:%M") : NULL;

		if (n)
			strbuf_addf(&sb, "(%.*s) AND ", (int)n, jql);
		strbuf_addf(&sb, "updated >= \"%s\"", when ? when : "1970-01-01 00:00");
		g_free(when);
		if (l)
			g_date_time_unref(l);
		if (u)
			g_date_time_unref(u);
	} else {
		strbuf_add(&sb, jql ? jql : "", n);
	}
	if (ob)
		strbuf_addf(&sb, " %s", ob);
	else
		strbuf_addstr(&sb, " ORDER BY key ASC");
	return strbuf_detach(&sb, NULL);
}

char *jira_error_text(const char *body, size_t len)
{
	json_t *doc = len ? json_loadb(body, len, 0, NULL) : NULL, *v;
	struct strbuf sb = STRBUF_INIT;
	const char *k;
	size_t i;

	json_array_foreach(json_object_get(doc, "errorMessages"), i, v)
		if (json_is_string(v))
			strbuf_addf(&sb, "%s%s", sb.len ? "; " : "", json_string_value(v));
	json_object_foreach(json_object_get(doc, "errors"), k, v)
		if (json_is_string(v))
			strbuf_addf(&sb, "%s%s: %s", sb.len ? "; " : "", k, json_string_value(v));
	if (!sb.len && json_str(doc, "message"))
		strbuf_addstr(&sb, json_str(doc, "message"));
	json_decref(doc);
	return sb.len ? strbuf_detach(&sb, NULL) : (strbuf_release(&sb), NULL);
}
