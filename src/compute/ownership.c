/* Which team owns what: repositories, scaffolder tasks and written team names resolved to team scopes. */
#include <fnmatch.h>
#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/catalog.h"
#include "compute/ownership.h"
#include "store/row.h"
#include "store/runs.h"
#include "util/xalloc.h"

struct group {
	char *ref;                   /* group:ns/name, lower case */
	const char *scope;           /* interned */
	int64_t members;
	int default_ns;
};

/* One catalog component of a repository. */
struct component {
	const char *team;            /* interned scope, NULL without an owning group */
	char *lifecycle;
	char **tags;
	size_t ntags;
};

struct repo {
	struct component *v;
	size_t n, alloc;
};

struct ownership {
	const struct config *cfg;
	GHashTable *strings;         /* interned strings (owned) */
	GHashTable *by_ref;          /* group ref -> struct group */
	GHashTable *by_scope;        /* scope -> struct group */
	GHashTable *by_name;         /* case-folded name -> struct group */
	GHashTable *by_title;        /* case-folded title -> struct group */
	GHashTable *repos;           /* lower-case owner/name -> struct repo */
	GHashTable *names;           /* ownership_team_name()'s answers: text as given -> struct name_answer */
	int64_t users;
};

/* What ownership_team_name() said of one text (it depends on the groups only: forgotten when one is added). */
struct name_answer {
	const char *team;            /* interned, NULL for a blank text */
	enum ownership_via via;
};

const char *ownership_via_name(enum ownership_via via)
{
	switch (via) {
	case OWNERSHIP_VIA_CATALOG: return "catalog";
	case OWNERSHIP_VIA_TASK_OWNER: return "task-owner";
	case OWNERSHIP_VIA_CONFIG: return "config";
	case OWNERSHIP_VIA_GROUP_NAME: return "group-name";
	case OWNERSHIP_VIA_TEXT: return "text";
	case OWNERSHIP_VIA_NONE: break;
	}
	return "none";
}

static void group_free(gpointer p)
{
	struct group *g = p;

	free(g->ref);
	free(g);
}

static void repo_free(gpointer p)
{
	struct repo *r = p;

	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].lifecycle);
		for (size_t k = 0; k < r->v[i].ntags; k++)
			free(r->v[i].tags[k]);
		free(r->v[i].tags);
	}
	free(r->v);
	free(r);
}

struct ownership *ownership_new(const struct config *cfg)
{
	struct ownership *o = xcalloc(1, sizeof(*o));

	o->cfg = cfg;
	o->strings = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	o->by_ref = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, group_free);
	o->by_scope = g_hash_table_new(g_str_hash, g_str_equal);
	o->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	o->by_title = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	o->repos = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, repo_free);
	o->names = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	o->users = -1;
	return o;
}

void ownership_free(struct ownership *o)
{
	if (!o)
		return;
	g_hash_table_destroy(o->by_scope);
	g_hash_table_destroy(o->by_name);
	g_hash_table_destroy(o->by_title);
	g_hash_table_destroy(o->by_ref);
	g_hash_table_destroy(o->repos);
	g_hash_table_destroy(o->names);
	g_hash_table_destroy(o->strings);
	free(o);
}

/* S kept for the life of O; the same text always gives the same pointer. */
static const char *intern(struct ownership *o, const char *s)
{
	char *have = g_hash_table_lookup(o->strings, s);

	if (!have) {
		have = xstrdup(s);
		g_hash_table_add(o->strings, have);
	}
	return have;
}

static const char *intern_take(struct ownership *o, char *s)
{
	const char *have = intern(o, s);

	free(s);
	return have;
}

char *ownership_team_scope(const char *ns, const char *name)
{
	if (!ns || !*ns || !g_ascii_strcasecmp(ns, "default"))
		return xasprintf("team:%s", name);
	return xasprintf("team:%s/%s", ns, name);
}

/* S trimmed, NFKC-normalised and case-folded (g_free it), or NULL when blank. */
static char *fold(const char *s)
{
	char *trimmed, *norm, *out;

	if (!s)
		return NULL;
	trimmed = g_strstrip(g_strdup(s));
	if (!*trimmed || !g_utf8_validate(trimmed, -1, NULL)) {
		g_free(trimmed);
		return NULL;
	}
	norm = g_utf8_normalize(trimmed, -1, G_NORMALIZE_ALL);
	out = g_utf8_casefold(norm ? norm : trimmed, -1);
	g_free(norm);
	g_free(trimmed);
	return out;
}

