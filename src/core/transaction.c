/* transaction.c — see transaction.h. A transaction is a small graph: one TxJob per (unit,
 * type) with links from the jobs that pulled it in; a link "matters" when failing to add or
 * keep the pulled job must fail the whole transaction (Requires=), and does not for Wants=.
 * Everything happens on this private graph; installed jobs change only in the last step. */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"
#include "manager.h"
#include "string-util.h"
#include "strv.h"
#include "transaction.h"

typedef struct TxJob TxJob;

typedef struct TxLink {
        TxJob *from;
        bool matters;
        struct TxLink *next;
} TxLink;

struct TxJob {
        Unit *unit;
        JobType type;
        bool anchor;
        bool deleted;
        bool reachable;   /* from the anchor */
        bool matters;     /* reachable from the anchor through mattering links only */
        bool ignore_order;
        int visit;        /* cycle search: 0 new, 1 on the stack, 2 done */
        TxJob *cycle_next;
        TxLink *links;
};

typedef struct Transaction {
        Manager *m;
        TxJob **jobs;
        size_t n, allocated;
        TxJob *anchor;
        bool ignore_order;
} Transaction;

static int tx_error(char **ret_error, int r, const char *fmt, ...) _printf_(3, 4);
static int tx_error(char **ret_error, int r, const char *fmt, ...) {
        if (ret_error && !*ret_error) {
                va_list ap;
                va_start(ap, fmt);
                if (vasprintf(ret_error, fmt, ap) < 0)
                        *ret_error = NULL;
                va_end(ap);
        }
        return r;
}

static void transaction_done(Transaction *tr) {
        for (size_t i = 0; i < tr->n; i++) {
                TxLink *l = tr->jobs[i]->links;
                while (l) {
                        TxLink *n = l->next;
                        free(l);
                        l = n;
                }
                free(tr->jobs[i]);
        }
        free(tr->jobs);
}

static TxJob *find_job(Transaction *tr, Unit *u, JobType type) {
        for (size_t i = 0; i < tr->n; i++)
                if (tr->jobs[i]->unit == u && tr->jobs[i]->type == type && !tr->jobs[i]->deleted)
                        return tr->jobs[i];
        return NULL;
}

static int add_link(TxJob *j, TxJob *from, bool matters) {
        if (!from)
                return 0;
        TxLink *l = new0(TxLink, 1);
        if (!l)
                return -ENOMEM;
        l->from = from;
        l->matters = matters;
        l->next = j->links;
        j->links = l;
        return 0;
}

/* Why a unit cannot get a job of this type, in systemd's words; 0 if it can. */
static int check_unit(Unit *u, JobType type, char **ret_error) {
        bool starting = type != JOB_STOP;
        if (starting) {
                switch (u->load_state) {
                case UNIT_LOADED:
                        break;
                case UNIT_NOT_FOUND:
                        return tx_error(ret_error, -ENOENT, "Unit %s not found.", u->id);
                case UNIT_MASKED:
                        return tx_error(ret_error, -ERFKILL, "Unit %s is masked.", u->id);
                case UNIT_BAD_SETTING:
                        return tx_error(ret_error, -ENOEXEC, "Unit %s has a bad unit file setting.", u->id);
                default:
                        return tx_error(ret_error, -EINVAL,
                                        "Unit %s failed to load properly, please adjust/correct and reload service manager: %s",
                                        u->id, strerror(-u->load_error));
                }
        }
        /* what lives as long as the system (the root mount) cannot be stopped */
        if ((type == JOB_STOP || type == JOB_RESTART || type == JOB_TRY_RESTART) && u->perpetual)
                return tx_error(ret_error, -EBADR, "Job type %s is not applicable for unit %s.", job_type_to_string(type), u->id);
        if ((type == JOB_RELOAD) && !unit_can_reload(u))
                return tx_error(ret_error, -EBADR, "Job type %s is not applicable for unit %s.", job_type_to_string(type), u->id);
        if ((type == JOB_START || type == JOB_RESTART || type == JOB_RELOAD_OR_START) && !unit_can_start(u))
                return tx_error(ret_error, -EBADR, "Job type %s is not applicable for unit %s.", job_type_to_string(type), u->id);
        return 0;
}

static int add_job_and_dependencies(Transaction *tr, JobType type, Unit *u, TxJob *by, bool matters,
                                    bool ignore_requirements, char **ret_error);

static int pull(Transaction *tr, TxJob *by, UnitRelation rel, JobType type, bool matters, char **ret_error) {
        Unit *other;
        UNIT_SET_FOREACH(other, &by->unit->deps[rel]) {
                _cleanup_free_ char *err = NULL;
                int r = add_job_and_dependencies(tr, type, other, by, matters, false, &err);
                if (r >= 0)
                        continue;
                if (r == -ENOMEM)
                        return r;
                if (matters) {
                        if (ret_error && !*ret_error)
                                *ret_error = TAKE_PTR(err);
                        return r;
                }
                /* a Wants= that cannot be satisfied is only noted */
                log_debug("%s: ignoring %s of %s: %s", by->unit->id, unit_relation_to_string(rel), other->id, strna(err));
        }
        return 0;
}

