/* hashmap.c — see hashmap.h. Entries live in a dense array in insertion order (removed ones
 * become tombstones, compacted when they pile up); an open-addressing index of positions
 * points into it. */
#include <stdint.h>

#include "hashmap.h"

typedef struct Entry {
        const char *key; /* NULL: removed */
        void *value;
        uint32_t hash;
} Entry;

struct Hashmap {
        Entry *entries;
        size_t n_entries, n_alloc, n_live;
        uint32_t *index; /* 0 = empty, else position + 1 in entries */
        size_t n_buckets; /* power of two */
};

static uint32_t hash_string(const char *s) {
        uint32_t h = 2166136261u; /* FNV-1a */
        for (; *s; s++)
                h = (h ^ (uint8_t) *s) * 16777619u;
        return h;
}

Hashmap *hashmap_new(void) {
        return new0(Hashmap, 1);
}

Hashmap *hashmap_free(Hashmap *h) {
        if (h) {
                free(h->entries);
                free(h->index);
                free(h);
        }
        return NULL;
}

size_t hashmap_size(const Hashmap *h) {
        return h ? h->n_live : 0;
}

static int rebuild(Hashmap *h, size_t n_buckets) {
        uint32_t *index = calloc(n_buckets, sizeof(uint32_t));
        if (!index)
                return -ENOMEM;
        size_t w = 0;
        for (size_t i = 0; i < h->n_entries; i++) /* compact tombstones away */
                if (h->entries[i].key)
                        h->entries[w++] = h->entries[i];
        h->n_entries = w;
        for (size_t i = 0; i < w; i++) {
                size_t b = h->entries[i].hash & (n_buckets - 1);
                while (index[b])
                        b = (b + 1) & (n_buckets - 1);
                index[b] = (uint32_t) i + 1;
        }
        free(h->index);
        h->index = index;
        h->n_buckets = n_buckets;
        return 0;
}

/* Returns the bucket holding key, or the empty bucket where it would go. */
static size_t find_bucket(const Hashmap *h, const char *key, uint32_t hash) {
        size_t b = hash & (h->n_buckets - 1);
        for (;;) {
                uint32_t pos = h->index[b];
                if (pos == 0)
                        return b;
                const Entry *e = &h->entries[pos - 1];
                if (e->key && e->hash == hash && streq(e->key, key))
                        return b;
                b = (b + 1) & (h->n_buckets - 1);
        }
}

static Entry *find(const Hashmap *h, const char *key) {
        if (!h || h->n_buckets == 0)
                return NULL;
        uint32_t pos = h->index[find_bucket(h, key, hash_string(key))];
        return pos ? &h->entries[pos - 1] : NULL;
}

void *hashmap_get(const Hashmap *h, const char *key) {
        Entry *e = find(h, key);
        return e ? e->value : NULL;
}

bool hashmap_contains(const Hashmap *h, const char *key) {
        return find(h, key) != NULL;
}

static int put(Hashmap *h, const char *key, void *value, bool replace) {
        Entry *e = find(h, key);
        if (e) {
                if (e->value == value)
                        return 0;
                if (!replace)
                        return -EEXIST;
                e->key = key;
                e->value = value;
                return 0;
        }
        /* Tombstones still occupy index slots, so size the index by all entries. */
        if ((h->n_entries + 1) * 2 > h->n_buckets) {
                size_t nb = h->n_buckets ? h->n_buckets : 16;
                while ((h->n_live + 1) * 2 > nb)
                        nb *= 2;
                if (rebuild(h, nb) < 0)
                        return -ENOMEM;
        }
        if (h->n_entries == h->n_alloc) {
                size_t na = h->n_alloc ? h->n_alloc * 2 : 16;
                Entry *ne = realloc(h->entries, na * sizeof(Entry));
                if (!ne)
                        return -ENOMEM;
                h->entries = ne;
                h->n_alloc = na;
        }
        uint32_t hash = hash_string(key);
        size_t b = find_bucket(h, key, hash);
        h->entries[h->n_entries] = (Entry){ .key = key, .value = value, .hash = hash };
        h->index[b] = (uint32_t) ++h->n_entries;
        h->n_live++;
        return 1;
}

int hashmap_put(Hashmap *h, const char *key, void *value) {
        return put(h, key, value, false);
}

int hashmap_replace(Hashmap *h, const char *key, void *value) {
        return put(h, key, value, true);
}

void *hashmap_remove(Hashmap *h, const char *key) {
        return hashmap_remove_with_key(h, key, NULL);
}

void *hashmap_remove_with_key(Hashmap *h, const char *key, char **ret_key) {
        Entry *e = find(h, key);
        if (!e) {
                if (ret_key)
                        *ret_key = NULL;
                return NULL;
        }
        void *v = e->value;
        if (ret_key)
                *ret_key = (char *) e->key;
        /* Keep the index slot pointing at a tombstone so probe chains stay intact. */
        e->key = NULL;
        e->value = NULL;
        h->n_live--;
        return v;
}

bool hashmap_iterate(const Hashmap *h, size_t *i, void **ret_value, const char **ret_key) {
        if (!h)
                return false;
        while (*i < h->n_entries) {
                const Entry *e = &h->entries[(*i)++];
                if (!e->key)
                        continue;
                if (ret_value)
                        *ret_value = e->value;
                if (ret_key)
                        *ret_key = e->key;
                return true;
        }
        return false;
}
