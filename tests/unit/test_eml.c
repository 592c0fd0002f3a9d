/* test_eml.c -- emails as .eml files: the same inputs give the same bytes,
 * the headers say what they should in 7-bit ASCII, the HTML part escapes
 * what it shows, no line outgrows quoted-printable, and a missing address or
 * an unwritable path is an input error.
 *
 * With QBRT_EML_OUT=DIR the header test leaves sample.eml and the Markdown it
 * was made from, sample.md, in DIR, for tests/eml.t to read with Python's
 * own email parser. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "unit.h"

#include "err.h"
#include "io_eml.h"

#define SUBJECT "Zo\xC3\xAB M\xC3\xBCller \xE2\x80\x94 Q1 Business Review"
#define HASH "e5610e39771302b88dd3cbee5117189c"    /* SHA-256 of seed "\n" date */

static const char markdown[] =
    "# Follow-up from the Q1 review\n"
    "\n"
    "Thank you for the time on Friday. The actions we agreed:\n"
    "\n"
    "| Action | Owner | Due |\n"
    "|---|---|---|\n"
    "| ACME-2024Q1-1 Ship SSO | Zo\xC3\xAB | 2024-04-15 |\n"
    "| ACME-2024Q1-2 <b>&\"quotes\" | Ann | 2024-05-01 |\n"
    "\n"
    "Press <Enter> to confirm; <script>alert(1)</script> stays text.\n";

