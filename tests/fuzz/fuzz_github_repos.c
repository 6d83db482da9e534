/* Fuzz target: a page of GET /orgs/{org}/repos as the GitHub collector reads it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/github_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct github_repos_page p;

	if (github_parse_repos_page((const char *)data, size, "https://gh/orgs/acme/repos", &p, &err)) {
		if (!err.len || p.n)
			abort();
	} else {
		for (size_t i = 0; i < p.n; i++) {
			const struct github_repo *r = &p.repos[i];
			const char *slash = strchr(r->full_name, '/');

			if (!slash || slash == r->full_name || !slash[1] || !r->owner || !r->name)
				abort();
		}
		if (p.n + p.nskipped != (size_t)(p.doc ? json_array_size(p.doc) : 0))
			abort();
	}
	github_repos_page_release(&p);
	strbuf_release(&err);
	return 0;
}
