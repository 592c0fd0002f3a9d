/* cmd.h -- the handlers of qbrt's commands, one file per group. Each takes
 * its own argv (argv[0] is the command name) and returns 0, 1 when a check
 * found problems, or -1 with err set. */
#ifndef QBRT_CMD_H
#define QBRT_CMD_H

#include "cli.h"

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_qbr(struct cli *c, int argc, char **argv);
int cmd_goal(struct cli *c, int argc, char **argv);
int cmd_action(struct cli *c, int argc, char **argv);
int cmd_checkin(struct cli *c, int argc, char **argv);
int cmd_email(struct cli *c, int argc, char **argv);
int cmd_review(struct cli *c, int argc, char **argv);
int cmd_prep(struct cli *c, int argc, char **argv);
int cmd_timeline(struct cli *c, int argc, char **argv);
int cmd_agenda(struct cli *c, int argc, char **argv);
int cmd_health(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_dashboard(struct cli *c, int argc, char **argv);
int cmd_status(struct cli *c, int argc, char **argv);
int cmd_run(struct cli *c, int argc, char **argv);
int cmd_eval(struct cli *c, int argc, char **argv);
int cmd_repl(struct cli *c, int argc, char **argv);

#endif
