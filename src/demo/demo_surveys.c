/*
 * Demo data: quarterly developer surveys whose NPS climbs from about -5 to about +35 (English and Korean
 * comments), onboarding records that get shorter, and infrastructure tickets that get fewer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "store/imports.h"
#include "util/hashkey.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Share of each team that answered, per demo quarter (oldest first): the second is under 70 %. */
static const double response_rates[DEMO_QUARTERS] = { 0.81, 0.62, 0.79, 0.85, 0.88 };

/* Complaints per theme of docs/demo.yaml (build, docs, onboarding, environments, speed), English and Korean. */
static const char *const complaints[][4] = {
	{ "CI builds take forever and break for reasons nobody understands.",
	  "The build pipeline is flaky; I re-run it three times a day.",
	  "빌드가 너무 느리고 자주 실패합니다.",
	  "CI 파이프라인이 불안정해서 재실행을 반복해요." },
	{ "The docs are out of date, I had to ask on Slack for everything.",
	  "Documentation for the deploy templates is missing.",
	  "문서가 오래돼서 찾는 내용이 없어요.",
	  "플랫폼 문서에 예제가 부족합니다." },
	{ "Onboarding took me two weeks of setup before my first PR.",
	  "Local setup is painful, the onboarding guide skips half the steps.",
	  "온보딩 과정이 너무 길고 복잡했습니다.",
	  "신규 입사자 온보딩 자료가 흩어져 있어요." },
	{ "The staging environment is always broken.",
	  "We share one staging environment and keep stepping on each other.",
	  "스테이징 환경이 자주 깨집니다.",
	  "테스트 환경을 만들려면 티켓을 써야 해요." },
	{ "Everything is slow: waiting days for a database or a DNS record.",
	  "I spend more time waiting on tickets than writing code.",
	  "인프라 요청 대기 시간이 너무 길어요.",
	  "배포가 느려서 하루를 기다립니다." },
};
/* How much each theme bothers people at the start and at the end of the story. */
static const double theme_weight_start[] = { 5, 2, 3, 2, 4 };
static const double theme_weight_end[] = { 1, 3, 1, 3, 1 };

static const char *const praise[] = {
	"The golden path templates save me days on every new service.",
	"Builds are much faster since the move to the shared CI workflows.",
	"Self-service environments are great, no more tickets.",
	"골든 패스 템플릿 덕분에 새 서비스를 몇 분 만에 만들었어요.",
	"빌드 속도가 많이 좋아졌습니다. 감사합니다!",
	"Backstage makes it easy to find who owns what.",
};

static const char *const infra_labels[] = { "infra", "platform-request", "access" };
static const char *const other_labels[] = { "feature", "bug", "tech-debt" };

static int team_by_people(struct demo_org *org)
{
	double w[DEMO_TEAMS];

	for (int i = 0; i < DEMO_TEAMS; i++)
		w[i] = org->teams[i].people;
	return (int)rng_weighted(&org->rng, w, DEMO_TEAMS);
}

static int make_salt(struct demo_org *org, struct db *db, char salt[HASHKEY_LEN + 1], struct strbuf *err)
{
	for (int i = 0; i < HASHKEY_LEN / 16; i++)
		snprintf(salt + 16 * i, 17, "%016llx", (unsigned long long)rng_next(&org->rng));
	return store_privacy_salt_set(db, salt, org->now, err);
}

static char *comment_for(struct demo_org *org, int score, double progress)
{
	struct rng *r = &org->rng;
	double w[5];
	int theme, korean = rng_chance(r, 0.35), k;

	if (score >= 9 || (score >= 7 && rng_chance(r, 0.4)))
		return xstrdup(praise[rng_range(r, 0, 5)]);
	for (int i = 0; i < 5; i++)
		w[i] = theme_weight_start[i] + (theme_weight_end[i] - theme_weight_start[i]) * progress;
	theme = (int)rng_weighted(r, w, 5);
	k = (int)rng_range(r, 0, 1) + (korean ? 2 : 0);
	if (rng_chance(r, 0.2)) {
		/* a second complaint on its own line */
		int other = (int)rng_weighted(r, w, 5);

		if (other != theme)
			return xasprintf("%s\n%s", complaints[theme][k], complaints[other][korean ? 2 : 0]);
	}
	return xstrdup(complaints[theme][k]);
}

/* Scores for K respondents of a team whose NPS should be about TARGET, shuffled. */
static void scores_for(struct demo_org *org, int k, double target, int *scores)
{
	double passive = 0.30, p = (1 - passive + target / 100) / 2, d = (1 - passive - target / 100) / 2;
	int np, nd;

	p = p < 0.02 ? 0.02 : p;
	d = d < 0.02 ? 0.02 : d;
	np = (int)lround(k * p);
	nd = (int)lround(k * d);
	if (np + nd > k)
		nd = k - np;
	for (int i = 0; i < k; i++) {
		if (i < np)
			scores[i] = rng_chance(&org->rng, 0.55) ? 9 : 10;
		else if (i < np + nd)
			scores[i] = (int)(6 - (rng_range(&org->rng, 0, 6) * rng_range(&org->rng, 0, 6)) / 6);
		else
			scores[i] = rng_chance(&org->rng, 0.5) ? 7 : 8;
	}
	for (int i = k - 1; i > 0; i--) {
		int j = (int)rng_range(&org->rng, 0, i), t = scores[i];

		scores[i] = scores[j];
		scores[j] = t;
	}
}

