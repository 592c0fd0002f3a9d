/* cmd_timeline.c -- the follow-up timeline of one QBR, and the agenda: what
 * needs doing across all customers today and in the coming days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "date.h"
#include "err.h"
#include "followup.h"
#include "host.h"
#include "render.h"
#include "report.h"
#include "store.h"

/* One line of the timeline or the agenda. */
struct item {
    char date[DATE_LEN];
    char *customer, *what, *detail, *state;
};

struct items {
    struct item *v;
    size_t n, cap;
};

static void add_item(struct items *l, long day, const char *customer, const char *what,
                     const char *detail, const char *state)
{
    struct item *it;

    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
    }
    it = &l->v[l->n++];
    date_format(day, it->date);
    it->customer = strdup(customer), it->what = strdup(what);
    it->detail = strdup(detail ? detail : ""), it->state = strdup(state);
}

static void free_items(struct items *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].customer), free(l->v[i].what), free(l->v[i].detail), free(l->v[i].state);
    free(l->v);
}

static int by_date(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    int c = strcmp(x->date, y->date);

    return c ? c : strcmp(x->customer, y->customer);
}

static void print_items(const struct items *l, enum render_format fmt, int color)
{
    static const char *const head[] = {"Date", "Customer", "What", "Detail", "State"};
    struct table *t;

    if (fmt == FMT_JSON) {
        json_t *arr = json_array();

        for (size_t i = 0; i < l->n; i++)
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s}", "date", l->v[i].date,
                                                 "customer", l->v[i].customer, "what",
                                                 l->v[i].what, "detail", l->v[i].detail,
                                                 "state", l->v[i].state));
        json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(arr);
        return;
    }
    t = render_table_new(5, head);
    for (size_t i = 0; i < l->n; i++)
        render_table_row(t, (const char *const[]){l->v[i].date, l->v[i].customer,
                         l->v[i].what, l->v[i].detail, l->v[i].state}, -1);
    render_table_write(stdout, t, fmt, color);
    render_table_free(t);
}

/* The QBR's day, which every milestone counts from. */
static int held_day(const struct qbr *q, long *day)
{
    int minutes, has_time;

    if (!q->held_at || date_parse_time(q->held_at, day, &minutes, &has_time))
        return err_input("QBR %s has no held_at date; set it with qbrt qbr update %s "
                         "--held-at DATE", q->id, q->id);
    return 0;
}

/* Judges the milestones of one QBR. */
static int judge(struct cli *c, const struct qbr *q, struct milestone **m, size_t *n)
{
    struct host *h;

    if (cli_host(c, &h) || followup_push(h, c->st, q))
        return -1;
    return host_milestones(h, m, n);
}

/* The day a milestone is due: its own date, else day days after the QBR. */
static long milestone_due(const struct milestone *m, long held)
{
    long day;

    return m->due_on && date_parse(m->due_on, &day) == 0 ? day : held + m->day;
}

/* What is not done yet: missed, due today or upcoming. */
static const char *due_state(long due, long today)
{
    if (today > due)
        return "missed";
    return today == due ? "due today" : "upcoming";
}

/* done, done late, missed, due today or upcoming. */
static const char *milestone_state(const struct milestone *m, long due, long today)
{
    long done;

    if (m->done_on && date_parse(m->done_on, &done) == 0)
        return done <= due ? "done" : "done late";
    return due_state(due, today);
}

