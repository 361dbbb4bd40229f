/* fuzz_pdf.c — libFuzzer harness: a whole build into memory. The input is the
 * Markdown chapter chapters/fuzz.md of the fixed report of the chapter harness
 * (tests/fuzz/fixture/report-full.yaml); what loads without errors is
 * composed, laid out and rendered to a PDF in memory. */
#include "fuzz.h"

static const FuzzTarget target = {"chapters/fuzz.md", "tests/fuzz/fixture/report-full.yaml", true};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run(&target, data, size);
    return 0;
}
