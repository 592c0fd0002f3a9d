/* test_date.c -- calendar dates as day numbers: parsing, formatting, the
 * arithmetic across month, year and leap-day boundaries, quarters and the
 * clock of a run. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "date.h"

/* The day number of a date the test knows to be valid. */
static long day_of(const char *text)
{
    long day = 0;

    assert_int_equal(date_parse(text, &day), 0);
    return day;
}

/* Asserts that day formats as the text want. */
static void assert_day_is(long day, const char *want)
{
    char out[DATE_LEN];

    date_format(day, out);
    assert_string_equal(out, want);
}

static void from_ymd_known_day_numbers(void **state)
{
    long day = 12345;

    (void)state;
    assert_int_equal(date_from_ymd(1970, 1, 1, &day), 0);
    assert_int_equal(day, 0);
    assert_int_equal(date_from_ymd(1969, 12, 31, &day), 0);
    assert_int_equal(day, -1);
    assert_int_equal(date_from_ymd(2000, 1, 1, &day), 0);
    assert_int_equal(day, 10957);
    assert_int_equal(date_from_ymd(2024, 1, 1, &day), 0);
    assert_int_equal(day, 19723);
    assert_int_equal(date_from_ymd(2024, 2, 29, &day), 0);
    assert_int_equal(day, 19782);
    assert_int_equal(date_from_ymd(1, 1, 1, &day), 0);
    assert_int_equal(day, -719162);
    assert_int_equal(date_from_ymd(9999, 12, 31, &day), 0);
    assert_int_equal(day, 2932896);
}

static void from_ymd_refuses_impossible_dates(void **state)
{
    static const int bad[][3] = {
        {2023, 2, 29}, {1900, 2, 29}, {2024, 2, 30}, {2024, 4, 31}, {2024, 6, 31},
        {2024, 13, 1}, {2024, 0, 10}, {2024, 1, 0}, {2024, 1, 32}, {0, 1, 1},
        {10000, 1, 1}, {2024, -1, 1},
    };
    long day = 12345;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(date_from_ymd(bad[i][0], bad[i][1], bad[i][2], &day), -1);
        assert_int_equal(day, 12345);
    }
}

static void to_ymd_known_day_numbers(void **state)
{
    int y, m, d;

    (void)state;
    date_to_ymd(0, &y, &m, &d);
    assert_int_equal(y, 1970), assert_int_equal(m, 1), assert_int_equal(d, 1);
    date_to_ymd(-1, &y, &m, &d);
    assert_int_equal(y, 1969), assert_int_equal(m, 12), assert_int_equal(d, 31);
    date_to_ymd(19782, &y, &m, &d);
    assert_int_equal(y, 2024), assert_int_equal(m, 2), assert_int_equal(d, 29);
    date_to_ymd(19783, &y, &m, &d);
    assert_int_equal(y, 2024), assert_int_equal(m, 3), assert_int_equal(d, 1);
    date_to_ymd(-719162, &y, &m, &d);
    assert_int_equal(y, 1), assert_int_equal(m, 1), assert_int_equal(d, 1);
    date_to_ymd(2932896, &y, &m, &d);
    assert_int_equal(y, 9999), assert_int_equal(m, 12), assert_int_equal(d, 31);
}

static void days_in_month(void **state)
{
    static const int common[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    (void)state;
    for (int m = 1; m <= 12; m++) {
        assert_int_equal(date_days_in_month(2023, m), common[m - 1]);
        assert_int_equal(date_days_in_month(2024, m), m == 2 ? 29 : common[m - 1]);
    }
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2100, 2), 28);
    assert_int_equal(date_days_in_month(2400, 2), 29);
}

/* Walks every day from 1899-12-01 to 2101-01-31: each day follows the one
 * before it in the calendar, and day number, y-m-d and text agree. */
