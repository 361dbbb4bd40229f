/* init.h — `imagreport init DIR [--lang en]`: a small, valid, commented report to start from. */
#ifndef IMR_CLI_INIT_H
#define IMR_CLI_INIT_H

/* Writes the starter report into the new (or empty) folder dir; lang "de" or "en".
 * schema_dir: where the JSON Schemas are installed (for the editor line), or NULL.
 * Returns 0, or 3 after printing why on stderr. */
int init_report(const char *dir, const char *lang, const char *schema_dir);

#endif
