/* The argocd collector: Argo CD applications and their sync history, as DORA deployments. */
#ifndef IDPM_ARGOCD_H
#define IDPM_ARGOCD_H

#include "collect/collectors.h"

extern const struct collector argocd_collector;

/* The host of github.api_url repositories live on: api.github.com -> github.com, else the URL's host (owned). */
char *argocd_github_host(const char *api_url);

#endif
