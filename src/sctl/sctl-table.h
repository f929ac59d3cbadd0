/* sctl-table.h — the column tables of list-units, list-jobs and friends as systemctl lays them
 * out: each column as wide as its widest cell (header included), one space between columns,
 * the last column not padded, widths counted in characters so "●" takes one. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

typedef struct SctlTable {
        size_t n_columns;
        char **cells;          /* row-major, header first when there is one */
        size_t n_cells, allocated;
} SctlTable;

void sctl_table_init(SctlTable *t, size_t n_columns);
void sctl_table_done(SctlTable *t);
/* Adds a row of n_columns strings (NULL counts as ""). */
int sctl_table_add_row(SctlTable *t, const char *const *cells);
size_t sctl_table_rows(const SctlTable *t);
/* Prints every row; empty trailing cells leave no trailing blanks. */
void sctl_table_print(const SctlTable *t, FILE *f);
