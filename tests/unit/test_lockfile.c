/* Unit test: the run lock: exclusive, non-blocking, visible to a probe, free again after release. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "util/lockfile.h"
#include "util/xalloc.h"

static char *temp_path(void)
{
	char dir[] = "/tmp/idpm-lock-XXXXXX";

	if (!mkdtemp(dir))
		return NULL;
	return xasprintf("%s/idpmetrics.db.lock", dir);
}

static void test_lockfile__path_for(void)
{
	char *p = lockfile_path_for("/var/lib/idpmetrics/idpmetrics.db");

	CHECK_STREQ(p, "/var/lib/idpmetrics/idpmetrics.db.lock");
	free(p);
	CHECK(lockfile_path_for(":memory:") == NULL);
}

static void test_lockfile__exclusive(void)
{
	struct lockfile a = LOCKFILE_INIT, b = LOCKFILE_INIT;
	struct lock_holder h;
	struct strbuf err = STRBUF_INIT;
	char *path = temp_path();

	CHECK(path != NULL);
	/* nothing holds it yet, and probing a missing file is not an error */
	CHECK_INTEQ(lockfile_probe(path, &h, &err), 0);
	CHECK_INTEQ(lockfile_acquire(&a, path, "run", NULL, &err), 0);
	/* flock conflicts between open file descriptions, even inside one process */
	CHECK_INTEQ(lockfile_acquire(&b, path, "collect", &h, &err), 1);
	CHECK_INTEQ(h.pid, getpid());
	CHECK_STREQ(h.command, "run");
	CHECK(h.since > 1600000000);
	CHECK(b.fd == -1);
	/* the probe sees the holder without taking anything */
	CHECK_INTEQ(lockfile_probe(path, &h, &err), 1);
	CHECK_INTEQ(h.pid, getpid());
	CHECK_INTEQ(lockfile_acquire(&b, path, "collect", &h, &err), 1);
	lockfile_release(&a);
	CHECK_INTEQ(lockfile_probe(path, &h, &err), 0);
	/* the file stays (never unlinked), and the next process gets the lock */
	CHECK(access(path, F_OK) == 0);
	CHECK_INTEQ(lockfile_acquire(&b, path, "prune", NULL, &err), 0);
	CHECK_INTEQ(lockfile_probe(path, &h, &err), 1);
	CHECK_STREQ(h.command, "prune");
	lockfile_release(&b);
	lockfile_release(&b); /* twice is harmless */
	CHECK_INTEQ(err.len, 0);
	free(path);
	strbuf_release(&err);
}

static void test_lockfile__unwritable(void)
{
	struct lockfile a = LOCKFILE_INIT;
	struct strbuf err = STRBUF_INIT;

	CHECK_INTEQ(lockfile_acquire(&a, "/nonexistent-dir/x.lock", "run", NULL, &err), -1);
	CHECK(strstr(err.buf, "cannot open lock file '/nonexistent-dir/x.lock'") != NULL);
	strbuf_release(&err);
}

/* A symlink planted at the lock's name is not followed: its target is neither truncated nor written. */
static void test_lockfile__symlink_refused(void)
{
	struct lockfile a = LOCKFILE_INIT;
	struct strbuf err = STRBUF_INIT;
	char *path = temp_path(), *victim = xasprintf("%s.victim", path);
	char buf[16] = "";
	int fd = open(victim, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CHECK(fd >= 0 && write(fd, "precious", 8) == 8);
	close(fd);
	CHECK(symlink(victim, path) == 0);
	CHECK_INTEQ(lockfile_acquire(&a, path, "run", NULL, &err), -1);
	CHECK(strstr(err.buf, "cannot open lock file") != NULL);
	lockfile_release(&a);
	fd = open(victim, O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf) - 1) == 8);
	close(fd);
	CHECK_STREQ(buf, "precious");
	unlink(path);
	unlink(victim);
	free(victim);
	free(path);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_lockfile__path_for);
	RUN(test_lockfile__exclusive);
	RUN(test_lockfile__unwritable);
	RUN(test_lockfile__symlink_refused);
	return TEST_RESULT();
}
