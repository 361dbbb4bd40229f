/* init.c — the starter report of `imagreport init`. The texts are complete,
 * realistic files (never lorem ipsum); the date is today's. */
#include "init.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../base/i18n.h"

typedef struct StarterFile {
    const char *path; /* relative to the report folder */
    const char *text; /* %1$s: today (YYYY-MM-DD), %2$s: this year, %3$s: the schema line */
} StarterFile;

static const StarterFile files_de[] = {
    {"report.yaml",
     "%3$s"
     "# Der Bericht: Titel, Herausgeber, Datum und die Reihenfolge des Inhalts.\n"
     "# Prüfen:  imagreport check .        Setzen:  imagreport build . -o bericht.pdf\n"
     "# Alle Schlüssel: man 5 imagreport-report\n"
     "\n"
     "title: Handlungskonzept Prävention\n"
     "subtitle: Erster Zwischenbericht der Interministeriellen Arbeitsgruppe\n"
     "issuer: Interministerielle Arbeitsgruppe Prävention\n"
     "date: %1$s                 # Datum des Berichts, JJJJ-MM-TT\n"
     "period:                          # Berichtszeitraum: JJJJ, JJJJ-MM oder JJJJ-MM-TT\n"
     "  start: %2$s-01\n"
     "  end: %2$s-06\n"
     "language: de                     # de oder en: Beschriftungen, Anführungszeichen, Trennung\n"
     "draft: true                      # true druckt „Entwurf“ auf jede Seite\n"
     "\n"
     "measures:                        # eine oder mehrere Maßnahmendateien\n"
     "  - measures.yaml\n"
     "\n"
     "glossary:                        # Abkürzungen für das Abkürzungsverzeichnis\n"
     "  IMAG: Interministerielle Arbeitsgruppe\n"
     "\n"
     "contents:                        # Kapitel (Markdown) und erzeugte Teile, in dieser Reihenfolge\n"
     "  - chapters/01-einleitung.md\n"
     "  - measures: {title: \"Umsetzungsstand der Maßnahmen\"}\n"
     "  - status-overview: {title: \"Statusübersicht\"}\n"
     "  - chapters/02-ausblick.md\n"
     "  - abbreviations: {title: \"Abkürzungen\"}\n"},
    {"measures.yaml",
     "%3$s"
     "# Ressorts, Handlungsfelder und Maßnahmen (Stand: %1$s).\n"
     "# status: planned, in_progress, completed, ongoing oder suspended\n"
     "# progress: ganze Zahl von 0 bis 100 (Prozent); Beträge in Euro ohne Tausenderpunkt\n"
     "\n"
     "ministries:\n"
     "  - id: IM\n"
     "    name: Ministerium des Innern\n"
     "  - id: MSB\n"
     "    name: Ministerium für Schule und Bildung\n"
     "\n"
     "fields:\n"
     "  - id: \"1\"\n"
     "    title: Prävention in der Schule\n"
     "    intro: |\n"
     "      Schulen erreichen nahezu alle jungen Menschen. Die Maßnahmen dieses\n"
     "      Handlungsfeldes stärken Lehrkräfte im Umgang mit Radikalisierung.\n"
     "  - id: \"2\"\n"
     "    title: Beratung und Ausstieg\n"
     "\n"
     "measures:\n"
     "  - id: \"1.1\"\n"
     "    field: \"1\"\n"
     "    title: Fortbildungsreihe für Lehrkräfte\n"
     "    lead: MSB\n"
     "    partners: [IM]\n"
     "    status: in_progress\n"
     "    progress: 40\n"
     "    period: {start: %2$s-01}\n"
     "    budget: {planned: 120000, spent: 45000}\n"
     "    description: |\n"
     "      Eine Fortbildungsreihe vermittelt Lehrkräften Wissen über Erscheinungsformen\n"
     "      des Extremismus und über Wege der Intervention im Schulalltag.\n"
     "    progress_report: |\n"
     "      Die ersten vier Veranstaltungen haben stattgefunden; weitere sind geplant.\n"
     "    indicators:\n"
     "      - {name: Teilnehmende Lehrkräfte, unit: Personen, target: 400, actual: 160}\n"
     "  - id: \"1.2\"\n"
     "    field: \"1\"\n"
     "    title: Handreichung für Schulleitungen\n"
     "    lead: MSB\n"
     "    status: completed\n"
     "    progress: 100\n"
     "    description: |\n"
     "      Die Handreichung beschreibt das Vorgehen bei Verdachtsmomenten, siehe auch\n"
     "      [](measure:2.1).\n"
     "  - id: \"2.1\"\n"
     "    field: \"2\"\n"
     "    title: Beratungsstelle für Angehörige\n"
     "    lead: IM\n"
     "    status: planned\n"
     "    description: |\n"
     "      Eine Beratungsstelle soll Eltern und Angehörige unterstützen, die sich um einen\n"
     "      jungen Menschen sorgen.\n"},
    {"chapters/01-einleitung.md",
     "# Einleitung\n"
     "\n"
     "Dieser Bericht gibt den Stand der Umsetzung des Handlungskonzepts wieder. Die\n"
     "Maßnahmen stehen im Abschnitt [Umsetzungsstand](#umsetzungsstand-der-maßnahmen).\n"
     "\n"
     "## Auftrag\n"
     "\n"
     "Die Interministerielle Arbeitsgruppe berichtet der Landesregierung jährlich.\n"},
    {"chapters/02-ausblick.md",
     "# Ausblick\n"
     "\n"
     "Im nächsten Berichtszeitraum sollen alle geplanten Maßnahmen begonnen werden.\n"},
};

