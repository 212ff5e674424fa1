/* SPDX-License-Identifier: Apache-2.0 */
/* int8 network tests: quantization and the forward pass against an independent direct-convolution oracle, TASD-W/A via the block model, TASDER, cycles, errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tasd_nn.h"
#include "testutil.h"

/* A small net with every op: conv (stride 2, pad 1, 8 channels so drain blocks line up),    */
/* maxpool, conv, fc with GELU, fc.                                                            */
static const char *ARCH =
    "input 1 12 12\n"
    "conv c1 8 3 2 1 relu\n"   /* 8x6x6 */
    "conv c2 16 3 1 1 relu\n"  /* 16x6x6 */
    "maxpool 2\n"              /* 16x3x3 */
    "fc f1 24 gelu\n"
    "fc f2 5 none\n";

static float frand(float s) { return s * ((float)tu_below(2000001) / 1000000.0f - 1.0f); }

static void random_model(tasd_nn_model *m, const char *arch) {
  char err[256];
  CHECK_OK(tasd_nn_arch_parse(arch, "test.arch", m, err, sizeof err));
  CHECK_OK(tasd_nn_model_alloc(m));
  for (uint32_t i = 0; i < m->nlayers; i++) {
    tasd_nn_layer *l = &m->layer[i];
    size_t nw = tasd_nn_layer_weights(l);
    float s = nw ? 2.0f / sqrtf((float)(nw / l->out_c)) : 0;
    for (size_t j = 0; j < nw; j++) l->w[j] = tu_below(4) == 0 ? 0.0f : frand(s);
    for (uint32_t j = 0; l->b && j < l->out_c; j++) l->b[j] = frand(0.3f);
  }
}

static void random_data(tasd_nn_data *d, uint32_t n, uint32_t c, uint32_t h, uint32_t w,
                        uint32_t classes) {
  d->n = n, d->c = c, d->h = h, d->w = w, d->classes = classes;
  d->x = malloc((size_t)n * c * h * w);
  d->y = malloc(n);
  for (size_t i = 0; i < (size_t)n * c * h * w; i++)
    d->x[i] = tu_below(3) == 0 ? 0 : (uint8_t)tu_below(256);
  for (uint32_t i = 0; i < n; i++) d->y[i] = (uint8_t)tu_below(classes);
}

/* ---- oracle: direct convolution in PyTorch layout ([c][h][w] maps) ----------------------- */

static int8_t sat8(long v) { return (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v); }

/* Block-wise TASD approximation of one K vector (the TASD unit model, zero tail padding). */
static void approx_vec(int8_t *v, uint32_t k, const tasd_series *s) {
  const uint32_t m = s->term[0].m;
  uint16_t n[TASD_MAX_TERMS];
  for (uint32_t t = 0; t < s->nterms; t++) n[t] = s->term[t].n;
  static tasd_block_result r;
  for (uint32_t b0 = 0; b0 < k; b0 += m) {
    int32_t blk[TASD_MAX_M] = {0};
    for (uint32_t i = 0; i < m && b0 + i < k; i++) blk[i] = v[b0 + i];
    CHECK_OK(tasd_block_decompose_i32(blk, m, n, s->nterms, &r));
    for (uint32_t i = 0; i < m && b0 + i < k; i++) v[b0 + i] = r.term_of[i] == TASD_DROPPED ? 0 : v[b0 + i];
  }
}

/* Weight of the int8 model in PyTorch layout, re-quantized independently from the float net. */
static int8_t qw(const tasd_nn_layer *fl, const tasd_nn_qlayer *ql, size_t i) {
  return sat8(lround(fl->w[i] / ql->w_scale));
}

