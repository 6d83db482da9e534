/* Which team owns what: repositories, scaffolder tasks and written team names resolved to team scopes. */
#ifndef IDPM_OWNERSHIP_H
#define IDPM_OWNERSHIP_H

#include <stdint.h>
#include <string.h>

#include "compute/compute.h"
#include "store/db.h"
#include "util/config.h"
#include "util/strbuf.h"

/* The team of whatever nobody owns: shown in every per-team KPI, never dropped. */
#define OWNERSHIP_UNOWNED "team:unowned"

/* How a team was found. */
enum ownership_via {
	OWNERSHIP_VIA_CATALOG,       /* a catalog component names the repository (github.com/project-slug) */
	OWNERSHIP_VIA_TASK_OWNER,    /* a scaffolder task's spec.parameters.owner names a catalog group */
	OWNERSHIP_VIA_CONFIG,        /* a teams.repositories pattern matches the repository */
	OWNERSHIP_VIA_GROUP_NAME,    /* a team written by a person matches a catalog group's name or title */
	OWNERSHIP_VIA_TEXT,          /* a team written by a person that matches no group: the text itself */
	OWNERSHIP_VIA_NONE           /* the unowned team */
};

/* "catalog", "task-owner", "config", "group-name", "text" or "none". */
const char *ownership_via_name(enum ownership_via via);

/*
 * The resolver.  Built from the catalog snapshot (ownership_load()) or, in
 * tests, with the ownership_add_*() calls.  Every string it returns belongs
 * to it and lives until ownership_free().
 */
struct ownership;

/* A new, empty resolver using CFG's teams.repositories and catalog.filters (CFG may be NULL; it is borrowed). */
struct ownership *ownership_new(const struct config *cfg);
void ownership_free(struct ownership *o);

/* Read the stored catalog snapshot into O.  0, or -1 with ERR. */
int ownership_load(struct ownership *o, struct db *db, struct strbuf *err);

/*
 * The resolver of CTX's database and configuration, loaded on first use and
 * kept in CTX (freed by compute_ctx_release()).  NULL with ERR on a database error.
 */
struct ownership *ownership_of(struct compute_ctx *ctx, struct strbuf *err);

/* A catalog group: REF as stored (group:ns/name, lower case), NS and NAME as written, TITLE may be NULL. */
void ownership_add_group(struct ownership *o, const char *ref, const char *ns, const char *name, const char *title,
			 int64_t members);
/*
 * A catalog component in repository REPO ("owner/name", any case) owned by
 * group TEAM_REF (NULL: no owning group), with its LIFECYCLE and TAGS (a JSON
 * array text; both may be NULL).
 */
void ownership_add_component(struct ownership *o, const char *team_ref, const char *repo, const char *lifecycle,
			     const char *tags);
/* The number of users in the catalog (the org's population). */
void ownership_set_users(struct ownership *o, int64_t users);

/* "team:NAME" for a group in the default namespace, else "team:NS/NAME"; the caller frees it. */
char *ownership_team_scope(const char *ns, const char *name);

/*
 * The team of repository REPO ("owner/name", matched case-insensitively):
 * the owning group of the catalog component(s) whose project slug names it
 * (several components: the team owning most of them, then the first by
 * name), else the first teams.repositories pattern that matches, else
 * OWNERSHIP_UNOWNED.  Never NULL.  *VIA (may be NULL) says which.
 */
const char *ownership_repo(struct ownership *o, const char *repo, enum ownership_via *via);

/*
 * The team of a scaffolder task: the catalog owner of the repository it
 * created (REPO_OWNER/REPO_NAME, may be NULL), else the group named by its
 * spec.parameters.owner (PARAM_OWNER, a ref; a short name is a group in the
 * default namespace) when the catalog knows that group, else the
 * teams.repositories patterns, else OWNERSHIP_UNOWNED.  Never NULL.
 */
const char *ownership_task(struct ownership *o, const char *repo_owner, const char *repo_name, const char *param_owner,
			   enum ownership_via *via);

/*
 * The team of a team name written by a person (a survey's team answer, the
 * team column of an onboarding or ticket export): the catalog group whose
 * name, else title, equals TEXT after Unicode normalisation and case folding
 * (a group of the default namespace first), else "team:TEXT" (blanks
 * trimmed).  NULL for a NULL or blank TEXT.
 */
const char *ownership_team_name(struct ownership *o, const char *text, enum ownership_via *via);

/* The NAME of a "team:NAME" scope (what follows the prefix). */
static inline const char *ownership_scope_name(const char *scope)
{
	return scope && !strncmp(scope, "team:", 5) ? scope + 5 : scope;
}

/* Direct members of the catalog group whose scope is SCOPE, or -1 when SCOPE is no catalog group. */
int64_t ownership_members(const struct ownership *o, const char *scope);
/* Users in the catalog, or -1 when no catalog was collected. */
int64_t ownership_users(const struct ownership *o);

/*
 * 1 when repository REPO counts for KPI ("adoption" or "dora") under
 * catalog.filters.KPI: always without a filter; with one, only when a
 * catalog component of REPO has a matching lifecycle and a matching tier tag
 * (patterns, case-insensitive; an empty list matches anything).  Repositories
 * outside the catalog never match a filter.
 */
int ownership_selected(const struct ownership *o, const char *kpi, const char *repo);
/* 1 when catalog.filters.KPI restricts anything. */
int ownership_filtered(const struct ownership *o, const char *kpi);
/*
 * The filter of KPI for a metric's detail: {"lifecycles":[...],"tiers":[...]}
 * (empty lists left out), or NULL without a filter.  The caller frees it.
 */
char *ownership_filter_json(const struct ownership *o, const char *kpi);

#endif
