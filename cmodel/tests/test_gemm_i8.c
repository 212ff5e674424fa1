/* SPDX-License-Identifier: Apache-2.0 */
/* Fast integer GEMM (gemm_i8.c) vs. the plain tasd_mul_i32/tasd_acc_add loop, bit for bit. */
/*
 * Every case runs through the public tasd_gemm_i8 / tasd_gemm_i8_bt (best kernel for this CPU)
 * and through tasd__gemm_int with the portable kernel, for int8 and int16 operands, and must
 * match the oracle below bit for bit, including C's untouched gaps (ldc > n). Shapes: 1, odd,
 * around the tile (2 x 4), k padding (16), row block (32) and k block (512); non-trivial leading
 * dimensions; accumulate onto values near INT32_MAX/INT32_MIN; k large enough for -128 * -128
 * sums to wrap; int16 -32768 pairs (the one pmaddwd pair sum that wraps); errors; and
 * tasd_gemm / tasd_gemm_dense on the kept A. usage: test_gemm_i8 [SEED]
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

/* The oracle: the old tasd_gemm_dense integer loop, on strided buffers. */
static void ref_gemm(tasd_dtype dt, size_t m, size_t n, size_t k, const void *a, size_t lda,
                     const void *b, size_t ldb, int b_trans, int32_t *c, size_t ldc,
                     int accumulate) {
  for (size_t i = 0; i < m; i++) {
    if (!accumulate)
      for (size_t j = 0; j < n; j++) c[i * ldc + j] = 0;
    for (size_t p = 0; p < k; p++) {
      int32_t av = tasd__elem_i32(dt, a, i * lda + p);
      for (size_t j = 0; j < n; j++) {
        int32_t bv = tasd__elem_i32(dt, b, b_trans ? j * ldb + p : p * ldb + j);
        c[i * ldc + j] = tasd_acc_add(c[i * ldc + j], tasd_mul_i32(av, bv));
      }
    }
  }
}

enum { V_UNIFORM, V_EXTREME, V_MIN, V_SPARSE, V_SMALL, V_STYLES };

static int32_t draw(tasd_dtype dt, int style) {
  int32_t lo = dt == TASD_INT8 ? -128 : -32768, hi = dt == TASD_INT8 ? 127 : 32767;
  switch (style) {
  case V_EXTREME: return tu_below(2) ? lo : hi;
  case V_MIN: return lo;
  case V_SPARSE: return tu_below(4) ? 0 : tu_range(lo, hi);
  case V_SMALL: return tu_range(-3, 3);
  default: return tu_range(lo, hi);
  }
}

static void *rand_buf(tasd_dtype dt, size_t n, int style) {
  size_t es = tasd_dtype_size(dt);
  void *p = malloc((n ? n : 1) * es);
  CHECK(p != NULL);
  if (!p) return NULL;
  for (size_t i = 0; i < n; i++) {
    int32_t v = draw(dt, style);
    if (dt == TASD_INT8)
      ((int8_t *)p)[i] = (int8_t)v;
    else
      ((int16_t *)p)[i] = (int16_t)v;
  }
  return p;
}

static int32_t rand_acc(void) {
  switch (tu_below(4)) {
  case 0: return INT32_MAX - (int32_t)tu_below(1u << 20);
  case 1: return INT32_MIN + (int32_t)tu_below(1u << 20);
  case 2: return 0;
  default: return (int32_t)(uint32_t)tu_rand();
  }
}

static size_t cases_run = 0;

