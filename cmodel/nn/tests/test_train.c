/* SPDX-License-Identifier: Apache-2.0 */
/* Training on synthetic data: determinism by seed, pruning exactness and ties, masks through retraining, argument and divergence errors. */
/* Usage: test_train WORKDIR [SEED] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nntest.h"

/* Images whose class is visible: label k brightens row band k, plus noise. */
static void synth(tasd_nn_data *d, uint32_t n, uint32_t c, uint32_t h, uint32_t w, uint32_t classes) {
  size_t img = (size_t)c * h * w;
  d->n = n;
  d->c = c;
  d->h = h;
  d->w = w;
  d->classes = classes;
  d->x = malloc(n * img);
  d->y = malloc(n);
  for (uint32_t i = 0; i < n; i++) {
    uint8_t k = (uint8_t)tu_below(classes);
    d->y[i] = k;
    for (size_t j = 0; j < img; j++) {
      uint32_t row = (uint32_t)((j / w) % h);
      uint32_t band = row * classes / h;
      d->x[i * img + j] = (uint8_t)(tu_below(120) + (band == k ? 120u : 0u));
    }
  }
}

static const char *NET = "input 1 12 12\nconv c1 4 3 1 1 relu\nmaxpool 2\nconv c2 6 3 2 1 gelu\nfc f1 16 gelu\nfc f2 4 none\n";

static void parse(const char *text, tasd_nn_model *m) {
  char err[256];
  tasd_status st = tasd_nn_arch_parse(text, "net", m, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "%s", err);
}

/* ---------------------------------------------------------------------------------------- */
static void test_determinism(const tasd_nn_data *d) {
  tasd_nn_model a, b, c;
  parse(NET, &a);
  parse(NET, &b);
  parse(NET, &c);
  uint64_t s = tu_seed();
  CHECK_OK(tasd_nn_model_init(&a, s));
  CHECK_OK(tasd_nn_model_init(&b, s));
  CHECK_OK(tasd_nn_model_init(&c, s));
  uint64_t h0 = tasd_nn_model_hash(&a);
  tasd_nn_train_cfg cfg = {s, 5, 16, 0.05f, 0.9f, 5e-4f};
  CHECK_OK(tasd_nn_train(&a, d, &cfg, NULL, NULL));
  CHECK_OK(tasd_nn_train(&b, d, &cfg, NULL, NULL));
  cfg.seed = s + 1; /* other shuffling, same init */
  CHECK_OK(tasd_nn_train(&c, d, &cfg, NULL, NULL));
  uint64_t ha = tasd_nn_model_hash(&a), hb = tasd_nn_model_hash(&b), hc = tasd_nn_model_hash(&c);
  printf("determinism: init %016llx, seed %llu -> %016llx twice %016llx, seed %llu -> %016llx\n",
         (unsigned long long)h0, (unsigned long long)s, (unsigned long long)ha, (unsigned long long)hb,
         (unsigned long long)(s + 1), (unsigned long long)hc);
  CHECK(ha == hb);
  CHECK(ha != h0);
  CHECK(ha != hc);
  /* the forward pass is deterministic too, and batching does not change the logits */
  float *l1 = malloc((size_t)d->n * 4 * sizeof(float)), *l2 = malloc((size_t)d->n * 4 * sizeof(float));
  CHECK_OK(tasd_nn_forward(&a, d, l1));
  CHECK_OK(tasd_nn_forward(&b, d, l2));
  CHECK(memcmp(l1, l2, (size_t)d->n * 4 * sizeof(float)) == 0);
  double acc;
  CHECK_OK(tasd_nn_accuracy(&a, d, &acc));
  printf("synthetic train accuracy after 5 epochs: %.3f\n", acc);
  CHECK_MSG(acc > 0.5, "synthetic bands not learnt: accuracy %.3f", acc); /* chance 0.25 */
  free(l1);
  free(l2);
  tasd_nn_model_free(&a);
  tasd_nn_model_free(&b);
  tasd_nn_model_free(&c);
}

/* ---------------------------------------------------------------------------------------- */
static size_t zeros(const float *w, size_t n) {
  size_t z = 0;
  for (size_t i = 0; i < n; i++) z += w[i] == 0.0f;
  return z;
}

