/* SPDX-License-Identifier: Apache-2.0 */
/* The built-in recipe table and architectures load and agree; --train NAME runs one recipe end to end and times it. */
/*
 *   test_recipes                      checks cmodel/nn/models/recipes.tsv and every arch it names
 *   test_recipes --train NAME [DIR]   trains recipe NAME on the Fashion-MNIST training split (DIR,
 *                                     default TASD_NN_DATA_DIR), prints test / calibration accuracy
 *                                     and wall / CPU seconds of every stage (the recipe measurement;
 *                                     the tasdnet tool is the production path)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tasd_nn.h"
#include "testutil.h"

#define RECIPES "cmodel/nn/models/recipes.tsv"

static void check_table(void) {
  char err[512];
  tasd_nn_recipes t;
  tasd_status st = tasd_nn_recipe_load(RECIPES, &t, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "%s", err);
  if (st != TASD_OK) return;
  const char *want[] = {"mlp", "mlp_gelu", "cnn"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    CHECK_MSG(tasd_nn_recipe_find(&t, want[i]) != NULL, "recipe %s missing", want[i]);
  for (uint32_t i = 0; i < t.count; i++) {
    const tasd_nn_recipe *r = &t.r[i];
    tasd_nn_model m;
    st = tasd_nn_arch_load(r->arch, &m, err, sizeof err);
    CHECK_MSG(st == TASD_OK, "recipe %s: %s", r->name, err);
    if (st != TASD_OK) continue;
    CHECK_EQ(m.classes, TASD_NN_CLASSES);
    CHECK(m.in_c == 1 && m.in_h == 28 && m.in_w == 28);
    CHECK(r->train.epochs >= 1 && r->train.batch >= 1);
    printf("recipe %-10s %-28s epochs %u batch %u lr %g mom %g wd %g seed %llu prune", r->name, r->arch,
           r->train.epochs, r->train.batch, (double)r->train.lr, (double)r->train.momentum,
           (double)r->train.weight_decay, (unsigned long long)r->train.seed);
    for (uint32_t j = 0; j < r->nprune; j++) printf("%s%g", j ? "," : " ", r->prune[j]);
    printf("%s retrain %u x lr %g\n", r->nprune ? "" : " -", r->retrain_epochs, (double)r->retrain_lr);
  }
  const tasd_nn_recipe *mlp = tasd_nn_recipe_find(&t, "mlp");
  if (mlp) {
    CHECK(mlp->nprune == 2 && mlp->prune[0] == 0.8 && mlp->prune[1] == 0.95);
    CHECK(strstr(mlp->arch, "cmodel/nn/models/mlp.arch") != NULL);
  }
}

static double now_wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
static double now_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int load_split(const char *dir, const char *prefix, tasd_nn_data *d) {
  char xi[600], yi[600], err[512];
  snprintf(xi, sizeof xi, "%s/%s-images-idx3-ubyte.gz", dir, prefix);
  snprintf(yi, sizeof yi, "%s/%s-labels-idx1-ubyte.gz", dir, prefix);
  tasd_status st = tasd_nn_data_load(xi, yi, TASD_NN_CLASSES, d, err, sizeof err);
  if (st != TASD_OK) fprintf(stderr, "%s\n", err);
  return st == TASD_OK;
}

static int run_recipe(const char *name, const char *dir) {
  char err[512];
  tasd_nn_recipes t;
  if (tasd_nn_recipe_load(RECIPES, &t, err, sizeof err) != TASD_OK) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  const tasd_nn_recipe *r = tasd_nn_recipe_find(&t, name);
  if (r == NULL) {
    fprintf(stderr, "no recipe '%s' in %s\n", name, RECIPES);
    return 1;
  }
  tasd_nn_data all, test, tr, cal;
  if (!load_split(dir, "train", &all)) return 77;
  if (!load_split(dir, "t10k", &test)) return 77;
  if (tasd_nn_data_slice(&all, 0, TASD_NN_TRAIN_IMAGES, &tr) != TASD_OK ||
      tasd_nn_data_slice(&all, TASD_NN_TRAIN_IMAGES, TASD_NN_CALIB_IMAGES, &cal) != TASD_OK) {
    fprintf(stderr, "training file has fewer than %u images\n", TASD_NN_TRAIN_IMAGES + TASD_NN_CALIB_IMAGES);
    return 1;
  }
  tasd_nn_model m;
  if (tasd_nn_arch_load(r->arch, &m, err, sizeof err) != TASD_OK) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  int rc = 0;
  uint8_t *masks[TASD_NN_MAX_LAYERS] = {0};
  printf("recipe %s: %s on the %u-image training split, OpenBLAS core %s\n", r->name, r->arch, TASD_NN_TRAIN_IMAGES,
         tasd_nn_blas_core());
  double w0 = now_wall(), c0 = now_cpu();
  tasd_status st = tasd_nn_model_init(&m, r->train.seed);
  if (st == TASD_OK) st = tasd_nn_train(&m, &tr, &r->train, NULL, stdout);
  for (uint32_t lvl = 0; lvl <= r->nprune && st == TASD_OK; lvl++) {
    if (lvl > 0) {
      for (uint32_t i = 0; i < m.nlayers; i++) free(masks[i]);
      st = tasd_nn_prune(&m, r->prune[lvl - 1], masks);
      tasd_nn_train_cfg rc_cfg = r->train;
      rc_cfg.epochs = r->retrain_epochs;
      rc_cfg.lr = r->retrain_lr;
      rc_cfg.seed = r->train.seed + lvl;
      if (st == TASD_OK) st = tasd_nn_train(&m, &tr, &rc_cfg, masks, stdout);
    }
    double acc_t = 0, acc_c = 0;
    if (st == TASD_OK) st = tasd_nn_accuracy(&m, &test, &acc_t);
    if (st == TASD_OK) st = tasd_nn_accuracy(&m, &cal, &acc_c);
    if (st == TASD_OK)
      printf("RESULT %s sparsity %.2f test_top1 %.4f calib_top1 %.4f hash %016llx wall %.1f s cpu %.1f s\n",
             r->name, lvl ? r->prune[lvl - 1] : 0.0, acc_t, acc_c, (unsigned long long)tasd_nn_model_hash(&m),
             now_wall() - w0, now_cpu() - c0);
    fflush(stdout);
  }
  if (st != TASD_OK) {
    fprintf(stderr, "recipe %s failed: %s\n", r->name, tasd_strerror(st));
    rc = 1;
  }
  for (uint32_t i = 0; i < m.nlayers; i++) free(masks[i]);
  tasd_nn_model_free(&m);
  tasd_nn_data_free(&all);
  tasd_nn_data_free(&test);
  return rc;
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "--train") == 0)
    return run_recipe(argv[2], argc >= 4 ? argv[3] : TASD_NN_DATA_DIR);
  tu_init(argc, argv, 0);
  check_table();
  return tu_finish();
}
