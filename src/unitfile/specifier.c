/* specifier.c — a minimal stand-in that lets the value parsers link and be tested before the
 * full specifier module lands: it knows only %%, %n, %N, %p and %i, and calls every other
 * specifier unknown (-EBADSLT). The real module replaces this file at merge. */
#include "specifier.h"
#include "string-util.h"
#include "unit-name.h"

static int expand_one(const SpecifierContext *ctx, char c, char **ret) {
        const char *name = ctx->unit_name;

        switch (c) {
        case 'n':
                *ret = strdup(strempty(name));
                break;
        case 'N': {
                const char *dot = name ? strrchr(name, '.') : NULL;
                *ret = dot ? strndup(name, (size_t) (dot - name)) : strdup(strempty(name));
                break;
        }
        case 'p':
                if (!name || unit_name_to_prefix(name, ret) < 0)
                        *ret = strdup("");
                break;
        case 'i': {
                char *i = NULL;
                if (name && unit_name_to_instance(name, &i) >= 0 && i) {
                        *ret = i;
                        return 0;
                }
                *ret = strdup("");
                break;
        }
        default:
                return -EBADSLT;
        }
        return *ret ? 0 : -ENOMEM;
}

int specifier_expand(const SpecifierContext *ctx, const char *text, char **ret) {
        _cleanup_free_ char *out = strdup("");

        if (!out)
                return -ENOMEM;
        for (const char *p = text; *p;) {
                size_t n = strcspn(p, "%");
                if (n > 0) {
                        _cleanup_free_ char *chunk = strndup(p, n);
                        if (!chunk || !strextend(&out, chunk))
                                return -ENOMEM;
                        p += n;
                        continue;
                }
                /* A lone "%" at the very end stays as it is, as systemd leaves it. */
                if (!p[1]) {
                        if (!strextend(&out, "%"))
                                return -ENOMEM;
                        break;
                }
                if (p[1] == '%') {
                        if (!strextend(&out, "%"))
                                return -ENOMEM;
                } else {
                        _cleanup_free_ char *v = NULL;
                        int r = expand_one(ctx, p[1], &v);
                        if (r < 0)
                                return r;
                        if (!strextend(&out, v))
                                return -ENOMEM;
                }
                p += 2;
        }
        *ret = TAKE_PTR(out);
        return 0;
}

int config_expand(const ConfigContext *ctx, const char *rvalue, char **ret) {
        char *s = NULL;
        int r;

        if (!ctx->spec) {
                s = strdup(rvalue);
                r = s ? 0 : -ENOMEM;
        } else
                r = specifier_expand(ctx->spec, rvalue, &s);
        if (r < 0)
                return log_syntax(ctx->unit, LOG_WARNING, ctx->filename, ctx->line, r,
                                  "Failed to resolve specifiers in %s, ignoring: %m", rvalue);
        *ret = s;
        return 0;
}
