/* cmd_import.c -- qbrt import FILE.csv. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "err.h"
#include "io_csv.h"

int cmd_import(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "usage: qbrt import FILE.csv\n\n"
        "Imports actions, and the QBRs and goals they name, from a UTF-8 CSV file\n"
        "with a header row. Columns, in any order: id, qbr, customer, quarter, side,\n"
        "action, owner, due_date, original_due_date, status, completed_on, outcome,\n"
        "notes, goal, done_when, carried_from. Required: action, owner, due_date, and\n"
        "qbr or customer and quarter (a new QBR is created). goal is a goal's number\n"
        "or its text (created if new); status At Risk or Overdue is stored as In\n"
        "Progress and computed again; carried_from names an existing action or one\n"
        "on an earlier line.\n\n"
        "The QBR's own fields may come as columns too: held_at, champion,\n"
        "champion_email, csm, csm_email, summary_sent_at, next_qbr_on, debriefed_on,\n"
        "takeaways, value_delivered, roi, next_steps, resources. The four lists take\n"
        "one item per line in the cell. An empty cell leaves a field as it is; a\n"
        "value replaces the one stored; rows of one QBR must not give two values.\n\n"
        "Every row is checked first; one bad row and nothing is imported.\n";
    struct store *st;
    struct host *h;
    size_t n = 0;
    char **args;
    int nargs, rc = cli_parse(argc, argv, NULL, usage, &args, &nargs);

    if (rc == 0 && nargs != 1)
        rc = err_input("import: give one CSV file; %s", cli_usage_line(usage));
    if (rc == 0 && (cli_store(c, 1, &st) || cli_host(c, &h)))
        rc = -1;
    if (rc == 0)
        rc = io_csv_import(st, h, args[0], &n);
    if (rc == 0)
        printf("imported %zu action%s from %s\n", n, n == 1 ? "" : "s", args[0]);
    free(args);
    return rc == CLI_HELP ? 0 : rc;
}
