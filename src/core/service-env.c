/* service-env.c — environment files and the environment of spawned processes (see
 * service-env.h). The file parser is a small character state machine, so continuation lines
 * and quotes spanning lines need no second pass. */
#include <glob.h>
#include <stdio.h>

#include "env-util.h"
#include "fileio.h"
#include "log.h"
#include "path-util.h"
#include "service-env.h"
#include "string-util.h"
#include "strv.h"

typedef enum EnvParseState {
        ENV_PRE_KEY,
        ENV_KEY,
        ENV_COMMENT,
        ENV_PRE_VALUE,   /* after "=", or after a closing quote: blanks are skipped */
        ENV_VALUE,       /* unquoted */
        ENV_SQUOTE,
        ENV_DQUOTE,
} EnvParseState;

typedef struct Buf {
        char *s;
        size_t n, allocated;
} Buf;

static int buf_put(Buf *b, char c) {
        if (b->n + 2 > b->allocated) {
                size_t a = b->allocated ? b->allocated * 2 : 64;
                char *p = realloc(b->s, a);
                if (!p)
                        return -ENOMEM;
                b->s = p;
                b->allocated = a;
        }
        b->s[b->n++] = c;
        b->s[b->n] = 0;
        return 0;
}

static const char *buf_str(Buf *b) {
        return b->s ? b->s : "";
}

/* Ends one assignment: checks the name and the value and appends it. */
static int emit(char ***l, Buf *key, Buf *value, size_t value_keep, const char *fname, unsigned line) {
        _cleanup_free_ char *k = strdup(buf_str(key));
        if (!k)
                return -ENOMEM;
        strstrip(k);
        /* "export KEY=…" is no assignment to systemd 252 (the name has a blank): skipped */
        const char *name = k;
        if (value->s)
                value->s[value_keep] = 0;
        if (!env_name_is_valid(name)) {
                log_warning("%s:%u: invalid variable name \"%s\", ignoring.", fname ?: "(env)", line, name);
                return 0;
        }
        _cleanup_free_ char *a = strjoin(name, "=", buf_str(value));
        if (!a)
                return -ENOMEM;
        if (!utf8_is_valid(a)) {
                log_warning("%s:%u: invalid UTF-8 in value of %s, ignoring.", fname ?: "(env)", line, name);
                return 0;
        }
        return strv_env_replace(l, TAKE_PTR(a));
}

