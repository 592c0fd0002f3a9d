/* io_csv.c -- reading CSV with libcsv, and importing actions from it. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "err.h"
#include "io_csv.h"
#include "ledger.h"
#include "model.h"
#include "store.h"

#define MAX_FILE_SIZE (64L << 20)
#define MAX_REPORTED 20     /* problems listed; the rest are counted */
#define ERR_ROOM 2000       /* bytes of one error message: err keeps 2047 */
#define SHOWN_MAX 60        /* bytes of a value quoted in a message */

/* ---- reading ---- */

struct reader {
    struct csv_rows *rows;
    char **cells;           /* the row being read */
    unsigned char *nul;     /* which of its fields held a NUL byte */
    size_t ncells, cap;
    size_t line;            /* the physical line being fed */
    size_t row_line;        /* the line the row being read started on */
    int between_rows;
    int at_end;             /* the file is read; only csv_fini is left */
};

static void on_field(void *data, size_t len, void *ud)
{
    struct reader *r = ud;

    if (r->ncells == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->cells = realloc(r->cells, r->cap * sizeof *r->cells);
        r->nul = realloc(r->nul, r->cap);
    }
    /* The string of a field with a NUL byte in it would stop there without a
     * word; libcsv gives the length, so it is noted here and reported. */
    r->nul[r->ncells] = data && memchr(data, '\0', len);
    r->cells[r->ncells] = malloc(len + 1);
    memcpy(r->cells[r->ncells], data ? data : "", data ? len : 0);
    r->cells[r->ncells++][data ? len : 0] = '\0';
}

static void on_row(int term, void *ud)
{
    struct reader *r = ud;
    struct csv_rows *rows = r->rows;

    (void)term;
    if (rows->n == rows->cap) {
        rows->cap = rows->cap ? rows->cap * 2 : 64;
        rows->cells = realloc(rows->cells, rows->cap * sizeof *rows->cells);
        rows->nul = realloc(rows->nul, rows->cap * sizeof *rows->nul);
        rows->ncells = realloc(rows->ncells, rows->cap * sizeof *rows->ncells);
        rows->line = realloc(rows->line, rows->cap * sizeof *rows->line);
    }
    rows->cells[rows->n] = r->cells;
    rows->nul[rows->n] = r->nul;
    rows->ncells[rows->n] = r->ncells;
    rows->line[rows->n++] = r->row_line;
    r->cells = NULL, r->nul = NULL, r->ncells = 0, r->cap = 0;
    r->between_rows = 1;
}

static int blank_line(const char *s, size_t len)
{
    return len == 0 || (len == 1 && (*s == '\n' || *s == '\r'))
           || (len == 2 && s[0] == '\r' && s[1] == '\n');
}