/* One image through the net; act maps in [c][h][w]. TASD choices applied in the hardware's K  */
/* order ((ky, kx, c) for conv, (h, w, c) for fc) by gathering each K vector explicitly.       */
static void oracle(const tasd_nn_model *m, const tasd_nn_qmodel *q, const tasd_nn_assign *a,
                   const uint8_t *px, int32_t *logits) {
  static int8_t act[4096], nxt[4096], kv[4096], wv[4096];
  const size_t n0 = (size_t)m->in_c * m->in_h * m->in_w;
  for (size_t i = 0; i < n0; i++) act[i] = (int8_t)lround(px[i] * 127.0 / 255.0);
  uint32_t g = 0;
  for (uint32_t li = 0; li < m->nlayers; li++) {
    const tasd_nn_layer *fl = &m->layer[li];
    const tasd_nn_qlayer *ql = &q->layer[li];
    const uint32_t C = ql->in_c, H = ql->in_h, W = ql->in_w; /* the map entering the layer */
    if (fl->op == TASD_NN_MAXPOOL) {
      for (uint32_t c = 0; c < C; c++)
        for (uint32_t y = 0; y < fl->out_h; y++)
          for (uint32_t x = 0; x < fl->out_w; x++) {
            int8_t mx = -128;
            for (uint32_t dy = 0; dy < fl->k; dy++)
              for (uint32_t dx = 0; dx < fl->k; dx++) {
                int8_t v = act[(c * H + y * fl->k + dy) * W + x * fl->k + dx];
                mx = v > mx ? v : mx;
              }
            nxt[(c * fl->out_h + y) * fl->out_w + x] = mx;
          }
      memcpy(act, nxt, (size_t)C * fl->out_h * fl->out_w);
      continue;
    }
    const tasd_nn_lchoice *ch = &a->layer[g];
    const uint32_t K = fl->op == TASD_NN_CONV ? fl->k : 1;
    const uint32_t kdim = fl->op == TASD_NN_CONV ? C * K * K : C * H * W;
    for (uint32_t o = 0; o < fl->out_c; o++)
      for (uint32_t y = 0; y < fl->out_h; y++)
        for (uint32_t x = 0; x < fl->out_w; x++) {
          /* gather the K vectors of input and weight in hardware order */
          uint32_t k = 0;
          if (fl->op == TASD_NN_CONV) {
            for (uint32_t ky = 0; ky < K; ky++)
              for (uint32_t kx = 0; kx < K; kx++)
                for (uint32_t c = 0; c < C; c++, k++) {
                  long iy = (long)y * fl->stride + ky - fl->pad, ix = (long)x * fl->stride + kx - fl->pad;
                  kv[k] = (iy < 0 || ix < 0 || iy >= (long)H || ix >= (long)W) ? 0 : act[(c * H + iy) * W + ix];
                  wv[k] = qw(fl, ql, ((size_t)(o * C + c) * K + ky) * K + kx);
                }
          } else {
            for (uint32_t yy = 0; yy < H; yy++)
              for (uint32_t xx = 0; xx < W; xx++)
                for (uint32_t c = 0; c < C; c++, k++) {
                  kv[k] = act[(c * H + yy) * W + xx];
                  wv[k] = qw(fl, ql, (size_t)o * kdim + (c * H + yy) * W + xx);
                }
          }
          if (ch->opnd == TASD_NN_A) approx_vec(kv, kdim, &ch->series);
          if (ch->opnd == TASD_NN_W) approx_vec(wv, kdim, &ch->series);
          int32_t acc = ql->bias[o];
          for (uint32_t j = 0; j < kdim; j++) acc = tasd_acc_add(acc, tasd_mul_i32(kv[j], wv[j]));
          if (g + 1 == a->n) {
            logits[o] = acc;
            continue;
          }
          tasd_post_cfg p = {fl->act == TASD_NN_ACT_RELU, 1, ql->shift};
          int32_t v = tasd_post_apply(&p, acc);
          if (fl->act == TASD_NN_ACT_GELU) {
            double xs = v * ql->out_scale;
            v = sat8(lround(0.5 * xs * (1.0 + erf(xs / sqrt(2.0))) / ql->out_scale));
          }
          nxt[(o * fl->out_h + y) * fl->out_w + x] = (int8_t)v;
        }
    if (g + 1 < a->n) memcpy(act, nxt, (size_t)fl->out_c * fl->out_h * fl->out_w);
    g++;
  }
}

