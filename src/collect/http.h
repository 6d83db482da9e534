/* The only file that talks to libcurl: GET with bounded bodies, timeouts, retries and validators. */
#ifndef IDPM_HTTP_H
#define IDPM_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "store/runs.h"
#include "util/config.h"
#include "util/log.h"
#include "util/strbuf.h"

/* Waits (back-off, rate limits) go through this so tests can observe them without sleeping. */
typedef void (*http_sleep_fn)(void *data, double seconds, const char *why);

struct http_client {
	void *curl;                  /* CURL easy handle, reused for keep-alive */
	const struct config *cfg;    /* http.* and tls.* settings */
	struct log *log;
	struct run_stats *stats;     /* requests and 304s are counted here; may be NULL */
	http_sleep_fn sleep;         /* never NULL after http_client_init */
	void *sleep_data;
	size_t max_body;             /* largest body accepted (default 64 MiB) */
	char *ca_file;               /* tls.ca_file resolved against the configuration's directory, or NULL */
	int64_t requests;            /* requests made by this client */
};

struct http_header {
	char *name;                  /* as received */
	char *value;                 /* trimmed */
};

struct http_request {
	const char *url;
	const char *const *headers;  /* NULL-terminated "Name: value" lines; may be NULL */
	const char *if_none_match;   /* an ETag to send, or NULL */
	long timeout_seconds;        /* 0 = http.timeout_seconds */
	int retries;                 /* -1 = http.retries; 5xx, timeouts and broken bodies are retried */
};

struct http_response {
	long status;                 /* HTTP status of the last attempt */
	struct strbuf body;
	struct http_header *headers; /* of the last attempt */
	size_t nheaders;
	double seconds;              /* wall time of the last attempt */
};

/* Prepare C; returns -1 with ERR when libcurl cannot start.  FAKE sleep when IDPMETRICS_FAKE_SLEEP is set. */
int http_client_init(struct http_client *c, const struct config *cfg, struct log *log, struct run_stats *stats,
		     struct strbuf *err);
void http_client_release(struct http_client *c);

/*
 * GET REQ->url.  Transport failures (timeout, connection refused, body cut
 * short) and 5xx answers are retried with exponential back-off; other
 * statuses are returned as they are (the caller decides what 401, 403, 404,
 * 429 mean).  Returns 0 with RES filled (any status), or -1 with "GET URL:
 * reason" in ERR when no answer came.  RES is reset first; release it with
 * http_response_release().
 */
int http_get(struct http_client *c, const struct http_request *req, struct http_response *res, struct strbuf *err);
/* Like http_get, but POST BODY (the caller sends its Content-Type among REQ's headers); errors say "POST URL". */
int http_post(struct http_client *c, const struct http_request *req, const char *body, struct http_response *res,
	      struct strbuf *err);
void http_response_init(struct http_response *res);
void http_response_release(struct http_response *res);

/* The value of header NAME (case-insensitive), or NULL. */
const char *http_header(const struct http_response *res, const char *name);

/*
 * The URL of rel="next" in a Link header value, or NULL.  Relation names and
 * the parameter name match case-insensitively; the URL is returned exactly as
 * given.  The caller frees the result.
 */
char *http_link_next(const char *link);

/* Percent-encode S for a query string; the caller frees the result. */
char *http_escape(const char *s);

/* The default waiting function: nanosleep, logged at debug level. */
void http_real_sleep(void *data, double seconds, const char *why);

#endif
