/* SPDX-License-Identifier: Apache-2.0 */
/* Tensor decomposition: fixed cases, error paths, and seeded property tests on random        */
/* int8/int16/float32 tensors and random legal series (equal and mixed M, tails, ties).       */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "refmodel.h"
#include "testutil.h"

static size_t g_tensors = 0, g_blocks = 0;

/* Random legal series. mixed: block sizes may differ. */
static tasd_series rand_series(int mixed) {
  tasd_series s;
  memset(&s, 0, sizeof s);
  s.nterms = 1 + tu_below(tu_below(4) ? 3 : TASD_MAX_TERMS);
  uint32_t m0 = 1u << tu_below(tu_below(8) ? 5 : 9);
  for (uint32_t t = 0; t < s.nterms; t++) {
    uint32_t m = mixed ? (1u << tu_below(tu_below(6) ? 6 : 9)) : m0;
    uint32_t held = 0;
    for (uint32_t u = 0; u < t; u++) {
      uint32_t ns = s.term[u].n, ms = s.term[u].m;
      held += ms <= m ? ns * (m / ms) : (ns < m ? ns : m);
    }
    if (held > m) held = m; /* one block holds at most m positions */
    uint32_t room = m - held;
    uint32_t n = tu_below(room + 1);
    if (tu_below(3) == 0) n = room;
    s.term[t].n = (uint16_t)n;
    s.term[t].m = (uint16_t)m;
  }
  return s;
}

static void fill(tasd_tensor *a, int style) {
  size_t n = tasd_tensor_numel(a);
  for (size_t i = 0; i < n; i++) {
    double v;
    int st = style == 9 ? (int)tu_below(9) : style;
    switch (st) {
    case 0: v = tu_range(-128, 127); break;
    case 1: v = tu_range(-2, 2); break;
    case 2: v = tu_below(4) ? 0 : tu_range(-128, 127); break;
    case 3: v = tu_below(2) ? -128 : 127; break;
    case 4: v = 0; break;
    case 5: v = tu_range(-32768, 32767); break;
    case 6: v = tu_below(2) ? -32768 : 32767; break;
    case 7: v = tu_below(3) ? 0 : tu_range(-5, 5); break;
    default: v = tu_range(-127, 127); break;
    }
    if (a->dtype == TASD_INT8) {
      if (v > 127) v = 127;
      if (v < -128) v = -128;
      ref_set(a, i, v);
    } else if (a->dtype == TASD_INT16) {
      ref_set(a, i, v);
    } else {
      float f;
      switch (tu_below(6)) {
      case 0: f = (float)v / 8.0f; break;                   /* exact small fractions, ties */
      case 1: f = ldexpf((float)tu_range(-100, 100), -140); break; /* denormals */
      case 2: f = (float)(tu_range(-1000000, 1000000)) * 1.37e3f; break;
      case 3: f = v == 0 ? -0.0f : (float)v; break;        /* -0.0 is a zero */
      default: f = (float)v; break;
      }
      ((float *)a->data)[i] = f;
    }
  }
}

static int same_elem(const tasd_tensor *x, size_t i, const tasd_tensor *y, size_t j) {
  return ref_get(x, i) == ref_get(y, j);
}

