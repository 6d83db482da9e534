/*
 * DORA incidents: issues labelled dora.incident_label (pull requests
 * excluded), read incrementally by their update time, with their opening
 * and closing times.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "collect/github_dora.h"
#include "collect/json.h"
#include "store/dora.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct issues_page {
	struct dora_run *r;
	const struct dora_repo *repo;
	int64_t newest;
	char *bad;
};

static int put_issue(struct issues_page *ip, json_t *item, struct strbuf *err)
{
	struct dora_run *r = ip->r;
	int64_t number, opened = json_time(item, "created_at"), closed = json_time(item, "closed_at");
	int64_t updated = json_time(item, "updated_at");
	const char *state = json_str(item, "state");

	if (json_int(item, "number", &number))
		return 0;
	if (updated != TIME_NONE && (ip->newest == TIME_NONE || updated > ip->newest))
		ip->newest = updated;
	/* The issues API lists pull requests too: they are not incidents. */
	if (json_object_get(item, "pull_request"))
		return store_dora_incident_delete(r->ctx->db, ip->repo->full_name, number, err);
	if (opened == TIME_NONE) {
		r->no_times++;
		return 0;
	}
	if (state && !strcmp(state, "open"))
		closed = TIME_NONE; /* reopened: closed_at may still name the earlier closing */
	r->incidents++;
	r->ctx->stats.rows++;
	return store_dora_incident_put(r->ctx->db, ip->repo->full_name, number, opened, closed,
				       updated != TIME_NONE ? updated : opened, err);
}

static int on_issues_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct issues_page *ip = data;
	struct db *db = ip->r->ctx->db;
	json_t *doc = json_parse_array(page->body, page->len, page->url, "issues", &ip->bad), *item;
	size_t i;
	int ret = -1;

	if (!doc)
		return 1;
	if (db_begin(db, err))
		goto out;
	json_array_foreach(doc, i, item) {
		if (put_issue(ip, item, err)) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db, err))
		goto out;
	ret = 0;
out:
	json_decref(doc);
	return ret;
}

int github_dora_issues(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err)
{
	struct issues_page ip;
	char *label = http_escape(r->cfg->dora.incident_label), since[32], *url = NULL;
	int64_t mark;
	long status = 0;
	int rc = GITHUB_FAILED;

	memset(&ip, 0, sizeof(ip));
	ip.r = r;
	ip.repo = repo;
	ip.newest = TIME_NONE;
	if (github_dora_mark_get(r, "issues", repo->full_name, NULL, &mark, err))
		goto out;
	/* since= is inclusive: the newest issue is read again, which keeps the URL (and its ETag) stable. */
	time_format_iso(mark == TIME_NONE || mark < r->horizon ? r->horizon : mark, since, sizeof(since));
	url = github_repo_url(r->gh, repo->full_name,
			      "/issues?labels=%s&state=all&sort=updated&direction=asc&since=%s&per_page=100", label, since);
	rc = github_get_pages(r->gh, url, 0, on_issues_page, &ip, &status, err);
	if (rc != GITHUB_OK)
		goto out;
	if (status == 404 || status == 410) {
		log_debug(r->ctx->log, "github: %s: %ld: issues are disabled", url, status);
		goto out;
	}
	if (ip.bad || status / 100 != 2) {
		if (ip.bad)
			strbuf_addstr(err, ip.bad);
		else
			strbuf_addf(err, "GET %s: unexpected status %ld", url, status);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	if (ip.newest != TIME_NONE && (mark == TIME_NONE || ip.newest > mark) &&
	    github_dora_mark_set(r, "issues", repo->full_name, NULL, ip.newest, err))
		rc = GITHUB_FAILED;
out:
	free(label);
	free(url);
	free(ip.bad);
	return rc;
}
