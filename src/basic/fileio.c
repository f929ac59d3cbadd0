/* fileio.c — see fileio.h. */
#include <fcntl.h>
#include <sys/stat.h>

#include "fileio.h"
#include "macro.h"
#include "string-util.h"

int read_line(FILE *f, size_t max, char **ret) {
        size_t n = 0, cap = 128, consumed = 0;
        bool too_long = false;
        char *buf = malloc(cap);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                int c = getc_unlocked(f);
                if (c == EOF) {
                        if (ferror(f)) {
                                free(buf);
                                return errno > 0 ? -errno : -EIO;
                        }
                        break;
                }
                consumed++;
                if (c == '\n')
                        break;
                if (too_long)
                        continue;
                if (n >= max) {
                        too_long = true;
                        continue;
                }
                if (n + 1 >= cap) {
                        size_t ncap = cap * 2;
                        char *nb = realloc(buf, ncap);
                        if (!nb) {
                                free(buf);
                                return -ENOMEM;
                        }
                        buf = nb, cap = ncap;
                }
                buf[n++] = (char) c;
        }
        if (too_long) {
                free(buf);
                return -ENOBUFS;
        }
        buf[n] = 0;
        *ret = buf;
        return consumed > 0 ? (int) MIN(consumed, (size_t) 0x7fffffff) : 0;
}

int read_full_file(const char *path, size_t max, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EBADFD; /* FIFOs and devices could block or never end */
        if ((size_t) st.st_size > max)
                return -EFBIG;
        /* Pseudo files (/proc, /sys) say size 0. The first read must get all of a short one:
         * a sysctl file answers only a read at offset 0 and then reports EOF, so growing from
         * a 1-byte buffer read "32768" in /proc/sys/kernel/pid_max as "3" (and made the
         * default TasksMax=15% a pids.max of 0). */
        size_t cap = st.st_size > 0 ? (size_t) st.st_size + 1 : MIN(max, (size_t) 4095) + 1, n = 0;
        if (cap < 2)
                cap = 2;
        char *buf = malloc(cap);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                if (n + 1 >= cap) {
                        if (cap > max) {
                                free(buf);
                                return -EFBIG;
                        }
                        char *nb = realloc(buf, cap *= 2);
                        if (!nb) {
                                free(buf);
                                return -ENOMEM;
                        }
                        buf = nb;
                }
                ssize_t k = read(fd, buf + n, cap - n - 1);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        free(buf);
                        return -errno;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        buf[n] = 0;
        *ret = buf;
        if (ret_size)
                *ret_size = n;
        return 0;
}

int write_string_file(const char *path, const char *s) {
        _cleanup_free_ char *tmp = strjoin(path, ".tmpXXXXXX");
        if (!tmp)
                return -ENOMEM;
        int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return -errno;
        size_t l = strlen(s);
        ssize_t k = write(fd, s, l);
        if (k != (ssize_t) l || fsync(fd) < 0) {
                int r = k < 0 ? -errno : -EIO;
                close(fd);
                unlink(tmp);
                return r;
        }
        close(fd);
        if (rename(tmp, path) < 0) {
                int r = -errno;
                unlink(tmp);
                return r;
        }
        return 0;
}
