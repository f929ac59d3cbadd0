/* exec-parsers-process.c — parsers for who a unit's processes run as and with which process
 * attributes: User=/Group= names, environment lists, WorkingDirectory=, scheduling, CPU and
 * NUMA sets, OOM and core dump settings, the per-unit directories and credentials. Names are
 * only checked for syntax here; the forked child resolves them (see DESIGN.md). */
#include <limits.h>
#include <sched.h>

#include "directive-util.h"
#include "config-values.h"
#include "cpu-set.h"
#include "env-util.h"
#include "exec-context.h"
#include "exec-parsers.h"
#include "parse-util.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"

bool user_group_name_is_valid(const char *s) {
        if (isempty(s))
                return false;
        if (in_charset(s, DIGITS)) {
                uid_t u;
                return parse_uid(s, &u) >= 0;
        }
        /* The relaxed rules systemd applies to unit files: anything a user database could
         * plausibly hold, but nothing that breaks "user:group" notation, paths or parsing. */
        if (s[0] == '-' || streq(s, ".") || streq(s, "..") || strlen(s) > 256)
                return false;
        for (const char *p = s; *p; p++)
                if ((unsigned char) *p < ' ' || *p == 0x7f || strchr(":/, \t", *p))
                        return false;
        return utf8_is_valid(s);
}

int config_parse_exec_user(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **user = data;
        (void) ltype;
        if (!*rvalue) {
                *user = mfree(*user);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        /* A wrong identity would run the service as someone else, so systemd refuses to
         * start the unit instead of ignoring the line. */
        if (!user_group_name_is_valid(k)) {
                log_config(ctx, LOG_ERR, 0, "Invalid user/group name or numeric ID: %s", k);
                return -ENOEXEC;
        }
        free(*user);
        *user = TAKE_PTR(k);
        return 0;
}

int config_parse_exec_supplementary_groups(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***groups = data;
        (void) ltype;
        if (!*rvalue) {
                *groups = strv_free(*groups);
                return 0;
        }
        _cleanup_strv_free_ char **add = NULL;
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX);
                if (r == 0)
                        break;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (config_expand(ctx, word, &k) < 0)
                        continue;
                if (!user_group_name_is_valid(k)) {
                        log_config(ctx, LOG_ERR, 0, "Invalid user/group name or numeric ID: %s", k);
                        return -ENOEXEC;
                }
                if (strv_push(&add, TAKE_PTR(k)) < 0)
                        return log_oom();
        }
        if (strv_extend_strv(groups, add, false) < 0)
                return log_oom();
        return 0;
}

int config_parse_exec_environment_file(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***files = data;
        (void) ltype;
        if (!*rvalue) {
                *files = strv_free(*files);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        const char *path = k[0] == '-' ? k + 1 : k;
        if (!path_is_absolute(path)) {
                log_config_ignoring(ctx, "%s= path is not absolute, ignoring: %s", ctx->lvalue, k);
                return 0;
        }
        if (!path_is_valid(path) || !path_is_normalized(path)) {
                log_config_ignoring(ctx, "%s= path is not valid, ignoring: %s", ctx->lvalue, k);
                return 0;
        }
        if (strv_push(files, TAKE_PTR(k)) < 0)
                return log_oom();
        return 0;
}

/* PassEnvironment= takes names; UnsetEnvironment= names or whole assignments (only that
 * exact assignment is removed). */
static int parse_env_names(const ConfigContext *ctx, const char *rvalue, char ***list, bool assignments) {
        if (!*rvalue) {
                *list = strv_free(*list);
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_CUNESCAPE | EXTRACT_UNQUOTE);
                if (r == 0)
                        break;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (config_expand(ctx, word, &k) < 0)
                        continue;
                if (!env_name_is_valid(k) && !(assignments && env_assignment_is_valid(k))) {
                        log_config_ignoring(ctx, "Invalid environment %s in %s=, ignoring: %s",
                                    assignments ? "name or assignment" : "name", ctx->lvalue, k);
                        continue;
                }
                if (strv_consume_unique(list, TAKE_PTR(k)) < 0)
                        return log_oom();
        }
        return 0;
}

