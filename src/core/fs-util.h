/* fs-util.h — small file-system helpers the manager needs for runtime directories, cgroups and
 * PID files: creating a directory with its parents, and reading a small decimal number from a
 * file without following an attacker's symlink or reading without bound. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"

/* Creates path and its missing parents with mode; an existing directory is fine. */
int mkdir_p(const char *path, mode_t mode);
/* Reads the first line of a small file as a pid (> 1). Refuses symlinks unless
 * follow_symlinks, and non-regular files. */
int read_pid_file(const char *path, bool follow_symlinks, pid_t *ret);

#include <dirent.h>
#include <stdio.h>
static inline void fclosep(FILE **f) {
        if (*f)
                fclose(*f);
}
static inline void closedirp(DIR **d) {
        if (*d)
                closedir(*d);
}
#define _cleanup_fclose_ _cleanup_(fclosep)
