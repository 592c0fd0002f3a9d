/* err.c -- the last error of the run. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static char message[2048];
static enum err_kind kind = ERR_FAIL;

static int set(enum err_kind k, const char *fmt, va_list ap)
{
    vsnprintf(message, sizeof message, fmt, ap);
    kind = k;
    return -1;
}

int err_input(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set(ERR_INPUT, fmt, ap);
    va_end(ap);
    return -1;
}

int err_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set(ERR_FAIL, fmt, ap);
    va_end(ap);
    return -1;
}

/* Puts context in front of the recorded message; the kind is kept. */
int err_prefix(const char *fmt, ...)
{
    char head[512];
    size_t hl, ml = strlen(message);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    hl = strlen(head);
    if (hl + ml >= sizeof message)
        ml = sizeof message - hl - 1;
    memmove(message + hl, message, ml);
    memcpy(message, head, hl);
    message[hl + ml] = '\0';
    return -1;
}

const char *err_msg(void)
{
    return message[0] ? message : "unknown error";
}

enum err_kind err_code(void)
{
    return kind;
}

void err_clear(void)
{
    message[0] = '\0';
    kind = ERR_FAIL;
}
