/* manager-reload.c — see manager-reload.h. The subtle part is that a running service points
 * into its configuration (the ExecCommand running now as main or control process): when the
 * configuration is replaced those pointers are moved to the command at the same place in the
 * new lists, or cleared when the new file has fewer commands; when a running unit's file
 * vanished the old configuration stays. */
#include "generator.h"
#include "log.h"
#include "manager-reload.h"
#include "service.h"
#include "string-util.h"

typedef struct Saved {
        Unit *unit;
        UnitConfig *config;        /* the configuration before the reload */
        UnitLoadState load_state;
        /* service: where main and control commands were (list, index), -1 for none */
        int main_list, main_index, control_list, control_index, control_command_id;
} Saved;

static void locate(const UnitConfig *c, const ExecCommand *cmd, int *ret_list, int *ret_index) {
        *ret_list = *ret_index = -1;
        if (!cmd || !c || !c->service)
                return;
        for (int l = 0; l < _SERVICE_EXEC_COMMAND_MAX; l++) {
                int i = 0;
                for (const ExecCommand *x = c->service->exec_command[l]; x; x = x->next, i++)
                        if (x == cmd) {
                                *ret_list = l;
                                *ret_index = i;
                                return;
                        }
        }
}

static ExecCommand *find(const UnitConfig *c, int list, int index) {
        if (list < 0 || !c || !c->service)
                return NULL;
        ExecCommand *x = c->service->exec_command[list];
        for (int i = 0; x && i < index; i++)
                x = x->next;
        return x;
}

static void save(Saved *s, Unit *u) {
        *s = (Saved){ .unit = u, .config = u->config, .load_state = u->load_state, .control_command_id = -1 };
        s->main_list = s->main_index = s->control_list = s->control_index = -1;
        if (u->type == UNIT_SERVICE && u->config) {
                Service *svc = (Service *) u;
                locate(u->config, svc->main_command, &s->main_list, &s->main_index);
                locate(u->config, svc->control_command, &s->control_list, &s->control_index);
                s->control_command_id = svc->control_command_id;
        }
        /* Until loaded again the unit counts as not loaded, so nothing reads a config that is
         * about to be replaced. */
        u->config = NULL;
        u->load_state = UNIT_NOT_FOUND;
}

static void restore(Saved *s) {
        Unit *u = s->unit;
        bool running = !UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(u));
        if (u->load_state != UNIT_LOADED && s->config && (running || u->job)) {
                /* the file is gone but the unit still runs: keep what it was started with */
                unit_config_free(u->config);
                u->config = s->config;
                if (u->type == UNIT_SERVICE)
                        ((Service *) u)->control_command_id = s->control_command_id;
                return;
        }
        if (u->type == UNIT_SERVICE && s->config) {
                Service *svc = (Service *) u;
                UnitConfig *nc = u->load_state == UNIT_LOADED ? u->config : NULL;
                svc->main_command = find(nc, s->main_list, s->main_index);
                svc->control_command = find(nc, s->control_list, s->control_index);
                svc->control_command_id = svc->control_command ? s->control_command_id : -1;
                if (!nc && svc->control_pid > 0)
                        svc->control_command_id = s->control_command_id;
        }
        unit_config_free(s->config);
}

int manager_reload_units(Manager *m) {
        /* systemd reruns the generators on every reload: their input (fstab…) may have changed */
        (void) manager_run_environment_generators(m);
        (void) manager_run_generators(m);
        int r = manager_load_name_map(m);
        if (r < 0)
                return r;
        size_t n = 0, i = 0;
        Unit *u;
        const char *key;
        HASHMAP_FOREACH_KEY(u, key, m->units)
                if (streq(key, u->id))
                        n++;
        Saved *saved = new0(Saved, n + 1);
        if (!saved)
                return -ENOMEM;
        HASHMAP_FOREACH_KEY(u, key, m->units)
                if (streq(key, u->id) && i < n)
                        save(&saved[i++], u);
        n = i;
        /* every relation comes back from the files (and the types' implicit ones) */
        for (i = 0; i < n; i++)
                for (UnitRelation rel = 0; rel < _REL_MAX; rel++)
                        unit_set_done(&saved[i].unit->deps[rel]);
        for (i = 0; i < n; i++) {
                u = saved[i].unit;
                if (u->in_load_queue)
                        continue;
                u->in_load_queue = true;
                u->load_queue_next = m->load_queue;
                m->load_queue = u;
        }
        manager_dispatch_load_queue(m);
        for (i = 0; i < n; i++)
                restore(&saved[i]);
        free(saved);
        log_info("Reloaded %zu units.", n);
        return 0;
}