int config_parse_exec_pass_environment(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        (void) ltype;
        return parse_env_names(ctx, rvalue, data, false);
}

int config_parse_exec_unset_environment(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        (void) ltype;
        return parse_env_names(ctx, rvalue, data, true);
}

int config_parse_exec_working_directory(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->working_directory = mfree(c->working_directory);
                c->working_directory_home = c->working_directory_missing_ok = false;
                return 0;
        }
        bool missing_ok = rvalue[0] == '-';
        const char *v = missing_ok ? rvalue + 1 : rvalue;
        if (streq(v, "~")) {
                c->working_directory = mfree(c->working_directory);
                c->working_directory_home = true;
                c->working_directory_missing_ok = missing_ok;
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, v, &k) < 0)
                return 0;
        if (!path_is_absolute(k)) {
                log_config_ignoring(ctx, "WorkingDirectory= path is not absolute, ignoring: %s", k);
                return 0;
        }
        /* "//" and "." are simplified away first, as systemd does ("/tmp///./x/." is "/tmp/x");
         * ".." stays an error */
        if (!path_is_valid(k) || !path_is_normalized(path_simplify(k))) {
                log_config_ignoring(ctx, "WorkingDirectory= path is not valid, ignoring: %s", k);
                return 0;
        }
        free(c->working_directory);
        c->working_directory = TAKE_PTR(k);
        c->working_directory_home = false;
        c->working_directory_missing_ok = missing_ok;
        return 0;
}

int config_parse_exec_nice(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->nice_set = false;
                c->nice = 0;
                return 0;
        }
        int n;
        if (parse_nice(rvalue, &n) < 0) {
                log_config_ignoring(ctx, "Nice priority out of range or invalid, ignoring: %s", rvalue);
                return 0;
        }
        c->nice = n;
        c->nice_set = true;
        return 0;
}

static const char *const sched_policy_names[] = {
        [SCHED_OTHER] = "other", [SCHED_FIFO] = "fifo", [SCHED_RR] = "rr",
        [SCHED_BATCH] = "batch", [SCHED_IDLE] = "idle",
};

int config_parse_exec_cpu_sched_policy(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->cpu_sched_policy = SCHED_OTHER;
                c->cpu_sched_priority = 0;
                c->cpu_sched_policy_set = false;
                return 0;
        }
        int p = string_table_lookup(sched_policy_names, ELEMENTSOF(sched_policy_names), rvalue);
        if (p < 0) {
                log_config_ignoring(ctx, "Failed to parse CPU scheduling policy, ignoring: %s", rvalue);
                return 0;
        }
        c->cpu_sched_policy = p;
        c->cpu_sched_policy_set = true;
        return 0;
}

int config_parse_exec_cpu_sched_prio(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->cpu_sched_priority = 0;
                c->cpu_sched_priority_set = false;
                return 0;
        }
        int i;
        if (safe_atoi(rvalue, &i) < 0) {
                log_config_ignoring(ctx, "Failed to parse CPU scheduling priority, ignoring: %s", rvalue);
                return 0;
        }
        /* 0 for the non-real-time policies, 1…99 for fifo and rr; which one applies is only
         * known once the policy is, so the union is accepted here. */
        if (i < 0 || i > 99) {
                log_config_ignoring(ctx, "CPU scheduling priority is out of range, ignoring: %s", rvalue);
                return 0;
        }
        c->cpu_sched_priority = i;
        c->cpu_sched_priority_set = true;
        return 0;
}

int config_parse_exec_cpu_affinity(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                cpu_set_reset(&c->cpu_affinity);
                c->cpu_affinity_from_numa = false;
                return 0;
        }
        /* "numa" derives the CPUs from NUMAMask= when the process starts. */
        if (streq(rvalue, "numa")) {
                cpu_set_reset(&c->cpu_affinity);
                c->cpu_affinity_from_numa = true;
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        c->cpu_affinity_from_numa = false;
        return config_parse_cpu_set(ctx, 0, k, &c->cpu_affinity);
}

