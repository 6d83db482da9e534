/* Survey exports: tell the tool from the header, find the score/comment/team/time columns, read the responses. */
#ifndef IDPM_SURVEY_FORMATS_H
#define IDPM_SURVEY_FORMATS_H

#include <glib.h>
#include <stddef.h>

#include "util/csv.h"
#include <stdint.h>

#include "util/datetext.h"
#include "util/hashkey.h"
#include "util/strbuf.h"

enum survey_format {
	SURVEY_AUTO = 0,          /* detect from the header */
	SURVEY_GOOGLE_FORMS,      /* Forms download or the linked Sheet's CSV: Timestamp (localised) first */
	SURVEY_TYPEFORM,          /* "#", ..., "Submit Date (UTC)" */
	SURVEY_SURVEYMONKEY,      /* two header rows, "Respondent ID,Collector ID,..." */
	SURVEY_QUALTRICS,         /* three header rows: export tags, labels, ImportId JSON */
	SURVEY_QUALTRICS_LEGACY,  /* two header rows: V1..V10 tags, then labels with ResponseID */
	SURVEY_MS_FORMS,          /* "ID,Start time,Completion time,..." (a CSV saved from the .xlsx) */
	SURVEY_GENERIC            /* any CSV: score_column and timestamp_column say where */
};

/* The configuration name of F ("google_forms"). */
const char *survey_format_name(enum survey_format f);
/* Parse a format name (as above, or "auto"); 0, or -1 when unknown. */
int survey_format_from_name(const char *name, enum survey_format *out);
/* "auto, google_forms, ..." for messages. */
extern const char survey_format_list[];

/* How to read one export; every pointer is borrowed for the call. */
struct survey_opts {
	enum survey_format format;         /* SURVEY_AUTO = detect */
	const char *score_column;          /* header text (substring, case-insensitive) or /regex/; NULL = find it */
	const char *const *comment_columns; /* same matching; none = columns that look like free-text questions */
	size_t ncomment;
	const char *team_column;           /* NULL = a column headed Team (or 팀) if any */
	const char *timestamp_column;      /* NULL = the tool's submission time column */
	const char *id_column;             /* NULL = the tool's response id column */
	GTimeZone *tz;                     /* zone of times that carry no offset (never NULL) */
	enum datetext_order date_order;    /* of numeric dates such as 3/4/2026 */
	int include_tests;                 /* keep Qualtrics preview/test/spam responses */
	const char *salt;                  /* privacy salt for the response keys */
};

/* One valid response: only what is stored. */
struct survey_row {
	char key[HASHKEY_LEN + 1];   /* salted hash of the response id, or of the row's cells */
	int score;                   /* 0..10 */
	char *team;                  /* NULL when none */
	char *comment;               /* NULL when none; line breaks are \n */
	int64_t responded_at;        /* Unix seconds */
	long line;                   /* where the response starts in the file */
};

struct survey_result {
	enum survey_format format;   /* as detected or forced */
	struct survey_row *rows;
	size_t n, alloc;
	struct csv_problems problems; /* rows skipped, with "FILE:LINE: why" for the first ones */
	size_t skipped_tests;        /* Qualtrics previews, tests and spam */
	size_t skipped_unfinished;   /* unfinished or partial responses */
	size_t skipped_blank;        /* empty lines */
	char *columns;               /* which columns were used, for the log */
};


/*
 * Read the survey export TEXT (LEN bytes of UTF-8, see csv_decode) of file
 * NAME with options O into OUT (which the caller releases with
 * survey_result_release, also after an error).  Rows that cannot be read are
 * counted and described in OUT->problems; the rest are returned.
 * Returns -1 with "NAME[:LINE]: message" in ERR when the file as a whole cannot
 * be read: broken CSV, unknown format, no score column, an ambiguous column, a
 * column that holds personal data, a 1-11 scale.  Pure: no I/O.
 */
int survey_parse(const char *name, const char *text, size_t len, const struct survey_opts *o,
		 struct survey_result *out, struct strbuf *err);
void survey_result_release(struct survey_result *r);

/*
 * Read a 0-10 score: "9", " 9 ", "9.0", "9 - Extremely likely".  Returns 0, or
 * -1 when S is empty (*WHY "empty"), not a number ("not a number") or outside 0-10.
 */
int survey_score_parse(const char *s, int *score, const char **why);

#endif