/* Full check of one decomposition against the reference and the stated properties. */
static void check_decomp(const tasd_tensor *a, const tasd_series *s, const tasd_decomp *d) {
  size_t k = a->shape[a->ndim - 1], rows = 1;
  for (uint32_t i = 0; i + 1 < a->ndim; i++) rows *= a->shape[i];
  CHECK_EQ(d->rows, rows);
  CHECK_EQ(d->k, k);
  int *owner;
  size_t plen = ref_select(a, s, &owner);
  uint32_t sum_n_equal = 0;
  int equal = 1;
  for (uint32_t t = 0; t < s->nterms; t++) {
    sum_n_equal += s->term[t].n;
    if (s->term[t].m != s->term[0].m) equal = 0;
  }
  for (uint32_t t = 0; t < s->nterms; t++) {
    const tasd_term *tm = &d->term[t];
    size_t m = s->term[t].m, n = s->term[t].n, nb = (k + m - 1) / m;
    CHECK_EQ(tm->nblocks, nb);
    CHECK_EQ(tm->cfg.n, n);
    CHECK_EQ(tm->cfg.m, m);
    CHECK_EQ(tm->values.dtype, a->dtype);
    CHECK_EQ(tm->indices.dtype, TASD_INT16);
    CHECK_EQ(tm->values.ndim, a->ndim + 1);
    CHECK_EQ(tm->values.shape[a->ndim - 1], nb);
    CHECK_EQ(tm->values.shape[a->ndim], n);
    CHECK_EQ(tm->indices.shape[a->ndim], n);
    for (uint32_t i = 0; i + 1 < a->ndim; i++) CHECK_EQ(tm->values.shape[i], a->shape[i]);
    CHECK_EQ(tm->dense.ndim, a->ndim);
    for (uint32_t i = 0; i < a->ndim; i++) CHECK_EQ(tm->dense.shape[i], a->shape[i]);
    const int16_t *ix = (const int16_t *)tm->indices.data;
    for (size_t r = 0; r < rows && !tu_failed(); r++) {
      for (size_t b = 0; b < nb; b++) {
        g_blocks++;
        /* Exactly N slots, ascending index, matching the reference's members. */
        size_t slot = 0;
        for (size_t j = 0; j < m; j++) {
          size_t p = b * m + j;
          if (owner[r * plen + p] != (int)t) continue;
          size_t off = (r * nb + b) * n + slot;
          CHECK_MSG(slot < n, "term %u row %zu block %zu: more than N members", t, r, b);
          if (slot >= n) break;
          CHECK_MSG(ix[off] == (int16_t)j, "term %u row %zu block %zu slot %zu: idx %d want %zu",
                    t, r, b, slot, ix[off], j);
          if (p < k)
            CHECK_MSG(same_elem(&tm->values, off, a, r * k + p), "value mismatch t%u r%zu p%zu",
                      t, r, p);
          else
            CHECK(ref_get(&tm->values, off) == 0.0);
          slot++;
        }
        CHECK_MSG(slot == n, "term %u row %zu block %zu: %zu members, want %zu", t, r, b, slot,
                  n);
        for (size_t q = 1; q < n; q++) {
          size_t off = (r * nb + b) * n + q;
          CHECK(ix[off] > ix[off - 1]);
        }
      }
    }
  }
  /* Dense views and residual: disjoint terms; sum of terms + residual == input exactly. */
  for (size_t r = 0; r < rows; r++) {
    for (size_t p = 0; p < k; p++) {
      size_t i = r * k + p;
      int ow = owner[r * plen + p];
      double total = ref_get(&d->residual, i);
      int members = 0;
      for (uint32_t t = 0; t < s->nterms; t++) {
        double v = ref_get(&d->term[t].dense, i);
        total += v;
        if ((int)t == ow) {
          CHECK(same_elem(&d->term[t].dense, i, a, i));
          members++;
        } else {
          CHECK(v == 0.0);
        }
      }
      if (ow < 0) CHECK(same_elem(&d->residual, i, a, i));
      else CHECK(ref_get(&d->residual, i) == 0.0);
      CHECK(total == ref_get(a, i));
    }
  }
  /* Equal M: every kept element outranks every dropped one inside its block. */
  if (equal && !tu_failed()) {
    size_t m = s->term[0].m;
    for (size_t r = 0; r < rows; r++)
      for (size_t b = 0; b * m < k; b++)
        for (size_t j = 0; j < m; j++) {
          size_t p = b * m + j;
          if (p >= k || owner[r * plen + p] < 0) continue;
          double mk = fabs(ref_get(a, r * k + p));
          for (size_t q = 0; q < m; q++) {
            size_t p2 = b * m + q;
            if (p2 >= k || owner[r * plen + p2] >= 0) continue;
            double md = fabs(ref_get(a, r * k + p2));
            CHECK_MSG(mk > md || (mk == md && p < p2), "kept p%zu does not outrank dropped p%zu",
                      p, p2);
          }
        }
    /* Lossless when N sums to M. */
    if (sum_n_equal == m) {
      size_t nel = tasd_tensor_numel(a);
      for (size_t i = 0; i < nel; i++) CHECK(ref_get(&d->residual, i) == 0.0);
    }
  }
  /* Reconstruction equals input minus residual. */
  tasd_tensor rec;
  CHECK_OK(tasd_reconstruct(d, &rec));
  if (rec.data) {
    size_t nel = tasd_tensor_numel(a);
    CHECK_EQ(rec.dtype, a->dtype);
    for (size_t i = 0; i < nel; i++)
      CHECK(ref_get(&rec, i) + ref_get(&d->residual, i) == ref_get(a, i));
  }
  tasd_tensor_free(&rec);
  free(owner);
}

