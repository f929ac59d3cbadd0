/* path.c — the state machine of path units (systemd.path(5)).
 *
 *   dead ──start──▶ waiting ──condition met / change seen──▶ running ──unit inactive──▶ waiting
 *   any ──stop──▶ dead;  a trigger that cannot be queued, or TriggerLimitBurst= triggers
 *   within TriggerLimitIntervalSec= ──▶ failed
 *
 * While waiting, one inotify fd watches every path: the path itself and each existing parent
 * directory up to the root, since the path (or a directory on the way) may not exist yet and
 * its creation shows up as an event on the deepest existing parent. Every event rebuilds the
 * watches and checks again: PathExists=, PathExistsGlob= and DirectoryNotEmpty= are states,
 * checked at start and after each event; PathChanged= (a write closed, an entry created,
 * deleted or moved) and PathModified= (also any write) are events on the path itself. While
 * the triggered unit runs we do not watch: a state still true when it stops triggers again,
 * as in systemd. MakeDirectory= creates the watched directories with DirectoryMode=.
 * path_set_state() is the single writer of the state. */
#include <dirent.h>
#include <glob.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include "fs-util.h"
#include "log.h"
#include "manager.h"
#include "path-config.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"

typedef enum PathState {
        PATH_DEAD,
        PATH_WAITING,
        PATH_RUNNING,
        PATH_FAILED,
        _PATH_STATE_MAX,
} PathState;

typedef enum PathResult {
        PATH_SUCCESS,
        PATH_FAILURE_RESOURCES,
        PATH_FAILURE_START_LIMIT_HIT,
        PATH_FAILURE_TRIGGER_LIMIT_HIT,
        _PATH_RESULT_MAX,
} PathResult;

/* The watches of one PathSpec: wds[0] is the path itself (or -1), then its parents. */
typedef struct PathWatch {
        int *wds;
        size_t n;
        bool previous_exists; /* PathChanged=/PathModified=: whether the path existed */
} PathWatch;

typedef struct Path {
        Unit meta;
        PathState state;
        PathResult result;
        EventSource *inotify_source; /* owns the inotify fd */
        PathWatch *watches; /* parallel to config->path->specs at the last load */
        size_t n_watches;
        EventSource *reload_source; /* after a daemon-reload: watch the new paths */
        usec_t trigger_limit_begin;
        unsigned trigger_limit_count;
} Path;

static const char *const state_names[_PATH_STATE_MAX] = {
        [PATH_DEAD] = "dead", [PATH_WAITING] = "waiting", [PATH_RUNNING] = "running", [PATH_FAILED] = "failed",
};

static const UnitActiveState state_translation[_PATH_STATE_MAX] = {
        [PATH_DEAD] = UNIT_INACTIVE, [PATH_WAITING] = UNIT_ACTIVE, [PATH_RUNNING] = UNIT_ACTIVE, [PATH_FAILED] = UNIT_FAILED,
};

