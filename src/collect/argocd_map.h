/* Which service (repository) an Argo CD application deploys: catalog annotations, argocd.apps, its GitHub source. */
#ifndef IDPM_ARGOCD_MAP_H
#define IDPM_ARGOCD_MAP_H

#include "collect/argocd_parse.h"
#include "store/db.h"
#include "util/config.h"

struct argocd_map_entry {
	char *app, *selector, *repo;
};

struct argocd_map {
	const struct config *cfg;
	char *gh_host;                   /* the host of github.api_url's repositories */
	struct argocd_map_entry *v;      /* catalog components naming applications */
	size_t n, alloc;
	int64_t by_name, by_selector;    /* annotations found */
};

/*
 * Prepare M from CFG and the catalog components of DB (may be NULL: configuration only).  0, or
 * -1 with ERR on a database error.  Release with argocd_map_release() in every case.
 */
int argocd_map_init(struct argocd_map *m, const struct config *cfg, struct db *db, struct strbuf *err);
void argocd_map_release(struct argocd_map *m);

/*
 * The service of A (owned "owner/name"), NULL when unmapped; *FROM says which rule named it:
 * catalog (argocd/app-name), catalog-selector (argocd/app-selector), config (argocd.apps), source
 * (its source repository is a repository of github.org).
 */
char *argocd_map_app(const struct argocd_map *m, const struct argocd_app *a, const char **from);

/* "owner/name" when URL is a repository on the GitHub host (or github.com), else NULL; owned. */
char *argocd_map_repo_of(const struct argocd_map *m, const char *url);

#endif
