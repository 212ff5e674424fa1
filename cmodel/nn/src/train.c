/* SPDX-License-Identifier: Apache-2.0 */
/* Float networks: PRNG, He init, forward/backward (fc, conv as im2col + sgemm, maxpool), SGD training, pruning. */
/*
 * Layout: activations are [batch][c][h][w] float32, C order, so an fc after a conv sees the
 * PyTorch flatten order for free. Every GEMM is OpenBLAS cblas_sgemm in row-major form, on one
 * thread (see tasd_nn.h for why):
 *   fc    Z[B][O]      = X[B][I] * W[O][I]^T                 dW = dZ^T X, dX = dZ W
 *   conv  Zc[O][B*P]   = W[O][C*K*K] * col[C*K*K][B*P]       dW = dZc col^T, dcol = W^T dZc
 * where P = OH * OW and col is the im2col matrix (row = one weight position (c, ki, kj),
 * column = one output position (b, oh, ow); zero padding). A conv runs over chunks of images
 * whose col fits CONV_CHUNK floats (cache-sized), and the backward pass rebuilds col instead of
 * storing it. Zc -> Z[B][O][P] moves contiguous runs of P floats.
 * Buffers are sized for one batch (at most 256 images for inference).
 */
#include <cblas.h> /* OpenBLAS's: pulls in <complex.h>, so no variable may be called I */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn_internal.h"

#define INFER_BATCH 256u
#define CONV_CHUNK (256u * 1024u) /* floats of one im2col chunk (1 MiB) */
#define PI_D 3.14159265358979323846

/* ---------------------------------------------------------------------------------------- */
/* PRNG: xoshiro256** (Blackman & Vigna), state filled by splitmix64.                       */
/* ---------------------------------------------------------------------------------------- */
static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void tasd_nn__rng_seed(tasd_nn__rng *r, uint64_t seed, uint64_t stream) {
  uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
  if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0) r->s[0] = 1; /* never all zero */
}

uint64_t tasd_nn__rng_next(tasd_nn__rng *r) {
  uint64_t *s = r->s;
  uint64_t res = rotl64(s[1] * 5u, 7) * 9u, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64(s[3], 45);
  return res;
}

uint32_t tasd_nn__rng_below(tasd_nn__rng *r, uint64_t n) {
  return (uint32_t)(((tasd_nn__rng_next(r) >> 32) * n) >> 32);
}

double tasd_nn__rng_normal(tasd_nn__rng *r) {
  double u1 = (double)((tasd_nn__rng_next(r) >> 11) + 1u) * 0x1.0p-53; /* (0, 1] */
  double u2 = (double)(tasd_nn__rng_next(r) >> 11) * 0x1.0p-53;        /* [0, 1) */
  return sqrt(-2.0 * log(u1)) * cos(2.0 * PI_D * u2);
}

/* ---------------------------------------------------------------------------------------- */
/* Activations                                                                              */
/* ---------------------------------------------------------------------------------------- */
#define SQRT1_2_F 0.70710678118654752440f
#define INV_SQRT_2PI_F 0.39894228040143267794f

/* max(x, 0) without a branch (ReLU signs are random: a branch mispredicts half the time): the */
/* sign bit's arithmetic shift masks negatives (and -0) to +0. Equals x > 0 ? x : +0.0f.      */
static inline float relu_f32(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  u &= ~(uint32_t)((int32_t)u >> 31);
  memcpy(&x, &u, sizeof x);
  return x;
}

float tasd_nn_act_f32(tasd_nn_act act, float x) {
  switch (act) {
  case TASD_NN_ACT_RELU: return relu_f32(x);
  case TASD_NN_ACT_GELU: return 0.5f * x * (1.0f + erff(x * SQRT1_2_F));
  case TASD_NN_ACT_NONE: return x;
  }
  return x;
}

/* d act / dx at pre-activation x. */
static float act_grad(tasd_nn_act act, float x) {
  switch (act) {
  case TASD_NN_ACT_RELU: return x > 0.0f ? 1.0f : 0.0f;
  case TASD_NN_ACT_GELU:
    return 0.5f * (1.0f + erff(x * SQRT1_2_F)) + x * INV_SQRT_2PI_F * expf(-0.5f * x * x);
  case TASD_NN_ACT_NONE: return 1.0f;
  }
  return 1.0f;
}

/* ---------------------------------------------------------------------------------------- */
/* Checks                                                                                   */
/* ---------------------------------------------------------------------------------------- */
static int has_params(const tasd_nn_layer *l) { return l->op == TASD_NN_FC || l->op == TASD_NN_CONV; }

static size_t in_size(const tasd_nn_model *m) { return (size_t)m->in_c * m->in_h * m->in_w; }

/* A parsed model (with arrays when need_arrays). */
static tasd_status check_model(const tasd_nn_model *m, int need_arrays) {
  if (m == NULL) return TASD_ERR_NULL;
  if (m->nlayers == 0 || m->nlayers > TASD_NN_MAX_LAYERS || m->classes == 0) return TASD_ERR_RANGE;
  if (need_arrays)
    for (uint32_t i = 0; i < m->nlayers; i++)
      if (has_params(&m->layer[i]) && (m->layer[i].w == NULL || m->layer[i].b == NULL))
        return TASD_ERR_NULL;
  return TASD_OK;
}

