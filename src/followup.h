/* followup.h -- the data the follow-up templates see: a QBR with its goals,
 * actions (with their computed status), check-ins and dates, pushed as one
 * Lua table of copies, so a template can keep nothing of C's. */
#ifndef QBRT_FOLLOWUP_H
#define QBRT_FOLLOWUP_H

#include <stddef.h>

#include "model.h"

struct store;
struct host;

size_t followup_current(const struct qbr *q, size_t n);
int followup_current_qbrs(struct store *st, const char *customer, const char *csm,
                          struct qbr **q, size_t *n);
int followup_resolve(struct store *st, const char *arg, struct qbr *out);
int followup_cadence(struct host *h, struct store *st, const struct qbr *q, long *last,
                     long *next);
int followup_summary_hours(const struct qbr *q, long *hours, int *sent);
typedef struct lua_State lua_State;
void followup_push_qbr(lua_State *L, const struct qbr *q);
int followup_push(struct host *h, struct store *st, const struct qbr *q);

#endif
