/* cgroup-net.c — parsers of the network side of resource control: IPAddressAllow=/Deny=
 * (prefixes and the symbolic "any", "localhost", "link-local", "multicast"),
 * SocketBindAllow=/Deny=, RestrictNetworkInterfaces= and BPFProgram=. Each assignment is
 * parsed completely before it is applied, so a bad word never leaves half of it in force. */
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include "cgroup-parse.h"
#include "directive-util.h"
#include "parse-util.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"

static void prefix_mask(IPAddressPrefix *p) {
        uint8_t *b = p->family == AF_INET ? (uint8_t *) &p->address.in : (uint8_t *) &p->address.in6;
        size_t bytes = p->family == AF_INET ? 4 : 16;
        for (size_t i = 0; i < bytes; i++) {
                int keep = (int) p->prefixlen - (int) i * 8;
                b[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t) (0xff << (8 - keep));
        }
}

static int parse_prefix(const char *s, IPAddressPrefix *ret) {
        IPAddressPrefix p = {};
        _cleanup_free_ char *addr = NULL;
        const char *slash = strchr(s, '/');
        unsigned len;

        addr = slash ? strndup(s, slash - s) : strdup(s);
        if (!addr)
                return -ENOMEM;
        if (inet_pton(AF_INET, addr, &p.address.in) == 1)
                p.family = AF_INET;
        else if (inet_pton(AF_INET6, addr, &p.address.in6) == 1)
                p.family = AF_INET6;
        else
                return -EINVAL;
        unsigned max = p.family == AF_INET ? 32 : 128;
        if (slash) {
                if (safe_atou(slash + 1, &len) < 0 || len > max)
                        return -EINVAL;
        } else
                len = max;
        p.prefixlen = (unsigned char) len;
        prefix_mask(&p);
        *ret = p;
        return 0;
}

static int prefix_list_add(IPAddressList *l, const IPAddressPrefix *p) {
        for (size_t i = 0; i < l->n; i++)
                if (l->items[i].family == p->family && l->items[i].prefixlen == p->prefixlen &&
                    memcmp(&l->items[i].address, &p->address, sizeof(p->address)) == 0)
                        return 0;
        IPAddressPrefix *items = realloc(l->items, (l->n + 1) * sizeof(*items));
        if (!items)
                return -ENOMEM;
        l->items = items;
        l->items[l->n++] = *p;
        return 0;
}

static int add_symbolic(IPAddressList *l, const char *v4, const char *v6) {
        IPAddressPrefix p;
        if (parse_prefix(v4, &p) < 0 || prefix_list_add(l, &p) < 0)
                return -ENOMEM;
        if (parse_prefix(v6, &p) < 0 || prefix_list_add(l, &p) < 0)
                return -ENOMEM;
        return 0;
}

int config_parse_ip_address_list(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        static const struct {
                const char *name, *v4, *v6;
        } symbolic[] = {
                { "any", "0.0.0.0/0", "::/0" },
                { "localhost", "127.0.0.0/8", "::1/128" },
                { "link-local", "169.254.0.0/16", "fe80::/64" },
                { "multicast", "224.0.0.0/4", "ff00::/8" },
        };
        IPAddressList *list = data, parsed = {};
        int r = 0;

        if (!*rvalue) {
                list->items = mfree(list->items);
                list->n = 0;
                return 0;
        }
        for (const char *p = rvalue; r >= 0;) {
                _cleanup_free_ char *word = NULL;
                IPAddressPrefix prefix;
                r = extract_first_word(&p, &word, NULL, 0);
                if (r <= 0)
                        break;
                size_t i;
                for (i = 0; i < ELEMENTSOF(symbolic); i++)
                        if (streq(word, symbolic[i].name))
                                break;
                if (i < ELEMENTSOF(symbolic))
                        r = add_symbolic(&parsed, symbolic[i].v4, symbolic[i].v6);
                else if ((r = parse_prefix(word, &prefix)) >= 0)
                        r = prefix_list_add(&parsed, &prefix);
                else if (r == -EINVAL)
                        log_config_ignoring(ctx, "Address prefix is invalid, ignoring assignment: %s", word);
        }
        for (size_t i = 0; r >= 0 && i < parsed.n; i++)
                r = prefix_list_add(list, &parsed.items[i]);
        free(parsed.items);
        return r == -ENOMEM ? log_oom() : 0;
}

