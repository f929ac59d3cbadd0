/* path-util.h — file system path helpers: joining, normalizing, validity tests. */
#pragma once

#include <stdbool.h>

#include "macro.h"

static inline bool path_is_absolute(const char *p) {
        return p && p[0] == '/';
}
char *path_join_internal(const char *first, ...);
#define path_join(...) path_join_internal(__VA_ARGS__, (const char *) NULL)
char *path_simplify(char *p);              /* drops "//", "/./" and a trailing "/", in place */
bool path_is_normalized(const char *p) _pure_; /* no "..", no "//" and no "/./" */
bool path_is_valid(const char *p) _pure_;      /* non-empty, below PATH_MAX, names below NAME_MAX */
bool filename_is_valid(const char *p) _pure_;  /* one path component, not "." or ".." */
const char *path_basename(const char *p) _pure_;
char *path_dirname(const char *p);         /* newly allocated; "/" for top-level entries */
/* With a root prefix ("--root=DIR"), the host path of an absolute path inside root. */
char *path_prefix_root(const char *root, const char *path);
/* Resolves every symlink of path as if root were "/" (absolute links and ".." stay inside
 * root) and returns the host path. -ELOOP after 40 links; the last component need not exist
 * (then *ret names where it would be). */
int path_chase_in_root(const char *root, const char *path, char **ret);
