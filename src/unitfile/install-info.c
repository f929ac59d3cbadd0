/* install-info.c — finding a unit file for enable/disable/is-enabled and reading its
 * [Install] section. A name is looked up along the search path, highest priority first; an
 * instance falls back to its template. A symlink found there is one of three things: a mask
 * (to /dev/null), a linked unit file (same name, target outside the search path), or an
 * alias, which is followed by the name it points to, from the top of the search path again —
 * so an alias of a masked unit is masked too. Specifiers in [Install] values are expanded
 * here with the restricted set systemctl offers offline (no %f, %I, %t… which need a
 * running manager or the unescaped forms). */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "fileio.h"
#include "ini.h"
#include "install-internal.h"
#include "log.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

#define FOLLOW_MAX 64

InstallInfo *install_info_free(InstallInfo *i) {
        if (!i)
                return NULL;
        free(i->name);
        free(i->path);
        free(i->dir);
        free(i->found_path);
        strv_free(i->chain);
        strv_free(i->wanted_by);
        strv_free(i->required_by);
        strv_free(i->aliases);
        strv_free(i->also);
        free(i->default_instance);
        return mfree(i);
}

bool install_info_has_rules(const InstallInfo *i) {
        return strv_length(i->aliases) > 0 || strv_length(i->wanted_by) > 0 || strv_length(i->required_by) > 0 ||
               (unit_name_is_valid(i->name, UNIT_NAME_TEMPLATE) && !isempty(i->default_instance));
}

char *install_link_target(const char *dir, const char *dest) {
        _cleanup_free_ char *joined = path_is_absolute(dest) ? strdup(dest) : path_join(dir, dest);
        if (!joined)
                return NULL;
        /* Lexically: the links live below a root that the kernel must not resolve them in. */
        char *out = malloc(strlen(joined) + 2), *w = out;
        if (!out)
                return NULL;
        for (const char *p = joined; *p;) {
                while (*p == '/')
                        p++;
                size_t l = strcspn(p, "/");
                if (l == 0)
                        break;
                if (l == 1 && p[0] == '.')
                        ;
                else if (l == 2 && p[0] == '.' && p[1] == '.') {
                        while (w > out && *--w != '/')
                                ;
                } else {
                        *w++ = '/';
                        memcpy(w, p, l);
                        w += l;
                }
                p += l;
        }
        if (w == out)
                *w++ = '/';
        *w = 0;
        return out;
}

/* ---- reading [Install] ---- */

typedef struct ParseState {
        const LookupPaths *lp;
        InstallInfo *info;
} ParseState;

static int strv_assign_words(char ***l, const char *value) {
        if (isempty(value)) { /* an empty assignment resets the list */
                *l = strv_free(*l);
                return 0;
        }
        _cleanup_strv_free_ char **words = NULL;
        int r = strv_split_full(&words, value, WHITESPACE, EXTRACT_UNQUOTE | EXTRACT_RETAIN_ESCAPE | EXTRACT_RELAX);
        if (r < 0)
                return r;
        return strv_extend_strv(l, words, false);
}

static int on_install_assignment(const char *filename, unsigned line, const char *section, const char *key,
                                 const char *value, void *userdata) {
        ParseState *s = userdata;
        InstallInfo *i = s->info;

        if (!streq(section, "Install"))
                return 0; /* other sections are the unit loader's business */
        if (streq(key, "WantedBy"))
                return strv_assign_words(&i->wanted_by, value) < 0 ? log_oom() : 0;
        if (streq(key, "RequiredBy"))
                return strv_assign_words(&i->required_by, value) < 0 ? log_oom() : 0;
        if (streq(key, "Alias"))
                return strv_assign_words(&i->aliases, value) < 0 ? log_oom() : 0;
        if (streq(key, "Also")) {
                /* Also= names are expanded when read: they name units to process, not links. */
                _cleanup_strv_free_ char **words = NULL;
                if (strv_assign_words(&words, value) < 0)
                        return log_oom();
                STRV_FOREACH(w, words) {
                        _cleanup_free_ char *e = NULL;
                        int r = install_name_printf(s->lp, i, *w, &e);
                        if (r < 0) {
                                log_syntax(NULL, LOG_WARNING, filename, line, r,
                                           "Failed to resolve unit name in Also=\"%s\", ignoring.", *w);
                                continue;
                        }
                        if (!unit_name_is_valid(e, UNIT_NAME_ANY)) {
                                log_syntax(NULL, LOG_WARNING, filename, line, 0,
                                           "Invalid unit name in Also=\"%s\", ignoring.", e);
                                continue;
                        }
                        if (strv_consume_unique(&i->also, TAKE_PTR(e)) < 0)
                                return log_oom();
                }
                return 0;
        }
        if (streq(key, "DefaultInstance")) {
                _cleanup_free_ char *e = NULL;
                int r = install_name_printf(s->lp, i, value, &e);
                if (r < 0) {
                        log_syntax(NULL, LOG_WARNING, filename, line, r,
                                   "Failed to resolve instance name in DefaultInstance=\"%s\", ignoring.", value);
                        return 0;
                }
                free(i->default_instance);
                i->default_instance = isempty(e) ? NULL : TAKE_PTR(e);
                return 0;
        }
        log_syntax(NULL, LOG_WARNING, filename, line, 0, "Unknown key '%s' in section [Install], ignoring.", key);
        return 0;
}

