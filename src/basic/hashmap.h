/* hashmap.h — a string-keyed hash table with insertion-order iteration. Keys are borrowed:
 * the caller keeps each key alive as long as its entry (usually the key is a field of the
 * value). Lookups are O(1); iteration follows insertion order so output is deterministic. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

typedef struct Hashmap Hashmap;

Hashmap *hashmap_new(void);
Hashmap *hashmap_free(Hashmap *h);   /* frees the table, not keys or values */
DEFINE_TRIVIAL_CLEANUP_FUNC(Hashmap *, hashmap_free);
size_t hashmap_size(const Hashmap *h);
void *hashmap_get(const Hashmap *h, const char *key);
bool hashmap_contains(const Hashmap *h, const char *key);
/* Returns 1 if added, 0 if the same key already held the same value, -EEXIST if another
 * value holds it, -ENOMEM. */
int hashmap_put(Hashmap *h, const char *key, void *value);
int hashmap_replace(Hashmap *h, const char *key, void *value);
void *hashmap_remove(Hashmap *h, const char *key);
/* As hashmap_remove(), also handing back the stored key (for maps that own their keys). */
void *hashmap_remove_with_key(Hashmap *h, const char *key, char **ret_key);
/* Iteration: start with *i = 0; returns false at the end. Removal while iterating is safe
 * for the current entry. */
bool hashmap_iterate(const Hashmap *h, size_t *i, void **ret_value, const char **ret_key);
#define HASHMAP_FOREACH(v, h) \
        for (size_t _i_ = 0; hashmap_iterate((h), &_i_, (void **) &(v), NULL);)
#define HASHMAP_FOREACH_KEY(v, k, h) \
        for (size_t _i_ = 0; hashmap_iterate((h), &_i_, (void **) &(v), &(k));)
