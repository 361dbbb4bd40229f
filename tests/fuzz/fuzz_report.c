/* fuzz_report.c — libFuzzer harness: the input is report.yaml of a report whose
 * other files (measures, chapters, pictures) are the fuzzing fixture. */
#include "fuzz.h"

static const FuzzTarget target = {"report.yaml", NULL, false};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run(&target, data, size);
    return 0;
}
