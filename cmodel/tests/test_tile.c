/* SPDX-License-Identifier: Apache-2.0 */
/* TTC tile model: config/param error paths, outputs (biases included) vs tasd_gemm and the    */
/* block unit, A beat packing replayed as a lane-level MAC, and the cycle model on hand-computed */
/* cases.                                                                                       */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_errors(void) {
  tasd_tile_params p;
  tasd_tile_params_default(&p);
  CHECK_OK(tasd_tile_params_check(&p));
  CHECK_ST(tasd_tile_params_check(NULL), TASD_ERR_NULL);
  tasd_tile_params q = p;
  q.lanes = 3;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.cols = 12;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.m = 6;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.max_terms = 0;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.pipe_stages = 0;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.rows = 0;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  /* The same refusals as the RTL's elaboration checks (rtl/configs_illegal.tsv, tb/common/param_check.sh). */
  q = p;
  q.m = 2;
  q.cols = 16;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.m = 32;
  q.cols = 32;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  for (uint32_t mt = 4; mt <= 8; mt++) {
    q = p;
    q.max_terms = mt;
    CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  }
  q = p;
  q.pipe_stages = 3;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.kblocks_max = 0;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.kblocks_max = 65536;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.drain_seq = 2;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q = p;
  q.b_banks = 0;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q.b_banks = 3;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q.b_banks = 1;
  CHECK_OK(tasd_tile_params_check(&q));
  CHECK_EQ(p.b_banks, 2); /* the RTL's default BBanks */
  q = p;
  q.mul_pipe = 2;
  CHECK_ST(tasd_tile_params_check(&q), TASD_ERR_RANGE);
  q.mul_pipe = 1;
  CHECK_OK(tasd_tile_params_check(&q));
  CHECK_EQ(p.mul_pipe, 0); /* the RTL's default MulPipe */
  CHECK_ST(tasd_tile_seq_cycles(NULL, NULL, 0, NULL, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_tile_seq_cycles(&p, NULL, 1, NULL, NULL), TASD_ERR_NULL);
  q.b_banks = 0;
  CHECK_ST(tasd_tile_seq_cycles(&q, NULL, 0, NULL, NULL), TASD_ERR_RANGE);
  q = p;
  q.m = 16;
  q.cols = 16;
  q.max_terms = 3;
  q.pipe_stages = 1;
  q.drain_seq = 1;
  q.kblocks_max = 65535;
  CHECK_OK(tasd_tile_params_check(&q));
  CHECK_EQ(p.kblocks_max, 512); /* the default tile is the RTL's default (KBlocksMax 512) */

  tasd_tile_cfg c;
  memset(&c, 0, sizeof c);
  c.a_n[0] = 4;
  c.a_n[1] = 1;
  c.kblocks = 4;
  c.rtiles = 1;
  c.out_n[0] = 2;
  CHECK_OK(tasd_tile_cfg_check(&p, &c));
  CHECK_ST(tasd_tile_cfg_check(&p, NULL), TASD_ERR_NULL);
  tasd_tile_cfg d = c;
  d.a_n[1] = 3; /* not native */
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_UNSUPPORTED);
  d = c;
  d.a_n[0] = 8; /* dense as one term is not native (8 > m/2) */
  d.a_n[1] = 0;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_UNSUPPORTED);
  d = c;
  d.a_n[0] = 0;
  d.a_n[1] = 0; /* no term */
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_ILLEGAL_SERIES);
  d = c;
  d.a_n[2] = 1; /* beyond max_terms */
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_ILLEGAL_SERIES);
  {
    /* A sum > m is only possible with 3 terms of native N: 4:8+4:8+1:8. */
    tasd_tile_params p3 = p;
    p3.max_terms = 3;
    d = c;
    d.a_n[0] = 4;
    d.a_n[1] = 4;
    d.a_n[2] = 1;
    CHECK_ST(tasd_tile_cfg_check(&p3, &d), TASD_ERR_ILLEGAL_SERIES);
    d.a_n[2] = 0; /* 4:8+4:8 is dense and legal */
    CHECK_OK(tasd_tile_cfg_check(&p3, &d));
    d.a_n[0] = 4;
    d.a_n[1] = 2;
    d.a_n[2] = 1; /* 7:8 = 4:8+2:8+1:8 */
    CHECK_OK(tasd_tile_cfg_check(&p3, &d));
  }
  d = c;
  d.out_n[0] = 5;
  d.out_n[1] = 4; /* output sum 9 > 8 */
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_ILLEGAL_SERIES);
  d = c;
  d.out_n[0] = 9;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_ILLEGAL_SERIES);
  /* The drain's lean units carry at most m/2 = 4 slots per term: 5:8 is a legal series they */
  /* have no slots for (refused with TASD_ERR_UNSUPPORTED), 4:8+4:8 and 3:8 are fine.          */
  d = c;
  d.out_n[0] = 5;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_UNSUPPORTED);
  d.out_n[0] = 3;
  d.out_n[1] = 5;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_UNSUPPORTED);
  CHECK_ST(tasd_tile_cycles(&p, &d, &(tasd_tile_perf){0}), TASD_ERR_UNSUPPORTED);
  d.out_n[0] = 4;
  d.out_n[1] = 4;
  CHECK_OK(tasd_tile_cfg_check(&p, &d));
  d.out_n[0] = 3;
  d.out_n[1] = 0;
  CHECK_OK(tasd_tile_cfg_check(&p, &d));
  {
    tasd_tile_params p4 = p; /* m = 4: two slots per term */
    p4.m = 4;
    p4.cols = 8;
    tasd_tile_cfg d4 = c;
    d4.a_n[0] = 2;
    d4.a_n[1] = 0;
    d4.out_n[0] = 2;
    d4.out_n[1] = 2;
    CHECK_OK(tasd_tile_cfg_check(&p4, &d4));
    d4.out_n[0] = 3;
    d4.out_n[1] = 0;
    CHECK_ST(tasd_tile_cfg_check(&p4, &d4), TASD_ERR_UNSUPPORTED);
  }
  d = c;
  d.kblocks = 0;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_RANGE);
  d.kblocks = p.kblocks_max + 1;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_RANGE);
  d = c;
  d.rtiles = 0;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_RANGE);
  d.rtiles = 65536;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_RANGE);
  d = c;
  d.shift = 32;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_RANGE);
  d = c;
  d.relu = 2;
  CHECK_ST(tasd_tile_cfg_check(&p, &d), TASD_ERR_RANGE);
  d = c;
  d.out_n[0] = 0; /* no output decomposition is legal */
  CHECK_OK(tasd_tile_cfg_check(&p, &d));

  /* Every entry point refuses NULL and illegal configs without touching outputs. */
  tasd_tile_a a;
  tasd_tile_out o;
  tasd_tile_perf pf;
  tasd_tile_gemm_perf gp;
  int8_t buf[256];
  uint8_t ib[64], lv[4];
  memset(&a, 0, sizeof a);
  memset(&o, 0, sizeof o);
  d = c;
  d.a_n[1] = 3;
  CHECK_ST(tasd_tile_a_from_dense(&p, &d, buf, 1, 8, 0, &a), TASD_ERR_UNSUPPORTED);
  CHECK_ST(tasd_tile_a_from_dense(&p, &c, buf, 1, 33, 0, &a), TASD_ERR_SHAPE);
  CHECK_ST(tasd_tile_a_from_dense(NULL, &c, buf, 1, 8, 0, &a), TASD_ERR_NULL);
  CHECK_ST(tasd_tile_run(&p, &c, NULL, buf, &o), TASD_ERR_NULL);
  CHECK_ST(tasd_tile_run(&p, &d, &a, buf, &o), TASD_ERR_UNSUPPORTED);
  CHECK_ST(tasd_tile_run(&p, &c, &a, buf, &o), TASD_ERR_SHAPE); /* empty a */
  CHECK_ST(tasd_tile_cycles(&p, &d, &pf), TASD_ERR_UNSUPPORTED);
  CHECK_ST(tasd_tile_cycles(&p, &c, NULL), TASD_ERR_NULL);
  CHECK_ST(tasd_tile_gemm_cycles(&p, &c, 8, 16, 8 * ((size_t)p.kblocks_max + 1), &gp, NULL), TASD_ERR_SHAPE);
  CHECK_OK(tasd_tile_gemm_cycles(&p, &c, 8, 16, 8 * (size_t)p.kblocks_max, &gp, NULL));
  CHECK_ST(tasd_tile_gemm_cycles(&p, &c, 0, 16, 8, &gp, NULL), TASD_ERR_SHAPE);
  CHECK_ST(tasd_tile_a_beat(&p, &c, &a, 0, 0, 0, buf, ib, lv), TASD_ERR_SHAPE);
  CHECK_EQ(tasd_tile_term_beats(&p, 0, 5), 0);
  CHECK_EQ(tasd_tile_term_beats(&p, 1, 5), 2);
  CHECK_EQ(tasd_tile_term_beats(&p, 4, 5), 5);
  tasd_tile_a_free(NULL);
  tasd_tile_out_free(NULL);
  tasd_tile_a_free(&a);
  tasd_tile_out_free(&o);
}