static int add_job_and_dependencies(Transaction *tr, JobType type, Unit *u, TxJob *by, bool matters,
                                    bool ignore_requirements, char **ret_error) {
        int r = check_unit(u, type, ret_error);
        if (r < 0)
                return r;
        /* try-* become plain or nothing, given the unit's state now */
        type = job_type_collapse(type, u);
        TxJob *j = find_job(tr, u, type);
        bool is_new = !j;
        if (is_new) {
                if (tr->n == tr->allocated) {
                        size_t na = tr->allocated ? tr->allocated * 2 : 16;
                        TxJob **nj = realloc(tr->jobs, na * sizeof(TxJob *));
                        if (!nj)
                                return -ENOMEM;
                        tr->jobs = nj;
                        tr->allocated = na;
                }
                if (!(j = new0(TxJob, 1)))
                        return -ENOMEM;
                j->unit = u;
                j->type = type;
                j->ignore_order = tr->ignore_order;
                tr->jobs[tr->n++] = j;
                if (!by) {
                        j->anchor = true;
                        tr->anchor = j;
                }
        }
        if ((r = add_link(j, by, matters)) < 0)
                return r;
        if (!is_new || ignore_requirements || type == JOB_NOP)
                return 0;

        bool starting = type == JOB_START || type == JOB_RESTART || type == JOB_RELOAD_OR_START;
        bool stopping = type == JOB_STOP || type == JOB_RESTART;
        if (starting) {
                if ((r = pull(tr, j, REL_REQUIRES, JOB_START, true, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_BINDS_TO, JOB_START, true, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_REQUISITE, JOB_VERIFY_ACTIVE, true, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_WANTS, JOB_START, false, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_UPHOLDS, JOB_START, false, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_CONFLICTS, JOB_STOP, true, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_CONFLICTED_BY, JOB_STOP, false, ret_error)) < 0)
                        return r;
        }
        if (stopping) {
                JobType prop = type == JOB_STOP ? JOB_STOP : JOB_TRY_RESTART;
                if ((r = pull(tr, j, REL_REQUIRED_BY, prop, true, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_BOUND_BY, prop, true, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_CONSISTS_OF, prop, true, ret_error)) < 0 ||
                    (r = pull(tr, j, REL_PROPAGATES_STOP_TO, prop, true, ret_error)) < 0)
                        return r;
        }
        if (type == JOB_RELOAD || type == JOB_RELOAD_OR_START)
                if ((r = pull(tr, j, REL_PROPAGATES_RELOAD_TO, JOB_TRY_RELOAD, false, ret_error)) < 0)
                        return r;
        return 0;
}

/* Marks what is reachable from the anchor, and what through mattering links only. */
static void mark_reachable(Transaction *tr) {
        for (size_t i = 0; i < tr->n; i++)
                tr->jobs[i]->reachable = tr->jobs[i]->matters = tr->jobs[i]->anchor && !tr->jobs[i]->deleted;
        for (bool changed = true; changed;) {
                changed = false;
                for (size_t i = 0; i < tr->n; i++) {
                        TxJob *j = tr->jobs[i];
                        if (j->deleted)
                                continue;
                        for (TxLink *l = j->links; l; l = l->next) {
                                if (l->from->deleted || !l->from->reachable)
                                        continue;
                                if (!j->reachable)
                                        j->reachable = changed = true;
                                if (l->matters && l->from->matters && !j->matters)
                                        j->matters = changed = true;
                        }
                }
        }
}

/* Jobs pulled in only by deleted jobs go too. */
static void collect_garbage(Transaction *tr) {
        mark_reachable(tr);
        for (size_t i = 0; i < tr->n; i++)
                if (!tr->jobs[i]->reachable)
                        tr->jobs[i]->deleted = true;
}

static TxJob *unit_tx_job(Transaction *tr, Unit *u) {
        for (size_t i = 0; i < tr->n; i++)
                if (tr->jobs[i]->unit == u && !tr->jobs[i]->deleted)
                        return tr->jobs[i];
        return NULL;
}

/* Folds all jobs of each unit into one. Conflicting ones (start and stop of the same unit)
 * are resolved by deleting the side that does not matter to the anchor. */
