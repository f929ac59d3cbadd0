/* checkpoint-write.c — the manager's state, written so that a new manager can take over
 * (see selfheal.h). A change only enables a deferred event source; the write happens once,
 * after every event of the current loop iteration was handled, so a burst of state changes
 * (a boot, a storm of start requests) costs one write, not one per change. The file is built
 * in memory, sealed with a length and a CRC (checkpoint.h), written to a temporary file,
 * fsync()ed and renamed over the old one: a reader sees the old or the new state, never half
 * of one, and a half-written temporary file is never read. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "control-server.h"
#include "fs-util.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "selfheal.h"
#include "string-util.h"

void checkpoint_put(FILE *f, const char *key, const char *value) {
        fputs(key, f);
        fputc('=', f);
        if (!value || !strpbrk(value, "\n\\")) { /* the common case: nothing to escape */
                fputs(value ?: "", f);
                fputc('\n', f);
                return;
        }
        for (const char *p = value; *p; p++) {
                if (*p == '\n')
                        fputs("\\n", f);
                else if (*p == '\\')
                        fputs("\\\\", f);
                else
                        fputc(*p, f);
        }
        fputc('\n', f);
}

void checkpoint_putf(FILE *f, const char *key, const char *fmt, ...) {
        /* most items are a few numbers: no allocation for those */
        char buf[256];
        _cleanup_free_ char *v = NULL;
        va_list ap;
        va_start(ap, fmt);
        int r = vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        if (r < 0)
                return;
        if ((size_t) r >= sizeof buf) {
                va_start(ap, fmt);
                r = vasprintf(&v, fmt, ap);
                va_end(ap);
                if (r < 0)
                        return;
        }
        checkpoint_put(f, key, v ?: buf);
}

static void put_ts(FILE *f, const char *key, DualTimestamp t) {
        checkpoint_putf(f, key, "%llu %llu", (unsigned long long) t.realtime, (unsigned long long) t.monotonic);
}

static void serialize_unit(Unit *u, FILE *f) {
        checkpoint_put(f, "unit", u->id);
        checkpoint_putf(f, "u-last-state", "%d", (int) u->last_state);
        put_ts(f, "u-state-change", u->state_change);
        put_ts(f, "u-inactive-exit", u->inactive_exit);
        put_ts(f, "u-active-enter", u->active_enter);
        put_ts(f, "u-active-exit", u->active_exit);
        put_ts(f, "u-inactive-enter", u->inactive_enter);
        put_ts(f, "u-condition", u->condition_timestamp);
        put_ts(f, "u-assert", u->assert_timestamp);
        checkpoint_putf(f, "u-results", "%d %d", u->condition_result, u->assert_result);
        checkpoint_putf(f, "u-start-limit", "%llu %u", (unsigned long long) u->start_limit_begin, u->start_limit_count);
        checkpoint_put(f, "u-invocation-id", u->invocation_id);
        if (u->cgroup_path)
                checkpoint_put(f, "u-cgroup", u->cgroup_path);
        if (u->vtable->serialize)
                (void) u->vtable->serialize(u, f);
}

int manager_serialize(Manager *m, FILE *f) {
        SelfHeal *h = &m->selfheal;
        checkpoint_putf(f, "last-job-id", "%u", m->last_job_id);
        put_ts(f, "startup-begin", m->startup_begin);
        put_ts(f, "startup-finish", m->startup_finish);
        checkpoint_putf(f, "init-start", "%llu", (unsigned long long) m->init_link.start_number);
        checkpoint_putf(f, "keepalive", "%llu %u", (unsigned long long) m->init_link.keepalive_usec,
                        m->init_link.keepalive_misses);
        checkpoint_putf(f, "init-events", "%llu", (unsigned long long) m->init_link.event_seq);
        checkpoint_putf(f, "recoveries", "%u %u", h->n_recoveries, h->n_reexecs);
        for (unsigned i = 0; i < h->n_history; i++)
                checkpoint_putf(f, "recovery", "%llu %s", (unsigned long long) h->history[i].realtime, h->history[i].reason);
        /* set-environment's block (manager-env.c): each assignment is short enough for an item */
        STRV_FOREACH(e, m->client_environment)
                checkpoint_put(f, "environment", *e);
        /* units in a stable order would be nicer to diff, but the hash order costs nothing */
        Unit *u;
        const char *key;
        HASHMAP_FOREACH_KEY(u, key, m->units)
                if (streq(key, u->id) && u->load_state == UNIT_LOADED)
                        serialize_unit(u, f);
        Job *j;
        HASHMAP_FOREACH(j, m->jobs)
                checkpoint_putf(f, "job", "%u %s %s %d %d %s", j->id, job_type_to_string(j->type),
                                job_state_to_string(j->state), j->irreversible, j->ignore_order, j->unit->id);
        if (h->control)
                control_server_serialize(h->control, f);
        checkpoint_put(f, "end", "1");
        return ferror(f) ? -ENOMEM : 0;
}