static int8_t rand_i8(void) {
  uint32_t r = tu_below(10);
  if (r == 0) return -128;
  if (r == 1) return 127;
  if (r < 5) return 0;
  return (int8_t)tu_range(-128, 127);
}

/* A random bias: zero, small (the scale of the sums), or an extreme that makes x wrap. */
static int32_t rand_bias(void) {
  switch (tu_below(8)) {
  case 0: return 0;
  case 1: return INT32_MAX - (int32_t)tu_below(4);
  case 2: return INT32_MIN + (int32_t)tu_below(4);
  case 3: return tu_range(-(1 << 20), 1 << 20);
  default: return tu_range(-40000, 40000);
  }
}

/* One random job: outputs vs tasd_gemm + biases + tasd_post_apply, beats replayed lane by lane. */
static void test_random_job(void) {
  static const uint16_t natives[3] = {1, 2, 4};
  tasd_tile_params p;
  tasd_tile_params_default(&p);
  p.rows = 1 + tu_below(8);
  p.lanes = 1u << tu_below(3);
  p.cols = 8 * (1 + tu_below(2));
  p.kblocks_max = 16;
  tasd_tile_cfg c;
  memset(&c, 0, sizeof c);
  do {
    c.a_n[0] = tu_below(2) ? natives[tu_below(3)] : 0;
    c.a_n[1] = tu_below(2) ? natives[tu_below(3)] : 0;
  } while (c.a_n[0] + c.a_n[1] == 0);
  c.kblocks = 1 + tu_below(p.kblocks_max);
  c.rtiles = 1 + tu_below(3);
  c.relu = tu_below(2);
  c.shift = tu_below(14);
  c.out_n[0] = (uint16_t)tu_below(5); /* each N <= m/2 (the drain's lean units) */
  c.out_n[1] = (uint16_t)tu_below(5);
  CHECK_OK(tasd_tile_cfg_check(&p, &c));

  const size_t nrows = (size_t)c.rtiles * p.rows;
  const size_t a_rows = 1 + tu_below((uint32_t)nrows);  /* may leave zero rows */
  const size_t k = (size_t)(c.kblocks - 1) * 8 + 1 + tu_below(8); /* tail */
  const size_t kp = (size_t)c.kblocks * 8;
  int8_t *a = malloc(a_rows * k), *b = calloc(kp * p.cols, 1);
  for (size_t i = 0; i < a_rows * k; i++) a[i] = rand_i8();
  for (size_t i = 0; i < k * p.cols; i++) b[i] = rand_i8();

  /* Biases: each of the two is absent (NULL = zeros) one time in four. */
  int32_t *cb = malloc(p.cols * sizeof(int32_t)), *rb = malloc(nrows * sizeof(int32_t));
  for (uint32_t i = 0; i < p.cols; i++) cb[i] = rand_bias();
  for (size_t i = 0; i < nrows; i++) rb[i] = rand_bias();
  const int use_cb = tu_below(4) != 0, use_rb = tu_below(4) != 0;
  c.col_bias = use_cb ? cb : NULL;

  tasd_tile_a ta;
  tasd_tile_out o;
  CHECK_OK(tasd_tile_a_from_dense(&p, &c, a, a_rows, k, 0, &ta));
  CHECK(ta.row_bias == NULL); /* from_dense leaves the row bias to the caller */
  ta.row_bias = use_rb ? rb : NULL;
  CHECK_OK(tasd_tile_run(&p, &c, &ta, b, &o));
  if (tu_failed()) return;

  /* Reference GEMM through libtasd's decomposed GEMM. */
  tasd_series s;
  memset(&s, 0, sizeof s);
  for (uint32_t t = 0; t < 2; t++)
    if (c.a_n[t]) s.term[s.nterms++] = (tasd_term_cfg){c.a_n[t], 8};
  tasd_tensor A, B, C;
  size_t sa[2] = {a_rows, k}, sb[2] = {k, p.cols};
  CHECK_OK(tasd_tensor_alloc(&A, TASD_INT8, 2, sa));
  CHECK_OK(tasd_tensor_alloc(&B, TASD_INT8, 2, sb));
  memcpy(A.data, a, a_rows * k);
  memcpy(B.data, b, k * p.cols);
  CHECK_OK(tasd_gemm(&A, &s, &B, &C));
  const tasd_post_cfg post = {(int)c.relu, 1, c.shift};
  for (size_t r = 0; r < nrows; r++) {
    for (uint32_t col = 0; col < p.cols; col++) {
      int32_t want = r < a_rows ? ((int32_t *)C.data)[r * p.cols + col] : 0;
      /* The bias rule (docs/semantics.md): x = acc + col_bias + row_bias, 32-bit wrap, in 64 */
      /* bits here (an independent path to tasd_acc_add). */
      int64_t x64 = (int64_t)want + (use_cb ? cb[col] : 0) + (use_rb ? rb[r] : 0);
      uint32_t xu = (uint32_t)((uint64_t)x64 & 0xFFFFFFFFu);
      want = xu <= (uint32_t)INT32_MAX ? (int32_t)xu : (int32_t)(xu - 0x80000000u) + INT32_MIN;
      CHECK_MSG(o.acc[r * p.cols + col] == want, "acc[%zu][%u] %d want %d", r, col,
                o.acc[r * p.cols + col], want);
      CHECK_EQ(o.q[r * p.cols + col], tasd_post_apply(&post, want));
    }
    /* Next-layer terms: valid slots point at their own values, masks cover out_n elements. */
    for (uint32_t bi = 0; bi < p.cols / 8; bi++) {
      for (uint32_t t = 0; t < 2; t++) {
        uint32_t nv = 0, nm = 0;
        for (uint32_t kk = 0; kk < 8; kk++) {
          size_t at = ((r * (p.cols / 8) + bi) * 2 + t) * 8 + kk;
          if (o.tvld[at]) {
            nv++;
            CHECK_EQ(o.tval[at], o.q[r * p.cols + bi * 8 + o.tidx[at]]);
            CHECK_EQ(o.tmask[((r * (p.cols / 8) + bi) * 2 + t) * 8 + o.tidx[at]], 1);
          }
          nm += o.tmask[at];
        }
        CHECK_EQ(nv, c.out_n[t]);
        CHECK_EQ(nm, c.out_n[t]);
      }
    }
  }

  /* Beats replayed as the PE array does it: lane l of beat j uses B block (j*L+l)/N_t. */
  int8_t *bv = malloc(p.rows * p.lanes);
  uint8_t *bi_ = malloc(p.rows * p.lanes), lv[4];
  int32_t *acc = calloc(nrows * p.cols, sizeof(int32_t));
  uint64_t vl = 0;
  for (uint32_t rt = 0; rt < c.rtiles; rt++) {
    for (uint32_t t = 0; t < 2; t++) {
      if (!c.a_n[t]) continue;
      uint32_t nb = tasd_tile_term_beats(&p, c.a_n[t], c.kblocks);
      for (uint32_t j = 0; j < nb; j++) {
        CHECK_OK(tasd_tile_a_beat(&p, &c, &ta, rt, t, j, bv, bi_, lv));
        for (uint32_t l = 0; l < p.lanes; l++) {
          if (!lv[l]) continue;
          vl++;
          uint32_t blk = (j * p.lanes + l) / c.a_n[t];
          for (uint32_t r = 0; r < p.rows; r++)
            for (uint32_t col = 0; col < p.cols; col++) {
              int32_t bval = b[(blk * 8 + bi_[r * p.lanes + l]) * p.cols + col];
              size_t at = (rt * p.rows + r) * p.cols + col;
              acc[at] = tasd_acc_add(acc[at], tasd_mul_i32(bv[r * p.lanes + l], bval));
            }
        }
      }
      CHECK_ST(tasd_tile_a_beat(&p, &c, &ta, rt, t, nb, bv, bi_, lv), TASD_ERR_RANGE);
    }
  }
  for (size_t i = 0; i < nrows * p.cols; i++) {
    int32_t x = tasd_acc_add(acc[i], use_cb ? cb[i % p.cols] : 0);
    CHECK_EQ(tasd_acc_add(x, use_rb ? rb[i / p.cols] : 0), o.acc[i]);
  }

  tasd_tile_perf pf, pf0;
  CHECK_OK(tasd_tile_cycles(&p, &c, &pf));
  tasd_tile_cfg c0 = c;
  c0.col_bias = NULL; /* the biases change no cycle count */
  CHECK_OK(tasd_tile_cycles(&p, &c0, &pf0));
  CHECK(memcmp(&pf, &pf0, sizeof pf) == 0);
  CHECK_EQ(pf.valid_lanes, vl);
  CHECK_EQ(pf.eff_macs, vl * p.rows * p.cols);
  CHECK(pf.valid_lanes <= pf.lane_slots);

  free(bv);
  free(bi_);
  free(acc);
  tasd_tensor_free(&A);
  tasd_tensor_free(&B);
  tasd_tensor_free(&C);
  tasd_tile_a_free(&ta); /* must not free the borrowed row bias (rb is freed below) */
  CHECK(ta.row_bias == NULL);
  tasd_tile_out_free(&o);
  free(a);
  free(b);
  free(cb);
  free(rb);
}