static int surveys(struct demo_org *org, struct db *db, const char *salt, struct strbuf *err)
{
	for (int q = 0; q < DEMO_QUARTERS; q++) {
		/* The survey runs for two weeks from day 35 of each quarter. */
		int64_t open = org->quarters[q].start + 35 * 86400LL, close = open + 14 * 86400LL;
		double progress = demo_progress(org, open + 7 * 86400LL);
		double base = -9 + 44 * progress;

		if (close > org->now)
			close = org->now;
		if (open >= close)
			continue;
		for (int t = 0; t < DEMO_TEAMS; t++) {
			const struct demo_team *team = &org->teams[t];
			double target = base + (team->maturity - 0.625) * 50;
			int k = (int)lround(team->people * response_rates[q] * (0.92 + 0.16 * rng_uniform(&org->rng)));
			int scores[64];

			k = k > team->people ? team->people : k;
			/* In the low-turnout quarter the smallest team was mostly away: too few answers to show. */
			if (response_rates[q] < 0.7 && team->people <= 8)
				k = k < 4 ? k : 4;
			scores_for(org, k, target, scores);
			for (int i = 0; i < k; i++) {
				char id[64], key[HASHKEY_LEN + 1], *comment = NULL;
				const char *parts[3] = { "survey", "demo", id };
				double cp = scores[i] <= 6 ? 0.75 : scores[i] <= 8 ? 0.45 : 0.35;
				struct survey_response_rec rec;
				enum store_put what;
				int rc;

				snprintf(id, sizeof(id), "%s-%s-%d", org->quarters[q].label, team->name, i);
				hashkey_make(salt, parts, 3, key);
				if (rng_chance(&org->rng, cp))
					comment = comment_for(org, scores[i], progress);
				memset(&rec, 0, sizeof(rec));
				rec.key = key;
				rec.format = "demo";
				rec.responded_at = rng_range(&org->rng, open, close - 1);
				rec.score = scores[i];
				rec.team = team->name;
				rec.comment = comment;
				rc = store_survey_response_put(db, &rec, org->now, &what, err);
				free(comment);
				if (rc)
					return -1;
			}
		}
	}
	return 0;
}

static int onboarding(struct demo_org *org, struct db *db, const char *salt, struct strbuf *err)
{
	int person = 0;

	for (int q = 0; q < DEMO_QUARTERS; q++) {
		int hires = 4 + q;

		for (int h = 0; h < hires; h++) {
			const struct period *p = &org->quarters[q];
			int64_t start = rng_range(&org->rng, p->start, p->end - 86400), productive;
			double median = exp(log(18.0) + (log(3.5) - log(18.0)) * demo_progress(org, start));
			int days = (int)lround(rng_lognormal(&org->rng, median, 0.45));
			char name[32], key[HASHKEY_LEN + 1], sd[16], pd[16];
			const char *parts[2] = { "person", name };
			struct onboarding_rec rec;
			enum store_put what;

			if (start >= org->now)
				continue;
			snprintf(name, sizeof(name), "new-hire-%d", ++person);
			hashkey_make(salt, parts, 2, key);
			productive = start + days * 86400LL;
			time_format_date(start, org->pcfg->tz, sd, sizeof(sd));
			time_format_date(productive, org->pcfg->tz, pd, sizeof(pd));
			memset(&rec, 0, sizeof(rec));
			rec.person_key = key;
			rec.team = org->teams[team_by_people(org)].name;
			rec.start_date = sd;
			rec.productive_date = productive <= org->now ? pd : NULL;
			rec.days = days;
			if (store_onboarding_put(db, &rec, org->now, &what, err))
				return -1;
		}
	}
	return 0;
}

static int tickets(struct demo_org *org, struct db *db, struct strbuf *err)
{
	int seq = 100;
	int64_t day = 86400;

	for (int64_t t0 = org->start; t0 < org->now; t0 += 30 * day) {
		double progress = demo_progress(org, t0);
		int infra = (int)lround(44 - 32 * progress + 1.5 * rng_normal(&org->rng));
		int other = (int)rng_range(&org->rng, 12, 24);

		for (int i = 0; i < infra + other; i++) {
			int64_t created = rng_range(&org->rng, t0, t0 + 30 * day - 1), resolved;
			char key[32], labels[64], components[64];
			struct ticket_rec rec;
			enum store_put what;

			if (created >= org->now)
				continue;
			snprintf(key, sizeof(key), "OPS-%d", seq++);
			if (i < infra) {
				snprintf(labels, sizeof(labels), "[\"%s\"]", infra_labels[rng_range(&org->rng, 0, 2)]);
				snprintf(components, sizeof(components), "%s",
					 rng_chance(&org->rng, 0.5) ? "[\"Infrastructure\"]" : "[]");
			} else {
				snprintf(labels, sizeof(labels), "[\"%s\"]", other_labels[rng_range(&org->rng, 0, 2)]);
				snprintf(components, sizeof(components), "[]");
			}
			resolved = created + (int64_t)(rng_lognormal(&org->rng, 3 - 2 * progress, 0.8) * (double)day);
			memset(&rec, 0, sizeof(rec));
			rec.issue_key = key;
			rec.created_at = created;
			rec.resolved_at = resolved <= org->now ? resolved : TIME_NONE;
			rec.team = org->teams[team_by_people(org)].name;
			rec.labels = labels;
			rec.components = components;
			if (store_ticket_put(db, &rec, org->now, &what, err))
				return -1;
		}
	}
	return 0;
}

static int generate(struct demo_org *org, struct db *db, struct strbuf *err)
{
	char salt[HASHKEY_LEN + 1];

	if (make_salt(org, db, salt, err) || surveys(org, db, salt, err) || onboarding(org, db, salt, err) ||
	    tickets(org, db, err))
		return -1;
	return 0;
}

const struct demo_generator demo_surveys = { "surveys", generate, { 7315, 1, 0, 0 } };
