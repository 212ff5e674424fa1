/* SPDX-License-Identifier: Apache-2.0 */
/* TASDER config selection: sparsity / pseudo-density on known data, the TASD-A pick table,    */
/* hand-computed layer-wise and network-wise searches, every error path, and seeded            */
/* properties (threshold always met, monotone in the threshold, network-wise == brute force).  */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static tasd_series ser(const char *txt) {
  tasd_series s;
  memset(&s, 0, sizeof s);
  if (tasd_series_parse(txt, &s) != TASD_OK) tu_fail(__FILE__, __LINE__, "bad series %s", txt);
  return s;
}

static int same(const tasd_series *a, const char *txt) {
  tasd_series b = ser(txt);
  char x[128], y[128];
  tasd_series_format(a, x, sizeof x);
  tasd_series_format(&b, y, sizeof y);
  return !strcmp(x, y);
}

static const tasd_target *tgt(const char *name) {
  const tasd_target *t = NULL;
  if (tasd_target_find(name, &t) != TASD_OK) tu_fail(__FILE__, __LINE__, "no target %s", name);
  return t;
}

static tasd_tensor mk_i8(size_t rows, size_t k, const int8_t *v) {
  tasd_tensor t;
  size_t sh[2] = {rows, k};
  if (tasd_tensor_alloc(&t, TASD_INT8, 2, sh) != TASD_OK) tu_fail(__FILE__, __LINE__, "alloc");
  if (v) memcpy(t.data, v, rows * k);
  return t;
}

