/* socket-config.c — the directive table of Socket and the life cycle of SocketConfig. */
#include "socket-config.h"
#include "macro.h"

static const ConfigDirective socket_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable socket_config_table = { .name = "Socket", .part = PART_SOCKET, .directives = socket_config_directives + 1, .n_directives = 0 };

SocketConfig *socket_config_new(void) {
        return new0(SocketConfig, 1);
}

SocketConfig *socket_config_free(SocketConfig *c) {
        free(c);
        return NULL;
}
