/* condition-files.c — the condition tests that look at the file system: Path*=, File*=,
 * DirectoryNotEmpty=, NeedsUpdate= and FirstBoot= stamps, credentials passed to the manager, and
 * User=/Group= through /etc/passwd and /etc/group below root, never NSS (the manager must not
 * block on a directory service inside its event loop). Symlinks are followed everywhere but in
 * PathIsSymbolicLink=, as systemd.unit(5) says. */
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "condition-eval-internal.h"
#include "fileio.h"
#include "log.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"

/* systemd's default upper bound of system users (SYS_UID_MAX of login.defs). */
#define SYSTEM_UID_MAX 999

int condition_test_credential(const Condition *c, const char *root) {
        /* A credential with an invalid name cannot have been passed in. */
        if (!filename_is_valid(c->parameter))
                return 0;

        const char *plain = getenv("CREDENTIALS_DIRECTORY");
        const char *dirs[] = {
                isempty(plain) ? "/run/credentials/@system" : plain,
                getenv("ENCRYPTED_CREDENTIALS_DIRECTORY"),
        };
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                if (isempty(dirs[i]) || !path_is_absolute(dirs[i]))
                        continue;
                _cleanup_free_ char *d = condition_path(root, dirs[i]);
                _cleanup_free_ char *p = d ? path_join(d, c->parameter) : NULL;
                if (!p)
                        return -ENOMEM;
                if (faccessat(AT_FDCWD, p, F_OK, AT_SYMLINK_NOFOLLOW) >= 0)
                        return 1;
                if (errno != ENOENT && errno != ENOTDIR)
                        return -errno;
        }
        return 0;
}
/* ---- first boot and updates ---- */

int condition_test_first_boot(const Condition *c, const char *root) {
        bool b;
        int want = parse_boolean(c->parameter);
        if (want < 0)
                return want;
        if (condition_cmdline_get_bool(root, "systemd.condition-first-boot", &b) > 0)
                return b == want;
        /* The manager creates this when /etc/machine-id was unpopulated at boot. */
        int r = condition_path_exists(root, "/run/systemd/first-boot");
        if (r < 0)
                return r;
        return r == want;
}

int condition_path_is_read_only_fs(const char *path) {
        struct statvfs sv;
        if (statvfs(path, &sv) < 0)
                return -errno;
        if (sv.f_flag & ST_RDONLY)
                return 1;
        /* A read-only bind mount may not show in f_flag on old kernels; access() knows. */
        if (access(path, W_OK) < 0 && errno == EROFS)
                return 1;
        return 0;
}

int condition_test_needs_update(const Condition *c, const char *root) {
        bool b;
        struct stat usr, stamp;

        if (condition_cmdline_get_bool(root, "systemd.condition-needs-update", &b) > 0)
                return b;
        /* An initrd never updates the real root's /etc or /var. */
        if (condition_path_exists(root, "/etc/initrd-release") > 0)
                return 0;

        _cleanup_free_ char *dir = condition_path(root, c->parameter);
        _cleanup_free_ char *stamp_path = dir ? path_join(dir, ".updated") : NULL;
        _cleanup_free_ char *usr_path = condition_path(root, "/usr/");
        if (!stamp_path || !usr_path)
                return -ENOMEM;
        /* What cannot be written cannot be updated either. */
        if (condition_path_is_read_only_fs(dir) > 0)
                return 0;
        if (stat(stamp_path, &stamp) < 0 || stat(usr_path, &usr) < 0)
                return 1;

        if (usr.st_mtim.tv_sec != stamp.st_mtim.tv_sec)
                return usr.st_mtim.tv_sec > stamp.st_mtim.tv_sec;
        if (usr.st_mtim.tv_nsec == 0 || stamp.st_mtim.tv_nsec > 0)
                return usr.st_mtim.tv_nsec > stamp.st_mtim.tv_nsec;

        /* The stamp's file system keeps only seconds: the updater wrote the exact time of /usr
         * it saw into the stamp as TIMESTAMP_NSEC=. */
        _cleanup_free_ char *text = NULL, *value = NULL;
        uint64_t ns;
        if (read_full_file(stamp_path, CONDITION_FILE_MAX, &text, NULL) < 0 ||
            condition_env_file_lookup(text, "TIMESTAMP_NSEC", &value) <= 0 || safe_atou64(value, &ns) < 0)
                return 1;
        return (uint64_t) usr.st_mtim.tv_sec * UINT64_C(1000000000) + (uint64_t) usr.st_mtim.tv_nsec > ns;
}
/* ---- paths ---- */

