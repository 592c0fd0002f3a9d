/* ledger.c -- checks, identifiers and history for every write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "host.h"
#include "ledger.h"
#include "store.h"

#define MAX_ID_TRIES 1000      /* IDs skipped because they exist, before giving up */
#define NAME_MAX_BYTES 200     /* customer, owner and other names */

static int blank(const char *s)
{
    if (!s)
        return 1;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

/* Length of the UTF-8 sequence at s, or 0 when it is not one: overlong
 * forms, surrogates and code points past U+10FFFF are refused. */
static size_t utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F))
            return 0;
        return 3;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

/* Text that is stored: valid UTF-8, no control characters but line breaks
 * and tabs, at most LEDGER_TEXT_MAX bytes. */
int ledger_check_text(const char *field, const char *value)
{
    const unsigned char *p = (const unsigned char *)value;

    if (!value)
        return 0;
    if (strlen(value) > LEDGER_TEXT_MAX)
        return err_input("%s: longer than %d bytes", field, LEDGER_TEXT_MAX);
    while (*p) {
        size_t n = utf8_length(p);

        if (n == 0)
            return err_input("%s: not valid UTF-8 text (byte %ld)", field,
                             (long)(p - (const unsigned char *)value) + 1);
        if (n == 1 && *p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
            return err_input("%s: contains a control character (byte %ld)", field,
                             (long)(p - (const unsigned char *)value) + 1);
        p += n;
    }
    return 0;
}

/* A name is text of one line and reasonable length. */
static int check_name(const char *field, const char *value)
{
    if (!value)
        return 0;
    if (ledger_check_text(field, value))
        return -1;
    if (strlen(value) > NAME_MAX_BYTES || strpbrk(value, "\n\r\t"))
        return err_input("%s: a name is one line of at most %d bytes", field, NAME_MAX_BYTES);
    return 0;
}

/* A due date is a calendar date, not "ASAP" or "Q4". */
int ledger_check_date(const char *field, const char *value)
{
    long day;

    if (!value)
        return 0;
    if (date_parse(value, &day))
        return err_input("%s: '%s' is not a calendar date (YYYY-MM-DD)", field, value);
    return 0;
}

int ledger_check_datetime(const char *field, const char *value)
{
    long day;
    int min, has_time;

    if (!value)
        return 0;
    if (date_parse_time(value, &day, &min, &has_time))
        return err_input("%s: '%s' is not a date or date and time (YYYY-MM-DD [HH:MM])",
                         field, value);
    return 0;
}

/* Puts a quarter into the one shape IDs use, "2024Q1", in out[8]. */
int ledger_quarter(const char *text, char *out)
{
    int year, q;

    if (!text || date_quarter_parse(text, &year, &q))
        return err_input("quarter: '%s' is not a quarter such as 2024Q1", text ? text : "");
    snprintf(out, 8, "%04uQ%u", (unsigned)year % 10000u, (unsigned)q % 10u);
    return 0;
}

static int normalise_quarter(char **quarter)
{
    char buf[8];

    if (ledger_quarter(*quarter, buf))
        return -1;
    free(*quarter);
    *quarter = strdup(buf);
    return 0;
}

/* The debrief and the summary come after the QBR and not after today. */
static int check_qbr_days(const struct qbr *q)
{
    const char *const fields[][2] = {{"debriefed_on", q->debriefed_on},
                                     {"summary_sent_at", q->summary_sent_at}};
    char held[DATE_LEN] = "", today[DATE_LEN];

    if (q->held_at)
        snprintf(held, sizeof held, "%.10s", q->held_at);
    date_format(date_today(), today);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = fields[i][1];

        if (v && held[0] && strncmp(v, held, 10) < 0)
            return err_input("%s: %.10s is before the QBR (%s)", fields[i][0], v, held);
        if (v && strncmp(v, today, 10) > 0)
            return err_input("%s: %.10s is after today (%s)", fields[i][0], v, today);
    }
    return 0;
}

int ledger_qbr_check(const struct qbr *q)
{
    if (blank(q->customer))
        return err_input("customer: a QBR needs a customer name");
    if (check_name("customer", q->customer) || check_name("champion", q->champion)
        || check_name("champion_email", q->champion_email) || check_name("csm", q->csm)
        || check_name("csm_email", q->csm_email))
        return -1;
    if (ledger_check_datetime("held_at", q->held_at)
        || ledger_check_datetime("summary_sent_at", q->summary_sent_at)
        || ledger_check_date("next_qbr_on", q->next_qbr_on)
        || ledger_check_date("debriefed_on", q->debriefed_on)
        || ledger_check_text("takeaways", q->takeaways)
        || ledger_check_text("value_delivered", q->value_delivered)
        || check_name("roi", q->roi) || ledger_check_text("next_steps", q->next_steps)
        || ledger_check_text("resources", q->resources) || check_qbr_days(q))
        return -1;
    if (q->champion_email && !strchr(q->champion_email, '@'))
        return err_input("champion_email: '%s' is not an address", q->champion_email);
    if (q->csm_email && !strchr(q->csm_email, '@'))
        return err_input("csm_email: '%s' is not an address", q->csm_email);
    return 0;
}

