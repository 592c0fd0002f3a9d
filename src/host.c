/* host.c -- embedding Lua 5.4: the sandbox, its limits, rule registration and
 * the protected calls that turn every Lua failure into one located message. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lfs.h>
#include <lua.h>
#include <lualib.h>

#include "date.h"
#include "err.h"
#include "host.h"

#define HOOK_STEP 1000
#define REG_ENV "qbrt.sandbox"
#define REG_RULES "qbrt.rules"
#define REG_THRESHOLDS "qbrt.thresholds"
#define REG_IDS "qbrt.ids"
#define REG_TEMPLATES "qbrt.templates"
#define REG_MILESTONES "qbrt.milestones"

struct host {
    lua_State *L;
    int trace;
    size_t used;            /* bytes the state holds */
    size_t limit;           /* cap while a sandboxed call runs, else 0 */
    int memory_exceeded;
    long instructions;      /* counted while a sandboxed call runs */
    int over_budget;
    volatile sig_atomic_t timed_out;
    int sandboxed;          /* depth of sandboxed calls */
    char where[256];        /* what the sandboxed call is running, for messages */
    char line[256];         /* the last line it reached, for errors without one */
};

static struct host *host_of(lua_State *L)
{
    return *(struct host **)lua_getextraspace(L);
}

/* ---- limits ---- */

/* The allocator counts every byte, and refuses growth past the cap while a
 * sandboxed call runs. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct host *h = ud;
    size_t old = ptr ? osize : 0;
    void *p;

    if (nsize == 0) {
        free(ptr);
        h->used -= old;
        return NULL;
    }
    if (h->limit && nsize > old && h->used + (nsize - old) > h->limit) {
        h->memory_exceeded = 1;
        return NULL;
    }
    p = realloc(ptr, nsize);
    if (p)
        h->used = h->used - old + nsize;
    return p;
}

/* Counts instructions; past the budget, or once the time limit has passed,
 * it raises an error, located at the running line, on every further
 * instruction, so a pcall inside the rule cannot swallow it for long. */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
    struct host *h = host_of(L);

    if (ar->event == LUA_HOOKLINE) {    /* where a memory error or a stuck call is */
        if (lua_getinfo(L, "S", ar))
            snprintf(h->line, sizeof h->line, "%s:%d", ar->short_src, ar->currentline);
        return;
    }
    h->instructions += h->over_budget ? 1 : HOOK_STEP;
    if (h->instructions <= HOST_INSTRUCTION_BUDGET && !h->timed_out)
        return;
    if (!h->over_budget) {
        h->over_budget = 1;
        lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
    }
    if (lua_getstack(L, 0, ar) && lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
        lua_pushfstring(L, "%s:%d: ", ar->short_src, ar->currentline);
    else
        lua_pushliteral(L, "");
    if (h->timed_out)
        lua_pushfstring(L, "time limit of %d seconds exceeded", HOST_TIME_LIMIT);
    else
        lua_pushfstring(L, "instruction budget of %d million exceeded (endless loop?)",
                        (int)(HOST_INSTRUCTION_BUDGET / 1000000));
    lua_concat(L, 2);
    lua_error(L);
}

/* The host whose sandboxed call the alarm watches. */
static struct host *volatile watched;

static void say(const char *text)
{
    ssize_t ignored = write(STDERR_FILENO, text, strlen(text));

    (void)ignored;
}

/* The time limit has passed. Lua code is stopped through the hook (the one
 * Lua call a signal handler may make). If the call is still inside one C
 * function a second later, a pattern match that will not end, the process
 * stops: no data was committed, and SQLite rolls back what was begun. */
static void on_alarm(int sig)
{
    struct host *h = watched;

    (void)sig;
    if (!h)
        return;
    if (!h->timed_out) {
        h->timed_out = 1;
        lua_sethook(h->L, budget_hook, LUA_MASKCOUNT, 1);
        alarm(1);
        return;
    }
    say("qbrt: ");
    say(h->line[0] ? h->line : h->where);
    say(": stopped, still running after the time limit (a library call that does not end, "
        "such as a costly pattern match)\n");
    _exit(ERR_FAIL);
}

