/* Pure reading of Argo CD answers: applications, their sync history and last operation; repository URLs. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/argocd_parse.h"
#include "collect/json.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* REVISIONS joined by spaces, or REVISION. */
static char *joined(const json_t *revisions, const char *revision)
{
	struct strbuf sb = STRBUF_INIT;
	const json_t *r;
	size_t i;

	if (json_is_array(revisions) && json_array_size(revisions)) {
		json_array_foreach(revisions, i, r)
			strbuf_addf(&sb, "%s%s", i ? " " : "", json_is_string(r) ? json_string_value(r) : "");
		return strbuf_detach(&sb, NULL);
	}
	strbuf_release(&sb);
	return revision ? xstrdup(revision) : NULL;
}

static int read_entry(const json_t *item, struct argocd_entry *e)
{
	const json_t *revisions = json_object_get(item, "revisions"), *sources = json_object_get(item, "sources");

	memset(e, 0, sizeof(*e));
	e->deployed_at = json_time(item, "deployedAt");
	e->started_at = json_time(item, "deployStartedAt");
	if (json_int(item, "id", &e->id) || e->deployed_at == TIME_NONE)
		return -1;
	e->revision = joined(revisions, json_str(item, "revision"));
	if (!e->revision)
		e->revision = xstrdup("");
	if (json_is_array(revisions) && json_array_size(revisions)) {
		for (size_t i = 0; i < json_array_size(revisions); i++) {
			const json_t *r = json_array_get(revisions, i);
			const char *url = json_str(json_array_get(sources, i), "repoURL");

			push(&e->revisions, &e->nrev, json_is_string(r) ? json_string_value(r) : "");
			e->nrev--;
			push(&e->repos, &e->nrev, url ? url : "");
		}
	} else {
		const char *url = json_str(json_object_get(item, "source"), "repoURL");

		push(&e->revisions, &e->nrev, e->revision);
		e->nrev--;
		push(&e->repos, &e->nrev, url ? url : "");
	}
	return 0;
}

static void entry_release(struct argocd_entry *e)
{
	free(e->revision);
	free_list(e->revisions, e->nrev);
	free_list(e->repos, e->nrev);
}

int argocd_parse_app(const json_t *app, struct argocd_app *out, size_t *skipped, struct strbuf *why)
{
	const json_t *meta = json_object_get(app, "metadata"), *spec = json_object_get(app, "spec");
	const json_t *status = json_object_get(app, "status"), *labels = json_object_get(meta, "labels");
	const json_t *sources = json_object_get(spec, "sources"), *history = json_object_get(status, "history");
	const json_t *images = json_path(status, "summary.images"), *op = json_object_get(status, "operationState");
	const json_t *sync = json_path(op, "syncResult"), *v;
	const char *key, *src;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->history_limit = -1;
	if (!json_str(meta, "name") || !*json_str(meta, "name")) {
		strbuf_addstr(why, "an application without metadata.name");
		return -1;
	}
	if (!json_str(meta, "uid") || !*json_str(meta, "uid")) {
		strbuf_addf(why, "application '%s' has no metadata.uid", json_str(meta, "name"));
		return -1;
	}
	out->name = xstrdup(json_str(meta, "name"));
	out->uid = xstrdup(json_str(meta, "uid"));
	out->project = dup_or_null(json_str(spec, "project"));
	if (json_int(spec, "revisionHistoryLimit", &out->history_limit))
		out->history_limit = -1;
	if (json_is_array(sources) && json_array_size(sources)) {
		json_array_foreach(sources, i, v)
			if ((src = json_str(v, "repoURL")))
				push(&out->source_repos, &out->nsources, src);
	} else if ((src = json_str(json_object_get(spec, "source"), "repoURL"))) {
		push(&out->source_repos, &out->nsources, src);
	}
	if (json_is_object(labels)) {
		json_object_foreach((json_t *)labels, key, v)
			if (json_is_string(v)) {
				char *kv = xasprintf("%s=%s", key, json_string_value(v));

				push(&out->labels, &out->nlabels, kv);
				free(kv);
			}
	}
	if (json_is_array(history)) {
		json_array_foreach(history, i, v) {
			struct argocd_entry e;

			if (read_entry(v, &e)) {
				if (skipped)
					++*skipped;
				continue;
			}
			out->history = xrealloc(out->history, (out->nhistory + 1) * sizeof(*out->history));
			out->history[out->nhistory++] = e;
		}
	}
	if (json_is_array(images)) {
		json_array_foreach(images, i, v)
			if (json_is_string(v))
				push(&out->images, &out->nimages, json_string_value(v));
	}
	if (json_is_object(op)) {
		out->op_phase = dup_or_null(json_str(op, "phase"));
		out->op_revision = joined(json_object_get(sync, "revisions"), json_str(sync, "revision"));
		if (!out->op_revision || !*out->op_revision) {
			const json_t *opsync = json_path(op, "operation.sync");

			free(out->op_revision);
			out->op_revision = joined(json_object_get(opsync, "revisions"), json_str(opsync, "revision"));
		}
		out->op_started = json_time(op, "startedAt");
		out->op_finished = json_time(op, "finishedAt");
	}
	return 0;
}

