/* fuzz_chapter.c — libFuzzer harness: the input is the Markdown chapter
 * chapters/fuzz.md of a fixed report (tests/fuzz/fixture/report-full.yaml),
 * whose measures and other chapters give its links and pictures targets. */
#include "fuzz.h"

static const FuzzTarget target = {"chapters/fuzz.md", "tests/fuzz/fixture/report-full.yaml", false};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run(&target, data, size);
    return 0;
}
