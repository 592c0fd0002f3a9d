/* cli.c -- option parsing, dispatch and the resources of a run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "host.h"
#include "store.h"

static const struct cli_opt *find_opt(const struct cli_opt *opts, const char *name,
                                      size_t len)
{
    for (; opts && opts->name; opts++)
        if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
            return opts;
    return NULL;
}

/* The options that go before the command, for a hint when one comes after. */
static int is_global(const char *name, size_t len)
{
    static const char *const globals[] = {"db", "today", "now", "as", "team", "no-team",
                                          "trace", NULL};

    for (const char *const *g = globals; *g; g++)
        if (strlen(*g) == len && strncmp(*g, name, len) == 0)
            return 1;
    return 0;
}

static int unknown_option(char **argv, const char *a, const char *usage)
{
    const char *who = argv[0], *sep = *argv[0] ? ": " : "";
    size_t len = strcspn(a + 2, "=");

    if (*who && a[1] == '-' && is_global(a + 2, len))
        return err_input("%s: '%.*s' goes before the command: qbrt %.*s ... %s", who,
                         (int)len + 2, a, (int)len + 2, a, who);
    return err_input("%s%sunknown option '%s'; %s", who, sep, a, cli_usage_line(usage));
}

/* Sets option o from "--name=value", "--name value" or the flag. Returns the
 * number of extra arguments used (0 or 1), or -1. A value may not look like
 * an option: "--owner --due 2024-03-01" lost the owner, it did not name one
 * "--due". */
static int set_option(char **argv, int i, int argc, const struct cli_opt *o, const char *eq)
{
    const char *who = argv[0], *sep = *argv[0] ? ": " : "";

    if (o->flag) {
        if (eq)
            return err_input("%s%soption --%s takes no value", who, sep, o->name);
        *o->flag = 1;
        return 0;
    }
    if (!eq && (i + 1 >= argc
                || (argv[i + 1][0] == '-' && argv[i + 1][1] == '-' && argv[i + 1][2])))
        return err_input("%s%soption --%s needs a value", who, sep, o->name);
    if (o->list) {
        o->list->items = realloc(o->list->items, (size_t)(o->list->n + 1) * sizeof (char *));
        o->list->items[o->list->n++] = eq ? eq + 1 : argv[i + 1];
    } else {
        *o->value = eq ? eq + 1 : argv[i + 1];
    }
    return eq ? 0 : 1;
}

/* Parses argv[1..] against opts. With stop, parsing ends at the first word
 * that is not an option and *nargs is its index (the command); otherwise
 * options and arguments may mix and *args collects the arguments. */
static int parse(int argc, char **argv, const struct cli_opt *opts, const char *usage,
                 char **args, int *nargs, int stop)
{
    unsigned long long seen = 0;
    int only_args = 0;

    *nargs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *eq;
        const struct cli_opt *o;
        int used;

        if (only_args || a[0] != '-' || a[1] == '\0') {
            if (stop) {
                *nargs = i;
                return 0;
            }
            args[(*nargs)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0) {
            printf("%s", usage);
            return CLI_HELP;
        }
        eq = a[1] == '-' ? strchr(a, '=') : NULL;
        o = a[1] == '-' ? find_opt(opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2))
                        : NULL;
        if (!o)
            return unknown_option(argv, a, usage);
        if (!o->list && (seen & (1ULL << (o - opts))))
            return err_input("%s%soption --%s is given twice", argv[0], *argv[0] ? ": " : "",
                             o->name);
        seen |= 1ULL << (o - opts);
        if ((used = set_option(argv, i, argc, o, eq)) < 0)
            return -1;
        i += used;
    }
    if (stop)
        *nargs = argc;
    return 0;
}

/* Parses a command's argv[1..] against opts; argv[0] names the command in
 * errors. Options and arguments may mix; "--" ends the options; an option
 * given twice is an error. *args points into argv (a new array the caller
 * frees). Returns 0, CLI_HELP after printing usage, or -1. */
int cli_parse(int argc, char **argv, const struct cli_opt *opts, const char *usage,
              char ***args, int *nargs)
{
    *args = calloc((size_t)argc + 1, sizeof **args);
    return parse(argc, argv, opts, usage, *args, nargs, 0);
}

/* Parses the options before the command; *command is the index of the
 * command word, argc when there is none. */
int cli_parse_globals(int argc, char **argv, const struct cli_opt *opts, const char *usage,
                      int *command)
{
    return parse(argc, argv, opts, usage, NULL, command, 1);
}

static void print_table(FILE *out, const struct cli_command *table, const char *group)
{
    fprintf(out, "usage: qbrt %s%sCOMMAND [OPTIONS]\n\ncommands:\n", group ? group : "",
            group ? " " : "");
    for (; table->name; table++)
        fprintf(out, "  %-10s %s\n", table->name, table->summary);
}

