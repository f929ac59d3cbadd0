/* calendar-spec.c — parsing and printing calendar event expressions (see calendar-spec.h).
 *
 * An expression is "[WEEKDAYS] [DATE] [TIME] [ZONE]" or a shorthand ("daily"…). Each numeric
 * field is a comma list of items, each a value, a range "a..b" and/or a repetition "/n"; a
 * date of two parts is month-day, of three year-month-day, and "~" instead of the last "-"
 * counts days back from the end of the month. The parser is deliberately as strict and as
 * lenient as systemd 252 (a trailing comma after a weekday is fine, after a number it is
 * not; two-digit years mean 1970–2069), because timers written for systemd must mean the same
 * thing here; the differential test in tests/integration/test-calendar-diff.sh holds us to it.
 * After parsing, every list is sorted and de-duplicated and every range is cut to a whole
 * number of repetitions, which is what makes the printed "normalized form" canonical. */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "calendar-spec.h"
#include "macro.h"
#include "string-util.h"

/* Bounds a client can push: items in one list (systemd refuses more with ENOBUFS too). */
#define COMPONENTS_MAX 241
#define ALL_WEEKDAYS 127

static void chain_done(CalendarChain *ch) {
        ch->items = mfree(ch->items);
        ch->n = 0;
}

CalendarSpec *calendar_spec_free(CalendarSpec *c) {
        if (!c)
                return NULL;
        chain_done(&c->year);
        chain_done(&c->month);
        chain_done(&c->day);
        chain_done(&c->hour);
        chain_done(&c->minute);
        chain_done(&c->microsecond);
        free(c->timezone);
        free(c);
        return NULL;
}

static int chain_append(CalendarChain *ch, int start, int stop, int repeat) {
        if (ch->n >= COMPONENTS_MAX)
                return -ENOBUFS;
        CalendarComponent *n = realloc(ch->items, (ch->n + 1) * sizeof(CalendarComponent));
        if (!n)
                return -ENOMEM;
        ch->items = n;
        ch->items[ch->n++] = (CalendarComponent) { .start = start, .stop = stop, .repeat = repeat };
        return 0;
}

static int chain_set_const(CalendarChain *ch, int v) {
        chain_done(ch);
        return chain_append(ch, v, -1, 0);
}

/* A decimal number; seconds (usec) may carry a fraction of up to six digits, rounded
 * half up at the seventh, and are returned in µs. */
static int parse_number(const char **p, bool usec, int *ret) {
        const char *s = *p;
        if (!isdigit((unsigned char) *s))
                return -EINVAL;
        errno = 0;
        char *e;
        unsigned long long v = strtoull(s, &e, 10);
        if (errno == ERANGE)
                return -ERANGE;
        if (usec) {
                if (v > ULLONG_MAX / USEC_PER_SEC)
                        return -ERANGE;
                v *= USEC_PER_SEC;
                /* one "." is a decimal point, two are a range */
                if (e[0] == '.' && e[1] != '.') {
                        e++;
                        if (!isdigit((unsigned char) *e))
                                return -EINVAL;
                        unsigned long long f = 0;
                        size_t i = 0;
                        for (; i < 6 && isdigit((unsigned char) *e); i++, e++)
                                f = f * 10 + (unsigned long long) (*e - '0');
                        for (; i < 6; i++)
                                f *= 10;
                        if (*e >= '5' && *e <= '9')
                                f++;
                        while (isdigit((unsigned char) *e))
                                e++;
                        v += f;
                }
        }
        if (v > INT_MAX)
                return -ERANGE;
        *p = e;
        *ret = (int) v;
        return 0;
}

