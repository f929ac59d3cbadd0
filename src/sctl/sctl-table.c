/* sctl-table.c — see sctl-table.h. */
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "sctl-table.h"

void sctl_table_init(SctlTable *t, size_t n_columns) {
        *t = (SctlTable){ .n_columns = n_columns };
}

void sctl_table_done(SctlTable *t) {
        for (size_t i = 0; i < t->n_cells; i++)
                free(t->cells[i]);
        free(t->cells);
        *t = (SctlTable){};
}

int sctl_table_add_row(SctlTable *t, const char *const *cells) {
        if (t->n_cells + t->n_columns > t->allocated) {
                size_t na = MAX(t->allocated * 2, t->n_cells + t->n_columns + 64);
                char **n = realloc(t->cells, na * sizeof(char *));
                if (!n)
                        return -ENOMEM;
                t->cells = n;
                t->allocated = na;
        }
        for (size_t i = 0; i < t->n_columns; i++) {
                char *c = strdup(cells[i] ?: "");
                if (!c)
                        return -ENOMEM;
                t->cells[t->n_cells++] = c;
        }
        return 0;
}

size_t sctl_table_rows(const SctlTable *t) {
        return t->n_columns ? t->n_cells / t->n_columns : 0;
}

/* characters, not bytes: continuation bytes of UTF-8 do not count */
static size_t width(const char *s) {
        size_t w = 0;
        for (; *s; s++)
                if (((unsigned char) *s & 0xc0) != 0x80)
                        w++;
        return w;
}

void sctl_table_print(const SctlTable *t, FILE *f) {
        size_t rows = sctl_table_rows(t);
        size_t *w = calloc(t->n_columns ?: 1, sizeof(size_t));
        if (!w)
                return;
        for (size_t r = 0; r < rows; r++)
                for (size_t c = 0; c < t->n_columns; c++)
                        w[c] = MAX(w[c], width(t->cells[r * t->n_columns + c]));
        for (size_t r = 0; r < rows; r++) {
                /* pad a cell only when something non-empty follows it on the line */
                size_t last = 0;
                for (size_t c = 0; c < t->n_columns; c++)
                        if (*t->cells[r * t->n_columns + c])
                                last = c;
                for (size_t c = 0; c <= last; c++) {
                        const char *s = t->cells[r * t->n_columns + c];
                        fputs(s, f);
                        if (c < last)
                                fprintf(f, "%*s", (int) (w[c] - width(s) + 1), "");
                }
                fputc('\n', f);
        }
        free(w);
}
