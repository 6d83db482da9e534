/* Where the installed data files are (report definitions, benchmark tables): the environment, the prefix, the executable. */
#ifndef IDPM_DATADIR_H
#define IDPM_DATADIR_H

/*
 * The data directories to search, best first, NULL-terminated: $IDPM_DATA_DIR
 * when set; the data directory compiled in (CMAKE_INSTALL_FULL_DATADIR/idpmetrics)
 * when the running executable is the installed one; the same directory
 * relative to the executable (an installation moved to another prefix, or
 * installed with 'cmake --install --prefix').  Directories that do not exist
 * are left out.  Computed once; the list lives for the whole program.
 */
const char *const *data_dirs(void);

#endif