/* Hand-computed bias cases on a zero A (acc = 0, so x is the bias sum): wrap at 2^31, ReLU and */
/* requantization act on x, a NULL bias is zero, the row bias follows the job row.             */
static void test_bias_cases(void) {
  tasd_tile_params p;
  tasd_tile_params_default(&p);
  p.rows = 2;
  p.cols = 8;
  p.kblocks_max = 4;
  tasd_tile_cfg c;
  memset(&c, 0, sizeof c);
  c.a_n[0] = 1;
  c.kblocks = 1;
  c.rtiles = 2;
  int8_t a[4 * 8], b[8 * 8];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  int32_t cb[8] = {INT32_MAX, INT32_MIN, -5, 300, 0, -300, 127, 128};
  int32_t rb[4] = {1, -1, 0, 7};
  c.col_bias = cb;
  tasd_tile_a ta;
  tasd_tile_out o;
  CHECK_OK(tasd_tile_a_from_dense(&p, &c, a, 4, 8, 0, &ta));
  ta.row_bias = rb;
  c.shift = 1;
  CHECK_OK(tasd_tile_run(&p, &c, &ta, b, &o));
  if (tu_failed()) return;
  CHECK_EQ(o.acc[0 * 8 + 0], INT32_MIN);    /* INT32_MAX + 1 wraps */
  CHECK_EQ(o.q[0 * 8 + 0], -128);
  CHECK_EQ(o.acc[1 * 8 + 1], INT32_MAX);    /* INT32_MIN - 1 wraps */
  CHECK_EQ(o.q[1 * 8 + 1], 127);
  CHECK_EQ(o.acc[0 * 8 + 2], -4);           /* -5 + 1 */
  CHECK_EQ(o.q[0 * 8 + 2], -2);             /* (-4 + 1) >> 1 = -2 (floor) */
  CHECK_EQ(o.acc[3 * 8 + 3], 307);          /* row 3 (second row tile) takes rb[3] */
  CHECK_EQ(o.q[3 * 8 + 3], 127);            /* (307 + 1) >> 1 = 154 saturates */
  CHECK_EQ(o.acc[2 * 8 + 4], 0);
  CHECK_EQ(o.acc[3 * 8 + 7], 135);
  CHECK_EQ(o.q[3 * 8 + 7], 68);
  tasd_tile_out_free(&o);
  c.relu = 1;
  CHECK_OK(tasd_tile_run(&p, &c, &ta, b, &o));
  CHECK_EQ(o.acc[0 * 8 + 0], INT32_MIN);    /* out acc is x before ReLU */
  CHECK_EQ(o.q[0 * 8 + 0], 0);              /* ReLU of the wrapped x */
  CHECK_EQ(o.q[1 * 8 + 1], 127);
  CHECK_EQ(o.q[2 * 8 + 5], 0);              /* -300 + 0 */
  tasd_tile_out_free(&o);
  /* NULL biases are zeros: the unbiased sums. */
  c.col_bias = NULL;
  ta.row_bias = NULL;
  CHECK_OK(tasd_tile_run(&p, &c, &ta, b, &o));
  for (size_t i = 0; i < 4 * 8; i++) CHECK_EQ(o.acc[i], 0);
  tasd_tile_out_free(&o);
  ta.row_bias = rb;
  tasd_tile_a_free(&ta);
  CHECK(ta.row_bias == NULL);
  CHECK_EQ(rb[3], 7); /* the caller's array is untouched (ASan would report a free of it) */
}

