/* Files: whole-file reads, directories (writing: util/safefile.h). */
#ifndef IDPM_FSUTIL_H
#define IDPM_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "util/strbuf.h"

/* 1 when PATH exists (any type), else 0. */
int fs_exists(const char *path);
/*
 * Append the contents of PATH to SB (whose maximum bounds the size).  Returns 0,
 * or -1 with the reason (strerror, or "larger than N bytes") in ERR.
 */
int fs_read_file(const char *path, struct strbuf *sb, struct strbuf *err);
/*
 * fs_read_file() for data files (exports, imports): only a regular file is read.  A FIFO, device,
 * socket or directory is refused at once with "not a regular file (a FIFO)" in ERR, without
 * blocking (opened with O_NONBLOCK, checked with fstat).
 */
int fs_read_regular(const char *path, struct strbuf *sb, struct strbuf *err);
/*
 * Like fs_read_file for a secret (a private key): refuses, before reading a
 * byte, a file that is not a regular file or that its group or others may
 * read, write or run (ERR: "mode 0644: it must be accessible by its owner
 * only (chmod 600 PATH)").  The check is made on the opened file.
 */
int fs_read_private_file(const char *path, struct strbuf *sb, struct strbuf *err);
/* "a FIFO", "a directory", "a device", "a socket", "a regular file" for a stat mode. */
const char *fs_kind(mode_t mode);
/* Create PATH and its parents with MODE; existing directories are fine.  0 or -1 with ERR. */
int fs_mkdir_p(const char *path, mode_t mode, struct strbuf *err);
/* Join DIR and NAME with one slash; the caller frees the result. */
char *fs_join(const char *dir, const char *name);

#endif
