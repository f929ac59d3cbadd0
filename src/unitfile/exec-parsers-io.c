/* exec-parsers-io.c — parsers for where a unit's standard input, output and error go and how
 * its log lines are tagged: StandardInput=/StandardOutput=/StandardError= with their "fd:",
 * "file:", "append:" and "truncate:" forms, the inline stdin data, syslog facility and level,
 * journal fields and namespaces, and the terminal size. Also the base64 decoder the data and
 * credential directives share. */
#include <ctype.h>
#include <limits.h>

#include "directive-util.h"
#include "config-values.h"
#include "exec-context.h"
#include "exec-parsers.h"
#include "parse-util.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"

/* Inline stdin data is held in memory for every start; systemd caps it at the same size. */
#define EXEC_STDIN_DATA_MAX (64U * 1024U * 1024U)

static const char *const exec_input_table[_EXEC_INPUT_MAX] = {
        [EXEC_INPUT_NULL] = "null",
        [EXEC_INPUT_TTY] = "tty",
        [EXEC_INPUT_TTY_FORCE] = "tty-force",
        [EXEC_INPUT_TTY_FAIL] = "tty-fail",
        [EXEC_INPUT_SOCKET] = "socket",
        [EXEC_INPUT_NAMED_FD] = "fd",
        [EXEC_INPUT_DATA] = "data",
        [EXEC_INPUT_FILE] = "file",
};
DEFINE_STRING_TABLE(exec_input, ExecInput, exec_input_table)

static const char *const exec_output_table[_EXEC_OUTPUT_MAX] = {
        [EXEC_OUTPUT_INHERIT] = "inherit",
        [EXEC_OUTPUT_NULL] = "null",
        [EXEC_OUTPUT_TTY] = "tty",
        [EXEC_OUTPUT_KMSG] = "kmsg",
        [EXEC_OUTPUT_KMSG_AND_CONSOLE] = "kmsg+console",
        [EXEC_OUTPUT_JOURNAL] = "journal",
        [EXEC_OUTPUT_JOURNAL_AND_CONSOLE] = "journal+console",
        [EXEC_OUTPUT_SOCKET] = "socket",
        [EXEC_OUTPUT_NAMED_FD] = "fd",
        [EXEC_OUTPUT_FILE] = "file",
        [EXEC_OUTPUT_FILE_APPEND] = "append",
        [EXEC_OUTPUT_FILE_TRUNCATE] = "truncate",
};
DEFINE_STRING_TABLE(exec_output, ExecOutput, exec_output_table)

/* Names of passed file descriptors (FileDescriptorName=, fd:NAME): printable ASCII without
 * ":", which separates names in $LISTEN_FDNAMES. */
static bool fdname_is_valid(const char *s) {
        if (isempty(s) || strlen(s) > 255)
                return false;
        for (const char *p = s; *p; p++)
                if (*p < ' ' || *p >= 0x7f || *p == ':')
                        return false;
        return true;
}

/* Handles "fd[:NAME]" and "file:"/"append:"/"truncate:PATH" for stream n (0, 1, 2).
 * Returns 1 when rvalue had one of those forms (valid or not), 0 otherwise. */
static int parse_stdio_special(const ConfigContext *ctx, const char *rvalue, ExecContext *c, int n, int *ret_type) {
        static const char *const default_fdname[3] = { "stdin", "stdout", "stderr" };
        static const struct {
                const char *prefix;
                int input, output;
        } file_forms[] = {
                { "file:", EXEC_INPUT_FILE, EXEC_OUTPUT_FILE },
                { "append:", -1, EXEC_OUTPUT_FILE_APPEND },
                { "truncate:", -1, EXEC_OUTPUT_FILE_TRUNCATE },
        };
        const char *e = NULL;
        if (streq(rvalue, "fd") || (e = startswith(rvalue, "fd:"))) {
                _cleanup_free_ char *k = NULL;
                if (streq(rvalue, "fd") || !*e)
                        e = default_fdname[n];
                if (config_expand(ctx, e, &k) < 0)
                        return 1;
                if (!fdname_is_valid(k)) {
                        log_config_ignoring(ctx, "Invalid file descriptor name, ignoring: %s", k);
                        return 1;
                }
                free(c->stdio_fdname[n]);
                c->stdio_fdname[n] = TAKE_PTR(k);
                c->stdio_file[n] = mfree(c->stdio_file[n]);
                *ret_type = n == 0 ? EXEC_INPUT_NAMED_FD : EXEC_OUTPUT_NAMED_FD;
                return 1;
        }
        for (size_t i = 0; i < ELEMENTSOF(file_forms); i++) {
                e = startswith(rvalue, file_forms[i].prefix);
                if (!e)
                        continue;
                int type = n == 0 ? file_forms[i].input : file_forms[i].output;
                if (type < 0)
                        return 0;
                _cleanup_free_ char *k = NULL;
                if (config_expand(ctx, e, &k) < 0)
                        return 1;
                if (!path_is_absolute(k) || !path_is_valid(k) || !path_is_normalized(k)) {
                        log_config_ignoring(ctx, "%s= path is not absolute and normalized, ignoring: %s", ctx->lvalue, k);
                        return 1;
                }
                free(c->stdio_file[n]);
                c->stdio_file[n] = TAKE_PTR(k);
                c->stdio_fdname[n] = mfree(c->stdio_fdname[n]);
                *ret_type = type;
                return 1;
        }
        return 0;
}

