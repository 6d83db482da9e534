/* GitHub repositories, their workflows and the dated adoption snapshots in the database. */
#ifndef IDPM_STORE_GITHUB_H
#define IDPM_STORE_GITHUB_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* A repository as listed; strings are borrowed for the call; times are Unix seconds or TIME_NONE. */
struct github_repo {
	const char *full_name;      /* owner/name */
	const char *owner, *name;
	int64_t id;                 /* GitHub's repository id (0 when unknown) */
	int archived, disabled, fork, is_template;
	const char *visibility;     /* public, private, internal; may be NULL */
	const char *default_branch;
	const char *topics;         /* JSON array text; NULL = [] */
	int64_t created_at, pushed_at;
};

/* What the collector needs of a stored repository; strings owned by the array. */
struct github_repo_state {
	char *full_name;
	int archived, disabled, fork, is_template;
	int64_t pushed_at, created_at;
	int64_t workflows_pushed_at; /* pushed_at when its workflows were last read */
	int64_t workflows_read_at;   /* TIME_NONE: never read */
};

struct github_repo_states {
	struct github_repo_state *v;
	size_t n, alloc;
};

/* One workflow of a repository; strings borrowed. */
struct github_workflow {
	int64_t id;
	const char *name, *path, *state;
	const char *uses;           /* JSON from workflow_uses_json, or NULL when the file was not read */
	const char *error;          /* why it could not be read, or NULL */
};

/* One repository on one day; strings borrowed. */
struct github_snapshot {
	const char *day;            /* YYYY-MM-DD in reporting.timezone */
	int64_t taken_at;
	const char *repo;
	int active;
	const char *inactive_why;   /* NULL when active */
	int checked, golden;
	const char *golden_via;     /* "path: uses" */
	int workflows;
	int64_t pushed_at;
	int partial;
};

/* Insert or refresh R, seen by listing GENERATION (the caller holds the transaction). */
int store_github_repo_upsert(struct db *db, const struct github_repo *r, int64_t generation, int64_t now,
			     struct strbuf *err);
/* Mark OWNER's repositories that listing GENERATION did not return as gone; FN (may be NULL) gets each name. */
int store_github_repos_mark_unlisted(struct db *db, const char *owner, int64_t generation, int64_t now,
				     void (*fn)(void *data, const char *full_name), void *data, struct strbuf *err);
/* Mark FULL_NAME gone (a 404 while reading it). */
int store_github_repo_mark_gone(struct db *db, const char *full_name, int64_t now, struct strbuf *err);
/* OWNER's present repositories, by name, appended to OUT (release with store_github_repo_states_release). */
int store_github_repos_current(struct db *db, const char *owner, struct github_repo_states *out, struct strbuf *err);
void store_github_repo_states_release(struct github_repo_states *s);

/*
 * Replace REPO's workflows by the N in W and note they were read at READ_AT
 * for push PUSHED_AT (TIME_NONE for an empty repository).  The caller holds the transaction.
 */
int store_github_workflows_replace(struct db *db, const char *repo, const struct github_workflow *w, size_t n,
				   int64_t pushed_at, int64_t read_at, struct strbuf *err);

/* Note that REPO's stored workflows were confirmed unchanged at READ_AT for push PUSHED_AT. */
int store_github_workflows_confirmed(struct db *db, const char *repo, int64_t pushed_at, int64_t read_at,
				     struct strbuf *err);

/*
 * Call FN for every stored workflow of OWNER's present repositories, ordered by
 * repository then path (strings valid during the call).  FN returns 0 to go on, -1 to stop with ERR.
 */
int store_github_workflows_each(struct db *db, const char *owner,
				int (*fn)(void *data, const char *repo, const struct github_workflow *w, struct strbuf *err),
				void *data, struct strbuf *err);

/* Delete OWNER's snapshot rows of DAY (before writing that day again). */
int store_github_snapshot_clear(struct db *db, const char *day, const char *owner, struct strbuf *err);
/* Store one snapshot row (replacing the same day and repository). */
int store_github_snapshot_put(struct db *db, const struct github_snapshot *s, struct strbuf *err);

#endif
