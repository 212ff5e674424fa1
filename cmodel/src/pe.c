/* SPDX-License-Identifier: Apache-2.0 */
/* The N:M PE: one block's dot product from compressed slots (mirrors rtl/tasd_pe.sv). */
#include "internal.h"

tasd_status tasd_pe_dot_i32(const int32_t *vals, const uint8_t *idx, uint32_t n,
                            const int32_t *b_block, uint32_t m, int32_t acc_in, int32_t *acc_out) {
  if (!acc_out || !b_block || (n > 0 && (!vals || !idx))) return TASD_ERR_NULL;
  if (m == 0 || m > TASD_MAX_M || n > m) return TASD_ERR_RANGE;
  for (uint32_t k = 0; k < n; k++)
    if (idx[k] >= m) return TASD_ERR_RANGE;
  int32_t acc = acc_in;
  for (uint32_t k = 0; k < n; k++) acc = tasd_acc_add(acc, tasd_mul_i32(vals[k], b_block[idx[k]]));
  *acc_out = acc;
  return TASD_OK;
}
