/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: statistics of a decomposition (kept non-zeros and magnitude, MACs, error); part of tasd.h. */
#ifndef TASD_STATS_H
#define TASD_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "decompose.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Statistics                                                                                  */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  size_t numel;            /* elements of A */
  size_t nnz;              /* non-zeros of A */
  size_t nnz_kept;         /* non-zeros kept by the series */
  double mag_total;        /* sum of |a| */
  double mag_kept;         /* sum of |a| over kept elements */
  double pct_nnz_dropped;  /* 100 * (nnz - nnz_kept) / nnz, 0 when nnz == 0 */
  double pct_mag_dropped;  /* 100 * (mag_total - mag_kept) / mag_total, 0 when total == 0 */
  uint64_t macs_dense;     /* rows * k * ncols (ncols = B's columns, 1 without B) */
  uint64_t macs_tasd;      /* rows * sum_t nblocks_t * N_t * ncols */
  int has_b;               /* rel_error is valid */
  double rel_error;        /* ||(A - A*) B||_F / ||A B||_F (computed in double), 0 if AB == 0 */
} tasd_stats;

/* b may be NULL; otherwise 2-D [k, ncols] of A's dtype, and A must be 2-D. A's dtype as for  */
/* tasd_decompose (int32/uint8: TASD_ERR_DTYPE).                                               */
tasd_status tasd_stats_compute(const tasd_tensor *a, const tasd_series *s, const tasd_tensor *b,
                               tasd_stats *out);

#ifdef __cplusplus
}
#endif
#endif /* TASD_STATS_H */
