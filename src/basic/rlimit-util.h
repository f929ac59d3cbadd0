/* rlimit-util.h — resource limits as systemd.exec(7) writes them: LimitNOFILE=1024:524288,
 * "infinity", sizes with suffixes for byte limits, time spans for LimitCPU/LimitRTTIME. */
#pragma once

#include <sys/resource.h>

const char *rlimit_to_string(int resource);   /* "LimitNOFILE" */
int rlimit_from_string(const char *s);        /* "LimitNOFILE" or "NOFILE" → RLIMIT_NOFILE */
/* Parses "soft[:hard]" for one resource with the unit rules systemd documents. */
int rlimit_parse(int resource, const char *s, struct rlimit *ret);
