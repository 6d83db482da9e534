/* Pure parsing of Backstage scaffolder answers: tasks, totalTasks, task events, repository references. */
#ifndef IDPM_SCAFFOLDER_PARSE_H
#define IDPM_SCAFFOLDER_PARSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* A repository a task created (or was asked to create); owned strings, NULL when unknown. */
struct scaffolder_repo {
	char *host;                  /* github.com, gitlab.example.com, dev.azure.com */
	char *owner;                 /* organisation, user, group path or workspace */
	char *name;
};

void scaffolder_repo_release(struct scaffolder_repo *r);

/*
 * Parse a RepoUrlPicker value "github.com?owner=X&repo=Y" (values may be
 * percent-encoded; "workspace" or "organization" stand in for "owner" on
 * Bitbucket and Azure DevOps) or a web URL (scaffolder_parse_web_url).
 * Returns 0 with R filled, or -1 (R untouched) when S names no repository.
 */
int scaffolder_parse_repo_url(const char *s, struct scaffolder_repo *r);

/*
 * Parse a repository web or clone URL: https://github.com/o/r(.git),
 * .../o/r/tree/main/..., https://gitlab.com/group/sub/r/-/blob/...,
 * https://dev.azure.com/org/project/_git/r.  Returns 0 with R filled, or -1.
 */
int scaffolder_parse_web_url(const char *s, struct scaffolder_repo *r);

/*
 * The repository named by a completion event's rendered output: remoteUrl,
 * repoContentsUrl, repoUrl, or a link whose title mentions a repository.
 * Returns 0 with R filled, or -1.
 */
int scaffolder_parse_output_repo(const json_t *output, struct scaffolder_repo *r);

/*
 * totalTasks of a list page, a JSON integer or a numeric string (PostgreSQL
 * counts).  Returns 1 with *TOTAL, 0 when absent or null (an old server), or
 * -1 with "URL: ..." in ERR when present but not a count.
 */
int scaffolder_parse_total(const json_t *page, const char *url, int64_t *total, struct strbuf *err);

/* What the collector keeps of one SerializedTask. */
struct scaffolder_task_info {
	const char *id;              /* borrowed from the task JSON, like the next three */
	const char *status;
	const char *template_ref;    /* spec.templateInfo.entityRef, or NULL */
	const char *created_by;      /* createdBy, else spec.user.ref, or NULL (service principals) */
	int64_t created_at;
	int64_t last_heartbeat_at;   /* TIME_NONE when absent */
	struct scaffolder_repo repo; /* from spec.parameters.repoUrl; owned */
	char *raw;                   /* the task as compact JSON with sorted keys, without "secrets"; owned */
};

/*
 * Check and read element INDEX of a list page from URL.  Removes a "secrets"
 * member from TASK.  Returns 0 with OUT filled (release it with
 * scaffolder_task_info_release()), or -1 with "URL: task INDEX ..." in ERR.
 */
int scaffolder_parse_task(json_t *task, const char *url, size_t index, struct scaffolder_task_info *out,
			  struct strbuf *err);
void scaffolder_task_info_release(struct scaffolder_task_info *t);

/* One page of GET /v2/tasks, checked whole. */
struct scaffolder_page {
	struct scaffolder_task_info *tasks; /* in page order; strings borrowed from the page's JSON */
	size_t n;
	int has_total;               /* totalTasks was given (0: an old server that answers everything at once) */
	int64_t total;
};

/*
 * Check and read a list page DOC from URL whose first task is number OFFSET:
 * {"tasks":[...],"totalTasks":N}.  Every task must read (scaffolder_parse_task)
 * before any is used.  Returns 0 with OUT filled (release it with
 * scaffolder_page_release(); DOC must outlive it), or -1 with "URL: ..." in
 * ERR (OUT released).  No I/O.
 */
int scaffolder_parse_page(json_t *doc, const char *url, int64_t offset, struct scaffolder_page *out,
			  struct strbuf *err);
void scaffolder_page_release(struct scaffolder_page *p);

/* What the events of one task say. */
struct scaffolder_events {
	size_t unique;               /* distinct events by id */
	size_t duplicates;           /* repeated ids dropped */
	int64_t completed_at;        /* createdAt of the completion event that counts; TIME_NONE without one */
	const char *outcome;         /* "completed", "failed" or "cancelled" as that event's body tells; NULL if it does not */
	int cancelled;               /* a cancelled event after the last recovery */
	int recovered;               /* recovered events (the task was retried) */
	const json_t *output;        /* that event's body.output, borrowed from EVENTS; NULL without one */
};

/*
 * Summarise the answer of GET /v2/tasks/{id}/events from URL: events are
 * de-duplicated by id and taken in id order; completion and cancelled events
 * older than the last recovered event no longer count (a retried task).
 * Returns 0, or -1 with "URL: ..." in ERR when EVENTS is not an array of
 * events with numeric ids and types, or a completion event has no time.
 */
int scaffolder_parse_events(const json_t *events, const char *url, struct scaffolder_events *out,
			    struct strbuf *err);

#endif