int config_parse_exec_input(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        int type = -1;
        if (!*rvalue)
                type = EXEC_INPUT_NULL;
        else if (parse_stdio_special(ctx, rvalue, c, 0, &type) == 0) {
                type = (int) exec_input_from_string(rvalue);
                /* "fd" and "file" name the forms with arguments handled above. */
                if (type < 0 || type == EXEC_INPUT_FILE) {
                        log_config_ignoring(ctx, "Failed to parse input specifier, ignoring: %s", rvalue);
                        return 0;
                }
        }
        if (type >= 0)
                c->std_input = type;
        return 0;
}

int config_parse_exec_output(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        int n = ltype == 2 ? 2 : 1, type = -1;
        ExecOutput *field = n == 1 ? &c->std_output : &c->std_error;
        if (!*rvalue)
                type = n == 1 ? EXEC_OUTPUT_JOURNAL : EXEC_OUTPUT_INHERIT;
        else if (streq(rvalue, "syslog") || streq(rvalue, "syslog+console")) {
                /* syslog output went through the journal for years; systemd maps it and says so. */
                type = streq(rvalue, "syslog") ? EXEC_OUTPUT_JOURNAL : EXEC_OUTPUT_JOURNAL_AND_CONSOLE;
                log_config(ctx, LOG_NOTICE, 0,
                           "Standard output type %s is obsolete, automatically updating to %s. Please update the unit file.",
                           rvalue, exec_output_to_string(type));
        } else if (parse_stdio_special(ctx, rvalue, c, n, &type) == 0) {
                type = (int) exec_output_from_string(rvalue);
                if (type < 0 || type >= EXEC_OUTPUT_FILE) {
                        log_config_ignoring(ctx, "Failed to parse output specifier, ignoring: %s", rvalue);
                        return 0;
                }
        }
        if (type >= 0)
                *field = type;
        return 0;
}

static int stdin_data_append(const ConfigContext *ctx, ExecContext *c, const void *p, size_t size, bool newline) {
        size_t n = c->stdin_data_size + size + newline;
        if (n > EXEC_STDIN_DATA_MAX) {
                log_config_ignoring(ctx, "Standard input data too large (more than %u bytes), ignoring.", EXEC_STDIN_DATA_MAX);
                return 0;
        }
        uint8_t *d = realloc(c->stdin_data, n + 1);
        if (!d)
                return log_oom();
        memcpy(d + c->stdin_data_size, p, size);
        if (newline)
                d[n - 1] = '\n';
        d[n] = 0;
        c->stdin_data = d;
        c->stdin_data_size = n;
        return 0;
}

static void stdin_data_reset(ExecContext *c) {
        c->stdin_data = mfree(c->stdin_data);
        c->stdin_data_size = 0;
}

int config_parse_exec_input_text(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                stdin_data_reset(c);
                return 0;
        }
        _cleanup_free_ char *unescaped = NULL, *k = NULL;
        if (cunescape(rvalue, &unescaped) < 0) {
                log_config_ignoring(ctx, "Failed to decode C escaped text, ignoring: %s", rvalue);
                return 0;
        }
        if (config_expand(ctx, unescaped, &k) < 0)
                return 0;
        /* Each line is a line of the input: the newline the unit file ended it with stays. */
        return stdin_data_append(ctx, c, k, strlen(k), true);
}

int config_parse_exec_input_data(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExecContext *c = data;
        (void) ltype;
        if (!*rvalue) {
                stdin_data_reset(c);
                return 0;
        }
        _cleanup_free_ void *p = NULL;
        size_t size;
        if (unbase64mem(rvalue, &p, &size) < 0) {
                log_config_ignoring(ctx, "Failed to decode base64 data, ignoring: %s", rvalue);
                return 0;
        }
        return stdin_data_append(ctx, c, p, size, false);
}

static int unbase64_char(char c) {
        if (c >= 'A' && c <= 'Z')
                return c - 'A';
        if (c >= 'a' && c <= 'z')
                return c - 'a' + 26;
        if (c >= '0' && c <= '9')
                return c - '0' + 52;
        if (c == '+')
                return 62;
        if (c == '/')
                return 63;
        return -EINVAL;
}

