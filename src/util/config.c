/* The configuration file: YAML read with libyaml into struct config, checked key by key. */
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/config.h"
#include "util/fsutil.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct cparse {
	const char *name;      /* file name for messages */
	yaml_document_t *doc;
	struct config *cfg;
	struct strbuf *err;
};

enum ctype {
	T_STR,       /* string, ${VAR} substituted */
	T_INT,       /* integer within [min, max] */
	T_BOOL,      /* true/false/yes/no */
	T_MODE,      /* octal file mode such as 0600 */
	T_STRLIST,   /* a sequence of strings (a single string is accepted as a list of one) */
	T_KVLIST,    /* a mapping of strings to strings, kept in order */
	T_TOKEN,     /* a secret: only "${VAR}" is allowed */
	T_TOKENFILE, /* a secret read from the named file */
	T_SECTION,   /* a nested mapping described by sub */
	T_CUSTOM     /* handled by fn */
};

struct ckey;
typedef int (*custom_fn)(struct cparse *cp, yaml_node_t *node, void *field, const char *path);

struct ckey {
	const char *name;
	enum ctype type;
	size_t off;              /* offset of the field in the enclosing struct */
	const struct ckey *sub;  /* T_SECTION: its keys */
	custom_fn fn;            /* T_CUSTOM */
	long min, max;           /* T_INT bounds */
};

#define CFG_OFF(member) offsetof(struct config, member)

static int parse_map(struct cparse *cp, yaml_node_t *node, const struct ckey *keys, void *base, const char *path);

static int line_of(yaml_node_t *node)
{
	return (int)node->start_mark.line + 1;
}

