/* SPDX-License-Identifier: Apache-2.0 */
/* N:M PE and GEMM with a decomposed operand: fixed cases, errors, and seeded properties:     */
/* sum_t A_t B == (A - residual) B exactly in int32, lossless series == dense, float order.  */
#include <math.h>
#include <string.h>

#include "refmodel.h"
#include "testutil.h"

static void pe_tests(void) {
  int32_t b[8] = {1, -2, 3, -4, 5, -6, 7, -8};
  int32_t v[3] = {10, -3, 2};
  uint8_t ix[3] = {0, 3, 7};
  int32_t acc = 0;
  CHECK_OK(tasd_pe_dot_i32(v, ix, 3, b, 8, 100, &acc));
  CHECK_EQ(acc, 100 + 10 * 1 + (-3) * (-4) + 2 * (-8));
  CHECK_OK(tasd_pe_dot_i32(NULL, NULL, 0, b, 8, 7, &acc));
  CHECK_EQ(acc, 7);
  int32_t big[1] = {65536};
  uint8_t z[1] = {0};
  CHECK_OK(tasd_pe_dot_i32(big, z, 1, big, 1, INT32_MAX, &acc)); /* 2^32 wraps to 0 */
  CHECK_EQ(acc, INT32_MAX);
  int32_t one[1] = {1};
  CHECK_OK(tasd_pe_dot_i32(one, z, 1, one, 1, INT32_MAX, &acc));
  CHECK_EQ(acc, INT32_MIN);
  uint8_t bad[3] = {0, 8, 1};
  CHECK_ST(tasd_pe_dot_i32(v, bad, 3, b, 8, 0, &acc), TASD_ERR_RANGE);
  CHECK_ST(tasd_pe_dot_i32(v, ix, 3, b, 0, 0, &acc), TASD_ERR_RANGE);
  CHECK_ST(tasd_pe_dot_i32(v, ix, 9, b, 8, 0, &acc), TASD_ERR_RANGE);
  CHECK_ST(tasd_pe_dot_i32(v, ix, 3, b, 257, 0, &acc), TASD_ERR_RANGE);
  CHECK_ST(tasd_pe_dot_i32(NULL, ix, 3, b, 8, 0, &acc), TASD_ERR_NULL);
  CHECK_ST(tasd_pe_dot_i32(v, NULL, 3, b, 8, 0, &acc), TASD_ERR_NULL);
  CHECK_ST(tasd_pe_dot_i32(v, ix, 3, NULL, 8, 0, &acc), TASD_ERR_NULL);
  CHECK_ST(tasd_pe_dot_i32(v, ix, 3, b, 8, 0, NULL), TASD_ERR_NULL);
  /* PE over block-unit output equals the dense dot product of the kept elements. */
  for (int it = 0; it < 2000; it++) {
    int32_t x[8], bb[8];
    for (int i = 0; i < 8; i++) {
      x[i] = tu_range(-128, 127);
      bb[i] = tu_range(-128, 127);
    }
    uint16_t n[2] = {4, 2};
    tasd_block_result r;
    CHECK_OK(tasd_block_decompose_i32(x, 8, n, 2, &r));
    int32_t a0 = 0, a1 = 0, want = 0;
    CHECK_OK(tasd_pe_dot_i32(r.val[0], r.idx[0], 8, bb, 8, 0, &a0)); /* all M slots */
    CHECK_OK(tasd_pe_dot_i32(r.val[1], r.idx[1], 2, bb, 8, a0, &a1));
    for (int i = 0; i < 8; i++)
      if (r.term_of[i] != TASD_DROPPED) want += x[i] * bb[i];
    CHECK_EQ(a1, want);
  }
}

static tasd_tensor mk(tasd_dtype dt, size_t r, size_t c) {
  tasd_tensor t;
  size_t shp[2] = {r, c};
  CHECK_OK(tasd_tensor_alloc(&t, dt, 2, shp));
  return t;
}

static void rand_fill(tasd_tensor *t, int style) {
  size_t n = tasd_tensor_numel(t);
  for (size_t i = 0; i < n; i++) {
    int32_t v;
    switch (style) {
    case 0: v = tu_range(-128, 127); break;
    case 1: v = tu_below(2) ? 0 : tu_range(-3, 3); break;
    case 2: v = tu_below(2) ? -128 : 127; break;
    default: v = t->dtype == TASD_INT16 ? tu_range(-32768, 32767) : tu_range(-128, 127); break;
    }
    if (t->dtype == TASD_INT16 && style == 2) v = tu_below(2) ? -32768 : 32767;
    if (t->dtype == TASD_FLOAT32)
      ((float *)t->data)[i] = (float)tu_range(-64, 64) / 4.0f; /* sums stay exact */
    else
      ref_set(t, i, v);
  }
}

