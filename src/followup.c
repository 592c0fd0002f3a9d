/* followup.c -- building the data table of the follow-up templates. */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "date.h"
#include "err.h"
#include "followup.h"
#include "host.h"
#include "report.h"
#include "store.h"

/* The customer's current QBR among q[0..n) (listed by quarter): the latest
 * held by today, else the first; a QBR booked ahead must not hide the
 * quarter still being followed up. */
size_t followup_current(const struct qbr *q, size_t n)
{
    char today[DATE_LEN];
    size_t pick = 0;

    date_format(date_today(), today);
    for (size_t i = 0; i < n; i++)
        if (q[i].held_at && strncmp(q[i].held_at, today, 10) <= 0)
            pick = i;
    return pick;
}

/* The current QBR of each customer (followup_current): older ones are
 * carried or closed, and one booked ahead has nothing due yet. */
int followup_current_qbrs(struct store *st, const char *customer, const char *csm,
                          struct qbr **q, size_t *n)
{
    size_t kept = 0, start = 0;

    if (store_qbr_list(st, customer, csm, q, n))
        return -1;
    for (size_t i = 0; i < *n; i++) {
        if (i + 1 < *n && strcmp((*q)[i].customer, (*q)[i + 1].customer) == 0)
            continue;
        size_t pick = start + followup_current(*q + start, i + 1 - start);

        for (size_t j = start; j <= i; j++)
            if (j != pick)
                model_qbr_free(&(*q)[j]);
        (*q)[kept++] = (*q)[pick];
        start = i + 1;
    }
    *n = kept;
    return 0;
}

/* A QBR named by its ID, or a customer's current QBR. */
int followup_resolve(struct store *st, const char *arg, struct qbr *out)
{
    struct qbr *q;
    size_t n, pick;
    int rc = store_qbr_get(st, arg, out);

    if (rc != 1)
        return rc;
    if (store_qbr_list(st, arg, NULL, &q, &n))
        return -1;
    if (n == 0) {
        store_free_qbrs(q, n);
        return err_input("'%s' is neither a QBR ID nor a customer", arg);
    }
    pick = followup_current(q, n);
    *out = q[pick];
    memset(&q[pick], 0, sizeof q[pick]);
    store_free_qbrs(q, n);
    return 0;
}

/* Whole hours from the QBR to its summary going out, or to now while it has
 * not; *sent says which. Returns 1 when the QBR's time is not known (a date
 * alone cannot be measured in hours), else 0. */
int followup_summary_hours(const struct qbr *q, long *hours, int *sent)
{
    long held, at;
    int hm, am, has;

    if (!q->held_at || date_parse_time(q->held_at, &held, &hm, &has) || !has)
        return 1;
    *sent = q->summary_sent_at && date_parse_time(q->summary_sent_at, &at, &am, &has) == 0;
    if (!*sent && date_parse_time(date_now(), &at, &am, &has))
        return 1;
    *hours = ((at - held) * 1440 + am - hm) / 60;
    return 0;
}

/* Sets field to an array of the lines of text (an empty array for none). */
static void set_lines(lua_State *L, const char *field, const char *text)
{
    int i = 0;

    lua_newtable(L);
    while (text && *text) {
        size_t n = strcspn(text, "\n");

        lua_pushlstring(L, text, n);
        lua_rawseti(L, -2, ++i);
        text += n + (text[n] == '\n');
    }
    lua_setfield(L, -2, field);
}

/* Pushes a table of the QBR's fields, its lists as arrays of text. */
void followup_push_qbr(lua_State *L, const struct qbr *q)
{
    lua_createtable(L, 0, 20);
    host_set_text(L, "id", q->id), host_set_text(L, "customer", q->customer);
    host_set_text(L, "quarter", q->quarter), host_set_text(L, "held_at", q->held_at);
    host_set_text(L, "champion", q->champion), host_set_text(L, "champion_email", q->champion_email);
    host_set_text(L, "csm", q->csm), host_set_text(L, "csm_email", q->csm_email);
    host_set_text(L, "summary_sent_at", q->summary_sent_at), host_set_text(L, "next_qbr_on", q->next_qbr_on);
    host_set_text(L, "debriefed_on", q->debriefed_on), host_set_text(L, "roi", q->roi);
    set_lines(L, "takeaways", q->takeaways), set_lines(L, "values", q->value_delivered);
    set_lines(L, "next_steps", q->next_steps), set_lines(L, "resources", q->resources);
}