static void check_against_oracle(const tasd_nn_model *m, const tasd_nn_qmodel *q,
                                 const tasd_nn_assign *a, const tasd_nn_data *d, const char *what) {
  const uint32_t nc = q->classes;
  int32_t *lg = malloc((size_t)d->n * nc * sizeof *lg), ref[64];
  uint8_t *pred = malloc(d->n);
  tasd_nn_eval ev;
  CHECK_OK(tasd_nn_qforward(q, a, d, &ev, pred, lg));
  size_t bad = 0;
  uint32_t correct = 0;
  for (uint32_t i = 0; i < d->n; i++) {
    oracle(m, q, a, d->x + (size_t)i * d->c * d->h * d->w, ref);
    uint32_t best = 0;
    for (uint32_t c = 0; c < nc; c++) {
      bad += ref[c] != lg[(size_t)i * nc + c];
      if (ref[c] > ref[best]) best = c;
    }
    CHECK_EQ(pred[i], best);
    correct += best == d->y[i];
  }
  CHECK_MSG(bad == 0, "%s: %zu logits differ from the oracle", what, bad);
  CHECK_EQ(ev.correct, correct);
  CHECK_EQ(ev.images, d->n);
  free(lg);
  free(pred);
}

static void test_forward(void) {
  tasd_nn_model m;
  random_model(&m, ARCH);
  tasd_nn_data cal, d;
  random_data(&cal, 40, 1, 12, 12, 5);
  random_data(&d, 300, 1, 12, 12, 5); /* > one 256-image chunk */
  tasd_nn_qmodel q;
  char err[256];
  CHECK_OK(tasd_nn_quantize(&m, &cal, &q, err, sizeof err));
  CHECK_EQ(tasd_nn_qmodel_gemm_count(&q), 4);
  CHECK_EQ(tasd_nn_qmodel_gemm_layer(&q, 2), 3);
  CHECK_EQ(tasd_nn_qmodel_gemm_layer(&q, 4), -1);
  /* shifts: minimal and without saturation on the calibration images (non-last layers) */
  tasd_nn_assign a;
  tasd_nn_assign_dense(&q, &a);
  check_against_oracle(&m, &q, &a, &d, "dense");
  const char *series[] = {"4:8+1:8", "2:8", "1:8", "4:8+2:8", "2:8+1:8"};
  for (int trial = 0; trial < 6; trial++) {
    tasd_nn_assign_dense(&q, &a);
    for (uint32_t g = 0; g < a.n; g++) {
      uint32_t r = tu_below(3);
      a.layer[g].opnd = r == 0 ? TASD_NN_DENSE : r == 1 ? TASD_NN_W : TASD_NN_A;
      CHECK_OK(tasd_series_parse(series[tu_below(5)], &a.layer[g].series));
    }
    check_against_oracle(&m, &q, &a, &d, "random assignment");
  }
  /* MACs: a 1:8 W layer keeps 1/8 of its K (rounded up per block) */
  tasd_nn_assign_dense(&q, &a);
  a.layer[3].opnd = TASD_NN_W;
  CHECK_OK(tasd_series_parse("1:8", &a.layer[3].series));
  tasd_nn_eval ev;
  CHECK_OK(tasd_nn_qforward(&q, &a, &d, &ev, NULL, NULL));
  CHECK_EQ(ev.layer[3].macs_dense, (uint64_t)d.n * 5 * 24);
  CHECK_EQ(ev.layer[3].macs_tasd, (uint64_t)d.n * 5 * 3);
  CHECK_EQ(ev.layer[0].macs_tasd, ev.layer[0].macs_dense);
  /* pseudo-density of the first layer's X against the library's sort-based definition */
  {
    tasd_nn_qlayer *l = &q.layer[0];
    size_t rows = (size_t)d.n * l->rows_per_img;
    int8_t *act = malloc((size_t)d.n * 144), *x = malloc(rows * l->kdim);
    tasd_nn_input_i8(&d, 0, d.n, act);
    tasd_nn_operand_x(l, act, d.n, x);
    tasd_tensor t = {TASD_INT8, 2, {rows, l->kdim}, x};
    double pd, sp;
    CHECK_OK(tasd_tasder_pseudo_density(&t, 0.99, &pd));
    CHECK_OK(tasd_tasder_sparsity(&t, &sp));
    CHECK_MSG(fabs(pd - ev.layer[0].act_pdensity) < 1e-12, "pseudo-density %g != %g", pd,
              ev.layer[0].act_pdensity);
    CHECK_MSG(fabs(sp - ev.layer[0].act_sparsity) < 1e-12, "sparsity %g != %g", sp,
              ev.layer[0].act_sparsity);
    free(act);
    free(x);
  }
  /* errors */
  tasd_nn_assign bad = a;
  bad.n = 3;
  CHECK_ST(tasd_nn_qforward(&q, &bad, &d, &ev, NULL, NULL), TASD_ERR_SHAPE);
  bad = a;
  bad.layer[1].opnd = TASD_NN_A;
  bad.layer[1].series.term[0].n = 9;
  CHECK_ST(tasd_nn_qforward(&q, &bad, &d, &ev, NULL, NULL), TASD_ERR_ILLEGAL_SERIES);
  tasd_nn_data wrong = d;
  wrong.h = 10;
  CHECK_ST(tasd_nn_qforward(&q, NULL, &wrong, &ev, NULL, NULL), TASD_ERR_SHAPE);
  CHECK_ST(tasd_nn_quantize(&m, &wrong, &q, err, sizeof err), TASD_ERR_SHAPE);
  CHECK_MSG(strstr(err, "calibration") != NULL, "message: %s", err);
  tasd_nn_qmodel_free(&q);
  tasd_nn_qmodel_free(&q); /* idempotent */
  tasd_nn_data_free(&cal);
  tasd_nn_data_free(&d);
  tasd_nn_model_free(&m);
}