/* The data's images fit the model input: same (c, h, w), or an "input N 1 1" fc net with     */
/* N = c * h * w (the flattened image).                                                        */
static tasd_status check_data(const tasd_nn_model *m, const tasd_nn_data *d) {
  if (d == NULL) return TASD_ERR_NULL;
  if (d->n > 0 && (d->x == NULL || d->y == NULL)) return TASD_ERR_NULL;
  int same = d->c == m->in_c && d->h == m->in_h && d->w == m->in_w;
  int flat = m->in_h == 1 && m->in_w == 1 && m->layer[0].op == TASD_NN_FC &&
             (uint64_t)d->c * d->h * d->w == m->in_c;
  return same || flat ? TASD_OK : TASD_ERR_SHAPE;
}

static void logf_line(FILE *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_line(FILE *log, const char *fmt, ...) {
  if (log == NULL) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(log, fmt, ap);
  va_end(ap);
  fflush(log);
}

/* ---------------------------------------------------------------------------------------- */
/* Workspace: one batch of activations (and gradients when training).                       */
/* ---------------------------------------------------------------------------------------- */
typedef struct {
  uint32_t bmax;
  int train;
  float *a[TASD_NN_MAX_LAYERS + 1]; /* a[0] input, a[i + 1] output of layer i */
  float *z[TASD_NN_MAX_LAYERS];     /* training, GELU layers: pre-activation (ReLU: from a[i+1]) */
  int32_t *arg[TASD_NN_MAX_LAYERS]; /* training, maxpool: per output, its maximum's input index */
  float *col, *tmp, *dcol;          /* im2col chunk, its [O][G*P] output / gradient, col gradient */
  float *g[2];                      /* training: gradient ping-pong */
} ws_t;

/* Images per conv chunk: as many as keep col within CONV_CHUNK floats (at least 1, at most nb). */
static uint32_t conv_chunk(const tasd_nn_layer *l, uint32_t nb) {
  uint64_t per = (uint64_t)l->in_c * l->k * l->k * l->out_h * l->out_w;
  uint64_t g = per ? CONV_CHUNK / per : nb;
  if (g < 1) g = 1;
  return g < nb ? (uint32_t)g : nb;
}

static void ws_free(ws_t *w) {
  for (uint32_t i = 0; i <= TASD_NN_MAX_LAYERS; i++) free(w->a[i]);
  for (uint32_t i = 0; i < TASD_NN_MAX_LAYERS; i++) {
    free(w->z[i]);
    free(w->arg[i]);
  }
  free(w->col);
  free(w->tmp);
  free(w->dcol);
  free(w->g[0]);
  free(w->g[1]);
  memset(w, 0, sizeof *w);
}

/* n elements of size es, NULL on overflow or failure (never for n == 0: one element). */
static void *alloc_n(size_t n, size_t es) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX / es) return NULL;
  return malloc(n * es);
}

static tasd_status ws_alloc(ws_t *w, const tasd_nn_model *m, uint32_t bmax, int train) {
  memset(w, 0, sizeof *w);
  w->bmax = bmax;
  w->train = train;
  size_t maxact = 0, maxcol = 0, maxtmp = 0;
  for (uint32_t i = 0; i <= m->nlayers; i++) {
    size_t s = tasd_nn__act_size(m, i);
    if (s > maxact) maxact = s;
  }
  if ((uint64_t)bmax * maxact > (uint64_t)INT_MAX) return TASD_ERR_NOMEM;
  for (uint32_t i = 0; i < m->nlayers; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    if (l->op != TASD_NN_CONV) continue;
    uint64_t rows = (uint64_t)conv_chunk(l, bmax) * l->out_h * l->out_w;
    uint64_t ckk = (uint64_t)l->in_c * l->k * l->k;
    if (rows > INT_MAX || rows * ckk > SIZE_MAX / sizeof(float)) return TASD_ERR_NOMEM;
    if (rows * ckk > maxcol) maxcol = (size_t)(rows * ckk);
    if (rows * l->out_c > maxtmp) maxtmp = (size_t)(rows * l->out_c);
  }
  int ok = 1;
  for (uint32_t i = 0; i <= m->nlayers && ok; i++) {
    /* maxpool / act-free outputs still get their own buffer: every layer reads a[i] */
    w->a[i] = alloc_n((size_t)bmax * tasd_nn__act_size(m, i), sizeof(float));
    ok = w->a[i] != NULL;
  }
  for (uint32_t i = 0; i < m->nlayers && ok && train; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    size_t s = (size_t)bmax * tasd_nn__act_size(m, i + 1);
    if (has_params(l) && l->act == TASD_NN_ACT_GELU) ok = (w->z[i] = alloc_n(s, sizeof(float))) != NULL;
    if (l->op == TASD_NN_MAXPOOL) ok = (w->arg[i] = alloc_n(s, sizeof(int32_t))) != NULL;
  }
  if (ok && maxcol) ok = (w->col = alloc_n(maxcol, sizeof(float))) != NULL;
  if (ok && maxtmp) ok = (w->tmp = alloc_n(maxtmp, sizeof(float))) != NULL;
  if (ok && maxcol && train) ok = (w->dcol = alloc_n(maxcol, sizeof(float))) != NULL;
  if (ok && train) ok = (w->g[0] = alloc_n((size_t)bmax * maxact, sizeof(float))) != NULL &&
                        (w->g[1] = alloc_n((size_t)bmax * maxact, sizeof(float))) != NULL;
  if (!ok) {
    ws_free(w);
    return TASD_ERR_NOMEM;
  }
  return TASD_OK;
}