int config_parse_exec_numa_mask(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue || streq(rvalue, "all")) {
                cpu_set_reset(&c->numa_mask);
                c->numa_mask_all = !!*rvalue;
                return 0;
        }
        c->numa_mask_all = false;
        return config_parse_cpu_set(ctx, 0, rvalue, &c->numa_mask);
}

static const char *const io_class_names[_IO_CLASS_MAX] = {
        [IO_CLASS_NONE] = "none",
        [IO_CLASS_REALTIME] = "realtime",
        [IO_CLASS_BEST_EFFORT] = "best-effort",
        [IO_CLASS_IDLE] = "idle",
};

int config_parse_exec_io_class(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->ioprio_class = IO_CLASS_BEST_EFFORT;
                c->ioprio_class_set = false;
                return 0;
        }
        unsigned u;
        int i = string_table_lookup(io_class_names, ELEMENTSOF(io_class_names), rvalue);
        if (i < 0 && safe_atou(rvalue, &u) >= 0 && u < _IO_CLASS_MAX)
                i = (int) u;
        if (i < 0) {
                log_config_ignoring(ctx, "Failed to parse IO scheduling class, ignoring: %s", rvalue);
                return 0;
        }
        c->ioprio_class = i;
        c->ioprio_class_set = true;
        return 0;
}

int config_parse_exec_io_priority(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->ioprio = 4;
                c->ioprio_set = false;
                return 0;
        }
        unsigned u;
        if (safe_atou(rvalue, &u) < 0 || u > 7) {
                log_config_ignoring(ctx, "Failed to parse IO priority, ignoring: %s", rvalue);
                return 0;
        }
        c->ioprio = (int) u;
        c->ioprio_set = true;
        return 0;
}

int config_parse_exec_oom_score_adjust(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->oom_score_adjust = 0;
                c->oom_score_adjust_set = false;
                return 0;
        }
        int i;
        if (safe_atoi(rvalue, &i) < 0) {
                log_config_ignoring(ctx, "Failed to parse the OOM score adjust value, ignoring: %s", rvalue);
                return 0;
        }
        if (i < -1000 || i > 1000) {
                log_config_ignoring(ctx, "OOM score adjust value out of range, ignoring: %s", rvalue);
                return 0;
        }
        c->oom_score_adjust = i;
        c->oom_score_adjust_set = true;
        return 0;
}

/* Bit positions of /proc/PID/coredump_filter, see core(5). */
static const char *const coredump_filter_names[] = {
        "private-anonymous", "shared-anonymous", "private-file-backed", "shared-file-backed",
        "elf-headers", "private-huge", "shared-huge", "private-dax", "shared-dax",
};
#define COREDUMP_FILTER_DEFAULT UINT64_C(0x33) /* the kernel's: anonymous, ELF headers, private huge */

int config_parse_exec_coredump_filter(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                c->coredump_filter = COREDUMP_FILTER_DEFAULT;
                c->coredump_filter_set = false;
                return 0;
        }
        uint64_t mask = 0;
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, 0);
                if (r == 0)
                        break;
                uint64_t v;
                int i = r > 0 ? string_table_lookup(coredump_filter_names, ELEMENTSOF(coredump_filter_names), word)
                              : -EINVAL;
                if (i >= 0)
                        mask |= UINT64_C(1) << i;
                else if (r > 0 && streq(word, "default"))
                        mask |= COREDUMP_FILTER_DEFAULT;
                else if (r > 0 && streq(word, "all"))
                        mask |= UINT32_MAX;
                else if (r > 0 && startswith(word, "0x") && safe_atou64(word, &v) >= 0)
                        mask |= v;
                else {
                        log_config_ignoring(ctx, "Failed to parse CoredumpFilter=, ignoring: %s", rvalue);
                        return 0;
                }
        }
        /* Several assignments add up: the bits are OR'ed with what earlier lines set. */
        c->coredump_filter = (c->coredump_filter_set ? c->coredump_filter : 0) | mask;
        c->coredump_filter_set = true;
        return 0;
}

