/* SPDX-License-Identifier: Apache-2.0 */
/* GEMM with a TASD-decomposed left operand, and the dense reference. */
#include <string.h>

#include "internal.h"

static int gemm_dtype_ok(tasd_dtype dt) {
  return dt == TASD_INT8 || dt == TASD_INT16 || dt == TASD_FLOAT32;
}

/* Common checks; on success c is allocated (int32 or float32, [rows, ncols]). */
static tasd_status gemm_prepare(const tasd_tensor *a, const tasd_tensor *b, tasd_tensor *c) {
  if (!c) return TASD_ERR_NULL;
  memset(c, 0, sizeof *c);
  if (!a || !b || !a->data || !b->data) return TASD_ERR_NULL;
  if (!gemm_dtype_ok(a->dtype) || !gemm_dtype_ok(b->dtype) || a->dtype != b->dtype)
    return TASD_ERR_DTYPE;
  if (a->ndim != 2 || b->ndim != 2 || a->shape[1] != b->shape[0]) return TASD_ERR_SHAPE;
  int ok = 1;
  tasd__mul_size(a->shape[0], a->shape[1], &ok);
  tasd__mul_size(b->shape[0], b->shape[1], &ok);
  tasd__mul_size(a->shape[0], b->shape[1], &ok);
  if (!ok) return TASD_ERR_NOMEM;
  tasd_status st = tasd__check_finite(a);
  if (st == TASD_OK) st = tasd__check_finite(b);
  if (st != TASD_OK) return st;
  size_t shp[2] = {a->shape[0], b->shape[1]};
  return tasd_tensor_alloc(c, a->dtype == TASD_FLOAT32 ? TASD_FLOAT32 : TASD_INT32, 2, shp);
}

tasd_status tasd_gemm_dense(const tasd_tensor *a, const tasd_tensor *b, tasd_tensor *c) {
  tasd_status st = gemm_prepare(a, b, c);
  if (st != TASD_OK) return st;
  size_t rows = a->shape[0], kk = a->shape[1], nc = b->shape[1];
  if (a->dtype != TASD_FLOAT32) {
    /* Integer: the blocked kernel (gemm_i8.c); wrapping sums, so its order changes no bit. */
    st = tasd__gemm_int(a->dtype, rows, nc, kk, a->data, kk, b->data, nc, 0, (int32_t *)c->data,
                        nc, 0, TASD__ISA_BEST);
    if (st != TASD_OK) tasd_tensor_free(c);
    return st;
  }
  for (size_t i = 0; i < rows; i++) {
    for (size_t p = 0; p < kk; p++) {
      float av = ((const float *)a->data)[i * kk + p];
      const float *brow = (const float *)b->data + p * nc;
      float *crow = (float *)c->data + i * nc;
      for (size_t j = 0; j < nc; j++) {
        float prod = av * brow[j];
        crow[j] = crow[j] + prod;
      }
    }
  }
  return TASD_OK;
}

tasd_status tasd_gemm(const tasd_tensor *a, const tasd_series *s, const tasd_tensor *b,
                      tasd_tensor *c) {
  if (!s) {
    if (c) memset(c, 0, sizeof *c);
    return TASD_ERR_NULL;
  }
  tasd_status st = gemm_prepare(a, b, c);
  if (st != TASD_OK) return st;
  tasd_decomp d;
  st = tasd_decompose(a, s, &d);
  if (st != TASD_OK) {
    tasd_tensor_free(c);
    return st;
  }
  size_t rows = a->shape[0], kk = a->shape[1], nc = b->shape[1];
  if (a->dtype != TASD_FLOAT32) {
    /* Integer: sum_t A_t x B == (sum_t A_t) x B bit for bit, since int32 addition and        */
    /* multiplication modulo 2^32 are associative, commutative and distributive; padding slots */
    /* hold 0 and have no dense position, so skipping them changes nothing either. So: the    */
    /* kept dense A (tasd_reconstruct = A - residual) through the blocked kernel (gemm_i8.c).  */
    tasd_tensor kept;
    st = tasd_reconstruct(&d, &kept);
    if (st == TASD_OK)
      st = tasd__gemm_int(a->dtype, rows, nc, kk, kept.data, kk, b->data, nc, 0,
                          (int32_t *)c->data, nc, 0, TASD__ISA_BEST);
    tasd_tensor_free(&kept);
    tasd_decomp_free(&d);
    if (st != TASD_OK) tasd_tensor_free(c);
    return st;
  }
  /* Float: per output, term order, then block order, then slot order. */
  for (size_t i = 0; i < rows; i++) {
    for (uint32_t t = 0; t < s->nterms; t++) {
      const tasd_term *tm = &d.term[t];
      size_t nb = tm->nblocks, n = tm->cfg.n, m = tm->cfg.m;
      const int16_t *ix = (const int16_t *)tm->indices.data;
      for (size_t blk = 0; blk < nb; blk++) {
        for (size_t k = 0; k < n; k++) {
          size_t off = (i * nb + blk) * n + k;
          size_t p = blk * m + (size_t)ix[off];
          if (p >= kk) continue; /* padding slot: no row of B, value 0 */
          float av = ((const float *)tm->values.data)[off];
          const float *brow = (const float *)b->data + p * nc;
          float *crow = (float *)c->data + i * nc;
          for (size_t j = 0; j < nc; j++) {
            float prod = av * brow[j];
            crow[j] = crow[j] + prod;
          }
        }
      }
    }
  }
  tasd_decomp_free(&d);
  return TASD_OK;
}
