/* cmd_report.c -- the dashboard and status commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "err.h"
#include "host.h"
#include "report.h"

/* Narrows a computed set to the actions in one status, keeping order. */
static void keep_status(struct report_set *s, enum status want)
{
    size_t kept = 0;

    for (size_t i = 0; i < s->n; i++) {
        if (s->status[i].status != want) {
            model_action_free(&s->actions[i]);
            continue;
        }
        s->actions[kept] = s->actions[i];
        s->status[kept++] = s->status[i];
    }
    s->n = kept;
}

/* A QBR or customer that does not exist is a typo, not an empty list. */
static int check_filter(struct store *st, const struct action_filter *f)
{
    struct qbr q = {0};
    int rc = f->qbr ? store_qbr_get(st, f->qbr, &q) : 0;

    model_qbr_free(&q);
    if (rc == 1)
        return err_input("--qbr: no QBR %s", f->qbr);
    if (rc == 0 && f->customer && store_customer_known(st, f->customer) != 1)
        return err_input("--customer: no QBR names the customer '%s'", f->customer);
    return rc;
}

int cmd_status(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt status [OPTIONS]  (also: qbrt action list)\n\n"
        "Every action with its computed status and the reason for it.\n"
        "  --qbr QBR  --customer NAME  --owner NAME  --csm NAME\n"
        "  --side customer|vendor  --status STATUS\n"
        "  --format text|md|csv|json\n";
    const char *side = NULL, *status = NULL, *format = "text";
    struct action_filter f = {.side = -1};
    const struct cli_opt opts[] = {
        CLI_VALUE("qbr", &f.qbr), CLI_VALUE("customer", &f.customer), CLI_VALUE("owner", &f.owner),
        CLI_VALUE("csm", &f.csm), CLI_VALUE("side", &side), CLI_VALUE("status", &status),
        CLI_VALUE("format", &format), CLI_END,
    };
    struct report_set set = {0};
    enum render_format fmt;
    enum side sd;
    enum status want = ST_COUNT;
    struct store *st;
    struct host *h;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs)
        rc = err_input("%s: unexpected argument '%s'; %s", argv[0], args[0],
                       cli_usage_line(usage));
    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD)
                                 | RENDER_ALLOW(FMT_CSV) | RENDER_ALLOW(FMT_JSON), &fmt);
    if (rc == 0 && side && (rc = model_side_parse(side, &sd)) != 0)
        rc = err_input("--side: '%s' is neither customer nor vendor", side);
    if (rc == 0 && side)
        f.side = (int)sd;
    if (rc == 0 && status && model_status_parse(status, &want))
        rc = err_input("--status: '%s' is not one of the seven statuses", status);
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = check_filter(st, &f);
    if (rc == 0 && (rc = cli_host(c, &h)) == 0)
        rc = report_collect(st, h, &f, date_today(), &set);
    if (rc == 0) {
        if (want != ST_COUNT)
            keep_status(&set, want);
        rc = report_status(stdout, &set, fmt, c->color);
    }
    report_set_free(&set);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

/* Works out what a dashboard covers from its argument: a QBR ID, a customer,
 * or nothing for every QBR (of one CSM with --csm). */
static int dashboard_scope(struct store *st, const char *arg, const char *csm,
                           struct action_filter *f, struct dashboard_scope *scope,
                           char *title, char *subtitle, size_t size)
{
    struct qbr q = {0};
    int rc = arg ? store_qbr_get(st, arg, &q) : 1;

    if (rc < 0)
        return -1;
    if (rc == 0) {
        f->qbr = arg;
        snprintf(title, size, "%s", q.customer);
        snprintf(subtitle, size, "%s QBR Actions", q.quarter);
        model_qbr_free(&q);
        return store_qbr_list(st, NULL, NULL, &scope->qbrs, &scope->nqbrs);
    }
    if (arg && store_customer_known(st, arg) != 1)
        return err_input("dashboard: '%s' is neither a QBR ID nor a customer", arg);
    f->customer = arg;
    f->csm = csm;
    if (store_qbr_list(st, arg, csm, &scope->qbrs, &scope->nqbrs))
        return -1;
    snprintf(title, size, "%s", arg && scope->nqbrs ? scope->qbrs[0].customer
                                : csm ? csm : "All customers");
    snprintf(subtitle, size, "QBR Actions of %zu QBR%s", scope->nqbrs,
             scope->nqbrs == 1 ? "" : "s");
    return 0;
}

/* Finds the last review check-in of each QBR in scope, up to today. */
static int find_reviews(struct store *st, struct dashboard_scope *scope)
{
    char today[DATE_LEN];

    date_format(date_today(), today);
    scope->last_review = calloc(scope->nqbrs + 1, sizeof *scope->last_review);
    for (size_t i = 0; i < scope->nqbrs; i++)
        if (store_last_review(st, scope->qbrs[i].id, today, &scope->last_review[i]) < 0)
            return -1;
    return 0;
}

static void free_reviews(struct dashboard_scope *scope)
{
    for (size_t i = 0; scope->last_review && i < scope->nqbrs; i++)
        free(scope->last_review[i]);
    free(scope->last_review);
}

int cmd_dashboard(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt dashboard [CUSTOMER|QBR] [OPTIONS]\n\n"
        "The QBR Action Tracking Dashboard: actions by status, overdue items,\n"
        "at-risk items and what was completed since the last review.\n"
        "  --csm NAME       only the QBRs of this CSM\n"
        "  --since DATE     completed since (default: the last review check-in,\n"
        "                   else the QBR's date)\n"
        "  --format text|md|json\n";
    const char *csm = NULL, *since = NULL, *format = "text";
    const struct cli_opt opts[] = {CLI_VALUE("csm", &csm), CLI_VALUE("since", &since),
                                   CLI_VALUE("format", &format), CLI_END};
    struct action_filter f = {.side = -1};
    struct dashboard_scope scope = {0};
    struct report_set set = {0};
    enum render_format fmt;
    char title[256], subtitle[256], **args;
    long day;
    struct store *st;
    struct host *h;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs > 1)
        rc = err_input("dashboard: give at most one customer or QBR; %s", cli_usage_line(usage));
    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD)
                                 | RENDER_ALLOW(FMT_JSON), &fmt);
    if (rc == 0 && since && date_parse(since, &day))
        rc = err_input("--since: '%s' is not a calendar date (YYYY-MM-DD)", since);
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = dashboard_scope(st, nargs ? args[0] : NULL, csm, &f, &scope, title, subtitle,
                             sizeof title);
    if (rc == 0)
        rc = find_reviews(st, &scope);
    if (rc == 0 && (rc = cli_host(c, &h)) == 0)
        rc = report_collect(st, h, &f, date_today(), &set);
    if (rc == 0) {
        scope.title = title, scope.subtitle = subtitle, scope.since = since;
        rc = report_dashboard(stdout, &set, &scope, fmt, c->color);
    }
    report_set_free(&set);
    free_reviews(&scope);
    store_free_qbrs(scope.qbrs, scope.nqbrs);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}
