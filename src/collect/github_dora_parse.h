/* Pure reading of GitHub answers DORA uses: workflow run items and commit items. */
#ifndef IDPM_GITHUB_DORA_PARSE_H
#define IDPM_GITHUB_DORA_PARSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* What one element of a workflow runs page says. */
enum dora_run_kind {
	DORA_RUN_USABLE,      /* completed, with id, head_sha and both times */
	DORA_RUN_UNUSABLE,    /* no id or no head_sha (a 40-hex commit) */
	DORA_RUN_UNFINISHED,  /* status other than completed: created_at may hold the listing's watermark back */
	DORA_RUN_NO_TIMES     /* completed without a usable created_at or updated_at */
};

struct dora_run_item {
	int64_t id, attempt;          /* attempt: run_attempt, 1 when absent */
	int64_t created_at, updated_at; /* TIME_NONE when absent or not a time */
	char *sha;                    /* head_sha, lower-case hex (owned); NULL when unusable */
	const char *status, *conclusion, *branch, *event; /* borrowed from the item; may be NULL */
};

/* Read ITEM into OUT (release it with github_dora_run_item_release()).  Returns a dora_run_kind.  No I/O. */
int github_dora_parse_run(const json_t *item, struct dora_run_item *out);
void github_dora_run_item_release(struct dora_run_item *r);

/* One commit object: {sha, commit: {author: {date}, committer: {date}}, parents: [{sha}]}. */
struct dora_commit_item {
	char *sha;                    /* lower-case hex (owned) */
	int64_t authored_at;          /* the author date, else the committer date; TIME_NONE when neither */
	int64_t committed_at;         /* the committer date, else the author date */
	char **parents;               /* usable parent shas in order (owned) */
	size_t nparents;
	char *parents_text;           /* the same separated by spaces, "" without parents (owned) */
};

/* Read ITEM into OUT (release it with github_dora_commit_item_release()).  0, or -1 without a usable sha.  No I/O. */
int github_dora_parse_commit(const json_t *item, struct dora_commit_item *out);
void github_dora_commit_item_release(struct dora_commit_item *c);

#endif
