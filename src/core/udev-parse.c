/* udev-parse.c — reading udev's two outputs the way libudev readers see them, without linking
 * libudev: database records (the files of /run/udev/data, one "X:value" line per item) and the netlink
 * broadcast (a libudev header, then NUL-separated KEY=VALUE properties). Both systemd-udevd
 * and devmaster write these formats, so the manager follows either. Also the unit names of a
 * device (systemd.device(5): one unit per sysfs path, device node, symlink and alias). */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "macro.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "udev-parse.h"
#include "unit-name.h"

/* The device's tags are the current ones when the source has them, else all it names; the
 * other list is freed. */
static void take_tags(UdevDevice *d, bool use_current, char **tags, char **current) {
        d->tags = use_current ? current : tags;
        strv_free(use_current ? tags : current);
}

void udev_device_clear(UdevDevice *d) {
        if (!d)
                return;
        free(d->action);
        free(d->devpath);
        free(d->devpath_old);
        free(d->subsystem);
        free(d->devname);
        strv_free(d->devlinks);
        strv_free(d->tags);
        strv_free(d->properties);
        *d = (UdevDevice) {};
}

const char *udev_device_get_property(const UdevDevice *d, const char *key) {
        size_t l = strlen(key);
        for (char **p = d->properties; p && *p; p++)
                if (strncmp(*p, key, l) == 0 && (*p)[l] == '=')
                        return *p + l + 1;
        return NULL;
}

bool udev_device_has_tag(const UdevDevice *d, const char *tag) {
        return strv_contains(d->tags, tag);
}

bool udev_device_is_ready(const UdevDevice *d) {
        if (!udev_device_has_tag(d, "systemd"))
                return false;
        /* SYSTEMD_READY= is a boolean in systemd's sense: only a false value hides the device */
        const char *r = udev_device_get_property(d, "SYSTEMD_READY");
        return !(r && (streq(r, "0") || streq(r, "no") || streq(r, "false") || streq(r, "off")));
}

/* ":a:b:" (TAGS=, CURRENT_TAGS=) → {a, b} */
static int split_tags(const char *s, char ***ret) {
        char **l = NULL;
        int r = strv_split_full(&l, s, ":", 0);
        if (r < 0)
                return r;
        strv_free(*ret);
        *ret = l;
        return 0;
}

int udev_db_parse(const char *text, UdevDevice *ret) {
        UdevDevice d = {};
        char **tags = NULL, **current = NULL;
        bool have_current = false;
        int r = 0;
        for (const char *p = text; *p;) {
                const char *eol = strchrnul(p, '\n');
                size_t len = (size_t) (eol - p);
                if (len >= 2 && p[1] == ':') {
                        _cleanup_free_ char *v = strndup(p + 2, len - 2);
                        if (!v) {
                                r = -ENOMEM;
                                goto fail;
                        }
                        switch (p[0]) {
                        case 'S': /* symlinks are stored relative to /dev */
                                r = strv_push(&d.devlinks, strjoin("/dev/", v));
                                break;
                        case 'E':
                                r = strchr(v, '=') ? strv_extend(&d.properties, v) : 0;
                                break;
                        case 'G':
                                r = strv_extend(&tags, v);
                                break;
                        case 'Q':
                                have_current = true;
                                r = strv_extend(&current, v);
                                break;
                        default: /* I: (initialized), L: (link priority), W: (watch), V: (version) */
                                break;
                        }
                        if (r < 0)
                                goto fail;
                }
                p = *eol ? eol + 1 : eol;
        }
        /* old databases have only G:; with Q: a tag set once but since removed is not current */
        take_tags(&d, have_current, tags, current);
        *ret = d;
        return 0;
fail:
        strv_free(tags);
        strv_free(current);
        udev_device_clear(&d);
        return r;
}

int uevent_parse(const void *buf, size_t len, UdevDevice *ret) {
        UdevMonitorHeader h;
        if (len < sizeof(h))
                return -EPROTO;
        memcpy(&h, buf, sizeof(h));
        if (memcmp(h.prefix, "libudev", 8) != 0 || be32toh(h.magic) != UDEV_MONITOR_MAGIC)
                return -EPROTO;
        if (h.header_size < sizeof(h) || h.properties_off < h.header_size || h.properties_off > len ||
            h.properties_len > len - h.properties_off)
                return -EPROTO;
        UdevDevice d = {};
        char **tags = NULL, **current = NULL;
        int r = 0;
        const char *p = (const char *) buf + h.properties_off, *end = p + h.properties_len;
        while (p < end) {
                const char *z = memchr(p, 0, (size_t) (end - p));
                size_t l = z ? (size_t) (z - p) : (size_t) (end - p);
                _cleanup_free_ char *kv = strndup(p, l);
                if (!kv) {
                        r = -ENOMEM;
                        goto fail;
                }
                p += l + 1;
                char *eq = strchr(kv, '=');
                if (!eq)
                        continue;
                const char *v = eq + 1;
                size_t kl = (size_t) (eq - kv);
#define KEY(k) (kl == strlen(k) && strncmp(kv, k, kl) == 0)
                if (KEY("ACTION"))
                        r = strdup_to(&d.action, v);
                else if (KEY("DEVPATH"))
                        r = strdup_to(&d.devpath, v);
                else if (KEY("DEVPATH_OLD"))
                        r = strdup_to(&d.devpath_old, v);
                else if (KEY("SUBSYSTEM"))
                        r = strdup_to(&d.subsystem, v);
                else if (KEY("DEVNAME")) {
                        /* the kernel's DEVNAME= is relative to /dev, udev's is absolute */
                        free(d.devname);
                        d.devname = v[0] == '/' ? strdup(v) : strjoin("/dev/", v);
                        r = d.devname ? 0 : -ENOMEM;
                }
                else if (KEY("DEVLINKS")) {
                        strv_free(d.devlinks);
                        d.devlinks = NULL;
                        r = strv_split_full(&d.devlinks, v, " ", 0);
                } else if (KEY("TAGS"))
                        r = split_tags(v, &tags);
                else if (KEY("CURRENT_TAGS"))
                        r = split_tags(v, &current);
                else if (KEY("SEQNUM"))
                        d.seqnum = strtoull(v, NULL, 10);
#undef KEY
                if (r >= 0)
                        r = strv_extend(&d.properties, kv);
                if (r < 0)
                        goto fail;
        }
        if (!d.action || !d.devpath) {
                r = -EBADMSG;
                goto fail;
        }
        /* CURRENT_TAGS= (systemd ≥ 247) is what counts; older senders only have TAGS= */
        take_tags(&d, current, tags, current);
        *ret = d;
        return 0;
fail:
        strv_free(tags);
        strv_free(current);
        udev_device_clear(&d);
        return r;
}

