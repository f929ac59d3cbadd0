/* exec-caps.c — see exec-caps.h. libcap for the capability sets, prctl() for the bounding
 * set, the ambient set, keep-caps, secure bits and no_new_privs. Runs in the forked child. */
#include <stdio.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <linux/securebits.h>

#include "exec-caps.h"
#include "exec-spawn.h"
#include "log.h"

unsigned exec_cap_last_cap(void) {
        unsigned last = CAP_LAST_CAP;
        FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
        if (f) {
                unsigned v;
                if (fscanf(f, "%u", &v) == 1 && v < 64)
                        last = v;
                fclose(f);
        }
        return last;
}

size_t exec_caps_to_drop(uint64_t bset, unsigned last_cap, unsigned *ret) {
        size_t n = 0;
        for (unsigned c = 0; c <= last_cap && c < 64; c++)
                if (!(bset & (UINT64_C(1) << c)))
                        ret[n++] = c;
        return n;
}

/* Whether the capabilities must survive setresuid(): only then is keep-caps set. */
static bool keep_caps_needed(const ExecContext *ctx, const ExecIdentity *id) {
        if (!id->change_user || id->uid == 0)
                return false;
        return (ctx->capability_ambient_set & ctx->capability_bounding_set) != 0 || ctx->secure_bits != 0;
}

int exec_caps_before_user(const ExecContext *ctx, const ExecIdentity *id) {
        unsigned last = exec_cap_last_cap();
        unsigned drop[64];
        size_t n = exec_caps_to_drop(ctx->capability_bounding_set, last, drop);
        for (size_t i = 0; i < n; i++) {
                if (prctl(PR_CAPBSET_READ, (unsigned long) drop[i], 0, 0, 0) == 0)
                        continue; /* already gone: nothing to ask for (and no CAP_SETPCAP needed) */
                if (prctl(PR_CAPBSET_DROP, (unsigned long) drop[i], 0, 0, 0) < 0) {
                        fprintf(stderr, "Failed to drop capability %u from the bounding set: %m\n", drop[i]);
                        return EXIT_CAPABILITIES;
                }
        }
        if (keep_caps_needed(ctx, id) && prctl(PR_SET_KEEPCAPS, 1UL, 0, 0, 0) < 0)
                return EXIT_CAPABILITIES;
        return 0;
}

/* Sets the effective and inheritable sets to what is needed from here on: CAP_SETPCAP (for
 * the secure bits) if still permitted, and the ambient set in inheritable (the kernel only
 * raises ambient capabilities that are permitted and inheritable). */
static int set_proc_caps(uint64_t inheritable, bool want_setpcap) {
        cap_t caps = cap_get_proc();
        if (!caps)
                return -errno;
        int r = 0;
        for (unsigned c = 0; c <= exec_cap_last_cap(); c++) {
                cap_value_t v = (cap_value_t) c;
                cap_flag_value_t permitted = CAP_CLEAR;
                if (cap_get_flag(caps, v, CAP_PERMITTED, &permitted) < 0) {
                        r = -errno;
                        break;
                }
                bool inh = (inheritable & (UINT64_C(1) << c)) && permitted == CAP_SET;
                bool eff = permitted == CAP_SET && (inh || (want_setpcap && c == CAP_SETPCAP));
                if (cap_set_flag(caps, CAP_INHERITABLE, 1, &v, inh ? CAP_SET : CAP_CLEAR) < 0 ||
                    cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, eff ? CAP_SET : CAP_CLEAR) < 0) {
                        r = -errno;
                        break;
                }
        }
        if (r == 0 && cap_set_proc(caps) < 0)
                r = -errno;
        cap_free(caps);
        return r;
}

int exec_caps_after_user(const ExecContext *ctx, const ExecIdentity *id) {
        uint64_t ambient = ctx->capability_ambient_set & ctx->capability_bounding_set;
        bool keep = keep_caps_needed(ctx, id);
        bool root = !id->change_user || id->uid == 0;
        if (ambient != 0 && (keep || root)) {
                if (set_proc_caps(ambient, ctx->secure_bits != 0) < 0)
                        return EXIT_CAPABILITIES;
                for (unsigned c = 0; c <= exec_cap_last_cap(); c++)
                        if ((ambient & (UINT64_C(1) << c)) &&
                            prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long) c, 0, 0) < 0) {
                                fprintf(stderr, "Failed to raise ambient capability %u: %m\n", c);
                                return EXIT_CAPABILITIES;
                        }
        } else if (keep && set_proc_caps(0, true) < 0)
                return EXIT_CAPABILITIES;
        if (ctx->secure_bits != 0 && prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) != ctx->secure_bits &&
            prctl(PR_SET_SECUREBITS, (unsigned long) ctx->secure_bits, 0, 0, 0) < 0) {
                fprintf(stderr, "Failed to set secure bits: %m\n");
                return EXIT_SECUREBITS;
        }
        /* keep-caps was only a bridge over setresuid(), unless the unit asked for it */
        if (keep && !(ctx->secure_bits & (SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED)) &&
            prctl(PR_SET_KEEPCAPS, 0UL, 0, 0, 0) < 0)
                return EXIT_CAPABILITIES;
        if (ctx->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0, 0, 0) < 0)
                return EXIT_NO_NEW_PRIVILEGES;
        return 0;
}
