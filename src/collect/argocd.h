/* The argocd collector: Argo CD applications and their sync history, as DORA deployments. */
#ifndef IDPM_ARGOCD_H
#define IDPM_ARGOCD_H

#include "collect/collectors.h"

extern const struct collector argocd_collector;

/* What to do when the token is refused (401) or lacks a permission (403): collect and doctor say the same. */
extern const char argocd_token_fix[];
extern const char argocd_permission_fix[];

struct demo_generator;
struct doctor_report;
struct doctor_env;

/* The demo's Argo CD applications and syncs (demo/demo_gitops.c). */
extern const struct demo_generator demo_argocd;
extern const struct demo_generator *const demo_argocd_list[]; /* its night, then the data (second round) */

/* doctor: the token, the transport, the applications listing, their mapping and history at risk. */
void argocd_doctor(struct doctor_report *r, const struct doctor_env *env);

/* The host of github.api_url repositories live on: api.github.com -> github.com, else the URL's host (owned). */
char *argocd_github_host(const char *api_url);

#endif