int cmd_timeline(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt timeline QBR|CUSTOMER [--format text|md|json]\n\n"
        "The QBR follow-up timeline (rules/timeline.lua): each milestone with its\n"
        "date and whether it is done, due or missed.\n";
    const char *format = "text";
    const struct cli_opt opts[] = {CLI_VALUE("format", &format), CLI_END};
    enum render_format fmt;
    struct items list = {0};
    struct milestone *m = NULL;
    struct qbr q = {0};
    struct store *st;
    size_t n = 0;
    char **args;
    long held;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("timeline: give one QBR; %s", cli_usage_line(usage));
    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD)
                                 | RENDER_ALLOW(FMT_JSON), &fmt);
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = followup_resolve(st, args[0], &q);
    if (rc == 0 && (rc = held_day(&q, &held)) == 0)
        rc = judge(c, &q, &m, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        add_item(&list, milestone_due(&m[i], held), q.customer, m[i].label, m[i].done_on,
                 milestone_state(&m[i], milestone_due(&m[i], held), date_today()));
    if (rc == 0)
        print_items(&list, fmt, c->color);
    free_items(&list);
    host_free_milestones(m, n);
    model_qbr_free(&q);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

/* ---- the agenda ---- */

struct agenda {
    struct cli *c;
    long today, until;
    const char *owner;
    struct items list;
};

/* Hours the unsent summary is past summary_hours, or -1. */
static long summary_hours_late(struct agenda *ag, const struct qbr *q, double *allowed)
{
    struct host *h;
    long hours;
    int sent;

    if (cli_host(ag->c, &h) || host_threshold(h, "summary_hours", allowed)
        || followup_summary_hours(q, &hours, &sent) || sent)
        return -1;
    return hours - (long)*allowed;
}

static int agenda_milestones(struct agenda *ag, const struct qbr *q, long held)
{
    struct milestone *m;
    size_t n;
    char detail[128];

    if (judge(ag->c, q, &m, &n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        long due = milestone_due(&m[i], held);
        double allowed = 0;
        long late = strcmp(m[i].name, "summary") == 0 ? summary_hours_late(ag, q, &allowed) : -1;

        if (!m[i].agenda || m[i].done_on || due > ag->until)
            continue;
        snprintf(detail, sizeof detail, late > 0 ? "%s; %ld hours late against %.0f" : "%s",
                 q->id, late, allowed);
        add_item(&ag->list, due, q->customer, m[i].label, detail,
                 due_state(due, ag->today));
    }
    host_free_milestones(m, n);
    return 0;
}

/* The next progress check-in by the cadence. */
static int agenda_checkin(struct agenda *ag, const struct qbr *q)
{
    struct host *h;
    long last, day;
    int rc = cli_host(ag->c, &h) ? -1 : followup_cadence(h, ag->c->st, q, &last, &day);

    if (rc == 0 && day <= ag->until)
        add_item(&ag->list, day, q->customer, "Progress check-in with champion",
                 q->champion ? q->champion : q->id, due_state(day, ag->today));
    return rc < 0 ? -1 : 0;
}

static int agenda_actions(struct agenda *ag, const struct qbr *q)
{
    struct action_filter f = {.qbr = q->id, .owner = ag->owner, .side = -1};
    struct report_set set;
    struct host *h;
    char detail[512];
    int rc = cli_host(ag->c, &h) ? -1 : report_collect(ag->c->st, h, &f, ag->today, &set);

    for (size_t i = 0; rc == 0 && i < set.n; i++) {
        const struct action *a = &set.actions[i];
        long due = ag->today + set.status[i].days_to_due;

        if (!status_is_open(set.status[i].status) || due > ag->until)
            continue;
        snprintf(detail, sizeof detail, "%s %s (%s)", a->id, a->action, a->owner);
        add_item(&ag->list, due, q->customer, due < ag->today ? "Overdue action" : "Action due",
                 detail, model_status_label(set.status[i].status));
    }
    report_set_free(&set);
    return rc;
}

int cmd_agenda(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt agenda [--days N] [--csm NAME] [--owner NAME] "
        "[--format text|md|json]\n\nWhat needs doing today and in the next N days (7): "
        "summaries not sent,\ndebriefs, check-ins due by the cadence, actions due or overdue, "
        "reviews.\n";
    const char *days = "7", *csm = NULL, *format = "text";
    struct agenda ag = {.c = c, .today = date_today()};
    const struct cli_opt opts[] = {CLI_VALUE("days", &days), CLI_VALUE("csm", &csm),
                                   CLI_VALUE("owner", &ag.owner), CLI_VALUE("format", &format),
                                   CLI_END};
    enum render_format fmt;
    struct qbr *q = NULL;
    struct store *st;
    size_t n = 0;
    char **args, *end;
    long ndays = 0, held;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs)
        rc = err_input("agenda: takes no arguments; %s", cli_usage_line(usage));
    if (rc == 0 && ((ndays = strtol(days, &end, 10)) < 0 || ndays > 366 || *end || !*days))
        rc = err_input("--days: '%s' is not a number of days from 0 to 366", days);
    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD)
                                 | RENDER_ALLOW(FMT_JSON), &fmt);
    ag.until = ag.today + ndays;
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = followup_current_qbrs(st, NULL, csm, &q, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        /* a QBR without its date has no milestones, only actions */
        int dated = q[i].held_at && held_day(&q[i], &held) == 0;

        if (!ag.owner && dated
            && (agenda_milestones(&ag, &q[i], held) || agenda_checkin(&ag, &q[i])))
            rc = -1;
        if (rc == 0)
            rc = agenda_actions(&ag, &q[i]);
    }
    if (rc == 0) {
        qsort(ag.list.v, ag.list.n, sizeof *ag.list.v, by_date);
        print_items(&ag.list, fmt, c->color);
    }
    free_items(&ag.list);
    store_free_qbrs(q, n);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}
