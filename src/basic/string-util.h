/* string-util.h — string helpers used across sysMaster: trimming, suffix tests, joining,
 * word splitting with systemd's quoting rules, and C-escape decoding. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

#define WHITESPACE " \t\n\r"
#define NEWLINE "\n\r"
#define DIGITS "0123456789"
#define LETTERS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define ALPHANUMERICAL LETTERS DIGITS

char *endswith(const char *s, const char *suffix) _pure_;
char *strstrip(char *s);           /* in place: drops leading and trailing whitespace */
const char *skip_leading(const char *s, const char *chars);
char *strjoin_internal(const char *first, ...);
#define strjoin(...) strjoin_internal(__VA_ARGS__, (const char *) NULL)
/* Appends the NULL-terminated list of strings to *p, reallocating it. */
char *strextend_internal(char **p, ...);
#define strextend(p, ...) strextend_internal(p, __VA_ARGS__, (const char *) NULL)
int strdup_to(char **dst, const char *src); /* frees *dst, replaces it with a copy (or NULL) */
bool string_is_safe(const char *s) _pure_;  /* no control characters, quotes or backslashes */
bool utf8_is_valid(const char *s) _pure_;
bool in_charset(const char *s, const char *charset) _pure_;
char *ascii_strlower(char *s);

/* Word splitting as systemd's extract_first_word() does it. */
typedef enum ExtractFlags {
        EXTRACT_RELAX = 1 << 0,           /* accept an unfinished quote or trailing backslash */
        EXTRACT_CUNESCAPE = 1 << 1,       /* decode C escapes (\n, \x41, \u…) */
        EXTRACT_UNQUOTE = 1 << 2,         /* "…" and '…' group words and are removed */
        EXTRACT_DONT_COALESCE_SEPARATORS = 1 << 3,
        EXTRACT_RETAIN_ESCAPE = 1 << 4,   /* keep backslashes that are not decoded */
        EXTRACT_KEEP_QUOTE = 1 << 5,      /* quotes group words but stay in the output */
} ExtractFlags;

/* Returns 1 and a word in *ret, 0 at the end (ret set to NULL), or -EINVAL on bad quoting. */
int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags);

/* Decodes one C escape at s (after the backslash). Returns bytes consumed and stores the
 * code point (or byte) in *ret_c, or a negative errno. */
int cunescape_one(const char *s, size_t length, unsigned *ret_c, bool *ret_eight_bit);
int cunescape(const char *s, char **ret);
size_t utf8_encode(char *out, unsigned c); /* out needs room for 4 bytes */
