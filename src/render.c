/* render.c -- text, Markdown and CSV tables. */
#define _XOPEN_SOURCE 700       /* wcwidth */
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <csv.h>

#include "err.h"
#include "render.h"

#define MAX_CELL_WIDTH 56       /* text output; md, csv and json keep it all */

struct table {
    int ncols;
    char **cells;           /* rows * ncols, row 0 the headers */
    int *status;            /* per row, -1 for none */
    int rows, cap;
    int color_col;
};

static const char *const format_names[] = {"text", "md", "json", "csv"};

/* Parses --format; allowed is a mask of RENDER_ALLOW bits. */
int render_format_parse(const char *text, int allowed, enum render_format *out)
{
    for (int f = 0; f < 4; f++)
        if (strcmp(text, format_names[f]) == 0 && (allowed & (1 << f))) {
            *out = (enum render_format)f;
            return 0;
        }
    char known[64] = "";
    for (int f = 0; f < 4; f++)
        if (allowed & (1 << f))
            strcat(strcat(known, known[0] ? "|" : ""), format_names[f]);
    return err_input("--format: '%s' is not one of %s", text, known);
}

/* ANSI colours of the seven statuses: gray, blue, yellow, orange, red, green,
 * and strikethrough for Cancelled. */
const char *render_status_color(enum status s)
{
    switch (s) {
    case ST_NOT_STARTED: return "\033[90m";
    case ST_IN_PROGRESS: return "\033[34m";
    case ST_BLOCKED: return "\033[33m";
    case ST_AT_RISK: return "\033[38;5;208m";
    case ST_OVERDUE: return "\033[31m";
    case ST_COMPLETE: return "\033[32m";
    case ST_CANCELLED: return "\033[9m";
    default: return "";
    }
}

struct table *render_table_new(int ncols, const char *const *headers)
{
    struct table *t = calloc(1, sizeof *t);

    t->ncols = ncols;
    t->color_col = -1;
    render_table_row(t, headers, -1);
    return t;
}

void render_table_color_column(struct table *t, int col)
{
    t->color_col = col;
}

/* Adds a row; a NULL cell prints empty. status colours the colour column. */
void render_table_row(struct table *t, const char *const *cells, int status)
{
    if (t->rows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = realloc(t->cells, (size_t)t->cap * t->ncols * sizeof *t->cells);
        t->status = realloc(t->status, (size_t)t->cap * sizeof *t->status);
    }
    for (int c = 0; c < t->ncols; c++)
        t->cells[t->rows * t->ncols + c] = strdup(cells[c] ? cells[c] : "");
    t->status[t->rows++] = status;
}

void render_table_free(struct table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->rows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->status);
    free(t);
}

/* Columns the character at s takes on a terminal: two for wide East Asian
 * characters, none for combining marks; *len is its length in bytes. */
static int char_width(const char *s, size_t *len)
{
    mbstate_t ps;
    wchar_t wc;
    size_t n;
    int w;

    memset(&ps, 0, sizeof ps);
    n = mbrtowc(&wc, s, MB_LEN_MAX, &ps);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        *len = 1;
        return 1;
    }
    *len = n;
    w = wcwidth(wc);
    return w < 0 ? 1 : w;
}

/* Columns a UTF-8 text takes on a terminal. */
static int width(const char *s)
{
    int w = 0;
    size_t n;

    for (; *s; s += n)
        w += char_width(s, &n);
    return w;
}

/* Writes at most max columns of s; a cut is marked with an ellipsis. Line
 * breaks inside a cell print as spaces. Returns the columns written. */
static int put_clipped(FILE *out, const char *s, int max)
{
    int w = 0, cut = width(s) > max;
    size_t n;

    for (; *s; s += n) {
        int cw = char_width(s, &n);

        if (w + cw > max - cut)
            break;
        w += cw;
        if (*s == '\n' || *s == '\r' || *s == '\t')
            fputc(' ', out);
        else
            fwrite(s, 1, n, out);
    }
    if (cut) {
        fputs("\xE2\x80\xA6", out);
        w++;
    }
    return w;
}

/* Terminal widths need the UTF-8 character type, whatever the locale. */
void render_init(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "");
}

static void write_text(FILE *out, const struct table *t, int color)
{
    int *wd = calloc((size_t)t->ncols, sizeof *wd);

    for (int r = 0; r < t->rows; r++)
        for (int c = 0; c < t->ncols; c++) {
            int w = width(t->cells[r * t->ncols + c]);
            wd[c] = w > wd[c] ? (w > MAX_CELL_WIDTH ? MAX_CELL_WIDTH : w) : wd[c];
        }
    for (int r = 0; r < t->rows; r++) {
        int used = t->ncols;

        while (used > 1 && t->cells[r * t->ncols + used - 1][0] == '\0')
            used--;             /* no padding after the last filled cell */
        for (int c = 0; c < used; c++) {
            const char *cell = t->cells[r * t->ncols + c];
            int last = c == used - 1;
            int paint = color && c == t->color_col && t->status[r] >= 0;
            int w;

            if (paint)
                fputs(render_status_color((enum status)t->status[r]), out);
            w = put_clipped(out, cell, wd[c]);
            if (paint)
                fputs("\033[0m", out);
            if (!last)
                fprintf(out, "%*s", wd[c] - w + 2, "");
        }
        fputc('\n', out);
        if (r == 0) {
            for (int c = 0; c < t->ncols; c++)
                for (int i = 0; i < wd[c] + (c < t->ncols - 1 ? 2 : 0); i++)
                    fputc(i < wd[c] ? '-' : ' ', out);
            fputc('\n', out);
        }
    }
    free(wd);
}

/* A Markdown cell: pipes escaped, line breaks as <br>. */
static void put_md_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else if (*s == '\n')
            fputs("<br>", out);
        else if (*s != '\r')
            fputc(*s, out);
    }
}

static void write_md(FILE *out, const struct table *t)
{
    for (int r = 0; r < t->rows; r++) {
        fputc('|', out);
        for (int c = 0; c < t->ncols; c++) {
            fputc(' ', out);
            put_md_cell(out, t->cells[r * t->ncols + c]);
            fputs(" |", out);
        }
        fputc('\n', out);
        if (r == 0) {
            fputc('|', out);
            for (int c = 0; c < t->ncols; c++)
                fputs("---|", out);
            fputc('\n', out);
        }
    }
}

static void write_csv(FILE *out, const struct table *t)
{
    for (int r = 0; r < t->rows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *cell = t->cells[r * t->ncols + c];

            if (c)
                fputc(',', out);
            csv_fwrite(out, cell, strlen(cell));
        }
        fputs("\r\n", out);
    }
}

void render_table_write(FILE *out, const struct table *t, enum render_format fmt, int color)
{
    if (fmt == FMT_MD)
        write_md(out, t);
    else if (fmt == FMT_CSV)
        write_csv(out, t);
    else
        write_text(out, t, color);
}

void render_heading(FILE *out, int level, const char *text, enum render_format fmt)
{
    if (fmt == FMT_MD)
        fprintf(out, "%.*s %s\n\n", level, "######", text);
    else
        fprintf(out, "%s\n%.*s\n", text, width(text) > 200 ? 200 : width(text),
                level == 1 ? "=================================================="
                             "=================================================="
                             "=================================================="
                             "=================================================="
                           : "--------------------------------------------------"
                             "--------------------------------------------------"
                             "--------------------------------------------------"
                             "--------------------------------------------------");
}
