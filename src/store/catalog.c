/* The Backstage catalog snapshot in the database: replaced as a whole, never merged. */
#include <stdio.h>

#include "store/catalog.h"
#include "store/runs.h"

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
		*components = db_col_int(st, 0, 0);
		*groups = db_col_int(st, 1, 0);
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}
