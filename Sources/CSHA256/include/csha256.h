#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// The SHA-256 compression function (FIPS 180-4, section 6.2.2) over `blocks` consecutive
/// 64-byte blocks. `state` holds the eight working words H0…H7.
///
/// Uses the x86 SHA extensions when the processor has them (checked once, at run time) and
/// a portable implementation otherwise; both give the same result.
void csha256_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The portable implementation only, so tests can compare both paths.
void csha256_compress_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when `csha256_compress` uses the processor's SHA instructions, 0 otherwise.
int csha256_uses_sha_extensions(void);

#endif
