/* Pure parsing of GitHub list pages: an organisation's repositories, a repository's workflows. */
#ifndef IDPM_GITHUB_PARSE_H
#define IDPM_GITHUB_PARSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/github.h"
#include "util/strbuf.h"

/* One page of GET /orgs/{org}/repos.  Everything is owned by the page. */
struct github_repos_page {
	json_t *doc;                 /* the parsed body: the repositories' strings point into it */
	struct github_repo *repos;   /* usable items in page order */
	char **owned;                /* strings made for repos (owner fallbacks, topics JSON), freed with the page */
	size_t n, nowned;
	size_t *skipped;             /* indexes of items without a usable full_name ("owner/name") */
	size_t nskipped;
};

/*
 * Parse BODY (LEN bytes) of URL, a JSON array of Minimal Repository objects.
 * Items without a "full_name" holding a '/' are listed in OUT->skipped, not
 * failed.  Returns 0 with OUT filled, or -1 with "URL: ..." in ERR when the
 * body is not JSON or not an array.  Release OUT in both cases.  No I/O.
 */
int github_parse_repos_page(const char *body, size_t len, const char *url, struct github_repos_page *out,
			    struct strbuf *err);
void github_repos_page_release(struct github_repos_page *p);

/* A workflow as listed by GET /repos/{owner}/{repo}/actions/workflows; owned strings. */
struct github_workflow_item {
	int64_t id;
	char *name;                  /* may be NULL */
	char *path;                  /* .github/workflows/ci.yml, or dynamic/... */
	char *state;                 /* active, disabled_manually, ... */
};

struct github_workflows_page {
	struct github_workflow_item *v;
	size_t n;
	size_t ignored;              /* items without an integer id, a path or a state */
};

/*
 * Parse BODY (LEN bytes) of URL, an object {"total_count":N,"workflows":[...]}.
 * Returns 0 with OUT filled, or -1 with "URL: ..." in ERR when the body is
 * not JSON or has no "workflows" array.  Release OUT in both cases.  No I/O.
 */
int github_parse_workflows_page(const char *body, size_t len, const char *url, struct github_workflows_page *out,
				struct strbuf *err);
void github_workflows_page_release(struct github_workflows_page *p);

#endif
