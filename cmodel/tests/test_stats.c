/* SPDX-License-Identifier: Apache-2.0 */
/* Statistics: the paper's worked example (2x8 matrix, 10 non-zeros summing to 25), errors,   */
/* and seeded consistency checks against the decomposition.                                   */
#include <math.h>
#include <string.h>

#include "refmodel.h"
#include "testutil.h"

/* Our own matrix with the paper's numbers: 2:4 keeps 70% of the non-zeros and 84% of the    */
/* magnitude, 3:4 keeps 90% / 96%, and 2:4 followed by 2:8 on the remainder is lossless.      */
static const int8_t k_example[2][8] = {
    {5, 1, 4, 2, 0, 3, 0, 0},
    {0, 2, 1, 3, 2, 0, 0, 2},
};

static void paper_example(void) {
  tasd_tensor a;
  size_t shp[2] = {2, 8};
  CHECK_OK(tasd_tensor_alloc(&a, TASD_INT8, 2, shp));
  memcpy(a.data, k_example, sizeof k_example);
  tasd_stats st;
  tasd_series s;

  CHECK_OK(tasd_series_parse("2:4", &s));
  CHECK_OK(tasd_stats_compute(&a, &s, NULL, &st));
  CHECK_EQ(st.numel, 16);
  CHECK_EQ(st.nnz, 10);
  CHECK(st.mag_total == 25.0);
  CHECK_EQ(st.nnz_kept, 7);
  CHECK_EQ(lround(100.0 * (double)st.nnz_kept / (double)st.nnz), 70);
  CHECK_EQ(lround(100.0 * st.mag_kept / st.mag_total), 84);
  CHECK_EQ(lround(st.pct_nnz_dropped), 30);
  CHECK_EQ(lround(st.pct_mag_dropped), 16);
  CHECK_EQ(st.macs_dense, 16);
  CHECK_EQ(st.macs_tasd, 8);
  CHECK_EQ(st.has_b, 0);

  CHECK_OK(tasd_series_parse("3:4", &s));
  CHECK_OK(tasd_stats_compute(&a, &s, NULL, &st));
  CHECK_EQ(st.nnz_kept, 9);
  CHECK_EQ(lround(100.0 * (double)st.nnz_kept / (double)st.nnz), 90);
  CHECK_EQ(lround(100.0 * st.mag_kept / st.mag_total), 96);

  CHECK_OK(tasd_series_parse("2:4+2:8", &s));
  CHECK_OK(tasd_stats_compute(&a, &s, NULL, &st));
  CHECK_EQ(st.nnz_kept, 10);
  CHECK(st.mag_kept == 25.0);
  CHECK(st.pct_nnz_dropped == 0.0 && st.pct_mag_dropped == 0.0);
  CHECK_EQ(st.macs_tasd, 12); /* 2 rows * (2 blocks * 2 + 1 block * 2) */
  {
    /* Decision (docs/semantics.md): macs_tasd counts tail padding slots. k = 3 with 4:8: one
     * padded block of 4 slots per row, so 4 issued MACs per row against 3 dense ones. */
    int8_t tv[6] = {1, -2, 3, 0, 5, 0};
    tasd_tensor tail = {TASD_INT8, 2, {2, 3}, tv};
    tasd_series s48;
    CHECK_OK(tasd_series_parse("4:8", &s48));
    tasd_stats ts;
    CHECK_OK(tasd_stats_compute(&tail, &s48, NULL, &ts));
    CHECK_EQ(ts.macs_dense, 6);
    CHECK_EQ(ts.macs_tasd, 8);
    CHECK_EQ(ts.nnz_kept, 4);
  }
  /* ... and the lossless claim holds on the tensors too: the residual is all zero. */
  tasd_decomp d;
  CHECK_OK(tasd_decompose(&a, &s, &d));
  for (size_t i = 0; i < 16; i++) CHECK_EQ(((int8_t *)d.residual.data)[i], 0);
  /* The 2:8 term picks what 2:4 left: row 0 -> {1 at 1, 2 at 3}, row 1 -> {1 at 2, 0 at 0}. */
  const int8_t *v1 = (const int8_t *)d.term[1].values.data;
  const int16_t *i1 = (const int16_t *)d.term[1].indices.data;
  CHECK(i1[0] == 1 && v1[0] == 1 && i1[1] == 3 && v1[1] == 2);
  CHECK(i1[2] == 0 && v1[2] == 0 && i1[3] == 2 && v1[3] == 1);
  tasd_decomp_free(&d);

  /* With B: error of the 2:4 view against an identity-like B equals the dropped energy. */
  tasd_tensor b;
  size_t shb[2] = {8, 8};
  CHECK_OK(tasd_tensor_alloc(&b, TASD_INT8, 2, shb));
  for (int i = 0; i < 8; i++) ((int8_t *)b.data)[i * 8 + i] = 1;
  CHECK_OK(tasd_series_parse("2:4", &s));
  CHECK_OK(tasd_stats_compute(&a, &s, &b, &st));
  CHECK_EQ(st.has_b, 1);
  CHECK_EQ(st.macs_dense, 128);
  CHECK_EQ(st.macs_tasd, 64);
  /* dropped: 1, 2 (row 0), 1 (row 1) -> sqrt(1+4+1) / sqrt(55 + 22) */
  CHECK(fabs(st.rel_error - sqrt(6.0 / 77.0)) < 1e-12);
  tasd_tensor_free(&b);
  tasd_tensor_free(&a);
}