static int push_goals(lua_State *L, struct store *st, const char *qbr)
{
    struct goal *g;
    size_t n;

    if (store_goal_list(st, qbr, &g, &n))
        return -1;
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 3);
        lua_pushinteger(L, g[i].num), lua_setfield(L, -2, "num");
        host_set_text(L, "text", g[i].text), host_set_text(L, "success_criterion", g[i].success_criterion);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    store_free_goals(g, n);
    return 0;
}

static int push_actions(lua_State *L, struct host *h, struct store *st, const char *qbr)
{
    struct action_filter f = {.qbr = qbr, .side = -1};
    struct report_set set;

    if (report_collect(st, h, &f, date_today(), &set)) {
        report_set_free(&set);
        return -1;
    }
    lua_createtable(L, (int)set.n, 0);
    for (size_t i = 0; i < set.n; i++) {
        host_push_action(L, &set.actions[i], &set.status[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    report_set_free(&set);
    return 0;
}

static int push_checkins(lua_State *L, struct store *st, const char *customer)
{
    struct checkin *c;
    size_t n;

    if (store_checkin_list(st, customer, NULL, &c, &n))
        return -1;
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 4);
        host_set_text(L, "on", c[i].held_on), host_set_text(L, "kind", c[i].kind);
        host_set_text(L, "with", c[i].with_whom), host_set_text(L, "notes", c[i].notes);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    store_free_checkins(c, n);
    return 0;
}

/* The last progress or review check-in held by today, else the QBR's day,
 * and the next check-in the cadence asks for after it. Prep check-ins do
 * not restart the cadence. Returns 1 when the QBR has no date. */
int followup_cadence(struct host *h, struct store *st, const struct qbr *q, long *last,
                     long *next)
{
    struct checkin *ci;
    double cadence;
    size_t n;
    long day;
    int minutes, has_time;

    if (!q->held_at || date_parse_time(q->held_at, last, &minutes, &has_time))
        return 1;
    if (host_threshold(h, "checkin_cadence_days", &cadence)
        || store_checkin_list(st, q->customer, NULL, &ci, &n))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(ci[i].kind, "prep") != 0 && date_parse(ci[i].held_on, &day) == 0
            && day > *last && day <= date_today())
            *last = day;
    store_free_checkins(ci, n);
    *next = *last + (long)cadence;
    return 0;
}

static void set_day(lua_State *L, const char *field, long day)
{
    char d[DATE_LEN];

    date_format(day, d);
    host_set_text(L, field, d);
}

/* Pushes the data table of a QBR: qbr, goals, actions, checkins,
 * last_checkin_on and next_checkin_on (when the QBR has a date), today and
 * now. On failure pushes nothing. */
int followup_push(struct host *h, struct store *st, const struct qbr *q)
{
    lua_State *L = host_lua(h);
    int top = lua_gettop(L);
    char today[DATE_LEN];
    long last, next;

    lua_createtable(L, 0, 8);
    followup_push_qbr(L, q);
    lua_setfield(L, -2, "qbr");
    if (push_goals(L, st, q->id))
        goto fail;
    lua_setfield(L, -2, "goals");
    if (push_actions(L, h, st, q->id))
        goto fail;
    lua_setfield(L, -2, "actions");
    if (push_checkins(L, st, q->customer))
        goto fail;
    lua_setfield(L, -2, "checkins");
    switch (followup_cadence(h, st, q, &last, &next)) {
    case 0:
        set_day(L, "last_checkin_on", last), set_day(L, "next_checkin_on", next);
        break;
    case 1:
        break;
    default:
        goto fail;
    }
    date_format(date_today(), today);
    host_set_text(L, "today", today);
    host_set_text(L, "now", date_now());
    return 0;

fail:
    lua_settop(L, top);
    return -1;
}