/* Images [idx[0..nb-1]] (idx NULL: first..first+nb-1) of d into a[0], scaled. */
static void load_batch(const ws_t *w, const tasd_nn_data *d, const uint32_t *idx, uint32_t first,
                       uint32_t nb) {
  size_t img = (size_t)d->c * d->h * d->w;
  float *x = w->a[0];
  for (uint32_t b = 0; b < nb; b++) {
    const uint8_t *src = d->x + (size_t)(idx ? idx[first + b] : first + b) * img;
    for (size_t k = 0; k < img; k++) x[(size_t)b * img + k] = (float)src[k] * TASD_NN_PIXEL_SCALE;
  }
}

/* ---------------------------------------------------------------------------------------- */
/* Layers                                                                                   */
/* ---------------------------------------------------------------------------------------- */
/* col[(c * K + ki) * K + kj][(b * OH + oh) * OW + ow] = x[b][c][oh*S + ki - PAD][ow*S + kj - PAD] */
/* (0 outside the map).                                                                          */
static void im2col(const tasd_nn_layer *l, const float *x, uint32_t nb, float *col) {
  const uint32_t C = l->in_c, H = l->in_h, W = l->in_w, K = l->k, S = l->stride, PD = l->pad;
  const uint32_t OH = l->out_h, OW = l->out_w;
  const size_t img = (size_t)C * H * W, P = (size_t)OH * OW, bp = (size_t)nb * P;
  for (uint32_t c = 0; c < C; c++)
    for (uint32_t ki = 0; ki < K; ki++)
      for (uint32_t kj = 0; kj < K; kj++) {
        float *row = col + (((size_t)c * K + ki) * K + kj) * bp;
        /* output columns whose input column is inside the map: ow in [ow0, ow1) */
        uint32_t ow0 = 0, ow1 = 0;
        while (ow0 < OW && (int64_t)ow0 * S + kj < (int64_t)PD) ow0++;
        ow1 = ow0;
        while (ow1 < OW && (int64_t)ow1 * S + kj - PD < (int64_t)W) ow1++;
        for (uint32_t b = 0; b < nb; b++) {
          const float *xc = x + (size_t)b * img + (size_t)c * H * W;
          for (uint32_t oh = 0; oh < OH; oh++) {
            float *r = row + (size_t)b * P + (size_t)oh * OW;
            int64_t ih = (int64_t)oh * S + ki - PD;
            if (ih < 0 || ih >= (int64_t)H || ow0 >= ow1) {
              memset(r, 0, (size_t)OW * sizeof(float));
              continue;
            }
            /* input column of output column ow0 (>= 0 by the choice of ow0), then every S-th */
            const float *xr = xc + (size_t)ih * W + ((size_t)ow0 * S + kj - PD);
            for (uint32_t ow = 0; ow < ow0; ow++) r[ow] = 0.0f;
            if (S == 1)
              memcpy(r + ow0, xr, (size_t)(ow1 - ow0) * sizeof(float));
            else
              for (uint32_t ow = ow0; ow < ow1; ow++) r[ow] = xr[(size_t)(ow - ow0) * S];
            for (uint32_t ow = ow1; ow < OW; ow++) r[ow] = 0.0f;
          }
        }
      }
}

/* dx += col2im(dcol) (the transpose of im2col); dx must be zeroed by the caller. */
static void col2im(const tasd_nn_layer *l, const float *dcol, uint32_t nb, float *dx) {
  const uint32_t C = l->in_c, H = l->in_h, W = l->in_w, K = l->k, S = l->stride, PD = l->pad;
  const uint32_t OH = l->out_h, OW = l->out_w;
  const size_t img = (size_t)C * H * W, P = (size_t)OH * OW, bp = (size_t)nb * P;
  for (uint32_t c = 0; c < C; c++)
    for (uint32_t ki = 0; ki < K; ki++)
      for (uint32_t kj = 0; kj < K; kj++) {
        const float *row = dcol + (((size_t)c * K + ki) * K + kj) * bp;
        uint32_t ow0 = 0, ow1 = 0;
        while (ow0 < OW && (int64_t)ow0 * S + kj < (int64_t)PD) ow0++;
        ow1 = ow0;
        while (ow1 < OW && (int64_t)ow1 * S + kj - PD < (int64_t)W) ow1++;
        for (uint32_t b = 0; b < nb; b++) {
          float *xc = dx + (size_t)b * img + (size_t)c * H * W;
          for (uint32_t oh = 0; oh < OH; oh++) {
            int64_t ih = (int64_t)oh * S + ki - PD;
            if (ih < 0 || ih >= (int64_t)H) continue;
            const float *r = row + (size_t)b * P + (size_t)oh * OW;
            if (ow0 >= ow1) continue;
            float *xr = xc + (size_t)ih * W + ((size_t)ow0 * S + kj - PD);
            for (uint32_t ow = ow0; ow < ow1; ow++) xr[(size_t)(ow - ow0) * S] += r[ow];
          }
        }
      }
}

