/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd private helpers shared between the units of cmodel/src (not installed). */
#ifndef TASD_INTERNAL_H
#define TASD_INTERNAL_H

#include "tasd.h"

/* Rank marker for a position that is not available (taken by an earlier term). */
#define TASD__NO_RANK 0xFFFFu

/* ---- arith.c: magnitude keys (the one place that defines magnitude order) ---------------- */
/* Magnitude keys as uint32 so that int8/int16/int32 magnitudes and float32 |x| order exactly   */
/* like their magnitudes: for a finite float, the bit pattern of fabsf(x) is monotonic.        */
uint32_t tasd__mag_key_f32(float x);
/* Keys of n consecutive elements of dtype dt (int8, int16, int32, float32).                   */
/* TASD_ERR_NAN when a float element is NaN or Inf, TASD_ERR_DTYPE for uint8 (raw bytes have no */
/* place in the magnitude order the RTL uses) and unknown dtypes.                              */
tasd_status tasd__mag_keys(tasd_dtype dt, const void *src, size_t n, uint32_t *keys);
/* Magnitude of element i as a double (exact for every supported dtype). */
double tasd__mag_double(tasd_dtype dt, const void *src, size_t i);
/* 1 when element i is not zero (-0.0f counts as zero). */
int tasd__is_nonzero(tasd_dtype dt, const void *src, size_t i);
/* Element i converted to double (exact; every dtype, uint8 included; 0 for unknown). */
double tasd__elem_double(tasd_dtype dt, const void *src, size_t i);
/* Element i converted to int32 (integer dtypes only, uint8 included). */
int32_t tasd__elem_i32(tasd_dtype dt, const void *src, size_t i);

/* ---- block.c: ranking and row selection -------------------------------------------------- */
/* rank[i] = position of element i in the order (key desc, index asc) among the available      */
/* elements (avail == NULL: all available); TASD__NO_RANK for unavailable ones. m <= TASD_MAX_M.*/
void tasd__rank(const uint32_t *key, const uint8_t *avail, uint32_t m, uint16_t *rank);

/* A checked series applied to rows of length k. */
typedef struct {
  tasd_series s;
  size_t k;
  size_t nblocks[TASD_MAX_TERMS]; /* ceil(k / M_t) */
  size_t plen;                    /* padded row length: max_t nblocks_t * M_t */
  int equal_m;                    /* every term has the same M */
  uint8_t rank_term[TASD_MAX_M];  /* equal_m: term owning rank r, or TASD_DROPPED */
} tasd__plan;

/* Checks s (TASD_ERR_ILLEGAL_SERIES) and sizes (TASD_ERR_NOMEM on overflow). */
tasd_status tasd__plan_init(const tasd_series *s, size_t k, tasd__plan *p);
/* keys[0..plen-1] (padding positions must hold key 0) -> owner[0..plen-1]: term index or     */
/* TASD_DROPPED. avail_scratch needs TASD_MAX_M bytes.                                         */
void tasd__row_select(const tasd__plan *p, const uint32_t *keys, uint8_t *owner);

/* ---- tensor.c ----------------------------------------------------------------------------- */
/* Empties *t (data NULL, ndim 0) without freeing. */
void tasd__tensor_clear(tasd_tensor *t);
/* rows = product of all but the last dim, k = last dim; TASD_ERR_SHAPE on bad rank,          */
/* TASD_ERR_NOMEM on overflow. */
tasd_status tasd__rows_k(const tasd_tensor *t, size_t *rows, size_t *k);
/* a * b with overflow check (returns 0 on overflow, sets *ok = 0). */
size_t tasd__mul_size(size_t a, size_t b, int *ok);
/* NaN/Inf scan of a float32 tensor (TASD_OK for other dtypes). */
tasd_status tasd__check_finite(const tasd_tensor *t);

/* ---- gemm_i8.c: the fast integer GEMM ----------------------------------------------------- */
/* Which tile kernel runs: the best the CPU supports (AVX2 on x86 when present), or always the */
/* portable one (tests check both against the reference on any machine).                       */
typedef enum { TASD__ISA_BEST = 0, TASD__ISA_PORTABLE = 1 } tasd__gemm_isa;
/* "avx2" or "portable": the kernel tasd__gemm_int runs for isa on this CPU. */
const char *tasd__gemm_isa_name(tasd__gemm_isa isa);
/* tasd_gemm_i8 (b_trans 0) / tasd_gemm_i8_bt (b_trans 1) for dt int8 or int16 (A and B both  */
/* of dt; TASD_ERR_DTYPE otherwise); same checks, same wrapping int32 result.                  */
tasd_status tasd__gemm_int(tasd_dtype dt, size_t m, size_t n, size_t k, const void *a,
                           size_t lda, const void *b, size_t ldb, int b_trans, int32_t *c,
                           size_t ldc, int accumulate, tasd__gemm_isa isa);

/* ---- file.c: whole-file I/O shared by the file formats ----------------------------------- */
/* Reads all of path into a malloc'd *buf (*len bytes). TASD_ERR_IO (cannot open / read),     */
/* TASD_ERR_NOMEM; errbuf gets "<path>: problem". *buf is set only on success.                */
tasd_status tasd__file_read(const char *path, uint8_t **buf, size_t *len, char *errbuf,
                            size_t errlen);
/* Writes len bytes to path: a regular file or new path through "<path>.tmp<pid>.<n>" renamed  */
/* onto path (a failure removes only that temporary); an existing non-regular path (device,    */
/* FIFO, symlink) in place, never removed. TASD_ERR_IO, TASD_ERR_NOMEM.                        */
tasd_status tasd__file_write(const char *path, const uint8_t *buf, size_t len, char *errbuf,
                             size_t errlen);

/* ---- npy.c -------------------------------------------------------------------------------- */
/* The .npy image of t (format 1.0, numpy's header padding, little-endian data) in a malloc'd  */
/* *out of *out_len bytes. name is used in messages. TASD_ERR_NULL, TASD_ERR_DTYPE (unknown    */
/* dtype), TASD_ERR_SHAPE (rank 0 or > TASD_MAX_DIMS, size overflow), TASD_ERR_NOMEM.          */
tasd_status tasd__npy_serialize(const tasd_tensor *t, const char *name, uint8_t **out,
                                size_t *out_len, char *errbuf, size_t errlen);

/* ---- npz.c -------------------------------------------------------------------------------- */
/* tasd_npz_load over a memory buffer holding the whole archive (used by the fuzzer); name is */
/* used in messages. Same errors as tasd_npz_load except TASD_ERR_IO.                          */
tasd_status tasd__npz_parse(const uint8_t *buf, size_t len, const char *name, tasd_npz *out,
                            char *errbuf, size_t errlen);

/* ---- status.c ----------------------------------------------------------------------------- */
/* errbuf (if not NULL and errlen > 0) = "<name>: " + printf(fmt, ...), always terminated;      */
/* name NULL prints "<buffer>". Used by the file readers/writers (idx.c, npz.c).               */
void tasd__errf(char *errbuf, size_t errlen, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* TASD_INTERNAL_H */
