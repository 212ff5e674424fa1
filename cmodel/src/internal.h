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
/* TASD_ERR_NAN when a float element is NaN or Inf, TASD_ERR_DTYPE for an unknown dtype.        */
tasd_status tasd__mag_keys(tasd_dtype dt, const void *src, size_t n, uint32_t *keys);
/* Magnitude of element i as a double (exact for every supported dtype). */
double tasd__mag_double(tasd_dtype dt, const void *src, size_t i);
/* 1 when element i is not zero (-0.0f counts as zero). */
int tasd__is_nonzero(tasd_dtype dt, const void *src, size_t i);
/* Element i converted to double (exact). */
double tasd__elem_double(tasd_dtype dt, const void *src, size_t i);
/* Element i converted to int32 (integer dtypes only). */
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

#endif /* TASD_INTERNAL_H */
