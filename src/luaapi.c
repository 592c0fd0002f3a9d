/* luaapi.c -- qbrt.actions, qbrt.action, qbrt.qbrs, qbrt.goals, qbrt.today
 * and qbrt.now. Each C function is named after what Lua calls it (api_*). */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "date.h"
#include "err.h"
#include "followup.h"
#include "host.h"
#include "luaapi.h"
#include "report.h"
#include "store.h"

#define REG_CONTEXT "qbrt.context"

struct api_context {
    struct host *h;
    struct store *st;
};

static struct api_context *context(lua_State *L)
{
    struct api_context *ctx;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_CONTEXT);
    ctx = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return ctx;
}

/* Raises the recorded qbrt error as a Lua error. */
static int raise(lua_State *L)
{
    return luaL_error(L, "%s", err_msg());
}

/* Reads an optional string field of the filter table at index 1. */
static const char *opt_field(lua_State *L, const char *name)
{
    const char *v;

    lua_getfield(L, 1, name);
    v = lua_isnil(L, -1) ? NULL : luaL_checkstring(L, -1);
    lua_pop(L, 1);
    return v;
}

static const char *const action_keys[] = {"qbr", "customer", "owner", "csm", "side",
                                          "status", NULL};

/* Refuses filter keys the function does not know: a typo would otherwise
 * quietly widen the query. */
static void check_keys(lua_State *L, const char *const *known)
{
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        const char *const *k = known;

        lua_pop(L, 1);
        while (*k && (lua_type(L, -1) != LUA_TSTRING || strcmp(*k, lua_tostring(L, -1))))
            k++;
        if (!*k)
            luaL_error(L, "unknown filter '%s'; known: qbr, customer, owner, csm, side, status",
                       luaL_tolstring(L, -1, NULL));
    }
}

/* qbrt.actions{qbr=, customer=, owner=, csm=, side=, status=}: a list of
 * actions with their computed status, in ID order. */
static int api_actions(lua_State *L)
{
    struct api_context *ctx = context(L);
    struct action_filter f = {.side = -1};
    struct report_set set;
    const char *side, *status;
    enum status want = ST_COUNT;
    enum side sd;
    int n = 0;

    if (lua_isnoneornil(L, 1))
        lua_newtable(L), lua_replace(L, 1);
    luaL_checktype(L, 1, LUA_TTABLE);
    check_keys(L, action_keys);
    f.qbr = opt_field(L, "qbr"), f.customer = opt_field(L, "customer");
    f.owner = opt_field(L, "owner"), f.csm = opt_field(L, "csm");
    side = opt_field(L, "side"), status = opt_field(L, "status");
    if (side && model_side_parse(side, &sd))
        return luaL_error(L, "side: '%s' is neither customer nor vendor", side);
    f.side = side ? (int)sd : -1;
    if (status && model_status_parse(status, &want))
        return luaL_error(L, "status: '%s' is not one of the seven statuses", status);
    if (report_collect(ctx->st, ctx->h, &f, date_today(), &set)) {
        report_set_free(&set);
        return raise(L);
    }
    lua_createtable(L, (int)set.n, 0);
    for (size_t i = 0; i < set.n; i++) {
        if (want != ST_COUNT && set.status[i].status != want)
            continue;
        host_push_action(L, &set.actions[i], &set.status[i]);
        lua_rawseti(L, -2, ++n);
    }
    report_set_free(&set);
    return 1;
}

/* qbrt.action(id): one action with its status, or nil. */
static int api_action(lua_State *L)
{
    struct api_context *ctx = context(L);
    struct action a = {0};
    struct action_status s;
    int rc = store_action_get(ctx->st, luaL_checkstring(L, 1), &a);

    if (rc == 0 && status_compute(ctx->h, &a, date_today(), &s) == 0)
        host_push_action(L, &a, &s);
    else if (rc == 1)
        lua_pushnil(L);
    model_action_free(&a);
    return rc == 1 || rc == 0 ? (err_clear(), 1) : raise(L);
}

/* qbrt.qbrs{customer=, csm=}: the QBRs, by customer and quarter. */
static int api_qbrs(lua_State *L)
{
    static const char *const keys[] = {"customer", "csm", NULL};
    struct api_context *ctx = context(L);
    struct qbr *q;
    size_t n;

    if (lua_isnoneornil(L, 1))
        lua_newtable(L), lua_replace(L, 1);
    luaL_checktype(L, 1, LUA_TTABLE);
    check_keys(L, keys);
    if (store_qbr_list(ctx->st, opt_field(L, "customer"), opt_field(L, "csm"), &q, &n))
        return raise(L);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        followup_push_qbr(L, &q[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    store_free_qbrs(q, n);
    return 1;
}

/* qbrt.goals(qbr): a QBR's goals, or every goal without an argument. */
static int api_goals(lua_State *L)
{
    struct api_context *ctx = context(L);
    struct goal *g;
    size_t n;

    if (store_goal_list(ctx->st, luaL_optstring(L, 1, NULL), &g, &n))
        return raise(L);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 4);
        host_set_text(L, "qbr", g[i].qbr), host_set_text(L, "text", g[i].text);
        host_set_text(L, "success_criterion", g[i].success_criterion);
        lua_pushinteger(L, g[i].num), lua_setfield(L, -2, "num");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    store_free_goals(g, n);
    return 1;
}

static int api_today(lua_State *L)
{
    char d[DATE_LEN];

    date_format(date_today(), d);
    lua_pushstring(L, d);
    return 1;
}

static int api_now(lua_State *L)
{
    lua_pushstring(L, date_now());
    return 1;
}

static const luaL_Reg api[] = {
    {"actions", api_actions}, {"action", api_action}, {"qbrs", api_qbrs},
    {"goals", api_goals}, {"today", api_today}, {"now", api_now}, {NULL, NULL},
};

/* Makes the module the global qbrt and require("qbrt"). */
void luaapi_open(struct host *h, struct store *st)
{
    lua_State *L = host_lua(h);
    struct api_context *ctx = lua_newuserdatauv(L, sizeof *ctx, 0);

    ctx->h = h, ctx->st = st;
    lua_setfield(L, LUA_REGISTRYINDEX, REG_CONTEXT);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    luaL_newlib(L, api);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "qbrt");
    lua_setglobal(L, "qbrt");
    lua_pop(L, 1);
}
