/* io_eml.c -- an email as an .eml file a mail client opens. GMime builds the
 * MIME structure and does every encoding (RFC 2047 headers, quoted-printable
 * bodies); cmark-gfm renders the HTML part from the Markdown. Nothing in the
 * file depends on the clock or on chance: the Date header, the Message-ID and
 * the boundary all come from the caller's date and id_seed. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "err.h"
#include "io_eml.h"

#define HASH_HEX 32                 /* hex digits of the hash kept */
#define NO_DOMAIN "qbrt.invalid"    /* RFC 2606: a domain that is never real */

static const char html_head[] =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n";
static const char html_tail[] = "</body></html>\n";

/* ---- the HTML part ---- */

/* A text node holding the literal of the raw HTML node n; a raw HTML block
 * becomes a paragraph of that text, so that it stays a block. cmark-gfm
 * aborts when out of memory and a paragraph always takes text, so nothing
 * here can fail. */
static cmark_node *as_text(cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    cmark_node *text = cmark_node_new(CMARK_NODE_TEXT), *para;
    char *trimmed;
    size_t len;

    if (!lit)
        lit = "";
    if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
        cmark_node_set_literal(text, lit);
        return text;
    }
    /* A block's literal ends with its line break; the paragraph wants none. */
    len = strlen(lit);
    trimmed = strndup(lit, len && lit[len - 1] == '\n' ? len - 1 : len);
    cmark_node_set_literal(text, trimmed ? trimmed : lit);
    free(trimmed);
    para = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(para, text);
    return para;
}

/* Turns raw HTML in the document into text. Safe rendering alone would drop
 * it for "<!-- raw HTML omitted -->", so an action "press <Enter>" or a cell
 * "<b>" would lose words the plain part keeps; as text it is escaped and
 * reads as written, and still nothing in it runs. */
static void escape_raw_html(cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;

    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it), *text;
        cmark_node_type t = cmark_node_get_type(n);

        if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_HTML_INLINE
                                        && t != CMARK_NODE_HTML_BLOCK))
            continue;
        text = as_text(n);
        /* The iterator moves on from the new node, never the freed one. */
        cmark_node_replace(n, text);
        cmark_node_free(n);
        cmark_iter_reset(it, text, CMARK_EVENT_ENTER);
    }
    cmark_iter_free(it);
}

/* The HTML fragment of markdown, with GFM tables. CMARK_OPT_DEFAULT renders
 * safely in cmark-gfm 0.29 (CMARK_OPT_UNSAFE would undo it): raw HTML is
 * dropped, which escape_raw_html makes moot, and javascript:, vbscript:,
 * file: and most data: links get an empty href. The caller frees the result
 * with free(); NULL when the table extension is missing. */
static char *render_fragment(const char *markdown)
{
    cmark_syntax_extension *table;
    cmark_parser *p;
    cmark_node *doc;
    char *html;

    cmark_gfm_core_extensions_ensure_registered();
    if (!(table = cmark_find_syntax_extension("table")))
        return NULL;
    p = cmark_parser_new(CMARK_OPT_DEFAULT);
    cmark_parser_attach_syntax_extension(p, table);
    cmark_parser_feed(p, markdown, strlen(markdown));
    doc = cmark_parser_finish(p);
    escape_raw_html(doc);
    html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
                             cmark_parser_get_syntax_extensions(p));
    cmark_node_free(doc);
    cmark_parser_free(p);
    return html;
}

/* The whole HTML document of markdown; the caller frees it. NULL on failure. */
char *io_eml_html(const char *markdown)
{
    char *body = render_fragment(markdown ? markdown : ""), *html;
    size_t len;

    if (!body)
        return NULL;
    len = strlen(html_head) + strlen(body) + strlen(html_tail) + 1;
    html = malloc(len);
    if (html)
        snprintf(html, len, "%s%s%s", html_head, body, html_tail);
    free(body);
    return html;
}

/* ---- checks ---- */

/* Nonzero when addr looks enough like an address to put in a header: an '@'
 * with text on both sides, and nothing that would end or split the header. */
static int plausible_addr(const char *addr)
{
    const char *at = strrchr(addr, '@');

    if (!at || at == addr || !at[1])
        return 0;
    for (const unsigned char *s = (const unsigned char *)addr; *s; s++)
        if (*s <= ' ' || *s == 0x7f || strchr("<>,;\"", *s))
            return 0;
    return 1;
}