int uevent_build(const char *const *properties, void **ret, size_t *ret_len) {
        size_t plen = 0;
        for (const char *const *p = properties; p && *p; p++)
                plen += strlen(*p) + 1;
        UdevMonitorHeader h = {
                .prefix = "libudev",
                .magic = htobe32(UDEV_MONITOR_MAGIC),
                .header_size = sizeof(h),
                .properties_off = sizeof(h),
                .properties_len = (uint32_t) plen,
        };
        char *b = malloc(sizeof(h) + plen);
        if (!b)
                return -ENOMEM;
        memcpy(b, &h, sizeof(h));
        char *q = b + sizeof(h);
        for (const char *const *p = properties; p && *p; p++)
                q = stpcpy(q, *p) + 1;
        *ret = b;
        *ret_len = sizeof(h) + plen;
        return 0;
}

int device_unit_name_from_path(const char *path, char **ret) {
        if (!path || path[0] != '/')
                return -EINVAL;
        return unit_name_from_path(path, ".device", ret);
}

static int add_name(char ***l, const char *path) {
        char *n = NULL;
        if (device_unit_name_from_path(path, &n) < 0)
                return 0; /* a path too long for a unit name gets no unit, as in systemd */
        return strv_consume_unique(l, n);
}

int device_unit_names(const UdevDevice *d, char ***ret) {
        char **l = NULL;
        _cleanup_free_ char *sys = strjoin("/sys", d->devpath);
        int r = sys ? add_name(&l, sys) : -ENOMEM;
        if (r >= 0 && d->devname)
                r = add_name(&l, d->devname);
        for (char **s = d->devlinks; r >= 0 && s && *s; s++)
                r = add_name(&l, *s);
        const char *alias = udev_device_get_property(d, "SYSTEMD_ALIAS");
        if (r >= 0 && alias) {
                _cleanup_strv_free_ char **a = NULL;
                r = strv_split_full(&a, alias, WHITESPACE, 0);
                for (char **s = a; r >= 0 && s && *s; s++)
                        r = add_name(&l, *s);
        }
        if (r < 0) {
                strv_free(l);
                return r;
        }
        *ret = l;
        return 0;
}

/* "/sys/devices/x" → "/devices/x" */
static int devpath_of(const char *sysroot, const char *syspath, char **ret) {
        char buf[PATH_MAX];
        if (!realpath(syspath, buf))
                return -errno;
        char rootbuf[PATH_MAX];
        if (!realpath(sysroot, rootbuf))
                return -errno;
        const char *rest = startswith(buf, rootbuf);
        if (!rest || rest[0] != '/')
                return -EINVAL;
        char *s = strdup(rest);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

static int net_devpath(const char *sysroot, const char *ifindex, char **ret) {
        _cleanup_free_ char *dir = strjoin(sysroot, "/class/net");
        if (!dir)
                return -ENOMEM;
        DIR *d = opendir(dir);
        if (!d)
                return -errno;
        int r = -ENODEV;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                _cleanup_free_ char *p = strjoin(dir, "/", de->d_name, "/ifindex"), *s = NULL;
                if (!p) {
                        r = -ENOMEM;
                        break;
                }
                if (read_full_file(p, 64, &s, NULL) < 0)
                        continue;
                if (streq(strstrip(s), ifindex)) {
                        _cleanup_free_ char *link = strjoin(dir, "/", de->d_name);
                        r = link ? devpath_of(sysroot, link, ret) : -ENOMEM;
                        break;
                }
        }
        closedir(d);
        return r;
}

int udev_db_name_to_devpath(const char *sysroot, const char *name, char **ret) {
        _cleanup_free_ char *p = NULL;
        switch (name[0]) {
        case 'b':
        case 'c':
                p = strjoin(sysroot, name[0] == 'b' ? "/dev/block/" : "/dev/char/", name + 1);
                break;
        case 'n':
                return net_devpath(sysroot, name + 1, ret);
        case '+': {
                const char *colon = strchr(name, ':');
                if (!colon || colon == name + 1 || strchr(colon + 1, '/'))
                        return -EINVAL;
                _cleanup_free_ char *subsys = strndup(name + 1, (size_t) (colon - name - 1));
                if (!subsys || !(p = strjoin(sysroot, "/bus/", subsys, "/devices/", colon + 1)))
                        return -ENOMEM;
                if (access(p, F_OK) < 0) {
                        free(p);
                        p = strjoin(sysroot, "/class/", subsys, "/", colon + 1);
                }
                break;
        }
        default:
                return -EINVAL;
        }
        if (!p)
                return -ENOMEM;
        if (strstr(name, ".."))
                return -EINVAL;
        return devpath_of(sysroot, p, ret);
}
