/* SPDX-License-Identifier: Apache-2.0 */
/* libtasdnn test helpers: WORKDIR [SEED] command lines with a full replay line, scratch directories, dataset lookup. */
#ifndef TASD_NN_TEST_H
#define TASD_NN_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tasd_nn.h"
#include "testutil.h"

static char nt_prog_[1024];
static char nt_dir_[512];

/* Command line "PROG WORKDIR [SEED]": prints the seed (when seeded) and a replay line naming   */
/* both, and makes a fresh directory WORKDIR/TAG_XXXXXX (nt_dir()). Exits 2 on a bad command. */
static inline void nt_init(int argc, char **argv, int seeded, const char *tag) {
  if (argc < 2 || argc > (seeded ? 3 : 2) || strlen(argv[1]) > 400 || strchr(argv[1], '\'') != NULL) {
    fprintf(stderr, "usage: %s WORKDIR%s\n", argc > 0 ? argv[0] : "test", seeded ? " [SEED]" : "");
    exit(2);
  }
  snprintf(nt_prog_, sizeof nt_prog_, "%s %s", argv[0], argv[1]);
  char *av[2] = {nt_prog_, argc > 2 ? argv[2] : NULL};
  tu_init(argc > 2 ? 2 : 1, av, seeded);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", argv[1]);
  if (system(cmd) != 0) {
    fprintf(stderr, "cannot create %s\n", argv[1]);
    exit(2);
  }
  snprintf(nt_dir_, sizeof nt_dir_, "%s/%s_XXXXXX", argv[1], tag);
  if (mkdtemp(nt_dir_) == NULL) {
    fprintf(stderr, "cannot create a directory under %s\n", argv[1]);
    exit(2);
  }
}

static inline const char *nt_dir(void) { return nt_dir_; }

/* Removes the scratch directory (kept when a check failed, for a look) and returns tu_finish(). */
static inline int nt_finish(void) {
  if (!tu_failed()) {
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", nt_dir_);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", nt_dir_);
  } else {
    printf("scratch files kept in %s\n", nt_dir_);
  }
  return tu_finish();
}

/* path = nt_dir()/name */
static inline void nt_path(char *path, size_t len, const char *name) { snprintf(path, len, "%s/%s", nt_dir_, name); }

/* Loads Fashion-MNIST split prefix ("train" / "t10k") from TASD_NN_DATA_DIR; 0 when missing. */
static inline int nt_fashion(const char *prefix, tasd_nn_data *d) {
  char xi[512], yi[512], err[512];
  snprintf(xi, sizeof xi, "%s/%s-images-idx3-ubyte.gz", TASD_NN_DATA_DIR, prefix);
  snprintf(yi, sizeof yi, "%s/%s-labels-idx1-ubyte.gz", TASD_NN_DATA_DIR, prefix);
  if (access(xi, R_OK) != 0 || access(yi, R_OK) != 0) return 0;
  tasd_status st = tasd_nn_data_load(xi, yi, TASD_NN_CLASSES, d, err, sizeof err);
  CHECK_MSG(st == TASD_OK, "%s", err);
  return st == TASD_OK;
}

#endif /* TASD_NN_TEST_H */
