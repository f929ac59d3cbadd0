/* exec-stdio.c — see exec-stdio.h. The three new fds are first opened above 2 (the
 * manager's fds 0–2 are still needed for "keep" and for error messages), then moved into
 * place together. */
#include <stdlib.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/vt.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "exec-stdio.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

#define JOURNAL_STDOUT_SOCKET "/run/systemd/journal/stdout"

static bool input_is_tty(ExecInput i) {
        return i == EXEC_INPUT_TTY || i == EXEC_INPUT_TTY_FORCE || i == EXEC_INPUT_TTY_FAIL;
}

static bool output_is_file(ExecOutput o) {
        return o == EXEC_OUTPUT_FILE || o == EXEC_OUTPUT_FILE_APPEND || o == EXEC_OUTPUT_FILE_TRUNCATE;
}

static ExecInput fixup_input(const ExecContext *ctx, bool have_socket) {
        if (ctx->std_input == EXEC_INPUT_SOCKET && !have_socket)
                return EXEC_INPUT_NULL;
        if (ctx->std_input == EXEC_INPUT_DATA && ctx->stdin_data_size == 0)
                return EXEC_INPUT_NULL;
        /* StandardInputText=/Data= alone imply StandardInput=data, as in systemd */
        if (ctx->std_input == EXEC_INPUT_NULL && ctx->stdin_data_size > 0)
                return EXEC_INPUT_DATA;
        return ctx->std_input;
}

static ExecOutput fixup_output(ExecOutput o, ExecInput i) {
        if (o == EXEC_OUTPUT_SOCKET && i != EXEC_INPUT_SOCKET)
                return EXEC_OUTPUT_INHERIT;
        return o;
}

ExecStdioAction exec_stdio_action(const ExecContext *ctx, int fileno, bool have_socket, bool inherit_manager) {
        ExecInput i = fixup_input(ctx, have_socket);
        if (fileno == STDIN_FILENO) {
                switch (i) {
                case EXEC_INPUT_TTY:
                case EXEC_INPUT_TTY_FORCE:
                case EXEC_INPUT_TTY_FAIL:
                        return STDIO_TTY;
                case EXEC_INPUT_SOCKET:
                        return STDIO_SOCKET;
                case EXEC_INPUT_NAMED_FD:
                        return STDIO_NAMED_FD;
                case EXEC_INPUT_DATA:
                        return STDIO_DATA;
                case EXEC_INPUT_FILE:
                        return STDIO_FILE_READ;
                default:
                        return STDIO_NULL;
                }
        }
        ExecOutput o = fixup_output(ctx->std_output, i);
        if (fileno == STDERR_FILENO) {
                ExecOutput e = fixup_output(ctx->std_error, i);
                /* the same target as stdout shares stdout's fd (one journal stream, one file) */
                if (e == EXEC_OUTPUT_INHERIT ||
                    (e == o && !output_is_file(e) && e != EXEC_OUTPUT_NAMED_FD) ||
                    (e == o && output_is_file(e) && streq_ptr(ctx->stdio_file[1], ctx->stdio_file[2])) ||
                    (e == o && e == EXEC_OUTPUT_NAMED_FD && streq_ptr(ctx->stdio_fdname[1], ctx->stdio_fdname[2])))
                        return STDIO_DUP_STDOUT;
                o = e;
        }
        switch (o) {
        case EXEC_OUTPUT_INHERIT:
                if (i != EXEC_INPUT_NULL && i != EXEC_INPUT_DATA)
                        return STDIO_DUP_STDIN;
                return inherit_manager ? STDIO_KEEP : STDIO_NULL;
        case EXEC_OUTPUT_NULL:
                return STDIO_NULL;
        case EXEC_OUTPUT_TTY:
                return input_is_tty(i) ? STDIO_DUP_STDIN : STDIO_TTY;
        case EXEC_OUTPUT_KMSG:
        case EXEC_OUTPUT_KMSG_AND_CONSOLE:
                return STDIO_KMSG;
        case EXEC_OUTPUT_JOURNAL:
        case EXEC_OUTPUT_JOURNAL_AND_CONSOLE:
                return STDIO_JOURNAL;
        case EXEC_OUTPUT_SOCKET:
                return STDIO_DUP_STDIN;
        case EXEC_OUTPUT_NAMED_FD:
                return STDIO_NAMED_FD;
        case EXEC_OUTPUT_FILE:
                return STDIO_FILE_WRITE;
        case EXEC_OUTPUT_FILE_APPEND:
                return STDIO_FILE_APPEND;
        case EXEC_OUTPUT_FILE_TRUNCATE:
                return STDIO_FILE_TRUNCATE;
        default:
                return STDIO_NULL;
        }
}

