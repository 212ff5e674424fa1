/* SPDX-License-Identifier: Apache-2.0 */
/* TTC tile functional model: config checks, A beat packing, job outputs (mirrors rtl/tasd_ttc_tile.sv). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TILE_MAX_RTILES 65535u

void tasd_tile_params_default(tasd_tile_params *p) {
  if (!p) return;
  p->rows = 8;
  p->cols = 16;
  p->m = 8;
  p->lanes = 4;
  p->max_terms = 2;
  p->kblocks_max = 512;
  p->pipe_stages = 1; /* + the drain's register slice: 2 cycles from the drain to the output */
  p->drain_seq = 0;
  p->b_banks = 2;     /* the next job's B loads while the current one computes */
  p->mul_pipe = 0;    /* multiply and accumulate in one PE stage */
}

static int is_pow2(uint32_t x) { return x != 0 && (x & (x - 1)) == 0; }

tasd_status tasd_tile_params_check(const tasd_tile_params *p) {
  if (!p) return TASD_ERR_NULL;
  /* The same parameter ranges the RTL accepts (rtl/tasd_ttc_tile.sv fails elaboration else). */
  if (p->rows < 1 || !(p->m == 4 || p->m == 8 || p->m == 16)) return TASD_ERR_RANGE;
  if (p->cols < p->m || p->cols % p->m != 0) return TASD_ERR_RANGE;
  if (!(p->lanes == 1 || p->lanes == 2 || p->lanes == 4)) return TASD_ERR_RANGE;
  if (p->max_terms < 1 || p->max_terms > 3 || p->max_terms > TASD_MAX_TERMS) return TASD_ERR_RANGE;
  if (p->kblocks_max < 1 || p->kblocks_max > 65535u) return TASD_ERR_RANGE;
  if (p->pipe_stages < 1 || p->pipe_stages > 2 || p->drain_seq > 1) return TASD_ERR_RANGE;
  if (p->b_banks < 1 || p->b_banks > 2) return TASD_ERR_RANGE;
  if (p->mul_pipe > 1) return TASD_ERR_RANGE;
  return TASD_OK;
}

tasd_status tasd_tile_cfg_check(const tasd_tile_params *p, const tasd_tile_cfg *c) {
  if (!p || !c) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_params_check(p);
  if (st != TASD_OK) return st;
  uint32_t asum = 0, osum = 0, nact = 0;
  for (uint32_t t = 0; t < TASD_MAX_TERMS; t++) {
    uint32_t n = c->a_n[t], o = c->out_n[t];
    if (t >= p->max_terms) {
      if (n != 0 || o != 0) return TASD_ERR_ILLEGAL_SERIES;
      continue;
    }
    if (n > p->m || o > p->m) return TASD_ERR_ILLEGAL_SERIES;
    if (n != 0) {
      if (!is_pow2(n) || n > p->m / 2) return TASD_ERR_UNSUPPORTED;
      nact++;
    }
    asum += n;
    osum += o;
  }
  if (nact == 0 || asum > p->m || osum > p->m) return TASD_ERR_ILLEGAL_SERIES;
  /* The output series through the one check the drain's lean TASD units share (RTL u_out_cfg: */
  /* tasd_unit_cfg with MaxSlots = m/2): a legal series with an N > m/2 has no slots there.     */
  tasd_unit_params up = {p->m, 8, p->max_terms, p->pipe_stages, p->m / 2};
  st = tasd_unit_series_check(&up, c->out_n);
  if (st != TASD_OK) return st;
  if (c->kblocks < 1 || c->kblocks > p->kblocks_max) return TASD_ERR_RANGE;
  if (c->rtiles < 1 || c->rtiles > TILE_MAX_RTILES) return TASD_ERR_RANGE;
  if (c->relu > 1 || c->shift > 31) return TASD_ERR_RANGE;
  return TASD_OK;
}

void tasd_tile_a_free(tasd_tile_a *a) {
  if (!a) return;
  for (uint32_t t = 0; t < TASD_MAX_TERMS; t++) {
    free(a->val[t]);
    free(a->idx[t]);
    a->val[t] = NULL;
    a->idx[t] = NULL;
  }
  a->row_bias = NULL; /* borrowed from the caller: never freed here */
  a->nrows = 0;
  a->kblocks = 0;
}

