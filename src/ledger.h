/* ledger.h -- the validated writes of qbrt: every QBR, goal and action that
 * enters the store passes these checks, gets its ID from the Lua id formats
 * and leaves its trace in the action's history. Callers hold the transaction. */
#ifndef QBRT_LEDGER_H
#define QBRT_LEDGER_H

#include "model.h"

struct store;
struct host;

#define LEDGER_TEXT_MAX 20000      /* bytes in one stored text field */

int ledger_check_text(const char *field, const char *value);
int ledger_check_date(const char *field, const char *value);
int ledger_check_datetime(const char *field, const char *value);
int ledger_quarter(const char *text, char *out);
int ledger_customer_key(struct host *h, const char *customer, char **key);
int ledger_qbr_add(struct store *st, struct host *h, struct qbr *q, const char *key);
int ledger_qbr_check(const struct qbr *q);
int ledger_action_add(struct store *st, struct host *h, struct action *a);
int ledger_action_save(struct store *st, const struct action *old, struct action *a,
                       const char *reason);

#endif
