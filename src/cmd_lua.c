/* cmd_lua.c -- report scripts, one-off chunks and the REPL: trusted Lua with
 * the full standard library, lfs and the qbrt module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "cmd.h"
#include "err.h"
#include "host.h"
#include "luaapi.h"

static int open_lua(struct cli *c, struct host **h)
{
    struct store *st;

    if (cli_store(c, 0, &st) || cli_host(c, h))
        return -1;
    luaapi_open(*h, st);
    return 0;
}

int cmd_run(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt run FILE.lua [ARGS]\n\n"
        "Runs a report script; its arguments are in arg[1], arg[2] ...\n";
    struct host *h;

    if (argc < 2)
        return err_input("run: which script?; %s", cli_usage_line(usage));
    if (strcmp(argv[1], "--help") == 0) {
        printf("%s", usage);
        return 0;
    }
    if (access(argv[1], R_OK) != 0)
        return err_input("run: %s: cannot read the script", argv[1]);
    if (open_lua(c, &h))
        return -1;
    return host_run_file(h, argv[1], argc - 2, argv + 2);
}

/* Prints the values a chunk returned, tab-separated, one call per line. */
static void print_results(lua_State *L, int base)
{
    int top = lua_gettop(L);

    for (int i = base; i <= top; i++) {
        if (i > base)
            fputc('\t', stdout);
        fputs(luaL_tolstring(L, i, NULL), stdout);
        lua_pop(L, 1);
    }
    if (top >= base)
        fputc('\n', stdout);
    lua_settop(L, base - 1);
}

/* Compiles text as an expression to print if it is one, else as
 * statements. Returns the lua_load status; the chunk or message is pushed. */
static int compile(lua_State *L, const char *text, const char *name)
{
    lua_pushfstring(L, "return %s;", text);
    if (luaL_loadbufferx(L, lua_tostring(L, -1), lua_rawlen(L, -1), name, "t") == LUA_OK) {
        lua_remove(L, -2);
        return LUA_OK;
    }
    lua_pop(L, 2);
    return luaL_loadbufferx(L, text, strlen(text), name, "t");
}

/* Compiles and runs one chunk, printing what it returns. */
static int evaluate(struct host *h, const char *text, const char *name)
{
    lua_State *L = host_lua(h);
    int base = lua_gettop(L) + 1;

    if (compile(L, text, name) != LUA_OK) {
        err_fail("%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    if (host_pcall(h, 0, LUA_MULTRET))
        return -1;
    print_results(L, base);
    return 0;
}

int cmd_eval(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt eval 'CHUNK'\n\n"
        "Runs Lua with the qbrt module; an expression's value is printed.\n";
    struct host *h;

    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("%s", usage);
        return 0;
    }
    if (argc != 2)
        return err_input("eval: give one chunk of Lua; %s", cli_usage_line(usage));
    if (open_lua(c, &h))
        return -1;
    return evaluate(h, argv[1], "=eval");
}

/* True when the chunk so far only lacks its end: more lines may finish it. */
static int incomplete(lua_State *L, const char *text)
{
    static const char mark[] = "<eof>";
    int status = compile(L, text, "=stdin");
    const char *msg = lua_tostring(L, -1);
    size_t len = msg ? strlen(msg) : 0;
    int more = status == LUA_ERRSYNTAX && len >= sizeof mark - 1
               && strcmp(msg + len - (sizeof mark - 1), mark) == 0;

    lua_pop(L, 1);
    return more;
}

int cmd_repl(struct cli *c, int argc, char **argv)
{
    int prompt = isatty(STDIN_FILENO), failed = 0;
    struct host *h;
    char line[4096];
    size_t cap = 0, len = 0;
    char *chunk = NULL;

    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: qbrt repl\n\nA Lua prompt with the qbrt module. An expression's "
               "value is printed.\n");
        return 0;
    }
    if (open_lua(c, &h))
        return -1;
    for (;;) {
        if (prompt)
            fputs(len ? ">> " : "qbrt> ", stdout), fflush(stdout);
        if (!fgets(line, sizeof line, stdin))
            break;
        if (len + strlen(line) + 1 > cap) {
            cap = (len + strlen(line) + 1) * 2;
            chunk = realloc(chunk, cap);
        }
        memcpy(chunk + len, line, strlen(line) + 1);
        len += strlen(line);
        if (incomplete(host_lua(h), chunk))
            continue;
        if (evaluate(h, chunk, "=stdin")) {
            fprintf(stderr, "%s\n", err_msg());
            failed = 1;
        }
        len = 0;
    }
    if (len) {
        fprintf(stderr, "qbrt: stdin: the input ends inside an unfinished statement\n");
        failed = 1;
    }
    free(chunk);
    if (prompt)
        fputc('\n', stdout);
    return failed && !prompt ? err_fail("repl: a chunk failed") : 0;
}