/* Index G under KEY in TABLE; on a clash a group of the default namespace wins, then the lower ref. */
static void index_folded(GHashTable *table, char *key, struct group *g)
{
	struct group *have;

	if (!key)
		return;
	have = g_hash_table_lookup(table, key);
	if (have && (have->default_ns > g->default_ns ||
		     (have->default_ns == g->default_ns && strcmp(have->ref, g->ref) < 0))) {
		g_free(key);
		return;
	}
	g_hash_table_replace(table, key, g);
}

void ownership_add_group(struct ownership *o, const char *ref, const char *ns, const char *name, const char *title,
			 int64_t members)
{
	struct group *g;

	if (!ref || !name || g_hash_table_contains(o->by_ref, ref))
		return;
	g_hash_table_remove_all(o->names); /* a name may mean this group now */
	g = xcalloc(1, sizeof(*g));
	g->ref = xstrdup(ref);
	g->scope = intern_take(o, ownership_team_scope(ns, name));
	g->members = members;
	g->default_ns = !ns || !g_ascii_strcasecmp(ns, "default");
	g_hash_table_insert(o->by_ref, g->ref, g);
	g_hash_table_insert(o->by_scope, (gpointer)g->scope, g);
	index_folded(o->by_name, fold(name), g);
	if (title)
		index_folded(o->by_title, fold(title), g);
}

/* The scope of group ref REF: the catalog group's, else built from the ref itself (an owner the catalog lacks). */
static const char *ref_scope(struct ownership *o, const char *ref)
{
	struct group *g;
	struct catalog_ref r;
	const char *scope;

	if (!ref)
		return NULL;
	g = g_hash_table_lookup(o->by_ref, ref);
	if (g)
		return g->scope;
	if (catalog_ref_parse(ref, "group", NULL, &r))
		return NULL;
	scope = g_ascii_strcasecmp(r.kind, "group") ? NULL : intern_take(o, ownership_team_scope(r.ns, r.name));
	catalog_ref_release(&r);
	return scope;
}

void ownership_add_component(struct ownership *o, const char *team_ref, const char *repo, const char *lifecycle,
			     const char *tags)
{
	struct repo *r;
	struct component *c;
	json_t *arr, *t;
	size_t i;
	char *key;

	if (!repo || !*repo)
		return;
	key = g_ascii_strdown(repo, -1);
	r = g_hash_table_lookup(o->repos, key);
	if (r) {
		g_free(key);
	} else {
		r = xcalloc(1, sizeof(*r));
		g_hash_table_insert(o->repos, key, r);
	}
	XGROW(r->v, r->alloc, r->n + 1);
	c = &r->v[r->n++];
	memset(c, 0, sizeof(*c));
	c->team = ref_scope(o, team_ref);
	c->lifecycle = lifecycle ? xstrdup(lifecycle) : NULL;
	arr = tags ? json_loads(tags, 0, NULL) : NULL;
	c->tags = xcalloc(json_array_size(arr) + 1, sizeof(*c->tags));
	json_array_foreach(arr, i, t)
		if (json_is_string(t))
			c->tags[c->ntags++] = xstrdup(json_string_value(t));
	json_decref(arr);
}

void ownership_set_users(struct ownership *o, int64_t users)
{
	o->users = users;
}

int ownership_load(struct ownership *o, struct db *db, struct strbuf *err)
{
	sqlite3_stmt *st;
	char *users = NULL;
	int rc;

	if (!(st = db_stmt(db, "compute/ownership_groups", err)))
		return -1;
	while ((rc = db_step(db, st, err)) > 0)
		ownership_add_group(o, row_text(st, "ref"), row_text(st, "namespace"), row_text(st, "name"), row_text(st, "title"),
				    row_int(st, "members", 0));
	if (rc < 0)
		return -1;
	/* groups first: a component's team is looked up among them */
	if (!(st = db_stmt(db, "compute/ownership_components", err)))
		return -1;
	while ((rc = db_step(db, st, err)) > 0)
		ownership_add_component(o, row_text(st, "team_ref"), row_text(st, "repo_key"), row_text(st, "lifecycle"),
					row_text(st, "tags"));
	if (rc < 0)
		return -1;
	if (store_state_get(db, "catalog", "users", &users, err))
		return -1;
	if (users) {
		char *end;
		long long n = strtoll(users, &end, 10);

		if (!*end && n >= 0)
			o->users = n;
	}
	free(users);
	return 0;
}

struct ownership *ownership_of(struct compute_ctx *ctx, struct strbuf *err)
{
	struct ownership *o;