static void test_prune(void) {
  tasd_nn_model m, orig;
  parse(NET, &m);
  CHECK_OK(tasd_nn_model_init(&m, tu_seed()));
  for (uint32_t i = 0; i < m.nlayers; i++)
    if (m.layer[i].b)
      for (uint32_t o = 0; o < m.layer[i].out_c; o++) m.layer[i].b[o] = 0.25f + (float)o;
  CHECK_OK(tasd_nn_model_copy(&orig, &m));
  const double levels[] = {0.0, 0.5, 0.8, 0.95, 1.0};
  for (size_t lv = 0; lv < sizeof levels / sizeof levels[0]; lv++) {
    tasd_nn_model p;
    CHECK_OK(tasd_nn_model_copy(&p, &orig));
    uint8_t *mk[TASD_NN_MAX_LAYERS];
    memset(mk, 0xEE, sizeof mk);
    CHECK_OK(tasd_nn_prune(&p, levels[lv], mk));
    for (uint32_t i = 0; i < p.nlayers; i++) {
      const tasd_nn_layer *l = &p.layer[i], *o = &orig.layer[i];
      if (l->op == TASD_NN_MAXPOOL) {
        CHECK(mk[i] == NULL);
        continue;
      }
      size_t nw = tasd_nn_layer_weights(l), k = (size_t)floor(levels[lv] * (double)nw + 0.5);
      CHECK_MSG(zeros(l->w, nw) == k, "sparsity %.2f layer %s: %zu zeros, want %zu of %zu", levels[lv], l->name,
                zeros(l->w, nw), k, nw);
      float max_pruned = 0.0f, min_kept = INFINITY;
      size_t kept = 0;
      for (size_t j = 0; j < nw; j++) {
        CHECK(mk[i][j] == 0 || mk[i][j] == 1);
        if (mk[i][j]) {
          kept++;
          CHECK(l->w[j] == o->w[j]);
          if (fabsf(o->w[j]) < min_kept) min_kept = fabsf(o->w[j]);
        } else {
          uint32_t u;
          memcpy(&u, &l->w[j], sizeof u);
          CHECK(u == 0u); /* +0.0f */
          if (fabsf(o->w[j]) > max_pruned) max_pruned = fabsf(o->w[j]);
        }
      }
      CHECK_EQ(kept, nw - k);
      CHECK_MSG(k == 0 || kept == 0 || max_pruned <= min_kept, "layer %s: pruned |w| %g above kept %g", l->name,
                (double)max_pruned, (double)min_kept);
      CHECK(memcmp(l->b, o->b, l->out_c * sizeof(float)) == 0); /* biases untouched */
      free(mk[i]);
    }
    tasd_nn_model_free(&p);
  }

  /* ties go to the lower index; round(sparsity * n) halves up; already-zero weights go first */
  tasd_nn_model t;
  parse("input 10 1 1\nfc a 1 none\n", &t);
  CHECK_OK(tasd_nn_model_alloc(&t));
  const float w0[10] = {3.0f, -1.0f, 1.0f, 2.0f, -1.0f, 0.5f, -0.5f, 0.0f, 4.0f, 1.0f};
  memcpy(t.layer[0].w, w0, sizeof w0);
  uint8_t *tm[TASD_NN_MAX_LAYERS] = {0};
  CHECK_OK(tasd_nn_prune(&t, 0.25, tm)); /* round(2.5) = 3: indices 7 (0), 5 (0.5), 6 (-0.5) */
  const uint8_t want1[10] = {1, 1, 1, 1, 1, 0, 0, 0, 1, 1};
  CHECK(tm[0] && memcmp(tm[0], want1, 10) == 0);
  free(tm[0]);
  CHECK_OK(tasd_nn_prune(&t, 0.5, tm)); /* + 1 (|-1|, index 1) and 2 (|1|, index 2): lower index first */
  const uint8_t want2[10] = {1, 0, 0, 1, 1, 0, 0, 0, 1, 1};
  CHECK(tm[0] && memcmp(tm[0], want2, 10) == 0);
  free(tm[0]);
  CHECK_OK(tasd_nn_prune(&t, 0.6, NULL)); /* masks are optional: + index 4 (|-1|) before 9 (|1|) */
  CHECK(t.layer[0].w[4] == 0.0f && t.layer[0].w[9] == 1.0f && t.layer[0].w[3] == 2.0f);

  /* errors leave the model as it was and write no masks */
  uint64_t h = tasd_nn_model_hash(&m);
  uint8_t *none[TASD_NN_MAX_LAYERS] = {0};
  CHECK_ST(tasd_nn_prune(&m, -0.1, none), TASD_ERR_RANGE);
  CHECK_ST(tasd_nn_prune(&m, 1.01, none), TASD_ERR_RANGE);
  CHECK_ST(tasd_nn_prune(&m, NAN, none), TASD_ERR_RANGE);
  m.layer[3].w[7] = NAN;
  CHECK_ST(tasd_nn_prune(&m, 0.5, none), TASD_ERR_NAN);
  m.layer[3].w[7] = orig.layer[3].w[7];
  CHECK(tasd_nn_model_hash(&m) == h);
  for (int i = 0; i < TASD_NN_MAX_LAYERS; i++) CHECK(none[i] == NULL);
  CHECK_ST(tasd_nn_prune(NULL, 0.5, none), TASD_ERR_NULL);
  tasd_nn_model_free(&t);
  tasd_nn_model_free(&m);
  tasd_nn_model_free(&orig);
}

