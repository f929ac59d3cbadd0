/* config-values-internal.h — helpers shared by the value parsers of config-values.c,
 * config-lists.c and config-exec.c; not for use outside them. */
#pragma once

#include <stdbool.h>

#include "config-parse.h"

/* Expands specifiers in text. When fatal, a failure is logged as an error of the unit rather
 * than as an ignored assignment; either way the error is returned. */
int config_expand_full(const ConfigContext *ctx, const char *text, bool fatal, char **ret);

/* Splits off the next word of *p with systemd's quoting: quotes group, C escapes are decoded.
 * An unknown escape is kept as written, with a warning, as systemd does. Returns 1 and a
 * word, 0 at the end, or -EINVAL on unbalanced quotes (not logged: the caller knows whether
 * the problem is fatal). */
int config_extract_word(const ConfigContext *ctx, const char **p, char **ret);

/* Checks a path after expansion: UTF-8, absolute, valid, and no ".." once simplified (in
 * place). Logs "<key>= path is …" and returns -EINVAL when it is not acceptable. */
int config_path_check(const ConfigContext *ctx, char *path, bool fatal);
