/* i18n.h — message translation through GNU gettext (text domain "imagreport").
 *
 * Messages are written in English in the source; po/de.po holds the German
 * translations, compiled by make into BUILD/locale/de/LC_MESSAGES/imagreport.mo.
 * _() translates now, N_() only marks a string for xgettext (it is translated
 * where it is used). diag_add() translates its format itself, so diag_error()
 * and diag_warning() take plain English formats. Until i18n_init() has run
 * (unit tests, libraries) every message stays English. */
#ifndef IMR_I18N_H
#define IMR_I18N_H

#include <libintl.h>

#define IMR_TEXTDOMAIN "imagreport"
#define _(s) dgettext(IMR_TEXTDOMAIN, s)
#define N_(s) s

/* n-dependent form: ngettext with the domain. */
#define N_PLURAL(one, many, n) dngettext(IMR_TEXTDOMAIN, one, many, n)

/* Sets LC_MESSAGES from the environment (only that category: numbers and
 * character classes stay "C") and binds the text domain to localedir, with
 * UTF-8 output whatever the terminal's locale. */
void i18n_init(const char *localedir);

#endif
