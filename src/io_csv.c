/* io_csv.c -- reading CSV with libcsv, and importing actions from it. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "err.h"
#include "io_csv.h"
#include "ledger.h"
#include "model.h"
#include "store.h"

#define MAX_FILE_SIZE (64L << 20)
#define MAX_REPORTED 20

/* ---- reading ---- */

struct reader {
    struct csv_rows *rows;
    char **cells;           /* the row being read */
    size_t ncells, cap;
    size_t line;            /* the physical line being fed */
    size_t row_line;        /* the line the row being read started on */
    int between_rows;
};

static void on_field(void *data, size_t len, void *ud)
{
    struct reader *r = ud;

    if (r->ncells == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->cells = realloc(r->cells, r->cap * sizeof *r->cells);
    }
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
        rows->ncells = realloc(rows->ncells, rows->cap * sizeof *rows->ncells);
        rows->line = realloc(rows->line, rows->cap * sizeof *rows->line);
    }
    rows->cells[rows->n] = r->cells;
    rows->ncells[rows->n] = r->ncells;
    rows->line[rows->n++] = r->row_line;
    r->cells = NULL, r->ncells = 0, r->cap = 0;
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
    return csv_fini(p, on_field, on_row, r);
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
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        body += 3, len -= 3;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    rc = parse_lines(&p, &r, body, len);
    if (rc && r.between_rows == 0 && r.row_line != r.line)
        err_input("%s:%zu: the row starting here has a quoted field with no closing quote "
                  "(a quote inside a field must be doubled)", path, r.row_line);
    else if (rc)
        err_input("%s:%zu: %s (a quote inside a field must be doubled, and a quoted "
                  "field must end with a quote)", path, r.line, csv_strerror(csv_error(&p)));
    csv_free(&p);
    for (size_t i = 0; i < r.ncells; i++)
        free(r.cells[i]);
    free(r.cells);
    free(text);
    return rc ? -1 : 0;
}

void io_csv_free(struct csv_rows *rows)
{
    for (size_t r = 0; r < rows->n; r++) {
        for (size_t c = 0; c < rows->ncells[r]; c++)
            free(rows->cells[r][c]);
        free(rows->cells[r]);
    }
    free(rows->cells), free(rows->ncells), free(rows->line);
    memset(rows, 0, sizeof *rows);
}

/* ---- the columns of an action file ---- */

enum column {
    COL_ID, COL_QBR, COL_CUSTOMER, COL_QUARTER, COL_SIDE, COL_ACTION, COL_OWNER, COL_DUE,
    COL_ORIGINAL_DUE, COL_STATUS, COL_COMPLETED_ON, COL_OUTCOME, COL_NOTES, COL_GOAL,
    COL_DONE_WHEN, COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
    "id", "qbr", "customer", "quarter", "side", "action", "owner", "due_date",
    "original_due_date", "status", "completed_on", "outcome", "notes", "goal", "done_when",
};

/* Header text to a field name: case and spaces do not matter ("Due Date"). */
static int column_of(const char *header)
{
    char name[64];
    size_t n = 0;

    while (*header == ' ')
        header++;
    for (; *header && n < sizeof name - 1; header++)
        name[n++] = *header == ' ' || *header == '-' ? '_' : (char)tolower((unsigned char)*header);
    while (n && name[n - 1] == '_')
        n--;
    name[n] = '\0';
    for (int c = 0; c < COL_COUNT; c++)
        if (strcmp(name, column_names[c]) == 0)
            return c;
    return -1;
}

/* Maps each column of the file to a field; map[field] is the column index
 * or -1. Unknown and repeated columns are errors. */
static int read_header(const char *path, const struct csv_rows *rows, int map[COL_COUNT])
{
    char known[512] = "";

    for (int c = 0; c < COL_COUNT; c++) {
        map[c] = -1;
        strcat(strcat(known, c ? ", " : ""), column_names[c]);
    }
    if (rows->n == 0)
        return err_input("%s: the file is empty; it needs a header row", path);
    for (size_t i = 0; i < rows->ncells[0]; i++) {
        int c = column_of(rows->cells[0][i]);

        if (c < 0)
            return err_input("%s:%zu: unknown column '%s'; the columns are %s", path,
                             rows->line[0], rows->cells[0][i], known);
        if (map[c] >= 0)
            return err_input("%s:%zu: column '%s' appears twice", path, rows->line[0],
                             column_names[c]);
        map[c] = (int)i;
    }
    for (int c = COL_ACTION; c <= COL_DUE; c++)
        if (map[c] < 0)
            return err_input("%s: a column '%s' is required", path, column_names[c]);
    if (map[COL_QBR] < 0 && (map[COL_CUSTOMER] < 0 || map[COL_QUARTER] < 0))
        return err_input("%s: name the QBR with a 'qbr' column, or 'customer' and "
                         "'quarter' columns", path);
    return 0;
}

