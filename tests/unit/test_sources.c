/* Unit test: the source and import registries describe themselves completely and consistently. */
#include <stdlib.h>
#include <string.h>

#include "collect/collectors.h"
#include "collect/importers.h"
#include "demo/demo.h"
#include "store/db.h"
#include "store/runs.h"
#include "store/scaffolder.h"
#include "test.h"
#include "test_db.h"
#include "util/config.h"
#include "util/config_parse.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/timeutil.h"

/* A status or oldest-data query: embedded, one row, the documented column, empty on an empty database. */
static void check_query(struct db *db, const char *name, int stored)
{
	struct strbuf err = STRBUF_INIT;
	int64_t v = -2;

	if (!name)
		return;
	CHECK(embedded_find(embedded_queries, name) != NULL);
	if (stored) {
		CHECK(!store_count_stored(db, name, &v, &err));
		CHECK_INTEQ(v, 0);
	} else {
		CHECK(!store_oldest_time(db, name, &v, &err));
		CHECK_INTEQ(v, TIME_NONE);
	}
	if (err.len)
		fprintf(stderr, "%s: %s\n", name, err.buf);
	strbuf_release(&err);
}

static void test_sources__entries_are_whole(void)
{
	struct db *db = test_db_fresh();
	size_t n = 0;

	for (const struct collector *const *c = collectors; *c; c++, n++) {
		CHECK((*c)->name && *(*c)->name && (*c)->summary && (*c)->configured && (*c)->run);
		CHECK(collector_find((*c)->name) == *c);
		for (const struct collector *const *d = c + 1; *d; d++)
			CHECK(strcmp((*c)->name, (*d)->name));
		/* a source that can be configured says by what, and doctor can describe it */
		CHECK((*c)->configured_by != NULL);
		CHECK((*c)->describe != NULL);
		check_query(db, (*c)->status_rows, 1);
		check_query(db, (*c)->oldest_data, 0);
		for (size_t i = 0; (*c)->demo && (*c)->demo[i]; i++)
			CHECK((*c)->demo[i]->name && (*c)->demo[i]->generate);
	}
	CHECK(n >= 4);
	for (const struct importer *const *im = importers; *im; im++) {
		CHECK((*im)->name && (*im)->source && (*im)->usage && (*im)->summary && (*im)->run);
		CHECK(importer_find((*im)->name) == *im);
		CHECK(!strcmp(sources_status_rows((*im)->source), (*im)->status_rows));
		check_query(db, (*im)->status_rows, 1);
		check_query(db, (*im)->oldest_data, 0);
	}
	CHECK(importer_find("nothing") == NULL);
	CHECK(sources_status_rows("nothing") == NULL);
	db_close(db);
}

/* 1 when a registered source or import names the embedded query NAME. */
static int referenced(const char *name)
{
	for (const struct collector *const *c = collectors; *c; c++)
		if (((*c)->status_rows && !strcmp((*c)->status_rows, name)) ||
		    ((*c)->oldest_data && !strcmp((*c)->oldest_data, name)))
			return 1;
	for (const struct importer *const *im = importers; *im; im++)
		if (((*im)->status_rows && !strcmp((*im)->status_rows, name)) ||
		    ((*im)->oldest_data && !strcmp((*im)->oldest_data, name)))
			return 1;
	return 0;
}

/* Every status query is some entry's: one written for a source but left out of its entry would never run. */
static void test_sources__status_queries_are_referenced(void)
{
	size_t n = 0;

	for (const struct embedded_file *f = embedded_queries; f->name; f++) {
		if (strncmp(f->name, "status/", 7))
			continue;
		n++;
		if (!referenced(f->name)) {
			fprintf(stderr, "%s is named by no source or import entry (struct collector or importer)\n", f->name);
			test_failures++;
		}
	}
	CHECK(n >= 10);
}