/* y[j] = act(src[j] + bias), z[j] = src[j] + bias when z != NULL; src may be y (in place). */
static void bias_act(tasd_nn_act act, const float *src, float bias, size_t n, float *z, float *y) {
  if (z != NULL) {
    for (size_t j = 0; j < n; j++) z[j] = src[j] + bias;
    src = z;
    bias = 0.0f;
  }
  switch (act) {
  case TASD_NN_ACT_RELU:
    for (size_t j = 0; j < n; j++) y[j] = relu_f32(src[j] + bias);
    break;
  case TASD_NN_ACT_GELU:
    for (size_t j = 0; j < n; j++) y[j] = tasd_nn_act_f32(TASD_NN_ACT_GELU, src[j] + bias);
    break;
  case TASD_NN_ACT_NONE:
    for (size_t j = 0; j < n; j++) y[j] = src[j] + bias;
    break;
  }
}

/* Layer i forward on nb images: a[i] -> (z[i] ->) a[i + 1]. */
static void fwd_layer(ws_t *w, const tasd_nn_layer *l, uint32_t i, uint32_t nb) {
  const float *x = w->a[i];
  float *y = w->a[i + 1];
  float *z = w->z[i]; /* kept pre-activation (GELU, training) or NULL */
  if (l->op == TASD_NN_FC) {
    const int O = (int)l->out_c, NI = (int)l->in_c;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, O, NI, 1.0f, x, NI, l->w, NI, 0.0f, y, O);
    /* rows of y: + bias, activation (z keeps the pre-activation) */
    for (uint32_t b = 0; b < nb; b++) {
      float *yr = y + (size_t)b * l->out_c, *zr = z ? z + (size_t)b * l->out_c : NULL;
      for (uint32_t o = 0; o < l->out_c; o++) {
        float v = yr[o] + l->b[o];
        if (zr) zr[o] = v;
        yr[o] = tasd_nn_act_f32(l->act, v);
      }
    }
  } else if (l->op == TASD_NN_CONV) {
    const size_t P = (size_t)l->out_h * l->out_w, O = l->out_c, img = (size_t)l->in_c * l->in_h * l->in_w;
    const int ckk = (int)(l->in_c * l->k * l->k);
    const uint32_t G = conv_chunk(l, nb);
    for (uint32_t b0 = 0; b0 < nb; b0 += G) {
      const uint32_t g = nb - b0 < G ? nb - b0 : G;
      const size_t gp = (size_t)g * P;
      im2col(l, x + (size_t)b0 * img, g, w->col);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)O, (int)gp, ckk, 1.0f, l->w, ckk, w->col,
                  (int)gp, 0.0f, w->tmp, (int)gp);
      for (uint32_t b = 0; b < g; b++)
        for (size_t o = 0; o < O; o++) {
          size_t at = ((size_t)(b0 + b) * O + o) * P;
          bias_act(l->act, w->tmp + o * gp + (size_t)b * P, l->b[o], P, z ? z + at : NULL, y + at);
        }
    }
  } else {
    const uint32_t C = l->in_c, H = l->in_h, W = l->in_w, K = l->k, OH = l->out_h, OW = l->out_w;
    for (uint32_t b = 0; b < nb; b++)
      for (uint32_t c = 0; c < C; c++)
        for (uint32_t oh = 0; oh < OH; oh++)
          for (uint32_t ow = 0; ow < OW; ow++) {
            size_t best = ((size_t)c * H + (size_t)oh * K) * W + (size_t)ow * K;
            float bv = x[(size_t)b * C * H * W + best];
            for (uint32_t ki = 0; ki < K; ki++)
              for (uint32_t kj = 0; kj < K; kj++) {
                size_t at = ((size_t)c * H + (size_t)oh * K + ki) * W + (size_t)ow * K + kj;
                float v = x[(size_t)b * C * H * W + at];
                if (v > bv) { /* first maximum wins */
                  bv = v;
                  best = at;
                }
              }
            size_t o = (((size_t)b * C + c) * OH + oh) * OW + ow;
            y[o] = bv;
            if (w->arg[i]) w->arg[i][o] = (int32_t)best;
          }
  }
}

static void forward(ws_t *w, const tasd_nn_model *m, uint32_t nb) {
  for (uint32_t i = 0; i < m->nlayers; i++) fwd_layer(w, &m->layer[i], i, nb);
}

