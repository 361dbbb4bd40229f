/* fuzz_template.c — libFuzzer harness: the input is the report's own template
 * vorlage.yaml (fixed report: tests/fuzz/fixture/report-template.yaml; font file
 * names without a folder come from the built-in fonts/). */
#include "fuzz.h"

static const FuzzTarget target = {"vorlage.yaml", "tests/fuzz/fixture/report-template.yaml", false};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run(&target, data, size);
    return 0;
}
