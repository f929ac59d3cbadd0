/* unit-dependency.c — dependency names and the dependency parsers that are not a plain list
 * of unit names. The plain ones go through config_parse_unit_names (config-values.h), which
 * validates each name after specifier expansion. */
#include "config-values.h"
#include "directive-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-dependency.h"

static const char *const unit_dependency_table[_UNIT_DEPENDENCY_MAX] = {
        [UNIT_DEP_REQUIRES] = "Requires",
        [UNIT_DEP_REQUISITE] = "Requisite",
        [UNIT_DEP_WANTS] = "Wants",
        [UNIT_DEP_BINDS_TO] = "BindsTo",
        [UNIT_DEP_PART_OF] = "PartOf",
        [UNIT_DEP_UPHOLDS] = "Upholds",
        [UNIT_DEP_CONFLICTS] = "Conflicts",
        [UNIT_DEP_BEFORE] = "Before",
        [UNIT_DEP_AFTER] = "After",
        [UNIT_DEP_ON_FAILURE] = "OnFailure",
        [UNIT_DEP_ON_SUCCESS] = "OnSuccess",
        [UNIT_DEP_PROPAGATES_RELOAD_TO] = "PropagatesReloadTo",
        [UNIT_DEP_RELOAD_PROPAGATED_FROM] = "ReloadPropagatedFrom",
        [UNIT_DEP_PROPAGATES_STOP_TO] = "PropagatesStopTo",
        [UNIT_DEP_STOP_PROPAGATED_FROM] = "StopPropagatedFrom",
        [UNIT_DEP_JOINS_NAMESPACE_OF] = "JoinsNamespaceOf",
};
DEFINE_STRING_TABLE(unit_dependency, UnitDependency, unit_dependency_table)

int config_parse_unit_deps(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        if (!*rvalue)
                return 0;
        return config_parse_unit_names(ctx, ltype, rvalue, data);
}

int config_parse_obsolete_unit_deps(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        log_config(ctx, LOG_WARNING, 0,
                   "Unit dependency type %s= is obsolete, replacing by %s=, please update your unit file",
                   ctx->lvalue, unit_dependency_to_string(ltype));
        return config_parse_unit_deps(ctx, ltype, rvalue, data);
}

int config_parse_requires_mounts_for(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***paths = data;

        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *resolved = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (r == 0)
                        return 0;
                if (config_expand(ctx, word, &resolved) < 0)
                        continue;
                if (directive_path_check(ctx, resolved) < 0)
                        continue;
                if (strv_consume_unique(paths, TAKE_PTR(resolved)) < 0)
                        return log_oom();
        }
}
