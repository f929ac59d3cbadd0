/* specifier.c — see specifier.h. One table maps each specifier letter to a resolver; values
 * follow systemd.unit(5) (systemd 252) for the system manager: the manager runs as root, so
 * %u/%g/%h are fixed and the directory roots are the system ones. Machine facts are read only
 * when a specifier asks for them, and each specifier is resolved at most once per expansion:
 * a line full of "%m" reads /etc/machine-id once. Files that describe the machine image
 * (os-release, machine-id, machine-info, passwd) are read below ctx->root, so offline tools
 * see the image they operate on; facts of the running kernel (boot ID, uname, host name) are
 * always those of the running system. */
#include <ctype.h>
#include <endian.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "fileio.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"
#include "unit-name.h"

/* Unit files hold lines of at most LONG_LINE_MAX; expansion may grow one, but not without end
 * (a megabyte of "%y" would otherwise ask for gigabytes). */
#define SPECIFIER_EXPAND_MAX (4U * LONG_LINE_MAX)
/* Small configuration files (os-release, machine-info, passwd, ids) are read with this bound. */
#define SMALL_FILE_MAX (1024U * 1024U)

typedef int (*SpecifierFunc)(const SpecifierContext *ctx, const void *data, char **ret);

typedef struct Specifier {
        char specifier;
        SpecifierFunc resolve;
        const void *data;
} Specifier;

static int copy_to(char **ret, const char *s) {
        char *c = strdup(s);
        if (!c)
                return -ENOMEM;
        *ret = c;
        return 0;
}

