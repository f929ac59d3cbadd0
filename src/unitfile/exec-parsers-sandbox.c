/* exec-parsers-sandbox.c — parsers for the file system view of a sandboxed unit: BindPaths=
 * and BindReadOnlyPaths=, TemporaryFileSystem=, MountImages= and ExtensionImages=, the
 * RootImage= companions (RootImageOptions=, RootHash=, RootHashSignature=) and
 * ExecSearchPath=. Entries are whitespace-separated words whose fields are separated by ":";
 * a "\:" keeps a colon inside a field. */
#include <ctype.h>

#include "directive-util.h"
#include "config-values.h"
#include "exec-context.h"
#include "exec-parsers.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"

static bool abs_path_ok(const char *p) {
        return path_is_absolute(p) && path_is_valid(p) && path_is_normalized(p);
}

/* Splits one word of an entry into its ":"-separated, specifier-expanded fields. */
static int split_fields(const ConfigContext *ctx, const char *word, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        for (const char *p = word;;) {
                _cleanup_free_ char *f = NULL, *k = NULL;
                int r = extract_first_word(&p, &f, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                r = config_expand(ctx, f, &k);
                if (r < 0)
                        return r;
                if (strv_push(&l, TAKE_PTR(k)) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

/* Calls parse_entry for each whitespace-separated word of rvalue, with its fields. */
static int for_each_entry(const ConfigContext *ctx, const char *rvalue, void *userdata,
                          int (*parse_entry)(const ConfigContext *ctx, char **fields, const char *word, void *userdata)) {
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL;
                _cleanup_strv_free_ char **fields = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RETAIN_ESCAPE);
                if (r == 0)
                        return 0;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                r = split_fields(ctx, word, &fields);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0 || !fields) {
                        log_config_ignoring(ctx, "Invalid syntax in %s=, ignoring: %s", ctx->lvalue, word);
                        continue;
                }
                r = parse_entry(ctx, fields, word, userdata);
                if (r < 0)
                        return r;
        }
}

typedef struct BindParse {
        ExecContext *c;
        bool read_only;
} BindParse;

static int parse_bind_entry(const ConfigContext *ctx, char **f, const char *word, void *userdata) {
        BindParse *b = userdata;
        bool ignore = f[0][0] == '-';
        const char *src = ignore ? f[0] + 1 : f[0];
        const char *dst = f[1] ? f[1] : src;
        bool recursive = true;
        if (!abs_path_ok(src) || !abs_path_ok(dst)) {
                log_config_ignoring(ctx, "%s= path is not absolute and normalized, ignoring: %s", ctx->lvalue,
                            abs_path_ok(src) ? dst : src);
                return 0;
        }
        if (f[1] && f[2]) {
                if (streq(f[2], "norbind"))
                        recursive = false;
                else if (!streq(f[2], "rbind") || f[3]) {
                        log_config_ignoring(ctx, "Invalid option string, ignoring setting: %s", word);
                        return 0;
                }
        }
        BindMount *m = realloc(b->c->bind_mounts, (b->c->n_bind_mounts + 1) * sizeof(BindMount));
        if (!m)
                return log_oom();
        b->c->bind_mounts = m;
        char *s = strdup(src), *d = strdup(dst);
        if (!s || !d) {
                free(s);
                free(d);
                return log_oom();
        }
        m[b->c->n_bind_mounts++] = (BindMount) {
                .source = s, .destination = d, .read_only = b->read_only, .ignore_enoent = ignore, .recursive = recursive,
        };
        return 0;
}

void exec_bind_mounts_free(BindMount *m, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(m[i].source);
                free(m[i].destination);
        }
        free(m);
}

int config_parse_exec_bind_paths(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        if (!*rvalue) {
                /* BindPaths= and BindReadOnlyPaths= share the list; each empties all of it,
                 * as systemd does. */
                exec_bind_mounts_free(c->bind_mounts, c->n_bind_mounts);
                c->bind_mounts = NULL;
                c->n_bind_mounts = 0;
                return 0;
        }
        BindParse b = { .c = c, .read_only = ltype };
        return for_each_entry(ctx, rvalue, &b, parse_bind_entry);
}

