/* store.c -- SQLite persistence. Schema changes are migrations applied in
 * order, each in its own BEGIN IMMEDIATE transaction, tracked by
 * PRAGMA user_version. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "date.h"
#include "err.h"
#include "store.h"

#define BUSY_TIMEOUT_MS 10000

#define STMT_CACHE 32

/* Prepared statements are kept for the life of the connection, keyed by
 * their SQL text's address: every query of this file is a literal. */
struct cached_stmt {
    const char *sql;
    sqlite3_stmt *stmt;
};

struct store {
    sqlite3 *db;
    char *path;
    char *author;
    struct cached_stmt cache[STMT_CACHE];
};

/* Migration N takes a database of version N-1 to version N. Append only:
 * a released migration is never edited. */
static const char *const migrations[] = {
    /* 1: QBRs, goals, actions and their history */
    "CREATE TABLE qbr ("
    "  id TEXT PRIMARY KEY,"
    "  customer TEXT NOT NULL,"
    "  customer_key TEXT NOT NULL,"
    "  quarter TEXT NOT NULL,"
    "  held_at TEXT,"
    "  champion TEXT, champion_email TEXT,"
    "  csm TEXT, csm_email TEXT,"
    "  summary_sent_at TEXT,"
    "  next_qbr_on TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (customer_key, quarter));"
    "CREATE TABLE goal ("
    "  qbr TEXT NOT NULL REFERENCES qbr(id) ON DELETE CASCADE,"
    "  num INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  success_criterion TEXT,"
    "  PRIMARY KEY (qbr, num),"
    "  UNIQUE (qbr, text));"
    "CREATE TABLE action ("
    "  id TEXT PRIMARY KEY,"
    "  seq INTEGER NOT NULL,"
    "  qbr TEXT NOT NULL REFERENCES qbr(id),"
    "  goal INTEGER,"
    "  side TEXT NOT NULL CHECK (side IN ('customer', 'vendor')),"
    "  action TEXT NOT NULL,"
    "  owner TEXT NOT NULL,"
    "  due_date TEXT NOT NULL,"
    "  original_due_date TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN"
    "    ('Not Started', 'In Progress', 'Blocked', 'Complete', 'Cancelled')),"
    "  notes TEXT, done_when TEXT, completed_on TEXT, outcome TEXT,"
    "  carried_from TEXT REFERENCES action(id),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  FOREIGN KEY (qbr, goal) REFERENCES goal(qbr, num));"
    "CREATE TABLE event ("
    "  id INTEGER PRIMARY KEY,"
    "  action TEXT NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
    "  at TEXT NOT NULL,"
    "  author TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  old_value TEXT, new_value TEXT, reason TEXT);",

    /* 2: check-ins with the customer, and indexes for the weekly questions */
    "CREATE TABLE checkin ("
    "  id INTEGER PRIMARY KEY,"
    "  customer_key TEXT NOT NULL,"
    "  held_on TEXT NOT NULL,"
    "  with_whom TEXT,"
    "  kind TEXT NOT NULL CHECK (kind IN ('progress', 'review', 'prep')),"
    "  notes TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX action_by_qbr ON action (qbr, seq);"
    "CREATE INDEX action_by_owner ON action (owner);"
    "CREATE INDEX event_by_action ON event (action, at);",

    /* 3: the last action number of each quarter, so numbering an action is
     * one lookup, and a number once given is never given again */
    "CREATE TABLE action_seq ("
    "  quarter TEXT PRIMARY KEY,"
    "  last INTEGER NOT NULL);"
    "INSERT INTO action_seq (quarter, last)"
    "  SELECT q.quarter, max(a.seq) FROM action a JOIN qbr q ON q.id = a.qbr"
    "  GROUP BY q.quarter;",

    /* 4: what the summary email says, and the internal debrief; the lists
     * hold one item a line */
    "ALTER TABLE qbr ADD COLUMN debriefed_on TEXT;"
    "ALTER TABLE qbr ADD COLUMN takeaways TEXT;"
    "ALTER TABLE qbr ADD COLUMN value_delivered TEXT;"
    "ALTER TABLE qbr ADD COLUMN roi TEXT;"
    "ALTER TABLE qbr ADD COLUMN next_steps TEXT;"
    "ALTER TABLE qbr ADD COLUMN resources TEXT;",
};

