/* report.c -- the status listing and the dashboard. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "date.h"
#include "report.h"

int report_collect(struct store *st, struct host *h, const struct action_filter *f,
                   long today, struct report_set *out)
{
    memset(out, 0, sizeof *out);
    if (store_action_list(st, f, &out->actions, &out->n))
        return -1;
    out->status = calloc(out->n + 1, sizeof *out->status);
    for (size_t i = 0; i < out->n; i++)
        if (status_compute(h, &out->actions[i], today, &out->status[i]))
            return -1;
    return 0;
}

void report_set_free(struct report_set *s)
{
    store_free_actions(s->actions, s->n);
    free(s->status);
    memset(s, 0, sizeof *s);
}

/* ---- the status listing ---- */

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* An action and its computed status as a JSON object, with the field names
 * the CSV and the Lua API use. */
static json_t *action_json(const struct action *a, const struct action_status *s)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "qbr", json_string(a->qbr));
    json_object_set_new(o, "customer", jstr(a->customer));
    json_object_set_new(o, "goal", a->goal ? json_integer(a->goal) : json_null());
    json_object_set_new(o, "side", json_string(model_side_label(a->side)));
    json_object_set_new(o, "action", json_string(a->action));
    json_object_set_new(o, "owner", json_string(a->owner));
    json_object_set_new(o, "due_date", json_string(a->due_date));
    json_object_set_new(o, "original_due_date", jstr(a->original_due_date));
    json_object_set_new(o, "state", json_string(model_status_label(a->state)));
    json_object_set_new(o, "status", json_string(model_status_label(s->status)));
    json_object_set_new(o, "reason", jstr(s->reason[0] ? s->reason : NULL));
    json_object_set_new(o, "days_to_due", json_integer(s->days_to_due));
    json_object_set_new(o, "days_overdue", json_integer(s->days_overdue));
    json_object_set_new(o, "notes", jstr(a->notes));
    json_object_set_new(o, "done_when", jstr(a->done_when));
    json_object_set_new(o, "completed_on", jstr(a->completed_on));
    json_object_set_new(o, "outcome", jstr(a->outcome));
    json_object_set_new(o, "carried_from", jstr(a->carried_from));
    return o;
}

static void write_json(FILE *out, json_t *j)
{
    json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(j);
}

int report_status(FILE *out, const struct report_set *s, enum render_format fmt, int color)
{
    static const char *const head[] = {"ID", "Status", "Side", "Owner", "Due", "Action",
                                       "Reason"};
    struct table *t;

    if (fmt == FMT_JSON) {
        json_t *arr = json_array();

        for (size_t i = 0; i < s->n; i++)
            json_array_append_new(arr, action_json(&s->actions[i], &s->status[i]));
        write_json(out, arr);
        return 0;
    }
    t = render_table_new(7, head);
    render_table_color_column(t, 1);
    for (size_t i = 0; i < s->n; i++) {
        const struct action *a = &s->actions[i];
        const char *row[] = {a->id, model_status_label(s->status[i].status),
                             model_side_label(a->side), a->owner, a->due_date, a->action,
                             s->status[i].reason};

        render_table_row(t, row, (int)s->status[i].status);
    }
    render_table_write(out, t, fmt, color);
    render_table_free(t);
    return 0;
}

/* ---- the dashboard ---- */

/* Where "completed since the last review" starts for an action's QBR: its
 * last review check-in, else the QBR's date. */
static const char *qbr_date(const struct dashboard_scope *scope, const char *qbr)
{
    for (size_t i = 0; i < scope->nqbrs; i++)
        if (strcmp(scope->qbrs[i].id, qbr) == 0)
            return scope->last_review && scope->last_review[i] ? scope->last_review[i]
                                                                : scope->qbrs[i].held_at;
    return NULL;
}

static int completed_since(const struct dashboard_scope *scope, const struct action *a,
                           const struct action_status *s)
{
    const char *since = scope->since ? scope->since : qbr_date(scope, a->qbr);

    if (s->status != ST_COMPLETE || !a->completed_on)
        return 0;
    return !since || strncmp(a->completed_on, since, 10) >= 0;
}

/* Whole-number share, rounded half up. */
static int percent(size_t count, size_t total)
{
    return total ? (int)((count * 200 + total) / (total * 2)) : 0;
}

static void count_statuses(const struct report_set *s, size_t counts[ST_COUNT])
{
    memset(counts, 0, ST_COUNT * sizeof *counts);
    for (size_t i = 0; i < s->n; i++)
        counts[s->status[i].status]++;
}

