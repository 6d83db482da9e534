/* Unit test: the RFC 4180 reader (table-driven) and the byte decoder (BOM, encodings, invalid UTF-8). */
#include <stdlib.h>

#include "test.h"
#include "util/csv.h"
#include "util/xalloc.h"

/* Every record as "L<line>:[cell][cell]" joined by spaces, or "ERR:<message>". */
static char *read_all(const char *data, size_t len, size_t max_record, size_t max_fields)
{
	struct csv_reader r;
	struct csv_record rec;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc;

	csv_reader_init(&r, "t.csv", data, len, max_record, max_fields);
	while ((rc = csv_reader_next(&r, &rec, &err)) > 0) {
		strbuf_addf(&out, "%sL%ld:", out.len ? " " : "", rec.line);
		for (size_t i = 0; i < rec.n; i++)
			strbuf_addf(&out, "[%s]", rec.field[i]);
	}
	if (rc < 0) {
		strbuf_reset(&out);
		strbuf_addf(&out, "ERR:%s", err.buf);
	}
	csv_reader_release(&r);
	strbuf_release(&err);
	return strbuf_detach(&out, NULL);
}

static const struct {
	const char *name, *in, *want;
} cases[] = {
	{ "empty", "", "" },
	{ "one cell", "a", "L1:[a]" },
	{ "lf", "a,b\nc,d\n", "L1:[a][b] L2:[c][d]" },
	{ "crlf", "a,b\r\nc,d\r\n", "L1:[a][b] L2:[c][d]" },
	{ "lone cr", "a,b\rc,d", "L1:[a][b] L2:[c][d]" },
	{ "last record without terminator", "a,b\nc,d", "L1:[a][b] L2:[c][d]" },
	{ "bom skipped", "\xEF\xBB\xBFx,y\n", "L1:[x][y]" },
	{ "quoted comma", "\"a,b\",c\n", "L1:[a,b][c]" },
	{ "doubled quote", "\"say \"\"hi\"\"\",x\n", "L1:[say \"hi\"][x]" },
	{ "line break in quotes keeps lines", "\"one\ntwo\",x\r\nnext,y\n", "L1:[one\ntwo][x] L3:[next][y]" },
	{ "crlf in quotes counted once", "\"a\r\nb\r\nc\",1\r\nz\r\n", "L1:[a\r\nb\r\nc][1] L4:[z]" },
	{ "empty cells", ",,\n", "L1:[][][]" },
	{ "trailing comma (qualtrics legacy)", "V1,V2,\nR_1,2,\n", "L1:[V1][V2][] L2:[R_1][2][]" },
	{ "trailing comma at end of data", "a,", "L1:[a][]" },
	{ "ragged rows", "a,b,c\nd\ne,f\n", "L1:[a][b][c] L2:[d] L3:[e][f]" },
	{ "blank line is a record", "a\n\nb\n", "L1:[a] L2:[] L3:[b]" },
	{ "empty quoted", "\"\",x\n", "L1:[][x]" },
	{ "stray quote in unquoted cell is kept", "ab\"c,d\n", "L1:[ab\"c][d]" },
	{ "text after closing quote is kept", "\"ab\"cd,e\n", "L1:[abcd][e]" },
	{ "spaces are data", " a , b \n", "L1:[ a ][ b ]" },
	{ "korean", "팀,점수\n결제,9\n", "L1:[팀][점수] L2:[결제][9]" },
	{ "qualtrics import id", "\"{\"\"ImportId\"\":\"\"QID1\"\"}\",x\n", "L1:[{\"ImportId\":\"QID1\"}][x]" },
	{ "unterminated quote", "a,b\n\"open,\nmore\n", "ERR:t.csv:2: the quoted cell opened on line 2 is never closed" },
	{ "unterminated quote opened later in the record", "x,\"ok\",\n\"y", "ERR:t.csv:2: the quoted cell opened on line 2 is never closed" },
};