/* The architectures systemd.exec(7) lists for Personality=; the kernel persona follows
 * from the pair (host, requested) when the process starts. */
static const char *const personality_names[] = {
        "x86", "x86-64", "ppc", "ppc-le", "ppc64", "ppc64-le", "s390", "s390x",
};

int config_parse_exec_personality(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **personality = data;
        (void) ltype;
        if (!*rvalue) {
                *personality = mfree(*personality);
                return 0;
        }
        if (string_table_lookup(personality_names, ELEMENTSOF(personality_names), rvalue) < 0) {
                log_config_ignoring(ctx, "Failed to parse personality, ignoring: %s", rvalue);
                return 0;
        }
        return strdup_to(personality, rvalue) < 0 ? log_oom() : 0;
}

int config_parse_exec_timer_slack(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        nsec_t *slack = data;
        (void) ltype;
        if (!*rvalue) {
                *slack = NSEC_INFINITY;
                return 0;
        }
        nsec_t n;
        if (parse_nsec(rvalue, &n) < 0) {
                log_config_ignoring(ctx, "Failed to parse nsec value, ignoring: %s", rvalue);
                return 0;
        }
        *slack = n;
        return 0;
}

void exec_directory_items_free(ExecDirectoryItem *items, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(items[i].path);
                strv_free(items[i].symlinks);
        }
        free(items);
}

static bool directory_path_is_valid(const char *p) {
        return path_is_valid(p) && !path_is_absolute(p) && path_is_normalized(p) && !streq(p, ".") &&
               !startswith(p, "../") && !streq(p, "..");
}

/* Path order: "/" sorts before every other character, so a directory comes right before
 * its subdirectories ("aaa", "aaa/bbb", "aaa-x"). */
static int directory_item_compare(const void *a, const void *b) {
        const unsigned char *x = (const unsigned char *) ((const ExecDirectoryItem *) a)->path;
        const unsigned char *y = (const unsigned char *) ((const ExecDirectoryItem *) b)->path;
        for (; *x && *x == *y; x++, y++)
                ;
        int cx = *x == '/' ? 1 : *x, cy = *y == '/' ? 1 : *y;
        return cx - cy;
}

/* "path[:symlink[:symlink…]]" per word: both sides relative to the type's base directory
 * (/run, /var/lib…), simplified ("//" and "." dropped) and without "..". */
int config_parse_exec_directories(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecDirectory *d = data;
        (void) ltype;
        if (!*rvalue) {
                exec_directory_items_free(d->items, d->n_items);
                d->items = NULL;
                d->n_items = 0;
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r == 0)
                        break;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        break;
                }
                if (config_expand(ctx, word, &k) < 0)
                        continue;
                _cleanup_strv_free_ char **parts = NULL;
                if (strv_split_full(&parts, k, ":", EXTRACT_DONT_COALESCE_SEPARATORS) < 0)
                        return log_oom();
                bool ok = parts && parts[0];
                /* simplified first, as systemd does: "./a///./b/." is "a/b" */
                STRV_FOREACH(s, parts)
                        if (!directory_path_is_valid(path_simplify(*s))) {
                                log_config_ignoring(ctx, "%s= path is %s, ignoring: %s", ctx->lvalue,
                                            path_is_absolute(*s) ? "absolute" : "not valid or not normalized", k);
                                ok = false;
                                break;
                        }
                if (!ok)
                        continue;
                ExecDirectoryItem *items = realloc(d->items, (d->n_items + 1) * sizeof(ExecDirectoryItem));
                if (!items)
                        return log_oom();
                d->items = items;
                _cleanup_free_ char *path = strdup(parts[0]);
                char **links = strv_copy(parts + 1);
                if (!path || !links) {
                        strv_free(links);
                        return log_oom();
                }
                d->items[d->n_items++] = (ExecDirectoryItem) { .path = TAKE_PTR(path), .symlinks = links };
        }
        /* Kept sorted, as systemd 252 sorts them: $STATE_DIRECTORY… list them in this order, and
         * a parent is set up before the subdirectories listed with it (DynamicUser= puts only the
         * topmost behind a symlink into private/). */
        if (d->n_items > 1)
                qsort(d->items, d->n_items, sizeof(ExecDirectoryItem), directory_item_compare);
        return 0;
}

