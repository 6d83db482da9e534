/* jansson helpers for collectors: parse bodies with located errors, typed optional getters. */
#ifndef IDPM_JSON_H
#define IDPM_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "util/strbuf.h"

/*
 * Parse a response body.  Returns a new reference, or NULL with
 * "URL: invalid JSON at line L column C: reason" (or "empty body") in ERR.
 */
json_t *json_parse_body(const char *body, size_t len, const char *url, struct strbuf *err);
/*
 * Parse a response body that must be a JSON array (a page of WHAT, e.g.
 * "issues").  Returns a new reference, or NULL with the reason in *BAD (a new
 * string, "URL: invalid JSON at ..." or "URL: expected a JSON array of WHAT").
 */
json_t *json_parse_array(const char *body, size_t len, const char *url, const char *what, char **bad);

/* Member KEY of OBJ as a string, or NULL when absent, null or not a string. */
const char *json_str(const json_t *obj, const char *key);
/* Member at a dotted PATH ("spec.templateInfo.entityRef"); NULL when any step is missing. */
json_t *json_path(const json_t *obj, const char *path);
/* Member KEY as a boolean (true/false only); DFLT otherwise. */
int json_bool(const json_t *obj, const char *key, int dflt);
/* Member KEY as an integer: a JSON integer, or a string of digits (PostgreSQL counts).  0 or -1. */
int json_int(const json_t *obj, const char *key, int64_t *out);
/* Member KEY as an ISO 8601 time in Unix seconds, or TIME_NONE when absent or unparseable. */
int64_t json_time(const json_t *obj, const char *key);

#endif
