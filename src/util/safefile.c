/* Writing files safely: a random temporary name that cannot follow a symlink, then rename. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "util/safefile.h"
#include "util/xalloc.h"

#define PRIVATE_MAX (1024u * 1024u * 1024u)

/* Fill NAME (at least 24 bytes) with ".idpm-" and 16 random letters. */
static void random_name(char name[24])
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[16];
	size_t got = 0;

	while (got < sizeof(rnd)) {
		ssize_t n = getrandom(rnd + got, sizeof(rnd) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) { /* no entropy source: still unique enough with O_EXCL retrying */
			uint64_t x = (uint64_t)getpid() * 0x9e3779b97f4a7c15u ^ (uint64_t)(uintptr_t)rnd ^ (uint64_t)got;

			for (; got < sizeof(rnd); got++, x = x * 6364136223846793005u + 1442695040888963407u)
				rnd[got] = (unsigned char)(x >> 56);
			break;
		}
		got += (size_t)n;
	}
	memcpy(name, ".idpm-", 6);
	for (size_t i = 0; i < sizeof(rnd); i++)
		name[6 + i] = letters[rnd[i] % (sizeof(letters) - 1)];
	name[22] = '\0';
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 1 for "", "." and "..": names that are no new directory entry (and could climb). */
static int no_name(const char *p)
{
	return !p[0] || (p[0] == '.' && (!p[1] || (p[1] == '.' && !p[2])));
}

/* Open (creating it) the directory chain of REL below DIRFD, never following a symlink. Returns fd or -1. */
static int open_parents(int dirfd, char *rel, char **base, mode_t dmode, const char **what)
{
	int fd = dup(dirfd);
	char *p = rel, *slash;

	*what = NULL;
	while (fd >= 0 && (slash = strchr(p, '/'))) {
		int next;

		*slash = '\0';
		if (no_name(p)) {
			*what = "'.', '..' or an empty name in the path";
			*slash = '/';
			close(fd);
			return -1;
		}
		if (mkdirat(fd, p, dmode) && errno != EEXIST) {
			int e = errno;

			*slash = '/';
			close(fd);
			errno = e;
			return -1;
		}
		next = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ELOOP)
			*what = "a directory on the way is a symlink: not followed";
		*slash = '/';
		close(fd);
		fd = next;
		p = slash + 1;
	}
	if (fd >= 0 && no_name(p)) {
		*what = "'.', '..' or an empty name in the path";
		close(fd);
		return -1;
	}
	*base = p;
	return fd;
}

/* "cannot write 'DIR/REL': WHY" into ERR. */
static void cannot_write(struct strbuf *err, const char *dir, const char *rel, const char *why)
{
	strbuf_addf(err, "cannot write '%s%s%s': %s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", rel, why);
}

int safefile_write_at(const char *dir, const char *rel, const void *data, size_t len, mode_t mode,
		      struct strbuf *err)
{
	char *copy = xstrdup(rel), *base = NULL, tmp[24] = "";
	const char *what = NULL;
	int top = -1, dfd = -1, fd = -1, ret = -1;
	mode_t dmode = mode | ((mode & 0444) >> 2);

	top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		goto out;
	dfd = open_parents(top, copy, &base, dmode, &what);
	if (dfd < 0)
		goto out;
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		random_name(tmp);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd < 0 && errno != EEXIST) {
			tmp[0] = '\0';
			goto out;
		}
	}
	if (fd < 0) {
		tmp[0] = '\0';
		goto out;
	}
	/* the umask must not widen or narrow what was asked for */
	if (fchmod(fd, mode) || write_all(fd, data, len) || fsync(fd))
		goto out;
	if (close(fd)) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (renameat(dfd, tmp, dfd, base))
		goto out;
	tmp[0] = '\0';
	fsync(dfd); /* the rename itself on disk; a failure here loses nothing already written */
	ret = 0;
out:
	if (ret) {
		cannot_write(err, dir, rel, what ? what : strerror(errno));
		if (fd >= 0)
			close(fd);
		if (tmp[0] && dfd >= 0)
			unlinkat(dfd, tmp, 0);
	}
	if (dfd >= 0)
		close(dfd);
	if (top >= 0)
		close(top);
	free(copy);
	return ret;
}

int safefile_write(const char *path, const void *data, size_t len, mode_t mode, struct strbuf *err)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ret;

	if (!slash)
		return safefile_write_at(".", path, data, len, mode, err);
	dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	ret = safefile_write_at(dir, slash + 1, data, len, mode, err);
	free(dir);
	return ret;
}

int safefile_private_begin(const char *name, char **path, struct strbuf *err)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (!base || base[0] != '/')
		base = "/tmp";
	dir = fs_join(base, "idpmetrics-XXXXXX");
	if (!mkdtemp(dir)) {
		strbuf_addf(err, "cannot create a private temporary directory in '%s': %s", base, strerror(errno));
		free(dir);
		*path = NULL;
		return -1;
	}
	*path = fs_join(dir, name);
	free(dir);
	return 0;
}

void safefile_private_discard(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	unlink(path);
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
}

/*
 * Move the private file FD (named PATH) to DIR/REL by rename when both are on one file system:
 * given MODE and flushed first, so the final name only ever holds the whole file.  1 when moved,
 * 0 when they are on different file systems (nothing done: copy instead), -1 with ERR.
 */
static int move_private(const char *path, int fd, const struct stat *st, const char *dir, const char *rel,
			mode_t mode, struct strbuf *err)
{
	char *copy = xstrdup(rel), *base = NULL;
	const char *what = NULL;
	int top = -1, dfd = -1, ret = -1;
	struct stat dst;

	top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		goto out;
	dfd = open_parents(top, copy, &base, mode | ((mode & 0444) >> 2), &what);
	if (dfd < 0 || fstat(dfd, &dst))
		goto out;
	if (dst.st_dev != st->st_dev) {
		ret = 0;
		goto out;
	}
	if (fchmod(fd, mode) || fsync(fd))
		goto out;
	if (renameat(AT_FDCWD, path, dfd, base)) {
		if (errno == EXDEV) /* one device, two mounts */
			ret = 0;
		goto out;
	}
	fsync(dfd); /* the rename itself on disk, as safefile_write_at() does */
	ret = 1;
out:
	if (ret < 0)
		cannot_write(err, dir, rel, what ? what : strerror(errno));
	if (dfd >= 0)
		close(dfd);
	if (top >= 0)
		close(top);
	free(copy);
	return ret;
}

int safefile_private_commit(const char *path, const char *dir, const char *rel, mode_t mode, struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	char buf[65536];
	struct stat st;
	int fd, ret = -1, moved;

	strbuf_init(&data, PRIVATE_MAX);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		strbuf_addf(err, "cannot read back '%s': %s", path, fd < 0 ? strerror(errno) : "not a regular file");
		goto out;
	}
	/* on the output's file system the file itself is renamed into place: no copy of its bytes */
	if ((moved = move_private(path, fd, &st, dir, rel, mode, err))) {
		ret = moved > 0 ? 0 : -1;
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || strbuf_add(&data, buf, n > 0 ? (size_t)n : 0)) {
			strbuf_addf(err, "cannot read back '%s': %s", path, n < 0 ? strerror(errno) : "too large");
			goto out;
		}
		if (n == 0)
			break;
	}
	ret = safefile_write_at(dir, rel, data.buf, data.len, mode, err);
out:
	if (fd >= 0)
		close(fd);
	safefile_private_discard(path);
	strbuf_release(&data);
	return ret;
}
