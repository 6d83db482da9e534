/* The configuration's keys: one table per section, custom sections, defaults and release. */
#include <limits.h>
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/config.h"
#include "util/config_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const struct ckey survey_keys[];
static int custom_url(struct cparse *cp, yaml_node_t *node, void *field, const char *path);

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
			return cfg_fail(cp, item, "'surveys.population' key '%s' must be a period such as 2026-Q3 or 2026-09, or 'default'", k);
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || *end || end == v || n < 1 || n > 10000000)
			return cfg_fail(cp, item, "'surveys.population' for '%s' must be a positive number of people, not '%s'", k, v);
	}
	return 0;
}

static int parse_survey_list(struct cparse *cp, yaml_node_t *node, const char *path)
{
	struct config *cfg = cp->cfg;

	if (node->type != YAML_SEQUENCE_NODE)
		return cfg_fail(cp, node, "'%s' must be a list of survey sources", path);
	for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(cp->doc, *it);
		struct survey_source *s;

		cfg->surveys.v = xrealloc(cfg->surveys.v, (cfg->surveys.n + 1) * sizeof(*cfg->surveys.v));
		s = &cfg->surveys.v[cfg->surveys.n++];
		memset(s, 0, sizeof(*s));
		s->format = xstrdup("auto");
		s->encoding = xstrdup("utf-8");
		s->line = cfg_line_of(item);
		if (item->type != YAML_MAPPING_NODE)
			return cfg_fail(cp, item, "each entry of '%s' must be a mapping with at least 'path'", path);
		if (cfg_parse_map(cp, item, survey_keys, s, path))
			return -1;
		if (!s->path && !s->typeform)
			return cfg_fail(cp, item, "survey source in '%s' has no 'path' (CSV exports) and no 'typeform' "
					      "(a form id)", path);
		if (s->path && s->typeform)
			return cfg_fail(cp, item, "survey source in '%s' has both 'path' and 'typeform': one source is "
					      "either files or a form", path);
		if (s->typeform && !s->api_url)
			s->api_url = xstrdup("https://api.typeform.com");
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
		return cfg_fail(cp, node, "'%s' must map theme names to lists of keywords", path);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(cp->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(cp->doc, p->value);
		struct theme *t;

		cfg->surveys.themes = xrealloc(cfg->surveys.themes, (cfg->surveys.nthemes + 1) * sizeof(struct theme));
		t = &cfg->surveys.themes[cfg->surveys.nthemes++];
		memset(t, 0, sizeof(*t));
		if (cfg_get_string(cp, k, path, &t->name) || cfg_set_strlist(cp, v, path, &t->keywords))
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
		return cfg_parse_map(cp, node, survey_settings_keys, cp->cfg, path);
	return cfg_fail(cp, node, "'%s' must be a list of survey sources or a mapping with 'sources'", path);
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
	{ "typeform", T_STR, SRV_OFF(typeform), NULL, NULL, 0, 0 },
	{ "token", T_TOKEN, SRV_OFF(token), NULL, NULL, 0, 0 },
	{ "token_file", T_TOKENFILE, SRV_OFF(token), NULL, NULL, 0, 0 },
	{ "team_field", T_STR, SRV_OFF(team_field), NULL, NULL, 0, 0 },
	{ "score_field", T_STR, SRV_OFF(score_field), NULL, NULL, 0, 0 },
	{ "comment_fields", T_STRLIST, SRV_OFF(comment_fields), NULL, NULL, 0, 0 },
	{ "api_url", T_CUSTOM, SRV_OFF(api_url), NULL, custom_url, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};


static const struct ckey storage_keys[] = {
	{ "path", T_STR, S(storage, path), NULL, NULL, 0, 0 },
	{ "mode", T_MODE, S(storage, mode), NULL, NULL, 0, 0 },
	{ "retention_quarters", T_INT, S(storage, retention_quarters), NULL, NULL, 2, 400 },
	{ "max_size_mb", T_INT, S(storage, max_size_mb), NULL, NULL, 0, 16777216 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey reporting_keys[] = {
	{ "timezone", T_STR, S(reporting, timezone), NULL, NULL, 0, 0 },
	{ "fiscal_year_start_month", T_INT, S(reporting, fiscal_year_start_month), NULL, NULL, 1, 12 },
	{ "output_dir", T_STR, S(reporting, output_dir), NULL, NULL, 0, 0 },
	{ "lang", T_STR, S(reporting, lang), NULL, NULL, 0, 0 },
	{ "definitions_dir", T_STR, S(reporting, definitions_dir), NULL, NULL, 0, 0 },
	{ "quarterly_report", T_BOOL, S(reporting, quarterly_report), NULL, NULL, 0, 0 },
	{ "jobs", T_INT, S(reporting, jobs), NULL, NULL, 0, 64 },
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

/* github.app_id: an App ID (digits) or a Client ID (letters, digits, dots), as GitHub shows them. */
static int custom_app_id(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;

	if (cfg_set_string(cp, node, path, f))
		return -1;
	if (!**f || strspn(*f, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.") != strlen(*f) ||
	    strlen(*f) > 64)
		return cfg_fail(cp, node, "'%s' must be the GitHub App's App ID (a number such as 123456) or its Client "
				      "ID (such as Iv23liAbCdEf), as the App's settings page shows them", path);
	return 0;
}

/* github.private_key_file: a path, remembered with its line for messages (read when GitHub is contacted). */
static int custom_key_file(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;

	if (cfg_set_string(cp, node, path, f))
		return -1;
	if (!**f)
		return cfg_fail(cp, node, "'%s' is empty: give the path of the GitHub App's private key (.pem)", path);
	free(cp->cfg->github.private_key_where);
	cp->cfg->github.private_key_where = xasprintf("%s:%d", cp->name, cfg_line_of(node));
	return 0;
}

static const struct ckey github_keys[] = {
	{ "api_url", T_STR, S(github, api_url), NULL, NULL, 0, 0 },
	{ "org", T_STR, S(github, org), NULL, NULL, 0, 0 },
	{ "token", T_TOKEN, S(github, token), NULL, NULL, 0, 0 },
	{ "token_file", T_TOKENFILE, S(github, token), NULL, NULL, 0, 0 },
	{ "app_id", T_CUSTOM, S(github, app_id), NULL, custom_app_id, 0, 0 },
	{ "private_key_file", T_CUSTOM, S(github, private_key_file), NULL, custom_key_file, 0, 0 },
	{ "installation_id", T_INT, S(github, installation_id), NULL, NULL, 0, INT_MAX },
	{ "include_forks", T_BOOL, S(github, include_forks), NULL, NULL, 0, 0 },
	{ "active_days", T_INT, S(github, active_days), NULL, NULL, 1, 3650 },
	{ "max_requests", T_INT, S(github, max_requests), NULL, NULL, 0, INT_MAX },
	{ "time_budget_seconds", T_INT, S(github, time_budget_seconds), NULL, NULL, 0, 86400 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

/* The github section: a token, or a GitHub App (app_id with private_key_file), never both. */
static int custom_github(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	struct config *cfg = cp->cfg;

	if (node->type == YAML_SCALAR_NODE && !*cfg_scalar(node))
		return 0;
	if (node->type != YAML_MAPPING_NODE)
		return cfg_fail(cp, node, "'%s' must be a mapping", path);
	if (cfg_parse_map(cp, node, github_keys, field, path)) /* the same table as the registry's entry */
		return -1;
	if (cfg->github.app_id && cfg->github.token.where)
		return cfg_fail(cp, node, "'github' has both a token (%s) and a GitHub App (app_id): keep exactly one of "
				      "the two ways to sign in", cfg->github.token.where);
	if (cfg->github.app_id && !cfg->github.private_key_file)
		return cfg_fail(cp, node, "'github.app_id' needs 'github.private_key_file': the path of the App's private "
				      "key (.pem, generated on the App's settings page)");
	if (!cfg->github.app_id && (cfg->github.private_key_file || cfg->github.installation_id))
		return cfg_fail(cp, node, "'github.%s' needs 'github.app_id': the GitHub App's App ID or Client ID",
				cfg->github.private_key_file ? "private_key_file" : "installation_id");
	return 0;
}

static const struct ckey golden_keys[] = {
	{ "reusable_workflows", T_STRLIST, S(golden_path, reusable_workflows), NULL, NULL, 0, 0 },
	{ "actions", T_STRLIST, S(golden_path, actions), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

/* dora.source: workflows or deployments. */
static int custom_dora_source(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;

	if (cfg_set_string(cp, node, path, f))
		return -1;
	if (strcmp(*f, "workflows") && strcmp(*f, "deployments") && strcmp(*f, "argocd"))
		return cfg_fail(cp, node, "'%s' must be 'workflows' (runs of deployment workflows), 'deployments' (GitHub "
				      "Deployments) or 'argocd' (Argo CD sync history), not '%s'", path, *f);
	return 0;
}

/* dora.incidents: github, pagerduty or jira. */
static int custom_dora_incidents(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;

	if (cfg_set_string(cp, node, path, f))
		return -1;
	if (strcmp(*f, "github") && strcmp(*f, "pagerduty") && strcmp(*f, "jira"))
		return cfg_fail(cp, node, "'%s' must be 'github' (issues labelled dora.incident_label), 'pagerduty' "
				      "(PagerDuty incidents) or 'jira' (jira.incidents_jql), not '%s'", path, *f);
	return 0;
}

/* A POSIX extended regular expression. */
static int custom_regex(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field, msg[128];
	regex_t rx;
	int code;

	if (cfg_set_string(cp, node, path, f))
		return -1;
	if ((code = regcomp(&rx, *f, REG_EXTENDED | REG_NOSUB))) {
		regerror(code, &rx, msg, sizeof(msg));
		return cfg_fail(cp, node, "'%s' is not a valid extended regular expression: %s", path, msg);
	}
	regfree(&rx);
	return 0;
}

/* A date or time (ISO 8601). */
static int custom_date(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;
	int64_t t;

	if (cfg_set_string(cp, node, path, f))
		return -1;
	if (time_parse_iso(*f, NULL, &t))
		return cfg_fail(cp, node, "'%s' must be a date such as 2025-01-01, not '%s'", path, *f);
	return 0;
}

int config_incidents_from(const struct config *cfg, const char *source)
{
	return !strcmp(cfg->dora.incidents ? cfg->dora.incidents : "github", source);
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
	{ "incidents", T_CUSTOM, S(dora, incidents), NULL, custom_dora_incidents, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

/* An http(s) URL. */
static int custom_url(struct cparse *cp, yaml_node_t *node, void *field, const char *path)
{
	char **f = field;

	if (cfg_set_string(cp, node, path, f))
		return -1;
	if (**f && strncmp(*f, "https://", 8) && strncmp(*f, "http://", 7))
		return cfg_fail(cp, node, "'%s' must start with https:// or http://, not '%s'", path, *f);
	return 0;
}

static const struct ckey jira_keys[] = {
	{ "base_url", T_CUSTOM, S(jira, base_url), NULL, custom_url, 0, 0 },
	{ "email", T_STR, S(jira, email), NULL, NULL, 0, 0 },
	{ "token", T_TOKEN, S(jira, token), NULL, NULL, 0, 0 },
	{ "token_file", T_TOKENFILE, S(jira, token), NULL, NULL, 0, 0 },
	{ "tickets_jql", T_STR, S(jira, tickets_jql), NULL, NULL, 0, 0 },
	{ "incidents_jql", T_STR, S(jira, incidents_jql), NULL, NULL, 0, 0 },
	{ "team_field", T_STR, S(jira, team_field), NULL, NULL, 0, 0 },
	{ "page_size", T_INT, S(jira, page_size), NULL, NULL, 1, 5000 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey argocd_keys[] = {
	{ "base_url", T_STR, S(argocd, base_url), NULL, NULL, 0, 0 },
	{ "token", T_TOKEN, S(argocd, token), NULL, NULL, 0, 0 },
	{ "token_file", T_TOKENFILE, S(argocd, token), NULL, NULL, 0, 0 },
	{ "projects", T_STRLIST, S(argocd, projects), NULL, NULL, 0, 0 },
	{ "selector", T_STR, S(argocd, selector), NULL, NULL, 0, 0 },
	{ "production_apps", T_CUSTOM, S(argocd, production_apps), NULL, custom_regex, 0, 0 },
	{ "image_tag_pattern", T_CUSTOM, S(argocd, image_tag_pattern), NULL, custom_regex, 0, 0 },
	{ "apps", T_KVLIST, S(argocd, apps), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey pagerduty_keys[] = {
	{ "api_url", T_STR, S(pagerduty, api_url), NULL, NULL, 0, 0 },
	{ "token", T_TOKEN, S(pagerduty, token), NULL, NULL, 0, 0 },
	{ "token_file", T_TOKENFILE, S(pagerduty, token), NULL, NULL, 0, 0 },
	{ "services", T_KVLIST, S(pagerduty, services), NULL, NULL, 0, 0 },
	{ "urgencies", T_STRLIST, S(pagerduty, urgencies), NULL, NULL, 0, 0 },
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
	{ "max_pages", T_INT, S(http, max_pages), NULL, NULL, 1, 100000000 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

static const struct ckey tls_keys[] = {
	{ "ca_file", T_STR, S(http, ca_file), NULL, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_top_keys[] = {
	{ "storage", T_SECTION, CFG_OFF(storage), storage_keys, NULL, 0, 0 },
	{ "reporting", T_SECTION, CFG_OFF(reporting), reporting_keys, NULL, 0, 0 },
	{ "teams", T_SECTION, CFG_OFF(teams), teams_keys, NULL, 0, 0 },
	{ "http", T_SECTION, CFG_OFF(http), http_keys, NULL, 0, 0 },
	{ "tls", T_SECTION, CFG_OFF(http), tls_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_backstage_section[] = {
	{ "backstage", T_SECTION, CFG_OFF(backstage), backstage_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_jira_section[] = {
	{ "jira", T_SECTION, CFG_OFF(jira), jira_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_catalog_section[] = {
	{ "catalog", T_SECTION, CFG_OFF(catalog), catalog_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_github_sections[] = {
	{ "github", T_CUSTOM, CFG_OFF(github), github_keys, custom_github, 0, 0 },
	{ "golden_path", T_SECTION, CFG_OFF(golden_path), golden_keys, NULL, 0, 0 },
	{ "dora", T_SECTION, CFG_OFF(dora), dora_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_argocd_section[] = {
	{ "argocd", T_SECTION, CFG_OFF(argocd), argocd_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_pagerduty_section[] = {
	{ "pagerduty", T_SECTION, CFG_OFF(pagerduty), pagerduty_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_surveys_section[] = {
	{ "surveys", T_CUSTOM, 0, NULL, custom_surveys, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

const struct ckey config_tickets_section[] = {
	{ "tickets", T_SECTION, CFG_OFF(tickets), tickets_section_keys, NULL, 0, 0 },
	{ NULL, 0, 0, NULL, NULL, 0, 0 }
};

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
	cfg->dora.incidents = xstrdup("github");
	cfg->argocd.production_apps = xstrdup("(-prod|-production)$");
	cfg->pagerduty.api_url = xstrdup("https://api.pagerduty.com");
	cfg->surveys.min_team_responses = 5;
	cfg->jira.team_field = xstrdup("components");
	cfg->jira.page_size = 100;
	cfg->http.timeout_seconds = 30;
	cfg->http.retries = 3;
	cfg->http.retry_delay_ms = 1000;
	cfg->http.max_pages = HTTP_MAX_PAGES_DEFAULT;
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
	cfg_list_clear(&cfg->backstage.templates);
	free(cfg->github.api_url);
	free(cfg->github.org);
	token_clear(&cfg->github.token);
	free(cfg->github.app_id);
	free(cfg->github.private_key_file);
	free(cfg->github.private_key_where);
	cfg_list_clear(&cfg->golden_path.reusable_workflows);
	cfg_list_clear(&cfg->golden_path.actions);
	free(cfg->dora.source);
	free(cfg->dora.deploy_workflows);
	cfg_list_clear(&cfg->dora.production_branches);
	free(cfg->dora.production_environment);
	free(cfg->dora.incident_label);
	free(cfg->jira.base_url);
	free(cfg->jira.email);
	token_clear(&cfg->jira.token);
	free(cfg->jira.tickets_jql);
	free(cfg->jira.incidents_jql);
	free(cfg->jira.team_field);
	free(cfg->dora.benchmarks);
	free(cfg->dora.since);
	free(cfg->dora.incidents);
	free(cfg->argocd.base_url);
	token_clear(&cfg->argocd.token);
	cfg_list_clear(&cfg->argocd.projects);
	free(cfg->argocd.selector);
	free(cfg->argocd.production_apps);
	free(cfg->argocd.image_tag_pattern);
	kv_clear(&cfg->argocd.apps);
	free(cfg->pagerduty.api_url);
	token_clear(&cfg->pagerduty.token);
	kv_clear(&cfg->pagerduty.services);
	cfg_list_clear(&cfg->pagerduty.urgencies);
	for (size_t i = 0; i < cfg->surveys.n; i++) {
		struct survey_source *s = &cfg->surveys.v[i];

		free(s->path);
		free(s->format);
		free(s->score_column);
		cfg_list_clear(&s->comment_columns);
		free(s->team_column);
		free(s->timestamp_column);
		free(s->id_column);
		free(s->encoding);
		free(s->timezone);
		free(s->date_order);
		kv_clear(&s->population);
		free(s->typeform);
		token_clear(&s->token);
		free(s->team_field);
		free(s->score_field);
		cfg_list_clear(&s->comment_fields);
		free(s->api_url);
	}
	free(cfg->surveys.v);
	for (size_t i = 0; i < cfg->surveys.nthemes; i++) {
		free(cfg->surveys.themes[i].name);
		cfg_list_clear(&cfg->surveys.themes[i].keywords);
	}
	free(cfg->surveys.themes);
	cfg_list_clear(&cfg->tickets.labels);
	cfg_list_clear(&cfg->tickets.components);
	kv_clear(&cfg->teams.repositories);
	cfg_list_clear(&cfg->catalog.filters.adoption.lifecycles);
	cfg_list_clear(&cfg->catalog.filters.adoption.tiers);
	cfg_list_clear(&cfg->catalog.filters.dora.lifecycles);
	cfg_list_clear(&cfg->catalog.filters.dora.tiers);
	free(cfg->http.ca_file);
	memset(cfg, 0, sizeof(*cfg));
}

