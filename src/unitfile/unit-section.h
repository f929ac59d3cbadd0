/* unit-section.h — the [Unit] section every unit has: description and documentation,
 * dependencies and ordering, conditions and asserts, job and start-rate limits, and the
 * actions taken on failure or success. Typed fields filled by unit_section_table, with the
 * defaults systemd.unit(5) and systemd-system.conf(5) document. */
#pragma once

#include <stdbool.h>

#include "condition.h"
#include "config-parse.h"
#include "time-util.h"
#include "unit-dependency.h"
#include "unit-enums.h"

#define UNIT_DEFAULT_START_LIMIT_INTERVAL (10 * USEC_PER_SEC) /* DefaultStartLimitIntervalSec= */
#define UNIT_DEFAULT_START_LIMIT_BURST 5U                     /* DefaultStartLimitBurst= */

typedef struct UnitSection {
        char *description;
        char **documentation;                  /* validated URIs, no duplicates */
        char **deps[_UNIT_DEPENDENCY_MAX];     /* unit names per dependency kind */
        char **requires_mounts_for;            /* absolute paths */
        Condition *conditions;
        Condition *asserts;

        bool default_dependencies;             /* yes */
        bool stop_when_unneeded;
        bool refuse_manual_start;
        bool refuse_manual_stop;
        bool allow_isolate;
        bool ignore_on_isolate;

        usec_t job_timeout;                    /* infinity; "0" also means infinity */
        usec_t job_running_timeout;            /* infinity; follows JobTimeoutSec= unless set */
        bool job_running_timeout_set;
        EmergencyAction job_timeout_action;
        char *job_timeout_reboot_argument;

        usec_t start_limit_interval;           /* 10s (DefaultStartLimitIntervalSec=); 0 disables */
        unsigned start_limit_burst;            /* 5 (DefaultStartLimitBurst=) */
        EmergencyAction start_limit_action;

        EmergencyAction failure_action;
        EmergencyAction success_action;
        int failure_action_exit_status;        /* 0…255, -1: unset */
        int success_action_exit_status;
        char *reboot_argument;

        JobMode on_failure_job_mode;           /* replace */
        JobMode on_success_job_mode;           /* replace */
        CollectMode collect_mode;              /* inactive */
        char *source_path;
} UnitSection;

UnitSection *unit_section_new(void);
UnitSection *unit_section_free(UnitSection *c);

extern const ConfigTable unit_section_table;

/* usec_t *, unsigned *: the start rate limit; an empty value restores the manager's default.
 * [Service] uses them too, for its deprecated spellings. */
int config_parse_start_limit_interval(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_start_limit_burst(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);

/* Documentation=: whether s is a URI of a kind systemd.unit(5) accepts (http://, https://,
 * file:/, info:, man:). */
bool documentation_url_is_valid(const char *s);