static void limits_on(struct host *h)
{
    if (h->sandboxed++ > 0)
        return;
    h->instructions = 0, h->over_budget = 0, h->memory_exceeded = 0, h->timed_out = 0;
    h->limit = h->used + HOST_MEMORY_CAP;
    h->line[0] = '\0';
    lua_sethook(h->L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, HOOK_STEP);
    watched = h;
    alarm(HOST_TIME_LIMIT);
}

static void limits_off(struct host *h)
{
    if (--h->sandboxed > 0)
        return;
    alarm(0);
    watched = NULL;
    h->limit = 0;
    lua_sethook(h->L, NULL, 0, 0);
    if (h->memory_exceeded)
        lua_gc(h->L, LUA_GCCOLLECT);
}

/* ---- protected calls ---- */

/* Message handler: keeps "file:line: message" and, with --trace, appends
 * the traceback. */
static int on_error(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);

    if (!msg) {
        lua_Debug ar;
        int level = 1;

        /* the first Lua frame is the line that raised it: error() is C */
        while (lua_getstack(L, level, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline <= 0)
            level++;
        if (ar.currentline > 0)
            lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
        else
            lua_pushstring(L, host_of(L)->where[0] ? host_of(L)->where : "lua");
        msg = lua_pushfstring(L, "%s: error object is a %s value, not a message",
                              lua_tostring(L, -1), luaL_typename(L, 1));
    }
    if (host_of(L)->trace)
        luaL_traceback(L, L, msg, 1);
    else
        lua_pushstring(L, msg);
    return 1;
}

/* Calls the function below nargs arguments. On failure pops it all, sets err
 * (a failed rule or script: exit 1) and returns -1. */