/* Checks one of the two addresses; field names the header, fix the option
 * that sets it. */
static int check_addr(const char *field, const char *addr, const char *who,
                      const char *fix)
{
    if (!addr || !*addr)
        return err_input("%s: %s has no email address; set it with "
                         "qbrt qbr update QBR --%s ADDR", field, who, fix);
    if (!plausible_addr(addr))
        return err_input("%s: '%s' is not an email address; set it with "
                         "qbrt qbr update QBR --%s ADDR", field, addr, fix);
    return 0;
}

/* The Date header's time. m->date is the machine's local time, as qbrt's
 * clock gives it (--now included), so the header carries the local zone's
 * offset. The caller unrefs it; NULL with err set when the text is not a
 * date. */
static GDateTime *parse_date(const char *text)
{
    int y, mo, d, h, mi, s, n = 0;
    GDateTime *t = NULL;

    if (text && sscanf(text, "%4d-%2d-%2d %2d:%2d:%2d%n",
                       &y, &mo, &d, &h, &mi, &s, &n) == 6 && text[n] == '\0')
        t = g_date_time_new_local(y, mo, d, h, mi, s);
    if (!t)
        err_input("date: '%s' is not YYYY-MM-DD HH:MM:SS", text ? text : "");
    return t;
}

/* ---- the message ---- */

/* The hex digits that make the Message-ID and the boundary: SHA-256 of
 * id_seed and date, so one email written twice is the same file. The caller
 * frees it with g_free(). */
static char *id_hash(const struct eml *m)
{
    char *seed = g_strdup_printf("%s\n%s", m->id_seed ? m->id_seed : "",
                                 m->date);
    char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, seed, -1);

    g_free(seed);
    hash[HASH_HEX] = '\0';
    return hash;
}

/* The domain of the Message-ID: the sender's, when it is a plain host name. */
static const char *id_domain(const char *from_addr)
{
    static const char host_chars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-";
    const char *domain = strrchr(from_addr, '@') + 1;

    return domain[strspn(domain, host_chars)] ? NO_DOMAIN : domain;
}

/* A text part of the given subtype holding text as it is, in UTF-8 and
 * quoted-printable: no line of the file grows past 76 octets, and 8-bit text
 * survives any relay. The caller unrefs it. */
static GMimeObject *text_part(const char *subtype, const char *text)
{
    GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text, strlen(text));
    GMimeDataWrapper *content;

    /* Not g_mime_text_part_set_text(): it picks the charset itself, and
     * Latin-1 text would go out as iso-8859-1. */
    content = g_mime_data_wrapper_new_with_stream(
        stream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(GMIME_PART(part), content);
    g_mime_text_part_set_charset(part, "utf-8");
    g_mime_part_set_content_encoding(GMIME_PART(part),
                                     GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_object_unref(content);
    g_object_unref(stream);
    return GMIME_OBJECT(part);
}

/* The body: multipart/alternative, plain first and HTML last, as RFC 2046
 * orders them: a client shows the last part it can. "=_" cannot occur in
 * quoted-printable text, so the boundary never turns up inside a part. NULL
 * with err set when the HTML does not render; the caller unrefs it. */
static GMimeObject *body(const struct eml *m, const char *hash)
{
    const char *markdown = m->markdown ? m->markdown : "";
    char *html = io_eml_html(markdown), *boundary;
    GMimeMultipart *alt;
    GMimeObject *part;

    if (!html) {
        err_fail("email: the Markdown body did not render to HTML");
        return NULL;
    }
    alt = g_mime_multipart_new_with_subtype("alternative");
    boundary = g_strdup_printf("=_qbrt_%s", hash);
    g_mime_multipart_set_boundary(alt, boundary);
    g_free(boundary);
    part = text_part("plain", markdown);
    g_mime_multipart_add(alt, part);
    g_object_unref(part);
    part = text_part("html", html);
    g_mime_multipart_add(alt, part);
    g_object_unref(part);
    free(html);
    return GMIME_OBJECT(alt);
}

/* text on one line, for a header: GMime would encode a line break rather
 * than let it split the header, but readers refuse a name holding one. The
 * caller frees the copy with g_free(). */
static char *one_line(const char *text)
{
    return g_strdelimit(g_strdup(text ? text : ""), "\r\n\t", ' ');
}

/* Adds one mailbox to the From or To header. A non-ASCII name is encoded as
 * UTF-8 like the Subject, not in whatever charset GMime finds smallest. */
static void add_mailbox(GMimeMessage *msg, GMimeAddressType type,
                        const char *name, const char *addr)
{
    char *line = one_line(name);
    InternetAddress *ia = internet_address_mailbox_new(line, addr);

    internet_address_set_charset(ia, "utf-8");
    internet_address_list_add(g_mime_message_get_addresses(msg, type), ia);
    g_object_unref(ia);
    g_free(line);
}

/* The message with its headers and body; NULL with err set. No header is
 * added that varies between runs (no User-Agent, no X-Mailer). */
static GMimeMessage *message(const struct eml *m, const char *hash,
                             GDateTime *date)
{
    GMimeMessage *msg;
    GMimeObject *alt = body(m, hash);
    char *id, *subject;

    if (!alt)
        return NULL;
    msg = g_mime_message_new(TRUE);
    add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->from_name, m->from_addr);
    add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, m->to_name, m->to_addr);
    subject = one_line(m->subject);
    g_mime_message_set_subject(msg, subject, "utf-8");
    g_free(subject);
    g_mime_message_set_date(msg, date);
    id = g_strdup_printf("%s@%s", hash, id_domain(m->from_addr));
    g_mime_message_set_message_id(msg, id);
    g_free(id);
    g_mime_message_set_mime_part(msg, alt);
    g_object_unref(alt);
    return msg;
}