static int parse_one(const LookupPaths *lp, InstallInfo *i, const char *rootless) {
        _cleanup_free_ char *host = lookup_paths_host(lp, rootless);
        if (!host)
                return -ENOMEM;
        ParseState s = { .lp = lp, .info = i };
        IniParser p = { .on_assignment = on_install_assignment, .userdata = &s, .relaxed = true };
        int r = ini_parse_path(&p, host);
        return r == -ENOENT ? 0 : r;
}

/* Drop-ins (the .conf files in NAME.d, and the template's for instances) may carry [Install] lines too;
 * a file name in a higher-priority directory hides the same name further down. */
static int load_dropins(const LookupPaths *lp, InstallInfo *i) {
        _cleanup_strv_free_ char **names = NULL, **paths = NULL;
        _cleanup_free_ char *template = NULL;
        if (unit_name_is_valid(i->name, UNIT_NAME_INSTANCE) && unit_name_template(i->name, &template) < 0)
                return -ENOMEM;
        const char *units[] = { i->name, template };
        STRV_FOREACH(d, lp->search_path)
                for (size_t k = 0; k < ELEMENTSOF(units); k++) {
                        if (!units[k])
                                continue;
                        _cleanup_free_ char *dd = strjoin(*d, "/", units[k], ".d");
                        _cleanup_free_ char *host = dd ? lookup_paths_host(lp, dd) : NULL;
                        if (!host)
                                return -ENOMEM;
                        DIR *dir = opendir(host);
                        if (!dir)
                                continue;
                        struct dirent *de;
                        while ((de = readdir(dir))) {
                                if (!endswith(de->d_name, ".conf") || strv_contains(names, de->d_name))
                                        continue;
                                char *p = path_join(dd, de->d_name);
                                if (!p || strv_extend(&names, de->d_name) < 0 || strv_push(&paths, p) < 0) {
                                        closedir(dir);
                                        return -ENOMEM;
                                }
                        }
                        closedir(dir);
                }
        /* sort by file name, carrying the paths along */
        size_t n = strv_length(names);
        for (size_t a = 1; a < n; a++)
                for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
                        char *t = names[b];
                        names[b] = names[b - 1], names[b - 1] = t;
                        t = paths[b];
                        paths[b] = paths[b - 1], paths[b - 1] = t;
                }
        STRV_FOREACH(p, paths) {
                int r = parse_one(lp, i, *p);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---- the search ---- */

typedef enum SearchResult {
        SEARCH_FOUND,
        SEARCH_ALIAS,
} SearchResult;

/* Looks at one name (no template fallback). Returns SEARCH_FOUND with i's type, path, dir,
 * SEARCH_ALIAS with *ret_next, or a negative errno (-ENOENT when no entry exists). */
static int search_exact(const LookupPaths *lp, const char *name, InstallInfo *i, char **ret_next) {
        STRV_FOREACH(d, lp->search_path) {
                _cleanup_free_ char *p = path_join(*d, name);
                _cleanup_free_ char *host = p ? lookup_paths_host(lp, p) : NULL;
                if (!host)
                        return -ENOMEM;
                struct stat st;
                if (lstat(host, &st) < 0)
                        continue;

                if (strdup_to(&i->dir, *d) < 0 || strdup_to(&i->found_path, p) < 0)
                        return -ENOMEM;
                if (S_ISLNK(st.st_mode)) {
                        char buf[4096];
                        ssize_t k = readlink(host, buf, sizeof buf - 1);
                        if (k < 0)
                                return -errno;
                        buf[k] = 0;
                        if (streq(buf, "/dev/null")) {
                                i->type = INSTALL_INFO_MASKED;
                                return strdup_to(&i->path, p) < 0 ? -ENOMEM : SEARCH_FOUND;
                        }
                        _cleanup_free_ char *target = install_link_target(*d, buf);
                        if (!target)
                                return -ENOMEM;
                        const char *tb = path_basename(target);
                        if (streq(tb, name)) {
                                /* The same name elsewhere: a linked unit file, unless it just points
                                 * into another search-path directory, which systemctl refuses. */
                                if (lookup_paths_dir_of(lp, target))
                                        return -ELOOP;
                                _cleanup_free_ char *th = lookup_paths_host(lp, target);
                                if (!th)
                                        return -ENOMEM;
                                if (stat(th, &st) < 0)
                                        return -errno;
                                i->linked = true;
                                i->type = st.st_size == 0 ? INSTALL_INFO_MASKED : INSTALL_INFO_REGULAR;
                                return strdup_to(&i->path, target) < 0 ? -ENOMEM : SEARCH_FOUND;
                        }
                        if (!unit_name_is_valid(tb, UNIT_NAME_ANY))
                                return -EXDEV;
                        char *next = NULL;
                        /* An instance reaching a template alias keeps its instance. */
                        if (unit_name_is_valid(name, UNIT_NAME_INSTANCE) && unit_name_is_valid(tb, UNIT_NAME_TEMPLATE)) {
                                _cleanup_free_ char *inst = NULL;
                                if (unit_name_to_instance(name, &inst) < 0 ||
                                    unit_name_replace_instance(tb, inst, &next) < 0)
                                        return -ENOMEM;
                        } else if (!(next = strdup(tb)))
                                return -ENOMEM;
                        *ret_next = next;
                        return SEARCH_ALIAS;
                }
                if (S_ISDIR(st.st_mode))
                        return -EISDIR;
                i->linked = false;
                i->type = st.st_size == 0 ? INSTALL_INFO_MASKED : INSTALL_INFO_REGULAR;
                return strdup_to(&i->path, p) < 0 ? -ENOMEM : SEARCH_FOUND;
        }
        return -ENOENT;
}

int install_dangling_target(const LookupPaths *lp, const char *name, char **ret) {
        STRV_FOREACH(d, lp->search_path) {
                _cleanup_free_ char *p = path_join(*d, name);
                _cleanup_free_ char *host = p ? lookup_paths_host(lp, p) : NULL;
                if (!host)
                        return -ENOMEM;
                struct stat st;
                if (lstat(host, &st) < 0)
                        continue;
                if (!S_ISLNK(st.st_mode))
                        return -ENOENT;
                char buf[4096];
                ssize_t k = readlink(host, buf, sizeof buf - 1);
                if (k < 0)
                        return -errno;
                buf[k] = 0;
                _cleanup_free_ char *target = install_link_target(*d, buf);
                if (!target)
                        return -ENOMEM;
                if (!streq(path_basename(target), name))
                        return -ENOENT;
                _cleanup_free_ char *th = lookup_paths_host(lp, target);
                if (!th)
                        return -ENOMEM;
                if (stat(th, &st) >= 0)
                        return -ENOENT;
                *ret = TAKE_PTR(th);
                return 0;
        }
        return -ENOENT;
}

bool install_unit_exists(const LookupPaths *lp, const char *name) {
        _cleanup_free_ char *template = NULL;
        if (unit_name_is_valid(name, UNIT_NAME_INSTANCE) && unit_name_template(name, &template) < 0)
                return false;
        const char *names[] = { name, template };
        for (size_t k = 0; k < ELEMENTSOF(names); k++)
                STRV_FOREACH(d, lp->search_path) {
                        if (!names[k])
                                continue;
                        _cleanup_free_ char *p = path_join(*d, names[k]);
                        _cleanup_free_ char *host = p ? lookup_paths_host(lp, p) : NULL;
                        struct stat st;
                        if (host && lstat(host, &st) >= 0)
                                return true;
                }
        return false;
}

int install_info_find(const LookupPaths *lp, const char *name, InstallInfo **ret) {
        _cleanup_(install_info_freep) InstallInfo *i = new0(InstallInfo, 1);
        if (!i || !(i->name = strdup(name)))
                return -ENOMEM;
        _cleanup_free_ char *cur = strdup(name);
        if (!cur)
                return -ENOMEM;

        for (unsigned n = 0;; n++) {
                if (n >= FOLLOW_MAX)
                        return -ELOOP;
                if (strv_extend(&i->chain, cur) < 0)
                        return -ENOMEM;
                char *next = NULL;
                int r = search_exact(lp, cur, i, &next);
                if (r == -ENOENT && unit_name_is_valid(cur, UNIT_NAME_INSTANCE)) {
                        _cleanup_free_ char *template = NULL;
                        if (unit_name_template(cur, &template) < 0)
                                return -ENOMEM;
                        r = search_exact(lp, template, i, &next);
                        if (r == SEARCH_ALIAS && unit_name_is_valid(next, UNIT_NAME_TEMPLATE)) {
                                _cleanup_free_ char *inst = NULL, *t = next;
                                next = NULL;
                                if (unit_name_to_instance(cur, &inst) < 0 || unit_name_replace_instance(t, inst, &next) < 0)
                                        return -ENOMEM;
                        }
                }
                if (r < 0)
                        return r;
                if (r == SEARCH_ALIAS) {
                        free(cur);
                        cur = next;
                        continue;
                }
                break;
        }
        /* The name we ended at is the one the unit is known by (aliases followed). */
        if (!streq(cur, i->name)) {
                free(i->name);
                i->name = TAKE_PTR(cur);
        }
        if (i->type == INSTALL_INFO_REGULAR) {
                int r = parse_one(lp, i, i->path);
                if (r < 0)
                        return r;
                r = load_dropins(lp, i);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(i);
        return 0;
}

/* ---- specifiers ---- */

static int read_first_line(const char *path, char **ret) {
        _cleanup_free_ char *s = NULL;
        int r = read_full_file(path, 4096, &s, NULL);
        if (r < 0)
                return r;
        s[strcspn(s, "\n")] = 0;
        *ret = TAKE_PTR(s);
        return 0;
}

static int os_release_field(const LookupPaths *lp, const char *field, char **ret) {
        const char *files[] = { "/etc/os-release", "/usr/lib/os-release" };
        for (size_t k = 0; k < ELEMENTSOF(files); k++) {
                _cleanup_free_ char *host = lookup_paths_host(lp, files[k]), *text = NULL;
                if (!host)
                        return -ENOMEM;
                if (read_full_file(host, 1024 * 1024, &text, NULL) < 0)
                        continue;
                char *value = NULL;
                for (char *l = text, *e; l && *l; l = e) {
                        e = strchr(l, '\n');
                        if (e)
                                *e++ = 0;
                        char *v = startswith(skip_leading(l, WHITESPACE), field);
                        if (!v || *v != '=')
                                continue;
                        v = strstrip(v + 1);
                        size_t len = strlen(v);
                        if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0]) {
                                v[len - 1] = 0;
                                v++;
                        }
                        free(value);
                        if (!(value = strdup(v)))
                                return -ENOMEM;
                }
                *ret = value ?: strdup("");
                return *ret ? 0 : -ENOMEM;
        }
        return -ENOENT;
}