/* A customer key given by hand: letters, digits and '-', as IDs are made of.
 * Case does not matter; keys are compared without it. */
static int check_key(const char *key)
{
    if (!*key || strlen(key) > 32 || strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                            "qrstuvwxyz0123456789-") != strlen(key))
        return err_input("--key: '%s' is not a key; use up to 32 letters, digits and '-'",
                         key);
    return 0;
}

/* Makes the key of a customer from its name with the customer_key format.
 * *key is a new string the caller frees. */
int ledger_customer_key(struct host *h, const char *customer, char **key)
{
    const char *f[] = {"customer", customer, NULL};
    int rc = host_format_id(h, "customer_key", f, 0, key);

    if (rc == 1)
        return err_input("customer: cannot make a key from '%s'; give one with --key",
                         customer);
    return rc;
}

/* Adds a QBR; its ID comes from the key (given, or made from the customer's
 * name by the rules) and the quarter. Sets q->id. */
int ledger_qbr_add(struct store *st, struct host *h, struct qbr *q, const char *key)
{
    char *made_key = NULL;
    int rc;

    if (ledger_qbr_check(q) || normalise_quarter(&q->quarter) || (key && check_key(key)))
        return -1;
    if (!key) {                 /* a customer we know keeps its key */
        rc = store_customer_key(st, q->customer, &made_key);
        if (rc == 1)
            rc = ledger_customer_key(h, q->customer, &made_key);
        if (rc)
            return -1;
        key = made_key;
    }
    const char *f[] = {"customer_key", key, "quarter", q->quarter, "customer", q->customer,
                       NULL};

    struct qbr existing = {0};

    free(q->id);
    q->id = NULL;
    rc = host_format_id(h, "qbr", f, 0, &q->id);
    if (rc == 1)
        rc = err_fail("id_format 'qbr' made no ID for %s %s", key, q->quarter);
    if (rc == 0 && (rc = store_qbr_get(st, q->id, &existing)) == 0)
        rc = err_input("QBR %s already exists", q->id);
    else if (rc == 1)
        rc = store_qbr_insert(st, q, key);
    model_qbr_free(&existing);
    free(made_key);
    return rc;
}

static int check_action(struct store *st, const struct action *a)
{
    long day;

    if (a->action && strpbrk(a->action, "\r\n"))
        return err_input("action: one line, please; put details in the notes");
    if (check_name("owner", a->owner) || ledger_check_text("action", a->action)
        || ledger_check_text("notes", a->notes) || ledger_check_text("done_when", a->done_when)
        || ledger_check_text("outcome", a->outcome))
        return -1;
    if (blank(a->action))
        return err_input("action: the action text is empty; say what will be done");
    if (blank(a->owner))
        return err_input("owner: every action needs a named owner");
    if (!a->due_date)
        return err_input("due_date: every action needs a due date (YYYY-MM-DD)");
    if (ledger_check_date("due_date", a->due_date)
        || ledger_check_date("original_due_date", a->original_due_date)
        || ledger_check_date("completed_on", a->completed_on))
        return -1;
    if (!model_status_is_stored(a->state))
        return err_input("status: %s is computed, not stored", model_status_label(a->state));
    if (a->state == ST_COMPLETE && !a->completed_on)
        return err_input("completed_on: a Complete action needs its completion date");
    if (a->state != ST_COMPLETE && a->completed_on)
        return err_input("completed_on: only a Complete action has a completion date");
    if (a->completed_on && date_parse(a->completed_on, &day) == 0 && day > date_today())
        return err_input("completed_on: %s is after today", a->completed_on);
    if (a->carried_from && store_action_exists(st, a->carried_from) != 1)
        return err_input("carried_from: no action %s", a->carried_from);
    if (a->goal > 0) {
        struct goal *g;
        size_t n;
        int found = 0;

        if (store_goal_list(st, a->qbr, &g, &n))
            return -1;
        for (size_t i = 0; i < n; i++)
            found |= g[i].num == a->goal;
        store_free_goals(g, n);
        if (!found)
            return err_input("goal: QBR %s has no goal #%d", a->qbr, a->goal);
    }
    return 0;
}

/* The number of a given ID in its quarter's sequence: the number at its end
 * when the action format makes the same ID from it ("QBR-2024Q1-017" -> 17),
 * else 0, so that an ID from a CRM ("CRM-7781") does not move the sequence. */
static int given_seq(struct host *h, const struct qbr *q, const char *id, long *seq)
{
    const char *p = id + strlen(id);
    const char *f[] = {"quarter", q->quarter, "qbr", q->id, "customer", q->customer, NULL};
    char *made = NULL;
    long n;
    int rc;

    *seq = 0;
    while (p > id && p[-1] >= '0' && p[-1] <= '9')
        p--;
    if (*p == '\0' || (n = strtol(p, NULL, 10)) <= 0)
        return 0;
    rc = host_format_id(h, "action", f, n, &made);
    if (rc == 0 && strcmp(made, id) == 0)
        *seq = n;
    free(made);
    return rc < 0 ? -1 : 0;
}

