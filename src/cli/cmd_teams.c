/* idpmetrics teams [--repos] [--unowned] [--format text|csv]: which team owns which repository, and why. */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/status_gitops.h"
#include "compute/ownership.h"
#include "render/csvw.h"
#include "store/catalog.h"
#include "store/runs.h"
#include "util/termtext.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* One repository known from GitHub's listing or a catalog component, and its team. */
struct repo_row {
	char *repo;
	int in_github, in_catalog, archived;
	const char *team;            /* interned by the resolver */
	enum ownership_via via;
};

struct repo_list {
	struct repo_row *v;
	size_t n, alloc;
};

static void list_release(struct repo_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].repo);
	free(l->v);
}

/* GitHub's repositories and the catalog's, once each (names compare without case), with their teams. */
static int load_repos(struct app *app, struct ownership *o, struct repo_list *l, struct strbuf *err)
{
	struct known_repo *known;
	size_t n;

	if (store_known_repos(app->db, &known, &n, err))
		return -1;
	for (size_t k = 0; k < n; k++) {
		const char *repo = known[k].repo;
		struct repo_row *r;

		if (l->n && !g_ascii_strcasecmp(l->v[l->n - 1].repo, repo)) {
			r = &l->v[l->n - 1];
		} else {
			XGROW(l->v, l->alloc, l->n + 1);
			r = &l->v[l->n++];
			memset(r, 0, sizeof(*r));
			r->repo = xstrdup(repo);
		}
		if (known[k].in_github) {
			r->in_github = 1;
			r->archived = known[k].archived;
		} else {
			r->in_catalog = 1;
		}
	}
	store_known_repos_free(known, n);
	for (size_t i = 0; i < l->n; i++)
		l->v[i].team = ownership_repo(o, l->v[i].repo, &l->v[i].via);
	return 0;
}

static void print_repos_text(const struct repo_list *l, int unowned_only)
{
	printf("%-40s %-28s %-8s %s\n", "repository", "team", "via", "known from");
	for (size_t i = 0; i < l->n; i++) {
		const struct repo_row *r = &l->v[i];

		if (unowned_only && strcmp(r->team, OWNERSHIP_UNOWNED))
			continue;
		printf("%-40s %-28s %-8s %s%s%s%s\n", termtext_show(r->repo), termtext_show(r->team), ownership_via_name(r->via),
		       r->in_github ? "github" : "", r->in_github && r->in_catalog ? ", " : "",
		       r->in_catalog ? "catalog" : "", r->archived ? " (archived)" : "");
	}
}

static void print_repos_csv(const struct repo_list *l, int unowned_only)
{
	static const char *const header[] = { "repository", "team", "via", "in_github", "in_catalog", "archived" };
	struct csvw w;

	csvw_init(&w, stdout, 0);
	for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		csvw_raw(&w, header[i]);
	csvw_end(&w);
	for (size_t i = 0; i < l->n; i++) {
		const struct repo_row *r = &l->v[i];

		if (unowned_only && strcmp(r->team, OWNERSHIP_UNOWNED))
			continue;
		csvw_text(&w, termtext_show(r->repo));
		csvw_text(&w, termtext_show(r->team));
		csvw_raw(&w, ownership_via_name(r->via));
		csvw_int(&w, r->in_github);
		csvw_int(&w, r->in_catalog);
		csvw_int(&w, r->archived);
		csvw_end(&w);
	}
}

