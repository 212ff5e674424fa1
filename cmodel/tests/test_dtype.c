/* SPDX-License-Identifier: Apache-2.0 */
/* TASD_UINT8: dtype helpers, .npy '|u1' I/O, and every operation that must refuse it cleanly. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

static char tmpdir[512];

/* A 2-D [rows, k] tensor of dtype dt filled with small non-zero values. */
static void make(tasd_tensor *t, tasd_dtype dt, size_t rows, size_t k) {
  size_t shp[2] = {rows, k};
  CHECK_OK(tasd_tensor_alloc(t, dt, 2, shp));
  size_t n = rows * k;
  for (size_t i = 0; i < n; i++) {
    int v = (int)(i % 7) + 1;
    switch (dt) {
    case TASD_INT8: ((int8_t *)t->data)[i] = (int8_t)v; break;
    case TASD_INT16: ((int16_t *)t->data)[i] = (int16_t)v; break;
    case TASD_INT32: ((int32_t *)t->data)[i] = v; break;
    case TASD_FLOAT32: ((float *)t->data)[i] = (float)v; break;
    case TASD_UINT8: ((uint8_t *)t->data)[i] = (uint8_t)(250 + (i % 6)); break;
    }
  }
}

static int all_zero(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

static void test_helpers(void) {
  CHECK_EQ(tasd_dtype_size(TASD_UINT8), 1);
  CHECK(strcmp(tasd_dtype_name(TASD_UINT8), "uint8") == 0);
  CHECK_EQ(tasd_dtype_size((tasd_dtype)5), 0);
  CHECK(strcmp(tasd_dtype_name((tasd_dtype)5), "?") == 0);
  tasd_tensor t;
  make(&t, TASD_UINT8, 3, 4);
  CHECK(t.dtype == TASD_UINT8 && tasd_tensor_numel(&t) == 12);
  /* internal element access is exact for uint8 (255 is not -1) */
  ((uint8_t *)t.data)[5] = 255;
  CHECK(tasd__elem_double(TASD_UINT8, t.data, 5) == 255.0);
  CHECK_EQ(tasd__elem_i32(TASD_UINT8, t.data, 5), 255);
  CHECK(tasd__mag_double(TASD_UINT8, t.data, 5) == 255.0);
  CHECK(tasd__is_nonzero(TASD_UINT8, t.data, 5));
  /* but no magnitude keys: the RTL's magnitude order has no unsigned-byte input */
  uint32_t keys[12];
  memset(keys, 0xab, sizeof keys);
  CHECK_ST(tasd__mag_keys(TASD_UINT8, t.data, 12, keys), TASD_ERR_DTYPE);
  CHECK_ST(tasd__mag_keys((tasd_dtype)5, t.data, 12, keys), TASD_ERR_DTYPE);
  tasd_tensor_free(&t);
}

static void test_refusals(void) {
  tasd_series s;
  CHECK_OK(tasd_series_parse("2:4+1:4", &s));
  tasd_tensor a, b8, bi8, c;
  make(&a, TASD_UINT8, 4, 8);
  make(&b8, TASD_UINT8, 8, 3);
  make(&bi8, TASD_INT8, 8, 3);

  /* decompose: refused, *out zeroed, free safe */
  tasd_decomp d;
  memset(&d, 0x5a, sizeof d);
  CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_DTYPE);
  CHECK(all_zero(&d, sizeof d));
  tasd_decomp_free(&d);
  /* 1-D and rank-7 uint8 are refused for the dtype too (not the shape) */
  size_t shp7[7] = {1, 1, 1, 1, 1, 2, 4};
  tasd_tensor a7;
  CHECK_OK(tasd_tensor_alloc(&a7, TASD_UINT8, 7, shp7));
  CHECK_ST(tasd_decompose(&a7, &s, &d), TASD_ERR_DTYPE);
  tasd_decomp_free(&d);
  tasd_tensor_free(&a7);

  /* reconstruct of a hand-made decomposition whose residual is uint8 */
  memset(&d, 0, sizeof d);
  d.series = s;
  size_t shp[2] = {4, 8};
  CHECK_OK(tasd_tensor_alloc(&d.residual, TASD_UINT8, 2, shp));
  CHECK_OK(tasd_tensor_alloc(&d.term[0].dense, TASD_UINT8, 2, shp));
  CHECK_OK(tasd_tensor_alloc(&d.term[1].dense, TASD_UINT8, 2, shp));
  memset(&c, 0x5a, sizeof c);
  CHECK_ST(tasd_reconstruct(&d, &c), TASD_ERR_DTYPE);
  CHECK(c.data == NULL && c.ndim == 0);
  tasd_decomp_free(&d);

  /* GEMM: uint8 x uint8, uint8 x int8, int8 x uint8 */
  tasd_tensor ai8;
  make(&ai8, TASD_INT8, 4, 8);
  const tasd_tensor *lhs[3] = {&a, &a, &ai8}, *rhs[3] = {&b8, &bi8, &b8};
  for (int i = 0; i < 3; i++) {
    memset(&c, 0x5a, sizeof c);
    CHECK_ST(tasd_gemm(lhs[i], &s, rhs[i], &c), TASD_ERR_DTYPE);
    CHECK(c.data == NULL);
    memset(&c, 0x5a, sizeof c);
    CHECK_ST(tasd_gemm_dense(lhs[i], rhs[i], &c), TASD_ERR_DTYPE);
    CHECK(c.data == NULL);
  }
  /* the same shapes in int8 work, so the refusal above is the dtype's */
  CHECK_OK(tasd_gemm(&ai8, &s, &bi8, &c));
  tasd_tensor_free(&c);

  /* stats: with and without B, and int8 A with a uint8 B */
  tasd_stats st;
  CHECK_ST(tasd_stats_compute(&a, &s, NULL, &st), TASD_ERR_DTYPE);
  CHECK_ST(tasd_stats_compute(&a, &s, &b8, &st), TASD_ERR_DTYPE);
  CHECK_ST(tasd_stats_compute(&ai8, &s, &b8, &st), TASD_ERR_DTYPE);
  CHECK_OK(tasd_stats_compute(&ai8, &s, &bi8, &st));

  /* TASDER: measured statistics, searches and the default quality */
  double v = -1.0;
  CHECK_ST(tasd_tasder_sparsity(&a, &v), TASD_ERR_DTYPE);
  CHECK_ST(tasd_tasder_pseudo_density(&a, 0.9, &v), TASD_ERR_DTYPE);
  CHECK_ST(tasd_tasder_pseudo_density(&a, 1.0, &v), TASD_ERR_DTYPE);
  CHECK(v == -1.0);
  const tasd_target *tg = NULL;
  CHECK_OK(tasd_target_find("TTC-VEGETA-M8", &tg));
  tasd_tasder_layer layers[2] = {{"w0", &ai8, NULL}, {"w1", &a, NULL}};
  tasd_tasder_choice ch[2];
  tasd_tasder_summary sm;
  CHECK_ST(tasd_tasder_layerwise(tg, layers, 2, tasd_tasder_quality_default, NULL, 0.5, ch, &sm),
           TASD_ERR_DTYPE);
  CHECK_ST(tasd_tasder_networkwise(tg, layers, 2, tasd_tasder_quality_default, NULL, 0.5, ch, &sm),
           TASD_ERR_DTYPE);
  tasd_series assign[2];
  CHECK_OK(tasd_series_parse("dense", &assign[0]));
  assign[1] = s;
  CHECK_ST(tasd_tasder_quality_default(NULL, layers, 2, assign, &v), TASD_ERR_DTYPE);
  /* int8 W with a uint8 activation sample */
  tasd_tasder_layer lb[1] = {{"w", &ai8, &b8}};
  CHECK_ST(tasd_tasder_layerwise(tg, lb, 1, tasd_tasder_quality_default, NULL, 0.5, ch, &sm),
           TASD_ERR_DTYPE);
  lb[0].b = &bi8;
  CHECK_OK(tasd_tasder_layerwise(tg, lb, 1, tasd_tasder_quality_default, NULL, 0.5, ch, &sm));

  tasd_tensor_free(&a);
  tasd_tensor_free(&ai8);
  tasd_tensor_free(&b8);
  tasd_tensor_free(&bi8);
}

