/* cmd_action.c -- the action commands: add, show, update and the state
 * changes a CSM makes every week. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "err.h"
#include "host.h"
#include "ledger.h"
#include "status.h"
#include "store.h"

/* Options that set an action's fields, shared by add and update. */
struct action_opts {
    const char *action, *owner, *due, *side, *goal, *done_when, *notes, *state;
    const char *outcome, *completed_on, *id, *reason, *carried_from;
};

#define ACTION_OPTIONS(o)                                                              \
    CLI_VALUE("action", &(o).action), CLI_VALUE("owner", &(o).owner),                  \
    CLI_VALUE("due", &(o).due), CLI_VALUE("side", &(o).side), CLI_VALUE("goal", &(o).goal), \
    CLI_VALUE("done-when", &(o).done_when), CLI_VALUE("notes", &(o).notes),            \
    CLI_VALUE("state", &(o).state), CLI_VALUE("outcome", &(o).outcome),                \
    CLI_VALUE("completed-on", &(o).completed_on), CLI_VALUE("carried-from", &(o).carried_from)

#define ACTION_HELP                                                                    \
    "  --action TEXT      what exactly will be done\n"                                 \
    "  --owner NAME       the named person responsible\n"                              \
    "  --due DATE         the due date (YYYY-MM-DD)\n"                                 \
    "  --side customer|vendor   whose commitment it is (vendor unless given)\n"        \
    "  --goal N|TEXT      the QBR goal it serves, by number or text\n"                 \
    "  --done-when TEXT   how we will know it is done\n"                               \
    "  --notes TEXT       updates or blockers\n"                                       \
    "  --state STATE      Not Started, In Progress, Blocked, Complete, Cancelled\n"    \
    "  --completed-on DATE  --outcome TEXT\n"                                          \
    "  --carried-from ID  the action of an earlier QBR this one carries forward\n"

/* Finds a goal of the QBR by number or by text. */
static int resolve_goal(struct store *st, const char *qbr, const char *goal, int *num)
{
    char *end;
    long n = strtol(goal, &end, 10);
    int rc;

    if (*goal == '\0') {
        *num = 0;
        return 0;
    }
    if (*end == '\0' && n > 0) {
        *num = (int)n;
        return 0;
    }
    rc = store_goal_find(st, qbr, goal, num);
    return rc == 1 ? err_input("goal: QBR %s has no goal '%s'", qbr, goal) : rc;
}

/* Applies the given options to an action. */
static int apply_action_opts(struct store *st, struct action *a, const struct action_opts *o)
{
    cli_take(&a->action, o->action), cli_take(&a->owner, o->owner), cli_take(&a->due_date, o->due);
    cli_take(&a->done_when, o->done_when), cli_take(&a->notes, o->notes);
    cli_take(&a->outcome, o->outcome), cli_take(&a->completed_on, o->completed_on);
    cli_take(&a->carried_from, o->carried_from);
    if (o->side && model_side_parse(o->side, &a->side))
        return err_input("--side: '%s' is neither customer nor vendor", o->side);
    if (o->state && (model_status_parse(o->state, &a->state) || !model_status_is_stored(a->state)))
        return err_input("--state: '%s' is not one of Not Started, In Progress, Blocked, "
                         "Complete, Cancelled", o->state);
    if (o->goal && resolve_goal(st, a->qbr, o->goal, &a->goal))
        return -1;
    return 0;
}

