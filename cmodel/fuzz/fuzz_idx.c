/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: tasd_idx_load on arbitrary bytes (plain or gzip); accepted data must match the input. */
#include "tasd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define FUZZ_REQUIRE(c) \
  do {                  \
    if (!(c)) {         \
      fprintf(stderr, "fuzz_idx: property failed: %s (line %d)\n", #c, __LINE__); \
      __builtin_trap(); \
    }                   \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_file(const char *path, const uint8_t *data, size_t size, int gz) {
  if (gz) {
    gzFile g = gzopen(path, "wb1");
    FUZZ_REQUIRE(g != NULL);
    FUZZ_REQUIRE(size == 0 || gzwrite(g, data, (unsigned)size) == (int)size);
    FUZZ_REQUIRE(gzclose(g) == Z_OK);
  } else {
    FILE *f = fopen(path, "wb");
    FUZZ_REQUIRE(f != NULL);
    FUZZ_REQUIRE(fwrite(data, 1, size, f) == size);
    FUZZ_REQUIRE(fclose(f) == 0);
  }
}

/* Loads path; on success checks that the tensor is the input's IDX content (plain bytes). */
static tasd_status load_check(const char *path, const uint8_t *plain, size_t plain_len,
                              int plain_known) {
  tasd_tensor t;
  char err[256];
  memset(err, 'x', sizeof err);
  tasd_status st = tasd_idx_load(path, &t, err, sizeof err);
  FUZZ_REQUIRE(memchr(err, '\0', sizeof err) != NULL);
  if (st != TASD_OK) {
    /* every refusal names the file and says something; no I/O error on a readable file */
    size_t pl = strlen(path);
    FUZZ_REQUIRE(strncmp(err, path, pl) == 0 && strlen(err) > pl + 2);
    FUZZ_REQUIRE(st == TASD_ERR_FORMAT || st == TASD_ERR_DTYPE || st == TASD_ERR_NOMEM);
    return st;
  }
  FUZZ_REQUIRE(t.ndim >= 1 && t.ndim <= TASD_MAX_DIMS && t.data != NULL);
  size_t numel = tasd_tensor_numel(&t), isz = tasd_dtype_size(t.dtype);
  FUZZ_REQUIRE(isz != 0);
  if (plain_known) {
    /* header: 0, 0, type code, rank, big-endian dims; then the data, big-endian */
    size_t hdr = 4 + 4 * (size_t)t.ndim;
    FUZZ_REQUIRE(plain_len == hdr + numel * isz);
    FUZZ_REQUIRE(plain[0] == 0 && plain[1] == 0 && plain[3] == t.ndim);
    for (uint32_t d = 0; d < t.ndim; d++) {
      const uint8_t *q = plain + 4 + 4 * d;
      size_t dim = ((size_t)q[0] << 24) | ((size_t)q[1] << 16) | ((size_t)q[2] << 8) | q[3];
      FUZZ_REQUIRE(dim == t.shape[d]);
    }
    const uint8_t *v = (const uint8_t *)t.data;
    for (size_t i = 0; i < numel; i++) {
      uint32_t u = 0;
      for (size_t b = 0; b < isz; b++) u = (u << 8) | plain[hdr + i * isz + b];
      uint32_t h = 0;
      if (isz == 1) h = v[i];
      else if (isz == 2) {
        uint16_t x;
        memcpy(&x, v + 2 * i, 2);
        h = x;
      } else
        memcpy(&h, v + 4 * i, 4);
      FUZZ_REQUIRE(u == h);
    }
  }
  tasd_tensor_free(&t);
  return TASD_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The files live in $TASD_FUZZ_WORK (run.sh and the test list point it under the build tree). */
  const char *work = getenv("TASD_FUZZ_WORK");
  if (work == NULL || work[0] == '\0') {
    fprintf(stderr, "fuzz_idx: set TASD_FUZZ_WORK to a work directory (e.g. build/cmodel/fuzz/work)\n");
    __builtin_trap();
  }
  char path[4096];
  FUZZ_REQUIRE(snprintf(path, sizeof path, "%s/fuzz_idx_%ld.idx", work, (long)getpid()) <
               (int)sizeof path);
  /* the bytes as they are (zlib inflates them when they start like a gzip stream) */
  int is_gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  write_file(path, data, size, 0);
  tasd_status plain_st = load_check(path, data, size, !is_gz);
  /* the same bytes gzip-compressed must give the same verdict and, on success, the same data */
  if (!is_gz) {
    write_file(path, data, size, 1);
    tasd_status gz_st = load_check(path, data, size, 1);
    FUZZ_REQUIRE(gz_st == plain_st);
  }
  remove(path);
  return 0;
}