const char *exec_stdio_action_to_string(ExecStdioAction a) {
        static const char *const names[] = {
                [STDIO_NULL] = "null",           [STDIO_TTY] = "tty",
                [STDIO_DATA] = "data",           [STDIO_FILE_READ] = "file-read",
                [STDIO_SOCKET] = "socket",       [STDIO_NAMED_FD] = "named-fd",
                [STDIO_DUP_STDIN] = "dup-stdin", [STDIO_DUP_STDOUT] = "dup-stdout",
                [STDIO_KEEP] = "keep",           [STDIO_JOURNAL] = "journal",
                [STDIO_KMSG] = "kmsg",           [STDIO_FILE_WRITE] = "file",
                [STDIO_FILE_APPEND] = "append",  [STDIO_FILE_TRUNCATE] = "truncate",
        };
        return (size_t) a < ELEMENTSOF(names) ? names[a] : NULL;
}

bool exec_stdio_uses_tty(const ExecContext *ctx) {
        return input_is_tty(ctx->std_input) || ctx->std_output == EXEC_OUTPUT_TTY || ctx->std_error == EXEC_OUTPUT_TTY ||
               ctx->std_output == EXEC_OUTPUT_KMSG_AND_CONSOLE || ctx->std_output == EXEC_OUTPUT_JOURNAL_AND_CONSOLE;
}

static const char *tty_path(const ExecContext *ctx) {
        return ctx->tty_path ?: "/dev/console";
}

/* "tty3" for /dev/tty3; the console's active terminal for /dev/console. */
static bool tty_is_vc(const char *path) {
        const char *n = startswith(path, "/dev/") ?: path;
        char active[256] = "";
        if (streq(n, "console")) {
                FILE *f = fopen("/sys/class/tty/console/active", "re");
                if (f) {
                        if (!fgets(active, sizeof active, f))
                                active[0] = 0;
                        fclose(f);
                }
                char *last = strrchr(strstrip(active), ' ');
                n = last ? last + 1 : active;
        }
        const char *d = startswith(n, "tty");
        return d && *d && strspn(d, "0123456789") == strlen(d);
}

const char *exec_stdio_default_term(const ExecContext *ctx) {
        /* On the console, the $TERM init was given (by the kernel, or by the container manager
         * that knows what its pty's other end emulates; init passes it on to us), as systemd
         * does for units on /dev/console: a container's console-getty then runs agetty with
         * the container manager's terminal type, not a guess. */
        const char *own = getenv("TERM");
        if (streq(tty_path(ctx), "/dev/console") && own && *own)
                return own;
        return tty_is_vc(tty_path(ctx)) ? "linux" : "vt220";
}

