/* test_status.c -- the built-in status of an action and its facts (days to
 * due, days overdue, days since the last update), without Lua rules. */
#include <string.h>

#include "unit.h"
#include "date.h"
#include "err.h"
#include "status.h"

#define TODAY "2024-02-10"

static long day_of(const char *text)
{
    long day = 0;

    assert_int_equal(date_parse(text, &day), 0);
    return day;
}

/* An action with the fields status_builtin reads; the rest stay NULL or 0.
 * The strings are literals and must not be freed. */
static struct action make_action(const char *due, enum status state,
                                 const char *last_event_at)
{
    struct action a;

    memset(&a, 0, sizeof a);
    a.id = (char *)"ACME-2024Q1-001";
    a.due_date = (char *)due;
    a.state = state;
    a.updated_at = (char *)"2024-01-15 09:00:00";
    a.last_event_at = (char *)last_event_at;
    return a;
}

/* The built-in status of an action due on due, in state, seen on TODAY. */
static struct action_status builtin(const char *due, enum status state)
{
    struct action a = make_action(due, state, "2024-02-08 16:00:00");
    struct action_status st;

    assert_int_equal(status_builtin(&a, day_of(TODAY), &st), 0);
    return st;
}

static void due_today_is_not_overdue(void **state)
{
    struct action_status st;

    (void)state;
    st = builtin(TODAY, ST_NOT_STARTED);
    assert_int_equal(st.status, ST_NOT_STARTED);
    assert_int_equal(st.days_to_due, 0);
    assert_int_equal(st.days_overdue, 0);
    assert_string_equal(st.reason, "");

    st = builtin(TODAY, ST_IN_PROGRESS);
    assert_int_equal(st.status, ST_IN_PROGRESS);
    assert_int_equal(st.days_to_due, 0);
    assert_int_equal(st.days_overdue, 0);

    st = builtin(TODAY, ST_BLOCKED);
    assert_int_equal(st.status, ST_BLOCKED);
}

static void due_yesterday_is_one_day_overdue(void **state)
{
    struct action_status st;

    (void)state;
    st = builtin("2024-02-09", ST_NOT_STARTED);
    assert_int_equal(st.status, ST_OVERDUE);
    assert_int_equal(st.days_overdue, 1);
    assert_int_equal(st.days_to_due, -1);
    assert_string_equal(st.reason, "1 day overdue");
}

static void five_days_overdue(void **state)
{
    struct action_status st;

    (void)state;
    st = builtin("2024-02-05", ST_IN_PROGRESS);
    assert_int_equal(st.status, ST_OVERDUE);
    assert_int_equal(st.days_overdue, 5);
    assert_int_equal(st.days_to_due, -5);
    assert_string_equal(st.reason, "5 days overdue");
}

/* Day counts go by the calendar across month, year and leap-day ends. */
static void overdue_across_month_and_year_ends(void **state)
{
    struct action a = make_action("2023-12-31", ST_NOT_STARTED, NULL);
    struct action_status st;

    (void)state;
    assert_int_equal(status_builtin(&a, day_of("2024-01-02"), &st), 0);
    assert_int_equal(st.status, ST_OVERDUE);
    assert_int_equal(st.days_overdue, 2);
    assert_string_equal(st.reason, "2 days overdue");

    a.due_date = (char *)"2024-02-28";
    assert_int_equal(status_builtin(&a, day_of("2024-03-01"), &st), 0);
    assert_int_equal(st.days_overdue, 2);
    assert_int_equal(status_builtin(&a, day_of("2025-02-28"), &st), 0);
    assert_int_equal(st.days_overdue, 366);
    assert_string_equal(st.reason, "366 days overdue");
}

static void overdue_outranks_blocked(void **state)
{
    struct action_status st;

    (void)state;
    st = builtin("2024-02-07", ST_BLOCKED);
    assert_int_equal(st.status, ST_OVERDUE);
    assert_int_equal(st.days_overdue, 3);
    assert_string_equal(st.reason, "3 days overdue");
}

static void blocked_not_past_due_stays_blocked(void **state)
{
    struct action_status st;

    (void)state;
    st = builtin("2024-02-20", ST_BLOCKED);
    assert_int_equal(st.status, ST_BLOCKED);
    assert_int_equal(st.days_to_due, 10);
    assert_int_equal(st.days_overdue, 0);
}

/* Closed actions keep their state however late they are; the facts are
 * still the calendar's. */
static void closed_past_due_stay_closed(void **state)
{
    struct action_status st;

    (void)state;
    st = builtin("2024-01-31", ST_COMPLETE);
    assert_int_equal(st.status, ST_COMPLETE);
    assert_int_equal(st.days_to_due, -10);
    assert_int_equal(st.days_overdue, 10);
    assert_string_equal(st.reason, "");

    st = builtin("2024-01-31", ST_CANCELLED);
    assert_int_equal(st.status, ST_CANCELLED);
    assert_int_equal(st.days_to_due, -10);
    assert_string_equal(st.reason, "");
}

