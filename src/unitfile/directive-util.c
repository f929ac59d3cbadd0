/* directive-util.c — the path check that the [Unit], [Service] and cgroup parsers share. */
#include <limits.h>

#include "directive-util.h"
#include "path-util.h"

int directive_path_check(const ConfigContext *ctx, char *p) {
        if (!path_is_absolute(p)) {
                log_config_ignoring(ctx, "%s= path is not absolute, ignoring: %s", ctx->lvalue, p);
                return -EINVAL;
        }
        /* Redundant slashes and "." are harmless and systemd drops them silently; ".." could
         * climb out of where the path seems to point, so it is refused. */
        path_simplify(p);
        if (!path_is_normalized(p)) {
                log_config_ignoring(ctx, "%s= path is not normalized, ignoring: %s", ctx->lvalue, p);
                return -EINVAL;
        }
        if (!path_is_valid(p)) {
                log_config_ignoring(ctx, "%s= path is too long or has an overlong component, ignoring: %s",
                                    ctx->lvalue, p);
                return -EINVAL;
        }
        return 0;
}
