/*
 * One run at a time: an exclusive lock file next to the database, released by the kernel when its holder dies.
 *
 * The mutual exclusion is flock(LOCK_EX | LOCK_NB) on "<db>.lock".  The holder
 * also takes an open-file-description write lock (F_OFD_SETLK) on the same
 * file: it is released at the same moment, and F_OFD_GETLK can see it without
 * taking anything, so `status` and `doctor` can tell "a run is in progress"
 * from "the last run was killed" without ever making a starting run fail.
 * The file is never deleted: unlinking a lock file lets two processes lock two
 * different inodes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/lockfile.h"
#include "util/xalloc.h"

char *lockfile_path_for(const char *db_path)
{
	if (!db_path || !*db_path || !strcmp(db_path, ":memory:"))
		return NULL;
	return xasprintf("%s.lock", db_path);
}

static void read_holder(int fd, struct lock_holder *h)
{
	char buf[256];
	ssize_t n;
	char *save = NULL, *line;

	memset(h, 0, sizeof(*h));
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *end;
		long long v;

		if (!strncmp(line, "pid ", 4)) {
			errno = 0;
			v = strtoll(line + 4, &end, 10);
			if (!errno && !*end && v > 0)
				h->pid = (long)v;
		} else if (!strncmp(line, "since ", 6)) {
			errno = 0;
			v = strtoll(line + 6, &end, 10);
			if (!errno && !*end && v > 0)
				h->since = v;
		} else if (!strncmp(line, "command ", 8)) {
			snprintf(h->command, sizeof(h->command), "%s", line + 8);
		}
	}
}

static void write_holder(int fd, const char *command)
{
	char buf[160];
	int n;

	n = snprintf(buf, sizeof(buf), "pid %ld\nsince %lld\ncommand %s\n", (long)getpid(), (long long)time(NULL),
		     command ? command : "");
	if (n < 0 || (size_t)n >= sizeof(buf))
		return;
	/* Informational only: a failure to write it does not matter. */
	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) == n)
		fsync(fd);
}

int lockfile_acquire(struct lockfile *lf, const char *path, const char *command, struct lock_holder *holder,
		     struct strbuf *err)
{
	struct flock fl;
	int fd;

	lf->fd = -1;
	lf->path = NULL;
	if (holder)
		memset(holder, 0, sizeof(*holder));
	/* never through a planted symlink (the holder line truncates and writes the file) */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK, 0600);
	if (fd < 0) {
		strbuf_addf(err, "cannot open lock file '%s': %s", path,
			    errno == ELOOP ? "it is a symlink" : strerror(errno));
		return -1;
	}
	{
		struct stat st;

		if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
			strbuf_addf(err, "cannot open lock file '%s': not a regular file", path);
			close(fd);
			return -1;
		}
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int e = errno;

		if (e == EWOULDBLOCK) {
			if (holder)
				read_holder(fd, holder);
			close(fd);
			return 1;
		}
		close(fd);
		strbuf_addf(err, "cannot lock '%s': %s", path, strerror(e));
		return -1;
	}
	/* The advertisement for lockfile_probe; best effort (not every file system has OFD locks). */
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	(void)fcntl(fd, F_OFD_SETLK, &fl);
	write_holder(fd, command);
	lf->fd = fd;
	lf->path = xstrdup(path);
	return 0;
}

void lockfile_release(struct lockfile *lf)
{
	if (lf->fd >= 0) {
		/* Leave no stale pid behind; the file itself must stay (see the top of the file). */
		if (ftruncate(lf->fd, 0)) {
			/* nothing to do: the content is informational */
		}
		close(lf->fd); /* drops the flock and the OFD lock */
	}
	lf->fd = -1;
	free(lf->path);
	lf->path = NULL;
}

int lockfile_probe(const char *path, struct lock_holder *holder, struct strbuf *err)
{
	struct flock fl;
	struct lock_holder h;
	int fd, ret;

	if (holder)
		memset(holder, 0, sizeof(*holder));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		strbuf_addf(err, "cannot open lock file '%s': %s", path, strerror(errno));
		return -1;
	}
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_OFD_GETLK, &fl)) {
		strbuf_addf(err, "cannot test lock file '%s': %s", path, strerror(errno));
		ret = -1;
	} else if (fl.l_type == F_UNLCK) {
		ret = 0;
	} else {
		read_holder(fd, &h);
		if (holder)
			*holder = h;
		ret = 1;
	}
	close(fd);
	return ret;
}
