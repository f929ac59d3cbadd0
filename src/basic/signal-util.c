/* signal-util.c — see signal-util.h. Only the names systemd 252 accepts are known here: the
 * classic Linux signals, with or without "SIG", and real-time signals relative to SIGRTMIN or
 * SIGRTMAX. Aliases such as SIGIOT or SIGCLD are refused as systemd refuses them, so a unit
 * file is not valid here and invalid there. Real-time bounds are read from the C library at
 * run time, because glibc reserves some of the kernel's lowest real-time signals. */
#include <signal.h>

#include "macro.h"
#include "parse-util.h"
#include "signal-util.h"

static const char *const signal_names[] = {
        [SIGHUP] = "SIGHUP",       [SIGINT] = "SIGINT",       [SIGQUIT] = "SIGQUIT",
        [SIGILL] = "SIGILL",       [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
        [SIGBUS] = "SIGBUS",       [SIGFPE] = "SIGFPE",       [SIGKILL] = "SIGKILL",
        [SIGUSR1] = "SIGUSR1",     [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE",     [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
#ifdef SIGSTKFLT
        [SIGSTKFLT] = "SIGSTKFLT",
#endif
        [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",     [SIGSTOP] = "SIGSTOP",
        [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",     [SIGTTOU] = "SIGTTOU",
        [SIGURG] = "SIGURG",       [SIGXCPU] = "SIGXCPU",     [SIGXFSZ] = "SIGXFSZ",
        [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",     [SIGWINCH] = "SIGWINCH",
        [SIGIO] = "SIGIO",         [SIGPWR] = "SIGPWR",       [SIGSYS] = "SIGSYS",
};

/* Constant strings for the real-time signals, so that signal_to_string() needs no buffer. The
 * kernel has 33 real-time signals at most; the C library keeps a few for itself. */
#define RT(n) "SIGRTMIN+" #n
static const char *const rt_names[] = {
        RT(0),  RT(1),  RT(2),  RT(3),  RT(4),  RT(5),  RT(6),  RT(7),  RT(8),  RT(9),  RT(10),
        RT(11), RT(12), RT(13), RT(14), RT(15), RT(16), RT(17), RT(18), RT(19), RT(20), RT(21),
        RT(22), RT(23), RT(24), RT(25), RT(26), RT(27), RT(28), RT(29), RT(30), RT(31), RT(32),
};
#undef RT

const char *signal_to_string(int sig) {
        if (sig > 0 && (size_t) sig < ELEMENTSOF(signal_names) && signal_names[sig])
                return signal_names[sig];
        if (sig >= SIGRTMIN && sig <= SIGRTMAX && (size_t) (sig - SIGRTMIN) < ELEMENTSOF(rt_names))
                return rt_names[sig - SIGRTMIN];
        return NULL;
}

/* "+3" after RTMIN or "-1" after RTMAX: a number that must start with a digit, so that
 * "RTMIN+ 3" and "RTMIN+-1" are refused. */
static int parse_rt_offset(const char *s, int *ret) {
        if (!(*s >= '0' && *s <= '9'))
                return -EINVAL;
        return safe_atoi(s, ret);
}

int signal_from_string(const char *s) {
        const char *p, *name;
        int n;

        if (isempty(s))
                return -EINVAL;
        name = startswith(s, "SIG") ?: s;

        for (size_t i = 1; i < ELEMENTSOF(signal_names); i++)
                if (signal_names[i] && streq(signal_names[i] + 3, name))
                        return (int) i;

        if ((p = startswith(name, "RTMIN"))) {
                if (!*p)
                        return SIGRTMIN;
                if (*p != '+' || parse_rt_offset(p + 1, &n) < 0 || n > SIGRTMAX - SIGRTMIN)
                        return -EINVAL;
                return SIGRTMIN + n;
        }
        if ((p = startswith(name, "RTMAX"))) {
                if (!*p)
                        return SIGRTMAX;
                if (*p != '-' || parse_rt_offset(p + 1, &n) < 0 || n > SIGRTMAX - SIGRTMIN)
                        return -EINVAL;
                return SIGRTMAX - n;
        }

        /* A bare number, but not "SIG15": the prefix promises a name. */
        if (name == s && safe_atoi(s, &n) >= 0 && n > 0 && n <= SIGRTMAX)
                return n;
        return -EINVAL;
}
