/* strv.h — NULL-terminated string arrays ("strv"), the list type of sysMaster. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

char **strv_free(char **l);
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);
#define _cleanup_strv_free_ _cleanup_(strv_freep)

size_t strv_length(char *const *l) _pure_;
bool strv_contains(char *const *l, const char *s) _pure_;
char **strv_copy(char *const *l);
int strv_push(char ***l, char *value);        /* takes ownership of value, even on failure */
int strv_extend(char ***l, const char *value); /* copies value */
int strv_extend_strv(char ***a, char *const *b, bool filter_duplicates);
int strv_consume_unique(char ***l, char *value); /* push unless present; frees value if so */
void strv_sort(char **l);
char **strv_uniq(char **l);                    /* drops later duplicates, in place */
char *strv_join(char *const *l, const char *separator);
/* Splits on separators with systemd's quoting rules (see extract_first_word()). */
int strv_split_full(char ***ret, const char *s, const char *separators, int extract_flags);
char **strv_remove(char **l, const char *s);   /* removes all equal entries, in place */
