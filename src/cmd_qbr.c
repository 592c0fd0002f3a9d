/* cmd_qbr.c -- init, and the qbr and goal commands. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "err.h"
#include "followup.h"
#include "host.h"
#include "ledger.h"
#include "render.h"
#include "store.h"

int cmd_init(struct cli *c, int argc, char **argv)
{
    struct store *st;
    char **args;
    int nargs, rc = cli_parse(argc, argv, NULL, "usage: qbrt init\n\n"
                              "Creates the database (readable by you only) or brings an\n"
                              "existing one to the current schema.\n", &args, &nargs);

    free(args);
    if (rc)
        return rc == CLI_HELP ? 0 : -1;
    if (nargs)
        return err_input("init: takes no arguments");
    if (cli_store(c, 1, &st))
        return -1;
    printf("database %s is ready (schema version %d)\n", c->db_path, store_schema_version(st));
    return 0;
}

/* ---- qbr ---- */

struct qbr_opts {
    const char *key, *held_at, *champion, *champion_email, *csm, *csm_email;
    const char *summary_sent_at, *next_qbr_on, *customer, *quarter, *debriefed_on, *roi;
    struct cli_list takeaways, values, next_steps, resources;
};

#define QBR_OPTIONS(o)                                                                 \
    CLI_VALUE("key", &(o).key), CLI_VALUE("held-at", &(o).held_at),                    \
    CLI_VALUE("champion", &(o).champion), CLI_VALUE("champion-email", &(o).champion_email), \
    CLI_VALUE("csm", &(o).csm), CLI_VALUE("csm-email", &(o).csm_email),                \
    CLI_VALUE("summary-sent-at", &(o).summary_sent_at),                                \
    CLI_VALUE("next-qbr-on", &(o).next_qbr_on), CLI_VALUE("debriefed-on", &(o).debriefed_on), \
    CLI_VALUE("roi", &(o).roi), CLI_LIST("takeaway", &(o).takeaways),                  \
    CLI_LIST("value", &(o).values), CLI_LIST("next-step", &(o).next_steps),            \
    CLI_LIST("resource", &(o).resources)

#define QBR_HELP                                                                       \
    "  --held-at DATE[ HH:MM]   when the QBR took place\n"                             \
    "  --champion NAME  --champion-email ADDR\n"                                       \
    "  --csm NAME       --csm-email ADDR\n"                                            \
    "  --summary-sent-at DATE[ HH:MM]\n"                                               \
    "  --next-qbr-on DATE  --debriefed-on DATE\n"                                      \
    "  --takeaway TEXT    a key takeaway; repeat for each (\"\" clears them)\n"        \
    "  --value TEXT       value delivered, \"Achievement: impact\"; repeatable\n"     \
    "  --roi TEXT         the quarter's ROI, e.g. 240%\n"                               \
    "  --next-step TEXT   repeatable   --resource TEXT  a link; repeatable\n"

static void apply_qbr_opts(struct qbr *q, const struct qbr_opts *o)
{
    cli_take(&q->held_at, o->held_at), cli_take(&q->champion, o->champion);
    cli_take(&q->champion_email, o->champion_email), cli_take(&q->csm, o->csm);
    cli_take(&q->csm_email, o->csm_email), cli_take(&q->summary_sent_at, o->summary_sent_at);
    cli_take(&q->next_qbr_on, o->next_qbr_on), cli_take(&q->customer, o->customer);
    cli_take(&q->debriefed_on, o->debriefed_on), cli_take(&q->roi, o->roi);
    cli_take_list(&q->takeaways, &o->takeaways), cli_take_list(&q->value_delivered, &o->values);
    cli_take_list(&q->next_steps, &o->next_steps), cli_take_list(&q->resources, &o->resources);
}

static void free_qbr_opts(struct qbr_opts *o)
{
    free(o->takeaways.items), free(o->values.items);
    free(o->next_steps.items), free(o->resources.items);
}

