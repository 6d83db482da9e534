/* Unit tests: CSV quoting and formula neutralisation, HTML escaping and text cleaning. */
#include <stdlib.h>

#include "render/csvw.h"
#include "render/escape.h"
#include "test.h"

static void test_render__csv(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct csvw w;

	csvw_init(&w, fp, 1);
	csvw_text(&w, "=HYPERLINK(\"http://x\")");
	csvw_text(&w, "-5");
	csvw_text(&w, "a,b\nc");
	csvw_raw(&w, "plain");
	csvw_num(&w, 0.25);
	csvw_num(&w, NAN);
	csvw_end(&w);
	fclose(fp);
	CHECK_STREQ(buf, "\xEF\xBB\xBF\"'=HYPERLINK(\"\"http://x\"\")\",\"'-5\",\"a,b\nc\",plain,0.25,\r\n");
	free(buf);
}

static void test_render__html(void)
{
	char *e = html_escape("<script>alert('x')</script> & \"q\"");
	char *c;

	CHECK_STREQ(e, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;");
	free(e);
	c = text_clean("ok\xe2\x80\xae" "evil\x01\xff 빌드");
	CHECK_STREQ(c, "okevil\xef\xbf\xbd 빌드");
	free(c);
}

int main(void)
{
	RUN(test_render__csv);
	RUN(test_render__html);
	return TEST_RESULT();
}
