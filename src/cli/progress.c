/*
 * Progress bars on a terminal for long collections (the collectors' progress_fn hook).
 *
 * main.c installs this only when stderr is a terminal and logs are text, so
 * cron mail, journald and JSON log shippers never see a carriage return.  A
 * bar appears only once a source has been collecting for delay_ms, so quick
 * nights stay free of flicker; log lines erase it first and it comes back on
 * the next update.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"
#include "util/strbuf.h"

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_init(struct progress *p, FILE *fp, int width)
{
	struct winsize ws;

	memset(p, 0, sizeof(*p));
	p->fp = fp;
	p->clock = monotonic_ms;
	p->delay_ms = 1000;
	p->interval_ms = 100;
	p->drawn_ms = -1;
	if (width <= 0) {
		width = 80;
		if (!ioctl(fileno(fp), TIOCGWINSZ, &ws) && ws.ws_col >= 20)
			width = ws.ws_col;
	}
	p->width = width;
}

void progress_begin(struct progress *p, const char *name)
{
	progress_clear(p);
	snprintf(p->source, sizeof(p->source), "%s", name ? name : "");
	p->begun_ms = p->clock();
	p->drawn_ms = -1;
}

void progress_clear(void *data)
{
	struct progress *p = data;

	if (!p->shown)
		return;
	/* carriage return, blanks over the old bar, carriage return: works on any terminal */
	fprintf(p->fp, "\r%*s\r", (int)p->shown, "");
	fflush(p->fp);
	p->shown = 0;
}

void progress_end(struct progress *p)
{
	progress_clear(p);
	p->source[0] = '\0';
}

/* Keep printable ASCII and UTF-8 bytes, drop control characters (a label comes from data). */
static void add_label(struct strbuf *sb, const char *s, size_t max)
{
	for (size_t i = 0; s[i] && i < max; i++)
		strbuf_addch(sb, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i]);
}

/* Display width of S, counting each UTF-8 sequence as one column (good enough for labels). */
static size_t columns(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

void progress_update(void *data, const char *what, int64_t done, int64_t total)
{
	struct progress *p = data;
	struct strbuf line = STRBUF_INIT;
	int64_t now = p->clock();
	int final = total > 0 && done >= total;
	size_t cols;

	if (now - p->begun_ms < p->delay_ms)
		return; /* not a long collection (yet) */
	if (p->drawn_ms >= 0 && now - p->drawn_ms < p->interval_ms && !final)
		return;
	p->drawn_ms = now;
	strbuf_addstr(&line, "  ");
	add_label(&line, p->source, sizeof(p->source));
	strbuf_addstr(&line, ": ");
	add_label(&line, what ? what : "", 40);
	if (total > 0) {
		int bar = p->width - 28 - (int)columns(line.buf, line.len);
		int64_t d = done < 0 ? 0 : done > total ? total : done;
		int pct = (int)(d * 100 / total);

		strbuf_addf(&line, " %lld/%lld", (long long)d, (long long)total);
		if (bar > 40)
			bar = 40;
		if (bar >= 10) {
			int fill = (int)(d * bar / total);

			strbuf_addstr(&line, " [");
			for (int i = 0; i < bar; i++)
				strbuf_addch(&line, i < fill ? '#' : '.');
			strbuf_addch(&line, ']');
		}
		strbuf_addf(&line, " %3d%%", pct);
	} else {
		strbuf_addf(&line, " %lld", (long long)done);
	}
	strbuf_addf(&line, " %lld:%02lld", (long long)((now - p->begun_ms) / 60000),
		    (long long)((now - p->begun_ms) / 1000 % 60));
	cols = columns(line.buf, line.len);
	if (cols >= (size_t)p->width) { /* never wrap: a wrapped line cannot be erased with \r */
		strbuf_setlen(&line, (size_t)p->width - 1);
		while (line.len && ((unsigned char)line.buf[line.len - 1] & 0x80))
			strbuf_setlen(&line, line.len - 1); /* no half UTF-8 sequence at the end */
		cols = columns(line.buf, line.len);
	}
	fputc('\r', p->fp);
	fputs(line.buf, p->fp);
	if (p->shown > cols)
		fprintf(p->fp, "%*s\r%s", (int)(p->shown - cols), "", line.buf);
	fflush(p->fp);
	p->shown = cols;
	strbuf_release(&line);
}