#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

static int sql_error(struct store *st, const char *what)
{
    return err_fail("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_fail("%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_begin(struct store *st)
{
    return exec(st, "BEGIN IMMEDIATE");
}

int store_commit(struct store *st)
{
    return exec(st, "COMMIT");
}

void store_rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Ends the write begun by store_begin: commits when rc is 0, else rolls back
 * so that a failed write leaves no trace. Returns 0 or -1. */
int store_finish(struct store *st, int rc)
{
    if (rc == 0 && store_commit(st) == 0)
        return 0;
    store_rollback(st);
    return -1;
}

int store_schema_version(struct store *st)
{
    sqlite3_stmt *s;
    int v = -1;

    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Applies the migrations the database lacks. The version is read again
 * inside the write lock, so two processes opening a new file at once
 * migrate it once. */
static int migrate(struct store *st)
{
    char sql[64];
    int v = store_schema_version(st);

    while (v < SCHEMA_VERSION) {
        if (store_begin(st))
            return -1;
        v = store_schema_version(st);
        if (v < SCHEMA_VERSION) {
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
            if (exec(st, migrations[v]) || exec(st, sql)) {
                store_rollback(st);
                return err_prefix("migration to version %d: ", v + 1);
            }
        }
        if (store_commit(st))
            return -1;
        v = store_schema_version(st);
    }
    return 0;
}

/* Creates the file, and its directory, readable by the owner only: it holds
 * customer data. An existing file is left as it is. */
static int create_private(const char *path)
{
    char *dir = strdup(path), *slash = strrchr(dir, '/');
    int fd;

    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; *p; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
        mkdir(dir, 0700);
    }
    free(dir);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno != EEXIST)
        return err_input("%s: cannot create database: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return 0;
}

/* Puts the database in WAL mode. Changing the mode takes a lock that the
 * busy handler does not wait for, so a busy database is tried again until
 * the busy timeout has passed. */
static int use_wal(struct store *st)
{
    for (int waited = 0;; waited += 50) {
        char *msg = NULL;
        int rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, &msg);

        sqlite3_free(msg);
        if (rc == SQLITE_OK)
            return 0;
        if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED)
            return sql_error(st, "setting the journal mode");
        if (waited >= BUSY_TIMEOUT_MS)
            return sql_error(st, "setting the journal mode");
        sqlite3_sleep(50);
    }
}

/* A database of version 0 is new. It becomes qbrt's only when it is empty
 * and the command may create one: a read never turns a file into a qbrt
 * database, and a file holding another program's tables is left alone.
 * The version and the tables are read in one statement, one snapshot, so
 * another process migrating the file meanwhile cannot be mistaken for
 * another program. Returns the version, or -1. */
static int read_version(struct store *st, int mode)
{
    sqlite3_stmt *s;
    int v = -1, tables = 0;

    if (sqlite3_prepare_v2(st->db, "SELECT (SELECT user_version FROM pragma_user_version), "
                           "(SELECT count(*) FROM sqlite_master)", -1, &s, NULL) == SQLITE_OK
        && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0), tables = sqlite3_column_int(s, 1);
    sqlite3_finalize(s);
    if (v < 0 && sqlite3_errcode(st->db) == SQLITE_NOTADB)
        return err_input("%s: not a qbrt database (%s)", st->path, sqlite3_errmsg(st->db));
    if (v < 0)
        return sql_error(st, "reading the schema version");
    if (v == 0 && tables > 0)
        return err_input("%s: not a qbrt database (it holds another program's tables)",
                         st->path);
    if (v == 0 && mode != STORE_CREATE)
        return err_input("%s: an empty database; run 'qbrt init' to create one", st->path);
    return v;
}

/* Checks the schema version before anything is written, so a database of a
 * newer qbrt is refused untouched; then WAL and the migrations. */
