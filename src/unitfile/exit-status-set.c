/* exit-status-set.c — exit code names and the parser of exit status sets. The names are the
 * interface systemd.exec(5) documents in "Process Exit Codes"; they are matched exactly (upper
 * case), as systemd 252 matches them. */
#include "directive-util.h"
#include "exit-status-set.h"
#include "parse-util.h"
#include "signal-util.h"
#include "string-util.h"

static const char *const exit_status_table[256] = {
        [0] = "SUCCESS", [1] = "FAILURE", [2] = "INVALIDARGUMENT", [3] = "NOTIMPLEMENTED",
        [4] = "NOPERMISSION", [5] = "NOTINSTALLED", [6] = "NOTCONFIGURED", [7] = "NOTRUNNING",
        /* BSD sysexits.h */
        [64] = "USAGE", [65] = "DATAERR", [66] = "NOINPUT", [67] = "NOUSER", [68] = "NOHOST",
        [69] = "UNAVAILABLE", [70] = "SOFTWARE", [71] = "OSERR", [72] = "OSFILE", [73] = "CANTCREAT",
        [74] = "IOERR", [75] = "TEMPFAIL", [76] = "PROTOCOL", [77] = "NOPERM", [78] = "CONFIG",
        /* the service manager's own, for failures while setting up the process */
        [200] = "CHDIR", [201] = "NICE", [202] = "FDS", [203] = "EXEC", [204] = "MEMORY",
        [205] = "LIMITS", [206] = "OOM_ADJUST", [207] = "SIGNAL_MASK", [208] = "STDIN",
        [209] = "STDOUT", [210] = "CHROOT", [211] = "IOPRIO", [212] = "TIMERSLACK",
        [213] = "SECUREBITS", [214] = "SETSCHEDULER", [215] = "CPUAFFINITY", [216] = "GROUP",
        [217] = "USER", [218] = "CAPABILITIES", [219] = "CGROUP", [220] = "SETSID",
        [221] = "CONFIRM", [222] = "STDERR", [224] = "PAM", [225] = "NETWORK", [226] = "NAMESPACE",
        [227] = "NO_NEW_PRIVILEGES", [228] = "SECCOMP", [229] = "SELINUX_CONTEXT",
        [230] = "PERSONALITY", [231] = "APPARMOR", [232] = "ADDRESS_FAMILIES",
        [233] = "RUNTIME_DIRECTORY", [235] = "CHOWN", [236] = "SMACK_PROCESS_LABEL",
        [237] = "KEYRING", [238] = "STATE_DIRECTORY", [239] = "CACHE_DIRECTORY",
        [240] = "LOGS_DIRECTORY", [241] = "CONFIGURATION_DIRECTORY", [242] = "NUMA_POLICY",
        [243] = "CREDENTIALS", [245] = "BPF", [255] = "EXCEPTION",
};

const char *exit_status_to_string(int code) {
        return code >= 0 && code < 256 ? exit_status_table[code] : NULL;
}

int exit_status_from_string(const char *s) {
        int r = string_table_lookup(exit_status_table, ELEMENTSOF(exit_status_table), s);
        if (r >= 0)
                return r;
        int v;
        r = safe_atoi(s, &v);
        if (r < 0)
                return r;
        return v >= 0 && v <= 255 ? v : -ERANGE;
}

bool exit_status_set_has_status(const ExitStatusSet *s, int code) {
        return code >= 0 && code < 256 && (s->status[code / 64] & (UINT64_C(1) << (code % 64)));
}

bool exit_status_set_has_signal(const ExitStatusSet *s, int sig) {
        return sig > 0 && sig < 128 && (s->signal[sig / 64] & (UINT64_C(1) << (sig % 64)));
}

bool exit_status_set_is_empty(const ExitStatusSet *s) {
        for (size_t i = 0; i < ELEMENTSOF(s->status); i++)
                if (s->status[i])
                        return false;
        return !s->signal[0] && !s->signal[1];
}

int config_parse_exit_status_set(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ExitStatusSet *set = data;

        if (!*rvalue) {
                *set = (ExitStatusSet) {};
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, 0);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (r == 0)
                        return 0;

                int code = exit_status_from_string(word);
                if (code >= 0) {
                        set->status[code / 64] |= UINT64_C(1) << (code % 64);
                        continue;
                }
                /* A number is an exit code even when out of range, never a signal number. */
                int sig = strchr(DIGITS "+-", word[0]) ? -EINVAL : signal_from_string(word);
                if (sig > 0 && sig < 128) {
                        set->signal[sig / 64] |= UINT64_C(1) << (sig % 64);
                        continue;
                }
                log_config_ignoring(ctx, "Failed to parse value, ignoring: %s", word);
        }
}
