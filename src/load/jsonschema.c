/* jsonschema.c — JSON Schemas (draft-07) of report.yaml, measure files and
 * templates, for editors (VS Code's YAML extension completes keys and marks
 * errors while typing). The key names come from the tables the loader checks
 * (measures.c, report.c, tmpl.c); this file adds each key's type. A key of a
 * table without a type here makes load_write_schema fail, so the schemas
 * cannot drift from the loader. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* A key's schema (a JSON value), by key name. */
typedef struct Prop {
    const char *key;
    const char *schema;
} Prop;

typedef struct Out {
    FILE *f;
    const char *missing; /* a table key without a type, or NULL */
} Out;

#define STR "{\"type\":\"string\",\"minLength\":1}"
#define ID "{\"type\":[\"string\",\"number\"]}"
#define NUM "{\"type\":\"number\"}"
#define BOOL "{\"type\":\"boolean\"}"
#define STRS "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"minLength\":1}}"
#define AMOUNT "{\"type\":\"number\",\"minimum\":0,\"maximum\":1e12}"
#define FULL_DATE "{\"type\":\"string\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}"
/* YYYY (a number in YAML), YYYY-MM or YYYY-MM-DD */
#define DATE                                                                                   \
    "{\"anyOf\":[{\"type\":\"string\",\"pattern\":\"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$\"},"    \
    "{\"type\":\"integer\",\"minimum\":1000,\"maximum\":9999}]}"
#define HEX "{\"type\":\"string\",\"pattern\":\"^#[0-9a-fA-F]{6}$\"}"

static const char *type_of(Out *o, const Prop *props, const char *key)
{
    for (const Prop *p = props; p->key; p++)
        if (!strcmp(p->key, key))
            return p->schema;
    if (!o->missing)
        o->missing = key;
    return "{}";
}

/* {"type":"object","properties":{…},"required":[…],"additionalProperties":false} */
static void object(Out *o, const char *const keys[], const Prop *props, const char *const *req)
{
    fputs("{\"type\":\"object\",\"properties\":{", o->f);
    for (size_t i = 0; keys[i]; i++)
        fprintf(o->f, "%s\"%s\":%s", i ? "," : "", keys[i], type_of(o, props, keys[i]));
    fputs("}", o->f);
    if (req && req[0]) {
        fputs(",\"required\":[", o->f);
        for (size_t i = 0; req[i]; i++)
            fprintf(o->f, "%s\"%s\"", i ? "," : "", req[i]);
        fputs("]", o->f);
    }
    fputs(",\"additionalProperties\":false}", o->f);
}

/* every key of keys with the same schema */
static void object_all(Out *o, const char *const keys[], const char *schema)
{
    fputs("{\"type\":\"object\",\"properties\":{", o->f);
    for (size_t i = 0; keys[i]; i++)
        fprintf(o->f, "%s\"%s\":%s", i ? "," : "", keys[i], schema);
    fputs("},\"additionalProperties\":false}", o->f);
}

static void enumeration(FILE *f, const char *const names[])
{
    fputs("{\"enum\":[", f);
    for (size_t i = 0; names[i]; i++)
        fprintf(f, "%s\"%s\"", i ? "," : "", names[i]);
    fputs("]}", f);
}

static void head(FILE *f, const char *id, const char *title)
{
    fprintf(f,
            "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"$id\":\"%s\",\n"
            "\"title\":\"%s\",\n\"definitions\":{\n",
            id, title);
}

static void foot(FILE *f)
{
    fputs("\n},\n\"allOf\":[{\"$ref\":\"#/definitions/root\"}]}\n", f);
}