static int parse_item(const char **p, bool usec, CalendarChain *ch) {
        const char *e = *p;
        int start, stop = -1, repeat = 0, r;
        if ((r = parse_number(&e, usec, &start)) < 0)
                return r;
        if (e[0] == '.' && e[1] == '.') {
                e += 2;
                if ((r = parse_number(&e, usec, &stop)) < 0)
                        return r;
                repeat = usec ? (int) USEC_PER_SEC : 1;
        }
        if (*e == '/') {
                e++;
                if ((r = parse_number(&e, usec, &repeat)) < 0)
                        return r;
                if (repeat == 0)
                        return -ERANGE;
        } else {
                if (start > INT_MAX - repeat)
                        return -ERANGE;
                /* a sub-second range needs an explicit repetition to mean anything */
                if (usec && stop >= 0 && start + repeat > stop)
                        return -EINVAL;
        }
        if (!strchr(" ,-~:", *e)) /* includes the terminating NUL */
                return -EINVAL;
        if ((r = chain_append(ch, start, stop, repeat)) < 0)
                return r;
        *p = e;
        return 0;
}

/* A field: "*" or a comma list. "*" in the seconds is "every whole second". */
static int parse_chain(const char **p, bool usec, CalendarChain *ch) {
        const char *t = *p;
        int r;
        chain_done(ch);
        if (*t == '*') {
                if (usec && (r = chain_append(ch, 0, -1, (int) USEC_PER_SEC)) < 0)
                        return r;
                *p = t + 1;
                return 0;
        }
        for (;;) {
                if ((r = parse_item(&t, usec, ch)) < 0)
                        return r;
                if (*t != ',')
                        break;
                t++;
        }
        *p = t;
        return 0;
}

static const struct {
        const char *name;
        int nr;
} weekday_names[] = {
        { "Monday", 0 },   { "Mon", 0 }, { "Tuesday", 1 }, { "Tue", 1 }, { "Wednesday", 2 },
        { "Wed", 2 },      { "Thursday", 3 }, { "Thu", 3 }, { "Friday", 4 }, { "Fri", 4 },
        { "Saturday", 5 }, { "Sat", 5 }, { "Sunday", 6 }, { "Sun", 6 },
};

static int parse_weekdays(const char **p, CalendarSpec *c) {
        int range_from = -1;
        bool first = true;
        for (;;) {
                size_t i;
                for (i = 0; i < ELEMENTSOF(weekday_names); i++) {
                        size_t l = strlen(weekday_names[i].name);
                        if (strncasecmp(*p, weekday_names[i].name, l) != 0)
                                continue;
                        if (!strchr("-.,  ", (*p)[l])) /* NUL included */
                                return -EINVAL;
                        int nr = weekday_names[i].nr;
                        c->weekdays_bits |= 1 << nr;
                        if (range_from >= 0) {
                                if (range_from > nr)
                                        return -EINVAL; /* no wrapping ranges in 252 */
                                for (int j = range_from + 1; j < nr; j++)
                                        c->weekdays_bits |= 1 << j;
                        }
                        *p += l;
                        break;
                }
                if (i >= ELEMENTSOF(weekday_names))
                        return first ? 0 : -EINVAL; /* no weekdays: the date follows */
                int nr = weekday_names[i].nr;
                if (**p == 0)
                        return 0;
                if (**p == ' ') {
                        *p += strspn(*p, " ");
                        return 0;
                }
                if (**p == '.') {
                        if (range_from >= 0 || (*p)[1] != '.')
                                return -EINVAL;
                        range_from = nr;
                        *p += 2;
                } else if (**p == '-') { /* the old range syntax */
                        if (range_from >= 0)
                                return -EINVAL;
                        range_from = nr;
                        *p += 1;
                } else if (**p == ',') {
                        range_from = -1;
                        *p += 1;
                }
                /* a trailing comma is tolerated, an open range is not */
                if (**p == 0 || **p == ' ') {
                        *p += strspn(*p, " ");
                        return range_from < 0 ? 0 : -EINVAL;
                }
                first = false;
        }
}

/* "@SECONDS": one instant, in UTC; whole seconds only (strtoull's syntax, as systemd).
 * Returns 1: no time part follows. */
