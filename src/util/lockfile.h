/* One run at a time: an exclusive lock file next to the database, released by the kernel when its holder dies. */
#ifndef IDPM_LOCKFILE_H
#define IDPM_LOCKFILE_H

#include <stdint.h>

#include "util/strbuf.h"

struct lockfile {
	int fd;       /* open while held; -1 otherwise */
	char *path;   /* owned */
};

#define LOCKFILE_INIT { -1, NULL }

/* What the lock file says about its holder (informational: the lock itself is the truth). */
struct lock_holder {
	long pid;            /* 0 when unknown */
	int64_t since;       /* wall-clock Unix seconds the holder took the lock; 0 when unknown */
	char command[32];    /* subcommand of the holder ("run"), "" when unknown */
};

/* The lock file used for database DB_PATH ("<db>.lock"); the caller frees it.  NULL for ":memory:". */
char *lockfile_path_for(const char *db_path);

/*
 * Take the exclusive lock PATH without waiting (flock LOCK_EX|LOCK_NB; the file
 * is created with mode 0600 and never deleted, so two processes always lock the
 * same inode).  COMMAND is written into the file with the pid and the time.
 * Returns 0 when LF now holds the lock (release it with lockfile_release), 1
 * when another process holds it (HOLDER, when not NULL, says who), or -1 with
 * ERR when the file cannot be opened or locked for another reason.
 */
int lockfile_acquire(struct lockfile *lf, const char *path, const char *command, struct lock_holder *holder,
		     struct strbuf *err);

/* Release the lock (the file stays) and free LF's path.  Safe on a lock that is not held. */
void lockfile_release(struct lockfile *lf);

/*
 * Whether some process holds the lock PATH, without taking it, so a run that is
 * starting is never disturbed.  Returns 1 (HOLDER filled from the file), 0 when
 * nobody holds it or the file does not exist, -1 with ERR when it cannot tell.
 */
int lockfile_probe(const char *path, struct lock_holder *holder, struct strbuf *err);

#endif
