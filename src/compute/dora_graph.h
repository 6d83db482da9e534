/*
 * The commit graph of a repository's production history, in memory, and the
 * changes of a deployment: the commits reachable from its sha and not from
 * the previous deployment's (git rev-list BASE..HEAD).
 */
#ifndef IDPM_DORA_GRAPH_H
#define IDPM_DORA_GRAPH_H

#include <stddef.h>
#include <stdint.h>

struct dora_graph;

/* A new, empty graph; free it with dora_graph_free(). */
struct dora_graph *dora_graph_new(void);
void dora_graph_free(struct dora_graph *g);

/*
 * Add commit SHA (hex, any case) authored at AUTHORED with PARENTS (shas
 * separated by spaces or commas, first parent first; "" or NULL for a root).
 * BEYOND marks a stub: a commit older than the collection horizon, where
 * history deliberately stops.  Adding a sha again replaces what was known of
 * it (a stub or a mere parent reference becomes a commit).
 */
void dora_graph_add(struct dora_graph *g, const char *sha, int64_t authored, const char *parents, int beyond);

/* 1 when SHA was added as a commit or a stub (not merely named as a parent). */
int dora_graph_known(const struct dora_graph *g, const char *sha);
/* Commits and stubs added. */
size_t dora_graph_size(const struct dora_graph *g);

/* One change: a commit and its author date; SHA points into the graph (valid until it is freed). */
struct dora_change {
	const char *sha;
	int64_t authored;
};

struct dora_change_list {
	struct dora_change *v;
	size_t n, alloc;
};
void dora_change_list_release(struct dora_change_list *l);

enum dora_graph_result {
	DORA_GRAPH_OK = 0,      /* OUT holds every change (possibly none: a redeploy or a rollback) */
	DORA_GRAPH_MISSING = 1  /* history is missing: *MISSING names a commit that must be read first */
};

/*
 * The commits reachable from HEAD and not from BASE (NULL: no base, every
 * commit back to the horizon), into OUT (reset first), newest first by
 * traversal.  Stubs and their ancestors are never changes.  When HEAD, BASE
 * or a commit on the way from HEAD is not known (and not an ancestor of BASE
 * through known commits), returns DORA_GRAPH_MISSING with *MISSING pointing
 * at that sha (owned by the graph).
 */
int dora_graph_changes(struct dora_graph *g, const char *head, const char *base, struct dora_change_list *out,
		       const char **missing);

/*
 * The shas named as parents of known commits but not known themselves, in
 * the order they were first named, into *OUT (a new array of pointers owned
 * by the graph; the caller frees the array).  Returns the count.
 */
size_t dora_graph_unknown(const struct dora_graph *g, const char ***out);

/* Lower-case copy of SHA when it is 4 to 64 hex digits, else NULL; the caller frees it. */
char *dora_graph_norm(const char *sha);

#endif
