/* sha256.h — SHA-256 (FIPS 180-4), for the input hash that seeds the PDF /ID. */
#ifndef IMR_SHA256_H
#define IMR_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct Sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t fill;
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t n);
void sha256_final(Sha256 *s, unsigned char out[32]);

#endif
