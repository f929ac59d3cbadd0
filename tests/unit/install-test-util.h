/* install-test-util.h — temporary unit trees for the install and preset tests: a root in
 * /tmp with files written and symlinks made by relative path, and a recursive removal. */
#pragma once

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void tt_mkdir_parents(const char *path) {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", path);
        for (char *s = strchr(buf + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = 0;
                (void) mkdir(buf, 0755);
                *s = '/';
        }
}

static inline void tt_write(const char *root, const char *rel, const char *text) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        tt_mkdir_parents(p);
        FILE *f = fopen(p, "we");
        if (!f)
                abort();
        fputs(text, f);
        fclose(f);
}

static inline void tt_symlink(const char *root, const char *target, const char *rel) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        tt_mkdir_parents(p);
        if (symlink(target, p) < 0)
                abort();
}

/* The target of root/rel, or "" when it is not a symlink. */
static inline const char *tt_readlink(const char *root, const char *rel) {
        static char buf[4096];
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        ssize_t k = readlink(p, buf, sizeof buf - 1);
        buf[k < 0 ? 0 : k] = 0;
        return buf;
}

static inline int tt_exists(const char *root, const char *rel) {
        char p[4096];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", root, rel);
        return lstat(p, &st) == 0;
}

static inline char *tt_mkroot(void) {
        char *d = strdup("/tmp/sctl-install-test.XXXXXX");
        if (!d || !mkdtemp(d))
                abort();
        unsetenv("SYSTEMD_UNIT_PATH");
        tt_write(d, "usr/lib/systemd/system/multi-user.target", "[Unit]\n");
        tt_write(d, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        return d;
}

static inline void tt_rmroot(char *d) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
        if (system(cmd) != 0)
                abort();
        free(d);
}
