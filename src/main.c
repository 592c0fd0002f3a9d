/* main.c -- global options and dispatch to the commands; nothing else. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "date.h"
#include "err.h"
#include "render.h"

static const char usage[] =
    "usage: qbrt [OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Tracks what was agreed at Quarterly Business Reviews until it is done.\n"
    "\n"
    "options (before the command):\n"
    "  --db FILE      database (env QBRT_DB; default $XDG_DATA_HOME/qbrt/qbrt.db)\n"
    "  --today DATE   the day reports are computed for (env QBRT_TODAY)\n"
    "  --now TIME     the time recorded for changes (env QBRT_NOW)\n"
    "  --as NAME      the author recorded in history (env QBRT_USER)\n"
    "  --team DIR     the team's rules/ and templates/ (env QBRT_TEAM;\n"
    "                 default $XDG_CONFIG_HOME/qbrt)\n"
    "  --no-team      load the built-in rules only\n"
    "  --trace        add the Lua traceback to errors\n"
    "  --version      print the version\n"
    "\n"
    "Run 'qbrt COMMAND --help' for a command's options.\n"
    "\n"
    "commands:\n";

static const struct cli_command commands[] = {
    {"init", cmd_init, "create the database"},
    {"qbr", cmd_qbr, "add, list, show or update QBRs"},
    {"goal", cmd_goal, "add, list or update a QBR's goals"},
    {"action", cmd_action, "add, list, show, update, complete, cancel ... actions"},
    {"checkin", cmd_checkin, "record and list check-ins with customers"},
    {"import", cmd_import, "import actions from a CSV file"},
    {"dashboard", cmd_dashboard, "the QBR Action Tracking Dashboard"},
    {"status", cmd_status, "every action with its computed status and reason"},
    {"email", cmd_email, "the summary, check-in and slip emails"},
    {"review", cmd_review, "the Monthly Action Review agenda"},
    {"prep", cmd_prep, "the Pre-QBR Action Review Checklist"},
    {"timeline", cmd_timeline, "a QBR's follow-up milestones: done, due or missed"},
    {"agenda", cmd_agenda, "what needs doing today and in the coming days"},
    {"health", cmd_health, "the follow-through anti-patterns the data shows"},
    {"run", cmd_run, "run a Lua report script"},
    {"eval", cmd_eval, "run a chunk of Lua"},
    {"repl", cmd_repl, "a Lua prompt on the qbrt module"},
    {NULL, NULL, NULL},
};

/* The usage text followed by the list of commands. */
static const char *full_usage(void)
{
    static char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "%s", usage);

    for (const struct cli_command *t = commands; t->name && n < sizeof text; t++)
        n += (size_t)snprintf(text + n, sizeof text - n, "  %-10s %s\n", t->name, t->summary);
    return text;
}

static const char *env_or(const char *value, const char *name)
{
    const char *e = getenv(name);

    return value ? value : (e && *e ? e : NULL);
}

static const char *default_db(void)
{
    static char path[4096];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

    if (xdg && *xdg)
        snprintf(path, sizeof path, "%s/qbrt/qbrt.db", xdg);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/.local/share/qbrt/qbrt.db", home);
    else
        return NULL;
    return path;
}

static const char *login_name(void)
{
    struct passwd *pw = getpwuid(getuid());

    return pw ? pw->pw_name : "unknown";
}

/* Fills the run's settings from options, then the environment, then the
 * defaults, and fixes the clock. */
static int settle(struct cli *c, const char *now, const char *today, int no_color)
{
    now = env_or(now, "QBRT_NOW");
    today = env_or(today, "QBRT_TODAY");
    if (now && date_set_now(now))
        return err_input("--now: '%s' is not a date and time (YYYY-MM-DD HH:MM)", now);
    if (today && date_set_today(today))
        return err_input("--today: '%s' is not a calendar date (YYYY-MM-DD)", today);
    c->db_path = env_or(c->db_path, "QBRT_DB");
    if (!c->db_path && !(c->db_path = default_db()))
        return err_input("no database: set HOME or XDG_DATA_HOME, or give --db");
    if (!*c->db_path)
        return err_input("--db: the database path is empty");
    c->team = env_or(c->team, "QBRT_TEAM");
    c->author = env_or(c->author, "QBRT_USER");
    if (!c->author)
        c->author = login_name();
    if (!*c->author)
        return err_input("--as: the author's name is empty");
    c->color = !no_color && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    return 0;
}

/* Global options come before the command word. */
static int run(int argc, char **argv, struct cli *c)
{
    const char *now = NULL, *today = NULL;
    int version = 0, no_color = 0, i;
    const struct cli_opt opts[] = {
        CLI_VALUE("db", &c->db_path), CLI_VALUE("today", &today), CLI_VALUE("now", &now),
        CLI_VALUE("as", &c->author), CLI_VALUE("team", &c->team), CLI_FLAG("no-team", &c->no_team),
        CLI_FLAG("trace", &c->trace), CLI_FLAG("version", &version),
        CLI_FLAG("no-color", &no_color), CLI_END,
    };
    int rc;

    argv[0] = "";
    rc = cli_parse_globals(argc, argv, opts, full_usage(), &i);
    if (rc)
        return rc == CLI_HELP ? 0 : -1;
    if (version) {
        printf("qbrt %s\n", QBRT_VERSION);
        return 0;
    }
    if (i == argc) {
        fputs(full_usage(), stderr);
        return err_input("which command? (see the list above)");
    }
    if (strcmp(argv[i], "help") == 0 && i + 1 == argc) {
        fputs(full_usage(), stdout);
        return 0;
    }
    if (settle(c, now, today, no_color))
        return -1;
    return cli_dispatch(c, commands, NULL, argc - i, argv + i);
}

int main(int argc, char **argv)
{
    struct cli c = {0};
    int rc;

    render_init();
    rc = run(argc, argv, &c);

    cli_close(&c);
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc >= 0)
        rc = err_fail("cannot write the output: %s", strerror(errno));
    if (rc < 0) {
        fprintf(stderr, "qbrt: %s\n", err_msg());
        return (int)err_code();
    }
    return rc;
}
