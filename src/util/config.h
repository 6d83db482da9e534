/* The configuration file: YAML read with libyaml into struct config, checked key by key. */
#ifndef IDPM_CONFIG_H
#define IDPM_CONFIG_H

/* http.max_pages when not configured: 1,000,000 items at 100 a page */
#define HTTP_MAX_PAGES_DEFAULT 10000

#include <stddef.h>

#include "util/strbuf.h"

struct str_list {
	char **v; /* owned strings */
	size_t n;
};

struct kv_list {
	char **key; /* owned, in file order */
	char **val; /* owned */
	size_t n;
};

/* A secret read from an environment variable or a file; never from the YAML text. */
struct token_ref {
	char *value;       /* the secret, or NULL when not available */
	char *missing_var; /* name of the unset environment variable, if that is why value is NULL */
	char *where;       /* "file:line" of the key, for messages */
};

struct survey_source {
	char *path;                    /* glob of CSV files */
	char *format;                  /* auto, google_forms, typeform, surveymonkey, qualtrics, qualtrics_legacy, ms_forms, generic */
	char *score_column;            /* header text (substring) or /regex/ */
	struct str_list comment_columns;
	char *team_column;             /* optional */
	char *timestamp_column;        /* optional override */
	char *id_column;               /* optional override: response id column */
	char *encoding;                /* utf-8 (default), cp949, cp1252 ... */
	char *timezone;                /* zone of timestamps that carry no offset; default reporting.timezone */
	struct kv_list population;     /* period label (or "default") -> number of people surveyed */
	char *date_order;              /* auto (default), mdy or dmy: how to read 3/4/2026 */
	int include_tests;             /* keep Qualtrics preview/test/spam responses (default no) */
	int line;                      /* line of the entry in the config file */
	/* A Typeform form read through the API instead of files (path is then not used). */
	char *typeform;                /* the form id */
	struct token_ref token;        /* a personal access token (responses:read, forms:read) */
	char *team_field;              /* a hidden field name or a question ref; optional */
	char *score_field;             /* ref of the 0-10 question; default: found in the form */
	struct str_list comment_fields; /* refs of the comment questions; default: every long_text question */
	char *api_url;                 /* https://api.typeform.com; EU accounts https://api.eu.typeform.com */
};

struct theme {
	char *name;
	struct str_list keywords;
};

/* Which catalog components a repository KPI counts (catalog.filters.<kpi>); empty lists match anything. */
struct catalog_filter {
	struct str_list lifecycles;    /* spec.lifecycle patterns: production, experimental, ... */
	struct str_list tiers;         /* tag patterns: tier-1, tier-[12], ... */
};

struct config {
	char *file;   /* path the configuration was read from; NULL when defaults only */
	char *dir;    /* directory relative paths are resolved against */

	struct {
		char *path;                 /* SQLite database */
		int mode;                   /* file mode for the database and reports (octal, default 0600) */
		int retention_quarters;     /* prune keeps this many quarters, the current one included (default 8) */
		int max_size_mb;            /* largest the database file may grow, in MiB; 0 = no limit */
	} storage;

	struct {
		char *timezone;             /* IANA zone name */
		int fiscal_year_start_month;
		char *output_dir;
		char *lang;                 /* en or ko */
		char *definitions_dir;      /* overrides the built-in reports/ definitions */
		int quarterly_report;       /* run renders the closed quarter's report on the first night of a quarter */
		int jobs;                   /* formats rendered side by side; 0 = one per processor */
	} reporting;

	struct {
		char *base_url;
		struct token_ref token;
		struct str_list templates;  /* include patterns on template refs; empty = all */
		int page_size;
		int timeout_seconds;        /* per request; the events endpoint long-polls up to 30 s */
	} backstage;

	struct {
		char *api_url;
		char *org;
		struct token_ref token;
		char *app_id;               /* GitHub App sign-in instead of token: the App ID (digits) or its Client ID */
		char *private_key_file;     /* the App's private key (PEM), readable by its owner only */
		char *private_key_where;    /* "file:line" of private_key_file, for messages */
		int installation_id;        /* the App's installation; 0 = look it up from org */
		int include_forks;
		int active_days;
		int max_requests;           /* cap per run; 0 = none */
		int time_budget_seconds;    /* longest a run may wait for a rate limit reset */
	} github;

