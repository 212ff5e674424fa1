/* SPDX-License-Identifier: Apache-2.0 */
/* Independent brute-force reference of TASD selection used by the property tests: plain      */
/* doubles, a full selection sort per block, no code shared with the library.                  */
#ifndef TASD_REFMODEL_H
#define TASD_REFMODEL_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tasd.h"

static inline double ref_get(const tasd_tensor *t, size_t i) {
  switch (t->dtype) {
  case TASD_INT8: return ((const int8_t *)t->data)[i];
  case TASD_INT16: return ((const int16_t *)t->data)[i];
  case TASD_INT32: return ((const int32_t *)t->data)[i];
  case TASD_FLOAT32: return ((const float *)t->data)[i];
  case TASD_UINT8: return ((const uint8_t *)t->data)[i];
  }
  return 0.0;
}

static inline void ref_set(tasd_tensor *t, size_t i, double v) {
  switch (t->dtype) {
  case TASD_INT8: ((int8_t *)t->data)[i] = (int8_t)v; break;
  case TASD_INT16: ((int16_t *)t->data)[i] = (int16_t)v; break;
  case TASD_INT32: ((int32_t *)t->data)[i] = (int32_t)v; break;
  case TASD_FLOAT32: ((float *)t->data)[i] = (float)v; break;
  case TASD_UINT8: ((uint8_t *)t->data)[i] = (uint8_t)v; break;
  }
}

/* owner[r * plen + p] = term taking padded position p of row r (or -1). Returns plen. */
static inline size_t ref_select(const tasd_tensor *a, const tasd_series *s, int **owner_out) {
  size_t k = a->shape[a->ndim - 1], rows = 1;
  for (uint32_t i = 0; i + 1 < a->ndim; i++) rows *= a->shape[i];
  size_t plen = 0;
  for (uint32_t t = 0; t < s->nterms; t++) {
    size_t m = s->term[t].m, nb = (k + m - 1) / m;
    if (nb * m > plen) plen = nb * m;
  }
  int *owner = (int *)malloc((rows * plen + 1) * sizeof(int));
  for (size_t i = 0; i < rows * plen; i++) owner[i] = -1;
  for (size_t r = 0; r < rows; r++) {
    int *ow = owner + r * plen;
    for (uint32_t t = 0; t < s->nterms; t++) {
      size_t m = s->term[t].m, nb = (k + m - 1) / m;
      for (size_t b = 0; b < nb; b++) {
        for (uint32_t pick = 0; pick < s->term[t].n; pick++) {
          long best = -1;
          double bm = -1.0;
          for (size_t j = 0; j < m; j++) {
            size_t p = b * m + j;
            if (ow[p] != -1) continue;
            double mag = p < k ? fabs(ref_get(a, r * k + p)) : 0.0;
            if (mag > bm) { /* strict: ties keep the lower index */
              bm = mag;
              best = (long)p;
            }
          }
          if (best >= 0) ow[best] = (int)t;
        }
      }
    }
  }
  *owner_out = owner;
  return plen;
}

#endif