static void write_report(Out *o)
{
    FILE *f = o->f;
    head(f, "imagreport-report", "imagreport report.yaml");
    fputs("\"period\":", f);
    static const char *const both[] = {"start", "end", NULL};
    static const Prop period[] = {{"start", DATE}, {"end", DATE}, {0}};
    object(o, period_keys, period, both);
    fputs(",\n\"part\":", f);
    static const char *const title[] = {"title", NULL};
    static const Prop part[] = {{"title", STR}, {0}};
    object(o, part_keys, part, title);
    fputs(",\n\"contents_item\":{\"anyOf\":[{\"type\":\"string\",\"minLength\":1},", f);
    fputs("{\"type\":\"object\",\"minProperties\":1,\"maxProperties\":1,\"properties\":{", f);
    for (size_t i = 0; part_names[i]; i++)
        fprintf(f, "%s\"%s\":{\"$ref\":\"#/definitions/part\"}", i ? "," : "", part_names[i]);
    fputs("},\"additionalProperties\":false}]}", f);
    static const char *const req[] = {"title", "issuer", "date", "contents", NULL};
    static const Prop props[] = {
        {"title", STR},
        {"subtitle", STR},
        {"issuer", STR},
        {"publisher", STR},
        {"date", FULL_DATE},
        {"period", "{\"$ref\":\"#/definitions/period\"}"},
        {"language", "{\"enum\":[\"de\",\"en\"]}"},
        {"version", "{\"type\":[\"string\",\"number\"]}"},
        {"keywords", STRS},
        {"template", STR},
        {"logo", STR},
        {"draft", BOOL},
        {"classification", STR},
        {"previous", STR},
        {"measures", "{\"anyOf\":[" STR ",{\"type\":\"array\",\"items\":" STR
                     ",\"uniqueItems\":true}]}"},
        {"glossary", "{\"type\":\"object\",\"additionalProperties\":" STR "}"},
        {"contents", "{\"type\":\"array\",\"minItems\":1,\"items\":"
                     "{\"$ref\":\"#/definitions/contents_item\"}}"},
        {0}};
    fputs(",\n\"root\":", f);
    object(o, report_keys, props, req);
    foot(f);
}

static void write_measures(Out *o)
{
    FILE *f = o->f;
    head(f, "imagreport-measures", "imagreport measure file");
    static const char *const id_name[] = {"id", "name", NULL};
    static const Prop ministry[] = {{"id", ID}, {"name", STR}, {0}};
    fputs("\"ministry\":", f);
    object(o, ministry_keys, ministry, id_name);
    static const char *const id_title[] = {"id", "title", NULL};
    static const Prop field[] = {{"id", ID}, {"title", STR}, {"intro", STR}, {0}};
    fputs(",\n\"field\":", f);
    object(o, field_keys, field, id_title);
    static const char *const start[] = {"start", NULL};
    static const Prop period[] = {{"start", DATE}, {"end", DATE}, {0}};
    fputs(",\n\"period\":", f);
    object(o, period_keys, period, start);
    static const Prop budget[] = {{"planned", AMOUNT}, {"spent", AMOUNT}, {0}};
    fputs(",\n\"budget\":", f);
    object(o, budget_keys, budget, NULL);
    static const char *const name[] = {"name", NULL};
    static const Prop indicator[] = {
        {"name", STR}, {"unit", STR}, {"target", AMOUNT}, {"actual", AMOUNT}, {0}};
    fputs(",\n\"indicator\":", f);
    object(o, indicator_keys, indicator, name);
    fputs(",\n\"status\":", f);
    enumeration(f, status_names);
    static const char *const req[] = {"id", "field", "title", "lead", "status", "description",
                                      NULL};
    static const Prop measure[] = {
        {"id", ID},
        {"field", ID},
        {"title", STR},
        {"lead", STR},
        {"partners", "{\"type\":\"array\",\"items\":" STR ",\"uniqueItems\":true}"},
        {"status", "{\"$ref\":\"#/definitions/status\"}"},
        {"progress", "{\"type\":\"integer\",\"minimum\":0,\"maximum\":100}"},
        {"period", "{\"$ref\":\"#/definitions/period\"}"},
        {"budget", "{\"allOf\":[{\"$ref\":\"#/definitions/budget\"},{\"minProperties\":1}]}"},
        {"target_groups", STRS},
        {"description", STR},
        {"progress_report", STR},
        {"indicators", "{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/indicator\"}}"},
        {"previous_id", ID},
        {0}};
    fputs(",\n\"measure\":", f);
    object(o, measure_keys, measure, req);
    fputs(",\n\"root\":", f);
    static const Prop file[] = {
        {"ministries", "{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/ministry\"}}"},
        {"fields", "{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/field\"}}"},
        {"measures", "{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/measure\"}}"},
        {0}};
    object(o, file_keys, file, NULL);
    foot(f);
}