/* ---------------------------------------------------------------------------------------- */
static void test_masked_retrain(const tasd_nn_data *d) {
  tasd_nn_model m, before;
  parse(NET, &m);
  CHECK_OK(tasd_nn_model_init(&m, tu_seed() + 7));
  uint8_t *mk[TASD_NN_MAX_LAYERS] = {0};
  CHECK_OK(tasd_nn_prune(&m, 0.9, mk));
  /* layer f1 trains unmasked: its pruned zeros may come back; c1's mask is kept */
  uint8_t *f1_mask = mk[3];
  mk[3] = NULL;
  CHECK_OK(tasd_nn_model_copy(&before, &m));
  tasd_nn_train_cfg cfg = {tu_seed(), 2, 8, 0.05f, 0.9f, 1e-3f};
  CHECK_OK(tasd_nn_train(&m, d, &cfg, mk, NULL));
  size_t changed = 0, revived = 0;
  for (uint32_t i = 0; i < m.nlayers; i++) {
    const tasd_nn_layer *l = &m.layer[i];
    if (l->op == TASD_NN_MAXPOOL) continue;
    size_t nw = tasd_nn_layer_weights(l);
    for (size_t j = 0; j < nw; j++) {
      if (mk[i] && !mk[i][j]) {
        uint32_t u;
        memcpy(&u, &l->w[j], sizeof u);
        CHECK_MSG(u == 0u, "layer %s weight %zu masked but %g after retraining", l->name, j, (double)l->w[j]);
      } else {
        changed += l->w[j] != before.layer[i].w[j];
      }
    }
    if (i == 3)
      for (size_t j = 0; j < nw; j++) revived += !f1_mask[j] && l->w[j] != 0.0f;
    /* biases train (the last layer's always get a gradient; 90 % pruned early layers may be dead) */
    if (i + 1 == m.nlayers) CHECK(memcmp(l->b, before.layer[i].b, l->out_c * sizeof(float)) != 0);
  }
  CHECK(changed > 0);
  CHECK_MSG(revived > 0, "an unmasked layer must be free to move its pruned weights");
  /* a mask with stray non-zero weights under it: they are zeroed before the first step */
  tasd_nn_model s;
  CHECK_OK(tasd_nn_model_copy(&s, &m)); /* f1 has revived weights under f1_mask */
  mk[3] = f1_mask;
  CHECK_OK(tasd_nn_train(&s, d, &cfg, mk, NULL));
  for (size_t j = 0; j < tasd_nn_layer_weights(&s.layer[3]); j++) CHECK(f1_mask[j] || s.layer[3].w[j] == 0.0f);
  for (uint32_t i = 0; i < m.nlayers; i++) free(mk[i]);
  tasd_nn_model_free(&s);
  tasd_nn_model_free(&m);
  tasd_nn_model_free(&before);
}