/* One shape: A [m][k] (lda), B [k][n] (ldb) or bt [n][k], C [m][n] (ldc); gaps of C checked. */
static void run_case(tasd_dtype dt, size_t m, size_t n, size_t k, size_t pad, int b_trans,
                     int accumulate, int style_a, int style_b) {
  size_t lda = k + (pad ? tu_below((uint32_t)pad + 1) : 0);
  size_t ldb = (b_trans ? k : n) + (pad ? tu_below((uint32_t)pad + 1) : 0);
  size_t ldc = n + (pad ? tu_below((uint32_t)pad + 1) : 0);
  size_t brows = b_trans ? n : k;
  void *a = rand_buf(dt, m * lda, style_a), *b = rand_buf(dt, brows * ldb, style_b);
  size_t cn = m * ldc;
  int32_t *c0 = (int32_t *)malloc((cn ? cn : 1) * sizeof *c0);
  int32_t *want = (int32_t *)malloc((cn ? cn : 1) * sizeof *want);
  int32_t *got = (int32_t *)malloc((cn ? cn : 1) * sizeof *got);
  CHECK(c0 && want && got);
  if (!a || !b || !c0 || !want || !got) goto done;
  for (size_t i = 0; i < cn; i++) c0[i] = rand_acc(); /* also the gaps: must stay untouched */
  memcpy(want, c0, cn * sizeof *want);
  ref_gemm(dt, m, n, k, a, lda, b, ldb, b_trans, want, ldc, accumulate);
  for (int isa = 0; isa < 2; isa++) {
    memcpy(got, c0, cn * sizeof *got);
    tasd_status st;
    if (dt == TASD_INT8 && isa == TASD__ISA_BEST)
      st = b_trans ? tasd_gemm_i8_bt(m, n, k, a, lda, b, ldb, got, ldc, accumulate)
                   : tasd_gemm_i8(m, n, k, a, lda, b, ldb, got, ldc, accumulate);
    else
      st = tasd__gemm_int(dt, m, n, k, a, lda, b, ldb, b_trans, got, ldc, accumulate,
                          (tasd__gemm_isa)isa);
    CHECK_OK(st);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < cn; i++)
      if (got[i] != want[i] && bad++ == 0) first = i;
    CHECK_MSG(bad == 0,
              "%s %s kernel, m=%zu n=%zu k=%zu lda=%zu ldb=%zu ldc=%zu b_trans=%d acc=%d "
              "styles=%d/%d: %zu of %zu words differ, first C[%zu][%zu] = %d, want %d",
              tasd_dtype_name(dt), tasd__gemm_isa_name((tasd__gemm_isa)isa), m, n, k, lda, ldb,
              ldc, b_trans, accumulate, style_a, style_b, bad, cn, ldc ? first / ldc : 0,
              ldc ? first % ldc : 0, bad ? got[first] : 0, bad ? want[first] : 0);
  }
  cases_run++;
done:
  free(a);
  free(b);
  free(c0);
  free(want);
  free(got);
}

/* Sizes around the tile (MR 2, NR 4), the k padding (16), the row block (32), the k block (512). */
static size_t pick(const size_t *pool, size_t len) { return pool[tu_below((uint32_t)len)]; }

static void random_cases(int iters, uint64_t mac_budget) {
  static const size_t mn_pool[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65};
  static const size_t k_pool[] = {0,  1,  2,  3,   7,   15,  16,  17,   31,   32,  33,
                                  63, 64, 65, 255, 511, 512, 513, 1023, 1024, 1025, 1537};
  uint64_t macs = 0;
  for (int it = 0; it < iters && macs < mac_budget && !tu_failed(); it++) {
    tasd_dtype dt = tu_below(3) ? TASD_INT8 : TASD_INT16;
    size_t m = tu_below(3) ? pick(mn_pool, sizeof mn_pool / sizeof mn_pool[0]) : 1 + tu_below(70);
    size_t n = tu_below(3) ? pick(mn_pool, sizeof mn_pool / sizeof mn_pool[0]) : 1 + tu_below(70);
    size_t k = tu_below(3) ? pick(k_pool, sizeof k_pool / sizeof k_pool[0]) : tu_below(1200);
    size_t pad = tu_below(2) ? 0 : 1 + tu_below(9);
    run_case(dt, m, n, k, pad, (int)tu_below(2), (int)tu_below(2), (int)tu_below(V_STYLES),
             (int)tu_below(V_STYLES));
    macs += (uint64_t)m * n * k;
  }
}

