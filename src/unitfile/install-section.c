/* install-section.c — the directive table of [Install] and its parsers. systemd 252 knows
 * five keys here. Each name is checked after specifier expansion, so that a typo is a
 * warning at load time rather than a dangling symlink at enable time; Alias= is refused
 * for the types that cannot have aliases. */
#include "directive-util.h"
#include "install-section.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

enum {
        INSTALL_NAMES_RESET = 1 << 0,  /* an empty value empties the list */
        INSTALL_NAMES_ALIAS = 1 << 1,
};

static bool type_may_alias(UnitType t) {
        /* Devices, slices and scopes are named by what they are (a device path, a position
         * in the tree, a transient name); another name could never refer to them. */
        return t != UNIT_DEVICE && t != UNIT_SLICE && t != UNIT_SCOPE;
}

static int config_parse_install_names(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***names = data;

        if (ltype & INSTALL_NAMES_ALIAS) {
                UnitType t = ctx->unit ? unit_name_to_type(ctx->unit) : _UNIT_TYPE_INVALID;
                if (t >= 0 && !type_may_alias(t)) {
                        log_config_ignoring(ctx, "Aliases are not allowed for %s units, ignoring.",
                                            unit_type_to_string(t));
                        return 0;
                }
        }
        if (!*rvalue) {
                if (ltype & INSTALL_NAMES_RESET)
                        *names = strv_free(*names);
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *resolved = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RETAIN_ESCAPE);
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
                if (!unit_name_is_valid(resolved, UNIT_NAME_ANY)) {
                        log_config_ignoring(ctx, "Invalid unit name in %s=, ignoring: %s", ctx->lvalue, resolved);
                        continue;
                }
                if (strv_consume_unique(names, TAKE_PTR(resolved)) < 0)
                        return log_oom();
        }
}

static int config_parse_default_instance(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **instance = data;
        _cleanup_free_ char *resolved = NULL;

        if (!*rvalue) {
                *instance = mfree(*instance);
                return 0;
        }
        if (config_expand(ctx, rvalue, &resolved) < 0)
                return 0;
        if (!unit_instance_is_valid(resolved)) {
                log_config_ignoring(ctx, "Invalid DefaultInstance= value, ignoring: %s", resolved);
                return 0;
        }
        free(*instance);
        *instance = TAKE_PTR(resolved);
        return 0;
}

/* Sorted by strcmp; a test checks it. Also= only ever adds, like systemd's. */
static const ConfigDirective install_section_directives[] = {
        { "Alias", config_parse_install_names, INSTALL_NAMES_RESET | INSTALL_NAMES_ALIAS, offsetof(InstallSection, aliases) },
        { "Also", config_parse_install_names, 0, offsetof(InstallSection, also) },
        { "DefaultInstance", config_parse_default_instance, 0, offsetof(InstallSection, default_instance) },
        { "RequiredBy", config_parse_install_names, INSTALL_NAMES_RESET, offsetof(InstallSection, required_by) },
        { "WantedBy", config_parse_install_names, INSTALL_NAMES_RESET, offsetof(InstallSection, wanted_by) },
};

const ConfigTable install_section_table = CONFIG_TABLE("Install", PART_INSTALL, install_section_directives);

InstallSection *install_section_new(void) {
        return new0(InstallSection, 1);
}

InstallSection *install_section_free(InstallSection *c) {
        if (!c)
                return NULL;
        strv_free(c->aliases);
        strv_free(c->wanted_by);
        strv_free(c->required_by);
        strv_free(c->also);
        free(c->default_instance);
        free(c);
        return NULL;
}
