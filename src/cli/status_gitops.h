/* idpmetrics status, GitOps part: Argo CD syncs lost to the capped history, unmapped applications. */
#ifndef IDPM_STATUS_GITOPS_H
#define IDPM_STATUS_GITOPS_H

#include "store/db.h"

/* Print lost syncs and unmapped production applications (nothing when there are none).  -1 with ERR. */
int status_gitops(struct db *db, struct strbuf *err);

/* teams: print the production Argo CD applications that map to no team's service (nothing when none).  -1 with ERR. */
int status_gitops_unmapped(struct db *db, struct strbuf *err);

#endif
