/* manager-env.c — see manager-env.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "env-util.h"
#include "manager-env.h"
#include "manager.h"
#include "selfheal.h"
#include "string-util.h"
#include "strv.h"

char **manager_environment(Manager *m) {
        _cleanup_strv_free_ char **env = NULL;
        if (strv_extend(&env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") < 0 ||
            strv_extend(&env, "LANG=C.UTF-8") < 0)
                return NULL;
        STRV_FOREACH(e, m->environment) /* from environment generators */
                if (strv_env_replace(&env, strdup(*e)) < 0)
                        return NULL;
        STRV_FOREACH(e, m->client_environment) /* set-environment: wins over both */
                if (strv_env_replace(&env, strdup(*e)) < 0)
                        return NULL;
        strv_sort(env);
        return TAKE_PTR(env);
}

int manager_environment_check(char **unset, char **set, const char **ret_bad) {
        STRV_FOREACH(e, set)
                if (!env_assignment_is_valid(*e) || strlen(*e) > MANAGER_ENV_ASSIGNMENT_MAX) {
                        *ret_bad = *e;
                        return -EINVAL;
                }
        STRV_FOREACH(e, unset)
                if (!(strchr(*e, '=') ? env_assignment_is_valid(*e) : env_name_is_valid(*e))) {
                        *ret_bad = *e;
                        return -EINVAL;
                }
        return 0;
}

int environment_modify(char ***l, char **unset, char **set) {
        STRV_FOREACH(u, unset) {
                bool with_value = strchr(*u, '=') != NULL;
                size_t n = strcspn(*u, "=");
                for (size_t i = 0; *l && (*l)[i]; i++) {
                        char *e = (*l)[i];
                        if (strncmp(e, *u, n) != 0 || e[n] != '=' || (with_value && !streq(e, *u)))
                                continue;
                        free(e);
                        memmove(*l + i, *l + i + 1, (strv_length(*l + i + 1) + 1) * sizeof(char *));
                        break; /* a name is in the list once */
                }
        }
        STRV_FOREACH(s, set) {
                int r = strv_env_replace(l, strdup(*s));
                if (r < 0)
                        return r;
        }
        strv_sort(*l);
        return 0;
}

int manager_environment_modify(Manager *m, char **unset, char **set) {
        const char *bad;
        int r = manager_environment_check(unset, set, &bad);
        if (r < 0)
                return r;
        /* on a copy: a failure leaves the block as it was */
        _cleanup_strv_free_ char **l = strv_copy(m->client_environment);
        if (!l)
                return -ENOMEM;
        if ((r = environment_modify(&l, unset, set)) < 0)
                return r;
        strv_free(m->client_environment);
        m->client_environment = TAKE_PTR(l);
        manager_checkpoint_schedule(m);
        return 0;
}
