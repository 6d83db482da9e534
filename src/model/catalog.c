/* The catalog model shared by collect, store and compute: entity refs, entities, a resolved set of them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/catalog.h"
#include "util/xalloc.h"

void catalog_ref_release(struct catalog_ref *r)
{
	free(r->kind);
	free(r->ns);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

static int blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

int catalog_ref_parse(const char *text, const char *default_kind, const char *default_ns, struct catalog_ref *out)
{
	const char *s = text, *end, *colon, *slash;

	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	while (blank((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && blank((unsigned char)end[-1]))
		end--;
	colon = memchr(s, ':', (size_t)(end - s));
	if (colon) {
		out->kind = xstrndup(s, (size_t)(colon - s));
		s = colon + 1;
	} else if (default_kind) {
		out->kind = xstrdup(default_kind);
	}
	slash = memchr(s, '/', (size_t)(end - s));
	if (slash) {
		out->ns = xstrndup(s, (size_t)(slash - s));
		s = slash + 1;
	} else {
		out->ns = xstrdup(default_ns ? default_ns : "default");
	}
	out->name = xstrndup(s, (size_t)(end - s));
	if (!out->kind || !*out->kind || !*out->ns || !*out->name || strpbrk(out->name, ":/") ||
	    strpbrk(out->kind, " \t/") || strpbrk(out->ns, " \t:") || strpbrk(out->name, " \t")) {
		catalog_ref_release(out);
		return -1;
	}
	return 0;
}

static void add_lower(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		strbuf_addch(sb, (char)tolower((unsigned char)*s));
}

char *catalog_ref_key(const struct catalog_ref *r)
{
	struct strbuf sb = STRBUF_INIT;

	add_lower(&sb, r->kind);
	strbuf_addch(&sb, ':');
	add_lower(&sb, r->ns);
	strbuf_addch(&sb, '/');
	add_lower(&sb, r->name);
	return strbuf_detach(&sb, NULL);
}

char *catalog_ref_normalise(const char *text, const char *default_kind, const char *default_ns)
{
	struct catalog_ref r;
	char *key;

	if (catalog_ref_parse(text, default_kind, default_ns, &r))
		return NULL;
	key = catalog_ref_key(&r);
	catalog_ref_release(&r);
	return key;
}

char *catalog_parse_slug(const char *s)
{
	const char *end, *slash;

	if (!s)
		return NULL;
	while (blank((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && blank((unsigned char)end[-1]))
		end--;
	slash = memchr(s, '/', (size_t)(end - s));
	if (!slash || slash == s || slash + 1 == end || memchr(slash + 1, '/', (size_t)(end - slash - 1)))
		return NULL;
	for (const char *p = s; p < end; p++)
		if (blank((unsigned char)*p) || (unsigned char)*p < 0x20)
			return NULL;
	return xstrndup(s, (size_t)(end - s));
}

void catalog_entity_release(struct catalog_entity *e)
{
	free(e->ref);
	free(e->ns);
	free(e->name);
	free(e->title);
	free(e->type);
	free(e->lifecycle);
	free(e->system);
	free(e->owner_ref);
	free(e->parent_ref);
	for (size_t i = 0; i < e->nmember_of; i++)
		free(e->member_of[i]);
	free(e->member_of);
	free(e->repo);
	free(e->repo_from);
	free(e->source_template);
	free(e->argocd_app);
	free(e->argocd_selector);
	free(e->pagerduty_service);
	free(e->tags);
	free(e->tier);
	free(e->team_ref);
	memset(e, 0, sizeof(*e));
}
void catalog_set_init(struct catalog_set *s)
{
	memset(s, 0, sizeof(*s));
	s->index = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
}

void catalog_set_add(struct catalog_set *s, struct catalog_entity *e)
{
	gpointer pos = g_hash_table_lookup(s->index, e->ref);

	if (pos) {
		struct catalog_entity *old = &s->v[GPOINTER_TO_SIZE(pos) - 1];

		catalog_entity_release(old);
		*old = *e;
		s->duplicates++;
	} else {
		XGROW(s->v, s->alloc, s->n + 1);
		s->v[s->n] = *e;
		g_hash_table_insert(s->index, xstrdup(e->ref), GSIZE_TO_POINTER(s->n + 1));
		s->n++;
	}
	memset(e, 0, sizeof(*e));
}

size_t catalog_set_count(const struct catalog_set *s, enum catalog_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i].kind == kind;
	return n;
}

static int cmp_entity(const void *a, const void *b)
{
	return strcmp(((const struct catalog_entity *)a)->ref, ((const struct catalog_entity *)b)->ref);
}

static struct catalog_entity *find(GHashTable *by_ref, const char *ref)
{
	return ref ? g_hash_table_lookup(by_ref, ref) : NULL;
}

void catalog_set_resolve(struct catalog_set *s)
{
	GHashTable *by_ref = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *mark = g_hash_table_new(g_direct_hash, g_direct_equal); /* group -> last user counted + 1 */

	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_entity);
	g_hash_table_remove_all(s->index);
	for (size_t i = 0; i < s->n; i++) {
		g_hash_table_insert(s->index, xstrdup(s->v[i].ref), GSIZE_TO_POINTER(i + 1));
		g_hash_table_insert(by_ref, s->v[i].ref, &s->v[i]);
		s->v[i].members = s->v[i].members_total = 0;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct catalog_entity *u = &s->v[i];

		if (u->kind != CATALOG_USER)
			continue;
		for (size_t k = 0; k < u->nmember_of; k++) {
			struct catalog_entity *g = find(by_ref, u->member_of[k]);

			if (!g || g->kind != CATALOG_GROUP)
				continue;
			g->members++;
			/* up the tree, counting this user once per group even when several memberships lead there */
			while (g && g->kind == CATALOG_GROUP && GPOINTER_TO_SIZE(g_hash_table_lookup(mark, g)) != i + 1) {
				g_hash_table_insert(mark, g, GSIZE_TO_POINTER(i + 1));
				g->members_total++;
				g = find(by_ref, g->parent_ref);
			}
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		struct catalog_entity *c = &s->v[i];
		const struct catalog_entity *owner;

		if (c->kind != CATALOG_COMPONENT || !c->owner_ref)
			continue;
		free(c->team_ref);
		c->team_ref = NULL;
		if (!strncmp(c->owner_ref, "group:", 6)) {
			c->team_ref = xstrdup(c->owner_ref);
			continue;
		}
		owner = find(by_ref, c->owner_ref);
		if (!owner || owner->kind != CATALOG_USER)
			continue;
		for (size_t k = 0; k < owner->nmember_of && !c->team_ref; k++) {
			const struct catalog_entity *g = find(by_ref, owner->member_of[k]);

			if (g && g->kind == CATALOG_GROUP)
				c->team_ref = xstrdup(g->ref);
		}
	}
	g_hash_table_destroy(mark);
	g_hash_table_destroy(by_ref);
	s->resolved = 1;
}

void catalog_set_release(struct catalog_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		catalog_entity_release(&s->v[i]);
	free(s->v);
	if (s->index)
		g_hash_table_destroy(s->index);
	memset(s, 0, sizeof(*s));
}