/* ---- measured statistics --------------------------------------------------------------- */
static void stats_known(void) {
  static const int8_t v[8] = {0, 10, 0, -5, 3, 0, 1, -1}; /* |.|: 10 5 3 1 1, sum 20 */
  tasd_tensor t = mk_i8(1, 8, v);
  double x = -1;
  CHECK_OK(tasd_tasder_sparsity(&t, &x));
  CHECK(x == 3.0 / 8.0);
  /* 10 | 15 | 18 | 19 | 20: 99 % of 20 = 19.8 needs 5 elements */
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.99, &x));
  CHECK(x == 5.0 / 8.0);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.75, &x)); /* 15 reached by 2 */
  CHECK(x == 2.0 / 8.0);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.76, &x)); /* 15.2 needs 3 */
  CHECK(x == 3.0 / 8.0);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.5, &x)); /* 10 by 1 */
  CHECK(x == 1.0 / 8.0);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 1.0, &x)); /* == density */
  CHECK(x == 5.0 / 8.0);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.9, &x)); /* 18 by 3 */
  CHECK(x == 3.0 / 8.0);
  tasd_tensor_free(&t);
  /* -128 is the largest magnitude */
  static const int8_t w[4] = {127, -128, 1, 0};
  t = mk_i8(2, 2, w);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.5, &x)); /* 128 >= 128 */
  CHECK(x == 0.25);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.51, &x));
  CHECK(x == 0.5);
  tasd_tensor_free(&t);
  /* all zero: sparsity 1, pseudo-density 0 */
  t = mk_i8(3, 5, NULL);
  CHECK_OK(tasd_tasder_sparsity(&t, &x));
  CHECK(x == 1.0);
  CHECK_OK(tasd_tasder_pseudo_density(&t, 0.99, &x));
  CHECK(x == 0.0);
  tasd_tensor_free(&t);
  /* float32: -0.0 is zero; GELU-like skew */
  tasd_tensor f;
  size_t sh[1] = {10};
  CHECK_OK(tasd_tensor_alloc(&f, TASD_FLOAT32, 1, sh));
  float fv[10] = {-0.0f, 4.0f, -2.0f, 1.0f, 0.5f, 0.25f, 0.125f, 0.0625f, 0.03125f, 0.03125f};
  memcpy(f.data, fv, sizeof fv);
  CHECK_OK(tasd_tasder_sparsity(&f, &x));
  CHECK(x == 0.1);
  /* total 8; 90 % = 7.2: 4, 6, 7, 7.5 -> 4 elements */
  CHECK_OK(tasd_tasder_pseudo_density(&f, 0.9, &x));
  CHECK(x == 0.4);
  /* int16 and int32 are accepted */
  tasd_tensor i32;
  CHECK_OK(tasd_tensor_alloc(&i32, TASD_INT32, 1, sh));
  ((int32_t *)i32.data)[3] = -7;
  CHECK_OK(tasd_tasder_sparsity(&i32, &x));
  CHECK(x == 0.9);
  CHECK_OK(tasd_tasder_pseudo_density(&i32, 0.3, &x));
  CHECK(x == 0.1);
  tasd_tensor_free(&i32);
  /* errors */
  CHECK_ST(tasd_tasder_sparsity(NULL, &x), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_sparsity(&f, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_pseudo_density(NULL, 0.9, &x), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_pseudo_density(&f, 0.9, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_pseudo_density(&f, 0.0, &x), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_pseudo_density(&f, 1.01, &x), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_pseudo_density(&f, NAN, &x), TASD_ERR_RANGE);
  ((float *)f.data)[2] = NAN;
  CHECK_ST(tasd_tasder_sparsity(&f, &x), TASD_ERR_NAN);
  CHECK_ST(tasd_tasder_pseudo_density(&f, 0.9, &x), TASD_ERR_NAN);
  ((float *)f.data)[2] = INFINITY;
  CHECK_ST(tasd_tasder_sparsity(&f, &x), TASD_ERR_NAN);
  tasd_tensor_free(&f);
  size_t sh0[2] = {0, 4};
  CHECK_OK(tasd_tensor_alloc(&f, TASD_INT8, 2, sh0));
  CHECK_ST(tasd_tasder_sparsity(&f, &x), TASD_ERR_SHAPE);
  CHECK_ST(tasd_tasder_pseudo_density(&f, 0.5, &x), TASD_ERR_SHAPE);
  tasd_tensor_free(&f);
  tasd_tensor bad = mk_i8(1, 8, v);
  bad.dtype = (tasd_dtype)9;
  CHECK_ST(tasd_tasder_sparsity(&bad, &x), TASD_ERR_DTYPE);
  bad.dtype = TASD_INT8;
  void *keep = bad.data;
  bad.data = NULL;
  CHECK_ST(tasd_tasder_sparsity(&bad, &x), TASD_ERR_NULL);
  bad.data = keep;
  bad.ndim = 0;
  CHECK_ST(tasd_tasder_sparsity(&bad, &x), TASD_ERR_SHAPE);
  bad.ndim = 2;
  tasd_tensor_free(&bad);
}

/* ---- TASD-A pick ------------------------------------------------------------------------- */
static void pick_one(const char *target, double sp, double alpha, const char *want, int want_fb) {
  tasd_series s;
  int fb = -1;
  CHECK_OK(tasd_tasder_pick_act(tgt(target), sp, alpha, &s, &fb));
  char got[128];
  tasd_series_format(&s, got, sizeof got);
  CHECK_MSG(same(&s, want) && fb == want_fb, "%s sparsity %.17g alpha %.17g: got %s (fallback %d), want %s (%d)",
            target, sp, alpha, got, fb, want, want_fb);
}

static void pick_table(void) {
  pick_one("TTC-VEGETA-M8", 0.75, 0.0, "2:8", 0);        /* exactly at 2:8's sparsity */
  pick_one("TTC-VEGETA-M8", 0.74, 0.0, "2:8+1:8", 0);    /* 3:8: 0.625 */
  pick_one("TTC-VEGETA-M8", 0.74, 0.01, "2:8", 0);
  pick_one("TTC-VEGETA-M8", 0.7, 0.05, "2:8", 0);        /* 0.7 + 0.05 rounds below 0.75 */
  pick_one("TTC-VEGETA-M8", 0.65, 0.1, "2:8", 0);
  pick_one("TTC-VEGETA-M8", 0.5, 0.1, "4:8", 0);         /* 0.6: 4:8 (0.5), not 3:8 (0.625) */
  pick_one("TTC-VEGETA-M8", 0.5, 0.0, "4:8", 0);
  pick_one("TTC-VEGETA-M8", 0.4, 0.0, "4:8+1:8", 0);     /* 5:8: 0.375 */
  pick_one("TTC-VEGETA-M8", 0.3, 0.0, "4:8+2:8", 0);     /* 6:8: 0.25 */
  pick_one("TTC-VEGETA-M8", 0.2, 0.0, "4:8+4:8", 0);     /* 7:8 needs 3 terms -> 8:8 */
  pick_one("TTC-VEGETA-M8-3T", 0.2, 0.0, "4:8+2:8+1:8", 0);
  pick_one("TTC-VEGETA-M8", 0.0, 0.0, "4:8+4:8", 0);
  pick_one("TTC-VEGETA-M8", 0.9, 0.0, "1:8", 0);
  pick_one("TTC-VEGETA-M8", 1.0, 1.0, "1:8", 0);
  pick_one("TTC-VEGETA-M8", 0.6, 0.4, "1:8", 0);
  pick_one("TTC-VEGETA-M8", 0.1, -0.2, "dense", 1);      /* nothing below -0.1 */
  pick_one("TTC-VEGETA-M8", 0.9, -0.2, "2:8+1:8", 0);    /* 0.7 */
  pick_one("TTC-STC-M4", 0.5, 0.0, "2:4", 0);
  pick_one("TTC-STC-M4", 0.3, 0.0, "dense", 1);
  pick_one("TTC-STC-M4", 0.3, 0.2, "2:4", 0);
  /* fallback pointer may be NULL */
  tasd_series s;
  CHECK_OK(tasd_tasder_pick_act(tgt("TTC-STC-M4"), 0.0, 0.0, &s, NULL));
  CHECK(same(&s, "dense"));
  /* errors */
  CHECK_ST(tasd_tasder_pick_act(NULL, 0.5, 0.0, &s, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_pick_act(tgt("TTC-STC-M4"), 0.5, 0.0, NULL, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_pick_act(tgt("TTC-STC-M4"), -0.01, 0.0, &s, NULL), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_pick_act(tgt("TTC-STC-M4"), 1.01, 0.0, &s, NULL), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_pick_act(tgt("TTC-STC-M4"), NAN, 0.0, &s, NULL), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_pick_act(tgt("TTC-STC-M4"), 0.5, 1.5, &s, NULL), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_pick_act(tgt("TTC-STC-M4"), 0.5, -1.5, &s, NULL), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_pick_act(tgt("TTC-STC-M4"), 0.5, INFINITY, &s, NULL), TASD_ERR_RANGE);
}

/* Seeded: the pick qualifies, nothing more aggressive qualifies, larger alpha never picks a  */
/* less aggressive series. */
static void pick_random(int trials) {
  for (int it = 0; it < trials; it++) {
    const tasd_target *t = tasd_target_get(tu_below((uint32_t)tasd_target_count()));
    double sp = (double)tu_below(1001) / 1000.0, a1 = (double)tu_range(-300, 300) / 1000.0;
    double a2 = a1 + (double)tu_below(300) / 1000.0;
    tasd_series s1, s2, all[64];
    int fb1, fb2;
    CHECK_OK(tasd_tasder_pick_act(t, sp, a1, &s1, &fb1));
    CHECK_OK(tasd_tasder_pick_act(t, sp, a2, &s2, &fb2));
    double x1 = 1.0 - tasd_series_density(&s1), x2 = 1.0 - tasd_series_density(&s2);
    CHECK_MSG(x2 >= x1, "%s sp %g: alpha %g picks %g but alpha %g picks %g", t->name, sp, a1, x1, a2, x2);
    size_t count;
    CHECK_OK(tasd_target_series(t, all, 64, &count));
    int any = 0;
    for (size_t i = 0; i < count; i++) {
      double x = 1.0 - tasd_series_density(&all[i]);
      if (x <= sp + a1 + 1e-9) {
        any = 1;
        CHECK_MSG(x <= x1, "%s: a more aggressive series qualifies (%g > %g)", t->name, x, x1);
      }
    }
    CHECK(fb1 == !any);
    if (!fb1) CHECK(x1 <= sp + a1 + 1e-9 && tasd_target_supports(t, &s1) == TASD_OK);
    else CHECK(same(&s1, "dense"));
  }
}

/* ---- TASD-W ------------------------------------------------------------------------------- */
/* A: one row, 2 non-zeros (2:8 is lossless); B: 1..8 (every non-zero, magnitudes 36). */
static void greedy_known(void) {
  static const int8_t av[8] = {5, 0, 0, 3, 0, 0, 0, 0}, bv[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  tasd_tensor a = mk_i8(1, 8, av), b = mk_i8(1, 8, bv);
  tasd_tasder_layer L[2] = {{"A", &a, NULL}, {"B", &b, NULL}};
  const tasd_target *v = tgt("TTC-VEGETA-M8");
  tasd_tasder_choice c[2];
  tasd_tasder_summary sm;
  tasd_tasder_cache cache;
  memset(&cache, 0, sizeof cache);
  /* threshold 1: only lossless; A -> 2:8 (0 % dropped, 6 of 8 MACs saved), then B's 4:8+2:8  */
  /* (25 % dropped) brings quality to (1 + 33/36)/2 < 1 and stops the search. */
  CHECK_OK(tasd_tasder_layerwise(v, L, 2, tasd_tasder_quality_default, &cache, 1.0, c, &sm));
  CHECK(same(&c[0].series, "2:8") && same(&c[1].series, "dense"));
  CHECK_EQ(sm.macs_dense, 16);
  CHECK_EQ(sm.macs_tasd, 10);
  CHECK(sm.mac_reduction == 0.375 && sm.quality == 1.0 && sm.quality_orig == 1.0);
  CHECK_EQ(sm.applied, 1);
  CHECK_EQ(sm.evaluations, 3); /* all-dense, A 2:8, B 4:8+2:8 */
  CHECK(c[0].pct_nnz_dropped == 0.0 && c[0].macs_tasd == 2 && c[1].macs_tasd == 8);
  /* threshold 0.9: B 6:8 (q 0.958), B 5:8 (0.917) kept; A 1:8 (50 % dropped, tied with B 4:8 */
  /* but saving more) gives (0.625 + 30/36)/2 = 0.729 and stops. */
  CHECK_OK(tasd_tasder_layerwise(v, L, 2, tasd_tasder_quality_default, &cache, 0.9, c, &sm));
  CHECK(same(&c[0].series, "2:8") && same(&c[1].series, "4:8+1:8"));
  CHECK_EQ(sm.macs_tasd, 7);
  CHECK(sm.mac_reduction == 9.0 / 16.0);
  CHECK(fabs(sm.quality - (1.0 + 30.0 / 36.0) / 2.0) < 1e-15);
  CHECK(c[1].pct_nnz_dropped == 37.5 && fabs(c[1].pct_mag_dropped - 100.0 * 6.0 / 36.0) < 1e-12);
  CHECK_EQ(sm.applied, 3);
  /* threshold 0: everything passes, each layer ends at 1:8 */
  CHECK_OK(tasd_tasder_layerwise(v, L, 2, tasd_tasder_quality_default, NULL, 0.0, c, &sm));
  CHECK(same(&c[0].series, "1:8") && same(&c[1].series, "1:8"));
  CHECK(sm.mac_reduction == 0.875);
  /* network-wise: 6:8 gives 0.958, 5:8 0.917, 4:8 0.861 */
  CHECK_OK(tasd_tasder_networkwise(v, L, 2, tasd_tasder_quality_default, &cache, 0.9, c, &sm));
  CHECK(same(&c[0].series, "4:8+1:8") && same(&c[1].series, "4:8+1:8"));
  CHECK(sm.mac_reduction == 0.375);
  CHECK_EQ(sm.applied, 1);
  CHECK_OK(tasd_tasder_networkwise(v, L, 2, tasd_tasder_quality_default, &cache, 0.95, c, &sm));
  CHECK(same(&c[0].series, "4:8+2:8") && sm.mac_reduction == 0.25);
  CHECK_OK(tasd_tasder_networkwise(v, L, 2, tasd_tasder_quality_default, &cache, 1.0, c, &sm));
  CHECK(same(&c[0].series, "dense") && same(&c[1].series, "dense") && sm.mac_reduction == 0.0);
  CHECK_EQ(sm.applied, 0);
  CHECK_EQ(sm.pairs, 8); /* VEGETA runs 9 series; all but 4:8+4:8 skip MACs */
  CHECK_EQ(sm.evaluations, 9);
  tasd_tasder_cache_free(&cache);
  tasd_tasder_cache_free(&cache);
  tasd_tensor_free(&a);
  tasd_tensor_free(&b);
}

/* Quality callbacks for the error paths. */
typedef struct {
  int calls, fail_at;
  tasd_status st;
  double value_at_fail;
} cb_ctx;

static tasd_status cb_scripted(void *ctx, const tasd_tasder_layer *l, size_t n,
                               const tasd_series *as, double *q) {
  cb_ctx *c = (cb_ctx *)ctx;
  c->calls++;
  if (c->calls == c->fail_at) {
    if (c->st != TASD_OK) return c->st;
    *q = c->value_at_fail;
    return TASD_OK;
  }
  return tasd_tasder_quality_default(NULL, l, n, as, q);
}

typedef tasd_status (*search_fn)(const tasd_target *, const tasd_tasder_layer *, size_t,
                                 tasd_tasder_quality_fn, void *, double, tasd_tasder_choice *,
                                 tasd_tasder_summary *);

static void search_errors(search_fn fn) {
  static const int8_t av[16] = {5, 0, 0, 3, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8};
  tasd_tensor a = mk_i8(2, 8, av), b = mk_i8(8, 3, NULL), b16, a32;
  size_t sb[2] = {8, 3}, sa[2] = {2, 8}, sbad[2] = {7, 3};
  CHECK_OK(tasd_tensor_alloc(&b16, TASD_INT16, 2, sb));
  CHECK_OK(tasd_tensor_alloc(&a32, TASD_INT32, 2, sa));
  tasd_tensor bbad;
  CHECK_OK(tasd_tensor_alloc(&bbad, TASD_INT8, 2, sbad));
  const tasd_target *v = tgt("TTC-VEGETA-M8");
  tasd_tasder_layer L[1] = {{NULL, &a, NULL}};
  tasd_tasder_choice c[1];
  tasd_tasder_summary sm;
  memset(c, 0x5A, sizeof c);
  tasd_tasder_quality_fn q = tasd_tasder_quality_default;
  CHECK_ST(fn(NULL, L, 1, q, NULL, 0.9, c, &sm), TASD_ERR_NULL);
  CHECK_ST(fn(v, NULL, 1, q, NULL, 0.9, c, &sm), TASD_ERR_NULL);
  CHECK_ST(fn(v, L, 1, NULL, NULL, 0.9, c, &sm), TASD_ERR_NULL);
  CHECK_ST(fn(v, L, 1, q, NULL, 0.9, NULL, &sm), TASD_ERR_NULL);
  CHECK_ST(fn(v, L, 1, q, NULL, 0.9, c, NULL), TASD_ERR_NULL);
  CHECK_ST(fn(v, L, 0, q, NULL, 0.9, c, &sm), TASD_ERR_RANGE);
  CHECK_ST(fn(v, L, 1, q, NULL, 1.01, c, &sm), TASD_ERR_RANGE);
  CHECK_ST(fn(v, L, 1, q, NULL, -0.1, c, &sm), TASD_ERR_RANGE);
  CHECK_ST(fn(v, L, 1, q, NULL, NAN, c, &sm), TASD_ERR_RANGE);
  tasd_tasder_layer bad = {NULL, NULL, NULL};
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_NULL);
  bad.w = &a32;
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_DTYPE);
  bad.w = &a;
  bad.b = &b16;
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_DTYPE);
  bad.b = &bbad;
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_SHAPE);
  tasd_tensor b0 = b;
  b0.data = NULL;
  bad.b = &b0;
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_NULL);
  tasd_tensor a1 = a; /* rank 1 W with a B */
  a1.ndim = 1;
  a1.shape[0] = 16;
  bad.w = &a1;
  bad.b = &b;
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_SHAPE);
  tasd_tensor a8 = a; /* rank 8: decomposition cannot add its dimension */
  a8.ndim = 8;
  for (int d = 0; d < 8; d++) a8.shape[d] = d == 7 ? 16 : 1;
  bad.w = &a8;
  bad.b = NULL;
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_SHAPE);
  /* NaN weights */
  tasd_tensor f;
  CHECK_OK(tasd_tensor_alloc(&f, TASD_FLOAT32, 2, sa));
  ((float *)f.data)[3] = NAN;
  bad.w = &f;
  CHECK_ST(fn(v, &bad, 1, q, NULL, 0.9, c, &sm), TASD_ERR_NAN);
  /* callback failures: its status comes back; NaN quality; non-positive original quality */
  cb_ctx cc = {0, 1, TASD_ERR_IO, 0};
  CHECK_ST(fn(v, L, 1, cb_scripted, &cc, 0.9, c, &sm), TASD_ERR_IO);
  cc = (cb_ctx){0, 3, TASD_ERR_IO, 0};
  CHECK_ST(fn(v, L, 1, cb_scripted, &cc, 0.5, c, &sm), TASD_ERR_IO);
  CHECK_EQ(cc.calls, 3);
  cc = (cb_ctx){0, 2, TASD_OK, NAN};
  CHECK_ST(fn(v, L, 1, cb_scripted, &cc, 0.9, c, &sm), TASD_ERR_NAN);
  cc = (cb_ctx){0, 1, TASD_OK, INFINITY};
  CHECK_ST(fn(v, L, 1, cb_scripted, &cc, 0.9, c, &sm), TASD_ERR_NAN);
  cc = (cb_ctx){0, 1, TASD_OK, 0.0};
  CHECK_ST(fn(v, L, 1, cb_scripted, &cc, 0.9, c, &sm), TASD_ERR_RANGE);
  cc = (cb_ctx){0, 1, TASD_OK, -1.0};
  CHECK_ST(fn(v, L, 1, cb_scripted, &cc, 0.9, c, &sm), TASD_ERR_RANGE);
  /* outputs untouched by every failure above */
  const unsigned char *p = (const unsigned char *)c;
  int untouched = 1;
  for (size_t i = 0; i < sizeof c; i++) untouched &= p[i] == 0x5A;
  CHECK(untouched);
  /* default proxy's own errors */
  double qq;
  tasd_series d1 = ser("dense");
  CHECK_ST(tasd_tasder_quality_default(NULL, L, 1, NULL, &qq), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_quality_default(NULL, L, 1, &d1, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_tasder_quality_default(NULL, L, 0, &d1, &qq), TASD_ERR_RANGE);
  CHECK_ST(tasd_tasder_quality_default(NULL, NULL, 1, &d1, &qq), TASD_ERR_NULL);
  tasd_series bogus = ser("2:4");
  bogus.term[0].n = 5;
  CHECK_ST(tasd_tasder_quality_default(NULL, L, 1, &bogus, &qq), TASD_ERR_ILLEGAL_SERIES);
  tasd_tasder_cache_free(NULL);
  tasd_tensor_free(&f);
  tasd_tensor_free(&a);
  tasd_tensor_free(&b);
  tasd_tensor_free(&b16);
  tasd_tensor_free(&a32);
  tasd_tensor_free(&bbad);
}