static void every_day_round_trips(void **state)
{
    long first, last;
    int py, pm, pd;

    (void)state;
    assert_int_equal(date_from_ymd(1899, 12, 1, &first), 0);
    assert_int_equal(date_from_ymd(2101, 1, 31, &last), 0);
    date_to_ymd(first, &py, &pm, &pd);
    for (long n = first + 1; n <= last; n++) {
        int y, m, d;
        long back = 0;
        char text[DATE_LEN], want[32];

        date_to_ymd(n, &y, &m, &d);
        if (pd < date_days_in_month(py, pm)) {
            assert_int_equal(y, py), assert_int_equal(m, pm);
            assert_int_equal(d, pd + 1);
        } else {
            assert_int_equal(y, pm == 12 ? py + 1 : py);
            assert_int_equal(m, pm == 12 ? 1 : pm + 1);
            assert_int_equal(d, 1);
        }
        assert_int_equal(date_from_ymd(y, m, d, &back), 0);
        assert_int_equal(back, n);
        date_format(n, text);
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        assert_string_equal(text, want);
        assert_int_equal(date_parse(text, &back), 0);
        assert_int_equal(back, n);
        py = y, pm = m, pd = d;
    }
}

static void parse_accepts_real_dates(void **state)
{
    long day = 0;

    (void)state;
    assert_int_equal(date_parse("1970-01-01", &day), 0);
    assert_int_equal(day, 0);
    assert_int_equal(date_parse("2024-02-29", &day), 0);
    assert_int_equal(day, 19782);
    assert_int_equal(date_parse("2000-02-29", &day), 0);
    assert_int_equal(day, 11016);
    assert_int_equal(date_parse("2024-12-31", &day), 0);
    assert_int_equal(day, 20088);
}

static void parse_refuses_impossible_dates(void **state)
{
    static const char *const bad[] = {
        "2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01",
        "2024-00-10", "2024-01-00", "2024-01-32", "0000-01-01",
    };
    long day;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(date_parse(bad[i], &day), -1);
}

static void parse_refuses_wrong_shapes(void **state)
{
    static const char *const bad[] = {
        "2024-2-3", "2024/02/03", "", "2024-02-03x", "2024-02-3", "24-02-03",
        "2024-02-03 ", " 2024-02-03", "2024-02-03 10:00", "2024 02 03", "20240203",
        "2024-0a-03", "+024-02-03", "2024-02--3", "-2024-02-03",
    };
    long day;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (date_parse(bad[i], &day) != -1)
            fail_msg("date_parse accepted \"%s\"", bad[i]);
    }
}

static void parse_time_accepts_optional_time(void **state)
{
    long day = 0;
    int minutes = -1, has_time = -1;

    (void)state;
    assert_int_equal(date_parse_time("2024-02-10", &day, &minutes, &has_time), 0);
    assert_int_equal(day, day_of("2024-02-10"));
    assert_int_equal(minutes, 0), assert_int_equal(has_time, 0);

    assert_int_equal(date_parse_time("2024-02-10 09:30", &day, &minutes, &has_time), 0);
    assert_int_equal(day, day_of("2024-02-10"));
    assert_int_equal(minutes, 570), assert_int_equal(has_time, 1);

    assert_int_equal(date_parse_time("2024-02-11T14:05", &day, &minutes, &has_time), 0);
    assert_int_equal(day, day_of("2024-02-11"));
    assert_int_equal(minutes, 845), assert_int_equal(has_time, 1);

    assert_int_equal(date_parse_time("2024-02-29 23:59:59", &day, &minutes, &has_time),
                     0);
    assert_int_equal(day, 19782);
    assert_int_equal(minutes, 1439), assert_int_equal(has_time, 1);

    assert_int_equal(date_parse_time("2024-03-01T00:00:00", &day, &minutes, &has_time),
                     0);
    assert_int_equal(day, 19783);
    assert_int_equal(minutes, 0), assert_int_equal(has_time, 1);
}

static void parse_time_refuses_bad_times(void **state)
{
    static const char *const bad[] = {
        "2024-02-10 24:00", "2024-02-10 25:00", "2024-02-10 09:60", "2024-02-10 09:30:60",
        "2024-02-10 9:30", "2024-02-10x09:30", "2024-02-10 09:30:", "2024-02-10 09-30",
        "2024-02-10 ", "2024-02-10T", "2024-02-10 09:3a", "2024-02-10  09:30",
        "2024-02-30 09:30", "2023-02-29T10:00", "2024-2-10 09:30", "", "09:30",
        "2024-02-10 09:30:00Z", "2024-02-10 09:30:0",
    };
    long day;
    int minutes, has_time;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (date_parse_time(bad[i], &day, &minutes, &has_time) != -1)
            fail_msg("date_parse_time accepted \"%s\"", bad[i]);
    }
}

