/* SPDX-License-Identifier: Apache-2.0 */
/* libtasdnn private helpers of the int8 network units (quant.c, qforward.c, cycles.c, tasder_net.c). */
#ifndef TASD_NN_QNET_H
#define TASD_NN_QNET_H

#include "nn_internal.h"

/* Replaces rows x cols of the int8 matrix mat by the sum of the kept terms of series s along   */
/* its rows (tasd_decompose + tasd_reconstruct; tail padding as the tile's K blocks).          */
tasd_status tasd__nn_approx_rows(int8_t *mat, size_t rows, size_t cols, const tasd_series *s);

/* acc[r][o] = sum_k x[r][k] * w[o][k] + bias[o] (wrapping int32), rows x out_c.             */
tasd_status tasd__nn_gemm_bias(const int8_t *x, const int8_t *w, const int32_t *bias,
                               size_t rows, size_t kdim, size_t out_c, int32_t *acc);

#endif /* TASD_NN_QNET_H */
