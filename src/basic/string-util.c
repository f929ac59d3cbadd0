/* string-util.c — see string-util.h. The word splitter follows the rules documented for
 * systemd's command lines and lists: whitespace separates, quotes group, a backslash escapes. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "string-util.h"

char *endswith(const char *s, const char *suffix) {
        size_t sl = strlen(s), pl = strlen(suffix);
        if (pl > sl)
                return NULL;
        return memcmp(s + sl - pl, suffix, pl) == 0 ? (char *) s + sl - pl : NULL;
}

char *strstrip(char *s) {
        char *e;
        s += strspn(s, WHITESPACE);
        for (e = s + strlen(s); e > s && strchr(WHITESPACE, e[-1]); e--)
                ;
        *e = 0;
        return s;
}

const char *skip_leading(const char *s, const char *chars) {
        return s + strspn(s, chars);
}

static char *vextend(char *base, size_t base_len, const char *first, va_list ap) {
        size_t total = base_len;
        va_list aq;
        va_copy(aq, ap);
        for (const char *s = first; s; s = va_arg(aq, const char *))
                total += strlen(s);
        va_end(aq);
        char *r = realloc(base, total + 1);
        if (!r)
                return NULL;
        char *p = r + base_len;
        for (const char *s = first; s; s = va_arg(ap, const char *)) {
                size_t l = strlen(s);
                memcpy(p, s, l);
                p += l;
        }
        *p = 0;
        return r;
}

char *strjoin_internal(const char *first, ...) {
        va_list ap;
        va_start(ap, first);
        char *r = vextend(NULL, 0, first ?: "", ap);
        va_end(ap);
        return r;
}

char *strextend_internal(char **p, ...) {
        va_list ap;
        va_start(ap, p);
        const char *first = va_arg(ap, const char *);
        char *r = vextend(*p, *p ? strlen(*p) : 0, first, ap);
        va_end(ap);
        if (r)
                *p = r;
        return r;
}

int strdup_to(char **dst, const char *src) {
        char *c = NULL;
        if (src) {
                c = strdup(src);
                if (!c)
                        return -ENOMEM;
        }
        free(*dst);
        *dst = c;
        return 0;
}

bool string_is_safe(const char *s) {
        for (const unsigned char *p = (const unsigned char *) s; *p; p++)
                if (*p < ' ' || *p == 127 || strchr("\\\"'", *p))
                        return false;
        return true;
}

bool in_charset(const char *s, const char *charset) {
        return s[strspn(s, charset)] == 0;
}

char *ascii_strlower(char *s) {
        for (char *p = s; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                        *p += 'a' - 'A';
        return s;
}

bool utf8_is_valid(const char *s) {
        const unsigned char *p = (const unsigned char *) s;
        while (*p) {
                unsigned n, c;
                if (*p < 0x80) {
                        p++;
                        continue;
                } else if ((*p & 0xE0) == 0xC0) {
                        n = 1, c = *p & 0x1F;
                } else if ((*p & 0xF0) == 0xE0) {
                        n = 2, c = *p & 0x0F;
                } else if ((*p & 0xF8) == 0xF0) {
                        n = 3, c = *p & 0x07;
                } else
                        return false;
                p++;
                for (unsigned i = 0; i < n; i++, p++) {
                        if ((*p & 0xC0) != 0x80)
                                return false;
                        c = (c << 6) | (*p & 0x3F);
                }
                /* reject overlong forms, surrogates and values past Unicode */
                if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
                    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
                        return false;
        }
        return true;
}

size_t utf8_encode(char *out, unsigned c) {
        if (c < 0x80) {
                out[0] = (char) c;
                return 1;
        }
        if (c < 0x800) {
                out[0] = (char) (0xC0 | (c >> 6));
                out[1] = (char) (0x80 | (c & 0x3F));
                return 2;
        }
        if (c < 0x10000) {
                out[0] = (char) (0xE0 | (c >> 12));
                out[1] = (char) (0x80 | ((c >> 6) & 0x3F));
                out[2] = (char) (0x80 | (c & 0x3F));
                return 3;
        }
        out[0] = (char) (0xF0 | (c >> 18));
        out[1] = (char) (0x80 | ((c >> 12) & 0x3F));
        out[2] = (char) (0x80 | ((c >> 6) & 0x3F));
        out[3] = (char) (0x80 | (c & 0x3F));
        return 4;
}

