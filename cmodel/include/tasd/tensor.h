/* SPDX-License-Identifier: Apache-2.0 */
/* libtasd: dense tensors: dtypes, allocation; part of tasd.h. */
#ifndef TASD_TENSOR_H
#define TASD_TENSOR_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Tensors: dense, C order. Decomposition works along the last dimension.                      */
/* ------------------------------------------------------------------------------------------ */
/* TASD_UINT8 holds raw bytes (IDX images/labels, .npy '|u1'); decomposition and GEMM refuse it. */
typedef enum { TASD_INT8 = 0, TASD_INT16 = 1, TASD_INT32 = 2, TASD_FLOAT32 = 3, TASD_UINT8 = 4 } tasd_dtype;

typedef struct {
  tasd_dtype dtype;
  uint32_t ndim;                /* 1..TASD_MAX_DIMS */
  size_t shape[TASD_MAX_DIMS];
  void *data;                   /* owned by whoever allocated it */
} tasd_tensor;

size_t tasd_dtype_size(tasd_dtype dt);          /* 0 for an unknown dtype */
const char *tasd_dtype_name(tasd_dtype dt);     /* "int8", ...; "?" when unknown */
size_t tasd_tensor_numel(const tasd_tensor *t); /* 0 on NULL */
/* Allocates zeroed data (calloc). ndim 1..TASD_MAX_DIMS; any shape entry may be 0 (data is   */
/* still non-NULL). On failure *t is emptied (data NULL), so tasd_tensor_free stays safe.     */
tasd_status tasd_tensor_alloc(tasd_tensor *t, tasd_dtype dt, uint32_t ndim, const size_t *shape);
void tasd_tensor_free(tasd_tensor *t);          /* frees data, NULL-safe, idempotent */

#ifdef __cplusplus
}
#endif
#endif /* TASD_TENSOR_H */