int host_pcall(struct host *h, int nargs, int nresults)
{
    lua_State *L = h->L;
    int base = lua_gettop(L) - nargs;
    int rc;

    lua_pushcfunction(L, on_error);
    lua_insert(L, base);
    rc = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    if (rc == LUA_OK)
        return 0;
    if (rc == LUA_ERRMEM || h->memory_exceeded)
        err_fail("%s: memory cap of %u MiB exceeded",
                 h->line[0] ? h->line : h->where[0] ? h->where : "lua",
                 HOST_MEMORY_CAP >> 20);
    else
        err_fail("%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return -1;
}

/* A protected call under the sandbox's limits; where names the running code
 * for errors that carry no position of their own. */
static int sandbox_pcall(struct host *h, int nargs, int nresults, const char *where)
{
    int rc;

    snprintf(h->where, sizeof h->where, "%s", where);
    limits_on(h);
    rc = host_pcall(h, nargs, nresults);
    limits_off(h);
    return rc;
}

/* ---- the sandbox environment ---- */

static int env_unknown_global(lua_State *L)
{
    return luaL_error(L, "unknown global '%s'", luaL_tolstring(L, 2, NULL));
}

static int env_no_new_global(lua_State *L)
{
    return luaL_error(L, "cannot set global '%s' in a rule; use local",
                      luaL_tolstring(L, 2, NULL));
}

/* load() for sandboxed code: text only, and its globals are the sandbox's
 * unless the caller passes a table of its own. */
static int sandbox_load(lua_State *L)
{
    size_t len;
    const char *chunk = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");

    if (luaL_loadbufferx(L, chunk, len, name, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (lua_istable(L, 4))
        lua_pushvalue(L, 4);
    else
        lua_getfield(L, LUA_REGISTRYINDEX, REG_ENV);
    lua_setupvalue(L, -2, 1);
    return 1;
}

/* Strings index the string library through this, so that ("").dump is not
 * reachable from sandboxed code. */
static int string_index(lua_State *L)
{
    if (host_of(L)->sandboxed && strcmp(luaL_checkstring(L, 2), "dump") == 0)
        return 0;
    lua_gettable(L, lua_upvalueindex(1));
    return 1;
}

/* Copies the named fields of the library at the top of the stack into a new
 * table set as field lib of the table at env. */
static void copy_lib(lua_State *L, int env, const char *lib, const char *const *names)
{
    lua_getglobal(L, lib);
    lua_newtable(L);
    for (; *names; names++) {
        lua_getfield(L, -2, *names);
        lua_setfield(L, -2, *names);
    }
    lua_setfield(L, env, lib);
    lua_pop(L, 1);
}

/* No getmetatable: through it a rule would reach, and could change, the
 * string metatable that trusted scripts share. */
static const char *const base_names[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber",
    "tostring", "type", "xpcall", "setmetatable", "rawequal", "rawlen",
    "_VERSION", NULL
};
static const char *const string_names[] = {
    "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep",
    "reverse", "sub", "upper", "pack", "packsize", "unpack", NULL
};
static const char *const table_names[] = {
    "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL
};
static const char *const math_names[] = {
    "abs", "ceil", "floor", "fmod", "huge", "max", "maxinteger", "min", "mininteger",
    "modf", "pi", "sqrt", "tointeger", "type", "ult", "exp", "log", NULL
};
static const char *const utf8_names[] = {
    "char", "charpattern", "codepoint", "codes", "len", "offset", NULL
};

/* ---- calendar helpers for rules and templates: dates.* ---- */

static long check_date_arg(lua_State *L, int arg)
{
    const char *text = luaL_checkstring(L, arg);
    long day;

    if (strlen(text) < 10 || date_parse(lua_pushlstring(L, text, 10), &day))
        luaL_error(L, "'%s' is not a date (YYYY-MM-DD)", text);
    lua_pop(L, 1);
    return day;
}

static void push_day(lua_State *L, long day)
{
    char d[DATE_LEN];

    date_format(day, d);
    lua_pushstring(L, d);
}

/* dates.add_days("2024-02-15", 14) -> "2024-02-29" */
static int dates_add_days(lua_State *L)
{
    push_day(L, check_date_arg(L, 1) + (long)luaL_checkinteger(L, 2));
    return 1;
}

/* dates.add_months("2024-01-31", 1) -> "2024-02-29" (month ends clamp) */
static int dates_add_months(lua_State *L)
{
    push_day(L, date_add_months(check_date_arg(L, 1), (int)luaL_checkinteger(L, 2)));
    return 1;
}

/* dates.between(a, b) -> days from a to b */
static int dates_between(lua_State *L)
{
    lua_pushinteger(L, check_date_arg(L, 2) - check_date_arg(L, 1));
    return 1;
}

static const luaL_Reg dates_lib[] = {
    {"add_days", dates_add_days}, {"add_months", dates_add_months},
    {"between", dates_between}, {NULL, NULL},
};

static int reg_rule(lua_State *L);
static int reg_threshold(lua_State *L);
static int reg_id_format(lua_State *L);
static int reg_template(lua_State *L);
static int reg_milestone(lua_State *L);

/* Builds the sandbox's global table and keeps it in the registry. */
static void make_sandbox(lua_State *L)
{
    int env;

    lua_newtable(L);
    env = lua_gettop(L);
    lua_pushglobaltable(L);
    for (const char *const *n = base_names; *n; n++) {
        lua_getfield(L, -1, *n);
        lua_setfield(L, env, *n);
    }
    lua_pop(L, 1);
    copy_lib(L, env, "string", string_names);
    copy_lib(L, env, "table", table_names);
    copy_lib(L, env, "math", math_names);
    copy_lib(L, env, "utf8", utf8_names);
    lua_pushcfunction(L, sandbox_load), lua_setfield(L, env, "load");
    lua_pushcfunction(L, reg_rule), lua_setfield(L, env, "rule");
    lua_pushcfunction(L, reg_threshold), lua_setfield(L, env, "threshold");
    lua_pushcfunction(L, reg_id_format), lua_setfield(L, env, "id_format");
    lua_pushcfunction(L, reg_template), lua_setfield(L, env, "template");
    lua_pushcfunction(L, reg_milestone), lua_setfield(L, env, "milestone");
    luaL_newlib(L, dates_lib), lua_setfield(L, env, "dates");

    lua_newtable(L);
    lua_pushcfunction(L, env_unknown_global), lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_no_new_global), lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0), lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_ENV);
}

