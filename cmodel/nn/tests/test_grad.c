/* SPDX-License-Identifier: Apache-2.0 */
/* Backprop check: every layer type and activation against central differences of an independent double-precision reference. */
/*
 * For small nets covering fc, conv (padding, stride, even kernels, conv as last layer), maxpool
 * (floor on odd maps), ReLU, GELU and none, and the PyTorch flatten after conv/maxpool, the test
 *   1. runs a naive double-precision forward written here from the PyTorch definitions,
 *   2. compares its logits with tasd_nn_forward and its loss with tasd_nn__loss_grad's,
 *   3. compares every weight and bias gradient of tasd_nn__loss_grad (the code tasd_nn_train
 *      runs) with central differences (eps 1e-6) of the reference loss.
 * Points where a ReLU pre-activation or a maxpool's top-two gap is within 1e-3 of a kink are
 * redrawn, so the differences never straddle one, and so are points where some layer's
 * gradient vanishes (a dead ReLU net would make the comparison vacuous). Usage: test_grad [seed]
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn_internal.h"
#include "testutil.h"

#define NB 3            /* images per batch */
#define FD_EPS 1e-6
#define KINK_GAP 1e-3
#define MAX_FD 150      /* most parameters checked per layer */

typedef struct {
  const tasd_nn_model *m;
  const double *x; /* [NB][input] */
  const uint8_t *y;
  double min_gap;  /* smallest |relu pre-activation| or maxpool top-two gap seen */
} ref_ctx;

static double ref_act(tasd_nn_act a, double v) {
  if (a == TASD_NN_ACT_RELU) return v > 0 ? v : 0;
  if (a == TASD_NN_ACT_GELU) return 0.5 * v * (1.0 + erf(v / sqrt(2.0)));
  return v;
}

/* Mean cross-entropy of the reference forward; logits (may be NULL) [NB][classes]. */
static double ref_loss(ref_ctx *c, double *logits) {
  const tasd_nn_model *m = c->m;
  double loss = 0;
  c->min_gap = INFINITY;
  for (int b = 0; b < NB; b++) {
    size_t n0 = (size_t)m->in_c * m->in_h * m->in_w;
    double *cur = malloc(n0 * sizeof(double));
    memcpy(cur, c->x + (size_t)b * n0, n0 * sizeof(double));
    for (uint32_t i = 0; i < m->nlayers; i++) {
      const tasd_nn_layer *l = &m->layer[i];
      size_t no = (size_t)l->out_c * l->out_h * l->out_w;
      double *nx = calloc(no, sizeof(double));
      if (l->op == TASD_NN_FC) {
        size_t ni = (size_t)l->in_c * l->in_h * l->in_w; /* flattened: index c*H*W + h*W + w */
        for (uint32_t o = 0; o < l->out_c; o++) {
          double s = l->b[o];
          for (size_t k = 0; k < ni; k++) s += (double)l->w[(size_t)o * ni + k] * cur[k];
          nx[o] = s;
        }
      } else if (l->op == TASD_NN_CONV) {
        for (uint32_t o = 0; o < l->out_c; o++)
          for (uint32_t oh = 0; oh < l->out_h; oh++)
            for (uint32_t ow = 0; ow < l->out_w; ow++) {
              double s = l->b[o];
              for (uint32_t ci = 0; ci < l->in_c; ci++)
                for (uint32_t ki = 0; ki < l->k; ki++)
                  for (uint32_t kj = 0; kj < l->k; kj++) {
                    long ih = (long)(oh * l->stride + ki) - (long)l->pad;
                    long iw = (long)(ow * l->stride + kj) - (long)l->pad;
                    if (ih < 0 || iw < 0 || ih >= (long)l->in_h || iw >= (long)l->in_w) continue;
                    s += (double)l->w[((o * l->in_c + ci) * l->k + ki) * l->k + kj] *
                         cur[((size_t)ci * l->in_h + (size_t)ih) * l->in_w + (size_t)iw];
                  }
              nx[((size_t)o * l->out_h + oh) * l->out_w + ow] = s;
            }
      } else {
        for (uint32_t ci = 0; ci < l->in_c; ci++)
          for (uint32_t oh = 0; oh < l->out_h; oh++)
            for (uint32_t ow = 0; ow < l->out_w; ow++) {
              double best = -INFINITY, second = -INFINITY;
              for (uint32_t ki = 0; ki < l->k; ki++)
                for (uint32_t kj = 0; kj < l->k; kj++) {
                  double v = cur[((size_t)ci * l->in_h + oh * l->k + ki) * l->in_w + ow * l->k + kj];
                  if (v > best) {
                    second = best;
                    best = v;
                  } else if (v > second) {
                    second = v;
                  }
                }
              if (l->k > 1 && best - second < c->min_gap) c->min_gap = best - second;
              nx[((size_t)ci * l->out_h + oh) * l->out_w + ow] = best;
            }
      }
      if (l->op != TASD_NN_MAXPOOL)
        for (size_t j = 0; j < no; j++) {
          if (l->act == TASD_NN_ACT_RELU && fabs(nx[j]) < c->min_gap) c->min_gap = fabs(nx[j]);
          nx[j] = ref_act(l->act, nx[j]);
        }
      free(cur);
      cur = nx;
    }
    double mx = -INFINITY, s = 0;
    for (uint32_t k = 0; k < m->classes; k++) mx = cur[k] > mx ? cur[k] : mx;
    for (uint32_t k = 0; k < m->classes; k++) s += exp(cur[k] - mx);
    loss += log(s) + mx - cur[c->y[b]];
    if (logits) memcpy(logits + (size_t)b * m->classes, cur, m->classes * sizeof(double));
    free(cur);
  }
  return loss / NB;
}

