/* The only file that talks to libcurl: GET with bounded bodies, timeouts, retries and validators. */
#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "collect/http.h"
#include "util/urlenc.h"
#include "util/xalloc.h"

#define DEFAULT_MAX_BODY (64u * 1024 * 1024)

struct transfer {
	struct http_response *res;
	int too_big;
	char errbuf[CURL_ERROR_SIZE]; /* libcurl's own detail of a failure ("SSL certificate problem: ...") */
};

void http_real_sleep(void *data, double seconds, const char *why)
{
	struct log *log = data;
	struct timespec ts;

	if (seconds <= 0)
		return;
	if (log)
		log_debug(log, "waiting %.0f s: %s", seconds, why);
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Tests set IDPMETRICS_FAKE_SLEEP: waits are announced but not taken. */
static void fake_sleep(void *data, double seconds, const char *why)
{
	struct log *log = data;

	if (log)
		log_info(log, "would wait %.0f s: %s", seconds, why);
}

int http_client_init(struct http_client *c, const struct config *cfg, struct log *log, struct run_stats *stats,
		     struct strbuf *err)
{
	static int global_done;

	memset(c, 0, sizeof(*c));
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			strbuf_addstr(err, "cannot initialise libcurl");
			return -1;
		}
		global_done = 1;
	}
	c->curl = curl_easy_init();
	if (!c->curl) {
		strbuf_addstr(err, "cannot initialise libcurl");
		return -1;
	}
	if (cfg->http.ca_file && *cfg->http.ca_file) {
		/* relative to the configuration file, like every path in it */
		c->ca_file = config_path(cfg, cfg->http.ca_file);
		if (access(c->ca_file, R_OK)) {
			strbuf_addf(err, "cannot read tls.ca_file '%s': %s", c->ca_file, strerror(errno));
			http_client_release(c);
			return -1;
		}
	}
	c->cfg = cfg;
	c->log = log;
	c->stats = stats;
	c->max_body = DEFAULT_MAX_BODY;
	c->sleep = getenv("IDPMETRICS_FAKE_SLEEP") ? fake_sleep : http_real_sleep;
	c->sleep_data = log;
	return 0;
}

void http_client_release(struct http_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
	free(c->ca_file);
	c->ca_file = NULL;
}

void http_response_init(struct http_response *res)
{
	memset(res, 0, sizeof(*res));
	strbuf_init(&res->body, 0);
}

static void clear_headers(struct http_response *res)
{
	for (size_t i = 0; i < res->nheaders; i++) {
		free(res->headers[i].name);
		free(res->headers[i].value);
	}
	free(res->headers);
	res->headers = NULL;
	res->nheaders = 0;
}

void http_response_release(struct http_response *res)
{
	clear_headers(res);
	strbuf_release(&res->body);
}

const char *http_header(const struct http_response *res, const char *name)
{
	for (size_t i = 0; i < res->nheaders; i++)
		if (!strcasecmp(res->headers[i].name, name))
			return res->headers[i].value;
	return NULL;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer *t = userp;
	size_t len = size * nmemb;

	if (strbuf_add(&t->res->body, data, len)) {
		t->too_big = 1;
		return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
	}
	return len;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer *t = userp;
	size_t len = size * nmemb, n = len;
	const char *colon;
	struct http_header *h;

	/* A new status line (redirect or 100-continue) starts a new header set. */
	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		clear_headers(t->res);
		return len;
	}
	colon = memchr(data, ':', len);
	if (!colon)
		return len;
	while (n && isspace((unsigned char)data[n - 1]))
		n--;
	t->res->headers = xrealloc(t->res->headers, (t->res->nheaders + 1) * sizeof(*t->res->headers));
	h = &t->res->headers[t->res->nheaders++];
	h->name = xstrndup(data, (size_t)(colon - data));
	colon++;
	while (colon < data + n && isspace((unsigned char)*colon))
		colon++;
	h->value = xstrndup(colon, (size_t)(data + n - colon));
	return len;
}