/* Routes the string metatable's __index through string_index. */
static void guard_string_dump(lua_State *L)
{
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_getglobal(L, "string");
    lua_pushcclosure(L, string_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 2);
}

/* ---- registration, called from rule files ---- */

/* Stores entry (at the top of the stack) under its name in the registry
 * list key: in the place of the entry of that name, else at the end, so a
 * team file replaces a default without reordering. Pops the entry. */
static void put_in_order(lua_State *L, const char *key, const char *name)
{
    lua_Integer n, i;

    lua_getfield(L, LUA_REGISTRYINDEX, key);
    n = luaL_len(L, -1);
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        lua_getfield(L, -1, "name");
        int same = strcmp(lua_tostring(L, -1), name) == 0;
        lua_pop(L, 2);
        if (same)
            break;
    }
    lua_insert(L, -2);
    lua_rawseti(L, -2, i);
    lua_pop(L, 1);
}

/* rule(name, function): adds a status rule, or replaces the one of that
 * name in its place. */
static int reg_rule(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);

    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, 1), lua_setfield(L, -2, "name");
    lua_pushvalue(L, 2), lua_setfield(L, -2, "fn");
    put_in_order(L, REG_RULES, name);
    return 0;
}

/* milestone(name, {day = N, label = TEXT, done = function(d), agenda = bool,
 * due = function(d)}): a step of the follow-up timeline, due N days after
 * the QBR, or on the date due(d) returns when it returns one. */
static int reg_milestone(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);

    luaL_checktype(L, 2, LUA_TTABLE);
    if (lua_getfield(L, 2, "day") != LUA_TNUMBER || !lua_isinteger(L, -1))
        return luaL_error(L, "milestone '%s': day must be a whole number of days", name);
    if (lua_getfield(L, 2, "label") != LUA_TSTRING)
        return luaL_error(L, "milestone '%s': label must be text", name);
    if (lua_getfield(L, 2, "done") != LUA_TFUNCTION)
        return luaL_error(L, "milestone '%s': done must be a function", name);
    if (lua_getfield(L, 2, "due") != LUA_TNIL && !lua_isfunction(L, -1))
        return luaL_error(L, "milestone '%s': due must be a function", name);
    lua_pop(L, 4);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1), lua_setfield(L, -2, "name");
    put_in_order(L, REG_MILESTONES, name);
    return 0;
}

/* threshold(name, value) sets a threshold; threshold(name) reads it. */
static int reg_threshold(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);

    lua_getfield(L, LUA_REGISTRYINDEX, REG_THRESHOLDS);
    if (lua_gettop(L) >= 3 && !lua_isnone(L, 2)) {
        luaL_argexpected(L, lua_isnumber(L, 2) || lua_isstring(L, 2) || lua_isboolean(L, 2),
                         2, "number, string or boolean");
        lua_pushvalue(L, 2);
        lua_setfield(L, -2, name);
        return 0;
    }
    if (lua_getfield(L, -1, name) == LUA_TNIL)
        return luaL_error(L, "unknown threshold '%s'", name);
    return 1;
}

/* id_format(name, function): how an identifier of that kind is made. */
static int reg_id_format(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);

    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_IDS);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, name);
    return 0;
}

/* The templates qbrt renders; a name outside them is a typo that would
 * otherwise leave the built-in wording in place without a word. */
static int known_template(const char *name)
{
    static const char *const names[] = {"summary", "checkin", "slip", "review", "prep", NULL};

    for (const char *const *n = names; *n; n++)
        if (strcmp(*n, name) == 0)
            return 1;
    return 0;
}

/* template(name, function): the wording of an email or document. The
 * function gets the data and returns the subject (or title) and the body.
 * template(name) returns the one registered so far, for a team's file to
 * build on. */
static int reg_template(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    int getter = lua_isnone(L, 2);      /* template(name): the one registered now */

    if (!known_template(name))
        return luaL_error(L, "unknown template '%s'; qbrt uses summary, checkin, slip, review "
                          "and prep", name);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_TEMPLATES);
    if (getter) {
        if (lua_getfield(L, -1, name) != LUA_TFUNCTION)
            return luaL_error(L, "unknown template '%s'", name);
        return 1;
    }
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, name);
    return 0;
}

