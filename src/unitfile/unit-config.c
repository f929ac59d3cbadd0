/* unit-config.c — which sections and directive tables each unit type has, and the
 * dispatch of one assignment to its parser. Mirrors the section lists of systemd.unit(5),
 * systemd.service(5) and friends. */
#include "unit-config.h"

typedef struct PartOps {
        void *(*alloc)(void);
        void *(*free)(void *);
} PartOps;

#define OPS(prefix, T) { (void *(*) (void)) prefix##_new, (void *(*) (void *)) prefix##_free }
static const PartOps part_ops[_PART_MAX] = {
        [PART_UNIT] = OPS(unit_section, UnitSection),
        [PART_INSTALL] = OPS(install_section, InstallSection),
        [PART_EXEC] = OPS(exec_context, ExecContext),
        [PART_KILL] = OPS(kill_context, KillContext),
        [PART_CGROUP] = OPS(cgroup_context, CGroupContext),
        [PART_SERVICE] = OPS(service_config, ServiceConfig),
        [PART_SOCKET] = OPS(socket_config, SocketConfig),
        [PART_TIMER] = OPS(timer_config, TimerConfig),
        [PART_PATH] = OPS(path_config, PathConfig),
        [PART_MOUNT] = OPS(mount_config, MountConfig),
        [PART_AUTOMOUNT] = OPS(automount_config, AutomountConfig),
        [PART_SWAP] = OPS(swap_config, SwapConfig),
        [PART_SCOPE] = OPS(scope_config, ScopeConfig),
};

static void **part_slot(UnitConfig *c, ConfigPart part) {
        switch (part) {
        case PART_UNIT: return (void **) &c->unit;
        case PART_INSTALL: return (void **) &c->install;
        case PART_EXEC: return (void **) &c->exec;
        case PART_KILL: return (void **) &c->kill;
        case PART_CGROUP: return (void **) &c->cgroup;
        case PART_SERVICE: return (void **) &c->service;
        case PART_SOCKET: return (void **) &c->socket;
        case PART_TIMER: return (void **) &c->timer;
        case PART_PATH: return (void **) &c->path;
        case PART_MOUNT: return (void **) &c->mount;
        case PART_AUTOMOUNT: return (void **) &c->automount;
        case PART_SWAP: return (void **) &c->swap;
        case PART_SCOPE: return (void **) &c->scope;
        default: return NULL;
        }
}

void *unit_config_part(UnitConfig *c, ConfigPart part) {
        void **slot = part_slot(c, part);
        return slot ? *slot : NULL;
}

/* The parts each type carries beyond [Unit] and [Install]. */
static const ConfigPart type_parts[_UNIT_TYPE_MAX][4] = {
        [UNIT_SERVICE] = { PART_SERVICE, PART_EXEC, PART_KILL, PART_CGROUP },
        [UNIT_SOCKET] = { PART_SOCKET, PART_EXEC, PART_KILL, PART_CGROUP },
        [UNIT_MOUNT] = { PART_MOUNT, PART_EXEC, PART_KILL, PART_CGROUP },
        [UNIT_SWAP] = { PART_SWAP, PART_EXEC, PART_KILL, PART_CGROUP },
        [UNIT_AUTOMOUNT] = { PART_AUTOMOUNT },
        [UNIT_TIMER] = { PART_TIMER },
        [UNIT_PATH] = { PART_PATH },
        [UNIT_SLICE] = { PART_CGROUP },
        [UNIT_SCOPE] = { PART_SCOPE, PART_KILL, PART_CGROUP },
};

static const char *const type_section[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "Service", [UNIT_SOCKET] = "Socket",       [UNIT_MOUNT] = "Mount",
        [UNIT_SWAP] = "Swap",       [UNIT_AUTOMOUNT] = "Automount", [UNIT_TIMER] = "Timer",
        [UNIT_PATH] = "Path",       [UNIT_SLICE] = "Slice",         [UNIT_SCOPE] = "Scope",
};