	struct {
		struct str_list reusable_workflows; /* globs such as my-org/golden-paths/.github/workflows/STAR */
		struct str_list actions;            /* globs on composite actions */
	} golden_path;

	struct {
		char *source;                 /* workflows or deployments */
		char *deploy_workflows;       /* regex on the workflow file path */
		struct str_list production_branches; /* empty = the default branch */
		char *production_environment;
		char *incident_label;
		int incident_window_days;
		char *benchmarks;             /* dora-2023 or dora-2024 */
		char *since;                  /* earliest date a backfill reads */
		char *incidents;              /* github (labelled issues), pagerduty or jira */
	} dora;

	struct {
		char *base_url;               /* Argo CD server, e.g. https://argocd.example.com */
		struct token_ref token;       /* Bearer account token with get on applications */
		struct str_list projects;     /* only these Argo CD projects; empty = all */
		char *selector;               /* label selector for the listing, or NULL */
		char *production_apps;        /* regex on the application name */
		char *image_tag_pattern;      /* regex with one group: the application commit in an image tag */
		struct kv_list apps;          /* application name -> owner/repo */
	} argocd;

	struct {
		char *api_url;                /* https://api.pagerduty.com */
		struct token_ref token;       /* REST API key ("Authorization: Token token=...") */
		struct kv_list services;      /* service id -> owner/repo */
		struct str_list urgencies;    /* only these urgencies; empty = all */
	} pagerduty;

	struct {
		struct survey_source *v;
		size_t n;
		int min_team_responses;
		struct theme *themes;
		size_t nthemes;
	} surveys;

	struct {
		char *base_url;               /* https://acme.atlassian.net (Cloud) or a Data Center URL */
		char *email;                  /* Cloud: Basic email:token; unset: Data Center, Bearer personal access token */
		struct token_ref token;
		char *tickets_jql;            /* tickets for infra_tickets_per_month; empty: none */
		char *incidents_jql;          /* incidents for DORA (with dora.incidents: jira); empty: none */
		char *team_field;             /* components, labels or a custom field id (customfield_10001) */
		int page_size;                /* maxResults per search request (default 100) */
	} jira;

	struct {
		struct str_list labels;       /* a ticket is an infra ticket when it has one of these labels */
		struct str_list components;   /* ... or one of these components */
	} tickets;

	struct {
		struct kv_list repositories;  /* repository glob -> team, for repositories outside the catalog */
	} teams;

	struct {
		struct {
			struct catalog_filter adoption; /* golden-path adoption counts only matching repositories */
			struct catalog_filter dora;     /* DORA counts only matching repositories */
		} filters;
	} catalog;

	struct {
		int timeout_seconds;
		int retries;
		int retry_delay_ms;           /* first back-off; doubles per attempt */
		int max_pages;                /* most pages one paginated listing reads (a server that never ends) */
		char *ca_file;                /* tls.ca_file: private certificate authorities */
	} http;
};

/* Fill CFG with the defaults (no file). */
void config_init(struct config *cfg);
/* Free everything CFG owns. */
void config_release(struct config *cfg);

/*
 * Read PATH into CFG (which config_init prepared).  When MUST_EXIST is 0 and the
 * file does not exist, CFG keeps its defaults and 0 is returned.  On error
 * returns -1 with "FILE:LINE: message" in ERR.
 */
int config_load(struct config *cfg, const char *path, int must_exist, struct strbuf *err);

/* Parse configuration text (for tests and the fuzzer); NAME is used in messages. */
int config_load_text(struct config *cfg, const char *name, const char *text, size_t len, struct strbuf *err);

/*
 * Return the token, or NULL with a message naming the key, file and line (and
 * the unset variable) in ERR.  KEY is used in the message, e.g. "github.token".
 */
const char *config_token(const struct token_ref *t, const char *key, struct strbuf *err);

/* 1 when dora.incidents is SOURCE (github, jira); unset means github. */
int config_incidents_from(const struct config *cfg, const char *source);

/* Resolve PATH against cfg->dir unless it is absolute; the caller frees the result. */
char *config_path(const struct config *cfg, const char *path);

#endif
