/* config-values.c — the scalar value parsers of config-values.h (booleans, strings, paths,
 * numbers, time spans, sizes, modes, signals, resource limits) and the helpers the list and
 * command-line parsers share. Following systemd, a value that does not parse is a warning
 * naming file and line, and the field keeps what it had. Numbers and other scalars do not
 * expand specifiers (systemd does not either); strings and paths do. */
#include <sys/resource.h>

#include "config-values-internal.h"
#include "config-values.h"
#include "parse-util.h"
#include "path-util.h"
#include "rlimit-util.h"
#include "signal-util.h"
#include "specifier.h"
#include "string-util.h"

#define warn_ignoring(ctx, error, ...) \
        log_syntax((ctx)->unit, LOG_WARNING, (ctx)->filename, (ctx)->line, error, __VA_ARGS__)

int config_expand_full(const ConfigContext *ctx, const char *text, bool fatal, char **ret) {
        if (!fatal)
                return config_expand(ctx, text, ret);

        char *s = NULL;
        int r = ctx->spec ? specifier_expand(ctx->spec, text, &s) : (s = strdup(text)) ? 0 : -ENOMEM;
        if (r < 0)
                return log_syntax(ctx->unit, LOG_ERR, ctx->filename, ctx->line, r,
                                  "Failed to resolve specifiers in %s: %m", text);
        *ret = s;
        return 0;
}

int config_extract_word(const ConfigContext *ctx, const char **p, char **ret) {
        const char *start = *p;
        int r = extract_first_word(p, ret, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
        if (r != -EINVAL)
                return r;

        /* Strict decoding failed: either the quotes do not balance (still an error below) or
         * an escape is unknown, which systemd keeps literally after a warning. */
        *p = start;
        r = extract_first_word(p, ret, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE | EXTRACT_RETAIN_ESCAPE);
        if (r > 0)
                warn_ignoring(ctx, 0, "Ignoring unknown escape sequences: \"%s\"", *ret);
        return r;
}

int config_path_check(const ConfigContext *ctx, char *path, bool fatal) {
        int level = fatal ? LOG_ERR : LOG_WARNING;
        const char *suffix = fatal ? "" : ", ignoring";
        const char *key = strempty(ctx->lvalue);

        if (!utf8_is_valid(path))
                return log_syntax(ctx->unit, level, ctx->filename, ctx->line, EINVAL,
                                  "%s= path is not UTF-8 clean%s.", key, suffix);
        if (!path_is_absolute(path))
                return log_syntax(ctx->unit, level, ctx->filename, ctx->line, EINVAL,
                                  "%s= path is not absolute%s: %s", key, suffix, path);
        path_simplify(path);
        if (!path_is_valid(path))
                return log_syntax(ctx->unit, level, ctx->filename, ctx->line, EINVAL,
                                  "%s= path is not valid%s: %s", key, suffix, path);
        if (!path_is_normalized(path))
                return log_syntax(ctx->unit, level, ctx->filename, ctx->line, EINVAL,
                                  "%s= path is not normalized%s: %s", key, suffix, path);
        return 0;
}

int config_parse_bool(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        bool *b = data;
        int k = parse_boolean(rvalue);
        if (k < 0) {
                warn_ignoring(ctx, k, "Failed to parse boolean value, ignoring: %s", rvalue);
                return 0;
        }
        *b = k;
        return 0;
}

int config_parse_tristate(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *t = data;
        if (isempty(rvalue)) {
                *t = -1;
                return 0;
        }
        int k = parse_boolean(rvalue);
        if (k < 0) {
                warn_ignoring(ctx, k, "Failed to parse boolean value for %s=, ignoring: %s",
                              strempty(ctx->lvalue), rvalue);
                return 0;
        }
        *t = k;
        return 0;
}

int config_parse_string(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **s = data;
        char *v;

        if (isempty(rvalue)) {
                *s = mfree(*s);
                return 0;
        }
        if (config_expand(ctx, rvalue, &v) < 0)
                return 0;
        free(*s);
        *s = v;
        return 0;
}

int config_parse_path(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **s = data;
        bool fatal = ltype == 1;
        _cleanup_free_ char *v = NULL;

        if (isempty(rvalue)) {
                *s = mfree(*s);
                return 0;
        }
        if (config_expand_full(ctx, rvalue, fatal, &v) < 0 || config_path_check(ctx, v, fatal) < 0)
                return fatal ? -ENOEXEC : 0;
        free(*s);
        *s = TAKE_PTR(v);
        return 0;
}

int config_parse_unsigned(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        unsigned *u = data, v = 0;
        int r = isempty(rvalue) ? 0 : safe_atou(rvalue, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Failed to parse unsigned integer value, ignoring: %s", rvalue);
                return 0;
        }
        *u = v;
        return 0;
}

int config_parse_int(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *i = data, v = 0;
        int r = isempty(rvalue) ? 0 : safe_atoi(rvalue, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Failed to parse integer value, ignoring: %s", rvalue);
                return 0;
        }
        *i = v;
        return 0;
}

int config_parse_uint64(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        uint64_t *u = data, v = 0;
        int r = isempty(rvalue) ? 0 : safe_atou64(rvalue, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Failed to parse unsigned integer value, ignoring: %s", rvalue);
                return 0;
        }
        *u = v;
        return 0;
}

int config_parse_sec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        usec_t *u = data, v;
        int r = ltype == 1 ? parse_sec_fix_0(rvalue, &v) : parse_sec(rvalue, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Invalid time span, ignoring: %s", rvalue);
                return 0;
        }
        *u = v;
        return 0;
}

int config_parse_nsec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        nsec_t *n = data, v;
        int r = parse_nsec(rvalue, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Invalid time span, ignoring: %s", rvalue);
                return 0;
        }
        *n = v;
        return 0;
}

int config_parse_iec_size(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        uint64_t *sz = data, v = UINT64_MAX;
        int r = streq(rvalue, "infinity") ? 0 : parse_size(rvalue, 1024, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Failed to parse size value, ignoring: %s", rvalue);
                return 0;
        }
        *sz = v;
        return 0;
}

int config_parse_si_uint64(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        uint64_t *sz = data, v;
        int r = parse_size(rvalue, 1000, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Failed to parse size value, ignoring: %s", rvalue);
                return 0;
        }
        *sz = v;
        return 0;
}

int config_parse_mode(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        mode_t *m = data, v;
        int r = parse_mode(rvalue, &v);
        if (r < 0) {
                warn_ignoring(ctx, r, "Failed to parse mode value, ignoring: %s", rvalue);
                return 0;
        }
        *m = v;
        return 0;
}

int config_parse_signal(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *sig = data;
        int r = signal_from_string(rvalue);
        if (r <= 0) {
                warn_ignoring(ctx, r, "Failed to parse signal name, ignoring: %s", rvalue);
                return 0;
        }
        *sig = r;
        return 0;
}

int config_parse_rlimit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        struct rlimit **rl = data, v;

        if (ltype < 0 || ltype >= RLIMIT_NLIMITS)
                return -EINVAL;
        int r = rlimit_parse(ltype, rvalue, &v);
        if (r == -EILSEQ) {
                warn_ignoring(ctx, r, "Soft resource limit chosen higher than hard limit, ignoring: %s", rvalue);
                return 0;
        }
        if (r < 0) {
                warn_ignoring(ctx, r, "Failed to parse resource value, ignoring: %s", rvalue);
                return 0;
        }
        if (!rl[ltype] && !(rl[ltype] = new (struct rlimit, 1)))
                return log_oom();
        *rl[ltype] = v;
        return 0;
}
