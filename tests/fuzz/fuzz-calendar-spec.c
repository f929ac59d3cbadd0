/* fuzz-calendar-spec.c — libFuzzer target for calendar expressions (OnCalendar=): parse,
 * print the normalized form, parse that again (it must be accepted and print the same), and
 * compute a few next elapses from a fixed base. A crash, a hang, a sanitizer finding or a
 * normalized form that does not round-trip is a finding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-spec.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size > 512)
                return 0;
        char *s = strndup((const char *) data, size);
        if (!s)
                return 0;
        log_set_max_level(LOG_CRIT);
        CalendarSpec *c = NULL;
        if (calendar_spec_from_string(s, &c) >= 0) {
                char *n = NULL, *n2 = NULL;
                CalendarSpec *c2 = NULL;
                if (calendar_spec_to_string(c, &n) >= 0) {
                        if (calendar_spec_from_string(n, &c2) < 0 || calendar_spec_to_string(c2, &n2) < 0 || strcmp(n, n2) != 0)
                                abort();
                }
                uint64_t t = 1773578096ULL * 1000000ULL, next;
                for (int i = 0; i < 4 && calendar_spec_next_usec(c, t, &next) >= 0; i++)
                        t = next;
                free(n);
                free(n2);
                calendar_spec_free(c2);
                calendar_spec_free(c);
        }
        free(s);
        return 0;
}