/* Shift rule: the largest post-activation value maps to <= 127, one shift less would not. */
static void test_quant_shift(void) {
  tasd_nn_model m;
  random_model(&m, "input 1 4 4\nfc a 16 relu\nfc b 8 none\nfc c 3 none\n");
  tasd_nn_data cal;
  random_data(&cal, 64, 1, 4, 4, 3);
  tasd_nn_qmodel q;
  char err[256];
  CHECK_OK(tasd_nn_quantize(&m, &cal, &q, err, sizeof err));
  int8_t act[64 * 16], nxt[64 * 16];
  tasd_nn_input_i8(&cal, 0, cal.n, act);
  for (uint32_t li = 0; li < 2; li++) {
    const tasd_nn_qlayer *l = &q.layer[li];
    int64_t mx = 0;
    for (uint32_t i = 0; i < cal.n; i++)
      for (uint32_t o = 0; o < l->out_c; o++) {
        int32_t s = l->bias[o];
        for (uint32_t k = 0; k < l->kdim; k++)
          s = tasd_acc_add(s, tasd_mul_i32(act[i * l->kdim + k], l->w[o * l->kdim + k]));
        int64_t v = l->relu ? (s > 0 ? s : 0) : llabs((long long)s);
        mx = v > mx ? v : mx;
        nxt[i * l->out_c + o] = tasd_nn_qlayer_post(l, s);
      }
    const int64_t r = l->shift ? (mx + (1ll << (l->shift - 1))) >> l->shift : mx;
    CHECK_MSG(r <= 127, "layer %u: max %lld >> %u = %lld saturates", li, (long long)mx, l->shift, (long long)r);
    if (l->shift > 0) {
      const uint32_t s1 = l->shift - 1;
      const int64_t r1 = s1 ? (mx + (1ll << (s1 - 1))) >> s1 : mx;
      CHECK_MSG(r1 > 127, "layer %u: shift %u is not minimal", li, l->shift);
    }
    CHECK_MSG(fabs(l->out_scale - l->in_scale * l->w_scale * ldexp(1, (int)l->shift)) < 1e-15,
              "scale chain");
    if (li + 1 < 2) CHECK_MSG(fabs(q.layer[li + 1].in_scale - l->out_scale) < 1e-15, "in scale");
    memcpy(act, nxt, sizeof act);
  }
  tasd_nn_qmodel_free(&q);
  tasd_nn_data_free(&cal);
  tasd_nn_model_free(&m);
}