static json_t *dashboard_json(const struct report_set *s, const struct dashboard_scope *scope)
{
    json_t *o = json_object(), *counts = json_array(), *over = json_array();
    json_t *risk = json_array(), *done = json_array();
    size_t c[ST_COUNT];
    char today[DATE_LEN];

    count_statuses(s, c);
    date_format(date_today(), today);
    json_object_set_new(o, "title", json_string(scope->title));
    json_object_set_new(o, "today", json_string(today));
    json_object_set_new(o, "total", json_integer((json_int_t)s->n));
    for (int st = 0; st < ST_COUNT; st++) {
        json_t *row = json_object();

        json_object_set_new(row, "status", json_string(model_status_label((enum status)st)));
        json_object_set_new(row, "count", json_integer((json_int_t)c[st]));
        json_object_set_new(row, "percent", json_integer(percent(c[st], s->n)));
        json_array_append_new(counts, row);
    }
    json_object_set_new(o, "statuses", counts);
    for (size_t i = 0; i < s->n; i++) {
        const struct action *a = &s->actions[i];
        const struct action_status *t = &s->status[i];

        if (t->status == ST_OVERDUE)
            json_array_append_new(over, action_json(a, t));
        else if (t->status == ST_AT_RISK)
            json_array_append_new(risk, action_json(a, t));
        if (completed_since(scope, a, t))
            json_array_append_new(done, action_json(a, t));
    }
    json_object_set_new(o, "overdue", over);
    json_object_set_new(o, "at_risk", risk);
    json_object_set_new(o, "completed", done);
    return o;
}

static void status_table(FILE *out, const struct report_set *s, enum render_format fmt,
                         int color)
{
    static const char *const head[] = {"Status", "Count", "%"};
    struct table *t = render_table_new(3, head);
    size_t c[ST_COUNT];

    count_statuses(s, c);
    render_table_color_column(t, 0);
    for (int st = 0; st < ST_COUNT; st++) {
        char count[32], pct[16];

        snprintf(count, sizeof count, "%zu", c[st]);
        snprintf(pct, sizeof pct, "%d%%", percent(c[st], s->n));
        render_table_row(t, (const char *const[]){model_status_label((enum status)st),
                                                  count, pct}, st);
    }
    render_table_write(out, t, fmt, color);
    render_table_free(t);
}

/* One section of items: the rows of actions in the wanted status. */
enum section { SEC_OVERDUE, SEC_AT_RISK, SEC_DONE };

static void item_table(FILE *out, const struct report_set *s, const struct dashboard_scope *scope,
                       enum section sec, enum render_format fmt, int color)
{
    static const char *const heads[3][4] = {
        {"Action", "Owner", "Original Due", "Days Overdue"},
        {"Action", "Owner", "Due", "Risk Reason"},
        {"Action", "Owner", "Completed", "Outcome"},
    };
    struct table *t = render_table_new(4, heads[sec]);
    int rows = 0;

    for (size_t i = 0; i < s->n; i++) {
        const struct action *a = &s->actions[i];
        const struct action_status *st = &s->status[i];
        char what[512], days[32], original[64];

        if ((sec == SEC_OVERDUE && st->status != ST_OVERDUE)
            || (sec == SEC_AT_RISK && st->status != ST_AT_RISK)
            || (sec == SEC_DONE && !completed_since(scope, a, st)))
            continue;
        snprintf(what, sizeof what, "%s %s", a->id, a->action);
        snprintf(days, sizeof days, "%ld", st->days_overdue);
        /* days overdue count from the date now committed to; show it when
         * it was moved, so the row adds up */
        if (a->original_due_date && strcmp(a->original_due_date, a->due_date) != 0)
            snprintf(original, sizeof original, "%s (moved to %s)", a->original_due_date,
                     a->due_date);
        else
            snprintf(original, sizeof original, "%s", a->due_date);
        const char *row[3][4] = {
            {what, a->owner, original, days},
            {what, a->owner, a->due_date, st->reason},
            {what, a->owner, a->completed_on, a->outcome},
        };
        render_table_row(t, row[sec], (int)st->status);
        rows++;
    }
    if (rows)
        render_table_write(out, t, fmt, color);
    else
        fprintf(out, "%s\n", fmt == FMT_MD ? "_None._" : "(none)");
    render_table_free(t);
}

int report_dashboard(FILE *out, const struct report_set *s, const struct dashboard_scope *scope,
                     enum render_format fmt, int color)
{
    static const char *const titles[3] = {"Overdue Items (Needs Attention)", "At Risk Items",
                                          "Completed Since Last Review"};
    char head[512];

    if (fmt == FMT_JSON) {
        write_json(out, dashboard_json(s, scope));
        return 0;
    }
    snprintf(head, sizeof head, "%s - QBR Action Status", scope->title);
    render_heading(out, fmt == FMT_MD ? 2 : 1, head, fmt);
    if (fmt == FMT_TEXT)
        fputc('\n', out);
    snprintf(head, sizeof head, "%s (Total: %zu)", scope->subtitle, s->n);
    render_heading(out, 3, head, fmt);
    status_table(out, s, fmt, color);
    for (int sec = 0; sec < 3; sec++) {
        fputc('\n', out);
        render_heading(out, 3, titles[sec], fmt);
        item_table(out, s, scope, (enum section)sec, fmt, color);
    }
    return 0;
}
