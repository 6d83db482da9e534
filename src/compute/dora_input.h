/* The DORA inputs of a compute run in memory: per repository, its deployments, first-shipped changes and incidents. */
#ifndef IDPM_COMPUTE_DORA_INPUT_H
#define IDPM_COMPUTE_DORA_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/strbuf.h"

/* One change first shipped in a period. */
struct dora_change_obs {
	int64_t shipped;          /* the first successful production deployment that contained it */
	int64_t authored;         /* commit author date (the earliest of its listings) */
	int64_t pr_opened;        /* when the pull request whose merge made this commit was opened; TIME_NONE if none */
};

/* One incident. */
struct dora_incident_obs {
	int64_t opened, closed;   /* closed: TIME_NONE while open */
	const char *repo;         /* the repository as the incident spells it (owned by the input) */
};

/* One repository: everything the DORA keys of any period need, in compact arrays. */
struct dora_repo_in {
	const char *repo;         /* as its first production deployment spells it, else its first incident */
	const char *name;         /* github_repos.name, or NULL when not listed */
	int present;              /* listed and not archived, or not listed at all */
	int64_t first_any;        /* its first production deployment (any outcome); TIME_NONE if none */
	int64_t *any;             /* completion times of its production deployments (any outcome) within an
	                             incident window of the run's periods, ascending */
	size_t nany;
	int64_t *ok;              /* of its successful production deployments, the same */
	size_t nok;
	struct dora_change_obs *changes; /* commits first shipped in [from, until), ascending by shipping */
	size_t nchanges;
	struct dora_incident_obs *incidents; /* ascending by opening, then number */
	size_t nincidents;
};

/* The inputs of one compute run; repositories in SQLite's NOCASE order of their names. */
struct dora_input {
	struct dora_repo_in *v;
	size_t n;
	int64_t from, until;      /* the changes kept: first shipped in [from, until) */
	void *strings;            /* the strings' storage (a GStringChunk) */
};

/*
 * The DORA inputs of the periods in [FROM, UNTIL) with an incident window of
 * WINDOW seconds (dora.incident_window_days).  First every repository that
 * dora_stale names is derived again from its whole history and stored
 * (dora_shipped, dora_ship_repos): a commit listed under several deployments
 * counts once, at the earliest successful production deployment listing it,
 * with its earliest author date and the earliest opening of a pull request
 * merged as it.  Then per repository: its production deployments completed
 * within WINDOW of [FROM, UNTIL), the commits first shipped in [FROM, UNTIL),
 * the incidents of the source INCIDENTS (dora.incidents), its listing.  Writes
 * (call inside a transaction).  Returns a new input (dora_input_free()), or
 * NULL with ERR.
 */
struct dora_input *dora_input_load(struct db *db, const char *incidents, int64_t from, int64_t until, int64_t window,
				    struct strbuf *err);
void dora_input_free(struct dora_input *in);

/* Index of the first of the N ascending times T at or after AT (N when none). Pure. */
size_t dora_lower_bound(const int64_t *t, size_t n, int64_t at);

#endif
