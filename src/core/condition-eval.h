/* condition-eval.h — evaluating Condition*= and Assert*= (the Condition lists the unit-file
 * engine parsed) against the running system, with systemd 252's semantics: all
 * non-triggering conditions must hold, and if there are triggering ones ("|"), at least one
 * of them; "!" negates one check. */
#pragma once

#include <stdbool.h>

#include "condition.h"

typedef enum ConditionResult {
        CONDITION_FAILED = 0,
        CONDITION_SUCCEEDED = 1,
        CONDITION_ERROR = -1, /* could not be evaluated: counts as failed, logged */
} ConditionResult;

/* Tests one condition (negation applied). root: test paths below it (NULL: /). */
ConditionResult condition_test(const Condition *c, const char *root);
/* Tests a whole list; logs each failing check at debug level as "unit: ConditionX=… failed"
 * (kind is "Condition" or "Assert"). An empty list holds. */
bool condition_list_test(const Condition *first, const char *unit, const char *kind);
