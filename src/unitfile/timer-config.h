/* timer-config.h — the [Timer] section: monotonic and calendar triggers, accuracy, persistence.
 * Typed fields filled by the directive table timer_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct TimerConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} TimerConfig;

TimerConfig *timer_config_new(void);
TimerConfig *timer_config_free(TimerConfig *c);

extern const ConfigTable timer_config_table;
