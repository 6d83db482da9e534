/* Pure reading of Argo CD answers: applications, their sync history and last operation; repository URLs. */
#ifndef IDPM_ARGOCD_PARSE_H
#define IDPM_ARGOCD_PARSE_H

#include <jansson.h>
#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* One status.history[] entry (a successful sync); strings owned. */
struct argocd_entry {
	int64_t id;
	char *revision;               /* revision, or revisions[] joined by spaces (multi-source) */
	char **revisions;             /* one per source: revisions[i], or the one revision */
	char **repos;                 /* the repoURL each revision belongs to ("" when unknown) */
	size_t nrev;
	int64_t deployed_at;          /* deployedAt */
	int64_t started_at;           /* deployStartedAt, TIME_NONE when absent */
};

/* An application as idpmetrics reads it; strings owned, NULL when absent. */
struct argocd_app {
	char *name, *uid, *project;
	int64_t history_limit;        /* spec.revisionHistoryLimit, -1 when absent (Argo CD keeps 10) */
	char **source_repos;          /* spec.source.repoURL or each spec.sources[].repoURL */
	size_t nsources;
	char **labels;                /* metadata.labels as "key=value" */
	size_t nlabels;
	struct argocd_entry *history; /* oldest first, as Argo CD keeps it */
	size_t nhistory;
	char **images;                /* status.summary.images */
	size_t nimages;
	char *op_phase;               /* status.operationState.phase: Running, Failed, Error, Succeeded, ... */
	char *op_revision;            /* its sync revision(s), joined like an entry's revision */
	int64_t op_started, op_finished;
};

/*
 * Read an Application object (the list's items or GET /api/v1/applications/NAME).  Returns 0 with
 * OUT filled (release it with argocd_app_release()), or -1 with what is missing in WHY (no
 * metadata.name or metadata.uid).  History entries without an id or deployedAt are skipped and
 * counted in *SKIPPED (may be NULL).  No I/O.
 */
int argocd_parse_app(const json_t *app, struct argocd_app *out, size_t *skipped, struct strbuf *why);
void argocd_app_release(struct argocd_app *a);

/*
 * The items of a GET /api/v1/applications answer: 0 with *ITEMS the array (NULL when "items" is
 * null or absent: no applications), or -1 with "URL: ..." in ERR when DOC is not such a list.
 */
int argocd_list_items(const json_t *doc, const char *url, const json_t **items, struct strbuf *err);

/*
 * "owner/name" when URL is a repository URL on HOST (https://HOST/o/n(.git), git@HOST:o/n.git,
 * ssh://git@HOST/o/n), NULL otherwise.  HOST compares case-insensitively.  The caller frees it.
 */
char *argocd_repo_of_url(const char *url, const char *host);

/*
 * Whether LABELS ("key=value") satisfy SELECTOR: comma-separated "key=value", "key==value",
 * "key!=value", "key" (exists) or "!key".  An empty selector matches nothing.
 */
int argocd_selector_match(const char *selector, char *const *labels, size_t nlabels);

/*
 * The application commit inside an image tag: the first of IMAGES whose tag (after the last ':'
 * of the last path segment) matches RX, its first group, lower case, when it is 7 to 40 hex
 * digits.  NULL when none.  The caller frees it.
 */
char *argocd_image_commit(char *const *images, size_t nimages, const regex_t *rx);

/* Recorded syncs a day over the history in hand (ids per day from the oldest to the newest entry); NaN when unknown. */
double argocd_sync_rate(const struct argocd_app *a);

/* Whether S is 40 hex digits (a commit SHA rather than a chart version or a branch). */
int argocd_is_sha(const char *s);

#endif
