/*
 * Fuzz target: nesting depth of workflow YAML.  The input becomes the value of a job's `with:` in an
 * otherwise valid workflow, so the fuzzer spends its time on deep flow and block collections: a file
 * nested deeper than 64 levels must be refused (never parsed in quadratic time, which libFuzzer's
 * -timeout catches), and an accepted file must still show its golden `uses:`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/workflow_yaml.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "jobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
				   "    with:\n      x: ";
	struct workflow_uses u = { 0 };
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	size_t opens = 0;

	strbuf_add(&text, head, sizeof(head) - 1);
	strbuf_add(&text, data, size);
	strbuf_addch(&text, '\n');
	for (size_t i = 0; i < size; i++)
		opens += data[i] == '[' || data[i] == '{';
	if (!workflow_yaml_uses(text.buf, text.len, "depth.yml", &u, &err)) {
		/* accepted: the job's own uses: is found whatever the value holds */
		size_t i = 0;

		while (i < u.n && strcmp(u.v[i].uses, "acme/golden-paths/.github/workflows/build.yml@v3"))
			i++;
		if (i == u.n)
			abort();
	} else if (!err.len) {
		abort(); /* a rejection always says why */
	} else if (opens > 1000 && !strstr(err.buf, "nested deeper") && !strstr(err.buf, "invalid YAML")) {
		abort(); /* a deep input is refused for its depth or its syntax, nothing else */
	}
	workflow_uses_release(&u);
	strbuf_release(&text);
	strbuf_release(&err);
	return 0;
}