static int take_to(char **ret, char *s) {
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

static int read_root_file(const SpecifierContext *ctx, const char *path, char **ret) {
        _cleanup_free_ char *p = path_prefix_root(ctx->root, path);
        if (!p)
                return -ENOMEM;
        return read_full_file(p, SMALL_FILE_MAX, ret, NULL);
}

/* ---- the unit's own name ---------------------------------------------------------------- */

static int unit_name_checked(const SpecifierContext *ctx, const char **ret) {
        if (!ctx->unit_name)
                return -ENOENT;
        if (!unit_name_is_valid(ctx->unit_name, UNIT_NAME_ANY))
                return -EINVAL;
        *ret = ctx->unit_name;
        return 0;
}

static int maybe_unescape(char *s, bool unescape, char **ret) {
        _cleanup_free_ char *owned = s;
        if (!unescape) {
                *ret = TAKE_PTR(owned);
                return 0;
        }
        return unit_name_unescape(owned, ret);
}

static int spec_name(const SpecifierContext *ctx, const void *data, char **ret) {
        const char *n;
        int r = unit_name_checked(ctx, &n);
        if (r < 0)
                return r;
        return copy_to(ret, n);
}

static int spec_name_no_suffix(const SpecifierContext *ctx, const void *data, char **ret) {
        const char *n;
        int r = unit_name_checked(ctx, &n);
        if (r < 0)
                return r;
        return take_to(ret, strndup(n, (size_t) (strrchr(n, '.') - n)));
}

static int spec_prefix(const SpecifierContext *ctx, const void *data, char **ret) {
        const char *n;
        char *p;
        int r = unit_name_checked(ctx, &n);
        if (r < 0)
                return r;
        r = unit_name_to_prefix(n, &p);
        if (r < 0)
                return r;
        return maybe_unescape(p, data != NULL, ret);
}

static int spec_instance(const SpecifierContext *ctx, const void *data, char **ret) {
        const char *n;
        char *i;
        int r = unit_name_checked(ctx, &n);
        if (r < 0)
                return r;
        r = unit_name_to_instance(n, &i);
        if (r < 0)
                return r;
        if (!i && !(i = strdup(""))) /* a plain unit: %i is empty */
                return -ENOMEM;
        return maybe_unescape(i, data != NULL, ret);
}

/* %j: what follows the last "-" of the prefix, i.e. the last component of an escaped path. */
static int spec_prefix_last(const SpecifierContext *ctx, const void *data, char **ret) {
        _cleanup_free_ char *p = NULL;
        const char *n;
        int r = unit_name_checked(ctx, &n);
        if (r < 0)
                return r;
        r = unit_name_to_prefix(n, &p);
        if (r < 0)
                return r;
        const char *dash = strrchr(p, '-');
        /* A prefix ending in "-" gives "" for %j and %J (systemd 252 crashes on that %J). */
        char *j = strdup(dash ? dash + 1 : p);
        if (!j)
                return -ENOMEM;
        return maybe_unescape(j, data != NULL, ret);
}

/* %f: the instance, or for plain units the prefix, read as an escaped absolute path. Unlike
 * %I this refuses what is not a path ("a--b" would be "/a//b"), so the setting is ignored. */
static int spec_filename(const SpecifierContext *ctx, const void *data, char **ret) {
        _cleanup_free_ char *p = NULL, *i = NULL;
        const char *n;
        int r = unit_name_checked(ctx, &n);
        if (r < 0)
                return r;
        r = unit_name_to_instance(n, &i);
        if (r < 0)
                return r;
        if (!isempty(i))
                return unit_name_path_unescape(i, ret);
        r = unit_name_to_prefix(n, &p);
        if (r < 0)
                return r;
        return unit_name_path_unescape(p, ret);
}

static int spec_credentials_dir(const SpecifierContext *ctx, const void *data, char **ret) {
        const char *n;
        int r = unit_name_checked(ctx, &n);
        if (r < 0)
                return r;
        return take_to(ret, strjoin("/run/credentials/", n));
}

/* %y and %Y: a unit without a fragment (a transient or generated-in-memory one) has none, and
 * systemd.unit(5) says the specifier is then an error rather than empty. */
static int spec_fragment(const SpecifierContext *ctx, const void *data, char **ret) {
        if (isempty(ctx->fragment_path))
                return -ENOENT;
        return data ? take_to(ret, path_dirname(ctx->fragment_path)) : copy_to(ret, ctx->fragment_path);
}

/* ---- fixed values of the system manager --------------------------------------------------- */

static int spec_string(const SpecifierContext *ctx, const void *data, char **ret) {
        return copy_to(ret, data);
}

/* %T and %V: the manager's $TMPDIR, $TEMP or $TMP when one names an existing directory by an
 * absolute, normalized path; otherwise the fixed default. */
static int spec_tmp_dir(const SpecifierContext *ctx, const void *data, char **ret) {
        static const char *const vars[] = { "TMPDIR", "TEMP", "TMP" };
        for (size_t k = 0; k < ELEMENTSOF(vars); k++) {
                const char *e = secure_getenv(vars[k]);
                struct stat st;
                if (!path_is_absolute(e) || !path_is_valid(e) || !path_is_normalized(e))
                        continue;
                if (stat(e, &st) < 0 || !S_ISDIR(st.st_mode))
                        continue;
                return copy_to(ret, e);
        }
        return copy_to(ret, data);
}

/* %s: root's login shell from the image's passwd file. It is read as a file, not through NSS,
 * because the manager must not call NSS from its event loop; passwd(5) says an empty shell
 * field means /bin/sh, and so does a missing entry. */
static int spec_user_shell(const SpecifierContext *ctx, const void *data, char **ret) {
        _cleanup_free_ char *text = NULL;
        int r = read_root_file(ctx, "/etc/passwd", &text);
        if (r < 0 && r != -ENOENT)
                return r;
        for (char *line = text, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = 0;
                char *field[7];
                size_t k = 0;
                for (char *f = line; k < ELEMENTSOF(field); k++) {
                        field[k] = f;
                        f = strchr(f, ':');
                        if (!f)
                                break;
                        *f++ = 0;
                }
                if (k == ELEMENTSOF(field) - 1 && streq(field[2], "0"))
                        return copy_to(ret, isempty(field[6]) ? "/bin/sh" : field[6]);
        }
        return copy_to(ret, "/bin/sh");
}

/* ---- machine files: os-release, machine-info, ids -------------------------------------------- */

/* Parses one value of a shell-style assignment as os-release(5) and machine-info(5) define
 * it: single quotes are literal, double quotes take \" \\ \$ \` escapes, and outside quotes a
 * backslash quotes the next character. Returns NULL on allocation failure. */
static char *env_value_unquote(const char *v) {
        char *r = malloc(strlen(v) + 1), *t = r;
        char quote = 0;
        if (!r)
                return NULL;
        for (; *v; v++) {
                if (quote == '\'') {
                        if (*v == '\'')
                                quote = 0;
                        else
                                *t++ = *v;
                } else if (quote == '"') {
                        if (*v == '"')
                                quote = 0;
                        else if (*v == '\\' && v[1] && strchr("\"\\$`", v[1]))
                                *t++ = *++v;
                        else
                                *t++ = *v;
                } else if (*v == '\'' || *v == '"')
                        quote = *v;
                else if (*v == '\\' && v[1])
                        *t++ = *++v;
                else
                        *t++ = *v;
        }
        *t = 0;
        return r;
}

/* Value of key in an env-style file (the last assignment wins, as in a shell), NULL in *ret
 * when the file does not set it. */
static int env_file_get(const SpecifierContext *ctx, const char *path, const char *key, char **ret) {
        _cleanup_free_ char *text = NULL, *value = NULL;
        size_t kl = strlen(key);
        int r = read_root_file(ctx, path, &text);
        if (r < 0)
                return r;
        for (char *line = text, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = 0;
                char *l = strstrip(line);
                if (strncmp(l, key, kl) != 0)
                        continue;
                l += kl;
                l += strspn(l, WHITESPACE);
                if (*l != '=')
                        continue;
                char *v = env_value_unquote(l + 1 + strspn(l + 1, WHITESPACE));
                if (!v)
                        return -ENOMEM;
                free(value);
                value = v;
        }
        *ret = TAKE_PTR(value);
        return 0;
}

/* os-release(5): /etc/os-release, or /usr/lib/os-release when the former is absent. */
static int os_release_get(const SpecifierContext *ctx, const char *key, char **ret) {
        int r = env_file_get(ctx, "/etc/os-release", key, ret);
        if (r == -ENOENT)
                r = env_file_get(ctx, "/usr/lib/os-release", key, ret);
        return r;
}

/* An unset field is the empty string (systemd.unit(5)); a missing os-release is an error. */
static int spec_os_release(const SpecifierContext *ctx, const void *data, char **ret) {
        char *v = NULL;
        int r = os_release_get(ctx, data, &v);
        if (r < 0)
                return r;
        return v ? take_to(ret, v) : copy_to(ret, "");
}

/* A 128-bit ID as 32 lowercase hex digits, from a file holding it as 32 hex digits
 * (machine-id(5)) or as a UUID with dashes (boot_id). An empty or "uninitialized" machine-id
 * is what a first boot sees before the ID is committed: there is no ID yet. */
static int read_id128(const SpecifierContext *ctx, const char *path, char **ret) {
        _cleanup_free_ char *text = NULL;
        char id[33];
        size_t n = 0;
        int r = read_root_file(ctx, path, &text);
        if (r < 0)
                return r;
        char *s = strstrip(text);
        if (isempty(s) || streq(s, "uninitialized"))
                return -ENOMEDIUM;
        bool uuid = strlen(s) == 36;
        for (size_t k = 0; s[k]; k++) {
                if (uuid && (k == 8 || k == 13 || k == 18 || k == 23)) {
                        if (s[k] != '-')
                                return -EINVAL;
                        continue;
                }
                if (!isxdigit((unsigned char) s[k]) || n >= 32)
                        return -EINVAL;
                id[n++] = (char) tolower((unsigned char) s[k]);
        }
        if (n != 32)
                return -EINVAL;
        id[n] = 0;
        return copy_to(ret, id);
}

static int spec_machine_id(const SpecifierContext *ctx, const void *data, char **ret) {
        return read_id128(ctx, "/etc/machine-id", ret);
}

static int spec_boot_id(const SpecifierContext *ctx, const void *data, char **ret) {
        /* The boot ID belongs to the running kernel, not to the image below --root. */
        const SpecifierContext host = { .root = NULL };
        return read_id128(&host, "/proc/sys/kernel/random/boot_id", ret);
}

/* ---- the running system: uname and host names ------------------------------------------------ */

/* uname -m spellings mapped to the names of ConditionArchitecture= (systemd.unit(5)). */
static const char *architecture_name(const char *m) {
        static const struct { const char *machine, *name; } table[] = {
                { "x86_64", "x86-64" },    { "i386", "x86" },       { "i486", "x86" },
                { "i586", "x86" },         { "i686", "x86" },       { "aarch64", "arm64" },
                { "aarch64_be", "arm64-be" }, { "arm64", "arm64" }, { "ppc64le", "ppc64-le" },
                { "ppc64", "ppc64" },      { "ppcle", "ppc-le" },   { "ppc", "ppc" },
                { "s390x", "s390x" },      { "s390", "s390" },      { "riscv64", "riscv64" },
                { "riscv32", "riscv32" },  { "loongarch64", "loongarch64" },
                { "sparc64", "sparc64" },  { "sparc", "sparc" },    { "alpha", "alpha" },
                { "ia64", "ia64" },        { "parisc64", "parisc64" }, { "parisc", "parisc" },
                { "m68k", "m68k" },        { "sh64", "sh64" },      { "tilegx", "tilegx" },
                { "cris", "cris" },        { "arc", "arc" },        { "arceb", "arc-be" },
        };
        for (size_t k = 0; k < ELEMENTSOF(table); k++)
                if (streq(m, table[k].machine))
                        return table[k].name;
        /* Families whose uname names vary by revision or do not tell the byte order. */
        bool le = __BYTE_ORDER == __LITTLE_ENDIAN;
        if (startswith(m, "arm"))
                return endswith(m, "b") ? "arm-be" : "arm";
        if (startswith(m, "mips64"))
                return le ? "mips64-le" : "mips64";
        if (startswith(m, "mips"))
                return le ? "mips-le" : "mips";
        if (startswith(m, "sh"))
                return "sh";
        return m;
}

static int spec_uname(const SpecifierContext *ctx, const void *data, char **ret) {
        struct utsname u;
        if (uname(&u) < 0)
                return -errno;
        if (streq(data, "release"))
                return copy_to(ret, u.release);
        return copy_to(ret, architecture_name(u.machine));
}

/* The kernel's host name; when none is set ("" or "(none)"), the image's DEFAULT_HOSTNAME=
 * from os-release, or "localhost", as systemd falls back. */
static int hostname_get(const SpecifierContext *ctx, char **ret) {
        struct utsname u;
        char *d = NULL;
        if (uname(&u) < 0)
                return -errno;
        if (!isempty(u.nodename) && !streq(u.nodename, "(none)"))
                return copy_to(ret, u.nodename);
        if (os_release_get(ctx, "DEFAULT_HOSTNAME", &d) >= 0 && !isempty(d))
                return take_to(ret, d);
        free(d);
        return copy_to(ret, "localhost");
}

static int spec_hostname(const SpecifierContext *ctx, const void *data, char **ret) {
        char *h;
        int r = hostname_get(ctx, &h);
        if (r < 0)
                return r;
        if (data) /* %l: up to the first dot */
                h[strcspn(h, ".")] = 0;
        *ret = h;
        return 0;
}

/* %q: PRETTY_HOSTNAME= of machine-info(5), or the short host name when unset. */
static int spec_pretty_hostname(const SpecifierContext *ctx, const void *data, char **ret) {
        char *p = NULL;
        int r = env_file_get(ctx, "/etc/machine-info", "PRETTY_HOSTNAME", &p);
        if (r < 0 && r != -ENOENT)
                return r;
        if (r >= 0 && !isempty(p))
                return take_to(ret, p);
        free(p);
        return spec_hostname(ctx, "short", ret);
}

/* ---- the table ----------------------------------------------------------------------------- */

static const Specifier specifiers[] = {
        { 'a', spec_uname, "architecture" },
        { 'A', spec_os_release, "IMAGE_VERSION" },
        { 'b', spec_boot_id, NULL },
        { 'B', spec_os_release, "BUILD_ID" },
        { 'C', spec_string, "/var/cache" },
        { 'd', spec_credentials_dir, NULL },
        { 'E', spec_string, "/etc" },
        { 'f', spec_filename, NULL },
        { 'g', spec_string, "root" },
        { 'G', spec_string, "0" },
        { 'h', spec_string, "/root" },
        { 'H', spec_hostname, NULL },
        { 'i', spec_instance, NULL },
        { 'I', spec_instance, "unescape" },
        { 'j', spec_prefix_last, NULL },
        { 'J', spec_prefix_last, "unescape" },
        { 'l', spec_hostname, "short" },
        { 'L', spec_string, "/var/log" },
        { 'm', spec_machine_id, NULL },
        { 'M', spec_os_release, "IMAGE_ID" },
        { 'n', spec_name, NULL },
        { 'N', spec_name_no_suffix, NULL },
        { 'o', spec_os_release, "ID" },
        { 'p', spec_prefix, NULL },
        { 'P', spec_prefix, "unescape" },
        { 'q', spec_pretty_hostname, NULL },
        { 's', spec_user_shell, NULL },
        { 'S', spec_string, "/var/lib" },
        { 't', spec_string, "/run" },
        { 'T', spec_tmp_dir, "/tmp" },
        { 'u', spec_string, "root" },
        { 'U', spec_string, "0" },
        { 'v', spec_uname, "release" },
        { 'V', spec_tmp_dir, "/var/tmp" },
        { 'w', spec_os_release, "VERSION_ID" },
        { 'W', spec_os_release, "VARIANT_ID" },
        { 'y', spec_fragment, NULL },
        { 'Y', spec_fragment, "directory" },
};

static const Specifier *specifier_find(char c) {
        for (size_t k = 0; k < ELEMENTSOF(specifiers); k++)
                if (specifiers[k].specifier == c)
                        return &specifiers[k];
        return NULL;
}

typedef struct Buffer {
        char *data;
        size_t len, cap;
} Buffer;

static int buffer_append(Buffer *b, const char *s, size_t n) {
        if (n > SPECIFIER_EXPAND_MAX - b->len)
                return -ENOBUFS;
        if (b->len + n + 1 > b->cap) {
                size_t cap = MAX(b->cap * 2, b->len + n + 1);
                char *d = realloc(b->data, cap);
                if (!d)
                        return -ENOMEM;
                b->data = d;
                b->cap = cap;
        }
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = 0;
        return 0;
}

int specifier_expand(const SpecifierContext *ctx, const char *text, char **ret) {
        char *cache[ELEMENTSOF(specifiers)] = {};
        Buffer b = {};
        int r = 0;

        r = buffer_append(&b, "", 0);
        for (const char *p = text; r >= 0 && *p; p++) {
                if (*p != '%') {
                        size_t n = strcspn(p, "%");
                        r = buffer_append(&b, p, n);
                        p += n - 1;
                        continue;
                }
                p++;
                /* A lone "%" at the end stays as written, as systemd 252 keeps it. */
                if (*p == 0 || *p == '%') {
                        r = buffer_append(&b, "%", 1);
                        if (*p == 0)
                                break;
                        continue;
                }
                const Specifier *s = specifier_find(*p);
                if (!s) {
                        r = -EBADSLT;
                        break;
                }
                char **c = &cache[s - specifiers];
                if (!*c)
                        r = s->resolve(ctx, s->data, c);
                if (r >= 0)
                        r = buffer_append(&b, *c, strlen(*c));
        }
        for (size_t k = 0; k < ELEMENTSOF(cache); k++)
                free(cache[k]);
        if (r < 0) {
                free(b.data);
                return r;
        }
        *ret = b.data;
        return 0;
}

int config_expand(const ConfigContext *ctx, const char *rvalue, char **ret) {
        if (!ctx->spec)
                return copy_to(ret, rvalue);
        int r = specifier_expand(ctx->spec, rvalue, ret);
        if (r < 0)
                return log_syntax(ctx->unit, LOG_WARNING, ctx->filename, ctx->line, r,
                                  "Failed to resolve specifiers in %s, ignoring: %m", rvalue);
        return 0;
}