static const char *const result_names[_PATH_RESULT_MAX] = {
        [PATH_SUCCESS] = "success",
        [PATH_FAILURE_RESOURCES] = "resources",
        [PATH_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
        [PATH_FAILURE_TRIGGER_LIMIT_HIT] = "trigger-limit-hit",
};

static PathConfig *cfg(Path *p) {
        return p->meta.config->path;
}

/* The specs we hold watch state for: after a failed daemon-reload the configuration and our
 * arrays may disagree, and then we watch nothing rather than read past an array. */
static size_t n_specs(Path *p) {
        return p->watches ? MIN(cfg(p)->n_specs, p->n_watches) : 0;
}

static Unit *trigger_unit(Path *p) {
        Unit *other;
        UNIT_SET_FOREACH(other, &p->meta.deps[REL_TRIGGERS])
                return other;
        return NULL;
}

static void unwatch(Path *p) {
        p->inotify_source = event_source_free(p->inotify_source);
        for (size_t i = 0; p->watches && i < p->n_watches; i++) {
                p->watches[i].wds = mfree(p->watches[i].wds);
                p->watches[i].n = 0;
        }
}

static void path_set_state(Path *p, PathState s) {
        PathState old = p->state;
        p->state = s;
        if (s != PATH_WAITING)
                unwatch(p);
        if (old != s)
                log_debug("%s: changed %s -> %s", p->meta.id, state_names[old], state_names[s]);
        unit_notify(&p->meta, state_translation[old], state_translation[s], true);
}

static void path_enter_dead(Path *p, PathResult f) {
        if (p->result == PATH_SUCCESS)
                p->result = f;
        path_set_state(p, p->result != PATH_SUCCESS ? PATH_FAILED : PATH_DEAD);
}

static bool directory_not_empty(const char *path) {
        DIR *d = opendir(path);
        if (!d)
                return false;
        struct dirent *de;
        bool found = false;
        while (!found && (de = readdir(d)))
                found = !streq(de->d_name, ".") && !streq(de->d_name, "..");
        closedir(d);
        return found;
}

static bool glob_matches(const char *pattern) {
        glob_t g = {};
        bool r = glob(pattern, GLOB_NOSORT | GLOB_BRACE, NULL, &g) == 0 && g.gl_pathc > 0;
        globfree(&g);
        return r;
}

/* Whether a spec's condition holds now. The event types (changed, modified) hold only when
 * an event says so, never at start: only the existence flip of the path counts here. */
static bool spec_check_good(Path *p, size_t i, bool initial) {
        const PathSpec *s = &cfg(p)->specs[i];
        switch (s->type) {
        case PATH_EXISTS:
                return access(s->path, F_OK) >= 0;
        case PATH_EXISTS_GLOB:
                return glob_matches(s->path);
        case PATH_DIRECTORY_NOT_EMPTY:
                return directory_not_empty(s->path);
        case PATH_CHANGED:
        case PATH_MODIFIED: {
                bool b = access(s->path, F_OK) >= 0;
                bool good = !initial && b != p->watches[i].previous_exists;
                p->watches[i].previous_exists = b;
                return good;
        }
        default:
                return false;
        }
}

static bool check_good(Path *p, bool initial) {
        bool good = false;
        for (size_t i = 0; i < n_specs(p); i++)
                good = spec_check_good(p, i, initial) || good;
        return good;
}

static uint32_t spec_flags(PathType t) {
        switch (t) {
        case PATH_CHANGED:
                return IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                       IN_MOVED_TO;
        case PATH_MODIFIED:
                return IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                       IN_MOVED_TO | IN_MODIFY;
        default:
                return IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_CREATE | IN_MOVED_TO;
        }
}

static int watch_add(Path *p, PathWatch *w, const char *path, uint32_t flags) {
        int *n = realloc(w->wds, (w->n + 1) * sizeof(int));
        if (!n)
                return -ENOMEM;
        w->wds = n;
        w->wds[w->n++] = inotify_add_watch(event_source_get_io_fd(p->inotify_source), path, flags);
        return 0;
}

/* The path itself, then every parent: a parent sees the creation of the next component. */
static int spec_watch(Path *p, size_t i) {
        const PathSpec *s = &cfg(p)->specs[i];
        PathWatch *w = &p->watches[i];
        _cleanup_free_ char *path = strdup(s->path);
        if (!path)
                return -ENOMEM;
        if (s->type == PATH_EXISTS_GLOB) {
                /* the directory holding the pattern (patterns in directory names are not watched) */
                char *slash = strrchr(path, '/');
                if (slash)
                        *(slash == path ? slash + 1 : slash) = 0;
        }
        int r = watch_add(p, w, path, spec_flags(s->type) | (s->type == PATH_EXISTS_GLOB ? IN_DELETE | IN_MOVED_FROM : 0));
        if (r < 0)
                return r;
        for (char *slash; (slash = strrchr(path, '/')) && path[1];) {
                *(slash == path ? slash + 1 : slash) = 0;
                if ((r = watch_add(p, w, path, IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_CREATE | IN_MOVED_TO)) < 0)
                        return r;
                if (slash == path)
                        break;
        }
        return 0;
}

static int inotify_cb(EventSource *s, int fd, uint32_t revents, void *userdata);

static int path_watch(Path *p) {
        unwatch(p);
        int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = event_add_io(p->meta.manager->event, &p->inotify_source, fd, EPOLLIN, inotify_cb, p);
        if (r < 0) {
                close(fd);
                return r;
        }
        event_source_set_io_fd_own(p->inotify_source, true);
        event_source_set_description(p->inotify_source, "path-inotify");
        for (size_t i = 0; i < n_specs(p); i++)
                if ((r = spec_watch(p, i)) < 0)
                        return r;
        return 0;
}

static bool trigger_limit_hit(Path *p) {
        PathConfig *c = cfg(p);
        if (c->trigger_limit_interval == 0 || c->trigger_limit_burst == 0)
                return false;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (p->trigger_limit_begin == 0 || now - p->trigger_limit_begin > c->trigger_limit_interval) {
                p->trigger_limit_begin = now;
                p->trigger_limit_count = 0;
        }
        return ++p->trigger_limit_count > c->trigger_limit_burst;
}

static void path_enter_running(Path *p) {
        Unit *trigger = trigger_unit(p);
        if (!trigger || (trigger->job && trigger->job->type == JOB_STOP))
                return;
        if (trigger_limit_hit(p)) {
                log_warning("%s: trigger limit hit, refusing further activation.", p->meta.id);
                path_enter_dead(p, PATH_FAILURE_TRIGGER_LIMIT_HIT);
                return;
        }
        _cleanup_free_ char *error = NULL;
        int r = manager_add_job(p->meta.manager, JOB_START, trigger, JOB_REPLACE, false, NULL, &error);
        if (r < 0) {
                log_warning("%s: failed to queue unit startup job: %s", p->meta.id, error ?: strerror(-r));
                path_enter_dead(p, PATH_FAILURE_RESOURCES);
                return;
        }
        path_set_state(p, PATH_RUNNING);
}

static void path_enter_waiting(Path *p, bool initial) {
        Unit *trigger = trigger_unit(p);
        /* while the triggered unit runs, so do we */
        if (trigger && !UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(trigger))) {
                path_set_state(p, PATH_RUNNING);
                return;
        }
        if (check_good(p, initial)) {
                log_debug("%s: got triggered.", p->meta.id);
                path_enter_running(p);
                return;
        }
        int r = path_watch(p);
        if (r < 0) {
                log_error("%s: failed to enter waiting state: %s", p->meta.id, strerror(-r));
                path_enter_dead(p, PATH_FAILURE_RESOURCES);
                return;
        }
        /* what happened between the check and the watches */
        if (check_good(p, false)) {
                path_enter_running(p);
                return;
        }
        path_set_state(p, PATH_WAITING);
}