static int parse_at(const char *t, CalendarSpec *c) {
        int r;
        char *e;
        errno = 0;
        unsigned long long u = strtoull(t, &e, 10);
        if (errno > 0)
                return -errno;
        if (e == t || *e)
                return -EINVAL;
        if (u > 253402214399ULL) /* past year 9999; also "-5", which wraps around */
                return -EINVAL;
        time_t sec = (time_t) u;
        struct tm tm;
        if (!gmtime_r(&sec, &tm))
                return -EINVAL;
        if (tm.tm_year > INT_MAX - 1900)
                return -ERANGE;
        if ((r = chain_set_const(&c->year, tm.tm_year + 1900)) < 0 ||
            (r = chain_set_const(&c->month, tm.tm_mon + 1)) < 0 ||
            (r = chain_set_const(&c->day, tm.tm_mday)) < 0 || (r = chain_set_const(&c->hour, tm.tm_hour)) < 0 ||
            (r = chain_set_const(&c->minute, tm.tm_min)) < 0 ||
            (r = chain_set_const(&c->microsecond, tm.tm_sec * (int) USEC_PER_SEC)) < 0)
                return r;
        c->utc = true;
        return 1;
}

/* Returns 1 when the date consumed everything (the "@" form), 0 when a time may follow. */
static int parse_date(const char **p, CalendarSpec *c) {
        CalendarChain first = {}, second = {}, third = {};
        const char *t = *p;
        int r;
        if (*t == 0)
                return 0;
        if (*t == '@') {
                r = parse_at(t + 1, c);
                if (r >= 0)
                        *p = t + strlen(t);
                return r;
        }
        if ((r = parse_chain(&t, false, &first)) < 0)
                goto fail;
        if (*t == 0 || *t == ':') { /* it was the hour: no date */
                chain_done(&first);
                return 0;
        }
        if (*t == '~')
                c->end_of_month = true;
        else if (*t != '-') {
                r = -EINVAL;
                goto fail;
        }
        t++;
        if ((r = parse_chain(&t, false, &second)) < 0)
                goto fail;
        if (*t == 0 || *t == ' ') { /* month-day */
                *p = t + strspn(t, " ");
                c->month = first;
                c->day = second;
                return 0;
        }
        if (c->end_of_month) {
                r = -EINVAL;
                goto fail;
        }
        if (*t == '~')
                c->end_of_month = true;
        else if (*t != '-') {
                r = -EINVAL;
                goto fail;
        }
        t++;
        if ((r = parse_chain(&t, false, &third)) < 0)
                goto fail;
        if (*t != 0 && *t != ' ') {
                r = -EINVAL;
                goto fail;
        }
        *p = t + strspn(t, " ");
        c->year = first;
        c->month = second;
        c->day = third;
        return 0;
fail:
        chain_done(&first);
        chain_done(&second);
        chain_done(&third);
        return r;
}

/* "H:M" or "H:M:S"; nothing at all means midnight. */
static int parse_clock(const char **p, CalendarSpec *c) {
        const char *t = *p;
        int r;
        if (*t == 0) {
                if ((r = chain_set_const(&c->hour, 0)) < 0 || (r = chain_set_const(&c->minute, 0)) < 0 ||
                    (r = chain_set_const(&c->microsecond, 0)) < 0)
                        return r;
                return 0;
        }
        if ((r = parse_chain(&t, false, &c->hour)) < 0)
                return r;
        if (*t++ != ':')
                return -EINVAL;
        if ((r = parse_chain(&t, false, &c->minute)) < 0)
                return r;
        if (*t == 0) {
                *p = t;
                return chain_set_const(&c->microsecond, 0);
        }
        if (*t++ != ':')
                return -EINVAL;
        if ((r = parse_chain(&t, true, &c->microsecond)) < 0)
                return r;
        if (*t != 0)
                return -EINVAL;
        *p = t;
        return 0;
}

