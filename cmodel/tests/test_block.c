/* SPDX-License-Identifier: Apache-2.0 */
/* Block-level TASD unit (tasd_block_decompose_i32): fixed cases, error paths, and a seeded     */
/* comparison against a brute-force reference (full sort per block).                          */
#include <string.h>

#include "testutil.h"

/* Reference: order[] = indices sorted by (|x| desc, index asc) via selection sort on int64.   */
static void ref_order(const int32_t *x, uint32_t m, uint32_t *order) {
  uint8_t used[TASD_MAX_M] = {0};
  for (uint32_t r = 0; r < m; r++) {
    int best = -1;
    for (uint32_t i = 0; i < m; i++) {
      if (used[i]) continue;
      int64_t mi = x[i] < 0 ? -(int64_t)x[i] : x[i];
      if (best < 0) {
        best = (int)i;
        continue;
      }
      int64_t mb = x[best] < 0 ? -(int64_t)x[best] : x[best];
      if (mi > mb) best = (int)i; /* strict: equal magnitude keeps the lower index */
    }
    used[best] = 1;
    order[r] = (uint32_t)best;
  }
}

static void check_against_ref(const int32_t *x, uint32_t m, const uint16_t *n, uint32_t nt,
                              const tasd_block_result *r) {
  uint32_t order[TASD_MAX_M];
  uint8_t want_term[TASD_MAX_M];
  ref_order(x, m, order);
  memset(want_term, TASD_DROPPED, sizeof want_term);
  uint32_t pos = 0;
  for (uint32_t t = 0; t < nt; t++)
    for (uint32_t j = 0; j < n[t]; j++) want_term[order[pos++]] = (uint8_t)t;
  CHECK_EQ(r->m, m);
  CHECK_EQ(r->nterms, nt);
  for (uint32_t i = 0; i < m; i++) {
    CHECK_MSG(r->term_of[i] == want_term[i], "m=%u elem %u: term_of %u want %u", m, i,
              r->term_of[i], want_term[i]);
    for (uint32_t t = 0; t < nt; t++) CHECK_EQ(r->mask[t][i], want_term[i] == t);
  }
  for (uint32_t t = 0; t < nt; t++) {
    CHECK_EQ(r->n[t], n[t]);
    uint32_t k = 0;
    for (uint32_t i = 0; i < m; i++) {
      if (want_term[i] != t) continue;
      CHECK_EQ(r->slot_vld[t][k], 1);
      CHECK_EQ(r->idx[t][k], i);
      CHECK_EQ(r->val[t][k], x[i]);
      k++;
    }
    CHECK_EQ(k, n[t]);
    for (; k < TASD_MAX_M; k++) {
      CHECK_EQ(r->slot_vld[t][k], 0);
      CHECK_EQ(r->idx[t][k], 0);
      CHECK_EQ(r->val[t][k], 0);
    }
  }
  for (uint32_t t = nt; t < TASD_MAX_TERMS; t++) {
    CHECK_EQ(r->n[t], 0);
    for (uint32_t k = 0; k < TASD_MAX_M; k++) CHECK(!r->slot_vld[t][k] && !r->mask[t][k]);
  }
}