/* ---------------------------------------------------------------------------------------- */
static void test_errors(tasd_nn_data *d) {
  tasd_nn_model m, parsed;
  parse(NET, &m);
  parsed = m;
  tasd_nn_train_cfg cfg = {1, 1, 16, 0.05f, 0.9f, 0.0f};
  CHECK_ST(tasd_nn_train(&parsed, d, &cfg, NULL, NULL), TASD_ERR_NULL); /* no arrays */
  CHECK_OK(tasd_nn_model_init(&m, 3));
  const uint64_t h = tasd_nn_model_hash(&m);
  char *logbuf = NULL;
  size_t loglen = 0;
  FILE *log = open_memstream(&logbuf, &loglen);
  CHECK(log != NULL);
  CHECK_ST(tasd_nn_train(NULL, d, &cfg, NULL, log), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_train(&m, NULL, &cfg, NULL, log), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_train(&m, d, NULL, NULL, log), TASD_ERR_NULL);
  const tasd_nn_train_cfg bad[] = {
      {1, 0, 16, 0.05f, 0.9f, 0.0f},  {1, 1, 0, 0.05f, 0.9f, 0.0f},  {1, 1, 16, 0.0f, 0.9f, 0.0f},
      {1, 1, 16, -1.0f, 0.9f, 0.0f},  {1, 1, 16, NAN, 0.9f, 0.0f},   {1, 1, 16, INFINITY, 0.9f, 0.0f},
      {1, 1, 16, 0.05f, 1.0f, 0.0f},  {1, 1, 16, 0.05f, -0.1f, 0.0f}, {1, 1, 16, 0.05f, 0.9f, -1e-4f},
      {1, 1, 16, 0.05f, 0.9f, NAN},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECK_MSG(tasd_nn_train(&m, d, &bad[i], NULL, log) == TASD_ERR_RANGE, "bad config %zu accepted", i);
  tasd_nn_data e = *d;
  e.n = 0;
  CHECK_ST(tasd_nn_train(&m, &e, &cfg, NULL, log), TASD_ERR_RANGE);
  e = *d;
  e.h = 11;
  CHECK_ST(tasd_nn_train(&m, &e, &cfg, NULL, log), TASD_ERR_SHAPE);
  CHECK_ST(tasd_nn_forward(&m, &e, (float[4]){0}), TASD_ERR_SHAPE);
  e = *d;
  e.c = 2;
  e.n = d->n / 2;
  CHECK_ST(tasd_nn_train(&m, &e, &cfg, NULL, log), TASD_ERR_SHAPE);
  uint8_t keep = d->y[5];
  d->y[5] = 4; /* the model has 4 classes */
  CHECK_ST(tasd_nn_train(&m, d, &cfg, NULL, log), TASD_ERR_RANGE);
  d->y[5] = keep;
  /* divergence: huge learning rate -> NaN, model unchanged */
  tasd_nn_train_cfg wild = {1, 2, 16, 1e30f, 0.9f, 0.0f};
  CHECK_ST(tasd_nn_train(&m, d, &wild, NULL, log), TASD_ERR_NAN);
  CHECK(tasd_nn_model_hash(&m) == h);
  fclose(log);
  CHECK_MSG(strstr(logbuf, "label 5 is 4, the model has 4 classes") != NULL, "log: %s", logbuf);
  CHECK_MSG(strstr(logbuf, "diverged") != NULL, "log: %s", logbuf);
  CHECK_MSG(strstr(logbuf, "do not fit the model input") != NULL, "log: %s", logbuf);
  free(logbuf);
  /* a successful run logs one line per epoch */
  logbuf = NULL;
  log = open_memstream(&logbuf, &loglen);
  tasd_nn_train_cfg two = {1, 2, 1000, 0.05f, 0.9f, 0.0f}; /* batch > n: one step per epoch */
  CHECK_OK(tasd_nn_train(&m, d, &two, NULL, log));
  fclose(log);
  CHECK_MSG(strstr(logbuf, "epoch 1/2 loss ") != NULL && strstr(logbuf, "epoch 2/2 loss ") != NULL, "log: %s", logbuf);
  free(logbuf);
  /* forward / accuracy */
  double acc = -1;
  e = *d;
  e.n = 0;
  CHECK_ST(tasd_nn_accuracy(&m, &e, &acc), TASD_ERR_RANGE);
  CHECK_OK(tasd_nn_forward(&m, &e, (float[4]){0})); /* nothing to do */
  CHECK_ST(tasd_nn_forward(&m, d, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_accuracy(&m, d, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_accuracy(&parsed, d, &acc), TASD_ERR_NULL);
  /* one image, batch 1 */
  tasd_nn_data one;
  CHECK_OK(tasd_nn_data_slice(d, 3, 1, &one));
  tasd_nn_train_cfg c1 = {9, 1, 1, 0.01f, 0.0f, 0.0f};
  CHECK_OK(tasd_nn_train(&m, &one, &c1, NULL, NULL));
  CHECK_OK(tasd_nn_accuracy(&m, &one, &acc));
  CHECK(acc == 0.0 || acc == 1.0);
  /* slices */
  tasd_nn_data v;
  CHECK_ST(tasd_nn_data_slice(d, d->n, 1, &v), TASD_ERR_RANGE);
  CHECK_ST(tasd_nn_data_slice(d, 1, d->n, &v), TASD_ERR_RANGE);
  CHECK_ST(tasd_nn_data_slice(d, 0xFFFFFFFFu, 2, &v), TASD_ERR_RANGE);
  CHECK_OK(tasd_nn_data_slice(d, d->n, 0, &v));
  CHECK_OK(tasd_nn_data_slice(d, 10, 20, &v));
  CHECK(v.n == 20 && v.x == d->x + 10 * 144 && v.y == d->y + 10 && v.classes == d->classes);
  CHECK_ST(tasd_nn_data_slice(NULL, 0, 0, &v), TASD_ERR_NULL);
  tasd_nn_model_free(&m);
}

int main(int argc, char **argv) {
  nt_init(argc, argv, 1, "train");
  tasd_nn_data d;
  synth(&d, 400, 1, 12, 12, 4);
  test_determinism(&d);
  test_prune();
  test_masked_retrain(&d);
  test_errors(&d);
  tasd_nn_data_free(&d);
  tasd_nn_data_free(&d); /* idempotent */
  tasd_nn_data_free(NULL);
  return nt_finish();
}
