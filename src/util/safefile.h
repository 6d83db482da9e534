/* Writing files safely: a random temporary name that cannot follow a symlink, then rename. */
#ifndef IDPM_SAFEFILE_H
#define IDPM_SAFEFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "util/strbuf.h"

/*
 * Write DATA (LEN bytes) to DIR/REL with MODE (whatever the umask), atomically: the bytes go
 * to a new file of random name created with O_CREAT|O_EXCL|O_NOFOLLOW in the same directory,
 * are flushed to disk, and that file is renamed over the final name.  So a symlink planted at
 * any name is never written through, an existing file (or a hard link to it) is never truncated
 * in place, and readers see the old file or the new one, never half of one.
 * Directories named in REL ("csv/teams.csv") are created with MODE plus x wherever MODE has r;
 * one that exists as a symlink (or anything but a directory) is refused, as are "." and ".."
 * components.  DIR itself is the caller's choice and is followed.
 * Returns 0, or -1 with "cannot write 'DIR/REL': reason" in ERR; the final name is then untouched
 * and no temporary file remains.
 */
int safefile_write_at(const char *dir, const char *rel, const void *data, size_t len, mode_t mode,
		      struct strbuf *err);
/* safefile_write_at() for a whole PATH (its directory is followed, its last name is not). */
int safefile_write(const char *path, const void *data, size_t len, mode_t mode, struct strbuf *err);

/*
 * For a library that can only write to a file name (libxlsxwriter): create a private directory
 * (mode 0700, random name) under $TMPDIR or /tmp and return in *PATH a name NAME inside it,
 * which nobody else can create or replace.  The caller frees *PATH and ends with
 * safefile_private_commit() or safefile_private_discard().  0, or -1 with ERR.
 */
int safefile_private_begin(const char *name, char **path, struct strbuf *err);
/*
 * Put the private file PATH (not following a symlink; only a regular file) at DIR/REL with MODE,
 * with safefile_write_at()'s guarantees: when DIR/REL's directory is on PATH's file system, PATH
 * itself is given MODE, flushed and renamed there (nobody else could open it in its private
 * directory); else its bytes are read and written with safefile_write_at().  Then PATH and its
 * private directory are removed (also on error).  0, or -1 with ERR.
 */
int safefile_private_commit(const char *path, const char *dir, const char *rel, mode_t mode, struct strbuf *err);
/* Remove the private file PATH and its directory (after a failed render). */
void safefile_private_discard(const char *path);

#endif
