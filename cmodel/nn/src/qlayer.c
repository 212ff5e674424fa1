/* SPDX-License-Identifier: Apache-2.0 */
/* int8 layer operations shared by quantization and the forward pass: input, im2col, TASD approximation, GEMM + bias, post, pooling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qnet.h"

void tasd_nn_input_i8(const tasd_nn_data *d, uint32_t first, uint32_t n, int8_t *out) {
  const size_t hw = (size_t)d->h * d->w, img = hw * d->c;
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *px = d->x + (size_t)(first + i) * img;
    int8_t *o = out + (size_t)i * img;
    for (uint32_t c = 0; c < d->c; c++)
      for (size_t p = 0; p < hw; p++) {
        /* round(p * 127 / 255), half up: (2 * 127 * p + 255) / 510 */
        uint32_t v = px[c * hw + p];
        o[p * d->c + c] = (int8_t)((254u * v + 255u) / 510u);
      }
  }
}

size_t tasd_nn_qlayer_in_elems(const tasd_nn_qlayer *l) { return (size_t)l->in_c * l->in_h * l->in_w; }
size_t tasd_nn_qlayer_out_elems(const tasd_nn_qlayer *l) {
  return (size_t)l->out_c * l->out_h * l->out_w;
}

void tasd_nn_operand_x(const tasd_nn_qlayer *l, const int8_t *act, uint32_t n, int8_t *x) {
  const size_t in_img = tasd_nn_qlayer_in_elems(l);
  if (l->op == TASD_NN_FC) {
    memcpy(x, act, (size_t)n * in_img);
    return;
  }
  /* conv: one row per output position, K = (kh, kw, c) with c fastest */
  const uint32_t C = l->in_c, K = l->k;
  for (uint32_t i = 0; i < n; i++) {
    const int8_t *a = act + (size_t)i * in_img;
    for (uint32_t oy = 0; oy < l->out_h; oy++)
      for (uint32_t ox = 0; ox < l->out_w; ox++) {
        int8_t *row = x + (((size_t)i * l->out_h + oy) * l->out_w + ox) * l->kdim;
        for (uint32_t ky = 0; ky < K; ky++)
          for (uint32_t kx = 0; kx < K; kx++) {
            int8_t *dst = row + ((size_t)ky * K + kx) * C;
            long iy = (long)oy * l->stride + ky - l->pad, ix = (long)ox * l->stride + kx - l->pad;
            if (iy < 0 || ix < 0 || iy >= (long)l->in_h || ix >= (long)l->in_w)
              memset(dst, 0, C);
            else
              memcpy(dst, a + ((size_t)iy * l->in_w + (size_t)ix) * C, C);
          }
      }
  }
}

tasd_status tasd__nn_approx_rows(int8_t *mat, size_t rows, size_t cols, const tasd_series *s) {
  if (rows == 0 || cols == 0) return TASD_OK;
  tasd_tensor t = {TASD_INT8, 2, {rows, cols}, mat};
  tasd_decomp d;
  tasd_status st = tasd_decompose(&t, s, &d);
  if (st != TASD_OK) return st;
  tasd_tensor r;
  st = tasd_reconstruct(&d, &r);
  tasd_decomp_free(&d);
  if (st != TASD_OK) return st;
  memcpy(mat, r.data, rows * cols);
  tasd_tensor_free(&r);
  return TASD_OK;
}

void tasd_nn_transpose_i8(const int8_t *w, size_t out_c, size_t kdim, int8_t *wt) {
  for (size_t o = 0; o < out_c; o++)
    for (size_t k = 0; k < kdim; k++) wt[k * out_c + o] = w[o * kdim + k];
}

tasd_status tasd__nn_gemm_bias(const int8_t *x, const int8_t *w, const int32_t *bias,
                               size_t rows, size_t kdim, size_t out_c, int32_t *acc) {
  for (size_t r = 0; r < rows; r++) memcpy(acc + r * out_c, bias, out_c * sizeof *bias);
  return tasd_gemm_i8_bt(rows, out_c, kdim, x, kdim, w, kdim, acc, out_c, 1);
}

int8_t tasd_nn_qlayer_post(const tasd_nn_qlayer *l, int32_t acc) {
  tasd_post_cfg p = {l->relu, 1, l->shift};
  int32_t q = tasd_post_apply(&p, acc);
  if (l->act == TASD_NN_ACT_GELU) q = l->gelu_lut[q + 128];
  return (int8_t)q;
}

void tasd_nn_maxpool_i8(const tasd_nn_qlayer *l, const int8_t *in, uint32_t n, int8_t *out) {
  const uint32_t C = l->in_c, K = l->k;
  for (uint32_t i = 0; i < n; i++) {
    const int8_t *a = in + (size_t)i * tasd_nn_qlayer_in_elems(l);
    int8_t *o = out + (size_t)i * tasd_nn_qlayer_out_elems(l);
    for (uint32_t oy = 0; oy < l->out_h; oy++)
      for (uint32_t ox = 0; ox < l->out_w; ox++)
        for (uint32_t c = 0; c < C; c++) {
          int8_t m = INT8_MIN;
          for (uint32_t ky = 0; ky < K; ky++)
            for (uint32_t kx = 0; kx < K; kx++) {
              int8_t v = a[(((size_t)oy * K + ky) * l->in_w + (size_t)ox * K + kx) * C + c];
              if (v > m) m = v;
            }
          o[((size_t)oy * l->out_w + ox) * C + c] = m;
        }
  }
}
