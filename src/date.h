/* date.h -- calendar dates as day numbers (days since 1970-01-01), so that all
 * arithmetic is on whole days and no time zone or daylight-saving change can
 * move a status. Also the "now" and "today" of a run, which tests can fix. */
#ifndef QBRT_DATE_H
#define QBRT_DATE_H

#define DATE_LEN 11             /* "YYYY-MM-DD" and its NUL */
#define DATETIME_LEN 20         /* "YYYY-MM-DD HH:MM:SS" and its NUL */

int date_from_ymd(int y, int m, int d, long *day);
void date_to_ymd(long day, int *y, int *m, int *d);
int date_days_in_month(int y, int m);

int date_parse(const char *text, long *day);
int date_parse_time(const char *text, long *day, int *minutes, int *has_time);
void date_format(long day, char out[DATE_LEN]);

long date_add_months(long day, int months);
int date_quarter_parse(const char *text, int *year, int *q);

/* The clock of a run: set once from --now/--today or the system clock. */
int date_set_now(const char *text);
int date_set_today(const char *text);
const char *date_now(void);
long date_today(void);

#endif