static void in_progress_future_stays(void **state)
{
    struct action_status st;

    (void)state;
    st = builtin("2024-03-01", ST_IN_PROGRESS);
    assert_int_equal(st.status, ST_IN_PROGRESS);
    assert_int_equal(st.days_to_due, 20);
    assert_int_equal(st.days_overdue, 0);

    st = builtin("2024-02-11", ST_NOT_STARTED);
    assert_int_equal(st.status, ST_NOT_STARTED);
    assert_int_equal(st.days_to_due, 1);
}

static void days_since_update(void **state)
{
    long today = day_of(TODAY);
    struct action a = make_action("2024-03-01", ST_IN_PROGRESS, "2024-02-01 10:00:00");
    struct action_status st;

    (void)state;
    /* The latest history event wins over the row's update time. */
    assert_int_equal(status_builtin(&a, today, &st), 0);
    assert_int_equal(st.days_since_update, 9);

    /* Without events, the row's update time counts. */
    a.last_event_at = NULL;
    a.updated_at = (char *)"2024-02-05 08:00:00";
    assert_int_equal(status_builtin(&a, today, &st), 0);
    assert_int_equal(st.days_since_update, 5);

    /* Across a month end, and updated today. */
    a.updated_at = (char *)"2024-01-31 23:59:59";
    assert_int_equal(status_builtin(&a, today, &st), 0);
    assert_int_equal(st.days_since_update, 10);
    a.last_event_at = (char *)"2024-02-10 00:00:01";
    assert_int_equal(status_builtin(&a, today, &st), 0);
    assert_int_equal(st.days_since_update, 0);

    /* Nothing known: no days since. */
    a.last_event_at = NULL, a.updated_at = NULL;
    assert_int_equal(status_builtin(&a, today, &st), 0);
    assert_int_equal(st.days_since_update, 0);
}

static void bad_due_date_is_an_error(void **state)
{
    struct action a = make_action("2024-02-30", ST_NOT_STARTED, NULL);
    struct action_status st;

    (void)state;
    err_clear();
    assert_int_equal(status_builtin(&a, day_of(TODAY), &st), -1);
    assert_int_equal(err_code(), ERR_INPUT);
    assert_non_null(strstr(err_msg(), "ACME-2024Q1-001"));
    assert_non_null(strstr(err_msg(), "2024-02-30"));

    a.due_date = (char *)"next week";
    assert_int_equal(status_builtin(&a, day_of(TODAY), &st), -1);
    a.due_date = (char *)"2024-2-10";
    assert_int_equal(status_builtin(&a, day_of(TODAY), &st), -1);
    assert_int_equal(status_compute(NULL, &a, day_of(TODAY), &st), -1);
    err_clear();
}

/* With no rules host, status_compute is exactly status_builtin. */
static void compute_without_host_is_builtin(void **state)
{
    static const struct {
        const char *due;
        enum status state;
    } cases[] = {
        {"2024-02-10", ST_NOT_STARTED}, {"2024-02-09", ST_NOT_STARTED},
        {"2024-02-05", ST_IN_PROGRESS}, {"2024-02-07", ST_BLOCKED},
        {"2024-02-20", ST_BLOCKED},     {"2024-01-31", ST_COMPLETE},
        {"2024-01-31", ST_CANCELLED},   {"2024-03-01", ST_IN_PROGRESS},
    };
    long today = day_of(TODAY);

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct action a = make_action(cases[i].due, cases[i].state,
                                      "2024-02-01 10:00:00");
        struct action_status want, got;

        assert_int_equal(status_builtin(&a, today, &want), 0);
        memset(&got, 0x5a, sizeof got);
        assert_int_equal(status_compute(NULL, &a, today, &got), 0);
        assert_int_equal(got.status, want.status);
        assert_string_equal(got.reason, want.reason);
        assert_int_equal(got.days_to_due, want.days_to_due);
        assert_int_equal(got.days_overdue, want.days_overdue);
        assert_int_equal(got.days_since_update, want.days_since_update);
    }
}

static void open_statuses(void **state)
{
    (void)state;
    assert_false(status_is_open(ST_COMPLETE));
    assert_false(status_is_open(ST_CANCELLED));
    assert_true(status_is_open(ST_NOT_STARTED));
    assert_true(status_is_open(ST_IN_PROGRESS));
    assert_true(status_is_open(ST_BLOCKED));
    assert_true(status_is_open(ST_AT_RISK));
    assert_true(status_is_open(ST_OVERDUE));
}

static const struct CMUnitTest status_tests[] = {
    cmocka_unit_test(due_today_is_not_overdue),
    cmocka_unit_test(due_yesterday_is_one_day_overdue),
    cmocka_unit_test(five_days_overdue),
    cmocka_unit_test(overdue_across_month_and_year_ends),
    cmocka_unit_test(overdue_outranks_blocked),
    cmocka_unit_test(blocked_not_past_due_stays_blocked),
    cmocka_unit_test(closed_past_due_stay_closed),
    cmocka_unit_test(in_progress_future_stays),
    cmocka_unit_test(days_since_update),
    cmocka_unit_test(bad_due_date_is_an_error),
    cmocka_unit_test(compute_without_host_is_builtin),
    cmocka_unit_test(open_statuses),
};

UNIT_GROUP(status, status_tests);
