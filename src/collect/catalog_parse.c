/* Pure parsing of Backstage catalog entities (JSON): kinds, owners, repositories, tags, memberships, listing pages. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/catalog_parse.h"
#include "collect/json.h"
#include "collect/scaffolder_parse.h"
#include "util/xalloc.h"

static char *dup_str(const json_t *obj, const char *key)
{
	const char *s = json_str(obj, key);

	return s && *s ? xstrdup(s) : NULL;
}

static enum catalog_kind kind_of(const char *kind)
{
	static const struct {
		const char *name;
		enum catalog_kind kind;
	} kinds[] = { { "component", CATALOG_COMPONENT }, { "group", CATALOG_GROUP }, { "user", CATALOG_USER },
		      { "template", CATALOG_TEMPLATE } };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcasecmp(kind, kinds[i].name))
			return kinds[i].kind;
	return CATALOG_OTHER;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The targets of relations of TYPE (case-insensitive), normalised, sorted, unique; *N of them. */
static char **relation_targets(const json_t *entity, const char *type, size_t *n)
{
	json_t *rels = json_object_get(entity, "relations"), *rel;
	char **v = NULL;
	size_t i, alloc = 0;

	*n = 0;
	json_array_foreach(rels, i, rel) {
		const char *t = json_str(rel, "type");
		char *key;

		if (!t || strcasecmp(t, type) || !(key = catalog_ref_normalise(json_str(rel, "targetRef"), NULL, NULL)))
			continue;
		XGROW(v, alloc, *n + 1);
		v[(*n)++] = key;
	}
	return v;
}