int unbase64mem(const char *p, void **ret, size_t *ret_size) {
        size_t l = strlen(p);
        _cleanup_free_ uint8_t *out = malloc(l / 4 * 3 + 4);
        if (!out)
                return -ENOMEM;
        size_t n = 0, pad = 0;
        unsigned acc = 0, bits = 0;
        for (; *p; p++) {
                if (strchr(WHITESPACE, *p))
                        continue;
                if (*p == '=') {
                        pad++;
                        continue;
                }
                int v = unbase64_char(*p);
                /* Data after padding, or more than two "=", is not base64. */
                if (v < 0 || pad > 0)
                        return -EINVAL;
                acc = (acc << 6) | (unsigned) v;
                bits += 6;
                if (bits >= 8) {
                        bits -= 8;
                        out[n++] = (uint8_t) (acc >> bits);
                        acc &= (1U << bits) - 1;
                }
        }
        /* A lone sixth of a byte left over means a truncated group. */
        if (pad > 2 || bits >= 6)
                return -EINVAL;
        out[n] = 0;
        *ret = TAKE_PTR(out);
        *ret_size = n;
        return 0;
}

static const char *const syslog_facility_table[] = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        NULL, NULL, NULL, NULL, "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

static const char *const syslog_level_table[] = {
        "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

/* A name from table, or its index written as a number. */
static int name_or_index(const char *const *table, size_t n, const char *s) {
        unsigned u;
        int i = string_table_lookup(table, n, s);
        if (i >= 0)
                return i;
        if (safe_atou(s, &u) >= 0 && u < n && table[u])
                return (int) u;
        return -EINVAL;
}

int config_parse_exec_syslog_facility(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *priority = data;
        (void) ltype;
        int f = *rvalue ? name_or_index(syslog_facility_table, ELEMENTSOF(syslog_facility_table), rvalue) : 3;
        if (f < 0) {
                log_config_ignoring(ctx, "Failed to parse log facility, ignoring: %s", rvalue);
                return 0;
        }
        *priority = (f << 3) | LOG_PRI(*priority);
        return 0;
}

int config_parse_exec_syslog_level(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *priority = data;
        (void) ltype;
        int l = *rvalue ? name_or_index(syslog_level_table, ELEMENTSOF(syslog_level_table), rvalue) : LOG_INFO;
        if (l < 0) {
                log_config_ignoring(ctx, "Failed to parse log level, ignoring: %s", rvalue);
                return 0;
        }
        *priority = (*priority & LOG_FACMASK) | l;
        return 0;
}

int config_parse_exec_log_level_max(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *level = data;
        (void) ltype;
        int l = *rvalue ? name_or_index(syslog_level_table, ELEMENTSOF(syslog_level_table), rvalue) : -1;
        if (*rvalue && l < 0) {
                log_config_ignoring(ctx, "Failed to parse log level, ignoring: %s", rvalue);
                return 0;
        }
        *level = l;
        return 0;
}

/* Journal field names a client may set: upper case, digits and "_", not starting with a
 * digit or with "_" (those are the journal's trusted fields), at most 64 characters. */
static bool journal_field_is_valid(const char *s, size_t l) {
        if (l == 0 || l > 64 || s[0] == '_' || isdigit((unsigned char) s[0]))
                return false;
        for (size_t i = 0; i < l; i++)
                if (!(isupper((unsigned char) s[i]) || isdigit((unsigned char) s[i]) || s[i] == '_'))
                        return false;
        return true;
}

int config_parse_exec_log_extra_fields(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***fields = data;
        (void) ltype;
        if (!*rvalue) {
                *fields = strv_free(*fields);
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_CUNESCAPE | EXTRACT_UNQUOTE);
                if (r == 0)
                        return 0;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (config_expand(ctx, word, &k) < 0)
                        continue;
                const char *eq = strchr(k, '=');
                if (!eq) {
                        log_config_ignoring(ctx, "Log field lacks '=' character, ignoring: %s", k);
                        continue;
                }
                if (!journal_field_is_valid(k, (size_t) (eq - k))) {
                        log_config_ignoring(ctx, "Log field name is invalid, ignoring: %s", k);
                        continue;
                }
                if (strv_push(fields, TAKE_PTR(k)) < 0)
                        return log_oom();
        }
}

int config_parse_exec_log_namespace(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **ns = data;
        (void) ltype;
        if (!*rvalue) {
                *ns = mfree(*ns);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        /* The name becomes part of unit names (systemd-journald@NAME.service) and paths. */
        if (strlen(k) > 200 || !in_charset(k, ALPHANUMERICAL "_-.") || k[0] == '.') {
                log_config_ignoring(ctx, "Specified log namespace name is not valid, ignoring: %s", k);
                return 0;
        }
        free(*ns);
        *ns = TAKE_PTR(k);
        return 0;
}

int config_parse_exec_tty_size(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        unsigned *size = data;
        (void) ltype;
        unsigned u = UINT_MAX;
        if (*rvalue && (safe_atou(rvalue, &u) < 0 || u > USHRT_MAX)) {
                log_config_ignoring(ctx, "Failed to parse terminal size, ignoring: %s", rvalue);
                return 0;
        }
        *size = u;
        return 0;
}