static size_t repos_of(const struct repo_list *l, const char *team)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].team == team || !strcmp(l->v[i].team, team);
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The overview: catalog groups, then teams that only repositories name, then the unowned repositories. */
static int print_overview(struct app *app, const struct repo_list *l, struct strbuf *err)
{
	GHashTable *shown = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	struct catalog_group_info *groups = NULL;
	const char **extra = NULL;
	size_t nextra = 0, alloc = 0, unowned = 0, ngroups = 0;
	int ret = -1;

	if (store_catalog_groups(app->db, &groups, &ngroups, err))
		goto out;
	printf("%-32s %-24s %-14s %7s %7s %6s\n", "team", "title", "type", "members", "in tree", "repos");
	for (size_t k = 0; k < ngroups; k++) {
		const struct catalog_group_info *g = &groups[k];
		char *scope = ownership_team_scope(g->ns, g->name);

		printf("%-32s %-24s %-14s %7lld %7lld %6zu\n", termtext_show(scope),
		       g->title ? termtext_show(g->title) : "-", g->type ? termtext_show(g->type) : "-",
		       (long long)g->members, (long long)g->members_total, repos_of(l, scope));
		g_hash_table_add(shown, scope);
	}
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i].team, OWNERSHIP_UNOWNED)) {
			unowned++;
		} else if (!g_hash_table_contains(shown, l->v[i].team)) {
			g_hash_table_add(shown, xstrdup(l->v[i].team));
			XGROW(extra, alloc, nextra + 1);
			extra[nextra++] = l->v[i].team;
		}
	}
	if (nextra > 1)
		qsort(extra, nextra, sizeof(*extra), cmp_str);
	for (size_t i = 0; i < nextra; i++)
		printf("%-32s %-24s %-14s %7s %7s %6zu\n", termtext_show(extra[i]), "(not a catalog group)", "-", "-", "-",
		       repos_of(l, extra[i]));
	printf("%-32s %-24s %-14s %7s %7s %6zu\n", OWNERSHIP_UNOWNED, "-", "-", "-", "-", unowned);
	if (unowned) {
		printf("\n%zu unowned repositories: give each a catalog component with the github.com/project-slug "
		       "annotation, or a teams.repositories pattern:\n", unowned);
		for (size_t i = 0; i < l->n; i++)
			if (!strcmp(l->v[i].team, OWNERSHIP_UNOWNED))
				printf("  %s%s\n", termtext_show(l->v[i].repo), l->v[i].archived ? " (archived)" : "");
	}
	ret = 0;
out:
	store_catalog_groups_free(groups, ngroups);
	free(extra);
	g_hash_table_destroy(shown);
	return ret;
}

static const struct option longopts[] = {
	{ "repos", no_argument, NULL, 'r' }, { "unowned", no_argument, NULL, 'u' },
	{ "format", required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 }
};
const struct command_opts cmd_teams_opts = { "ruf:", longopts };

int cmd_teams(int argc, char **argv, struct app *app)
{
	struct ownership *o = NULL;
	struct repo_list l = { NULL, 0, 0 };
	struct strbuf err = STRBUF_INIT;
	const char *format = "text";
	char *snapshot = NULL;
	int c, repos = 0, unowned_only = 0, ret = EXIT_OK;

	while ((c = getopt_long(argc, argv, cmd_teams_opts.shorts, cmd_teams_opts.longs, NULL)) != -1) {
		switch (c) {
		case 'r': repos = 1; break;
		case 'u': unowned_only = repos = 1; break;
		case 'f': format = optarg; break;
		default: return command_usage_error(argv[0]);
		}
	}
	if (optind < argc || (strcmp(format, "text") && strcmp(format, "csv")) || (!repos && !strcmp(format, "csv"))) {
		return command_usage_error(argv[0]);
	}
	o = ownership_new(&app->cfg);
	if (ownership_load(o, app->db, &err) || load_repos(app, o, &l, &err) ||
	    store_state_get(app->db, "catalog", "snapshot_at", &snapshot, &err))
		goto fail;
	if (!strcmp(format, "csv")) {
		print_repos_csv(&l, unowned_only);
		goto out;
	}
	if (snapshot) {
		char when[32];

		time_format_iso(strtoll(snapshot, NULL, 10), when, sizeof(when));
		printf("Catalog collected %s: %lld users.\n\n", when, (long long)ownership_users(o));
	} else {
		printf("No catalog collected yet ('idpmetrics collect catalog'): teams come from teams.repositories "
		       "only.\n\n");
	}
	if (repos)
		print_repos_text(&l, unowned_only);
	else if (print_overview(app, &l, &err) || status_gitops_unmapped(app->db, &err))
		goto fail;
	goto out;
fail:
	log_error(&app->log, "%s", err.buf);
	ret = EXIT_IO;
out:
	if (fflush(stdout) && ret == EXIT_OK) {
		log_error(&app->log, "cannot write to standard output");
		ret = EXIT_IO;
	}
	free(snapshot);
	list_release(&l);
	ownership_free(o);
	strbuf_release(&err);
	return ret;
}
