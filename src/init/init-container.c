/* init-container.c — see init-container.h. The PID namespace test is what catches a plain
 * `unshare --pid` or a runtime that sets no variable: the initial PID namespace always has the
 * same inode number (PROC_PID_INIT_INO in the kernel), any other one is a container. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init-container.h"
#include "macro.h"

#define PROC_PID_INIT_INO 0xEFFFFFFCU

bool init_detect_container(void) {
        if (!isempty(getenv("container")))
                return true;
        if (access("/run/systemd/container", F_OK) == 0)
                return true;
        struct stat st;
        if (stat("/proc/self/ns/pid", &st) == 0 && st.st_ino != PROC_PID_INIT_INO)
                return true;
        return false;
}

int init_container_exit_code(InitShutdownAction action, int exit_code) {
        switch (action) {
        case INIT_SHUTDOWN_EXIT:
                return exit_code & 0xff;
        case INIT_SHUTDOWN_REBOOT:
        case INIT_SHUTDOWN_KEXEC:
                return INIT_CONTAINER_REBOOT_EXIT;
        default:
                return 0;
        }
}