/* ---- opening ---- */

static int open_state(lua_State *L)
{
    luaL_openlibs(L);
    luaL_requiref(L, "lfs", luaopen_lfs, 1);
    lua_pop(L, 1);
    lua_newtable(L), lua_setfield(L, LUA_REGISTRYINDEX, REG_RULES);
    lua_newtable(L), lua_setfield(L, LUA_REGISTRYINDEX, REG_THRESHOLDS);
    lua_newtable(L), lua_setfield(L, LUA_REGISTRYINDEX, REG_IDS);
    lua_newtable(L), lua_setfield(L, LUA_REGISTRYINDEX, REG_TEMPLATES);
    lua_newtable(L), lua_setfield(L, LUA_REGISTRYINDEX, REG_MILESTONES);
    make_sandbox(L);
    guard_string_dump(L);
    return 0;
}

int host_open(struct host **out, int trace)
{
    struct host *h = calloc(1, sizeof *h);

    h->trace = trace;
    h->L = lua_newstate(counting_alloc, h);
    if (!h->L) {
        free(h);
        return err_fail("cannot create the Lua state");
    }
    *(struct host **)lua_getextraspace(h->L) = h;
    sigaction(SIGALRM, &(struct sigaction){.sa_handler = on_alarm, .sa_flags = SA_RESTART},
              NULL);
    lua_pushcfunction(h->L, open_state);
    if (host_pcall(h, 0, 0)) {
        host_close(h);
        return -1;
    }
    *out = h;
    return 0;
}

void host_close(struct host *h)
{
    if (!h)
        return;
    lua_close(h->L);
    free(h);
}

lua_State *host_lua(struct host *h)
{
    return h->L;
}

/* ---- loading rule files ---- */

/* Lists the .lua files of a directory in lexical order, with LuaFileSystem.
 * A directory that does not exist has no files. */
static const char list_lua_files[] =
    "local dir = ...\n"
    "if lfs.attributes(dir, 'mode') ~= 'directory' then return {} end\n"
    "local names = {}\n"
    "for name in lfs.dir(dir) do\n"
    "  if name:match('%.lua$') then names[#names + 1] = dir .. '/' .. name end\n"
    "end\n"
    "table.sort(names)\n"
    "return names\n";

/* The global name a library file gives its table: "_md.lua" -> "md". */
static int library_name(const char *path, char *name, size_t size)
{
    const char *base = strrchr(path, '/');
    size_t n;

    base = base ? base + 1 : path;
    if (base[0] != '_')
        return 0;
    n = strlen(base + 1) - 4;           /* without ".lua" */
    if (n == 0 || n >= size)
        return 0;
    memcpy(name, base + 1, n);
    name[n] = '\0';
    return 1;
}

/* Loads one file into the sandbox. A file whose name starts with '_' is a
 * library: it returns a table, which becomes a global of that name for the
 * files loaded after it ("_md.lua" gives md). */
