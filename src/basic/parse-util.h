/* parse-util.h — strict number and value parsers: booleans as systemd spells them, integers
 * with overflow checks, byte sizes with K/M/G… suffixes, file modes, percentages. Each
 * returns 0 or a negative errno and leaves *ret untouched on failure. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

int parse_boolean(const char *s); /* 1/yes/y/true/t/on → 1; 0/no/n/false/f/off → 0; else -EINVAL */
int safe_atou(const char *s, unsigned *ret);
int safe_atoi(const char *s, int *ret);
int safe_atou32(const char *s, uint32_t *ret);
int safe_atou64(const char *s, uint64_t *ret);
int safe_atoi64(const char *s, int64_t *ret);
int safe_atolli(const char *s, long long *ret);
/* Sizes: base 1024 ("512K", "1.5G") or base 1000; "infinity" is not accepted here. */
int parse_size(const char *s, uint64_t base, uint64_t *ret);
int parse_mode(const char *s, mode_t *ret);        /* octal, at most 07777 */
int parse_percent(const char *s);                  /* "50%" → 50 */
int parse_permyriad(const char *s);                /* "5.5%" → 550, "5‰", "5‱" */
int parse_nice(const char *s, int *ret);           /* -20…19 */
int parse_ip_port(const char *s, uint16_t *ret);   /* 1…65535 */
int parse_uid(const char *s, uid_t *ret);          /* refuses -1 and 65535 as systemd does */