static void run_random(tasd_dtype dt, int iters) {
  for (int it = 0; it < iters && !tu_failed(); it++) {
    uint32_t ndim = 1 + tu_below(3);
    size_t shape[3];
    size_t total = 1;
    for (uint32_t i = 0; i + 1 < ndim; i++) {
      shape[i] = 1 + tu_below(3);
      total *= shape[i];
    }
    shape[ndim - 1] = tu_below(8) == 0 ? tu_below(600) : tu_below(70);
    (void)total;
    tasd_tensor a;
    CHECK_OK(tasd_tensor_alloc(&a, dt, ndim, shape));
    fill(&a, (int)tu_below(10));
    tasd_series s = rand_series((int)tu_below(2));
    tasd_decomp d;
    tasd_status st = tasd_decompose(&a, &s, &d);
    char txt[128];
    tasd_series_format(&s, txt, sizeof txt);
    CHECK_MSG(st == TASD_OK, "decompose %s k=%zu: %s", txt, shape[ndim - 1], tasd_strerror(st));
    if (st == TASD_OK) check_decomp(&a, &s, &d);
    if (tu_failed()) printf("failing case: dtype %s, series %s, ndim %u, k %zu\n",
                            tasd_dtype_name(dt), txt, ndim, shape[ndim - 1]);
    tasd_decomp_free(&d);
    tasd_tensor_free(&a);
    g_tensors++;
  }
}