/* Mean cross-entropy of the logits a[L] against y; when grad != NULL also d loss / d logits   */
/* into grad ([nb][classes]). *correct counts argmax hits (ties: lower class).                 */
static double softmax_xent(const ws_t *w, const tasd_nn_model *m, uint32_t nb, const uint8_t *y,
                           float *grad, uint32_t *correct) {
  const uint32_t K = m->classes;
  const float *lg = w->a[m->nlayers];
  double loss = 0.0;
  uint32_t hits = 0;
  for (uint32_t b = 0; b < nb; b++) {
    const float *r = lg + (size_t)b * K;
    uint32_t am = 0;
    for (uint32_t k = 1; k < K; k++)
      if (r[k] > r[am]) am = k;
    hits += am == y[b];
    double mx = r[am], s = 0.0;
    for (uint32_t k = 0; k < K; k++) s += exp((double)r[k] - mx);
    loss += log(s) + mx - (double)r[y[b]];
    if (grad)
      for (uint32_t k = 0; k < K; k++) {
        double p = exp((double)r[k] - mx) / s;
        grad[(size_t)b * K + k] = (float)((p - (k == y[b] ? 1.0 : 0.0)) / (double)nb);
      }
  }
  if (correct) *correct = hits;
  return loss / (double)nb;
}

/* Backward pass of a forward(w, m, nb) done with a training workspace; gl holds d loss /d     */
/* logits in w->g[0]. Writes dW / db of every fc/conv layer.                                   */
static void backward(ws_t *w, const tasd_nn_model *m, uint32_t nb, float *const *dw, float *const *db) {
  float *gc = w->g[0], *gn = w->g[1];
  for (uint32_t ii = m->nlayers; ii-- > 0;) {
    const tasd_nn_layer *l = &m->layer[ii];
    const float *x = w->a[ii];
    const size_t nout = (size_t)nb * l->out_c * l->out_h * l->out_w;
    if (has_params(l) && l->act == TASD_NN_ACT_RELU) {
      /* y > 0 (bits != 0: y is +0 or positive) exactly where the pre-activation is > 0 */
      const float *y = w->a[ii + 1];
      for (size_t j = 0; j < nout; j++) {
        uint32_t yb, gb;
        memcpy(&yb, &y[j], sizeof yb);
        memcpy(&gb, &gc[j], sizeof gb);
        gb &= 0u - (uint32_t)(yb != 0);
        memcpy(&gc[j], &gb, sizeof gb);
      }
    } else if (has_params(l) && l->act == TASD_NN_ACT_GELU) {
      for (size_t j = 0; j < nout; j++) gc[j] *= act_grad(l->act, w->z[ii][j]);
    }
    if (l->op == TASD_NN_FC) {
      const int O = (int)l->out_c, NI = (int)l->in_c;
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, O, NI, (int)nb, 1.0f, gc, O, x, NI, 0.0f, dw[ii], NI);
      for (uint32_t o = 0; o < l->out_c; o++) {
        float s = 0.0f;
        for (uint32_t b = 0; b < nb; b++) s += gc[(size_t)b * l->out_c + o];
        db[ii][o] = s;
      }
      if (ii > 0)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nb, NI, O, 1.0f, gc, O, l->w, NI, 0.0f, gn, NI);
    } else if (l->op == TASD_NN_CONV) {
      const size_t P = (size_t)l->out_h * l->out_w, O = l->out_c, img = (size_t)l->in_c * l->in_h * l->in_w;
      const int ckk = (int)(l->in_c * l->k * l->k);
      const uint32_t G = conv_chunk(l, nb);
      memset(db[ii], 0, O * sizeof(float));
      if (ii > 0) memset(gn, 0, (size_t)nb * img * sizeof(float));
      for (uint32_t b0 = 0; b0 < nb; b0 += G) {
        const uint32_t g = nb - b0 < G ? nb - b0 : G;
        const size_t gp = (size_t)g * P;
        for (uint32_t b = 0; b < g; b++)
          for (size_t o = 0; o < O; o++)
            memcpy(w->tmp + o * gp + (size_t)b * P, gc + ((size_t)(b0 + b) * O + o) * P, P * sizeof(float));
        for (size_t o = 0; o < O; o++) {
          const float *t = w->tmp + o * gp;
          float s = 0.0f;
          for (size_t j = 0; j < gp; j++) s += t[j];
          db[ii][o] += s;
        }
        im2col(l, x + (size_t)b0 * img, g, w->col);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)O, ckk, (int)gp, 1.0f, w->tmp, (int)gp, w->col,
                    (int)gp, b0 == 0 ? 0.0f : 1.0f, dw[ii], ckk);
        if (ii > 0) {
          cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, ckk, (int)gp, (int)O, 1.0f, l->w, ckk, w->tmp,
                      (int)gp, 0.0f, w->dcol, (int)gp);
          col2im(l, w->dcol, g, gn + (size_t)b0 * img);
        }
      }
    } else if (ii > 0) {
      const size_t isz = (size_t)l->in_c * l->in_h * l->in_w, osz = nout / nb;
      memset(gn, 0, (size_t)nb * isz * sizeof(float));
      for (uint32_t b = 0; b < nb; b++)
        for (size_t j = 0; j < osz; j++)
          gn[(size_t)b * isz + (size_t)w->arg[ii][(size_t)b * osz + j]] += gc[(size_t)b * osz + j];
    }
    float *t = gc;
    gc = gn;
    gn = t;
  }
}