/* ---- checking rows ---- */

struct import {
    const char *path;
    const struct csv_rows *rows;
    int map[COL_COUNT];
    char *problems;         /* one line per bad value */
    size_t nproblems, len;
    char *last_key, *last_qbr;  /* rows of one QBR usually come together */
};

/* A row's value of a field, trimmed; NULL when absent or empty. */
static const char *cell(struct import *im, size_t row, enum column c, char *buf, size_t size)
{
    const char *v;
    size_t n;

    if (im->map[c] < 0 || (size_t)im->map[c] >= im->rows->ncells[row])
        return NULL;
    v = im->rows->cells[row][im->map[c]];
    while (isspace((unsigned char)*v))
        v++;
    n = strlen(v);
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (n == 0)
        return NULL;
    if (n >= size)
        n = size - 1;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return buf;
}

static void problem(struct import *im, size_t row, enum column c, const char *fmt,
                    const char *value)
{
    char line[600];
    int n;

    if (im->nproblems++ >= MAX_REPORTED)
        return;
    n = snprintf(line, sizeof line, "%s%s:%zu: %s%s%s", im->nproblems > 1 ? "\n" : "",
                 im->path, im->rows->line[row], c < COL_COUNT ? "column " : "",
                 c < COL_COUNT ? column_names[c] : "", c < COL_COUNT ? ": " : "");
    snprintf(line + n, sizeof line - (size_t)n, fmt, value ? value : "");
    im->problems = realloc(im->problems, im->len + strlen(line) + 1);
    strcpy(im->problems + im->len, line);
    im->len += strlen(line);
}

