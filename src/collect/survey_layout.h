/* Which column of a survey export is what: the tool's own columns, score, team, comments, time zone. */
#ifndef IDPM_SURVEY_LAYOUT_H
#define IDPM_SURVEY_LAYOUT_H

#include <glib.h>

#include "collect/survey_columns.h"
#include "collect/survey_formats.h"
#include "util/csv.h"

/* The columns of one export; -1 = absent.  Owned; release with survey_layout_release(). */
struct survey_layout {
	enum survey_format format;
	struct survey_header h;
	int ts_col, id_col, status_col, finished_col, type_col, score_col, team_col;
	int *comment_cols;
	size_t ncomment;
	size_t nguessed;               /* the first NGUESSED comment columns were guessed from header words */
	struct survey_text_profile *profile; /* per guessed column, while the data is profiled */
	GTimeZone *tz;                 /* zone of the time column when it has no offset (owned) */
	enum datetext_order order;
	unsigned char *used;           /* columns that are metadata or already assigned */
	unsigned char *personal;       /* columns holding who answered */
};

/* What the answers of one guessed comment column look like. */
struct survey_text_profile {
	size_t nonempty, bytes;
	GHashTable *distinct;  /* the different answers seen (counting stops at a bound) */
};

/* Prepare the used/personal marks once L->format and L->h are set. */
void survey_layout_init(struct survey_layout *L);
void survey_layout_release(struct survey_layout *L);

/*
 * Assign every role for the export NAME under options O: the tool's id, time,
 * status and finished columns, then the configured (or guessed) score, team and
 * comment columns, and the time zone of the time column.  *DESC gets a line
 * saying which columns were used (caller frees).  Returns 0, or -1 with
 * "NAME: message" in ERR (no score column, an ambiguous name, personal data).
 */
int survey_layout_columns(const char *name, const struct survey_opts *o, struct survey_layout *L, char **desc,
			  struct strbuf *err);

/* Note what REC holds in each guessed comment column (call for every data row when L->nguessed). */
void survey_layout_profile_row(struct survey_layout *L, const struct csv_record *rec);
/*
 * After profiling: drop the guessed comment columns whose answers are a choice, not free text
 * (a multiple-choice or matrix question whose wording says "why" or "feedback": at least 4
 * answers, at most half of them different, short), and rewrite *DESC (freed and replaced).
 */
void survey_layout_keep_free_text(struct survey_layout *L, char **desc);

#endif
