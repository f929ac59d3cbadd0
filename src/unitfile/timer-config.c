/* timer-config.c — the directive table of [Timer], the life cycle of TimerConfig and the
 * Unit= parser [Timer] and [Path] share. Every trigger directive appends; an empty value of
 * any of them clears all triggers, monotonic and calendar alike (systemd.timer(5)). */
#include <stddef.h>

#include "calendar-spec.h"
#include "directive-util.h"
#include "config-values.h"
#include "specifier.h"
#include "strv.h"
#include "timer-config.h"
#include "unit-name.h"

static const char *const timer_base_table[_TIMER_BASE_MAX] = {
        [TIMER_ACTIVE] = "OnActiveSec",
        [TIMER_BOOT] = "OnBootSec",
        [TIMER_STARTUP] = "OnStartupSec",
        [TIMER_UNIT_ACTIVE] = "OnUnitActiveSec",
        [TIMER_UNIT_INACTIVE] = "OnUnitInactiveSec",
};

const char *timer_base_to_string(TimerBase b) {
        return b >= 0 && b < _TIMER_BASE_MAX ? timer_base_table[b] : NULL;
}

static void timer_triggers_reset(TimerConfig *t) {
        t->monotonic = mfree(t->monotonic);
        t->n_monotonic = 0;
        t->on_calendar = strv_free(t->on_calendar);
}

/* ltype: the TimerBase. */
static int config_parse_timer_monotonic(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        TimerConfig *t = data;
        if (!*rvalue) {
                timer_triggers_reset(t);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        usec_t u;
        if (parse_sec(k, &u) < 0) {
                log_config_ignoring(ctx, "Failed to parse timer value, ignoring: %s", k);
                return 0;
        }
        TimerMonotonic *m = realloc(t->monotonic, (t->n_monotonic + 1) * sizeof(TimerMonotonic));
        if (!m)
                return log_oom();
        t->monotonic = m;
        m[t->n_monotonic++] = (TimerMonotonic) { .base = ltype, .usec = u };
        return 0;
}

static int config_parse_timer_calendar(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        TimerConfig *t = data;
        (void) ltype;
        if (!*rvalue) {
                timer_triggers_reset(t);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        /* checked here, where the file and line are known; the timer unit parses it again */
        _cleanup_(calendar_spec_freep) CalendarSpec *spec = NULL;
        if (calendar_spec_from_string(k, &spec) < 0) {
                log_config_ignoring(ctx, "Failed to parse calendar specification, ignoring: %s", k);
                return 0;
        }
        return strv_push(&t->on_calendar, TAKE_PTR(k)) < 0 ? log_oom() : 0;
}

int config_parse_trigger_unit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **unit = data;
        if (!*rvalue) {
                *unit = mfree(*unit);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        if (!unit_name_is_valid(k, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE)) {
                log_config_ignoring(ctx, "Invalid unit name, ignoring: %s", k);
                return 0;
        }
        if (unit_name_to_type(k) == (UnitType) ltype) {
                log_config_ignoring(ctx, "Unit cannot be of type %s, ignoring: %s", unit_type_to_string(ltype), k);
                return 0;
        }
        /* A trigger starts exactly one unit; a second name is a mistake, not a list. */
        if (*unit && !streq(*unit, k)) {
                log_config_ignoring(ctx, "Multiple units to trigger specified, ignoring: %s", k);
                return 0;
        }
        free(*unit);
        *unit = TAKE_PTR(k);
        return 0;
}

#define F(field) offsetof(TimerConfig, field)
static const ConfigDirective timer_config_directives[] = {
        { "AccuracySec", config_parse_sec, 0, F(accuracy_usec) },
        { "FixedRandomDelay", config_parse_bool, 0, F(fixed_random_delay) },
        { "OnActiveSec", config_parse_timer_monotonic, TIMER_ACTIVE, 0 },
        { "OnBootSec", config_parse_timer_monotonic, TIMER_BOOT, 0 },
        { "OnCalendar", config_parse_timer_calendar, 0, 0 },
        { "OnClockChange", config_parse_bool, 0, F(on_clock_change) },
        { "OnStartupSec", config_parse_timer_monotonic, TIMER_STARTUP, 0 },
        { "OnTimezoneChange", config_parse_bool, 0, F(on_timezone_change) },
        { "OnUnitActiveSec", config_parse_timer_monotonic, TIMER_UNIT_ACTIVE, 0 },
        { "OnUnitInactiveSec", config_parse_timer_monotonic, TIMER_UNIT_INACTIVE, 0 },
        { "Persistent", config_parse_bool, 0, F(persistent) },
        { "RandomizedDelaySec", config_parse_sec, 0, F(randomized_delay_usec) },
        { "RemainAfterElapse", config_parse_bool, 0, F(remain_after_elapse) },
        { "Unit", config_parse_trigger_unit, UNIT_TIMER, F(unit) },
        { "WakeSystem", config_parse_bool, 0, F(wake_system) },
};
#undef F

const ConfigTable timer_config_table = CONFIG_TABLE("Timer", PART_TIMER, timer_config_directives);

TimerConfig *timer_config_new(void) {
        TimerConfig *t = new0(TimerConfig, 1);
        if (!t)
                return NULL;
        t->remain_after_elapse = true;
        t->accuracy_usec = USEC_PER_MINUTE;
        return t;
}

TimerConfig *timer_config_free(TimerConfig *t) {
        if (!t)
                return NULL;
        timer_triggers_reset(t);
        free(t->unit);
        free(t);
        return NULL;
}