static int32_t gen_value(int style) {
  switch (style) {
  case 0: return tu_range(-128, 127);
  case 1: return tu_range(-3, 3); /* many ties */
  case 2: return tu_below(3) ? 0 : tu_range(-128, 127); /* sparse */
  case 3: return tu_below(2) ? -128 : 127;              /* extremes */
  case 4: return tu_range(-32768, 32767);
  case 5: return tu_below(2) ? -32768 : 32767;
  case 6: return tu_range(INT32_MIN, INT32_MAX);
  default: return 0; /* all-zero block */
  }
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  tasd_block_result r;

  /* Fixed case: 4:8+2:8 on a block with ties and -128. */
  {
    int32_t x[8] = {3, -128, 0, 127, -3, 5, 0, 128};
    uint16_t n[2] = {4, 2};
    CHECK_OK(tasd_block_decompose_i32(x, 8, n, 2, &r));
    /* ranks: 128(i7)? |128|=128 ties with |-128| at i1 -> i1 first, then i7, 127 (i3), 5 (i5), */
    /* then 3 (i0) and -3 (i4) -> term 1, zeros dropped. */
    CHECK_EQ(r.term_of[1], 0);
    CHECK_EQ(r.term_of[7], 0);
    CHECK_EQ(r.term_of[3], 0);
    CHECK_EQ(r.term_of[5], 0);
    CHECK_EQ(r.term_of[0], 1);
    CHECK_EQ(r.term_of[4], 1);
    CHECK_EQ(r.term_of[2], TASD_DROPPED);
    CHECK_EQ(r.term_of[6], TASD_DROPPED);
    CHECK_EQ(r.idx[0][0], 1);
    CHECK_EQ(r.idx[0][1], 3);
    CHECK_EQ(r.idx[0][2], 5);
    CHECK_EQ(r.idx[0][3], 7);
    CHECK_EQ(r.val[0][0], -128);
    CHECK_EQ(r.val[1][0], 3);
    CHECK_EQ(r.val[1][1], -3);
    check_against_ref(x, 8, n, 2, &r);
  }
  /* Too few non-zeros: zeros fill the slots, lowest index first. */
  {
    int32_t x[8] = {0, 0, 0, 9, 0, 0, 0, 0};
    uint16_t n[1] = {4};
    CHECK_OK(tasd_block_decompose_i32(x, 8, n, 1, &r));
    CHECK_EQ(r.idx[0][0], 0);
    CHECK_EQ(r.idx[0][1], 1);
    CHECK_EQ(r.idx[0][2], 2);
    CHECK_EQ(r.idx[0][3], 3);
    CHECK_EQ(r.val[0][3], 9);
    CHECK_EQ(r.term_of[4], TASD_DROPPED);
  }
  /* m = 1 and a disabled (N = 0) term. */
  {
    int32_t x[1] = {-7};
    uint16_t n[2] = {0, 1};
    CHECK_OK(tasd_block_decompose_i32(x, 1, n, 2, &r));
    CHECK_EQ(r.term_of[0], 1);
    CHECK_EQ(r.slot_vld[0][0], 0);
    CHECK_EQ(r.val[1][0], -7);
  }

  /* Error paths: output untouched on error. */
  {
    int32_t x[TASD_MAX_M * 2] = {0};
    uint16_t n[TASD_MAX_TERMS + 1] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    memset(&r, 0xA5, sizeof r);
    CHECK_ST(tasd_block_decompose_i32(NULL, 8, n, 1, &r), TASD_ERR_NULL);
    CHECK_ST(tasd_block_decompose_i32(x, 8, NULL, 1, &r), TASD_ERR_NULL);
    CHECK_ST(tasd_block_decompose_i32(x, 8, n, 1, NULL), TASD_ERR_NULL);
    CHECK_ST(tasd_block_decompose_i32(x, 0, n, 1, &r), TASD_ERR_ILLEGAL_SERIES);
    CHECK_ST(tasd_block_decompose_i32(x, 6, n, 1, &r), TASD_ERR_ILLEGAL_SERIES);
    CHECK_ST(tasd_block_decompose_i32(x, 512, n, 1, &r), TASD_ERR_ILLEGAL_SERIES);
    CHECK_ST(tasd_block_decompose_i32(x, 8, n, 0, &r), TASD_ERR_ILLEGAL_SERIES);
    CHECK_ST(tasd_block_decompose_i32(x, 16, n, TASD_MAX_TERMS + 1, &r), TASD_ERR_ILLEGAL_SERIES);
    uint16_t big[2] = {9, 0};
    CHECK_ST(tasd_block_decompose_i32(x, 8, big, 1, &r), TASD_ERR_ILLEGAL_SERIES);
    uint16_t sum[3] = {4, 4, 1};
    CHECK_ST(tasd_block_decompose_i32(x, 8, sum, 3, &r), TASD_ERR_ILLEGAL_SERIES);
    uint16_t wrap[2] = {65535, 9};
    CHECK_ST(tasd_block_decompose_i32(x, 8, wrap, 2, &r), TASD_ERR_ILLEGAL_SERIES);
    uint8_t pat[sizeof r];
    memset(pat, 0xA5, sizeof pat);
    CHECK(memcmp(&r, pat, sizeof r) == 0);
    /* Boundary legal cases: sum N == m, 8 terms. */
    uint16_t full[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    CHECK_OK(tasd_block_decompose_i32(x, 8, full, 8, &r));
    for (uint32_t i = 0; i < 8; i++) CHECK_EQ(r.term_of[i], i); /* all zero: index order */
  }

  /* Seeded property: random blocks vs. the brute-force reference. */
  int32_t x[TASD_MAX_M];
  for (int it = 0; it < 6000 && !tu_failed(); it++) {
    uint32_t m = 1u << tu_below(it % 10 == 0 ? 9 : 6); /* mostly m <= 32, sometimes up to 256 */
    uint32_t nt = 1 + tu_below(TASD_MAX_TERMS);
    uint16_t n[TASD_MAX_TERMS];
    uint32_t left = m;
    for (uint32_t t = 0; t < nt; t++) {
      n[t] = (uint16_t)tu_below(left + 1);
      if (tu_below(4) == 0) n[t] = (uint16_t)left; /* often use everything */
      left -= n[t];
    }
    int style = (int)tu_below(8);
    for (uint32_t i = 0; i < m; i++) x[i] = gen_value(style);
    CHECK_OK(tasd_block_decompose_i32(x, m, n, nt, &r));
    check_against_ref(x, m, n, nt, &r);
  }

  /* One unit instance: parameters, the series check (general and lean unit), decompose. */
  {
    tasd_unit_params up;
    tasd_unit_params_default(&up);
    CHECK_EQ(up.m, 8);
    CHECK_EQ(up.data_w, 8);
    CHECK_EQ(up.max_terms, 2);
    CHECK_EQ(up.pipe_stages, 1);
    CHECK_EQ(up.max_slots, 8);
    CHECK_OK(tasd_unit_params_check(&up));
    CHECK_ST(tasd_unit_params_check(NULL), TASD_ERR_NULL);
    const struct { uint32_t m, w, t, ps, s; } bad[] = {
        {2, 8, 2, 1, 2}, {32, 8, 2, 1, 8}, {6, 8, 2, 1, 4}, {8, 3, 2, 1, 8}, {8, 17, 2, 1, 8},
        {8, 8, 0, 1, 8}, {8, 8, 4, 1, 8}, {8, 8, 2, 0, 8}, {8, 8, 2, 3, 8}, {8, 8, 2, 1, 0},
        {8, 8, 2, 1, 9}, {4, 8, 2, 1, 5}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
      tasd_unit_params q = {bad[i].m, bad[i].w, bad[i].t, bad[i].ps, bad[i].s};
      CHECK_MSG(tasd_unit_params_check(&q) == TASD_ERR_RANGE, "bad params #%zu accepted", i);
    }
    uint16_t n[TASD_MAX_TERMS] = {0};
    CHECK_ST(tasd_unit_series_check(NULL, n), TASD_ERR_NULL);
    CHECK_ST(tasd_unit_series_check(&up, NULL), TASD_ERR_NULL);
    /* General unit (max_slots = m): every N_t <= m with sum <= m. */
    n[0] = 8, n[1] = 0;
    CHECK_OK(tasd_unit_series_check(&up, n));
    n[0] = 5, n[1] = 3;
    CHECK_OK(tasd_unit_series_check(&up, n));
    n[0] = 9, n[1] = 0;
    CHECK_ST(tasd_unit_series_check(&up, n), TASD_ERR_ILLEGAL_SERIES);
    n[0] = 5, n[1] = 4;
    CHECK_ST(tasd_unit_series_check(&up, n), TASD_ERR_ILLEGAL_SERIES);
    /* Lean unit (max_slots 4): N_t <= 4, sum <= 8; 5:8 is a legal series it cannot carry. */
    tasd_unit_params lean = up;
    lean.max_slots = 4;
    CHECK_OK(tasd_unit_params_check(&lean));
    n[0] = 4, n[1] = 4;
    CHECK_OK(tasd_unit_series_check(&lean, n));
    n[0] = 3, n[1] = 0;
    CHECK_OK(tasd_unit_series_check(&lean, n));
    n[0] = 0, n[1] = 0;
    CHECK_OK(tasd_unit_series_check(&lean, n));
    n[0] = 5, n[1] = 0;
    CHECK_ST(tasd_unit_series_check(&lean, n), TASD_ERR_UNSUPPORTED);
    n[0] = 1, n[1] = 7;
    CHECK_ST(tasd_unit_series_check(&lean, n), TASD_ERR_UNSUPPORTED);
    n[0] = 9, n[1] = 0; /* not N:M at all: illegal for every unit */
    CHECK_ST(tasd_unit_series_check(&lean, n), TASD_ERR_ILLEGAL_SERIES);
    n[0] = 4, n[1] = 5; /* sum 9 > 8 and N_1 > max_slots: the sum rule is reported */
    CHECK_ST(tasd_unit_series_check(&lean, n), TASD_ERR_ILLEGAL_SERIES);
    /* Only the unit's max_terms entries count (the RTL has no field for more). */
    tasd_unit_params one = lean;
    one.max_terms = 1;
    n[0] = 4, n[1] = 9;
    CHECK_OK(tasd_unit_series_check(&one, n));
    /* Decompose: the unit's result equals tasd_block_decompose_i32; refused series and      */
    /* out-of-range elements leave *out untouched.                                            */
    int32_t xb[8] = {3, -128, 0, 127, -3, 5, 0, 127};
    tasd_block_result want;
    n[0] = 4, n[1] = 2;
    CHECK_OK(tasd_block_decompose_i32(xb, 8, n, 2, &want));
    CHECK_OK(tasd_unit_decompose(&lean, xb, n, &r));
    CHECK(memcmp(&r, &want, sizeof r) == 0);
    memset(&r, 0xA5, sizeof r);
    tasd_block_result pat;
    memset(&pat, 0xA5, sizeof pat);
    n[0] = 5, n[1] = 2;
    CHECK_ST(tasd_unit_decompose(&lean, xb, n, &r), TASD_ERR_UNSUPPORTED);
    CHECK(memcmp(&r, &pat, sizeof r) == 0);
    CHECK_OK(tasd_unit_decompose(&up, xb, n, &want)); /* the general unit carries 5:8 */
    n[0] = 4, n[1] = 2;
    xb[0] = 128; /* does not fit 8 bits */
    CHECK_ST(tasd_unit_decompose(&lean, xb, n, &r), TASD_ERR_RANGE);
    xb[0] = -129;
    CHECK_ST(tasd_unit_decompose(&lean, xb, n, &r), TASD_ERR_RANGE);
    CHECK(memcmp(&r, &pat, sizeof r) == 0);
    CHECK_ST(tasd_unit_decompose(NULL, xb, n, &r), TASD_ERR_NULL);
    CHECK_ST(tasd_unit_decompose(&lean, NULL, n, &r), TASD_ERR_NULL);
    CHECK_ST(tasd_unit_decompose(&lean, xb, NULL, &r), TASD_ERR_NULL);
    CHECK_ST(tasd_unit_decompose(&lean, xb, n, NULL), TASD_ERR_NULL);
    /* Seeded: a lean unit accepts exactly the series with every N_t <= max_slots, and then  */
    /* gives the general result (slots k >= max_slots are never valid).                       */
    for (int it = 0; it < 3000 && !tu_failed(); it++) {
      tasd_unit_params q;
      q.m = 4u << tu_below(3);
      q.data_w = 4 + tu_below(13);
      q.max_terms = 1 + tu_below(3);
      q.pipe_stages = 1 + tu_below(2);
      q.max_slots = 1 + tu_below(q.m);
      uint16_t s[TASD_MAX_TERMS] = {0};
      uint32_t sum = 0, over = 0, big_n = 0;
      for (uint32_t t = 0; t < q.max_terms; t++) {
        s[t] = (uint16_t)tu_below(q.m + 2);
        sum += s[t];
        over |= s[t] > q.max_slots;
        big_n |= s[t] > q.m;
      }
      const tasd_status want_st = (big_n || sum > q.m) ? TASD_ERR_ILLEGAL_SERIES
                                  : over               ? TASD_ERR_UNSUPPORTED
                                                       : TASD_OK;
      int32_t xv[TASD_MAX_M];
      for (uint32_t i = 0; i < q.m; i++) xv[i] = tu_range(-(1 << (q.data_w - 1)), (1 << (q.data_w - 1)) - 1);
      CHECK_ST(tasd_unit_series_check(&q, s), want_st);
      CHECK_ST(tasd_unit_decompose(&q, xv, s, &r), want_st);
      if (want_st == TASD_OK) {
        check_against_ref(xv, q.m, s, q.max_terms, &r);
        for (uint32_t t = 0; t < q.max_terms; t++)
          for (uint32_t k = q.max_slots; k < q.m; k++) CHECK_EQ(r.slot_vld[t][k], 0);
      }
    }
  }
  return tu_finish();
}