/* ---------------------------------------------------------------------------------------- */
/* Public entry points                                                                      */
/* ---------------------------------------------------------------------------------------- */
const char *tasd_nn_blas_core(void) {
  const char *c = openblas_get_corename();
  return c ? c : "?";
}

tasd_status tasd_nn_model_init(tasd_nn_model *m, uint64_t seed) {
  tasd_status st = check_model(m, 0);
  if (st != TASD_OK) return st;
  st = tasd_nn_model_alloc(m); /* zeroes arrays already present */
  if (st != TASD_OK) return st;
  tasd_nn__rng r;
  tasd_nn__rng_seed(&r, seed, 1);
  for (uint32_t i = 0; i < m->nlayers; i++) {
    tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    size_t nw = tasd_nn_layer_weights(l);
    size_t fan_in = nw / l->out_c;
    double sd = sqrt(2.0 / (double)fan_in);
    for (size_t j = 0; j < nw; j++) l->w[j] = (float)(sd * tasd_nn__rng_normal(&r));
  }
  return TASD_OK;
}

tasd_status tasd_nn__loss_grad(const tasd_nn_model *m, const float *x, const uint8_t *y, uint32_t n,
                               double *loss, float *const *gw, float *const *gb) {
  tasd_status st = check_model(m, 1);
  if (st != TASD_OK) return st;
  if (x == NULL || y == NULL || loss == NULL || gw == NULL || gb == NULL) return TASD_ERR_NULL;
  if (n == 0) return TASD_ERR_RANGE;
  for (uint32_t b = 0; b < n; b++)
    if (y[b] >= m->classes) return TASD_ERR_RANGE;
  openblas_set_num_threads(1);
  ws_t w;
  if ((st = ws_alloc(&w, m, n, 1)) != TASD_OK) return st;
  memcpy(w.a[0], x, (size_t)n * in_size(m) * sizeof(float));
  forward(&w, m, n);
  *loss = softmax_xent(&w, m, n, y, w.g[0], NULL);
  backward(&w, m, n, gw, gb);
  ws_free(&w);
  return TASD_OK;
}

static int finite_all(const float *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(v[i])) return 0;
  return 1;
}

