/* luaapi.h -- the qbrt module that report scripts and the REPL see: queries
 * over QBRs, goals and actions with their computed status, and the clock. */
#ifndef QBRT_LUAAPI_H
#define QBRT_LUAAPI_H

struct store;
struct host;

void luaapi_open(struct host *h, struct store *st);

#endif
