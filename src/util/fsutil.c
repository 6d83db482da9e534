/* Files: whole-file reads, atomic private writes, directories. */
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

/* Read the open FD into SB; closes FD. */
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
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

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
	return read_fd(fd, sb, err);
}

int fs_write_file(const char *path, const void *data, size_t len, mode_t mode, struct strbuf *err)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	const char *p = data;
	int fd, ret = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fchmod(fd, mode); /* the umask must not widen or narrow what was asked for */
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
			close(fd);
			unlink(tmp);
			goto out;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) || close(fd)) {
		strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path)) {
		strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	free(tmp);
	return ret;
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
