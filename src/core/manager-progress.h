/* manager-progress.h — the console line that says which job the boot is waiting for. */
#pragma once

#include "manager.h"

/* A job was installed: starts the once-a-second progress tick unless it runs already. The tick
 * stops by itself when no job is left, so an idle manager keeps no timer. */
void manager_progress_job_installed(Manager *m);