static const ConfigTable *const unit_tables[] = { &unit_section_table, NULL };
static const ConfigTable *const install_tables[] = { &install_section_table, NULL };
static const ConfigTable *const type_tables[_UNIT_TYPE_MAX][5] = {
        [UNIT_SERVICE] = { &service_config_table, &exec_context_table, &kill_context_table, &cgroup_context_table },
        [UNIT_SOCKET] = { &socket_config_table, &exec_context_table, &kill_context_table, &cgroup_context_table },
        [UNIT_MOUNT] = { &mount_config_table, &exec_context_table, &kill_context_table, &cgroup_context_table },
        [UNIT_SWAP] = { &swap_config_table, &exec_context_table, &kill_context_table, &cgroup_context_table },
        [UNIT_AUTOMOUNT] = { &automount_config_table },
        [UNIT_TIMER] = { &timer_config_table },
        [UNIT_PATH] = { &path_config_table },
        [UNIT_SLICE] = { &cgroup_context_table },
        [UNIT_SCOPE] = { &scope_config_table, &kill_context_table, &cgroup_context_table },
};

UnitConfig *unit_config_free(UnitConfig *c) {
        if (!c)
                return NULL;
        for (ConfigPart p = PART_UNIT; p < _PART_MAX; p++) {
                void **slot = part_slot(c, p);
                if (*slot)
                        part_ops[p].free(*slot);
        }
        free(c);
        return NULL;
}

static int add_part(UnitConfig *c, ConfigPart p) {
        void **slot = part_slot(c, p);
        if (*slot)
                return 0;
        *slot = part_ops[p].alloc();
        return *slot ? 0 : -ENOMEM;
}

UnitConfig *unit_config_new(UnitType type) {
        if (type < 0 || type >= _UNIT_TYPE_MAX)
                return NULL;
        _cleanup_(unit_config_freep) UnitConfig *c = new0(UnitConfig, 1);
        if (!c)
                return NULL;
        c->type = type;
        if (add_part(c, PART_UNIT) < 0 || add_part(c, PART_INSTALL) < 0)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(type_parts[type]) && type_parts[type][i]; i++)
                if (add_part(c, type_parts[type][i]) < 0)
                        return NULL;
        /* systemd.exec(7): services of the system manager get their own session keyring,
         * every other unit type inherits the manager's. */
        if (type == UNIT_SERVICE)
                c->exec->keyring_mode = EXEC_KEYRING_PRIVATE;
        /* systemd.unit(5): mounts, automounts, swaps and devices follow the system's state,
         * not the target being isolated */
        if (type == UNIT_MOUNT || type == UNIT_AUTOMOUNT || type == UNIT_SWAP || type == UNIT_DEVICE)
                c->unit->ignore_on_isolate = true;
        return TAKE_PTR(c);
}

const char *unit_type_section(UnitType type) {
        return type >= 0 && type < _UNIT_TYPE_MAX ? type_section[type] : NULL;
}

const ConfigTable *const *unit_config_tables(UnitType type, const char *section) {
        if (type < 0 || type >= _UNIT_TYPE_MAX)
                return NULL;
        if (streq(section, "Unit"))
                return unit_tables;
        if (streq(section, "Install"))
                return install_tables;
        if (type_section[type] && streq(section, type_section[type]))
                return type_tables[type];
        return NULL;
}

bool unit_config_section_known(UnitType type, const char *section) {
        return unit_config_tables(type, section) != NULL;
}

const ConfigDirective *unit_config_lookup(UnitType type, const char *section, const char *key,
                                          const ConfigTable **ret_table) {
        const ConfigTable *const *tables = unit_config_tables(type, section);
        for (size_t i = 0; tables && tables[i]; i++) {
                const ConfigDirective *d = config_table_lookup(tables[i], key);
                if (d) {
                        if (ret_table)
                                *ret_table = tables[i];
                        return d;
                }
        }
        return NULL;
}

int unit_config_assign(UnitConfig *c, const ConfigContext *ctx, const char *rvalue) {
        const ConfigTable *t;
        const ConfigDirective *d = unit_config_lookup(c->type, ctx->section, ctx->lvalue, &t);
        if (!d) {
                if (!startswith(ctx->lvalue, "X-"))
                        log_syntax(ctx->unit, LOG_WARNING, ctx->filename, ctx->line, 0,
                                   "Unknown key '%s' in section [%s], ignoring.", ctx->lvalue, ctx->section);
                return 0;
        }
        void *data = NULL;
        if (t->part != PART_NONE) {
                void *part = unit_config_part(c, t->part);
                if (!part)
                        return 0; /* cannot happen: the type's tables match its parts */
                data = (uint8_t *) part + d->offset;
        }
        return d->parse(ctx, d->ltype, rvalue, data);
}
