/* Files: whole-file reads, directories (writing: util/safefile.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "util/xalloc.h"

int fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Append what FD holds to SB; closes FD. */
static int read_fd(int fd, struct strbuf *sb, struct strbuf *err)
{
	char buf[65536];
	int ret = -1;
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_addstr(err, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (strbuf_add(sb, buf, (size_t)n)) {
			strbuf_addf(err, "larger than %zu bytes", sb->max);
			goto out;
		}
	}
	ret = 0;
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return ret;
}

int fs_read_file(const char *path, struct strbuf *sb, struct strbuf *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		strbuf_addstr(err, strerror(errno));
		return -1;
	}
	return read_fd(fd, sb, err);
}

int fs_read_private_file(const char *path, struct strbuf *sb, struct strbuf *err)
{
	struct stat st;
	/* O_NONBLOCK: a FIFO planted at the key's path must not hold the run */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), flags;

	if (fd < 0) {
		strbuf_addstr(err, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		strbuf_addstr(err, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		strbuf_addstr(err, "not a regular file");
		close(fd);
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		strbuf_addf(err, "mode %04o: it must be accessible by its owner only (chmod 600 %s)",
			    (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return -1;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return read_fd(fd, sb, err);
}

const char *fs_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

int fs_read_regular(const char *path, struct strbuf *sb, struct strbuf *err)
{
	/* O_NONBLOCK: opening a FIFO with no writer must not wait (a FIFO would block the run and its lock) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), flags;
	struct stat st;

	if (fd < 0) {
		strbuf_addstr(err, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		strbuf_addf(err, "not a regular file (%s)", fstat(fd, &st) ? strerror(errno) : fs_kind(st.st_mode));
		close(fd);
		return -1;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return read_fd(fd, sb, err);
}

int fs_mkdir_p(const char *path, mode_t mode, struct strbuf *err)
{
	char *copy = xstrdup(path);
	int ret = -1;

	for (char *p = copy + 1; ; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = '\0';
			if (mkdir(copy, mode) && errno != EEXIST) {
				strbuf_addf(err, "cannot create directory '%s': %s", copy, strerror(errno));
				goto out;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

char *fs_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}