static int parse_tmpfs_entry(const ConfigContext *ctx, char **f, const char *word, void *userdata) {
        ExecContext *c = userdata;
        if (!abs_path_ok(f[0])) {
                log_config_ignoring(ctx, "TemporaryFileSystem= path is not absolute and normalized, ignoring: %s", f[0]);
                return 0;
        }
        /* The options are one comma-separated field; a further ":" belongs to them. */
        const char *colon = strchr(word, ':');
        _cleanup_free_ char *options = NULL;
        if (f[1] && config_expand(ctx, colon + 1, &options) < 0)
                return 0;
        TemporaryFileSystem *t = realloc(c->temporary_filesystems,
                                         (c->n_temporary_filesystems + 1) * sizeof(TemporaryFileSystem));
        if (!t)
                return log_oom();
        c->temporary_filesystems = t;
        char *path = strdup(f[0]);
        if (!path)
                return log_oom();
        t[c->n_temporary_filesystems++] = (TemporaryFileSystem) { .path = path, .options = TAKE_PTR(options) };
        return 0;
}

void exec_temporary_filesystems_free(TemporaryFileSystem *t, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(t[i].path);
                free(t[i].options);
        }
        free(t);
}

int config_parse_exec_temporary_filesystems(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                exec_temporary_filesystems_free(c->temporary_filesystems, c->n_temporary_filesystems);
                c->temporary_filesystems = NULL;
                c->n_temporary_filesystems = 0;
                return 0;
        }
        return for_each_entry(ctx, rvalue, c, parse_tmpfs_entry);
}

/* Partition designators of the Discoverable Partitions Specification, as systemd 252 names
 * them in image options. */
static const char *const partition_designators[] = {
        "root", "root-secondary", "root-other", "usr", "usr-secondary", "usr-other", "home", "srv", "esp",
        "xbootldr", "swap", "root-verity", "root-secondary-verity", "root-other-verity", "usr-verity",
        "usr-secondary-verity", "usr-other-verity", "root-verity-sig", "root-secondary-verity-sig",
        "root-other-verity-sig", "usr-verity-sig", "usr-secondary-verity-sig", "usr-other-verity-sig",
        "tmp", "var",
};

bool partition_designator_is_valid(const char *s) {
        return string_table_lookup(partition_designators, ELEMENTSOF(partition_designators), s) >= 0;
}

/* Turns "partition:options" pairs (or bare options, meaning "root") into "partition:options"
 * strings. Returns -EINVAL after warning about a bad partition name. */
static int parse_image_options(const ConfigContext *ctx, char **f, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        for (size_t i = 0; f && f[i]; i++) {
                const char *partition = "root", *options = f[i];
                if (f[i + 1]) {
                        partition = f[i];
                        options = f[++i];
                        if (!partition_designator_is_valid(partition)) {
                                log_config_ignoring(ctx, "Invalid partition name %s, ignoring", partition);
                                return -EINVAL;
                        }
                }
                char *s = strjoin(partition, ":", options);
                if (!s || strv_push(&l, s) < 0)
                        return log_oom();
        }
        *ret = TAKE_PTR(l);
        return 0;
}

typedef struct ImageParse {
        ExecContext *c;
        bool with_destination;
} ImageParse;

static int parse_image_entry(const ConfigContext *ctx, char **f, const char *word, void *userdata) {
        ImageParse *ip = userdata;
        bool ignore = f[0][0] == '-';
        const char *src = ignore ? f[0] + 1 : f[0], *dst = NULL;
        char **rest = f + 1;
        if (ip->with_destination) {
                if (!f[1] || !*f[1]) {
                        log_config_ignoring(ctx, "Missing destination in %s=, ignoring: %s", ctx->lvalue, word);
                        return 0;
                }
                dst = f[1];
                rest = f + 2;
        }
        if (!abs_path_ok(src) || (dst && !abs_path_ok(dst))) {
                log_config_ignoring(ctx, "%s= path is not absolute and normalized, ignoring: %s", ctx->lvalue,
                            abs_path_ok(src) ? dst : src);
                return 0;
        }
        _cleanup_strv_free_ char **options = NULL;
        int r = parse_image_options(ctx, rest, &options);
        if (r == -EINVAL)
                return 0;
        if (r < 0)
                return r;
        MountImage **list = ip->with_destination ? &ip->c->mount_images : &ip->c->extension_images;
        size_t *n = ip->with_destination ? &ip->c->n_mount_images : &ip->c->n_extension_images;
        MountImage *m = realloc(*list, (*n + 1) * sizeof(MountImage));
        if (!m)
                return log_oom();
        *list = m;
        char *s = strdup(src), *d = dst ? strdup(dst) : NULL;
        if (!s || (dst && !d)) {
                free(s);
                free(d);
                return log_oom();
        }
        m[(*n)++] = (MountImage) { .source = s, .destination = d, .options = TAKE_PTR(options), .ignore_enoent = ignore };
        return 0;
}

