/* model.h -- the plain C types of qbrt: QBRs, goals, actions and their status.
 * Strings in these structs are owned by the struct and freed by the matching
 * *_free function; an unset optional field is NULL. */
#ifndef QBRT_MODEL_H
#define QBRT_MODEL_H

/* The seven statuses of an action, in the order the dashboard lists them.
 * Only NOT_STARTED, IN_PROGRESS, BLOCKED, COMPLETE and CANCELLED are stored;
 * AT_RISK and OVERDUE are computed. */
enum status {
    ST_COMPLETE,
    ST_IN_PROGRESS,
    ST_BLOCKED,
    ST_AT_RISK,
    ST_OVERDUE,
    ST_NOT_STARTED,
    ST_CANCELLED,
    ST_COUNT
};

enum side { SIDE_CUSTOMER, SIDE_VENDOR };

struct qbr {
    char *id;               /* ACME-2024Q1 */
    char *customer;         /* Acme Corp */
    char *quarter;          /* 2024Q1 */
    char *held_at;          /* YYYY-MM-DD or YYYY-MM-DD HH:MM */
    char *champion, *champion_email;
    char *csm, *csm_email;
    char *summary_sent_at;
    char *next_qbr_on;
    char *debriefed_on;     /* the internal debrief */
    char *takeaways;        /* lists: one item a line */
    char *value_delivered;  /* "Achievement: impact" a line */
    char *roi;              /* "240%" */
    char *next_steps;
    char *resources;
};

struct goal {
    char *qbr;
    int num;                /* 1, 2, 3 within its QBR */
    char *text;
    char *success_criterion;
};

struct action {
    char *id;               /* QBR-2024Q1-003 */
    long seq;               /* the number in the id, for ordering */
    char *qbr;
    char *customer;         /* the QBR's customer, read with the action */
    int goal;               /* goal number within the QBR, 0 when none */
    enum side side;
    char *action, *owner;
    char *due_date, *original_due_date;
    enum status state;      /* stored state */
    char *notes, *done_when, *completed_on, *outcome, *carried_from;
    char *created_at, *updated_at;
    char *last_event_at;    /* time of the latest history event */
};

/* One entry of an action's append-only history. */
struct event {
    char *action;
    char *at, *author;
    char *kind;             /* created, state, due, note, edit */
    char *old_value, *new_value, *reason;
};

/* A conversation with the customer about the actions. */
struct checkin {
    long id;
    char *customer_key;
    char *customer;         /* the name, read with the check-in */
    char *held_on;          /* YYYY-MM-DD */
    char *with_whom;
    char *kind;             /* progress, review or prep */
    char *notes;
};

int model_checkin_kind_valid(const char *kind);

const char *model_status_label(enum status s);
int model_status_parse(const char *label, enum status *out);
int model_status_is_stored(enum status s);
const char *model_side_label(enum side s);
int model_side_parse(const char *text, enum side *out);

void model_qbr_free(struct qbr *q);
void model_goal_free(struct goal *g);
void model_action_free(struct action *a);
void model_event_free(struct event *e);
void model_checkin_free(struct checkin *c);

#endif
