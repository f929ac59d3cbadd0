/* device.c — the device unit state machine (systemd.device(5)).
 *
 * A device unit is not started or stopped by us: it mirrors what we know of a device. The
 * state follows from a set of "found" bits — announced by udev (tagged "systemd", not
 * SYSTEMD_READY=0), and seen as the source of a mount in mountinfo — through one transition
 * table, device_next_state(): udev's word makes it plugged; a device only mountinfo knows is
 * tentative (the disk is mounted, but udev has not processed it yet, or no udev runs), unless
 * it was plugged, in which case udev's "remove" wins and it is dead; nothing known is dead.
 * device_set_state() is the only writer of the state.
 *
 * Each device has one unit per name (sysfs path, node, symlinks, SYSTEMD_ALIAS=), all in the
 * same state. A device that appears without a job (hot-plug, or at start-up) starts what its
 * unit wants (SYSTEMD_WANTS=) as systemd does for units that go up unexpectedly, and one that
 * goes stops what is bound to it (BindsTo=, in unit_notify()). A start job of a dead device
 * waits until udev announces it (JobRunningTimeoutSec=, 90 s by default, bounds the wait).
 *
 * Sources: the database of udev (/run/udev/data) at start-up, after a recovery and when the
 * netlink socket overflowed (device-monitor.c); then every libudev message on netlink group 2.
 * systemd-udevd and devmaster both write these, so the manager works with either. */
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"
#include "unit-types.h"

static const char *const state_names[_DEVICE_STATE_MAX] = {
        [DEVICE_DEAD] = "dead",
        [DEVICE_TENTATIVE] = "tentative",
        [DEVICE_PLUGGED] = "plugged",
};

/* systemd counts a tentative device as active: something is mounted from it */
static const UnitActiveState state_translation[_DEVICE_STATE_MAX] = {
        [DEVICE_DEAD] = UNIT_INACTIVE,
        [DEVICE_TENTATIVE] = UNIT_ACTIVE,
        [DEVICE_PLUGGED] = UNIT_ACTIVE,
};

const char *device_state_to_string(DeviceState s) {
        return s < _DEVICE_STATE_MAX ? state_names[s] : NULL;
}

DeviceState device_next_state(DeviceState s, unsigned found) {
        if (found & DEVICE_FOUND_UDEV)
                return DEVICE_PLUGGED;
        if (found != DEVICE_NOT_FOUND && s != DEVICE_PLUGGED)
                return DEVICE_TENTATIVE;
        return DEVICE_DEAD;
}

/* A unit that goes up without a job pulls in what it wants and needs, as systemd does for any
 * unit that changes "unexpectedly"; Wants= in mode fail, so a hot-plug never cancels jobs. */
static void start_dependencies(Unit *u) {
        Manager *m = u->manager;
        Unit *other;
        UnitRelation hard[] = { REL_REQUIRES, REL_BINDS_TO };
        for (size_t i = 0; i < ELEMENTSOF(hard); i++)
                UNIT_SET_FOREACH(other, &u->deps[hard[i]])
                        if (!UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(other)) && !other->job)
                                (void) manager_add_job(m, JOB_START, other, JOB_REPLACE, false, NULL, NULL);
        UNIT_SET_FOREACH(other, &u->deps[REL_WANTS])
                if (!UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(other)) && !other->job)
                        (void) manager_add_job(m, JOB_START, other, JOB_FAIL, false, NULL, NULL);
}

static void device_set_state(Device *d, DeviceState s) {
        DeviceState old = d->state;
        d->state = s;
        if (old == s)
                return;
        Unit *u = &d->meta;
        bool unexpected = !u->job;
        log_debug("%s: changed %s -> %s", u->id, state_names[old], state_names[s]);
        unit_notify(u, state_translation[old], state_translation[s], true);
        /* not while reading the database at start-up: as in systemd, what a device wants starts
         * on udev's events (systemd-udev-trigger replays them at boot), and after a recovery
         * the previous manager started it already */
        if (unexpected && !u->manager->devices_coldplugging && state_translation[old] == UNIT_INACTIVE && state_translation[s] == UNIT_ACTIVE &&
            u->load_state == UNIT_LOADED)
                start_dependencies(u);
}

static void device_update(Device *d) {
        device_set_state(d, device_next_state(d->state, d->found));
}

/* SYSTEMD_WANTS= of d's record: unit names; a template gets the escaped sysfs path as its
 * instance (foo@.service → foo@sys-devices-….service), as in systemd. */
