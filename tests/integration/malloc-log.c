/* malloc-log.c — an LD_PRELOAD shim for test-init.sh: every allocation made in PID 1 writes
 * "malloc in PID 1" to stderr, so the test can show that sysmaster-init allocates nothing
 * once it has started (its log lines and these land in the same file, in order). */
#include <stddef.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);

void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
void *memalign(size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n);
int posix_memalign(void **ret, size_t align, size_t n);

static void note(void) {
        static const char msg[] = "malloc in PID 1\n";
        if (getpid() == 1)
                (void) !write(STDERR_FILENO, msg, sizeof msg - 1);
}

void *malloc(size_t n) {
        note();
        return __libc_malloc(n);
}

void *calloc(size_t n, size_t size) {
        note();
        return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n) {
        note();
        return __libc_realloc(p, n);
}

void *memalign(size_t align, size_t n) {
        note();
        return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n) {
        note();
        return __libc_memalign(align, n);
}

int posix_memalign(void **ret, size_t align, size_t n) {
        note();
        void *p = __libc_memalign(align, n);
        if (!p)
                return 12; /* ENOMEM */
        *ret = p;
        return 0;
}