tasd_status tasd_nn_train(tasd_nn_model *m, const tasd_nn_data *train, const tasd_nn_train_cfg *cfg,
                          uint8_t *const *mask, FILE *log) {
  tasd_status st = check_model(m, 1);
  if (st != TASD_OK || train == NULL || cfg == NULL) {
    logf_line(log, "tasd_nn_train: error: %s\n",
              st == TASD_ERR_RANGE ? "model not parsed (no layers)" : "NULL model, array, data or config");
    return st != TASD_OK ? st : TASD_ERR_NULL;
  }
  if ((st = check_data(m, train)) != TASD_OK) {
    logf_line(log, "tasd_nn_train: error: data images %" PRIu32 "x%" PRIu32 "x%" PRIu32
              " do not fit the model input %" PRIu32 "x%" PRIu32 "x%" PRIu32 "\n",
              train->c, train->h, train->w, m->in_c, m->in_h, m->in_w);
    return st;
  }
  if (cfg->epochs == 0 || cfg->batch == 0 || train->n == 0 || !isfinite(cfg->lr) || cfg->lr <= 0.0f ||
      !isfinite(cfg->momentum) || cfg->momentum < 0.0f || cfg->momentum >= 1.0f ||
      !isfinite(cfg->weight_decay) || cfg->weight_decay < 0.0f) {
    logf_line(log, "tasd_nn_train: error: bad configuration (epochs %" PRIu32 ", batch %" PRIu32
              ", %" PRIu32 " images, lr %g, momentum %g, weight_decay %g)\n",
              cfg->epochs, cfg->batch, train->n, (double)cfg->lr, (double)cfg->momentum,
              (double)cfg->weight_decay);
    return TASD_ERR_RANGE;
  }
  for (uint32_t i = 0; i < train->n; i++)
    if (train->y[i] >= m->classes) {
      logf_line(log, "tasd_nn_train: error: label %" PRIu32 " is %u, the model has %" PRIu32 " classes\n",
                i, (unsigned)train->y[i], m->classes);
      return TASD_ERR_RANGE;
    }
  openblas_set_num_threads(1);

  const uint32_t n = train->n, bmax = cfg->batch < n ? cfg->batch : n;
  const uint64_t steps = (n + (uint64_t)bmax - 1) / bmax, total = steps * cfg->epochs;
  tasd_nn_model wm;
  ws_t w;
  memset(&w, 0, sizeof w);
  float *dw[TASD_NN_MAX_LAYERS] = {0}, *db[TASD_NN_MAX_LAYERS] = {0};
  float *vw[TASD_NN_MAX_LAYERS] = {0}, *vb[TASD_NN_MAX_LAYERS] = {0};
  uint32_t *perm = NULL;
  if ((st = tasd_nn_model_copy(&wm, m)) != TASD_OK) {
    logf_line(log, "tasd_nn_train: error: out of memory\n");
    return st;
  }
  st = ws_alloc(&w, &wm, bmax, 1);
  int ok = st == TASD_OK;
  for (uint32_t i = 0; i < wm.nlayers && ok; i++) {
    const tasd_nn_layer *l = &wm.layer[i];
    if (!has_params(l)) continue;
    size_t nw = tasd_nn_layer_weights(l);
    dw[i] = alloc_n(nw, sizeof(float));
    db[i] = alloc_n(l->out_c, sizeof(float));
    vw[i] = calloc(nw ? nw : 1, sizeof(float));
    vb[i] = calloc(l->out_c, sizeof(float));
    ok = dw[i] && db[i] && vw[i] && vb[i];
  }
  if (ok) ok = (perm = alloc_n(n, sizeof(uint32_t))) != NULL;
  if (!ok) {
    logf_line(log, "tasd_nn_train: error: out of memory for a batch of %" PRIu32 "\n", bmax);
    st = TASD_ERR_NOMEM;
    goto done;
  }
  for (uint32_t i = 0; i < wm.nlayers; i++)
    if (mask && mask[i] && has_params(&wm.layer[i])) {
      size_t nw = tasd_nn_layer_weights(&wm.layer[i]);
      for (size_t j = 0; j < nw; j++)
        if (!mask[i][j]) wm.layer[i].w[j] = 0.0f;
    }
  for (uint32_t i = 0; i < n; i++) perm[i] = i;
  tasd_nn__rng rng;
  tasd_nn__rng_seed(&rng, cfg->seed, 2);
  uint8_t *yb = alloc_n(bmax, 1);
  if (yb == NULL) {
    st = TASD_ERR_NOMEM;
    goto done;
  }
  uint64_t t = 0;
  for (uint32_t ep = 0; ep < cfg->epochs && st == TASD_OK; ep++) {
    for (uint32_t i = n - 1; i > 0; i--) {
      uint32_t j = tasd_nn__rng_below(&rng, (uint64_t)i + 1u);
      uint32_t s = perm[i];
      perm[i] = perm[j];
      perm[j] = s;
    }
    double loss_sum = 0.0;
    uint64_t hits = 0;
    float lr_t = cfg->lr;
    for (uint64_t s = 0; s < steps; s++, t++) {
      uint32_t first = (uint32_t)(s * bmax), nb = n - first < bmax ? n - first : bmax;
      load_batch(&w, train, perm, first, nb);
      for (uint32_t b = 0; b < nb; b++) yb[b] = train->y[perm[first + b]];
      forward(&w, &wm, nb);
      uint32_t c = 0;
      double loss = softmax_xent(&w, &wm, nb, yb, w.g[0], &c);
      if (!isfinite(loss)) {
        logf_line(log, "tasd_nn_train: error: epoch %" PRIu32 " step %" PRIu64 ": loss is %g (diverged; lower lr)\n",
                  ep + 1, s, loss);
        st = TASD_ERR_NAN;
        break;
      }
      loss_sum += loss * nb;
      hits += c;
      backward(&w, &wm, nb, dw, db);
      lr_t = (float)(cfg->lr * 0.5 * (1.0 + cos(PI_D * (double)t / (double)total)));
      const float mom = cfg->momentum, wd = cfg->weight_decay;
      for (uint32_t i = 0; i < wm.nlayers; i++) {
        tasd_nn_layer *l = &wm.layer[i];
        if (!has_params(l)) continue;
        size_t nw = tasd_nn_layer_weights(l);
        float *W = l->w, *V = vw[i], *G = dw[i];
        const uint8_t *mk = mask ? mask[i] : NULL;
        for (size_t j = 0; j < nw; j++) {
          V[j] = mom * V[j] + (G[j] + wd * W[j]);
          W[j] -= lr_t * V[j];
        }
        if (mk)
          for (size_t j = 0; j < nw; j++)
            if (!mk[j]) W[j] = V[j] = 0.0f;
        for (uint32_t o = 0; o < l->out_c; o++) {
          vb[i][o] = mom * vb[i][o] + db[i][o];
          l->b[o] -= lr_t * vb[i][o];
        }
      }
    }
    if (st == TASD_OK)
      logf_line(log, "epoch %" PRIu32 "/%" PRIu32 " loss %.4f train_acc %.4f lr %.5g\n", ep + 1, cfg->epochs,
                loss_sum / n, (double)hits / n, (double)lr_t);
  }
  free(yb);
  for (uint32_t i = 0; i < wm.nlayers && st == TASD_OK; i++) {
    const tasd_nn_layer *l = &wm.layer[i];
    if (has_params(l) && (!finite_all(l->w, tasd_nn_layer_weights(l)) || !finite_all(l->b, l->out_c))) {
      logf_line(log, "tasd_nn_train: error: layer %s has NaN/Inf weights (diverged; lower lr)\n", l->name);
      st = TASD_ERR_NAN;
    }
  }
  if (st == TASD_OK)
    for (uint32_t i = 0; i < wm.nlayers; i++) {
      tasd_nn_layer *l = &m->layer[i];
      if (!has_params(l)) continue;
      memcpy(l->w, wm.layer[i].w, tasd_nn_layer_weights(l) * sizeof(float));
      memcpy(l->b, wm.layer[i].b, (size_t)l->out_c * sizeof(float));
    }
done:
  for (uint32_t i = 0; i < TASD_NN_MAX_LAYERS; i++) {
    free(dw[i]);
    free(db[i]);
    free(vw[i]);
    free(vb[i]);
  }
  free(perm);
  ws_free(&w);
  tasd_nn_model_free(&wm);
  return st;
}

