/* render.h -- tables for people and programs: aligned terminal text with each
 * status in its colour, Markdown and CSV. A table is built row by row, then
 * written once; the table owns copies of everything added. */
#ifndef QBRT_RENDER_H
#define QBRT_RENDER_H

#include <stdio.h>

#include "model.h"

enum render_format { FMT_TEXT, FMT_MD, FMT_JSON, FMT_CSV };

struct table;

void render_init(void);
int render_format_parse(const char *text, int allowed, enum render_format *out);
struct table *render_table_new(int ncols, const char *const *headers);
void render_table_row(struct table *t, const char *const *cells, int status);
void render_table_color_column(struct table *t, int col);
void render_table_write(FILE *out, const struct table *t, enum render_format fmt, int color);
void render_table_free(struct table *t);
const char *render_status_color(enum status s);
void render_heading(FILE *out, int level, const char *text, enum render_format fmt);

#define RENDER_ALLOW(f) (1 << (f))

#endif