static void fixed_cases(void) {
  /* Tail rule: k = 6 with 2:4+1:4: the second block is [x4, x5, pad, pad]. */
  {
    size_t shp[1] = {6};
    tasd_tensor a;
    CHECK_OK(tasd_tensor_alloc(&a, TASD_INT8, 1, shp));
    int8_t v[6] = {1, -9, 3, 0, 0, 5};
    memcpy(a.data, v, 6);
    tasd_series s;
    CHECK_OK(tasd_series_parse("2:4+1:4", &s));
    tasd_decomp d;
    CHECK_OK(tasd_decompose(&a, &s, &d));
    const int8_t *v0 = (const int8_t *)d.term[0].values.data;
    const int16_t *i0 = (const int16_t *)d.term[0].indices.data;
    const int8_t *v1 = (const int8_t *)d.term[1].values.data;
    const int16_t *i1 = (const int16_t *)d.term[1].indices.data;
    /* block 0: -9 (1), 3 (2) | 1 (0); block 1: 5 (idx 1), 0 (idx 0) | 0 (idx 2, padding) */
    CHECK(i0[0] == 1 && v0[0] == -9 && i0[1] == 2 && v0[1] == 3);
    CHECK(i0[2] == 0 && v0[2] == 0 && i0[3] == 1 && v0[3] == 5);
    CHECK(i1[0] == 0 && v1[0] == 1);
    CHECK(i1[1] == 2 && v1[1] == 0); /* padding slot */
    const int8_t *res = (const int8_t *)d.residual.data;
    CHECK(res[0] == 0 && res[1] == 0 && res[2] == 0 && res[5] == 0);
    tasd_decomp_free(&d);
    tasd_decomp_free(&d); /* idempotent */
    tasd_tensor_free(&a);
  }
  /* Mixed: 1:2 then 1:4 over [4,3,2,1]: term 0 takes 4 (of block 0) and 2 (of block 1); term  */
  /* 1 ranks the free positions {1,3} of its 4-block and takes 3.                              */
  {
    size_t shp[1] = {4};
    tasd_tensor a;
    CHECK_OK(tasd_tensor_alloc(&a, TASD_INT16, 1, shp));
    int16_t v[4] = {4, 3, 2, 1};
    memcpy(a.data, v, sizeof v);
    tasd_series s;
    CHECK_OK(tasd_series_parse("1:2+1:4", &s));
    tasd_decomp d;
    CHECK_OK(tasd_decompose(&a, &s, &d));
    const int16_t *i0 = (const int16_t *)d.term[0].indices.data;
    const int16_t *i1 = (const int16_t *)d.term[1].indices.data;
    CHECK(i0[0] == 0 && i0[1] == 0); /* index inside each 2-block */
    CHECK(i1[0] == 1);
    CHECK(((const int16_t *)d.residual.data)[3] == 1);
    check_decomp(&a, &s, &d);
    tasd_decomp_free(&d);
    tasd_tensor_free(&a);
  }
  /* N = 0 term and k = 0 and rows = 0 give empty outputs. */
  {
    size_t shp[2] = {3, 0};
    tasd_tensor a;
    CHECK_OK(tasd_tensor_alloc(&a, TASD_FLOAT32, 2, shp));
    tasd_series s;
    CHECK_OK(tasd_series_parse("0:8+2:8", &s));
    tasd_decomp d;
    CHECK_OK(tasd_decompose(&a, &s, &d));
    CHECK_EQ(d.term[0].nblocks, 0);
    CHECK_EQ(tasd_tensor_numel(&d.term[1].values), 0);
    tasd_decomp_free(&d);
    tasd_tensor_free(&a);
    size_t shp2[2] = {0, 9};
    CHECK_OK(tasd_tensor_alloc(&a, TASD_INT8, 2, shp2));
    CHECK_OK(tasd_decompose(&a, &s, &d));
    CHECK_EQ(d.rows, 0);
    CHECK_EQ(d.term[0].nblocks, 2);
    tasd_decomp_free(&d);
    tasd_tensor_free(&a);
  }
  /* Errors. */
  {
    size_t shp[2] = {2, 8};
    tasd_tensor a;
    tasd_decomp d;
    tasd_series s;
    CHECK_OK(tasd_series_parse("4:8", &s));
    CHECK_OK(tasd_tensor_alloc(&a, TASD_FLOAT32, 2, shp));
    CHECK_ST(tasd_decompose(NULL, &s, &d), TASD_ERR_NULL);
    tasd_decomp_free(&d); /* safe after a failed call */
    CHECK_ST(tasd_decompose(&a, NULL, &d), TASD_ERR_NULL);
    CHECK_ST(tasd_decompose(&a, &s, NULL), TASD_ERR_NULL);
    ((float *)a.data)[5] = NAN;
    CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_NAN);
    tasd_decomp_free(&d);
    ((float *)a.data)[5] = -INFINITY;
    CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_NAN);
    ((float *)a.data)[5] = 1.0f;
    CHECK_OK(tasd_decompose(&a, &s, &d));
    tasd_decomp_free(&d);
    tasd_series bad = s;
    bad.term[0].n = 9;
    CHECK_ST(tasd_decompose(&a, &bad, &d), TASD_ERR_ILLEGAL_SERIES);
    bad.term[0].n = 1;
    bad.term[0].m = 3;
    CHECK_ST(tasd_decompose(&a, &bad, &d), TASD_ERR_ILLEGAL_SERIES);
    bad.nterms = 0;
    CHECK_ST(tasd_decompose(&a, &bad, &d), TASD_ERR_ILLEGAL_SERIES);
    tasd_tensor_free(&a);
    CHECK_OK(tasd_tensor_alloc(&a, TASD_INT32, 2, shp));
    CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_DTYPE);
    a.dtype = (tasd_dtype)77;
    CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_DTYPE);
    a.dtype = TASD_INT8;
    a.ndim = 0;
    CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_SHAPE);
    a.ndim = TASD_MAX_DIMS + 1;
    CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_SHAPE);
    a.ndim = 2;
    tasd_tensor_free(&a);
    size_t big[TASD_MAX_DIMS] = {1, 1, 1, 1, 1, 1, 1, 8};
    CHECK_OK(tasd_tensor_alloc(&a, TASD_INT8, TASD_MAX_DIMS, big));
    CHECK_ST(tasd_decompose(&a, &s, &d), TASD_ERR_SHAPE); /* values would need 9 dims */
    tasd_tensor_free(&a);
    CHECK_OK(tasd_tensor_alloc(&a, TASD_INT8, TASD_MAX_DIMS - 1, big));
    CHECK_OK(tasd_decompose(&a, &s, &d));
    tasd_decomp_free(&d);
    /* Size overflow: shapes whose product overflows. */
    tasd_tensor huge = a;
    huge.ndim = 2;
    huge.shape[0] = (size_t)-1 / 2;
    huge.shape[1] = 4;
    CHECK_ST(tasd_decompose(&huge, &s, &d), TASD_ERR_NOMEM);
    tasd_tensor_free(&a);
    tasd_tensor empty;
    memset(&empty, 0, sizeof empty);
    empty.ndim = 1;
    empty.shape[0] = 4;
    CHECK_ST(tasd_decompose(&empty, &s, &d), TASD_ERR_NULL); /* data NULL */
    tasd_tensor out;
    CHECK_ST(tasd_reconstruct(NULL, &out), TASD_ERR_NULL);
    CHECK_ST(tasd_reconstruct(&d, NULL), TASD_ERR_NULL);
    tasd_decomp_free(&d);
    CHECK_ST(tasd_reconstruct(&d, &out), TASD_ERR_NULL); /* freed decomposition */
    tasd_decomp_free(NULL);
  }
  {
    /* tasd_reconstruct refuses a term whose dense view does not match the residual
     * (TASD_ERR_SHAPE; out zeroed, nothing leaked): wrong element count, wrong dtype, no data. */
    tasd_series s;
    CHECK_OK(tasd_series_parse("2:4+2:4", &s)); /* lossless, so A* == A */
    size_t shp[2] = {3, 8};
    tasd_tensor a, out;
    CHECK_OK(tasd_tensor_alloc(&a, TASD_INT16, 2, shp));
    for (size_t i = 0; i < 24; i++) ((int16_t *)a.data)[i] = (int16_t)(i * 37 % 11 - 5);
    tasd_decomp d;
    CHECK_OK(tasd_decompose(&a, &s, &d));
    CHECK_OK(tasd_reconstruct(&d, &out));
    CHECK(memcmp(out.data, a.data, 24 * sizeof(int16_t)) == 0);
    tasd_tensor_free(&out);
    for (int mode = 0; mode < 3; mode++) {
      tasd_tensor *dn = &d.term[1].dense;
      tasd_tensor saved = *dn;
      if (mode == 0) dn->shape[0] = 2;            /* 16 elements instead of 24 */
      if (mode == 1) dn->dtype = TASD_INT8;        /* dtype differs from the residual */
      if (mode == 2) dn->data = NULL;              /* missing data */
      memset(&out, 0x5a, sizeof out);
      CHECK_ST(tasd_reconstruct(&d, &out), TASD_ERR_SHAPE);
      CHECK(out.data == NULL && out.ndim == 0);
      *dn = saved;
    }
    tasd_decomp_free(&d);
    tasd_tensor_free(&a);
  }
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  fixed_cases();
  run_random(TASD_INT8, 4000);
  run_random(TASD_INT16, 2500);
  run_random(TASD_FLOAT32, 2500);
  printf("%zu tensors, %zu term-blocks checked\n", g_tensors, g_blocks);
  return tu_finish();
}
