/* fileio.h — bounded reading of files and lines: every reader takes a maximum, so a hostile
 * or broken file (a 10 MB line, a FIFO, /dev/zero) cannot make a daemon allocate without end
 * or hang. */
#pragma once

#include <stdio.h>

#define LONG_LINE_MAX (1U * 1024U * 1024U) /* the line limit systemd's parsers use */
#define READ_FULL_MAX (64U * 1024U * 1024U)

/* Reads one line (without its newline) of at most max bytes into *ret.
 * Returns bytes consumed (0 at EOF), -ENOBUFS when the line is longer than max (the rest of
 * the line is skipped, so the caller may continue), or another negative errno. */
int read_line(FILE *f, size_t max, char **ret);
/* Reads a whole regular file of at most max bytes; *ret_size may be NULL. */
int read_full_file(const char *path, size_t max, char **ret, size_t *ret_size);
int write_string_file(const char *path, const char *s); /* atomically: temp file + rename */
