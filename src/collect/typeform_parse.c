/* Typeform API answers, pure: the form definition (which question is the 0-10 one) and pages of responses. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/typeform_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Every field of FIELDS, groups flattened, in form order, appended to *V. */
static void flatten(const json_t *fields, const json_t ***v, size_t *n, size_t *alloc, int depth)
{
	const json_t *f;
	size_t i;

	json_array_foreach(fields, i, f) {
		if (!json_is_object(f))
			continue;
		XGROW(*v, *alloc, *n + 1);
		(*v)[(*n)++] = f;
		if (depth < 4)
			flatten(json_path(f, "properties.fields"), v, n, alloc, depth + 1);
	}
}

static int is_type(const json_t *f, const char *type)
{
	const char *t = json_str(f, "type");

	return t && !strcmp(t, type);
}

/* An 11-step opinion scale that starts at 0. */
static int is_zero_to_ten(const json_t *f)
{
	const json_t *p = json_object_get(f, "properties");
	int64_t steps;

	return is_type(f, "opinion_scale") && !json_int(p, "steps", &steps) && steps == 11 &&
	       !json_bool(p, "start_at_one", 0);
}

static const char *ref_of(const json_t *f)
{
	return json_str(f, "ref");
}

static const json_t *by_ref(const json_t *const *v, size_t n, const char *ref)
{
	for (size_t i = 0; i < n; i++)
		if (ref_of(v[i]) && !strcmp(ref_of(v[i]), ref))
			return v[i];
	return NULL;
}

/* "ref (0-5), ref (1-10)": the scales a form has, for the message when none is 0-10. */
static void describe_scales(const json_t *const *v, size_t n, struct strbuf *sb)
{
	size_t shown = 0;

	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_object_get(v[i], "properties");
		int64_t steps = 0;
		int one;

		if (!is_type(v[i], "opinion_scale") && !is_type(v[i], "rating"))
			continue;
		one = json_bool(p, "start_at_one", 0);
		json_int(p, "steps", &steps);
		strbuf_addf(sb, "%s%s %s (%d-%lld)", shown++ ? ", " : "", json_str(v[i], "type"),
			    ref_of(v[i]) ? ref_of(v[i]) : json_str(v[i], "id") ? json_str(v[i], "id") : "?",
			    is_type(v[i], "rating") ? 1 : one, (long long)(steps - 1 + (is_type(v[i], "rating") ? 1 : one)));
	}
	if (!shown)
		strbuf_addstr(sb, "none");
}

static int find_score(const json_t *const *v, size_t n, const char *url, const char *score_ref,
		      struct typeform_form *out, struct strbuf *err)
{
	const json_t *f = NULL;

	if (score_ref && *score_ref) {
		f = by_ref(v, n, score_ref);
		if (!f) {
			strbuf_addf(err, "%s: the form has no question with ref '%s' (score_field)", url, score_ref);
			return -1;
		}
		if (!is_type(f, "nps") && !is_zero_to_ten(f)) {
			strbuf_addf(err, "%s: question '%s' is a %s, not a 0-10 question (an nps field or an 11-step "
					 "opinion_scale starting at 0)", url, score_ref, json_str(f, "type") ? json_str(f, "type") : "?");
			return -1;
		}
	}
	for (size_t i = 0; !f && i < n; i++)
		if (is_type(v[i], "nps"))
			f = v[i];
	for (size_t i = 0; !f && i < n; i++)
		if (is_zero_to_ten(v[i]))
			f = v[i];
	if (!f || !json_str(f, "id")) {
		strbuf_addf(err, "%s: the form has no 0-10 question (an nps field, or an opinion_scale with 11 steps "
				 "starting at 0); its scales: ", url);
		describe_scales(v, n, err);
		return -1;
	}
	out->score_id = xstrdup(json_str(f, "id"));
	out->score_ref = ref_of(f) ? xstrdup(ref_of(f)) : NULL;
	out->score_min = 0;
	out->score_max = 10;
	return 0;
}

static void add_comment(struct typeform_form *out, const char *id)
{
	out->comment_ids = xrealloc(out->comment_ids, (out->ncomment + 1) * sizeof(*out->comment_ids));
	out->comment_ids[out->ncomment++] = xstrdup(id);
}

int typeform_parse_form(const json_t *doc, const char *url, const char *score_ref, const char *const *comment_refs,
			size_t n, const char *team_field, struct typeform_form *out, struct strbuf *err)
{
	const json_t **v = NULL, *h;
	size_t nv = 0, alloc = 0, i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(doc) || !json_is_array(json_object_get(doc, "fields"))) {
		strbuf_addf(err, "%s: not a Typeform form definition (no 'fields' list)", url);
		goto out;
	}
	out->title = json_str(doc, "title") ? xstrdup(json_str(doc, "title")) : NULL;
	flatten(json_object_get(doc, "fields"), &v, &nv, &alloc, 0);
	if (find_score(v, nv, url, score_ref, out, err))
		goto out;
	for (size_t k = 0; k < n; k++) {
		const json_t *f = by_ref(v, nv, comment_refs[k]);

		if (!f || !json_str(f, "id")) {
			strbuf_addf(err, "%s: the form has no question with ref '%s' (comment_fields)", url, comment_refs[k]);
			goto out;
		}
		add_comment(out, json_str(f, "id"));
	}
	for (size_t k = 0; !n && k < nv; k++)
		if (is_type(v[k], "long_text") && json_str(v[k], "id"))
			add_comment(out, json_str(v[k], "id"));
	if (team_field && *team_field) {
		const json_t *f = by_ref(v, nv, team_field);

		json_array_foreach(json_object_get(doc, "hidden"), i, h)
			if (json_is_string(h) && !strcmp(json_string_value(h), team_field))
				out->team_hidden = xstrdup(team_field);
		if (!out->team_hidden && f && json_str(f, "id"))
			out->team_id = xstrdup(json_str(f, "id"));
		if (!out->team_hidden && !out->team_id) {
			strbuf_addf(err, "%s: team_field '%s' is neither a hidden field of the form nor a question ref", url,
				    team_field);
			goto out;
		}
	}
	ret = 0;
