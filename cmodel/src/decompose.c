/* SPDX-License-Identifier: Apache-2.0 */
/* Tensor decomposition along the last dimension into a TASD series, and reconstruction. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Writes one row's selection (owner[] over the padded row) into the outputs. Positions come  */
/* in ascending order, and every block of term t holds exactly N_t members, so term t's slots  */
/* for row r are consecutive: a running offset per term gives [row][block][slot] order.        */
#define TASD_DEFINE_SCATTER(NAME, T)                                                           \
  static void NAME(tasd_decomp *out, const tasd__plan *plan, const uint8_t *owner,             \
                   const T *row, size_t r) {                                                   \
    T *vals[TASD_MAX_TERMS], *dense[TASD_MAX_TERMS];                                           \
    int16_t *idx[TASD_MAX_TERMS];                                                              \
    size_t next[TASD_MAX_TERMS];                                                               \
    uint32_t mask[TASD_MAX_TERMS];                                                             \
    const size_t k = plan->k;                                                                  \
    for (uint32_t t = 0; t < plan->s.nterms; t++) {                                            \
      tasd_term *tm = &out->term[t];                                                           \
      vals[t] = (T *)tm->values.data;                                                          \
      dense[t] = (T *)tm->dense.data + r * k;                                                  \
      idx[t] = (int16_t *)tm->indices.data;                                                    \
      next[t] = r * tm->nblocks * tm->cfg.n;                                                   \
      mask[t] = (uint32_t)tm->cfg.m - 1u;                                                      \
    }                                                                                          \
    T *res = (T *)out->residual.data + r * k;                                                  \
    for (size_t p = 0; p < k; p++) {                                                           \
      uint8_t t = owner[p];                                                                    \
      if (t == TASD_DROPPED) {                                                                 \
        res[p] = row[p];                                                                       \
      } else {                                                                                 \
        size_t off = next[t]++;                                                                \
        vals[t][off] = row[p];                                                                 \
        idx[t][off] = (int16_t)(p & mask[t]);                                                  \
        dense[t][p] = row[p];                                                                  \
      }                                                                                        \
    }                                                                                          \
    for (size_t p = k; p < plan->plen; p++) { /* padding: value stays 0 */                    \
      uint8_t t = owner[p];                                                                    \
      if (t != TASD_DROPPED) idx[t][next[t]++] = (int16_t)(p & mask[t]);                       \
    }                                                                                          \
  }

TASD_DEFINE_SCATTER(scatter_i8, int8_t)
TASD_DEFINE_SCATTER(scatter_i16, int16_t)
TASD_DEFINE_SCATTER(scatter_f32, float)

void tasd_decomp_free(tasd_decomp *d) {
  if (!d) return;
  for (uint32_t t = 0; t < TASD_MAX_TERMS; t++) {
    tasd_tensor_free(&d->term[t].values);
    tasd_tensor_free(&d->term[t].indices);
    tasd_tensor_free(&d->term[t].dense);
  }
  tasd_tensor_free(&d->residual);
  memset(d, 0, sizeof *d);
}

