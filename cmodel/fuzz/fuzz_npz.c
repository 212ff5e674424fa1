/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: the .npz parser on arbitrary bytes; accepted archives must save and reload equal. */
#include "internal.h"
#include "fuzz_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_REQUIRE(c) \
  do {                  \
    if (!(c)) {         \
      fprintf(stderr, "fuzz_npz: property failed: %s (line %d)\n", #c, __LINE__); \
      __builtin_trap(); \
    }                   \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const tasd_tensor *a, const tasd_tensor *b) {
  if (a->dtype != b->dtype || a->ndim != b->ndim) return 0;
  for (uint32_t d = 0; d < a->ndim; d++)
    if (a->shape[d] != b->shape[d]) return 0;
  size_t n = tasd_tensor_numel(a) * tasd_dtype_size(a->dtype);
  return n == 0 || memcmp(a->data, b->data, n) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tasd_npz z;
  char err[512];
  memset(err, 'x', sizeof err);
  tasd_status st = tasd__npz_parse(data, size, "fuzz.npz", &z, err, sizeof err);
  FUZZ_REQUIRE(memchr(err, '\0', sizeof err) != NULL);
  if (st != TASD_OK) {
    /* every refusal names the input, leaves *out empty and says something */
    FUZZ_REQUIRE(strncmp(err, "fuzz.npz", 8) == 0 && strlen(err) > 10);
    FUZZ_REQUIRE(st == TASD_ERR_FORMAT || st == TASD_ERR_DTYPE || st == TASD_ERR_SHAPE ||
                 st == TASD_ERR_NOMEM);
    FUZZ_REQUIRE(z.count == 0 && z.names == NULL && z.arrays == NULL);
    return 0;
  }
  for (size_t i = 0; i < z.count; i++) {
    FUZZ_REQUIRE(z.names[i] != NULL && z.names[i][0] != '\0');
    FUZZ_REQUIRE(tasd_npz_find(&z, z.names[i]) == &z.arrays[i]); /* names are unique */
    FUZZ_REQUIRE(z.arrays[i].ndim >= 1 && z.arrays[i].ndim <= TASD_MAX_DIMS);
  }
  /* round trip through a file in $TASD_FUZZ_WORK (fuzz_work.h): same names, order and arrays */
  char path[4096];
  fuzz_work_path("npz.npz", path, sizeof path);
  /* every name the loader accepts is one tasd_npz_save accepts */
  FUZZ_REQUIRE(tasd_npz_save(path, (const char *const *)z.names, z.arrays, z.count, err,
                             sizeof err) == TASD_OK);
  tasd_npz u;
  FUZZ_REQUIRE(tasd_npz_load(path, &u, err, sizeof err) == TASD_OK);
  remove(path);
  FUZZ_REQUIRE(u.count == z.count);
  for (size_t i = 0; i < z.count; i++) {
    FUZZ_REQUIRE(strcmp(u.names[i], z.names[i]) == 0);
    FUZZ_REQUIRE(same(&u.arrays[i], &z.arrays[i]));
  }
  tasd_npz_free(&u);
  tasd_npz_free(&z);
  return 0;
}