static void format_writes_ten_characters(void **state)
{
    char out[DATE_LEN + 4];

    (void)state;
    memset(out, 'X', sizeof out);
    date_format(0, out);
    assert_string_equal(out, "1970-01-01");
    assert_int_equal(out[DATE_LEN], 'X');
    assert_day_is(-1, "1969-12-31");
    assert_day_is(19782, "2024-02-29");
    assert_day_is(-719162, "0001-01-01");
    assert_day_is(2932896, "9999-12-31");
    assert_day_is(day_of("2000-02-29"), "2000-02-29");
}

static void day_arithmetic_across_boundaries(void **state)
{
    (void)state;
    assert_day_is(day_of("2024-02-28") + 1, "2024-02-29");
    assert_day_is(day_of("2024-02-29") + 1, "2024-03-01");
    assert_day_is(day_of("2023-02-28") + 1, "2023-03-01");
    assert_day_is(day_of("2023-12-31") + 1, "2024-01-01");
    assert_day_is(day_of("2024-01-01") - 1, "2023-12-31");
    assert_day_is(day_of("2024-03-01") - 1, "2024-02-29");
    assert_day_is(day_of("2024-04-30") + 1, "2024-05-01");
    assert_day_is(day_of("2024-01-31") + 30, "2024-03-01");
    assert_day_is(day_of("2024-02-10") + 7, "2024-02-17");
    assert_day_is(day_of("2024-12-25") + 14, "2025-01-08");
    assert_day_is(day_of("1970-01-01") - 1, "1969-12-31");

    assert_int_equal(day_of("2025-01-01") - day_of("2024-01-01"), 366);
    assert_int_equal(day_of("2024-01-01") - day_of("2023-01-01"), 365);
    assert_int_equal(day_of("2001-01-01") - day_of("2000-01-01"), 366);
    assert_int_equal(day_of("1901-01-01") - day_of("1900-01-01"), 365);
    assert_int_equal(day_of("2024-03-01") - day_of("2024-02-01"), 29);
    assert_int_equal(day_of("2023-03-01") - day_of("2023-02-01"), 28);
    assert_int_equal(day_of("2024-02-10") - day_of("2024-02-01"), 9);
    assert_int_equal(day_of("1970-01-01"), 0);
}

/* Asserts that from plus months is want. */
static void assert_add_months(const char *from, int months, const char *want)
{
    char out[DATE_LEN];

    date_format(date_add_months(day_of(from), months), out);
    if (strcmp(out, want) != 0)
        fail_msg("%s %+d months: got %s, want %s", from, months, out, want);
}

static void add_months_clamps_to_month_end(void **state)
{
    (void)state;
    assert_add_months("2024-01-31", 1, "2024-02-29");
    assert_add_months("2023-01-31", 1, "2023-02-28");
    assert_add_months("2024-03-31", -1, "2024-02-29");
    assert_add_months("2023-03-31", -1, "2023-02-28");
    assert_add_months("2024-05-31", 1, "2024-06-30");
    assert_add_months("2024-08-31", -6, "2024-02-29");
    assert_add_months("2024-01-31", 2, "2024-03-31");
    assert_add_months("2024-02-29", 12, "2025-02-28");
    assert_add_months("2024-02-29", -12, "2023-02-28");
    assert_add_months("2024-02-29", 48, "2028-02-29");
}

static void add_months_crosses_years(void **state)
{
    (void)state;
    assert_add_months("2024-01-15", 12, "2025-01-15");
    assert_add_months("2024-01-15", -1, "2023-12-15");
    assert_add_months("2024-11-30", 3, "2025-02-28");
    assert_add_months("2024-12-01", 1, "2025-01-01");
    assert_add_months("2024-01-01", -13, "2022-12-01");
    assert_add_months("2024-06-15", 0, "2024-06-15");
    assert_add_months("2024-02-10", 3, "2024-05-10");
    assert_add_months("2024-02-10", 24, "2026-02-10");
}

/* Asserts that text parses as quarter q of year. */
static void assert_quarter(const char *text, int year, int q)
{
    int y = 0, n = 0;

    if (date_quarter_parse(text, &y, &n) != 0)
        fail_msg("date_quarter_parse refused \"%s\"", text);
    assert_int_equal(y, year);
    assert_int_equal(n, q);
}