/* TASDER on a random net: every method holds its threshold on the calibration images; the    */
/* network-wise pick equals a brute force over the target's series.                           */
static void test_tasder(void) {
  tasd_nn_model m;
  random_model(&m, "input 1 8 8\nfc a 32 relu\nfc b 16 relu\nfc c 4 none\n");
  tasd_nn_data cal;
  random_data(&cal, 200, 1, 8, 8, 4);
  tasd_nn_qmodel q;
  char err[256];
  CHECK_OK(tasd_nn_quantize(&m, &cal, &q, err, sizeof err));
  /* labels = the int8 dense prediction, so quality_orig is 1 and the search has room */
  tasd_nn_eval ev;
  CHECK_OK(tasd_nn_qforward(&q, NULL, &cal, &ev, cal.y, NULL));
  const tasd_target *t;
  CHECK_OK(tasd_target_find("TTC-VEGETA-M8", &t));
  const double alphas[] = {0, 0.1, 0.3};
  for (int mi = 0; mi < 4; mi++) {
    tasd_nn_tasder_cfg cfg = {t, 0.9, alphas, 3, mi == TASD_NN_MIXED ? 100u : 0u};
    tasd_nn_tasder_result r;
    CHECK_OK(tasd_nn_tasder(&q, &cal, (tasd_nn_method)mi, &cfg, &r, NULL));
    CHECK_MSG(r.quality_orig == 1.0, "%s: orig %g", tasd_nn_method_name((tasd_nn_method)mi), r.quality_orig);
    CHECK_MSG(r.quality >= 0.9 * r.quality_orig, "%s: quality %g below threshold",
              tasd_nn_method_name((tasd_nn_method)mi), r.quality);
    CHECK(r.macs_tasd <= r.macs_dense);
    for (uint32_t g = 0; g < r.assign.n; g++)
      if (r.assign.layer[g].opnd != TASD_NN_DENSE)
        CHECK_OK(tasd_target_supports(t, &r.assign.layer[g].series));
    if (mi == TASD_NN_NETWORK_W) {
      /* brute force: the fewest-MAC series of the target that holds the threshold */
      tasd_series all[64];
      size_t n = 0;
      CHECK_OK(tasd_target_series(t, all, 64, &n));
      uint64_t best = ev.macs_dense;
      for (size_t i = 0; i < n; i++) {
        tasd_nn_assign a;
        tasd_nn_assign_dense(&q, &a);
        for (uint32_t g = 0; g < a.n; g++) a.layer[g].opnd = TASD_NN_W, a.layer[g].series = all[i];
        tasd_nn_eval e2;
        CHECK_OK(tasd_nn_qforward(&q, &a, &cal, &e2, NULL, NULL));
        if (e2.top1 >= 0.9 && e2.macs_tasd < best) best = e2.macs_tasd;
      }
      CHECK_EQ(r.macs_tasd, best);
    }
  }
  tasd_nn_tasder_cfg bad = {t, 1.5, alphas, 3, 0};
  tasd_nn_tasder_result r;
  CHECK_ST(tasd_nn_tasder(&q, &cal, TASD_NN_LAYER_W, &bad, &r, NULL), TASD_ERR_RANGE);
  bad.threshold = 0.9, bad.nalphas = 0;
  CHECK_ST(tasd_nn_tasder(&q, &cal, TASD_NN_LAYER_A, &bad, &r, NULL), TASD_ERR_RANGE);
  tasd_nn_qmodel_free(&q);
  tasd_nn_data_free(&cal);
  tasd_nn_model_free(&m);
}

