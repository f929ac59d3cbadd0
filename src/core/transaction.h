/* transaction.h — building and applying a transaction: the anchor job a client asked for,
 * every job its dependencies pull in (Requires= starts, Conflicts= stops, stops propagate to
 * what requires the unit…), merged per unit, checked for ordering cycles (broken by dropping
 * a job that does not matter to the anchor, as systemd does) and for conflicts with jobs
 * already queued, then installed. */
#pragma once

#include "job.h"

/* Returns the installed anchor job (NULL if nothing had to run) or a negative errno with a
 * message in *ret_error (systemd's wording, without the unit-operation prefix). */
int transaction_run(Manager *m, JobType type, Unit *anchor, JobMode mode, Job **ret_job, char **ret_error);