int condition_test_path(const Condition *c, const char *root) {
        _cleanup_free_ char *p = condition_path(root, c->parameter);
        struct stat st;
        if (!p)
                return -ENOMEM;

        switch (c->type) {
        case CONDITION_PATH_EXISTS:
                return access(p, F_OK) >= 0;
        case CONDITION_PATH_IS_DIRECTORY:
                return stat(p, &st) >= 0 && S_ISDIR(st.st_mode);
        case CONDITION_PATH_IS_SYMBOLIC_LINK:
                return lstat(p, &st) >= 0 && S_ISLNK(st.st_mode);
        case CONDITION_FILE_NOT_EMPTY:
                return stat(p, &st) >= 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        case CONDITION_FILE_IS_EXECUTABLE:
                return stat(p, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
        case CONDITION_PATH_IS_READ_WRITE: {
                /* Like systemd: only a missing path or a read-only file system fails. */
                int r = condition_path_is_read_only_fs(p);
                return r <= 0 && r != -ENOENT;
        }
        default:
                return -EOPNOTSUPP;
        }
}

static int glob_escape_root(const char *root, const char *pattern, char **ret) {
        /* The root is a literal directory name even if it has '*' or '[' in it. */
        _cleanup_free_ char *full = condition_path(root, pattern);
        if (!full)
                return -ENOMEM;
        size_t rl = condition_root_is_host(root) ? 0 : strlen(root);
        char *s = malloc(2 * rl + strlen(full) + 1), *w = s;
        if (!s)
                return -ENOMEM;
        for (size_t i = 0; full[i]; i++) {
                if (i < rl && strchr("*?[]\\{}", full[i]))
                        *w++ = '\\';
                *w++ = full[i];
        }
        *w = 0;
        *ret = s;
        return 0;
}

int condition_test_path_exists_glob(const Condition *c, const char *root) {
        _cleanup_free_ char *pattern = NULL;
        glob_t g = {};
        int r = glob_escape_root(root, c->parameter, &pattern);
        if (r < 0)
                return r;
        r = glob(pattern, GLOB_NOSORT | GLOB_BRACE, NULL, &g);
        size_t n = g.gl_pathc;
        globfree(&g);
        if (r == GLOB_NOMATCH)
                return 0;
        if (r == GLOB_NOSPACE)
                return -ENOMEM;
        if (r != 0)
                return -EIO;
        return n > 0;
}

int condition_test_path_is_mount_point(const Condition *c, const char *root) {
        _cleanup_free_ char *p = condition_path(root, c->parameter);
        _cleanup_free_ char *parent = p ? path_join(p, "..") : NULL;
        struct statx sx;
        struct stat a, b;
        if (!parent)
                return -ENOMEM;

        /* The kernel says so directly since 5.8; symlinks are followed like every path check
         * but PathIsSymbolicLink= does. */
        if (statx(AT_FDCWD, p, 0, STATX_BASIC_STATS, &sx) < 0)
                return 0;
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
                return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
        /* Older kernels: a different device than the parent, or "/" (its own parent). Bind
         * mounts within one file system go unseen here. */
        if (stat(p, &a) < 0 || stat(parent, &b) < 0)
                return 0;
        return a.st_dev != b.st_dev || a.st_ino == b.st_ino;
}

static bool hidden_or_backup(const char *name) {
        /* Directory entries that DirectoryNotEmpty= ignores, as systemd does: dot files, package
         * managers' and editors' leftovers. */
        static const char *const names[] = { "lost+found", "aquota.user", "aquota.group" };
        static const char *const suffixes[] = {
                "~", ".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-old", ".dpkg-new", ".dpkg-tmp",
                ".dpkg-dist", ".dpkg-bak", ".dpkg-backup", ".dpkg-remove", ".ucf-new", ".ucf-old",
                ".ucf-dist", ".swp", ".bak", ".old", ".new",
        };
        if (name[0] == '.')
                return true;
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(name, names[i]))
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(suffixes); i++)
                if (endswith(name, suffixes[i]))
                        return true;
        return false;
}

