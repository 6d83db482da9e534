/*
 * The commit graph of a repository's production history, in memory, and the
 * changes of a deployment: the commits reachable from its sha and not from
 * the previous deployment's (git rev-list BASE..HEAD).
 *
 * Nodes are numbered; parents are node numbers, so a traversal is array
 * work with a per-traversal stamp instead of hashing (a backfill works out
 * hundreds of deployments over thousands of commits).
 */
#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora_graph.h"
#include "util/xalloc.h"

enum node_state { NODE_NAMED, NODE_COMMIT, NODE_STUB };

struct node {
	char *sha;
	int64_t authored;
	size_t *parents;
	size_t nparents;
	enum node_state state;
	unsigned base_mark, head_mark;  /* stamps of the traversals that reached it */
};

struct dora_graph {
	GHashTable *index;              /* sha -> node number + 1 */
	struct node *v;
	size_t n, alloc;
	size_t known;
	unsigned stamp;
	size_t *stack;
	size_t stack_alloc;
};

char *dora_graph_norm(const char *sha)
{
	size_t n = sha ? strlen(sha) : 0;
	char *s;

	if (n < 4 || n > 64)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)sha[i]))
			return NULL;
	s = xstrdup(sha);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	return s;
}

struct dora_graph *dora_graph_new(void)
{
	struct dora_graph *g = xcalloc(1, sizeof(*g));

	g->index = g_hash_table_new(g_str_hash, g_str_equal);
	return g;
}

void dora_graph_free(struct dora_graph *g)
{
	if (!g)
		return;
	g_hash_table_destroy(g->index);
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].sha);
		free(g->v[i].parents);
	}
	free(g->v);
	free(g->stack);
	free(g);
}

/* The node of SHA (already normalised), created as merely named when new. */
static size_t node_of(struct dora_graph *g, const char *sha)
{
	gpointer p = g_hash_table_lookup(g->index, sha);
	struct node *nd;

	if (p)
		return (size_t)GPOINTER_TO_SIZE(p) - 1;
	XGROW(g->v, g->alloc, g->n + 1);
	nd = &g->v[g->n];
	memset(nd, 0, sizeof(*nd));
	nd->sha = xstrdup(sha);
	nd->state = NODE_NAMED;
	g_hash_table_insert(g->index, nd->sha, GSIZE_TO_POINTER(g->n + 1));
	return g->n++;
}

static int find(const struct dora_graph *g, const char *sha, size_t *out)
{
	char *norm = dora_graph_norm(sha);
	gpointer p = norm ? g_hash_table_lookup(g->index, norm) : NULL;

	free(norm);
	if (!p)
		return 0;
	*out = (size_t)GPOINTER_TO_SIZE(p) - 1;
	return 1;
}

void dora_graph_add(struct dora_graph *g, const char *sha, int64_t authored, const char *parents, int beyond)
{
	char *norm = dora_graph_norm(sha);
	size_t id, np = 0, alloc = 0, *ps = NULL;
	const char *p = parents;

	if (!norm)
		return;
	while (p && *p && !beyond) {
		size_t len;
		char *one, *pn;

		while (*p == ' ' || *p == ',')
			p++;
		len = strcspn(p, " ,");
		if (!len)
			break;
		one = xstrndup(p, len);
		pn = dora_graph_norm(one);
		if (pn) {
			XGROW(ps, alloc, np + 1);
			ps[np++] = node_of(g, pn);
		}
		free(one);
		free(pn);
		p += len;
	}
	id = node_of(g, norm);
	free(norm);
	if (g->v[id].state == NODE_NAMED)
		g->known++;
	if (beyond && g->v[id].state == NODE_COMMIT) {
		free(ps); /* a commit stays a commit */
		return;
	}
	free(g->v[id].parents);
	g->v[id].parents = ps;
	g->v[id].nparents = np;
	g->v[id].authored = authored;
	g->v[id].state = beyond ? NODE_STUB : NODE_COMMIT;
}

int dora_graph_known(const struct dora_graph *g, const char *sha)
{
	size_t id;

	return find(g, sha, &id) && g->v[id].state != NODE_NAMED;
}

size_t dora_graph_size(const struct dora_graph *g)
{
	return g->known;
}

void dora_change_list_release(struct dora_change_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void push(struct dora_graph *g, size_t *top, size_t id)
{
	XGROW(g->stack, g->stack_alloc, *top + 1);
	g->stack[(*top)++] = id;
}

/* Mark every node reachable from BASE (named parents and stubs included, not expanded). */
static void mark_base(struct dora_graph *g, size_t base)
{
	size_t top = 0;

	g->v[base].base_mark = g->stamp;
	push(g, &top, base);
	while (top) {
		struct node *nd = &g->v[g->stack[--top]];

		if (nd->state != NODE_COMMIT)
			continue;
		for (size_t i = 0; i < nd->nparents; i++) {
			size_t p = nd->parents[i];

			if (g->v[p].base_mark != g->stamp) {
				g->v[p].base_mark = g->stamp;
				push(g, &top, p);
			}
		}
	}
}

int dora_graph_changes(struct dora_graph *g, const char *head, const char *base, struct dora_change_list *out,
		       const char **missing)
{
	size_t h, b = 0, top = 0;

	out->n = 0;
	*missing = NULL;
	if (!find(g, head, &h) || g->v[h].state == NODE_NAMED) {
		char *norm = dora_graph_norm(head);

		/* An unknown head: name it, so the caller gets a sha owned by the graph. */
		h = node_of(g, norm ? norm : "0000");
		free(norm);
		*missing = g->v[h].sha;
		return DORA_GRAPH_MISSING;
	}
	if (base && (!find(g, base, &b) || g->v[b].state == NODE_NAMED)) {
		char *norm = dora_graph_norm(base);

		b = node_of(g, norm ? norm : "0000");
		free(norm);
		*missing = g->v[b].sha;
		return DORA_GRAPH_MISSING;
	}
	if (++g->stamp == 0) { /* wrapped: clear every stamp once */
		for (size_t i = 0; i < g->n; i++)
			g->v[i].base_mark = g->v[i].head_mark = 0;
		g->stamp = 1;
	}
	if (base)
		mark_base(g, b);
	if (g->v[h].base_mark == g->stamp)
		return DORA_GRAPH_OK; /* a redeploy or a rollback: nothing new */
	g->v[h].head_mark = g->stamp;
	push(g, &top, h);
	while (top) {
		size_t id = g->stack[--top];
		struct node *nd = &g->v[id];

		if (nd->state == NODE_STUB)
			continue;
		if (nd->state == NODE_NAMED) {
			*missing = nd->sha;
			out->n = 0;
			return DORA_GRAPH_MISSING;
		}
		XGROW(out->v, out->alloc, out->n + 1);
		out->v[out->n].sha = nd->sha;
		out->v[out->n++].authored = nd->authored;
		for (size_t i = 0; i < nd->nparents; i++) {
			size_t p = nd->parents[i];

			if (g->v[p].base_mark != g->stamp && g->v[p].head_mark != g->stamp) {
				g->v[p].head_mark = g->stamp;
				push(g, &top, p);
			}
		}
	}
	return DORA_GRAPH_OK;
}

size_t dora_graph_unknown(const struct dora_graph *g, const char ***out)
{
	size_t n = 0;

	*out = xcalloc(g->n + 1, sizeof(**out));
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].state == NODE_NAMED)
			(*out)[n++] = g->v[i].sha;
	return n;
}