/* Length of the physical line at s: through "\n", "\r\n" or a lone "\r". */
static size_t line_length(const char *s, size_t left)
{
    for (size_t i = 0; i < left; i++) {
        if (s[i] == '\n')
            return i + 1;
        if (s[i] == '\r')
            return i + 1 < left && s[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return left;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;

    if (!f) {
        err_input("%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || size > MAX_FILE_SIZE
        || fseek(f, 0, SEEK_SET)) {
        fclose(f);
        err_input("%s: cannot read, or larger than %ld MiB", path, MAX_FILE_SIZE >> 20);
        return NULL;
    }
    buf = malloc((size_t)size + 1);
    *len = fread(buf, 1, (size_t)size, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

/* Feeds libcsv one physical line at a time, so that every row knows the
 * line it starts on even when quoted fields hold line breaks. */
static int parse_lines(struct csv_parser *p, struct reader *r, const char *text, size_t len)
{
    size_t at = 0;

    while (at < len) {
        size_t n = line_length(text + at, len - at);

        r->line++;
        if (r->between_rows && !blank_line(text + at, n)) {
            r->row_line = r->line;
            r->between_rows = 0;
        }
        if (csv_parse(p, text + at, n, on_field, on_row, r) != n)
            return -1;
        at += n;
    }
    r->at_end = 1;
    return csv_fini(p, on_field, on_row, r);
}

/* Says in our words what libcsv found: its own text ("error parsing data
 * while strict checking enabled") tells someone with a spreadsheet nothing.
 * An error at the end, or lines after the row began, is a quote left open. */
static int parse_error(const char *path, const struct reader *r, int code)
{
    if (code == CSV_ENOMEM)
        return err_fail("%s:%zu: out of memory", path, r->line);
    if (code == CSV_ETOOBIG)
        return err_input("%s:%zu: a field is too big", path, r->line);
    if (r->at_end || (r->between_rows == 0 && r->row_line != r->line))
        return err_input("%s:%zu: the row starting here has a quoted field with no closing "
                         "quote (a quote inside a field must be doubled)", path, r->row_line);
    return err_input("%s:%zu: a quote in the middle of a field; a quote inside a field must "
                     "be doubled (\"\")", path, r->line);
}

/* Spreadsheets save "Unicode text" as UTF-16: read as bytes, it would put
 * NULs and stray bytes in every message, so it gets one clear one. */
static int is_utf16(const char *text, size_t len)
{
    return len >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE')
                        || (text[0] == '\xFE' && text[1] == '\xFF'));
}

static void reader_free(struct reader *r)
{
    for (size_t i = 0; i < r->ncells; i++)
        free(r->cells[i]);
    free(r->cells), free(r->nul);
}

/* Reads a whole CSV file; a UTF-8 byte-order mark is skipped. */
int io_csv_read(const char *path, struct csv_rows *out)
{
    struct csv_parser p;
    struct reader r = {.rows = out, .between_rows = 1};
    size_t len;
    char *text = slurp(path, &len);
    const char *body = text;
    int rc;

    memset(out, 0, sizeof *out);
    if (!text)
        return -1;
    if (is_utf16(text, len)) {
        free(text);
        return err_input("%s: the file is UTF-16; save it as UTF-8 CSV", path);
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        body += 3, len -= 3;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    rc = parse_lines(&p, &r, body, len);
    if (rc) {
        parse_error(path, &r, csv_error(&p));
        io_csv_free(out);
    }
    csv_free(&p);
    reader_free(&r);
    free(text);
    return rc ? -1 : 0;
}

void io_csv_free(struct csv_rows *rows)
{
    for (size_t r = 0; r < rows->n; r++) {
        for (size_t c = 0; c < rows->ncells[r]; c++)
            free(rows->cells[r][c]);
        free(rows->cells[r]), free(rows->nul[r]);
    }
    free(rows->cells), free(rows->nul), free(rows->ncells), free(rows->line);
    memset(rows, 0, sizeof *rows);
}

/* ---- the columns of an action file ---- */

/* The columns from COL_HELD_AT on are the QBR's own fields, not the action's. */
enum column {
    COL_ID, COL_QBR, COL_CUSTOMER, COL_QUARTER, COL_SIDE, COL_ACTION, COL_OWNER, COL_DUE,
    COL_ORIGINAL_DUE, COL_STATUS, COL_COMPLETED_ON, COL_OUTCOME, COL_NOTES, COL_GOAL,
    COL_DONE_WHEN, COL_CARRIED_FROM, COL_HELD_AT, COL_CHAMPION, COL_CHAMPION_EMAIL, COL_CSM,
    COL_CSM_EMAIL, COL_SUMMARY_SENT_AT, COL_NEXT_QBR_ON, COL_DEBRIEFED_ON, COL_TAKEAWAYS,
    COL_VALUE_DELIVERED, COL_ROI, COL_NEXT_STEPS, COL_RESOURCES, COL_COUNT
};

#define QBR_COLS (COL_COUNT - COL_HELD_AT)

/* import.bad keeps one bit a column. */
_Static_assert(COL_COUNT <= 32, "too many columns for an unsigned bit mask");

static const char *const column_names[COL_COUNT] = {
    "id", "qbr", "customer", "quarter", "side", "action", "owner", "due_date",
    "original_due_date", "status", "completed_on", "outcome", "notes", "goal", "done_when",
    "carried_from", "held_at", "champion", "champion_email", "csm", "csm_email",
    "summary_sent_at", "next_qbr_on", "debriefed_on", "takeaways", "value_delivered", "roi",
    "next_steps", "resources",
};

/* Where each QBR column goes in struct qbr, in the order of the enum. */
static const size_t qbr_offsets[QBR_COLS] = {
    offsetof(struct qbr, held_at), offsetof(struct qbr, champion),
    offsetof(struct qbr, champion_email), offsetof(struct qbr, csm),
    offsetof(struct qbr, csm_email), offsetof(struct qbr, summary_sent_at),
    offsetof(struct qbr, next_qbr_on), offsetof(struct qbr, debriefed_on),
    offsetof(struct qbr, takeaways), offsetof(struct qbr, value_delivered),
    offsetof(struct qbr, roi), offsetof(struct qbr, next_steps), offsetof(struct qbr, resources),
};

static char **qbr_field(struct qbr *q, enum column c)
{
    return (char **)((char *)q + qbr_offsets[c - COL_HELD_AT]);
}

/* The list fields hold one item a line, as the CLI's repeatable options do. */
static int is_list(enum column c)
{
    return c == COL_TAKEAWAYS || c == COL_VALUE_DELIVERED || c == COL_NEXT_STEPS
           || c == COL_RESOURCES;
}

/* A value as a message quotes it: its first line, at most SHOWN_MAX bytes,
 * cut between characters, so that a report stays one short line a problem.
 * The buffers are used in turn, so one message can quote a few values. */
static const char *shown(const char *v)
{
    static char ring[4][SHOWN_MAX + 4];
    static unsigned next;
    char *out = ring[next++ % 4];
    size_t n = strcspn(v, "\r\n");

    if (n > SHOWN_MAX) {
        n = SHOWN_MAX;
        while (n && ((unsigned char)v[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, v, n);
    strcpy(out + n, v[n] ? "..." : "");
    return out;
}

/* Header text to a field name: case and spaces do not matter ("Due Date"). */
static int column_of(const char *header)
{
    char name[64];
    size_t n;

    while (*header == ' ')
        header++;
    n = strlen(header);
    while (n && header[n - 1] == ' ')
        n--;
    if (n >= sizeof name)
        return -1;      /* longer than any column name; cutting it could make one */
    for (size_t i = 0; i < n; i++)
        name[i] = header[i] == ' ' || header[i] == '-' ? '_'
                  : (char)tolower((unsigned char)header[i]);
    while (n && name[n - 1] == '_')
        n--;
    name[n] = '\0';
    for (int c = 0; c < COL_COUNT; c++)
        if (strcmp(name, column_names[c]) == 0)
            return c;
    return -1;
}

/* A header cell is text like any other: a NUL or bytes that are not UTF-8
 * would otherwise end up in the unknown-column message. */
static int check_header_cell(const char *path, const struct csv_rows *rows, size_t i)
{
    char field[64];

    snprintf(field, sizeof field, "header column %zu", i + 1);
    if (rows->nul[0][i])
        return err_input("%s:%zu: %s: contains a NUL byte", path, rows->line[0], field);
    if (ledger_check_text(field, rows->cells[0][i]))
        return err_prefix("%s:%zu: ", path, rows->line[0]);
    return 0;
}

/* A header read as one column that holds ';' or a tab comes from a file
 * saved with another separator (Excel does so in many countries). */
static const char *separator_hint(const struct csv_rows *rows)
{
    if (rows->ncells[0] != 1)
        return "";
    if (strchr(rows->cells[0][0], ';'))
        return "; the file seems to be separated by ';' (qbrt reads commas)";
    if (strchr(rows->cells[0][0], '\t'))
        return "; the file seems to be separated by tabs (qbrt reads commas)";
    return "";
}

static int map_header_cell(const char *path, const struct csv_rows *rows, size_t i,
                           int map[COL_COUNT])
{
    char known[COL_COUNT * 24] = "";     /* longer than all names with ", " */
    int c;

    if (check_header_cell(path, rows, i))
        return -1;
    if ((c = column_of(rows->cells[0][i])) < 0) {
        for (int k = 0; k < COL_COUNT; k++)
            strcat(strcat(known, k ? ", " : ""), column_names[k]);
        return err_input("%s:%zu: unknown column '%s'; the columns are %s%s", path,
                         rows->line[0], shown(rows->cells[0][i]), known,
                         separator_hint(rows));
    }
    if (map[c] >= 0)
        return err_input("%s:%zu: column '%s' appears twice", path, rows->line[0],
                         column_names[c]);
    map[c] = (int)i;
    return 0;
}

/* Maps each column of the file to a field; map[field] is the column index
 * or -1. Unknown and repeated columns are errors. */
static int read_header(const char *path, const struct csv_rows *rows, int map[COL_COUNT])
{
    for (int c = 0; c < COL_COUNT; c++)
        map[c] = -1;
    if (rows->n == 0)
        return err_input("%s: the file is empty; it needs a header row", path);
    for (size_t i = 0; i < rows->ncells[0]; i++)
        if (map_header_cell(path, rows, i, map))
            return -1;
    for (int c = COL_ACTION; c <= COL_DUE; c++)
        if (map[c] < 0)
            return err_input("%s: a column '%s' is required", path, column_names[c]);
    if (map[COL_QBR] < 0 && (map[COL_CUSTOMER] < 0 || map[COL_QUARTER] < 0))
        return err_input("%s: name the QBR with a 'qbr' column, or 'customer' and "
                         "'quarter' columns", path);
    return 0;
}

/* ---- checking rows ---- */

struct id_row {
    const char *id;
    size_t row;
};

struct import {
    const char *path;
    struct csv_rows *rows;      /* ours: cells are trimmed in place */
    struct store *st;
    struct host *h;
    int map[COL_COUNT];
    unsigned bad;               /* columns of the row being checked that are not text */
    struct id_row *ids;         /* the rows that give an ID, sorted by it */
    size_t nids;
    size_t *first;              /* first[r]: the earlier row with r's ID, or 0 */
    char *problems;             /* one line per bad value */
    size_t nproblems, nlisted, len;
    int full;                   /* no more lines fit in the message */
    char *seen_id;              /* the last QBR looked up by its ID */
    struct qbr seen;
    int seen_rc;
    size_t qbr_row;             /* the last row whose QBR was found or added */
    char *last_qbr;
    size_t *group;              /* group[r]: 1 + the group of rows of r's QBR, or 0 */
    size_t *giver;              /* giver[g * QBR_COLS + k]: the first row of group g
                                 * with a good value of QBR column k, or 0 */
};

/* Whitespace in ASCII only: the locale's isspace() could take a byte of a
 * UTF-8 character for a space and cut the character in two. */
static int ascii_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* A row's value of a field, trimmed in place; NULL when absent or empty.
 * Trimming again finds nothing more to cut, so it can be called often. */
static const char *cell(struct import *im, size_t row, enum column c)
{
    char *v, *end;

    if (im->map[c] < 0 || (size_t)im->map[c] >= im->rows->ncells[row])
        return NULL;
    v = im->rows->cells[row][im->map[c]];
    while (ascii_space(*v))
        v++;
    end = v + strlen(v);
    while (end > v && ascii_space(end[-1]))
        end--;
    *end = '\0';
    return *v ? v : NULL;
}

/* A value for the checks of its meaning: NULL when its text was reported
 * bad already, so that no message quotes bytes that are not text. */
static const char *good_cell(struct import *im, size_t row, enum column c)
{
    return im->bad & 1u << c ? NULL : cell(im, row, c);
}

static void problem(struct import *im, size_t row, enum column c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds a line to the report. The report goes out as one error message,
 * which err cuts at 2047 bytes: listing stops while the summary still fits. */
static void problem(struct import *im, size_t row, enum column c, const char *fmt, ...)
{
    char line[1024];
    size_t n;
    va_list ap;

    if (im->nproblems++ >= MAX_REPORTED || im->full)
        return;
    n = (size_t)snprintf(line, sizeof line, "%s%s:%zu: %s%s%s", im->nlisted ? "\n" : "",
                         im->path, im->rows->line[row], c < COL_COUNT ? "column " : "",
                         c < COL_COUNT ? column_names[c] : "", c < COL_COUNT ? ": " : "");
    va_start(ap, fmt);
    if (n < sizeof line)
        vsnprintf(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    n = strlen(line);
    if (im->len + n + strlen(im->path) + 64 > ERR_ROOM) {
        im->full = 1;
        return;
    }
    im->problems = realloc(im->problems, im->len + n + 1);
    memcpy(im->problems + im->len, line, n + 1);
    im->len += n, im->nlisted++;
}

/* Every cell is text that can be stored; a cell that is not is reported
 * here, once, and left out of the checks of its meaning. */
static void check_texts(struct import *im, size_t row)
{
    im->bad = 0;
    for (enum column c = 0; c < COL_COUNT; c++) {
        int i = im->map[c];
        const char *v;

        if (i < 0 || (size_t)i >= im->rows->ncells[row])
            continue;
        if (im->rows->nul[row][i])
            problem(im, row, c, "contains a NUL byte");
        else if ((v = cell(im, row, c)) && ledger_check_text(column_names[c], v))
            problem(im, row, COL_COUNT, "column %s", err_msg());
        else
            continue;
        im->bad |= 1u << c;
    }
}

static void check_date(struct import *im, size_t row, enum column c)
{
    const char *v = good_cell(im, row, c);

    if (v && ledger_check_date(column_names[c], v))
        problem(im, row, c, "'%s' is not a calendar date (YYYY-MM-DD)", shown(v));
}

/* The state to store for a status label; computed statuses are stored as
 * In Progress and computed again. */
static int stored_state(const char *label, enum status *out)
{
    if (!label) {
        *out = ST_NOT_STARTED;
        return 0;
    }
    if (model_status_parse(label, out))
        return -1;
    if (!model_status_is_stored(*out))
        *out = ST_IN_PROGRESS;
    return 0;
}

/* Whether a row gives a field; a value reported as bad text is given. */
static int given(struct import *im, size_t row, enum column c)
{
    return (im->bad & 1u << c) || cell(im, row, c);
}

static void check_required(struct import *im, size_t row)
{
    for (enum column c = COL_ACTION; c <= COL_DUE; c++)
        if (!given(im, row, c))
            problem(im, row, c, "is empty; every action needs it");
    if (!given(im, row, COL_QBR)
        && (!given(im, row, COL_CUSTOMER) || !given(im, row, COL_QUARTER)))
        problem(im, row, COL_QBR, "is empty; give the QBR, or customer and quarter");
}

static void check_values(struct import *im, size_t row)
{
    char quarter[8];
    enum status state;
    enum side side;
    const char *v;

    check_date(im, row, COL_DUE), check_date(im, row, COL_ORIGINAL_DUE);
    check_date(im, row, COL_COMPLETED_ON);
    if ((v = good_cell(im, row, COL_SIDE)) && model_side_parse(v, &side))
        problem(im, row, COL_SIDE, "'%s' is neither customer nor vendor", shown(v));
    v = good_cell(im, row, COL_STATUS);
    if (stored_state(v, &state))
        problem(im, row, COL_STATUS, "'%s' is not a status (Not Started, In Progress, "
                "Blocked, At Risk, Overdue, Complete, Cancelled)", shown(v));
    else if (state == ST_COMPLETE && !cell(im, row, COL_COMPLETED_ON))
        problem(im, row, COL_COMPLETED_ON, "is empty; a Complete action needs the date");
    if ((v = good_cell(im, row, COL_QUARTER)) && ledger_quarter(v, quarter))
        problem(im, row, COL_QUARTER, "'%s' is not a quarter such as 2024Q1", shown(v));
}

/* ---- the QBR's own fields ---- */

/* A list cell as stored: its lines trimmed, empty ones dropped. A line
 * break may be "\n", "\r\n" or "\r", as spreadsheets write them. */
static char *list_value(const char *v)
{
    char *out = malloc(strlen(v) + 1), *end = out;

    while (*v) {
        size_t n = strcspn(v, "\r\n");
        const char *item = v, *stop = v + n;

        while (item < stop && ascii_space(*item))
            item++;
        while (stop > item && ascii_space(stop[-1]))
            stop--;
        if (stop > item) {
            if (end > out)
                *end++ = '\n';
            memcpy(end, item, (size_t)(stop - item));
            end += stop - item;
        }
        v += n + (v[n] != '\0');
    }
    *end = '\0';
    return out;
}

/* A cell of a QBR field as it is stored, or NULL for an empty one, which
 * gives nothing. The caller frees it. */
static char *stored_form(enum column c, const char *v)
{
    if (!v)
        return NULL;
    return is_list(c) ? list_value(v) : strdup(v);
}

/* Checks a QBR field's value by the ledger's own rules, on a QBR that has
 * only that field, so that the import and `qbrt qbr` cannot drift apart.
 * Dates get messages of their own that quote only the start of a value. */
static int check_qbr_value(enum column c, char *v)
{
    char customer[] = "-";
    struct qbr probe = {.customer = customer};
    const char *name = column_names[c];

    if ((c == COL_HELD_AT || c == COL_SUMMARY_SENT_AT) && ledger_check_datetime(name, v))
        return err_input("%s: '%s' is not a date or date and time (YYYY-MM-DD [HH:MM])",
                         name, shown(v));
    if ((c == COL_NEXT_QBR_ON || c == COL_DEBRIEFED_ON) && ledger_check_date(name, v))
        return err_input("%s: '%s' is not a calendar date (YYYY-MM-DD)", name, shown(v));
    *qbr_field(&probe, c) = v;
    return ledger_qbr_check(&probe);
}

/* The value of a QBR field that other rows of its QBR must agree with: its
 * text and meaning are good. NULL otherwise; the caller frees it. */
static char *good_qbr_value(struct import *im, size_t row, enum column c)
{
    int i = im->map[c];
    char *v;

    if (i < 0 || (size_t)i >= im->rows->ncells[row] || im->rows->nul[row][i])
        return NULL;
    v = stored_form(c, cell(im, row, c));
    if (v && (ledger_check_text(column_names[c], v) || check_qbr_value(c, v))) {
        free(v);
        return NULL;
    }
    return v;
}

/* What makes rows one QBR's, as text: the qbr column in capitals, else the
 * customer in small letters and the quarter; NULL when the row names none. */
static char *qbr_key(struct import *im, size_t row)
{
    const char *id = cell(im, row, COL_QBR), *customer = cell(im, row, COL_CUSTOMER);
    char quarter[8], *key;

    if (id) {
        key = malloc(strlen(id) + 3);
        sprintf(key, "Q:%s", id);
        for (char *k = key; *k; k++)
            *k = (char)toupper((unsigned char)*k);
        return key;
    }
    if (!customer || ledger_quarter(cell(im, row, COL_QUARTER), quarter))
        return NULL;
    key = malloc(strlen(customer) + sizeof quarter + 3);
    sprintf(key, "c:%s:%s", quarter, customer);     /* "Q:" and "c:" never meet */
    for (char *k = key; *k; k++)
        *k = (char)tolower((unsigned char)*k);
    return key;
}

struct key_row {
    char *key;
    size_t row;
};

static int by_key(const void *x, const void *y)
{
    const struct key_row *a = x, *b = y;
    int d = strcmp(a->key, b->key);

    return d ? d : (a->row > b->row) - (a->row < b->row);
}

/* Notes, for the rows of one group in file order, the first row that gives
 * each QBR field a good value: the value later rows must agree with. */
static void note_givers(struct import *im, size_t g, size_t row)
{
    for (enum column c = COL_HELD_AT; c < COL_COUNT; c++) {
        size_t *giver = &im->giver[g * QBR_COLS + (c - COL_HELD_AT)];
        char *v;

        if (*giver == 0 && (v = good_qbr_value(im, row, c))) {
            *giver = row;
            free(v);
        }
    }
}

/* Groups the rows by their QBR's key, sorted once as IDs are, so that rows
 * that disagree on a QBR field are found without comparing every pair. */
static void index_qbrs(struct import *im)
{
    size_t n = im->rows->n, nkeys = 0, groups = 0;
    struct key_row *keys;
    int any = 0;

    for (enum column c = COL_HELD_AT; c < COL_COUNT; c++)
        any |= im->map[c] >= 0;
    if (!any)
        return;
    keys = malloc(n * sizeof *keys);
    for (size_t r = 1; r < n; r++)
        if ((keys[nkeys].key = qbr_key(im, r)))
            keys[nkeys++].row = r;
    qsort(keys, nkeys, sizeof *keys, by_key);
    im->group = calloc(n, sizeof *im->group);
    im->giver = calloc(nkeys * QBR_COLS + 1, sizeof *im->giver);
    for (size_t i = 0; i < nkeys; i++) {
        groups += i == 0 || strcmp(keys[i].key, keys[i - 1].key) != 0;
        im->group[keys[i].row] = groups;
        note_givers(im, groups - 1, keys[i].row);
    }
    for (size_t i = 0; i < nkeys; i++)
        free(keys[i].key);
    free(keys);
}

/* A stored list as a message quotes it: shown() stops at the first line,
 * and two lists that differ further on would look the same. */
static char *list_shown(char *v)
{
    char *out = malloc(2 * strlen(v) + 1), *o = out;

    for (const char *p = v; *p; p++) {
        if (*p == '\n')
            *o++ = ';', *o++ = ' ';
        else
            *o++ = *p;
    }
    *o = '\0';
    free(v);
    return out;
}

/* A good value that another row of the same QBR gave differently first. */
static void check_agrees(struct import *im, size_t row, enum column c, const char *v)
{
    size_t at;
    char *first, *mine;

    if (!im->group || !im->group[row])
        return;
    at = im->giver[(im->group[row] - 1) * QBR_COLS + (c - COL_HELD_AT)];
    if (at == 0 || at == row || !(first = stored_form(c, cell(im, at, c))))
        return;
    if (strcmp(first, v) != 0) {
        mine = strdup(v);
        if (is_list(c))
            mine = list_shown(mine), first = list_shown(first);
        problem(im, row, c, "'%s' differs from '%s' on line %zu for the same QBR",
                shown(mine), shown(first), im->rows->line[at]);
        free(mine);
    }
    free(first);
}

static void check_qbr_values(struct import *im, size_t row)
{
    for (enum column c = COL_HELD_AT; c < COL_COUNT; c++) {
        char *v = stored_form(c, good_cell(im, row, c));

        if (v && check_qbr_value(c, v))
            problem(im, row, COL_COUNT, "column %s", err_msg());
        else if (v)
            check_agrees(im, row, c, v);
        free(v);
    }
}

/* The QBR of an ID, looked up once for a run of rows that name it.
 * Returns 0, 1 when there is none, or -1. */
static int named_qbr(struct import *im, const char *id, const struct qbr **q)
{
    if (!im->seen_id || strcmp(im->seen_id, id) != 0) {
        model_qbr_free(&im->seen);
        memset(&im->seen, 0, sizeof im->seen);
        free(im->seen_id);
        im->seen_id = strdup(id);
        im->seen_rc = store_qbr_get(im->st, id, &im->seen);
    }
    *q = &im->seen;
    return im->seen_rc;
}

/* Whether a row's customer is the QBR's: its name or key in any case, or a
 * name the rules make the same key from ("Acme Inc" for "Acme, Inc."), as
 * rows without a qbr column find their QBR. Returns 1, 0, or -1. */
static int is_customer_of(struct import *im, const struct qbr *q, const char *customer)
{
    struct qbr found = {0};
    char *key = NULL;
    int rc;

    if (strcasecmp(customer, q->customer) == 0)
        return 1;
    rc = store_qbr_find(im->st, customer, q->quarter, &found);
    if (rc == 1 && ledger_customer_key(im->h, customer, &key) == 0)
        rc = store_qbr_find(im->st, key, q->quarter, &found);
    else if (rc == 1 && err_code() != ERR_INPUT)
        rc = -1;        /* the rules failed; a key they cannot make is no match */
    if (rc == 0)
        rc = strcasecmp(found.id, q->id) == 0;
    else if (rc == 1)
        rc = 0;
    model_qbr_free(&found);
    free(key);
    return rc;
}

/* A row that names its QBR by ID may give customer and quarter as well:
 * they must be that QBR's, or the row would land somewhere unmeant. */
static int check_qbr_fields(struct import *im, size_t row, const struct qbr *q)
{
    const char *customer = good_cell(im, row, COL_CUSTOMER);
    const char *quarter = good_cell(im, row, COL_QUARTER);
    char norm[8];
    int rc = 0;

    if (customer && (rc = is_customer_of(im, q, customer)) == 0)
        problem(im, row, COL_CUSTOMER, "'%s' is not the customer of QBR %s (%s)",
                shown(customer), q->id, shown(q->customer));
    if (quarter && ledger_quarter(quarter, norm) == 0 && strcmp(norm, q->quarter) != 0)
        problem(im, row, COL_QUARTER, "'%s' is not the quarter of QBR %s (%s)",
                shown(quarter), q->id, q->quarter);
    return rc < 0 ? -1 : 0;
}

static int check_qbr(struct import *im, size_t row)
{
    const char *id = good_cell(im, row, COL_QBR);
    const struct qbr *q;
    int rc;

    if (!id)
        return 0;
    if ((rc = named_qbr(im, id, &q)) < 0)
        return -1;
    if (rc == 1) {
        problem(im, row, COL_QBR, "no QBR %s; add it first, or give customer and quarter "
                "instead", shown(id));
        return 0;
    }
    return check_qbr_fields(im, row, q);
}

static int by_id(const void *x, const void *y)
{
    const struct id_row *a = x, *b = y;
    int d = strcmp(a->id, b->id);

    return d ? d : (a->row > b->row) - (a->row < b->row);
}

/* Sorts the rows' IDs once, so that a repeated ID, and the row an action
 * was carried from, are found without comparing each row with every other.
 * IDs compare as the store's key does, byte for byte. */
static void index_ids(struct import *im)
{
    size_t n = im->rows->n;

    im->ids = malloc(n * sizeof *im->ids);
    im->first = calloc(n, sizeof *im->first);
    for (size_t r = 1; r < n; r++) {
        const char *id = cell(im, r, COL_ID);

        if (id)
            im->ids[im->nids++] = (struct id_row){id, r};
    }
    qsort(im->ids, im->nids, sizeof *im->ids, by_id);
    for (size_t i = 1; i < im->nids; i++) {
        size_t prev = im->ids[i - 1].row;

        if (strcmp(im->ids[i].id, im->ids[i - 1].id) == 0)
            im->first[im->ids[i].row] = im->first[prev] ? im->first[prev] : prev;
    }
}

/* The first row of the file that gives this ID, or 0. */
static size_t row_of_id(const struct import *im, const char *id)
{
    size_t lo = 0, hi = im->nids;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(im->ids[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < im->nids && strcmp(im->ids[lo].id, id) == 0 ? im->ids[lo].row : 0;
}

/* The action a row was carried from is stored already, or comes on an
 * earlier row: rows are written in order, and the store refers to it. */
static int check_carried(struct import *im, size_t row)
{
    const char *from = good_cell(im, row, COL_CARRIED_FROM);
    size_t at;
    int rc;

    if (!from || ((at = row_of_id(im, from)) && at < row))
        return 0;
    if ((rc = store_action_exists(im->st, from)) != 0)
        return rc < 0 ? -1 : 0;
    if (at == row)
        problem(im, row, COL_CARRIED_FROM, "%s is this action's own ID", shown(from));
    else if (at)
        problem(im, row, COL_CARRIED_FROM, "%s is on a later line (%zu); it must come "
                "before the action carried from it", shown(from), im->rows->line[at]);
    else
        problem(im, row, COL_CARRIED_FROM, "no action %s, in the database or on an "
                "earlier line", shown(from));
    return 0;
}

static int check_ids(struct import *im, size_t row)
{
    const char *id = good_cell(im, row, COL_ID);
    int rc = 0;

    if (id && im->first[row])
        problem(im, row, COL_ID, "%s appears again (first on line %zu)", shown(id),
                im->rows->line[im->first[row]]);
    else if (id && (rc = store_action_exists(im->st, id)) == 1)
        problem(im, row, COL_ID, "%s already exists", shown(id));
    if (rc < 0)
        return -1;
    return check_carried(im, row);
}

/* Reports each problem of a row; -1 only when the store fails. */
static int check_row(struct import *im, size_t row)
{
    check_texts(im, row);
    check_required(im, row);
    check_values(im, row);
    check_qbr_values(im, row);
    if (check_qbr(im, row) || check_ids(im, row))
        return -1;
    if (im->rows->ncells[row] > im->rows->ncells[0])
        problem(im, row, COL_COUNT, "the row has more fields than the header");
    return 0;
}

/* The first pass: every row is checked before anything is written. */
static int check_rows(struct import *im)
{
    index_ids(im);
    index_qbrs(im);
    for (size_t r = 1; r < im->rows->n; r++)
        if (check_row(im, r))
            return -1;
    if (im->nproblems == 0)
        return 0;
    return err_input("%s%s\n%s: %zu problem%s, nothing imported",
                     im->problems ? im->problems : "",
                     im->nlisted < im->nproblems ? "\n..." : "", im->path, im->nproblems,
                     im->nproblems == 1 ? "" : "s");
}

/* ---- writing ---- */

static char *dup_cell(struct import *im, size_t row, enum column c)
{
    const char *v = cell(im, row, c);

    return v ? strdup(v) : NULL;
}

/* Finds the QBR of a customer and quarter, by the customer's name or, since
 * "Acme, Inc." and "Acme Inc" share a key, by the key made from it. */
static int find_customer_qbr(struct store *st, struct host *h, const char *customer,
                             const char *quarter, struct qbr *q)
{
    char *key = NULL;
    int rc = store_qbr_find(st, customer, quarter, q);

    if (rc == 1 && ledger_customer_key(h, customer, &key) == 0)
        rc = store_qbr_find(st, key, quarter, q);
    else if (rc == 1)
        rc = -1;
    free(key);
    return rc;
}

/* Whether a row is the first of its QBR's rows to give a field. Only that
 * row writes it: the rows after it agree, as the first pass made sure. */
static int first_to_give(struct import *im, size_t row, enum column c)
{
    return im->group && im->group[row]
           && im->giver[(im->group[row] - 1) * QBR_COLS + (c - COL_HELD_AT)] == row;
}

/* Puts the QBR fields the row is first to give into q; the rest stay as
 * they are. Returns how many fields changed. */
static int fill_qbr(struct import *im, size_t row, struct qbr *q)
{
    int changed = 0;

    for (enum column c = COL_HELD_AT; c < COL_COUNT; c++) {
        char **field = qbr_field(q, c), *v;

        if (!first_to_give(im, row, c))
            continue;
        v = stored_form(c, cell(im, row, c));
        if (*field && strcmp(*field, v) == 0) {
            free(v);
            continue;
        }
        free(*field);
        *field = v;
        changed++;
    }
    return changed;
}

/* A QBR that exists takes the fields a row gives, replacing what it held;
 * only the actions keep a history. Unchanged, it is not written. */
static int apply_qbr(struct import *im, size_t row, struct qbr *q)
{
    if (!fill_qbr(im, row, q))
        return 0;
    return ledger_qbr_check(q) || store_qbr_update(im->st, q) ? -1 : 0;
}

/* The same, for a QBR known by its ID: read only when the row gives it a
 * field, so that a run of rows of one QBR reads it once. */
static int update_qbr(struct import *im, size_t row, const char *id)
{
    struct qbr q = {0};
    int rc = 0, gives = 0;

    for (enum column c = COL_HELD_AT; c < COL_COUNT; c++)
        gives |= first_to_give(im, row, c);
    if (gives && (rc = store_qbr_get(im->st, id, &q)) == 1)  /* row_qbr found or made it */
        rc = err_fail("QBR %s is gone", id);
    if (gives && rc == 0)
        rc = apply_qbr(im, row, &q);
    model_qbr_free(&q);
    return rc;
}

/* The QBR a row names, created from customer and quarter when new; either
 * way it gets the QBR fields the row is first to give. */
static int find_or_add_qbr(struct import *im, size_t row, char **id)
{
    const char *qbr = cell(im, row, COL_QBR);
    const char *customer = cell(im, row, COL_CUSTOMER);
    struct qbr q = {0};
    char quarter[8];
    int rc;

    if (qbr)
        rc = store_qbr_get(im->st, qbr, &q);
    else if ((rc = ledger_quarter(cell(im, row, COL_QUARTER), quarter)) == 0)
        rc = find_customer_qbr(im->st, im->h, customer, quarter, &q);
    if (rc == 1 && qbr)
        rc = err_input("column qbr: no QBR %s; add it first, or give customer and quarter "
                       "instead", shown(qbr));
    else if (rc == 1) {
        q.customer = strdup(customer);
        q.quarter = strdup(quarter);
        fill_qbr(im, row, &q);
        rc = ledger_qbr_add(im->st, im->h, &q, NULL);
    } else if (rc == 0)
        rc = apply_qbr(im, row, &q);
    if (rc == 0)
        *id = strdup(q.id);
    model_qbr_free(&q);
    return rc;
}

static int same_cell(struct import *im, size_t a, size_t b, enum column c)
{
    const char *x = cell(im, a, c), *y = cell(im, b, c);

    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* The row's QBR, looked up once for a run of rows that name it alike. */
static int row_qbr(struct import *im, size_t row, char **id)
{
    size_t last = im->qbr_row;

    if (last && same_cell(im, last, row, COL_QBR) && same_cell(im, last, row, COL_CUSTOMER)
        && same_cell(im, last, row, COL_QUARTER)) {
        *id = strdup(im->last_qbr);
        return update_qbr(im, row, *id);
    }
    if (find_or_add_qbr(im, row, id))
        return -1;
    free(im->last_qbr);
    im->last_qbr = strdup(*id);
    im->qbr_row = row;
    return 0;
}

/* A goal given by number must be one of the QBR's goals. A number too big
 * for a long comes back as LONG_MAX, which no goal has. */
static int goal_number(struct import *im, const char *qbr, const char *text, int *num)
{
    long want = strtol(text, NULL, 10);
    struct goal *g;
    size_t n;

    if (store_goal_list(im->st, qbr, &g, &n))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (g[i].num == want)
            *num = g[i].num;
    store_free_goals(g, n);
    if (*num == 0)
        return err_input("column goal: QBR %s has no goal #%s", qbr, shown(text));
    return 0;
}

/* The goal a row names: a positive number is one of its QBR's goals, as
 * with `--goal 1`; anything else is a goal's text, found in any case or
 * created. */
static int row_goal(struct import *im, size_t row, const char *qbr, int *num)
{
    const char *text = cell(im, row, COL_GOAL);
    int rc;

    *num = 0;
    if (!text)
        return 0;
    if (text[strspn(text, "0123456789")] == '\0' && text[strspn(text, "0")] != '\0')
        return goal_number(im, qbr, text, num);
    rc = store_goal_find(im->st, qbr, text, num);
    return rc == 1 ? store_goal_insert(im->st, qbr, text, NULL, num) : rc;
}

static void fill_action(struct import *im, size_t row, struct action *a)
{
    const char *v;

    a->id = dup_cell(im, row, COL_ID), a->action = dup_cell(im, row, COL_ACTION);
    a->owner = dup_cell(im, row, COL_OWNER), a->due_date = dup_cell(im, row, COL_DUE);
    a->original_due_date = dup_cell(im, row, COL_ORIGINAL_DUE);
    a->completed_on = dup_cell(im, row, COL_COMPLETED_ON);
    a->outcome = dup_cell(im, row, COL_OUTCOME), a->notes = dup_cell(im, row, COL_NOTES);
    a->done_when = dup_cell(im, row, COL_DONE_WHEN);
    a->carried_from = dup_cell(im, row, COL_CARRIED_FROM);
    if ((v = cell(im, row, COL_SIDE)))
        model_side_parse(v, &a->side);
    stored_state(cell(im, row, COL_STATUS), &a->state);
}

static int import_row(struct import *im, size_t row)
{
    struct action a = {.side = SIDE_VENDOR};
    int rc;

    rc = row_qbr(im, row, &a.qbr);
    if (rc == 0)
        rc = row_goal(im, row, a.qbr, &a.goal);
    if (rc == 0) {
        fill_action(im, row, &a);
        rc = ledger_action_add(im->st, im->h, &a);
    }
    model_action_free(&a);
    if (rc)
        err_prefix("%s:%zu: ", im->path, im->rows->line[row]);
    return rc;
}

static void import_free(struct import *im)
{
    free(im->problems), free(im->ids), free(im->first), free(im->group), free(im->giver);
    free(im->seen_id), free(im->last_qbr);
    model_qbr_free(&im->seen);
}

/* Imports every row of the file, or none. */
int io_csv_import(struct store *st, struct host *h, const char *path, size_t *imported)
{
    struct csv_rows rows;
    struct import im = {.path = path, .rows = &rows, .st = st, .h = h};
    int rc;

    *imported = 0;
    if (io_csv_read(path, &rows))
        return -1;
    rc = read_header(path, &rows, im.map);
    if (rc == 0)
        rc = check_rows(&im);
    if (rc == 0 && (rc = store_begin(st)) == 0) {
        for (size_t r = 1; rc == 0 && r < rows.n; r++)
            rc = import_row(&im, r);
        rc = store_finish(st, rc);
        if (rc == 0)
            *imported = rows.n - 1;
    }
    import_free(&im);
    io_csv_free(&rows);
    return rc;
}
