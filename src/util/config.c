/* The configuration file: YAML read with libyaml into struct config, checked key by key. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/config.h"
#include "util/config_parse.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

int cfg_line_of(yaml_node_t *node)
{
	return (int)node->start_mark.line + 1;
}

int cfg_fail(struct cparse *cp, yaml_node_t *node, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(cp->err, "%s:%d: ", cp->name, node ? cfg_line_of(node) : 1);
	va_start(ap, fmt);
	strbuf_vaddf(cp->err, fmt, ap);
	va_end(ap);
	return -1;
}

const char *cfg_scalar(yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

/* Replace ${VAR} by its value and $${ by a literal ${, as Backstage's app-config does. */
static int substitute(struct cparse *cp, yaml_node_t *node, const char *path, const char *in, char **out,
		      char **missing)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = in;

	if (missing)
		*missing = NULL;
	while (*p) {
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			strbuf_addstr(&sb, "${");
			p += 3;
		} else if (p[0] == '$' && p[1] == '{') {
			const char *end = strchr(p + 2, '}');
			char *var;
			const char *val;

			if (!end) {
				strbuf_release(&sb);
				return cfg_fail(cp, node, "unterminated '${' in '%s'", path);
			}
			var = xstrndup(p + 2, (size_t)(end - p - 2));
			val = getenv(var);
			if (!val) {
				if (missing) {
					*missing = var;
					strbuf_release(&sb);
					*out = NULL;
					return 0;
				}
				cfg_fail(cp, node, "environment variable '%s' is not set (used by '%s')", var, path);
				free(var);
				strbuf_release(&sb);
				return -1;
			}
			strbuf_addstr(&sb, val);
			free(var);
			p = end + 1;
		} else {
			strbuf_addch(&sb, *p++);
		}
	}
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

int cfg_get_string(struct cparse *cp, yaml_node_t *node, const char *path, char **out)
{
	const char *s = cfg_scalar(node);

	if (!s)
		return cfg_fail(cp, node, "'%s' must be a string", path);
	return substitute(cp, node, path, s, out, NULL);
}

int cfg_set_string(struct cparse *cp, yaml_node_t *node, const char *path, char **field)
{
	char *s;

	if (cfg_get_string(cp, node, path, &s))
		return -1;
	free(*field);
	*field = s;
	return 0;
}

static int set_int(struct cparse *cp, yaml_node_t *node, const char *path, int *field, long min, long max)
{
	const char *s = cfg_scalar(node);
	char *end;
	long v;

	if (!s || !*s)
		return cfg_fail(cp, node, "'%s' must be an integer", path);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return cfg_fail(cp, node, "'%s' must be an integer, not '%s'", path, s);
	if (v < min || v > max)
		return cfg_fail(cp, node, "'%s' must be between %ld and %ld, not %ld", path, min, max, v);
	*field = (int)v;
	return 0;
}

static int set_mode(struct cparse *cp, yaml_node_t *node, const char *path, int *field)
{
	const char *s = cfg_scalar(node);
	char *end;
	long v;

	if (!s || !*s)
		return cfg_fail(cp, node, "'%s' must be an octal file mode such as 0600", path);
	v = strtol(s, &end, 8);
	if (*end || v < 0 || v > 0777)
		return cfg_fail(cp, node, "'%s' must be an octal file mode such as 0600, not '%s'", path, s);
	/* the files hold survey comments: nobody but the owner may change them, and nothing runs them */
	if (v & 0133)
		return cfg_fail(cp, node,
				"'%s' %s lets others write (or gives execute): use 0600, or 0640/0644 to let a "
				"group or everyone read",
				path, s);
	if (!(v & 0600) || (v & 0600) != 0600)
		return cfg_fail(cp, node, "'%s' %s must let the owner read and write (0600 at least)", path, s);
	*field = (int)v;
	return 0;
}