bool timezone_is_valid(const char *name) {
        if (isempty(name) || name[0] == '/' || strlen(name) > 255)
                return false;
        bool slash = true;
        for (const char *s = name; *s; s++) {
                if (*s == '/') {
                        if (slash)
                                return false; /* "//" or a leading slash */
                        slash = true;
                        continue;
                }
                if (!isalnum((unsigned char) *s) && !strchr("-_+", *s))
                        return false;
                slash = false;
        }
        if (slash || strstr(name, ".."))
                return false;
        char path[300];
        snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return false;
        struct stat st;
        char magic[4];
        bool ok = fstat(fd, &st) >= 0 && S_ISREG(st.st_mode) && read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
        close(fd);
        return ok;
}

static bool endswith_no_case(const char *s, const char *suffix, size_t *ret_prefix) {
        size_t ls = strlen(s), lx = strlen(suffix);
        if (lx > ls || strcasecmp(s + ls - lx, suffix) != 0)
                return false;
        *ret_prefix = ls - lx;
        return true;
}

/* Cuts a trailing zone off: " UTC", the local zone's own abbreviation (which pins daylight
 * saving time on or off; checked before zone names, so "CET" in Berlin is that, not the
 * zone file CET), or an IANA name. Returns the rest in *ret (owned). */
static int split_timezone(const char *s, CalendarSpec *c, char **ret) {
        size_t k;
        if (endswith_no_case(s, " UTC", &k)) {
                c->utc = true;
                return (*ret = strndup(s, k)) ? 0 : -ENOMEM;
        }
        tzset();
        for (int j = 0; j <= 1; j++) {
                if (isempty(tzname[j]) || !endswith_no_case(s, tzname[j], &k))
                        continue;
                if (k == 0 || s[k - 1] != ' ')
                        continue;
                c->dst = j;
                return (*ret = strndup(s, k - 1)) ? 0 : -ENOMEM;
        }
        const char *sp = strrchr(s, ' ');
        if (sp && timezone_is_valid(sp + 1)) {
                if (!(c->timezone = strdup(sp + 1)))
                        return -ENOMEM;
                return (*ret = strndup(s, (size_t) (sp - s))) ? 0 : -ENOMEM;
        }
        return (*ret = strdup(s)) ? 0 : -ENOMEM;
}

static int parse_shorthand(const char *p, CalendarSpec *c) {
        static const int quarters[] = { 1, 4, 7, 10 }, halves[] = { 1, 7 };
        const int *months = NULL;
        size_t n_months = 0;
        int r, level; /* how many fields, counted from the seconds, are pinned to their start */
        if (!strcasecmp(p, "minutely"))
                level = 1;
        else if (!strcasecmp(p, "hourly"))
                level = 2;
        else if (!strcasecmp(p, "daily"))
                level = 3;
        else if (!strcasecmp(p, "weekly")) {
                level = 3;
                c->weekdays_bits = 1;
        } else if (!strcasecmp(p, "monthly"))
                level = 4;
        else if (!strcasecmp(p, "annually") || !strcasecmp(p, "yearly") || !strcasecmp(p, "anually"))
                level = 5;
        else if (!strcasecmp(p, "quarterly"))
                level = 4, months = quarters, n_months = ELEMENTSOF(quarters);
        else if (!strcasecmp(p, "semiannually") || !strcasecmp(p, "semi-annually") || !strcasecmp(p, "biannually") ||
                 !strcasecmp(p, "bi-annually"))
                level = 4, months = halves, n_months = ELEMENTSOF(halves);
        else
                return 0;
        CalendarChain *fields[] = { &c->microsecond, &c->minute, &c->hour, &c->day, &c->month };
        for (int i = 0; i < level; i++)
                if ((r = chain_set_const(fields[i], i == 3 || i == 4 ? 1 : 0)) < 0)
                        return r;
        for (size_t i = 0; i < n_months; i++)
                if ((r = chain_append(&c->month, months[i], -1, 0)) < 0)
                        return r;
        return 1;
}

