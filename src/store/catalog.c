/* The Backstage catalog snapshot in the database: replaced as a whole, never merged. */
#include <stdio.h>
#include <stdlib.h>

#include "store/catalog.h"
#include "store/row.h"
#include "store/runs.h"
#include "util/xalloc.h"

static int clear(struct db *db, const char *query, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, query, err);

	return st ? db_exec(db, st, err) : -1;
}

static int put_group(struct db *db, const struct catalog_entity *e, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/catalog_group_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":ref", e->ref);
	db_bind_text(st, ":namespace", e->ns);
	db_bind_text(st, ":name", e->name);
	db_bind_text(st, ":title", e->title);
	db_bind_text(st, ":type", e->type);
	db_bind_text(st, ":parent_ref", e->parent_ref);
	db_bind_int(st, ":members", e->members);
	db_bind_int(st, ":members_total", e->members_total);
	return db_exec(db, st, err);
}

static int put_component(struct db *db, const struct catalog_entity *e, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/catalog_component_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":ref", e->ref);
	db_bind_text(st, ":namespace", e->ns);
	db_bind_text(st, ":name", e->name);
	db_bind_text(st, ":title", e->title);
	db_bind_text(st, ":type", e->type);
	db_bind_text(st, ":lifecycle", e->lifecycle);
	db_bind_text(st, ":system", e->system);
	db_bind_text(st, ":owner_ref", e->owner_ref);
	db_bind_text(st, ":team_ref", e->team_ref);
	db_bind_text(st, ":repo", e->repo);
	db_bind_text(st, ":repo_from", e->repo_from);
	db_bind_text(st, ":source_template", e->source_template);
	db_bind_text(st, ":argocd_app", e->argocd_app);
	db_bind_text(st, ":argocd_selector", e->argocd_selector);
	db_bind_text(st, ":pagerduty_service", e->pagerduty_service);
	db_bind_text(st, ":tags", e->tags ? e->tags : "[]");
	db_bind_text(st, ":tier", e->tier);
	return db_exec(db, st, err);
}

static int put_template(struct db *db, const struct catalog_entity *e, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/catalog_template_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":ref", e->ref);
	db_bind_text(st, ":namespace", e->ns);
	db_bind_text(st, ":name", e->name);
	db_bind_text(st, ":title", e->title);
	db_bind_text(st, ":type", e->type);
	db_bind_text(st, ":owner_ref", e->owner_ref);
	return db_exec(db, st, err);
}

int store_catalog_replace(struct db *db, const struct catalog_set *set, int64_t now, int64_t *rows,
			  struct strbuf *err)
{
	char num[24], when[24];
	int64_t written = 0;

	if (clear(db, "store/catalog_clear_groups", err) || clear(db, "store/catalog_clear_components", err) ||
	    clear(db, "store/catalog_clear_templates", err))
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		const struct catalog_entity *e = &set->v[i];
		int rc = 0;

		switch (e->kind) {
		case CATALOG_GROUP: rc = put_group(db, e, err); break;
		case CATALOG_COMPONENT: rc = put_component(db, e, err); break;
		case CATALOG_TEMPLATE: rc = put_template(db, e, err); break;
		case CATALOG_USER: continue; /* counted, never stored: no names of people in the database */
		case CATALOG_OTHER: continue;
		}
		if (rc) {
			strbuf_addf(err, " (catalog entity '%s')", e->ref);
			return -1;
		}
		written++;
	}
	snprintf(num, sizeof(num), "%zu", catalog_set_count(set, CATALOG_USER));
	snprintf(when, sizeof(when), "%lld", (long long)now);
	if (store_state_set(db, "catalog", "users", num, now, err) ||
	    store_state_set(db, "catalog", "snapshot_at", when, now, err))
		return -1;
	if (rows)
		*rows += written;
	return 0;
}

int store_catalog_counts(struct db *db, int64_t *components, int64_t *groups, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/catalog_counts", err);
	int rc;

	*components = *groups = 0;
	if (!st)
		return -1;
	rc = db_step(db, st, err);
	if (rc > 0) {
		*components = row_int(st, "component_count", 0);
		*groups = row_int(st, "group_count", 0);
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int store_catalog_groups(struct db *db, struct catalog_group_info **out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "cli/teams_groups", err);
	struct catalog_group_info *v = NULL;
	size_t alloc = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		struct catalog_group_info *g;

		XGROW(v, alloc, count + 1);
		g = &v[count++];
		g->ns = dup_or_null(row_text(st, "namespace"));
		g->name = dup_or_null(row_text(st, "name"));
		g->title = dup_or_null(row_text(st, "title"));
		g->type = dup_or_null(row_text(st, "type"));
		g->members = row_int(st, "members", 0);
		g->members_total = row_int(st, "members_total", 0);
	}
	if (rc < 0) {
		store_catalog_groups_free(v, count);
		return -1;
	}
	*out = v;
	*n = count;
	return 0;
}

void store_catalog_groups_free(struct catalog_group_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].ns);
		free(v[i].name);
		free(v[i].title);
		free(v[i].type);
	}
	free(v);
}

int store_known_repos(struct db *db, struct known_repo **out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "cli/teams_repos", err);
	struct known_repo *v = NULL;
	size_t alloc = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(v, alloc, count + 1);
		v[count].repo = xstrdup(row_text(st, "repo") ? row_text(st, "repo") : "");
		v[count].in_github = (int)row_int(st, "in_github", 0);
		v[count].archived = (int)row_int(st, "archived", 0);
		count++;
	}
	if (rc < 0) {
		store_known_repos_free(v, count);
		return -1;
	}
	*out = v;
	*n = count;
	return 0;
}

void store_known_repos_free(struct known_repo *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].repo);
	free(v);
}
