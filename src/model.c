/* model.c -- labels and destructors of the plain C types. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

static const char *status_labels[ST_COUNT] = {
    [ST_COMPLETE] = "Complete",
    [ST_IN_PROGRESS] = "In Progress",
    [ST_BLOCKED] = "Blocked",
    [ST_AT_RISK] = "At Risk",
    [ST_OVERDUE] = "Overdue",
    [ST_NOT_STARTED] = "Not Started",
    [ST_CANCELLED] = "Cancelled",
};

const char *model_status_label(enum status s)
{
    return (s >= 0 && s < ST_COUNT) ? status_labels[s] : "?";
}

/* Accepts a label in any letter case, with a space, '_' or '-' between the
 * words ("in progress", "In_Progress"). Returns 0 on success, -1 if unknown. */
int model_status_parse(const char *label, enum status *out)
{
    for (int s = 0; s < ST_COUNT; s++) {
        const char *want = status_labels[s], *got = label;

        while (*want && *got) {
            int w = *want == ' ' ? '_' : (unsigned char)*want;
            int g = (*got == ' ' || *got == '-') ? '_' : (unsigned char)*got;

            if (tolower(w) != tolower(g))
                break;
            want++, got++;
        }
        if (*want == '\0' && *got == '\0') {
            *out = (enum status)s;
            return 0;
        }
    }
    return -1;
}

int model_status_is_stored(enum status s)
{
    return s != ST_AT_RISK && s != ST_OVERDUE;
}

const char *model_side_label(enum side s)
{
    return s == SIDE_CUSTOMER ? "customer" : "vendor";
}

int model_side_parse(const char *text, enum side *out)
{
    if (strcasecmp(text, "customer") == 0)
        *out = SIDE_CUSTOMER;
    else if (strcasecmp(text, "vendor") == 0)
        *out = SIDE_VENDOR;
    else
        return -1;
    return 0;
}

void model_qbr_free(struct qbr *q)
{
    free(q->id), free(q->customer), free(q->quarter), free(q->held_at);
    free(q->champion), free(q->champion_email), free(q->csm), free(q->csm_email);
    free(q->summary_sent_at), free(q->next_qbr_on), free(q->debriefed_on);
    free(q->takeaways), free(q->value_delivered), free(q->roi), free(q->next_steps);
    free(q->resources);
}

void model_goal_free(struct goal *g)
{
    free(g->qbr), free(g->text), free(g->success_criterion);
}

void model_action_free(struct action *a)
{
    free(a->id), free(a->qbr), free(a->customer), free(a->action), free(a->owner);
    free(a->due_date), free(a->original_due_date), free(a->notes), free(a->done_when);
    free(a->completed_on), free(a->outcome), free(a->carried_from);
    free(a->created_at), free(a->updated_at), free(a->last_event_at);
}

void model_event_free(struct event *e)
{
    free(e->action), free(e->at), free(e->author), free(e->kind);
    free(e->old_value), free(e->new_value), free(e->reason);
}

void model_checkin_free(struct checkin *c)
{
    free(c->customer_key), free(c->customer), free(c->held_on), free(c->with_whom);
    free(c->kind), free(c->notes);
}

/* Progress check-ins with the champion, the mid-quarter review, and the
 * pre-QBR preparation: the kinds the follow-up timeline knows. */
int model_checkin_kind_valid(const char *kind)
{
    return strcmp(kind, "progress") == 0 || strcmp(kind, "review") == 0
           || strcmp(kind, "prep") == 0;
}