/* 1: an event on a PathChanged=/PathModified= path itself (or its entry in the parent). */
static bool events_changed(Path *p, const char *buf, ssize_t l) {
        bool changed = false;
        for (const char *q = buf; q < buf + l; q += sizeof(struct inotify_event) + ((const struct inotify_event *) q)->len) {
                const struct inotify_event *e = (const struct inotify_event *) q;
                for (size_t i = 0; i < n_specs(p); i++) {
                        const PathSpec *s = &cfg(p)->specs[i];
                        PathWatch *w = &p->watches[i];
                        if ((s->type != PATH_CHANGED && s->type != PATH_MODIFIED) || w->n < 1)
                                continue;
                        const char *base = strrchr(s->path, '/');
                        if ((w->wds[0] >= 0 && e->wd == w->wds[0] && !(e->mask & IN_IGNORED)) ||
                            (w->n > 1 && e->wd == w->wds[1] && e->len > 0 && base && streq(e->name, base + 1)))
                                changed = true;
                }
        }
        return changed;
}

static int inotify_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        Path *p = userdata;
        (void) s;
        (void) revents;
        char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
        bool changed = false;
        ssize_t l;
        while ((l = read(fd, buf, sizeof buf)) > 0)
                changed = events_changed(p, buf, l) || changed;
        if (p->state != PATH_WAITING)
                return 0;
        if (changed) {
                /* remember the path's existence for the next check */
                (void) check_good(p, true);
                path_enter_running(p);
        } else
                path_enter_waiting(p, false);
        return 0;
}

