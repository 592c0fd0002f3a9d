/* host.h -- the Lua state of a run. Rules and templates load into a sandbox
 * (no io, os, package, debug, bytecode; an instruction budget and a memory
 * cap); report scripts and the REPL run trusted with the full library and lfs.
 * Every failure carries the file and line of the Lua code that caused it. */
#ifndef QBRT_HOST_H
#define QBRT_HOST_H

#include <stddef.h>

#include "model.h"
#include "status.h"

typedef struct lua_State lua_State;
struct host;

#define HOST_INSTRUCTION_BUDGET 20000000L   /* per rule call or file load */
#define HOST_MEMORY_CAP (64u << 20)         /* bytes a sandboxed call may add */
#define HOST_TIME_LIMIT 3                   /* seconds, for what the budget misses */

int host_open(struct host **out, int trace);
void host_close(struct host *h);
lua_State *host_lua(struct host *h);

int host_load_rules_dir(struct host *h, const char *dir);
int host_apply_rules(struct host *h, const struct action *a, struct action_status *st);
int host_threshold(struct host *h, const char *name, double *out);
int host_format_id(struct host *h, const char *name, const char *const *fields, long seq,
                   char **out);

void host_set_text(lua_State *L, const char *field, const char *value);
void host_push_action(lua_State *L, const struct action *a,
                      const struct action_status *st);
/* A step of the follow-up timeline, judged from the data. */
struct milestone {
    char *name, *label;
    long day;               /* due this many days after the QBR */
    int agenda;             /* shown by qbrt agenda */
    char *done_on;          /* the date it was done, or NULL */
    char *due_on;           /* a date that overrides day, or NULL */
};

int host_milestones(struct host *h, struct milestone **out, size_t *n);
void host_free_milestones(struct milestone *m, size_t n);
int host_render(struct host *h, const char *name, char **title, char **body);
int host_pcall(struct host *h, int nargs, int nresults);
int host_run_file(struct host *h, const char *path, int argc, char **argv);
int host_run_string(struct host *h, const char *chunk, const char *name);

#endif