static bool credential_id_is_valid(const char *id) {
        return filename_is_valid(id) && strlen(id) <= 255;
}

static int credential_append(ExecContext *c, bool load, ExecCredential cred) {
        ExecCredential **list = load ? &c->load_credentials : &c->set_credentials;
        size_t *n = load ? &c->n_load_credentials : &c->n_set_credentials;
        /* A later assignment of the same ID replaces the earlier one. */
        for (size_t i = 0; i < *n; i++)
                if (streq((*list)[i].id, cred.id)) {
                        free((*list)[i].id);
                        free((*list)[i].value);
                        (*list)[i] = cred;
                        return 0;
                }
        ExecCredential *l = realloc(*list, (*n + 1) * sizeof(ExecCredential));
        if (!l) {
                free(cred.id);
                free(cred.value);
                return log_oom();
        }
        *list = l;
        l[(*n)++] = cred;
        return 0;
}

void exec_credentials_free(ExecCredential *l, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(l[i].id);
                free(l[i].value);
        }
        free(l);
}

int config_parse_exec_load_credential(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        if (!*rvalue) {
                exec_credentials_free(c->load_credentials, c->n_load_credentials);
                c->load_credentials = NULL;
                c->n_load_credentials = 0;
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        char *colon = strchr(k, ':');
        if (colon)
                *colon = 0;
        if (!credential_id_is_valid(k)) {
                log_config_ignoring(ctx, "Credential name \"%s\" not valid, ignoring.", k);
                return 0;
        }
        _cleanup_free_ char *id = strdup(k), *path = NULL;
        if (!id)
                return log_oom();
        if (colon && colon[1]) {
                /* A relative source names a credential passed to the manager itself. */
                const char *src = colon + 1;
                if (path_is_absolute(src) ? !(path_is_valid(src) && path_is_normalized(src))
                                          : !credential_id_is_valid(src)) {
                        log_config_ignoring(ctx, "Credential source \"%s\" not valid, ignoring.", src);
                        return 0;
                }
                path = strdup(src);
                if (!path)
                        return log_oom();
        }
        return credential_append(c, true,
                                 (ExecCredential) { .id = TAKE_PTR(id), .value = TAKE_PTR(path), .encrypted = ltype });
}

int config_parse_exec_set_credential(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        if (!*rvalue) {
                exec_credentials_free(c->set_credentials, c->n_set_credentials);
                c->set_credentials = NULL;
                c->n_set_credentials = 0;
                return 0;
        }
        const char *colon = strchr(rvalue, ':');
        if (!colon) {
                log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                return 0;
        }
        _cleanup_free_ char *word = strndup(rvalue, (size_t) (colon - rvalue)), *id = NULL;
        if (!word)
                return log_oom();
        if (config_expand(ctx, word, &id) < 0)
                return 0;
        if (!credential_id_is_valid(id)) {
                log_config_ignoring(ctx, "Credential name \"%s\" not valid, ignoring.", id);
                return 0;
        }
        void *value = NULL;
        size_t size = 0;
        if (ltype) {
                if (unbase64mem(colon + 1, &value, &size) < 0) {
                        log_config_ignoring(ctx, "Encrypted credential data not valid Base64 data, ignoring.");
                        return 0;
                }
        } else {
                /* Plain values take C escapes and specifiers, so binary data can be written. */
                _cleanup_free_ char *expanded = NULL;
                if (config_expand(ctx, colon + 1, &expanded) < 0)
                        return 0;
                if (cunescape(expanded, (char **) &value) < 0) {
                        log_config_ignoring(ctx, "Failed to unescape credential value, ignoring: %s", rvalue);
                        return 0;
                }
                size = strlen(value);
        }
        return credential_append(c, false,
                                 (ExecCredential) { .id = TAKE_PTR(id), .value = value, .size = size, .encrypted = ltype });
}
