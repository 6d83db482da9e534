/* Progress bars on a terminal for long collections (the collectors' progress_fn hook). */
#ifndef IDPM_PROGRESS_H
#define IDPM_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

/* Milliseconds on a monotonic clock; replaceable so tests need no sleeping. */
typedef int64_t (*progress_clock_fn)(void);

struct progress {
	FILE *fp;                 /* the terminal (stderr) */
	int width;                /* columns */
	progress_clock_fn clock;  /* never NULL after progress_init */
	int delay_ms;             /* a source must run this long before a bar appears */
	int interval_ms;          /* at most one redraw per interval */
	char source[32];          /* the source being collected */
	int64_t begun_ms;         /* when the source started */
	int64_t drawn_ms;         /* last redraw; -1 = never */
	size_t shown;             /* columns of the line on screen; 0 = nothing shown */
};

/* Prepare P to draw on FP, WIDTH columns wide (0: ask the terminal, else 80). */
void progress_init(struct progress *p, FILE *fp, int width);

/* A source starts (NAME is copied): nothing is shown until it has run for delay_ms. */
void progress_begin(struct progress *p, const char *name);

/*
 * The progress_fn of struct collect_ctx (DATA is the struct progress):
 * WHAT done of TOTAL (0 = unknown).  Redraws at most every interval_ms, and
 * always when DONE reaches TOTAL.
 */
void progress_update(void *data, const char *what, int64_t done, int64_t total);

/* Erase the bar, if one is shown (DATA is the struct progress); used before every log line. */
void progress_clear(void *data);

/* The source is finished: erase the bar. */
void progress_end(struct progress *p);

#endif