tasd_status tasd_tile_a_from_dense(const tasd_tile_params *p, const tasd_tile_cfg *c,
                                   const int8_t *a, size_t a_rows, size_t k, size_t row0,
                                   tasd_tile_a *out) {
  if (!p || !c || !out || (!a && a_rows && k)) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_cfg_check(p, c);
  if (st != TASD_OK) return st;
  if (k > (size_t)c->kblocks * p->m) return TASD_ERR_SHAPE;
  const size_t nrows = (size_t)c->rtiles * p->rows;
  const size_t kp = (size_t)c->kblocks * p->m;
  memset(out, 0, sizeof(*out));

  /* The job's slice, zero rows and zero columns where the GEMM ends (docs/semantics.md tails). */
  tasd_tensor slice;
  size_t shape[2] = {nrows, kp};
  st = tasd_tensor_alloc(&slice, TASD_INT8, 2, shape);
  if (st != TASD_OK) return st;
  int8_t *sd = (int8_t *)slice.data;
  for (size_t r = 0; r < nrows; r++) {
    if (row0 + r < a_rows && k) memcpy(sd + r * kp, a + (row0 + r) * k, k);
  }
  tasd_series s;
  memset(&s, 0, sizeof(s));
  uint32_t tmap[TASD_MAX_TERMS];
  for (uint32_t t = 0; t < p->max_terms; t++) {
    if (c->a_n[t] == 0) continue;
    tmap[s.nterms] = t;
    s.term[s.nterms].n = c->a_n[t];
    s.term[s.nterms].m = (uint16_t)p->m;
    s.nterms++;
  }
  tasd_decomp d;
  memset(&d, 0, sizeof(d));
  st = tasd_decompose(&slice, &s, &d);
  tasd_tensor_free(&slice);
  if (st != TASD_OK) {
    tasd_decomp_free(&d);
    return st;
  }
  out->nrows = (uint32_t)nrows;
  out->kblocks = c->kblocks;
  for (uint32_t u = 0; u < s.nterms && st == TASD_OK; u++) {
    uint32_t t = tmap[u];
    size_t ns = nrows * c->kblocks * c->a_n[t];
    out->val[t] = (int8_t *)malloc(ns);
    out->idx[t] = (uint8_t *)malloc(ns);
    if (!out->val[t] || !out->idx[t]) {
      st = TASD_ERR_NOMEM;
      break;
    }
    const int8_t *v = (const int8_t *)d.term[u].values.data;
    const int16_t *ix = (const int16_t *)d.term[u].indices.data;
    for (size_t i = 0; i < ns; i++) {
      out->val[t][i] = v[i];
      out->idx[t][i] = (uint8_t)ix[i];
    }
  }
  tasd_decomp_free(&d);
  if (st != TASD_OK) tasd_tile_a_free(out);
  return st;
}

uint32_t tasd_tile_term_beats(const tasd_tile_params *p, uint32_t n, uint32_t kblocks) {
  if (!p || p->lanes == 0 || n == 0) return 0;
  return (uint32_t)(((uint64_t)kblocks * n + p->lanes - 1) / p->lanes);
}

static tasd_status check_a(const tasd_tile_params *p, const tasd_tile_cfg *c,
                           const tasd_tile_a *a) {
  if (!a) return TASD_ERR_NULL;
  if (a->nrows != c->rtiles * p->rows || a->kblocks != c->kblocks) return TASD_ERR_SHAPE;
  for (uint32_t t = 0; t < p->max_terms; t++) {
    if (c->a_n[t] && (!a->val[t] || !a->idx[t])) return TASD_ERR_NULL;
  }
  return TASD_OK;
}

tasd_status tasd_tile_a_beat(const tasd_tile_params *p, const tasd_tile_cfg *c,
                             const tasd_tile_a *a, uint32_t rtile, uint32_t term, uint32_t beat,
                             int8_t *val, uint8_t *idx, uint8_t *lane_vld) {
  if (!p || !c || !val || !idx || !lane_vld) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_cfg_check(p, c);
  if (st != TASD_OK) return st;
  st = check_a(p, c, a);
  if (st != TASD_OK) return st;
  if (rtile >= c->rtiles || term >= p->max_terms || c->a_n[term] == 0) return TASD_ERR_RANGE;
  const uint32_t n = c->a_n[term];
  if (beat >= tasd_tile_term_beats(p, n, c->kblocks)) return TASD_ERR_RANGE;
  for (uint32_t l = 0; l < p->lanes; l++) {
    uint32_t s = beat * p->lanes + l;
    uint32_t blk = s / n, slot = s % n;
    lane_vld[l] = blk < c->kblocks;
    for (uint32_t r = 0; r < p->rows; r++) {
      size_t row = (size_t)rtile * p->rows + r;
      size_t at = (row * c->kblocks + blk) * n + slot;
      val[r * p->lanes + l] = lane_vld[l] ? a->val[term][at] : 0;
      idx[r * p->lanes + l] = lane_vld[l] ? a->idx[term][at] : 0;
    }
  }
  return TASD_OK;
}

