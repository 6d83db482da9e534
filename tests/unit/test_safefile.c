/* Unit test: file writing never follows a planted symlink nor truncates a file in place. */
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "util/fsutil.h"
#include "util/safefile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static char *temp_dir(void)
{
	char dir[] = "/tmp/idpm-safefile-XXXXXX";

	return mkdtemp(dir) ? xstrdup(dir) : NULL;
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;

	if (fs_read_file(path, &sb, &err)) {
		strbuf_release(&err);
		return NULL;
	}
	strbuf_release(&err);
	return strbuf_detach(&sb, NULL);
}

/* The file at PATH holds WANT (a macro: a failure names the caller's line). */
#define CHECK_FILE(path, want)                                                                              \
	do {                                                                                                \
		char *got_ = slurp(path);                                                                   \
		CHECK_STREQ(got_, want);                                                                    \
		free(got_);                                                                                 \
	} while (0)

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
		close(fd);
	}
}

/* The old temporary name was PATH.tmp.PID: a symlink planted there must not be written through. */
static void test_safefile__planted_tmp_symlink(void)
{
	struct strbuf err = STRBUF_INIT;
	char *dir = temp_dir(), *victim = fs_join(dir, "victim"), *path = fs_join(dir, "report.html");
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	struct stat st;

	put(victim, "precious");
	chmod(victim, 0644);
	CHECK(symlink(victim, tmp) == 0);
	CHECK_INTEQ(safefile_write(path, "report", 6, 0600, &err), 0);
	CHECK_FILE(victim, "precious");
	CHECK(stat(victim, &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK_FILE(path, "report");
	CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600);
	unlink(tmp);
	unlink(path);
	unlink(victim);
	rmdir(dir);
	free(tmp);
	free(path);
	free(victim);
	free(dir);
	strbuf_release(&err);
}

/* A symlink at the final name is replaced by the new file, its target is left alone. */
static void test_safefile__final_symlink_replaced(void)
{
	struct strbuf err = STRBUF_INIT;
	char *dir = temp_dir(), *victim = fs_join(dir, "victim"), *path = fs_join(dir, "metrics.json");
	struct stat st;

	put(victim, "precious");
	CHECK(symlink(victim, path) == 0);
	CHECK_INTEQ(safefile_write(path, "{}", 2, 0600, &err), 0);
	CHECK_FILE(victim, "precious");
	CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode));
	unlink(path);
	unlink(victim);
	rmdir(dir);
	free(path);
	free(victim);
	free(dir);
	strbuf_release(&err);
}