static int configure(struct store *st, int mode)
{
    int v;

    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    if (exec(st, "PRAGMA foreign_keys = ON") || (v = read_version(st, mode)) < 0)
        return -1;
    if (v > SCHEMA_VERSION)
        return err_input("%s: database schema version %d is newer than this qbrt "
                         "understands (%d); use a newer qbrt", st->path, v, SCHEMA_VERSION);
    if (use_wal(st))
        return -1;
    return migrate(st);
}

int store_open(const char *path, int mode, struct store **out)
{
    struct store *st;
    struct stat sb;

    if (mode == STORE_CREATE && create_private(path))
        return -1;
    if (mode == STORE_MUST_EXIST && access(path, F_OK) != 0)
        return err_input("%s: no database here; run 'qbrt init' or give --db", path);
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
        return err_input("%s: not a database file", path);

    st = calloc(1, sizeof *st);
    st->path = strdup(path);
    st->author = strdup("qbrt");
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        err_input("%s: cannot open: %s", path, sqlite3_errmsg(st->db));
        store_close(st);
        return -1;
    }
    if (configure(st, mode)) {
        store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (int i = 0; i < STMT_CACHE && st->cache[i].sql; i++)
        sqlite3_finalize(st->cache[i].stmt);
    sqlite3_close(st->db);
    free(st->path);
    free(st->author);
    free(st);
}

void store_set_author(struct store *st, const char *author)
{
    free(st->author);
    st->author = strdup(author);
}

/* ---- statements ---- */

/* Returns the statement for sql, prepared once per connection; give it back
 * with release(). */
static sqlite3_stmt *prepare(struct store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int i;

    for (i = 0; i < STMT_CACHE && st->cache[i].sql; i++)
        if (st->cache[i].sql == sql)
            return st->cache[i].stmt;
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        sql_error(st, "query");
        return NULL;
    }
    if (i < STMT_CACHE)
        st->cache[i].sql = sql, st->cache[i].stmt = s;
    return s;
}

/* Readies a statement from prepare() for its next use, or finalizes one the
 * cache had no room for. */
static void release(struct store *st, sqlite3_stmt *s)
{
    for (int i = 0; i < STMT_CACHE && st->cache[i].sql; i++)
        if (st->cache[i].stmt == s) {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
            return;
        }
    sqlite3_finalize(s);
}

/* Binds the strings in order; NULL binds SQL NULL. */
static void bind_texts(sqlite3_stmt *s, int first, int n, const char *const *v)
{
    for (int i = 0; i < n; i++) {
        if (v[i])
            sqlite3_bind_text(s, first + i, v[i], -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(s, first + i);
    }
}

/* Runs a statement that returns no rows, then releases it. */
static int run(struct store *st, sqlite3_stmt *s, const char *what)
{
    int rc;

    if (!s)
        return -1;
    rc = sqlite3_step(s);
    release(st, s);
    if (rc != SQLITE_DONE)
        return sql_error(st, what);
    return 0;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);

    return t ? strdup((const char *)t) : NULL;
}

/* Grows *arr to hold one more element of size sz; returns the new slot. */
static void *grow(void *arr_p, size_t *n, size_t *cap, size_t sz)
{
    void **arr = arr_p;

    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *arr = realloc(*arr, *cap * sz);
    }
    memset((char *)*arr + *n * sz, 0, sz);
    return (char *)*arr + (*n)++ * sz;
}

/* ---- qbr ---- */

#define QBR_COLUMNS "id, customer, quarter, held_at, champion, champion_email, csm, "  \
    "csm_email, summary_sent_at, next_qbr_on, debriefed_on, takeaways, value_delivered, " \
    "roi, next_steps, resources"

static void qbr_from_row(sqlite3_stmt *s, struct qbr *q)
{
    q->id = col_dup(s, 0), q->customer = col_dup(s, 1), q->quarter = col_dup(s, 2);
    q->held_at = col_dup(s, 3), q->champion = col_dup(s, 4);
    q->champion_email = col_dup(s, 5), q->csm = col_dup(s, 6), q->csm_email = col_dup(s, 7);
    q->summary_sent_at = col_dup(s, 8), q->next_qbr_on = col_dup(s, 9);
    q->debriefed_on = col_dup(s, 10), q->takeaways = col_dup(s, 11);
    q->value_delivered = col_dup(s, 12), q->roi = col_dup(s, 13);
    q->next_steps = col_dup(s, 14), q->resources = col_dup(s, 15);
}

