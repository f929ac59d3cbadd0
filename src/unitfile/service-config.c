/* service-config.c — the directive table of Service and the life cycle of ServiceConfig. */
#include "service-config.h"
#include "macro.h"

static const ConfigDirective service_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable service_config_table = { .name = "Service", .part = PART_SERVICE, .directives = service_config_directives + 1, .n_directives = 0 };

ServiceConfig *service_config_new(void) {
        return new0(ServiceConfig, 1);
}

ServiceConfig *service_config_free(ServiceConfig *c) {
        free(c);
        return NULL;
}