/* The bytes of msg with CRLF line ends, as RFC 5322 has them. The caller
 * frees them with g_byte_array_free(bytes, TRUE). */
static GByteArray *serialize(GMimeMessage *msg)
{
    GMimeStream *stream = g_mime_stream_mem_new();
    GMimeFormatOptions *opts = g_mime_format_options_new();
    GMimeStreamMem *mem = GMIME_STREAM_MEM(stream);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(mem);

    /* The stream would free the bytes with itself; they are ours instead. */
    g_mime_stream_mem_set_owner(mem, FALSE);
    g_mime_format_options_set_newline_format(opts, GMIME_NEWLINE_FORMAT_DOS);
    g_mime_object_write_to_stream(GMIME_OBJECT(msg), opts, stream);
    g_mime_format_options_free(opts);
    g_object_unref(stream);
    return bytes;
}

/* Writes len bytes to path, or to stdout for "-". */
static int write_stdout(const void *data, size_t len)
{
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
        return err_fail("stdout: cannot write: %s", strerror(errno));
    return 0;
}

/* Writes the file whole or not at all: into a temporary file beside it,
 * renamed over the target only once everything is on disk, so a full disk
 * neither leaves half a message nor spoils a good one already there. */
static int write_file(const char *path, const void *data, size_t len)
{
    char *tmp;
    int fd, ok;

    if (strcmp(path, "-") == 0)
        return write_stdout(data, len);
    if (!*path)
        return err_input("--eml: the file name is empty");
    tmp = g_strdup_printf("%s.XXXXXX", path);
    fd = g_mkstemp_full(tmp, O_WRONLY, 0644);
    if (fd < 0) {
        g_free(tmp);
        return err_input("%s: cannot write: %s", path, strerror(errno));
    }
    ok = write(fd, data, len) == (ssize_t)len;
    ok = fsync(fd) == 0 && ok;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int saved = errno;

        unlink(tmp);
        g_free(tmp);
        return err_input("%s: cannot write: %s", path, strerror(saved));
    }
    g_free(tmp);
    return 0;
}

/* GMime sets up its charset tables and types once per process. */
static void init_gmime(void)
{
    static int done;

    if (!done) {
        g_mime_init();
        done = 1;
    }
}

int io_eml_write(const char *path, const struct eml *m)
{
    GDateTime *date;
    GMimeMessage *msg;
    GByteArray *bytes;
    char *hash;
    int rc;

    /* Every check first, so a refused email leaves no file behind. */
    if (check_addr("to", m->to_addr, "the champion", "champion-email")
        || check_addr("from", m->from_addr, "the CSM", "csm-email")
        || !(date = parse_date(m->date)))
        return -1;

    init_gmime();
    hash = id_hash(m);
    msg = message(m, hash, date);
    g_date_time_unref(date);
    g_free(hash);
    if (!msg)
        return -1;
    bytes = serialize(msg);
    g_object_unref(msg);
    rc = write_file(path, bytes->data, bytes->len);
    g_byte_array_free(bytes, TRUE);
    return rc;
}
