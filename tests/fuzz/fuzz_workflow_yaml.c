/* Fuzz target: golden-path detection on arbitrary workflow YAML (libyaml, aliases, merge keys). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/workflow_yaml.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char p0[] = "acme/golden-paths/.github/workflows/*", p1[] = "acme/*@v[0-9]*";
	static char *pv[] = { p0, p1 };
	const struct str_list patterns = { pv, 2 };
	struct workflow_uses u = { 0 }, back = { 0 };
	struct strbuf err = STRBUF_INIT;
	const struct workflow_use *hit;
	char *json = NULL;

	if (!workflow_yaml_uses((const char *)data, size, "fuzz.yml", &u, &err)) {
		hit = golden_find(&u, &patterns, &patterns);
		if (hit && !golden_uses_match(p0, hit->uses) && !golden_uses_match(p1, hit->uses))
			abort();
		/* what is stored reads back the same */
		json = workflow_uses_json(&u);
		if (workflow_uses_from_json(json, &back) || back.n != u.n)
			abort();
		for (size_t i = 0; i < u.n; i++)
			if (strcmp(u.v[i].uses, back.v[i].uses) || strcmp(u.v[i].job, back.v[i].job))
				abort();
	} else if (!err.len) {
		abort(); /* a rejection always says why */
	}
	free(json);
	workflow_uses_release(&u);
	workflow_uses_release(&back);
	strbuf_release(&err);
	return 0;
}
