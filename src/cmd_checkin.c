/* cmd_checkin.c -- check-ins with the customer: progress calls with the
 * champion, the mid-quarter review and the pre-QBR preparation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "err.h"
#include "ledger.h"
#include "render.h"
#include "store.h"

struct checkin_opts {
    const char *on, *with, *kind, *notes;
};

#define CHECKIN_OPTIONS(o)                                                             \
    CLI_VALUE("on", &(o).on), CLI_VALUE("with", &(o).with), CLI_VALUE("kind", &(o).kind), \
    CLI_VALUE("notes", &(o).notes)

#define CHECKIN_HELP                                                                   \
    "  --on DATE          the day it took place (default today)\n"                     \
    "  --with NAME        who from the customer took part\n"                           \
    "  --kind KIND        progress (default), review or prep\n"                        \
    "  --notes TEXT       what was said\n"

/* Applies the options to a check-in and checks it. */
static int apply_checkin_opts(struct checkin *c, const struct checkin_opts *o)
{
    cli_take(&c->held_on, o->on), cli_take(&c->with_whom, o->with);
    cli_take(&c->kind, o->kind), cli_take(&c->notes, o->notes);
    if (!c->kind || !model_checkin_kind_valid(c->kind))
        return err_input("--kind: '%s' is not progress, review or prep",
                         c->kind ? c->kind : "");
    if (!c->held_on)
        return err_input("--on: a check-in needs its date");
    if (ledger_check_text("--with", c->with_whom) || ledger_check_text("--notes", c->notes))
        return -1;
    return ledger_check_date("--on", c->held_on);
}

/* The customer key of a customer named by name or key, or of a QBR. */
static int checkin_customer(struct store *st, const char *arg, char **key)
{
    struct qbr q = {0};
    int rc = store_customer_key(st, arg, key);

    if (rc == 1 && (rc = store_qbr_get(st, arg, &q)) == 0)
        rc = store_customer_key(st, q.customer, key);
    model_qbr_free(&q);
    if (rc == 1)
        return err_input("checkin add: no QBR names the customer '%s'", arg);
    return rc;
}

static int checkin_add(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt checkin add CUSTOMER|QBR [OPTIONS]\n\n"
        "Records a check-in with a customer; progress and review check-ins\n"
        "restart the cadence.\n" CHECKIN_HELP;
    struct checkin_opts o = {0};
    const struct cli_opt opts[] = {CHECKIN_OPTIONS(o), CLI_END};
    struct checkin ci = {0};
    struct store *st;
    char today[DATE_LEN], **args;
    long id = 0;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("checkin add: give one customer; %s", cli_usage_line(usage));
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = checkin_customer(st, args[0], &ci.customer_key);
    if (rc == 0) {
        date_format(date_today(), today);
        ci.held_on = strdup(today), ci.kind = strdup("progress");
        rc = apply_checkin_opts(&ci, &o);
    }
    if (rc == 0 && (rc = store_begin(st)) == 0)
        rc = store_finish(st, store_checkin_insert(st, &ci, &id));
    if (rc == 0)
        printf("check-in %ld: %s %s%s%s\n", id, ci.kind, ci.held_on,
               ci.with_whom ? " with " : "", ci.with_whom ? ci.with_whom : "");
    model_checkin_free(&ci);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int checkin_update(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt checkin update ID [OPTIONS]\n\n"
        "Corrects a check-in; an empty value clears a field.\n" CHECKIN_HELP;
    struct checkin_opts o = {0};
    const struct cli_opt opts[] = {CHECKIN_OPTIONS(o), CLI_END};
    struct checkin ci = {0};
    struct store *st;
    char **args, *end = NULL;
    long id = 0;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs == 1)
        id = strtol(args[0], &end, 10);
    if (rc == 0 && (nargs != 1 || *end || id <= 0))
        rc = err_input("checkin update: give one check-in number; %s", cli_usage_line(usage));
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0 && (rc = store_checkin_get(st, id, &ci)) == 1)
        rc = err_input("no check-in %ld", id);
    if (rc == 0)
        rc = apply_checkin_opts(&ci, &o);
    if (rc == 0 && (rc = store_begin(st)) == 0)
        rc = store_finish(st, store_checkin_update(st, &ci));
    if (rc == 0)
        printf("check-in %ld: %s %s\n", id, ci.kind, ci.held_on);
    model_checkin_free(&ci);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int checkin_list(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt checkin list [CUSTOMER] [--kind KIND] "
        "[--format text|md|csv]\n";
    static const char *const head[] = {"#", "Customer", "Date", "Kind", "With", "Notes"};
    const char *kind = NULL, *format = "text";
    const struct cli_opt opts[] = {CLI_VALUE("kind", &kind), CLI_VALUE("format", &format),
                                   CLI_END};
    enum render_format fmt;
    struct checkin *ci = NULL;
    size_t n = 0;
    struct store *st;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD)
                                 | RENDER_ALLOW(FMT_CSV), &fmt);
    if (rc == 0 && nargs > 1)
        rc = err_input("checkin list: at most one customer; %s", cli_usage_line(usage));
    if (rc == 0 && kind && !model_checkin_kind_valid(kind))
        rc = err_input("--kind: '%s' is not progress, review or prep", kind);
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = store_checkin_list(st, nargs ? args[0] : NULL, kind, &ci, &n);
    if (rc == 0) {
        struct table *t = render_table_new(6, head);

        for (size_t i = 0; i < n; i++) {
            char num[24];

            snprintf(num, sizeof num, "%ld", ci[i].id);
            render_table_row(t, (const char *const[]){num, ci[i].customer, ci[i].held_on,
                             ci[i].kind, ci[i].with_whom, ci[i].notes}, -1);
        }
        render_table_write(stdout, t, fmt, c->color);
        render_table_free(t);
    }
    store_free_checkins(ci, n);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

int cmd_checkin(struct cli *c, int argc, char **argv)
{
    static const struct cli_command table[] = {
        {"add", checkin_add, "record a check-in with a customer"},
        {"list", checkin_list, "list check-ins"},
        {"update", checkin_update, "correct a check-in"},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(c, table, "checkin", argc - 1, argv + 1);
}