static int action_add(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt action add QBR [TEXT] --owner NAME --due DATE "
        "[OPTIONS]\n\nAdds an action agreed at a QBR and prints its ID.\n"
        "  --id ID            keep this ID instead of numbering it\n" ACTION_HELP;
    struct action_opts o = {0};
    const struct cli_opt opts[] = {ACTION_OPTIONS(o), CLI_VALUE("id", &o.id), CLI_END};
    struct action a = {.side = SIDE_VENDOR, .state = ST_NOT_STARTED};
    struct qbr q = {0};
    struct store *st;
    struct host *h;
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && (nargs < 1 || nargs > 2))
        rc = err_input("action add: give the QBR, then the action; %s", cli_usage_line(usage));
    if (rc == 0 && nargs == 2 && o.action)
        rc = err_input("action add: give the action as text or --action, not both");
    if (rc == 0 && (rc = cli_store(c, 0, &st)) == 0 && (rc = store_qbr_get(st, args[0], &q)) == 1)
        rc = err_input("no QBR %s", args[0]);
    if (rc == 0 && (rc = cli_host(c, &h)) == 0) {
        a.qbr = strdup(q.id);
        cli_take(&a.id, o.id);
        cli_take(&a.action, nargs == 2 ? args[1] : NULL);
        rc = apply_action_opts(st, &a, &o);
    }
    if (rc == 0 && (rc = store_begin(st)) == 0)
        rc = store_finish(st, ledger_action_add(st, h, &a));
    if (rc == 0)
        printf("%s\n", a.id);
    model_action_free(&a);
    model_qbr_free(&q);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

/* Reads the one action an ID names. */
static int load_action(struct cli *c, const char *id, struct action *a)
{
    struct store *st;
    int rc;

    if (cli_store(c, 0, &st))
        return -1;
    rc = store_action_get(st, id, a);
    return rc == 1 ? err_input("no action %s", id) : rc;
}

/* Saves old -> a with history, in one transaction, and says so. */
static int save_action(struct cli *c, const struct action *old, struct action *a,
                       const char *reason)
{
    int rc;

    if (store_begin(c->st))
        return -1;
    rc = ledger_action_save(c->st, old, a, reason);
    if (store_finish(c->st, rc < 0 ? -1 : 0))
        return -1;
    if (rc == 1)
        printf("%s: no change\n", a->id);
    else
        printf("%s: %s, due %s\n", a->id, model_status_label(a->state), a->due_date);
    return 0;
}
/* The copy of an action that a change starts from. */
static void copy_action(struct action *to, const struct action *from)
{
    *to = *from;
    to->id = strdup(from->id), to->qbr = strdup(from->qbr);
    to->customer = from->customer ? strdup(from->customer) : NULL;
    to->action = strdup(from->action), to->owner = strdup(from->owner);
    to->due_date = strdup(from->due_date);
    to->original_due_date = from->original_due_date ? strdup(from->original_due_date) : NULL;
    to->notes = from->notes ? strdup(from->notes) : NULL;
    to->done_when = from->done_when ? strdup(from->done_when) : NULL;
    to->completed_on = from->completed_on ? strdup(from->completed_on) : NULL;
    to->outcome = from->outcome ? strdup(from->outcome) : NULL;
    to->carried_from = from->carried_from ? strdup(from->carried_from) : NULL;
    to->created_at = from->created_at ? strdup(from->created_at) : NULL;
    to->updated_at = from->updated_at ? strdup(from->updated_at) : NULL;
    to->last_event_at = from->last_event_at ? strdup(from->last_event_at) : NULL;
}

