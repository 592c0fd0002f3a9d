/* store.h -- the only place that speaks SQL: opens and migrates the SQLite
 * database, runs every write inside BEGIN IMMEDIATE, and reads and writes the
 * model's rows. Functions return 0 on success, -1 with err set; getters return
 * 1 when the row does not exist. */
#ifndef QBRT_STORE_H
#define QBRT_STORE_H

#include <stddef.h>

#include "model.h"

struct store;

enum { STORE_MUST_EXIST = 0, STORE_CREATE = 1 };

struct action_filter {
    const char *qbr;        /* QBR id */
    const char *customer;   /* customer name or key, any case */
    const char *owner;
    const char *csm;
    int side;               /* -1 for both, else enum side */
};

int store_open(const char *path, int mode, struct store **out);
void store_close(struct store *st);
int store_schema_version(struct store *st);
void store_set_author(struct store *st, const char *author);

int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
int store_finish(struct store *st, int rc);

int store_qbr_insert(struct store *st, const struct qbr *q, const char *customer_key);
int store_qbr_update(struct store *st, const struct qbr *q);
int store_qbr_delete(struct store *st, const char *id);
int store_qbr_get(struct store *st, const char *id, struct qbr *out);
int store_qbr_find(struct store *st, const char *customer, const char *quarter, struct qbr *out);
int store_qbr_list(struct store *st, const char *customer, const char *csm,
                   struct qbr **out, size_t *n);
int store_customer_known(struct store *st, const char *customer);

int store_goal_insert(struct store *st, const char *qbr, const char *text,
                      const char *criterion, int *num);
int store_goal_update(struct store *st, const struct goal *g);
int store_goal_find(struct store *st, const char *qbr, const char *text, int *num);
int store_goal_list(struct store *st, const char *qbr, struct goal **out, size_t *n);

int store_action_next_seq(struct store *st, const char *quarter, long *seq);
int store_action_exists(struct store *st, const char *id);
int store_action_insert(struct store *st, const struct action *a);
int store_action_update(struct store *st, const struct action *a);
int store_action_delete(struct store *st, const char *id);
int store_action_get(struct store *st, const char *id, struct action *out);
int store_action_list(struct store *st, const struct action_filter *f,
                      struct action **out, size_t *n);

int store_event_add(struct store *st, const char *action, const char *kind,
                    const char *old_value, const char *new_value, const char *reason);
int store_event_list(struct store *st, const char *action, struct event **out, size_t *n);

int store_customer_key(struct store *st, const char *customer, char **key);
int store_checkin_insert(struct store *st, const struct checkin *c, long *id);
int store_checkin_update(struct store *st, const struct checkin *c);
int store_checkin_get(struct store *st, long id, struct checkin *out);
int store_checkin_list(struct store *st, const char *customer, const char *kind,
                       struct checkin **out, size_t *n);
int store_last_review(struct store *st, const char *qbr, const char *until, char **date);

void store_free_qbrs(struct qbr *q, size_t n);
void store_free_goals(struct goal *g, size_t n);
void store_free_actions(struct action *a, size_t n);
void store_free_events(struct event *e, size_t n);
void store_free_checkins(struct checkin *c, size_t n);

#endif
