/* install-section.c — the directive table of Install and the life cycle of InstallSection. */
#include "install-section.h"
#include "macro.h"

static const ConfigDirective install_section_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable install_section_table = { .name = "Install", .part = PART_INSTALL, .directives = install_section_directives + 1, .n_directives = 0 };

InstallSection *install_section_new(void) {
        return new0(InstallSection, 1);
}

InstallSection *install_section_free(InstallSection *c) {
        free(c);
        return NULL;
}