static int path_start(Unit *u) {
        Path *p = (Path *) u;
        Unit *trigger = trigger_unit(p);
        if (!trigger || trigger->load_state != UNIT_LOADED) {
                log_error("%s: refusing to start, unit %s to trigger not loaded.", u->id, trigger ? trigger->id : "(none)");
                return -ENOENT;
        }
        PathConfig *c = cfg(p);
        if (c->make_directory)
                for (size_t i = 0; i < c->n_specs; i++)
                        if (c->specs[i].type != PATH_EXISTS && c->specs[i].type != PATH_EXISTS_GLOB)
                                (void) mkdir_p(c->specs[i].path, c->directory_mode);
        p->result = PATH_SUCCESS;
        path_enter_waiting(p, true);
        return 0;
}

static int path_stop(Unit *u) {
        path_enter_dead((Path *) u, PATH_SUCCESS);
        return 0;
}

static void path_trigger_notify(Unit *u, Unit *other) {
        Path *p = (Path *) u;
        /* a job of the unit still pending (the start we queued): its end will tell */
        if (other->job)
                return;
        UnitActiveState s = unit_active_state(other);
        /* the unit stopped: watch (and check) again */
        if (p->state == PATH_RUNNING && UNIT_IS_INACTIVE_OR_FAILED(s))
                path_enter_waiting(p, false);
        else if (p->state == PATH_WAITING && !UNIT_IS_INACTIVE_OR_FAILED(s))
                path_set_state(p, PATH_RUNNING);
}

static int reload_cb(EventSource *s, void *userdata) {
        Path *p = userdata;
        (void) s;
        p->reload_source = event_source_free(p->reload_source);
        if (p->state == PATH_WAITING && p->meta.load_state == UNIT_LOADED)
                path_enter_waiting(p, false);
        return 0;
}

static int path_load(Unit *u) {
        Path *p = (Path *) u;
        PathConfig *c = cfg(p);
        int r;
        /* loaded again (daemon-reload): the old watches follow the old paths */
        unwatch(p);
        p->watches = mfree(p->watches);
        p->n_watches = 0;
        if (p->state == PATH_WAITING && !p->reload_source &&
            event_add_defer(u->manager->event, &p->reload_source, reload_cb, p) < 0)
                return -ENOMEM;
        if (c->n_specs == 0) {
                log_error("%s: Path unit lacks path setting. Refusing.", u->id);
                return -ENOEXEC;
        }
        if (!(p->watches = calloc(c->n_specs, sizeof(PathWatch))))
                return -ENOMEM;
        p->n_watches = c->n_specs;
        _cleanup_free_ char *name = NULL;
        if (c->unit)
                name = strdup(c->unit);
        else if ((r = unit_name_change_suffix(u->id, ".service", &name)) < 0)
                return r;
        if (!name)
                return -ENOMEM;
        Unit *other;
        if ((r = manager_get_or_create_unit(u->manager, name, &other)) < 0)
                return r == -EINVAL ? -ENOEXEC : r;
        if ((r = unit_add_dependency(u, REL_BEFORE, other, false)) < 0 || (r = unit_add_dependency(u, REL_TRIGGERS, other, true)) < 0)
                return r;
        if (!u->config->unit->default_dependencies)
                return 0;
        if ((r = unit_add_dependency_by_name(u, REL_BEFORE, "paths.target", true)) < 0 ||
            (r = unit_add_sysinit_dependencies(u)) < 0)
                return r;
        return unit_add_shutdown_dependencies(u);
}

