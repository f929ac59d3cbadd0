/* config-lists.c — the list parsers of config-values.h: words, absolute paths, unit names and
 * environment assignments. Each assignment appends to what earlier lines (or files) set and
 * an empty one starts over, except unit names: dependencies can only be added, never reset,
 * as systemd.unit(5) says for drop-ins. Unbalanced quoting drops the whole line; a single
 * bad word (a relative path, an invalid name) is reported and skipped, and the rest of the
 * line still counts, as in systemd. */
#include "config-values-internal.h"
#include "config-values.h"
#include "env-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

#define STRV_MAKE(...) ((char *const[]) { __VA_ARGS__, NULL })

#define warn_ignoring(ctx, error, ...) \
        log_syntax((ctx)->unit, LOG_WARNING, (ctx)->filename, (ctx)->line, error, __VA_ARGS__)

/* Splits rvalue into expanded words. Words whose specifiers do not resolve are left out
 * (config_expand() has said so); bad quoting fails the whole value. */
static int split_expanded(const ConfigContext *ctx, const char *rvalue, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        const char *p = rvalue;

        for (;;) {
                _cleanup_free_ char *word = NULL;
                char *expanded;
                int r = config_extract_word(ctx, &p, &word);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        warn_ignoring(ctx, r, "Invalid syntax, ignoring: %s", rvalue);
                        return r;
                }
                if (r == 0)
                        break;
                if (config_expand(ctx, word, &expanded) < 0)
                        continue;
                if (strv_push(&l, expanded) < 0)
                        return log_oom();
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int config_parse_strv(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***sv = data;
        _cleanup_strv_free_ char **words = NULL;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        if (split_expanded(ctx, rvalue, &words) < 0)
                return 0;
        if (strv_extend_strv(sv, words, false) < 0)
                return log_oom();
        return 0;
}

int config_parse_path_strv(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***sv = data;
        _cleanup_strv_free_ char **words = NULL;

        if (isempty(rvalue)) {
                *sv = strv_free(*sv);
                return 0;
        }
        if (split_expanded(ctx, rvalue, &words) < 0)
                return 0;
        STRV_FOREACH(w, words) {
                /* "-" (ignore a missing path) and, where the directive allows it, "+" (relative
                 * to the root directory) are flags the executor reads back from the word. */
                const char *path = *w;
                bool ignore = false, plus = false;
                if (*path == '-')
                        ignore = true, path++;
                if (ltype == 1 && *path == '+')
                        plus = true, path++;

                _cleanup_free_ char *copy = strdup(path);
                if (!copy)
                        return log_oom();
                if (config_path_check(ctx, copy, false) < 0)
                        continue;
                char *stored = strjoin(ignore ? "-" : "", plus ? "+" : "", copy);
                if (!stored || strv_push(sv, stored) < 0)
                        return log_oom();
        }
        return 0;
}

int config_parse_unit_names(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***sv = data;
        _cleanup_strv_free_ char **words = NULL;

        if (split_expanded(ctx, rvalue, &words) < 0)
                return 0;
        STRV_FOREACH(w, words) {
                /* A template is kept: the manager instantiates it with the depending unit's
                 * instance, or its name prefix for a plain unit (as systemd does). */
                if (!unit_name_is_valid(*w, UNIT_NAME_ANY)) {
                        warn_ignoring(ctx, 0, "Invalid unit name, ignoring: %s", *w);
                        continue;
                }
                if (strv_extend_strv(sv, STRV_MAKE(*w), true) < 0)
                        return log_oom();
        }
        return 0;
}

int config_parse_environ(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***env = data;
        _cleanup_strv_free_ char **words = NULL;

        if (isempty(rvalue)) {
                *env = strv_free(*env);
                return 0;
        }
        if (split_expanded(ctx, rvalue, &words) < 0)
                return 0;
        STRV_FOREACH(w, words) {
                if (!env_assignment_is_valid(*w)) {
                        warn_ignoring(ctx, 0, "Invalid environment assignment, ignoring: %s", *w);
                        continue;
                }
                /* A later assignment of the same name replaces the earlier one. */
                if (strv_env_replace(env, strdup(*w)) < 0)
                        return log_oom();
        }
        return 0;
}
