/* path-config.c — the directive table of [Path] and the life cycle of PathConfig. The five
 * watch directives append to one list so the order of the file is kept; an empty value of
 * any of them clears the list. */
#include <stddef.h>

#include "directive-util.h"
#include "config-values.h"
#include "path-config.h"
#include "path-util.h"
#include "specifier.h"
#include "timer-config.h"
#include "unit-name.h"

static const char *const path_type_table[_PATH_TYPE_MAX] = {
        [PATH_EXISTS] = "PathExists",
        [PATH_EXISTS_GLOB] = "PathExistsGlob",
        [PATH_DIRECTORY_NOT_EMPTY] = "DirectoryNotEmpty",
        [PATH_CHANGED] = "PathChanged",
        [PATH_MODIFIED] = "PathModified",
};

const char *path_type_to_string(PathType t) {
        return t >= 0 && t < _PATH_TYPE_MAX ? path_type_table[t] : NULL;
}

static void path_specs_reset(PathConfig *p) {
        for (size_t i = 0; i < p->n_specs; i++)
                free(p->specs[i].path);
        p->specs = mfree(p->specs);
        p->n_specs = 0;
}

/* ltype: the PathType. */
static int config_parse_path_spec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        PathConfig *p = data;
        if (!*rvalue) {
                path_specs_reset(p);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        if (!path_is_absolute(k)) {
                log_config_ignoring(ctx, "%s= path is not absolute, ignoring: %s", ctx->lvalue, k);
                return 0;
        }
        if (!path_is_valid(k) || !path_is_normalized(k)) {
                log_config_ignoring(ctx, "%s= path is not valid, ignoring: %s", ctx->lvalue, k);
                return 0;
        }
        PathSpec *s = realloc(p->specs, (p->n_specs + 1) * sizeof(PathSpec));
        if (!s)
                return log_oom();
        p->specs = s;
        s[p->n_specs++] = (PathSpec) { .type = ltype, .path = path_simplify(TAKE_PTR(k)) };
        return 0;
}

#define F(field) offsetof(PathConfig, field)
static const ConfigDirective path_config_directives[] = {
        { "DirectoryMode", config_parse_mode, 0, F(directory_mode) },
        { "DirectoryNotEmpty", config_parse_path_spec, PATH_DIRECTORY_NOT_EMPTY, 0 },
        { "MakeDirectory", config_parse_bool, 0, F(make_directory) },
        { "PathChanged", config_parse_path_spec, PATH_CHANGED, 0 },
        { "PathExists", config_parse_path_spec, PATH_EXISTS, 0 },
        { "PathExistsGlob", config_parse_path_spec, PATH_EXISTS_GLOB, 0 },
        { "PathModified", config_parse_path_spec, PATH_MODIFIED, 0 },
        { "TriggerLimitBurst", config_parse_unsigned, 0, F(trigger_limit_burst) },
        { "TriggerLimitIntervalSec", config_parse_sec, 0, F(trigger_limit_interval) },
        { "Unit", config_parse_trigger_unit, UNIT_PATH, F(unit) },
};
#undef F

const ConfigTable path_config_table = CONFIG_TABLE("Path", PART_PATH, path_config_directives);

PathConfig *path_config_new(void) {
        PathConfig *p = new0(PathConfig, 1);
        if (!p)
                return NULL;
        p->directory_mode = 0755;
        p->trigger_limit_interval = 2 * USEC_PER_SEC;
        p->trigger_limit_burst = 200;
        return p;
}

PathConfig *path_config_free(PathConfig *p) {
        if (!p)
                return NULL;
        path_specs_reset(p);
        free(p->unit);
        free(p);
        return NULL;
}
