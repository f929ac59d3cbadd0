/* test-system-setup.c — setup_machine_id() on scratch roots: which states of /etc/machine-id
 * make the boot a first boot (/run/systemd/first-boot, hence ConditionFirstBoot=yes) as in
 * systemd 252 — a missing file or "uninitialized", not an empty one (what the Debian container
 * boot showed: systemd skipped systemd-firstboot.service and first-boot-complete.target where
 * sysMaster ran them) — and that each gets a valid ID written. */
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

#include "system-setup.h"

static char root[] = "/tmp/test-system-setup.XXXXXX";

static void run(const char *cmd) {
        assert_int_equal(system(cmd), 0);
}

/* boots the scratch root with /etc/machine-id holding `contents` (NULL: no file); returns
 * whether the boot was marked as the first */
static int boot_with(const char *contents) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "rm -rf %s/etc %s/run && mkdir -p %s/etc %s/run/systemd", root, root, root, root);
        run(cmd);
        if (contents) {
                snprintf(cmd, sizeof cmd, "printf '%%s' '%s' >%s/etc/machine-id", contents, root);
                run(cmd);
        }
        assert_int_equal(setup_machine_id(root, false), 0);
        char p[256], id[64] = "";
        snprintf(p, sizeof p, "%s/etc/machine-id", root);
        FILE *f = fopen(p, "r");
        assert_non_null(f);
        assert_non_null(fgets(id, sizeof id, f));
        fclose(f);
        char norm[33];
        assert_int_equal(machine_id_from_string(id, norm), 0);
        snprintf(p, sizeof p, "%s/run/systemd/first-boot", root);
        return access(p, F_OK) == 0;
}

static void test_first_boot_states(void **state) {
        (void) state;
        assert_non_null(mkdtemp(root));
        assert_true(boot_with(NULL));                    /* missing: first boot */
        assert_true(boot_with("uninitialized\n"));       /* the explicit marker */
        assert_false(boot_with(""));                     /* empty: a new ID, not a first boot */
        assert_false(boot_with("\n"));
        assert_false(boot_with("0123456789abcdef0123456789abcdef\n"));   /* valid: kept */
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf %s", root);
        run(cmd);
}

static void test_rule(void **state) {
        (void) state;
        assert_true(machine_id_means_first_boot(-2 /* -ENOENT */, NULL));
        assert_true(machine_id_means_first_boot(0, "uninitialized"));
        assert_false(machine_id_means_first_boot(0, ""));
        assert_false(machine_id_means_first_boot(0, "garbage"));
        assert_false(machine_id_means_first_boot(-13 /* -EACCES */, NULL));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_first_boot_states),
                cmocka_unit_test(test_rule),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