static int resolve_wants(const UdevDevice *dev, const char *sysfs, char ***ret) {
        const char *w = udev_device_get_property(dev, "SYSTEMD_WANTS");
        _cleanup_strv_free_ char **words = NULL;
        char **l = NULL;
        int r = w ? strv_split_full(&words, w, WHITESPACE, 0) : 0;
        for (char **s = words; r >= 0 && s && *s; s++) {
                char *n = NULL;
                if (unit_name_is_valid(*s, UNIT_NAME_TEMPLATE)) {
                        _cleanup_free_ char *esc = NULL;
                        r = unit_name_path_escape(sysfs, &esc);
                        if (r >= 0)
                                r = unit_name_replace_instance(*s, esc, &n);
                } else
                        r = unit_name_mangle(*s, &n);
                if (r < 0) {
                        log_warning("%s: SYSTEMD_WANTS=%s is not a valid unit name, ignoring.", sysfs, *s);
                        r = 0;
                        continue;
                }
                r = strv_consume_unique(&l, n);
        }
        if (r < 0) {
                strv_free(l);
                return r;
        }
        *ret = l;
        return 0;
}

/* Adds what the unit's udev record asks for: its wants, and its description. Called when the
 * unit loads (so a daemon-reload keeps them) and when udev changes the record. */
static int apply_udev(Device *d) {
        Unit *u = &d->meta;
        if (u->load_state != UNIT_LOADED)
                return 0;
        if (d->model && !u->config->unit->description && !(u->config->unit->description = strdup(d->model)))
                return -ENOMEM;
        for (char **w = d->wants; w && *w; w++) {
                int r = unit_add_dependency_by_name(u, REL_WANTS, *w, true);
                if (r < 0)
                        log_warning_errno(r, "%s: failed to add Wants=%s: %m", u->id, *w);
        }
        return 0;
}

static int device_load(Unit *u) {
        Device *d = (Device *) u;
        /* a device that never comes must not block a boot forever: systemd bounds the wait
         * of a device's start job by DefaultTimeoutStartSec= */
        UnitSection *us = u->config->unit;
        if (!us->job_running_timeout_set && (us->job_timeout == USEC_INFINITY || us->job_timeout == 0)) {
                us->job_timeout = 90 * USEC_PER_SEC;
                us->job_running_timeout = 90 * USEC_PER_SEC;
        }
        return apply_udev(d);
}

static void device_done(Unit *u) {
        Device *d = (Device *) u;
        d->sysfs = mfree(d->sysfs);
        d->model = mfree(d->model);
        d->wants = strv_free(d->wants);
}

static int device_start(Unit *u) {
        /* nothing to do but wait for udev: the job finishes when the device shows up */
        return ((Device *) u)->state == DEVICE_DEAD ? 0 : -EALREADY;
}

static int device_stop(Unit *u) {
        (void) u;
        return -EBADR; /* devices go when they are unplugged, not on request */
}

static UnitActiveState device_active_state(Unit *u) {
        return state_translation[((Device *) u)->state];
}

static const char *device_sub_state(Unit *u) {
        return state_names[((Device *) u)->state];
}

static bool device_exists_without_file(Unit *u) {
        (void) u;
        return true; /* every device name loads, plugged or not, as in systemd */
}

static int device_append_properties(Unit *u, char ***l) {
        Device *d = (Device *) u;
        char *s = strjoin("SysFSPath=", strempty(d->sysfs));
        return s ? strv_push(l, s) : -ENOMEM;
}

static int device_serialize(Unit *u, FILE *f) {
        Device *d = (Device *) u;
        fprintf(f, "state=%s\nfound=%u\n", state_names[d->state], d->found);
        if (d->sysfs)
                fprintf(f, "sysfs=%s\n", d->sysfs);
        return 0;
}

static int device_deserialize_item(Unit *u, const char *key, const char *value) {
        Device *d = (Device *) u;
        if (streq(key, "state")) {
                for (DeviceState s = 0; s < _DEVICE_STATE_MAX; s++)
                        if (streq(value, state_names[s]))
                                d->state = s;
        } else if (streq(key, "found"))
                d->found = (unsigned) strtoul(value, NULL, 10);
        else if (streq(key, "sysfs"))
                return strdup_to(&d->sysfs, value);
        return 0;
}

const UnitVTable device_vtable = {
        .object_size = sizeof(Device),
        .load = device_load,
        .done = device_done,
        .start = device_start,
        .stop = device_stop,
        .active_state = device_active_state,
        .sub_state = device_sub_state,
        .exists_without_file = device_exists_without_file,
        .append_properties = device_append_properties,
        .serialize = device_serialize,
        .deserialize_item = device_deserialize_item,
};

/* Every unit of the device at sysfs whose name is not in keep loses udev's word. */
static void lose_udev(Manager *m, const char *sysfs, char **keep) {
        size_t n;
        Unit **l = manager_units_of_type(m, UNIT_DEVICE, &n);
        if (!l)
                return;
        for (size_t i = 0; i < n; i++) {
                Device *d = (Device *) l[i];
                if (streq_ptr(d->sysfs, sysfs) && (d->found & DEVICE_FOUND_UDEV) && !strv_contains(keep, d->meta.id)) {
                        d->found &= ~DEVICE_FOUND_UDEV;
                        device_update(d);
                }
        }
        free(l);
}