static const StarterFile files_en[] = {
    {"report.yaml",
     "%3$s"
     "# The report: title, issuer, date and the order of the contents.\n"
     "# Check:  imagreport check .        Build:  imagreport build . -o report.pdf\n"
     "# Every key: man 5 imagreport-report\n"
     "\n"
     "title: Prevention Action Plan\n"
     "subtitle: First Interim Report of the Interministerial Working Group\n"
     "issuer: Interministerial Working Group on Prevention\n"
     "date: %1$s                 # the report's date, YYYY-MM-DD\n"
     "period:                          # reporting period: YYYY, YYYY-MM or YYYY-MM-DD\n"
     "  start: %2$s-01\n"
     "  end: %2$s-06\n"
     "language: en                     # de or en: labels, quotes, hyphenation\n"
     "draft: true                      # true prints \"Draft\" on every page\n"
     "\n"
     "measures:                        # one or more measure files\n"
     "  - measures.yaml\n"
     "\n"
     "glossary:                        # abbreviations for the list of abbreviations\n"
     "  IMWG: Interministerial Working Group\n"
     "\n"
     "contents:                        # chapters (Markdown) and generated parts, in this order\n"
     "  - chapters/01-introduction.md\n"
     "  - measures: {title: \"Progress of the Measures\"}\n"
     "  - status-overview: {title: \"Status Overview\"}\n"
     "  - chapters/02-outlook.md\n"
     "  - abbreviations: {title: \"Abbreviations\"}\n"},
    {"measures.yaml",
     "%3$s"
     "# Ministries, fields of action and measures (as of %1$s).\n"
     "# status: planned, in_progress, completed, ongoing or suspended\n"
     "# progress: a whole number from 0 to 100 (percent); amounts in euros, no separators\n"
     "\n"
     "ministries:\n"
     "  - id: MI\n"
     "    name: Ministry of the Interior\n"
     "  - id: ME\n"
     "    name: Ministry of Education\n"
     "\n"
     "fields:\n"
     "  - id: \"1\"\n"
     "    title: Prevention at School\n"
     "    intro: |\n"
     "      Schools reach nearly all young people. The measures of this field of action\n"
     "      help teachers deal with radicalisation.\n"
     "  - id: \"2\"\n"
     "    title: Counselling and Exit\n"
     "\n"
     "measures:\n"
     "  - id: \"1.1\"\n"
     "    field: \"1\"\n"
     "    title: Training Series for Teachers\n"
     "    lead: ME\n"
     "    partners: [MI]\n"
     "    status: in_progress\n"
     "    progress: 40\n"
     "    period: {start: %2$s-01}\n"
     "    budget: {planned: 120000, spent: 45000}\n"
     "    description: |\n"
     "      A training series teaches teachers how extremism shows itself and how to\n"
     "      intervene in everyday school life.\n"
     "    progress_report: |\n"
     "      The first four sessions have taken place; more are planned.\n"
     "    indicators:\n"
     "      - {name: Teachers trained, unit: persons, target: 400, actual: 160}\n"
     "  - id: \"1.2\"\n"
     "    field: \"1\"\n"
     "    title: Guidance for Head Teachers\n"
     "    lead: ME\n"
     "    status: completed\n"
     "    progress: 100\n"
     "    description: |\n"
     "      The guidance describes what to do when there are signs of radicalisation; see\n"
     "      also [](measure:2.1).\n"
     "  - id: \"2.1\"\n"
     "    field: \"2\"\n"
     "    title: Counselling Service for Families\n"
     "    lead: MI\n"
     "    status: planned\n"
     "    description: |\n"
     "      A counselling service is to support parents and relatives who are worried\n"
     "      about a young person.\n"},
    {"chapters/01-introduction.md",
     "# Introduction\n"
     "\n"
     "This report describes how far the action plan has been put into practice. The\n"
     "measures are in the section [Progress](#progress-of-the-measures).\n"
     "\n"
     "## Mandate\n"
     "\n"
     "The Interministerial Working Group reports to the state government every year.\n"},
    {"chapters/02-outlook.md",
     "# Outlook\n"
     "\n"
     "In the next reporting period all planned measures are to begin.\n"},
};