/* Forward over all of d in batches: logits (may be NULL) and argmax hits (may be NULL). */
static tasd_status forward_all(const tasd_nn_model *m, const tasd_nn_data *d, float *logits, uint64_t *hits) {
  tasd_status st = check_model(m, 1);
  if (st != TASD_OK) return st;
  if ((st = check_data(m, d)) != TASD_OK) return st;
  if (d->n == 0) return TASD_OK;
  openblas_set_num_threads(1);
  uint32_t bmax = d->n < INFER_BATCH ? d->n : INFER_BATCH;
  ws_t w;
  if ((st = ws_alloc(&w, m, bmax, 0)) != TASD_OK) return st;
  uint64_t h = 0;
  for (uint32_t first = 0; first < d->n; first += bmax) {
    uint32_t nb = d->n - first < bmax ? d->n - first : bmax;
    load_batch(&w, d, NULL, first, nb);
    forward(&w, m, nb);
    const float *lg = w.a[m->nlayers];
    if (logits) memcpy(logits + (size_t)first * m->classes, lg, (size_t)nb * m->classes * sizeof(float));
    if (hits)
      for (uint32_t b = 0; b < nb; b++) {
        const float *r = lg + (size_t)b * m->classes;
        uint32_t am = 0;
        for (uint32_t k = 1; k < m->classes; k++)
          if (r[k] > r[am]) am = k;
        h += am == d->y[first + b];
      }
  }
  ws_free(&w);
  if (hits) *hits = h;
  return TASD_OK;
}

tasd_status tasd_nn_forward(const tasd_nn_model *m, const tasd_nn_data *d, float *logits) {
  if (logits == NULL) return TASD_ERR_NULL;
  return forward_all(m, d, logits, NULL);
}

tasd_status tasd_nn_accuracy(const tasd_nn_model *m, const tasd_nn_data *d, double *acc) {
  if (acc == NULL || d == NULL) return TASD_ERR_NULL;
  if (d->n == 0) return TASD_ERR_RANGE;
  uint64_t h = 0;
  tasd_status st = forward_all(m, d, NULL, &h);
  if (st == TASD_OK) *acc = (double)h / (double)d->n;
  return st;
}

/* ---------------------------------------------------------------------------------------- */
/* Pruning                                                                                  */
/* ---------------------------------------------------------------------------------------- */
static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

tasd_status tasd_nn_prune(tasd_nn_model *m, double sparsity, uint8_t **masks) {
  tasd_status st = check_model(m, 1);
  if (st != TASD_OK) return st;
  if (!(sparsity >= 0.0 && sparsity <= 1.0)) return TASD_ERR_RANGE;
  for (uint32_t i = 0; i < m->nlayers; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    if (has_params(l) && !finite_all(l->w, tasd_nn_layer_weights(l))) return TASD_ERR_NAN;
  }
  uint8_t *mk[TASD_NN_MAX_LAYERS] = {0};
  for (uint32_t i = 0; i < m->nlayers; i++) {
    const tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    size_t nw = tasd_nn_layer_weights(l);
    size_t k = (size_t)floor(sparsity * (double)nw + 0.5);
    if (k > nw) k = nw;
    mk[i] = malloc(nw ? nw : 1);
    uint64_t *key = alloc_n(nw, sizeof(uint64_t));
    if (mk[i] == NULL || key == NULL) {
      free(key);
      for (uint32_t j = 0; j <= i; j++) free(mk[j]);
      return TASD_ERR_NOMEM;
    }
    /* |w| as its bit pattern (monotonic for finite floats), then the index: ascending order */
    for (size_t j = 0; j < nw; j++) {
      uint32_t u;
      memcpy(&u, &l->w[j], sizeof u);
      key[j] = ((uint64_t)(u & 0x7fffffffu) << 32) | (uint64_t)j;
    }
    qsort(key, nw, sizeof *key, cmp_u64);
    memset(mk[i], 1, nw);
    for (size_t j = 0; j < k; j++) mk[i][key[j] & 0xffffffffu] = 0;
    free(key);
  }
  for (uint32_t i = 0; i < m->nlayers; i++) {
    tasd_nn_layer *l = &m->layer[i];
    if (!has_params(l)) continue;
    size_t nw = tasd_nn_layer_weights(l);
    for (size_t j = 0; j < nw; j++)
      if (!mk[i][j]) l->w[j] = 0.0f;
    if (masks) masks[i] = mk[i];
    else free(mk[i]);
  }
  if (masks)
    for (uint32_t i = 0; i < m->nlayers; i++)
      if (!has_params(&m->layer[i])) masks[i] = NULL;
  return TASD_OK;
}
