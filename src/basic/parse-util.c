/* parse-util.c — see parse-util.h. The number parsers accept what systemd 252 accepts in unit
 * files, quirks included, because a file that loads under systemd must load here with the
 * same values: leading whitespace and a "+" sign are fine, C bases apply ("0x10" is 16, "010"
 * is 8), trailing garbage is refused, and a minus sign on an unsigned type is a range error
 * rather than a silent wrap-around. */
#include <limits.h>
#include <strings.h>

#include "parse-util.h"
#include "string-util.h"

int parse_boolean(const char *s) {
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (strcasecmp(s, yes[i]) == 0)
                        return 1;
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (strcasecmp(s, no[i]) == 0)
                        return 0;
        return -EINVAL;
}

/* The common core of the unsigned parsers: strtoull() with the checks it leaves to callers.
 * strtoull() quietly negates "-5" into a huge number; refuse that (but allow "-0", which is
 * harmless and which systemd accepts). */
static int parse_unsigned_full(const char *s, int base, unsigned long long max, unsigned long long *ret) {
        char *end;

        if (isempty(s))
                return -EINVAL;
        errno = 0;
        unsigned long long v = strtoull(s, &end, base);
        if (errno > 0)
                return -errno;
        if (end == s || *end)
                return -EINVAL;
        if (*skip_leading(s, WHITESPACE) == '-' && v != 0)
                return -ERANGE;
        if (v > max)
                return -ERANGE;
        *ret = v;
        return 0;
}

static int parse_signed_full(const char *s, long long min, long long max, long long *ret) {
        char *end;

        if (isempty(s))
                return -EINVAL;
        errno = 0;
        long long v = strtoll(s, &end, 0);
        if (errno > 0)
                return -errno;
        if (end == s || *end)
                return -EINVAL;
        if (v < min || v > max)
                return -ERANGE;
        *ret = v;
        return 0;
}

int safe_atou(const char *s, unsigned *ret) {
        unsigned long long v;
        int r = parse_unsigned_full(s, 0, UINT_MAX, &v);
        if (r < 0)
                return r;
        *ret = (unsigned) v;
        return 0;
}

int safe_atoi(const char *s, int *ret) {
        long long v;
        int r = parse_signed_full(s, INT_MIN, INT_MAX, &v);
        if (r < 0)
                return r;
        *ret = (int) v;
        return 0;
}

int safe_atou32(const char *s, uint32_t *ret) {
        unsigned long long v;
        int r = parse_unsigned_full(s, 0, UINT32_MAX, &v);
        if (r < 0)
                return r;
        *ret = (uint32_t) v;
        return 0;
}

int safe_atou64(const char *s, uint64_t *ret) {
        unsigned long long v;
        int r = parse_unsigned_full(s, 0, UINT64_MAX, &v);
        if (r < 0)
                return r;
        *ret = (uint64_t) v;
        return 0;
}

int safe_atoi64(const char *s, int64_t *ret) {
        long long v;
        int r = parse_signed_full(s, INT64_MIN, INT64_MAX, &v);
        if (r < 0)
                return r;
        *ret = (int64_t) v;
        return 0;
}

int safe_atolli(const char *s, long long *ret) {
        return parse_signed_full(s, LLONG_MIN, LLONG_MAX, ret);
}

/* Reads a run of decimal digits at *p as an unsigned 64-bit number. Returns the number of
 * digits read (0 when there are none), or -ERANGE when the value does not fit. */
