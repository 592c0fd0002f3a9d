/* main.c -- runs the unit tests of qbrt as a single cmocka group.
 *
 *     build/unit                 every group
 *     build/unit date status     only the named groups
 *
 * With CMOCKA_MESSAGE_OUTPUT=TAP the output is one TAP stream with one plan,
 * which is what tests/unit.t hands to prove. The exit status is the number of
 * failed tests, or 2 for an unknown group name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static const struct unit_group *const groups[] = {
    &date_group,
    &model_group,
    &status_group,
    &ids_group,
    &eml_group,
};

#define NGROUPS (sizeof groups / sizeof groups[0])

/* Nonzero when group g was asked for on the command line, or none was. */
static int wanted(const struct unit_group *g, int argc, char **argv)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], g->name) == 0)
            return 1;
    return 0;
}

/* Refuses a name that matches no group, so a typo cannot pass as success. */
static int check_names(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t k = 0;

        while (k < NGROUPS && strcmp(argv[i], groups[k]->name) != 0)
            k++;
        if (k == NGROUPS) {
            fprintf(stderr, "unit: no test group '%s' (have date, model, status, ids, eml)\n",
                    argv[i]);
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct CMUnitTest *all;
    size_t n = 0, total = 0;
    int failed;

    if (check_names(argc, argv))
        return 2;
    for (size_t k = 0; k < NGROUPS; k++)
        total += groups[k]->count;
    all = malloc(total * sizeof *all);
    if (!all) {
        fprintf(stderr, "unit: out of memory\n");
        return 2;
    }
    for (size_t k = 0; k < NGROUPS; k++) {
        if (!wanted(groups[k], argc, argv))
            continue;
        memcpy(all + n, groups[k]->tests, groups[k]->count * sizeof *all);
        n += groups[k]->count;
    }
    failed = _cmocka_run_group_tests("unit", all, n, NULL, NULL);
    free(all);
    return failed;
}
