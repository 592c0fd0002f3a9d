/* report.h -- what the CSM reads: every action with its computed status, and
 * the QBR Action Tracking Dashboard (status counts, overdue, at risk and
 * recently completed items), as text, Markdown or JSON. */
#ifndef QBRT_REPORT_H
#define QBRT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "render.h"
#include "status.h"
#include "store.h"

/* The actions of a scope, each with its computed status. */
struct report_set {
    struct action *actions;
    struct action_status *status;
    size_t n;
};

int report_collect(struct store *st, struct host *h, const struct action_filter *f,
                   long today, struct report_set *out);
void report_set_free(struct report_set *s);

/* What a dashboard covers: a title, and the date "completed since" counts
 * from: since when given, else per QBR the last review check-in, else the
 * QBR's own date. */
struct dashboard_scope {
    const char *title;
    const char *subtitle;
    const char *since;
    struct qbr *qbrs;       /* the QBRs in scope */
    char **last_review;     /* per QBR, the date of its last review or NULL */
    size_t nqbrs;
};

int report_dashboard(FILE *out, const struct report_set *s, const struct dashboard_scope *scope,
                     enum render_format fmt, int color);
int report_status(FILE *out, const struct report_set *s, enum render_format fmt, int color);

#endif
