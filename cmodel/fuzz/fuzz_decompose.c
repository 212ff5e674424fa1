/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: tasd_decompose / tasd_reconstruct / tasd_gemm / tasd_stats_compute on small */
/* tensors and any series text, checking the model's own invariants.                        */
/* Input: byte 0 dtype (mod 3: int8, int16, float32), byte 1 rows (mod 4 + 1), byte 2 k     */
/* (mod 41), then the series text up to a '\n' (at most 63 chars), then element bytes       */
/* (missing bytes read as 0).                                                               */
#include "tasd.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FUZZ_REQUIRE(c) \
  do {                  \
    if (!(c)) {         \
      fprintf(stderr, "fuzz_decompose: property failed: %s (line %d)\n", #c, __LINE__); \
      __builtin_trap(); \
    }                   \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double get(const tasd_tensor *t, size_t i) {
  switch (t->dtype) {
    case TASD_INT8: return ((const int8_t *)t->data)[i];
    case TASD_INT16: return ((const int16_t *)t->data)[i];
    case TASD_INT32: return ((const int32_t *)t->data)[i];
    case TASD_FLOAT32: return ((const float *)t->data)[i];
    case TASD_UINT8: return ((const uint8_t *)t->data)[i];
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4) return 0;
  const tasd_dtype dts[3] = {TASD_INT8, TASD_INT16, TASD_FLOAT32};
  tasd_dtype dt = dts[data[0] % 3];
  size_t shape[2] = {(size_t)(data[1] % 4) + 1, (size_t)(data[2] % 41)};
  size_t pos = 3;
  char text[64];
  size_t tl = 0;
  while (pos < size && data[pos] != '\n' && tl < sizeof text - 1) text[tl++] = (char)data[pos++];
  text[tl] = '\0';
  if (pos < size) pos++;
  tasd_series s;
  if (tasd_series_parse(text, &s) != TASD_OK) return 0;
  tasd_tensor a;
  if (shape[1] == 0) shape[1] = 1;
  FUZZ_REQUIRE(tasd_tensor_alloc(&a, dt, 2, shape) == TASD_OK);
  size_t n = shape[0] * shape[1], isz = tasd_dtype_size(dt);
  size_t avail = size - pos < n * isz ? size - pos : n * isz;
  memcpy(a.data, data + pos, avail);
  tasd_decomp d;
  tasd_status st = tasd_decompose(&a, &s, &d);
  if (dt == TASD_FLOAT32 && st == TASD_ERR_NAN) {
    int bad = 0;
    for (size_t i = 0; i < n; i++) bad |= !isfinite(((float *)a.data)[i]);
    FUZZ_REQUIRE(bad);
    tasd_decomp_free(&d);
    tasd_tensor_free(&a);
    return 0;
  }
  FUZZ_REQUIRE(st == TASD_OK);
  /* partition: terms and residual are disjoint and add up to the input */
  for (size_t i = 0; i < n; i++) {
    double x = get(&a, i), got = 0;
    int owners = 0;
    for (uint32_t t = 0; t <= s.nterms; t++) {
      double v = t < s.nterms ? get(&d.term[t].dense, i) : get(&d.residual, i);
      if (v != 0) owners++, got = v;
    }
    FUZZ_REQUIRE(owners <= 1 && got == x);
  }
  /* at most N_t non-zeros per M_t block; slot indices in range and ascending */
  for (uint32_t t = 0; t < s.nterms; t++) {
    size_t m = s.term[t].m, nb = (shape[1] + m - 1) / m, nt = s.term[t].n;
    FUZZ_REQUIRE(d.term[t].nblocks == nb);
    const int16_t *ix = d.term[t].indices.data;
    for (size_t r = 0; r < shape[0]; r++)
      for (size_t b = 0; b < nb; b++) {
        size_t nz = 0;
        for (size_t e = b * m; e < b * m + m && e < shape[1]; e++) nz += get(&d.term[t].dense, r * shape[1] + e) != 0;
        FUZZ_REQUIRE(nz <= nt);
        for (size_t q = 0; q < nt; q++) {
          size_t o = (r * nb + b) * nt + q;
          FUZZ_REQUIRE(ix[o] >= 0 && (size_t)ix[o] < m);
          FUZZ_REQUIRE(q == 0 || ix[o - 1] < ix[o]);
        }
      }
  }
  tasd_tensor rec;
  FUZZ_REQUIRE(tasd_reconstruct(&d, &rec) == TASD_OK);
  /* GEMM identity (integers: exact) against a fixed B */
  if (dt != TASD_FLOAT32) {
    size_t bs[2] = {shape[1], 3};
    tasd_tensor b, c1, c2;
    FUZZ_REQUIRE(tasd_tensor_alloc(&b, dt, 2, bs) == TASD_OK);
    for (size_t i = 0; i < bs[0] * bs[1]; i++) {
      int v = (int)((i * 37 + 11) % 255) - 127;
      if (dt == TASD_INT8) ((int8_t *)b.data)[i] = (int8_t)v;
      else ((int16_t *)b.data)[i] = (int16_t)(v * 257);
    }
    FUZZ_REQUIRE(tasd_gemm(&a, &s, &b, &c1) == TASD_OK);
    FUZZ_REQUIRE(tasd_gemm_dense(&rec, &b, &c2) == TASD_OK);
    FUZZ_REQUIRE(memcmp(c1.data, c2.data, shape[0] * 3 * sizeof(int32_t)) == 0);
    tasd_stats stt;
    FUZZ_REQUIRE(tasd_stats_compute(&a, &s, &b, &stt) == TASD_OK);
    FUZZ_REQUIRE(stt.nnz_kept <= stt.nnz && stt.pct_nnz_dropped >= 0 && stt.pct_nnz_dropped <= 100);
    FUZZ_REQUIRE(stt.pct_mag_dropped >= 0 && stt.pct_mag_dropped <= 100 + 1e-9);
    FUZZ_REQUIRE(stt.rel_error >= 0);
    tasd_tensor_free(&b);
    tasd_tensor_free(&c1);
    tasd_tensor_free(&c2);
  }
  (void)isz;
  tasd_tensor_free(&rec);
  tasd_decomp_free(&d);
  tasd_tensor_free(&a);
  return 0;
}