static int write_all(int fd, const char *p, size_t n) {
        while (n > 0) {
                ssize_t k = write(fd, p, n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += k;
                n -= (size_t) k;
        }
        return 0;
}

static int checkpoint_path(Manager *m) {
        SelfHeal *h = &m->selfheal;
        if (h->checkpoint_path)
                return 0;
        _cleanup_free_ char *dir = path_prefix_root(m->options.root, CHECKPOINT_DIR);
        if (!dir)
                return -ENOMEM;
        int r = mkdir_p(dir, 0755);
        if (r < 0)
                return r;
        h->checkpoint_path = path_join(dir, CHECKPOINT_FILE);
        return h->checkpoint_path ? 0 : -ENOMEM;
}

/* Serializes into the buffer kept from the last write (h->buffer): a fresh open_memstream()
 * grew its buffer by doubling, zeroing and copying, on pages faulted in anew every time — with
 * 250 units a third of the manager's CPU during a storm went there (perf). Too small a buffer
 * (the state grew) fails the write; it is doubled and the state serialized again. */
static int serialize_into_buffer(Manager *m, size_t *ret_size) {
        SelfHeal *h = &m->selfheal;
        size_t need = MAX((size_t) 64 * 1024, h->last_size + h->last_size / 4);
        for (;;) {
                if (h->buffer_size < need) {
                        need = (need + 4095) & ~(size_t) 4095;
                        char *b = realloc(h->buffer, need);
                        if (!b)
                                return -ENOMEM;
                        h->buffer = b;
                        h->buffer_size = need;
                }
                FILE *f = fmemopen(h->buffer, h->buffer_size, "w");
                if (!f)
                        return -errno;
                int r = manager_serialize(m, f);
                long pos = fflush(f) == 0 ? ftell(f) : -1;
                bool full = r < 0 || pos < 0 || (size_t) pos >= h->buffer_size;
                fclose(f);
                if (!full) {
                        *ret_size = (size_t) pos;
                        return 0;
                }
                if (h->buffer_size > CHECKPOINT_BODY_MAX)
                        return -EFBIG;
                need = h->buffer_size * 2;
        }
}

int manager_checkpoint_write(Manager *m) {
        SelfHeal *h = &m->selfheal;
        if (h->checkpoint_disabled)
                return 0;
        /* wall time (what the loop waited) and CPU time (what it cost, load aside) */
        usec_t t0 = now_usec(CLOCK_MONOTONIC), c0 = now_usec(CLOCK_THREAD_CPUTIME_ID);
        int r = checkpoint_path(m);
        if (r < 0) {
                h->checkpoint_disabled = true;
                return log_warning_errno(r, "Cannot keep a state checkpoint below %s, recovery will rebuild from the unit files: %m",
                                         CHECKPOINT_DIR);
        }
        size_t body_size = 0;
        if ((r = serialize_into_buffer(m, &body_size)) < 0)
                return log_warning_errno(r, "Failed to serialize the manager state: %m");
        char header[CHECKPOINT_HEADER_MAX];
        int hl = checkpoint_header(h->buffer, body_size, header);
        if (hl < 0)
                return log_warning_errno(hl, "Failed to seal the checkpoint: %m");
        size_t size = (size_t) hl + body_size;
        _cleanup_free_ char *tmp = strjoin(h->checkpoint_path, ".tmp");
        if (!tmp)
                return log_oom();
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return log_warning_errno(-errno, "Failed to write %s: %m", tmp);
        r = write_all(fd, header, (size_t) hl);
        if (r >= 0)
                r = write_all(fd, h->buffer, body_size);
        /* on tmpfs fsync() costs nothing; on a disk it is what makes the rename safe */
        if (r >= 0 && fsync(fd) < 0)
                r = -errno;
        close(fd);
        if (r >= 0 && rename(tmp, h->checkpoint_path) < 0)
                r = -errno;
        if (r < 0) {
                (void) unlink(tmp);
                return log_warning_errno(r, "Failed to write the checkpoint %s: %m", h->checkpoint_path);
        }
        usec_t dt = now_usec(CLOCK_MONOTONIC) - t0;
        h->write_cpu_usec_total += now_usec(CLOCK_THREAD_CPUTIME_ID) - c0;
        h->n_writes++;
        h->write_usec_total += dt;
        if (dt > h->write_usec_max)
                h->write_usec_max = dt;
        h->last_size = size;
        /* the file holds every event handled so far: init may forget them */
        init_link_checkpointed(m);
        return 0;
}

static int checkpoint_cb(EventSource *s, void *userdata) {
        (void) s;
        (void) manager_checkpoint_write(userdata);
        return 0;
}

bool manager_checkpoint_flush(Manager *m) {
        SelfHeal *h = &m->selfheal;
        if (manager_checkpoint_write(m) < 0)
                return false;
        if (h->checkpoint_source)
                (void) event_source_set_enabled(h->checkpoint_source, EVENT_OFF);
        return !h->checkpoint_disabled;
}

void manager_checkpoint_schedule(Manager *m) {
        SelfHeal *h = &m->selfheal;
        if (h->checkpoint_disabled || !m->event)
                return;
        if (!h->checkpoint_source) {
                if (event_add_defer(m->event, &h->checkpoint_source, checkpoint_cb, m) < 0)
                        return;
                event_source_set_description(h->checkpoint_source, "checkpoint");
        }
        (void) event_source_set_enabled(h->checkpoint_source, EVENT_ONESHOT);
}

void selfheal_done(Manager *m) {
        SelfHeal *h = &m->selfheal;
        h->checkpoint_source = event_source_free(h->checkpoint_source);
        manager_adopt_done(m);
        h->checkpoint_path = mfree(h->checkpoint_path);
        h->buffer = mfree(h->buffer);
        h->buffer_size = 0;
}