static void write_template(Out *o)
{
    FILE *f = o->f;
    head(f, "imagreport-template", "imagreport template");
    static const Prop style[] = {{"font", STR},         {"size", NUM},         {"leading", NUM},
                                 {"space_before", NUM}, {"space_after", NUM}, {"color", STR},
                                 {0}};
    fputs("\"style\":", f);
    object(o, style_attr_keys, style, NULL);
    fputs(",\n\"labels\":", f);
    object_all(o, label_keys, STR);
    /* sections whose keys all have one type */
    static const char *const langs[] = {"de", "en", NULL};
    static const char *const marking_keys[] = {"top", "bottom", NULL};
    static const struct {
        const char *name;
        const char *const *keys;
        const char *schema;
    } same[] = {
        {"page", page_keys, NUM},
        {"fonts", font_keys, STR},
        {"colors", color_keys, HEX},
        {"status_colors", status_keys, STR},
        {"styles", style_keys, "{\"$ref\":\"#/definitions/style\"}"},
        {"labels_by_language", langs, "{\"$ref\":\"#/definitions/labels\"}"},
        {"marking", marking_keys, NUM},
        {"cover", cover_keys, NUM},
        {"imprint", imprint_keys, NUM},
        {"header", header_keys, NUM},
    };
    for (size_t s = 0; s < sizeof same / sizeof *same; s++) {
        fprintf(f, ",\n\"%s\":", same[s].name);
        object_all(o, same[s].keys, same[s].schema);
    }
    static const Prop text[] = {{"justify", BOOL},
                                {"hyphenate", BOOL},
                                {"paragraph_indent", NUM},
                                {"hyphen_penalty", NUM},
                                {"compound_hyphen_penalty", NUM},
                                {"consecutive_hyphens", NUM},
                                {"double_hyphen_demerits", NUM},
                                {"final_hyphen_demerits", NUM},
                                {0}};
    fputs(",\n\"text\":", f);
    object(o, text_keys, text, NULL);
    static const Prop table[] = {
        {"padding", NUM}, {"rule_width", NUM}, {"zebra", BOOL}, {"change_column", BOOL}, {0}};
    fputs(",\n\"table\":", f);
    object(o, table_keys, table, NULL);
    static const Prop toc[] = {{"depth", "{\"enum\":[1,2,3]}"},
                               {"page_column", NUM},
                               {"dot_step", NUM},
                               {"number_gap", NUM},
                               {0}};
    static const Prop watermark[] = {{"size", NUM}, {"angle", NUM}, {"color", STR}, {0}};
    fputs(",\n\"watermark\":", f);
    object(o, watermark_keys, watermark, NULL);
    fputs(",\n\"toc\":", f);
    object(o, toc_keys, toc, NULL);
    static const Prop top[] = {
        {"name", STR},
        {"extends", STR},
        {"marking", "{\"$ref\":\"#/definitions/marking\"}"},
        {"cover", "{\"$ref\":\"#/definitions/cover\"}"},
        {"imprint", "{\"$ref\":\"#/definitions/imprint\"}"},
        {"watermark", "{\"$ref\":\"#/definitions/watermark\"}"},
        {"header", "{\"$ref\":\"#/definitions/header\"}"},
        {"page", "{\"$ref\":\"#/definitions/page\"}"},
        {"fonts", "{\"$ref\":\"#/definitions/fonts\"}"},
        {"colors", "{\"$ref\":\"#/definitions/colors\"}"},
        {"status_colors", "{\"$ref\":\"#/definitions/status_colors\"}"},
        {"text", "{\"$ref\":\"#/definitions/text\"}"},
        {"table", "{\"$ref\":\"#/definitions/table\"}"},
        {"toc", "{\"$ref\":\"#/definitions/toc\"}"},
        {"styles", "{\"$ref\":\"#/definitions/styles\"}"},
        {"labels", "{\"$ref\":\"#/definitions/labels_by_language\"}"},
        {0}};
    fputs(",\n\"root\":", f);
    object(o, top_keys, top, NULL);
    foot(f);
}

int load_write_schema(const char *kind, FILE *out, const char **missing)
{
    Out o = {out, NULL};
    if (!strcmp(kind, "report"))
        write_report(&o);
    else if (!strcmp(kind, "measures"))
        write_measures(&o);
    else if (!strcmp(kind, "template"))
        write_template(&o);
    else
        return -1;
    *missing = o.missing;
    return o.missing ? 1 : 0;
}