static int reset_terminal(int fd) {
        struct termios t;
        if (tcgetattr(fd, &t) < 0)
                return -errno;
        /* a sane line discipline, as a login would expect, whatever the last user left */
        t.c_iflag &= ~(IGNBRK | BRKINT | ISTRIP | INLCR | IGNCR | IUCLC);
        t.c_iflag |= ICRNL | IMAXBEL | IUTF8;
        t.c_oflag |= ONLCR | OPOST;
        t.c_cflag |= CREAD;
        t.c_lflag |= ISIG | ICANON | IEXTEN | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE;
        t.c_cc[VINTR] = 03;
        t.c_cc[VQUIT] = 034;
        t.c_cc[VERASE] = 0177;
        t.c_cc[VKILL] = 025;
        t.c_cc[VEOF] = 04;
        t.c_cc[VSTART] = 021;
        t.c_cc[VSTOP] = 023;
        t.c_cc[VSUSP] = 032;
        t.c_cc[VLNEXT] = 026;
        t.c_cc[VWERASE] = 027;
        t.c_cc[VREPRINT] = 022;
        t.c_cc[VTIME] = 0;
        t.c_cc[VMIN] = 1;
        (void) tcsetattr(fd, TCSANOW, &t);
        (void) !write(fd, "\033c", 2); /* full reset of the terminal's own state */
        return 0;
}

/* TTYReset=, TTYVHangup=, TTYVTDisallocate=: before the terminal is taken. */
static void tty_prepare(const ExecContext *ctx) {
        const char *path = tty_path(ctx);
        int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (fd >= 0) {
                if (ctx->tty_reset)
                        (void) reset_terminal(fd);
                if (ctx->tty_vhangup)
                        (void) ioctl(fd, TIOCVHANGUP);
                close(fd);
        }
        const char *n = startswith(path, "/dev/tty");
        if (ctx->tty_vt_disallocate && n && *n && strspn(n, "0123456789") == strlen(n)) {
                int t0 = open("/dev/tty0", O_RDWR | O_NOCTTY | O_CLOEXEC);
                if (t0 >= 0) {
                        /* fails while the VT is in the foreground; then at least clear it */
                        if (ioctl(t0, VT_DISALLOCATE, atoi(n)) < 0 && (fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) >= 0) {
                                (void) !write(fd, "\033[r\033[H\033[3J\033[2J", 14);
                                close(fd);
                        }
                        close(t0);
                }
        }
}

/* Opens the terminal and, for stdin, makes it the controlling terminal of our new session:
 * tty waits for it, tty-force steals it, tty-fail gives up at once. */
static int open_tty(const ExecContext *ctx, bool controlling, int flags) {
        for (unsigned tries = 0;; tries++) {
                int fd = open(tty_path(ctx), flags | O_NOCTTY | O_CLOEXEC);
                if (fd < 0)
                        return -errno;
                if (!controlling)
                        return fd;
                if (ioctl(fd, TIOCSCTTY, ctx->std_input == EXEC_INPUT_TTY_FORCE ? 1 : 0) >= 0) {
                        if (ctx->tty_rows != UINT_MAX || ctx->tty_cols != UINT_MAX) {
                                struct winsize ws = {};
                                (void) ioctl(fd, TIOCGWINSZ, &ws);
                                if (ctx->tty_rows != UINT_MAX)
                                        ws.ws_row = (unsigned short) ctx->tty_rows;
                                if (ctx->tty_cols != UINT_MAX)
                                        ws.ws_col = (unsigned short) ctx->tty_cols;
                                (void) ioctl(fd, TIOCSWINSZ, &ws);
                        }
                        return fd;
                }
                int e = errno;
                close(fd);
                if (ctx->std_input != EXEC_INPUT_TTY || e != EPERM)
                        return -e;
                usleep(tries < 50 ? 100 * 1000 : 1000 * 1000); /* another session holds it */
        }
}

