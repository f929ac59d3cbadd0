/* test-control-server.c — the manager's request dispatcher fed random and hostile frames
 * (valid verbs with random arguments, garbage verbs, random bytes through the reader) with
 * root and non-root clients: it must never crash, every reply must be a well-formed frame,
 * non-root clients must never change state. Also the property formatting of `show`
 * (timestamps, unit lists) and the relative timestamps of `status`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "control-server.h"
#include "control-verbs.h"
#include "log.h"
#include "strv.h"
#include "timestamp-util.h"

static char root[] = "/tmp/test-control-server.XXXXXX";

static void write_unit(const char *name, const char *text) {
        char path[512];
        snprintf(path, sizeof path, "%s/etc/systemd/system/%s", root, name);
        FILE *f = fopen(path, "we");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static int setup_root(void **state) {
        (void) state;
        assert_non_null(mkdtemp(root));
        char p[512];
        const char *dirs[] = { "/etc", "/etc/systemd", "/etc/systemd/system" };
        for (size_t i = 0; i < 3; i++) {
                snprintf(p, sizeof p, "%s%s", root, dirs[i]);
                assert_int_equal(mkdir(p, 0755), 0);
        }
        const char *targets[] = { "sysinit", "basic", "shutdown", "multi-user", "reboot", "poweroff", "halt", "exit", "t-iso" };
        for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
                char name[64];
                snprintf(name, sizeof name, "%s.target", targets[i]);
                write_unit(name, "[Unit]\nDefaultDependencies=no\nAllowIsolate=yes\n");
        }
        write_unit("t-true.service", "[Unit]\nDescription=true\n[Service]\nType=oneshot\nExecStart=/bin/true\n");
        write_unit("t-bad.service", "[Service]\nType=bogus\n");
        snprintf(p, sizeof p, "%s/etc/systemd/system/t-masked.service", root);
        assert_int_equal(symlink("/dev/null", p), 0);
        setenv("TZ", "UTC", 1);
        log_set_max_level(2); /* keep the fuzz quiet */
        return 0;
}

static int teardown_root(void **state) {
        (void) state;
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        return system(cmd) == 0 ? 0 : -1;
}

/* Every reply frame in the client's output parses, and is of a known kind. */
static size_t check_output(ControlClient *c, bool root_client, bool *ret_changed) {
        ControlReader r;
        control_reader_init(&r, CONTROL_REPLY_MAX);
        assert_int_equal(control_reader_feed(&r, c->out, c->out_size), 0);
        size_t n = 0;
        char **f;
        int k;
        while ((k = control_reader_next(&r, &f)) == 1) {
                assert_non_null(f[0]);
                static char *const kinds[] = { (char *) "ok", (char *) "error", (char *) "job", (char *) "done",
                                               (char *) "row", (char *) "end", NULL };
                assert_true(strv_contains(kinds, f[0]));
                if (!root_client && (!strcmp(f[0], "job") || !strcmp(f[0], "done")))
                        *ret_changed = true;
                strv_free(f);
                n++;
        }
        assert_int_equal(k, 0);
        assert_int_equal(r.size, 0);
        control_reader_done(&r);
        c->out_size = 0;
        return n;
}

static const char *const verbs[] = {
        "ping", "show", "list-units", "list-jobs", "dependencies", "unit-status", "is-system-running",
        "get-default", "kill", "reset-failed", "daemon-reload", "daemon-reexec", "start", "stop", "restart",
        "try-restart", "reload", "reload-or-restart", "try-reload-or-restart", "verify-active", "isolate",
        "reboot", "poweroff", "halt", "kexec", "exit", "bogus", "", "START",
};
static const char *const words[] = {
        "t-true.service", "t-bad.service", "t-masked.service", "nonexist.service", "t-iso.target",
        "multi-user.target", "invalid name", "", "replace", "fail", "isolate", "flush", "no-block", "block",
        "forward", "reverse", "main", "all", "control", "HUP", "9", "999", "SIGTERM", "force",
        "replace-irreversibly", "ignore-dependencies", "foo@bar.service", "-.slice", "\xc3\xa9.service",
};

static char *random_word(void) {
        if (rand() % 8 == 0) { /* random printable junk */
                size_t l = (size_t) (rand() % 40);
                char *s = malloc(l + 1);
                for (size_t i = 0; i < l; i++)
                        s[i] = (char) (32 + rand() % 95);
                s[l] = 0;
                return s;
        }
        return strdup(words[rand() % (sizeof words / sizeof *words)]);
}

