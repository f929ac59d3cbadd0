/* unit-verify.c — see unit-verify.h. Messages follow systemd 252's wording. */
#include <sys/stat.h>

#include "log.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-verify.h"

int unit_config_verify_service(UnitConfig *c, const char *unit) {
        ServiceConfig *s = c->service;
        service_config_finalize(s);
        ExecCommand *start = s->exec_command[SERVICE_EXEC_START];
        bool success_action = c->unit->success_action != EMERGENCY_ACTION_NONE;

        if (!start && !s->exec_command[SERVICE_EXEC_STOP] && !success_action)
                return log_error_errno(ENOEXEC, "%s: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.", unit);
        if (s->type != SERVICE_ONESHOT && !start)
                return log_error_errno(ENOEXEC, "%s: Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.", unit);
        if (s->type != SERVICE_ONESHOT && start && start->next)
                return log_error_errno(ENOEXEC, "%s: Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.", unit);
        if (s->type == SERVICE_ONESHOT && (s->restart == SERVICE_RESTART_ALWAYS || s->restart == SERVICE_RESTART_ON_SUCCESS))
                return log_error_errno(ENOEXEC, "%s: Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.", unit);
        if (s->type == SERVICE_DBUS && !s->bus_name)
                return log_error_errno(ENOEXEC, "%s: Service is of type D-Bus but no D-Bus service name has been specified. Refusing.", unit);
        if (s->bus_name && s->type != SERVICE_DBUS)
                log_warning("%s: Service has a D-Bus service name specified, but is not of type dbus. Ignoring.", unit);
        if (s->type == SERVICE_ONESHOT && s->runtime_max_usec != USEC_INFINITY)
                log_warning("%s: RuntimeMaxSec= has no effect in combination with Type=oneshot. Ignoring.", unit);
        return 0;
}

/* Is the command's executable there (PATH lookup for bare names, as at start)? */
static int check_executable(const LookupPaths *lp, const char *unit, const ExecCommand *c) {
        if (c->flags & EXEC_COMMAND_IGNORE_FAILURE)
                return 0;
        static const char *const search[] = { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" };
        int r = -ENOENT;
        for (size_t i = 0; i < (path_is_absolute(c->path) ? 1 : ELEMENTSOF(search)); i++) {
                _cleanup_free_ char *p = path_is_absolute(c->path) ? strdup(c->path) : path_join(search[i], c->path);
                _cleanup_free_ char *host = NULL;
                struct stat st;
                if (!p)
                        return -ENOMEM;
                r = path_chase_in_root(lp->root, p, &host); /* absolute links stay in the root */
                if (r < 0)
                        continue;
                if (stat(host, &st) < 0) {
                        r = -errno;
                        continue;
                }
                if (S_ISDIR(st.st_mode)) {
                        r = -EISDIR;
                        continue;
                }
                if (!(st.st_mode & 0111)) {
                        r = -EACCES;
                        continue;
                }
                return 0;
        }
        return log_error_errno(r, "%s: Command %s is not executable: %m", unit, c->path);
}

int unit_verify(LoadedUnit *u, const LookupPaths *lp) {
        int ret = 0;
        if (!u->config)
                return 0;
        if (u->type == UNIT_SERVICE) {
                int r = unit_config_verify_service(u->config, u->id);
                if (r < 0) {
                        log_error("Unit %s has a bad unit file setting.", u->id);
                        u->load_state = UNIT_BAD_SETTING;
                        return r;
                }
                /* systemd-analyze verify checks the first command of each list only */
                for (ServiceExecCommand k = 0; k < _SERVICE_EXEC_COMMAND_MAX; k++) {
                        ExecCommand *c = u->config->service->exec_command[k];
                        if (c && check_executable(lp, u->id, c) < 0)
                                ret = -ENOEXEC;
                }
        }
        return ret;
}