void exec_mount_images_free(MountImage *m, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(m[i].source);
                free(m[i].destination);
                strv_free(m[i].options);
        }
        free(m);
}

int config_parse_exec_mount_images(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        if (!*rvalue) {
                MountImage **list = ltype ? &c->mount_images : &c->extension_images;
                size_t *n = ltype ? &c->n_mount_images : &c->n_extension_images;
                exec_mount_images_free(*list, *n);
                *list = NULL;
                *n = 0;
                return 0;
        }
        ImageParse ip = { .c = c, .with_destination = ltype };
        return for_each_entry(ctx, rvalue, &ip, parse_image_entry);
}

static int parse_root_image_option_entry(const ConfigContext *ctx, char **f, const char *word, void *userdata) {
        char ***list = userdata;
        _cleanup_strv_free_ char **options = NULL;
        (void) word;
        int r = parse_image_options(ctx, f, &options);
        if (r == -EINVAL)
                return 0;
        if (r < 0)
                return r;
        return strv_extend_strv(list, options, false) < 0 ? log_oom() : 0;
}

int config_parse_exec_root_image_options(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***list = data;
        (void) ltype;
        if (!*rvalue) {
                *list = strv_free(*list);
                return 0;
        }
        return for_each_entry(ctx, rvalue, list, parse_root_image_option_entry);
}

/* RootHash=: the hex digest itself (at least 256 bits, as dm-verity uses), or the path of a
 * file that holds it. */
int config_parse_exec_root_hash(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **hash = data;
        (void) ltype;
        if (!*rvalue) {
                *hash = mfree(*hash);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        if (path_is_absolute(k)) {
                if (!abs_path_ok(k)) {
                        log_config_ignoring(ctx, "RootHash= path is not normalized, ignoring: %s", k);
                        return 0;
                }
        } else {
                size_t l = strlen(k);
                for (size_t i = 0; i < l; i++)
                        if (!isxdigit((unsigned char) k[i]) || l % 2 != 0) {
                                log_config_ignoring(ctx, "Failed to decode RootHash=, ignoring: %s", k);
                                return 0;
                        }
                if (l < 64) {
                        log_config_ignoring(ctx, "RootHash= is too short, ignoring: %s", k);
                        return 0;
                }
        }
        free(*hash);
        *hash = TAKE_PTR(k);
        return 0;
}

int config_parse_exec_root_hash_signature(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **sig = data;
        (void) ltype;
        if (!*rvalue) {
                *sig = mfree(*sig);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        const char *b64 = startswith(k, "base64:");
        if (b64) {
                _cleanup_free_ void *p = NULL;
                size_t size;
                if (unbase64mem(b64, &p, &size) < 0 || size == 0) {
                        log_config_ignoring(ctx, "Failed to decode RootHashSignature=, ignoring: %s", k);
                        return 0;
                }
        } else if (!abs_path_ok(k)) {
                log_config_ignoring(ctx, "RootHashSignature= must be an absolute path or start with \"base64:\", ignoring: %s", k);
                return 0;
        }
        free(*sig);
        *sig = TAKE_PTR(k);
        return 0;
}

int config_parse_exec_search_path(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***paths = data;
        (void) ltype;
        if (!*rvalue) {
                *paths = strv_free(*paths);
                return 0;
        }
        _cleanup_strv_free_ char **add = NULL;
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
                if (r == 0)
                        break;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (config_expand(ctx, word, &k) < 0)
                        return 0;
                if (!abs_path_ok(k)) {
                        log_config_ignoring(ctx, "ExecSearchPath= path is not absolute and normalized, ignoring: %s", k);
                        return 0;
                }
                if (strv_push(&add, TAKE_PTR(k)) < 0)
                        return log_oom();
        }
        return strv_extend_strv(paths, add, true) < 0 ? log_oom() : 0;
}