static void quarter_parse_accepts(void **state)
{
    (void)state;
    assert_quarter("2024Q1", 2024, 1);
    assert_quarter("2024-q3", 2024, 3);
    assert_quarter("Q2 2024", 2024, 2);
    assert_quarter("2024 Q4", 2024, 4);
    assert_quarter("2024-Q2", 2024, 2);
    assert_quarter("q4 2023", 2023, 4);
}

static void quarter_parse_refuses(void **state)
{
    static const char *const bad[] = {
        "2024Q5", "2024Q0", "2024", "Q1", "", "24Q1", "2024Q12", "2024X1",
        "Q5 2024", "2024Q", "QQ 2024", "2024-01-01", "Q1 24",
    };
    int y, q;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (date_quarter_parse(bad[i], &y, &q) != -1)
            fail_msg("date_quarter_parse accepted \"%s\"", bad[i]);
    }
}

/* The clock is global to the process, so its whole story is one test:
 * --now alone sets today, --today overrides it, later --now leaves it. */
static void clock_now_and_today(void **state)
{
    long day;
    int minutes, has_time;

    (void)state;
    /* Unset, now is the machine's time in the usual shape. */
    assert_int_equal(strlen(date_now()), DATETIME_LEN - 1);
    assert_int_equal(date_parse_time(date_now(), &day, &minutes, &has_time), 0);
    assert_int_equal(has_time, 1);

    assert_int_equal(date_set_now("2024-02-10 09:30"), 0);
    assert_string_equal(date_now(), "2024-02-10 09:30:00");
    assert_int_equal(date_today(), day_of("2024-02-10"));

    assert_int_equal(date_set_now("2024-02-11T07:05:09"), 0);
    assert_string_equal(date_now(), "2024-02-11 07:05:09");
    assert_int_equal(date_today(), day_of("2024-02-11"));

    assert_int_equal(date_set_now("2024-02-12"), 0);
    assert_string_equal(date_now(), "2024-02-12 00:00:00");
    assert_int_equal(date_today(), day_of("2024-02-12"));

    assert_int_equal(date_set_now("2024-02-30 09:30"), -1);
    assert_int_equal(date_set_now("tomorrow"), -1);
    assert_string_equal(date_now(), "2024-02-12 00:00:00");
    assert_int_equal(date_today(), day_of("2024-02-12"));

    assert_int_equal(date_set_today("2024-03-01"), 0);
    assert_int_equal(date_today(), day_of("2024-03-01"));
    assert_string_equal(date_now(), "2024-02-12 00:00:00");

    assert_int_equal(date_set_now("2024-02-10 09:30"), 0);
    assert_string_equal(date_now(), "2024-02-10 09:30:00");
    assert_int_equal(date_today(), day_of("2024-03-01"));

    assert_int_equal(date_set_today("2024-02-30"), -1);
    assert_int_equal(date_set_today("2024-03-02 10:00"), -1);
    assert_int_equal(date_today(), day_of("2024-03-01"));
}

static const struct CMUnitTest date_tests[] = {
    cmocka_unit_test(from_ymd_known_day_numbers),
    cmocka_unit_test(from_ymd_refuses_impossible_dates),
    cmocka_unit_test(to_ymd_known_day_numbers),
    cmocka_unit_test(days_in_month),
    cmocka_unit_test(every_day_round_trips),
    cmocka_unit_test(parse_accepts_real_dates),
    cmocka_unit_test(parse_refuses_impossible_dates),
    cmocka_unit_test(parse_refuses_wrong_shapes),
    cmocka_unit_test(parse_time_accepts_optional_time),
    cmocka_unit_test(parse_time_refuses_bad_times),
    cmocka_unit_test(format_writes_ten_characters),
    cmocka_unit_test(day_arithmetic_across_boundaries),
    cmocka_unit_test(add_months_clamps_to_month_end),
    cmocka_unit_test(add_months_crosses_years),
    cmocka_unit_test(quarter_parse_accepts),
    cmocka_unit_test(quarter_parse_refuses),
    cmocka_unit_test(clock_now_and_today),
};

UNIT_GROUP(date, date_tests);
