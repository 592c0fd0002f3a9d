/* test_model.c -- status and side labels: parsing in any case and spelling,
 * labels, and which statuses are stored rather than computed. */
#include <stdio.h>

#include "unit.h"
#include "model.h"

/* Asserts that text parses as the status want. */
static void assert_status(const char *text, enum status want)
{
    enum status got = ST_COUNT;

    if (model_status_parse(text, &got) != 0)
        fail_msg("model_status_parse refused \"%s\"", text);
    if (got != want)
        fail_msg("\"%s\" parsed as %s, want %s", text, model_status_label(got),
                 model_status_label(want));
}

static void status_parse_exact_labels(void **state)
{
    (void)state;
    assert_status("Complete", ST_COMPLETE);
    assert_status("In Progress", ST_IN_PROGRESS);
    assert_status("Blocked", ST_BLOCKED);
    assert_status("At Risk", ST_AT_RISK);
    assert_status("Overdue", ST_OVERDUE);
    assert_status("Not Started", ST_NOT_STARTED);
    assert_status("Cancelled", ST_CANCELLED);
}

static void status_parse_any_case_and_separator(void **state)
{
    (void)state;
    assert_status("complete", ST_COMPLETE);
    assert_status("COMPLETE", ST_COMPLETE);
    assert_status("in_progress", ST_IN_PROGRESS);
    assert_status("In-Progress", ST_IN_PROGRESS);
    assert_status("in progress", ST_IN_PROGRESS);
    assert_status("IN_PROGRESS", ST_IN_PROGRESS);
    assert_status("not started", ST_NOT_STARTED);
    assert_status("Not_Started", ST_NOT_STARTED);
    assert_status("not-started", ST_NOT_STARTED);
    assert_status("bLoCkEd", ST_BLOCKED);
    assert_status("at_risk", ST_AT_RISK);
    assert_status("cancelled", ST_CANCELLED);
}

static void status_parse_refuses_unknown(void **state)
{
    static const char *const bad[] = {
        "Done", "", "InProgress", "In  Progress", "In Progress ", " Blocked",
        "Complet", "Completed", "Canceled", "Not", "Started", "In.Progress",
        "Blocked!", "open",
    };
    enum status s;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (model_status_parse(bad[i], &s) != -1)
            fail_msg("model_status_parse accepted \"%s\"", bad[i]);
    }
}

static void status_labels(void **state)
{
    (void)state;
    assert_string_equal(model_status_label(ST_COMPLETE), "Complete");
    assert_string_equal(model_status_label(ST_IN_PROGRESS), "In Progress");
    assert_string_equal(model_status_label(ST_BLOCKED), "Blocked");
    assert_string_equal(model_status_label(ST_AT_RISK), "At Risk");
    assert_string_equal(model_status_label(ST_OVERDUE), "Overdue");
    assert_string_equal(model_status_label(ST_NOT_STARTED), "Not Started");
    assert_string_equal(model_status_label(ST_CANCELLED), "Cancelled");
    assert_string_equal(model_status_label(ST_COUNT), "?");
}

/* Every label parses back to its own status. */
static void status_label_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < ST_COUNT; s++)
        assert_status(model_status_label((enum status)s), (enum status)s);
}

static void status_stored_or_computed(void **state)
{
    (void)state;
    assert_true(model_status_is_stored(ST_NOT_STARTED));
    assert_true(model_status_is_stored(ST_IN_PROGRESS));
    assert_true(model_status_is_stored(ST_BLOCKED));
    assert_true(model_status_is_stored(ST_COMPLETE));
    assert_true(model_status_is_stored(ST_CANCELLED));
    assert_false(model_status_is_stored(ST_AT_RISK));
    assert_false(model_status_is_stored(ST_OVERDUE));
}

static void side_parse_and_label(void **state)
{
    static const char *const bad[] = {
        "", "both", "customers", " vendor", "vendor ", "cust", "supplier",
    };
    enum side s = SIDE_VENDOR;

    (void)state;
    assert_int_equal(model_side_parse("customer", &s), 0);
    assert_int_equal(s, SIDE_CUSTOMER);
    assert_int_equal(model_side_parse("VENDOR", &s), 0);
    assert_int_equal(s, SIDE_VENDOR);
    assert_int_equal(model_side_parse("Customer", &s), 0);
    assert_int_equal(s, SIDE_CUSTOMER);
    assert_int_equal(model_side_parse("vendor", &s), 0);
    assert_int_equal(s, SIDE_VENDOR);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (model_side_parse(bad[i], &s) != -1)
            fail_msg("model_side_parse accepted \"%s\"", bad[i]);
    }
    assert_string_equal(model_side_label(SIDE_CUSTOMER), "customer");
    assert_string_equal(model_side_label(SIDE_VENDOR), "vendor");
}

static const struct CMUnitTest model_tests[] = {
    cmocka_unit_test(status_parse_exact_labels),
    cmocka_unit_test(status_parse_any_case_and_separator),
    cmocka_unit_test(status_parse_refuses_unknown),
    cmocka_unit_test(status_labels),
    cmocka_unit_test(status_label_round_trip),
    cmocka_unit_test(status_stored_or_computed),
    cmocka_unit_test(side_parse_and_label),
};

UNIT_GROUP(model, model_tests);
