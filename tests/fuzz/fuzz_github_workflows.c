/* Fuzz target: a page of GET /repos/{owner}/{repo}/actions/workflows as the GitHub collector reads it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/github_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct github_workflows_page p;

	if (github_parse_workflows_page((const char *)data, size, "https://gh/repos/a/b/actions/workflows", &p, &err)) {
		if (!err.len || p.n)
			abort();
	} else {
		for (size_t i = 0; i < p.n; i++)
			if (!p.v[i].path || !*p.v[i].path || !p.v[i].state)
				abort();
	}
	github_workflows_page_release(&p);
	strbuf_release(&err);
	return 0;
}
