/* exec-identity.c — see exec-identity.h. Runs in the forked child except
 * exec_dynamic_user_name() and exec_dynamic_user_release(), which the manager uses when a
 * unit stops and which touch no user database. */
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec-identity.h"
#include "exec-spawn.h"
#include "fileio.h"
#include "fs-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

void exec_identity_done(ExecIdentity *id) {
        free(id->groups);
        free(id->user_name);
        free(id->home);
        free(id->shell);
        *id = (ExecIdentity){};
}

/* systemd's rule for names it accepts in User=/Group= without complaint: the portable set. */
bool exec_user_name_is_valid(const char *name) {
        if (!name || !*name || strlen(name) > 31)
                return false;
        if (!(name[0] >= 'a' && name[0] <= 'z') && !(name[0] >= 'A' && name[0] <= 'Z') && name[0] != '_')
                return false;
        return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(name);
}

static bool parse_id(const char *s, unsigned *ret) {
        char *end;
        if (!s || !*s || *s == '-' || *s == '+')
                return false;
        errno = 0;
        unsigned long v = strtoul(s, &end, 10);
        if (errno || *end || v >= (unsigned long) UINT32_MAX - 1) /* -1 and 65535-style invalid ids */
                return false;
        *ret = (unsigned) v;
        return true;
}

static bool is_nologin_shell(const char *s) {
        static const char *const shells[] = {
                "/bin/nologin", "/sbin/nologin", "/usr/bin/nologin", "/usr/sbin/nologin",
                "/bin/false", "/usr/bin/false", "/bin/true", "/usr/bin/true",
        };
        for (size_t i = 0; i < ELEMENTSOF(shells); i++)
                if (streq(s, shells[i]))
                        return true;
        return false;
}

/* User= → uid, primary gid, and the cleaned home and shell. nobody is always synthesized
 * (uid 65534, no home, no shell) and root is synthesized when the database lacks it, as
 * systemd 252 does; every other name goes to NSS. */
static int lookup_user(const char *name, ExecIdentity *id) {
        unsigned n = 0;
        bool numeric = parse_id(name, &n);
        if (streq(name, "nobody") || (numeric && n == 65534)) {
                id->uid = 65534;
                id->gid = 65534;
                return (id->user_name = strdup("nobody")) ? 0 : -ENOMEM;
        }
        bool root = streq(name, "root") || (numeric && n == 0);
        errno = 0;
        struct passwd *pw = root ? getpwuid(0) : numeric ? getpwuid((uid_t) n) : getpwnam(name);
        if (!pw) {
                if (root) {
                        id->uid = 0;
                        id->gid = 0;
                        return (id->user_name = strdup("root")) && (id->home = strdup("/root")) &&
                                               (id->shell = strdup("/bin/sh")) ? 0 : -ENOMEM;
                }
                return errno > 0 ? -errno : -ESRCH;
        }
        id->uid = pw->pw_uid;
        id->gid = pw->pw_gid;
        /* a numeric User= is reported with the database's name, as systemd does */
        if (!(id->user_name = strdup(numeric ? pw->pw_name : name)))
                return -ENOMEM;
        if (pw->pw_dir && *pw->pw_dir && !streq(pw->pw_dir, "/") && !(id->home = strdup(pw->pw_dir)))
                return -ENOMEM;
        if (pw->pw_shell && *pw->pw_shell && !is_nologin_shell(pw->pw_shell) && !(id->shell = strdup(pw->pw_shell)))
                return -ENOMEM;
        return 0;
}

static int lookup_group(const char *name, gid_t *ret) {
        unsigned n = 0;
        bool numeric = parse_id(name, &n);
        if (streq(name, "root") || (numeric && n == 0)) {
                *ret = 0;
                return 0;
        }
        errno = 0;
        struct group *gr = numeric ? getgrgid((gid_t) n) : getgrnam(name);
        if (!gr) {
                /* Debian's systemd names the synthesized group "nogroup": Group=nobody
                 * without a database entry is 216/GROUP there, as test-execute's
                 * exec-group-nobody under systemd 252 shows */
                if (streq(name, "nogroup") || (numeric && n == 65534)) {
                        *ret = 65534;
                        return 0;
                }
                return errno > 0 ? -errno : -ESRCH;
        }
        *ret = gr->gr_gid;
        return 0;
}

