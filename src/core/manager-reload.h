/* manager-reload.h — daemon-reload: scan the load path again and reload every unit's files
 * while units keep their runtime state (processes, timestamps, jobs). */
#pragma once

#include "manager.h"

/* Rebuilds the name map, drops every relation and loads every unit again, so relations
 * removed from files disappear. A unit whose file vanished becomes not-found; if it is still
 * running it keeps the configuration it was started with, so it can still be stopped. */
int manager_reload_units(Manager *m);