/* ---- properties --------------------------------------------------------------------------- */
/* A synthetic quality with interactions: product of per-layer kept-magnitude shares squared.  */
static tasd_status cb_product(void *ctx, const tasd_tasder_layer *l, size_t n,
                              const tasd_series *as, double *q) {
  (void)ctx;
  double p = 1.0;
  for (size_t i = 0; i < n; i++) {
    double one;
    tasd_status st = tasd_tasder_quality_default(NULL, &l[i], 1, &as[i], &one);
    if (st != TASD_OK) return st;
    p *= one * one;
  }
  *q = p;
  return TASD_OK;
}

static void rand_tensor(tasd_tensor *t, tasd_dtype dt, size_t r, size_t k, uint32_t dens_pct) {
  size_t sh[2] = {r, k};
  if (tasd_tensor_alloc(t, dt, 2, sh) != TASD_OK) tu_fail(__FILE__, __LINE__, "alloc");
  for (size_t i = 0; i < r * k; i++) {
    if (tu_below(100) >= dens_pct) continue;
    int32_t v = tu_range(-128, 127);
    if (v == 0) v = 1;
    if (dt == TASD_INT8) ((int8_t *)t->data)[i] = (int8_t)v;
    else if (dt == TASD_INT16) ((int16_t *)t->data)[i] = (int16_t)(v * 37);
    else ((float *)t->data)[i] = (float)v / 16.0f;
  }
}

