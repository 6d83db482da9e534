/* Onboarding records from CSV: person, team, start date, first productive date; the person is only kept hashed. */
#ifndef IDPM_COLLECT_ONBOARDING_H
#define IDPM_COLLECT_ONBOARDING_H

#include <glib.h>
#include <stddef.h>

#include "util/csv.h"

#include "collect/collectors.h"
#include "collect/importers.h"
#include "util/datetext.h"
#include "util/hashkey.h"

struct onboarding_row {
	char key[HASHKEY_LEN + 1];   /* salted hash of the person (case-folded): never the name */
	char *team;                  /* NULL when none */
	char start_date[11];         /* YYYY-MM-DD in the zone given */
	char productive_date[11];    /* "" while the person is not productive yet */
	int days;                    /* productive - start, calendar days (0 when not productive yet) */
	long line;
};

struct onboarding_result {
	struct onboarding_row *rows;
	size_t n, alloc;
	struct csv_problems problems; /* rows skipped, with "FILE:LINE: why" for the first ones */
};

/*
 * Read onboarding CSV TEXT (UTF-8) of file NAME.  The header names the
 * columns (case-insensitive, English or Korean): person (person, name,
 * engineer, developer, employee, email, login, 이름 ...), team (optional),
 * start date (start, hire, joined, 입사 ...) and first productive date
 * (productive, first PR, first merged, first deploy, 첫 ...).  Dates are read
 * with datetext_parse in TZ with ORDER.  SALT keys the person hash.  Bad rows
 * go to OUT->problems.  Returns 0, or -1 with ERR for broken CSV or a missing
 * column.  OUT is released with onboarding_result_release() in any case.  Pure.
 */
int onboarding_parse(const char *name, const char *text, size_t len, GTimeZone *tz, enum datetext_order order,
		     const char *salt, struct onboarding_result *out, struct strbuf *err);
void onboarding_result_release(struct onboarding_result *r);

/*
 * Import PATH (decoded with ENCODING; dates in reporting.timezone) into the
 * onboarding records in one transaction; a person already stored is updated.
 * Bad rows are warned about and skipped (ctx->partial), or with STRICT fail
 * the file with nothing stored.  Returns 0, or -1 with ERR.
 */
int onboarding_import_file(struct collect_ctx *ctx, const char *path, const char *encoding, int strict,
			   struct strbuf *err);

/* import onboarding FILE */
extern const struct importer onboarding_importer;

#endif
