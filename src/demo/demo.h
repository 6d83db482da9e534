/* The built-in demo organisation: a deterministic synthetic company whose platform improves each quarter. */
#ifndef IDPM_DEMO_H
#define IDPM_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/config.h"
#include "util/log.h"
#include "util/period.h"
#include "util/rng.h"

#define DEMO_ORG "acme"
#define DEMO_TEAMS 8
#define DEMO_QUARTERS 5   /* four complete quarters and the current one */

struct demo_team {
	const char *name;       /* catalog group name, e.g. "payments" */
	const char *title;      /* display name */
	int people;             /* engineers in the team */
	double maturity;        /* 0..1: how far ahead the team is on the platform */
};

struct demo_repo {
	char name[64];          /* repository name inside DEMO_ORG */
	int team;               /* index into teams */
	int64_t created_at;
	int64_t pushed_at;      /* latest push (as of now) */
	int archived, fork, is_template;
	int deployable;         /* has a production deployment workflow */
	int64_t golden_since;   /* when its CI moved to the golden path; TIME_NONE = never */
	int via_scaffolder;     /* created by a scaffolder task */
	const char *language;
};

struct demo_org {
	const struct config *cfg;
	const struct period_cfg *pcfg;
	struct log *log;
	int64_t now;
	struct period quarters[DEMO_QUARTERS]; /* oldest first; the last contains now */
	int64_t start;                         /* start of the oldest quarter */
	struct demo_team teams[DEMO_TEAMS];
	struct demo_repo *repos;
	size_t nrepos;
	struct rng rng;                        /* shared stream; generators run in a fixed order */
};

/* Progress in [0, 1] of time T through the demo span: drives the "improving platform" story. */
double demo_progress(const struct demo_org *org, int64_t t);

/* Last night's collection run of a source, as the demo records it (all zero: none recorded). */
struct demo_night {
	int64_t offset;         /* seconds after midnight UTC it started */
	int64_t seconds;        /* how long it took */
	int64_t requests, not_modified;
};

/*
 * One kind of synthetic data, written through the same store functions the
 * collectors use.  A source lists its generators in its registry entry
 * (struct collector's demo); the first one's NIGHT is the source's last run.
 */
struct demo_generator {
	const char *name;
	int (*generate)(struct demo_org *org, struct db *db, struct strbuf *err);
	struct demo_night night;
};

/* A generator that writes nothing: the first of a source whose data comes in a later round (its night). */
int demo_noop(struct demo_org *org, struct db *db, struct strbuf *err);

/*
 * Build the organisation for NOW and write the data of every registered
 * source's generators into DB (one transaction), in rounds: every source's
 * first generator in registry order, then every source's second...  Deterministic: the same NOW gives the same rows.  0 or -1 with ERR.
 */
int demo_build(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, int64_t now, struct log *log,
	       struct strbuf *err);

#endif
