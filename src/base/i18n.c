#include "i18n.h"

#include <locale.h>

void i18n_init(const char *localedir)
{
    setlocale(LC_MESSAGES, "");
    bindtextdomain(IMR_TEXTDOMAIN, localedir);
    bind_textdomain_codeset(IMR_TEXTDOMAIN, "UTF-8");
}
