/*
 * random.h - random bytes and random UUIDs for names that must not collide
 * (file names, transaction ids, Avro sync markers, snapshot ids).
 *
 * One failure policy for the whole library: the kernel's getrandom(), then
 * /dev/urandom; when neither answers the call fails with TPCH_EIO. Nothing
 * falls back to a clock or a counter, because a name that two processes can
 * both pick is exactly what these bytes exist to prevent.
 */
#ifndef TPCH_IO_RANDOM_H
#define TPCH_IO_RANDOM_H

#include <stddef.h>

#include "tpch_error.h"

/* The length of a UUID in text form, without the terminating NUL. */
#define TPCH_UUID_CHARS 36

/* Fills `out` with `n` random bytes. TPCH_OK or TPCH_EIO. */
int tpch_random_bytes(void *out, size_t n, tpch_error *err);

/* Writes a random (version 4, RFC 4122 variant) UUID as 36 lowercase
 * characters plus NUL into `out`. TPCH_OK or TPCH_EIO. */
int tpch_uuid4(char out[TPCH_UUID_CHARS + 1], tpch_error *err);

#endif /* TPCH_IO_RANDOM_H */