tasd_status tasd_decompose(const tasd_tensor *a, const tasd_series *s, tasd_decomp *out) {
  if (!out) return TASD_ERR_NULL;
  memset(out, 0, sizeof *out);
  if (!a || !s || !a->data) return TASD_ERR_NULL;
  if (a->dtype != TASD_INT8 && a->dtype != TASD_INT16 && a->dtype != TASD_FLOAT32)
    return TASD_ERR_DTYPE;
  size_t rows, k;
  tasd_status st = tasd__rows_k(a, &rows, &k);
  if (st != TASD_OK) return st;
  /* values/indices have one more dimension than the input. */
  if (a->ndim >= TASD_MAX_DIMS) return TASD_ERR_SHAPE;
  tasd__plan plan;
  st = tasd__plan_init(s, k, &plan);
  if (st != TASD_OK) return st;
  st = tasd__check_finite(a);
  if (st != TASD_OK) return st;

  out->series = *s;
  out->rows = rows;
  out->k = k;
  for (uint32_t t = 0; t < s->nterms && st == TASD_OK; t++) {
    tasd_term *tm = &out->term[t];
    size_t shp[TASD_MAX_DIMS];
    for (uint32_t i = 0; i + 1 < a->ndim; i++) shp[i] = a->shape[i];
    shp[a->ndim - 1] = plan.nblocks[t];
    shp[a->ndim] = s->term[t].n;
    tm->cfg = s->term[t];
    tm->nblocks = plan.nblocks[t];
    st = tasd_tensor_alloc(&tm->values, a->dtype, a->ndim + 1, shp);
    if (st == TASD_OK) st = tasd_tensor_alloc(&tm->indices, TASD_INT16, a->ndim + 1, shp);
    if (st == TASD_OK) st = tasd_tensor_alloc(&tm->dense, a->dtype, a->ndim, a->shape);
  }
  if (st == TASD_OK) st = tasd_tensor_alloc(&out->residual, a->dtype, a->ndim, a->shape);
  uint32_t *keys = NULL;
  uint8_t *owner = NULL;
  if (st == TASD_OK && plan.plen > 0) {
    keys = (uint32_t *)calloc(plan.plen, sizeof *keys);
    owner = (uint8_t *)malloc(plan.plen);
    if (!keys || !owner) st = TASD_ERR_NOMEM;
  }
  if (st != TASD_OK) {
    free(keys);
    free(owner);
    tasd_decomp_free(out);
    return st;
  }

  const size_t es = tasd_dtype_size(a->dtype);
  for (size_t r = 0; r < rows && plan.plen > 0; r++) {
    const uint8_t *row = (const uint8_t *)a->data + r * k * es;
    tasd__mag_keys(a->dtype, row, k, keys); /* finite: checked above; keys[k..plen) stay 0 */
    tasd__row_select(&plan, keys, owner);
    switch (a->dtype) {
    case TASD_INT8: scatter_i8(out, &plan, owner, (const int8_t *)row, r); break;
    case TASD_INT16: scatter_i16(out, &plan, owner, (const int16_t *)row, r); break;
    case TASD_FLOAT32: scatter_f32(out, &plan, owner, (const float *)row, r); break;
    case TASD_INT32:
    case TASD_UINT8: break; /* refused above */
    }
  }
  free(keys);
  free(owner);
  return TASD_OK;
}

tasd_status tasd_reconstruct(const tasd_decomp *d, tasd_tensor *out) {
  if (!out) return TASD_ERR_NULL;
  memset(out, 0, sizeof *out);
  if (!d || !d->residual.data) return TASD_ERR_NULL;
  const tasd_tensor *ref = &d->residual;
  if (ref->dtype == TASD_UINT8) return TASD_ERR_DTYPE; /* tasd_decompose never makes one */
  tasd_status st = tasd_tensor_alloc(out, ref->dtype, ref->ndim, ref->shape);
  if (st != TASD_OK) return st;
  size_t n = tasd_tensor_numel(ref);
  uint32_t nt = d->series.nterms > TASD_MAX_TERMS ? TASD_MAX_TERMS : d->series.nterms;
  for (uint32_t t = 0; t < nt; t++) {
    const tasd_tensor *dn = &d->term[t].dense;
    if (!dn->data || dn->dtype != ref->dtype || tasd_tensor_numel(dn) != n) {
      tasd_tensor_free(out);
      return TASD_ERR_SHAPE;
    }
    /* Terms are disjoint, so every sum below is exact and fits the dtype. */
    switch (ref->dtype) {
    case TASD_INT8:
      for (size_t i = 0; i < n; i++)
        ((int8_t *)out->data)[i] =
            (int8_t)(((int8_t *)out->data)[i] + ((const int8_t *)dn->data)[i]);
      break;
    case TASD_INT16:
      for (size_t i = 0; i < n; i++)
        ((int16_t *)out->data)[i] =
            (int16_t)(((int16_t *)out->data)[i] + ((const int16_t *)dn->data)[i]);
      break;
    case TASD_INT32:
      for (size_t i = 0; i < n; i++)
        ((int32_t *)out->data)[i] =
            tasd_acc_add(((int32_t *)out->data)[i], ((const int32_t *)dn->data)[i]);
      break;
    case TASD_FLOAT32:
      for (size_t i = 0; i < n; i++) {
        float v = ((const float *)dn->data)[i];
        if (v != 0.0f) ((float *)out->data)[i] += v;
      }
      break;
    case TASD_UINT8: break; /* refused above */
    }
  }
  return TASD_OK;
}