static int component_cmp(const void *a, const void *b) {
        const CalendarComponent *x = a, *y = b;
        if (x->start != y->start)
                return x->start < y->start ? -1 : 1;
        if (x->stop != y->stop)
                return x->stop < y->stop ? -1 : 1;
        if (x->repeat != y->repeat)
                return x->repeat < y->repeat ? -1 : 1;
        return 0;
}

static void normalize_chain(CalendarChain *ch) {
        for (size_t i = 0; i < ch->n; i++) {
                CalendarComponent *x = &ch->items[i];
                /* a range holds a whole number of repetitions */
                if (x->stop > x->start && x->repeat > 0)
                        x->stop -= (x->stop - x->start) % x->repeat;
                /* a repetition that never repeats, or a range of one value, is a value */
                if ((x->stop > x->start && x->repeat > 0 && x->start + x->repeat > x->stop) || x->start == x->stop) {
                        x->repeat = 0;
                        x->stop = -1;
                }
        }
        if (ch->n <= 1)
                return;
        qsort(ch->items, ch->n, sizeof(CalendarComponent), component_cmp);
        size_t w = 1;
        for (size_t i = 1; i < ch->n; i++)
                if (component_cmp(&ch->items[i], &ch->items[w - 1]) != 0)
                        ch->items[w++] = ch->items[i];
        ch->n = w;
}

static void fix_year(CalendarChain *ch) {
        /* two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 */
        for (size_t i = 0; i < ch->n; i++) {
                int *v[] = { &ch->items[i].start, &ch->items[i].stop };
                for (size_t j = 0; j < 2; j++) {
                        if (*v[j] >= 0 && *v[j] < 70)
                                *v[j] += 2000;
                        else if (*v[j] >= 70 && *v[j] < 100)
                                *v[j] += 1900;
                }
        }
}

static bool chain_valid(const CalendarChain *ch, int from, int to, bool end_of_month) {
        for (size_t i = 0; i < ch->n; i++) {
                const CalendarComponent *x = &ch->items[i];
                if (x->start < from || x->start > to)
                        return false;
                if (x->repeat > to - from) /* also keeps the arithmetic below from overflowing */
                        return false;
                /* at least one repetition must fit; from the month's end it counts backwards */
                if (x->stop >= 0) {
                        if (x->stop < from || x->stop > to || x->start + x->repeat > x->stop)
                                return false;
                } else if (end_of_month ? x->start - x->repeat < from : x->start + x->repeat > to)
                        return false;
        }
        return true;
}

static void calendar_spec_normalize(CalendarSpec *c) {
        if (c->weekdays_bits <= 0 || c->weekdays_bits >= ALL_WEEKDAYS)
                c->weekdays_bits = -1;
        if (c->end_of_month && c->day.n == 0)
                c->end_of_month = false;
        fix_year(&c->year);
        normalize_chain(&c->year);
        normalize_chain(&c->month);
        normalize_chain(&c->day);
        normalize_chain(&c->hour);
        normalize_chain(&c->minute);
        normalize_chain(&c->microsecond);
}

/* Counted from the end, only days every month has are allowed. */
static bool calendar_spec_valid(const CalendarSpec *c) {
        return chain_valid(&c->year, CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR, false) &&
               chain_valid(&c->month, 1, 12, false) && chain_valid(&c->day, 1, c->end_of_month ? 28 : 31, c->end_of_month) &&
               chain_valid(&c->hour, 0, 23, false) && chain_valid(&c->minute, 0, 59, false) &&
               chain_valid(&c->microsecond, 0, 60 * (int) USEC_PER_SEC - 1, false);
}