/* One attempt.  Returns the CURLcode; RES holds status, headers and body. */
static CURLcode attempt(struct http_client *c, const struct http_request *req, const char *post,
			struct http_response *res, struct transfer *t)
{
	struct curl_slist *hdrs = NULL;
	char *inm = NULL;
	CURLcode rc;
	long timeout = req->timeout_seconds ? req->timeout_seconds : c->cfg->http.timeout_seconds;

	CURL *h = c->curl;
	curl_easy_reset(h);
	for (const char *const *p = req->headers; p && *p; p++)
		hdrs = curl_slist_append(hdrs, *p);
	if (req->if_none_match) {
		inm = xasprintf("If-None-Match: %s", req->if_none_match);
		hdrs = curl_slist_append(hdrs, inm);
	}
	curl_easy_setopt(h, CURLOPT_URL, req->url);
	if (post) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(post));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, post);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "idpmetrics/" IDPM_VERSION " (+https://github.com/idpmetrics)");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout < 30 ? timeout : 30L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* gzip when the server offers it */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	t->errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->errbuf);
	/* verification is never turned off; proxies come from https_proxy, http_proxy and no_proxy (libcurl) */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->status);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &res->seconds);
	curl_slist_free_all(hdrs);
	free(inm);
	return rc;
}

/* The proxy variable libcurl takes for URL ("https_proxy"), or NULL when none is set. */
static const char *proxy_var(const char *url)
{
	static const char *const https[] = { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", NULL };
	/* libcurl never reads HTTP_PROXY in capitals (a CGI program's request header could set it) */
	static const char *const http[] = { "http_proxy", "all_proxy", "ALL_PROXY", NULL };
	const char *const *v = strncasecmp(url, "https:", 6) ? http : https;

	for (; *v; v++)
		if (getenv(*v) && *getenv(*v))
			return *v;
	return NULL;
}

/* What to do about a certificate or connection failure RC (DETAIL is libcurl's text), appended to WHY. */
static void explain(const struct http_client *c, const char *url, CURLcode rc, const char *detail,
		    struct strbuf *why)
{
	const char *proxy;

	if (rc == CURLE_PEER_FAILED_VERIFICATION && (strstr(detail, "subject name") || strstr(detail, "host name"))) {
		strbuf_addstr(why, " (the server's certificate is not made out to the host in the URL: use the name the "
				   "certificate holds; verification cannot be turned off)");
	} else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
		strbuf_addstr(why, c->ca_file
				     ? " (the certificate is checked against tls.ca_file only: it must hold the certificate "
				       "authority that signed the server's certificate, in PEM)"
				     : " (a server with a certificate from a private certificate authority needs tls.ca_file "
				       "set to that authority's certificate, in PEM; verification cannot be turned off)");
	} else if ((rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_RECV_ERROR) &&
		   (proxy = proxy_var(url))) {
		strbuf_addf(why, " (through the proxy set in %s, unless no_proxy excludes the host)", proxy);
	}
}

static int retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/* One request with retries: GET, or POST of POST when it is not NULL. */
static int request(struct http_client *c, const struct http_request *req, const char *post, struct http_response *res,
		   struct strbuf *err)
{
	const char *method = post ? "POST" : "GET";
	int retries = req->retries >= 0 ? req->retries : c->cfg->http.retries;
	double delay = c->cfg->http.retry_delay_ms / 1000.0;
	struct strbuf why = STRBUF_INIT;

