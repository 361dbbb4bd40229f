/* json.h — writing JSON text: the one string escaper of the diagnostics'
 * JSON output and of diff's JSON report. */
#ifndef IMR_JSON_H
#define IMR_JSON_H

#include <stdio.h>

/* Writes s (UTF-8; NULL as "") as a JSON string with its quotes: `"` and `\`
 * escaped, newlines as \n, other control characters as \u00XX. */
void json_write_str(FILE *out, const char *s);

#endif
