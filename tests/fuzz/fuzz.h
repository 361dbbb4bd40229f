/* fuzz.h — what the libFuzzer harnesses share (tests/fuzz/fuzz.c).
 *
 * Each harness writes the fuzzer's input as one file of a small report in a
 * private temporary folder and runs the pipeline on it: load_report(), and for
 * a report without errors also compose_document() and layout_document(), and
 * for the PDF harness render_pdf_mem() (a whole build into memory). The other files of the report come from
 * tests/fuzz/fixture/ and the example report's pictures. */
#ifndef IMR_FUZZ_H
#define IMR_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct FuzzTarget {
    const char *input_name;     /* the report file the input becomes, e.g. "report.yaml" */
    const char *report_fixture; /* fixture file copied to report.yaml, or NULL */
    bool render;                /* also render the PDF (into memory) */
} FuzzTarget;

/* Creates the temporary report folder (once per process). */
void fuzz_setup(const FuzzTarget *t);
/* Writes data as the target's input file and runs the pipeline. */
void fuzz_run(const FuzzTarget *t, const uint8_t *data, size_t size);

#endif
