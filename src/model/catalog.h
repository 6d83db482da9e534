/* The catalog model shared by collect, store and compute: entity refs, entities, a resolved set of them. */
#ifndef IDPM_MODEL_CATALOG_H
#define IDPM_MODEL_CATALOG_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* An entity reference split into its parts; owned strings, as written (case kept). */
struct catalog_ref {
	char *kind;
	char *ns;
	char *name;
};

/*
 * Parse "[kind:][namespace/]name" as Backstage's parseEntityRef does: the
 * kind is what comes before the first ':', the namespace what comes before
 * the first '/' after it.  Missing parts take DEFAULT_KIND (NULL: the kind is
 * required) and DEFAULT_NS (NULL: "default").  Surrounding blanks are
 * ignored.  Returns 0 with OUT filled (release it with catalog_ref_release()),
 * or -1 (OUT zeroed) when TEXT is empty, lacks a required kind, or a part is
 * empty or the name holds ':' or '/'.
 */
int catalog_ref_parse(const char *text, const char *default_kind, const char *default_ns, struct catalog_ref *out);
void catalog_ref_release(struct catalog_ref *r);

/* "kind:namespace/name" in lower case, the form Backstage compares refs in; the caller frees it. */
char *catalog_ref_key(const struct catalog_ref *r);

/* catalog_ref_parse() then catalog_ref_key(): the normalised ref, or NULL when TEXT is no ref. */
char *catalog_ref_normalise(const char *text, const char *default_kind, const char *default_ns);

enum catalog_kind {
	CATALOG_OTHER,
	CATALOG_COMPONENT,
	CATALOG_GROUP,
	CATALOG_USER,
	CATALOG_TEMPLATE
};

/* What is kept of one entity; every string owned, NULL when absent. */
struct catalog_entity {
	enum catalog_kind kind;
	char *ref;                   /* kind:namespace/name, lower case */
	char *ns;                    /* metadata.namespace as written, "default" when absent */
	char *name;                  /* metadata.name as written */
	char *title;                 /* metadata.title, else spec.profile.displayName */
	char *type;                  /* spec.type */
	char *lifecycle;             /* components: spec.lifecycle */
	char *system;                /* components: spec.system, qualified */
	char *owner_ref;             /* components, templates: the ownedBy relation, else spec.owner qualified */
	char *parent_ref;            /* groups: the childOf relation, else spec.parent qualified */
	char **member_of;            /* users: memberOf relations and spec.memberOf, qualified, sorted, unique */
	size_t nmember_of;
	char *repo;                  /* components: owner/name from github.com/project-slug or source-location */
	char *repo_from;             /* "project-slug" or "source-location" */
	char *source_template;       /* components: backstage.io/source-template, qualified */
	char *argocd_app;            /* components: argocd/app-name */
	char *argocd_selector;       /* components: argocd/app-selector */
	char *pagerduty_service;     /* components: pagerduty.com/service-id */
	char *tags;                  /* metadata.tags as a JSON array text ("[]" without tags) */
	char *tier;                  /* the first tag that starts with "tier" */
	/* filled by catalog_set_resolve() */
	char *team_ref;              /* components: owner_ref when it is a group, else the group of a user owner */
	int64_t members;             /* groups: users that are direct members */
	int64_t members_total;       /* groups: distinct users here or in any group below */
};

/* Free the strings of E and zero it. */
void catalog_entity_release(struct catalog_entity *e);

/*
 * Parse a github.com/project-slug value "owner/name" (blanks around are
 * ignored).  Returns a new "owner/name", or NULL when S has not exactly one
 * '/' between two non-empty parts without blanks.
 */
char *catalog_parse_slug(const char *s);

/* A whole listing: entities by ref, the later of two with the same ref kept. */
struct catalog_set {
	struct catalog_entity *v;
	size_t n, alloc;
	GHashTable *index;           /* ref (owned copy) -> position + 1 */
	size_t duplicates;           /* entities listed twice (the catalog changed while it was read) */
	int resolved;
};

void catalog_set_init(struct catalog_set *s);
/* Take over the contents of E (E is zeroed); an entity with the same ref is replaced. */
void catalog_set_add(struct catalog_set *s, struct catalog_entity *e);
/* Entities of KIND in S. */
size_t catalog_set_count(const struct catalog_set *s, enum catalog_kind kind);
/*
 * Sort S by ref and work out what depends on several entities: group
 * member counts (direct, and distinct users of the subtree; parent cycles are
 * harmless) and each component's team_ref.  A user-owned component belongs to
 * the user's first group (by ref) that is in the catalog.  Adding after this
 * is a bug.
 */
void catalog_set_resolve(struct catalog_set *s);
void catalog_set_release(struct catalog_set *s);

#endif