	if (ctx->ownership)
		return ctx->ownership;
	o = ownership_new(ctx->cfg);
	if (ownership_load(o, ctx->db, err)) {
		ownership_free(o);
		return NULL;
	}
	return ctx->ownership = o;
}

static void set_via(enum ownership_via *via, enum ownership_via v)
{
	if (via)
		*via = v;
}

/* The team owning most components of R; a tie goes to the first scope by name.  NULL when none has a team. */
static const char *majority(const struct repo *r)
{
	const char *best = NULL;
	size_t best_n = 0;

	for (size_t i = 0; i < r->n; i++) {
		size_t n = 0;

		if (!r->v[i].team)
			continue;
		for (size_t k = 0; k < r->n; k++)
			n += r->v[k].team == r->v[i].team; /* interned: equal text, equal pointer */
		if (n > best_n || (n == best_n && strcmp(r->v[i].team, best) < 0)) {
			best = r->v[i].team;
			best_n = n;
		}
	}
	return best;
}

static const struct repo *find_repo(const struct ownership *o, const char *repo)
{
	char buf[256], *key;
	const struct repo *r;
	size_t len;

	if (!repo)
		return NULL;
	/* the key as g_ascii_strdown() spells it, without an allocation for the usual short name */
	len = strlen(repo);
	key = len < sizeof(buf) ? buf : xmalloc(len + 1);
	for (size_t i = 0; i <= len; i++)
		key[i] = g_ascii_tolower(repo[i]);
	r = g_hash_table_lookup(o->repos, key);
	if (key != buf)
		free(key);
	return r;
}

/* The team a teams.repositories value names: a scope, a group ref, a group name, or a name of its own. */
static const char *config_team(struct ownership *o, const char *value)
{
	struct group *g;
	char *key;

	while (*value == ' ')
		value++;
	if (!*value)
		return OWNERSHIP_UNOWNED;
	if (!strncmp(value, "team:", 5))
		return intern(o, value);
	if (strchr(value, ':')) {
		char *ref = catalog_ref_normalise(value, NULL, NULL);
		const char *scope = ref ? ref_scope(o, ref) : NULL;

		free(ref);
		return scope ? scope : intern_take(o, xasprintf("team:%s", value));
	}
	key = fold(value);
	g = key ? g_hash_table_lookup(o->by_name, key) : NULL;
	g_free(key);
	return g ? g->scope : intern_take(o, xasprintf("team:%s", value));
}

/* The first teams.repositories pattern matching OWNER/NAME (a pattern without '/' is matched against NAME). */
static const char *config_repo(struct ownership *o, const char *repo)
{
	const struct kv_list *kv = o->cfg ? &o->cfg->teams.repositories : NULL;
	const char *slash = repo ? strchr(repo, '/') : NULL;

	for (size_t i = 0; kv && repo && i < kv->n; i++) {
		const char *subject = strchr(kv->key[i], '/') || !slash ? repo : slash + 1;

		if (!fnmatch(kv->key[i], subject, FNM_CASEFOLD))
			return config_team(o, kv->val[i]);
	}
	return NULL;
}

const char *ownership_repo(struct ownership *o, const char *repo, enum ownership_via *via)
{
	const struct repo *r = find_repo(o, repo);
	const char *team = r ? majority(r) : NULL;

	if (team) {
		set_via(via, OWNERSHIP_VIA_CATALOG);
		return team;
	}
	if ((team = config_repo(o, repo))) {
		set_via(via, OWNERSHIP_VIA_CONFIG);
		return team;
	}
	set_via(via, OWNERSHIP_VIA_NONE);
	return OWNERSHIP_UNOWNED;
}

const char *ownership_task(struct ownership *o, const char *repo_owner, const char *repo_name, const char *param_owner,
			   enum ownership_via *via)
{
	char buf[256], *repo = NULL, *ref = NULL;
	const struct repo *r;
	const char *team;
	struct group *g;

	if (repo_owner && repo_name) {
		/* "owner/name", on the stack when short: this runs for every task of every period */
		size_t lo = strlen(repo_owner), ln = strlen(repo_name);

		repo = lo + ln + 2 <= sizeof(buf) ? buf : xmalloc(lo + ln + 2);
		memcpy(repo, repo_owner, lo);
		repo[lo] = '/';
		memcpy(repo + lo + 1, repo_name, ln + 1);
	}
	r = find_repo(o, repo);
	team = r ? majority(r) : NULL;
	if (team) {
		set_via(via, OWNERSHIP_VIA_CATALOG);
		goto out;
	}
	ref = param_owner ? catalog_ref_normalise(param_owner, "group", NULL) : NULL;
	g = ref ? g_hash_table_lookup(o->by_ref, ref) : NULL;
	if (g) {
		set_via(via, OWNERSHIP_VIA_TASK_OWNER);
		team = g->scope;
		goto out;
	}
	if ((team = config_repo(o, repo))) {
		set_via(via, OWNERSHIP_VIA_CONFIG);
		goto out;
	}
	set_via(via, OWNERSHIP_VIA_NONE);
	team = OWNERSHIP_UNOWNED;
out:
	free(ref);
	if (repo != buf)
		free(repo);
	return team;
}

