/* exec-command.h — one command line of ExecStart= and friends, with the prefixes of
 * systemd.service(5): "-" ignore failure, "@" argv[0] given separately, ":" no environment
 * expansion, "+" full privileges, "!" no setuid, "!!" ambient-capability fallback. */
#pragma once

#include <stdbool.h>

typedef enum ExecCommandFlags {
        EXEC_COMMAND_IGNORE_FAILURE = 1 << 0, /* - */
        EXEC_COMMAND_FULLY_PRIVILEGED = 1 << 1, /* + */
        EXEC_COMMAND_NO_SETUID = 1 << 2,      /* ! */
        EXEC_COMMAND_AMBIENT_MAGIC = 1 << 3,  /* !! */
        EXEC_COMMAND_NO_ENV_EXPAND = 1 << 4,  /* : */
} ExecCommandFlags;

typedef struct ExecCommand {
        char *path;     /* the executable: absolute, or a bare name looked up at start */
        char **argv;    /* argv[0] is path unless "@" gave another */
        ExecCommandFlags flags;
        struct ExecCommand *next;
} ExecCommand;

ExecCommand *exec_command_free_list(ExecCommand *c);
void exec_command_append(ExecCommand **list, ExecCommand *c);
/* Renders "path arg…" with quoting, as `systemctl show` prints argv. */
char *exec_command_to_string(const ExecCommand *c);
