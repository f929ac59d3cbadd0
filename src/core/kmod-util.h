/* kmod-util.h — loading a kernel module by name (or alias) with libkmod, for the file systems
 * and devices a unit type needs (autofs4 for automount units). */
#pragma once

/* 0: loaded now or already there (built in, or loaded before); <0: -errno. */
int module_load(const char *name);