void argocd_app_release(struct argocd_app *a)
{
	free(a->name);
	free(a->uid);
	free(a->project);
	free_list(a->source_repos, a->nsources);
	free_list(a->labels, a->nlabels);
	for (size_t i = 0; i < a->nhistory; i++)
		entry_release(&a->history[i]);
	free(a->history);
	free_list(a->images, a->nimages);
	free(a->op_phase);
	free(a->op_revision);
	memset(a, 0, sizeof(*a));
}

int argocd_list_items(const json_t *doc, const char *url, const json_t **items, struct strbuf *err)
{
	const json_t *v = json_object_get(doc, "items");

	*items = NULL;
	if (!json_is_object(doc)) {
		strbuf_addf(err, "%s: expected an application list object ({\"items\": [...]})", url);
		return -1;
	}
	if (v && !json_is_null(v) && !json_is_array(v)) {
		strbuf_addf(err, "%s: 'items' is neither a list nor null", url);
		return -1;
	}
	*items = json_is_array(v) ? v : NULL;
	return 0;
}

char *argocd_repo_of_url(const char *url, const char *host)
{
	size_t hl = host ? strlen(host) : 0;
	const char *p = url, *slash;
	char *out;
	size_t n;

	if (!url || !hl)
		return NULL;
	if (!strncasecmp(p, "https://", 8))
		p += 8;
	else if (!strncasecmp(p, "http://", 7))
		p += 7;
	else if (!strncasecmp(p, "ssh://", 6))
		p += 6;
	else if (!strncasecmp(p, "git://", 6))
		p += 6;
	if (!strncasecmp(p, "git@", 4))
		p += 4;
	if (strncasecmp(p, host, hl) || (p[hl] != '/' && p[hl] != ':'))
		return NULL;
	p += hl + 1;
	slash = strchr(p, '/');
	if (!slash || slash == p)
		return NULL;
	n = strcspn(slash + 1, "/?#");
	if (!n || (slash[1 + n] == '/' && slash[2 + n]))
		return NULL;
	out = xstrndup(p, (size_t)(slash - p) + 1 + n);
	n = strlen(out);
	if (n > 4 && !strcasecmp(out + n - 4, ".git"))
		out[n - 4] = '\0';
	if (out[strlen(out) - 1] == '/') {
		free(out);
		return NULL;
	}
	return out;
}

static int has_label(char *const *labels, size_t n, const char *key, size_t klen, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(labels[i], key, klen) && labels[i][klen] == '=' &&
		    (!value || !strcmp(labels[i] + klen + 1, value)))
			return 1;
	return 0;
}

int argocd_selector_match(const char *selector, char *const *labels, size_t nlabels)
{
	char *copy, *tok, *save = NULL;
	int ok = 1, any = 0;

	if (!selector)
		return 0;
	copy = xstrdup(selector);
	for (tok = strtok_r(copy, ",", &save); tok && ok; tok = strtok_r(NULL, ",", &save)) {
		char *k = tok, *op, *end;
		int neg = 0, exists = 0;
		const char *val;

		while (isspace((unsigned char)*k))
			k++;
		end = k + strlen(k);
		while (end > k && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (!*k)
			continue;
		any = 1;
		if ((op = strstr(k, "!="))) {
			neg = 1;
			*op = '\0';
			val = op + 2;
		} else if ((op = strstr(k, "=="))) {
			*op = '\0';
			val = op + 2;
		} else if ((op = strchr(k, '='))) {
			*op = '\0';
			val = op + 1;
		} else {
			exists = 1;
			val = NULL;
			if (*k == '!') {
				neg = 1;
				k++;
			}
		}
		end = k + strlen(k);
		while (end > k && isspace((unsigned char)end[-1]))
			*--end = '\0';
		while (val && isspace((unsigned char)*val))
			val++;
		ok = has_label(labels, nlabels, k, strlen(k), exists ? NULL : val) != neg;
	}
	free(copy);
	return any && ok;
}

int argocd_is_sha(const char *s)
{
	size_t n = 0;

	for (; s && isxdigit((unsigned char)s[n]); n++)
		;
	return s && n == 40 && !s[n];
}

char *argocd_image_commit(char *const *images, size_t nimages, const regex_t *rx)
{
	for (size_t i = 0; rx && i < nimages; i++) {
		const char *img = images[i], *seg = strrchr(img, '/'), *tag;
		regmatch_t m[2];
		size_t n;
		char *out;

		seg = seg ? seg + 1 : img;
		tag = strchr(seg, ':');
		tag = tag ? tag + 1 : NULL;
		if (!tag || regexec(rx, tag, 2, m, 0) || m[1].rm_so < 0)
			continue;
		n = (size_t)(m[1].rm_eo - m[1].rm_so);
		if (n < 7 || n > 40)
			continue;
		out = xstrndup(tag + m[1].rm_so, n);
		for (size_t k = 0; k < n; k++) {
			if (!isxdigit((unsigned char)out[k])) {
				free(out);
				out = NULL;
				break;
			}
			out[k] = (char)tolower((unsigned char)out[k]);
		}
		if (out)
			return out;
	}
	return NULL;
}

double argocd_sync_rate(const struct argocd_app *a)
{
	double days;

	if (a->nhistory < 2)
		return NAN;
	days = (double)(a->history[a->nhistory - 1].deployed_at - a->history[0].deployed_at) / 86400.0;
	return days > 0 ? (double)(a->history[a->nhistory - 1].id - a->history[0].id) / days : NAN;
}
