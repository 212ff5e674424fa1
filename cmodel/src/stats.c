/* SPDX-License-Identifier: Apache-2.0 */
/* Statistics of a TASD series on a tensor: kept non-zeros/magnitude, MACs, relative error. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

tasd_status tasd_stats_compute(const tasd_tensor *a, const tasd_series *s, const tasd_tensor *b,
                               tasd_stats *out) {
  if (!out) return TASD_ERR_NULL;
  memset(out, 0, sizeof *out);
  if (!a || !s || !a->data) return TASD_ERR_NULL;
  size_t ncols = 1;
  if (b) {
    if (!b->data) return TASD_ERR_NULL;
    if (b->dtype != a->dtype) return TASD_ERR_DTYPE;
    if (a->ndim != 2 || b->ndim != 2 || b->shape[0] != a->shape[1]) return TASD_ERR_SHAPE;
    ncols = b->shape[1];
    tasd_status st = tasd__check_finite(b);
    if (st != TASD_OK) return st;
  }
  tasd_decomp d;
  tasd_status st = tasd_decompose(a, s, &d);
  if (st != TASD_OK) return st;
  size_t rows = d.rows, k = d.k, n = rows * k;
  tasd_stats r;
  memset(&r, 0, sizeof r);
  r.numel = n;
  for (size_t i = 0; i < n; i++) {
    double mag = tasd__mag_double(a->dtype, a->data, i);
    r.mag_total += mag;
    if (tasd__is_nonzero(a->dtype, a->data, i)) {
      r.nnz++;
      /* The residual holds exactly the dropped elements. */
      if (!tasd__is_nonzero(a->dtype, d.residual.data, i)) {
        r.nnz_kept++;
        r.mag_kept += mag;
      }
    }
  }
  r.pct_nnz_dropped = r.nnz ? 100.0 * (double)(r.nnz - r.nnz_kept) / (double)r.nnz : 0.0;
  r.pct_mag_dropped =
      r.mag_total > 0.0 ? 100.0 * (r.mag_total - r.mag_kept) / r.mag_total : 0.0;
  r.macs_dense = (uint64_t)rows * (uint64_t)k * (uint64_t)ncols;
  uint64_t per_row = 0;
  for (uint32_t t = 0; t < s->nterms; t++)
    per_row += (uint64_t)d.term[t].nblocks * (uint64_t)s->term[t].n;
  r.macs_tasd = (uint64_t)rows * per_row * (uint64_t)ncols;
  if (b) {
    r.has_b = 1;
    /* ||R B||_F / ||A B||_F in double; R = A - A* is the residual. */
    double *ab = (double *)calloc(ncols ? ncols : 1, sizeof(double));
    double *rb = (double *)calloc(ncols ? ncols : 1, sizeof(double));
    if (!ab || !rb) {
      free(ab);
      free(rb);
      tasd_decomp_free(&d);
      return TASD_ERR_NOMEM;
    }
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < rows; i++) {
      memset(ab, 0, ncols * sizeof(double));
      memset(rb, 0, ncols * sizeof(double));
      for (size_t p = 0; p < k; p++) {
        double av = tasd__elem_double(a->dtype, a->data, i * k + p);
        double rv = tasd__elem_double(a->dtype, d.residual.data, i * k + p);
        if (av == 0.0 && rv == 0.0) continue;
        for (size_t j = 0; j < ncols; j++) {
          double bv = tasd__elem_double(b->dtype, b->data, p * ncols + j);
          ab[j] += av * bv;
          rb[j] += rv * bv;
        }
      }
      for (size_t j = 0; j < ncols; j++) {
        num += rb[j] * rb[j];
        den += ab[j] * ab[j];
      }
    }
    r.rel_error = den > 0.0 ? sqrt(num) / sqrt(den) : 0.0;
    free(ab);
    free(rb);
  }
  tasd_decomp_free(&d);
  *out = r;
  return TASD_OK;
}