static int merge_jobs(Transaction *tr, char **ret_error) {
        for (;;) {
                bool again = false;
                mark_reachable(tr);
                for (size_t i = 0; i < tr->n && !again; i++) {
                        TxJob *a = tr->jobs[i];
                        if (a->deleted)
                                continue;
                        for (size_t k = i + 1; k < tr->n && !again; k++) {
                                TxJob *b = tr->jobs[k];
                                if (b->deleted || b->unit != a->unit)
                                        continue;
                                JobType t = job_type_merge(a->type, b->type);
                                if (t >= 0) {
                                        /* merge b into a */
                                        a->type = t;
                                        a->anchor = a->anchor || b->anchor;
                                        if (b->anchor)
                                                tr->anchor = a;
                                        TxLink **tail = &a->links;
                                        while (*tail)
                                                tail = &(*tail)->next;
                                        *tail = b->links;
                                        b->links = NULL;
                                        b->deleted = true;
                                        /* links pointing at b now point at a */
                                        for (size_t x = 0; x < tr->n; x++)
                                                for (TxLink *l = tr->jobs[x]->links; l; l = l->next)
                                                        if (l->from == b)
                                                                l->from = a;
                                        again = true;
                                        continue;
                                }
                                TxJob *drop = !a->matters ? a : !b->matters ? b : NULL;
                                if (!drop)
                                        return tx_error(ret_error, -EEXIST,
                                                        "Transaction contains conflicting jobs '%s' and '%s' for %s. Probably contradicting requirement dependencies configured.",
                                                        job_type_to_string(a->type), job_type_to_string(b->type), a->unit->id);
                                log_debug("Deleting job %s/%s as it conflicts with job %s/%s", drop->unit->id,
                                          job_type_to_string(drop->type), drop->unit->id,
                                          job_type_to_string(drop == a ? b->type : a->type));
                                drop->deleted = true;
                                collect_garbage(tr);
                                again = true;
                        }
                }
                if (!again)
                        return 0;
        }
}

/* Does j's unit wait for k's (both in the transaction) under the ordering rules? */
static bool tx_waits_for(TxJob *j, TxJob *k) {
        if (j->ignore_order || k->ignore_order || j->type == JOB_NOP || k->type == JOB_NOP)
                return false;
        bool j_stop = j->type == JOB_STOP || j->type == JOB_RESTART;
        bool k_stop = k->type == JOB_STOP || k->type == JOB_RESTART;
        if (unit_set_contains(&j->unit->deps[REL_AFTER], k->unit))
                return !j_stop;
        if (unit_set_contains(&j->unit->deps[REL_BEFORE], k->unit))
                return k_stop;
        return false;
}

/* Depth-first search for a cycle; on finding one, returns its entry job and leaves the
 * cycle linked through cycle_next. */
static TxJob *find_cycle(Transaction *tr, TxJob *j) {
        j->visit = 1;
        UnitRelation rels[] = { REL_AFTER, REL_BEFORE };
        for (size_t r = 0; r < ELEMENTSOF(rels); r++) {
                Unit *ou;
                UNIT_SET_FOREACH(ou, &j->unit->deps[rels[r]]) {
                        TxJob *k = unit_tx_job(tr, ou);
                        if (!k || !tx_waits_for(j, k))
                                continue;
                        j->cycle_next = k;
                        if (k->visit == 1)
                                return k;
                        if (k->visit == 0) {
                                TxJob *c = find_cycle(tr, k);
                                if (c)
                                        return c;
                        }
                }
        }
        j->visit = 2;
        return NULL;
}

static int break_cycles(Transaction *tr, char **ret_error) {
        for (unsigned rounds = 0; rounds < 1000; rounds++) {
                TxJob *c = NULL;
                for (size_t i = 0; i < tr->n; i++)
                        tr->jobs[i]->visit = 0;
                for (size_t i = 0; i < tr->n && !c; i++)
                        if (!tr->jobs[i]->deleted && tr->jobs[i]->visit == 0)
                                c = find_cycle(tr, tr->jobs[i]);
                if (!c)
                        return 0;
                mark_reachable(tr);
                log_warning("%s: Found ordering cycle on %s/%s", c->unit->id, c->unit->id, job_type_to_string(c->type));
                TxJob *victim = NULL;
                TxJob *x = c;
                do {
                        TxJob *next = x->cycle_next;
                        log_warning("%s: Found dependency on %s/%s", c->unit->id, next->unit->id, job_type_to_string(next->type));
                        if (!victim && !x->matters && !x->anchor && !x->unit->job)
                                victim = x;
                        x = next;
                } while (x != c);
                if (!victim) {
                        log_error("%s: Unable to break cycle starting with %s/%s", c->unit->id, c->unit->id, job_type_to_string(c->type));
                        return tx_error(ret_error, -ELOOP, "Transaction order is cyclic. See system logs for details.");
                }
                log_error("%s: Job %s/%s deleted to break ordering cycle starting with %s/%s", c->unit->id,
                          victim->unit->id, job_type_to_string(victim->type), c->unit->id, job_type_to_string(c->type));
                victim->deleted = true;
                collect_garbage(tr);
        }
        return tx_error(ret_error, -ELOOP, "Transaction order is cyclic. See system logs for details.");
}

