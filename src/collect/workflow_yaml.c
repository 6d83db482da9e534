/* Golden-path detection: the uses: of a GitHub Actions workflow file (libyaml) and glob matching. */
#include <ctype.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "collect/workflow_yaml.h"
#include "util/xalloc.h"

#define MAX_MERGE_DEPTH 8
#define MAX_MERGE_VISITS 1000 /* mappings one lookup may visit through merge keys */
#define MAX_NESTING 64        /* collections inside collections: a real workflow has a handful */

void workflow_uses_release(struct workflow_uses *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].job);
		free(u->v[i].uses);
	}
	free(u->v);
	memset(u, 0, sizeof(*u));
}

static char *trimmed(const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static void push_use(struct workflow_uses *u, enum workflow_use_kind kind, const char *job, const char *uses, int line)
{
	struct workflow_use *w;
	char *value = trimmed(uses);

	if (!*value) {
		free(value);
		return;
	}
	XGROW(u->v, u->alloc, u->n + 1);
	w = &u->v[u->n++];
	w->kind = kind;
	w->job = xstrdup(job);
	w->uses = value;
	w->line = line;
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/*
 * The value of KEY in mapping NODE.  Keys written in the mapping win over keys
 * brought in by merge keys ("<<: *base" or "<<: [*a, *b]", earlier first), as
 * YAML's merge-key convention says.
 */
static yaml_node_t *map_get_budget(yaml_document_t *doc, yaml_node_t *node, const char *key, int depth, int *budget)
{
	/* merge keys can point at the same mapping many times over: bound the work, not only the depth */
	if (!node || node->type != YAML_MAPPING_NODE || depth > MAX_MERGE_DEPTH || --*budget < 0)
		return NULL;
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(doc, p->key));

		if (k && !strcmp(k, key))
			return yaml_document_get_node(doc, p->value);
	}
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(doc, p->key));
		yaml_node_t *v = yaml_document_get_node(doc, p->value), *found = NULL;

		if (!k || strcmp(k, "<<") || !v)
			continue;
		if (v->type == YAML_MAPPING_NODE) {
			found = map_get_budget(doc, v, key, depth + 1, budget);
		} else if (v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start; !found && it < v->data.sequence.items.top;
			     it++)
				found = map_get_budget(doc, yaml_document_get_node(doc, *it), key, depth + 1, budget);
		}
		if (found)
			return found;
	}
	return NULL;
}

/* The value of KEY in mapping NODE, looking through at most MAX_MERGE_VISITS merged mappings. */
static yaml_node_t *map_get(yaml_document_t *doc, yaml_node_t *node, const char *key, int depth)
{
	int budget = MAX_MERGE_VISITS;

	return map_get_budget(doc, node, key, depth, &budget);
}

static void read_job(yaml_document_t *doc, const char *job, yaml_node_t *node, struct workflow_uses *out)
{
	yaml_node_t *uses = map_get(doc, node, "uses", 0);
	yaml_node_t *steps = map_get(doc, node, "steps", 0);

	if (scalar(uses))
		push_use(out, WORKFLOW_USE_JOB, job, scalar(uses), (int)uses->start_mark.line + 1);
	if (!steps || steps->type != YAML_SEQUENCE_NODE)
		return;
	for (yaml_node_item_t *it = steps->data.sequence.items.start; it < steps->data.sequence.items.top; it++) {
		yaml_node_t *su = map_get(doc, yaml_document_get_node(doc, *it), "uses", 0);

		if (scalar(su))
			push_use(out, WORKFLOW_USE_STEP, job, scalar(su), (int)su->start_mark.line + 1);
	}
}

/*
 * Check, event by event, that TEXT nests no deeper than MAX_NESTING collections.  libyaml's scanner
 * spends time in proportion to the flow depth on every token (390 KB of '[' cost 99 s of CPU), and
 * its events come lazily: stopping at the first event too deep keeps the whole check linear.
 * 0, or -1 with ERR (a syntax error is left to the loader, which words it).
 */
static int check_nesting(const char *text, size_t len, const char *name, struct strbuf *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, ret = 0;

	if (!yaml_parser_initialize(&parser))
		return 0;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev))
			break;
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > MAX_NESTING) {
				strbuf_addf(err, "'%s':%zu: nested deeper than %d levels: not a workflow GitHub runs", name,
					    ev.start_mark.line + 1, MAX_NESTING);
				ret = -1;
			}
		} else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		if (ev.type == YAML_STREAM_END_EVENT || ret) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ret;
}

