/* init-cmdline.c — see init-cmdline.h. The kernel command line is read once at start-up into
 * a stack buffer; values are copied into the fixed-size fields of InitConfig, so nothing
 * points into the buffer afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init-cmdline.h"
#include "init-log.h"

#ifndef INIT_DEFAULT_MANAGER
#define INIT_DEFAULT_MANAGER LIBEXECDIR "/sysmaster"
#endif
#define INIT_DEFAULT_SHUTDOWN LIBEXECDIR "/sysmaster-shutdown"
#define INIT_DEFAULT_SHELL "/bin/sh"

void init_config_defaults(InitConfig *c) {
        *c = (InitConfig) {
                .keepalive_sec = 20,
                .keepalive_misses = 3,
                .crash_max = 5,
                .crash_window_sec = 60,
        };
        strcpy(c->manager, INIT_DEFAULT_MANAGER);
        strcpy(c->shutdown, INIT_DEFAULT_SHUTDOWN);
        strcpy(c->crash_shell, INIT_DEFAULT_SHELL);
}

static int set_path(char *dst, const char *key, const char *v) {
        if (v[0] != '/' || strlen(v) >= PATH_MAX) {
                init_log("%s=%s: not an absolute path, ignoring", key, v);
                return -EINVAL;
        }
        strcpy(dst, v);
        return 0;
}

static int set_uint(unsigned *dst, const char *key, const char *v, unsigned min, unsigned max) {
        char *end;
        errno = 0;
        unsigned long u = strtoul(v, &end, 10);
        if (errno != 0 || end == v || *end != 0 || v[0] == '-' || u < min || u > max) {
                init_log("%s=%s: not a number in %u…%u, ignoring", key, v, min, max);
                return -EINVAL;
        }
        *dst = (unsigned) u;
        return 0;
}

static int set_bool(bool *dst, const char *key, const char *v) {
        if (!v || streq(v, "1") || streq(v, "yes") || streq(v, "true") || streq(v, "on"))
                *dst = true;
        else if (streq(v, "0") || streq(v, "no") || streq(v, "false") || streq(v, "off"))
                *dst = false;
        else {
                init_log("%s=%s: not a boolean, ignoring", key, v);
                return -EINVAL;
        }
        return 0;
}

void init_config_from_env(InitConfig *c) {
        const char *e = getenv("SYSMASTER_MANAGER");
        if (!isempty(e))
                (void) set_path(c->manager, "SYSMASTER_MANAGER", e);
        e = getenv("SYSMASTER_SHUTDOWN");
        if (!isempty(e))
                (void) set_path(c->shutdown, "SYSMASTER_SHUTDOWN", e);
}

/* One word: "key" or "key=value". */
static int apply_word(InitConfig *c, char *w) {
        const char *rest = startswith(w, "sysmaster.");
        if (!rest)
                return 0;
        char *eq = strchr(w, '=');
        const char *v = NULL;
        if (eq) {
                *eq = 0;
                v = eq + 1;
        }
        int r;
        if (streq(w, "sysmaster.crash_reboot"))
                r = set_bool(&c->crash_reboot, w, v);
        else if (!v) {
                init_log("%s needs a value, ignoring", w);
                return 0;
        } else if (streq(w, "sysmaster.manager"))
                r = set_path(c->manager, w, v);
        else if (streq(w, "sysmaster.crash_shell"))
                r = set_path(c->crash_shell, w, v);
        else if (streq(w, "sysmaster.keepalive_sec"))
                r = set_uint(&c->keepalive_sec, w, v, 0, 24 * 3600);
        else if (streq(w, "sysmaster.keepalive_misses"))
                r = set_uint(&c->keepalive_misses, w, v, 1, 1000);
        else if (streq(w, "sysmaster.crash_max"))
                r = set_uint(&c->crash_max, w, v, 1, INIT_CRASH_MAX_LIMIT);
        else if (streq(w, "sysmaster.crash_window_sec"))
                r = set_uint(&c->crash_window_sec, w, v, 1, 24 * 3600);
        else {
                /* Not ours to reject: a newer manager may read sysmaster.* switches too. */
                return 0;
        }
        return r < 0 ? 0 : 1;
}

int init_cmdline_parse(InitConfig *c, const char *line) {
        char word[PATH_MAX + 64];
        int applied = 0;
        const char *p = line;

        for (;;) {
                while (*p == ' ' || *p == '\t' || *p == '\n')
                        p++;
                if (!*p)
                        break;
                /* As the kernel does: quotes group spaces into a word and are removed. */
                size_t n = 0;
                bool quoted = false, too_long = false;
                for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
                        if (*p == '"') {
                                quoted = !quoted;
                                continue;
                        }
                        if (n + 1 < sizeof word)
                                word[n++] = *p;
                        else
                                too_long = true;
                }
                word[n] = 0;
                if (streq(word, "--"))
                        break;
                if (too_long) {
                        init_log("kernel command line word too long, ignoring: %.64s…", word);
                        continue;
                }
                applied += apply_word(c, word);
        }
        return applied;
}

int init_cmdline_load(InitConfig *c) {
        char buf[16384];
        int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        size_t n = 0;
        for (;;) {
                ssize_t k = read(fd, buf + n, sizeof buf - 1 - n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        break;
                n += (size_t) k;
                if (n == sizeof buf - 1)
                        break;
        }
        safe_close(fd);
        buf[n] = 0;
        return init_cmdline_parse(c, buf);
}
