/* Private to the configuration reader: the key tables' types and the typed setters they use. */
#ifndef IDPM_CONFIG_PARSE_H
#define IDPM_CONFIG_PARSE_H

#include <stddef.h>
#include <yaml.h>

#include "util/config.h"

struct cparse {
	const char *name;      /* file name for messages */
	yaml_document_t *doc;
	struct config *cfg;
	struct strbuf *err;
};

enum ctype {
	T_STR,       /* string, ${VAR} substituted */
	T_INT,       /* integer within [min, max] */
	T_BOOL,      /* true/false/yes/no */
	T_MODE,      /* octal file mode such as 0600 */
	T_STRLIST,   /* a sequence of strings (a single string is accepted as a list of one) */
	T_KVLIST,    /* a mapping of strings to strings, kept in order */
	T_TOKEN,     /* a secret: only "${VAR}" is allowed */
	T_TOKENFILE, /* a secret read from the named file */
	T_SECTION,   /* a nested mapping described by sub */
	T_CUSTOM     /* handled by fn */
};

struct ckey;
typedef int (*custom_fn)(struct cparse *cp, yaml_node_t *node, void *field, const char *path);

struct ckey {
	const char *name;
	enum ctype type;
	size_t off;              /* offset of the field in the enclosing struct */
	const struct ckey *sub;  /* T_SECTION: its keys; a T_CUSTOM section may name its keys here too (secrets) */
	custom_fn fn;            /* T_CUSTOM */
	long min, max;           /* T_INT bounds */
};

#define CFG_OFF(member) offsetof(struct config, member)
#define S(section, field) offsetof(__typeof__(((struct config *)0)->section), field)

/* The top-level keys of the program itself (config_keys.c), ending with a NULL name. */
extern const struct ckey config_top_keys[];

/*
 * The top-level key NAME of a registered source's or import's configuration
 * sections, or NULL (defined by the source registry, collect/collectors.c:
 * the sources' sections come from their entries).
 */
const struct ckey *config_source_key(const char *name);

/* The sources' sections (config_keys.c), each ending with a NULL name; referenced by their registry entries. */
extern const struct ckey config_backstage_section[];   /* backstage: scaffolder */
extern const struct ckey config_catalog_section[];     /* catalog (filters) */
extern const struct ckey config_github_sections[];     /* github, golden_path, dora */
extern const struct ckey config_surveys_section[];     /* surveys */
extern const struct ckey config_jira_section[];        /* jira */
extern const struct ckey config_argocd_section[];      /* argocd */
extern const struct ckey config_pagerduty_section[];   /* pagerduty */
extern const struct ckey config_tickets_section[];     /* tickets (the import's infra_filter) */

/* "FILE:LINE: message" into cp->err; returns -1. */
int cfg_fail(struct cparse *cp, yaml_node_t *node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 1-based line of NODE. */
int cfg_line_of(yaml_node_t *node);
/* The text of a scalar NODE, or NULL for a mapping or sequence. */
const char *cfg_scalar(yaml_node_t *node);
/* A scalar with ${VAR} substituted into *OUT (caller frees); 0 or -1 with a located error. */
int cfg_get_string(struct cparse *cp, yaml_node_t *node, const char *path, char **out);
/* A string (substituted) into *FIELD, freeing the old value. */
int cfg_set_string(struct cparse *cp, yaml_node_t *node, const char *path, char **field);
/* A list of strings (a single string is a list of one) into L, replacing it. */
int cfg_set_strlist(struct cparse *cp, yaml_node_t *node, const char *path, struct str_list *l);
/* A mapping of strings to strings appended to KV in file order. */
int cfg_set_kvlist(struct cparse *cp, yaml_node_t *node, const char *path, struct kv_list *kv);
/* Every key of the mapping NODE checked against KEYS and stored under BASE; unknown keys are errors. */
int cfg_parse_map(struct cparse *cp, yaml_node_t *node, const struct ckey *keys, void *base, const char *path);
/* Append S (taken over) to L; empty L. */
void cfg_list_push(struct str_list *l, char *s);
void cfg_list_clear(struct str_list *l);

#endif
