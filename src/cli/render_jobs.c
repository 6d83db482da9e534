/* Render a report's formats side by side: one child process per format, at most N at a time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/render_jobs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A child's error message travels through a pipe in one write: no longer than the pipe's atomic size. */
#define JOB_MSG_MAX 4000

struct job {
	const struct renderer *r;
	size_t order;            /* position in the caller's list */
	pid_t pid;               /* 0: not started or reaped */
	int fd;                  /* read end of the child's message pipe, -1 when closed */
	int failed;              /* the renderer (or its process) failed */
	struct strbuf msg;       /* why */
};

/* Renderers of dearer formats first, so the longest job starts at once. */
static int by_cost(const void *a, const void *b)
{
	const struct job *x = a, *y = b;

	if (x->r->cost != y->r->cost)
		return x->r->cost < y->r->cost ? 1 : -1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int by_order(const void *a, const void *b)
{
	const struct job *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* In the child: render, hand any error to the parent, and end without touching the parent's state. */
static void child(const struct job *j, const struct report_model *m, const struct render_opts *o, int wfd)
{
	struct strbuf err = STRBUF_INIT;
	int rc = j->r->render(m, o, &err);

	if (rc) {
		size_t n = err.len < JOB_MSG_MAX ? err.len : JOB_MSG_MAX;

		if (!n || write(wfd, err.buf, n) < 0)
			(void)!write(wfd, "failed", 6);
	}
	strbuf_release(&err);
	/*
	 * The font caches this process filled are freed only for a leak checker that follows every
	 * process (valgrind: the e2e harness sets IDPM_RELEASE_GLOBALS).  cairo's reset asserts that
	 * no font is alive anywhere, which a child forked from a process with font threads cannot
	 * promise: it aborted, rarely, after a complete render.  LeakSanitizer does not look at a
	 * child that ends with _exit().  Then no exit handlers, no stdio flush: the database and
	 * logs are the parent's.
	 */
	if (getenv("IDPM_RELEASE_GLOBALS"))
		render_release_globals();
	_exit(rc ? 1 : 0);
}

/* Start job J; on fork or pipe failure, render it here instead. */
static void start(struct job *j, const struct report_model *m, const struct render_opts *o)
{
	int p[2];

	if (pipe(p) == 0) {
		fflush(NULL);
		j->pid = fork();
		if (j->pid == 0) {
			close(p[0]);
			child(j, m, o, p[1]);
		}
		close(p[1]);
		if (j->pid > 0) {
			j->fd = p[0];
			return;
		}
		close(p[0]);
		j->pid = 0;
	}
	/* no process to be had: render in this one */
	j->failed = j->r->render(m, o, &j->msg) != 0;
}

/* Read what the child of J wrote, once it has ended, and note how it ended (STATUS from waitpid, -1 unknown). */
static void finish(struct job *j, int status)
{
	char buf[512];
	ssize_t n;

	while (j->fd >= 0 && ((n = read(j->fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0)
			strbuf_add(&j->msg, buf, (size_t)n);
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	j->pid = 0;
	if (status == -1) {
		j->failed = 1;
		strbuf_addstr(&j->msg, "the rendering process was lost (its end could not be waited for)");
	} else if (WIFSIGNALED(status)) {
		j->failed = 1;
		strbuf_reset(&j->msg);
		strbuf_addf(&j->msg, "the rendering process was killed by signal %d (%s)", WTERMSIG(status),
			    strsignal(WTERMSIG(status)));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		j->failed = 1;
		if (!j->msg.len)
			strbuf_addstr(&j->msg, "the rendering process failed");
	}
}

int render_jobs_run(const struct renderer *const *rs, size_t n, const struct report_model *m,
		    const struct render_opts *o, unsigned jobs, render_jobs_failure_fn *fail,
		    void (*started)(void *arg), void *arg)
{
	struct job *v = xcalloc(n + 1, sizeof(*v));
	size_t next = 0, running = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		v[i].r = rs[i];
		v[i].order = i;
		v[i].fd = -1;
		strbuf_init(&v[i].msg, 0);
	}
	qsort(v, n, sizeof(*v), by_cost);
	if (!jobs)
		jobs = 1;
	while (next < n || running) {
		pid_t pid;
		int status;

		while (next < n && running < jobs) {
			start(&v[next], m, o);
			running += v[next].pid > 0;
			if (++next == n && started)
				started(arg); /* M is no longer needed here */
		}
		if (!running)
			continue;
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		for (size_t i = 0; i < next; i++)
			if (v[i].pid > 0 && (pid < 0 || v[i].pid == pid)) {
				/* pid < 0: the children are gone (reaped elsewhere): their outcome is unknown */
				finish(&v[i], pid < 0 ? -1 : status);
				running--;
				if (pid > 0)
					break;
			}
	}
	/* failures in the caller's order, whatever order the processes ended in */
	qsort(v, n, sizeof(*v), by_order);
	for (size_t i = 0; i < n; i++)
		if (v[i].failed) {
			fail(arg, v[i].r, v[i].msg.buf);
			ret = -1;
		}
	for (size_t i = 0; i < n; i++)
		strbuf_release(&v[i].msg);
	free(v);
	return ret;
}
