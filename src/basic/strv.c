/* strv.c — see strv.h. */
#include <stdlib.h>

#include "string-util.h"
#include "strv.h"

char **strv_free(char **l) {
        STRV_FOREACH(s, l)
                free(*s);
        free(l);
        return NULL;
}

size_t strv_length(char *const *l) {
        size_t n = 0;
        while (l && l[n])
                n++;
        return n;
}

bool strv_contains(char *const *l, const char *s) {
        for (size_t i = 0; l && l[i]; i++)
                if (streq(l[i], s))
                        return true;
        return false;
}

char **strv_copy(char *const *l) {
        size_t n = strv_length(l);
        char **c = new (char *, n + 1);
        if (!c)
                return NULL;
        for (size_t i = 0; i < n; i++)
                if (!(c[i] = strdup(l[i])))
                        return strv_free(c);
        return c;
}

int strv_push(char ***l, char *value) {
        size_t n = strv_length(*l);
        char **c = realloc(*l, sizeof(char *) * (n + 2));
        if (!c) {
                free(value);
                return -ENOMEM;
        }
        c[n] = value;
        c[n + 1] = NULL;
        *l = c;
        return 0;
}

int strv_extend(char ***l, const char *value) {
        char *c = strdup(value);
        return c ? strv_push(l, c) : -ENOMEM;
}

int strv_consume_unique(char ***l, char *value) {
        if (strv_contains(*l, value)) {
                free(value);
                return 0;
        }
        return strv_push(l, value);
}

int strv_extend_strv(char ***a, char *const *b, bool filter_duplicates) {
        for (size_t i = 0; b && b[i]; i++) {
                if (filter_duplicates && strv_contains(*a, b[i]))
                        continue;
                int r = strv_extend(a, b[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

void strv_sort(char **l) {
        if (l)
                qsort(l, strv_length(l), sizeof(char *), cmp_str);
}

char **strv_uniq(char **l) {
        size_t w = 0;
        for (size_t i = 0; l && l[i]; i++) {
                bool seen = false;
                for (size_t j = 0; j < w; j++)
                        if (streq(l[j], l[i])) {
                                seen = true;
                                break;
                        }
                if (seen)
                        free(l[i]);
                else
                        l[w++] = l[i];
        }
        if (l)
                l[w] = NULL;
        return l;
}

char **strv_remove(char **l, const char *s) {
        size_t w = 0;
        for (size_t i = 0; l && l[i]; i++) {
                if (streq(l[i], s))
                        free(l[i]);
                else
                        l[w++] = l[i];
        }
        if (l)
                l[w] = NULL;
        return l;
}

char *strv_join(char *const *l, const char *separator) {
        size_t total = 1, sl = strlen(separator ?: " ");
        for (size_t i = 0; l && l[i]; i++)
                total += strlen(l[i]) + sl;
        char *r = malloc(total), *p = r;
        if (!r)
                return NULL;
        for (size_t i = 0; l && l[i]; i++) {
                if (i > 0)
                        p = stpcpy(p, separator ?: " ");
                p = stpcpy(p, l[i]);
        }
        *p = 0;
        return r;
}

int strv_split_full(char ***ret, const char *s, const char *separators, int extract_flags) {
        _cleanup_strv_free_ char **l = NULL;
        const char *p = s;
        for (;;) {
                char *word;
                int r = extract_first_word(&p, &word, separators, (ExtractFlags) extract_flags);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                r = strv_push(&l, word);
                if (r < 0)
                        return r;
        }
        if (!l && !(l = new (char *, 1)))
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}
