/* exec-env.c — see exec-env.h. Pure apart from its inputs, so the unit tests build the
 * environment of made-up identities. */
#include "env-util.h"
#include "exec-dirs.h"
#include "exec-env.h"
#include "service-env.h"
#include "string-util.h"
#include "strv.h"

/* Adds NAME=value unless NAME is already set (the unit's own settings win). */
static int add_default(char ***env, const char *name, const char *value) {
        if (!value || strv_env_get(*env, name))
                return 0;
        char *a = strjoin(name, "=", value);
        return a ? strv_env_replace(env, a) : -ENOMEM;
}

int exec_env_build(const ExecContext *ctx, const ExecIdentity *id, const char *term, const char *journal_stream,
                   char ***env) {
        int r;
        if (id->change_user && id->user_name) {
                if ((r = add_default(env, "USER", id->user_name)) < 0 || (r = add_default(env, "LOGNAME", id->user_name)) < 0 ||
                    (r = add_default(env, "HOME", id->home)) < 0 || (r = add_default(env, "SHELL", id->shell)) < 0)
                        return r;
        }
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                _cleanup_free_ char *a = NULL;
                if ((r = exec_directory_env(ctx, t, &a)) < 0)
                        return r;
                if (a && (r = add_default(env, exec_directory_env_name(t), a + strlen(exec_directory_env_name(t)) + 1)) < 0)
                        return r;
        }
        if ((r = add_default(env, "TERM", term)) < 0 || (r = add_default(env, "JOURNAL_STREAM", journal_stream)) < 0)
                return r;
        const char *path = strv_env_get(*env, "PATH");
        if (ctx->exec_search_path && (!path || streq(path, EXEC_DEFAULT_PATH))) {
                /* $PATH follows the search path unless the unit set $PATH itself; the
                 * manager's default is no setting of the unit's */
                _cleanup_free_ char *p = strv_join(ctx->exec_search_path, ":");
                if (!p || strv_env_replace(env, strjoin("PATH=", p)) < 0)
                        return -ENOMEM;
        }
        STRV_FOREACH(u, ctx->unset_environment)
                strv_env_unset(*env, *u);
        return 0;
}
