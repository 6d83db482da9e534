/* Allocation wrappers that end the program on out-of-memory. */
#ifndef IDPM_XALLOC_H
#define IDPM_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Each returns a valid pointer or exits with status 4 after a message. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A freshly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grow *ARR (of *ALLOC elements of SIZE bytes) so it holds at least NEED. */
void xgrow(void **arr, size_t *alloc, size_t need, size_t size);
#define XGROW(arr, alloc, need) xgrow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

#endif
