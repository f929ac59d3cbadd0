/* timer-config.c — the directive table of Timer and the life cycle of TimerConfig. */
#include "timer-config.h"
#include "macro.h"

static const ConfigDirective timer_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable timer_config_table = { .name = "Timer", .part = PART_TIMER, .directives = timer_config_directives + 1, .n_directives = 0 };

TimerConfig *timer_config_new(void) {
        return new0(TimerConfig, 1);
}

TimerConfig *timer_config_free(TimerConfig *c) {
        free(c);
        return NULL;
}