static void test_cycle_model(void) {
  tasd_tile_params p;
  tasd_tile_params_default(&p);
  tasd_tile_cfg c;
  memset(&c, 0, sizeof c);
  c.a_n[0] = 4;
  c.a_n[1] = 4;
  c.kblocks = 32;
  c.rtiles = 2;
  tasd_tile_perf pf;
  CHECK_OK(tasd_tile_cycles(&p, &c, &pf));
  /* 32 B beats, 64 beats per row tile, +1 PE stage, second tile 64, 8 drain rows, then the */
  /* drain's register slice (1) and the units' PipeStages (1 in the default tile).           */
  CHECK_EQ(p.pipe_stages, 1);
  CHECK_EQ(pf.cycles, 32 + 64 + 1 + 64 + 8 + 1 + 1);
  CHECK_EQ(pf.busy, 128);
  CHECK_EQ(pf.stall, 0);
  CHECK_EQ(pf.eff_macs, 2ull * 32 * 8 * 8 * 16);
  CHECK_EQ(pf.lane_slots, 128 * 4);
  /* Short row tiles wait for the drain: 1:8, kblocks 4 -> 1 beat per tile, period 8. */
  c.a_n[0] = 1;
  c.a_n[1] = 0;
  c.kblocks = 4;
  c.rtiles = 5;
  CHECK_OK(tasd_tile_cycles(&p, &c, &pf));
  CHECK_EQ(pf.beats_per_rtile, 1);
  CHECK_EQ(pf.cycles, 4 + 1 + 1 + 4 * 8 + 8 + 1 + 1);
  CHECK_EQ(pf.stall, 3 * 7);
  /* Sequential drain units: 4x8 tile, L=2, PipeStages 1, 4:8 with kblocks 4 (8 beats per row
   * tile), output series 2:8+1:8 (S = 3 cycles per row, unit latency S + 1 = 4), 2 row tiles.
   * Y0 = 4+8+1 = 13; tile 0's rows leave the drain (e) at 14, 15, 16, 19 (the register slice
   * holds 2: row 3 waits for row 1 to enter the units, 2 drain-stall cycles) and enter the
   * units (u) at 15, 18, 21, 24; Y1 = max(13+8, 19) = 21; tile 1's rows: e = 22, 25, 28, 31
   * (stalls 0+2+2+2), u = 27, 30, 33, 36; last output 36 + 4 = 40, drain_stall 8. */
  {
    tasd_tile_params ps = p;
    ps.rows = 4;
    ps.cols = 8;
    ps.lanes = 2;
    ps.pipe_stages = 1;
    ps.drain_seq = 1;
    tasd_tile_cfg cs;
    memset(&cs, 0, sizeof cs);
    cs.a_n[0] = 4;
    cs.kblocks = 4;
    cs.rtiles = 2;
    cs.out_n[0] = 2;
    cs.out_n[1] = 1;
    CHECK_OK(tasd_tile_cycles(&ps, &cs, &pf));
    CHECK_EQ(pf.cycles, 40);
    CHECK_EQ(pf.drain_stall, 8);
    CHECK_EQ(pf.stall, 0);
    CHECK_EQ(pf.busy, 16);
    /* The same job with parallel units: closed form, no drain stall. */
    ps.drain_seq = 0;
    CHECK_OK(tasd_tile_cycles(&ps, &cs, &pf));
    CHECK_EQ(pf.cycles, 4 + 8 + 1 + 8 + 4 + 1 + 1);
    CHECK_EQ(pf.drain_stall, 0);
    /* Sequential units with sum N <= 1 take one row per cycle but add a cycle of latency. */
    ps.drain_seq = 1;
    cs.out_n[0] = 1;
    cs.out_n[1] = 0;
    CHECK_OK(tasd_tile_cycles(&ps, &cs, &pf));
    CHECK_EQ(pf.cycles, 4 + 8 + 1 + 8 + 4 + 1 + 1 + 1);
    CHECK_EQ(pf.drain_stall, 0);
  }
  /* The PEs' multiplier pipeline register (mul_pipe): one more stage before the first capture,
   * the rest of the timeline shifted by one cycle. The next row tile's first beat enters stage 1
   * while the last beat waits in stage 2, so with one beat per row tile the issues run one row
   * tile ahead. Hand-computed: 1:8, kblocks 4, 5 row tiles of 1 beat (period 8 set by the
   * drain): Y = 7, 15, 23, 31, 39, the last tile's rows end at 39 + 8, then slice + unit; the
   * beats issue at 5, 6 (tile 0 moves to stage 2), 7 (Y0), 15, 23: stall 23 - 4 - 5 = 14. */
  {
    tasd_tile_params pm = p;
    tasd_tile_cfg cm;
    memset(&cm, 0, sizeof cm);
    cm.a_n[0] = 1;
    cm.kblocks = 4;
    cm.rtiles = 5;
    pm.mul_pipe = 1;
    tasd_tile_perf pm1, pm0;
    CHECK_OK(tasd_tile_cycles(&pm, &cm, &pm1));
    CHECK_EQ(pm1.cycles, 4 + 1 + 1 + 1 + 4 * 8 + 8 + 1 + 1);
    CHECK_EQ(pm1.stall, 14);
    pm.mul_pipe = 0;
    CHECK_OK(tasd_tile_cycles(&pm, &cm, &pm0));
    CHECK_EQ(pm0.stall, 3 * 7);
    /* Any job with >= 2 beats per row tile, both drains: cycles + 1, the counters equal. */
    for (int seq = 0; seq < 2; seq++) {
      for (uint32_t kb = 1; kb <= 9; kb += 4) {
        for (uint32_t n0 = 1; n0 <= 4; n0 *= 2) {
          tasd_tile_params q0 = p, q1 = p;
          q0.drain_seq = q1.drain_seq = (uint32_t)seq;
          q1.mul_pipe = 1;
          cm.a_n[0] = n0;
          cm.a_n[1] = (n0 == 4) ? 2 : 0;
          cm.out_n[0] = seq ? 2 : 0;
          cm.out_n[1] = seq ? 1 : 0;
          cm.kblocks = kb;
          cm.rtiles = 3;
          CHECK_OK(tasd_tile_cycles(&q0, &cm, &pm0));
          CHECK_OK(tasd_tile_cycles(&q1, &cm, &pm1));
          CHECK_EQ(pm1.cycles, pm0.cycles + 1);
          if (pm0.beats_per_rtile >= 2) CHECK_EQ(pm1.stall, pm0.stall);
          else CHECK(pm1.stall <= pm0.stall);
          CHECK_EQ(pm1.busy, pm0.busy);
          CHECK_EQ(pm1.drain_stall, pm0.drain_stall);
        }
      }
    }
  }
  /* GEMM mapping: ResNet50 layer M784-N128-K1152 on a 512-entry B buffer. */
  p.kblocks_max = 512;
  c.a_n[0] = 2;
  tasd_tile_gemm_perf g;
  tasd_tile_perf job;
  CHECK_OK(tasd_tile_gemm_cycles(&p, &c, 784, 128, 1152, &g, &job));
  CHECK_EQ(g.jobs, 8);
  CHECK_EQ(g.rtiles_per_job, 98);
  CHECK_EQ(g.kblocks, 144);
  CHECK_EQ(job.beats_per_rtile, 72);
  /* Two banks (the default): job 0 pays the B load (144), the next 7 load during the previous
   * job's compute (W = cycles - 144 > 144), one cycle each for the hand-off. */
  CHECK_EQ(p.b_banks, 2);
  CHECK_EQ(g.cycles, 144 + 8 * (job.cycles - 144 + 1));
  p.b_banks = 1;
  CHECK_OK(tasd_tile_gemm_cycles(&p, &c, 784, 128, 1152, &g, &job));
  CHECK_EQ(g.cycles, 8 * (job.cycles + 1));
  CHECK_EQ(g.b_fills, 8);
  CHECK_EQ(g.macs_dense, 784ull * 128 * 1152);
  p.b_banks = 2;
  /* The paper's layer ResNet50 M196-N256-K2304 at 1:8: 16 jobs of 25 row tiles, kblocks 288,
   * a job alone 2,099 cycles (W = 1,811); dense 4:8+4:8 14,699 (W = 14,411). */
  {
    tasd_tile_cfg c1;
    memset(&c1, 0, sizeof c1);
    c1.a_n[0] = 1;
    CHECK_OK(tasd_tile_gemm_cycles(&p, &c1, 196, 256, 2304, &g, &job));
    CHECK_EQ(job.cycles, 2099);
    CHECK_EQ(g.cycles, 288 + 16 * 1812);
    c1.a_n[0] = 4;
    c1.a_n[1] = 4;
    tasd_tile_gemm_perf gd;
    CHECK_OK(tasd_tile_gemm_cycles(&p, &c1, 196, 256, 2304, &gd, &job));
    CHECK_EQ(gd.cycles, 288 + 16 * 14412);
    CHECK(gd.cycles * 10 >= g.cycles * 78); /* >= 7.8x */
  }
}

