/* date.c -- proleptic Gregorian calendar on day numbers. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

static char now_text[DATETIME_LEN];
static long today_day;
static int today_set;

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 ? 28 + leap : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d; the era arithmetic keeps it exact for any
 * year. Returns -1 when the date does not exist (2023-02-29), else 0. */
int date_from_ymd(int y, int m, int d, long *day)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return -1;

    long yy = m <= 2 ? y - 1 : y;
    long era = yy / 400;
    long yoe = yy - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    *day = era * 146097 + doe - 719468;
    return 0;
}

void date_to_ymd(long day, int *y, int *m, int *d)
{
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Reads exactly n digits at s into *out. */
static int digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int parse_ymd(const char *s, long *day)
{
    int y, m, d;

    if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-'
        || digits(s + 8, 2, &d))
        return -1;
    return date_from_ymd(y, m, d, day);
}

/* Parses "YYYY-MM-DD" and nothing else. Returns 0, or -1 when the text is not
 * a date or the date does not exist. */
int date_parse(const char *text, long *day)
{
    if (strlen(text) != 10)
        return -1;
    return parse_ymd(text, day);
}

/* Parses a date with an optional time: "YYYY-MM-DD", "YYYY-MM-DD HH:MM",
 * "YYYY-MM-DDTHH:MM" or the same with ":SS". *minutes is the minute of the
 * day, 0 without a time. Returns 0 or -1. */
int date_parse_time(const char *text, long *day, int *minutes, int *has_time)
{
    size_t n = strlen(text);
    int h, mi, sec = 0;

    *minutes = 0, *has_time = 0;
    if (n < 10 || parse_ymd(text, day))
        return -1;
    if (n == 10)
        return 0;
    if (n != 16 && n != 19)
        return -1;
    if ((text[10] != ' ' && text[10] != 'T') || digits(text + 11, 2, &h) || text[13] != ':'
        || digits(text + 14, 2, &mi))
        return -1;
    if (n == 19 && (text[16] != ':' || digits(text + 17, 2, &sec)))
        return -1;
    if (h > 23 || mi > 59 || sec > 59)
        return -1;
    *minutes = h * 60 + mi, *has_time = 1;
    return 0;
}

void date_format(long day, char out[DATE_LEN])
{
    int y, m, d;

    char buf[40];

    date_to_ymd(day, &y, &m, &d);
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, DATE_LEN - 1);
    out[DATE_LEN - 1] = '\0';
}

/* Adds months, clamping to the end of a shorter month (Jan 31 + 1 = Feb 29). */
long date_add_months(long day, int months)
{
    int y, m, d;
    long out;

    date_to_ymd(day, &y, &m, &d);
    long idx = (long)y * 12 + (m - 1) + months;
    y = (int)(idx / 12), m = (int)(idx % 12) + 1;
    if (d > date_days_in_month(y, m))
        d = date_days_in_month(y, m);
    if (date_from_ymd(y, m, d, &out))
        return day;
    return out;
}

/* Parses a quarter: "2024Q1", "2024-Q1", "2024 Q1", "Q1 2024" or "Q1-2024",
 * in any case. Returns 0 or -1. */
int date_quarter_parse(const char *text, int *year, int *q)
{
    size_t n = strlen(text);
    const char *y, *k;

    if (n == 6)
        y = text, k = text + 4;
    else if (n == 7 && (text[4] == '-' || text[4] == ' '))
        y = text, k = text + 5;
    else if (n == 7 && (text[2] == '-' || text[2] == ' '))
        y = text + 3, k = text;
    else
        return -1;
    if (n == 6 && (text[0] == 'Q' || text[0] == 'q'))
        y = text + 2, k = text;
    if ((k[0] != 'Q' && k[0] != 'q') || digits(k + 1, 1, q) || digits(y, 4, year))
        return -1;
    return (*q >= 1 && *q <= 4 && *year >= 1000) ? 0 : -1;
}

/* Sets the recorded time of this run. Accepts what date_parse_time does. */
int date_set_now(const char *text)
{
    long day;
    int min, has_time;
    char d[DATE_LEN], buf[64];

    if (date_parse_time(text, &day, &min, &has_time))
        return -1;
    date_format(day, d);
    snprintf(buf, sizeof buf, "%s %02d:%02d:%s", d, min / 60, min % 60,
             strlen(text) == 19 ? text + 17 : "00");
    memcpy(now_text, buf, DATETIME_LEN - 1);
    if (!today_set)
        today_day = day;
    return 0;
}

int date_set_today(const char *text)
{
    if (date_parse(text, &today_day))
        return -1;
    today_set = 1;
    return 0;
}

/* The current time as "YYYY-MM-DD HH:MM:SS", local time of the machine unless
 * --now fixed it. */
const char *date_now(void)
{
    if (now_text[0] == '\0') {
        time_t t = time(NULL);
        struct tm tm;

        localtime_r(&t, &tm);
        strftime(now_text, sizeof now_text, "%Y-%m-%d %H:%M:%S", &tm);
        if (!today_set)
            date_parse_time(now_text, &today_day, &(int){0}, &(int){0});
    }
    return now_text;
}

long date_today(void)
{
    if (!today_set && now_text[0] == '\0')
        date_now();
    return today_day;
}
