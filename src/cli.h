/* cli.h -- what every command shares: the global options of a run, the
 * database and Lua host opened on first use, option parsing and sub-command
 * tables. */
#ifndef QBRT_CLI_H
#define QBRT_CLI_H

struct store;
struct host;

struct cli {
    const char *db_path;
    const char *team;
    int no_team;
    int trace;
    int color;              /* colour the terminal output */
    const char *author;
    struct store *st;
    struct host *h;
};

/* The values of an option that may be given more than once, in order. */
struct cli_list {
    const char **items;
    int n;
};

/* One option of a command: --name VALUE sets *value, --name alone sets *flag,
 * and with list each --name VALUE adds an item. */
struct cli_opt {
    const char *name;
    const char **value;
    int *flag;
    struct cli_list *list;
};

#define CLI_VALUE(name, ptr) {name, ptr, NULL, NULL}
#define CLI_FLAG(name, ptr) {name, NULL, ptr, NULL}
#define CLI_LIST(name, ptr) {name, NULL, NULL, ptr}
#define CLI_END {NULL, NULL, NULL, NULL}

/* A command of a table: run returns 0, 1 when a check found problems, or -1
 * with err set. */
struct cli_command {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
    const char *summary;
};

#define CLI_HELP 1          /* cli_parse printed --help: the command is done */

int cli_parse(int argc, char **argv, const struct cli_opt *opts, const char *usage,
              char ***args, int *nargs);
int cli_parse_globals(int argc, char **argv, const struct cli_opt *opts, const char *usage,
                      int *command);
int cli_dispatch(struct cli *c, const struct cli_command *table, const char *group,
                 int argc, char **argv);
int cli_store(struct cli *c, int create, struct store **out);
int cli_host(struct cli *c, struct host **out);
void cli_close(struct cli *c);
const char *cli_usage_line(const char *usage);
void cli_take(char **field, const char *value);
void cli_take_list(char **field, const struct cli_list *list);
const char *cli_builtin_dir(void);

#endif