/* Sums that wrap: k * 16384 >= 2^31 for int8 minimum values, and the int16 pair corner. */
static void wrap_cases(void) {
  /* all -128: every product +16384; k = 140000 gives 2293760000 > INT32_MAX */
  run_case(TASD_INT8, 3, 5, 140000, 0, 0, 0, V_MIN, V_MIN);
  run_case(TASD_INT8, 2, 3, 140001, 3, 1, 1, V_MIN, V_EXTREME);
  run_case(TASD_INT8, 5, 2, 131072, 0, 1, 0, V_MIN, V_MIN); /* exactly 2^31 -> INT32_MIN */
  /* fixed values: known results */
  {
    size_t k = 131072; /* 2^17 * 2^14 = 2^31 */
    int8_t *a = (int8_t *)malloc(k), *b = (int8_t *)malloc(k);
    CHECK(a && b);
    if (a && b) {
      memset(a, 0x80, k);
      memset(b, 0x80, k);
      int32_t c[1] = {0};
      CHECK_OK(tasd_gemm_i8(1, 1, k, a, k, b, 1, c, 1, 0));
      CHECK_EQ(c[0], INT32_MIN);
      CHECK_OK(tasd_gemm_i8_bt(1, 1, k, a, k, b, k, c, 1, 1)); /* + 2^31 again: 0 */
      CHECK_EQ(c[0], 0);
      c[0] = INT32_MAX;
      CHECK_OK(tasd_gemm_i8(1, 1, 1, a, 1, b, 1, c, 1, 1)); /* INT32_MAX + 16384 wraps */
      CHECK_EQ(c[0], INT32_MIN + 16383);
    }
    free(a);
    free(b);
  }
  /* int16: a pair of -32768 * -32768 sums to 2^31, which pmaddwd returns as -2^31 */
  for (int isa = 0; isa < 2; isa++) {
    int16_t a[4] = {-32768, -32768, -32768, -32768}, b[4] = {-32768, -32768, -32768, -32768};
    int32_t c[1] = {0};
    CHECK_OK(tasd__gemm_int(TASD_INT16, 1, 1, 2, a, 2, b, 1, 0, c, 1, 0, (tasd__gemm_isa)isa));
    CHECK_EQ(c[0], INT32_MIN);
    CHECK_OK(tasd__gemm_int(TASD_INT16, 1, 1, 4, a, 4, b, 4, 1, c, 1, 0, (tasd__gemm_isa)isa));
    CHECK_EQ(c[0], 0);
    CHECK_OK(tasd__gemm_int(TASD_INT16, 1, 1, 3, a, 3, b, 1, 0, c, 1, 0, (tasd__gemm_isa)isa));
    CHECK_EQ(c[0], INT32_MIN + (1 << 30));
  }
  run_case(TASD_INT16, 4, 6, 4099, 2, 0, 1, V_MIN, V_MIN);
  run_case(TASD_INT16, 7, 3, 1025, 0, 1, 0, V_EXTREME, V_EXTREME);
  /* accumulate onto near-limit C with large sums, many shapes */
  for (int it = 0; it < 20 && !tu_failed(); it++)
    run_case(TASD_INT8, 1 + tu_below(9), 1 + tu_below(9), 2000 + tu_below(3000), 4,
             (int)tu_below(2), 1, V_EXTREME, V_EXTREME);
}