out:
	free(v);
	return ret;
}

void typeform_form_release(struct typeform_form *f)
{
	free(f->title);
	free(f->score_id);
	free(f->score_ref);
	for (size_t i = 0; i < f->ncomment; i++)
		free(f->comment_ids[i]);
	free(f->comment_ids);
	free(f->team_hidden);
	free(f->team_id);
	memset(f, 0, sizeof(*f));
}

int64_t typeform_time(const char *s)
{
	int64_t t;

	if (!s || !strncmp(s, "0001-", 5) || time_parse_iso(s, NULL, &t) || t <= 0)
		return TIME_NONE;
	return t;
}

/* The text of an answer: text, a choice's label, several labels joined, a number as text. */
static char *answer_text(const json_t *a)
{
	const char *type = json_str(a, "type");
	const json_t *labels, *l;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!type)
		return NULL;
	if (!strcmp(type, "text") || !strcmp(type, "choice"))
		return json_str(a, "text") ? xstrdup(json_str(a, "text"))
		       : json_str(json_object_get(a, "choice"), "label") ? xstrdup(json_str(json_object_get(a, "choice"), "label"))
		       : NULL;
	if (!strcmp(type, "choices")) {
		labels = json_path(a, "choices.labels");
		json_array_foreach(labels, i, l)
			if (json_is_string(l))
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", json_string_value(l));
		return sb.len ? strbuf_detach(&sb, NULL) : (strbuf_release(&sb), NULL);
	}
	return NULL; /* e-mail, phone, URL, file, date answers are never taken */
}

static const char *field_id(const json_t *a)
{
	return json_str(json_object_get(a, "field"), "id");
}

static void read_item(struct typeform_page *p, const struct typeform_form *form, const json_t *item)
{
	const json_t *answers = json_object_get(item, "answers"), *a;
	const char *token = json_str(item, "token");
	struct typeform_response *r;
	struct strbuf comment = STRBUF_INIT;
	int64_t submitted = typeform_time(json_str(item, "submitted_at"));
	double score = NAN;
	char *team = NULL;
	size_t i;

	if (submitted == TIME_NONE || json_is_null(answers) || !answers) {
		p->unfinished++;
		return;
	}
	if (!token || !*token) {
		p->bad++;
		return;
	}
	json_array_foreach(answers, i, a) {
		const char *id = field_id(a);

		if (!id)
			continue;
		if (!strcmp(id, form->score_id) && json_is_number(json_object_get(a, "number")))
			score = json_number_value(json_object_get(a, "number"));
		if (form->team_id && !strcmp(id, form->team_id) && !team)
			team = answer_text(a);
		for (size_t k = 0; k < form->ncomment; k++) {
			char *t;

			if (strcmp(id, form->comment_ids[k]) || !(t = answer_text(a)))
				continue;
			g_strstrip(t);
			if (*t)
				strbuf_addf(&comment, "%s%s", comment.len ? "\n\n" : "", t);
			free(t);
		}
	}
	if (form->team_hidden && !team && json_str(json_object_get(item, "hidden"), form->team_hidden))
		team = xstrdup(json_str(json_object_get(item, "hidden"), form->team_hidden));
	if (isnan(score)) {
		p->no_score++;
	} else if (score != floor(score) || score < form->score_min || score > form->score_max) {
		p->bad++;
	} else {
		XGROW(p->v, p->alloc, p->n + 1);
		r = &p->v[p->n++];
		r->token = xstrdup(token);
		r->submitted = submitted;
		r->score = (int)score;
		if (team)
			g_strstrip(team);
		r->team = team && *team ? team : (free(team), NULL);
		team = NULL;
		r->comment = comment.len ? strbuf_detach(&comment, NULL) : NULL;
	}
	free(team);
	strbuf_release(&comment);
}

int typeform_parse_responses(const json_t *doc, const char *url, const struct typeform_form *form,
			     struct typeform_page *out, struct strbuf *err)
{
	const json_t *items = json_object_get(doc, "items"), *item;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(doc) || (!json_is_array(items) && !json_is_null(items))) {
		strbuf_addf(err, "%s: not a page of Typeform responses (no 'items' list)", url);
		return -1;
	}
	if (json_int(doc, "total_items", &out->total_items))
		out->total_items = -1;
	if (json_int(doc, "page_count", &out->page_count))
		out->page_count = -1;
	json_array_foreach(items, i, item) {
		const char *token = json_str(item, "token");

		out->items++;
		if (token && *token) {
			free(out->last_token);
			out->last_token = xstrdup(token);
		}
		if (json_is_object(item))
			read_item(out, form, item);
		else
			out->bad++;
	}
	return 0;
}

void typeform_page_release(struct typeform_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].token);
		free(p->v[i].team);
		free(p->v[i].comment);
	}
	free(p->v);
	free(p->last_token);
	memset(p, 0, sizeof(*p));
}
