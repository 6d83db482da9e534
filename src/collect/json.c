/* jansson helpers for collectors: parse bodies with located errors, typed optional getters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

json_t *json_parse_body(const char *body, size_t len, const char *url, struct strbuf *err)
{
	json_error_t jerr;
	json_t *root;

	if (!len) {
		strbuf_addf(err, "%s: empty body where JSON was expected", url);
		return NULL;
	}
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root) {
		const char *hint = (len && body[0] == '<') ? " (the server sent HTML, not JSON)" : "";

		strbuf_addf(err, "%s: invalid JSON at line %d column %d: %s%s", url, jerr.line, jerr.column, jerr.text,
			    hint);
	}
	return root;
}

json_t *json_parse_array(const char *body, size_t len, const char *url, const char *what, char **bad)
{
	struct strbuf err = STRBUF_INIT;
	json_t *doc = json_parse_body(body, len, url, &err);

	if (json_is_array(doc)) {
		strbuf_release(&err);
		return doc;
	}
	if (!err.len)
		strbuf_addf(&err, "%s: expected a JSON array of %s", url, what);
	json_decref(doc);
	*bad = strbuf_detach(&err, NULL);
	return NULL;
}

const char *json_str(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *json_path(const json_t *obj, const char *path)
{
	char *copy = xstrdup(path), *save = NULL, *part;
	json_t *cur = (json_t *)obj;

	for (part = strtok_r(copy, ".", &save); part && cur; part = strtok_r(NULL, ".", &save))
		cur = json_is_object(cur) ? json_object_get(cur, part) : NULL;
	free(copy);
	return cur;
}

int json_bool(const json_t *obj, const char *key, int dflt)
{
	json_t *v = json_object_get(obj, key);

	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int json_int(const json_t *obj, const char *key, int64_t *out)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		long long n;

		errno = 0;
		n = strtoll(s, &end, 10);
		if (*s && !*end && !errno) {
			*out = n;
			return 0;
		}
	}
	return -1;
}

int64_t json_time(const json_t *obj, const char *key)
{
	const char *s = json_str(obj, key);
	int64_t t;

	if (!s || time_parse_iso(s, NULL, &t))
		return TIME_NONE;
	return t;
}
