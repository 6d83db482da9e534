/* idpmetrics status, GitOps part: Argo CD syncs lost to the capped history, unmapped applications. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/status_gitops.h"
#include "store/row.h"
#include "util/termtext.h"
#include "util/timeutil.h"

int status_gitops(struct db *db, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "cli/status_argocd_lost", err);
	int rc, first = 1;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		char from[32], to[32];
		const char *app = row_text(st, "app"), *repo = row_text(st, "repo");
		int64_t lost = row_int(st, "lost", 0), t0 = row_time(st, "from_at");

		time_format_iso(row_int(st, "to_at", 0), to, sizeof(to));
		if (t0 != TIME_NONE)
			time_format_iso(t0, from, sizeof(from));
		if (first)
			printf("\n");
		first = 0;
		printf("argocd: %s (%s): %lld sync%s lost %s%s%s to %s: its history rolled past revisionHistoryLimit; "
		       "deployments of %s are undercounted (flagged incomplete)\n",
		       termtext_show(app), repo ? termtext_show(repo) : "unmapped", (long long)lost,
		       lost == 1 ? "" : "s", t0 != TIME_NONE ? "between collections, from " : "before the first collection",
		       t0 != TIME_NONE ? from : "", t0 != TIME_NONE ? "" : ", up", to,
		       repo ? termtext_show(repo) : "no service");
	}
	if (rc < 0 || !(st = db_stmt(db, "cli/status_argocd_unmapped", err)))
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		if (first)
			printf("\n");
		first = 0;
		printf("argocd: production application '%s' maps to no service: annotate its catalog component with "
		       "argocd/app-name, or list it under argocd.apps\n", termtext_show(row_text(st, "name")));
	}
	return rc < 0 ? -1 : 0;
}

int status_gitops_unmapped(struct db *db, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "cli/status_argocd_unmapped", err);
	int rc, n = 0;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0)
		printf("%s%s", n++ ? ", " : "\nArgo CD production applications that map to no service (their syncs count "
					    "nowhere; annotate the catalog component with argocd/app-name or set "
					    "argocd.apps):\n  ",
		       termtext_show(row_text(st, "name")));
	if (n)
		printf("\n");
	return rc < 0 ? -1 : 0;
}
