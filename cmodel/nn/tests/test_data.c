/* SPDX-License-Identifier: Apache-2.0 */
/* Dataset loader: IDX image/label pairs (plain and gzip) and every error: missing, corrupt, truncated, count mismatch, rank/type, label range. */
/* Usage: test_data WORKDIR (the IDX files are written to a fresh directory under WORKDIR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "nntest.h"

/* An IDX file image: magic 0 0 type rank, big-endian dims, then data. */
static size_t idx_bytes(uint8_t *buf, uint8_t type, uint32_t rank, const uint32_t *dims, const void *data,
                        size_t dlen) {
  size_t n = 0;
  buf[n++] = 0;
  buf[n++] = 0;
  buf[n++] = type;
  buf[n++] = (uint8_t)rank;
  for (uint32_t i = 0; i < rank; i++) {
    buf[n++] = (uint8_t)(dims[i] >> 24);
    buf[n++] = (uint8_t)(dims[i] >> 16);
    buf[n++] = (uint8_t)(dims[i] >> 8);
    buf[n++] = (uint8_t)dims[i];
  }
  memcpy(buf + n, data, dlen);
  return n + dlen;
}

static void put(const char *name, const uint8_t *b, size_t n, char *path, size_t plen) {
  nt_path(path, plen, name);
  FILE *f = fopen(path, "wb");
  CHECK_MSG(f != NULL, "cannot create %s", path);
  if (f == NULL) return;
  CHECK(fwrite(b, 1, n, f) == n);
  fclose(f);
}

static void put_gz(const char *name, const uint8_t *b, size_t n, char *path, size_t plen) {
  nt_path(path, plen, name);
  gzFile g = gzopen(path, "wb");
  CHECK_MSG(g != NULL, "cannot create %s", path);
  if (g == NULL) return;
  CHECK(gzwrite(g, b, (unsigned)n) == (int)n);
  gzclose(g);
}

#define N 6
static uint8_t pix[N * 2 * 3 * 4];
static uint8_t lab[N] = {0, 9, 3, 3, 7, 1};

/* Expects status want, a message holding every needle, *out untouched. */
static void expect_fail(const char *xi, const char *yi, uint32_t classes, tasd_status want, const char *n1,
                        const char *n2, int line) {
  char err[1024] = "";
  tasd_nn_data d, before;
  memset(&d, 0x3C, sizeof d);
  before = d;
  tasd_status st = tasd_nn_data_load(xi, yi, classes, &d, err, sizeof err);
  if (st != want)
    tu_fail(__FILE__, line, "status %d (%s), want %d (%s): %s", (int)st, tasd_strerror(st), (int)want,
            tasd_strerror(want), err);
  if (n1 && !strstr(err, n1)) tu_fail(__FILE__, line, "message '%s' lacks '%s'", err, n1);
  if (n2 && !strstr(err, n2)) tu_fail(__FILE__, line, "message '%s' lacks '%s'", err, n2);
  if (memcmp(&d, &before, sizeof d) != 0) tu_fail(__FILE__, line, "output written on failure");
  if (st == TASD_OK) tasd_nn_data_free(&d);
}
#define FAIL(xi, yi, classes, want, n1, n2) expect_fail(xi, yi, classes, want, n1, n2, __LINE__)