static int action_update(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt action update ID [OPTIONS]\n\n"
        "Changes an action; each change is kept in its history. Moving the due\n"
        "date is a re-commitment: it needs --reason, and the original stays.\n"
        "  --reason TEXT      why (required with --due)\n" ACTION_HELP;
    struct action_opts o = {0};
    const struct cli_opt opts[] = {ACTION_OPTIONS(o), CLI_VALUE("reason", &o.reason),
                                   CLI_END};
    struct action old = {0}, a = {0};
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("action update: give one action ID; %s", cli_usage_line(usage));
    if (rc == 0 && (rc = load_action(c, args[0], &old)) == 0) {
        copy_action(&a, &old);
        rc = apply_action_opts(c->st, &a, &o);
        if (rc == 0)
            rc = save_action(c, &old, &a, o.reason);
    }
    model_action_free(&a);
    model_action_free(&old);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

/* A state change: done, cancel, block, start and note share this shape. */
struct transition {
    const char *usage;
    enum status to;         /* ST_COUNT: the state stays */
    int needs_text;         /* takes a TEXT argument */
};

static int transition(struct cli *c, int argc, char **argv, const struct transition *t)
{
    const char *on = NULL, *outcome = NULL, *reason = NULL;
    const struct cli_opt opts[] = {CLI_VALUE("on", &on), CLI_VALUE("outcome", &outcome),
                                   CLI_VALUE("reason", &reason), CLI_END};
    struct action old = {0}, a = {0};
    char today[DATE_LEN], **args;
    int nargs, rc = cli_parse(argc, argv, opts, t->usage, &args, &nargs);

    if (rc == 0 && nargs != 1 + t->needs_text)
        rc = err_input("%s: wrong arguments; %s", argv[0], cli_usage_line(t->usage));
    if (rc == 0 && t->needs_text)
        reason = args[1];
    if (rc == 0 && t->needs_text && reason[strspn(reason, " \t")] == '\0')
        rc = err_input("%s: the text is empty; %s", argv[0], cli_usage_line(t->usage));
    if (rc == 0 && (rc = load_action(c, args[0], &old)) == 0) {
        copy_action(&a, &old);
        if (t->to != ST_COUNT)
            a.state = t->to;
        if (t->to == ST_COMPLETE) {
            date_format(date_today(), today);
            cli_take(&a.completed_on, on ? on : today);
            cli_take(&a.outcome, outcome);
        }
        if (t->to == ST_BLOCKED || t->to == ST_COUNT)
            cli_take(&a.notes, reason);
        rc = save_action(c, &old, &a, reason);
    }
    model_action_free(&a);
    model_action_free(&old);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int action_done(struct cli *c, int argc, char **argv)
{
    static const struct transition t = {"usage: qbrt action done ID [--on DATE] "
        "[--outcome TEXT]\n\nMarks an action Complete (on today unless --on).\n",
        ST_COMPLETE, 0};

    return transition(c, argc, argv, &t);
}

static int action_cancel(struct cli *c, int argc, char **argv)
{
    static const struct transition t = {"usage: qbrt action cancel ID [--reason TEXT]\n\n"
        "Marks an action Cancelled: no longer needed.\n", ST_CANCELLED, 0};

    return transition(c, argc, argv, &t);
}

static int action_block(struct cli *c, int argc, char **argv)
{
    static const struct transition t = {"usage: qbrt action block ID BLOCKER\n\n"
        "Marks an action Blocked and records what blocks it.\n", ST_BLOCKED, 1};

    return transition(c, argc, argv, &t);
}

static int action_start(struct cli *c, int argc, char **argv)
{
    static const struct transition t = {"usage: qbrt action start ID\n\n"
        "Marks an action In Progress.\n", ST_IN_PROGRESS, 0};

    return transition(c, argc, argv, &t);
}

static int action_note(struct cli *c, int argc, char **argv)
{
    static const struct transition t = {"usage: qbrt action note ID TEXT\n\n"
        "Adds an update to the action's history; it becomes its notes.\n", ST_COUNT, 1};

    return transition(c, argc, argv, &t);
}

static int action_delete(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt action delete ID --yes\n\n"
        "Deletes an action entered by mistake, with its history. To drop an\n"
        "action that is no longer needed, cancel it instead.\n";
    int yes = 0;
    const struct cli_opt opts[] = {CLI_FLAG("yes", &yes), CLI_END};
    struct action a = {0};
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("action delete: give one action ID; %s", cli_usage_line(usage));
    if (rc == 0 && !yes)
        rc = err_input("action delete: this removes %s and its history for good; "
                       "add --yes (or cancel it instead)", args[0]);
    if (rc == 0 && (rc = load_action(c, args[0], &a)) == 0 && (rc = store_begin(c->st)) == 0)
        rc = store_finish(c->st, store_action_delete(c->st, a.id));
    if (rc == 0)
        printf("deleted %s\n", a.id);
    model_action_free(&a);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static void show_field(const char *label, const char *value)
{
    if (value && *value)
        printf("%-18s %s\n", label, value);
}

static void show_event(const struct event *e)
{
    printf("  %s  %s: %s", e->at, e->author, e->kind);
    if (e->old_value || e->new_value)
        printf(": %s -> %s", e->old_value ? e->old_value : "(none)",
               e->new_value ? e->new_value : "(none)");
    if (e->reason)
        printf(e->old_value || e->new_value ? " (%s)" : ": %s", e->reason);
    putchar('\n');
}

static int action_show(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt action show ID\n\n"
        "Shows an action, its computed status and its history.\n";
    struct action a = {0};
    struct action_status s;
    struct event *ev = NULL;
    size_t nev = 0;
    struct host *h;
    char **args, goal[16] = "";
    int nargs, rc = cli_parse(argc, argv, NULL, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("action show: give one action ID");
    if (rc == 0 && (rc = load_action(c, args[0], &a)) == 0 && (rc = cli_host(c, &h)) == 0)
        rc = status_compute(h, &a, date_today(), &s);
    if (rc == 0)
        rc = store_event_list(c->st, a.id, &ev, &nev);
    if (rc == 0) {
        if (a.goal)
            snprintf(goal, sizeof goal, "#%d", a.goal);
        show_field("id", a.id), show_field("qbr", a.qbr), show_field("customer", a.customer);
        show_field("goal", goal), show_field("side", model_side_label(a.side));
        show_field("action", a.action), show_field("owner", a.owner);
        show_field("due_date", a.due_date), show_field("original_due_date", a.original_due_date);
        show_field("state", model_status_label(a.state));
        show_field("status", model_status_label(s.status)), show_field("reason", s.reason);
        show_field("notes", a.notes), show_field("done_when", a.done_when);
        show_field("completed_on", a.completed_on), show_field("outcome", a.outcome);
        show_field("carried_from", a.carried_from);
        printf("history\n");
        for (size_t i = 0; i < nev; i++)
            show_event(&ev[i]);
    }
    store_free_events(ev, nev);
    model_action_free(&a);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

/* Records that the customer was told about the action: the communication
 * that keeps a slip from being a silent failure. */
static int action_told(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt action told ID TEXT\n\n"
        "Records that the customer was told about this action (a call, an email),\n"
        "with what was said.\n";
    struct action a = {0};
    char **args;
    int nargs, rc = cli_parse(argc, argv, NULL, usage, &args, &nargs);

    if (rc == 0 && nargs != 2)
        rc = err_input("%s: wrong arguments; %s", argv[0], cli_usage_line(usage));
    if (rc == 0 && args[1][strspn(args[1], " \t")] == '\0')
        rc = err_input("%s: say what the customer was told; %s", argv[0],
                       cli_usage_line(usage));
    if (rc == 0)
        rc = ledger_check_text("text", args[1]);
    if (rc == 0 && (rc = load_action(c, args[0], &a)) == 0 && (rc = store_begin(c->st)) == 0)
        rc = store_finish(c->st, store_event_add(c->st, a.id, "told", NULL, NULL, args[1]));
    if (rc == 0)
        printf("%s: told the customer\n", a.id);
    model_action_free(&a);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

/* The history of an action, oldest first. */
static int action_log(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt action log ID\n\n"
        "The history of an action: created, state changes, due-date moves with\n"
        "their reasons (re-commitments), notes and what the customer was told.\n";
    struct action a = {0};
    struct event *ev = NULL;
    size_t nev = 0;
    char **args;
    int nargs, rc = cli_parse(argc, argv, NULL, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("%s: give one action ID; %s", argv[0], cli_usage_line(usage));
    if (rc == 0 && (rc = load_action(c, args[0], &a)) == 0)
        rc = store_event_list(c->st, a.id, &ev, &nev);
    for (size_t i = 0; rc == 0 && i < nev; i++)
        show_event(&ev[i]);
    store_free_events(ev, nev);
    model_action_free(&a);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

int cmd_action(struct cli *c, int argc, char **argv)
{
    static const struct cli_command table[] = {
        {"add", action_add, "add an action to a QBR"},
        {"list", cmd_status, "list actions with their status (as qbrt status)"},
        {"show", action_show, "show an action with its status and history"},
        {"update", action_update, "change an action's fields or move its due date"},
        {"start", action_start, "mark an action In Progress"},
        {"done", action_done, "mark an action Complete, with its outcome"},
        {"block", action_block, "mark an action Blocked, saying by what"},
        {"cancel", action_cancel, "mark an action Cancelled"},
        {"note", action_note, "add an update to an action"},
        {"told", action_told, "record that the customer was told"},
        {"log", action_log, "the history of an action"},
        {"delete", action_delete, "delete an action entered by mistake"},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(c, table, "action", argc - 1, argv + 1);
}