static int read_decimal(const char **p, uint64_t *ret) {
        uint64_t v = 0;
        int n = 0;
        for (const char *s = *p; *s >= '0' && *s <= '9'; s++, n++) {
                unsigned d = (unsigned) (*s - '0');
                if (v > (UINT64_MAX - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        *p += n;
        *ret = v;
        return n;
}

int parse_size(const char *s, uint64_t base, uint64_t *ret) {
        /* Ordered from the largest factor down: a value may combine components ("1G 512M"), each
         * with a strictly smaller suffix than the one before it, as systemd requires. A bare
         * number ranks below "B", so "1K1" and "1B1" are fine but "1 1" is not. */
        static const char suffixes[] = "EPTGMKB";
        const size_t n_suffixes = sizeof(suffixes); /* the NUL stands for the bare number */
        uint64_t factors[sizeof(suffixes)];
        uint64_t sum = 0;
        size_t last = SIZE_MAX;

        if (base != 1000 && base != 1024)
                return -EINVAL;
        if (!s)
                return -EINVAL;
        factors[n_suffixes - 1] = factors[n_suffixes - 2] = 1;
        for (size_t i = n_suffixes - 2; i > 0; i--)
                factors[i - 1] = factors[i] * base;

        const char *p = s;
        do {
                uint64_t whole, frac = 0;
                int n_frac = 0;

                p = skip_leading(p, WHITESPACE);
                if (*p == '-')
                        return -ERANGE;
                if (*p == '+')
                        p++;
                int r = read_decimal(&p, &whole);
                if (r < 0)
                        return r;
                if (r == 0)
                        return -EINVAL;
                if (*p == '.') {
                        p++;
                        n_frac = read_decimal(&p, &frac);
                        if (n_frac < 0)
                                return n_frac;
                }
                p = skip_leading(p, WHITESPACE);

                size_t k = n_suffixes - 1;
                if (*p && strchr(suffixes, *p))
                        k = (size_t) (strchr(suffixes, *p) - suffixes), p++;
                if (last != SIZE_MAX && k <= last)
                        return -EINVAL;
                last = k;

                uint64_t f = factors[k];
                /* As systemd: refuse when the whole part, rounded up, would not fit (a fraction
                 * of a byte is worth nothing, so it cannot push a bare number over). */
                if (whole > UINT64_MAX / f || (frac > 0 && f > 1 && whole == UINT64_MAX / f))
                        return -ERANGE;
                uint64_t v = whole * f;
                if (frac > 0 && n_frac < 38) {
                        /* Exact: frac < 2^64 and f ≤ 2^60, so the product fits in 128 bits. */
                        unsigned __int128 den = 1;
                        for (int i = 0; i < n_frac; i++)
                                den *= 10;
                        v += (uint64_t) ((unsigned __int128) frac * f / den);
                }
                if (v > UINT64_MAX - sum)
                        return -ERANGE;
                sum += v;
        } while (*p);

        *ret = sum;
        return 0;
}

int parse_mode(const char *s, mode_t *ret) {
        unsigned long long v;

        if (!s)
                return -EINVAL;
        /* Only octal digits: strtoull() alone would also take a sign. */
        const char *p = skip_leading(s, WHITESPACE);
        if (*p < '0' || *p > '7')
                return -EINVAL;
        int r = parse_unsigned_full(p, 8, 07777, &v);
        if (r < 0)
                return r;
        *ret = (mode_t) v;
        return 0;
}

int parse_percent(const char *s) {
        int v;

        if (!s)
                return -EINVAL;
        const char *pct = endswith(s, "%");
        if (!pct)
                return -EINVAL;
        _cleanup_free_ char *n = strndup(s, (size_t) (pct - s));
        if (!n)
                return -ENOMEM;
        int r = safe_atoi(n, &v);
        if (r < 0)
                return r;
        if (v < 0 || v > 100)
                return -ERANGE;
        return v;
}

int parse_permyriad(const char *s) {
        /* The fraction may have as many digits as the unit leaves room for: 0.01 % is one
         * permyriad, 0.1 ‰ too, and a permyriad has no fraction at all. */
        static const struct {
                const char *sign;
                int factor;
                int max_digits;
        } units[] = {
                { "%", 100, 2 },
                { "‰", 10, 1 },
                { "‱", 1, 0 },
        };
        int whole, frac = 0;

        if (!s)
                return -EINVAL;
        for (size_t u = 0; u < ELEMENTSOF(units); u++) {
                const char *e = endswith(s, units[u].sign);
                if (!e)
                        continue;
                const char *dot = memchr(s, '.', (size_t) (e - s));
                _cleanup_free_ char *n = strndup(s, (size_t) ((dot ?: e) - s));
                if (!n)
                        return -ENOMEM;
                int r = safe_atoi(n, &whole);
                if (r < 0)
                        return r;
                if (dot) {
                        int digits = (int) (e - dot - 1);
                        if (digits < 1 || digits > units[u].max_digits)
                                return -EINVAL;
                        for (const char *d = dot + 1; d < e; d++) {
                                if (*d < '0' || *d > '9')
                                        return -EINVAL;
                                frac = frac * 10 + (*d - '0');
                        }
                        for (int i = digits; i < units[u].max_digits; i++)
                                frac *= 10;
                }
                if (whole < 0 || whole > 10000 / units[u].factor)
                        return -ERANGE;
                int v = whole * units[u].factor + frac;
                if (v > 10000)
                        return -ERANGE;
                return v;
        }
        return -EINVAL;
}

int parse_nice(const char *s, int *ret) {
        int v;
        int r = safe_atoi(s, &v);
        if (r < 0)
                return r;
        if (v < -20 || v > 19)
                return -ERANGE;
        *ret = v;
        return 0;
}

int parse_ip_port(const char *s, uint16_t *ret) {
        unsigned long long v;

        if (!s || strchr(WHITESPACE, *s))
                return -EINVAL;
        int r = parse_unsigned_full(s, 0, UINT16_MAX, &v);
        if (r < 0)
                return r;
        if (v == 0)
                return -EINVAL;
        *ret = (uint16_t) v;
        return 0;
}

int parse_uid(const char *s, uid_t *ret) {
        uint64_t v;

        /* Plain decimal only: a user ID written "010" or "+5" is more likely a typo than intent. */
        if (isempty(s) || (s[0] == '0' && s[1]))
                return -EINVAL;
        const char *p = s;
        int r = read_decimal(&p, &v);
        if (r < 0)
                return r;
        if (r == 0 || *p)
                return -EINVAL;
        if (v > UINT32_MAX)
                return -ERANGE;
        /* (uid_t) -1 means "unset" to the kernel and (uint16_t) -1 was "nobody" on old 16-bit
         * systems; neither may name a real user. */
        if (v == UINT32_MAX || v == UINT16_MAX)
                return -ENXIO;
        *ret = (uid_t) v;
        return 0;
}
