/* Where the installed data files are (report definitions, benchmark tables): the environment, the prefix, the executable. */
#include <glib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/datadir.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

/* Set by cmake/install.cmake for this file: the installation's directories, and the data directory relative to bindir. */
#if !defined(IDPM_INSTALL_BINDIR) || !defined(IDPM_INSTALL_DATADIR) || !defined(IDPM_DATADIR_FROM_BINDIR)
#error "cmake/install.cmake defines IDPM_INSTALL_BINDIR, IDPM_INSTALL_DATADIR and IDPM_DATADIR_FROM_BINDIR"
#endif

static const char *dirs[4];

static int is_dir(const char *path)
{
	return g_file_test(path, G_FILE_TEST_IS_DIR);
}

/* Append PATH (taking it), made absolute and without "..", unless it is missing or already listed. */
static void add(size_t *n, char *path)
{
	char *real = realpath(path, NULL);

	if (real) {
		free(path);
		path = real;
	}
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(dirs[i], path)) {
			free(path);
			return;
		}
	if (!is_dir(path) || *n >= sizeof(dirs) / sizeof(dirs[0]) - 1) {
		free(path);
		return;
	}
	dirs[(*n)++] = path;
}

static void find(void)
{
	const char *env = getenv("IDPM_DATA_DIR");
	char *exe = g_file_read_link("/proc/self/exe", NULL), *exedir = NULL, *real = NULL, *bindir;
	size_t n = 0;

	if (env && *env)
		add(&n, xstrdup(env));
	if (exe) {
		exedir = g_path_get_dirname(exe);
		real = realpath(exedir, NULL);
		bindir = realpath(IDPM_INSTALL_BINDIR, NULL);
		/* the installed executable: its compiled-in data directory (never a build tree's: that could be stale) */
		if (real && bindir && !strcmp(real, bindir))
			add(&n, xstrdup(IDPM_INSTALL_DATADIR));
		free(bindir);
		add(&n, fs_join(exedir, IDPM_DATADIR_FROM_BINDIR));
	}
	dirs[n] = NULL;
	free(real);
	g_free(exedir);
	g_free(exe);
}

const char *const *data_dirs(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		find();
		g_once_init_leave(&done, 1);
	}
	return dirs;
}