static void qbr_bind(sqlite3_stmt *s, const struct qbr *q)
{
    const char *v[] = {q->id, q->customer, q->quarter, q->held_at, q->champion,
                       q->champion_email, q->csm, q->csm_email, q->summary_sent_at,
                       q->next_qbr_on, date_now(), q->debriefed_on, q->takeaways,
                       q->value_delivered, q->roi, q->next_steps, q->resources};

    bind_texts(s, 1, 17, v);
}

int store_qbr_insert(struct store *st, const struct qbr *q, const char *customer_key)
{
    sqlite3_stmt *s = prepare(st, "INSERT INTO qbr (id, customer, quarter, held_at, "
                              "champion, champion_email, csm, csm_email, summary_sent_at, "
                              "next_qbr_on, updated_at, debriefed_on, takeaways, "
                              "value_delivered, roi, next_steps, resources, customer_key, "
                              "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
                              "?13,?14,?15,?16,?17,?18,?11)");

    if (!s)
        return -1;
    qbr_bind(s, q);
    sqlite3_bind_text(s, 18, customer_key, -1, SQLITE_TRANSIENT);
    return run(st, s, "adding QBR");
}

int store_qbr_update(struct store *st, const struct qbr *q)
{
    sqlite3_stmt *s = prepare(st, "UPDATE qbr SET customer=?2, quarter=?3, held_at=?4, "
                              "champion=?5, champion_email=?6, csm=?7, csm_email=?8, "
                              "summary_sent_at=?9, next_qbr_on=?10, updated_at=?11, "
                              "debriefed_on=?12, takeaways=?13, value_delivered=?14, "
                              "roi=?15, next_steps=?16, resources=?17 WHERE id=?1");

    if (!s)
        return -1;
    qbr_bind(s, q);
    return run(st, s, "updating QBR");
}

/* Steps a query expected to return at most one row into *q. */
static int qbr_one(struct store *st, sqlite3_stmt *s, struct qbr *q)
{
    int rc;

    if (!s)
        return -1;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        qbr_from_row(s, q);
    release(st, s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_error(st, "reading QBR");
    return rc == SQLITE_ROW ? 0 : 1;
}

int store_qbr_get(struct store *st, const char *id, struct qbr *out)
{
    sqlite3_stmt *s = prepare(st, "SELECT " QBR_COLUMNS " FROM qbr WHERE id = ?1 "
                              "COLLATE NOCASE");

    if (s)
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    return qbr_one(st, s, out);
}

int store_qbr_find(struct store *st, const char *customer, const char *quarter,
                   struct qbr *out)
{
    sqlite3_stmt *s = prepare(st, "SELECT " QBR_COLUMNS " FROM qbr WHERE quarter = ?2 AND "
                              "(customer = ?1 COLLATE NOCASE OR customer_key = ?1 "
                              "COLLATE NOCASE)");
    const char *v[] = {customer, quarter};

    if (s)
        bind_texts(s, 1, 2, v);
    return qbr_one(st, s, out);
}

int store_qbr_list(struct store *st, const char *customer, const char *csm,
                   struct qbr **out, size_t *n)
{
    sqlite3_stmt *s = prepare(st, "SELECT " QBR_COLUMNS " FROM qbr WHERE "
                              "(?1 IS NULL OR customer = ?1 COLLATE NOCASE OR "
                              " customer_key = ?1 COLLATE NOCASE) AND "
                              "(?2 IS NULL OR csm = ?2 COLLATE NOCASE) "
                              "ORDER BY customer, quarter");
    const char *v[] = {customer, csm};
    size_t cap = 0;
    int rc;

    *out = NULL, *n = 0;
    if (!s)
        return -1;
    bind_texts(s, 1, 2, v);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        qbr_from_row(s, grow(out, n, &cap, sizeof **out));
    release(st, s);
    return rc == SQLITE_DONE ? 0 : sql_error(st, "listing QBRs");
}

/* Deletes a QBR and its goals; the caller has checked it has no actions. */
int store_qbr_delete(struct store *st, const char *id)
{
    sqlite3_stmt *s = prepare(st, "DELETE FROM qbr WHERE id = ?1");

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    return run(st, s, "deleting QBR");
}

/* Returns 1 when some QBR names this customer (by name or key), else 0. */
int store_customer_known(struct store *st, const char *customer)
{
    sqlite3_stmt *s = prepare(st, "SELECT 1 FROM qbr WHERE customer = ?1 COLLATE NOCASE "
                              "OR customer_key = ?1 COLLATE NOCASE LIMIT 1");
    int found;

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, customer, -1, SQLITE_TRANSIENT);
    found = sqlite3_step(s) == SQLITE_ROW;
    release(st, s);
    return found;
}