static tasd_series rand_series(void) {
  static const char *pool[] = {"4:8+1:8", "2:4+2:8", "1:8",     "4:8+4:8", "2:4",  "3:4",
                               "dense",   "1:2+1:4", "2:16+4:8", "0:8+2:8", "8:16", "1:1+0:4",
                               "2:4+2:8+2:16", "16:64+8:32"};
  tasd_series s;
  CHECK_OK(tasd_series_parse(pool[tu_below(sizeof pool / sizeof pool[0])], &s));
  return s;
}

/* Float reference in the documented order: term, block, slot (from the brute-force model). */
static void ref_gemm_float(const tasd_tensor *a, const tasd_series *s, const tasd_tensor *b,
                           float *c) {
  size_t rows = a->shape[0], k = a->shape[1], nc = b->shape[1];
  int *owner;
  size_t plen = ref_select(a, s, &owner);
  memset(c, 0, rows * nc * sizeof(float));
  for (size_t i = 0; i < rows; i++)
    for (uint32_t t = 0; t < s->nterms; t++)
      for (size_t p = 0; p < k; p++) /* ascending p = block order then slot order */
        if (owner[i * plen + p] == (int)t)
          for (size_t j = 0; j < nc; j++) {
            float prod = ((const float *)a->data)[i * k + p] * ((const float *)b->data)[p * nc + j];
            c[i * nc + j] = c[i * nc + j] + prod;
          }
  free(owner);
}

static void gemm_random(tasd_dtype dt, int iters) {
  for (int it = 0; it < iters && !tu_failed(); it++) {
    size_t M = 1 + tu_below(6), K = tu_below(40), N = 1 + tu_below(6);
    tasd_tensor a = mk(dt, M, K), b = mk(dt, K, N), c, cd, ad;
    rand_fill(&a, (int)tu_below(4));
    rand_fill(&b, (int)tu_below(4));
    tasd_series s = rand_series();
    CHECK_OK(tasd_gemm(&a, &s, &b, &c));
    tasd_decomp d;
    CHECK_OK(tasd_decompose(&a, &s, &d));
    CHECK_OK(tasd_reconstruct(&d, &ad)); /* A - residual */
    CHECK_OK(tasd_gemm_dense(&ad, &b, &cd));
    size_t n = M * N;
    if (dt == TASD_FLOAT32) {
      CHECK_EQ(c.dtype, TASD_FLOAT32);
      float *ref = (float *)malloc((n + 1) * sizeof(float));
      ref_gemm_float(&a, &s, &b, ref);
      for (size_t i = 0; i < n; i++) {
        CHECK(memcmp(&((float *)c.data)[i], &ref[i], sizeof(float)) == 0);
        CHECK(((float *)c.data)[i] == ((float *)cd.data)[i]); /* exact: small dyadic values */
      }
      free(ref);
    } else {
      CHECK_EQ(c.dtype, TASD_INT32);
      for (size_t i = 0; i < n; i++)
        CHECK_MSG(((int32_t *)c.data)[i] == ((int32_t *)cd.data)[i], "gemm identity at %zu", i);
    }
    /* Lossless series: equal to the dense product of A itself. */
    double dens = tasd_series_density(&s);
    if (dens >= 1.0 && s.nterms >= 1 && s.term[0].m == s.term[s.nterms - 1].m) {
      tasd_tensor cf;
      CHECK_OK(tasd_gemm_dense(&a, &b, &cf));
      for (size_t i = 0; i < n; i++)
        CHECK(ref_get(&cf, i) == ref_get(&c, i));
      tasd_tensor_free(&cf);
    }
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
    tasd_tensor_free(&c);
    tasd_tensor_free(&cd);
    tasd_tensor_free(&ad);
    tasd_decomp_free(&d);
  }
}

