/* Imports: the registry of file imports (survey, onboarding, tickets) with their typed arguments. */
#ifndef IDPM_IMPORTERS_H
#define IDPM_IMPORTERS_H

#include "collect/collectors.h"

struct survey_source;

/* What one 'import' reads; everything borrowed. */
struct import_args {
	const char *file;
	const char *encoding;                /* --encoding; NULL = the settings' or UTF-8 */
	int strict;                          /* a bad row fails the whole file */
	const struct survey_source *survey;  /* survey: the settings to read it with; else NULL */
};

struct importer {
	const char *name;           /* the word after 'import': survey, onboarding, tickets */
	const char *source;         /* what collection_runs records it as: surveys, onboarding, tickets */
	const char *usage;          /* the arguments after the name, for help */
	const char *summary;        /* one line for help */
	/*
	 * Read ARGS->file into ctx->db in one transaction (a file is the unit).
	 * Bad rows are warned about and skipped (ctx->partial, ctx->partial_fails),
	 * or with ARGS->strict fail the file.  Returns 0, or -1 with ERR.
	 */
	int (*run)(struct collect_ctx *ctx, const struct import_args *args, struct strbuf *err);
	/* as in struct collector: may be NULL */
	const char *status_rows;
	const char *oldest_data;
	const struct ckey *config;
};

/* The registry, NULL-terminated (collect/collectors.c). */
extern const struct importer *const importers[];

/* The importer named NAME, or NULL. */
const struct importer *importer_find(const char *name);

/*
 * Run IM on ARGS with a collection_runs row around it, as collect_source()
 * does for a collector.  Returns 0 when the import succeeded (even
 * partially), -1 with ERR otherwise.
 */
int import_source(const struct importer *im, const struct import_args *args, struct collect_ctx *ctx,
		  struct strbuf *err);

#endif
