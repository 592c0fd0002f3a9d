/* unit.h -- the groups of unit tests that tests/unit/main.c runs as one
 * cmocka group, so that the TAP output has exactly one plan. */
#ifndef QBRT_UNIT_H
#define QBRT_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

struct unit_group {
    const char *name;
    const struct CMUnitTest *tests;
    size_t count;
};

#define UNIT_GROUP(gname, array) \
    const struct unit_group gname##_group = { \
        #gname, array, sizeof(array) / sizeof(array)[0] \
    }

extern const struct unit_group date_group;
extern const struct unit_group model_group;
extern const struct unit_group status_group;
extern const struct unit_group ids_group;
extern const struct unit_group eml_group;

#endif
