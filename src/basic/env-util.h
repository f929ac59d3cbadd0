/* env-util.h — environment variable names and "NAME=value" assignments. */
#pragma once

#include <stdbool.h>

bool env_name_is_valid(const char *name);
bool env_assignment_is_valid(const char *assignment);
/* Sets or replaces NAME in a strv of assignments (takes ownership of assignment). */
int strv_env_replace(char ***l, char *assignment);
const char *strv_env_get(char *const *l, const char *name);
