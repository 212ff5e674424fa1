/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: tasd_npy_parse on arbitrary bytes; accepted inputs must save and reload equal. */
#include "tasd.h"
#include "fuzz_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_REQUIRE(c) \
  do {                  \
    if (!(c)) {         \
      fprintf(stderr, "fuzz_npy: property failed: %s (line %d)\n", #c, __LINE__); \
      __builtin_trap(); \
    }                   \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tasd_tensor t;
  char err[256];
  memset(err, 'x', sizeof err);
  tasd_status st = tasd_npy_parse(data, size, "fuzz.npy", &t, err, sizeof err);
  FUZZ_REQUIRE(memchr(err, '\0', sizeof err) != NULL);
  if (st != TASD_OK) {
    /* every refusal names the input and says something */
    FUZZ_REQUIRE(strncmp(err, "fuzz.npy: ", 10) == 0 && strlen(err) > 10);
    FUZZ_REQUIRE(st == TASD_ERR_FORMAT || st == TASD_ERR_DTYPE || st == TASD_ERR_SHAPE ||
                 st == TASD_ERR_NOMEM);
    return 0;
  }
  FUZZ_REQUIRE(t.ndim >= 1 && t.ndim <= TASD_MAX_DIMS && t.data != NULL);
  size_t numel = tasd_tensor_numel(&t), isz = tasd_dtype_size(t.dtype);
  FUZZ_REQUIRE(isz != 0 && numel * isz <= size);
  /* round trip through a file: same dtype, shape and bytes */
  /* The round-trip file lives in $TASD_FUZZ_WORK (fuzz_work.h); nothing is written elsewhere. */
  char path[4096];
  fuzz_work_path("npy.npy", path, sizeof path);
  FUZZ_REQUIRE(tasd_npy_save(path, &t, err, sizeof err) == TASD_OK);
  tasd_tensor u;
  FUZZ_REQUIRE(tasd_npy_load(path, &u, err, sizeof err) == TASD_OK);
  remove(path);
  FUZZ_REQUIRE(u.dtype == t.dtype && u.ndim == t.ndim);
  for (uint32_t d = 0; d < t.ndim; d++) FUZZ_REQUIRE(u.shape[d] == t.shape[d]);
  FUZZ_REQUIRE(numel == 0 || memcmp(u.data, t.data, numel * isz) == 0);
  tasd_tensor_free(&u);
  tasd_tensor_free(&t);
  return 0;
}
