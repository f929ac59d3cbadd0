/* exec-identity.h — who a unit's process runs as: User=, Group=, SupplementaryGroups= and
 * DynamicUser=, resolved in the forked child (NSS may block, so never in the manager's loop)
 * with systemd's rules: "root"/"0" and "nobody" need no user database, a numeric id must
 * still exist in it, a failure is EXIT_USER (217) or EXIT_GROUP (216). Switching happens in
 * two steps so the capability code can run in between (see exec-caps.h): groups first, user
 * last. Dynamic users come from systemd's range 61184–65519 and are recorded as systemd
 * records them, in /run/systemd/dynamic-uid/: a file named by the id holding the name, and
 * "direct:ID" → name, "direct:NAME" → id symlinks, so other tools reading systemd's records
 * see ours; the same name gets the same id while the unit runs, and stopping releases it. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "exec-context.h"

#define DYNAMIC_UID_MIN ((uid_t) 61184)
#define DYNAMIC_UID_MAX ((uid_t) 65519)
#define DYNAMIC_UID_DIR "/run/systemd/dynamic-uid"

typedef struct ExecIdentity {
        bool change_user;   /* User= or DynamicUser=: setresuid() */
        bool change_group;  /* Group=, or the user's primary group */
        bool set_groups;    /* the supplementary group list is to be set */
        uid_t uid;
        gid_t gid;
        gid_t *groups;
        size_t n_groups;
        char *user_name;    /* for $USER/$LOGNAME; NULL without User= */
        char *home;         /* NULL when "/" or unknown, as systemd cleans it */
        char *shell;        /* NULL when a nologin shell */
} ExecIdentity;

void exec_identity_done(ExecIdentity *id);

/* Resolves the context's identity. Returns 0, or a negative errno with *ret_exit set to the
 * exit code to fail with. unit_id names the dynamic user when User= is absent. */
int exec_identity_resolve(const ExecContext *ctx, const char *unit_id, ExecIdentity *ret, int *ret_exit);

/* setgroups() and setresgid(). */
int exec_identity_apply_groups(const ExecIdentity *id);
/* setresuid(). */
int exec_identity_apply_user(const ExecIdentity *id);

/* The name a dynamic user gets: User=, or the unit's prefix ("foo" for foo@bar.service), or
 * "_du" and a hash when the prefix is no valid user name. */
int exec_dynamic_user_name(const ExecContext *ctx, const char *unit_id, char **ret);
bool exec_user_name_is_valid(const char *name);
/* Allocates (or finds the existing) id of name under dir (DYNAMIC_UID_DIR in production).
 * Child only: it consults NSS to skip ids the system already uses. */
int exec_dynamic_user_acquire(const char *dir, const char *name, uid_t *ret);
/* Drops the records of name under dir. Manager side: plain file operations, no NSS. */
void exec_dynamic_user_release(const char *dir, const char *name);