static int set_bool(struct cparse *cp, yaml_node_t *node, const char *path, int *field)
{
	static const char *const yes[] = { "true", "yes", "on", "True", "TRUE", "Yes", NULL };
	static const char *const no[] = { "false", "no", "off", "False", "FALSE", "No", NULL };
	const char *s = cfg_scalar(node);

	for (int i = 0; s && yes[i]; i++)
		if (!strcmp(s, yes[i]))
			return *field = 1, 0;
	for (int i = 0; s && no[i]; i++)
		if (!strcmp(s, no[i]))
			return *field = 0, 0;
	return cfg_fail(cp, node, "'%s' must be true or false", path);
}

void cfg_list_push(struct str_list *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = s;
}

void cfg_list_clear(struct str_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int cfg_set_strlist(struct cparse *cp, yaml_node_t *node, const char *path, struct str_list *l)
{
	char *s;

	cfg_list_clear(l);
	if (node->type == YAML_SCALAR_NODE) {
		if (!*cfg_scalar(node))
			return 0;
		if (cfg_get_string(cp, node, path, &s))
			return -1;
		cfg_list_push(l, s);
		return 0;
	}
	if (node->type != YAML_SEQUENCE_NODE)
		return cfg_fail(cp, node, "'%s' must be a list of strings", path);
	for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(cp->doc, *it);

		if (cfg_get_string(cp, item, path, &s))
			return -1;
		cfg_list_push(l, s);
	}
	return 0;
}

int cfg_set_kvlist(struct cparse *cp, yaml_node_t *node, const char *path, struct kv_list *kv)
{
	if (node->type != YAML_MAPPING_NODE)
		return cfg_fail(cp, node, "'%s' must be a mapping", path);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(cp->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(cp->doc, p->value);
		char *ks, *vs;

		if (cfg_get_string(cp, k, path, &ks))
			return -1;
		if (cfg_get_string(cp, v, path, &vs)) {
			free(ks);
			return -1;
		}
		kv->key = xrealloc(kv->key, (kv->n + 1) * sizeof(*kv->key));
		kv->val = xrealloc(kv->val, (kv->n + 1) * sizeof(*kv->val));
		kv->key[kv->n] = ks;
		kv->val[kv->n++] = vs;
	}
	return 0;
}

static void token_where(struct cparse *cp, yaml_node_t *node, struct token_ref *t)
{
	free(t->where);
	t->where = xasprintf("%s:%d", cp->name, cfg_line_of(node));
}

/*
 * A token goes into an HTTP header line: a CR or LF inside would add header lines of its own, other
 * control characters break the request.  Trailing whitespace (the newline of a secret file or of a
 * Kubernetes secret in the environment) is dropped; any control character left is refused, naming
 * where the token came from, never the token.  LEN: the bytes read (a NUL inside counts).
 */
static int token_check(struct cparse *cp, yaml_node_t *node, const char *path, const char *from, char *value,
		       size_t len)
{
	size_t n = len;

	while (n && (value[n - 1] == ' ' || value[n - 1] == '\t' || value[n - 1] == '\r' || value[n - 1] == '\n'))
		n--;
	value[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c < 0x20 || c == 0x7f)
			return cfg_fail(cp, node,
					"the token for '%s' (from %s) holds a control character (%s) at byte %zu: refused, "
					"it would add lines to the HTTP request; store the token alone on one line",
					path, from, c == '\r' ? "CR" : c == '\n' ? "LF" : c == 0 ? "NUL" : "a control byte",
					i + 1);
	}
	return 0;
}

