/* status.h -- an action's status: the facts the core computes (days to due,
 * days overdue, days since the last update), the built-in status in C, then
 * the team's Lua rules, which alone can say At Risk. */
#ifndef QBRT_STATUS_H
#define QBRT_STATUS_H

#include "model.h"

struct host;

#define STATUS_REASON_LEN 200

struct action_status {
    enum status status;
    char reason[STATUS_REASON_LEN];
    long days_to_due;           /* due date minus today; negative when past */
    long days_overdue;          /* today minus due date when past, else 0 */
    long days_since_update;     /* today minus the date of the last change */
};

int status_builtin(const struct action *a, long today, struct action_status *out);
int status_compute(struct host *h, const struct action *a, long today,
                   struct action_status *out);
int status_is_open(enum status s);

#endif