/* ---- goal ---- */

int store_goal_insert(struct store *st, const char *qbr, const char *text,
                      const char *criterion, int *num)
{
    sqlite3_stmt *s = prepare(st, "INSERT INTO goal (qbr, num, text, success_criterion) "
                              "SELECT ?1, coalesce(max(num), 0) + 1, ?2, ?3 FROM goal "
                              "WHERE qbr = ?1 RETURNING num");
    const char *v[] = {qbr, text, criterion};
    int rc;

    if (!s)
        return -1;
    bind_texts(s, 1, 3, v);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *num = sqlite3_column_int(s, 0);
    release(st, s);
    return rc == SQLITE_ROW ? 0 : sql_error(st, "adding goal");
}

int store_goal_update(struct store *st, const struct goal *g)
{
    sqlite3_stmt *s = prepare(st, "UPDATE goal SET text = ?3, success_criterion = ?4 "
                              "WHERE qbr = ?1 AND num = ?2");

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, g->qbr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, g->num);
    bind_texts(s, 3, 2, (const char *const[]){g->text, g->success_criterion});
    return run(st, s, "updating goal");
}

/* Finds a goal by its text, ignoring case. Returns 0, 1 if none, -1. */
int store_goal_find(struct store *st, const char *qbr, const char *text, int *num)
{
    sqlite3_stmt *s = prepare(st, "SELECT num FROM goal WHERE qbr = ?1 AND "
                              "text = ?2 COLLATE NOCASE");
    int rc;

    if (!s)
        return -1;
    bind_texts(s, 1, 2, (const char *const[]){qbr, text});
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *num = sqlite3_column_int(s, 0);
    release(st, s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_error(st, "reading goal");
    return rc == SQLITE_ROW ? 0 : 1;
}

int store_goal_list(struct store *st, const char *qbr, struct goal **out, size_t *n)
{
    sqlite3_stmt *s = prepare(st, "SELECT qbr, num, text, success_criterion FROM goal "
                              "WHERE ?1 IS NULL OR qbr = ?1 ORDER BY qbr, num");
    size_t cap = 0;
    int rc;

    *out = NULL, *n = 0;
    if (!s)
        return -1;
    bind_texts(s, 1, 1, &qbr);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct goal *g = grow(out, n, &cap, sizeof **out);

        g->qbr = col_dup(s, 0), g->num = sqlite3_column_int(s, 1);
        g->text = col_dup(s, 2), g->success_criterion = col_dup(s, 3);
    }
    release(st, s);
    return rc == SQLITE_DONE ? 0 : sql_error(st, "listing goals");
}

/* ---- action ---- */

#define ACTION_COLUMNS "a.id, a.seq, a.qbr, a.goal, a.side, a.action, a.owner, a.due_date, " \
    "a.original_due_date, a.state, a.notes, a.done_when, a.completed_on, a.outcome, "  \
    "a.carried_from, a.created_at, a.updated_at, "                                     \
    "(SELECT max(at) FROM event e WHERE e.action = a.id), "                            \
    "(SELECT customer FROM qbr q WHERE q.id = a.qbr)"

