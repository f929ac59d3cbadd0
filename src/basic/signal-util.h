/* signal-util.h — signal names as systemd accepts them: "SIGTERM", "TERM", "15", "RTMIN+3",
 * "SIGRTMAX-1". */
#pragma once

const char *signal_to_string(int sig);   /* "SIGTERM"; "SIGRTMIN+3" for real-time ones */
int signal_from_string(const char *s);   /* signal number, or -EINVAL */