static void test_dispatch_fuzz(void **state) {
        (void) state;
        ManagerOptions o = { .root = root, .test = true };
        Manager *m;
        assert_int_equal(manager_new(&o, &m), 0);
        ControlServer *s;
        assert_int_equal(control_server_new(m, NULL, &s), 0);
        ControlClient *admin = control_client_new_detached(s, 0), *user = control_client_new_detached(s, 1000);
        bool changed = false;
        srand(4242);
        for (int i = 0; i < 20000; i++) {
                bool as_root = rand() % 2;
                ControlClient *c = as_root ? admin : user;
                char *fields[8] = {};
                size_t n = 1 + (size_t) (rand() % 5);
                fields[0] = strdup(verbs[rand() % (sizeof verbs / sizeof *verbs)]);
                for (size_t k = 1; k < n; k++)
                        fields[k] = random_word();
                control_dispatch(c, fields);
                for (size_t k = 0; k < n; k++)
                        free(fields[k]);
                assert_true(check_output(c, as_root, &changed) > 0 || true);
                /* let queued jobs run now and then */
                if (i % 16 == 0) {
                        (void) event_run(m->event, 0);
                        (void) check_output(admin, true, &changed);
                        (void) check_output(user, false, &changed);
                }
                m->objective = MANAGER_RUNNING; /* a fuzzed "reboot" must not end the test */
        }
        assert_false(changed);
        /* random bytes through the reader: bad frames are answered, oversized ones end the stream */
        for (int i = 0; i < 2000; i++) {
                ControlReader r;
                control_reader_init(&r, CONTROL_REQUEST_MAX);
                unsigned char buf[64];
                for (size_t k = 0; k < sizeof buf; k++)
                        buf[k] = (unsigned char) rand();
                if (rand() % 2) /* a plausible length */
                        buf[0] = (unsigned char) (rand() % 60), buf[1] = buf[2] = buf[3] = 0;
                if (control_reader_feed(&r, buf, sizeof buf) == 0) {
                        char **f;
                        int k;
                        while ((k = control_reader_next(&r, &f)) == 1) {
                                if (f[0])
                                        control_dispatch(admin, f);
                                strv_free(f);
                        }
                }
                control_reader_done(&r);
                (void) check_output(admin, true, &changed);
                m->objective = MANAGER_RUNNING;
        }
        control_client_free(admin);
        control_client_free(user);
        control_server_free(s);
        manager_free(m);
}

static void test_output_bound(void **state) {
        (void) state;
        ManagerOptions o = { .root = root, .test = true };
        Manager *m;
        assert_int_equal(manager_new(&o, &m), 0);
        ControlServer *s;
        assert_int_equal(control_server_new(m, NULL, &s), 0);
        ControlClient *c = control_client_new_detached(s, 1000);
        char *req[] = { (char *) "show", (char *) "t-true.service", NULL };
        /* a client that never reads is dropped once its replies pass the bound */
        for (int i = 0; i < 100000 && !c->dropped; i++)
                control_dispatch(c, req);
        assert_true(c->dropped);
        assert_true(c->out_size <= CONTROL_OUTPUT_MAX);
        char *deny[] = { (char *) "start", (char *) "t-true.service", NULL };
        ControlClient *u = control_client_new_detached(s, 1000);
        control_dispatch(u, deny);
        ControlReader r;
        control_reader_init(&r, CONTROL_REPLY_MAX);
        assert_int_equal(control_reader_feed(&r, u->out, u->out_size), 0);
        char **f;
        assert_int_equal(control_reader_next(&r, &f), 1);
        assert_string_equal(f[0], "error");
        assert_string_equal(f[1], "1");
        assert_string_equal(f[2], "Access denied");
        strv_free(f);
        control_reader_done(&r);
        control_client_free(c);
        control_client_free(u);
        control_server_free(s);
        manager_free(m);
}

static void test_property_format(void **state) {
        (void) state;
        char **l = NULL;
        /* 2026-11-23 08:14:41 UTC */
        assert_int_equal(property_append_timestamp(&l, "ActiveEnterTimestamp", 1795421681ULL * USEC_PER_SEC + 5, 123456), 0);
        assert_int_equal(property_append_timestamp(&l, "ActiveExitTimestamp", 0, 0), 0);
        UnitSet set = {};
        assert_int_equal(property_append_units(&l, "Requires", &set), 0);
        assert_int_equal(property_append(&l, "Description", NULL), 0);
        assert_string_equal(l[0], "ActiveEnterTimestamp=Mon 2026-11-23 08:14:41 UTC");
        assert_string_equal(l[1], "ActiveEnterTimestampMonotonic=123456");
        assert_string_equal(l[2], "ActiveExitTimestamp=");
        assert_string_equal(l[3], "ActiveExitTimestampMonotonic=0");
        assert_string_equal(l[4], "Requires=");
        assert_string_equal(l[5], "Description=");
        strv_free(l);

        ManagerOptions o = { .root = root, .test = true };
        Manager *m;
        assert_int_equal(manager_new(&o, &m), 0);
        Unit *u;
        assert_int_equal(manager_load_unit(m, "t-true.service", &u), 0);
        char **props = NULL;
        assert_int_equal(unit_properties(u, &props), 0);
        assert_true(strv_contains(props, "Id=t-true.service"));
        assert_true(strv_contains(props, "Description=true"));
        assert_true(strv_contains(props, "LoadState=loaded"));
        assert_true(strv_contains(props, "CanReload=no"));
        assert_true(strv_contains(props, "FragmentPath=/etc/systemd/system/t-true.service"));
        assert_true(strv_contains(props, "Requires=sysinit.target system.slice"));
        assert_true(strv_contains(props, "JobTimeoutUSec=infinity"));
        assert_true(strv_contains(props, "StartLimitIntervalUSec=10s"));
        assert_true(strv_contains(props, "LoadError="));
        /* the type's properties come before the Unit ones, as systemctl lists them */
        size_t type_at = 0, id_at = 0;
        for (size_t i = 0; props[i]; i++) {
                if (!strcmp(props[i], "Type=oneshot"))
                        type_at = i + 1;
                if (!strcmp(props[i], "Id=t-true.service"))
                        id_at = i + 1;
        }
        assert_true(type_at > 0 && type_at < id_at);
        strv_free(props);
        assert_int_equal(manager_load_unit(m, "t-masked.service", &u), 0);
        assert_int_equal(unit_properties(u, &props), 0);
        assert_true(strv_contains(props, "LoadState=masked"));
        assert_true(strv_contains(props, "LoadError=org.freedesktop.systemd1.UnitMasked \"Unit t-masked.service is masked.\""));
        strv_free(props);
        manager_free(m);
}

