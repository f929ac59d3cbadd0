/* condition-eval-internal.h — what the two halves of condition evaluation share: reading files
 * below the root the checks run against, systemd's comparison operators and version order, and
 * the per-type tests. condition-eval.c holds the dispatch and the checks of files, users and
 * configuration; condition-system.c those that probe hardware, firmware and the kernel. Each
 * test returns 1 (holds), 0 (does not hold) or a negative errno (cannot be evaluated). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "condition.h"

/* Files of the running system are read below root, so that tests can fake /proc, /sys, /etc and
 * /run in a temporary directory. Bounded: no file a check reads is legitimately larger. */
#define CONDITION_FILE_MAX (4U * 1024U * 1024U)

char *condition_path(const char *root, const char *path);
int condition_read_file(const char *root, const char *path, char **ret);
/* The first line, without trailing whitespace. */
int condition_read_line(const char *root, const char *path, char **ret);
/* 1 if path exists below root, 0 if not, negative errno when that cannot be told. */
int condition_path_exists(const char *root, const char *path);

/* The comparison operators of KernelVersion=, OSRelease=, Memory=, CPUs= and
 * Firmware=smbios-field(…). */
typedef enum CompareOperator {
        COMPARE_STRING_EQUAL,     /* "=" where strings are compared */
        COMPARE_STRING_UNEQUAL,   /* "!=" where strings are compared */
        COMPARE_FNMATCH_EQUAL,    /* "$=" */
        COMPARE_FNMATCH_UNEQUAL,  /* "!$=" */
        COMPARE_LOWER_OR_EQUAL,
        COMPARE_GREATER_OR_EQUAL,
        COMPARE_LOWER,
        COMPARE_GREATER,
        COMPARE_EQUAL,            /* "==", or "=" where numbers are compared */
        COMPARE_UNEQUAL,          /* "<>", or "!=" where numbers are compared */
        _COMPARE_OPERATOR_INVALID = -EINVAL,
} CompareOperator;

typedef enum CompareFlags {
        COMPARE_ALLOW_FNMATCH = 1 << 0,   /* "$=" and "!$=" are known */
        COMPARE_EQUAL_BY_STRING = 1 << 1, /* "=" and "!=" compare strings, not versions */
} CompareFlags;

/* Consumes the operator at the start of *s. */
CompareOperator compare_operator_parse(const char **s, CompareFlags flags);
/* Whether a three-way result r (<0, 0, >0) satisfies an ordering operator. */
bool compare_test_order(int r, CompareOperator op);
/* Version order of the UAPI version format specification (what systemd uses). */
int version_compare(const char *a, const char *b);
/* a is the actual value, b the expected one (a pattern for the fnmatch operators). */
int version_or_fnmatch_compare(CompareOperator op, const char *a, const char *b);

/* Virtualization as systemd-detect-virt names it: "none", "kvm", "docker", … */
const char *condition_detect_virtualization(const char *root, bool *ret_is_container);
int condition_detect_container(const char *root); /* 1 inside a container, 0 if not */

int condition_test_architecture(const Condition *c, const char *root);
int condition_test_firmware(const Condition *c, const char *root);
int condition_test_virtualization(const Condition *c, const char *root);
int condition_test_security(const Condition *c, const char *root);
int condition_test_ac_power(const Condition *c, const char *root);
int condition_test_cpu_feature(const Condition *c, const char *root);
int condition_test_pressure(const Condition *c, const char *root);
int condition_test_path_is_encrypted(const Condition *c, const char *root);
int condition_test_control_group_controller(const Condition *c, const char *root);
int condition_test_memory(const Condition *c, const char *root);
int condition_test_cpus(const Condition *c, const char *root);
