/* gen-measures.c — writes a complete, valid report folder for tests and benchmarks.
 *
 *   gen-measures N OUTDIR          a report with N measures in 6 fields of action
 *   gen-measures --prose P OUTDIR  a report with one Markdown chapter of about P pages
 *
 * The text is realistic German assembled from phrase lists by a pseudo-random
 * generator with a fixed seed: the same arguments always give the same files.
 * Measure "3.1" (when there is one) gets an indicator whose name is about
 * three pages long, so that one table cell must be split across pages. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N_ELEMS(a) (sizeof(a) / sizeof *(a))

/* ---------- deterministic random numbers (splitmix64) ---------- */

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int rng_range(Rng *r, int lo, int hi)
{
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

#define PICK(r, arr) ((arr)[rng_next(r) % N_ELEMS(arr)])

/* ---------- the domain ---------- */

static const char *const ministry_ids[] = {"StK", "IM", "MKJFGFI", "MSB", "JM",
                                           "MKW", "MHKBD", "MAGS", "MWIKE"};
static const char *const ministry_names[] = {
    "Staatskanzlei",
    "Ministerium des Innern",
    "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration",
    "Ministerium für Schule und Bildung",
    "Ministerium der Justiz",
    "Ministerium für Kultur und Wissenschaft",
    "Ministerium für Heimat, Kommunales, Bau und Digitalisierung",
    "Ministerium für Arbeit, Gesundheit und Soziales",
    "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie",
};

static const char *const field_titles[] = {
    "Demokratiebildung und frühe Prävention in Schule und Jugendarbeit",
    "Familie, Eltern und Sozialraum",
    "Beratung, Intervention und Ausstieg",
    "Justiz und Justizvollzug",
    "Digitale Räume und Öffentlichkeitsarbeit",
    "Wissenschaft, Vernetzung und Qualitätssicherung",
};
/* relative share of the measures per field */
static const int field_weights[] = {24, 16, 20, 12, 14, 14};

static const char *const target_groups[] = {
    "Jugendliche und junge Erwachsene",
    "Eltern und Angehörige",
    "Lehrkräfte und pädagogische Fachkräfte",
    "Fachkräfte der Kinder- und Jugendhilfe",
    "Moscheegemeinden",
    "Inhaftierte",
    "Rückkehrerinnen und Rückkehrer",
    "Bedienstete des Justizvollzugs",
    "Kommunale Verwaltungen",
};

static const char *const title_topics[] = {
    "Demokratiewerkstätten an Berufskollegs",
    "Elternberatung in Moscheegemeinden",
    "Fortbildungsreihe Radikalisierungsprävention",
    "Landesweite Koordinierungsstelle Wegweiser",
    "Ausstiegsbegleitung im Aussteigerprogramm Islamismus",
    "Fachbereich Radikalisierungsprävention im Justizvollzug",
    "Übergangsmanagement nach der Haftentlassung",
    "Online-Streetwork auf Kurzvideo-Plattformen",
    "Präventionsnetzwerk der Kommunalen Integrationszentren",
    "Qualitätsstandards für die Distanzierungsarbeit",
    "Forschungsverbund CoRE-NRW",
    "Notfallordner „Hinsehen und Handeln“",
    "Peer-Projekt „Starke Jugend“",
    "Beratungshotline für Angehörige",
    "Qualifizierung von Imamen und Gemeindemitarbeitenden",
    "Deradikalisierungsmaßnahmen in Justizvollzugseinrichtungen",
    "Medienkompetenztrainings gegen extremistische Propaganda",
    "Begleitung von Rückkehrerfamilien",
    "Wissenschaftliche Evaluation der Präventionsangebote",
    "Fachtag Islamismusprävention",
};
static const char *const title_tails[] = {
    "",
    "",
    " – Ausbau und Verstetigung",
    " in den Regierungsbezirken",
    " für Fachkräfte der Jugendhilfe",
    " (Modellphase)",
    " – landesweite Einführung",
    " in Zusammenarbeit mit den Kommunen",
    " und Weiterentwicklung der Beratungsstrukturen im ländlichen Raum",
};

static const char *const subjects[] = {
    "Die Fachstelle", "Das Programm", "Der Träger", "Die Koordinierungsstelle",
    "Das Ministerium", "Die Beratungsstelle", "Die Unterarbeitsgruppe", "Das Projektteam",
    "Die kommunale Präventionsstelle", "Die Landeszentrale für politische Bildung",
    "Der wissenschaftliche Beirat", "Das Netzwerk",
};
static const char *const predicates[] = {
    "unterstützt Schulen bei der Entwicklung eigener Präventionskonzepte",
    "qualifiziert Lehrkräfte und pädagogische Fachkräfte im Umgang mit religiös begründetem Extremismus",
    "berät Eltern und Angehörige, die sich um einen jungen Menschen sorgen",
    "begleitet ausstiegswillige Personen über einen Zeitraum von zwei bis fünf Jahren",
    "vernetzt Moscheegemeinden, Jugendhilfe und Sicherheitsbehörden auf kommunaler Ebene",
    "entwickelt Materialien für den Unterricht in den Jahrgangsstufen sieben bis zehn",
    "wertet die Erfahrungen der Beratungsstellen systematisch aus",
    "stärkt die Radikalisierungsprävention in den Justizvollzugseinrichtungen des Landes",
    "bietet Fortbildungen zu Deradikalisierungsmaßnahmen und Gesprächsführung an",
    "beobachtet extremistische Angebote in sozialen Medien und reagiert mit Gegenrede",
    "sichert die Qualität der Angebote durch gemeinsame Standards und regelmäßige Fallbesprechungen",
    "fördert Projekte, in denen Jugendliche selbst Formate gegen Extremismus entwickeln",
};
static const char *const addons[] = {
    "Im Berichtszeitraum wurde das Angebot deutlich stärker nachgefragt als erwartet.",
    "Die Zusammenarbeit mit den Sicherheitsbehörden ist in einer Kooperationsvereinbarung geregelt.",
    "Die Rückmeldungen der Teilnehmenden sind überwiegend positiv.",
    "Eine externe Evaluation ist für das kommende Jahr vorgesehen.",
    "Seit dem 7. Oktober 2023 ist der Beratungsbedarf an Schulen spürbar gestiegen.",
    "Die Finanzierung ist bis zum Ende der Legislaturperiode gesichert.",
    "Besonders bewährt hat sich die aufsuchende Arbeit im Sozialraum.",
    "Die Erfahrungen fließen in die Fortschreibung des Handlungskonzepts ein.",
    "Für den ländlichen Raum werden zusätzliche mobile Beratungsangebote geprüft.",
    "Die Angebote stehen in deutscher, arabischer und türkischer Sprache zur Verfügung.",
    "Die Justizvollzugseinrichtungen haben hierfür feste Ansprechpersonen benannt.",
    "Die Ergebnisse wurden auf einem landesweiten Fachtag mit rund 250 Teilnehmenden vorgestellt.",
};
static const char *const indicator_names[] = {
    "Beratungsfälle", "Teilnehmende", "Fortbildungsveranstaltungen", "Erreichte Schulen",
    "Standorte", "Abgeschlossene Ausstiegsbegleitungen", "Veröffentlichte Materialien",
    "Fachkräfte mit Zertifikat",
};
static const char *const indicator_units[] = {"Fälle", "Personen", "Veranstaltungen", "Schulen",
                                              "Standorte", "Begleitungen", "Titel", "Prozent"};
static const char *const status_names[] = {"planned", "in_progress", "completed", "ongoing",
                                           "suspended"};

/* ---------- output helpers ---------- */

static void die(const char *what, const char *path)
{
    fprintf(stderr, "gen-measures: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        die("cannot write", path);
    return f;
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die("cannot create", path);
}

/* One sentence: subject, predicate, sometimes an added sentence. */
static void sentence(FILE *f, Rng *r, int markup)
{
    const char *pred = PICK(r, predicates);
    int emph = markup && rng_range(r, 0, 9) == 0;
    fprintf(f, "%s %s%s%s.", PICK(r, subjects), emph ? "**" : "", pred, emph ? "**" : "");
    if (rng_range(r, 0, 2) == 0)
        fprintf(f, " %s", PICK(r, addons));
}

/* A Markdown block scalar body: paragraphs of sentences, indented by ind spaces,
 * wrapped at roughly 90 columns like an author would. */
static void md_paragraphs(FILE *f, Rng *r, int ind, int paras, int min_s, int max_s,
                          const char *link_id)
{
    for (int p = 0; p < paras; p++) {
        if (p)
            fprintf(f, "\n");
        int n = rng_range(r, min_s, max_s);
        fprintf(f, "%*s", ind, "");
        long col = ind;
        for (int s = 0; s < n; s++) {
            char buf[1024];
            FILE *m = fmemopen(buf, sizeof buf, "w");
            sentence(m, r, 1);
            fclose(m);
            /* write word by word, breaking lines at ~90 columns */
            char *save = NULL;
            for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
                long len = (long)strlen(w);
                if (col > ind && col + 1 + len > 90) {
                    fprintf(f, "\n%*s", ind, "");
                    col = ind;
                } else if (col > ind) {
                    fputc(' ', f);
                    col++;
                }
                fputs(w, f);
                col += len;
            }
        }
        if (link_id && p == 0) {
            fprintf(f, "\n%*sSiehe auch [](measure:%s).", ind, "", link_id);
        }
        fprintf(f, "\n");
    }
}

/* Plain text of about `chars` characters, one line (for the long indicator name). */
static void long_text(FILE *f, Rng *r, long chars)
{
    long written = 0;
    while (written < chars) {
        char buf[1024];
        FILE *m = fmemopen(buf, sizeof buf, "w");
        sentence(m, r, 0);
        fclose(m);
        if (written)
            fputc(' ', f);
        fputs(buf, f);
        written += (long)strlen(buf) + 1;
    }
}

static void write_report_yaml(const char *dir, const char *chapter, int with_measures)
{
    FILE *f = open_out(dir, "report.yaml");
    fprintf(f,
            "# Generated by gen-measures (tests/tools/gen-measures.c)\n"
            "title: Ganzheitliches Handlungskonzept zur Prävention von gewaltbereitem Islamismus\n"
            "subtitle: Generierter Testbericht der IMAG Islamismusprävention\n"
            "issuer: Interministerielle Arbeitsgruppe Islamismusprävention des Landes Nordrhein-Westfalen\n"
            "publisher: Ministerium des Innern des Landes Nordrhein-Westfalen\n"
            "date: 2025-11-14\n"
            "period: {start: 2023-07-01, end: 2025-06-30}\n"
            "language: de\n"
            "version: \"0.9 (generiert)\"\n"
            "keywords: [Islamismusprävention, Testbericht]\n"
            "template: default\n"
            "draft: false\n");
    if (with_measures)
        fprintf(f, "measures: measures.yaml\n");
    fprintf(f,
            "glossary:\n"
            "  API: Aussteigerprogramm Islamismus\n"
            "  IMAG: Interministerielle Arbeitsgruppe\n"
            "  JVA: Justizvollzugsanstalt\n"
            "  LZpB: Landeszentrale für politische Bildung Nordrhein-Westfalen\n"
            "  UAG: Unterarbeitsgruppe\n"
            "contents:\n"
            "  - %s\n",
            chapter);
    if (with_measures)
        fprintf(f, "  - measures: {title: \"Umsetzungsstand der Maßnahmen\"}\n"
                   "  - status-overview: {title: \"Statusübersicht\"}\n");
    fprintf(f, "  - abbreviations: {title: \"Abkürzungsverzeichnis\"}\n");
    if (fclose(f) != 0)
        die("cannot write", "report.yaml");
}

static void write_chapter(const char *dir, Rng *r, int sections, int paras_per_section)
{
    FILE *f = open_out(dir, "chapters/01-einleitung.md");
    fprintf(f, "# Einleitung und Auftrag\n\n");
    for (int s = 0; s < sections; s++) {
        if (sections > 1)
            fprintf(f, "## Abschnitt %d: %s\n\n", s + 1, PICK(r, title_topics));
        for (int p = 0; p < paras_per_section; p++) {
            md_paragraphs(f, r, 0, 1, 3, 7, NULL);
            fprintf(f, "\n");
            if (p % 5 == 4) {
                fprintf(f, "- %s\n- %s\n- %s\n\n", PICK(r, addons), PICK(r, addons), PICK(r, addons));
            }
        }
    }
    if (fclose(f) != 0)
        die("cannot write", "chapter");
}

static void write_measures(const char *dir, Rng *r, int n)
{
    FILE *f = open_out(dir, "measures.yaml");
    fprintf(f, "# Generated by gen-measures: %d measures\n\nministries:\n", n);
    for (size_t i = 0; i < N_ELEMS(ministry_ids); i++)
        fprintf(f, "  - id: %s\n    name: %s\n", ministry_ids[i], ministry_names[i]);
    fprintf(f, "\nfields:\n");
    for (size_t i = 0; i < N_ELEMS(field_titles); i++) {
        fprintf(f, "  - id: \"%zu\"\n    title: %s\n", i + 1, field_titles[i]);
        if (i % 2 == 0) {
            fprintf(f, "    intro: |\n");
            md_paragraphs(f, r, 6, 2, 2, 4, NULL);
        }
    }

    /* measures per field, by weight; every field gets one when n allows */
    int counts[N_ELEMS(field_titles)] = {0}, wsum = 0, given = 0;
    const size_t nf = N_ELEMS(field_titles);
    for (size_t i = 0; i < nf; i++)
        wsum += field_weights[i];
    for (size_t i = 0; i < nf; i++) {
        counts[i] = n * field_weights[i] / wsum;
        given += counts[i];
    }
    for (size_t i = 0; given < n; i = (i + 1) % nf) {
        counts[i]++;
        given++;
    }
    for (size_t i = 0; i < nf && n >= (int)nf; i++) {
        if (counts[i] > 0)
            continue;
        size_t big = 0;
        for (size_t j = 1; j < nf; j++)
            if (counts[j] > counts[big])
                big = j;
        counts[big]--;
        counts[i]++;
    }

    fprintf(f, "\nmeasures:\n");
    int serial = 0;
    for (size_t fi = 0; fi < N_ELEMS(field_titles); fi++) {
        for (int k = 1; k <= counts[fi]; k++, serial++) {
            fprintf(f, "\n  - id: \"%zu.%d\"\n    field: \"%zu\"\n", fi + 1, k, fi + 1);
            fprintf(f, "    title: \"%s%s\"\n", PICK(r, title_topics), PICK(r, title_tails));
            size_t lead = rng_next(r) % N_ELEMS(ministry_ids);
            fprintf(f, "    lead: %s\n", ministry_ids[lead]);
            int np = rng_range(r, 0, 3);
            if (np) {
                fprintf(f, "    partners: [");
                int used = 0;
                size_t start = rng_next(r) % N_ELEMS(ministry_ids);
                for (size_t j = 0; j < N_ELEMS(ministry_ids) && used < np; j++) {
                    size_t m = (start + j * 4) % N_ELEMS(ministry_ids);
                    if (m == lead)
                        continue;
                    fprintf(f, "%s%s", used ? ", " : "", ministry_ids[m]);
                    used++;
                }
                fprintf(f, "]\n");
            }
            int roll = rng_range(r, 0, 99);
            int st = roll < 15 ? 0 : roll < 55 ? 1 : roll < 75 ? 2 : roll < 93 ? 3 : 4;
            fprintf(f, "    status: %s\n", status_names[st]);
            if (st == 1)
                fprintf(f, "    progress: %d\n", rng_range(r, 1, 19) * 5);
            else if (st == 2)
                fprintf(f, "    progress: 100\n");
            else if (st == 4)
                fprintf(f, "    progress: %d\n", rng_range(r, 0, 8) * 5);
            int y0 = rng_range(r, 2016, 2024), m0 = rng_range(r, 1, 12);
            if (st == 3)
                fprintf(f, "    period: {start: %d-%02d}\n", y0, m0);
            else if (rng_range(r, 0, 4) == 0)
                fprintf(f, "    period: {start: %d, end: %d}\n", y0, y0 + rng_range(r, 1, 4));
            else
                fprintf(f, "    period: {start: %d-%02d-01, end: %d-%02d}\n", y0, m0,
                        y0 + rng_range(r, 1, 4), rng_range(r, 1, 12));
            if (rng_range(r, 0, 3) != 0) {
                long planned = (long)rng_range(r, 20, 9000) * 500;
                if (rng_range(r, 0, 4) == 0)
                    fprintf(f, "    budget: {planned: %ld}\n", planned);
                else
                    fprintf(f, "    budget: {planned: %ld, spent: %ld}\n", planned,
                            planned / 100 * rng_range(r, 10, 105));
            }
            int ng = rng_range(r, 1, 3);
            fprintf(f, "    target_groups: [");
            size_t g0 = rng_next(r) % N_ELEMS(target_groups);
            for (int g = 0; g < ng; g++)
                fprintf(f, "%s%s", g ? ", " : "", target_groups[(g0 + (size_t)g * 2) % N_ELEMS(target_groups)]);
            fprintf(f, "]\n");

            /* description: usually short, every 17th very long */
            int long_desc = serial % 17 == 5;
            const char *link = NULL;
            char link_buf[32];
            if (serial > 0 && rng_range(r, 0, 5) == 0) {
                snprintf(link_buf, sizeof link_buf, "%zu.%d", fi + 1, k > 1 ? k - 1 : 1);
                if (k > 1)
                    link = link_buf;
            }
            fprintf(f, "    description: |\n");
            md_paragraphs(f, r, 6, long_desc ? 5 : rng_range(r, 1, 2), long_desc ? 5 : 1,
                          long_desc ? 9 : 4, link);
            if (rng_range(r, 0, 4) != 0) {
                fprintf(f, "    progress_report: |\n");
                md_paragraphs(f, r, 6, rng_range(r, 1, 2), 1, 4, NULL);
            }
            int ni = rng_range(r, 0, 3);
            int huge = fi == 2 && k == 1;
            if (huge && ni == 0)
                ni = 1;
            if (ni) {
                fprintf(f, "    indicators:\n");
                for (int i = 0; i < ni; i++) {
                    if (huge && i == 0) {
                        fprintf(f, "      - name: \"Indikator mit sehr langer Beschreibung: ");
                        long_text(f, r, 18000);
                        fprintf(f, "\"\n");
                    } else {
                        fprintf(f, "      - name: %s\n", PICK(r, indicator_names));
                    }
                    int target = rng_range(r, 1, 400) * 5;
                    fprintf(f, "        unit: %s\n        target: %d\n", PICK(r, indicator_units), target);
                    if (rng_range(r, 0, 5) != 0)
                        fprintf(f, "        actual: %d\n", target / 100 * rng_range(r, 20, 120));
                }
            }
        }
    }
    if (fclose(f) != 0)
        die("cannot write", "measures.yaml");
}

static void usage(void)
{
    fprintf(stderr, "usage: gen-measures N OUTDIR\n       gen-measures --prose PAGES OUTDIR\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4)
        usage();
    int prose = argc == 4;
    if (prose && strcmp(argv[1], "--prose") != 0)
        usage();
    const char *num = argv[prose ? 2 : 1];
    const char *dir = argv[prose ? 3 : 2];
    char *end;
    long n = strtol(num, &end, 10);
    if (*end || n < 1 || n > 1000000)
        usage();

    Rng r = {0x1a2b3c4d5e6f7081ULL};
    char sub[4096];
    make_dir(dir);
    snprintf(sub, sizeof sub, "%s/chapters", dir);
    make_dir(sub);
    if (prose) {
        /* a section of 16 paragraphs (~5 sentences each) and 3 lists fills about 3 pages */
        write_report_yaml(dir, "chapters/01-einleitung.md", 0);
        write_chapter(dir, &r, (int)(n + 2) / 3, 16);
    } else {
        write_report_yaml(dir, "chapters/01-einleitung.md", 1);
        write_chapter(dir, &r, 2, 3);
        write_measures(dir, &r, (int)n);
    }
    return 0;
}