static void check_net(const char *name, const char *text) {
  char err[512];
  tasd_nn_model m;
  tasd_status st = tasd_nn_arch_parse(text, name, &m, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "%s", err);
  if (st != TASD_OK) return;
  CHECK_OK(tasd_nn_model_alloc(&m));
  const size_t n0 = (size_t)m.in_c * m.in_h * m.in_w;
  uint8_t *pix = malloc(NB * n0), y[NB];
  double *x = malloc(NB * n0 * sizeof(double));
  float *xf = malloc(NB * n0 * sizeof(float));
  ref_ctx c = {&m, x, y, 0};
  float *gw[TASD_NN_MAX_LAYERS] = {0}, *gb[TASD_NN_MAX_LAYERS] = {0};
  for (uint32_t i = 0; i < m.nlayers; i++)
    if (m.layer[i].op != TASD_NN_MAXPOOL) {
      gw[i] = calloc(tasd_nn_layer_weights(&m.layer[i]), sizeof(float));
      gb[i] = calloc(m.layer[i].out_c, sizeof(float));
    }
  int tries = 0;
  for (;; tries++) {
    /* weights ~ U(-1, 1) / sqrt(fan_in), biases ~ U(-0.5, 0.5): every unit active somewhere */
    for (uint32_t i = 0; i < m.nlayers; i++) {
      tasd_nn_layer *l = &m.layer[i];
      if (l->op == TASD_NN_MAXPOOL) continue;
      size_t nw = tasd_nn_layer_weights(l);
      double sc = 1.7 / sqrt((double)(nw / l->out_c));
      for (size_t j = 0; j < nw; j++) l->w[j] = (float)(sc * ((double)tu_below(2001) / 1000.0 - 1.0));
      for (uint32_t o = 0; o < l->out_c; o++) l->b[o] = (float)((double)tu_below(1001) / 1000.0 - 0.5);
    }
    for (size_t j = 0; j < NB * n0; j++) {
      pix[j] = (uint8_t)tu_below(256);
      xf[j] = (float)pix[j] * TASD_NN_PIXEL_SCALE;
      x[j] = xf[j];
    }
    for (int b = 0; b < NB; b++) y[b] = (uint8_t)tu_below(m.classes);
    ref_loss(&c, NULL);
    if (tries == 1000) break;
    if (c.min_gap < KINK_GAP) continue;
    /* every layer must have a gradient worth checking (no dead ReLU net) */
    double lo = 0;
    if (tasd_nn__loss_grad(&m, xf, y, NB, &lo, gw, gb) != TASD_OK) break;
    int alive = 1;
    for (uint32_t i = 0; i < m.nlayers && alive; i++) {
      if (m.layer[i].op == TASD_NN_MAXPOOL) continue;
      float gmax = 0;
      for (size_t j = 0; j < tasd_nn_layer_weights(&m.layer[i]); j++)
        gmax = fabsf(gw[i][j]) > gmax ? fabsf(gw[i][j]) : gmax;
      alive = gmax > 1e-3f;
    }
    if (alive) break;
  }
  CHECK_MSG(tries < 1000, "%s: no kink-free point with live gradients in 1000 draws", name);

  /* forward: library logits (through tasd_nn_forward on uint8 data) vs the reference */
  double *rl = malloc((size_t)NB * m.classes * sizeof(double));
  float *ll = malloc((size_t)NB * m.classes * sizeof(float));
  double loss_ref = ref_loss(&c, rl);
  tasd_nn_data d = {NB, m.in_c, m.in_h, m.in_w, m.classes, pix, y};
  CHECK_OK(tasd_nn_forward(&m, &d, ll));
  for (size_t j = 0; j < (size_t)NB * m.classes; j++)
    CHECK_MSG(fabs(ll[j] - rl[j]) <= 1e-4 * (1 + fabs(rl[j])), "%s: logit %zu: %.7g vs reference %.7g", name, j,
              (double)ll[j], rl[j]);

  /* gradients */
  double loss_lib = 0;
  CHECK_OK(tasd_nn__loss_grad(&m, xf, y, NB, &loss_lib, gw, gb));
  CHECK_MSG(fabs(loss_lib - loss_ref) <= 1e-5 * (1 + loss_ref), "%s: loss %.9g vs reference %.9g", name, loss_lib,
            loss_ref);
  size_t checked = 0, bad = 0;
  double worst = 0;
  for (uint32_t i = 0; i < m.nlayers; i++) {
    tasd_nn_layer *l = &m.layer[i];
    if (l->op == TASD_NN_MAXPOOL) continue;
    size_t nw = tasd_nn_layer_weights(l);
    /* every parameter of small layers; of big ones a random sample of MAX_FD */
    size_t np = nw + l->out_c, todo = np <= MAX_FD ? np : MAX_FD;
    double gmax = 0;
    for (size_t q = 0; q < todo; q++) {
      size_t j = np <= MAX_FD ? q : (size_t)tu_below((uint32_t)np);
      float *p = j < nw ? &l->w[j] : &l->b[j - nw];
      float g = j < nw ? gw[i][j] : gb[i][j - nw];
      float keep = *p;
      /* the reference reads the float weight, so the step is the float one actually taken */
      double lp, lm;
      *p = (float)((double)keep + FD_EPS);
      double hp = (double)*p - (double)keep;
      lp = ref_loss(&c, NULL);
      *p = (float)((double)keep - FD_EPS);
      double hm = (double)keep - (double)*p;
      lm = ref_loss(&c, NULL);
      *p = keep;
      double fd = (lp - lm) / (hp + hm);
      double e = fabs((double)g - fd);
      double tol = 2e-5 + 2e-4 * fabs(fd);
      if (e / tol > worst) worst = e / tol;
      checked++;
      if (fabs(fd) > gmax) gmax = fabs(fd);
      if (e > tol) {
        if (bad < 5)
          tu_fail(__FILE__, __LINE__, "%s: layer %s %s[%zu]: backprop %.7g, finite difference %.7g", name, l->name,
                  j < nw ? "weight" : "bias", j < nw ? j : j - nw, (double)g, fd);
        bad++;
      }
    }
    /* a layer whose gradient vanishes would make the comparison vacuous */
    CHECK_MSG(gmax > 1e-4, "%s: layer %s: all checked gradients below 1e-4 (dead net, test has no power)", name,
              l->name);
  }
  printf("%-10s %zu gradients checked, %zu off, worst error / tolerance %.3g, redraws %d\n", name,
         checked, bad, worst, tries);
  for (uint32_t i = 0; i < m.nlayers; i++) {
    free(gw[i]);
    free(gb[i]);
  }
  free(rl);
  free(ll);
  free(pix);
  free(x);
  free(xf);
  tasd_nn_model_free(&m);
}