static int open_data(const ExecContext *ctx) {
        int fd = memfd_create("exec-stdin-data", MFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        const char *d = ctx->stdin_data;
        for (size_t done = 0; done < ctx->stdin_data_size;) {
                ssize_t n = write(fd, d + done, ctx->stdin_data_size - done);
                if (n < 0) {
                        close(fd);
                        return -errno;
                }
                done += (size_t) n;
        }
        /* a read-only fd of its own, so the service cannot change what a restart sees */
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        int ro = open(path, O_RDONLY | O_CLOEXEC);
        if (ro < 0) {
                (void) lseek(fd, 0, SEEK_SET);
                return fd;
        }
        close(fd);
        return ro;
}

static int named_fd(const ExecParameters *p, const char *name) {
        for (size_t i = 0; name && p->fd_names && i < p->n_fds && p->fd_names[i]; i++)
                if (streq(p->fd_names[i], name)) {
                        int fd = fcntl(3 + (int) i, F_DUPFD_CLOEXEC, 3);
                        return fd < 0 ? -errno : fd;
                }
        return -ENOENT;
}

/* journald's stream protocol: identifier, unit, priority, level prefix, then whether to
 * forward to syslog, kmsg and the console, one per line; the socket is write-only after. */
static int connect_journal(const ExecContext *ctx, const ExecParameters *p, const char *ident, bool kmsg, char **ret_stream) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        const char *path = p->journal_socket ?: JOURNAL_STDOUT_SOCKET;
        if (strlen(path) >= sizeof sa.sun_path || (strcpy(sa.sun_path, path), connect(fd, (struct sockaddr *) &sa, sizeof sa)) < 0) {
                int e = errno ?: ENAMETOOLONG;
                close(fd);
                return -e;
        }
        bool console = ctx->std_output == EXEC_OUTPUT_JOURNAL_AND_CONSOLE || ctx->std_output == EXEC_OUTPUT_KMSG_AND_CONSOLE;
        if (dprintf(fd, "%s\n%s\n%i\n%i\n%i\n%i\n%i\n", ctx->syslog_identifier ?: ident, p->unit_id ?: "",
                    ctx->syslog_priority, ctx->syslog_level_prefix ? 1 : 0, 0, kmsg ? 1 : 0, console ? 1 : 0) < 0 ||
            shutdown(fd, SHUT_RD) < 0) {
                int e = errno;
                close(fd);
                return -e;
        }
        struct stat st;
        if (ret_stream && !*ret_stream && fstat(fd, &st) >= 0 &&
            asprintf(ret_stream, "%llu:%llu", (unsigned long long) st.st_dev, (unsigned long long) st.st_ino) < 0)
                *ret_stream = NULL;
        return fd;
}

/* Without journald: the kernel log, then the console — /dev/console if it is a terminal,
 * else the console init handed the manager as its stdout (a container's) — then nothing.
 * Each is an fd of the service's own, not a pipe through the manager. */
static int open_log_fallback(const ExecParameters *p, int fileno) {
        if (p->inherit_manager_stdio)
                return fcntl(fileno, F_DUPFD_CLOEXEC, 3);
        int fd = open("/dev/kmsg", O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd >= 0)
                return fd;
        fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd >= 0 && isatty(fd))
                return fd;
        if (fd >= 0)
                close(fd);
        if ((fd = fcntl(fileno, F_DUPFD_CLOEXEC, 3)) >= 0)
                return fd;
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
}

