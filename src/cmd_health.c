/* cmd_health.c -- qbrt health: the anti-patterns of QBR follow-through that
 * the data can show, each with its count and the items behind it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "err.h"
#include "followup.h"
#include "host.h"
#include "render.h"
#include "report.h"
#include "store.h"

/* One anti-pattern and what was found of it. */
struct finding {
    const char *name;
    size_t count;
    char items[2048];
};

static void note(struct finding *f, const char *item)
{
    size_t len = strlen(f->items);

    f->count++;
    if (len + strlen(item) + 3 < sizeof f->items)
        snprintf(f->items + len, sizeof f->items - len, "%s%s", len ? "; " : "", item);
}

/* An overdue action with no word to the customer since it fell due. */
static int silent_failures(struct store *st, const struct report_set *s, struct finding *f)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct action *a = &s->actions[i];
        struct event *ev;
        size_t n;
        int told = 0;

        if (s->status[i].status != ST_OVERDUE)
            continue;
        if (store_event_list(st, a->id, &ev, &n))
            return -1;
        for (size_t k = 0; k < n; k++)
            told |= strcmp(ev[k].kind, "told") == 0 && strncmp(ev[k].at, a->due_date, 10) >= 0;
        store_free_events(ev, n);
        if (!told)
            note(f, a->id);
    }
    return 0;
}

/* An action carried into two or more QBRs in a row: its carried_from chain
 * is two links long or more. */
static void repeated_carry(const struct report_set *s, struct finding *f)
{
    for (size_t i = 0; i < s->n; i++) {
        const char *from = s->actions[i].carried_from;
        int hops = 0;

        while (from && hops < 100) {
            const char *next = NULL;

            hops++;
            for (size_t k = 0; k < s->n && !next; k++)
                if (strcmp(s->actions[k].id, from) == 0)
                    next = s->actions[k].carried_from ? s->actions[k].carried_from : "";
            from = next && *next ? next : NULL;
        }
        if (hops >= 2 && status_is_open(s->status[i].status))
            note(f, s->actions[i].id);
    }
}

/* Per current QBR: no check-in for longer than the cadence, and a summary
 * sent (or still unsent) later than summary_hours after the QBR. */
static int per_qbr(struct cli *c, const struct qbr *q, double hours_allowed,
                   struct finding *quiet, struct finding *late)
{
    struct host *h;
    long last, next, hours;
    int sent;
    char item[256];
    int rc = cli_host(c, &h) ? -1 : followup_cadence(h, c->st, q, &last, &next);

    if (rc < 0)
        return -1;
    if (rc == 0 && next < date_today()) {
        snprintf(item, sizeof item, "%s: %ld days since the last check-in", q->customer,
                 date_today() - last);
        note(quiet, item);
    }
    if (followup_summary_hours(q, &hours, &sent) == 0 && hours > hours_allowed) {
        if (sent)
            snprintf(item, sizeof item, "%s: sent after %ld hours", q->id, hours);
        else
            snprintf(item, sizeof item, "%s: not sent yet", q->id);
        note(late, item);
    }
    return 0;
}

static void print_findings(const struct finding *f, size_t n, enum render_format fmt,
                           int color)
{
    static const char *const head[] = {"Anti-pattern", "Count", "Items"};
    struct table *t = render_table_new(3, head);

    for (size_t i = 0; i < n; i++) {
        char count[24];

        snprintf(count, sizeof count, "%zu", f[i].count);
        render_table_row(t, (const char *const[]){f[i].name, count, f[i].items}, -1);
    }
    render_table_write(stdout, t, fmt, color);
    render_table_free(t);
}

int cmd_health(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt health [CUSTOMER] [--format text|md]\n\n"
        "The anti-patterns the data shows: silent failures (overdue, customer not\n"
        "told since), actions carried into two QBRs or more, no check-in for longer\n"
        "than the cadence, summaries later than summary_hours.\n";
    const char *format = "text";
    const struct cli_opt opts[] = {CLI_VALUE("format", &format), CLI_END};
    struct finding f[4] = {{"Silent failures", 0, ""}, {"Same actions every QBR", 0, ""},
                           {"No check-ins", 0, ""}, {"Summary delay", 0, ""}};
    struct action_filter filter = {.side = -1};
    struct report_set set = {0};
    enum render_format fmt;
    struct qbr *q = NULL;
    struct store *st;
    struct host *h;
    double hours;
    size_t n = 0;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs > 1)
        rc = err_input("health: at most one customer; %s", cli_usage_line(usage));
    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD), &fmt);
    filter.customer = nargs ? args[0] : NULL;
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0 && filter.customer
        && store_customer_known(st, filter.customer) != 1)
        rc = err_input("health: no QBR names the customer '%s'", filter.customer);
    if (rc == 0 && (cli_host(c, &h) || host_threshold(h, "summary_hours", &hours)))
        rc = -1;
    if (rc == 0 && (rc = report_collect(st, h, &filter, date_today(), &set)) == 0)
        rc = silent_failures(st, &set, &f[0]);
    if (rc == 0) {
        repeated_carry(&set, &f[1]);
        rc = followup_current_qbrs(st, filter.customer, NULL, &q, &n);
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = per_qbr(c, &q[i], hours, &f[2], &f[3]);
    if (rc == 0)
        print_findings(f, 4, fmt, c->color);
    store_free_qbrs(q, n);
    report_set_free(&set);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}
