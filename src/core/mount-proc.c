/* mount-proc.c — the kernel's mount table as mount units. /proc/self/mountinfo is read whole
 * with libmount (at start-up and whenever libmount's monitor reports a change: the kernel
 * marks mountinfo with POLLPRI), every mount point becomes, or updates, the mount unit of its
 * escaped path, and every mount unit whose mount point vanished is told so. Units are first
 * updated and only then told, so a unit's reaction (a job, a BindsTo= stop) sees the whole new
 * table. */
#include <libmount.h>
#include <sys/epoll.h>

#include "device.h"
#include "log.h"
#include "manager.h"
#include "mount-util.h"
#include "mount.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"

static int monitor_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        Manager *m = userdata;
        (void) s, (void) fd, (void) revents;
        /* drain the monitor; one scan covers every change it reported */
        const char *filename;
        while (mnt_monitor_next_change(m->mount_monitor, &filename, NULL) == 0)
                ;
        mount_process_mountinfo(m);
        return 0;
}

int manager_setup_mount_monitor(Manager *m) {
        if (m->options.test || m->mount_monitor)
                return 0;
        struct libmnt_monitor *mn = mnt_new_monitor();
        if (!mn)
                return log_oom();
        int r = mnt_monitor_enable_kernel(mn, 1);
        int fd = r < 0 ? r : mnt_monitor_get_fd(mn);
        if (fd < 0) {
                mnt_unref_monitor(mn);
                return log_warning_errno(fd, "Failed to watch the mount table, mount units will not follow it: %m");
        }
        m->mount_monitor = mn;
        /* the fd belongs to the monitor, which closes it */
        if ((r = event_add_io(m->event, &m->mount_monitor_source, fd, EPOLLIN, monitor_cb, m)) < 0)
                return log_warning_errno(r, "Failed to watch the mount table: %m");
        event_source_set_description(m->mount_monitor_source, "mount-monitor");
        mount_process_mountinfo(m);
        return 0;
}

void manager_close_mount_monitor(Manager *m) {
        m->mount_monitor_source = event_source_free(m->mount_monitor_source);
        if (m->mount_monitor)
                mnt_unref_monitor(m->mount_monitor);
        m->mount_monitor = NULL;
}

static void add_entry(Manager *m, struct libmnt_fs *fs) {
        const char *target = mnt_fs_get_target(fs);
        if (!target || mount_point_is_ignored(target))
                return;
        /* an automount unit's autofs is not the mount: its mount unit is mounted only when the
         * real file system is stacked on top */
        if (streq_ptr(mnt_fs_get_fstype(fs), "autofs"))
                return;
        _cleanup_free_ char *name = NULL;
        if (unit_name_from_path(target, ".mount", &name) < 0)
                return; /* too long, or not a path systemd would name a unit after */
        Unit *u;
        if (manager_get_or_create_unit(m, name, &u) < 0 || u->type != UNIT_MOUNT)
                return;
        Mount *mt = (Mount *) u;
        mount_update_from_proc(mt, mnt_fs_get_source(fs), mnt_fs_get_options(fs), mnt_fs_get_fstype(fs));
        /* looked up by name before it was mounted (RequiresMountsFor=…): it exists now */
        if (u->load_state == UNIT_NOT_FOUND && !u->in_load_queue && !u->fragment_path) {
                u->in_load_queue = true;
                u->load_queue_next = m->load_queue;
                m->load_queue = u;
        }
}

void mount_process_mountinfo(Manager *m) {
        if (!m->mount_monitor)
                return;
        _cleanup_strv_free_ char **nodes = NULL; /* before the first goto: clang refuses a jump past it */
        struct libmnt_table *t = mnt_new_table();
        struct libmnt_iter *itr = mnt_new_iter(MNT_ITER_FORWARD);
        if (!t || !itr)
                goto finish;
        int r = mnt_table_parse_file(t, "/proc/self/mountinfo");
        if (r < 0) {
                log_warning_errno(r, "Failed to read /proc/self/mountinfo: %m");
                goto finish;
        }
        size_t n = 0;
        Unit **before = manager_units_of_type(m, UNIT_MOUNT, &n);
        if (!before)
                goto finish;
        for (size_t i = 0; i < n; i++)
                ((Mount *) before[i])->seen = false;
        free(before);
        struct libmnt_fs *fs;
        while (mnt_table_next_fs(t, itr, &fs) == 0)
                add_entry(m, fs);
        manager_dispatch_load_queue(m);
        Unit **l = manager_units_of_type(m, UNIT_MOUNT, &n);
        if (!l)
                goto finish;
        for (size_t i = 0; i < n; i++) {
                Mount *mt = (Mount *) l[i];
                if (!mt->seen && mt->from_proc) {
                        mt->from_proc = false;
                        mt->just_mounted = mt->just_changed = false;
                }
        }
        for (size_t i = 0; i < n; i++)
                if (l[i]->load_state == UNIT_LOADED)
                        mount_proc_changed((Mount *) l[i]);
        free(l);
        /* a device something is mounted from is there, udev or not (tentative) */
        mnt_reset_iter(itr, MNT_ITER_FORWARD);
        while (mnt_table_next_fs(t, itr, &fs) == 0) {
                const char *src = mnt_fs_get_source(fs);
                if (src && startswith(src, "/dev/") && !strv_contains(nodes, src))
                        (void) strv_extend(&nodes, src);
        }
        device_update_mounted(m, nodes);
finish:
        mnt_free_iter(itr);
        mnt_unref_table(t);
}