static int set_token(struct cparse *cp, yaml_node_t *node, const char *path, struct token_ref *t)
{
	const char *s = cfg_scalar(node);
	const char *p;
	char *val, *missing;

	if (!s)
		return cfg_fail(cp, node, "'%s' must be a string", path);
	p = s;
	while (*p == ' ')
		p++;
	if (!*p) {
		free(t->value);
		t->value = NULL;
		return 0;
	}
	/* Only references: the secret itself must never live in the file. */
	if (p[0] != '$' || p[1] != '{' || !strchr(p, '}') || strchr(p, '}')[1 + strspn(strchr(p, '}') + 1, " ")])
		return cfg_fail(cp, node,
			    "'%s' must be an environment variable reference such as \"${GITHUB_TOKEN}\" or be "
			    "replaced by '%s_file'; tokens are never read from the configuration text",
			    path, path);
	if (substitute(cp, node, path, p, &val, &missing))
		return -1;
	if (val) {
		char *from = xstrndup(p, (size_t)(strchr(p, '}') - p + 1));
		int bad = token_check(cp, node, path, from, val, strlen(val));

		free(from);
		if (bad) {
			free(val);
			return -1;
		}
	}
	token_where(cp, node, t);
	free(t->value);
	free(t->missing_var);
	t->value = val;
	t->missing_var = missing;
	return 0;
}

static int set_tokenfile(struct cparse *cp, yaml_node_t *node, const char *path, struct token_ref *t)
{
	char *file = NULL, *full = NULL;
	struct strbuf content = STRBUF_INIT, ferr = STRBUF_INIT;
	int ret = -1;

	if (cfg_get_string(cp, node, path, &file))
		goto out;
	full = config_path(cp->cfg, file);
	strbuf_init(&content, 64 * 1024);
	if (fs_read_file(full, &content, &ferr)) {
		cfg_fail(cp, node, "cannot read '%s' for '%s': %s", full, path, ferr.buf);
		goto out;
	}
	{
		char *from = xasprintf("the file '%s'", full);
		int bad = token_check(cp, node, path, from, content.buf, content.len);

		free(from);
		if (bad)
			goto out;
	}
	strbuf_setlen(&content, strlen(content.buf));
	token_where(cp, node, t);
	free(t->value);
	free(t->missing_var);
	t->missing_var = NULL;
	t->value = strbuf_detach(&content, NULL);
	ret = 0;
out:
	free(file);
	free(full);
	strbuf_release(&content);
	strbuf_release(&ferr);
	return ret;
}

/* ---- custom sections ---- */

static int parse_value(struct cparse *cp, const struct ckey *k, yaml_node_t *v, void *base, const char *path)
{
	void *field = (char *)base + k->off;

	switch (k->type) {
	case T_STR:
		return cfg_set_string(cp, v, path, field);
	case T_INT:
		return set_int(cp, v, path, field, k->min, k->max);
	case T_BOOL:
		return set_bool(cp, v, path, field);
	case T_MODE:
		return set_mode(cp, v, path, field);
	case T_STRLIST:
		return cfg_set_strlist(cp, v, path, field);
	case T_KVLIST:
		return cfg_set_kvlist(cp, v, path, field);
	case T_TOKEN:
		return set_token(cp, v, path, field);
	case T_TOKENFILE:
		return set_tokenfile(cp, v, path, field);
	case T_SECTION:
		if (v->type == YAML_SCALAR_NODE && !*cfg_scalar(v))
			return 0; /* "github:" with nothing under it */
		if (v->type != YAML_MAPPING_NODE)
			return cfg_fail(cp, v, "'%s' must be a mapping", path);
		return cfg_parse_map(cp, v, k->sub, field, path);
	case T_CUSTOM:
		return k->fn(cp, v, field, path);
	}
	return cfg_fail(cp, v, "internal error: bad key type for '%s'", path);
}