static int add_group(ExecIdentity *id, gid_t g) {
        for (size_t i = 0; i < id->n_groups; i++)
                if (id->groups[i] == g)
                        return 0;
        if (id->n_groups >= (size_t) NGROUPS_MAX)
                return -E2BIG;
        gid_t *a = realloc(id->groups, (id->n_groups + 1) * sizeof(gid_t));
        if (!a)
                return -ENOMEM;
        id->groups = a;
        id->groups[id->n_groups++] = g;
        return 0;
}

int exec_dynamic_user_name(const ExecContext *ctx, const char *unit_id, char **ret) {
        if (ctx->user)
                return (*ret = strdup(ctx->user)) ? 0 : -ENOMEM;
        _cleanup_free_ char *prefix = NULL;
        int r = unit_name_to_prefix(unit_id, &prefix);
        if (r < 0)
                return r;
        if (exec_user_name_is_valid(prefix)) {
                *ret = TAKE_PTR(prefix);
                return 0;
        }
        /* FNV-1a: stable across runs, which is all a name needs here */
        uint64_t h = 0xcbf29ce484222325ULL;
        for (const char *p = prefix; *p; p++)
                h = (h ^ (uint8_t) *p) * 0x100000001b3ULL;
        return asprintf(ret, "_du%016llx", (unsigned long long) h) < 0 ? -ENOMEM : 0;
}

static int read_id_link(const char *dir, const char *name, uid_t *ret) {
        _cleanup_free_ char *p = NULL;
        if (asprintf(&p, "%s/direct:%s", dir, name) < 0)
                return -ENOMEM;
        char buf[32];
        ssize_t n = readlink(p, buf, sizeof buf - 1);
        if (n < 0)
                return -errno;
        buf[n] = 0;
        unsigned u;
        if (!parse_id(buf, &u) || u < DYNAMIC_UID_MIN || u > DYNAMIC_UID_MAX)
                return -EBADMSG;
        *ret = (uid_t) u;
        return 0;
}

int exec_dynamic_user_acquire(const char *dir, const char *name, uid_t *ret) {
        if (!exec_user_name_is_valid(name))
                return -EINVAL;
        int r = mkdir_p(dir, 0755);
        if (r < 0)
                return r;
        _cleanup_close_ int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return -errno;
        /* one writer at a time: two units (or ExecStartPre= and ExecStart=) may race */
        if (flock(dfd, LOCK_EX) < 0)
                return -errno;
        uid_t u;
        if (read_id_link(dir, name, &u) >= 0) {
                _cleanup_free_ char *f = NULL, *owner = NULL;
                if (asprintf(&f, "%s/%u", dir, (unsigned) u) < 0)
                        return -ENOMEM;
                size_t sz;
                if (read_full_file(f, 256, &owner, &sz) >= 0 && streq(strstrip(owner), name)) {
                        *ret = u;
                        return 0;
                }
        }
        const uint32_t range = DYNAMIC_UID_MAX - DYNAMIC_UID_MIN + 1;
        uint32_t h = 2166136261u;
        for (const char *p = name; *p; p++)
                h = (h ^ (uint8_t) *p) * 16777619u;
        for (uint32_t i = 0; i < range; i++) {
                u = DYNAMIC_UID_MIN + (h + i) % range;
                _cleanup_free_ char *f = NULL;
                if (asprintf(&f, "%s/%u", dir, (unsigned) u) < 0)
                        return -ENOMEM;
                if (access(f, F_OK) == 0)
                        continue;
                if (getpwuid(u) || getgrgid((gid_t) u)) /* taken by the system's user database */
                        continue;
                _cleanup_close_ int fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
                if (fd < 0) {
                        if (errno == EEXIST)
                                continue;
                        return -errno;
                }
                if (dprintf(fd, "%s\n", name) < 0)
                        return -EIO;
                _cleanup_free_ char *l1 = NULL, *l2 = NULL;
                char num[16];
                snprintf(num, sizeof num, "%u", (unsigned) u);
                if (asprintf(&l1, "%s/direct:%u", dir, (unsigned) u) < 0 || asprintf(&l2, "%s/direct:%s", dir, name) < 0)
                        return -ENOMEM;
                (void) unlink(l1);
                (void) unlink(l2);
                if (symlink(name, l1) < 0 || symlink(num, l2) < 0)
                        return -errno;
                *ret = u;
                return 0;
        }
        return -EBUSY;
}