int calendar_spec_from_string(const char *s, CalendarSpec **ret) {
        if (isempty(s))
                return -EINVAL;
        CalendarSpec *c = calloc(1, sizeof(CalendarSpec));
        if (!c)
                return -ENOMEM;
        _cleanup_(calendar_spec_freep) CalendarSpec *cc = c;
        c->dst = -1;
        _cleanup_free_ char *buf = NULL;
        int r = split_timezone(s, c, &buf);
        if (r < 0)
                return r;
        if (isempty(buf))
                return -EINVAL;
        r = parse_shorthand(buf, c);
        if (r < 0)
                return r;
        if (r == 0) {
                const char *p = buf;
                if ((r = parse_weekdays(&p, c)) < 0)
                        return r;
                if ((r = parse_date(&p, c)) < 0)
                        return r;
                if (r == 0 && (r = parse_clock(&p, c)) < 0)
                        return r;
                if (*p != 0)
                        return -EINVAL;
        }
        calendar_spec_normalize(c);
        if (!calendar_spec_valid(c))
                return -EINVAL;
        *ret = TAKE_PTR(cc);
        return 0;
}

static void format_chain(FILE *f, int width, const CalendarChain *ch, bool usec) {
        int d = usec ? (int) USEC_PER_SEC : 1;
        if (ch->n == 0 ||
            (usec && ch->n == 1 && ch->items[0].start == 0 && ch->items[0].stop < 0 && ch->items[0].repeat == d)) {
                fputc('*', f);
                return;
        }
        for (size_t i = 0; i < ch->n; i++) {
                const CalendarComponent *x = &ch->items[i];
                if (i > 0)
                        fputc(',', f);
                fprintf(f, "%0*i", width, x->start / d);
                if (usec && x->start % d > 0)
                        fprintf(f, ".%06i", x->start % d);
                if (x->stop >= 0) {
                        fprintf(f, "..%0*i", width, x->stop / d);
                        if (usec && x->stop % d > 0)
                                fprintf(f, ".%06i", x->stop % d);
                }
                if (x->repeat > 0 && !(x->stop >= 0 && x->repeat == d)) {
                        fprintf(f, "/%i", x->repeat / d);
                        if (usec && x->repeat % d > 0)
                                fprintf(f, ".%06i", x->repeat % d);
                }
        }
}

static void format_weekdays(FILE *f, int bits) {
        static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
        bool comma = false;
        for (int x = 0; x < 7;) {
                if (!(bits & (1 << x))) {
                        x++;
                        continue;
                }
                int y = x;
                while (y + 1 < 7 && (bits & (1 << (y + 1))))
                        y++;
                /* runs of three or more are ranges; two in a row are a list */
                fprintf(f, "%s%s", comma ? "," : "", days[x]);
                if (y > x)
                        fprintf(f, "%s%s", y > x + 1 ? ".." : ",", days[y]);
                comma = true;
                x = y + 1;
        }
}

int calendar_spec_to_string(const CalendarSpec *c, char **ret) {
        char *buf = NULL;
        size_t sz = 0;
        FILE *f = open_memstream(&buf, &sz);
        if (!f)
                return -ENOMEM;
        if (c->weekdays_bits > 0 && c->weekdays_bits < ALL_WEEKDAYS) {
                format_weekdays(f, c->weekdays_bits);
                fputc(' ', f);
        }
        format_chain(f, 4, &c->year, false);
        fputc('-', f);
        format_chain(f, 2, &c->month, false);
        fputc(c->end_of_month ? '~' : '-', f);
        format_chain(f, 2, &c->day, false);
        fputc(' ', f);
        format_chain(f, 2, &c->hour, false);
        fputc(':', f);
        format_chain(f, 2, &c->minute, false);
        fputc(':', f);
        format_chain(f, 2, &c->microsecond, true);
        if (c->utc)
                fputs(" UTC", f);
        else if (c->timezone)
                fprintf(f, " %s", c->timezone);
        else if (c->dst == 0 || c->dst == 1) {
                tzset();
                if (!isempty(tzname[c->dst]))
                        fprintf(f, " %s", tzname[c->dst]);
        }
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret = buf;
        return 0;
}