static void error_cases(void) {
  int8_t a[64], b[64];
  int32_t c[16], keep[16];
  memset(a, 1, sizeof a);
  memset(b, 1, sizeof b);
  for (int i = 0; i < 16; i++) c[i] = keep[i] = 1000 + i;
  /* NULL with elements */
  CHECK_ST(tasd_gemm_i8(2, 2, 2, NULL, 2, b, 2, c, 2, 0), TASD_ERR_NULL);
  CHECK_ST(tasd_gemm_i8(2, 2, 2, a, 2, NULL, 2, c, 2, 0), TASD_ERR_NULL);
  CHECK_ST(tasd_gemm_i8(2, 2, 2, a, 2, b, 2, NULL, 2, 0), TASD_ERR_NULL);
  CHECK_ST(tasd_gemm_i8_bt(2, 2, 2, NULL, 2, b, 2, c, 2, 0), TASD_ERR_NULL);
  CHECK_ST(tasd_gemm_i8_bt(2, 2, 2, a, 2, NULL, 2, c, 2, 0), TASD_ERR_NULL);
  CHECK_ST(tasd_gemm_i8_bt(2, 2, 2, a, 2, b, 2, NULL, 2, 0), TASD_ERR_NULL);
  /* leading dimensions too small */
  CHECK_ST(tasd_gemm_i8(2, 3, 4, a, 3, b, 3, c, 3, 0), TASD_ERR_SHAPE);   /* lda < k */
  CHECK_ST(tasd_gemm_i8(2, 3, 4, a, 4, b, 2, c, 3, 0), TASD_ERR_SHAPE);   /* ldb < n */
  CHECK_ST(tasd_gemm_i8(2, 3, 4, a, 4, b, 3, c, 2, 0), TASD_ERR_SHAPE);   /* ldc < n */
  CHECK_ST(tasd_gemm_i8_bt(2, 3, 4, a, 4, b, 3, c, 3, 0), TASD_ERR_SHAPE); /* ldbt < k */
  CHECK_ST(tasd_gemm_i8_bt(2, 3, 4, a, 4, b, 4, c, 2, 0), TASD_ERR_SHAPE);
  CHECK_OK(tasd_gemm_i8_bt(2, 5, 4, a, 4, b, 4, c, 5, 1)); /* ldbt = k < n is fine for bt */
  for (int i = 0; i < 16; i++) CHECK_EQ(c[i], keep[i] + (i < 10 ? 4 : 0));
  for (int i = 0; i < 16; i++) c[i] = keep[i];
  /* extents that overflow size_t, and packing that cannot be sized: nothing is touched */
  CHECK_ST(tasd_gemm_i8(2, 1, 1, a, (size_t)-1, b, 1, c, 1, 0), TASD_ERR_NOMEM);
  CHECK_ST(tasd_gemm_i8(2, 2, 1, a, 1, b, 2, c, (size_t)-1, 0), TASD_ERR_NOMEM);
  CHECK_ST(tasd_gemm_i8_bt(1, 2, 1, a, 1, b, (size_t)-1, c, 2, 0), TASD_ERR_NOMEM);
  CHECK_ST(tasd_gemm_i8(1, 1, (size_t)-5, a, (size_t)-5, b, 1, c, 1, 0), TASD_ERR_NOMEM);
  CHECK_ST(tasd_gemm_i8(1, 1, (size_t)-1 / 8, a, (size_t)-1 / 8, b, 1, c, 1, 0), TASD_ERR_NOMEM);
  CHECK_ST(tasd__gemm_int(TASD_INT32, 1, 1, 1, a, 1, b, 1, 0, c, 1, 0, TASD__ISA_BEST),
           TASD_ERR_DTYPE);
  CHECK_ST(tasd__gemm_int(TASD_FLOAT32, 1, 1, 1, a, 1, b, 1, 0, c, 1, 0, TASD__ISA_BEST),
           TASD_ERR_DTYPE);
  for (int i = 0; i < 16; i++) CHECK_EQ(c[i], keep[i]);
  /* empty: NULL allowed where a matrix has no elements; k = 0 overwrites with 0 */
  CHECK_OK(tasd_gemm_i8(0, 3, 4, NULL, 4, b, 3, NULL, 3, 0));
  CHECK_OK(tasd_gemm_i8(2, 0, 4, a, 4, NULL, 0, NULL, 0, 0));
  CHECK_OK(tasd_gemm_i8_bt(0, 0, 0, NULL, 0, NULL, 0, NULL, 0, 0));
  for (int i = 0; i < 16; i++) CHECK_EQ(c[i], keep[i]);
  CHECK_OK(tasd_gemm_i8(2, 3, 0, NULL, 0, NULL, 3, c, 4, 1)); /* accumulate: unchanged */
  for (int i = 0; i < 16; i++) CHECK_EQ(c[i], keep[i]);
  CHECK_OK(tasd_gemm_i8_bt(2, 3, 0, NULL, 0, NULL, 0, c, 4, 0)); /* C[2][3] = 0, gaps kept */
  for (int i = 0; i < 16; i++) CHECK_EQ(c[i], (i < 8 && i % 4 < 3) ? 0 : keep[i]);
}

