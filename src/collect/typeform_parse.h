/* Typeform API answers, pure: the form definition (which question is the 0-10 one) and pages of responses. */
#ifndef IDPM_TYPEFORM_PARSE_H
#define IDPM_TYPEFORM_PARSE_H

#include <jansson.h>
#include <stdint.h>

#include "util/strbuf.h"

/* What of a form the survey needs; strings owned. */
struct typeform_form {
	char *title;               /* the form's title, for messages */
	char *score_id;            /* field id of the 0-10 question (answers are matched on id) */
	char *score_ref;           /* its ref, or NULL */
	int score_min, score_max;  /* 0 and 10 */
	char **comment_ids;        /* field ids whose text answers are the comment */
	size_t ncomment;
	char *team_hidden;         /* team_field names a hidden field: responses' hidden[NAME] */
	char *team_id;             /* team_field names a question: its field id */
};

/* One submitted response as stored: no name, e-mail, IP or other answer leaves the parser. */
struct typeform_response {
	char *token;               /* the response token (the CSV export's "#") */
	int64_t submitted;         /* Unix seconds */
	int score;
	char *team;                /* NULL when none */
	char *comment;             /* the comment answers joined by blank lines; NULL when none */
};

struct typeform_page {
	struct typeform_response *v;
	size_t n, alloc;
	size_t items;              /* items in the page, whatever they were */
	size_t unfinished;         /* never submitted (submitted_at 0001-01-01, answers null) */
	size_t no_score;           /* submitted without an answer to the 0-10 question */
	size_t bad;                /* a score outside the scale, or no token */
	char *last_token;          /* token of the page's last item (the next page is before it), or NULL */
	int64_t total_items, page_count; /* -1 when absent */
};

/*
 * Read form DOC (GET /forms/{id}) of URL.  The 0-10 question is the field whose ref is
 * SCORE_REF when given, else the first "nps" field, else the first "opinion_scale" with 11
 * steps that does not start at one (fields inside groups count).  Comments are the fields
 * whose refs are in COMMENT_REFS (N of them), else every long_text field.  TEAM_FIELD (may be
 * NULL) is a hidden field name or a question ref.  Returns 0, or -1 with "URL: ..." in ERR
 * saying what is missing and which scales the form has.  Release OUT in any case.  Pure.
 */
int typeform_parse_form(const json_t *doc, const char *url, const char *score_ref, const char *const *comment_refs,
			size_t n, const char *team_field, struct typeform_form *out, struct strbuf *err);
void typeform_form_release(struct typeform_form *f);

/*
 * Read a page of responses DOC ({"total_items","page_count","items":[...]}) of URL with FORM.
 * Unsubmitted responses are counted, not returned.  Returns 0, or -1 with "URL: ..." in ERR when
 * DOC is not such a page.  Release OUT in any case.  Pure.
 */
int typeform_parse_responses(const json_t *doc, const char *url, const struct typeform_form *form,
			     struct typeform_page *out, struct strbuf *err);
void typeform_page_release(struct typeform_page *p);

/* A Typeform time ("2017-09-14T22:38:22Z"); TIME_NONE when absent, unreadable or the zero date 0001-01-01. */
int64_t typeform_time(const char *s);

#endif