static int fail(const char *path, const char *what)
{
    fprintf(stderr, "%s: error: %s\n", path, what);
    return 3;
}

/* dir must not exist, or be an empty folder */
static int prepare_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0)
        return 0;
    if (errno != EEXIST)
        return fail(dir, strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(dir, _("exists and is not a folder"));
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/report.yaml", dir);
    if (stat(probe, &st) == 0)
        return fail(dir, _("already holds a report (report.yaml); init writes only into a new folder"));
    return 0;
}

int init_report(const char *dir, const char *lang, const char *schema_dir)
{
    bool en = lang && !strcmp(lang, "en");
    const StarterFile *files = en ? files_en : files_de;
    size_t n = en ? sizeof files_en / sizeof *files_en : sizeof files_de / sizeof *files_de;
    int rc = prepare_dir(dir);
    if (rc)
        return rc;
    char path[4096];
    snprintf(path, sizeof path, "%s/chapters", dir);
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return fail(path, strerror(errno));
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char today[16], year[8];
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    strftime(year, sizeof year, "%Y", &tm);
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(path, sizeof path, "%s/%s", dir, files[i].path);
        if (k < 0 || (size_t)k >= sizeof path)
            return fail(dir, strerror(ENAMETOOLONG));
        char schema[4200] = "";
        const char *kind = !strcmp(files[i].path, "report.yaml") ? "report" : "measures";
        if (schema_dir && strstr(files[i].path, ".yaml"))
            snprintf(schema, sizeof schema, "# yaml-language-server: $schema=%s/%s.schema.json\n",
                     schema_dir, kind);
        FILE *f = fopen(path, "wx");
        if (!f)
            return fail(path, strerror(errno));
        fprintf(f, files[i].text, today, year, schema);
        if (fclose(f) != 0)
            return fail(path, strerror(errno));
    }
    printf(_("wrote a new report to %s; check it with: imagreport check %s\n"), dir, dir);
    return 0;
}
