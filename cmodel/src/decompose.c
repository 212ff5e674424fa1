/* SPDX-License-Identifier: Apache-2.0 */
/* Tensor decomposition along the last dimension into a TASD series, and reconstruction. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void copy_elem(tasd_dtype dt, void *dst, size_t di, const void *src, size_t si) {
  switch (dt) {
  case TASD_INT8: ((int8_t *)dst)[di] = ((const int8_t *)src)[si]; break;
  case TASD_INT16: ((int16_t *)dst)[di] = ((const int16_t *)src)[si]; break;
  case TASD_INT32: ((int32_t *)dst)[di] = ((const int32_t *)src)[si]; break;
  case TASD_FLOAT32: ((float *)dst)[di] = ((const float *)src)[si]; break;
  }
}

static uint32_t log2u(uint32_t m) {
  uint32_t l = 0;
  while ((1u << l) < m) l++;
  return l;
}

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

  uint32_t lg[TASD_MAX_TERMS];
  for (uint32_t t = 0; t < s->nterms; t++) lg[t] = log2u(s->term[t].m);
  const size_t es = tasd_dtype_size(a->dtype);
  for (size_t r = 0; r < rows && plan.plen > 0; r++) {
    const uint8_t *row = (const uint8_t *)a->data + r * k * es;
    tasd__mag_keys(a->dtype, row, k, keys); /* finite: checked above */
    /* keys[k..plen) stay 0 (padding) */
    tasd__row_select(&plan, keys, owner);
    size_t cur_block[TASD_MAX_TERMS];
    uint32_t slot[TASD_MAX_TERMS];
    for (uint32_t t = 0; t < s->nterms; t++) {
      cur_block[t] = (size_t)-1;
      slot[t] = 0;
    }
    for (size_t p = 0; p < plan.plen; p++) {
      uint8_t t = owner[p];
      if (t == TASD_DROPPED) {
        if (p < k) copy_elem(a->dtype, out->residual.data, r * k + p, row, p);
        continue;
      }
      size_t b = p >> lg[t];
      if (b != cur_block[t]) {
        cur_block[t] = b;
        slot[t] = 0;
      }
      tasd_term *tm = &out->term[t];
      size_t off = (r * tm->nblocks + b) * tm->cfg.n + slot[t]++;
      ((int16_t *)tm->indices.data)[off] = (int16_t)(p & ((1u << lg[t]) - 1u));
      if (p < k) {
        copy_elem(a->dtype, tm->values.data, off, row, p);
        copy_elem(a->dtype, tm->dense.data, r * k + p, row, p);
      }
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
    }
  }
  return TASD_OK;
}
