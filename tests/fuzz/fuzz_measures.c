/* fuzz_measures.c — libFuzzer harness: the input is measures.yaml, the only
 * measure file of a fixed report.yaml (tests/fuzz/fixture/report-measures.yaml). */
#include "fuzz.h"

static const FuzzTarget target = {"measures.yaml", "tests/fuzz/fixture/report-measures.yaml", false};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run(&target, data, size);
    return 0;
}
