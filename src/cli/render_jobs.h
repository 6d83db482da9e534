/* Render a report's formats side by side in child processes. */
#ifndef IDPM_RENDER_JOBS_H
#define IDPM_RENDER_JOBS_H

#include <stddef.h>

#include "render/renderers.h"

/* Called once per failed format, in the order of the list given to render_jobs_run(). */
typedef void render_jobs_failure_fn(void *arg, const struct renderer *r, const char *why);

/*
 * Render the N formats RS of M into o->out_dir, each in a child process
 * (forked after M was built, so M is shared copy-on-write and the children
 * never touch the database), at most JOBS at a time, the costliest first.
 * A format whose process cannot be started is rendered in this process.
 * Every file is written whole or not at all by its renderer, so the outputs
 * are the same as rendering one format after the other.  FAIL receives each
 * failure (the renderer's message, or how its process ended).  STARTED (may
 * be NULL) is called once every format is started or done: from then on M
 * is not read here and may be released (the children have their own copy).
 * ARG goes to FAIL and STARTED.  Returns 0, or
 * -1 when a format failed.  Call from cli/ only: it forks and waits.
 */
int render_jobs_run(const struct renderer *const *rs, size_t n, const struct report_model *m,
		    const struct render_opts *o, unsigned jobs, render_jobs_failure_fn *fail,
		    void (*started)(void *arg), void *arg);

#endif
