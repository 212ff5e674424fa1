/* SPDX-License-Identifier: Apache-2.0 */
/* Quantization of a float network to the tile's int8 scheme: per-tensor weight scales, int32 biases, per-layer requantization shifts from calibration images. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qnet.h"

void tasd_nn_qmodel_free(tasd_nn_qmodel *q) {
  if (!q) return;
  for (uint32_t i = 0; i < q->nlayers && i < TASD_NN_MAX_LAYERS; i++) {
    free(q->layer[i].w);
    free(q->layer[i].bias);
    q->layer[i].w = NULL;
    q->layer[i].bias = NULL;
  }
  q->nlayers = 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

uint64_t tasd_nn_qmodel_hash(const tasd_nn_qmodel *q) {
  uint64_t h = 14695981039346656037ull;
  if (!q) return h;
  for (uint32_t i = 0; i < q->nlayers; i++) {
    const tasd_nn_qlayer *l = &q->layer[i];
    if (l->op == TASD_NN_MAXPOOL) continue;
    h = fnv(h, l->w, (size_t)l->out_c * l->kdim);
    h = fnv(h, l->bias, (size_t)l->out_c * sizeof *l->bias);
    h = fnv(h, &l->shift, sizeof l->shift);
  }
  return h;
}

uint32_t tasd_nn_qmodel_gemm_count(const tasd_nn_qmodel *q) {
  uint32_t n = 0;
  for (uint32_t i = 0; q && i < q->nlayers; i++) n += q->layer[i].op != TASD_NN_MAXPOOL;
  return n;
}

int tasd_nn_qmodel_gemm_layer(const tasd_nn_qmodel *q, uint32_t g) {
  for (uint32_t i = 0; q && i < q->nlayers; i++)
    if (q->layer[i].op != TASD_NN_MAXPOOL && g-- == 0) return (int)i;
  return -1;
}

/* Float weights of layer l in the int8 model's K order: conv [o][c][ky][kx] -> [o][ky][kx][c];  */
/* fc after a spatial map: PyTorch's flatten (c, h, w) -> (h, w, c).                             */
static float w_at(const tasd_nn_layer *fl, const tasd_nn_qlayer *l, uint32_t o, uint32_t k) {
  if (l->op == TASD_NN_CONV) {
    uint32_t c = k % l->in_c, kx = (k / l->in_c) % l->k, ky = k / (l->in_c * l->k);
    return fl->w[(((size_t)o * l->in_c + c) * l->k + ky) * l->k + kx];
  }
  uint32_t c = k % l->in_c, hw = k / l->in_c;
  return fl->w[(size_t)o * l->kdim + (size_t)c * l->in_h * l->in_w + hw];
}

static double gelu(double x) { return 0.5 * x * (1.0 + erf(x / sqrt(2.0))); }

static int8_t sat8(double v) {
  long r = lround(v);
  return (int8_t)(r > 127 ? 127 : r < -128 ? -128 : r);
}

/* Smallest shift that maps maxv to <= 127 with the tile's rounding (half up). */
static uint32_t pick_shift(int64_t maxv) {
  for (uint32_t s = 0; s < 31; s++) {
    int64_t r = s ? ((maxv + ((int64_t)1 << (s - 1))) >> s) : maxv;
    if (r <= 127) return s;
  }
  return 31;
}

/* Layer shapes and int8 weights/bias (bias needs in_scale). */
/* in_c/in_h/in_w: the map entering the layer (an fc after a conv keeps the map's C, H, W so */
/* its weights can be permuted, whatever form the float model gives the flattened input).    */
static tasd_status quant_layer(const tasd_nn_layer *fl, tasd_nn_qlayer *l, double in_scale,
                               uint32_t in_c, uint32_t in_h, uint32_t in_w, char *errbuf,
                               size_t errlen) {
  memset(l, 0, sizeof *l);
  l->op = fl->op;
  l->act = fl->act;
  memcpy(l->name, fl->name, sizeof l->name);
  if ((size_t)in_c * in_h * in_w != (size_t)fl->in_c * fl->in_h * fl->in_w)
    return tasd_nn__fail(errbuf, errlen, TASD_ERR_SHAPE, "layer %s: input of %u x %u x %u does not fit the previous layer's %u x %u x %u",
                         fl->name, fl->in_c, fl->in_h, fl->in_w, in_c, in_h, in_w);
  l->in_c = in_c, l->in_h = in_h, l->in_w = in_w;
  if (fl->op != TASD_NN_FC) l->in_c = fl->in_c, l->in_h = fl->in_h, l->in_w = fl->in_w;
  l->out_c = fl->out_c, l->out_h = fl->out_h, l->out_w = fl->out_w;
  l->k = fl->k, l->stride = fl->stride, l->pad = fl->pad;
  l->in_scale = l->out_scale = in_scale;
  if (fl->op == TASD_NN_MAXPOOL) return TASD_OK;
  if (!fl->w || !fl->b)
    return tasd_nn__fail(errbuf, errlen, TASD_ERR_NULL, "layer %s: weights not loaded", fl->name);
  l->kdim = fl->op == TASD_NN_CONV ? fl->in_c * fl->k * fl->k : l->in_c * l->in_h * l->in_w;
  l->rows_per_img = fl->op == TASD_NN_CONV ? fl->out_h * fl->out_w : 1;
  l->relu = fl->act == TASD_NN_ACT_RELU;
  const size_t nw = (size_t)l->out_c * l->kdim;
  double wmax = 0;
  for (size_t i = 0; i < nw; i++) {
    double a = fabs((double)fl->w[i]);
    if (!isfinite(a))
      return tasd_nn__fail(errbuf, errlen, TASD_ERR_NAN, "layer %s: weight %zu is not finite",
                           fl->name, i);
    if (a > wmax) wmax = a;
  }
  l->w_scale = wmax > 0 ? wmax / 127.0 : 1.0;
  l->w = malloc(nw ? nw : 1);
  l->bias = malloc(l->out_c * sizeof *l->bias);
  if (!l->w || !l->bias) {
    free(l->w), free(l->bias);
    l->w = NULL, l->bias = NULL;
    return tasd_nn__fail(errbuf, errlen, TASD_ERR_NOMEM, "layer %s: out of memory", fl->name);
  }
  for (uint32_t o = 0; o < l->out_c; o++)
    for (uint32_t k = 0; k < l->kdim; k++)
      l->w[(size_t)o * l->kdim + k] = sat8(w_at(fl, l, o, k) / l->w_scale);
  const double acc_scale = in_scale * l->w_scale;
  for (uint32_t o = 0; o < l->out_c; o++) {
    double b = (double)fl->b[o] / acc_scale;
    if (!isfinite(b))
      return tasd_nn__fail(errbuf, errlen, TASD_ERR_NAN, "layer %s: bias %u is not finite",
                           fl->name, o);
    b = b > 2147483647.0 ? 2147483647.0 : b < -2147483648.0 ? -2147483648.0 : b;
    l->bias[o] = (int32_t)llround(b);
  }
  return TASD_OK;
}