static int open_one(const ExecContext *ctx, const ExecParameters *p, int fileno, ExecStdioAction a,
                    const char *ident, char **ret_stream) {
        int fd;
        bool in = fileno == STDIN_FILENO;
        switch (a) {
        case STDIO_NULL:
                fd = open("/dev/null", (in ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
                return fd < 0 ? -errno : fd;
        case STDIO_TTY:
                return open_tty(ctx, in, in ? O_RDWR : O_WRONLY);
        case STDIO_DATA:
                return open_data(ctx);
        case STDIO_FILE_READ: {
                /* read-write when stdout follows stdin into the same file */
                bool rw = exec_stdio_action(ctx, STDOUT_FILENO, p->n_fds == 1, p->inherit_manager_stdio) == STDIO_DUP_STDIN;
                fd = open(ctx->stdio_file[0], (rw ? O_RDWR | O_CREAT : O_RDONLY) | O_NOCTTY | O_CLOEXEC, 0666);
                return fd < 0 ? -errno : fd;
        }
        case STDIO_SOCKET:
                fd = fcntl(3, F_DUPFD_CLOEXEC, 3); /* socket activation puts it at 3 */
                return fd < 0 ? -errno : fd;
        case STDIO_NAMED_FD:
                return named_fd(p, ctx->stdio_fdname[fileno]);
        case STDIO_DUP_STDIN:
        case STDIO_DUP_STDOUT:
                return -EINVAL; /* resolved by the caller */
        case STDIO_KEEP:
                fd = fcntl(fileno, F_DUPFD_CLOEXEC, 3);
                return fd < 0 ? -errno : fd;
        case STDIO_JOURNAL:
        case STDIO_KMSG:
                fd = connect_journal(ctx, p, ident, a == STDIO_KMSG, ret_stream);
                return fd >= 0 ? fd : open_log_fallback(p, fileno);
        case STDIO_FILE_WRITE:
        case STDIO_FILE_APPEND:
        case STDIO_FILE_TRUNCATE: {
                int flags = O_WRONLY | O_CREAT | O_NOCTTY | O_CLOEXEC;
                flags |= a == STDIO_FILE_APPEND ? O_APPEND : a == STDIO_FILE_TRUNCATE ? O_TRUNC : 0;
                fd = open(ctx->stdio_file[fileno], flags, 0666);
                return fd < 0 ? -errno : fd;
        }
        }
        return -EINVAL;
}

/* A container may bind /dev/null over /dev/console: there is no terminal then, and the
 * console is what the manager's own stdout is connected to (init hands it the console). */
static bool console_missing(const ExecContext *ctx) {
        if (!exec_stdio_uses_tty(ctx) || !streq(tty_path(ctx), "/dev/console"))
                return false;
        int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        bool tty = fd >= 0 && isatty(fd);
        if (fd >= 0)
                close(fd);
        return !tty;
}

int exec_stdio_setup(const ExecContext *ctx, const ExecParameters *p, const char *ident, char **ret_journal_stream) {
        static const int codes[3] = { EXIT_STDIN, EXIT_STDOUT, EXIT_STDERR };
        int fds[3] = { -1, -1, -1 };
        char *stream = NULL;
        int r = 0;
        bool no_console = console_missing(ctx);
        if (exec_stdio_uses_tty(ctx) && !no_console && (ctx->tty_reset || ctx->tty_vhangup || ctx->tty_vt_disallocate))
                tty_prepare(ctx);
        bool in_tty = exec_stdio_action(ctx, STDIN_FILENO, p->n_fds == 1, p->inherit_manager_stdio) == STDIO_TTY;
        for (int i = 0; i < 3; i++) {
                int forced = i == 0 ? p->stdin_fd : i == 1 ? p->stdout_fd : p->stderr_fd;
                ExecStdioAction a = exec_stdio_action(ctx, i, p->n_fds == 1, p->inherit_manager_stdio);
                if (no_console && (a == STDIO_TTY || (a == STDIO_DUP_STDIN && in_tty)))
                        a = STDIO_KEEP;
                if (forced >= 0)
                        fds[i] = fcntl(forced, F_DUPFD_CLOEXEC, 3);
                else if (a == STDIO_DUP_STDIN || a == STDIO_DUP_STDOUT)
                        fds[i] = fcntl(fds[a == STDIO_DUP_STDIN ? 0 : 1], F_DUPFD_CLOEXEC, 3);
                else
                        fds[i] = open_one(ctx, p, i, a, ident, &stream);
                if (fds[i] < 0) {
                        errno = fds[i] < -1 ? -fds[i] : errno;
                        fprintf(stderr, "%s: failed to set up standard %s (%s): %s\n", p->unit_id ?: "?",
                                i == 0 ? "input" : i == 1 ? "output" : "error", exec_stdio_action_to_string(a), strerror(errno));
                        r = codes[i];
                        break;
                }
        }
        for (int i = 0; r == 0 && i < 3; i++)
                if (dup2(fds[i], i) < 0)
                        r = codes[i];
        for (int i = 0; i < 3; i++)
                if (fds[i] >= 0)
                        close(fds[i]);
        if (r != 0) {
                free(stream);
                return r;
        }
        *ret_journal_stream = stream;
        return 0;
}