/* An instance of a template without Slice= goes in the template's own slice, which needs no
 * unit file and is described by its place in the tree, as under systemd (the Debian boot
 * listed system-getty.slice and system-modprobe.slice, sysMaster did not). */
static void test_template_slice(void **state) {
        (void) state;
        write_unit("t-my-tpl@.service", "[Service]\nType=oneshot\nExecStart=/bin/true\n");
        write_unit("t-nodef@.service", "[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n");
        write_unit("t-sliced@.service", "[Service]\nSlice=user.slice\nExecStart=/bin/true\n");
        ManagerOptions o = { .root = root, .test = true };
        Manager *m;
        assert_int_equal(manager_new(&o, &m), 0);
        Unit *u, *s, *plain, *sliced;
        assert_int_equal(manager_load_unit(m, "t-my-tpl@a.service", &u), 0);
        assert_int_equal(manager_load_unit(m, "t-true.service", &plain), 0);
        assert_int_equal(manager_load_unit(m, "t-sliced@b.service", &sliced), 0);
        assert_string_equal(unit_slice_name(u), "system-t\\x2dmy\\x2dtpl.slice");
        assert_string_equal(unit_slice_name(plain), "system.slice");
        assert_string_equal(unit_slice_name(sliced), "user.slice");
        char *cg = NULL;
        assert_int_equal(unit_cgroup_path(u, &cg), 0);
        assert_string_equal(cg, "/system.slice/system-t\\x2dmy\\x2dtpl.slice/t-my-tpl@a.service");
        free(cg);
        char **props = NULL;
        assert_int_equal(unit_properties(u, &props), 0);
        assert_true(strv_contains(props, "Requires=sysinit.target system-t\\x2dmy\\x2dtpl.slice"));
        strv_free(props);
        /* the slice is implicit: DefaultDependencies=no keeps it (modprobe@.service) */
        Unit *nodef;
        assert_int_equal(manager_load_unit(m, "t-nodef@x.service", &nodef), 0);
        assert_int_equal(unit_properties(nodef, &props), 0);
        assert_true(strv_contains(props, "Requires=system-t\\x2dnodef.slice"));
        assert_true(strv_contains(props, "After=system-t\\x2dnodef.slice"));
        strv_free(props);
        assert_int_equal(manager_load_unit(m, "system-t\\x2dmy\\x2dtpl.slice", &s), 0);
        assert_int_equal(s->load_state, UNIT_LOADED);
        assert_string_equal(unit_description(s), "Slice /system/t-my-tpl");
        manager_free(m);
}

static void test_relative_timestamps(void **state) {
        (void) state;
        char b[FORMAT_TIMESTAMP_RELATIVE_MAX];
        usec_t now = 100ULL * USEC_PER_DAY;
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 97 * USEC_PER_MSEC, now), "97ms ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 2 * USEC_PER_SEC, now), "2s ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 125 * USEC_PER_SEC, now), "2min 5s ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 6 * USEC_PER_MINUTE, now), "6min ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 90 * USEC_PER_MINUTE, now), "1h 30min ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 7 * USEC_PER_HOUR, now), "7h ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 26 * USEC_PER_HOUR, now), "1 day 2h ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 3 * USEC_PER_DAY, now), "3 days ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now - 9 * USEC_PER_DAY, now), "1 week 2 days ago");
        assert_string_equal(format_timestamp_relative(b, sizeof b, now, now), "now");
        assert_string_equal(format_timestamp_relative(b, sizeof b, 0, now), "");
        assert_string_equal(format_timestamp(b, sizeof b, 0), "");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dispatch_fuzz),
                cmocka_unit_test(test_output_bound),
                cmocka_unit_test(test_property_format),
                cmocka_unit_test(test_relative_timestamps),
                cmocka_unit_test(test_template_slice),
        };
        return cmocka_run_group_tests(tests, setup_root, teardown_root);
}
