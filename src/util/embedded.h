/* Text files compiled into the binary (queries/, reports/). */
#ifndef IDPM_EMBEDDED_H
#define IDPM_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* relative path without extension, e.g. "store/task_put" */
	const char *data; /* NUL-terminated contents */
	size_t len;       /* length without the NUL */
};

/* Tables generated at build time by cmake/embed.cmake; each ends with a {0} entry. */
extern const struct embedded_file embedded_queries[];
extern const struct embedded_file embedded_reports[];
extern const struct embedded_file embedded_docs[];   /* docs/idpmetrics.example.yaml */

/*
 * Look NAME up in TABLE.  Returns the entry, or NULL when absent.  The entry
 * is static and lives for the whole program.
 */
const struct embedded_file *embedded_find(const struct embedded_file *table, const char *name);

#endif
