/* swap.h — swap units (systemd.swap(5)): a swap device or file, switched on with swapon(2)
 * (priority and discard from Priority= and Options=) and off with swapoff(2). Like a mount
 * unit it follows reality: what /proc/swaps lists is active, whoever switched it on. */
#pragma once

#include "event.h"
#include "unit.h"

typedef enum SwapState {
        SWAP_DEAD,
        SWAP_ACTIVATING,   /* the swapon child runs */
        SWAP_ACTIVE,
        SWAP_DEACTIVATING, /* the swapoff child runs */
        SWAP_FAILED,
        _SWAP_STATE_MAX,
} SwapState;

typedef enum SwapResult {
        SWAP_SUCCESS,
        SWAP_FAILURE_RESOURCES,
        SWAP_FAILURE_TIMEOUT,
        SWAP_FAILURE_EXIT_CODE,
        SWAP_FAILURE_SIGNAL,
        SWAP_FAILURE_START_LIMIT_HIT,
        _SWAP_RESULT_MAX,
} SwapResult;

typedef struct Swap {
        Unit meta;
        SwapState state;
        SwapResult result;
        char *what;          /* What=, else the path the unit name stands for */
        bool from_proc;      /* listed in /proc/swaps at the last scan */
        int proc_priority;   /* the priority /proc/swaps shows */
        bool seen;
        pid_t control_pid;
        EventSource *timer;
} Swap;

const char *swap_state_to_string(SwapState s);
const char *swap_result_to_string(SwapResult r);

/* The swapon(2) flags for a priority (-1: none) and an Options= string (pri=, discard[=…]):
 * Priority= wins over pri=. Exported for the tests. */
int swap_flags(int priority, const char *options);

/* Watches /proc/swaps (POLLPRI on every swapon/swapoff) and brings the swap units in line;
 * off with --test. */
int manager_setup_swap_monitor(Manager *m);
void manager_close_swap_monitor(Manager *m);
void swap_process_proc(Manager *m);
