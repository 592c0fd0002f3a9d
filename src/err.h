/* err.h -- the one error convention of qbrt: a failing function records a
 * message and a kind here and returns -1; callers may prefix context
 * ("actions.csv:14: "); only main prints the message and picks the exit code. */
#ifndef QBRT_ERR_H
#define QBRT_ERR_H

enum err_kind {
    ERR_FAIL = 1,           /* a failed check, rule or script: exit 1 */
    ERR_INPUT = 2           /* bad usage or bad input: exit 2 */
};

int err_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *err_msg(void);
enum err_kind err_code(void);
void err_clear(void);

#endif