/* A top-level section belongs to one source (or import), and never to the program's own table too. */
static void test_sources__config_sections_are_owned_once(void)
{
	const struct ckey *all[64];
	size_t n = 0;

	for (const struct collector *const *c = collectors; *c; c++)
		for (const struct ckey *k = (*c)->config; k && k->name; k++)
			all[n++] = k;
	for (const struct importer *const *im = importers; *im; im++)
		for (const struct ckey *k = (*im)->config; k && k->name; k++)
			all[n++] = k;
	CHECK(n >= 6);
	for (size_t i = 0; i < n; i++) {
		CHECK(config_source_key(all[i]->name) == all[i]);
		for (size_t j = i + 1; j < n; j++)
			CHECK(strcmp(all[i]->name, all[j]->name));
		for (const struct ckey *t = config_top_keys; t->name; t++)
			CHECK(strcmp(all[i]->name, t->name));
	}
	CHECK(config_source_key("storage") == NULL);
}

/* The sources' sections are read from a file, and their tokens are redacted without a list kept anywhere. */
static void test_sources__config_and_secrets_from_the_registry(void)
{
	static const char yaml[] = "github:\n  org: acme\n  token: \"${IDPM_TEST_GH}\"\n"
				   "backstage:\n  base_url: https://backstage.example\n  token: \"${IDPM_TEST_BS}\"\n"
				   "tickets:\n  infra_filter:\n    labels: [infra]\n"
				   "catalog:\n  filters:\n    dora:\n      lifecycles: [production]\n";
	struct config cfg;
	struct strbuf err = STRBUF_INIT;
	struct log log;
	char *out;

	setenv("IDPM_TEST_GH", "ghp_unit_secret_1", 1);
	setenv("IDPM_TEST_BS", "backstage_unit_secret_2", 1);
	config_init(&cfg);
	CHECK(!config_load_text(&cfg, "t.yaml", yaml, strlen(yaml), &err));
	CHECK_STREQ(cfg.github.org, "acme");
	CHECK_INTEQ(cfg.tickets.labels.n, 1);
	CHECK_INTEQ(cfg.catalog.filters.dora.lifecycles.n, 1);
	log_init(&log, stderr);
	sources_register_secrets(&cfg, &log);
	out = log_redact(&log, "a ghp_unit_secret_1 and a backstage_unit_secret_2");
	CHECK(!strstr(out, "unit_secret"));
	free(out);
	log_release(&log);
	config_release(&cfg);
	/* an unknown top-level section is still an error */
	config_init(&cfg);
	strbuf_reset(&err);
	CHECK(config_load_text(&cfg, "t.yaml", "argocdx:\n  a: 1\n", 16, &err));
	CHECK(strstr(err.buf, "unknown key 'argocdx'") != NULL);
	config_release(&cfg);
	strbuf_release(&err);
}

/* The oldest data is the earliest of every source's and import's query. */
static void test_sources__oldest_data_asks_each_source(void)
{
	struct db *db = test_db_fresh();
	struct strbuf err = STRBUF_INIT;
	struct scaffolder_task t;
	int64_t oldest = 0;

	CHECK(!sources_oldest_data(db, &oldest, &err));
	CHECK_INTEQ(oldest, TIME_NONE);
	memset(&t, 0, sizeof(t));
	t.id = "t1";
	t.template_ref = "template:default/service";
	t.status = "completed";
	t.created_at = 1700000000;
	t.completed_at = t.last_heartbeat_at = t.events_fetched_at = TIME_NONE;
	t.raw = "{}";
	CHECK(!store_task_upsert(db, &t, 1700000100, &err));
	CHECK(!sources_oldest_data(db, &oldest, &err));
	CHECK_INTEQ(oldest, 1700000000);
	if (err.len)
		fprintf(stderr, "%s\n", err.buf);
	db_close(db);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_sources__entries_are_whole);
	RUN(test_sources__status_queries_are_referenced);
	RUN(test_sources__config_sections_are_owned_once);
	RUN(test_sources__config_and_secrets_from_the_registry);
	RUN(test_sources__oldest_data_asks_each_source);
	return TEST_RESULT();
}