/* ownership_team_name() worked out: the trimmed TEXT folded and looked up among the groups. */
static const char *team_name(struct ownership *o, const char *text, enum ownership_via *via)
{
	char *trimmed = g_strstrip(g_strdup(text ? text : "")), *key;
	struct group *g = NULL;
	const char *team = NULL;

	*via = OWNERSHIP_VIA_NONE;
	if (!*trimmed)
		goto out;
	key = fold(trimmed); /* NULL for text that is not UTF-8: it can only be itself */
	if (key) {
		g = g_hash_table_lookup(o->by_name, key);
		if (!g)
			g = g_hash_table_lookup(o->by_title, key);
		g_free(key);
	}
	if (g) {
		*via = OWNERSHIP_VIA_GROUP_NAME;
		team = g->scope;
	} else {
		*via = OWNERSHIP_VIA_TEXT;
		team = intern_take(o, xasprintf("team:%s", trimmed));
	}
out:
	g_free(trimmed);
	return team;
}

const char *ownership_team_name(struct ownership *o, const char *text, enum ownership_via *via)
{
	struct name_answer *a;

	if (!text)
		return NULL;
	/* a few team names are written on thousands of rows: fold and look each one up once */
	a = g_hash_table_lookup(o->names, text);
	if (!a) {
		a = xmalloc(sizeof(*a));
		a->team = team_name(o, text, &a->via);
		g_hash_table_insert(o->names, xstrdup(text), a);
	}
	if (a->team)
		set_via(via, a->via);
	return a->team;
}

int64_t ownership_members(const struct ownership *o, const char *scope)
{
	const struct group *g = scope ? g_hash_table_lookup(o->by_scope, scope) : NULL;

	return g ? g->members : -1;
}

int64_t ownership_users(const struct ownership *o)
{
	return o->users;
}

static const struct catalog_filter *filter_of(const struct ownership *o, const char *kpi)
{
	const struct catalog_filter *f = NULL;

	if (!o->cfg || !kpi)
		return NULL;
	if (!strcmp(kpi, "adoption"))
		f = &o->cfg->catalog.filters.adoption;
	else if (!strcmp(kpi, "dora"))
		f = &o->cfg->catalog.filters.dora;
	return f && (f->lifecycles.n || f->tiers.n) ? f : NULL;
}

static int matches(const struct str_list *patterns, const char *value)
{
	for (size_t i = 0; value && i < patterns->n; i++)
		if (!fnmatch(patterns->v[i], value, FNM_CASEFOLD))
			return 1;
	return 0;
}

static int component_selected(const struct catalog_filter *f, const struct component *c)
{
	int tier = !f->tiers.n;

	if (f->lifecycles.n && !matches(&f->lifecycles, c->lifecycle))
		return 0;
	for (size_t k = 0; k < c->ntags && !tier; k++)
		tier = matches(&f->tiers, c->tags[k]);
	return tier;
}

int ownership_selected(const struct ownership *o, const char *kpi, const char *repo)
{
	const struct catalog_filter *f = filter_of(o, kpi);
	const struct repo *r;

	if (!f)
		return 1;
	r = find_repo(o, repo);
	for (size_t i = 0; r && i < r->n; i++)
		if (component_selected(f, &r->v[i]))
			return 1;
	return 0;
}

int ownership_filtered(const struct ownership *o, const char *kpi)
{
	return filter_of(o, kpi) != NULL;
}

static json_t *list_json(const struct str_list *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

char *ownership_filter_json(const struct ownership *o, const char *kpi)
{
	const struct catalog_filter *f = filter_of(o, kpi);
	json_t *obj;
	char *s;

	if (!f)
		return NULL;
	obj = json_object();
	if (f->lifecycles.n)
		json_object_set_new(obj, "lifecycles", list_json(&f->lifecycles));
	if (f->tiers.n)
		json_object_set_new(obj, "tiers", list_json(&f->tiers));
	s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return s;
}