static void errors(void) {
  tasd_tensor a, b, bbad, b16, a3;
  size_t sa[2] = {2, 8}, sb[2] = {8, 3}, sbb[2] = {7, 3}, s3[3] = {1, 2, 8};
  CHECK_OK(tasd_tensor_alloc(&a, TASD_FLOAT32, 2, sa));
  CHECK_OK(tasd_tensor_alloc(&b, TASD_FLOAT32, 2, sb));
  CHECK_OK(tasd_tensor_alloc(&bbad, TASD_FLOAT32, 2, sbb));
  CHECK_OK(tasd_tensor_alloc(&b16, TASD_INT16, 2, sb));
  CHECK_OK(tasd_tensor_alloc(&a3, TASD_FLOAT32, 3, s3));
  tasd_series s;
  CHECK_OK(tasd_series_parse("4:8", &s));
  tasd_stats st;
  CHECK_ST(tasd_stats_compute(NULL, &s, NULL, &st), TASD_ERR_NULL);
  CHECK_ST(tasd_stats_compute(&a, NULL, NULL, &st), TASD_ERR_NULL);
  CHECK_ST(tasd_stats_compute(&a, &s, NULL, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_stats_compute(&a, &s, &bbad, &st), TASD_ERR_SHAPE);
  CHECK_ST(tasd_stats_compute(&a, &s, &b16, &st), TASD_ERR_DTYPE);
  CHECK_ST(tasd_stats_compute(&a3, &s, &b, &st), TASD_ERR_SHAPE);
  CHECK_OK(tasd_stats_compute(&a3, &s, NULL, &st)); /* any rank without B */
  CHECK_EQ(st.numel, 16);
  CHECK(st.pct_nnz_dropped == 0.0 && st.pct_mag_dropped == 0.0); /* all-zero input */
  CHECK_OK(tasd_stats_compute(&a, &s, &b, &st));
  CHECK(st.rel_error == 0.0); /* AB == 0 */
  ((float *)b.data)[0] = NAN;
  CHECK_ST(tasd_stats_compute(&a, &s, &b, &st), TASD_ERR_NAN);
  ((float *)a.data)[0] = INFINITY;
  CHECK_ST(tasd_stats_compute(&a, &s, NULL, &st), TASD_ERR_NAN);
  s.term[0].n = 9;
  ((float *)a.data)[0] = 1.0f;
  CHECK_ST(tasd_stats_compute(&a, &s, NULL, &st), TASD_ERR_ILLEGAL_SERIES);
  tasd_tensor ai;
  CHECK_OK(tasd_tensor_alloc(&ai, TASD_INT32, 2, sa));
  CHECK_OK(tasd_series_parse("4:8", &s));
  CHECK_ST(tasd_stats_compute(&ai, &s, NULL, &st), TASD_ERR_DTYPE);
  tasd_tensor_free(&ai);
  tasd_tensor_free(&a);
  tasd_tensor_free(&b);
  tasd_tensor_free(&bbad);
  tasd_tensor_free(&b16);
  tasd_tensor_free(&a3);
}

/* Seeded: stats agree with an independent count over the brute-force selection. */
static void random_consistency(int iters) {
  static const char *pool[] = {"4:8+1:8", "2:4+2:8", "1:8", "2:4", "3:4", "dense", "1:2+1:4",
                               "2:16+4:8", "0:8+2:8", "4:8+2:8"};
  for (int it = 0; it < iters && !tu_failed(); it++) {
    tasd_dtype dt = (tasd_dtype)(it % 3 == 2 ? TASD_FLOAT32 : (it % 3 == 1 ? TASD_INT16 : TASD_INT8));
    size_t rows = 1 + tu_below(5), k = tu_below(50), nc = 1 + tu_below(4);
    size_t sa[2] = {rows, k}, sb[2] = {k, nc};
    tasd_tensor a, b;
    CHECK_OK(tasd_tensor_alloc(&a, dt, 2, sa));
    CHECK_OK(tasd_tensor_alloc(&b, dt, 2, sb));
    for (size_t i = 0; i < rows * k; i++)
      ref_set(&a, i, tu_below(3) == 0 ? 0 : (dt == TASD_FLOAT32 ? tu_range(-50, 50) / 8.0
                                                                 : tu_range(-128, 127)));
    for (size_t i = 0; i < k * nc; i++) ref_set(&b, i, tu_range(-9, 9));
    tasd_series s;
    CHECK_OK(tasd_series_parse(pool[tu_below(sizeof pool / sizeof pool[0])], &s));
    tasd_stats st;
    CHECK_OK(tasd_stats_compute(&a, &s, tu_below(2) ? &b : NULL, &st));
    int *owner;
    size_t plen = ref_select(&a, &s, &owner);
    size_t nnz = 0, kept = 0;
    double tot = 0, km = 0;
    for (size_t r = 0; r < rows; r++)
      for (size_t p = 0; p < k; p++) {
        double v = ref_get(&a, r * k + p);
        tot += fabs(v);
        if (v != 0.0) {
          nnz++;
          if (owner[r * plen + p] >= 0) {
            kept++;
            km += fabs(v);
          }
        }
      }
    free(owner);
    CHECK_EQ(st.numel, rows * k);
    CHECK_EQ(st.nnz, nnz);
    CHECK_EQ(st.nnz_kept, kept);
    CHECK(st.mag_total == tot);
    CHECK(st.mag_kept == km);
    CHECK(st.nnz_kept <= st.nnz && st.mag_kept <= st.mag_total);
    uint64_t per_row = 0;
    for (uint32_t t = 0; t < s.nterms; t++)
      per_row += (uint64_t)((k + s.term[t].m - 1) / s.term[t].m) * s.term[t].n;
    uint64_t ncols = st.has_b ? nc : 1;
    CHECK_EQ(st.macs_tasd, rows * per_row * ncols);
    CHECK_EQ(st.macs_dense, rows * k * ncols);
    if (st.has_b) {
      CHECK(st.rel_error >= 0.0);
      if (kept == nnz) CHECK(st.rel_error == 0.0);
    }
    tasd_tensor_free(&a);
    tasd_tensor_free(&b);
  }
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  paper_example();
  errors();
  random_consistency(1500);
  return tu_finish();
}
