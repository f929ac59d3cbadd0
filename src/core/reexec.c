/* reexec.c — daemon-reexec (sctl daemon-reexec, SIGTERM): the manager writes its checkpoint
 * and execs its binary again — possibly a newer one — with --recover. Our PID does not
 * change, so services stay our children and nothing about them changes; the channel to init
 * (fd 3) is kept open across the exec, and the sockets are in init's fd store anyway. The new
 * image takes over exactly as after a crash (checkpoint-load.c), minus the HELLO: init never
 * knew we left. */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "manager.h"
#include "selfheal.h"
#include "string-util.h"
#include "strv.h"

extern char **environ;

void manager_request_reexec(Manager *m) {
        m->objective = MANAGER_REEXECUTE;
        manager_objective_changed(m);
}

int manager_reexec(Manager *m, char **argv) {
        int r = manager_checkpoint_write(m);
        if (r < 0)
                return log_error_errno(r, "Not re-executing: the state could not be saved: %m");
        _cleanup_strv_free_ char **args = NULL, **env = strv_copy(environ);
        bool have_recover = false;
        for (char **a = argv; *a; a++) {
                have_recover = have_recover || streq(*a, "--recover");
                if (strv_extend(&args, *a) < 0)
                        return log_oom();
        }
        if ((!have_recover && strv_extend(&args, "--recover") < 0) || !env)
                return log_oom();
        if (strv_extend(&env, "SYSMASTER_REEXECUTED=1") < 0)
                return log_oom();
        int fd = m->init_link.fd;
        if (fd >= 0) {
                char buf[64];
                snprintf(buf, sizeof buf, "SYSMASTER_INIT_FD=%d", fd);
                if (strv_extend(&env, buf) < 0)
                        return log_oom();
                /* the one fd that must cross the exec */
                (void) fcntl(fd, F_SETFD, 0);
        }
        /* The binary's path, not /proc/self/exe: an upgrade replaced the file there (our old
         * inode shows as "… (deleted)"), and the process keeps its name for ps and pgrep. */
        char self[PATH_MAX];
        ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
        const char *exe = getenv("SYSMASTER_REEXEC_BINARY"); /* tests: a hot upgrade to another build */
        if (!exe && k > 0) {
                self[k] = 0;
                char *d = endswith(self, " (deleted)");
                if (d)
                        *d = 0;
                exe = self;
        }
        if (!exe || access(exe, X_OK) < 0)
                exe = "/proc/self/exe";
        log_notice("Re-executing %s.", exe);
        execve(exe, args, env);
        r = -errno;
        if (fd >= 0)
                (void) fcntl(fd, F_SETFD, FD_CLOEXEC);
        return log_error_errno(r, "Failed to re-execute %s, carrying on: %m", exe);
}