/* .npy: '|u1' saves with numpy's exact header and loads back; '<u1' (numpy accepts it) too. */
static void test_npy_u1(void) {
  tasd_tensor t, u;
  make(&t, TASD_UINT8, 3, 5);
  ((uint8_t *)t.data)[0] = 0;
  ((uint8_t *)t.data)[1] = 255;
  char path[700], err[512];
  snprintf(path, sizeof path, "%s/u8.npy", tmpdir);
  CHECK_OK(tasd_npy_save(path, &t, err, sizeof err));
  FILE *f = fopen(path, "rb");
  uint8_t hb[256];
  size_t got = f ? fread(hb, 1, sizeof hb, f) : 0;
  if (f) fclose(f);
  const char *hdr = "{'descr': '|u1', 'fortran_order': False, 'shape': (3, 5), }";
  CHECK(got == 128 + 15 && hb[8] == 118 && hb[9] == 0);
  CHECK(!memcmp(hb + 10, hdr, strlen(hdr)) && hb[127] == '\n');
  CHECK(!memcmp(hb + 128, t.data, 15));
  CHECK_OK(tasd_npy_load(path, &u, err, sizeof err));
  CHECK(u.dtype == TASD_UINT8 && u.ndim == 2 && u.shape[0] == 3 && u.shape[1] == 5);
  CHECK(!memcmp(u.data, t.data, 15));
  tasd_tensor_free(&u);
  /* the same bytes with '<u1' */
  memcpy(hb + 10 + 11, "<u1", 3);
  tasd_tensor w;
  CHECK_OK(tasd_npy_parse(hb, got, "lt.npy", &w, err, sizeof err));
  CHECK(w.dtype == TASD_UINT8 && !memcmp(w.data, t.data, 15));
  tasd_tensor_free(&w);
  /* other unsigned types stay refused */
  memcpy(hb + 10 + 11, "<u2", 3);
  CHECK_ST(tasd_npy_parse(hb, got, "u2.npy", &w, err, sizeof err), TASD_ERR_DTYPE);
  CHECK(strstr(err, "|u1") != NULL); /* the message lists what is supported */
  remove(path);
  tasd_tensor_free(&t);
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 0);
  if (argc != 2 || argv[1][0] == '\0' || strlen(argv[1]) > 300 || strchr(argv[1], '\'')) {
    fprintf(stderr, "usage: test_dtype WORKDIR\n");
    return 2;
  }
  char cmd[800];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", argv[1]);
  if (system(cmd) != 0) return 1;
  snprintf(tmpdir, sizeof tmpdir, "%s/test_dtype_XXXXXX", argv[1]);
  if (mkdtemp(tmpdir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  test_helpers();
  test_refusals();
  test_npy_u1();
  if (!tu_failed()) {
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "test_dtype: could not clean %s\n", tmpdir);
  }
  return tu_finish();
}