static void action_from_row(sqlite3_stmt *s, struct action *a)
{
    a->id = col_dup(s, 0), a->seq = sqlite3_column_int64(s, 1), a->qbr = col_dup(s, 2);
    a->goal = sqlite3_column_int(s, 3);
    model_side_parse((const char *)sqlite3_column_text(s, 4), &a->side);
    a->action = col_dup(s, 5), a->owner = col_dup(s, 6), a->due_date = col_dup(s, 7);
    a->original_due_date = col_dup(s, 8);
    model_status_parse((const char *)sqlite3_column_text(s, 9), &a->state);
    a->notes = col_dup(s, 10), a->done_when = col_dup(s, 11), a->completed_on = col_dup(s, 12);
    a->outcome = col_dup(s, 13), a->carried_from = col_dup(s, 14);
    a->created_at = col_dup(s, 15), a->updated_at = col_dup(s, 16);
    a->last_event_at = col_dup(s, 17), a->customer = col_dup(s, 18);
}

/* Binds the fields every write of an action sets: ?1 id .. ?16 updated_at. */
static void action_bind(sqlite3_stmt *s, const struct action *a)
{
    const char *v[] = {a->id, a->qbr, model_side_label(a->side), a->action, a->owner,
                       a->due_date, a->original_due_date, model_status_label(a->state),
                       a->notes, a->done_when, a->completed_on, a->outcome,
                       a->carried_from, date_now()};

    bind_texts(s, 1, 14, v);
    sqlite3_bind_int64(s, 15, a->seq);
    if (a->goal > 0)
        sqlite3_bind_int(s, 16, a->goal);
    else
        sqlite3_bind_null(s, 16);
}

/* The next number in a quarter's sequence, across all customers. */
int store_action_next_seq(struct store *st, const char *quarter, long *seq)
{
    sqlite3_stmt *s = prepare(st, "SELECT coalesce((SELECT last FROM action_seq "
                              "WHERE quarter = ?1), 0) + 1");
    int rc;

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, quarter, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *seq = sqlite3_column_int64(s, 0);
    release(st, s);
    return rc == SQLITE_ROW ? 0 : sql_error(st, "numbering action");
}

/* Records that a quarter's sequence has reached seq. */
static int advance_seq(struct store *st, const struct action *a)
{
    sqlite3_stmt *s = prepare(st, "INSERT INTO action_seq (quarter, last) "
                              "SELECT quarter, ?2 FROM qbr WHERE id = ?1 "
                              "ON CONFLICT (quarter) DO UPDATE SET "
                              "last = max(last, excluded.last)");

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, a->qbr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, a->seq);
    return run(st, s, "numbering action");
}

int store_action_exists(struct store *st, const char *id)
{
    sqlite3_stmt *s = prepare(st, "SELECT 1 FROM action WHERE id = ?1");
    int found;

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    found = sqlite3_step(s) == SQLITE_ROW;
    release(st, s);
    return found;
}

int store_action_insert(struct store *st, const struct action *a)
{
    sqlite3_stmt *s = prepare(st, "INSERT INTO action (id, qbr, side, action, owner, "
                              "due_date, original_due_date, state, notes, done_when, "
                              "completed_on, outcome, carried_from, updated_at, seq, goal, "
                              "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
                              "?13,?14,?15,?16,?14)");

    if (!s)
        return -1;
    action_bind(s, a);
    if (run(st, s, "adding action"))
        return -1;
    return advance_seq(st, a);
}

int store_action_update(struct store *st, const struct action *a)
{
    sqlite3_stmt *s = prepare(st, "UPDATE action SET qbr=?2, side=?3, action=?4, owner=?5, "
                              "due_date=?6, original_due_date=?7, state=?8, notes=?9, "
                              "done_when=?10, completed_on=?11, outcome=?12, "
                              "carried_from=?13, updated_at=?14, seq=?15, goal=?16 "
                              "WHERE id=?1");

    if (!s)
        return -1;
    action_bind(s, a);
    return run(st, s, "updating action");
}

int store_action_delete(struct store *st, const char *id)
{
    sqlite3_stmt *s = prepare(st, "DELETE FROM action WHERE id = ?1");

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    return run(st, s, "deleting action");
}

