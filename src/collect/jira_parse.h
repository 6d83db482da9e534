/* Jira REST answers, pure: search pages (Cloud search/jql and Data Center search), issues, times, /myself, JQL bounds. */
#ifndef IDPM_JIRA_PARSE_H
#define IDPM_JIRA_PARSE_H

#include <glib.h>
#include <jansson.h>
#include <stdint.h>

#include "util/strbuf.h"

/* The fields a search asks for (besides the team custom field): what the KPIs need, nothing more. */
#define JIRA_FIELDS "created,updated,resolutiondate,statuscategorychangedate,status,issuetype,components,labels"

/* One issue as the KPIs see it; strings owned. */
struct jira_issue {
	char *key;                 /* OPS-12 */
	int64_t id;                /* Jira's numeric id; -1 when not a number */
	int64_t created;           /* Unix seconds */
	int64_t updated;           /* TIME_NONE when absent */
	int64_t resolved;          /* TIME_NONE unless resolved (see jira_parse_page) */
	char *team;                /* from the team field; NULL when empty */
	char *labels;              /* JSON array text */
	char *components;          /* JSON array text of component names */
};

/* One page of a search, Cloud or Data Center. */
struct jira_page {
	struct jira_issue *v;
	size_t n, alloc;
	size_t listed;             /* issues in the page, including skipped ones */
	size_t skipped;            /* issues without a key or a readable created time */
	char *first_skipped;       /* "KEY: why" of the first skipped issue, or NULL */
	char *next_token;          /* Cloud: nextPageToken, NULL on the last page */
	int is_last;               /* Cloud: isLast true, or no token */
	int64_t start_at, max_results, total; /* Data Center envelope; -1 when absent */
};

/*
 * Parse a Jira time as Jira sends it: "2020-06-12T08:15:36.123+0800" (milliseconds optional,
 * an offset with or without a colon, or Z).  Returns 0 with Unix seconds (fractions dropped) in
 * *OUT, or -1 when S is not such a time.  Pure.
 */
int jira_time_parse(const char *s, int64_t *out);

/*
 * Parse search answer DOC of URL: {"issues":[...]} with Cloud's nextPageToken/isLast or Data
 * Center's startAt/maxResults/total.  TEAM_FIELD is "components" (the first component),
 * "labels" (the first label) or a field id such as customfield_10001 (a string, an option's
 * value, a team's name or title, or the first of a list), NULL for none.  An issue is resolved
 * when its status category key is "done" (names are localised and never read), at its
 * resolutiondate, else statuscategorychangedate, else updated; without a status it is resolved
 * when it has a resolutiondate.  Issues without a key or created time are counted in SKIPPED.
 * Returns 0, or -1 with "URL: ..." in ERR when DOC is not a search answer.  Release OUT in any
 * case.  Pure.
 */
int jira_parse_page(const json_t *doc, const char *url, const char *team_field, struct jira_page *out,
		    struct strbuf *err);
void jira_page_release(struct jira_page *p);

/* The timeZone of a /myself answer (a new string), or NULL with "URL: ..." in ERR.  Pure. */
char *jira_parse_myself(const json_t *doc, const char *url, struct strbuf *err);

/*
 * The JQL to send: JQL, and when SINCE is not TIME_NONE, AND updated >= "yyyy-MM-dd HH:mm"
 * with SINCE written in TZ (the API user's zone: JQL dates are read in it).  A trailing
 * ORDER BY of JQL is kept at the end; without one, ORDER BY key ASC keeps pages stable.
 * Returns a new string.  Pure.
 */
char *jira_jql_bounded(const char *jql, int64_t since, GTimeZone *tz);

/* The error messages of a Jira error body ({"errorMessages":[...],"errors":{...}}) joined, or NULL.  Pure. */
char *jira_error_text(const char *body, size_t len);

#endif
