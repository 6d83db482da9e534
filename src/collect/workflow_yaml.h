/* Golden-path detection: the uses: of a GitHub Actions workflow file (libyaml) and glob matching. */
#ifndef IDPM_WORKFLOW_YAML_H
#define IDPM_WORKFLOW_YAML_H

#include <stddef.h>

#include "util/config.h"
#include "util/strbuf.h"

enum workflow_use_kind {
	WORKFLOW_USE_JOB,   /* jobs.<id>.uses: a reusable workflow */
	WORKFLOW_USE_STEP   /* jobs.<id>.steps[*].uses: an action (composite, JavaScript or Docker) */
};

struct workflow_use {
	enum workflow_use_kind kind;
	char *job;          /* the job id; owned */
	char *uses;         /* the value, trimmed; owned */
	int line;           /* 1-based line in the file (0 when read back from JSON) */
};

struct workflow_uses {
	struct workflow_use *v;
	size_t n, alloc;
};

/*
 * Collect every job-level and step-level uses: of the workflow TEXT (LEN
 * bytes; NAME is used in messages).  The YAML is parsed, so comments and
 * quoting do not matter; aliases and merge keys (<<) are followed.  Only the
 * first document is read.  OUT (zero-initialised or released) receives the
 * uses in file order.  Returns 0, or -1 with "NAME:LINE: reason" in ERR when
 * the text is not YAML or is not a mapping.
 */
int workflow_yaml_uses(const char *text, size_t len, const char *name, struct workflow_uses *out, struct strbuf *err);
void workflow_uses_release(struct workflow_uses *u);

/* The uses as compact JSON [{"job":..,"kind":"job"|"step","uses":..}]; the caller frees it. */
char *workflow_uses_json(const struct workflow_uses *u);
/* Read JSON written by workflow_uses_json into OUT.  0, or -1 when JSON is malformed. */
int workflow_uses_from_json(const char *json, struct workflow_uses *out);

/*
 * 1 when USES (such as "Acme/Golden-Paths/.github/workflows/build.yml@v2")
 * matches the glob PATTERN ("acme/golden-paths/.github/workflows/STAR").  The
 * owner and repository (the first two segments) compare case-insensitively,
 * as GitHub's do, the path case-sensitively; '*' also crosses '/'.  A
 * pattern without '@' accepts any ref (or none); with '@' the ref must match too.
 */
int golden_uses_match(const char *pattern, const char *uses);

/*
 * The first use in U that puts a workflow on the golden path: a job-level
 * uses matching one of REUSABLE, or a step-level uses matching one of
 * ACTIONS.  NULL when none does.  The result points into U.
 */
const struct workflow_use *golden_find(const struct workflow_uses *u, const struct str_list *reusable,
				       const struct str_list *actions);

#endif
