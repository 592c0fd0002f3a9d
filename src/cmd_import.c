/* cmd_import.c -- qbrt import: placeholder until io_csv lands. */
#include "cmd.h"
#include "err.h"

int cmd_import(struct cli *c, int argc, char **argv)
{
    (void)c, (void)argc, (void)argv;
    return err_input("import: not built yet");
}
