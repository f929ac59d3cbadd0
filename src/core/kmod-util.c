/* kmod-util.c — see kmod-util.h. libkmod resolves aliases and dependencies the way modprobe
 * does, from the running kernel's /lib/modules directory. */
#include <errno.h>
#include <libkmod.h>

#include "kmod-util.h"
#include "log.h"

int module_load(const char *name) {
        struct kmod_ctx *ctx = kmod_new(NULL, NULL);
        if (!ctx)
                return -ENOMEM;
        struct kmod_list *list = NULL, *l;
        int r = kmod_module_new_from_lookup(ctx, name, &list);
        if (r >= 0 && !list)
                r = -ENOENT; /* no such module for this kernel */
        kmod_list_foreach(l, list) {
                struct kmod_module *mod = kmod_module_get_module(l);
                int k = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST, NULL, NULL, NULL, NULL);
                if (k < 0 && k != -EEXIST) {
                        log_warning_errno(k, "Failed to load module %s: %m", kmod_module_get_name(mod));
                        r = k;
                } else
                        log_info("Loaded kernel module %s.", kmod_module_get_name(mod));
                kmod_module_unref(mod);
        }
        kmod_module_unref_list(list);
        kmod_unref(ctx);
        return r < 0 ? r : 0;
}
