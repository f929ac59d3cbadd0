/* timer-config.h — the [Timer] section, as systemd.timer(5) describes it: monotonic triggers
 * (a base and a span each), calendar triggers (kept as written; calendar expressions are
 * parsed by the timer unit), the unit to activate, and accuracy, randomization and
 * persistence. The trigger unit parser is shared with [Path]. */
#pragma once

#include "config-parse.h"
#include "time-util.h"

typedef enum TimerBase {
        TIMER_ACTIVE,         /* OnActiveSec= */
        TIMER_BOOT,           /* OnBootSec= */
        TIMER_STARTUP,        /* OnStartupSec= */
        TIMER_UNIT_ACTIVE,    /* OnUnitActiveSec= */
        TIMER_UNIT_INACTIVE,  /* OnUnitInactiveSec= */
        _TIMER_BASE_MAX,
} TimerBase;

typedef struct TimerMonotonic {
        TimerBase base;
        usec_t usec;
} TimerMonotonic;

typedef struct TimerConfig {
        TimerMonotonic *monotonic;   /* in file order */
        size_t n_monotonic;
        char **on_calendar;
        char *unit;                  /* NULL: the timer's name with .service */
        bool persistent;
        bool wake_system;
        bool remain_after_elapse;
        usec_t accuracy_usec;
        usec_t randomized_delay_usec;
        bool fixed_random_delay;
        bool on_clock_change;
        bool on_timezone_change;
} TimerConfig;

TimerConfig *timer_config_new(void);
TimerConfig *timer_config_free(TimerConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(TimerConfig *, timer_config_free);

const char *timer_base_to_string(TimerBase b); /* "OnActiveSec" */

/* Unit= of [Timer] and [Path]: one unit name (char **), not of the triggering type, whose
 * UnitType is ltype; a second Unit= is refused as systemd refuses it. */
int config_parse_trigger_unit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);

extern const ConfigTable timer_config_table;