int env_file_parse(const char *contents, size_t size, const char *fname, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        Buf key = {}, value = {};
        EnvParseState st = ENV_PRE_KEY;
        size_t keep = 0; /* value length without trailing unescaped blanks (unquoted values) */
        unsigned line = 1, start_line = 1;
        int r = 0;
        for (size_t i = 0; i <= size && r >= 0; i++) {
                bool eof = i == size || contents[i] == 0;
                char c = eof ? '\n' : contents[i];
                switch (st) {
                case ENV_PRE_KEY:
                        if (eof)
                                goto done;
                        if (strchr(WHITESPACE, c))
                                break;
                        if (c == '#' || c == ';') {
                                st = ENV_COMMENT;
                                break;
                        }
                        key.n = 0;
                        start_line = line;
                        r = buf_put(&key, c);
                        st = ENV_KEY;
                        break;
                case ENV_COMMENT:
                        if (c == '\n')
                                st = ENV_PRE_KEY;
                        break;
                case ENV_KEY:
                        if (c == '\n') {
                                key.s[key.n] = 0;
                                log_warning("%s:%u: line without \"=\", ignoring.", fname ?: "(env)", start_line);
                                st = ENV_PRE_KEY;
                        } else if (c == '=') {
                                value.n = 0;
                                if (value.s)
                                        value.s[0] = 0;
                                keep = 0;
                                st = ENV_PRE_VALUE;
                        } else
                                r = buf_put(&key, c);
                        break;
                case ENV_PRE_VALUE:
                        if (c == '\n') {
                                r = emit(&l, &key, &value, value.n, fname, start_line);
                                st = ENV_PRE_KEY;
                        } else if (c == '\'')
                                st = ENV_SQUOTE;
                        else if (c == '"')
                                st = ENV_DQUOTE;
                        else if (c == ' ' || c == '\t')
                                break;
                        else {
                                st = ENV_VALUE;
                                i--; /* the same character again, as part of the value */
                                continue;
                        }
                        break;
                case ENV_VALUE:
                        if (c == '\n') {
                                r = emit(&l, &key, &value, keep, fname, start_line);
                                st = ENV_PRE_KEY;
                        } else if (c == '\\') {
                                if (i + 1 >= size || contents[i + 1] == 0)
                                        break; /* a backslash at the very end: dropped */
                                char n = contents[++i];
                                if (n == '\n') {
                                        line++;
                                        break; /* continuation */
                                }
                                r = buf_put(&value, n);
                                keep = value.n;
                        } else {
                                r = buf_put(&value, c);
                                if (c != ' ' && c != '\t')
                                        keep = value.n;
                        }
                        break;
                case ENV_SQUOTE:
                        if (eof) { /* unterminated: take what we have, as systemd does */
                                r = emit(&l, &key, &value, value.n, fname, start_line);
                                goto done;
                        }
                        if (c == '\'')
                                st = ENV_PRE_VALUE;
                        else
                                r = buf_put(&value, c);
                        break;
                case ENV_DQUOTE:
                        if (eof) {
                                r = emit(&l, &key, &value, value.n, fname, start_line);
                                goto done;
                        }
                        if (c == '"')
                                st = ENV_PRE_VALUE;
                        else if (c == '\\' && i + 1 < size && contents[i + 1] != 0) {
                                char n = contents[++i];
                                if (n == '\n')
                                        line++;
                                else if (strchr("\"\\`$", n))
                                        r = buf_put(&value, n);
                                else if ((r = buf_put(&value, '\\')) >= 0)
                                        r = buf_put(&value, n);
                        } else
                                r = buf_put(&value, c);
                        break;
                }
                if (!eof && c == '\n')
                        line++;
                if (eof)
                        break;
        }
done:
        free(key.s);
        free(value.s);
        if (r < 0)
                return r;
        if (!l && !(l = calloc(1, sizeof(char *))))
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

static int load_one(const char *path, char ***env) {
        _cleanup_free_ char *contents = NULL;
        size_t size;
        int r = read_full_file(path, ENV_FILE_MAX, &contents, &size);
        if (r < 0)
                return r;
        _cleanup_strv_free_ char **l = NULL;
        if ((r = env_file_parse(contents, size, path, &l)) < 0)
                return r;
        STRV_FOREACH(a, l)
                if (strv_env_replace(env, strdup(*a)) < 0)
                        return -ENOMEM;
        return 0;
}

int exec_context_load_environment_files(const ExecContext *c, const char *root, char ***ret) {
        _cleanup_strv_free_ char **env = NULL;
        STRV_FOREACH(f, c->environment_files) {
                const char *pattern = *f;
                bool optional = pattern[0] == '-';
                if (optional)
                        pattern++;
                _cleanup_free_ char *rooted = path_prefix_root(root, pattern);
                if (!rooted)
                        return -ENOMEM;
                glob_t g = {};
                int k = glob(rooted, GLOB_NOSORT | GLOB_NOCHECK, NULL, &g);
                if (k != 0) {
                        globfree(&g);
                        if (optional)
                                continue;
                        return -ENOENT;
                }
                for (size_t i = 0; i < g.gl_pathc; i++) {
                        int r = load_one(g.gl_pathv[i], &env);
                        if (r < 0 && !(optional && r == -ENOENT)) {
                                log_warning_errno(r, "Failed to load environment file %s: %m", g.gl_pathv[i]);
                                globfree(&g);
                                return r;
                        }
                }
                globfree(&g);
        }
        if (!env && !(env = calloc(1, sizeof(char *))))
                return -ENOMEM;
        *ret = TAKE_PTR(env);
        return 0;
}

char **strv_env_unset(char **l, const char *what) {
        if (!l)
                return l;
        bool exact = strchr(what, '=') != NULL;
        size_t len = strlen(what);
        char **w = l;
        for (char **p = l; *p; p++) {
                bool drop = exact ? streq(*p, what) : (strncmp(*p, what, len) == 0 && (*p)[len] == '=');
                if (drop)
                        free(*p);
                else
                        *w++ = *p;
        }
        *w = NULL;
        return l;
}

int exec_context_apply_environment(const ExecContext *c, char **files_env, char ***env) {
        extern char **environ;
        STRV_FOREACH(n, c->pass_environment) {
                const char *v = strv_env_get(environ, *n);
                if (!v)
                        continue;
                if (strv_env_replace(env, strjoin(*n, "=", v)) < 0)
                        return -ENOMEM;
        }
        STRV_FOREACH(a, c->environment)
                if (strv_env_replace(env, strdup(*a)) < 0)
                        return -ENOMEM;
        STRV_FOREACH(a, files_env)
                if (strv_env_replace(env, strdup(*a)) < 0)
                        return -ENOMEM;
        STRV_FOREACH(u, c->unset_environment)
                strv_env_unset(*env, *u);
        return 0;
}