int store_action_get(struct store *st, const char *id, struct action *out)
{
    sqlite3_stmt *s = prepare(st, "SELECT " ACTION_COLUMNS " FROM action a "
                              "WHERE a.id = ?1 COLLATE NOCASE");
    int rc;

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        action_from_row(s, out);
    release(st, s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_error(st, "reading action");
    return rc == SQLITE_ROW ? 0 : 1;
}

/* Lists actions matching the filter, ordered by quarter and number. */
int store_action_list(struct store *st, const struct action_filter *f,
                      struct action **out, size_t *n)
{
    sqlite3_stmt *s = prepare(st, "SELECT " ACTION_COLUMNS " FROM action a "
                              "JOIN qbr q ON q.id = a.qbr WHERE "
                              "(?1 IS NULL OR a.qbr = ?1 COLLATE NOCASE) AND "
                              "(?2 IS NULL OR q.customer = ?2 COLLATE NOCASE OR "
                              " q.customer_key = ?2 COLLATE NOCASE) AND "
                              "(?3 IS NULL OR a.owner = ?3 COLLATE NOCASE) AND "
                              "(?4 IS NULL OR q.csm = ?4 COLLATE NOCASE) AND "
                              "(?5 IS NULL OR a.side = ?5) "
                              "ORDER BY q.quarter, a.seq, a.id");
    const char *v[] = {f->qbr, f->customer, f->owner, f->csm,
                       f->side < 0 ? NULL : model_side_label((enum side)f->side)};
    size_t cap = 0;
    int rc;

    *out = NULL, *n = 0;
    if (!s)
        return -1;
    bind_texts(s, 1, 5, v);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        action_from_row(s, grow(out, n, &cap, sizeof **out));
    release(st, s);
    return rc == SQLITE_DONE ? 0 : sql_error(st, "listing actions");
}

/* ---- event ---- */

int store_event_add(struct store *st, const char *action, const char *kind,
                    const char *old_value, const char *new_value, const char *reason)
{
    sqlite3_stmt *s = prepare(st, "INSERT INTO event (action, at, author, kind, old_value, "
                              "new_value, reason) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    const char *v[] = {action, date_now(), st->author, kind, old_value, new_value, reason};

    if (!s)
        return -1;
    bind_texts(s, 1, 7, v);
    return run(st, s, "recording history");
}

int store_event_list(struct store *st, const char *action, struct event **out, size_t *n)
{
    sqlite3_stmt *s = prepare(st, "SELECT action, at, author, kind, old_value, new_value, "
                              "reason FROM event WHERE action = ?1 ORDER BY at, id");
    size_t cap = 0;
    int rc;

    *out = NULL, *n = 0;
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, action, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct event *e = grow(out, n, &cap, sizeof **out);

        e->action = col_dup(s, 0), e->at = col_dup(s, 1), e->author = col_dup(s, 2);
        e->kind = col_dup(s, 3), e->old_value = col_dup(s, 4);
        e->new_value = col_dup(s, 5), e->reason = col_dup(s, 6);
    }
    release(st, s);
    return rc == SQLITE_DONE ? 0 : sql_error(st, "reading history");
}

/* ---- check-in ---- */

/* The key of a customer named by name or key; 1 when no QBR names it. */
int store_customer_key(struct store *st, const char *customer, char **key)
{
    sqlite3_stmt *s = prepare(st, "SELECT customer_key FROM qbr WHERE customer = ?1 "
                              "COLLATE NOCASE OR customer_key = ?1 COLLATE NOCASE LIMIT 1");
    int rc;

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, customer, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *key = col_dup(s, 0);
    release(st, s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_error(st, "reading customer");
    return rc == SQLITE_ROW ? 0 : 1;
}

int store_checkin_insert(struct store *st, const struct checkin *c, long *id)
{
    sqlite3_stmt *s = prepare(st, "INSERT INTO checkin (customer_key, held_on, with_whom, "
                              "kind, notes, created_at) VALUES (?1,?2,?3,?4,?5,?6) "
                              "RETURNING id");
    const char *v[] = {c->customer_key, c->held_on, c->with_whom, c->kind, c->notes,
                       date_now()};
    int rc;

    if (!s)
        return -1;
    bind_texts(s, 1, 6, v);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(s);
    release(st, s);
    return rc == SQLITE_DONE ? 0 : sql_error(st, "adding check-in");
}

int store_checkin_update(struct store *st, const struct checkin *c)
{
    sqlite3_stmt *s = prepare(st, "UPDATE checkin SET held_on = ?2, with_whom = ?3, "
                              "kind = ?4, notes = ?5 WHERE id = ?1");

    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    bind_texts(s, 2, 4, (const char *const[]){c->held_on, c->with_whom, c->kind, c->notes});
    return run(st, s, "updating check-in");
}

#define CHECKIN_QUERY "SELECT c.id, c.customer_key, "                                  \
    "(SELECT customer FROM qbr q WHERE q.customer_key = c.customer_key LIMIT 1), "     \
    "c.held_on, c.with_whom, c.kind, c.notes FROM checkin c "

static void checkin_from_row(sqlite3_stmt *s, struct checkin *c)
{
    c->id = sqlite3_column_int64(s, 0), c->customer_key = col_dup(s, 1);
    c->customer = col_dup(s, 2), c->held_on = col_dup(s, 3), c->with_whom = col_dup(s, 4);
    c->kind = col_dup(s, 5), c->notes = col_dup(s, 6);
}

int store_checkin_get(struct store *st, long id, struct checkin *out)
{
    sqlite3_stmt *s = prepare(st, CHECKIN_QUERY "WHERE c.id = ?1");
    int rc;

    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        checkin_from_row(s, out);
    release(st, s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_error(st, "reading check-in");
    return rc == SQLITE_ROW ? 0 : 1;
}

/* Check-ins of one customer (name or key) or all, of one kind or all, by
 * date. */
int store_checkin_list(struct store *st, const char *customer, const char *kind,
                       struct checkin **out, size_t *n)
{
    sqlite3_stmt *s = prepare(st, CHECKIN_QUERY "WHERE (?1 IS NULL OR c.customer_key IN "
                              "(SELECT customer_key FROM qbr WHERE customer = ?1 COLLATE "
                              "NOCASE OR customer_key = ?1 COLLATE NOCASE)) AND "
                              "(?2 IS NULL OR c.kind = ?2) ORDER BY c.held_on, c.id");
    size_t cap = 0;
    int rc;

    *out = NULL, *n = 0;
    if (!s)
        return -1;
    bind_texts(s, 1, 2, (const char *const[]){customer, kind});
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        checkin_from_row(s, grow(out, n, &cap, sizeof **out));
    release(st, s);
    return rc == SQLITE_DONE ? 0 : sql_error(st, "listing check-ins");
}

/* The date of the latest review check-in of a QBR's customer held from the
 * QBR's day up to until; 1 when there was none. */
int store_last_review(struct store *st, const char *qbr, const char *until, char **date)
{
    sqlite3_stmt *s = prepare(st, "SELECT max(c.held_on) FROM checkin c JOIN qbr q "
                              "ON q.customer_key = c.customer_key WHERE q.id = ?1 AND "
                              "c.kind = 'review' AND c.held_on <= ?2 AND "
                              "c.held_on >= coalesce(substr(q.held_at, 1, 10), '')");
    int rc;

    if (!s)
        return -1;
    bind_texts(s, 1, 2, (const char *const[]){qbr, until});
    rc = sqlite3_step(s);
    *date = rc == SQLITE_ROW ? col_dup(s, 0) : NULL;
    release(st, s);
    if (rc != SQLITE_ROW)
        return sql_error(st, "reading check-ins");
    return *date ? 0 : 1;
}

/* ---- freeing lists ---- */

void store_free_qbrs(struct qbr *q, size_t n)
{
    for (size_t i = 0; i < n; i++)
        model_qbr_free(&q[i]);
    free(q);
}

void store_free_goals(struct goal *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        model_goal_free(&g[i]);
    free(g);
}

void store_free_actions(struct action *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        model_action_free(&a[i]);
    free(a);
}

void store_free_events(struct event *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        model_event_free(&e[i]);
    free(e);
}

void store_free_checkins(struct checkin *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        model_checkin_free(&c[i]);
    free(c);
}
