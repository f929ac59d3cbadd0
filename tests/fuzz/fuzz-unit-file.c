/* fuzz-unit-file.c — libFuzzer target for the whole unit-file parser: the first byte picks
 * the unit type (byte % 11 in UnitType order, so the seeds start with a readable letter:
 * 'B' service, 'C' mount, 'D' swap, 'E' socket, 'F' target, 'G' device, 'H' automount,
 * 'I' timer, 'J' path, 'K' slice, 'L' scope), the rest is the file, read through ini_parse_file() (so NUL bytes and
 * missing newlines reach the line reader) and applied with unit_config_assign(), which runs
 * every directive's value parser and specifier expansion. Any crash, leak or undefined
 * behaviour the sanitizers see is a finding; warnings are the expected outcome and are
 * silenced so the fuzzer stays fast. */
#include <stdint.h>
#include <stdio.h>

#include "ini.h"
#include "log.h"
#include "specifier.h"
#include "unit-config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct FuzzState {
        UnitConfig *config;
        const char *unit;
        const SpecifierContext *spec;
} FuzzState;

static bool section_known(const char *section, void *userdata) {
        FuzzState *s = userdata;
        return unit_config_section_known(s->config->type, section);
}

static int on_assignment(const char *filename, unsigned line, const char *section, const char *key,
                         const char *value, void *userdata) {
        FuzzState *s = userdata;
        ConfigContext ctx = {
                .unit = s->unit,
                .filename = filename,
                .line = line,
                .section = section,
                .lvalue = key,
                .spec = s->spec,
                .config = s->config,
        };
        return unit_config_assign(s->config, &ctx, value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        /* Instance names exercise %i and friends; the root keeps %m, %b… from reading the
         * host's files, so runs do not depend on the machine. */
        static const char *const names[_UNIT_TYPE_MAX] = {
                [UNIT_SERVICE] = "fuzz@inst-a\\x2db.service", [UNIT_MOUNT] = "mnt-fuzz.mount",
                [UNIT_SWAP] = "dev-fuzz.swap",                [UNIT_SOCKET] = "fuzz@inst.socket",
                [UNIT_TARGET] = "fuzz.target",                [UNIT_DEVICE] = "dev-fuzz.device",
                [UNIT_AUTOMOUNT] = "mnt-fuzz.automount",      [UNIT_TIMER] = "fuzz@inst.timer",
                [UNIT_PATH] = "fuzz.path",                    [UNIT_SLICE] = "fuzz-a.slice",
                [UNIT_SCOPE] = "fuzz.scope",
        };

        if (size < 2)
                return 0; /* a type byte and at least one byte of file */
        log_set_max_level(LOG_EMERG);

        UnitType type = data[0] % _UNIT_TYPE_MAX;
        _cleanup_(unit_config_freep) UnitConfig *c = unit_config_new(type);
        if (!c)
                return 0;
        SpecifierContext spec = {
                .unit_name = names[type],
                .fragment_path = "/etc/systemd/system/fuzz.unit",
                .root = "/nonexistent-fuzz-root",
        };
        FuzzState s = { .config = c, .unit = names[type], .spec = &spec };
        IniParser p = { .section_known = section_known, .on_assignment = on_assignment, .userdata = &s };

        FILE *f = fmemopen((void *) (data + 1), size - 1, "r");
        if (!f)
                return 0;
        (void) ini_parse_file(&p, "fuzz.unit", f);
        fclose(f);
        return 0;
}