/* The gradient path must also refuse bad arguments. */
static void check_errors(void) {
  char err[256];
  tasd_nn_model m;
  CHECK_OK(tasd_nn_arch_parse("input 2 1 1\nfc f 2 none\n", "e", &m, err, sizeof err));
  float x[2] = {0.5f, 0.25f}, g0[4], b0[2];
  float *gw[TASD_NN_MAX_LAYERS] = {g0}, *gb[TASD_NN_MAX_LAYERS] = {b0};
  uint8_t y = 1, ybad = 2;
  double loss;
  CHECK_ST(tasd_nn__loss_grad(&m, x, &y, 1, &loss, gw, gb), TASD_ERR_NULL); /* no arrays yet */
  CHECK_OK(tasd_nn_model_alloc(&m));
  CHECK_ST(tasd_nn__loss_grad(&m, x, &y, 0, &loss, gw, gb), TASD_ERR_RANGE);
  CHECK_ST(tasd_nn__loss_grad(&m, x, &ybad, 1, &loss, gw, gb), TASD_ERR_RANGE);
  CHECK_OK(tasd_nn__loss_grad(&m, x, &y, 1, &loss, gw, gb));
  CHECK(fabs(loss - log(2.0)) < 1e-6); /* zero weights: uniform softmax */
  tasd_nn_model_free(&m);
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  check_errors();
  /* every op and activation; conv with pad/stride; even kernel; conv as the last layer */
  check_net("mixed", "input 1 6 6\nconv c1 3 3 1 1 relu\nmaxpool 2\nconv c2 4 3 2 1 gelu\nfc f1 5 gelu\nfc f2 4 none\n");
  check_net("evenk", "input 2 5 5\nconv c1 3 2 2 0 none\nfc f1 3 relu\nfc f2 3 none\n");
  check_net("mlp", "input 8 1 1\nfc a 6 relu\nfc b 5 gelu\nfc c 3 none\n");
  check_net("convlast", "input 1 4 4\nconv a 2 3 1 0 relu\nconv b 3 2 1 0 none\n");
  check_net("oddpool", "input 2 5 5\nmaxpool 2\nconv c 3 1 1 0 gelu\nmaxpool 2\nfc f 4 none\n");
  check_net("cnnlike", "input 1 8 8\nconv conv1 4 3 2 1 relu\nconv conv2 6 3 2 1 relu\nfc fc1 10 none\n");
  check_net("lastact", "input 3 1 1\nfc a 4 gelu\nfc b 3 gelu\n");
  /* kernel columns entirely in the padding (1x1 map, K 3, pad 1); padding wider than K */
  check_net("padonly", "input 2 3 3\nconv a 3 3 2 0 relu\nconv b 4 3 3 1 gelu\nfc f 3 none\n");
  check_net("widepad", "input 1 2 2\nconv a 2 2 1 3 gelu\nfc f 3 none\n");
  /* im2col of 12*9*1024 floats per image: the conv runs in chunks of 2 + 1 images */
  check_net("chunked", "input 12 32 32\nconv c 2 3 1 1 gelu\nmaxpool 4\nfc f 3 none\n");
  return tu_finish();
}