static int fail(struct cparse *cp, yaml_node_t *node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct cparse *cp, yaml_node_t *node, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(cp->err, "%s:%d: ", cp->name, node ? line_of(node) : 1);
	va_start(ap, fmt);
	strbuf_vaddf(cp->err, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *scalar(yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

/* Replace ${VAR} by its value and $${ by a literal ${, as Backstage's app-config does. */
static int substitute(struct cparse *cp, yaml_node_t *node, const char *path, const char *in, char **out,
		      char **missing)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = in;

	if (missing)
		*missing = NULL;
	while (*p) {
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			strbuf_addstr(&sb, "${");
			p += 3;
		} else if (p[0] == '$' && p[1] == '{') {
			const char *end = strchr(p + 2, '}');
			char *var;
			const char *val;

			if (!end) {
				strbuf_release(&sb);
				return fail(cp, node, "unterminated '${' in '%s'", path);
			}
			var = xstrndup(p + 2, (size_t)(end - p - 2));
			val = getenv(var);
			if (!val) {
				if (missing) {
					*missing = var;
					strbuf_release(&sb);
					*out = NULL;
					return 0;
				}
				fail(cp, node, "environment variable '%s' is not set (used by '%s')", var, path);
				free(var);
				strbuf_release(&sb);
				return -1;
			}
			strbuf_addstr(&sb, val);
			free(var);
			p = end + 1;
		} else {
			strbuf_addch(&sb, *p++);
		}
	}
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

static int get_string(struct cparse *cp, yaml_node_t *node, const char *path, char **out)
{
	const char *s = scalar(node);

	if (!s)
		return fail(cp, node, "'%s' must be a string", path);
	return substitute(cp, node, path, s, out, NULL);
}

static int set_string(struct cparse *cp, yaml_node_t *node, const char *path, char **field)
{
	char *s;

	if (get_string(cp, node, path, &s))
		return -1;
	free(*field);
	*field = s;
	return 0;
}

static int set_int(struct cparse *cp, yaml_node_t *node, const char *path, int *field, long min, long max)
{
	const char *s = scalar(node);
	char *end;
	long v;

	if (!s || !*s)
		return fail(cp, node, "'%s' must be an integer", path);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return fail(cp, node, "'%s' must be an integer, not '%s'", path, s);
	if (v < min || v > max)
		return fail(cp, node, "'%s' must be between %ld and %ld, not %ld", path, min, max, v);
	*field = (int)v;
	return 0;
}

static int set_mode(struct cparse *cp, yaml_node_t *node, const char *path, int *field)
{
	const char *s = scalar(node);
	char *end;
	long v;

	if (!s || !*s)
		return fail(cp, node, "'%s' must be an octal file mode such as 0600", path);
	v = strtol(s, &end, 8);
	if (*end || v < 0 || v > 0777)
		return fail(cp, node, "'%s' must be an octal file mode such as 0600, not '%s'", path, s);
	*field = (int)v;
	return 0;
}

static int set_bool(struct cparse *cp, yaml_node_t *node, const char *path, int *field)
{
	static const char *const yes[] = { "true", "yes", "on", "True", "TRUE", "Yes", NULL };
	static const char *const no[] = { "false", "no", "off", "False", "FALSE", "No", NULL };
	const char *s = scalar(node);

	for (int i = 0; s && yes[i]; i++)
		if (!strcmp(s, yes[i]))
			return *field = 1, 0;
	for (int i = 0; s && no[i]; i++)
		if (!strcmp(s, no[i]))
			return *field = 0, 0;
	return fail(cp, node, "'%s' must be true or false", path);
}

static void list_push(struct str_list *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = s;
}

static void list_clear(struct str_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int set_strlist(struct cparse *cp, yaml_node_t *node, const char *path, struct str_list *l)
{
	char *s;

	list_clear(l);
	if (node->type == YAML_SCALAR_NODE) {
		if (!*scalar(node))
			return 0;
		if (get_string(cp, node, path, &s))
			return -1;
		list_push(l, s);
		return 0;
	}
	if (node->type != YAML_SEQUENCE_NODE)
		return fail(cp, node, "'%s' must be a list of strings", path);
	for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(cp->doc, *it);

		if (get_string(cp, item, path, &s))
			return -1;
		list_push(l, s);
	}
	return 0;
}

static int set_kvlist(struct cparse *cp, yaml_node_t *node, const char *path, struct kv_list *kv)
{
	if (node->type != YAML_MAPPING_NODE)
		return fail(cp, node, "'%s' must be a mapping", path);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(cp->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(cp->doc, p->value);
		char *ks, *vs;

		if (get_string(cp, k, path, &ks))
			return -1;
		if (get_string(cp, v, path, &vs)) {
			free(ks);
			return -1;
		}
		kv->key = xrealloc(kv->key, (kv->n + 1) * sizeof(*kv->key));
		kv->val = xrealloc(kv->val, (kv->n + 1) * sizeof(*kv->val));
		kv->key[kv->n] = ks;
		kv->val[kv->n++] = vs;
	}
	return 0;
}

static void token_where(struct cparse *cp, yaml_node_t *node, struct token_ref *t)
{
	free(t->where);
	t->where = xasprintf("%s:%d", cp->name, line_of(node));
}

static int set_token(struct cparse *cp, yaml_node_t *node, const char *path, struct token_ref *t)
{
	const char *s = scalar(node);
	const char *p;
	char *val, *missing;

	if (!s)
		return fail(cp, node, "'%s' must be a string", path);
	p = s;
	while (*p == ' ')
		p++;
	if (!*p) {
		free(t->value);
		t->value = NULL;
		return 0;
	}
	/* Only references: the secret itself must never live in the file. */
	if (p[0] != '$' || p[1] != '{' || !strchr(p, '}') || strchr(p, '}')[1 + strspn(strchr(p, '}') + 1, " ")])
		return fail(cp, node,
			    "'%s' must be an environment variable reference such as \"${GITHUB_TOKEN}\" or be "
			    "replaced by '%s_file'; tokens are never read from the configuration text",
			    path, path);
	if (substitute(cp, node, path, p, &val, &missing))
		return -1;
	token_where(cp, node, t);
	free(t->value);
	free(t->missing_var);
	t->value = val;
	t->missing_var = missing;
	return 0;
}

static int set_tokenfile(struct cparse *cp, yaml_node_t *node, const char *path, struct token_ref *t)
{
	char *file = NULL, *full = NULL;
	struct strbuf content = STRBUF_INIT, ferr = STRBUF_INIT;
	int ret = -1;

	if (get_string(cp, node, path, &file))
		goto out;
	full = config_path(cp->cfg, file);
	strbuf_init(&content, 64 * 1024);
	if (fs_read_file(full, &content, &ferr)) {
		fail(cp, node, "cannot read '%s' for '%s': %s", full, path, ferr.buf);
		goto out;
	}
	strbuf_rtrim(&content);
	token_where(cp, node, t);
	free(t->value);
	free(t->missing_var);
	t->missing_var = NULL;
	t->value = strbuf_detach(&content, NULL);
	ret = 0;
out:
	free(file);
	free(full);
	strbuf_release(&content);
	strbuf_release(&ferr);
	return ret;
}

/* ---- custom sections ---- */

static const struct ckey survey_keys[];

/* population: { 2026-Q3: 180, default: 175 }: period labels (or "default") to positive counts. */
static int check_population(struct cparse *cp, yaml_node_t *item, const struct survey_source *s)
{
	for (size_t i = 0; i < s->population.n; i++) {
		const char *k = s->population.key[i], *v = s->population.val[i];
		char *end;
		long n;
		int ok = !strcmp(k, "default");

		if (!ok && strlen(k) == 7 && k[4] == '-') {
			ok = 1;
			for (int j = 0; j < 4; j++)
				ok = ok && k[j] >= '0' && k[j] <= '9';
			ok = ok && ((k[5] == 'Q' && k[6] >= '1' && k[6] <= '4') ||
				    (k[5] == '0' && k[6] >= '1' && k[6] <= '9') || (k[5] == '1' && k[6] >= '0' && k[6] <= '2'));
		}
		if (!ok)
			return fail(cp, item, "'surveys.population' key '%s' must be a period such as 2026-Q3 or 2026-09, or 'default'", k);
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || *end || end == v || n < 1 || n > 10000000)
			return fail(cp, item, "'surveys.population' for '%s' must be a positive number of people, not '%s'", k, v);
	}
	return 0;
}

static int parse_survey_list(struct cparse *cp, yaml_node_t *node, const char *path)
{
	struct config *cfg = cp->cfg;

	if (node->type != YAML_SEQUENCE_NODE)
		return fail(cp, node, "'%s' must be a list of survey sources", path);
	for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(cp->doc, *it);
		struct survey_source *s;

		cfg->surveys.v = xrealloc(cfg->surveys.v, (cfg->surveys.n + 1) * sizeof(*cfg->surveys.v));
		s = &cfg->surveys.v[cfg->surveys.n++];
		memset(s, 0, sizeof(*s));
		s->format = xstrdup("auto");
		s->encoding = xstrdup("utf-8");
		s->line = line_of(item);
		if (item->type != YAML_MAPPING_NODE)
			return fail(cp, item, "each entry of '%s' must be a mapping with at least 'path'", path);
		if (parse_map(cp, item, survey_keys, s, path))
			return -1;
		if (!s->path)
			return fail(cp, item, "survey source in '%s' has no 'path'", path);
		if (check_population(cp, item, s))
			return -1;
	}
	return 0;
}

