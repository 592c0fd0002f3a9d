/* io_csv.h -- actions in from the CSV a CSM keeps in a spreadsheet, with the
 * QBR details its columns may carry. The file is read whole with libcsv (RFC
 * 4180), every row is checked before anything is written, and the import is
 * one transaction: one bad row, nothing in. */
#ifndef QBRT_IO_CSV_H
#define QBRT_IO_CSV_H

#include <stddef.h>

struct store;
struct host;

/* A parsed file: rows of fields, each row with the line it starts on. */
struct csv_rows {
    char ***cells;          /* cells[r][c], NUL-terminated */
    unsigned char **nul;    /* nul[r][c]: the field held a NUL byte, so its string
                             * stops early; the import reports it */
    size_t *ncells;
    size_t *line;
    size_t n, cap;
};

int io_csv_read(const char *path, struct csv_rows *out);
void io_csv_free(struct csv_rows *rows);
int io_csv_import(struct store *st, struct host *h, const char *path, size_t *imported);

#endif
