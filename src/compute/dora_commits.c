/*
 * What the DORA module looks up per commit, loaded once per compute run: the
 * commits listed as a change of several deployments, and when the pull
 * request a commit is the merge of was opened.  Looking these up in memory
 * instead of with an SQL probe per change keeps computing 8 quarters of a
 * large organisation within seconds (docs/BENCHMARKS.md).
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora_commits.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct dora_commits {
	GHashTable *repeated;  /* key -> key (owned) */
	GHashTable *pulls;     /* key (inside the value) -> struct opened (owned) */
};

struct opened {
	int64_t at;
	char key[];
};

/*
 * "repo in lower case\nsha" into BUF (SIZE bytes) when it fits, else into a
 * new string in *HEAP.  ASCII case folding is what SQLite's NOCASE does.
 */
static const char *key_of(const char *repo, const char *sha, char *buf, size_t size, char **heap)
{
	size_t nr = strlen(repo), ns = strlen(sha);
	char *k = buf;

	*heap = NULL;
	if (nr + ns + 2 > size)
		k = *heap = xmalloc(nr + ns + 2);
	for (size_t i = 0; i < nr; i++)
		k[i] = g_ascii_tolower(repo[i]);
	k[nr] = '\n';
	memcpy(k + nr + 1, sha, ns + 1);
	return k;
}

void dora_commits_free(void *set)
{
	struct dora_commits *c = set;

	if (!c)
		return;
	if (c->repeated)
		g_hash_table_destroy(c->repeated);
	if (c->pulls)
		g_hash_table_destroy(c->pulls);
	free(c);
}

struct dora_commits *dora_commits_load(struct db *db, struct strbuf *err)
{
	struct dora_commits *c = xcalloc(1, sizeof(*c));
	sqlite3_stmt *st;
	char buf[256], *heap;
	int rc;

	c->repeated = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	c->pulls = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free);
	if (!(st = db_stmt(db, "compute/dora_repeated", err)))
		goto fail;
	while ((rc = db_step(db, st, err)) > 0) {
		const char *k = key_of(db_col_text(st, 0), db_col_text(st, 1), buf, sizeof(buf), &heap);

		g_hash_table_add(c->repeated, heap ? heap : xstrdup(k));
	}
	if (rc < 0 || !(st = db_stmt(db, "compute/dora_pulls_opened", err)))
		goto fail;
	while ((rc = db_step(db, st, err)) > 0) {
		const char *k = key_of(db_col_text(st, 0), db_col_text(st, 1), buf, sizeof(buf), &heap);
		int64_t at = db_col_time(st, 2);
		struct opened *o = g_hash_table_lookup(c->pulls, k);

		if (o) { /* the same repository spelt in another case */
			if (at != TIME_NONE && (o->at == TIME_NONE || at < o->at))
				o->at = at;
		} else {
			size_t n = strlen(k) + 1;

			o = xmalloc(sizeof(*o) + n);
			o->at = at;
			memcpy(o->key, k, n);
			g_hash_table_insert(c->pulls, o->key, o);
		}
		free(heap);
	}
	if (rc < 0)
		goto fail;
	return c;
fail:
	dora_commits_free(c);
	return NULL;
}

int dora_commits_repeated(const struct dora_commits *c, const char *repo, const char *sha)
{
	char buf[256], *heap;
	int found;

	if (!g_hash_table_size(c->repeated))
		return 0;
	found = g_hash_table_contains(c->repeated, key_of(repo, sha, buf, sizeof(buf), &heap));
	free(heap);
	return found;
}

unsigned dora_commits_nrepeated(const struct dora_commits *c)
{
	return g_hash_table_size(c->repeated);
}

int64_t dora_commits_pr_opened(const struct dora_commits *c, const char *repo, const char *sha)
{
	char buf[256], *heap;
	struct opened *o = g_hash_table_lookup(c->pulls, key_of(repo, sha, buf, sizeof(buf), &heap));

	free(heap);
	return o ? o->at : TIME_NONE;
}