int main(int argc, char **argv) {
  nt_init(argc, argv, 0, "data");
  for (size_t i = 0; i < sizeof pix; i++) pix[i] = (uint8_t)(i * 7 + 1);
  static uint8_t buf[4096];
  char xi[1100], yi[1100], x4[1100], xgz[1100], ygz[1100], p[1100], err[1024];
  const uint32_t d3[3] = {N, 3, 4}, d4[4] = {N, 2, 3, 4}, d1[1] = {N};

  put("img3.idx", buf, idx_bytes(buf, 0x08, 3, d3, pix, N * 12), xi, sizeof xi);
  put("lab.idx", buf, idx_bytes(buf, 0x08, 1, d1, lab, N), yi, sizeof yi);
  put("img4.idx", buf, idx_bytes(buf, 0x08, 4, d4, pix, N * 24), x4, sizeof x4);
  put_gz("img3.idx.gz", buf, idx_bytes(buf, 0x08, 3, d3, pix, N * 12), xgz, sizeof xgz);
  put_gz("lab.idx.gz", buf, idx_bytes(buf, 0x08, 1, d1, lab, N), ygz, sizeof ygz);

  /* good loads: rank 3 (c = 1), rank 4, gzip */
  tasd_nn_data d;
  CHECK_MSG(tasd_nn_data_load(xi, yi, 10, &d, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(d.n == N && d.c == 1 && d.h == 3 && d.w == 4 && d.classes == 10);
  CHECK(memcmp(d.x, pix, N * 12) == 0 && memcmp(d.y, lab, N) == 0);
  tasd_nn_data_free(&d);
  CHECK(d.x == NULL && d.n == 0);
  CHECK_MSG(tasd_nn_data_load(x4, yi, 10, &d, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(d.n == N && d.c == 2 && d.h == 3 && d.w == 4 && memcmp(d.x, pix, N * 24) == 0);
  tasd_nn_data_free(&d);
  CHECK_MSG(tasd_nn_data_load(xgz, ygz, 10, &d, err, sizeof err) == TASD_OK, "%s", err);
  CHECK(d.n == N && memcmp(d.x, pix, N * 12) == 0 && memcmp(d.y, lab, N) == 0);
  tasd_nn_data_free(&d);

  /* missing files: the one that is missing is named */
  char missing[1100];
  nt_path(missing, sizeof missing, "no-such-file.idx");
  FAIL(missing, yi, 10, TASD_ERR_IO, missing, "cannot open");
  FAIL(xi, missing, 10, TASD_ERR_IO, missing, "cannot open");
  FAIL(nt_dir(), yi, 10, TASD_ERR_IO, NULL, NULL); /* a directory */

  /* corrupt: bad magic, unknown type, truncated header / data, trailing bytes, broken gzip */
  size_t n = idx_bytes(buf, 0x08, 3, d3, pix, N * 12);
  buf[0] = 0x1f;
  buf[1] = 0x00;
  put("badmagic.idx", buf, n, p, sizeof p);
  FAIL(p, yi, 10, TASD_ERR_FORMAT, p, NULL);
  n = idx_bytes(buf, 0x07, 3, d3, pix, N * 12);
  put("badtype.idx", buf, n, p, sizeof p);
  FAIL(p, yi, 10, TASD_ERR_FORMAT, p, "type");
  n = idx_bytes(buf, 0x08, 3, d3, pix, N * 12);
  put("trunchdr.idx", buf, 9, p, sizeof p);
  FAIL(p, yi, 10, TASD_ERR_FORMAT, p, "truncated");
  put("truncdata.idx", buf, n - 5, p, sizeof p);
  FAIL(p, yi, 10, TASD_ERR_FORMAT, p, "truncated");
  buf[n] = 0xAB;
  put("trailing.idx", buf, n + 1, p, sizeof p);
  FAIL(p, yi, 10, TASD_ERR_FORMAT, p, "trailing");
  n = idx_bytes(buf, 0x08, 1, d1, lab, N);
  put("trunclab.idx", buf, n - 1, p, sizeof p);
  FAIL(xi, p, 10, TASD_ERR_FORMAT, p, "truncated");
  { /* a gzip file cut in half */
    FILE *f = fopen(xgz, "rb");
    CHECK(f != NULL);
    size_t gl = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f) fclose(f);
    put("cut.idx.gz", buf, gl / 2, p, sizeof p);
    FAIL(p, yi, 10, TASD_ERR_FORMAT, p, "gzip");
  }

  /* counts differ: both files named with their counts */
  const uint32_t d1s[1] = {N - 1};
  put("lab5.idx", buf, idx_bytes(buf, 0x08, 1, d1s, lab, N - 1), p, sizeof p);
  FAIL(xi, p, 10, TASD_ERR_SHAPE, "has 6 images but", "has 5 labels");

  /* wrong rank / type */
  const uint32_t d2[2] = {N, 12};
  put("img2.idx", buf, idx_bytes(buf, 0x08, 2, d2, pix, N * 12), p, sizeof p);
  FAIL(p, yi, 10, TASD_ERR_SHAPE, p, "rank 3");
  put("lab2.idx", buf, idx_bytes(buf, 0x08, 2, (const uint32_t[2]){N, 1}, lab, N), p, sizeof p);
  FAIL(xi, p, 10, TASD_ERR_SHAPE, p, "rank 1");
  put("imgs8.idx", buf, idx_bytes(buf, 0x09, 3, d3, pix, N * 12), p, sizeof p);
  FAIL(p, yi, 10, TASD_ERR_SHAPE, "unsigned bytes", "int8");
  int32_t labi[N] = {0};
  put("labi32.idx", buf, idx_bytes(buf, 0x0C, 1, d1, labi, sizeof labi), p, sizeof p);
  FAIL(xi, p, 10, TASD_ERR_SHAPE, "unsigned bytes", "int32");

  /* labels out of range: index and value named */
  FAIL(xi, yi, 9, TASD_ERR_RANGE, "label 1 is 9", "expected 0..8");
  uint8_t lab_bad[N] = {0, 1, 2, 3, 200, 1};
  put("labbad.idx", buf, idx_bytes(buf, 0x08, 1, d1, lab_bad, N), p, sizeof p);
  FAIL(xi, p, 10, TASD_ERR_RANGE, "label 4 is 200", p);
  FAIL(xi, yi, 0, TASD_ERR_RANGE, "classes must be 1..256", NULL);
  FAIL(xi, yi, 257, TASD_ERR_RANGE, "classes must be 1..256", NULL);
  CHECK_OK(tasd_nn_data_load(xi, p, 256, &d, err, sizeof err)); /* 200 < 256 */
  tasd_nn_data_free(&d);

  /* NULLs; no errbuf */
  FAIL(NULL, yi, 10, TASD_ERR_NULL, NULL, NULL);
  FAIL(xi, NULL, 10, TASD_ERR_NULL, NULL, NULL);
  CHECK_ST(tasd_nn_data_load(xi, yi, 10, NULL, err, sizeof err), TASD_ERR_NULL);
  CHECK_ST(tasd_nn_data_load(missing, yi, 10, &d, NULL, 0), TASD_ERR_IO);
  return nt_finish();
}
