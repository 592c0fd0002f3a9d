/* status.c -- the built-in status order, then the rules. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "host.h"
#include "status.h"

int status_is_open(enum status s)
{
    return s != ST_COMPLETE && s != ST_CANCELLED;
}

/* Days since the action last changed: its latest history event, else its
 * row's update time. A time stamp's first ten characters are its date. */
static long days_since_update(const struct action *a, long today)
{
    const char *at = a->last_event_at ? a->last_event_at : a->updated_at;
    char d[DATE_LEN];
    long day;

    if (!at || strlen(at) < 10)
        return 0;
    memcpy(d, at, 10);
    d[10] = '\0';
    if (date_parse(d, &day))
        return 0;
    return today - day;
}

/* Fills the facts and the built-in status, in the order
 * Cancelled > Complete > Overdue > Blocked > In Progress > Not Started.
 * Returns -1 with err set when the stored due date is not a date. */
int status_builtin(const struct action *a, long today, struct action_status *out)
{
    long due;

    memset(out, 0, sizeof *out);
    if (date_parse(a->due_date, &due))
        return err_input("action %s: due date '%s' is not a date", a->id, a->due_date);
    out->days_to_due = due - today;
    out->days_overdue = due < today ? today - due : 0;
    out->days_since_update = days_since_update(a, today);

    if (a->state == ST_CANCELLED || a->state == ST_COMPLETE) {
        out->status = a->state;
    } else if (out->days_overdue > 0) {
        out->status = ST_OVERDUE;
        snprintf(out->reason, sizeof out->reason, "%ld day%s overdue", out->days_overdue,
                 out->days_overdue == 1 ? "" : "s");
    } else {
        out->status = a->state;
        if (a->state == ST_BLOCKED && a->notes)
            snprintf(out->reason, sizeof out->reason, "%s", a->notes);
    }
    return 0;
}

/* The built-in status, then each rule in load order on an open action. */
int status_compute(struct host *h, const struct action *a, long today,
                   struct action_status *out)
{
    if (status_builtin(a, today, out))
        return -1;
    if (!h || !status_is_open(out->status))
        return 0;
    return host_apply_rules(h, a, out);
}