static int qbr_add(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt qbr add CUSTOMER QUARTER [OPTIONS]\n\n"
        "Adds a QBR. Its ID is the customer key and the quarter (ACME-2024Q1).\n"
        "  --key KEY        the customer key (default: made from the name)\n" QBR_HELP;
    struct qbr_opts o = {0};
    const struct cli_opt opts[] = {QBR_OPTIONS(o), CLI_END};
    struct qbr q = {0};
    struct store *st;
    struct host *h;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 2)
        rc = err_input("qbr add: give CUSTOMER and QUARTER; %s", cli_usage_line(usage));
    if (rc == 0) {
        q.customer = strdup(args[0]), q.quarter = strdup(args[1]);
        if (o.key)              /* keys are capitals, as made ones are */
            for (char *k = (char *)o.key; *k; k++)
                *k = (char)toupper((unsigned char)*k);
        apply_qbr_opts(&q, &o);
        rc = cli_store(c, 1, &st) || cli_host(c, &h) ? -1 : 0;
    }
    if (rc == 0) {
        if ((rc = store_begin(st)) == 0)
            rc = store_finish(st, ledger_qbr_add(st, h, &q, o.key));
        if (rc == 0)
            printf("%s\n", q.id);
    }
    model_qbr_free(&q);
    free_qbr_opts(&o);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int qbr_update(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt qbr update QBR [OPTIONS]\n\n"
        "Changes a QBR's details; an empty value clears a field.\n"
        "  --customer NAME\n" QBR_HELP;
    struct qbr_opts o = {0};
    const struct cli_opt opts[] = {QBR_OPTIONS(o), CLI_VALUE("customer", &o.customer),
                                   CLI_END};
    struct qbr q = {0};
    struct store *st;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("qbr update: give one QBR id; %s", cli_usage_line(usage));
    if (rc == 0 && o.key)
        rc = err_input("qbr update: the key is part of the QBR's ID and cannot change");
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0 && (rc = store_qbr_get(st, args[0], &q)) == 1)
        rc = err_input("no QBR %s", args[0]);
    if (rc == 0) {
        apply_qbr_opts(&q, &o);
        rc = ledger_qbr_check(&q);
    }
    if (rc == 0 && (rc = store_begin(st)) == 0)
        rc = store_finish(st, store_qbr_update(st, &q));
    if (rc == 0)
        printf("%s updated\n", q.id);
    model_qbr_free(&q);
    free_qbr_opts(&o);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

/* Records the internal debrief, by default today. */
static int qbr_debrief(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt qbr debrief QBR|CUSTOMER [--on DATE]\n\n"
        "Records the internal debrief of a QBR (due by day 3).\n";
    const char *on = NULL;
    const struct cli_opt opts[] = {CLI_VALUE("on", &on), CLI_END};
    struct qbr q = {0};
    struct store *st;
    char today[DATE_LEN], **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("qbr debrief: give one QBR id; %s", cli_usage_line(usage));
    if (rc == 0 && on && !*on)
        rc = err_input("--on: give the day of the debrief (YYYY-MM-DD)");
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = followup_resolve(st, args[0], &q);
    if (rc == 0) {
        date_format(date_today(), today);
        cli_take(&q.debriefed_on, on ? on : today);
        rc = ledger_qbr_check(&q);
    }
    if (rc == 0 && (rc = store_begin(st)) == 0)
        rc = store_finish(st, store_qbr_update(st, &q));
    if (rc == 0)
        printf("%s debriefed on %s\n", q.id, q.debriefed_on);
    model_qbr_free(&q);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int qbr_list(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt qbr list [CUSTOMER] [--csm NAME] "
                                "[--format text|md|csv]\n";
    static const char *const head[] = {"ID", "Customer", "Quarter", "Held", "Champion",
                                       "CSM", "Summary Sent", "Next QBR"};
    const char *csm = NULL, *format = "text";
    const struct cli_opt opts[] = {CLI_VALUE("csm", &csm), CLI_VALUE("format", &format),
                                   CLI_END};
    enum render_format fmt;
    struct store *st;
    struct qbr *q = NULL;
    size_t n = 0;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD)
                                 | RENDER_ALLOW(FMT_CSV), &fmt);
    if (rc == 0 && nargs > 1)
        rc = err_input("qbr list: at most one customer; %s", cli_usage_line(usage));
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = store_qbr_list(st, nargs ? args[0] : NULL, csm, &q, &n);
    if (rc == 0) {
        struct table *t = render_table_new(8, head);

        for (size_t i = 0; i < n; i++)
            render_table_row(t, (const char *const[]){q[i].id, q[i].customer, q[i].quarter,
                             q[i].held_at, q[i].champion, q[i].csm, q[i].summary_sent_at,
                             q[i].next_qbr_on}, -1);
        render_table_write(stdout, t, fmt, c->color);
        render_table_free(t);
    }
    store_free_qbrs(q, n);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static void show_field(const char *label, const char *value)
{
    if (value)
        printf("%-16s %s\n", label, value);
}