tasd_status tasd_nn_quantize(const tasd_nn_model *m, const tasd_nn_data *cal, tasd_nn_qmodel *q,
                             char *errbuf, size_t errlen) {
  if (!m || !cal || !q) return TASD_ERR_NULL;
  if (m->nlayers == 0 || m->nlayers > TASD_NN_MAX_LAYERS ||
      m->layer[m->nlayers - 1].op == TASD_NN_MAXPOOL)
    return tasd_nn__fail(errbuf, errlen, TASD_ERR_SHAPE, "model must end in an fc/conv layer");
  if (cal->n == 0 || cal->c != m->in_c || cal->h != m->in_h || cal->w != m->in_w)
    return tasd_nn__fail(errbuf, errlen, TASD_ERR_SHAPE,
                         "calibration images %ux%ux%u (n=%u) do not fit the model input %ux%ux%u",
                         cal->c, cal->h, cal->w, cal->n, m->in_c, m->in_h, m->in_w);
  tasd_nn_qmodel r;
  memset(&r, 0, sizeof r);
  r.in_c = m->in_c, r.in_h = m->in_h, r.in_w = m->in_w, r.classes = m->classes;
  const uint32_t n = cal->n;
  tasd_status st = TASD_OK;
  int8_t *act = malloc((size_t)n * m->in_c * m->in_h * m->in_w), *nxt = NULL, *x = NULL;
  int32_t *acc = NULL;
  if (!act) return tasd_nn__fail(errbuf, errlen, TASD_ERR_NOMEM, "out of memory");
  tasd_nn_input_i8(cal, 0, n, act);
  double scale = 1.0 / 127.0;
  for (uint32_t i = 0; i < m->nlayers && st == TASD_OK; i++) {
    const tasd_nn_layer *fl = &m->layer[i];
    tasd_nn_qlayer *l = &r.layer[i];
    const uint32_t ic = i ? r.layer[i - 1].out_c : m->in_c, ih = i ? r.layer[i - 1].out_h : m->in_h,
                   iw = i ? r.layer[i - 1].out_w : m->in_w;
    st = quant_layer(fl, l, scale, ic, ih, iw, errbuf, errlen);
    r.nlayers = i + 1;
    if (st != TASD_OK) break;
    nxt = malloc((size_t)n * tasd_nn_qlayer_out_elems(l));
    if (!nxt) {
      st = tasd_nn__fail(errbuf, errlen, TASD_ERR_NOMEM, "out of memory");
      break;
    }
    if (l->op == TASD_NN_MAXPOOL) {
      tasd_nn_maxpool_i8(l, act, n, nxt);
    } else {
      const size_t rows = (size_t)n * l->rows_per_img;
      x = malloc(rows * l->kdim);
      acc = malloc(rows * l->out_c * sizeof *acc);
      if (!x || !acc) {
        st = tasd_nn__fail(errbuf, errlen, TASD_ERR_NOMEM, "out of memory");
        break;
      }
      tasd_nn_operand_x(l, act, n, x);
      st = tasd__nn_gemm_bias(x, l->w, l->bias, rows, l->kdim, l->out_c, acc);
      if (st != TASD_OK) break;
      int64_t maxv = 0;
      for (size_t j = 0; j < rows * l->out_c; j++) {
        int64_t v = acc[j];
        if (!l->relu && v < 0) v = -v;
        if (v > maxv) maxv = v;
      }
      l->shift = pick_shift(maxv);
      l->out_scale = l->in_scale * l->w_scale * ldexp(1.0, (int)l->shift);
      if (l->act == TASD_NN_ACT_GELU)
        for (int v = -128; v < 128; v++)
          l->gelu_lut[v + 128] = sat8(gelu(v * l->out_scale) / l->out_scale);
      for (size_t j = 0; j < rows * l->out_c; j++) nxt[j] = tasd_nn_qlayer_post(l, acc[j]);
      free(x), free(acc);
      x = NULL, acc = NULL;
      scale = l->out_scale;
    }
    free(act);
    act = nxt;
    nxt = NULL;
  }
  free(act), free(nxt), free(x), free(acc);
  if (st != TASD_OK) {
    tasd_nn_qmodel_free(&r);
    return st;
  }
  *q = r;
  return TASD_OK;
}