static void test_csv__table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = read_all(cases[i].in, strlen(cases[i].in), 0, 0);

		if (strcmp(got, cases[i].want)) {
			fprintf(stderr, "case '%s': got '%s', want '%s'\n", cases[i].name, got, cases[i].want);
			test_failures++;
		}
		free(got);
	}
}

static void test_csv__bounds(void)
{
	char *got;

	got = read_all("abcdefghij,k\n", 13, 8, 0);
	CHECK_STREQ(got, "ERR:t.csv:1: record longer than 8 bytes (a quote left open?)");
	free(got);
	got = read_all("a,b,c,d\n", 8, 0, 3);
	CHECK_STREQ(got, "ERR:t.csv:1: record has more than 3 cells");
	free(got);
	/* within the bounds: fine */
	got = read_all("a,b,c\n", 6, 8, 3);
	CHECK_STREQ(got, "L1:[a][b][c]");
	free(got);
}

static void test_csv__line_at(void)
{
	const char *s = "a\r\nb\nc\rd";

	CHECK_INTEQ(csv_line_at(s, strlen(s), 0), 1);
	CHECK_INTEQ(csv_line_at(s, strlen(s), 3), 2);
	CHECK_INTEQ(csv_line_at(s, strlen(s), 5), 3);
	CHECK_INTEQ(csv_line_at(s, strlen(s), 7), 4);
}

static int decode(const char *in, size_t len, const char *enc, char **out, struct strbuf *err)
{
	size_t n;

	strbuf_reset(err);
	return csv_decode("f.csv", in, len, enc, out, &n, err);
}

static void test_csv__decode(void)
{
	struct strbuf err = STRBUF_INIT;
	char *out = NULL;
	/* "점수" (score) in cp949, then "café" in cp1252 */
	const char cp949[] = "a,\xC1\xA1\xBC\xF6\n";
	const char cp1252[] = "caf\xE9\n";

	CHECK(!decode("\xEF\xBB\xBFx\n", 5, NULL, &out, &err));
	CHECK_STREQ(out, "x\n");
	free(out);
	/* a BOM wins over a configured encoding */
	CHECK(!decode("\xEF\xBB\xBF\xEC\xA0\x90\n", 7, "cp949", &out, &err));
	CHECK_STREQ(out, "점\n");
	free(out);
	CHECK(!decode(cp949, strlen(cp949), "cp949", &out, &err));
	CHECK_STREQ(out, "a,점수\n");
	free(out);
	CHECK(!decode(cp1252, strlen(cp1252), "CP1252", &out, &err));
	CHECK_STREQ(out, "café\n");
	free(out);
	/* cp949 bytes read as UTF-8: an error naming the file and line */
	CHECK(decode("ok\nstill ok\n\xC1\xA1\n", 14, NULL, &out, &err) == -1);
	CHECK(strstr(err.buf, "f.csv:3: the text is not valid UTF-8 (byte 0xC1)") != NULL);
	CHECK(strstr(err.buf, "cp949") != NULL);
	CHECK(decode("a\n\0b", 4, "utf-8", &out, &err) == -1);
	CHECK(strstr(err.buf, "f.csv:2: the file contains a NUL byte") != NULL);
	CHECK(decode("x", 1, "no-such-encoding", &out, &err) == -1);
	CHECK(strstr(err.buf, "unknown encoding 'no-such-encoding'") != NULL);
	CHECK(decode("PK\x03\x04zzzz", 8, NULL, &out, &err) == -1);
	CHECK(strstr(err.buf, "not CSV") != NULL);
	/* UTF-16 with a BOM */
	CHECK(!decode("\xFF\xFEh\0i\0\n\0", 8, NULL, &out, &err));
	CHECK_STREQ(out, "hi\n");
	free(out);
	/* invalid cp949 sequence */
	CHECK(decode("a\n\xC1", 3, "cp949", &out, &err) == -1);
	CHECK(strstr(err.buf, "f.csv:2: the text is not valid cp949") != NULL);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_csv__table);
	RUN(test_csv__bounds);
	RUN(test_csv__line_at);
	RUN(test_csv__decode);
	return TEST_RESULT();
}