/* Jobs that would change nothing: a start of an active unit, a stop of an inactive one. */
static void drop_redundant(Transaction *tr) {
        for (size_t i = 0; i < tr->n; i++) {
                TxJob *j = tr->jobs[i];
                if (j->deleted || j->anchor || j->unit->job)
                        continue;
                UnitActiveState s = unit_active_state(j->unit);
                if ((j->type == JOB_START && UNIT_IS_ACTIVE_OR_RELOADING(s)) ||
                    (j->type == JOB_VERIFY_ACTIVE && UNIT_IS_ACTIVE_OR_RELOADING(s)) ||
                    (j->type == JOB_STOP && UNIT_IS_INACTIVE_OR_FAILED(s)) || j->type == JOB_NOP)
                        j->deleted = true;
        }
}

static int check_destructive(Transaction *tr, JobMode mode, char **ret_error) {
        for (size_t i = 0; i < tr->n; i++) {
                TxJob *j = tr->jobs[i];
                Job *installed = j->unit->job;
                if (j->deleted || !installed || job_type_is_mergeable(installed->type, j->type))
                        continue;
                if (mode == JOB_FAIL || installed->irreversible)
                        return tx_error(ret_error, -EBUSY,
                                        "Transaction for %s/%s is destructive (%s has '%s' job queued, but '%s' is included in transaction).",
                                        tr->anchor->unit->id, job_type_to_string(tr->anchor->type), j->unit->id,
                                        job_type_to_string(installed->type), job_type_to_string(j->type));
        }
        return 0;
}

static int add_isolate_jobs(Transaction *tr, char **ret_error) {
        Manager *m = tr->m;
        Unit *u;
        const char *key;
        HASHMAP_FOREACH_KEY(u, key, m->units) {
                if (!streq(key, u->id))
                        continue; /* aliases */
                if ((u->config && u->config->unit->ignore_on_isolate) || u->perpetual)
                        continue;
                if (unit_tx_job(tr, u))
                        continue;
                UnitActiveState s = unit_active_state(u);
                if (UNIT_IS_INACTIVE_OR_FAILED(s) && !u->job)
                        continue;
                int r = add_job_and_dependencies(tr, JOB_STOP, u, tr->anchor, false, false, NULL);
                if (r == -ENOMEM)
                        return r;
        }
        (void) ret_error;
        return 0;
}

int transaction_run(Manager *m, JobType type, Unit *anchor, JobMode mode, Job **ret_job, char **ret_error) {
        Transaction tr = { .m = m, .ignore_order = mode == JOB_IGNORE_DEPENDENCIES };
        if (mode == JOB_ISOLATE && !unit_can_isolate(anchor)) {
                return tx_error(ret_error, -EPERM, "Operation refused, unit may not be isolated.");
        }
        bool ignore_req = mode == JOB_IGNORE_DEPENDENCIES || mode == JOB_IGNORE_REQUIREMENTS;
        int r = add_job_and_dependencies(&tr, type, anchor, NULL, true, ignore_req, ret_error);
        if (r < 0)
                goto finish;
        if (mode == JOB_ISOLATE && (r = add_isolate_jobs(&tr, ret_error)) < 0)
                goto finish;
        if ((r = merge_jobs(&tr, ret_error)) < 0)
                goto finish;
        if ((r = break_cycles(&tr, ret_error)) < 0)
                goto finish;
        drop_redundant(&tr);
        collect_garbage(&tr);
        if ((r = check_destructive(&tr, mode, ret_error)) < 0)
                goto finish;

        if (mode == JOB_FLUSH) { /* cancel every queued job the transaction does not touch */
                Job *j;
                bool again = true;
                while (again) {
                        again = false;
                        HASHMAP_FOREACH(j, m->jobs)
                                if (!unit_tx_job(&tr, j->unit)) {
                                        job_finish(j, JOB_CANCELED, false);
                                        again = true;
                                        break;
                                }
                }
        }

        /* Install: nothing above touched the queue, so a failure leaves it as it was. */
        Job *anchor_job = NULL;
        for (size_t i = 0; i < tr.n; i++) {
                TxJob *t = tr.jobs[i];
                if (t->deleted)
                        continue;
                Job *j = job_new(t->unit, t->type);
                if (!j) {
                        r = -ENOMEM;
                        goto finish;
                }
                j->ignore_order = t->ignore_order;
                j->irreversible = mode == JOB_REPLACE_IRREVERSIBLY;
                j = job_install(j);
                if (t->anchor)
                        anchor_job = j;
        }
        if (ret_job)
                *ret_job = anchor_job;
        r = 0;
finish:
        transaction_done(&tr);
        return r;
}