/* Runs the command named by argv[0] from the table. */
int cli_dispatch(struct cli *c, const struct cli_command *table, const char *group,
                 int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        print_table(argc < 1 ? stderr : stdout, table, group);
        return argc < 1 ? err_input("%s: which command?", group ? group : "qbrt") : 0;
    }
    for (const struct cli_command *t = table; t->name; t++) {
        static char name[64];

        if (strcmp(t->name, argv[0]) != 0)
            continue;
        if (group) {            /* errors then say "action add", not "add" */
            snprintf(name, sizeof name, "%s %s", group, t->name);
            argv[0] = name;
        }
        return t->run(c, argc, argv);
    }
    return err_input("%s%s'%s' is not a command; see qbrt %s%s--help", group ? group : "",
                     group ? ": " : "", argv[0], group ? group : "", group ? " " : "");
}

int cli_store(struct cli *c, int create, struct store **out)
{
    if (!c->st) {
        if (store_open(c->db_path, create ? STORE_CREATE : STORE_MUST_EXIST, &c->st))
            return -1;
        store_set_author(c->st, c->author);
    }
    *out = c->st;
    return 0;
}

/* Where the built-in rules/ and templates/ are: beside the binary when it
 * runs from the source tree, else under the install prefix. */
const char *cli_builtin_dir(void)
{
    static char dir[4096];
    char probe[4200];
    ssize_t n;

    if (dir[0])
        return dir;
    n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n > 0) {
        dir[n] = '\0';
        *strrchr(dir, '/') = '\0';
        snprintf(probe, sizeof probe, "%s/rules/status.lua", dir);
        if (access(probe, R_OK) == 0)
            return dir;
    }
    snprintf(dir, sizeof dir, "%s", QBRT_DATADIR);
    return dir;
}

/* The team directory's sub-directory sub: --team, QBRT_TEAM, else
 * $XDG_CONFIG_HOME/qbrt. Only a directory named on purpose must exist. */
static int team_dir(struct cli *c, const char *sub, char *out, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    struct stat sb;

    if (c->team && *c->team) {
        if (stat(c->team, &sb) != 0)
            return err_input("team directory %s: not found", c->team);
        if (!S_ISDIR(sb.st_mode))
            return err_input("team directory %s: not a directory", c->team);
        snprintf(out, size, "%s/%s", c->team, sub);
    } else if (xdg && *xdg) {
        snprintf(out, size, "%s/qbrt/%s", xdg, sub);
    } else {
        snprintf(out, size, "%s/.config/qbrt/%s", home ? home : ".", sub);
    }
    return 0;
}

/* Loads the built-in files of sub (rules/ or templates/), then the team's. */
static int load_dirs(struct cli *c, const char *sub)
{
    char dir[4200];

    snprintf(dir, sizeof dir, "%s/%s", cli_builtin_dir(), sub);
    if (host_load_rules_dir(c->h, dir))
        return -1;
    if (c->no_team)
        return 0;
    return team_dir(c, sub, dir, sizeof dir) || host_load_rules_dir(c->h, dir) ? -1 : 0;
}

/* The Lua host with the built-in rules and templates, then the team's. */
int cli_host(struct cli *c, struct host **out)
{
    char probe[4200];

    if (!c->h) {
        if (host_open(&c->h, c->trace))
            return -1;
        snprintf(probe, sizeof probe, "%s/rules/status.lua", cli_builtin_dir());
        if (access(probe, R_OK) != 0)
            return err_fail("the built-in rules are not at %s/rules; reinstall qbrt, or build "
                            "it with the PREFIX it is installed under", cli_builtin_dir());
        if (load_dirs(c, "rules") || load_dirs(c, "templates"))
            return -1;
    }
    *out = c->h;
    return 0;
}

void cli_close(struct cli *c)
{
    host_close(c->h);
    store_close(c->st);
    c->h = NULL, c->st = NULL;
}

/* Replaces *field with a copy of value when the option was given; an empty
 * value clears the field. */
void cli_take(char **field, const char *value)
{
    if (!value)
        return;
    free(*field);
    *field = *value ? strdup(value) : NULL;
}

/* The first line of a usage text ("usage: qbrt ..."), for one-line errors. */
const char *cli_usage_line(const char *usage)
{
    static char line[256];
    size_t n = strcspn(usage, "\n");

    if (n >= sizeof line)
        n = sizeof line - 1;
    memcpy(line, usage, n);
    line[n] = '\0';
    return line;
}

/* Replaces *field with the list's items, one a line, when the option was
 * given; empty items are left out, so a single empty item clears it. */
void cli_take_list(char **field, const struct cli_list *list)
{
    size_t len = 1;

    if (list->n == 0)
        return;
    free(*field);
    *field = NULL;
    for (int i = 0; i < list->n; i++)
        len += strlen(list->items[i]) + 1;
    *field = malloc(len);
    (*field)[0] = '\0';
    for (int i = 0; i < list->n; i++)      /* empty items drop out */
        if (*list->items[i])
            strcat(strcat(*field, (*field)[0] ? "\n" : ""), list->items[i]);
    if (!(*field)[0]) {
        free(*field);
        *field = NULL;
    }
}
