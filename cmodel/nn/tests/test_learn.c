/* SPDX-License-Identifier: Apache-2.0 */
/* Real Fashion-MNIST: the loader's view of the files, tiny MLP/CNN learn a 2,000-image subset, same seed -> same hash. */
/* Usage: test_learn WORKDIR [SEED]; exit 77 (skip) when TASD_NN_DATA_DIR is not installed. No timing assertions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nntest.h"

#define SUBSET 2000u
#define TEST_N 1000u

static void check_files(const tasd_nn_data *tr, const tasd_nn_data *te) {
  CHECK(tr->n == TASD_NN_TRAIN_IMAGES + TASD_NN_CALIB_IMAGES && te->n == 10000);
  CHECK(tr->c == 1 && tr->h == 28 && tr->w == 28 && tr->classes == 10 && te->h == 28);
  uint32_t hist[10] = {0};
  for (uint32_t i = 0; i < tr->n; i++) hist[tr->y[i]]++;
  for (int k = 0; k < 10; k++) CHECK_MSG(hist[k] == 6000, "class %d has %u training images", k, hist[k]);
}

/* Trains text on the first SUBSET training images; returns test accuracy on TEST_N test images. */
static double learn(const char *name, const char *text, const tasd_nn_data *tr, const tasd_nn_data *te,
                    const tasd_nn_train_cfg *cfg, uint64_t *hash) {
  char err[256];
  tasd_nn_model m;
  tasd_status st = tasd_nn_arch_parse(text, name, &m, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "%s", err);
  if (st != TASD_OK) return 0;
  tasd_nn_data sub, tst;
  CHECK_OK(tasd_nn_data_slice(tr, 0, SUBSET, &sub));
  CHECK_OK(tasd_nn_data_slice(te, 0, TEST_N, &tst));
  CHECK_OK(tasd_nn_model_init(&m, cfg->seed));
  CHECK_OK(tasd_nn_train(&m, &sub, cfg, NULL, stdout));
  double acc = 0, acc_tr = 0;
  CHECK_OK(tasd_nn_accuracy(&m, &tst, &acc));
  CHECK_OK(tasd_nn_accuracy(&m, &sub, &acc_tr));
  *hash = tasd_nn_model_hash(&m);
  printf("%s: seed %llu, %u images x %u epochs: train %.3f, test %.3f (chance 0.100), hash %016llx\n", name,
         (unsigned long long)cfg->seed, SUBSET, cfg->epochs, acc_tr, acc, (unsigned long long)*hash);
  tasd_nn_model_free(&m);
  return acc;
}

int main(int argc, char **argv) {
  nt_init(argc, argv, 1, "learn");
  tasd_nn_data tr, te;
  memset(&tr, 0, sizeof tr);
  memset(&te, 0, sizeof te);
  if (!nt_fashion("train", &tr) || !nt_fashion("t10k", &te)) {
    if (tu_failed()) return nt_finish();
    printf("SKIP: Fashion-MNIST not found in %s (Debian package dataset-fashion-mnist)\n", TASD_NN_DATA_DIR);
    tasd_nn_data_free(&tr);
    nt_finish();
    return 77;
  }
  check_files(&tr, &te);
  const uint64_t s = tu_seed();
  const char *mlp = "input 1 28 28\nfc fc1 64 relu\nfc fc2 10 none\n";
  const char *cnn = "input 1 28 28\nconv conv1 8 3 2 1 relu\nconv conv2 16 3 2 1 gelu\nfc fc1 10 none\n";
  tasd_nn_train_cfg cfg = {s, 3, 32, 0.05f, 0.9f, 5e-4f};
  uint64_t h1, h2, h3, h4;
  double a = learn("mlp", mlp, &tr, &te, &cfg, &h1);
  CHECK_MSG(a > 0.65, "mlp: test accuracy %.3f", a);
  learn("mlp", mlp, &tr, &te, &cfg, &h2);
  CHECK_MSG(h1 == h2, "same seed, different models: %016llx vs %016llx", (unsigned long long)h1,
            (unsigned long long)h2);
  cfg.seed = s + 1000;
  learn("mlp", mlp, &tr, &te, &cfg, &h3);
  CHECK(h3 != h1);
  cfg.seed = s;
  cfg.epochs = 2;
  a = learn("cnn", cnn, &tr, &te, &cfg, &h4);
  CHECK_MSG(a > 0.6, "cnn: test accuracy %.3f", a);
  tasd_nn_data_free(&tr);
  tasd_nn_data_free(&te);
  return nt_finish();
}