static void check_date(struct import *im, size_t row, enum column c)
{
    char buf[256];
    const char *v = cell(im, row, c, buf, sizeof buf);

    if (v && ledger_check_date(column_names[c], v))
        problem(im, row, c, "'%s' is not a calendar date (YYYY-MM-DD)", v);
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

static void check_row(struct import *im, size_t row)
{
    char buf[1024], quarter[8];
    enum status state;
    enum side side;
    const char *v;

    for (enum column c = COL_ACTION; c <= COL_DUE; c++)
        if (!cell(im, row, c, buf, sizeof buf))
            problem(im, row, c, "is empty; every action needs it%s", "");
    if (!cell(im, row, COL_QBR, buf, sizeof buf)
        && (!cell(im, row, COL_CUSTOMER, buf, sizeof buf)
            || !cell(im, row, COL_QUARTER, buf, sizeof buf)))
        problem(im, row, COL_QBR, "is empty; give the QBR, or customer and quarter%s", "");
    check_date(im, row, COL_DUE), check_date(im, row, COL_ORIGINAL_DUE);
    check_date(im, row, COL_COMPLETED_ON);
    if ((v = cell(im, row, COL_SIDE, buf, sizeof buf)) && model_side_parse(v, &side))
        problem(im, row, COL_SIDE, "'%s' is neither customer nor vendor", v);
    v = cell(im, row, COL_STATUS, buf, sizeof buf);
    if (stored_state(v, &state))
        problem(im, row, COL_STATUS, "'%s' is not a status (Not Started, In Progress, "
                "Blocked, At Risk, Overdue, Complete, Cancelled)", v);
    else if (state == ST_COMPLETE && !cell(im, row, COL_COMPLETED_ON, buf, sizeof buf))
        problem(im, row, COL_COMPLETED_ON, "is empty; a Complete action needs the date%s", "");
    if (!cell(im, row, COL_QBR, buf, sizeof buf)
        && (v = cell(im, row, COL_QUARTER, buf, sizeof buf)) && ledger_quarter(v, quarter))
        problem(im, row, COL_QUARTER, "'%s' is not a quarter such as 2024Q1", v);
    if (im->rows->ncells[row] > im->rows->ncells[0])
        problem(im, row, COL_COUNT, "%s", "the row has more fields than the header");
}

/* ---- writing ---- */

static char *dup_cell(struct import *im, size_t row, enum column c)
{
    char buf[8192];
    const char *v = cell(im, row, c, buf, sizeof buf);

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

/* The QBR a row names, created from customer and quarter when new. */
static int find_or_add_qbr(struct import *im, struct store *st, struct host *h, size_t row,
                           char **id)
{
    char qbuf[256], cbuf[512], kbuf[64], quarter[8];
    const char *qbr = cell(im, row, COL_QBR, qbuf, sizeof qbuf);
    const char *customer = cell(im, row, COL_CUSTOMER, cbuf, sizeof cbuf);
    struct qbr q = {0};
    int rc;

    if (qbr)
        rc = store_qbr_get(st, qbr, &q);
    else if ((rc = ledger_quarter(cell(im, row, COL_QUARTER, kbuf, sizeof kbuf), quarter)) == 0)
        rc = find_customer_qbr(st, h, customer, quarter, &q);
    if (rc == 1 && qbr)
        rc = err_input("QBR %s does not exist; add it first, or give customer and quarter "
                       "instead", qbr);
    else if (rc == 1) {
        q.customer = strdup(customer);
        q.quarter = strdup(quarter);
        rc = ledger_qbr_add(st, h, &q, NULL);
    }
    if (rc == 0)
        *id = strdup(q.id);
    model_qbr_free(&q);
    return rc;
}

/* The row's QBR, looked up once for a run of rows that name it alike. */
static int row_qbr(struct import *im, struct store *st, struct host *h, size_t row,
                   char **id)
{
    char key[1024], a[256], b[512], c[64];
    const char *qbr = cell(im, row, COL_QBR, a, sizeof a);
    const char *customer = cell(im, row, COL_CUSTOMER, b, sizeof b);
    const char *quarter = cell(im, row, COL_QUARTER, c, sizeof c);

    snprintf(key, sizeof key, "%s\x1f%s\x1f%s", qbr ? qbr : "", customer ? customer : "",
             quarter ? quarter : "");
    if (im->last_key && strcmp(im->last_key, key) == 0) {
        *id = strdup(im->last_qbr);
        return 0;
    }
    if (find_or_add_qbr(im, st, h, row, id))
        return -1;
    free(im->last_key), free(im->last_qbr);
    im->last_key = strdup(key), im->last_qbr = strdup(*id);
    return 0;
}

/* The goal a row names by its text, created when new. */
static int row_goal(struct import *im, struct store *st, size_t row, const char *qbr, int *num)
{
    char buf[1024];
    const char *text = cell(im, row, COL_GOAL, buf, sizeof buf);
    int rc;

    *num = 0;
    if (!text)
        return 0;
    rc = store_goal_find(st, qbr, text, num);
    return rc == 1 ? store_goal_insert(st, qbr, text, NULL, num) : rc;
}

static int import_row(struct import *im, struct store *st, struct host *h, size_t row)
{
    struct action a = {.side = SIDE_VENDOR};
    char buf[64];
    const char *v;
    int rc;

    rc = row_qbr(im, st, h, row, &a.qbr);
    if (rc == 0)
        rc = row_goal(im, st, row, a.qbr, &a.goal);
    if (rc == 0) {
        a.id = dup_cell(im, row, COL_ID), a.action = dup_cell(im, row, COL_ACTION);
        a.owner = dup_cell(im, row, COL_OWNER), a.due_date = dup_cell(im, row, COL_DUE);
        a.original_due_date = dup_cell(im, row, COL_ORIGINAL_DUE);
        a.completed_on = dup_cell(im, row, COL_COMPLETED_ON);
        a.outcome = dup_cell(im, row, COL_OUTCOME), a.notes = dup_cell(im, row, COL_NOTES);
        a.done_when = dup_cell(im, row, COL_DONE_WHEN);
        if ((v = cell(im, row, COL_SIDE, buf, sizeof buf)))
            model_side_parse(v, &a.side);
        stored_state(cell(im, row, COL_STATUS, buf, sizeof buf), &a.state);
        rc = ledger_action_add(st, h, &a);
    }
    model_action_free(&a);
    if (rc)
        err_prefix("%s:%zu: ", im->path, im->rows->line[row]);
    return rc;
}

/* Imports every row of the file, or none. */
int io_csv_import(struct store *st, struct host *h, const char *path, size_t *imported)
{
    struct csv_rows rows;
    struct import im = {.path = path, .rows = &rows};
    int rc;

    *imported = 0;
    if (io_csv_read(path, &rows))
        return -1;
    rc = read_header(path, &rows, im.map);
    for (size_t r = 1; rc == 0 && r < rows.n; r++)
        check_row(&im, r);
    if (rc == 0 && im.nproblems) {
        rc = err_input("%s%s\n%s: %zu problem%s, nothing imported", im.problems,
                       im.nproblems > MAX_REPORTED ? "\n..." : "", path, im.nproblems,
                       im.nproblems == 1 ? "" : "s");
    }
    if (rc == 0 && (rc = store_begin(st)) == 0) {
        for (size_t r = 1; rc == 0 && r < rows.n; r++)
            rc = import_row(&im, st, h, r);
        rc = store_finish(st, rc);
        if (rc == 0)
            *imported = rows.n - 1;
    }
    free(im.problems), free(im.last_key), free(im.last_qbr);
    io_csv_free(&rows);
    return rc;
}