void exec_dynamic_user_release(const char *dir, const char *name) {
        uid_t u;
        if (read_id_link(dir, name, &u) < 0)
                return;
        _cleanup_free_ char *f = NULL, *l1 = NULL, *l2 = NULL;
        if (asprintf(&f, "%s/%u", dir, (unsigned) u) < 0 || asprintf(&l1, "%s/direct:%u", dir, (unsigned) u) < 0 ||
            asprintf(&l2, "%s/direct:%s", dir, name) < 0)
                return;
        (void) unlink(l2);
        (void) unlink(l1);
        (void) unlink(f);
}

static bool static_user_exists(const char *name) {
        unsigned n = 0;
        if (parse_id(name, &n))
                return getpwuid((uid_t) n) != NULL;
        return getpwnam(name) != NULL;
}

int exec_identity_resolve(const ExecContext *ctx, const char *unit_id, ExecIdentity *ret, int *ret_exit) {
        ExecIdentity id = { .uid = getuid(), .gid = getgid() };
        int r = 0;
        *ret_exit = EXIT_USER;
        /* DynamicUser= with a User= the user database already knows runs as that static user
         * (systemd.exec(5)): test-execute's User=1 and User=games must get uid 1 and games,
         * not a fresh id (or EINVAL for the name "1"). The rest of DynamicUser= still holds. */
        bool dynamic = ctx->dynamic_user && !(ctx->user && static_user_exists(ctx->user));
        if (dynamic) {
                _cleanup_free_ char *name = NULL;
                uid_t u;
                if ((r = exec_dynamic_user_name(ctx, unit_id, &name)) < 0 ||
                    (r = exec_dynamic_user_acquire(DYNAMIC_UID_DIR, name, &u)) < 0)
                        goto fail;
                id.uid = u;
                id.gid = (gid_t) u;
                id.change_user = id.change_group = id.set_groups = true;
                id.user_name = TAKE_PTR(name);
                if (ctx->group && !streq(ctx->group, id.user_name)) {
                        *ret_exit = EXIT_GROUP;
                        if ((r = exec_dynamic_user_acquire(DYNAMIC_UID_DIR, ctx->group, &u)) < 0)
                                goto fail;
                        id.gid = (gid_t) u;
                }
        } else if (ctx->user) {
                if ((r = lookup_user(ctx->user, &id)) < 0)
                        goto fail;
                id.change_user = id.change_group = true;
                /* the user's own group list, as initgroups() would give; root keeps the
                 * manager's, as systemd avoids the lookup for gid 0 */
                if (id.gid != 0) {
                        int n = 64;
                        _cleanup_free_ gid_t *l = NULL;
                        for (;;) {
                                free(l);
                                if (!(l = new (gid_t, (size_t) n))) {
                                        r = -ENOMEM;
                                        goto fail;
                                }
                                int want = n;
                                if (getgrouplist(id.user_name, id.gid, l, &want) >= 0) {
                                        n = want;
                                        break;
                                }
                                if (want <= n || want > NGROUPS_MAX) {
                                        n = 0;
                                        break;
                                }
                                n = want;
                        }
                        for (int i = 0; i < n; i++)
                                if ((r = add_group(&id, l[i])) < 0)
                                        goto fail;
                        id.set_groups = true;
                }
        }
        *ret_exit = EXIT_GROUP;
        if (ctx->group && !dynamic) {
                if ((r = lookup_group(ctx->group, &id.gid)) < 0)
                        goto fail;
                id.change_group = true;
        }
        STRV_FOREACH(g, ctx->supplementary_groups) {
                gid_t gid;
                if ((r = lookup_group(*g, &gid)) < 0 || (r = add_group(&id, gid)) < 0)
                        goto fail;
                id.set_groups = true;
        }
        *ret = id;
        return 0;
fail:
        exec_identity_done(&id);
        return r < 0 ? r : -EINVAL;
}

int exec_identity_apply_groups(const ExecIdentity *id) {
        if (id->set_groups && setgroups(id->n_groups, id->groups) < 0)
                return -errno;
        if (id->change_group && setresgid(id->gid, id->gid, id->gid) < 0)
                return -errno;
        return 0;
}

int exec_identity_apply_user(const ExecIdentity *id) {
        if (id->change_user && setresuid(id->uid, id->uid, id->uid) < 0)
                return -errno;
        return 0;
}