int workflow_yaml_uses(const char *text, size_t len, const char *name, struct workflow_uses *out, struct strbuf *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *jobs;
	int have_doc = 0, ret = -1;

	if (!yaml_parser_initialize(&parser)) {
		strbuf_addf(err, "'%s': cannot initialise the YAML parser", name);
		return -1;
	}
	if (check_nesting(text, len, name, err))
		goto out;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		strbuf_addf(err, "'%s':%zu: invalid YAML: %s", name, parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "parse error");
		if (parser.context)
			strbuf_addf(err, " (%s)", parser.context);
		goto out;
	}
	have_doc = 1;
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		strbuf_addf(err, "'%s': the workflow file is empty", name);
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		strbuf_addf(err, "'%s':%zu: a workflow must be a mapping with 'on' and 'jobs'", name,
			    root->start_mark.line + 1);
		goto out;
	}
	jobs = map_get(&doc, root, "jobs", 0);
	if (!jobs || jobs->type != YAML_MAPPING_NODE) {
		/* GitHub does not run such a file ("No jobs defined"); an HTML or {} answer looks like this too */
		strbuf_addf(err, "'%s':%zu: no 'jobs' mapping: not a GitHub Actions workflow", name,
			    (jobs ? jobs : root)->start_mark.line + 1);
		goto out;
	}
	for (yaml_node_pair_t *p = jobs->data.mapping.pairs.start; p < jobs->data.mapping.pairs.top; p++) {
		const char *id = scalar(yaml_document_get_node(&doc, p->key));

		if (id && strcmp(id, "<<"))
			read_job(&doc, id, yaml_document_get_node(&doc, p->value), out);
	}
	ret = 0;
out:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

char *workflow_uses_json(const struct workflow_uses *u)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; i < u->n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "job", json_string(u->v[i].job));
		json_object_set_new(o, "kind", json_string(u->v[i].kind == WORKFLOW_USE_JOB ? "job" : "step"));
		json_object_set_new(o, "uses", json_string(u->v[i].uses));
		json_array_append_new(a, o);
	}
	s = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(a);
	return s;
}

int workflow_uses_from_json(const char *text, struct workflow_uses *out)
{
	json_t *a = json_loads(text ? text : "", 0, NULL), *o;
	size_t i;
	int ret = -1;

	if (!json_is_array(a))
		goto out;
	json_array_foreach(a, i, o) {
		const char *job = json_string_value(json_object_get(o, "job"));
		const char *kind = json_string_value(json_object_get(o, "kind"));
		const char *uses = json_string_value(json_object_get(o, "uses"));

		if (!job || !kind || !uses)
			goto out;
		push_use(out, !strcmp(kind, "job") ? WORKFLOW_USE_JOB : WORKFLOW_USE_STEP, job, uses, 0);
	}
	ret = 0;
out:
	json_decref(a);
	return ret;
}

/* Lower-case the first two '/'-separated segments (owner and repository) of S in place. */
static void fold_owner_repo(char *s)
{
	int slashes = 0;

	for (; *s && *s != '@'; s++) {
		if (*s == '/' && ++slashes == 2)
			return;
		*s = (char)tolower((unsigned char)*s);
	}
}

int golden_uses_match(const char *pattern, const char *uses)
{
	char *p = trimmed(pattern), *u = trimmed(uses), *pref, *uref;
	int ok = 0;

	fold_owner_repo(p);
	fold_owner_repo(u);
	/* The ref follows the first '@': owner, repository and path cannot hold one. */
	pref = strchr(p, '@');
	uref = strchr(u, '@');
	if (pref)
		*pref++ = '\0';
	if (uref)
		*uref++ = '\0';
	if (*p && !fnmatch(p, u, 0))
		ok = !pref || (uref && !fnmatch(pref, uref, 0));
	free(p);
	free(u);
	return ok;
}

static int any_match(const struct str_list *patterns, const char *uses)
{
	for (size_t i = 0; patterns && i < patterns->n; i++)
		if (golden_uses_match(patterns->v[i], uses))
			return 1;
	return 0;
}

const struct workflow_use *golden_find(const struct workflow_uses *u, const struct str_list *reusable,
				       const struct str_list *actions)
{
	for (size_t i = 0; i < u->n; i++) {
		const struct workflow_use *w = &u->v[i];

		if (any_match(w->kind == WORKFLOW_USE_JOB ? reusable : actions, w->uses))
			return w;
	}
	return NULL;
}
