/* ini.c — see ini.h. Follows the documented rules of systemd.syntax(7): a line whose first
 * non-blank character is `#` or `;` is a comment, even inside a continuation; a line ending
 * in an odd number of backslashes continues on the next one (the backslash becomes a
 * space); keys and values are trimmed; section names are case-sensitive. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "ini.h"
#include "log.h"
#include "macro.h"
#include "string-util.h"

#define UTF8_BOM "\xef\xbb\xbf"

typedef struct IniState {
        const IniParser *p;
        const char *filename;
        char *section;        /* the current accepted section, or NULL */
        bool section_ignored; /* inside a section we skipped: stay quiet about its lines */
} IniState;

static int parse_line(IniState *s, unsigned line, char *l) {
        l = strstrip(l);
        if (isempty(l))
                return 0;
        if (!utf8_is_valid(l)) {
                log_syntax(NULL, LOG_WARNING, s->filename, line, 0,
                           "String is not UTF-8 clean, ignoring assignment: %s", "(invalid UTF-8)");
                return 0;
        }

        if (*l == '[') {
                size_t k = strlen(l);
                if (l[k - 1] != ']')
                        return log_syntax(NULL, LOG_ERR, s->filename, line, EBADMSG,
                                          "Invalid section header '%s'", l);
                _cleanup_free_ char *n = strndup(l + 1, k - 2);
                if (!n)
                        return log_oom();
                if (!string_is_safe(n))
                        return log_syntax(NULL, LOG_ERR, s->filename, line, EBADMSG,
                                          "Bad characters in section header '%s'", l);
                s->section = mfree(s->section);
                if (s->p->section_known && !s->p->section_known(n, s->p->userdata)) {
                        if (!s->p->relaxed && !startswith(n, "X-"))
                                log_syntax(NULL, LOG_WARNING, s->filename, line, 0,
                                           "Unknown section '%s'. Ignoring.", n);
                        s->section_ignored = true;
                        return 0;
                }
                s->section_ignored = false;
                if (s->p->on_section) {
                        int r = s->p->on_section(s->filename, line, n, s->p->userdata);
                        if (r < 0)
                                return r;
                }
                s->section = TAKE_PTR(n);
                return 0;
        }

        if (!s->section) {
                if (!s->p->relaxed && !s->section_ignored)
                        log_syntax(NULL, LOG_WARNING, s->filename, line, 0,
                                   "Assignment outside of section. Ignoring.");
                return 0;
        }

        char *e = strchr(l, '=');
        if (!e) {
                log_syntax(NULL, LOG_WARNING, s->filename, line, 0, "Missing '=', ignoring line.");
                return 0;
        }
        if (e == l) {
                log_syntax(NULL, LOG_WARNING, s->filename, line, 0,
                           "Missing key name before '=', ignoring line.");
                return 0;
        }
        *e = 0;
        return s->p->on_assignment(s->filename, line, s->section, strstrip(l), strstrip(e + 1),
                                   s->p->userdata);
}

int ini_parse_file(const IniParser *p, const char *filename, FILE *f) {
        IniState s = { .p = p, .filename = filename };
        _cleanup_free_ char *continuation = NULL;
        unsigned line = 0;
        bool first = true;
        int r = 0;

        for (;;) {
                _cleanup_free_ char *buf = NULL;
                r = read_line(f, LONG_LINE_MAX, &buf);
                if (r == 0)
                        break;
                line++;
                if (r == -ENOBUFS) {
                        log_syntax(NULL, LOG_ERR, filename, line, r, "Line too long");
                        goto finish;
                }
                if (r < 0) {
                        log_syntax(NULL, LOG_ERR, filename, line, r, "Failed to read line: %m");
                        goto finish;
                }

                char *l = buf;
                if (first) {
                        l = startswith(buf, UTF8_BOM) ?: buf;
                        first = false;
                }
                const char *t = skip_leading(l, WHITESPACE);
                if (*t == '#' || *t == ';')
                        continue; /* comments are dropped even in the middle of a continuation */

                char *whole = l;
                if (continuation) {
                        if (strlen(continuation) + strlen(l) > LONG_LINE_MAX) {
                                r = log_syntax(NULL, LOG_ERR, filename, line, ENOBUFS,
                                               "Continuation line too long");
                                goto finish;
                        }
                        if (!strextend(&continuation, l)) {
                                r = log_oom();
                                goto finish;
                        }
                        whole = continuation;
                }

                bool escaped = false;
                char *e;
                for (e = whole; *e; e++)
                        escaped = escaped ? false : *e == '\\';
                if (escaped) {
                        e[-1] = ' ';
                        if (!continuation && !(continuation = strdup(l))) {
                                r = log_oom();
                                goto finish;
                        }
                        continue;
                }

                r = parse_line(&s, line, whole);
                continuation = mfree(continuation);
                if (r < 0)
                        goto finish;
        }
        if (continuation) /* the file ended inside a continuation: use what we have */
                r = parse_line(&s, line, continuation);
finish:
        free(s.section);
        return r < 0 ? r : 0;
}

int ini_parse_path(const IniParser *p, const char *path) {
        /* O_NONBLOCK and the type check keep a FIFO or a device from blocking or never ending. */
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        if (!S_ISREG(st.st_mode)) {
                close(fd);
                return S_ISDIR(st.st_mode) ? -EISDIR : -EBADFD;
        }
        FILE *f = fdopen(fd, "r");
        if (!f) {
                close(fd);
                return -errno;
        }
        int r = ini_parse_file(p, path, f);
        fclose(f);
        return r;
}

int ini_parse_string(const IniParser *p, const char *filename, const char *text) {
        if (!*text)
                return 0; /* fmemopen() refuses an empty buffer */
        FILE *f = fmemopen((void *) text, strlen(text), "r");
        if (!f)
                return -errno;
        int r = ini_parse_file(p, filename, f);
        fclose(f);
        return r;
}
