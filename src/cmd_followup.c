/* cmd_followup.c -- the follow-up emails (summary, check-in, slip) and the
 * meeting documents (monthly review agenda, pre-QBR checklist), each worded
 * by a Lua template and printed as Markdown or written as an .eml file. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>

#include "cmd.h"
#include "date.h"
#include "err.h"
#include "followup.h"
#include "host.h"
#include "io_eml.h"
#include "status.h"
#include "store.h"

/* What one email or document needs: the template, what it is about, and
 * where it goes. */
struct doc {
    const char *template_name;
    const char *subject;    /* the QBR, customer or action named on the command line */
    const char *eml;        /* --eml FILE, or NULL */
    int is_email;
    int mark_sent;
};

/* Renders the template on the data of q; for a slip, action is added as
 * data.action. */
static int render(struct cli *c, const struct doc *d, const struct qbr *q,
                  const char *action_id, char **title, char **body)
{
    struct host *h;
    lua_State *L;

    if (cli_host(c, &h) || followup_push(h, c->st, q))
        return -1;
    L = host_lua(h);
    if (action_id) {
        int found = 0;

        lua_getfield(L, -1, "actions");
        for (lua_Integer i = 1; !found && lua_rawgeti(L, -1, i) == LUA_TTABLE; i++) {
            lua_getfield(L, -1, "id");
            found = strcmp(lua_tostring(L, -1), action_id) == 0;
            lua_pop(L, found ? 1 : 2);
        }
        if (found)
            lua_setfield(L, -3, "action");
        lua_pop(L, found ? 1 : 2);
    }
    return host_render(h, d->template_name, title, body);
}

/* Writes the email as an .eml file from the CSM to the champion. */
static int write_eml(const struct doc *d, const struct qbr *q, const char *action_id,
                     const char *title, const char *body)
{
    char seed[256];
    struct eml m = {
        .from_name = q->csm, .from_addr = q->csm_email,
        .to_name = q->champion, .to_addr = q->champion_email,
        .subject = title, .markdown = body, .date = date_now(), .id_seed = seed,
    };

    snprintf(seed, sizeof seed, "%s/%s/%s", d->template_name, q->id,
             action_id ? action_id : "");
    return io_eml_write(d->eml, &m);
}

/* Begins recording that the summary goes out now; the caller finishes the
 * transaction once the email is out. A summary already marked is kept:
 * the first send is the one the 24 hours are measured by. */
static int begin_mark_sent(struct cli *c, struct qbr *q)
{
    char sent[17];

    if (q->summary_sent_at)
        return err_input("the summary of %s was marked sent at %s; correct that with qbrt "
                         "qbr update %s --summary-sent-at", q->id, q->summary_sent_at, q->id);
    snprintf(sent, sizeof sent, "%.16s", date_now());
    cli_take(&q->summary_sent_at, sent);
    if (store_begin(c->st))
        return -1;
    if (store_qbr_update(c->st, q)) {
        store_rollback(c->st);
        return -1;
    }
    return 0;
}

/* Checks that an action can be the subject of a slip: open and behind (past
 * due, at risk, blocked or moved); for our own, a note saying why and a
 * date still ahead to commit to. */
static int check_slip(struct cli *c, const struct action *a)
{
    struct action_status s;
    struct host *h;
    int moved = a->original_due_date && strcmp(a->original_due_date, a->due_date) != 0;

    if (a->state == ST_COMPLETE || a->state == ST_CANCELLED)
        return err_input("action %s is %s; only an open action can be behind", a->id,
                         model_status_label(a->state));
    if (cli_host(c, &h) || status_compute(h, a, date_today(), &s))
        return -1;
    if (!moved && s.status != ST_OVERDUE && s.status != ST_AT_RISK && a->state != ST_BLOCKED)
        return err_input("action %s is %s and not behind; a slip is for an action that is "
                         "overdue, at risk, blocked or moved", a->id,
                         model_status_label(s.status));
    if (a->side == SIDE_VENDOR && !a->notes)
        return err_input("action %s has no note saying why it is behind; add one with qbrt "
                         "action note %s TEXT", a->id, a->id);
    if (a->side == SIDE_VENDOR && s.days_to_due < 0)
        return err_input("action %s is past its due date; commit to a new one first: qbrt "
                         "action update %s --due DATE --reason TEXT", a->id, a->id);
    return 0;
}

/* Finds the QBR (and for a slip the action) the document is about. */
static int find_subject(struct cli *c, const struct doc *d, struct qbr *q, char **action_id)
{
    struct store *st;
    struct action a = {0};
    int rc;

    if (cli_store(c, 0, &st))
        return -1;
    if (strcmp(d->template_name, "slip") != 0)
        return followup_resolve(st, d->subject, q);
    rc = store_action_get(st, d->subject, &a);
    if (rc == 1)
        rc = err_input("no action '%s'", d->subject);
    else if (rc == 0)
        rc = check_slip(c, &a);
    if (rc == 0 && (rc = store_qbr_get(st, a.qbr, q)) == 0)
        *action_id = strdup(a.id);
    model_action_free(&a);
    return rc;
}

