/* The GitHub source's doctor checks (collect/github_doctor.c) and their pure parts. */
#ifndef IDPM_GITHUB_DOCTOR_H
#define IDPM_GITHUB_DOCTOR_H

#include "doctor/doctor.h"

/* Kinds of GitHub token, told by their documented prefixes. */
enum github_token_kind {
	GH_TOKEN_UNKNOWN,
	GH_TOKEN_CLASSIC,          /* ghp_: classic personal access token (scopes in x-oauth-scopes) */
	GH_TOKEN_FINE_GRAINED,     /* github_pat_: fine-grained personal access token (permissions) */
	GH_TOKEN_APP_INSTALLATION, /* ghs_: GitHub App installation token (permissions) */
	GH_TOKEN_OAUTH             /* gho_ / ghu_: OAuth or App user token */
};

enum github_token_kind doctor_github_token_kind(const char *token);

/*
 * A GitHub 403 or 429: 1 when it is a rate limit (remaining 0, a Retry-After,
 * or a message that says so: the documented tests), 0 when it is a permission problem.
 */
int doctor_github_rate_limited(long status, const char *remaining, const char *retry_after, const char *message);

/*
 * The classic scopes from an x-oauth-scopes header ("repo, read:org") that a
 * full collection needs and the token lacks, appended to MISSING
 * (", "-separated).  Returns the number missing.
 */
int doctor_missing_scopes(const char *scopes, struct strbuf *missing);

/*
 * The checks of a configured GitHub source: token, transport, rate limit,
 * organisation, a repository's workflows, contents, issues, pull requests
 * (and deployments).  Appends lines to R; never fails, never prints.
 */
void github_doctor(struct doctor_report *r, const struct doctor_env *env);

#endif