struct fixture {
    char dir[64];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    strcpy(f->dir, "/tmp/qbrt-eml-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

/* Removes the test's directory and whatever the test wrote into it. */
static int teardown(void **state)
{
    struct fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char path[512];

    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* The email every test starts from. */
static struct eml sample(void)
{
    return (struct eml){
        .from_name = "Ann Example", .from_addr = "ann@vendor.example",
        .to_name = "Zo\xC3\xAB M\xC3\xBCller", .to_addr = "zoe@acme.example",
        .subject = SUBJECT, .markdown = markdown,
        .date = "2024-03-01 10:30:00", .id_seed = "summary/ACME-2024Q1",
    };
}

/* dir/name in out, which holds 512 bytes. */
static const char *in_dir(char *out, const char *dir, const char *name)
{
    snprintf(out, 512, "%s/%s", dir, name);
    return out;
}

/* The bytes of the file at path, NUL-terminated; *len their count. The caller
 * frees them. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    assert_non_null(f);
    do {
        if (cap - n < 4096)
            buf = realloc(buf, cap = cap * 2 + 4096);
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Writes m to dir/name and returns the file's text; the caller frees it. */
static char *written(const struct eml *m, const char *dir, const char *name)
{
    char path[512];

    err_clear();
    assert_int_equal(io_eml_write(in_dir(path, dir, name), m), 0);
    return slurp(path, NULL);
}

/* Asserts that text has the whole line want, ended by CRLF. */
static void assert_line(const char *text, const char *want)
{
    size_t n = strlen(want);

    for (const char *s = text; (s = strstr(s, want)); s++)
        if ((s == text || s[-1] == '\n') && strncmp(s + n, "\r\n", 2) == 0)
            return;
    fail_msg("no line '%s' in the file", want);
}

/* Leaves the sample and its Markdown in $QBRT_EML_OUT for tests/eml.t. */
static void leave_sample(const struct eml *m)
{
    const char *out = getenv("QBRT_EML_OUT");
    char path[512];
    FILE *f;

    if (!out || !*out)
        return;
    assert_int_equal(io_eml_write(in_dir(path, out, "sample.eml"), m), 0);
    f = fopen(in_dir(path, out, "sample.md"), "wb");
    assert_non_null(f);
    fputs(m->markdown, f);
    assert_int_equal(fclose(f), 0);
}

static void same_inputs_same_bytes(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();
    char pa[512], pb[512], *a, *b, *c;
    size_t na, nb;

    assert_int_equal(io_eml_write(in_dir(pa, f->dir, "a.eml"), &m), 0);
    assert_int_equal(io_eml_write(in_dir(pb, f->dir, "b.eml"), &m), 0);
    a = slurp(pa, &na);
    b = slurp(pb, &nb);
    assert_true(na > 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);

    /* Another run's time is another message: a new id and boundary. */
    m.date = "2024-03-01 10:30:01";
    c = written(&m, f->dir, "c.eml");
    assert_null(strstr(c, HASH));
    assert_non_null(strstr(a, HASH));
    free(a), free(b), free(c);
}

static void headers_say_who_when_and_what(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();
    char *text = written(&m, f->dir, "h.eml");
    const char *plain, *html;

    assert_line(text, "Date: Fri, 01 Mar 2024 10:30:00 +0000");
    assert_line(text, "From: Ann Example <ann@vendor.example>");
    assert_non_null(strstr(text, "<zoe@acme.example>\r\n"));
    assert_line(text, "Message-Id: <" HASH "@vendor.example>");
    assert_line(text, "MIME-Version: 1.0");
    assert_line(text, "Content-Type: multipart/alternative;");
    assert_line(text, "\tboundary=\"=_qbrt_" HASH "\"");
    assert_line(text, "--=_qbrt_" HASH "--");

    /* Plain before HTML, both UTF-8 and quoted-printable. */
    plain = strstr(text, "Content-Type: text/plain; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n");
    html = strstr(text, "Content-Type: text/html; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n");
    assert_non_null(plain);
    assert_non_null(html);
    assert_true(plain < html);
    assert_null(strstr(text, "User-Agent"));
    assert_null(strstr(text, "X-Mailer"));
    free(text);
    leave_sample(&m);
}

static void names_are_optional(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();
    char *text;

    m.from_name = NULL, m.to_name = "";
    m.from_addr = "csm@[127.0.0.1]";
    text = written(&m, f->dir, "n.eml");
    assert_line(text, "From: csm@[127.0.0.1]");
    assert_line(text, "To: zoe@acme.example");
    /* A domain that is not a plain host name is not put in the id. */
    assert_line(text, "Message-Id: <" HASH "@qbrt.invalid>");
    free(text);
}

/* A line break in a name or the subject becomes a space: it can neither
 * start a header of its own nor reach a reader that refuses it. */
static void line_breaks_stay_in_their_header(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();
    char *text;

    m.from_name = "Ann\r\nBcc: evil@x.example";
    m.subject = "Q1\nBcc: evil@x.example";
    text = written(&m, f->dir, "b.eml");
    assert_line(text, "From: \"Ann  Bcc: evil@x.example\" <ann@vendor.example>");
    assert_line(text, "Subject: Q1 Bcc: evil@x.example");
    assert_null(strstr(text, "\nBcc:"));
    free(text);
}

/* Every octet of the file is 7-bit, so the subject and names went through
 * RFC 2047 and the bodies through quoted-printable. */
static void non_ascii_subject_is_encoded(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();
    char *text = written(&m, f->dir, "s.eml"), *subject;

    for (const unsigned char *s = (const unsigned char *)text; *s; s++)
        assert_true(*s < 0x80);
    subject = strstr(text, "\r\nSubject: ");
    assert_non_null(subject);
    assert_true(strncasecmp(subject + 11, "=?UTF-8?", 8) == 0);
    assert_non_null(strstr(subject, "?= Q1 Business Review\r\n"));
    free(text);
}

static void html_escapes_table_cells(void **state)
{
    static const char head[] =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n";
    char *html = io_eml_html(markdown);

    (void)state;
    assert_non_null(html);
    assert_true(strncmp(html, head, strlen(head)) == 0);
    assert_non_null(strstr(html, "</body></html>\n"));
    assert_non_null(strstr(html, "<table>"));
    assert_non_null(strstr(html, "<td>ACME-2024Q1-2 &lt;b&gt;&amp;&quot;quotes&quot;</td>"));
    assert_non_null(strstr(html, "Press &lt;Enter&gt; to confirm; "
                                 "&lt;script&gt;alert(1)&lt;/script&gt; stays text."));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "raw HTML omitted"));
    free(html);
}

static void html_blocks_and_links_are_safe(void **state)
{
    char *html = io_eml_html("<div onclick=\"x()\">hi</div>\n\n[go](javascript:alert(1))\n");

    (void)state;
    assert_non_null(html);
    assert_non_null(strstr(html, "<p>&lt;div onclick=&quot;x()&quot;&gt;hi&lt;/div&gt;</p>"));
    assert_non_null(strstr(html, "<a href=\"\">go</a>"));
    assert_null(strstr(html, "javascript"));
    free(html);
}

/* A 1,500-character word: quoted-printable breaks it into lines of at most
 * 76 octets, far inside RFC 5322's 998. */
static void long_word_keeps_lines_short(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();
    char word[1502], *text, *line, *end;

    memset(word, 'x', 1500);
    strcpy(word + 1500, "\n");
    m.markdown = word;
    text = written(&m, f->dir, "l.eml");
    for (line = text; *line; line = end + 2) {
        end = strstr(line, "\r\n");
        assert_non_null(end);
        if (end - line > 76)
            fail_msg("a line of %d octets: %.40s...", (int)(end - line), line);
    }
    free(text);
}

/* Asserts that m is refused as input, with a message holding want, and that
 * no file was left behind. */
static void assert_refused(const struct fixture *f, const struct eml *m, const char *want)
{
    char path[512];

    err_clear();
    assert_int_equal(io_eml_write(in_dir(path, f->dir, "r.eml"), m), -1);
    assert_int_equal(err_code(), ERR_INPUT);
    if (!strstr(err_msg(), want))
        fail_msg("'%s' does not say '%s'", err_msg(), want);
    assert_int_equal(access(path, F_OK), -1);
}

static void missing_addresses_are_refused(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();

    m.to_addr = NULL;
    assert_refused(f, &m, "to: the champion has no email address; "
                          "set it with qbrt qbr update QBR --champion-email ADDR");
    m.to_addr = "";
    assert_refused(f, &m, "--champion-email ADDR");
    m = sample(), m.from_addr = NULL;
    assert_refused(f, &m, "from: the CSM has no email address; "
                          "set it with qbrt qbr update QBR --csm-email ADDR");
    m.from_addr = "ann.vendor.example";
    assert_refused(f, &m, "from: 'ann.vendor.example' is not an email address");
    m = sample(), m.to_addr = "zoe@acme.example\r\nBcc: x@evil.example";
    assert_refused(f, &m, "is not an email address");
    m = sample(), m.date = "2024-02-30 10:00:00";
    assert_refused(f, &m, "date: '2024-02-30 10:00:00' is not YYYY-MM-DD HH:MM:SS");
}

static void unwritable_path_is_refused(void **state)
{
    struct fixture *f = *state;
    struct eml m = sample();
    char path[512];

    err_clear();
    assert_int_equal(io_eml_write(in_dir(path, f->dir, "no/such/dir.eml"), &m), -1);
    assert_int_equal(err_code(), ERR_INPUT);
    assert_non_null(strstr(err_msg(), "/no/such/dir.eml: cannot write: No such file"));
}

static const struct CMUnitTest eml_tests[] = {
    cmocka_unit_test_setup_teardown(same_inputs_same_bytes, setup, teardown),
    cmocka_unit_test_setup_teardown(headers_say_who_when_and_what, setup, teardown),
    cmocka_unit_test_setup_teardown(names_are_optional, setup, teardown),
    cmocka_unit_test_setup_teardown(line_breaks_stay_in_their_header, setup, teardown),
    cmocka_unit_test_setup_teardown(non_ascii_subject_is_encoded, setup, teardown),
    cmocka_unit_test(html_escapes_table_cells),
    cmocka_unit_test(html_blocks_and_links_are_safe),
    cmocka_unit_test_setup_teardown(long_word_keeps_lines_short, setup, teardown),
    cmocka_unit_test_setup_teardown(missing_addresses_are_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(unwritable_path_is_refused, setup, teardown),
};

UNIT_GROUP(eml, eml_tests);