/* A subdirectory of the output directory that is a symlink (out/csv -> elsewhere) is refused. */
static void test_safefile__subdir_symlink_refused(void)
{
	struct strbuf err = STRBUF_INIT;
	char *dir = temp_dir(), *other = temp_dir(), *link = fs_join(dir, "csv");
	char *planted = fs_join(other, "teams.csv");

	CHECK(symlink(other, link) == 0);
	CHECK_INTEQ(safefile_write_at(dir, "csv/teams.csv", "a,b\n", 4, 0600, &err), -1);
	CHECK(strstr(err.buf, "csv") != NULL);
	CHECK(!fs_exists(planted));
	/* a real subdirectory is created with x wherever the file has r */
	unlink(link);
	strbuf_reset(&err);
	CHECK_INTEQ(safefile_write_at(dir, "csv/teams.csv", "a,b\n", 4, 0640, &err), 0);
	{
		struct stat st;
		char *made = fs_join(dir, "csv/teams.csv");

		CHECK(stat(link, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0750);
		CHECK(stat(made, &st) == 0 && (st.st_mode & 0777) == 0640);
		unlink(made);
		free(made);
	}
	rmdir(link);
	rmdir(dir);
	rmdir(other);
	free(planted);
	free(link);
	free(other);
	free(dir);
	strbuf_release(&err);
}

/* An existing file is replaced by rename, never truncated in place (a hard link keeps the old text). */
static void test_safefile__no_clobber_in_place(void)
{
	struct strbuf err = STRBUF_INIT;
	char *dir = temp_dir(), *path = fs_join(dir, "report.csv"), *hard = fs_join(dir, "hard");

	put(path, "old");
	CHECK(link(path, hard) == 0);
	CHECK_INTEQ(safefile_write(path, "new", 3, 0600, &err), 0);
	CHECK_FILE(hard, "old");
	CHECK_FILE(path, "new");
	unlink(path);
	unlink(hard);
	rmdir(dir);
	free(path);
	free(hard);
	free(dir);
	strbuf_release(&err);
}

/* Nothing but the result remains in the directory, also after a failure. */
static void test_safefile__no_leftovers(void)
{
	struct strbuf err = STRBUF_INIT;
	char *dir = temp_dir(), *path = fs_join(dir, "a.txt"), *sub = fs_join(dir, "d");

	CHECK(mkdir(sub, 0700) == 0);
	/* renaming a file over a directory fails: the temporary file must be gone */
	CHECK_INTEQ(safefile_write_at(dir, "d", "x", 1, 0600, &err), -1);
	CHECK(strstr(err.buf, "cannot write") != NULL);
	CHECK_INTEQ(safefile_write(path, "x", 1, 0600, &err), 0);
	unlink(path);
	CHECK(rmdir(sub) == 0);
	CHECK(rmdir(dir) == 0); /* fails when a temporary file was left */
	free(path);
	free(sub);
	free(dir);
	strbuf_release(&err);
}

/* Write TEXT to a new private file for NAME and return its path (NULL when none could be made). */
static char *private_file(const char *name, const char *text)
{
	struct strbuf err = STRBUF_INIT;
	char *path = NULL;

	if (safefile_private_begin(name, &path, &err) == 0)
		put(path, text);
	strbuf_release(&err);
	return path;
}

/* 1 when the private directory of PATH is gone. */
static int private_gone(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int gone;

	*slash = '\0';
	gone = !fs_exists(dir);
	free(dir);
	return gone;
}

/*
 * A private file (libxlsxwriter's workbook) is put in place as safefile_write() puts a file: a
 * symlink at the final name is replaced, not followed; a hard link keeps the old text; the mode
 * is the one asked for; nothing is left behind.  Renamed when on one file system, copied when the
 * private directory is on another (TMPDIR on a tmpfs).
 */
static void test_safefile__private_commit(void)
{
	const char *tmpdirs[2] = { "/tmp", "/dev/shm" };
	char *old_tmpdir = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;

	for (size_t i = 0; i < 2; i++) {
		struct strbuf err = STRBUF_INIT;
		char *dir, *victim, *path, *hard, *priv;
		struct stat st;

		if (!fs_exists(tmpdirs[i]))
			continue;
		setenv("TMPDIR", tmpdirs[i], 1);
		dir = temp_dir();
		victim = fs_join(dir, "victim");
		path = fs_join(dir, "report.xlsx");
		hard = fs_join(dir, "hard");
		put(victim, "precious");
		CHECK(symlink(victim, path) == 0);
		priv = private_file("report.xlsx", "workbook 1");
		CHECK(priv != NULL);
		CHECK_INTEQ(safefile_private_commit(priv, dir, "report.xlsx", 0640, &err), 0);
		CHECK(private_gone(priv));
		free(priv);
		CHECK_FILE(victim, "precious");
		CHECK_FILE(path, "workbook 1");
		CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0640);
		/* again over the file, with a hard link to it */
		CHECK(link(path, hard) == 0);
		priv = private_file("report.xlsx", "workbook 2");
		CHECK_INTEQ(safefile_private_commit(priv, dir, "report.xlsx", 0600, &err), 0);
		free(priv);
		CHECK_FILE(hard, "workbook 1");
		CHECK_FILE(path, "workbook 2");
		/* a directory at the final name: the error names it, and the private file is gone */
		unlink(path);
		CHECK(mkdir(path, 0700) == 0);
		priv = private_file("report.xlsx", "workbook 3");
		CHECK_INTEQ(safefile_private_commit(priv, dir, "report.xlsx", 0600, &err), -1);
		CHECK(strstr(err.buf, "report.xlsx': Is a directory") != NULL);
		CHECK(private_gone(priv));
		free(priv);
		CHECK(rmdir(path) == 0);
		unlink(hard);
		unlink(victim);
		CHECK(rmdir(dir) == 0); /* nothing else was left */
		free(hard);
		free(path);
		free(victim);
		free(dir);
		strbuf_release(&err);
	}
	if (old_tmpdir)
		setenv("TMPDIR", old_tmpdir, 1);
	else
		unsetenv("TMPDIR");
	free(old_tmpdir);
}

int main(void)
{
	RUN(test_safefile__planted_tmp_symlink);
	RUN(test_safefile__final_symlink_replaced);
	RUN(test_safefile__subdir_symlink_refused);
	RUN(test_safefile__no_clobber_in_place);
	RUN(test_safefile__no_leftovers);
	RUN(test_safefile__private_commit);
	return TEST_RESULT();
}
