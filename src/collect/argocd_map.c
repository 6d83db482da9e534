/* Which service (repository) an Argo CD application deploys: catalog annotations, argocd.apps, its GitHub source. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/argocd.h"
#include "collect/argocd_map.h"
#include "store/gitops.h"
#include "util/xalloc.h"

static void add(void *data, const char *app, const char *selector, const char *repo)
{
	struct argocd_map *m = data;
	struct argocd_map_entry *e;

	XGROW(m->v, m->alloc, m->n + 1);
	e = &m->v[m->n++];
	e->app = app ? xstrdup(app) : NULL;
	e->selector = selector ? xstrdup(selector) : NULL;
	e->repo = xstrdup(repo);
	m->by_name += app != NULL;
	m->by_selector += selector != NULL;
}

int argocd_map_init(struct argocd_map *m, const struct config *cfg, struct db *db, struct strbuf *err)
{
	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	m->gh_host = argocd_github_host(cfg->github.api_url);
	return db ? store_catalog_annotations_each(db, 0, add, m, err) : 0;
}

void argocd_map_release(struct argocd_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].app);
		free(m->v[i].selector);
		free(m->v[i].repo);
	}
	free(m->v);
	free(m->gh_host);
	memset(m, 0, sizeof(*m));
}

char *argocd_map_repo_of(const struct argocd_map *m, const char *url)
{
	char *repo = argocd_repo_of_url(url, m->gh_host);

	return repo ? repo : argocd_repo_of_url(url, "github.com");
}

char *argocd_map_app(const struct argocd_map *m, const struct argocd_app *a, const char **from)
{
	const struct config *cfg = m->cfg;
	const char *org = cfg->github.org;

	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].app && !strcmp(m->v[i].app, a->name)) {
			*from = "catalog";
			return xstrdup(m->v[i].repo);
		}
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].selector && argocd_selector_match(m->v[i].selector, a->labels, a->nlabels)) {
			*from = "catalog-selector";
			return xstrdup(m->v[i].repo);
		}
	for (size_t i = 0; i < cfg->argocd.apps.n; i++)
		if (!strcmp(cfg->argocd.apps.key[i], a->name)) {
			*from = "config";
			return xstrdup(cfg->argocd.apps.val[i]);
		}
	for (size_t i = 0; i < a->nsources; i++) {
		char *repo = argocd_map_repo_of(m, a->source_repos[i]);
		const char *slash = repo ? strchr(repo, '/') : NULL;

		if (slash && org && strlen(org) == (size_t)(slash - repo) && !strncasecmp(repo, org, strlen(org))) {
			*from = "source";
			return repo;
		}
		free(repo);
	}
	*from = NULL;
	return NULL;
}