/* Sort V and drop repeated strings; returns the new count. */
static size_t sort_unique(char **v, size_t n)
{
	size_t k = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (k && !strcmp(v[k - 1], v[i])) {
			free(v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	return k;
}

/* The first (by ref) relation of TYPE, else the ref in spec member SPEC_KEY qualified with DEFAULT_KIND. */
static char *relation_or_spec(const json_t *entity, const char *type, const char *spec_key, const char *default_kind,
			      const char *ns, const char *name, struct strbuf *warn)
{
	size_t n;
	char **v = relation_targets(entity, type, &n), *out = NULL;
	const char *spec_val;

	if (n) {
		n = sort_unique(v, n);
		out = v[0];
		for (size_t i = 1; i < n; i++)
			free(v[i]);
		free(v);
		return out;
	}
	free(v);
	spec_val = json_str(json_object_get(entity, "spec"), spec_key);
	if (!spec_val || !*spec_val)
		return NULL;
	/* Backstage qualifies a short ref with the entity's own namespace (default: "default"). */
	out = catalog_ref_normalise(spec_val, default_kind, ns);
	if (!out)
		strbuf_addf(warn, "%s'%s': spec.%s '%s' is not an entity ref", warn->len ? "; " : "", name, spec_key,
			    spec_val);
	return out;
}

static void read_member_of(const json_t *entity, struct catalog_entity *e, struct strbuf *warn)
{
	json_t *spec_list = json_object_get(json_object_get(entity, "spec"), "memberOf"), *it;
	size_t n, i, alloc;
	char **v = relation_targets(entity, "memberOf", &n);

	alloc = n;
	json_array_foreach(spec_list, i, it) {
		char *key = json_is_string(it) ? catalog_ref_normalise(json_string_value(it), "group", e->ns) : NULL;

		if (!key) {
			strbuf_addf(warn, "%s'%s': an entry of spec.memberOf is not a group ref", warn->len ? "; " : "",
				    e->name);
			continue;
		}
		XGROW(v, alloc, n + 1);
		v[n++] = key;
	}
	e->nmember_of = sort_unique(v, n);
	e->member_of = v;
}

static void read_tags(const json_t *meta, struct catalog_entity *e)
{
	json_t *tags = json_object_get(meta, "tags"), *out = json_array(), *t;
	size_t i;

	json_array_foreach(tags, i, t) {
		const char *s = json_string_value(t);

		if (!s || !*s)
			continue;
		json_array_append_new(out, json_string(s));
		if (!e->tier && !strncasecmp(s, "tier", 4))
			e->tier = xstrdup(s);
	}
	e->tags = json_dumps(out, JSON_COMPACT);
	json_decref(out);
}

/* The repository of a component: github.com/project-slug, else an url: backstage.io/source-location. */
static void read_repo(const json_t *annotations, struct catalog_entity *e, struct strbuf *warn)
{
	const char *slug = json_str(annotations, "github.com/project-slug");
	const char *loc = json_str(annotations, "backstage.io/source-location");
	struct scaffolder_repo repo = { NULL, NULL, NULL };

	if (slug && *slug) {
		e->repo = catalog_parse_slug(slug);
		if (e->repo) {
			e->repo_from = xstrdup("project-slug");
			return;
		}
		strbuf_addf(warn, "%s'%s': annotation github.com/project-slug '%s' is not owner/name", warn->len ? "; " : "",
			    e->name, slug);
	}
	/* "url:https://github.com/org/repo/tree/main/": the type ends at the first colon */
	if (loc && !strncmp(loc, "url:", 4) && !scaffolder_parse_web_url(loc + 4, &repo) && repo.owner && repo.name) {
		e->repo = xasprintf("%s/%s", repo.owner, repo.name);
		e->repo_from = xstrdup("source-location");
	}
	scaffolder_repo_release(&repo);
}

int catalog_parse_entity(const json_t *item, struct catalog_entity *out, struct strbuf *why, struct strbuf *warn)
{
	const json_t *meta = json_object_get(item, "metadata"), *spec = json_object_get(item, "spec");
	const json_t *annotations = json_object_get(meta, "annotations");
	const char *kind = json_str(item, "kind"), *name = json_str(meta, "name"), *ns = json_str(meta, "namespace");
	struct catalog_ref r = { NULL, NULL, NULL };

	memset(out, 0, sizeof(*out));
	if (!json_is_object(item)) {
		strbuf_addstr(why, "is not an object");
		return -1;
	}
	if (!kind || !*kind) {
		strbuf_addstr(why, "has no 'kind'");
		return -1;
	}
	if (!name || !*name) {
		strbuf_addstr(why, "has no 'metadata.name'");
		return -1;
	}
	out->kind = kind_of(kind);
	if (out->kind == CATALOG_OTHER)
		return 1;
	r.kind = xstrdup(kind);
	r.ns = xstrdup(ns && *ns ? ns : "default");
	r.name = xstrdup(name);
	out->ref = catalog_ref_key(&r);
	out->ns = r.ns;
	out->name = r.name;
	free(r.kind);
	out->title = dup_str(meta, "title");
	if (!out->title)
		out->title = dup_str(json_object_get(spec, "profile"), "displayName");
	out->type = dup_str(spec, "type");
	read_tags(meta, out);
	switch (out->kind) {
	case CATALOG_COMPONENT:
		out->lifecycle = dup_str(spec, "lifecycle");
		if (json_str(spec, "system"))
			out->system = catalog_ref_normalise(json_str(spec, "system"), "system", out->ns);
		out->owner_ref = relation_or_spec(item, "ownedBy", "owner", "group", out->ns, out->name, warn);
		read_repo(annotations, out, warn);
		if (json_str(annotations, "backstage.io/source-template"))
			out->source_template =
				catalog_ref_normalise(json_str(annotations, "backstage.io/source-template"), "template", NULL);
		out->argocd_app = dup_str(annotations, "argocd/app-name");
		out->argocd_selector = dup_str(annotations, "argocd/app-selector");
		out->pagerduty_service = dup_str(annotations, "pagerduty.com/service-id");
		break;
	case CATALOG_TEMPLATE:
		out->owner_ref = relation_or_spec(item, "ownedBy", "owner", "group", out->ns, out->name, warn);
		break;
	case CATALOG_GROUP:
		out->parent_ref = relation_or_spec(item, "childOf", "parent", "group", out->ns, out->name, warn);
		break;
	case CATALOG_USER:
		read_member_of(item, out, warn);
		break;
	case CATALOG_OTHER:
		break;
	}
	return 0;
}

/* ---- a whole listing ---- */

int catalog_parse_page(const json_t *doc, const char *url, struct catalog_page *out, struct strbuf *err)
{
	json_t *items = json_object_get(doc, "items"), *item, *info;
	struct strbuf why = STRBUF_INIT, warn = STRBUF_INIT;
	const char *cursor;
	int64_t total;
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->total = -1;
	if (!json_is_array(items)) {
		strbuf_addf(err, "%s: expected an object with an 'items' array%s", url,
			    json_is_array(doc) ? " (this is the shape of the legacy /entities answer)"
			    : json_is_object(doc) && !json_object_size(doc) ? ", got an empty object"
			    : "");
		goto out;
	}
	if (!json_int(doc, "totalItems", &total))
		out->total = total;
	info = json_object_get(doc, "pageInfo");
	if (info && !json_is_object(info)) {
		strbuf_addf(err, "%s: 'pageInfo' is not an object", url);
		goto out;
	}
	cursor = json_str(info, "nextCursor");
	if (json_object_get(info, "nextCursor") && !json_is_null(json_object_get(info, "nextCursor")) && !cursor) {
		strbuf_addf(err, "%s: 'pageInfo.nextCursor' is not a string", url);
		goto out;
	}
	out->v = xcalloc(json_array_size(items) + 1, sizeof(*out->v));
	out->warnings = xcalloc(json_array_size(items) + 1, sizeof(*out->warnings));
	json_array_foreach(items, i, item) {
		int rc;

		strbuf_reset(&why);
		strbuf_reset(&warn);
		rc = catalog_parse_entity(item, &out->v[out->n], &why, &warn);
		if (rc < 0) {
			strbuf_addf(err, "%s: entity %zu of the page %s", url, i, why.buf);
			goto out;
		}
		out->listed++;
		if (rc > 0) {
			out->other_kinds++;
			continue;
		}
		if (warn.len)
			out->warnings[out->nwarnings++] = strbuf_detach(&warn, NULL);
		out->n++;
	}
	if (cursor && *cursor)
		out->next = xstrdup(cursor);
	ret = 0;
out:
	if (ret)
		catalog_page_release(out);
	strbuf_release(&why);
	strbuf_release(&warn);
	return ret;
}

void catalog_page_release(struct catalog_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		catalog_entity_release(&p->v[i]);
	free(p->v);
	for (size_t i = 0; i < p->nwarnings; i++)
		free(p->warnings[i]);
	free(p->warnings);
	free(p->next);
	memset(p, 0, sizeof(*p));
	p->total = -1;
}
