/* hyph-eval.c — hyphenation against a list of words with their correct breaks.
 *
 *   hyph-eval LIST [PATTERNS...]   PATTERNS: files (TeX, .pat.txt or libhyphen
 *                                  .dic), "default" for what imagreport loads
 *   hyph-eval --show LIST FILE     every word as FILE's patterns break it ("!": wrong)
 *
 * LIST: one word a line with "-" at its correct breaks ("Jus-tiz-voll-zugs-
 * ein-rich-tun-gen"); "#" starts a comment; a line "[section]" names the
 * words that follow. Per pattern file and section it reports the breaks
 * found, the wrong ones (a break the list does not have), the missed ones
 * and the words with at least one wrong break. Breaks the list has within
 * the first or last two letters are not counted as missed (imagreport never
 * breaks there). Reports figures, asserts nothing (run by `make bench`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/types.h"
#include "layout/hyphen.h"

#define MAX_SECTIONS 8

typedef struct Tally {
    char name[32];
    int words, wrong_words, found, wrong, missed, truth;
} Tally;

/* word: line without hyphens; truth[i] = 1 where a break follows byte i */
static size_t split_line(const char *line, char *word, unsigned char *truth)
{
    size_t n = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '-') {
            if (n > 0)
                truth[n - 1] = 1;
            continue;
        }
        truth[n] = 0;
        word[n++] = *p;
    }
    word[n] = '\0';
    return n;
}

static size_t chars_before(const char *w, size_t end)
{
    size_t c = 0;
    for (size_t i = 0; i <= end; i++)
        c += ((unsigned char)w[i] & 0xC0) != 0x80;
    return c;
}

static void print_marked(const char *w, size_t n, const unsigned char *pts, const unsigned char *truth)
{
    for (size_t i = 0; i < n; i++) {
        putchar(w[i]);
        if (pts[i])
            putchar(truth[i] ? '-' : '!'); /* '!': a wrong break */
    }
}

static int run(const char *list, const Hyphenator *h, const char *label, bool show)
{
    FILE *f = fopen(list, "r");
    if (!f) {
        perror(list);
        return 2;
    }
    Tally t[MAX_SECTIONS + 1] = {0};
    int ns = 0, cur = 0;
    snprintf(t[0].name, sizeof t[0].name, "(all)");
    char line[512], word[512];
    unsigned char truth[512], pts[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n#")] = '\0';
        size_t l = strlen(line);
        while (l > 0 && (line[l - 1] == ' ' || line[l - 1] == '\t'))
            line[--l] = '\0';
        if (l == 0)
            continue;
        if (line[0] == '[') {
            if (ns < MAX_SECTIONS) {
                cur = ++ns;
                snprintf(t[cur].name, sizeof t[cur].name, "%.*s", (int)(l - 2), line + 1);
            }
            continue;
        }
        size_t n = split_line(line, word, truth);
        hyph_points(h, word, n, pts);
        size_t total = chars_before(word, n - 1);
        int wrong = 0, found = 0, missed = 0, tr = 0;
        for (size_t i = 0; i + 1 < n; i++) {
            size_t before = chars_before(word, i);
            bool countable = before >= 2 && total - before >= 2;
            found += pts[i];
            wrong += pts[i] && !truth[i];
            tr += truth[i] && countable;
            missed += truth[i] && countable && !pts[i];
        }
        Tally *ts[2] = {&t[0], &t[cur]};
        for (int k = 0; k < (cur ? 2 : 1); k++) {
            ts[k]->words++;
            ts[k]->wrong_words += wrong > 0;
            ts[k]->found += found;
            ts[k]->wrong += wrong;
            ts[k]->missed += missed;
            ts[k]->truth += tr;
        }
        if (show) {
            printf("%-40s ", line);
            print_marked(word, n, pts, truth);
            putchar('\n');
        }
    }
    fclose(f);
    for (int s = 0; s <= ns; s++) {
        const Tally *x = &t[s];
        if (!x->words)
            continue;
        printf("%-24s %-10s %5d words %6d breaks %5d wrong (%5.2f %%) in %4d words (%5.2f %%), "
               "%5d of %5d missed (%5.2f %%)\n",
               label, x->name, x->words, x->found, x->wrong,
               x->found ? 100.0 * x->wrong / x->found : 0.0, x->wrong_words,
               100.0 * x->wrong_words / x->words, x->missed, x->truth,
               x->truth ? 100.0 * x->missed / x->truth : 0.0);
    }
    return 0;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
    bool show = argc > 1 && strcmp(argv[1], "--show") == 0;
    int first = show ? 2 : 1;
    if (argc < first + 1) {
        fprintf(stderr, "usage: hyph-eval [--show] LIST [PATTERNS|default...]\n");
        return 2;
    }
    const char *list = argv[first];
    int rc = 0;
    for (int i = first + 1; i < argc || i == first + 1; i++) {
        const char *p = i < argc ? argv[i] : "default";
        bool def = strcmp(p, "default") == 0;
        Hyphenator *h = def ? hyph_load(LANG_DE) : hyph_load_file(p, LANG_DE);
        if (!h) {
            printf("%-24s not installed\n", def ? "default" : base_name(p));
            continue;
        }
        rc |= run(list, h, def ? "imagreport" : base_name(p), show);
        hyph_free(h);
    }
    return rc;
}