/* [ipv4:|ipv6:][tcp:|udp:](any|PORT|FIRST-LAST) */
static int parse_socket_bind_rule(const char *s, SocketBindRule *ret) {
        SocketBindRule rule = { .family = AF_UNSPEC };
        const char *rest;

        if ((rest = startswith(s, "ipv4:")))
                rule.family = AF_INET, s = rest;
        else if ((rest = startswith(s, "ipv6:")))
                rule.family = AF_INET6, s = rest;
        if ((rest = startswith(s, "tcp:")))
                rule.protocol = IPPROTO_TCP, s = rest;
        else if ((rest = startswith(s, "udp:")))
                rule.protocol = IPPROTO_UDP, s = rest;

        if (!streq(s, "any")) {
                uint16_t lo, hi;
                const char *dash = strchr(s, '-');
                if (dash) {
                        _cleanup_free_ char *first = strndup(s, dash - s);
                        if (!first)
                                return -ENOMEM;
                        if (parse_ip_port(first, &lo) < 0 || parse_ip_port(dash + 1, &hi) < 0 || lo > hi)
                                return -EINVAL;
                } else if (parse_ip_port(s, &lo) >= 0)
                        hi = lo;
                else
                        return -EINVAL;
                rule.port_min = lo;
                rule.nr_ports = (uint16_t) (hi - lo + 1);
        }
        *ret = rule;
        return 0;
}

int config_parse_socket_bind(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        SocketBindList *l = data;
        SocketBindRule rule;

        if (!*rvalue) {
                l->items = mfree(l->items);
                l->n = 0;
                return 0;
        }
        int r = parse_socket_bind_rule(rvalue, &rule);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                log_config_ignoring(ctx, "Unable to parse %s= assignment, ignoring: %s", ctx->lvalue, rvalue);
                return 0;
        }
        SocketBindRule *items = realloc(l->items, (l->n + 1) * sizeof(*items));
        if (!items)
                return log_oom();
        l->items = items;
        l->items[l->n++] = rule;
        return 0;
}

static bool ifname_is_valid(const char *s) {
        /* Alternative names may be up to 127 bytes; the characters are the kernel's rules. */
        if (isempty(s) || strlen(s) >= 128 || streq(s, ".") || streq(s, ".."))
                return false;
        for (; *s; s++)
                if (*s <= ' ' || *s >= 127 || *s == '/' || *s == ':' || *s == '%')
                        return false;
        return true;
}

/* data: the CGroupContext. The first assignment decides whether the list allows or denies
 * ("~"); later ones with the same polarity add names, with the other polarity remove them. */
int config_parse_network_interfaces(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        CGroupContext *c = data;
        _cleanup_strv_free_ char **names = NULL;

        if (!*rvalue) {
                c->restrict_network_interfaces = strv_free(c->restrict_network_interfaces);
                c->restrict_network_interfaces_is_allow_list = false;
                return 0;
        }
        bool allow = rvalue[0] != '~';
        const char *p = allow ? rvalue : rvalue + 1;
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (r == 0)
                        break;
                if (!ifname_is_valid(word)) {
                        log_config_ignoring(ctx, "Invalid interface name, ignoring: %s", word);
                        return 0;
                }
                if (strv_consume_unique(&names, TAKE_PTR(word)) < 0)
                        return log_oom();
        }
        if (!c->restrict_network_interfaces)
                c->restrict_network_interfaces_is_allow_list = allow;
        STRV_FOREACH(n, names) {
                if (allow == c->restrict_network_interfaces_is_allow_list) {
                        if (strv_extend(&c->restrict_network_interfaces, *n) < 0)
                                return log_oom();
                        strv_uniq(c->restrict_network_interfaces);
                } else
                        strv_remove(c->restrict_network_interfaces, *n);
        }
        return 0;
}

void bpf_program_list_reset(BPFProgramList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        l->items = mfree(l->items);
        l->n = 0;
}

int config_parse_bpf_program(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        BPFProgramList *l = data;
        _cleanup_free_ char *word = NULL, *path = NULL;

        if (!*rvalue) {
                bpf_program_list_reset(l);
                return 0;
        }
        const char *p = rvalue;
        int r = extract_first_word(&p, &word, ":", 0);
        if (r == -ENOMEM)
                return log_oom();
        if (r <= 0 || !p || !*p) {
                log_config_ignoring(ctx, "Invalid syntax in %s=, ignoring: %s", ctx->lvalue, rvalue);
                return 0;
        }
        int type = bpf_attach_type_from_string(word);
        if (type < 0) {
                log_config_ignoring(ctx, "Unknown BPF attach type '%s', ignoring: %s", word, rvalue);
                return 0;
        }
        if (config_expand(ctx, p, &path) < 0 || directive_path_check(ctx, path) < 0)
                return 0;
        BPFProgramRef *items = realloc(l->items, (l->n + 1) * sizeof(*items));
        if (!items)
                return log_oom();
        l->items = items;
        l->items[l->n++] = (BPFProgramRef) { .attach_type = type, .path = TAKE_PTR(path) };
        return 0;
}