/* Cycles: per layer the tile's GEMM cycle model in the operand's orientation. */
static void test_cycles(void) {
  tasd_nn_model m;
  random_model(&m, "input 1 8 8\nfc a 40 relu\nfc b 3 none\n");
  tasd_nn_data cal;
  random_data(&cal, 10, 1, 8, 8, 3);
  tasd_nn_qmodel q;
  char err[256];
  CHECK_OK(tasd_nn_quantize(&m, &cal, &q, err, sizeof err));
  const tasd_target *t;
  CHECK_OK(tasd_target_find("TTC-VEGETA-M8", &t));
  tasd_series dense;
  CHECK_OK(tasd_nn_dense_series(t, &dense));
  char txt[64];
  CHECK_OK(tasd_series_format(&dense, txt, sizeof txt));
  CHECK_MSG(!strcmp(txt, "4:8+4:8"), "dense series %s", txt);
  tasd_nn_assign a;
  tasd_nn_assign_dense(&q, &a);
  a.layer[0].opnd = TASD_NN_W;
  CHECK_OK(tasd_series_parse("2:8", &a.layer[0].series));
  tasd_nn_cycles c;
  CHECK_OK(tasd_nn_cycles_of(&q, &a, t, 100, &c));
  tasd_tile_params p;
  CHECK_OK(tasd_nn_tile_params(t, &p));
  tasd_tile_cfg cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.a_n[0] = 2, cfg.kblocks = 1, cfg.rtiles = 1, cfg.relu = 1, cfg.shift = q.layer[0].shift;
  tasd_tile_gemm_perf g0, g1;
  CHECK_OK(tasd_tile_gemm_cycles(&p, &cfg, 40, 100, 64, &g0, NULL)); /* W: rows = out */
  memset(cfg.a_n, 0, sizeof cfg.a_n);
  cfg.a_n[0] = 4, cfg.a_n[1] = 4, cfg.relu = 0;
  CHECK_OK(tasd_tile_gemm_cycles(&p, &cfg, 100, 3, 40, &g1, NULL)); /* dense: rows = images */
  CHECK_EQ(c.cycles[0], g0.cycles);
  CHECK_EQ(c.cycles[1], g1.cycles);
  CHECK_EQ(c.total, g0.cycles + g1.cycles);
  const tasd_target *stc;
  CHECK_OK(tasd_target_find("TTC-STC-M4", &stc));
  CHECK_ST(tasd_nn_cycles_of(&q, &a, stc, 100, &c), TASD_ERR_UNSUPPORTED); /* 2:8 on M=4 */
  CHECK_OK(tasd_nn_dense_series(stc, &dense));
  CHECK_OK(tasd_series_format(&dense, txt, sizeof txt));
  CHECK_MSG(!strcmp(txt, "2:4+2:4"), "dense series %s", txt);
  CHECK_ST(tasd_nn_cycles_of(&q, &a, t, 0, &c), TASD_ERR_SHAPE);
  tasd_nn_qmodel_free(&q);
  tasd_nn_data_free(&cal);
  tasd_nn_model_free(&m);
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  test_forward();
  test_quant_shift();
  test_tasder();
  test_cycles();
  return tu_finish();
}