static int load_rule_file(struct host *h, const char *path)
{
    lua_State *L = h->L;
    char name[64];
    int library = library_name(path, name, sizeof name);

    if (luaL_loadfilex(L, path, "t") != LUA_OK) {
        err_fail("%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, REG_ENV);
    lua_setupvalue(L, -2, 1);
    if (sandbox_pcall(h, 0, library, path))
        return -1;
    if (!library)
        return 0;
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return err_fail("%s: a library file must return a table", path);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, REG_ENV);
    lua_insert(L, -2);
    lua_pushstring(L, name);
    lua_insert(L, -2);
    lua_rawset(L, -3);                  /* raw: the env refuses new globals from code */
    lua_pop(L, 1);
    return 0;
}

/* Loads every rule file of dir, in lexical order, into the sandbox. */
int host_load_rules_dir(struct host *h, const char *dir)
{
    lua_State *L = h->L;
    lua_Integer n;
    int rc = 0;

    if (luaL_loadstring(L, list_lua_files) != LUA_OK)
        return err_fail("listing %s: %s", dir, lua_tostring(L, -1));
    lua_pushstring(L, dir);
    if (host_pcall(h, 1, 1))
        return err_prefix("%s: ", dir);
    n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n && rc == 0; i++) {
        lua_rawgeti(L, -1, i);
        rc = load_rule_file(h, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

/* ---- rules on an action ---- */

static const char *const action_fields[] = {
    "id", "qbr", "customer", "goal", "side", "action", "owner", "due_date",
    "original_due_date", "state", "status", "reason", "notes", "done_when", "completed_on",
    "outcome", "carried_from", "days_to_due", "days_overdue", "days_since_update", NULL
};

/* __index of the action a rule sees: a known field may be nil, an unknown
 * one is a typo and an error. */
static int action_index(lua_State *L)
{
    const char *key = luaL_checkstring(L, 2);

    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1;
    for (const char *const *f = action_fields; *f; f++)
        if (strcmp(*f, key) == 0)
            return 1;
    return luaL_error(L, "action has no field '%s'", key);
}

static int action_readonly(lua_State *L)
{
    return luaL_error(L, "the action is read-only in a rule; return a status instead");
}

/* Sets t[field] = value on the table at the top of the stack; a NULL value
 * leaves the field nil. */
void host_set_text(lua_State *L, const char *field, const char *value)
{
    if (value) {
        lua_pushstring(L, value);
        lua_setfield(L, -2, field);
    }
}

static void set_int(lua_State *L, const char *field, long value)
{
    lua_pushinteger(L, value);
    lua_setfield(L, -2, field);
}

/* Pushes a new table with the action's fields, its status and the facts
 * behind it, under the names the CSV and the JSON use. */
void host_push_action(lua_State *L, const struct action *a, const struct action_status *st)
{
    lua_createtable(L, 0, 20);
    host_set_text(L, "id", a->id), host_set_text(L, "qbr", a->qbr), host_set_text(L, "customer", a->customer);
    if (a->goal > 0)
        set_int(L, "goal", a->goal);
    host_set_text(L, "side", model_side_label(a->side)), host_set_text(L, "action", a->action);
    host_set_text(L, "owner", a->owner), host_set_text(L, "due_date", a->due_date);
    host_set_text(L, "original_due_date", a->original_due_date);
    host_set_text(L, "state", model_status_label(a->state));
    host_set_text(L, "status", model_status_label(st->status));
    host_set_text(L, "reason", st->reason[0] ? st->reason : NULL);
    host_set_text(L, "notes", a->notes), host_set_text(L, "done_when", a->done_when);
    host_set_text(L, "completed_on", a->completed_on), host_set_text(L, "outcome", a->outcome);
    host_set_text(L, "carried_from", a->carried_from);
    set_int(L, "days_to_due", st->days_to_due), set_int(L, "days_overdue", st->days_overdue);
    set_int(L, "days_since_update", st->days_since_update);
}

/* Pushes the action's data table, then a read-only view of it. The values
 * are copies owned by Lua, so a view kept by a rule never points into C
 * memory. */
static void push_action_view(lua_State *L, const struct action *a,
                             const struct action_status *st)
{
    host_push_action(L, a, st);
    lua_newtable(L);
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, action_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, action_readonly), lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0), lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

/* Reads what a rule returned (status, reason) at the top of the stack. */
static int take_verdict(lua_State *L, const char *rule, const char *where,
                        struct action_status *st)
{
    enum status s;
    const char *label;

    if (lua_isnil(L, -2))
        return 0;
    label = lua_tostring(L, -2);
    if (!label || model_status_parse(label, &s) || !status_is_open(s))
        return err_fail("%s: rule '%s' returned '%s'; a rule returns nil or one of Not Started, "
                        "In Progress, Blocked, At Risk, Overdue", where, rule,
                        label ? label : luaL_typename(L, -2));
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
        return err_fail("%s: rule '%s' gave a reason that is a %s, not text", where, rule,
                        luaL_typename(L, -1));
    st->status = s;
    snprintf(st->reason, sizeof st->reason, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
    return 0;
}

/* Where a rule function was defined, as "file:line". */
static void rule_where(lua_State *L, char *buf, size_t size)
{
    lua_Debug ar;

    lua_pushvalue(L, -1);
    lua_getinfo(L, ">S", &ar);
    snprintf(buf, size, "%s:%d", ar.short_src, ar.linedefined);
}

/* Runs the rule entry at the top of the stack on the view at index view,
 * whose data table is at view - 1; pops the entry. */
static int run_one_rule(struct host *h, int view, struct action_status *st)
{
    lua_State *L = h->L;
    const char *name;
    char where[256];
    int rc;

    lua_getfield(L, -1, "name");
    name = lua_tostring(L, -1);
    lua_getfield(L, -2, "fn");
    rule_where(L, where, sizeof where);
    lua_pushvalue(L, view);
    if (sandbox_pcall(h, 1, 2, where))
        return err_prefix("rule '%s': ", name);
    rc = take_verdict(L, name, where, st);
    lua_pop(L, 4);
    if (rc == 0) {
        lua_pushstring(L, model_status_label(st->status));
        lua_setfield(L, view - 1, "status");
        if (st->reason[0])
            lua_pushstring(L, st->reason);
        else
            lua_pushnil(L);
        lua_setfield(L, view - 1, "reason");
    }
    return rc;
}

/* Runs every rule, in load order, on one open action; a later rule sees what
 * an earlier one decided. */
int host_apply_rules(struct host *h, const struct action *a, struct action_status *st)
{
    lua_State *L = h->L;
    int top = lua_gettop(L), rules, view, rc = 0;
    lua_Integer n;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_RULES);
    rules = lua_gettop(L);
    n = luaL_len(L, rules);
    push_action_view(L, a, st);
    view = lua_gettop(L);
    for (lua_Integer i = 1; i <= n && rc == 0; i++) {
        lua_rawgeti(L, rules, i);
        rc = run_one_rule(h, view, st);
    }
    lua_settop(L, top);
    return rc;
}

/* ---- templates ---- */

/* Pushes the function registered as name in the registry table reg and
 * returns 1, or pushes nothing and returns 0. */
static int push_registered(lua_State *L, const char *reg, const char *name)
{
    lua_getfield(L, LUA_REGISTRYINDEX, reg);
    if (lua_getfield(L, -1, name) != LUA_TFUNCTION) {
        lua_pop(L, 2);
        return 0;
    }
    lua_remove(L, -2);
    return 1;
}

/* Renders the template called name with the data table on top of the stack,
 * which it pops. *title and *body are new strings the caller frees. */
int host_render(struct host *h, const char *name, char **title, char **body)
{
    lua_State *L = h->L;
    char where[256];

    if (!push_registered(L, REG_TEMPLATES, name)) {
        lua_pop(L, 1);
        return err_fail("no template named '%s' is registered in templates/", name);
    }
    rule_where(L, where, sizeof where);
    lua_insert(L, -2);
    if (sandbox_pcall(h, 1, 2, where))
        return err_prefix("template '%s': ", name);
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
        lua_pop(L, 2);
        return err_fail("%s: template '%s' must return a title and a body, both text", where,
                        name);
    }
    *title = strdup(lua_tostring(L, -2));
    *body = strdup(lua_tostring(L, -1));
    lua_pop(L, 2);
    return 0;
}

/* ---- the follow-up timeline ---- */

/* Calls the milestone's function field (done or due; due is optional) at
 * the top of the stack with the data at index data; *out is the date it
 * returned, or NULL for nil. */
static int call_date(struct host *h, int data, const char *name, const char *field,
                     char **out)
{
    lua_State *L = h->L;
    char where[256];
    int rc = 0;

    if (lua_getfield(L, -1, field) == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    rule_where(L, where, sizeof where);
    lua_pushvalue(L, data);
    if (sandbox_pcall(h, 1, 1, where))
        return err_prefix("milestone '%s': ", name);
    if (lua_isstring(L, -1) && date_parse(lua_tostring(L, -1), &(long){0}) == 0)
        *out = strdup(lua_tostring(L, -1));
    else if (!lua_isnil(L, -1))
        rc = err_fail("%s: milestone '%s': %s must return a date (YYYY-MM-DD) or nil", where,
                      name, field);
    lua_pop(L, 1);
    return rc;
}

/* Judges every milestone on the data table on top of the stack, which it
 * pops. *out is an array of *n milestones the caller frees with
 * host_free_milestones. */
int host_milestones(struct host *h, struct milestone **out, size_t *n)
{
    lua_State *L = h->L;
    int data = lua_gettop(L), rc = 0;
    lua_Integer count;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_MILESTONES);
    count = luaL_len(L, -1);
    *out = calloc((size_t)count + 1, sizeof **out);
    *n = 0;
    for (lua_Integer i = 1; i <= count && rc == 0; i++) {
        struct milestone *m = &(*out)[(*n)++];

        lua_rawgeti(L, data + 1, i);
        lua_getfield(L, -1, "name"), m->name = strdup(lua_tostring(L, -1)), lua_pop(L, 1);
        lua_getfield(L, -1, "label"), m->label = strdup(lua_tostring(L, -1)), lua_pop(L, 1);
        lua_getfield(L, -1, "day"), m->day = (long)lua_tointeger(L, -1), lua_pop(L, 1);
        lua_getfield(L, -1, "agenda"), m->agenda = !lua_isboolean(L, -1) || lua_toboolean(L, -1);
        lua_pop(L, 1);
        rc = call_date(h, data, m->name, "done", &m->done_on);
        if (rc == 0)
            rc = call_date(h, data, m->name, "due", &m->due_on);
        lua_pop(L, 1);
    }
    lua_settop(L, data - 1);
    return rc;
}

void host_free_milestones(struct milestone *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].name), free(m[i].label), free(m[i].done_on), free(m[i].due_on);
    free(m);
}