int condition_test_directory_not_empty(const Condition *c, const char *root) {
        _cleanup_free_ char *p = condition_path(root, c->parameter);
        if (!p)
                return -ENOMEM;
        DIR *d = opendir(p);
        if (!d)
                /* Only a missing directory fails; one we may not read is taken as not empty. */
                return errno != ENOENT && errno != ENOTDIR;
        struct dirent *de;
        bool found = false;
        while (!found && (de = readdir(d)))
                found = !hidden_or_backup(de->d_name);
        closedir(d);
        return found;
}
/* ---- users and groups (no NSS: the files below root) ---- */

static int db_lookup_id(const char *root, const char *file, const char *name, unsigned *ret) {
        _cleanup_free_ char *text = NULL;
        size_t l = strlen(name);
        int r = condition_read_file(root, file, &text);
        if (r < 0)
                return r == -ENOENT ? 0 : r;
        for (const char *line = text; line && *line;) {
                const char *end = strchrnul(line, '\n');
                if (strncmp(line, name, l) == 0 && line[l] == ':') {
                        /* name:password:ID:… */
                        const char *f = strchr(line + l + 1, ':');
                        if (f && f < end) {
                                _cleanup_free_ char *id = strndup(f + 1, strcspn(f + 1, ":\n"));
                                if (!id)
                                        return -ENOMEM;
                                if (safe_atou(id, ret) >= 0)
                                        return 1;
                        }
                }
                line = *end ? end + 1 : NULL;
        }
        return 0;
}

int condition_test_user(const Condition *c, const char *root) {
        uid_t id;
        unsigned u;

        if (parse_uid(c->parameter, &id) >= 0)
                return id == getuid() || id == geteuid();
        if (streq(c->parameter, "@system"))
                return getuid() <= SYSTEM_UID_MAX || geteuid() <= SYSTEM_UID_MAX;
        /* "root" is 0 even where /etc/passwd is not readable yet. */
        if (streq(c->parameter, "root"))
                return getuid() == 0 || geteuid() == 0;
        int r = db_lookup_id(root, "/etc/passwd", c->parameter, &u);
        if (r <= 0)
                return r;
        return (uid_t) u == getuid() || (uid_t) u == geteuid();
}

static int in_gid(gid_t g) {
        if (g == getgid() || g == getegid())
                return 1;
        int n = getgroups(0, NULL);
        if (n < 0)
                return -errno;
        _cleanup_free_ gid_t *list = new(gid_t, (size_t) n);
        if (!list)
                return -ENOMEM;
        n = getgroups(n, list);
        if (n < 0)
                return -errno;
        for (int i = 0; i < n; i++)
                if (list[i] == g)
                        return 1;
        return 0;
}

int condition_test_group(const Condition *c, const char *root) {
        uid_t id;
        unsigned g;

        if (parse_uid(c->parameter, &id) >= 0)
                return in_gid((gid_t) id);
        if (streq(c->parameter, "root"))
                return in_gid(0);
        int r = db_lookup_id(root, "/etc/group", c->parameter, &g);
        if (r <= 0)
                return r;
        return in_gid((gid_t) g);
}
