/* exec-stdio.h — standard input, output and error of a unit's process (systemd.exec(7),
 * "Logging and Standard Input/Output"), decided in two steps: exec_stdio_action() is the
 * pure decision (systemd's fix-ups included: StandardOutput=socket without a socket on
 * stdin is "inherit", stderr "inherit" duplicates stdout, "inherit" follows stdin unless that
 * is /dev/null or data), exec_stdio_setup() carries it out in the child. "journal" and "kmsg"
 * connect to journald's stdout stream socket with its seven-line header; when journald is
 * not there the service writes to /dev/kmsg (or the console, or /dev/null) directly. Either
 * way the fd the service gets is its own, never a pipe into the manager, so it outlives a
 * manager restart. Terminals get TTYReset=/TTYVHangup=/TTYVTDisallocate= and become the
 * controlling terminal as tty, tty-force and tty-fail ask. */
#pragma once

#include <stdbool.h>

#include "exec-context.h"
#include "exec-spawn.h"

typedef enum ExecStdioAction {
        STDIO_NULL,          /* /dev/null */
        STDIO_TTY,           /* TTYPath= (default /dev/console) */
        STDIO_DATA,          /* StandardInputText=/Data= */
        STDIO_FILE_READ,     /* file: as input */
        STDIO_SOCKET,        /* the one socket of socket activation */
        STDIO_NAMED_FD,      /* fd:NAME */
        STDIO_DUP_STDIN,
        STDIO_DUP_STDOUT,
        STDIO_KEEP,          /* the manager's own (test mode) */
        STDIO_JOURNAL,
        STDIO_KMSG,
        STDIO_FILE_WRITE,    /* file: */
        STDIO_FILE_APPEND,   /* append: */
        STDIO_FILE_TRUNCATE, /* truncate: */
} ExecStdioAction;

/* What fd fileno (0, 1, 2) becomes. have_socket: exactly one socket is passed. */
ExecStdioAction exec_stdio_action(const ExecContext *ctx, int fileno, bool have_socket, bool inherit_manager);
const char *exec_stdio_action_to_string(ExecStdioAction a);

/* Whether any of the three ends up on a terminal (for $TERM and TTYReset=). */
bool exec_stdio_uses_tty(const ExecContext *ctx);
/* $TERM for the context's terminal: "linux" on a virtual console, "vt220" otherwise. */
const char *exec_stdio_default_term(const ExecContext *ctx);

/* Sets up fds 0, 1, 2 in the child. ident names the process in the journal. On success
 * *ret_journal_stream is "dev:ino" of the journal stream (for $JOURNAL_STREAM) or NULL.
 * Returns 0 or the exit code to fail with (EXIT_STDIN, EXIT_STDOUT, EXIT_STDERR). */
int exec_stdio_setup(const ExecContext *ctx, const ExecParameters *p, const char *ident, char **ret_journal_stream);
