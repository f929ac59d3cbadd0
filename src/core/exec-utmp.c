/* exec-utmp.c — see exec-utmp.h. glibc's utmpx functions do the locking; each record goes
 * to utmp (the current state) and wtmp (the history), as systemd writes both. */
#include <string.h>
#include <sys/time.h>
#include <utmpx.h>

#include "exec-utmp.h"
#include "string-util.h"

static void copy_field(char *dst, size_t size, const char *src) {
        /* utmp fields are fixed-size and need not be NUL-terminated */
        strncpy(dst, src ?: "", size);
}

static void write_both(struct utmpx *u) {
        setutxent();
        (void) pututxline(u);
        endutxent();
        updwtmpx(_PATH_WTMPX, u);
}

static void fill_common(struct utmpx *u, const ExecContext *ctx, pid_t pid) {
        struct timeval tv;
        gettimeofday(&tv, NULL);
        u->ut_pid = pid;
        u->ut_tv.tv_sec = (int32_t) tv.tv_sec;
        u->ut_tv.tv_usec = (int32_t) tv.tv_usec;
        copy_field(u->ut_id, sizeof u->ut_id, ctx->utmp_id);
        const char *line = ctx->tty_path ? (startswith(ctx->tty_path, "/dev/") ?: ctx->tty_path) : NULL;
        if (line)
                copy_field(u->ut_line, sizeof u->ut_line, line);
}

void exec_utmp_put_init(const ExecContext *ctx, pid_t pid, const char *user) {
        if (!ctx || !ctx->utmp_id)
                return;
        struct utmpx u = {};
        fill_common(&u, ctx, pid);
        u.ut_session = getsid(0);
        u.ut_type = ctx->utmp_mode == EXEC_UTMP_LOGIN ? LOGIN_PROCESS : ctx->utmp_mode == EXEC_UTMP_USER ? USER_PROCESS : INIT_PROCESS;
        /* login(1) fills in the user for the other modes */
        copy_field(u.ut_user, sizeof u.ut_user, ctx->utmp_mode == EXEC_UTMP_USER && user ? user : ctx->utmp_mode == EXEC_UTMP_LOGIN ? "LOGIN" : "");
        write_both(&u);
}

void exec_utmp_put_dead(const ExecContext *ctx, pid_t pid, int code, int status) {
        if (!ctx || !ctx->utmp_id)
                return;
        struct utmpx u = {};
        fill_common(&u, ctx, pid);
        u.ut_type = DEAD_PROCESS;
        u.ut_exit.e_termination = (short) code;
        u.ut_exit.e_exit = (short) status;
        write_both(&u);
}
