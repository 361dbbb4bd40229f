/* test_dump_fixture.h — one layout dump, byte for byte, shared by the writer's
 * test (test_render_dump.c: a hand-made Layout must give exactly these bytes)
 * and the reader's (test_diff_roundtrip.c: the diff must take them back). */
#ifndef TEST_DUMP_FIXTURE_H
#define TEST_DUMP_FIXTURE_H

#include <string.h>

/* The dump of the hand-made layout in test_render_dump.c. */
static const char dump_fixture[] =
    "{\"format\":\"imagreport-layout\",\"version\":2,\"generator\":\"imagreport test\","
    "\"template\":\"sha256:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\",\n"
    "\"pages\":[\n"
    "{\"number\":1,\"label\":\"i\",\"width\":595.28,\"height\":841.89,\"elements\":[\n"
    "  {\"kind\":\"heading\",\"id\":\"lagebild\",\"part\":0,\"x\":71,\"y\":79.5,\"w\":112.88,\"h\":26,"
    "\"text\":\"2 Lagebild \\\"aktuell\\\"\\\\ \\n\\t\\u0001\",\"hash\":\"0a0b0c0d\","
    "\"content\":\"0123456789abcdef\",\"src\":\"r/chapters/02-lagebild.md:1:1\"},\n"
    "  {\"kind\":\"table-row\",\"id\":\"overview-1/1.5\",\"part\":1,\"x\":-3.25,\"y\":0,\"w\":0.01,\"h\":1000000,"
    "\"text\":\"Größe \xE2\x80\x93 \xEF\xBF\xBD\xEF\xBF\xBD!\",\"hash\":\"ffffffff\",\"pageless\":\"12345678\","
    "\"content\":\"0000000000000000\",\"src\":\"r/measures.yaml\"},\n"
    "  {\"kind\":\"rule\",\"id\":\"\",\"part\":0,\"x\":0.1,\"y\":-0.1,\"w\":2.5,\"h\":0,"
    "\"text\":\"\",\"hash\":\"00000000\",\"content\":\"0000000000000000\",\"src\":\"\"},\n"
    "  {\"kind\":\"chart\",\"id\":\"c\",\"part\":0,\"x\":0,\"y\":0,\"w\":100,\"h\":50,"
    "\"text\":\"Abbildung 1\",\"hash\":\"00000002\",\"content\":\"00000000000000ff\","
    "\"series\":[\"geplant\",\"in Umsetzung\",\"umgesetzt\",\"Daueraufgabe\",\"zur\xC3\xBC" "ckgestellt\"],"
    "\"bars\":[{\"label\":\"Feld 1\",\"values\":[1,2,3,4,0]},{\"label\":\"Feld \\\"2\\\"\",\"values\":[0,0,0,0,7]}],"
    "\"src\":\"\"}\n"
    "]},\n"
    "{\"number\":2,\"label\":\"2\",\"width\":595.28,\"height\":841.89,\"elements\":[]}\n"
    "],\n"
    "\"warnings\":[\n"
    "{\"kind\":\"overfull\",\"page\":2,\"src\":\"r/a.md:3:7\",\"message\":\"line 2 is 5.0 pt too wide\"}\n"
    "],\n"
    "\"outline\":[\n"
    "{\"level\":1,\"title\":\"2 Lagebild\",\"page\":1,\"y\":79.5},\n"
    "{\"level\":2,\"title\":\"2.1 Teil\",\"page\":2,\"y\":0}\n"
    "],\n"
    "\"summary\":{\"lines\":120,\"hyphenated\":18,\"hyphenated_per_100_lines\":15,"
    "\"longest_hyphen_run\":2,\"loose\":3,\"overfull\":0,\"foot_pages\":5,\"foot_mean\":12.5,"
    "\"foot_max\":40.25}}\n";

/* In dump_fixture, the table row's hash, and what it becomes when the row's
 * text_hash is set to 1. */
#define DUMP_FIXTURE_ROW_HASH "\"hash\":\"ffffffff\""
#define DUMP_FIXTURE_ROW_HASH_1 "\"hash\":\"00000001\""

/* dump_fixture with the table row's hash changed to 00000001, into out
 * (at least sizeof dump_fixture bytes). */
static inline void dump_fixture_row_hash_1(char *out)
{
    const char *at = strstr(dump_fixture, DUMP_FIXTURE_ROW_HASH);
    size_t head = (size_t)(at - dump_fixture);
    memcpy(out, dump_fixture, head);
    memcpy(out + head, DUMP_FIXTURE_ROW_HASH_1, sizeof DUMP_FIXTURE_ROW_HASH_1 - 1);
    strcpy(out + head + sizeof DUMP_FIXTURE_ROW_HASH - 1, at + sizeof DUMP_FIXTURE_ROW_HASH - 1);
}

/* The dump of an empty layout. */
static const char dump_fixture_empty[] =
    "{\"format\":\"imagreport-layout\",\"version\":2,\"generator\":\"imagreport test\","
    "\"template\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\n\"pages\":[],\n"
    "\"warnings\":[],\n\"outline\":[],\n"
    "\"summary\":{\"lines\":0,\"hyphenated\":0,\"hyphenated_per_100_lines\":0,"
    "\"longest_hyphen_run\":0,\"loose\":0,\"overfull\":0,\"foot_pages\":0,\"foot_mean\":0,"
    "\"foot_max\":0}}\n";

#endif