static const char *architecture(const char *machine) {
        static const struct {
                const char *uname, *name;
        } table[] = {
                { "x86_64", "x86-64" },   { "i386", "x86" },         { "i486", "x86" },
                { "i586", "x86" },        { "i686", "x86" },         { "aarch64", "arm64" },
                { "aarch64_be", "arm64-be" }, { "armv7l", "arm" },   { "armv6l", "arm" },
                { "ppc64le", "ppc64-le" }, { "ppc64", "ppc64" },     { "ppc", "ppc" },
                { "s390x", "s390x" },     { "s390", "s390" },        { "riscv64", "riscv64" },
                { "loongarch64", "loongarch64" }, { "mips64", "mips64" }, { "sparc64", "sparc64" },
                { "alpha", "alpha" },     { "ia64", "ia64" },        { "parisc64", "parisc64" },
        };
        for (size_t k = 0; k < ELEMENTSOF(table); k++)
                if (streq(table[k].uname, machine))
                        return table[k].name;
        return machine;
}

static int specifier_value(const LookupPaths *lp, const InstallInfo *i, char c, char **ret) {
        _cleanup_free_ char *prefix = NULL, *instance = NULL;
        struct utsname u;
        int r;

        switch (c) {
        case 'n':
                *ret = strdup(i->name);
                break;
        case 'N': {
                const char *dot = strrchr(i->name, '.');
                *ret = strndup(i->name, dot ? (size_t) (dot - i->name) : strlen(i->name));
                break;
        }
        case 'p':
                r = unit_name_to_prefix(i->name, ret);
                return r < 0 ? -EUNATCH : 0;
        case 'j': {
                if (unit_name_to_prefix(i->name, &prefix) < 0)
                        return -EUNATCH;
                const char *dash = strrchr(prefix, '-');
                *ret = strdup(dash ? dash + 1 : prefix);
                break;
        }
        case 'i':
                if (unit_name_to_instance(i->name, &instance) < 0)
                        return -EUNATCH;
                /* A template being enabled speaks for its default instance. */
                if (isempty(instance))
                        *ret = strdup(strempty(i->default_instance));
                else
                        *ret = TAKE_PTR(instance);
                break;
        case 'a':
                if (uname(&u) < 0)
                        return -EUNATCH;
                *ret = strdup(architecture(u.machine));
                break;
        case 'v':
                if (uname(&u) < 0)
                        return -EUNATCH;
                *ret = strdup(u.release);
                break;
        case 'H':
        case 'l':
        case 'q': {
                char h[256] = {};
                if (gethostname(h, sizeof h - 1) < 0)
                        return -EUNATCH;
                if (c == 'l')
                        h[strcspn(h, ".")] = 0;
                *ret = strdup(h);
                break;
        }
        case 'b': {
                _cleanup_free_ char *s = NULL;
                if (read_first_line("/proc/sys/kernel/random/boot_id", &s) < 0)
                        return -EUNATCH;
                char *w = s;
                for (char *p = s; *p; p++)
                        if (*p != '-')
                                *w++ = *p;
                *w = 0;
                *ret = TAKE_PTR(s);
                break;
        }
        case 'm': {
                _cleanup_free_ char *host = lookup_paths_host(lp, "/etc/machine-id"), *s = NULL;
                if (!host)
                        return -ENOMEM;
                if (read_first_line(host, &s) < 0 || strlen(s) != 32 || !in_charset(s, "0123456789abcdef"))
                        return -EUNATCH;
                *ret = TAKE_PTR(s);
                break;
        }
        case 'A': case 'B': case 'M': case 'o': case 'w': case 'W': {
                const char *field = c == 'A' ? "IMAGE_VERSION" : c == 'B' ? "BUILD_ID" : c == 'M' ? "IMAGE_ID"
                                  : c == 'o' ? "ID" : c == 'w' ? "VERSION_ID" : "VARIANT_ID";
                r = os_release_field(lp, field, ret);
                return r == -ENOMEM ? r : r < 0 ? -EUNATCH : 0;
        }
        case 'u': case 'g':
                *ret = strdup("root"); /* the system manager's own user and group */
                break;
        case 'U': case 'G':
                *ret = strdup("0");
                break;
        case '%':
                *ret = strdup("%");
                break;
        default:
                return -EBADSLT;
        }
        return *ret ? 0 : -ENOMEM;
}

int install_name_printf(const LookupPaths *lp, const InstallInfo *i, const char *text, char **ret) {
        _cleanup_free_ char *out = strdup("");
        if (!out)
                return -ENOMEM;
        for (const char *p = text; *p; p++) {
                if (*p != '%') {
                        char one[2] = { *p, 0 };
                        if (!strextend(&out, one))
                                return -ENOMEM;
                        continue;
                }
                if (!p[1])
                        return -EBADSLT;
                _cleanup_free_ char *v = NULL;
                int r = specifier_value(lp, i, *++p, &v);
                if (r < 0)
                        return r;
                if (!strextend(&out, v))
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(out);
        return 0;
}