static int unhex(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

int cunescape_one(const char *p, size_t length, unsigned *ret_c, bool *ret_eight_bit) {
        int r = 1;
        unsigned c = 0;
        bool eight_bit = false;

        if (length < 1)
                return -EINVAL;
        switch (p[0]) {
        case 'a': c = '\a'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'v': c = '\v'; break;
        case '\\': c = '\\'; break;
        case '"': c = '"'; break;
        case '\'': c = '\''; break;
        case 's': c = ' '; break;
        case 'x': {
                if (length < 3)
                        return -EINVAL;
                int a = unhex(p[1]), b = unhex(p[2]);
                if (a < 0 || b < 0)
                        return -EINVAL;
                c = (unsigned) (a << 4 | b);
                if (c == 0)
                        return -EINVAL; /* NUL is not allowed in strings */
                eight_bit = true;
                r = 3;
                break;
        }
        case 'u':
        case 'U': {
                size_t n = p[0] == 'u' ? 4 : 8;
                if (length < n + 1)
                        return -EINVAL;
                for (size_t i = 1; i <= n; i++) {
                        int d = unhex(p[i]);
                        if (d < 0)
                                return -EINVAL;
                        c = (c << 4) | (unsigned) d;
                }
                if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                        return -EINVAL;
                r = (int) n + 1;
                break;
        }
        case '0' ... '7': {
                if (length < 3)
                        return -EINVAL;
                for (int i = 0; i < 3; i++) {
                        if (p[i] < '0' || p[i] > '7')
                                return -EINVAL;
                        c = (c << 3) | (unsigned) (p[i] - '0');
                }
                if (c == 0 || c > 255)
                        return -EINVAL;
                eight_bit = true;
                r = 3;
                break;
        }
        default:
                return -EINVAL;
        }
        *ret_c = c;
        if (ret_eight_bit)
                *ret_eight_bit = eight_bit;
        return r;
}

int cunescape(const char *s, char **ret) {
        size_t l = strlen(s);
        char *out = malloc(l + 1), *t = out;
        if (!out)
                return -ENOMEM;
        for (const char *f = s; *f; f++) {
                if (*f != '\\' || !f[1]) {
                        *t++ = *f;
                        continue;
                }
                unsigned c;
                bool eight;
                int k = cunescape_one(f + 1, strlen(f + 1), &c, &eight);
                if (k < 0) {
                        free(out);
                        return k;
                }
                if (eight)
                        *t++ = (char) c;
                else
                        t += utf8_encode(t, c);
                f += k;
        }
        *t = 0;
        *ret = out;
        return 0;
}

int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags) {
        size_t cap = 64, n = 0;
        char quote = 0;
        bool escaped = false;
        const char *s = *p;

        if (!separators)
                separators = WHITESPACE;
        *ret = NULL;
        if (!s)
                return 0;
        if (!(flags & EXTRACT_DONT_COALESCE_SEPARATORS))
                s += strspn(s, separators);
        if (!*s) {
                *p = NULL;
                return 0;
        }

        char *buf = malloc(cap);
        if (!buf)
                return -ENOMEM;

#define PUSH(ch)                                                  \
        do {                                                      \
                if (n + 5 >= cap) {                               \
                        char *nb = realloc(buf, cap *= 2);        \
                        if (!nb) {                                \
                                free(buf);                        \
                                return -ENOMEM;                   \
                        }                                         \
                        buf = nb;                                 \
                }                                                 \
                buf[n++] = (ch);                                  \
        } while (0)

        for (;; s++) {
                char c = *s;
                if (escaped) {
                        if (!c) {
                                if (!(flags & EXTRACT_RELAX)) {
                                        free(buf);
                                        return -EINVAL;
                                }
                                break;
                        }
                        escaped = false;
                        if (flags & EXTRACT_CUNESCAPE) {
                                unsigned u;
                                bool eight;
                                int k = cunescape_one(s, strlen(s), &u, &eight);
                                if (k >= 0) {
                                        if (eight)
                                                PUSH((char) u);
                                        else {
                                                char tmp[4];
                                                size_t m = utf8_encode(tmp, u);
                                                for (size_t i = 0; i < m; i++)
                                                        PUSH(tmp[i]);
                                        }
                                        s += k - 1;
                                        continue;
                                }
                                if (!(flags & EXTRACT_RELAX) && !(flags & EXTRACT_RETAIN_ESCAPE)) {
                                        free(buf);
                                        return -EINVAL;
                                }
                        }
                        if (flags & EXTRACT_RETAIN_ESCAPE)
                                PUSH('\\');
                        PUSH(c);
                        continue;
                }
                if (!c) {
                        if (quote && !(flags & EXTRACT_RELAX)) {
                                free(buf);
                                return -EINVAL;
                        }
                        break;
                }
                if (c == '\\') {
                        escaped = true;
                        continue;
                }
                if (quote) {
                        if (c == quote) {
                                quote = 0;
                                if (flags & EXTRACT_KEEP_QUOTE)
                                        PUSH(c);
                        } else
                                PUSH(c);
                        continue;
                }
                if ((flags & (EXTRACT_UNQUOTE | EXTRACT_KEEP_QUOTE)) && (c == '"' || c == '\'')) {
                        quote = c;
                        if (flags & EXTRACT_KEEP_QUOTE)
                                PUSH(c);
                        continue;
                }
                if (strchr(separators, c)) {
                        s++;
                        if (!(flags & EXTRACT_DONT_COALESCE_SEPARATORS))
                                s += strspn(s, separators);
                        break;
                }
                PUSH(c);
        }
#undef PUSH
        buf[n] = 0;
        *p = s;
        *ret = buf;
        return 1;
}
