/* Tickets from a Jira CSV export: key, created, resolved, labels, components and a team when there is one. */
#ifndef IDPM_COLLECT_TICKETS_H
#define IDPM_COLLECT_TICKETS_H

#include <glib.h>
#include <stddef.h>

#include "util/csv.h"
#include <stdint.h>

#include "collect/collectors.h"
#include "collect/importers.h"
#include "util/datetext.h"

struct ticket_row {
	char *key;                   /* "OPS-123" */
	int64_t created_at;
	int64_t resolved_at;         /* TIME_NONE when unresolved */
	char *team;                  /* NULL when the export has no team column or it is empty */
	char *labels;                /* JSON array text of the labels (each repeated Labels column, split on spaces) */
	char *components;            /* JSON array text of the components (each repeated Components column) */
	long line;
};

struct ticket_result {
	struct ticket_row *rows;
	size_t n, alloc;
	struct csv_problems problems; /* rows skipped, with "FILE:LINE: why" for the first ones */
	int has_labels, has_components, has_team; /* which columns the export has */
};

/*
 * Read Jira CSV TEXT (UTF-8) of file NAME: "Issue key" (or "Key"), "Created"
 * and optionally "Resolved", every "Labels" column, every "Components" (or
 * "Component/s") column, and a team from "Team", "Team Name", "Custom field
 * (Team)" or "Custom field (Team Name)".  Times such as "12/Mar/24 9:41 AM"
 * are read in TZ with ORDER.  Returns 0, or -1 with ERR for broken CSV or a
 * missing key or Created column; release OUT in any case.  Pure.
 */
int tickets_parse(const char *name, const char *text, size_t len, GTimeZone *tz, enum datetext_order order,
		  struct ticket_result *out, struct strbuf *err);
void ticket_result_release(struct ticket_result *r);

/*
 * Import the Jira export PATH (decoded with ENCODING, times in
 * reporting.timezone) in one transaction; an issue already stored is updated.
 * Bad rows are warned about and skipped (ctx->partial), or with STRICT fail the
 * file with nothing stored.  Returns 0, or -1 with ERR.
 */
int tickets_import_file(struct collect_ctx *ctx, const char *path, const char *encoding, int strict,
			struct strbuf *err);

/* import tickets FILE */
extern const struct importer tickets_importer;

#endif
