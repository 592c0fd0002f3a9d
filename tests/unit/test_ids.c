/* test_ids.c -- action and QBR identifiers: the formats of rules/ids.lua run
 * by the real Lua host, and the per-quarter numbering of the ledger on a real
 * SQLite database. Runs from the project root (tests/unit.t sees to it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "date.h"
#include "err.h"
#include "host.h"
#include "ledger.h"
#include "store.h"

struct fixture {
    struct host *h;
    struct store *st;
    char dir[64];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char path[128];

    strcpy(f->dir, "/tmp/qbrt-unit-XXXXXX");
    if (!mkdtemp(f->dir) || host_open(&f->h, 0) || host_load_rules_dir(f->h, "rules"))
        return -1;
    snprintf(path, sizeof path, "%s/q.db", f->dir);
    if (store_open(path, STORE_CREATE, &f->st))
        return -1;
    date_set_now("2024-02-20 09:00");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char path[128];

    store_close(f->st);
    host_close(f->h);
    for (const char *const *s = (const char *const[]){"", "-wal", "-shm", NULL}; *s; s++) {
        snprintf(path, sizeof path, "%s/q.db%s", f->dir, *s);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Formats with the named id_format, or fails the test. */
static char *format(struct host *h, const char *name, const char *const *fields, long seq)
{
    char *id = NULL;

    if (host_format_id(h, name, fields, seq, &id))
        fail_msg("%s", err_msg());
    return id;
}

static void action_id_shape(void **state)
{
    struct fixture *f = *state;
    const char *fields[] = {"quarter", "2024Q1", NULL};
    char *id;

    id = format(f->h, "action", fields, 3);
    assert_string_equal(id, "QBR-2024Q1-003");
    free(id);
    id = format(f->h, "action", fields, 1234);
    assert_string_equal(id, "QBR-2024Q1-1234");
    free(id);
}

static void customer_key_from_name(void **state)
{
    struct fixture *f = *state;
    static const char *const cases[][2] = {
        {"Acme Corp", "ACME"},
        {"Northwind Logistics, Inc.", "NORTHWIND-LOGISTICS"},
        {"globex", "GLOBEX"},
        {"O'Neil & Sons Ltd", "O-NEIL-SONS"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *fields[] = {"customer", cases[i][0], NULL};
        char *key = format(f->h, "customer_key", fields, 0);

        assert_string_equal(key, cases[i][1]);
        free(key);
    }
}

static void qbr_id_from_key_and_quarter(void **state)
{
    struct fixture *f = *state;
    const char *fields[] = {"customer_key", "ACME", "quarter", "2024Q1", NULL};
    char *id = format(f->h, "qbr", fields, 0);

    assert_string_equal(id, "ACME-2024Q1");
    free(id);
}

/* Adds a QBR for customer in quarter, returns its id in buf. */
static void add_qbr(struct fixture *f, const char *customer, const char *quarter, char *buf)
{
    struct qbr q = {.customer = strdup(customer), .quarter = strdup(quarter)};

    if (ledger_qbr_add(f->st, f->h, &q, NULL))
        fail_msg("%s", err_msg());
    strcpy(buf, q.id);
    model_qbr_free(&q);
}

/* Adds an action to qbr, with the given id or a numbered one; returns it. */
static char *add_action(struct fixture *f, const char *qbr, const char *id)
{
    struct action a = {.qbr = strdup(qbr), .action = strdup("Schedule the briefing"),
                       .owner = strdup("Sarah Johnson"), .due_date = strdup("2024-02-15"),
                       .id = id ? strdup(id) : NULL, .side = SIDE_VENDOR,
                       .state = ST_NOT_STARTED};
    char *out;

    if (ledger_action_add(f->st, f->h, &a))
        fail_msg("%s", err_msg());
    out = strdup(a.id);
    model_action_free(&a);
    return out;
}

static void numbering_per_quarter_across_customers(void **state)
{
    struct fixture *f = *state;
    char acme[32], globex[32], acme2[32];
    static const char *const want[] = {"QBR-2024Q1-001", "QBR-2024Q1-002", "QBR-2024Q1-003",
                                       "QBR-2024Q2-001"};
    char *got[4];

    add_qbr(f, "Acme Corp", "2024Q1", acme);
    add_qbr(f, "Globex", "2024-q1", globex);
    add_qbr(f, "Acme Corp", "Q2 2024", acme2);
    assert_string_equal(globex, "GLOBEX-2024Q1");
    assert_string_equal(acme2, "ACME-2024Q2");
    got[0] = add_action(f, acme, NULL);
    got[1] = add_action(f, globex, NULL);
    got[2] = add_action(f, acme, NULL);
    got[3] = add_action(f, acme2, NULL);
    for (int i = 0; i < 4; i++) {
        assert_string_equal(got[i], want[i]);
        free(got[i]);
    }
}

static void given_id_kept_and_numbering_goes_past_it(void **state)
{
    struct fixture *f = *state;
    char acme[32];
    char *kept, *next, *dup_err;

    add_qbr(f, "Acme Corp", "2024Q1", acme);
    kept = add_action(f, acme, "QBR-2024Q1-010");
    next = add_action(f, acme, NULL);
    assert_string_equal(kept, "QBR-2024Q1-010");
    assert_string_equal(next, "QBR-2024Q1-011");

    struct action again = {.qbr = strdup(acme), .action = strdup("x"), .owner = strdup("Bo"),
                           .due_date = strdup("2024-02-15"), .id = strdup(kept),
                           .state = ST_NOT_STARTED};
    assert_int_equal(ledger_action_add(f->st, f->h, &again), -1);
    dup_err = strstr(err_msg(), "already exists");
    assert_non_null(dup_err);
    model_action_free(&again);
    free(kept);
    free(next);
}

static const struct CMUnitTest id_tests[] = {
    cmocka_unit_test_setup_teardown(action_id_shape, setup, teardown),
    cmocka_unit_test_setup_teardown(customer_key_from_name, setup, teardown),
    cmocka_unit_test_setup_teardown(qbr_id_from_key_and_quarter, setup, teardown),
    cmocka_unit_test_setup_teardown(numbering_per_quarter_across_customers, setup, teardown),
    cmocka_unit_test_setup_teardown(given_id_kept_and_numbering_goes_past_it, setup, teardown),
};

UNIT_GROUP(ids, id_tests);