static int custom_sources(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	(void)field;
	return parse_survey_list(cp, node, path);
}

static int custom_themes(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	struct config *cfg = cp->cfg;

	(void)field;
	if (node->type != YAML_MAPPING_NODE)
		return fail(cp, node, "'%s' must map theme names to lists of keywords", path);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(cp->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(cp->doc, p->value);
		struct theme *t;

		cfg->surveys.themes = xrealloc(cfg->surveys.themes, (cfg->surveys.nthemes + 1) * sizeof(struct theme));
		t = &cfg->surveys.themes[cfg->surveys.nthemes++];
		memset(t, 0, sizeof(*t));
		if (get_string(cp, k, path, &t->name) || set_strlist(cp, v, path, &t->keywords))
			return -1;
	}
	return 0;
}

static const struct ckey survey_settings_keys[] = {
	{ "sources", T_CUSTOM, 0, NULL, custom_sources, 0, 0 },
	{ "min_team_responses", T_INT, CFG_OFF(surveys.min_team_responses), NULL, NULL, 1, 1000000 },
	{ "themes", T_CUSTOM, 0, NULL, custom_themes, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

/* surveys: either a list of sources, or a mapping {sources, min_team_responses, themes}. */
static int custom_surveys(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	(void)field;
	if (node->type == YAML_SEQUENCE_NODE)
		return parse_survey_list(cp, node, path);
	if (node->type == YAML_MAPPING_NODE)
		return parse_map(cp, node, survey_settings_keys, cp->cfg, path);
	return fail(cp, node, "'%s' must be a list of survey sources or a mapping with 'sources'", path);
}

#define SRV_OFF(member) offsetof(struct survey_source, member)
static const struct ckey survey_keys[] = {
	{ "path", T_STR, SRV_OFF(path), NULL, NULL, 0, 0 },
	{ "format", T_STR, SRV_OFF(format), NULL, NULL, 0, 0 },
	{ "score_column", T_STR, SRV_OFF(score_column), NULL, NULL, 0, 0 },
	{ "comment_columns", T_STRLIST, SRV_OFF(comment_columns), NULL, NULL, 0, 0 },
	{ "team_column", T_STR, SRV_OFF(team_column), NULL, NULL, 0, 0 },
	{ "timestamp_column", T_STR, SRV_OFF(timestamp_column), NULL, NULL, 0, 0 },
	{ "id_column", T_STR, SRV_OFF(id_column), NULL, NULL, 0, 0 },
	{ "encoding", T_STR, SRV_OFF(encoding), NULL, NULL, 0, 0 },
	{ "timezone", T_STR, SRV_OFF(timezone), NULL, NULL, 0, 0 },
	{ "population", T_KVLIST, SRV_OFF(population), NULL, NULL, 0, 0 },
	{ "date_order", T_STR, SRV_OFF(date_order), NULL, NULL, 0, 0 },
	{ "include_tests", T_BOOL, SRV_OFF(include_tests), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

#define S(section, field) offsetof(__typeof__(((struct config *)0)->section), field)

static const struct ckey storage_keys[] = {
	{ "path", T_STR, S(storage, path), NULL, NULL, 0, 0 },
	{ "mode", T_MODE, S(storage, mode), NULL, NULL, 0, 0 },
	{ "retention_quarters", T_INT, S(storage, retention_quarters), NULL, NULL, 2, 400 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey reporting_keys[] = {
	{ "timezone", T_STR, S(reporting, timezone), NULL, NULL, 0, 0 },
	{ "fiscal_year_start_month", T_INT, S(reporting, fiscal_year_start_month), NULL, NULL, 1, 12 },
	{ "output_dir", T_STR, S(reporting, output_dir), NULL, NULL, 0, 0 },
	{ "lang", T_STR, S(reporting, lang), NULL, NULL, 0, 0 },
	{ "definitions_dir", T_STR, S(reporting, definitions_dir), NULL, NULL, 0, 0 },
	{ "quarterly_report", T_BOOL, S(reporting, quarterly_report), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey backstage_keys[] = {
	{ "base_url", T_STR, S(backstage, base_url), NULL, NULL, 0, 0 },
	{ "token", T_TOKEN, S(backstage, token), NULL, NULL, 0, 0 },
	{ "token_file", T_TOKENFILE, S(backstage, token), NULL, NULL, 0, 0 },
	{ "templates", T_STRLIST, S(backstage, templates), NULL, NULL, 0, 0 },
	{ "page_size", T_INT, S(backstage, page_size), NULL, NULL, 1, 1000 },
	{ "timeout_seconds", T_INT, S(backstage, timeout_seconds), NULL, NULL, 1, 3600 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey github_keys[] = {
	{ "api_url", T_STR, S(github, api_url), NULL, NULL, 0, 0 },
	{ "org", T_STR, S(github, org), NULL, NULL, 0, 0 },
	{ "token", T_TOKEN, S(github, token), NULL, NULL, 0, 0 },
	{ "token_file", T_TOKENFILE, S(github, token), NULL, NULL, 0, 0 },
	{ "include_forks", T_BOOL, S(github, include_forks), NULL, NULL, 0, 0 },
	{ "active_days", T_INT, S(github, active_days), NULL, NULL, 1, 3650 },
	{ "max_requests", T_INT, S(github, max_requests), NULL, NULL, 0, INT_MAX },
	{ "time_budget_seconds", T_INT, S(github, time_budget_seconds), NULL, NULL, 0, 86400 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey golden_keys[] = {
	{ "reusable_workflows", T_STRLIST, S(golden_path, reusable_workflows), NULL, NULL, 0, 0 },
	{ "actions", T_STRLIST, S(golden_path, actions), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

/* dora.source: workflows or deployments. */
static int custom_dora_source(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;

	if (set_string(cp, node, path, f))
		return -1;
	if (strcmp(*f, "workflows") && strcmp(*f, "deployments"))
		return fail(cp, node, "'%s' must be 'workflows' (runs of deployment workflows) or 'deployments' (GitHub "
				      "Deployments), not '%s'", path, *f);
	return 0;
}

/* A POSIX extended regular expression. */
static int custom_regex(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field, msg[128];
	regex_t rx;
	int code;

	if (set_string(cp, node, path, f))
		return -1;
	if ((code = regcomp(&rx, *f, REG_EXTENDED | REG_NOSUB))) {
		regerror(code, &rx, msg, sizeof(msg));
		return fail(cp, node, "'%s' is not a valid extended regular expression: %s", path, msg);
	}
	regfree(&rx);
	return 0;
}

/* A date or time (ISO 8601). */
static int custom_date(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;
	int64_t t;

	if (set_string(cp, node, path, f))
		return -1;
	if (time_parse_iso(*f, NULL, &t))
		return fail(cp, node, "'%s' must be a date such as 2025-01-01, not '%s'", path, *f);
	return 0;
}

static const struct ckey dora_keys[] = {
	{ "source", T_CUSTOM, S(dora, source), NULL, custom_dora_source, 0, 0 },
	{ "deploy_workflows", T_CUSTOM, S(dora, deploy_workflows), NULL, custom_regex, 0, 0 },
	{ "production_branches", T_STRLIST, S(dora, production_branches), NULL, NULL, 0, 0 },
	{ "production_environment", T_STR, S(dora, production_environment), NULL, NULL, 0, 0 },
	{ "incident_label", T_STR, S(dora, incident_label), NULL, NULL, 0, 0 },
	{ "incident_window_days", T_INT, S(dora, incident_window_days), NULL, NULL, 1, 365 },
	{ "benchmarks", T_STR, S(dora, benchmarks), NULL, NULL, 0, 0 },
	{ "since", T_CUSTOM, S(dora, since), NULL, custom_date, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey tickets_keys[] = {
	{ "labels", T_STRLIST, S(tickets, labels), NULL, NULL, 0, 0 },
	{ "components", T_STRLIST, S(tickets, components), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey tickets_section_keys[] = {
	{ "infra_filter", T_SECTION, 0, tickets_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey teams_keys[] = {
	{ "repositories", T_KVLIST, S(teams, repositories), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

#define CF_OFF(member) offsetof(struct catalog_filter, member)
static const struct ckey catalog_filter_keys[] = {
	{ "lifecycles", T_STRLIST, CF_OFF(lifecycles), NULL, NULL, 0, 0 },
	{ "tiers", T_STRLIST, CF_OFF(tiers), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey catalog_filters_keys[] = {
	{ "adoption", T_SECTION, S(catalog.filters, adoption), catalog_filter_keys, NULL, 0, 0 },
	{ "dora", T_SECTION, S(catalog.filters, dora), catalog_filter_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey catalog_keys[] = {
	{ "filters", T_SECTION, S(catalog, filters), catalog_filters_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey http_keys[] = {
	{ "timeout_seconds", T_INT, S(http, timeout_seconds), NULL, NULL, 1, 3600 },
	{ "retries", T_INT, S(http, retries), NULL, NULL, 0, 20 },
	{ "retry_delay_ms", T_INT, S(http, retry_delay_ms), NULL, NULL, 0, 600000 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey tls_keys[] = {
	{ "ca_file", T_STR, S(http, ca_file), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey top_keys[] = {
	{ "storage", T_SECTION, CFG_OFF(storage), storage_keys, NULL, 0, 0 },
	{ "reporting", T_SECTION, CFG_OFF(reporting), reporting_keys, NULL, 0, 0 },
	{ "backstage", T_SECTION, CFG_OFF(backstage), backstage_keys, NULL, 0, 0 },
	{ "github", T_SECTION, CFG_OFF(github), github_keys, NULL, 0, 0 },
	{ "golden_path", T_SECTION, CFG_OFF(golden_path), golden_keys, NULL, 0, 0 },
	{ "dora", T_SECTION, CFG_OFF(dora), dora_keys, NULL, 0, 0 },
	{ "surveys", T_CUSTOM, 0, NULL, custom_surveys, 0, 0 },
	{ "tickets", T_SECTION, CFG_OFF(tickets), tickets_section_keys, NULL, 0, 0 },
	{ "teams", T_SECTION, CFG_OFF(teams), teams_keys, NULL, 0, 0 },
	{ "catalog", T_SECTION, CFG_OFF(catalog), catalog_keys, NULL, 0, 0 },
	{ "http", T_SECTION, CFG_OFF(http), http_keys, NULL, 0, 0 },
	{ "tls", T_SECTION, CFG_OFF(http), tls_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static int parse_value(struct cparse *cp, const struct ckey *k, yaml_node_t *v, void *base, const char *path)
{
	void *field = (char *)base + k->off;

	switch (k->type) {
	case T_STR:
		return set_string(cp, v, path, field);
	case T_INT:
		return set_int(cp, v, path, field, k->min, k->max);
	case T_BOOL:
		return set_bool(cp, v, path, field);
	case T_MODE:
		return set_mode(cp, v, path, field);
	case T_STRLIST:
		return set_strlist(cp, v, path, field);
	case T_KVLIST:
		return set_kvlist(cp, v, path, field);
	case T_TOKEN:
		return set_token(cp, v, path, field);
	case T_TOKENFILE:
		return set_tokenfile(cp, v, path, field);
	case T_SECTION:
		if (v->type == YAML_SCALAR_NODE && !*scalar(v))
			return 0; /* "github:" with nothing under it */
		if (v->type != YAML_MAPPING_NODE)
			return fail(cp, v, "'%s' must be a mapping", path);
		return parse_map(cp, v, k->sub, field, path);
	case T_CUSTOM:
		return k->fn(cp, v, field, path);
	}
	return fail(cp, v, "internal error: bad key type for '%s'", path);
}

static int parse_map(struct cparse *cp, yaml_node_t *node, const struct ckey *keys, void *base, const char *path)
{
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(cp->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(cp->doc, p->value);
		const char *name = scalar(k);
		const struct ckey *key = NULL;
		char *sub;
		int ret;

		if (!name)
			return fail(cp, k, "keys in '%s' must be plain strings", *path ? path : "the top level");
		for (const struct ckey *c = keys; c->name; c++)
			if (!strcmp(c->name, name))
				key = c;
		if (!key) {
			if (*path)
				return fail(cp, k, "unknown key '%s' in '%s'", name, path);
			return fail(cp, k, "unknown key '%s'", name);
		}
		sub = *path ? xasprintf("%s.%s", path, name) : xstrdup(name);
		ret = parse_value(cp, key, v, base, sub);
		free(sub);
		if (ret)
			return -1;
	}
	return 0;
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dir = xstrdup(".");
	cfg->storage.path = xstrdup("idpmetrics.db");
	cfg->storage.mode = 0600;
	cfg->storage.retention_quarters = 8;
	cfg->reporting.timezone = xstrdup("UTC");
	cfg->reporting.fiscal_year_start_month = 1;
	cfg->reporting.output_dir = xstrdup("out");
	cfg->reporting.lang = xstrdup("en");
	cfg->reporting.quarterly_report = 1;
	cfg->backstage.page_size = 100;
	cfg->backstage.timeout_seconds = 60;
	cfg->github.api_url = xstrdup("https://api.github.com");
	cfg->github.active_days = 90;
	cfg->github.time_budget_seconds = 900;
	cfg->dora.source = xstrdup("workflows");
	cfg->dora.deploy_workflows = xstrdup("(^|/)(deploy|release|cd)[^/]*\\.ya?ml$");
	cfg->dora.production_environment = xstrdup("production");
	cfg->dora.incident_label = xstrdup("incident");
	cfg->dora.incident_window_days = 7;
	cfg->dora.benchmarks = xstrdup("dora-2023");
	cfg->surveys.min_team_responses = 5;
	cfg->http.timeout_seconds = 30;
	cfg->http.retries = 3;
	cfg->http.retry_delay_ms = 1000;
}

static void kv_clear(struct kv_list *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		free(kv->key[i]);
		free(kv->val[i]);
	}
	free(kv->key);
	free(kv->val);
}

static void token_clear(struct token_ref *t)
{
	free(t->value);
	free(t->missing_var);
	free(t->where);
}

void config_release(struct config *cfg)
{
	free(cfg->file);
	free(cfg->dir);
	free(cfg->storage.path);
	free(cfg->reporting.timezone);
	free(cfg->reporting.output_dir);
	free(cfg->reporting.lang);
	free(cfg->reporting.definitions_dir);
	free(cfg->backstage.base_url);
	token_clear(&cfg->backstage.token);
	list_clear(&cfg->backstage.templates);
	free(cfg->github.api_url);
	free(cfg->github.org);
	token_clear(&cfg->github.token);
	list_clear(&cfg->golden_path.reusable_workflows);
	list_clear(&cfg->golden_path.actions);
	free(cfg->dora.source);
	free(cfg->dora.deploy_workflows);
	list_clear(&cfg->dora.production_branches);
	free(cfg->dora.production_environment);
	free(cfg->dora.incident_label);
	free(cfg->dora.benchmarks);
	free(cfg->dora.since);
	for (size_t i = 0; i < cfg->surveys.n; i++) {
		struct survey_source *s = &cfg->surveys.v[i];

		free(s->path);
		free(s->format);
		free(s->score_column);
		list_clear(&s->comment_columns);
		free(s->team_column);
		free(s->timestamp_column);
		free(s->id_column);
		free(s->encoding);
		free(s->timezone);
		free(s->date_order);
		kv_clear(&s->population);
	}
	free(cfg->surveys.v);
	for (size_t i = 0; i < cfg->surveys.nthemes; i++) {
		free(cfg->surveys.themes[i].name);
		list_clear(&cfg->surveys.themes[i].keywords);
	}
	free(cfg->surveys.themes);
	list_clear(&cfg->tickets.labels);
	list_clear(&cfg->tickets.components);
	kv_clear(&cfg->teams.repositories);
	list_clear(&cfg->catalog.filters.adoption.lifecycles);
	list_clear(&cfg->catalog.filters.adoption.tiers);
	list_clear(&cfg->catalog.filters.dora.lifecycles);
	list_clear(&cfg->catalog.filters.dora.tiers);
	free(cfg->http.ca_file);
	memset(cfg, 0, sizeof(*cfg));
}

int config_load_text(struct config *cfg, const char *name, const char *text, size_t len, struct strbuf *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	struct cparse cp = { name, &doc, cfg, err };
	int have_doc = 0, ret = -1;

	if (!yaml_parser_initialize(&parser)) {
		strbuf_addf(err, "%s: cannot initialise the YAML parser", name);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		strbuf_addf(err, "%s:%zu: %s", name, parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "invalid YAML");
		if (parser.context)
			strbuf_addf(err, " (%s)", parser.context);
		goto out;
	}
	have_doc = 1;
	root = yaml_document_get_root_node(&doc);
	if (!root || (root->type == YAML_SCALAR_NODE && !*scalar(root))) {
		ret = 0; /* empty file: defaults */
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		fail(&cp, root, "the configuration must be a mapping of sections (storage, reporting, ...)");
		goto out;
	}
	ret = parse_map(&cp, root, top_keys, cfg, "");
out:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

int config_load(struct config *cfg, const char *path, int must_exist, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, ferr = STRBUF_INIT;
	const char *slash;
	int ret = -1;

	strbuf_init(&text, 16 * 1024 * 1024);
	if (!must_exist && !fs_exists(path)) {
		ret = 0;
		goto out;
	}
	if (fs_read_file(path, &text, &ferr)) {
		strbuf_addf(err, "cannot read configuration '%s': %s", path, ferr.buf);
		goto out;
	}
	free(cfg->file);
	cfg->file = xstrdup(path);
	slash = strrchr(path, '/');
	free(cfg->dir);
	cfg->dir = slash ? xstrndup(path, (size_t)(slash - path + (slash == path))) : xstrdup(".");
	ret = config_load_text(cfg, path, text.buf, text.len, err);
out:
	strbuf_release(&text);
	strbuf_release(&ferr);
	return ret;
}

const char *config_token(const struct token_ref *t, const char *key, struct strbuf *err)
{
	if (t->value && *t->value)
		return t->value;
	if (t->missing_var)
		strbuf_addf(err, "%s: environment variable '%s' is not set (used by '%s')", t->where, t->missing_var,
			    key);
	else if (t->where)
		strbuf_addf(err, "%s: '%s' is empty", t->where, key);
	else
		strbuf_addf(err, "no '%s' configured: set it to \"${ENV_VAR}\" or use '%s_file'", key, key);
	return NULL;
}

char *config_path(const struct config *cfg, const char *path)
{
	if (!path)
		return NULL;
	if (path[0] == '/' || !cfg->dir || !strcmp(cfg->dir, "."))
		return xstrdup(path);
	return xasprintf("%s/%s", cfg->dir, path);
}