/* ---- thresholds and identifiers for C ---- */

int host_threshold(struct host *h, const char *name, double *out)
{
    lua_State *L = h->L;
    int ok;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_THRESHOLDS);
    lua_getfield(L, -1, name);
    *out = lua_tonumberx(L, -1, &ok);
    lua_pop(L, 2);
    return ok ? 0 : err_fail("threshold '%s' is not set to a number by the rules", name);
}

/* Calls the id format registered as name with a table of the given fields
 * (pairs of key and value, ending in NULL) and seq. Returns 0 with *out a new
 * string the caller frees, 1 when the format returned nil (it can make no
 * ID from these fields), or -1. */
int host_format_id(struct host *h, const char *name, const char *const *fields, long seq,
                   char **out)
{
    lua_State *L = h->L;
    const char *id;
    char where[256];

    if (!push_registered(L, REG_IDS, name))
        return err_fail("no id_format named '%s' is registered by the rules", name);
    rule_where(L, where, sizeof where);
    lua_createtable(L, 0, 4);
    for (; fields[0]; fields += 2)
        host_set_text(L, fields[0], fields[1]);
    set_int(L, "seq", seq);
    if (sandbox_pcall(h, 1, 1, where))
        return err_prefix("id_format '%s': ", name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 1;
    }
    id = lua_tostring(L, -1);
    if (!id || !*id || strlen(id) > 64 || strpbrk(id, " \t\r\n")) {
        lua_pop(L, 1);
        return err_fail("%s: id_format '%s' must return a short text without spaces",
                        where, name);
    }
    *out = strdup(id);
    lua_pop(L, 1);
    return 0;
}

/* ---- trusted code: report scripts and the REPL ---- */

/* Runs a script file with the full library; arg holds its arguments. */
int host_run_file(struct host *h, const char *path, int argc, char **argv)
{
    lua_State *L = h->L;

    lua_createtable(L, argc, 1);
    lua_pushstring(L, path);
    lua_rawseti(L, -2, 0);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setglobal(L, "arg");

    if (luaL_loadfilex(L, path, "t") != LUA_OK) {
        err_fail("%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    for (int i = 0; i < argc; i++)
        lua_pushstring(L, argv[i]);
    return host_pcall(h, argc, 0);
}

int host_run_string(struct host *h, const char *chunk, const char *name)
{
    lua_State *L = h->L;

    if (luaL_loadbufferx(L, chunk, strlen(chunk), name, "t") != LUA_OK) {
        err_fail("%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    return host_pcall(h, 0, 0);
}
