/* specifier.h — %-specifiers of systemd.unit(5) ("%n", "%i", "%H"…), expanded in unit files
 * for the unit being loaded. Machine facts (%m, %b, %H, %v, %a, %o…) are read lazily and
 * only when a file uses them. */
#pragma once

#include "config-parse.h"

struct SpecifierContext {
        const char *unit_name;     /* %n; prefix, instance and escapes derive from it */
        const char *fragment_path; /* %y, %Y */
        const char *root;          /* --root: machine files (/etc/machine-id…) are read below it */
};

/* Expands every specifier of text; -EBADSLT names an unknown specifier. "%%" is "%", and a
 * lone "%" at the very end stays as written (systemd 252 keeps it). A specifier that cannot be
 * resolved fails the whole expansion: -ENOENT when the unit name, fragment or a machine file
 * it needs is missing, -EINVAL for what does not unescape (%f of "a--b"), -ENOBUFS when the
 * result would pass 4 × LONG_LINE_MAX. */
int specifier_expand(const SpecifierContext *ctx, const char *text, char **ret);

/* For parsers: expands rvalue with ctx->spec (a plain copy when NULL). On failure logs
 * "Failed to resolve specifiers in %s, ignoring: %m" with file and line and returns the
 * error; the parser then ignores the assignment. */
int config_expand(const ConfigContext *ctx, const char *rvalue, char **ret);
