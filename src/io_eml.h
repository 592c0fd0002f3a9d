/* io_eml.h -- an email written as a file a mail client opens (RFC 5322):
 * a text/plain part with the Markdown as written and a text/html part
 * rendered from it, with boundaries and Message-ID fixed by the run's time. */
#ifndef QBRT_IO_EML_H
#define QBRT_IO_EML_H

struct eml {
    const char *from_name, *from_addr;   /* the CSM */
    const char *to_name, *to_addr;       /* the champion */
    const char *subject;                 /* UTF-8, may be non-ASCII */
    const char *markdown;                /* the body, UTF-8 Markdown with GFM tables */
    const char *date;                    /* "YYYY-MM-DD HH:MM:SS", the Date header */
    const char *id_seed;                 /* e.g. "summary/ACME-2024Q1": with date, makes
                                            Message-ID and boundaries repeatable */
};

/* Writes m to path; "-" writes to stdout. 0, or -1 with err set. */
int io_eml_write(const char *path, const struct eml *m);

/* The HTML body rendered from markdown; the caller frees it with free().
 * NULL on failure. */
char *io_eml_html(const char *markdown);

#endif