/* Prints each line of a list field under the same label. */
static void show_list(const char *label, const char *items)
{
    while (items && *items) {
        size_t n = strcspn(items, "\n");

        printf("%-16s %.*s\n", label, (int)n, items);
        items += n + (items[n] == '\n');
    }
}

static int qbr_show(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt qbr show QBR\n";
    struct qbr q = {0};
    struct goal *g = NULL;
    size_t ng = 0;
    struct store *st;
    char **args;
    int nargs, rc = cli_parse(argc, argv, NULL, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("qbr show: give one QBR id");
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0 && (rc = store_qbr_get(st, args[0], &q)) == 1)
        rc = err_input("no QBR %s", args[0]);
    if (rc == 0)
        rc = store_goal_list(st, q.id, &g, &ng);
    if (rc == 0) {
        show_field("id", q.id), show_field("customer", q.customer);
        show_field("quarter", q.quarter), show_field("held_at", q.held_at);
        show_field("champion", q.champion), show_field("champion_email", q.champion_email);
        show_field("csm", q.csm), show_field("csm_email", q.csm_email);
        show_field("summary_sent_at", q.summary_sent_at);
        show_field("next_qbr_on", q.next_qbr_on), show_field("debriefed_on", q.debriefed_on);
        show_list("takeaway", q.takeaways), show_list("value", q.value_delivered);
        show_field("roi", q.roi), show_list("next_step", q.next_steps);
        show_list("resource", q.resources);
        for (size_t i = 0; i < ng; i++)
            printf("goal #%-10d %s%s%s\n", g[i].num, g[i].text,
                   g[i].success_criterion ? " - success criteria: " : "",
                   g[i].success_criterion ? g[i].success_criterion : "");
    }
    store_free_goals(g, ng);
    model_qbr_free(&q);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int qbr_delete(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt qbr delete QBR --yes\n\n"
        "Deletes a QBR entered by mistake, with its goals. A QBR that still has\n"
        "actions is kept: delete those first (qbrt action delete).\n";
    int yes = 0;
    const struct cli_opt opts[] = {CLI_FLAG("yes", &yes), CLI_END};
    struct action_filter f = {.side = -1};
    struct action *a = NULL;
    struct qbr q = {0};
    struct store *st;
    size_t n = 0;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("qbr delete: give one QBR id; %s", cli_usage_line(usage));
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0 && (rc = store_qbr_get(st, args[0], &q)) == 1)
        rc = err_input("no QBR %s", args[0]);
    if (rc == 0 && !yes)
        rc = err_input("qbr delete: this removes %s and its goals for good; add --yes", q.id);
    if (rc == 0 && (rc = store_begin(st)) == 0) {
        f.qbr = q.id;
        rc = store_action_list(st, &f, &a, &n);
        if (rc == 0 && n)
            rc = err_input("QBR %s has %zu action%s; delete them first", q.id, n,
                           n == 1 ? "" : "s");
        rc = store_finish(st, rc == 0 ? store_qbr_delete(st, q.id) : -1);
    }
    if (rc == 0)
        printf("deleted %s\n", q.id);
    store_free_actions(a, n);
    model_qbr_free(&q);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

int cmd_qbr(struct cli *c, int argc, char **argv)
{
    static const struct cli_command table[] = {
        {"add", qbr_add, "add a QBR"},
        {"list", qbr_list, "list QBRs"},
        {"show", qbr_show, "show a QBR and its goals"},
        {"update", qbr_update, "change a QBR's details"},
        {"debrief", qbr_debrief, "record the internal debrief"},
        {"delete", qbr_delete, "delete a QBR entered by mistake"},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(c, table, "qbr", argc - 1, argv + 1);
}

/* ---- goal ---- */

static int goal_add(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt goal add QBR TEXT [--success-criterion TEXT]\n";
    const char *criterion = NULL;
    const struct cli_opt opts[] = {CLI_VALUE("success-criterion", &criterion), CLI_END};
    struct qbr q = {0};
    struct store *st;
    char **args;
    int num = 0, nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && (nargs != 2 || !*args[1]))
        rc = err_input("goal add: give QBR and the goal's text; %s", cli_usage_line(usage));
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0 && (rc = store_qbr_get(st, args[0], &q)) == 1)
        rc = err_input("no QBR %s", args[0]);
    if (rc == 0 && store_goal_find(st, q.id, args[1], &num) == 0)
        rc = err_input("QBR %s already has this goal as #%d", q.id, num);
    if (rc == 0 && (rc = store_begin(st)) == 0)
        rc = store_finish(st, store_goal_insert(st, q.id, args[1], criterion, &num));
    if (rc == 0)
        printf("%s goal #%d\n", q.id, num);
    model_qbr_free(&q);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int goal_list(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt goal list [QBR] [--format text|md|csv]\n";
    static const char *const head[] = {"QBR", "#", "Goal", "Success Criterion"};
    const char *format = "text";
    const struct cli_opt opts[] = {CLI_VALUE("format", &format), CLI_END};
    enum render_format fmt;
    struct goal *g = NULL;
    size_t n = 0;
    struct store *st;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0)
        rc = render_format_parse(format, RENDER_ALLOW(FMT_TEXT) | RENDER_ALLOW(FMT_MD)
                                 | RENDER_ALLOW(FMT_CSV), &fmt);
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = store_goal_list(st, nargs ? args[0] : NULL, &g, &n);
    if (rc == 0) {
        struct table *t = render_table_new(4, head);

        for (size_t i = 0; i < n; i++) {
            char num[16];

            snprintf(num, sizeof num, "%d", g[i].num);
            render_table_row(t, (const char *const[]){g[i].qbr, num, g[i].text,
                                                      g[i].success_criterion}, -1);
        }
        render_table_write(stdout, t, fmt, c->color);
        render_table_free(t);
    }
    store_free_goals(g, n);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int goal_update(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt goal update QBR NUMBER [--text TEXT] "
                                "[--success-criterion TEXT]\n";
    const char *text = NULL, *criterion = NULL;
    const struct cli_opt opts[] = {CLI_VALUE("text", &text),
                                   CLI_VALUE("success-criterion", &criterion),
                                   CLI_END};
    struct goal *g = NULL, *found = NULL;
    size_t n = 0;
    struct store *st;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 2)
        rc = err_input("goal update: give QBR and the goal's number; %s", cli_usage_line(usage));
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0)
        rc = store_goal_list(st, args[0], &g, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (g[i].num == atoi(args[1]))
            found = &g[i];
    if (rc == 0 && !found)
        rc = err_input("QBR %s has no goal #%s", args[0], args[1]);
    if (rc == 0) {
        cli_take(&found->text, text);
        cli_take(&found->success_criterion, criterion);
        if (!found->text)
            rc = err_input("--text: a goal cannot be empty");
    }
    if (rc == 0 && (rc = store_begin(st)) == 0)
        rc = store_finish(st, store_goal_update(st, found));
    store_free_goals(g, n);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

int cmd_goal(struct cli *c, int argc, char **argv)
{
    static const struct cli_command table[] = {
        {"add", goal_add, "add a goal to a QBR"},
        {"list", goal_list, "list goals"},
        {"update", goal_update, "change a goal"},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(c, table, "goal", argc - 1, argv + 1);
}
