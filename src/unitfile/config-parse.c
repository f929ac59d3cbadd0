/* config-parse.c — table lookup and the directives that carry no field. */
#include "config-parse.h"
#include "macro.h"

const ConfigDirective *config_table_lookup(const ConfigTable *t, const char *key) {
        size_t lo = 0, hi = t->n_directives;
        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                int c = strcmp(key, t->directives[mid].key);
                if (c == 0)
                        return &t->directives[mid];
                if (c < 0)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return NULL;
}

int config_parse_unsupported(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        (void) ltype, (void) rvalue, (void) data;
        log_syntax(ctx->unit, LOG_WARNING, ctx->filename, ctx->line, 0,
                   "Support for option %s= is not implemented in sysMaster yet, ignoring.", ctx->lvalue);
        return 0;
}

int config_parse_compat(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        (void) rvalue, (void) data;
        switch (ltype) {
        case COMPAT_OBSOLETE:
                log_syntax(ctx->unit, LOG_WARNING, ctx->filename, ctx->line, 0,
                           "Support for option %s= has been removed and it is ignored", ctx->lvalue);
                break;
        case COMPAT_NOT_COMPILED:
                log_syntax(ctx->unit, LOG_INFO, ctx->filename, ctx->line, 0,
                           "Support for option %s= has not been compiled in, ignoring.", ctx->lvalue);
                break;
        default:
                log_syntax(ctx->unit, LOG_DEBUG, ctx->filename, ctx->line, 0,
                           "Option %s= is accepted for compatibility only, ignoring.", ctx->lvalue);
        }
        return 0;
}