static const char *model_of(const UdevDevice *dev) {
        const char *keys[] = { "ID_MODEL_FROM_DATABASE", "ID_MODEL", "ID_FS_LABEL" };
        for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
                const char *v = udev_device_get_property(dev, keys[i]);
                if (!isempty(v))
                        return v;
        }
        return NULL;
}

void device_process_udev(Manager *m, const UdevDevice *dev) {
        _cleanup_free_ char *sysfs = strjoin("/sys", dev->devpath);
        if (!sysfs)
                return (void) log_oom();
        if (dev->devpath_old && streq_ptr(dev->action, "move")) {
                _cleanup_free_ char *old = strjoin("/sys", dev->devpath_old);
                if (old)
                        lose_udev(m, old, NULL);
        }
        if (streq_ptr(dev->action, "remove") || !udev_device_is_ready(dev)) {
                lose_udev(m, sysfs, NULL);
                return;
        }
        _cleanup_strv_free_ char **names = NULL, **wants = NULL;
        if (device_unit_names(dev, &names) < 0 || resolve_wants(dev, sysfs, &wants) < 0)
                return (void) log_oom();
        /* names this device had but lost (a symlink udev no longer makes) */
        lose_udev(m, sysfs, names);
        Device **units = new0(Device *, strv_length(names) + 1);
        if (!units)
                return (void) log_oom();
        size_t n = 0;
        for (char **name = names; *name; name++) {
                Unit *u;
                if (manager_get_or_create_unit(m, *name, &u) < 0 || u->type != UNIT_DEVICE)
                        continue;
                Device *d = (Device *) u;
                /* a name two devices claim (a symlink moving) belongs to the newest */
                if (strdup_to(&d->sysfs, sysfs) < 0 || strdup_to(&d->model, model_of(dev) ?: sysfs) < 0) {
                        log_oom();
                        break;
                }
                strv_free(d->wants);
                d->wants = strv_copy(wants);
                d->found |= DEVICE_FOUND_UDEV;
                units[n++] = d;
        }
        manager_dispatch_load_queue(m);
        for (size_t i = 0; i < n; i++) {
                (void) apply_udev(units[i]);
                manager_dispatch_load_queue(m);
        }
        for (size_t i = 0; i < n; i++) {
                Device *d = units[i];
                bool was_up = d->state != DEVICE_DEAD;
                device_update(d);
                /* a change event that adds a want to a present device starts it too */
                if (was_up && d->meta.load_state == UNIT_LOADED && !m->devices_coldplugging)
                        start_dependencies(&d->meta);
        }
        free(units);
}

void device_found_node(Manager *m, const char *node, DeviceFound mask, bool found) {
        if (!m->devices_supported || !node || !startswith(node, "/dev/"))
                return;
        _cleanup_free_ char *name = NULL;
        if (device_unit_name_from_path(node, &name) < 0)
                return;
        Unit *u = manager_get_unit(m, name);
        if (!u && !found)
                return;
        if (!u && manager_get_or_create_unit(m, name, &u) < 0)
                return;
        if (u->type != UNIT_DEVICE)
                return;
        manager_dispatch_load_queue(m);
        Device *d = (Device *) u;
        if (found)
                d->found |= mask;
        else
                d->found &= ~mask;
        device_update(d);
}

int unit_add_node_dependency(Unit *u, const char *node, UnitRelation r) {
        if (!u->manager->devices_supported || !node)
                return 0;
        /* only real device paths: /dev/root, /dev/nfs… and pseudo sources name no device */
        if (!startswith(node, "/dev/") && !startswith(node, "/sys/"))
                return 0;
        _cleanup_free_ char *name = NULL;
        if (device_unit_name_from_path(node, &name) < 0)
                return 0;
        int k = unit_add_dependency_by_name(u, r, name, true);
        if (k >= 0)
                k = unit_add_dependency_by_name(u, REL_AFTER, name, true);
        return k;
}

void device_update_mounted(Manager *m, char **nodes) {
        if (!m->devices_supported)
                return;
        for (char **n = nodes; n && *n; n++)
                device_found_node(m, *n, DEVICE_FOUND_MOUNT, true);
        size_t n;
        Unit **l = manager_units_of_type(m, UNIT_DEVICE, &n);
        if (!l)
                return;
        for (size_t i = 0; i < n; i++) {
                Device *d = (Device *) l[i];
                if (!(d->found & DEVICE_FOUND_MOUNT))
                        continue;
                _cleanup_free_ char *prefix = NULL, *node = NULL;
                if (unit_name_to_prefix(d->meta.id, &prefix) < 0 || unit_name_path_unescape(prefix, &node) < 0)
                        continue;
                if (!strv_contains(nodes, node)) {
                        d->found &= ~DEVICE_FOUND_MOUNT;
                        device_update(d);
                }
        }
        free(l);
}