static void path_done(Unit *u) {
        Path *p = (Path *) u;
        unwatch(p);
        p->watches = mfree(p->watches);
        p->reload_source = event_source_free(p->reload_source);
}

static UnitActiveState path_active_state(Unit *u) {
        return state_translation[((Path *) u)->state];
}

static const char *path_sub_state(Unit *u) {
        return state_names[((Path *) u)->state];
}

static const char *path_result(Unit *u) {
        return result_names[((Path *) u)->result];
}

static void path_reset_failed(Unit *u) {
        Path *p = (Path *) u;
        if (p->state == PATH_FAILED)
                path_set_state(p, PATH_DEAD);
        p->result = PATH_SUCCESS;
}

static void path_start_limit_hit(Unit *u) {
        path_enter_dead((Path *) u, PATH_FAILURE_START_LIMIT_HIT);
}

static int path_append_properties(Unit *u, char ***l) {
        Path *p = (Path *) u;
        PathConfig *c = cfg(p);
        Unit *other = trigger_unit(p);
        char *s = NULL, buf[FORMAT_TIMESPAN_MAX];
        if (asprintf(&s, "Unit=%s", other ? other->id : "") < 0 || strv_push(l, s) < 0)
                return -ENOMEM;
        for (size_t i = 0; i < c->n_specs; i++)
                if (asprintf(&s, "Paths=%s (%s)", c->specs[i].path, path_type_to_string(c->specs[i].type)) < 0 ||
                    strv_push(l, s) < 0)
                        return -ENOMEM;
        if (asprintf(&s, "MakeDirectory=%s", c->make_directory ? "yes" : "no") < 0 || strv_push(l, s) < 0 ||
            asprintf(&s, "DirectoryMode=%04o", (unsigned) c->directory_mode) < 0 || strv_push(l, s) < 0 ||
            asprintf(&s, "Result=%s", result_names[p->result]) < 0 || strv_push(l, s) < 0 ||
            asprintf(&s, "TriggerLimitIntervalUSec=%s",
                     c->trigger_limit_interval == USEC_INFINITY ? "infinity" :
                     c->trigger_limit_interval == 0 ? "0" : format_timespan(buf, sizeof buf, c->trigger_limit_interval, 1)) < 0 ||
            strv_push(l, s) < 0 ||
            asprintf(&s, "TriggerLimitBurst=%u", c->trigger_limit_burst) < 0 || strv_push(l, s) < 0)
                return -ENOMEM;
        return 0;
}

static int path_serialize(Unit *u, FILE *f) {
        Path *p = (Path *) u;
        fprintf(f, "state=%s\nresult=%s\n", state_names[p->state], result_names[p->result]);
        return 0;
}

static int path_deserialize_item(Unit *u, const char *key, const char *value) {
        Path *p = (Path *) u;
        if (streq(key, "state")) {
                for (PathState s = 0; s < _PATH_STATE_MAX; s++)
                        if (streq(value, state_names[s]))
                                p->state = s;
        } else if (streq(key, "result"))
                for (PathResult r = 0; r < _PATH_RESULT_MAX; r++)
                        if (streq(value, result_names[r]))
                                p->result = r;
        return 0;
}

/* After a manager restart: a waiting path unit watches (and checks) again. */
static int path_coldplug(Unit *u) {
        Path *p = (Path *) u;
        if (p->state == PATH_WAITING)
                path_enter_waiting(p, true);
        return 0;
}

const UnitVTable path_vtable = {
        .object_size = sizeof(Path),
        .load = path_load,
        .done = path_done,
        .start = path_start,
        .stop = path_stop,
        .active_state = path_active_state,
        .sub_state = path_sub_state,
        .result = path_result,
        .reset_failed = path_reset_failed,
        .start_limit_hit = path_start_limit_hit,
        .append_properties = path_append_properties,
        .serialize = path_serialize,
        .deserialize_item = path_deserialize_item,
        .coldplug = path_coldplug,
        .trigger_notify = path_trigger_notify,
};