/* Numbers the action: the next free ID of its quarter, or the place in the
 * sequence of the ID it was given. */
static int number_action(struct store *st, struct host *h, struct action *a)
{
    struct qbr q = {0};
    int tries = 0, rc = store_qbr_get(st, a->qbr, &q);

    if (rc == 1)
        rc = err_input("qbr: no QBR %s", a->qbr);
    if (rc == 0 && a->id)
        rc = given_seq(h, &q, a->id, &a->seq);
    else if (rc == 0)
        rc = store_action_next_seq(st, q.quarter, &a->seq);
    while (rc == 0 && !a->id) {
        const char *f[] = {"quarter", q.quarter, "qbr", q.id, "customer", q.customer, NULL};
        char *id = NULL;

        if ((rc = host_format_id(h, "action", f, a->seq, &id)) != 0) {
            rc = rc == 1 ? err_fail("id_format 'action' made no ID") : rc;
            break;
        }
        if ((rc = store_action_exists(st, id)) == 1 && ++tries > MAX_ID_TRIES) {
            rc = err_fail("id_format 'action' keeps making IDs that exist (%s); it must use "
                          "seq", id);
            free(id);
            break;
        }
        if (rc == 1) {
            free(id);
            a->seq++;
            rc = 0;
            continue;
        }
        a->id = id;
    }
    model_qbr_free(&q);
    return rc < 0 ? -1 : 0;
}

/* Adds an action after checking it; an ID is made when none is given. */
int ledger_action_add(struct store *st, struct host *h, struct action *a)
{
    if (check_action(st, a))
        return -1;
    if (!a->original_due_date)
        a->original_due_date = strdup(a->due_date);
    if (a->id && store_action_exists(st, a->id) == 1)
        return err_input("id: action %s already exists", a->id);
    if (number_action(st, h, a) || store_action_insert(st, a))
        return -1;
    return store_event_add(st, a->id, "created", NULL, model_status_label(a->state), NULL);
}

static int same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Records one history event when a field changed. */
static int note_change(struct store *st, const char *id, const char *kind,
                       const char *old_value, const char *new_value, const char *reason)
{
    if (same(old_value, new_value))
        return 0;
    return store_event_add(st, id, kind, old_value, new_value, reason);
}

/* True when a stored field differs between the two. */
static int action_changed(const struct action *old, const struct action *a)
{
    return old->state != a->state || old->side != a->side || old->goal != a->goal
           || !same(old->due_date, a->due_date) || !same(old->owner, a->owner)
           || !same(old->action, a->action) || !same(old->done_when, a->done_when)
           || !same(old->outcome, a->outcome) || !same(old->notes, a->notes)
           || !same(old->completed_on, a->completed_on)
           || !same(old->carried_from, a->carried_from);
}

/* Records in the history each field that changed. */
static int record_changes(struct store *st, const struct action *old, const struct action *a,
                          const char *reason)
{
    char goal_old[16], goal_new[16];

    snprintf(goal_old, sizeof goal_old, "%d", old->goal);
    snprintf(goal_new, sizeof goal_new, "%d", a->goal);
    return note_change(st, a->id, "state", model_status_label(old->state),
                       model_status_label(a->state), reason)
           || note_change(st, a->id, "due", old->due_date, a->due_date, reason)
           || note_change(st, a->id, "owner", old->owner, a->owner, NULL)
           || note_change(st, a->id, "action", old->action, a->action, NULL)
           || note_change(st, a->id, "side", model_side_label(old->side),
                          model_side_label(a->side), NULL)
           || note_change(st, a->id, "goal", old->goal ? goal_old : NULL,
                          a->goal ? goal_new : NULL, NULL)
           || note_change(st, a->id, "done_when", old->done_when, a->done_when, NULL)
           || note_change(st, a->id, "completed_on", old->completed_on, a->completed_on, NULL)
           || note_change(st, a->id, "outcome", old->outcome, a->outcome, NULL)
           || note_change(st, a->id, "carried_from", old->carried_from, a->carried_from, NULL)
           || note_change(st, a->id, "note", old->notes, a->notes, NULL) ? -1 : 0;
}

/* Saves a changed action and records what changed. Moving the due date is a
 * re-commitment and needs a reason; the original due date stays. An action
 * that is reopened loses its completion date. Returns 1, writing nothing,
 * when nothing changed, so the days since the last update stay true. */
int ledger_action_save(struct store *st, const struct action *old, struct action *a,
                       const char *reason)
{
    if (old->state == ST_COMPLETE && a->state != ST_COMPLETE) {
        free(a->completed_on);
        a->completed_on = NULL;
    }
    if (check_action(st, a))
        return -1;
    if (!same(old->due_date, a->due_date) && blank(reason))
        return err_input("due_date: moving a due date needs a reason (--reason)");
    if (!action_changed(old, a))
        return 1;
    if (store_action_update(st, a) || record_changes(st, old, a, reason))
        return -1;
    return 0;
}