/* Brute force network-wise: every target series with fewer MACs, the fewest MACs that meet    */
/* the threshold, ties by quality then list order. Returns the MAC total (dense when none).   */
static uint64_t brute_network(const tasd_target *t, const tasd_tasder_layer *L, size_t n,
                              tasd_tasder_quality_fn qf, double thr, tasd_series *pick) {
  tasd_series all[64], as[8];
  size_t count;
  CHECK_OK(tasd_target_series(t, all, 64, &count));
  for (size_t i = 0; i < n; i++) as[i] = ser("dense");
  double q0;
  CHECK_OK(qf(NULL, L, n, as, &q0));
  uint64_t dense = 0;
  for (size_t i = 0; i < n; i++) {
    uint64_t nc = L[i].b ? L[i].b->shape[1] : 1;
    dense += L[i].w->shape[0] * L[i].w->shape[1] * nc;
  }
  uint64_t best = dense;
  double bq = -1e300;
  *pick = ser("dense");
  for (size_t j = 0; j < count; j++) {
    uint64_t macs = 0;
    for (size_t i = 0; i < n; i++) {
      uint64_t nc = L[i].b ? L[i].b->shape[1] : 1, per_row = 0;
      for (uint32_t u = 0; u < all[j].nterms; u++)
        per_row += (L[i].w->shape[1] + all[j].term[u].m - 1) / all[j].term[u].m * all[j].term[u].n;
      macs += L[i].w->shape[0] * per_row * nc;
      as[i] = all[j];
    }
    if (macs >= dense) continue;
    double q;
    CHECK_OK(qf(NULL, L, n, as, &q));
    if (!(q >= thr * q0)) continue;
    if (macs < best || (macs == best && q > bq)) {
      best = macs;
      bq = q;
      *pick = all[j];
    }
  }
  return best;
}