	for (int i = 0;; i++) {
		struct transfer t = { res, 0, { 0 } };
		CURLcode rc;

		clear_headers(res);
		strbuf_release(&res->body);
		res->body.max = c->max_body;
		res->status = 0;
		rc = attempt(c, req, post, res, &t);
		c->requests++;
		if (c->stats)
			c->stats->requests++;
		strbuf_reset(&why);
		if (t.too_big) {
			strbuf_addf(err, "%s %s: response larger than %zu bytes", method, req->url, c->max_body);
			goto fail;
		}
		if (rc == CURLE_OK && res->status < 500) {
			if (res->status == 304 && c->stats)
				c->stats->not_modified++;
			if (c->log)
				log_debug(c->log, "%s %s -> %ld (%.0f ms, %zu bytes)", method, req->url, res->status,
					  res->seconds * 1000, res->body.len);
			strbuf_release(&why);
			return 0;
		}
		if (rc == CURLE_OK)
			strbuf_addf(&why, "HTTP %ld", res->status);
		else if (rc == CURLE_OPERATION_TIMEDOUT)
			strbuf_addf(&why, "timed out after %ld s",
				    req->timeout_seconds ? req->timeout_seconds : (long)c->cfg->http.timeout_seconds);
		else if (rc == CURLE_PARTIAL_FILE)
			strbuf_addf(&why, "connection closed before the end of the body (%zu bytes received)",
				    res->body.len);
		else
			strbuf_addstr(&why, t.errbuf[0] ? t.errbuf : curl_easy_strerror(rc));
		explain(c, req->url, rc, t.errbuf, &why);
		if ((rc != CURLE_OK && !retryable(rc)) || i >= retries) {
			strbuf_addf(err, "%s %s: %s", method, req->url, why.buf);
			if (i)
				strbuf_addf(err, " (after %d attempts)", i + 1);
			goto fail;
		}
		if (c->log)
			log_warn(c->log, "%s %s: %s; retrying in %.1f s", method, req->url, why.buf, delay);
		c->sleep(c->sleep_data, delay, "retrying after a failed request");
		delay *= 2;
	}
fail:
	strbuf_release(&why);
	return -1;
}

int http_get(struct http_client *c, const struct http_request *req, struct http_response *res, struct strbuf *err)
{
	return request(c, req, NULL, res, err);
}

int http_post(struct http_client *c, const struct http_request *req, const char *body, struct http_response *res,
	      struct strbuf *err)
{
	return request(c, req, body ? body : "", res, err);
}

char *http_link_next(const char *link)
{
	const char *p = link;

	/* link = #( "<" URI ">" *( ";" param ) ), param rel="a b" or rel=a */
	while (p && *p) {
		const char *lt = strchr(p, '<'), *gt, *end;
		int is_next = 0;

		if (!lt || !(gt = strchr(lt, '>')))
			return NULL;
		end = gt + 1;
		/* parameters up to the next comma that is outside quotes */
		while (*end && *end != ',') {
			const char *name, *val;
			size_t nlen, vlen;

			while (*end == ';' || *end == ' ' || *end == '\t')
				end++;
			name = end;
			while (*end && *end != '=' && *end != ';' && *end != ',')
				end++;
			nlen = (size_t)(end - name);
			while (nlen && isspace((unsigned char)name[nlen - 1]))
				nlen--;
			if (*end != '=')
				continue;
			end++;
			while (*end == ' ')
				end++;
			if (*end == '"') {
				val = ++end;
				while (*end && *end != '"')
					end++;
				vlen = (size_t)(end - val);
				if (*end)
					end++;
			} else {
				val = end;
				while (*end && *end != ';' && *end != ',')
					end++;
				vlen = (size_t)(end - val);
				while (vlen && isspace((unsigned char)val[vlen - 1]))
					vlen--;
			}
			if (nlen == 3 && !strncasecmp(name, "rel", 3)) {
				/* rel may hold several space-separated relation types */
				const char *r = val, *rend = val + vlen;

				while (r < rend) {
					const char *w = r;

					while (w < rend && *w != ' ')
						w++;
					if (w - r == 4 && !strncasecmp(r, "next", 4))
						is_next = 1;
					r = w + 1;
				}
			}
		}
		if (is_next)
			return xstrndup(lt + 1, (size_t)(gt - lt - 1));
		p = *end ? end + 1 : end;
	}
	return NULL;
}

char *http_escape(const char *s)
{
	return urlenc_segment(s);
}
