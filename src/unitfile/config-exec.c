/* config-exec.c — config_parse_exec(): the command lines of ExecStart= and its siblings, as
 * systemd.service(5) describes them. A value holds one or more commands separated by a lone
 * ";" (a literal semicolon argument is written "\;"); each command is a list of words with
 * the quoting of systemd.syntax(7), its first word optionally preceded by the prefixes
 * "-", "@", ":", and one of "+", "!", "!!", in any order. Specifiers are expanded per word,
 * after unquoting, so an instance name with spaces stays one argument; "$VAR" references are
 * kept as written, because they are expanded with the service's environment when it starts.
 * The executable is an absolute path or a bare file name looked up when the command runs.
 *
 * A command that cannot be understood makes the unit unloadable (-ENOEXEC), unless that
 * command's "-" prefix asks for failures to be ignored: then the rest of the line is dropped
 * with a warning, and the commands before it stay. Until the prefixes are read, nothing can
 * ask for that, so broken quoting in a first word is always fatal. */
#include "config-values-internal.h"
#include "config-values.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(ExecCommand *, exec_command_free_list);

/* Logs a problem with one command: an error when it fails the unit, a warning when the "-"
 * prefix lets the line be ignored. Returns what the parser must return. */
#define exec_fail(ctx, ignore, error, fmt, ...)                                                \
        ({                                                                                     \
                log_syntax((ctx)->unit, (ignore) ? LOG_WARNING : LOG_ERR, (ctx)->filename,     \
                           (ctx)->line, error, fmt "%s: %s", __VA_ARGS__);                     \
                (ignore) ? 0 : -ENOEXEC;                                                       \
        })

/* Whether the n characters at p are a whole word ending in ";": n = 1 finds the lone ";"
 * that ends a command, n = 2 the "\;" that stands for a literal one. */
static bool is_separator(const char *p, size_t n) {
        return p[n - 1] == ';' && (!p[n] || strchr(WHITESPACE, p[n]));
}

/* Reads the prefixes at the start of the first word. Each may appear once; of "+", "!" and
 * "!!" only one may be given. A repeated or conflicting character ends the prefixes and is
 * left to the path, which then fails validation, as it should. */
static const char *parse_prefixes(const char *f, ExecCommandFlags *flags, bool *separate_argv0) {
        const ExecCommandFlags privilege =
                EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID | EXEC_COMMAND_AMBIENT_MAGIC;

        for (;; f++) {
                if (*f == '-' && !(*flags & EXEC_COMMAND_IGNORE_FAILURE))
                        *flags |= EXEC_COMMAND_IGNORE_FAILURE;
                else if (*f == '@' && !*separate_argv0)
                        *separate_argv0 = true;
                else if (*f == ':' && !(*flags & EXEC_COMMAND_NO_ENV_EXPAND))
                        *flags |= EXEC_COMMAND_NO_ENV_EXPAND;
                else if (*f == '+' && !(*flags & privilege))
                        *flags |= EXEC_COMMAND_FULLY_PRIVILEGED;
                else if (*f == '!' && !(*flags & privilege))
                        *flags |= EXEC_COMMAND_NO_SETUID;
                else if (*f == '!' && (*flags & privilege) == EXEC_COMMAND_NO_SETUID)
                        *flags = (*flags & ~EXEC_COMMAND_NO_SETUID) | EXEC_COMMAND_AMBIENT_MAGIC;
                else
                        return f;
        }
}

/* Parses one command at *p, up to a lone ";" or the end. Returns 1 with the command, 0 when
 * the rest of the line is to be ignored, or -ENOEXEC. */
static int parse_one_command(const ConfigContext *ctx, const char **p, ExecCommand **ret) {
        _cleanup_free_ char *first = NULL, *path = NULL;
        _cleanup_strv_free_ char **argv = NULL;
        ExecCommandFlags flags = 0;
        bool separate_argv0 = false, ignore;
        const char *start = *p;
        int r;

        r = config_extract_word(ctx, p, &first);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0)
                return exec_fail(ctx, false, r, "Unbalanced quoting", "", start);

        const char *f = parse_prefixes(first, &flags, &separate_argv0);
        ignore = flags & EXEC_COMMAND_IGNORE_FAILURE;
        if (!*f)
                return exec_fail(ctx, ignore, 0, "Empty path in command line", ignore ? ", ignoring" : "",
                                 start);
        if (config_expand_full(ctx, f, !ignore, &path) < 0)
                return ignore ? 0 : -ENOEXEC;

        const char *sfx = ignore ? ", ignoring" : "";
        if (!string_is_safe(path))
                return exec_fail(ctx, ignore, 0, "Executable name contains special characters", sfx, path);
        if (!path_is_absolute(path) && !filename_is_valid(path))
                return exec_fail(ctx, ignore, 0, "Neither a valid executable name nor an absolute path", sfx, path);
        if (endswith(path, "/"))
                return exec_fail(ctx, ignore, 0, "Executable path specifies a directory", sfx, path);
        if (path_is_absolute(path))
                path_simplify(path);

        if (!separate_argv0 && strv_extend(&argv, path) < 0)
                return log_oom();

        for (;;) {
                _cleanup_free_ char *word = NULL;
                char *arg;

                *p = skip_leading(*p, WHITESPACE);
                if (!**p)
                        break;
                if (is_separator(*p, 1)) {
                        (*p)++;
                        break;
                }
                if (startswith(*p, "\\;") && is_separator(*p, 2)) {
                        /* "\;" is a semicolon argument, not a separator */
                        *p += 2;
                        if (strv_extend(&argv, ";") < 0)
                                return log_oom();
                        continue;
                }
                r = config_extract_word(ctx, p, &word);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0)
                        return exec_fail(ctx, ignore, r, "Unbalanced quoting", sfx, start);
                if (r == 0)
                        break;
                if (config_expand_full(ctx, word, !ignore, &arg) < 0)
                        return ignore ? 0 : -ENOEXEC;
                if (strv_push(&argv, arg) < 0)
                        return log_oom();
        }

        if (!argv || !argv[0])
                return exec_fail(ctx, ignore, 0, "Empty executable name or zeroeth argument", sfx, start);

        ExecCommand *c = new0(ExecCommand, 1);
        if (!c)
                return log_oom();
        *c = (ExecCommand) {
                .path = TAKE_PTR(path),
                .argv = TAKE_PTR(argv),
                .flags = flags,
        };
        *ret = c;
        return 1;
}

int config_parse_exec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecCommand **list = data;
        const char *p = rvalue;

        if (isempty(rvalue)) {
                *list = exec_command_free_list(*list);
                return 0;
        }

        for (;;) {
                _cleanup_(exec_command_free_listp) ExecCommand *c = NULL;

                /* Empty commands between separators ("a ; ; b") are skipped, as systemd does. */
                p = skip_leading(p, WHITESPACE);
                while (is_separator(p, 1))
                        p = skip_leading(p + 1, WHITESPACE);
                if (!*p)
                        return 0;

                int r = parse_one_command(ctx, &p, &c);
                if (r <= 0)
                        return r;
                exec_command_append(list, TAKE_PTR(c));
        }
}
