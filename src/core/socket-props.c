/* socket-props.c — a socket unit's properties as `systemctl show` prints them for systemd 252:
 * one "Listen=ADDRESS (Type)" line per Listen*= entry (what status prints as "Listen:"),
 * the counters status prints as "Accepted: N; Connected: N;", the result, the control
 * process, the Exec*= lists with their last runs ("Process:" lines) and the settings scripts
 * read. */
#include <stdarg.h>
#include <stdio.h>

#include "control-verbs.h"
#include "socket-address.h"
#include "socket.h"
#include "string-util.h"
#include "strv.h"
#include "time-util.h"
#include "timestamp-util.h"

_printf_(2, 3) static int add(char ***l, const char *fmt, ...) {
        char *s = NULL;
        va_list ap;
        va_start(ap, fmt);
        int r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return strv_push(l, s);
}

static const char *yes_no(bool b) {
        return b ? "yes" : "no";
}

static const char *span(char *buf, size_t l, usec_t t) {
        if (t == USEC_INFINITY)
                return "infinity";
        return format_timespan(buf, l, t, 1);
}

int socket_append_properties(Unit *u, char ***l) {
        static const char *const exec_names[_SOCKET_EXEC_COMMAND_MAX] = {
                [SOCKET_EXEC_START_PRE] = "ExecStartPre", [SOCKET_EXEC_START_POST] = "ExecStartPost",
                [SOCKET_EXEC_STOP_PRE] = "ExecStopPre",   [SOCKET_EXEC_STOP_POST] = "ExecStopPost",
        };
        static const char *const ipv6_names[] = { "default", "both", "ipv6-only" };
        Socket *s = (Socket *) u;
        SocketConfig *c = u->config->socket;
        char b1[FORMAT_TIMESPAN_MAX];
        int r;
        for (size_t i = 0; i < c->n_ports; i++) {
                _cleanup_free_ char *a = NULL;
                if (socket_port_address_to_string(&c->ports[i], &a) < 0)
                        return -ENOMEM;
                if ((r = add(l, "Listen=%s (%s)", a, socket_port_type_to_string(&c->ports[i]))) < 0)
                        return r;
        }
        _cleanup_free_ char *symlinks = strv_join(c->symlinks, " ");
        if ((r = add(l, "BindIPv6Only=%s", ipv6_names[c->bind_ipv6_only % 3])) < 0 ||
            /* the default asks for the most the kernel allows; systemd prints that as INT_MAX */
            (r = add(l, "Backlog=%u", c->backlog > INT32_MAX ? (unsigned) INT32_MAX : c->backlog)) < 0 ||
            (r = add(l, "TimeoutUSec=%s", span(b1, sizeof b1, c->timeout_usec))) < 0 ||
            (r = add(l, "ControlPID=%d", (int) s->control_pid)) < 0 ||
            (r = add(l, "BindToDevice=%s", strempty(c->bind_to_device))) < 0 ||
            (r = add(l, "SocketUser=%s", strempty(c->socket_user))) < 0 ||
            (r = add(l, "SocketGroup=%s", strempty(c->socket_group))) < 0 ||
            (r = add(l, "SocketMode=%04o", (unsigned) c->socket_mode)) < 0 ||
            (r = add(l, "DirectoryMode=%04o", (unsigned) c->directory_mode)) < 0 ||
            (r = add(l, "Accept=%s", yes_no(c->accept))) < 0 ||
            (r = add(l, "FlushPending=%s", yes_no(c->flush_pending))) < 0 ||
            (r = add(l, "Writable=%s", yes_no(c->writable))) < 0 ||
            (r = add(l, "KeepAlive=%s", yes_no(c->keep_alive))) < 0 ||
            (r = add(l, "NoDelay=%s", yes_no(c->no_delay))) < 0 ||
            (r = add(l, "Priority=%d", c->priority)) < 0 ||
            (r = add(l, "ReceiveBuffer=%llu", (unsigned long long) c->receive_buffer)) < 0 ||
            (r = add(l, "SendBuffer=%llu", (unsigned long long) c->send_buffer)) < 0 ||
            (r = add(l, "IPTOS=%d", c->ip_tos)) < 0 ||
            (r = add(l, "IPTTL=%d", c->ip_ttl)) < 0 ||
            (r = add(l, "Mark=%d", c->mark)) < 0 ||
            (r = add(l, "ReusePort=%s", yes_no(c->reuse_port))) < 0 ||
            (r = add(l, "FreeBind=%s", yes_no(c->free_bind))) < 0 ||
            (r = add(l, "Transparent=%s", yes_no(c->transparent))) < 0 ||
            (r = add(l, "Broadcast=%s", yes_no(c->broadcast))) < 0 ||
            (r = add(l, "PassCredentials=%s", yes_no(c->pass_cred))) < 0 ||
            (r = add(l, "PassSecurity=%s", yes_no(c->pass_sec))) < 0 ||
            (r = add(l, "PassPacketInfo=%s", yes_no(c->pass_pktinfo))) < 0 ||
            (r = add(l, "Timestamping=%s", c->timestamping == SOCKET_TIMESTAMPING_US ? "us" :
                                           c->timestamping == SOCKET_TIMESTAMPING_NS ? "ns" : "off")) < 0 ||
            (r = add(l, "RemoveOnStop=%s", yes_no(c->remove_on_stop))) < 0 ||
            (r = add(l, "Symlinks=%s", strempty(symlinks))) < 0 ||
            (r = add(l, "FileDescriptorName=%s", c->fdname ?: u->id)) < 0 ||
            (r = add(l, "Result=%s", socket_result_to_string(s->result))) < 0 ||
            (r = add(l, "NConnections=%u", s->n_connections)) < 0 ||
            (r = add(l, "NAccepted=%u", s->n_accepted)) < 0 ||
            (r = add(l, "NRefused=%u", s->n_refused)) < 0 ||
            (r = add(l, "MaxConnections=%u", c->max_connections)) < 0 ||
            (r = add(l, "MaxConnectionsPerSource=%u", c->max_connections_per_source)) < 0 ||
            (r = add(l, "TriggerLimitIntervalUSec=%s", span(b1, sizeof b1, c->trigger_limit_interval))) < 0 ||
            (r = add(l, "TriggerLimitBurst=%u", c->trigger_limit_burst)) < 0)
                return r;
        for (int list = 0; list < _SOCKET_EXEC_COMMAND_MAX; list++) {
                _cleanup_free_ char *v = strdup("");
                if (!v)
                        return -ENOMEM;
                int i = 0;
                for (ExecCommand *e = c->exec_command[list]; e; e = e->next, i++) {
                        const ExecStatus *st = s->exec_last[list] == i && s->exec_status[list].pid > 0 ? &s->exec_status[list] : NULL;
                        _cleanup_free_ char *one = property_format_exec_command(e, st);
                        if (!one || !strextend(&v, *v ? " " : "", one))
                                return -ENOMEM;
                }
                if ((r = property_append(l, exec_names[list], v)) < 0)
                        return r;
        }
        return property_append(l, "ControlGroup", u->cgroup_path);
}
