/* unit-mounts.c — see unit-mounts.h. A mount unit that would only be created by the lookup
 * (no file, nothing mounted) is not created: systemd loads and then forgets such units, and
 * creating them here would only fill listings with not-found mounts. */
#include "log.h"
#include "manager.h"
#include "mount.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-mounts.h"

static bool path_is_or_below(const char *p, const char *prefix) {
        if (streq(prefix, "/"))
                return true;
        const char *rest = startswith(p, prefix);
        return rest && (*rest == 0 || *rest == '/');
}

/* The dependencies of u on the mount unit for one prefix path. */
static int add_one(Unit *u, const char *prefix) {
        Manager *m = u->manager;
        _cleanup_free_ char *name = NULL, *final = NULL;
        if (unit_name_from_path(prefix, ".mount", &name) < 0)
                return 0; /* an overlong path has no mount unit: nothing to wait for */
        if (streq(name, u->id))
                return 0;
        const char *fragment = NULL;
        bool has_file = unit_name_map_resolve(m->name_map, name, &fragment, &final) >= 0 && fragment &&
                        !streq(fragment, "/dev/null");
        if (has_file) {
                int r = unit_add_dependency_by_name(u, REL_REQUIRES, name, true);
                return r < 0 ? r : unit_add_dependency_by_name(u, REL_AFTER, name, true);
        }
        Unit *other = manager_get_unit(m, name);
        if (other && other->type == UNIT_MOUNT && ((Mount *) other)->from_proc)
                return unit_add_dependency(u, REL_AFTER, other, false);
        return 0;
}

int unit_add_mounts_for(Unit *u, const char *path) {
        if (!path_is_absolute(path))
                return 0;
        _cleanup_free_ char *p = strdup(path);
        if (!p)
                return -ENOMEM;
        path_simplify(p);
        for (;;) {
                int r = add_one(u, p);
                if (r < 0)
                        return r;
                if (streq(p, "/"))
                        return 0;
                char *slash = strrchr(p, '/');
                if (slash == p)
                        slash[1] = 0; /* "/mnt" → "/" */
                else
                        *slash = 0;
        }
}

int unit_add_requires_mounts_for(Unit *u) {
        if (!u->config)
                return 0;
        STRV_FOREACH(p, u->config->unit->requires_mounts_for) {
                int r = unit_add_mounts_for(u, *p);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Does other need something at or below where? */
static bool needs(Unit *other, const char *where) {
        if (other->type == UNIT_MOUNT) {
                const char *w = ((Mount *) other)->where;
                if (w && !streq(w, where) && path_is_or_below(w, where))
                        return true;
        }
        STRV_FOREACH(p, other->config->unit->requires_mounts_for)
                if (path_is_or_below(*p, where))
                        return true;
        return false;
}

int unit_mounts_for_new_mount(Unit *mount, const char *where) {
        Manager *m = mount->manager;
        Unit *other;
        const char *key;
        HASHMAP_FOREACH_KEY(other, key, m->units) {
                if (other == mount || !streq(key, other->id) || other->load_state != UNIT_LOADED || !other->config)
                        continue;
                if (!needs(other, where))
                        continue;
                int r = unit_add_dependency(other, REL_AFTER, mount, false);
                if (r >= 0 && mount->fragment_path)
                        r = unit_add_dependency(other, REL_REQUIRES, mount, true);
                if (r < 0)
                        return r;
        }
        return 0;
}