/* Prints or writes the rendered email or document; 0 or -1. */
static int deliver(const struct doc *d, const struct qbr *q, const char *action_id,
                   const char *title, const char *body)
{
    if (d->eml)
        return write_eml(d, q, action_id, title, body);
    if (d->is_email)
        printf("Subject: %s\n\n", title);
    fputs(body, stdout);
    if (body[0] && body[strlen(body) - 1] != '\n')
        putchar('\n');
    if (fflush(stdout) != 0 || ferror(stdout))
        return err_fail("stdout: cannot write: %s", strerror(errno));
    return 0;
}

/* Renders, then delivers; with --mark-sent the mark is committed only once
 * the email is out, and an email that cannot be delivered marks nothing. */
static int produce(struct cli *c, struct doc *d)
{
    struct qbr q = {0};
    char *action_id = NULL, *title = NULL, *body = NULL;
    int rc = find_subject(c, d, &q, &action_id);

    if (rc == 0)
        rc = render(c, d, &q, action_id, &title, &body);
    if (rc == 0 && d->mark_sent)
        rc = begin_mark_sent(c, &q);
    if (rc == 0)
        rc = deliver(d, &q, action_id, title, body);
    if (d->mark_sent && (rc || store_finish(c->st, 0))) {
        store_rollback(c->st);
        if (rc == 0 && d->eml && strcmp(d->eml, "-") != 0)
            unlink(d->eml);             /* not recorded as sent: take it back */
        rc = -1;
    }
    free(title), free(body), free(action_id);
    model_qbr_free(&q);
    return rc;
}

/* Parses the options every email takes, then produces it. */
static int email_command(struct cli *c, int argc, char **argv, const char *template_name,
                         const char *usage, int can_mark)
{
    struct doc d = {.template_name = template_name, .is_email = 1};
    const struct cli_opt opts[] = {CLI_VALUE("eml", &d.eml), CLI_FLAG("mark-sent", &d.mark_sent),
                                   CLI_END};
    char **args;
    int nargs, rc = cli_parse(argc, argv, opts, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("%s: wrong arguments; %s", argv[0], cli_usage_line(usage));
    if (rc == 0 && d.mark_sent && !can_mark)
        rc = err_input("%s: only the summary is marked as sent", argv[0]);
    if (rc == 0) {
        d.subject = args[0];
        rc = produce(c, &d);
    }
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

static int email_summary(struct cli *c, int argc, char **argv)
{
    return email_command(c, argc, argv, "summary", "usage: qbrt email summary QBR "
        "[--eml FILE] [--mark-sent]\n\nThe QBR Summary Email, due within 24 hours: key "
        "takeaways, value delivered,\nboth sides' commitments, goals, next steps and "
        "resources.\n  --eml FILE     write it as an email file (- for stdout)\n"
        "  --mark-sent    record that the summary went out now\n", 1);
}

static int email_checkin(struct cli *c, int argc, char **argv)
{
    return email_command(c, argc, argv, "checkin", "usage: qbrt email checkin "
        "CUSTOMER|QBR [--eml FILE]\n\nThe Progress Check-in: what is complete since the "
        "last check-in, what is\nin progress, and the customer's own open items.\n", 0);
}

static int email_slip(struct cli *c, int argc, char **argv)
{
    return email_command(c, argc, argv, "slip", "usage: qbrt email slip ACTION "
        "[--eml FILE]\n\nTells the customer early that an action is behind: what, why, "
        "and the new\ndate it is committed to.\n", 0);
}

int cmd_email(struct cli *c, int argc, char **argv)
{
    static const struct cli_command table[] = {
        {"summary", email_summary, "the QBR Summary Email"},
        {"checkin", email_checkin, "the Progress Check-in email"},
        {"slip", email_slip, "an early word that an action is behind"},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(c, table, "email", argc - 1, argv + 1);
}

/* A meeting document: one argument, printed as Markdown. */
static int document(struct cli *c, int argc, char **argv, const char *template_name,
                    const char *usage)
{
    struct doc d = {.template_name = template_name};
    char **args;
    int nargs, rc = cli_parse(argc, argv, NULL, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("%s: give one customer or QBR; %s", argv[0], cli_usage_line(usage));
    if (rc == 0) {
        d.subject = args[0];
        rc = produce(c, &d);
    }
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}

int cmd_review(struct cli *c, int argc, char **argv)
{
    return document(c, argc, argv, "review", "usage: qbrt review CUSTOMER|QBR\n\n"
        "The 15-minute Monthly Action Review agenda: vendor updates, customer\n"
        "updates, adjustments and the next check-in.\n");
}

int cmd_prep(struct cli *c, int argc, char **argv)
{
    return document(c, argc, argv, "prep", "usage: qbrt prep QBR\n\n"
        "The Pre-QBR Action Review Checklist, each box ticked from the data.\n");
}
