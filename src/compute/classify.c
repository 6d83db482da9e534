/* KPI bands and DORA tiers: ordered threshold rules per metric, loaded from reports/. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/classify.h"
#include "util/defs.h"
#include "util/xalloc.h"

enum op { OP_ALWAYS, OP_LT, OP_LE, OP_GT, OP_GE };

struct klass {
	char *name;
	enum op op;
	double value;
};

struct rule {
	char **metrics;
	size_t nmetrics;
	struct klass *classes;
	size_t nclasses;
};

struct classifier {
	struct rule *rules;
	size_t nrules;
};

static int parse_op(const char *s, enum op *op)
{
	static const struct { const char *s; enum op op; } ops[] = {
		{ "<", OP_LT }, { "<=", OP_LE }, { ">", OP_GT }, { ">=", OP_GE },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(s, ops[i].s))
			return *op = ops[i].op, 0;
	return -1;
}

static int parse_rule(json_t *jr, struct rule *r, const char *name, size_t idx, struct strbuf *err)
{
	json_t *metrics = json_object_get(jr, "metrics"), *classes = json_object_get(jr, "classes"), *v;
	size_t i;

	if (!json_is_array(metrics) || !json_is_array(classes) || !json_array_size(classes)) {
		strbuf_addf(err, "report definition '%s': rule %zu needs 'metrics' and 'classes' arrays", name, idx + 1);
		return -1;
	}
	r->metrics = xcalloc(json_array_size(metrics), sizeof(char *));
	json_array_foreach(metrics, i, v) {
		if (!json_is_string(v)) {
			strbuf_addf(err, "report definition '%s': rule %zu: metric names must be strings", name, idx + 1);
			return -1;
		}
		r->metrics[r->nmetrics++] = xstrdup(json_string_value(v));
	}
	r->classes = xcalloc(json_array_size(classes), sizeof(struct klass));
	json_array_foreach(classes, i, v) {
		struct klass *k = &r->classes[r->nclasses++];
		json_t *jn = json_object_get(v, "name"), *jo = json_object_get(v, "op"), *jv = json_object_get(v, "value");

		if (!json_is_string(jn)) {
			strbuf_addf(err, "report definition '%s': rule %zu: every class needs a 'name'", name, idx + 1);
			return -1;
		}
		k->name = xstrdup(json_string_value(jn));
		k->op = OP_ALWAYS;
		if (!jo)
			continue;
		if (!json_is_string(jo) || parse_op(json_string_value(jo), &k->op) || !json_is_number(jv)) {
			strbuf_addf(err, "report definition '%s': class '%s' needs 'op' (<, <=, >, >=) and a numeric 'value'",
				    name, k->name);
			return -1;
		}
		k->value = json_number_value(jv);
	}
	return 0;
}

int classify_load(const struct config *cfg, const char *name, struct classifier **out, struct strbuf *err)
{
	struct classifier *c = xcalloc(1, sizeof(*c));
	json_t *root = NULL, *rules, *jr;
	size_t i;
	int ret = -1;

	if (defs_load(cfg, name, &root, err))
		goto out;
	rules = json_object_get(root, "rules");
	if (!json_is_array(rules)) {
		strbuf_addf(err, "report definition '%s' has no 'rules' array", name);
		goto out;
	}
	c->rules = xcalloc(json_array_size(rules) + 1, sizeof(struct rule));
	json_array_foreach(rules, i, jr) {
		if (parse_rule(jr, &c->rules[c->nrules++], name, i, err))
			goto out;
	}
	ret = 0;
out:
	json_decref(root);
	if (ret) {
		classify_free(c);
		c = NULL;
	}
	*out = c;
	return ret;
}

static int holds(const struct klass *k, double v)
{
	switch (k->op) {
	case OP_ALWAYS:
		return 1;
	case OP_LT:
		return v < k->value;
	case OP_LE:
		return v <= k->value;
	case OP_GT:
		return v > k->value;
	case OP_GE:
		return v >= k->value;
	}
	return 0;
}

const char *classify(const struct classifier *c, const char *metric, double value)
{
	if (!c || isnan(value))
		return NULL;
	for (size_t i = 0; i < c->nrules; i++) {
		const struct rule *r = &c->rules[i];

		for (size_t m = 0; m < r->nmetrics; m++) {
			if (strcmp(r->metrics[m], metric))
				continue;
			for (size_t k = 0; k < r->nclasses; k++)
				if (holds(&r->classes[k], value))
					return r->classes[k].name;
			return NULL;
		}
	}
	return NULL;
}

void classify_free(struct classifier *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nrules; i++) {
		for (size_t m = 0; m < c->rules[i].nmetrics; m++)
			free(c->rules[i].metrics[m]);
		free(c->rules[i].metrics);
		for (size_t k = 0; k < c->rules[i].nclasses; k++)
			free(c->rules[i].classes[k].name);
		free(c->rules[i].classes);
	}
	free(c->rules);
	free(c);
}
