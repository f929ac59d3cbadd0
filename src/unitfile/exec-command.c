/* exec-command.c — see exec-command.h. The rendering quotes each word so that the result,
 * read back as an ExecStart= value, gives the same argv: that keeps `sctl show` output
 * unambiguous for arguments with spaces, quotes or a lone ";". */
#include <stdio.h>

#include "exec-command.h"
#include "macro.h"
#include "string-util.h"
#include "strv.h"

ExecCommand *exec_command_free_list(ExecCommand *c) {
        while (c) {
                ExecCommand *next = c->next;
                free(c->path);
                strv_free(c->argv);
                free(c);
                c = next;
        }
        return NULL;
}

void exec_command_append(ExecCommand **list, ExecCommand *c) {
        ExecCommand **tail = list;
        while (*tail)
                tail = &(*tail)->next;
        *tail = c;
}

static bool word_needs_quotes(const char *w) {
        if (!*w || streq(w, ";"))
                return true;
        for (const unsigned char *p = (const unsigned char *) w; *p; p++)
                if (*p <= ' ' || *p == 127 || strchr("\"'\\", *p))
                        return true;
        return false;
}

/* Appends w to *s, in double quotes with C escapes when it would not survive splitting. */
static int append_word(char **s, const char *w) {
        if (**s && !streq(*s, "@") && !strextend(s, " "))
                return -ENOMEM;
        if (!word_needs_quotes(w))
                return strextend(s, w) ? 0 : -ENOMEM;

        _cleanup_free_ char *q = malloc(strlen(w) * 4 + 3);
        if (!q)
                return -ENOMEM;
        char *t = q;
        *t++ = '"';
        for (const unsigned char *p = (const unsigned char *) w; *p; p++) {
                switch (*p) {
                case '"':
                case '\\':
                        *t++ = '\\';
                        *t++ = (char) *p;
                        break;
                case '\n':
                        t = stpcpy(t, "\\n");
                        break;
                case '\t':
                        t = stpcpy(t, "\\t");
                        break;
                default:
                        if (*p < ' ' || *p == 127)
                                t += sprintf(t, "\\x%02x", *p);
                        else
                                *t++ = (char) *p;
                }
        }
        *t++ = '"';
        *t = 0;
        return strextend(s, q) ? 0 : -ENOMEM;
}

char *exec_command_to_string(const ExecCommand *c) {
        _cleanup_free_ char *s = NULL;

        if (!c || !c->path)
                return NULL;
        /* With "@" the zeroeth argument differs from the path; show both so nothing is lost. */
        bool at = c->argv && c->argv[0] && !streq(c->argv[0], c->path);
        if (!(s = strdup(at ? "@" : "")) || append_word(&s, c->path) < 0)
                return NULL;
        size_t n = strv_length(c->argv);
        for (size_t i = at ? 0 : 1; i < n; i++)
                if (append_word(&s, c->argv[i]) < 0)
                        return NULL;
        return TAKE_PTR(s);
}