void tasd_tile_out_free(tasd_tile_out *o) {
  if (!o) return;
  free(o->acc);
  free(o->q);
  free(o->tval);
  free(o->tidx);
  free(o->tvld);
  free(o->tmask);
  memset(o, 0, sizeof(*o));
}

tasd_status tasd_tile_run(const tasd_tile_params *p, const tasd_tile_cfg *c, const tasd_tile_a *a,
                          const int8_t *b, tasd_tile_out *out) {
  if (!p || !c || !b || !out) return TASD_ERR_NULL;
  tasd_status st = tasd_tile_cfg_check(p, c);
  if (st != TASD_OK) return st;
  st = check_a(p, c, a);
  if (st != TASD_OK) return st;
  const uint32_t m = p->m, cols = p->cols, nb = cols / m, mt = p->max_terms;
  const size_t nrows = a->nrows;
  memset(out, 0, sizeof(*out));
  out->nrows = (uint32_t)nrows;
  out->cols = cols;
  out->m = m;
  out->max_terms = mt;
  const size_t nslots = nrows * nb * mt * m;
  out->acc = (int32_t *)calloc(nrows * cols, sizeof(int32_t));
  out->q = (int8_t *)calloc(nrows * cols, 1);
  out->tval = (int8_t *)calloc(nslots, 1);
  out->tidx = (uint8_t *)calloc(nslots, 1);
  out->tvld = (uint8_t *)calloc(nslots, 1);
  out->tmask = (uint8_t *)calloc(nslots, 1);
  tasd_block_result *br = (tasd_block_result *)malloc(sizeof(*br));
  if (!out->acc || !out->q || !out->tval || !out->tidx || !out->tvld || !out->tmask || !br) {
    free(br);
    tasd_tile_out_free(out);
    return TASD_ERR_NOMEM;
  }
  const tasd_post_cfg post = {(int)c->relu, 1, c->shift};
  const int32_t *cbias = c->col_bias, *rbias = a->row_bias;
  int32_t vals[TASD_MAX_M], bblk[TASD_MAX_M], x[TASD_MAX_M];
  uint8_t ix[TASD_MAX_M];
  for (size_t r = 0; r < nrows && st == TASD_OK; r++) {
    for (uint32_t col = 0; col < cols && st == TASD_OK; col++) {
      /* One PE: every term, every block, through the PE's dot product (tasd_pe_dot_i32). */
      int32_t acc = 0;
      for (uint32_t t = 0; t < mt && st == TASD_OK; t++) {
        const uint32_t n = c->a_n[t];
        if (n == 0) continue;
        for (uint32_t kb = 0; kb < c->kblocks && st == TASD_OK; kb++) {
          for (uint32_t i = 0; i < m; i++) bblk[i] = b[((size_t)kb * m + i) * cols + col];
          size_t at = (r * c->kblocks + kb) * n;
          for (uint32_t s = 0; s < n; s++) {
            vals[s] = a->val[t][at + s];
            ix[s] = a->idx[t][at + s];
          }
          st = tasd_pe_dot_i32(vals, ix, n, bblk, m, acc, &acc);
        }
      }
      /* The drain: x = acc + col_bias[col] + row_bias[r], wrapping like the RTL's adders. */
      const int32_t x = tasd_acc_add(tasd_acc_add(acc, cbias ? cbias[col] : 0), rbias ? rbias[r] : 0);
      out->acc[r * cols + col] = x;
      out->q[r * cols + col] = (int8_t)tasd_post_apply(&post, x);
    }
    /* The drain's TASD units: one block of m int8 values each. */
    for (uint32_t bi = 0; bi < nb && st == TASD_OK; bi++) {
      for (uint32_t i = 0; i < m; i++) x[i] = out->q[r * cols + bi * m + i];
      st = tasd_block_decompose_i32(x, m, c->out_n, mt, br);
      if (st != TASD_OK) break;
      for (uint32_t t = 0; t < mt; t++) {
        for (uint32_t k = 0; k < m; k++) {
          size_t o = ((r * nb + bi) * mt + t) * m + k;
          out->tval[o] = (int8_t)br->val[t][k];
          out->tidx[o] = br->idx[t][k];
          out->tvld[o] = br->slot_vld[t][k];
          out->tmask[o] = br->mask[t][k];
        }
      }
    }
  }
  free(br);
  if (st != TASD_OK) tasd_tile_out_free(out);
  return st;
}