int cfg_parse_map(struct cparse *cp, yaml_node_t *node, const struct ckey *keys, void *base, const char *path)
{
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(cp->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(cp->doc, p->value);
		const char *name = cfg_scalar(k);
		const struct ckey *key = NULL;
		char *sub;
		int ret;

		if (!name)
			return cfg_fail(cp, k, "keys in '%s' must be plain strings", *path ? path : "the top level");
		/* YAML lets the second of two equal keys win silently: a classic editing slip, refused */
		for (yaml_node_pair_t *q = node->data.mapping.pairs.start; q < p; q++) {
			yaml_node_t *qk = yaml_document_get_node(cp->doc, q->key);

			if (cfg_scalar(qk) && !strcmp(cfg_scalar(qk), name))
				return cfg_fail(cp, k, "'%s%s%s' appears twice in the same mapping (first at line %zu)",
						path, *path ? "." : "", name, qk->start_mark.line + 1);
		}
		for (const struct ckey *c = keys; c->name; c++)
			if (!strcmp(c->name, name))
				key = c;
		if (!key && keys == config_top_keys)
			key = config_source_key(name);
		if (!key) {
			if (*path)
				return cfg_fail(cp, k, "unknown key '%s' in '%s'", name, path);
			return cfg_fail(cp, k, "unknown key '%s'", name);
		}
		sub = *path ? xasprintf("%s.%s", path, name) : xstrdup(name);
		ret = parse_value(cp, key, v, base, sub);
		free(sub);
		if (ret)
			return -1;
	}
	return 0;
}

int config_load_text(struct config *cfg, const char *name, const char *text, size_t len, struct strbuf *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	struct cparse cp = { name, &doc, cfg, err };
	int have_doc = 0, ret = -1;

	if (!yaml_parser_initialize(&parser)) {
		strbuf_addf(err, "%s: cannot initialise the YAML parser", name);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		strbuf_addf(err, "%s:%zu: %s", name, parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "invalid YAML");
		if (parser.context)
			strbuf_addf(err, " (%s)", parser.context);
		goto out;
	}
	have_doc = 1;
	root = yaml_document_get_root_node(&doc);
	if (!root || (root->type == YAML_SCALAR_NODE && !*cfg_scalar(root))) {
		ret = 0; /* empty file: defaults */
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		cfg_fail(&cp, root, "the configuration must be a mapping of sections (storage, reporting, ...)");
		goto out;
	}
	ret = cfg_parse_map(&cp, root, config_top_keys, cfg, "");
	if (!ret) {
		/* a second document ("---") would be ignored: say so instead */
		yaml_document_t more;

		if (yaml_parser_load(&parser, &more)) {
			yaml_node_t *r2 = yaml_document_get_root_node(&more);

			if (r2) {
				strbuf_addf(err, "%s:%zu: a second YAML document ('---'): one configuration per file", name,
					    r2->start_mark.line + 1);
				ret = -1;
			}
			yaml_document_delete(&more);
		}
	}
out:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

int config_load(struct config *cfg, const char *path, int must_exist, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, ferr = STRBUF_INIT;
	const char *slash;
	int ret = -1;

	strbuf_init(&text, 16 * 1024 * 1024);
	if (!must_exist && !fs_exists(path)) {
		ret = 0;
		goto out;
	}
	if (fs_read_file(path, &text, &ferr)) {
		strbuf_addf(err, "cannot read configuration '%s': %s", path, ferr.buf);
		goto out;
	}
	free(cfg->file);
	cfg->file = xstrdup(path);
	slash = strrchr(path, '/');
	free(cfg->dir);
	cfg->dir = slash ? xstrndup(path, (size_t)(slash - path + (slash == path))) : xstrdup(".");
	ret = config_load_text(cfg, path, text.buf, text.len, err);
out:
	strbuf_release(&text);
	strbuf_release(&ferr);
	return ret;
}

const char *config_token(const struct token_ref *t, const char *key, struct strbuf *err)
{
	if (t->value && *t->value)
		return t->value;
	if (t->missing_var)
		strbuf_addf(err, "%s: environment variable '%s' is not set (used by '%s')", t->where, t->missing_var,
			    key);
	else if (t->where)
		strbuf_addf(err, "%s: '%s' is empty", t->where, key);
	else
		strbuf_addf(err, "no '%s' configured: set it to \"${ENV_VAR}\" or use '%s_file'", key, key);
	return NULL;
}

char *config_path(const struct config *cfg, const char *path)
{
	if (!path)
		return NULL;
	if (path[0] == '/' || !cfg->dir || !strcmp(cfg->dir, "."))
		return xstrdup(path);
	return xasprintf("%s/%s", cfg->dir, path);
}

