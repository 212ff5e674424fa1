/* SPDX-License-Identifier: Apache-2.0 */
/* Dense tensors: dtype info, allocation, shape helpers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

size_t tasd_dtype_size(tasd_dtype dt) {
  switch (dt) {
  case TASD_INT8: return 1;
  case TASD_INT16: return 2;
  case TASD_INT32: return 4;
  case TASD_FLOAT32: return 4;
  case TASD_UINT8: return 1;
  }
  return 0;
}

const char *tasd_dtype_name(tasd_dtype dt) {
  switch (dt) {
  case TASD_INT8: return "int8";
  case TASD_INT16: return "int16";
  case TASD_INT32: return "int32";
  case TASD_FLOAT32: return "float32";
  case TASD_UINT8: return "uint8";
  }
  return "?";
}

size_t tasd__mul_size(size_t a, size_t b, int *ok) {
  if (a != 0 && b > ((size_t)-1) / a) {
    *ok = 0;
    return 0;
  }
  return a * b;
}

size_t tasd_tensor_numel(const tasd_tensor *t) {
  if (!t || t->ndim < 1 || t->ndim > TASD_MAX_DIMS) return 0;
  size_t n = 1;
  int ok = 1;
  for (uint32_t i = 0; i < t->ndim; i++) n = tasd__mul_size(n, t->shape[i], &ok);
  return ok ? n : 0;
}

void tasd__tensor_clear(tasd_tensor *t) { memset(t, 0, sizeof *t); }

tasd_status tasd_tensor_alloc(tasd_tensor *t, tasd_dtype dt, uint32_t ndim, const size_t *shape) {
  if (!t) return TASD_ERR_NULL;
  tasd__tensor_clear(t);
  if (!shape) return TASD_ERR_NULL;
  size_t es = tasd_dtype_size(dt);
  if (es == 0) return TASD_ERR_DTYPE;
  if (ndim < 1 || ndim > TASD_MAX_DIMS) return TASD_ERR_SHAPE;
  size_t n = 1;
  int ok = 1;
  for (uint32_t i = 0; i < ndim; i++) n = tasd__mul_size(n, shape[i], &ok);
  tasd__mul_size(n, es, &ok);
  if (!ok) return TASD_ERR_NOMEM;
  /* At least one byte so that data is never NULL for a valid tensor, even when empty. */
  void *d = calloc(n ? n : 1, es);
  if (!d) return TASD_ERR_NOMEM;
  t->dtype = dt;
  t->ndim = ndim;
  for (uint32_t i = 0; i < ndim; i++) t->shape[i] = shape[i];
  t->data = d;
  return TASD_OK;
}

void tasd_tensor_free(tasd_tensor *t) {
  if (!t) return;
  free(t->data);
  tasd__tensor_clear(t);
}

tasd_status tasd__rows_k(const tasd_tensor *t, size_t *rows, size_t *k) {
  if (!t) return TASD_ERR_NULL;
  if (t->ndim < 1 || t->ndim > TASD_MAX_DIMS) return TASD_ERR_SHAPE;
  size_t r = 1;
  int ok = 1;
  for (uint32_t i = 0; i + 1 < t->ndim; i++) r = tasd__mul_size(r, t->shape[i], &ok);
  size_t kk = t->shape[t->ndim - 1];
  tasd__mul_size(r, kk, &ok);
  if (!ok) return TASD_ERR_NOMEM;
  *rows = r;
  *k = kk;
  return TASD_OK;
}

tasd_status tasd__check_finite(const tasd_tensor *t) {
  if (t->dtype != TASD_FLOAT32) return TASD_OK;
  size_t n = tasd_tensor_numel(t);
  const float *p = (const float *)t->data;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(p[i])) return TASD_ERR_NAN;
  return TASD_OK;
}