/* Back-to-back job sequences: hand-computed timelines, refused entries, agreement with the
 * GEMM closed form, one bank = job after job. */
static void test_seq_model(void) {
  tasd_tile_params p;
  tasd_tile_params_default(&p);
  tasd_tile_cfg c[4];
  memset(c, 0, sizeof c);
  /* Job A: 1:8, kblocks 4, 2 row tiles: alone 4 + 1 + 1 + 8 + 8 + 1 + 1 = 24 cycles (B = 1 beat
   * per row tile, P = 8), W = 20. Job B: 4:8+4:8, kblocks 32: alone 32+64+1+64+10 = 171, W = 139. */
  c[0].a_n[0] = 1;
  c[0].kblocks = 4;
  c[0].rtiles = 2;
  c[1].a_n[0] = 4;
  c[1].a_n[1] = 4;
  c[1].kblocks = 32;
  c[1].rtiles = 2;
  c[2] = c[0];
  c[2].a_n[0] = 3; /* refused */
  c[3] = c[0];
  tasd_tile_perf a0, a1, j[4];
  CHECK_OK(tasd_tile_cycles(&p, &c[0], &a0));
  CHECK_OK(tasd_tile_cycles(&p, &c[1], &a1));
  CHECK_EQ(a0.cycles, 24);
  CHECK_EQ(a1.cycles, 171);
  uint64_t tot = 0;
  CHECK_OK(tasd_tile_seq_cycles(&p, c, 4, j, &tot));
  /* Two banks: A starts 0, moves over at 4, done 4 + 20 + 1 = 25. B starts 5 (loader empty), B
   * loaded at 37 > 25: X = 37, done 37 + 139 + 1 = 177. The refused entry starts 38 (the loader
   * is empty again), the last A 39: loaded at 43, waits for 177, done 177 + 20 + 1 = 198. */
  CHECK_EQ(j[0].start, 0);
  CHECK_EQ(j[0].done, 25);
  CHECK_EQ(j[0].cycles, 24);
  CHECK_EQ(j[1].start, 5);
  CHECK_EQ(j[1].done, 177);
  CHECK_EQ(j[1].cycles, 171);
  CHECK_EQ(j[1].busy, a1.busy);
  CHECK_EQ(j[2].start, 38);
  CHECK_EQ(j[2].done, 0);
  CHECK_EQ(j[2].cycles, 0);
  CHECK_EQ(j[3].start, 39);
  CHECK_EQ(j[3].done, 198);
  CHECK_EQ(j[3].cycles, 198 - 39 - 1);
  CHECK_EQ(j[3].stall, a0.stall);
  CHECK_EQ(tot, 198);
  /* One bank: job after job, the refused start in the done_o cycle of the job before it. */
  p.b_banks = 1;
  CHECK_OK(tasd_tile_seq_cycles(&p, c, 4, j, &tot));
  CHECK_EQ(j[0].done, 25);
  CHECK_EQ(j[1].start, 25);
  CHECK_EQ(j[1].done, 25 + 171 + 1);
  CHECK_EQ(j[2].start, 197);
  CHECK_EQ(j[3].start, 198);
  CHECK_EQ(j[3].cycles, 24);
  CHECK_EQ(tot, 198 + 25);
  /* The GEMM closed form equals the sequence of its identical jobs, both bank counts. */
  for (uint32_t bb = 1; bb <= 2; bb++) {
    p.b_banks = bb;
    for (int r = 0; r < 40; r++) {
      tasd_tile_cfg g;
      memset(&g, 0, sizeof g);
      g.a_n[0] = (uint16_t)(1u << (uint32_t)(tu_rand() % 3u));
      if ((uint32_t)(tu_rand() % 2u)) g.a_n[1] = (uint16_t)(1u << (uint32_t)(tu_rand() % 3u));
      const size_t mr = 1 + (uint32_t)(tu_rand() % 200u), nc = 1 + (uint32_t)(tu_rand() % 100u), k = 1 + (uint32_t)(tu_rand() % 600u);
      tasd_tile_gemm_perf gp;
      tasd_tile_perf one;
      CHECK_OK(tasd_tile_gemm_cycles(&p, &g, mr, nc, k, &gp, &one));
      tasd_tile_cfg seq[8];
      CHECK(gp.jobs <= 8);
      for (uint64_t i = 0; i < gp.jobs; i++) {
        seq[i] = g;
        seq[i].kblocks = (uint32_t)gp.kblocks;
        seq[i].rtiles = (uint32_t)gp.rtiles_per_job;
      }
      CHECK_OK(tasd_tile_seq_cycles(&p, seq, (size_t)gp.jobs, NULL, &tot));
      CHECK_EQ(tot, gp.cycles);
      if (bb == 1) CHECK_EQ(tot, gp.jobs * (one.cycles + 1));
      else CHECK(tot <= gp.jobs * (one.cycles + 1));
    }
  }
}

int main(int argc, char **argv) {
  tu_init(argc, argv, 1);
  test_errors();
  for (int i = 0; i < 20 && !tu_failed(); i++) test_random_job();
  test_bias_cases();
  test_cycle_model();
  test_seq_model();
  return tu_finish();
}
