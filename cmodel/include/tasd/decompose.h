/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: tensor decomposition into TASD terms (int8, int16, float32); part of tasd.h. */
#ifndef TASD_DECOMPOSE_H
#define TASD_DECOMPOSE_H

#include <stddef.h>
#include <stdint.h>
#include "series.h"
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Tensor decomposition (int8, int16, float32).                                                */
/* rows = product of all but the last dimension, k = last dimension. Term t works on blocks of */
/* M_t along k; a tail shorter than M_t is padded with zeros at indices >= its length, which   */
/* rank like any zero (so real zeros, lower index, fill slots first). Padding never appears in */
/* dense views; compressed slots may point at it (value 0).                                    */
/* With mixed block sizes term t ranks the positions of each M_t block that no earlier term    */
/* took (for equal M this is exactly the block-rank rule above).                               */
/* ------------------------------------------------------------------------------------------ */
typedef struct {
  tasd_term_cfg cfg;
  size_t nblocks;    /* blocks per row: ceil(k / M_t) */
  tasd_tensor values;  /* dtype of input, shape [..leading dims.., nblocks, N_t], slot order */
  tasd_tensor indices; /* TASD_INT16, same shape: index of each slot inside its block */
  tasd_tensor dense;   /* same dtype and shape as the input: the term's dense view */
} tasd_term;

typedef struct {
  tasd_series series;
  size_t rows, k;
  tasd_term term[TASD_MAX_TERMS];
  tasd_tensor residual; /* input minus the sum of all terms (same dtype and shape) */
} tasd_decomp;

/* *out is zeroed first (free a previous result before reuse), so tasd_decomp_free is always   */
/* safe afterwards. Errors: TASD_ERR_DTYPE for int32, uint8 (and unknown) inputs;             */
/* TASD_ERR_SHAPE when ndim is 0 or TASD_MAX_DIMS (values/indices need one more dimension);    */
/* TASD_ERR_NAN; TASD_ERR_ILLEGAL_SERIES; TASD_ERR_NOMEM on allocation failure or overflow.    */
tasd_status tasd_decompose(const tasd_tensor *a, const tasd_series *s, tasd_decomp *out);
void tasd_decomp_free(tasd_decomp *d); /* NULL-safe, idempotent after a successful or failed call */
/* Sum of the dense views of all terms into out (allocated here, same dtype/shape as input).  */
/* TASD_ERR_DTYPE for a uint8 (or unknown) residual, which tasd_decompose never produces.     */
tasd_status tasd_reconstruct(const tasd_decomp *d, tasd_tensor *out);

#ifdef __cplusplus
}
#endif
#endif /* TASD_DECOMPOSE_H */