static void gemm_fixed(void) {
  /* int32 wrap in the accumulator: 16-bit extremes over K = 8 exceed 2^31. */
  {
    tasd_tensor a = mk(TASD_INT16, 1, 8), b = mk(TASD_INT16, 8, 1), c, cd;
    for (int i = 0; i < 8; i++) {
      ((int16_t *)a.data)[i] = -32768;
      ((int16_t *)b.data)[i] = -32768;
    }
    tasd_series s;
    CHECK_OK(tasd_series_parse("4:8+4:8", &s));
    CHECK_OK(tasd_gemm(&a, &s, &b, &c));
    CHECK_OK(tasd_gemm_dense(&a, &b, &cd));
    CHECK_EQ(((int32_t *)c.data)[0], 0); /* 8 * 2^30 = 2^33 wraps to 0 */
    CHECK_EQ(((int32_t *)c.data)[0], ((int32_t *)cd.data)[0]);
    tasd_tensor_free(&c);
    for (int i = 2; i < 8; i++) ((int16_t *)a.data)[i] = 0;
    CHECK_OK(tasd_gemm(&a, &s, &b, &c));
    CHECK_EQ(((int32_t *)c.data)[0], INT32_MIN); /* 2 * 2^30 = 2^31 wraps to -2^31 */
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
    tasd_tensor_free(&c);
    tasd_tensor_free(&cd);
  }
  /* Float order matters: term order gives 2^24 (the 1s are absorbed one by one), the dense   */
  /* k order gives 2^24 + 4. Lossless series, different (documented) rounding.                 */
  {
    tasd_tensor a = mk(TASD_FLOAT32, 1, 5), b = mk(TASD_FLOAT32, 5, 1), c, cd;
    float av[5] = {1, 1, 1, 1, 16777216.0f};
    memcpy(a.data, av, sizeof av);
    for (int i = 0; i < 5; i++) ((float *)b.data)[i] = 1.0f;
    tasd_series s;
    CHECK_OK(tasd_series_parse("1:8+4:8", &s));
    CHECK_OK(tasd_gemm(&a, &s, &b, &c));
    CHECK_OK(tasd_gemm_dense(&a, &b, &cd));
    CHECK(((float *)c.data)[0] == 16777216.0f);
    CHECK(((float *)cd.data)[0] == 16777220.0f);
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
    tasd_tensor_free(&c);
    tasd_tensor_free(&cd);
  }
  /* Errors. */
  {
    tasd_tensor a = mk(TASD_INT8, 2, 8), b = mk(TASD_INT8, 8, 3), b2 = mk(TASD_INT8, 7, 3),
                bi16 = mk(TASD_INT16, 8, 3), c;
    tasd_series s, bad;
    CHECK_OK(tasd_series_parse("2:8", &s));
    bad = s;
    bad.term[0].n = 9;
    CHECK_ST(tasd_gemm(NULL, &s, &b, &c), TASD_ERR_NULL);
    CHECK(c.data == NULL);
    CHECK_ST(tasd_gemm(&a, NULL, &b, &c), TASD_ERR_NULL);
    CHECK_ST(tasd_gemm(&a, &s, NULL, &c), TASD_ERR_NULL);
    CHECK_ST(tasd_gemm(&a, &s, &b, NULL), TASD_ERR_NULL);
    CHECK_ST(tasd_gemm(&a, &s, &b2, &c), TASD_ERR_SHAPE);
    CHECK_ST(tasd_gemm(&a, &s, &bi16, &c), TASD_ERR_DTYPE);
    CHECK_ST(tasd_gemm(&a, &bad, &b, &c), TASD_ERR_ILLEGAL_SERIES);
    CHECK(c.data == NULL);
    CHECK_ST(tasd_gemm_dense(&a, &b2, &c), TASD_ERR_SHAPE);
    CHECK_ST(tasd_gemm_dense(&a, &bi16, &c), TASD_ERR_DTYPE);
    CHECK_ST(tasd_gemm_dense(NULL, &b, &c), TASD_ERR_NULL);
    CHECK_ST(tasd_gemm_dense(&a, &b, NULL), TASD_ERR_NULL);
    tasd_tensor a3;
    size_t shp3[3] = {1, 2, 8};
    CHECK_OK(tasd_tensor_alloc(&a3, TASD_INT8, 3, shp3));
    CHECK_ST(tasd_gemm(&a3, &s, &b, &c), TASD_ERR_SHAPE);
    CHECK_ST(tasd_gemm_dense(&a3, &b, &c), TASD_ERR_SHAPE);
    tasd_tensor_free(&a3);
    tasd_tensor ai32 = mk(TASD_INT32, 2, 8), bi32 = mk(TASD_INT32, 8, 3);
    CHECK_ST(tasd_gemm(&ai32, &s, &bi32, &c), TASD_ERR_DTYPE);
    CHECK_ST(tasd_gemm_dense(&ai32, &bi32, &c), TASD_ERR_DTYPE);
    tasd_tensor af = mk(TASD_FLOAT32, 2, 8), bf = mk(TASD_FLOAT32, 8, 3);
    ((float *)bf.data)[4] = NAN;
    CHECK_ST(tasd_gemm(&af, &s, &bf, &c), TASD_ERR_NAN);
    CHECK_ST(tasd_gemm_dense(&af, &bf, &c), TASD_ERR_NAN);
    ((float *)bf.data)[4] = 0.0f;
    ((float *)af.data)[3] = INFINITY;
    CHECK_ST(tasd_gemm(&af, &s, &bf, &c), TASD_ERR_NAN);
    CHECK(c.data == NULL);
    tasd_tensor_free(&af);
    tasd_tensor_free(&bf);
    tasd_tensor_free(&ai32);
    tasd_tensor_free(&bi32);
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
    tasd_tensor_free(&b2);
    tasd_tensor_free(&bi16);
  }
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  pe_tests();
  gemm_fixed();
  gemm_random(TASD_INT8, 1500);
  gemm_random(TASD_INT16, 800);
  gemm_random(TASD_FLOAT32, 800);
  return tu_finish();
}