static void properties(int trials) {
  static const double thr[] = {0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0};
  const size_t nthr = sizeof thr / sizeof thr[0];
  for (int it = 0; it < trials; it++) {
    const tasd_target *t = tasd_target_get(tu_below((uint32_t)tasd_target_count()));
    size_t n = 1 + tu_below(4);
    tasd_dtype dt = (tasd_dtype[]){TASD_INT8, TASD_INT16, TASD_FLOAT32}[tu_below(3)];
    int with_b = tu_below(2), use_product = tu_below(3) == 0;
    tasd_tensor w[4], b[4];
    tasd_tasder_layer L[4];
    for (size_t i = 0; i < n; i++) {
      size_t r = 1 + tu_below(4), k = 3 + tu_below(22);
      rand_tensor(&w[i], dt, r, k, 5 + tu_below(95));
      if (with_b) rand_tensor(&b[i], dt, k, 1 + tu_below(3), 100);
      L[i] = (tasd_tasder_layer){NULL, &w[i], with_b ? &b[i] : NULL};
    }
    tasd_tasder_quality_fn qf = use_product ? cb_product : tasd_tasder_quality_default;
    tasd_tasder_cache cache;
    memset(&cache, 0, sizeof cache);
    void *ctx = use_product ? NULL : (void *)&cache;
    double prev_red = 2.0;
    for (size_t h = 0; h < nthr; h++) {
      tasd_tasder_choice c[4], c2[4];
      tasd_tasder_summary sm, sm2;
      CHECK_OK(tasd_tasder_layerwise(t, L, n, qf, ctx, thr[h], c, &sm));
      /* recompute the returned assignment's quality independently of the search */
      tasd_series as[4];
      for (size_t i = 0; i < n; i++) {
        as[i] = c[i].series;
        CHECK(same(&as[i], "dense") || tasd_target_supports(t, &as[i]) == TASD_OK);
      }
      double q, q0;
      CHECK_OK(qf(NULL, L, n, as, &q));
      CHECK_MSG(q == sm.quality && q >= thr[h] * sm.quality_orig,
                "trial %d thr %g: quality %.17g (reported %.17g) below %g x %.17g", it, thr[h], q,
                sm.quality, thr[h], sm.quality_orig);
      for (size_t i = 0; i < n; i++) as[i] = ser("dense");
      CHECK_OK(qf(NULL, L, n, as, &q0));
      CHECK(q0 == sm.quality_orig);
      uint64_t md = 0, mt = 0;
      for (size_t i = 0; i < n; i++) {
        md += c[i].macs_dense;
        mt += c[i].macs_tasd;
      }
      CHECK(md == sm.macs_dense && mt == sm.macs_tasd && mt <= md);
      CHECK_MSG(sm.mac_reduction <= prev_red + 1e-15,
                "trial %d: raising the threshold to %g raised the MAC reduction %g -> %g", it,
                thr[h], prev_red, sm.mac_reduction);
      prev_red = sm.mac_reduction;
      /* threshold 0 with a non-negative quality: every layer at its cheapest series */
      if (h == 0 && !with_b) {
        for (size_t i = 0; i < n; i++) {
          tasd_series all[64];
          size_t count;
          CHECK_OK(tasd_target_series(t, all, 64, &count));
          for (size_t j = 0; j < count; j++) {
            tasd_stats st;
            CHECK_OK(tasd_stats_compute(&w[i], &all[j], NULL, &st));
            CHECK(c[i].macs_tasd <= st.macs_tasd);
          }
        }
      }
      /* the cache changes nothing */
      if (!use_product) {
        CHECK_OK(tasd_tasder_layerwise(t, L, n, qf, NULL, thr[h], c2, &sm2));
        CHECK(sm2.macs_tasd == sm.macs_tasd && sm2.quality == sm.quality);
        for (size_t i = 0; i < n; i++) CHECK(!memcmp(&c[i].series, &c2[i].series, sizeof c[i].series));
      }
      /* network-wise == brute force */
      tasd_series pick;
      uint64_t bm = brute_network(t, L, n, qf, thr[h], &pick);
      CHECK_OK(tasd_tasder_networkwise(t, L, n, qf, ctx, thr[h], c2, &sm2));
      CHECK_MSG(sm2.macs_tasd == bm, "trial %d thr %g: network-wise %llu MACs, brute force %llu",
                it, thr[h], (unsigned long long)sm2.macs_tasd, (unsigned long long)bm);
      for (size_t i = 0; i < n; i++) CHECK(!memcmp(&c2[i].series, &pick, sizeof pick));
      CHECK(sm2.quality >= thr[h] * sm2.quality_orig);
    }
    tasd_tasder_cache_free(&cache);
    for (size_t i = 0; i < n; i++) {
      tasd_tensor_free(&w[i]);
      if (with_b) tasd_tensor_free(&b[i]);
    }
  }
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  stats_known();
  pick_table();
  pick_random(2000);
  greedy_known();
  search_errors(tasd_tasder_layerwise);
  search_errors(tasd_tasder_networkwise);
  properties(60);
  return tu_finish();
}