/* tasd_gemm_dense and tasd_gemm (integer paths on the kernel) vs. the oracle on the kept A. */
static void tensor_cases(void) {
  static const char *sers[] = {"4:8+1:8", "2:4", "2:4+2:8", "dense", "1:8", "2:8+2:16"};
  for (int it = 0; it < 12 && !tu_failed(); it++) {
    tasd_dtype dt = it % 3 == 2 ? TASD_INT16 : TASD_INT8;
    size_t m = 1 + tu_below(40), k = 1 + tu_below(700), n = 1 + tu_below(40);
    size_t sa[2] = {m, k}, sb[2] = {k, n};
    tasd_tensor a, b, c, cd, kept;
    CHECK_OK(tasd_tensor_alloc(&a, dt, 2, sa));
    CHECK_OK(tasd_tensor_alloc(&b, dt, 2, sb));
    int sty = (int)tu_below(V_STYLES);
    for (size_t i = 0; i < m * k; i++) {
      int32_t v = draw(dt, sty);
      if (dt == TASD_INT8) ((int8_t *)a.data)[i] = (int8_t)v;
      else ((int16_t *)a.data)[i] = (int16_t)v;
    }
    for (size_t i = 0; i < k * n; i++) {
      int32_t v = draw(dt, sty);
      if (dt == TASD_INT8) ((int8_t *)b.data)[i] = (int8_t)v;
      else ((int16_t *)b.data)[i] = (int16_t)v;
    }
    tasd_series s;
    CHECK_OK(tasd_series_parse(sers[tu_below(sizeof sers / sizeof sers[0])], &s));
    tasd_decomp d;
    CHECK_OK(tasd_decompose(&a, &s, &d));
    CHECK_OK(tasd_reconstruct(&d, &kept));
    int32_t *want = (int32_t *)malloc(m * n * sizeof *want);
    CHECK(want != NULL);
    CHECK_OK(tasd_gemm(&a, &s, &b, &c));
    CHECK_OK(tasd_gemm_dense(&a, &b, &cd));
    if (want && c.data && cd.data) {
      ref_gemm(dt, m, n, k, kept.data, k, b.data, n, 0, want, n, 0);
      CHECK_MSG(memcmp(c.data, want, m * n * sizeof *want) == 0, "tasd_gemm %s %zux%zux%zu",
                tasd_dtype_name(dt), m, k, n);
      ref_gemm(dt, m, n, k, a.data, k, b.data, n, 0, want, n, 0);
      CHECK_MSG(memcmp(cd.data, want, m * n * sizeof *want) == 0, "tasd_gemm_dense %s %zux%zux%zu",
                tasd_dtype_name(dt), m, k, n);
    }
    free(want);
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
    tasd_tensor_free(&c);
    tasd_tensor_free(&cd);
    tasd_tensor_free(&kept);
    tasd_decomp_free(&d);
  }
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  printf("kernels: best %s, portable %s\n", tasd__gemm_isa_name(TASD__ISA_BEST),
         tasd__gemm_isa_name(TASD__ISA_PORTABLE));
  error_cases();
  wrap_cases();
  tensor_cases();
  random_cases(400, 60000000u);
  printf("%zu shapes checked (each with both kernels)\n", cases_run);
  return tu_finish();
}
