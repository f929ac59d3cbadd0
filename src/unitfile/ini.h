/* ini.h — systemd's configuration syntax, independent of what the keys mean: sections,
 * `#`/`;` comments, `\` line continuation, whitespace trimming, a UTF-8 byte order mark, the
 * 1 MiB line limit. Each assignment is handed to a callback with its file and line; the
 * callback decides what the key means. Messages are exactly systemd's wording. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

/* Called for each section header the caller accepts. Return <0 to abort parsing. */
typedef int (*IniSectionFunc)(const char *filename, unsigned line, const char *section, void *userdata);
/* Called for each "key=value" inside an accepted section; key and value are trimmed.
 * Return <0 to abort parsing (the error is returned by ini_parse_*). */
typedef int (*IniAssignmentFunc)(const char *filename, unsigned line, const char *section,
                                 const char *key, const char *value, void *userdata);
/* Tells whether a section name is known; unknown ones are skipped with a warning unless
 * they start with "X-". NULL accepts every section. */
typedef bool (*IniSectionKnownFunc)(const char *section, void *userdata);

typedef struct IniParser {
        IniSectionKnownFunc section_known;
        IniSectionFunc on_section;       /* may be NULL */
        IniAssignmentFunc on_assignment;
        void *userdata;
        bool relaxed;                    /* no warnings for unknown sections or stray lines */
} IniParser;

/* Returns 0 on success (warnings may have been logged), or a negative errno when the file
 * cannot be used: -EBADMSG for an invalid section header, -ENOBUFS for a line past 1 MiB,
 * or the callback's error. */
int ini_parse_file(const IniParser *p, const char *filename, FILE *f);
int ini_parse_path(const IniParser *p, const char *path);
int ini_parse_string(const IniParser *p, const char *filename, const char *text);
